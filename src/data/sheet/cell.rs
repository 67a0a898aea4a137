//! One cell's value, read as the kind its column holds: what a clerk types
//! (numbers as text, `15/8/2019`, "có", the drop-down label) becomes the
//! YAML value the model expects, or a message saying why not.

use yaml_serde::Value;

use super::schema::{Kind, ALIASES};
use super::Raw;
use crate::data::Ngay;

/// Text as a key to match headers, labels and choices: NFC, old tone
/// style, lower case, single spaces, no trailing `*` or `:`.
pub fn fold(s: &str) -> String {
    let nfc = crate::data::normalize(s);
    let styled = crate::data::dau::apply(&nfc, crate::data::KieuDau::Cu);
    let lower = styled.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    words
        .join(" ")
        .trim_end_matches(['*', ':'])
        .trim()
        .to_string()
}

/// The cell as text (trimmed, NFC, no-break spaces as spaces); `None` when blank.
pub fn text(raw: &Raw) -> Option<String> {
    let s = match raw {
        Raw::Empty => return None,
        Raw::Text(s) | Raw::Iso(s) => {
            // Most cells are already NFC with plain spaces: no copy to normalise.
            let plain = unicode_normalization::is_nfc(s)
                && !s.contains(['\u{feff}', '\u{a0}', '\u{2007}', '\u{202f}']);
            if plain {
                let t = s.trim();
                return (!t.is_empty()).then(|| t.to_string());
            }
            crate::data::normalize(s)
        }
        Raw::Number(n) => number_text(*n),
        Raw::Percent(f) => format!("{}%", number_text(percent_of(*f))).replace('.', ","),
        Raw::Bool(b) => if *b { "có" } else { "không" }.to_string(),
        Raw::Date(serial) => match from_serial(*serial) {
            Ok(d) => format!("{}/{}/{}", d.ngay, d.thang, d.nam),
            Err(_) => number_text(*serial),
        },
        Raw::Error(e) => e.clone(),
    };
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Read `raw` as `kind`. `Ok(None)`: blank.
pub fn value(raw: &Raw, kind: Kind) -> Result<Option<Value>, String> {
    if let Raw::Error(e) = raw {
        return Err(format!("ô có lỗi công thức {e} (formula error)"));
    }
    let Some(t) = text(raw) else {
        return Ok(None);
    };
    if let Some(c) = t.chars().find(|c| crate::data::guard::forbidden(*c)) {
        return Err(format!(
            "ký tự điều khiển U+{:04X} không được phép trong văn bản (control character)",
            c as u32
        ));
    }
    let v = match kind {
        Kind::Text | Kind::WardRef => Value::String(t),
        Kind::List => Value::Sequence(
            t.lines()
                .map(|l| l.trim().trim_start_matches("- ").trim())
                .filter(|l| !l.is_empty())
                .map(|l| Value::String(l.to_string()))
                .collect(),
        ),
        Kind::Count => {
            let n = whole(raw, &t)?;
            if !(0..=u32::MAX as i64).contains(&n) {
                return Err(format!("`{t}`: cần số nguyên không âm (a count)"));
            }
            Value::Number(n.into())
        }
        Kind::Int => {
            let n = whole(raw, &t)?;
            if i32::try_from(n).is_err() {
                return Err(format!("`{t}`: số quá lớn (out of range)"));
            }
            Value::Number(n.into())
        }
        Kind::Percent => Value::Number(percent(raw, &t)?.into()),
        Kind::Date => Value::String(date(raw, &t)?.to_string()),
        Kind::Bool => Value::Bool(boolean(raw, &t)?),
        Kind::Choice(list) => Value::String(choice(&t, list)?.to_string()),
        Kind::Any => match raw {
            Raw::Bool(b) => Value::Bool(*b),
            Raw::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
                Value::Number((*n as i64).into())
            }
            Raw::Number(n) => Value::Number((*n).into()),
            Raw::Percent(f) => Value::Number(percent_of(*f).into()),
            Raw::Date(_) | Raw::Iso(_) => Value::String(date(raw, &t)?.to_string()),
            _ => any_text(t),
        },
    };
    Ok(Some(v))
}

