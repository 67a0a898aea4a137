//! The SVG previews (src/svg) read back as a browser would (an XML parser):
//! every page of the samples and of invented documents is well-formed, holds
//! the page's text as selectable `<text>`, NFC, each character at the x of its
//! cluster in the PDF's display list, every rule, border, image and link of
//! the page, and names only font families the served `@font-face` rules load.

use std::collections::HashSet;
use std::path::Path;

use baocao::data::Dataset;
use baocao::document::{sample, Block, Document, Footnote, Inline, Paragraph};
use baocao::fonts::FontSet;
use baocao::layout::{self, display::Item};
use baocao::svg;
use baocao::template::Engine;
use quick_xml::events::{BytesStart, Event};
use unicode_normalization::UnicodeNormalization;

/// An element of an SVG page, its attributes, and for `<text>` its content.
#[derive(Debug)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
}

impl Element {
    fn attr(&self, key: &str) -> &str {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("<{}> has no {key}: {:?}", self.name, self.attrs))
    }
    fn num(&self, key: &str) -> f32 {
        self.attr(key).parse().unwrap()
    }
    fn nums(&self, key: &str) -> Vec<f32> {
        self.attr(key)
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect()
    }
}

fn element(e: &BytesStart) -> Element {
    Element {
        name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                (
                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .unwrap()
                        .into_owned(),
                )
            })
            .collect(),
        text: String::new(),
    }
}

/// Every element of the document in order; fails on anything not well-formed.
fn parse(svg: &str) -> Vec<Element> {
    let mut r = quick_xml::Reader::from_str(svg);
    let mut out: Vec<Element> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) => {
                open.push(out.len());
                out.push(element(&e));
            }
            Event::Empty(e) => out.push(element(&e)),
            Event::End(_) => {
                open.pop().expect("balanced");
            }
            Event::Text(t) => {
                if let Some(&i) = open.last() {
                    out[i].text.push_str(&t.decode().unwrap());
                }
            }
            Event::GeneralRef(g) => {
                let c = match g.resolve_char_ref().unwrap() {
                    Some(c) => c,
                    None => match &*g.decode().unwrap() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("unknown entity {other}"),
                    },
                };
                let i = *open.last().unwrap();
                out[i].text.push(c);
            }
            Event::Eof => break,
            Event::Decl(_) | Event::Comment(_) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(open.is_empty(), "unclosed elements");
    out
}

/// Within the 0.001 pt the writer rounds to.
fn close(a: f32, b: f32) -> bool {
    (a - b).abs() <= 0.0006
}

