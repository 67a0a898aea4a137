//! PDF syntax straight into a byte buffer: numbered objects, the
//! cross-reference table and the trailer, and the few token forms the
//! writer needs (numbers, names, text strings, deflated streams). Numbers
//! are formatted by hand: a page carries thousands of them.

/// A PDF file being written: objects are numbered up front and written in
/// any order; the cross-reference table records where each one starts.
pub struct Out {
    pub buf: Vec<u8>,
    /// Byte offset of each object (index = object number - 1).
    offsets: Vec<Option<usize>>,
}

impl Default for Out {
    fn default() -> Out {
        Out::new()
    }
}

/// An object number (generation 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Id(pub u32);

impl Out {
    pub fn new() -> Out {
        let mut buf = Vec::with_capacity(64 * 1024);
        // The binary comment tells transfer tools the file is not text.
        buf.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        Out {
            buf,
            offsets: Vec::new(),
        }
    }

    /// A new object number, to be written later with [`Out::begin`].
    pub fn alloc(&mut self) -> Id {
        self.offsets.push(None);
        Id(self.offsets.len() as u32)
    }

    /// Start object `id`: `N 0 obj`.
    pub fn begin(&mut self, id: Id) {
        self.offsets[id.0 as usize - 1] = Some(self.buf.len());
        int(&mut self.buf, id.0 as i64);
        self.buf.extend_from_slice(b" 0 obj\n");
    }

    pub fn end(&mut self) {
        self.buf.extend_from_slice(b"\nendobj\n");
    }

    /// A whole dictionary object.
    pub fn dict(&mut self, id: Id, body: &[u8]) {
        self.begin(id);
        self.buf.extend_from_slice(b"<<");
        self.buf.extend_from_slice(body);
        self.buf.extend_from_slice(b">>");
        self.end();
    }

    /// A stream object: `dict` holds the keys other than `/Length`.
    pub fn stream(&mut self, id: Id, dict: &[u8], data: &[u8]) {
        self.begin(id);
        self.buf.extend_from_slice(b"<<");
        self.buf.extend_from_slice(dict);
        self.buf.extend_from_slice(b"/Length ");
        int(&mut self.buf, data.len() as i64);
        self.buf.extend_from_slice(b">>\nstream\n");
        self.buf.extend_from_slice(data);
        self.buf.extend_from_slice(b"\nendstream");
        self.end();
    }

    /// A stream deflated when that makes it smaller (`dict` without
    /// `/Length` and `/Filter`). Under 1 KB it is stored: resetting the
    /// compressor costs more than the few bytes saved.
    pub fn deflated_stream(&mut self, id: Id, dict: &[u8], data: &[u8]) {
        if data.len() < 1024 {
            self.stream(id, dict, data);
            return;
        }
        let packed = super::write::zlib(data);
        if packed.len() + 19 < data.len() {
            let mut d = dict.to_vec();
            d.extend_from_slice(b"/Filter/FlateDecode");
            self.stream(id, &d, &packed);
        } else {
            self.stream(id, dict, data);
        }
    }

    /// The cross-reference table and trailer; every allocated object must
    /// have been written.
    pub fn finish(mut self, root: Id, info: Id, file_id: &[u8]) -> Vec<u8> {
        let xref = self.buf.len();
        let n = self.offsets.len() + 1;
        self.buf.extend_from_slice(b"xref\n0 ");
        int(&mut self.buf, n as i64);
        self.buf.extend_from_slice(b"\n0000000000 65535 f \n");
        for off in &self.offsets {
            let off = off.expect("every allocated PDF object is written");
            let digits = off.to_string();
            for _ in digits.len()..10 {
                self.buf.push(b'0');
            }
            self.buf.extend_from_slice(digits.as_bytes());
            self.buf.extend_from_slice(b" 00000 n \n");
        }
        self.buf.extend_from_slice(b"trailer\n<</Size ");
        int(&mut self.buf, n as i64);
        self.buf.extend_from_slice(b"/Root ");
        reference(&mut self.buf, root);
        self.buf.extend_from_slice(b"/Info ");
        reference(&mut self.buf, info);
        self.buf.extend_from_slice(b"/ID[");
        literal(&mut self.buf, file_id);
        literal(&mut self.buf, file_id);
        self.buf.extend_from_slice(b"]>>\nstartxref\n");
        int(&mut self.buf, xref as i64);
        self.buf.extend_from_slice(b"\n%%EOF\n");
        self.buf
    }
}

/// `N 0 R`.
pub fn reference(buf: &mut Vec<u8>, id: Id) {
    int(buf, id.0 as i64);
    buf.extend_from_slice(b" 0 R");
}

