//! Blocks to chunks: every block of the document becomes a list of
//! vertically stacked chunks (a line of a paragraph, a table row, an image
//! with its caption; the official header and closing block come from
//! [`super::official`]) that the paginator places. Positions are in points;
//! x is absolute on the page, y is relative to the chunk's top.

use std::rc::Rc;

use unicode_normalization::UnicodeNormalization;

use crate::document::measure::{self, Metrics};
use crate::document::settings::mm_to_pt;
use crate::document::{
    Align, Block, Document, Image, Inline, List, PageSettings, Paragraph, Table, TextStyle,
};
use crate::fonts::{FaceStyle, FontSet};

use super::display::{Glyph, GlyphRun, ImageItem, Item};
use super::linebreak::{compose, Line, Measure, Run};
use super::shape::Shaper;

/// Superscript size and rise, as fractions of the surrounding size.
const SUP_SIZE: f32 = 0.65;
const SUP_RISE: f32 = 0.35;

/// A footnote mark's clickable area, relative to its chunk.
#[derive(Debug, Clone)]
pub struct Mark {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub note: u32,
}

/// Something the paginator places whole.
#[derive(Debug, Clone, Default)]
pub struct Chunk {
    pub height: f32,
    /// Dropped at the top of a page.
    pub space_before: f32,
    pub items: Vec<Item>,
    pub marks: Vec<Mark>,
    /// Footnotes first cited in this chunk: their notes go on its page.
    pub notes: Vec<u32>,
    /// No page break between this chunk and the next.
    pub keep_with_next: bool,
    /// A heading starts here: (level, title).
    pub outline: Option<(u8, String)>,
    /// A table row: the table's id and its header rows, repeated after a break.
    pub table: Option<(usize, Rc<Vec<Chunk>>)>,
    /// Start a new page before this (empty) chunk.
    pub page_break: bool,
    /// With `page_break`: from the new page on, landscape (or portrait) paper.
    pub landscape: Option<bool>,
    /// A table body row: its lines, so that a tall row can be split.
    pub row: Option<Rc<RowLines>>,
}

/// A table row line by line, cell by cell: the paginator splits a row
/// taller than the space left between two lines ([`RowLines::part`]).
#[derive(Debug, Clone)]
pub struct RowLines {
    pub pitch: f32,
    pub pad: f32,
    pub border: f32,
    pub cells: Vec<CellLines>,
}

/// A cell of a [`RowLines`]: left edge, width, and its lines (items and
/// marks with y relative to the top of the line).
#[derive(Debug, Clone)]
pub struct CellLines {
    pub x: f32,
    pub w: f32,
    pub lines: Vec<(Vec<Item>, Vec<Mark>)>,
}

impl RowLines {
    /// Lines in the tallest cell.
    pub fn lines(&self) -> usize {
        self.cells.iter().map(|c| c.lines.len()).max().unwrap_or(0)
    }

    /// Height of `n` lines with the padding.
    pub fn height(&self, n: usize) -> f32 {
        n.max(1) as f32 * self.pitch + 2.0 * self.pad
    }

    /// Lines `from..to` of every cell as a chunk of the row (borders
    /// drawn round the part), without notes or table link.
    pub fn part(&self, from: usize, to: usize) -> Chunk {
        let height = self.height(to.saturating_sub(from));
        let mut chunk = Chunk {
            height,
            ..Chunk::default()
        };
        for cell in &self.cells {
            for (k, (items, marks)) in cell.lines.iter().enumerate().take(to).skip(from) {
                let dy = self.pad + (k - from) as f32 * self.pitch;
                for it in items {
                    let mut it = it.clone();
                    shift(&mut it, dy);
                    chunk.items.push(it);
                }
                chunk.marks.extend(marks.iter().map(|m| Mark {
                    y: m.y + dy,
                    ..m.clone()
                }));
            }
        }
        for c in &self.cells {
            chunk.items.push(Item::Rect {
                x: c.x,
                y: 0.0,
                w: c.w,
                h: height,
                width: self.border,
            });
        }
        chunk
    }

    /// The row from line `from` on.
    pub fn tail(&self, from: usize) -> RowLines {
        RowLines {
            cells: self
                .cells
                .iter()
                .map(|c| CellLines {
                    lines: c.lines.iter().skip(from).cloned().collect(),
                    ..*c
                })
                .collect(),
            ..*self
        }
    }
}

