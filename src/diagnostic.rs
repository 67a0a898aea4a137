//! One diagnostic type for every stage: a load error in the data or a
//! workbook, a consistency finding, a template or settings error, a writer's
//! warning. Each says how bad it is, where (one [`Location`]), what, and
//! what to do about it; the CLI prints them one way ([`Diagnostic::line`])
//! and the browser page shows them as a table (`Serialize`: a stable shape,
//! field names below).
//!
//! ```text
//! lỗi (error): d.yaml:17:21: field `don_vi[0].chi_bo[0].ten`: ký tự '河' ... (có phải ...?)
//! cảnh báo (warning): [ti-le] du-lieu.xlsx: trang chi_bo, ô F12: ... (ghi: 31,51%; tính được: 32,43%)
//! ```

use std::fmt;

use serde::Serialize;

/// How bad a diagnostic is. Serialised as `"info"` / `"warning"` / `"error"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Information, not a fault: what the data leaves unknown (the report
    /// leaves it out). Never stops a report, not counted by `--strict`.
    Info,
    /// The report can be made but a reader should look (`--strict` makes it an error).
    Warning,
    /// No report: the input or template must be fixed.
    Error,
}

impl Severity {
    /// "cảnh báo" / "lỗi".
    pub fn vi(self) -> &'static str {
        match self {
            Severity::Info => "thông tin",
            Severity::Warning => "cảnh báo",
            Severity::Error => "lỗi",
        }
    }

    /// "cảnh báo (warning)" / "lỗi (error)": how the CLI starts a line.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "thông tin (info)",
            Severity::Warning => "cảnh báo (warning)",
            Severity::Error => "lỗi (error)",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.vi())
    }
}

/// Where a diagnostic points: the one place a user goes to fix it.
/// Serialised with a `kind` tag: `{"kind": "file", "file": "d.yaml", "line": 3, ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Location {
    /// A text file (data YAML, settings.yaml, a user's file): `file:line:column`,
    /// as far as known, and the data field there if one.
    File {
        file: String,
        /// 1-based.
        line: Option<usize>,
        /// 1-based, in characters.
        column: Option<usize>,
        /// Field path: `don_vi[0].chi_bo[1].ten`.
        field: Option<String>,
    },
    /// A workbook or CSV folder: the sheet, the cell (A1 form) if one, and
    /// the column header or row label that names it.
    Cell {
        file: String,
        sheet: String,
        cell: Option<String>,
        /// The column header (table sheet) or row label (form sheet).
        header: Option<String>,
        /// The header is a row label ("mục"), not a column header ("cột").
        label: bool,
        /// Field path, when known.
        field: Option<String>,
    },
    /// A template (its name, or its file for a user's template) and line.
    Template {
        template: String,
        /// 1-based.
        line: usize,
        column: Option<usize>,
    },
    /// A field of the data, where no file position is known (data built
    /// in code, a figure derived from several fields).
    Field { path: String },
}

impl Location {
    /// A file position: `file:line:column`.
    pub fn file(file: impl Into<String>, line: usize, column: usize) -> Location {
        Location::File {
            file: file.into(),
            line: Some(line),
            column: Some(column),
            field: None,
        }
    }

    /// A data field with no position.
    pub fn field(path: impl Into<String>) -> Location {
        Location::Field { path: path.into() }
    }

    /// The same place with its data field named (file and cell places).
    pub fn with_field(mut self, path: impl Into<String>) -> Location {
        match &mut self {
            Location::File { field, .. } | Location::Cell { field, .. } => {
                *field = Some(path.into())
            }
            Location::Template { .. } | Location::Field { .. } => {}
        }
        self
    }

    /// The field path, if the place names one.
    pub fn field_path(&self) -> Option<&str> {
        match self {
            Location::File { field, .. } | Location::Cell { field, .. } => field.as_deref(),
            Location::Field { path } => Some(path),
            Location::Template { .. } => None,
        }
    }

    /// The file (data, workbook, settings) or template the place is in.
    pub fn source(&self) -> Option<&str> {
        match self {
            Location::File { file, .. } | Location::Cell { file, .. } => Some(file),
            Location::Template { template, .. } => Some(template),
            Location::Field { .. } => None,
        }
    }
}

/// `d.yaml:3:5: field `dang_bo.ten``, `d.xlsx: trang chi_bo, ô F12 (cột "Năm sinh")`
/// (and `: field `...`` when known), `mau.md.tera:12:5`, `` `don_vi[0].ten` ``.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File {
                file,
                line,
                column,
                field,
            } => {
                f.write_str(file)?;
                if let Some(l) = line {
                    write!(f, ":{l}")?;
                    if let Some(c) = column {
                        write!(f, ":{c}")?;
                    }
                }
                if let Some(p) = field {
                    write!(f, ": field `{p}`")?;
                }
                Ok(())
            }
            Location::Cell {
                file,
                sheet,
                cell,
                header,
                label,
                field,
            } => {
                write!(f, "{file}: trang {sheet}")?;
                if let Some(cell) = cell {
                    write!(f, ", ô {cell}")?;
                }
                if let Some(h) = header {
                    let word = if *label { "mục" } else { "cột" };
                    write!(f, " ({word} \"{h}\")")?;
                }
                if let Some(p) = field {
                    write!(f, ": field `{p}`")?;
                }
                Ok(())
            }
            Location::Template {
                template,
                line,
                column,
            } => {
                write!(f, "{template}:{line}")?;
                if let Some(c) = column {
                    write!(f, ":{c}")?;
                }
                Ok(())
            }
            Location::Field { path } => write!(f, "`{path}`"),
        }
    }
}

