//! Paragraph composition: break opportunities per UAX #14 (unicode-linebreak),
//! breaks chosen by total fit (Knuth-Plass demerits over the whole paragraph,
//! so spacing stays even), justification by widening or narrowing the spaces
//! (the writer draws each glyph where this module puts it).

use crate::document::Align;
use crate::fonts::{FaceId, FaceStyle};

use super::display::Cluster;
use super::shape::Shaper;

/// A run of text in one style, ready to shape. `\n` forces a line break.
#[derive(Debug, Clone)]
pub struct Run {
    pub text: String,
    pub face: FaceStyle,
    /// Font size in points.
    pub size: f32,
    /// Baseline shift upwards in points (superscript).
    pub rise: f32,
    pub underline: bool,
    /// Footnote number this run links to (a footnote mark).
    pub link: Option<u32>,
}

/// A glyph placed in a line; x from the line's left edge, in points.
#[derive(Debug, Clone)]
pub struct LineGlyph {
    pub id: u16,
    /// The face that draws it (a fallback font for a character the family lacks).
    pub face: FaceId,
    pub size: f32,
    pub x: f32,
    /// Down is positive; includes the superscript rise.
    pub dy: f32,
    pub advance: f32,
    pub text: Cluster,
    pub space: bool,
    pub underline: bool,
    pub link: Option<u32>,
}

/// A composed line.
#[derive(Debug, Clone, Default)]
pub struct Line {
    pub glyphs: Vec<LineGlyph>,
    /// Width of the ink (without a trailing space), from the line's left edge.
    pub width: f32,
}

/// How a paragraph is set.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    /// Line width in points.
    pub width: f32,
    /// First-line indent in points.
    pub indent: f32,
    pub align: Align,
}

/// Stretch and shrink of a space, as fractions of its natural width.
const STRETCH: f32 = 0.6;
const SHRINK: f32 = 0.25;

/// A word (text between break opportunities) with the spaces after it; its
/// glyphs are ranges of the paragraph's one glyph vector (x from the
/// word's start, the spaces' x from the end of the word).
#[derive(Debug, Clone, Default)]
struct Segment {
    glyphs: std::ops::Range<usize>,
    width: f32,
    space: std::ops::Range<usize>,
    space_width: f32,
    /// A forced break follows.
    forced: bool,
}

/// Compose `runs` into lines of `m.width`.
pub fn compose(shaper: &mut Shaper, runs: &[Run], m: Measure) -> Vec<Line> {
    let mut glyphs = Vec::new();
    let segments = segments(shaper, runs, m.width - m.indent.max(0.0), &mut glyphs);
    if segments.is_empty() {
        return Vec::new();
    }
    let breaks = choose_breaks(&segments, m);
    let mut lines = Vec::with_capacity(breaks.len());
    let mut start = 0;
    for (i, &end) in breaks.iter().enumerate() {
        let last_of_para = i + 1 == breaks.len() || segments[end].forced;
        lines.push(set_line(
            &segments[start..=end],
            &glyphs,
            m,
            start == 0,
            last_of_para,
        ));
        start = end + 1;
    }
    lines
}

/// Cut the runs at break opportunities and shape the pieces.
fn segments(
    shaper: &mut Shaper,
    runs: &[Run],
    narrowest: f32,
    glyphs: &mut Vec<LineGlyph>,
) -> Vec<Segment> {
    let mut full = String::new();
    let mut bounds = Vec::with_capacity(runs.len());
    for (i, r) in runs.iter().enumerate() {
        let s = full.len();
        full.push_str(&r.text);
        if full.len() > s {
            bounds.push((s, full.len(), i));
        }
    }
    let mut out = Vec::new();
    let mut prev = 0;
    for (pos, _) in unicode_linebreak::linebreaks(&full) {
        if pos <= prev {
            continue;
        }
        let seg = &full[prev..pos];
        let word_len = seg.trim_end_matches([' ', '\n', '\t', '\r']).len();
        let (ws, we) = (prev, prev + word_len);
        let mut s = Segment::default();
        let first = glyphs.len();
        for &(bs, be, ri) in &bounds {
            let (a, b) = (bs.max(ws), be.min(we));
            if a < b {
                let x = s.width;
                let w = place(shaper, &runs[ri], &full[a..b], x, false, glyphs);
                s.width += w;
            }
        }
        s.glyphs = first..glyphs.len();
        let first = glyphs.len();
        for &(bs, be, ri) in &bounds {
            let (a, b) = (bs.max(we), be.min(pos));
            if a < b {
                let text = &full[a..b];
                let breaks = text.contains(['\n', '\r']);
                s.forced |= breaks;
                let filtered: String;
                let spaces = if breaks {
                    filtered = text.chars().filter(|c| *c != '\n' && *c != '\r').collect();
                    filtered.as_str()
                } else {
                    text
                };
                if !spaces.is_empty() {
                    let x = s.space_width;
                    s.space_width += place(shaper, &runs[ri], spaces, x, true, glyphs);
                }
            }
        }
        s.space = first..glyphs.len();
        prev = pos;
        if s.width > narrowest && narrowest > 0.0 {
            split_long(s, narrowest, glyphs, &mut out);
        } else {
            out.push(s);
        }
    }
    out
}

