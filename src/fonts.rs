//! The report's font family, shared by both writers. The built-in family
//! (Liberation Serif, SIL OFL 1.1, metric-compatible with Times New Roman) is
//! compiled into the binary; a template's settings may name other TTF/OTF
//! files, and fallback fonts for characters the family lacks (CJK, emoji),
//! chosen per character: the family's face first, then each fallback in
//! order ([`FontSet::face_for`]). Fonts are parsed and validated once per
//! process and shared.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::document::settings::FontPaths;

static REGULAR: &[u8] = include_bytes!("../fonts/LiberationSerif-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/LiberationSerif-Bold.ttf");
static ITALIC: &[u8] = include_bytes!("../fonts/LiberationSerif-Italic.ttf");
static BOLD_ITALIC: &[u8] = include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf");

/// Which face of the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaceStyle {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl FaceStyle {
    pub const ALL: [FaceStyle; 4] = [
        FaceStyle::Regular,
        FaceStyle::Bold,
        FaceStyle::Italic,
        FaceStyle::BoldItalic,
    ];

    pub fn from_flags(bold: bool, italic: bool) -> FaceStyle {
        match (bold, italic) {
            (false, false) => FaceStyle::Regular,
            (true, false) => FaceStyle::Bold,
            (false, true) => FaceStyle::Italic,
            (true, true) => FaceStyle::BoldItalic,
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// A face of a [`FontSet`]: the family's four styles (0-3, in
/// [`FaceStyle`] order), then the fallback fonts in settings order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaceId(u16);

impl FaceId {
    /// The `n`th fallback font (0-based).
    pub fn fallback(n: usize) -> FaceId {
        FaceId(4 + u16::try_from(n).unwrap_or(u16::MAX - 4))
    }

    /// Position in [`FontSet::all_faces`].
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The family style, or `None` for a fallback font.
    pub fn style(self) -> Option<FaceStyle> {
        FaceStyle::ALL.get(self.index()).copied()
    }
}

impl From<FaceStyle> for FaceId {
    fn from(s: FaceStyle) -> FaceId {
        FaceId(s as u16)
    }
}

/// One font file, validated.
#[derive(Debug)]
pub struct FontFace {
    /// The font's own family name (name ID 1, or 16 when present).
    pub family: String,
    /// PostScript name (name ID 6), used for PDF base font names.
    pub postscript_name: String,
    pub style: FaceStyle,
    /// The whole file.
    pub data: Arc<Vec<u8>>,
    /// Where it came from: "built-in" or a path.
    pub origin: String,
    /// Glyph id + 1 (0: none) of every character below [`LOW_CHARS`],
    /// read from the cmap once (see [`FontFace::glyph_index`]).
    low: OnceLock<Box<[u16]>>,
}

/// Characters below this (Latin, Vietnamese letters U+1EA0-U+1EF9,
/// punctuation up to U+1FFF) are looked up in a table built once per face.
const LOW_CHARS: usize = 0x2000;

/// The largest font file accepted (64 MiB: a full CJK font is about 20).
pub const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;

/// The four faces of the report's family, and the fallback fonts.
#[derive(Debug)]
pub struct FontSet {
    /// The family name written into documents (settings `fonts.family`).
    pub family: String,
    pub faces: [FontFace; 4],
    /// Settings `fonts.fallback`, in order; each serves every style.
    pub fallbacks: Vec<FontFace>,
}

/// The most fallback fonts a settings file may name.
pub const MAX_FALLBACKS: usize = 16;

/// A font that cannot be used. Messages are Vietnamese first, English in brackets.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    /// (The I/O error is shown, not chained: it would be printed twice.)
    #[error(
        "không đọc được tệp phông {path} (font file): {}",
        crate::os_error::vi(error)
    )]
    Read { path: String, error: std::io::Error },
    #[error("tệp phông {path} không phải phông TrueType/OpenType hợp lệ (font file: not a valid TrueType/OpenType font: {reason})")]
    Invalid { path: String, reason: String },
    #[error("giấy phép của phông {path} (OS/2 fsType) không cho nhúng (font file: its licence forbids embedding)")]
    NoEmbedding { path: String },
    #[error("fonts.fallback: {count} tệp phông, tối đa {MAX_FALLBACKS} (at most {MAX_FALLBACKS} font files)")]
    TooManyFallbacks { count: usize },
}

