//! The one error type of the crate: each message says what went wrong and what to do.

/// `Result` with [`LabelError`].
pub type Result<T, E = LabelError> = std::result::Result<T, E>;

/// Why a label could not be rendered.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LabelError {
    #[error("the LPN is empty: scan or type the unit's licence plate number before printing its label")]
    EmptyLpn,

    #[error(
        "the LPN {lpn:?} contains {character:?}, which a Code 128 barcode cannot encode: \
         re-enter the LPN using only letters A-Z, digits and ASCII punctuation"
    )]
    UnencodableLpn { lpn: String, character: char },

    #[error(
        "the LPN {lpn:?} is too long for the barcode of label template {template:?}: at the \
         thinnest bar a 203 dpi printer prints reliably it needs {needed_mm:.1} mm but the box is \
         {available_mm:.1} mm wide; use a shorter LPN or a template with a wider barcode box"
    )]
    LpnTooLong {
        lpn: String,
        template: String,
        needed_mm: f32,
        available_mm: f32,
    },

    #[error(
        "the GS1-128 {code} is too long for label template {template:?}: at the thinnest bar a \
         203 dpi printer prints reliably it needs {needed_mm:.1} mm but the box is {available_mm:.1} mm \
         wide; check the serial number typed or scanned, or print a template with a wider GS1-128 box"
    )]
    Gs1TooLong {
        code: String,
        template: String,
        needed_mm: f32,
        available_mm: f32,
    },

    #[error(
        "the command code {code:?} is too long for a cell of the command sheet: it needs \
         {needed_mm:.1} mm but the cell is {available_mm:.1} mm wide; give the command a shorter code"
    )]
    CommandTooLong {
        code: String,
        needed_mm: f32,
        available_mm: f32,
    },

    #[error(
        "ZPL labels are made for 203 or 300 dpi printers, not {dpi} dpi: set the printer's resolution to one of those"
    )]
    UnsupportedDpi { dpi: u32 },

    #[error("there is no label template {name:?}; the templates are {known}")]
    UnknownTemplate { name: String, known: String },

    #[error("the GS1-128 cannot be printed: {what}; correct the item's data or print a template without it")]
    BadGs1 { what: String },

    #[error("label template {template:?} is invalid: {problem}; correct the template's boxes")]
    InvalidTemplate { template: String, problem: String },

    #[error(
        "the built-in font {font} could not be loaded, so no label can be rendered; \
         this build of Triage is broken: reinstall it"
    )]
    FontUnreadable { font: &'static str },

    #[error("the built-in logo could not be loaded, so no label can be rendered; this build of Triage is broken: reinstall it")]
    LogoUnreadable,
}
