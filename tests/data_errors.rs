//! Load errors: each kind, with file, line, column and field path; NFC input.

use baocao::data::{load_file, load_str, DataError};

const BASE: &str = include_str!("fixtures/data/nho.yaml");

/// BASE with the first occurrence of `from` replaced by `to`.
fn edit(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "fixture lacks {from:?}");
    BASE.replacen(from, to, 1)
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

fn err(text: &str) -> DataError {
    load_str(text, "mau.yaml").unwrap_err()
}

#[test]
fn base_fixture_loads() {
    load_str(BASE, "mau.yaml").unwrap();
}

#[test]
fn syntax_error_has_line() {
    let text = edit("  dia_danh: Kỳ Anh", "  dia_danh: \"Kỳ Anh");
    let e = err(&text);
    assert!(matches!(e, DataError::Syntax { .. }), "{e:?}");
    let msg = e.to_string();
    assert!(msg.starts_with("mau.yaml:"), "{msg}");
    assert!(e.line().unwrap() >= line_of(&text, "dia_danh"), "{msg}");
}

#[test]
fn tab_indentation_is_a_syntax_error() {
    let text = edit("  so_ky_hieu:", "\tso_ky_hieu:");
    assert!(matches!(err(&text), DataError::Syntax { .. }));
}

#[test]
fn unknown_key_suggests_nearest() {
    let text = edit(
        "        dang_vien_chinh_thuc: 7",
        "        dang_vien_chinh_thuoc: 7",
    );
    let e = err(&text);
    let msg = e.to_string();
    let line = line_of(&text, "dang_vien_chinh_thuoc");
    match &e {
        DataError::UnknownKey {
            key,
            suggestion,
            path,
            line: l,
            ..
        } => {
            assert_eq!(key, "dang_vien_chinh_thuoc");
            assert_eq!(suggestion.as_deref(), Some("dang_vien_chinh_thuc"));
            assert_eq!(path, "don_vi[0].chi_bo[1]");
            assert_eq!(*l, line);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        msg,
        format!("mau.yaml:{line}:9: field `don_vi[0].chi_bo[1]`: khóa không hợp lệ `dang_vien_chinh_thuoc` (có phải `dang_vien_chinh_thuc`?)")
    );
}

#[test]
fn unknown_top_level_key() {
    let text = format!("{BASE}dong_bo: 1\n");
    match err(&text) {
        DataError::UnknownKey {
            key, suggestion, ..
        } => {
            assert_eq!(key, "dong_bo");
            assert_eq!(suggestion.as_deref(), Some("dang_bo"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn missing_field_names_it() {
    let text = edit("  so_ky_hieu: 01-BC/Th.U\n", "");
    let e = err(&text);
    match &e {
        DataError::MissingField { field, path, .. } => {
            assert_eq!(field, "so_ky_hieu");
            assert_eq!(path, "van_ban");
        }
        other => panic!("{other:?}"),
    }
    assert!(e.line().is_some_and(|l| l >= 1), "{e}");
}

#[test]
fn wrong_type_has_path_and_line() {
    let text = edit("        dang_vien: 8\n", "        dang_vien: tám\n");
    let e = err(&text);
    let line = line_of(&text, "dang_vien: tám");
    match &e {
        DataError::Invalid { path, line: l, .. } => {
            assert_eq!(path, "don_vi[0].chi_bo[1].dang_vien");
            assert_eq!(*l, line);
        }
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains(&format!(":{line}:")));
}

#[test]
fn negative_count_is_rejected() {
    let text = edit("        chi_uy_vien: 3\n", "        chi_uy_vien: -3\n");
    let e = err(&text);
    assert!(matches!(e, DataError::Invalid { .. }), "{e:?}");
    assert!(e.to_string().contains("chi_uy_vien"), "{e}");
    assert_eq!(e.line(), Some(line_of(&text, "chi_uy_vien: -3")));
}

#[test]
fn unknown_variant_suggests() {
    let text = edit("    loai: phuong", "    loai: phuongg");
    match err(&text) {
        DataError::Invalid {
            suggestion, path, ..
        } => {
            assert_eq!(suggestion.as_deref(), Some("phuong"));
            assert_eq!(path, "don_vi[0].loai");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_date_is_rejected() {
    let text = edit("  ngay: 2019-08-15", "  ngay: 2019-02-30");
    let e = err(&text);
    assert!(e.to_string().contains("van_ban.ngay"), "{e}");
    assert_eq!(e.line(), Some(line_of(&text, "2019-02-30")));
}

#[test]
fn bad_percentage_text_is_rejected() {
    let text = edit("ti_le: \"25%\"", "ti_le: \"hai lăm\"");
    let e = err(&text);
    assert!(e.to_string().contains("chi_bo_co_nu_cap_uy.ti_le"), "{e}");
}

#[test]
fn missing_file_is_io_error() {
    let e = load_file(std::path::Path::new("khong-co.yaml")).unwrap_err();
    assert!(matches!(e, DataError::Io { .. }));
    assert!(e.to_string().starts_with("khong-co.yaml:"));
}

#[test]
fn nfd_input_is_normalised() {
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = BASE.nfd().collect();
    assert_ne!(nfd, BASE);
    let d = load_str(&nfd, "nfd.yaml").unwrap();
    assert_eq!(d.van_ban.dia_danh, "Kỳ Anh");
    assert_eq!(d.van_ban.dia_danh.chars().count(), 6);
    assert_eq!(
        d.don_vi[0].chi_bo.as_ref().unwrap()[0]
            .pho_bi_thu()
            .unwrap()
            .ho_ten,
        "Trần Thị B"
    );
}

#[test]
fn no_break_spaces_become_spaces() {
    let text = edit("dia_danh: Kỳ Anh", "dia_danh: Kỳ\u{a0}Anh");
    assert_eq!(load_str(&text, "x").unwrap().van_ban.dia_danh, "Kỳ Anh");
}

#[test]
fn never_panics_on_odd_input() {
    let odd = [
        "",
        "~",
        "[]",
        "- 1\n- 2",
        "van_ban: 3",
        ":",
        "{{{{",
        "\u{feff}",
        "a: &x [*x]",
        "van_ban: !!binary AAAA",
        "dang_bo:\n  ten: [1, {2: 3}]",
        "\0\0\0",
    ];
    for t in odd {
        let r = std::panic::catch_unwind(|| load_str(t, "odd.yaml"));
        assert!(matches!(r, Ok(Err(_))), "{t:?}");
    }
    // Every prefix of a valid file.
    for (i, _) in BASE.char_indices().step_by(97) {
        let _ = load_str(&BASE[..i], "prefix.yaml");
    }
}

#[test]
fn tone_marks_follow_the_document_style() {
    // Default (old style): new-style input is normalised.
    let text = edit("  co_quan: THỊ ỦY KỲ ANH", "  co_quan: THỊ UỶ KỲ ANH");
    assert_eq!(
        load_str(&text, "x").unwrap().van_ban.co_quan,
        "THỊ ỦY KỲ ANH"
    );
    // New style asked for: old-style text is converted everywhere.
    let text = edit(
        "  nhiem_ky: 2019 - 2022\n",
        "  nhiem_ky: 2019 - 2022\n  kieu_dau: moi\n",
    );
    let d = load_str(&text, "x").unwrap();
    assert_eq!(d.van_ban.co_quan, "THỊ UỶ KỲ ANH");
    assert_eq!(d.van_ban.nguoi_ky.tm, "T/M BAN THƯỜNG VỤ");
}

#[test]
fn duplicate_key_names_key_and_mapping() {
    let text = edit(
        "  dia_danh: Kỳ Anh\n",
        "  dia_danh: Kỳ Anh\n  dia_danh: Kỳ Anh\n",
    );
    let e = err(&text);
    let msg = e.to_string();
    assert!(
        msg.contains("duplicate") && msg.contains("dia_danh"),
        "{msg}"
    );
    // serde reports it at the start of the mapping holding the key.
    assert_eq!(e.line(), Some(line_of(&text, "co_quan")), "{msg}");
    assert!(msg.contains("field `van_ban`"), "{msg}");
}

#[test]
fn crlf_bom_and_utf16_files_load() {
    let dir = tempfile::tempdir().unwrap();
    let crlf = format!("\u{feff}{}", BASE.replace('\n', "\r\n"));
    let p = dir.path().join("crlf.yaml");
    std::fs::write(&p, &crlf).unwrap();
    assert_eq!(load_file(&p).unwrap().van_ban.dia_danh, "Kỳ Anh");
    let mut utf16 = vec![0xff, 0xfe];
    for u in BASE.encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let p = dir.path().join("utf16.yaml");
    std::fs::write(&p, &utf16).unwrap();
    assert_eq!(load_file(&p).unwrap().van_ban.dia_danh, "Kỳ Anh");
    let p = dir.path().join("latin1.yaml");
    std::fs::write(&p, b"van_ban: \xe0\n").unwrap();
    let e = load_file(&p).unwrap_err();
    assert!(matches!(e, DataError::Io { .. }), "{e}");
    assert!(e.to_string().contains("byte 9"), "{e}");
}
