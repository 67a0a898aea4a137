//! Footnotes as a reader sees them, in both formats, on an invented report
//! with 40 notes (`tests/fixtures/data/bon-muoi-chu-thich.yaml`: notes of
//! very different lengths, `n12` longer than a page, `n07` cited three
//! times, `n20` with two paragraphs and a list), plus the data mistakes
//! around notes: cited but never defined, defined but never cited.

mod pdf_support;

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use baocao::data;
use baocao::document::{plain_text, Document};
use baocao::template::{Engine, TemplateError};

const FIXTURE: &str = include_str!("fixtures/data/bon-muoi-chu-thich.yaml");
const FIXTURE_NAME: &str = "bon-muoi-chu-thich.yaml";

fn town(text: &str) -> Result<Document, TemplateError> {
    let d = data::load_str(text, FIXTURE_NAME).expect("the data loads");
    let stats = baocao::stats::derive(&d);
    Engine::builtin().unwrap().render_town(&d, &stats)
}

fn forty() -> Document {
    town(FIXTURE).expect("renders")
}

/// The number of the note whose text starts with `start`.
fn number_of(doc: &Document, start: &str) -> u32 {
    doc.footnotes
        .iter()
        .find(|f| plain_text(&f.content[0].content).starts_with(start))
        .unwrap_or_else(|| panic!("no note starts with {start}"))
        .number
}

fn note_text(doc: &Document, n: u32) -> String {
    doc.footnotes[n as usize - 1]
        .content
        .iter()
        .map(|p| plain_text(&p.content))
        .collect()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `got` starts with all of `want`; else name where they part.
fn assert_in_order(got: &str, want: &str) {
    let same = got
        .chars()
        .zip(want.chars())
        .take_while(|(a, b)| a == b)
        .count();
    assert_eq!(
        same,
        want.chars().count(),
        "the notes are not whole and in order: after `{}` comes `{}`",
        want.chars()
            .skip(same.saturating_sub(40))
            .take(40)
            .collect::<String>(),
        got.chars().skip(same).take(40).collect::<String>()
    );
}

#[test]
fn the_document_has_one_note_per_label_whole_and_in_order() {
    let doc = forty();
    // 40 data notes + the template's two (organisations, committees).
    assert_eq!(doc.footnotes.len(), 42);
    for (i, f) in doc.footnotes.iter().enumerate() {
        assert_eq!(f.number as usize, i + 1);
    }
    let thrice = number_of(&doc, "Ghi chú n07");
    let mut marks = Vec::new();
    let mut body = String::new();
    fn walk(blocks: &[baocao::document::Block], marks: &mut Vec<u32>, body: &mut String) {
        use baocao::document::{Block, Inline};
        for b in blocks {
            let inlines = match b {
                Block::Paragraph(p) => &p.content,
                Block::Heading { content, .. } => content,
                Block::List(l) => {
                    for item in &l.items {
                        walk(item, marks, body);
                    }
                    continue;
                }
                _ => continue,
            };
            for i in inlines {
                if let Inline::FootnoteRef(n) = i {
                    marks.push(*n);
                }
            }
            body.push_str(&plain_text(inlines));
        }
    }
    walk(&doc.blocks, &mut marks, &mut body);
    assert_eq!(marks.iter().filter(|&&n| n == thrice).count(), 3);
    assert_eq!(marks.len(), 44, "42 notes, one of them cited thrice");
    // The two-paragraph note keeps its paragraphs and its list; nothing of it
    // leaks into the body.
    let two = number_of(&doc, "Ghi chú n20");
    let paras: Vec<String> = doc.footnotes[two as usize - 1]
        .content
        .iter()
        .map(|p| plain_text(&p.content))
        .collect();
    assert_eq!(paras.len(), 5, "{paras:?}");
    assert!(paras[1].starts_with("Đoạn hai của ghi chú n20"));
    assert_eq!(paras[2], "- mục một của danh sách;");
    assert_eq!(paras[4], "- mục ba: 1.234 đảng viên.");
    assert!(
        !body.contains("Đoạn hai"),
        "a note paragraph leaked into the body"
    );
    assert!(!body.contains("mục một"));
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn pdf_notes_are_complete_in_order_and_start_on_their_mark_pages() {
    let doc = forty();
    let pages = baocao::layout::pages(&doc).unwrap().pages;
    // Every first mark links to its note on the mark's page; the two
    // repeats of n07 link back to that same note.
    let thrice = number_of(&doc, "Ghi chú n07");
    let mut firsts = Vec::new();
    let mut repeats = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        for l in &p.links {
            let target = (l.target_page, l.target_y.to_bits());
            if l.target_page == i && l.target_y > l.y {
                firsts.push(target);
            } else {
                repeats.push((i, target));
            }
        }
    }
    assert_eq!(firsts.len(), 42, "every note on the page of its first mark");
    assert_eq!(repeats.len(), 2, "{repeats:?}");
    for (page, target) in &repeats {
        assert!(target.0 < *page, "a repeat links back to the note");
        assert!(firsts.contains(target), "a repeat links to a note's start");
    }
    assert_eq!(repeats[0].1, repeats[1].1, "both repeats link to one note");
    // Without the closing block, whose recipients are 12 pt too.
    let mut bare = doc.clone();
    bare.meta.closing = None;
    let bytes = baocao::pdf::render(&bare).unwrap().bytes;
    let text = pdf_support::extract(&bytes);
    let fs = doc.settings.footnotes.size;
    // The notes' text (12 pt, page after page) is every note whole, in order:
    // a note printed between two parts of another would break this.
    let notes: String = text
        .iter()
        .flat_map(|p| &p.runs)
        .filter(|r| (r.size - fs).abs() < 0.01)
        .map(|r| r.text.as_str())
        .collect();
    let want: String = doc
        .footnotes
        .iter()
        .map(|f| note_text(&doc, f.number))
        .collect();
    let (got, want) = (squeeze(&notes), squeeze(&want));
    let at = got.find(&want[..40]).expect("the first note is there");
    assert_in_order(&got[at..], &want);
    // The long note really spans pages, and the note after it starts after its end.
    let long = number_of(&doc, "Ghi chú n12");
    let on: Vec<usize> = text
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            let t = squeeze(&p.text());
            t.contains(&squeeze("Ghi chú n12")) || t.contains("Hếtchúthíchdài")
        })
        .map(|(i, _)| i)
        .collect();
    assert!(
        on.len() == 2 && on[1] > on[0],
        "note {long} over pages {on:?}"
    );
    // The thrice-cited note's number shows three times as a superscript mark.
    let sup = doc.settings.body.size * 0.65;
    let marks = text
        .iter()
        .flat_map(|p| &p.runs)
        .filter(|r| (r.size - sup).abs() < 0.05 && r.text.trim() == thrice.to_string())
        .count();
    assert_eq!(marks, 3, "mark {thrice} three times in the body");
}

