//! The DOCX package, unzipped and checked part by part: footnotes, embedded
//! fonts, settings, page setup, styles, core properties, determinism and
//! ids under parallel rendering.

use std::collections::{BTreeMap, HashSet};
use std::io::{Cursor, Read};
use std::sync::Arc;

use baocao::document::{sample, Block, Document, Image, ImageFile, ImageFormat};
use baocao::docx;

mod audit_support;

struct Package {
    parts: BTreeMap<String, Vec<u8>>,
    order: Vec<String>,
    methods: Vec<zip::CompressionMethod>,
}

impl Package {
    fn open(bytes: &[u8]) -> Package {
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
        let mut parts = BTreeMap::new();
        let mut order = Vec::new();
        let mut methods = Vec::new();
        for i in 0..z.len() {
            let mut f = z.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            order.push(f.name().to_string());
            methods.push(f.compression());
            parts.insert(f.name().to_string(), b);
        }
        Package {
            parts,
            order,
            methods,
        }
    }

    fn text(&self, name: &str) -> String {
        String::from_utf8(
            self.parts
                .get(name)
                .unwrap_or_else(|| panic!("{name} missing"))
                .clone(),
        )
        .unwrap()
    }
}

fn render(doc: &Document) -> Vec<u8> {
    let bytes = docx::render(doc).expect("renders").bytes;
    audit_support::keep(&bytes);
    bytes
}

