//! Both writers refuse page settings no page can hold, even in a document
//! built in code (which skips the check made when settings.yaml is read):
//! the DOCX writer used to loop on 4e9 signature lines and panic on a
//! 1e30 mm paper.

use std::time::{Duration, Instant};

use baocao::document::sample::report;
use baocao::document::PageSettings;

type Spoil = fn(&mut PageSettings);

#[test]
fn absurd_settings_are_an_error_not_a_hang_or_a_panic() {
    let cases: [(&str, Spoil); 4] = [
        ("closing.signature_lines", |s| {
            s.closing.signature_lines = 4_000_000_000
        }),
        ("paper.width", |s| s.paper.width = 1e30),
        ("body.size", |s| s.body.size = f32::NAN),
        ("headings", |s| s.headings.clear()),
    ];
    for (key, set) in cases {
        let mut doc = report(1);
        set(&mut doc.settings);
        let started = Instant::now();
        let Err(pdf) = baocao::pdf::render(&doc) else {
            panic!("{key}: PDF made")
        };
        let Err(docx) = baocao::docx::render(&doc) else {
            panic!("{key}: DOCX made")
        };
        for e in [pdf.to_string(), docx.to_string()] {
            assert!(e.contains(key), "{key}: {e}");
        }
        assert!(started.elapsed() < Duration::from_secs(10), "{key}");
    }
}