fn docx_parts(doc: &Document) -> BTreeMap<String, String> {
    let bytes = baocao::docx::render(doc).unwrap().bytes;
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut parts = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut s = String::new();
        if f.name().ends_with(".xml") {
            f.read_to_string(&mut s).unwrap();
            parts.insert(f.name().to_string(), s);
        }
    }
    parts
}

/// All `<w:t>` and `<w:instrText>` text of an XML fragment, tags dropped.
fn xml_text(xml: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        if !after.starts_with('>') && !after.starts_with(' ') {
            rest = after;
            continue;
        }
        let Some(gt) = after.find('>') else { break };
        if after[..gt].ends_with('/') {
            rest = &after[gt..];
            continue;
        }
        let Some(end) = after.find(&close) else { break };
        out.push(after[gt + 1..end].to_string());
        rest = &after[end..];
    }
    out
}

#[test]
fn docx_repeats_are_noteref_fields_and_notes_are_whole() {
    let doc = forty();
    let parts = docx_parts(&doc);
    let body = &parts["word/document.xml"];
    let notes = &parts["word/footnotes.xml"];
    // One w:footnoteReference per note, in number order (Word numbers them so).
    let refs: Vec<u32> = body
        .match_indices("<w:footnoteReference w:id=\"")
        .map(|(i, m)| {
            let s = &body[i + m.len()..];
            s[..s.find('"').unwrap()].parse().unwrap()
        })
        .collect();
    assert_eq!(refs, (1..=42).collect::<Vec<u32>>());
    // The thrice-cited note: a bookmark on its mark, two NOTEREF fields
    // whose cached result is its number, in the footnote-reference style.
    let n = number_of(&doc, "Ghi chú n07");
    let name = format!("_Ref{n:09}");
    assert_eq!(body.matches(&format!("w:name=\"{name}\"")).count(), 1);
    let bm = body.find(&format!("w:name=\"{name}\"")).unwrap();
    let bm_end = body[bm..].find("<w:bookmarkEnd").unwrap() + bm;
    assert!(body[bm..bm_end].contains(&format!("<w:footnoteReference w:id=\"{n}\"")));
    let instr = xml_text(body, "w:instrText");
    let noterefs: Vec<&String> = instr.iter().filter(|t| t.contains("NOTEREF")).collect();
    assert_eq!(noterefs.len(), 2, "{instr:?}");
    for t in &noterefs {
        assert_eq!(t.trim(), format!("NOTEREF {name} \\h"));
    }
    // Each field's result: the number, in a FootnoteReference-styled run.
    let mut at = 0;
    for _ in 0..2 {
        let i = body[at..].find("NOTEREF").unwrap() + at;
        let sep = body[i..].find("w:fldCharType=\"separate\"").unwrap() + i;
        let end = body[sep..].find("w:fldCharType=\"end\"").unwrap() + sep;
        let result = &body[sep..end];
        assert_eq!(xml_text(result, "w:t"), [n.to_string()]);
        assert!(result.contains("w:val=\"FootnoteReference\""));
        at = end;
    }
    // The two-paragraph note: its paragraphs and list in its w:footnote, not the body.
    let two = number_of(&doc, "Ghi chú n20");
    let start = notes.find(&format!("<w:footnote w:id=\"{two}\">")).unwrap();
    let end = start + notes[start..].find("</w:footnote>").unwrap();
    let note = &notes[start..end];
    assert_eq!(
        note.matches("<w:p>").count() + note.matches("<w:p ").count(),
        5
    );
    let t = xml_text(note, "w:t").concat();
    assert!(t.contains("Đoạn hai của ghi chú n20") && t.contains("- mục ba: 1.234 đảng viên."));
    assert!(!xml_text(body, "w:t")
        .concat()
        .contains("Đoạn hai của ghi chú"));
}

