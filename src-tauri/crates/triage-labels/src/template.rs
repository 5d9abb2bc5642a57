//! Label templates: the page and every box on it in millimetres, measured from the
//! top-left corner of the label as it comes out of the printer. Data, not code: the
//! built-in ones are the TOML files in `assets/labels/`, compiled in.

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
#[serde(deny_unknown_fields)]
pub struct LabelTemplate {
    pub name: String,
    pub width_mm: f32,
    pub height_mm: f32,
    pub fields: Vec<TextField>,
    /// Where flags go; a label too small for them has none (a held unit says HOLD).
    #[serde(default)]
    pub flags: Option<FlagsRow>,
    pub barcode: BarcodeBox,
    /// A GS1-128 of (01) GTIN and (21) serial, printed when the label knows both.
    #[serde(default)]
    pub gs1_barcode: Option<BarcodeBox>,
    /// Solid black boxes: rules between sections and frames.
    #[serde(default)]
    pub rules: Vec<BoxMm>,
    /// Where the company's logo goes (it keeps its proportions, centred in the box).
    #[serde(default)]
    pub logo: Option<BoxMm>,
}

/// The built-in templates: name and TOML text.
const BUILT_IN: [(&str, &str); 8] = [
    (
        "restock-4x6",
        include_str!("../../../../assets/labels/restock-4x6.toml"),
    ),
    (
        "restock-2x1",
        include_str!("../../../../assets/labels/restock-2x1.toml"),
    ),
    (
        "refurbish-4x6",
        include_str!("../../../../assets/labels/refurbish-4x6.toml"),
    ),
    (
        "dispose-4x6",
        include_str!("../../../../assets/labels/dispose-4x6.toml"),
    ),
    (
        "exception-4x6",
        include_str!("../../../../assets/labels/exception-4x6.toml"),
    ),
    (
        "liquidation-4x6",
        include_str!("../../../../assets/labels/liquidation-4x6.toml"),
    ),
    (
        "restock-100x150",
        include_str!("../../../../assets/labels/restock-100x150.toml"),
    ),
    (
        "restock-62x100",
        include_str!("../../../../assets/labels/restock-62x100.toml"),
    ),
];

/// A rectangle in millimetres from the label's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// The GS1-128's content in human-readable form: "(01) 03600029145227 (21) SN42".
    Gs1,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weight {
    #[default]
    Regular,
    Bold,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    #[default]
    Left,
    Centre,
    Right,
}

/// One field of the label. Text shrinks from `size_pt` down to `min_size_pt` to fit
/// `max_lines` in the box, then is cut with an ellipsis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextField {
    pub field: Field,
    pub area: BoxMm,
    /// Small bold heading printed at the top of the box ("SKU").
    #[serde(default)]
    pub caption: Option<String>,
    pub size_pt: f32,
    pub min_size_pt: f32,
    #[serde(default)]
    pub weight: Weight,
    #[serde(default)]
    pub align: Align,
    #[serde(default = "one_line")]
    pub max_lines: u8,
    /// Thickness of a black frame drawn around the box; 0 for none.
    #[serde(default)]
    pub frame_mm: f32,
}

fn one_line() -> u8 {
    1
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
#[serde(deny_unknown_fields)]
pub struct FlagsRow {
    pub area: BoxMm,
    pub size_pt: f32,
    pub min_size_pt: f32,
    pub gap_mm: f32,
}

/// The Code 128 of the LPN. `area` includes the quiet zones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BarcodeBox {
    pub area: BoxMm,
    pub quiet_zone_modules: u32,
    /// Wider modules read from further away; the barcode never grows beyond this.
    pub max_module_mm: f32,
}

impl LabelTemplate {
    /// A template from its TOML text (`file` names it in messages), checked.
    pub fn from_toml(file: &str, text: &str) -> Result<Self> {
        let template: LabelTemplate = toml::from_str(text).map_err(|e| LabelError::InvalidTemplate {
            template: file.to_owned(),
            problem: e.message().trim().to_owned(),
        })?;
        template.validate()?;
        Ok(template)
    }

    /// The built-in template of that name (`restock-4x6`, `restock-2x1`,
    /// `restock-100x150`, `restock-62x100`, …).
    /// Each is parsed and checked once per process; later calls copy it.
    pub fn builtin(name: &str) -> Result<Self> {
        static PARSED: std::sync::OnceLock<Vec<Result<LabelTemplate>>> = std::sync::OnceLock::new();
        let parsed = PARSED.get_or_init(|| BUILT_IN.iter().map(|(n, text)| Self::from_toml(n, text)).collect());
        let i = BUILT_IN
            .iter()
            .position(|(n, _)| *n == name)
            .ok_or_else(|| LabelError::UnknownTemplate {
                name: name.to_owned(),
                known: BUILT_IN.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "),
            })?;
        parsed[i].clone()
    }

