//! What a workbook may hold, checked while it is read and before anything
//! proportional to what the file *declares* is allocated: a 42 KB file can
//! declare 17 billion cells (`A1` and `XFD1048576`), a 3 MB zip can inflate
//! to 3 GB, an ods row can repeat 99 million times. Peak memory stays under
//! 500 MB for any input under these caps (tests/sheet_bounds.rs measures it
//! under a memory limit).
//!
//! - [`check_zip`]: every part of an xlsx, xlsm, xlsb or ods is inflated once,
//!   counting, before any reader sees it: at most [`MAX_PARTS`] parts, each
//!   at most [`MAX_PART_BYTES`] (less for the parts read whole at open:
//!   [`part_cap`]), [`MAX_TOTAL_BYTES`] in all.
//! - [`Cells`]: the cells a reader keeps, counted as they come: at most
//!   [`MAX_ROWS`] rows and [`MAX_COLUMNS`] columns per sheet and
//!   [`MAX_CELLS`] cells per workbook (every cell from column A to a row's
//!   last value counts: they are stored). [`SheetBuilder`] builds a
//!   [`Grid`] from cells in any order through it.

use std::io::{Read, Seek};

use super::{Grid, Raw};

/// Rows per sheet (the row of the last value). A YAML data file is capped
/// at 16 MiB, about 3,500 units of 11 cells (38,500 `chi_bo` rows); a
/// workbook may hold more than twice that.
pub const MAX_ROWS: u32 = 100_000;
/// Columns per sheet (the column of the last value): the widest sheet has
/// about 40.
pub const MAX_COLUMNS: u32 = 256;
/// Cells kept per workbook (from column A to each row's last value): the
/// 16 MiB YAML's data takes about 1 million.
pub const MAX_CELLS: usize = 1_000_000;
/// Text kept per workbook, in bytes: every text cell's length (a shared
/// string counts each time a cell uses it; 16 MiB of YAML holds less).
pub const MAX_TEXT_BYTES: usize = 32 * 1024 * 1024;
/// Parts (files) in the zip.
pub const MAX_PARTS: usize = 2_000;
/// Inflated bytes of one part (a sheet's XML).
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Inflated bytes of all parts together.
pub const MAX_TOTAL_BYTES: u64 = 192 * 1024 * 1024;
/// Shared strings (xlsx), read whole when the workbook opens.
pub const MAX_SHARED_STRINGS_BYTES: u64 = 16 * 1024 * 1024;
/// Styles (xlsx), read whole when the workbook opens, a big struct per entry.
pub const MAX_STYLES_BYTES: u64 = 1024 * 1024;

/// The cap on part `name` (a path in the zip).
pub fn part_cap(name: &str) -> u64 {
    let lower = name.to_ascii_lowercase();
    let file = lower.rsplit('/').next().unwrap_or(&lower);
    if file.starts_with("sharedstrings") {
        MAX_SHARED_STRINGS_BYTES
    } else if file.starts_with("styles.") {
        MAX_STYLES_BYTES
    } else {
        MAX_PART_BYTES
    }
}

/// A cap a workbook goes past (or a cell that cannot be read): where, and
/// the message in Vietnamese with the English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverCap {
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub message: String,
}

impl OverCap {
    pub fn new(message: String) -> Self {
        OverCap {
            sheet: None,
            cell: None,
            message,
        }
    }

    pub fn at(sheet: &str, cell: Option<String>, message: String) -> Self {
        OverCap {
            sheet: Some(sheet.to_string()),
            cell,
            message,
        }
    }
}

fn mib(n: u64) -> u64 {
    n / (1024 * 1024)
}

/// Inflate every part of the zip in `bytes`, counting, keeping nothing.
pub fn check_zip(bytes: &[u8]) -> Result<(), OverCap> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| OverCap::new(format!("không phải tệp zip hợp lệ (not a valid zip): {e}")))?;
    check_archive(&mut zip)
}

