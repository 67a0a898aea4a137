//! Page settings no page can hold never reach a writer: a document holds
//! only checked settings (`document::Settings`), so even settings changed in
//! code are refused, naming the key, before any writer runs (the DOCX writer
//! used to loop on 4e9 signature lines and panic on a 1e30 mm paper).

use std::time::{Duration, Instant};

use baocao::document::sample::report;
use baocao::document::PageSettings;

type Spoil = fn(&mut PageSettings);

#[test]
fn absurd_settings_are_an_error_not_a_hang_or_a_panic() {
    let cases: [(&str, Spoil); 5] = [
        ("closing.signature_lines", |s| {
            s.closing.signature_lines = 4_000_000_000
        }),
        ("paper.width", |s| s.paper.width = 1e30),
        ("body.size", |s| s.body.size = f32::NAN),
        ("headings", |s| s.headings.clear()),
        ("margins", |s| s.margins.left = 190.0),
    ];
    for (key, set) in cases {
        let doc = report(1);
        let started = Instant::now();
        let Err(e) = doc.settings.changed(set) else {
            panic!("{key}: accepted")
        };
        assert!(e.to_string().contains(key), "{key}: {e}");
        assert!(started.elapsed() < Duration::from_secs(10), "{key}");
    }
    // The same change within range is taken, and both writers use it.
    let mut doc = report(1);
    doc.settings = doc.settings.changed(|s| s.body.size = 13.0).unwrap();
    assert!(baocao::pdf::render(&doc).is_ok());
    assert!(baocao::docx::render(&doc).is_ok());
}
