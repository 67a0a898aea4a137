//! Characters no font has: found once per document, before any writer, so
//! the PDF and the DOCX agree. A character is drawn by the first face that
//! has it (the family's face for the text's style, then each of
//! `fonts.fallback` in order, see [`crate::fonts::pick_face`]); one that no
//! face has would print as an empty box. The caller decides whether that
//! stops the report (the default) or is a warning (`--cho-phep-thieu-chu`);
//! either way the PDF's text layer keeps the true character.

use std::path::Path;

use crate::data::locate::find_char_in_file;
use crate::diagnostic::{Diagnostic, Location};
use crate::document::{Block, Document, Inline, Paragraph, TextStyle};
use crate::fonts::{needs_no_glyph, Coverage, FaceStyle, FontSet};

/// A character no face of the font set has, where it first occurs in the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub c: char,
    /// The part of the report: "đoạn 3", "bảng 1", "chú thích 2", "phần tiêu đề".
    pub place: String,
    /// Up to 20 characters either side of it.
    pub excerpt: String,
}

/// Every character of `doc` that no face of `set` has, each once, in reading order.
pub fn missing(doc: &Document, set: &FontSet) -> Vec<Missing> {
    walk(doc, set, None).out
}

/// Every text of `doc` joined by newlines (for telling which data values
/// the report shows).
fn report_text(doc: &Document, set: &FontSet) -> String {
    walk(doc, set, Some(String::new())).all.unwrap_or_default()
}

fn walk<'a>(doc: &Document, set: &'a FontSet, all: Option<String>) -> Walk<'a> {
    let mut w = Walk {
        cov: set.coverage(),
        out: Vec::new(),
        para: 0,
        all,
    };
    let bold = FaceStyle::Bold;
    let regular = FaceStyle::Regular;
    if let Some(h) = &doc.meta.header {
        let place = "phần tiêu đề";
        for (text, face) in [
            (&h.superior, regular),
            (&h.issuer, bold),
            (&h.number, regular),
            (&h.motto, bold),
            (&h.place_date, FaceStyle::Italic),
            (&h.kind, bold),
            (&h.separator, regular),
        ] {
            w.text(text, face, place);
        }
        for line in &h.summary {
            w.text(line, bold, place);
        }
    }
    w.blocks(doc, &doc.blocks);
    for n in &doc.footnotes {
        let place = format!("chú thích {}", n.number);
        for p in &n.content {
            w.inlines(&p.content, false, false, &place);
        }
    }
    if let Some(c) = &doc.meta.closing {
        let place = "phần nơi nhận, chữ ký";
        w.text(&c.recipients_label, regular, place);
        for line in &c.recipients {
            w.text(line, regular, place);
        }
        for line in &c.authority {
            w.text(line, bold, place);
        }
        for line in &c.title {
            w.text(line, regular, place);
        }
        w.text(&c.signer, bold, place);
    }
    w
}

struct Walk<'a> {
    cov: Coverage<'a>,
    out: Vec<Missing>,
    /// Body paragraphs and headings so far ("đoạn N").
    para: usize,
    /// Every text seen, when asked for.
    all: Option<String>,
}

impl Walk<'_> {
    fn blocks(&mut self, doc: &Document, blocks: &[Block]) {
        let mut tables = 0;
        for b in blocks {
            match b {
                Block::Heading { level, content } => {
                    let h = doc.settings.heading(*level);
                    self.para += 1;
                    let place = format!("đoạn {}", self.para);
                    self.inlines(content, h.bold, h.italic, &place);
                }
                Block::Paragraph(Paragraph { content, .. }) => {
                    self.para += 1;
                    let place = format!("đoạn {}", self.para);
                    self.inlines(content, false, false, &place);
                }
                Block::List(l) => {
                    self.text(&doc.settings.lists.bullet, FaceStyle::Regular, "danh sách");
                    for item in &l.items {
                        self.blocks(doc, item);
                    }
                }
                Block::Table(t) => {
                    tables += 1;
                    let place = format!("bảng {tables}");
                    self.inlines(&t.caption, false, false, &place);
                    for row in &t.header {
                        for cell in &row.cells {
                            self.inlines(cell, true, false, &place);
                        }
                    }
                    for row in &t.rows {
                        for cell in &row.cells {
                            self.inlines(cell, row.emphasis, false, &place);
                        }
                    }
                }
                Block::Image(img) => self.inlines(&img.caption, false, true, "chú thích ảnh"),
                Block::PageBreak | Block::Closing | Block::Section { .. } => {}
            }
        }
    }

    fn inlines(&mut self, content: &[Inline], bold: bool, italic: bool, place: &str) {
        for inl in content {
            if let Inline::Text { text, style } = inl {
                let TextStyle {
                    bold: b, italic: i, ..
                } = *style;
                self.text(text, FaceStyle::from_flags(bold || b, italic || i), place);
            }
        }
    }

    fn text(&mut self, text: &str, style: FaceStyle, place: &str) {
        if let Some(all) = &mut self.all {
            all.push_str(text);
            all.push('\n');
            return;
        }
        for c in text.chars() {
            if needs_no_glyph(c)
                || self.out.iter().any(|m| m.c == c)
                || self.cov.face_for(style, c).is_some()
            {
                continue;
            }
            self.out.push(Missing {
                c,
                place: place.to_string(),
                excerpt: excerpt(text, c),
            });
        }
    }
}

