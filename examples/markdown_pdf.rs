//! Typeset a Markdown document as PDF through baocao's own document model
//! and PDF writer: the report markup (CommonMark with a front-matter block,
//! pipe tables, footnotes, images; see `src/document/markup.rs`) with the
//! built-in page settings, or with a `settings.yaml` beside the document laid
//! over them. `scripts/release.sh` makes the clerks' guide HUONG-DAN.pdf with
//! it from docs/huong-dan/HUONG-DAN.md.
//!
//!     markdown_pdf IN.md OUT.pdf
//!
//! Images are read relative to IN.md's folder. A character no font has, or
//! any writer warning, is an error: a guide is checked like a report.

use std::path::Path;
use std::process::ExitCode;

use baocao::document::{markup, Settings};

fn run(input: &Path, output: &Path) -> Result<(), String> {
    let shown = input.display().to_string();
    let text = std::fs::read_to_string(input)
        .map_err(|e| format!("{shown}: {}", baocao::os_error::vi(&e)))?;
    let dir = input.parent().filter(|d| !d.as_os_str().is_empty());
    let dir = dir.unwrap_or(Path::new("."));
    let settings_file = dir.join("settings.yaml");
    let settings = match std::fs::read_to_string(&settings_file) {
        Ok(s) => Settings::overlay(&s, &settings_file).map_err(|e| e.to_string())?,
        Err(_) => Settings::builtin(),
    };
    let doc = markup::parse(&text, &shown, settings, Some(dir)).map_err(|e| e.to_string())?;
    let fonts = doc.settings.fonts().clone();
    let missing = baocao::glyphs::missing(&doc, &fonts);
    if !missing.is_empty() {
        let lines = baocao::glyphs::describe(&missing, &doc, &fonts, input);
        return Err(lines
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n"));
    }
    let rendered = baocao::pdf::render(&doc).map_err(|e| e.to_string())?;
    if !rendered.warnings.is_empty() {
        let lines: Vec<String> = rendered.warnings.iter().map(|d| d.to_string()).collect();
        return Err(lines.join("\n"));
    }
    baocao::output::write_atomic(output, &rendered.bytes)
        .map_err(|e| format!("{}: {}", output.display(), baocao::os_error::vi(&e)))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: markdown_pdf IN.md OUT.pdf");
        return ExitCode::from(2);
    };
    match run(Path::new(input), Path::new(output)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lỗi (error): {e}");
            ExitCode::FAILURE
        }
    }
}
