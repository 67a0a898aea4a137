//! Document -> docx_rs::Docx: styles named as Word names them, the page setup
//! from the settings, the official header and closing blocks as borderless
//! tables, lists, tables, images, page breaks and footnote references. What
//! docx-rs cannot write (footnote furniture, embedded fonts, core properties,
//! the table header flag) is added by [`super::package`].

use std::cell::Cell;
use std::collections::BTreeSet;

use docx_rs::{
    AbstractNumbering, AlignmentType, BorderType, BreakType, Docx, Header, IndentLevel, Level,
    LevelJc, LevelText, LineSpacing, LineSpacingType, NumberFormat, Numbering, NumberingId,
    PageMargin, PageNum, PageOrientationType, PageSize, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Pic, Run, RunFonts, SectionProperty,
    SpecialIndentType, Start, Style, StyleType, Styles, Table, TableBorder, TableBorderPosition,
    TableBorders, TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType,
    VertAlignType, WidthType,
};

use super::{images, DocxError};
use crate::diagnostic::Diagnostic;
use crate::document::measure::{slot, Base, Metrics, SLOTS};
use crate::document::settings::{mm_to_pt, PageSettings};
use crate::document::{Align, Block, Document, Inline, Paragraph as ModelParagraph, TextStyle};
use crate::fonts::{FaceId, FaceStyle, FontSet};

/// Placeholder text of the run that becomes `<w:footnoteRef/>` in the package
/// (a private-use character never found in a report and never subset).
pub const FOOTNOTE_MARK: &str = "\u{E000}";

/// docx-rs cannot write `<w:tblHeader/>`: header rows get this (otherwise
/// invalid) row height as a marker, and the package rewrite replaces the
/// `<w:trHeight w:val="1.25" …/>` element by `<w:tblHeader/>`.
pub const HEADER_ROW_MARKER: &str = "1.25";

/// A table's rows are written to XML as soon as each is built (a town annex
/// of thousands of rows held as docx-rs elements took ~50 KB a row): the
/// docx-rs table holds [`rows_placeholder`] instead, and the package rewrite
/// puts the rows' XML ([`Built::table_rows`]) in its place.
const ROWS_MARKER: f32 = 1.375;

/// The one row of every table built by [`Builder::table`]: an empty row of
/// marker height, replaced by the table's rows in the package.
pub fn rows_placeholder() -> TableRow {
    TableRow::new(Vec::new()).row_height(ROWS_MARKER)
}

/// `<w:tblHeader/>` on the rows the builder marked (it takes the marker's
/// place: after cantSplit, as the schema orders trPr).
fn mark_header_rows(xml: &str) -> String {
    let marker = format!("<w:trHeight w:val=\"{HEADER_ROW_MARKER}\"");
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(i) = rest.find(&marker) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find("/>").map(|e| e + 2).unwrap_or(rest.len());
        out.push_str("<w:tblHeader />");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Style ids; the names are Word's built-in names.
pub mod style {
    pub const NORMAL: &str = "Normal";
    pub const FOOTNOTE_TEXT: &str = "FootnoteText";
    pub const FOOTNOTE_REFERENCE: &str = "FootnoteReference";
    pub const TABLE_GRID: &str = "TableGrid";
    pub const TABLE_TEXT: &str = "TableText";
    pub const CAPTION: &str = "Caption";
    pub const LIST_PARAGRAPH: &str = "ListParagraph";
    pub const HEADER: &str = "Header";
}

/// An image as placed in the package.
pub struct PlacedImage {
    pub rid: String,
    pub format: crate::document::ImageFormat,
    pub alt: String,
}

/// A built document: the docx-rs tree and what the package rewrite needs.
pub struct Built {
    pub docx: Docx,
    /// Footnote id -> its paragraphs as WordprocessingML (the mark still a placeholder).
    pub footnotes: Vec<(u32, Vec<u8>)>,
    /// Characters used per face (index: [`crate::fonts::FaceId::index`]:
    /// the family's four styles, then the fallback fonts).
    pub chars: Vec<BTreeSet<char>>,
    pub images: Vec<PlacedImage>,
    /// The family name written in the document.
    pub family: String,
    pub warnings: Vec<Diagnostic>,
    /// Per table, in document order, its rows as WordprocessingML (header
    /// rows already flagged): each replaces a [`rows_placeholder`].
    pub table_rows: Vec<Vec<u8>>,
}

/// The rule under the motto: width in eighths of a point, gap in points.
const RULE_SIZE: usize = 6;
const RULE_SPACE: usize = 1;

pub(crate) fn mm_tw(mm: f32) -> i32 {
    (mm * 1440.0 / 25.4).round() as i32
}

pub(crate) fn pt_tw(pt: f32) -> i32 {
    (pt * 20.0).round() as i32
}

fn pt_hp(pt: f32) -> usize {
    (pt * 2.0).round().max(1.0) as usize
}

fn exact(line_pt: f32, before_pt: f32, after_pt: f32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(pt_tw(line_pt))
        .before(pt_tw(before_pt).max(0) as u32)
        .after(pt_tw(after_pt).max(0) as u32)
}

fn alignment(a: Align) -> AlignmentType {
    match a {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
        // `Justified` writes an invalid value; `both` is Word's justify.
        Align::Justify => AlignmentType::Both,
    }
}

fn no_indent(p: Paragraph) -> Paragraph {
    p.indent(
        Some(0),
        Some(SpecialIndentType::FirstLine(0)),
        Some(0),
        None,
    )
}

/// The bookmark around footnote `n`'s first mark: Word's hidden
/// cross-reference bookmarks are `_Ref` and digits; ours are the note
/// number, so the name is the same on every run.
pub fn note_bookmark(n: u32) -> String {
    format!("_Ref{n:09}")
}

/// A later mark of footnote `n`: a Word cross-reference, the field
/// `NOTEREF _Ref… \h` (the note's number, linked to it) in runs with the
/// footnote-reference style, its cached result the number. Never a second
/// `w:footnoteReference` to the same note: Word and LibreOffice would make
/// it a new, empty note and shift the numbers after it.
fn note_ref_field(p: Paragraph, n: u32) -> Paragraph {
    use docx_rs::{FieldCharType, InstrText};
    let styled = || Run::new().style(style::FOOTNOTE_REFERENCE);
    p.add_run(styled().add_field_char(FieldCharType::Begin, false))
        .add_run(styled().add_instr_text(InstrText::Unsupported(format!(
            "NOTEREF {} \\h",
            note_bookmark(n)
        ))))
        .add_run(styled().add_field_char(FieldCharType::Separate, false))
        .add_run(styled().add_text(n.to_string()))
        .add_run(styled().add_field_char(FieldCharType::End, false))
}

struct Builder<'a> {
    s: &'a PageSettings,
    fonts: &'a FontSet,
    coverage: crate::fonts::Coverage<'a>,
    /// `coverage.face_for(style, c)` for the characters with a [`slot`],
    /// by style (`None`: not looked up yet).
    face_memo: Vec<Cell<Option<Option<FaceId>>>>,
    chars: Vec<BTreeSet<char>>,
    /// Per face, the characters with a [`slot`] already in `chars`.
    seen: Vec<[u64; SLOTS.div_ceil(64)]>,
    warnings: Vec<Diagnostic>,
    footnote_ids: BTreeSet<u32>,
    /// Footnotes whose first mark is written: later marks are NOTEREF fields.
    cited: BTreeSet<u32>,
    next_list: usize,
    lists: Vec<(AbstractNumbering, Numbering)>,
    images: Vec<PlacedImage>,
    pending_break: bool,
    /// Advance widths: column widths and balanced lines, as the PDF decides them.
    metrics: Metrics<'a>,
    /// The current section is landscape.
    landscape: bool,
    /// See [`Built::table_rows`].
    table_rows: Vec<Vec<u8>>,
}