/// Up to 20 characters either side of the first `c` in `text`, on one line.
fn excerpt(text: &str, c: char) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = chars.iter().position(|&x| x == c).unwrap_or(0);
    let from = at.saturating_sub(20);
    let to = (at + 21).min(chars.len());
    let middle: String = chars[from..to].iter().collect();
    format!(
        "{}{}{}",
        if from > 0 { "..." } else { "" },
        middle.replace('\n', " ").trim(),
        if to < chars.len() { "..." } else { "" }
    )
}

/// The fonts that were tried, for a message: "Liberation Serif, Droid Sans Fallback".
fn tried(set: &FontSet) -> String {
    std::iter::once(set.family.as_str())
        .chain(set.fallbacks.iter().map(|f| f.family.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One error per missing character of `doc` (a warning with
/// `--cho-phep-thieu-chu`): where it is in the data
/// file (field path, line, column; values the report shows first, up to
/// three places) or, when the data does not hold it, in which part of the
/// report (template text) it is.
pub fn describe(
    missing: &[Missing],
    doc: &Document,
    set: &FontSet,
    data_file: &Path,
) -> Vec<Diagnostic> {
    let fonts = tried(set);
    let shown = report_text(doc, set);
    let sheet = crate::data::sheet::is_sheet_input(data_file)
        .then(|| SheetData::load(data_file))
        .flatten();
    missing
        .iter()
        .map(|m| {
            let what = format!(
                "ký tự '{}' (U+{:04X}) không có trong phông nào ({fonts}) (no font has this character)",
                m.c, m.c as u32
            );
            if let Some(sheet) = &sheet {
                return sheet.describe(m, &what, &shown, data_file);
            }
            let mut found = find_char_in_file(data_file, m.c, 8);
            // Stable: in file order, the values this report shows first.
            found.sort_by_key(|l| !shown.contains(l.value.trim()));
            let file = data_file.display();
            match found.split_first() {
                Some((first, rest)) => {
                    let at = Location::file(file.to_string(), first.line, first.column)
                        .with_field(&first.path);
                    let mut s = what.clone();
                    if !rest.is_empty() {
                        let more: Vec<String> = rest
                            .iter()
                            .take(2)
                            .map(|l| format!("dòng {} `{}`", l.line, l.path))
                            .collect();
                        s.push_str(&format!(
                            "; cũng có ở (also in): {}{}",
                            more.join(", "),
                            if rest.len() > 2 { ", ..." } else { "" }
                        ));
                    }
                    Diagnostic::error(s).at(at)
                }
                None => Diagnostic::error(format!(
                    "{what}; không có trong dữ liệu {file}, mà trong mẫu báo cáo (in the template text), {}: «{}»",
                    m.place, m.excerpt
                )),
            }
        })
        .collect()
}

/// What to add to an error about missing characters.
pub const HINT: &str = "thêm một phông có các ký tự này vào `fonts.fallback` trong settings.yaml của mẫu, hoặc dùng --cho-phep-thieu-chu để vẫn lập báo cáo (add a font that has them to fonts.fallback, or pass --cho-phep-thieu-chu to render anyway: they print as empty boxes)";

/// A workbook or CSV folder, for locating a character: its data as YAML text
/// (the field paths) and the sheet cell of each field path.
struct SheetData {
    yaml: String,
    locator: std::sync::Arc<crate::data::sheet::read::Locator>,
}

impl SheetData {
    fn load(path: &Path) -> Option<SheetData> {
        let (data, locator) = crate::data::sheet::load_located(path).ok()?;
        let yaml = yaml_serde::to_string(&data).ok()?;
        Some(SheetData { yaml, locator })
    }

    /// `du-lieu.xlsx: trang chi_bo, ô B3 (cột "Tên chi bộ"): field `...`: ...`,
    /// or, when no value holds the character, where the report shows it
    /// (a template's text or a value the sheet could not be traced to).
    fn describe(&self, m: &Missing, what: &str, shown: &str, file: &Path) -> Diagnostic {
        let mut found = crate::data::locate::find_char(&self.yaml, m.c, 8);
        found.sort_by_key(|l| !shown.contains(l.value.trim()));
        let file = file.display().to_string();
        match found.first() {
            Some(first) => {
                let at = match self.locator.place(&first.path) {
                    Some(place) => place.location(&file),
                    None => Location::File {
                        file,
                        line: None,
                        column: None,
                        field: None,
                    },
                };
                Diagnostic::error(what).at(at.with_field(&first.path))
            }
            None => Diagnostic::error(format!(
                "{what}; trong báo cáo (in the report), {}: «{}»",
                m.place, m.excerpt
            )),
        }
    }
}
