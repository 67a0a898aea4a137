//! Layout: the backend-neutral [`Document`] to laid-out pages, each a
//! [`display`] list that every writer only reads (the PDF writer
//! [`crate::pdf`], the SVG previews [`crate::svg`]). No writer lays anything
//! out, and this module knows no output format.
//!
//! Stages: [`shape`] (rustybuzz, cached words) -> [`linebreak`] (UAX #14
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

use crate::document::settings::mm_to_pt;
use crate::document::{Block, Document};
use crate::fonts::{FontError, FontSet};

pub use display::Page;

/// Why a document could not be laid out.
#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    #[error(transparent)]
    Font(#[from] FontError),
    #[error("ảnh «{name}»: {reason}")]
    Image { name: String, reason: String },
    #[error("thiết lập trang không dùng được: {0}")]
    Settings(String),
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
    check_settings(doc)?;
    let set = FontSet::from_settings(&doc.settings.fonts, doc.settings.base_dir.as_deref())?;
    let mut ctx = flow::Ctx::new(doc, &set);
    let mut chunks = Vec::new();
    if let Some(h) = &doc.meta.header {
        chunks.extend(ctx.header(h));
    }
    let (left, measure) = (ctx.left, ctx.measure);
    // The closing block goes where the document marks it, else at the end.
    let at = doc
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Closing))
        .unwrap_or(doc.blocks.len());
    ctx.blocks(&doc.blocks[..at], left, measure, &mut chunks)?;
    if let Some(c) = &doc.meta.closing {
        // The signature never stands alone on a page.
        if let Some(last) = chunks.last_mut() {
            last.keep_with_next = true;
        }
        chunks.push(ctx.closing(c));
    }
    if at < doc.blocks.len() {
        ctx.blocks(&doc.blocks[at + 1..], left, measure, &mut chunks)?;
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

fn check_settings(doc: &Document) -> Result<(), LayoutError> {
    let s = &doc.settings;
    let (h, c) = (&s.header, &s.closing);
    let mut sizes = vec![
        s.body.size,
        s.body.line,
        s.footnotes.size,
        s.footnotes.line,
        s.tables.size,
        s.tables.line,
        s.tables.caption_size,
        s.images.caption_size,
        s.page_number.size,
        h.line,
        h.superior_size,
        h.issuer_size,
        h.number_size,
        h.motto_size,
        h.place_date_size,
        h.kind_size,
        h.summary_size,
        c.label_size,
        c.recipients_size,
        c.recipients_line,
        c.authority_size,
        c.title_size,
        c.signer_size,
    ];
    sizes.extend(s.headings.iter().flat_map(|h| [h.size, h.line]));
    let lengths = [
        s.body.space_before,
        s.body.space_after,
        s.body.first_line_indent,
        s.lists.indent,
        s.footnotes.rule_length,
        s.footnotes.gap,
        s.tables.padding,
        s.tables.border,
        h.left_width,
        h.space_after,
        c.left_width,
        c.space_before,
    ];
    let too_big = sizes.iter().chain(&lengths).any(|v| *v > 1000.0)
        || !(0.0..=100.0).contains(&h.left_width)
        || !(0.0..=100.0).contains(&c.left_width)
        || c.signature_lines > 50;
    let body_h = s.paper.height - s.margins.top - s.margins.bottom;
    let finite = [
        s.paper.width,
        s.paper.height,
        s.margins.top,
        s.margins.bottom,
        s.margins.left,
        s.margins.right,
    ]
    .iter()
    .chain(sizes.iter())
    .all(|v| v.is_finite());
    let finite = finite && lengths.iter().all(|v| v.is_finite() && *v >= 0.0);
    if !finite || too_big || sizes.iter().any(|v| *v <= 0.0) || s.headings.is_empty() {
        return Err(LayoutError::Settings(
            "cỡ chữ, giãn dòng, khoảng cách phải là số dương hợp lý".into(),
        ));
    }
    if mm_to_pt(s.measure()) < 4.0 * s.body.size || mm_to_pt(body_h) < 4.0 * s.body.line {
        return Err(LayoutError::Settings(format!(
            "lề quá lớn so với khổ giấy {} x {} mm",
            s.paper.width, s.paper.height
        )));
    }
    Ok(())
}