/// Inherited character formatting of a paragraph (style defaults).
#[derive(Clone, Copy, Default)]
struct Ctx {
    bold: bool,
    italic: bool,
    /// Explicit run size in points; `None`: the paragraph style's.
    size: Option<f32>,
}

impl<'a> Builder<'a> {
    /// `text` as runs added to `p`: one run per face, a character the
    /// family lacks in a run of the fallback font that has it
    /// ([`crate::fonts::split_by_face`], as the PDF's shaper cuts it).
    fn add_text(&mut self, mut p: Paragraph, text: &str, style: TextStyle, ctx: Ctx) -> Paragraph {
        let face = FaceStyle::from_flags(style.bold || ctx.bold, style.italic || ctx.italic);
        let (coverage, memo) = (&self.coverage, &self.face_memo);
        let pieces = crate::fonts::split_by_face(text, face, |c| match slot(c) {
            Some(i) => {
                let cell = &memo[face.index() * SLOTS + i];
                cell.get().unwrap_or_else(|| {
                    let id = coverage.face_for(face, c);
                    cell.set(Some(id));
                    id
                })
            }
            None => coverage.face_for(face, c),
        });
        for (range, id) in pieces {
            let piece = &text[range];
            let (chars, seen) = (&mut self.chars[id.index()], &mut self.seen[id.index()]);
            for c in piece.chars().filter(|c| !c.is_control()) {
                if let Some(i) = slot(c) {
                    let bit = 1u64 << (i % 64);
                    if seen[i / 64] & bit != 0 {
                        continue;
                    }
                    seen[i / 64] |= bit;
                }
                chars.insert(c);
            }
            let mut r = self.text_run(piece, style, ctx);
            if id.style().is_none() {
                let family = self.fonts.by_id(id).family.as_str();
                r = r.fonts(
                    RunFonts::new()
                        .ascii(family)
                        .hi_ansi(family)
                        .east_asia(family)
                        .cs(family),
                );
            }
            p = p.add_run(r);
        }
        p
    }

    fn text_run(&mut self, text: &str, style: TextStyle, ctx: Ctx) -> Run {
        // XML 1.0 forbids most control characters: a newline becomes a line
        // break, a tab a space, the rest is dropped.
        let clean: String = text
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .filter(|c| *c == '\n' || !c.is_control())
            .collect();
        let mut r = Run::new();
        for (i, line) in clean.split('\n').enumerate() {
            if i > 0 {
                r = r.add_break(BreakType::TextWrapping);
            }
            if !line.is_empty() {
                r = r.add_text(line);
            }
        }
        if style.bold || ctx.bold {
            r = r.bold();
        }
        if style.italic || ctx.italic {
            r = r.italic();
        }
        if style.underline {
            r = r.underline("single");
        }
        if style.superscript {
            r.run_property = r.run_property.vert_align(VertAlignType::SuperScript);
        }
        if let Some(size) = ctx.size {
            r = r.size(pt_hp(size));
        }
        r
    }

