//! An image file, read and checked once: [`ImageFile::new`] takes the
//! bytes of a PNG or JPEG, reads its format and pixel size from its header
//! (a PNG must be whole: signature, IHDR, IEND at the end; a JPEG must reach
//! its frame header), and refuses anything else, an empty picture or one too
//! large to decode. A [`super::Image`] block holds one, so neither the layout
//! nor the writers check image bytes again (the PDF writer still decodes
//! the pixels, which only it needs).

use std::sync::Arc;

use serde::Serialize;

use super::ImageFormat;

/// The largest image accepted, in pixels (a photo of 100 megapixels): a
/// bigger one, or a header claiming one, would take gigabytes to decode.
pub const MAX_IMAGE_PIXELS: u64 = 100_000_000;

/// A PNG or JPEG file whose header was read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageFile {
    data: Arc<Vec<u8>>,
    format: ImageFormat,
    width_px: u32,
    height_px: u32,
}

/// Why bytes are not an image a report can hold (English: the caller
/// names the file or the image, in Vietnamese).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    #[error("not a valid PNG or JPEG file")]
    NotPngOrJpeg,
    #[error("{width} × {height} pixels: empty or too large (at most {} megapixels)", MAX_IMAGE_PIXELS / 1_000_000)]
    Size { width: u32, height: u32 },
}

impl ImageFile {
    /// Check `data` and read its format and pixel size.
    pub fn new(data: Vec<u8>) -> Result<ImageFile, ImageError> {
        let (format, width_px, height_px) = info(&data).ok_or(ImageError::NotPngOrJpeg)?;
        if width_px == 0
            || height_px == 0
            || u64::from(width_px) * u64::from(height_px) > MAX_IMAGE_PIXELS
        {
            return Err(ImageError::Size {
                width: width_px,
                height: height_px,
            });
        }
        Ok(ImageFile {
            data: Arc::new(data),
            format,
            width_px,
            height_px,
        })
    }

    /// The file's bytes (shared: every page and writer uses the same copy).
    pub fn data(&self) -> &Arc<Vec<u8>> {
        &self.data
    }

    pub fn format(&self) -> ImageFormat {
        self.format
    }

    /// Pixel width and height, from the file's header (both at least 1).
    pub fn width_px(&self) -> u32 {
        self.width_px
    }

    pub fn height_px(&self) -> u32 {
        self.height_px
    }
}

/// As the document's serialised form shows it: format and pixel size.
impl Serialize for ImageFile {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("ImageFile", 3)?;
        st.serialize_field("format", &self.format)?;
        st.serialize_field("width_px", &self.width_px)?;
        st.serialize_field("height_px", &self.height_px)?;
        st.end()
    }
}

/// Format and pixel size of PNG or JPEG bytes; `None` if neither or corrupt.
fn info(data: &[u8]) -> Option<(ImageFormat, u32, u32)> {
    const PNG_SIG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if data.starts_with(PNG_SIG) {
        if data.len() < 33 || &data[12..16] != b"IHDR" {
            return None;
        }
        let w = u32::from_be_bytes(data[16..20].try_into().ok()?);
        let h = u32::from_be_bytes(data[20..24].try_into().ok()?);
        if w == 0 || h == 0 || !data.ends_with(b"IEND\xaeB`\x82") {
            return None;
        }
        return Some((ImageFormat::Png, w, h));
    }
    if data.starts_with(&[0xFF, 0xD8]) {
        let mut i = 2;
        while i + 4 <= data.len() {
            if data[i] != 0xFF {
                return None;
            }
            let marker = data[i + 1];
            if marker == 0xFF {
                i += 1;
                continue;
            }
            if marker == 0xD8 || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
                i += 2;
                continue;
            }
            let len = u16::from_be_bytes([data[i + 2], data[i + 3]]) as usize;
            let sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
            if sof {
                if i + 9 > data.len() {
                    return None;
                }
                let h = u16::from_be_bytes([data[i + 5], data[i + 6]]) as u32;
                let w = u16::from_be_bytes([data[i + 7], data[i + 8]]) as u32;
                return (w > 0 && h > 0).then_some((ImageFormat::Jpeg, w, h));
            }
            if len < 2 {
                return None;
            }
            i += 2 + len;
        }
        return None;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    static SAMPLE: &[u8] = include_bytes!("../../tests/fixtures/anh-mau.png");

    #[test]
    fn a_whole_png_is_read_with_its_size_and_a_cut_one_refused() {
        let img = ImageFile::new(SAMPLE.to_vec()).unwrap();
        assert_eq!(
            (img.format(), img.width_px(), img.height_px()),
            (ImageFormat::Png, 160, 100)
        );
        assert_eq!(img.data().as_slice(), SAMPLE);
        let mut bad = SAMPLE.to_vec();
        bad.truncate(40);
        assert_eq!(ImageFile::new(bad), Err(ImageError::NotPngOrJpeg));
        // Whole but for its end: no IEND chunk.
        let cut = SAMPLE[..SAMPLE.len() - 12].to_vec();
        assert_eq!(ImageFile::new(cut), Err(ImageError::NotPngOrJpeg));
        assert!(ImageFile::new(b"GIF89a".to_vec()).is_err());
        assert!(ImageFile::new(Vec::new()).is_err());
    }

    #[test]
    fn jpeg_size_is_read_from_the_frame_header() {
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        j.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        j.extend([0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x64, 0x00, 0xA0, 0x03]);
        j.extend([0u8; 9]);
        j.extend([0xFF, 0xD9]);
        let img = ImageFile::new(j.clone()).unwrap();
        assert_eq!(
            (img.format(), img.width_px(), img.height_px()),
            (ImageFormat::Jpeg, 160, 100)
        );
        j.truncate(12);
        assert_eq!(ImageFile::new(j), Err(ImageError::NotPngOrJpeg));
    }

    #[test]
    fn an_empty_or_huge_picture_is_refused() {
        let mut png = SAMPLE.to_vec();
        // IHDR width 0 (the CRC is not checked: the header is what lies).
        png[16..20].copy_from_slice(&0u32.to_be_bytes());
        assert!(ImageFile::new(png.clone()).is_err());
        png[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let e = ImageFile::new(png).unwrap_err();
        assert!(e.to_string().contains("100000 × 100000"), "{e}");
    }
}
