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
    pub text: String,
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
