//! Issue 15 items 1-4: the landscape annex, column widths from the content,
//! balanced centred lines, tall table rows split over a page break. Checked
//! on what a reader sees: page sizes, the text of each printed line (one
//! glyph run per line of a cell), the DOCX section and break elements.

use std::io::Read;

use baocao::document::settings::mm_to_pt;
use baocao::document::{markup, Document, Settings};
use baocao::layout::{self, display::Page};

fn town() -> Document {
    let data = baocao::data::load_file(std::path::Path::new("data/mau-12-don-vi.yaml")).unwrap();
    let stats = baocao::stats::derive(&data);
    let engine = baocao::template::Engine::builtin().unwrap();
    engine.render_town(&data, &stats).unwrap()
}

fn doc(body: &str) -> Document {
    let text = format!("---\ndate: 2019-08-15\n---\n{body}");
    markup::parse(&text, "test", Settings::builtin(), None).unwrap()
}

/// The text of each glyph run (a line of a cell, of a paragraph ...) of a page.
fn lines(p: &Page) -> Vec<String> {
    p.runs()
        .map(|r| r.glyphs.iter().map(|g| g.text.as_str()).collect())
        .collect()
}

fn document_xml(doc: &Document) -> String {
    let bytes = baocao::docx::render(doc).unwrap().bytes;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn the_town_annex_is_on_landscape_pages_with_unit_names_on_one_line() {
    let doc = town();
    let pages = layout::pages(&doc).unwrap().pages;
    let annex: Vec<&Page> = pages
        .iter()
        .filter(|p| p.text().contains("BIỂU TỔNG HỢP"))
        .collect();
    assert_eq!(annex.len(), 1);
    for p in &pages {
        let landscape = p.text().contains("BIỂU TỔNG HỢP") || p.text().contains("Tổng cộng");
        let (w, h) = if landscape {
            (841.89, 595.28)
        } else {
            (595.28, 841.89)
        };
        assert!(
            (p.width - w).abs() < 0.1 && (p.height - h).abs() < 0.1,
            "page {}: {} x {}",
            p.number,
            p.width,
            p.height
        );
    }
    // The page number continues, centred on the landscape page.
    let a = annex[0];
    assert_eq!(a.number as usize, pages.len());
    let first = lines(a)[0].clone();
    assert_eq!(first, a.number.to_string());
    let num = a.runs().next().unwrap();
    let x = num.glyphs[0].x;
    let centre = mm_to_pt(doc.settings.margins.left)
        + (a.width - mm_to_pt(doc.settings.margins.left + doc.settings.margins.right)) / 2.0;
    assert!((x - centre).abs() < 10.0, "number at {x}, centre {centre}");
    // Every unit name on one line, the body text inside the right margin.
    let ls = lines(a);
    for name in [
        "phường Sông Trí",
        "phường Kỳ Thịnh",
        "phường Kỳ Phương",
        "xã Kỳ Hưng",
        "Tổng cộng",
    ] {
        assert!(ls.iter().any(|l| l == name), "{name} split: {ls:?}");
    }
    let right = a.width - mm_to_pt(doc.settings.margins.right) + 0.5;
    for r in a.runs() {
        for g in r.glyphs.iter().filter(|g| !g.space) {
            assert!(g.x + g.advance <= right, "{} past the margin", g.text);
        }
    }
}

#[test]
fn the_town_docx_has_a_landscape_section_for_the_annex() {
    let xml = document_xml(&town());
    // Two sections: portrait (ended in a paragraph, with the number-less
    // first page), then the landscape annex (the body's sectPr).
    assert_eq!(xml.matches("<w:sectPr>").count(), 2, "two sections");
    let first = &xml[xml.find("<w:sectPr>").unwrap()..];
    let first = &first[..first.find("</w:sectPr>").unwrap()];
    assert!(
        first.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#),
        "{first}"
    );
    assert!(first.contains("<w:titlePg />") && first.contains("w:type=\"default\""));
    let last = &xml[xml.rfind("<w:sectPr>").unwrap()..];
    assert!(
        last.contains(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape" />"#),
        "{last}"
    );
    assert!(
        !last.contains("<w:titlePg />"),
        "the annex page is numbered"
    );
    assert!(
        last.starts_with("<w:sectPr><w:headerReference"),
        "schema order"
    );
    // The annex title comes after the section break.
    assert!(xml.find("<w:sectPr>").unwrap() < xml.find("BIỂU TỔNG HỢP").unwrap());
}

#[test]
fn both_formats_get_the_same_column_widths() {
    let d = town();
    let pages = layout::pages(&d).unwrap().pages;
    let annex = pages.last().unwrap();
    // Column edges of the first header row in the PDF (points) ...
    let mut edges: Vec<f32> = annex
        .items
        .iter()
        .filter_map(|i| match i {
            layout::display::Item::Rect { x, w, .. } => Some(x + w),
            _ => None,
        })
        .collect();
    edges.dedup_by(|a, b| (*a - *b).abs() < 0.01);
    let ncols = 10;
    let pdf_widths: Vec<f32> = (0..ncols)
        .map(|j| {
            let left = if j == 0 {
                mm_to_pt(d.settings.margins.left)
            } else {
                edges[j - 1]
            };
            edges[j] - left
        })
        .collect();
    // ... and the DOCX grid (twips).
    let xml = document_xml(&d);
    let grid = &xml[xml.rfind("<w:tblGrid>").unwrap()..xml.rfind("</w:tblGrid>").unwrap()];
    let docx_widths: Vec<f32> = grid
        .split("w:w=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].parse::<f32>().unwrap() / 20.0)
        .collect();
    assert_eq!(docx_widths.len(), ncols);
    for (a, b) in pdf_widths.iter().zip(&docx_widths) {
        assert!((a - b).abs() < 0.2, "{pdf_widths:?} vs {docx_widths:?}");
    }
    // The unit names' column is wider than the "TT" column and "Tỉ lệ".
    assert!(pdf_widths[1] > pdf_widths[0] * 2.0 && pdf_widths[1] > pdf_widths[4]);
}

#[test]
fn a_long_summary_and_issuer_break_into_balanced_lines_in_both_formats() {
    let issuer = "BAN THƯỜNG VỤ ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP HUYỆN SƠN HÒA THƯỢNG";
    let summary = "kết quả đại hội chi bộ trực thuộc Đảng bộ xã Sơn Hòa Thượng và các đảng bộ cơ sở khác, nhiệm kỳ 2020 - 2022";
    let text = format!(
        "---\ndate: 2019-08-15\nheader:\n  issuer: \"{issuer}\"\n  number: Số 1-BC/ĐU\n  place_date: Sơn Hòa, ngày 15 tháng 8 năm 2019\n  summary: \"{summary}\"\n---\nMột đoạn.\n\n**BIỂU TỔNG HỢP KẾT QUẢ ĐẠI HỘI CHI BỘ TRỰC THUỘC ĐẢNG BỘ CƠ SỞ NHIỆM KỲ 2020 - 2022 CỦA TOÀN ĐẢNG BỘ HUYỆN** {{.center}}\n"
    );
    let d = markup::parse(&text, "test", Settings::builtin(), None).unwrap();
    let pages = layout::pages(&d).unwrap().pages;
    let p = &pages[0];
    let runs: Vec<(String, f32)> = p
        .runs()
        .map(|r| {
            let t: String = r.glyphs.iter().map(|g| g.text.as_str()).collect();
            let ink: Vec<_> = r.glyphs.iter().filter(|g| !g.space).collect();
            let w = ink.last().map_or(0.0, |g| g.x + g.advance) - ink.first().map_or(0.0, |g| g.x);
            (t.trim().to_string(), w)
        })
        .collect();
    let title = "BIỂU TỔNG HỢP KẾT QUẢ ĐẠI HỘI CHI BỘ TRỰC THUỘC ĐẢNG BỘ CƠ SỞ NHIỆM KỲ 2020 - 2022 CỦA TOÀN ĐẢNG BỘ HUYỆN";
    for whole in [issuer, summary, title] {
        let first_word = whole.split(' ').next().unwrap();
        let start = runs
            .iter()
            .position(|(t, _)| t.starts_with(first_word) && whole.starts_with(t.as_str()))
            .unwrap_or_else(|| panic!("{whole}: {runs:?}"));
        // The lines of the block: runs until the text is complete.
        let mut got = String::new();
        let mut widths = Vec::new();
        for (t, w) in &runs[start..] {
            if !got.is_empty() {
                got.push(' ');
            }
            got.push_str(t);
            widths.push(*w);
            if got.len() >= whole.len() || !whole.starts_with(&got) {
                break;
            }
        }
        assert_eq!(got, whole, "{runs:?}");
        assert!(widths.len() >= 2, "{whole} fits on one line? {runs:?}");
        let max = widths.iter().cloned().fold(0.0, f32::max);
        let min = widths.iter().cloned().fold(f32::MAX, f32::min);
        assert!(min >= max / 2.0, "{whole}: line widths {widths:?}");
    }
    // The DOCX breaks the same lines with explicit breaks.
    let xml = document_xml(&d);
    for whole in [issuer, summary] {
        let first_word = whole.split(' ').next().unwrap();
        let at = xml.find(&format!(">{first_word}")).unwrap();
        let para = &xml[at..at + xml[at..].find("</w:p>").unwrap()];
        assert!(para.contains("<w:br"), "no explicit break: {para}");
    }
}

#[test]
fn a_tall_row_is_split_over_the_page_break_with_the_header_repeated() {
    let long = "Chi bộ thôn Hải Phong Đông Bắc rất dài tên ".repeat(7);
    assert!(long.chars().count() >= 300);
    let mut body = String::new();
    for _ in 0..20 {
        body.push_str("Đoạn văn lấp chỗ để bảng sau bắt đầu ở nửa dưới trang.\n\n");
    }
    // A narrow name column (the weights), so the name takes some 18 lines.
    body.push_str("<!-- widths: 1 2 6 -->\n| TT | Chi bộ | Số đảng viên |\n|:--:|:---|--:|\n| 1 | Chi bộ thôn 1 | 11 |\n");
    body.push_str(&format!(
        "| 2 | {} | 99 |\n| 3 | Chi bộ cuối | 7 |\n",
        long.trim()
    ));
    let d = doc(&body);
    let pages = layout::pages(&d).unwrap().pages;
    let bottom = mm_to_pt(d.settings.paper.height - d.settings.margins.bottom);
    let with_long: Vec<&Page> = pages
        .iter()
        .filter(|p| p.text().contains("Hải Phong"))
        .collect();
    assert_eq!(with_long.len(), 2, "the row goes on over the page break");
    let (a, b) = (with_long[0], with_long[1]);
    assert_eq!(a.number + 1, b.number);
    assert!(a.text().contains("Chi bộ thôn 1") && a.text().contains("99"));
    assert!(b.text().starts_with(&b.number.to_string()));
    assert!(
        b.text().contains("TTChi bộSố đảng viên"),
        "the header row is repeated"
    );
    // The first page is filled: its last cell border is near the foot.
    let low = a
        .items
        .iter()
        .filter_map(|i| match i {
            layout::display::Item::Rect { y, h, .. } => Some(y + h),
            _ => None,
        })
        .fold(0.0, f32::max);
    assert!(
        low <= bottom + 0.01 && low > bottom - 40.0,
        "{low} vs {bottom}"
    );
    // No text lost or doubled: every word of the name is there once.
    let text: String = with_long.iter().map(|p| p.text()).collect();
    assert_eq!(text.matches("Hải").count(), 7);
    assert_eq!(text.matches("Phong").count(), 7);
    assert_eq!(text.matches("tên").count(), 7);
    // The DOCX lets Word split that row (no cantSplit), not the others.
    let xml = document_xml(&d);
    let rows: Vec<&str> = xml.split("<w:tr>").skip(1).collect();
    assert_eq!(rows.len(), 4);
    assert!(!rows[2].contains("<w:cantSplit />"), "tall row may split");
    assert!(rows[1].contains("<w:cantSplit />") && rows[3].contains("<w:cantSplit />"));
}

#[test]
fn a_row_that_fits_on_a_fresh_page_is_kept_whole() {
    // The table starts lower and lower on the page, so the page break falls
    // after its header, between rows and inside what would be a row.
    let mut straddled = 0;
    for fill in 20..48 {
        let mut body = String::new();
        for _ in 0..fill {
            body.push_str("Đoạn văn lấp chỗ để bảng sau bắt đầu sát cuối trang.\n\n");
        }
        body.push_str("| TT | Chi bộ | Số |\n|:--:|:---|--:|\n");
        for i in 0..12 {
            body.push_str(&format!(
                "| {i} | Chi bộ thôn số {i} có tên hơi dài một chút để chiếm hai dòng trong ô | {i} |\n"
            ));
        }
        let d = doc(&body);
        let pages = layout::pages(&d).unwrap().pages;
        // Each row is found on exactly one page, whole.
        let mut found = [0; 12];
        let mut on_pages = std::collections::BTreeSet::new();
        for p in &pages {
            let text = p.text();
            for (i, n) in found.iter_mut().enumerate() {
                if text.contains(&format!("Chi bộ thôn số {i} có")) {
                    *n += 1;
                    on_pages.insert(p.number);
                    assert!(
                        text.contains(&format!(
                            "{i} có tên hơi dài một chút để chiếm hai dòng trong ô"
                        )),
                        "{fill} paragraphs before: row {i} split on page {}",
                        p.number
                    );
                }
            }
        }
        assert_eq!(found, [1; 12], "{fill} paragraphs before: rows found");
        if on_pages.len() >= 2 {
            straddled += 1;
        }
    }
    // Else the check above proves nothing.
    assert!(
        straddled >= 3,
        "the table crossed a page break {straddled} times"
    );
}

#[test]
fn landscape_markers_switch_pages_and_auto_follows_the_setting() {
    let wide: String = format!(
        "| {} |\n|{}|\n| {} |\n",
        (1..=9)
            .map(|i| format!("C{i}"))
            .collect::<Vec<_>>()
            .join(" | "),
        ["---"; 9].join("|"),
        (1..=9)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let narrow = "| A | B |\n|---|---|\n| 1 | 2 |\n";
    let d = doc(&format!(
        "Trang một.\n\n<!-- landscape: auto -->\n\n{wide}\n<!-- landscape: auto -->\n\n{narrow}\n<!-- landscape -->\n\nNgang.\n\n<!-- portrait -->\n\nDọc.\n"
    ));
    let pages = layout::pages(&d).unwrap().pages;
    let sizes: Vec<bool> = pages.iter().map(|p| p.width > p.height).collect();
    assert_eq!(sizes, vec![false, true, false, true, false]);
    let numbers: Vec<u32> = pages.iter().map(|p| p.number).collect();
    assert_eq!(numbers, vec![1, 2, 3, 4, 5]);
    // The setting decides: with 9 allowed, the wide table stays portrait.
    let s = Settings::builtin()
        .changed(|s| s.tables.landscape_columns = 9)
        .unwrap();
    let text = format!("---\ndate: 2019-08-15\n---\nA.\n\n<!-- landscape: auto -->\n\n{wide}");
    let d = markup::parse(&text, "t", s, None).unwrap();
    assert!(layout::pages(&d)
        .unwrap()
        .pages
        .iter()
        .all(|p| p.width < p.height));
    // Inside a list it is an error naming the line.
    let text = "---\ndate: 2019-08-15\n---\n- một\n\n  <!-- landscape -->\n";
    let e = markup::parse(text, "t", Settings::builtin(), None).unwrap_err();
    assert!(e.to_string().contains("top level"), "{e}");
}
