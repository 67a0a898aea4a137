//! A TrueType subset for a CIDFontType2: only the tables a PDF reader uses
//! for such a font (ISO 32000-1, 9.9: `head`, `hhea`, `loca`, `maxp`,
//! `cvt `, `prep`, `glyf`, `hmtx`, `fpgm`; `post` as format 3), with the
//! used glyphs copied as they are (outlines and instructions) and the
//! glyphs composites draw appended. The `cmap` and `name` tables are left
//! out: the PDF maps codes to glyphs with `/CIDToGIDMap` and names the font
//! itself. About 20 times cheaper than a general subsetter, and the program
//! is smaller, so its deflate is cheaper too.

use ttf_parser::{RawFace, Tag};

/// Composite glyph flags (OpenType `glyf`).
const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;

fn u16_at(d: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_be_bytes(d.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(d: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(i..i + 4)?.try_into().ok()?))
}

/// The glyph ids of the components of composite glyph data, with the byte
/// offset of each id in the data.
fn components(g: &[u8]) -> Option<Vec<(usize, u16)>> {
    let mut out = Vec::new();
    if g.len() < 10 || (u16_at(g, 0)? as i16) >= 0 {
        return Some(out);
    }
    let mut i = 10;
    loop {
        let flags = u16_at(g, i)?;
        out.push((i + 2, u16_at(g, i + 2)?));
        i += 4 + if flags & ARG_1_AND_2_ARE_WORDS != 0 {
            4
        } else {
            2
        };
        i += if flags & WE_HAVE_A_SCALE != 0 {
            2
        } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
            4
        } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE_COMPONENTS == 0 {
            return Some(out);
        }
    }
}

/// The `glyf` data of glyph `g`, by the `loca` table (long or short offsets).
fn glyph_data<'a>(loca: &[u8], glyf: &'a [u8], long_loca: bool, g: u16) -> Option<&'a [u8]> {
    let g = usize::from(g);
    let (a, b) = if long_loca {
        (
            u32_at(loca, 4 * g)? as usize,
            u32_at(loca, 4 * g + 4)? as usize,
        )
    } else {
        (
            usize::from(u16_at(loca, 2 * g)?) * 2,
            usize::from(u16_at(loca, 2 * g + 2)?) * 2,
        )
    };
    glyf.get(a..b.max(a))
}

