//! Fonts in the PDF: each face used is a Type 0 font (Identity-H) over a
//! CIDFontType2 subset. A document's codes are numbered per face in order of
//! first use, one per (glyph, text) pair, so the ToUnicode map gives back the
//! exact text even where two texts share a glyph (a space and a no-break
//! space); `/CIDToGIDMap` maps each code to its glyph in the subset.
//!
//! The subset program (allsorts) depends only on the face and the set of
//! glyphs, so it is made, deflated, once per process for each such set and
//! reused by every document that needs it (as the DOCX writer caches its font
//! parts): the reports of a batch mostly share their glyph sets.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};

use crate::fonts::FontFace;

use super::objects::{self, Id, Out};

/// One code of a face: the glyph it shows, the text it stands for, and its
/// advance in 1/1000 em as written in `/W` (rounded to 3 decimals).
pub struct Code {
    pub code: u16,
    pub gid: u16,
    pub text: String,
    pub width: f64,
}

/// The codes a document uses with one face.
pub struct FaceCodes<'a> {
    ttf: ttf_parser::Face<'a>,
    upem: f64,
    /// CFF outlines are embedded whole and addressed by glyph id (a CIDFontType0
    /// has no `/CIDToGIDMap`): code = glyph id, the first text of a glyph wins.
    identity: bool,
    /// 1 + index in `codes` of each glyph's first (glyph, text) pair; 0 = none yet.
    first: Vec<u16>,
    /// The same for further texts of a glyph (rare).
    extra: HashMap<(u16, String), u16>,
    /// In order of first use (TrueType: code = index + 1).
    pub codes: Vec<Code>,
}

