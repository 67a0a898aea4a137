//! Vietnamese writing rules (docs/domain.md, "Writing rules"), as plain
//! functions; `crate::template::filters` exposes them to templates.

pub mod cap;
pub mod collate;
pub mod date;
pub mod number;
// Tone-mark placement is `crate::data::dau` (one module for the data and the
// templates).
