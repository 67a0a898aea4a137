//! Phrases the built-in templates print that follow the data: the grounds
//! cited (every plan, in order, joined as Vietnamese joins them), the cells
//! by kind, who appointed appointed committees. Built here once so that
//! the town and the ward templates say the same thing; each is a plain
//! string in the context (printed as data), next to the list it comes
//! from, so a user's template can still word it otherwise.

use crate::data::{CanCu, ChiBo, LoaiChiBo, Ngay};
use crate::document::Date;

use super::vi::date;

/// "06/6/2019".
pub fn running_date(n: &Ngay) -> String {
    date::running(&Date {
        year: n.nam,
        month: n.thang,
        day: n.ngay,
    })
}

/// "A", "A và B", "A, B và C".
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} và {last}", rest.join(", ")),
    }
}

/// "Kế hoạch số 64-KH/Th.U, ngày 06/6/2019".
fn cited(c: &CanCu) -> String {
    let mut s = format!("{} số {}", c.loai, c.so);
    if let Some(n) = &c.ngay {
        s.push_str(&format!(", ngày {}", running_date(n)));
    }
    s
}

/// Every ground, in order: consecutive documents of the same body share
/// one "của ...", a subject closes its group. "Kế hoạch số 100-KH/ĐU, ngày
/// 29/7/2024 và Kế hoạch số 116-KH/ĐU, ngày 22/01/2025 của Đảng ủy xã";
/// groups of different bodies are joined with "; ".
pub fn grounds(list: &[CanCu]) -> String {
    let mut groups: Vec<String> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    for (i, c) in list.iter().enumerate() {
        items.push(cited(c));
        let next_same = list
            .get(i + 1)
            .is_some_and(|n| n.co_quan.trim() == c.co_quan.trim());
        if next_same && c.trich_yeu.trim().is_empty() {
            continue;
        }
        let mut g = join_and(&items);
        items.clear();
        if !c.co_quan.trim().is_empty() {
            g.push_str(&format!(" của {}", c.co_quan.trim()));
        }
        if !c.trich_yeu.trim().is_empty() {
            g.push_str(&format!(" {}", c.trich_yeu.trim()));
        }
        groups.push(g);
    }
    groups.join("; ")
}

/// A kind of cell as its name reads after "chi bộ".
pub fn kind_label(k: LoaiChiBo) -> &'static str {
    match k {
        LoaiChiBo::Thon => "thôn",
        LoaiChiBo::Tdp => "tổ dân phố",
        LoaiChiBo::TruongHoc => "trường học",
        LoaiChiBo::TramYTe => "trạm y tế",
        LoaiChiBo::CongAn => "công an",
        LoaiChiBo::QuanSu => "quân sự",
        LoaiChiBo::CoQuan => "cơ quan",
        LoaiChiBo::DoanhNghiep => "doanh nghiệp",
    }
}

const KINDS: [LoaiChiBo; 8] = [
    LoaiChiBo::Thon,
    LoaiChiBo::Tdp,
    LoaiChiBo::TruongHoc,
    LoaiChiBo::TramYTe,
    LoaiChiBo::CongAn,
    LoaiChiBo::QuanSu,
    LoaiChiBo::CoQuan,
    LoaiChiBo::DoanhNghiep,
];

/// The cells by kind, only the kinds present: "4 chi bộ thôn, 1 chi bộ
/// trường học và 1 chi bộ công an".
pub fn by_kind(cells: &[ChiBo]) -> String {
    let parts: Vec<String> = KINDS
        .iter()
        .filter_map(|k| {
            let n = cells.iter().filter(|c| c.loai == *k).count();
            (n > 0).then(|| format!("{n} chi bộ {}", kind_label(*k)))
        })
        .collect();
    join_and(&parts)
}

/// The body that appointed every appointed cell when it is one body
/// (given, or `default` where a cell does not say); else empty.
pub fn appointed_by(cells: &[&ChiBo], default: &str) -> String {
    let bodies: Vec<&str> = cells
        .iter()
        .map(|c| match c.co_quan_chi_dinh.trim() {
            "" => default,
            b => b,
        })
        .collect();
    match bodies.first() {
        Some(first) if bodies.iter().all(|b| b == first) => first.to_string(),
        _ => String::new(),
    }
}

/// "Quyết định số 45-QĐ/ĐU, ngày 02/5/2025" of an appointed cell, if given.
pub fn decision(c: &ChiBo) -> Option<String> {
    let q = c.quyet_dinh.as_ref()?;
    let mut s = format!("Quyết định số {}", q.so);
    if let Some(n) = &q.ngay {
        s.push_str(&format!(", ngày {}", running_date(n)));
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(so: &str, ngay: Option<Ngay>, co_quan: &str, trich_yeu: &str) -> CanCu {
        CanCu {
            loai: "Kế hoạch".into(),
            so: so.into(),
            ngay,
            co_quan: co_quan.into(),
            trich_yeu: trich_yeu.into(),
        }
    }

    #[test]
    fn grounds_cite_every_document_in_order() {
        let d = |y, m, n| Some(Ngay::new(y, m, n).unwrap());
        let two = [
            doc("100-KH/ĐU", d(2024, 7, 29), "Đảng ủy xã", ""),
            doc("116-KH/ĐU", d(2025, 1, 22), "Đảng ủy xã", ""),
        ];
        assert_eq!(
            grounds(&two),
            "Kế hoạch số 100-KH/ĐU, ngày 29/7/2024 và Kế hoạch số 116-KH/ĐU, ngày 22/01/2025 của Đảng ủy xã"
        );
        let mixed = [
            doc(
                "64-KH/Th.U",
                d(2019, 6, 6),
                "Ban Thường vụ Thị ủy",
                "về đại hội",
            ),
            doc("05-HD/BTC", None, "Ban Tổ chức Tỉnh ủy", ""),
        ];
        assert_eq!(
            grounds(&mixed),
            "Kế hoạch số 64-KH/Th.U, ngày 06/6/2019 của Ban Thường vụ Thị ủy về đại hội; Kế hoạch số 05-HD/BTC của Ban Tổ chức Tỉnh ủy"
        );
        assert_eq!(grounds(&[doc("1-KH", None, "", "")]), "Kế hoạch số 1-KH");
        assert_eq!(grounds(&[]), "");
    }

    #[test]
    fn lists_join_the_vietnamese_way() {
        let s = |v: &[&str]| join_and(&v.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        assert_eq!(s(&["a"]), "a");
        assert_eq!(s(&["a", "b"]), "a và b");
        assert_eq!(s(&["a", "b", "c"]), "a, b và c");
    }
}
