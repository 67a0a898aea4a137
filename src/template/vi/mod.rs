//! Vietnamese writing rules (docs/domain.md, "Writing rules"), as plain
//! functions; `crate::template::filters` exposes them to templates.

pub mod cap;
pub mod collate;
pub mod date;
pub mod number;
pub mod tone;

pub use tone::ToneStyle;
