//! Impossible or doubtful values in cells in detail.

use std::collections::HashSet;

use super::derive::elected;
use super::finding::{Out, Severity};
use crate::data::{ChiBo, Dataset, GioiTinh, NguoiGiuChuc};

/// At most this many committee members (chi ủy viên).
pub const MAX_COMMITTEE: u32 = 7;
/// Fewer official members than this: no committee, only secretary and deputy.
pub const MIN_OFFICIAL_FOR_COMMITTEE: u32 = 9;

pub(super) fn check_cells(data: &Dataset, cells: &[ChiBo], list: &str, out: &mut Out) {
    let mut names = HashSet::new();
    for (i, c) in cells.iter().enumerate() {
        let p = format!("{list}[{i}]");
        if !names.insert(c.ten.as_str()) {
            let msg = format!("tên chi bộ `{}` trùng trong cùng đơn vị", c.ten);
            out.push(
                Severity::Warning,
                "trung-lap",
                format!("{p}.ten"),
                None,
                None,
                msg,
            );
        }
        cell(data, c, &p, out);
    }
}

fn err(out: &mut Out, path: String, stated: u32, limit: u32, msg: &str) {
    let (s, c) = (Some(stated.to_string()), Some(limit.to_string()));
    out.push(Severity::Error, "gia-tri", path, s, c, msg);
}

fn cell(data: &Dataset, c: &ChiBo, p: &str, out: &mut Out) {
    let f = |name: &str| format!("{p}.{name}");
    unknown(c, p, out);
    if let (Some(official), Some(members)) = (c.dang_vien_chinh_thuc, c.dang_vien) {
        if official > members {
            let msg = "số đảng viên chính thức lớn hơn số đảng viên";
            err(out, f("dang_vien_chinh_thuc"), official, members, msg);
        }
    }
    if let Some(size) = c.chi_uy_vien {
        let official = c.dang_vien_chinh_thuc;
        if size > MAX_COMMITTEE {
            let msg = "chi ủy có tối đa 7 chi ủy viên";
            err(out, f("chi_uy_vien"), size, MAX_COMMITTEE, msg);
        } else if let Some(official) = official.filter(|o| size > *o) {
            let msg = "số chi ủy viên lớn hơn số đảng viên chính thức";
            err(out, f("chi_uy_vien"), size, official, msg);
        } else if size > 0 && size < 3 {
            let msg = "chi ủy có ít nhất 3 chi ủy viên; ghi 0 khi chỉ bầu bí thư, phó bí thư";
            err(out, f("chi_uy_vien"), size, 3, msg);
        } else if size > 0 && official.is_some_and(|o| o < MIN_OFFICIAL_FOR_COMMITTEE) {
            let msg =
                "chi bộ dưới 9 đảng viên chính thức không bầu chi ủy (chỉ bầu bí thư, phó bí thư)";
            let (s, v) = (Some(size.to_string()), Some("0".to_string()));
            out.push(Severity::Warning, "gia-tri", f("chi_uy_vien"), s, v, msg);
        }
    }
    if let (Some(women), Some(size)) = (c.nu_cap_uy, elected(c)) {
        if women > size {
            let msg = "số nữ cấp ủy lớn hơn số người được bầu";
            err(out, f("nu_cap_uy"), women, size, msg);
        } else {
            let named = [c.bi_thu(), c.pho_bi_thu()]
                .iter()
                .filter(|p| p.is_some_and(|p| p.gioi_tinh == Some(GioiTinh::Nu)))
                .count() as u32;
            if named > women {
                let msg = "bí thư, phó bí thư là nữ nhưng số nữ cấp ủy ít hơn";
                let (s, v) = (Some(women.to_string()), Some(named.to_string()));
                out.push(Severity::Warning, "gia-tri", f("nu_cap_uy"), s, v, msg);
            }
        }
    }
    if let Some(d) = c.ngay_dai_hoi {
        if d > data.van_ban.ngay {
            let msg = format!("ngày đại hội sau ngày báo cáo {}", data.van_ban.ngay);
            let s = Some(d.to_string());
            out.push(
                Severity::Warning,
                "gia-tri",
                f("ngay_dai_hoi"),
                s,
                None,
                msg,
            );
        }
        if c.da_dai_hoi == Some(false) {
            let msg = "có ngày đại hội nhưng `da_dai_hoi: false`: chi bộ được tính là chưa đại hội";
            out.push(
                Severity::Warning,
                "gia-tri",
                f("da_dai_hoi"),
                None,
                None,
                msg,
            );
        }
    }
    if !c.held() && (c.bi_thu().is_some() || c.chi_uy_vien.is_some_and(|n| n > 0)) {
        let msg = "chưa có ngày đại hội nhưng đã có kết quả bầu";
        out.push(
            Severity::Warning,
            "thieu",
            f("ngay_dai_hoi"),
            None,
            None,
            msg,
        );
    }
    if c.so_bi_thu_cu == 0 && c.bi_thu().is_some_and(|b| b.tai_cu == Some(true)) {
        let msg = "bí thư tái cử nhưng chi bộ không có bí thư khóa trước (`so_bi_thu_cu: 0`)";
        err(out, f("bi_thu.tai_cu"), 1, 0, msg);
    }
    let year = c.ngay_dai_hoi.map_or(data.report_year(), |d| d.nam);
    for (role, person) in [("bi_thu", c.bi_thu()), ("pho_bi_thu", c.pho_bi_thu())] {
        if let Some(person) = person {
            birth_year(person, year, &f(role), out);
        }
    }
}

