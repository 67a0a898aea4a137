//! Where the closing block (recipients and signature) goes is decided once
//! (`document::lower::closing_at`) and both writers follow it: at the
//! `<!-- closing -->` marker (before an annex), else after the last block. A
//! marker inside a list is refused, with the markup line, or, in a document
//! built in code, by every writer with the same message.

mod pdf_support;

use std::io::Read;

use baocao::document::{markup, Block, Document, List, Paragraph, Settings};

const FRONT: &str = "---\ndate: 2025-09-30\nclosing:\n  recipients: [Ban Tổ chức Tỉnh ủy, Lưu VP.]\n  authority: T/M BAN THƯỜNG VỤ\n  title: BÍ THƯ\n  signer: Hồ Thị Minh Châu\n---\n";

fn parse(body: &str) -> Result<Document, markup::MarkupError> {
    markup::parse(
        &format!("{FRONT}{body}"),
        "mau-rieng.md",
        Settings::builtin(),
        None,
    )
}

/// The PDF's text and the DOCX's document.xml text, in reading order.
fn texts(doc: &Document) -> (String, String) {
    let pdf = baocao::pdf::render(doc).unwrap().bytes;
    let pdf: String = pdf_support::extract(&pdf)
        .iter()
        .map(|p| p.text())
        .collect();
    let bytes = baocao::docx::render(doc).unwrap().bytes;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    (pdf, xml)
}

fn before(text: &str, a: &str, b: &str) -> bool {
    match (text.find(a), text.find(b)) {
        (Some(i), Some(j)) => i < j,
        _ => panic!("{a:?} or {b:?} missing in {text}"),
    }
}

#[test]
fn both_writers_put_the_closing_at_the_marker_before_the_annex() {
    let doc = parse(
        "Nội dung báo cáo của Đảng bộ xã Hòa Bình.\n\n<!-- closing -->\n\n<!-- pagebreak -->\n\nPHỤ LỤC KÈM THEO: danh sách chi bộ.\n",
    )
    .unwrap();
    let (pdf, docx) = texts(&doc);
    for (what, t) in [("PDF", &pdf), ("DOCX", &docx)] {
        assert!(before(t, "Hòa Bình", "Nơi nhận"), "{what}");
        assert!(before(t, "Hồ Thị Minh Châu", "PHỤ LỤC"), "{what}: {t}");
    }
}

#[test]
fn without_a_marker_both_writers_put_it_after_the_last_block() {
    let doc = parse("Đoạn một.\n\nĐoạn cuối của báo cáo.\n").unwrap();
    let (pdf, docx) = texts(&doc);
    for (what, t) in [("PDF", &pdf), ("DOCX", &docx)] {
        assert!(before(t, "Đoạn cuối", "Nơi nhận"), "{what}");
        assert!(before(t, "Nơi nhận", "Hồ Thị Minh Châu"), "{what}");
    }
    // A second marker draws nothing: the first one decides.
    let doc = parse("A.\n\n<!-- closing -->\n\nB cuối.\n\n<!-- closing -->\n").unwrap();
    let (pdf, docx) = texts(&doc);
    for t in [&pdf, &docx] {
        assert!(before(t, "Nơi nhận", "B cuối"));
        assert_eq!(t.matches("Hồ Thị Minh Châu").count(), 1);
    }
}

#[test]
fn a_marker_inside_a_list_is_refused_with_its_line() {
    let e = parse("Mở đầu.\n\n- Mục một\n\n  <!-- closing -->\n\n- Mục hai\n").unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("cấp ngoài cùng"), "{msg}");
    assert_eq!(e.line, 13, "{msg}");
    assert!(msg.contains("mau-rieng.md"), "{msg}");
}

#[test]
fn a_document_built_with_a_nested_marker_is_refused_by_every_writer() {
    let mut doc = parse("Mở đầu.\n").unwrap();
    doc.blocks.push(Block::List(List {
        ordered: true,
        start: 1,
        items: vec![vec![Block::Paragraph(Paragraph::default()), Block::Closing]],
    }));
    let errors = [
        baocao::pdf::render(&doc).unwrap_err().to_string(),
        baocao::docx::render(&doc).unwrap_err().to_string(),
        baocao::svg::render(&doc).unwrap_err().to_string(),
    ];
    for e in &errors {
        assert!(
            e.contains("cấp ngoài cùng") && e.contains("danh sách"),
            "{e}"
        );
    }
    assert!(errors.iter().all(|e| *e == errors[0]), "{errors:?}");
}
