//! Any party committee, data as text: the commune sample (a committee
//! reporting on its own cells), an invented huyện, hostile names, extra
//! `them:` fields and curly quotes, read back from the PDF and the DOCX.

mod cli_support;
mod pdf_support;

use std::io::{Cursor, Read};
use std::path::Path;

use baocao::data;
use baocao::document::{plain_text, Block, Document, Inline};
use baocao::template::Engine;
use baocao::{docx, pdf, stats};
use cli_support::{baocao, stderr, stdout};

fn sample_text(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data")
            .join(name),
    )
    .unwrap()
}

/// Text with every whitespace removed: lines break anywhere in a PDF.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// All text of a PDF (every run of every page).
fn pdf_text(bytes: &[u8]) -> String {
    pdf_support::extract(bytes)
        .iter()
        .flat_map(|p| p.runs.iter().map(|r| r.text.clone()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// All `<w:t>` text of the DOCX body and footnotes, entities decoded.
fn docx_text(bytes: &[u8]) -> String {
    use quick_xml::events::Event;
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut out = String::new();
    for part in ["word/document.xml", "word/footnotes.xml"] {
        let Ok(mut f) = z.by_name(part) else { continue };
        let mut xml = String::new();
        f.read_to_string(&mut xml).unwrap();
        let mut r = quick_xml::Reader::from_str(&xml);
        let mut in_t = false;
        loop {
            match r.read_event().unwrap() {
                Event::Start(e) if e.name().as_ref() == b"w:t" => in_t = true,
                Event::End(e) if e.name().as_ref() == b"w:t" => {
                    in_t = false;
                    out.push(' ');
                }
                Event::Text(t) if in_t => out.push_str(&t.decode().unwrap()),
                Event::GeneralRef(g) if in_t => {
                    let name = g.decode().unwrap();
                    out.push_str(match name.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        other => panic!("entity {other}"),
                    });
                }
                Event::Eof => break,
                _ => {}
            }
        }
    }
    out
}

/// The document's body text, paragraph per line.
fn body(d: &Document) -> String {
    fn walk(blocks: &[Block], out: &mut String) {
        for b in blocks {
            match b {
                Block::Heading { content, .. } => out.push_str(&plain_text(content)),
                Block::Paragraph(p) => out.push_str(&plain_text(&p.content)),
                Block::List(l) => l.items.iter().for_each(|i| walk(i, out)),
                Block::Table(t) => {
                    out.push_str(&plain_text(&t.caption));
                    for r in t.header.iter().chain(&t.rows) {
                        let cells: Vec<String> = r.cells.iter().map(|c| plain_text(c)).collect();
                        out.push_str(&cells.join(" | "));
                        out.push('\n');
                    }
                }
                _ => {}
            }
            out.push('\n');
        }
    }
    let mut s = String::new();
    walk(&d.blocks, &mut s);
    for f in &d.footnotes {
        for p in &f.content {
            s.push_str(&plain_text(&p.content));
            s.push('\n');
        }
    }
    s
}

/// PDF text and DOCX text of a document.
fn both_formats(d: &Document) -> [(&'static str, String); 2] {
    [
        ("pdf", pdf_text(&pdf::render(d).unwrap().bytes)),
        ("docx", docx_text(&docx::render(d).unwrap().bytes)),
    ]
}

#[test]
fn the_commune_sample_checks_clean_and_renders_both_formats() {
    let out = baocao(&["check", "data/mau-xa-2025.yaml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("0 lỗi, 0 cảnh báo"),
        "{}",
        stdout(&out)
    );

    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().to_str().unwrap();
    let out = baocao(&["render", "data/mau-xa-2025.yaml", "-o", o]);
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf_bytes = std::fs::read(dir.path().join("mau-xa-2025.pdf")).unwrap();
    let docx_bytes = std::fs::read(dir.path().join("mau-xa-2025.docx")).unwrap();
    for (format, text) in [
        ("pdf", pdf_text(&pdf_bytes)),
        ("docx", docx_text(&docx_bytes)),
    ] {
        let t = squeeze(&text);
        for want in [
            "ĐẢNGBỘTỈNHHÀTĨNH",
            "ĐẢNGỦYXÃMẪUSƠN",
            "Số45-BC/ĐU",
            "ThựchiệnKếhoạchsố12-KH/ĐU",
            "BanThườngvụĐảngủyxãMẫuSơnbáocáokếtquảđạihộicácchibộtrựcthuộc",
            "ĐảngbộxãMẫuSơncó8chibộtrựcthuộc",
            "Có7/8chibộđãtiếnhànhđạihộinhiệmkỳ2025-2027,đạt87,50%",
            "ChibộThônNamSơn(thànhlậpsausápnhập,nhiệmkỳ2025-2030)tổchứcđạihộilầnthứnhất",
            "Còn1chibộchưatổchứcđạihội:ChibộCônganxã(hoãnđạihội",
            "Kếtquảbầucử,chỉđịnhĐạihội6chibộđãbầu19cấpủyviên,6bíthư,6phóbíthư;1chibộđượcBanThườngvụĐảngủychỉđịnh5cấpủyviên,1bíthư,1phóbíthư",
            "đãbầu120đạibiểudựĐạihộiĐảngbộxãMẫuSơn",
            "chưađạihội",
            "T/MĐẢNGỦY",
        ] {
            assert!(t.contains(want), "{format}: `{want}` missing in\n{text}");
        }
        let lower = text.to_lowercase();
        for never in ["thị xã", "thị ủy", "phường", "huyện"] {
            assert!(!lower.contains(never), "{format}: `{never}` in\n{text}");
        }
    }
}

#[test]
fn the_commune_table_total_is_its_column_sum() {
    let data = data::load_str(&sample_text("mau-xa-2025.yaml"), "mau-xa-2025.yaml").unwrap();
    let st = stats::derive(&data);
    let d = Engine::builtin().unwrap().render_town(&data, &st).unwrap();
    let t = d
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .expect("the cell table");
    let (total, cells) = t.rows.split_last().unwrap();
    assert!(total.emphasis);
    for col in [2, 4] {
        let sum: u32 = cells
            .iter()
            .map(|r| {
                let s = plain_text(&r.cells[col]);
                s.split_whitespace()
                    .next()
                    .unwrap_or("0")
                    .replace('.', "")
                    .parse::<u32>()
                    .unwrap_or(0)
            })
            .sum();
        assert_eq!(
            plain_text(&total.cells[col]),
            sum.to_string(),
            "column {col}"
        );
    }
}

/// The 12-unit sample turned into a huyện with xã and thị trấn.
fn huyen() -> data::Dataset {
    let text = sample_text("mau-12-don-vi.yaml")
        .replace("THỊ ỦY", "HUYỆN ỦY")
        .replace("Thị ủy", "Huyện ủy")
        .replace("thị xã", "huyện")
        .replace("Th.U", "H.U")
        .replace("loai: phuong", "loai: thi_tran")
        .replace(
            "  ten: Đảng bộ huyện Kỳ Anh\n",
            "  ten: Đảng bộ huyện Kỳ Anh\n  cap: huyen\n",
        );
    assert!(text.contains("cap: huyen"));
    data::load_str(&text, "huyen.yaml").unwrap()
}

#[test]
fn a_huyen_report_never_says_thi_xa() {
    let data = huyen();
    let st = stats::derive(&data);
    let e = Engine::builtin().unwrap();
    let town = e.render_town(&data, &st).unwrap();
    let ward = e.render_ward(&data, &st, &data.don_vi[0].ma).unwrap();
    for (which, d) in [("town", &town), ("ward", &ward)] {
        for (format, text) in both_formats(d) {
            let lower = text.to_lowercase();
            for never in ["thị xã", "thị ủy", "phường", "th.u"] {
                assert!(
                    !lower.contains(never),
                    "{which} {format}: `{never}` in\n{text}"
                );
            }
        }
    }
    let t = body(&town);
    assert!(t.contains("(12 Đảng bộ xã, thị trấn;"), "{t}");
    assert!(t.contains("Toàn Đảng bộ huyện đến nay có"), "{t}");
    assert!(t.contains("Đối với các xã, thị trấn:"), "{t}");
    let w = body(&ward);
    assert!(
        w.contains("Ban Thường vụ Đảng ủy thị trấn Sông Trí báo cáo"),
        "{w}"
    );
    let h = ward.meta.header.as_ref().unwrap();
    assert_eq!(h.superior, "ĐẢNG BỘ HUYỆN KỲ ANH");
    assert_eq!(h.issuer, "ĐẢNG ỦY THỊ TRẤN SÔNG TRÍ");
}

#[test]
fn the_level_is_read_from_the_name_when_not_stated() {
    // The 2019 sample states no `cap`: "Đảng bộ thị xã Kỳ Anh" says it.
    let data = data::load_str(&sample_text("ky-anh-2019.yaml"), "ky-anh-2019.yaml").unwrap();
    assert!(data.dang_bo.cap.is_none());
    let d = Engine::builtin()
        .unwrap()
        .render_town(&data, &stats::derive(&data))
        .unwrap();
    let t = body(&d);
    assert!(
        t.contains("Toàn Đảng bộ thị xã đến nay có 4.283 đảng viên"),
        "{t}"
    );
    assert!(t.contains("(12 Đảng bộ xã, phường;"), "{t}");
}

const HOSTILE: [&str; 8] = [
    "Kỳ *Sao* Đỏ",
    "_Hà_ [^9] #1",
    "<b>Liên</b> \\ | {.center}",
    "1. TDP `x` ~y~",
    "- Thôn &amp; \"Mới\"",
    "Table: Bảng ^2^",
    "![a](b.png) {.total}",
    "\\newpage",
];

/// A huyện whose town, wards, cells and people bear hostile names.
fn hostile() -> data::Dataset {
    let q = |s: &str| format!("'{}'", s.replace('\'', "''"));
    let mut y = String::from(
        "van_ban:\n  cap_tren: ĐẢNG BỘ TỈNH MẪU\n  co_quan: 'HUYỆN ỦY *MẪU*'\n  so_ky_hieu: '9-BC/H.U'\n  dia_danh: Mẫu\n  ngay: 2025-05-05\n  trich_yeu: 'kết quả *đại hội*, nhiệm kỳ 2025 - 2027'\n  nhiem_ky: 2025 - 2027\n  nguoi_ky: { tm: T/M BAN THƯỜNG VỤ, chuc_vu: BÍ THƯ, ho_ten: 'Nguyễn *Văn* A' }\n",
    );
    y.push_str(&format!(
        "dang_bo:\n  ten: {}\n  cap: huyen\n  dang_vien: 100\n  noi_dung:\n    uu_diem: 'Văn *nghiêng* \"trích dẫn\".'\n    han_che: x\n    nhiem_vu: y\ndon_vi:\n",
        q(&format!("Đảng bộ huyện {}", HOSTILE[0]))
    ));
    for (i, name) in HOSTILE.iter().enumerate() {
        y.push_str(&format!(
            "  - ma: d{i}\n    ten: {}\n    loai: xa\n    chi_bo:\n      - ten: {}\n        loai: thon\n        dang_vien: 12\n        dang_vien_chinh_thuc: 12\n        ngay_dai_hoi: 2025-04-0{}\n        chi_uy_vien: 3\n        bi_thu: {{ ho_ten: {}, gioi_tinh: nam, nam_sinh: 1970, tai_cu: true }}\n        pho_bi_thu: {{ ho_ten: Trần Văn B, gioi_tinh: nam, nam_sinh: 1980 }}\n",
            q(name),
            q(&format!("Chi {name}")),
            i + 1,
            q(&format!("Ông {name}")),
        ));
    }
    data::load_str(&y, "hostile.yaml").unwrap()
}

fn no_styled_run(d: &Document, word: &str) {
    fn walk(blocks: &[Block], word: &str) {
        for b in blocks {
            let runs: Vec<&Vec<Inline>> = match b {
                Block::Paragraph(p) => vec![&p.content],
                Block::Heading { .. } => vec![],
                Block::Table(t) => t
                    .rows
                    .iter()
                    .filter(|r| !r.emphasis)
                    .flat_map(|r| r.cells.iter())
                    .collect(),
                Block::List(l) => {
                    l.items.iter().for_each(|i| walk(i, word));
                    vec![]
                }
                _ => vec![],
            };
            for r in runs.into_iter().flatten() {
                if let Inline::Text { text, style } = r {
                    if text.contains(word) {
                        assert!(!style.italic && !style.superscript, "`{text}` is styled");
                    }
                }
            }
        }
    }
    walk(&d.blocks, word);
}

#[test]
fn hostile_names_print_exactly_in_town_ward_and_annex() {
    let data = hostile();
    let st = stats::derive(&data);
    let e = Engine::builtin().unwrap();
    let town = e.render_town(&data, &st).unwrap();
    let t = body(&town);
    assert!(
        t.contains(&format!("Đảng bộ huyện {} hiện có", HOSTILE[0])),
        "{t}"
    );
    // The annex: a row per ward, each name exactly as written.
    for name in HOSTILE {
        assert!(
            t.contains(&format!(" | xã {name} | 1 | 1 | 100% |")),
            "annex row of `{name}` in\n{t}"
        );
    }
    assert_eq!(town.meta.header.as_ref().unwrap().issuer, "HUYỆN ỦY *MẪU*");
    assert_eq!(town.meta.author, "Huyện ủy *Mẫu*");
    no_styled_run(&town, "Sao");
    // The narrative stays Markdown: italics and curly quotes.
    assert!(t.contains("Văn nghiêng “trích dẫn”."), "{t}");
    for (format, text) in both_formats(&town) {
        let s = squeeze(&text);
        for name in HOSTILE {
            assert!(
                s.contains(&squeeze(name)),
                "{format}: `{name}` not in\n{text}"
            );
        }
    }
    for (i, name) in HOSTILE.iter().enumerate() {
        let w = e.render_ward(&data, &st, &format!("d{i}")).unwrap();
        let b = body(&w);
        assert!(b.contains(&format!("Đảng bộ xã {name} có 1 chi bộ")), "{b}");
        assert!(b.contains(&format!("| Chi {name} |")), "{b}");
        assert!(b.contains(&format!("| Ông {name} (1970) |")), "{b}");
        assert_eq!(
            w.meta.header.as_ref().unwrap().issuer,
            format!("ĐẢNG ỦY XÃ {}", name.to_uppercase())
        );
        no_styled_run(&w, "Sao");
        for (format, text) in both_formats(&w) {
            let s = squeeze(&text);
            assert!(
                s.contains(&squeeze(&format!("Chi {name}"))),
                "{format}: `{name}` in\n{text}"
            );
            assert!(
                s.contains(&squeeze(&format!("Ông {name}"))),
                "{format}: `{name}` in\n{text}"
            );
        }
    }
}

#[test]
fn render_markup_shows_data_backslash_escaped() {
    let data = hostile();
    let st = stats::derive(&data);
    let m = Engine::builtin()
        .unwrap()
        .render_markup_ward(&data, &st, "d0")
        .unwrap();
    assert!(m.contains("xã Kỳ \\*Sao\\* Đỏ"), "{m}");
}

#[test]
fn them_fields_reach_templates_and_known_keys_stay_checked() {
    let text = sample_text("mau-xa-2025.yaml")
        .replace(
            "  nhiem_ky: 2025 - 2027\n",
            "  nhiem_ky: 2025 - 2027\n  them: { so_ban: '07 *bản*' }\n",
        )
        .replace(
            "      dang_vien: 42\n",
            "      dang_vien: 42\n      them: { so_dai_bieu: 9, ghi_chu_rieng: '[^x] *y*' }\n",
        );
    let data = data::load_str(&text, "them.yaml").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let tpl = dir.path().join("rieng.md.tera");
    std::fs::write(
        &tpl,
        "{% extends \"bao-cao-phuong-xa.md.tera\" %}{% block ket_luan %}Bản: {{ van_ban.them.so_ban }}; đại biểu: {{ ward.them.so_dai_bieu }}, {{ ward.chi_bo[0].them.so_dai_bieu }}; {{ ward.chi_bo[0].them.ghi_chu_rieng }}.{% endblock ket_luan %}",
    )
    .unwrap();
    let e = Engine::with_file(&tpl, None).unwrap();
    let d = e.render_town(&data, &stats::derive(&data)).unwrap();
    let b = body(&d);
    assert!(
        b.contains("Bản: 07 *bản*; đại biểu: 120, 9; [^x] *y*."),
        "{b}"
    );

    // A misspelt known key next to `them` is still an error, located.
    let bad =
        sample_text("mau-xa-2025.yaml").replace("      dang_vien: 42\n", "      dang_vienn: 42\n");
    let err = data::load_str(&bad, "bad.yaml").unwrap_err().to_string();
    assert!(
        err.contains("bad.yaml:") && err.contains("dang_vienn"),
        "{err}"
    );
    assert!(err.contains("chi_bo_truc_thuoc[0]"), "{err}");
}

#[test]
fn quotes_curl_in_narrative_unless_turned_off_never_in_names() {
    let text =
        sample_text("mau-xa-2025.yaml").replace("ten: Thôn Tây Sơn", "ten: Thôn \"Tây\" Sơn's");
    let data = data::load_str(&text, "q.yaml").unwrap();
    let st = stats::derive(&data);
    let d = Engine::builtin().unwrap().render_town(&data, &st).unwrap();
    let b = body(&d);
    assert!(
        b.contains("tinh thần “đoàn kết, dân chủ, kỷ cương, đổi mới” được"),
        "{b}"
    );
    assert!(b.contains("chi bộ ‘mới sáp nhập’ còn"), "{b}");
    assert!(b.contains("| Thôn \"Tây\" Sơn's |"), "{b}");
    for (format, text) in both_formats(&d) {
        assert!(text.contains('“') && text.contains('”'), "{format}");
        assert!(
            squeeze(&text).contains("Thôn\"Tây\"Sơn's"),
            "{format}: {text}"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("settings.yaml"),
        "typography: { smart_quotes: false }\n",
    )
    .unwrap();
    let d = Engine::with_dir(dir.path())
        .unwrap()
        .render_town(&data, &st)
        .unwrap();
    let b = body(&d);
    assert!(
        b.contains("tinh thần \"đoàn kết, dân chủ, kỷ cương, đổi mới\" được"),
        "{b}"
    );
    assert!(!b.contains('“'), "{b}");
}

#[test]
fn a_name_with_leading_spaces_is_not_a_code_block() {
    let text = sample_text("ky-anh-2019.yaml").replace(
        "  ten: Đảng bộ thị xã Kỳ Anh\n",
        "  ten: '    Đảng bộ thị xã Kỳ Anh'\n",
    );
    let data = data::load_str(&text, "sp.yaml").unwrap();
    let d = Engine::builtin()
        .unwrap()
        .render_town(&data, &stats::derive(&data))
        .unwrap();
    assert!(body(&d).contains("Đảng bộ thị xã Kỳ Anh hiện có 32 tổ chức"));
}

#[test]
fn no_builtin_template_names_a_level() {
    for (name, src) in baocao::template::builtin_templates() {
        // Template text without its `{# ... #}` comments.
        let mut text = String::new();
        let mut rest = *src;
        while let Some(i) = rest.find("{#") {
            text.push_str(&rest[..i]);
            rest = rest[i..].find("#}").map_or("", |j| &rest[i + j + 2..]);
        }
        text.push_str(rest);
        let lower = text.to_lowercase();
        for level in [
            "tỉnh",
            "thành phố",
            "huyện",
            "thị xã",
            "quận",
            "phường",
            "thị trấn",
            "đặc khu",
            "thị ủy",
            "huyện ủy",
            "tỉnh ủy",
            "thành ủy",
            "quận ủy",
            "đảng ủy",
        ] {
            assert!(!lower.contains(level), "{name} names `{level}`");
        }
        let words: Vec<&str> = lower.split(|c: char| !c.is_alphabetic()).collect();
        assert!(!words.contains(&"xã"), "{name} names `xã`");
    }
}

#[test]
fn the_commune_sample_in_nfd_renders_the_same_bytes() {
    use unicode_normalization::UnicodeNormalization;
    let nfc = sample_text("mau-xa-2025.yaml");
    let nfd: String = nfc.nfd().collect();
    assert_ne!(nfc, nfd);
    let render = |text: &str| {
        let data = data::load_str(text, "mau-xa-2025.yaml").unwrap();
        let d = Engine::builtin()
            .unwrap()
            .render_town(&data, &stats::derive(&data))
            .unwrap();
        (
            pdf::render(&d).unwrap().bytes,
            docx::render(&d).unwrap().bytes,
        )
    };
    let a = render(&nfc);
    assert!(a == render(&nfd), "NFD input gives other bytes");
    assert!(a == render(&nfc), "two runs give other bytes");
}

#[test]
fn own_cells_beside_units_are_not_dropped_silently() {
    let cells = "  chi_bo_truc_thuoc:\n    - { ten: Cơ quan Huyện ủy, loai: co_quan, dang_vien: 20, dang_vien_chinh_thuc: 20, ngay_dai_hoi: 2019-07-01, chi_uy_vien: 3 }\n";
    let text = sample_text("mau-12-don-vi.yaml").replace(
        "  dang_vien: 5032\n",
        &format!("  dang_vien: 5032\n{cells}"),
    );
    let data = data::load_str(&text, "both.yaml").unwrap();
    let findings = stats::check(&data, &stats::derive(&data));
    assert!(
        findings
            .iter()
            .any(|f| f.path == "dang_bo.chi_bo_truc_thuoc"),
        "{findings:?}"
    );
}

/// The same round trip through poppler's `pdftotext`, where it is installed
/// (scripts/test.sh installs it; under CI its absence is a failure).
#[test]
fn hostile_names_survive_pdftotext() {
    let Ok(probe) = std::process::Command::new("pdftotext").arg("-v").output() else {
        // Under CI a missing test tool is a failure (scripts/test.sh installs it).
        assert!(
            std::env::var_os("CI").is_none_or(|v| v.is_empty()),
            "pdftotext not installed (apt-get install poppler-utils)"
        );
        eprintln!("SKIP: pdftotext not installed (apt-get install poppler-utils)");
        return;
    };
    assert!(probe.status.success() || !probe.stderr.is_empty());
    let data = hostile();
    let st = stats::derive(&data);
    let e = Engine::builtin().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut docs = vec![("town".to_string(), e.render_town(&data, &st).unwrap())];
    for i in 0..HOSTILE.len() {
        docs.push((
            format!("d{i}"),
            e.render_ward(&data, &st, &format!("d{i}")).unwrap(),
        ));
    }
    for (name, d) in docs {
        let path = dir.path().join(format!("{name}.pdf"));
        std::fs::write(&path, pdf::render(&d).unwrap().bytes).unwrap();
        let out = std::process::Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = squeeze(&String::from_utf8(out.stdout).unwrap());
        let names: Vec<&str> = match name.strip_prefix('d') {
            Some(i) => vec![HOSTILE[i.parse::<usize>().unwrap()]],
            None => HOSTILE.to_vec(),
        };
        for n in names {
            assert!(text.contains(&squeeze(n)), "{name}: `{n}` not in {text}");
        }
    }
}
