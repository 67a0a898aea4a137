//! Fonts in the PDF: each face used is a Type 0 font (Identity-H) over a
//! CID font whose program is a subset made by Typst's `subsetter`, for
//! TrueType and CFF outlines alike; the font dictionaries, widths and the
//! ToUnicode CMap are written with `pdf-writer`.
//!
//! TrueType (CIDFontType2): a document's codes are numbered per face in order
//! of first use, one per (glyph, text) pair, so the ToUnicode map gives back
//! the exact text even where two texts share a glyph (a space and a no-break
//! space); `/CIDToGIDMap` maps each code to its glyph in the subset.
//! CFF (CIDFontType0, `FontFile3/OpenType`): a CID font of this kind has no
//! `/CIDToGIDMap`, its codes are the subset's glyph ids, which the subsetter
//! numbers in the order it is given the glyphs: so a CFF face has one code per
//! glyph, numbered in order of first use (the glyph's first text wins), and
//! the subset is made in that order. A CFF face the subsetter cannot read
//! (CFF2), or whose em is not 1000 units (see [`FaceCodes::new`]), is
//! embedded whole, addressed by glyph id.
//!
//! The subset program depends only on the face and the list of glyphs, so
//! it is made, deflated, once per process for each such list and reused by
//! every document that needs it (as the DOCX writer caches its font parts):
//! the reports of a batch mostly share their glyph sets.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Rect, Str};

use crate::fonts::FontFace;

use super::objects::{Id, Out};

/// One code of a face: the glyph it shows, the text it stands for, and its
/// advance in 1/1000 em as written in `/W` (rounded to 3 decimals).
pub struct Code {
    pub code: u16,
    pub gid: u16,
    pub text: String,
    pub width: f64,
}

/// How a face's codes address its glyphs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// TrueType outlines: a code per (glyph, text), `/CIDToGIDMap`.
    TrueType,
    /// CFF outlines, subset: code = glyph id in the subset (order of first use).
    Cff,
    /// CFF outlines the subsetter cannot read: embedded whole, code = glyph id.
    CffWhole,
}

/// The codes a document uses with one face.
pub struct FaceCodes<'a> {
    ttf: ttf_parser::Face<'a>,
    upem: f64,
    kind: Kind,
    /// 1 + index in `codes` of each glyph's first (glyph, text) pair; 0 = none yet.
    first: Vec<u16>,
    /// The same for further texts of a glyph (rare).
    extra: HashMap<(u16, String), u16>,
    /// In order of first use (TrueType: code = index + 1).
    pub codes: Vec<Code>,
    /// CFF: the glyphs other than .notdef met so far (the last code given).
    glyphs: u16,
}