    fn inlines(&mut self, mut p: Paragraph, content: &[Inline], ctx: Ctx) -> Paragraph {
        for inline in content {
            match inline {
                Inline::Text { text, style } => {
                    p = self.add_text(p, text, *style, ctx);
                }
                Inline::LineBreak => {
                    p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
                }
                Inline::FootnoteRef(n) => {
                    if !self.footnote_ids.contains(n) {
                        self.warnings.push(Diagnostic::warning(format!(
                            "dấu chú thích {n} không có chú thích, bị bỏ trong DOCX \
                             (footnote mark {n} has no footnote: mark omitted)"
                        )));
                    } else if self.cited.insert(*n) {
                        // The first mark is the note's one reference, in a
                        // bookmark that later marks refer to.
                        let note = docx_rs::Footnote {
                            id: *n as usize,
                            content: vec![Paragraph::new()],
                        };
                        p = p
                            .add_bookmark_start(*n as usize, note_bookmark(*n))
                            .add_run(Run::new().add_footnote_reference(note))
                            .add_bookmark_end(*n as usize);
                    } else {
                        p = note_ref_field(p, *n);
                    }
                }
            }
        }
        p
    }

    /// Apply a pending page break to the first paragraph of a block.
    fn start(&mut self, p: Paragraph) -> Paragraph {
        if std::mem::take(&mut self.pending_break) {
            p.page_break_before(true)
        } else {
            p
        }
    }

    fn line(&mut self, text: &str, size: f32, bold: bool, italic: bool, line: f32) -> Paragraph {
        let p = no_indent(Paragraph::new())
            .align(AlignmentType::Center)
            .line_spacing(exact(line, 0.0, 0.0));
        let ctx = Ctx {
            bold,
            italic,
            size: Some(size),
        };
        self.add_text(p, text, TextStyle::default(), ctx)
    }

    fn body_paragraph(&mut self, para: &ModelParagraph) -> Paragraph {
        let mut p = Paragraph::new();
        if let Some(a) = para.align {
            p = p.align(alignment(a));
        }
        if !para.indent {
            p = no_indent(p);
        }
        let p = self.start(p);
        if para.align == Some(Align::Center) {
            // Centred lines of similar length, broken where the PDF breaks them.
            let indent = match para.indent {
                true => mm_to_pt(self.s.body.first_line_indent),
                false => 0.0,
            };
            let base = Base::new(false, false, self.s.body.size);
            let content = self
                .metrics
                .balance(&para.content, base, self.measure_pt() - indent);
            return self.inlines(p, &content, Ctx::default());
        }
        self.inlines(p, &para.content, Ctx::default())
    }

    /// Width of the text block in points in the current section.
    fn measure_pt(&self) -> f32 {
        mm_to_pt(self.s.measure_for(self.landscape))
    }

    /// `text` balanced over lines (`\n` between them) as the PDF sets it.
    fn balanced(&self, text: &str, bold: bool, size: f32, width_pt: f32) -> String {
        self.metrics
            .balance_text(text, Base::new(bold, false, size), width_pt)
    }

    fn blocks(
        &mut self,
        blocks: &[Block],
        out: &mut Vec<Child>,
        list_level: Option<(usize, usize)>,
    ) {
        for b in blocks {
            self.block(b, out, list_level);
        }
    }

