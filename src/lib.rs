//! baocao: YAML data on party-cell congress results -> the official
//! Vietnamese summary report (báo cáo kết quả đại hội chi bộ), as PDF and DOCX.
//!
//! Pipeline, one module per stage, one data model flowing through it:
//! [`data`] (YAML -> typed model, validation) -> [`stats`] (derived figures,
//! consistency) -> [`template`] (Tera -> document markup) -> [`document`]
//! (backend-neutral blocks, inlines, footnotes, meta, page settings) ->
//! [`layout`] (pages as display lists, read by the PDF and SVG writers) ->
//! [`pdf`] / [`docx`] / [`svg`] (writers; SVG: page previews) -> [`cli`] (commands, batch).
//! What goes wrong at any stage is told as a [`diagnostic::Diagnostic`].

pub mod cli;
pub mod data;
pub mod deflate;
pub mod diagnostic;
pub mod document;
pub mod docx;
pub mod fonts;
pub mod glyphs;
pub mod layout;
pub mod os_error;
pub mod output;
pub mod pdf;
pub mod stats;
pub mod svg;
pub mod template;
pub mod web;
