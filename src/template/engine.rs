//! The engine: the built-in templates compiled once, a user directory's
//! overrides and settings, rendering to markup and to the document model.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tera::Tera;

use super::context::{self, Scope};
use super::error::TemplateError;
use super::{escape, filters, notes, tone_doc, typography};
use crate::data::Dataset;
use crate::document::{markup, Document, Settings};
use crate::stats::Stats;

/// Name of the built-in town report template.
pub const TOWN: &str = "bao-cao-thi-xa.md.tera";
/// Name of the built-in ward report template.
pub const WARD: &str = "bao-cao-phuong-xa.md.tera";

static BUILTIN: &[(&str, &str)] = &[
    ("base.md.tera", include_str!("../../templates/base.md.tera")),
    (TOWN, include_str!("../../templates/bao-cao-thi-xa.md.tera")),
    (
        "thi-xa.md.tera",
        include_str!("../../templates/thi-xa.md.tera"),
    ),
    (
        WARD,
        include_str!("../../templates/bao-cao-phuong-xa.md.tera"),
    ),
    (
        "phuong-xa.md.tera",
        include_str!("../../templates/phuong-xa.md.tera"),
    ),
    (
        "phu-luc.md.tera",
        include_str!("../../templates/phu-luc.md.tera"),
    ),
];

/// A report's main template, for [`Engine::with_mains`].
#[derive(Debug, Clone, Copy)]
pub enum MainTemplate<'a> {
    /// The built-in one ([`TOWN`] or [`WARD`]), or the user directory's of that name.
    Default,
    /// A template by name among the built-in ones or the user directory's.
    Name(&'a str),
    /// A template file.
    File(&'a Path),
}

/// The built-in templates, (name, source), for `baocao templates
/// list|export`. The page settings that go with them are
/// [`crate::document::settings::BUILTIN_SETTINGS`] (`settings.yaml`).
pub fn builtin_templates() -> &'static [(&'static str, &'static str)] {
    BUILTIN
}

/// Compiled templates plus the page settings of the template set. Build
/// once per process; `Send + Sync`, so a batch can share it across threads.
#[derive(Clone)]
pub struct Engine {
    tera: Arc<Tera>,
    settings: Settings,
    town: String,
    ward: String,
    /// Where relative image paths in the markup are resolved.
    base_dir: Option<PathBuf>,
    /// Set when a render ran past the time limit: its thread may still
    /// spin, so the template is not run again (a batch would pile them up).
    runaway: Arc<std::sync::atomic::AtomicBool>,
    /// The templates' text, by name: a markup error is traced back to them.
    sources: Arc<BTreeMap<String, String>>,
    /// Whether the ward report's templates may read `don_vi` or `stats`
    /// ([`reads_town_values`]): if not, a batch keeps neither for them.
    ward_reads_town: bool,
    /// Whether the town report runs only the built-in templates
    /// ([`builtin_only`]): its context then holds a lean `don_vi`.
    town_builtin: bool,
}

fn io_err(path: &Path, e: impl std::fmt::Display) -> TemplateError {
    TemplateError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// The most a template or settings file may hold (4 MiB).
pub const MAX_TEMPLATE_BYTES: u64 = 4 * 1024 * 1024;

/// A template or settings file as text, bounded in size (`/dev/zero` too).
fn read_text(path: &Path) -> Result<String, TemplateError> {
    let bytes = crate::data::read_bounded(path, MAX_TEMPLATE_BYTES).map_err(|e| io_err(path, e))?;
    String::from_utf8(bytes).map_err(|e| {
        io_err(
            path,
            format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
        )
    })
}

/// Template files of a user directory (recursively), by name relative to
/// it with "/" separators.
fn read_dir_templates(
    dir: &Path,
    prefix: &str,
    out: &mut BTreeMap<String, String>,
) -> Result<(), TemplateError> {
    let root = dir.canonicalize().map_err(|e| io_err(dir, e))?;
    read_dir_inside(dir, &root, prefix, out)
}

/// As [`read_dir_templates`]; a file or folder whose real path (symbolic
/// links followed) leaves `root` is refused.
fn read_dir_inside(
    dir: &Path,
    root: &Path,
    prefix: &str,
    out: &mut BTreeMap<String, String>,
) -> Result<(), TemplateError> {
    let entries = std::fs::read_dir(dir).map_err(|e| io_err(dir, e))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let name = p
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let inside = |p: &Path| -> Result<(), TemplateError> {
            let real = p.canonicalize().map_err(|e| io_err(p, e))?;
            if real.starts_with(root) {
                Ok(())
            } else {
                Err(io_err(
                    p,
                    format!(
                        "points outside the template folder (to {}): refused",
                        real.display()
                    ),
                ))
            }
        };
        if p.is_dir() {
            inside(&p)?;
            read_dir_inside(&p, root, &format!("{prefix}{name}/"), out)?;
        } else if name.ends_with(".tera") {
            inside(&p)?;
            out.insert(format!("{prefix}{name}"), read_text(&p)?);
        }
    }
    Ok(())
}