    /// The built-in template of `kind` (`restock`, `refurbish`, `dispose`,
    /// `exception`, `liquidation`) on the stock a printer is loaded with, named by its
    /// template (`restock-4x6` → 4x6): `kind-stock` when there is one, else the
    /// printer's own template, so a small roll still gets a label it can hold.
    pub fn for_stock(kind: &str, printer_template: &str) -> &'static str {
        let stock = printer_template.split_once('-').map_or(printer_template, |(_, s)| s);
        let wanted = format!("{kind}-{stock}");
        BUILT_IN
            .iter()
            .map(|(n, _)| *n)
            .find(|n| *n == wanted)
            .or_else(|| BUILT_IN.iter().map(|(n, _)| *n).find(|n| *n == printer_template))
            .unwrap_or("restock-4x6")
    }

    /// The names of the built-in templates.
    pub fn builtin_names() -> impl Iterator<Item = &'static str> {
        BUILT_IN.iter().map(|(n, _)| *n)
    }

    /// The 4×6 in (101.6 × 152.4 mm) label stuck on a unit going back to stock.
    pub fn restock_4x6() -> Self {
        // Compiled-in data that a test loads and checks; it cannot fail at run time.
        Self::builtin("restock-4x6").expect("the built-in restock-4x6 template loads")
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
            self.flags.as_ref().and_then(|f| outside("flags", &f.area)),
            outside("barcode", &bar.area),
            self.gs1_barcode.as_ref().and_then(|b| outside("GS1-128", &b.area)),
            self.logo.as_ref().and_then(|b| outside("logo", b)),
            self.rules.iter().find_map(|r| outside("rule", r)),
            self.flags.as_ref().filter(|f| !sizes_are_sane(f.min_size_pt, f.size_pt)).map(|_| {
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
    #[test]
    fn each_kind_finds_its_template_on_the_printer_stock_or_falls_back_to_the_printer_own() {
        assert_eq!(LabelTemplate::for_stock("refurbish", "restock-4x6"), "refurbish-4x6");
        assert_eq!(LabelTemplate::for_stock("exception", "restock-4x6"), "exception-4x6");
        assert_eq!(
            LabelTemplate::for_stock("restock", "restock-100x150"),
            "restock-100x150"
        );
        // No refurbish ticket on 100x150 or 2x1 yet: the printer's own template.
        assert_eq!(
            LabelTemplate::for_stock("refurbish", "restock-100x150"),
            "restock-100x150"
        );
        assert_eq!(LabelTemplate::for_stock("dispose", "restock-2x1"), "restock-2x1");
        assert_eq!(LabelTemplate::for_stock("restock", "restock-62x100"), "restock-62x100");
        assert_eq!(LabelTemplate::for_stock("restock", "nonsense"), "restock-4x6");
        for name in LabelTemplate::builtin_names() {
            let (kind, _) = name.split_once('-').unwrap();
            assert_eq!(LabelTemplate::for_stock(kind, name), name);
        }
    }

    use super::*;

    #[test]
    fn every_built_in_template_loads_and_a_bad_one_names_its_problem() {
        for name in LabelTemplate::builtin_names() {
            let t = LabelTemplate::builtin(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(t.name, name);
        }
        let t = LabelTemplate::builtin("restock-2x1").unwrap();
        assert_eq!((t.width_mm, t.height_mm, t.flags.is_none()), (50.8, 25.4, true));
        let err = LabelTemplate::from_toml("mine.toml", "name = \"x\"\ncolour = 1")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("mine.toml") && err.contains("unknown field `colour`"),
            "{err}"
        );
        let err = LabelTemplate::builtin("a4").unwrap_err().to_string();
        assert!(err.contains("restock-4x6, restock-2x1, refurbish-4x6"), "{err}");
    }

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
        boxes.push(("flags".into(), t.flags.as_ref().unwrap().area));
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
        t.flags.as_mut().unwrap().min_size_pt = f32::NAN;
        assert!(matches!(t.validate(), Err(LabelError::InvalidTemplate { .. })));
    }

    #[test]
    fn a_narrow_quiet_zone_is_rejected() {
        let mut t = LabelTemplate::restock_4x6();
        t.barcode.quiet_zone_modules = 4;
        assert!(matches!(t.validate(), Err(LabelError::InvalidTemplate { .. })));
    }
}
