//! Labels for the returns bench: templates laid out in millimetres once (`draw`),
//! rendered to a one-page PDF or to ZPL II with the LPN as a Code 128, and an SVG of
//! that barcode for the screen.
//!
//! Invariant: every barcode this crate renders has quiet zones of at least ten
//! modules, modules of at least two 203 dpi dots and bars at least 15 mm tall.

mod barcode;
mod draw;
mod error;
mod fonts;
mod layout;
mod logo;
mod pdf;
mod sheet;
mod template;
mod zpl;

use serde::{Deserialize, Serialize};

pub use barcode::barcode_svg;
pub use error::{LabelError, Result};
pub use fonts::font_files;
pub use sheet::{render_command_sheet, Paper, SheetEntry};
pub use template::{
    Align, BarcodeBox, BoxMm, Field, FlagsRow, LabelTemplate, TextField, Weight, MIN_BAR_HEIGHT_MM, MIN_MODULE_MM,
    MIN_QUIET_ZONE_MODULES, MM_PER_DOT,
};
pub use zpl::ZPL_DPI;

/// What one label says. Every string is already worded and formatted by the caller.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelData {
    /// Licence plate number of the unit; printed as the Code 128.
    pub lpn: String,
    pub sku: String,
    pub description: String,
    pub grade: String,
    /// e.g. "RESTOCK".
    pub disposition: String,
    /// e.g. "Zone A".
    pub destination: String,
    pub return_number: String,
    /// e.g. "2026-11-27".
    pub date: String,
    /// e.g. "Site PAR1 · Bench 01".
    pub bench: String,
    /// e.g. ["WRONG ITEM"]; printed white on black.
    pub flags: Vec<String>,
    /// The item's GTIN (8–14 digits) and serial number, for a template with a GS1-128
    /// of (01) GTIN and (21) serial; empty when unknown.
    #[serde(default)]
    pub gtin: String,
    #[serde(default)]
    pub serial: String,
}

/// The label as a one-page PDF exactly the template's size.
///
/// Errors: an empty LPN, an LPN with characters Code 128 cannot encode, an LPN too long
/// for the barcode box at a printable bar width, or an invalid template.
pub fn render_pdf(template: &LabelTemplate, data: &LabelData) -> Result<Vec<u8>> {
    pdf::render(template, data)
}

/// The same label as ZPL II for a thermal printer of `dpi` (203 or 300), laid out
/// exactly like the PDF.
///
/// Errors: those of [`render_pdf`], and a resolution other than 203 or 300 dpi.
pub fn render_zpl(template: &LabelTemplate, data: &LabelData, dpi: u32) -> Result<String> {
    zpl::render(template, data, dpi)
}
