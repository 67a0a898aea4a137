//! Schema order for WordprocessingML property elements.
//!
//! docx-rs writes the children of `w:pPr`, `w:rPr`, `w:tblPr`, `w:style`, …
//! in its own order (`w:rPr` before `w:pStyle`, `w:jc` after `w:ind`,
//! `w:tblLayout` after `w:tblCellMar`), and a few undeclared attributes
//! (`w:type` on `w:gridCol`). Word is entitled to reject such a file. This
//! pass re-reads each XML part and stably sorts the children of every element
//! named in [`sequence`] by their position in the ECMA-376 (transitional)
//! `xsd:sequence` of that element's type; text is copied byte for byte, and
//! elements the table does not know keep their relative order after the known
//! ones. It assumes the `w:` prefix for the main namespace, as docx-rs and
//! this crate write it.

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
fn sequence(parent: &str) -> Option<&'static [&'static str]> {
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

/// Children a parent may not have, dropped: the `w:rPr` docx-rs writes (always
/// empty) inside the `w:pPr` of a style, a numbering level or the document
/// defaults, whose type (CT_PPrGeneral) has no paragraph-mark properties.
fn dropped(grandparent: &str, parent: &str, child: &str) -> bool {
    parent == "w:pPr"
        && child == "w:rPr"
        && matches!(grandparent, "w:style" | "w:lvl" | "w:pPrDefault")
}

/// Attributes the schema does not declare on an element, dropped.
fn dropped_attr(element: &str, attr: &str) -> bool {
    matches!((element, attr), ("w:gridCol", "w:type"))
}

/// Whether [`dropped_attr`] drops any attribute of `element` (the start tags
/// of other elements are copied without reading their attributes).
fn has_dropped_attrs(element: &str) -> bool {
    element == "w:gridCol"
}

/// A child of an element whose children are ordered: its bytes in the output.
struct Seg {
    start: usize,
    end: usize,
    /// The element's rank in the parent's sequence; `None` for text,
    /// comments and other markup.
    rank: Option<usize>,
    /// Text that is only whitespace.
    blank: bool,
}

/// An XML part in schema order; `Err` when it is not well-formed.
///
/// One pass, no tree: each element is written to the output as it is read.
/// The children of an element that [`sequence`] orders are noted as byte
/// ranges of the output and moved only when they are out of order (docx-rs
/// writes most of them in order already).
pub fn schema_order(xml: &str) -> Result<String, String> {
    let mut out = String::with_capacity(xml.len() + xml.len() / 64);
    let mut p = Pass {
        s: xml,
        pos: 0,
        segs: Vec::new(),
        order: Vec::new(),
        scratch: String::new(),
    };
    p.content(None, "", &mut out)?;
    Ok(out)
}

struct Pass<'a> {
    s: &'a str,
    pos: usize,
    /// The children noted so far of every open element that is ordered.
    segs: Vec<Seg>,
    /// Reused when a parent's children are moved.
    order: Vec<(usize, usize, usize)>,
    scratch: String,
}

impl<'a> Pass<'a> {
    fn err(&self, what: &str) -> String {
        format!("XML: {what} at byte {}", self.pos)
    }

    /// Text or markup that is copied as it is.
    fn raw(&mut self, text: &str, noted: bool, out: &mut String) {
        let start = out.len();
        out.push_str(text);
        if noted {
            self.segs.push(Seg {
                start,
                end: out.len(),
                rank: None,
                blank: text.trim().is_empty(),
            });
        }
    }

    /// Nodes up to the end tag of `parent` (left for the caller) or the end
    /// of input, written to `out` in schema order.
    fn content(
        &mut self,
        parent: Option<&'a str>,
        grandparent: &str,
        out: &mut String,
    ) -> Result<(), String> {
        let s = self.s;
        let name = parent.unwrap_or("");
        let seq = parent.and_then(sequence);
        let noted = seq.is_some();
        let base = self.segs.len();
        let begin = out.len();
        loop {
            let rest = &s[self.pos..];
            // Tags mostly follow each other: look for the next one only after text.
            let next = match rest.as_bytes().first() {
                Some(b'<') => Some(0),
                _ => rest.find('<'),
            };
            let Some(lt) = next else {
                if parent.is_some() {
                    return Err(self.err("unclosed element"));
                }
                if !rest.is_empty() {
                    self.raw(rest, noted, out);
                }
                self.pos = s.len();
                break;
            };
            if lt > 0 {
                self.raw(&rest[..lt], noted, out);
                self.pos += lt;
            }
            let rest = &s[self.pos..];
            match rest.as_bytes().get(1) {
                Some(b'/') => {
                    let end_name = &rest[2..];
                    if name_then_gt(end_name, name) && parent.is_some() {
                        break;
                    }
                    let end = end_name
                        .find('>')
                        .ok_or_else(|| self.err("unterminated end tag"))?;
                    if Some(end_name[..end].trim_end()) != parent {
                        return Err(self.err("mismatched end tag"));
                    }
                    break;
                }
                Some(b'?' | b'!') => {
                    let close = if rest.starts_with("<?") {
                        "?>"
                    } else if rest.starts_with("<!--") {
                        "-->"
                    } else if rest.starts_with("<![CDATA[") {
                        "]]>"
                    } else {
                        ">"
                    };
                    let end = rest
                        .find(close)
                        .ok_or_else(|| self.err("unterminated markup"))?
                        + close.len();
                    self.raw(&rest[..end], noted, out);
                    self.pos += end;
                    continue;
                }
                _ => {}
            }
            let start = out.len();
            let child = self.element(name, out)?;
            if dropped(grandparent, name, child) {
                out.truncate(start);
            } else if let Some(seq) = seq {
                self.segs.push(Seg {
                    start,
                    end: out.len(),
                    rank: Some(rank(seq, child)),
                    blank: false,
                });
            }
        }
        if noted {
            self.reorder(base, begin, out);
        }
        Ok(())
    }

