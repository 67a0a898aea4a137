//! Nothing lost: a batch interrupted (SIGINT, SIGTERM) after its first
//! report is written finishes the reports under way, starts no new one,
//! leaves only complete files and no temporary one, and exits with 130.

mod cli_support;
use cli_support::*;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Synthetic data big enough that a batch takes many seconds.
fn synthetic(dir: &Path) -> std::path::PathBuf {
    let data = dir.join("tong-hop.yaml");
    let o = baocao(&[
        "sinh-du-lieu",
        "--wards",
        "60",
        "--cells",
        "12",
        "--seed",
        "7",
        "-o",
        data.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    data
}

/// One interrupted batch at a time: two at once (six busy threads on a
/// 2-core machine) delay the signal handler's thread past a report or two.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn interrupt_batch(signal: &str) {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let data = synthetic(dir.path());
    let out = dir.path().join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(["batch", "-j", "2", "-o"])
        .arg(&out)
        .arg(&data)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the first finished report.
    let started = Instant::now();
    let reports = |out: &Path| {
        names(out)
            .into_iter()
            .filter(|n| n.ends_with(".pdf") || n.ends_with(".docx"))
            .count()
    };
    while reports(&out) == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no report after 120 s"
        );
        assert!(child.try_wait().unwrap().is_none(), "batch ended early");
        std::thread::sleep(Duration::from_millis(20));
    }
    let killed = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    // Reports finished once the signal is sent (at least those finished when
    // it arrived): after it, only the reports under way may still finish, at
    // most one per thread (`-j 2`), and, until the handler's thread has run
    // (it waits for a core), one more each that a thread started meanwhile.
    let at_signal = reports(&out) / 2;
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(130), "{signal}: {err}");
    assert!(err.contains("BỊ NGẮT (interrupted)"), "{err}");
    let files = names(&out);
    assert!(
        !files
            .iter()
            .any(|f| f.ends_with(".tmp") || f.starts_with('.')),
        "temporary files left: {files:?}"
    );
    // 60 wards + the town: the reports under way at the signal finish, no
    // new one starts, and the summary counts the rest as not made.
    let made = files.iter().filter(|f| f.ends_with(".pdf")).count();
    assert!(made >= 1, "{signal}: {files:?}");
    assert!(
        made <= at_signal + 4,
        "{signal}: {made} reports made, {at_signal} when the signal was sent: new reports started after it"
    );
    let printed = String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter(|l| l.ends_with(".pdf"))
        .count();
    assert_eq!(
        printed, made,
        "{signal}: reports said written on stdout vs on disk"
    );
    let unmade: usize = err
        .split("BỊ NGẮT (interrupted): ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{signal}: no count of reports not made: {err}"));
    assert_eq!(made + unmade, 61, "{signal}: {err}");
    assert!(unmade > 0, "{signal}: nothing left unmade: {err}");
    for f in &files {
        let bytes = std::fs::read(out.join(f)).unwrap();
        assert!(
            is_complete_pdf(&bytes) || is_complete_docx(&bytes),
            "{f} is incomplete"
        );
    }
    // A report is whole: its PDF and its DOCX, or neither.
    for f in files.iter().filter(|f| f.ends_with(".pdf")) {
        let docx = f.replace(".pdf", ".docx");
        assert!(files.contains(&docx), "{f} without {docx}: {files:?}");
    }
}

#[test]
fn sigint_mid_batch_leaves_only_complete_reports() {
    interrupt_batch("-INT");
}

#[test]
fn sigterm_mid_batch_leaves_only_complete_reports() {
    interrupt_batch("-TERM");
}

/// `render` (and the other commands that write) interrupted at any moment:
/// exit 130 (or 0 when it finished first), the PDF and DOCX both complete
/// or neither, no temporary file left.
#[test]
fn sigint_during_render_leaves_both_files_or_neither_and_no_temp() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("lon.yaml");
    let o = baocao(&[
        "sinh-du-lieu",
        "--wards",
        "400",
        "--cells",
        "12",
        "-o",
        data.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let render = |out: &Path| {
        Command::new(env!("CARGO_BIN_EXE_baocao"))
            .args(["render", "-q", "-o"])
            .arg(out)
            .arg(&data)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let started = Instant::now();
    let full = render(&dir.path().join("full")).wait_with_output().unwrap();
    let took = started.elapsed();
    assert_eq!(full.status.code(), Some(0), "{}", stderr(&full));
    let mut interrupted = 0;
    for (i, part) in [0.1, 0.4, 0.7, 0.85, 0.95, 1.0].iter().enumerate() {
        let out = dir.path().join(format!("out{i}"));
        let child = render(&out);
        std::thread::sleep(took.mul_f64(*part));
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let o = child.wait_with_output().unwrap();
        let code = o.status.code();
        assert!(
            code == Some(130) || code == Some(0),
            "{code:?}: {}",
            stderr(&o)
        );
        interrupted += usize::from(code == Some(130));
        let files = names(&out);
        assert!(
            !files.iter().any(|f| f.starts_with('.')),
            "temporary files left: {files:?}"
        );
        match files.len() {
            0 => assert_eq!(code, Some(130), "exit 0 without reports"),
            2 => {
                for f in &files {
                    let bytes = std::fs::read(out.join(f)).unwrap();
                    assert!(is_complete_pdf(&bytes) || is_complete_docx(&bytes), "{f}");
                }
            }
            _ => panic!("a report is its PDF and its DOCX, or nothing: {files:?}"),
        }
    }
    assert!(interrupted > 0, "no run was interrupted");
}
