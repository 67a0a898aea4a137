//! An `.xls` (Excel 97-2003, BIFF in an OLE compound file) checked before
//! calamine reads it. calamine's `Xls` builds every sheet into a dense
//! range when it opens the file, so its memory follows the cells' extents
//! (a cell at A1 and one at IV65536: 16.7 M cells), and it reserves what a
//! DIMENSIONS record declares. So first, with our own bounded reader: the
//! compound file is read (chains bounded by the file's sector count), its
//! `Workbook` (or `Book`) stream taken out, and its BIFF records walked the
//! way calamine walks them (each sheet from its BOUNDSHEET offset to its
//! EOF, nested substreams skipped); each sheet's dense area, the count of
//! its cell records and what DIMENSIONS reserves are held to the caps of
//! [`bounds`]. An encrypted file (FILEPASS) is refused. Only the stream
//! checked is then handed to calamine, in a fresh one-stream container
//! ([`container`]), so calamine reads exactly the bytes counted.

use super::bounds::{Cells, OverCap};

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const FREESECT: u32 = 0xFFFF_FFFF;
const FATSECT: u32 = 0xFFFF_FFFD;
const MAX_REGULAR: u32 = 0xFFFF_FFFA;
const MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Why an .xls is not read: broken, or over a cap.
#[derive(Debug)]
pub enum XlsError {
    Bad(String),
    Cap(OverCap),
}

impl From<OverCap> for XlsError {
    fn from(e: OverCap) -> Self {
        XlsError::Cap(e)
    }
}

fn bad(m: &str) -> XlsError {
    XlsError::Bad(format!("tệp .xls hỏng: {m} (broken .xls)"))
}

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

