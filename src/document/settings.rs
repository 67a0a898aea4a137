//! Page settings: paper, margins, fonts, sizes and spacing. They come from the
//! template set's `settings.yaml` (built-in: `templates/settings.yaml`); both
//! writers read them from [`crate::document::Document::settings`]. The
//! defaults are that file itself, so no format rule is written twice.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The built-in settings file.
pub const BUILTIN_SETTINGS: &str = include_str!("../../templates/settings.yaml");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageSettings {
    pub paper: Paper,
    pub margins: Margins,
    pub fonts: FontPaths,
    pub body: BodyText,
    /// Index 0 is level 1.
    pub headings: Vec<HeadingStyle>,
    pub lists: ListStyle,
    pub footnotes: FootnoteStyle,
    pub tables: TableStyle,
    pub images: ImageStyle,
    pub page_number: PageNumber,
    pub header: HeaderStyle,
    pub closing: ClosingStyle,
    /// Text replacements made on narrative and template text (never on
    /// data names): straight quotes to curly ones.
    #[serde(default)]
    pub typography: Typography,
    /// The order units (`don_vi`) are listed in: the data file's, or by name.
    #[serde(default)]
    pub order: Order,
    /// Directory the font paths are relative to (not in the file).
    #[serde(skip)]
    pub base_dir: Option<PathBuf>,
}

/// The order of units in a report (the annex, a batch).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Order {
    #[serde(default)]
    pub units: UnitOrder,
}

/// `file`: as the data file lists them (by `thu_tu` when every unit has
/// one); `name`: Vietnamese collation of the names, after any `thu_tu`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitOrder {
    #[default]
    File,
    Name,
}

/// Typographic replacements, as Word's AutoFormat makes them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Typography {
    /// `"..."` becomes “...”, `'...'` ‘...’ and an apostrophe ’ in
    /// narrative and template text; data names print exactly as written.
    #[serde(default = "yes")]
    pub smart_quotes: bool,
}

fn yes() -> bool {
    true
}

