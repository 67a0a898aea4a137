//! Reference outputs: the SHA-256 of every PDF and DOCX the samples and the
//! invented cases make, and a text dump of every laid-out page, compared
//! with what this build makes. A refactor must leave them unchanged; a change
//! that means to change the output rewrites them with
//! `UPDATE_REFS=1 cargo test --test ref` and says why in its commit.
//! See tests/ref/README.md.

mod ref_support;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use baocao::cli::jobs::{self, Format, Target};
use baocao::template::Engine;

/// The folder of the reference outputs.
fn refs() -> PathBuf {
    root().join("tests/ref")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every data file: the samples in data/, then the invented cases.
fn case_files() -> Vec<PathBuf> {
    let mut all = Vec::new();
    for dir in [root().join("data"), refs().join("cases")] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no data files in {}", dir.display());
        all.extend(files);
    }
    all
}

fn case_name(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// tests/ref/don-vi.txt: `case: id id ...`, the ward reports made besides
/// the town report (ids as `render --don-vi` takes them).
fn ward_ids() -> BTreeMap<String, Vec<String>> {
    let text = std::fs::read_to_string(refs().join("don-vi.txt")).unwrap();
    let mut map = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (case, ids) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("tests/ref/don-vi.txt: `case: id ...` expected: {line}"));
        let ids: Vec<String> = ids.split_whitespace().map(String::from).collect();
        assert!(!ids.is_empty(), "tests/ref/don-vi.txt: no ids: {line}");
        map.insert(case.trim().to_string(), ids);
    }
    map
}

/// One report of a case, in both formats.
struct Made {
    /// `case/stem`: the file stem is the one `render` and `batch` write.
    key: String,
    pdf: Vec<u8>,
    docx: Vec<u8>,
    dump: String,
}

/// The town report and the listed ward reports of `path`, made the way
/// the CLI makes them: load, derive, check (errors stop the CLI), the
/// built-in templates, the batch's shared reports, each writer.
fn make(path: &Path, wards: &[String]) -> Vec<Made> {
    let case = case_name(path);
    let data = baocao::data::load_file(path).unwrap_or_else(|e| panic!("{case}: {e}"));
    let stats = baocao::stats::derive(&data);
    let errors: Vec<String> = baocao::stats::check(&data, &stats)
        .iter()
        .filter(|f| f.severity == baocao::stats::Severity::Error)
        .map(|f| f.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "{case}: the CLI refuses this data: {errors:?}"
    );
    let engine = Engine::builtin().unwrap();
    let reports = engine.reports(&data, &stats);
    let mut todo = vec![jobs::town_job(&data, path)];
    for id in wards {
        todo.push(jobs::ward_job(&data, id).unwrap_or_else(|e| panic!("{case}: {e}")));
    }
    todo.iter()
        .map(|job| {
            let doc = match &job.target {
                Target::Town => reports.town(),
                Target::Ward(id) => reports.ward(id),
            }
            .unwrap_or_else(|e| panic!("{case} {}: {e}", job.stem));
            let bytes = |f: Format| {
                f.render(&doc)
                    .unwrap_or_else(|e| panic!("{case} {} {}: {e:#}", job.stem, f.ext()))
                    .bytes
            };
            Made {
                key: format!("{case}/{}", job.stem),
                pdf: bytes(Format::Pdf),
                docx: bytes(Format::Docx),
                dump: ref_support::dump(&doc),
            }
        })
        .collect()
}

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// The DOCX's parts, by name, with their hashes: a failure names the part.
fn docx_parts(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("DOCX is a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_string(), sha(&data))
        })
        .collect()
}

/// The manifest lines of a set of reports: `KEY.pdf SHA LEN`, `KEY.docx SHA
/// LEN`, then `KEY.docx:PART SHA` for each part.
fn manifest(made: &[Made]) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    for r in made {
        m.insert(
            format!("{}.pdf", r.key),
            format!("{} {}", sha(&r.pdf), r.pdf.len()),
        );
        m.insert(
            format!("{}.docx", r.key),
            format!("{} {}", sha(&r.docx), r.docx.len()),
        );
        for (part, h) in docx_parts(&r.docx) {
            m.insert(format!("{}.docx:{part}", r.key), h);
        }
    }
    m
}

