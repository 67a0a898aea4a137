//! Layout rules checked on the display list (and the PDF where it matters).

mod pdf_support;

use baocao::document::settings::mm_to_pt;
use baocao::document::{sample, Block, Document, Footnote, Image, ImageFile, Inline, Paragraph};
use baocao::layout::{self, display::Item};
use baocao::pdf;
use pdf_support::{bare_body, extract};

fn text(s: &str) -> Inline {
    Inline::Text {
        text: s.into(),
        style: Default::default(),
    }
}

fn para(content: Vec<Inline>) -> Block {
    Block::Paragraph(Paragraph {
        content,
        align: None,
        indent: true,
    })
}

/// Every mark links to its note, and the note starts on the mark's page.
fn assert_notes_on_mark_pages(doc: &Document) -> Vec<(usize, f32)> {
    let pages = layout::pages(doc).unwrap().pages;
    let mut marks = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        for l in &p.links {
            assert_eq!(
                l.target_page,
                i,
                "a note is not on the page of its mark (page {})",
                i + 1
            );
            assert!(l.target_y > l.y, "the note is below its mark");
            marks.push((i, l.y));
        }
    }
    assert_eq!(marks.len(), doc.footnotes.len(), "one link per mark");
    marks
}

#[test]
fn every_footnote_is_on_the_page_of_its_mark() {
    let s = sample::report(0).settings;
    let foot = mm_to_pt(s.paper.height - s.margins.bottom);
    let mut near_foot = 0;
    for filler in 0..40 {
        let doc = sample::report(filler);
        for (_, y) in assert_notes_on_mark_pages(&doc) {
            // A mark within ~5 lines of the page foot: its note had to squeeze in.
            if foot - y < 5.0 * s.body.line + 40.0 {
                near_foot += 1;
            }
        }
    }
    assert!(
        near_foot > 3,
        "the loop did put marks near the page foot ({near_foot})"
    );
}

#[test]
fn a_long_note_continues_on_the_next_page() {
    let mut doc = bare_body(0);
    let long = "Ghi chú rất dài để thử việc chuyển phần còn lại sang trang sau. ".repeat(120);
    let filler: Vec<Block> = (0..30)
        .map(|i| para(vec![text(&format!("Đoạn {i}: nội dung báo cáo đủ dài để lấp đầy trang giấy khổ A4 theo đúng thể thức văn bản của Đảng."))]))
        .collect();
    doc.blocks.extend(filler.iter().take(22).cloned());
    doc.blocks.push(para(vec![
        text("Câu có chú thích dài"),
        Inline::FootnoteRef(1),
        text("."),
    ]));
    doc.blocks.extend(filler.iter().skip(22).cloned());
    doc.footnotes = vec![Footnote {
        number: 1,
        content: vec![Paragraph {
            content: vec![text(&long)],
            align: None,
            indent: false,
        }],
    }];
    assert_notes_on_mark_pages(&doc);
    let bytes = pdf::render(&doc).unwrap().bytes;
    let pages = extract(&bytes);
    let with_note: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.text().contains("Ghi chú rất dài"))
        .map(|(i, _)| i)
        .collect();
    assert!(
        with_note.len() >= 2,
        "the note is split over pages: {with_note:?}"
    );
    // The note's 12 pt text, over all pages, is the whole note.
    let note: String = pages
        .iter()
        .flat_map(|p| p.runs.iter())
        .filter(|r| r.size == 12.0)
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(note, format!(" {long}"));
}

#[test]
fn no_line_is_wider_than_the_measure() {
    for filler in [0, 5, 17] {
        let doc = sample::report(filler);
        let s = &doc.settings;
        let left = mm_to_pt(s.margins.left);
        let right = left + mm_to_pt(s.measure());
        for p in layout::pages(&doc).unwrap().pages {
            for r in p.runs() {
                for g in r.glyphs.iter().filter(|g| !g.space) {
                    assert!(
                        g.x >= left - 0.01,
                        "{:?} left of the margin on page {}",
                        g.text,
                        p.number
                    );
                    assert!(
                        g.x + g.advance <= right + 0.01,
                        "{:?} at {} past the measure {right} on page {}",
                        g.text,
                        g.x + g.advance,
                        p.number
                    );
                }
            }
        }
    }
}

