//! Render the built-in templates on the sample data and check the document.

use std::path::Path;

use baocao::data;
use baocao::document::{plain_text, Block, Document, Inline};
use baocao::template::Engine;

fn load(name: &str) -> data::Dataset {
    data::load_file(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data")
            .join(name),
    )
    .unwrap()
}

/// All text of the body, paragraphs separated by newlines.
pub fn body_text(d: &Document) -> String {
    fn walk(blocks: &[Block], out: &mut String) {
        for b in blocks {
            match b {
                Block::Heading { content, .. } => {
                    out.push_str(&plain_text(content));
                    out.push('\n');
                }
                Block::Paragraph(p) => {
                    out.push_str(&plain_text(&p.content));
                    out.push('\n');
                }
                Block::List(l) => l.items.iter().for_each(|i| walk(i, out)),
                Block::Table(t) => {
                    for r in t.header.iter().chain(&t.rows) {
                        let cells: Vec<String> = r.cells.iter().map(|c| plain_text(c)).collect();
                        out.push_str(&cells.join(" | "));
                        out.push('\n');
                    }
                }
                Block::Image(_) | Block::PageBreak => {}
            }
        }
    }
    let mut s = String::new();
    walk(&d.blocks, &mut s);
    s
}

#[test]
fn debug_print_markup() {
    let e = Engine::builtin().unwrap();
    let d = load("ky-anh-2019.yaml");
    let m = e.render_markup_town(&d, &()).unwrap();
    println!("{m}");
    let doc = e.render_town(&d, &()).unwrap();
    println!("{}", body_text(&doc));
    let _ = Inline::LineBreak;
}
