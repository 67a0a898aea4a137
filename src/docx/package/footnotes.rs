//! The footnotes part: the separator and continuation separator drawn as the
//! PDF draws its rule, then each note with its `w:footnoteRef` mark.

use crate::document::PageSettings;
use crate::docx::build::{mm_tw, Built, FOOTNOTE_MARK};
use crate::docx::xml::{utf8, NS_R, NS_W, XML_DECL};

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

pub(super) fn footnotes_xml(built: &Built, settings: &PageSettings) -> String {
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
