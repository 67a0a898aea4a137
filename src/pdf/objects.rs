//! The PDF file through Typst's `pdf-writer`: object numbers are handed out
//! here and objects written in any order; pdf-writer writes the object
//! syntax (dictionaries, names, strings, numbers), the cross-reference table
//! and the trailer. Streams are deflated with libdeflate when that makes them
//! smaller. The pages' content streams are this writer's own
//! ([`super::content`]): a page carries thousands of numbers.

use pdf_writer::{Filter, Pdf, Ref, Settings, Stream};

/// An object number (generation 0).
pub type Id = Ref;

/// A PDF file being written.
pub struct Out {
    pub pdf: Pdf,
    /// The last object number handed out.
    last: i32,
}

impl Default for Out {
    fn default() -> Out {
        Out::new()
    }
}

impl Out {
    pub fn new() -> Out {
        // Compact syntax: no indentation or line per dictionary entry.
        let mut pdf = Pdf::with_settings_and_capacity(Settings { pretty: false }, 64 * 1024);
        // The binary comment tells transfer tools the file is not text.
        pdf.set_binary_marker(b"\xE2\xE3\xCF\xD3");
        Out { pdf, last: 0 }
    }

    /// A new object number, for an object written later.
    pub fn alloc(&mut self) -> Id {
        self.last += 1;
        Ref::new(self.last)
    }

    /// A stream deflated when that makes it smaller; `keys` writes the
    /// dictionary's entries other than `/Length` and `/Filter`. Under 1 KB it
    /// is stored: resetting the compressor costs more than the bytes saved.
    pub fn deflated_stream(&mut self, id: Id, data: &[u8], keys: impl FnOnce(&mut Stream<'_>)) {
        match &packed(data) {
            Some(p) => {
                let mut s = self.pdf.stream(id, p);
                s.filter(Filter::FlateDecode);
                keys(&mut s);
            }
            None => keys(&mut self.pdf.stream(id, data)),
        }
    }

    /// The cross-reference table and trailer (the catalog and document
    /// information were registered when written); `file_id` is both halves
    /// of `/ID`.
    pub fn finish(mut self, file_id: &[u8]) -> Vec<u8> {
        self.pdf.set_file_id((file_id.to_vec(), file_id.to_vec()));
        self.pdf.finish()
    }
}

/// `data` deflated, when that is worth it (see [`Out::deflated_stream`]).
pub fn packed(data: &[u8]) -> Option<Vec<u8>> {
    if data.len() < 1024 {
        return None;
    }
    Some(super::write::zlib(data)).filter(|p| p.len() + 19 < data.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pdf_writer::Name;

    #[test]
    fn small_streams_are_stored_large_ones_deflated() {
        let mut out = Out::new();
        let (a, b) = (out.alloc(), out.alloc());
        out.deflated_stream(a, b"0 g", |s| {
            s.pair(Name(b"Kind"), Name(b"Small"));
        });
        let big = b"1 0 0 1 72 720 Tm[<0001>]TJ\n".repeat(100);
        out.deflated_stream(b, &big, |_| {});
        let catalog = out.alloc();
        out.pdf.catalog(catalog);
        let bytes = out.finish(b"0123456789abcdef");
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.starts_with("%PDF-1.7\n"), "{text}");
        assert!(
            text.contains("1 0 obj\n<</Length 3/Kind/Small>>\nstream\n0 g\nendstream"),
            "{text}"
        );
        assert!(text.contains("2 0 obj\n<</Length "), "{text}");
        assert!(text.contains("/Filter/FlateDecode"), "{text}");
        assert!(!text.contains("Tm[<0001>]"), "deflated");
        assert!(
            text.contains("/ID[(0123456789abcdef)(0123456789abcdef)]"),
            "{text}"
        );
        let doc = lopdf::Document::load_mem(&bytes).expect("reads back");
        assert_eq!(doc.objects.len(), 3);
    }
}
