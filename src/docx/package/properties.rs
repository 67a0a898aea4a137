//! The properties parts: core (title, author, language, the report's date),
//! app, and the settings.

use crate::document::Document;
use crate::docx::xml::{esc, NS_R, NS_W, XML_DECL};

pub(super) fn core_xml(doc: &Document) -> String {
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

pub(super) fn app_xml() -> String {
    format!(
        "{XML_DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><Application>baocao {}</Application></Properties>",
        env!("CARGO_PKG_VERSION")
    )
}

pub(super) fn settings_xml(subset: bool, lang: &str) -> String {
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