/// The `Workbook` (else `Book`) stream of the compound file `file`.
pub fn workbook_stream(file: &[u8]) -> Result<Vec<u8>, XlsError> {
    if file.len() < 512 || file[..8] != MAGIC {
        return Err(bad(
            "không phải tệp Excel 97-2003 (not an OLE compound file)",
        ));
    }
    let shift = u16_at(file, 30).unwrap_or(0);
    if shift != 9 && shift != 12 {
        return Err(bad("kích thước sector lạ (bad sector size)"));
    }
    let size = 1usize << shift;
    let sectors = (file.len() / size).saturating_sub(1);
    let sector = |id: u32| -> Result<&[u8], XlsError> {
        let start = (id as usize + 1)
            .checked_mul(size)
            .ok_or_else(|| bad("sector ngoài tệp (sector past the end)"))?;
        file.get(start..start + size)
            .ok_or_else(|| bad("sector ngoài tệp (sector past the end)"))
    };
    // The FAT's sectors: 109 in the header, then the DIFAT chain.
    let mut fat_ids: Vec<u32> = (0..109).filter_map(|i| u32_at(file, 76 + 4 * i)).collect();
    let mut next = u32_at(file, 68).unwrap_or(ENDOFCHAIN);
    let mut steps = 0;
    while next < MAX_REGULAR {
        steps += 1;
        if steps > sectors {
            return Err(bad("chuỗi DIFAT lặp (DIFAT loop)"));
        }
        let s = sector(next)?;
        let n = size / 4 - 1;
        fat_ids.extend((0..n).filter_map(|i| u32_at(s, 4 * i)));
        next = u32_at(s, 4 * n).unwrap_or(ENDOFCHAIN);
    }
    let mut fat = Vec::new();
    for id in fat_ids.into_iter().filter(|id| *id < MAX_REGULAR) {
        if fat.len() > sectors + size / 4 {
            return Err(bad("bảng FAT quá lớn (FAT too large)"));
        }
        let s = sector(id)?;
        fat.extend((0..size / 4).filter_map(|i| u32_at(s, 4 * i)));
    }
    // A chain of pieces from `start`: `len` bytes (`usize::MAX`: to its end).
    let chain = |table: &[u32],
                 start: u32,
                 len: usize,
                 piece: &dyn Fn(u32) -> Result<Vec<u8>, XlsError>| {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0usize;
        while id < MAX_REGULAR && out.len() < len {
            steps += 1;
            if steps > table.len() + 1 {
                return Err(bad("chuỗi sector lặp (sector chain loop)"));
            }
            out.extend(piece(id)?);
            id = *table
                .get(id as usize)
                .ok_or_else(|| bad("sector ngoài bảng FAT (sector past the FAT)"))?;
        }
        if len != usize::MAX && out.len() < len {
            return Err(bad(
                "luồng ngắn hơn khai báo (stream shorter than declared)",
            ));
        }
        out.truncate(len);
        Ok(out)
    };
    let regular = |id: u32| sector(id).map(|s| s.to_vec());
    // The directory is read to its chain's end.
    let dir = chain(
        &fat,
        u32_at(file, 48).unwrap_or(ENDOFCHAIN),
        usize::MAX,
        &regular,
    )?;
    let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
    let name_of = |e: &[u8]| -> String {
        let units: Vec<u16> = (0..32).filter_map(|i| u16_at(e, 2 * i)).collect();
        let end = units.iter().position(|u| *u == 0).unwrap_or(units.len());
        String::from_utf16_lossy(&units[..end])
    };
    let length = |e: &[u8]| -> usize {
        if shift == 9 {
            u32_at(e, 120).unwrap_or(0) as usize
        } else {
            let lo = u32_at(e, 120).unwrap_or(0) as u64;
            let hi = u32_at(e, 124).unwrap_or(0) as u64;
            usize::try_from(lo | hi << 32).unwrap_or(usize::MAX)
        }
    };
    let entry = ["Workbook", "Book"]
        .iter()
        .find_map(|n| entries.iter().find(|e| name_of(e).eq_ignore_ascii_case(n)))
        .ok_or_else(|| bad("không có luồng Workbook (no Workbook stream)"))?;
    let len = length(entry);
    if len > file.len() {
        return Err(bad(
            "luồng Workbook dài hơn tệp (stream longer than the file)",
        ));
    }
    let start = u32_at(entry, 116).unwrap_or(ENDOFCHAIN);
    if len >= 4096 {
        return chain(&fat, start, len, &regular);
    }
    // A small stream lives in the mini stream (64-byte pieces).
    let root = entries
        .first()
        .ok_or_else(|| bad("thư mục rỗng (empty directory)"))?;
    let mini_len = length(root).min(file.len());
    let mini = chain(
        &fat,
        u32_at(root, 116).unwrap_or(ENDOFCHAIN),
        mini_len,
        &regular,
    )?;
    let minifat_len = (u32_at(file, 64).unwrap_or(0) as usize)
        .checked_mul(size)
        .filter(|n| *n <= file.len())
        .ok_or_else(|| bad("bảng MiniFAT quá lớn (MiniFAT too large)"))?;
    let minifat_bytes = chain(
        &fat,
        u32_at(file, 60).unwrap_or(ENDOFCHAIN),
        minifat_len,
        &regular,
    )?;
    let minifat: Vec<u32> = (0..minifat_bytes.len() / 4)
        .filter_map(|i| u32_at(&minifat_bytes, 4 * i))
        .collect();
    let piece = |id: u32| -> Result<Vec<u8>, XlsError> {
        let at = id as usize * 64;
        mini.get(at..at + 64)
            .map(|s| s.to_vec())
            .ok_or_else(|| bad("mini sector ngoài luồng (mini sector past the end)"))
    };
    chain(&minifat, start, len, &piece)
}

/// The extents a sheet's cell records cover.
#[derive(Default)]
struct Extent {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
    records: u64,
}

impl Extent {
    fn add(&mut self, row: u32, first: u32, last: u32) {
        let (a, b) = (first.min(last), first.max(last));
        self.rows = Some(
            self.rows
                .map_or((row, row), |(lo, hi)| (lo.min(row), hi.max(row))),
        );
        self.cols = Some(self.cols.map_or((a, b), |(lo, hi)| (lo.min(a), hi.max(b))));
        self.records += u64::from(b - a) + 1;
    }

