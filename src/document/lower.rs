//! What both writers would otherwise each decide in their own way, decided
//! once on the document: where the closing block (recipients and
//! signature, [`super::Meta::closing`]) goes. The PDF layout and the DOCX
//! builder both ask [`closing_at`] and draw the closing block before that
//! top-level block, so the two files are the same document.

use super::{Block, Document};

/// A `<!-- closing -->` marker where no closing block can stand.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`<!-- closing -->` (nơi đặt khối nơi nhận và chữ ký) chỉ được đứng ở cấp ngoài cùng của văn bản, không nằm trong {within} (the closing block may stand only at the top level)")]
pub struct MisplacedClosing {
    /// What holds the marker, in Vietnamese ("danh sách": a list).
    pub within: &'static str,
}

/// Where the closing block goes: `None` when the document has none;
/// otherwise the index of the top-level block it is drawn before: the
/// first `<!-- closing -->` marker ([`Block::Closing`], which itself draws
/// nothing), else `doc.blocks.len()` (after the last block). A marker
/// inside a list is an error: the recipients and signature are a
/// two-column block of the page, not an item's content.
pub fn closing_at(doc: &Document) -> Result<Option<usize>, MisplacedClosing> {
    for b in &doc.blocks {
        if let Block::List(l) = b {
            if l.items.iter().any(|item| holds_closing(item)) {
                return Err(MisplacedClosing {
                    within: "danh sách",
                });
            }
        }
    }
    if doc.meta.closing.is_none() {
        return Ok(None);
    }
    let at = doc
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Closing))
        .unwrap_or(doc.blocks.len());
    Ok(Some(at))
}

/// Whether `blocks` (a list item's) hold a closing marker at any depth.
fn holds_closing(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| match b {
        Block::Closing => true,
        Block::List(l) => l.items.iter().any(|item| holds_closing(item)),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{sample, List, Paragraph};

    fn para() -> Block {
        Block::Paragraph(Paragraph::default())
    }

    fn list(items: Vec<Vec<Block>>) -> Block {
        Block::List(List {
            ordered: false,
            start: 1,
            items,
        })
    }

    #[test]
    fn the_closing_goes_at_the_first_marker_else_after_the_last_block() {
        let mut doc = sample::report(0);
        doc.blocks = vec![para(), para(), para()];
        assert_eq!(closing_at(&doc), Ok(Some(3)));
        doc.blocks.insert(1, Block::Closing);
        doc.blocks.push(Block::Closing);
        assert_eq!(closing_at(&doc), Ok(Some(1)));
        doc.meta.closing = None;
        assert_eq!(closing_at(&doc), Ok(None));
    }

    #[test]
    fn a_marker_inside_a_list_is_refused_at_any_depth() {
        let mut doc = sample::report(0);
        doc.blocks = vec![
            para(),
            list(vec![vec![para()], vec![list(vec![vec![Block::Closing]])]]),
        ];
        let e = closing_at(&doc).unwrap_err();
        assert!(e.to_string().contains("danh sách"), "{e}");
        // Refused even when the document has no closing block to place.
        doc.meta.closing = None;
        assert!(closing_at(&doc).is_err());
    }
}
