//! The PDF file from the display list: the pages' content streams
//! ([`super::content`]: one `TJ` per run), the fonts ([`super::embed`]:
//! subsets cached per glyph set), images ([`super::images`]), footnote links,
//! the nested outline in document order, the document information dated on
//! the report's day, and a content-derived `/ID`, so the bytes depend on the
//! input only. Objects, the xref and the trailer are written with Typst's
//! `pdf-writer` ([`super::objects`]). (printpdf's serializer was most of a
//! report's cost; see docs/performance.md.)

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use pdf_writer::types::{AnnotationType, PageMode, ProcSet};
use pdf_writer::writers::{Annotation, Resources};
use pdf_writer::{Finish, Name, Null, Obj, Rect, Str, TextStr};

use crate::document::Document;
use crate::fonts::FontSet;

use super::content;
use super::display::{Item, Page};
use super::embed::{self, FaceCodes};
use super::images;
use super::objects::{Id, Out};
use super::PdfError;

/// A length in points as written in dictionaries: 3 decimals.
fn pt(v: f64) -> f32 {
    ((v * 1000.0).round() / 1000.0) as f32
}

/// An `/XYZ` destination: `page`, `top` (from the bottom), left and zoom unchanged.
fn xyz(obj: Obj<'_>, page: Id, top: f64) {
    obj.array()
        .item(page)
        .item(Name(b"XYZ"))
        .item(Null)
        .item(pt(top))
        .item(Null);
}

/// Write the pages as a PDF.
pub fn write(doc: &Document, pages: &[Page], set: &Arc<FontSet>) -> Result<Vec<u8>, PdfError> {
    let mut out = Out::new();
    let (catalog, pages_id, info) = (out.alloc(), out.alloc(), out.alloc());
    let page_ids: Vec<Id> = pages.iter().map(|_| out.alloc()).collect();
    let resources = out.alloc();

    // Images, each distinct file once.
    let mut image_ids: Vec<(Arc<Vec<u8>>, Id, String)> = Vec::new();
    for p in pages {
        for it in &p.items {
            if let Item::Image(im) = it {
                if image_ids.iter().any(|(d, ..)| Arc::ptr_eq(d, &im.data)) {
                    continue;
                }
                let id = out.alloc();
                images::write_image(&mut out, id, im)?;
                image_ids.push((im.data.clone(), id, format!("Im{}", image_ids.len() + 1)));
            }
        }
    }

    // Pages and their content; the codes of each face are numbered as met.
    // Indexed by `FaceId::index()`: the family's four styles, then the fallbacks.
    let mut codes: Vec<FaceCodes> = set.all_faces().map(|(_, f)| FaceCodes::new(f)).collect();
    let mut buf = Vec::with_capacity(32 * 1024);
    for (i, p) in pages.iter().enumerate() {
        buf.clear();
        content::page(&mut buf, p, &mut codes, &mut |im| {
            image_ids
                .iter()
                .find(|(data, ..)| Arc::ptr_eq(data, &im.data))
                .map(|(_, _, n)| n.clone())
        });
        let contents = out.alloc();
        out.deflated_stream(contents, &buf, |_| {});
        let h = f64::from(p.height);
        let mut page = out.pdf.page(page_ids[i]);
        page.parent(pages_id)
            .media_box(Rect::new(0.0, 0.0, pt(f64::from(p.width)), pt(h)))
            .contents(contents)
            .pair(Name(b"Resources"), resources);
        if !p.links.is_empty() {
            let mut annots = page.insert(Name(b"Annots")).array();
            for l in &p.links {
                let mut a = annots.push().start::<Annotation>();
                a.subtype(AnnotationType::Link)
                    .rect(Rect::new(
                        pt(f64::from(l.x)),
                        pt(h - f64::from(l.y + l.h)),
                        pt(f64::from(l.x + l.w)),
                        pt(h - f64::from(l.y)),
                    ))
                    .border(0.0, 0.0, 0.0, None);
                match page_ids.get(l.target_page) {
                    Some(&t) => {
                        let th = pages.get(l.target_page).map_or(h, |t| f64::from(t.height));
                        xyz(a.insert(Name(b"Dest")), t, th - f64::from(l.target_y) + 4.0);
                    }
                    None => {
                        a.insert(Name(b"Dest")).array().item(page_ids[i]);
                    }
                }
            }
        }
    }

    // Fonts: only the faces the pages use.
    let mut fonts = Vec::new();
    for (index, ((_, face), codes)) in set.all_faces().zip(codes.iter_mut()).enumerate() {
        if codes.is_empty() {
            continue;
        }
        let id = out.alloc();
        embed::write_font(&mut out, id, face, index, codes);
        fonts.push((format!("F{index}"), id));
    }
    let mut res = out.pdf.indirect(resources).start::<Resources>();
    res.proc_sets([
        ProcSet::Pdf,
        ProcSet::Text,
        ProcSet::ImageGrayscale,
        ProcSet::ImageColor,
    ]);
    if !fonts.is_empty() {
        let mut dict = res.fonts();
        for (name, id) in &fonts {
            dict.pair(Name(name.as_bytes()), *id);
        }
    }
    if !image_ids.is_empty() {
        let mut dict = res.x_objects();
        for (_, id, name) in &image_ids {
            dict.pair(Name(name.as_bytes()), *id);
        }
    }
    res.finish();

    out.pdf
        .pages(pages_id)
        .kids(page_ids.iter().copied())
        .count(pages.len() as i32);

    let outline = write_outline(&mut out, pages, &page_ids);

    // The catalog: Vietnamese for screen readers and spell checkers; viewers
    // show the title.
    let mut cat = out.pdf.catalog(catalog);
    cat.pages(pages_id).lang(TextStr(&doc.meta.language));
    cat.viewer_preferences().display_doc_title(true);
    if let Some(o) = outline {
        cat.outlines(o).page_mode(PageMode::UseOutlines);
    }
    cat.finish();

    // Document information, dated on the report's day in Vietnam (UTC+7),
    // in PDF 1.7's form (pdf-writer's `Date` leaves out the closing `'`).
    let date = doc.meta.date;
    let stamp = format!(
        "D:{:04}{:02}{:02}000000+07'00'",
        date.year,
        date.month.clamp(1, 12),
        date.day.clamp(1, 31)
    );
    let mut inf = out.pdf.document_info(info);
    let meta = &doc.meta;
    for (key, value) in [
        (&b"Title"[..], meta.title.as_str()),
        (b"Author", meta.author.as_str()),
        (b"Subject", meta.subject.as_str()),
        (b"Creator", "baocao"),
        (b"Producer", concat!("baocao ", env!("CARGO_PKG_VERSION"))),
    ] {
        if !value.is_empty() {
            inf.pair(Name(key), TextStr(value));
        }
    }
    inf.pair(Name(b"CreationDate"), Str(stamp.as_bytes()))
        .pair(Name(b"ModDate"), Str(stamp.as_bytes()));
    inf.finish();

    let (id_hex, _) = content_id(doc, pages);
    Ok(out.finish(id_hex.as_bytes()))
}