fn check_archive<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Result<(), OverCap> {
    if zip.len() > MAX_PARTS {
        return Err(OverCap::new(format!(
            "bảng tính có {} phần (tệp trong zip), tối đa {MAX_PARTS} (too many parts)",
            zip.len()
        )));
    }
    let mut total = 0u64;
    let mut sink = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .map_err(|e| OverCap::new(format!("phần {i} của tệp zip hỏng (corrupt part): {e}")))?;
        if part.is_dir() {
            continue;
        }
        let name = part.name().to_string();
        let cap = part_cap(&name);
        let mut size = 0u64;
        loop {
            let n = part.read(&mut sink).map_err(|e| {
                OverCap::new(format!(
                    "phần `{name}` của tệp zip hỏng (corrupt part): {e}"
                ))
            })?;
            if n == 0 {
                break;
            }
            size += n as u64;
            total += n as u64;
            if size > cap {
                drop(part);
                let message = format!(
                    "phần `{name}` của tệp giải nén ra hơn {} MB, quá giới hạn cho một phần (part too large when inflated: a zip bomb?)",
                    mib(cap)
                );
                return Err(match sheet_of_part(zip, &name) {
                    Some(sheet) => OverCap::at(&sheet, None, message),
                    None => OverCap::new(message),
                });
            }
            if total > MAX_TOTAL_BYTES {
                return Err(OverCap::new(format!(
                    "bảng tính giải nén ra hơn {} MB, tối đa {} MB (workbook too large when inflated)",
                    mib(MAX_TOTAL_BYTES),
                    mib(MAX_TOTAL_BYTES)
                )));
            }
        }
    }
    Ok(())
}

/// The sheet whose XML is `part` (xlsx: through `xl/workbook.xml` and its
/// relationships), to name it in a message.
fn sheet_of_part<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, part: &str) -> Option<String> {
    let mut text = |name: &str| -> Option<String> {
        let f = zip.by_name(name).ok()?;
        let mut s = String::new();
        f.take(MAX_STYLES_BYTES).read_to_string(&mut s).ok()?;
        Some(s)
    };
    let book = text("xl/workbook.xml")?;
    let rels = text("xl/_rels/workbook.xml.rels")?;
    let attrs = |xml: &str, tag: &[u8]| -> Vec<Vec<(String, String)>> {
        let mut r = quick_xml::Reader::from_str(xml);
        let mut out = Vec::new();
        loop {
            match r.read_event() {
                Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e))
                    if e.local_name().as_ref() == tag =>
                {
                    out.push(
                        e.attributes()
                            .filter_map(|a| a.ok())
                            .map(|a| {
                                let k = String::from_utf8_lossy(a.key.local_name().as_ref())
                                    .into_owned();
                                let v = a
                                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                    .map(|v| v.into_owned())
                                    .unwrap_or_default();
                                (k, v)
                            })
                            .collect(),
                    )
                }
                Ok(quick_xml::events::Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        out
    };
    let get = |a: &[(String, String)], k: &str| {
        a.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone())
    };
    let file = part.rsplit('/').next()?;
    let id = attrs(&rels, b"Relationship").into_iter().find_map(|a| {
        let target = get(&a, "Target")?;
        (target.rsplit('/').next() == Some(file)).then(|| get(&a, "Id"))?
    })?;
    attrs(&book, b"sheet")
        .into_iter()
        .find(|a| get(a, "id").as_deref() == Some(id.as_str()))
        .and_then(|a| get(&a, "name"))
}

/// The cells a reader keeps, counted against the caps as they come.
#[derive(Debug, Default)]
pub struct Cells {
    kept: usize,
    text: usize,
}

