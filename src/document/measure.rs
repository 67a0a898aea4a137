//! Text measured with the font's advance widths, for the layout decisions
//! both writers must make the same way: table column widths from the
//! content, balanced line breaks of centred blocks, and how many lines a
//! table cell takes. The PDF writer and the DOCX writer call these and use
//! the answers as they are (widths, explicit line breaks), so the two
//! formats agree by construction.
//!
//! Widths are sums of advance widths (no kerning: Liberation Serif kerns
//! pairs closer, never wider) plus [`SLACK`], so text measured to fit on a
//! line here fits on it in the shaped PDF and in Word or LibreOffice.

use std::cell::Cell;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::model::{Inline, Table};
use super::settings::{mm_to_pt, PageSettings};
use crate::fonts::{FaceStyle, FontFace, FontSet};

/// Points of room added to every measured line.
pub const SLACK: f32 = 1.5;

/// Superscript size as a fraction of the surrounding size (as both writers draw it).
const SUP_SIZE: f32 = 0.65;

/// The bold/italic/size a run inherits from its block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Base {
    pub bold: bool,
    pub italic: bool,
    pub size: f32,
}

impl Base {
    pub fn new(bold: bool, italic: bool, size: f32) -> Base {
        Base { bold, italic, size }
    }
}

/// Advance widths of the four faces of a font set.
pub struct Metrics<'a> {
    faces: [ttf_parser::Face<'a>; 4],
    /// Advances already looked up (font units; `u32::MAX`: not yet), by
    /// face, of the characters with a [`slot`]: a cmap lookup costs hundreds
    /// of instructions and a report measures the same few letters again.
    advances: Vec<Cell<u32>>,
    fonts: [&'a FontFace; 4],
}

/// Characters memoised per report (here their advances; in the DOCX
/// builder their faces): Latin (below U+0250) and Latin Extended Additional
/// (U+1E00-U+1EFF, the Vietnamese letters); the rest are looked up each time.
pub(crate) const SLOTS: usize = 0x250 + 0x100;

/// The index of `c` among [`SLOTS`], if it has one.
pub(crate) fn slot(c: char) -> Option<usize> {
    match c as usize {
        u @ 0..0x250 => Some(u),
        u @ 0x1E00..0x1F00 => Some(u - 0x1E00 + 0x250),
        _ => None,
    }
}

/// A word (width), a break opportunity (a space: its width and where it
/// is: inline index, byte index), or a forced break.
#[derive(Debug, Clone, Copy)]
enum Tok {
    Word(f32),
    Space(f32, usize, usize),
    Break,
}

/// A line of [`greedy`]: its width and the space token it ends at.
struct Line {
    width: f32,
    end: Option<usize>,
}

impl<'a> Metrics<'a> {
    pub fn new(set: &'a FontSet) -> Metrics<'a> {
        Metrics {
            faces: FaceStyle::ALL.map(|s| set.face(s).parse()),
            advances: vec![Cell::new(u32::MAX); FaceStyle::ALL.len() * SLOTS],
            fonts: FaceStyle::ALL.map(|s| set.face(s)),
        }
    }

    /// Advance width of `c` in face `face` (font units; 0 for none).
    fn advance(&self, face: FaceStyle, c: char) -> u32 {
        let look = || {
            let f = &self.faces[face.index()];
            let g = self.fonts[face.index()]
                .glyph_index(f, c)
                .unwrap_or(ttf_parser::GlyphId(0));
            u32::from(f.glyph_hor_advance(g).unwrap_or(0))
        };
        let Some(i) = slot(c) else { return look() };
        let cell = &self.advances[face.index() * SLOTS + i];
        match cell.get() {
            u32::MAX => {
                let a = look();
                cell.set(a);
                a
            }
            a => a,
        }
    }

    /// Width in points of `text` (NFC) in `face` at `size`.
    pub fn width(&self, text: &str, face: FaceStyle, size: f32) -> f32 {
        let f = &self.faces[face.index()];
        let upem = f32::from(f.units_per_em().max(1));
        let advance = |c: char| match c.is_control() {
            true => 0,
            false => self.advance(face, c),
        };
        // Text read from the data is NFC already: skip the normaliser then.
        let units: u32 = match is_nfc_quick(text.chars()) {
            IsNormalized::Yes => text.chars().map(advance).sum(),
            _ => text.nfc().map(advance).sum(),
        };
        units as f32 / upem * size
    }

    fn tokens(&self, content: &[Inline], base: Base) -> Vec<Tok> {
        let mut toks = Vec::new();
        let mut word = 0.0;
        let mut in_word = false;
        let mut buf = [0u8; 4];
        for (i, inl) in content.iter().enumerate() {
            match inl {
                Inline::Text { text, style } => {
                    let face =
                        FaceStyle::from_flags(style.bold || base.bold, style.italic || base.italic);
                    let size = if style.superscript {
                        base.size * SUP_SIZE
                    } else {
                        base.size
                    };
                    for (at, c) in text.char_indices() {
                        if c == '\n' || c.is_whitespace() {
                            if in_word {
                                toks.push(Tok::Word(word));
                                (word, in_word) = (0.0, false);
                            }
                            toks.push(if c == '\n' {
                                Tok::Break
                            } else {
                                Tok::Space(self.width(" ", face, size), i, at)
                            });
                        } else {
                            word += self.width(c.encode_utf8(&mut buf), face, size);
                            in_word = true;
                        }
                    }
                }
                Inline::FootnoteRef(n) => {
                    let face = FaceStyle::from_flags(base.bold, base.italic);
                    word += self.width(&n.to_string(), face, base.size * SUP_SIZE);
                    in_word = true;
                }
                Inline::LineBreak => {
                    if in_word {
                        toks.push(Tok::Word(word));
                        (word, in_word) = (0.0, false);
                    }
                    toks.push(Tok::Break);
                }
            }
        }
        if in_word {
            toks.push(Tok::Word(word));
        }
        toks
    }

    /// Width of the longest unbreakable word of `content`.
    pub fn longest_word(&self, content: &[Inline], base: Base) -> f32 {
        self.tokens(content, base)
            .iter()
            .map(|t| match t {
                Tok::Word(w) => *w,
                _ => 0.0,
            })
            .fold(0.0, f32::max)
    }

    /// Width of the widest line of `content` set without wrapping (forced
    /// breaks still break).
    pub fn natural_width(&self, content: &[Inline], base: Base) -> f32 {
        greedy(&self.tokens(content, base), f32::INFINITY)
            .iter()
            .map(|l| l.width)
            .fold(0.0, f32::max)
    }

    /// Lines `content` takes at `width` (at least 1).
    pub fn line_count(&self, content: &[Inline], base: Base, width: f32) -> usize {
        greedy(&self.tokens(content, base), width - SLACK)
            .len()
            .max(1)
    }

    /// Centred text balanced: when `content` takes more than one line at
    /// `width`, it is broken into the same number of lines of similar
    /// length (the narrowest width giving that many lines), each break an
    /// explicit [`Inline::LineBreak`] in place of a space. Content with a
    /// forced break of its own is returned as it is.
    pub fn balance(&self, content: &[Inline], base: Base, width: f32) -> Vec<Inline> {
        let toks = self.tokens(content, base);
        if toks.iter().any(|t| matches!(t, Tok::Break)) {
            return content.to_vec();
        }
        let width = width - SLACK;
        let n = greedy(&toks, width).len();
        if n <= 1 {
            return content.to_vec();
        }
        let widest = toks
            .iter()
            .map(|t| match t {
                Tok::Word(w) => *w,
                _ => 0.0,
            })
            .fold(0.0, f32::max);
        // Greedy line counts fall as the width grows: find the narrowest
        // width that still gives `n` lines.
        let (mut lo, mut hi) = (widest.min(width), width);
        for _ in 0..24 {
            let mid = (lo + hi) / 2.0;
            if greedy(&toks, mid).len() <= n {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let breaks: Vec<(usize, usize)> = greedy(&toks, hi)
            .iter()
            .filter_map(|l| l.end)
            .filter_map(|k| match toks[k] {
                Tok::Space(_, i, at) => Some((i, at)),
                _ => None,
            })
            .collect();
        with_breaks(content, &breaks)
    }

    /// A plain string balanced as [`Metrics::balance`]: lines joined by `\n`.
    pub fn balance_text(&self, text: &str, base: Base, width: f32) -> String {
        let content = [Inline::Text {
            text: text.to_string(),
            style: Default::default(),
        }];
        self.balance(&content, base, width)
            .iter()
            .map(|i| match i {
                Inline::LineBreak => "\n",
                other => other.text(),
            })
            .collect()
    }

    /// Column widths in points of `t` on a text block `width` points wide;
    /// they add up to `width`.
    ///
    /// Every column gets at least its longest word (plus the cell padding).
    /// With weights in the markup (`<!-- widths: -->`), the rest follows the
    /// weights. Without them (all `0`), from the content: every column as
    /// wide as its widest line when they all fit, the room left shared in
    /// proportion to those widths (the widest text gets the most); else
    /// body cells stay on one line where the width allows, and header cells
    /// wrap first; the columns that need least room to take their text on
    /// one line get it first (a short header is not wrapped to give a long
    /// text a few more points).
    pub fn column_widths(&self, t: &Table, s: &PageSettings, width: f32) -> Vec<f32> {
        let n = t.columns.len().max(1);
        let size = s.tables.size;
        let extra = 2.0 * mm_to_pt(s.tables.padding) + SLACK;
        let mut word = vec![0.0f32; n];
        let mut body = vec![0.0f32; n];
        let mut full = vec![0.0f32; n];
        let header = t.header.iter().map(|r| (true, r));
        for (is_header, row) in header.chain(t.rows.iter().map(|r| (false, r))) {
            let base = Base::new(is_header || row.emphasis, false, size);
            for (j, cell) in row.cells.iter().enumerate().take(n) {
                word[j] = word[j].max(self.longest_word(cell, base) + extra);
                let line = self.natural_width(cell, base) + extra;
                full[j] = full[j].max(line);
                if !is_header {
                    body[j] = body[j].max(line);
                }
            }
        }
        let weights: Vec<f32> = t.columns.iter().map(|c| c.width).collect();
        if weights.iter().any(|w| w.is_finite() && *w > 0.0) {
            return weighted(&weights, &word, width);
        }
        let sum = |v: &[f32]| v.iter().sum::<f32>();
        let one_line: Vec<f32> = word.iter().zip(&body).map(|(a, b)| a.max(*b)).collect();
        let (a, b) = if sum(&full) <= width {
            // Everything on one line; the rest in proportion to the content.
            let total = sum(&full).max(f32::MIN_POSITIVE);
            let rest = width - total;
            return full.iter().map(|f| f + rest * f / total).collect();
        } else if sum(&one_line) <= width {
            (one_line, full)
        } else if sum(&word) <= width {
            // Some body cells must wrap: the longest text wraps least
            // (`balance`), then a header wraps before a body cell.
            let start = balance(&word, &one_line, width);
            let pad = 2.0 * mm_to_pt(s.tables.padding);
            (
                self.fewest_lines(t, size, pad, start, &one_line, width),
                one_line,
            )
        } else {
            let total = sum(&word).max(f32::MIN_POSITIVE);
            return word.iter().map(|w| w * width / total).collect();
        };
        fill(&a, &b, width)
    }
}

/// The most rows this reads line by line when sharing a table's width
/// (a ward's cells; a town's annex of hundreds of units uses `fill` alone).
const FEWEST_LINES_MAX_ROWS: usize = 60;

impl Metrics<'_> {
    /// From `w` (fits in `width`), give the room left, a slice at a time,
    /// to the column whose extra width takes the most body lines off the
    /// table per point (each row as tall as its tallest cell), never past
    /// `cap` (its longest cell on one line). Stops when no slice helps:
    /// `fill` then shares the rest.
    fn fewest_lines(
        &self,
        t: &Table,
        size: f32,
        pad: f32,
        mut w: Vec<f32>,
        cap: &[f32],
        width: f32,
    ) -> Vec<f32> {
        let rows = &t.rows;
        if rows.len() > FEWEST_LINES_MAX_ROWS || rows.is_empty() {
            return w;
        }
        let n = w.len();
        let lines = |j: usize, wj: f32| -> Vec<usize> {
            rows.iter()
                .map(|r| {
                    let base = Base::new(r.emphasis, false, size);
                    r.cells
                        .get(j)
                        .map_or(1, |c| self.line_count(c, base, wj - pad))
                })
                .collect()
        };
        let height = |cols: &[Vec<usize>]| -> usize {
            (0..rows.len())
                .map(|i| cols.iter().map(|c| c[i]).max().unwrap_or(1))
                .sum()
        };
        let mut cols: Vec<Vec<usize>> = (0..n).map(|j| lines(j, w[j])).collect();
        let mut room = width - w.iter().sum::<f32>();
        let slice = (room / 8.0).max(4.0);
        for _ in 0..32 {
            if room < 1.0 {
                break;
            }
            let now = height(&cols);
            let mut best: Option<(f32, usize, f32, Vec<usize>)> = None;
            for j in 0..n {
                for k in [1.0, 2.0, 4.0, 8.0] {
                    let nw = (w[j] + (slice * k).min(room)).min(cap[j]);
                    if nw <= w[j] + 0.01 {
                        continue;
                    }
                    let cj = lines(j, nw);
                    let old = std::mem::replace(&mut cols[j], cj);
                    let gain = now.saturating_sub(height(&cols)) as f32 / (nw - w[j]);
                    let cj = std::mem::replace(&mut cols[j], old);
                    if gain > 0.0 && best.as_ref().is_none_or(|b| gain > b.0) {
                        best = Some((gain, j, nw, cj));
                    }
                }
            }
            let Some((_, j, nw, cj)) = best else { break };
            room -= nw - w[j];
            w[j] = nw;
            cols[j] = cj;
        }
        w
    }
}

/// Widths between `a` (each column's longest word; fits in `width`) and
/// `b` (its longest cell on one line; does not fit) that keep the most
/// wrapped column to the fewest lines: the smallest line count `n` such
/// that every column can take `b / n` (a little more: lines break at
/// spaces) within `width`. A long name then takes two lines instead of
/// three while a short column that would fit on one line gives up room
/// only when the long one needs it; `fill` shares what is left.
fn balance(a: &[f32], b: &[f32], width: f32) -> Vec<f32> {
    const SPACE_SLACK: f32 = 1.1;
    for n in 2..=12u16 {
        let w: Vec<f32> = a
            .iter()
            .zip(b)
            .map(|(a, b)| a.max((b * SPACE_SLACK / f32::from(n)).min(*b)))
            .collect();
        if w.iter().sum::<f32>() <= width {
            return w;
        }
    }
    a.to_vec()
}

/// Between `a` (fits in `width`) and `b` (does not): the columns that want
/// least more get all they want first (a short header stays on one line);
/// the room left is shared by the others in proportion to what they want.
fn fill(a: &[f32], b: &[f32], width: f32) -> Vec<f32> {
    let mut out = a.to_vec();
    let need: Vec<f32> = a.iter().zip(b).map(|(x, y)| (y - x).max(0.0)).collect();
    let mut room = width - a.iter().sum::<f32>();
    let mut order: Vec<usize> = (0..a.len()).collect();
    order.sort_by(|&i, &j| need[i].total_cmp(&need[j]));
    let mut rest: &[usize] = &[];
    for (pos, &j) in order.iter().enumerate() {
        if need[j] <= room {
            out[j] += need[j];
            room -= need[j];
        } else {
            rest = &order[pos..];
            break;
        }
    }
    let wanted: f32 = rest.iter().map(|&j| need[j]).sum();
    for &j in rest {
        out[j] += room * need[j] / wanted.max(f32::MIN_POSITIVE);
    }
    out
}

/// Widths by weight, each at least its minimum (columns under it are
/// fixed at it and the others share what is left).
fn weighted(weights: &[f32], min: &[f32], width: f32) -> Vec<f32> {
    let n = min.len();
    let w: Vec<f32> = (0..n)
        .map(|j| match weights.get(j) {
            Some(x) if x.is_finite() && *x > 0.0 => *x,
            _ => 1.0,
        })
        .collect();
    let total_min: f32 = min.iter().sum();
    if total_min >= width {
        let t = total_min.max(f32::MIN_POSITIVE);
        return min.iter().map(|m| m * width / t).collect();
    }
    let mut fixed = vec![false; n];
    loop {
        let room: f32 = width - (0..n).filter(|&j| fixed[j]).map(|j| min[j]).sum::<f32>();
        let wsum: f32 = (0..n).filter(|&j| !fixed[j]).map(|j| w[j]).sum();
        let out: Vec<f32> = (0..n)
            .map(|j| match fixed[j] {
                true => min[j],
                false => room * w[j] / wsum.max(f32::MIN_POSITIVE),
            })
            .collect();
        let mut changed = false;
        for j in 0..n {
            if !fixed[j] && out[j] < min[j] {
                fixed[j] = true;
                changed = true;
            }
        }
        if !changed {
            return out;
        }
    }
}

/// First-fit lines at `width`: a line breaks at the last space before the
/// word that would overflow it (a word wider than `width` stands alone).
fn greedy(toks: &[Tok], width: f32) -> Vec<Line> {
    let mut lines = Vec::new();
    let (mut line, mut pending) = (0.0f32, 0.0f32);
    let mut has_word = false;
    let mut last_space = None;
    for (k, t) in toks.iter().enumerate() {
        match *t {
            Tok::Word(w) => {
                if has_word && pending > 0.0 && line + pending + w > width {
                    lines.push(Line {
                        width: line,
                        end: last_space,
                    });
                    line = w;
                } else {
                    line += pending + w;
                }
                pending = 0.0;
                has_word = true;
            }
            Tok::Space(w, _, _) => {
                if has_word {
                    if pending == 0.0 {
                        last_space = Some(k);
                    }
                    pending += w;
                }
            }
            Tok::Break => {
                lines.push(Line {
                    width: line,
                    end: None,
                });
                (line, pending, has_word) = (0.0, 0.0, false);
            }
        }
    }
    if has_word || lines.is_empty() {
        lines.push(Line {
            width: line,
            end: None,
        });
    }
    lines
}

/// `content` with the spaces at `breaks` (inline index, byte index)
/// replaced by line breaks.
fn with_breaks(content: &[Inline], breaks: &[(usize, usize)]) -> Vec<Inline> {
    let mut out = Vec::with_capacity(content.len() + breaks.len() * 2);
    for (i, inl) in content.iter().enumerate() {
        let Inline::Text { text, style } = inl else {
            out.push(inl.clone());
            continue;
        };
        let mut from = 0;
        for &(_, at) in breaks.iter().filter(|b| b.0 == i) {
            let space = text[at..].chars().next().map_or(1, char::len_utf8);
            if at > from {
                out.push(Inline::Text {
                    text: text[from..at].to_string(),
                    style: *style,
                });
            }
            out.push(Inline::LineBreak);
            from = at + space;
        }
        if from < text.len() {
            out.push(Inline::Text {
                text: text[from..].to_string(),
                style: *style,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Align, Column, Row, TextStyle};

    fn text(s: &str) -> Vec<Inline> {
        vec![Inline::Text {
            text: s.into(),
            style: TextStyle::default(),
        }]
    }

    fn lines(content: &[Inline]) -> Vec<String> {
        let mut out = vec![String::new()];
        for i in content {
            match i {
                Inline::LineBreak => out.push(String::new()),
                other => out.last_mut().unwrap().push_str(other.text()),
            }
        }
        out
    }

    #[test]
    fn balanced_lines_have_similar_lengths() {
        let set = FontSet::builtin();
        let m = Metrics::new(&set);
        let base = Base::new(true, false, 14.0);
        let summary =
            "kết quả đại hội chi bộ trực thuộc Đảng bộ xã Sơn Hòa Thượng, nhiệm kỳ 2020 - 2022";
        // Greedy at this width leaves "2022" or so alone on the last line.
        let width = m.width(summary, FaceStyle::Bold, 14.0) * 0.9;
        let out = m.balance(&text(summary), base, width);
        let ls = lines(&out);
        assert_eq!(ls.len(), 2, "{ls:?}");
        let w: Vec<f32> = ls
            .iter()
            .map(|l| m.width(l, FaceStyle::Bold, 14.0))
            .collect();
        let (min, max) = (w[0].min(w[1]), w[0].max(w[1]));
        assert!(min >= max * 0.5, "{ls:?} {w:?}");
        assert!(max <= width, "{w:?} > {width}");
        assert_eq!(ls.join(" "), summary, "no text lost or added");
        // A short text is left alone; so is one with its own breaks.
        assert_eq!(m.balance(&text("BÁO CÁO"), base, width).len(), 1);
        let mut own = text("a b");
        own.push(Inline::LineBreak);
        assert_eq!(m.balance(&own, base, 10.0).len(), own.len());
    }

    #[test]
    fn balance_keeps_styles_and_marks_across_runs() {
        let set = FontSet::builtin();
        let m = Metrics::new(&set);
        let content = vec![
            Inline::Text {
                text: "BIỂU TỔNG HỢP KẾT QUẢ ".into(),
                style: TextStyle {
                    bold: true,
                    ..TextStyle::default()
                },
            },
            Inline::Text {
                text: "ĐẠI HỘI CHI BỘ TRỰC THUỘC ĐẢNG BỘ CƠ SỞ".into(),
                style: TextStyle::default(),
            },
            Inline::FootnoteRef(3),
        ];
        let out = m.balance(&content, Base::new(false, false, 14.0), 300.0);
        let ls = lines(&out);
        assert!(ls.len() >= 2, "{ls:?}");
        assert!(out.iter().any(|i| matches!(i, Inline::FootnoteRef(3))));
        assert!(out
            .iter()
            .any(|i| matches!(i, Inline::Text { style, .. } if style.bold)));
        let min = ls.iter().map(|l| l.chars().count()).min().unwrap();
        let max = ls.iter().map(|l| l.chars().count()).max().unwrap();
        assert!(min * 2 >= max, "{ls:?}");
    }

    fn table(header: &[&str], rows: &[&[&str]]) -> Table {
        let row = |cells: &[&str]| Row {
            cells: cells.iter().map(|c| text(c)).collect(),
            emphasis: false,
        };
        Table {
            columns: header
                .iter()
                .map(|_| Column {
                    width: 0.0,
                    align: Align::Left,
                })
                .collect(),
            header: vec![row(header)],
            rows: rows.iter().map(|r| row(r)).collect(),
            caption: vec![],
        }
    }

    #[test]
    fn column_widths_follow_content() {
        let set = FontSet::builtin();
        let m = Metrics::new(&set);
        let s = PageSettings::builtin();
        let t = table(
            &["TT", "Đơn vị", "Số chi bộ", "Tỉ lệ"],
            &[
                &["1", "phường Sông Trí", "12", "100,00%"],
                &["2", "xã Kỳ Hà", "9", "88,89%"],
            ],
        );
        let width = 400.0;
        let w = m.column_widths(&t, &s, width);
        assert!((w.iter().sum::<f32>() - width).abs() < 0.01, "{w:?}");
        // The unit names take the most; "TT" the least.
        assert!(w[1] > w[0] && w[1] > w[2] && w[1] > w[3], "{w:?}");
        assert!(w[0] < w[3], "{w:?}");
        let base = Base::new(false, false, s.tables.size);
        let pad = 2.0 * mm_to_pt(s.tables.padding);
        assert_eq!(m.line_count(&text("phường Sông Trí"), base, w[1] - pad), 1);
    }

    #[test]
    fn narrow_tables_keep_body_cells_on_one_line_and_wrap_headers() {
        let set = FontSet::builtin();
        let m = Metrics::new(&set);
        let s = PageSettings::builtin();
        let t = table(
            &[
                "TT",
                "Đơn vị",
                "Bí thư mới (thôn, tổ dân phố)",
                "Không tái cử (thôn, tổ dân phố)",
            ],
            &[
                &["1", "phường Kỳ Thịnh", "3", "1"],
                &["2", "xã Kỳ Hoa", "4", "2"],
            ],
        );
        let base = Base::new(false, false, s.tables.size);
        let name = m.natural_width(&text("phường Kỳ Thịnh"), base);
        let width = 260.0;
        let w = m.column_widths(&t, &s, width);
        let pad = 2.0 * mm_to_pt(s.tables.padding);
        assert!(w[1] - pad >= name, "{w:?}: the name wraps");
        let bold = Base::new(true, false, s.tables.size);
        for (j, h) in [
            "Bí thư mới (thôn, tổ dân phố)",
            "Không tái cử (thôn, tổ dân phố)",
        ]
        .iter()
        .enumerate()
        {
            assert!(m.longest_word(&text(h), bold) <= w[j + 2] - pad, "{w:?}");
        }
        // Too narrow for any: each column still gets its longest word's share.
        let w = m.column_widths(&t, &s, 120.0);
        assert!((w.iter().sum::<f32>() - 120.0).abs() < 0.01);
        assert!(w.iter().all(|x| *x > 0.0));
    }

    #[test]
    fn weights_are_followed_but_never_below_the_longest_word() {
        let set = FontSet::builtin();
        let m = Metrics::new(&set);
        let s = PageSettings::builtin();
        let mut t = table(&["TT", "Đơn vị"], &[&["1", "Thànhphốdàinhấtkhôngcáchchữ"]]);
        t.columns[0].width = 10.0;
        t.columns[1].width = 1.0;
        let w = m.column_widths(&t, &s, 400.0);
        let base = Base::new(false, false, s.tables.size);
        let long = m.longest_word(&text("Thànhphốdàinhấtkhôngcáchchữ"), base);
        assert!(w[1] >= long, "{w:?} < {long}");
        assert!(
            w[0] > w[1],
            "{w:?}: the weight still gives column 1 the rest"
        );
        assert!((w.iter().sum::<f32>() - 400.0).abs() < 0.01);
    }
}
