//! HID reports from USB scanners, decoded to scans. Pure: bytes in, text out.
//!
//! - **Keyboard mode** (boot protocol): 8-byte reports `[modifiers, 0, k1..k6]`;
//!   a key counts when it appears, shift picks the upper symbol, Ctrl+`]`
//!   is GS (how keyboard-mode scanners send FNC1). The layout is
//!   configurable: US first, French AZERTY too.
//! - **HID POS** (usage page 0x8C, "Scanned Data Report", report id 2): 64
//!   bytes `[2, length, s1, s2, s3, data…, continued]` where s1–s3 hold the
//!   AIM symbology identifier without its `]` (e.g. `C1`, or `]C1`), and
//!   the last byte is 1 when the scan goes on in the next report.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a scan came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScanSource {
    /// A scanner typing into the window (keyboard wedge).
    Wedge,
    /// A USB scanner read directly (HID keyboard or HID POS).
    Usb { vid: u16, pid: u16, mode: UsbMode },
    /// A scanner in USB COM (CDC-ACM) mode, by its device path.
    Serial { path: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum UsbMode {
    Keyboard,
    HidPos,
}

/// One scan, from whichever source: what the UI is handed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Scan {
    pub text: String,
    /// AIM symbology identifier (`]C1`), when the source tells it apart.
    pub symbology: Option<String>,
    pub source: ScanSource,
    /// When the scan ended, in milliseconds since the Unix epoch.
    #[ts(type = "number")]
    pub at: u64,
}

/// Keyboard layouts a keyboard-mode scanner may be set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Layout {
    #[default]
    Us,
    /// French AZERTY: digits need shift.
    Fr,
}

impl Layout {
    pub fn parse(s: &str) -> Option<Layout> {
        match s.to_ascii_lowercase().as_str() {
            "us" => Some(Layout::Us),
            "fr" => Some(Layout::Fr),
            _ => None,
        }
    }
}

const LEFT_CTRL: u8 = 0x01;
const LEFT_SHIFT: u8 = 0x02;
const RIGHT_CTRL: u8 = 0x10;
const RIGHT_SHIFT: u8 = 0x20;
/// AltGr on layouts that have one.
const RIGHT_ALT: u8 = 0x40;

/// What a key press gives: a character, or the end of the scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Char(char),
    End,
}

/// Usage id (HID keyboard page) → (plain, shifted) on a US keyboard.
fn us_key(usage: u8) -> Option<(char, char)> {
    const ROW: &[u8] = b"1234567890";
    const SHIFTED: &[u8] = b"!@#$%^&*()";
    Some(match usage {
        0x04..=0x1d => {
            let c = char::from(b'a' + usage - 0x04);
            (c, c.to_ascii_uppercase())
        }
        0x1e..=0x27 => {
            let i = usize::from(usage - 0x1e);
            (char::from(ROW[i]), char::from(SHIFTED[i]))
        }
        0x2c => (' ', ' '),
        0x2d => ('-', '_'),
        0x2e => ('=', '+'),
        0x2f => ('[', '{'),
        0x30 => (']', '}'),
        0x31 => ('\\', '|'),
        0x33 => (';', ':'),
        0x34 => ('\'', '"'),
        0x35 => ('`', '~'),
        0x36 => (',', '<'),
        0x37 => ('.', '>'),
        0x38 => ('/', '?'),
        _ => return None,
    })
}

/// The same on a French AZERTY keyboard (what its keys print).
fn fr_key(usage: u8, alt_gr: bool) -> Option<(char, char)> {
    if alt_gr {
        // The AltGr symbols a barcode can hold.
        return Some(match usage {
            0x1f => ('~', '~'),
            0x20 => ('#', '#'),
            0x22 => ('[', '['),
            0x23 => ('|', '|'),
            0x24 => ('`', '`'),
            0x25 => ('\\', '\\'),
            0x27 => ('@', '@'),
            0x2d => (']', ']'),
            0x2e => ('}', '}'),
            _ => return None,
        });
    }
    const ROW: [char; 10] = ['&', 'é', '"', '\'', '(', '-', 'è', '_', 'ç', 'à'];
    Some(match usage {
        0x04 => ('q', 'Q'),
        0x14 => ('a', 'A'),
        0x1a => ('z', 'Z'),
        0x1d => ('w', 'W'),
        0x33 => ('m', 'M'),
        0x10 => (',', '?'),
        0x36 => (';', '.'),
        0x37 => (':', '/'),
        0x38 => ('!', '§'),
        0x34 => ('ù', '%'),
        0x2d => (')', '°'),
        0x2e => ('=', '+'),
        0x30 => ('$', '£'),
        0x31 => ('*', 'µ'),
        0x1e..=0x27 => {
            let i = usize::from(usage - 0x1e);
            (ROW[i], char::from(b"1234567890"[i]))
        }
        _ => return us_key(usage),
    })
}