/// The nested outline of the headings, in document order; its root.
fn write_outline(out: &mut Out, pages: &[Page], page_ids: &[Id]) -> Option<Id> {
    struct Node<'a> {
        title: &'a str,
        page: Id,
        top: f32,
        children: Vec<usize>,
    }
    let mut nodes: Vec<Node> = Vec::new();
    let mut roots: Vec<usize> = Vec::new();
    let mut stack: Vec<(u8, usize)> = Vec::new();
    for (p, &pid) in pages.iter().zip(page_ids) {
        for e in &p.outline {
            let idx = nodes.len();
            nodes.push(Node {
                title: &e.title,
                page: pid,
                top: p.height - e.y + 4.0,
                children: Vec::new(),
            });
            while stack.last().is_some_and(|(l, _)| *l >= e.level) {
                stack.pop();
            }
            match stack.last() {
                Some(&(_, parent)) => nodes[parent].children.push(idx),
                None => roots.push(idx),
            }
            stack.push((e.level, idx));
        }
    }
    if roots.is_empty() {
        return None;
    }
    let root = out.alloc();
    let ids: Vec<Id> = nodes.iter().map(|_| out.alloc()).collect();
    fn count(nodes: &[Node], i: usize) -> i32 {
        nodes[i].children.iter().map(|&c| 1 + count(nodes, c)).sum()
    }
    let link = |out: &mut Out, list: &[usize], parent: Id| {
        for (k, &i) in list.iter().enumerate() {
            let n = &nodes[i];
            let mut item = out.pdf.outline_item(ids[i]);
            item.title(TextStr(n.title)).parent(parent);
            xyz(item.insert(Name(b"Dest")), n.page, f64::from(n.top));
            if k > 0 {
                item.prev(ids[list[k - 1]]);
            }
            if k + 1 < list.len() {
                item.next(ids[list[k + 1]]);
            }
            if let (Some(&f), Some(&l)) = (n.children.first(), n.children.last()) {
                item.first(ids[f]).last(ids[l]).count(count(&nodes, i));
            }
        }
    };
    link(out, &roots, root);
    for i in 0..nodes.len() {
        link(out, &nodes[i].children, ids[i]);
    }
    out.pdf
        .outline(root)
        .first(ids[roots[0]])
        .last(ids[*roots.last().expect("non-empty")])
        .count(nodes.len() as i32);
    Some(root)
}

/// Deflate level of the PDF's streams (libdeflate's levels). Level 9
/// (lopdf's `Document::compress`) took a fifth of a render for a few per
/// cent of size; libdeflate's level 1 against its level 3: 5% fewer
/// instructions for the whole batch, files 2.6% larger (docs/performance.md).
const DEFLATE_LEVEL: u32 = 1;

/// Deflate level of the embedded font programs: a subset is deflated once
/// per glyph set, but a batch of wards with their own names meets a new set in
/// most reports, so the fastest level (see [`DEFLATE_LEVEL`]).
const FONT_DEFLATE_LEVEL: u32 = 1;

/// zlib-format deflate of `bytes` (FlateDecode).
pub fn zlib(bytes: &[u8]) -> Vec<u8> {
    crate::deflate::zlib(DEFLATE_LEVEL, bytes)
}

/// [`zlib`] for a font program, at [`FONT_DEFLATE_LEVEL`].
pub fn zlib_font(bytes: &[u8]) -> Vec<u8> {
    crate::deflate::zlib(FONT_DEFLATE_LEVEL, bytes)
}

/// A file identifier derived from the content (the same input, the same /ID).
fn content_id(doc: &Document, pages: &[Page]) -> (String, u64) {
    let mut a = std::collections::hash_map::DefaultHasher::new();
    doc.meta.title.hash(&mut a);
    doc.meta.author.hash(&mut a);
    for p in pages {
        for it in &p.items {
            match it {
                Item::Glyphs(r) => {
                    r.y.to_bits().hash(&mut a);
                    for g in &r.glyphs {
                        g.id.hash(&mut a);
                        g.x.to_bits().hash(&mut a);
                    }
                }
                Item::Image(im) => im.data.len().hash(&mut a),
                _ => {}
            }
        }
    }
    let h1 = Hasher::finish(&a);
    pages.len().hash(&mut a);
    let h2 = Hasher::finish(&a);
    (format!("{h1:016x}{h2:016x}"), h2)
}