    fn block(&mut self, b: &Block, out: &mut Vec<Child>, list_level: Option<(usize, usize)>) {
        match b {
            Block::Heading { level, content } => {
                let n = (*level as usize).clamp(1, self.s.headings.len().max(1));
                let h = self.s.heading(n as u8);
                let ctx = Ctx {
                    bold: h.bold,
                    italic: h.italic,
                    size: None,
                };
                let p = self.start(Paragraph::new().style(&format!("Heading{n}")));
                let p = self.inlines(p, content, ctx);
                out.push(Child::P(p));
            }
            Block::Paragraph(para) => {
                let mut p = self.body_paragraph(para);
                if let Some((_, lvl)) = list_level {
                    // A continuation paragraph inside a list item.
                    let left = mm_tw(self.s.lists.indent) * (lvl as i32 + 1);
                    p = p.style(style::LIST_PARAGRAPH).indent(
                        Some(left),
                        Some(SpecialIndentType::FirstLine(0)),
                        None,
                        None,
                    );
                }
                out.push(Child::P(p));
            }
            Block::List(list) => {
                let level = list_level.map(|(_, l)| l + 1).unwrap_or(0).min(8);
                let id = self.numbering(list.ordered, list.start);
                for item in &list.items {
                    let mut first = true;
                    for b in item {
                        match b {
                            Block::Paragraph(para) if first => {
                                first = false;
                                let p = self.start(
                                    Paragraph::new()
                                        .style(style::LIST_PARAGRAPH)
                                        .numbering(NumberingId::new(id), IndentLevel::new(level)),
                                );
                                let p = match para.align {
                                    Some(a) => p.align(alignment(a)),
                                    None => p,
                                };
                                let p = self.inlines(p, &para.content, Ctx::default());
                                out.push(Child::P(p));
                            }
                            other => {
                                first = false;
                                self.block(other, out, Some((id, level)));
                            }
                        }
                    }
                }
            }
            Block::Table(t) => self.table(t, out),
            Block::Image(img) => {
                // Checked when it was read (`document::ImageFile`).
                let n = self.images.len() + 1;
                let rid = format!("rIdImage{n}");
                let (cx, cy) = images::extent_emu(img, self.s.measure_for(self.landscape));
                let pic = Pic::new_with_dimensions(
                    img.file.data().as_ref().clone(),
                    img.file.width_px(),
                    img.file.height_px(),
                )
                .id(rid.clone())
                .size(cx, cy);
                self.images.push(PlacedImage {
                    rid,
                    format: img.file.format(),
                    alt: img.alt.clone(),
                });
                let p = no_indent(Paragraph::new())
                    .align(AlignmentType::Center)
                    .keep_next(!img.caption.is_empty())
                    .line_spacing(
                        LineSpacing::new()
                            .line_rule(LineSpacingType::Auto)
                            .line(240)
                            .before(pt_tw(self.s.body.space_before) as u32),
                    );
                let p = self.start(p).add_run(Run::new().add_image(pic));
                out.push(Child::P(p));
                if !img.caption.is_empty() {
                    let p = no_indent(Paragraph::new().style(style::CAPTION));
                    let ctx = Ctx {
                        italic: true,
                        ..Ctx::default()
                    };
                    let p = self.inlines(p, &img.caption, ctx);
                    out.push(Child::P(p));
                }
            }
            // Drawn where `lower::closing_at` says (see `build`).
            Block::Closing => {}
            Block::Section { landscape } => {
                // The section break starts the new page itself; at the very
                // start there is no section to end (no empty first page).
                self.pending_break = false;
                if !out.is_empty() {
                    out.push(Child::SectionEnd {
                        landscape: self.landscape,
                    });
                }
                self.landscape = *landscape;
            }
            Block::PageBreak => {
                if self.pending_break {
                    // Two breaks in a row: an empty page.
                    out.push(Child::P(
                        Paragraph::new().add_run(Run::new().add_break(BreakType::Page)),
                    ));
                }
                self.pending_break = true;
            }
        }
    }

    fn numbering(&mut self, ordered: bool, start: u32) -> usize {
        self.next_list += 1;
        let id = self.next_list;
        let indent = mm_tw(self.s.lists.indent);
        let mut abs = AbstractNumbering::new(id);
        for lvl in 0..9usize {
            let (fmt, text) = if ordered {
                ("decimal".to_string(), format!("%{}.", lvl + 1))
            } else {
                ("bullet".to_string(), self.s.lists.bullet.clone())
            };
            if !ordered {
                self.chars[0].extend(self.s.lists.bullet.chars());
            }
            abs = abs.add_level(
                Level::new(
                    lvl,
                    Start::new(start.max(1) as usize),
                    NumberFormat::new(fmt),
                    LevelText::new(text),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(indent * (lvl as i32 + 1)),
                    Some(SpecialIndentType::Hanging(indent)),
                    None,
                    None,
                ),
            );
        }
        self.lists.push((abs, Numbering::new(id, id)));
        id
    }

    fn table(&mut self, t: &crate::document::Table, out: &mut Vec<Child>) {
        let s = self.s;
        if t.header.is_empty() && t.rows.is_empty() {
            // Word rejects a table without rows.
            self.warnings.push(Diagnostic::warning(
                "bảng không có dòng nào, bị bỏ khỏi DOCX (a table without rows was left out of the DOCX)",
            ));
            return;
        }
        if !plain(&t.caption).is_empty() {
            let p = no_indent(Paragraph::new().style(style::CAPTION))
                .keep_next(true)
                .align(AlignmentType::Center);
            let p = self.start(p);
            let ctx = Ctx {
                size: Some(s.tables.caption_size),
                ..Ctx::default()
            };
            let base = Base::new(false, false, s.tables.caption_size);
            let caption = self.metrics.balance(&t.caption, base, self.measure_pt());
            let p = self.inlines(p, &caption, ctx);
            out.push(Child::P(p));
        } else if std::mem::take(&mut self.pending_break) {
            out.push(Child::P(
                Paragraph::new().add_run(Run::new().add_break(BreakType::Page)),
            ));
        }
        // One computation for both writers (document::measure), in points.
        let widths_pt = self.metrics.column_widths(t, s, self.measure_pt());
        let widths = twips(&widths_pt);
        let pad_pt = mm_to_pt(s.tables.padding);
        let paper = s.paper_for(self.landscape);
        let body_h = mm_to_pt(paper.height - s.margins.top - s.margins.bottom);
        let mut rows_xml = Vec::new();
        let mut has_numbering = false;
        for (k, (is_header, row)) in t
            .header
            .iter()
            .map(|r| (true, r))
            .chain(t.rows.iter().map(|r| (false, r)))
            .enumerate()
        {
            // As the PDF: the two rows above a total row keep with the next.
            let keep = !is_header && t.keeps_with_next(k - t.header.len());
            let mut cells = Vec::new();
            for (i, w) in widths.iter().enumerate() {
                let align = t.columns.get(i).map(|c| c.align).unwrap_or(Align::Left);
                let align = if is_header { Align::Center } else { align };
                let mut p =
                    no_indent(Paragraph::new().style(style::TABLE_TEXT)).align(alignment(align));
                if keep {
                    p = p.keep_next(true);
                }
                let ctx = Ctx {
                    bold: is_header || row.emphasis,
                    ..Ctx::default()
                };
                let content = row.cells.get(i).map(Vec::as_slice).unwrap_or(&[]);
                let p = self.inlines(p, content, ctx);
                cells.push(
                    TableCell::new()
                        .width(*w as usize, WidthType::Dxa)
                        .vertical_align(VAlignType::Center)
                        .add_paragraph(p),
                );
            }
            // As the PDF: a row taller than a quarter of the text block (and
            // of four lines or more) may split across pages; others move whole.
            let base = Base::new(is_header || row.emphasis, false, s.tables.size);
            let lines = (row.cells.iter().zip(&widths_pt))
                .map(|(c, w)| self.metrics.line_count(c, base, w - 2.0 * pad_pt))
                .max()
                .unwrap_or(1);
            let tall = lines as f32 * s.tables.line + 2.0 * pad_pt > body_h / 4.0;
            let mut r = TableRow::new(cells);
            if is_header || !(tall && lines >= 4) {
                r = r.cant_split();
            }
            if is_header {
                r = r.row_height(HEADER_ROW_MARKER.parse().unwrap_or(1.25));
            }
            // Written now, the row's elements dropped (see ROWS_MARKER).
            has_numbering |= r.has_numbering;
            let xml = docx_rs::BuildXML::build(&r);
            drop(r);
            if is_header {
                let xml = super::xml::utf8(&xml);
                rows_xml.extend_from_slice(mark_header_rows(&xml).as_bytes());
            } else {
                rows_xml.extend_from_slice(&xml);
            }
        }
        self.table_rows.push(rows_xml);
        let borders = grid_borders(s.tables.border);
        let pad = mm_tw(s.tables.padding).max(0) as usize;
        let mut table = Table::new(vec![rows_placeholder()]);
        table.has_numbering = has_numbering;
        let table = table
            .style(style::TABLE_GRID)
            .set_grid(widths.iter().map(|w| *w as usize).collect())
            .layout(TableLayoutType::Fixed)
            .width(widths.iter().sum::<i32>() as usize, WidthType::Dxa)
            .set_borders(borders)
            .margins(TableCellMargins::new().margin(pad / 2, pad, pad / 2, pad));
        out.push(Child::T(table));
    }

