//! The PDF writer's own guarantees: exact text where glyphs and texts do not
//! map one to one, one TJ per line, subsets shared between documents without
//! changing any document's bytes.

mod pdf_support;

use baocao::document::{Block, Inline};
use baocao::pdf;
use pdf_support::{bare_body, extract};

fn with_text(text: &str) -> baocao::document::Document {
    let mut doc = bare_body(0);
    doc.blocks.truncate(1);
    match &mut doc.blocks[0] {
        Block::Heading { content, .. } => {
            *content = vec![Inline::Text {
                text: text.into(),
                style: Default::default(),
            }]
        }
        Block::Paragraph(p) => {
            p.content = vec![Inline::Text {
                text: text.into(),
                style: Default::default(),
            }]
        }
        _ => unreachable!(),
    }
    doc
}

fn all_text(bytes: &[u8]) -> String {
    extract(bytes).iter().map(|p| p.text()).collect()
}

#[test]
fn a_space_and_a_no_break_space_read_back_as_themselves() {
    // The font draws both with one glyph; the PDF must still tell them apart.
    let text = "Số 05\u{a0}BC và ngày 15 tháng\u{a0}8";
    let bytes = pdf::render(&with_text(text)).unwrap().bytes;
    let got = all_text(&bytes);
    assert!(got.contains(text), "{got:?}");
}

#[test]
fn a_letter_with_an_uncomposed_mark_reads_back_once() {
    // x + combining tilde has no precomposed form: two glyphs, one cluster.
    let text = "Tên lạ x\u{303}y và Đảng";
    let bytes = pdf::render(&with_text(text)).unwrap().bytes;
    let got = all_text(&bytes);
    assert!(got.contains(text), "{got:?}");
    assert!(!got.contains('\u{FFFD}'), "{got:?}");
}

#[test]
fn each_line_is_one_text_run() {
    let doc = bare_body(6);
    let bytes = pdf::render(&doc).unwrap().bytes;
    let pages = extract(&bytes);
    for p in &pages {
        // A new run on the same baseline only where the face or size changes.
        for w in p.runs.windows(2) {
            if (w[0].y - w[1].y).abs() < 0.01 {
                assert!(
                    w[0].font != w[1].font || w[0].size != w[1].size,
                    "two runs of one font on one baseline: {:?} {:?}",
                    w[0].text,
                    w[1].text
                );
            }
        }
    }
    let total: usize = pages.iter().map(|p| p.runs.len()).sum();
    let glyphs: usize = pages.iter().map(|p| p.text().chars().count()).sum();
    assert!(total * 20 < glyphs, "{total} runs for {glyphs} characters");
}

#[test]
fn subsets_shared_between_documents_leave_each_document_unchanged() {
    let a = with_text("Đảng bộ xã Kỳ Hoa");
    let b = with_text("Chi bộ thôn Quyết Tiến, Kỳ Lợi");
    let a1 = pdf::render(&a).unwrap().bytes;
    let b1 = pdf::render(&b).unwrap().bytes;
    let a2 = pdf::render(&a).unwrap().bytes;
    assert!(a1 == a2, "a render after another document differs");
    assert!(a1 != b1);
    // A fresh thread (empty shaping caches) gives the same bytes.
    let b2 = std::thread::spawn(move || pdf::render(&b).unwrap().bytes)
        .join()
        .unwrap();
    assert!(b1 == b2);
}
