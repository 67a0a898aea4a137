//! Report markup -> document model.
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
    let settings = baocao::document::Settings::builtin();
    let _ = baocao::document::markup::parse(text, "fuzz.md", settings, Some(&images_dir()));
});
