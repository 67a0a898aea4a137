//! Characters the family lacks (CJK, emoji) in a name: drawn with the
//! fallback fonts of `fonts.fallback`, embedded and subset in both formats;
//! without a font for them, an error naming the character, the data field
//! and the data line, or with `--cho-phep-thieu-chu` a warning and a PDF
//! whose text layer still holds the true characters. Read back as a user
//! would: pdftotext, pdffonts, the DOCX's parts.

mod cli_support;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use cli_support::{baocao_in, names, stderr};

/// The cell name with characters Liberation Serif lacks.
const NAME: &str = "Chi bộ 河内 🌸";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A working folder: `d.yaml` (the small fixture, its first cell renamed to
/// [`NAME`], on line 17) and, with `fallback`, a template folder `tpl`
/// whose settings name the two test fonts by relative paths.
fn setup(fallback: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = std::fs::read_to_string(fixtures().join("data/nho.yaml")).unwrap();
    let line = "      - ten: TDP 1\n";
    assert_eq!(
        data.lines().nth(16),
        Some(line.trim_end()),
        "fixture changed"
    );
    let data = data.replacen(line, &format!("      - ten: {NAME}\n"), 1);
    std::fs::write(dir.path().join("d.yaml"), data).unwrap();
    if fallback {
        let fonts = dir.path().join("tpl/fonts");
        std::fs::create_dir_all(&fonts).unwrap();
        for f in ["DroidSansFallback-subset.ttf", "UnifontUpper-subset.ttf"] {
            std::fs::copy(fixtures().join("fonts").join(f), fonts.join(f)).unwrap();
        }
        std::fs::write(
            dir.path().join("tpl/settings.yaml"),
            "fonts:\n  fallback:\n    - fonts/DroidSansFallback-subset.ttf\n    - fonts/UnifontUpper-subset.ttf\n",
        )
        .unwrap();
    }
    dir
}

fn tool(name: &str, args: &[&str]) -> String {
    let o = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils) is needed: {e}"));
    assert!(o.status.success(), "{name} {args:?}");
    String::from_utf8(o.stdout).unwrap()
}

