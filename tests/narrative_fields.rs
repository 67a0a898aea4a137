//! Every narrative field that docs/data-format.md documents (the
//! `dang_bo.noi_dung` table, and a cell's `ghi_chu`) is printed by every
//! built-in template where it belongs, whatever figures the data has: the
//! town template over units with figures, over units without village
//! figures, with stated totals only, and the commune template over its own
//! cells. The fields are read from the docs, so a field documented later
//! and dropped by a template fails here.

use baocao::data;
use baocao::document::{plain_text, Block, Document};
use baocao::stats;
use baocao::template::Engine;

/// The keys of the `dang_bo.noi_dung` table of docs/data-format.md.
fn documented_fields() -> Vec<String> {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/data-format.md"))
        .unwrap();
    let table = doc
        .split("`dang_bo.noi_dung`")
        .nth(1)
        .expect("a `dang_bo.noi_dung` section");
    let mut keys = Vec::new();
    for line in table.lines().skip_while(|l| !l.starts_with('|')) {
        if !line.starts_with('|') {
            break;
        }
        if let Some(k) = line
            .split('|')
            .nth(1)
            .map(str::trim)
            .and_then(|c| c.strip_prefix('`'))
            .and_then(|c| c.strip_suffix('`'))
        {
            keys.push(k.to_string());
        }
    }
    keys
}

/// A marker sentence for a field, unlike any template text.
fn marker(key: &str) -> String {
    format!("Câu riêng của trường {}", key.replace('_', " "))
}

/// `noi_dung` with every documented field set to its marker.
fn noi_dung(keys: &[String]) -> String {
    let mut y = String::from("  noi_dung:\n");
    for k in keys {
        match k.as_str() {
            "bai_hoc" => y.push_str(&format!("    bai_hoc: [\"{}\"]\n", marker(k))),
            "chu_thich" => y.push_str(&format!(
                "    chu_thich: [{{ ma: rieng, noi_dung: \"{}\" }}]\n",
                marker(k)
            )),
            _ => y.push_str(&format!("    {k}: \"{}\"\n", marker(k))),
        }
    }
    // The note is cited from the closing paragraph, or it is left out.
    y = y.replace(
        &format!("ket_luan: \"{}\"", marker("ket_luan")),
        &format!("ket_luan: \"{}[^rieng]\"", marker("ket_luan")),
    );
    y
}

const VAN_BAN: &str = "van_ban:
  co_quan: HUYỆN ỦY MẪU LÂM
  so_ky_hieu: 1-BC/HU
  dia_danh: Mẫu Lâm
  ngay: 2025-07-30
  trich_yeu: kết quả đại hội chi bộ
  nhiem_ky: 2025 - 2027
  nguoi_ky: { tm: T/M BAN THƯỜNG VỤ, chuc_vu: BÍ THƯ, ho_ten: Lê Văn Mẫu }
";

fn cell(name: &str, kind: &str, note: &str) -> String {
    format!(
        "      - {{ ten: {name}, loai: {kind}, dang_vien: 20, dang_vien_chinh_thuc: 20, ngay_dai_hoi: 2025-05-05, chi_uy_vien: 3, nu_cap_uy: 1, bi_thu: {{ ho_ten: Lê Văn A, gioi_tinh: nam, nam_sinh: 1970, tai_cu: true }}, pho_bi_thu: {{ ho_ten: Lê Thị B, gioi_tinh: nu, nam_sinh: 1980, tai_cu: false }}, ghi_chu: \"{note}\" }}\n"
    )
}

