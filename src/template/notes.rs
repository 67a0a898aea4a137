//! Footnote diagnostics in the user's terms: a note cited in the data but
//! never defined is an error naming the data field and line that cite it; a
//! note the data defines (`noi_dung.chu_thich`) but nothing cites is a
//! warning naming it and its data line. The markup stage finds both (it
//! knows only labels and markup lines); this maps them back to the data.

use serde_json::Value;

use crate::data::{Dataset, SheetPlace};
use crate::diagnostic::{Diagnostic, Location};
use crate::document::markup::UnusedNote;

/// Where in the data a footnote label is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataSpot {
    /// The data file's name ("" for data built in code).
    pub file: String,
    /// 1-based; `None` when the data has no source text.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// Field path from the root: `dang_bo.noi_dung.dac_diem`.
    pub path: String,
    /// For a workbook: the field's sheet and cell.
    pub cell: Option<SheetPlace>,
}

impl DataSpot {
    /// The place as a [`Location`], with its field: the line (and column)
    /// in the data file, else the workbook cell, else the field alone.
    pub fn to_location(&self) -> Location {
        if self.line.is_some() {
            return Location::File {
                file: self.file.clone(),
                line: self.line,
                column: self.column,
                field: Some(self.path.clone()),
            };
        }
        match &self.cell {
            Some(place) => place.location(&self.file).with_field(&self.path),
            None if self.file.is_empty() => Location::field(&self.path),
            None => Location::File {
                file: self.file.clone(),
                line: None,
                column: None,
                field: Some(self.path.clone()),
            },
        }
    }
}

/// The data field citing `[^label]`, if any field does (else the template
/// cites it, and the markup error stands).
pub fn citing_field(data: &Dataset, label: &str) -> Option<DataSpot> {
    let needle = format!("[^{label}]");
    let value = serde_json::to_value(data).ok()?;
    let mut path = String::new();
    let path = find_string(&value, &mut path, &|s| s.contains(&needle))?;
    let (file, text) = source(data);
    let (line, column) = text
        .and_then(|t| {
            t.lines().enumerate().find_map(|(i, l)| {
                let at = l.find(&needle)?;
                // Not in a YAML comment.
                let comment = l.trim_start().starts_with('#') || l[..at].contains(" #");
                (!comment).then(|| (i + 1, l[..at].chars().count() + 1))
            })
        })
        .unzip();
    let cell = sheet_cell(data, &path);
    Some(DataSpot {
        file,
        line,
        column,
        path,
        cell,
    })
}

/// Warnings for the data's own notes (`chu_thich` entries) that nothing
/// cites; notes the template defines and leaves unused are dropped silently
/// (a user block may replace the text that cited them).
pub fn unused_warnings(data: &Dataset, unused: &[UnusedNote]) -> Vec<Diagnostic> {
    if unused.is_empty() {
        return Vec::new();
    }
    let Ok(value) = serde_json::to_value(data) else {
        return Vec::new();
    };
    let (file, text) = source(data);
    let mut out = Vec::new();
    for u in unused {
        let Some(path) = chu_thich_path(&value, &u.label) else {
            continue;
        };
        let spot = DataSpot {
            file: file.clone(),
            line: text.and_then(|t| definition_line(t, &u.label)),
            column: None,
            cell: sheet_cell(data, &path),
            path,
        };
        out.push(
            Diagnostic::warning(format!(
                "chú thích `{}` không được dẫn ở đâu (thiếu [^{}] trong văn bản), bị bỏ (footnote defined but never cited: dropped)",
                u.label, u.label
            ))
            .at(spot.to_location()),
        );
    }
    out
}

/// The data field holding the text of note `label` (`...chu_thich[i].noi_dung`),
/// at the line of its `ma:`; `None` when the template defines the note.
pub fn note_field(data: &Dataset, label: &str) -> Option<DataSpot> {
    let value = serde_json::to_value(data).ok()?;
    let path = format!("{}.noi_dung", chu_thich_path(&value, label)?);
    let (file, text) = source(data);
    Some(DataSpot {
        file,
        line: text.and_then(|t| definition_line(t, label)),
        column: None,
        cell: sheet_cell(data, &path),
        path,
    })
}

/// The sheet and cell of a field path, for workbook input.
fn sheet_cell(data: &Dataset, path: &str) -> Option<SheetPlace> {
    data.source.as_ref()?.sheet.as_ref()?.sheet_place(path)
}

fn source(data: &Dataset) -> (String, Option<&str>) {
    match &data.source {
        Some(s) => (s.file.clone(), Some(s.text.as_str())),
        None => (String::new(), None),
    }
}

/// Depth-first, in field order: the path of the first string matching.
fn find_string(v: &Value, path: &mut String, hit: &dyn Fn(&str) -> bool) -> Option<String> {
    match v {
        Value::String(s) if hit(s) => Some(path.clone()),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            let found = find_string(item, path, hit);
            path.truncate(len);
            found
        }),
        Value::Object(map) => map.iter().find_map(|(k, item)| {
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(k);
            let found = find_string(item, path, hit);
            path.truncate(len);
            found
        }),
        _ => None,
    }
}

/// `dang_bo.noi_dung.chu_thich[3]` for the entry with `ma: label` (the
/// town's first, then the wards').
fn chu_thich_path(root: &Value, label: &str) -> Option<String> {
    let in_noi_dung = |nd: &Value, prefix: &str| {
        nd.get("chu_thich")?
            .as_array()?
            .iter()
            .position(|c| c.get("ma").and_then(Value::as_str) == Some(label))
            .map(|i| format!("{prefix}.chu_thich[{i}]"))
    };
    if let Some(p) = root
        .get("dang_bo")
        .and_then(|d| d.get("noi_dung"))
        .and_then(|nd| in_noi_dung(nd, "dang_bo.noi_dung"))
    {
        return Some(p);
    }
    root.get("don_vi")?
        .as_array()?
        .iter()
        .enumerate()
        .find_map(|(i, w)| in_noi_dung(w.get("noi_dung")?, &format!("don_vi[{i}].noi_dung")))
}

/// The line of `ma: label` under a `chu_thich:` key (block-style YAML, as
/// the data format shows it).
fn definition_line(text: &str, label: &str) -> Option<usize> {
    let mut in_notes = false;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with("chu_thich:") {
            in_notes = true;
            continue;
        }
        if !in_notes {
            continue;
        }
        let t = t.strip_prefix("- ").unwrap_or(t).trim_start();
        let Some(v) = t.strip_prefix("ma:") else {
            continue;
        };
        let v = v.split(" #").next().unwrap_or("").trim();
        let v = v.trim_matches(|c| c == '"' || c == '\'');
        if v == label {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definition_line_is_found_under_chu_thich() {
        let text = "don_vi:\n  - ma: a\n    noi_dung:\n      chu_thich:\n        - ma: b\n          noi_dung: x\n        - ma: \"a\"  # note\n";
        assert_eq!(definition_line(text, "a"), Some(7));
        assert_eq!(definition_line(text, "b"), Some(5));
        assert_eq!(definition_line(text, "c"), None);
    }
}
