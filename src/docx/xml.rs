//! XML text helpers shared by the builder and the package rewrite: escaping,
//! the parts docx-rs wrote read as text, the namespaces and the paragraph-id
//! renumbering. A leaf: it uses nothing else of the DOCX backend.

pub(super) const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub(super) const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/// The relationship types' common prefix (`{REL}/styles`, `{REL}/font`, …).
pub(super) const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
pub(super) const XML_DECL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// A part docx-rs wrote, as text: `from_utf8` (a fast check, no copy) and
/// the lossy conversion only when that fails (same result, faster on UTF-8).
pub(super) fn utf8(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// Escape text for XML content and attribute values.
pub(super) fn esc(s: &str) -> String {
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
pub(super) fn renumber_para_ids(xml: &str, next: &mut u32) -> String {
    let mut out = String::with_capacity(xml.len());
    renumber_para_ids_into(&mut out, xml, next);
    out
}

/// [`renumber_para_ids`], appending to `out`.
pub(super) fn renumber_para_ids_into(out: &mut String, xml: &str, next: &mut u32) {
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
    fn escapes() {
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(esc("x\u{1}y'"), "xy&apos;");
    }
}
