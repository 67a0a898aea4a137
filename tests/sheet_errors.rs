//! One test per kind of workbook error: each names the workbook, the
//! sheet, the cell and its column header (or row label), Vietnamese first,
//! with a suggestion where the YAML reader gives one.

mod cli_support;
mod sheet_support;

use baocao::data::{load_file, sheet::cell::column_letters, sheet::Grid, sheet::Raw};
use sheet_support::*;

/// The 12-unit sample's sheets, changed by `edit`, loaded from a CSV
/// folder and from an xlsx file: both must fail with the same message
/// (after the file name); it is returned.
fn error(edit: impl Fn(&mut Vec<Grid>)) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut grids = sample_grids("data/mau-12-don-vi.yaml", dir.path());
    edit(&mut grids);
    let csv = dir.path().join("du-lieu");
    write_csv(&csv, &grids);
    let xlsx = dir.path().join("du-lieu.xlsx");
    write_xlsx(&xlsx, &grids, |_, _| {});
    let fail = |p: &std::path::Path| match load_file(p) {
        Ok(_) => panic!("{} must fail", p.display()),
        Err(e) => e.to_string(),
    };
    let (a, b) = (fail(&csv), fail(&xlsx));
    let strip = |s: &str, p: &std::path::Path| s.replacen(&p.display().to_string(), "FILE", 1);
    assert_eq!(strip(&a, &csv), strip(&b, &xlsx), "CSV and xlsx differ");
    assert!(b.starts_with(&format!("{}: trang ", xlsx.display())), "{b}");
    strip(&b, &xlsx)
}

/// The A1 name of data row `i` (1-based) in the column headed `header`.
fn at(grids: &[Grid], sheet: &str, header: &str, i: usize) -> String {
    let g = grids.iter().find(|g| g.name == sheet).unwrap();
    format!("{}{}", column_letters(col(g, header) as u32), i + 1)
}

fn cell_of(sheet: &str, header: &str, i: usize) -> String {
    let dir = tempfile::tempdir().unwrap();
    let grids = sample_grids("data/mau-12-don-vi.yaml", dir.path());
    at(&grids, sheet, header, i)
}

fn set(
    sheet: &'static str,
    header: &'static str,
    i: usize,
    v: &'static str,
) -> impl Fn(&mut Vec<Grid>) {
    move |grids| {
        let g = grid(grids, sheet);
        let c = col(g, header);
        put(g, i, c, if v.is_empty() { Raw::Empty } else { text(v) });
    }
}

#[test]
fn a_bad_number_names_sheet_cell_and_column() {
    let e = error(set("chi_bo", "Số đảng viên", 12, "tám"));
    let cell = cell_of("chi_bo", "Số đảng viên", 12);
    assert_eq!(
        e,
        format!("FILE: trang chi_bo, ô {cell} (cột \"Số đảng viên\"): `tám` không phải số nguyên (not a whole number)")
    );
}

#[test]
fn a_bad_birth_year_date_choice_and_yes_no() {
    let e = error(set("chi_bo", "Năm sinh bí thư", 3, "1965a"));
    assert!(
        e.contains(&format!(
            "ô {} (cột \"Năm sinh bí thư\")",
            cell_of("chi_bo", "Năm sinh bí thư", 3)
        )),
        "{e}"
    );
    let e = error(set("chi_bo", "Ngày đại hội", 4, "32/8/2019"));
    assert!(
        e.contains("(cột \"Ngày đại hội\"): ngày 32 không có trong tháng 8/2019"),
        "{e}"
    );
    let e = error(set("chi_bo", "Ngày đại hội", 4, "hôm qua"));
    assert!(
        e.contains("ngày `hôm qua` không đúng dạng ngày/tháng/năm"),
        "{e}"
    );
    let e = error(set("chi_bo", "Loại chi bộ", 2, "Thôn xóm"));
    assert!(
        e.contains(
            "(cột \"Loại chi bộ\"): `Thôn xóm` không có trong danh sách: \"Thôn\", \"Tổ dân phố\""
        ),
        "{e}"
    );
    let e = error(set("chi_bo", "Bí thư tái cử", 2, "có lẽ"));
    assert!(
        e.contains("(cột \"Bí thư tái cử\"): `có lẽ`: cần \"có\" hoặc \"không\""),
        "{e}"
    );
    let e = error(|grids| {
        let g = grid(grids, "van_ban");
        let r = form_row(g, "Ngày báo cáo");
        g.rows[r][1] = text("20.13.2019");
    });
    let row = {
        let dir = tempfile::tempdir().unwrap();
        let mut grids = sample_grids("data/mau-12-don-vi.yaml", dir.path());
        form_row(grid(&mut grids, "van_ban"), "Ngày báo cáo") + 1
    };
    assert_eq!(
        e,
        format!("FILE: trang van_ban, ô B{row} (mục \"Ngày báo cáo\"): tháng 13 không hợp lệ")
    );
}

