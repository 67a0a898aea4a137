//! Shaping with rustybuzz (language "vi", kerning and marks from the font),
//! with a cache of shaped words: a report repeats few distinct words, and
//! the reports of a batch share most of theirs, so the cache (and the
//! compiled shape plans) outlive a render: they are kept per thread and per
//! font family and handed to the next document's shaper. Shaping is a
//! function of the font bytes, face, text and language, so the output does
//! not depend on what was rendered before.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::str::FromStr;
use std::sync::Arc;

use crate::fonts::{FaceStyle, FontSet};

/// A shaped glyph; lengths in em.
#[derive(Debug, Clone)]
pub struct ShapedGlyph {
    pub id: u16,
    pub advance: f32,
    pub dx: f32,
    /// Upwards, as in the font.
    pub dy: f32,
    /// Cluster text on the first glyph of a cluster, empty on the others.
    pub text: String,
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
    words: [HashMap<String, Rc<Shaped>>; 4],
    /// Shape plans by face and script. `rustybuzz::shape` compiles a plan
    /// for every call, which cost more than the shaping itself (8% of a
    /// batch's instructions); a family needs a handful of plans.
    plans: Vec<(FaceStyle, rustybuzz::Script, rustybuzz::ShapePlan)>,
}

/// Words kept per thread and family at most; beyond, the cache starts over
/// (a few MB: a report has some 400 distinct words, a batch some thousands).
const KEPT_WORDS: usize = 20_000;

/// The font bytes of a family's four faces.
type FamilyBytes = [Arc<Vec<u8>>; 4];

thread_local! {
    /// Caches of the shapers that finished on this thread, by the font
    /// bytes of their four faces (the `Arc`s held here keep those
    /// allocations alive, so pointer equality identifies the fonts).
    static KEPT: RefCell<Vec<(FamilyBytes, Kept)>> = const { RefCell::new(Vec::new()) };
}

/// Shapes text with the four faces of a font set.
pub struct Shaper<'a> {
    faces: Vec<rustybuzz::Face<'a>>,
    upem: [f32; 4],
    language: Option<rustybuzz::Language>,
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
        let faces: Vec<rustybuzz::Face<'a>> = set
            .faces
            .iter()
            .map(|f| rustybuzz::Face::from_slice(&f.data, 0).expect("validated by fonts.rs"))
            .collect();
        let mut upem = [1000.0; 4];
        for (u, f) in upem.iter_mut().zip(&faces) {
            *u = f.units_per_em().max(1) as f32;
        }
        let data: FamilyBytes = std::array::from_fn(|i| set.faces[i].data.clone());
        let kept = KEPT
            .try_with(|k| {
                let mut k = k.borrow_mut();
                let same =
                    |d: &[Arc<Vec<u8>>; 4]| d.iter().zip(&data).all(|(a, b)| Arc::ptr_eq(a, b));
                k.iter().position(|(d, _)| same(d)).map(|i| k.remove(i).1)
            })
            .ok()
            .flatten()
            .unwrap_or_default();
        Shaper {
            faces,
            upem,
            language: rustybuzz::Language::from_str("vi").ok(),
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
        let face = &self.faces[style.index()];
        let upem = self.upem[style.index()];
        let mut buf = rustybuzz::UnicodeBuffer::new();
        buf.push_str(text);
        buf.set_direction(rustybuzz::Direction::LeftToRight);
        if let Some(l) = &self.language {
            buf.set_language(l.clone());
        }
        buf.guess_segment_properties();
        // The plan `rustybuzz::shape` would compile for this buffer: it
        // depends on the face, direction (always LTR), script and language
        // (fixed per shaper). Text without a script of its own (digits,
        // punctuation) is shaped as before, without a cached plan.
        let script = buf.script();
        let out = if script == rustybuzz::script::UNKNOWN {
            rustybuzz::shape(face, &[], buf)
        } else {
            let plans = &mut self.kept.plans;
            let found = plans
                .iter()
                .position(|(s, sc, _)| *s == style && *sc == script);
            let i = found.unwrap_or_else(|| {
                let plan = rustybuzz::ShapePlan::new(
                    face,
                    buf.direction(),
                    Some(script),
                    buf.language().as_ref(),
                    &[],
                );
                plans.push((style, script, plan));
                plans.len() - 1
            });
            rustybuzz::shape_with_plan(face, &plans[i].2, buf)
        };
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
                text.get(start..end).unwrap_or("").to_string()
            } else {
                String::new()
            };
            let advance = p.x_advance as f32 / upem;
            width += advance;
            glyphs.push(ShapedGlyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                advance,
                dx: p.x_offset as f32 / upem,
                dy: p.y_offset as f32 / upem,
                text: cluster_text,
            });
        }
        Shaped { glyphs, width }
    }

    /// Ascender of a face, in em (for placing link rectangles and rules).
    pub fn ascender(&self, style: FaceStyle) -> f32 {
        let f = &self.faces[style.index()];
        f.ascender() as f32 / self.upem[style.index()]
    }

    /// Underline position (negative: below the baseline) and thickness, in em.
    pub fn underline(&self, style: FaceStyle) -> (f32, f32) {
        let f = &self.faces[style.index()];
        let u = self.upem[style.index()];
        match f.underline_metrics() {
            Some(m) => (m.position as f32 / u, (m.thickness as f32 / u).max(0.03)),
            None => (-0.1, 0.05),
        }
    }
}

impl Shaper<'_> {
    /// Descender of a face as a positive length, in em.
    pub fn descender(&self, style: FaceStyle) -> f32 {
        let f = &self.faces[style.index()];
        -(f.descender() as f32) / self.upem[style.index()]
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
}
