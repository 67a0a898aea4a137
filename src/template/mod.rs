//! Template stage: Tera templates -> document markup -> document model. (issue #3)

pub mod filters;
pub mod vi;
