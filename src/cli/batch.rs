//! `baocao batch`: every ward's report plus the town report, in parallel,
//! with a progress bar on a terminal and plain lines otherwise. One report's
//! failure does not stop the others. An interrupt (Ctrl-C, SIGTERM) lets the
//! reports being written finish, starts no new one, and says so.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::data::Dataset;
use crate::stats::Stats;
use crate::template::Engine;

use super::jobs::{self, Format, Job};
use super::Verbosity;
use crate::output::Durability;

pub use super::interrupt::INTERRUPTED;

/// Install the Ctrl-C / SIGTERM handler: the reports under way finish, a
/// second interrupt stops at once (`super::interrupt`).
pub fn install_interrupt_handler() {
    super::interrupt::install(super::interrupt::OnInterrupt::FinishRunning);
}

/// The outcome of a batch.
#[derive(Debug, Default)]
pub struct Summary {
    pub written: usize,
    pub failed: Vec<(String, String)>,
    /// Every warning printed: the data's (before any report) and the writers'.
    pub warnings: usize,
    /// Warnings by the report or unit they are about, in the order first met.
    pub warned: Vec<(String, usize)>,
    /// PDF and DOCX files in OUT_DIR this batch did not write (a ward no
    /// longer in the data, another data file's reports): listed, not deleted.
    pub stale: Vec<String>,
    pub skipped: usize,
    pub interrupted: bool,
}

impl Summary {
    fn warn(&mut self, label: &str) {
        self.warnings += 1;
        match self.warned.iter_mut().find(|(l, _)| l == label) {
            Some((_, n)) => *n += 1,
            None => self.warned.push((label.to_string(), 1)),
        }
    }
}

/// Run `jobs` on `threads` threads; print paths, failures and a summary.
#[allow(clippy::too_many_arguments)]
pub fn run(
    engine: &Engine,
    data: &Dataset,
    stats: &Stats,
    jobs: &[Job],
    formats: &[Format],
    out_dir: &Path,
    threads: usize,
    verbosity: Verbosity,
    glyphs: jobs::Glyphs,
    data_warnings: Vec<(String, String)>,
    data_path: &Path,
) -> Result<Summary> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let bar = (verbosity != Verbosity::Quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(jobs.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} báo cáo {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let mut first = Summary::default();
    for (label, _) in &data_warnings {
        first.warn(label);
    }
    let summary = Mutex::new(first);
    let total = jobs.len();
    let counter = std::sync::atomic::AtomicUsize::new(0);
    // The template context every report shares, converted once.
    let reports = engine.reports(data, stats);
    // The town report first: with a long annex it takes as long as many
    // wards, and started last it would run alone at the end.
    let order: Vec<&Job> = jobs
        .iter()
        .filter(|j| j.target == jobs::Target::Town)
        .chain(jobs.iter().filter(|j| j.target != jobs::Target::Town))
        .collect();
    pool.install(|| {
        order.par_iter().for_each(|&job| {
            if INTERRUPTED.load(Ordering::SeqCst) {
                summary.lock().unwrap_or_else(|e| e.into_inner()).skipped += 1;
                return;
            }
            let result = jobs::run_with(
                &reports,
                job,
                formats,
                out_dir,
                glyphs,
                Durability::Deferred,
            )
            .map_err(|e| jobs::with_data_line(e, data_path));
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            let mut s = summary.lock().unwrap_or_else(|e| e.into_inner());
            let line = match result {
                Ok(done) => {
                    s.written += done.paths.len();
                    for _ in &done.warnings {
                        s.warn(&job.label);
                    }
                    let mut line = done
                        .paths
                        .iter()
                        .map(|p| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join("\n");
                    for w in &done.warnings {
                        line.push_str(&format!("\n[{}] {}", job.label, w.line()));
                    }
                    line
                }
                Err(e) => {
                    let msg = crate::os_error::error_text(&e);
                    s.failed.push((job.label.clone(), msg.clone()));
                    format!("LỖI (error) [{}]: {msg}", job.label)
                }
            };
            drop(s);
            match &bar {
                Some(bar) => {
                    bar.inc(1);
                    bar.set_message(job.label.clone());
                    if verbosity == Verbosity::Verbose
                        || line.starts_with("LỖI")
                        || line.contains("\n[")
                    {
                        bar.println(line);
                    }
                }
                None => {
                    if verbosity != Verbosity::Quiet || line.starts_with("LỖI") {
                        if line.starts_with("LỖI") {
                            eprintln!("[{n}/{total}] {line}");
                        } else {
                            println!("{line}");
                        }
                    }
                }
            }
        });
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let mut summary = summary.into_inner().unwrap_or_else(|e| e.into_inner());
    // The reports were written unsynced: to disk now, before saying so.
    if summary.written > 0 {
        if let Err(e) = crate::output::sync_folder(out_dir) {
            summary.failed.push((
                out_dir.display().to_string(),
                format!("không ghi được xuống đĩa (cannot sync to disk): {e}"),
            ));
        }
    }
    summary.interrupted = INTERRUPTED.load(Ordering::SeqCst);
    summary.stale = stale_files(jobs, out_dir);
    if verbosity != Verbosity::Quiet {
        eprintln!(
            "Đã ghi (written) {} tệp, lỗi (failed) {} báo cáo, cảnh báo (warnings) {}, {:.2} s{}",
            summary.written,
            summary.failed.len(),
            summary.warnings,
            started.elapsed().as_secs_f64(),
            if summary.interrupted {
                format!(
                    "; BỊ NGẮT (interrupted): {} báo cáo chưa làm",
                    summary.skipped
                )
            } else {
                String::new()
            }
        );
        for (label, msg) in &summary.failed {
            eprintln!("  - {label}: {msg}");
        }
        if !summary.warned.is_empty() {
            let by: Vec<String> = summary
                .warned
                .iter()
                .map(|(label, n)| format!("{label}: {n}"))
                .collect();
            eprintln!(
                "  cảnh báo theo đơn vị (warnings by unit): {}",
                by.join("; ")
            );
        }
        if !summary.stale.is_empty() {
            eprintln!(
                "  tệp trong thư mục không do lần chạy này ghi, có thể của đơn vị không còn trong dữ liệu; không xóa (files not from this run, not deleted): {}",
                summary.stale.join(", ")
            );
        }
    }
    Ok(summary)
}

/// PDF and DOCX files in `out_dir` whose name is no report of `jobs` (in
/// any format: `-f pdf` leaves last run's DOCX of the same reports alone), sorted.
fn stale_files(jobs: &[Job], out_dir: &Path) -> Vec<String> {
    let ours: std::collections::HashSet<String> = jobs
        .iter()
        .flat_map(|j| {
            [Format::Pdf, Format::Docx]
                .into_iter()
                .map(move |f| format!("{}.{}", j.stem, f.ext()))
        })
        .collect();
    let Ok(dir) = std::fs::read_dir(out_dir) else {
        return Vec::new();
    };
    let mut stale: Vec<String> = dir
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            let lower = n.to_ascii_lowercase();
            (lower.ends_with(".pdf") || lower.ends_with(".docx")) && !n.starts_with('.')
        })
        .filter(|n| !ours.contains(n))
        .collect();
    stale.sort();
    stale
}
