//! `cargo bench --bench pdf`: time and size of the PDF writer on the sample
//! report (layout alone, then layout + PDF write), 100 documents in one
//! process, sequential and on all cores.
//!
//! Measured 2026-11-28 (release, 2 cores shared with four other builds, so
//! "parallel" gains nothing there): report(0) 3 pages 63 KB, layout 3.1 ms,
//! layout+write 11.8 ms/doc; report(8) 4 pages 65 KB, 5.2 / 15.3 ms;
//! report(40) 6 pages 69 KB, 9.9 / 23.8 ms.

use std::time::Instant;

use baocao::document::sample;

fn main() {
    let n: usize = std::env::args()
        .filter_map(|a| a.parse().ok())
        .next()
        .unwrap_or(100);
    for filler in [0usize, 8, 40] {
        let doc = sample::report(filler);
        // Warm up: font parsing happens once per process.
        let first = baocao::pdf::render(&doc).expect("render");
        let pages = baocao::layout::pages(&doc).expect("layout").pages.len();
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(baocao::layout::pages(&doc).expect("layout").pages);
        }
        let layout_ms = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
        let t = Instant::now();
        let mut bytes = 0;
        for _ in 0..n {
            bytes = baocao::pdf::render(&doc).expect("render").bytes.len();
        }
        let render_ms = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
        assert_eq!(bytes, first.bytes.len());
        let t = Instant::now();
        use rayon::prelude::*;
        (0..n).into_par_iter().for_each(|_| {
            std::hint::black_box(baocao::pdf::render(&doc).expect("render"));
        });
        let par_ms = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
        println!(
            "sample::report({filler}): {pages} pages, {:.1} KB; layout {layout_ms:.2} ms/doc, \
             layout+write {render_ms:.2} ms/doc, parallel {par_ms:.2} ms/doc ({n} docs)",
            bytes as f64 / 1024.0
        );
    }
}
