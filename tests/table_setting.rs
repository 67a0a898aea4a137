//! Tables read as a person would set them, in both formats: a total row
//! ("Tổng cộng", "Cộng") never starts a page alone, and a long text column
//! is not wrapped over three lines while its neighbours have room to spare.

mod pdf_support;

use std::io::{Cursor, Read};

use baocao::data;
use baocao::stats;
use baocao::template::Engine;
use baocao::{docx, pdf};

/// An invented huyện with `n` communes (some with long names) on totals.
fn huyen(n: usize) -> String {
    let mut y = String::from(
        "van_ban:
  cap_tren: ĐẢNG BỘ TỈNH MẪU
  co_quan: HUYỆN ỦY MẪU LÂM
  so_ky_hieu: 1-BC/HU
  dia_danh: Mẫu Lâm
  ngay: 2022-08-20
  trich_yeu: kết quả đại hội chi bộ
  nhiem_ky: 2022 - 2025
  nguoi_ky: { tm: T/M BAN THƯỜNG VỤ, chuc_vu: BÍ THƯ, ho_ten: Lê Văn Mẫu }
dang_bo: { ten: Đảng bộ huyện Mẫu Lâm, cap: huyen }
don_vi:
",
    );
    for i in 1..=n {
        let name = if i % 3 == 0 {
            format!("Mẫu Xã Số {i} Có Tên Rất Dài Để Xuống Dòng")
        } else {
            format!("Mẫu {i}")
        };
        y.push_str(&format!(
            "  - {{ ma: u{i}, ten: {name}, loai: xa, tong_hop: {{ so_chi_bo: {}, da_dai_hoi: {}, cap_uy_vien: 30, bi_thu: {}, pho_bi_thu: {} }} }}\n",
            10 + i, 10 + i, 10 + i, 10 + i
        ));
    }
    y
}

#[test]
fn a_total_row_never_starts_a_page_alone() {
    let e = Engine::builtin().unwrap();
    let mut checked = 0;
    // From one annex page to two: somewhere the total row falls at a page top.
    for n in 10..=40 {
        let d = data::load_str(&huyen(n), "h.yaml").unwrap();
        let st = stats::derive(&d);
        let doc = e.render_town(&d, &st).unwrap();
        let pages = pdf_support::extract(&pdf::render(&doc).unwrap().bytes);
        let page = pages
            .iter()
            .find(|p| p.text().contains("Tổng cộng"))
            .expect("a total row");
        let rows = page.text().matches("xã Mẫu").count();
        assert!(
            rows >= 2,
            "{n} communes: the total row with {rows} rows above it"
        );
        checked += 1;
        // The DOCX: the two rows above the total keep with the next.
        let bytes = docx::render(&doc).unwrap().bytes;
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        z.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        let annex = xml.split("Tổng cộng").next().unwrap();
        // The last piece is the start of the total row itself.
        let rows: Vec<&str> = annex.split("<w:tr>").collect();
        let last_two = &rows[rows.len() - 3..rows.len() - 1];
        assert!(
            last_two.iter().all(|r| r.contains("<w:keepNext")),
            "{n} communes: rows above the total do not keep with it"
        );
        let third = rows[rows.len() - 4];
        assert!(
            !third.contains("<w:keepNext"),
            "{n}: only the two rows above keep"
        );
    }
    assert_eq!(checked, 31);
}

#[test]
fn a_long_cell_name_wraps_least() {
    // The appointed-committee case: "Các cơ quan Đảng xã (lần thứ nhất)"
    // took three lines in a narrow column while the names had room.
    let text = "van_ban:
  cap_tren: ĐẢNG BỘ TỈNH MẪU
  co_quan: ĐẢNG ỦY XÃ MẪU SƠN
  so_ky_hieu: 1-BC/ĐU
  dia_danh: Mẫu Sơn
  ngay: 2025-08-10
  trich_yeu: kết quả đại hội chi bộ
  nhiem_ky: 2025 - 2030
  nguoi_ky: { tm: T/M ĐẢNG ỦY, chuc_vu: BÍ THƯ, ho_ten: Lê Văn Mẫu }
dang_bo:
  ten: Đảng bộ xã Mẫu Sơn
  cap: xa
  chi_bo_truc_thuoc:
    - { ten: Thôn Đông, loai: thon, dang_vien: 30, dang_vien_chinh_thuc: 30, ngay_dai_hoi: 2025-07-25, chi_uy_vien: 5, nu_cap_uy: 1, hinh_thuc: chi_dinh, lan_thu_nhat: true, bi_thu: { ho_ten: Nguyễn Văn Đông, gioi_tinh: nam, nam_sinh: 1970, tai_cu: true }, pho_bi_thu: { ho_ten: Trần Thị Đông, gioi_tinh: nu, nam_sinh: 1985, tai_cu: false } }
    - { ten: Các cơ quan Đảng xã, loai: co_quan, dang_vien: 40, dang_vien_chinh_thuc: 40, ngay_dai_hoi: 2025-07-28, chi_uy_vien: 5, nu_cap_uy: 1, hinh_thuc: chi_dinh, lan_thu_nhat: true, bi_thu: { ho_ten: Nguyễn Văn Xã, gioi_tinh: nam, nam_sinh: 1970, tai_cu: true }, pho_bi_thu: { ho_ten: Trần Thị Xã, gioi_tinh: nu, nam_sinh: 1985, tai_cu: false } }
";
    let d = data::load_str(text, "x.yaml").unwrap();
    let st = stats::derive(&d);
    let doc = Engine::builtin().unwrap().render_town(&d, &st).unwrap();
    let pages = pdf_support::extract(&pdf::render(&doc).unwrap().bytes);
    let all: Vec<String> = pages
        .iter()
        .flat_map(|p| p.runs.iter().map(|r| r.text.trim().to_string()))
        .collect();
    // The cell's text is drawn as one run per line: at most two lines.
    let i = all
        .iter()
        .position(|t| t.starts_with("Các cơ quan"))
        .expect("the cell");
    let mut lines = 1;
    let mut joined = all[i].clone();
    while !joined.contains("nhất)") {
        lines += 1;
        joined.push(' ');
        joined.push_str(&all[i + lines - 1]);
    }
    assert!(lines <= 2, "{lines} lines: {joined}");
}