/// Shape `text` in `run`'s style and append its glyphs at `x`; returns the width.
fn place(
    shaper: &mut Shaper,
    run: &Run,
    text: &str,
    x: f32,
    space: bool,
    out: &mut Vec<LineGlyph>,
) -> f32 {
    let shaped = shaper.shape(run.face, text);
    out.reserve(shaped.glyphs.len());
    let mut pen = x;
    for g in &shaped.glyphs {
        out.push(LineGlyph {
            id: g.id,
            face: g.face,
            size: run.size,
            x: pen + g.dx * run.size,
            dy: -run.rise - g.dy * run.size,
            advance: g.advance * run.size,
            text: g.text.clone(),
            space,
            underline: run.underline,
            link: run.link,
        });
        pen += g.advance * run.size;
    }
    pen - x
}

/// A word wider than the measure: cut it between clusters into pieces that fit.
fn split_long(s: Segment, width: f32, glyphs: &mut [LineGlyph], out: &mut Vec<Segment>) {
    let mut cur = Segment {
        glyphs: s.glyphs.start..s.glyphs.start,
        ..Segment::default()
    };
    let mut origin = 0.0;
    for i in s.glyphs.clone() {
        let g = &mut glyphs[i];
        let end = g.x - origin + g.advance;
        if end > width && !cur.glyphs.is_empty() && !g.text.is_empty() {
            out.push(std::mem::replace(
                &mut cur,
                Segment {
                    glyphs: i..i,
                    ..Segment::default()
                },
            ));
            origin = g.x;
        }
        g.x -= origin;
        cur.width = cur.width.max(g.x + g.advance);
        cur.glyphs.end = i + 1;
    }
    cur.space = s.space;
    cur.space_width = s.space_width;
    cur.forced = s.forced;
    out.push(cur);
}

/// Total-fit breaking: the last segment index of each line.
fn choose_breaks(segs: &[Segment], m: Measure) -> Vec<usize> {
    let n = segs.len();
    // best[i]: least demerits to set segments 0..i; from[i]: start of the last line.
    let mut best = vec![f64::INFINITY; n + 1];
    let mut from = vec![0usize; n + 1];
    best[0] = 0.0;
    for end in 0..n {
        let mut natural = 0.0f32;
        let mut stretch = 0.0f32;
        let mut shrink = 0.0f32;
        let mut start = end + 1;
        while start > 0 {
            start -= 1;
            if start < end {
                if segs[start].forced {
                    break;
                }
                natural += segs[start].space_width;
                stretch += segs[start].space_width * STRETCH;
                shrink += segs[start].space_width * SHRINK;
            }
            natural += segs[start].width;
            let indent = if start == 0 { m.indent } else { 0.0 };
            let width = m.width - indent;
            if natural - shrink > width + 0.01 && start < end {
                break;
            }
            if !best[start].is_finite() {
                continue;
            }
            let last = end + 1 == n || segs[end].forced;
            let d = demerits(natural, stretch, shrink, width, last, m.align);
            if best[start] + d < best[end + 1] {
                best[end + 1] = best[start] + d;
                from[end + 1] = start;
            }
        }
        if !best[end + 1].is_finite() {
            // Cannot happen (a single segment always fits after split_long),
            // but never lose text: a line of its own.
            best[end + 1] = best[end] + 1e6;
            from[end + 1] = end;
        }
    }
    let mut breaks = Vec::new();
    let mut i = n;
    while i > 0 {
        breaks.push(i - 1);
        i = from[i];
    }
    breaks.reverse();
    breaks
}

fn demerits(natural: f32, stretch: f32, shrink: f32, width: f32, last: bool, align: Align) -> f64 {
    let slack = width - natural;
    let ratio = if slack >= 0.0 {
        if last {
            0.0
        } else if align != Align::Justify {
            // Ragged lines: the rag is measured against the width alike for
            // every line, with or without spaces (a one-word line must not
            // look cheaper than a fuller line with spaces).
            (slack / width.max(1.0)) * 3.0
        } else if stretch > 0.0 {
            slack / stretch
        } else {
            10.0
        }
    } else if shrink > 0.0 {
        slack / shrink
    } else {
        0.0
    };
    let ratio = if align == Align::Justify || ratio < 0.0 {
        ratio
    } else {
        // Ragged lines: only the look of the rag counts, mildly.
        ratio.min(3.0) * 0.5
    };
    let badness = (100.0 * (ratio.abs() as f64).powi(3)).min(10_000.0);
    (10.0 + badness).powi(2)
}