/// The data sets: (name, data, uses cell notes).
fn datasets(keys: &[String]) -> Vec<(&'static str, String, bool)> {
    let nd = noi_dung(keys);
    let note = marker("ghi_chu");
    let town = |units: &str| {
        format!(
            "{VAN_BAN}dang_bo:\n  ten: Đảng bộ huyện Mẫu Lâm\n  cap: huyen\n{nd}don_vi:\n{units}"
        )
    };
    let with_villages = town(&format!(
        "  - ma: a\n    ten: Mẫu A\n    loai: xa\n    chi_bo:\n{}",
        cell("Thôn Một", "thon", &note)
    ));
    let no_villages = town(&format!(
        "  - ma: a\n    ten: Mẫu A\n    loai: xa\n    chi_bo:\n{}",
        cell("Trường Một", "truong_hoc", &note)
    ));
    let totals_only =
        town("  - ma: a\n    ten: Mẫu A\n    loai: xa\n    tong_hop: { so_chi_bo: 4 }\n");
    let stated = format!(
        "{VAN_BAN}dang_bo:\n  ten: Đảng bộ huyện Mẫu Lâm\n  cap: huyen\n  ket_qua: {{ so_chi_bo: 9, da_dai_hoi: 9 }}\n{nd}"
    );
    let commune = format!(
        "{}dang_bo:\n  ten: Đảng bộ xã Mẫu Sơn\n  cap: xa\n{nd}  chi_bo_truc_thuoc:\n{}",
        VAN_BAN.replace("HUYỆN ỦY MẪU LÂM", "ĐẢNG ỦY XÃ MẪU SƠN"),
        cell("Thôn Một", "thon", &note).replacen("      - ", "    - ", 1)
    );
    let commune_no_villages = commune.replace("Thôn Một, loai: thon", "Công an, loai: cong_an");
    vec![
        ("huyện, chi bộ thôn", with_villages, false),
        ("huyện, không có chi bộ thôn", no_villages, false),
        ("huyện, đơn vị chỉ có tổng hợp", totals_only, false),
        ("huyện, chỉ có kết quả chung", stated, false),
        ("xã, chi bộ thôn", commune, true),
        ("xã, không có chi bộ thôn", commune_no_villages, true),
    ]
}

/// Every text of the document: blocks, table cells, footnotes.
fn all_text(d: &Document) -> String {
    fn walk(blocks: &[Block], out: &mut String) {
        for b in blocks {
            match b {
                Block::Paragraph(p) => out.push_str(&plain_text(&p.content)),
                Block::Heading { content, .. } => out.push_str(&plain_text(content)),
                Block::List(l) => {
                    for item in &l.items {
                        walk(item, out);
                    }
                }
                Block::Table(t) => {
                    for r in t.header.iter().chain(&t.rows) {
                        for c in &r.cells {
                            out.push_str(&plain_text(c));
                            out.push('\n');
                        }
                    }
                }
                _ => {}
            }
            out.push('\n');
        }
    }
    let mut out = String::new();
    walk(&d.blocks, &mut out);
    for n in &d.footnotes {
        for p in &n.content {
            out.push_str(&plain_text(&p.content));
            out.push('\n');
        }
    }
    out
}

#[test]
fn every_documented_narrative_field_is_printed_by_every_builtin_template() {
    let keys = documented_fields();
    for k in [
        "mo_dau",
        "van_kien",
        "ket_qua",
        "bai_hoc",
        "nhiem_vu",
        "chu_thich",
    ] {
        assert!(
            keys.iter().any(|x| x == k),
            "{k} not read from the docs: {keys:?}"
        );
    }
    let e = Engine::builtin().unwrap();
    let mut missing = Vec::new();
    for (name, text, cells) in datasets(&keys) {
        let data = data::load_str(&text, "t.yaml").unwrap_or_else(|err| panic!("{name}: {err}"));
        let st = stats::derive(&data);
        let d = e
            .render_town(&data, &st)
            .unwrap_or_else(|err| panic!("{name}: {err}"));
        let text = all_text(&d);
        let mut want: Vec<String> = keys.iter().map(|k| marker(k)).collect();
        if cells {
            want.push(marker("ghi_chu"));
        }
        for m in want {
            if !text.contains(&m) {
                missing.push(format!("{name}: «{m}»"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "dropped by a built-in template:\n{}",
        missing.join("\n")
    );
}
