//! `cargo bench --bench pipeline [-- ITER]`: every stage of one report, timed
//! in-process on one thread, median of ITER runs (default 60) after a warm-up
//! (fonts and templates are parsed once per process, as in a batch).
//!
//! Stages, on the sample town report `data/ky-anh-2019.yaml` (~5 pages) and on
//! one ward report of synthetic data (10 cells, ~3 pages, as in the
//! 1,000-ward batch of `benches/batch.sh`):
//! load+check, template render (data + stats -> Document), PDF layout,
//! PDF write (display list -> bytes), PDF layout+write, DOCX write, and the
//! full report (template + writer). Sizes are the output's.
//! The writers' own benches (`benches/pdf.rs`, `benches/docx.rs`) time the
//! built-in sample document with sequential/parallel throughput.

use std::hint::black_box;
use std::time::Instant;

use baocao::data::Dataset;
use baocao::fonts::FontSet;
use baocao::stats::Stats;
use baocao::template::Engine;

/// The allocator of the `baocao` binary (src/main.rs), so the stages cost
/// here what they cost in the tool.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Median and min of `iters` timed runs of `f`, in ms (one untimed warm-up).
fn time<T>(iters: usize, mut f: impl FnMut() -> T) -> (f64, f64) {
    black_box(f());
    let mut v: Vec<f64> = (0..iters)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[0])
}

fn row(name: &str, iters: usize, (median, min): (f64, f64), size: Option<usize>) {
    let size = size
        .map(|b| format!("{:>8.1} KB", b as f64 / 1024.0))
        .unwrap_or_default();
    println!("  {name:<34} {median:>9.3} ms  (min {min:>8.3}, n={iters}) {size}");
}

fn load_check(text: &str, name: &str) -> (Dataset, Stats) {
    let data = baocao::data::load_str(text, name).expect("sample loads");
    let stats = baocao::stats::derive(&data);
    black_box(baocao::stats::check(&data, &stats));
    (data, stats)
}

fn stages(title: &str, iters: usize, text: &str, ward: Option<&str>) {
    let engine = Engine::builtin().expect("built-in templates");
    let (data, stats) = load_check(text, "bench.yaml");
    let render = || match ward {
        Some(id) => engine.render_ward(&data, &stats, id).expect("ward"),
        None => engine.render_town(&data, &stats).expect("town"),
    };
    let doc = render();
    let pages = baocao::layout::pages(&doc).expect("layout").pages;
    println!("{title}: {} pages", pages.len());
    row(
        "load+check (YAML -> data, stats)",
        iters,
        time(iters, || load_check(text, "bench.yaml")),
        Some(text.len()),
    );
    row(
        "template render (-> Document)",
        iters,
        time(iters, render),
        None,
    );
    row(
        "PDF layout",
        iters,
        time(iters, || baocao::layout::pages(&doc).expect("layout").pages),
        None,
    );
    let set = FontSet::from_settings(&doc.settings.fonts, doc.settings.base_dir.as_deref())
        .expect("fonts");
    let pdf = baocao::pdf::write::write(&doc, &pages, &set).expect("write");
    row(
        "PDF write (display list -> bytes)",
        iters,
        time(iters, || {
            baocao::pdf::write::write(&doc, &pages, &set).expect("write")
        }),
        Some(pdf.len()),
    );
    row(
        "PDF layout+write (pdf::render)",
        iters,
        time(iters, || baocao::pdf::render(&doc).expect("pdf")),
        Some(pdf.len()),
    );
    let docx = baocao::docx::render(&doc).expect("docx").bytes;
    row(
        "DOCX write (docx::render)",
        iters,
        time(iters, || baocao::docx::render(&doc).expect("docx")),
        Some(docx.len()),
    );
    row(
        "full report PDF (template+PDF)",
        iters,
        time(iters, || baocao::pdf::render(&render()).expect("pdf")),
        Some(pdf.len()),
    );
    row(
        "full report DOCX (template+DOCX)",
        iters,
        time(iters, || baocao::docx::render(&render()).expect("docx")),
        Some(docx.len()),
    );
    row(
        "full report PDF+DOCX",
        iters,
        time(iters, || {
            let d = render();
            (
                baocao::pdf::render(&d).expect("pdf"),
                baocao::docx::render(&d).expect("docx"),
            )
        }),
        Some(pdf.len() + docx.len()),
    );
}

/// `BAOCAO_PROFILE=STAGE`: run only STAGE ITER times on the town report,
/// for a profiler (`valgrind --tool=callgrind`, `perf record`); STAGE is
/// `template`, `layout`, `pdf` (layout + write), `pdf-write` or `docx`.
fn profile(stage: &str, iters: usize, town: &str) {
    let engine = Engine::builtin().expect("built-in templates");
    let (data, stats) = load_check(town, "bench.yaml");
    let doc = engine.render_town(&data, &stats).expect("town");
    let pages = baocao::layout::pages(&doc).expect("layout").pages;
    let set = FontSet::from_settings(&doc.settings.fonts, doc.settings.base_dir.as_deref())
        .expect("fonts");
    // The one-off costs (font parsing) before the loop.
    black_box(baocao::pdf::render(&doc).expect("pdf"));
    black_box(baocao::docx::render(&doc).expect("docx"));
    for _ in 0..iters {
        match stage {
            "template" => drop(black_box(engine.render_town(&data, &stats))),
            "layout" => drop(black_box(baocao::layout::pages(&doc))),
            "pdf" => drop(black_box(baocao::pdf::render(&doc))),
            "pdf-write" => drop(black_box(baocao::pdf::write::write(&doc, &pages, &set))),
            "docx" => drop(black_box(baocao::docx::render(&doc))),
            other => panic!("unknown stage {other}"),
        }
    }
}

fn main() {
    let iters: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(60)
        .max(1);
    let dir = env!("CARGO_MANIFEST_DIR");
    let town = std::fs::read_to_string(format!("{dir}/data/ky-anh-2019.yaml")).expect("sample");
    if let Ok(stage) = std::env::var("BAOCAO_PROFILE") {
        return profile(&stage, iters, &town);
    }
    stages("town report, data/ky-anh-2019.yaml", iters, &town, None);
    // One ward of the synthetic town (same generator as benches/batch.sh).
    let synth = baocao::cli::synth::generate(20, 10, 1);
    stages(
        "ward report, synthetic 20 wards x 10 cells, ward don-vi-0007",
        iters,
        &synth,
        Some("don-vi-0007"),
    );
    // The batch's per-ward cost grows with the town's size when the context
    // holds every ward: the same ward in a 1,000-ward town.
    let big = baocao::cli::synth::generate(1000, 10, 1);
    let engine = Engine::builtin().expect("built-in templates");
    let (data, stats) = load_check(&big, "big.yaml");
    let n = iters.min(20);
    println!(
        "synthetic 1,000 wards x 10 cells ({:.1} MB YAML):",
        big.len() as f64 / 1e6
    );
    row(
        "load+check",
        n.min(5),
        time(n.min(5), || load_check(&big, "big.yaml")),
        Some(big.len()),
    );
    let reports = engine.reports(&data, &stats);
    row(
        "template render, one ward (batch)",
        n,
        time(n, || reports.ward("don-vi-0007").expect("ward")),
        None,
    );
    row(
        "template render, one ward (alone)",
        n,
        time(n, || {
            engine
                .render_ward(&data, &stats, "don-vi-0007")
                .expect("ward")
        }),
        None,
    );
    row(
        "template render, town",
        n.min(5),
        time(n.min(5), || {
            engine.render_town(&data, &stats).expect("town")
        }),
        None,
    );
}
