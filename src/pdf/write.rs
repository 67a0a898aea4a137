//! The printpdf writer: a thin translation of the display list. Glyphs are
//! placed one by one with absolute text matrices (printpdf merges a baseline's
//! glyphs into one kerned TJ whose numbers reproduce these positions), each
//! carrying its cluster text for an exact ToUnicode map. printpdf gives the
//! fonts (subset), images (Flate), links and the info dictionary; the outline
//! (nested, in document order) and a content-derived /ID are added on the
//! lopdf document it returns, so the bytes depend on the input only.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Actions, BorderArray, Codepoint, ColorArray, Destination, DictItem, FontId, ImageCompression,
    ImageOptimizationOptions, Line, LinePoint, LinkAnnotation, Op, PaintMode, ParsedFont,
    PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, RawImage, Rect,
    TextItem, TextMatrix, XObject, XObjectId, XObjectTransform,
};

use crate::document::Document;
use crate::fonts::FontSet;

use super::display::{Item, Page};
use super::PdfError;

/// Font resource names, one per face; printpdf takes their first six
/// letters as the subset tag, which should differ between different
/// subsets (tools merging PDFs tell fonts apart by it): derived from the
/// content, so still the same for the same input.
fn font_ids(seed: u64, faces: usize) -> Vec<String> {
    (0..faces)
        .map(|face| {
            let mut x = seed ^ ((face as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            (0..6)
                .map(|_| {
                    let c = (b'A' + (x % 26) as u8) as char;
                    x /= 26;
                    c
                })
                .collect()
        })
        .collect()
}

/// printpdf's parsed faces of a font set, parsed once per process.
fn parsed_fonts(set: &Arc<FontSet>) -> Result<Arc<Vec<ParsedFont>>, PdfError> {
    type Cache = Mutex<Vec<(Arc<FontSet>, Arc<Vec<ParsedFont>>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut guard = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, p)) = guard.iter().find(|(s, _)| Arc::ptr_eq(s, set)) {
        return Ok(p.clone());
    }
    let mut faces = Vec::with_capacity(set.face_count());
    for (_, f) in set.all_faces() {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(&f.data, 0, &mut warnings)
            .ok_or_else(|| PdfError::Write(format!("printpdf cannot read font {}", f.origin)))?;
        faces.push(parsed);
    }
    let faces = Arc::new(faces);
    guard.push((set.clone(), faces.clone()));
    Ok(faces)
}

fn pt(x: f32) -> Pt {
    Pt(x)
}

/// Write the pages as a PDF.
pub fn write(doc: &Document, pages: &[Page], set: &Arc<FontSet>) -> Result<Vec<u8>, PdfError> {
    let fonts = parsed_fonts(set)?;
    let mut pdf = PdfDocument::new(&doc.meta.title);
    let info = &mut pdf.metadata.info;
    info.author = doc.meta.author.clone();
    info.subject = doc.meta.subject.clone();
    info.creator = "baocao".into();
    info.producer = format!("baocao {} (printpdf)", env!("CARGO_PKG_VERSION"));
    let d = doc.meta.date;
    let date = printpdf::OffsetDateTime::new_in_offset(
        printpdf::Date {
            year: d.year,
            month: d.month.clamp(1, 12) as u8,
            day: d.day.clamp(1, 31) as u8,
        },
        printpdf::Time {
            hour: 0,
            minute: 0,
            second: 0,
            millisecond: 0,
        },
        printpdf::Offset {
            hours: 7,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    );
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;

    let (id_hex, seed) = content_id(doc, pages);
    let ids = font_ids(seed, fonts.len());
    // Fonts: only the faces the pages use.
    let mut used = vec![false; fonts.len()];
    for p in pages {
        for r in p.runs() {
            used[r.face.index()] = true;
        }
    }
    for (i, font) in fonts.iter().enumerate() {
        if used[i] {
            pdf.resources
                .fonts
                .map
                .insert(FontId(ids[i].clone()), PdfFont::new(font.clone()));
        }
    }

    // Images, each distinct file once.
    let mut images: Vec<(Arc<Vec<u8>>, XObjectId, usize, usize)> = Vec::new();
    for p in pages {
        for it in &p.items {
            if let Item::Image(im) = it {
                if images.iter().any(|(d, ..)| Arc::ptr_eq(d, &im.data)) {
                    continue;
                }
                let mut w = Vec::new();
                let raw = RawImage::decode_from_bytes(&im.data, &mut w).map_err(|reason| {
                    PdfError::Image {
                        name: im.name.clone(),
                        reason,
                    }
                })?;
                let id = XObjectId(format!("Im{}", images.len() + 1));
                let (wpx, hpx) = (raw.width.max(1), raw.height.max(1));
                pdf.resources
                    .xobjects
                    .map
                    .insert(id.clone(), XObject::Image(raw));
                images.push((im.data.clone(), id, wpx, hpx));
            }
        }
    }

    let mut out_pages = Vec::with_capacity(pages.len());
    for p in pages {
        out_pages.push(page_ops(p, &images, &ids));
    }
    pdf.with_pages(out_pages);

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: Some(ImageOptimizationOptions {
            quality: None,
            max_image_size: None,
            dither_greyscale: None,
            convert_to_greyscale: Some(false),
            auto_optimize: Some(false),
            format: Some(ImageCompression::Flate),
        }),
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
    add_outline(&mut lo, pages);
    if let Ok(cat) = lo.catalog_mut() {
        // Screen readers and spell checkers read Vietnamese; viewers show the title.
        cat.set(
            "Lang",
            Object::String(
                doc.meta.language.clone().into_bytes(),
                StringFormat::Literal,
            ),
        );
        let mut prefs = Dictionary::new();
        prefs.set("DisplayDocTitle", true);
        cat.set("ViewerPreferences", prefs);
    }
    let id = Object::String(id_hex.into_bytes(), StringFormat::Literal);
    lo.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    tidy_info(&mut lo, doc.meta.date);
    lo.version = "1.7".into();
    compress(&mut lo);
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(bytes)
}

fn page_ops(
    p: &Page,
    images: &[(Arc<Vec<u8>>, XObjectId, usize, usize)],
    ids: &[String],
) -> PdfPage {
    let h = p.height;
    let mut ops = Vec::new();
    let mut in_text = false;
    ops.push(Op::SetFillColor {
        col: printpdf::Color::Greyscale(printpdf::Greyscale::new(0.0, None)),
    });
    ops.push(Op::SetOutlineColor {
        col: printpdf::Color::Greyscale(printpdf::Greyscale::new(0.0, None)),
    });
    for it in &p.items {
        match it {
            Item::Glyphs(run) => {
                if !in_text {
                    ops.push(Op::StartTextSection);
                    in_text = true;
                }
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(FontId(ids[run.face.index()].clone())),
                    size: pt(run.size),
                });
                for g in &run.glyphs {
                    ops.push(Op::SetTextMatrix {
                        matrix: TextMatrix::Translate(pt(g.x), pt(h - (run.y + g.dy))),
                    });
                    // A character no font has (allowed by the user) shows the
                    // .notdef box; every such glyph shares glyph id 0, so its
                    // text goes into /ActualText, not the ToUnicode map.
                    let missing = g.id == 0 && !g.text.is_empty();
                    if missing {
                        ops.push(actual_text(&g.text));
                    }
                    ops.push(Op::ShowText {
                        items: vec![TextItem::GlyphIds(vec![Codepoint {
                            gid: g.id,
                            offset: 0.0,
                            cid: match missing {
                                true => Some("\u{FFFD}".into()),
                                false => (!g.text.is_empty()).then(|| g.text.clone()),
                            },
                        }])],
                    });
                    if missing {
                        ops.push(Op::EndMarkedContent);
                    }
                }
            }
            other => {
                if in_text {
                    ops.push(Op::EndTextSection);
                    in_text = false;
                }
                match other {
                    Item::Rule {
                        x1,
                        y1,
                        x2,
                        y2,
                        width,
                    } => {
                        ops.push(Op::SetOutlineThickness { pt: pt(*width) });
                        ops.push(Op::DrawLine {
                            line: Line {
                                points: vec![
                                    LinePoint {
                                        p: Point {
                                            x: pt(*x1),
                                            y: pt(h - y1),
                                        },
                                        bezier: false,
                                    },
                                    LinePoint {
                                        p: Point {
                                            x: pt(*x2),
                                            y: pt(h - y2),
                                        },
                                        bezier: false,
                                    },
                                ],
                                is_closed: false,
                            },
                        });
                    }
                    Item::Rect {
                        x,
                        y,
                        w,
                        h: rh,
                        width,
                    } => {
                        ops.push(Op::SetOutlineThickness { pt: pt(*width) });
                        ops.push(Op::DrawRectangle {
                            rectangle: Rect {
                                x: pt(*x),
                                y: pt(h - y - rh),
                                width: pt(*w),
                                height: pt(*rh),
                                mode: Some(PaintMode::Stroke),
                                winding_order: None,
                            },
                        });
                    }
                    Item::Image(im) => {
                        if let Some((_, id, wpx, hpx)) =
                            images.iter().find(|(d, ..)| Arc::ptr_eq(d, &im.data))
                        {
                            ops.push(Op::UseXobject {
                                id: id.clone(),
                                transform: XObjectTransform {
                                    translate_x: Some(pt(im.x)),
                                    translate_y: Some(pt(h - im.y - im.h)),
                                    rotate: None,
                                    scale_x: Some(im.w / *wpx as f32),
                                    scale_y: Some(im.h / *hpx as f32),
                                    dpi: Some(72.0),
                                    no_auto_scale: false,
                                },
                            });
                        }
                    }
                    Item::Glyphs(_) => {}
                }
            }
        }
    }
    if in_text {
        ops.push(Op::EndTextSection);
    }
    for l in &p.links {
        ops.push(Op::LinkAnnotation {
            link: LinkAnnotation::new(
                Rect {
                    x: pt(l.x),
                    y: pt(h - l.y - l.h),
                    width: pt(l.w),
                    height: pt(l.h),
                    mode: None,
                    winding_order: None,
                },
                Actions::Goto(Destination::Xyz {
                    page: l.target_page + 1,
                    left: None,
                    top: Some(h - l.target_y + 4.0),
                    zoom: None,
                }),
                Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                Some(ColorArray::Transparent),
                None,
            ),
        });
    }
    PdfPage::new(
        printpdf::Mm(p.width * 25.4 / 72.0),
        printpdf::Mm(p.height * 25.4 / 72.0),
        ops,
    )
}

