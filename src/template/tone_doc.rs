//! The document's tone-mark style applied to all of its text (runs,
//! headings, tables, captions, footnotes, header and closing blocks) after
//! parsing, so that file names in the markup (images) are left alone.

use super::vi::tone::{apply, ToneStyle};
use crate::document::{Block, Document, Inline, Paragraph};

fn text(s: &mut String, style: ToneStyle) {
    *s = apply(s, style);
}

fn inlines(runs: &mut [Inline], style: ToneStyle) {
    for r in runs {
        if let Inline::Text { text: t, .. } = r {
            text(t, style);
        }
    }
}

fn paragraph(p: &mut Paragraph, style: ToneStyle) {
    inlines(&mut p.content, style);
}

fn blocks(bs: &mut [Block], style: ToneStyle) {
    for b in bs {
        match b {
            Block::Heading { content, .. } => inlines(content, style),
            Block::Paragraph(p) => paragraph(p, style),
            Block::List(l) => l.items.iter_mut().for_each(|i| blocks(i, style)),
            Block::Table(t) => {
                inlines(&mut t.caption, style);
                for r in t.header.iter_mut().chain(t.rows.iter_mut()) {
                    r.cells.iter_mut().for_each(|c| inlines(c, style));
                }
            }
            Block::Image(i) => {
                inlines(&mut i.caption, style);
                text(&mut i.alt, style);
            }
            Block::PageBreak | Block::Closing | Block::Section { .. } => {}
        }
    }
}

/// Normalise every text of `doc` to `style`.
pub fn apply_to_document(doc: &mut Document, style: ToneStyle) {
    let m = &mut doc.meta;
    for s in [&mut m.title, &mut m.author, &mut m.subject] {
        text(s, style);
    }
    if let Some(h) = &mut m.header {
        for s in [
            &mut h.superior,
            &mut h.issuer,
            &mut h.number,
            &mut h.motto,
            &mut h.place_date,
            &mut h.kind,
            &mut h.separator,
        ] {
            text(s, style);
        }
        h.summary.iter_mut().for_each(|s| text(s, style));
    }
    if let Some(c) = &mut m.closing {
        text(&mut c.recipients_label, style);
        text(&mut c.signer, style);
        for v in [&mut c.recipients, &mut c.authority, &mut c.title] {
            v.iter_mut().for_each(|s| text(s, style));
        }
    }
    blocks(&mut doc.blocks, style);
    for f in &mut doc.footnotes {
        f.content.iter_mut().for_each(|p| paragraph(p, style));
    }
}
