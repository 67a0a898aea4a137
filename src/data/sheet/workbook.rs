//! A workbook (xlsx, xlsm, xlsb, ods) -> [`Grid`]s, within the caps of
//! [`bounds`]: the zip's parts are inflated once, counting, before any
//! reader sees them; then each sheet is read as a stream of cells
//! (calamine's cell readers for xlsx and xlsb, [`ods`] for ods), each cell
//! counted before it is kept. Never through a whole-sheet `Range`, which
//! allocates every cell of the declared range (`A1:XFD1048576`: 17 billion).
//!
//! Formulas give their stored values; a formula without one is an error
//! naming its cell. A number cell formatted as a percentage (xlsx, ods) is
//! [`Raw::Percent`]. Hidden rows are read like the others. An `.xls` (Excel
//! 97-2003) is refused: calamine reads every sheet of one whole, as dense
//! ranges, when it opens, so its memory cannot be bounded.

use std::io::Cursor;
use std::path::Path;

use calamine::{DataRef, Reader};

use super::bounds::{self, Cells, OverCap, SheetBuilder};
use super::cell::a1;
use super::{cell, ods, Grid, Raw};
use crate::data::error::SheetPlace;
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
    grids_from_bytes(bytes, &ext, &file)
}

/// The sheets of a workbook held in `bytes`, `ext` its kind (`xlsx`,
/// `xlsm`, `xlsb`, `ods`); `file` names it in messages.
pub fn grids_from_bytes(bytes: Vec<u8>, ext: &str, file: &str) -> Result<Vec<Grid>, DataError> {
    let bad = |e: String| DataError::Io {
        file: file.to_string(),
        error: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("không đọc được bảng tính {ext}: {e} (not a readable workbook)"),
        ),
    };
    let over = |e: OverCap| match e.sheet {
        Some(sheet) => DataError::Cell {
            file: file.to_string(),
            place: Box::new(SheetPlace {
                sheet,
                cell: e.cell,
                header: None,
                label: false,
            }),
            message: e.message,
            suggestion: None,
        },
        None => bad(e.message),
    };
    if ext == "xls" {
        return Err(bad(
            "tệp .xls (Excel 97-2003) không được đọc vì không đọc được an toàn trong giới hạn bộ nhớ; hãy mở bằng Excel hoặc LibreOffice và lưu thành .xlsx (Save As: Excel Workbook) rồi dùng tệp .xlsx (.xls is not read: save it as .xlsx)".into(),
        ));
    }
    bounds::check_zip(&bytes).map_err(over)?;
    match ext {
        "ods" => ods::grids(&bytes).map_err(|e| match e {
            ods::OdsError::Bad(m) => bad(m),
            ods::OdsError::Cap(c) => over(c),
        }),
        "xlsb" => xlsb(bytes).map_err(|e| match e {
            Failure::Bad(m) => bad(m),
            Failure::Cap(c) => over(c),
        }),
        _ => xlsx(bytes).map_err(|e| match e {
            Failure::Bad(m) => bad(m),
            Failure::Cap(c) => over(c),
        }),
    }
}

enum Failure {
    Bad(String),
    Cap(OverCap),
}

impl From<OverCap> for Failure {
    fn from(e: OverCap) -> Self {
        Failure::Cap(e)
    }
}

fn failed(e: impl std::fmt::Display) -> Failure {
    Failure::Bad(e.to_string())
}

/// Is this Excel number format a percentage (a `%` outside quotes and
/// brackets; built-in formats 9 and 10)?
fn is_percent_format(code: &str, id: Option<u32>) -> bool {
    if matches!(id, Some(9) | Some(10)) {
        return true;
    }
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            '%' if !quoted && !bracket => return true,
            _ => {}
        }
    }
    false
}