    /// The two-column official header and the centred title block.
    fn official_header(&mut self, out: &mut Vec<Child>, h: &crate::document::OfficialHeader) {
        let s = self.s;
        let hs = &s.header;
        let measure = mm_tw(s.measure());
        let left_w = (measure as f32 * hs.left_width / 100.0).round() as i32;
        let right_w = measure - left_w;
        let mut left = Vec::new();
        // A long name in lines of similar length, broken where the PDF breaks it.
        let left_pt = mm_to_pt(s.measure()) * hs.left_width / 100.0;
        let mut extra_lines = 0;
        if !h.superior.trim().is_empty() {
            let text = self.balanced(&h.superior, false, hs.superior_size, left_pt);
            extra_lines += text.matches('\n').count();
            left.push(self.line(&text, hs.superior_size, false, false, hs.line));
        }
        let text = self.balanced(&h.issuer, true, hs.issuer_size, left_pt);
        extra_lines += text.matches('\n').count();
        left.push(self.line(&text, hs.issuer_size, true, false, hs.line));
        left.push(self.line("*", hs.issuer_size, false, false, hs.line));
        left.push(self.line(&h.number, hs.number_size, false, false, hs.line));
        let mut right = Vec::new();
        // The rule under the motto: a bottom border on a paragraph narrowed to the text.
        let text_w = self.text_width_tw(&h.motto, FaceStyle::Bold, hs.motto_size);
        let slack = pt_tw(hs.motto_size * 0.3);
        let side = ((right_w - text_w) / 2 - slack).max(0);
        let mut motto = self.line(&h.motto, hs.motto_size, true, false, hs.line);
        motto = motto.indent(
            Some(side),
            Some(SpecialIndentType::FirstLine(0)),
            Some(side),
            None,
        );
        motto.property = motto.property.set_borders(
            ParagraphBorders::with_empty().set(
                ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                    .val(BorderType::Single)
                    .size(RULE_SIZE)
                    .space(RULE_SPACE)
                    .color("000000"),
            ),
        );
        right.push(motto);
        // Blank lines down to the baseline of the number; the first is short
        // by the rule's width and gap, which add to the motto's height.
        let rule_pt = RULE_SIZE as f32 / 8.0 + RULE_SPACE as f32;
        for i in 0..(left.len() + extra_lines).saturating_sub(2) {
            let line = if i == 0 { hs.line - rule_pt } else { hs.line };
            right.push(self.line("", hs.place_date_size, false, false, line.max(1.0)));
        }
        right.push(self.line(&h.place_date, hs.place_date_size, false, true, hs.line));
        out.push(Child::T(two_columns(left_w, right_w, left, right)));

        let mut kind = self.line(&h.kind, hs.kind_size, true, false, hs.line);
        kind = kind.line_spacing(exact(hs.line, hs.space_after, 0.0));
        out.push(Child::P(kind));
        for line in &h.summary {
            let line = self.balanced(line, true, hs.summary_size, mm_to_pt(s.measure()));
            let p = self.line(&line, hs.summary_size, true, false, hs.line);
            out.push(Child::P(p));
        }
        if !h.separator.trim().is_empty() {
            let p = self
                .line(&h.separator, hs.summary_size, false, false, hs.line)
                .line_spacing(exact(hs.line, 0.0, hs.space_after));
            out.push(Child::P(p));
        }
    }

