//! The document part: docx-rs's `document.xml` with each table's rows
//! spliced in, paragraph and drawing ids made unique and deterministic.

use crate::docx::build::{rows_placeholder, Built};
use crate::docx::xml::{esc, renumber_para_ids_into, utf8};
use crate::docx::DocxError;

/// `word/document.xml` from what docx-rs wrote (`xml`, consumed) and the
/// builder's table rows, paragraph ids numbered from `next`. Each step's
/// input is dropped once it is copied, so at most two copies of the part are
/// held at a time. (Header rows were marked as they were written:
/// `build::Builder::table`.)
pub(super) fn document_xml(
    xml: Vec<u8>,
    built: &mut Built,
    next: &mut u32,
) -> Result<String, DocxError> {
    let document = {
        let table_rows = std::mem::take(&mut built.table_rows);
        splice_rows(&utf8(&xml), table_rows, next)?
    };
    drop(xml);
    // Drawings come only from the builder's images: without any, none to renumber.
    Ok(match built.images.is_empty() {
        true => document,
        false => renumber_drawings(&document, built),
    })
}

/// The document part with each table's rows (`rows`, in document order) in
/// place of its [`rows_placeholder`](crate::docx::build::rows_placeholder), and
/// its paragraph ids renumbered ([`renumber_para_ids`]) in the same pass.
/// Each table's rows are dropped once copied.
fn splice_rows(xml: &str, rows: Vec<Vec<u8>>, next: &mut u32) -> Result<String, DocxError> {
    let placeholder = docx_rs::BuildXML::build(&rows_placeholder());
    let placeholder = utf8(&placeholder);
    let total = xml.len() + rows.iter().map(Vec::len).sum::<usize>();
    let mut out = String::with_capacity(total);
    let mut rows = rows.into_iter();
    let mut rest = xml;
    while let Some(i) = rest.find(&*placeholder) {
        let table = rows.next().ok_or_else(|| {
            DocxError::Internal(
                "thiếu các hàng của một bảng (a table's rows are missing from the document)".into(),
            )
        })?;
        renumber_para_ids_into(&mut out, &rest[..i], next);
        renumber_para_ids_into(&mut out, &utf8(&table), next);
        rest = &rest[i + placeholder.len()..];
    }
    if rows.next().is_some() {
        return Err(DocxError::Internal(
            "các hàng của một bảng không có chỗ trong văn bản (a table's rows have no place in the document)".into(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_take_their_placeholders_in_order_with_para_ids_renumbered() {
        let ph = docx_rs::BuildXML::build(&rows_placeholder());
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
}