impl FontSet {
    /// The built-in Liberation Serif family, parsed once per process.
    pub fn builtin() -> Arc<FontSet> {
        static SET: OnceLock<Arc<FontSet>> = OnceLock::new();
        SET.get_or_init(|| {
            let faces = [REGULAR, BOLD, ITALIC, BOLD_ITALIC].map(|b| Arc::new(b.to_vec()));
            let [r, b, i, bi] = faces;
            let face = |data, style| {
                FontFace::new(data, style, "built-in".into()).expect("built-in fonts are valid")
            };
            Arc::new(FontSet {
                family: "Liberation Serif".into(),
                faces: [
                    face(r, FaceStyle::Regular),
                    face(b, FaceStyle::Bold),
                    face(i, FaceStyle::Italic),
                    face(bi, FaceStyle::BoldItalic),
                ],
                fallbacks: Vec::new(),
            })
        })
        .clone()
    }

    /// The family the settings name: the built-in one when no path is given,
    /// otherwise the files (relative to `base_dir`). Cached per process by path.
    pub fn from_settings(
        paths: &FontPaths,
        base_dir: Option<&Path>,
    ) -> Result<Arc<FontSet>, FontError> {
        let files = [
            &paths.regular,
            &paths.bold,
            &paths.italic,
            &paths.bold_italic,
        ];
        let fallback_files: Vec<&String> = paths
            .fallback
            .iter()
            .filter(|p| !p.trim().is_empty())
            .collect();
        if fallback_files.len() > MAX_FALLBACKS {
            return Err(FontError::TooManyFallbacks {
                count: fallback_files.len(),
            });
        }
        if files.iter().all(|p| p.trim().is_empty()) && fallback_files.is_empty() {
            let builtin = FontSet::builtin();
            if paths.family == builtin.family {
                return Ok(builtin);
            }
        }
        static CACHE: OnceLock<Mutex<HashMap<Vec<PathBuf>, Arc<FontSet>>>> = OnceLock::new();
        let resolve = |p: &String| -> Option<PathBuf> {
            let p = p.trim();
            if p.is_empty() {
                return None;
            }
            let p = Path::new(p);
            Some(match base_dir {
                Some(d) if p.is_relative() => d.join(p),
                _ => p.to_path_buf(),
            })
        };
        // A missing face falls back to the regular one (or the built-in face).
        let resolved: Vec<Option<PathBuf>> = files.iter().map(|p| resolve(p)).collect();
        let fallback_paths: Vec<PathBuf> =
            fallback_files.iter().filter_map(|p| resolve(p)).collect();
        let key: Vec<PathBuf> = resolved
            .iter()
            .map(|p| p.clone().unwrap_or_default())
            .chain([PathBuf::from(&paths.family)])
            .chain(fallback_paths.iter().cloned())
            .collect();
        let cache = CACHE.get_or_init(Default::default);
        if let Some(set) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(set.clone());
        }
        let builtin = FontSet::builtin();
        let mut faces = Vec::with_capacity(4);
        for (style, path) in FaceStyle::ALL.into_iter().zip(&resolved) {
            let path = path.as_ref().or(resolved[0].as_ref());
            let face = match path {
                Some(path) => read_face(path, style)?,
                None => {
                    let b = &builtin.faces[style.index()];
                    FontFace::new(b.data.clone(), style, b.origin.clone())?
                }
            };
            faces.push(face);
        }
        let faces: [FontFace; 4] = faces.try_into().expect("four faces");
        let fallbacks = fallback_paths
            .iter()
            .map(|p| read_face(p, FaceStyle::Regular))
            .collect::<Result<Vec<_>, _>>()?;
        let set = Arc::new(FontSet {
            family: paths.family.clone(),
            faces,
            fallbacks,
        });
        // Two threads may have parsed the same files at once: the first
        // one stored wins, so every caller shares one set.
        let set = cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(key)
            .or_insert(set)
            .clone();
        Ok(set)
    }

    pub fn face(&self, style: FaceStyle) -> &FontFace {
        &self.faces[style.index()]
    }

    /// A face by id: a family style or a fallback font.
    pub fn by_id(&self, id: FaceId) -> &FontFace {
        match id.style() {
            Some(style) => self.face(style),
            None => &self.fallbacks[id.index() - 4],
        }
    }

    /// Every face with its id: the four styles, then the fallbacks.
    pub fn all_faces(&self) -> impl Iterator<Item = (FaceId, &FontFace)> {
        let family = FaceStyle::ALL.into_iter().map(FaceId::from);
        let fallbacks = (0..self.fallbacks.len()).map(FaceId::fallback);
        family.chain(fallbacks).map(|id| (id, self.by_id(id)))
    }

    /// Number of faces ([`FaceId::index`] is below it).
    pub fn face_count(&self) -> usize {
        4 + self.fallbacks.len()
    }

    /// Parsed views of every face, for looking characters up ([`Coverage`]).
    pub fn coverage(&self) -> Coverage<'_> {
        Coverage {
            faces: self.all_faces().map(|(_, f)| (f, f.parse())).collect(),
        }
    }
}

