//! The page's tests: `baocao giao-dien` as a user starts it, a small HTTP
//! client (raw requests, as a prober sends them: `../`, encoded paths,
//! absolute URLs), and a WebDriver client for headless Chromium.
//! Everything talks to 127.0.0.1 only.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A running `baocao giao-dien --khong-mo`, stopped when dropped.
pub struct Server {
    pub child: Child,
    /// `http://127.0.0.1:PORT/` (with `?khoa=...` under `--mang`).
    pub url: String,
    pub port: u16,
    /// The TMPDIR it was given: its private folder is made in there.
    pub tmp: PathBuf,
    pub stdout: Vec<String>,
}

/// The home folder a server started with `tmp` is given: `home` beside it.
pub fn home(tmp: &Path) -> PathBuf {
    tmp.parent().unwrap_or(tmp).join("home")
}

impl Server {
    /// Start the server with `args` after `giao-dien --khong-mo --cong 0`,
    /// its temporary folder inside `tmp`; returns once it printed its address.
    pub fn start(args: &[&str], tmp: &Path) -> Server {
        std::fs::create_dir_all(tmp).unwrap();
        std::fs::create_dir_all(home(tmp).join("Documents")).unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_baocao"));
        cmd.args(["giao-dien", "--khong-mo", "--cong", "0"])
            .args(args)
            .current_dir(root())
            .env("TMPDIR", tmp)
            // Its home (and Documents, where the page saves the reports of
            // a file chosen in the browser) beside `tmp`.
            .env("HOME", home(tmp));
        Server::spawn(cmd, tmp)
    }

    /// Start a server with `cmd` (any program that prints the page's
    /// address, e.g. `baocao.exe` under Wine); returns once it printed it.
    pub fn spawn(mut cmd: Command, tmp: &Path) -> Server {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start baocao giao-dien");
        let out = child.stdout.take().unwrap();
        let mut lines = BufReader::new(out).lines();
        let mut seen = Vec::new();
        let url = loop {
            match lines.next() {
                Some(Ok(l)) => {
                    seen.push(l.clone());
                    if l.starts_with("http://") {
                        break l.trim().to_string();
                    }
                }
                _ => {
                    let _ = child.kill();
                    let mut err = String::new();
                    let _ = child.stderr.take().unwrap().read_to_string(&mut err);
                    panic!("giao-dien printed no address: {seen:?} {err}");
                }
            }
        };
        // Keep reading so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let port: u16 = url
            .trim_start_matches("http://127.0.0.1:")
            .split(['/', '?'])
            .next()
            .unwrap()
            .parse()
            .unwrap();
        Server {
            child,
            url,
            port,
            tmp: tmp.to_path_buf(),
            stdout: seen,
        }
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A GET of `path` (sent exactly as written).
    pub fn get(&self, path: &str) -> Reply {
        request(self.port, "GET", path, &[], &[])
    }

    /// Stop it as Ctrl-C does; its exit status.
    pub fn interrupt(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-INT", &pid]).status().unwrap();
        let until = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            assert!(Instant::now() < until, "giao-dien did not stop on SIGINT");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// One request on a new connection to 127.0.0.1:`port`; `target` goes on
/// the request line as given. Host is 127.0.0.1:PORT unless `headers` has one.
pub fn request(
    port: u16,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    s.write_all(head.as_bytes()).unwrap();
    // A server may answer (413) before reading all of a large body.
    let _ = s.write_all(body);
    read_reply(&mut s)
}

/// One answer: the head, then the body by its length, its chunks, or to
/// the end (some servers keep the connection open after the last byte).
fn read_reply(s: &mut TcpStream) -> Reply {
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    let end = loop {
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = s.read(&mut buf).unwrap_or(0);
        if n == 0 {
            panic!("no HTTP head in {:?}", String::from_utf8_lossy(&raw));
        }
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .expect("status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let find = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let mut body = raw[end + 4..].to_vec();
    let more = |body: &mut Vec<u8>, s: &mut TcpStream, buf: &mut [u8]| -> bool {
        match s.read(buf) {
            Ok(n) if n > 0 => {
                body.extend_from_slice(&buf[..n]);
                true
            }
            _ => false,
        }
    };
    if let Some(len) = find("content-length").and_then(|v| v.parse::<usize>().ok()) {
        while body.len() < len && more(&mut body, s, &mut buf) {}
        body.truncate(len);
    } else if find("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        while !chunks_done(&body) && more(&mut body, s, &mut buf) {}
        body = dechunk(&body);
    } else {
        while more(&mut body, s, &mut buf) {}
    }
    Reply {
        status,
        headers,
        body,
    }
}

/// Whether `b` holds the last (empty) chunk.
fn chunks_done(mut b: &[u8]) -> bool {
    loop {
        let Some(nl) = b.windows(2).position(|w| w == b"\r\n") else {
            return false;
        };
        let Some(size) = std::str::from_utf8(&b[..nl])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap().trim(), 16).ok())
        else {
            return false;
        };
        if size == 0 {
            return true;
        }
        let next = nl + 2 + size + 2;
        if b.len() < next {
            return false;
        }
        b = &b[next..];
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(nl) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = std::str::from_utf8(&b[..nl])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap().trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 {
            return out;
        }
        let start = nl + 2;
        out.extend_from_slice(&b[start..start + size]);
        b = &b[start + size + 2..];
    }
}

/// A free port on 127.0.0.1 (for chromedriver).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// chromedriver and chromium, or why the browser tests cannot run. Under
/// CI (`CI` set) a missing browser fails the test instead of skipping it.
pub fn browser_tools() -> Option<(PathBuf, PathBuf)> {
    let find = |names: &[&str]| names.iter().map(PathBuf::from).find(|p| p.is_file());
    let driver = find(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]);
    let chrome = find(&["/usr/bin/chromium", "/usr/lib/chromium/chromium"]);
    match (driver, chrome) {
        (Some(d), Some(c)) => Some((d, c)),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI: chromium and chromium-driver must be installed (.ci/run installs them)"
            );
            eprintln!("SKIP: chromium / chromedriver not installed (apt-get install chromium chromium-driver)");
            None
        }
    }
}