/// The subset of `data` (a TrueType font with `glyf` outlines) whose glyph
/// `i` is `glyphs[i]`, followed by the components composites need that
/// `glyphs` lacks. `None` if the font is not one this reads.
pub fn subset(data: &[u8], glyphs: &[u16]) -> Option<Vec<u8>> {
    let raw = RawFace::parse(data, 0).ok()?;
    let table = |t: &[u8; 4]| raw.table(Tag::from_bytes(t));
    let (head, hhea, maxp) = (table(b"head")?, table(b"hhea")?, table(b"maxp")?);
    let (loca, glyf, hmtx) = (table(b"loca")?, table(b"glyf")?, table(b"hmtx")?);
    if head.len() < 54 || hhea.len() < 36 || maxp.len() < 6 {
        return None;
    }
    let long_loca = u16_at(head, 50)? != 0;
    let num_glyphs = u16_at(maxp, 4)?;
    let num_h = u16_at(hhea, 34)?.min(num_glyphs);
    if num_h == 0 {
        return None;
    }
    let glyph = |g: u16| -> Option<&[u8]> {
        if g >= num_glyphs {
            return None;
        }
        glyph_data(loca, glyf, long_loca, g)
    };

    // The glyph order: the given glyphs, then components not among them.
    let mut order: Vec<u16> = glyphs.to_vec();
    let mut new_id: std::collections::HashMap<u16, u16> = order
        .iter()
        .enumerate()
        .map(|(i, &g)| (g, i as u16))
        .collect();
    let mut i = 0;
    while i < order.len() {
        for (_, c) in components(glyph(order[i])?)? {
            if let std::collections::hash_map::Entry::Vacant(e) = new_id.entry(c) {
                e.insert(u16::try_from(order.len()).ok()?);
                order.push(c);
            }
        }
        i += 1;
    }
    let n = order.len();

    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity(4 * (n + 1));
    let mut new_hmtx = Vec::with_capacity(4 * n);
    for &g in &order {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        let data = glyph(g)?;
        let at = new_glyf.len();
        new_glyf.extend_from_slice(data);
        for (off, c) in components(data)? {
            let id = new_id[&c];
            new_glyf[at + off..at + off + 2].copy_from_slice(&id.to_be_bytes());
        }
        while new_glyf.len() % 4 != 0 {
            new_glyf.push(0);
        }
        let (adv, lsb) = if g < num_h {
            let i = 4 * usize::from(g);
            (u16_at(hmtx, i)?, u16_at(hmtx, i + 2)?)
        } else {
            let last = 4 * usize::from(num_h - 1);
            let i = 4 * usize::from(num_h) + 2 * usize::from(g - num_h);
            (u16_at(hmtx, last)?, u16_at(hmtx, i)?)
        };
        new_hmtx.extend_from_slice(&adv.to_be_bytes());
        new_hmtx.extend_from_slice(&lsb.to_be_bytes());
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
    let n16 = u16::try_from(n).ok()?.to_be_bytes();

    let mut new_head = head.to_vec();
    new_head[8..12].fill(0); // checkSumAdjustment, set below
    new_head[50..52].copy_from_slice(&1u16.to_be_bytes()); // long loca
    let mut new_hhea = hhea.to_vec();
    new_hhea[34..36].copy_from_slice(&n16);
    let mut new_maxp = maxp.to_vec();
    new_maxp[4..6].copy_from_slice(&n16);
    // post format 3: the header only, no glyph names.
    let post = table(b"post").filter(|p| p.len() >= 32).map(|p| {
        let mut p = p[..32].to_vec();
        p[0..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
        p
    });

    // Tables in tag order (as the directory must list them).
    let mut tables: Vec<(&[u8; 4], Vec<u8>)> = Vec::with_capacity(10);
    for tag in [b"cvt ", b"fpgm"] {
        if let Some(t) = table(tag) {
            tables.push((tag, t.to_vec()));
        }
    }
    tables.push((b"glyf", new_glyf));
    tables.push((b"head", new_head));
    tables.push((b"hhea", new_hhea));
    tables.push((b"hmtx", new_hmtx));
    tables.push((b"loca", new_loca));
    tables.push((b"maxp", new_maxp));
    if let Some(p) = post {
        tables.push((b"post", p));
    }
    if let Some(t) = table(b"prep") {
        tables.push((b"prep", t.to_vec()));
    }
    Some(assemble(&tables))
}

/// The sum of big-endian u32 words of `d`, zero-padded.
fn checksum(d: &[u8]) -> u32 {
    let words = d.chunks_exact(4);
    let rest = words.remainder();
    let mut w = [0u8; 4];
    w[..rest.len()].copy_from_slice(rest);
    words.fold(u32::from_be_bytes(w), |s, c| {
        s.wrapping_add(u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
    })
}

/// An sfnt file of `tables` (sorted by tag), with `head`'s checkSumAdjustment set.
fn assemble(tables: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
    let n = tables.len() as u16;
    let mut pow = 1u16;
    let mut log = 0u16;
    while pow * 2 <= n {
        pow *= 2;
        log += 1;
    }
    let mut out = Vec::with_capacity(
        12 + 16 * tables.len() + tables.iter().map(|t| t.1.len() + 3).sum::<usize>(),
    );
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for v in [n, pow * 16, log, n * 16 - pow * 16] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    for (tag, t) in tables {
        out.extend_from_slice(&tag[..]);
        out.extend_from_slice(&checksum(t).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(t.len() as u32).to_be_bytes());
        offset += t.len().div_ceil(4) * 4;
    }
    let mut head_at = None;
    for (tag, t) in tables {
        if *tag == b"head" {
            head_at = Some(out.len());
        }
        out.extend_from_slice(t);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(h) = head_at {
        let adj = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[h + 8..h + 12].copy_from_slice(&adj.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{FaceStyle, FontSet};

    #[test]
    fn a_subset_keeps_the_glyphs_their_metrics_and_composite_parts() {
        let set = FontSet::builtin();
        let face = set.face(FaceStyle::Regular);
        let full = face.parse();
        let ids: Vec<u16> = "\u{0}Việt Nam ỗ ẫ ự"
            .chars()
            .map(|c| full.glyph_index(c).map_or(0, |g| g.0))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let bytes = subset(&face.data, &ids).expect("a subset");
        let sub = ttf_parser::Face::parse(&bytes, 0).expect("parses");
        assert!(usize::from(sub.number_of_glyphs()) >= ids.len());
        assert_eq!(sub.units_per_em(), full.units_per_em());
        struct Path(Vec<String>);
        impl ttf_parser::OutlineBuilder for Path {
            fn move_to(&mut self, x: f32, y: f32) {
                self.0.push(format!("M{x},{y}"));
            }
            fn line_to(&mut self, x: f32, y: f32) {
                self.0.push(format!("L{x},{y}"));
            }
            fn quad_to(&mut self, a: f32, b: f32, x: f32, y: f32) {
                self.0.push(format!("Q{a},{b},{x},{y}"));
            }
            fn curve_to(&mut self, a: f32, b: f32, c: f32, d: f32, x: f32, y: f32) {
                self.0.push(format!("C{a},{b},{c},{d},{x},{y}"));
            }
            fn close(&mut self) {
                self.0.push("Z".into());
            }
        }
        let mut composites = 0;
        for (new, &old) in ids.iter().enumerate() {
            let (o, n) = (ttf_parser::GlyphId(old), ttf_parser::GlyphId(new as u16));
            assert_eq!(sub.glyph_hor_advance(n), full.glyph_hor_advance(o));
            assert_eq!(sub.glyph_bounding_box(n), full.glyph_bounding_box(o));
            let (mut a, mut b) = (Path(Vec::new()), Path(Vec::new()));
            full.outline_glyph(o, &mut a);
            sub.outline_glyph(n, &mut b);
            assert_eq!(a.0, b.0, "glyph {old}");
            if components(subset_glyph(&face.data, old).unwrap_or(&[]))
                .is_some_and(|c| !c.is_empty())
            {
                composites += 1;
            }
        }
        assert!(composites > 0, "the test should cover composite glyphs");
    }

    /// The `glyf` data of glyph `g` (for tests).
    fn subset_glyph(data: &[u8], g: u16) -> Option<&[u8]> {
        let raw = RawFace::parse(data, 0).ok()?;
        let head = raw.table(Tag::from_bytes(b"head"))?;
        let loca = raw.table(Tag::from_bytes(b"loca"))?;
        let glyf = raw.table(Tag::from_bytes(b"glyf"))?;
        glyph_data(loca, glyf, u16_at(head, 50)? != 0, g)
    }
}
