//! Small value types of the data format: a date and a stated percentage.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

/// A calendar date. Written `YYYY-MM-DD` in YAML (or as a map with
/// `nam`, `thang`, `ngay`); serialised as that map for templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Ngay {
    pub nam: i32,
    pub thang: u32,
    pub ngay: u32,
}

// A hand-written visitor (not `try_from`): errors raised inside it carry
// the location of the scalar itself.
impl<'de> Deserialize<'de> for Ngay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NgayVisitor)
    }
}

struct NgayVisitor;

impl<'de> Visitor<'de> for NgayVisitor {
    type Value = Ngay;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("một ngày dạng YYYY-MM-DD")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Ngay, E> {
        Ngay::parse(v).map_err(E::custom)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ngay, A::Error> {
        let (mut nam, mut thang, mut ngay) = (None, None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "nam" => nam = Some(map.next_value()?),
                "thang" => thang = Some(map.next_value()?),
                "ngay" => ngay = Some(map.next_value()?),
                other => return Err(de::Error::unknown_field(other, &["nam", "thang", "ngay"])),
            }
        }
        let nam = nam.ok_or_else(|| de::Error::missing_field("nam"))?;
        let thang = thang.ok_or_else(|| de::Error::missing_field("thang"))?;
        let ngay = ngay.ok_or_else(|| de::Error::missing_field("ngay"))?;
        Ngay::new(nam, thang, ngay).map_err(de::Error::custom)
    }
}

impl Ngay {
    /// A valid date, or a message saying why not.
    pub fn new(nam: i32, thang: u32, ngay: u32) -> Result<Self, String> {
        if !(1900..=2200).contains(&nam) {
            return Err(format!("năm {nam} ngoài khoảng 1900-2200"));
        }
        let days = match thang {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if (nam % 4 == 0 && nam % 100 != 0) || nam % 400 == 0 => 29,
            2 => 28,
            _ => return Err(format!("tháng {thang} không hợp lệ")),
        };
        if ngay == 0 || ngay > days {
            return Err(format!("ngày {ngay} không có trong tháng {thang}/{nam}"));
        }
        Ok(Ngay { nam, thang, ngay })
    }

    /// Parse `YYYY-MM-DD` (also accepts `DD/MM/YYYY`).
    pub fn parse(s: &str) -> Result<Self, String> {
        let bad = || format!("ngày `{s}` không đúng dạng YYYY-MM-DD");
        let s = s.trim();
        let parts: Vec<&str> = if s.contains('-') {
            s.split('-').collect()
        } else {
            s.split('/').rev().collect()
        };
        if parts.len() != 3 {
            return Err(bad());
        }
        let nam = parts[0].parse().map_err(|_| bad())?;
        let thang = parts[1].parse().map_err(|_| bad())?;
        let ngay = parts[2].parse().map_err(|_| bad())?;
        Ngay::new(nam, thang, ngay)
    }

    /// For the document meta.
    pub fn to_document_date(self) -> crate::document::Date {
        crate::document::Date {
            year: self.nam,
            month: self.thang,
            day: self.ngay,
        }
    }
}

impl std::fmt::Display for Ngay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.nam, self.thang, self.ngay)
    }
}

/// A required text field (`ma`, `ten`, `co_quan`, ...): any string but a
/// blank one. "   " would print "ĐẢNG ỦY XÃ" with no name or a date line
/// starting with a comma, so it is refused where it is written: the error
/// carries the scalar's line and column and (through the loader) its field
/// path. Used as `#[serde(deserialize_with = "required_text")]`, so every
/// input format that goes through the serde model gets the same check.
pub fn required_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_string(RequiredTextVisitor)
}

/// The message of a blank required field.
pub const BLANK_MESSAGE: &str = "trường bắt buộc không được để trống (required text is blank)";

struct RequiredTextVisitor;

