//! Both samples through the workbook and back: the same data model, the
//! same report bytes; the fill-in workbook's structure; deterministic bytes.

mod cli_support;
mod sheet_support;

use cli_support::{baocao, baocao_in, stderr};
use sheet_support::*;

use baocao::data::{load_file, sheet};

const SAMPLES: [&str; 3] = [
    "data/ky-anh-2019.yaml",
    "data/mau-12-don-vi.yaml",
    "data/mau-xa-2025.yaml",
];

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
fn the_commune_sample_renders_the_same_bytes_from_its_workbook() {
    // A commune committee over its own cells (dang_bo.chi_bo_truc_thuoc),
    // cap/cap_tren, a cell with its own term, appointed, a note, them.
    let dir = tempfile::tempdir().unwrap();
    let yaml = root().join("data/mau-xa-2025.yaml");
    let xlsx = dir.path().join("mau-xa-2025.xlsx");
    let data = load_file(&yaml).unwrap();
    std::fs::write(&xlsx, sheet::write::workbook(&data).unwrap()).unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for (input, out) in [(&yaml, &a), (&xlsx, &b)] {
        let o = baocao(&[
            "render",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for ext in ["pdf", "docx"] {
        let name = format!("mau-xa-2025.{ext}");
        let x = std::fs::read(a.join(&name)).unwrap();
        let y = std::fs::read(b.join(&name)).unwrap();
        assert!(x == y, "{name} differs between YAML and xlsx input");
    }
    // What a clerk sees: own cells marked, the level and kind spelt out.
    let grids = sheet::workbook::grids(&xlsx).unwrap();
    let chi_bo = grids.iter().find(|g| g.name == "chi_bo").unwrap();
    let text = |r: usize, header: &str| {
        sheet::cell::text(&chi_bo.rows[r][col(chi_bo, header)]).unwrap_or_default()
    };
    let own = data.dang_bo.chi_bo_truc_thuoc.as_ref().unwrap();
    assert_eq!(chi_bo.rows.len(), own.len() + 1);
    assert!(chi_bo.rows.len() > 1, "no cell rows in chi_bo");
    assert!((1..chi_bo.rows.len()).all(|r| text(r, "Mã đơn vị") == "(trực thuộc)"));
    let appointed = (1..chi_bo.rows.len())
        .find(|&r| text(r, "Hình thức") == "Chỉ định")
        .expect("an appointed cell");
    assert_eq!(text(appointed, "Tên chi bộ"), "Thôn Nam Sơn");
    assert_eq!(text(appointed, "Nhiệm kỳ của chi bộ"), "2025 - 2030");
    assert_eq!(text(appointed, "Đại hội lần thứ nhất"), "có");
    let back = load_file(&xlsx).unwrap();
    let cells = back.dang_bo.chi_bo_truc_thuoc.as_ref().unwrap();
    let nam_son = cells.iter().find(|c| c.ten == "Thôn Nam Sơn").unwrap();
    assert_eq!(nam_son.hinh_thuc, baocao::data::HinhThuc::ChiDinh);
    assert!(cells.iter().any(|c| c.ghi_chu.starts_with("hoãn đại hội")));
    assert_eq!(back.dang_bo.cap, Some(baocao::data::Cap::Xa));
    assert_eq!(back.dang_bo.cap_tren, Some(baocao::data::Cap::Tinh));
    assert_eq!(back.dang_bo.them["so_dai_bieu"], serde_json::json!(120));
    let dang_bo = grids.iter().find(|g| g.name == "dang_bo").unwrap();
    let row = form_row(dang_bo, "Cấp trên trực tiếp");
    assert_eq!(
        sheet::cell::text(&dang_bo.rows[row][1]).as_deref(),
        Some("Tỉnh")
    );
    // A blank ward id means the same when there are no wards.
    let mut grids = grids;
    let g = grid(&mut grids, "chi_bo");
    let c = col(g, "Mã đơn vị");
    for r in 1..g.rows.len() {
        put(g, r, c, sheet::Raw::Empty);
    }
    let csv = dir.path().join("trong-ma");
    write_csv(&csv, &grids);
    assert_eq!(model(&load_file(&csv).unwrap()), model(&data));
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
    assert!(ws.contains("Bầu,Chỉ định"), "hình thức drop-down");
    // Levels come from data::Cap: every one is offered for a unit's kind.
    let don_vi_ws = part("xl/worksheets/sheet5.xml");
    for c in baocao::data::Cap::ALL {
        let label = c.label();
        let mut chars = label.chars();
        let first: String = chars.next().unwrap().to_uppercase().chain(chars).collect();
        assert!(
            don_vi_ws.contains(&first),
            "{first} not in the don_vi drop-down"
        );
    }
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

/// The 12-unit sample with extra fields at every level that has them, a
/// ward of another level, and own cells beside the wards.
fn with_extras(dir: &std::path::Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(root().join("data/mau-12-don-vi.yaml")).unwrap();
    let mut v: yaml_serde::Value = yaml_serde::from_str(&text).unwrap();
    let them: yaml_serde::Value = yaml_serde::from_str(
        "{so_ban: 7, ty_le: 12.5, co_dai_bieu: true, ghi: 'Nơi nhận *khác* [^x]\nhai dòng', ma_so: '0123'}",
    )
    .unwrap();
    v["van_ban"]["them"] = them.clone();
    v["dang_bo"]["them"] = them.clone();
    v["don_vi"][1]["them"] = yaml_serde::from_str("{so_dai_bieu: 9}").unwrap();
    v["don_vi"][2]["loai"] = "thi_tran".into();
    v["don_vi"][0]["chi_bo"][0]["them"] = them;
    v["don_vi"][0]["chi_bo"][1]["hinh_thuc"] = "chi_dinh".into();
    let mut own = v["don_vi"][0]["chi_bo"][2].clone();
    own["ten"] = "Chi bộ Cơ quan Đảng ủy".into();
    own["loai"] = "co_quan".into();
    v["dang_bo"]["chi_bo_truc_thuoc"] = yaml_serde::Value::Sequence(vec![own]);
    let path = dir.join("them.yaml");
    std::fs::write(&path, yaml_serde::to_string(&v).unwrap()).unwrap();
    path
}

#[test]
fn extra_fields_and_own_cells_beside_wards_go_to_xlsx_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = with_extras(dir.path());
    let data = load_file(&yaml).unwrap();
    assert_eq!(data.dang_bo.them.len(), 5);
    let xlsx = dir.path().join("them.xlsx");
    let o = baocao(&["chuyen", yaml.to_str().unwrap(), xlsx.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let back = load_file(&xlsx).unwrap();
    assert_eq!(model(&data), model(&back));
    assert_eq!(
        back.don_vi[0].chi_bo.as_ref().unwrap()[1].hinh_thuc,
        baocao::data::HinhThuc::ChiDinh
    );
    assert_eq!(back.don_vi[2].loai, baocao::data::Cap::ThiTran);
    assert_eq!(back.van_ban.them["ma_so"], serde_json::json!("0123"));
    assert_eq!(back.van_ban.them["ty_le"], serde_json::json!(12.5));
    // The columns and rows a clerk fills in.
    let mut grids = sheet::workbook::grids(&xlsx).unwrap();
    let chi_bo = grid(&mut grids, "chi_bo");
    let c = col(chi_bo, "them.so_ban");
    assert_eq!(sheet::cell::text(&chi_bo.rows[1][c]).as_deref(), Some("7"));
    let van_ban = grid(&mut grids, "van_ban");
    let r = form_row(van_ban, "them.co_dai_bieu");
    assert_eq!(van_ban.rows[r][1], sheet::Raw::Bool(true));
    // A CSV folder of the same sheets (every cell text) reads the same.
    let csv = dir.path().join("csv");
    write_csv(&csv, &grids);
    assert_eq!(model(&data), model(&load_file(&csv).unwrap()));
    // A clerk's own extra column and row.
    let g = grid(&mut grids, "don_vi");
    let c = g.rows[0].len();
    put(g, 0, c, sheet::Raw::Text("Them.so_to".into()));
    put(g, 3, c, sheet::Raw::Number(14.0));
    let g = grid(&mut grids, "dang_bo");
    let r = g.rows.len();
    put(g, r, 0, sheet::Raw::Text("them.khau_hieu".into()));
    put(g, r, 1, sheet::Raw::Text("Đoàn kết - Dân chủ".into()));
    let csv2 = dir.path().join("csv2");
    write_csv(&csv2, &grids);
    let read = load_file(&csv2).unwrap();
    let ward = read
        .don_vi
        .iter()
        .find(|w| w.ma == data.don_vi[2].ma)
        .unwrap();
    assert_eq!(ward.them["so_to"], serde_json::json!(14));
    assert_eq!(
        read.dang_bo.them["khau_hieu"],
        serde_json::json!("Đoàn kết - Dân chủ")
    );
}

#[test]
fn what_a_workbook_cannot_hold_fails_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(root().join("data/mau-xa-2025.yaml")).unwrap();
    let cases = [
        (
            "  them:\n    so_dai_bieu: 120",
            "  them:\n    ds: [1, 2]",
            "dang_bo.them.ds",
        ),
        (
            "  them:\n    so_dai_bieu: 120",
            "  them:\n    nam: '2025'",
            "dang_bo.them.nam",
        ),
        (
            "  them:\n    so_dai_bieu: 120",
            "  them:\n    x: ~",
            "dang_bo.them.x",
        ),
        (
            "  them:\n    so_dai_bieu: 120",
            "  them:\n    a.b: 1",
            "dang_bo.them.a.b",
        ),
    ];
    for (from, to, field) in cases {
        assert!(base.contains(from));
        let yaml = dir.path().join("x.yaml");
        std::fs::write(&yaml, base.replace(from, to)).unwrap();
        let out = dir.path().join("x.xlsx");
        let o = baocao(&["chuyen", yaml.to_str().unwrap(), out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{to}");
        assert!(stderr(&o).contains(field), "{to}: {}", stderr(&o));
        assert!(!out.exists());
    }
    // An empty list of own cells.
    let mut v: yaml_serde::Value = yaml_serde::from_str(&base).unwrap();
    v["dang_bo"]["chi_bo_truc_thuoc"] = yaml_serde::Value::Sequence(vec![]);
    let data: baocao::data::Dataset = yaml_serde::from_value(v).unwrap();
    let e = sheet::write::workbook(&data).unwrap_err();
    assert!(e.contains("dang_bo.chi_bo_truc_thuoc"), "{e}");
}
