//! A printable sheet of command barcodes for the bench (`CMD:Y`, `CMD:UNDO`…): the
//! inspector drives the checklist by scanning it. Same marks, same PDF renderer.

use crate::barcode::{code128_input, encode};
use crate::draw::{mm, Mark, Scene, Span};
use crate::error::{LabelError, Result};
use crate::fonts::Fonts;
use crate::template::{Align, Weight, MM_PER_DOT};

/// One command on the sheet: what people read, what the scanner reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetEntry {
    pub label: String,
    pub code: String,
}

/// Paper the sheet is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    fn size_mm(self) -> (f32, f32) {
        match self {
            Paper::A4 => (210.0, 297.0),
            Paper::Letter => (215.9, 279.4),
        }
    }
}

const MARGIN_MM: f32 = 15.0;
const COLUMNS: usize = 3;
const TITLE_PT: f32 = 16.0;
const LABEL_PT: f32 = 11.0;
const BAR_HEIGHT_MM: f32 = 15.0;
/// 2 dots of a 203 dpi printer (0.25 mm); an office printer prints it sharp too.
const MODULE_MM: f32 = 2.0 * MM_PER_DOT;
const QUIET_MODULES: f32 = 10.0;

/// The sheet as a PDF: a title, then a grid of barcodes with their words under them.
pub fn render_command_sheet(title: &str, entries: &[SheetEntry], paper: Paper) -> Result<Vec<u8>> {
    let fonts = Fonts::shared()?;
    let (width_mm, height_mm) = paper.size_mm();
    let mut marks = Vec::new();
    let bold = fonts.face(Weight::Bold);
    let title = bold.printable(title);
    marks.push(Mark::Text {
        weight: Weight::Bold,
        size_pt: TITLE_PT,
        x_mm: MARGIN_MM,
        baseline_mm: MARGIN_MM + mm(TITLE_PT),
        text: title,
        white: false,
        within: Span {
            x_mm: MARGIN_MM,
            width_mm: width_mm - 2.0 * MARGIN_MM,
            align: Align::Left,
        },
    });
    let cell_w = (width_mm - 2.0 * MARGIN_MM) / COLUMNS as f32;
    let cell_h = BAR_HEIGHT_MM + mm(LABEL_PT) * 2.0 + 8.0;
    let top = MARGIN_MM + mm(TITLE_PT) * 2.0;
    let rows = entries.len().div_ceil(COLUMNS);
    if top + rows as f32 * cell_h > height_mm - MARGIN_MM {
        return Err(LabelError::InvalidTemplate {
            template: "command sheet".into(),
            problem: format!("{} commands do not fit on one page", entries.len()),
        });
    }
    for (i, e) in entries.iter().enumerate() {
        let (col, row) = (i % COLUMNS, i / COLUMNS);
        let x = MARGIN_MM + col as f32 * cell_w;
        let y = top + row as f32 * cell_h;
        let input = code128_input(&e.code)?;
        let modules = encode(&e.code, &input)?;
        let symbol = modules.len() as f32 * MODULE_MM;
        if symbol + 2.0 * QUIET_MODULES * MODULE_MM > cell_w {
            return Err(LabelError::CommandTooLong {
                code: e.code.clone(),
                needed_mm: symbol + 2.0 * QUIET_MODULES * MODULE_MM,
                available_mm: cell_w,
            });
        }
        let bar_x = ((x + (cell_w - symbol) / 2.0) / MM_PER_DOT).round() * MM_PER_DOT;
        marks.push(Mark::Code128 {
            input,
            modules,
            x_mm: bar_x,
            y_mm: y,
            module_mm: MODULE_MM,
            height_mm: BAR_HEIGHT_MM,
        });
        let text = bold.printable(&e.label);
        let text_w = mm(bold.width_pt(&text, LABEL_PT));
        marks.push(Mark::Text {
            weight: Weight::Bold,
            size_pt: LABEL_PT,
            x_mm: x + (cell_w - text_w) / 2.0,
            baseline_mm: y + BAR_HEIGHT_MM + 1.5 + mm(LABEL_PT),
            text,
            white: false,
            within: Span {
                x_mm: x,
                width_mm: cell_w,
                align: Align::Centre,
            },
        });
    }
    let scene = Scene {
        width_mm,
        height_mm,
        marks,
    };
    crate::pdf::to_pdf(&scene, fonts, "Bench commands")
}