/// Decodes boot-protocol keyboard reports into scans (text up to Enter or Tab).
#[derive(Debug, Default, Clone)]
pub struct KeyboardDecoder {
    layout: Layout,
    held: [u8; 6],
    text: String,
}

impl KeyboardDecoder {
    pub fn new(layout: Layout) -> Self {
        KeyboardDecoder {
            layout,
            ..Default::default()
        }
    }

    /// Takes one report; returns the scan text when this report ended one.
    /// Reports that are not 8 bytes (or a ZLP) change nothing.
    pub fn feed(&mut self, report: &[u8]) -> Option<String> {
        let [modifiers, _, keys @ ..] = report else {
            return None;
        };
        if keys.len() != 6 {
            return None;
        }
        // 0x01 in every slot: too many keys at once (rollover); ignore.
        if keys.iter().all(|k| *k == 0x01) {
            return None;
        }
        let mut done = None;
        for &k in keys {
            if k == 0 || self.held.contains(&k) {
                continue;
            }
            match self.key(*modifiers, k) {
                Some(Key::Char(c)) => self.text.push(c),
                Some(Key::End) if !self.text.is_empty() => done = Some(std::mem::take(&mut self.text)),
                _ => {}
            }
        }
        self.held.copy_from_slice(keys);
        done
    }

    fn key(&self, modifiers: u8, usage: u8) -> Option<Key> {
        let shift = modifiers & (LEFT_SHIFT | RIGHT_SHIFT) != 0;
        let ctrl = modifiers & (LEFT_CTRL | RIGHT_CTRL) != 0;
        match usage {
            0x28 | 0x58 | 0x2b => return Some(Key::End),
            // Ctrl+] (the key at usage 0x30) is GS (0x1d): FNC1 from a keyboard-mode scanner.
            0x30 if ctrl => return Some(Key::Char('\u{1d}')),
            _ if ctrl => return None,
            _ => {}
        }
        let (plain, shifted) = match self.layout {
            Layout::Us => us_key(usage)?,
            Layout::Fr => fr_key(usage, modifiers & RIGHT_ALT != 0)?,
        };
        Some(Key::Char(if shift { shifted } else { plain }))
    }
}

/// Report id of the HID POS "Scanned Data Report".
pub const HID_POS_REPORT_ID: u8 = 2;
/// Bytes of scan data one HID POS report carries.
pub const HID_POS_DATA: usize = 56;

/// Builds the HID POS reports of one scan (what a scanner sends; used by
/// tests and the USB gadget in the guest harness).
pub fn hid_pos_reports(symbology: &str, data: &[u8]) -> Vec<[u8; 64]> {
    let sym = symbology.trim_start_matches(']').as_bytes();
    let chunks: Vec<&[u8]> = if data.is_empty() {
        vec![&[]]
    } else {
        data.chunks(HID_POS_DATA).collect()
    };
    let n = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let mut r = [0u8; 64];
            r[0] = HID_POS_REPORT_ID;
            r[1] = chunk.len() as u8;
            for (j, b) in sym.iter().take(3).enumerate() {
                r[2 + j] = *b;
            }
            r[5..5 + chunk.len()].copy_from_slice(chunk);
            r[63] = u8::from(i + 1 < n);
            r
        })
        .collect()
}

/// Decodes HID POS scanned-data reports, joining continued ones.
#[derive(Debug, Default, Clone)]
pub struct HidPosDecoder {
    data: Vec<u8>,
    symbology: Option<String>,
}

impl HidPosDecoder {
    /// Takes one report (with its id byte); returns (symbology, text) when
    /// it completes a scan. Other reports, ZLPs and short reads are ignored.
    pub fn feed(&mut self, report: &[u8]) -> Option<(Option<String>, String)> {
        if report.len() < 6 || report[0] != HID_POS_REPORT_ID {
            return None;
        }
        let len = usize::from(report[1])
            .min(report.len().saturating_sub(6))
            .min(HID_POS_DATA);
        let sym: String = report[2..5]
            .iter()
            .take_while(|b| **b != 0)
            .map(|b| char::from(*b))
            .collect();
        if self.symbology.is_none() && !sym.is_empty() {
            self.symbology = Some(format!("]{sym}"));
        }
        self.data.extend_from_slice(&report[5..5 + len]);
        let continued = report.len() >= 64 && report[63] == 1;
        if continued {
            return None;
        }
        let text = String::from_utf8_lossy(&std::mem::take(&mut self.data)).into_owned();
        Some((self.symbology.take(), text))
    }
}

