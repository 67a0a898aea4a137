//! The fuzz corpus (`fuzz/corpus/`) replayed through the fuzz targets' code
//! as a plain test, in a debug build (overflow checks on): the inputs found
//! interesting by fuzzing, and every input that once crashed
//! (`fuzz/regressions/TARGET/`), run on stable Rust in `cargo test`. Mirrors
//! `fuzz/fuzz_targets/*.rs`.

use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let v = files(&dir);
    assert!(!v.is_empty(), "{} is empty", dir.display());
    v
}

/// Inputs that once crashed a target: kept apart, `cargo fuzz cmin` would
/// drop them from the corpus when their coverage is not new.
fn regressions(target: &str) -> Vec<PathBuf> {
    files(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/regressions")
            .join(target),
    )
}

fn images_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Run `f` on each input of `target`, on two threads; a panic names the input.
fn replay(target: &str, f: impl Fn(&str) + Sync) {
    replay_every(target, 1, f)
}

/// Run `f` on every `step`-th input (all of them with `BAOCAO_FUZZ_FULL=1`)
/// and on every input of `fuzz/regressions/TARGET/` (a crash once found).
fn replay_every(target: &str, step: usize, f: impl Fn(&str) + Sync) {
    let step = if std::env::var_os("BAOCAO_FUZZ_FULL").is_some() {
        1
    } else {
        step
    };
    let all: Vec<PathBuf> = inputs(target)
        .into_iter()
        .step_by(step)
        .chain(regressions(target))
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let panics = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some(p) = all.get(i) else { break };
                let bytes = std::fs::read(p).unwrap();
                let Ok(text) = std::str::from_utf8(&bytes) else {
                    continue;
                };
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(text)));
                if r.is_err() {
                    panics.lock().unwrap().push(p.display().to_string());
                }
            });
        }
    });
    let panics = panics.into_inner().unwrap();
    assert!(
        panics.is_empty(),
        "fuzz/corpus/{target}: panics on {panics:?}"
    );
}

#[test]
fn data_corpus() {
    replay("data", |text| {
        if let Ok(ds) = baocao::data::load_str(text, "fuzz.yaml") {
            let stats = baocao::stats::derive(&ds);
            for f in baocao::stats::check(&ds, &stats) {
                let _ = f.to_string();
            }
        }
    });
}

#[test]
fn markup_corpus() {
    replay("markup", |text| {
        let settings = baocao::document::Settings::builtin();
        let _ = baocao::document::markup::parse(text, "fuzz.md", settings, Some(&images_dir()));
    });
}

/// A debug build writes PDF and DOCX slowly: a quarter of the corpus here
/// (`fuzz/smoke.sh` replays all of it, optimised, before fuzzing).
#[test]
fn render_corpus() {
    replay_every("render", 4, |text| {
        if text.len() > 64 * 1024 {
            return;
        }
        let settings = baocao::document::Settings::builtin();
        if let Ok(doc) =
            baocao::document::markup::parse(text, "fuzz.md", settings, Some(&images_dir()))
        {
            let _ = baocao::pdf::render(&doc);
            let _ = baocao::docx::render(&doc);
        }
    });
}

#[test]
fn pipeline_corpus() {
    let engine = baocao::template::Engine::builtin().unwrap();
    replay("pipeline", |text| {
        if let Ok(ds) = baocao::data::load_str(text, "fuzz.yaml") {
            let stats = baocao::stats::derive(&ds);
            let _ = engine.render_town(&ds, &stats);
            if let Some(w) = ds.don_vi.first() {
                let _ = engine.render_ward(&ds, &stats, &w.ma);
            }
        }
    });
}

/// Workbooks are bytes (zips), not text: each input as xlsx, ods and xlsb,
/// as `fuzz/fuzz_targets/workbook.rs` reads it.
#[test]
fn workbook_corpus() {
    let all: Vec<PathBuf> = inputs("workbook")
        .into_iter()
        .chain(regressions("workbook"))
        .collect();
    for p in all {
        let bytes = std::fs::read(&p).unwrap();
        let r = std::panic::catch_unwind(|| {
            for ext in ["xlsx", "ods", "xlsb"] {
                let file = "fuzz";
                match baocao::data::sheet::workbook::grids_from_bytes(bytes.clone(), ext, file) {
                    Ok(grids) => {
                        if let Ok(mut read) = baocao::data::sheet::read::read(&grids, file) {
                            let _ = baocao::data::sheet::read::dataset(&mut read, file);
                        }
                    }
                    Err(e) => {
                        let _ = e.to_string();
                    }
                }
            }
        });
        assert!(r.is_ok(), "fuzz/corpus/workbook: panics on {}", p.display());
    }
}
