//! `.xls` (Excel 97-2003) workbooks (issue #19's follow-up): read again,
//! but checked first. A real .xls saved by LibreOffice from the sample's
//! fill-in workbook renders the same PDF and DOCX bytes as the .xlsx; a
//! hostile .xls (cells far apart, so calamine would build 16.7 M-cell dense
//! ranges; a DIMENSIONS record declaring the whole sheet) is refused with
//! the workbook cap message under a memory limit; an encrypted one is
//! refused as such; truncated and garbage files give an error, never a panic.
#![cfg(unix)]

mod sheet_support;

use std::path::Path;
use std::process::Command;

use baocao::data::sheet::xls::container;
use sheet_support::{check_limited, libreoffice_convert, root};

/// `check` of `path` fails cleanly (exit 1) naming the file, with all of `want`.
fn refused(path: &Path, want: &[&str]) -> String {
    let o = check_limited(path);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{}: {err}", path.display());
    let name = path.file_name().unwrap().to_string_lossy();
    assert!(err.contains(&*name), "names the file: {err}");
    for w in want {
        assert!(err.contains(w), "`{w}` not in: {err}");
    }
    assert!(!err.contains("lỗi nội bộ"), "no internal error: {err}");
    assert!(!err.contains("panicked"), "no panic: {err}");
    err
}

fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    out.extend_from_slice(&typ.to_le_bytes());
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
}

fn bof(out: &mut Vec<u8>, kind: u16) {
    let mut d = vec![0u8; 16];
    d[..2].copy_from_slice(&0x0600u16.to_le_bytes());
    d[2..4].copy_from_slice(&kind.to_le_bytes());
    record(out, 0x0809, &d);
}

fn number(out: &mut Vec<u8>, row: u16, col: u16, v: f64) {
    let mut d = Vec::new();
    d.extend_from_slice(&row.to_le_bytes());
    d.extend_from_slice(&col.to_le_bytes());
    d.extend_from_slice(&0u16.to_le_bytes());
    d.extend_from_slice(&v.to_le_bytes());
    record(out, 0x0203, &d);
}

/// A BIFF8 workbook stream: `globals` extra records, then one sheet per
/// entry of `sheets` (its name and its records after BOF).
fn workbook(globals: &[(u16, Vec<u8>)], sheets: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut head = Vec::new();
    bof(&mut head, 0x0005);
    for (t, d) in globals {
        record(&mut head, *t, d);
    }
    let bound_len = |name: &str| 4 + 8 + name.len();
    let mut pos = head.len() + sheets.iter().map(|(n, _)| bound_len(n)).sum::<usize>() + 4;
    let mut subs = Vec::new();
    for (name, body) in sheets {
        let mut d = Vec::new();
        d.extend_from_slice(&(pos as u32).to_le_bytes());
        d.extend_from_slice(&0u16.to_le_bytes());
        d.push(name.len() as u8);
        d.push(0);
        d.extend_from_slice(name.as_bytes());
        record(&mut head, 0x0085, &d);
        let mut s = Vec::new();
        bof(&mut s, 0x0010);
        s.extend_from_slice(body);
        record(&mut s, 0x000A, &[]);
        pos += s.len();
        subs.extend(s);
    }
    record(&mut head, 0x000A, &[]);
    head.extend(subs);
    head
}

fn far_apart() -> Vec<u8> {
    let mut s = Vec::new();
    number(&mut s, 0, 0, 1.0);
    number(&mut s, 65535, 255, 2.0);
    s
}

#[test]
fn a_real_xls_from_libreoffice_renders_the_same_bytes_as_the_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_baocao");
    let xlsx = dir.path().join("du-lieu.xlsx");
    let o = Command::new(bin)
        .arg("chuyen")
        .arg(root().join("data/mau-12-don-vi.yaml"))
        .arg(&xlsx)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let Some(xls) = libreoffice_convert(&xlsx, "xls", &dir.path().join("lo")) else {
        return;
    };
    assert!(std::fs::read(&xls)
        .unwrap()
        .starts_with(&[0xD0, 0xCF, 0x11, 0xE0]));
    // It loads under the same memory limit as the hostile files.
    let o = check_limited(&xls);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let render = |input: &Path, out: &str| {
        let out = dir.path().join(out);
        let o = Command::new(bin)
            .arg("render")
            .arg(input)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        out
    };
    let a = render(&xlsx, "tu-xlsx");
    let b = render(&xls, "tu-xls");
    for (x, y) in [
        ("du-lieu.pdf", "du-lieu.pdf"),
        ("du-lieu.docx", "du-lieu.docx"),
    ] {
        let x = std::fs::read(a.join(x)).unwrap();
        let y = std::fs::read(b.join(y)).unwrap();
        assert!(x.len() > 1000);
        assert!(x == y, "the .xls and .xlsx reports differ");
    }
}

