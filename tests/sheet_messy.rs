//! Workbooks as people make them: a title above the header, a two-row
//! header with merged cells, an STT column, dates as Excel dates, text and
//! serial numbers, numbers stored as text, spaces, NFD text, hidden rows,
//! formulas, a total row, trailing empty cells. Saved by LibreOffice too
//! (xlsx and ods). The data model must come out exactly as from the YAML.

mod sheet_support;

use baocao::data::{load_file, sheet::Grid, sheet::Raw};
use rust_xlsxwriter::{Format, Formula};
use sheet_support::*;
use unicode_normalization::UnicodeNormalization;

/// The 12-unit sample's sheets made messy; the row (0-based) of the total
/// row and the span of the data rows in `chi_bo`.
fn messy(dir: &std::path::Path) -> (Vec<Grid>, usize, usize, usize) {
    let mut grids = sample_grids("data/mau-12-don-vi.yaml", dir);
    let g = grid(&mut grids, "chi_bo");
    // Dates three ways, numbers as text with spaces, names padded and NFD.
    let date = col(g, "Ngày đại hội");
    let members = col(g, "Số đảng viên");
    let name = col(g, "Tên chi bộ");
    let pilot = col(g, "Đại hội điểm");
    for (i, row) in g.rows.iter_mut().enumerate().skip(1) {
        if let Raw::Date(serial) = row[date].clone() {
            row[date] = match i % 3 {
                0 => Raw::Number(serial),
                1 => {
                    let d = baocao::data::sheet::cell::from_serial(serial).unwrap();
                    Raw::Text(format!(" {}/{}/{} ", d.ngay, d.thang, d.nam))
                }
                _ => Raw::Date(serial),
            };
        }
        if let Raw::Number(n) = row[members] {
            row[members] = Raw::Text(format!(" {n} "));
        }
        if let Some(Raw::Text(s)) = row.get(name).cloned() {
            row[name] = Raw::Text(format!("  {}\u{a0}", s.nfd().collect::<String>()));
        }
        if let Some(Raw::Text(s)) = row.get(pilot).cloned() {
            row[pilot] = Raw::Text(if s == "có" {
                "X".into()
            } else {
                String::new()
            });
        }
    }
    // An STT column at the left.
    for (i, row) in g.rows.iter_mut().enumerate() {
        let v = if i == 0 {
            text("STT")
        } else {
            Raw::Number(i as f64)
        };
        row.insert(0, v);
    }
    // A two-row header: "Bí thư" / "Phó bí thư" over their columns, the
    // other headers merged down (text in the upper row only).
    let header = g.rows[0].clone();
    let mut upper = Vec::new();
    let mut lower = Vec::new();
    for c in &header {
        let h = baocao::data::sheet::cell::text(c).unwrap_or_default();
        let group = ["phó bí thư", "bí thư"]
            .into_iter()
            .find(|w| h.to_lowercase().contains(w) && !h.starts_with("Số"));
        match group {
            Some(w) => {
                let child = h
                    .replace(&format!(" {w}"), "")
                    .replace(&capital(w), "")
                    .trim()
                    .to_string();
                let label = capital(w);
                let first = upper.iter().rev().find_map(|u| match u {
                    Raw::Text(t) if !t.is_empty() => Some(t.clone()),
                    _ => None,
                });
                // The group's label over its first column only (merged later).
                upper.push(if first.as_deref() == Some(label.as_str()) {
                    Raw::Empty
                } else {
                    text(&label)
                });
                lower.push(text(&capital(&child)));
            }
            None => {
                upper.push(c.clone());
                lower.push(Raw::Empty);
            }
        }
    }
    g.rows[0] = lower;
    g.rows.insert(0, upper);
    // A title and an empty row above.
    g.rows.insert(0, vec![]);
    g.rows
        .insert(0, vec![text("BIỂU TỔNG HỢP CHI BỘ (dữ liệu mẫu)")]);
    let first_data = 4;
    let last_data = g.rows.len() - 1;
    // A total row: "Tổng cộng" in the STT column, sums as formulas later.
    let total = g.rows.len();
    put(g, total, 0, text("Tổng cộng"));
    (grids, total, first_data, last_data)
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn write_messy(path: &std::path::Path, dir: &std::path::Path) {
    let (grids, total, first, last) = messy(dir);
    let chi_bo = grids.iter().find(|g| g.name == "chi_bo").unwrap().clone();
    let count_cols: Vec<(u16, f64)> = ["Đảng viên chính thức", "Số chi ủy viên"]
        .iter()
        .map(|h| {
            let c = chi_bo.rows[2]
                .iter()
                .position(|v| baocao::data::sheet::cell::text(v).as_deref() == Some(*h))
                .unwrap();
            let sum: f64 = chi_bo.rows[first..=last]
                .iter()
                .map(|r| match &r[c] {
                    Raw::Number(n) => *n,
                    _ => 0.0,
                })
                .sum();
            (c as u16, sum)
        })
        .collect();
    write_xlsx(path, &grids, |name, ws| {
        if name != "chi_bo" {
            return;
        }
        let bold = Format::new().set_bold();
        // Merge the group headers across their columns.
        let upper = &chi_bo.rows[2];
        let mut c = 0;
        while c < upper.len() {
            if let Raw::Text(t) = &upper[c] {
                if t == "Bí thư" || t == "Phó bí thư" {
                    let mut end = c;
                    while end + 1 < upper.len() && upper[end + 1] == Raw::Empty {
                        end += 1;
                    }
                    if end > c {
                        ws.merge_range(2, c as u16, 2, end as u16, t, &bold)
                            .unwrap();
                    }
                    c = end;
                }
            }
            c += 1;
        }
        ws.merge_range(0, 0, 0, 8, "BIỂU TỔNG HỢP CHI BỘ (dữ liệu mẫu)", &bold)
            .unwrap();
        // Sums as formulas with their cached values.
        for (col, sum) in &count_cols {
            let letter = baocao::data::sheet::cell::column_letters(*col as u32);
            let f = Formula::new(format!("=SUM({letter}{}:{letter}{})", first + 1, last + 1))
                .set_result(format!("{sum}"));
            ws.write_formula(total as u32, *col, f).unwrap();
        }
        // Hidden rows are still data.
        ws.set_row_hidden(5).unwrap();
        ws.set_row_hidden(9).unwrap();
        // Formatted but empty cells far right and below (trailing).
        ws.write_blank(total as u32 + 40, 60, &bold).unwrap();
    });
}

#[test]
fn a_messy_workbook_gives_the_same_model_as_the_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("messy.xlsx");
    write_messy(&path, dir.path());
    let want = model(&load_file(&root().join("data/mau-12-don-vi.yaml")).unwrap());
    let got = load_file(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(model(&got), want);
    // Saved by LibreOffice, as xlsx and as ods.
    for ext in ["xlsx", "ods"] {
        let Some(saved) = libreoffice_convert(&path, ext, &dir.path().join(format!("lo-{ext}")))
        else {
            return;
        };
        let got = load_file(&saved).unwrap_or_else(|e| panic!("{ext}: {e}"));
        assert_eq!(model(&got), want, "saved by LibreOffice as {ext}");
    }
}

#[test]
fn a_wrong_total_row_is_an_error_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let (mut grids, total, _, _) = messy(dir.path());
    let g = grid(&mut grids, "chi_bo");
    let c = g.rows[2]
        .iter()
        .position(|v| baocao::data::sheet::cell::text(v).as_deref() == Some("Số chi ủy viên"))
        .unwrap();
    put(g, total, c, Raw::Number(1.0));
    let path = dir.path().join("total.xlsx");
    write_xlsx(&path, &grids, |_, _| {});
    let e = load_file(&path).unwrap_err().to_string();
    let cell = format!(
        "{}{}",
        baocao::data::sheet::cell::column_letters(c as u32),
        total + 1
    );
    assert!(
        e.contains(&format!("trang chi_bo, ô {cell} (cột \"Số chi ủy viên\")")),
        "{e}"
    );
    assert!(e.contains("dòng tổng ghi 1"), "{e}");
}