/// Check every page of `doc` against its display list; returns the pages' text.
fn check(doc: &Document, what: &str) -> Vec<String> {
    let pages = layout::pages(doc).unwrap().pages;
    let svgs = svg::render(doc).unwrap();
    assert_eq!(svgs.len(), pages.len(), "{what}: one SVG per page");
    assert!(!pages.is_empty());
    let set =
        FontSet::from_settings(&doc.settings.fonts, doc.settings.base_dir.as_deref()).unwrap();
    let fonts = svg::web_fonts(&set);
    let families: HashSet<&str> = fonts.fonts.iter().map(|f| f.family.as_str()).collect();
    let css = fonts.css("/phong/");
    let mut texts = Vec::new();
    for (i, (p, s)) in pages.iter().zip(&svgs).enumerate() {
        let at = format!("{what}, page {}", i + 1);
        let els = parse(s);
        let root = &els[0];
        assert_eq!(root.name, "svg", "{at}");
        assert_eq!(
            root.nums("viewBox"),
            vec![
                0.0,
                0.0,
                (p.width * 1000.0).round() / 1000.0,
                (p.height * 1000.0).round() / 1000.0
            ],
            "{at}"
        );
        assert_eq!(root.attr("data-trang"), p.number.to_string(), "{at}");

        // Text: one <text> per run that has text, in drawing order.
        let svg_texts: Vec<&Element> = els.iter().filter(|e| e.name == "text").collect();
        let runs: Vec<_> = p
            .runs()
            .filter(|r| r.glyphs.iter().any(|g| !g.text.is_empty()))
            .collect();
        assert_eq!(svg_texts.len(), runs.len(), "{at}: one <text> per run");
        for (t, r) in svg_texts.iter().zip(&runs) {
            let clusters: Vec<_> = r.glyphs.iter().filter(|g| !g.text.is_empty()).collect();
            let want: String = clusters.iter().map(|g| g.text.as_str()).collect();
            assert_eq!(t.text, want, "{at}: the run's text");
            // A leading space keeps its x only where whitespace is preserved.
            assert_eq!(t.attr("xml:space"), "preserve", "{at}");
            assert_eq!(t.text, t.text.nfc().collect::<String>(), "{at}: NFC");
            let xs = t.nums("x");
            assert_eq!(xs.len(), t.text.chars().count(), "{at}: an x per character");
            // Each cluster's first character at the cluster's x; with one
            // glyph per character, each at its glyph's x.
            let mut k = 0;
            for (i, g) in r.glyphs.iter().enumerate() {
                if g.text.is_empty() {
                    continue;
                }
                let n = g.text.chars().count();
                let glyphs = 1 + r.glyphs[i + 1..]
                    .iter()
                    .take_while(|h| h.text.is_empty())
                    .count();
                assert!(
                    close(xs[k], g.x),
                    "{at}: {:?} at {}, PDF {}",
                    g.text,
                    xs[k],
                    g.x
                );
                if n == glyphs {
                    for j in 1..n {
                        assert!(close(xs[k + j], r.glyphs[i + j].x), "{at}: {:?}", g.text);
                    }
                }
                k += n;
            }
            let y = t.nums("y");
            assert!(close(y[0], r.y + clusters[0].dy), "{at}: baseline");
            assert!(close(t.num("font-size"), r.size), "{at}: size");
            let family = t.attr("font-family");
            let first = family.split(',').next().unwrap().trim().trim_matches('\'');
            assert!(families.contains(first), "{at}: {first} not served");
            assert!(css.contains(&format!("font-family:\"{first}\"")), "{at}");
            assert_eq!(
                first,
                fonts.fonts[r.face.index()].family,
                "{at}: the run's own face"
            );
        }

        // Rules, borders, images, links: the same count, at the same places.
        let lines: Vec<&Element> = els.iter().filter(|e| e.name == "line").collect();
        let rules: Vec<_> = p
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Rule {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                } => Some([*x1, *y1, *x2, *y2, *width]),
                _ => None,
            })
            .collect();
        assert_eq!(lines.len(), rules.len(), "{at}: rules");
        for (l, r) in lines.iter().zip(&rules) {
            let got = ["x1", "y1", "x2", "y2", "stroke-width"].map(|k| l.num(k));
            assert!(
                got.iter().zip(r).all(|(a, b)| close(*a, *b)),
                "{at}: {got:?} {r:?}"
            );
        }
        let boxes: Vec<&Element> = els
            .iter()
            .filter(|e| e.name == "rect" && e.attrs.iter().any(|(k, v)| k == "fill" && v == "none"))
            .collect();
        let rects: Vec<_> = p
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Rect { x, y, w, h, width } => Some([*x, *y, *w, *h, *width]),
                _ => None,
            })
            .collect();
        assert_eq!(boxes.len(), rects.len(), "{at}: cell borders");
        for (b, r) in boxes.iter().zip(&rects) {
            let got = ["x", "y", "width", "height", "stroke-width"].map(|k| b.num(k));
            assert!(
                got.iter().zip(r).all(|(a, b)| close(*a, *b)),
                "{at}: {got:?} {r:?}"
            );
        }
        let images: Vec<&Element> = els.iter().filter(|e| e.name == "image").collect();
        let items: Vec<_> = p
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Image(im) => Some(im),
                _ => None,
            })
            .collect();
        assert_eq!(images.len(), items.len(), "{at}: images");
        for (e, im) in images.iter().zip(&items) {
            use base64::Engine as _;
            let href = e.attr("href");
            let (head, data) = href.split_once(',').unwrap();
            assert!(
                head.starts_with("data:image/") && head.ends_with(";base64"),
                "{at}"
            );
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(data)
                .unwrap();
            assert_eq!(bytes, *im.data, "{at}: the image's own bytes");
            assert!(
                close(e.num("x"), im.x) && close(e.num("width"), im.w),
                "{at}"
            );
        }
        let links: Vec<&Element> = els.iter().filter(|e| e.name == "a").collect();
        assert_eq!(links.len(), p.links.len(), "{at}: links");
        for (a, l) in links.iter().zip(&p.links) {
            let target = (l.target_page + 1).to_string();
            assert_eq!(a.attr("href"), format!("#trang-{target}"), "{at}");
            assert_eq!(a.attr("data-den-trang"), target, "{at}");
            assert!(close(a.num("data-den-y"), l.target_y), "{at}");
        }
        let text: String = svg_texts.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(text, p.text(), "{at}: the page's text");
        texts.push(text);
    }
    texts
}

