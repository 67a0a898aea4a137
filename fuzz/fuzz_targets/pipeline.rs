//! Data YAML -> model -> figures -> built-in templates -> document model:
//! adversarial data through the templates (names with Markdown in them,
//! absurd counts, empty lists) must give a document or an error.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn engine() -> &'static baocao::template::Engine {
    static ENGINE: OnceLock<baocao::template::Engine> = OnceLock::new();
    ENGINE.get_or_init(|| baocao::template::Engine::builtin().expect("built-in templates"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(ds) = baocao::data::load_str(text, "fuzz.yaml") else {
        return;
    };
    let stats = baocao::stats::derive(&ds);
    let _ = engine().render_town(&ds, &stats);
    if let Some(w) = ds.don_vi.first() {
        let _ = engine().render_ward(&ds, &stats, &w.ma);
    }
});
