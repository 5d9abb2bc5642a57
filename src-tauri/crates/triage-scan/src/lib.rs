//! Scan classification: what did the inspector just scan?
//!
//! [`classify`] is pure and total: any string gets an answer, and an answer
//! that is not `valid` says why in `error`.

pub mod check;
pub mod gs1;
pub mod hid;
mod normalise;
pub mod site;
mod tracking;

pub use gs1::{Element, Gs1Error};
pub use hid::{Scan, ScanSource};
pub use site::SiteCodes;

use serde::{Deserialize, Serialize};
use triage_core::gtin::gs1_check_digit;
use triage_core::ids::IdError;
use triage_core::{Lpn, ReturnNumber};
use ts_rs::TS;

/// The answer to one scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Classified {
    /// Exactly what the scanner (or keyboard) delivered.
    pub input: String,
    /// AIM symbology identifier the scanner prefixed, like `]C1`.
    pub symbology: Option<String>,
    pub kind: ScanKind,
    /// The normalised code: AIM prefix, whitespace and control characters
    /// removed, USPS `420`+ZIP routing removed, AI `00` removed from an SSCC,
    /// FedEx barcodes reduced to their tracking number, uppercase.
    pub value: String,
    pub carrier: Option<Carrier>,
    pub valid: bool,
    /// Why the scan is not valid; `None` when it is.
    pub error: Option<String>,
    /// GS1 data (a GS1-128, GS1 DataMatrix or QR, bracketed text, a Digital
    /// Link): its elements in order; empty for other codes.
    pub elements: Vec<Element>,
    /// The GTIN the scan names: a GS1 message's (01), or the GTIN-12 a
    /// UPC-E expands to.
    pub gtin: Option<String>,
    /// A GS1 message's serial number (21), or the serial of a `serial` scan.
    pub serial: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ScanKind {
    Tracking,
    ReturnNumber,
    Gtin,
    Lpn,
    Sscc,
    /// A GS1 message of several elements (or of one other than (00)/(01)).
    Gs1,
    Badge,
    Location,
    Serial,
    Command,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "UPPERCASE")]
pub enum Carrier {
    Ups,
    Fedex,
    Usps,
    Dhl,
}

/// Why a scan is not valid. Its `Display` is the `error` of [`Classified`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScanError {
    #[error("nothing was scanned")]
    Empty,
    #[error("{what} {value} has check digit {found}, expected {expected}")]
    CheckDigit {
        what: &'static str,
        value: String,
        found: u8,
        expected: u8,
    },
    #[error("{what} {value} ends in {found}, where its check digit {expected} belongs")]
    CheckNotDigit {
        what: &'static str,
        value: String,
        found: char,
        expected: u8,
    },
    #[error(
        "GTIN-12 {value} has check digit {found}, expected {expected}; \
         it is not a valid FedEx Express tracking number either"
    )]
    Gtin12OrFedex { value: String, found: u8, expected: u8 },
    #[error("a UPS tracking number is 1Z and 16 letters or digits; {value} has {count} after 1Z")]
    UpsShape { value: String, count: usize },
    #[error("{0}")]
    Id(#[from] IdError),
    #[error("a command barcode names its command after CMD: (e.g. CMD:CONFIRM); this one names none")]
    EmptyCommand,
    #[error("{0}")]
    Gs1(Gs1Error),
    #[error("UPC-E {value} starts with {first}; a UPC-E starts with 0 or 1")]
    UpcE { value: String, first: char },
    #[error("an IMEI is 15 digits; {value} is not one")]
    ImeiShape { value: String },
    #[error("not a code this bench knows: expected a tracking number, return number (RMA…), LPN, GTIN or SSCC")]
    Unknown,
    #[error(
        "not a code this bench knows ({0} digits): expected a tracking number, \
         return number (RMA…), LPN, GTIN or SSCC"
    )]
    UnknownDigits(usize),
}

/// What a recogniser found: kind, normalised value, carrier, and the reason
/// it is invalid if it is.
pub(crate) struct Found {
    pub kind: ScanKind,
    pub value: String,
    pub carrier: Option<Carrier>,
    pub error: Option<ScanError>,
    pub elements: Vec<Element>,
    pub gtin: Option<String>,
}

impl Found {
    pub fn new(kind: ScanKind, value: &str, carrier: Option<Carrier>, error: Option<ScanError>) -> Found {
        Found {
            kind,
            value: value.to_string(),
            carrier,
            error,
            elements: Vec::new(),
            gtin: None,
        }
    }
}

/// AIM symbology identifiers of GS1 symbols: GS1-128, GS1 DataBar,
/// GS1 DataMatrix, GS1 QR Code, GS1 DotCode.
const GS1_SYMBOLOGIES: [&str; 5] = ["]C1", "]e0", "]d2", "]Q3", "]J1"];