/// `/Span <</ActualText (text)>> BDC`: what a text extractor reports for
/// the marked glyphs instead of their ToUnicode text.
fn actual_text(text: &str) -> Op {
    let mut utf16 = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_be_bytes());
    }
    let mut map = BTreeMap::new();
    map.insert(
        "ActualText".to_string(),
        DictItem::String {
            data: utf16,
            literal: false,
        },
    );
    Op::BeginMarkedContentWithProperties {
        tag: "Span".into(),
        properties: DictItem::Dict { map },
    }
}

/// Deflate level of the PDF's streams. lopdf's `Document::compress` uses
/// level 9 (`Compression::best`), which took a fifth of a render (zlib's
/// slow matcher) for a few per cent of size; see docs/performance.md.
const DEFLATE_LEVEL: u32 = 3;

thread_local! {
    /// One zlib compressor per thread, reset per stream: a new one
    /// allocates and clears some 300 KB of state.
    static ZLIB: std::cell::RefCell<flate2::Compress> =
        std::cell::RefCell::new(flate2::Compress::new(flate2::Compression::new(DEFLATE_LEVEL), true));
}

/// zlib-format deflate of `bytes` (FlateDecode).
fn zlib(bytes: &[u8]) -> Vec<u8> {
    ZLIB.with(|z| crate::deflate::compress_all(&mut z.borrow_mut(), bytes))
}

