//! What the server holds: the options, the data sessions, the compiled
//! templates by choice, the change counter the pages wait on, the private
//! temporary folder.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU16, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::{Context, Result};

use super::session::{Session, Sessions};
use super::Options;
use crate::template::{Engine, MainTemplate, TemplateError};

/// Compiled template sets kept (one per choice of main templates).
const ENGINES_KEPT: usize = 8;

/// Which main templates a request chose; `None` is the default one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Choice {
    pub town: Option<String>,
    pub ward: Option<String>,
}

/// The server's state, shared by its threads.
pub struct App {
    pub templates: Option<PathBuf>,
    /// `--mang`: the key every request must carry.
    pub key: Option<String>,
    pub lan: bool,
    port: AtomicU16,
    pub sessions: Sessions,
    /// Bumped when a template or the start data file changed.
    generation: AtomicU64,
    engines: Mutex<Vec<(u64, Choice, Arc<Engine>)>>,
    /// Uploads live here, one folder per session; removed at exit.
    scratch: Mutex<Option<tempfile::TempDir>>,
    scratch_path: PathBuf,
    /// The session of the data file given on the command line.
    pub start: Option<Arc<Session>>,
    /// Pages waiting for a change: (request, the counter they saw, until).
    waiting: Mutex<Vec<(tiny_http::Request, u64, Instant)>>,
    /// The font files the previews named, served at `/phong/NAME`.
    fonts: Mutex<Vec<crate::svg::WebFont>>,
}

/// Font files kept to serve (each template set's faces; names are unique
/// to the bytes, so the list only grows when a template set adds fonts).
const MAX_FONTS: usize = 64;

/// Pages waiting at once at most; more are answered at once (they ask again).
const MAX_WAITING: usize = 64;

impl App {
    pub fn new(opts: &Options) -> Result<App> {
        if let Some(dir) = &opts.templates {
            if !dir.is_dir() {
                anyhow::bail!(
                    "{}: không phải thư mục mẫu (not a template folder)",
                    dir.display()
                );
            }
            // Fail early on a broken template set: the page would only
            // show the error; at start the clerk sees it here too.
            if let Err(e) = Engine::with_dir(dir) {
                eprintln!(
                    "cảnh báo (warning): mẫu trong {} có lỗi: {e}",
                    dir.display()
                );
            }
        }
        // Private: created with a random name, readable by this user only.
        let scratch = tempfile::Builder::new()
            .prefix("baocao-giao-dien-")
            .tempdir()
            .context("không tạo được thư mục tạm (cannot create a temporary folder)")?;
        let scratch_path = scratch.path().to_path_buf();
        let sessions = Sessions::default();
        let start = opts.data.as_ref().map(|path| sessions.add_file(path));
        Ok(App {
            templates: opts.templates.clone(),
            key: opts.lan.then(|| random_hex(16)),
            lan: opts.lan,
            port: AtomicU16::new(0),
            sessions,
            generation: AtomicU64::new(1),
            engines: Mutex::new(Vec::new()),
            scratch: Mutex::new(Some(scratch)),
            scratch_path,
            start,
            waiting: Mutex::new(Vec::new()),
            fonts: Mutex::new(Vec::new()),
        })
    }

    pub fn set_port(&self, port: u16) {
        self.port.store(port, Ordering::SeqCst);
    }

    pub fn port(&self) -> u16 {
        self.port.load(Ordering::SeqCst)
    }

    /// The page's address, with the key when there is one.
    pub fn url(&self) -> String {
        match &self.key {
            Some(k) => format!("http://127.0.0.1:{}/?khoa={k}", self.port()),
            None => format!("http://127.0.0.1:{}/", self.port()),
        }
    }

    pub fn scratch(&self) -> &Path {
        &self.scratch_path
    }

