//! One report, end to end: template -> document -> writers -> files. A
//! report's formats are all rendered in memory before any file is written,
//! and its files are written atomically as a set, so a failed report leaves nothing.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::data::Dataset;
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Rendered};
use crate::output::{write_all_atomic, Durability};
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
    pub warnings: Vec<Diagnostic>,
}

/// The town job for a data file: its stem is the data file's stem, with
/// `-chung` added while a ward's file already has that name (so `render`
/// and `batch` write the town report to the same file, and never over a ward's).
pub fn town_job(data: &Dataset, data_path: &Path) -> Job {
    let stem = data_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut stem = slug(&stem, "bao-cao");
    let wards = ward_jobs(data);
    while wards.iter().any(|j| j.stem == stem) {
        stem.push_str("-chung");
    }
    Job {
        target: Target::Town,
        label: "báo cáo chung (town report)".into(),
        stem,
    }
}

/// Every report of a batch: the wards in report order, then the town.
pub fn all_jobs(data: &Dataset, data_path: &Path) -> Vec<Job> {
    let mut all = ward_jobs(data);
    all.push(town_job(data, data_path));
    all
}

/// The job for ward `id`: the same job (and so the same file name) that
/// [`ward_jobs`] makes for that ward in a batch. `id` may be written in any
/// Unicode normal form (NFD from a Mac or Unikey) and either tone style
/// ("sơn-thuỷ" = "sơn-thủy"), or be the ward's file name ("ky-lien"). The
/// error lists the ids as written in the data, every one of which is accepted.
pub fn ward_job(data: &Dataset, id: &str) -> Result<Job> {
    let jobs = ward_jobs(data);
    let key = id_key(data, id);
    let found = jobs
        .iter()
        .position(|j| matches!(&j.target, Target::Ward(w) if id_key(data, w) == key))
        .or_else(|| jobs.iter().position(|j| j.stem == id.trim()));
    match found {
        Some(i) => Ok(jobs[i].clone()),
        None => {
            let known: Vec<&str> = jobs
                .iter()
                .filter_map(|j| match &j.target {
                    Target::Ward(w) => Some(w.as_str()),
                    Target::Town => None,
                })
                .collect();
            anyhow::bail!(
                "không có đơn vị `{id}` trong dữ liệu (no ward with this id); các mã có: {}",
                if known.is_empty() {
                    "(không có đơn vị nào)".to_string()
                } else {
                    known.join(", ")
                }
            )
        }
    }
}

/// How an id is compared: trimmed, NFC, tone marks in the data's style.
fn id_key(data: &Dataset, id: &str) -> String {
    crate::data::dau::apply(&crate::data::normalize(id.trim()), data.van_ban.kieu_dau)
}

/// One job per ward, in the data's order, with unique stems. The one place
/// a ward's file name is decided: `render --don-vi` takes its job from here.
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
    run_with(
        &engine.reports(data, stats),
        job,
        formats,
        out_dir,
        glyphs,
        Durability::EachFile,
    )
}

/// [`run`] with the dataset's reports prepared once ([`Engine::reports`]),
/// as a batch does: the template context shared by every report is built once.
pub fn run_with(
    reports: &Reports,
    job: &Job,
    formats: &[Format],
    out_dir: &Path,
    glyphs: Glyphs,
    durability: Durability,
) -> Result<Done> {
    let made = render(reports, job, formats, glyphs)?;
    // All of the report's files, or none: a PDF without its DOCX (the disk
    // filled up in between) would look like a finished report.
    let paths: Vec<PathBuf> = made
        .files
        .iter()
        .map(|(f, _)| out_dir.join(format!("{}.{}", job.stem, f.ext())))
        .collect();
    let files: Vec<(&Path, &[u8])> = paths
        .iter()
        .zip(&made.files)
        .map(|(p, (_, r))| (p.as_path(), r.bytes.as_slice()))
        .collect();
    write_all_atomic(&files, durability).map_err(|(path, e)| {
        anyhow::Error::new(e).context(format!("không ghi được {} (cannot write)", path.display()))
    })?;
    Ok(Done {
        paths,
        warnings: made.warnings,
    })
}

/// One report rendered in memory, nothing written.
#[derive(Debug, Default)]
pub struct Made {
    /// The bytes of each format asked for, in that order.
    pub files: Vec<(Format, Rendered)>,
    /// The document's warnings, then the writers'.
    pub warnings: Vec<Diagnostic>,
}

/// The document of `job` (the town's or a ward's).
pub fn document(reports: &Reports, job: &Job) -> Result<Document> {
    Ok(match &job.target {
        Target::Town => reports.town()?,
        Target::Ward(id) => reports.ward(id)?,
    })
}

/// Render `job` in every format, in memory: what [`run_with`] writes, and
/// what the page (`giao-dien`) serves, byte for byte.
pub fn render(reports: &Reports, job: &Job, formats: &[Format], glyphs: Glyphs) -> Result<Made> {
    let doc = document(reports, job)?;
    let missing = check_glyphs(&doc, glyphs)?;
    let mut files = Vec::with_capacity(formats.len());
    for f in formats {
        let r = f
            .render(&doc)
            .with_context(|| format!("lỗi khi tạo {} (render error)", f.ext().to_uppercase()))?;
        files.push((*f, r));
    }
    let mut warnings: Vec<Diagnostic> = doc.warnings.iter().cloned().chain(missing).collect();
    for (_, r) in &mut files {
        warnings.append(&mut r.warnings);
    }
    Ok(Made { files, warnings })
}

/// Characters no font has, checked once before any writer: an error naming
/// each (character, data field, line), or with `allow_missing` the warnings.
pub fn check_glyphs(doc: &Document, glyphs: Glyphs) -> Result<Vec<Diagnostic>> {
    let set = doc.settings.fonts();
    let missing = crate::glyphs::missing(doc, set);
    if missing.is_empty() {
        return Ok(Vec::new());
    }
    let mut found = crate::glyphs::describe(&missing, doc, set, glyphs.data_file);
    if glyphs.allow_missing {
        for d in &mut found {
            d.severity = crate::diagnostic::Severity::Warning;
        }
        return Ok(found);
    }
    let lines: Vec<String> = found.iter().map(|d| d.to_string()).collect();
    anyhow::bail!("{}\n{}", lines.join("\n"), crate::glyphs::HINT)
}

/// (id, label) of each ward in report order (the data file's; `thu_tu` sorted on load).
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

/// `e` with the line of the data file a markup error's text came from,
/// when the template layer traced it to a data field (it knows the field,
/// not the file).
pub fn with_data_line(e: anyhow::Error, data_path: &Path) -> anyhow::Error {
    let found = e.chain().find_map(
        |c| match c.downcast_ref::<crate::template::TemplateError>() {
            Some(crate::template::TemplateError::MarkupAt(m)) if m.field.is_some() => {
                Some(m.snippet.clone())
            }
            _ => None,
        },
    );
    let Some(snippet) = found else { return e };
    let Ok(bytes) = std::fs::read(data_path) else {
        return e;
    };
    let text = crate::data::normalize(&String::from_utf8_lossy(&bytes));
    match text.lines().position(|l| l.contains(&snippet)) {
        Some(i) => {
            let col = text
                .lines()
                .nth(i)
                .and_then(|l| l.find(&snippet))
                .map_or(1, |b| {
                    text.lines().nth(i).map_or(0, |l| l[..b].chars().count()) + 1
                });
            e.context(format!(
                "{}:{}:{}: văn bản này nằm trong dữ liệu (the text comes from the data)",
                data_path.display(),
                i + 1,
                col
            ))
        }
        None => e,
    }
}