#[test]
fn a_word_wider_than_the_measure_is_broken_not_overflowing() {
    let mut doc = bare_body(0);
    doc.blocks
        .push(para(vec![text(&format!("Địa chỉ: {}", "x".repeat(400)))]));
    let right = mm_to_pt(doc.settings.margins.left + doc.settings.measure());
    let pages = layout::pages(&doc).unwrap().pages;
    let max = pages
        .iter()
        .flat_map(|p| p.runs())
        .flat_map(|r| r.glyphs.iter())
        .filter(|g| !g.space)
        .map(|g| g.x + g.advance)
        .fold(0.0, f32::max);
    assert!(max <= right + 0.01);
    let all: String = pages.iter().map(|p| p.text()).collect();
    assert!(all.contains(&"x".repeat(400)));
}

#[test]
fn pages_are_a4_and_numbered_from_page_two() {
    let doc = sample::report(8);
    let bytes = pdf::render(&doc).unwrap().bytes;
    let pages = extract(&bytes);
    assert!(pages.len() >= 3);
    let top_margin = (297.0 - doc.settings.margins.top) * 72.0 / 25.4;
    for (i, p) in pages.iter().enumerate() {
        let mb = &p.media_box;
        assert_eq!(mb.len(), 4);
        assert!(
            (mb[2] - 595.276).abs() < 0.01 && (mb[3] - 841.89).abs() < 0.01,
            "{mb:?}"
        );
        let number = p.text_above(top_margin);
        if i == 0 {
            assert_eq!(number, "", "no number on page 1");
        } else {
            assert_eq!(number, (i + 1).to_string());
            // Centred on the text block.
            let run = p.runs.iter().find(|r| r.y > top_margin).unwrap();
            let centre = mm_to_pt(doc.settings.margins.left + doc.settings.measure() / 2.0);
            assert!((run.x - centre).abs() < 10.0, "page number at {}", run.x);
        }
    }
    // The header on page 1: the number and the place-date share a baseline.
    let p1 = &pages[0];
    let number = p1
        .runs
        .iter()
        .find(|r| r.text.contains("Số 05-BC"))
        .unwrap();
    let date = p1
        .runs
        .iter()
        .find(|r| r.text.contains("Kỳ Anh, ngày"))
        .unwrap();
    assert!((number.y - date.y).abs() < 0.01);
    assert!(date.font.ends_with("LiberationSerif-Italic"));
}

#[test]
fn the_rule_under_the_motto_is_as_wide_as_the_motto() {
    let doc = sample::report(0);
    let p = &layout::pages(&doc).unwrap().pages[0];
    let motto = p
        .runs()
        .find(|r| r.glyphs.first().is_some_and(|g| g.text == "Đ") && r.size == 15.0)
        .unwrap();
    let ink: Vec<_> = motto
        .glyphs
        .iter()
        .filter(|g| !g.space || g.x < motto.glyphs.last().unwrap().x)
        .collect();
    let (x1, x2) = (
        ink[0].x,
        ink.last().unwrap().x + ink.last().unwrap().advance,
    );
    let rule = p
        .items
        .iter()
        .find_map(|i| match i {
            Item::Rule { x1, x2, y1, .. } if *y1 > motto.y && *y1 < motto.y + 8.0 => {
                Some((*x1, *x2))
            }
            _ => None,
        })
        .expect("a rule just under the motto");
    assert!(
        (rule.0 - x1).abs() < 0.5 && (rule.1 - x2).abs() < 0.5,
        "{rule:?} vs {x1}..{x2}"
    );
}