impl Engine {
    fn compile(
        sources: BTreeMap<String, String>,
        settings: Settings,
        town: String,
        ward: String,
        base_dir: Option<PathBuf>,
    ) -> Result<Engine, TemplateError> {
        let mut tera = Tera::default();
        // Data is text: every printed value is escaped for the markup
        // (`escape`), in every template whatever its name; narrative fields
        // are safe strings in the context.
        tera.autoescape_on([""]);
        tera.set_escape_fn(escape::escape_fn);
        filters::register(&mut tera);
        tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(|e| TemplateError::from_tera(e, &town))?;
        for main in [&town, &ward] {
            if !tera.contains_template(main) {
                return Err(TemplateError::Other {
                    template: main.clone(),
                    message: "template not found".into(),
                });
            }
        }
        let ward_reads_town = reads_town_values(&sources, &ward);
        let town_builtin = builtin_only(&sources, &town);
        Ok(Engine {
            tera: Arc::new(tera),
            settings,
            town,
            ward,
            base_dir,
            runaway: Arc::default(),
            sources: Arc::new(sources),
            ward_reads_town,
            town_builtin,
        })
    }

    fn builtin_sources() -> BTreeMap<String, String> {
        BUILTIN
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect()
    }

    /// The built-in templates and settings.
    pub fn builtin() -> Result<Engine, TemplateError> {
        Self::compile(
            Self::builtin_sources(),
            Settings::builtin(),
            TOWN.into(),
            WARD.into(),
            None,
        )
    }

