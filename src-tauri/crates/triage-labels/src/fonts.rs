//! The embedded DejaVu Sans faces and their metrics.
//!
//! Embedded rather than PDF's built-in Helvetica: a thermal printer's driver or a
//! viewer without Helvetica substitutes another face with other widths, so text we
//! measured to fit its box could overflow; and Helvetica's WinAnsi encoding has no
//! glyph for many names (ł, ő, ș) that an embedded Unicode font prints.

use printpdf::ParsedFont;

use crate::error::{LabelError, Result};
use crate::template::Weight;

const REGULAR_TTF: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Printed when the font has no glyph for a character.
const REPLACEMENT: char = '?';

pub(crate) struct Fonts {
    regular: Face,
    bold: Face,
}

pub(crate) struct Face {
    pub(crate) parsed: ParsedFont,
    units_per_em: f32,
    /// Height above the baseline an accented capital may reach, in ems.
    pub(crate) ascent: f32,
    /// Depth below the baseline of descenders, in ems (positive).
    pub(crate) descent: f32,
}

impl Fonts {
    /// The fonts, parsed once per process: every later label reuses them.
    pub(crate) fn shared() -> Result<&'static Fonts> {
        static FONTS: std::sync::OnceLock<Result<Fonts>> = std::sync::OnceLock::new();
        FONTS.get_or_init(Fonts::load).as_ref().map_err(Clone::clone)
    }

    pub(crate) fn load() -> Result<Self> {
        Ok(Self {
            regular: Face::parse(REGULAR_TTF, "DejaVu Sans")?,
            bold: Face::parse(BOLD_TTF, "DejaVu Sans Bold")?,
        })
    }

    pub(crate) fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

impl Face {
    fn parse(bytes: &[u8], font: &'static str) -> Result<Self> {
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).ok_or(LabelError::FontUnreadable { font })?;
        let metrics = &parsed.pdf_font_metrics;
        let units_per_em = f32::from(metrics.units_per_em.max(1));
        let ascent = f32::from(metrics.ascender) / units_per_em;
        let descent = -f32::from(metrics.descender) / units_per_em;
        Ok(Self {
            parsed,
            units_per_em,
            ascent,
            descent,
        })
    }

    /// Width of `text` set at `size_pt`, in points (printpdf emits no kerning).
    pub(crate) fn width_pt(&self, text: &str, size_pt: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| {
                let glyph = self.parsed.lookup_glyph_index(u32::from(c)).unwrap_or(0);
                u32::from(self.parsed.get_horizontal_advance(glyph))
            })
            .sum();
        units as f32 / self.units_per_em * size_pt
    }

    /// `text` made printable: control characters become spaces and characters the font
    /// lacks become `?`, so nothing prints as an empty box.
    pub(crate) fn printable(&self, text: &str) -> String {
        text.chars()
            .map(|c| match c {
                c if c.is_control() => ' ',
                c if self.parsed.lookup_glyph_index(u32::from(c)).is_some_and(|g| g != 0) => c,
                _ => REPLACEMENT,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_accents_have_glyphs_and_the_unknown_is_replaced() {
        let fonts = Fonts::load().unwrap();
        let face = fonts.face(Weight::Regular);
        assert_eq!(face.printable("Été, randonnée\n"), "Été, randonnée ");
        assert_eq!(face.printable("a\u{E000}b"), "a?b");
    }

    #[test]
    fn width_grows_with_text_and_size() {
        let fonts = Fonts::load().unwrap();
        let bold = fonts.face(Weight::Bold);
        let w = bold.width_pt("RESTOCK", 10.0);
        assert!(w > 30.0 && w < 70.0, "{w}");
        assert!((bold.width_pt("RESTOCK", 20.0) - 2.0 * w).abs() < 0.01);
        assert!(fonts.face(Weight::Regular).width_pt("RESTOCK", 10.0) < w);
        assert!(face_metrics_are_sane(bold));
    }

    fn face_metrics_are_sane(face: &Face) -> bool {
        (0.7..1.2).contains(&face.ascent) && (0.1..0.4).contains(&face.descent)
    }
}
