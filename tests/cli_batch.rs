//! `baocao batch`: every ward plus the town, failures isolated, outputs safe.

mod cli_support;
use cli_support::*;

#[test]
fn batch_on_the_12_unit_sample_writes_13_pdf_and_13_docx() {
    let out = tempfile::tempdir().unwrap();
    let o = baocao(&[
        "batch",
        "data/mau-12-don-vi.yaml",
        "-j",
        "2",
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let files = names(out.path());
    assert_eq!(
        files.iter().filter(|f| f.ends_with(".pdf")).count(),
        13,
        "{files:?}"
    );
    assert_eq!(
        files.iter().filter(|f| f.ends_with(".docx")).count(),
        13,
        "{files:?}"
    );
    assert!(files.contains(&"ky-lien.pdf".to_string()));
    assert!(files.contains(&"mau-12-don-vi.pdf".to_string()));
    for f in &files {
        let bytes = std::fs::read(out.path().join(f)).unwrap();
        assert!(is_complete_pdf(&bytes) || is_complete_docx(&bytes), "{f}");
    }
    // The summary counts the 26 files written and no failure.
    let err = stderr(&o);
    assert!(
        err.contains("Đã ghi (written) 26 tệp, lỗi (failed) 0 báo cáo"),
        "summary: {err}"
    );
}

#[test]
fn one_broken_ward_fails_alone_and_is_named() {
    let tpl = tempfile::tempdir().unwrap();
    // The ward template breaks for Kỳ Liên only (an undefined variable in one block).
    let broken = concat!(
        "{% extends \"phuong-xa.md.tera\" %}\n",
        "{% block mo_dau %}{% if ward.ma == \"ky-lien\" %}{{ bien_khong_co }}{% endif %}",
        "{{ super() }}{% endblock mo_dau %}\n"
    );
    std::fs::write(tpl.path().join(baocao::template::WARD), broken).unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = baocao(&[
        "batch",
        "data/mau-12-don-vi.yaml",
        "--templates",
        tpl.path().to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("Kỳ Liên"), "{err}");
    let files = names(out.path());
    assert_eq!(files.len(), 24, "{files:?}");
    assert!(!files.iter().any(|f| f.starts_with("ky-lien")));
}

#[test]
fn a_ward_id_with_path_tricks_stays_inside_out_dir() {
    let text = sample("mau-12-don-vi.yaml").replace("ma: ky-lien", "ma: ../../etc/x");
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("du-lieu.yaml");
    std::fs::write(&data, text).unwrap();
    let out = dir.path().join("out");
    let o = baocao(&[
        "batch",
        data.to_str().unwrap(),
        "-f",
        "pdf",
        "-o",
        out.to_str().unwrap(),
    ]);
    // Whether the data layer accepts such an id or not, nothing leaves OUT_DIR.
    let outside: Vec<String> = names(dir.path())
        .into_iter()
        .filter(|n| n != "out" && n != "du-lieu.yaml")
        .collect();
    assert!(outside.is_empty(), "{outside:?}");
    assert!(!std::path::Path::new("/etc/x.pdf").exists());
    if o.status.code() == Some(0) {
        assert!(
            names(&out).contains(&"etc-x.pdf".to_string()),
            "{:?}",
            names(&out)
        );
    } else {
        assert!(stderr(&o).contains("../../etc/x"), "{}", stderr(&o));
    }
}

#[test]
fn a_write_failure_leaves_no_partial_file() {
    let out = tempfile::tempdir().unwrap();
    // Kỳ Liên's PDF cannot be written: its name is taken by a folder.
    std::fs::create_dir(out.path().join("ky-lien.pdf")).unwrap();
    let o = baocao(&[
        "batch",
        "data/mau-12-don-vi.yaml",
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("Kỳ Liên"), "{}", stderr(&o));
    let files = names(out.path());
    assert!(!files.iter().any(|f| f.ends_with(".tmp")), "{files:?}");
    assert!(!files.contains(&"ky-lien.docx".to_string()), "{files:?}");
    assert_eq!(files.len(), 25, "{files:?}");
}

#[test]
fn same_input_same_bytes_with_one_or_two_threads() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for (dir, j) in [(&a, "1"), (&b, "2")] {
        let o = baocao(&[
            "-q",
            "batch",
            "data/mau-12-don-vi.yaml",
            "-j",
            j,
            "-o",
            dir.path().to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let files = names(a.path());
    assert_eq!(files, names(b.path()));
    for f in files {
        assert_eq!(
            std::fs::read(a.path().join(&f)).unwrap(),
            std::fs::read(b.path().join(&f)).unwrap(),
            "{f} differs between -j 1 and -j 2"
        );
    }
}
