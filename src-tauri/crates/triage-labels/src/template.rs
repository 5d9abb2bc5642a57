//! Label templates: the page and every box on it in millimetres, measured from the
//! top-left corner of the label as it comes out of the printer. Data, not code, so a
//! later template can be loaded from `assets/labels/`.

use serde::{Deserialize, Serialize};

use crate::error::{LabelError, Result};

/// Narrowest Code 128 module a 203 dpi thermal head prints reliably: two dots.
pub const MIN_MODULE_MM: f32 = 2.0 * MM_PER_DOT;
/// One dot of a 203 dpi thermal print head.
pub const MM_PER_DOT: f32 = 25.4 / 203.0;
/// Code 128 needs at least ten empty modules on each side to be found by a scanner.
pub const MIN_QUIET_ZONE_MODULES: u32 = 10;
/// Shorter bars make hand scanners miss the code at an angle.
pub const MIN_BAR_HEIGHT_MM: f32 = 15.0;

/// A whole label: page size and where each piece of [`crate::LabelData`] goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelTemplate {
    pub name: String,
    pub width_mm: f32,
    pub height_mm: f32,
    pub fields: Vec<TextField>,
    pub flags: FlagsRow,
    pub barcode: BarcodeBox,
    /// Solid black boxes: rules between sections and frames.
    pub rules: Vec<BoxMm>,
}

/// A rectangle in millimetres from the label's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BoxMm {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

impl BoxMm {
    pub const fn new(x: f32, y: f32, width: f32, height: f32) -> Self {
        Self { x, y, width, height }
    }

    fn is_inside(&self, width_mm: f32, height_mm: f32) -> bool {
        let positive = self.width > 0.0 && self.height > 0.0 && self.x >= 0.0 && self.y >= 0.0;
        positive && self.x + self.width <= width_mm + 0.01 && self.y + self.height <= height_mm + 0.01
    }
}

/// Which piece of [`crate::LabelData`] a text box shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Disposition,
    Destination,
    Grade,
    Sku,
    Description,
    ReturnNumber,
    Date,
    Bench,
    /// The LPN in human-readable text, normally right under the barcode.
    Lpn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weight {
    Regular,
    Bold,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    Left,
    Centre,
    Right,
}

/// One field of the label. Text shrinks from `size_pt` down to `min_size_pt` to fit
/// `max_lines` in the box, then is cut with an ellipsis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextField {
    pub field: Field,
    pub area: BoxMm,
    /// Small bold heading printed at the top of the box ("SKU").
    pub caption: Option<String>,
    pub size_pt: f32,
    pub min_size_pt: f32,
    pub weight: Weight,
    pub align: Align,
    pub max_lines: u8,
    /// Thickness of a black frame drawn around the box; 0 for none.
    pub frame_mm: f32,
}

impl TextField {
    /// Regular, left-aligned, one line, no caption, no frame.
    pub fn new(field: Field, area: BoxMm, size_pt: f32, min_size_pt: f32) -> Self {
        Self {
            field,
            area,
            caption: None,
            size_pt,
            min_size_pt,
            weight: Weight::Regular,
            align: Align::Left,
            max_lines: 1,
            frame_mm: 0.0,
        }
    }

    pub fn caption(self, caption: &str) -> Self {
        Self {
            caption: Some(caption.to_owned()),
            ..self
        }
    }

    pub fn bold(self) -> Self {
        Self {
            weight: Weight::Bold,
            ..self
        }
    }

    pub fn lines(self, max_lines: u8) -> Self {
        Self { max_lines, ..self }
    }

    pub fn centred(self) -> Self {
        Self {
            align: Align::Centre,
            ..self
        }
    }

    pub fn framed(self, frame_mm: f32) -> Self {
        Self { frame_mm, ..self }
    }
}

/// Where flags ("WRONG ITEM") go: white on black boxes, left to right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlagsRow {
    pub area: BoxMm,
    pub size_pt: f32,
    pub min_size_pt: f32,
    pub gap_mm: f32,
}

/// The Code 128 of the LPN. `area` includes the quiet zones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BarcodeBox {
    pub area: BoxMm,
    pub quiet_zone_modules: u32,
    /// Wider modules read from further away; the barcode never grows beyond this.
    pub max_module_mm: f32,
}

