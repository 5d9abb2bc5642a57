//! Behaviour of rendered labels, checked the way a warehouse checks them: rasterised at
//! the printer's resolution and read back by barcode decoders.

mod pdf;
mod support;
mod svg;
mod templates;
mod zpl;