/// Which face draws a character: parsed once, looked up per character.
pub struct Coverage<'a> {
    faces: Vec<(&'a FontFace, ttf_parser::Face<'a>)>,
}

impl Coverage<'_> {
    /// The face that draws `c` in `style`: the family's face when it has a
    /// glyph, else the first fallback that has one; `None` when no face has.
    pub fn face_for(&self, style: FaceStyle, c: char) -> Option<FaceId> {
        pick_face(style, self.faces.len(), |f| self.has(f, c))
    }

    /// Whether face `id` has a glyph for `c`.
    pub fn has(&self, id: FaceId, c: char) -> bool {
        self.faces
            .get(id.index())
            .is_some_and(|(f, p)| f.glyph_index(p, c).is_some())
    }
}

/// The face a character is drawn with, given which of a set's `count`
/// faces have it: `style`'s face of the family, then each fallback in order.
pub fn pick_face(style: FaceStyle, count: usize, has: impl Fn(FaceId) -> bool) -> Option<FaceId> {
    std::iter::once(FaceId::from(style))
        .chain((0..count.saturating_sub(4)).map(FaceId::fallback))
        .find(|&f| has(f))
}

/// `text` cut into pieces of one face each (at least one), `face_for`
/// naming the face that has a character ([`pick_face`]). Combining marks,
/// joiners and variation selectors stay with the character before them; a
/// character no face has goes to `style`'s face (its .notdef glyph).
pub fn split_by_face(
    text: &str,
    style: FaceStyle,
    face_for: impl Fn(char) -> Option<FaceId>,
) -> Vec<(std::ops::Range<usize>, FaceId)> {
    let family = FaceId::from(style);
    let mut out: Vec<(std::ops::Range<usize>, FaceId)> = Vec::new();
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let follows = !c.is_whitespace()
            && (needs_no_glyph(c) || unicode_normalization::char::is_combining_mark(c));
        let face = match out.last() {
            Some((_, f)) if follows => *f,
            _ => face_for(c).unwrap_or(family),
        };
        match out.last_mut() {
            Some((r, f)) if *f == face => r.end = end,
            _ => out.push((i..end, face)),
        }
    }
    if out.is_empty() {
        out.push((0..text.len(), family));
    }
    out
}

