//! Render the built-in templates on the sample data and check the document
//! model: header fields, figures, footnotes, the annex.

use std::path::Path;

use baocao::data;
use baocao::document::{plain_text, Block, Document, Inline};
use baocao::stats;
use baocao::template::Engine;

fn load(name: &str) -> data::Dataset {
    data::load_file(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data")
            .join(name),
    )
    .unwrap()
}

/// All text of the body, one block per line (table rows: cells joined by " | ").
fn body_text(d: &Document) -> String {
    fn walk(blocks: &[Block], out: &mut String) {
        for b in blocks {
            match b {
                Block::Heading { content, .. } => {
                    out.push_str(&plain_text(content));
                    out.push('\n');
                }
                Block::Paragraph(p) => {
                    out.push_str(&plain_text(&p.content));
                    out.push('\n');
                }
                Block::List(l) => l.items.iter().for_each(|i| walk(i, out)),
                Block::Table(t) => {
                    for r in t.header.iter().chain(&t.rows) {
                        let cells: Vec<String> = r.cells.iter().map(|c| plain_text(c)).collect();
                        out.push_str(&cells.join(" | "));
                        out.push('\n');
                    }
                }
                Block::Image(_) | Block::PageBreak | Block::Closing | Block::Section { .. } => {}
            }
        }
    }
    let mut s = String::new();
    walk(&d.blocks, &mut s);
    s
}

fn town(name: &str) -> Document {
    let d = load(name);
    Engine::builtin()
        .unwrap()
        .render_town(&d, &stats::derive(&d))
        .unwrap()
}

fn headings(d: &Document, level: u8) -> Vec<String> {
    d.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level: l, content } if *l == level => Some(plain_text(content)),
            _ => None,
        })
        .collect()
}

#[test]
fn town_report_header_and_closing() {
    let d = town("ky-anh-2019.yaml");
    let h = d.meta.header.as_ref().unwrap();
    assert_eq!(h.superior, "ĐẢNG BỘ TỈNH HÀ TĨNH");
    assert_eq!(h.issuer, "THỊ ỦY KỲ ANH");
    assert_eq!(h.number, "Số 05-BC/Th.U");
    assert_eq!(h.motto, "ĐẢNG CỘNG SẢN VIỆT NAM");
    assert_eq!(h.place_date, "Kỳ Anh, ngày 15 tháng 8 năm 2019");
    assert_eq!(h.kind, "BÁO CÁO");
    assert_eq!(
        h.summary,
        vec![
            "kết quả đại hội chi bộ trực thuộc đảng bộ cơ sở,",
            "nhiệm kỳ 2019 - 2022"
        ]
    );
    assert_eq!(h.separator, "-----");
    let c = d.meta.closing.as_ref().unwrap();
    assert_eq!(c.recipients_label, "Nơi nhận:");
    assert_eq!(c.recipients.first().unwrap(), "- Ban Tổ chức Tỉnh ủy,");
    assert_eq!(c.recipients.last().unwrap(), "- Lưu Văn phòng Thị ủy.");
    assert_eq!(c.authority, vec!["T/M BAN THƯỜNG VỤ"]);
    assert_eq!(c.title, vec!["BÍ THƯ"]);
    assert_eq!(c.signer, "Nguyễn Văn A");
    assert_eq!(d.meta.author, "Thị ủy Kỳ Anh");
    assert_eq!(
        (d.meta.date.year, d.meta.date.month, d.meta.date.day),
        (2019, 8, 15)
    );
    assert_eq!(d.meta.language, "vi-VN");
    assert_eq!(*d.settings, baocao::document::PageSettings::builtin());
}

