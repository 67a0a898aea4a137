//! A page's content stream from its display list: each glyph run is one
//! text matrix and one `TJ` whose numbers put every glyph at the x the
//! layout chose (kerning, justified spaces), breaking only where a glyph
//! leaves the baseline (marks raised by the shaper); rules and cell borders
//! are stroked paths, images placed XObjects. Numbers are formatted here by
//! hand, into the one buffer: a page carries thousands of them.

use super::display::{Item, Page};
use super::embed::FaceCodes;

/// Decimals of positions in points (0.001 pt) and of `TJ` numbers
/// (0.01/1000 em): far below what a printer or screen can show.
const POS: u32 = 3;
const ADJ: u32 = 2;

/// Append page `p`'s content to `buf`. `codes` are the document's codes per
/// face (filled as glyphs are met); `images` gives each image item's
/// resource name (`None`: not drawn).
pub fn page(
    buf: &mut Vec<u8>,
    p: &Page,
    codes: &mut [FaceCodes],
    image_name: &mut dyn FnMut(&super::display::ImageItem) -> Option<String>,
) {
    let h = f64::from(p.height);
    buf.extend_from_slice(b"0 g 0 G\n");
    let mut in_text = false;
    // The font and size set in the current text object.
    let mut font: Option<(usize, f32)> = None;
    let mut line_width: Option<f32> = None;
    for it in &p.items {
        if let Item::Glyphs(run) = it {
            if !in_text {
                buf.extend_from_slice(b"BT\n");
                in_text = true;
                font = None;
            }
            let face = run.face.index();
            if font != Some((face, run.size)) {
                buf.extend_from_slice(b"/F");
                int(buf, face as i64);
                sp_real(buf, f64::from(run.size), POS);
                buf.extend_from_slice(b" Tf\n");
                font = Some((face, run.size));
            }
            let size = f64::from(run.size);
            let codes = &mut codes[face];
            // Pen position (text space origin of the next glyph) and the
            // vertical offset of the current text matrix; None: no TJ open.
            let mut pen: Option<(f64, f32)> = None;
            let mut hex_open = false;
            for g in &run.glyphs {
                let (code, width) = codes.code(g.id, &g.text);
                let x = f64::from(g.x);
                match pen {
                    Some((px, dy)) if dy == g.dy => {
                        // TJ numbers are in 1/1000 em, positive moves left.
                        let adj = (px - x) * 1000.0 / size;
                        let adj = (adj * 100.0).round() / 100.0;
                        if adj != 0.0 {
                            if hex_open {
                                buf.push(b'>');
                                hex_open = false;
                            }
                            real(buf, adj, ADJ);
                            pen = Some((px - adj * size / 1000.0, dy));
                        }
                    }
                    _ => {
                        if pen.is_some() {
                            if hex_open {
                                buf.push(b'>');
                                hex_open = false;
                            }
                            buf.extend_from_slice(b"]TJ\n");
                        }
                        buf.extend_from_slice(b"1 0 0 1");
                        sp_real(buf, x, POS);
                        sp_real(buf, h - f64::from(run.y + g.dy), POS);
                        buf.extend_from_slice(b" Tm[");
                        pen = Some((x, g.dy));
                    }
                }
                if !hex_open {
                    buf.push(b'<');
                    hex_open = true;
                }
                hex_u16(buf, code);
                if let Some((px, dy)) = pen {
                    pen = Some((px + width * size / 1000.0, dy));
                }
            }
            if pen.is_some() {
                if hex_open {
                    buf.push(b'>');
                }
                buf.extend_from_slice(b"]TJ\n");
            }
            continue;
        }
        if in_text {
            buf.extend_from_slice(b"ET\n");
            in_text = false;
        }
        let mut stroke_width = |buf: &mut Vec<u8>, w: f32| {
            if line_width != Some(w) {
                real(buf, f64::from(w), POS);
                buf.extend_from_slice(b" w\n");
                line_width = Some(w);
            }
        };
        match it {
            Item::Rule {
                x1,
                y1,
                x2,
                y2,
                width,
            } => {
                stroke_width(buf, *width);
                real(buf, f64::from(*x1), POS);
                sp_real(buf, h - f64::from(*y1), POS);
                buf.extend_from_slice(b" m ");
                real(buf, f64::from(*x2), POS);
                sp_real(buf, h - f64::from(*y2), POS);
                buf.extend_from_slice(b" l S\n");
            }
            Item::Rect {
                x,
                y,
                w,
                h: rh,
                width,
            } => {
                stroke_width(buf, *width);
                real(buf, f64::from(*x), POS);
                sp_real(buf, h - f64::from(*y) - f64::from(*rh), POS);
                sp_real(buf, f64::from(*w), POS);
                sp_real(buf, f64::from(*rh), POS);
                buf.extend_from_slice(b" re S\n");
            }
            Item::Image(im) => {
                if let Some(n) = image_name(im) {
                    buf.extend_from_slice(b"q ");
                    real(buf, f64::from(im.w), POS);
                    buf.extend_from_slice(b" 0 0");
                    sp_real(buf, f64::from(im.h), POS);
                    sp_real(buf, f64::from(im.x), POS);
                    sp_real(buf, h - f64::from(im.y) - f64::from(im.h), POS);
                    buf.extend_from_slice(b" cm ");
                    name(buf, &n);
                    buf.extend_from_slice(b" Do Q\n");
                }
            }
            Item::Glyphs(_) => unreachable!("handled above"),
        }
    }
    if in_text {
        buf.extend_from_slice(b"ET\n");
    }
}

