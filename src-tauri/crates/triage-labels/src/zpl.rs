//! One label as ZPL II for Zebra (and compatible) thermal printers, from the same
//! layout as the PDF: boxes as `^GB`, text in the scalable font 0 placed on its
//! baseline with `^FT`, white-on-black text with `^FR`, and the LPN as a native
//! `^BC` Code 128 whose character sets are the ones the PDF's barcode uses, so both
//! print the same bars.

use std::fmt::Write;
use std::sync::{Arc, Mutex, OnceLock};

use crate::barcode::{FNC1, SET_B, SET_C};
use crate::draw::{self, Mark, Span};
use crate::error::{LabelError, Result};
use crate::fonts::Fonts;
use crate::layout::{lines_that_fit, SHRINK_STEP_PT};
use crate::template::{Align, BoxMm, Field, LabelTemplate, Weight, MM_PER_DOT};
use crate::LabelData;

/// Print head resolutions ZPL labels are made for.
pub const ZPL_DPI: [u32; 2] = [203, 300];

pub(crate) fn render(template: &LabelTemplate, data: &LabelData, dpi: u32) -> Result<String> {
    if !ZPL_DPI.contains(&dpi) {
        return Err(LabelError::UnsupportedDpi { dpi });
    }
    let fonts = Fonts::shared()?;
    if let Some(compiled) = compiled(template, dpi, fonts) {
        if let Some(zpl) = compiled.render(data, fonts) {
            return Ok(zpl);
        }
    }
    general(template, data, dpi, fonts)
}

/// Every label: laid out, then each mark translated.
fn general(template: &LabelTemplate, data: &LabelData, dpi: u32, fonts: &Fonts) -> Result<String> {
    let scene = draw::layout(template, data, fonts)?;
    let mut z = String::with_capacity(4096);
    header(&mut z, scene.width_mm, scene.height_mm, dpi);
    for mark in &scene.marks {
        write_mark(&mut z, mark, dpi)?;
    }
    z.push_str("^XZ\n");
    Ok(z)
}

fn dots(mm: f32, dpi: u32) -> u32 {
    (f64::from(mm) * f64::from(dpi) / 25.4).round().max(0.0) as u32
}

/// UTF-8 text (^CI28), page size in dots, origin at the top-left corner.
fn header(z: &mut String, width_mm: f32, height_mm: f32, dpi: u32) {
    let _ = write!(
        z,
        "^XA\n^CI28\n^PW{}\n^LL{}\n^LH0,0\n",
        dots(width_mm, dpi),
        dots(height_mm, dpi)
    );
}

/// A text line's command up to its data (`^FD`), so the text can follow.
fn text_prefix(z: &mut String, size_pt: f32, x_mm: f32, baseline_mm: f32, white: bool, within: &Span, dpi: u32) {
    // Font 0 is one bold condensed face; its cell height is the point size.
    let h = (f64::from(size_pt) * f64::from(dpi) / 72.0).round().max(1.0) as u32;
    let reverse = if white { "^FR" } else { "" };
    let _ = write!(z, "^FT");
    // Centred and right-aligned text is aligned by the printer in its own font.
    let (x, block) = match within.align {
        Align::Left => (dots(x_mm, dpi), None),
        Align::Centre => (dots(within.x_mm, dpi), Some('C')),
        Align::Right => (dots(within.x_mm, dpi), Some('R')),
    };
    let _ = write!(z, "{x},{}^A0N,{h},{h}", dots(baseline_mm, dpi));
    if let Some(a) = block {
        let _ = write!(z, "^FB{},1,0,{a},0", dots(within.width_mm, dpi));
    }
    let _ = write!(z, "{reverse}^FH\\^FD");
}

/// A Code 128 as a native `^BC`, with the module width in dots of this printer.
fn barcode(z: &mut String, input: &str, x_mm: f32, y_mm: f32, module_mm: f32, height_mm: f32, dpi: u32) {
    barcode_prefix(z, x_mm, y_mm, module_mm, height_mm, dpi);
    barcode_data(z, input);
}

/// The barcode's command up to its data.
fn barcode_prefix(z: &mut String, x_mm: f32, y_mm: f32, module_mm: f32, height_mm: f32, dpi: u32) {
    // The same module width in dots of this printer (2 dots at 203 dpi → 3 at 300).
    let module = ((f64::from(module_mm) / f64::from(MM_PER_DOT)) * f64::from(dpi) / 203.0)
        .round()
        .max(1.0) as u32;
    let _ = write!(
        z,
        "^FO{},{}^BY{module}^BCN,{},N,N,N,N^FH\\^FD",
        dots(x_mm, dpi),
        dots(y_mm, dpi),
        dots(height_mm, dpi),
    );
}

