//! `cargo run --example svg_preview -- DATA.yaml OUT_DIR [WARD_ID]`: the SVG
//! pages of the town report (or of one ward's; DATA `-`: the built-in sample document), with the fonts and an
//! `index.html` that shows them as the web page does (src/svg's contract):
//! open it in a browser to look at the previews.

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [data, out, rest @ ..] = args.as_slice() else {
        anyhow::bail!("usage: svg_preview DATA.yaml OUT_DIR [WARD_ID]");
    };
    let out = PathBuf::from(out);
    std::fs::create_dir_all(out.join("phong"))?;
    let doc = if data == "-" {
        // The built-in sample document (an image, a table, notes).
        baocao::document::sample::report(0)
    } else {
        let data = baocao::data::load_file(data.as_ref())?;
        let stats = baocao::stats::derive(&data);
        let engine = baocao::template::Engine::builtin()?;
        match rest.first() {
            Some(id) => engine.render_ward(&data, &stats, id)?,
            None => engine.render_town(&data, &stats)?,
        }
    };
    let pages = baocao::svg::render(&doc)?;
    let fonts = baocao::svg::web_fonts_for(&doc.settings)?;
    for f in &fonts.fonts {
        std::fs::write(out.join("phong").join(&f.file_name), f.data.as_slice())?;
    }
    let mut html = format!(
        "<!doctype html><meta charset=\"utf-8\"><style>{}body{{margin:0;background:#888}}\
         .trang{{margin:8px auto;width:595pt;box-shadow:0 0 4px #000}}.trang svg{{display:block}}</style>\n",
        fonts.css("phong/")
    );
    for (i, p) in pages.iter().enumerate() {
        std::fs::write(out.join(format!("trang-{}.svg", i + 1)), p)?;
        html.push_str("<div class=\"trang\" data-testid=\"trang\">");
        html.push_str(p);
        html.push_str("</div>\n");
    }
    std::fs::write(out.join("index.html"), html)?;
    println!("{} pages in {}", pages.len(), out.display());
    Ok(())
}