/// An extra (`them`) value typed as text: `120` and `1.5` (as a number
/// cell shows them) are numbers, `có`/`không` yes/no, so a CSV folder reads
/// like its workbook; anything else is text. The writer refuses a text that
/// this would read as something else.
pub fn any_text(t: String) -> Value {
    if let Ok(i) = t.parse::<i64>() {
        if i.to_string() == t && i.unsigned_abs() < 1_000_000_000_000_000 {
            return Value::Number(i.into());
        }
    }
    if let Ok(f) = t.parse::<f64>() {
        if f.is_finite() && t.contains('.') && format!("{f}") == t {
            return Value::Number(f.into());
        }
    }
    match t.as_str() {
        "có" => Value::Bool(true),
        "không" => Value::Bool(false),
        _ => Value::String(t),
    }
}

/// A whole number: a number cell, or text `12`, ` 12 `, `4.283`, `1 234`,
/// `12,0`, `1.234.567`, `1,234,567`. `4,000` is refused, not guessed: in
/// Vietnamese the comma is the decimal mark (4), in English a thousands
/// separator (4000).
fn whole(raw: &Raw, t: &str) -> Result<i64, String> {
    let bad = || format!("`{t}` không phải số nguyên (not a whole number)");
    let f = match raw {
        Raw::Number(n) => *n,
        _ => {
            let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            let plain = match plain_number(&compact) {
                Plain::Number(p) => p,
                Plain::Ambiguous => {
                    return Err(format!(
                        "`{t}`: không rõ dấu phẩy là dấu thập phân hay phân cách hàng nghìn; hãy gõ số không có dấu phân cách, vd. 4000 (ambiguous separator)"
                    ))
                }
            };
            plain.parse::<f64>().map_err(|_| bad())?
        }
    };
    if !f.is_finite() || f.fract() != 0.0 || f.abs() > 1e15 {
        return Err(bad());
    }
    Ok(f as i64)
}

enum Plain {
    Number(String),
    Ambiguous,
}

/// Digits grouped by `sep` in threes after a first group of 1 to 3 digits
/// (a sign allowed): `1.234.567`.
fn grouped(s: &str, sep: char) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let mut groups = s.split(sep);
    let first = groups.next().unwrap_or("");
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    digits(first)
        && first.len() <= 3
        && s.contains(sep)
        && groups.all(|g| g.len() == 3 && digits(g))
}

/// `compact` (no spaces) as Rust parses numbers: grouping removed, the
/// decimal mark a dot.
fn plain_number(compact: &str) -> Plain {
    let (dots, commas) = (compact.matches('.').count(), compact.matches(',').count());
    match (dots, commas) {
        (0, 0) => Plain::Number(compact.to_string()),
        // `4.283`, `1.234.567`: grouped (a count has no decimals); `12.5`: as is.
        (_, 0) if grouped(compact, '.') => Plain::Number(compact.replace('.', "")),
        (_, 0) => Plain::Number(compact.to_string()),
        (0, 1) if grouped(compact, ',') => Plain::Ambiguous,
        (0, _) if grouped(compact, ',') => Plain::Number(compact.replace(',', "")),
        (0, _) => Plain::Number(compact.replace(',', ".")),
        // Both: the last one is the decimal mark, the other groups.
        _ => {
            let last_dot = compact.rfind('.').unwrap_or(0);
            let last_comma = compact.rfind(',').unwrap_or(0);
            let (group, decimal) = if last_comma > last_dot {
                ('.', ',')
            } else {
                (',', '.')
            };
            let cut = compact.rfind(decimal).unwrap_or(compact.len());
            let (int, frac) = compact.split_at(cut);
            if grouped(int, group) && !frac[1..].contains([group, decimal]) {
                Plain::Number(format!("{}.{}", int.replace(group, ""), &frac[1..]))
            } else {
                Plain::Number(compact.to_string())
            }
        }
    }
}