/// Whether `c` needs no glyph of its own: spaces, controls, joiners and
/// variation selectors, which the shaper handles with the text around them.
pub fn needs_no_glyph(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{FE00}'..='\u{FE0F}')
        || ('\u{E0100}'..='\u{E01EF}').contains(&c)
}

/// Read and validate one font file.
fn read_face(path: &Path, style: FaceStyle) -> Result<FontFace, FontError> {
    let shown = path.display().to_string();
    let data = crate::data::read_bounded(path, MAX_FONT_BYTES).map_err(|e| FontError::Read {
        path: shown.clone(),
        error: match e {
            crate::data::Bounded::Io(e) => e,
            too_large => std::io::Error::other(too_large.to_string()),
        },
    })?;
    FontFace::new(Arc::new(data), style, shown)
}

impl FontFace {
    /// Validate a font file: it parses, and its licence allows embedding.
    pub fn new(
        data: Arc<Vec<u8>>,
        style: FaceStyle,
        origin: String,
    ) -> Result<FontFace, FontError> {
        if let Some(reason) = truncated_table(&data) {
            return Err(FontError::Invalid {
                path: origin,
                reason,
            });
        }
        let face = ttf_parser::Face::parse(&data, 0).map_err(|e| FontError::Invalid {
            path: origin.clone(),
            reason: e.to_string(),
        })?;
        if face.number_of_glyphs() < 2 {
            return Err(FontError::Invalid {
                path: origin,
                reason: "no glyphs".into(),
            });
        }
        if let Some(perm) = face.permissions() {
            if perm == ttf_parser::Permissions::Restricted {
                return Err(FontError::NoEmbedding { path: origin });
            }
        }
        let name = |ids: &[u16]| -> String {
            for id in ids {
                if let Some(n) = face
                    .names()
                    .into_iter()
                    .find(|n| n.name_id == *id && n.is_unicode())
                    .and_then(|n| n.to_string())
                {
                    return n;
                }
            }
            String::new()
        };
        let family = name(&[
            ttf_parser::name_id::TYPOGRAPHIC_FAMILY,
            ttf_parser::name_id::FAMILY,
        ]);
        let postscript_name = name(&[ttf_parser::name_id::POST_SCRIPT_NAME]);
        Ok(FontFace {
            family,
            postscript_name,
            style,
            data,
            origin,
            low: OnceLock::new(),
        })
    }

    /// `parsed.glyph_index(c)` (`parsed` is this face, [`FontFace::parse`]),
    /// answered from a table for characters below U+2000: a cmap lookup
    /// costs a binary search per character, and a report looks up every
    /// character of its text a few times (coverage, measuring).
    pub fn glyph_index(
        &self,
        parsed: &ttf_parser::Face<'_>,
        c: char,
    ) -> Option<ttf_parser::GlyphId> {
        let i = c as usize;
        if i >= LOW_CHARS {
            return parsed.glyph_index(c);
        }
        let table = self.low.get_or_init(|| low_table(parsed));
        match table[i] {
            0 => None,
            g => Some(ttf_parser::GlyphId(g - 1)),
        }
    }

    /// A parsed view of the face (cheap: ttf-parser parses lazily).
    pub fn parse(&self) -> ttf_parser::Face<'_> {
        ttf_parser::Face::parse(&self.data, 0).expect("validated in FontFace::new")
    }
}

/// [`FontFace::low`] of a face: what `Face::glyph_index` gives (the first
/// Unicode subtable that maps the character wins), for each character
/// below [`LOW_CHARS`] that some subtable lists.
fn low_table(face: &ttf_parser::Face<'_>) -> Box<[u16]> {
    let mut t = vec![0u16; LOW_CHARS].into_boxed_slice();
    let mut done = vec![false; LOW_CHARS];
    if let Some(cmap) = face.tables().cmap {
        for sub in cmap.subtables {
            if !sub.is_unicode() {
                continue;
            }
            sub.codepoints(|cp| {
                let i = cp as usize;
                if i < LOW_CHARS && !done[i] {
                    if let Some(g) = sub.glyph_index(cp) {
                        // Glyph ids are below 65,535 (numGlyphs is a u16).
                        t[i] = g.0.saturating_add(1);
                        done[i] = true;
                    }
                }
            });
        }
    }
    t
}