#[test]
fn docx_bytes_are_the_same_on_every_run() {
    let doc = forty();
    let a = baocao::docx::render(&doc).unwrap().bytes;
    let b = baocao::docx::render(&forty()).unwrap().bytes;
    assert!(a == b, "same input, same DOCX bytes");
}

/// The fixture with `[^n05]` in `han_che` renamed to a label nothing defines.
fn with_undefined() -> (String, usize, usize) {
    let i = FIXTURE.find("    han_che:").unwrap();
    let j = i + FIXTURE[i..].find("[^").unwrap();
    let label_end = j + FIXTURE[j..].find(']').unwrap();
    let text = format!("{}[^khong-co{}", &FIXTURE[..j], &FIXTURE[label_end..]);
    let line = text[..j].matches('\n').count() + 1;
    let column = text[..j].rsplit('\n').next().unwrap().chars().count() + 1;
    (text, line, column)
}

#[test]
fn a_note_cited_but_never_defined_names_the_data_field_and_line() {
    let (text, line, column) = with_undefined();
    let e = town(&text).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.starts_with(&format!("{FIXTURE_NAME}:{line}:{column}: ")),
        "{msg}"
    );
    assert!(msg.contains("`dang_bo.noi_dung.han_che`"), "{msg}");
    assert!(msg.contains("[^khong-co]"), "{msg}");
    assert!(!msg.contains(".tera"), "not a template line: {msg}");
}

#[test]
fn a_note_defined_but_never_cited_is_a_warning_with_its_data_line() {
    let text = FIXTURE.replacen("[^n33]", "", 1);
    let doc = town(&text).unwrap();
    let line = text.lines().position(|l| l.trim() == "- ma: n33").unwrap() + 1;
    let idx = 32;
    assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
    let d = &doc.warnings[0];
    assert_eq!(d.severity, baocao::diagnostic::Severity::Warning);
    assert_eq!(
        d.location.as_ref().and_then(|l| l.field_path()),
        Some(format!("dang_bo.noi_dung.chu_thich[{idx}]").as_str())
    );
    let w = d.to_string();
    assert!(w.starts_with(&format!("{FIXTURE_NAME}:{line}: ")), "{w}");
    assert!(w.contains("`n33`"), "{w}");
    assert!(
        w.contains(&format!("dang_bo.noi_dung.chu_thich[{idx}]")),
        "{w}"
    );
    assert_eq!(doc.footnotes.len(), 41, "the unused note is dropped");
}

