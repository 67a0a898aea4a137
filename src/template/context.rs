//! The template context: what a template can read. Documented variable by
//! variable in `docs/templates.md`.
//!
//! | variable | what |
//! |---|---|
//! | `van_ban` | the data's document block, as in the YAML |
//! | `dang_bo` | the town party committee, as in the YAML (`noi_dung` narrative is Markdown) |
//! | `don_vi` | the wards/communes, in report order (`thu_tu`, then Vietnamese collation), each with `ten_day_du` ("phường Kỳ Liên") and `so_lieu` (its figures) |
//! | `so_lieu` | figures of the report's scope (town, or the ward for a ward report) |
//! | `tong_don_vi` | the town figures `stats.thi_xa`; with wards, their sum (the annex's total row) |
//! | `stats` | all derived figures (`crate::stats::Stats`: `thi_xa`, `don_vi[]`, `nam_bao_cao`) |
//! | `doc` | the document block: header/closing fields ready to print |
//! | `kind` | `"town"` or `"ward"` (a committee reporting on its own cells: a ward's report, or a commune committee's with `dang_bo.chi_bo_truc_thuoc`) |
//! | `ward` | the committee of a `"ward"` report (same shape as an item of `don_vi`), else absent |
//! | `cap` | the words of the reporting committee's level (`vi::cap::words`): `cap_uy` "Huyện ủy", `dang_bo` "Đảng bộ huyện", `don_vi` "xã, thị trấn", ... |
//! | `cap_tren` | the same words for the superior committee ("Tỉnh ủy") |
//!
//! Every string prints escaped (data is text, see [`super::escape`]),
//! except the narrative fields `noi_dung` and `ghi_chu` (Markdown).

use serde_json::{json, Value};

use super::vi::{cap as words, collate, date};
use crate::data::{Cap, ChiBo, Dataset, DonVi, KieuDau};
use crate::document::Date;
use crate::stats::{SoLieu, Stats};

/// Which report.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    Town,
    Ward(&'a DonVi),
}

/// The first letter upper case (after any leading punctuation: "*mẫu*").
fn first_upper(s: &str) -> String {
    match s.char_indices().find(|(_, c)| c.is_alphabetic()) {
        Some((i, f)) => {
            let rest = &s[i + f.len_utf8()..];
            format!("{}{}{rest}", &s[..i], f.to_uppercase())
        }
        None => s.to_string(),
    }
}

/// "THỊ ỦY KỲ ANH" -> "Thị ủy"; a committee name's first two words.
fn committee_short(caps: &str) -> String {
    let words: Vec<&str> = caps.split_whitespace().take(2).collect();
    first_upper(&words.join(" ").to_lowercase())
}

