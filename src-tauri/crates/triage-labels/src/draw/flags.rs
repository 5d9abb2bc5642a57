//! Flags ("WRONG ITEM") as white-on-black boxes, in as many rows as the flags need.

use super::{mm, pt, Page, Span};
use crate::layout::{fit_text, pack_rows, Fit};
use crate::template::{Align, BoxMm, FlagsRow, Weight};

/// Between the text and the sides of its box.
const PADDING_X_MM: f32 = 1.2;
/// Between the text's ascent/descent and the top/bottom of its box.
const PADDING_Y_MM: f32 = 0.8;
const ROW_GAP_MM: f32 = 1.0;
/// DejaVu Sans capital height, in ems: flags are centred on their capitals.
const CAP_HEIGHT_EM: f32 = 0.73;

impl Page<'_> {
    /// The largest size at which every flag fits in the row's box, one or more rows;
    /// at the smallest size, rows that still do not fit are left off and a flag wider
    /// than the whole row is cut with "…".
    pub(super) fn flags(&mut self, row: &FlagsRow, flags: &[String]) {
        let face = self.fonts.face(Weight::Bold);
        let flags: Vec<String> = flags
            .iter()
            .map(|f| face.printable(f.trim()))
            .filter(|f| !f.is_empty())
            .collect();
        if flags.is_empty() {
            return;
        }
        let box_height = |size: f32| mm(size) * (face.ascent + face.descent) + 2.0 * PADDING_Y_MM;
        let widths = |size: f32| -> Vec<f32> {
            flags
                .iter()
                .map(|f| mm(face.width_pt(f, size)) + 2.0 * PADDING_X_MM)
                .collect()
        };
        let mut size = row.size_pt;
        let rows = loop {
            let rows = pack_rows(&widths(size), row.area.width, row.gap_mm);
            let height = rows.len() as f32 * (box_height(size) + ROW_GAP_MM) - ROW_GAP_MM;
            if height <= row.area.height || size - 0.5 < row.min_size_pt {
                break rows;
            }
            size -= 0.5;
        };
        let height = box_height(size);
        for (r, members) in rows.iter().enumerate() {
            let y = row.area.y + r as f32 * (height + ROW_GAP_MM);
            if y + height > row.area.y + row.area.height + 0.01 {
                break;
            }
            let mut x = row.area.x;
            for &i in members {
                let room_mm = row.area.width - 2.0 * PADDING_X_MM;
                let text = if mm(face.width_pt(&flags[i], size)) <= room_mm + 0.05 {
                    flags[i].clone()
                } else {
                    let fit = Fit {
                        width_pt: pt(room_mm),
                        height_pt: pt(height),
                        size_pt: size,
                        min_size_pt: size,
                        max_lines: 1,
                    };
                    fit_text(&flags[i], &fit, |s, sz| face.width_pt(s, sz)).lines.concat()
                };
                let width = mm(face.width_pt(&text, size)) + 2.0 * PADDING_X_MM;
                self.fill(&BoxMm::new(x, y, width, height));
                let baseline = y + (height + mm(size) * CAP_HEIGHT_EM) / 2.0;
                let within = Span {
                    x_mm: x + PADDING_X_MM,
                    width_mm: width - 2.0 * PADDING_X_MM,
                    align: Align::Left,
                };
                self.line(Weight::Bold, size, x + PADDING_X_MM, baseline, &text, true, within);
                x += width + row.gap_mm;
            }
        }
    }
}
