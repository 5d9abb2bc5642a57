//! Where the LPN's Code 128 goes and how wide its modules are.

use super::Mark;
use super::Page;
use crate::barcode::code128_input;
use crate::error::{LabelError, Result};
use crate::template::{BarcodeBox, LabelTemplate, MIN_MODULE_MM, MM_PER_DOT};

impl Page<'_> {
    /// The LPN's Code 128 on the 203 dpi dot grid, each module a whole number of dots
    /// (a fractional module prints as bars of uneven width), centred in the barcode box.
    pub(super) fn barcode(&mut self, template: &LabelTemplate, lpn: &str) -> Result<()> {
        let input = code128_input(lpn)?;
        let modules = crate::barcode::encode(lpn, &input)?;
        self.place(template, &template.barcode, lpn, input, modules, false)
    }

    /// The GS1-128 of (01) `gtin` and (21) `serial` in `area`; nothing when either is unknown.
    pub(super) fn gs1(&mut self, template: &LabelTemplate, area: &BarcodeBox, gtin: &str, serial: &str) -> Result<()> {
        let Some(input) = crate::barcode::gs1_input(gtin, serial)? else {
            return Ok(());
        };
        let text = crate::barcode::gs1_text(gtin, serial);
        let modules = crate::barcode::encode(&text, &input)?;
        self.place(template, area, &text, input, modules, true)
    }

    /// A Code 128 centred in `bar`, modules a whole number of 203 dpi dots; `gs1`
    /// says which barcode a too-long error names.
    #[allow(clippy::too_many_arguments)]
    fn place(
        &mut self,
        template: &LabelTemplate,
        bar: &BarcodeBox,
        shown: &str,
        input: String,
        modules: Vec<u8>,
        gs1: bool,
    ) -> Result<()> {
        let Some((x_mm, module_mm)) = placement(bar, modules.len()) else {
            let count = (modules.len() + 2 * bar.quiet_zone_modules as usize) as f32;
            let (template, needed_mm, available_mm) = (template.name.clone(), count * MIN_MODULE_MM, bar.area.width);
            return Err(if gs1 {
                LabelError::Gs1TooLong {
                    code: shown.to_owned(),
                    template,
                    needed_mm,
                    available_mm,
                }
            } else {
                LabelError::LpnTooLong {
                    lpn: shown.to_owned(),
                    template,
                    needed_mm,
                    available_mm,
                }
            });
        };
        self.marks.push(Mark::Code128 {
            input,
            modules,
            x_mm,
            y_mm: bar.area.y,
            module_mm,
            height_mm: bar.area.height,
        });
        Ok(())
    }
}

/// Where a Code 128 of `modules` modules goes in `bar`: its first bar's x and the
/// module width, both on the 203 dpi dot grid (centred, the widest module the box
/// allows up to its maximum); `None` when even the thinnest printable module is
/// too wide for the box.
pub(crate) fn placement(bar: &BarcodeBox, modules: usize) -> Option<(f32, f32)> {
    // The quiet zones are part of the width the bars must fit in.
    let count = (modules + 2 * bar.quiet_zone_modules as usize) as f32;
    let dots_per_module = (bar.area.width / count / MM_PER_DOT)
        .floor()
        .min((bar.max_module_mm / MM_PER_DOT).floor());
    let module_mm = dots_per_module * MM_PER_DOT;
    if module_mm < MIN_MODULE_MM - 1e-4 {
        return None;
    }
    let symbol_mm = modules as f32 * module_mm;
    // Centred, on the dot grid.
    let x_mm = ((bar.area.x + (bar.area.width - symbol_mm) / 2.0) / MM_PER_DOT).round() * MM_PER_DOT;
    Some((x_mm, module_mm))
}
