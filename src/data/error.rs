//! Load errors a user can act on: file, line, column, field path, message,
//! and for an unknown key or value the nearest known one.

use crate::diagnostic::{Diagnostic, Location, Severity};

/// Why a data file could not be loaded. `Display` is
/// `FILE:LINE:COL: field `path`: message`.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// The file could not be read.
    /// (The I/O error is shown, not chained: it would be printed twice.)
    #[error("{file}: không đọc được tệp: {}", crate::os_error::vi(error))]
    Io { file: String, error: std::io::Error },
    /// Malformed YAML (indentation, quotes, tabs, ...).
    #[error("{file}:{line}:{column}: YAML không hợp lệ: {message}")]
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// A key the format does not know.
    #[error(
        "{file}:{line}:{column}: field `{path}`: khóa không hợp lệ `{key}`{}",
        suggest(suggestion)
    )]
    UnknownKey {
        file: String,
        line: usize,
        column: usize,
        /// Path of the mapping holding the key.
        path: String,
        key: String,
        suggestion: Option<String>,
    },
    /// A required field is absent.
    #[error("{file}:{line}:{column}: field `{path}`: thiếu trường bắt buộc `{field}`")]
    MissingField {
        file: String,
        line: usize,
        column: usize,
        /// Path of the mapping lacking the field.
        path: String,
        field: String,
    },
    /// A value of the wrong type or out of range.
    #[error(
        "{file}:{line}:{column}: field `{path}`: {message}{}",
        suggest(suggestion)
    )]
    Invalid {
        file: String,
        line: usize,
        column: usize,
        path: String,
        message: String,
        suggestion: Option<String>,
    },
    /// A text value no report can hold (a control character written as an
    /// escape): the parser gives no position for a value, only its path.
    #[error("{file}: field `{path}`: {message}")]
    Text {
        file: String,
        path: String,
        message: String,
    },
    /// A problem in a workbook or CSV folder, at a sheet and cell:
    /// `du-lieu.xlsx: trang chi_bo, ô F12 (cột "Năm sinh bí thư"): ...`.
    #[error("{file}: {place}: {message}{}", suggest(suggestion))]
    Cell {
        file: String,
        place: Box<SheetPlace>,
        message: String,
        suggestion: Option<String>,
    },
}

/// Where in a workbook: the sheet, the cell (A1 form) if one, and the
/// column header (table sheet) or row label (form sheet) that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetPlace {
    pub sheet: String,
    pub cell: Option<String>,
    pub header: Option<String>,
    /// The header is a row label ("mục"), not a column header ("cột").
    pub label: bool,
}

impl std::fmt::Display for SheetPlace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "trang {}", self.sheet)?;
        if let Some(cell) = &self.cell {
            write!(f, ", ô {cell}")?;
        }
        if let Some(h) = &self.header {
            let word = if self.label { "mục" } else { "cột" };
            write!(f, " ({word} \"{h}\")")?;
        }
        Ok(())
    }
}

fn suggest(s: &Option<String>) -> String {
    match s {
        Some(s) => format!(" (có phải `{s}`?)"),
        None => String::new(),
    }
}

impl DataError {
    /// Line of the error (1-based), if it has one.
    pub fn line(&self) -> Option<usize> {
        match self {
            DataError::Io { .. } | DataError::Text { .. } | DataError::Cell { .. } => None,
            DataError::Syntax { line, .. }
            | DataError::UnknownKey { line, .. }
            | DataError::MissingField { line, .. }
            | DataError::Invalid { line, .. } => Some(*line),
        }
    }
}

impl SheetPlace {
    /// This place in `file` as a [`Location`].
    pub fn location(&self, file: &str) -> Location {
        Location::Cell {
            file: file.to_string(),
            sheet: self.sheet.clone(),
            cell: self.cell.clone(),
            header: self.header.clone(),
            label: self.label,
            field: None,
        }
    }
}

