//! Report markup -> document model -> PDF and DOCX. Markup is the
//! structure: every document the templates can make is reachable from it.
#![no_main]
use libfuzzer_sys::fuzz_target;

/// `![..](anh-mau.png)` finds the test image.
fn images_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Big documents only slow the search down; the size limits are tested apart.
    if text.len() > 64 * 1024 {
        return;
    }
    let settings = baocao::document::Settings::builtin();
    let Ok(doc) = baocao::document::markup::parse(text, "fuzz.md", settings, Some(&images_dir())) else {
        return;
    };
    let _ = baocao::pdf::render(&doc);
    let _ = baocao::docx::render(&doc);
});
