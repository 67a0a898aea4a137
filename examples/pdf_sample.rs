//! Render `document::sample::report(N)` (default 8) to a PDF for a look:
//! `cargo run --example pdf_sample -- [N] [OUT]` (default /tmp/pdf-sample.pdf).

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let filler: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(8);
    let out = args.next().unwrap_or_else(|| "/tmp/pdf-sample.pdf".into());
    let doc = baocao::document::sample::report(filler);
    let r = baocao::pdf::render(&doc)?;
    for w in &r.warnings {
        eprintln!("cảnh báo: {w}");
    }
    baocao::output::write_atomic(std::path::Path::new(&out), &r.bytes)?;
    println!("{out}: {} bytes", r.bytes.len());
    Ok(())
}
