//! Template stage: Tera templates -> document markup -> document model. (issue #3)
//!
//! [`Engine`] compiles the built-in templates (`templates/*.tera`, compiled
//! into the binary) once, optionally laid over by a user directory; it
//! renders a [`crate::data::Dataset`] and its derived figures into the
//! document markup (Markdown + front matter, see
//! [`crate::document::markup`]), parses that into a
//! [`crate::document::Document`] and normalises all its text to the
//! document's tone-mark style (`van_ban.kieu_dau`).
//! `docs/templates.md` documents the context, filters and extensions.

pub mod context;
mod engine;
mod error;
pub mod escape;
pub mod filters;
pub mod notes;
pub mod prose;
mod tone_doc;
mod typography;
pub mod vi;

pub use engine::{builtin_templates, Engine, MainTemplate, Reports, TOWN, WARD};
pub use error::{MarkupOrigin, TemplateError, TemplateErrorKind};
