//! The watcher: every [`TICK`] it looks at the template folder (names,
//! sizes, modification times of its `.tera` files and `settings.yaml`) and
//! at the data file given on the command line; on a change it reloads that
//! file, moves the change counter on, and answers the pages waiting for it
//! (`GET /api/cho`), which then ask for their preview again. Polling a few
//! files is cheap and works the same on every system and file system
//! (network drives included), with no extra crate.

use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use super::App;

/// How often the files are looked at: a saved template shows within about
/// two ticks plus one preview.
pub const TICK: Duration = Duration::from_millis(100);

/// Files looked at in the template folder at most (a folder picked by
/// mistake, a whole drive, is not walked further).
const MAX_FILES: usize = 2000;

pub fn run(app: &App, stop: &AtomicBool) {
    let mut templates = app.templates.as_deref().map(folder_signature);
    let start = app.start.clone();
    let mut data = start.as_ref().map(|s| file_signature(&s.path));
    while !stop.load(Ordering::SeqCst) {
        std::thread::sleep(TICK);
        let mut changed = false;
        if let Some(dir) = app.templates.as_deref() {
            let now = Some(folder_signature(dir));
            if now != templates {
                templates = now;
                changed = true;
            }
        }
        if let Some(s) = &start {
            let now = Some(file_signature(&s.path));
            if now != data {
                data = now;
                s.reload();
                changed = true;
            }
        }
        if changed {
            app.bump();
        }
        app.answer_waiting(Instant::now(), false);
    }
    app.answer_waiting(Instant::now(), true);
}

/// A hash of what a template folder holds, by name, size and time.
fn folder_signature(dir: &Path) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let mut seen = 0;
    walk(dir, 0, &mut h, &mut seen);
    h.finish()
}

fn walk(dir: &Path, depth: usize, h: &mut impl Hasher, seen: &mut usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        0u8.hash(h);
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        *seen += 1;
        if *seen > MAX_FILES {
            return;
        }
        let name = e.file_name();
        let Ok(meta) = e.metadata() else { continue };
        if meta.is_dir() && depth < 4 {
            name.hash(h);
            walk(&e.path(), depth + 1, h, seen);
        } else if meta.is_file() {
            let n = name.to_string_lossy();
            if n.ends_with(".tera")
                || n == "settings.yaml"
                || n.ends_with(".ttf")
                || n.ends_with(".otf")
            {
                name.hash(h);
                meta.len().hash(h);
                meta.modified().unwrap_or(SystemTime::UNIX_EPOCH).hash(h);
            }
        }
    }
}

/// Size and time of a file (or of each file of a CSV folder).
fn file_signature(path: &Path) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            let mut seen = 0;
            walk_csv(path, &mut h, &mut seen);
        }
        Ok(m) => {
            m.len().hash(&mut h);
            m.modified().unwrap_or(SystemTime::UNIX_EPOCH).hash(&mut h);
        }
        Err(_) => 1u8.hash(&mut h),
    }
    h.finish()
}

fn walk_csv(dir: &Path, h: &mut impl Hasher, seen: &mut usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries.into_iter().take(MAX_FILES) {
        if let Ok(m) = e.metadata() {
            e.file_name().hash(h);
            m.len().hash(h);
            m.modified().unwrap_or(SystemTime::UNIX_EPOCH).hash(h);
        }
    }
    *seen += 1;
}
