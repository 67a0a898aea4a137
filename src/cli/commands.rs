//! What each command does, given the parsed arguments.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::data::Dataset;
use crate::stats::{self, Stats};
use crate::template::{Engine, MainTemplate};

use super::jobs::{self, Job};
use super::{batch, Cli, Command, TemplateArgs, TemplatesAction, Verbosity};

pub fn run(cli: Cli) -> Result<i32> {
    let verbosity = if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    // Ctrl-C: a batch finishes the reports under way; any other command
    // stops at once. Either way no temporary file is left; exit 130. The
    // page's server (giao-dien) answers the requests under way and stops.
    super::interrupt::install(match cli.command {
        Command::Batch { .. } | Command::GiaoDien { .. } => {
            super::interrupt::OnInterrupt::FinishRunning
        }
        _ => super::interrupt::OnInterrupt::Stop,
    });
    match cli.command {
        Command::Check { data } => Ok(super::check::run(&data, cli.strict, verbosity)),
        Command::Chuyen { from, to, force } => super::chuyen::run(&from, &to, force, verbosity),
        Command::Render {
            data,
            out,
            tpl,
            don_vi,
            markup,
        } => {
            if don_vi.is_some() && tpl.template.is_some() && tpl.template_don_vi.is_none() {
                eprintln!(
                    "lỗi: --template là mẫu của báo cáo chung; báo cáo đơn vị (--don-vi) dùng --template-don-vi \
                     (error: --template is the town report's template; use --template-don-vi for a ward report)"
                );
                return Ok(super::EXIT_USAGE);
            }
            let (dataset, stats, _) = load(&data, cli.strict, verbosity)?;
            let engine = engine(&tpl)?;
            let job = match &don_vi {
                Some(id) => jobs::ward_job(&dataset, id)?,
                None => jobs::town_job(&dataset, &data),
            };
            if markup {
                let text = match &job.target {
                    jobs::Target::Town => engine.render_markup_town(&dataset, &stats)?,
                    jobs::Target::Ward(id) => engine.render_markup_ward(&dataset, &stats, id)?,
                };
                use std::io::Write;
                std::io::stdout()
                    .lock()
                    .write_all(text.as_bytes())
                    .context("không in được (cannot write to stdout)")?;
                return Ok(0);
            }
            prepare_out_dir(&out.out_dir, verbosity)?;
            let done = jobs::run(
                &engine,
                &dataset,
                &stats,
                &job,
                &out.format.formats(),
                &out.out_dir,
                jobs::Glyphs {
                    data_file: &data,
                    allow_missing: out.allow_missing,
                },
            )
            .with_context(|| job.label.clone())
            .map_err(|e| jobs::with_data_line(e, &data))?;
            report_warnings(&done.warnings, verbosity);
            if cli.strict && !done.warnings.is_empty() {
                bail!(
                    "{} cảnh báo khi tạo báo cáo, --strict coi là lỗi (warnings are errors with --strict)",
                    done.warnings.len()
                );
            }
            if verbosity != Verbosity::Quiet {
                for p in &done.paths {
                    println!("{}", p.display());
                }
            }
            Ok(0)
        }
        Command::Batch {
            data,
            out,
            tpl,
            jobs: threads,
        } => {
            let (dataset, stats, warned) = load(&data, cli.strict, verbosity)?;
            let engine = engine(&tpl)?;
            prepare_out_dir(&out.out_dir, verbosity)?;
            let all: Vec<Job> = jobs::all_jobs(&dataset, &data);
            let threads = threads.map(usize::from).unwrap_or_else(|| {
                std::thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(1)
            });
            batch::install_interrupt_handler();
            let summary = batch::run(
                &engine,
                &dataset,
                &stats,
                &all,
                &out.format.formats(),
                &out.out_dir,
                threads,
                verbosity,
                jobs::Glyphs {
                    data_file: &data,
                    allow_missing: out.allow_missing,
                },
                warned,
                &data,
            )?;
            Ok(if summary.interrupted {
                130
            } else if !summary.failed.is_empty() || (cli.strict && summary.warnings > 0) {
                1
            } else {
                0
            })
        }
        Command::Init { dir } => {
            super::init::run(&dir)?;
            if verbosity != Verbosity::Quiet {
                println!("Đã tạo thư mục làm việc (created): {}", dir.display());
                println!("Xem hướng dẫn: {}", dir.join("HUONG-DAN.md").display());
            }
            Ok(0)
        }
        Command::Templates { action } => match action {
            TemplatesAction::List { templates } => {
                let overrides: Vec<String> = match &templates {
                    Some(dir) => list_dir_names(dir)?,
                    None => Vec::new(),
                };
                for (name, _) in crate::template::builtin_templates() {
                    let mark = if overrides.iter().any(|o| o == name) {
                        "  (ghi đè bởi thư mục người dùng / overridden)"
                    } else {
                        ""
                    };
                    println!("{name}{mark}");
                }
                for o in &overrides {
                    if !crate::template::builtin_templates()
                        .iter()
                        .any(|(n, _)| n == o)
                    {
                        println!("{o}  (mẫu của người dùng / user template)");
                    }
                }
                Ok(0)
            }
            TemplatesAction::Export { dir, force } => {
                let written = super::init::export_templates(&dir, force)?;
                if verbosity != Verbosity::Quiet {
                    for p in written {
                        println!("{}", p.display());
                    }
                }
                Ok(0)
            }
        },
        Command::GiaoDien {
            data,
            templates,
            khong_mo,
            cong,
            mang,
        } => crate::web::run(crate::web::Options {
            data,
            templates,
            open_browser: !khong_mo,
            port: cong,
            lan: mang,
            intro: false,
        }),
        Command::Generate {
            wards,
            cells,
            seed,
            output,
        } => {
            let text = super::synth::generate(wards, cells, seed);
            match output {
                Some(p) => crate::output::write_atomic(&p, text.as_bytes())
                    .with_context(|| format!("không ghi được {}", p.display()))?,
                None => print!("{text}"),
            }
            Ok(0)
        }
    }
}

