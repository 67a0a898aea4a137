//! Layout: the backend-neutral [`Document`] to laid-out pages, each a
//! [`display`] list that every writer only reads (the PDF writer
//! [`crate::pdf`], the SVG previews [`crate::svg`]). No writer lays anything
//! out, and this module knows no output format.
//!
//! Stages: [`shape`] (harfrust, cached words) -> [`linebreak`] (UAX #14
//! opportunities, total-fit breaking, justification) -> [`flow`] (blocks to
//! chunks: lines, rows, images, footnote lines; [`official`]: header and
//! closing blocks) -> [`paginate`] (chunks to pages, footnotes at the foot of
//! the citing page, keeps, repeated table headers, page numbers). [`pages`]
//! runs them in that order.
//!
//! Everything is per call except the parsed fonts and the shaping caches,
//! which are shared per process and per thread; [`pages`] can run on many
//! threads at once and gives the same pages for the same input.

pub mod display;
pub mod flow;
pub mod linebreak;
pub mod official;
pub mod paginate;
pub mod shape;

use crate::document::lower::{self, MisplacedClosing};
use crate::document::Document;

pub use display::Page;

/// Why a document could not be laid out.
#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    #[error(transparent)]
    Closing(#[from] MisplacedClosing),
}

/// A laid-out document.
#[derive(Debug, Clone, PartialEq)]
pub struct Laid {
    /// One display list per page, in page order.
    pub pages: Vec<Page>,
    /// Characters no font has, named in Vietnamese (the pages draw their
    /// .notdef glyph).
    pub warnings: Vec<String>,
}

/// Lay the document out: its pages and the warnings met on the way.
pub fn pages(doc: &Document) -> Result<Laid, LayoutError> {
    // The settings were checked and their fonts read when they were made
    // (`document::Settings`).
    let mut ctx = flow::Ctx::new(doc, doc.settings.fonts());
    let mut chunks = Vec::new();
    if let Some(h) = &doc.meta.header {
        chunks.extend(ctx.header(h));
    }
    let (left, measure) = (ctx.left, ctx.measure);
    // The closing block goes where `lower` says (as in the DOCX).
    match (lower::closing_at(doc)?, &doc.meta.closing) {
        (Some(at), Some(c)) => {
            ctx.blocks(&doc.blocks[..at], left, measure, &mut chunks);
            // The signature never stands alone on a page.
            if let Some(last) = chunks.last_mut() {
                last.keep_with_next = true;
            }
            chunks.push(ctx.closing(c));
            if at < doc.blocks.len() {
                ctx.blocks(&doc.blocks[at + 1..], left, measure, &mut chunks);
            }
        }
        _ => ctx.blocks(&doc.blocks, left, measure, &mut chunks),
    }
    let mut notes = paginate::Notes::new();
    for f in &doc.footnotes {
        let lines = ctx.note_lines(f.number, &f.content);
        notes.insert(f.number, lines);
    }
    let pages = paginate::paginate(&mut ctx, &chunks, &notes);
    Ok(Laid {
        pages,
        warnings: ctx.warnings,
    })
}