/// What a cell leaves unknown that the report would use: information for
/// the clerk (the report leaves such a figure out, a table prints "-").
fn unknown(c: &ChiBo, p: &str, out: &mut Out) {
    let mut missing: Vec<&str> = Vec::new();
    if c.dang_vien.is_none() {
        missing.push("dang_vien");
    }
    if c.held() {
        if c.ngay_dai_hoi.is_none() {
            missing.push("ngay_dai_hoi");
        }
        if c.chi_uy_vien.is_none() {
            missing.push("chi_uy_vien");
        }
        if c.nu_cap_uy.is_none() {
            missing.push("nu_cap_uy");
        }
        for (role, who) in [("bi_thu", &c.bi_thu), ("pho_bi_thu", &c.pho_bi_thu)] {
            match who {
                None => missing.push(role),
                Some(crate::data::Chuc::Khong) => {}
                Some(crate::data::Chuc::Co(person)) => {
                    let (g, y, t) = match role {
                        "bi_thu" => ("bi_thu.gioi_tinh", "bi_thu.nam_sinh", "bi_thu.tai_cu"),
                        _ => (
                            "pho_bi_thu.gioi_tinh",
                            "pho_bi_thu.nam_sinh",
                            "pho_bi_thu.tai_cu",
                        ),
                    };
                    if person.gioi_tinh.is_none() {
                        missing.push(g);
                    }
                    // The deputy's birth year and re-election are in no figure.
                    if role == "bi_thu" && person.nam_sinh.is_none() {
                        missing.push(y);
                    }
                    if role == "bi_thu" && person.tai_cu.is_none() {
                        missing.push(t);
                    }
                }
            }
        }
    }
    for m in missing {
        out.push(
            Severity::Info,
            "chua-ro",
            format!("{p}.{m}"),
            None,
            None,
            "chưa rõ (không ghi): số liệu dựa vào đây được bỏ khỏi báo cáo (unknown: left out)",
        );
    }
}

fn birth_year(person: &NguoiGiuChuc, year: i32, p: &str, out: &mut Out) {
    let Some(born) = person.nam_sinh else { return };
    let path = format!("{p}.nam_sinh");
    let (y, year) = (i64::from(born), i64::from(year));
    let s = Some(y.to_string());
    if y > year {
        let msg = format!("năm sinh sau năm đại hội {year}");
        out.push(Severity::Error, "gia-tri", path, s, None, msg);
    } else if year - y < 18 {
        let msg = format!("dưới 18 tuổi vào năm {year}");
        let c = Some(format!("{} tuổi", year - y));
        out.push(Severity::Error, "gia-tri", path, s, c, msg);
    } else if year - y > 100 {
        let msg = format!("trên 100 tuổi vào năm {year}");
        let c = Some(format!("{} tuổi", year - y));
        out.push(Severity::Warning, "gia-tri", path, s, c, msg);
    }
}
