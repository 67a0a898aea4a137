//! Images as PDF XObjects: decoded (PNG, JPEG) to 8-bit grey or RGB samples,
//! deflated, with the alpha channel as a soft mask when it is not opaque.

use super::display::ImageItem;
use pdf_writer::{Filter, Name};

use super::objects::{self, Id, Out};
use super::PdfError;
use crate::document::ImageFormat;

/// Decode `im` and write it as image XObject `id` (and its mask).
pub fn write_image(out: &mut Out, id: Id, im: &ImageItem) -> Result<(), PdfError> {
    let format = match im.format {
        ImageFormat::Png => image::ImageFormat::Png,
        ImageFormat::Jpeg => image::ImageFormat::Jpeg,
    };
    let err = |reason: String| PdfError::Image {
        name: im.name.clone(),
        reason,
    };
    let decoded =
        image::load_from_memory_with_format(&im.data, format).map_err(|e| err(e.to_string()))?;
    let (w, h) = (decoded.width(), decoded.height());
    if w == 0 || h == 0 {
        return Err(err("empty image".into()));
    }
    let color = decoded.color();
    let grey = !color.has_color();
    let (samples, alpha): (Vec<u8>, Option<Vec<u8>>) = match (grey, color.has_alpha()) {
        (true, false) => (decoded.into_luma8().into_raw(), None),
        (false, false) => (decoded.into_rgb8().into_raw(), None),
        (true, true) => {
            let la = decoded.into_luma_alpha8().into_raw();
            let (mut v, mut a) = (
                Vec::with_capacity(la.len() / 2),
                Vec::with_capacity(la.len() / 2),
            );
            for p in la.chunks_exact(2) {
                v.push(p[0]);
                a.push(p[1]);
            }
            (v, Some(a))
        }
        (false, true) => {
            let rgba = decoded.into_rgba8().into_raw();
            let mut v = Vec::with_capacity(rgba.len() / 4 * 3);
            let mut a = Vec::with_capacity(rgba.len() / 4);
            for p in rgba.chunks_exact(4) {
                v.extend_from_slice(&p[..3]);
                a.push(p[3]);
            }
            (v, Some(a))
        }
    };
    let alpha = alpha.filter(|a| a.iter().any(|&v| v != 255));
    let size = |v: u32| i32::try_from(v).map_err(|_| err(format!("image too large: {w} x {h}")));
    let (w, h) = (size(w)?, size(h)?);
    let xobject = |out: &mut Out, id: Id, samples: &[u8], grey: bool, mask: Option<Id>| {
        let packed = objects::packed(samples);
        let mut x = out
            .pdf
            .image_xobject(id, packed.as_deref().unwrap_or(samples));
        if packed.is_some() {
            x.filter(Filter::FlateDecode);
        }
        x.width(w).height(h).bits_per_component(8);
        x.color_space_name(Name(if grey { b"DeviceGray" } else { b"DeviceRGB" }));
        if let Some(mask) = mask {
            x.s_mask(mask);
        }
    };
    let mask = alpha.map(|a| {
        let mask = out.alloc();
        xobject(out, mask, &a, true, None);
        mask
    });
    xobject(out, id, &samples, grey, mask);
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn item(data: Vec<u8>, format: ImageFormat) -> ImageItem {
        ImageItem {
            data: Arc::new(data),
            format,
            name: "anh.png".into(),
            x: 0.0,
            y: 0.0,
            w: 10.0,
            h: 10.0,
        }
    }

    fn encode(img: image::DynamicImage, format: image::ImageFormat) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    fn written(im: &ImageItem) -> String {
        let mut out = Out::new();
        let id = out.alloc();
        write_image(&mut out, id, im).unwrap();
        String::from_utf8_lossy(&out.finish(b"id")).into_owned()
    }

    #[test]
    fn transparency_becomes_a_soft_mask_and_grey_stays_grey() {
        let mut rgba = image::RgbaImage::new(4, 3);
        rgba.put_pixel(1, 1, image::Rgba([200, 10, 10, 128]));
        let png = encode(rgba.into(), image::ImageFormat::Png);
        let pdf = written(&item(png, ImageFormat::Png));
        assert!(pdf.contains("/Width 4/Height 3/"), "{pdf}");
        assert!(pdf.contains("/ColorSpace/DeviceRGB"), "{pdf}");
        assert!(pdf.contains("/SMask"), "{pdf}");

        let grey = image::GrayImage::from_pixel(5, 2, image::Luma([90]));
        let jpeg = encode(grey.into(), image::ImageFormat::Jpeg);
        let pdf = written(&item(jpeg, ImageFormat::Jpeg));
        assert!(pdf.contains("/Width 5/Height 2/"), "{pdf}");
        assert!(pdf.contains("/ColorSpace/DeviceGray"), "{pdf}");
        assert!(!pdf.contains("/SMask"), "an opaque image has no mask");
    }

    #[test]
    fn a_broken_image_is_an_error_naming_it() {
        let mut out = Out::new();
        let id = out.alloc();
        let e = write_image(
            &mut out,
            id,
            &item(b"\x89PNG not really".to_vec(), ImageFormat::Png),
        )
        .unwrap_err();
        assert!(e.to_string().contains("anh.png"), "{e}");
    }
}
