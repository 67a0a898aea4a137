//! Where a character occurs in a data file: the field path and the line and
//! column of each value holding it, for messages about the rendered report
//! that must point at the data ("no font has U+6CB3", in `don_vi[0].ten`).
//!
//! The parsed [`super::Dataset`] keeps no positions, so the file is read
//! again (only when such a message is due) and walked by a probe type whose
//! visitor fails on the n-th string value holding the character: the parser
//! then reports that scalar's position and `serde_path_to_error` its path,
//! the same path and position a data error would name.

use std::cell::Cell;
use std::fmt;
use std::path::Path;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A place in the data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// Field path, as in data errors: `don_vi[0].chi_bo[1].ten`.
    pub path: String,
    /// 1-based line and column of the character.
    pub line: usize,
    pub column: usize,
    /// The whole value.
    pub value: String,
}

thread_local! {
    /// The character looked for and how many matching values to pass over.
    static TARGET: Cell<(char, usize)> = const { Cell::new(('\0', 0)) };
    /// The value the probe stopped at.
    static FOUND_VALUE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Marker message of the probe's deliberate error.
const FOUND: &str = "\u{0}found";

struct Probe;

impl<'de> Deserialize<'de> for Probe {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Probe, D::Error> {
        d.deserialize_any(ProbeVisitor)
    }
}

struct ProbeVisitor;

impl<'de> Visitor<'de> for ProbeVisitor {
    type Value = Probe;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Probe, E> {
        let (c, skip) = TARGET.with(Cell::get);
        if v.contains(c) {
            if skip == 0 {
                FOUND_VALUE.with(|f| *f.borrow_mut() = v.to_string());
                return Err(E::custom(FOUND));
            }
            TARGET.with(|t| t.set((c, skip - 1)));
        }
        Ok(Probe)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Probe, E> {
        Ok(Probe)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Probe, E> {
        Ok(Probe)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Probe, E> {
        Ok(Probe)
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Probe, E> {
        Ok(Probe)
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Probe, E> {
        Ok(Probe)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Probe, E> {
        Ok(Probe)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Probe, E> {
        Ok(Probe)
    }
    fn visit_none<E: de::Error>(self) -> Result<Probe, E> {
        Ok(Probe)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Probe, D::Error> {
        Probe::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Probe, A::Error> {
        while seq.next_element::<Probe>()?.is_some() {}
        Ok(Probe)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Probe, A::Error> {
        while map.next_key::<Probe>()?.is_some() {
            map.next_value::<Probe>()?;
        }
        Ok(Probe)
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Probe, A::Error> {
        use serde::de::VariantAccess;
        let (Probe, variant) = data.variant::<Probe>()?;
        variant.newtype_variant::<Probe>()
    }
}

/// The first `max` values of the YAML `text` (already normalised as the
/// loader does) that hold `c`, in file order.
pub fn find_char(text: &str, c: char, max: usize) -> Vec<Located> {
    let mut out = Vec::new();
    for skip in 0..max {
        TARGET.with(|t| t.set((c, skip)));
        let de = yaml_serde::Deserializer::from_str(text);
        let Err(e) = serde_path_to_error::deserialize::<_, Probe>(de) else {
            break;
        };
        if !e.inner().to_string().contains(FOUND) {
            break;
        }
        let Some(loc) = e.inner().location() else {
            break;
        };
        let (line, column) =
            char_position(text, loc.index(), c).unwrap_or((loc.line(), loc.column()));
        out.push(Located {
            path: e.path().to_string(),
            line,
            column,
            value: FOUND_VALUE.with(|f| std::mem::take(&mut *f.borrow_mut())),
        });
    }
    out
}

/// Line and column (1-based, in characters) of the first `c` at or after
/// byte `from` (the start of the scalar holding it).
fn char_position(text: &str, from: usize, c: char) -> Option<(usize, usize)> {
    let from = (0..=from.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))?;
    let at = from + text[from..].find(c)?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Some((line, text[line_start..at].chars().count() + 1))
}

/// [`find_char`] on a data file, read and normalised as the loader reads it;
/// empty when the file cannot be read.
pub fn find_char_in_file(path: &Path, c: char, max: usize) -> Vec<Located> {
    let Ok(bytes) = super::read_bounded(path, super::MAX_FILE_BYTES) else {
        return Vec::new();
    };
    match super::decode(&bytes) {
        Ok(text) => find_char(&super::normalize(&text), c, max),
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATA: &str = "van_ban:\n  so: \"05\"\ndon_vi:\n  - ma: a\n    ten: Kỳ Hà\n  - ma: b\n    ten: Chi bộ 河内 🌸\n    chi_bo:\n      - ten: |\n          dòng một\n          Tổ 河\n";

    #[test]
    fn each_value_holding_the_character_with_its_path_and_line() {
        let found = find_char(DATA, '河', 5);
        assert_eq!(
            found,
            vec![
                Located {
                    path: "don_vi[1].ten".into(),
                    line: 7,
                    column: 17,
                    value: "Chi bộ 河内 🌸".into(),
                },
                Located {
                    path: "don_vi[1].chi_bo[0].ten".into(),
                    line: 11,
                    column: 14,
                    value: "dòng một\nTổ 河\n".into(),
                },
            ]
        );
        assert_eq!(find_char(DATA, '🌸', 5)[0].path, "don_vi[1].ten");
        assert_eq!(find_char(DATA, '🌸', 5)[0].column, 20);
        assert!(find_char(DATA, '中', 5).is_empty());
        assert_eq!(find_char(DATA, '河', 1).len(), 1);
    }
}
