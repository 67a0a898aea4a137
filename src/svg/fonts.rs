//! The fonts a page of SVGs needs: each face of a [`FontSet`] under a family
//! name unique to its bytes, its file, and the `@font-face` rules that load it.

use std::sync::{Arc, Mutex, OnceLock};

use crate::document::settings::PageSettings;
use crate::fonts::{FaceId, FaceStyle, FontError, FontFace, FontSet};

/// One face, ready to serve.
#[derive(Debug, Clone)]
pub struct WebFont {
    /// The CSS family the SVGs name (`bc-<crc32>-<length>`).
    pub family: String,
    /// The file name to serve it under: the family plus `.ttf` or `.otf`.
    pub file_name: String,
    /// `font/ttf` or `font/otf`.
    pub mime: &'static str,
    /// CSS `font-weight`: 700 for the family's bold faces, else 400.
    pub weight: u16,
    /// CSS `font-style: italic` (the family's italic faces).
    pub italic: bool,
    /// The whole font file, as the PDF embeds it (subset there).
    pub data: Arc<Vec<u8>>,
}

/// Every face of one template set's fonts: the family's four styles, then
/// the fallback fonts in settings order.
#[derive(Debug, Clone)]
pub struct WebFonts {
    pub fonts: Vec<WebFont>,
}

impl WebFonts {
    /// `@font-face` rules, one per face, whose `src` is
    /// `url("<url_prefix><file name>")`.
    pub fn css(&self, url_prefix: &str) -> String {
        let mut css = String::new();
        for f in &self.fonts {
            let format = if f.mime == "font/otf" {
                "opentype"
            } else {
                "truetype"
            };
            css.push_str(&format!(
                "@font-face{{font-family:\"{}\";src:url(\"{}{}\") format(\"{}\");font-weight:{};font-style:{};font-display:block}}\n",
                f.family,
                url_prefix,
                f.file_name,
                format,
                f.weight,
                if f.italic { "italic" } else { "normal" },
            ));
        }
        css
    }

    /// The face served under `file_name`.
    pub fn get(&self, file_name: &str) -> Option<&WebFont> {
        self.fonts.iter().find(|f| f.file_name == file_name)
    }
}

/// The faces of `set`, to serve beside its SVG pages.
pub fn web_fonts(set: &FontSet) -> WebFonts {
    WebFonts {
        fonts: set
            .all_faces()
            .map(|(id, face)| {
                let family = family_name(face);
                let otf = face.data.starts_with(b"OTTO");
                let (weight, italic) = weight_style(id);
                WebFont {
                    file_name: format!("{family}.{}", if otf { "otf" } else { "ttf" }),
                    family,
                    mime: if otf { "font/otf" } else { "font/ttf" },
                    weight,
                    italic,
                    data: face.data.clone(),
                }
            })
            .collect(),
    }
}

/// The faces a template set's settings name (built-in or files, with the
/// fallbacks), read once per process as the writers read them.
pub fn web_fonts_for(settings: &PageSettings) -> Result<WebFonts, FontError> {
    let set = FontSet::from_settings(&settings.fonts, settings.base_dir.as_deref())?;
    Ok(web_fonts(&set))
}

/// CSS weight and italic of a face: a family style's own, normal for a
/// fallback font (which serves every style, drawn as it is, as in the PDF).
pub(super) fn weight_style(id: FaceId) -> (u16, bool) {
    match id.style() {
        Some(FaceStyle::Bold) => (700, false),
        Some(FaceStyle::Italic) => (400, true),
        Some(FaceStyle::BoldItalic) => (700, true),
        Some(FaceStyle::Regular) | None => (400, false),
    }
}

/// A font file and its CSS family.
type Named = (Arc<Vec<u8>>, String);

/// The CSS family of a face: `bc-<crc32 of the file>-<its length>`,
/// computed once per font file per process.
pub(super) fn family_name(face: &FontFace) -> String {
    // The Arc is kept, so its address names this file for the whole process.
    static NAMES: OnceLock<Mutex<Vec<Named>>> = OnceLock::new();
    let names = NAMES.get_or_init(Default::default);
    let mut names = names.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, n)) = names.iter().find(|(d, _)| Arc::ptr_eq(d, &face.data)) {
        return n.clone();
    }
    let name = format!("bc-{:08x}-{}", crc32fast::hash(&face.data), face.data.len());
    names.push((face.data.clone(), name.clone()));
    name
}
