//! A post's holder in the data: a person (a map), `khong` (the post is not
//! filled: no deputy), or nothing (unknown). Kept apart from the model so
//! that a person's own errors (an unknown key, a bad year) keep their
//! place: the map is read by [`NguoiGiuChuc`]'s own deserializer.

use std::fmt;

use serde::de::{self, value::MapAccessDeserializer, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::model::{Chuc, NguoiGiuChuc};

/// The words that say "none" (also as a name: a workbook's name cell).
pub fn is_khong(s: &str) -> bool {
    matches!(
        s.trim().to_lowercase().as_str(),
        "khong" | "không" | "không có" | "khong co"
    )
}

impl Serialize for Chuc {
    /// A person as its map; none as `{ ho_ten: không }`, which a workbook
    /// cell and a YAML file both read back as none.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Chuc::Co(p) => p.serialize(s),
            Chuc::Khong => {
                use serde::ser::SerializeMap;
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("ho_ten", "không")?;
                m.end()
            }
        }
    }
}

/// `bi_thu:` / `pho_bi_thu:`: a person, `khong`, `false`, or null.
pub fn option_chuc<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Chuc>, D::Error> {
    d.deserialize_any(ChucVisitor)
}

struct ChucVisitor;

impl<'de> Visitor<'de> for ChucVisitor {
    type Value = Option<Chuc>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("thông tin người giữ chức (ho_ten, gioi_tinh, nam_sinh...) hoặc `khong`")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(ChucVisitor)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        if v {
            Err(E::custom(
                "`true` không rõ là ai: ghi họ tên, hoặc `khong` khi không có",
            ))
        } else {
            Ok(Some(Chuc::Khong))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if is_khong(v) {
            Ok(Some(Chuc::Khong))
        } else {
            Err(E::custom(format!(
                "`{v}`: ghi dạng {{ ho_ten: ..., gioi_tinh: ..., nam_sinh: ... }}, hoặc `khong` khi không có"
            )))
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let p = NguoiGiuChuc::deserialize(MapAccessDeserializer::new(map))?;
        Ok(Some(if is_khong(&p.ho_ten) {
            Chuc::Khong
        } else {
            Chuc::Co(p)
        }))
    }
}