impl Cells {
    /// May a sheet hold a value at 0-based (`row`, `col`)? Positions are
    /// u64: a repeat count can push them past u32.
    pub fn position(&self, sheet: &str, row: u64, col: u64) -> Result<(), OverCap> {
        if row >= u64::from(MAX_ROWS) {
            return Err(OverCap::at(
                sheet,
                None,
                format!(
                    "có dữ liệu ở dòng {}, tối đa {MAX_ROWS} dòng (too many rows: delete the rows below the data)",
                    row + 1
                ),
            ));
        }
        if col >= u64::from(MAX_COLUMNS) {
            return Err(OverCap::at(
                sheet,
                None,
                format!(
                    "có dữ liệu ở cột {}, tối đa {MAX_COLUMNS} cột (too many columns: delete the columns right of the data)",
                    col + 1
                ),
            ));
        }
        Ok(())
    }

    /// Keep `n` more bytes of text (a cell's, times its repeat count).
    pub fn keep_text(&mut self, sheet: &str, n: u64) -> Result<(), OverCap> {
        let total = (self.text as u64).saturating_add(n);
        if total > MAX_TEXT_BYTES as u64 {
            return Err(OverCap::at(
                sheet,
                None,
                format!(
                    "bảng tính có hơn {} MB chữ tính đến trang này, quá giới hạn (too much text)",
                    MAX_TEXT_BYTES / (1024 * 1024)
                ),
            ));
        }
        self.text = total as usize;
        Ok(())
    }

    /// Keep `n` more cells (a row's span, times its repeat count).
    pub fn keep(&mut self, sheet: &str, n: u64) -> Result<(), OverCap> {
        let total = (self.kept as u64).saturating_add(n);
        if total > MAX_CELLS as u64 {
            return Err(OverCap::at(
                sheet,
                None,
                format!(
                    "bảng tính có hơn {MAX_CELLS} ô tính đến trang này, quá giới hạn (too many cells)"
                ),
            ));
        }
        self.kept = total as usize;
        Ok(())
    }
}

/// The bytes of text a value holds.
pub fn text_len(raw: &Raw) -> u64 {
    match raw {
        Raw::Text(s) | Raw::Iso(s) | Raw::Error(s) => s.len() as u64,
        _ => 0,
    }
}

/// One sheet's cells, in any order, into a [`Grid`]: rows and cells are
/// only allocated for values, after [`Cells`] allowed them.
pub struct SheetBuilder<'a> {
    name: String,
    rows: Vec<Vec<Raw>>,
    cells: &'a mut Cells,
}

