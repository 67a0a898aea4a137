//! Shaping with harfrust (language "vi", kerning and marks from the font),
//! with a cache of shaped words: a report repeats few distinct words, and
//! the reports of a batch share most of theirs, so the cache (and the
//! compiled shape plans) outlive a render: they are kept per thread and per
//! font family and handed to the next document's shaper. Shaping is a
//! function of the font bytes, face, text and language, so the output does
//! not depend on what was rendered before.
//!
//! Text is shaped per face: each character goes to the first face that has
//! it (the style's face of the family, then the fallback fonts in order);
//! combining marks, joiners and variation selectors stay with the character
//! before them. A character no face has is shaped with the family's face,
//! giving its .notdef glyph (id 0) with the character as cluster text.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;
use std::str::FromStr;
use std::sync::Arc;

use harfrust::{Buffer, Direction, Font, Language, Script, ShapeOptions, ShapePlan, ShaperFont};

use super::display::Cluster;
use crate::fonts::{pick_face, split_by_face, FaceId, FaceStyle, FontSet};

/// A shaped glyph; lengths in em.
#[derive(Debug, Clone)]
pub struct ShapedGlyph {
    pub id: u16,
    /// The face the id belongs to.
    pub face: FaceId,
    pub advance: f32,
    pub dx: f32,
    /// Upwards, as in the font.
    pub dy: f32,
    /// Cluster text on the first glyph of a cluster, empty on the others.
    pub text: Cluster,
}

/// A shaped piece of text of one face.
#[derive(Debug, Clone)]
pub struct Shaped {
    pub glyphs: Vec<ShapedGlyph>,
    /// Sum of advances, in em.
    pub width: f32,
}

/// What a shaper keeps between documents for one font family.
#[derive(Default)]
struct Kept {
    /// Per face: text -> shaped (looked up without allocating).
    words: [HashMap<String, Rc<Shaped>, BuildHasherDefault<WordHasher>>; 4],
    /// The faces as harfrust reads them, by [`FaceId::index`]: each keeps
    /// the layout tables it has parsed, so a family's are read once per thread.
    fonts: Vec<Font>,
    /// Shape plans by face and script. Shaping without a plan compiles one
    /// for every call, which cost more than the shaping itself (8% of a
    /// batch's instructions); a family needs a handful of plans.
    plans: Vec<(FaceId, Option<Script>, ShapePlan)>,
    /// One buffer reused for every piece of text.
    buffer: Buffer,
}

/// FNV-1a over 8-byte words for the word cache: its keys are short
/// strings made by this program (no untrusted keys to flood it), and
/// SipHash cost more than the shaping cache lookup saved (~1 in 6 of
/// `place`'s instructions).
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h ^ w).wrapping_mul(0x0000_0100_0000_01b3).rotate_left(29);
        }
        for &b in chunks.remainder() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        // Spread the low bits, which hashbrown uses for the bucket.
        let h = self.0;
        (h ^ (h >> 32)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }
}

/// Words kept per thread and family at most; beyond, the cache starts over
/// (a few MB: a report has some 400 distinct words, a batch some thousands).
const KEPT_WORDS: usize = 20_000;

/// The font bytes of a font set's faces (the family's four, then the fallbacks).
type FamilyBytes = Vec<Arc<Vec<u8>>>;

thread_local! {
    /// Caches of the shapers that finished on this thread, by the font
    /// bytes of their faces (the `Arc`s held here keep those
    /// allocations alive, so pointer equality identifies the fonts).
    static KEPT: RefCell<Vec<(FamilyBytes, Kept)>> = const { RefCell::new(Vec::new()) };
}

/// Shapes text with the faces of a font set.
pub struct Shaper<'a> {
    /// By [`FaceId::index`]: the faces' cmaps and metrics.
    faces: Vec<ttf_parser::Face<'a>>,
    upem: Vec<f32>,
    language: Option<Language>,
    /// The font bytes: identify the family for [`KEPT`].
    data: FamilyBytes,
    kept: Kept,
}

impl Drop for Shaper<'_> {
    fn drop(&mut self) {
        let mut kept = std::mem::take(&mut self.kept);
        if kept.words.iter().map(HashMap::len).sum::<usize>() > KEPT_WORDS {
            kept.words = Default::default();
        }
        let data = self.data.clone();
        let _ = KEPT.try_with(|k| {
            let mut k = k.borrow_mut();
            // At most a few families per process; keep the latest four.
            if k.len() >= 4 {
                k.remove(0);
            }
            k.push((data, kept));
        });
    }
}