impl DataError {
    /// The error as a [`Diagnostic`]; its text is the error's own.
    pub fn diagnostic(&self) -> Diagnostic {
        let hint = |s: &Option<String>| s.as_ref().map(|s| format!("có phải `{s}`?"));
        let at = |file: &str, line: usize, column: usize| Location::file(file, line, column);
        let (location, message, hint) = match self {
            DataError::Io { file, error } => (
                Location::File {
                    file: file.clone(),
                    line: None,
                    column: None,
                    field: None,
                },
                format!("không đọc được tệp: {}", crate::os_error::vi(error)),
                None,
            ),
            DataError::Syntax {
                file,
                line,
                column,
                message,
            } => (
                at(file, *line, *column),
                format!("YAML không hợp lệ: {message}"),
                None,
            ),
            DataError::UnknownKey {
                file,
                line,
                column,
                path,
                key,
                suggestion,
            } => (
                at(file, *line, *column).with_field(path),
                format!("khóa không hợp lệ `{key}`"),
                hint(suggestion),
            ),
            DataError::MissingField {
                file,
                line,
                column,
                path,
                field,
            } => (
                at(file, *line, *column).with_field(path),
                format!("thiếu trường bắt buộc `{field}`"),
                None,
            ),
            DataError::Invalid {
                file,
                line,
                column,
                path,
                message,
                suggestion,
            } => (
                at(file, *line, *column).with_field(path),
                message.clone(),
                hint(suggestion),
            ),
            DataError::Text {
                file,
                path,
                message,
            } => (
                Location::File {
                    file: file.clone(),
                    line: None,
                    column: None,
                    field: Some(path.clone()),
                },
                message.clone(),
                None,
            ),
            DataError::Cell {
                file,
                place,
                message,
                suggestion,
            } => (place.location(file), message.clone(), hint(suggestion)),
        };
        Diagnostic {
            severity: Severity::Error,
            code: None,
            location: Some(location),
            message,
            hint,
        }
    }
}

/// The nearest of `candidates` to `word`, if near enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(word, c);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.filter(|(s, _)| *s >= 0.7).map(|(_, c)| c.to_string())
}

/// Words between backticks in a serde message: "unknown field `a`, expected one of `b`, `c`".
pub(crate) fn backticked(msg: &str) -> Vec<&str> {
    msg.split('`').skip(1).step_by(2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_key() {
        let keys = ["ten", "loai", "dang_vien", "dang_vien_chinh_thuc"];
        assert_eq!(nearest("dang_vienn", keys).as_deref(), Some("dang_vien"));
        assert_eq!(nearest("loia", keys).as_deref(), Some("loai"));
        assert_eq!(nearest("xyz_qqq_www", keys), None);
    }

    #[test]
    fn each_error_reads_the_same_as_a_diagnostic() {
        let place = SheetPlace {
            sheet: "chi_bo".into(),
            cell: Some("F12".into()),
            header: Some("Năm sinh bí thư".into()),
            label: false,
        };
        let all = [
            DataError::Io {
                file: "d.yaml".into(),
                error: std::io::Error::from(std::io::ErrorKind::NotFound),
            },
            DataError::Syntax {
                file: "d.yaml".into(),
                line: 2,
                column: 1,
                message: "tab".into(),
            },
            DataError::UnknownKey {
                file: "d.yaml".into(),
                line: 30,
                column: 9,
                path: "don_vi[0].chi_bo[1]".into(),
                key: "dang_vien_chinh_thuoc".into(),
                suggestion: Some("dang_vien_chinh_thuc".into()),
            },
            DataError::MissingField {
                file: "d.yaml".into(),
                line: 1,
                column: 1,
                path: "van_ban".into(),
                field: "ngay".into(),
            },
            DataError::Invalid {
                file: "d.yaml".into(),
                line: 4,
                column: 7,
                path: "don_vi[0].loai".into(),
                message: "giá trị không hợp lệ `phuongg`".into(),
                suggestion: Some("phuong".into()),
            },
            DataError::Text {
                file: "d.yaml".into(),
                path: "dang_bo.ten".into(),
                message: "ký tự điều khiển".into(),
            },
            DataError::Cell {
                file: "d.xlsx".into(),
                place: Box::new(place),
                message: "không phải số".into(),
                suggestion: None,
            },
        ];
        for e in &all {
            let d = e.diagnostic();
            assert_eq!(d.to_string(), e.to_string());
            assert!(d.is_error());
            assert!(d.location.is_some());
        }
        assert_eq!(
            all[2].diagnostic().location.unwrap().field_path(),
            Some("don_vi[0].chi_bo[1]")
        );
    }

    #[test]
    fn backticks() {
        let m = "unknown field `tenn`, expected one of `ten`, `loai`";
        assert_eq!(backticked(m), vec!["tenn", "ten", "loai"]);
    }
}
