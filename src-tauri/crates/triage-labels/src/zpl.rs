//! One label as ZPL II for Zebra (and compatible) thermal printers, from the same
//! layout as the PDF: boxes as `^GB`, text in the scalable font 0 placed on its
//! baseline with `^FT`, white-on-black text with `^FR`, and the LPN as a native
//! `^BC` Code 128 whose character sets are the ones the PDF's barcode uses, so both
//! print the same bars.

use std::fmt::Write;

use crate::barcode::{FNC1, SET_B, SET_C};
use crate::draw::{self, Mark, Scene};
use crate::error::{LabelError, Result};
use crate::fonts::Fonts;
use crate::template::{Align, LabelTemplate, MM_PER_DOT};
use crate::LabelData;

/// Print head resolutions ZPL labels are made for.
pub const ZPL_DPI: [u32; 2] = [203, 300];

pub(crate) fn render(template: &LabelTemplate, data: &LabelData, dpi: u32) -> Result<String> {
    if !ZPL_DPI.contains(&dpi) {
        return Err(LabelError::UnsupportedDpi { dpi });
    }
    let fonts = Fonts::shared()?;
    let scene = draw::layout(template, data, fonts)?;
    to_zpl(&scene, dpi)
}

fn to_zpl(scene: &Scene, dpi: u32) -> Result<String> {
    let dots = |mm: f32| (f64::from(mm) * f64::from(dpi) / 25.4).round().max(0.0) as u32;
    let mut z = String::with_capacity(2048);
    // UTF-8 text (^CI28), page size in dots, origin at the top-left corner.
    let _ = write!(
        z,
        "^XA\n^CI28\n^PW{}\n^LL{}\n^LH0,0\n",
        dots(scene.width_mm),
        dots(scene.height_mm)
    );
    for mark in &scene.marks {
        match mark {
            Mark::Fill(b) => {
                let (w, h) = (dots(b.width).max(1), dots(b.height).max(1));
                let _ = writeln!(z, "^FO{},{}^GB{w},{h},{}^FS", dots(b.x), dots(b.y), w.min(h));
            }
            Mark::Text {
                size_pt,
                x_mm,
                baseline_mm,
                text,
                white,
                within,
                ..
            } => {
                // Font 0 is one bold condensed face; its cell height is the point size.
                let h = (f64::from(*size_pt) * f64::from(dpi) / 72.0).round().max(1.0) as u32;
                let reverse = if *white { "^FR" } else { "" };
                // Centred and right-aligned text is aligned by the printer in its own font.
                let (x, block) = match within.align {
                    Align::Left => (dots(*x_mm), String::new()),
                    Align::Centre => (dots(within.x_mm), format!("^FB{},1,0,C,0", dots(within.width_mm))),
                    Align::Right => (dots(within.x_mm), format!("^FB{},1,0,R,0", dots(within.width_mm))),
                };
                let _ = writeln!(
                    z,
                    "^FT{x},{}^A0N,{h},{h}{block}{reverse}^FH\\^FD{}^FS",
                    dots(*baseline_mm),
                    field_data(text)
                );
            }
            Mark::Logo(b) => {
                let logo = crate::logo::scaled(dots(b.width), dots(b.height))?;
                let _ = writeln!(z, "^FO{},{}{}^FS", dots(b.x), dots(b.y), logo.gfa);
            }
            Mark::Code128 {
                input,
                x_mm,
                y_mm,
                module_mm,
                height_mm,
                ..
            } => {
                // The same module width in dots of this printer (2 dots at 203 dpi → 3 at 300).
                let module = ((f64::from(*module_mm) / f64::from(MM_PER_DOT)) * f64::from(dpi) / 203.0)
                    .round()
                    .max(1.0) as u32;
                let _ = writeln!(
                    z,
                    "^FO{},{}^BY{module}^BCN,{},N,N,N,N^FH\\^FD{}^FS",
                    dots(*x_mm),
                    dots(*y_mm),
                    dots(*height_mm),
                    invocations(input)
                );
            }
        }
    }
    z.push_str("^XZ\n");
    Ok(z)
}

/// Text for `^FD` under `^FH\`: the characters ZPL would take for commands
/// (`^`, `~`, `\`) written as hex escapes; everything else as UTF-8.
fn field_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '^' | '~' | '\\' => {
                let _ = write!(out, "\\{:02X}", c as u32);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// barcoders input (set markers `Ɓ`/`Ć`) as `^BC` data with invocation codes:
/// `>:`/`>;` start in set B/C, `>5`/`>6` switch to C/B, `>0` is a literal `>`.
fn invocations(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 6);
    let mut first = true;
    for c in input.chars() {
        match c {
            SET_B => out.push_str(if first { ">:" } else { ">6" }),
            SET_C => out.push_str(if first { ">;" } else { ">5" }),
            FNC1 => out.push_str(">8"),
            '>' => out.push_str(">0"),
            c => out.push_str(&field_data(&c.to_string())),
        }
        first = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_markers_become_invocation_codes() {
        assert_eq!(invocations("ƁLPNĆ0010000001"), ">:LPN>50010000001");
        assert_eq!(invocations("Ć12345678Ɓ9"), ">;12345678>69");
        assert_eq!(invocations("ƁA>B^C"), ">:A>0B\\5EC");
        assert_eq!(invocations("ĆŹ0103600029145227ƁSN42"), ">;>80103600029145227>6SN42");
    }

    #[test]
    fn field_data_escapes_what_zpl_would_read_as_commands() {
        assert_eq!(field_data("Zone A ^ ~ \\ é"), "Zone A \\5E \\7E \\5C é");
        assert_eq!(field_data("a\u{7}b"), "ab");
    }
}