    /// Recipients on the left, signature on the right.
    /// The closing block, after a pending page break (the closing is a
    /// table: the break needs a paragraph of its own).
    fn closing_with_break(&mut self, out: &mut Vec<Child>, c: &crate::document::Closing) {
        if std::mem::take(&mut self.pending_break) {
            out.push(Child::P(
                Paragraph::new().add_run(Run::new().add_break(BreakType::Page)),
            ));
        }
        self.closing(out, c);
    }

    fn closing(&mut self, out: &mut Vec<Child>, c: &crate::document::Closing) {
        let s = self.s;
        let cs = &s.closing;
        let body_line = s.body.line;
        let measure = mm_tw(s.measure());
        let left_w = (measure as f32 * cs.left_width / 100.0).round() as i32;
        let right_w = measure - left_w;
        let mut left = Vec::new();
        // "Nơi nhận:" 14 pt, underlined (domain.md), as in the PDF.
        let ctx = Ctx {
            bold: false,
            italic: false,
            size: Some(cs.label_size),
        };
        let label = no_indent(Paragraph::new())
            .align(AlignmentType::Left)
            .line_spacing(exact(body_line, cs.space_before, 0.0));
        let style = TextStyle {
            underline: true,
            ..TextStyle::default()
        };
        left.push(self.add_text(label, &c.recipients_label, style, ctx));
        for line in &c.recipients {
            let p = no_indent(Paragraph::new())
                .align(AlignmentType::Left)
                .line_spacing(exact(cs.recipients_line, 0.0, 0.0));
            let ctx = Ctx {
                size: Some(cs.recipients_size),
                ..Ctx::default()
            };
            left.push(self.add_text(p, line, TextStyle::default(), ctx));
        }
        let mut right = Vec::new();
        let mut first = true;
        for line in &c.authority {
            let mut p = self.line(line, cs.authority_size, true, false, body_line);
            if std::mem::take(&mut first) {
                p = p.line_spacing(exact(body_line, cs.space_before, 0.0));
            }
            right.push(p);
        }
        for line in &c.title {
            let mut p = self.line(line, cs.title_size, false, false, body_line);
            if std::mem::take(&mut first) {
                p = p.line_spacing(exact(body_line, cs.space_before, 0.0));
            }
            right.push(p);
        }
        for _ in 0..cs.signature_lines {
            right.push(self.line("", cs.signer_size, false, false, body_line));
        }
        right.push(self.line(&c.signer, cs.signer_size, true, false, body_line));
        out.push(Child::T(two_columns(left_w, right_w, left, right)));
    }

    fn text_width_tw(&self, text: &str, face: FaceStyle, size: f32) -> i32 {
        let f = self.fonts.face(face).parse();
        let upem = f.units_per_em().max(1) as f32;
        let units: f32 = text
            .chars()
            .map(|c| {
                f.glyph_index(c)
                    .and_then(|g| f.glyph_hor_advance(g))
                    .unwrap_or(0) as f32
            })
            .sum();
        pt_tw(units / upem * size)
    }
}

fn plain(content: &[Inline]) -> String {
    crate::document::plain_text(content)
}

/// Widths in points to twips, rounded at the column edges so that they add
/// up to the rounded total.
fn twips(widths_pt: &[f32]) -> Vec<i32> {
    let mut out = Vec::with_capacity(widths_pt.len());
    let (mut sum, mut edge) = (0.0f32, 0);
    for w in widths_pt {
        sum += w.max(0.0);
        let next = pt_tw(sum);
        out.push((next - edge).max(1));
        edge = next;
    }
    out
}

/// A borderless one-row table of two cells; the row never splits.
fn two_columns(left_w: i32, right_w: i32, left: Vec<Paragraph>, right: Vec<Paragraph>) -> Table {
    let cell = |w: i32, ps: Vec<Paragraph>| {
        ps.into_iter().fold(
            TableCell::new().width(w.max(0) as usize, WidthType::Dxa),
            TableCell::add_paragraph,
        )
    };
    Table::without_borders(vec![TableRow::new(vec![
        cell(left_w, left),
        cell(right_w, right),
    ])
    .cant_split()])
    .set_grid(vec![left_w.max(0) as usize, right_w.max(0) as usize])
    .layout(TableLayoutType::Fixed)
    .width((left_w + right_w).max(0) as usize, WidthType::Dxa)
    .margins(TableCellMargins::new().margin(0, 0, 0, 0))
}

#[allow(clippy::large_enum_variant)] // short-lived, one per block
enum Child {
    P(Paragraph),
    T(Table),
    /// The end of a section whose pages are landscape or portrait.
    SectionEnd {
        landscape: bool,
    },
}

