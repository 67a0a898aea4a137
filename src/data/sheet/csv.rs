//! A folder of CSV files, one per sheet (`van_ban.csv`, `chi_bo.csv`, ...)
//! -> [`Grid`]s, with the `csv` crate. UTF-8 (with or without BOM) or
//! UTF-16 with BOM; the separator is `,`, `;` or tab, whichever the first
//! line uses most (Excel in a Vietnamese locale saves with `;`).

use std::path::Path;

use super::{Grid, Raw};
use crate::data::{read_bounded, Bounded, DataError, MAX_FILE_BYTES};

/// Every `*.csv` file of `dir`, by name.
pub fn grids(dir: &Path) -> Result<Vec<Grid>, DataError> {
    let io = |file: &Path, error: std::io::Error| DataError::Io {
        file: file.display().to_string(),
        error,
    };
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| io(dir, e))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(io(
            dir,
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "là một thư mục không có tệp .csv nào (van_ban.csv, dang_bo.csv, ...) (is a directory with no CSV files)",
            ),
        ));
    }
    let mut total = 0u64;
    let mut out = Vec::new();
    for path in files {
        let bytes = read_bounded(&path, MAX_FILE_BYTES).map_err(|e| match e {
            Bounded::TooLarge(n) => io(
                &path,
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("tệp quá lớn ({n} byte)"),
                ),
            ),
            Bounded::Io(e) => io(&path, e),
        })?;
        total += bytes.len() as u64;
        if total > MAX_FILE_BYTES {
            return Err(io(
                dir,
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("các tệp CSV quá lớn, tối đa {} MB", MAX_FILE_BYTES >> 20),
                ),
            ));
        }
        let text = decode(&bytes).ok_or_else(|| {
            io(
                &path,
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "tệp không phải văn bản UTF-8; hãy lưu dạng \"CSV UTF-8\" (save as CSV UTF-8)",
                ),
            )
        })?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let rows = parse(&text).map_err(|e| {
            io(
                &path,
                std::io::Error::new(std::io::ErrorKind::InvalidData, e),
            )
        })?;
        out.push(Grid {
            name,
            top: 0,
            left: 0,
            rows,
        });
    }
    Ok(out)
}

/// The data files' decoding (UTF-8 or UTF-16 with a byte-order mark), less a
/// UTF-8 byte-order mark (Excel's "CSV UTF-8").
fn decode(bytes: &[u8]) -> Option<String> {
    crate::data::decode(bytes)
        .ok()
        .map(|s| s.trim_start_matches('\u{feff}').to_string())
}

fn parse(text: &str) -> Result<Vec<Vec<Raw>>, String> {
    let first = text.lines().next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("dòng {}: {e}", i + 1))?;
        let mut cells: Vec<Raw> = record
            .iter()
            .map(|s| {
                if s.trim().is_empty() {
                    Raw::Empty
                } else {
                    Raw::Text(s.to_string())
                }
            })
            .collect();
        while cells.last() == Some(&Raw::Empty) {
            cells.pop();
        }
        rows.push(cells);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_quotes() {
        let rows = parse("Mục;Giá trị\n\"Nơi nhận\";\"a; b\"\n").unwrap();
        assert_eq!(rows[1][1], Raw::Text("a; b".into()));
        let rows = parse("a,b,,\n1,\"x\ny\"\n").unwrap();
        assert_eq!(rows[0].len(), 2);
        assert_eq!(rows[1][1], Raw::Text("x\ny".into()));
    }
}