/// Vendor ids of scanner makers a bench is likely to meet.
pub fn known_vendor(vid: u16) -> Option<&'static str> {
    Some(match vid {
        0x05e0 => "Zebra (Symbol)",
        0x0a5f => "Zebra",
        0x0c2e => "Honeywell (Metrologic)",
        0x0536 => "Honeywell (Hand Held Products)",
        0x05f9 => "Datalogic",
        0x1eab => "Newland",
        0x065a => "Opticon",
        0x2dd6 => "Unitech",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reports for typing `text` on a US keyboard, one press and one release each.
    fn typed(text: &str) -> Vec<[u8; 8]> {
        let mut out = Vec::new();
        for c in text.chars() {
            let (modifiers, usage) = match c {
                '\u{1d}' => (LEFT_CTRL, 0x30),
                '\n' => (0, 0x28),
                c => {
                    let usage = (0u8..=0xff)
                        .find(|u| us_key(*u).is_some_and(|(a, b)| a == c || b == c))
                        .unwrap();
                    let shift = us_key(usage).unwrap().0 != c;
                    (if shift { LEFT_SHIFT } else { 0 }, usage)
                }
            };
            out.push([modifiers, 0, usage, 0, 0, 0, 0, 0]);
            out.push([0; 8]);
        }
        out
    }

    #[test]
    fn keyboard_reports_give_text_with_shift_and_gs() {
        let mut d = KeyboardDecoder::new(Layout::Us);
        let mut got = Vec::new();
        for r in typed("]C1Ab-9!{Z}\u{1d}21X\n") {
            got.extend(d.feed(&r));
        }
        assert_eq!(got, ["]C1Ab-9!{Z}\u{1d}21X"]);
    }

    #[test]
    fn a_held_key_counts_once_and_repeats_after_release() {
        let mut d = KeyboardDecoder::new(Layout::Us);
        for r in [
            [0, 0, 0x04, 0, 0, 0, 0, 0],
            [0, 0, 0x04, 0x05, 0, 0, 0, 0],
            [0; 8],
            [0, 0, 0x04, 0, 0, 0, 0, 0],
        ] {
            assert_eq!(d.feed(&r), None);
        }
        assert_eq!(d.feed(&[0, 0, 0x28, 0, 0, 0, 0, 0]).as_deref(), Some("aba"));
    }

    #[test]
    fn zero_length_and_odd_reports_change_nothing() {
        let mut d = KeyboardDecoder::new(Layout::Us);
        assert_eq!(d.feed(&[]), None);
        assert_eq!(d.feed(&[0, 0, 0x04]), None);
        assert_eq!(d.feed(&[0, 0, 1, 1, 1, 1, 1, 1]), None);
        // Enter with nothing typed is no scan.
        assert_eq!(d.feed(&[0, 0, 0x28, 0, 0, 0, 0, 0]), None);
    }

    #[test]
    fn azerty_digits_need_shift() {
        let mut d = KeyboardDecoder::new(Layout::Fr);
        let reports = [
            [LEFT_SHIFT, 0, 0x1e, 0, 0, 0, 0, 0], // 1
            [0; 8],
            [0, 0, 0x1f, 0, 0, 0, 0, 0], // é
            [0; 8],
            [0, 0, 0x14, 0, 0, 0, 0, 0], // a (the US q key)
            [0; 8],
            [RIGHT_ALT, 0, 0x20, 0, 0, 0, 0, 0], // #
            [0; 8],
        ];
        for r in reports {
            assert_eq!(d.feed(&r), None);
        }
        assert_eq!(d.feed(&[0, 0, 0x28, 0, 0, 0, 0, 0]).as_deref(), Some("1éa#"));
    }

    #[test]
    fn hid_pos_reports_round_trip_across_continuations() {
        let data = "0109506000134352".repeat(9) + "\u{1d}21SERIAL";
        let reports = hid_pos_reports("]C1", data.as_bytes());
        assert_eq!(reports.len(), 3);
        assert_eq!((reports[0][63], reports[2][63]), (1, 0));
        let mut d = HidPosDecoder::default();
        assert_eq!(d.feed(&reports[0]), None);
        assert_eq!(d.feed(&[]), None, "a zero-length packet");
        assert_eq!(d.feed(&reports[1]), None);
        assert_eq!(d.feed(&reports[2]), Some((Some("]C1".to_string()), data)));
        // A short scan in one report; another report id is not a scan.
        let one = hid_pos_reports("E0", b"4006381333931");
        assert_eq!(
            d.feed(&one[0]),
            Some((Some("]E0".to_string()), "4006381333931".to_string()))
        );
        let mut other = one[0];
        other[0] = 1;
        assert_eq!(d.feed(&other), None);
    }

    #[test]
    fn scanner_makers_are_known_by_vendor_id() {
        assert_eq!(known_vendor(0x05e0), Some("Zebra (Symbol)"));
        assert_eq!(known_vendor(0x0c2e), Some("Honeywell (Metrologic)"));
        assert_eq!(known_vendor(0x1234), None);
    }
}