    fn dir_parts(dir: &Path) -> Result<(BTreeMap<String, String>, Settings), TemplateError> {
        if !dir.is_dir() {
            return Err(io_err(dir, "not a directory"));
        }
        let mut sources = Self::builtin_sources();
        read_dir_templates(dir, "", &mut sources)?;
        let settings_file = dir.join("settings.yaml");
        // Absent: the built-in settings. Present but not a regular file
        // (a folder, a FIFO, a link to nothing): an error, not ignored.
        let settings = match std::fs::symlink_metadata(&settings_file) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Settings::builtin(),
            _ if settings_file.is_file() => {
                let text = read_text(&settings_file)?;
                Settings::overlay(&text, &settings_file)?
            }
            _ => {
                return Err(io_err(
                    &settings_file,
                    "không phải một tệp thường (thư mục, liên kết hỏng hoặc tệp đặc biệt): đổi tên hoặc xóa nó để dùng thiết lập có sẵn (not a regular file)",
                ))
            }
        };
        Ok((sources, settings))
    }

    /// The built-in templates with a user directory laid over them: a
    /// `*.tera` file replaces the built-in template of the same name (or
    /// adds one); a `settings.yaml` there is laid over the built-in one.
    pub fn with_dir(dir: &Path) -> Result<Engine, TemplateError> {
        let (sources, settings) = Self::dir_parts(dir)?;
        Self::compile(
            sources,
            settings,
            TOWN.into(),
            WARD.into(),
            Some(dir.to_path_buf()),
        )
    }

    /// A main template given directly (used for both town and ward
    /// reports; `kind` in the context tells them apart), with the built-in
    /// templates, or those of `dir`, available to extend and include.
    /// Images resolve against `dir`, else the file's directory.
    pub fn with_file(file: &Path, dir: Option<&Path>) -> Result<Engine, TemplateError> {
        let (mut sources, settings) = match dir {
            Some(d) => Self::dir_parts(d)?,
            None => (Self::builtin_sources(), Settings::builtin()),
        };
        let text = read_text(file)?;
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "main.md.tera".into());
        sources.insert(name.clone(), text);
        let base = dir
            .map(Path::to_path_buf)
            .or_else(|| file.parent().map(Path::to_path_buf));
        Self::compile(sources, settings, name.clone(), name, base)
    }

    /// A main template chosen by name among the built-in templates (or
    /// those of `dir`, laid over them), used for both town and ward reports.
    pub fn with_main(name: &str, dir: Option<&Path>) -> Result<Engine, TemplateError> {
        let (sources, settings) = match dir {
            Some(d) => Self::dir_parts(d)?,
            None => (Self::builtin_sources(), Settings::builtin()),
        };
        // "bao-cao-thi-xa" finds "bao-cao-thi-xa.md.tera".
        let found = [
            name.to_string(),
            format!("{name}.tera"),
            format!("{name}.md.tera"),
        ]
        .into_iter()
        .find(|n| sources.contains_key(n));
        let Some(main) = found else {
            return Err(TemplateError::Other {
                template: name.to_string(),
                message: format!(
                    "template not found (known: {})",
                    sources.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            });
        };
        Self::compile(
            sources,
            settings,
            main.clone(),
            main,
            dir.map(Path::to_path_buf),
        )
    }

    /// The town and the ward report each with its own main template
    /// (CLI `--template` and `--template-don-vi`): the built-in one, one
    /// chosen by name among the built-in templates (or those of `dir`), or a
    /// file. A town template never prints under a ward's header, nor the
    /// reverse. Images resolve against `dir`, else the town file's directory,
    /// else the ward file's.
    pub fn with_mains(
        town: MainTemplate<'_>,
        ward: MainTemplate<'_>,
        dir: Option<&Path>,
    ) -> Result<Engine, TemplateError> {
        let (mut sources, settings) = match dir {
            Some(d) => Self::dir_parts(d)?,
            None => (Self::builtin_sources(), Settings::builtin()),
        };
        let mut base = dir.map(Path::to_path_buf);
        let mut resolve = |main: MainTemplate<'_>,
                           default: &str,
                           sources: &mut BTreeMap<String, String>|
         -> Result<String, TemplateError> {
            match main {
                MainTemplate::Default => Ok(default.to_string()),
                MainTemplate::Name(name) => [
                    name.to_string(),
                    format!("{name}.tera"),
                    format!("{name}.md.tera"),
                ]
                .into_iter()
                .find(|n| sources.contains_key(n))
                .ok_or_else(|| TemplateError::Other {
                    template: name.to_string(),
                    message: format!(
                        "không có mẫu này (template not found; có: {})",
                        sources.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                }),
                MainTemplate::File(file) => {
                    let text = read_text(file)?;
                    let mut name = file
                        .file_name()
                        .map(|n| n.to_string_lossy().to_string())
                        .unwrap_or_else(|| "main.md.tera".into());
                    // A file named as another template (a built-in one it
                    // may extend, or the other report's file) is known by
                    // its path, as errors then name it.
                    if sources.get(&name).is_some_and(|t| *t != text) {
                        name = file.display().to_string();
                    }
                    sources.insert(name.clone(), text);
                    if base.is_none() {
                        base = file.parent().map(Path::to_path_buf);
                    }
                    Ok(name)
                }
            }
        };
        let town = resolve(town, TOWN, &mut sources)?;
        let ward = resolve(ward, WARD, &mut sources)?;
        Self::compile(sources, settings, town, ward, base)
    }

    /// The page settings of this template set.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    fn markup(
        &self,
        data: &Dataset,
        stats: &Stats,
        scope: Scope,
    ) -> Result<(String, &str), TemplateError> {
        self.markup_with(&self.shared(data, stats), data, stats, scope)
    }

    fn markup_with(
        &self,
        shared: &context::Shared,
        data: &Dataset,
        stats: &Stats,
        scope: Scope,
    ) -> Result<(String, &str), TemplateError> {
        let name = match scope {
            // A commune committee on its own cells: the report on cells.
            Scope::Town if context::own_cells(data).is_some() => &self.ward,
            Scope::Town => &self.town,
            Scope::Ward(_) => &self.ward,
        };
        use std::sync::atomic::Ordering;
        if self.runaway.load(Ordering::SeqCst) {
            return Err(TemplateError::Other {
                template: name.clone(),
                message: "not run: an earlier report's template ran past the time limit".into(),
            });
        }
        let ctx = context::build_with(shared, data, stats, scope);
        let text = render_bounded(&self.tera, name, ctx, render_time_limit()).inspect_err(|e| {
            if e.to_string().contains(TIMEOUT_MARK) {
                self.runaway.store(true, Ordering::SeqCst);
            }
        })?;
        Ok((text, name))
    }

    fn document(&self, text: &str, name: &str, data: &Dataset) -> Result<Document, TemplateError> {
        let text = escape::restore_front_matter(text);
        let parsed =
            markup::parse_with_unused(&text, name, self.settings.clone(), self.base_dir.as_deref());
        let (mut doc, unused) = match parsed {
            Ok(d) => d,
            Err(mut e) => {
                e.excerpt = escape::readable(&e.excerpt);
                e.message = escape::readable(&e.message);
                // A note the data cites but never defines: point at the data.
                let spot = e
                    .undefined_note()
                    .and_then(|label| notes::citing_field(data, label).map(|s| (label, s)));
                // A data note citing a note: point at the data's note.
                if let Some(spot) = e
                    .nested_note()
                    .and_then(|outer| notes::note_field(data, outer))
                {
                    return Err(TemplateError::Data {
                        location: Box::new(spot.to_location()),
                        message: e.message,
                    });
                }
                return Err(match spot {
                    Some((label, spot)) => TemplateError::Data {
                        location: Box::new(spot.to_location()),
                        message: format!(
                            "chú thích [^{label}] được dẫn nhưng không có trong `chu_thich` (footnote cited but never defined: add `- ma: {label}` with its `noi_dung` under `noi_dung.chu_thich`)"
                        ),
                    },
                    None => super::error::locate_markup_error(e, &text, &self.sources, data),
                });
            }
        };
        doc.warnings.extend(notes::unused_warnings(data, &unused));
        // Quotes first: the data's quotes are still stand-ins, left straight.
        if self.settings.typography.smart_quotes {
            tone_doc::for_each_runs(&mut doc, &mut typography::curl_runs);
        }
        tone_doc::for_each_text(&mut doc, &mut escape::restore_in);
        tone_doc::apply_to_document(&mut doc, data.van_ban.kieu_dau);
        Ok(doc)
    }

    /// The town report's markup, as the template wrote it (the tone-mark
    /// style is applied to the parsed document's text): for debugging.
    /// Data text shows backslash-escaped (`\*`), as CommonMark reads it.
    pub fn render_markup_town(
        &self,
        data: &Dataset,
        stats: &Stats,
    ) -> Result<String, TemplateError> {
        Ok(escape::readable(&self.markup(data, stats, Scope::Town)?.0))
    }

    /// The town report.
    pub fn render_town(&self, data: &Dataset, stats: &Stats) -> Result<Document, TemplateError> {
        let (text, name) = self.markup(data, stats, Scope::Town)?;
        self.document(&text, name, data)
    }

    fn find_ward<'d>(
        data: &'d Dataset,
        ward_id: &str,
    ) -> Result<&'d crate::data::DonVi, TemplateError> {
        data.ward(ward_id)
            .ok_or_else(|| TemplateError::UnknownWard {
                id: ward_id.to_string(),
                known: data
                    .don_vi
                    .iter()
                    .map(|w| w.ma.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// The ward markup (debugging).
    pub fn render_markup_ward(
        &self,
        data: &Dataset,
        stats: &Stats,
        ward_id: &str,
    ) -> Result<String, TemplateError> {
        let w = Self::find_ward(data, ward_id)?;
        Ok(escape::readable(
            &self.markup(data, stats, Scope::Ward(w))?.0,
        ))
    }

    /// The report of one ward/commune (`ward_id` is its `ma`).
    pub fn render_ward(
        &self,
        data: &Dataset,
        stats: &Stats,
        ward_id: &str,
    ) -> Result<Document, TemplateError> {
        let w = Self::find_ward(data, ward_id)?;
        let (text, name) = self.markup(data, stats, Scope::Ward(w))?;
        self.document(&text, name, data)
    }

    /// Every report of one dataset, sharing the part of the template
    /// context they have in common (the data, every ward and all figures,
    /// converted once): for a batch, where [`Engine::render_ward`] would
    /// convert the whole town for each ward. Same documents.
    pub fn reports<'a>(&'a self, data: &'a Dataset, stats: &'a Stats) -> Reports<'a> {
        Reports {
            engine: self,
            data,
            stats,
            shared: self.shared(data, stats),
        }
    }

    /// The shared context of `data`'s reports. Every ward's value and all
    /// figures are built once only when a ward report reads them; else the
    /// town report converts them for itself (only what the built-in
    /// templates read, when it runs those), freed after its template.
    fn shared(&self, data: &Dataset, stats: &Stats) -> context::Shared {
        let by_name = self.settings.order.units == crate::document::settings::UnitOrder::Name;
        if self.ward_reads_town || context::own_cells(data).is_some() {
            return context::Shared::new_in_order(data, stats, by_name);
        }
        let shared = context::Shared::for_wards(data, stats).in_order(by_name);
        if self.town_builtin {
            shared.lean_town()
        } else {
            shared
        }
    }
}