/// A decimal integer.
pub fn int(buf: &mut Vec<u8>, v: i64) {
    if v < 0 {
        buf.push(b'-');
    }
    let mut u = v.unsigned_abs();
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

/// A real number with at most `decimals` (<= 4) decimals, trailing zeros
/// dropped, never `-0`.
pub fn real(buf: &mut Vec<u8>, v: f64, decimals: u32) {
    let scale = 10i64.pow(decimals);
    let v = if v.is_finite() { v } else { 0.0 };
    let scaled = (v * scale as f64).round() as i64;
    if scaled < 0 {
        buf.push(b'-');
    }
    let a = scaled.unsigned_abs();
    int(buf, (a / scale as u64) as i64);
    let mut frac = a % scale as u64;
    if frac != 0 {
        let mut digits = decimals;
        while frac.is_multiple_of(10) {
            frac /= 10;
            digits -= 1;
        }
        buf.push(b'.');
        // `digits` decimals of `frac`, leading zeros included.
        let mut tmp = [b'0'; 19];
        let n = digits as usize;
        for i in (0..n).rev() {
            tmp[i] = b'0' + (frac % 10) as u8;
            frac /= 10;
        }
        buf.extend_from_slice(&tmp[..n]);
    }
}

/// A real number preceded by a space (operands in content streams and arrays).
pub fn sp_real(buf: &mut Vec<u8>, v: f64, decimals: u32) {
    buf.push(b' ');
    real(buf, v, decimals);
}

/// A name object (`/Name`), escaping what the syntax does not allow.
pub fn name(buf: &mut Vec<u8>, n: &str) {
    buf.push(b'/');
    for &b in n.as_bytes() {
        let plain = (0x21..0x7f).contains(&b) && !b"()<>[]{}/%#".contains(&b);
        if plain {
            buf.push(b);
        } else {
            buf.push(b'#');
            hex_byte(buf, b);
        }
    }
}

fn hex_byte(buf: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    buf.push(HEX[(b >> 4) as usize]);
    buf.push(HEX[(b & 15) as usize]);
}

/// A big-endian 16-bit code as four hex digits.
pub fn hex_u16(buf: &mut Vec<u8>, v: u16) {
    hex_byte(buf, (v >> 8) as u8);
    hex_byte(buf, v as u8);
}

/// A literal string `( ... )` of bytes, escaping what must be.
pub fn literal(buf: &mut Vec<u8>, s: &[u8]) {
    buf.push(b'(');
    for &b in s {
        match b {
            b'(' | b')' | b'\\' => {
                buf.push(b'\\');
                buf.push(b);
            }
            b'\r' => buf.extend_from_slice(b"\\r"),
            b'\n' => buf.extend_from_slice(b"\\n"),
            _ => buf.push(b),
        }
    }
    buf.push(b')');
}

/// A text string (document information, outline titles): a literal when
/// it is printable ASCII, else UTF-16BE with a byte-order mark, in hex.
pub fn text(buf: &mut Vec<u8>, s: &str) {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        literal(buf, s.as_bytes());
        return;
    }
    buf.extend_from_slice(b"<FEFF");
    for u in s.encode_utf16() {
        hex_u16(buf, u);
    }
    buf.push(b'>');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(v: f64, d: u32) -> String {
        let mut b = Vec::new();
        real(&mut b, v, d);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn numbers_are_short_and_exact_to_their_decimals() {
        assert_eq!(r(0.0, 3), "0");
        assert_eq!(r(-0.0001, 3), "0");
        assert_eq!(r(12.5, 3), "12.5");
        assert_eq!(r(-3.25, 2), "-3.25");
        assert_eq!(r(841.8898, 3), "841.89");
        assert_eq!(r(0.05, 3), "0.05");
        assert_eq!(r(1000.0, 2), "1000");
        assert_eq!(r(-0.004, 2), "0");
        assert_eq!(r(0.0012, 4), "0.0012");
        assert_eq!(r(-7.0305, 4), "-7.0305");
        assert_eq!(r(1.05, 2), "1.05");
        let mut b = Vec::new();
        int(&mut b, -120);
        int(&mut b, 0);
        assert_eq!(b, b"-1200");
    }

    #[test]
    fn names_and_strings_are_escaped() {
        let mut b = Vec::new();
        name(&mut b, "A B#(x)");
        literal(&mut b, b"a(b)\\");
        text(&mut b, "Kỳ");
        assert_eq!(
            String::from_utf8(b).unwrap(),
            "/A#20B#23#28x#29(a\\(b\\)\\\\)<FEFF004B1EF3>"
        );
    }
}
