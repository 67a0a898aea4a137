//! PDF backend (issue #4): a layout engine that turns the backend-neutral
//! [`Document`] into a display list per page ([`display`]), and a thin
//! writer ([`write`]) that turns it into PDF bytes.
//!
//! Stages: [`shape`] (harfrust, cached words) -> [`linebreak`] (UAX #14
//! opportunities, total-fit breaking, justification) -> [`layout`] (blocks to
//! chunks: lines, rows, images, footnote lines; [`official`]: header and
//! closing blocks) ->
//! [`paginate`] (chunks to pages, footnotes at the foot of the citing page,
//! keeps, repeated table headers, page numbers) -> [`write`] (the file:
//! [`content`] streams, [`embed`]ded fonts, [`images`], in [`objects`] syntax).
//!
//! Everything is per call except the parsed fonts, which are shared per
//! process; `render` can run on many threads at once and gives the same bytes
//! for the same input.

pub mod content;
pub mod display;
pub mod embed;
pub mod images;
pub mod layout;
pub mod linebreak;
pub mod objects;
pub mod official;
pub mod paginate;
pub mod shape;
mod subset;
pub mod write;

use crate::document::settings::mm_to_pt;
use crate::document::{Document, Rendered};
use crate::fonts::{FontError, FontSet};

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(transparent)]
    Font(#[from] FontError),
    #[error("ảnh «{name}»: {reason}")]
    Image { name: String, reason: String },
    #[error("thiết lập trang không dùng được: {0}")]
    Settings(String),
    #[error("không ghi được PDF: {0}")]
    Write(String),
}

/// Lay the document out: one display list per page.
pub fn layout(doc: &Document) -> Result<Vec<display::Page>, PdfError> {
    Ok(layout_with_warnings(doc)?.0)
}

/// Lay out and write the PDF; warnings name characters the font lacks.
pub fn render(doc: &Document) -> Result<Rendered, PdfError> {
    // Also checked when settings.yaml is read; a document built in code is not.
    doc.settings.validate().map_err(PdfError::Settings)?;
    let (pages, warnings) = layout_with_warnings(doc)?;
    let set = FontSet::from_settings(&doc.settings.fonts, doc.settings.base_dir.as_deref())?;
    // A panic in the writer or a decoder it calls (say, on an unusual image)
    // becomes an error for this document, not the end of a batch.
    let bytes = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        write::write(doc, &pages, &set)
    }))
    .map_err(|e| {
        let why = e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        PdfError::Write(format!("PDF writer panicked: {why}"))
    })??;
    Ok(Rendered { bytes, warnings })
}

fn check_settings(doc: &Document) -> Result<(), PdfError> {
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
        return Err(PdfError::Settings(
            "cỡ chữ, giãn dòng, khoảng cách phải là số dương hợp lý".into(),
        ));
    }
    if mm_to_pt(s.measure()) < 4.0 * s.body.size || mm_to_pt(body_h) < 4.0 * s.body.line {
        return Err(PdfError::Settings(format!(
            "lề quá lớn so với khổ giấy {} x {} mm",
            s.paper.width, s.paper.height
        )));
    }
    Ok(())
}

fn layout_with_warnings(doc: &Document) -> Result<(Vec<display::Page>, Vec<String>), PdfError> {
    check_settings(doc)?;
    let set = FontSet::from_settings(&doc.settings.fonts, doc.settings.base_dir.as_deref())?;
    let mut ctx = layout::Ctx::new(doc, &set);
    let mut chunks = Vec::new();
    if let Some(h) = &doc.meta.header {
        chunks.extend(ctx.header(h));
    }
    let (left, measure) = (ctx.left, ctx.measure);
    // The closing block goes where the document marks it, else at the end.
    let at = doc
        .blocks
        .iter()
        .position(|b| matches!(b, crate::document::Block::Closing))
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
    Ok((pages, ctx.warnings))
}
