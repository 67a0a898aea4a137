//! Figures a reader adds up: every total row of a report's tables equals the
//! sum of its column, and after-congress ratios count only cells that held
//! their congress, with the denominator said in the text.

use baocao::data::{load_str, Dataset};
use baocao::stats::{derive, Stats};
use baocao::template::Engine;

const MAU: &str = include_str!("../data/mau-12-don-vi.yaml");

/// A commune unlike the samples: cells without a committee (secretary and
/// deputy only), a school, a merged cell with two former secretaries, and
/// two village cells that have not held their congress yet.
const XA: &str = r#"# Invented test data.
van_ban:
  co_quan: HUYỆN ỦY MẪU
  so_ky_hieu: 01-BC/HU
  dia_danh: Mẫu
  ngay: 2025-06-30
  trich_yeu: kết quả đại hội chi bộ
  nhiem_ky: 2025 - 2027
  nguoi_ky: { tm: T/M BAN THƯỜNG VỤ, chuc_vu: BÍ THƯ, ho_ten: Nguyễn Văn A }
dang_bo:
  ten: Đảng bộ huyện Mẫu
don_vi:
  - ma: dong-tam
    ten: Đồng Tâm
    loai: xa
    chi_bo:
      - ten: Thôn Một
        loai: thon
        dang_vien: 7
        dang_vien_chinh_thuc: 7
        ngay_dai_hoi: 2025-04-02
        chi_uy_vien: 0
        nu_cap_uy: 1
        bi_thu: { ho_ten: Lê Văn C, gioi_tinh: nam, nam_sinh: 1960, tai_cu: false }
        pho_bi_thu: { ho_ten: Trần Thị D, gioi_tinh: nu, nam_sinh: 1980 }
      - ten: Thôn Hai
        loai: thon
        dang_vien: 1204
        dang_vien_chinh_thuc: 1200
        ngay_dai_hoi: 2025-04-03
        sap_nhap: true
        so_bi_thu_cu: 2
        chi_uy_vien: 7
        nu_cap_uy: 2
        bi_thu: { ho_ten: Phạm Văn E, gioi_tinh: nam, nam_sinh: 1970, tai_cu: true, kiem_truong_thon: true }
        pho_bi_thu: { ho_ten: Võ Thị G, gioi_tinh: nu, nam_sinh: 1985 }
      - ten: Trường Tiểu học
        loai: truong_hoc
        dang_vien: 8
        dang_vien_chinh_thuc: 8
        ngay_dai_hoi: 2025-04-04
        chi_uy_vien: 0
        bi_thu: { ho_ten: Hồ Văn H, gioi_tinh: nam, nam_sinh: 1975 }
        pho_bi_thu: { ho_ten: Đặng Văn K, gioi_tinh: nam, nam_sinh: 1982 }
      - ten: Thôn Ba
        loai: thon
        dang_vien: 11
        dang_vien_chinh_thuc: 10
        chi_uy_vien: 0
      - ten: Thôn Bốn
        loai: thon
        dang_vien: 12
        dang_vien_chinh_thuc: 12
        so_bi_thu_cu: 2
        chi_uy_vien: 0
"#;

fn load(text: &str) -> (Dataset, Stats) {
    let d = load_str(text, "t.yaml").unwrap_or_else(|e| panic!("{e}"));
    let s = derive(&d);
    (d, s)
}

/// A table cell as a whole number ("1.216" -> 1216, "" -> 0), if it is one.
fn number(cell: &str) -> Option<u64> {
    let t = cell.trim().trim_matches('*').trim();
    if t.is_empty() {
        return Some(0);
    }
    // Values are escaped as data in the markup ("1\\.204").
    let t = t.replace(['\\', '.'], "");
    t.parse().ok()
}

/// Every pipe table in `markup` whose last row is a total (`{.total}`):
/// each column whose total and rows are all whole numbers must add up.
/// Returns how many columns were checked.
fn check_totals(markup: &str, what: &str) -> usize {
    let mut checked = 0;
    let mut rows: Vec<Vec<String>> = Vec::new();
    for line in markup.lines() {
        let line = line.trim();
        if !line.starts_with('|') {
            rows.clear();
            continue;
        }
        if line.chars().all(|ch| "-:| ".contains(ch)) {
            rows.clear(); // the delimiter row: what came before was the header
            continue;
        }
        let cells: Vec<String> = line
            .trim_matches('|')
            .split('|')
            .map(|c| c.trim().to_string())
            .collect();
        if !line.contains("{.total}") {
            rows.push(cells);
            continue;
        }
        assert!(!rows.is_empty(), "{what}: a total row without rows");
        for (col, total) in cells.iter().enumerate() {
            if total.contains("{.total}") || total.is_empty() {
                continue;
            }
            let Some(total) = number(total) else { continue };
            let values: Option<Vec<u64>> = rows
                .iter()
                .map(|r| r.get(col).and_then(|c| number(c)))
                .collect();
            let Some(values) = values else { continue };
            let sum: u64 = values.iter().sum();
            assert_eq!(
                sum, total,
                "{what}: column {col} adds up to {sum}, its total row says {total}\n{markup}"
            );
            checked += 1;
        }
        rows.clear();
    }
    checked
}

