//! The PDF file from the display list, written straight into bytes: the
//! pages' content streams ([`super::content`]: one `TJ` per run), the fonts
//! ([`super::embed`]: subsets cached per glyph set), images
//! ([`super::images`]), footnote links, the nested outline in document order,
//! the document information dated on the report's day, and a content-derived
//! `/ID`, so the bytes depend on the input only. (printpdf's serializer was
//! most of a report's cost; see docs/performance.md.)

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::document::Document;
use crate::fonts::FontSet;

use super::content;
use super::display::{Item, Page};
use super::embed::{self, FaceCodes};
use super::images;
use super::objects::{self, Id, Out};
use super::PdfError;

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
    let mut d = Vec::with_capacity(512);
    for (i, p) in pages.iter().enumerate() {
        buf.clear();
        content::page(&mut buf, p, &mut codes, &mut |im| {
            image_ids
                .iter()
                .find(|(data, ..)| Arc::ptr_eq(data, &im.data))
                .map(|(_, _, n)| n.clone())
        });
        let contents = out.alloc();
        out.deflated_stream(contents, b"", &buf);
        d.clear();
        d.extend_from_slice(b"/Type/Page/Parent ");
        objects::reference(&mut d, pages_id);
        d.extend_from_slice(b"/MediaBox[0 0");
        objects::sp_real(&mut d, f64::from(p.width), 3);
        objects::sp_real(&mut d, f64::from(p.height), 3);
        d.extend_from_slice(b"]/Resources ");
        objects::reference(&mut d, resources);
        d.extend_from_slice(b"/Contents ");
        objects::reference(&mut d, contents);
        if !p.links.is_empty() {
            d.extend_from_slice(b"/Annots[");
            for l in &p.links {
                let h = f64::from(p.height);
                d.extend_from_slice(b"<</Type/Annot/Subtype/Link/Rect[");
                objects::real(&mut d, f64::from(l.x), 3);
                objects::sp_real(&mut d, h - f64::from(l.y + l.h), 3);
                objects::sp_real(&mut d, f64::from(l.x + l.w), 3);
                objects::sp_real(&mut d, h - f64::from(l.y), 3);
                d.extend_from_slice(b"]/Border[0 0 0]/Dest[");
                match page_ids.get(l.target_page) {
                    Some(&t) => {
                        objects::reference(&mut d, t);
                        let th = pages.get(l.target_page).map_or(h, |t| f64::from(t.height));
                        d.extend_from_slice(b"/XYZ null");
                        objects::sp_real(&mut d, th - f64::from(l.target_y) + 4.0, 3);
                        d.extend_from_slice(b" null");
                    }
                    None => objects::reference(&mut d, page_ids[i]),
                }
                d.extend_from_slice(b"]>>");
            }
            d.push(b']');
        }
        out.dict(page_ids[i], &d);
    }

    // Fonts: only the faces the pages use.
    d.clear();
    d.extend_from_slice(b"/ProcSet[/PDF/Text/ImageB/ImageC]");
    let mut fonts = Vec::new();
    for (index, ((_, face), codes)) in set.all_faces().zip(codes.iter_mut()).enumerate() {
        if codes.is_empty() {
            continue;
        }
        let id = out.alloc();
        embed::write_font(&mut out, id, face, index, codes);
        fonts.push((index, id));
    }
    if !fonts.is_empty() {
        d.extend_from_slice(b"/Font<<");
        for (index, id) in fonts {
            d.extend_from_slice(b"/F");
            objects::int(&mut d, index as i64);
            d.push(b' ');
            objects::reference(&mut d, id);
        }
        d.extend_from_slice(b">>");
    }
    if !image_ids.is_empty() {
        d.extend_from_slice(b"/XObject<<");
        for (_, id, n) in &image_ids {
            objects::name(&mut d, n);
            d.push(b' ');
            objects::reference(&mut d, *id);
        }
        d.extend_from_slice(b">>");
    }
    out.dict(resources, &d);

    d.clear();
    d.extend_from_slice(b"/Type/Pages/Kids[");
    for (i, id) in page_ids.iter().enumerate() {
        if i > 0 {
            d.push(b' ');
        }
        objects::reference(&mut d, *id);
    }
    d.extend_from_slice(b"]/Count ");
    objects::int(&mut d, pages.len() as i64);
    out.dict(pages_id, &d);

    let outline = write_outline(&mut out, pages, &page_ids);

    // The catalog: Vietnamese for screen readers and spell checkers; viewers
    // show the title.
    d.clear();
    d.extend_from_slice(b"/Type/Catalog/Pages ");
    objects::reference(&mut d, pages_id);
    d.extend_from_slice(b"/Lang");
    objects::text(&mut d, &doc.meta.language);
    d.extend_from_slice(b"/ViewerPreferences<</DisplayDocTitle true>>");
    if let Some(o) = outline {
        d.extend_from_slice(b"/Outlines ");
        objects::reference(&mut d, o);
        d.extend_from_slice(b"/PageMode/UseOutlines");
    }
    out.dict(catalog, &d);

    // Document information, dated on the report's day in Vietnam (UTC+7).
    let date = doc.meta.date;
    let stamp = format!(
        "D:{:04}{:02}{:02}000000+07'00'",
        date.year,
        date.month.clamp(1, 12),
        date.day.clamp(1, 31)
    );
    d.clear();
    for (key, value) in [
        ("Title", doc.meta.title.as_str()),
        ("Author", doc.meta.author.as_str()),
        ("Subject", doc.meta.subject.as_str()),
        ("Creator", "baocao"),
        ("Producer", concat!("baocao ", env!("CARGO_PKG_VERSION"))),
        ("CreationDate", stamp.as_str()),
        ("ModDate", stamp.as_str()),
    ] {
        if value.is_empty() {
            continue;
        }
        objects::name(&mut d, key);
        objects::text(&mut d, value);
    }
    out.dict(info, &d);

    let (id_hex, _) = content_id(doc, pages);
    Ok(out.finish(catalog, info, id_hex.as_bytes()))
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
    fn count(nodes: &[Node], i: usize) -> i64 {
        nodes[i].children.iter().map(|&c| 1 + count(nodes, c)).sum()
    }
    let mut d = Vec::with_capacity(256);
    let mut link = |out: &mut Out, list: &[usize], parent: Id| {
        for (k, &i) in list.iter().enumerate() {
            let n = &nodes[i];
            d.clear();
            d.extend_from_slice(b"/Title");
            objects::text(&mut d, n.title);
            d.extend_from_slice(b"/Parent ");
            objects::reference(&mut d, parent);
            d.extend_from_slice(b"/Dest[");
            objects::reference(&mut d, n.page);
            d.extend_from_slice(b"/XYZ null");
            objects::sp_real(&mut d, f64::from(n.top), 3);
            d.extend_from_slice(b" null]");
            if k > 0 {
                d.extend_from_slice(b"/Prev ");
                objects::reference(&mut d, ids[list[k - 1]]);
            }
            if k + 1 < list.len() {
                d.extend_from_slice(b"/Next ");
                objects::reference(&mut d, ids[list[k + 1]]);
            }
            if let (Some(&f), Some(&l)) = (n.children.first(), n.children.last()) {
                d.extend_from_slice(b"/First ");
                objects::reference(&mut d, ids[f]);
                d.extend_from_slice(b"/Last ");
                objects::reference(&mut d, ids[l]);
                d.extend_from_slice(b"/Count ");
                objects::int(&mut d, count(&nodes, i));
            }
            out.dict(ids[i], &d);
        }
    };
    link(out, &roots, root);
    for i in 0..nodes.len() {
        link(out, &nodes[i].children, ids[i]);
    }
    let mut d = Vec::with_capacity(64);
    d.extend_from_slice(b"/Type/Outlines/First ");
    objects::reference(&mut d, ids[roots[0]]);
    d.extend_from_slice(b"/Last ");
    objects::reference(&mut d, ids[*roots.last().expect("non-empty")]);
    d.extend_from_slice(b"/Count ");
    objects::int(&mut d, nodes.len() as i64);
    out.dict(root, &d);
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
    let h1 = a.finish();
    pages.len().hash(&mut a);
    let h2 = a.finish();
    (format!("{h1:016x}{h2:016x}"), h2)
}