impl Default for Typography {
    fn default() -> Typography {
        Typography { smart_quotes: true }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paper {
    pub width: f32,
    pub height: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub right: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FontPaths {
    pub family: String,
    pub regular: String,
    pub bold: String,
    pub italic: String,
    pub bold_italic: String,
    /// Font files (relative to the settings file) for characters the family
    /// lacks (CJK, emoji, rare symbols), tried in order, per character.
    /// A single file may be written without the list brackets.
    #[serde(default, deserialize_with = "one_or_more")]
    pub fallback: Vec<String>,
}

/// A list of strings, or one string standing for a list of one.
fn one_or_more<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct V;
    impl<'de> serde::de::Visitor<'de> for V {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("một tệp phông hoặc danh sách tệp phông (a font file or a list of them)")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Vec<String>, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<String>, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut a: A,
        ) -> Result<Vec<String>, A::Error> {
            let mut out = Vec::new();
            while let Some(s) = a.next_element::<String>()? {
                out.push(s);
            }
            Ok(out)
        }
    }
    d.deserialize_any(V)
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodyText {
    pub size: f32,
    pub line: f32,
    pub space_before: f32,
    pub space_after: f32,
    pub first_line_indent: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadingStyle {
    pub size: f32,
    pub line: f32,
    pub bold: bool,
    pub italic: bool,
    pub space_before: f32,
    pub space_after: f32,
    pub indent: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListStyle {
    pub indent: f32,
    pub bullet: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FootnoteStyle {
    pub size: f32,
    pub line: f32,
    pub rule_length: f32,
    pub gap: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableStyle {
    pub size: f32,
    pub line: f32,
    pub padding: f32,
    pub border: f32,
    pub caption_size: f32,
    /// A table with more columns than this goes on landscape pages where the
    /// markup asks for it (`<!-- landscape: auto -->`, the town annex).
    pub landscape_columns: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageStyle {
    pub caption_size: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageNumber {
    pub size: f32,
    pub first_page: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderStyle {
    pub left_width: f32,
    pub superior_size: f32,
    pub issuer_size: f32,
    pub number_size: f32,
    pub motto_size: f32,
    pub place_date_size: f32,
    pub kind_size: f32,
    pub summary_size: f32,
    pub line: f32,
    pub space_after: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClosingStyle {
    pub left_width: f32,
    pub label_size: f32,
    pub recipients_size: f32,
    pub recipients_line: f32,
    pub authority_size: f32,
    pub title_size: f32,
    pub signer_size: f32,
    pub signature_lines: u32,
    pub space_before: f32,
}

/// An error in a settings file, with its location.
#[derive(Debug, thiserror::Error)]
#[error("{file}: thiết lập trang không hợp lệ (page settings): {message}")]
pub struct SettingsError {
    pub file: String,
    pub message: String,
}

impl SettingsError {
    /// The settings file.
    pub fn location(&self) -> crate::diagnostic::Location {
        crate::diagnostic::Location::File {
            file: self.file.clone(),
            line: None,
            column: None,
            field: None,
        }
    }
}

impl PageSettings {
    /// The built-in settings (`templates/settings.yaml`).
    pub fn builtin() -> PageSettings {
        Self::parse(BUILTIN_SETTINGS, "templates/settings.yaml")
            .expect("the built-in settings.yaml is valid (tested)")
    }

    /// Parse a complete settings file.
    pub fn parse(text: &str, file: &str) -> Result<PageSettings, SettingsError> {
        yaml_serde::from_str(text).map_err(|e| SettingsError {
            file: file.to_string(),
            message: e.to_string(),
        })
    }

    /// A user's settings file laid over the built-in one: keys it gives
    /// replace the built-in values, nested maps merge, unknown keys are errors.
    /// Not yet checked: [`super::checked::Settings::overlay`] checks it.
    pub fn overlay(text: &str, file: &Path) -> Result<PageSettings, SettingsError> {
        let name = file.display().to_string();
        let err = |message: String| SettingsError {
            file: name.clone(),
            message,
        };
        let mut base: yaml_serde::Value =
            yaml_serde::from_str(BUILTIN_SETTINGS).map_err(|e| err(e.to_string()))?;
        let user: yaml_serde::Value = yaml_serde::from_str(text).map_err(|e| err(e.to_string()))?;
        merge(&mut base, user);
        let mut settings: PageSettings =
            yaml_serde::from_value(base).map_err(|e| err(e.to_string()))?;
        settings.base_dir = file.parent().map(Path::to_path_buf);
        Ok(settings)
    }

    /// Every value within what a page can hold, so that neither writer
    /// meets a NaN, a negative size, a text block narrower than nothing or a
    /// billion signature lines: the error names the key and its range. The
    /// one validator: [`super::checked::Settings::new`] calls it, and a
    /// document holds only settings that passed it.
    pub fn validate(&self) -> Result<(), String> {
        let value = yaml_serde::to_value(self).map_err(|e| e.to_string())?;
        let mut problems = Vec::new();
        check_numbers(&value, "", &mut problems);
        if self.headings.is_empty() || self.headings.len() > 9 {
            problems.push(format!(
                "`headings`: 1 to 9 levels, not {}",
                self.headings.len()
            ));
        }
        if self.lists.bullet.chars().count() > 8 {
            problems.push("`lists.bullet`: at most 8 characters".into());
        }
        if problems.is_empty() {
            // The text block holds at least 20 mm and four letters of the
            // body across, 20 mm and four body lines down.
            let height = self.paper.height - self.margins.top - self.margins.bottom;
            if self.measure() < 20.0 || mm_to_pt(self.measure()) < 4.0 * self.body.size {
                problems.push(format!(
                    "`margins`: lề quá lớn so với khổ giấy (the text block is {:.0} mm wide: paper {} mm less margins {} + {}; at least 20 mm and 4 letters of {} pt)",
                    self.measure(),
                    self.paper.width,
                    self.margins.left,
                    self.margins.right,
                    self.body.size
                ));
            }
            // A cell keeps two letters of table text between its paddings
            // in a column of a wide table (12 columns, as an annex has, on
            // a landscape page): a larger padding printed the annex one
            // letter per line, or nothing.
            let column = self.measure_for(true) / WIDE_TABLE_COLUMNS;
            let text = column - 2.0 * self.tables.padding;
            if mm_to_pt(text) < 2.0 * self.tables.size {
                problems.push(format!(
                    "`tables.padding` = {}: lề trong ô bảng quá lớn, không còn chỗ cho chữ (a column of a {WIDE_TABLE_COLUMNS}-column table is {column:.0} mm; less twice the padding it must hold 2 letters of {} pt)",
                    self.tables.padding,
                    self.tables.size
                ));
            }
            if height < 20.0 || mm_to_pt(height) < 4.0 * self.body.line {
                problems.push(format!(
                    "`margins`: lề quá lớn so với khổ giấy (the text block is {height:.0} mm high: paper {} mm less margins {} + {}; at least 20 mm and 4 lines of {} pt)",
                    self.paper.height,
                    self.margins.top,
                    self.margins.bottom,
                    self.body.line
                ));
            }
        }
        match problems.is_empty() {
            true => Ok(()),
            false => Err(format!(
                "giá trị không dùng được (unusable values): {}",
                problems.join("; ")
            )),
        }
    }

    /// Width of the text block in mm.
    pub fn measure(&self) -> f32 {
        self.paper.width - self.margins.left - self.margins.right
    }

    /// The paper in an orientation: portrait as in the file, landscape with
    /// width and height swapped (the margins keep their names).
    pub fn paper_for(&self, landscape: bool) -> Paper {
        let (a, b) = (self.paper.width, self.paper.height);
        let (short, long) = (a.min(b), a.max(b));
        match landscape {
            true => Paper {
                width: long,
                height: short,
            },
            false => self.paper,
        }
    }

    /// Width of the text block in mm on a portrait or landscape page.
    pub fn measure_for(&self, landscape: bool) -> f32 {
        self.paper_for(landscape).width - self.margins.left - self.margins.right
    }

    /// Style of heading `level` (1-based); deeper levels reuse the last one.
    pub fn heading(&self, level: u8) -> &HeadingStyle {
        let i = (level.max(1) as usize - 1).min(self.headings.len().saturating_sub(1));
        &self.headings[i]
    }
}

impl Default for PageSettings {
    fn default() -> Self {
        Self::builtin()
    }
}

/// The columns of the widest table the settings must serve (the town
/// annex has 10 to 12) when checking `tables.padding`.
const WIDE_TABLE_COLUMNS: f32 = 12.0;

/// The range of a numeric setting, by its key: (min, max, unit).
fn range_of(path: &str) -> (f64, f64, &'static str) {
    let key = path.rsplit('.').next().unwrap_or(path);
    if path.starts_with("paper.") {
        (50.0, 558.0, "mm (Word's largest page is 558 mm)")
    } else if path.starts_with("margins.") {
        (0.0, 200.0, "mm")
    } else if key.ends_with("size") {
        (4.0, 100.0, "pt")
    } else if key == "line" || key.ends_with("_line") {
        (1.0, 200.0, "pt")
    } else if key == "left_width" {
        (5.0, 95.0, "%")
    } else if key == "signature_lines" {
        (0.0, 50.0, "lines")
    } else if key == "first_page" {
        (0.0, f64::from(u32::MAX), "")
    } else {
        (0.0, 200.0, "")
    }
}

fn check_numbers(v: &yaml_serde::Value, path: &str, problems: &mut Vec<String>) {
    use yaml_serde::Value;
    match v {
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            let (min, max, unit) = range_of(path);
            if !(x.is_finite() && (min..=max).contains(&x)) {
                problems.push(format!("`{path}` = {x}: from {min} to {max} {unit}"));
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                check_numbers(item, &format!("{path}[{i}]"), problems);
            }
        }
        Value::Mapping(map) => {
            for (k, item) in map {
                let k = k.as_str().unwrap_or("?");
                let p = if path.is_empty() {
                    k.to_string()
                } else {
                    format!("{path}.{k}")
                };
                check_numbers(item, &p, problems);
            }
        }
        _ => {}
    }
}

fn merge(base: &mut yaml_serde::Value, over: yaml_serde::Value) {
    use yaml_serde::Value;
    match (base, over) {
        (Value::Mapping(b), Value::Mapping(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

/// Millimetres to points.
pub fn mm_to_pt(mm: f32) -> f32 {
    mm * 72.0 / 25.4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_settings_parse_with_domain_defaults() {
        let s = PageSettings::builtin();
        assert_eq!((s.paper.width, s.paper.height), (210.0, 297.0));
        assert_eq!(
            (
                s.margins.top,
                s.margins.bottom,
                s.margins.left,
                s.margins.right
            ),
            (20.0, 20.0, 30.0, 15.0)
        );
        assert_eq!(s.body.size, 14.0);
        assert_eq!(s.footnotes.size, 12.0);
        assert_eq!(s.page_number.first_page, 2);
        assert_eq!(s.measure(), 165.0);
    }

    #[test]
    fn overlay_replaces_given_keys_only() {
        let s =
            PageSettings::overlay("body: { size: 13 }\n", Path::new("x/settings.yaml")).unwrap();
        assert_eq!(s.body.size, 13.0);
        assert_eq!(s.body.line, 19.0);
        assert_eq!(s.base_dir.as_deref(), Some(Path::new("x")));
    }

    #[test]
    fn builtin_settings_are_valid() {
        PageSettings::builtin().validate().unwrap();
    }

    #[test]
    fn overlay_rejects_values_no_page_can_hold() {
        for (text, key) in [
            ("paper: { width: 1e30 }", "paper.width"),
            ("body: { size: .nan }", "body.size"),
            ("body: { line: -5 }", "body.line"),
            ("margins: { left: 150, right: 150 }", "margins"),
            (
                "closing: { signature_lines: 4000000000 }",
                "closing.signature_lines",
            ),
            ("headings: []", "headings"),
            ("header: { left_width: 1000 }", "header.left_width"),
        ] {
            let e = crate::document::checked::Settings::overlay(text, Path::new("s.yaml"))
                .unwrap_err()
                .to_string();
            assert!(e.contains(&format!("`{key}")), "{text}: {e}");
        }
    }

    #[test]
    fn overlay_rejects_unknown_keys() {
        let e = PageSettings::overlay("body: { sise: 13 }\n", Path::new("s.yaml")).unwrap_err();
        assert!(e.to_string().contains("sise"), "{e}");
    }
}
