//! The file itself: fonts embedded and subset, metadata, outline, links,
//! deterministic bytes.

use baocao::document::sample;
use baocao::fonts::FontSet;
use baocao::pdf;
use lopdf::{Document, Object};

fn load(bytes: &[u8]) -> Document {
    Document::load_mem(bytes).unwrap()
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap(),
        _ => o,
    }
}

#[test]
fn every_font_is_embedded_and_subset() {
    let bytes = pdf::render(&sample::report(8)).unwrap().bytes;
    let doc = load(&bytes);
    let largest_ttf = FontSet::builtin()
        .faces
        .iter()
        .map(|f| f.data.len())
        .min()
        .unwrap();
    let mut fonts = 0;
    for (_, obj) in doc.objects.iter() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"FontDescriptor") {
            continue;
        }
        fonts += 1;
        let name =
            String::from_utf8_lossy(d.get(b"FontName").unwrap().as_name().unwrap()).into_owned();
        let (tag, _) = name.split_once('+').expect("subset tag");
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{name}"
        );
        let Object::Stream(s) = deref(&doc, d.get(b"FontFile2").expect("embedded TrueType")) else {
            panic!("FontFile2 is a stream");
        };
        let program = s
            .decompressed_content()
            .unwrap_or_else(|_| s.content.clone());
        assert!(program.len() > 1000, "{name}: empty font program");
        assert!(
            program.len() * 4 < largest_ttf,
            "{name}: {} bytes, not a subset",
            program.len()
        );
    }
    assert_eq!(fonts, 4, "the four faces are used by the sample");
}

#[test]
fn same_input_same_bytes_also_across_threads() {
    let doc = sample::report(5);
    let a = pdf::render(&doc).unwrap().bytes;
    let b = pdf::render(&doc).unwrap().bytes;
    assert!(a == b, "two renders differ");
    let others: Vec<Vec<u8>> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..4)
            .map(|_| s.spawn(|| pdf::render(&doc).unwrap().bytes))
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for o in others {
        assert!(o == a, "a render on another thread differs");
    }
}

#[test]
fn metadata_comes_from_the_document() {
    let d = sample::report(0);
    let doc = load(&pdf::render(&d).unwrap().bytes);
    let info_ref = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info_ref).unwrap();
    let text = |k: &[u8]| {
        let Object::String(b, _) = info.get(k).unwrap() else {
            panic!()
        };
        if b.starts_with(&[0xFE, 0xFF]) {
            let u: Vec<u16> = b[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&u).unwrap()
        } else {
            String::from_utf8_lossy(b).into_owned()
        }
    };
    assert_eq!(text(b"Title"), d.meta.title);
    assert_eq!(text(b"Author"), d.meta.author);
    assert_eq!(text(b"Subject"), d.meta.subject);
    assert_eq!(text(b"CreationDate"), "D:20190815000000+07'00'");
    assert_eq!(text(b"ModDate"), "D:20190815000000+07'00'");
    assert!(
        info.get(b"GTS_PDFXVersion").is_err(),
        "not PDF/X: do not claim it"
    );
}

#[test]
fn the_outline_lists_headings_nested_in_document_order() {
    let d = sample::report(8);
    let doc = load(&pdf::render(&d).unwrap().bytes);
    let cat = doc.catalog().unwrap();
    let outlines = doc
        .get_dictionary(cat.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    fn title(doc: &Document, d: &lopdf::Dictionary) -> String {
        let Object::String(b, _) = d.get(b"Title").unwrap() else {
            panic!()
        };
        let u: Vec<u16> = b[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        let _ = doc;
        String::from_utf16(&u).unwrap()
    }
    fn walk(doc: &Document, first: Option<&Object>, depth: usize, out: &mut Vec<(usize, String)>) {
        let mut cur = first.and_then(|o| o.as_reference().ok());
        while let Some(id) = cur {
            let d = doc.get_dictionary(id).unwrap();
            out.push((depth, title(doc, d)));
            let dest = d.get(b"Dest").unwrap().as_array().unwrap();
            assert!(doc.get_dictionary(dest[0].as_reference().unwrap()).is_ok());
            walk(doc, d.get(b"First").ok(), depth + 1, out);
            cur = d.get(b"Next").ok().and_then(|o| o.as_reference().ok());
        }
    }
    let mut got = Vec::new();
    walk(&doc, outlines.get(b"First").ok(), 1, &mut got);
    let expected: Vec<(usize, String)> = d
        .blocks
        .iter()
        .filter_map(|b| match b {
            baocao::document::Block::Heading { level, content } => {
                Some((*level as usize, baocao::document::plain_text(content)))
            }
            _ => None,
        })
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn footnote_marks_are_borderless_links_to_the_note() {
    let doc = load(&pdf::render(&sample::report(0)).unwrap().bytes);
    let mut links = 0;
    for (_, pid) in doc.get_pages() {
        let page = doc.get_dictionary(pid).unwrap();
        let Ok(annots) = page.get(b"Annots") else {
            continue;
        };
        for a in deref(&doc, annots).as_array().unwrap() {
            let a = deref(&doc, a).as_dict().unwrap();
            assert_eq!(a.get(b"Subtype").unwrap().as_name().unwrap(), b"Link");
            let border: Vec<f32> = a
                .get(b"Border")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o.as_float().unwrap())
                .collect();
            assert_eq!(border, vec![0.0, 0.0, 0.0], "no cyan box");
            links += 1;
        }
    }
    assert_eq!(links, 3);
}
