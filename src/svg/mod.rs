//! SVG writer: one standalone SVG per page, drawn from the same display list
//! as the PDF ([`crate::layout::pages`] -> [`crate::layout::display::Page`]), for
//! previews in a browser. It lays nothing out itself: every glyph cluster,
//! rule, cell border, image and link sits where the PDF puts it.
//!
//! # What a page holds ([`page`])
//! - `viewBox="0 0 W H"` in points, the paper size (`width`/`height` in `pt`,
//!   which a page's CSS may override to scale it), a white background, and
//!   `id="trang-N"` / `data-trang="N"` (N: the 1-based page number).
//! - Text as real `<text>` elements, one per glyph run, so a browser can
//!   select, search and copy it: the content is the runs' cluster text (NFC,
//!   as the document holds it), and the `x` list gives every character the x
//!   of its glyph in the display list (a browser places each positioned code
//!   point on its own, combining marks too: a cluster of one glyph per
//!   character puts each at its glyph; a ligature spreads its characters over
//!   its advance), so the browser draws each cluster where the PDF does,
//!   kerning and justified spaces included. `y` is the run's baseline, or a
//!   list when a glyph sits off it. Each `<text>`
//!   carries `xml:space="preserve"` (whitespace kept, so the characters and
//!   the `x` list stay aligned, also inside an HTML page).
//! - Rules as `<line>`, table cell borders as `<rect fill="none">`, images as
//!   `<image>` with a `data:` URI (the file's own bytes, PNG or JPEG).
//! - Footnote links as `<a href="#trang-M" data-den-trang="M"
//!   data-den-y="Y">` around a transparent `<rect>`: M is the target page
//!   (1-based), Y the top of the note on it, in points.
//!
//! # Fonts: the contract with the page that shows the SVGs
//! A run names its face by a family unique to the font file's bytes
//! (`bc-<crc32>-<length>`), then the font's own family name and `serif`, with
//! the face's `font-weight` and `font-style`. The page that shows the SVGs
//! must load those faces: [`web_fonts`] (of `doc.settings.fonts()`, or
//! [`web_fonts_for`] page settings) gives, for a template set's
//! [`crate::fonts::FontSet`] (the family's four faces and every fallback font
//! from the settings, all compiled in or read once per process), each file's
//! name, MIME type and bytes, and [`WebFonts::css`] the `@font-face` rules
//! pointing at `<prefix><file name>`. Serve each [`WebFont::data`] at that URL
//! with [`WebFont::mime`], put the CSS in the page (or in a `<style>`), and
//! the browser draws the glyphs the PDF embeds. The names depend on the bytes
//! only, so two template sets with different fonts never collide, and the same
//! fonts give the same names in every run. Without the CSS (an SVG opened on
//! its own) the text falls back to an installed font of the same family.

mod fonts;
mod page;

pub use fonts::{web_fonts, web_fonts_for, WebFont, WebFonts};
pub use page::page;

use crate::document::Document;
use crate::layout::LayoutError;

/// Why the SVG pages could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SvgError {
    /// The document could not be laid out (the PDF fails the same way).
    #[error(transparent)]
    Layout(#[from] LayoutError),
}

/// Lay the document out and draw every page: one standalone SVG document
/// per page, in page order.
pub fn render(doc: &Document) -> Result<Vec<String>, SvgError> {
    let pages = crate::layout::pages(doc)?.pages;
    let set = doc.settings.fonts();
    Ok(pages.iter().map(|p| page(p, set)).collect())
}