/// The percentage a percent-formatted cell shows: 0.2703 -> 27.03 (the
/// float error of the product rounded away).
fn percent_of(fraction: f64) -> f64 {
    let p = fraction * 100.0;
    let r = (p * 1e9).round() / 1e9;
    if r.is_finite() {
        r
    } else {
        p
    }
}

fn percent(raw: &Raw, t: &str) -> Result<f64, String> {
    let v = match raw {
        Raw::Number(n) => *n,
        Raw::Percent(f) => percent_of(*f),
        _ => t
            .trim_end_matches('%')
            .trim()
            .replace(',', ".")
            .parse::<f64>()
            .map_err(|_| format!("tỉ lệ `{t}` không phải số phần trăm (vd. 31,51%)"))?,
    };
    if v.is_finite() {
        Ok(v)
    } else {
        Err(format!("tỉ lệ `{t}` không phải số hữu hạn"))
    }
}

/// An Excel date, a serial number, `15/8/2019`, `15-8-2019`, `15.8.2019`,
/// `2019-08-15` (ISO, also with a time).
fn date(raw: &Raw, t: &str) -> Result<Ngay, String> {
    match raw {
        Raw::Date(serial) | Raw::Number(serial) => from_serial(*serial),
        _ => {
            let s = t.split(['T', ' ']).next().unwrap_or(t);
            let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
            if parts.len() == 3 {
                let [a, b, c] = [parts[0], parts[1], parts[2]];
                let (y, m, d) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
                if let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) {
                    return Ngay::new(y, m, d);
                }
            }
            Err(format!(
                "ngày `{t}` không đúng dạng ngày/tháng/năm (vd. 15/8/2019)"
            ))
        }
    }
}

/// Excel's serial day number (1900 system, with its phantom 29/2/1900).
pub fn from_serial(serial: f64) -> Result<Ngay, String> {
    let days = serial.floor();
    if !(61.0..=2_958_465.0).contains(&days) {
        return Err(format!(
            "số ngày {} không phải một ngày hợp lệ (not a date)",
            number_text(serial)
        ));
    }
    // Days since 1970-01-01 (serial 25569), then the civil calendar.
    let z = days as i64 - 25569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    Ngay::new(y, m, d)
}

/// The serial day number of a date (inverse of [`from_serial`]).
pub fn to_serial(d: Ngay) -> f64 {
    let y = i64::from(d.nam) - i64::from(d.thang <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(d.thang);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d.ngay) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468 + 25569) as f64
}

fn boolean(raw: &Raw, t: &str) -> Result<bool, String> {
    if let Raw::Bool(b) = raw {
        return Ok(*b);
    }
    match fold(t).as_str() {
        "có" | "co" | "x" | "1" | "true" | "đúng" | "yes" | "y" | "c" => Ok(true),
        "không" | "khong" | "0" | "false" | "sai" | "no" | "n" | "k" => Ok(false),
        _ => Err(format!("`{t}`: cần \"có\" hoặc \"không\" (yes/no)")),
    }
}

fn choice(t: &str, list: &[(&'static str, &'static str)]) -> Result<&'static str, String> {
    let k = fold(t);
    if let Some((key, _)) = list
        .iter()
        .find(|(key, label)| fold(label) == k || *key == k)
    {
        return Ok(key);
    }
    if let Some((_, key)) = ALIASES
        .iter()
        .find(|(alias, key)| fold(alias) == k && list.iter().any(|(k2, _)| k2 == key))
    {
        return Ok(list
            .iter()
            .find(|(k2, _)| k2 == key)
            .map_or("", |(k2, _)| k2));
    }
    let labels: Vec<String> = list.iter().map(|(_, l)| format!("\"{l}\"")).collect();
    Err(format!(
        "`{t}` không có trong danh sách: {} (not in the list)",
        labels.join(", ")
    ))
}