/// lopdf's `Document::compress` at [`DEFLATE_LEVEL`]: every stream that
/// allows it and has no filter yet is deflated when that saves bytes.
fn compress(lo: &mut lopdf::Document) {
    for object in lo.objects.values_mut() {
        if let Object::Stream(stream) = object {
            if stream.allows_compression && stream.dict.get(b"Filter").is_err() {
                let compressed = zlib(&stream.content);
                if compressed.len() + 19 < stream.content.len() {
                    stream.dict.set("Filter", "FlateDecode");
                    stream.set_content(compressed);
                }
            }
        }
    }
}

/// printpdf's info dictionary claims PDF/X (`GTS_PDFXVersion`), carries
/// empty keys and writes every date as UTC: keep what is true, and date the
/// file on the report's day in Vietnam (UTC+7).
fn tidy_info(lo: &mut lopdf::Document, date: crate::document::Date) {
    let Ok(Object::Reference(id)) = lo.trailer.get(b"Info").cloned() else {
        return;
    };
    if let Ok(Object::Dictionary(d)) = lo.get_object_mut(id) {
        for key in [
            &b"GTS_PDFXVersion"[..],
            b"Trapped",
            b"Identifier",
            b"Keywords",
        ] {
            d.remove(key);
        }
        let stamp = format!(
            "D:{:04}{:02}{:02}000000+07'00'",
            date.year,
            date.month.clamp(1, 12),
            date.day.clamp(1, 31)
        );
        for key in ["CreationDate", "ModDate"] {
            d.set(
                key,
                Object::String(stamp.clone().into_bytes(), StringFormat::Literal),
            );
        }
    }
}

