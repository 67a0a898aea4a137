//! Consistency checks: the entry point and the town/ward structure
//! (parts against wholes, ids, order). Stated totals are checked in
//! `rules.rs`, cells in `cells.rs`; the findings type is in `finding.rs`.

use std::collections::HashSet;

use super::finding::{Finding, Out, Severity};
use super::rules::{against_derived, stated_rules};
use super::{cells, Nguon, Stats};
use crate::data::Dataset;

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
    overflow(stats, &mut out);
    out.0
}

/// A derived figure that reached `u32::MAX`: the sums saturate there
/// rather than wrap or panic, so it is a sum that overflowed (no real count
/// comes near 4,294,967,295), and printing it would be a wrong figure.
fn overflow(stats: &Stats, out: &mut Out) {
    fn walk(v: &serde_json::Value, path: &mut String, hits: &mut Vec<String>) {
        match v {
            serde_json::Value::Number(n) if n.as_u64() == Some(u64::from(u32::MAX)) => {
                hits.push(path.clone())
            }
            serde_json::Value::Object(m) => {
                for (k, item) in m {
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(k);
                    walk(item, path, hits);
                    path.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut figures: Vec<(String, &super::SoLieu)> = vec![("dang_bo".into(), &stats.thi_xa)];
    for (i, w) in stats.don_vi.iter().enumerate() {
        figures.push((format!("don_vi[{i}]"), &w.so_lieu));
    }
    for (path, so_lieu) in figures {
        let Ok(v) = serde_json::to_value(so_lieu) else {
            continue;
        };
        let mut hits = Vec::new();
        walk(&v, &mut String::new(), &mut hits);
        if let Some(first) = hits.first() {
            out.push(
                Severity::Error,
                "tran-so",
                path,
                None,
                None,
                format!(
                    "tổng `{first}` vượt quá {} (số liệu quá lớn, có lẽ gõ nhầm): không lập báo cáo với con số sai (sum overflow)",
                    u32::MAX
                ),
            );
        }
    }
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
