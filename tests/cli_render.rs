//! `baocao render`, `init`, `templates`: success paths, outputs, usage errors.

mod cli_support;
use cli_support::*;

#[test]
fn render_writes_the_town_report_in_both_formats_and_prints_paths() {
    let out = tempfile::tempdir().unwrap();
    let o = baocao(&[
        "render",
        "data/ky-anh-2019.yaml",
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(names(out.path()), ["ky-anh-2019.docx", "ky-anh-2019.pdf"]);
    let printed = stdout(&o);
    assert!(printed.contains("ky-anh-2019.pdf") && printed.contains("ky-anh-2019.docx"));
    assert!(is_complete_pdf(
        &std::fs::read(out.path().join("ky-anh-2019.pdf")).unwrap()
    ));
    assert!(is_complete_docx(
        &std::fs::read(out.path().join("ky-anh-2019.docx")).unwrap()
    ));
    // The article's inconsistencies are warnings, not errors.
    assert!(stderr(&o).contains("31,51%"), "{}", stderr(&o));
}

#[test]
fn render_one_ward_in_one_format() {
    let out = tempfile::tempdir().unwrap();
    let o = baocao(&[
        "render",
        "data/mau-12-don-vi.yaml",
        "--don-vi",
        "ky-lien",
        "-f",
        "pdf",
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(names(out.path()), ["ky-lien.pdf"]);
}

#[test]
fn unknown_ward_is_an_error_naming_it() {
    let out = tempfile::tempdir().unwrap();
    let o = baocao(&[
        "render",
        "data/mau-12-don-vi.yaml",
        "--don-vi",
        "ky-khong-co",
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("ky-khong-co"), "{}", stderr(&o));
    assert!(names(out.path()).is_empty());
}

#[test]
fn strict_turns_the_article_inconsistencies_into_an_error_and_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let o = baocao(&[
        "--strict",
        "render",
        "data/ky-anh-2019.yaml",
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(names(out.path()).is_empty());
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["render"],
        vec!["render", "data/ky-anh-2019.yaml", "-f", "odt"],
        vec!["batch", "data/mau-12-don-vi.yaml", "-j", "0"],
        vec!["khong-co-lenh"],
        vec!["--khong-co-co"],
    ] {
        let o = baocao(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
    let o = baocao(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("batch"));
}

#[test]
fn missing_data_file_exits_1_naming_it() {
    let o = baocao(&["render", "data/khong-co.yaml", "-o", "/tmp"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("khong-co.yaml"), "{}", stderr(&o));
}

#[test]
fn a_failed_render_keeps_the_existing_report() {
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("ky-anh-2019.pdf");
    std::fs::write(&pdf, b"old report").unwrap();
    let tpl = tempfile::tempdir().unwrap();
    std::fs::write(
        tpl.path().join("hong.md.tera"),
        "# {{ bien_khong_co_that }}\n",
    )
    .unwrap();
    let o = baocao(&[
        "render",
        "data/ky-anh-2019.yaml",
        "--template",
        tpl.path().join("hong.md.tera").to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("hong.md.tera"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&pdf).unwrap(), b"old report");
    assert_eq!(names(out.path()), ["ky-anh-2019.pdf"]);
}

#[test]
fn init_makes_a_working_folder_that_renders() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("lam-viec");
    let o = baocao(&["init", work.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in [
        "HUONG-DAN.md",
        "du-lieu/ky-anh-2019.yaml",
        "du-lieu/mau-12-don-vi.yaml",
        "mau/settings.yaml",
    ] {
        assert!(work.join(f).is_file(), "{f}");
    }
    let o = baocao_in(
        &work,
        &[
            "render",
            "du-lieu/mau-12-don-vi.yaml",
            "--templates",
            "mau",
            "-f",
            "pdf",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(work.join("out/mau-12-don-vi.pdf").is_file());
    // A second init into the same folder refuses.
    let o = baocao(&["init", work.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn templates_list_and_export() {
    let o = baocao(&["templates", "list"]);
    assert_eq!(o.status.code(), Some(0));
    let listed = stdout(&o);
    for (name, _) in baocao::template::builtin_templates() {
        assert!(listed.contains(name), "{name}");
    }
    let dir = tempfile::tempdir().unwrap();
    let o = baocao(&["templates", "export", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for (name, text) in baocao::template::builtin_templates() {
        assert_eq!(
            &std::fs::read_to_string(dir.path().join(name)).unwrap(),
            text
        );
    }
    // Exporting again does not overwrite without --force.
    let o = baocao(&["templates", "export", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let o = baocao(&[
        "templates",
        "export",
        "--force",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn a_template_name_selects_the_main_template() {
    let out = tempfile::tempdir().unwrap();
    let o = baocao(&[
        "render",
        "data/ky-anh-2019.yaml",
        "--template",
        "khong-co-mau-nay",
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("khong-co-mau-nay"), "{}", stderr(&o));
}
