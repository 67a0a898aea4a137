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
                s.push_str("<line x1=\"");
                num(&mut s, *x1);
                s.push_str("\" y1=\"");
                num(&mut s, *y1);
                s.push_str("\" x2=\"");
                num(&mut s, *x2);
                s.push_str("\" y2=\"");
                num(&mut s, *y2);
                s.push_str("\" stroke=\"#000\" stroke-width=\"");
                num(&mut s, *width);
                s.push_str("\"/>");
            }
            Item::Rect { x, y, w, h, width } => {
                s.push_str("<rect x=\"");
                num(&mut s, *x);
                s.push_str("\" y=\"");
                num(&mut s, *y);
                s.push_str("\" width=\"");
                num(&mut s, *w);
                s.push_str("\" height=\"");
                num(&mut s, *h);
                s.push_str("\" fill=\"none\" stroke=\"#000\" stroke-width=\"");
                num(&mut s, *width);
                s.push_str("\"/>");
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

/// A glyph run as one `<text>`: its clusters' text, each character at its
/// cluster's x (and y, when the shaper moved the cluster off the baseline).
fn text(s: &mut String, run: &GlyphRun, fonts: &[String]) {
    // Clusters: a glyph with text starts one; glyphs without text belong to
    // the cluster before them (the browser shapes the cluster itself).
    let clusters = || run.glyphs.iter().filter(|g| !g.text.is_empty());
    if clusters().next().is_none() {
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
    let mut first = true;
    for g in clusters() {
        for _ in g.text.chars() {
            if !first {
                s.push(' ');
            }
            first = false;
            num(s, g.x);
        }
    }
    s.push_str("\" y=\"");
    if clusters().all(|g| g.dy == 0.0) {
        num(s, run.y);
    } else {
        let mut first = true;
        for g in clusters() {
            for _ in g.text.chars() {
                if !first {
                    s.push(' ');
                }
                first = false;
                num(s, run.y + g.dy);
            }
        }
    }
    s.push_str("\">");
    for g in clusters() {
        for c in g.text.chars() {
            escape_char(s, c);
        }
    }
    s.push_str("</text>");
}

fn image(s: &mut String, im: &ImageItem) {
    s.push_str("<image x=\"");
    num(s, im.x);
    s.push_str("\" y=\"");
    num(s, im.y);
    s.push_str("\" width=\"");
    num(s, im.w);
    s.push_str("\" height=\"");
    num(s, im.h);
    s.push_str("\" preserveAspectRatio=\"none\" href=\"data:");
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
    s.push_str("\"><rect x=\"");
    num(s, l.x);
    s.push_str("\" y=\"");
    num(s, l.y);
    s.push_str("\" width=\"");
    num(s, l.w);
    s.push_str("\" height=\"");
    num(s, l.h);
    s.push_str("\" fill=\"#fff\" fill-opacity=\"0\"/></a>");
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
    fn text_is_escaped_one_character_for_one() {
        let mut s = String::new();
        for c in "a<b>&\"\u{1}\tỆ".chars() {
            escape_char(&mut s, c);
        }
        assert_eq!(s, "a&lt;b&gt;&amp;&quot;\u{FFFD} Ệ");
    }
}