impl<'a> Shaper<'a> {
    pub fn new(set: &'a FontSet) -> Shaper<'a> {
        let faces: Vec<ttf_parser::Face<'a>> = set
            .all_faces()
            .map(|(_, f)| ttf_parser::Face::parse(&f.data, 0).expect("validated by fonts.rs"))
            .collect();
        let upem = faces
            .iter()
            .map(|f| f.units_per_em().max(1) as f32)
            .collect();
        let data: FamilyBytes = set.all_faces().map(|(_, f)| f.data.clone()).collect();
        let kept = KEPT
            .try_with(|k| {
                let mut k = k.borrow_mut();
                let same = |d: &FamilyBytes| {
                    d.len() == data.len() && d.iter().zip(&data).all(|(a, b)| Arc::ptr_eq(a, b))
                };
                k.iter().position(|(d, _)| same(d)).map(|i| k.remove(i).1)
            })
            .ok()
            .flatten()
            .unwrap_or_else(|| Kept {
                fonts: data
                    .iter()
                    .map(|d| {
                        let bytes: Arc<dyn AsRef<[u8]> + Send + Sync> = d.clone();
                        Font::new(harfrust::font::Blob::from(bytes), 0)
                            .expect("validated by fonts.rs")
                    })
                    .collect(),
                ..Kept::default()
            });
        Shaper {
            faces,
            upem,
            language: Language::from_str("vi").ok(),
            data,
            kept,
        }
    }

    /// Shape `text` (NFC, no line breaks) in `style`.
    pub fn shape(&mut self, style: FaceStyle, text: &str) -> Rc<Shaped> {
        if let Some(s) = self.kept.words[style.index()].get(text) {
            return s.clone();
        }
        let shaped = Rc::new(self.shape_uncached(style, text));
        self.kept.words[style.index()].insert(text.to_string(), shaped.clone());
        shaped
    }

    fn shape_uncached(&mut self, style: FaceStyle, text: &str) -> Shaped {
        let pieces = split_by_face(text, style, |c| self.face_for(style, c));
        if let [(_, face)] = pieces[..] {
            return self.shape_face(face, text);
        }
        let mut all = Shaped {
            glyphs: Vec::new(),
            width: 0.0,
        };
        for (range, face) in pieces {
            let part = self.shape_face(face, &text[range]);
            all.glyphs.extend(part.glyphs);
            all.width += part.width;
        }
        all
    }

    /// The first face that has `c`: `style`'s, then the fallbacks in order.
    fn face_for(&self, style: FaceStyle, c: char) -> Option<FaceId> {
        pick_face(style, self.faces.len(), |f| {
            self.faces[f.index()].glyph_index(c).is_some()
        })
    }

    /// Shape `text` with one face.
    fn shape_face(&mut self, face_id: FaceId, text: &str) -> Shaped {
        let upem = self.upem[face_id.index()];
        let kept = &mut self.kept;
        let font = &kept.fonts[face_id.index()];
        let mut buf = std::mem::take(&mut kept.buffer);
        buf.clear();
        buf.push_str(text);
        buf.set_direction(Direction::LeftToRight);
        buf.set_language(self.language.clone());
        buf.guess_segment_properties();
        // The plan shaping would compile for this buffer: it depends on the
        // face, direction (always LTR), script and language (fixed per
        // shaper), so it is compiled once per face and script.
        let script = buf.script();
        let i = match kept
            .plans
            .iter()
            .position(|(f, sc, _)| *f == face_id && *sc == script)
        {
            Some(i) => i,
            None => {
                let plan = ShapePlan::new(font, buf.direction(), script, buf.language(), &[]);
                kept.plans.push((face_id, script, plan));
                kept.plans.len() - 1
            }
        };
        let shaper_font = ShaperFont::new(font);
        let options = ShapeOptions::new().plan(Some(&kept.plans[i].2));
        if harfrust::shape(&shaper_font, &mut buf, options).is_err() {
            // Not reached: the plan was made for this buffer's direction and
            // script. Each character then shows as the face's .notdef.
            buf.clear();
            kept.buffer = buf;
            return notdef(face_id, text);
        }
        let out = buf;
        let infos = out.glyph_infos();
        let pos = out.glyph_positions();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut width = 0.0;
        for (i, (info, p)) in infos.iter().zip(pos).enumerate() {
            let start = info.cluster as usize;
            let first = i == 0 || infos[i - 1].cluster != info.cluster;
            let cluster_text = if first {
                let end = infos[i + 1..]
                    .iter()
                    .map(|g| g.cluster as usize)
                    .find(|&c| c > start)
                    .unwrap_or(text.len());
                Cluster::from(text.get(start..end).unwrap_or(""))
            } else {
                Cluster::default()
            };
            let advance = p.x_advance as f32 / upem;
            width += advance;
            glyphs.push(ShapedGlyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                face: face_id,
                advance,
                dx: p.x_offset as f32 / upem,
                dy: p.y_offset as f32 / upem,
                text: cluster_text,
            });
        }
        self.kept.buffer = out;
        Shaped { glyphs, width }
    }