#[test]
fn a_csv_folder_with_semicolons_bom_and_nfd_reads_like_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let grids = sample_grids("data/ky-anh-2019.yaml", dir.path());
    let csv = dir.path().join("csv");
    write_csv(&csv, &grids);
    // Rewrite one file as Excel (Vietnamese locale) does: BOM, `;`, CRLF, NFD.
    let p = csv.join("van_ban.csv");
    let t = std::fs::read_to_string(&p).unwrap();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(t.as_bytes());
    let mut out = String::from("\u{feff}");
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let fields: Vec<String> = rec
            .iter()
            .map(|f| format!("\"{}\"", f.replace('"', "\"\"").nfd().collect::<String>()))
            .collect();
        out.push_str(&fields.join(";"));
        out.push_str("\r\n");
    }
    std::fs::write(&p, out).unwrap();
    let want = model(&load_file(&root().join("data/ky-anh-2019.yaml")).unwrap());
    assert_eq!(model(&load_file(&csv).unwrap()), want);
}

#[test]
fn the_fill_in_workbook_opens_in_libreoffice_and_reads_back_equal() {
    let dir = tempfile::tempdir().unwrap();
    let data = load_file(&root().join("data/ky-anh-2019.yaml")).unwrap();
    let path = dir.path().join("du-lieu.xlsx");
    std::fs::write(&path, baocao::data::sheet::write::workbook(&data).unwrap()).unwrap();
    let Some(ods) = libreoffice_convert(&path, "ods", &dir.path().join("lo")) else {
        return;
    };
    assert_eq!(model(&load_file(&ods).unwrap()), model(&data));
}

/// The LibreOffice checks above cannot pass on a workbook LibreOffice fails
/// to load ("source file could not be loaded" once counted as a skip).
#[test]
fn a_workbook_libreoffice_cannot_load_fails_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hong.xlsx");
    // A zip with the workbook's part names but no XML in them.
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for part in ["[Content_Types].xml", "xl/workbook.xml"] {
        zip.start_file(part, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, b"<hong").unwrap();
    }
    zip.finish().unwrap();
    let out = dir.path().join("lo");
    let result = std::panic::catch_unwind(|| libreoffice_convert(&path, "ods", &out));
    match result {
        Err(_) => {}
        // LibreOffice or its Calc missing: said so (a failure under CI).
        Ok(None) => {}
        Ok(Some(p)) => panic!("LibreOffice re-saved a broken workbook? {}", p.display()),
    }
}
