//! The embedded DejaVu Sans faces and their metrics.
//!
//! Embedded rather than PDF's built-in Helvetica: a thermal printer's driver or a
//! viewer without Helvetica substitutes another face with other widths, so text we
//! measured to fit its box could overflow; and Helvetica's WinAnsi encoding has no
//! glyph for many names (ł, ő, ș) that an embedded Unicode font prints.

use std::collections::BTreeMap;

use printpdf::ParsedFont;

use crate::error::{LabelError, Result};
use crate::template::Weight;

const REGULAR_TTF: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf");

/// The embedded font files, for a program that must lay out the same text (the
/// benchmark's Python peer).
pub fn font_files() -> [(&'static str, &'static [u8]); 2] {
    [("DejaVuSans.ttf", REGULAR_TTF), ("DejaVuSans-Bold.ttf", BOLD_TTF)]
}

/// Printed when the font has no glyph for a character.
const REPLACEMENT: char = '?';

/// Characters below this, and the punctuation block from `PUNCTUATION` on (the
/// whole common set), have their advance width in a small table.
const ADVANCE_TABLE: u32 = 0x250;
const PUNCTUATION: std::ops::Range<u32> = 0x2010..0x2213;

/// Where `c`'s advance is in the tables.
fn slot(c: char) -> Option<usize> {
    let c = u32::from(c);
    if c < ADVANCE_TABLE {
        Some(c as usize)
    } else if PUNCTUATION.contains(&c) {
        Some((ADVANCE_TABLE + c - PUNCTUATION.start) as usize)
    } else {
        None
    }
}

/// The characters every label is expected to need: Latin with its supplements and
/// Extended-A (French, German, Spanish, Polish, Czech, Hungarian, Nordic names…),
/// the Romanian comma-below letters, and the punctuation and signs labels use.
/// Text outside it still prints, through a subset made for that label alone.
pub(crate) fn in_common_set(c: char) -> bool {
    matches!(u32::from(c),
        0x20..=0x7E | 0xA0..=0x17F | 0x218..=0x21B | 0x2010..=0x2027 | 0x2030 | 0x2039 | 0x203A
        | 0x20AC | 0x2116 | 0x2122 | 0x2190..=0x2193 | 0x2212)
}

/// Characters the common set is made of, for cutting the faces.
pub(crate) fn common_set() -> impl Iterator<Item = char> {
    (0x20..0x2213).filter_map(char::from_u32).filter(|&c| in_common_set(c))
}

pub(crate) struct Fonts {
    regular: Face,
    bold: Face,
}

pub(crate) struct Face {
    pub(crate) parsed: ParsedFont,
    /// The same face cut down once, at start, to the characters of [`in_common_set`],
    /// with its own character map: a label whose text stays in that set embeds this
    /// as it is, with no subsetting (nor compressing) per label.
    pub(crate) common: ParsedFont,
    /// Advance widths of the characters below [`ADVANCE_TABLE`], then of those in
    /// [`PUNCTUATION`], in font units.
    advances: Vec<u16>,
    /// The same, 0 for characters a label does not print as they are (outside the
    /// common set, controls, the no-break space that the layout turns into a space).
    plain: Vec<u16>,
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
        let glyphs: BTreeMap<u16, String> = common_set()
            .filter_map(|c| Some((parsed.lookup_glyph_index(u32::from(c))?, c.to_string())))
            .collect();
        let common = printpdf::subset_font(&parsed, &glyphs)
            .ok()
            .and_then(|cut| ParsedFont::from_bytes(&cut.bytes, 0, &mut Vec::new()))
            .ok_or(LabelError::FontUnreadable { font })?;
        let advances: Vec<u16> = (0..ADVANCE_TABLE)
            .chain(PUNCTUATION)
            .map(|c| parsed.get_horizontal_advance(parsed.lookup_glyph_index(c).unwrap_or(0)))
            .collect();
        let plain = (0..ADVANCE_TABLE)
            .chain(PUNCTUATION)
            .zip(&advances)
            .map(|(c, &a)| match char::from_u32(c) {
                // A character without width (none in DejaVu's common set) goes the
                // general way too.
                Some(c) if in_common_set(c) && (c == ' ' || !c.is_whitespace()) => a,
                _ => 0,
            })
            .collect();
        Ok(Self {
            parsed,
            common,
            advances,
            plain,
            units_per_em,
            ascent,
            descent,
        })
    }

    /// Width of `text` set at `size_pt`, in points (printpdf emits no kerning).
    pub(crate) fn width_pt(&self, text: &str, size_pt: f32) -> f32 {
        self.em_width(text) * size_pt
    }

    /// Width of `text` in ems: [`Face::width_pt`] at 1 pt, so a width at any size
    /// is one multiplication away.
    pub(crate) fn em_width(&self, text: &str) -> f32 {
        self.em_of(text.chars().map(|c| self.advance(c)).sum())
    }

    /// The advance width of `c` in font units.
    pub(crate) fn advance(&self, c: char) -> u32 {
        match slot(c).and_then(|i| self.advances.get(i)) {
            Some(&advance) => u32::from(advance),
            None => {
                let glyph = self.parsed.lookup_glyph_index(u32::from(c)).unwrap_or(0);
                u32::from(self.parsed.get_horizontal_advance(glyph))
            }
        }
    }

    /// The advance width of `c` when a label prints it as it is (in the common set,
    /// not a control, not a no-break space); 0 otherwise.
    pub(crate) fn plain_advance(&self, c: char) -> u16 {
        slot(c).and_then(|i| self.plain.get(i)).copied().unwrap_or(0)
    }

    /// `units` of this font in ems.
    pub(crate) fn em_of(&self, units: u32) -> f32 {
        units as f32 / self.units_per_em
    }

    /// `text` made printable: control characters become spaces and characters the font
    /// lacks become `?`, so nothing prints as an empty box.
    pub(crate) fn printable(&self, text: &str) -> String {
        text.chars()
            .map(|c| match c {
                c if c.is_control() => ' ',
                c if in_common_set(c) => c,
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
    fn the_advance_table_holds_each_common_character_font_width() {
        let fonts = Fonts::load().unwrap();
        for weight in [Weight::Regular, Weight::Bold] {
            let face = fonts.face(weight);
            for c in common_set().chain(['\u{400}', '\u{E000}']) {
                let glyph = face.parsed.lookup_glyph_index(u32::from(c)).unwrap_or(0);
                assert_eq!(
                    face.advance(c),
                    u32::from(face.parsed.get_horizontal_advance(glyph)),
                    "{c:?}"
                );
            }
        }
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
