//! Deflate with a reused compressor, shared by both writers (DOCX parts are
//! raw deflate, PDF streams zlib): a new `Compress` allocates and clears some
//! 300 KB of state, so each thread keeps its own and resets it per use.
//! [`compress_memo`] also remembers recent inputs: the parts that are the
//! same in every report of a batch (DOCX styles, settings, theme, font table)
//! are deflated once per thread instead of once per report.

use std::cell::RefCell;

use flate2::{Compress, FlushCompress, Status};

/// Inputs remembered per thread, and the largest one remembered.
const MEMO_ENTRIES: usize = 24;
const MEMO_MAX_BYTES: usize = 256 * 1024;

struct Memo {
    /// (compressor kind, input, output, last use).
    entries: Vec<(u32, Vec<u8>, Vec<u8>, u64)>,
    clock: u64,
}

thread_local! {
    static MEMO: RefCell<Memo> = const { RefCell::new(Memo { entries: Vec::new(), clock: 0 }) };
}

/// [`compress_all`], answered from memory when this thread deflated the
/// same bytes with the same kind of compressor (`kind`: the caller's name
/// for level and format) recently. The input is compared whole: a hit is
/// the same bytes, so the output is the same.
pub fn compress_memo(z: &mut Compress, kind: u32, bytes: &[u8]) -> Vec<u8> {
    if bytes.len() > MEMO_MAX_BYTES {
        return compress_all(z, bytes);
    }
    let hit = MEMO.with(|m| {
        let mut m = m.borrow_mut();
        m.clock += 1;
        let now = m.clock;
        m.entries
            .iter_mut()
            .find(|(k, input, ..)| *k == kind && input.as_slice() == bytes)
            .map(|e| {
                e.3 = now;
                e.2.clone()
            })
    });
    if let Some(out) = hit {
        return out;
    }
    let out = compress_all(z, bytes);
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        let now = m.clock;
        if m.entries.len() >= MEMO_ENTRIES {
            if let Some(oldest) = (0..m.entries.len()).min_by_key(|&i| m.entries[i].3) {
                m.entries.swap_remove(oldest);
            }
        }
        m.entries.push((kind, bytes.to_vec(), out.clone(), now));
    });
    out
}

/// Reset `z` and compress all of `bytes` with it.
pub fn compress_all(z: &mut Compress, bytes: &[u8]) -> Vec<u8> {
    z.reset();
    let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
    loop {
        let consumed = z.total_in() as usize;
        if out.capacity() - out.len() < 64 {
            out.reserve(out.capacity().max(1024));
        }
        match z.compress_vec(&bytes[consumed..], &mut out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) => break,
            Ok(_) => {}
            Err(_) => unreachable!("deflate of an in-memory buffer cannot fail"),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn remembered_output_is_the_deflate_of_the_same_bytes() {
        let mut z = flate2::Compress::new(flate2::Compression::new(6), false);
        let a = "<w:styles>kiểu chữ</w:styles>".repeat(50);
        let b = "<w:styles>kiểu chữ</w:styleX>".repeat(50);
        let first = super::compress_memo(&mut z, 6, a.as_bytes());
        let other = super::compress_memo(&mut z, 6, b.as_bytes());
        assert_ne!(first, other);
        assert_eq!(super::compress_memo(&mut z, 6, a.as_bytes()), first);
        assert_eq!(super::compress_all(&mut z, a.as_bytes()), first);
        // Another kind of compressor is not answered from the first's memory.
        let mut z9 = flate2::Compress::new(flate2::Compression::new(1), false);
        assert_eq!(
            super::compress_memo(&mut z9, 1, a.as_bytes()),
            super::compress_all(&mut z9, a.as_bytes())
        );
    }

    #[test]
    fn round_trips_and_reuses_the_compressor() {
        use std::io::Read;
        let mut z = flate2::Compress::new(flate2::Compression::new(3), true);
        let text = "Đảng bộ thị xã Kỳ Anh ".repeat(500);
        for _ in 0..2 {
            let packed = super::compress_all(&mut z, text.as_bytes());
            let mut back = String::new();
            flate2::read::ZlibDecoder::new(&packed[..])
                .read_to_string(&mut back)
                .unwrap();
            assert_eq!(back, text);
        }
    }
}