/// Classifies scans with the site's own code patterns.
#[derive(Debug, Clone, Default)]
pub struct Classifier {
    site: SiteCodes,
}

/// Classifies one scanned string with the default site patterns. Never panics.
pub fn classify(input: &str) -> Classified {
    static DEFAULT: std::sync::OnceLock<Classifier> = std::sync::OnceLock::new();
    DEFAULT.get_or_init(Classifier::default).classify(input)
}

impl Classifier {
    pub fn new(site: SiteCodes) -> Classifier {
        Classifier { site }
    }

    pub fn site(&self) -> &SiteCodes {
        &self.site
    }

    /// Classifies one scanned string. Never panics.
    pub fn classify(&self, input: &str) -> Classified {
        let (symbology, body) = normalise::split_symbology(input);
        let found = match normalise::command(body) {
            Some(name) if name.is_empty() => Found::new(ScanKind::Command, "", None, Some(ScanError::EmptyCommand)),
            Some(name) => Found::new(ScanKind::Command, &name, None, None),
            None => self.classify_body(symbology, body),
        };
        let serial = found.elements.iter().find(|e| e.ai == "21").map(|e| e.value.clone());
        Classified {
            input: input.to_string(),
            symbology: symbology.map(str::to_string),
            kind: found.kind,
            value: found.value,
            carrier: found.carrier,
            valid: found.error.is_none(),
            error: found.error.map(|e| e.to_string()),
            elements: found.elements,
            gtin: found.gtin,
            serial,
        }
    }

    /// A serial number scanned or typed for a unit. A GS1 barcode gives its
    /// (21); with `imei`, the serial must be a 15-digit IMEI whose Luhn
    /// check digit holds.
    pub fn serial(&self, input: &str, imei: bool) -> Classified {
        let mut c = self.classify(input);
        let value = match c.serial.clone() {
            Some(serial) if c.valid => serial,
            _ => normalise::compact(normalise::split_symbology(input).1),
        };
        let error = if value.is_empty() {
            Some(ScanError::Empty)
        } else if imei && (value.len() != 15 || !value.bytes().all(|b| b.is_ascii_digit())) {
            Some(ScanError::ImeiShape { value: value.clone() })
        } else if imei {
            checked("IMEI", &value, check::luhn_check_digit)
        } else {
            None
        };
        c.kind = ScanKind::Serial;
        c.carrier = None;
        c.valid = error.is_none();
        c.error = error.map(|e| e.to_string());
        c.serial = Some(value.clone());
        c.value = value;
        c
    }

    fn classify_body(&self, symbology: Option<&str>, body: &str) -> Found {
        let trimmed = body.trim();
        if gs1::link::is_web_uri(trimmed) {
            return gs1_found(trimmed, gs1::parse_digital_link(trimmed));
        }
        let gs1_symbol = symbology.is_some_and(|s| GS1_SYMBOLOGIES.contains(&s));
        if trimmed.starts_with('(') {
            return gs1_found(trimmed, gs1::parse_bracketed(trimmed));
        }
        if gs1_symbol || trimmed.contains(gs1::GS) {
            // A USPS IMpb is a GS1-128 of (420) ZIP and the tracking number:
            // the bench wants the tracking number.
            if trimmed.starts_with("420") {
                let plain = self.classify_code(symbology, &normalise::compact(body));
                if plain.carrier == Some(Carrier::Usps) && plain.error.is_none() {
                    return plain;
                }
            }
            return gs1_found(trimmed, gs1::parse_element_string(trimmed));
        }
        self.classify_code(symbology, &normalise::compact(body))
    }

    fn classify_code(&self, symbology: Option<&str>, value: &str) -> Found {
        if value.is_empty() {
            return Found::new(ScanKind::Unknown, value, None, Some(ScanError::Empty));
        }
        if value.bytes().all(|b| b.is_ascii_digit()) {
            // AIM ]E0 is EAN-13, UPC-A or UPC-E: 8 digits from it are a UPC-E.
            if value.len() == 8 && symbology == Some("]E0") {
                return upc_e(value);
            }
            return classify_digits(value);
        }
        if let Some(found) = tracking::ups(value) {
            return found;
        }
        if let Some(kind) = self.site.kind_of(value) {
            return Found::new(kind, value, None, None);
        }
        // Near misses of the bench's own codes get the format's own words.
        if value.starts_with("RMA") {
            let error = ReturnNumber::parse(value).err().map(ScanError::from);
            return Found::new(ScanKind::ReturnNumber, value, None, error.or(Some(ScanError::Unknown)));
        }
        if value.starts_with("LPN") {
            let error = Lpn::parse(value).err().map(ScanError::from);
            return Found::new(ScanKind::Lpn, value, None, error.or(Some(ScanError::Unknown)));
        }
        Found::new(ScanKind::Unknown, value, None, Some(ScanError::Unknown))
    }
}

