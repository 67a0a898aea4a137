//! DOCX backend: docx-rs builds the document ([`build`]); the package rewrite
//! ([`package`]) adds real footnote furniture, embedded subset fonts
//! ([`fonts`]), core properties, compression and deterministic ids. (issue #5)
//!
//! The modules depend one way: [`package`] reads what [`build`] made and uses
//! [`fonts`] (subset and obfuscate a face), [`zip`] and `xml` (escaping,
//! namespaces, paragraph ids); [`build`] uses [`images`] and `xml`; [`fonts`],
//! [`images`], [`zip`] and `xml` use nothing else of the backend.

pub mod build;
pub mod fonts;
pub mod images;
pub mod package;
mod xml;
pub mod zip;

use crate::document::{Document, Rendered};

/// Why a document could not be written as DOCX.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error(transparent)]
    Closing(#[from] crate::document::lower::MisplacedClosing),
    #[error("lỗi khi ghi DOCX (DOCX writer): {0}")]
    Internal(String),
    /// Page settings no page can hold (see `PageSettings::validate`).
    #[error("thiết lập trang không dùng được (page settings): {0}")]
    Settings(String),
}

/// Render `doc` as a DOCX file. Safe to call from many threads at once: every
/// id in the package is assigned per document, so the same input gives the
/// same bytes.
pub fn render(doc: &Document) -> Result<Rendered, DocxError> {
    // Checked (absurd values made docx-rs panic or loop: 4e9 signature
    // lines) and read once, when the settings were made (`document::Settings`).
    let fonts = doc.settings.fonts();
    let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build::build(doc, fonts)))
        .map_err(|_| {
            DocxError::Internal(
                "docx-rs dừng bất thường khi dựng văn bản (docx-rs panicked while building the document)"
                    .into(),
            )
        })??;
    let warnings = built.warnings.clone();
    let bytes = package::package(doc, built, fonts)?;
    Ok(Rendered { bytes, warnings })
}
