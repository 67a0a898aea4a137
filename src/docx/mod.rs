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

use crate::document::{Block, Document, Rendered};
use crate::fonts::FontSet;

/// Why a document could not be written as DOCX.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error(transparent)]
    Font(#[from] crate::fonts::FontError),
    #[error("hình ảnh {index} ({alt}) không dùng được (image): {reason}")]
    Image {
        index: usize,
        alt: String,
        reason: String,
    },
    #[error("không đóng gói được DOCX (DOCX package): {0}")]
    Package(String),
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
    // A document built in code skips the check made when settings.yaml is
    // read: absurd values made docx-rs panic or loop (4e9 signature lines).
    doc.settings.validate().map_err(DocxError::Settings)?;
    let fonts = FontSet::from_settings(&doc.settings.fonts, doc.settings.base_dir.as_deref())?;
    check_images(doc)?;
    let built =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build::build(doc, &fonts)))
            .map_err(|_| {
                DocxError::Internal("docx-rs panicked while building the document".into())
            })??;
    let warnings = built.warnings.clone();
    let bytes = package::package(doc, built, &fonts)?;
    Ok(Rendered { bytes, warnings })
}

/// Every image, in reading order, is a valid PNG/JPEG (docx-rs panics otherwise).
fn check_images(doc: &Document) -> Result<(), DocxError> {
    fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a crate::document::Image>) {
        for b in blocks {
            match b {
                Block::Image(i) => out.push(i),
                Block::List(l) => l.items.iter().for_each(|it| walk(it, out)),
                _ => {}
            }
        }
    }
    let mut all = Vec::new();
    walk(&doc.blocks, &mut all);
    for (i, img) in all.into_iter().enumerate() {
        images::check(img).map_err(|reason| DocxError::Image {
            index: i + 1,
            alt: img.alt.clone(),
            reason,
        })?;
    }
    Ok(())
}
