//! The page as a clerk on Windows meets it: `baocao.exe` under Wine, driven
//! in headless Chromium. Run by tests/ci/windows-wine.sh, which sets
//! `BAOCAO_WINE_DIR` (the unzipped folder: `baocao.exe` and the test-only
//! ProcessPrng stub) and the Wine prefix; skipped without it.
//! 1. A double-click (no arguments, no terminal): the console says what
//!    this is and how to stop it; the page takes a workbook, shows its
//!    pages, saves every report into Documents, the batch's bytes.
//! 2. A workbook dropped on the exe: the page opens with it and saves the
//!    reports beside it.

mod cli_support;
mod web_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use cli_support::baocao_in;
use web_support::*;

/// The folder with `baocao.exe`, when Wine is to be used.
fn wine_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("BAOCAO_WINE_DIR").map(PathBuf::from);
    if dir.is_none() {
        eprintln!("SKIP: BAOCAO_WINE_DIR not set (tests/ci/windows-wine.sh sets it)");
    }
    dir
}

/// `C:\users\x\...` or `Z:\tmp\...` as the Linux path Wine maps it to.
fn unix_path(windows: &str) -> PathBuf {
    let (drive, rest) = windows.split_at(2);
    let rest = rest.trim_start_matches('\\').replace('\\', "/");
    match drive.to_ascii_uppercase().as_str() {
        "Z:" => PathBuf::from("/").join(rest),
        "C:" => {
            let prefix = std::env::var_os("WINEPREFIX").expect("WINEPREFIX");
            PathBuf::from(prefix).join("drive_c").join(rest)
        }
        d => panic!("{d}: a drive Wine does not map here"),
    }
}

fn wine_baocao(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new("wine");
    c.arg("baocao.exe").args(args).current_dir(dir);
    c
}

fn shot(b: &Browser, name: &str) {
    if let Some(dir) = std::env::var_os("BAOCAO_ANH_GIAO_DIEN") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(Path::new(&dir).join(name), b.screenshot()).unwrap();
    }
}

fn names(dir: &Path) -> Vec<String> {
    cli_support::names(dir)
}

/// Invented data unlike the samples (five synthetic wards) as a workbook,
/// and the batch the Linux build writes from it.
fn workbook(w: &Path, name: &str) -> PathBuf {
    let o = baocao_in(
        w,
        &[
            "sinh-du-lieu",
            "--wards",
            "5",
            "--cells",
            "3",
            "--seed",
            "77",
            "-o",
            "s.yaml",
        ],
    );
    assert!(o.status.success(), "{o:?}");
    let o = baocao_in(w, &["chuyen", "s.yaml", name]);
    assert!(o.status.success(), "{o:?}");
    let o = baocao_in(w, &["batch", name, "-o", "linux", "-q"]);
    assert!(o.status.success(), "{o:?}");
    w.join(name)
}

fn same_as_linux(saved: &Path, linux: &Path) {
    let want = names(linux);
    assert_eq!(names(saved), want, "{}", saved.display());
    for f in &want {
        assert!(
            std::fs::read(saved.join(f)).unwrap() == std::fs::read(linux.join(f)).unwrap(),
            "{f}: saved under Wine differs from the Linux build's"
        );
    }
}

fn save_and_wait(b: &Browser) -> String {
    let button = b.must_find("[data-testid=luu-thu-muc]");
    b.click(&button);
    b.wait(120.0, "the saved message", || {
        let t = b.text("[data-testid=da-luu]");
        (!t.is_empty()).then_some(t)
    })
}

#[test]
fn double_click_upload_preview_and_save_in_documents() {
    let Some(dir) = wine_dir() else { return };
    let tools = browser_tools().expect("chromium");
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    let book = workbook(w, "Số liệu 5 phường.xlsx");
    // No arguments, output not a terminal: as Explorer starts it.
    let server = Server::spawn(wine_baocao(&dir, &[]), &w.join("tmp"));
    let said = server.stdout.join("\n");
    assert!(
        said.contains("đóng cửa sổ này") && said.contains("Ctrl+C") && said.contains("trình duyệt"),
        "{said}"
    );
    let b = Browser::start(&tools, &w.join("tai-ve"), 1366, 768);
    b.goto(&server.url);
    let input = b.must_find("[data-testid=tep-du-lieu]");
    b.send_keys(&input, &book.display().to_string());
    b.wait(120.0, "the first page", || {
        let t = b.text("[data-testid=trang]");
        t.contains("BÁO CÁO").then_some(())
    });
    let folder = b.text("[data-testid=luu-vao]");
    assert!(
        folder.contains("\\Documents\\baocao\\Số liệu 5 phường - báo cáo"),
        "{folder}"
    );
    let message = save_and_wait(&b);
    assert_eq!(
        message,
        format!(
            "Đã lưu {} tệp vào thư mục {folder}",
            names(&w.join("linux")).len()
        )
    );
    shot(&b, "giao-dien-luu-windows.png");
    same_as_linux(&unix_path(&folder), &w.join("linux"));
    // The DOCX download, for LibreOffice (tests/ci/windows-wine.sh opens it).
    let href = b.attr("[data-testid=tai-docx]", "href").unwrap();
    let path = href.trim_start_matches(&server.base()).to_string();
    let docx = server.get(&path);
    assert_eq!(docx.status, 200);
    if let Some(out) = std::env::var_os("BAOCAO_WINE_OUT") {
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(Path::new(&out).join("tai-ve-duoi-wine.docx"), &docx.body).unwrap();
    }
}

#[test]
fn a_workbook_dropped_on_the_exe_opens_the_page_and_saves_beside_it() {
    let Some(dir) = wine_dir() else { return };
    let tools = browser_tools().expect("chromium");
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    let book = workbook(w, "Báo cáo xã mới.xlsx");
    // Explorer passes the dropped file's full Windows path.
    let windows_path = format!("Z:{}", book.display()).replace('/', "\\");
    let server = Server::spawn(wine_baocao(&dir, &[&windows_path]), &w.join("tmp"));
    let b = Browser::start(&tools, &w.join("tai-ve"), 1366, 768);
    b.goto(&server.url);
    b.wait(120.0, "the dropped file's first page", || {
        let t = b.text("[data-testid=trang]");
        t.contains("BÁO CÁO").then_some(())
    });
    let folder = b.text("[data-testid=luu-vao]");
    let beside = format!(
        "{}\\Báo cáo xã mới - báo cáo",
        windows_path.rsplit_once('\\').unwrap().0
    );
    assert_eq!(folder, beside);
    save_and_wait(&b);
    same_as_linux(&w.join("Báo cáo xã mới - báo cáo"), &w.join("linux"));
}