#[test]
fn cells_far_apart_on_several_sheets_are_refused_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xa-nhau.xls");
    let stream = workbook(
        &[],
        &[
            ("don_vi", far_apart()),
            ("chi_bo", far_apart()),
            ("them", far_apart()),
        ],
    );
    std::fs::write(&path, container(&stream)).unwrap();
    refused(&path, &["trang don_vi", "quá giới hạn (too many cells)"]);
    // Two sheets each under the cap, together over it: named at the second.
    let mut half = Vec::new();
    number(&mut half, 0, 0, 1.0);
    number(&mut half, 3000, 199, 2.0); // 3001 x 200 = 600,200 cells
    let stream = workbook(&[], &[("mot", half.clone()), ("hai", half)]);
    std::fs::write(&path, container(&stream)).unwrap();
    refused(&path, &["trang hai", "quá giới hạn (too many cells)"]);
}

#[test]
fn a_dimensions_record_declaring_the_whole_sheet_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dimensions.xls");
    let mut s = Vec::new();
    let mut d = Vec::new();
    d.extend_from_slice(&0u32.to_le_bytes());
    d.extend_from_slice(&65536u32.to_le_bytes());
    d.extend_from_slice(&0u16.to_le_bytes());
    d.extend_from_slice(&256u16.to_le_bytes());
    d.extend_from_slice(&0u16.to_le_bytes());
    record(&mut s, 0x0200, &d);
    number(&mut s, 0, 0, 1.0);
    std::fs::write(&path, container(&workbook(&[], &[("don_vi", s)]))).unwrap();
    refused(&path, &["trang don_vi", "quá giới hạn (too many cells)"]);
    // One ending before it starts (calamine would underflow): broken.
    let mut s = Vec::new();
    let mut d = vec![0u8; 14];
    d[..4].copy_from_slice(&10u32.to_le_bytes());
    d[4..8].copy_from_slice(&5u32.to_le_bytes());
    d[10..12].copy_from_slice(&3u16.to_le_bytes());
    record(&mut s, 0x0200, &d);
    std::fs::write(&path, container(&workbook(&[], &[("don_vi", s)]))).unwrap();
    refused(&path, &["DIMENSIONS"]);
}

#[test]
fn an_encrypted_xls_is_refused_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mat-khau.xls");
    let filepass = (0x002F, vec![1, 0, 1, 0, 1, 0]);
    let stream = workbook(&[filepass], &[("don_vi", far_apart())]);
    std::fs::write(&path, container(&stream)).unwrap();
    refused(&path, &["mật khẩu", "encrypted"]);
}

#[test]
fn truncated_and_garbage_xls_give_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hong.xls");
    let mut small = Vec::new();
    number(&mut small, 1, 1, 3.0);
    let good = container(&workbook(&[], &[("don_vi", small)]));
    let mut cases: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"not a workbook at all".to_vec(),
        good[..600].to_vec(),
        good[..good.len() / 2].to_vec(),
        good[..good.len() - 100].to_vec(),
    ];
    // A sheet offset past the stream, a record running past the end.
    let mut bad_pos = workbook(&[], &[("don_vi", Vec::new())]);
    let at = bad_pos.windows(2).position(|w| w == [0x85, 0x00]).unwrap() + 4;
    bad_pos[at..at + 4].copy_from_slice(&0x00FF_FFFFu32.to_le_bytes());
    cases.push(container(&bad_pos));
    let mut long = workbook(&[], &[("don_vi", Vec::new())]);
    long.extend_from_slice(&[0x03, 0x02, 0xFF, 0xFF, 0, 0]);
    cases.push(container(&long));
    // Byte flips through the container's header, directory and FAT.
    for i in (0..good.len()).step_by(good.len() / 40) {
        let mut b = good.clone();
        b[i] ^= 0xA5;
        let j = (i + 1).min(b.len() - 1);
        b[j] = 0xFF;
        cases.push(b);
    }
    for (n, bytes) in cases.into_iter().enumerate() {
        std::fs::write(&path, &bytes).unwrap();
        let o = check_limited(&path);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            matches!(o.status.code(), Some(0) | Some(1)),
            "case {n}: {:?} {err}",
            o.status
        );
        assert!(!err.contains("panicked"), "case {n}: {err}");
        assert!(!err.contains("lỗi nội bộ"), "case {n}: {err}");
    }
}
