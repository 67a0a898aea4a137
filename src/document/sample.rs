//! A representative document built in code, for the writers' tests and
//! benchmarks: the official header and closing blocks, headings of three
//! levels, justified paragraphs with styled runs, footnotes (one long), a
//! list, a table with a total row and an image with a caption. Its wording
//! follows the sample report; figures are the article's.

use super::image::ImageFile;

use super::checked::Settings;
use super::model::*;

/// The PNG used by the sample image (160 x 100 px).
pub static SAMPLE_PNG: &[u8] = include_bytes!("../../tests/fixtures/anh-mau.png");

fn run(text: &str) -> Inline {
    Inline::Text {
        text: text.to_string(),
        style: TextStyle::default(),
    }
}

fn styled(text: &str, bold: bool, italic: bool, underline: bool) -> Inline {
    Inline::Text {
        text: text.to_string(),
        style: TextStyle {
            bold,
            italic,
            underline,
            superscript: false,
        },
    }
}

fn body(content: Vec<Inline>) -> Block {
    Block::Paragraph(Paragraph {
        content,
        align: None,
        indent: true,
    })
}

fn heading(level: u8, text: &str) -> Block {
    Block::Heading {
        level,
        content: vec![run(text)],
    }
}

fn note(text: &str) -> Paragraph {
    Paragraph {
        content: vec![run(text)],
        align: None,
        indent: false,
    }
}