#[test]
fn town_report_follows_the_outline() {
    let d = town("ky-anh-2019.yaml");
    assert_eq!(
        headings(&d, 1),
        vec![
            "I- ĐẶC ĐIỂM TÌNH HÌNH",
            "II- CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO VÀ CHUẨN BỊ ĐẠI HỘI",
            "III- KẾT QUẢ ĐẠI HỘI",
            "IV- ĐÁNH GIÁ CHUNG",
            "V- NHIỆM VỤ TRỌNG TÂM SAU ĐẠI HỘI",
        ]
    );
    let h2 = headings(&d, 2);
    assert!(h2.iter().any(|h| h == "1. Tiến độ đại hội"), "{h2:?}");
    assert!(h2.iter().any(|h| h == "3. Bài học kinh nghiệm"), "{h2:?}");
    // The opening paragraph comes first, as a body paragraph.
    match &d.blocks[0] {
        Block::Paragraph(p) => {
            assert!(p.indent && p.align.is_none());
            assert!(plain_text(&p.content).starts_with(
                "Thực hiện Kế hoạch số 64-KH/Th.U, ngày 06/6/2019 của Ban Thường vụ Thị ủy về"
            ));
            assert!(
                plain_text(&p.content).ends_with("Ban Thường vụ Thị ủy báo cáo kết quả như sau:")
            );
        }
        b => panic!("{b:?}"),
    }
}

#[test]
fn town_report_carries_every_figure_with_corrected_percentages() {
    let d = town("ky-anh-2019.yaml");
    let text = body_text(&d);
    for figure in [
        "32 tổ chức cơ sở Đảng (12 Đảng bộ xã, phường; 20 Đảng bộ, Chi bộ cơ quan trực thuộc)",
        "với 162 Chi bộ trực thuộc Đảng bộ cơ sở (121 chi bộ thôn",
        "với 41 chi bộ đảng bộ thuộc cơ quan",
        "4.283 đảng viên",
        "162/162 chi bộ",
        "đạt 100%",
        "485 cấp ủy viên, 162 bí thư, 162 Phó bí thư chi bộ",
        "có 23 đồng chí bí thư chi bộ mới ở cấp thôn",
        "24 đồng chí bí thư chi bộ không tái cử nhiệm kỳ mới, chiếm 32,43%",
        "20/74 đơn vị thực hiện bí thư Chi bộ đồng thời là thôn trưởng, tổ trưởng TDP (đạt 27,03%)",
        "Trong số 74 chi bộ có 11 bí thư, phó bí thư chi bộ là nữ, 24 chi bộ có Chi ủy viên là nữ chiếm 32,43%",
        "là 57 tuổi, Bí thư cao tuổi nhất 72 tuổi (sinh 1947); Bí thư trẻ tuổi nhất 26 tuổi (sinh 1993)",
        "thời gian hoàn thành trong tháng 9/2019",
    ] {
        assert!(text.contains(figure), "missing `{figure}`");
    }
    // The article's wrong percentages are not reproduced.
    assert!(!text.contains("31,51%"));
    assert!(!text.contains("32,88%"));
}