/// One thing to tell the user. Serialised as
/// `{"severity", "code", "location", "message", "hint"}` (`code`, `location`
/// and `hint` may be null).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The check that made it, for findings (`ti-le`, `chu-thich-2`, ...).
    pub code: Option<String>,
    pub location: Option<Location>,
    /// What is wrong, in Vietnamese (English in parentheses where it helps).
    pub message: String,
    /// What to do: "có phải `dang_vien_chinh_thuc`?", a key to add, a tool to run.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code: None,
            location: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// An error at `location` whose whole text is `full` (an error type's
    /// own message): the message is what follows the location's text, so
    /// the diagnostic reads exactly as `full` does (when `full` does not
    /// start with the location, the message is all of it).
    pub fn error_text(full: String, location: Option<Location>) -> Diagnostic {
        let message = match &location {
            Some(l) => full
                .strip_prefix(&format!("{l}: "))
                .map(str::to_string)
                .unwrap_or(full),
            None => full,
        };
        Diagnostic {
            location,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(location);
        self
    }

    pub fn code(mut self, code: impl Into<String>) -> Diagnostic {
        self.code = Some(code.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The line the CLI prints: `lỗi (error): ` or `cảnh báo (warning): `,
    /// then the diagnostic.
    pub fn line(&self) -> String {
        format!("{}: {self}", self.severity.label())
    }
}

/// `[code] location: message (hint)`, each part as far as known.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(code) = &self.code {
            write!(f, "[{code}] ")?;
        }
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(h) = &self.hint {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Count of errors and of warnings (information is neither).
pub fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    (errors, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_location_prints_as_users_read_it() {
        let at = Location::file("d.yaml", 17, 21).with_field("don_vi[0].chi_bo[0].ten");
        assert_eq!(
            at.to_string(),
            "d.yaml:17:21: field `don_vi[0].chi_bo[0].ten`"
        );
        let no_column = Location::File {
            file: "d.yaml".into(),
            line: Some(3),
            column: None,
            field: None,
        };
        assert_eq!(no_column.to_string(), "d.yaml:3");
        let cell = Location::Cell {
            file: "du-lieu.xlsx".into(),
            sheet: "chi_bo".into(),
            cell: Some("F12".into()),
            header: Some("Năm sinh bí thư".into()),
            label: false,
            field: Some("don_vi[0].chi_bo[3].bi_thu.nam_sinh".into()),
        };
        assert_eq!(
            cell.to_string(),
            "du-lieu.xlsx: trang chi_bo, ô F12 (cột \"Năm sinh bí thư\"): field \
             `don_vi[0].chi_bo[3].bi_thu.nam_sinh`"
        );
        assert_eq!(
            cell.field_path(),
            Some("don_vi[0].chi_bo[3].bi_thu.nam_sinh")
        );
        let tpl = Location::Template {
            template: "thi-xa.md.tera".into(),
            line: 12,
            column: Some(5),
        };
        assert_eq!(tpl.to_string(), "thi-xa.md.tera:12:5");
        assert_eq!(Location::field("dang_bo.ten").to_string(), "`dang_bo.ten`");
    }

    #[test]
    fn a_diagnostic_prints_code_place_message_and_hint() {
        let d = Diagnostic::error("khóa không hợp lệ `dang_vien_chinh_thuoc`")
            .at(Location::file("d.yaml", 30, 9).with_field("don_vi[0].chi_bo[1]"))
            .hint("có phải `dang_vien_chinh_thuc`?");
        assert_eq!(
            d.line(),
            "lỗi (error): d.yaml:30:9: field `don_vi[0].chi_bo[1]`: khóa không hợp lệ \
             `dang_vien_chinh_thuoc` (có phải `dang_vien_chinh_thuc`?)"
        );
        let w = Diagnostic::warning("tỉ lệ ghi khác tỉ lệ tính")
            .code("ti-le")
            .at(Location::field(
                "dang_bo.ket_qua.thon_tdp.khong_tai_cu.ti_le",
            ));
        assert_eq!(
            w.line(),
            "cảnh báo (warning): [ti-le] `dang_bo.ket_qua.thon_tdp.khong_tai_cu.ti_le`: tỉ lệ ghi khác tỉ lệ tính"
        );
        assert_eq!(Diagnostic::warning("x").to_string(), "x");
        assert_eq!(counts(&[d, w.clone(), w]), (1, 2));
    }

    #[test]
    fn the_serialised_shape_is_stable_for_the_browser_table() {
        let d = Diagnostic::warning("thiếu")
            .code("thieu")
            .at(Location::Cell {
                file: "d.xlsx".into(),
                sheet: "don_vi".into(),
                cell: Some("B3".into()),
                header: None,
                label: false,
                field: None,
            });
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            r#"{"severity":"warning","code":"thieu","location":{"kind":"cell","file":"d.xlsx","sheet":"don_vi","cell":"B3","header":null,"label":false,"field":null},"message":"thiếu","hint":null}"#
        );
        let e = Diagnostic::error("x").at(Location::Template {
            template: "t.md.tera".into(),
            line: 2,
            column: None,
        });
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"severity":"error","code":null,"location":{"kind":"template","template":"t.md.tera","line":2,"column":null},"message":"x","hint":null}"#
        );
    }
}
