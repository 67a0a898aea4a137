//! The document stage: one backend-neutral model of blocks, inlines,
//! footnotes and document meta, plus the page settings both writers read.

pub mod model;
pub mod sample;
pub mod settings;

pub use model::*;
pub use settings::PageSettings;
