//! The backend-neutral display list: what a page shows, in points, with the
//! origin at the top-left corner of the page and y growing downwards. Layout
//! produces it; a writer only translates it.

use std::sync::Arc;

use crate::document::ImageFormat;
use crate::fonts::FaceId;

/// One laid-out page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Paper size in points.
    pub width: f32,
    pub height: f32,
    /// 1-based page number.
    pub number: u32,
    /// Drawing order is reading order: page number, body, footnotes.
    pub items: Vec<Item>,
    /// Internal links (footnote mark -> note).
    pub links: Vec<Link>,
    /// Headings that start on this page, in document order.
    pub outline: Vec<OutlineEntry>,
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Glyphs(GlyphRun),
    /// A straight line (rules, underlines, table borders).
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        /// Stroke width in points.
        width: f32,
    },
    /// A stroked rectangle (table cell borders).
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        /// Stroke width in points.
        width: f32,
    },
    Image(ImageItem),
}

/// Glyphs of one face and size on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    /// A face of the document's font set: a family style or a fallback font.
    pub face: FaceId,
    /// Font size in points.
    pub size: f32,
    /// Baseline.
    pub y: f32,
    pub glyphs: Vec<Glyph>,
}

/// A positioned glyph.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Glyph id in the face.
    pub id: u16,
    /// Left edge of the glyph origin on the page.
    pub x: f32,
    /// Vertical offset from the run's baseline (positive is down).
    pub dy: f32,
    /// Advance actually used in the line (a justified space is wider).
    pub advance: f32,
    /// The text this glyph stands for (its cluster; empty for the second and
    /// later glyphs of a cluster), so the PDF's text is exact.
    pub text: Cluster,
    /// A space (may sit past the measure at a line end; it draws nothing).
    pub space: bool,
}

/// A placed image.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageItem {
    pub data: Arc<Vec<u8>>,
    pub format: ImageFormat,
    /// What to call it in an error message.
    pub name: String,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// A clickable area that jumps to a place in the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    /// 0-based target page index and the y to show at the top of the window.
    pub target_page: usize,
    pub target_y: f32,
}

/// A heading for the document outline (bookmarks).
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    pub title: String,
    /// Top of the heading's first line on its page.
    pub y: f32,
}

impl Page {
    /// All glyph runs of the page.
    pub fn runs(&self) -> impl Iterator<Item = &GlyphRun> {
        self.items.iter().filter_map(|i| match i {
            Item::Glyphs(r) => Some(r),
            _ => None,
        })
    }

    /// The page's text in drawing order (cluster text of every glyph).
    pub fn text(&self) -> String {
        self.runs()
            .flat_map(|r| r.glyphs.iter())
            .map(|g| g.text.as_str())
            .collect()
    }
}

/// The text of a glyph's cluster: usually one character, copied with every
/// glyph from the shaping cache to the line and the page, so it is kept
/// inline (no allocation) up to [`Cluster::INLINE`] bytes and shared beyond.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Cluster(Repr);

#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    Inline(u8, [u8; Cluster::INLINE]),
    Shared(Arc<str>),
}

impl Default for Repr {
    fn default() -> Repr {
        Repr::Inline(0, [0; Cluster::INLINE])
    }
}

impl Cluster {
    /// Bytes kept inline.
    pub const INLINE: usize = 22;

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline(n, b) => {
                // Only ever filled from a whole `&str` (see `From`).
                std::str::from_utf8(&b[..*n as usize]).unwrap_or_default()
            }
            Repr::Shared(s) => s,
        }
    }
}

impl From<&str> for Cluster {
    fn from(s: &str) -> Cluster {
        if s.len() <= Cluster::INLINE {
            let mut b = [0; Cluster::INLINE];
            b[..s.len()].copy_from_slice(s.as_bytes());
            Cluster(Repr::Inline(s.len() as u8, b))
        } else {
            Cluster(Repr::Shared(Arc::from(s)))
        }
    }
}

impl std::ops::Deref for Cluster {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Cluster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Cluster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Cluster {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Cluster {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::Cluster;

    #[test]
    fn clusters_keep_their_text_inline_or_shared() {
        for s in [
            "",
            "a",
            "ệ",
            "e\u{0323}\u{0302}",
            "河",
            &"x".repeat(22),
            &"ề".repeat(9),
        ] {
            let c = Cluster::from(s);
            assert_eq!(c.as_str(), s);
            assert_eq!(c.clone(), c);
            assert_eq!(c, s);
        }
        assert_ne!(Cluster::from("a"), Cluster::from("b"));
        assert!(Cluster::default().is_empty());
    }
}
