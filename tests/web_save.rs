//! The page's "Lưu tất cả vào thư mục": every report of the batch written
//! where a clerk finds it (beside the data file given on the command line
//! or dropped on the program, in Documents for a file chosen in the
//! browser), the same bytes `batch` writes, all or none; refused from
//! another web site and on the network. And a data file dropped on the
//! program opens the page with it.

mod cli_support;
mod web_support;

use std::path::Path;

use cli_support::baocao_in;
use web_support::*;

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn post(server: &Server, path: &str, headers: &[(&str, &str)]) -> Reply {
    request(server.port, "POST", path, headers, &[])
}

#[test]
fn saving_writes_the_batch_beside_the_data_file() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    // Invented data unlike the samples: seven synthetic wards.
    let o = baocao_in(
        w,
        &[
            "sinh-du-lieu",
            "--wards",
            "7",
            "--cells",
            "3",
            "--seed",
            "91",
            "-o",
            "x.yaml",
        ],
    );
    assert!(o.status.success(), "{o:?}");
    let data = w.join("Số liệu phường 2026.yaml");
    std::fs::rename(w.join("x.yaml"), &data).unwrap();
    let server = Server::start(&[data.to_str().unwrap()], &w.join("tmp"));
    let id = server.get("/api/thong-tin").json()["phien"]
        .as_str()
        .unwrap()
        .to_string();
    let check = server.get(&format!("/api/phien/{id}")).json();
    let folder = w.join("Số liệu phường 2026 - báo cáo");
    assert_eq!(check["luu_vao"], folder.display().to_string(), "{check}");
    assert!(!folder.exists());

    // From another web site (a browser names it in Origin): refused.
    let r = post(
        &server,
        &format!("/api/phien/{id}/luu"),
        &[("Origin", "http://evil.example")],
    );
    assert_eq!(r.status, 403, "{}", r.text());
    assert!(!folder.exists());

    // From the page: every report, PDF and DOCX, as `batch` writes them.
    let own = format!("http://127.0.0.1:{}", server.port);
    let r = post(
        &server,
        &format!("/api/phien/{id}/luu"),
        &[("Origin", &own)],
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let saved = r.json();
    assert_eq!(saved["thu_muc"], folder.display().to_string());
    let o = baocao_in(w, &["batch", data.to_str().unwrap(), "-o", "lo"]);
    assert!(o.status.success(), "{o:?}");
    let batch = files_in(&w.join("lo"));
    assert_eq!(files_in(&folder), batch);
    assert_eq!(
        batch.len(),
        16,
        "7 wards and the town, PDF and DOCX: {batch:?}"
    );
    let names: Vec<&str> = saved["tep"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 16);
    for f in &batch {
        assert!(
            std::fs::read(folder.join(f)).unwrap() == std::fs::read(w.join("lo").join(f)).unwrap(),
            "{f} differs from batch's"
        );
    }

    // A file in the way (a folder under a report's name): nothing replaced,
    // the file named, no temporary file left.
    let before: Vec<Vec<u8>> = batch
        .iter()
        .map(|f| std::fs::read(folder.join(f)).unwrap())
        .collect();
    let victim = batch.iter().find(|f| f.ends_with(".docx")).unwrap().clone();
    std::fs::remove_file(folder.join(&victim)).unwrap();
    std::fs::create_dir(folder.join(&victim)).unwrap();
    let r = post(&server, &format!("/api/phien/{id}/luu"), &[]);
    assert_eq!(r.status, 422, "{}", r.text());
    let message = r.json()["loi"].as_str().unwrap().to_string();
    assert!(
        message.contains(&victim) && message.contains("không lưu được"),
        "{message}"
    );
    for (f, b) in batch.iter().zip(&before) {
        if *f != victim {
            assert!(
                std::fs::read(folder.join(f)).unwrap() == *b,
                "{f} was replaced"
            );
        }
    }
    assert_eq!(files_in(&folder), batch, "a temporary file was left");
}

#[test]
fn a_file_chosen_in_the_browser_is_saved_in_documents() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    let server = Server::start(&[], &w.join("tmp"));
    let bytes = std::fs::read(root().join("data/mau-xa-2025.yaml")).unwrap();
    let r = request(
        server.port,
        "POST",
        "/api/tai-len?ten=x%C3%A3%20m%E1%BA%ABu.yaml",
        &[],
        &bytes,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let id = r.json()["phien"].as_str().unwrap().to_string();
    let folder = w.join("home/Documents/baocao/xã mẫu - báo cáo");
    let check = server.get(&format!("/api/phien/{id}")).json();
    assert_eq!(check["luu_vao"], folder.display().to_string(), "{check}");
    let r = post(&server, &format!("/api/phien/{id}/luu"), &[]);
    assert_eq!(r.status, 200, "{}", r.text());
    let got = files_in(&folder);
    assert!(
        got.iter().any(|f| f.ends_with(".pdf")) && got.iter().any(|f| f.ends_with(".docx")),
        "{got:?}"
    );
    // The commune report is the one `render` makes of the same file.
    std::fs::write(w.join("xã mẫu.yaml"), &bytes).unwrap();
    let o = baocao_in(w, &["render", "xã mẫu.yaml", "-o", "r"]);
    assert!(o.status.success(), "{o:?}");
    for f in files_in(&w.join("r")) {
        assert!(
            std::fs::read(folder.join(&f)).unwrap() == std::fs::read(w.join("r").join(&f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn on_the_network_the_page_does_not_save_on_the_server() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    std::fs::copy(root().join("data/mau-xa-2025.yaml"), w.join("d.yaml")).unwrap();
    let server = Server::start(
        &["--mang", w.join("d.yaml").to_str().unwrap()],
        &w.join("tmp"),
    );
    let key = server.url.split("khoa=").nth(1).unwrap().to_string();
    let id = server.get(&format!("/api/thong-tin?khoa={key}")).json()["phien"]
        .as_str()
        .unwrap()
        .to_string();
    let check = server.get(&format!("/api/phien/{id}?khoa={key}")).json();
    assert!(check["luu_vao"].is_null(), "{check}");
    let r = post(&server, &format!("/api/phien/{id}/luu?khoa={key}"), &[]);
    assert_eq!(r.status, 403, "{}", r.text());
    assert!(!w.join("d - báo cáo").exists());
}

#[test]
fn a_data_file_dropped_on_the_program_opens_the_page_with_it() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    let data = w.join("Báo cáo xã.yaml");
    std::fs::copy(root().join("data/mau-xa-2025.yaml"), &data).unwrap();
    // A desktop session, no browser to open (empty PATH), no terminal.
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_baocao"));
    cmd.arg(&data)
        .env("PATH", w)
        .env("DISPLAY", ":77")
        .env("TMPDIR", w);
    let server = Server::spawn(cmd, &w.join("tmp"));
    let info = server.get("/api/thong-tin").json();
    let id = info["phien"]
        .as_str()
        .expect("the dropped file's session")
        .to_string();
    let check = server.get(&format!("/api/phien/{id}")).json();
    assert_eq!(check["ten"], "Báo cáo xã.yaml");
    assert!(check["chan"].is_null(), "{check}");
    drop(server);
    // A script without a display passing one file still gets the usage
    // error, never a server waiting for nobody.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
        .arg(&data)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{o:?}");
}