    /// Put the children noted from `base` on (the output from `begin` on) in
    /// schema order: only element content is reordered (whitespace between
    /// elements goes); a parent with text keeps its order.
    fn reorder(&mut self, base: usize, begin: usize, out: &mut String) {
        let segs = &self.segs[base..];
        let text = segs.iter().any(|g| g.rank.is_none() && !g.blank);
        let in_order = segs.iter().all(|g| g.rank.is_some())
            && segs.windows(2).all(|w| w[0].rank <= w[1].rank);
        if !text && !in_order {
            self.order.clear();
            self.order.extend(
                segs.iter()
                    .filter_map(|g| g.rank.map(|r| (r, g.start, g.end))),
            );
            // Stable: equal ranks keep their order.
            self.order.sort_by_key(|o| o.0);
            self.scratch.clear();
            for &(_, start, end) in &self.order {
                self.scratch.push_str(&out[start..end]);
            }
            out.truncate(begin);
            out.push_str(&self.scratch);
        }
        self.segs.truncate(base);
    }

    /// The element starting at `<`, written to `out`; its name.
    fn element(&mut self, parent: &str, out: &mut String) -> Result<&'a str, String> {
        let s = self.s;
        let start = self.pos;
        let b = s.as_bytes();
        let mut i = start + 1;
        while i < b.len() && !matches!(b[i], b'/' | b'>') && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        let name = &s[start + 1..i];
        if name.is_empty() {
            return Err(self.err("element without a name"));
        }
        // The end of the start tag, skipping quoted attribute values.
        while i < b.len() {
            match b[i] {
                b'>' => break,
                q @ (b'"' | b'\'') => {
                    i += 1;
                    while i < b.len() && b[i] != q {
                        i += 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        if i >= b.len() {
            return Err(self.err("unterminated start tag"));
        }
        let open = &s[start..=i];
        self.pos = i + 1;
        write_open(name, open, out);
        if open.ends_with("/>") {
            return Ok(name);
        }
        self.content(Some(name), parent, out)?;
        let close_start = self.pos;
        self.pos = if name_then_gt(&s[close_start + 2..], name) {
            close_start + 3 + name.len()
        } else {
            let end = s[close_start..].find('>').map(|e| close_start + e + 1);
            end.ok_or_else(|| self.err("unterminated end tag"))?
        };
        out.push_str(&s[close_start..self.pos]);
        Ok(name)
    }
}

/// Whether `s` starts with `name` and `>` (an end tag's name, no space).
fn name_then_gt(s: &str, name: &str) -> bool {
    let (s, n) = (s.as_bytes(), name.as_bytes());
    s.len() > n.len() && s[n.len()] == b'>' && &s[..n.len()] == n
}

/// The start tag, minus undeclared attributes.
fn write_open(name: &str, tag: &str, out: &mut String) {
    if !has_dropped_attrs(name) {
        out.push_str(tag);
        return;
    }
    let attrs = Attrs {
        s: tag,
        pos: 1 + name.len(),
    };
    let mut last = 0;
    for (start, attr, end) in attrs {
        if dropped_attr(name, attr) {
            out.push_str(&tag[last..start]);
            last = end;
        }
    }
    out.push_str(&tag[last..]);
}

/// Attributes of a start tag as (start of the space before it, name, end).
struct Attrs<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Iterator for Attrs<'a> {
    type Item = (usize, &'a str, usize);
    fn next(&mut self) -> Option<Self::Item> {
        let b = self.s.as_bytes();
        let start = self.pos;
        let mut i = start;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let name_start = i;
        while i < b.len() && !matches!(b[i], b'=' | b'/' | b'>') && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i == name_start || i >= b.len() || b[i] != b'=' {
            return None;
        }
        let name = &self.s[name_start..i];
        let quote = *b.get(i + 1)?;
        let close = self.s[i + 2..].find(quote as char)? + i + 2;
        self.pos = close + 1;
        Some((start, name, self.pos))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(s: &str) -> String {
        schema_order(s).unwrap()
    }

    #[test]
    fn paragraph_properties_follow_the_schema() {
        assert_eq!(
            order(
                r#"<w:p><w:r><w:t>x</w:t></w:r><w:pPr><w:rPr /><w:jc w:val="both" /><w:ind w:left="0" /><w:spacing w:before="0" /><w:pStyle w:val="H" /></w:pPr></w:p>"#
            ),
            r#"<w:p><w:pPr><w:pStyle w:val="H" /><w:spacing w:before="0" /><w:ind w:left="0" /><w:jc w:val="both" /><w:rPr /></w:pPr><w:r><w:t>x</w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn run_properties_and_text_are_kept_byte_for_byte() {
        let s = r#"<w:r><w:rPr><w:sz w:val="28" /><w:b /><w:rFonts w:ascii="A &amp; B" /><w:u w:val="single" /><w:vertAlign w:val="superscript" /></w:rPr><w:t xml:space="preserve"> a &lt;b&gt; </w:t></w:r>"#;
        assert_eq!(
            order(s),
            r#"<w:r><w:rPr><w:rFonts w:ascii="A &amp; B" /><w:b /><w:sz w:val="28" /><w:u w:val="single" /><w:vertAlign w:val="superscript" /></w:rPr><w:t xml:space="preserve"> a &lt;b&gt; </w:t></w:r>"#
        );
    }

    #[test]
    fn table_properties_and_grid() {
        assert_eq!(
            order(
                r#"<w:tbl><w:tblPr><w:tblW w:w="9" w:type="dxa" /><w:tblCellMar><w:right w:w="0" /><w:top w:w="0" /></w:tblCellMar><w:tblLayout w:type="fixed" /><w:tblStyle w:val="T" /></w:tblPr><w:tblGrid><w:gridCol w:w="4209" w:type="dxa" /></w:tblGrid></w:tbl>"#
            ),
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="T" /><w:tblW w:w="9" w:type="dxa" /><w:tblLayout w:type="fixed" /><w:tblCellMar><w:top w:w="0" /><w:right w:w="0" /></w:tblCellMar></w:tblPr><w:tblGrid><w:gridCol w:w="4209" /></w:tblGrid></w:tbl>"#
        );
    }

    #[test]
    fn section_references_lead_and_keep_their_order() {
        assert_eq!(
            order(
                r#"<w:sectPr><w:pgSz w:w="1" /><w:pgMar w:top="2" /><w:headerReference w:type="default" r:id="a" /><w:footerReference w:type="first" r:id="c" /><w:headerReference w:type="first" r:id="b" /><w:titlePg /></w:sectPr>"#
            ),
            r#"<w:sectPr><w:headerReference w:type="default" r:id="a" /><w:footerReference w:type="first" r:id="c" /><w:headerReference w:type="first" r:id="b" /><w:pgSz w:w="1" /><w:pgMar w:top="2" /><w:titlePg /></w:sectPr>"#
        );
    }

    #[test]
    fn style_paragraph_properties_lose_the_mark_properties() {
        assert_eq!(
            order(
                r#"<w:style w:styleId="N"><w:name w:val="N" /><w:rPr><w:sz w:val="2" /></w:rPr><w:pPr><w:rPr /><w:jc w:val="both" /></w:pPr><w:qFormat /><w:basedOn w:val="X" /></w:style>"#
            ),
            r#"<w:style w:styleId="N"><w:name w:val="N" /><w:basedOn w:val="X" /><w:qFormat /><w:pPr><w:jc w:val="both" /></w:pPr><w:rPr><w:sz w:val="2" /></w:rPr></w:style>"#
        );
        // A body paragraph keeps its mark properties.
        assert_eq!(
            order(r#"<w:p><w:pPr><w:rPr><w:b /></w:rPr></w:pPr></w:p>"#),
            r#"<w:p><w:pPr><w:rPr><w:b /></w:rPr></w:pPr></w:p>"#
        );
    }

    #[test]
    fn unknown_children_keep_their_order_after_the_known_ones() {
        assert_eq!(
            order(r#"<w:rPr><w14:x /><w:b /><w14:a /></w:rPr>"#),
            r#"<w:rPr><w:b /><w14:x /><w14:a /></w:rPr>"#
        );
        // Paragraph content is never reordered.
        let s = r#"<w:p><w:r /><w:bookmarkStart w:id="1" /><w:hyperlink r:id="x"><w:r /></w:hyperlink></w:p>"#;
        assert_eq!(order(s), s);
    }

    #[test]
    fn declarations_quotes_and_comments_pass_through() {
        let s = r#"<?xml version="1.0"?><!-- c --><a x="1>2" y='"'><b/></a>"#;
        assert_eq!(order(s), s);
    }

    #[test]
    fn malformed_xml_is_an_error() {
        assert!(schema_order("<a><b></a>").is_err());
        assert!(schema_order("<a>").is_err());
        assert!(schema_order("<a x=\"1>").is_err());
    }
}
