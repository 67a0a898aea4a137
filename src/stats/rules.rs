//! Rules on stated totals: against derived figures, percentages against
//! their counts, footnote 2, ages.

use super::finding::{Out, Severity};
use super::ratio::{explain, format_percent, hundredths};
use super::{Ratio, SoLieu};
use crate::data::{KetQua, TiLeNeu};

/// Stated totals against figures derived from detail.
pub(super) fn against_derived(k: &KetQua, d: &SoLieu, p: &str, out: &mut Out) {
    let f = |name: &str| format!("{p}.{name}");
    out.count(f("so_chi_bo"), k.so_chi_bo, d.so_chi_bo, "số chi bộ");
    out.count(
        f("da_dai_hoi"),
        k.da_dai_hoi,
        d.so_da_dai_hoi,
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
        f("chi_bo_chi_dinh"),
        k.chi_bo_chi_dinh,
        d.chi_dinh.so_chi_bo,
        "số chi bộ được chỉ định cấp ủy",
    );
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
            out.count(
                f(&format!("{name}.so")),
                Some(s.so),
                r.as_ref().map(|r| r.num),
                "số đếm",
            );
        }
    }
    if let (Some(a), Some(da)) = (&t.tuoi_bi_thu, &dt.tuoi_bi_thu) {
        let f = |name: &str| format!("{p}.tuoi_bi_thu.{name}");
        out.count(
            f("binh_quan"),
            a.binh_quan,
            Some(da.binh_quan),
            "tuổi bình quân",
        );
        out.count(
            f("cao_nhat"),
            a.cao_nhat,
            Some(da.cao_nhat.tuoi),
            "tuổi cao nhất",
        );
        out.count(
            f("thap_nhat"),
            a.thap_nhat,
            Some(da.thap_nhat.tuoi),
            "tuổi thấp nhất",
        );
    }
}

/// Rules on stated totals alone: percentages, parts, footnote 2, ages.
pub(super) fn stated_rules(k: &KetQua, nam: i32, p: &str, out: &mut Out) {
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
    if let (Some(c), Some(h)) = (k.chi_bo_chi_dinh, held) {
        if c > h {
            let (s, v) = (Some(c.to_string()), Some(h.to_string()));
            let msg = "số chi bộ được chỉ định lớn hơn số chi bộ đã đại hội";
            let path = format!("{p}.chi_bo_chi_dinh");
            out.push(Severity::Error, "gia-tri", path, s, v, msg);
        }
    }
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
    // A size the data does not give is taken as none here, and the
    // message says so: this rebuilds the writer's sum, it prints nothing.
    let (n7, n5, n0) = (
        u64::from(k.chi_bo_7_cap_uy.unwrap_or(0)),
        u64::from(k.chi_bo_5_cap_uy.unwrap_or(0)),
        u64::from(k.chi_bo_khong_chi_uy.unwrap_or(0)),
    );
    let assumed: Vec<&str> = [
        ("chi_bo_7_cap_uy", k.chi_bo_7_cap_uy),
        ("chi_bo_5_cap_uy", k.chi_bo_5_cap_uy),
        ("chi_bo_khong_chi_uy", k.chi_bo_khong_chi_uy),
    ]
    .iter()
    .filter(|(_, v)| v.is_none())
    .map(|(n, _)| *n)
    .collect();
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
        let mut msg = format!(
            "số cấp ủy viên không dựng lại được từ số chi bộ theo quy mô (chú thích 2): {} = {rebuilt}",
            terms.join(" + ")
        );
        if !assumed.is_empty() {
            msg.push_str(&format!(
                " (không ghi `{}`: tính là 0)",
                assumed.join("`, `")
            ));
        }
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