impl LabelTemplate {
    /// The 4×6 in (101.6 × 152.4 mm) label stuck on a unit going back to stock.
    pub fn restock_4x6() -> Self {
        const LEFT: f32 = 4.0;
        const WIDTH: f32 = 93.6;
        use Field::*;
        let at = BoxMm::new;
        Self {
            name: "restock_4x6".to_owned(),
            width_mm: 101.6,
            height_mm: 152.4,
            fields: vec![
                TextField::new(Disposition, at(LEFT, 5.0, 66.0, 14.0), 34.0, 12.0)
                    .bold()
                    .lines(2),
                TextField::new(Destination, at(LEFT, 20.5, 66.0, 9.0), 20.0, 9.0)
                    .bold()
                    .lines(2),
                TextField::new(Grade, at(73.6, 4.0, 24.0, 26.0), 40.0, 10.0)
                    .caption("GRADE")
                    .bold()
                    .lines(2)
                    .centred()
                    .framed(0.8),
                TextField::new(Sku, at(LEFT, 48.0, WIDTH, 12.0), 18.0, 9.0)
                    .caption("SKU")
                    .bold()
                    .lines(2),
                TextField::new(Description, at(LEFT, 62.0, WIDTH, 19.0), 11.0, 7.0)
                    .caption("DESCRIPTION")
                    .lines(3),
                TextField::new(ReturnNumber, at(LEFT, 83.0, 56.0, 10.0), 13.0, 7.0)
                    .caption("RETURN")
                    .bold(),
                TextField::new(Date, at(64.0, 83.0, 33.6, 10.0), 13.0, 7.0)
                    .caption("DATE")
                    .bold(),
                TextField::new(Lpn, at(LEFT, 128.5, WIDTH, 7.5), 16.0, 8.0)
                    .bold()
                    .centred(),
                TextField::new(Bench, at(LEFT, 142.0, WIDTH, 5.5), 9.0, 7.0),
            ],
            flags: FlagsRow {
                area: BoxMm::new(LEFT, 34.0, WIDTH, 12.5),
                size_pt: 15.0,
                min_size_pt: 8.0,
                gap_mm: 2.0,
            },
            barcode: BarcodeBox {
                area: BoxMm::new(LEFT, 99.0, WIDTH, 28.0),
                quiet_zone_modules: MIN_QUIET_ZONE_MODULES,
                max_module_mm: 4.0 * MM_PER_DOT,
            },
            rules: vec![
                BoxMm::new(LEFT, 31.5, WIDTH, 0.8),
                BoxMm::new(LEFT, 95.5, WIDTH, 0.4),
                BoxMm::new(LEFT, 139.5, WIDTH, 0.4),
            ],
        }
    }