fn styles(s: &PageSettings, family: &str) -> Styles {
    let fonts = RunFonts::new()
        .ascii(family)
        .hi_ansi(family)
        .cs(family)
        .east_asia(family);
    let body = &s.body;
    let mut styles = Styles::new()
        .default_fonts(fonts.clone())
        .default_size(pt_hp(body.size));
    let normal = Style::new(style::NORMAL, StyleType::Paragraph)
        .name("Normal")
        .q_format(true)
        .fonts(fonts)
        .size(pt_hp(body.size))
        .color("000000")
        .align(AlignmentType::Both)
        .line_spacing(exact(body.line, body.space_before, body.space_after))
        .indent(
            Some(0),
            Some(SpecialIndentType::FirstLine(mm_tw(body.first_line_indent))),
            None,
            None,
        );
    styles = styles.add_style(normal);
    for (i, h) in s.headings.iter().enumerate().take(9) {
        let n = i + 1;
        let mut st = Style::new(format!("Heading{n}"), StyleType::Paragraph)
            .name(format!("heading {n}"))
            .based_on(style::NORMAL)
            .next(style::NORMAL)
            .q_format(true)
            .size(pt_hp(h.size))
            .outline_lvl(i)
            .line_spacing(exact(h.line, h.space_before, h.space_after))
            .indent(
                Some(0),
                Some(SpecialIndentType::FirstLine(if h.indent {
                    mm_tw(body.first_line_indent)
                } else {
                    0
                })),
                None,
                None,
            );
        st.paragraph_property = st.paragraph_property.keep_next(true).keep_lines(true);
        if h.bold {
            st = st.bold();
        }
        if h.italic {
            st = st.italic();
        }
        styles = styles.add_style(st);
    }
    let f = &s.footnotes;
    styles = styles.add_style(
        Style::new(style::FOOTNOTE_TEXT, StyleType::Paragraph)
            .name("footnote text")
            .based_on(style::NORMAL)
            .ui_priority(99)
            .size(pt_hp(f.size))
            .line_spacing(exact(f.line, 0.0, 0.0))
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None),
    );
    let mut fref = Style::new(style::FOOTNOTE_REFERENCE, StyleType::Character)
        .name("footnote reference")
        .ui_priority(99);
    fref.run_property = fref.run_property.vert_align(VertAlignType::SuperScript);
    styles = styles.add_style(fref);
    let t = &s.tables;
    styles = styles.add_style(
        Style::new(style::TABLE_TEXT, StyleType::Paragraph)
            .name("Table Text")
            .based_on(style::NORMAL)
            .size(pt_hp(t.size))
            .line_spacing(exact(t.line, 0.0, 0.0))
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None),
    );
    let borders = grid_borders(t.border);
    styles = styles.add_style(
        Style::new(style::TABLE_GRID, StyleType::Table)
            .name("Table Grid")
            .ui_priority(39)
            .set_borders(borders),
    );
    styles = styles.add_style(
        Style::new(style::CAPTION, StyleType::Paragraph)
            .name("caption")
            .based_on(style::NORMAL)
            .next(style::NORMAL)
            .q_format(true)
            .size(pt_hp(s.images.caption_size))
            .align(AlignmentType::Center)
            .line_spacing(exact(body.line, 0.0, body.space_before))
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None),
    );
    styles = styles.add_style(
        Style::new(style::LIST_PARAGRAPH, StyleType::Paragraph)
            .name("List Paragraph")
            .based_on(style::NORMAL)
            .q_format(true)
            .indent(
                Some(mm_tw(s.lists.indent)),
                Some(SpecialIndentType::FirstLine(0)),
                None,
                None,
            ),
    );
    styles = styles.add_style(
        Style::new(style::HEADER, StyleType::Paragraph)
            .name("header")
            .based_on(style::NORMAL)
            .size(pt_hp(s.page_number.size))
            .align(AlignmentType::Center)
            .line_spacing(exact(s.page_number.size * 1.2, 0.0, 0.0))
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None),
    );
    styles
}