const MANIFEST: &str = "sha256.txt";
const HEADER: &str = "# Reference outputs: SHA-256 and length of each PDF and DOCX, and the SHA-256 of each DOCX part.\n\
# Written by `UPDATE_REFS=1 cargo test --test ref` (tests/ref/README.md); a commit that changes\n\
# this file says why the output changed.\n";

fn read_manifest() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(refs().join(MANIFEST)).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once(' '))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn dump_path(key: &str) -> PathBuf {
    refs().join("pages").join(format!("{key}.txt"))
}

/// Every report of every case.
fn make_all() -> Vec<Made> {
    let wards = ward_ids();
    let files = case_files();
    let names: Vec<String> = files.iter().map(|p| case_name(p)).collect();
    for (i, n) in names.iter().enumerate() {
        assert!(!names[..i].contains(n), "two cases named {n}");
    }
    for case in wards.keys() {
        assert!(
            names.contains(case),
            "tests/ref/don-vi.txt names `{case}`, which is no data file"
        );
    }
    files
        .iter()
        .flat_map(|p| make(p, wards.get(&case_name(p)).map_or(&[][..], |v| v)))
        .collect()
}

/// The first line where two dumps differ, with the page it is on.
fn first_difference(old: &str, new: &str) -> Option<String> {
    let (mut a, mut b) = (old.lines(), new.lines());
    let mut page = String::from("(before the first page)");
    for n in 1.. {
        let (x, y) = (a.next(), b.next());
        if x == y {
            match x {
                None => return None,
                Some(l) if l.starts_with("page ") => page = l.to_string(),
                Some(_) => {}
            }
            continue;
        }
        let place = if [x, y].iter().flatten().any(|l| l.starts_with("page ")) {
            format!("where a page starts, after {page}")
        } else {
            format!("on {page}")
        };
        return Some(format!(
            "first difference at dump line {n}, {place}:\n      was: {}\n      now: {}",
            x.unwrap_or("(end)"),
            y.unwrap_or("(end)")
        ));
    }
    None
}

fn update(made: &[Made], new: &BTreeMap<String, String>) {
    let pages = refs().join("pages");
    if pages.exists() {
        std::fs::remove_dir_all(&pages).unwrap();
    }
    for r in made {
        let p = dump_path(&r.key);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, &r.dump).unwrap();
    }
    let mut text = HEADER.to_string();
    for (k, v) in new {
        let _ = writeln!(text, "{k} {v}");
    }
    std::fs::write(refs().join(MANIFEST), text).unwrap();
}

