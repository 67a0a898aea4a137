//! Passes over all of a parsed document's text (runs, headings, tables,
//! captions, footnotes, header and closing blocks), made after parsing so
//! that file names in the markup (images) are left alone: the data
//! escaping's stand-ins restored ([`super::escape`]), curly quotes
//! ([`super::typography`]), the tone-mark style.

use crate::data::dau::{apply, KieuDau};
use crate::document::{Block, Document, Inline};

/// Every run list of the body and the footnotes (paragraphs, headings,
/// list items, table cells, captions), one call per list.
pub fn for_each_runs(doc: &mut Document, f: &mut dyn FnMut(&mut [Inline])) {
    fn blocks(bs: &mut [Block], f: &mut dyn FnMut(&mut [Inline])) {
        for b in bs {
            match b {
                Block::Heading { content, .. } => f(content),
                Block::Paragraph(p) => f(&mut p.content),
                Block::List(l) => l.items.iter_mut().for_each(|i| blocks(i, f)),
                Block::Table(t) => {
                    f(&mut t.caption);
                    for r in t.header.iter_mut().chain(t.rows.iter_mut()) {
                        r.cells.iter_mut().for_each(|c| f(c));
                    }
                }
                Block::Image(i) => f(&mut i.caption),
                Block::PageBreak | Block::Closing | Block::Section { .. } => {}
            }
        }
    }
    blocks(&mut doc.blocks, f);
    for n in &mut doc.footnotes {
        n.content.iter_mut().for_each(|p| f(&mut p.content));
    }
}

/// Every text of `doc`: runs, image alt texts, and the meta strings.
pub fn for_each_text(doc: &mut Document, f: &mut dyn FnMut(&mut String)) {
    for_each_runs(doc, &mut |runs| {
        for r in runs {
            if let Inline::Text { text, .. } = r {
                f(text);
            }
        }
    });
    fn alts(bs: &mut [Block], f: &mut dyn FnMut(&mut String)) {
        for b in bs {
            match b {
                Block::Image(i) => f(&mut i.alt),
                Block::List(l) => l.items.iter_mut().for_each(|i| alts(i, f)),
                _ => {}
            }
        }
    }
    alts(&mut doc.blocks, f);
    let m = &mut doc.meta;
    for s in [&mut m.title, &mut m.author, &mut m.subject] {
        f(s);
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
            f(s);
        }
        h.summary.iter_mut().for_each(&mut *f);
    }
    if let Some(c) = &mut m.closing {
        f(&mut c.recipients_label);
        f(&mut c.signer);
        for v in [&mut c.recipients, &mut c.authority, &mut c.title] {
            v.iter_mut().for_each(&mut *f);
        }
    }
}

/// Normalise every text of `doc` to `style`.
pub fn apply_to_document(doc: &mut Document, style: KieuDau) {
    for_each_text(doc, &mut |s| *s = apply(s, style));
}
