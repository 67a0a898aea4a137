//! The text dump of a report's laid-out pages, for the reference outputs
//! (tests/ref.rs). The ONE place that knows where the display list comes
//! from (`layout::pages`, which the PDF and SVG writers read).

use std::fmt::Write;

use baocao::document::Document;
use baocao::layout;
use baocao::layout::display::{Item, Page};

/// One line per drawn thing, page by page, positions in points rounded to
/// 0.01 (origin top-left, y down):
/// - `T face size x y w #digest "text"`: a glyph run (its start, its width
///   to the end of the last advance, a digest of every glyph's id and place,
///   and its cluster text);
/// - `R x1 y1 x2 y2 w`: a rule; `B x y w h stroke`: a rectangle;
/// - `I name format bytes x y w h`: an image;
/// - `L x y w h -> page y`: an internal link; `O level y "title"`: an outline entry.
pub fn dump(doc: &Document) -> String {
    let pages = layout::pages(doc)
        .unwrap_or_else(|e| panic!("layout: {e}"))
        .pages;
    dump_pages(&pages)
}

fn dump_pages(pages: &[Page]) -> String {
    let mut s = String::new();
    for p in pages {
        let _ = writeln!(s, "page {} {} x {}", p.number, r(p.width), r(p.height));
        for item in &p.items {
            match item {
                Item::Glyphs(run) => {
                    let x0 = run.glyphs.first().map_or(0.0, |g| g.x);
                    let x1 = run.glyphs.last().map_or(0.0, |g| g.x + g.advance);
                    let mut h = Fnv::new();
                    let mut text = String::new();
                    for g in &run.glyphs {
                        h.add(g.id as u64);
                        h.add(round(g.x) as u64);
                        h.add(round(g.dy) as u64);
                        h.add(round(g.advance) as u64);
                        h.add(g.space as u64);
                        text.push_str(g.text.as_str());
                    }
                    let _ = writeln!(
                        s,
                        "T {:?} {} {} {} {} #{:08x} {:?}",
                        run.face,
                        r(run.size),
                        r(x0),
                        r(run.y),
                        r(x1 - x0),
                        h.0 as u32,
                        text
                    );
                }
                Item::Rule {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                } => {
                    let _ = writeln!(
                        s,
                        "R {} {} {} {} {}",
                        r(*x1),
                        r(*y1),
                        r(*x2),
                        r(*y2),
                        r(*width)
                    );
                }
                Item::Rect { x, y, w, h, width } => {
                    let _ = writeln!(s, "B {} {} {} {} {}", r(*x), r(*y), r(*w), r(*h), r(*width));
                }
                Item::Image(i) => {
                    let _ = writeln!(
                        s,
                        "I {:?} {:?} {} {} {} {} {}",
                        i.name,
                        i.format,
                        i.data.len(),
                        r(i.x),
                        r(i.y),
                        r(i.w),
                        r(i.h)
                    );
                }
            }
        }
        for l in &p.links {
            let _ = writeln!(
                s,
                "L {} {} {} {} -> {} {}",
                r(l.x),
                r(l.y),
                r(l.w),
                r(l.h),
                l.target_page + 1,
                r(l.target_y)
            );
        }
        for o in &p.outline {
            let _ = writeln!(s, "O {} {} {:?}", o.level, r(o.y), o.title);
        }
    }
    s
}

/// Hundredths of a point.
fn round(v: f32) -> i64 {
    (v as f64 * 100.0).round() as i64
}

/// `v` rounded to 0.01 pt, without trailing zeros ("85.04", "12", "-0.5").
fn r(v: f32) -> String {
    let c = round(v);
    let sign = if c < 0 { "-" } else { "" };
    let (i, f) = (c.abs() / 100, c.abs() % 100);
    match f {
        0 => format!("{sign}{i}"),
        f if f % 10 == 0 => format!("{sign}{i}.{}", f / 10),
        f => format!("{sign}{i}.{f:02}"),
    }
}

/// FNV-1a, 64 bit: a stable digest (std's hasher may change between releases).
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn add(&mut self, v: u64) {
        for b in v.to_le_bytes() {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}
