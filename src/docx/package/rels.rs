//! The relationships parts: the package's (`_rels/.rels`) and the
//! document's, which keeps docx-rs's headers, footers and images (images
//! named for their real format) beside the parts the rewrite adds.

use crate::document::ImageFormat;
use crate::docx::xml::{esc, utf8, REL, XML_DECL};

/// `_rels/.rels`: the document and the two properties parts.
pub(super) fn package_rels() -> String {
    format!(
        concat!(
            "{decl}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
            "<Relationship Id=\"rId1\" Type=\"{rel}/officeDocument\" Target=\"word/document.xml\" />",
            "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\" />",
            "<Relationship Id=\"rId3\" Type=\"{rel}/extended-properties\" Target=\"docProps/app.xml\" />",
            "</Relationships>"
        ),
        decl = XML_DECL,
        rel = REL
    )
}

/// The document's relationships and the media they point to.
pub(super) struct DocumentRels {
    /// `word/_rels/document.xml.rels`.
    pub xml: String,
    /// (`media/NAME.EXT`, bytes), each once.
    pub media: Vec<(String, Vec<u8>)>,
    pub has_png: bool,
    pub has_jpeg: bool,
}

/// The document's relationships: the rewrite's parts, then the headers,
/// footers and images of docx-rs's `rels` (`images`: the builder's image ids
/// and formats; `media`: docx-rs's image bytes by id).
pub(super) fn document_rels(
    rels: &[u8],
    images: &[(String, ImageFormat)],
    media_in: &[(String, Vec<u8>)],
) -> DocumentRels {
    let mut xml = format!(
        concat!(
            "{decl}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
            "<Relationship Id=\"rIdStyles\" Type=\"{rel}/styles\" Target=\"styles.xml\" />",
            "<Relationship Id=\"rIdSettings\" Type=\"{rel}/settings\" Target=\"settings.xml\" />",
            "<Relationship Id=\"rIdFontTable\" Type=\"{rel}/fontTable\" Target=\"fontTable.xml\" />",
            "<Relationship Id=\"rIdFootnotes\" Type=\"{rel}/footnotes\" Target=\"footnotes.xml\" />",
            "<Relationship Id=\"rIdNumbering\" Type=\"{rel}/numbering\" Target=\"numbering.xml\" />",
            "<Relationship Id=\"rIdTheme\" Type=\"{rel}/theme\" Target=\"theme/theme1.xml\" />",
        ),
        decl = XML_DECL,
        rel = REL
    );
    let mut media: Vec<(String, Vec<u8>)> = Vec::new();
    let mut has_png = false;
    let mut has_jpeg = false;
    for r in parse_rels(&utf8(rels)) {
        let kind = r.kind.rsplit('/').next().unwrap_or("");
        let target = match kind {
            "header" | "footer" => r.target.clone(),
            "image" => {
                let stem = r
                    .target
                    .trim_start_matches("media/")
                    .trim_end_matches(".png")
                    .to_string();
                let format = images
                    .iter()
                    .find(|(rid, _)| *rid == stem || stem.starts_with(rid.as_str()))
                    .map(|(_, f)| *f)
                    .unwrap_or(ImageFormat::Png);
                let ext = match format {
                    ImageFormat::Png => {
                        has_png = true;
                        "png"
                    }
                    ImageFormat::Jpeg => {
                        has_jpeg = true;
                        "jpeg"
                    }
                };
                let target = format!("media/{stem}.{ext}");
                if let Some((_, bytes)) = media_in.iter().find(|(id, _)| *id == stem) {
                    if !media.iter().any(|(t, _)| *t == target) {
                        media.push((target.clone(), bytes.clone()));
                    }
                }
                target
            }
            _ => continue,
        };
        xml.push_str(&format!(
            "<Relationship Id=\"{}\" Type=\"{}\" Target=\"{}\" />",
            esc(&r.id),
            esc(&r.kind),
            esc(&target)
        ));
    }
    xml.push_str("</Relationships>");
    DocumentRels {
        xml,
        media,
        has_png,
        has_jpeg,
    }
}

struct Rel {
    id: String,
    kind: String,
    target: String,
}

/// The relationships docx-rs wrote (headers, footers, images).
fn parse_rels(xml: &str) -> Vec<Rel> {
    let attr = |el: &str, name: &str| -> String {
        let key = format!("{name}=\"");
        el.find(&key)
            .map(|i| {
                let v = &el[i + key.len()..];
                v[..v.find('"').unwrap_or(v.len())].to_string()
            })
            .unwrap_or_default()
    };
    xml.split("<Relationship ")
        .skip(1)
        .map(|el| Rel {
            id: attr(el, "Id"),
            kind: attr(el, "Type"),
            target: attr(el, "Target"),
        })
        .collect()
}
