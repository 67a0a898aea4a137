//! Both samples through the workbook and back: the same data model, the
//! same report bytes; the fill-in workbook's structure; deterministic bytes.

mod cli_support;
mod sheet_support;

use cli_support::{baocao, baocao_in, stderr};
use sheet_support::*;

use baocao::data::{load_file, sheet};

const SAMPLES: [&str; 2] = ["data/ky-anh-2019.yaml", "data/mau-12-don-vi.yaml"];

#[test]
fn both_samples_go_to_xlsx_and_back_with_an_equal_model() {
    let dir = tempfile::tempdir().unwrap();
    for sample in SAMPLES {
        let yaml = root().join(sample);
        let xlsx = dir.path().join("du-lieu.xlsx");
        let back = dir.path().join("lai.yaml");
        let o = baocao(&[
            "chuyen",
            yaml.to_str().unwrap(),
            xlsx.to_str().unwrap(),
            "--force",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let o = baocao(&[
            "chuyen",
            xlsx.to_str().unwrap(),
            back.to_str().unwrap(),
            "--force",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let original = model(&load_file(&yaml).unwrap());
        assert_eq!(
            original,
            model(&load_file(&xlsx).unwrap()),
            "{sample} via xlsx"
        );
        assert_eq!(
            original,
            model(&load_file(&back).unwrap()),
            "{sample} via xlsx and yaml"
        );
        // And through a CSV folder of the same sheets.
        let grids = sheet::workbook::grids(&xlsx).unwrap();
        let csv = dir.path().join(format!("csv-{}", sample.replace('/', "-")));
        write_csv(&csv, &grids);
        assert_eq!(
            original,
            model(&load_file(&csv).unwrap()),
            "{sample} via csv"
        );
    }
}

#[test]
fn a_workbook_renders_the_same_pdf_and_docx_bytes_as_its_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = root().join("data/mau-12-don-vi.yaml");
    let xlsx = dir.path().join("mau-12-don-vi.xlsx");
    std::fs::write(
        &xlsx,
        sheet::write::workbook(&load_file(&yaml).unwrap()).unwrap(),
    )
    .unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for (data, out) in [(&yaml, &a), (&xlsx, &b)] {
        let o = baocao(&[
            "render",
            data.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for ext in ["pdf", "docx"] {
        let name = format!("mau-12-don-vi.{ext}");
        let x = std::fs::read(a.join(&name)).unwrap();
        let y = std::fs::read(b.join(&name)).unwrap();
        assert!(x == y, "{name} differs between YAML and xlsx input");
    }
    // One ward's report too.
    let o = baocao(&[
        "render",
        xlsx.to_str().unwrap(),
        "--don-vi",
        "ky-lien",
        "-f",
        "pdf",
        "-o",
        b.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn the_workbook_bytes_are_deterministic() {
    let data = load_file(&root().join("data/mau-12-don-vi.yaml")).unwrap();
    let a = sheet::write::workbook(&data).unwrap();
    let b = sheet::write::workbook(&data).unwrap();
    assert_eq!(a, b);
}

#[test]
fn the_fill_in_workbook_has_its_sheets_headers_notes_and_drop_downs() {
    let dir = tempfile::tempdir().unwrap();
    let data = load_file(&root().join("data/mau-12-don-vi.yaml")).unwrap();
    let path = dir.path().join("du-lieu.xlsx");
    std::fs::write(&path, sheet::write::workbook(&data).unwrap()).unwrap();
    let grids = sheet::workbook::grids(&path).unwrap();
    let names: Vec<&str> = grids.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Hướng dẫn",
            "van_ban",
            "can_cu",
            "dang_bo",
            "don_vi",
            "chi_bo",
            "noi_dung",
            "chu_thich"
        ]
    );
    let chi_bo = grids.iter().find(|g| g.name == "chi_bo").unwrap();
    let cells: usize = data
        .don_vi
        .iter()
        .map(|w| w.chi_bo.as_ref().map_or(0, Vec::len))
        .sum();
    assert_eq!(
        chi_bo.rows.len(),
        cells + 1,
        "a header row and one row per cell"
    );
    assert_eq!(
        sheet::cell::text(&chi_bo.rows[0][0]).as_deref(),
        Some("Mã đơn vị")
    );
    assert_eq!(
        sheet::cell::text(&chi_bo.rows[1][0]).as_deref(),
        Some(data.don_vi[0].ma.as_str())
    );
    let don_vi = grids.iter().find(|g| g.name == "don_vi").unwrap();
    assert_eq!(don_vi.rows.len(), 13);
    // The package: notes with the YAML key, frozen header, drop-down lists.
    let zip = std::fs::read(&path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut part = |name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let wb = part("xl/workbook.xml");
    assert!(wb.contains("name=\"chi_bo\""), "{wb}");
    // Sheet 6 is chi_bo (after the guide and five others).
    let ws = part("xl/worksheets/sheet6.xml");
    assert!(ws.contains("state=\"frozen\""), "frozen header row");
    assert!(ws.contains("<dataValidation type=\"list\""), "drop-downs");
    assert!(ws.contains("Tổ dân phố"), "cell kinds listed");
    assert!(
        ws.contains("&quot;Nam,Nữ&quot;") || ws.contains("\"Nam,Nữ\""),
        "{ws}"
    );
    assert!(ws.contains("<col "), "column widths");
    let comments: String = (1..=8)
        .filter_map(|i| {
            let mut s = String::new();
            let mut f = archive.by_name(&format!("xl/comments{i}.xml")).ok()?;
            std::io::Read::read_to_string(&mut f, &mut s).ok()?;
            Some(s)
        })
        .collect();
    assert!(
        comments.contains("don_vi[].chi_bo[].bi_thu.nam_sinh"),
        "YAML key in a note"
    );
    assert!(comments.contains("van_ban.ngay"));
}

#[test]
fn init_writes_a_workbook_that_renders_like_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let o = baocao_in(dir.path(), &["init", "viec"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let xlsx = dir.path().join("viec/du-lieu.xlsx");
    let a = model(&load_file(&xlsx).unwrap());
    let b = model(&load_file(&root().join("data/mau-12-don-vi.yaml")).unwrap());
    assert_eq!(a, b);
    let o = baocao_in(&dir.path().join("viec"), &["check", "du-lieu.xlsx"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn chuyen_refuses_to_overwrite_and_writes_nothing_on_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("x.xlsx");
    std::fs::write(&target, b"keep").unwrap();
    let yaml = root().join("data/ky-anh-2019.yaml");
    let o = baocao(&["chuyen", yaml.to_str().unwrap(), target.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&target).unwrap(), b"keep");
    // A broken source: no target file at all.
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "van_ban: [\n").unwrap();
    let out = dir.path().join("y.xlsx");
    let o = baocao(&["chuyen", bad.to_str().unwrap(), out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
    assert_eq!(cli_support::names(dir.path()), ["bad.yaml", "x.xlsx"]);
    // A target of another kind.
    let o = baocao(&[
        "chuyen",
        yaml.to_str().unwrap(),
        dir.path().join("z.pdf").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(".xlsx hoặc .yaml"), "{}", stderr(&o));
}
