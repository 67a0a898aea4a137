//! `baocao check`: output, exit codes 0 / 1 / 2.

use std::process::{Command, Output};

fn baocao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn temp_yaml(text: &str) -> tempfile::NamedTempFile {
    let f = tempfile::Builder::new().suffix(".yaml").tempfile().unwrap();
    std::fs::write(f.path(), text).unwrap();
    f
}

#[test]
fn article_prints_figures_and_its_three_inconsistencies() {
    let o = baocao(&["check", "data/ky-anh-2019.yaml"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{}", stderr(&o));
    for needle in [
        "Cấp ủy viên",
        "485",
        "24/74 (32,43%)",
        "20/74 (27,03%)",
        "72 (sinh 1947)",
        "26 (sinh 1993)",
        "7 × 5 + 145 × 3 + 10 × 2 = 490",
        "31,51% là 23/73",
        "32,88% là 24/73",
        "0 lỗi, 3 cảnh báo",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in\n{out}");
    }
}

#[test]
fn strict_turns_warnings_into_failure() {
    let o = baocao(&["check", "data/ky-anh-2019.yaml", "--strict"]);
    assert_eq!(o.status.code(), Some(1));
    let o = baocao(&["--strict", "check", "data/ky-anh-2019.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    let o = baocao(&["check", "--strict", "data/mau-12-don-vi.yaml"]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn twelve_units_table() {
    let o = baocao(&["check", "data/mau-12-don-vi.yaml"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    for w in [
        "phường Sông Trí",
        "phường Kỳ Phương",
        "xã Kỳ Hà",
        "xã Kỳ Ninh",
        "Tổng",
        "0 lỗi, 0 cảnh báo",
    ] {
        assert!(out.contains(w), "missing {w:?}");
    }
    // The wards appear in the data's order.
    assert!(out.find("xã Kỳ Hà").unwrap() < out.find("xã Kỳ Hoa").unwrap());
}

#[test]
fn quiet_and_verbose() {
    let q = stdout(&baocao(&["check", "-q", "data/ky-anh-2019.yaml"]));
    assert!(!q.contains("Cấp ủy viên"), "{q}");
    assert!(q.contains("31,51% là 23/73"));
    let v = stdout(&baocao(&["-v", "check", "data/mau-12-don-vi.yaml"]));
    assert!(v.contains("xã Kỳ Lợi (ky-loi)"), "{v}");
    let both = baocao(&["-q", "-v", "check", "data/ky-anh-2019.yaml"]);
    assert_eq!(both.status.code(), Some(2));
}

#[test]
fn invalid_data_exits_1_with_location() {
    let text = std::fs::read_to_string("data/ky-anh-2019.yaml").unwrap();
    let f = temp_yaml(&text.replace("  dang_vien: 4283", "  dang_vienn: 4283"));
    let o = baocao(&["check", f.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let line = text
        .lines()
        .position(|l| l.contains("dang_vien: 4283"))
        .unwrap()
        + 1;
    let err = stderr(&o);
    assert!(err.contains(&format!(".yaml:{line}:")), "{err}");
    assert!(err.contains("field `dang_bo`"), "{err}");
    assert!(err.contains("có phải `dang_vien`?"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn error_findings_exit_1() {
    let text = std::fs::read_to_string("data/ky-anh-2019.yaml").unwrap();
    let f = temp_yaml(&text.replace("ti_le: \"27,03%\"", "ti_le: 127"));
    let o = baocao(&["check", f.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("1 lỗi"), "{}", stdout(&o));
}

#[test]
fn missing_file_exits_1() {
    let o = baocao(&["check", "khong-co-tep.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("khong-co-tep.yaml"));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["check"],
        &["check", "a.yaml", "b.yaml"],
        &["kiemtra", "a.yaml"],
        &["check", "--khong", "a.yaml"],
    ] {
        let o = baocao(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn help_and_version_exit_0() {
    let o = baocao(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("check"));
    assert_eq!(baocao(&["check", "--help"]).status.code(), Some(0));
    assert_eq!(baocao(&["--version"]).status.code(), Some(0));
}

/// Findings print as every diagnostic does: severity, rule, place (the
/// field, or from a workbook its sheet and cell and the field), message.
#[test]
fn findings_print_as_diagnostics_at_their_field_or_cell() {
    let o = baocao(&["check", "data/ky-anh-2019.yaml"]);
    let out = stdout(&o);
    assert!(
        out.contains(
            "cảnh báo (warning): [ti-le] `dang_bo.ket_qua.thon_tdp.khong_tai_cu.ti_le`: tỉ lệ ghi"
        ),
        "{out}"
    );
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("so-lieu.xlsx");
    let o = baocao(&["chuyen", "data/ky-anh-2019.yaml", book.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = baocao(&["check", book.to_str().unwrap()]);
    let out = stdout(&o);
    let line = out
        .lines()
        .find(|l| l.contains("khong_tai_cu.ti_le"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        line.starts_with(&format!(
            "cảnh báo (warning): [ti-le] {}: trang dang_bo, ô B",
            book.display()
        )),
        "{line}"
    );
    assert!(
        line.contains("): field `dang_bo.ket_qua.thon_tdp.khong_tai_cu.ti_le`: tỉ lệ ghi"),
        "{line}"
    );
}