#[test]
fn table_header_rows_repeat_and_rows_are_not_split() {
    let mut doc = sample::report(0);
    for b in &mut doc.blocks {
        if let Block::Table(t) = b {
            let row = t.rows[0].clone();
            t.rows = std::iter::repeat_n(row, 80).collect();
        }
    }
    let pages = layout::pages(&doc).unwrap().pages;
    let with_rows: Vec<_> = pages
        .iter()
        .filter(|p| p.text().contains("Đơn vị mẫu 1"))
        .collect();
    assert!(with_rows.len() >= 2, "the table spans pages");
    for p in &with_rows {
        assert!(
            p.text().contains("TTĐơn vịChi bộĐã đại hội"),
            "header on page {}",
            p.number
        );
        // Every cell rectangle is inside the body area.
        let s = &doc.settings;
        let bottom = mm_to_pt(s.paper.height - s.margins.bottom);
        for i in &p.items {
            if let Item::Rect { y, h, .. } = i {
                assert!(y + h <= bottom + 0.01, "a row crosses the page foot");
            }
        }
    }
}

#[test]
fn headings_are_in_the_outline_in_order_and_kept_with_the_next_line() {
    let doc = sample::report(8);
    let pages = layout::pages(&doc).unwrap().pages;
    let titles: Vec<String> = pages
        .iter()
        .flat_map(|p| p.outline.iter().map(|o| o.title.clone()))
        .collect();
    let expected: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { content, .. } => Some(baocao::document::plain_text(content)),
            _ => None,
        })
        .collect();
    assert_eq!(titles, expected);
    let s = &doc.settings;
    let bottom = mm_to_pt(s.paper.height - s.margins.bottom);
    for filler in 0..30 {
        for p in layout::pages(&sample::report(filler)).unwrap().pages {
            for o in &p.outline {
                // At least one more line fits under the heading on this page.
                assert!(
                    o.y + 2.0 * s.body.line <= bottom + 0.01,
                    "heading alone at the foot of page {}",
                    p.number
                );
            }
        }
    }
}

#[test]
fn empty_and_odd_documents_do_not_panic() {
    let mut doc = bare_body(0);
    doc.blocks.clear();
    let r = pdf::render(&doc).unwrap();
    assert_eq!(extract(&r.bytes).len(), 1);
    doc.blocks = vec![
        para(vec![]),
        Block::PageBreak,
        Block::PageBreak,
        para(vec![Inline::LineBreak, Inline::LineBreak]),
        Block::List(baocao::document::List {
            ordered: true,
            start: 1,
            items: vec![vec![], vec![Block::PageBreak]],
        }),
        para(vec![Inline::FootnoteRef(7), Inline::FootnoteRef(u32::MAX)]),
        para(vec![text("tab\there, bell\u{7} and\r\nCRLF")]),
    ];
    doc.footnotes = vec![Footnote {
        number: u32::MAX,
        content: vec![Paragraph::default()],
    }];
    let r = pdf::render(&doc).unwrap();
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    let all: String = extract(&r.bytes).iter().map(|p| p.text()).collect();
    assert!(all.contains("tab here, bell andCRLF"), "{all}");
    // Unusable settings are an error when they are made, not a panic: a
    // document (and so a writer) never holds them.
    assert!(doc.settings.changed(|s| s.body.size = f32::NAN).is_err());
    let e = doc
        .settings
        .changed(|s| s.margins.left = 200.0)
        .unwrap_err();
    assert!(e.to_string().contains("lề"), "{e}");
}

#[test]
fn a_corrupt_image_is_an_error_naming_it() {
    // Bytes that are no whole PNG or JPEG never become an image.
    for bad in [&b"\x89PNG\r\n\x1a\nrubbish"[..], b"", b"\xFF\xD8\xFF"] {
        assert!(ImageFile::new(bad.to_vec()).is_err(), "{bad:?}");
    }
    // A whole file whose pixel data is damaged: the PDF writer, which
    // decodes it, names the image.
    let mut png = sample::SAMPLE_PNG.to_vec();
    let mid = png.len() / 2;
    for b in &mut png[mid - 40..mid] {
        *b ^= 0x5A;
    }
    let mut doc = bare_body(0);
    doc.blocks.push(Block::Image(Image {
        file: ImageFile::new(png).unwrap(),
        width_mm: None,
        caption: vec![],
        alt: "Sơ đồ tổ chức".into(),
    }));
    let e = pdf::render(&doc).unwrap_err().to_string();
    assert!(e.contains("Sơ đồ tổ chức"), "{e}");
}

