//! One laid-out page as a standalone SVG document (the module docs say
//! what it holds).

use std::fmt::Write as _;

use base64::Engine as _;

use crate::document::ImageFormat;
use crate::fonts::FontSet;
use crate::layout::display::{GlyphRun, ImageItem, Item, Link, Page};

use super::fonts::{family_name, weight_style};

/// Page `p` as an SVG document; `set` is the font set it was laid out with.
pub fn page(p: &Page, set: &FontSet) -> String {
    let mut s = String::with_capacity(16 * 1024 + 24 * p.items.len());
    s.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"");
    num(&mut s, p.width);
    s.push_str("pt\" height=\"");
    num(&mut s, p.height);
    s.push_str("pt\" viewBox=\"0 0 ");
    num(&mut s, p.width);
    s.push(' ');
    num(&mut s, p.height);
    let _ = write!(s, "\" id=\"trang-{0}\" data-trang=\"{0}\">", p.number);
    s.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
    // Attributes of each face's runs, built once per page.
    let fonts: Vec<String> = set
        .all_faces()
        .map(|(id, face)| {
            let (weight, italic) = weight_style(id);
            let mut a = format!(
                " font-family=\"'{}', '{}', serif\"",
                family_name(face),
                css_ident(&face.family)
            );
            if weight != 400 {
                let _ = write!(a, " font-weight=\"{weight}\"");
            }
            if italic {
                a.push_str(" font-style=\"italic\"");
            }
            a
        })
        .collect();
    s.push_str("<g fill=\"#000\" text-rendering=\"geometricPrecision\">");
    for it in &p.items {
        match it {
            Item::Glyphs(run) => text(&mut s, run, &fonts),
            Item::Rule {
                x1,
                y1,
                x2,
                y2,
                width,
            } => {
                s.push_str("<line");
                attrs(
                    &mut s,
                    &[
                        ("x1", *x1),
                        ("y1", *y1),
                        ("x2", *x2),
                        ("y2", *y2),
                        ("stroke-width", *width),
                    ],
                );
                s.push_str(" stroke=\"#000\"/>");
            }
            Item::Rect { x, y, w, h, width } => {
                s.push_str("<rect");
                attrs(
                    &mut s,
                    &[
                        ("x", *x),
                        ("y", *y),
                        ("width", *w),
                        ("height", *h),
                        ("stroke-width", *width),
                    ],
                );
                s.push_str(" fill=\"none\" stroke=\"#000\"/>");
            }
            Item::Image(im) => image(&mut s, im),
        }
    }
    for l in &p.links {
        link(&mut s, l);
    }
    s.push_str("</g></svg>\n");
    s
}

/// A glyph run as one `<text>`: its clusters' text, every character at a
/// place of the display list (and y, when the shaper moved it off the
/// baseline): see [`char_places`].
fn text(s: &mut String, run: &GlyphRun, fonts: &[String]) {
    let places = char_places(run);
    if places.is_empty() {
        return;
    }
    // On each <text>: Chromium ignores it inherited from the root when the
    // SVG sits in an HTML page, and drops a run's leading space.
    s.push_str("<text xml:space=\"preserve\"");
    if let Some(f) = fonts.get(run.face.index()) {
        s.push_str(f);
    }
    s.push_str(" font-size=\"");
    num(s, run.size);
    s.push_str("\" x=\"");
    for (i, (_, x, _)) in places.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        num(s, *x);
    }
    s.push_str("\" y=\"");
    if places.iter().all(|(_, _, y)| *y == run.y) {
        num(s, run.y);
    } else {
        for (i, (_, _, y)) in places.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            num(s, *y);
        }
    }
    s.push_str("\">");
    for (c, ..) in &places {
        escape_char(s, *c);
    }
    s.push_str("</text>");
}

/// Each character of a run's text with the x and baseline y it is drawn
/// at. A browser places every character (code point) given a position on
/// its own, even a combining mark, so a cluster's characters are spread
/// over the cluster's glyphs: one glyph per character (a letter and its
/// combining marks) each at its glyph's place; otherwise (a ligature, a
/// variation selector) the first at the cluster's place and the others
/// evenly across its advance.
fn char_places(run: &GlyphRun) -> Vec<(char, f32, f32)> {
    let mut out = Vec::with_capacity(run.glyphs.len());
    let mut rest = run.glyphs.as_slice();
    while let Some(first) = rest.first() {
        // A cluster: a glyph with text, then the glyphs without.
        let n = 1 + rest[1..].iter().take_while(|g| g.text.is_empty()).count();
        let (cluster, next) = rest.split_at(n);
        rest = next;
        let chars = first.text.chars().count();
        if chars == 0 {
            continue;
        }
        if chars == cluster.len() {
            for (c, g) in first.text.chars().zip(cluster) {
                out.push((c, g.x, run.y + g.dy));
            }
        } else {
            let advance: f32 = cluster.iter().map(|g| g.advance).sum();
            for (k, c) in first.text.chars().enumerate() {
                let x = first.x + advance * k as f32 / chars as f32;
                out.push((c, x, run.y + first.dy));
            }
        }
    }
    out
}

