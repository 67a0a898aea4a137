//! The theme part (`word/theme/theme1.xml`). Word expects one in every
//! document (the validator reports its relationship as missing otherwise).
//! baocao sets fonts and colours on its styles and runs, so the theme only
//! has to be complete: Office's colour scheme, the report's family as the
//! theme fonts, and plain formatting lists (three entries each, as required).

use crate::docx::xml::esc;

/// The theme, with `family` as its major and minor Latin font.
pub fn theme_xml(family: &str) -> String {
    const FILL: &str = r#"<a:solidFill><a:schemeClr val="phClr" /></a:solidFill>"#;
    let line = |w: u32| {
        format!(
            r#"<a:ln w="{w}" cap="flat" cmpd="sng" algn="ctr">{FILL}<a:prstDash val="solid" /><a:miter lim="800000" /></a:ln>"#
        )
    };
    let colours = [
        ("dk1", r#"<a:sysClr val="windowText" lastClr="000000" />"#),
        ("lt1", r#"<a:sysClr val="window" lastClr="FFFFFF" />"#),
        ("dk2", r#"<a:srgbClr val="44546A" />"#),
        ("lt2", r#"<a:srgbClr val="E7E6E6" />"#),
        ("accent1", r#"<a:srgbClr val="4472C4" />"#),
        ("accent2", r#"<a:srgbClr val="ED7D31" />"#),
        ("accent3", r#"<a:srgbClr val="A5A5A5" />"#),
        ("accent4", r#"<a:srgbClr val="FFC000" />"#),
        ("accent5", r#"<a:srgbClr val="5B9BD5" />"#),
        ("accent6", r#"<a:srgbClr val="70AD47" />"#),
        ("hlink", r#"<a:srgbClr val="0563C1" />"#),
        ("folHlink", r#"<a:srgbClr val="954F72" />"#),
    ]
    .iter()
    .map(|(name, c)| format!("<a:{name}>{c}</a:{name}>"))
    .collect::<String>();
    let family = esc(family);
    let fonts =
        format!(r#"<a:latin typeface="{family}" /><a:ea typeface="" /><a:cs typeface="" />"#);
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="baocao">"#,
            r#"<a:themeElements><a:clrScheme name="Office">{colours}</a:clrScheme>"#,
            r#"<a:fontScheme name="baocao"><a:majorFont>{fonts}</a:majorFont><a:minorFont>{fonts}</a:minorFont></a:fontScheme>"#,
            r#"<a:fmtScheme name="Office"><a:fillStyleLst>{fill}{fill}{fill}</a:fillStyleLst>"#,
            r#"<a:lnStyleLst>{l1}{l2}{l3}</a:lnStyleLst>"#,
            r#"<a:effectStyleLst>{effect}{effect}{effect}</a:effectStyleLst>"#,
            r#"<a:bgFillStyleLst>{fill}{fill}{fill}</a:bgFillStyleLst></a:fmtScheme>"#,
            r#"</a:themeElements><a:objectDefaults /><a:extraClrSchemeLst /></a:theme>"#
        ),
        colours = colours,
        fonts = fonts,
        fill = FILL,
        l1 = line(6350),
        l2 = line(12700),
        l3 = line(19050),
        effect = "<a:effectStyle><a:effectLst /></a:effectStyle>",
    )
}