/// Build the docx-rs document for `doc`.
pub fn build(doc: &Document, fonts: &FontSet) -> Result<Built, DocxError> {
    let s = &doc.settings;
    let mut warnings = Vec::new();
    // The family written in the document must be the font's own, or the
    // embedded font is never matched; settings naming another is a warning.
    let own = fonts.face(FaceStyle::Regular).family.clone();
    let family = if own.is_empty() {
        s.fonts.family.clone()
    } else {
        own
    };
    if family != s.fonts.family {
        warnings.push(
            Diagnostic::warning(format!(
                "thiết lập fonts.family là \"{}\" nhưng phông trong tệp có tên họ \"{family}\": DOCX dùng \"{family}\" \
                 (settings fonts.family is \"{}\" but the font file's family is \"{family}\": the document uses \"{family}\")",
                s.fonts.family, s.fonts.family
            ))
            .hint(format!("đặt fonts.family: \"{family}\" trong settings.yaml")),
        );
    }
    let mut b = Builder {
        s,
        fonts,
        coverage: fonts.coverage(),
        face_memo: vec![Cell::new(None); FaceStyle::ALL.len() * SLOTS],
        chars: vec![BTreeSet::new(); fonts.face_count()],
        seen: vec![[0; SLOTS.div_ceil(64)]; fonts.face_count()],
        warnings,
        footnote_ids: doc.footnotes.iter().map(|f| f.number).collect(),
        cited: BTreeSet::new(),
        next_list: 0,
        lists: Vec::new(),
        images: Vec::new(),
        pending_break: false,
        metrics: Metrics::new(fonts),
        landscape: false,
        table_rows: Vec::new(),
    };
    let mut children = Vec::new();
    if let Some(h) = &doc.meta.header {
        b.official_header(&mut children, h);
    }
    // The closing block goes where `lower` says (as in the PDF).
    match (crate::document::lower::closing_at(doc)?, &doc.meta.closing) {
        (Some(at), Some(c)) => {
            b.blocks(&doc.blocks[..at], &mut children, None);
            b.closing_with_break(&mut children, c);
            b.blocks(&doc.blocks[at..], &mut children, None);
        }
        _ => b.blocks(&doc.blocks, &mut children, None),
    }

    // Footnotes: the number mark (a placeholder for <w:footnoteRef/>), a space, the text.
    let mut footnotes = Vec::new();
    for f in &doc.footnotes {
        let mut xml = Vec::new();
        let paras: Vec<&ModelParagraph> = f.content.iter().collect();
        let empty = ModelParagraph::default();
        let paras = if paras.is_empty() {
            vec![&empty]
        } else {
            paras
        };
        for (i, para) in paras.into_iter().enumerate() {
            let mut p = Paragraph::new().style(style::FOOTNOTE_TEXT);
            if let Some(a) = para.align {
                p = p.align(alignment(a));
            }
            if i == 0 {
                p = p
                    .add_run(
                        Run::new()
                            .style(style::FOOTNOTE_REFERENCE)
                            .add_text(FOOTNOTE_MARK),
                    )
                    .add_run(Run::new().add_text(" "));
            }
            let p = b.inlines(p, &para.content, Ctx::default());
            xml.extend(docx_rs::BuildXML::build(&p));
        }
        footnotes.push((f.number, xml));
    }

    let top = mm_tw(s.margins.top);
    let header_dist = ((top - pt_tw(s.page_number.size * 1.2)) / 2).max(0);
    let margin = PageMargin::new()
        .top(top)
        .bottom(mm_tw(s.margins.bottom))
        .left(mm_tw(s.margins.left))
        .right(mm_tw(s.margins.right))
        .header(header_dist)
        .footer((mm_tw(s.margins.bottom) / 2).max(0))
        .gutter(0);
    let last_paper = s.paper_for(b.landscape);
    let mut docx = Docx::new()
        .styles(styles(s, &family))
        .page_size(
            mm_tw(last_paper.width) as u32,
            mm_tw(last_paper.height) as u32,
        )
        .page_margin(margin.clone())
        .header(
            Header::new().add_paragraph(
                Paragraph::new()
                    .style(style::HEADER)
                    .add_page_num(PageNum::new()),
            ),
        );
    if s.page_number.first_page > 1 {
        docx = docx
            .first_header(Header::new().add_paragraph(Paragraph::new().style(style::HEADER)))
            .title_pg();
    }
    for (abs, num) in std::mem::take(&mut b.lists) {
        docx = docx.add_abstract_numbering(abs).add_numbering(num);
    }
    if b.landscape {
        docx = docx.page_orient(PageOrientationType::Landscape);
    }
    // Sections: each but the last ends with a paragraph holding its sectPr
    // (same margins and page-number header; the page numbers continue).
    // Only the first section has the number-less first page.
    let sections = children
        .iter()
        .filter(|c| matches!(c, Child::SectionEnd { .. }))
        .count();
    let refs = (
        docx.document.section_property.header_reference.clone(),
        docx.document
            .section_property
            .first_header_reference
            .clone(),
    );
    let title_pg = docx.document.section_property.title_pg;
    if sections > 0 {
        docx.document.section_property.title_pg = false;
    }
    let mut first_section = true;
    for c in children {
        docx = match c {
            Child::P(p) => docx.add_paragraph(p),
            Child::T(t) => docx.add_table(t),
            Child::SectionEnd { landscape } => {
                let paper = s.paper_for(landscape);
                let mut sect = SectionProperty::new()
                    .page_size(
                        PageSize::new().size(mm_tw(paper.width) as u32, mm_tw(paper.height) as u32),
                    )
                    .page_margin(margin.clone());
                if landscape {
                    sect = sect.page_orient(PageOrientationType::Landscape);
                }
                sect.header_reference = refs.0.clone();
                if std::mem::take(&mut first_section) && title_pg {
                    sect.first_header_reference = refs.1.clone();
                    sect.title_pg = true;
                }
                // An empty paragraph 1 pt high carries it.
                let p = no_indent(Paragraph::new())
                    .line_spacing(exact(1.0, 0.0, 0.0))
                    .section_property(sect);
                docx.add_paragraph(p)
            }
        };
    }

    // Digits for page numbers and footnote marks are always in the subset; make
    // sure the faces those use see them.
    b.chars[0].extend('0'..='9');

    Ok(Built {
        docx,
        footnotes,
        chars: b.chars,
        images: b.images,
        family,
        warnings: b.warnings,
        table_rows: b.table_rows,
    })
}

/// Single borders all round and inside, `border_pt` thick (eighths of a point in Word).
fn grid_borders(border_pt: f32) -> TableBorders {
    let sz = ((border_pt * 8.0).round() as usize).clamp(2, 96);
    let mut borders = TableBorders::new();
    for pos in [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ] {
        borders = borders.set(
            TableBorder::new(pos)
                .size(sz)
                .border_type(BorderType::Single),
        );
    }
    borders
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_rows_get_tbl_header_after_cant_split() {
        let s = mark_header_rows(
            r#"<w:tr><w:trPr><w:cantSplit /><w:trHeight w:val="1.25" w:hRule="auto" /></w:trPr></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr>"#,
        );
        assert_eq!(
            s,
            r#"<w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr>"#
        );
    }
}
