//! Consistency checks: parts against wholes, stated totals and percentages
//! against their counts, footnote 2, ward-level structure. Cell-level
//! impossible values are in `cells.rs`.

use std::collections::HashSet;
use std::fmt;

use serde::Serialize;

use super::ratio::{explain, format_percent, hundredths};
use super::{cells, stated, Nguon, Ratio, SoLieu, Stats};
use crate::data::{Dataset, KetQua, TiLeNeu};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Inconsistent but renderable; `--strict` makes it an error.
    Warning,
    /// Impossible data: the report would be wrong.
    Error,
}

/// One consistency finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// Rule id: `tong-bo-phan`, `ti-le`, `neu-vs-tinh`, `chu-thich-2`, `tuoi`, `gia-tri`, `trung-lap`, `thieu`, `thu-tu`.
    pub rule: &'static str,
    /// Field path, as in load errors: `dang_bo.ket_qua.thon_tdp.khong_tai_cu`.
    pub path: String,
    /// The value the data states, if any.
    pub stated: Option<String>,
    /// The value computed from the data, if any.
    pub computed: Option<String>,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Warning => "cảnh báo",
            Severity::Error => "lỗi",
        };
        write!(f, "{sev} [{}] `{}`: {}", self.rule, self.path, self.message)?;
        match (&self.stated, &self.computed) {
            (Some(s), Some(c)) => write!(f, " (ghi: {s}; tính được: {c})"),
            (Some(s), None) => write!(f, " (ghi: {s})"),
            (None, Some(c)) => write!(f, " (tính được: {c})"),
            (None, None) => Ok(()),
        }
    }
}

/// Collects findings.
#[derive(Default)]
pub(super) struct Out(pub Vec<Finding>);

impl Out {
    pub fn push(
        &mut self,
        severity: Severity,
        rule: &'static str,
        path: impl Into<String>,
        stated: Option<String>,
        computed: Option<String>,
        message: impl Into<String>,
    ) {
        self.0.push(Finding {
            severity,
            rule,
            path: path.into(),
            stated,
            computed,
            message: message.into(),
        });
    }

    /// A whole that is not the sum of its parts.
    pub fn sum(&mut self, path: &str, whole: u32, parts: &[(&str, u32)]) {
        let total: u64 = parts.iter().map(|p| u64::from(p.1)).sum();
        if total != u64::from(whole) {
            let expr: Vec<String> = parts.iter().map(|(n, v)| format!("{n} {v}")).collect();
            self.push(
                Severity::Warning,
                "tong-bo-phan",
                path,
                Some(whole.to_string()),
                Some(total.to_string()),
                format!("tổng không bằng các phần: {} = {total}", expr.join(" + ")),
            );
        }
    }

    /// A stated count that differs from the derived one.
    pub fn count(&mut self, path: String, stated: Option<u32>, computed: u32, what: &str) {
        if let Some(s) = stated {
            if s != computed {
                self.push(
                    Severity::Warning,
                    "neu-vs-tinh",
                    path,
                    Some(s.to_string()),
                    Some(computed.to_string()),
                    format!("{what} ghi khác số tính từ chi tiết"),
                );
            }
        }
    }
}

