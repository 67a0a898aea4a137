//! The bad-input corpus: every file in `tests/bad-input/` that a user might
//! hand the tool, each with the message it must get. A case is
//! `NAME.expect` (plus its input files, named as the `.expect` file says):
//!
//! ```text
//! # what the case is about
//! args: check yaml-tab.yaml        # baocao's arguments, run in tests/bad-input/
//! exit: 1                          # the exit code (never 101, a panic)
//! stderr: yaml-tab.yaml:2:1        # substrings stderr must hold (repeatable)
//! stdout: ...                      # substrings stdout must hold (repeatable)
//! not-stderr: ...                  # substrings stderr must not hold
//! outputs: 0                       # files left in {out} (default 0; `any`): complete PDF/DOCX only
//! generate: big-string             # an input made at test time, in {tmp}
//! setup: tmpfs-ro                  # {out} on a read-only or a 100 KiB tmpfs
//! env: NAME=VALUE                  # environment for the run (repeatable)
//! max-seconds: 30                  # wall-clock bound (default 60)
//! ```
//!
//! `{out}` is a fresh output folder, `{tmp}` a fresh scratch folder,
//! `{fixture}` the small two-ward data file. Whatever happens, no temporary
//! file may be left in `{out}` nor in the corpus folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input")
}

#[derive(Debug, Default)]
struct Case {
    name: String,
    args: Vec<String>,
    exit: Option<i32>,
    stderr: Vec<String>,
    stdout: Vec<String>,
    not_stderr: Vec<String>,
    /// None: any number (each complete).
    outputs: Option<usize>,
    generate: Option<String>,
    setup: Option<String>,
    env: Vec<(String, String)>,
    max_seconds: u64,
}

fn parse_case(path: &Path) -> Case {
    let text = std::fs::read_to_string(path).unwrap();
    let mut c = Case {
        name: path.file_stem().unwrap().to_string_lossy().into_owned(),
        max_seconds: 60,
        outputs: Some(0),
        ..Case::default()
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("{}:{}: `key: value` expected", path.display(), n + 1));
        let value = value.trim().to_string();
        match key.trim() {
            "args" => c.args = value.split_whitespace().map(String::from).collect(),
            "exit" => c.exit = Some(value.parse().unwrap()),
            "stderr" => c.stderr.push(value),
            "stdout" => c.stdout.push(value),
            "not-stderr" => c.not_stderr.push(value),
            "outputs" if value == "any" => c.outputs = None,
            "outputs" => c.outputs = Some(value.parse().unwrap()),
            "generate" => c.generate = Some(value),
            "setup" => c.setup = Some(value),
            "max-seconds" => c.max_seconds = value.parse().unwrap(),
            "env" => {
                let (k, v) = value.split_once('=').unwrap();
                c.env.push((k.into(), v.into()));
            }
            other => panic!("{}:{}: unknown key `{other}`", path.display(), n + 1),
        }
    }
    assert!(!c.args.is_empty(), "{}: no `args:`", path.display());
    assert!(c.exit.is_some(), "{}: no `exit:`", path.display());
    c
}

/// Inputs too big to commit, made at test time.
fn generate(what: &str, tmp: &Path) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/data/nho.yaml");
    match what {
        // A 20 MB narrative string (the file is larger than any real report's data).
        "big-string" => {
            let base = std::fs::read_to_string(&fixture).unwrap();
            let big = "Kỳ Anh ".repeat(20 * 1024 * 1024 / "Kỳ Anh ".len());
            let text = base.replacen(
                "  ten: Đảng bộ thị xã Mẫu\n",
                &format!("  ten: Đảng bộ thị xã Mẫu\n  noi_dung:\n    mo_dau: \"{big}\"\n"),
                1,
            );
            std::fs::write(tmp.join("chuoi-20mb.yaml"), text).unwrap();
        }
        // 10,000 wards of one cell each (about 5 MB).
        "wards-10000" => {
            let o = Command::new(env!("CARGO_BIN_EXE_baocao"))
                .args(["sinh-du-lieu", "--wards", "10000", "--cells", "1", "-o"])
                .arg(tmp.join("muoi-nghin-don-vi.yaml"))
                .output()
                .unwrap();
            assert!(o.status.success(), "{o:?}");
        }
        other => panic!("unknown generator `{other}`"),
    }
}

/// A tmpfs mounted on `dir` (read-only, or 100 KiB), unmounted on drop.
struct Mount(PathBuf);

