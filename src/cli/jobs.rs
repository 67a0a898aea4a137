//! One report, end to end: template -> document -> writers -> files. A
//! report's formats are all rendered in memory before any file is written,
//! and its files are written atomically as a set, so a failed report leaves nothing.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::data::Dataset;
use crate::document::{Document, Rendered};
use crate::output::write_all_atomic;
use crate::stats::Stats;
use crate::template::{Engine, Reports};

use super::slug::slug;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Docx,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }

    /// Write `doc` in this format.
    pub fn render(self, doc: &Document) -> Result<Rendered> {
        Ok(match self {
            Format::Pdf => crate::pdf::render(doc)?,
            Format::Docx => crate::docx::render(doc)?,
        })
    }
}

/// What a report is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The town report.
    Town,
    /// One ward's report, by its id in the data.
    Ward(String),
}

/// One report to make.
#[derive(Debug, Clone)]
pub struct Job {
    pub target: Target,
    /// Shown in progress lines and errors: "Kỳ Liên", "báo cáo thị xã".
    pub label: String,
    /// Safe file stem inside OUT_DIR.
    pub stem: String,
}

/// Where a report's data comes from, and what to do about characters no
/// font has ([`crate::glyphs`]).
#[derive(Debug, Clone, Copy)]
pub struct Glyphs<'a> {
    /// The data file: messages name the field and line holding the character.
    pub data_file: &'a Path,
    /// `--cho-phep-thieu-chu`: a warning instead of an error.
    pub allow_missing: bool,
}

/// What one report produced.
#[derive(Debug, Default)]
pub struct Done {
    pub paths: Vec<PathBuf>,
    pub warnings: Vec<String>,
}

/// The town job for a data file: its stem is the data file's stem.
pub fn town_job(data_path: &Path) -> Job {
    let stem = data_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Job {
        target: Target::Town,
        label: "báo cáo chung (town report)".into(),
        stem: slug(&stem, "bao-cao"),
    }
}

/// The job for ward `id`, or an error naming the ids that exist.
pub fn ward_job(data: &Dataset, id: &str) -> Result<Job> {
    let ward = data.ward(id).with_context(|| {
        let known: Vec<String> = ward_jobs(data).into_iter().map(|j| j.stem).collect();
        format!(
            "không có đơn vị `{id}` trong dữ liệu (no ward with this id); có: {}",
            known.join(", ")
        )
    })?;
    Ok(Job {
        target: Target::Ward(id.to_string()),
        label: ward_label(ward),
        stem: slug(id, "don-vi"),
    })
}

/// One job per ward, in the data's order, with unique stems.
pub fn ward_jobs(data: &Dataset) -> Vec<Job> {
    let mut seen = std::collections::HashSet::new();
    ward_ids(data)
        .into_iter()
        .map(|(id, label)| {
            let base = slug(&id, "don-vi");
            let mut stem = base.clone();
            let mut n = 2;
            while !seen.insert(stem.clone()) {
                stem = format!("{base}-{n}");
                n += 1;
            }
            Job {
                target: Target::Ward(id),
                label,
                stem,
            }
        })
        .collect()
}

/// Render `job` in every format, then write the files into `out_dir`.
pub fn run(
    engine: &Engine,
    data: &Dataset,
    stats: &Stats,
    job: &Job,
    formats: &[Format],
    out_dir: &Path,
    glyphs: Glyphs,
) -> Result<Done> {
    run_with(&engine.reports(data, stats), job, formats, out_dir, glyphs)
}

/// [`run`] with the dataset's reports prepared once ([`Engine::reports`]),
/// as a batch does: the template context shared by every report is built once.
pub fn run_with(
    reports: &Reports,
    job: &Job,
    formats: &[Format],
    out_dir: &Path,
    glyphs: Glyphs,
) -> Result<Done> {
    let doc = match &job.target {
        Target::Town => reports.town()?,
        Target::Ward(id) => reports.ward(id)?,
    };
    let missing = check_glyphs(&doc, glyphs)?;
    let mut rendered = Vec::with_capacity(formats.len());
    for f in formats {
        let r = f
            .render(&doc)
            .with_context(|| format!("lỗi khi tạo {} (render error)", f.ext().to_uppercase()))?;
        rendered.push((*f, r));
    }
    // All of the report's files, or none: a PDF without its DOCX (the disk
    // filled up in between) would look like a finished report.
    let paths: Vec<PathBuf> = rendered
        .iter()
        .map(|(f, _)| out_dir.join(format!("{}.{}", job.stem, f.ext())))
        .collect();
    let files: Vec<(&Path, &[u8])> = paths
        .iter()
        .zip(&rendered)
        .map(|(p, (_, r))| (p.as_path(), r.bytes.as_slice()))
        .collect();
    write_all_atomic(&files).map_err(|(path, e)| {
        anyhow::Error::new(e).context(format!("không ghi được {} (cannot write)", path.display()))
    })?;
    let mut done = Done {
        paths,
        warnings: doc.warnings.iter().cloned().chain(missing).collect(),
    };
    for (_, r) in rendered {
        done.warnings.extend(r.warnings);
    }
    Ok(done)
}

/// Characters no font has, checked once before any writer: an error naming
/// each (character, data field, line), or with `allow_missing` the warnings.
fn check_glyphs(doc: &Document, glyphs: Glyphs) -> Result<Vec<String>> {
    let set = crate::fonts::FontSet::from_settings(
        &doc.settings.fonts,
        doc.settings.base_dir.as_deref(),
    )?;
    let missing = crate::glyphs::missing(doc, &set);
    if missing.is_empty() {
        return Ok(Vec::new());
    }
    let messages = crate::glyphs::describe(&missing, doc, &set, glyphs.data_file);
    if glyphs.allow_missing {
        return Ok(messages);
    }
    anyhow::bail!("{}\n{}", messages.join("\n"), crate::glyphs::HINT)
}

/// (id, label) of each ward in report order (explicit order, then collation).
fn ward_ids(data: &Dataset) -> Vec<(String, String)> {
    crate::template::context::ordered_wards(data)
        .into_iter()
        .map(|w| (w.ma.clone(), ward_label(w)))
        .collect()
}

/// "phường Kỳ Liên".
fn ward_label(w: &crate::data::DonVi) -> String {
    w.loai.full_name(&w.ten)
}
