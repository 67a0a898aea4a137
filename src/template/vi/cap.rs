//! Words that follow a committee's level (cấp): "Huyện ủy", "Ban Thường
//! vụ Huyện ủy", "Toàn Đảng bộ huyện", "các xã, thị trấn", the document
//! symbol "H.U". Templates never name a level: they print these.

use serde_json::{json, Value};

use crate::data::Cap;

/// A level from a template argument: its data id (`thi_xa`) or its noun
/// (`thị xã`, any case).
pub fn parse(s: &str) -> Option<Cap> {
    let t = s.trim().to_lowercase();
    Cap::ALL.into_iter().find(|c| id(*c) == t || c.label() == t)
}

/// The data id of a level: `thi_xa`.
pub fn id(c: Cap) -> String {
    serde_json::to_value(c)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// "xã, thị trấn": the kinds of units under `level`, those in `present`
/// (the data's units) in the order reports use for the level, else the
/// level's usual ones.
pub fn units_phrase(level: Option<Cap>, present: &[Cap]) -> String {
    let usual = level.map_or(&[][..], Cap::usual_units);
    let mut kinds: Vec<Cap> = Vec::new();
    if present.is_empty() {
        kinds.extend_from_slice(usual);
        // The usual list names the kinds a level has; the last ones are
        // rare ("thị trấn" of a thị xã): keep the first two.
        kinds.truncate(if level == Some(Cap::Tinh) { 3 } else { 2 });
    } else {
        for c in usual.iter().chain(Cap::ALL.iter()) {
            if present.contains(c) && !kinds.contains(c) {
                kinds.push(*c);
            }
        }
    }
    if kinds.is_empty() {
        return "cơ sở".to_string();
    }
    kinds
        .iter()
        .map(|c| c.label())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The words of one committee, as the context's `cap` / `cap_tren` /
/// `ward.cap`: `ma`, `ten` (huyện), `dang_bo` (Đảng bộ huyện), `cap_uy`
/// (Huyện ủy), `ban_thuong_vu`, `ky_hieu` (H.U), `don_vi` (xã, thị trấn)
/// and `co_so` (a grassroots committee: xã, phường, cơ quan). `fallback`
/// is the committee word when the level is not known.
pub fn words(level: Option<Cap>, units: &[Cap], fallback: &str) -> Value {
    let cap_uy = level.map_or(fallback.to_string(), |c| c.committee().to_string());
    json!({
        "ma": level.map(id).unwrap_or_default(),
        "ten": level.map_or("", Cap::label),
        "dang_bo": match level.map_or("", Cap::name_prefix) {
            "" => "Đảng bộ".to_string(),
            p => format!("Đảng bộ {p}"),
        },
        "cap_uy": cap_uy,
        "ban_thuong_vu": format!("Ban Thường vụ {cap_uy}"),
        "ky_hieu": level.map_or("ĐU", Cap::symbol),
        "don_vi": units_phrase(level, units),
        "co_so": level.is_some_and(|c| !c.above_grassroots()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_follow_the_level_and_the_data() {
        assert_eq!(units_phrase(Some(Cap::Huyen), &[]), "xã, thị trấn");
        assert_eq!(units_phrase(Some(Cap::ThiXa), &[]), "xã, phường");
        assert_eq!(units_phrase(Some(Cap::ThanhPho), &[]), "phường, xã");
        assert_eq!(units_phrase(Some(Cap::Quan), &[Cap::Phuong]), "phường");
        assert_eq!(
            units_phrase(Some(Cap::Huyen), &[Cap::ThiTran, Cap::Xa, Cap::Xa]),
            "xã, thị trấn"
        );
        assert_eq!(units_phrase(Some(Cap::Tinh), &[]), "xã, phường, đặc khu");
        assert_eq!(units_phrase(None, &[]), "cơ sở");
    }

    #[test]
    fn words_of_a_level() {
        let w = words(Some(Cap::Huyen), &[], "x");
        assert_eq!(w["cap_uy"], "Huyện ủy");
        assert_eq!(w["ban_thuong_vu"], "Ban Thường vụ Huyện ủy");
        assert_eq!(w["dang_bo"], "Đảng bộ huyện");
        assert_eq!(w["ky_hieu"], "H.U");
        assert_eq!(w["ma"], "huyen");
        let x = words(Some(Cap::Xa), &[], "x");
        assert_eq!(x["cap_uy"], "Đảng ủy");
        assert_eq!(x["co_so"], true);
        assert_eq!(parse("Thị xã"), Some(Cap::ThiXa));
        assert_eq!(parse("dac_khu"), Some(Cap::DacKhu));
        assert_eq!(Cap::from_name("Đảng bộ thị xã Kỳ Anh"), Some(Cap::ThiXa));
        assert_eq!(Cap::from_name("ĐẢNG BỘ TỈNH HÀ TĨNH"), Some(Cap::Tinh));
        assert_eq!(Cap::from_name("Đảng bộ xã Mẫu Sơn"), Some(Cap::Xa));
        assert_eq!(Cap::from_name("THỊ ỦY KỲ ANH"), Some(Cap::ThiXa));
        assert_eq!(Cap::from_name("Đảng bộ Công ty X"), None);
    }
}