impl Mount {
    fn new(dir: &Path, options: &str) -> Option<Mount> {
        std::fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Mount(dir.to_path_buf()))
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn is_complete(bytes: &[u8]) -> bool {
    let pdf = bytes.starts_with(b"%PDF-") && bytes.windows(5).rev().take(64).any(|w| w == b"%%EOF");
    let docx = bytes.starts_with(b"PK\x03\x04")
        && bytes.len() > 22
        && bytes[bytes.len() - 22..].starts_with(b"PK\x05\x06");
    pdf || docx
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Run one case; the error says what went wrong.
fn run_case(c: &Case) -> Result<(), String> {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let scratch = tmp.path().join("tmp");
    std::fs::create_dir_all(&scratch).unwrap();
    let _mount = match c.setup.as_deref() {
        None => None,
        Some(setup) => {
            let options = match setup {
                "tmpfs-ro" => "ro,size=100k",
                "tmpfs-100k" => "size=100k",
                other => panic!("{}: unknown setup `{other}`", c.name),
            };
            match Mount::new(&out, options) {
                Some(m) => Some(m),
                // Under CI the case must run: a skipped disk-full check
                // looks like a passed one.
                None if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) => {
                    return Err(format!(
                        "cannot mount a tmpfs ({options}) under CI: run the tests as root \
                         (scripts/test.sh) so the {setup} case runs"
                    ));
                }
                None => {
                    eprintln!(
                        "SKIP {}: cannot mount a tmpfs here (needs root; under CI a failure)",
                        c.name
                    );
                    return Ok(());
                }
            }
        }
    };
    if let Some(g) = &c.generate {
        generate(g, &scratch);
    }
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/data/nho.yaml");
    let args: Vec<String> = c
        .args
        .iter()
        .map(|a| {
            a.replace("{out}", &out.to_string_lossy())
                .replace("{tmp}", &scratch.to_string_lossy())
                .replace("{fixture}", &fixture.to_string_lossy())
        })
        .collect();
    let before = listing(&corpus_dir());
    let started = Instant::now();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_baocao"));
    cmd.args(&args).current_dir(corpus_dir());
    for (k, v) in &c.env {
        cmd.env(k, v);
    }
    let o = cmd.output().unwrap();
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&o.stderr);
    let stdout = String::from_utf8_lossy(&o.stdout);
    let shown = || {
        let cut = |s: &str| s.chars().take(2000).collect::<String>();
        format!(
            "`baocao {}`\n--- stderr\n{}\n--- stdout\n{}",
            args.join(" "),
            cut(&stderr),
            cut(&stdout)
        )
    };
    let code = o.status.code();
    if code == Some(101) || stderr.contains("lỗi nội bộ") {
        return Err(format!("PANIC {}", shown()));
    }
    if code != c.exit {
        return Err(format!("exit {code:?}, expected {:?}: {}", c.exit, shown()));
    }
    for s in &c.stderr {
        if !stderr.contains(s.as_str()) {
            return Err(format!("stderr lacks {s:?}: {}", shown()));
        }
    }
    for s in &c.stdout {
        if !stdout.contains(s.as_str()) {
            return Err(format!("stdout lacks {s:?}: {}", shown()));
        }
    }
    for s in &c.not_stderr {
        if stderr.contains(s.as_str()) {
            return Err(format!("stderr has {s:?}: {}", shown()));
        }
    }
    if elapsed > Duration::from_secs(c.max_seconds) {
        return Err(format!(
            "took {:.1} s (max {} s): {}",
            elapsed.as_secs_f64(),
            c.max_seconds,
            shown()
        ));
    }
    let files = listing(&out);
    if c.outputs.is_some_and(|n| n != files.len()) {
        return Err(format!(
            "{files:?} in OUT_DIR, expected {:?} files: {}",
            c.outputs,
            shown()
        ));
    }
    for f in &files {
        let bytes = std::fs::read(out.join(f)).unwrap();
        if !is_complete(&bytes) {
            return Err(format!("{f} is not a complete PDF/DOCX: {}", shown()));
        }
    }
    if listing(&corpus_dir()) != before {
        return Err(format!(
            "the corpus folder changed: {:?}: {}",
            listing(&corpus_dir()),
            shown()
        ));
    }
    Ok(())
}

#[test]
fn every_bad_input_gets_its_message_and_leaves_nothing() {
    let mut cases: Vec<Case> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "expect"))
        .map(|p| parse_case(&p))
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    // Two at a time: the slow cases (10,000 wards) overlap the quick ones.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some(c) = cases.get(i) else { break };
                if let Err(e) = run_case(c) {
                    failures.lock().unwrap().push(format!("[{}] {e}", c.name));
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