/// "THỊ ỦY KỲ ANH" -> "Thị ủy Kỳ Anh": the committee in lower case, the
/// place name capitalised, a level word in its written case ("ĐẢNG ỦY XÃ
/// SƠN TÂN" -> "Đảng ủy xã Sơn Tân").
fn committee_name(caps: &str) -> String {
    let words: Vec<String> = caps.split_whitespace().map(str::to_lowercase).collect();
    // How many words after the committee are a level noun ("xã", "thị trấn").
    let rest = words.get(2..).unwrap_or_default().join(" ");
    let level_words = Cap::ALL
        .iter()
        .filter(|c| !matches!(c, Cap::CoQuan | Cap::DoanhNghiep))
        .map(|c| c.label())
        .filter(|l| rest == *l || rest.starts_with(&format!("{l} ")))
        .map(|l| l.split_whitespace().count())
        .max()
        .unwrap_or(0);
    words
        .iter()
        .enumerate()
        .map(|(i, w)| match i {
            0 => first_upper(w),
            1 => w.clone(),
            i if i < 2 + level_words => w.clone(),
            _ => first_upper(w),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "BAN TỔ CHỨC TỈNH ỦY" -> "Ban Tổ chức Tỉnh ủy": an issuing body that is
/// a board of a committee, in its written case (the board's name, then the
/// committee "Tỉnh ủy" and any place name capitalised); `None` otherwise.
fn board_name(caps: &str) -> Option<String> {
    let words: Vec<String> = caps.split_whitespace().map(str::to_lowercase).collect();
    if words.first().map(String::as_str) != Some("ban") || words.len() < 3 {
        return None;
    }
    let committee = words
        .windows(2)
        .position(|w| w[1] == "ủy" || w[1] == "uỷ")
        .filter(|&i| i >= 2)?;
    let out: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| match i {
            0 | 1 => first_upper(w),
            i if i == committee => first_upper(w),
            i if i == committee + 1 => w.clone(),
            i if i > committee + 1 => first_upper(w),
            _ => w.clone(),
        })
        .collect();
    Some(out.join(" "))
}

/// "ĐẢNG BỘ TỈNH HÀ TĨNH" -> "Tỉnh ủy".
fn superior_committee(caps: &str) -> String {
    let lower = caps.to_lowercase();
    let rest = lower.strip_prefix("đảng bộ ").unwrap_or(&lower);
    let kind = if rest.starts_with("thành phố") {
        "Thành"
    } else if let Some(w) = rest.split_whitespace().next() {
        return match w {
            "tỉnh" => "Tỉnh ủy".into(),
            "thị" => "Thị ủy".into(),
            "huyện" => "Huyện ủy".into(),
            "quận" => "Quận ủy".into(),
            _ => "cấp ủy cấp trên".into(),
        };
    } else {
        return "cấp ủy cấp trên".into();
    };
    format!("{kind} ủy")
}

/// Keys whose values are Markdown by design (printed as written); all
/// other strings are data, printed escaped. Inside `them` nothing is.
const NARRATIVE: [&str; 2] = ["noi_dung", "ghi_chu"];

/// A JSON value as a Tera value: strings under a narrative key are safe.
pub fn to_tera(v: &Value) -> tera::Value {
    convert(v, false)
}

fn convert(v: &Value, safe: bool) -> tera::Value {
    match v {
        Value::Null => tera::Value::none(),
        Value::Bool(b) => (*b).into(),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => u.into(),
            (None, Some(i)) => i.into(),
            _ => n.as_f64().unwrap_or(0.0).into(),
        },
        Value::String(s) if safe => tera::Value::safe_string(s),
        Value::String(s) => s.as_str().into(),
        Value::Array(a) => a
            .iter()
            .map(|x| convert(x, safe))
            .collect::<Vec<_>>()
            .into(),
        Value::Object(m) => {
            let mut out = std::collections::BTreeMap::new();
            for (k, x) in m {
                let safe = match k.as_str() {
                    "them" => false,
                    k => safe || NARRATIVE.contains(&k),
                };
                // `them` is never narrative, at any depth.
                let x = if k == "them" {
                    convert_data(x)
                } else {
                    convert(x, safe)
                };
                out.insert(k.clone(), x);
            }
            out.into()
        }
    }
}

/// A value where every string is data, whatever its keys.
fn convert_data(v: &Value) -> tera::Value {
    match v {
        Value::Array(a) => a.iter().map(convert_data).collect::<Vec<_>>().into(),
        Value::Object(m) => m
            .iter()
            .map(|(k, x)| (k.clone(), convert_data(x)))
            .collect::<std::collections::BTreeMap<_, _>>()
            .into(),
        other => convert(other, false),
    }
}

/// The unit kinds present among the wards.
fn unit_kinds(data: &Dataset) -> Vec<Cap> {
    data.don_vi.iter().map(|w| w.loai).collect()
}

/// The reporting committee's level: stated, else read from its name.
pub fn level(data: &Dataset) -> Option<Cap> {
    data.dang_bo
        .cap
        .or_else(|| Cap::from_name(&data.dang_bo.ten))
        .or_else(|| Cap::from_name(&data.van_ban.co_quan))
}

/// The superior committee's level: stated, else read from `cap_tren`.
fn superior_level(data: &Dataset) -> Option<Cap> {
    data.dang_bo
        .cap_tren
        .or_else(|| Cap::from_name(&data.van_ban.cap_tren))
}

/// A commune or ward committee reporting on its own cells: no wards, its
/// cells in `dang_bo.chi_bo_truc_thuoc`.
pub fn own_cells(data: &Dataset) -> Option<&[ChiBo]> {
    match (&data.dang_bo.chi_bo_truc_thuoc, data.don_vi.is_empty()) {
        (Some(c), true) => Some(c),
        _ => None,
    }
}

/// "xã Mẫu Sơn": the committee's short name, else its name without
/// "Đảng bộ".
fn committee_place(data: &Dataset) -> String {
    let db = &data.dang_bo;
    if !db.ten_ngan.trim().is_empty() {
        return db.ten_ngan.clone();
    }
    let t = db.ten.trim();
    let lower = t.to_lowercase();
    match lower.strip_prefix("đảng bộ ") {
        Some(_) => t["Đảng bộ ".len()..].trim_start().to_string(),
        None => t.to_string(),
    }
}

/// The value of a committee reporting on `cells`: `base` (the data as
/// given) with `ten_day_du`, its words `cap`, its figures and what the
/// templates read off its cells.
fn unit_value(
    mut v: Value,
    full: String,
    level: Option<Cap>,
    cells: Option<&[ChiBo]>,
    so_lieu: &SoLieu,
    year: i32,
) -> Value {
    // Notes ready for a footnote definition, as the town's (`notes_kept_whole`).
    if let Some(notes) = v
        .get_mut("noi_dung")
        .and_then(|n| n.get_mut("chu_thich"))
        .and_then(Value::as_array_mut)
    {
        for c in notes {
            if let Some(text) = c["noi_dung"].as_str() {
                c["noi_dung"] = json!(indent_continuation(text.trim_end()));
            }
        }
    }
    v["ten_day_du"] = json!(full);
    v["dang_bo_ten"] = json!(format!("Đảng bộ {full}"));
    v["cap"] = words::words(level, &[], "Đảng ủy");
    v["so_lieu"] = serde_json::to_value(so_lieu).expect("figures serialise");
    v["dai_hoi_tu"] = Value::Null;
    v["dai_hoi_den"] = Value::Null;
    v["dai_hoi_diem"] = json!([]);
    v["chi_bo_khac"] = json!(0);
    v["co_cau"] = json!("");
    v["nhom_thon"] = json!("thôn, tổ dân phố");
    v["chi_bo_chi_dinh"] = json!(0);
    v["chi_dinh"] = json!([]);
    v["chi_dinh_boi"] = json!("");
    v["lan_thu_nhat"] = json!([]);
    v["chua_dai_hoi"] = json!([]);
    v["ghi_chu_chi_bo"] = json!([]);
    if v.get("noi_dung").is_none_or(Value::is_null) {
        v["noi_dung"] = serde_json::to_value(crate::data::NoiDung::default()).expect("serialises");
    }
    if let Some(cells) = cells {
        // The first and last congress dates, when every held congress has
        // a date (else "the first" would be a guess).
        let held: Vec<&ChiBo> = cells.iter().filter(|c| c.held()).collect();
        let dates: Option<Vec<String>> = held
            .iter()
            .map(|c| c.ngay_dai_hoi.map(|d| d.to_string()))
            .collect();
        if let Some(dates) = dates {
            v["dai_hoi_tu"] = json!(dates.iter().min());
            v["dai_hoi_den"] = json!(dates.iter().max());
        }
        v["co_cau"] = json!(super::prose::by_kind(cells));
        // "thôn", "tổ dân phố" or both, as the village cells are.
        let has = |k| cells.iter().any(|c| c.loai == k);
        v["nhom_thon"] = json!(match (
            has(crate::data::LoaiChiBo::Thon),
            has(crate::data::LoaiChiBo::Tdp)
        ) {
            (true, false) => "thôn",
            (false, true) => "tổ dân phố",
            _ => "thôn, tổ dân phố",
        });
        let appointed: Vec<&ChiBo> = held.iter().copied().filter(|c| c.appointed()).collect();
        let default_body = format!("Ban Thường vụ {}", level.map_or("Đảng ủy", Cap::committee));
        v["chi_dinh_boi"] = json!(super::prose::appointed_by(&appointed, &default_body));
        v["chi_dinh"] = json!(appointed
            .iter()
            .map(|c| json!({
                "ten": c.ten,
                "co_quan": match c.co_quan_chi_dinh.trim() {
                    "" => default_body.as_str(),
                    b => b,
                },
                "quyet_dinh": super::prose::decision(c),
            }))
            .collect::<Vec<_>>());
        v["dai_hoi_diem"] = json!(cells
            .iter()
            .filter(|c| c.dai_hoi_diem)
            .map(|c| c.ten.clone())
            .collect::<Vec<_>>());
        v["chi_bo_khac"] = json!(cells.iter().filter(|c| !c.is_thon_tdp()).count());
        // The cell table's "Chi ủy viên" total: its column's sum (cells
        // without a committee count 0 there; `so_lieu.cap_uy_vien` counts
        // their secretary and deputy).
        v["tong_chi_uy_vien"] = json!(crate::stats::opt_sum(held.iter().map(|c| c.chi_uy_vien)));
        v["chi_bo_chi_dinh"] = json!(appointed.len());
        v["lan_thu_nhat"] = json!(cells
            .iter()
            .filter(|c| c.held() && c.lan_thu_nhat)
            .map(|c| json!({ "ten": c.ten, "nhiem_ky": c.nhiem_ky, "sap_nhap": c.sap_nhap }))
            .collect::<Vec<_>>());
        // Notes on cells that held their congress (a deferred cell's note
        // is printed with it in `chua_dai_hoi`).
        v["ghi_chu_chi_bo"] = json!(cells
            .iter()
            .filter(|c| c.held() && !c.ghi_chu.trim().is_empty())
            .map(|c| json!({ "ten": c.ten, "ghi_chu": c.ghi_chu }))
            .collect::<Vec<_>>());
        v["chua_dai_hoi"] = json!(cells
            .iter()
            .filter(|c| !c.held())
            .map(|c| json!({ "ten": c.ten, "ghi_chu": c.ghi_chu }))
            .collect::<Vec<_>>());
        v["chi_bo"] = serde_json::to_value(cells).expect("data serialises");
    }
    // Each secretary's and deputy's age; each cell's committee members as
    // the totals count them (its secretary and deputy when it has no
    // committee), so a table's column adds up to its total row.
    if let Some(rows) = v.get_mut("chi_bo").and_then(Value::as_array_mut) {
        for (i, c) in rows.iter_mut().enumerate() {
            if let Some(cell) = cells.and_then(|cs| cs.get(i)) {
                c["cap_uy_vien"] = json!(crate::stats::elected(cell));
                c["da_dai_hoi"] = json!(cell.held());
                // A post not filled is `false` for templates (`{% if
                // c.pho_bi_thu %}`); an unknown holder is absent (null).
                for (who, holder) in [("bi_thu", &cell.bi_thu), ("pho_bi_thu", &cell.pho_bi_thu)] {
                    if let Some(crate::data::Chuc::Khong) = holder {
                        c[who] = json!(false);
                    }
                }
            }
            for who in ["bi_thu", "pho_bi_thu"] {
                if let Some(b) = c
                    .get(who)
                    .and_then(|b| b.get("nam_sinh"))
                    .and_then(Value::as_i64)
                {
                    c[who]["tuoi"] = json!(year as i64 - b);
                }
            }
        }
    }
    v
}

fn ward_value(w: &DonVi, figures: Option<&crate::stats::SoLieuDonVi>, year: i32) -> Value {
    let base = serde_json::to_value(w).expect("data serialises");
    let empty = SoLieu::empty();
    let so_lieu = figures.map_or(&empty, |s| &s.so_lieu);
    unit_value(
        base,
        w.loai.full_name(&w.ten),
        Some(w.loai),
        w.chi_bo.as_deref(),
        so_lieu,
        year,
    )
}

/// The committee of a commune report (`own_cells`) as a `ward`.
fn committee_value(data: &Dataset, cells: &[ChiBo], stats: &Stats) -> Value {
    let base = json!({
        "ma": "",
        "ten": committee_place(data),
        "loai": level(data).map(words::id),
        "thu_tu": null,
        "tong_hop": data.dang_bo.ket_qua,
        "van_ban": null,
        "noi_dung": data.dang_bo.noi_dung,
        "tong_so_chi_bo": data.dang_bo.tong_so_chi_bo,
        "them": data.dang_bo.them,
    });
    unit_value(
        base,
        committee_place(data),
        level(data),
        Some(cells),
        &stats.thi_xa,
        data.report_year(),
    )
}

/// Wards in report order: the data's (sorted by `thu_tu` on load when
/// every unit has one).
pub fn ordered_wards(data: &Dataset) -> Vec<&DonVi> {
    data.don_vi.iter().collect()
}

/// Wards by name (settings `order.units: name`): explicit `thu_tu`
/// first, then Vietnamese collation.
pub fn collated_wards(data: &Dataset) -> Vec<&DonVi> {
    let mut w: Vec<&DonVi> = data.don_vi.iter().collect();
    w.sort_by(|a, b| {
        let ka = (a.thu_tu.is_none(), a.thu_tu, collate::key(&a.ten));
        let kb = (b.thu_tu.is_none(), b.thu_tu, collate::key(&b.ten));
        ka.cmp(&kb)
    });
    w
}

/// Wards in the order the settings ask for.
pub fn wards_in_order(data: &Dataset, by_name: bool) -> Vec<&DonVi> {
    if by_name {
        collated_wards(data)
    } else {
        ordered_wards(data)
    }
}

/// A serialisable value as JSON (data types serialise: tested).
mod erased {
    pub trait Ser {
        fn json(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Ser for T {
        fn json(&self) -> serde_json::Value {
            serde_json::to_value(self).expect("data serialises")
        }
    }
}

/// The document block of the report (`doc`): every header and closing
/// field, ready to print.
fn doc_block(data: &Dataset, scope: Scope) -> Value {
    let vb = &data.van_ban;
    let d = Date {
        year: vb.ngay.nam,
        month: vb.ngay.thang,
        day: vb.ngay.ngay,
    };
    let own = level(data);
    let cap_uy = own.map_or_else(
        || committee_short(&vb.co_quan),
        |c| c.committee().to_string(),
    );
    let cap_uy_cap_tren = superior_level(data).map_or_else(
        || superior_committee(&vb.cap_tren),
        |c| c.committee().to_string(),
    );
    let ke_hoach = vb
        .can_cu
        .iter()
        .find(|c| c.loai.to_lowercase().starts_with("kế hoạch"))
        .or(vb.can_cu.first());
    let tone = match vb.kieu_dau {
        KieuDau::Cu => "old",
        KieuDau::Moi => "new",
    };
    let mut doc = json!({
        "tone": tone,
        "nam": vb.ngay.nam,
        "ngay": date::iso(&d),
        "ngay_dong": date::place_line(&d),
        "nhiem_ky": vb.nhiem_ky,
        "cap_tren": vb.cap_tren,
        "co_quan": vb.co_quan,
        "so": format!("Số {}", vb.so_ky_hieu),
        "dia_danh_ngay": format!("{}, {}", vb.dia_danh, date::place_line(&d)),
        "loai": vb.loai,
        "trich_yeu": vb.trich_yeu,
        "title": format!("{} {}", first_upper(&vb.loai.to_lowercase()), vb.trich_yeu),
        "author": committee_name(&vb.co_quan),
        "noi_nhan": vb.noi_nhan,
        "tm": vb.nguoi_ky.tm,
        "chuc_vu": vb.nguoi_ky.chuc_vu,
        "nguoi_ky": vb.nguoi_ky.ho_ten,
        "cap_uy": cap_uy,
        "ban_thuong_vu": format!("Ban Thường vụ {cap_uy}"),
        "cap_uy_cap_tren": cap_uy_cap_tren,
        "ke_hoach": ke_hoach,
        "can_cu_cau": super::prose::grounds(&vb.can_cu),
        // The grounds other than `ke_hoach` (which the town report's
        // section II names in the article's words).
        "can_cu_khac": super::prose::grounds(
            &vb.can_cu
                .iter()
                .filter(|c| !ke_hoach.is_some_and(|k| std::ptr::eq(*c, k)))
                .cloned()
                .collect::<Vec<_>>()
        ),
        "chu_the": match vb.co_quan_bao_cao.trim() {
            // A board of the committee issues it ("BAN TỔ CHỨC TỈNH ỦY"):
            // the board reports.
            "" if board_name(&vb.co_quan).is_some() => board_name(&vb.co_quan).unwrap_or_default(),
            "" => match own_cells(data) {
                // A commune committee on its own cells: "Ban Thường vụ
                // Đảng ủy xã Mẫu Sơn".
                Some(_) => format!("Ban Thường vụ {cap_uy} {}", committee_place(data)),
                None => format!("Ban Thường vụ {cap_uy}"),
            },
            who => who.to_string(),
        },
        "truong_thon": data
            .dang_bo
            .chuc_danh_truong_thon
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .unwrap_or("thôn trưởng, tổ trưởng TDP"),
    });
    if let Scope::Ward(w) = scope {
        // A ward report is issued by the ward's party committee; the ward's
        // own `van_ban` gives its number, date, signer and recipients, and
        // what it lacks is left blank to fill in by hand.
        let own = w.van_ban.clone().unwrap_or_default();
        let full = w.loai.full_name(&w.ten);
        let ward_uy = w.loai.committee();
        let wd = own.ngay.map_or(d, |n| Date {
            year: n.nam,
            month: n.thang,
            day: n.ngay,
        });
        let place = own.dia_danh.clone().unwrap_or_else(|| w.ten.clone());
        doc["cap_tren"] = json!(data.dang_bo.ten.to_uppercase());
        doc["co_quan"] = json!(format!("{ward_uy} {full}").to_uppercase());
        doc["so"] = json!(match &own.so_ky_hieu {
            Some(so) => format!("Số {so}"),
            None => format!("Số      -BC/{}", w.loai.symbol()),
        });
        doc["ngay"] = json!(date::iso(&wd));
        doc["ngay_dong"] = json!(date::place_line(&wd));
        doc["dia_danh_ngay"] = json!(format!("{place}, {}", date::place_line(&wd)));
        doc["author"] = json!(format!("{ward_uy} {full}"));
        doc["title"] = json!(format!(
            "Báo cáo kết quả đại hội chi bộ trực thuộc Đảng bộ {full}"
        ));
        doc["trich_yeu"] = json!(format!(
            "kết quả đại hội chi bộ trực thuộc Đảng bộ {full}, nhiệm kỳ {}",
            vb.nhiem_ky
        ));
        doc["noi_nhan"] = json!(own.noi_nhan.clone().unwrap_or_else(|| vec![
            format!("Ban Tổ chức {}", cap_uy),
            "Các chi bộ trực thuộc".to_string(),
            format!("Lưu Văn phòng {ward_uy}.")
        ]));
        let signer = own.nguoi_ky.clone();
        doc["tm"] = json!(signer
            .as_ref()
            .map_or(format!("T/M {}", ward_uy.to_uppercase()), |s| s.tm.clone()));
        doc["chuc_vu"] = json!(signer
            .as_ref()
            .map_or("BÍ THƯ".to_string(), |s| s.chuc_vu.clone()));
        doc["nguoi_ky"] = json!(signer.map_or(String::new(), |s| s.ho_ten));
        doc["cap_uy"] = json!(ward_uy);
        doc["ban_thuong_vu"] = json!(format!("Ban Thường vụ {ward_uy}"));
        doc["chu_the"] = json!(format!("Ban Thường vụ {ward_uy} {full}"));
        doc["cap_uy_cap_tren"] = json!(cap_uy);
    }
    let summary = doc["trich_yeu"].as_str().unwrap_or_default().to_string();
    doc["trich_yeu_dong"] = json!(summary_lines(&summary));
    doc
}

/// The part of the context every report of a dataset shares: the data, the
/// wards in report order with their figures, and all derived figures, each
/// converted to a Tera value once. Tera values are reference-counted, so a
/// report's context clones them in O(1); a batch builds this once instead
/// of once per ward (which made each ward's context grow with the town).
///
/// [`Shared::for_wards`] leaves out what only a town report reads (every
/// ward's value as `don_vi`, all figures as `stats`: most of a batch's
/// memory after the data), for templates that never name them: a ward's
/// own value is then converted when its report is made, and a town report
/// converts the rest for itself.
pub struct Shared {
    van_ban: tera::Value,
    dang_bo: tera::Value,
    tong_don_vi: tera::Value,
    cap: tera::Value,
    cap_tren: tera::Value,
    /// Each ward's figures by id (the first ward of an id, as `Stats::ward`).
    by_id: std::collections::HashMap<String, usize>,
    town: Option<TownValues>,
    /// A town report converts only what the built-in templates read.
    lean: bool,
    /// Units by name (settings `order.units: name`), else the file's order.
    by_name: bool,
}

/// What [`Shared`] holds for a town report.
struct TownValues {
    /// `don_vi`: the wards in report order.
    don_vi: tera::Value,
    /// Each ward's value (the items of `don_vi`), by the address of its
    /// `DonVi` in the dataset (ids may repeat in invalid data).
    wards: std::collections::HashMap<usize, tera::Value>,
    /// `stats`; `None` for the built-in town templates, which never read it.
    stats: Option<tera::Value>,
}

/// Each ward's figures by its id (the first of a repeated id, as before).
fn figures_by_id(stats: &Stats) -> std::collections::HashMap<&str, &crate::stats::SoLieuDonVi> {
    stats
        .don_vi
        .iter()
        .rev()
        .map(|w| (w.ma.as_str(), w))
        .collect()
}

impl TownValues {
    /// As [`TownValues::new`], for the built-in town templates: each ward
    /// with only what they read of it, no `stats` (see [`Shared::lean_town`]).
    fn lean(data: &Dataset, stats: &Stats, by_name: bool) -> TownValues {
        let by_id = figures_by_id(stats);
        let empty = SoLieu::empty();
        let values: Vec<tera::Value> = wards_in_order(data, by_name)
            .into_iter()
            .map(|w| {
                let so_lieu = by_id.get(w.ma.as_str()).map_or(&empty, |s| &s.so_lieu);
                to_tera(&json!({
                    "ten_day_du": w.loai.full_name(&w.ten),
                    "so_lieu": serde_json::to_value(so_lieu).expect("figures serialise"),
                }))
            })
            .collect();
        TownValues {
            don_vi: tera::Value::from(values),
            wards: std::collections::HashMap::new(),
            stats: None,
        }
    }

    fn new(data: &Dataset, stats: &Stats, by_name: bool) -> TownValues {
        let year = data.report_year();
        let by_id = figures_by_id(stats);
        let mut wards = std::collections::HashMap::new();
        let values: Vec<tera::Value> = wards_in_order(data, by_name)
            .into_iter()
            .map(|w| {
                let v = to_tera(&ward_value(w, by_id.get(w.ma.as_str()).copied(), year));
                wards.insert(w as *const DonVi as usize, v.clone());
                v
            })
            .collect();
        TownValues {
            don_vi: tera::Value::from(values),
            wards,
            stats: Some(tera::Value::from_serializable(stats)),
        }
    }
}

impl Shared {
    /// Convert what every report of `data` reads.
    pub fn new(data: &Dataset, stats: &Stats) -> Shared {
        Shared::new_in_order(data, stats, false)
    }

    /// As [`Shared::new`], units by name when `by_name`.
    pub fn new_in_order(data: &Dataset, stats: &Stats, by_name: bool) -> Shared {
        let mut shared = Shared::for_wards(data, stats).in_order(by_name);
        shared.town = Some(TownValues::new(data, stats, by_name));
        shared
    }

    /// Units by name (`true`) or in the file's order.
    pub fn in_order(mut self, by_name: bool) -> Shared {
        self.by_name = by_name;
        self
    }

    /// As [`Shared::new`] without `don_vi` and `stats` (see [`Shared`]):
    /// for reports whose templates never read them.
    pub fn for_wards(data: &Dataset, stats: &Stats) -> Shared {
        let json = |v: &dyn erased::Ser| to_tera(&v.json());
        let mut by_id = std::collections::HashMap::new();
        for (i, w) in stats.don_vi.iter().enumerate() {
            by_id.entry(w.ma.clone()).or_insert(i);
        }
        Shared {
            van_ban: json(&data.van_ban),
            dang_bo: json(&notes_kept_whole(&data.dang_bo)),
            tong_don_vi: tera::Value::from_serializable(&stats.thi_xa),
            cap_tren: to_tera(&words::words(
                superior_level(data),
                &[],
                &superior_committee(&data.van_ban.cap_tren),
            )),
            cap: to_tera(&words::words(
                level(data),
                &unit_kinds(data),
                &committee_short(&data.van_ban.co_quan),
            )),
            by_id,
            town: None,
            lean: false,
            by_name: false,
        }
    }

    /// For a town report run by the built-in templates only: each ward of
    /// `don_vi` with just `ten_day_du` and `so_lieu` (what the annex
    /// prints), no `stats` (they never read it). A tenth of the memory.
    pub fn lean_town(mut self) -> Shared {
        self.lean = true;
        self
    }

    /// Whether this holds what a town report reads.
    pub fn has_town(&self) -> bool {
        self.town.is_some()
    }

    fn ward_figures<'s>(
        &self,
        stats: &'s Stats,
        id: &str,
    ) -> Option<&'s crate::stats::SoLieuDonVi> {
        self.by_id.get(id).and_then(|&i| stats.don_vi.get(i))
    }
}

/// The town with each note's text (`noi_dung.chu_thich[].noi_dung`) ready
/// for a Markdown footnote definition `[^ma]: {{ c.noi_dung }}`: every line
/// after the first indented four spaces, so that a second paragraph or a
/// list stays in the note instead of falling into the body.
fn notes_kept_whole(dang_bo: &crate::data::DangBo) -> std::borrow::Cow<'_, crate::data::DangBo> {
    let multi = |c: &crate::data::ChuThich| c.noi_dung.trim_end().contains('\n');
    if !dang_bo.noi_dung.chu_thich.iter().any(multi) {
        return std::borrow::Cow::Borrowed(dang_bo);
    }
    let mut d = dang_bo.clone();
    for c in &mut d.noi_dung.chu_thich {
        c.noi_dung = indent_continuation(c.noi_dung.trim_end());
    }
    std::borrow::Cow::Owned(d)
}

