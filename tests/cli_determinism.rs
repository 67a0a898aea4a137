//! Determinism: the same input gives byte-identical PDF and DOCX, whatever
//! the process, the clock, the time zone, the folders or the thread count.

mod cli_support;
use cli_support::*;

use std::path::Path;
use std::process::Command;

fn run_in(dir: &Path, env: &[(&str, &str)], args: &[&str]) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_baocao"));
    cmd.args(args).current_dir(dir);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

fn same_files(a: &Path, b: &Path) {
    let files = names(a);
    assert!(!files.is_empty());
    assert_eq!(files, names(b));
    for f in files {
        assert!(
            std::fs::read(a.join(&f)).unwrap() == std::fs::read(b.join(&f)).unwrap(),
            "{f} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

#[test]
fn two_processes_in_other_folders_zones_and_clocks_write_the_same_bytes() {
    let data = sample("ky-anh-2019.yaml");
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    for (dir, env) in [
        (&one, [("TZ", "UTC"), ("SOURCE_DATE_EPOCH", "0")]),
        (
            &two,
            [
                ("TZ", "Asia/Ho_Chi_Minh"),
                ("SOURCE_DATE_EPOCH", "1700000000"),
            ],
        ),
    ] {
        std::fs::write(dir.path().join("ky-anh.yaml"), &data).unwrap();
        run_in(
            dir.path(),
            &env,
            &["-q", "render", "ky-anh.yaml", "-o", "ra"],
        );
    }
    same_files(&one.path().join("ra"), &two.path().join("ra"));
}

#[test]
fn batch_with_one_or_two_threads_and_a_single_render_agree() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("tong-hop.yaml");
    run_in(
        dir.path(),
        &[],
        &[
            "sinh-du-lieu",
            "--wards",
            "6",
            "--cells",
            "8",
            "--seed",
            "11",
            "-o",
            data.to_str().unwrap(),
        ],
    );
    for (out, j) in [("j1", "1"), ("j2", "2")] {
        run_in(
            dir.path(),
            &[],
            &["-q", "batch", "tong-hop.yaml", "-j", j, "-o", out],
        );
    }
    same_files(&dir.path().join("j1"), &dir.path().join("j2"));
    // One ward rendered on its own is the batch's report of it, byte for byte.
    let ward = names(&dir.path().join("j1"))
        .into_iter()
        .find(|f| f.ends_with(".pdf") && f != "tong-hop.pdf")
        .unwrap();
    let id = ward.trim_end_matches(".pdf").to_string();
    run_in(
        dir.path(),
        &[],
        &[
            "-q",
            "render",
            "tong-hop.yaml",
            "--don-vi",
            &id,
            "-o",
            "one",
        ],
    );
    for ext in ["pdf", "docx"] {
        let f = format!("{id}.{ext}");
        assert!(
            std::fs::read(dir.path().join("one").join(&f)).unwrap()
                == std::fs::read(dir.path().join("j1").join(&f)).unwrap(),
            "{f}: render --don-vi differs from batch"
        );
    }
}