/// Place the segments of one line.
fn set_line(segs: &[Segment], glyphs: &[LineGlyph], m: Measure, first: bool, last: bool) -> Line {
    let indent = if first { m.indent } else { 0.0 };
    let width = m.width - indent;
    let natural: f32 = segs.iter().map(|s| s.width).sum::<f32>()
        + segs[..segs.len() - 1]
            .iter()
            .map(|s| s.space_width)
            .sum::<f32>();
    let spaces: f32 = segs[..segs.len() - 1].iter().map(|s| s.space_width).sum();
    let slack = width - natural;
    // Extra (or less) width per point of natural space.
    let per = if slack < 0.0 && spaces > 0.0 {
        (slack / spaces).max(-SHRINK)
    } else if slack > 0.0 && spaces > 0.0 && m.align == Align::Justify && !last {
        slack / spaces
    } else {
        0.0
    };
    let ink = natural + per * spaces;
    let offset = indent
        + match m.align {
            Align::Center => ((width - ink) / 2.0).max(0.0),
            Align::Right => (width - ink).max(0.0),
            Align::Left | Align::Justify => 0.0,
        };
    let mut line = Line {
        glyphs: Vec::with_capacity(segs.iter().map(|s| s.glyphs.len() + s.space.len()).sum()),
        width: 0.0,
    };
    let mut x = offset;
    for (i, s) in segs.iter().enumerate() {
        for g in &glyphs[s.glyphs.clone()] {
            let mut g = g.clone();
            g.x += x;
            line.glyphs.push(g);
        }
        x += s.width;
        line.width = x;
        let trailing = i + 1 == segs.len();
        let factor = if trailing { 1.0 } else { 1.0 + per };
        let mut sx = x;
        for g in &glyphs[s.space.clone()] {
            let mut g = g.clone();
            g.advance *= factor;
            g.x = sx;
            sx += g.advance;
            line.glyphs.push(g);
        }
        x = sx;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontSet;

    fn run(text: &str) -> Run {
        Run {
            text: text.into(),
            face: FaceStyle::Regular,
            size: 14.0,
            rise: 0.0,
            underline: false,
            link: None,
        }
    }

    const TEXT: &str = "Đoàn công tác chỉ đạo theo Quyết định 360-QĐ/Th.U của Ban Thường vụ Thị ủy đã phân công các thành viên của Đoàn trực tiếp theo dõi, chỉ đạo và tham dự đại hội chi bộ nơi địa bàn phụ trách.";

    #[test]
    fn justified_lines_fill_the_measure_and_keep_the_text() {
        let set = FontSet::builtin();
        let mut sh = Shaper::new(&set);
        let m = Measure {
            width: 300.0,
            indent: 28.0,
            align: Align::Justify,
        };
        let lines = compose(&mut sh, &[run(TEXT)], m);
        assert!(lines.len() >= 3);
        let text: String = lines
            .iter()
            .flat_map(|l| l.glyphs.iter().map(|g| g.text.as_str()))
            .collect();
        assert_eq!(text, TEXT);
        for (i, l) in lines.iter().enumerate() {
            assert!(l.width <= 300.01, "line {i} is {}", l.width);
            if i + 1 < lines.len() {
                assert!(
                    (l.width - 300.0).abs() < 0.05,
                    "line {i} not justified: {}",
                    l.width
                );
            }
        }
    }

    #[test]
    fn a_word_wider_than_the_measure_is_broken() {
        let set = FontSet::builtin();
        let mut sh = Shaper::new(&set);
        let long = "A".repeat(200);
        let m = Measure {
            width: 100.0,
            indent: 0.0,
            align: Align::Left,
        };
        let lines = compose(&mut sh, &[run(&long)], m);
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|l| l.width <= 100.01));
    }

    #[test]
    fn forced_breaks_and_centring() {
        let set = FontSet::builtin();
        let mut sh = Shaper::new(&set);
        let m = Measure {
            width: 400.0,
            indent: 0.0,
            align: Align::Center,
        };
        let lines = compose(&mut sh, &[run("một hai\nba")], m);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].glyphs[0].x > 150.0);
    }

    #[test]
    fn ragged_lines_prefer_full_lines_to_one_word_lines() {
        let set = FontSet::builtin();
        let mut sh = Shaper::new(&set);
        let m = Measure {
            width: 72.0,
            indent: 0.0,
            align: Align::Left,
        };
        let lines = compose(&mut sh, &[run("Trạm Y tế Kỳ Hưng")], m);
        let texts: Vec<String> = lines
            .iter()
            .map(|l| l.glyphs.iter().map(|g| g.text.as_str()).collect::<String>())
            .map(|t| t.trim().to_string())
            .collect();
        assert_eq!(texts, ["Trạm Y tế", "Kỳ Hưng"]);
    }
}