/// The reports of one dataset ([`Engine::reports`]); `Send + Sync`.
pub struct Reports<'a> {
    engine: &'a Engine,
    data: &'a Dataset,
    stats: &'a Stats,
    shared: context::Shared,
}

impl Reports<'_> {
    /// The town report, as [`Engine::render_town`].
    pub fn town(&self) -> Result<Document, TemplateError> {
        let (text, name) =
            self.engine
                .markup_with(&self.shared, self.data, self.stats, Scope::Town)?;
        self.engine.document(&text, name, self.data)
    }

    /// One ward's report, as [`Engine::render_ward`].
    pub fn ward(&self, ward_id: &str) -> Result<Document, TemplateError> {
        let w = Engine::find_ward(self.data, ward_id)?;
        let (text, name) =
            self.engine
                .markup_with(&self.shared, self.data, self.stats, Scope::Ward(w))?;
        self.engine.document(&text, name, self.data)
    }
}

/// The templates `main` may run: itself and every template it extends,
/// includes or imports by a literal name (a tag's first word:
/// `{% include "name" %}`). `None` when a link is not a literal or names
/// no template of `sources`.
fn closure(sources: &BTreeMap<String, String>, main: &str) -> Option<Vec<String>> {
    const LINKS: [&str; 3] = ["extends", "include", "import"];
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut todo = vec![main.to_string()];
    let mut seen = Vec::new();
    while let Some(name) = todo.pop() {
        if seen.contains(&name) {
            continue;
        }
        let text = sources.get(&name)?;
        seen.push(name);
        let bytes = text.as_bytes();
        for (i, _) in text.char_indices() {
            if i.checked_sub(1)
                .is_some_and(|j| word(bytes[j]) || bytes[j] == b'.')
            {
                continue;
            }
            let rest = &text[i..];
            let at_word = |w: &str| {
                rest.starts_with(w) && !rest.as_bytes().get(w.len()).is_some_and(|&b| word(b))
            };
            let in_tag = || {
                text[..i]
                    .trim_end_matches([' ', '\t', '\r', '\n', '-'])
                    .ends_with("{%")
            };
            if let Some(link) = LINKS.iter().find(|l| at_word(l) && in_tag()) {
                let arg = rest[link.len()..].trim_start();
                let q = arg
                    .chars()
                    .next()
                    .filter(|c| matches!(c, '"' | '\'' | '`'))?;
                let end = arg[1..].find(q)?;
                todo.push(arg[1..1 + end].to_string());
            }
        }
    }
    Some(seen)
}

