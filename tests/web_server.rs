//! `baocao giao-dien` over HTTP, as a prober and as the page's script use
//! it: no request reads a server file; uploads are capped and read like the
//! command line's input; downloads are `render`'s bytes; findings are
//! `check`'s lines; many previews at once; the LAN key; the start file
//! watched; `baocao` with no arguments and no terminal starts the page.

mod cli_support;
mod sheet_support;
mod web_support;

use std::path::Path;

use cli_support::{baocao_in, stdout};
use web_support::*;

fn upload(server: &Server, name: &str, bytes: &[u8]) -> Reply {
    let target = format!("/api/tai-len?ten={}", encode(name));
    request(server.port, "POST", &target, &[], bytes)
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn session(server: &Server, name: &str, bytes: &[u8]) -> String {
    let r = upload(server, name, bytes);
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["phien"].as_str().unwrap().to_string()
}

#[test]
fn no_request_reads_a_file_of_the_server() {
    let work = tempfile::tempdir().unwrap();
    let server = Server::start(&[], &work.path().join("tmp"));
    let yaml = std::fs::read(root().join("data/mau-12-don-vi.yaml")).unwrap();
    let id = session(&server, "mau-12-don-vi.yaml", &yaml);
    let secret = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    for target in [
        "/../Cargo.toml".to_string(),
        "/../../../../etc/passwd".into(),
        "/%2e%2e/Cargo.toml".into(),
        "/%2E%2E%2FCargo.toml".into(),
        "/tai-nguyen/..%2f..%2fCargo.toml".into(),
        "/tai-nguyen/..%5c..%5cCargo.toml".into(),
        "/tai-nguyen/%2fetc%2fpasswd".into(),
        "/etc/passwd".into(),
        format!("{}/Cargo.toml", root().display()),
        "//etc/passwd".into(),
        "/phong/..%2f..%2f..%2fCargo.toml".into(),
        "/phong/%2fetc%2fpasswd".into(),
        format!("/tai/{id}/..%2f..%2fCargo.toml"),
        format!("/tai/{id}/../../Cargo.toml"),
        format!("/tai/{id}/%2fetc%2fpasswd"),
        format!("/tai/{id}/mau-12-don-vi.yaml"),
        format!("/api/phien/{id}/xem?mau=..%2f..%2fCargo.toml"),
        format!("/api/phien/{id}/xem?mau=%2fetc%2fpasswd"),
        format!(
            "/api/phien/{id}/xem?mau={}",
            encode(&root().join("templates/base.md.tera").display().to_string())
        ),
        format!("/api/phien/{id}/xem?don-vi=..%2f..%2fCargo.toml"),
        "http://127.0.0.1/etc/passwd".into(),
        "*".into(),
    ] {
        let r = server.get(&target);
        assert!(
            r.status == 404 || r.status == 422 || r.status == 400,
            "{target}: {} {}",
            r.status,
            r.text()
        );
        let body = r.text();
        assert!(
            !body.contains("[package]") && !body.contains("root:x:0"),
            "{target}: {body}"
        );
        assert!(!body.contains(&secret[..40]), "{target}");
    }
    // Another host name (a web site rebinding its name to 127.0.0.1) is refused.
    let r = request(server.port, "GET", "/", &[("Host", "evil.example")], &[]);
    assert_eq!(r.status, 403, "{}", r.text());
    assert!(r.json()["loi"].as_str().unwrap().contains("127.0.0.1"));
    // The page and its files, served from the binary.
    let page = server.get("/");
    assert_eq!(page.status, 200);
    for hook in [
        "tep-du-lieu",
        "ket-qua-kiem-tra",
        "chon-don-vi",
        "tai-pdf",
        "tai-docx",
        "tai-zip",
    ] {
        assert!(
            page.text().contains(&format!("data-testid=\"{hook}\"")),
            "{hook}"
        );
    }
    assert!(page.text().contains("role=\"alert\""));
    assert_eq!(server.get("/tai-nguyen/app.js").status, 200);
    assert_eq!(server.get("/tai-nguyen/app.css").status, 200);
}

#[test]
fn uploads_are_capped_checked_and_read_like_the_command_line_input() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    let server = Server::start(&[], &w.join("tmp"));
    // Over 16 MiB: refused before it is read, in Vietnamese; the server goes on.
    let big = vec![b'#'; 16 * 1024 * 1024 + 1];
    let r = upload(&server, "lon.yaml", &big);
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.json()["loi"].as_str().unwrap().contains("tệp quá lớn"));
    // Not a data file.
    let r = upload(&server, "chuong-trinh.exe", b"MZ");
    assert_eq!(r.status, 422);
    assert!(r.json()["loi"]
        .as_str()
        .unwrap()
        .contains("không đọc được loại tệp này"));
    // Not a workbook inside: the reader's message, with the file's name only.
    let r = upload(&server, "hong.xlsx", b"not a zip at all");
    assert_eq!(r.status, 422);
    let msg = r.json()["loi"].as_str().unwrap().to_string();
    assert!(msg.starts_with("hong.xlsx: "), "{msg}");
    assert!(!msg.contains(&w.display().to_string()), "{msg}");

    // YAML with findings: the rows are `check`'s lines, word for word.
    let yaml = std::fs::read(root().join("data/ky-anh-2019.yaml")).unwrap();
    let id = session(&server, "ky-anh-2019.yaml", &yaml);
    let info = server.get(&format!("/api/phien/{id}")).json();
    std::fs::write(w.join("ky-anh-2019.yaml"), &yaml).unwrap();
    let check = stdout(&baocao_in(w, &["check", "ky-anh-2019.yaml"]));
    let rows = info["ket_qua"].as_array().unwrap();
    assert!(!rows.is_empty());
    for row in rows {
        let line = row["dong"].as_str().unwrap();
        assert!(check.lines().any(|l| l == line), "{line} not in:\n{check}");
        assert!(line.contains(row["noi_dung"].as_str().unwrap()));
    }
    assert!(check.contains(info["tom_tat"].as_str().unwrap()));
    assert!(check.starts_with(info["tieu_de"].as_str().unwrap()));

    // A zip of CSV files is read as the command line reads a CSV folder.
    let mut grids = sheet_support::sample_grids("data/mau-12-don-vi.yaml", w);
    let csv = w.join("du-lieu");
    sheet_support::write_csv(&csv, &grids);
    let zipped = zip_folder(&csv, "du-lieu/");
    let id = session(&server, "du-lieu.zip", &zipped);
    let o = baocao_in(
        w,
        &[
            "render", "du-lieu", "--don-vi", "ky-lien", "-o", "cli", "-q",
        ],
    );
    assert!(o.status.success(), "{o:?}");
    for f in ["ky-lien.pdf", "ky-lien.docx"] {
        let r = server.get(&format!("/tai/{id}/{f}"));
        assert_eq!(r.status, 200, "{f}: {}", r.text());
        assert!(
            r.body == std::fs::read(w.join("cli").join(f)).unwrap(),
            "{f} differs from render's"
        );
        assert_eq!(
            r.header("Content-Disposition"),
            Some(format!("attachment; filename=\"{f}\"").as_str())
        );
    }
    // A CSV error names the file inside the zip's folder and the cell.
    let g = sheet_support::grid(&mut grids, "chi_bo");
    let c = sheet_support::col(g, "Số đảng viên");
    sheet_support::put(g, 3, c, baocao::data::sheet::Raw::Text("ba mươi".into()));
    let bad = w.join("hong");
    sheet_support::write_csv(&bad, &grids);
    let r = upload(&server, "hong.zip", &zip_folder(&bad, ""));
    assert_eq!(r.status, 422);
    let msg = r.json()["loi"].as_str().unwrap().to_string();
    assert!(
        msg.contains("chi_bo") && msg.contains("Số đảng viên"),
        "{msg}"
    );
    assert!(!msg.contains(&w.display().to_string()), "{msg}");
    // An unknown session: a message, not a file.
    let r = server.get("/api/phien/khong-co");
    assert_eq!(r.status, 404);
    assert!(r.json()["loi"].as_str().unwrap().contains("chọn lại tệp"));
}

