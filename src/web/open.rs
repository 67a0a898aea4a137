//! Opening the page in the default browser.

use std::process::{Command, Stdio};

/// Open `url` with the system's default browser; returns once the opener
/// started (it is reaped on a thread of its own).
pub fn browser(url: &str) -> std::io::Result<()> {
    let mut cmd = if cfg!(windows) {
        // `start` is a cmd.exe built-in; the empty "" is the window title.
        let mut c = Command::new("cmd");
        c.args(["/C", "start", "", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(url);
        c
    };
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}