#[test]
fn the_cli_stops_on_an_undefined_note_and_warns_on_an_unused_one() {
    let dir = std::env::temp_dir().join(format!("baocao-notes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bin = env!("CARGO_BIN_EXE_baocao");
    let (text, line, _) = with_undefined();
    let bad = dir.join("thieu.yaml");
    std::fs::write(&bad, &text).unwrap();
    let out_dir = dir.join("out");
    let o = std::process::Command::new(bin)
        .args(["render", "-f", "pdf", "-o"])
        .arg(&out_dir)
        .arg(&bad)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("thieu.yaml:{line}:")), "{err}");
    assert!(err.contains("dang_bo.noi_dung.han_che"), "{err}");
    assert!(!out_dir.join("thieu.pdf").exists(), "no output on error");
    let unused = dir.join("thua.yaml");
    std::fs::write(&unused, FIXTURE.replacen("[^n33]", "", 1)).unwrap();
    let o = std::process::Command::new(bin)
        .args(["render", "-f", "pdf", "-o"])
        .arg(&out_dir)
        .arg(&unused)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("cảnh báo") && err.contains("`n33`"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

/// A note taller than two pages cited at once by the next lines' own notes:
/// every note comes out whole and in order, and nothing runs past the foot.
#[test]
fn a_note_taller_than_pages_stays_whole_in_order_and_inside_the_page() {
    use baocao::document::{Block, Footnote, Inline, Paragraph};
    let mut doc = baocao::document::sample::report(0);
    doc.meta.closing = None;
    doc.blocks.clear();
    doc.footnotes.clear();
    let text = |s: String| Inline::Text {
        text: s,
        style: Default::default(),
    };
    let para = |content: Vec<Inline>| {
        Block::Paragraph(Paragraph {
            content,
            align: None,
            indent: true,
        })
    };
    let words = |n: usize, tag: &str| -> String {
        (0..n)
            .map(|i| format!("{tag}{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut n = 0;
    for k in 0..30 {
        n += 1;
        doc.blocks.push(para(vec![
            text(format!("Đoạn {k} có chú thích")),
            Inline::FootnoteRef(n),
            text(" ở giữa câu, rồi tiếp.".into()),
        ]));
        // Note 3 is taller than two pages; the others are one to six lines.
        let body = if n == 3 {
            words(2600, "dài")
        } else {
            words(5 + (k * 7) % 60, &format!("c{n}x"))
        };
        doc.footnotes.push(Footnote {
            number: n,
            content: vec![Paragraph {
                content: vec![text(format!("Chú {n}: {body}"))],
                align: None,
                indent: false,
            }],
        });
    }
    let pages = baocao::layout::pages(&doc).unwrap().pages;
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let s = &doc.settings;
    let foot = baocao::document::settings::mm_to_pt(s.paper.height - s.margins.bottom);
    for (i, p) in pages.iter().enumerate() {
        for it in &p.items {
            if let baocao::layout::display::Item::Glyphs(g) = it {
                assert!(g.y <= foot + 0.5, "text below the foot of page {}", i + 1);
            }
        }
    }
    let bytes = baocao::pdf::render(&doc).unwrap().bytes;
    let got: String = pdf_support::extract(&bytes)
        .iter()
        .flat_map(|p| p.runs.clone())
        .filter(|r| (r.size - s.footnotes.size).abs() < 0.01)
        .map(|r| r.text)
        .collect();
    let want: String = doc
        .footnotes
        .iter()
        .map(|f| note_text(&doc, f.number))
        .collect();
    assert_in_order(&squeeze(&got), &squeeze(&want));
}

/// The fixture with note `n02` citing note `n05`: a note inside a note.
fn with_nested() -> (String, usize) {
    let text = FIXTURE.replacen(
        "Ghi chú n02: Cử quy chế thư.",
        "Ghi chú n02: Cử quy chế thư, xem[^n05].",
        1,
    );
    let line = text.lines().position(|l| l.trim() == "- ma: n02").unwrap() + 1;
    (text, line)
}

#[test]
fn a_note_citing_a_note_is_refused_naming_the_data_note() {
    let (text, line) = with_nested();
    let msg = town(&text).unwrap_err().to_string();
    assert!(
        msg.starts_with(&format!("{FIXTURE_NAME}:{line}: ")),
        "{msg}"
    );
    assert!(
        msg.contains("`dang_bo.noi_dung.chu_thich[1].noi_dung`"),
        "{msg}"
    );
    assert!(msg.contains("[^n02]") && msg.contains("[^n05]"), "{msg}");
    assert!(!msg.contains(".tera"), "not a template line: {msg}");
    // A template's own note citing a note: the markup line.
    let body = "---\ndate: 2020-01-01\n---\nVăn bản[^a].\n\n[^a]: Chú a[^b].\n\n[^b]: Chú b.\n";
    let e = baocao::document::markup::parse(body, "mau.md", Default::default(), None).unwrap_err();
    assert_eq!((e.line, e.nested_note()), (6, Some("a")), "{e}");
}

#[test]
fn the_cli_writes_neither_format_for_a_note_inside_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let (text, line) = with_nested();
    let bad = dir.path().join("long.yaml");
    std::fs::write(&bad, &text).unwrap();
    let out_dir = dir.path().join("out");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(["render", "-o"])
        .arg(&out_dir)
        .arg(&bad)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("long.yaml:{line}:")), "{err}");
    assert!(err.contains("chu_thich[1].noi_dung"), "{err}");
    let left: Vec<_> = std::fs::read_dir(&out_dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "nothing written: {left:?}");
}