/// All findings for a dataset and its derived figures.
pub fn check(data: &Dataset, stats: &Stats) -> Vec<Finding> {
    let mut out = Out::default();
    structure(data, &mut out);
    let nam = data.report_year();
    order(data, &mut out);
    let mut ids = HashSet::new();
    for (i, w) in data.don_vi.iter().enumerate() {
        let p = format!("don_vi[{i}]");
        if !ids.insert(w.ma.as_str()) {
            let msg = format!("mã đơn vị `{}` trùng với một đơn vị trước", w.ma);
            out.push(
                Severity::Error,
                "trung-lap",
                format!("{p}.ma"),
                None,
                None,
                msg,
            );
        }
        if let Some(cells) = &w.chi_bo {
            cells::check_cells(data, cells, &p, &mut out);
        }
        match (&w.chi_bo, &w.tong_hop) {
            (None, None) => out.push(
                Severity::Warning,
                "thieu",
                p.clone(),
                None,
                None,
                "đơn vị không có `chi_bo` lẫn `tong_hop`: số liệu bằng 0",
            ),
            (Some(_), Some(kq)) => {
                if let Some(w) = stats.don_vi.get(i) {
                    against_derived(kq, &w.so_lieu, &format!("{p}.tong_hop"), &mut out)
                }
            }
            _ => {}
        }
        if let Some(kq) = &w.tong_hop {
            stated_rules(kq, nam, &format!("{p}.tong_hop"), &mut out);
        }
    }
    if let Some(kq) = &data.dang_bo.ket_qua {
        let p = "dang_bo.ket_qua";
        if stats.thi_xa.nguon != Nguon::KhongCo && !data.don_vi.is_empty() {
            against_derived(kq, &stats.thi_xa, p, &mut out);
        }
        stated_rules(kq, nam, p, &mut out);
        if let (Some(n), Some(cb)) = (kq.so_chi_bo, &data.dang_bo.chi_bo) {
            if n != cb.tong {
                let msg = "số chi bộ trong kết quả khác `dang_bo.chi_bo.tong`";
                let (s, c) = (Some(n.to_string()), Some(cb.tong.to_string()));
                out.push(
                    Severity::Warning,
                    "tong-bo-phan",
                    format!("{p}.so_chi_bo"),
                    s,
                    c,
                    msg,
                );
            }
        }
    }
    out.0
}

/// `thu_tu`: for all units or none, without repeats.
fn order(data: &Dataset, out: &mut Out) {
    let given = data.don_vi.iter().filter(|w| w.thu_tu.is_some()).count();
    if given > 0 && given < data.don_vi.len() {
        let msg = "chỉ một số đơn vị có `thu_tu`: giữ thứ tự trong tệp";
        out.push(Severity::Warning, "thu-tu", "don_vi", None, None, msg);
    }
    let mut seen = HashSet::new();
    for (i, w) in data.don_vi.iter().enumerate() {
        if let Some(n) = w.thu_tu {
            if !seen.insert(n) {
                let msg = format!("thứ tự {n} trùng với một đơn vị khác");
                let s = Some(n.to_string());
                out.push(
                    Severity::Warning,
                    "thu-tu",
                    format!("don_vi[{i}].thu_tu"),
                    s,
                    None,
                    msg,
                );
            }
        }
    }
}

/// Town structure: 12 + 20 = 32, 6 + 14 = 20, 121 + 41 = 162, wards present.
fn structure(data: &Dataset, out: &mut Out) {
    let db = &data.dang_bo;
    if let Some(t) = &db.to_chuc_co_so {
        let p = "dang_bo.to_chuc_co_so";
        let parts = [
            ("đảng bộ xã, phường", t.dang_bo_xa_phuong),
            ("trực thuộc", t.truc_thuoc.tong),
        ];
        out.sum(&format!("{p}.tong"), t.tong, &parts);
        let tt = &t.truc_thuoc;
        let parts = [("đảng bộ", tt.dang_bo), ("chi bộ", tt.chi_bo)];
        out.sum(&format!("{p}.truc_thuoc.tong"), tt.tong, &parts);
        for (name, part, whole) in [
            ("dang_bo_doanh_nghiep", tt.dang_bo_doanh_nghiep, tt.dang_bo),
            ("chi_bo_doanh_nghiep", tt.chi_bo_doanh_nghiep, tt.chi_bo),
        ] {
            if part > whole {
                let (s, c) = (Some(part.to_string()), Some(whole.to_string()));
                let msg = "phần doanh nghiệp lớn hơn tổng của nó";
                out.push(
                    Severity::Error,
                    "gia-tri",
                    format!("{p}.truc_thuoc.{name}"),
                    s,
                    c,
                    msg,
                );
            }
        }
        if !data.don_vi.is_empty() && data.don_vi.len() as u32 != t.dang_bo_xa_phuong {
            let (s, c) = (
                Some(t.dang_bo_xa_phuong.to_string()),
                Some(data.don_vi.len().to_string()),
            );
            let msg = "số đảng bộ xã, phường khác số đơn vị trong `don_vi`";
            out.push(
                Severity::Warning,
                "tong-bo-phan",
                format!("{p}.dang_bo_xa_phuong"),
                s,
                c,
                msg,
            );
        }
    }
    if let Some(cb) = &db.chi_bo {
        let p = "dang_bo.chi_bo";
        let parts = [
            ("thuộc xã, phường", cb.thuoc_xa_phuong),
            ("thuộc cơ quan", cb.thuoc_co_quan),
        ];
        out.sum(&format!("{p}.tong"), cb.tong, &parts);
        let complete = db
            .to_chuc_co_so
            .as_ref()
            .is_some_and(|t| t.dang_bo_xa_phuong == data.don_vi.len() as u32);
        let all_detail = data.don_vi.iter().all(|w| w.chi_bo.is_some());
        if complete && all_detail {
            let n: usize = data
                .don_vi
                .iter()
                .filter_map(|w| w.chi_bo.as_ref())
                .map(Vec::len)
                .sum();
            if n as u32 != cb.thuoc_xa_phuong {
                let (s, c) = (Some(cb.thuoc_xa_phuong.to_string()), Some(n.to_string()));
                let msg = "số chi bộ thuộc xã, phường khác số chi bộ liệt kê trong `don_vi`";
                out.push(
                    Severity::Warning,
                    "tong-bo-phan",
                    format!("{p}.thuoc_xa_phuong"),
                    s,
                    c,
                    msg,
                );
            }
        }
    }
}

