//! YAML -> typed model -> derived figures -> consistency findings.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Inputs past the size guard are refused before parsing: keep runs fast.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(ds) = baocao::data::load_str(text, "fuzz.yaml") {
        let stats = baocao::stats::derive(&ds);
        let findings = baocao::stats::check(&ds, &stats);
        for f in &findings {
            let _ = f.to_string();
        }
    }
});