/// Whether the template `main` ([`closure`]) may read the context's
/// `don_vi` or `stats` (or dump the whole context): the name as a word not
/// after a `.` (`cap.don_vi` is another value), anywhere in the text,
/// comments included. A template it cannot follow counts as reading them.
fn reads_town_values(sources: &BTreeMap<String, String>, main: &str) -> bool {
    const NAMES: [&str; 3] = ["don_vi", "stats", "__tera_context"];
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let Some(names) = closure(sources, main) else {
        return true;
    };
    names.iter().any(|name| {
        let text = &sources[name];
        let bytes = text.as_bytes();
        text.char_indices().any(|(i, _)| {
            let rest = &text[i..];
            !i.checked_sub(1)
                .is_some_and(|j| word(bytes[j]) || bytes[j] == b'.')
                && NAMES.iter().any(|n| {
                    rest.starts_with(n) && !rest.as_bytes().get(n.len()).is_some_and(|&b| word(b))
                })
        })
    })
}

/// Whether the template `main` runs only built-in templates, unchanged
/// ([`closure`]): the town report then reads of each ward only
/// `ten_day_du` and `so_lieu` (`phu-luc.md.tera`) and nothing of `stats`.
fn builtin_only(sources: &BTreeMap<String, String>, main: &str) -> bool {
    closure(sources, main).is_some_and(|names| {
        names.iter().all(|n| {
            BUILTIN
                .iter()
                .any(|(b, text)| b == n && sources[n] == *text)
        })
    })
}