/// Stated totals against figures derived from detail.
fn against_derived(k: &KetQua, d: &SoLieu, p: &str, out: &mut Out) {
    let f = |name: &str| format!("{p}.{name}");
    out.count(f("so_chi_bo"), k.so_chi_bo, d.so_chi_bo, "số chi bộ");
    out.count(
        f("da_dai_hoi"),
        k.da_dai_hoi,
        d.da_dai_hoi.num,
        "số chi bộ đã đại hội",
    );
    out.count(
        f("cap_uy_vien"),
        k.cap_uy_vien,
        d.cap_uy_vien,
        "số cấp ủy viên",
    );
    out.count(f("bi_thu"), k.bi_thu, d.bi_thu, "số bí thư");
    out.count(f("pho_bi_thu"), k.pho_bi_thu, d.pho_bi_thu, "số phó bí thư");
    out.count(
        f("chi_bo_7_cap_uy"),
        k.chi_bo_7_cap_uy,
        d.chi_bo_7_cap_uy,
        "số chi bộ 7 cấp ủy viên",
    );
    out.count(
        f("chi_bo_5_cap_uy"),
        k.chi_bo_5_cap_uy,
        d.chi_bo_5_cap_uy,
        "số chi bộ 5 cấp ủy viên",
    );
    let n0 = d.chi_bo_khong_chi_uy;
    out.count(
        f("chi_bo_khong_chi_uy"),
        k.chi_bo_khong_chi_uy,
        n0,
        "số chi bộ không bầu chi ủy",
    );
    let Some(t) = &k.thon_tdp else { return };
    let (dt, p) = (&d.thon_tdp, format!("{p}.thon_tdp"));
    let f = |name: &str| format!("{p}.{name}");
    out.count(
        f("so_chi_bo"),
        t.so_chi_bo,
        dt.so_chi_bo,
        "số chi bộ thôn, TDP",
    );
    out.count(
        f("bi_thu_moi"),
        t.bi_thu_moi,
        dt.bi_thu_moi,
        "số bí thư mới",
    );
    let nu = dt.nu_bi_thu_pho_bi_thu;
    out.count(
        f("nu_bi_thu_pho_bi_thu"),
        t.nu_bi_thu_pho_bi_thu,
        nu,
        "số nữ bí thư, phó bí thư",
    );
    for (name, s, r) in [
        ("khong_tai_cu", &t.khong_tai_cu, &dt.khong_tai_cu),
        (
            "kiem_truong_thon",
            &t.kiem_truong_thon,
            &dt.kiem_truong_thon,
        ),
        (
            "chi_bo_co_nu_cap_uy",
            &t.chi_bo_co_nu_cap_uy,
            &dt.chi_bo_co_nu_cap_uy,
        ),
    ] {
        if let Some(s) = s {
            out.count(f(&format!("{name}.so")), Some(s.so), r.num, "số đếm");
        }
    }
    if let (Some(a), Some(da)) = (&t.tuoi_bi_thu, &dt.tuoi_bi_thu) {
        let f = |name: &str| format!("{p}.tuoi_bi_thu.{name}");
        out.count(f("binh_quan"), a.binh_quan, da.binh_quan, "tuổi bình quân");
        out.count(f("cao_nhat"), a.cao_nhat, da.cao_nhat.tuoi, "tuổi cao nhất");
        out.count(
            f("thap_nhat"),
            a.thap_nhat,
            da.thap_nhat.tuoi,
            "tuổi thấp nhất",
        );
    }
}

