//! A workbook (xlsx, xlsm, xls, xlsb, ods) -> [`Grid`]s, with `calamine`.
//! Formulas give their cached values; hidden rows are read like the others.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader};

use super::{cell, Grid, Raw};
use crate::data::{read_bounded, Bounded, DataError, Ngay, MAX_FILE_BYTES};

/// The workbook extensions read.
pub const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xls", "xlsb", "ods"];

pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Every sheet of the workbook at `path`.
pub fn grids(path: &Path) -> Result<Vec<Grid>, DataError> {
    let file = path.display().to_string();
    let io = |error: std::io::Error| DataError::Io {
        file: file.clone(),
        error,
    };
    let bytes = read_bounded(path, MAX_FILE_BYTES).map_err(|e| match e {
        Bounded::TooLarge(size) => io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "tệp quá lớn: {:.1} MB, tối đa {} MB (file too large)",
                size as f64 / (1024.0 * 1024.0),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )),
        Bounded::Io(e) => io(e),
    })?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let bad = |e: String| {
        io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("không đọc được bảng tính {ext}: {e} (not a readable workbook)"),
        ))
    };
    let rs = Cursor::new(bytes);
    use calamine::{open_workbook_from_rs as open, Ods, Sheets, Xls, Xlsb, Xlsx};
    let mut book: Sheets<Cursor<Vec<u8>>> = match ext.as_str() {
        "xls" => Sheets::Xls(open::<Xls<_>, _>(rs).map_err(|e| bad(e.to_string()))?),
        "xlsb" => Sheets::Xlsb(open::<Xlsb<_>, _>(rs).map_err(|e| bad(e.to_string()))?),
        "ods" => Sheets::Ods(open::<Ods<_>, _>(rs).map_err(|e| bad(e.to_string()))?),
        _ => Sheets::Xlsx(open::<Xlsx<_>, _>(rs).map_err(|e| bad(e.to_string()))?),
    };
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| bad(format!("trang {name}: {e}")))?;
        let (top, left) = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .map(|row| {
                let mut cells: Vec<Raw> = row.iter().map(raw).collect();
                while cells.last() == Some(&Raw::Empty) {
                    cells.pop();
                }
                cells
            })
            .collect();
        out.push(Grid {
            name,
            top,
            left,
            rows,
        });
    }
    Ok(out)
}

fn raw(d: &Data) -> Raw {
    match d {
        Data::Empty => Raw::Empty,
        Data::String(s) => Raw::Text(s.clone()),
        Data::Int(i) => Raw::Number(*i as f64),
        Data::Float(f) => Raw::Number(*f),
        Data::Bool(b) => Raw::Bool(*b),
        Data::DateTime(dt) => {
            // Through the calendar: the 1904 date system is handled by calamine.
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            match Ngay::new(i32::from(y), u32::from(m), u32::from(day)) {
                Ok(n) => Raw::Date(cell::to_serial(n)),
                Err(_) => Raw::Number(dt.as_f64()),
            }
        }
        Data::DateTimeIso(s) => Raw::Iso(s.clone()),
        Data::DurationIso(s) => Raw::Text(s.clone()),
        Data::Error(e) => Raw::Error(e.to_string()),
    }
}