impl Visitor<'_> for RequiredTextVisitor {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("văn bản không để trống")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        if v.trim().is_empty() {
            Err(E::custom(BLANK_MESSAGE))
        } else {
            Ok(v.to_string())
        }
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        if v.trim().is_empty() {
            Err(E::custom(BLANK_MESSAGE))
        } else {
            Ok(v)
        }
    }
}

/// A stated count with its stated percentage, e.g. "24 ... chiếm 31,51%".
/// `tren` is the denominator when it differs from the default one of the
/// section (the number of village/TDP cells). The percentage may be written
/// `31.51` or `"31,51%"`. The report never prints `ti_le`: it prints the
/// percentage computed from the counts, and `check` compares the two.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TiLeNeu {
    /// Stated count.
    pub so: u32,
    /// Stated denominator, if not the section's default.
    #[serde(default)]
    pub tren: Option<u32>,
    /// Stated percentage.
    #[serde(default)]
    pub ti_le: Option<PhanTram>,
}

/// A percentage as written: a number (`31.51`) or text (`"31,51%"`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(into = "f64")]
pub struct PhanTram(pub f64);

impl From<PhanTram> for f64 {
    fn from(p: PhanTram) -> f64 {
        p.0
    }
}

impl<'de> Deserialize<'de> for PhanTram {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PhanTramVisitor)
    }
}

struct PhanTramVisitor;

impl Visitor<'_> for PhanTramVisitor {
    type Value = PhanTram;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("một tỉ lệ phần trăm (31.51 hoặc \"31,51%\")")
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<PhanTram, E> {
        if v.is_finite() {
            Ok(PhanTram(v))
        } else {
            Err(E::custom("tỉ lệ không phải số hữu hạn"))
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<PhanTram, E> {
        Ok(PhanTram(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<PhanTram, E> {
        Ok(PhanTram(v as f64))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<PhanTram, E> {
        let t = s.trim().trim_end_matches('%').trim().replace(',', ".");
        match t.parse::<f64>() {
            Ok(v) => self.visit_f64(v),
            Err(_) => Err(E::custom(format!(
                "tỉ lệ `{s}` không phải số phần trăm (vd. 31,51%)"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(Ngay::parse("2019-08-15").unwrap().to_string(), "2019-08-15");
        assert_eq!(
            Ngay::parse("06/6/2019").unwrap(),
            Ngay::new(2019, 6, 6).unwrap()
        );
        assert!(Ngay::parse("2019-02-29").is_err());
        assert!(Ngay::parse("2020-02-29").is_ok());
        assert!(Ngay::parse("2019-13-01").is_err());
        assert!(Ngay::parse("hôm qua").is_err());
    }

    #[test]
    fn date_round_trips_through_its_map_form() {
        let d = Ngay::parse("2019-08-15").unwrap();
        let y = yaml_serde::to_string(&d).unwrap();
        assert_eq!(yaml_serde::from_str::<Ngay>(&y).unwrap(), d);
    }

    #[test]
    fn blank_required_text_is_refused() {
        #[derive(Deserialize, Debug)]
        struct T {
            #[serde(deserialize_with = "required_text")]
            ten: String,
        }
        assert_eq!(
            yaml_serde::from_str::<T>("ten: Kỳ Liên").unwrap().ten,
            "Kỳ Liên"
        );
        for blank in ["ten: \"   \"", "ten: ''", "ten: \"\\t \""] {
            let e = yaml_serde::from_str::<T>(blank).unwrap_err().to_string();
            assert!(e.contains("để trống"), "{blank}: {e}");
        }
    }

    #[test]
    fn percentages() {
        let p: PhanTram = yaml_serde::from_str("\"31,51%\"").unwrap();
        assert_eq!(p.0, 31.51);
        let p: PhanTram = yaml_serde::from_str("27.03").unwrap();
        assert_eq!(p.0, 27.03);
        assert!(yaml_serde::from_str::<PhanTram>("\"ba mươi\"").is_err());
    }
}