/// Rules on stated totals alone: percentages, parts, footnote 2, ages.
fn stated_rules(k: &KetQua, nam: i32, p: &str, out: &mut Out) {
    if let (Some(n), Some(h)) = (k.so_chi_bo, k.da_dai_hoi) {
        if h > n {
            let (s, c) = (Some(h.to_string()), Some(n.to_string()));
            let msg = "số chi bộ đã đại hội lớn hơn số chi bộ";
            out.push(
                Severity::Error,
                "gia-tri",
                format!("{p}.da_dai_hoi"),
                s,
                c,
                msg,
            );
        }
    }
    let held = k.da_dai_hoi.or(k.so_chi_bo);
    for (name, v) in [("bi_thu", k.bi_thu), ("pho_bi_thu", k.pho_bi_thu)] {
        if let (Some(v), Some(h)) = (v, held) {
            if v != h {
                let (s, c) = (Some(v.to_string()), Some(h.to_string()));
                let msg = "mỗi chi bộ đã đại hội bầu đúng một người: số này phải bằng số chi bộ đã đại hội";
                out.push(
                    Severity::Warning,
                    "tong-bo-phan",
                    format!("{p}.{name}"),
                    s,
                    c,
                    msg,
                );
            }
        }
    }
    footnote2(k, p, out);
    let Some(t) = &k.thon_tdp else { return };
    let p = format!("{p}.thon_tdp");
    let n = t.so_chi_bo;
    if let (Some(n), Some(all)) = (n, held.or(k.so_chi_bo)) {
        if n > all {
            let (s, c) = (Some(n.to_string()), Some(all.to_string()));
            let msg = "số chi bộ thôn, TDP lớn hơn số chi bộ";
            out.push(
                Severity::Error,
                "gia-tri",
                format!("{p}.so_chi_bo"),
                s,
                c,
                msg,
            );
        }
    }
    for (name, v, max) in [
        ("bi_thu_moi", t.bi_thu_moi, n),
        (
            "nu_bi_thu_pho_bi_thu",
            t.nu_bi_thu_pho_bi_thu,
            n.map(|n| n.saturating_mul(2)),
        ),
    ] {
        if let (Some(v), Some(max)) = (v, max) {
            if v > max {
                let (s, c) = (Some(v.to_string()), Some(max.to_string()));
                let msg = "lớn hơn số tối đa có thể";
                out.push(Severity::Error, "gia-tri", format!("{p}.{name}"), s, c, msg);
            }
        }
    }
    for (name, r) in [
        ("khong_tai_cu", &t.khong_tai_cu),
        ("kiem_truong_thon", &t.kiem_truong_thon),
        ("chi_bo_co_nu_cap_uy", &t.chi_bo_co_nu_cap_uy),
    ] {
        if let Some(r) = r {
            percentage(r, n, &format!("{p}.{name}"), out);
        }
    }
    if let Some(a) = &t.tuoi_bi_thu {
        for (name, age, year) in [
            ("cao_nhat", a.cao_nhat, a.nam_sinh_cao_nhat),
            ("thap_nhat", a.thap_nhat, a.nam_sinh_thap_nhat),
        ] {
            if let (Some(age), Some(year)) = (age, year) {
                let computed = i64::from(nam) - i64::from(year);
                if i64::from(age) != computed {
                    let (s, c) = (Some(age.to_string()), Some(computed.to_string()));
                    let msg = format!("tuổi không khớp năm sinh {year} (năm báo cáo {nam})");
                    out.push(
                        Severity::Warning,
                        "tuoi",
                        format!("{p}.tuoi_bi_thu.{name}"),
                        s,
                        c,
                        msg,
                    );
                }
            }
        }
        if let (Some(mean), Some(hi), Some(lo)) = (a.binh_quan, a.cao_nhat, a.thap_nhat) {
            if mean > hi || mean < lo || lo > hi {
                let msg = format!("tuổi bình quân {mean} không nằm giữa {lo} và {hi}");
                let path = format!("{p}.tuoi_bi_thu.binh_quan");
                out.push(
                    Severity::Error,
                    "tuoi",
                    path,
                    Some(mean.to_string()),
                    None,
                    msg,
                );
            }
        }
    }
}