fn barcode_data(z: &mut String, input: &str) {
    invocations(z, input);
    z.push_str("^FS\n");
}

fn write_mark(z: &mut String, mark: &Mark, dpi: u32) -> Result<()> {
    match mark {
        Mark::Fill(b) => {
            let (w, h) = (dots(b.width, dpi).max(1), dots(b.height, dpi).max(1));
            let _ = writeln!(z, "^FO{},{}^GB{w},{h},{}^FS", dots(b.x, dpi), dots(b.y, dpi), w.min(h));
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
            text_prefix(z, *size_pt, *x_mm, *baseline_mm, *white, within, dpi);
            field_data(z, text);
            z.push_str("^FS\n");
        }
        Mark::Logo(b) => {
            let logo = crate::logo::scaled(dots(b.width, dpi), dots(b.height, dpi))?;
            let _ = writeln!(z, "^FO{},{}{}^FS", dots(b.x, dpi), dots(b.y, dpi), logo.gfa);
        }
        Mark::Code128 {
            input,
            x_mm,
            y_mm,
            module_mm,
            height_mm,
            ..
        } => barcode(z, input, *x_mm, *y_mm, *module_mm, *height_mm, dpi),
    }
    Ok(())
}

/// A template made ready for ZPL at one resolution: everything that does not depend
/// on the label written once, and for each text field the command its value follows
/// when it fits on one line at full size (the usual case). A label that needs more
/// (a value to wrap or shrink, flags, a GS1-128, a bad LPN) takes the general way;
/// both give the same ZPL (tested).
struct Compiled {
    template: LabelTemplate,
    dpi: u32,
    header: String,
    /// Rules and logo: what follows the barcode.
    fixed: String,
    fields: Vec<FieldPart>,
    /// The barcode's command up to its data, by the number of modules' symbols
    /// (placement depends on that alone); `None` where they do not fit.
    barcodes: Vec<Option<String>>,
}

/// The most Code 128 symbols a compiled label's barcode is made for in advance.
const MAX_SYMBOLS: usize = 64;

struct FieldPart {
    field: Field,
    weight: Weight,
    /// Where the value goes (inside the frame, under the caption).
    area: BoxMm,
    size_pt: f32,
    min_size_pt: f32,
    max_lines: usize,
    /// Its frame and caption.
    before: String,
    /// The value's command up to `^FD` at each size the layout may choose for one
    /// line: full size, then every half point down to the smallest.
    prefixes: Vec<String>,
}

/// The compiled form of `template` at `dpi`, made on first use.
fn compiled(template: &LabelTemplate, dpi: u32, fonts: &Fonts) -> Option<Arc<Compiled>> {
    // The one this thread used last, without taking the shared cache's lock.
    thread_local!(static LAST: std::cell::RefCell<Option<Arc<Compiled>>> = const { std::cell::RefCell::new(None) });
    let last = LAST.with_borrow(|last| {
        last.as_ref()
            .filter(|c| c.dpi == dpi && c.template == *template)
            .cloned()
    });
    if last.is_some() {
        return last;
    }
    let found = shared_compiled(template, dpi, fonts)?;
    LAST.set(Some(found.clone()));
    Some(found)
}

fn shared_compiled(template: &LabelTemplate, dpi: u32, fonts: &Fonts) -> Option<Arc<Compiled>> {
    static CACHE: OnceLock<Mutex<Vec<Arc<Compiled>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().ok()?;
    if let Some(hit) = cache.iter().find(|c| c.dpi == dpi && c.template == *template) {
        return Some(hit.clone());
    }
    let made = Arc::new(Compiled::new(template, dpi, fonts)?);
    cache.push(made.clone());
    Some(made)
}

