//! An image's display size. (Its bytes were checked when it was read:
//! `document::ImageFile`; invalid bytes would make docx-rs panic.)

use crate::document::Image;

/// EMU per millimetre.
const EMU_PER_MM: f32 = 36_000.0;

/// Display size in EMU: `width_mm` or the measure, never wider than the
/// measure, height from the pixel aspect ratio.
pub fn extent_emu(img: &Image, measure_mm: f32) -> (u32, u32) {
    let w_mm = img
        .width_mm
        .filter(|w| w.is_finite() && *w > 0.0)
        .unwrap_or(measure_mm)
        .min(measure_mm);
    let ratio = img.file.height_px() as f32 / img.file.width_px() as f32;
    let cx = (w_mm * EMU_PER_MM).round();
    let cy = (w_mm * ratio * EMU_PER_MM).round();
    (cx as u32, cy as u32)
}
