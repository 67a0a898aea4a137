//! Shaping with rustybuzz (language "vi", kerning and marks from the font),
//! with a per-render cache of shaped words: a report repeats few distinct
//! words, so most lookups hit.

use std::collections::HashMap;
use std::rc::Rc;
use std::str::FromStr;

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

/// Shapes text with the four faces of a font set.
pub struct Shaper<'a> {
    faces: Vec<rustybuzz::Face<'a>>,
    upem: [f32; 4],
    language: Option<rustybuzz::Language>,
    /// Per face: text -> shaped (looked up without allocating).
    cache: [HashMap<String, Rc<Shaped>>; 4],
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
        Shaper {
            faces,
            upem,
            language: rustybuzz::Language::from_str("vi").ok(),
            cache: Default::default(),
        }
    }

    /// Shape `text` (NFC, no line breaks) in `style`.
    pub fn shape(&mut self, style: FaceStyle, text: &str) -> Rc<Shaped> {
        if let Some(s) = self.cache[style.index()].get(text) {
            return s.clone();
        }
        let shaped = Rc::new(self.shape_uncached(style, text));
        self.cache[style.index()].insert(text.to_string(), shaped.clone());
        shaped
    }

    fn shape_uncached(&self, style: FaceStyle, text: &str) -> Shaped {
        let face = &self.faces[style.index()];
        let upem = self.upem[style.index()];
        let mut buf = rustybuzz::UnicodeBuffer::new();
        buf.push_str(text);
        buf.set_direction(rustybuzz::Direction::LeftToRight);
        if let Some(l) = &self.language {
            buf.set_language(l.clone());
        }
        buf.guess_segment_properties();
        let out = rustybuzz::shape(face, &[], buf);
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