/// The most markup a template may write (a runaway loop). The built-in
/// town report of 3,500 units (the most a 16 MiB data file holds) is 250 KB.
/// Laying out a PDF holds about 95 bytes per byte of markup (shaped glyphs
/// and their text), so this bounds one report's peak near 400 MB (issue
/// #19: 27.5 MB of markup took 3.1 GB under the old 32 MiB cap).
pub const MAX_MARKUP_BYTES: usize = 4 * 1024 * 1024;

/// How long one template may run: 60 s, or `BAOCAO_RENDER_TIMEOUT` seconds.
pub fn render_time_limit() -> Duration {
    std::env::var("BAOCAO_RENDER_TIMEOUT")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map_or(Duration::from_secs(60), Duration::from_secs_f64)
}

/// Tera's output, bounded in size and time: a write past either limit fails.
struct Bounded {
    buf: Vec<u8>,
    deadline: Instant,
    exceeded: Option<String>,
}

impl Write for Bounded {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() + data.len() > MAX_MARKUP_BYTES {
            self.exceeded = Some(format!(
                "the template writes more than {} MB of markup (a runaway loop?): stopped",
                MAX_MARKUP_BYTES / (1024 * 1024)
            ));
        } else if Instant::now() > self.deadline {
            self.exceeded = Some(timeout_message());
        }
        if self.exceeded.is_some() {
            return Err(std::io::Error::other("limit"));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const TIMEOUT_MARK: &str = "(limit: BAOCAO_RENDER_TIMEOUT)";

fn timeout_message() -> String {
    format!(
        "the template ran longer than {:.0} s (a runaway loop?): stopped {TIMEOUT_MARK}",
        render_time_limit().as_secs_f64()
    )
}

/// What a template worker is asked to do, and what it answers.
type RenderJob = (Arc<Tera>, String, tera::Context, Instant);
type RenderReply = (Result<(), tera::Error>, Bounded);

/// A thread that renders templates for one calling thread, kept for the
/// next report: starting a thread per report (stack, thread-locals, the
/// allocator's per-thread state) cost more than a small template.
struct Worker {
    jobs: std::sync::mpsc::Sender<RenderJob>,
    replies: std::sync::mpsc::Receiver<RenderReply>,
}

impl Worker {
    fn start() -> std::io::Result<Worker> {
        let (jobs, job_rx) = std::sync::mpsc::channel::<RenderJob>();
        let (reply_tx, replies) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("template".into())
            .spawn(move || {
                // Ends when its caller drops the worker (the caller's thread
                // ended, or gave up on a runaway template and left it).
                while let Ok((tera, name, ctx, deadline)) = job_rx.recv() {
                    let mut out = Bounded {
                        buf: Vec::new(),
                        deadline,
                        exceeded: None,
                    };
                    let result = tera.render_to(&name, &ctx, &mut out);
                    if reply_tx.send((result, out)).is_err() {
                        break;
                    }
                }
            })?;
        Ok(Worker { jobs, replies })
    }
}

thread_local! {
    /// This thread's template worker, started on first use.
    static WORKER: std::cell::RefCell<Option<Worker>> = const { std::cell::RefCell::new(None) };
}

/// Render `name` on this thread's template worker, bounded in output size
/// and time. A loop that writes nothing cannot be stopped from outside: past
/// the limit its worker is left to spin (until the process ends), an error
/// returned, and the next render starts a new worker.
fn render_bounded(
    tera: &Arc<Tera>,
    name: &str,
    ctx: tera::Context,
    limit: Duration,
) -> Result<String, TemplateError> {
    let started = Instant::now();
    let limit_error = |message: String| TemplateError::Other {
        template: name.to_string(),
        message,
    };
    let reply = WORKER.with(|slot| {
        let mut slot = slot.borrow_mut();
        let job: RenderJob = (Arc::clone(tera), name.to_string(), ctx, started + limit);
        // A worker whose thread is gone (it panicked) is replaced once.
        let job = match slot.as_ref() {
            Some(worker) => worker.jobs.send(job).err().map(|e| e.0),
            None => Some(job),
        };
        if let Some(job) = job {
            let worker = Worker::start()
                .map_err(|e| limit_error(format!("cannot start the template thread: {e}")))?;
            let _ = worker.jobs.send(job);
            *slot = Some(worker);
        }
        let worker = slot.as_ref().expect("a worker was started above");
        let reply = worker
            .replies
            .recv_timeout(limit.saturating_sub(started.elapsed()) + Duration::from_millis(500));
        if reply.is_err() {
            // Stuck or gone: leave it; the next render starts another.
            *slot = None;
        }
        Ok::<_, TemplateError>(reply)
    })?;
    match reply {
        Ok((Ok(()), out)) => String::from_utf8(out.buf)
            .map_err(|e| limit_error(format!("the template wrote invalid UTF-8: {e}"))),
        Ok((Err(e), out)) => Err(match out.exceeded {
            Some(message) => limit_error(message),
            None => TemplateError::from_tera(e, name),
        }),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(limit_error(timeout_message())),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(limit_error(
            "the template stopped without a result (internal error)".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exported_set_is_a_valid_user_dir() {
        let dir = std::env::temp_dir().join(format!("baocao-export-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in builtin_templates() {
            std::fs::write(dir.join(name), text).unwrap();
        }
        std::fs::write(
            dir.join("settings.yaml"),
            crate::document::settings::BUILTIN_SETTINGS,
        )
        .unwrap();
        let e = Engine::with_dir(&dir).unwrap();
        let mut expected = crate::document::PageSettings::builtin();
        expected.base_dir = Some(dir.clone());
        assert_eq!(e.settings().page(), &expected);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn runaway_loops_are_stopped() {
        let mut tera = Tera::default();
        tera.add_raw_template(
            "loud",
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}xxxxxxxx{% endfor %}{% endfor %}",
        )
        .unwrap();
        tera.add_raw_template(
            "silent",
            "{% for i in range(end=100000) %}{% for j in range(end=10) %}{% endfor %}{% endfor %}.",
        )
        .unwrap();
        let tera = Arc::new(tera);
        let ctx = tera::Context::new();
        let e = render_bounded(&tera, "loud", ctx.clone(), Duration::from_secs(600))
            .unwrap_err()
            .to_string();
        assert!(e.contains("MB of markup"), "{e}");
        let started = Instant::now();
        // Stopped at its first write, or by the watchdog if it never comes.
        let e = render_bounded(&tera, "silent", ctx, Duration::from_millis(1))
            .unwrap_err()
            .to_string();
        assert!(e.contains("longer than"), "{e}");
        assert!(started.elapsed() < Duration::from_secs(5));
        // The stuck worker is left; the next render gets a new one.
        let mut tera2 = Tera::default();
        tera2.add_raw_template("ok", "Kỳ Anh {{ n }}").unwrap();
        let mut ctx2 = tera::Context::new();
        ctx2.insert("n", &2);
        let tera2 = Arc::new(tera2);
        for _ in 0..3 {
            let text = render_bounded(&tera2, "ok", ctx2.clone(), Duration::from_secs(60)).unwrap();
            assert_eq!(text, "Kỳ Anh 2");
        }
    }

    #[test]
    fn shared_context_gives_the_same_documents() {
        let text = include_str!("../../data/mau-12-don-vi.yaml");
        let data = crate::data::load_str(text, "mau.yaml").unwrap();
        let stats = crate::stats::derive(&data);
        let e = Engine::builtin().unwrap();
        let reports = e.reports(&data, &stats);
        assert_eq!(
            format!("{:?}", reports.town().unwrap()),
            format!("{:?}", e.render_town(&data, &stats).unwrap())
        );
        for w in &data.don_vi {
            assert_eq!(
                format!("{:?}", reports.ward(&w.ma).unwrap()),
                format!("{:?}", e.render_ward(&data, &stats, &w.ma).unwrap())
            );
        }
        assert!(reports.ward("khong-co").is_err());
    }

    #[test]
    fn ward_templates_that_read_town_values() {
        let b = Engine::builtin_sources();
        assert!(!reads_town_values(&b, WARD));
        assert!(reads_town_values(&b, TOWN));
        let mut s = b.clone();
        let with = |s: &mut BTreeMap<String, String>, t: &str| {
            s.insert("w".into(), t.into());
            reads_town_values(s, "w")
        };
        assert!(with(
            &mut s,
            "{% extends \"base.md.tera\" %}{% block body %}{{ stats.thi_xa.so_chi_bo }}{% endblock body %}"
        ));
        assert!(with(&mut s, "{%- include 'phu-luc.md.tera' -%}"));
        assert!(with(&mut s, "{{ __tera_context }}"));
        assert!(with(&mut s, "{% include \"khong-co\" %}"));
        assert!(!with(
            &mut s,
            "{{ cap.don_vi }} {{ tong_don_vi.so_chi_bo }}, extends"
        ));
    }

    #[test]
    fn a_ward_template_reading_every_ward_gets_them_in_a_batch() {
        let text = include_str!("../../data/mau-12-don-vi.yaml");
        let data = crate::data::load_str(text, "mau.yaml").unwrap();
        let stats = crate::stats::derive(&data);
        let mut sources = Engine::builtin_sources();
        sources.insert(
            "w.md.tera".into(),
            "{% extends \"base.md.tera\" %}{% block body %}{{ don_vi | length }} {{ stats.don_vi | length }} {{ ward.ten }}{% endblock body %}".into(),
        );
        let e = Engine::compile(
            sources,
            Settings::builtin(),
            TOWN.into(),
            "w.md.tera".into(),
            None,
        )
        .unwrap();
        assert!(e.ward_reads_town);
        let reports = e.reports(&data, &stats);
        let w = &data.don_vi[0];
        let doc = format!("{:?}", reports.ward(&w.ma).unwrap());
        assert!(doc.contains(&format!("12 12 {}", w.ten)), "{doc}");
        assert_eq!(
            doc,
            format!("{:?}", e.render_ward(&data, &stats, &w.ma).unwrap())
        );
        assert!(!Engine::builtin().unwrap().ward_reads_town);
    }

    #[test]
    fn lean_town_context_gives_the_same_town_report() {
        let e = Engine::builtin().unwrap();
        assert!(e.town_builtin);
        for text in [
            include_str!("../../data/mau-12-don-vi.yaml").to_string(),
            crate::cli::synth::generate(30, 4, 7),
        ] {
            let data = crate::data::load_str(&text, "t.yaml").unwrap();
            let stats = crate::stats::derive(&data);
            let full = context::Shared::new(&data, &stats);
            let (full, _) = e.markup_with(&full, &data, &stats, Scope::Town).unwrap();
            let (lean, _) = e.markup(&data, &stats, Scope::Town).unwrap();
            assert!(full.contains("BIỂU TỔNG HỢP"));
            assert_eq!(full, lean);
        }
        let mut sources = Engine::builtin_sources();
        sources.insert(
            "phu-luc.md.tera".into(),
            "{{ stats.don_vi | length }}".into(),
        );
        assert!(!builtin_only(&sources, TOWN));
        assert!(builtin_only(&sources, WARD));
    }

    #[test]
    fn main_template_by_name() {
        let e = Engine::with_main("bao-cao-phuong-xa", None).unwrap();
        assert_eq!(e.town, WARD);
        let err = Engine::with_main("khong-co", None).err().unwrap();
        assert!(err.to_string().contains("bao-cao-thi-xa.md.tera"), "{err}");
    }

    #[test]
    fn engine_is_send_sync_and_builtins_compile() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Engine>();
        assert_send_sync::<Reports<'static>>();
        Engine::builtin().unwrap();
        assert_eq!(builtin_templates().len(), 6);
        assert!(builtin_templates()
            .iter()
            .all(|(n, _)| n.ends_with(".tera")));
    }
}
