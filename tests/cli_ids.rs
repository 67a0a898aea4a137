//! Ward ids and file names: Windows device names, ids in any Unicode form or
//! tone style, and `render --don-vi` writing the same file as `batch`.

mod cli_support;
use cli_support::*;

use std::path::Path;

use unicode_normalization::UnicodeNormalization;

/// A small consistent data file with one cell per ward; `wards` are (id, name).
fn data_with(wards: &[(&str, &str)]) -> String {
    let mut s = String::from(
        "# Invented test data.
van_ban:
  co_quan: HUYỆN ỦY MẪU
  so_ky_hieu: 01-BC/HU
  dia_danh: Mẫu
  ngay: 2022-08-15
  trich_yeu: kết quả đại hội chi bộ
  nhiem_ky: 2022 - 2025
  nguoi_ky: { tm: T/M BAN THƯỜNG VỤ, chuc_vu: BÍ THƯ, ho_ten: Nguyễn Văn A }
dang_bo:
  ten: Đảng bộ huyện Mẫu
don_vi:
",
    );
    for (i, (id, name)) in wards.iter().enumerate() {
        s.push_str(&format!(
            "  - ma: \"{id}\"
    ten: \"{name}\"
    loai: xa
    chi_bo:
      - ten: Thôn {i}
        loai: thon
        dang_vien: {}
        dang_vien_chinh_thuc: 12
        ngay_dai_hoi: 2022-07-0{}
        chi_uy_vien: 3
        bi_thu: {{ ho_ten: Lê Văn C, gioi_tinh: nam, nam_sinh: 1970 }}
        pho_bi_thu: {{ ho_ten: Trần Thị D, gioi_tinh: nu, nam_sinh: 1980 }}
",
            13 + i,
            1 + i
        ));
    }
    s
}

fn write_data(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

const DEVICES: [(&str, &str); 6] = [
    ("CON", "Con Cuông"),
    ("con", "Côn Đảo"),
    ("nul", "Nậm Nhùn"),
    ("COM1", "Cổ Mân"),
    ("lpt9.", "Lộc Phát"),
    ("aux.pdf", "Âu Cơ"),
];

#[test]
fn windows_device_ids_never_become_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_data(dir.path(), "nul.yaml", &data_with(&DEVICES));
    let out = dir.path().join("out");
    let o = baocao(&[
        "batch",
        &data,
        "-f",
        "docx",
        "-j",
        "2",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let files = names(&out);
    assert_eq!(files.len(), DEVICES.len() + 1, "{files:?}");
    for f in &files {
        let stem = f.split('.').next().unwrap().to_ascii_lowercase();
        let device = ["con", "prn", "aux", "nul"].contains(&stem.as_str())
            || (stem.len() == 4
                && (stem.starts_with("com") || stem.starts_with("lpt"))
                && stem.as_bytes()[3].is_ascii_digit());
        assert!(!device, "{f} is a Windows device name ({files:?})");
        assert!(!f.trim_end_matches(".docx").ends_with(['.', ' ']), "{f}");
    }
    // The town report of `nul.yaml` is not `nul.docx` either.
    assert!(files.iter().all(|f| f != "nul.docx"), "{files:?}");
}

/// `baocao render DATA --don-vi ID -f docx -o OUT`.
fn render_ward_docx(data: &str, id: &str, out: &Path) -> std::process::Output {
    baocao(&[
        "render",
        data,
        "--don-vi",
        id,
        "-f",
        "docx",
        "-o",
        out.to_str().unwrap(),
    ])
}

#[test]
fn render_don_vi_writes_the_same_ward_to_the_same_file_as_batch() {
    let dir = tempfile::tempdir().unwrap();
    let data = write_data(dir.path(), "mau.yaml", &data_with(&DEVICES));
    let batch_out = dir.path().join("batch");
    let o = baocao(&[
        "batch",
        &data,
        "-f",
        "docx",
        "-o",
        batch_out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for (i, (id, _)) in DEVICES.iter().enumerate() {
        let one = dir.path().join(format!("one-{i}"));
        let o = render_ward_docx(&data, id, &one);
        assert_eq!(o.status.code(), Some(0), "{id}: {}", stderr(&o));
        let files = names(&one);
        assert_eq!(files.len(), 1, "{id}: {files:?}");
        let mine = std::fs::read(one.join(&files[0])).unwrap();
        let theirs = std::fs::read(batch_out.join(&files[0]))
            .unwrap_or_else(|_| panic!("{id}: batch wrote no {}", files[0]));
        assert!(mine == theirs, "{id}: {} differs from batch's", files[0]);
    }
}

#[test]
fn don_vi_accepts_the_id_in_any_normal_form_and_tone_style() {
    let dir = tempfile::tempdir().unwrap();
    // The data file is NFD (as a Mac or Unikey's "Unicode tổ hợp" writes it)
    // and uses the new tone style in the id.
    let nfd: String = data_with(&[("sơn-thuỷ", "Sơn Thuỷ"), ("kỳ-hoa", "Kỳ Hoa")])
        .nfd()
        .collect();
    let data = write_data(dir.path(), "nfd.yaml", &nfd);
    let as_written_nfd: String = "sơn-thuỷ".nfd().collect();
    for id in [
        as_written_nfd.as_str(),
        "sơn-thuỷ",
        "sơn-thủy",
        " sơn-thủy ",
        "son-thuy",
    ] {
        let out = dir.path().join("out");
        let _ = std::fs::remove_dir_all(&out);
        let o = render_ward_docx(&data, id, &out);
        assert_eq!(o.status.code(), Some(0), "{id:?}: {}", stderr(&o));
        assert_eq!(names(&out), ["son-thuy.docx"], "{id:?}");
    }
}

#[test]
fn the_no_such_unit_message_lists_ids_it_then_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let nfd: String = data_with(&[("sơn-thuỷ", "Sơn Thuỷ"), ("CON", "Con Cuông")])
        .nfd()
        .collect();
    let data = write_data(dir.path(), "d.yaml", &nfd);
    let out = dir.path().join("out");
    let o = baocao(&[
        "render",
        &data,
        "--don-vi",
        "khong-co",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("khong-co"), "{err}");
    let list = err
        .split("các mã có: ")
        .nth(1)
        .unwrap_or_else(|| panic!("no list of ids: {err}"))
        .lines()
        .next()
        .unwrap()
        .to_string();
    let ids: Vec<&str> = list.split(", ").collect();
    assert_eq!(ids.len(), 2, "{list}");
    for id in ids {
        let o = render_ward_docx(&data, id, &out);
        assert_eq!(
            o.status.code(),
            Some(0),
            "suggested {id:?} refused: {}",
            stderr(&o)
        );
    }
    assert!(names(&out).len() == 2, "{:?}", names(&out));
}
