//! The DOCX in schema order (ECMA-376), as Word reads it: a report with every
//! markup feature and hostile names (tests/ci/audit/), rendered by the
//! command, unzipped and checked element by element; and the footnote
//! separator drawn from the settings. tests/ci/docx-audit.sh runs the
//! validator itself on these files (kept through BAOCAO_AUDIT_DIR).

use std::collections::{BTreeMap, HashSet};
use std::io::{Cursor, Read};
use std::process::Command;

use baocao::document::sample;

mod audit_support;
mod schema_support;

fn parts(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().to_string();
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            out.insert(name, s);
        }
    }
    out
}

fn render_fixture(dir: &std::path::Path) -> Vec<u8> {
    let o = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(["render", "tests/ci/audit/la.yaml", "--template"])
        .arg("tests/ci/audit/tat-ca.md.tera")
        .args(["-f", "docx", "-q", "-o"])
        .arg(dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(dir.join("la.docx")).unwrap();
    audit_support::keep(&bytes);
    bytes
}

#[test]
fn every_feature_comes_out_in_schema_order() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = render_fixture(dir.path());
    let p = parts(&bytes);
    let document = &p["word/document.xml"];

    // The fixture has what it claims: lists, a table, an image, 40 notes.
    assert!(document.contains("<w:numPr>"));
    assert!(document.contains("<w:tbl>"));
    assert!(document.contains("<wp:docPr"));
    assert_eq!(document.matches("<w:footnoteReference").count(), 40);
    assert!(document.contains("<w:u ") && document.contains("superscript"));

    // Every ordered element of every part in the schema's sequence
    // (tests/schema_support: pPr, rPr, numPr, tblPr, tcPr, sectPr, style,
    // lvl, docDefaults, borders; no rPr in a style's pPr, no gridCol w:type).
    for (name, xml) in &p {
        let faults = schema_support::faults(xml);
        assert!(faults.is_empty(), "{name}: {faults:?}");
    }
    // The paragraphs' pPr and the runs' rPr were looked at.
    assert!(schema_support::sequence("w:pPr").is_some() && document.contains("<w:pPr>"));
    assert!(document.contains("<w:rPr>") && p["word/styles.xml"].contains("<w:style "));
    assert!(
        document.contains("<w:tblGrid><w:gridCol "),
        "no w:gridCol: no table?"
    );

    // One definition per list id, and every list used is defined.
    let numbering = &p["word/numbering.xml"];
    for (tag, attr) in [
        ("<w:abstractNum ", "w:abstractNumId=\""),
        ("<w:num ", "w:numId=\""),
    ] {
        let ids: Vec<&str> = numbering
            .split(tag)
            .skip(1)
            .map(|s| {
                let v = &s[s.find(attr).unwrap() + attr.len()..];
                &v[..v.find('"').unwrap()]
            })
            .collect();
        assert_eq!(
            ids.len(),
            ids.iter().collect::<HashSet<_>>().len(),
            "{tag}: {ids:?}"
        );
    }

    // The theme part, related and typed; Word 2013+ compatibility.
    assert!(p["word/theme/theme1.xml"].contains("<a:fontScheme"));
    assert!(p["word/_rels/document.xml.rels"].contains(r#"/theme" Target="theme/theme1.xml""#));
    assert!(p["[Content_Types].xml"].contains(
        r#"PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml""#
    ));
    assert!(p["word/settings.xml"].contains(
        r#"w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15""#
    ));

    // The same input gives the same bytes.
    let again = tempfile::tempdir().unwrap();
    assert!(render_fixture(again.path()) == bytes);
}

/// The DOCX files `baocao ARGS -f docx` writes into a new folder.
fn rendered(args: &[&str]) -> Vec<(String, Vec<u8>)> {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(args)
        .args(["-f", "docx", "-q", "-o"])
        .arg(dir.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "docx"))
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

/// Every part of every report, in the order of the schema's sequences (the
/// full tables in tests/schema_support): the town reports, a commune's, every
/// ward of a batch (with the town's landscape annex), and the every-feature
/// template with hostile names. docx-rs writes them so (vendor/docx-rs,
/// patched); nothing re-sorts them afterwards.
#[test]
fn every_part_of_every_report_is_in_schema_order() {
    let mut files = Vec::new();
    for args in [
        &["render", "data/ky-anh-2019.yaml"][..],
        &["render", "data/mau-xa-2025.yaml"],
        &["batch", "data/mau-12-don-vi.yaml"],
        &["batch", "tests/ci/audit/la.yaml"],
        &[
            "render",
            "tests/ci/audit/la.yaml",
            "--template",
            "tests/ci/audit/tat-ca.md.tera",
        ],
    ] {
        files.extend(rendered(args));
    }
    assert!(files.len() >= 18, "{} files", files.len());
    let mut checked = 0;
    for (file, bytes) in &files {
        for (part, xml) in parts(bytes) {
            if !part.ends_with(".xml") {
                continue;
            }
            let faults = schema_support::faults(&xml);
            assert!(faults.is_empty(), "{file} {part}: {faults:?}");
            checked += 1;
        }
    }
    // document, styles, settings, fontTable, footnotes, numbering, theme,
    // header, footer, core, app, content types: at least 10 per file.
    assert!(checked >= 10 * files.len(), "{checked} parts");
}

#[test]
fn the_order_check_finds_what_is_out_of_order() {
    let f = schema_support::faults;
    assert!(
        f(r#"<w:p><w:pPr><w:pStyle w:val="A" /><w:jc w:val="both" /></w:pPr></w:p>"#).is_empty()
    );
    assert_eq!(
        f(r#"<w:p><w:pPr><w:jc w:val="both" /><w:spacing /></w:pPr></w:p>"#),
        ["w:pPr: w:spacing after w:jc"]
    );
    assert_eq!(
        f(r#"<w:r><w:rPr><w:sz w:val="2" /><w:b /></w:rPr></w:r>"#),
        ["w:rPr: w:b after w:sz"]
    );
    assert_eq!(
        f(r#"<w:sectPr><w:pgSz /><w:headerReference /></w:sectPr>"#),
        ["w:sectPr: w:headerReference after w:pgSz"]
    );
    assert_eq!(
        f(r#"<w:style><w:name /><w:pPr><w:rPr /></w:pPr></w:style>"#),
        ["w:rPr in the w:pPr of w:style"]
    );
    assert_eq!(
        f(r#"<w:tblGrid><w:gridCol w:w="1" w:type="dxa" /></w:tblGrid>"#),
        ["w:gridCol with w:type"]
    );
    // An element the table does not know ranks last.
    assert_eq!(
        f(r#"<w:rPr><w14:x /><w:b /></w:rPr>"#),
        ["w:rPr: w:b after an element outside the sequence"]
    );
}

/// The two separator footnotes' paragraph properties.
fn separators(doc: &baocao::document::Document) -> Vec<String> {
    let r = baocao::docx::render(doc).unwrap();
    audit_support::keep(&r.bytes);
    let notes = parts(&r.bytes)["word/footnotes.xml"].clone();
    ["separator", "continuationSeparator"]
        .iter()
        .map(|kind| {
            let start = notes.find(&format!("w:type=\"{kind}\"")).unwrap();
            let body = &notes[start..start + notes[start..].find("</w:footnote>").unwrap()];
            // The character is there (LibreOffice draws its rule from it) but hidden.
            assert!(
                body.contains(&format!(
                    "<w:r><w:rPr><w:vanish /></w:rPr><w:{kind} /></w:r>"
                )),
                "{body}"
            );
            body.to_string()
        })
        .collect()
}

#[test]
fn the_footnote_separator_follows_rule_length_and_gap() {
    let tw = |mm: f32| ((mm * 1440.0 / 25.4).round() as i32).to_string();
    let mut doc = sample::report(0);
    for (rule, gap) in [(50.0, 4.0), (30.0, 7.5), (200.0, 0.0)] {
        doc.settings = doc
            .settings
            .changed(|s| {
                s.footnotes.rule_length = rule;
                s.footnotes.gap = gap;
            })
            .unwrap();
        let s = &doc.settings;
        let measure = s.paper.width - s.margins.left - s.margins.right;
        for body in separators(&doc) {
            // A 0.5 pt rule (w:sz in eighths of a point) under an empty line,
            // as long as rule_length: the right indent leaves that much.
            assert!(
                body.contains(r#"<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000" /></w:pBdr>"#),
                "{body}"
            );
            let right = tw((measure - rule).max(0.0));
            assert!(
                body.contains(&format!(
                    r#"<w:ind w:left="0" w:right="{right}" w:firstLine="0" />"#
                )),
                "rule {rule} mm: {body}"
            );
            assert!(
                body.contains(&format!(r#"<w:spacing w:before="{}" "#, tw(gap))),
                "gap {gap} mm: {body}"
            );
        }
    }
    // The defaults: 50 mm of the 165 mm measure, 4 mm gap.
    let defaults = separators(&sample::report(0));
    assert!(defaults[0].contains(r#"w:right="6520""#) && defaults[0].contains(r#"w:before="227""#));
}
