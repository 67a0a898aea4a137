//! `cargo bench --bench svg [-- ITER]`: the cost of a page preview (issue
//! #21: layout + SVG of a ward report <= 20 ms of server CPU), in-process on
//! one thread, after a warm-up (fonts, templates and shaping caches are
//! made once per process, as in the server). For each report: layout alone
//! (`layout::pages`), the SVG of every page from the laid-out pages
//! (`svg::page`), and both (`svg::render`, what a preview costs), as the
//! median wall time of ITER runs (default 100) and the process CPU time per
//! run over all of them (getrusage). Reports: a ward of the 12-unit sample
//! (`data/mau-12-don-vi.yaml`), one ward of synthetic data (10 cells, as in
//! the 1,000-ward batch), the sample town report, the 12-unit sample's town
//! report with its landscape annex.

use std::hint::black_box;
use std::time::Instant;

use baocao::document::Document;
use baocao::fonts::FontSet;
use baocao::template::Engine;

/// The allocator of the `baocao` binary (src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// CPU time (user + system) of this process so far, in ms.
#[cfg(unix)]
fn cpu_ms() -> f64 {
    // SAFETY: getrusage writes into the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    ms(u.ru_utime) + ms(u.ru_stime)
}

/// (Not measured off Unix.)
#[cfg(not(unix))]
fn cpu_ms() -> f64 {
    0.0
}

/// Median and min wall time and mean CPU time of `iters` runs, in ms.
fn time<T>(iters: usize, mut f: impl FnMut() -> T) -> (f64, f64, f64) {
    black_box(f());
    let cpu = cpu_ms();
    let mut v: Vec<f64> = (0..iters)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    let cpu = (cpu_ms() - cpu) / iters as f64;
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[0], cpu)
}

fn row(name: &str, iters: usize, (median, min, cpu): (f64, f64, f64), size: Option<usize>) {
    let size = size
        .map(|b| format!("{:>8.1} KB", b as f64 / 1024.0))
        .unwrap_or_default();
    println!(
        "  {name:<28} {median:>8.3} ms wall (min {min:>7.3}), {cpu:>8.3} ms CPU, n={iters} {size}"
    );
}

fn report(title: &str, iters: usize, doc: &Document) {
    let laid = baocao::layout::pages(doc).expect("layout");
    let set = FontSet::from_settings(&doc.settings.fonts, doc.settings.base_dir.as_deref())
        .expect("fonts");
    let svgs = baocao::svg::render(doc).expect("svg");
    let bytes: usize = svgs.iter().map(String::len).sum();
    println!("{title}: {} pages", laid.pages.len());
    row(
        "layout (layout::pages)",
        iters,
        time(iters, || baocao::layout::pages(doc).expect("layout")),
        None,
    );
    row(
        "SVG of the pages (svg::page)",
        iters,
        time(iters, || {
            laid.pages
                .iter()
                .map(|p| baocao::svg::page(p, &set))
                .collect::<Vec<_>>()
        }),
        Some(bytes),
    );
    row(
        "layout + SVG (svg::render)",
        iters,
        time(iters, || baocao::svg::render(doc).expect("svg")),
        Some(bytes),
    );
}

fn main() {
    let iters: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100)
        .max(1);
    let engine = Engine::builtin().expect("built-in templates");
    let dir = env!("CARGO_MANIFEST_DIR");
    let load = |text: &str| {
        let data = baocao::data::load_str(text, "bench.yaml").expect("data");
        let stats = baocao::stats::derive(&data);
        (data, stats)
    };
    let twelve = std::fs::read_to_string(format!("{dir}/data/mau-12-don-vi.yaml")).expect("sample");
    let (tdata, tstats) = load(&twelve);
    let ward = &tdata.don_vi[0].ma;
    let doc = engine.render_ward(&tdata, &tstats, ward).expect("ward");
    report(
        &format!("ward report, data/mau-12-don-vi.yaml, {ward}"),
        iters,
        &doc,
    );
    let synth = baocao::cli::synth::generate(20, 10, 1);
    let (sdata, sstats) = load(&synth);
    let doc = engine
        .render_ward(&sdata, &sstats, "don-vi-0007")
        .expect("ward");
    report(
        "ward report, synthetic 20 wards x 10 cells, don-vi-0007",
        iters,
        &doc,
    );
    let town = std::fs::read_to_string(format!("{dir}/data/ky-anh-2019.yaml")).expect("sample");
    let (data, stats) = load(&town);
    let doc = engine.render_town(&data, &stats).expect("town");
    report("town report, data/ky-anh-2019.yaml", iters, &doc);
    let doc = engine.render_town(&tdata, &tstats).expect("town");
    report("town report, data/mau-12-don-vi.yaml (annex)", iters, &doc);
}
