//! DOCX writer throughput: `cargo bench --bench docx` (release). Prints
//! ms/doc and KB for the sample report, serially and with rayon.

use std::time::Instant;

use baocao::document::sample;
use rayon::prelude::*;

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100);
    for filler in [0usize, 20] {
        let doc = sample::report(filler);
        let first = baocao::docx::render(&doc).expect("renders");
        let t = Instant::now();
        let mut bytes = 0usize;
        for _ in 0..n {
            bytes += baocao::docx::render(&doc).unwrap().bytes.len();
        }
        let serial = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
        let docs: Vec<_> = (0..n).map(|i| sample::report(filler + i % 3)).collect();
        let t = Instant::now();
        let total: usize = docs
            .par_iter()
            .map(|d| baocao::docx::render(d).unwrap().bytes.len())
            .sum();
        let parallel = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
        println!(
            "docx sample(filler {filler}): {serial:.2} ms/doc serial, {parallel:.2} ms/doc with rayon ({} threads), {:.1} KB/doc (first {:.1} KB), {n} docs",
            rayon::current_num_threads(),
            (total as f64 / n as f64) / 1024.0,
            first.bytes.len() as f64 / 1024.0,
        );
        assert_eq!(bytes, first.bytes.len() * n);
    }
}
