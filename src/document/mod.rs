//! The document stage: one backend-neutral model of blocks, inlines,
//! footnotes and document meta, plus the page settings both writers read.

pub mod checked;
pub mod frontmatter;
pub mod image;
pub mod lower;
pub mod markup;
mod markup_vi;
pub mod measure;
pub mod model;
pub mod sample;
pub mod settings;

pub use checked::Settings;
pub use image::ImageFile;
pub use model::*;
pub use settings::PageSettings;

/// What a writer returns: the file's bytes and any warnings (e.g. a
/// character the font lacks, with where it occurs). Warnings never stop a
/// render; the CLI prints them and `--strict` turns them into errors.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub warnings: Vec<crate::diagnostic::Diagnostic>,
}
