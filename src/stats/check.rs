//! Consistency checks: the findings type and the town/ward structure
//! (parts against wholes, ids, order). Stated totals are checked in
//! `rules.rs`, cells in `cells.rs`.

use std::collections::HashSet;
use std::fmt;

use serde::Serialize;

use super::rules::{against_derived, stated_rules};
use super::{cells, Nguon, Stats};
use crate::data::Dataset;
use crate::diagnostic::{Diagnostic, Location};

/// How bad a finding is: a warning is inconsistent but renderable
/// (`--strict` makes it an error); an error is impossible data (the report
/// would be wrong). The one severity of [`crate::diagnostic`].
pub use crate::diagnostic::Severity;

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

impl Finding {
    /// The finding as a [`Diagnostic`]: its rule as the code, its field as
    /// the place, the stated and computed values after the message.
    /// `"{severity} {diagnostic}"` is the finding's own text.
    pub fn diagnostic(&self) -> Diagnostic {
        let mut message = self.message.clone();
        match (&self.stated, &self.computed) {
            (Some(s), Some(c)) => message.push_str(&format!(" (ghi: {s}; tính được: {c})")),
            (Some(s), None) => message.push_str(&format!(" (ghi: {s})")),
            (None, Some(c)) => message.push_str(&format!(" (tính được: {c})")),
            (None, None) => {}
        }
        Diagnostic {
            severity: self.severity,
            code: Some(self.rule.to_string()),
            location: Some(Location::field(&self.path)),
            message,
            hint: None,
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
            cells::check_cells(data, cells, &format!("{p}.chi_bo"), &mut out);
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
    if let Some(cells) = &data.dang_bo.chi_bo_truc_thuoc {
        cells::check_cells(data, cells, "dang_bo.chi_bo_truc_thuoc", &mut out);
        if !data.don_vi.is_empty() {
            out.push(
                Severity::Warning,
                "thieu",
                "dang_bo.chi_bo_truc_thuoc".to_string(),
                None,
                None,
                "có cả `don_vi` lẫn `chi_bo_truc_thuoc`: báo cáo tính theo các đơn vị, các chi bộ trực thuộc trực tiếp không được tính (both given: only the units are counted)",
            );
        }
    }
    if let Some(kq) = &data.dang_bo.ket_qua {
        let p = "dang_bo.ket_qua";
        let detail = !data.don_vi.is_empty() || data.dang_bo.chi_bo_truc_thuoc.is_some();
        if stats.thi_xa.nguon != Nguon::KhongCo && detail {
            against_derived(kq, &stats.thi_xa, p, &mut out);
        }
        stated_rules(kq, nam, p, &mut out);
        // With wards, the results cover the wards' cells (checked above
        // against their sum), so they match `thuoc_xa_phuong`; without
        // wards they are the whole committee's (`tong`: 162 in the article).
        if let (Some(n), Some(cb)) = (kq.so_chi_bo, &data.dang_bo.chi_bo) {
            let (whole, msg) = if data.don_vi.is_empty() {
                (
                    cb.tong,
                    "số chi bộ trong kết quả khác `dang_bo.chi_bo.tong`",
                )
            } else {
                (
                    cb.thuoc_xa_phuong,
                    "số chi bộ trong kết quả (các đơn vị trong `don_vi`) khác `dang_bo.chi_bo.thuoc_xa_phuong`",
                )
            };
            if n != whole {
                let (s, c) = (Some(n.to_string()), Some(whole.to_string()));
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