impl<'a> SheetBuilder<'a> {
    pub fn new(name: &str, cells: &'a mut Cells) -> Self {
        SheetBuilder {
            name: name.to_string(),
            rows: Vec::new(),
            cells,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Put `raw` at (`row`, `col`); an empty value is skipped.
    pub fn put(&mut self, row: u64, col: u64, raw: Raw) -> Result<(), OverCap> {
        if raw == Raw::Empty {
            return Ok(());
        }
        self.cells.position(&self.name, row, col)?;
        self.cells.keep_text(&self.name, text_len(&raw))?;
        let (r, c) = (row as usize, col as usize);
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        let cells = &mut self.rows[r];
        if cells.len() <= c {
            self.cells.keep(&self.name, (c + 1 - cells.len()) as u64)?;
            cells.resize(c + 1, Raw::Empty);
        }
        cells[c] = raw;
        Ok(())
    }

    /// Put a whole row `repeat` times from `row` on (an ods row repeated):
    /// checked as a whole before anything is copied.
    pub fn put_row(&mut self, row: u64, cells: Vec<Raw>, repeat: u64) -> Result<(), OverCap> {
        let Some(last) = cells.iter().rposition(|c| *c != Raw::Empty) else {
            return Ok(());
        };
        let repeat = repeat.max(1);
        self.cells
            .position(&self.name, row.saturating_add(repeat - 1), last as u64)?;
        let mut cells = cells;
        cells.truncate(last + 1);
        let start = row as usize;
        let end = start + repeat as usize;
        let text: u64 = cells.iter().map(text_len).sum();
        self.cells
            .keep_text(&self.name, text.saturating_mul(repeat))?;
        let mut kept = 0u64;
        for r in start..end {
            let have = self.rows.get(r).map_or(0, Vec::len);
            kept += (cells.len().max(have) - have) as u64;
        }
        self.cells.keep(&self.name, kept)?;
        if self.rows.len() < end {
            self.rows.resize_with(end, Vec::new);
        }
        for r in start..end {
            let target = &mut self.rows[r];
            if target.len() < cells.len() {
                target.resize(cells.len(), Raw::Empty);
            }
            for (c, v) in cells.iter().enumerate() {
                if *v != Raw::Empty {
                    target[c] = v.clone();
                }
            }
        }
        Ok(())
    }

    /// The grid, from its first used row and column.
    pub fn finish(self) -> Grid {
        let mut rows = self.rows;
        let top = rows.iter().position(|r| !r.is_empty()).unwrap_or(0);
        rows.drain(..top);
        let left = rows
            .iter()
            .filter_map(|r| r.iter().position(|c| *c != Raw::Empty))
            .min()
            .unwrap_or(0);
        if left > 0 {
            for r in &mut rows {
                r.drain(..left.min(r.len()));
            }
        }
        Grid {
            name: self.name,
            top: top as u32,
            left: left as u32,
            rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes) in parts {
            w.start_file(
                *name,
                zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated),
            )
            .unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn a_part_inflating_past_its_cap_is_refused() {
        let ok = zip_of(&[("xl/worksheets/sheet1.xml", b"<x/>")]);
        assert_eq!(check_zip(&ok), Ok(()));
        let big = vec![b' '; (MAX_STYLES_BYTES + 1) as usize];
        let e = check_zip(&zip_of(&[("xl/styles.xml", &big)])).unwrap_err();
        assert!(e.message.contains("xl/styles.xml"), "{e:?}");
        assert!(check_zip(b"not a zip").is_err());
    }

    #[test]
    fn positions_and_cells_are_capped() {
        let mut c = Cells::default();
        assert!(c.position("a", 0, 0).is_ok());
        assert!(c.position("a", u64::from(MAX_ROWS), 0).is_err());
        assert!(c
            .position("a", 0, 16383)
            .unwrap_err()
            .message
            .contains("16384"));
        assert!(c.keep("a", MAX_CELLS as u64).is_ok());
        assert_eq!(c.keep("b", 1).unwrap_err().sheet.as_deref(), Some("b"));
    }

    #[test]
    fn a_builder_starts_at_the_first_value_and_repeats_rows() {
        let mut cells = Cells::default();
        let mut b = SheetBuilder::new("s", &mut cells);
        b.put(3, 2, Raw::Text("a".into())).unwrap();
        b.put(1, 4, Raw::Number(1.0)).unwrap();
        b.put(9, 9, Raw::Empty).unwrap();
        b.put_row(
            5,
            vec![Raw::Empty, Raw::Empty, Raw::Bool(true), Raw::Empty],
            2,
        )
        .unwrap();
        let g = b.finish();
        assert_eq!((g.top, g.left), (1, 2));
        assert_eq!(g.rows.len(), 6);
        assert_eq!(g.rows[0], vec![Raw::Empty, Raw::Empty, Raw::Number(1.0)]);
        assert_eq!(g.rows[2], vec![Raw::Text("a".into())]);
        assert_eq!(g.rows[4], vec![Raw::Bool(true)]);
        assert_eq!(g.rows[5], vec![Raw::Bool(true)]);
        let mut b = SheetBuilder::new("s", &mut cells);
        let e = b
            .put_row(0, vec![Raw::Number(1.0)], 99_000_000)
            .unwrap_err();
        assert!(e.message.contains("dòng"), "{e:?}");
    }
}