#[test]
fn town_report_has_the_three_footnotes_in_order() {
    let d = town("ky-anh-2019.yaml");
    assert_eq!(d.footnotes.len(), 3);
    for (i, f) in d.footnotes.iter().enumerate() {
        assert_eq!(f.number as usize, i + 1);
    }
    let note = |i: usize| plain_text(&d.footnotes[i].content[0].content);
    assert_eq!(
        note(0),
        "Trong số: 20 Đảng bộ, Chi bộ trực thuộc, gồm có: 6 Đảng bộ, 14 chi bộ trực thuộc Thị ủy; 1 Đảng bộ DN/6 Đảng bộ cơ quan, đơn vị; 4 chi bộ DN/14 chi bộ trực thuộc Thị ủy."
    );
    assert_eq!(
        note(1),
        "Có 7 Chi bộ có 5 cấp ủy viên; 10 Chi bộ không đủ đảng viên để bầu cử BCH Chi ủy, chỉ bầu Bí thư và Phó Bí thư Chi bộ."
    );
    assert!(note(2).starts_with("Đến nay chỉ còn có 10 đơn vị thuộc xã Kỳ Hưng, phường Kỳ Trinh"));
    // Marks in reading order, each after the text it explains.
    let mut refs = Vec::new();
    fn walk(blocks: &[Block], refs: &mut Vec<(u32, String)>) {
        for b in blocks {
            if let Block::Paragraph(p) = b {
                let mut before = String::new();
                for i in &p.content {
                    match i {
                        Inline::FootnoteRef(n) => refs.push((*n, before.clone())),
                        other => before.push_str(other.text()),
                    }
                }
            }
        }
    }
    walk(&d.blocks, &mut refs);
    assert_eq!(refs.iter().map(|r| r.0).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert!(refs[0].1.ends_with("Chi bộ cơ quan trực thuộc"));
    assert!(refs[1].1.ends_with("485 cấp ủy viên"));
    assert!(refs[2].1.ends_with("tháng 9/2019"));
}

#[test]
fn town_report_without_wards_has_no_annex() {
    let d = town("ky-anh-2019.yaml");
    assert!(!d.blocks.iter().any(|b| matches!(b, Block::Table(_))));
}

#[test]
fn annex_has_a_row_per_ward_and_a_total_row() {
    let data = load("mau-12-don-vi.yaml");
    let st = stats::derive(&data);
    let d = Engine::builtin().unwrap().render_town(&data, &st).unwrap();
    let i = d
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Section { landscape: true }))
        .expect("the annex (10 columns) starts on a new, landscape page");
    assert!(
        matches!(d.blocks[i - 1], Block::Closing),
        "the signature comes before the annex"
    );
    let Some(Block::Table(t)) = d.blocks[i..].iter().find(|b| matches!(b, Block::Table(_))) else {
        panic!("no annex table")
    };
    assert_eq!(
        plain_text(&t.caption),
        "Kết quả đại hội chi bộ trực thuộc đảng bộ cơ sở, nhiệm kỳ 2019 - 2022"
    );
    assert_eq!(t.columns.len(), 10);
    assert_eq!(t.header.len(), 1);
    assert_eq!(t.rows.len(), data.don_vi.len() + 1);
    let total = t.rows.last().unwrap();
    assert!(total.emphasis);
    assert!(t.rows[..t.rows.len() - 1].iter().all(|r| !r.emphasis));
    assert_eq!(plain_text(&total.cells[1]), "Tổng cộng");
    assert_eq!(
        plain_text(&total.cells[2]),
        st.thi_xa.so_chi_bo.unwrap().to_string()
    );
    // Rows in report order (thu_tu): the first ward is Sông Trí.
    assert_eq!(plain_text(&t.rows[0].cells[1]), "phường Sông Trí");
    let sum: u32 = t.rows[..t.rows.len() - 1]
        .iter()
        .map(|r| {
            plain_text(&r.cells[2])
                .replace('.', "")
                .parse::<u32>()
                .unwrap()
        })
        .sum();
    assert_eq!(Some(sum), st.thi_xa.so_chi_bo);
}

#[test]
fn ward_report_on_its_cells() {
    let data = load("mau-12-don-vi.yaml");
    let st = stats::derive(&data);
    let w = &data.don_vi[0];
    let d = Engine::builtin()
        .unwrap()
        .render_ward(&data, &st, &w.ma)
        .unwrap();
    let h = d.meta.header.as_ref().unwrap();
    assert_eq!(h.superior, "ĐẢNG BỘ THỊ XÃ KỲ ANH");
    assert_eq!(
        h.issuer,
        format!(
            "ĐẢNG ỦY {}",
            format!("{} {}", w.loai.label(), w.ten).to_uppercase()
        )
    );
    assert!(h.place_date.starts_with(&format!("{}, ngày ", w.ten)));
    assert_eq!(
        d.meta.closing.as_ref().unwrap().authority,
        vec!["T/M ĐẢNG ỦY"]
    );
    assert_eq!(headings(&d, 1).len(), 5);
    let f = &st.ward(&w.ma).unwrap().so_lieu;
    let text = body_text(&d);
    assert!(
        text.contains(&format!(
            "Có {}/{} chi bộ đã tiến hành đại hội",
            f.da_dai_hoi.as_ref().unwrap().num,
            f.da_dai_hoi.as_ref().unwrap().den
        )),
        "{text}"
    );
    assert!(text.contains(&format!("đã bầu {} cấp ủy viên", f.cap_uy_vien.unwrap())));
    // The table of cells: one row per cell plus the total.
    let Some(Block::Table(t)) = d.blocks.iter().find(|b| matches!(b, Block::Table(_))) else {
        panic!("no table of cells")
    };
    let cells = w.chi_bo.as_ref().unwrap();
    assert_eq!(t.rows.len(), cells.len() + 1);
    assert_eq!(
        plain_text(&t.rows[0].cells[1]).split(" (").next().unwrap(),
        cells[0].ten
    );
    assert!(t.rows.last().unwrap().emphasis);
}

