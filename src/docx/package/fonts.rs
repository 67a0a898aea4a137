//! The font parts: the family's four faces and each fallback font the
//! document uses, subset and obfuscated ([`crate::docx::fonts`]), with the
//! font table that names them and its relationships.

use std::sync::Arc;

use crate::docx::build::Built;
use crate::docx::fonts::{font_part, FontPart};
use crate::docx::xml::{esc, NS_R, NS_W, REL, XML_DECL};
use crate::fonts::{FaceStyle, FontSet};

/// The font table, its relationships and the embedded font parts.
pub(super) struct Fonts {
    /// `word/fontTable.xml`.
    pub table: String,
    /// `word/_rels/fontTable.xml.rels`.
    pub rels: String,
    /// (`word/fonts/fontN.odttf`, part), in relationship order.
    pub parts: Vec<(String, Arc<FontPart>)>,
    /// Whether any face is a subset (settings: `w:saveSubsetFonts`).
    pub any_subset: bool,
}

/// One relationship per embedded face, `rIdFontN` -> `fonts/fontN.odttf`.
fn font_rel(rels: &mut String, n: usize) {
    rels.push_str(&format!(
        "<Relationship Id=\"rIdFont{n}\" Type=\"{REL}/font\" Target=\"fonts/font{n}.odttf\" />"
    ));
}

/// The `w:embedRegular` (… `w:embedBoldItalic`) element of face `n`.
fn embed(el: &str, n: usize, part: &FontPart) -> String {
    format!(
        "<w:{el} r:id=\"rIdFont{n}\" w:fontKey=\"{}\"{} />",
        part.key,
        if part.subsetted {
            " w:subsetted=\"1\""
        } else {
            ""
        }
    )
}

/// Embed the family's four faces and the fallback fonts the document uses.
pub(super) fn fonts(fonts: &FontSet, built: &Built) -> Fonts {
    let mut parts = Vec::new();
    let mut rels = String::new();
    let mut embeds = String::new();
    let mut any_subset = false;
    for style in FaceStyle::ALL {
        let i = style.index();
        let part = font_part(fonts.face(style), i, &built.chars[i]);
        any_subset |= part.subsetted;
        let n = i + 1;
        font_rel(&mut rels, n);
        let el = match style {
            FaceStyle::Regular => "embedRegular",
            FaceStyle::Bold => "embedBold",
            FaceStyle::Italic => "embedItalic",
            FaceStyle::BoldItalic => "embedBoldItalic",
        };
        embeds.push_str(&embed(el, n, &part));
        parts.push((format!("word/fonts/font{n}.odttf"), part));
    }
    // Each fallback font the document uses, as its own family (the name its
    // runs give in `w:rFonts`), numbered after the family's faces.
    let mut fallbacks = String::new();
    for (id, face) in fonts.all_faces().filter(|(id, _)| id.style().is_none()) {
        let Some(chars) = built.chars.get(id.index()).filter(|c| !c.is_empty()) else {
            continue;
        };
        let part = font_part(face, id.index(), chars);
        let n = parts.len() + 1;
        font_rel(&mut rels, n);
        fallbacks.push_str(&format!(
            "<w:font w:name=\"{}\"><w:charset w:val=\"00\" /><w:family w:val=\"auto\" /><w:pitch w:val=\"variable\" />{}</w:font>",
            esc(&face.family),
            embed("embedRegular", n, &part)
        ));
        any_subset |= part.subsetted;
        parts.push((format!("word/fonts/font{n}.odttf"), part));
    }
    let table = format!(
        "{XML_DECL}<w:fonts xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:font w:name=\"{}\"><w:charset w:val=\"00\" /><w:family w:val=\"roman\" /><w:pitch w:val=\"variable\" />{embeds}</w:font>{fallbacks}</w:fonts>",
        esc(&built.family),
    );
    let rels = format!(
        "{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{rels}</Relationships>"
    );
    Fonts {
        table,
        rels,
        parts,
        any_subset,
    }
}