impl<'a> FaceCodes<'a> {
    pub fn new(face: &'a FontFace) -> FaceCodes<'a> {
        let ttf = face.parse();
        let cff = ttf.tables().cff.is_some() || ttf.tables().glyf.is_none();
        let kind = match cff {
            false => Kind::TrueType,
            // A CFF whose em is not 1000 units carries its scale in its
            // FontMatrix; the subsetter moves that scale into the Font
            // DICTs, and poppler then draws such a subset's glyphs many
            // times too large (seen with GNU Unifont, 64 units): those
            // faces are embedded whole, as they were before.
            true if ttf.units_per_em() == 1000 && subsets(face) => Kind::Cff,
            true => Kind::CffWhole,
        };
        FaceCodes {
            upem: f64::from(ttf.units_per_em().max(1)),
            ttf,
            kind,
            first: Vec::new(),
            extra: HashMap::new(),
            codes: Vec::new(),
            glyphs: 0,
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
        let one_per_glyph = self.kind != Kind::TrueType;
        if first != 0 {
            let c = &self.codes[first - 1];
            // Codes are 16 bits: past 65,534 pairs a glyph keeps its first
            // text (never the case in a real document).
            if one_per_glyph || c.text == text || self.codes.len() >= u16::MAX as usize - 1 {
                return (c.code, c.width);
            }
            if let Some(&i) = self.extra.get(&(gid, text.to_string())) {
                let c = &self.codes[i as usize - 1];
                return (c.code, c.width);
            }
        }
        let width = self.width(gid);
        let index = self.codes.len() as u16 + 1;
        let code = match self.kind {
            Kind::TrueType => index,
            Kind::CffWhole => gid,
            // .notdef stays glyph 0 in the subset.
            Kind::Cff if gid == 0 => 0,
            Kind::Cff => {
                self.glyphs += 1;
                self.glyphs
            }
        };
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

    /// The glyphs of the program, in the order the subsetter numbers them:
    /// .notdef first, then TrueType's in id order, CFF's in code order
    /// ([`FaceCodes::codes`] sorted by code).
    fn program_glyphs(&self) -> Vec<u16> {
        let mut glyphs: Vec<u16> = self.codes.iter().map(|c| c.gid).collect();
        if self.kind == Kind::TrueType {
            glyphs.push(0);
            glyphs.sort_unstable();
            glyphs.dedup();
        } else {
            glyphs.retain(|&g| g != 0);
            glyphs.insert(0, 0);
        }
        glyphs
    }
}

/// Whether the subsetter reads this CFF face (once per process per face).
fn subsets(face: &FontFace) -> bool {
    /// Faces asked about: their bytes (the `Arc` keeps the pointer theirs), the answer.
    type Known = Mutex<Vec<(Arc<Vec<u8>>, bool)>>;
    static KNOWN: OnceLock<Known> = OnceLock::new();
    let known = KNOWN.get_or_init(Default::default);
    let found = known
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .find(|(d, _)| Arc::ptr_eq(d, &face.data))
        .map(|(_, ok)| *ok);
    if let Some(ok) = found {
        return ok;
    }
    let ok = subset(face, &[0]).is_some();
    let mut known = known.lock().unwrap_or_else(|e| e.into_inner());
    // A few faces per process; the entry keeps the bytes, so the pointer stays theirs.
    if known.len() >= 16 {
        known.remove(0);
    }
    known.push((face.data.clone(), ok));
    ok
}

/// A face's embedded program for one glyph list.
struct Program {
    /// The font file as embedded (`/Length1`), deflated.
    deflated: Vec<u8>,
    length1: usize,
    /// Old glyph id -> glyph id in the program, sorted by old id; empty when
    /// the program is the whole font (ids unchanged).
    new_gid: Vec<(u16, u16)>,
    /// Subset tag (six capitals), derived from the face and glyph list.
    tag: String,
}

type Key = (usize, usize, Vec<u16>);

/// The program for `glyphs` ([`FaceCodes::program_glyphs`]) of `face`, made
/// once per process per glyph list; the whole font when `whole` or when
/// the subsetter fails.
fn program(face: &FontFace, face_index: usize, glyphs: &[u16], whole: bool) -> Arc<Program> {
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
    let sub = if whole { None } else { subset(face, glyphs) };
    let (bytes, new_gid) = match sub {
        Some(b) => {
            let mut map: Vec<(u16, u16)> = glyphs
                .iter()
                .enumerate()
                .map(|(i, &g)| (g, i as u16))
                .collect();
            map.sort_unstable();
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

/// The subsetter's program whose glyph `i` is `glyphs[i]` (`glyphs[0]` = 0,
/// no repeats: the subsetter numbers glyphs in the order it is given them,
/// and appends the parts composite glyphs draw); `None` when it cannot
/// subset the face.
fn subset(face: &FontFace, glyphs: &[u16]) -> Option<Vec<u8>> {
    let mut remapper = subsetter::GlyphRemapper::new();
    for &g in glyphs {
        remapper.remap(g);
    }
    let bytes = subsetter::subset(&face.data, 0, &remapper).ok()?;
    // Never embed something that does not read back as this glyph list.
    let f = ttf_parser::Face::parse(&bytes, 0).ok()?;
    (f.number_of_glyphs() as usize >= glyphs.len()).then_some(bytes)
}

/// Six capitals from the face index and glyph list (FNV-1a): different
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
    let kind = codes.kind;
    let cff = kind != Kind::TrueType;
    codes.codes.sort_by_key(|c| c.code);
    let glyphs = codes.program_glyphs();
    let prog = program(face, index, &glyphs, kind == Kind::CffWhole);
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
    let base = Name(base.as_bytes());
    let (cid_id, desc_id, file_id, tu_id) = (out.alloc(), out.alloc(), out.alloc(), out.alloc());
    let map_id = (!cff).then(|| out.alloc());

    out.pdf
        .type0_font(id)
        .base_font(base)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_id)
        .to_unicode(tu_id);

    // The descendant font with its widths, in 1/1000 em by code.
    let mut cid = out.pdf.cid_font(cid_id);
    cid.subtype(if cff {
        CidFontType::Type0
    } else {
        CidFontType::Type2
    })
    .base_font(base)
    .system_info(SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    })
    .font_descriptor(desc_id)
    .default_width(0.0);
    {
        let mut w = cid.widths();
        let mut rest = &codes.codes[..];
        while let Some(first) = rest.first() {
            let run = rest
                .windows(2)
                .position(|p| p[0].code + 1 != p[1].code)
                .map_or(rest.len(), |i| i + 1);
            w.consecutive(first.code, rest[..run].iter().map(|c| c.width as f32));
            rest = &rest[run..];
        }
    }
    if let Some(map_id) = map_id {
        cid.cid_to_gid_map_stream(map_id);
    }
    cid.finish();

    // The descriptor: metrics scaled to 1/1000 em.
    let s = |v: f64| (v * scale).round() as f32;
    let ascent = s(f64::from(ttf.ascender()));
    let descent = s(f64::from(ttf.descender()));
    let cap = ttf.capital_height().map_or(ascent, |c| s(f64::from(c)));
    let bbox = ttf.global_bounding_box();
    let italic = ttf.italic_angle();
    let weight = ttf.weight().to_number();
    let mut flags = FontFlags::NON_SYMBOLIC;
    if italic != 0.0 {
        flags |= FontFlags::ITALIC;
    }
    let mut desc = out.pdf.font_descriptor(desc_id);
    desc.name(base)
        .flags(flags)
        .bbox(Rect::new(
            s(f64::from(bbox.x_min)),
            s(f64::from(bbox.y_min)),
            s(f64::from(bbox.x_max)),
            s(f64::from(bbox.y_max)),
        ))
        .italic_angle((italic * 100.0).round() / 100.0)
        .ascent(ascent)
        .descent(descent)
        .cap_height(cap)
        // No table gives the stem width: the usual estimate from the weight.
        .stem_v((50.0 + (f64::from(weight) / 65.0).powi(2)).round() as f32);
    if cff {
        desc.font_file3(file_id);
    } else {
        desc.font_file2(file_id);
    }
    desc.finish();

    let mut file = out.pdf.stream(file_id, &prog.deflated);
    file.filter(Filter::FlateDecode);
    if cff {
        file.pair(Name(b"Subtype"), Name(b"OpenType"));
    } else {
        file.pair(Name(b"Length1"), prog.length1 as i32);
    }
    file.finish();

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
        out.deflated_stream(map_id, &map, |_| {});
    }

    out.deflated_stream(tu_id, &to_unicode(&codes.codes), |_| {});
}

/// The ToUnicode CMap: each code to its text. A code whose glyph is the
/// second of a cluster (a mark the font has no precomposed letter for)
/// stands for no text of its own: it maps to the empty string, so a reader
/// neither repeats the mark nor guesses one from the font's cmap.
fn to_unicode(codes: &[Code]) -> Vec<u8> {
    let mut cmap = UnicodeCmap::new(
        Name(b"Adobe-Identity-UCS"),
        SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"UCS"),
            supplement: 0,
        },
    );
    for c in codes {
        cmap.pair_with_multiple(c.code, c.text.chars());
    }
    cmap.finish().into_vec()
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
        let bytes = subset(face, &glyphs).expect("Liberation subsets");
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