/// The sample document; `filler` extra body paragraphs make it longer
/// (use them to push a footnote mark to the foot of a page).
pub fn report(filler: usize) -> Document {
    let mut blocks = vec![
        body(vec![run(
            "Thực hiện Kế hoạch số 64-KH/Th.U, ngày 06/6/2019 của Ban Thường vụ Thị ủy về đại hội chi bộ trực thuộc đảng bộ cơ sở, nhiệm kỳ 2019 - 2022, Ban Thường vụ Thị ủy báo cáo kết quả như sau:",
        )]),
        heading(1, "I- ĐẶC ĐIỂM TÌNH HÌNH"),
        body(vec![
            run("Đảng bộ thị xã Kỳ Anh hiện có 32 tổ chức cơ sở đảng (12 Đảng bộ xã, phường; 20 Đảng bộ, Chi bộ cơ quan trực thuộc"),
            Inline::FootnoteRef(1),
            run("); với 162 Chi bộ trực thuộc Đảng bộ cơ sở. Toàn Đảng bộ thị xã đến nay có "),
            styled("4.283", true, false, false),
            run(" đảng viên."),
        ]),
        heading(1, "II- CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO VÀ CHUẨN BỊ ĐẠI HỘI"),
        body(vec![run(
            "Đoàn công tác chỉ đạo theo Quyết định 360-QĐ/Th.U của Ban Thường vụ Thị ủy đã phân công các thành viên của Đoàn trực tiếp theo dõi, chỉ đạo và tham dự đại hội chi bộ nơi địa bàn phụ trách.",
        )]),
    ];
    for i in 0..filler {
        blocks.push(body(vec![run(&format!(
            "Đoạn bổ sung {}: các chi bộ xây dựng Báo cáo chính trị đã nêu rõ những kết quả đã đạt được; hạn chế, tồn tại và nguyên nhân, nhất là nguyên nhân chủ quan, từ đó rút ra những bài học kinh nghiệm sâu sắc cho nhiệm kỳ tới.",
            i + 1
        ))]));
    }
    blocks.extend([
        heading(1, "III- KẾT QUẢ ĐẠI HỘI"),
        heading(2, "1. Tiến độ đại hội"),
        body(vec![run(
            "Đến ngày 15/8/2019, có 162/162 chi bộ đã tổ chức xong đại hội, đạt 100%.",
        )]),
        heading(2, "2. Kết quả bầu cử"),
        heading(3, "a) Cấp ủy viên"),
        body(vec![
            run("Đại hội các chi bộ đã bầu tổng số 485 cấp ủy viên"),
            Inline::FootnoteRef(2),
            run(", 162 bí thư, 162 phó bí thư chi bộ; "),
            styled("20/74", false, true, false),
            run(" đơn vị thực hiện bí thư chi bộ đồng thời là thôn trưởng, tổ trưởng TDP (đạt "),
            styled("27,03%", false, false, true),
            run(")."),
            Inline::LineBreak,
            run("Dòng mới sau ngắt dòng; chỉ số trên: m"),
            Inline::Text {
                text: "2".into(),
                style: TextStyle {
                    superscript: true,
                    ..TextStyle::default()
                },
            },
            run("."),
        ]),
        heading(1, "IV- ĐÁNH GIÁ CHUNG"),
        Block::List(List {
            ordered: true,
            start: 1,
            items: vec![
                vec![Block::Paragraph(note(
                    "Hết sức coi trọng công tác quán triệt, tuyên truyền.",
                ))],
                vec![Block::Paragraph(note(
                    "Công tác chuẩn bị phải toàn diện các nội dung.",
                ))],
            ],
        }),
        Block::List(List {
            ordered: false,
            start: 1,
            items: vec![vec![Block::Paragraph(note(
                "Tập trung cho kiện toàn Thôn trưởng/Tổ trưởng TDP những nơi chưa làm",
            ))]],
        }),
        body(vec![
            run("Thời gian hoàn thành trong tháng 9/2019"),
            Inline::FootnoteRef(3),
            run("."),
        ]),
        Block::Image(Image {
            file: ImageFile::new(SAMPLE_PNG.to_vec()).expect("the sample image is valid"),
            width_mm: Some(60.0),
            caption: vec![styled("Ảnh minh họa (dữ liệu mẫu)", false, true, false)],
            alt: "Ảnh minh họa".into(),
        }),
        Block::PageBreak,
        Block::Table(Table {
            columns: vec![
                Column {
                    width: 1.0,
                    align: Align::Center,
                },
                Column {
                    width: 4.0,
                    align: Align::Left,
                },
                Column {
                    width: 2.0,
                    align: Align::Right,
                },
                Column {
                    width: 2.0,
                    align: Align::Right,
                },
            ],
            header: vec![Row {
                cells: vec![
                    vec![run("TT")],
                    vec![run("Đơn vị")],
                    vec![run("Chi bộ")],
                    vec![run("Đã đại hội")],
                ],
                emphasis: false,
            }],
            rows: (1..=12)
                .map(|i| Row {
                    cells: vec![
                        vec![run(&i.to_string())],
                        vec![run(&format!("Đơn vị mẫu {i}"))],
                        vec![run("10")],
                        vec![run("10")],
                    ],
                    emphasis: false,
                })
                .chain([Row {
                    cells: vec![
                        vec![],
                        vec![run("Tổng cộng")],
                        vec![run("120")],
                        vec![run("120")],
                    ],
                    emphasis: true,
                }])
                .collect(),
            caption: vec![styled(
                "Biểu tổng hợp kết quả đại hội chi bộ",
                true,
                false,
                false,
            )],
        }),
    ]);
    Document {
        meta: Meta {
            title: "Báo cáo kết quả đại hội chi bộ trực thuộc đảng bộ cơ sở, nhiệm kỳ 2019 - 2022".into(),
            author: "Thị ủy Kỳ Anh".into(),
            subject: "kết quả đại hội chi bộ trực thuộc đảng bộ cơ sở, nhiệm kỳ 2019 - 2022".into(),
            date: Date { year: 2019, month: 8, day: 15 },
            language: "vi-VN".into(),
            header: Some(OfficialHeader {
                superior: "ĐẢNG BỘ TỈNH HÀ TĨNH".into(),
                issuer: "THỊ ỦY KỲ ANH".into(),
                number: "Số 05-BC/Th.U".into(),
                motto: "ĐẢNG CỘNG SẢN VIỆT NAM".into(),
                place_date: "Kỳ Anh, ngày 15 tháng 8 năm 2019".into(),
                kind: "BÁO CÁO".into(),
                summary: vec![
                    "kết quả đại hội chi bộ trực thuộc đảng bộ cơ sở,".into(),
                    "nhiệm kỳ 2019 - 2022".into(),
                ],
                separator: "-----".into(),
            }),
            closing: Some(Closing {
                recipients_label: "Nơi nhận:".into(),
                recipients: vec![
                    "- Ban Tổ chức Tỉnh ủy,".into(),
                    "- Thường trực Thị ủy,".into(),
                    "- Các đảng ủy trực thuộc,".into(),
                    "- Lưu Văn phòng Thị ủy.".into(),
                ],
                authority: vec!["T/M BAN THƯỜNG VỤ".into()],
                title: vec!["BÍ THƯ".into()],
                signer: "Nguyễn Văn A".into(),
            }),
        },
        settings: Settings::builtin(),
        blocks,
        footnotes: vec![
            Footnote {
                number: 1,
                content: vec![note("Trong số 20 Đảng bộ, Chi bộ trực thuộc, gồm có: 6 Đảng bộ, 14 chi bộ trực thuộc Thị ủy.")],
            },
            Footnote {
                number: 2,
                content: vec![note("Có 7 Chi bộ có 5 cấp ủy viên; 10 Chi bộ không đủ đảng viên để bầu cử BCH Chi ủy, chỉ bầu Bí thư và Phó Bí thư Chi bộ.")],
            },
            Footnote {
                number: 3,
                content: vec![note("Đến nay chỉ còn có 10 đơn vị thuộc xã Kỳ Hưng, phường Kỳ Trinh chưa kiện toàn BCS thôn, Thôn trưởng, Tổ trưởng tổ dân phố (Trừ TDP Hòa Lộc đã kiện toàn).")],
            },
        ],
        warnings: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sample_footnotes_are_numbered_in_order_and_all_referenced() {
        let d = super::report(0);
        for (i, f) in d.footnotes.iter().enumerate() {
            assert_eq!(f.number as usize, i + 1);
        }
        let dbg = format!("{:?}", d.blocks);
        for n in 1..=3 {
            assert!(dbg.contains(&format!("FootnoteRef({n})")));
        }
    }
}
