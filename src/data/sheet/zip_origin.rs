//! The workbook `chuyen` and `init` write is the same file on every system.
//!
//! rust_xlsxwriter packs the workbook with the `zip` crate, which records in
//! each central directory entry the system that wrote it ("version made by",
//! high byte): 3 (Unix) on Linux, 0 (MS-DOS) on Windows. That byte was the
//! only difference between the Linux build's and `baocao.exe`'s workbooks
//! (38 entries, one byte each; tests/ci/windows-wine.sh). The attributes
//! themselves are Unix ones on both (0o100600), so the entries say Unix.

/// End of central directory record, without a comment.
const EOCD: [u8; 4] = *b"PK\x05\x06";
/// Central directory file header.
const CDH: [u8; 4] = *b"PK\x01\x02";
/// "Version made by" high byte for Unix.
const UNIX: u8 = 3;

fn u16_at(b: &[u8], i: usize) -> Option<usize> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?) as usize)
}

fn u32_at(b: &[u8], i: usize) -> Option<usize> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?) as usize)
}

/// Mark every entry of `zip` as made on Unix. A zip not laid out as the
/// writer lays it out (a comment, a zip64 record) is returned unchanged.
pub fn made_on_unix(mut zip: Vec<u8>) -> Vec<u8> {
    let Some(end) = zip.len().checked_sub(22) else {
        return zip;
    };
    if zip[end..end + 4] != EOCD || zip[end + 20..] != [0, 0] {
        return zip;
    }
    let (Some(count), Some(start)) = (u16_at(&zip, end + 10), u32_at(&zip, end + 16)) else {
        return zip;
    };
    // Find every header first: a zip that is not as expected is left alone.
    let mut heads = Vec::with_capacity(count);
    let mut p = start;
    for _ in 0..count {
        if zip.get(p..p + 4) != Some(&CDH[..]) || p + 46 > end {
            return zip;
        }
        heads.push(p);
        let names = [28, 30, 32].map(|o| u16_at(&zip, p + o).unwrap_or(usize::MAX));
        p = match names.iter().try_fold(p + 46, |acc, n| acc.checked_add(*n)) {
            Some(next) if next <= end => next,
            _ => return zip,
        };
    }
    if p != end {
        return zip;
    }
    for h in heads {
        zip[h + 5] = UNIX;
    }
    zip
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_made_by(system: zip9::System) -> Vec<u8> {
        use std::io::Write;
        let mut z = zip9::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let o = zip9::write::SimpleFileOptions::default()
            .system(system)
            .unix_permissions(0o600)
            .last_modified_time(zip9::DateTime::default());
        for (name, text) in [("a.xml", "một"), ("xl/b.xml", "hai ba")] {
            z.start_file(name, o).unwrap();
            z.write_all(text.as_bytes()).unwrap();
        }
        z.finish().unwrap().into_inner()
    }

    #[test]
    fn a_zip_written_on_windows_becomes_the_one_written_on_linux() {
        let dos = zip_made_by(zip9::System::Dos);
        let unix = zip_made_by(zip9::System::Unix);
        assert_ne!(dos, unix);
        assert_eq!(made_on_unix(dos), unix);
        assert_eq!(made_on_unix(unix.clone()), unix);
    }

    #[test]
    fn anything_else_is_left_as_it_is() {
        let mut with_comment = zip_made_by(zip9::System::Dos);
        let n = with_comment.len();
        with_comment[n - 2] = 3; // a comment length with no comment
        assert_eq!(made_on_unix(with_comment.clone()), with_comment);
        for junk in [vec![], b"PK\x05\x06".to_vec(), vec![0u8; 100]] {
            assert_eq!(made_on_unix(junk.clone()), junk);
        }
        let mut cut = zip_made_by(zip9::System::Dos);
        let n = cut.len();
        cut[n - 6] = 0xff; // the directory's start beyond the file
        assert_eq!(made_on_unix(cut.clone()), cut);
    }
}
