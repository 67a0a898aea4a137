//! A small PDF text extractor for the tests (lopdf): decodes each page's
//! `TJ`/`Tj` strings through the font's ToUnicode CMap and keeps where they
//! sit, so tests can compare the copyable text with the document's.
#![allow(dead_code)]

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};

/// Text shown by one `TJ`/`Tj`, at the position of its text matrix.
#[derive(Debug, Clone)]
pub struct TextRun {
    pub x: f32,
    /// PDF coordinates: from the bottom of the page.
    pub y: f32,
    pub size: f32,
    pub font: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct PageText {
    pub media_box: Vec<f32>,
    pub runs: Vec<TextRun>,
}

impl PageText {
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
    /// Text of the runs whose baseline is below `y_max` (PDF coordinates).
    pub fn text_below(&self, y_max: f32) -> String {
        self.runs
            .iter()
            .filter(|r| r.y < y_max)
            .map(|r| r.text.as_str())
            .collect()
    }
    pub fn text_above(&self, y_min: f32) -> String {
        self.runs
            .iter()
            .filter(|r| r.y > y_min)
            .map(|r| r.text.as_str())
            .collect()
    }
}

fn num(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        _ => 0.0,
    }
}

fn utf16_hex(h: &str) -> String {
    let units: Vec<u16> = (0..h.len() / 4)
        .filter_map(|i| u16::from_str_radix(&h[i * 4..i * 4 + 4], 16).ok())
        .collect();
    String::from_utf16_lossy(&units)
}

/// Parse the bfchar/bfrange entries of a ToUnicode CMap.
pub fn parse_cmap(text: &str) -> HashMap<u16, String> {
    let mut map = HashMap::new();
    let mut mode = "";
    for line in text.lines() {
        let l = line.trim();
        if l.ends_with("beginbfchar") {
            mode = "char";
            continue;
        }
        if l.ends_with("beginbfrange") {
            mode = "range";
            continue;
        }
        if l.starts_with("endbf") {
            mode = "";
            continue;
        }
        let hexes: Vec<&str> = l
            .split(['<', '>'])
            .map(str::trim)
            .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_hexdigit()))
            .collect();
        match mode {
            // `<code><>`: a glyph that stands for no text of its own.
            "char" if hexes.len() == 1 && l.ends_with("<>") => {
                if let Ok(code) = u16::from_str_radix(hexes[0], 16) {
                    map.insert(code, String::new());
                }
            }
            "char" if hexes.len() == 2 => {
                if let Ok(code) = u16::from_str_radix(hexes[0], 16) {
                    map.insert(code, utf16_hex(hexes[1]));
                }
            }
            "range" if hexes.len() == 3 => {
                let (Ok(a), Ok(b), Ok(d)) = (
                    u16::from_str_radix(hexes[0], 16),
                    u16::from_str_radix(hexes[1], 16),
                    u32::from_str_radix(hexes[2], 16),
                ) else {
                    continue;
                };
                for (k, code) in (a..=b).enumerate() {
                    if let Some(c) = char::from_u32(d + k as u32) {
                        map.insert(code, c.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    map
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

/// Font resource name -> (BaseFont, ToUnicode map) for a page.
fn page_fonts(doc: &Document, page: ObjectId) -> HashMap<Vec<u8>, (String, HashMap<u16, String>)> {
    let mut out = HashMap::new();
    for (name, font) in doc.get_page_fonts(page).unwrap_or_default() {
        let base = font
            .get(b"BaseFont")
            .ok()
            .and_then(|o| o.as_name().ok())
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let mut map = HashMap::new();
        if let Ok(tu) = font.get(b"ToUnicode") {
            if let Object::Stream(s) = deref(doc, tu) {
                let data = s
                    .decompressed_content()
                    .unwrap_or_else(|_| s.content.clone());
                map = parse_cmap(&String::from_utf8_lossy(&data));
            }
        }
        out.insert(name, (base, map));
    }
    out
}

/// All pages' text runs.
pub fn extract(bytes: &[u8]) -> Vec<PageText> {
    let doc = Document::load_mem(bytes).expect("a PDF lopdf can read");
    let mut pages = Vec::new();
    for (_, &pid) in doc.get_pages().iter() {
        let fonts = page_fonts(&doc, pid);
        let page = doc.get_dictionary(pid).expect("page dict");
        let media_box = page
            .get(b"MediaBox")
            .ok()
            .and_then(|o| o.as_array().ok())
            .map(|a| a.iter().map(num).collect())
            .unwrap_or_default();
        let data = doc.get_page_content(pid);
        let content = Content::decode(&data).expect("content decodes");
        let mut font: Option<&(String, HashMap<u16, String>)> = None;
        let mut size = 0.0;
        let (mut x, mut y) = (0.0, 0.0);
        let mut runs = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "Tf" => {
                    if let Some(Object::Name(n)) = op.operands.first() {
                        font = fonts.get(n);
                    }
                    size = op.operands.get(1).map(num).unwrap_or(0.0);
                }
                "Tm" if op.operands.len() == 6 => {
                    x = num(&op.operands[4]);
                    y = num(&op.operands[5]);
                }
                "TJ" | "Tj" => {
                    let items: Vec<&Object> = match op.operands.first() {
                        Some(Object::Array(a)) => a.iter().collect(),
                        Some(o) => vec![o],
                        None => vec![],
                    };
                    let mut text = String::new();
                    for it in items {
                        if let Object::String(b, _) = it {
                            for pair in b.chunks(2) {
                                let code =
                                    u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]);
                                match font.and_then(|f| f.1.get(&code)) {
                                    Some(s) => text.push_str(s),
                                    None => text.push('\u{FFFD}'),
                                }
                            }
                        }
                    }
                    runs.push(TextRun {
                        x,
                        y,
                        size,
                        font: font.map(|f| f.0.clone()).unwrap_or_default(),
                        text,
                    });
                }
                _ => {}
            }
        }
        pages.push(PageText { media_box, runs });
    }
    pages
}

/// The sample document without the official blocks, footnotes, lists,
/// tables and images: body text only, for exact comparison.
pub fn bare_body(filler: usize) -> baocao::document::Document {
    use baocao::document::{Block, Inline};
    let mut doc = baocao::document::sample::report(filler);
    doc.meta.header = None;
    doc.meta.closing = None;
    doc.footnotes.clear();
    doc.blocks
        .retain(|b| matches!(b, Block::Heading { .. } | Block::Paragraph(_)));
    for b in &mut doc.blocks {
        let content = match b {
            Block::Heading { content, .. } => content,
            Block::Paragraph(p) => &mut p.content,
            _ => unreachable!(),
        };
        content.retain(|i| !matches!(i, Inline::FootnoteRef(_)));
    }
    doc
}

/// The text of the body blocks in order.
pub fn body_text(doc: &baocao::document::Document) -> String {
    use baocao::document::{plain_text, Block};
    doc.blocks
        .iter()
        .map(|b| match b {
            Block::Heading { content, .. } => plain_text(content),
            Block::Paragraph(p) => plain_text(&p.content),
            _ => String::new(),
        })
        .collect()
}