/// A GS1 message as the bench sees it: one (00) is a pallet or parcel
/// (SSCC), one (01) a product (GTIN), anything else a GS1 message.
fn gs1_found(data: &str, parsed: Result<Vec<Element>, Gs1Error>) -> Found {
    match parsed {
        Err(e) => Found::new(ScanKind::Gs1, data, None, Some(ScanError::Gs1(e))),
        Ok(elements) => {
            let (kind, value) = match elements.as_slice() {
                [only] if only.ai == "00" => (ScanKind::Sscc, only.value.clone()),
                [only] if only.ai == "01" => (ScanKind::Gtin, only.value.clone()),
                _ => (ScanKind::Gs1, gs1::bracketed(&elements)),
            };
            let gtin = elements.iter().find(|e| e.ai == "01").map(|e| e.value.clone());
            Found {
                kind,
                value,
                carrier: None,
                error: None,
                elements,
                gtin,
            }
        }
    }
}

/// A UPC-E: number system 0 or 1, six digits, check digit of the GTIN-12 it
/// stands for. Its value and `gtin` are that GTIN-12.
fn upc_e(d: &str) -> Found {
    let Some(expanded) = check::upc_e_expand(d) else {
        let error = ScanError::UpcE {
            value: d.to_string(),
            first: d.chars().next().unwrap_or('?'),
        };
        return Found::new(ScanKind::Gtin, d, None, Some(error));
    };
    let mut found = gtin(&expanded);
    if let Some(ScanError::CheckDigit { what, value, .. }) = &mut found.error {
        *what = "UPC-E";
        *value = d.to_string();
    }
    found.gtin = Some(expanded);
    found
}

/// All-digit codes are told apart by length (and, for 12 digits, by which
/// check digit holds).
fn classify_digits(d: &str) -> Found {
    match d.len() {
        8 | 13 | 14 => gtin(d),
        12 => {
            let gtin12 = gtin(d);
            if gtin12.error.is_none() {
                gtin12
            } else if let Some(fedex) = tracking::fedex_express(d).filter(|f| f.error.is_none()) {
                fedex
            } else {
                let (found, expected) = check_pair(d, gs1_check_digit);
                let error = ScanError::Gtin12OrFedex {
                    value: d.to_string(),
                    found,
                    expected,
                };
                Found::new(ScanKind::Gtin, d, None, Some(error))
            }
        }
        18 => sscc(d),
        20 if d.starts_with("00") => sscc(&d[2..]),
        _ => tracking::digits(d)
            .unwrap_or_else(|| Found::new(ScanKind::Unknown, d, None, Some(ScanError::UnknownDigits(d.len())))),
    }
}

fn gtin(d: &str) -> Found {
    let what = match d.len() {
        8 => "GTIN-8",
        12 => "GTIN-12",
        13 => "GTIN-13",
        _ => "GTIN-14",
    };
    Found::new(ScanKind::Gtin, d, None, checked(what, d, gs1_check_digit))
}

fn sscc(d: &str) -> Found {
    Found::new(ScanKind::Sscc, d, None, checked("SSCC", d, check::sscc_check_digit))
}

/// `None` when the last digit of `d` is the check digit `scheme` computes,
/// else the error naming both digits.
pub(crate) fn checked(what: &'static str, d: &str, scheme: fn(&str) -> Option<u8>) -> Option<ScanError> {
    let Some(last) = d.chars().last() else {
        return Some(ScanError::Empty);
    };
    let payload = &d[..d.len() - last.len_utf8()];
    // Callers pass only characters the scheme accepts; refuse anything else.
    let Some(expected) = scheme(payload) else {
        return Some(ScanError::Unknown);
    };
    match last.to_digit(10) {
        Some(found) if found as u8 == expected => None,
        Some(found) => Some(ScanError::CheckDigit {
            what,
            value: d.to_string(),
            found: found as u8,
            expected,
        }),
        None => Some(ScanError::CheckNotDigit {
            what,
            value: d.to_string(),
            found: last,
            expected,
        }),
    }
}

/// The (found, expected) check digits of an all-digit number.
fn check_pair(d: &str, scheme: fn(&str) -> Option<u8>) -> (u8, u8) {
    let found = d.bytes().last().map_or(0, |b| b.wrapping_sub(b'0'));
    let expected = scheme(&d[..d.len().saturating_sub(1)]).unwrap_or(0);
    (found, expected)
}
