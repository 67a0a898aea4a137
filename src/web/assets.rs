//! The page, its script and styles, compiled into the binary: the page
//! works offline, with no CDN and nothing fetched at run time. Fonts are
//! served from the template set's own faces ([`crate::svg::web_fonts_for`]),
//! by the preview route.

use std::sync::OnceLock;

pub const INDEX: &str = include_str!("page/index.html");
const APP_JS: &str = include_str!("page/app.js");
const APP_CSS: &str = include_str!("page/app.css");
pub const ICON: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\"><rect width=\"16\" height=\"16\" rx=\"3\" fill=\"#8b1a1a\"/><path d=\"M4 4h8M4 7h8M4 10h5\" stroke=\"#fff\" stroke-width=\"1.5\"/></svg>";

/// `/tai-nguyen/NAME`: (content type, bytes).
pub fn get(name: &str) -> Option<(&'static str, Vec<u8>)> {
    match name {
        "app.js" => Some(("text/javascript; charset=utf-8", APP_JS.as_bytes().to_vec())),
        "app.css" => Some(("text/css; charset=utf-8", APP_CSS.as_bytes().to_vec())),
        _ => None,
    }
}

/// The fill-in workbook `baocao init` writes (the 12-unit sample), made once.
pub fn sample_workbook() -> Result<Vec<u8>, String> {
    static BOOK: OnceLock<Result<Vec<u8>, String>> = OnceLock::new();
    BOOK.get_or_init(|| crate::cli::sample_workbook().map_err(|e| format!("{e:#}")))
        .clone()
}
