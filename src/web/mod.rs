//! `baocao giao-dien`: the report in a browser page served by the binary
//! itself (issue #21), for clerks who do not open terminals: choose a data
//! file, see the `check` result and every page before anything is written,
//! download the PDF, the DOCX or every report of a batch as one zip.
//!
//! The page ([`assets`]: HTML, script, styles and fonts compiled into the
//! binary) only asks; the server does the work with the same library code
//! the command line runs ([`session`] loads with `check`'s reader, [`api`]
//! renders with `render`'s and `batch`'s jobs), so a download is the file
//! the command line writes, byte for byte. Previews are the pages of the
//! PDF's own layout drawn as SVG ([`crate::svg`]).
//!
//! Safety, by construction: the server listens on 127.0.0.1 (with `--mang`
//! on every interface, and then every request needs the random key printed
//! at start); no request names a file of the server (routes are a fixed
//! table, sessions and reports are looked up by id in memory); uploads are
//! capped like the command line's input and kept in a private temporary
//! folder removed at exit. Threads: a few workers answer requests; one
//! watcher polls the template folder (and the data file given on the
//! command line) and wakes the pages waiting for a change ([`watch`]).

mod api;
mod assets;
mod http;
mod open;
mod session;
mod state;
mod watch;

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};

pub use state::App;

/// How the server starts (the command's options).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A data file loaded at start (and reloaded when it changes).
    pub data: Option<PathBuf>,
    /// A template folder laid over the built-in templates, watched.
    pub templates: Option<PathBuf>,
    /// Open the default browser on the page.
    pub open_browser: bool,
    /// The port; a free one when `None` or 0.
    pub port: Option<u16>,
    /// Listen on every interface, with an access key (`--mang`).
    pub lan: bool,
    /// Started without a terminal (a double-click): say what this is.
    pub intro: bool,
}

/// Worker threads answering requests (previews run on them).
const WORKERS: usize = 8;

/// Set by Ctrl-C / SIGTERM / closing the console window (the command
/// line's handler, in its finish-what-runs mode: a second one exits 130).
use crate::cli::batch::INTERRUPTED as STOP;

/// Run the server until Ctrl-C. Returns the exit code.
pub fn run(opts: Options) -> Result<i32> {
    let host = if opts.lan { "0.0.0.0" } else { "127.0.0.1" };
    let port = opts.port.unwrap_or(0);
    let server = tiny_http::Server::http((host, port)).map_err(|e| {
        anyhow::anyhow!(
            "không mở được cổng {port} trên {host} (cannot listen): {e}{}",
            if port != 0 {
                "; cổng có thể đang bận, hãy bỏ --cong để chọn cổng trống"
            } else {
                ""
            }
        )
    })?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .context("không biết cổng đang nghe (no port)")?;
    // Listening first: a browser opened meanwhile waits for the start file
    // to load instead of being refused.
    let app = Arc::new(App::new(&opts)?);
    app.set_port(port);
    let url = app.url();
    print_start(&opts, &url);
    install_stop_handler();
    if opts.open_browser {
        if let Err(e) = open::browser(&url) {
            eprintln!(
                "không mở được trình duyệt ({e}); hãy tự mở địa chỉ trên (cannot open a browser)"
            );
        }
    }

    let server = Arc::new(server);
    let mut threads = Vec::new();
    for _ in 0..WORKERS {
        let (server, app) = (server.clone(), app.clone());
        threads.push(std::thread::spawn(move || {
            while !STOP.load(Ordering::SeqCst) {
                match server.recv_timeout(Duration::from_millis(200)) {
                    Ok(Some(rq)) => api::handle(&app, rq),
                    Ok(None) => {}
                    Err(_) => std::thread::sleep(Duration::from_millis(50)),
                }
            }
        }));
    }
    let watcher = {
        let app = app.clone();
        std::thread::spawn(move || watch::run(&app, &STOP))
    };
    for t in threads {
        let _ = t.join();
    }
    let _ = watcher.join();
    drop(server);
    app.close();
    if !opts.intro {
        eprintln!("Đã dừng giao diện (stopped).");
    }
    Ok(0)
}

fn print_start(opts: &Options, url: &str) {
    let mut out = String::new();
    if opts.intro {
        out.push_str(
            "baocao - lập báo cáo kết quả đại hội chi bộ (PDF, DOCX).\n\
             Đây là chương trình chạy trang làm việc trong trình duyệt: trang đã được mở;\n\
             nếu chưa thấy, hãy mở địa chỉ dưới đây trong trình duyệt (Chrome, Edge, Firefox).\n\
             Giữ cửa sổ này mở trong khi làm việc. Để dừng: đóng cửa sổ này hoặc nhấn Ctrl+C.\n\n",
        );
    } else {
        out.push_str("Giao diện baocao đang chạy tại (the page is at):\n");
    }
    out.push_str(url);
    out.push('\n');
    if opts.lan {
        out.push_str(
            "Dùng trong mạng nội bộ (--mang): trên máy khác, thay 127.0.0.1 bằng địa chỉ IP của máy này;\n\
             địa chỉ phải có khóa truy cập ?khoa=... như trên.\n",
        );
    }
    if !opts.intro {
        out.push_str("Nhấn Ctrl+C để dừng (press Ctrl+C to stop).\n");
    }
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(out.as_bytes());
    let _ = stdout.flush();
}

fn install_stop_handler() {
    crate::cli::batch::install_interrupt_handler();
}

/// Whether the program was started without a terminal to type in: a
/// double-click in Windows Explorer (a console of its own, no other
/// program in it, or no console at all), or elsewhere a desktop launcher
/// (neither input nor output a terminal, in a graphical session). `baocao`
/// with no arguments then starts the page. A script or a CI job without a
/// display (input and output redirected) still gets the help: a page no
/// browser can show would only wait forever.
pub fn started_without_terminal() -> bool {
    use std::io::IsTerminal;
    let no_tty = !std::io::stdin().is_terminal() && !std::io::stdout().is_terminal();
    if cfg!(windows) {
        no_tty || own_console()
    } else {
        no_tty && desktop_session()
    }
}

/// A graphical session a browser can open in: macOS, or X11 / Wayland.
fn desktop_session() -> bool {
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    cfg!(target_os = "macos") || set("DISPLAY") || set("WAYLAND_DISPLAY")
}

/// When the program has a console of its own (Windows, started from
/// Explorer), which closes as it exits: ask for Enter first, so a message
/// printed just before stays readable. Elsewhere nothing.
pub fn wait_before_the_console_closes() {
    use std::io::IsTerminal;
    if cfg!(windows) && own_console() && std::io::stdin().is_terminal() {
        eprintln!("Nhấn Enter để đóng cửa sổ này (press Enter to close).");
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    }
}

/// Windows: the console holds only this process (Explorer made it for us;
/// from cmd.exe or PowerShell the shell is in it too).
#[cfg(windows)]
fn own_console() -> bool {
    #[link(name = "kernel32")]
    extern "system" {
        fn GetConsoleProcessList(list: *mut u32, count: u32) -> u32;
    }
    let mut ids = [0u32; 4];
    // SAFETY: the buffer holds `ids.len()` entries, as the call is told.
    let n = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) };
    n == 1
}

#[cfg(not(windows))]
fn own_console() -> bool {
    false
}
