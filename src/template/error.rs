//! Template-stage errors: each names the template (or file), line and
//! column where it can.

use crate::diagnostic::{Diagnostic, Location};
use crate::document::markup::MarkupError;
use crate::document::settings::SettingsError;

/// What went wrong in a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateErrorKind {
    /// The template does not parse (Tera syntax).
    Syntax,
    /// Rendering failed: undefined variable, bad filter argument, ...
    Render,
}

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// A Tera error in a template, located.
    #[error("{template}:{line}:{column}: {} ({message})", kind_vi(*.kind, .message))]
    Template {
        kind: TemplateErrorKind,
        template: String,
        /// 1-based.
        line: usize,
        /// 1-based.
        column: usize,
        message: String,
    },
    /// The rendered markup does not parse (front matter, images, HTML...)
    /// and its text could not be traced to a template or a data field.
    #[error(transparent)]
    Markup(#[from] MarkupError),
    /// A mistake in the data that only the rendered report shows (a
    /// footnote cited but never defined), located in the data file:
    /// `file:line:column: field `dang_bo.noi_dung.dac_diem`: ...`.
    #[error("{location}: {message}")]
    Data {
        /// The data file's line and column (or workbook cell) and field.
        location: Box<Location>,
        message: String,
    },
    /// The rendered markup does not parse, traced back to where its text
    /// came from: a template line, or a data field (and the template line
    /// that printed it).
    #[error(transparent)]
    MarkupAt(Box<MarkupOrigin>),
    /// A template set's `settings.yaml` is wrong.
    #[error(transparent)]
    Settings(#[from] SettingsError),
    /// A template file or directory could not be read.
    #[error("{path}: không đọc được mẫu hay tệp cài đặt (cannot read: {message})")]
    Io { path: String, message: String },
    /// `render_ward` with an id the data lacks.
    #[error(
        "không có đơn vị `{id}` trong dữ liệu (no ward/commune with this id; có / known: {known})"
    )]
    UnknownWard { id: String, known: String },
    /// Anything else Tera reports (missing parent template, include cycle...).
    #[error("{template}: {}", other_vi(.message))]
    Other { template: String, message: String },
}

/// The Vietnamese statement of a Tera error, by kind and common message.
fn kind_vi(kind: TemplateErrorKind, message: &str) -> &'static str {
    match kind {
        TemplateErrorKind::Syntax => "lỗi cú pháp trong mẫu",
        TemplateErrorKind::Render if message.starts_with("Variable") => {
            "mẫu dùng một biến không có"
        }
        TemplateErrorKind::Render if message.contains("filter") => {
            "bộ lọc trong mẫu nhận giá trị không hợp lệ"
        }
        TemplateErrorKind::Render => "lỗi khi chạy mẫu",
    }
}

/// Other template errors, Vietnamese first (left alone when they are already).
fn other_vi(message: &str) -> String {
    let vi = [
        ("template not found", "không có mẫu này"),
        (
            "not run",
            "không chạy: một báo cáo trước đã chạy mẫu quá thời gian cho phép",
        ),
        ("not a directory", "không phải thư mục"),
    ]
    .iter()
    .find(|(en, _)| message.starts_with(en))
    .map(|(_, vi)| *vi);
    match vi {
        Some(vi) => format!("{vi} ({message})"),
        None if message.starts_with("không") || message.starts_with("lỗi") => {
            message.to_string()
        }
        None => format!("lỗi mẫu (template error: {message})"),
    }
}

/// A markup error traced back to its text ([`TemplateError::MarkupAt`]).
#[derive(Debug, thiserror::Error)]
#[error("{origin}: {message} (dòng {line} của văn bản đánh dấu đã tạo / rendered markup line {line}: `{excerpt}`; xem `baocao render --markup`)")]
pub struct MarkupOrigin {
    /// `mau.md.tera:12:5`, or `dữ liệu (data), trường `path`, in qua mau.md.tera:12`.
    pub origin: String,
    /// The data field the text came from, if it did (for the CLI to find
    /// its line in the data file).
    pub field: Option<String>,
    /// The offending text, as the data or template holds it.
    pub snippet: String,
    pub message: String,
    /// Line in the rendered markup.
    pub line: usize,
    pub excerpt: String,
}

