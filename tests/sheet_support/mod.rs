//! Workbooks for the spreadsheet tests: a sample's sheets as grids, grids
//! written as a CSV folder or as xlsx, and LibreOffice re-saving a file.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use baocao::data::sheet::{self, cell, Grid, Raw};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The model as text, to compare two datasets.
pub fn model(d: &baocao::data::Dataset) -> String {
    yaml_serde::to_string(d).unwrap()
}

/// The fill-in workbook baocao writes for a sample, read back as grids.
pub fn sample_grids(yaml: &str, dir: &Path) -> Vec<Grid> {
    let data = baocao::data::load_file(&root().join(yaml)).unwrap();
    let bytes = sheet::write::workbook(&data).unwrap();
    let path = dir.join("tmp-sample.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let grids = sheet::workbook::grids(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    grids
}

pub fn grid<'a>(grids: &'a mut [Grid], name: &str) -> &'a mut Grid {
    grids.iter_mut().find(|g| g.name == name).unwrap()
}

/// The 0-based column headed `header` in the first row.
pub fn col(g: &Grid, header: &str) -> usize {
    g.rows[0]
        .iter()
        .position(|c| cell::text(c).as_deref() == Some(header))
        .unwrap_or_else(|| panic!("no column {header} in {}", g.name))
}

/// Set a cell, growing the row as needed.
pub fn put(g: &mut Grid, row: usize, col: usize, v: Raw) {
    while g.rows.len() <= row {
        g.rows.push(Vec::new());
    }
    let r = &mut g.rows[row];
    while r.len() <= col {
        r.push(Raw::Empty);
    }
    r[col] = v;
}

/// The row (0-based) of a form sheet whose label is `label`.
pub fn form_row(g: &Grid, label: &str) -> usize {
    g.rows
        .iter()
        .position(|r| r.first().and_then(cell::text).as_deref() == Some(label))
        .unwrap_or_else(|| panic!("no row {label} in {}", g.name))
}

pub fn text(s: &str) -> Raw {
    Raw::Text(s.to_string())
}

/// Grids as a folder of CSV files (dates as d/m/yyyy text).
pub fn write_csv(dir: &Path, grids: &[Grid]) {
    std::fs::create_dir_all(dir).unwrap();
    for g in grids {
        if g.name == "Hướng dẫn" {
            continue;
        }
        let mut w = csv::Writer::from_path(dir.join(format!("{}.csv", g.name))).unwrap();
        let width = g.rows.iter().map(Vec::len).max().unwrap_or(0);
        for row in &g.rows {
            let mut rec: Vec<String> = row
                .iter()
                .map(|c| cell::text(c).unwrap_or_default())
                .collect();
            rec.resize(width, String::new());
            w.write_record(&rec).unwrap();
        }
        w.flush().unwrap();
    }
}

/// Grids as an xlsx file; `extra` may add to each sheet (formats, hidden rows...).
pub fn write_xlsx(
    path: &Path,
    grids: &[Grid],
    extra: impl Fn(&str, &mut rust_xlsxwriter::Worksheet),
) {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let percent = Format::new().set_num_format("0.00%");
    for g in grids {
        let ws = book.add_worksheet();
        ws.set_name(&g.name).unwrap();
        for (r, row) in g.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32 + g.top, (c as u32 + g.left) as u16);
                match v {
                    Raw::Text(s) | Raw::Iso(s) | Raw::Error(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    Raw::Number(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    Raw::Date(n) => {
                        ws.write_number_with_format(r, c, *n, &date).unwrap();
                    }
                    Raw::Percent(n) => {
                        ws.write_number_with_format(r, c, *n, &percent).unwrap();
                    }
                    Raw::Bool(b) => {
                        ws.write_boolean(r, c, *b).unwrap();
                    }
                    Raw::Empty => {}
                }
            }
        }
        extra(&g.name, ws);
    }
    book.save(path).unwrap();
}

/// LibreOffice's `soffice`, if installed with Calc.
pub fn soffice() -> Option<PathBuf> {
    for name in ["soffice", "libreoffice"] {
        if let Ok(o) = Command::new("which").arg(name).output() {
            if o.status.success() {
                let p = PathBuf::from(String::from_utf8_lossy(&o.stdout).trim());
                return Some(p);
            }
        }
    }
    None
}

/// A test tool is not installed: under CI (`CI` set) that is a failure,
/// elsewhere a skip that says what to install (scripts/test.sh installs it).
pub fn tool_missing(what: &str) {
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!("{what}: a test tool is missing under CI (scripts/test.sh installs it)");
    }
    eprintln!("SKIP: {what}");
}

/// LibreOffice's Calc is installed beside `soffice` (its library, as
/// `.ci/run` checks): without it LibreOffice cannot load a workbook at all.
fn calc_installed(soffice: &Path) -> bool {
    let program = std::fs::canonicalize(soffice)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf));
    program.is_some_and(|dir| dir.join("libsclo.so").exists())
        || Path::new("/usr/lib/libreoffice/program/libsclo.so").exists()
}

/// `input` re-saved by LibreOffice as `ext` (xlsx, ods) in `out`; `None`
/// (with a message) when LibreOffice or its Calc is not installed (under CI,
/// a failure). A workbook LibreOffice cannot load is a failure, never a skip.
pub fn libreoffice_convert(input: &Path, ext: &str, out: &Path) -> Option<PathBuf> {
    let Some(bin) = soffice() else {
        tool_missing("soffice not found (install libreoffice-calc-nogui)");
        return None;
    };
    if !calc_installed(&bin) {
        tool_missing("LibreOffice Calc not installed (install libreoffice-calc-nogui)");
        return None;
    }
    std::fs::create_dir_all(out).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new(bin)
        .arg("--headless")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--convert-to", ext, "--outdir"])
        .arg(out)
        .arg(input)
        .output()
        .expect("run soffice");
    let name = input.file_stem().unwrap().to_string_lossy().into_owned();
    let target = out.join(format!("{name}.{ext}"));
    if !target.exists() {
        let err = String::from_utf8_lossy(&status.stderr);
        // With Calc installed, "source file could not be loaded" means the
        // workbook is broken: exactly what these tests are there to catch.
        panic!(
            "LibreOffice could not re-save {} as {ext}: {err} {}",
            input.display(),
            String::from_utf8_lossy(&status.stdout)
        );
    }
    Some(target)
}

/// The address-space limit of the hostile-workbook runs: peak RSS must stay
/// under 500 MB, and the binary, its thread stacks and the allocator's
/// reservations take address space without memory.
#[cfg(unix)]
pub const LIMIT_BYTES: u64 = 1024 * 1024 * 1024;

/// `baocao check -q PATH` with its address space limited to [`LIMIT_BYTES`]
/// (`setrlimit(RLIMIT_AS)` in the child).
#[cfg(unix)]
pub fn check_limited(path: &Path) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_baocao"));
    cmd.args(["check", "-q"]).arg(path);
    // SAFETY: setrlimit is async-signal-safe; nothing else runs in the child.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: LIMIT_BYTES as libc::rlim_t,
                rlim_max: LIMIT_BYTES as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().expect("run baocao")
}
