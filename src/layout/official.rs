//! The official blocks of a Party document (36-HD/VPTW): the two-column
//! header (issuing body left; the motto with its rule and the place-date
//! right, the date on the baseline of the number), the centred title block,
//! and the closing block (recipients left, signature right). Sizes and widths
//! come from the `header` and `closing` page settings.

use crate::document::measure::Base;
use crate::document::{Align, Closing, OfficialHeader};
use crate::fonts::FaceStyle;

use super::display::Item;
use super::flow::{rule, Chunk, Ctx};
use super::linebreak::{compose, Measure};

/// A column the official blocks set centred lines in: left edge, width,
/// line pitch (pt).
#[derive(Debug, Clone, Copy)]
struct Col {
    left: f32,
    width: f32,
    pitch: f32,
}

impl Col {
    fn new(left: f32, width: f32, pitch: f32) -> Col {
        Col { left, width, pitch }
    }
}

impl Ctx<'_> {
    /// Lines (text, face, size) one under another in `col` from `top`,
    /// empty texts skipped; returns the y under the last.
    fn stack(
        &mut self,
        lines: &[(&str, FaceStyle, f32)],
        col: Col,
        top: f32,
        out: &mut Vec<Item>,
    ) -> f32 {
        let mut y = top;
        for &(text, face, size) in lines {
            if !text.trim().is_empty() {
                y = self.column_lines(text, face, size, col, y, out).0;
            }
        }
        y
    }

    /// Centred lines of one style in a column from `top`: returns the y under
    /// them and the ink width of each line.
    fn column_lines(
        &mut self,
        text: &str,
        face: FaceStyle,
        size: f32,
        col: Col,
        top: f32,
        out: &mut Vec<Item>,
    ) -> (f32, Vec<f32>) {
        let Col { left, width, pitch } = col;
        let run = self.plain(text, face, size);
        let lines = compose(
            &mut self.shaper,
            &[run],
            Measure {
                width,
                indent: 0.0,
                align: Align::Center,
            },
        );
        let base = self.baseline(size, pitch);
        let mut widths = Vec::new();
        let mut y = top;
        for l in &lines {
            let (items, _) = self.line_items(l, left, y + base);
            out.extend(items);
            let start = l.glyphs.first().map_or(0.0, |g| g.x);
            widths.push(l.width - start);
            y += pitch;
        }
        (y, widths)
    }

    /// The official header (two columns) and the title block.
    pub fn header(&mut self, h: &OfficialHeader) -> Vec<Chunk> {
        let hs = self.s.header;
        let pitch = hs.line;
        let lw = self.measure * hs.left_width / 100.0;
        let rw = self.measure - lw;
        let (l0, r0) = (self.left, self.left + lw);
        let mut items = Vec::new();
        let (left, right) = (Col::new(l0, lw, pitch), Col::new(r0, rw, pitch));
        // Left column; a long name in lines of similar length (as in the DOCX).
        let m = &self.metrics;
        let superior = m.balance_text(&h.superior, Base::new(false, false, hs.superior_size), lw);
        let issuer = m.balance_text(&h.issuer, Base::new(true, false, hs.issuer_size), lw);
        let number_top_left = self.stack(
            &[
                (&superior, FaceStyle::Regular, hs.superior_size),
                (&issuer, FaceStyle::Bold, hs.issuer_size),
                ("*", FaceStyle::Regular, hs.issuer_size),
            ],
            left,
            0.0,
            &mut items,
        );
        // Right column: the motto and the rule under it.
        let mut ry = 0.0;
        let mut rule_y = 0.0;
        if !h.motto.trim().is_empty() {
            let mut motto_items = Vec::new();
            let (end, widths) = self.column_lines(
                &h.motto,
                FaceStyle::Bold,
                hs.motto_size,
                Col::new(r0, rw, pitch),
                0.0,
                &mut motto_items,
            );
            let base = self.baseline(hs.motto_size, pitch);
            let last_base = end - pitch + base;
            let w = widths.last().copied().unwrap_or(0.0);
            rule_y = last_base + self.shaper.descender(FaceStyle::Bold) * hs.motto_size + 2.0;
            let x = r0 + (rw - w) / 2.0;
            items.append(&mut motto_items);
            items.push(rule(x, rule_y, x + w, rule_y, 0.6));
            ry = end;
        }
        // The number and the place-date share a baseline, under both.
        let top = number_top_left.max(ry).max(rule_y + 2.0);
        let y_left = self.stack(
            &[(&h.number, FaceStyle::Regular, hs.number_size)],
            left,
            top,
            &mut items,
        );
        let y_right = self.stack(
            &[(&h.place_date, FaceStyle::Italic, hs.place_date_size)],
            right,
            top,
            &mut items,
        );
        let mut chunks = vec![Chunk {
            height: y_left.max(y_right),
            items,
            keep_with_next: true,
            ..Chunk::default()
        }];
        // Title block: kind, summary, separator, centred on the measure.
        let mut title = Chunk {
            space_before: pitch,
            keep_with_next: true,
            ..Chunk::default()
        };
        let (l, m) = (self.left, self.measure);
        let kind_col = Col::new(l, m, pitch.max(hs.kind_size * 1.2));
        let mut y = self.stack(
            &[(&h.kind, FaceStyle::Bold, hs.kind_size)],
            kind_col,
            0.0,
            &mut title.items,
        );
        for line in &h.summary {
            let base = Base::new(true, false, hs.summary_size);
            let line = self.metrics.balance_text(line, base, m);
            y = self
                .column_lines(
                    &line,
                    FaceStyle::Bold,
                    hs.summary_size,
                    Col::new(l, m, pitch),
                    y,
                    &mut title.items,
                )
                .0;
        }
        y = self.stack(
            &[(&h.separator, FaceStyle::Regular, hs.summary_size)],
            Col::new(l, m, pitch),
            y,
            &mut title.items,
        );
        title.height = y + hs.space_after;
        if y > 0.0 {
            chunks.push(title);
        }
        chunks
    }

    /// The closing block: recipients on the left, signature on the right.
    pub fn closing(&mut self, c: &Closing) -> Chunk {
        let cs = self.s.closing;
        let pitch = self.s.header.line;
        let lw = self.measure * cs.left_width / 100.0;
        let rw = self.measure - lw;
        let (l0, r0) = (self.left, self.left + lw);
        let mut items = Vec::new();
        // Left: label (underlined) and recipients, left-aligned.
        let mut y = 0.0;
        if !c.recipients_label.trim().is_empty() {
            let mut run = self.plain(&c.recipients_label, FaceStyle::Regular, cs.label_size);
            run.underline = true;
            let lines = compose(
                &mut self.shaper,
                &[run],
                Measure {
                    width: lw,
                    indent: 0.0,
                    align: Align::Left,
                },
            );
            let base = self.baseline(cs.label_size, pitch);
            for l in &lines {
                let (it, _) = self.line_items(l, l0, y + base);
                items.extend(it);
                y += pitch;
            }
        }
        for r in &c.recipients {
            let run = self.plain(r, FaceStyle::Regular, cs.recipients_size);
            let lines = compose(
                &mut self.shaper,
                &[run],
                Measure {
                    width: lw,
                    indent: 0.0,
                    align: Align::Left,
                },
            );
            let base = self.baseline(cs.recipients_size, cs.recipients_line);
            for l in &lines {
                let (it, _) = self.line_items(l, l0, y + base);
                items.extend(it);
                y += cs.recipients_line;
            }
        }
        // Right: authority, title, room for signature and seal, signer.
        let mut ry = 0.0;
        let before_signer = c
            .authority
            .iter()
            .map(|a| (a, FaceStyle::Bold, cs.authority_size))
            .chain(
                c.title
                    .iter()
                    .map(|t| (t, FaceStyle::Regular, cs.title_size)),
            );
        for (text, face, size) in before_signer {
            ry = self
                .column_lines(text, face, size, Col::new(r0, rw, pitch), ry, &mut items)
                .0;
        }
        ry += cs.signature_lines as f32 * pitch;
        ry = self.stack(
            &[(&c.signer, FaceStyle::Bold, cs.signer_size)],
            Col::new(r0, rw, pitch),
            ry,
            &mut items,
        );
        Chunk {
            height: y.max(ry),
            space_before: cs.space_before,
            items,
            ..Chunk::default()
        }
    }
}
