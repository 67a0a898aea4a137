//! The styles and numbering parts docx-rs wrote, corrected: one Normal
//! style, the default one, with the document's language; one definition per
//! list id.

use crate::docx::xml::{esc, XML_DECL};

/// Remove docx-rs's own empty Normal style and make ours the default.
pub(super) fn fix_styles(xml: &str, lang: &str) -> String {
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

/// docx-rs always writes its own default list (abstractNum and num id 1)
/// before the builder's lists, which also start at 1: two definitions of one
/// id, the first of which Word and LibreOffice may use for the report's first
/// list. Keep only the last definition of each `w:abstractNum` and `w:num` id.
pub(super) fn drop_shadowed_numbering(xml: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_normal_style_replaces_docx_rs_s_and_is_the_default() {
        let s = fix_styles(
            concat!(
                r#"<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="28" /></w:rPr></w:rPrDefault></w:docDefaults>"#,
                r#"<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal" /><w:qFormat /><w:pPr /><w:rPr /></w:style>"#,
                r#"<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal" /><w:qFormat /><w:pPr><w:jc w:val="both" /></w:pPr><w:rPr /></w:style></w:styles>"#
            ),
            "vi-VN",
        );
        assert_eq!(
            s,
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
                r#"<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="28" /><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA" /></w:rPr></w:rPrDefault></w:docDefaults>"#,
                r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal" /><w:qFormat /><w:pPr><w:jc w:val="both" /></w:pPr><w:rPr /></w:style></w:styles>"#
            )
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
}