#[test]
fn every_report_matches_its_reference_bytes() {
    let made = make_all();
    let new = manifest(&made);
    let old = read_manifest();
    if std::env::var_os("UPDATE_REFS").is_some_and(|v| v != "0" && !v.is_empty()) {
        let changed = new.iter().filter(|(k, v)| old.get(*k) != Some(v)).count()
            + old.keys().filter(|k| !new.contains_key(*k)).count();
        update(&made, &new);
        eprintln!("tests/ref: {changed} of {} lines rewritten", new.len());
        return;
    }
    assert!(
        !old.is_empty(),
        "tests/ref/{MANIFEST} is missing or empty: run `UPDATE_REFS=1 cargo test --test ref`"
    );
    let mut failures = Vec::new();
    for r in &made {
        for (ext, bytes) in [("pdf", &r.pdf), ("docx", &r.docx)] {
            let key = format!("{}.{ext}", r.key);
            let Some(was) = old.get(&key) else {
                failures.push(format!(
                    "{key}: no reference (a new case or report? `UPDATE_REFS=1 cargo test --test ref`)"
                ));
                continue;
            };
            let now = &new[&key];
            if was == now {
                continue;
            }
            let mut msg = format!(
                "{}, {}: the bytes changed ({} bytes -> {} bytes)",
                r.key,
                ext.to_uppercase(),
                was.split(' ').nth(1).unwrap_or("?"),
                bytes.len()
            );
            if ext == "pdf" {
                let old_dump = std::fs::read_to_string(dump_path(&r.key)).unwrap_or_default();
                match first_difference(&old_dump, &r.dump) {
                    Some(d) => {
                        let _ = write!(msg, "\n    the page layout moved: {d}");
                    }
                    None => msg.push_str(
                        "\n    the laid-out pages are the same: the change is in how the PDF is written",
                    ),
                }
            } else {
                let prefix = format!("{key}:");
                let parts: Vec<&str> = new
                    .iter()
                    .filter(|(k, _)| k.starts_with(&prefix))
                    .filter(|(k, v)| old.get(*k) != Some(*v))
                    .map(|(k, _)| &k[prefix.len()..])
                    .chain(
                        old.keys()
                            .filter(|k| k.starts_with(&prefix) && !new.contains_key(*k))
                            .map(|k| &k[prefix.len()..]),
                    )
                    .collect();
                let _ = write!(msg, "\n    parts that changed: {}", parts.join(", "));
            }
            failures.push(msg);
        }
    }
    for k in old
        .keys()
        .filter(|k| !k.contains(':') && !new.contains_key(*k))
    {
        failures.push(format!("{k}: a reference with no report any more"));
    }
    assert!(
        failures.is_empty(),
        "{} of {} reference outputs differ (if the change is meant, rewrite them with \
         `UPDATE_REFS=1 cargo test --test ref` and say why in the commit):\n  {}",
        failures.len(),
        made.len() * 2,
        failures.join("\n  ")
    );
}

/// The library path above is the CLI's: `render` writes the same bytes,
/// for a town report and for a ward report (`--don-vi`).
#[test]
fn the_cli_writes_the_same_bytes_as_the_library() {
    let out = tempfile::tempdir().unwrap();
    let runs: [(&str, Option<&str>); 2] = [
        ("tests/ref/cases/huyen-bay-xa-phu-luc.yaml", None),
        ("data/mau-12-don-vi.yaml", Some("ky-lien")),
    ];
    for (data, ward) in runs {
        let path = root().join(data);
        let wards: Vec<String> = ward.into_iter().map(String::from).collect();
        let made = make(&path, &wards);
        let want = made.last().unwrap();
        let mut args = vec![
            "-q".to_string(),
            "render".into(),
            path.to_string_lossy().into_owned(),
            "-o".into(),
            out.path().to_string_lossy().into_owned(),
        ];
        if let Some(w) = ward {
            args.extend(["--don-vi".to_string(), w.to_string()]);
        }
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_baocao"))
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let stem = want.key.split('/').nth(1).unwrap();
        for (ext, bytes) in [("pdf", &want.pdf), ("docx", &want.docx)] {
            let file = out.path().join(format!("{stem}.{ext}"));
            let written =
                std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            assert!(
                sha(&written) == sha(bytes),
                "{data} {ext}: the CLI wrote other bytes than the library made"
            );
        }
    }
}

#[test]
fn a_dump_difference_names_the_page_and_both_lines() {
    let old = "page 1 595 x 842\nT a\nT b\npage 2 595 x 842\nT c\n";
    let new = "page 1 595 x 842\nT a\nT b\npage 2 595 x 842\nT d\n";
    let d = first_difference(old, new).unwrap();
    assert!(d.contains("line 5"), "{d}");
    assert!(d.contains("on page 2"), "{d}");
    assert!(d.contains("was: T c") && d.contains("now: T d"), "{d}");
    assert_eq!(first_difference(old, old), None);
    let shorter = first_difference(old, "page 1 595 x 842\nT a\n").unwrap();
    assert!(shorter.contains("now: (end)"), "{shorter}");
}