#[test]
fn an_unknown_column_header_suggests_the_nearest() {
    let e = error(set("chi_bo", "Năm sinh bí thư", 0, "Nam sinh bi thu"));
    let cell = cell_of("chi_bo", "Năm sinh bí thư", 0);
    assert_eq!(
        e,
        format!("FILE: trang chi_bo, ô {cell} (cột \"Nam sinh bi thu\"): tiêu đề cột không có trong mẫu (unknown column header) (có phải `Năm sinh bí thư`?)")
    );
}

#[test]
fn an_unknown_ward_id_suggests_the_nearest() {
    let e = error(set("chi_bo", "Mã đơn vị", 5, "ky-lienn"));
    assert!(
        e.contains(&format!(
            "ô {} (cột \"Mã đơn vị\"): mã đơn vị `ky-lienn` không có ở trang don_vi",
            cell_of("chi_bo", "Mã đơn vị", 5)
        )),
        "{e}"
    );
    assert!(e.ends_with("(có phải `ky-lien`?)"), "{e}");
    let e = error(set("chi_bo", "Mã đơn vị", 5, ""));
    assert!(e.contains("thiếu mã đơn vị"), "{e}");
}

#[test]
fn a_missing_required_value_names_its_cell() {
    let e = error(set("chi_bo", "Tên chi bộ", 7, ""));
    let cell = cell_of("chi_bo", "Tên chi bộ", 7);
    assert_eq!(
        e,
        format!(
            "FILE: trang chi_bo, ô {cell} (cột \"Tên chi bộ\"): thiếu giá trị bắt buộc (required)"
        )
    );
    // A secretary's sex without the name: the missing cell of that row.
    let e = error(set("chi_bo", "Họ tên bí thư", 2, ""));
    assert!(
        e.contains(&format!(
            "ô {} (cột \"Họ tên bí thư\"): thiếu giá trị bắt buộc",
            cell_of("chi_bo", "Họ tên bí thư", 2)
        )),
        "{e}"
    );
}

#[test]
fn a_missing_column_row_or_sheet_is_named() {
    let e = error(|grids| {
        let g = grid(grids, "chi_bo");
        let c = col(g, "Loại chi bộ");
        for row in &mut g.rows {
            if row.len() > c {
                row.remove(c);
            }
        }
    });
    assert!(
        e.contains("trang chi_bo (cột \"Loại chi bộ\"): dòng 2: thiếu cột bắt buộc"),
        "{e}"
    );
    let e = error(|grids| {
        let g = grid(grids, "van_ban");
        let r = form_row(g, "Cơ quan ban hành");
        g.rows.remove(r);
    });
    assert_eq!(
        e,
        "FILE: trang van_ban (mục \"Cơ quan ban hành\"): thiếu mục bắt buộc (missing row)"
    );
    let e = error(|grids| grids.retain(|g| g.name != "dang_bo"));
    assert!(
        e.starts_with("FILE: trang dang_bo: thiếu trang bắt buộc; các trang có: "),
        "{e}"
    );
}

#[test]
fn form_sheet_labels_unknown_duplicate_or_missing() {
    let e = error(|grids| {
        let g = grid(grids, "van_ban");
        let r = form_row(g, "Ngày báo cáo");
        g.rows[r][0] = text("Ngày bao cao");
    });
    assert!(e.contains("(mục \"Ngày bao cao\"): tên mục không có trong mẫu (unknown label) (có phải `Ngày báo cáo`?)"), "{e}");
    let e = error(|grids| {
        let g = grid(grids, "van_ban");
        let n = g.rows.len();
        put(g, n, 0, text("Trích yếu"));
        put(g, n, 1, text("lần hai"));
    });
    assert!(
        e.contains("(mục \"Trích yếu\"): mục lặp lại, đã có ở ô B"),
        "{e}"
    );
    let e = error(|grids| {
        let g = grid(grids, "van_ban");
        let r = form_row(g, "Ngày báo cáo");
        g.rows[r][0] = Raw::Empty;
    });
    assert!(e.contains("giá trị không có tên mục"), "{e}");
}

