//! Characters the family lacks (CJK, emoji) in a name: drawn with the
//! fallback fonts of `fonts.fallback`, embedded and subset in both formats;
//! without a font for them, an error naming the character, the data field
//! and the data line, or with `--cho-phep-thieu-chu` a warning and a PDF
//! whose text layer still holds the true characters. Read back as a user
//! would: pdftotext, pdffonts, the DOCX's parts.

mod cli_support;
mod pdf_support;

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

/// Every outline command of a glyph, to compare a subset's glyph with the
/// original's.
#[derive(Default)]
struct Outline(Vec<String>);

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.push(format!("M{x},{y}"));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.push(format!("L{x},{y}"));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.push(format!("Q{x1},{y1},{x},{y}"));
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.push(format!("C{x1},{y1},{x2},{y2},{x},{y}"));
    }
    fn close(&mut self) {
        self.0.push("Z".into());
    }
}

fn outline(face: &ttf_parser::Face, gid: u16) -> Vec<String> {
    let mut o = Outline::default();
    face.outline_glyph(ttf_parser::GlyphId(gid), &mut o);
    o.0
}

/// Render ward `a` of the small fixture, its first cell named `name`, with
/// `font_file` (from tests/fixtures/fonts) as the only fallback font; the PDF.
fn render_with_fallback(dir: &Path, name: &str, font_file: &str) -> PathBuf {
    let data = std::fs::read_to_string(fixtures().join("data/nho.yaml")).unwrap();
    let data = data.replacen("      - ten: TDP 1\n", &format!("      - ten: {name}\n"), 1);
    std::fs::write(dir.join("d.yaml"), data).unwrap();
    std::fs::create_dir_all(dir.join("tpl/fonts")).unwrap();
    std::fs::copy(
        fixtures().join("fonts").join(font_file),
        dir.join("tpl/fonts").join(font_file),
    )
    .unwrap();
    std::fs::write(
        dir.join("tpl/settings.yaml"),
        format!("fonts:\n  fallback:\n    - fonts/{font_file}\n"),
    )
    .unwrap();
    let o = baocao_in(
        dir,
        &[
            "render",
            "d.yaml",
            "--templates",
            "tpl",
            "--don-vi",
            "a",
            "-o",
            "out",
            "-f",
            "pdf",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("U+"), "{}", stderr(&o));
    let pdf = dir.join("out/a.pdf");
    assert!(pdf_text(&pdf).contains(name), "{}", pdf_text(&pdf));
    pdf
}

/// The embedded program of the fallback font whose base font name ends
/// with `+family`, and its ToUnicode map; checks that pdffonts sees a CID
/// font with CFF outlines, embedded, with a ToUnicode map.
fn cff_program(pdf: &Path, family: &str) -> (Vec<u8>, std::collections::HashMap<u16, String>) {
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let line = fonts
        .lines()
        .find(|l| l.contains(&format!("+{family} ")))
        .unwrap_or_else(|| panic!("no {family} in\n{fonts}"));
    assert!(line.contains("CID Type 0C"), "{line}");
    assert!(line.contains("yes yes yes"), "{line}");
    let doc = lopdf::Document::load(pdf).unwrap();
    let get = |o: &lopdf::Object| match o {
        lopdf::Object::Reference(id) => doc.get_object(*id).unwrap().clone(),
        o => o.clone(),
    };
    let stream = |o: &lopdf::Object| {
        let lopdf::Object::Stream(s) = get(o) else {
            panic!("not a stream")
        };
        s.decompressed_content().unwrap_or(s.content)
    };
    let suffix = format!("+{family}");
    let type0 = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find(|d| {
            d.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Type0")
                && d.get(b"BaseFont")
                    .and_then(|s| s.as_name())
                    .is_ok_and(|n| n.ends_with(suffix.as_bytes()))
        })
        .expect("the Type 0 font");
    let cmap = String::from_utf8(stream(type0.get(b"ToUnicode").unwrap())).unwrap();
    let descendant = get(&type0.get(b"DescendantFonts").unwrap().as_array().unwrap()[0]);
    let descendant = descendant.as_dict().unwrap();
    assert_eq!(
        descendant.get(b"Subtype").unwrap().as_name().unwrap(),
        b"CIDFontType0"
    );
    let descriptor = get(descendant.get(b"FontDescriptor").unwrap());
    let program = stream(descriptor.as_dict().unwrap().get(b"FontFile3").unwrap());
    (program, pdf_support::parse_cmap(&cmap))
}

/// Each character's code draws, in the embedded program, the original
/// font's outline of that character (a CIDFontType0's code is its glyph id).
fn codes_draw_the_originals_glyphs(
    program: &[u8],
    original: &[u8],
    cmap: &std::collections::HashMap<u16, String>,
    chars: &[char],
) {
    let sub = ttf_parser::Face::parse(program, 0).expect("the embedded program reads");
    assert!(sub.tables().cff.is_some(), "CFF outlines kept");
    let orig = ttf_parser::Face::parse(original, 0).unwrap();
    for &c in chars {
        let code = cmap
            .iter()
            .find(|(_, t)| t.as_str() == c.to_string())
            .map(|(code, _)| *code)
            .unwrap_or_else(|| panic!("no code for {c}: {cmap:?}"));
        let drawn = outline(&sub, code);
        assert!(!drawn.is_empty(), "{c}: code {code} draws nothing");
        assert_eq!(
            drawn,
            outline(&orig, orig.glyph_index(c).unwrap().0),
            "{c}: code {code}"
        );
    }
}

#[test]
fn a_cff_fallback_font_is_embedded_as_a_subset_whose_codes_draw_the_right_glyphs() {
    // TeX Gyre Termes (CFF, 1000 units per em): the report uses 3 of its
    // 30 glyphs (※ ℃ ⩽, which Liberation Serif lacks).
    let dir = tempfile::tempdir().unwrap();
    let file = "TexGyreTermes-cff-subset.otf";
    let pdf = render_with_fallback(dir.path(), "Chi bộ ※ Bão ℃ ⩽ 5", file);
    let original = std::fs::read(fixtures().join("fonts").join(file)).unwrap();
    let (program, cmap) = cff_program(&pdf, "TeXGyreTermes-Regular");
    let orig = ttf_parser::Face::parse(&original, 0).unwrap();
    assert_eq!(orig.number_of_glyphs(), 30);
    let sub = ttf_parser::Face::parse(&program, 0).unwrap();
    assert_eq!(sub.number_of_glyphs(), 4, "only .notdef and the three used");
    assert!(program.len() < original.len());
    codes_draw_the_originals_glyphs(&program, &original, &cmap, &['※', '℃', '⩽']);
}

#[test]
fn a_cff_fallback_font_with_another_em_is_embedded_whole_and_drawn_right() {
    // GNU Unifont Upper (CFF, 64 units per em): a subset would carry its
    // scale in a form poppler draws many times too large, so it goes whole.
    let dir = tempfile::tempdir().unwrap();
    let file = "UnifontUpper-cff-subset.otf";
    let pdf = render_with_fallback(dir.path(), "Chi bộ 🌀 Bão 🌟", file);
    let original = std::fs::read(fixtures().join("fonts").join(file)).unwrap();
    let (program, cmap) = cff_program(&pdf, "UnifontUpper");
    assert_eq!(program, original, "embedded whole");
    codes_draw_the_originals_glyphs(&program, &original, &cmap, &['🌀', '🌟']);
}