#[test]
fn every_ward_renders() {
    let data = load("mau-12-don-vi.yaml");
    let st = stats::derive(&data);
    let e = Engine::builtin().unwrap();
    for w in &data.don_vi {
        e.render_ward(&data, &st, &w.ma)
            .unwrap_or_else(|err| panic!("{}: {err}", w.ma));
    }
    let err = e.render_ward(&data, &st, "khong-co").unwrap_err();
    assert!(err.to_string().contains("khong-co"), "{err}");
}

#[test]
fn new_tone_style_applies_to_the_whole_output() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/ky-anh-2019.yaml");
    let text = std::fs::read_to_string(path)
        .unwrap()
        .replace("kieu_dau: cu", "kieu_dau: moi");
    let data = data::load_str(&text, "moi.yaml").unwrap();
    let d = Engine::builtin()
        .unwrap()
        .render_town(&data, &stats::derive(&data))
        .unwrap();
    assert_eq!(d.meta.header.as_ref().unwrap().issuer, "THỊ UỶ KỲ ANH");
    let body = body_text(&d);
    assert!(body.contains("Ban Thường vụ Thị uỷ"));
    assert!(!body.contains("Thị ủy"));
    assert!(plain_text(&d.footnotes[2].content[0].content).contains("TDP Hoà Lộc"));
}

#[test]
fn engine_is_shared_across_threads() {
    let data = load("mau-12-don-vi.yaml");
    let st = stats::derive(&data);
    let e = Engine::builtin().unwrap();
    std::thread::scope(|s| {
        for w in &data.don_vi[..3] {
            let (e, data, st) = (&e, &data, &st);
            s.spawn(move || e.render_ward(data, st, &w.ma).unwrap());
        }
    });
}

const MINIMAL: &str = r#"
van_ban:
  co_quan: THỊ ỦY KỲ ANH
  so_ky_hieu: 01-BC/Th.U
  dia_danh: Kỳ Anh
  ngay: 2020-02-06
  trich_yeu: kết quả đại hội chi bộ
  nhiem_ky: 2019 - 2022
  nguoi_ky: { tm: T/M BAN THƯỜNG VỤ, chuc_vu: BÍ THƯ, ho_ten: Nguyễn Văn A }
dang_bo:
  ten: Đảng bộ thị xã Kỳ Anh
don_vi:
  - ma: ky-ha
    ten: Kỳ Hà
    loai: xa
    tong_hop: { so_chi_bo: 8, da_dai_hoi: 8, cap_uy_vien: 20, bi_thu: 8, pho_bi_thu: 8 }
  - ma: ky-hoa
    ten: Kỳ Hoa
    loai: xa
    tong_hop: { so_chi_bo: 4, da_dai_hoi: 3, cap_uy_vien: 9, bi_thu: 3, pho_bi_thu: 3 }
"#;

#[test]
fn minimal_data_with_ward_totals_only() {
    let data = data::load_str(MINIMAL, "toi-thieu.yaml").unwrap();
    let st = stats::derive(&data);
    let e = Engine::builtin().unwrap();
    let d = e.render_town(&data, &st).unwrap();
    let text = body_text(&d);
    assert!(text.contains("có 11/12 chi bộ"), "{text}");
    assert!(text.contains("đạt 91,67%"), "{text}");
    assert_eq!(
        d.meta.header.as_ref().unwrap().place_date,
        "Kỳ Anh, ngày 06 tháng 02 năm 2020"
    );
    // Sections keep their numbers even without narrative.
    let h2 = headings(&d, 2);
    assert_eq!(
        &h2[..3],
        [
            "1. Tiến độ đại hội",
            "2. Công tác chuẩn bị văn kiện, nhân sự",
            "3. Kết quả bầu cử"
        ]
    );
    // Annex rows sorted by Vietnamese collation (no thu_tu): Kỳ Hà before Kỳ Hoa.
    let Some(Block::Table(t)) = d.blocks.iter().find(|b| matches!(b, Block::Table(_))) else {
        panic!("no annex")
    };
    assert_eq!(plain_text(&t.rows[0].cells[1]), "xã Kỳ Hà");
    assert_eq!(plain_text(&t.rows[1].cells[1]), "xã Kỳ Hoa");
    assert_eq!(plain_text(&t.rows[2].cells[2]), "12");
    for w in ["ky-ha", "ky-hoa"] {
        let d = e.render_ward(&data, &st, w).unwrap();
        assert!(!d.blocks.iter().any(|b| matches!(b, Block::Table(_))));
    }
    let d = e.render_ward(&data, &st, "ky-hoa").unwrap();
    assert!(
        body_text(&d).contains("Có 3/4 chi bộ đã tiến hành đại hội nhiệm kỳ 2019 - 2022, đạt 75%.")
    );
}

