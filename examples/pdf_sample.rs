//! Render a sample report to a PDF for a look:
//! `cargo run --example pdf_sample -- [N] [OUT]` renders
//! `document::sample::report(N)` (default 8) to OUT (default /tmp/pdf-sample.pdf);
//! `cargo run --example pdf_sample -- stress [OUT]` renders a harder case: a
//! footnote too long for one page cited near a page foot, and an 80-row table.

use baocao::document::{sample, Block, Footnote, Inline, Paragraph};

fn stress() -> baocao::document::Document {
    let mut doc = sample::report(14);
    let long =
        "Ghi chú dài để thử việc chuyển phần còn lại của chú thích sang trang sau. ".repeat(80);
    doc.footnotes[1] = Footnote {
        number: 2,
        content: vec![Paragraph {
            content: vec![Inline::Text {
                text: long,
                style: Default::default(),
            }],
            align: None,
            indent: false,
        }],
    };
    for b in &mut doc.blocks {
        if let Block::Table(t) = b {
            let rows = t.rows.clone();
            t.rows = rows.iter().cycle().take(80).cloned().collect();
        }
    }
    doc
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1).peekable();
    let doc = if args.peek().map(String::as_str) == Some("stress") {
        args.next();
        stress()
    } else {
        let filler: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(8);
        sample::report(filler)
    };
    let out = args.next().unwrap_or_else(|| "/tmp/pdf-sample.pdf".into());
    let r = baocao::pdf::render(&doc)?;
    for w in &r.warnings {
        eprintln!("cảnh báo: {w}");
    }
    baocao::output::write_atomic(std::path::Path::new(&out), &r.bytes)?;
    println!("{out}: {} bytes", r.bytes.len());
    Ok(())
}