    fn area(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1),
            _ => 0,
        }
    }
}

/// The records from `at` on: (type, data); an error if one runs past the end.
fn records(stream: &[u8], at: usize) -> impl Iterator<Item = Result<(u16, &[u8]), XlsError>> {
    let mut pos = at;
    std::iter::from_fn(move || {
        if pos + 4 > stream.len() {
            return None;
        }
        let typ = u16_at(stream, pos)?;
        let len = u16_at(stream, pos + 2)? as usize;
        let data = stream.get(pos + 4..pos + 4 + len);
        pos += 4 + len;
        Some(
            data.map(|d| (typ, d))
                .ok_or_else(|| bad("bản ghi vượt cuối luồng (record past the end)")),
        )
    })
}

/// A sheet's name from its BOUNDSHEET record (BIFF8 short string).
fn sheet_name(data: &[u8]) -> String {
    let n = data.get(6).copied().unwrap_or(0) as usize;
    let wide = data.get(7).is_some_and(|f| f & 1 == 1);
    if wide {
        let units: Vec<u16> = (0..n).filter_map(|i| u16_at(data, 8 + 2 * i)).collect();
        String::from_utf16_lossy(&units)
    } else {
        data.iter()
            .skip(8)
            .take(n)
            .map(|b| char::from(*b))
            .collect()
    }
}

/// Check the workbook stream against the caps before calamine reads it.
pub fn check(stream: &[u8]) -> Result<(), XlsError> {
    let mut sheets = Vec::new();
    for r in records(stream, 0) {
        let (typ, data) = r?;
        match typ {
            0x002F => {
                return Err(XlsError::Bad(
                    "tệp .xls được đặt mật khẩu (mã hoá): hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại (encrypted .xls: remove the password)".into(),
                ))
            }
            0x0085 => {
                let pos = u32_at(data, 0).ok_or_else(|| bad("BOUNDSHEET ngắn (short BOUNDSHEET)"))?;
                sheets.push((pos as usize, sheet_name(data)));
            }
            0x000A => break,
            _ => {}
        }
    }
    let mut area = Cells::default();
    let mut kept = Cells::default();
    for (pos, name) in sheets {
        if pos > stream.len() {
            return Err(bad(&format!(
                "trang {name} nằm ngoài luồng (sheet past the end)"
            )));
        }
        let mut extent = Extent::default();
        let mut reserved = 0u64;
        let mut seen_bof = false;
        let mut depth = 0usize;
        for r in records(stream, pos) {
            let (typ, d) = r?;
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let (row, col) = (u16_at(d, 0), u16_at(d, 2));
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                0x0200 => reserved = reserved.saturating_add(dimensions(d, &name)?),
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                    if let (Some(r), Some(c)) = (row, col) {
                        extent.add(u32::from(r), u32::from(c), u32::from(c));
                    }
                }
                0x00BD if d.len() >= 6 => {
                    if let (Some(r), Some(c), Some(last)) = (row, col, u16_at(d, d.len() - 2)) {
                        extent.add(u32::from(r), u32::from(c), u32::from(last));
                    }
                }
                _ => {}
            }
        }
        if let (Some((_, r)), Some((_, c))) = (extent.rows, extent.cols) {
            area.position(&name, u64::from(r), u64::from(c))?;
        }
        area.keep(&name, extent.area().saturating_add(reserved))?;
        kept.keep(&name, extent.records)?;
    }
    Ok(())
}