fn image(s: &mut String, im: &ImageItem) {
    s.push_str("<image");
    attrs(
        s,
        &[("x", im.x), ("y", im.y), ("width", im.w), ("height", im.h)],
    );
    s.push_str(" preserveAspectRatio=\"none\" href=\"data:");
    s.push_str(match im.format {
        ImageFormat::Png => "image/png",
        ImageFormat::Jpeg => "image/jpeg",
    });
    s.push_str(";base64,");
    base64::engine::general_purpose::STANDARD.encode_string(im.data.as_slice(), s);
    s.push_str("\"><title>");
    for c in im.name.chars() {
        escape_char(s, c);
    }
    s.push_str("</title></image>");
}

fn link(s: &mut String, l: &Link) {
    let target = l.target_page + 1;
    let _ = write!(
        s,
        "<a href=\"#trang-{target}\" data-den-trang=\"{target}\" data-den-y=\""
    );
    num(s, l.target_y);
    s.push_str("\"><rect");
    attrs(
        s,
        &[("x", l.x), ("y", l.y), ("width", l.w), ("height", l.h)],
    );
    s.push_str(" fill=\"#fff\" fill-opacity=\"0\"/></a>");
}

/// ` name="value"` for each pair, values as [`num`] writes them.
fn attrs(s: &mut String, pairs: &[(&str, f32)]) {
    for (name, v) in pairs {
        s.push(' ');
        s.push_str(name);
        s.push_str("=\"");
        num(s, *v);
        s.push('"');
    }
}

/// `v` rounded to 0.001 pt, without trailing zeros (as the PDF writes it).
fn num(s: &mut String, v: f32) {
    let v = f64::from(v);
    let milli = if v.is_finite() {
        (v * 1000.0).round() as i64
    } else {
        0
    };
    if milli < 0 {
        s.push('-');
    }
    let m = milli.unsigned_abs();
    let _ = write!(s, "{}", m / 1000);
    let frac = m % 1000;
    if frac != 0 {
        let digits = format!("{frac:03}");
        s.push('.');
        s.push_str(digits.trim_end_matches('0'));
    }
}

/// One character of element or attribute content, escaped; a character XML
/// 1.0 cannot hold becomes U+FFFD and a line break or tab a space, so every
/// character still lines up with its `x`.
fn escape_char(s: &mut String, c: char) {
    match c {
        '&' => s.push_str("&amp;"),
        '<' => s.push_str("&lt;"),
        '>' => s.push_str("&gt;"),
        '"' => s.push_str("&quot;"),
        '\t' | '\n' | '\r' => s.push(' '),
        c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => s.push('\u{FFFD}'),
        c => s.push(c),
    }
}

/// A font family name as it can stand in quotes inside an attribute.
fn css_ident(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '\'' | '"' | '\\' | '<' | '>' | '&') && !c.is_control())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_rounded_to_thousandths_without_trailing_zeros() {
        let cases = [
            (0.0, "0"),
            (1.5, "1.5"),
            (595.2756, "595.276"),
            (-0.25, "-0.25"),
            (12.0004, "12"),
            (-0.0004, "0"),
            (f32::NAN, "0"),
        ];
        for (v, want) in cases {
            let mut s = String::new();
            num(&mut s, v);
            assert_eq!(s, want, "{v}");
        }
    }

    #[test]
    fn marks_sit_at_their_glyphs_and_a_ligature_spreads_its_letters() {
        use crate::layout::display::Glyph;
        let g = |x: f32, dy: f32, advance: f32, text: &str| Glyph {
            id: 1,
            x,
            dy,
            advance,
            text: text.into(),
            space: false,
        };
        let run = GlyphRun {
            face: crate::fonts::FaceStyle::Regular.into(),
            size: 10.0,
            y: 100.0,
            glyphs: vec![
                // x + combining dot below: two glyphs, the mark moved by GPOS.
                g(10.0, 0.0, 5.0, "x\u{323}"),
                g(12.0, 1.5, 0.0, ""),
                // "fi" as one ligature glyph, 6 wide.
                g(15.0, 0.0, 6.0, "fi"),
                g(21.0, 0.0, 3.0, "a"),
            ],
        };
        let places = char_places(&run);
        assert_eq!(
            places,
            vec![
                ('x', 10.0, 100.0),
                ('\u{323}', 12.0, 101.5),
                ('f', 15.0, 100.0),
                ('i', 18.0, 100.0),
                ('a', 21.0, 100.0),
            ]
        );
        let mut s = String::new();
        text(&mut s, &run, &[]);
        assert!(s.contains("x=\"10 12 15 18 21\""), "{s}");
        assert!(s.contains("y=\"100 101.5 100 100 100\""), "{s}");
    }

    #[test]
    fn text_is_escaped_one_character_for_one() {
        let mut s = String::new();
        for c in "a<b>&\"\u{1}\tỆ".chars() {
            escape_char(&mut s, c);
        }
        assert_eq!(s, "a&lt;b&gt;&amp;&quot;\u{FFFD} Ệ");
    }
}