impl<'a> FaceCodes<'a> {
    pub fn new(face: &'a FontFace) -> FaceCodes<'a> {
        let ttf = face.parse();
        let identity = ttf.tables().cff.is_some() || ttf.tables().glyf.is_none();
        FaceCodes {
            upem: f64::from(ttf.units_per_em().max(1)),
            ttf,
            identity,
            first: Vec::new(),
            extra: HashMap::new(),
            codes: Vec::new(),
        }
    }

    fn width(&self, gid: u16) -> f64 {
        let adv = self
            .ttf
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .unwrap_or(0);
        (f64::from(adv) * 1000.0 / self.upem * 1000.0).round() / 1000.0
    }

    /// The code for glyph `gid` standing for `text`, and its `/W` width.
    pub fn code(&mut self, gid: u16, text: &str) -> (u16, f64) {
        let g = gid as usize;
        if g >= self.first.len() {
            self.first.resize(g + 1, 0);
        }
        let first = self.first[g] as usize;
        if first != 0 {
            let c = &self.codes[first - 1];
            // Codes are 16 bits: past 65,534 pairs a glyph keeps its first
            // text (never the case in a real document).
            if self.identity || c.text == text || self.codes.len() >= u16::MAX as usize - 1 {
                return (c.code, c.width);
            }
            if let Some(&i) = self.extra.get(&(gid, text.to_string())) {
                let c = &self.codes[i as usize - 1];
                return (c.code, c.width);
            }
        }
        let width = self.width(gid);
        let index = self.codes.len() as u16 + 1;
        let code = if self.identity { gid } else { index };
        self.codes.push(Code {
            code,
            gid,
            text: text.to_string(),
            width,
        });
        if first == 0 {
            self.first[g] = index;
        } else {
            self.extra.insert((gid, text.to_string()), index);
        }
        (code, width)
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

/// A face's embedded program for one glyph set.
struct Program {
    /// The font file as embedded (`/Length1`), deflated.
    deflated: Vec<u8>,
    length1: usize,
    /// Old glyph id -> glyph id in the program, sorted by old id; empty when
    /// the program is the whole font (ids unchanged).
    new_gid: Vec<(u16, u16)>,
    /// Subset tag (six capitals), derived from the face and glyph set.
    tag: String,
}

type Key = (usize, usize, Vec<u16>);

/// The program for `glyphs` (sorted, unique, starting with 0) of `face`,
/// made once per process per glyph set.
fn program(face: &FontFace, face_index: usize, glyphs: &[u16], cff: bool) -> Arc<Program> {
    const CAPACITY: usize = 256;
    type Cache = Mutex<HashMap<Key, (Arc<Vec<u8>>, Arc<Program>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    // The entry holds the face's bytes, so the address in the key stays theirs.
    let key: Key = (
        Arc::as_ptr(&face.data) as usize,
        face.data.len(),
        glyphs.to_vec(),
    );
    if let Some((_, p)) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return p.clone();
    }
    let sub = if cff { None } else { subset_ttf(face, glyphs) };
    let (bytes, new_gid) = match sub {
        Some(b) => {
            let map = glyphs
                .iter()
                .enumerate()
                .map(|(i, &g)| (g, i as u16))
                .collect();
            (b, map)
        }
        None => (face.data.as_ref().clone(), Vec::new()),
    };
    let p = Arc::new(Program {
        deflated: super::write::zlib_font(&bytes),
        length1: bytes.len(),
        new_gid,
        tag: tag(face_index, glyphs),
    });
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    if map.len() >= CAPACITY {
        map.clear();
    }
    map.insert(key, (face.data.clone(), p.clone()));
    p
}

/// A TrueType subset whose glyph `i` is `glyphs[i]`; `None` when allsorts
/// cannot subset the face (the whole font is embedded instead).
fn subset_ttf(face: &FontFace, glyphs: &[u16]) -> Option<Vec<u8>> {
    let bytes =
        super::subset::subset(&face.data, glyphs).or_else(|| subset_allsorts(face, glyphs))?;
    // Never embed something that does not read back as this glyph set.
    let f = ttf_parser::Face::parse(&bytes, 0).ok()?;
    (f.number_of_glyphs() as usize >= glyphs.len()).then_some(bytes)
}

/// allsorts' subset, for a font [`super::subset`] does not read.
fn subset_allsorts(face: &FontFace, glyphs: &[u16]) -> Option<Vec<u8>> {
    let scope = ReadScope::new(&face.data);
    let font = match scope.read::<FontData<'_>>().ok()? {
        FontData::OpenType(f) => f,
        _ => return None,
    };
    let provider = font.table_provider(0).ok()?;
    subset(
        &provider,
        glyphs,
        &SubsetProfile::Pdf,
        CmapTarget::Unrestricted,
    )
    .ok()
}

/// Six capitals from the face index and glyph set (FNV-1a): different
/// subsets get different tags, the same input the same tag.
fn tag(face_index: usize, glyphs: &[u16]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ face_index as u64;
    for g in glyphs {
        for b in g.to_le_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    (0..6)
        .map(|_| {
            let c = (b'A' + (h % 26) as u8) as char;
            h /= 26;
            c
        })
        .collect()
}

/// Write face `index`'s font objects for the codes a document used; `id` is
/// the Type 0 font the pages' resources point to.
pub fn write_font(out: &mut Out, id: Id, face: &FontFace, index: usize, codes: &mut FaceCodes) {
    let cff = codes.identity;
    let mut glyphs: Vec<u16> = codes.codes.iter().map(|c| c.gid).collect();
    glyphs.push(0);
    glyphs.sort_unstable();
    glyphs.dedup();
    let prog = program(face, index, &glyphs, cff);
    codes.codes.sort_by_key(|c| c.code);
    let ttf = &codes.ttf;
    let scale = 1000.0 / codes.upem;
    let base = {
        let ps = if face.postscript_name.is_empty() {
            face.family.replace(' ', "")
        } else {
            face.postscript_name.clone()
        };
        format!("{}+{}", prog.tag, ps)
    };
    let (cid_id, desc_id, file_id, tu_id) = (out.alloc(), out.alloc(), out.alloc(), out.alloc());
    let map_id = (!cff).then(|| out.alloc());

    let mut d = Vec::with_capacity(256);
    d.extend_from_slice(b"/Type/Font/Subtype/Type0/BaseFont");
    objects::name(&mut d, &base);
    d.extend_from_slice(b"/Encoding/Identity-H/DescendantFonts[");
    objects::reference(&mut d, cid_id);
    d.extend_from_slice(b"]/ToUnicode ");
    objects::reference(&mut d, tu_id);
    out.dict(id, &d);

    // The descendant font with its widths, in 1/1000 em by code.
    d.clear();
    d.extend_from_slice(if cff {
        b"/Type/Font/Subtype/CIDFontType0/BaseFont".as_slice()
    } else {
        b"/Type/Font/Subtype/CIDFontType2/BaseFont".as_slice()
    });
    objects::name(&mut d, &base);
    d.extend_from_slice(
        b"/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/FontDescriptor ",
    );
    objects::reference(&mut d, desc_id);
    d.extend_from_slice(b"/DW 0/W[");
    let mut prev: Option<u16> = None;
    for c in &codes.codes {
        if prev.is_none_or(|p| p + 1 != c.code) {
            if prev.is_some() {
                d.push(b']');
            }
            objects::int(&mut d, i64::from(c.code));
            d.push(b'[');
        } else {
            d.push(b' ');
        }
        objects::real(&mut d, c.width, 3);
        prev = Some(c.code);
    }
    if prev.is_some() {
        d.push(b']');
    }
    d.push(b']');
    if let Some(map_id) = map_id {
        d.extend_from_slice(b"/CIDToGIDMap ");
        objects::reference(&mut d, map_id);
    }
    out.dict(cid_id, &d);

    // The descriptor: metrics scaled to 1/1000 em.
    let s = |v: f64| (v * scale).round() as i64;
    let ascent = s(f64::from(ttf.ascender()));
    let descent = s(f64::from(ttf.descender()));
    let cap = ttf.capital_height().map_or(ascent, |c| s(f64::from(c)));
    let bbox = ttf.global_bounding_box();
    let italic = ttf.italic_angle();
    let weight = ttf.weight().to_number();
    d.clear();
    d.extend_from_slice(b"/Type/FontDescriptor/FontName");
    objects::name(&mut d, &base);
    d.extend_from_slice(b"/Flags ");
    // Non-symbolic; italic when the face slants.
    objects::int(&mut d, 32 | if italic != 0.0 { 64 } else { 0 });
    d.extend_from_slice(b"/FontBBox[");
    for (i, v) in [bbox.x_min, bbox.y_min, bbox.x_max, bbox.y_max]
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            d.push(b' ');
        }
        objects::int(&mut d, s(f64::from(v)));
    }
    d.extend_from_slice(b"]/ItalicAngle ");
    objects::real(&mut d, f64::from(italic), 2);
    d.extend_from_slice(b"/Ascent ");
    objects::int(&mut d, ascent);
    d.extend_from_slice(b"/Descent ");
    objects::int(&mut d, descent);
    d.extend_from_slice(b"/CapHeight ");
    objects::int(&mut d, cap);
    // No table gives the stem width: the usual estimate from the weight.
    d.extend_from_slice(b"/StemV ");
    objects::int(
        &mut d,
        50 + (f64::from(weight) / 65.0).powi(2).round() as i64,
    );
    d.extend_from_slice(if cff {
        b"/FontFile3 ".as_slice()
    } else {
        b"/FontFile2 ".as_slice()
    });
    objects::reference(&mut d, file_id);
    out.dict(desc_id, &d);

    d.clear();
    if cff {
        d.extend_from_slice(b"/Subtype/OpenType");
    } else {
        d.extend_from_slice(b"/Length1 ");
        objects::int(&mut d, prog.length1 as i64);
    }
    d.extend_from_slice(b"/Filter/FlateDecode");
    out.stream(file_id, &d, &prog.deflated);

    if let Some(map_id) = map_id {
        let mut map = Vec::with_capacity(2 * (codes.codes.len() + 1));
        map.extend_from_slice(&[0, 0]);
        for c in &codes.codes {
            let new = if prog.new_gid.is_empty() {
                c.gid
            } else {
                prog.new_gid
                    .binary_search_by_key(&c.gid, |&(old, _)| old)
                    .map_or(0, |i| prog.new_gid[i].1)
            };
            map.extend_from_slice(&new.to_be_bytes());
        }
        out.deflated_stream(map_id, b"", &map);
    }

    out.deflated_stream(tu_id, b"", &to_unicode(&codes.codes));
}

/// The ToUnicode CMap: each code to its text (UTF-16BE). A code whose glyph
/// is the second of a cluster (a mark the font has no precomposed letter
/// for) stands for no text of its own: it maps to the empty string, so a
/// reader neither repeats the mark nor guesses one from the font's cmap.
fn to_unicode(codes: &[Code]) -> Vec<u8> {
    let mut b = Vec::with_capacity(64 + codes.len() * 24);
    b.extend_from_slice(
        b"/CIDInit/ProcSet findresource begin\n12 dict begin\nbegincmap\n\
/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>>def\n\
/CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n\
1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n",
    );
    for chunk in codes.chunks(100) {
        objects::int(&mut b, chunk.len() as i64);
        b.extend_from_slice(b" beginbfchar\n");
        for c in chunk {
            b.push(b'<');
            objects::hex_u16(&mut b, c.code);
            b.extend_from_slice(b"><");
            for u in c.text.encode_utf16() {
                objects::hex_u16(&mut b, u);
            }
            b.extend_from_slice(b">\n");
        }
        b.extend_from_slice(b"endbfchar\n");
    }
    b.extend_from_slice(b"endcmap\nCMapName currentdict/CMap defineresource pop\nend\nend\n");
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontSet;

    #[test]
    fn a_glyph_with_two_texts_gets_two_codes() {
        let set = FontSet::builtin();
        let mut codes = FaceCodes::new(&set.faces[0]);
        let (a, wa) = codes.code(3, " ");
        let (b, wb) = codes.code(3, "\u{a0}");
        assert_ne!(a, b);
        assert_eq!(wa, wb);
        assert_eq!(codes.code(3, " ").0, a);
        assert_eq!(codes.codes.len(), 2);
    }

    #[test]
    fn subset_glyphs_keep_their_metrics_in_the_order_given() {
        let set = FontSet::builtin();
        let face = &set.faces[1];
        let ttf = face.parse();
        let glyphs: Vec<u16> = {
            let mut g: Vec<u16> = "Đảng Kỳ Anh"
                .chars()
                .filter_map(|c| ttf.glyph_index(c).map(|g| g.0))
                .chain([0])
                .collect();
            g.sort_unstable();
            g.dedup();
            g
        };
        let bytes = subset_ttf(face, &glyphs).expect("Liberation subsets");
        assert!(bytes.len() * 4 < face.data.len());
        let sub = ttf_parser::Face::parse(&bytes, 0).unwrap();
        for (new, &old) in glyphs.iter().enumerate() {
            let a = ttf.glyph_hor_advance(ttf_parser::GlyphId(old));
            let b = sub.glyph_hor_advance(ttf_parser::GlyphId(new as u16));
            assert_eq!(a, b, "glyph {old} -> {new}");
            let bo = ttf.glyph_bounding_box(ttf_parser::GlyphId(old));
            let bn = sub.glyph_bounding_box(ttf_parser::GlyphId(new as u16));
            assert_eq!(bo, bn, "outline of glyph {old}");
        }
    }
}
