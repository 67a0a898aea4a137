//! The prose corpus (`tests/prose/*.yaml`): each case is a small invented
//! data file and the exact sentences its report must and must not contain,
//! read back from the PDF (poppler's `pdftotext`, else our own text
//! extraction) and from the DOCX XML (body, footnotes, document
//! properties). A new case is a file, not code:
//!
//! ```yaml
//! mo_ta: what the case checks
//! bao_cao: chung          # the data's report; or a unit id (`don_vi[].ma`)
//! bang_tinh: true         # also through a workbook (chuyen YAML -> xlsx)
//! phai_co: [ ... ]        # sentences the report must contain
//! khong_co: [ ... ]       # sentences it must not contain
//! chua_ro: [ ... ]        # field paths `baocao check` lists as unknown
//! theo_thu_tu: [ ... ]    # texts that must appear in this order
//! du_lieu: { van_ban: ..., dang_bo: ..., don_vi: ... }
//! ```
//!
//! Text is compared without whitespace: a PDF breaks lines anywhere.

mod pdf_support;

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use baocao::data::{self, Dataset};
use baocao::stats;
use baocao::template::Engine;
use baocao::{docx, pdf};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    mo_ta: String,
    #[serde(default = "chung")]
    bao_cao: String,
    #[serde(default)]
    bang_tinh: bool,
    #[serde(default)]
    phai_co: Vec<String>,
    #[serde(default)]
    khong_co: Vec<String>,
    #[serde(default)]
    chua_ro: Vec<String>,
    #[serde(default)]
    theo_thu_tu: Vec<String>,
    du_lieu: yaml_serde::Value,
}

fn chung() -> String {
    "chung".to_string()
}

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/prose");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    v.sort();
    v
}

/// Whitespace removed, NFC: what is compared.
fn squeeze(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc().filter(|c| !c.is_whitespace()).collect()
}

fn pdf_text(bytes: &[u8], dir: &Path) -> String {
    let path = dir.join("r.pdf");
    std::fs::write(&path, bytes).unwrap();
    match std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => String::from_utf8(out.stdout).unwrap(),
        _ => pdf_support::extract(bytes)
            .iter()
            .flat_map(|p| p.runs.iter().map(|r| r.text.clone()))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// The text of the DOCX: every `<w:t>` of the body and the footnotes, and
/// the document properties (title, author, subject).
fn docx_text(bytes: &[u8]) -> String {
    use quick_xml::events::Event;
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut out = String::new();
    for part in [
        "word/document.xml",
        "word/footnotes.xml",
        "docProps/core.xml",
    ] {
        let Ok(mut f) = z.by_name(part) else { continue };
        let mut xml = String::new();
        f.read_to_string(&mut xml).unwrap();
        let all = part == "docProps/core.xml";
        let mut r = quick_xml::Reader::from_str(&xml);
        let mut in_t = false;
        loop {
            match r.read_event().unwrap() {
                Event::Start(e) if e.name().as_ref() == b"w:t" => in_t = true,
                Event::End(e) if e.name().as_ref() == b"w:t" => in_t = false,
                Event::End(e) if e.name().as_ref() == b"w:p" || all => out.push('\n'),
                Event::Text(t) if in_t || all => out.push_str(&t.decode().unwrap()),
                Event::GeneralRef(g) if in_t || all => {
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

fn load_case(path: &Path) -> (Case, Dataset) {
    let text = std::fs::read_to_string(path).unwrap();
    let case: Case =
        yaml_serde::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let yaml = yaml_serde::to_string(&case.du_lieu).unwrap();
    let data = data::load_str(&yaml, &path.display().to_string())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (case, data)
}

/// The report's PDF and DOCX text of `data`.
fn texts(case: &Case, data: &Dataset, dir: &Path) -> Vec<(&'static str, String)> {
    let st = stats::derive(data);
    let errors: Vec<_> = stats::check(data, &st)
        .into_iter()
        .filter(|f| f.severity == stats::Severity::Error)
        .collect();
    assert!(
        errors.is_empty(),
        "{}: errors in the data: {errors:?}",
        case.mo_ta
    );
    let e = Engine::builtin().unwrap();
    let d = match case.bao_cao.as_str() {
        "chung" => e.render_town(data, &st),
        id => e.render_ward(data, &st, id),
    }
    .unwrap_or_else(|err| panic!("{}: {err}", case.mo_ta));
    vec![
        ("pdf", pdf_text(&pdf::render(&d).unwrap().bytes, dir)),
        ("docx", docx_text(&docx::render(&d).unwrap().bytes)),
    ]
}

fn check_texts(name: &str, case: &Case, texts: &[(&str, String)], failures: &mut Vec<String>) {
    // The texts, to read when a case fails: target/prose-cases/NAME.FORMAT.txt.
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/prose-cases");
    let _ = std::fs::create_dir_all(&out);
    for (format, text) in texts {
        let _ = std::fs::write(out.join(format!("{name}.{format}.txt")), text);
        // pdftotext joins a line ending in "-" to the next without it.
        let squeeze = |s: &str| match *format {
            "pdf" => squeeze(s).replace('-', ""),
            _ => squeeze(s),
        };
        let flat = squeeze(text);
        for s in &case.phai_co {
            if !flat.contains(&squeeze(s)) {
                failures.push(format!("{name} ({format}): thiếu (missing) «{s}»"));
            }
        }
        let mut from = 0;
        for s in &case.theo_thu_tu {
            match flat[from..].find(&squeeze(s)) {
                Some(i) => from += i + squeeze(s).len(),
                None => failures.push(format!(
                    "{name} ({format}): «{s}» không đúng thứ tự (not in order: {:?})",
                    case.theo_thu_tu
                )),
            }
        }
        for s in &case.khong_co {
            if flat.contains(&squeeze(s)) {
                failures.push(format!(
                    "{name} ({format}): không được có (must not contain) «{s}»"
                ));
            }
        }
    }
}

#[test]
fn every_prose_case_reads_right_in_pdf_and_docx() {
    let all = cases();
    assert!(all.len() >= 30, "{} cases: at least 30", all.len());
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for path in &all {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let (case, data) = load_case(path);
        assert!(
            !case.phai_co.is_empty() || !case.khong_co.is_empty(),
            "{name}: a case says what the report must or must not contain"
        );
        let t = texts(&case, &data, dir.path());
        check_texts(&name, &case, &t, &mut failures);
        let st = stats::derive(&data);
        let info: Vec<String> = stats::check(&data, &st)
            .into_iter()
            .filter(|f| f.severity == stats::Severity::Info)
            .map(|f| f.path)
            .collect();
        for p in &case.chua_ro {
            if !info.contains(p) {
                failures.push(format!(
                    "{name}: `check` does not list `{p}` as unknown: {info:?}"
                ));
            }
        }
        if case.bang_tinh {
            // The same data typed into a workbook: the same report.
            let bytes = data::sheet::write::workbook(&data)
                .unwrap_or_else(|e| panic!("{name}: workbook: {e}"));
            let xlsx = dir.path().join("du-lieu.xlsx");
            std::fs::write(&xlsx, bytes).unwrap();
            let back = data::load_file(&xlsx).unwrap_or_else(|e| panic!("{name}: {e}"));
            let t = texts(&case, &back, dir.path());
            check_texts(&format!("{name} [xlsx]"), &case, &t, &mut failures);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