/// A stated percentage against its own count and denominator.
fn percentage(r: &TiLeNeu, default_den: Option<u32>, p: &str, out: &mut Out) {
    let Some(den) = r.tren.or(default_den) else {
        if r.ti_le.is_some() {
            let msg = "tỉ lệ không có mẫu số: ghi `tren` hoặc `so_chi_bo` của mục";
            out.push(Severity::Warning, "ti-le", p, None, None, msg);
        }
        return;
    };
    if den == 0 {
        let msg = "mẫu số bằng 0";
        out.push(
            Severity::Error,
            "gia-tri",
            format!("{p}.tren"),
            Some("0".into()),
            None,
            msg,
        );
        return;
    }
    if r.so > den {
        let (s, c) = (Some(format!("{}/{den}", r.so)), None);
        out.push(
            Severity::Error,
            "gia-tri",
            format!("{p}.so"),
            s,
            c,
            "tử số lớn hơn mẫu số",
        );
    }
    let Some(stated) = r.ti_le else { return };
    let computed = Ratio::new(r.so, den);
    let path = format!("{p}.ti_le");
    if !(0.0..=100.0).contains(&stated.0) {
        let s = Some(format_percent(stated.0));
        out.push(
            Severity::Error,
            "gia-tri",
            path,
            s,
            None,
            "tỉ lệ phải từ 0 đến 100%",
        );
        return;
    }
    if hundredths(stated.0) != computed.hundredths() {
        let mut msg = format!(
            "tỉ lệ ghi không khớp số đếm {}/{den}; báo cáo in tỉ lệ tính được",
            r.so
        );
        if let Some((a, b)) = explain(stated.0, den) {
            msg.push_str(&format!("; {} là {a}/{b}", format_percent(stated.0)));
        }
        let s = Some(format_percent(stated.0));
        let c = Some(format!("{} ({}/{den})", computed.text, r.so));
        out.push(Severity::Warning, "ti-le", path, s, c, msg);
    }
}

/// Footnote 2: committee members rebuilt from cells by size, the rest
/// assumed to have 3 and cells without a committee counted as 2.
fn footnote2(k: &KetQua, p: &str, out: &mut Out) {
    let (Some(total), Some(cells)) = (k.cap_uy_vien, k.da_dai_hoi.or(k.so_chi_bo)) else {
        return;
    };
    if k.chi_bo_5_cap_uy.is_none() && k.chi_bo_khong_chi_uy.is_none() {
        return;
    }
    let derived = stated::from_stated(k);
    let (n7, n5, n0) = (
        u64::from(derived.chi_bo_7_cap_uy),
        u64::from(derived.chi_bo_5_cap_uy),
        u64::from(derived.chi_bo_khong_chi_uy),
    );
    let (cells, total) = (u64::from(cells), u64::from(total));
    if n7 + n5 + n0 > cells {
        let msg = format!("{n7} + {n5} + {n0} chi bộ theo số cấp ủy vượt {cells} chi bộ");
        out.push(Severity::Error, "chu-thich-2", p, None, None, msg);
        return;
    }
    let n3 = cells - n7 - n5 - n0;
    let rebuilt = 7 * n7 + 5 * n5 + 3 * n3 + 2 * n0;
    if rebuilt != total {
        let mut terms = Vec::new();
        if n7 > 0 {
            terms.push(format!("{n7} × 7"));
        }
        terms.push(format!("{n5} × 5"));
        terms.push(format!("{n3} × 3"));
        terms.push(format!("{n0} × 2"));
        let msg = format!(
            "số cấp ủy viên không dựng lại được từ số chi bộ theo quy mô (chú thích 2): {} = {rebuilt}",
            terms.join(" + ")
        );
        let (s, c) = (Some(total.to_string()), Some(rebuilt.to_string()));
        out.push(
            Severity::Warning,
            "chu-thich-2",
            format!("{p}.cap_uy_vien"),
            s,
            c,
            msg,
        );
    }
}
