//! One layout for every renderer: a label laid out as marks (filled boxes, lines of
//! text, a Code 128) in millimetres from the top-left corner. The PDF and ZPL
//! renderers only translate marks; what goes where is decided once, here.

pub(crate) mod bars;
mod flags;
pub(crate) mod text;

use crate::error::Result;
use crate::fonts::Fonts;
use crate::template::{Align, BoxMm, Field, LabelTemplate, Weight};
use crate::LabelData;

/// Something to print.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Mark {
    /// A solid black box.
    Fill(BoxMm),
    /// One line of text; `baseline_mm` from the top of the label. `white`: white text
    /// on the black box drawn just before it (a flag). `x_mm` is where it starts in
    /// the layout's font; `within` is the span it is aligned in, for a renderer whose
    /// font is narrower or wider (a printer's own) to align it again.
    Text {
        weight: Weight,
        size_pt: f32,
        x_mm: f32,
        baseline_mm: f32,
        text: String,
        white: bool,
        within: Span,
    },
    /// The logo, filling this box (already of its proportions).
    Logo(BoxMm),
    /// A Code 128: `input` in barcoders' notation (set markers `Ɓ`/`Ć`), `modules`
    /// its bars (1) and spaces (0) without quiet zones, first bar at `x_mm`.
    Code128 {
        input: String,
        modules: Vec<u8>,
        x_mm: f32,
        y_mm: f32,
        module_mm: f32,
        height_mm: f32,
    },
}

/// A horizontal span text is aligned in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Span {
    pub x_mm: f32,
    pub width_mm: f32,
    pub align: Align,
}

/// A laid-out label.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scene {
    pub width_mm: f32,
    pub height_mm: f32,
    pub marks: Vec<Mark>,
}

/// Lays out `data` on `template`: bars first (an LPN that cannot be encoded fails
/// before any other work), then rules, text fields and flags.
pub(crate) fn layout(template: &LabelTemplate, data: &LabelData, fonts: &Fonts) -> Result<Scene> {
    template.validate()?;
    let mut page = Page {
        fonts,
        marks: Vec::new(),
    };
    page.barcode(template, &data.lpn)?;
    if let Some(area) = &template.gs1_barcode {
        page.gs1(template, area, &data.gtin, &data.serial)?;
    }
    for rule in &template.rules {
        page.fill(rule);
    }
    if let Some(area) = &template.logo {
        page.marks.push(Mark::Logo(crate::logo::fitted(area)?));
    }
    for field in &template.fields {
        page.text_field(field, &field_text(data, field.field));
    }
    if let Some(flags) = &template.flags {
        page.flags(flags, &data.flags);
    }
    Ok(Scene {
        width_mm: template.width_mm,
        height_mm: template.height_mm,
        marks: page.marks,
    })
}

pub(crate) fn field_text(data: &LabelData, field: Field) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow::Borrowed;
    Borrowed(match field {
        Field::Disposition => &data.disposition,
        Field::Destination => &data.destination,
        Field::Grade => &data.grade,
        Field::Sku => &data.sku,
        Field::Description => &data.description,
        Field::ReturnNumber => &data.return_number,
        Field::Date => &data.date,
        Field::Bench => &data.bench,
        Field::Lpn => &data.lpn,
        Field::Gs1 => return crate::barcode::gs1_text(&data.gtin, &data.serial).into(),
    })
}

/// Millimetres to points (text sizes and font metrics are in points).
pub(crate) fn pt(mm: f32) -> f32 {
    (f64::from(mm) * 72.0 / 25.4) as f32
}

/// Points to millimetres.
pub(crate) fn mm(points: f32) -> f32 {
    points * 25.4 / 72.0
}

/// The label being laid out; its parts live in `bars`, `flags` and `text`.
struct Page<'a> {
    fonts: &'a Fonts,
    marks: Vec<Mark>,
}

impl Page<'_> {
    fn fill(&mut self, b: &BoxMm) {
        self.marks.push(Mark::Fill(*b));
    }

    fn frame(&mut self, b: &BoxMm, thickness: f32) {
        let t = thickness;
        self.fill(&BoxMm::new(b.x, b.y, b.width, t));
        self.fill(&BoxMm::new(b.x, b.y + b.height - t, b.width, t));
        self.fill(&BoxMm::new(b.x, b.y, t, b.height));
        self.fill(&BoxMm::new(b.x + b.width - t, b.y, t, b.height));
    }

    /// One line of text with its baseline `baseline_mm` from the top of the label.
    #[allow(clippy::too_many_arguments)]
    fn line(
        &mut self,
        weight: Weight,
        size_pt: f32,
        x_mm: f32,
        baseline_mm: f32,
        text: &str,
        white: bool,
        within: Span,
    ) {
        self.marks.push(Mark::Text {
            weight,
            size_pt,
            x_mm,
            baseline_mm,
            text: text.to_owned(),
            white,
            within,
        });
    }
}
