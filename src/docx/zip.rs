//! A minimal deterministic zip writer for the package: every entry deflated,
//! fixed timestamp, entries in the order given. It exists because the `zip`
//! crate allocates and zeroes a fresh deflate state (hundreds of KB) for
//! every entry; here [`crate::deflate`] compresses each entry whole, and an
//! entry deflated earlier (a cached font part) is copied in raw.

/// An entry's data, already deflated.
#[derive(Debug, Clone)]
pub struct Deflated {
    pub crc: u32,
    pub size: u32,
    pub data: Vec<u8>,
}

/// Raw deflate of `bytes` at `level` (libdeflate's 0-12).
pub fn deflate(bytes: &[u8], level: u32) -> Deflated {
    let data = crate::deflate::raw_memo(level, bytes);
    Deflated {
        crc: crc32fast::hash(bytes),
        size: bytes.len() as u32,
        data,
    }
}

/// Writes entries into a zip archive in memory.
pub struct ZipOut {
    buf: Vec<u8>,
    central: Vec<u8>,
    entries: u16,
    time: u16,
    date: u16,
}

impl ZipOut {
    /// `date`: (year, month, day) stamped on every entry at 00:00:00.
    pub fn new(date: (i32, u32, u32), capacity: usize) -> ZipOut {
        let (y, m, d) = date;
        let year = (y.clamp(1980, 2107) - 1980) as u16;
        ZipOut {
            buf: Vec::with_capacity(capacity),
            central: Vec::new(),
            entries: 0,
            time: 0,
            date: year << 9 | (m.clamp(1, 12) as u16) << 5 | d.clamp(1, 31) as u16,
        }
    }

    /// Add `bytes` deflated at `level`.
    pub fn add(&mut self, name: &str, bytes: &[u8], level: u32) {
        let d = deflate(bytes, level);
        self.add_deflated(name, &d);
    }

    /// Add an entry deflated beforehand.
    pub fn add_deflated(&mut self, name: &str, d: &Deflated) {
        let offset = self.buf.len() as u32;
        let name = name.as_bytes();
        let common = |v: &mut Vec<u8>, time: u16, date: u16| {
            v.extend(20u16.to_le_bytes()); // version needed: 2.0 (deflate)
            v.extend(0u16.to_le_bytes()); // flags
            v.extend(8u16.to_le_bytes()); // deflate
            v.extend(time.to_le_bytes());
            v.extend(date.to_le_bytes());
            v.extend(d.crc.to_le_bytes());
            v.extend((d.data.len() as u32).to_le_bytes());
            v.extend(d.size.to_le_bytes());
            v.extend((name.len() as u16).to_le_bytes());
            v.extend(0u16.to_le_bytes()); // extra length
        };
        self.buf.extend(0x0403_4b50u32.to_le_bytes());
        common(&mut self.buf, self.time, self.date);
        self.buf.extend(name);
        self.buf.extend(&d.data);

        self.central.extend(0x0201_4b50u32.to_le_bytes());
        self.central.extend(0x0314u16.to_le_bytes()); // made by: Unix, 2.0
        common(&mut self.central, self.time, self.date);
        self.central.extend(0u16.to_le_bytes()); // comment length
        self.central.extend(0u16.to_le_bytes()); // disk
        self.central.extend(0u16.to_le_bytes()); // internal attributes
        self.central.extend((0o100644u32 << 16).to_le_bytes()); // -rw-r--r--
        self.central.extend(offset.to_le_bytes());
        self.central.extend(name);
        self.entries += 1;
    }

    /// The archive's bytes.
    pub fn finish(mut self) -> Vec<u8> {
        let offset = self.buf.len() as u32;
        let size = self.central.len() as u32;
        self.buf.append(&mut self.central);
        self.buf.extend(0x0605_4b50u32.to_le_bytes());
        self.buf.extend(0u16.to_le_bytes());
        self.buf.extend(0u16.to_le_bytes());
        self.buf.extend(self.entries.to_le_bytes());
        self.buf.extend(self.entries.to_le_bytes());
        self.buf.extend(size.to_le_bytes());
        self.buf.extend(offset.to_le_bytes());
        self.buf.extend(0u16.to_le_bytes());
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_zip_crate_reads_it_back() {
        let big: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut z = ZipOut::new((2019, 8, 15), 0);
        z.add("a.xml", b"<a>hello hello hello</a>", 6);
        z.add("dir/b.bin", &big, 2);
        z.add("empty", b"", 6);
        let pre = deflate(b"raw copy", 9);
        z.add_deflated("c.txt", &pre);
        let bytes = z.finish();
        let mut a = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let want: [(&str, &[u8]); 4] = [
            ("a.xml", b"<a>hello hello hello</a>"),
            ("dir/b.bin", &big),
            ("empty", b""),
            ("c.txt", b"raw copy"),
        ];
        for (i, (name, data)) in want.iter().enumerate() {
            let mut f = a.by_index(i).unwrap();
            assert_eq!(f.name(), *name);
            assert_eq!(f.compression(), ::zip::CompressionMethod::Deflated);
            let mut got = Vec::new();
            f.read_to_end(&mut got).unwrap();
            assert_eq!(&got, data);
            let t = f.last_modified().unwrap();
            assert_eq!((t.year(), t.month(), t.day()), (2019, 8, 15));
        }
    }
}
