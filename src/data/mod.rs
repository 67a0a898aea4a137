//! Data stage: YAML -> typed model, NFC normalisation, validation. (issue #2)
//!
//! [`load_file`] / [`load_str`] read a data file (format: `docs/data-format.md`)
//! into a [`Dataset`]. Every string is NFC-normalised, no-break spaces
//! become spaces, and tone marks follow `van_ban.kieu_dau` ([`dau`]). Errors carry file, line, column and field
//! path; unknown keys suggest the nearest known key. Semantic consistency
//! (sums, percentages, impossible values) is [`crate::stats::check`]'s job.

mod chuc;
pub mod dau;
mod error;
mod guard;
pub mod locate;
mod model;
pub mod sheet;
mod values;
mod yaml;

use std::path::Path;

use unicode_normalization::UnicodeNormalization;

pub use error::{nearest, DataError, SheetPlace};
pub use model::*;
pub use values::{Ngay, PhanTram, TiLeNeu};

/// The largest data file accepted (16 MiB): 10,000 wards take 5 MB; a
/// larger file is a mistake (a wrong file, a pasted dump) and would only
/// make every later stage slow.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The deepest nesting of `[...]` / `{...}` accepted: the format needs 4.
/// libyaml takes quadratic time on deep flow nesting, so it is refused
/// before parsing.
pub const MAX_FLOW_DEPTH: usize = 64;

fn too_large(file: &str, size: u64) -> DataError {
    DataError::Io {
        file: file.to_string(),
        error: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "tệp quá lớn: {:.1} MB, tối đa {} MB (file too large)",
                size as f64 / (1024.0 * 1024.0),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ),
    }
}

/// Why [`read_bounded`] failed.
#[derive(Debug)]
pub enum Bounded {
    /// Larger than allowed: its size (or at least that much, for a device
    /// like `/dev/zero` that never ends).
    TooLarge(u64),
    Io(std::io::Error),
}

/// Read a whole file of at most `max` bytes. A bigger file, or an endless
/// one (`/dev/zero`), is refused without being read into memory.
pub fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, Bounded> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(Bounded::Io)?;
    let meta = f.metadata().map_err(Bounded::Io)?;
    if meta.is_dir() {
        return Err(Bounded::Io(std::io::Error::other(
            "là một thư mục (is a directory)",
        )));
    }
    if meta.len() > max {
        return Err(Bounded::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    f.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(Bounded::Io)?;
    if bytes.len() as u64 > max {
        return Err(Bounded::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

impl std::fmt::Display for Bounded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Bounded::TooLarge(n) => write!(f, "file too large ({n} bytes or more)"),
            Bounded::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Load a data file: YAML, or a workbook (`.xlsx`, `.xlsm`, `.xls`,
/// `.xlsb`, `.ods`) or a folder of CSV files ([`sheet`]).
pub fn load_file(path: &Path) -> Result<Dataset, DataError> {
    if sheet::is_sheet_input(path) {
        return sheet::load(path);
    }
    let file = path.display().to_string();
    let io = |error| DataError::Io {
        file: file.clone(),
        error,
    };
    let bytes = read_bounded(path, MAX_FILE_BYTES).map_err(|e| match e {
        Bounded::TooLarge(size) => too_large(&file, size),
        Bounded::Io(e) => io(e),
    })?;
    // UTF-8 is taken as is (no copy: a 16 MiB file is one buffer, not two).
    let utf16 = matches!(bytes.get(..2), Some([0xff, 0xfe] | [0xfe, 0xff]));
    let (decoded, bytes) = if utf16 {
        (decode(&bytes), bytes)
    } else {
        match String::from_utf8(bytes) {
            Ok(text) => (Ok(text), Vec::new()),
            Err(e) => (Err(e.utf8_error().valid_up_to()), e.into_bytes()),
        }
    };
    let text = decoded.map_err(|at| {
        let before = &bytes[..at.min(bytes.len())];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        let binary = bytes.iter().take(8192).any(|b| *b == 0);
        DataError::Io {
            file: file.clone(),
            error: std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "tệp không phải văn bản UTF-8 hay UTF-16: byte {at} (dòng {line}, cột {column}){}",
                    if binary {
                        "; có vẻ là tệp nhị phân (a binary file?)"
                    } else {
                        "; hãy lưu tệp với mã UTF-8 (save the file as UTF-8)"
                    }
                ),
            ),
        }
    })?;
    load_str(&text, &file)
}

/// UTF-8, or UTF-16 with a byte-order mark (Windows Notepad's "Unicode").
/// The error is the offset of the first bad byte.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, usize> {
    let utf16 = |be: bool| {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| {
                let pair = [c[0], *c.get(1).unwrap_or(&0)];
                if be {
                    u16::from_be_bytes(pair)
                } else {
                    u16::from_le_bytes(pair)
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| 2)
    };
    match bytes.get(..2) {
        Some([0xff, 0xfe]) => utf16(false),
        Some([0xfe, 0xff]) => utf16(true),
        _ => std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|e| e.valid_up_to()),
    }
}

/// Load data from text; `file_name` is used in messages.
pub fn load_str(text: &str, file_name: &str) -> Result<Dataset, DataError> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(file_name, text.len() as u64));
    }
    yaml::load(normalize_cow(text), file_name)
}

/// Wards in their `thu_tu` order when every ward has one, else as given.
pub(crate) fn order_wards(data: &mut Dataset) {
    if data.don_vi.iter().all(|w| w.thu_tu.is_some()) {
        data.don_vi.sort_by_key(|w| w.thu_tu);
    }
}

/// NFC, no BOM, no-break and other fixed-width spaces turned into spaces.
pub fn normalize(text: &str) -> String {
    normalize_cow(text).into_owned()
}

/// [`normalize`], borrowing `text` when it is normalised already.
fn normalize_cow(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.trim_start_matches('\u{feff}');
    // Most files are NFC already: checking is much cheaper than composing.
    let fixed_spaces = ['\u{a0}', '\u{2007}', '\u{202f}'];
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
        && !text.contains(fixed_spaces)
    {
        return std::borrow::Cow::Borrowed(text);
    }
    text.nfc()
        .map(|c| match c {
            '\u{a0}' | '\u{2007}' | '\u{202f}' => ' ',
            c => c,
        })
        .collect()
}

/// serde's common messages in Vietnamese ("invalid type: string \"tám\", expected u32").
pub(crate) fn translate(message: &str) -> String {
    const WORDS: [(&str, &str); 17] = [
        ("duplicate field ", "khóa lặp lại (duplicate key) "),
        ("invalid type: ", "sai kiểu: "),
        ("invalid value: ", "giá trị không hợp lệ: "),
        ("unknown variant ", "giá trị không hợp lệ "),
        ("expected one of ", "cần một trong "),
        ("expected u32", "cần số nguyên không âm"),
        ("expected i32", "cần số nguyên"),
        ("expected a boolean", "cần true hoặc false"),
        ("expected a string", "cần văn bản"),
        ("expected a sequence", "cần một danh sách (- ...)"),
        ("expected struct ", "cần một bảng khóa: giá trị "),
        ("expected a map", "cần một bảng khóa: giá trị"),
        ("integer ", "số nguyên "),
        ("string ", "văn bản "),
        ("sequence", "danh sách"),
        ("` or `", "` hoặc `"),
        ("expected ", "cần "),
    ];
    let mut m = message.to_string();
    for (en, vi) in WORDS {
        m = m.replace(en, vi);
    }
    m
}
