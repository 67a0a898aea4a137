//! Deflate for both writers (DOCX parts are raw deflate, PDF streams zlib),
//! with libdeflate: it compresses a whole buffer at once, so there is no
//! streaming state to allocate and clear per use (zlib's ~300 KB, cleared on
//! every reset, was a fifth of the deflate cost on small streams), and it is
//! faster than zlib at the same level. One compressor per level is kept per
//! thread.
//!
//! [`raw_memo`] also remembers recent inputs: the parts that are the same in
//! every report of a batch (DOCX styles, settings, theme, font table) are
//! deflated once per thread instead of once per report.

use std::cell::RefCell;

use libdeflater::{CompressionLvl, Compressor};

/// Inputs remembered per thread, and the largest one remembered.
const MEMO_ENTRIES: usize = 24;
const MEMO_MAX_BYTES: usize = 256 * 1024;

/// The two container formats.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    /// Raw deflate (zip entries).
    Raw,
    /// zlib (PDF FlateDecode).
    Zlib,
}

/// (format, level, input, output, last use).
type MemoEntry = (Format, u32, Vec<u8>, Vec<u8>, u64);

struct Memo {
    entries: Vec<MemoEntry>,
    clock: u64,
}

thread_local! {
    static MEMO: RefCell<Memo> = const { RefCell::new(Memo { entries: Vec::new(), clock: 0 }) };
    /// Compressors by level 0..=12, created on first use.
    static COMPRESSORS: RefCell<Vec<Option<Compressor>>> =
        RefCell::new((0..=12).map(|_| None).collect());
}

fn compress(format: Format, level: u32, bytes: &[u8]) -> Vec<u8> {
    let level = level.min(12);
    COMPRESSORS.with(|c| {
        let mut c = c.borrow_mut();
        let z = c[level as usize].get_or_insert_with(|| {
            let lvl = CompressionLvl::new(level as i32).unwrap_or_default();
            Compressor::new(lvl)
        });
        let bound = match format {
            Format::Raw => z.deflate_compress_bound(bytes.len()),
            Format::Zlib => z.zlib_compress_bound(bytes.len()),
        };
        let mut out = vec![0u8; bound];
        let n = match format {
            Format::Raw => z.deflate_compress(bytes, &mut out),
            Format::Zlib => z.zlib_compress(bytes, &mut out),
        }
        .expect("the output buffer is the compressor's own bound");
        out.truncate(n);
        out
    })
}

/// Raw deflate of `bytes` at `level` (0-12; libdeflate's levels, 6 being
/// zlib's default).
pub fn raw(level: u32, bytes: &[u8]) -> Vec<u8> {
    compress(Format::Raw, level, bytes)
}

/// zlib-format deflate of `bytes` at `level` (0-12).
pub fn zlib(level: u32, bytes: &[u8]) -> Vec<u8> {
    compress(Format::Zlib, level, bytes)
}

/// [`raw`], answered from memory when this thread deflated the same bytes
/// at the same level recently. The input is compared whole: a hit is the
/// same bytes, so the output is the same.
pub fn raw_memo(level: u32, bytes: &[u8]) -> Vec<u8> {
    if bytes.len() > MEMO_MAX_BYTES {
        return raw(level, bytes);
    }
    let hit = MEMO.with(|m| {
        let mut m = m.borrow_mut();
        m.clock += 1;
        let now = m.clock;
        m.entries
            .iter_mut()
            .find(|(f, l, input, ..)| *f == Format::Raw && *l == level && input.as_slice() == bytes)
            .map(|e| {
                e.4 = now;
                e.3.clone()
            })
    });
    if let Some(out) = hit {
        return out;
    }
    let out = raw(level, bytes);
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        let now = m.clock;
        if m.entries.len() >= MEMO_ENTRIES {
            if let Some(oldest) = (0..m.entries.len()).min_by_key(|&i| m.entries[i].4) {
                m.entries.swap_remove(oldest);
            }
        }
        m.entries
            .push((Format::Raw, level, bytes.to_vec(), out.clone(), now));
    });
    out
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    #[test]
    fn remembered_output_is_the_deflate_of_the_same_bytes() {
        let a = "<w:styles>kiểu chữ</w:styles>".repeat(50);
        let b = "<w:styles>kiểu chữ</w:styleX>".repeat(50);
        let first = super::raw_memo(6, a.as_bytes());
        let other = super::raw_memo(6, b.as_bytes());
        assert_ne!(first, other);
        assert_eq!(super::raw_memo(6, a.as_bytes()), first);
        assert_eq!(super::raw(6, a.as_bytes()), first);
        // Another level is not answered from the first's memory.
        assert_eq!(
            super::raw_memo(1, a.as_bytes()),
            super::raw(1, a.as_bytes())
        );
        let mut back = String::new();
        flate2::read::DeflateDecoder::new(&first[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, a);
    }

    #[test]
    fn zlib_round_trips_at_every_level() {
        let text = "Đảng bộ thị xã Kỳ Anh ".repeat(500);
        for level in [0, 1, 2, 3, 6, 9, 12] {
            let packed = super::zlib(level, text.as_bytes());
            let mut back = String::new();
            flate2::read::ZlibDecoder::new(&packed[..])
                .read_to_string(&mut back)
                .unwrap();
            assert_eq!(back, text, "level {level}");
        }
        assert!(super::zlib(0, b"").len() >= 2);
    }
}