impl Compiled {
    /// Laid out once with a one-dot value in every field and no flags: the marks
    /// come in the general layout's order (barcode, rules, logo, then per field its
    /// frame, caption and value), so each field's value line is found after its
    /// frame and caption. `None` for a template with a GS1-128 (its value is
    /// drawn only with a GTIN and serial).
    fn new(template: &LabelTemplate, dpi: u32, fonts: &Fonts) -> Option<Compiled> {
        if template.gs1_barcode.is_some() {
            return None;
        }
        // The narrowest value: it takes the largest size whose line fits the box's
        // height, so no value fits at a larger one, and a value as wide as that
        // line allows prints on one line at exactly that size.
        let probe = LabelData {
            lpn: ".".into(),
            sku: ".".into(),
            description: ".".into(),
            grade: ".".into(),
            disposition: ".".into(),
            destination: ".".into(),
            return_number: ".".into(),
            date: ".".into(),
            bench: ".".into(),
            ..LabelData::default()
        };
        let scene = draw::layout(template, &probe, fonts).ok()?;
        let mut marks = scene.marks.iter();
        let write = |z: &mut String, n: usize, marks: &mut std::slice::Iter<'_, Mark>| -> Option<()> {
            for _ in 0..n {
                write_mark(z, marks.next()?, dpi).ok()?;
            }
            Some(())
        };
        let mut header_z = String::new();
        header(&mut header_z, scene.width_mm, scene.height_mm, dpi);
        matches!(marks.next()?, Mark::Code128 { .. }).then_some(())?;
        let mut fixed = String::new();
        write(
            &mut fixed,
            template.rules.len() + usize::from(template.logo.is_some()),
            &mut marks,
        )?;
        let mut fields = Vec::with_capacity(template.fields.len());
        for f in &template.fields {
            let mut before = String::new();
            let framed = if f.frame_mm > 0.0 { 4 } else { 0 };
            write(&mut before, framed + usize::from(f.caption.is_some()), &mut marks)?;
            // The probe's own value line (not kept: each label places its own).
            let Mark::Text { text, white: false, .. } = marks.next()? else {
                return None;
            };
            (text == ".").then_some(())?;
            let area = draw::text::value_area(f);
            let face = fonts.face(f.weight);
            // Every line starts where the box does (left) or is aligned by the printer
            // (centre, right): x and baseline depend on the size alone.
            let mut prefixes = Vec::new();
            let mut size = f.size_pt;
            while size >= f.min_size_pt {
                let (x, baseline) = draw::text::line_at(&area, f.align, face, size, 1, 0, 0.0);
                let x = if f.align == Align::Left { x } else { area.x };
                let mut prefix = String::new();
                text_prefix(
                    &mut prefix,
                    size,
                    x,
                    baseline,
                    false,
                    &draw::text::span(&area, f.align),
                    dpi,
                );
                prefixes.push(prefix);
                size -= SHRINK_STEP_PT;
            }
            fields.push(FieldPart {
                field: f.field,
                weight: f.weight,
                prefixes,
                area,
                size_pt: f.size_pt,
                min_size_pt: f.min_size_pt,
                max_lines: usize::from(f.max_lines),
                before,
            });
        }
        marks.next().is_none().then_some(())?;
        let bar = &template.barcode;
        let barcodes = (0..=MAX_SYMBOLS)
            .map(|symbols| {
                let (x_mm, module_mm) = draw::bars::placement(bar, symbols * 11 + 13)?;
                let mut z = String::new();
                barcode_prefix(&mut z, x_mm, bar.area.y, module_mm, bar.area.height, dpi);
                Some(z)
            })
            .collect();
        Some(Compiled {
            template: template.clone(),
            dpi,
            header: header_z,
            fixed,
            fields,
            barcodes,
        })
    }

    /// The label, or `None` when it needs the general way.
    fn render(&self, data: &LabelData, fonts: &Fonts) -> Option<String> {
        if self.template.flags.is_some() && data.flags.iter().any(|f| !f.trim().is_empty()) {
            return None;
        }
        let mut z = String::with_capacity(self.header.len() + self.fixed.len() + 1024);
        z.push_str(&self.header);
        // The barcode's input is made in a buffer kept per thread (no allocation
        // per label), its command taken from those made in advance.
        thread_local!(static INPUT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) });
        INPUT.with_borrow_mut(|input| -> Option<()> {
            crate::barcode::code128_input_into(&data.lpn, input).ok()?;
            let symbols = (crate::barcode::module_count(input) - 13) / 11;
            z.push_str(self.barcodes.get(symbols)?.as_deref()?);
            barcode_data(&mut z, input);
            Some(())
        })?;
        z.push_str(&self.fixed);
        for part in &self.fields {
            z.push_str(&part.before);
            let value = draw::field_text(data, part.field);
            let face = fonts.face(part.weight);
            // One pass: text the layout would print as it is (every character in the
            // common set, no whitespace but single spaces between words), its width,
            // and whether ZPL needs any of it escaped.
            let (mut units, mut previous, mut escape) = (0u32, ' ', false);
            let (bytes, mut at) = (value.as_bytes(), 0);
            while at < bytes.len() {
                // ASCII (most of a label) without decoding UTF-8.
                let c = match bytes[at] {
                    b if b.is_ascii() => char::from(b),
                    _ => value[at..].chars().next()?,
                };
                at += c.len_utf8();
                let advance = face.plain_advance(c);
                if advance == 0 || (c == ' ' && previous == ' ') {
                    return None;
                }
                escape |= matches!(c, '^' | '~' | '\\');
                units += u32::from(advance);
                previous = c;
            }
            if value.is_empty() {
                continue;
            }
            if previous == ' ' {
                return None;
            }
            // The size the general way settles on for one line (it shrinks by steps
            // while no line fits); where it could wrap or cut instead, step aside.
            let em = face.em_of(units);
            let (height_pt, width_pt) = (draw::pt(part.area.height), draw::pt(part.area.width));
            let mut size = part.size_pt;
            let mut step = 0;
            loop {
                let room = lines_that_fit(height_pt, size).min(part.max_lines);
                if room >= 1 && em * size <= width_pt {
                    break;
                }
                if room >= 2 || size - SHRINK_STEP_PT < part.min_size_pt {
                    return None;
                }
                size -= SHRINK_STEP_PT;
                step += 1;
            }
            z.push_str(part.prefixes.get(step)?);
            if escape {
                field_data(&mut z, &value);
            } else {
                z.push_str(&value);
            }
            z.push_str("^FS\n");
        }
        z.push_str("^XZ\n");
        Some(z)
    }
}

