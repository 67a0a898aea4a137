//! What `batch` tells the user and which template each report uses;
//! `render --markup`.

mod cli_support;
use cli_support::*;

use std::io::Read;
use std::path::Path;

fn docx_xml(path: &Path) -> String {
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut s = String::new();
    z.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// The 12-unit sample with one warning about the town's data and one about
/// a cell of phường Sông Trí (a committee in a cell of 8 official members).
fn data_with_warnings(dir: &Path) -> String {
    let s = sample("mau-12-don-vi.yaml")
        .replacen(
            "  dang_vien: 5032\n",
            "  dang_vien: 5032\n  ket_qua: { da_dai_hoi: 109 }\n",
            1,
        )
        .replacen(
            "        dang_vien: 15\n        dang_vien_chinh_thuc: 14\n",
            "        dang_vien: 15\n        dang_vien_chinh_thuc: 8\n",
            1,
        );
    let p = dir.join("canh-bao.yaml");
    std::fs::write(&p, s).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn the_summary_counts_every_warning_printed_and_names_the_unit_of_each() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_with_warnings(dir.path());
    let out = dir.path().join("out");
    let o = baocao(&[
        "batch",
        &data,
        "-f",
        "pdf",
        "-j",
        "2",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    let printed = err
        .lines()
        .filter(|l| l.contains("cảnh báo (warning): "))
        .count()
        + stdout(&o)
            .lines()
            .filter(|l| l.contains("cảnh báo (warning): "))
            .count();
    assert!(printed >= 2, "{err}");
    assert!(
        err.contains(&format!("cảnh báo (warnings) {printed},")),
        "{printed} warnings printed, the summary says otherwise:\n{err}"
    );
    assert!(err.contains("[phường Sông Trí] cảnh báo"), "{err}");
    let by_unit = err
        .lines()
        .find(|l| l.contains("cảnh báo theo đơn vị"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(by_unit.contains("phường Sông Trí: 1"), "{by_unit}");
    assert!(by_unit.contains("dữ liệu chung"), "{by_unit}");
}

#[test]
fn batch_takes_a_template_for_the_town_and_another_for_the_wards() {
    let dir = tempfile::tempdir().unwrap();
    let town = dir.path().join("chung.md.tera");
    let ward = dir.path().join("don-vi.md.tera");
    std::fs::write(
        &town,
        "{% extends \"thi-xa.md.tera\" %}\n{% block dac_diem %}\nTHAN-BAO-CAO-CHUNG\n{% endblock dac_diem %}\n",
    )
    .unwrap();
    std::fs::write(
        &ward,
        "{% extends \"phuong-xa.md.tera\" %}\n{% block danh_gia %}\nTHAN-BAO-CAO-DON-VI\n{% endblock danh_gia %}\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = baocao(&[
        "batch",
        "data/mau-12-don-vi.yaml",
        "--template",
        town.to_str().unwrap(),
        "--template-don-vi",
        ward.to_str().unwrap(),
        "-f",
        "docx",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = docx_xml(&out.join("mau-12-don-vi.docx"));
    assert!(t.contains("THAN-BAO-CAO-CHUNG") && !t.contains("THAN-BAO-CAO-DON-VI"));
    let w = docx_xml(&out.join("ky-lien.docx"));
    assert!(w.contains("THAN-BAO-CAO-DON-VI") && !w.contains("THAN-BAO-CAO-CHUNG"));
    assert!(w.contains("Kỳ Liên"));
    // --template alone changes the town report only: the wards keep theirs.
    let out2 = dir.path().join("out2");
    let o = baocao(&[
        "batch",
        "data/mau-12-don-vi.yaml",
        "--template",
        town.to_str().unwrap(),
        "-f",
        "docx",
        "-o",
        out2.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let w = docx_xml(&out2.join("ky-lien.docx"));
    assert!(
        !w.contains("THAN-BAO-CAO-CHUNG"),
        "the town body under a ward's header"
    );
    assert!(w.contains("ĐÁNH GIÁ CHUNG"));
    // render --don-vi with only --template: refused, not mixed.
    let o = baocao(&[
        "render",
        "data/mau-12-don-vi.yaml",
        "--don-vi",
        "ky-lien",
        "--template",
        town.to_str().unwrap(),
        "-o",
        dir.path().join("out3").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--template-don-vi"), "{}", stderr(&o));
    assert!(names(&dir.path().join("out3")).is_empty());
}

#[test]
fn files_of_wards_no_longer_in_the_data_are_listed_not_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("hung-tri.pdf"), b"an old ward report").unwrap();
    std::fs::write(out.join("ghi-chu.txt"), b"not a report").unwrap();
    std::fs::write(out.join("ky-lien.docx"), b"last run's docx").unwrap();
    let o = baocao(&[
        "batch",
        "data/mau-12-don-vi.yaml",
        "-f",
        "pdf",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    let line = err
        .lines()
        .find(|l| l.contains("không xóa"))
        .unwrap_or_else(|| panic!("no stale files listed: {err}"));
    assert!(line.contains("hung-tri.pdf"), "{line}");
    assert!(
        !line.contains("ghi-chu.txt") && !line.contains("ky-lien"),
        "{line}"
    );
    assert_eq!(
        std::fs::read(out.join("hung-tri.pdf")).unwrap(),
        b"an old ward report"
    );
}

#[test]
fn render_markup_prints_the_markup_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = baocao(&[
        "render",
        "data/mau-12-don-vi.yaml",
        "--markup",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let m = stdout(&o);
    assert!(m.starts_with("---\n"), "{m}");
    assert!(m.contains("# I- ĐẶC ĐIỂM TÌNH HÌNH"), "{m}");
    assert!(!out.exists() || names(&out).is_empty());
    let o = baocao(&[
        "render",
        "data/mau-12-don-vi.yaml",
        "--don-vi",
        "ky-lien",
        "--markup",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("Kỳ Liên") && stdout(&o).contains("{.total}"));
    assert!(!out.exists() || names(&out).is_empty());
}