    /// Checks the template can print a label a scanner reads; renderers call this first.
    pub fn validate(&self) -> Result<()> {
        let problem = |problem: String| LabelError::InvalidTemplate {
            template: self.name.clone(),
            problem,
        };
        if !(self.width_mm > 0.0 && self.height_mm > 0.0) {
            return Err(problem(format!(
                "the page is {} × {} mm; both sides must be positive",
                self.width_mm, self.height_mm
            )));
        }
        let outside = |what: &str, b: &BoxMm| {
            (!b.is_inside(self.width_mm, self.height_mm)).then(|| {
                problem(format!(
                    "the {what} box {b:?} is not inside the {} × {} mm page",
                    self.width_mm, self.height_mm
                ))
            })
        };
        for f in &self.fields {
            if let Some(e) = outside(&format!("{:?}", f.field), &f.area) {
                return Err(e);
            }
            if !sizes_are_sane(f.min_size_pt, f.size_pt) {
                return Err(problem(format!(
                    "the {:?} text sizes must satisfy 0 < min_size_pt ≤ size_pt ≤ {MAX_TEXT_PT}",
                    f.field
                )));
            }
            if !(f.frame_mm >= 0.0 && 2.0 * f.frame_mm < f.area.width.min(f.area.height)) {
                return Err(problem(format!("the {:?} frame is {} mm thick", f.field, f.frame_mm)));
            }
            if f.max_lines == 0 {
                return Err(problem(format!("the {:?} box allows no lines", f.field)));
            }
        }
        let bar = &self.barcode;
        let checks = [
            outside("flags", &self.flags.area),
            outside("barcode", &bar.area),
            self.rules.iter().find_map(|r| outside("rule", r)),
            (!sizes_are_sane(self.flags.min_size_pt, self.flags.size_pt)).then(|| {
                problem(format!(
                    "the flag text sizes must satisfy 0 < min_size_pt ≤ size_pt ≤ {MAX_TEXT_PT}"
                ))
            }),
            (!(MIN_QUIET_ZONE_MODULES..=MAX_QUIET_ZONE_MODULES).contains(&bar.quiet_zone_modules)).then(|| {
                problem(format!(
                    "the barcode quiet zone is {} modules; scanners need {MIN_QUIET_ZONE_MODULES} to {MAX_QUIET_ZONE_MODULES}",
                    bar.quiet_zone_modules
                ))
            }),
            (bar.area.height < MIN_BAR_HEIGHT_MM).then(|| {
                problem(format!(
                    "the bars are {} mm tall; scanners need at least {MIN_BAR_HEIGHT_MM} mm",
                    bar.area.height
                ))
            }),
            (bar.max_module_mm < MIN_MODULE_MM).then(|| {
                problem(format!(
                    "the widest allowed bar module is {} mm, below the {MIN_MODULE_MM:.2} mm a 203 dpi printer needs",
                    bar.max_module_mm
                ))
            }),
        ];
        match checks.into_iter().flatten().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// Text sizes a label can hold; also bounds the half-point shrinking loops.
const MAX_TEXT_PT: f32 = 300.0;
/// More quiet zone than this only wastes label.
const MAX_QUIET_ZONE_MODULES: u32 = 100;

fn sizes_are_sane(min_size_pt: f32, size_pt: f32) -> bool {
    min_size_pt > 0.0 && min_size_pt <= size_pt && size_pt <= MAX_TEXT_PT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restock_4x6_is_a_valid_4_by_6_inch_label() {
        let t = LabelTemplate::restock_4x6();
        assert_eq!((t.width_mm, t.height_mm), (101.6, 152.4));
        assert_eq!(t.validate(), Ok(()));
    }

    #[test]
    fn restock_4x6_boxes_do_not_overlap_and_keep_a_margin() {
        let t = LabelTemplate::restock_4x6();
        let mut boxes: Vec<(String, BoxMm)> = t.fields.iter().map(|f| (format!("{:?}", f.field), f.area)).collect();
        boxes.push(("flags".into(), t.flags.area));
        boxes.push(("barcode".into(), t.barcode.area));
        boxes.extend(t.rules.iter().map(|r| ("rule".into(), *r)));
        let overlap = |a: &BoxMm, b: &BoxMm| {
            a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
        };
        for (i, (name_a, a)) in boxes.iter().enumerate() {
            assert!(a.x >= 3.0 && a.y >= 3.0, "{name_a} is too close to the edge");
            assert!(a.x + a.width <= t.width_mm - 3.0 && a.y + a.height <= t.height_mm - 3.0);
            for (name_b, b) in &boxes[i + 1..] {
                assert!(!overlap(a, b), "{name_a} {a:?} overlaps {name_b} {b:?}");
            }
        }
    }

    #[test]
    fn short_bars_are_rejected() {
        let mut t = LabelTemplate::restock_4x6();
        t.barcode.area.height = 10.0;
        let err = t.validate().unwrap_err().to_string();
        assert!(err.contains("at least 15 mm"), "{err}");
    }

    #[test]
    fn a_box_off_the_page_is_rejected() {
        let mut t = LabelTemplate::restock_4x6();
        t.fields[0].area.x = 90.0;
        assert!(matches!(t.validate(), Err(LabelError::InvalidTemplate { .. })));
    }

    #[test]
    fn absurd_sizes_are_rejected_before_any_drawing() {
        let mut t = LabelTemplate::restock_4x6();
        t.fields[1].size_pt = 1e30;
        assert!(matches!(t.validate(), Err(LabelError::InvalidTemplate { .. })));
        let mut t = LabelTemplate::restock_4x6();
        t.barcode.quiet_zone_modules = u32::MAX;
        assert!(matches!(t.validate(), Err(LabelError::InvalidTemplate { .. })));
        let mut t = LabelTemplate::restock_4x6();
        t.fields[2].frame_mm = 20.0;
        assert!(matches!(t.validate(), Err(LabelError::InvalidTemplate { .. })));
        let mut t = LabelTemplate::restock_4x6();
        t.flags.min_size_pt = f32::NAN;
        assert!(matches!(t.validate(), Err(LabelError::InvalidTemplate { .. })));
    }

    #[test]
    fn a_narrow_quiet_zone_is_rejected() {
        let mut t = LabelTemplate::restock_4x6();
        t.barcode.quiet_zone_modules = 4;
        assert!(matches!(t.validate(), Err(LabelError::InvalidTemplate { .. })));
    }
}
