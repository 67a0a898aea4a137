//! The PDF's text, read back with a Rust PDF reader, is the document's text.

mod pdf_support;

use baocao::document::{plain_text, Block, Inline};
use baocao::layout;
use baocao::pdf;
use pdf_support::{bare_body, body_text, extract};
use unicode_normalization::UnicodeNormalization;

/// Baseline height (PDF coordinates) above which only the page number sits.
fn body_top(doc: &baocao::document::Document) -> f32 {
    let s = &doc.settings;
    (s.paper.height - s.margins.top) * 72.0 / 25.4 + 1.0
}

#[test]
fn extracted_text_equals_the_body_text_exactly() {
    for filler in [0, 12] {
        let doc = bare_body(filler);
        let bytes = pdf::render(&doc).unwrap().bytes;
        let pages = extract(&bytes);
        assert!(filler == 0 || pages.len() > 1, "the long one spans pages");
        let got: String = pages.iter().map(|p| p.text_below(body_top(&doc))).collect();
        assert_eq!(got, body_text(&doc));
    }
}

#[test]
fn nfd_input_extracts_as_nfc() {
    let mut doc = bare_body(3);
    let expected = body_text(&doc);
    for b in &mut doc.blocks {
        let content = match b {
            Block::Heading { content, .. } => content,
            Block::Paragraph(p) => &mut p.content,
            _ => unreachable!(),
        };
        for i in content.iter_mut() {
            if let Inline::Text { text, .. } = i {
                *text = text.nfd().collect();
            }
        }
    }
    assert_ne!(body_text(&doc), expected, "the input really is decomposed");
    let bytes = pdf::render(&doc).unwrap().bytes;
    let got: String = extract(&bytes)
        .iter()
        .map(|p| p.text_below(body_top(&doc)))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn full_report_text_is_all_there() {
    let doc = baocao::document::sample::report(8);
    let bytes = pdf::render(&doc).unwrap().bytes;
    let pages = extract(&bytes);
    let all: String = pages.iter().map(|p| p.text()).collect();
    let h = doc.meta.header.as_ref().unwrap();
    for s in [
        &h.superior,
        &h.issuer,
        &h.number,
        &h.motto,
        &h.place_date,
        &h.kind,
    ]
    .into_iter()
    .chain(&h.summary)
    {
        assert!(all.contains(s.as_str()), "header line {s:?} missing");
    }
    let c = doc.meta.closing.as_ref().unwrap();
    for s in c
        .recipients
        .iter()
        .chain(&c.authority)
        .chain(&c.title)
        .chain([&c.signer, &c.recipients_label])
    {
        assert!(all.contains(s.as_str()), "closing line {s:?} missing");
    }
    for f in &doc.footnotes {
        let note = format!("{} {}", f.number, plain_text(&f.content[0].content));
        assert!(all.contains(&note), "footnote {note:?} missing");
    }
    // Body paragraphs: exact, with the footnote marks as digits (a paragraph
    // split by a page break is interrupted by that page's notes and number).
    let mut found = 0;
    for b in &doc.blocks {
        if let Block::Paragraph(p) = b {
            let text: String = p
                .content
                .iter()
                .map(|i| match i {
                    Inline::FootnoteRef(n) => n.to_string(),
                    other => other.text().to_string(),
                })
                .collect();
            if all.contains(&text) {
                found += 1;
            } else {
                // Still every word, in order.
                let mut rest = all.as_str();
                for w in text.split(' ') {
                    let at = rest
                        .find(w)
                        .unwrap_or_else(|| panic!("{w:?} of {text:?} missing"));
                    rest = &rest[at + w.len()..];
                }
            }
        }
    }
    assert!(found >= 10, "most paragraphs are on one page: {found}");
    // Table cells, in reading order.
    assert!(all.contains("TTĐơn vịChi bộĐã đại hội"));
    assert!(all.contains("Tổng cộng120120"));
}

/// Characters no font has are found before any writer (`baocao::glyphs`),
/// named with their place; the PDF writer adds no warning of its own (its
/// text layer is checked with pdftotext in tests/fallback_fonts.rs).
#[test]
fn missing_characters_are_reported_with_their_place() {
    let set = baocao::fonts::FontSet::builtin();
    let mut doc = bare_body(0);
    if let Block::Paragraph(p) = &mut doc.blocks[2] {
        p.content.push(Inline::Text {
            text: " vui 😀 lắm 河内".into(),
            style: Default::default(),
        });
    }
    let m = baocao::glyphs::missing(&doc, &set);
    let chars: Vec<char> = m.iter().map(|m| m.c).collect();
    assert_eq!(chars, vec!['😀', '河', '内'], "{m:?}");
    assert_eq!(m[0].place, "đoạn 3");
    assert!(m[0].excerpt.contains("vui 😀 lắm"), "{m:?}");
    let r = pdf::render(&doc).unwrap();
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    // Each is drawn as a visible box (Liberation Serif's .notdef is blank).
    let boxes = |d: &baocao::document::Document| -> usize {
        let pages = layout::pages(d).unwrap().pages;
        pages
            .iter()
            .flat_map(|p| &p.items)
            .filter(|i| matches!(i, baocao::layout::display::Item::Rect { .. }))
            .count()
    };
    assert_eq!(boxes(&doc), boxes(&bare_body(0)) + 3);
    assert!(baocao::glyphs::missing(&bare_body(0), &set).is_empty());
    // In a footnote and the header: named as such.
    let mut doc = baocao::document::sample::report(0);
    doc.footnotes[1].content[0].content.push(Inline::Text {
        text: " ☎".into(),
        style: Default::default(),
    });
    doc.meta.header.as_mut().unwrap().issuer.push_str(" ✠");
    let m = baocao::glyphs::missing(&doc, &set);
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(m[0].c == '✠' && m[0].place == "phần tiêu đề", "{m:?}");
    assert!(m[1].c == '☎' && m[1].place == "chú thích 2", "{m:?}");
}
