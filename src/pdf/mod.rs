//! PDF backend (issue #4): the laid-out pages of [`crate::layout`] written
//! as PDF bytes by [`write`] (the file: [`content`] streams, [`embed`]ded
//! fonts, [`images`]; objects and xref through pdf-writer, [`objects`]). It reads the display lists and
//! lays nothing out.
//!
//! Everything is per call except the parsed fonts, which are shared per
//! process; `render` can run on many threads at once and gives the same bytes
//! for the same input.

pub mod content;
pub mod embed;
pub mod images;
pub mod objects;
pub mod write;

/// The display list the writer reads (it lives in [`crate::layout`]).
use crate::layout::display;

use crate::document::{Document, Rendered};
use crate::layout::LayoutError;

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(transparent)]
    Layout(#[from] LayoutError),
    #[error("ảnh «{name}»: {reason}")]
    Image { name: String, reason: String },
    #[error("không ghi được PDF: {0}")]
    Write(String),
}

/// Lay out and write the PDF; warnings name characters the font lacks.
pub fn render(doc: &Document) -> Result<Rendered, PdfError> {
    let crate::layout::Laid { pages, warnings } = crate::layout::pages(doc)?;
    let set = doc.settings.fonts();
    // A panic in the writer or a decoder it calls (say, on an unusual image)
    // becomes an error for this document, not the end of a batch.
    let bytes = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        write::write(doc, &pages, set)
    }))
    .map_err(|e| {
        let why = e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        PdfError::Write(format!("PDF writer panicked: {why}"))
    })??;
    let warnings = warnings
        .into_iter()
        .map(crate::diagnostic::Diagnostic::warning)
        .collect();
    Ok(Rendered { bytes, warnings })
}
