//! The package rewrite: docx-rs renders the parts, this module writes the zip
//! itself, adding what docx-rs lacks or gets wrong: footnote separators and
//! number marks, unique deterministic ids, the font table with obfuscated
//! subset fonts, settings in schema order, core properties, deflate, fixed
//! timestamps and part order.

use super::build::{mm_tw, Built, FOOTNOTE_MARK, HEADER_ROW_MARKER};
use super::fonts::font_part;
use super::zip::ZipOut;
use super::DocxError;
use crate::document::{Document, ImageFormat, PageSettings};
use crate::fonts::{FaceStyle, FontSet};

mod theme;

const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
pub(super) const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/// Deflate level of the XML parts and media (libdeflate's levels): level 1
/// against 6 is 4% fewer instructions for a DOCX batch and 0.8% larger files.
const XML_DEFLATE_LEVEL: u32 = 1;
const XML_DECL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// A part docx-rs wrote, as text: `from_utf8` (a fast check, no copy) and
/// the lossy conversion only when that fails (same result, faster on UTF-8).
pub(super) fn utf8(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// Escape text for XML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => o.push(c),
        }
    }
    o
}

/// Renumber `w14:paraId="…"` in order of appearance, continuing `next`.
fn renumber_para_ids(xml: &str, next: &mut u32) -> String {
    let mut out = String::with_capacity(xml.len());
    renumber_para_ids_into(&mut out, xml, next);
    out
}

/// [`renumber_para_ids`], appending to `out`.
fn renumber_para_ids_into(out: &mut String, xml: &str, next: &mut u32) {
    const KEY: &str = "w14:paraId=\"";
    let mut rest = xml;
    while let Some(i) = rest.find(KEY) {
        out.push_str(&rest[..i + KEY.len()]);
        rest = &rest[i + KEY.len()..];
        let end = rest.find('"').unwrap_or(0);
        for shift in (0..8).rev() {
            out.push(char::from(
                b"0123456789ABCDEF"[(*next >> (4 * shift)) as usize & 15],
            ));
        }
        *next += 1;
        rest = &rest[end..];
    }
    out.push_str(rest);
}

/// The document part with each table's rows (`rows`, in document order) in
/// place of its [`rows_placeholder`](super::build::rows_placeholder), and
/// its paragraph ids renumbered ([`renumber_para_ids`]) in the same pass.
/// Each table's rows are dropped once copied.
fn splice_rows(xml: &str, rows: Vec<Vec<u8>>, next: &mut u32) -> Result<String, DocxError> {
    let placeholder = docx_rs::BuildXML::build(&super::build::rows_placeholder());
    let placeholder = utf8(&placeholder);
    let total = xml.len() + rows.iter().map(Vec::len).sum::<usize>();
    let mut out = String::with_capacity(total);
    let mut rows = rows.into_iter();
    let mut rest = xml;
    while let Some(i) = rest.find(&*placeholder) {
        let table = rows.next().ok_or_else(|| {
            DocxError::Internal("a table's rows are missing from the document".into())
        })?;
        renumber_para_ids_into(&mut out, &rest[..i], next);
        renumber_para_ids_into(&mut out, &utf8(&table), next);
        rest = &rest[i + placeholder.len()..];
    }
    if rows.next().is_some() {
        return Err(DocxError::Internal(
            "a table's rows have no place in the document".into(),
        ));
    }
    renumber_para_ids_into(&mut out, rest, next);
    Ok(out)
}

