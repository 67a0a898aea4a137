//! Odd documents never panic and still give a valid package; problems come
//! back as warnings.

use std::io::{Cursor, Read};

use baocao::document::{
    sample, Align, Block, Column, Document, Footnote, Inline, List, Paragraph, Row, Table,
    TextStyle,
};

mod audit_support;

fn run(t: &str) -> Inline {
    Inline::Text {
        text: t.into(),
        style: TextStyle::default(),
    }
}

fn para(content: Vec<Inline>) -> Block {
    Block::Paragraph(Paragraph {
        content,
        align: Some(Align::Right),
        indent: false,
    })
}

fn parts_well_formed(bytes: &[u8]) -> String {
    audit_support::keep(bytes);
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut document = String::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().to_string();
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            let mut r = quick_xml::Reader::from_str(&s);
            loop {
                match r.read_event() {
                    Ok(quick_xml::events::Event::Eof) => break,
                    Ok(_) => {}
                    Err(e) => panic!("{name}: {e}"),
                }
            }
            if name == "word/document.xml" {
                document = s;
            }
        }
    }
    document
}

#[test]
fn a_bare_document_renders() {
    let mut doc = sample::report(0);
    doc.meta.header = None;
    doc.meta.closing = None;
    doc.blocks.clear();
    doc.footnotes.clear();
    let r = baocao::docx::render(&doc).unwrap();
    parts_well_formed(&r.bytes);
}

#[test]
fn odd_content_gives_warnings_not_panics() {
    let mut doc: Document = sample::report(0);
    if let Some(h) = doc.meta.header.as_mut() {
        h.superior.clear();
        h.separator.clear();
        h.summary.clear();
    }
    doc.blocks = vec![
        Block::Heading {
            level: 0,
            content: vec![run("level 0")],
        },
        Block::Heading {
            level: 9,
            content: vec![],
        },
        para(vec![
            run("control\u{1}\u{b} chars\tand\nnewline"),
            Inline::FootnoteRef(7),
            run("漢字"),
            Inline::FootnoteRef(1),
        ]),
        Block::PageBreak,
        Block::PageBreak,
        Block::Table(Table {
            columns: vec![],
            header: vec![],
            rows: vec![],
            caption: vec![run("empty")],
        }),
        Block::Table(Table {
            columns: vec![Column {
                width: 0.0,
                align: Align::Justify,
            }],
            header: vec![],
            rows: vec![Row {
                cells: vec![vec![run("a")], vec![run("extra cell")]],
                emphasis: false,
            }],
            caption: vec![],
        }),
        Block::List(List {
            ordered: true,
            start: 0,
            items: vec![
                vec![],
                vec![
                    para(vec![run("item")]),
                    para(vec![run("second paragraph")]),
                    Block::List(List {
                        ordered: false,
                        start: 1,
                        items: vec![vec![para(vec![run("nested")])]],
                    }),
                ],
            ],
        }),
        Block::PageBreak,
    ];
    doc.footnotes = vec![Footnote {
        number: 1,
        content: vec![],
    }];
    let r = baocao::docx::render(&doc).unwrap();
    let document = parts_well_formed(&r.bytes);
    let w = r
        .warnings
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(w.contains("footnote mark 7"), "{w}");
    // Characters no font has are checked before any writer (baocao::glyphs),
    // not warned about by the DOCX writer ("shown with a fallback font" was untrue).
    assert!(!w.contains("U+6F22"), "{w}");
    assert!(document.contains("漢字"));
    assert!(w.contains("without rows"), "{w}");
    assert!(document.contains("control chars and"));
    assert!(!document.contains('\u{1}'));
    assert_eq!(document.matches("<w:footnoteReference").count(), 1);
}

#[test]
fn a_settings_family_unlike_the_fonts_own_is_a_warning_and_the_own_name_is_used() {
    let mut doc = sample::report(0);
    doc.settings = doc
        .settings
        .changed(|s| s.fonts.family = "Times New Roman".into())
        .unwrap();
    let r = baocao::docx::render(&doc).unwrap();
    let w = r
        .warnings
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        w.contains("Times New Roman") && w.contains("Liberation Serif"),
        "{w}"
    );
    let mut z = zip::ZipArchive::new(Cursor::new(&r.bytes[..])).unwrap();
    let mut table = String::new();
    z.by_name("word/fontTable.xml")
        .unwrap()
        .read_to_string(&mut table)
        .unwrap();
    assert!(
        table.contains(r#"<w:font w:name="Liberation Serif">"#),
        "{table}"
    );
}
