//! The page as a clerk uses it, in headless Chromium driven by WebDriver:
//! upload the sample workbook, see the findings and the pages, switch unit,
//! download the reports (the bytes `render` writes), edit a template in the
//! watched folder and see the preview follow, a template error with its file
//! and line while the last good preview stays, a broken workbook named by
//! its cell. Screenshots at 1366x768 go to `BAOCAO_ANH_GIAO_DIEN` (a folder)
//! when set, e.g. `BAOCAO_ANH_GIAO_DIEN=docs/img cargo test --test web_browser`.

mod cli_support;
mod sheet_support;
mod web_support;

use std::path::Path;
use std::time::Instant;

use baocao::data::sheet::Raw;
use cli_support::baocao_in;
use web_support::*;

fn save_shot(b: &Browser, name: &str, work: &Path) {
    let png = b.screenshot();
    assert_eq!(
        png_size(&png),
        (1366, 768),
        "the screenshot is the 1366x768 viewport"
    );
    std::fs::write(work.join(name), &png).unwrap();
    if let Some(dir) = std::env::var_os("BAOCAO_ANH_GIAO_DIEN") {
        let dir = Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(name), &png).unwrap();
    }
}

/// The text of every preview page.
fn pages_text(b: &Browser) -> String {
    b.js(
        "return [...document.querySelectorAll('[data-testid=trang]')].map(p => p.textContent).join('\\n');",
        vec![],
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

fn page_count(b: &Browser) -> usize {
    b.js(
        "return document.querySelectorAll('[data-testid=trang] svg').length;",
        vec![],
    )
    .as_u64()
    .unwrap_or(0) as usize
}

/// A fetch of `href` from the page's own origin, as bytes, by the test's client.
fn fetch(server: &Server, href: &str) -> Vec<u8> {
    let path = href
        .strip_prefix(&server.base())
        .unwrap_or(href)
        .to_string();
    let r = server.get(&path);
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    r.body
}

#[test]
fn a_clerk_uploads_previews_switches_unit_downloads_and_edits_a_template() {
    let Some(tools) = browser_tools() else { return };
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    // The sample workbook, as a clerk would have it.
    let o = baocao_in(
        w,
        &[
            "chuyen",
            &root().join("data/mau-12-don-vi.yaml").display().to_string(),
            "mau.xlsx",
        ],
    );
    assert!(o.status.success(), "{o:?}");
    let tpl = w.join("mau");
    std::fs::create_dir(&tpl).unwrap();
    let mut server = Server::start(&["--templates", &tpl.display().to_string()], &w.join("tmp"));
    let b = Browser::start(&tools, &w.join("tai-ve"), 1366, 768);
    b.goto(&server.url);

    // Upload: findings table and the first page with "BÁO CÁO".
    let input = b.must_find("[data-testid=tep-du-lieu]");
    b.send_keys(&input, &w.join("mau.xlsx").display().to_string());
    b.wait(30.0, "the first page", || {
        pages_text(&b).contains("BÁO CÁO").then_some(())
    });
    let findings = b.text("[data-testid=ket-qua-kiem-tra]");
    assert!(
        findings.contains("Mức") && findings.contains("Nội dung"),
        "{findings}"
    );
    assert!(
        b.text("#tom-tat").starts_with("Kết quả kiểm tra: 0 lỗi"),
        "{}",
        b.text("#tom-tat")
    );
    let town_pages = page_count(&b);
    assert!(town_pages >= 2, "{town_pages} pages");
    assert_eq!(
        b.text("[data-testid=so-trang]"),
        format!("{town_pages} trang")
    );
    // Real text, selectable: the SVG holds <text> elements.
    let texts = b.js(
        "return document.querySelectorAll('[data-testid=trang] svg text').length;",
        vec![],
    );
    assert!(texts.as_u64().unwrap() > 50, "{texts}");
    save_shot(&b, "giao-dien.png", w);

    // The town report's downloads are render's files, byte for byte.
    let o = baocao_in(w, &["render", "mau.xlsx", "-o", "cli", "-q"]);
    assert!(o.status.success(), "{o:?}");
    let pdf = b.attr("[data-testid=tai-pdf]", "href").unwrap();
    assert!(pdf.ends_with("/mau.pdf"), "{pdf}");
    assert_eq!(
        b.attr("[data-testid=tai-pdf]", "download").as_deref(),
        Some("mau.pdf")
    );
    assert!(
        fetch(&server, &pdf) == std::fs::read(w.join("cli/mau.pdf")).unwrap(),
        "PDF differs from render's"
    );

    // Switch unit: Kỳ Liên's own report.
    let option = b.must_find("[data-testid=chon-don-vi] option[value='ky-lien']");
    b.click(&option);
    b.wait(30.0, "Kỳ Liên's report", || {
        let t = pages_text(&b);
        (t.contains("KỲ LIÊN") || t.contains("Kỳ Liên")).then_some(())
    });
    b.wait(10.0, "the unit's download links", || {
        b.attr("[data-testid=tai-docx]", "href")
            .filter(|h| h.contains("/ky-lien.docx"))
    });
    let o = baocao_in(
        w,
        &[
            "render", "mau.xlsx", "--don-vi", "ky-lien", "-o", "cli", "-q",
        ],
    );
    assert!(o.status.success(), "{o:?}");
    let docx = b.attr("[data-testid=tai-docx]", "href").unwrap();
    assert!(
        fetch(&server, &docx) == std::fs::read(w.join("cli/ky-lien.docx")).unwrap(),
        "DOCX differs"
    );
    // The browser's own download of the PDF (a click on the link).
    let pdf_link = b.must_find("[data-testid=tai-pdf]");
    b.click(&pdf_link);
    let saved = w.join("tai-ve/ky-lien.pdf");
    b.wait(30.0, "the downloaded PDF", || saved.is_file().then_some(()));
    let want = std::fs::read(w.join("cli/ky-lien.pdf")).unwrap();
    b.wait(10.0, "the whole PDF", || {
        (std::fs::read(&saved).ok()? == want).then_some(())
    });
    save_shot(&b, "giao-dien-don-vi.png", w);

    // The batch zip: every file batch writes, same bytes.
    let o = baocao_in(w, &["batch", "mau.xlsx", "-o", "lo", "-q"]);
    assert!(o.status.success(), "{o:?}");
    let zip = fetch(&server, &b.attr("[data-testid=tai-zip]", "href").unwrap());
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let batch = cli_support::names(&w.join("lo"));
    assert_eq!(zip.len(), batch.len());
    for name in &batch {
        let mut e = zip
            .by_name(name)
            .unwrap_or_else(|_| panic!("{name} not in the zip"));
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut e, &mut bytes).unwrap();
        assert!(
            bytes == std::fs::read(w.join("lo").join(name)).unwrap(),
            "{name} differs"
        );
    }

    // "Lưu tất cả vào thư mục": the same files, in Documents (the page
    // cannot know where the chosen file lives), the folder named.
    let folder = home(&server.tmp).join("Documents/baocao/mau - báo cáo");
    assert_eq!(
        b.text("[data-testid=luu-vao]"),
        folder.display().to_string()
    );
    let button = b.must_find("[data-testid=luu-thu-muc]");
    b.click(&button);
    let said = b.wait(30.0, "the saved message", || {
        let t = b.text("[data-testid=da-luu]");
        (!t.is_empty()).then_some(t)
    });
    assert_eq!(
        said,
        format!(
            "Đã lưu {} tệp vào thư mục {}",
            batch.len(),
            folder.display()
        )
    );
    for name in &batch {
        assert!(
            std::fs::read(folder.join(name)).unwrap()
                == std::fs::read(w.join("lo").join(name)).unwrap(),
            "{name} saved differs"
        );
    }
    save_shot(&b, "giao-dien-luu.png", w);

    // Save a changed template in the watched folder: the preview follows.
    let marker = "Đoạn mở đầu do văn phòng sửa thử";
    let started = Instant::now();
    std::fs::write(
        tpl.join("bao-cao-phuong-xa.md.tera"),
        format!("{{% extends \"phuong-xa.md.tera\" %}}\n{{% block mo_dau %}}{marker}.{{% endblock mo_dau %}}\n"),
    )
    .unwrap();
    b.wait(10.0, "the changed template in the preview", || {
        pages_text(&b).contains(marker).then_some(())
    });
    eprintln!("template saved -> preview changed: {:?}", started.elapsed());

    // A broken template: the message names file and line; the pages stay.
    std::fs::write(
        tpl.join("bao-cao-phuong-xa.md.tera"),
        "{% extends \"phuong-xa.md.tera\" %}\n{% block mo_dau %}\n{{ ward.ten | khong_co_bo_loc }}\n{% endblock mo_dau %}\n",
    )
    .unwrap();
    let alert = b.wait(10.0, "the template error", || {
        let t = b.text("[role=alert]");
        t.contains("bao-cao-phuong-xa.md.tera").then_some(t)
    });
    assert!(alert.contains(":3") || alert.contains("dòng 3"), "{alert}");
    assert!(
        pages_text(&b).contains(marker),
        "the last good preview stays"
    );
    save_shot(&b, "giao-dien-loi-mau.png", w);
    std::fs::remove_file(tpl.join("bao-cao-phuong-xa.md.tera")).unwrap();
    b.wait(10.0, "the built-in template back", || {
        (!pages_text(&b).contains(marker) && b.text("[role=alert]").is_empty()).then_some(())
    });

    // Data with findings (the article's own inconsistencies): the table
    // lists them, each with its severity, place and message.
    let input = b.must_find("[data-testid=tep-du-lieu]");
    b.send_keys(
        &input,
        &root().join("data/ky-anh-2019.yaml").display().to_string(),
    );
    b.wait(30.0, "the findings", || {
        let t = b.text("[data-testid=ket-qua-kiem-tra]");
        t.contains("Cảnh báo").then_some(t)
    });
    b.wait(30.0, "the article's report", || {
        let t = pages_text(&b);
        (t.contains("BÁO CÁO") && !t.contains("PHƯỜNG KỲ LIÊN")).then_some(())
    });
    save_shot(&b, "giao-dien-kiem-tra.png", w);

    // A broken workbook: a word where a number goes, named by its cell.
    let mut grids = sheet_support::sample_grids("data/mau-12-don-vi.yaml", w);
    let g = sheet_support::grid(&mut grids, "chi_bo");
    let c = sheet_support::col(g, "Số đảng viên");
    sheet_support::put(g, 5, c, Raw::Text("mười hai".into()));
    sheet_support::write_xlsx(&w.join("hong.xlsx"), &grids, |_, _| {});
    let input = b.must_find("[data-testid=tep-du-lieu]");
    b.send_keys(&input, &w.join("hong.xlsx").display().to_string());
    let alert = b.wait(30.0, "the broken workbook's message", || {
        let t = b.text("[role=alert]");
        t.contains("hong.xlsx").then_some(t)
    });
    assert!(alert.contains("trang chi_bo, ô "), "{alert}");
    assert!(alert.contains("Số đảng viên"), "{alert}");
    assert!(
        !alert.contains(&server.tmp.display().to_string()),
        "{alert}"
    );
    save_shot(&b, "giao-dien-loi-du-lieu.png", w);
    // The server kept serving: the page still answers.
    assert_eq!(server.get("/api/thong-tin").status, 200);

    drop(b);
    let status = server.interrupt();
    assert!(status.success(), "Ctrl-C: {status:?}");
    let left: Vec<_> = std::fs::read_dir(&server.tmp).unwrap().collect();
    assert!(
        left.is_empty(),
        "the private folder is removed at exit: {left:?}"
    );
}

/// Eight tabs on the page at once (more than the 6 connections a browser
/// keeps per server, each tab waiting for changes): the last one still
/// uploads and previews.
#[test]
fn eight_tabs_at_once() {
    let Some(tools) = browser_tools() else { return };
    let work = tempfile::tempdir().unwrap();
    let server = Server::start(&[], &work.path().join("tmp"));
    let b = Browser::start(&tools, &work.path().join("tai-ve"), 1366, 768);
    b.goto(&server.url);
    for _ in 0..7 {
        b.new_tab();
        b.goto(&server.url);
        b.must_find("[data-testid=tep-du-lieu]");
    }
    let input = b.must_find("[data-testid=tep-du-lieu]");
    b.send_keys(
        &input,
        &root().join("data/mau-xa-2025.yaml").display().to_string(),
    );
    b.wait(15.0, "a page in the eighth tab", || {
        pages_text(&b).contains("BÁO CÁO").then_some(())
    });
}