    /// Remove the temporary folder (at exit).
    pub fn close(&self) {
        if let Ok(mut s) = self.scratch.lock() {
            if let Some(dir) = s.take() {
                let _ = dir.close();
            }
        }
    }

    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Something the pages show changed: forget compiled templates.
    pub fn bump(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut e) = self.engines.lock() {
            e.clear();
        }
    }

    /// Hold `rq` until the change counter moves past `seen` or `until`.
    pub fn wait(&self, rq: tiny_http::Request, seen: u64, until: Instant) {
        let mut waiting = match self.waiting.lock() {
            Ok(w) => w,
            Err(e) => e.into_inner(),
        };
        if seen != self.generation() || waiting.len() >= MAX_WAITING {
            drop(waiting);
            let _ = rq.respond(super::api::generation_reply(self));
            return;
        }
        waiting.push((rq, seen, until));
    }

    /// Answer the waiting pages whose change came or whose time is up
    /// (`all`: every one, at exit).
    pub fn answer_waiting(&self, now: Instant, all: bool) {
        let generation = self.generation();
        let due: Vec<tiny_http::Request> = {
            let mut waiting = match self.waiting.lock() {
                Ok(w) => w,
                Err(e) => e.into_inner(),
            };
            let (due, keep) = std::mem::take(&mut *waiting)
                .into_iter()
                .partition(|(_, seen, until)| all || *seen != generation || *until <= now);
            *waiting = keep;
            due.into_iter().map(|(rq, _, _)| rq).collect()
        };
        for rq in due {
            let _ = rq.respond(super::api::generation_reply(self));
        }
    }

    /// Remember the faces a preview used, to serve them; the `@font-face`
    /// rules that load them from `/phong/`.
    pub fn fonts_css(&self, fonts: &crate::svg::WebFonts) -> String {
        if let Ok(mut known) = self.fonts.lock() {
            for f in &fonts.fonts {
                if !known.iter().any(|k| k.file_name == f.file_name) {
                    if known.len() >= MAX_FONTS {
                        known.remove(0);
                    }
                    known.push(f.clone());
                }
            }
        }
        fonts.css("/phong/")
    }

    /// A font file a preview named: (MIME type, bytes).
    pub fn font(&self, file_name: &str) -> Option<(&'static str, std::sync::Arc<Vec<u8>>)> {
        let known = self.fonts.lock().ok()?;
        known
            .iter()
            .find(|f| f.file_name == file_name)
            .map(|f| (f.mime, f.data.clone()))
    }

    /// The main templates a page may choose: the built-in reports and
    /// section layouts, and the `.tera` files of the template folder.
    pub fn template_names(&self) -> Vec<String> {
        let mut names: Vec<String> = crate::template::builtin_templates()
            .iter()
            .map(|(n, _)| n.to_string())
            .filter(|n| n != "base.md.tera" && n != "phu-luc.md.tera")
            .collect();
        if let Some(dir) = &self.templates {
            if let Ok(entries) = std::fs::read_dir(dir) {
                let mut own: Vec<String> = entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".tera") && !n.starts_with('.'))
                    .collect();
                own.sort();
                for n in own {
                    if !names.contains(&n) {
                        names.push(n);
                    }
                }
            }
        }
        names
    }

    /// The template set for `choice`, compiled once per change: as the
    /// command line's `--template NAME --template-don-vi NAME --templates DIR`.
    pub fn engine(&self, choice: &Choice) -> Result<Arc<Engine>, TemplateError> {
        let generation = self.generation();
        if let Ok(cache) = self.engines.lock() {
            if let Some((_, _, e)) = cache
                .iter()
                .find(|(g, c, _)| *g == generation && c == choice)
            {
                return Ok(e.clone());
            }
        }
        fn main(n: &Option<String>) -> MainTemplate<'_> {
            match n {
                Some(n) => MainTemplate::Name(n.as_str()),
                None => MainTemplate::Default,
            }
        }
        let engine = Arc::new(Engine::with_mains(
            main(&choice.town),
            main(&choice.ward),
            self.templates.as_deref(),
        )?);
        if let Ok(mut cache) = self.engines.lock() {
            cache.retain(|(g, _, _)| *g == generation);
            if cache.len() >= ENGINES_KEPT {
                cache.remove(0);
            }
            cache.push((generation, choice.clone(), engine.clone()));
        }
        Ok(engine)
    }
}

/// `n` random bytes from the system, as hex.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    if getrandom::fill(&mut bytes).is_err() {
        // No system randomness: the clock's nanoseconds, hashed by the
        // process's random hasher keys (still unguessable in practice).
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        let v = h.finish().to_le_bytes();
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = v[i % 8] ^ (i as u8);
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
