//! One label as a one-page PDF (printpdf 0.12): text in the embedded fonts, bars and
//! rules as filled rectangles, everything positioned from the template's millimetres.

use printpdf::{
    Color, DictItem, ExternalStream, ExternalXObject, FontId, Greyscale, Op, PaintMode, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Px, Rect, TextItem, WindingOrder, XObjectId, XObjectTransform,
};

mod prepared;

use crate::draw::{self, Mark, Scene};
use crate::error::Result;
use crate::fonts::{self, Fonts};
use crate::logo;

/// The resolution the logo is embedded at in a PDF.
const LOGO_DPI: f64 = 300.0;
use crate::template::{BoxMm, LabelTemplate, Weight};
use crate::LabelData;

pub(crate) fn render(template: &LabelTemplate, data: &LabelData) -> Result<Vec<u8>> {
    let fonts = Fonts::shared()?;
    let scene = draw::layout(template, data, fonts)?;
    to_pdf(&scene, fonts, &format!("Label {}", data.lpn))
}

pub(crate) fn to_pdf(scene: &Scene, fonts: &Fonts, title: &str) -> Result<Vec<u8>> {
    // Text in the common set goes on the document made once for the page's size,
    // with the faces cut once at start embedded as they are and uncompressed (120 kB);
    // other text gets faces subset for this label and a compressed file (about 3 ms,
    // 25 kB).
    let common = scene.marks.iter().all(|mark| match mark {
        Mark::Text { text, .. } => text.chars().all(fonts::in_common_set),
        _ => true,
    });
    if common {
        if let Some(pdf) = prepared::prepared(scene, fonts).and_then(|p| p.render(scene, fonts, title)) {
            return Ok(pdf);
        }
    }
    to_pdf_with(scene, fonts, title, common)
}

/// The page's operations, the same for both ways of making the file: `logo` gives the
/// image drawn in a logo's box.
fn page_ops(
    scene: &Scene,
    (regular, bold): (&FontId, &FontId),
    mut logo: impl FnMut(&BoxMm) -> Result<XObjectId>,
) -> Result<Vec<Op>> {
    let mut page = Page {
        height_mm: scene.height_mm,
        regular: regular.clone(),
        bold: bold.clone(),
        ops: vec![Op::SetFillColor { col: black() }],
    };
    for mark in &scene.marks {
        match mark {
            Mark::Fill(b) => page.fill(b),
            Mark::Text {
                weight,
                size_pt,
                x_mm,
                baseline_mm,
                text,
                white: on_black,
                ..
            } => {
                if *on_black {
                    page.ops.push(Op::SetFillColor { col: white() });
                }
                page.line(*weight, *size_pt, *x_mm, *baseline_mm, text);
                if *on_black {
                    page.ops.push(Op::SetFillColor { col: black() });
                }
            }
            Mark::Logo(b) => {
                let id = logo(b)?;
                page.ops.push(Op::UseXobject {
                    id,
                    transform: logo_transform(b, scene.height_mm),
                });
            }
            Mark::Code128 {
                modules,
                x_mm,
                y_mm,
                module_mm,
                height_mm,
                ..
            } => {
                // Each run of bars is one filled rectangle.
                let mut i = 0;
                while i < modules.len() {
                    let run = modules[i..].iter().take_while(|&&m| m == modules[i]).count();
                    if modules[i] == 1 {
                        let x = x_mm + i as f32 * module_mm;
                        page.fill(&BoxMm::new(x, *y_mm, run as f32 * module_mm, *height_mm));
                    }
                    i += run;
                }
            }
        }
    }
    Ok(page.ops)
}

/// The whole document made by printpdf for this label alone: with faces subset for
/// it (`common` false), or with the common faces as they are.
fn to_pdf_with(scene: &Scene, fonts: &Fonts, title: &str, common: bool) -> Result<Vec<u8>> {
    let face = |weight| {
        let face = fonts.face(weight);
        if common {
            &face.common
        } else {
            &face.parsed
        }
    };
    let mut doc = PdfDocument::new(title);
    let regular = doc.add_font(face(Weight::Regular));
    let bold = doc.add_font(face(Weight::Bold));
    let ops = page_ops(scene, (&regular, &bold), |b| add_logo(&mut doc, b))?;
    let options = PdfSaveOptions {
        optimize: !common,
        subset_fonts: !common,
        ..PdfSaveOptions::default()
    };
    Ok(doc
        .with_pages(vec![pdf_page(scene, ops)])
        .save(&options, &mut Vec::new()))
}

