//! Code 128 of the LPN (barcoders): the bar pattern for the PDF and an SVG for the screen.

use barcoders::generators::svg::{Color, SVG};
use barcoders::sym::code128::Code128;

use crate::error::{LabelError, Result};
use crate::template::MIN_QUIET_ZONE_MODULES;

/// barcoders' markers: as first character they pick the start set, later they switch.
pub(crate) const SET_B: char = 'Ɓ';
pub(crate) const SET_C: char = 'Ć';
/// barcoders' FNC1: first after the start character, it makes a Code 128 a GS1-128.
pub(crate) const FNC1: char = 'Ź';

/// Bar height of the on-screen SVG, in modules (the printed label uses its template's).
const SVG_HEIGHT_MODULES: u32 = 40;
/// SVG user units per module: 2 px bars stay sharp at 100 % zoom.
const SVG_PX_PER_MODULE: u32 = 2;

/// The Code 128 modules of `lpn` (1 = bar, 0 = space), with `quiet_zone` empty modules
/// on each side.
pub(crate) fn code128_modules(lpn: &str, quiet_zone: u32) -> Result<Vec<u8>> {
    let code = encode(lpn, &code128_input(lpn)?)?;
    let quiet = vec![0u8; quiet_zone as usize];
    Ok([quiet.as_slice(), &code, &quiet].concat())
}

/// How many modules the bars of barcoders `input` take (what [`encode`] would
/// return, counted without drawing it): 11 per symbol — the start, each set switch,
/// each set B character, each set C digit pair, FNC1, the check — and 13 for stop.
pub(crate) fn module_count(input: &str) -> usize {
    let mut symbols = 2; // start and check
    let mut set_c = false;
    let mut digits = 0;
    for (i, c) in input.chars().enumerate() {
        match c {
            SET_B | SET_C => {
                if i > 0 {
                    symbols += 1;
                }
                set_c = c == SET_C;
            }
            FNC1 => symbols += 1,
            _ if set_c => {
                digits += 1;
                if digits % 2 == 0 {
                    symbols += 1;
                }
            }
            _ => symbols += 1,
        }
    }
    symbols * 11 + 13
}

/// The bars of barcoders `input` (made by [`code128_input`] from `lpn`), no quiet zones.
pub(crate) fn encode(lpn: &str, input: &str) -> Result<Vec<u8>> {
    // Unreachable after the checks in `code128_input`; kept as an error, never a panic.
    let code = Code128::new(input).map_err(|_| LabelError::UnencodableLpn {
        lpn: lpn.to_owned(),
        character: lpn.chars().find(|c| !c.is_ascii_alphanumeric()).unwrap_or('?'),
    })?;
    Ok(code.encode())
}

/// barcoders input for the GS1-128 of (01) `gtin` and (21) `serial`, or `None` when
/// either is empty. (21) comes last, so no FNC1 separator follows it.
pub(crate) fn gs1_input(gtin: &str, serial: &str) -> Result<Option<String>> {
    let (gtin, serial) = (gtin.trim(), serial.trim());
    if gtin.is_empty() || serial.is_empty() {
        return Ok(None);
    }
    if !(8..=14).contains(&gtin.len()) || !gtin.chars().all(|c| c.is_ascii_digit()) {
        return Err(LabelError::BadGs1 {
            what: format!("the GTIN {gtin:?} is not 8 to 14 digits"),
        });
    }
    // GS1's character set 82 for (21), at most 20 characters.
    let cset82 = |c: char| c.is_ascii_alphanumeric() || "!\"%&'()*+,-./:;<=>?_".contains(c);
    if serial.chars().count() > 20 || !serial.chars().all(cset82) {
        return Err(LabelError::BadGs1 {
            what: format!("the serial {serial:?} is not 1 to 20 letters, digits or GS1 punctuation"),
        });
    }
    let gtin14 = format!("{gtin:0>14}");
    let mut out = format!("{SET_C}{FNC1}01{gtin14}");
    if serial.len() % 2 == 0 && serial.chars().all(|c| c.is_ascii_digit()) {
        out.push_str("21");
    } else {
        out.push(SET_B);
        out.push_str("21");
    }
    out.push_str(serial);
    Ok(Some(out))
}

/// "(01) 03600029145227 (21) SN42": a GS1-128's content as people read it.
pub(crate) fn gs1_text(gtin: &str, serial: &str) -> String {
    let (gtin, serial) = (gtin.trim(), serial.trim());
    if gtin.is_empty() || serial.is_empty() {
        return String::new();
    }
    format!("(01) {gtin:0>14} (21) {serial}")
}

/// barcoders input for `lpn`: character set B, with runs of digits packed two per
/// symbol in set C where that makes the barcode shorter (narrower bars cost print
/// quality, so a shorter symbol means wider, easier bars on the same label).
pub(crate) fn code128_input(lpn: &str) -> Result<String> {
    let mut out = String::with_capacity(lpn.len() + 8);
    code128_input_into(lpn, &mut out)?;
    Ok(out)
}

