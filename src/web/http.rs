//! The little HTTP the server needs over `tiny_http`: a request's path and
//! query (percent-decoded), who may ask (host and access key), and the
//! responses (JSON, files, errors in Vietnamese).

use std::collections::BTreeMap;
use std::io::Cursor;

use serde::Serialize;
use tiny_http::{Header, Request, Response, StatusCode};

use super::App;

pub type Reply = Response<Cursor<Vec<u8>>>;

/// The cookie holding the access key (`--mang`) once a page was opened with it.
const KEY_COOKIE: &str = "baocao_khoa";

/// A request's target, split and decoded.
pub struct Target {
    /// The path's segments, percent-decoded (`/tai/abc/x.pdf` -> `tai`, `abc`, `x.pdf`).
    pub segments: Vec<String>,
    pub query: BTreeMap<String, String>,
}

impl Target {
    /// `None` for a target that is not a plain absolute path (an absolute
    /// URL, `*`, a segment that does not decode to UTF-8 or holds a
    /// separator, a dot segment, a NUL).
    pub fn parse(url: &str) -> Option<Target> {
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        let rest = path.strip_prefix('/')?;
        let mut segments = Vec::new();
        for raw in rest.split('/') {
            let s = decode(raw)?;
            if s == "." || s == ".." || s.contains(['/', '\\', '\0']) {
                return None;
            }
            segments.push(s);
        }
        if segments.last().is_some_and(|s| s.is_empty()) {
            segments.pop();
        }
        let mut q = BTreeMap::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            q.insert(decode(&k.replace('+', " "))?, decode(&v.replace('+', " "))?);
        }
        Some(Target { segments, query: q })
    }

    pub fn is(&self, path: &[&str]) -> bool {
        self.segments.len() == path.len() && self.segments.iter().zip(path).all(|(a, b)| a == b)
    }
}

/// Percent-decoding to UTF-8; `None` if malformed.
pub fn decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Percent-encoding of a path segment or query value (tests).
#[cfg(test)]
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn header<'r>(rq: &'r Request, name: &str) -> Option<&'r str> {
    rq.headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

/// Whether `rq` may be answered: on 127.0.0.1 only a Host naming this
/// machine (a web site cannot reach the server through a DNS name of its
/// own); with `--mang` the access key, in the query or the page's cookie.
/// `Err` is the refusal.
pub fn allowed(app: &App, rq: &Request, target: &Target) -> Result<(), Reply> {
    if !app.lan {
        let port = app.port();
        let host = header(rq, "Host").unwrap_or("");
        let ok = [
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ]
        .iter()
        .any(|h| h.eq_ignore_ascii_case(host));
        if !ok {
            return Err(error(403, "Địa chỉ không hợp lệ: hãy mở trang bằng địa chỉ 127.0.0.1 mà baocao in ra (wrong Host)."));
        }
    }
    if let Some(key) = &app.key {
        let in_query = target.query.get("khoa").is_some_and(|k| same(k, key));
        let in_cookie = header(rq, "Cookie").is_some_and(|c| {
            c.split(';').any(|kv| {
                kv.trim()
                    .split_once('=')
                    .is_some_and(|(k, v)| k == KEY_COOKIE && same(v, key))
            })
        });
        if !in_query && !in_cookie {
            return Err(error(403, "Cần khóa truy cập: hãy mở đúng địa chỉ có ?khoa=... mà baocao in ra khi chạy với --mang (access key required)."));
        }
    }
    Ok(())
}

/// Whether a request that changes something (an upload, a save) comes
/// from the page itself: a browser names the page's origin in `Origin`,
/// which must be this server's (`http://` + the `Host` asked for); a
/// request without `Origin` comes from no web page (a script, a test).
pub fn same_origin(rq: &Request) -> bool {
    match header(rq, "Origin") {
        None => true,
        Some(origin) => {
            let host = header(rq, "Host").unwrap_or("");
            !host.is_empty() && origin.eq_ignore_ascii_case(&format!("http://{host}"))
        }
    }
}

/// Constant-time comparison of two keys.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The cookie that carries the access key for the page's own requests.
pub fn key_cookie(app: &App) -> Option<Header> {
    app.key.as_ref().map(|k| {
        hdr(
            "Set-Cookie",
            &format!("{KEY_COOKIE}={k}; Path=/; HttpOnly; SameSite=Strict"),
        )
    })
}

pub fn hdr(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
}

fn base(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(hdr("Content-Type", content_type))
        .with_header(hdr("X-Content-Type-Options", "nosniff"))
        .with_header(hdr("Cache-Control", "no-store"))
        .with_header(hdr("Referrer-Policy", "no-referrer"))
}

/// A JSON answer.
pub fn json<T: Serialize>(status: u16, value: &T) -> Reply {
    let body = serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec());
    base(status, "application/json; charset=utf-8", body)
}

/// An error the page shows: `{"loi": message}`.
pub fn error(status: u16, message: &str) -> Reply {
    #[derive(Serialize)]
    struct E<'a> {
        loi: &'a str,
    }
    json(status, &E { loi: message })
}

/// A page, script, style or font.
pub fn asset(content_type: &str, body: Vec<u8>) -> Reply {
    base(200, content_type, body).with_header(hdr(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; font-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    ))
}

/// A font file: the same bytes for the whole run, so the browser may keep it.
pub fn font(mime: &str, body: Vec<u8>) -> Reply {
    Response::from_data(body)
        .with_status_code(StatusCode(200))
        .with_header(hdr("Content-Type", mime))
        .with_header(hdr("X-Content-Type-Options", "nosniff"))
        .with_header(hdr("Cache-Control", "private, max-age=86400"))
}

/// A file to save as `file` (ASCII: report stems are slugs).
pub fn download(file: &str, content_type: &str, body: Vec<u8>) -> Reply {
    let safe: String = file
        .chars()
        .filter(|c| c.is_ascii_graphic() && !matches!(c, '"' | '\\' | ';'))
        .collect();
    base(200, content_type, body).with_header(hdr(
        "Content-Disposition",
        &format!("attachment; filename=\"{safe}\""),
    ))
}

pub fn not_found() -> Reply {
    error(404, "Không có trang này (not found).")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_climb_or_hide_a_separator_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/tai/../../Cargo.toml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/tai-nguyen/..%2f..%2fCargo.toml",
            "/tai-nguyen/..%5cCargo.toml",
            "http://127.0.0.1/etc/passwd",
            "*",
            "/a/%ff",
            "/a%00b",
            "/a/%2",
        ] {
            assert!(Target::parse(bad).is_none(), "{bad}");
        }
        let t = Target::parse("/tai/ab%20c/x.pdf?mau=a%2Bb&don-vi=K%E1%BB%B3+Li%C3%AAn").unwrap();
        assert_eq!(t.segments, ["tai", "ab c", "x.pdf"]);
        assert_eq!(t.query["mau"], "a+b");
        assert_eq!(t.query["don-vi"], "Kỳ Liên");
        assert!(Target::parse("/").unwrap().segments.is_empty());
    }

    #[test]
    fn encode_decode_round_trip() {
        for s in ["Kỳ Liên", "a b/c?d&e=f", "%%", "tệp.xlsx"] {
            assert_eq!(decode(&encode(s)).unwrap(), s);
        }
    }
}