fn pdf_page(scene: &Scene, ops: Vec<Op>) -> PdfPage {
    let page_box = Rect::from_wh(pt(scene.width_mm), pt(scene.height_mm));
    PdfPage {
        media_box: page_box.clone(),
        trim_box: page_box.clone(),
        crop_box: page_box,
        ops,
    }
}

/// The logo in box `b` as a 1-bit DeviceGray image at 300 dpi, uncompressed (about
/// 3 kB): scaled once per size, so a document only copies it.
fn add_logo(doc: &mut PdfDocument, b: &BoxMm) -> Result<XObjectId> {
    let (w, h) = logo_pixels(b);
    let logo = logo::scaled(w, h)?;
    let (w, h) = (logo.bitmap.width as usize, logo.bitmap.height as usize);
    let int = |n: usize| DictItem::Int(n as i64);
    let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
    Ok(doc.add_xobject(&ExternalXObject {
        stream: ExternalStream {
            dict: [
                ("Type", name("XObject")),
                ("Subtype", name("Image")),
                ("Width", int(w)),
                ("Height", int(h)),
                ("BitsPerComponent", int(1)),
                ("ColorSpace", name("DeviceGray")),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
            content: logo.pdf_bits.clone(),
            compress: false,
        },
        width: Some(Px(w)),
        height: Some(Px(h)),
        dpi: Some(LOGO_DPI as f32),
    }))
}

fn logo_pixels(b: &BoxMm) -> (u32, u32) {
    let px = |mm: f32| (f64::from(mm) / 25.4 * LOGO_DPI).round().max(1.0) as u32;
    (px(b.width), px(b.height))
}

fn logo_transform(b: &BoxMm, height_mm: f32) -> XObjectTransform {
    XObjectTransform {
        translate_x: Some(pt(b.x)),
        translate_y: Some(pt(height_mm - b.y - b.height)),
        dpi: Some(LOGO_DPI as f32),
        ..XObjectTransform::default()
    }
}

/// Millimetres to points through f64, so 101.6 mm is exactly 288 pt.
fn pt(mm: f32) -> Pt {
    Pt((f64::from(mm) * 72.0 / 25.4) as f32)
}

fn black() -> Color {
    Color::Greyscale(Greyscale::new(0.0, None))
}

fn white() -> Color {
    Color::Greyscale(Greyscale::new(1.0, None))
}

/// The PDF page being drawn from the scene's marks.
struct Page {
    height_mm: f32,
    regular: FontId,
    bold: FontId,
    ops: Vec<Op>,
}

impl Page {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn raster(pdf: &[u8]) -> image::GrayImage {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("label.pdf");
        std::fs::write(&path, pdf).unwrap();
        let out = std::process::Command::new("pdftoppm")
            .args(["-r", "203", "-gray", "-png", "-singlefile"])
            .arg(&path)
            .arg(dir.path().join("label"))
            .status()
            .unwrap();
        assert!(out.success());
        image::open(dir.path().join("label.png")).unwrap().to_luma8()
    }

    /// A restock label in French, describing the unit as `description`.
    fn french(description: &str) -> LabelData {
        LabelData {
            lpn: "LPN0010000001".into(),
            sku: "FTW-RUN-0027-41-BLU".into(),
            description: description.into(),
            grade: "B".into(),
            disposition: "RESTOCK".into(),
            destination: "Zone B → allée 3".into(),
            return_number: "RMA4890165".into(),
            date: "2026-11-27".into(),
            bench: "Site PAR1 · Bench 01".into(),
            ..LabelData::default()
        }
    }

    #[test]
    fn the_faces_cut_at_start_draw_the_same_label_as_a_subset_made_for_it() {
        let fonts = Fonts::shared().unwrap();
        let template = LabelTemplate::builtin("restock-4x6").unwrap();
        let data = LabelData {
            flags: vec!["WRONG ITEM".into()],
            ..french("Chaussures de randonnée, été — Łódź, Brașov, Ærøskøbing, 1/2 € …")
        };
        let scene = draw::layout(&template, &data, fonts).unwrap();
        let fast = to_pdf(&scene, fonts, "t").unwrap();
        let subset = to_pdf_with(&scene, fonts, "t", false).unwrap();
        assert!(fast.len() > subset.len(), "the common faces are embedded uncompressed");
        let (a, b) = (raster(&fast), raster(&subset));
        assert_eq!(a.dimensions(), b.dimensions());
        let differ = a
            .pixels()
            .zip(b.pixels())
            .filter(|(p, q)| p.0[0].abs_diff(q.0[0]) > 8)
            .count();
        assert_eq!(differ, 0, "{differ} pixels differ");
        let ink = a.pixels().filter(|p| p.0[0] < 128).count();
        assert!(ink > 20_000, "the label has text and bars: {ink} dark pixels");
    }

    #[test]
    fn text_outside_the_common_set_takes_a_subset_made_for_the_label() {
        let fonts = Fonts::shared().unwrap();
        let template = LabelTemplate::builtin("restock-4x6").unwrap();
        let data = LabelData {
            lpn: "LPN0010000002".into(),
            description: "Кроссовки, размер 41".into(),
            ..LabelData::default()
        };
        let scene = draw::layout(&template, &data, fonts).unwrap();
        let (chosen, subset) = (
            to_pdf(&scene, fonts, "t").unwrap().len(),
            to_pdf_with(&scene, fonts, "t", false).unwrap().len(),
        );
        // The same file but for its creation date and id.
        assert!(chosen.abs_diff(subset) < 64, "{chosen} vs {subset}");
        assert!(chosen * 2 < to_pdf_with(&scene, fonts, "t", true).unwrap().len());
    }

    /// The page's content stream as a reader sees it, with the names of fonts and
    /// images (random in each document) numbered in order of use, and the title.
    fn page_of(pdf: &[u8]) -> (String, lopdf::Object) {
        let doc = lopdf::Document::load_mem(pdf).unwrap();
        let page = *doc.get_pages().values().next().unwrap();
        let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
        let title = doc.get_dictionary(info).unwrap().get(b"Title").unwrap().clone();
        let mut content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
        let mut names: Vec<Vec<u8>> = Vec::new();
        for op in &mut content.operations {
            if let ("Tf" | "Do", Some(lopdf::Object::Name(name))) = (op.operator.as_str(), op.operands.first_mut()) {
                let n = names.iter().position(|seen| seen == name).unwrap_or_else(|| {
                    names.push(name.clone());
                    names.len() - 1
                });
                *name = format!("R{n}").into_bytes();
            }
        }
        (String::from_utf8(content.encode().unwrap()).unwrap(), title)
    }

    /// On every template, labels put on the document made once for their size carry
    /// the very content stream and title printpdf writes for them whole.
    #[test]
    fn the_document_made_once_carries_what_printpdf_writes_for_the_label() {
        let fonts = Fonts::shared().unwrap();
        let base = french("Chaussures de randonnée, été — Łódź");
        let variants = [
            base.clone(),
            LabelData {
                flags: vec!["WRONG ITEM".into(), "HIGH VALUE".into()],
                ..base.clone()
            },
            LabelData {
                description: "A very long description that has to wrap over more than one line of the label, and more"
                    .into(),
                ..base.clone()
            },
            LabelData {
                gtin: "3760187117485".into(),
                serial: "SN-42A".into(),
                ..base.clone()
            },
            LabelData::default(),
        ];
        let mut compared = 0;
        for name in LabelTemplate::builtin_names() {
            let template = LabelTemplate::builtin(name).unwrap();
            for data in &variants {
                let Ok(scene) = draw::layout(&template, data, fonts) else {
                    continue;
                };
                let title = format!("Label {}", data.lpn);
                let prepared = prepared::prepared(&scene, fonts).expect("the document is made");
                let fast = prepared.render(&scene, fonts, &title).expect("the label goes on it");
                let whole = to_pdf_with(&scene, fonts, &title, true).unwrap();
                assert_eq!(page_of(&fast), page_of(&whole), "{name}: {data:?}");
                // Every object is where the cross-reference table says.
                let (_, offsets) = prepared::head_and_offsets(fast.clone()).unwrap();
                let objects = offsets.iter().enumerate().filter(|(_, &at)| at > 0);
                for (n, &at) in objects.clone() {
                    assert!(
                        fast[at..].starts_with(format!("{n} 0 obj").as_bytes()),
                        "{name}: object {n}"
                    );
                }
                assert!(objects.count() >= 10, "{name}");
                assert_eq!(to_pdf(&scene, fonts, &title).unwrap(), fast, "{name}: the usual way");
                compared += 1;
            }
        }
        assert!(compared >= 30, "{compared}");
    }
}