/// [`code128_input`] written into `out` (emptied first).
pub(crate) fn code128_input_into(lpn: &str, out: &mut String) -> Result<()> {
    out.clear();
    if lpn.trim().is_empty() {
        return Err(LabelError::EmptyLpn);
    }
    if let Some(character) = lpn.chars().find(|c| !(' '..='~').contains(c)) {
        return Err(LabelError::UnencodableLpn {
            lpn: lpn.to_owned(),
            character,
        });
    }
    // Checked above: printable ASCII only, so each byte is one character.
    let chars = lpn.as_bytes();
    let mut current = None;
    let mut switch_to = |set: char, out: &mut String| {
        if current != Some(set) {
            out.push(set);
            current = Some(set);
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if run == 0 {
            switch_to(SET_B, out);
            out.push(char::from(chars[i]));
            i += 1;
            continue;
        }
        let at_start = i == 0;
        let at_end = i + run == chars.len();
        let odd = run % 2 == 1;
        // Smallest run for which set C saves symbols, counting the switches it costs.
        let worth_it = match (at_start, at_end) {
            (true, true) => {
                if odd {
                    5
                } else {
                    2
                }
            }
            (true, false) | (false, true) => {
                if odd {
                    5
                } else {
                    4
                }
            }
            (false, false) => {
                if odd {
                    7
                } else {
                    6
                }
            }
        };
        if run < worth_it {
            switch_to(SET_B, out);
            out.extend(chars[i..i + run].iter().map(|&b| char::from(b)));
        } else {
            // An odd digit out goes in set B, on the side that is already set B.
            let lead = usize::from(odd && !at_start);
            let trail = usize::from(odd && at_start);
            if lead == 1 {
                switch_to(SET_B, out);
                out.push(char::from(chars[i]));
            }
            switch_to(SET_C, out);
            out.extend(chars[i + lead..i + run - trail].iter().map(|&b| char::from(b)));
            if trail == 1 {
                switch_to(SET_B, out);
                out.push(char::from(chars[i + run - 1]));
            }
        }
        i += run;
    }
    Ok(())
}

/// The Code 128 of `lpn` as a standalone SVG for the on-screen preview: black bars on
/// white with the quiet zones, 2 px per module, `width`/`height` set so it shows at a
/// sensible size unless the UI's CSS resizes it.
pub fn barcode_svg(lpn: &str) -> Result<String> {
    let modules = code128_modules(lpn, MIN_QUIET_ZONE_MODULES)?;
    let svg = SVG::new(SVG_HEIGHT_MODULES * SVG_PX_PER_MODULE)
        .xdim(SVG_PX_PER_MODULE)
        .foreground(Color::black())
        .background(Color::white())
        .xmlns("http://www.w3.org/2000/svg".to_owned())
        .generate(&modules)
        .map_err(|_| LabelError::UnencodableLpn {
            lpn: lpn.to_owned(),
            character: '?',
        })?;
    let width = modules.len() as u32 * SVG_PX_PER_MODULE;
    let height = SVG_HEIGHT_MODULES * SVG_PX_PER_MODULE;
    // barcoders writes only a viewBox; a size and crisp edges keep the bars scannable on screen.
    Ok(svg.replacen(
        "<svg ",
        &format!(r#"<svg width="{width}" height="{height}" shape-rendering="crispEdges" "#),
        1,
    ))
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_module_count_is_what_the_encoder_draws() {
        for lpn in [
            "LPN0010000001",
            "12",
            "1234567",
            "A1234B",
            "LPN-PAR1-000123457",
            "LP 42/x+%$",
            "A>B",
            "RTN2026112700001234",
            "LQ-PAR1-05-0001",
            "9",
            "x",
        ] {
            let input = code128_input(lpn).unwrap();
            assert_eq!(module_count(&input), encode(lpn, &input).unwrap().len(), "{lpn}");
        }
        let gs1 = gs1_input("3760187117485", "SN-42A").unwrap().unwrap();
        assert_eq!(module_count(&gs1), encode("gs1", &gs1).unwrap().len());
        let gs1 = gs1_input("3760187117485", "123456").unwrap().unwrap();
        assert_eq!(module_count(&gs1), encode("gs1", &gs1).unwrap().len());
    }

    use super::*;

    #[test]
    fn digits_are_packed_in_set_c_only_where_shorter() {
        assert_eq!(code128_input("LPN-A1").unwrap(), "ƁLPN-A1");
        assert_eq!(code128_input("12").unwrap(), "Ć12");
        assert_eq!(code128_input("123").unwrap(), "Ɓ123");
        assert_eq!(code128_input("12345").unwrap(), "Ć1234Ɓ5");
        assert_eq!(code128_input("LPN0000012345").unwrap(), "ƁLPNĆ0000012345");
        assert_eq!(code128_input("LPN000001234").unwrap(), "ƁLPN0Ć00001234");
        assert_eq!(code128_input("1234AB").unwrap(), "Ć1234ƁAB");
        assert_eq!(code128_input("A1234B").unwrap(), "ƁA1234B");
        assert_eq!(code128_input("A123456B").unwrap(), "ƁAĆ123456ƁB");
    }

    #[test]
    fn empty_or_blank_lpn_is_an_error() {
        assert_eq!(code128_input(""), Err(LabelError::EmptyLpn));
        assert_eq!(code128_input("   "), Err(LabelError::EmptyLpn));
    }

    #[test]
    fn characters_outside_printable_ascii_are_errors() {
        for (lpn, bad) in [("LPNé1", 'é'), ("LP\tN", '\t'), ("LPƁ1", 'Ɓ'), ("A☺", '☺')] {
            assert_eq!(
                code128_modules(lpn, 10),
                Err(LabelError::UnencodableLpn {
                    lpn: lpn.to_owned(),
                    character: bad
                })
            );
        }
    }

    #[test]
    fn modules_have_quiet_zones_and_start_with_a_bar() {
        let m = code128_modules("LPN1", 10).unwrap();
        assert!(m[..10].iter().all(|&b| b == 0));
        assert!(m[m.len() - 10..].iter().all(|&b| b == 0));
        assert_eq!(m[10], 1);
        // start + 4 symbols + checksum = 6 × 11 modules, stop 13, quiet zones 20.
        assert_eq!(m.len(), 6 * 11 + 13 + 20);
    }
}
