//! One label as a one-page PDF (printpdf 0.12): text in the embedded fonts, bars and
//! rules as filled rectangles, everything positioned from the template's millimetres.

mod bars;
mod flags;
mod text;

use printpdf::{
    Color, FontId, Greyscale, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect,
    TextItem, WindingOrder,
};

use crate::error::Result;
use crate::fonts::Fonts;
use crate::template::{BoxMm, Field, LabelTemplate, Weight};
use crate::LabelData;

pub(crate) fn render(template: &LabelTemplate, data: &LabelData) -> Result<Vec<u8>> {
    template.validate()?;
    let fonts = Fonts::load()?;
    let mut doc = PdfDocument::new(&format!("Label {}", data.lpn));
    let mut page = Page {
        height_mm: template.height_mm,
        fonts: &fonts,
        regular: doc.add_font(&fonts.face(Weight::Regular).parsed),
        bold: doc.add_font(&fonts.face(Weight::Bold).parsed),
        ops: vec![Op::SetFillColor { col: black() }],
    };
    // Bars first: an LPN that cannot be encoded fails before any other work.
    page.barcode(template, &data.lpn)?;
    for rule in &template.rules {
        page.fill(rule);
    }
    for field in &template.fields {
        page.text_field(field, field_text(data, field.field));
    }
    page.flags(&template.flags, &data.flags);

    let page_box = Rect::from_wh(pt(template.width_mm), pt(template.height_mm));
    let pdf_page = PdfPage {
        media_box: page_box.clone(),
        trim_box: page_box.clone(),
        crop_box: page_box,
        ops: page.ops,
    };
    Ok(doc
        .with_pages(vec![pdf_page])
        .save(&PdfSaveOptions::default(), &mut Vec::new()))
}

fn field_text(data: &LabelData, field: Field) -> &str {
    match field {
        Field::Disposition => &data.disposition,
        Field::Destination => &data.destination,
        Field::Grade => &data.grade,
        Field::Sku => &data.sku,
        Field::Description => &data.description,
        Field::ReturnNumber => &data.return_number,
        Field::Date => &data.date,
        Field::Bench => &data.bench,
        Field::Lpn => &data.lpn,
    }
}

/// Millimetres to points through f64, so 101.6 mm is exactly 288 pt.
fn pt(mm: f32) -> Pt {
    Pt((f64::from(mm) * 72.0 / 25.4) as f32)
}

/// Points to millimetres.
fn mm(points: f32) -> f32 {
    points * 25.4 / 72.0
}

fn black() -> Color {
    Color::Greyscale(Greyscale::new(0.0, None))
}

fn white() -> Color {
    Color::Greyscale(Greyscale::new(1.0, None))
}

/// The page being drawn; its parts live in `bars`, `flags` and `text`.
struct Page<'a> {
    height_mm: f32,
    fonts: &'a Fonts,
    regular: FontId,
    bold: FontId,
    ops: Vec<Op>,
}

impl Page<'_> {
    /// A solid box in the current fill colour; `b` is measured from the top-left like
    /// the template.
    fn fill(&mut self, b: &BoxMm) {
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: pt(b.x),
                y: pt(self.height_mm - b.y - b.height),
                width: pt(b.width),
                height: pt(b.height),
                // Without a paint mode printpdf ends the path with `n` and draws nothing.
                mode: Some(PaintMode::Fill),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    fn frame(&mut self, b: &BoxMm, thickness: f32) {
        let t = thickness;
        self.fill(&BoxMm::new(b.x, b.y, b.width, t));
        self.fill(&BoxMm::new(b.x, b.y + b.height - t, b.width, t));
        self.fill(&BoxMm::new(b.x, b.y, t, b.height));
        self.fill(&BoxMm::new(b.x + b.width - t, b.y, t, b.height));
    }

    /// One line of text with its baseline `baseline_mm` from the top of the label.
    fn line(&mut self, weight: Weight, size_pt: f32, x_mm: f32, baseline_mm: f32, text: &str) {
        let font = match weight {
            Weight::Regular => self.regular.clone(),
            Weight::Bold => self.bold.clone(),
        };
        // Each line is its own text object: `Td` is relative within one.
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(size_pt),
            },
            Op::SetTextCursor {
                pos: Point {
                    x: pt(x_mm),
                    y: pt(self.height_mm - baseline_mm),
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }
}