impl TemplateError {
    /// The error as a [`Diagnostic`]: the template and line, the markup
    /// line, the data field or the settings file it names, and the same text.
    pub fn diagnostic(&self) -> Diagnostic {
        let location = match self {
            TemplateError::Template {
                template,
                line,
                column,
                ..
            } => Some(Location::Template {
                template: template.clone(),
                line: *line,
                column: Some(*column),
            }),
            TemplateError::Markup(e) => Some(e.location()),
            TemplateError::Data { location, .. } => Some((**location).clone()),
            TemplateError::MarkupAt(o) => Some(match &o.field {
                Some(path) => Location::field(path),
                None => template_place(&o.origin),
            }),
            TemplateError::Settings(e) => Some(e.location()),
            TemplateError::Io { path, .. } => Some(Location::File {
                file: path.clone(),
                line: None,
                column: None,
                field: None,
            }),
            TemplateError::UnknownWard { .. } => None,
            TemplateError::Other { template, .. } => Some(Location::File {
                file: template.clone(),
                line: None,
                column: None,
                field: None,
            }),
        };
        Diagnostic::error_text(self.to_string(), location)
    }

    /// Convert a Tera error; `template` names the template being built or
    /// rendered, for errors Tera does not locate.
    pub fn from_tera(e: tera::Error, template: &str) -> TemplateError {
        use tera::ErrorKind;
        let (kind, report) = match e.kind() {
            ErrorKind::SyntaxError(r) => (TemplateErrorKind::Syntax, r),
            ErrorKind::RenderingError(r) => (TemplateErrorKind::Render, r),
            _ => {
                return TemplateError::Other {
                    template: template.to_string(),
                    message: e.to_string(),
                }
            }
        };
        let span = report.span();
        let name = if report.filename().is_empty() {
            template
        } else {
            report.filename()
        };
        TemplateError::Template {
            kind,
            template: name.to_string(),
            line: span.start_line.max(1),
            column: span.start_col + 1,
            message: report.message().to_string(),
        }
    }
}

/// `name:line:column` (a markup error traced to a template line).
fn template_place(origin: &str) -> Location {
    let mut parts = origin.rsplitn(3, ':');
    let (c, l, name) = (parts.next(), parts.next(), parts.next());
    match (
        name,
        l.and_then(|l| l.parse().ok()),
        c.and_then(|c| c.parse().ok()),
    ) {
        (Some(name), Some(line), column) => Location::Template {
            template: name.to_string(),
            line,
            column,
        },
        _ => Location::File {
            file: origin.to_string(),
            line: None,
            column: None,
            field: None,
        },
    }
}