/// A WebDriver session with headless Chromium, ended when dropped.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    pub downloads: PathBuf,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Headless Chromium at `width`x`height`, downloads into `downloads`.
    pub fn start(tools: &(PathBuf, PathBuf), downloads: &Path, width: u32, height: u32) -> Browser {
        let port = free_port();
        let driver = Command::new(&tools.0)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let until = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < until, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(downloads).unwrap();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": tools.1.display().to_string(),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--lang=vi",
                    format!("--user-data-dir={}", profile.path().display()),
                    format!("--window-size={width},{height}"),
                ],
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false,
                    "intl.accept_languages": "vi,en"
                }
            }
        }}});
        let mut b = Browser {
            driver,
            port,
            session: String::new(),
            downloads: downloads.to_path_buf(),
            _profile: profile,
        };
        let r = b.call("POST", "/session", Some(caps));
        b.session = r["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {r}"))
            .to_string();
        // The page's viewport itself at width x height (the window's would
        // lose its frame), as on a 1366x768 laptop screen.
        b.call(
            "POST",
            &b.s("/goog/cdp/execute"),
            Some(
                json!({"cmd": "Emulation.setDeviceMetricsOverride", "params": {
                    "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false
                }}),
            ),
        );
        b
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|v| v.to_string()).unwrap_or_default();
        let r = request(
            self.port,
            method,
            path,
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        );
        let v: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
        if r.status != 200 {
            panic!("WebDriver {method} {path}: {} {}", r.status, r.text());
        }
        v["value"].clone()
    }

    fn s(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    /// Open a new tab and switch to it.
    pub fn new_tab(&self) {
        let v = self.call("POST", &self.s("/window/new"), Some(json!({"type": "tab"})));
        let handle = v["handle"].as_str().unwrap().to_string();
        self.call(
            "POST",
            &self.s("/window"),
            Some(json!({ "handle": handle })),
        );
    }

    pub fn goto(&self, url: &str) {
        self.call("POST", &self.s("/url"), Some(json!({ "url": url })));
    }

    /// Run `script` (a function body; `arguments` are `args`) in the page.
    pub fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.call(
            "POST",
            &self.s("/execute/sync"),
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// The element matching `css`, if any.
    pub fn find(&self, css: &str) -> Option<String> {
        let r = request(
            self.port,
            "POST",
            &self.s("/element"),
            &[("Content-Type", "application/json")],
            json!({"using": "css selector", "value": css})
                .to_string()
                .as_bytes(),
        );
        if r.status != 200 {
            return None;
        }
        let v: Value = serde_json::from_slice(&r.body).ok()?;
        v["value"]
            .as_object()?
            .values()
            .next()?
            .as_str()
            .map(str::to_string)
    }

    pub fn must_find(&self, css: &str) -> String {
        self.find(css).unwrap_or_else(|| panic!("no element {css}"))
    }

    pub fn send_keys(&self, el: &str, text: &str) {
        self.call(
            "POST",
            &self.s(&format!("/element/{el}/value")),
            Some(json!({ "text": text })),
        );
    }

    pub fn click(&self, el: &str) {
        self.call(
            "POST",
            &self.s(&format!("/element/{el}/click")),
            Some(json!({})),
        );
    }

    /// The visible text of the element matching `css` ("" when none).
    pub fn text(&self, css: &str) -> String {
        match self.find(css) {
            Some(el) => self
                .call("GET", &self.s(&format!("/element/{el}/text")), None)
                .as_str()
                .unwrap_or_default()
                .to_string(),
            None => String::new(),
        }
    }

    pub fn attr(&self, css: &str, name: &str) -> Option<String> {
        let el = self.find(css)?;
        self.call(
            "GET",
            &self.s(&format!("/element/{el}/attribute/{name}")),
            None,
        )
        .as_str()
        .map(str::to_string)
    }

    /// The page's viewport as a PNG.
    pub fn screenshot(&self) -> Vec<u8> {
        use base64::Engine;
        let v = self.call("GET", &self.s("/screenshot"), None);
        base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap())
            .unwrap()
    }

    /// Wait up to `secs` for `check` to give `Some`; panics with `what`.
    pub fn wait<T>(&self, secs: f64, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
        let until = Instant::now() + Duration::from_secs_f64(secs);
        loop {
            if let Some(v) = check() {
                return v;
            }
            if Instant::now() > until {
                let alert = self.text("[role=alert]");
                panic!("timed out waiting for {what}; alert: {alert:?}");
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = request(self.port, "DELETE", &self.s(""), &[], &[]);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Width and height of a PNG.
pub fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[1..4], b"PNG");
    let be = |i: usize| u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]);
    (be(16), be(20))
}
