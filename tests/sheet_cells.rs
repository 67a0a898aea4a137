//! Sheets and cells that used to be read wrong without a word (issue #19):
//! a sheet whose name is not known ("Chi bộ") or two sheets with one name,
//! a percent-formatted cell (Excel stores 27,03% as 0.2703), a formula
//! saved without its value, "4,000" in a count. Each is read right or is
//! an error naming the workbook, sheet and cell.

mod sheet_support;

use std::io::{Read, Write};
use std::path::Path;

use baocao::data::{load_file, sheet::Grid, sheet::Raw};
use sheet_support::*;

fn load_err(p: &Path) -> String {
    match load_file(p) {
        Ok(_) => panic!("{} must fail", p.display()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_sheet_not_read_is_an_error_with_the_closest_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut grids = sample_grids("data/mau-12-don-vi.yaml", dir.path());
    grid(&mut grids, "chi_bo").name = "Chi bộ".into();
    let xlsx = dir.path().join("doi-ten.xlsx");
    write_xlsx(&xlsx, &grids, |_, _| {});
    let csv = dir.path().join("doi-ten");
    write_csv(&csv, &grids);
    for p in [&xlsx, &csv] {
        let e = load_err(p);
        assert!(e.contains("trang Chi bộ: tên trang không đúng"), "{e}");
        assert!(e.contains("(có phải `chi_bo`?)"), "{e}");
    }
    // An empty extra sheet is no data lost: read as before.
    let mut grids = sample_grids("data/mau-12-don-vi.yaml", dir.path());
    grids.push(Grid {
        name: "Sheet1".into(),
        top: 0,
        left: 0,
        rows: vec![],
    });
    write_xlsx(&xlsx, &grids, |_, _| {});
    assert!(load_file(&xlsx).is_ok());
}

#[test]
fn two_sheets_equal_after_folding_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let grids = sample_grids("data/mau-12-don-vi.yaml", dir.path());
    let csv = dir.path().join("hai-trang");
    write_csv(&csv, &grids);
    std::fs::copy(csv.join("chi_bo.csv"), csv.join("CHI_BO.csv")).unwrap();
    let e = load_err(&csv);
    assert!(e.contains("hai trang cùng tên"), "{e}");
    assert!(e.contains("CHI_BO") && e.contains("chi_bo"), "{e}");
}

#[test]
fn a_percent_formatted_cell_reads_as_its_percentage() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("goc.xlsx");
    let mut grids = sample_grids("data/ky-anh-2019.yaml", dir.path());
    write_xlsx(&base, &grids, |_, _| {});
    let g = grid(&mut grids, "dang_bo");
    let r = form_row(
        g,
        "Kết quả: thôn, TDP: bí thư kiêm trưởng thôn, tổ trưởng, tỉ lệ %",
    );
    g.rows[r][1] = Raw::Percent(0.2703);
    let xlsx = dir.path().join("phan-tram.xlsx");
    write_xlsx(&xlsx, &grids, |_, _| {});
    assert_eq!(
        model(&load_file(&xlsx).unwrap()),
        model(&load_file(&base).unwrap()),
        "27,03% read as 27.03"
    );
    // `check --strict` has nothing to say about it.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(["--strict", "check", "-q"])
        .arg(&xlsx)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("27"), "{err}");
    // And as LibreOffice saves it (ods: office:value-type="percentage").
    if let Some(ods) = libreoffice_convert(&xlsx, "ods", &dir.path().join("lo")) {
        assert_eq!(
            model(&load_file(&ods).unwrap()),
            model(&load_file(&base).unwrap())
        );
    }
}

/// `path`'s zip with part `name` edited.
fn edit_part(path: &Path, name_ends: &str, edit: impl Fn(&str) -> String) {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let mut edited = false;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut v = Vec::new();
        f.read_to_end(&mut v).unwrap();
        let name = f.name().to_string();
        if name.ends_with(name_ends) {
            v = edit(std::str::from_utf8(&v).unwrap()).into_bytes();
            edited = true;
        }
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&v).unwrap();
    }
    w.finish().unwrap();
    assert!(edited, "no part {name_ends}");
}

#[test]
fn a_formula_saved_without_its_value_is_an_error_naming_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let grids = sample_grids("data/mau-12-don-vi.yaml", dir.path());
    let xlsx = dir.path().join("cong-thuc.xlsx");
    write_xlsx(&xlsx, &grids, |name, ws| {
        if name == "chi_bo" {
            ws.write_formula(3, 4, "=1+1").unwrap();
        }
    });
    // As openpyxl saves it: the formula, no <v>.
    let part = {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
        let names: Vec<String> = zip.file_names().map(str::to_string).collect();
        names
            .into_iter()
            .find(|n| {
                let mut s = String::new();
                zip.by_name(n).unwrap().read_to_string(&mut s).is_ok() && s.contains("<f>1+1</f>")
            })
            .unwrap()
    };
    edit_part(&xlsx, &part, |x| {
        let at = x.find("<f>1+1</f>").unwrap() + "<f>1+1</f>".len();
        let end = at + x[at..].find("</c>").unwrap();
        format!("{}{}", &x[..at], &x[end..])
    });
    let e = load_err(&xlsx);
    assert!(e.contains("trang chi_bo, ô E4"), "{e}");
    assert!(e.contains("Excel hoặc LibreOffice"), "{e}");
}

#[test]
fn an_ambiguous_thousands_separator_in_a_count_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut grids = sample_grids("data/mau-12-don-vi.yaml", dir.path());
    let g = grid(&mut grids, "chi_bo");
    let c = col(g, "Số đảng viên");
    g.rows[1][c] = text("4,000");
    let xlsx = dir.path().join("phan-cach.xlsx");
    write_xlsx(&xlsx, &grids, |_, _| {});
    let e = load_err(&xlsx);
    assert!(e.contains("trang chi_bo") && e.contains("4,000"), "{e}");
    assert!(e.contains("không rõ"), "{e}");
    let g = grid(&mut grids, "chi_bo");
    g.rows[1][c] = text("4.000");
    write_xlsx(&xlsx, &grids, |_, _| {});
    let d = load_file(&xlsx).unwrap();
    let first = d
        .don_vi
        .iter()
        .flat_map(|w| w.chi_bo.iter().flatten())
        .next()
        .unwrap();
    assert_eq!(first.dang_vien, Some(4000), "4.000 is four thousand");
}