#[test]
fn ward_election_sentence_lists_only_what_happened() {
    // Every ward of the 12-ward sample has a 5-member cell: a copy where
    // Kỳ Hà's two become 3-member ones makes the other branch run too.
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/mau-12-don-vi.yaml"),
    )
    .unwrap();
    let (head, rest) = text.split_at(text.find("  - ma: ky-ha\n").unwrap());
    let (ky_ha, tail) = rest.split_at(rest.find("  - ma: ky-hoa\n").unwrap());
    assert_eq!(ky_ha.matches("chi_uy_vien: 5\n").count(), 2);
    let edited = format!(
        "{head}{}{tail}",
        ky_ha.replace("chi_uy_vien: 5\n", "chi_uy_vien: 3\n")
    );
    let edited = data::load_str(&edited, "mau-12-ky-ha-3.yaml").unwrap();
    let (mut with_five, mut wards) = (0, 0);
    for data in [load("mau-12-don-vi.yaml"), edited] {
        with_five += ward_election_sentences(&data);
        wards += data.don_vi.len();
    }
    // Both branches ran.
    assert!(
        with_five > 0 && with_five < wards,
        "{with_five} of {wards} wards with a 5-member committee"
    );
}

/// Checks each ward's election sentence; returns how many wards have a
/// cell with a 5-member committee.
fn ward_election_sentences(data: &data::Dataset) -> usize {
    let st = stats::derive(data);
    let e = Engine::builtin().unwrap();
    let mut with_five = 0;
    for w in &data.don_vi {
        let f = &st.ward(&w.ma).unwrap().so_lieu;
        let text = body_text(&e.render_ward(data, &st, &w.ma).unwrap());
        let line = text
            .lines()
            .find(|l| l.starts_with("Đại hội các chi bộ đã bầu"))
            .unwrap_or_else(|| panic!("{}: no election sentence:\n{text}", w.ma));
        assert!(!line.contains(" 0 chi bộ"), "{line}");
        let n5 = f.chi_bo_5_cap_uy.unwrap();
        if n5 > 0 {
            with_five += 1;
            assert!(
                line.contains(&format!("; trong đó {n5} chi bộ bầu 5 chi ủy viên"))
                    || line.contains(&format!(", {n5} chi bộ bầu 5 chi ủy viên")),
                "{line}"
            );
        } else {
            assert!(!line.contains("bầu 5 chi ủy viên"), "{line}");
        }
    }
    with_five
}

#[test]
fn ward_report_takes_its_number_and_signer_from_the_ward_block() {
    let data = load("mau-12-don-vi.yaml");
    let st = stats::derive(&data);
    let d = Engine::builtin()
        .unwrap()
        .render_ward(&data, &st, "ky-lien")
        .unwrap();
    let h = d.meta.header.as_ref().unwrap();
    assert_eq!(h.number, "Số 15-BC/ĐU");
    assert_eq!(h.issuer, "ĐẢNG ỦY PHƯỜNG KỲ LIÊN");
    assert_eq!(h.place_date, "Kỳ Liên, ngày 20 tháng 8 năm 2019");
    let c = d.meta.closing.as_ref().unwrap();
    assert_eq!(c.signer, "Hoàng Văn E");
    assert_eq!(c.authority, ["T/M ĐẢNG ỦY"]);
    assert_eq!(c.recipients.last().unwrap(), "- Lưu Văn phòng Đảng ủy.");
}
