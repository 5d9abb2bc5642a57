//! Text fields: optional caption, optional frame, the value fitted to its box.

use super::{mm, pt, Page, Span};
use crate::fonts::Face;
use crate::layout::{fit_text, Fit, LINE_PITCH_EM};
use crate::template::{Align, BoxMm, TextField, Weight};

const CAPTION_PT: f32 = 6.5;
/// Space between a caption and the value under it.
const CAPTION_GAP_MM: f32 = 0.6;
/// Inside a frame, text keeps this far from the frame.
const FRAME_PADDING_MM: f32 = 1.2;

impl Page<'_> {
    pub(super) fn text_field(&mut self, field: &TextField, value: &str) {
        if field.frame_mm > 0.0 {
            self.frame(&field.area, field.frame_mm);
        }
        if let Some(caption) = &field.caption {
            let bold = self.fonts.face(Weight::Bold);
            let caption = bold.printable(caption);
            let area = framed(field);
            let baseline = area.y + bold.ascent * mm(CAPTION_PT);
            let x = aligned_x(&area, field.align, mm(bold.width_pt(&caption, CAPTION_PT)));
            self.line(
                Weight::Bold,
                CAPTION_PT,
                x,
                baseline,
                &caption,
                false,
                span(&area, field.align),
            );
        }
        self.paragraph(&value_area(field), field, value);
    }

    /// The value, shrunk, wrapped or cut to fit `area`.
    fn paragraph(&mut self, area: &BoxMm, field: &TextField, value: &str) {
        let face = self.fonts.face(field.weight);
        let text = face.printable(value);
        let fit = Fit {
            width_pt: pt(area.width),
            height_pt: pt(area.height),
            size_pt: field.size_pt,
            min_size_pt: field.min_size_pt,
            max_lines: usize::from(field.max_lines),
        };
        let fitted = fit_text(&text, &fit, |s, size| face.width_pt(s, size));
        let size = fitted.size_pt;
        let lines: Vec<(String, f32)> = fitted
            .lines
            .into_iter()
            .map(|l| {
                let width = mm(face.width_pt(&l, size));
                (l, width)
            })
            .collect();
        for (i, (line, width)) in lines.iter().enumerate() {
            let (x, baseline) = line_at(area, field.align, face, size, lines.len(), i, *width);
            self.line(field.weight, size, x, baseline, line, false, span(area, field.align));
        }
    }
}

/// The field's box inside its frame (and the frame's padding).
fn framed(field: &TextField) -> BoxMm {
    let area = field.area;
    if field.frame_mm <= 0.0 {
        return area;
    }
    let inset = field.frame_mm + FRAME_PADDING_MM;
    BoxMm::new(
        area.x + inset,
        area.y + inset,
        area.width - 2.0 * inset,
        area.height - 2.0 * inset,
    )
}

/// Where the field's value is laid: inside the frame, under the caption.
pub(crate) fn value_area(field: &TextField) -> BoxMm {
    let area = framed(field);
    if field.caption.is_none() {
        return area;
    }
    let used = mm(CAPTION_PT * LINE_PITCH_EM) + CAPTION_GAP_MM;
    BoxMm::new(area.x, area.y + used, area.width, area.height - used)
}

/// Line `i` of `n` set at `size` in `area`, `width_mm` wide: its x and baseline.
/// Centred fields are centred both ways; the others hang from the top of the box.
pub(crate) fn line_at(
    area: &BoxMm,
    align: Align,
    face: &Face,
    size: f32,
    n: usize,
    i: usize,
    width_mm: f32,
) -> (f32, f32) {
    let (ascent, pitch) = (face.ascent * mm(size), mm(size * LINE_PITCH_EM));
    let block = mm(size) * (face.ascent + face.descent) + pitch * n.saturating_sub(1) as f32;
    let top = match align {
        Align::Centre => area.y + (area.height - block).max(0.0) / 2.0,
        Align::Left | Align::Right => area.y,
    };
    (aligned_x(area, align, width_mm), top + ascent + pitch * i as f32)
}

pub(crate) fn span(area: &BoxMm, align: Align) -> Span {
    Span {
        x_mm: area.x,
        width_mm: area.width,
        align,
    }
}

fn aligned_x(area: &BoxMm, align: Align, width_mm: f32) -> f32 {
    match align {
        Align::Left => area.x,
        Align::Centre => area.x + (area.width - width_mm) / 2.0,
        Align::Right => area.x + area.width - width_mm,
    }
}