/// The label a choice's YAML value is shown with.
pub fn choice_label(key: &str, list: &[(&'static str, &'static str)]) -> Option<&'static str> {
    list.iter().find(|(k, _)| *k == key).map(|(_, l)| *l)
}

/// "A", "B", ..., "Z", "AA": the column letters of 0-based `col`.
pub fn column_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// "F12" for 0-based row 11, col 5.
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_round_trip() {
        let d = Ngay::new(2019, 8, 15).unwrap();
        assert_eq!(to_serial(d), 43692.0);
        assert_eq!(from_serial(43692.0).unwrap(), d);
        assert_eq!(from_serial(43692.75).unwrap(), d);
        let leap = Ngay::new(2020, 2, 29).unwrap();
        assert_eq!(from_serial(to_serial(leap)).unwrap(), leap);
        assert!(from_serial(12.0).is_err());
    }

    #[test]
    fn typed_values() {
        let t = |s: &str| Raw::Text(s.to_string());
        assert_eq!(
            value(&t(" 4.283 "), Kind::Count).unwrap(),
            Some(4283.into())
        );
        assert_eq!(value(&t("12"), Kind::Count).unwrap(), Some(12.into()));
        assert_eq!(
            value(&Raw::Number(12.0), Kind::Count).unwrap(),
            Some(12.into())
        );
        assert!(value(&t("tám"), Kind::Count).is_err());
        let count = |s: &str| value(&t(s), Kind::Count);
        assert_eq!(count("1.234.567").unwrap(), Some(1234567.into()));
        assert_eq!(count("1,234,567").unwrap(), Some(1234567.into()));
        assert_eq!(count("1.234,0").unwrap(), Some(1234.into()));
        assert_eq!(count("12,0").unwrap(), Some(12.into()));
        assert!(count("4,000").unwrap_err().contains("không rõ"));
        assert!(count("4,5").is_err());
        assert!(count("4294967296").is_err());
        assert_eq!(
            value(&Raw::Percent(0.2703), Kind::Percent).unwrap(),
            Some(27.03.into())
        );
        assert_eq!(text(&Raw::Percent(0.2703)).as_deref(), Some("27,03%"));
        assert!(value(&t("-3"), Kind::Count).is_err());
        assert!(value(&Raw::Number(2.5), Kind::Count).is_err());
        let date = |s| value(&t(s), Kind::Date).unwrap().unwrap();
        assert_eq!(date("15/8/2019"), Value::String("2019-08-15".into()));
        assert_eq!(date("2019-08-15"), Value::String("2019-08-15".into()));
        assert_eq!(
            date("2019-08-15T00:00:00"),
            Value::String("2019-08-15".into())
        );
        assert!(value(&t("31/2/2019"), Kind::Date).is_err());
        assert_eq!(
            value(&t("31,51%"), Kind::Percent).unwrap(),
            Some(31.51.into())
        );
        assert_eq!(value(&t("X"), Kind::Bool).unwrap(), Some(true.into()));
        assert_eq!(value(&t("Không"), Kind::Bool).unwrap(), Some(false.into()));
        let loai = super::super::schema::LOAI_CHI_BO;
        let c = |s| value(&t(s), Kind::Choice(loai));
        assert_eq!(c("tổ dân phố").unwrap(), Some("tdp".into()));
        assert_eq!(c("TDP").unwrap(), Some("tdp".into()));
        assert_eq!(c("truong_hoc").unwrap(), Some("truong_hoc".into()));
        assert!(c("Thôn xóm").is_err());
    }

    #[test]
    fn letters() {
        assert_eq!(a1(11, 5), "F12");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn folding() {
        assert_eq!(fold("  Năm sinh\n bí thư * "), "năm sinh bí thư");
        assert_eq!(fold("THỊ UỶ"), fold("Thị ủy"));
        let nfd: String =
            unicode_normalization::UnicodeNormalization::nfd("Số đảng viên").collect();
        assert_eq!(fold(&nfd), "số đảng viên");
    }
}
