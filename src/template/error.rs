//! Template-stage errors: each names the template (or file), line and
//! column where it can.

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
    #[error("{template}:{line}:{column}: {message}")]
    Template {
        kind: TemplateErrorKind,
        template: String,
        /// 1-based.
        line: usize,
        /// 1-based.
        column: usize,
        message: String,
    },
    /// The rendered markup does not parse (front matter, images, HTML...).
    #[error(transparent)]
    Markup(#[from] MarkupError),
    /// A mistake in the data that only the rendered report shows (a
    /// footnote cited but never defined), located in the data file.
    #[error("{location}: trường `{path}`: {message}")]
    Data {
        /// `file:line:column`.
        location: String,
        /// The data field: `dang_bo.noi_dung.dac_diem`.
        path: String,
        message: String,
    },
    /// A template set's `settings.yaml` is wrong.
    #[error(transparent)]
    Settings(#[from] SettingsError),
    /// A template file or directory could not be read.
    #[error("{path}: {message}")]
    Io { path: String, message: String },
    /// `render_ward` with an id the data lacks.
    #[error("no ward/commune `{id}` in the data (known: {known})")]
    UnknownWard { id: String, known: String },
    /// Anything else Tera reports (missing parent template, include cycle...).
    #[error("{template}: {message}")]
    Other { template: String, message: String },
}

impl TemplateError {
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