/// A table of the (first) font that lies past the end of the file: a
/// truncated download or copy. ttf-parser reads tables lazily and would
/// give such a font empty glyphs, printing nothing.
fn truncated_table(data: &[u8]) -> Option<String> {
    let u32_at = |i: usize| -> Option<usize> {
        data.get(i..i + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    let start = if data.starts_with(b"ttcf") {
        u32_at(12)?
    } else {
        0
    };
    let tables = data
        .get(start + 4..start + 6)
        .map(|b| u16::from_be_bytes([b[0], b[1]]) as usize)?;
    for i in 0..tables {
        let rec = start + 12 + 16 * i;
        let (Some(offset), Some(len)) = (u32_at(rec + 8), u32_at(rec + 12)) else {
            return Some("the table directory is cut short (a truncated file?)".into());
        };
        if offset.saturating_add(len) > data.len() {
            let tag = String::from_utf8_lossy(&data[rec..rec + 4]).into_owned();
            return Some(format!(
                "table `{tag}` ends at byte {}, past the end of the file ({} bytes): a truncated file?",
                offset.saturating_add(len),
                data.len()
            ));
        }
    }
    None
}

/// Characters of `text` that neither `style`'s face of `set` nor any
/// fallback font has a glyph for, in order of first occurrence, each once
/// (whitespace, controls, joiners and variation selectors skipped).
pub fn missing_chars(set: &FontSet, text: &str, style: FaceStyle) -> Vec<char> {
    let cov = set.coverage();
    let mut missing: Vec<char> = Vec::new();
    for c in text.chars() {
        if needs_no_glyph(c) || missing.contains(&c) {
            continue;
        }
        // A combining mark with no glyph of its own is missing too: the
        // shaper composes it only when a precomposed letter exists, which
        // NFC already chose.
        if cov.face_for(style, c).is_none() {
            missing.push(c);
        }
    }
    missing
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn the_low_table_answers_as_the_cmap() {
        let set = with_test_fallbacks();
        for (_, f) in set.all_faces() {
            let p = f.parse();
            for c in (0..0x2100u32).filter_map(char::from_u32) {
                assert_eq!(
                    f.glyph_index(&p, c),
                    p.glyph_index(c),
                    "{c:?} in {}",
                    f.family
                );
            }
        }
    }

    #[test]
    fn builtin_family_has_four_faces_with_its_own_name() {
        let set = FontSet::builtin();
        assert_eq!(set.family, "Liberation Serif");
        for (i, f) in set.faces.iter().enumerate() {
            assert_eq!(f.family, "Liberation Serif");
            assert_eq!(f.style.index(), i);
            // Vietnamese letters are covered.
            let face = f.parse();
            for c in "ẮẰẲẴẶắằẳẵặỆệỮữƠơƯưĐđ".chars() {
                assert!(
                    face.glyph_index(c).is_some(),
                    "{c} missing in {:?}",
                    f.style
                );
            }
        }
    }

    #[test]
    fn corrupt_font_is_an_error_naming_the_file() {
        let e = FontFace::new(
            Arc::new(b"not a font".to_vec()),
            FaceStyle::Regular,
            "x.ttf".into(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("x.ttf"));
    }

    #[test]
    fn truncated_font_is_refused() {
        let cut = Arc::new(REGULAR[..REGULAR.len() / 2].to_vec());
        let e = FontFace::new(cut, FaceStyle::Regular, "cut.ttf".into()).unwrap_err();
        assert!(e.to_string().contains("truncated"), "{e}");
    }

    #[test]
    fn missing_chars_reports_each_absent_character_once() {
        let set = FontSet::builtin();
        let m = missing_chars(&set, "Kỳ Anh 😀 và 😀 \u{4E2D}", FaceStyle::Regular);
        assert_eq!(m, vec!['😀', '\u{4E2D}']);
        assert!(missing_chars(&set, "ĐẢNG CỘNG SẢN VIỆT NAM", FaceStyle::Bold).is_empty());
    }

    /// The two test fallback fonts (tests/fixtures/fonts), by relative paths.
    pub(crate) fn with_test_fallbacks() -> Arc<FontSet> {
        let mut paths = crate::document::settings::PageSettings::builtin().fonts;
        paths.fallback = vec![
            "DroidSansFallback-subset.ttf".into(),
            "UnifontUpper-subset.ttf".into(),
        ];
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts");
        FontSet::from_settings(&paths, Some(&dir)).unwrap()
    }

    #[test]
    fn fallbacks_follow_the_family_in_settings_order() {
        let set = with_test_fallbacks();
        assert_eq!(set.face_count(), 6);
        let families: Vec<&str> = set.all_faces().map(|(_, f)| f.family.as_str()).collect();
        assert_eq!(
            families[3..],
            ["Liberation Serif", "Droid Sans Fallback", "Unifont Upper"]
        );
        assert_eq!(FaceId::fallback(1).style(), None);
        assert_eq!(
            FaceId::from(FaceStyle::Italic).style(),
            Some(FaceStyle::Italic)
        );
        let cov = set.coverage();
        assert_eq!(
            cov.face_for(FaceStyle::Bold, 'Ữ'),
            Some(FaceStyle::Bold.into())
        );
        assert_eq!(
            cov.face_for(FaceStyle::Bold, '河'),
            Some(FaceId::fallback(0))
        );
        assert_eq!(
            cov.face_for(FaceStyle::Regular, '🌸'),
            Some(FaceId::fallback(1))
        );
        assert_eq!(cov.face_for(FaceStyle::Regular, '☎'), None);
        assert_eq!(
            missing_chars(&set, "Hà 河内 🌸 ☎ 😀 ✠", FaceStyle::Regular),
            vec!['☎', '✠']
        );
        // The same settings, the same set (parsed once).
        assert!(Arc::ptr_eq(&set, &with_test_fallbacks()));
    }

    #[test]
    fn text_splits_per_face_with_marks_and_joiners_kept_on_their_letter() {
        let set = with_test_fallbacks();
        let cov = set.coverage();
        let text = "Hà 河内\u{0301} 🌸\u{FE0F}x ☎";
        let pieces: Vec<(&str, FaceId)> = split_by_face(text, FaceStyle::Italic, |c| {
            cov.face_for(FaceStyle::Italic, c)
        })
        .into_iter()
        .map(|(r, f)| (&text[r], f))
        .collect();
        let italic = FaceId::from(FaceStyle::Italic);
        assert_eq!(
            pieces,
            vec![
                ("Hà ", italic),
                ("河内\u{0301}", FaceId::fallback(0)),
                (" ", italic),
                ("🌸\u{FE0F}", FaceId::fallback(1)),
                // No face has ☎: the family's face draws its .notdef.
                ("x ☎", italic),
            ]
        );
        assert_eq!(
            split_by_face("", FaceStyle::Bold, |_| None),
            vec![(0..0, FaceStyle::Bold.into())]
        );
    }

    #[test]
    fn a_fallback_that_is_not_a_font_is_an_error_naming_it() {
        let mut paths = crate::document::settings::PageSettings::builtin().fonts;
        paths.fallback = vec!["LICENSE-OFL-1.1.txt".into()];
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts");
        let e = FontSet::from_settings(&paths, Some(&dir))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("LICENSE-OFL-1.1.txt") && e.contains("không phải phông"),
            "{e}"
        );
        paths.fallback = vec!["x.ttf".into(); MAX_FALLBACKS + 1];
        assert!(FontSet::from_settings(&paths, Some(&dir)).is_err());
    }
}