    /// Ascender of a face, in em (for placing link rectangles and rules).
    pub fn ascender(&self, face: impl Into<FaceId>) -> f32 {
        let i = face.into().index();
        self.faces[i].ascender() as f32 / self.upem[i]
    }

    /// Underline position (negative: below the baseline) and thickness, in em.
    pub fn underline(&self, face: impl Into<FaceId>) -> (f32, f32) {
        let i = face.into().index();
        let (f, u) = (&self.faces[i], self.upem[i]);
        match f.underline_metrics() {
            Some(m) => (m.position as f32 / u, (m.thickness as f32 / u).max(0.03)),
            None => (-0.1, 0.05),
        }
    }
}

/// Each character of `text` as `face`'s .notdef glyph, with no advance.
fn notdef(face: FaceId, text: &str) -> Shaped {
    let glyphs = text
        .char_indices()
        .map(|(i, c)| ShapedGlyph {
            id: 0,
            face,
            advance: 0.0,
            dx: 0.0,
            dy: 0.0,
            text: Cluster::from(&text[i..i + c.len_utf8()]),
        })
        .collect();
    Shaped { glyphs, width: 0.0 }
}

impl Shaper<'_> {
    /// Descender of a face as a positive length, in em.
    pub fn descender(&self, face: impl Into<FaceId>) -> f32 {
        let i = face.into().index();
        -(self.faces[i].descender() as f32) / self.upem[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kerning_is_applied() {
        let set = FontSet::builtin();
        let mut sh = Shaper::new(&set);
        let pair = sh.shape(FaceStyle::Regular, "AV").width;
        let apart =
            sh.shape(FaceStyle::Regular, "A").width + sh.shape(FaceStyle::Regular, "V").width;
        assert!(pair < apart - 0.01, "AV {pair} vs A+V {apart}");
    }

    #[test]
    fn decomposed_vietnamese_becomes_one_glyph_with_its_whole_cluster() {
        let set = FontSet::builtin();
        let mut sh = Shaper::new(&set);
        let nfd = "Vie\u{0323}\u{0302}t";
        let s = sh.shape(FaceStyle::Regular, nfd);
        assert_eq!(s.glyphs.len(), 4);
        let text: String = s.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, nfd);
        assert_eq!(s.glyphs[2].text, "e\u{0323}\u{0302}");
        let nfc = sh.shape(FaceStyle::Regular, "Việt");
        assert_eq!(nfc.glyphs[2].id, s.glyphs[2].id, "the precomposed glyph");
    }

    #[test]
    fn characters_the_family_lacks_are_shaped_with_the_fallbacks() {
        let set = crate::fonts::tests::with_test_fallbacks();
        let mut sh = Shaper::new(&set);
        let text = "Chi bộ 河内 🌸";
        let s = sh.shape(FaceStyle::Bold, text);
        let joined: String = s.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(joined, text);
        assert!(s.glyphs.iter().all(|g| g.id != 0), "no .notdef");
        let face_of = |t: &str| s.glyphs.iter().find(|g| g.text == t).unwrap().face;
        assert_eq!(face_of("C"), FaceStyle::Bold.into());
        assert_eq!(face_of("河"), FaceId::fallback(0));
        assert_eq!(face_of("内"), FaceId::fallback(0));
        assert_eq!(face_of("🌸"), FaceId::fallback(1));
        // CJK is full-width: about one em each.
        let w: f32 = s
            .glyphs
            .iter()
            .filter(|g| g.text == "河")
            .map(|g| g.advance)
            .sum();
        assert!((0.8..=1.1).contains(&w), "{w}");
        // Without fallbacks each gets the .notdef glyph, its text kept.
        let plain = FontSet::builtin();
        let mut sh = Shaper::new(&plain);
        let s = sh.shape(FaceStyle::Regular, "河内");
        assert_eq!(s.glyphs.len(), 2);
        assert!(s.glyphs.iter().all(|g| g.id == 0));
        assert_eq!(s.glyphs[1].text, "内");
    }
}