/// A text string for the outline: UTF-16BE with a byte-order mark.
fn pdf_text(s: &str) -> Object {
    let mut b = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        b.extend_from_slice(&u.to_be_bytes());
    }
    Object::String(b, StringFormat::Hexadecimal)
}

/// The nested outline of the headings, in document order.
fn add_outline(lo: &mut lopdf::Document, pages: &[Page]) {
    let page_ids: Vec<ObjectId> = lo.get_pages().values().copied().collect();
    struct Node {
        title: String,
        page: ObjectId,
        top: f32,
        children: Vec<usize>,
    }
    let mut nodes: Vec<Node> = Vec::new();
    let mut roots: Vec<usize> = Vec::new();
    let mut stack: Vec<(u8, usize)> = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        let Some(&pid) = page_ids.get(i) else {
            continue;
        };
        for e in &p.outline {
            let idx = nodes.len();
            nodes.push(Node {
                title: e.title.clone(),
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
        return;
    }
    let ids: Vec<ObjectId> = nodes.iter().map(|_| lo.new_object_id()).collect();
    let outlines_id = lo.new_object_id();
    fn count(nodes: &[Node], i: usize) -> i64 {
        nodes[i].children.iter().map(|&c| 1 + count(nodes, c)).sum()
    }
    let mut dicts: BTreeMap<ObjectId, Dictionary> = BTreeMap::new();
    let link = |list: &[usize], parent: ObjectId, dicts: &mut BTreeMap<ObjectId, Dictionary>| {
        for (k, &i) in list.iter().enumerate() {
            let n = &nodes[i];
            let mut d = Dictionary::new();
            d.set("Title", pdf_text(&n.title));
            d.set("Parent", parent);
            d.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(n.page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(n.top),
                    Object::Null,
                ]),
            );
            if k > 0 {
                d.set("Prev", ids[list[k - 1]]);
            }
            if k + 1 < list.len() {
                d.set("Next", ids[list[k + 1]]);
            }
            if let (Some(f), Some(l)) = (n.children.first(), n.children.last()) {
                d.set("First", ids[*f]);
                d.set("Last", ids[*l]);
                d.set("Count", count(&nodes, i));
            }
            dicts.insert(ids[i], d);
        }
    };
    link(&roots, outlines_id, &mut dicts);
    for i in 0..nodes.len() {
        let children = nodes[i].children.clone();
        link(&children, ids[i], &mut dicts);
    }
    let total = nodes.len() as i64;
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    outlines.set("First", ids[roots[0]]);
    outlines.set("Last", ids[*roots.last().expect("non-empty")]);
    outlines.set("Count", total);
    lo.objects.insert(outlines_id, Object::Dictionary(outlines));
    for (id, d) in dicts {
        lo.objects.insert(id, Object::Dictionary(d));
    }
    if let Ok(cat) = lo.catalog_mut() {
        cat.set("Outlines", outlines_id);
        cat.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
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
