//! DOCX writer throughput: `cargo bench --bench docx` (release). Prints
//! ms/doc and KB for the sample report, serially and with rayon.

use std::time::Instant;

use baocao::document::sample;
use rayon::prelude::*;

/// CPU time of this thread in ns (Linux), to see through a busy machine.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100);
    // Distinct character sets: every document misses the font-part cache.
    {
        let docs: Vec<_> = (0..n)
            .map(|i| {
                let mut d = sample::report(0);
                let c = char::from_u32(0x100 + i as u32 % 0x80).unwrap_or('x');
                d.blocks.push(baocao::document::Block::Paragraph(
                    baocao::document::Paragraph {
                        content: vec![baocao::document::Inline::Text {
                            text: format!(
                                "{c}{}",
                                char::from_u32(0x180 + (i / 0x80) as u32).unwrap_or('y')
                            ),
                            style: Default::default(),
                        }],
                        align: None,
                        indent: true,
                    },
                ));
                d
            })
            .collect();
        let t = Instant::now();
        let cpu0 = thread_cpu_ns();
        let mut total = 0usize;
        for d in &docs {
            total += baocao::docx::render(d).unwrap().bytes.len();
        }
        let ms = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
        let cpu = match (cpu0, thread_cpu_ns()) {
            (Some(a), Some(b)) => format!("{:.2}", (b - a) as f64 / 1e6 / n as f64),
            _ => "?".into(),
        };
        println!(
            "docx sample, a new character set each (subset + deflate every time): {ms:.2} ms/doc serial (CPU {cpu} ms/doc), {:.1} KB/doc, {n} docs",
            (total as f64 / n as f64) / 1024.0
        );
    }
    for filler in [0usize, 20] {
        let doc = sample::report(filler);
        let first = baocao::docx::render(&doc).expect("renders");
        let t = Instant::now();
        let cpu0 = thread_cpu_ns();
        let mut bytes = 0usize;
        for _ in 0..n {
            bytes += baocao::docx::render(&doc).unwrap().bytes.len();
        }
        let serial = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
        let cpu = match (cpu0, thread_cpu_ns()) {
            (Some(a), Some(b)) => format!("{:.2}", (b - a) as f64 / 1e6 / n as f64),
            _ => "?".into(),
        };
        let docs: Vec<_> = (0..n).map(|i| sample::report(filler + i % 3)).collect();
        let t = Instant::now();
        let total: usize = docs
            .par_iter()
            .map(|d| baocao::docx::render(d).unwrap().bytes.len())
            .sum();
        let parallel = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
        println!(
            "docx sample(filler {filler}), font parts cached: {serial:.2} ms/doc serial (CPU {cpu} ms/doc), {parallel:.2} ms/doc with rayon ({} threads), {:.1} KB/doc (first {:.1} KB), {n} docs",
            rayon::current_num_threads(),
            (total as f64 / n as f64) / 1024.0,
            first.bytes.len() as f64 / 1024.0,
        );
        assert_eq!(bytes, first.bytes.len() * n);
    }
}