/// Give each drawing a unique `wp:docPr` id and its alternative text.
fn renumber_drawings(xml: &str, built: &Built) -> String {
    const KEY: &str = "<wp:docPr id=\"";
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    let mut n = 0usize;
    while let Some(i) = rest.find(KEY) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find("/>").map(|e| e + 2).unwrap_or(rest.len());
        n += 1;
        let alt = built
            .images
            .get(n - 1)
            .map(|im| im.alt.as_str())
            .unwrap_or("");
        out.push_str(&format!(
            "<wp:docPr id=\"{n}\" name=\"Picture {n}\" descr=\"{}\" />",
            esc(alt)
        ));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `<w:tblHeader/>` on the rows the builder marked (it takes the marker's
/// place: after cantSplit, as the schema orders trPr).
pub(super) fn mark_header_rows(xml: &str) -> String {
    let marker = format!("<w:trHeight w:val=\"{HEADER_ROW_MARKER}\"");
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(i) = rest.find(&marker) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find("/>").map(|e| e + 2).unwrap_or(rest.len());
        out.push_str("<w:tblHeader />");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// docx-rs always writes its own default list (abstractNum and num id 1)
/// before the builder's lists, which also start at 1: two definitions of one
/// id, the first of which Word and LibreOffice may use for the report's first
/// list. Keep only the last definition of each `w:abstractNum` and `w:num` id.
fn drop_shadowed_numbering(xml: &str) -> String {
    let mut s = xml.to_string();
    for (open, attr, close) in [
        ("<w:abstractNum ", "w:abstractNumId=\"", "</w:abstractNum>"),
        ("<w:num ", "w:numId=\"", "</w:num>"),
    ] {
        // (start, end, id) of every definition, in order.
        let mut defs = Vec::new();
        let mut from = 0;
        while let Some(i) = s[from..].find(open).map(|i| from + i) {
            let Some(tag_end) = s[i..].find('>').map(|e| i + e) else {
                break;
            };
            let end = if s[..tag_end].ends_with('/') {
                tag_end + 1
            } else {
                match s[i..].find(close) {
                    Some(e) => i + e + close.len(),
                    None => break,
                }
            };
            let id = s[i..tag_end].find(attr).map(|a| {
                let v = &s[i + a + attr.len()..tag_end];
                v[..v.find('"').unwrap_or(v.len())].to_string()
            });
            defs.push((i, end, id));
            from = end;
        }
        for k in (0..defs.len()).rev() {
            let (start, end, id) = &defs[k];
            if id.is_some() && defs[k + 1..].iter().any(|d| d.2 == *id) {
                s.replace_range(start..end, "");
            }
        }
    }
    s
}

/// Remove docx-rs's own empty Normal style and make ours the default.
fn fix_styles(xml: &str, lang: &str) -> String {
    const EMPTY_NORMAL: &str = r#"<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal" /><w:qFormat /><w:pPr /><w:rPr /></w:style>"#;
    let mut s = xml.replacen(EMPTY_NORMAL, "", 1);
    s = s.replacen(
        r#"<w:style w:type="paragraph" w:styleId="Normal">"#,
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal">"#,
        1,
    );
    let lang = format!(
        r#"<w:lang w:val="{0}" w:eastAsia="{0}" w:bidi="ar-SA" /></w:rPr></w:rPrDefault>"#,
        esc(lang)
    );
    s = s.replacen("</w:rPr></w:rPrDefault>", &lang, 1);
    if !s.starts_with("<?xml") {
        s.insert_str(0, XML_DECL);
    }
    s
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

fn core_xml(doc: &Document) -> String {
    let m = &doc.meta;
    let date = format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        m.date.year, m.date.month, m.date.day
    );
    format!(
        concat!(
            "{decl}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" ",
            "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" ",
            "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
            "<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject><dc:creator>{author}</dc:creator>",
            "<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>",
            "<dc:language>{lang}</dc:language>",
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created>",
            "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified>",
            "</cp:coreProperties>"
        ),
        decl = XML_DECL,
        title = esc(&m.title),
        subject = esc(&m.subject),
        author = esc(&m.author),
        lang = esc(&m.language),
        date = date,
    )
}

fn app_xml() -> String {
    format!(
        "{XML_DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><Application>baocao {}</Application></Properties>",
        env!("CARGO_PKG_VERSION")
    )
}

fn settings_xml(subset: bool, lang: &str) -> String {
    // Schema order (CT_Settings): zoom, embedTrueTypeFonts, saveSubsetFonts,
    // defaultTabStop, characterSpacingControl, footnotePr, compat, themeFontLang.
    format!(
        concat!(
            "{decl}<w:settings xmlns:w=\"{w}\" xmlns:r=\"{r}\">",
            "<w:zoom w:percent=\"100\" /><w:embedTrueTypeFonts />{subset}",
            "<w:defaultTabStop w:val=\"720\" /><w:characterSpacingControl w:val=\"doNotCompress\" />",
            "<w:footnotePr><w:footnote w:id=\"-1\" /><w:footnote w:id=\"0\" /></w:footnotePr>",
            "<w:compat><w:doNotExpandShiftReturn /><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\" /></w:compat>",
            "<w:themeFontLang w:val=\"{lang}\" />",
            "</w:settings>"
        ),
        decl = XML_DECL,
        w = NS_W,
        r = NS_R,
        subset = if subset { "<w:saveSubsetFonts />" } else { "" },
        lang = esc(lang),
    )
}

/// The separator paragraph of the footnote area, as the PDF draws it: a
/// 0.5 pt rule `footnotes.rule_length` long at the left margin (a bottom
/// border on a paragraph whose right indent leaves that length), `footnotes.gap`
/// below the body text and 2 pt above the first note. The separator
/// character itself (`el`) stays, hidden: Word draws the border instead of
/// its fixed-length line, and LibreOffice, which ignores the paragraph and
/// draws its own rule (a quarter of the text width) only when the character is
/// there, keeps showing one. The rule length is computed for the page size of
/// the settings (portrait); on a wider section it is longer by the difference.
fn separator_paragraph(s: &PageSettings, el: &str) -> String {
    let text_width = s.paper.width - s.margins.left - s.margins.right;
    let right = mm_tw((text_width - s.footnotes.rule_length).max(0.0));
    let gap = mm_tw(s.footnotes.gap.max(0.0));
    format!(
        concat!(
            "<w:p><w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\" /></w:pBdr>",
            "<w:spacing w:before=\"{gap}\" w:after=\"{after}\" w:line=\"{line}\" w:lineRule=\"exact\" />",
            "<w:ind w:left=\"0\" w:right=\"{right}\" w:firstLine=\"0\" /></w:pPr>",
            "<w:r><w:rPr><w:vanish /></w:rPr><w:{el} /></w:r></w:p>"
        ),
        gap = gap,
        after = SEPARATOR_AFTER_TW,
        line = SEPARATOR_LINE_TW,
        right = right,
        el = el,
    )
}

/// Height of the separator paragraph (1 pt) and the space under its rule
/// (2 pt): with the gap, the PDF's distance from body text to the notes.
const SEPARATOR_LINE_TW: i32 = 20;
const SEPARATOR_AFTER_TW: i32 = 40;

fn footnotes_xml(built: &Built, settings: &PageSettings) -> String {
    let sep = |kind: &str, id: i32, el: &str| {
        format!(
            "<w:footnote w:type=\"{kind}\" w:id=\"{id}\">{}</w:footnote>",
            separator_paragraph(settings, el)
        )
    };
    let mut s = format!(
        "{XML_DECL}<w:footnotes xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" mc:Ignorable=\"w14\">"
    );
    s.push_str(&sep("separator", -1, "separator"));
    s.push_str(&sep("continuationSeparator", 0, "continuationSeparator"));
    let mark = format!("<w:t xml:space=\"preserve\">{FOOTNOTE_MARK}</w:t>");
    for (id, xml) in &built.footnotes {
        let body = utf8(xml).replacen(&mark, "<w:footnoteRef />", 1);
        s.push_str(&format!("<w:footnote w:id=\"{id}\">{body}</w:footnote>"));
    }
    s.push_str("</w:footnotes>");
    s
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
    .map_err(|_| DocxError::Internal("docx-rs panicked while building the document".into()))?;

    let lang = doc.meta.language.as_str();
    let mut next_para = 1u32;
    // The document part: each step's input is dropped once it is copied, so
    // at most two copies of it are held at a time. (Header rows were marked
    // as they were written: `build::Builder::table`.)
    let document = {
        let docx_rs_xml = std::mem::take(&mut xml.document);
        let table_rows = std::mem::take(&mut built.table_rows);
        splice_rows(&utf8(&docx_rs_xml), table_rows, &mut next_para)?
    };
    // Drawings come only from the builder's images: without any, none to renumber.
    let document = match built.images.is_empty() {
        true => document,
        false => renumber_drawings(&document, &built),
    };
    let styles = fix_styles(&utf8(&xml.styles), lang);

    // Fonts: one subset per face, obfuscated with its own key (cached).
    let mut font_parts = Vec::new();
    let mut font_rels = String::new();
    let mut embeds = String::new();
    let mut any_subset = false;
    for style in FaceStyle::ALL {
        let i = style.index();
        let part = font_part(fonts.face(style), i, &built.chars[i]);
        any_subset |= part.subsetted;
        let n = i + 1;
        font_rels.push_str(&format!(
            "<Relationship Id=\"rIdFont{n}\" Type=\"{REL}/font\" Target=\"fonts/font{n}.odttf\" />"
        ));
        let el = match style {
            FaceStyle::Regular => "embedRegular",
            FaceStyle::Bold => "embedBold",
            FaceStyle::Italic => "embedItalic",
            FaceStyle::BoldItalic => "embedBoldItalic",
        };
        embeds.push_str(&format!(
            "<w:{el} r:id=\"rIdFont{n}\" w:fontKey=\"{}\"{} />",
            part.key,
            if part.subsetted {
                " w:subsetted=\"1\""
            } else {
                ""
            }
        ));
        font_parts.push((format!("word/fonts/font{n}.odttf"), part));
    }
    let fallbacks = super::fonts::fallback_fonts(fonts, &built, &mut font_rels, &mut font_parts);
    let font_table = format!(
        "{XML_DECL}<w:fonts xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:font w:name=\"{}\"><w:charset w:val=\"00\" /><w:family w:val=\"roman\" /><w:pitch w:val=\"variable\" />{embeds}</w:font>{}</w:fonts>",
        esc(&built.family),
        fallbacks.xml
    );
    any_subset |= fallbacks.any_subset;
    let font_rels = format!(
        "{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{font_rels}</Relationships>"
    );

    // Document relationships: ours, plus docx-rs's headers, footers and images.
    let mut rels = format!(
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
    for r in parse_rels(&utf8(&xml.document_rels)) {
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
                if let Some((_, bytes)) = xml.media.iter().find(|(id, _)| *id == stem) {
                    if !media.iter().any(|(t, _)| *t == target) {
                        media.push((target.clone(), bytes.clone()));
                    }
                }
                target
            }
            _ => continue,
        };
        rels.push_str(&format!(
            "<Relationship Id=\"{}\" Type=\"{}\" Target=\"{}\" />",
            esc(&r.id),
            esc(&r.kind),
            esc(&target)
        ));
    }
    rels.push_str("</Relationships>");

    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut overrides = String::new();
    let mut add =
        |parts: &mut Vec<(String, Vec<u8>)>, name: &str, ct: Option<&str>, bytes: Vec<u8>| {
            if let Some(ct) = ct {
                overrides.push_str(&format!(
                    "<Override PartName=\"/{name}\" ContentType=\"{ct}\" />"
                ));
            }
            parts.push((name.to_string(), bytes));
        };
    const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    add(
        &mut parts,
        "_rels/.rels",
        None,
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
        .into_bytes(),
    );
    add(
        &mut parts,
        "docProps/core.xml",
        Some("application/vnd.openxmlformats-package.core-properties+xml"),
        core_xml(doc).into_bytes(),
    );
    add(
        &mut parts,
        "docProps/app.xml",
        Some("application/vnd.openxmlformats-officedocument.extended-properties+xml"),
        app_xml().into_bytes(),
    );
    add(
        &mut parts,
        "word/document.xml",
        Some(&format!("{WML}.document.main+xml")),
        document.into_bytes(),
    );
    add(
        &mut parts,
        "word/_rels/document.xml.rels",
        None,
        rels.into_bytes(),
    );
    add(
        &mut parts,
        "word/styles.xml",
        Some(&format!("{WML}.styles+xml")),
        styles.into_bytes(),
    );
    add(
        &mut parts,
        "word/settings.xml",
        Some(&format!("{WML}.settings+xml")),
        settings_xml(any_subset, lang).into_bytes(),
    );
    add(
        &mut parts,
        "word/fontTable.xml",
        Some(&format!("{WML}.fontTable+xml")),
        font_table.into_bytes(),
    );
    add(
        &mut parts,
        "word/_rels/fontTable.xml.rels",
        None,
        font_rels.into_bytes(),
    );
    let footnotes = renumber_para_ids(&footnotes_xml(&built, &doc.settings), &mut next_para);
    add(
        &mut parts,
        "word/footnotes.xml",
        Some(&format!("{WML}.footnotes+xml")),
        footnotes.into_bytes(),
    );
    add(
        &mut parts,
        "word/theme/theme1.xml",
        Some("application/vnd.openxmlformats-officedocument.theme+xml"),
        theme::theme_xml(&built.family).into_bytes(),
    );
    add(
        &mut parts,
        "word/numbering.xml",
        Some(&format!("{WML}.numbering+xml")),
        drop_shadowed_numbering(&utf8(&xml.numberings)).into_bytes(),
    );
    for (i, h) in xml.headers.iter().enumerate() {
        let h = renumber_para_ids(&utf8(h), &mut next_para);
        add(
            &mut parts,
            &format!("word/header{}.xml", i + 1),
            Some(&format!("{WML}.header+xml")),
            h.into_bytes(),
        );
    }
    for (i, f) in xml.footers.iter().enumerate() {
        let f = renumber_para_ids(&utf8(f), &mut next_para);
        add(
            &mut parts,
            &format!("word/footer{}.xml", i + 1),
            Some(&format!("{WML}.footer+xml")),
            f.into_bytes(),
        );
    }
    for (name, bytes) in media {
        add(&mut parts, &format!("word/{name}"), None, bytes);
    }
    let mut defaults = String::from(
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\" /><Default Extension=\"xml\" ContentType=\"application/xml\" /><Default Extension=\"odttf\" ContentType=\"application/vnd.openxmlformats-officedocument.obfuscatedFont\" />",
    );
    if has_png {
        defaults.push_str("<Default Extension=\"png\" ContentType=\"image/png\" />");
    }
    if has_jpeg {
        defaults.push_str("<Default Extension=\"jpeg\" ContentType=\"image/jpeg\" />");
    }
    let content_types = format!(
        "{XML_DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">{defaults}{overrides}</Types>"
    );

    // Deterministic zip: fixed order, the report's date as timestamp, deflate.
    let d = doc.meta.date;
    let mut zip = ZipOut::new((d.year, d.month, d.day), 160 * 1024);
    zip.add(
        "[Content_Types].xml",
        content_types.as_bytes(),
        XML_DEFLATE_LEVEL,
    );
    for (name, bytes) in parts {
        zip.add(&name, &bytes, XML_DEFLATE_LEVEL);
    }
    for (name, part) in font_parts {
        zip.add_deflated(&name, &part.deflated);
    }
    Ok(zip.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn para_ids_are_renumbered_in_order() {
        let mut n = 1;
        let s = renumber_para_ids(
            r#"<w:p w14:paraId="0000ABCD"><w:p w14:paraId="00000001">"#,
            &mut n,
        );
        assert_eq!(
            s,
            r#"<w:p w14:paraId="00000001"><w:p w14:paraId="00000002">"#
        );
        assert_eq!(n, 3);
    }

    #[test]
    fn header_rows_get_tbl_header_after_cant_split() {
        let s = mark_header_rows(
            r#"<w:tr><w:trPr><w:cantSplit /><w:trHeight w:val="1.25" w:hRule="auto" /></w:trPr></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr>"#,
        );
        assert_eq!(
            s,
            r#"<w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr>"#
        );
    }

    #[test]
    fn a_redefined_list_id_keeps_its_last_definition() {
        let s = drop_shadowed_numbering(concat!(
            r#"<w:numbering><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0" /></w:abstractNum>"#,
            r#"<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="1" /></w:abstractNum>"#,
            r#"<w:abstractNum w:abstractNumId="2" /><w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="2" /></w:abstractNum>"#,
            r#"<w:num w:numId="1"><w:abstractNumId w:val="9" /></w:num><w:num w:numId="1"><w:abstractNumId w:val="1" /></w:num>"#,
            r#"<w:num w:numId="2"><w:abstractNumId w:val="2" /></w:num></w:numbering>"#
        ));
        assert_eq!(
            s,
            concat!(
                r#"<w:numbering><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="1" /></w:abstractNum>"#,
                r#"<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="2" /></w:abstractNum>"#,
                r#"<w:num w:numId="1"><w:abstractNumId w:val="1" /></w:num>"#,
                r#"<w:num w:numId="2"><w:abstractNumId w:val="2" /></w:num></w:numbering>"#
            )
        );
    }

    #[test]
    fn table_rows_take_their_placeholders_in_order_with_para_ids_renumbered() {
        let ph = docx_rs::BuildXML::build(&super::super::build::rows_placeholder());
        let ph = String::from_utf8(ph).unwrap();
        let doc = format!(
            r#"<w:p w14:paraId="0000FFFF" /><w:tbl>{ph}</w:tbl><w:tbl>{ph}</w:tbl><w:p w14:paraId="0000FFFF" />"#
        );
        let rows = vec![
            br#"<w:tr><w:tc><w:p w14:paraId="00000AAA" /></w:tc></w:tr>"#.to_vec(),
            br#"<w:tr><w:tc><w:p w14:paraId="00000BBB" /></w:tc></w:tr>"#.to_vec(),
        ];
        let mut n = 1;
        let s = splice_rows(&doc, rows.clone(), &mut n).unwrap();
        assert_eq!(
            s,
            concat!(
                r#"<w:p w14:paraId="00000001" /><w:tbl><w:tr><w:tc><w:p w14:paraId="00000002" /></w:tc></w:tr></w:tbl>"#,
                r#"<w:tbl><w:tr><w:tc><w:p w14:paraId="00000003" /></w:tc></w:tr></w:tbl><w:p w14:paraId="00000004" />"#
            )
        );
        assert_eq!(n, 5);
        // One table too many or too few is an error, not a wrong document.
        assert!(splice_rows(&doc, rows[..1].to_vec(), &mut 1).is_err());
        assert!(splice_rows(&doc, [rows.clone(), rows].concat(), &mut 1).is_err());
    }

    #[test]
    fn escapes() {
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