#[test]
fn a_misnamed_sheet_a_duplicate_column_and_a_headerless_column() {
    let e = error(|grids| grid(grids, "chi_bo").name = "chi_boo".into());
    assert!(
        e.starts_with(
            "FILE: trang chi_boo: tên trang không đúng: trang có dữ liệu nhưng sẽ không được đọc"
        ) && e.ends_with("(unknown sheet name) (có phải `chi_bo`?)"),
        "{e}"
    );
    let e = error(|grids| {
        let g = grid(grids, "chi_bo");
        let n = g.rows[0].len();
        put(g, 0, n, text("Số đảng viên"));
    });
    assert!(
        e.contains("(cột \"Số đảng viên\"): cột lặp lại, đã có ở ô "),
        "{e}"
    );
    let e = error(|grids| {
        let g = grid(grids, "don_vi");
        let n = g.rows[0].len() + 2;
        put(g, 3, n, text("ghi chú lạc"));
    });
    assert!(e.contains("ô có dữ liệu nhưng cột không có tiêu đề"), "{e}");
}

#[test]
fn a_control_character_is_refused_at_its_cell() {
    let e = error(set("chi_bo", "Tên chi bộ", 2, "Thôn\u{7}Một"));
    assert!(
        e.contains("(cột \"Tên chi bộ\"): ký tự điều khiển U+0007"),
        "{e}"
    );
}

#[test]
fn not_a_workbook_and_the_cli_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("du-lieu.xlsx");
    std::fs::write(&fake, "van_ban: {}\n").unwrap();
    let e = load_file(&fake).unwrap_err().to_string();
    assert!(
        e.starts_with(&format!(
            "{}: không đọc được tệp: không đọc được bảng tính xlsx",
            fake.display()
        )),
        "{e}"
    );
    let o = cli_support::baocao(&["check", fake.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        cli_support::stderr(&o).contains("không đọc được bảng tính"),
        "{}",
        cli_support::stderr(&o)
    );
    let empty = dir.path().join("rong");
    std::fs::create_dir(&empty).unwrap();
    let o = cli_support::baocao(&[
        "render",
        empty.to_str().unwrap(),
        "-o",
        dir.path().join("out").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        cli_support::stderr(&o).contains("không có tệp .csv"),
        "{}",
        cli_support::stderr(&o)
    );
    assert!(!dir.path().join("out").join("rong.pdf").exists());
}

#[test]
fn check_findings_from_a_workbook_name_their_cell() {
    let dir = tempfile::tempdir().unwrap();
    let mut grids = sample_grids("data/mau-12-don-vi.yaml", dir.path());
    // Wards listed in reverse on their sheet: `thu_tu` still orders the
    // report, and findings must still point at the right rows.
    let g = grid(&mut grids, "don_vi");
    g.rows[1..].reverse();
    let g = grid(&mut grids, "chi_bo");
    let c = col(g, "Năm sinh bí thư");
    put(g, 3, c, Raw::Number(2030.0));
    let xlsx = dir.path().join("du-lieu.xlsx");
    write_xlsx(&xlsx, &grids, |_, _| {});
    let o = cli_support::baocao(&["check", xlsx.to_str().unwrap()]);
    let out = cli_support::stdout(&o);
    let cell = at(&grids, "chi_bo", "Năm sinh bí thư", 3);
    let line = out
        .lines()
        .find(|l| l.contains("bi_thu.nam_sinh`"))
        .unwrap_or_else(|| panic!("no finding on the birth year: {out}"));
    assert!(
        line.starts_with(&format!(
            "lỗi (error): [gia-tri] {}: trang chi_bo, ô {cell} (cột \"Năm sinh bí thư\"): ",
            xlsx.display()
        )),
        "{line}"
    );
    assert!(
        line.contains("`don_vi[0].chi_bo[2].bi_thu.nam_sinh`"),
        "{line}"
    );
}

/// A note cited in a workbook's narrative but never defined: the render
/// error names the workbook's sheet and cell (row label), not an empty place.
#[test]
fn an_undefined_note_in_a_workbook_names_its_sheet_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bad-input/note-undefined.yaml");
    std::fs::copy(&yaml, dir.path().join("d.yaml")).unwrap();
    let o = cli_support::baocao_in(dir.path(), &["chuyen", "d.yaml", "d.xlsx"]);
    assert_eq!(o.status.code(), Some(0), "{}", cli_support::stderr(&o));
    let o = cli_support::baocao_in(dir.path(), &["render", "d.xlsx", "-o", "out"]);
    assert_eq!(o.status.code(), Some(1));
    let err = cli_support::stderr(&o);
    // The place first (as every diagnostic), then the report, then what.
    assert!(
        err.starts_with("lỗi (error): d.xlsx: trang noi_dung, ô B")
            && err.contains("field `dang_bo.noi_dung.han_che`: báo cáo chung (town report): chú thích [^khong-co]"),
        "{err}"
    );
}
