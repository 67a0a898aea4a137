//! The ECMA-376 (transitional) `xsd:sequence` of the WordprocessingML
//! elements whose children Word expects in order, and a check of a part
//! against them: every child of such an element ranks no lower than the one
//! before it (children not in the table rank last, in any order), a style's,
//! numbering level's or the document defaults' `w:pPr` has no `w:rPr`
//! (CT_PPrGeneral), and `w:gridCol` has no `w:type`. The tables name
//! elements with the `w:` prefix, as baocao and docx-rs write them.
//! (They were the tables of the re-ordering pass the package ran before
//! docx-rs was patched to write the elements in order, vendor/docx-rs.)

/// Paragraph properties (CT_PPr: CT_PPrBase, then rPr, sectPr, pPrChange).
const PPR: &[&str] = &[
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
];

/// Run properties (CT_RPr; the paragraph mark's CT_ParaRPr adds the four
/// revision marks in front).
const RPR: &[&str] = &[
    "w:ins",
    "w:del",
    "w:moveFrom",
    "w:moveTo",
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
    "w:rPrChange",
];

const TBLPR: &[&str] = &[
    "w:tblStyle",
    "w:tblpPr",
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
];

const TCPR: &[&str] = &[
    "w:cnfStyle",
    "w:tcW",
    "w:gridSpan",
    "w:hMerge",
    "w:vMerge",
    "w:tcBorders",
    "w:shd",
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:headers",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
];

/// CT_SectPr: the header/footer references are one choice group, first.
const SECTPR: &[&str] = &[
    "w:headerReference|w:footerReference",
    "w:footnotePr",
    "w:endnotePr",
    "w:type",
    "w:pgSz",
    "w:pgMar",
    "w:paperSrc",
    "w:pgBorders",
    "w:lnNumType",
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
];

const STYLE: &[&str] = &[
    "w:name",
    "w:aliases",
    "w:basedOn",
    "w:next",
    "w:link",
    "w:autoRedefine",
    "w:hidden",
    "w:uiPriority",
    "w:semiHidden",
    "w:unhideWhenUsed",
    "w:qFormat",
    "w:locked",
    "w:personal",
    "w:personalCompose",
    "w:personalReply",
    "w:rsid",
    "w:pPr",
    "w:rPr",
    "w:tblPr",
    "w:trPr",
    "w:tcPr",
    "w:tblStylePr",
];

const LVL: &[&str] = &[
    "w:start",
    "w:numFmt",
    "w:lvlRestart",
    "w:pStyle",
    "w:isLgl",
    "w:suff",
    "w:lvlText",
    "w:lvlPicBulletId",
    "w:legacy",
    "w:lvlJc",
    "w:pPr",
    "w:rPr",
];

const ABSTRACT_NUM: &[&str] = &[
    "w:nsid",
    "w:multiLevelType",
    "w:tmpl",
    "w:name",
    "w:styleLink",
    "w:numStyleLink",
    "w:lvl",
];

/// Borders and margins: CT_TblBorders, CT_TcBorders, CT_TblCellMar, CT_PBdr
/// (`start`/`end` are the transitional synonyms of `left`/`right`).
const EDGES: &[&str] = &[
    "w:top",
    "w:left|w:start",
    "w:bottom",
    "w:right|w:end",
    "w:between",
    "w:bar",
    "w:insideH",
    "w:insideV",
    "w:tl2br",
    "w:tr2bl",
];

/// The children of `parent` in schema order, when this pass orders them.
pub fn sequence(parent: &str) -> Option<&'static [&'static str]> {
    Some(match parent {
        "w:pPr" => PPR,
        "w:rPr" => RPR,
        "w:tblPr" => TBLPR,
        "w:tcPr" => TCPR,
        "w:sectPr" => SECTPR,
        "w:style" => STYLE,
        "w:lvl" => LVL,
        "w:abstractNum" => ABSTRACT_NUM,
        "w:tblBorders" | "w:tcBorders" | "w:tblCellMar" | "w:tcMar" | "w:pBdr" => EDGES,
        "w:docDefaults" => &["w:rPrDefault", "w:pPrDefault"],
        "w:styles" => &["w:docDefaults", "w:latentStyles", "w:style"],
        "w:numbering" => &[
            "w:numPicBullet",
            "w:abstractNum",
            "w:num",
            "w:numIdMacAtCleanup",
        ],
        "w:num" => &["w:abstractNumId", "w:lvlOverride"],
        "w:numPr" => &["w:ilvl", "w:numId", "w:numberingChange", "w:ins"],
        "w:tblStylePr" => &["w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr"],
        "w:footnotePr" | "w:endnotePr" => &["w:pos", "w:numFmt", "w:numStart", "w:numRestart"],
        // CT_Settings, the elements baocao writes (its sequence has ~100).
        "w:settings" => &[
            "w:zoom",
            "w:embedTrueTypeFonts",
            "w:saveSubsetFonts",
            "w:defaultTabStop",
            "w:characterSpacingControl",
            "w:footnotePr",
            "w:endnotePr",
            "w:compat",
            "w:themeFontLang",
        ],
        "w:tbl" => &["w:tblPr", "w:tblGrid"],
        "w:tr" => &["w:tblPrEx", "w:trPr"],
        "w:tc" => &["w:tcPr"],
        "w:p" => &["w:pPr"],
        "w:r" => &["w:rPr"],
        _ => return None,
    })
}

/// Rank of `name` in `seq`; names not in it (content of `w:p`, `w:tc`, …)
/// come after, in their own order.
fn rank(seq: &[&str], name: &str) -> usize {
    // No name is in a table twice: an exact match first, then the synonyms.
    if let Some(i) = seq.iter().position(|s| *s == name) {
        return i;
    }
    seq.iter()
        .position(|s| s.contains('|') && s.split('|').any(|n| n == name))
        .unwrap_or(seq.len())
}

/// Where `xml` breaks the schema order, one line per fault (empty: none).
pub fn faults(xml: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    // Per open element: its name and the rank of its last child so far.
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut out = Vec::new();
    loop {
        let ev = match r.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                out.push(format!("not well-formed: {e}"));
                break;
            }
        };
        let (e, empty) = match &ev {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => {
                stack.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
        if name == "w:gridCol"
            && e.attributes()
                .flatten()
                .any(|a| a.key.as_ref() == b"w:type")
        {
            out.push("w:gridCol with w:type".into());
        }
        let depth = stack.len();
        if depth > 0 {
            let parent = stack[depth - 1].0.clone();
            if name == "w:rPr" && parent == "w:pPr" && depth > 1 {
                let grand = &stack[depth - 2].0;
                if matches!(grand.as_str(), "w:style" | "w:lvl" | "w:pPrDefault") {
                    out.push(format!("w:rPr in the w:pPr of {grand}"));
                }
            }
            if let Some(seq) = sequence(&parent) {
                let rank = rank(seq, &name);
                let last = &mut stack[depth - 1].1;
                if rank < *last {
                    let before = seq
                        .get(*last)
                        .copied()
                        .unwrap_or("an element outside the sequence");
                    out.push(format!("{parent}: {name} after {before}"));
                }
                *last = (*last).max(rank);
            }
        }
        if !empty {
            stack.push((name, 0));
        }
    }
    out
}
