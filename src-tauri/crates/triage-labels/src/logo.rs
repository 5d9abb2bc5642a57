//! The company's logo on labels: a black-and-white PNG compiled in, decoded once,
//! and scaled once per printed size (nearest neighbour, so edges stay as hard as a
//! thermal head prints them). ZPL prints it as a `^GFA` graphic, the PDF as an image.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::error::{LabelError, Result};
use crate::template::BoxMm;

const LOGO_PNG: &[u8] = include_bytes!("../../../../assets/labels/logo.png");

/// A 1-bit picture, row by row from the top; `true` is ink.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bitmap {
    pub width: u32,
    pub height: u32,
    pub ink: Vec<bool>,
}

/// The logo at one size, in the forms the renderers take.
#[derive(Debug)]
pub(crate) struct Scaled {
    pub bitmap: Bitmap,
    /// `^GFA,total,total,bytes per row,hex`: one bit per dot, 1 = black.
    pub gfa: String,
    /// A PDF DeviceGray image of 1 bit per pixel: rows padded to whole bytes, most
    /// significant bit first, 0 = black.
    pub pdf_bits: Vec<u8>,
}

fn source() -> Result<&'static Bitmap> {
    static LOGO: OnceLock<Option<Bitmap>> = OnceLock::new();
    LOGO.get_or_init(|| {
        let img = image::load_from_memory(LOGO_PNG).ok()?.to_luma8();
        Some(Bitmap {
            width: img.width(),
            height: img.height(),
            ink: img.pixels().map(|p| p.0[0] < 128).collect(),
        })
    })
    .as_ref()
    .ok_or(LabelError::LogoUnreadable)
}

/// The largest box of the logo's proportions inside `area`, centred in it.
pub(crate) fn fitted(area: &BoxMm) -> Result<BoxMm> {
    let logo = source()?;
    let ratio = logo.width as f32 / logo.height as f32;
    let (width, height) = if area.width / area.height > ratio {
        (area.height * ratio, area.height)
    } else {
        (area.width, area.width / ratio)
    };
    Ok(BoxMm::new(
        area.x + (area.width - width) / 2.0,
        area.y + (area.height - height) / 2.0,
        width,
        height,
    ))
}

/// The logo made so far, by width and height.
type BySize = HashMap<(u32, u32), Arc<Scaled>>;

/// The logo `width` × `height` dots (or pixels), made once per size per process.
pub(crate) fn scaled(width: u32, height: u32) -> Result<Arc<Scaled>> {
    static CACHE: OnceLock<Mutex<BySize>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&(width, height)).cloned()) {
        return Ok(hit);
    }
    let bitmap = resize(source()?, width.max(1), height.max(1));
    let scaled = Arc::new(Scaled {
        gfa: gfa(&bitmap),
        pdf_bits: packed(&bitmap).into_iter().map(|byte| !byte).collect(),
        bitmap,
    });
    if let Ok(mut c) = cache.lock() {
        c.insert((width, height), scaled.clone());
    }
    Ok(scaled)
}

/// Nearest neighbour: each target pixel takes the source pixel under its centre.
fn resize(src: &Bitmap, width: u32, height: u32) -> Bitmap {
    let mut ink = Vec::with_capacity((width * height) as usize);
    for y in 0..height {
        let sy = ((2 * y + 1) * src.height / (2 * height)).min(src.height - 1);
        for x in 0..width {
            let sx = ((2 * x + 1) * src.width / (2 * width)).min(src.width - 1);
            ink.push(src.ink[(sy * src.width + sx) as usize]);
        }
    }
    Bitmap { width, height, ink }
}

/// Rows of bits, 1 = ink, padded to whole bytes, most significant bit first.
fn packed(b: &Bitmap) -> Vec<u8> {
    b.ink
        .chunks(b.width as usize)
        .flat_map(|row| {
            row.chunks(8).map(|byte| {
                byte.iter()
                    .enumerate()
                    .fold(0u8, |acc, (i, &ink)| acc | (u8::from(ink) << (7 - i)))
            })
        })
        .collect()
}

/// The bitmap as a ZPL `^GFA` (ASCII hex) command, 1 = black dot.
fn gfa(b: &Bitmap) -> String {
    let bytes = packed(b);
    let row_bytes = b.width.div_ceil(8);
    let total = bytes.len();
    let mut hex = String::with_capacity(total * 2 + 32);
    hex.push_str(&format!("^GFA,{total},{total},{row_bytes},"));
    for byte in bytes {
        hex.push_str(&format!("{byte:02X}"));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gfa_packs_rows_into_whole_bytes_most_significant_bit_first() {
        // 10 x 2: the first row's first and last dots, the second row all ink.
        let mut ink = vec![false; 20];
        ink[0] = true;
        ink[9] = true;
        ink[10..].fill(true);
        let b = Bitmap {
            width: 10,
            height: 2,
            ink,
        };
        assert_eq!(gfa(&b), "^GFA,4,4,2,8040FFC0");
        assert_eq!(packed(&b), [0x80, 0x40, 0xFF, 0xC0]);
    }

    #[test]
    fn the_logo_decodes_and_scales_to_the_size_asked() {
        let logo = source().unwrap();
        assert_eq!((logo.width, logo.height), (472, 110));
        let share = |b: &Bitmap| b.ink.iter().filter(|&&i| i).count() as f32 / b.ink.len() as f32;
        assert!((0.2..0.6).contains(&share(logo)), "{}", share(logo));
        assert_eq!(resize(logo, 472, 110), *logo, "the same size is the same picture");
        let small = scaled(206, 48).unwrap();
        assert_eq!(small.bitmap.ink.len(), 206 * 48);
        assert!((share(&small.bitmap) - share(logo)).abs() < 0.03);
        assert_eq!(small.gfa.len(), "^GFA,1248,1248,26,".len() + 2 * 1248);
        assert!(Arc::ptr_eq(&small, &scaled(206, 48).unwrap()), "made once per size");
    }

    #[test]
    fn the_logo_keeps_its_proportions_centred_in_its_box() {
        let wide = fitted(&BoxMm::new(0.0, 0.0, 60.0, 6.0)).unwrap();
        assert!((wide.height - 6.0).abs() < 1e-4 && (wide.width - 6.0 * 472.0 / 110.0).abs() < 1e-3);
        assert!((wide.x - (60.0 - wide.width) / 2.0).abs() < 1e-4);
        let tall = fitted(&BoxMm::new(10.0, 10.0, 20.0, 20.0)).unwrap();
        assert!((tall.width - 20.0).abs() < 1e-4 && tall.y > 10.0);
    }
}