/// Attribute values of every `<tag …>` element, as (attr -> value) maps.
fn elements(xml: &str, tag: &str) -> Vec<BTreeMap<String, String>> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match r.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == tag.as_bytes() => {
                let mut m = BTreeMap::new();
                for a in e.attributes() {
                    let a = a.unwrap();
                    m.insert(
                        String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .unwrap()
                            .into_owned(),
                    );
                }
                out.push(m);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// All text of `<w:t>` elements.
fn texts(xml: &str) -> String {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut in_t = false;
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_t = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_t = false,
            Event::Text(t) if in_t => out.push_str(&t.decode().unwrap()),
            Event::GeneralRef(g) if in_t => {
                let name = g.decode().unwrap();
                out.push_str(match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    _ => "'",
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn every_xml_part_is_well_formed_and_has_a_content_type() {
    let p = Package::open(&render(&sample::report(0)));
    assert_eq!(p.order[0], "[Content_Types].xml");
    let ct = p.text("[Content_Types].xml");
    let defaults: HashSet<String> = elements(&ct, "Default")
        .into_iter()
        .map(|m| m["Extension"].clone())
        .collect();
    let overrides: HashSet<String> = elements(&ct, "Override")
        .into_iter()
        .map(|m| m["PartName"].clone())
        .collect();
    for name in p.parts.keys() {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let xml = p.text(name);
            let mut r = quick_xml::Reader::from_str(&xml);
            while !matches!(
                r.read_event().unwrap_or_else(|e| panic!("{name}: {e}")),
                quick_xml::events::Event::Eof
            ) {}
        }
        if name == "[Content_Types].xml" {
            continue;
        }
        let ext = name.rsplit('.').next().unwrap();
        assert!(
            overrides.contains(&format!("/{name}")) || defaults.contains(ext),
            "{name} has no content type"
        );
    }
    // Every relationship target exists.
    for rels in p.parts.keys().filter(|n| n.ends_with(".rels")) {
        let dir = rels
            .trim_end_matches(|c| c != '/')
            .trim_end_matches("_rels/");
        for r in elements(&p.text(rels), "Relationship") {
            let target = format!("{dir}{}", r["Target"]);
            assert!(p.parts.contains_key(&target), "{rels}: {target} missing");
        }
    }
    // Every part is deflated.
    assert_eq!(p.methods.len(), p.parts.len());
    assert!(p
        .methods
        .iter()
        .all(|m| *m == zip::CompressionMethod::Deflated));
}

#[test]
fn footnotes_hold_the_notes_with_separators_and_the_body_references_each() {
    let doc = sample::report(0);
    let p = Package::open(&render(&doc));
    let notes = p.text("word/footnotes.xml");
    let ids: Vec<String> = elements(&notes, "w:footnote")
        .into_iter()
        .map(|m| m["w:id"].clone())
        .collect();
    assert_eq!(ids, ["-1", "0", "1", "2", "3"]);
    assert!(notes.contains(r#"<w:footnote w:type="separator" w:id="-1">"#));
    assert!(notes.contains("<w:separator />"));
    assert!(notes.contains(r#"<w:footnote w:type="continuationSeparator" w:id="0">"#));
    assert!(notes.contains("<w:continuationSeparator />"));
    assert_eq!(notes.matches("<w:footnoteRef />").count(), 3);
    for f in &doc.footnotes {
        let start = notes
            .find(&format!(r#"<w:footnote w:id="{}">"#, f.number))
            .unwrap();
        let end = start + notes[start..].find("</w:footnote>").unwrap();
        let body = &notes[start..end];
        let want: String = f
            .content
            .iter()
            .map(|p| baocao::document::plain_text(&p.content))
            .collect();
        assert_eq!(texts(body).trim(), want);
        assert!(body.contains("FootnoteText"));
    }
    let document = p.text("word/document.xml");
    let refs: Vec<String> = elements(&document, "w:footnoteReference")
        .into_iter()
        .map(|m| m["w:id"].clone())
        .collect();
    assert_eq!(refs, ["1", "2", "3"]);
    let settings = p.text("word/settings.xml");
    assert!(settings.contains(
        r#"<w:footnotePr><w:footnote w:id="-1" /><w:footnote w:id="0" /></w:footnotePr>"#
    ));
}

fn de_obfuscate(bytes: &[u8], guid: &str) -> Vec<u8> {
    let digits: Vec<u8> = guid
        .chars()
        .filter(char::is_ascii_hexdigit)
        .map(|c| c.to_digit(16).unwrap() as u8)
        .collect();
    assert_eq!(digits.len(), 32, "{guid}");
    let mut key: Vec<u8> = digits.chunks(2).map(|d| d[0] << 4 | d[1]).collect();
    key.reverse();
    let mut out = bytes.to_vec();
    for (i, b) in out.iter_mut().take(32).enumerate() {
        *b ^= key[i % 16];
    }
    out
}

fn family_of(font: &[u8]) -> String {
    let face = ttf_parser::Face::parse(font, 0).expect("a valid font");
    face.names()
        .into_iter()
        .find(|n| n.name_id == ttf_parser::name_id::FAMILY && n.is_unicode())
        .and_then(|n| n.to_string())
        .unwrap()
}

fn check_fonts(doc: &Document, p: &Package) -> Vec<Vec<u8>> {
    let table = p.text("word/fontTable.xml");
    let fonts = elements(&table, "w:font");
    assert_eq!(fonts.len(), 1);
    assert_eq!(fonts[0]["w:name"], doc.settings.fonts.family);
    let rels: BTreeMap<String, String> =
        elements(&p.text("word/_rels/fontTable.xml.rels"), "Relationship")
            .into_iter()
            .map(|m| {
                assert!(m["Type"].ends_with("/relationships/font"));
                (m["Id"].clone(), m["Target"].clone())
            })
            .collect();
    let mut faces = Vec::new();
    for el in [
        "w:embedRegular",
        "w:embedBold",
        "w:embedItalic",
        "w:embedBoldItalic",
    ] {
        let e = elements(&table, el);
        assert_eq!(e.len(), 1, "{el}");
        let key = &e[0]["w:fontKey"];
        assert!(
            key.starts_with('{') && key.ends_with('}') && key.len() == 38,
            "{key}"
        );
        let target = format!("word/{}", rels[&e[0]["r:id"]]);
        assert!(target.ends_with(".odttf"));
        let raw = &p.parts[&target];
        assert!(
            ttf_parser::Face::parse(raw, 0).is_err(),
            "{el} is not obfuscated"
        );
        let font = de_obfuscate(raw, key);
        assert_eq!(family_of(&font), doc.settings.fonts.family, "{el}");
        faces.push(font);
    }
    let ct = p.text("[Content_Types].xml");
    assert!(ct.contains(
        r#"<Default Extension="odttf" ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont" />"#
    ));
    let document = p.text("word/document.xml");
    let styles = p.text("word/styles.xml");
    for f in elements(&styles, "w:rFonts")
        .into_iter()
        .chain(elements(&document, "w:rFonts"))
    {
        assert_eq!(f["w:ascii"], doc.settings.fonts.family);
    }
    faces
}

#[test]
fn each_face_is_embedded_obfuscated_subset_and_named_as_settings() {
    let doc = sample::report(0);
    let p = Package::open(&render(&doc));
    let faces = check_fonts(&doc, &p);
    // The subset keeps the Vietnamese letters the text uses, and page digits.
    let regular = ttf_parser::Face::parse(&faces[0], 0).unwrap();
    for c in "Thực hiện Kế hoạch 0123456789".chars() {
        assert!(regular.glyph_index(c).is_some(), "{c} not in the subset");
    }
    let bold = ttf_parser::Face::parse(&faces[1], 0).unwrap();
    for c in "ĐẢNG CỘNG SẢN VIỆT NAM".chars() {
        assert!(bold.glyph_index(c).is_some(), "{c} not in the bold subset");
    }
    // Subset: far smaller than the whole face.
    let full = baocao::fonts::FontSet::builtin().faces[0].data.len();
    assert!(faces[0].len() < full / 4, "{} vs {full}", faces[0].len());
    let settings = p.text("word/settings.xml");
    let zoom = settings.find("<w:zoom").unwrap();
    let embed = settings.find("<w:embedTrueTypeFonts />").unwrap();
    let subset = settings.find("<w:saveSubsetFonts />").unwrap();
    let tab = settings.find("<w:defaultTabStop").unwrap();
    assert!(zoom < embed && embed < subset && subset < tab, "{settings}");
    assert_eq!(
        elements(&p.text("word/fontTable.xml"), "w:embedRegular")[0]["w:subsetted"],
        "1"
    );
}

/// The built-in faces with "Liberation" renamed inside the name table.
fn renamed(font: &[u8], to: &str) -> Vec<u8> {
    let mut out = font.to_vec();
    let n = u16::from_be_bytes([font[4], font[5]]) as usize;
    for i in 0..n {
        let rec = 12 + 16 * i;
        if &font[rec..rec + 4] == b"name" {
            let off = u32::from_be_bytes(font[rec + 8..rec + 12].try_into().unwrap()) as usize;
            let len = u32::from_be_bytes(font[rec + 12..rec + 16].try_into().unwrap()) as usize;
            let table = &mut out[off..off + len];
            let u16be = |s: &str| {
                s.encode_utf16()
                    .flat_map(u16::to_be_bytes)
                    .collect::<Vec<u8>>()
            };
            for (from, to) in [
                (b"Liberation".to_vec(), to.as_bytes().to_vec()),
                (u16be("Liberation"), u16be(to)),
            ] {
                let mut j = 0;
                while j + from.len() <= table.len() {
                    if table[j..j + from.len()] == from[..] {
                        table[j..j + from.len()].copy_from_slice(&to);
                    }
                    j += 1;
                }
            }
        }
    }
    out
}

#[test]
fn a_family_from_settings_files_is_embedded_under_its_own_name() {
    let dir = tempfile::tempdir().unwrap();
    let set = baocao::fonts::FontSet::builtin();
    let names = ["r.ttf", "b.ttf", "i.ttf", "bi.ttf"];
    for (face, name) in set.faces.iter().zip(names) {
        std::fs::write(dir.path().join(name), renamed(&face.data, "Baocaotest")).unwrap();
    }
    let mut doc = sample::report(0);
    doc.settings = doc
        .settings
        .changed(|s| {
            let f = &mut s.fonts;
            f.family = "Baocaotest Serif".into();
            f.regular = names[0].into();
            f.bold = names[1].into();
            f.italic = names[2].into();
            f.bold_italic = names[3].into();
            s.base_dir = Some(dir.path().to_path_buf());
        })
        .unwrap();
    let r = docx::render(&doc).unwrap();
    audit_support::keep(&r.bytes);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let p = Package::open(&r.bytes);
    check_fonts(&doc, &p);
}

#[test]
fn page_setup_is_a4_with_the_settings_margins_and_numbers_from_page_two() {
    let doc = sample::report(0);
    let p = Package::open(&render(&doc));
    let document = p.text("word/document.xml");
    let sz = &elements(&document, "w:pgSz")[0];
    assert_eq!((sz["w:w"].as_str(), sz["w:h"].as_str()), ("11906", "16838"));
    let mar = &elements(&document, "w:pgMar")[0];
    let tw = |mm: f32| ((mm * 1440.0 / 25.4).round() as i32).to_string();
    let m = &doc.settings.margins;
    assert_eq!(mar["w:top"], tw(m.top));
    assert_eq!(mar["w:bottom"], tw(m.bottom));
    assert_eq!(mar["w:left"], tw(m.left));
    assert_eq!(mar["w:right"], tw(m.right));
    assert_eq!(
        (mar["w:top"].as_str(), mar["w:left"].as_str()),
        ("1134", "1701")
    );
    // Different first page: the default header has PAGE, the first one is empty.
    assert!(document.contains("<w:titlePg />"));
    let refs = elements(&document, "w:headerReference");
    let rels: BTreeMap<String, String> =
        elements(&p.text("word/_rels/document.xml.rels"), "Relationship")
            .into_iter()
            .map(|m| (m["Id"].clone(), m["Target"].clone()))
            .collect();
    let mut kinds = BTreeMap::new();
    for r in refs {
        let xml = p.text(&format!("word/{}", rels[&r["r:id"]]));
        kinds.insert(r["w:type"].clone(), xml.contains("PAGE"));
    }
    assert_eq!(kinds.get("default"), Some(&true));
    assert_eq!(kinds.get("first"), Some(&false));
    // Justified body with exact line spacing and first-line indent, in Normal.
    let styles = p.text("word/styles.xml");
    let normal_start = styles.find(r#"w:styleId="Normal""#).unwrap();
    let normal =
        &styles[normal_start..normal_start + styles[normal_start..].find("</w:style>").unwrap()];
    assert!(normal.contains(r#"<w:jc w:val="both" />"#), "{normal}");
    assert!(normal.contains(r#"w:lineRule="exact""#));
    assert!(normal.contains(&format!(
        r#"w:line="{}""#,
        (doc.settings.body.line * 20.0) as i32
    )));
    assert!(normal.contains(&format!(
        r#"w:firstLine="{}""#,
        tw(doc.settings.body.first_line_indent)
    )));
    // Table header rows repeat; rows never split.
    assert_eq!(document.matches("<w:tblHeader />").count(), 1);
    assert!(document.matches("<w:cantSplit />").count() >= 14);
}

#[test]
fn styles_carry_words_names_and_normal_is_the_single_default() {
    let p = Package::open(&render(&sample::report(0)));
    let styles = p.text("word/styles.xml");
    let all = elements(&styles, "w:style");
    let ids: Vec<&str> = all.iter().map(|m| m["w:styleId"].as_str()).collect();
    assert_eq!(ids.iter().filter(|i| **i == "Normal").count(), 1, "{ids:?}");
    let normal = all.iter().find(|m| m["w:styleId"] == "Normal").unwrap();
    assert_eq!(normal.get("w:default").map(String::as_str), Some("1"));
    let names: Vec<String> = elements(&styles, "w:name")
        .into_iter()
        .map(|m| m["w:val"].to_lowercase())
        .collect();
    for (id, name) in [
        ("Normal", "normal"),
        ("Heading1", "heading 1"),
        ("Heading2", "heading 2"),
        ("Heading3", "heading 3"),
        ("FootnoteText", "footnote text"),
        ("FootnoteReference", "footnote reference"),
        ("TableGrid", "table grid"),
        ("Caption", "caption"),
        ("ListParagraph", "list paragraph"),
    ] {
        assert!(ids.contains(&id), "style {id} missing");
        assert!(names.contains(&name.to_string()), "name {name} missing");
    }
    let document = p.text("word/document.xml");
    for used in [
        "Heading1",
        "Heading2",
        "Heading3",
        "Caption",
        "ListParagraph",
        "TableGrid",
    ] {
        assert!(
            document.contains(&format!(r#"w:val="{used}""#)),
            "{used} unused"
        );
    }
}

#[test]
fn core_properties_come_from_the_document_block() {
    let doc = sample::report(0);
    let p = Package::open(&render(&doc));
    let core = p.text("docProps/core.xml");
    let between = |open: &str, close: &str| -> String {
        let s = core.find(open).unwrap_or_else(|| panic!("{open}")) + open.len();
        let s = s + core[s..].find('>').unwrap() + 1;
        core[s..s + core[s..].find(close).unwrap()].to_string()
    };
    assert_eq!(between("<dc:title", "</dc:title>"), doc.meta.title);
    assert_eq!(between("<dc:creator", "</dc:creator>"), doc.meta.author);
    assert_eq!(between("<dc:subject", "</dc:subject>"), doc.meta.subject);
    assert_eq!(
        between("<dcterms:created", "</dcterms:created>"),
        "2019-08-15T00:00:00Z"
    );
    assert_eq!(
        between("<dcterms:modified", "</dcterms:modified>"),
        "2019-08-15T00:00:00Z"
    );
}

fn check_ids(bytes: &[u8]) {
    let p = Package::open(bytes);
    let mut para = HashSet::new();
    for (name, _) in p.parts.iter().filter(|(n, _)| n.ends_with(".xml")) {
        let xml = p.text(name);
        for m in elements(&xml, "w:p") {
            if let Some(id) = m.get("w14:paraId") {
                assert!(para.insert(id.clone()), "paraId {id} twice ({name})");
            }
        }
    }
    let document = p.text("word/document.xml");
    let pics: Vec<String> = elements(&document, "wp:docPr")
        .into_iter()
        .map(|m| m["id"].clone())
        .collect();
    assert_eq!(pics.len(), pics.iter().collect::<HashSet<_>>().len());
    let notes: Vec<String> = elements(&p.text("word/footnotes.xml"), "w:footnote")
        .into_iter()
        .map(|m| m["w:id"].clone())
        .collect();
    assert_eq!(notes.len(), notes.iter().collect::<HashSet<_>>().len());
}

#[test]
fn same_input_same_bytes_even_rendered_in_parallel() {
    let docs: Vec<Document> = (0..6).map(|i| sample::report(i * 3)).collect();
    let serial: Vec<Vec<u8>> = docs.iter().map(render).collect();
    assert_eq!(serial[0], render(&docs[0]));
    let docs = Arc::new(docs);
    let threads: Vec<_> = (0..6)
        .map(|t| {
            let docs = docs.clone();
            std::thread::spawn(move || {
                (0..4)
                    .map(|k| render(&docs[(t + k) % docs.len()]))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for (t, h) in threads.into_iter().enumerate() {
        for (k, bytes) in h.join().unwrap().into_iter().enumerate() {
            check_ids(&bytes);
            assert!(bytes == serial[(t + k) % 6], "thread {t} doc {k} differs");
        }
    }
}

#[test]
fn invalid_image_is_an_error_naming_it_and_jpeg_is_stored_as_jpeg() {
    // Bytes that are no image never become one (docx-rs would panic on them).
    let e = ImageFile::new(b"not an image at all".to_vec()).unwrap_err();
    assert!(e.to_string().contains("PNG"), "{e}");

    // A minimal baseline JPEG header is enough for the writer (it does not decode).
    let mut jpeg = vec![
        0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x20, 0x03,
    ];
    jpeg.extend([0u8; 9]);
    jpeg.extend([0xFF, 0xD9]);
    let mut doc = sample::report(0);
    let file = ImageFile::new(jpeg.clone()).unwrap();
    assert_eq!(
        (file.format(), file.width_px(), file.height_px()),
        (ImageFormat::Jpeg, 32, 16)
    );
    doc.blocks.push(Block::Image(Image {
        file,
        width_mm: Some(500.0),
        caption: vec![],
        alt: "jpeg".into(),
    }));
    let p = Package::open(&render(&doc));
    let jpegs: Vec<&String> = p.parts.keys().filter(|k| k.ends_with(".jpeg")).collect();
    assert_eq!(jpegs.len(), 1);
    assert_eq!(p.parts[jpegs[0]], jpeg);
    assert!(p
        .text("[Content_Types].xml")
        .contains(r#"Extension="jpeg" ContentType="image/jpeg""#));
    // Never wider than the measure (165 mm).
    let document = p.text("word/document.xml");
    let widths: Vec<u64> = elements(&document, "wp:extent")
        .into_iter()
        .map(|m| m["cx"].parse().unwrap())
        .collect();
    assert!(!widths.is_empty(), "no image extent in document.xml");
    assert!(widths.iter().all(|w| *w <= 165 * 36_000), "{widths:?}");
    check_ids(&render(&doc));
}

#[test]
fn text_survives_with_diacritics_and_escapes() {
    let mut doc = sample::report(0);
    doc.blocks
        .push(Block::Paragraph(baocao::document::Paragraph {
            content: vec![baocao::document::Inline::Text {
                text: "A & B < C > \"D\" 'E' Ữ".into(),
                style: Default::default(),
            }],
            align: None,
            indent: true,
        }));
    let p = Package::open(&render(&doc));
    let t = texts(&p.text("word/document.xml"));
    assert!(t.contains("A & B < C > \"D\" 'E' Ữ"), "{t}");
    assert!(t.contains("ĐẢNG CỘNG SẢN VIỆT NAM"));
    assert!(t.contains("Kỳ Anh, ngày 15 tháng 8 năm 2019"));
    assert!(t.contains("Nguyễn Văn A"));
}