#[test]
fn every_ward_cell_table_adds_up() {
    let engine = Engine::builtin().unwrap();
    for text in [MAU, XA] {
        let (d, s) = load(text);
        for w in &d.don_vi {
            let m = engine.render_markup_ward(&d, &s, &w.ma).unwrap();
            // Members and committee members at least.
            let n = check_totals(&m, &w.ma);
            assert!(n >= 2, "{}: only {n} columns checked\n{m}", w.ma);
        }
    }
}

#[test]
fn a_cell_without_a_committee_shows_its_secretary_and_deputy_as_its_members() {
    let engine = Engine::builtin().unwrap();
    let (d, s) = load(XA);
    let m = engine.render_markup_ward(&d, &s, "dong-tam").unwrap();
    let row = m
        .lines()
        .find(|l| l.starts_with('|') && l.contains("Thôn Một"))
        .unwrap();
    assert!(row.contains("| 2 |"), "{row}");
    // Not yet held: nobody elected.
    let row = m
        .lines()
        .find(|l| l.starts_with('|') && l.contains("Thôn Ba"))
        .unwrap();
    assert!(
        row.contains("chưa đại hội") && !row.contains("| 2 |"),
        "{row}"
    );
    let total = m.lines().find(|l| l.contains("{.total}")).unwrap();
    assert!(total.contains("| 11 |"), "2 + 7 + 2 + 0 + 0 = 11: {total}");
}

#[test]
fn the_town_annex_adds_up() {
    let engine = Engine::builtin().unwrap();
    for text in [MAU, XA] {
        let (d, s) = load(text);
        let m = engine.render_markup_town(&d, &s).unwrap();
        assert!(check_totals(&m, "town") >= 5, "{m}");
    }
}

#[test]
fn after_congress_ratios_count_only_cells_that_held_their_congress() {
    let (_, s) = load(XA);
    let t = &s.don_vi[0].so_lieu.thon_tdp;
    assert_eq!(t.so_chi_bo, Some(4));
    assert_eq!(t.da_dai_hoi, Some(2));
    // Thôn Hai: 2 former secretaries, one re-elected; Thôn Một's former
    // secretary not re-elected. Thôn Ba and Thôn Bốn (3 former secretaries)
    // have not voted: they are not "không tái cử".
    let nd = |r: &Option<baocao::stats::Ratio>| r.as_ref().map(|r| (r.num, r.den));
    assert_eq!(nd(&t.khong_tai_cu), Some((2, 2)));
    assert_eq!(nd(&t.kiem_truong_thon), Some((1, 2)));
    assert_eq!(nd(&t.chi_bo_co_nu_cap_uy), Some((2, 2)));
    assert_eq!(t.bi_thu_moi, Some(1));
    // The town sums the same way.
    assert_eq!(s.thi_xa.thon_tdp.da_dai_hoi, Some(2));
    assert_eq!(nd(&s.thi_xa.thon_tdp.khong_tai_cu).unwrap().1, 2);
}

#[test]
fn the_text_says_the_denominator_when_some_cells_have_not_held_their_congress() {
    let engine = Engine::builtin().unwrap();
    let (d, s) = load(XA);
    // (Figures are escaped as data in the markup: "100\\%".)
    let ward = engine
        .render_markup_ward(&d, &s, "dong-tam")
        .unwrap()
        .replace('\\', "");
    assert!(
        ward.contains("chiếm 100% (trên 2 chi bộ đã đại hội)"),
        "{ward}"
    );
    let town = engine.render_markup_town(&d, &s).unwrap().replace('\\', "");
    assert!(
        town.contains("chiếm 100% (trên 2 chi bộ thôn, TDP đã đại hội)"),
        "{town}"
    );
    assert!(town.contains("Trong số 2 chi bộ đã đại hội có"), "{town}");
    // All held: the sample's wording is unchanged.
    let (d, s) = load(MAU);
    let town = engine.render_markup_town(&d, &s).unwrap();
    assert!(!town.contains("đã đại hội)"), "{town}");
}