#[test]
fn justified_spacing_stays_even() {
    // Inter-word spaces of 14 pt text: a space is 0.25 em (3.5 pt) in
    // Liberation Serif; total-fit breaking keeps them near that.
    let mut ratios = Vec::new();
    for filler in [0, 8, 20] {
        for p in layout::pages(&sample::report(filler)).unwrap().pages {
            for r in p.runs().filter(|r| r.size == 14.0) {
                let n = r.glyphs.len();
                for (k, g) in r.glyphs.iter().enumerate() {
                    if g.space && k + 1 < n {
                        ratios.push(g.advance / 3.5);
                    }
                }
            }
        }
    }
    ratios.sort_by(f32::total_cmp);
    let (min, max) = (ratios[0], ratios[ratios.len() - 1]);
    let median = ratios[ratios.len() / 2];
    eprintln!(
        "space/natural: min {min:.2} median {median:.2} max {max:.2} over {}",
        ratios.len()
    );
    assert!(min >= 0.74, "a space shrank to {min:.2}");
    assert!(max <= 1.8, "a space stretched to {max:.2}");
}

#[test]
fn no_widow_or_orphan_lines() {
    // Body lines (14 pt, justified): a paragraph's first line is indented,
    // its other lines start at the margin, all but its last end exactly at
    // the measure. No page may end with a first line that is not also the
    // last (an orphan), nor start with a last line that is not also the
    // first (a widow).
    let base = sample::report(0).settings;
    let left = mm_to_pt(base.margins.left);
    let indent = left + mm_to_pt(base.body.first_line_indent);
    let right = left + mm_to_pt(base.measure());
    let mut breaks_seen = 0;
    for filler in 0..30 {
        let doc = bare_body(filler);
        let pages = layout::pages(&doc).unwrap().pages;
        let lines = |p: &layout::display::Page| -> Vec<(f32, f32, f32)> {
            // (baseline, first x, last ink x) per 14 pt baseline, top to bottom.
            let mut by_y: Vec<(f32, f32, f32)> = Vec::new();
            for r in p
                .runs()
                .filter(|r| r.size == 14.0 && r.y > mm_to_pt(base.margins.top))
            {
                let ink: Vec<_> = r.glyphs.iter().filter(|g| !g.space).collect();
                let (Some(a), Some(b)) = (ink.first(), ink.last()) else {
                    continue;
                };
                match by_y.iter_mut().find(|l| (l.0 - r.y).abs() < 0.5) {
                    Some(l) => {
                        l.1 = l.1.min(a.x);
                        l.2 = l.2.max(b.x + b.advance);
                    }
                    None => by_y.push((r.y, a.x, b.x + b.advance)),
                }
            }
            by_y.sort_by(|a, b| a.0.total_cmp(&b.0));
            by_y
        };
        for w in pages.windows(2) {
            let (a, b) = (lines(&w[0]), lines(&w[1]));
            let (Some(last), Some(first)) = (a.last(), b.first()) else {
                continue;
            };
            breaks_seen += 1;
            let last_is_first_line = (last.1 - indent).abs() < 0.5;
            let last_is_complete = last.2 < right - 0.5;
            assert!(
                !last_is_first_line || last_is_complete,
                "orphan at the foot of page {} (filler {filler})",
                w[0].number
            );
            let first_is_continuation = (first.1 - left).abs() < 0.5;
            let first_is_short = first.2 < right - 0.5;
            // Short because it ends its paragraph (the next line starts a new one),
            // not because of a forced line break.
            let next_starts_paragraph = b.get(1).is_none_or(|l| (l.1 - indent).abs() < 0.5);
            assert!(
                !(first_is_continuation && first_is_short && next_starts_paragraph),
                "widow at the top of page {} (filler {filler})",
                w[1].number
            );
        }
    }
    assert!(breaks_seen > 20);
}