fn engine_docs(path: &str) -> Vec<(String, Document)> {
    let data: Dataset =
        baocao::data::load_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    docs_of(&data, path)
}

fn docs_of(data: &Dataset, what: &str) -> Vec<(String, Document)> {
    let engine = Engine::builtin().unwrap();
    let stats = baocao::stats::derive(data);
    let mut docs = vec![(
        format!("{what} town"),
        engine.render_town(data, &stats).unwrap(),
    )];
    for w in &data.don_vi {
        docs.push((
            format!("{what} {}", w.ma),
            engine.render_ward(data, &stats, &w.ma).unwrap(),
        ));
    }
    docs
}

#[test]
fn every_page_of_the_samples_matches_the_display_list() {
    let mut pages = 0;
    for path in [
        "data/ky-anh-2019.yaml",
        "data/mau-xa-2025.yaml",
        "data/mau-12-don-vi.yaml",
    ] {
        for (what, doc) in engine_docs(path) {
            let texts = check(&doc, &what);
            assert!(texts[0].contains("BÁO CÁO"), "{what}: {}", &texts[0]);
            pages += texts.len();
        }
    }
    assert!(pages > 20, "{pages} pages checked");
}

#[test]
fn the_built_in_sample_with_its_image_table_and_notes() {
    let doc = sample::report(0);
    let svgs = svg::render(&doc).unwrap();
    check(&doc, "sample");
    assert!(
        svgs.iter().any(|s| s.contains("<image ")),
        "the sample has an image"
    );
    assert!(
        svgs.iter().any(|s| s.contains("<a href=\"#trang-")),
        "and notes"
    );
}

fn para(s: &str) -> Block {
    Block::Paragraph(Paragraph {
        content: vec![Inline::Text {
            text: s.into(),
            style: Default::default(),
        }],
        align: None,
        indent: true,
    })
}

