//! The LPN's Code 128 as filled rectangles on the printer's dot grid.

use super::Page;
use crate::barcode::code128_modules;
use crate::error::{LabelError, Result};
use crate::template::{BoxMm, LabelTemplate, MIN_MODULE_MM, MM_PER_DOT};

impl Page<'_> {
    /// Bars on the 203 dpi dot grid, each module a whole number of dots (a fractional
    /// module prints as bars of uneven width), centred in the barcode box.
    pub(super) fn barcode(&mut self, template: &LabelTemplate, lpn: &str) -> Result<()> {
        let bar = &template.barcode;
        let modules = code128_modules(lpn, bar.quiet_zone_modules)?;
        let count = modules.len() as f32;
        let dots_per_module = (bar.area.width / count / MM_PER_DOT)
            .floor()
            .min((bar.max_module_mm / MM_PER_DOT).floor());
        let module_mm = dots_per_module * MM_PER_DOT;
        if module_mm < MIN_MODULE_MM - 1e-4 {
            return Err(LabelError::LpnTooLong {
                lpn: lpn.to_owned(),
                template: template.name.clone(),
                needed_mm: count * MIN_MODULE_MM,
                available_mm: bar.area.width,
            });
        }
        let free_mm = bar.area.width - count * module_mm;
        let left_mm = ((bar.area.x + free_mm / 2.0) / MM_PER_DOT).round() * MM_PER_DOT;
        let mut i = 0;
        while i < modules.len() {
            let run = modules[i..].iter().take_while(|&&m| m == modules[i]).count();
            if modules[i] == 1 {
                let x = left_mm + i as f32 * module_mm;
                self.fill(&BoxMm::new(x, bar.area.y, run as f32 * module_mm, bar.area.height));
            }
            i += run;
        }
        Ok(())
    }
}