/// The data, its figures, and the warnings printed as (unit, text).
type Loaded = (Dataset, Stats, Vec<(String, String)>);

/// Load, derive and check. Errors among the findings (impossible values:
/// a birth year after the congress, a zero denominator, a duplicate ward id)
/// stop here: a report would print them as facts ("đạt 200%", "0 tuổi").
/// Warnings are printed, each with the ward it is about, and are errors
/// with `--strict`. Returns the warnings printed, by ward label.
fn load(path: &Path, strict: bool, verbosity: Verbosity) -> Result<Loaded> {
    let (data, locator) = super::check::load_located(path)?;
    let stats = stats::derive(&data);
    // What the data leaves unknown is information for `check`, not a
    // finding that stops a report (or fails --strict).
    let findings: Vec<_> = stats::check(&data, &stats)
        .into_iter()
        .filter(|f| f.severity != stats::Severity::Info)
        .collect();
    let mut printed = Vec::new();
    if !findings.is_empty() {
        let errors = findings
            .iter()
            .filter(|f| f.severity == stats::Severity::Error)
            .count();
        if verbosity != Verbosity::Quiet || strict || errors > 0 {
            for f in &findings {
                let label = finding_label(&data, &f.path);
                eprintln!(
                    "[{label}] {}",
                    super::check::finding_line(f, path, locator.as_deref())
                );
                if f.severity == stats::Severity::Warning {
                    printed.push((label, f.to_string()));
                }
            }
        }
        if errors > 0 {
            bail!(
                "{}: {errors} lỗi trong dữ liệu, không lập báo cáo (errors in the data: no report made; see `baocao check`)",
                path.display()
            );
        }
        if strict {
            bail!(
                "{}: {} điểm không khớp, --strict coi là lỗi (findings are errors with --strict)",
                path.display(),
                findings.len()
            );
        }
    }
    Ok((data, stats, printed))
}

/// The unit a finding at `path` is about: "phường Kỳ Liên" for
/// `don_vi[3]...`, else the data as a whole.
fn finding_label(data: &Dataset, path: &str) -> String {
    path.strip_prefix("don_vi[")
        .and_then(|rest| rest.split(']').next())
        .and_then(|i| i.parse::<usize>().ok())
        .and_then(|i| data.don_vi.get(i))
        .map(|w| format!("{} {}", w.loai.label(), w.ten))
        .unwrap_or_else(|| "dữ liệu chung (town data)".to_string())
}

/// The templates: `--template` for the town report, `--template-don-vi`
/// for ward reports, each a name or a file, over `--templates DIR`.
fn engine(tpl: &TemplateArgs) -> Result<Engine> {
    let dir = tpl.templates.as_deref();
    fn main(t: &Option<String>) -> MainTemplate<'_> {
        match t {
            None => MainTemplate::Default,
            Some(t) if is_file_arg(t) => MainTemplate::File(Path::new(t)),
            Some(name) => MainTemplate::Name(name),
        }
    }
    Ok(match (&tpl.template, &tpl.template_don_vi, dir) {
        (None, None, Some(dir)) => Engine::with_dir(dir)?,
        (None, None, None) => Engine::builtin()?,
        (town, ward, dir) => Engine::with_mains(main(town), main(ward), dir)?,
    })
}

fn is_file_arg(t: &str) -> bool {
    Path::new(t).is_file() || t.contains('/') || t.contains('\\')
}

/// Create the output folder; list the temporary files an earlier run left
/// there (killed, or the machine stopped), removing those that are ours and old.
fn prepare_out_dir(dir: &Path, verbosity: Verbosity) -> Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("không tạo được thư mục {} (cannot create)", dir.display()))?;
    report_stale_temps(dir, verbosity);
    Ok(())
}

/// Print the temporary files of an earlier run in `dir` (`output::stale_temps`).
pub(super) fn report_stale_temps(dir: &Path, verbosity: Verbosity) {
    if verbosity == Verbosity::Quiet {
        let _ = crate::output::stale_temps(dir);
        return;
    }
    for t in crate::output::stale_temps(dir) {
        if t.removed {
            eprintln!(
                "đã xóa tệp tạm của một lần chạy trước bị dừng (removed an earlier run's temporary file): {}",
                t.path.display()
            );
        } else {
            eprintln!(
                "tệp tạm còn lại, có thể của một lần chạy khác đang chạy; không xóa (temporary file, maybe another run's; not deleted): {}",
                t.path.display()
            );
        }
    }
}

fn report_warnings(warnings: &[crate::diagnostic::Diagnostic], verbosity: Verbosity) {
    if verbosity == Verbosity::Quiet {
        return;
    }
    for w in warnings {
        eprintln!("{}", w.line());
    }
}

fn list_dir_names(dir: &Path) -> Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("không đọc được thư mục {}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| PathBuf::from(e.file_name()))
        .filter(|p| p.extension().is_some_and(|x| x == "tera"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    names.sort();
    Ok(names)
}
