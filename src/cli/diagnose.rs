//! Any error the commands return, as one [`Diagnostic`]: the browser page
//! shows it in its table beside the warnings. The typed error deepest in
//! the chain that knows its place (a data, workbook, template, settings or
//! markup error, or a diagnostic itself) gives the location; the contexts
//! around it ("phường Kỳ Liên", "lỗi khi tạo PDF") lead the message.

use crate::data::DataError;
use crate::diagnostic::{Diagnostic, Location};
use crate::document::markup::MarkupError;
use crate::document::settings::SettingsError;
use crate::fonts::FontError;
use crate::template::TemplateError;

/// A consistency finding as a diagnostic, at its workbook cell when the
/// data came from a workbook (the `check` command's and the page's table).
pub use super::check::finding_diagnostic;

/// `e` as a diagnostic (an error).
pub fn diagnostic(e: &anyhow::Error) -> Diagnostic {
    located(e).unwrap_or_else(|| Diagnostic::error(format!("{e:#}")))
}

/// `e` as a diagnostic when an error in its chain knows its place (data,
/// workbook, template, settings, markup, font, image); `None` for the
/// others (a file that cannot be read or written: the system's error).
pub fn located(e: &anyhow::Error) -> Option<Diagnostic> {
    let mut contexts = Vec::new();
    for cause in e.chain() {
        if let Some(mut d) = typed(cause) {
            if !contexts.is_empty() {
                d.message = format!("{}: {}", contexts.join(": "), d.message);
            }
            return Some(d);
        }
        contexts.push(cause.to_string());
    }
    None
}

/// The line the command line prints for an error that stops it: the
/// diagnostic's (`lỗi (error): [code] place: message (hint)`), or for a
/// system error the chain with the system's part in Vietnamese.
pub fn error_line(e: &anyhow::Error) -> String {
    match located(e) {
        Some(d) => d.line(),
        None => format!(
            "{}: {}",
            crate::diagnostic::Severity::Error.label(),
            crate::os_error::error_text(e)
        ),
    }
}

/// The diagnostic of an error type that knows where it is.
fn typed(cause: &(dyn std::error::Error + 'static)) -> Option<Diagnostic> {
    if let Some(d) = cause.downcast_ref::<Diagnostic>() {
        return Some(d.clone());
    }
    if let Some(e) = cause.downcast_ref::<DataError>() {
        return Some(e.diagnostic());
    }
    if let Some(e) = cause.downcast_ref::<TemplateError>() {
        return Some(e.diagnostic());
    }
    if let Some(e) = cause.downcast_ref::<MarkupError>() {
        return Some(Diagnostic::error_text(e.to_string(), Some(e.location())));
    }
    if let Some(e) = cause.downcast_ref::<SettingsError>() {
        return Some(Diagnostic::error_text(e.to_string(), Some(e.location())));
    }
    // An image the PDF writer cannot use: the image file is the place.
    let image = match cause.downcast_ref::<crate::pdf::PdfError>() {
        Some(crate::pdf::PdfError::Image { name, .. }) => Some(name),
        _ => None,
    };
    if let Some(name) = image {
        return Some(Diagnostic::error(cause.to_string()).at(Location::File {
            file: name.clone(),
            line: None,
            column: None,
            field: None,
        }));
    }
    if let Some(e) = cause.downcast_ref::<FontError>() {
        let path = match e {
            FontError::Read { path, .. }
            | FontError::Invalid { path, .. }
            | FontError::NoEmbedding { path } => Some(path.clone()),
            FontError::TooManyFallbacks { .. } => None,
        };
        let d = Diagnostic::error(e.to_string());
        return Some(match path {
            Some(file) => d.at(Location::File {
                file,
                line: None,
                column: None,
                field: None,
            }),
            None => d,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_printed_says_system_errors_in_vietnamese_and_others_with_their_place() {
        let missing = crate::data::load_file(std::path::Path::new("khong-co-tep-nay.yaml"))
            .map_err(anyhow::Error::new)
            .unwrap_err();
        let line = error_line(&missing);
        assert!(
            line.starts_with("lỗi (error): ") && line.contains("khong-co-tep-nay.yaml"),
            "{line}"
        );
        assert!(line.contains("không tìm thấy tệp"), "{line}");
        let bad = crate::data::load_str("van_ban:\n  co_quan: [\n", "d.yaml").unwrap_err();
        let bad = anyhow::Error::new(bad).context("phường Kỳ Liên");
        let line = error_line(&bad);
        assert!(
            line.starts_with("lỗi (error): d.yaml:3:1: phường Kỳ Liên: "),
            "{line}"
        );
    }

    #[test]
    fn a_data_error_under_contexts_keeps_its_place() {
        let e = crate::data::load_str("van_ban:\n  co_quan: [\n", "d.yaml").unwrap_err();
        let want = e.diagnostic();
        let wrapped = anyhow::Error::new(e).context("phường Kỳ Liên");
        let d = diagnostic(&wrapped);
        assert_eq!(d.location, want.location);
        assert!(d.location.is_some());
        assert_eq!(d.message, format!("phường Kỳ Liên: {}", want.message));
        assert!(d.is_error());
    }

    #[test]
    fn a_template_stage_error_names_the_data_field_with_the_same_text() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/bad-input/note-undefined.yaml");
        let data = crate::data::load_file(&path).unwrap();
        let stats = crate::stats::derive(&data);
        let engine = crate::template::Engine::builtin().unwrap();
        let e = engine.render_town(&data, &stats).unwrap_err();
        let d = e.diagnostic();
        assert_eq!(d.to_string(), e.to_string());
        let loc = d.location.clone().unwrap();
        assert_eq!(loc.field_path(), Some("dang_bo.noi_dung.han_che"));
        assert!(
            matches!(
                &loc,
                Location::File {
                    line: Some(16),
                    column: Some(24),
                    ..
                }
            ),
            "{loc:?}"
        );
        assert_eq!(diagnostic(&anyhow::Error::new(e)), d);
    }

    #[test]
    fn an_image_the_pdf_writer_refuses_is_placed_at_its_file() {
        let e = crate::pdf::PdfError::Image {
            name: "anh/so-do.png".into(),
            reason: "không đọc được".into(),
        };
        let d = diagnostic(&anyhow::Error::new(e).context("lỗi khi tạo PDF"));
        assert_eq!(
            d.location.as_ref().and_then(|l| l.source()),
            Some("anh/so-do.png")
        );
        assert!(
            d.message
                .starts_with("lỗi khi tạo PDF: ảnh «anh/so-do.png»"),
            "{}",
            d.message
        );
    }

    #[test]
    fn an_untyped_error_is_its_text() {
        let e = anyhow::anyhow!("hỏng").context("ngoài");
        let d = diagnostic(&e);
        assert_eq!(d.location, None);
        assert_eq!(d.message, "ngoài: hỏng");
    }
}