/// A footnote's lines, ready for the foot of a page.
#[derive(Debug, Clone)]
pub struct NoteLine {
    pub note: u32,
    pub height: f32,
    pub items: Vec<Item>,
}

/// Layout state for one document.
pub struct Ctx<'a> {
    pub s: &'a PageSettings,
    /// Advance widths: column widths and balanced lines, decided as the DOCX decides them.
    pub(super) metrics: Metrics<'a>,
    pub shaper: Shaper<'a>,
    pub warnings: Vec<String>,
    cited: std::collections::BTreeSet<u32>,
    tables: usize,
    pub left: f32,
    pub measure: f32,
}

/// Text style of a run before sizes: the inline style over a block style.
#[derive(Clone, Copy)]
struct Base {
    bold: bool,
    italic: bool,
    underline: bool,
    size: f32,
}

impl<'a> Ctx<'a> {
    pub fn new(doc: &'a Document, set: &'a FontSet) -> Ctx<'a> {
        let s = &doc.settings;
        Ctx {
            s,
            shaper: Shaper::new(set),
            metrics: Metrics::new(set),
            warnings: Vec::new(),
            cited: Default::default(),
            tables: 0,
            left: mm_to_pt(s.margins.left),
            measure: mm_to_pt(s.measure()),
        }
    }

    /// Inlines to shaping runs (NFC, footnote marks as superscript links),
    /// noting first citations. (Characters no font has are found before
    /// any writer runs: [`crate::glyphs`].)
    fn runs(&mut self, inlines: &[Inline], base: Base, notes: &mut Vec<u32>) -> Vec<Run> {
        let mut runs = Vec::with_capacity(inlines.len());
        for inl in inlines {
            match inl {
                Inline::Text { text, style } => runs.push(self.run(text, *style, base)),
                Inline::FootnoteRef(n) => {
                    let mut r = self.run(
                        &n.to_string(),
                        TextStyle {
                            superscript: true,
                            ..TextStyle::default()
                        },
                        Base {
                            underline: false,
                            ..base
                        },
                    );
                    r.link = Some(*n);
                    if self.cited.insert(*n) {
                        notes.push(*n);
                    }
                    runs.push(r);
                }
                Inline::LineBreak => runs.push(Run {
                    text: "\n".into(),
                    ..self.run("", TextStyle::default(), base)
                }),
            }
        }
        runs
    }

    fn run(&self, text: &str, style: TextStyle, base: Base) -> Run {
        let face = FaceStyle::from_flags(style.bold || base.bold, style.italic || base.italic);
        let (size, rise) = if style.superscript {
            (base.size * SUP_SIZE, base.size * SUP_RISE)
        } else {
            (base.size, 0.0)
        };
        Run {
            text: clean(text),
            face,
            size,
            rise,
            underline: style.underline || base.underline,
            link: None,
        }
    }

    pub(super) fn plain(&self, text: &str, face: FaceStyle, size: f32) -> Run {
        Run {
            text: clean(text),
            face,
            size,
            rise: 0.0,
            underline: false,
            link: None,
        }
    }

    /// Baseline of a line of `size` in a line box of `pitch`, from its top.
    pub(super) fn baseline(&self, size: f32, pitch: f32) -> f32 {
        let asc = self.shaper.ascender(FaceStyle::Regular);
        let desc = self.shaper.descender(FaceStyle::Regular);
        (pitch - (asc + desc) * size) / 2.0 + asc * size
    }

    /// Items and marks of a composed line at `left`, baseline `base` (chunk-relative).
    pub(super) fn line_items(&self, line: &Line, left: f32, base: f32) -> (Vec<Item>, Vec<Mark>) {
        let mut items = Vec::new();
        let mut marks: Vec<Mark> = Vec::new();
        let mut run: Option<GlyphRun> = None;
        let mut underline: Option<(f32, f32, f32, f32)> = None; // x1, x2, y, width
        let ink_end = line.width;
        for g in &line.glyphs {
            let y = base + g.dy;
            let same = run
                .as_ref()
                .is_some_and(|r| r.face == g.face && r.size == g.size && r.y == y);
            if !same {
                if let Some(r) = run.take() {
                    items.push(Item::Glyphs(r));
                }
                run = Some(GlyphRun {
                    face: g.face,
                    size: g.size,
                    y,
                    glyphs: Vec::new(),
                });
            }
            if let Some(r) = run.as_mut() {
                r.glyphs.push(Glyph {
                    id: g.id,
                    x: left + g.x,
                    dy: 0.0,
                    advance: g.advance,
                    text: g.text.clone(),
                    space: g.space,
                });
            }
            // A character no font has (allowed with --cho-phep-thieu-chu):
            // the family's .notdef may be blank, so draw a visible box too.
            if g.id == 0 && !g.text.is_empty() && !g.space {
                let (w, h) = (g.advance * 0.8, g.size * 0.7);
                items.push(Item::Rect {
                    x: left + g.x + (g.advance - w) / 2.0,
                    y: y - h,
                    w,
                    h,
                    width: (g.size * 0.04).max(0.3),
                });
            }
            // Underlines: merge neighbours; a line-end space is not underlined.
            let x1 = left + g.x;
            let x2 = x1 + g.advance;
            if g.underline && !(g.space && g.x >= ink_end - 0.01) {
                let (pos, thick) = self.shaper.underline(g.face);
                let uy = base - pos * g.size;
                let uw = thick * g.size;
                match underline.as_mut() {
                    Some(u) if (u.0..=u.1 + 0.5).contains(&x1) => u.1 = u.1.max(x2),
                    _ => {
                        if let Some((a, b, y, w)) = underline.take() {
                            items.push(rule(a, y, b, y, w));
                        }
                        underline = Some((x1, x2, uy, uw));
                    }
                }
            }
            if let Some(n) = g.link {
                let top = y - self.shaper.ascender(g.face) * g.size;
                let h = g.size * 1.1;
                match marks.last_mut() {
                    Some(m) if m.note == n && (m.x + m.w - x1).abs() < 1.0 => {
                        m.w = x2 - m.x;
                    }
                    _ => marks.push(Mark {
                        x: x1,
                        y: top,
                        w: x2 - x1,
                        h,
                        note: n,
                    }),
                }
            }
        }
        if let Some(r) = run.take() {
            items.push(Item::Glyphs(r));
        }
        if let Some((a, b, y, w)) = underline.take() {
            items.push(rule(a, y, b, y, w));
        }
        (items, marks)
    }

    /// One chunk per line of a paragraph; the first carries `space_before`.
    /// Two-line widow/orphan control: the first and the next-to-last lines
    /// keep with their successors.
    #[allow(clippy::too_many_arguments)]
    fn paragraph(
        &mut self,
        runs: &[Run],
        notes: Vec<u32>,
        left: f32,
        m: Measure,
        size: f32,
        pitch: f32,
        space_before: f32,
        keep_all: bool,
    ) -> Vec<Chunk> {
        let lines = compose(&mut self.shaper, runs, m);
        let base = self.baseline(size, pitch);
        let n = lines.len();
        let mut notes = Some(notes);
        let mut chunks: Vec<Chunk> = Vec::with_capacity(n);
        for (i, line) in lines.iter().enumerate() {
            let (items, marks) = self.line_items(line, left, base);
            // A note belongs to the line with its mark.
            let mut line_notes = Vec::new();
            if let Some(all) = notes.as_mut() {
                for mk in &marks {
                    if let Some(p) = all.iter().position(|&x| x == mk.note) {
                        line_notes.push(all.remove(p));
                    }
                }
            }
            chunks.push(Chunk {
                height: pitch,
                space_before: if i == 0 { space_before } else { 0.0 },
                items,
                marks,
                notes: line_notes,
                keep_with_next: keep_all || (n >= 2 && (i == 0 || i + 2 == n)),
                ..Chunk::default()
            });
        }
        // Notes whose mark was not found on a line (cannot happen) go with the first.
        if let (Some(rest), Some(first)) = (notes, chunks.first_mut()) {
            first.notes.extend(rest);
        }
        if chunks.is_empty() && space_before > 0.0 {
            // An empty paragraph still takes a line.
            chunks.push(Chunk {
                height: pitch,
                space_before,
                ..Chunk::default()
            });
        }
        chunks
    }

    /// The body blocks at `left`, `width`.
    pub fn blocks(&mut self, blocks: &[Block], left: f32, width: f32, out: &mut Vec<Chunk>) {
        let s = self.s;
        let body = s.body;
        let mut width = width;
        for b in blocks {
            match b {
                Block::Heading { level, content } => {
                    let h = *s.heading(*level);
                    let mut notes = Vec::new();
                    let runs = self.runs(
                        content,
                        Base {
                            bold: h.bold,
                            italic: h.italic,
                            underline: false,
                            size: h.size,
                        },
                        &mut notes,
                    );
                    let m = Measure {
                        width,
                        indent: if h.indent {
                            mm_to_pt(body.first_line_indent)
                        } else {
                            0.0
                        },
                        align: Align::Justify,
                    };
                    let mut chunks =
                        self.paragraph(&runs, notes, left, m, h.size, h.line, h.space_before, true);
                    if let Some(c) = chunks.first_mut() {
                        let title: String = crate::document::plain_text(content).nfc().collect();
                        c.outline = Some((*level, title.trim().to_string()));
                    }
                    if let Some(c) = chunks.last_mut() {
                        c.height += h.space_after;
                    }
                    out.extend(chunks);
                }
                Block::Paragraph(p) => {
                    let chunks = self.body_paragraph(p, left, width, None);
                    out.extend(chunks);
                }
                Block::List(list) => self.list(list, left, width, out),
                Block::Table(t) => self.table(t, left, width, out),
                Block::Image(img) => out.push(self.image(img, left, width)),
                Block::PageBreak => out.push(Chunk {
                    page_break: true,
                    ..Chunk::default()
                }),
                Block::Section { landscape } => {
                    out.push(Chunk {
                        page_break: true,
                        landscape: Some(*landscape),
                        ..Chunk::default()
                    });
                    // The text block of the new paper (at the top level).
                    if left == self.left {
                        width = mm_to_pt(s.measure_for(*landscape));
                    }
                }
                // Placed by the caller at the top level; ignored when nested.
                Block::Closing => {}
            }
        }
    }

    fn body_paragraph(
        &mut self,
        p: &Paragraph,
        left: f32,
        width: f32,
        label: Option<(String, f32)>,
    ) -> Vec<Chunk> {
        let body = self.s.body;
        let mut notes = Vec::new();
        let m = Measure {
            width,
            indent: if p.indent && label.is_none() {
                mm_to_pt(body.first_line_indent)
            } else {
                0.0
            },
            align: p.align.unwrap_or(Align::Justify),
        };
        // Centred lines of similar length, broken where the DOCX breaks them.
        let balanced;
        let content = if m.align == Align::Center {
            let base = measure::Base::new(false, false, body.size);
            balanced = self.metrics.balance(&p.content, base, width - m.indent);
            &balanced
        } else {
            &p.content
        };
        let runs = self.runs(
            content,
            Base {
                bold: false,
                italic: false,
                underline: false,
                size: body.size,
            },
            &mut notes,
        );
        let mut chunks = self.paragraph(
            &runs,
            notes,
            left,
            m,
            body.size,
            body.line,
            body.space_before,
            false,
        );
        if let Some(c) = chunks.last_mut() {
            c.height += body.space_after;
        }
        if let (Some((label, x)), Some(first)) = (label, chunks.first_mut()) {
            let run = self.plain(&label, FaceStyle::Regular, body.size);
            let lines = compose(
                &mut self.shaper,
                &[run],
                Measure {
                    width: left - x + 1000.0,
                    indent: 0.0,
                    align: Align::Left,
                },
            );
            let base = self.baseline(body.size, body.line);
            if let Some(l) = lines.first() {
                let (items, _) = self.line_items(l, x, base);
                // The label is read first.
                let mut all = items;
                all.append(&mut first.items);
                first.items = all;
            }
        }
        chunks
    }

    fn list(&mut self, list: &List, left: f32, width: f32, out: &mut Vec<Chunk>) {
        let indent = mm_to_pt(self.s.lists.indent);
        let content_left = left + indent;
        let content_width = (width - indent).max(width * 0.5);
        for (i, item) in list.items.iter().enumerate() {
            let label = if list.ordered {
                format!("{}.", list.start as usize + i)
            } else {
                self.s.lists.bullet.clone()
            };
            let mut label = Some((label, left));
            for b in item {
                match b {
                    Block::Paragraph(p) => {
                        let chunks =
                            self.body_paragraph(p, content_left, content_width, label.take());
                        out.extend(chunks);
                    }
                    other => {
                        if let Some((l, x)) = label.take() {
                            // A label before a non-paragraph block: on a line of its own.
                            let p = Paragraph {
                                content: vec![],
                                align: Some(Align::Left),
                                indent: false,
                            };
                            let mut c =
                                self.body_paragraph(&p, content_left, content_width, Some((l, x)));
                            out.append(&mut c);
                        }
                        self.blocks(
                            std::slice::from_ref(other),
                            content_left,
                            content_width,
                            out,
                        );
                    }
                }
            }
        }
    }

    fn table(&mut self, t: &Table, left: f32, width: f32, out: &mut Vec<Chunk>) {
        let ts = self.s.tables;
        self.tables += 1;
        let id = self.tables;
        if !t.caption.is_empty() {
            let mut notes = Vec::new();
            let base = measure::Base::new(false, false, ts.caption_size);
            let caption = self.metrics.balance(&t.caption, base, width);
            let runs = self.runs(
                &caption,
                Base {
                    bold: false,
                    italic: false,
                    underline: false,
                    size: ts.caption_size,
                },
                &mut notes,
            );
            let m = Measure {
                width,
                indent: 0.0,
                align: Align::Center,
            };
            let body = self.s.body;
            out.extend(self.paragraph(
                &runs,
                notes,
                left,
                m,
                ts.caption_size,
                body.line,
                body.space_before,
                true,
            ));
        }
        let ncols = t.columns.len().max(1);
        // One computation for both writers (document::measure).
        let widths = self.metrics.column_widths(t, self.s, width);
        let aligns: Vec<Align> = (0..ncols)
            .map(|i| t.columns.get(i).map_or(Align::Left, |c| c.align))
            .collect();
        let header: Vec<Chunk> = t
            .header
            .iter()
            .map(|r| {
                let mut c = self.row(&r.cells, true, &widths, &aligns, left);
                c.row = None;
                c
            })
            .collect();
        let header = Rc::new(header);
        let mut first = true;
        for h in header.iter() {
            let mut h = h.clone();
            h.keep_with_next = true;
            if first {
                h.space_before = if t.caption.is_empty() {
                    self.s.body.space_before
                } else {
                    0.0
                };
                first = false;
            }
            out.push(h);
        }
        for (i, r) in t.rows.iter().enumerate() {
            let mut c = self.row(&r.cells, r.emphasis, &widths, &aligns, left);
            // A total row travels with the two rows above it.
            c.keep_with_next |= t.keeps_with_next(i);
            if first {
                c.space_before = if t.caption.is_empty() {
                    self.s.body.space_before
                } else {
                    0.0
                };
                first = false;
            }
            c.table = Some((id, header.clone()));
            out.push(c);
        }
        // No heading, caption or header row alone at a page foot: the
        // caption and header rows keep with the first body row (set above).
    }

    fn row(
        &mut self,
        cells: &[Vec<Inline>],
        bold: bool,
        widths: &[f32],
        aligns: &[Align],
        left: f32,
    ) -> Chunk {
        let ts = self.s.tables;
        let pad = mm_to_pt(ts.padding);
        let mut x = left;
        let base = self.baseline(ts.size, ts.line);
        let empty: Vec<Inline> = Vec::new();
        let mut all_notes = Vec::new();
        let mut row = RowLines {
            pitch: ts.line,
            pad,
            border: ts.border,
            cells: Vec::with_capacity(widths.len()),
        };
        for (i, w) in widths.iter().enumerate() {
            let content = cells.get(i).unwrap_or(&empty);
            let mut notes = Vec::new();
            let runs = self.runs(
                content,
                Base {
                    bold,
                    italic: false,
                    underline: false,
                    size: ts.size,
                },
                &mut notes,
            );
            let m = Measure {
                width: (w - 2.0 * pad).max(1.0),
                indent: 0.0,
                align: aligns[i],
            };
            let lines = compose(&mut self.shaper, &runs, m);
            let lines = lines
                .iter()
                .map(|l| self.line_items(l, x + pad, base))
                .collect();
            all_notes.extend(notes);
            row.cells.push(CellLines { x, w: *w, lines });
            x += w;
        }
        let mut chunk = row.part(0, row.lines());
        chunk.notes = all_notes;
        chunk.row = Some(Rc::new(row));
        chunk
    }

    fn image(&mut self, img: &Image, left: f32, width: f32) -> Chunk {
        let name = if img.alt.trim().is_empty() {
            crate::document::plain_text(&img.caption)
        } else {
            img.alt.clone()
        };
        // The file was checked when it was read (`document::ImageFile`).
        let s = self.s;
        let body_h = mm_to_pt(s.paper.height - s.margins.top - s.margins.bottom);
        let mut w = img.width_mm.map_or(width, mm_to_pt).min(width).max(1.0);
        let mut h = w * img.file.height_px() as f32 / img.file.width_px() as f32;
        let max_h = body_h * 0.75;
        if h > max_h {
            w *= max_h / h;
            h = max_h;
        }
        let x = left + (width - w) / 2.0;
        let mut chunk = Chunk {
            space_before: s.body.space_before,
            items: vec![Item::Image(ImageItem {
                data: img.file.data().clone(),
                format: img.file.format(),
                name,
                x,
                y: 0.0,
                w,
                h,
            })],
            ..Chunk::default()
        };
        let mut y = h;
        if !img.caption.is_empty() {
            let size = s.images.caption_size;
            let mut notes = Vec::new();
            let runs = self.runs(
                &img.caption,
                Base {
                    bold: false,
                    italic: true,
                    underline: false,
                    size,
                },
                &mut notes,
            );
            let m = Measure {
                width,
                indent: 0.0,
                align: Align::Center,
            };
            let lines = compose(&mut self.shaper, &runs, m);
            let pitch = s.body.line;
            let base = self.baseline(size, pitch);
            y += s.body.space_before / 2.0;
            for l in &lines {
                let (items, marks) = self.line_items(l, left, y + base);
                chunk.items.extend(items);
                chunk.marks.extend(marks.into_iter().map(|mut m| {
                    m.y += 0.0;
                    m
                }));
                y += pitch;
            }
            chunk.notes = notes;
        }
        chunk.height = y;
        chunk
    }

    /// A footnote's lines (12 pt, single spacing): superscript number, text.
    pub fn note_lines(&mut self, number: u32, content: &[Paragraph]) -> Vec<NoteLine> {
        let fs = self.s.footnotes;
        let mut out = Vec::new();
        for (k, p) in content.iter().enumerate() {
            let mut notes = Vec::new();
            let base_style = Base {
                bold: false,
                italic: false,
                underline: false,
                size: fs.size,
            };
            let mut runs = Vec::new();
            if k == 0 {
                runs.push(self.run(
                    &number.to_string(),
                    TextStyle {
                        superscript: true,
                        ..TextStyle::default()
                    },
                    base_style,
                ));
                runs.push(self.plain(" ", FaceStyle::Regular, fs.size));
            }
            runs.extend(self.runs(&p.content, base_style, &mut notes));
            let m = Measure {
                width: self.measure,
                indent: mm_to_pt(self.s.body.first_line_indent),
                align: p.align.unwrap_or(Align::Justify),
            };
            let lines = compose(&mut self.shaper, &runs, m);
            let base = self.baseline(fs.size, fs.line);
            for l in &lines {
                let (items, _) = self.line_items(l, self.left, base);
                out.push(NoteLine {
                    note: number,
                    height: fs.line,
                    items,
                });
            }
        }
        out
    }

    /// The page number, centred in the top margin of a page whose text
    /// block is `measure` wide.
    pub fn page_number(&mut self, n: u32, measure: f32) -> Vec<Item> {
        let size = self.s.page_number.size;
        let top = mm_to_pt(self.s.margins.top);
        let run = self.plain(&n.to_string(), FaceStyle::Regular, size);
        let lines = compose(
            &mut self.shaper,
            &[run],
            Measure {
                width: measure,
                indent: 0.0,
                align: Align::Center,
            },
        );
        let base = top / 2.0 + self.shaper.ascender(FaceStyle::Regular) * size / 2.0 - 1.0;
        lines
            .first()
            .map(|l| self.line_items(l, self.left, base).0)
            .unwrap_or_default()
    }
}

/// NFC (again: the input should be, but a PDF must not show loose accents),
/// tabs as spaces, other control characters (which would print as boxes)
/// dropped; `\n` stays a forced line break.
fn clean(text: &str) -> String {
    // Nearly always the text is NFC with no control character but `\n`:
    // then it is its own result (NFC of NFC text is the same text).
    if !text.chars().any(|c| c != '\n' && c.is_control())
        && unicode_normalization::is_nfc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        return text.to_string();
    }
    text.nfc()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            '\n' => Some('\n'),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

pub(super) fn rule(x1: f32, y1: f32, x2: f32, y2: f32, width: f32) -> Item {
    Item::Rule {
        x1,
        y1,
        x2,
        y2,
        width,
    }
}

/// Move an item down by `dy`.
pub fn shift(item: &mut Item, dy: f32) {
    match item {
        Item::Glyphs(r) => r.y += dy,
        Item::Rule { y1, y2, .. } => {
            *y1 += dy;
            *y2 += dy;
        }
        Item::Rect { y, .. } => *y += dy,
        Item::Image(i) => i.y += dy,
    }
}
