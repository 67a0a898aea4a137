//! Deflate with a reused compressor, shared by both writers (DOCX parts are
//! raw deflate, PDF streams zlib): a new `Compress` allocates and clears some
//! 300 KB of state, so each thread keeps its own and resets it per use.

use flate2::{Compress, FlushCompress, Status};

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
