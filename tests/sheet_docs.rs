//! docs/data-format.md describes every sheet and column of the workbook.

use baocao::data::sheet::schema;

#[test]
fn every_sheet_and_column_is_documented() {
    if std::env::var("PRINT_SHEET_DOCS").is_ok() {
        for s in schema::sheets() {
            println!(
                "\n### `{}`: {}\n\n| cột / mục | khóa YAML | kiểu | ghi chú |\n|---|---|---|---|",
                s.name, s.about
            );
            for f in &s.fields {
                println!("| {} | `{}` | {} | {} |", f.header, f.key, kind(f), f.help);
            }
        }
    }
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/data-format.md"))
        .unwrap();
    let section = doc
        .split("## Bảng tính")
        .nth(1)
        .expect("a spreadsheet section");
    let mut missing = Vec::new();
    for s in schema::sheets() {
        if !section.contains(&format!("`{}`", s.name)) {
            missing.push(s.name.to_string());
        }
        for f in &s.fields {
            if !section.contains(&format!("| {} | `{}` |", f.header, f.key)) {
                missing.push(format!("{}: | {} | `{}` |", s.name, f.header, f.key));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not in docs/data-format.md: {missing:#?}"
    );
}

fn kind(f: &schema::Field) -> String {
    use schema::Kind::*;
    let k = match f.kind {
        Text => "văn bản".to_string(),
        Count => "số ≥ 0".to_string(),
        Int => "số nguyên".to_string(),
        Percent => "tỉ lệ %".to_string(),
        Date => "ngày".to_string(),
        Bool => "có/không".to_string(),
        Choice(list) => list.iter().map(|(_, l)| *l).collect::<Vec<_>>().join(" / "),
        List => "nhiều dòng".to_string(),
        WardRef => "mã đơn vị".to_string(),
        Any => "văn bản, số, có/không".to_string(),
    };
    if f.required {
        format!("{k}, **bắt buộc**")
    } else {
        k
    }
}