/// Trace a markup error back to the text it came from. The offending text
/// (the rendered line from the error's column) is looked for in the
/// templates' literal text (outside `{{ }}`, `{% %}`, `{# #}`): found, the
/// error names that template and line. Otherwise it is looked for in the
/// data's strings: found, the error names the field (and the template line
/// that printed it, the one sharing most literal text with the rendered
/// line). Else the error stays located in the rendered markup.
pub fn locate_markup_error(
    e: MarkupError,
    markup: &str,
    sources: &std::collections::BTreeMap<String, String>,
    data: &crate::data::Dataset,
) -> TemplateError {
    let Some(rendered) = markup.lines().nth(e.line.saturating_sub(1)) else {
        return e.into();
    };
    let from: String = rendered
        .chars()
        .skip(e.column.saturating_sub(1))
        .collect::<String>();
    let snippet: String = from.trim().chars().take(24).collect();
    if snippet.chars().count() < 2 {
        return e.into();
    }
    // The snippet cut down until something holds it (a token, not the
    // rest of the line, is what the error is about).
    let shrink = |found: &dyn Fn(&str) -> bool| -> Option<String> {
        let chars: Vec<char> = snippet.chars().collect();
        (2..=chars.len())
            .rev()
            .map(|n| chars[..n].iter().collect::<String>())
            .find(|s| found(s))
    };
    let in_templates = |needle: &str| -> Option<(String, usize, usize)> {
        sources.iter().find_map(|(name, src)| {
            src.lines().enumerate().find_map(|(i, l)| {
                literal(l).iter().find(|p| p.contains(needle)).map(|p| {
                    // The column of the needle: its piece is a slice of `l`.
                    let at =
                        p.as_ptr() as usize - l.as_ptr() as usize + p.find(needle).unwrap_or(0);
                    (name.clone(), i + 1, l[..at].chars().count() + 1)
                })
            })
        })
    };
    let best_line = || -> Option<(String, usize)> {
        let mut best: Option<(usize, String, usize)> = None;
        for (name, src) in sources {
            for (i, l) in src.lines().enumerate() {
                let score: usize = literal(l)
                    .iter()
                    .map(|p| p.trim())
                    .filter(|p| p.chars().count() >= 3 && rendered.contains(*p))
                    .map(|p| p.len())
                    .sum();
                if score > 0 && best.as_ref().is_none_or(|b| score > b.0) {
                    best = Some((score, name.clone(), i + 1));
                }
            }
        }
        best.map(|(_, n, l)| (n, l))
    };
    let strings = data_strings(data);
    // Longer matches first: a template or a data string holding the token.
    let long = shrink(&|s| {
        s.chars().count() >= 4
            && (in_templates(s).is_some() || strings.iter().any(|(_, v)| v.contains(s)))
    });
    let needle = long.or_else(|| shrink(&|s| in_templates(s).is_some()));
    let Some(needle) = needle else {
        return e.into();
    };
    // The template line that printed a data field: one naming its key in
    // a tag, else the one sharing most literal text with the rendered line.
    let printed_by = |path: &str| -> Option<(String, usize)> {
        let key = path.rsplit('.').next()?.split('[').next()?;
        sources.iter().find_map(|(name, src)| {
            src.lines()
                .position(|l| {
                    l.contains(key)
                        && (l.contains("{{") || l.contains("{%"))
                        && !literal(l).iter().any(|p| p.contains(key))
                })
                .map(|i| (name.clone(), i + 1))
        })
    };
    let (origin, field) = match (
        in_templates(&needle),
        strings.iter().find(|(_, v)| v.contains(&needle)),
    ) {
        (_, Some((path, _))) if needle.chars().count() >= 4 => {
            let via = printed_by(path)
                .or_else(best_line)
                .map(|(n, l)| format!(", in qua mẫu {n}:{l}"))
                .unwrap_or_default();
            (
                format!("dữ liệu (data), trường `{path}`{via}"),
                Some(path.clone()),
            )
        }
        (Some((name, line, column)), _) => (format!("{name}:{line}:{column}"), None),
        _ => return e.into(),
    };
    TemplateError::MarkupAt(Box::new(MarkupOrigin {
        origin,
        field,
        snippet: needle,
        message: crate::document::markup::vietnamese(&e.message),
        line: e.line,
        excerpt: e.excerpt,
    }))
}

/// The literal pieces of a template line: the text outside tags.
fn literal(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    loop {
        let open = ["{{", "{%", "{#"]
            .iter()
            .filter_map(|t| rest.find(t).map(|i| (i, *t)))
            .min_by_key(|(i, _)| *i);
        match open {
            None => {
                out.push(rest);
                return out;
            }
            Some((i, tag)) => {
                out.push(&rest[..i]);
                let close = match tag {
                    "{{" => "}}",
                    "{%" => "%}",
                    _ => "#}",
                };
                match rest[i + 2..].find(close) {
                    Some(j) => rest = &rest[i + 2 + j + 2..],
                    None => return out,
                }
            }
        }
    }
}

/// Every string in the data, with its field path (`don_vi[2].chi_bo[0].ten`).
fn data_strings(data: &crate::data::Dataset) -> Vec<(String, String)> {
    fn walk(v: &serde_json::Value, path: String, out: &mut Vec<(String, String)>) {
        match v {
            serde_json::Value::String(s) => out.push((path, s.clone())),
            serde_json::Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    walk(x, format!("{path}[{i}]"), out);
                }
            }
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(x, p, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(v) = serde_json::to_value(data) {
        walk(&v, String::new(), &mut out);
    }
    out
}