/// Names no sample has: NFD input, markup-like characters, XML specials,
/// a long name; 40 notes, one longer than a page; fallback fonts for CJK
/// and emoji. The SVG holds them as written (NFC), escaped, positioned.
#[test]
fn invented_names_notes_and_fallback_fonts() {
    let mut doc = sample::report(3);
    doc.settings = doc
        .settings
        .changed(|s| {
            s.fonts.fallback = vec![
                "DroidSansFallback-subset.ttf".into(),
                "UnifontUpper-subset.ttf".into(),
            ];
            s.base_dir = Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts"));
        })
        .unwrap();
    let nfd = "Chi bộ Thôn Hoà Bình *A* [^9] <Đông & Tây> \"Cũ\" 河内 🌸 Bản x\u{323}a fi";
    let nfd: String = nfd.nfd().collect();
    let long = "Ủy ban Mặt trận Tổ quốc Việt Nam phường Nguyễn Thị Minh Khai ".repeat(6);
    let first = doc.footnotes.iter().map(|f| f.number).max().unwrap_or(0);
    let mut notes = Vec::new();
    for n in first + 1..=first + 40 {
        let text = if n == first + 7 {
            format!(
                "Ghi chú rất dài {n}: {}",
                "Nội dung kéo dài qua nhiều dòng. ".repeat(220)
            )
        } else {
            format!("Ghi chú {n} về đơn vị số {n}.")
        };
        notes.push(Footnote {
            number: n,
            content: vec![Paragraph {
                content: vec![Inline::Text {
                    text,
                    style: Default::default(),
                }],
                align: None,
                indent: false,
            }],
        });
        let mut p = para(&format!("Đoạn {n}: {long}"));
        if let Block::Paragraph(p) = &mut p {
            p.content.push(Inline::FootnoteRef(n));
        }
        doc.blocks.push(p);
    }
    // Normalised on input, as every text is.
    doc.blocks.insert(0, para(&baocao::data::normalize(&nfd)));
    doc.footnotes.extend(notes);
    let texts = check(&doc, "invented");
    let all: String = texts.concat();
    let nfc: String = nfd.nfc().collect();
    assert!(all.contains(&nfc), "the NFD name reads as NFC");
    assert!(all.contains(&format!("Ghi chú {0} về đơn vị số {0}.", first + 40)));
    let svgs = svg::render(&doc).unwrap();
    assert!(svgs.iter().any(|s| s.contains("&lt;Đông &amp; Tây&gt;")));
    assert!(svgs.len() > 5);
    // The fallback faces are served too, under their own families.
    let fonts = svg::web_fonts_for(&doc.settings).unwrap();
    assert_eq!(fonts.fonts.len(), 6);
    let used: HashSet<String> = svgs
        .iter()
        .flat_map(|s| parse(s))
        .filter(|e| e.name == "text")
        .map(|e| {
            e.attr("font-family")
                .split(',')
                .next()
                .unwrap()
                .trim_matches('\'')
                .to_string()
        })
        .collect();
    assert!(
        used.contains(&fonts.fonts[4].family),
        "CJK drawn with the fallback"
    );
    assert!(
        used.contains(&fonts.fonts[5].family),
        "emoji drawn with the fallback"
    );
}

#[test]
fn web_fonts_serve_the_compiled_in_faces_with_their_styles() {
    let set = FontSet::builtin();
    let fonts = svg::web_fonts(&set);
    assert_eq!(fonts.fonts.len(), 4);
    let css = fonts.css("/phong/");
    for (f, face) in fonts.fonts.iter().zip(&set.faces) {
        assert_eq!(*f.data, *face.data, "the whole compiled-in file");
        assert!(f.family.starts_with("bc-") && f.file_name.ends_with(".ttf"));
        assert_eq!(f.mime, "font/ttf");
        assert!(
            css.contains(&format!("url(\"/phong/{}\")", f.file_name)),
            "{css}"
        );
        assert_eq!(fonts.get(&f.file_name).unwrap().family, f.family);
    }
    let styles: Vec<(u16, bool)> = fonts.fonts.iter().map(|f| (f.weight, f.italic)).collect();
    assert_eq!(
        styles,
        [(400, false), (700, false), (400, true), (700, true)]
    );
    let names: HashSet<&str> = fonts.fonts.iter().map(|f| f.family.as_str()).collect();
    assert_eq!(names.len(), 4, "one family per file");
    // The same bytes, the same names: stable across runs and processes.
    assert_eq!(
        fonts.fonts[0].family,
        format!(
            "bc-{:08x}-{}",
            crc32fast_hash(&set.faces[0].data),
            set.faces[0].data.len()
        )
    );
    assert!(fonts.get("../Cargo.toml").is_none());
}

/// CRC-32 (IEEE), bit by bit: the family name's checksum, computed here
/// independently of the writer's crate.
fn crc32fast_hash(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn same_document_same_svg() {
    let doc = sample::report(1);
    assert_eq!(svg::render(&doc).unwrap(), svg::render(&doc).unwrap());
}