/// Text for `^FD` under `^FH\`: the characters ZPL would take for commands
/// (`^`, `~`, `\`) written as hex escapes; everything else as UTF-8.
fn field_data(out: &mut String, text: &str) {
    if !text.chars().any(|c| matches!(c, '^' | '~' | '\\') || c.is_control()) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '^' | '~' | '\\' => {
                let _ = write!(out, "\\{:02X}", c as u32);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// barcoders input (set markers `Ɓ`/`Ć`) as `^BC` data with invocation codes:
/// `>:`/`>;` start in set B/C, `>5`/`>6` switch to C/B, `>0` is a literal `>`.
fn invocations(out: &mut String, input: &str) {
    let mut first = true;
    for c in input.chars() {
        match c {
            SET_B => out.push_str(if first { ">:" } else { ">6" }),
            SET_C => out.push_str(if first { ">;" } else { ">5" }),
            FNC1 => out.push_str(">8"),
            '>' => out.push_str(">0"),
            '^' | '~' | '\\' => {
                let _ = write!(out, "\\{:02X}", c as u32);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
        first = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Labels of every shape: the compiled way gives exactly the general way's ZPL,
    /// or steps aside.
    #[test]
    fn the_compiled_way_writes_what_the_general_way_writes_or_steps_aside() {
        let fonts = Fonts::shared().unwrap();
        let base = LabelData {
            lpn: "LPN0010000001".into(),
            sku: "FTW-RUN-0027-41-BLU".into(),
            description: "Chaussures de randonnée, été — taille 41, bleu".into(),
            grade: "B".into(),
            disposition: "RESTOCK".into(),
            destination: "Zone B".into(),
            return_number: "RMA4890165".into(),
            date: "2026-11-27".into(),
            bench: "Site PAR1 · Bench 01".into(),
            ..LabelData::default()
        };
        let long = "Chaussures de randonnée imperméables, semelle Vibram, lacets rouges ".repeat(3);
        let variants: Vec<LabelData> = vec![
            base.clone(),
            LabelData {
                description: long.clone(),
                ..base.clone()
            },
            LabelData {
                disposition: "LIQUIDATION EN LOT".into(),
                ..base.clone()
            },
            LabelData {
                destination: "Zone B (open box)".into(),
                ..base.clone()
            },
            LabelData {
                destination: ".".into(),
                grade: "I".into(),
                ..base.clone()
            },
            LabelData {
                sku: "  two  spaces ".into(),
                ..base.clone()
            },
            LabelData {
                description: "tab\there".into(),
                ..base.clone()
            },
            LabelData {
                description: "no\u{a0}break".into(),
                ..base.clone()
            },
            LabelData {
                description: "Кроссовки".into(),
                ..base.clone()
            },
            LabelData {
                destination: "Zone ^A ~ \\ B".into(),
                ..base.clone()
            },
            LabelData {
                flags: vec!["WRONG ITEM".into()],
                ..base.clone()
            },
            LabelData {
                flags: vec!["  ".into()],
                ..base.clone()
            },
            LabelData {
                grade: String::new(),
                description: String::new(),
                ..base.clone()
            },
            LabelData {
                lpn: "1234567".into(),
                ..base.clone()
            },
            LabelData {
                lpn: "LPN-PAR1-000123457".into(),
                ..base.clone()
            },
            LabelData {
                lpn: "A>B".into(),
                ..base.clone()
            },
            LabelData {
                lpn: "LPNé".into(),
                ..base.clone()
            },
            LabelData {
                lpn: String::new(),
                ..base.clone()
            },
            LabelData {
                gtin: "3760187117485".into(),
                serial: "SN-42A".into(),
                ..base.clone()
            },
        ];
        let mut compiled_used = 0;
        for name in LabelTemplate::builtin_names() {
            let template = LabelTemplate::builtin(name).unwrap();
            for dpi in ZPL_DPI {
                let compiled = compiled(&template, dpi, fonts);
                assert_eq!(compiled.is_some(), template.gs1_barcode.is_none(), "{name}");
                let Some(compiled) = compiled else { continue };
                for data in &variants {
                    let general = general(&template, data, dpi, fonts);
                    if let Some(fast) = compiled.render(data, fonts) {
                        compiled_used += 1;
                        assert_eq!(Ok(fast), general, "{name} at {dpi} dpi: {data:?}");
                    }
                }
                // The usual labels take the compiled way, a shrunk value too.
                if name == "restock-4x6" {
                    assert!(compiled.render(&base, fonts).is_some(), "{name} {dpi}");
                    assert!(compiled.render(&variants[3], fonts).is_some(), "{name} {dpi}");
                }
            }
        }
        assert!(compiled_used > 40, "{compiled_used}");
    }

    /// Thousands of generated labels (words of every length, accents, digits) on
    /// every template: wherever the compiled way answers, it answers like the general.
    #[test]
    fn generated_labels_agree_between_the_two_ways() {
        let fonts = Fonts::shared().unwrap();
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        const WORDS: [&str; 12] = [
            "Zone",
            "B",
            "randonnée",
            "été",
            "XL",
            "Bench",
            "—",
            "Łódź",
            "42",
            "iii",
            "WWWW",
            "(open box)",
        ];
        let mut text = |max_words: u64| -> String {
            let n = next(max_words + 1);
            (0..n)
                .map(|_| WORDS[next(WORDS.len() as u64) as usize])
                .collect::<Vec<_>>()
                .join(" ")
        };
        let (mut agreed, mut aside) = (0, 0);
        for name in LabelTemplate::builtin_names() {
            let template = LabelTemplate::builtin(name).unwrap();
            for dpi in ZPL_DPI {
                let Some(compiled) = compiled(&template, dpi, fonts) else {
                    continue;
                };
                for i in 0..300 {
                    let data = LabelData {
                        lpn: format!("LPN{:010}", i * 7919),
                        sku: text(3),
                        description: text(12),
                        grade: text(1),
                        disposition: text(3),
                        destination: text(4),
                        return_number: text(2),
                        date: text(2),
                        bench: text(5),
                        ..LabelData::default()
                    };
                    match compiled.render(&data, fonts) {
                        Some(fast) => {
                            agreed += 1;
                            assert_eq!(
                                Ok(fast),
                                general(&template, &data, dpi, fonts),
                                "{name} {dpi}: {data:?}"
                            );
                        }
                        None => aside += 1,
                    }
                }
            }
        }
        assert!(agreed > 500 && aside > 500, "{agreed} compiled, {aside} general");
    }

    #[test]
    fn set_markers_become_invocation_codes() {
        let inv = |input: &str| {
            let mut out = String::new();
            invocations(&mut out, input);
            out
        };
        assert_eq!(inv("ƁLPNĆ0010000001"), ">:LPN>50010000001");
        assert_eq!(inv("Ć12345678Ɓ9"), ">;12345678>69");
        assert_eq!(inv("ƁA>B^C"), ">:A>0B\\5EC");
        assert_eq!(inv("ĆŹ0103600029145227ƁSN42"), ">;>80103600029145227>6SN42");
    }

    #[test]
    fn field_data_escapes_what_zpl_would_read_as_commands() {
        let fd = |text: &str| {
            let mut out = String::new();
            field_data(&mut out, text);
            out
        };
        assert_eq!(fd("Zone A ^ ~ \\ é"), "Zone A \\5E \\7E \\5C é");
        assert_eq!(fd("a\u{7}b"), "ab");
    }
}