/// pdftotext's text with runs of whitespace as one space.
fn pdf_text(pdf: &Path) -> String {
    let t = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn zip_part(docx: &Path, name: &str) -> Vec<u8> {
    let f = std::fs::File::open(docx).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut out = Vec::new();
    z.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the DOCX"))
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// The value of `attr` in the first `<tag ...>` holding `has`.
fn attr_of(xml: &str, tag: &str, has: &str, attr: &str) -> String {
    let start = xml
        .match_indices(&format!("<{tag} "))
        .map(|(i, _)| i)
        .find(|&i| xml[i..].split('>').next().unwrap().contains(has))
        .unwrap_or_else(|| panic!("<{tag}> with {has} in {xml}"));
    let el = xml[start..].split('>').next().unwrap();
    let at = el.find(&format!(" {attr}=\"")).unwrap() + attr.len() + 3;
    el[at..].split('"').next().unwrap().to_string()
}

fn de_obfuscate(bytes: &[u8], guid: &str) -> Vec<u8> {
    let hex: String = guid.chars().filter(char::is_ascii_hexdigit).collect();
    let mut key: Vec<u8> = (0..16)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    key.reverse();
    let mut out = bytes.to_vec();
    for (i, b) in out.iter_mut().take(32).enumerate() {
        *b ^= key[i % 16];
    }
    out
}

#[test]
fn cjk_and_emoji_are_drawn_with_the_fallback_fonts_in_both_formats() {
    let dir = setup(true);
    let run = |out: &str| {
        let o = baocao_in(
            dir.path(),
            &[
                "render",
                "d.yaml",
                "--templates",
                "tpl",
                "--don-vi",
                "a",
                "-o",
                out,
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(!stderr(&o).contains("U+"), "{}", stderr(&o));
        dir.path().join(out)
    };
    let out = run("out");
    let pdf = out.join("a.pdf");

    // The text layer holds the data's characters, each its own.
    let text = pdf_text(&pdf);
    assert!(text.contains(NAME), "{text}");
    assert!(!text.contains('\u{FFFD}'), "{text}");

    // Both fallback fonts embedded, subset, with a ToUnicode map; and the family.
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    for name in ["+DroidSansFallback ", "+UnifontUpper ", "+LiberationSerif "] {
        let line = fonts
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not in\n{fonts}"));
        assert!(line.contains("yes yes yes"), "{line}");
    }

    // DOCX: the runs name the fallback family, and each is embedded, obfuscated, subset.
    let docx = out.join("a.docx");
    let document = String::from_utf8(zip_part(&docx, "word/document.xml")).unwrap();
    let table = String::from_utf8(zip_part(&docx, "word/fontTable.xml")).unwrap();
    let rels = String::from_utf8(zip_part(&docx, "word/_rels/fontTable.xml.rels")).unwrap();
    for (family, chars) in [("Droid Sans Fallback", "河内"), ("Unifont Upper", "🌸")] {
        let run = format!(
            r#"<w:rFonts w:ascii="{family}" w:hAnsi="{family}" w:cs="{family}" w:eastAsia="{family}" /></w:rPr><w:t xml:space="preserve">{chars}</w:t>"#
        );
        assert!(document.contains(&run), "no run of {family} with {chars}");
        let font_el = &table[table
            .find(&format!("<w:font w:name=\"{family}\">"))
            .unwrap()..];
        let font_el = &font_el[..font_el.find("</w:font>").unwrap()];
        assert!(font_el.contains("w:subsetted=\"1\""), "{font_el}");
        let key = attr_of(font_el, "w:embedRegular", "r:id", "w:fontKey");
        let rid = attr_of(font_el, "w:embedRegular", "r:id", "r:id");
        let target = attr_of(&rels, "Relationship", &format!("\"{rid}\""), "Target");
        let raw = zip_part(&docx, &format!("word/{target}"));
        assert!(ttf_parser::Face::parse(&raw, 0).is_err(), "not obfuscated");
        let font = de_obfuscate(&raw, &key);
        let face = ttf_parser::Face::parse(&font, 0).expect("the embedded fallback parses");
        for c in chars.chars() {
            assert!(
                face.glyph_index(c).is_some(),
                "{c} not in {family}'s subset"
            );
        }
    }

    // The same input, the same bytes.
    let again = run("again");
    for f in ["a.pdf", "a.docx"] {
        assert!(
            std::fs::read(out.join(f)).unwrap() == std::fs::read(again.join(f)).unwrap(),
            "{f} differs between runs"
        );
    }
}

#[test]
fn without_a_font_for_them_render_stops_naming_character_field_and_data_line() {
    let dir = setup(false);
    let o = baocao_in(
        dir.path(),
        &["render", "d.yaml", "--don-vi", "a", "-o", "out"],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    // The cell name is on line 17; 河 is in column 21.
    assert!(
        err.contains("d.yaml:17:21: field `don_vi[0].chi_bo[0].ten`: ký tự '河' (U+6CB3)"),
        "{err}"
    );
    assert!(err.contains("U+5185") && err.contains("U+1F338"), "{err}");
    assert!(err.contains("--cho-phep-thieu-chu"), "{err}");
    assert!(!err.contains(".tera"), "names a template line: {err}");
    assert!(names(&dir.path().join("out")).is_empty());
    // batch too: that report fails, naming the same place.
    let o = baocao_in(dir.path(), &["batch", "d.yaml", "-o", "out"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("d.yaml:17:21: field `don_vi[0].chi_bo[0].ten`"));
}

#[test]
fn from_a_workbook_the_error_names_the_sheet_cell_and_field_not_the_template() {
    let dir = setup(false);
    let o = baocao_in(dir.path(), &["chuyen", "d.yaml", "d.xlsx"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = baocao_in(
        dir.path(),
        &["render", "d.xlsx", "--don-vi", "a", "-o", "out"],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    // The first cell of sheet chi_bo: row 2, its name in column B.
    assert!(
        err.contains("d.xlsx: trang chi_bo, ô B2 (cột \"Tên chi bộ\"): field `don_vi[0].chi_bo[0].ten`: ký tự '河' (U+6CB3)"),
        "{err}"
    );
    assert!(!err.contains("mẫu báo cáo"), "blames the template: {err}");
    assert!(names(&dir.path().join("out")).is_empty());
}

#[test]
fn allowed_missing_characters_are_warnings_and_the_text_layer_stays_true() {
    let dir = setup(false);
    let o = baocao_in(
        dir.path(),
        &[
            "render",
            "d.yaml",
            "--don-vi",
            "a",
            "-o",
            "out",
            "--cho-phep-thieu-chu",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("cảnh báo (warning): d.yaml:17:21: field `don_vi[0].chi_bo[0].ten`"),
        "{err}"
    );
    assert!(!err.contains("fallback font"), "{err}");
    let out = dir.path().join("out");
    assert_eq!(names(&out), ["a.docx", "a.pdf"]);
    // Each missing character is its own in the text layer (/ActualText),
    // not one shared .notdef mapping ("坊坊", "😀" before).
    let text = pdf_text(&out.join("a.pdf"));
    assert!(text.contains(NAME), "{text}");
}