fn xlsx(bytes: Vec<u8>) -> Result<Vec<Grid>, Failure> {
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(failed)?;
    let mut cells = Cells::default();
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let mut sheet = SheetBuilder::new(&name, &mut cells);
        let mut reader = book.worksheet_cells_reader(&name).map_err(failed)?;
        let percent: Vec<bool> = reader
            .styles()
            .iter()
            .map(|s| {
                s.number_format
                    .as_ref()
                    .is_some_and(|f| is_percent_format(&f.format_code, f.format_id))
            })
            .collect();
        while let Some((c, style)) = reader.next_cell_with_style_id().map_err(failed)? {
            let (row, col) = c.get_position();
            let raw = match raw(c.get_value()) {
                Raw::Number(n) if percent.get(style).copied().unwrap_or(false) => Raw::Percent(n),
                r => r,
            };
            sheet.put(u64::from(row), u64::from(col), raw)?;
        }
        drop(reader);
        out.push(sheet.finish());
        // The formulas: one whose cell holds no value was saved uncomputed.
        // (Shared formulas are not expanded: their index could be huge.)
        let mut reader = book.worksheet_cells_reader(&name).map_err(failed)?;
        while let Some(f) = reader.next_cell_with_formula_metadata().map_err(failed)? {
            if f.formula.is_some() && f.value == DataRef::Empty {
                return Err(formula_without_value(&name, f.pos.0, f.pos.1));
            }
        }
    }
    Ok(out)
}

fn xlsb(bytes: Vec<u8>) -> Result<Vec<Grid>, Failure> {
    let mut book: calamine::Xlsb<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(failed)?;
    let mut cells = Cells::default();
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let mut sheet = SheetBuilder::new(&name, &mut cells);
        let mut reader = book.worksheet_cells_reader(&name).map_err(failed)?;
        while let Some(c) = reader.next_cell().map_err(failed)? {
            let (row, col) = c.get_position();
            sheet.put(u64::from(row), u64::from(col), raw(c.get_value()))?;
        }
        drop(reader);
        let grid = sheet.finish();
        let mut reader = book.worksheet_cells_reader(&name).map_err(failed)?;
        while let Some(f) = reader.next_formula().map_err(failed)? {
            let (row, col) = f.get_position();
            if !f.get_value().trim().is_empty() && value_at(&grid, row, col).is_none() {
                return Err(formula_without_value(&name, row, col));
            }
        }
        out.push(grid);
    }
    Ok(out)
}

/// The value at absolute (`row`, `col`) of `grid`, if not blank.
fn value_at(grid: &Grid, row: u32, col: u32) -> Option<&Raw> {
    let r = row.checked_sub(grid.top)? as usize;
    let c = col.checked_sub(grid.left)? as usize;
    grid.rows.get(r)?.get(c).filter(|v| cell::text(v).is_some())
}

fn formula_without_value(sheet: &str, row: u32, col: u32) -> Failure {
    Failure::Cap(OverCap::at(
        sheet,
        Some(a1(row, col)),
        super::FORMULA_WITHOUT_VALUE.to_string(),
    ))
}

fn raw(d: &DataRef<'_>) -> Raw {
    match d {
        DataRef::Empty => Raw::Empty,
        DataRef::String(s) => Raw::Text(s.clone()),
        DataRef::SharedString(s) => Raw::Text(s.to_string()),
        DataRef::Int(i) => Raw::Number(*i as f64),
        DataRef::Float(f) => Raw::Number(*f),
        DataRef::Bool(b) => Raw::Bool(*b),
        DataRef::DateTime(dt) => {
            // Through the calendar: the 1904 date system is handled by calamine.
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            match Ngay::new(i32::from(y), u32::from(m), u32::from(day)) {
                Ok(n) => Raw::Date(cell::to_serial(n)),
                Err(_) => Raw::Number(dt.as_f64()),
            }
        }
        DataRef::DateTimeIso(s) => Raw::Iso(s.clone()),
        DataRef::DurationIso(s) => Raw::Text(s.clone()),
        DataRef::Error(e) => Raw::Error(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::is_percent_format;

    #[test]
    fn percent_formats() {
        assert!(is_percent_format("0.00%", None));
        assert!(is_percent_format("General", Some(10)));
        assert!(!is_percent_format("0.00\"%\"", None));
        assert!(!is_percent_format("[Red]0.00", None));
        assert!(!is_percent_format("0\\%", None));
        assert!(!is_percent_format("dd/mm/yyyy", Some(14)));
    }
}