/// A decimal integer.
fn int(buf: &mut Vec<u8>, v: i64) {
    if v < 0 {
        buf.push(b'-');
    }
    let mut u = v.unsigned_abs();
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

/// A real number with at most `decimals` (<= 4) decimals, trailing zeros
/// dropped, never `-0`.
fn real(buf: &mut Vec<u8>, v: f64, decimals: u32) {
    let scale = 10i64.pow(decimals);
    let v = if v.is_finite() { v } else { 0.0 };
    let scaled = (v * scale as f64).round() as i64;
    if scaled < 0 {
        buf.push(b'-');
    }
    let a = scaled.unsigned_abs();
    int(buf, (a / scale as u64) as i64);
    let mut frac = a % scale as u64;
    if frac != 0 {
        let mut digits = decimals;
        while frac.is_multiple_of(10) {
            frac /= 10;
            digits -= 1;
        }
        buf.push(b'.');
        // `digits` decimals of `frac`, leading zeros included.
        let mut tmp = [b'0'; 19];
        let n = digits as usize;
        for i in (0..n).rev() {
            tmp[i] = b'0' + (frac % 10) as u8;
            frac /= 10;
        }
        buf.extend_from_slice(&tmp[..n]);
    }
}

/// A real number preceded by a space (operands in content streams and arrays).
fn sp_real(buf: &mut Vec<u8>, v: f64, decimals: u32) {
    buf.push(b' ');
    real(buf, v, decimals);
}

/// A name object (`/Name`), escaping what the syntax does not allow.
fn name(buf: &mut Vec<u8>, n: &str) {
    buf.push(b'/');
    for &b in n.as_bytes() {
        let plain = (0x21..0x7f).contains(&b) && !b"()<>[]{}/%#".contains(&b);
        if plain {
            buf.push(b);
        } else {
            buf.push(b'#');
            hex_byte(buf, b);
        }
    }
}

fn hex_byte(buf: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    buf.push(HEX[(b >> 4) as usize]);
    buf.push(HEX[(b & 15) as usize]);
}

/// A big-endian 16-bit code as four hex digits.
fn hex_u16(buf: &mut Vec<u8>, v: u16) {
    hex_byte(buf, (v >> 8) as u8);
    hex_byte(buf, v as u8);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(v: f64, d: u32) -> String {
        let mut b = Vec::new();
        real(&mut b, v, d);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn numbers_are_short_and_exact_to_their_decimals() {
        assert_eq!(r(0.0, 3), "0");
        assert_eq!(r(-0.0001, 3), "0");
        assert_eq!(r(12.5, 3), "12.5");
        assert_eq!(r(-3.25, 2), "-3.25");
        assert_eq!(r(841.8898, 3), "841.89");
        assert_eq!(r(0.05, 3), "0.05");
        assert_eq!(r(1000.0, 2), "1000");
        assert_eq!(r(-0.004, 2), "0");
        assert_eq!(r(0.0012, 4), "0.0012");
        assert_eq!(r(-7.0305, 4), "-7.0305");
        assert_eq!(r(1.05, 2), "1.05");
        let mut b = Vec::new();
        int(&mut b, -120);
        int(&mut b, 0);
        assert_eq!(b, b"-1200");
    }

    #[test]
    fn names_are_escaped() {
        let mut b = Vec::new();
        name(&mut b, "A B#(x)");
        hex_u16(&mut b, 0x1ef3);
        assert_eq!(String::from_utf8(b).unwrap(), "/A#20B#23#28x#291EF3");
    }
}
