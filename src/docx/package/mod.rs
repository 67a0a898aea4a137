//! The package rewrite: docx-rs renders the parts, this module writes the zip
//! itself, adding what docx-rs lacks or gets wrong, one file per part:
//! [`document`] (table rows spliced in, unique deterministic ids),
//! [`footnotes`] (separators and number marks), [`fonts`] (the font table
//! with obfuscated subset fonts), [`styles`] (the default style, one
//! definition per list), [`rels`], [`properties`] (core, app, settings) and
//! [`theme`]; here, the content types, deflate, fixed timestamps and part
//! order.

use super::build::Built;
use super::xml::{renumber_para_ids, utf8, XML_DECL};
use super::zip::ZipOut;
use super::DocxError;
use crate::document::{Document, ImageFormat};
use crate::fonts::FontSet;

mod document;
mod fonts;
mod footnotes;
mod properties;
mod rels;
mod styles;
mod theme;

/// Deflate level of the XML parts and media (libdeflate's levels): level 1
/// against 6 is 4% fewer instructions for a DOCX batch and 0.8% larger files.
const XML_DEFLATE_LEVEL: u32 = 1;

const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// The parts in package order, and the content-type overrides they need.
#[derive(Default)]
struct Parts {
    parts: Vec<(String, Vec<u8>)>,
    overrides: String,
}

impl Parts {
    /// Add part `name`; `ct`: its content type, when no default covers it.
    fn add(&mut self, name: &str, ct: Option<&str>, bytes: Vec<u8>) {
        if let Some(ct) = ct {
            self.overrides.push_str(&format!(
                "<Override PartName=\"/{name}\" ContentType=\"{ct}\" />"
            ));
        }
        self.parts.push((name.to_string(), bytes));
    }

    /// A WordprocessingML part of content type `{WML}.{kind}+xml`.
    fn wml(&mut self, name: &str, kind: &str, xml: String) {
        self.add(name, Some(&format!("{WML}.{kind}+xml")), xml.into_bytes());
    }
}

/// Write the package.
pub fn package(doc: &Document, mut built: Built, fonts: &FontSet) -> Result<Vec<u8>, DocxError> {
    let images: Vec<(String, ImageFormat)> = built
        .images
        .iter()
        .map(|i| (i.rid.clone(), i.format))
        .collect();
    let mut xml = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // The docx-rs tree is consumed here; the rest of `built` is kept.
        std::mem::take(&mut built.docx).build()
    }))
    .map_err(|_| DocxError::Internal("docx-rs dừng bất thường khi dựng văn bản (docx-rs panicked while building the document)".into()))?;

    let lang = doc.meta.language.as_str();
    // Paragraph ids run through the document, the notes, headers, footers.
    let mut next_para = 1u32;
    let document = document::document_xml(
        std::mem::take(&mut xml.document),
        &mut built,
        &mut next_para,
    )?;
    let styles = styles::fix_styles(&utf8(&xml.styles), lang);
    let fonts = fonts::fonts(fonts, &built);
    let rels = rels::document_rels(&xml.document_rels, &images, &xml.media);

    let mut parts = Parts::default();
    parts.add("_rels/.rels", None, rels::package_rels().into_bytes());
    parts.add(
        "docProps/core.xml",
        Some("application/vnd.openxmlformats-package.core-properties+xml"),
        properties::core_xml(doc).into_bytes(),
    );
    parts.add(
        "docProps/app.xml",
        Some("application/vnd.openxmlformats-officedocument.extended-properties+xml"),
        properties::app_xml().into_bytes(),
    );
    parts.wml("word/document.xml", "document.main", document);
    parts.add("word/_rels/document.xml.rels", None, rels.xml.into_bytes());
    parts.wml("word/styles.xml", "styles", styles);
    parts.wml(
        "word/settings.xml",
        "settings",
        properties::settings_xml(fonts.any_subset, lang),
    );
    parts.wml("word/fontTable.xml", "fontTable", fonts.table);
    parts.add(
        "word/_rels/fontTable.xml.rels",
        None,
        fonts.rels.into_bytes(),
    );
    let notes = footnotes::footnotes_xml(&built, &doc.settings);
    parts.wml(
        "word/footnotes.xml",
        "footnotes",
        renumber_para_ids(&notes, &mut next_para),
    );
    parts.add(
        "word/theme/theme1.xml",
        Some("application/vnd.openxmlformats-officedocument.theme+xml"),
        theme::theme_xml(&built.family).into_bytes(),
    );
    parts.wml(
        "word/numbering.xml",
        "numbering",
        styles::drop_shadowed_numbering(&utf8(&xml.numberings)),
    );
    for (i, h) in xml.headers.iter().enumerate() {
        let h = renumber_para_ids(&utf8(h), &mut next_para);
        parts.wml(&format!("word/header{}.xml", i + 1), "header", h);
    }
    for (i, f) in xml.footers.iter().enumerate() {
        let f = renumber_para_ids(&utf8(f), &mut next_para);
        parts.wml(&format!("word/footer{}.xml", i + 1), "footer", f);
    }
    for (name, bytes) in rels.media {
        parts.add(&format!("word/{name}"), None, bytes);
    }
    let mut defaults = String::from(
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\" /><Default Extension=\"xml\" ContentType=\"application/xml\" /><Default Extension=\"odttf\" ContentType=\"application/vnd.openxmlformats-officedocument.obfuscatedFont\" />",
    );
    if rels.has_png {
        defaults.push_str("<Default Extension=\"png\" ContentType=\"image/png\" />");
    }
    if rels.has_jpeg {
        defaults.push_str("<Default Extension=\"jpeg\" ContentType=\"image/jpeg\" />");
    }
    let content_types = format!(
        "{XML_DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">{defaults}{}</Types>",
        parts.overrides
    );

    // Deterministic zip: fixed order, the report's date as timestamp, deflate.
    let d = doc.meta.date;
    let mut zip = ZipOut::new((d.year, d.month, d.day), 160 * 1024);
    zip.add(
        "[Content_Types].xml",
        content_types.as_bytes(),
        XML_DEFLATE_LEVEL,
    );
    for (name, bytes) in parts.parts {
        zip.add(&name, &bytes, XML_DEFLATE_LEVEL);
    }
    for (name, part) in fonts.parts {
        zip.add_deflated(&name, &part.deflated);
    }
    Ok(zip.finish())
}