/// The cells a DIMENSIONS record makes calamine reserve (its parsing
/// mirrored); a range ending before it starts is refused.
fn dimensions(r: &[u8], sheet: &str) -> Result<u64, XlsError> {
    let (rf, rl, mut cf, cl) = match r.len() {
        10 => (
            u32::from(u16_at(r, 0).unwrap_or(0)),
            u32::from(u16_at(r, 2).unwrap_or(0)),
            u32::from(u16_at(r, 4).unwrap_or(0)),
            u32::from(u16_at(r, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(r, 0).unwrap_or(0),
            u32_at(r, 4).unwrap_or(0),
            u32::from(u16_at(r, 8).unwrap_or(0)),
            u32::from(u16_at(r, 10).unwrap_or(0)),
        ),
        _ => return Ok(0),
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    if rl < 1 || cl < 1 {
        return Ok(1);
    }
    let (r1, c1) = (rl - 1, cl - 1);
    if r1 < rf || c1 < cf {
        return Err(bad(&format!(
            "trang {sheet}: bản ghi DIMENSIONS sai (bad DIMENSIONS)"
        )));
    }
    Ok((u64::from(r1 - rf) + 1) * (u64::from(c1 - cf) + 1))
}

/// A compound file (version 4, 4096-byte sectors) holding `stream` as its
/// only stream, `Workbook`, padded with zeros to 4096 bytes so it is never
/// in a mini stream.
pub fn container(stream: &[u8]) -> Vec<u8> {
    const S: usize = 4096;
    let mut data = stream.to_vec();
    if data.len() < S {
        data.resize(S, 0);
    }
    let n = data.len().div_ceil(S);
    let mut f = 1;
    while (n + 1 + f).div_ceil(S / 4) > f {
        f += 1;
    }
    let mut out = vec![0u8; S];
    out[..8].copy_from_slice(&MAGIC);
    let put16 = |b: &mut [u8], i: usize, v: u16| b[i..i + 2].copy_from_slice(&v.to_le_bytes());
    let put32 = |b: &mut [u8], i: usize, v: u32| b[i..i + 4].copy_from_slice(&v.to_le_bytes());
    put16(&mut out, 24, 0x3E);
    put16(&mut out, 26, 4);
    put16(&mut out, 28, 0xFFFE);
    put16(&mut out, 30, 12);
    put16(&mut out, 32, 6);
    put32(&mut out, 40, 1);
    put32(&mut out, 44, f as u32);
    put32(&mut out, 48, n as u32);
    put32(&mut out, 56, 4096);
    put32(&mut out, 60, ENDOFCHAIN);
    put32(&mut out, 68, ENDOFCHAIN);
    for i in 0..109 {
        let v = if i < f { (n + 1 + i) as u32 } else { FREESECT };
        put32(&mut out, 76 + 4 * i, v);
    }
    out.extend_from_slice(&data);
    out.resize((n + 1) * S, 0);
    // The directory: the root, then `Workbook`.
    let mut dir = vec![0u8; S];
    for (i, name, typ, child, start, len) in [
        (0usize, "Root Entry", 5u8, 1u32, 0u32, 0u64),
        (1, "Workbook", 2, FREESECT, 0, data.len() as u64),
    ] {
        let e = &mut dir[128 * i..128 * (i + 1)];
        let units: Vec<u16> = name.encode_utf16().collect();
        for (k, u) in units.iter().enumerate() {
            put16(e, 2 * k, *u);
        }
        put16(e, 64, ((units.len() + 1) * 2) as u16);
        e[66] = typ;
        e[67] = 1;
        put32(e, 68, FREESECT);
        put32(e, 72, FREESECT);
        put32(e, 76, child);
        put32(e, 116, start);
        e[120..128].copy_from_slice(&len.to_le_bytes());
    }
    for i in 2..S / 128 {
        let e = &mut dir[128 * i..128 * (i + 1)];
        put32(e, 68, FREESECT);
        put32(e, 72, FREESECT);
        put32(e, 76, FREESECT);
    }
    out.extend_from_slice(&dir);
    let mut fat = vec![FREESECT; f * S / 4];
    for (i, v) in fat.iter_mut().enumerate().take(n) {
        *v = if i + 1 < n {
            (i + 1) as u32
        } else {
            ENDOFCHAIN
        };
    }
    fat[n] = ENDOFCHAIN;
    for v in fat.iter_mut().skip(n + 1).take(f) {
        *v = FATSECT;
    }
    for v in fat {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out
}
