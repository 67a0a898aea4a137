//! Markup errors name where the text came from: the template file and line
//! (not a line of the hidden rendered markup), or the data field and line.

mod cli_support;
use cli_support::*;

#[test]
fn a_markup_error_in_a_template_names_the_template_line() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = dir.path().join("sai.md.tera");
    // Six lines; the rendered markup puts the bad line near line 25.
    std::fs::write(
        &tpl,
        "{% extends \"thi-xa.md.tera\" %}\n{% block dac_diem %}\n# I- ĐẶC ĐIỂM\n\nĐảng bộ có {{ dang_bo.dang_vien }} đảng viên <span>rất</span> tốt.\n{% endblock dac_diem %}\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = baocao(&[
        "render",
        "data/mau-12-don-vi.yaml",
        "--template",
        tpl.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("sai.md.tera:5:46:"), "{err}");
    assert!(err.contains("<span>"), "{err}");
    assert!(names(&out).is_empty());
}

#[test]
fn a_markup_error_in_the_data_names_the_field_and_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = sample("mau-12-don-vi.yaml").replacen(
        "    uu_diem: Đoạn văn mẫu về ưu điểm.",
        "    uu_diem: Đoạn văn mẫu về <font color=red>ưu điểm</font>.",
        1,
    );
    let line = text.lines().position(|l| l.contains("<font")).unwrap() + 1;
    let data = dir.path().join("du-lieu.yaml");
    std::fs::write(&data, &text).unwrap();
    let out = dir.path().join("out");
    for cmd in ["render", "batch"] {
        let o = baocao(&[
            cmd,
            data.to_str().unwrap(),
            "-f",
            "pdf",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(1), "{cmd}");
        let err = stderr(&o);
        assert!(
            err.contains(&format!("du-lieu.yaml:{line}:30:")),
            "{cmd}: {err}"
        );
        assert!(err.contains("`dang_bo.noi_dung.uu_diem`"), "{cmd}: {err}");
        assert!(err.contains("<font color=red>"), "{cmd}: {err}");
    }
}