/// Lines after the first indented by four spaces (blank lines left empty).
fn indent_continuation(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.trim().is_empty() {
                out.push_str("    ");
            }
        }
        out.push_str(line);
    }
    out
}

/// Build the context of a report.
pub fn build(data: &Dataset, stats: &Stats, scope: Scope) -> tera::Context {
    build_with(&Shared::new(data, stats), data, stats, scope)
}

/// Build the context of a report from the shared part of its dataset's
/// context ([`Shared::new`] of the same `data` and `stats`; for a ward
/// report, [`Shared::for_wards`] when its templates never read `don_vi`
/// nor `stats`: both are then left out of the context).
pub fn build_with(shared: &Shared, data: &Dataset, stats: &Stats, scope: Scope) -> tera::Context {
    let town_values;
    let town = match (&shared.town, scope) {
        (Some(t), _) => Some(t),
        (None, Scope::Town) => {
            town_values = if shared.lean {
                TownValues::lean(data, stats, shared.by_name)
            } else {
                TownValues::new(data, stats, shared.by_name)
            };
            Some(&town_values)
        }
        (None, Scope::Ward(_)) => None,
    };
    let so_lieu: SoLieu = match scope {
        Scope::Town => stats.thi_xa.clone(),
        Scope::Ward(w) => shared
            .ward_figures(stats, &w.ma)
            .map(|s| s.so_lieu.clone())
            .unwrap_or_else(SoLieu::empty),
    };
    let mut ctx = tera::Context::new();
    ctx.insert_value("van_ban", shared.van_ban.clone());
    ctx.insert_value("dang_bo", shared.dang_bo.clone());
    if let Some(t) = town {
        ctx.insert_value("don_vi", t.don_vi.clone());
    }
    ctx.insert("so_lieu", &so_lieu);
    // With wards, the town figures are their sum: the annex's total row.
    ctx.insert_value("tong_don_vi", shared.tong_don_vi.clone());
    if let Some(stats) = town.and_then(|t| t.stats.as_ref()) {
        ctx.insert_value("stats", stats.clone());
    }
    ctx.insert("doc", &doc_block(data, scope));
    ctx.insert_value("cap_tren", shared.cap_tren.clone());
    ctx.insert_value("cap", shared.cap.clone());
    match scope {
        Scope::Town => match own_cells(data) {
            Some(cells) => {
                // A commune committee on its own cells: a report on cells.
                ctx.insert("kind", "ward");
                ctx.insert_value("ward", to_tera(&committee_value(data, cells, stats)));
            }
            None => ctx.insert("kind", "town"),
        },
        Scope::Ward(w) => {
            ctx.insert("kind", "ward");
            let ward = match town.and_then(|t| t.wards.get(&(w as *const DonVi as usize))) {
                Some(v) => v.clone(),
                None => to_tera(&ward_value(
                    w,
                    shared.ward_figures(stats, &w.ma),
                    data.report_year(),
                )),
            };
            ctx.insert_value("ward", ward);
        }
    }
    ctx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committee_names() {
        assert_eq!(committee_short("THỊ ỦY KỲ ANH"), "Thị ủy");
        assert_eq!(committee_name("THỊ ỦY KỲ ANH"), "Thị ủy Kỳ Anh");
        assert_eq!(committee_name("ĐẢNG ỦY XÃ SƠN TÂN"), "Đảng ủy xã Sơn Tân");
        assert_eq!(
            committee_name("ĐẢNG ỦY THỊ TRẤN KỲ ĐỒNG"),
            "Đảng ủy thị trấn Kỳ Đồng"
        );
        assert_eq!(committee_name("HUYỆN ỦY CAN LỘC"), "Huyện ủy Can Lộc");
        assert_eq!(
            board_name("BAN TỔ CHỨC TỈNH ỦY").as_deref(),
            Some("Ban Tổ chức Tỉnh ủy")
        );
        assert_eq!(
            board_name("BAN TỔ CHỨC HUYỆN ỦY CAN LỘC").as_deref(),
            Some("Ban Tổ chức Huyện ủy Can Lộc")
        );
        assert_eq!(board_name("THỊ ỦY KỲ ANH"), None);
        assert_eq!(board_name("BAN CHẤP HÀNH"), None);
        assert_eq!(superior_committee("ĐẢNG BỘ TỈNH HÀ TĨNH"), "Tỉnh ủy");
        assert_eq!(superior_committee("ĐẢNG BỘ THÀNH PHỐ HÀ NỘI"), "Thành ủy");
    }

    #[test]
    fn note_text_continues_under_its_definition() {
        assert_eq!(
            indent_continuation("Một.\n\nHai.\n- a\n  - b"),
            "Một.\n\n    Hai.\n    - a\n      - b"
        );
        assert_eq!(indent_continuation("Một dòng."), "Một dòng.");
    }
}

/// The summary line (trích yếu) as printed under BÁO CÁO: a long one is
/// split before ", nhiệm kỳ" so the term never breaks across lines.
pub fn summary_lines(summary: &str) -> Vec<String> {
    const LONG: usize = 60;
    match summary.find(", nhiệm kỳ ") {
        Some(i) if summary.chars().count() > LONG => {
            vec![summary[..=i].to_string(), summary[i + 2..].to_string()]
        }
        _ => vec![summary.to_string()],
    }
}

#[cfg(test)]
mod summary_tests {
    #[test]
    fn a_long_summary_is_split_before_the_term() {
        assert_eq!(
            super::summary_lines(
                "kết quả đại hội chi bộ trực thuộc Đảng bộ phường Kỳ Liên, nhiệm kỳ 2019 - 2022"
            ),
            [
                "kết quả đại hội chi bộ trực thuộc Đảng bộ phường Kỳ Liên,",
                "nhiệm kỳ 2019 - 2022"
            ]
        );
        assert_eq!(
            super::summary_lines("kết quả, nhiệm kỳ 2019 - 2022").len(),
            1
        );
    }
}