fn zip_folder(dir: &Path, prefix: &str) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for n in names {
            z.start_file(
                format!("{prefix}{n}"),
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
            std::io::Write::write_all(&mut z, &std::fs::read(dir.join(&n)).unwrap()).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

#[test]
fn twenty_previews_at_once_are_all_answered() {
    let work = tempfile::tempdir().unwrap();
    let server = Server::start(&[], &work.path().join("tmp"));
    let yaml = std::fs::read(root().join("data/mau-12-don-vi.yaml")).unwrap();
    let id = session(&server, "mau-12-don-vi.yaml", &yaml);
    let info = server.get(&format!("/api/phien/{id}")).json();
    let units: Vec<String> = info["bao_cao"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["ma"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(units.len(), 13, "the town and 12 units");
    let port = server.port;
    let threads: Vec<_> = (0..20)
        .map(|i| {
            let unit = encode(&units[i % units.len()]);
            let id = id.clone();
            std::thread::spawn(move || {
                request(
                    port,
                    "GET",
                    &format!("/api/phien/{id}/xem?don-vi={unit}"),
                    &[],
                    &[],
                )
            })
        })
        .collect();
    for t in threads {
        let r = t.join().unwrap();
        assert_eq!(r.status, 200, "{}", r.text());
        let pages = r.json()["trang"].as_array().unwrap().len();
        assert!(pages >= 1);
    }
}

#[test]
fn on_the_network_every_request_needs_the_key() {
    let work = tempfile::tempdir().unwrap();
    let server = Server::start(&["--mang"], &work.path().join("tmp"));
    let key = server
        .url
        .split("?khoa=")
        .nth(1)
        .expect("the address printed holds the key")
        .to_string();
    assert!(key.len() >= 32, "{key}");
    for path in [
        "/",
        "/api/thong-tin",
        "/tai/bang-tinh-mau.xlsx",
        "/tai-nguyen/app.js",
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 403, "{path}");
        assert!(!r.body.starts_with(b"PK"));
    }
    assert_eq!(server.get(&format!("/?khoa={}x", &key[1..])).status, 403);
    let page = server.get(&format!("/?khoa={key}"));
    assert_eq!(page.status, 200);
    let cookie = page
        .header("Set-Cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let r = request(
        server.port,
        "GET",
        "/api/thong-tin",
        &[("Cookie", &cookie)],
        &[],
    );
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn the_start_file_and_the_sample_workbook() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    std::fs::copy(
        root().join("data/mau-12-don-vi.yaml"),
        w.join("du-lieu.yaml"),
    )
    .unwrap();
    let file = w.join("du-lieu.yaml").display().to_string();
    let server = Server::start(&[&file], &w.join("tmp"));
    let info = server.get("/api/thong-tin").json();
    let id = info["phien"]
        .as_str()
        .expect("the start file's session")
        .to_string();
    let generation = info["the_he"].as_u64().unwrap();
    let check = server.get(&format!("/api/phien/{id}")).json();
    assert_eq!(check["ten"], "du-lieu.yaml");
    // The file changes on disk: a waiting page is woken, the data reloaded.
    let port = server.port;
    let waiter = std::thread::spawn(move || {
        request(
            port,
            "GET",
            &format!("/api/cho?the-he={generation}"),
            &[],
            &[],
        )
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("Kỳ Liên", "Kỳ Liên Mới", 1)).unwrap();
    let woke = waiter.join().unwrap().json();
    assert!(woke["the_he"].as_u64().unwrap() > generation, "{woke}");
    let units = server.get(&format!("/api/phien/{id}")).json()["bao_cao"].to_string();
    assert!(units.contains("Kỳ Liên Mới"), "{units}");
    // "Tải bảng tính mẫu": the workbook `init` writes.
    let o = baocao_in(w, &["init", "lam-viec"]);
    assert!(o.status.success(), "{o:?}");
    let r = server.get("/tai/bang-tinh-mau.xlsx");
    assert_eq!(r.status, 200);
    assert!(r.body == std::fs::read(w.join("lam-viec/du-lieu.xlsx")).unwrap());
}

#[test]
fn no_arguments_and_no_terminal_start_the_page() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    // A desktop session (DISPLAY) but no browser to open here (an empty
    // PATH): the page runs all the same.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
        .env("PATH", w)
        .env("DISPLAY", ":77")
        .env("TMPDIR", w)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::BufRead;
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let mut said = String::new();
    let url = loop {
        let l = lines.next().expect("an address").unwrap();
        said.push_str(&l);
        said.push('\n');
        if l.starts_with("http://127.0.0.1:") {
            break l;
        }
    };
    assert!(
        said.contains("trình duyệt") && said.contains("Ctrl+C"),
        "{said}"
    );
    let port: u16 = url[17..].trim_end_matches('/').parse().unwrap();
    let r = request(port, "GET", "/", &[], &[]);
    assert_eq!(r.status, 200);
    let _ = child.kill();
    let _ = child.wait();
    // Without a display (a script, CI): the help, exit 2, as before.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("giao-dien"));
    // In a terminal it still prints the help: `script` gives it one.
    if let Ok(o) = std::process::Command::new("script")
        .args(["-qec", env!("CARGO_BIN_EXE_baocao"), "/dev/null"])
        .stdin(std::process::Stdio::null())
        .output()
    {
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(
            text.contains("giao-dien") && !text.contains("http://127.0.0.1"),
            "{text}"
        );
    }
}
