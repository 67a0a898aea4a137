//! Image checks before docx-rs sees the bytes (invalid bytes make it panic),
//! and the display size.

use crate::document::{Image, ImageFormat};

/// EMU per millimetre.
const EMU_PER_MM: f32 = 36_000.0;

/// Check that the bytes are a PNG or JPEG of the declared format and that the
/// file's own pixel size is non-zero; returns a reason otherwise.
pub fn check(img: &Image) -> Result<(), String> {
    let d = img.data.as_slice();
    let (w, h) = match img.format {
        ImageFormat::Png => png_size(d).ok_or("not a valid PNG file")?,
        ImageFormat::Jpeg => jpeg_size(d).ok_or("not a valid JPEG file")?,
    };
    if w == 0 || h == 0 {
        return Err("zero pixel size".into());
    }
    if img.width_px == 0 || img.height_px == 0 {
        return Err("zero declared pixel size".into());
    }
    Ok(())
}

fn png_size(d: &[u8]) -> Option<(u32, u32)> {
    const SIG: [u8; 8] = [137, 80, 78, 71, 13, 10, 26, 10];
    if d.len() < 33 || d[..8] != SIG || &d[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(d[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(d[20..24].try_into().ok()?);
    // The stream must end with an IEND chunk.
    if !d.windows(4).rev().take(64).any(|w| w == b"IEND") {
        return None;
    }
    Some((w, h))
}

fn jpeg_size(d: &[u8]) -> Option<(u32, u32)> {
    if d.len() < 4 || d[0] != 0xFF || d[1] != 0xD8 {
        return None;
    }
    let mut i = 2;
    while i + 9 < d.len() {
        if d[i] != 0xFF {
            return None;
        }
        let marker = d[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = u16::from_be_bytes([d[i + 2], d[i + 3]]) as usize;
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let h = u16::from_be_bytes([d[i + 5], d[i + 6]]) as u32;
            let w = u16::from_be_bytes([d[i + 7], d[i + 8]]) as u32;
            return Some((w, h));
        }
        if len < 2 {
            return None;
        }
        i += 2 + len;
    }
    None
}

/// Display size in EMU: `width_mm` or the measure, never wider than the
/// measure, height from the pixel aspect ratio.
pub fn extent_emu(img: &Image, measure_mm: f32) -> (u32, u32) {
    let w_mm = img
        .width_mm
        .filter(|w| w.is_finite() && *w > 0.0)
        .unwrap_or(measure_mm)
        .min(measure_mm);
    let ratio = img.height_px.max(1) as f32 / img.width_px.max(1) as f32;
    let cx = (w_mm * EMU_PER_MM).round();
    let cy = (w_mm * ratio * EMU_PER_MM).round();
    (cx as u32, cy as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn image(data: Vec<u8>, format: ImageFormat) -> Image {
        Image {
            data: Arc::new(data),
            format,
            width_px: 10,
            height_px: 10,
            width_mm: None,
            caption: vec![],
            alt: "x".into(),
        }
    }

    #[test]
    fn sample_png_is_valid_and_garbage_is_not() {
        let ok = image(
            crate::document::sample::SAMPLE_PNG.to_vec(),
            ImageFormat::Png,
        );
        assert!(check(&ok).is_ok());
        assert!(check(&image(b"garbage".to_vec(), ImageFormat::Png)).is_err());
        assert!(check(&image(b"\xFF\xD8garbage".to_vec(), ImageFormat::Jpeg)).is_err());
        let as_jpeg = image(
            crate::document::sample::SAMPLE_PNG.to_vec(),
            ImageFormat::Jpeg,
        );
        assert!(check(&as_jpeg).is_err());
    }
}
