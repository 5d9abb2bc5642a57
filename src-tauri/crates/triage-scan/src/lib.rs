//! Scan classification: what did the inspector just scan?
//!
//! [`classify`] is pure and total: any string gets an answer, and an answer
//! that is not `valid` says why in `error`.

pub mod check;
mod normalise;
mod tracking;

use serde::{Deserialize, Serialize};
use triage_core::gtin::gs1_check_digit;
use triage_core::ids::IdError;
use triage_core::{Lpn, ReturnNumber};
use ts_rs::TS;

/// The answer to one scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ScanKind {
    Tracking,
    ReturnNumber,
    Gtin,
    Lpn,
    Sscc,
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
}

impl Found {
    pub fn new(kind: ScanKind, value: &str, carrier: Option<Carrier>, error: Option<ScanError>) -> Found {
        Found {
            kind,
            value: value.to_string(),
            carrier,
            error,
        }
    }
}

/// Classifies one scanned string. Never panics.
pub fn classify(input: &str) -> Classified {
    let (symbology, body) = normalise::split_symbology(input);
    let found = match normalise::command(body) {
        Some(name) if name.is_empty() => Found::new(ScanKind::Command, "", None, Some(ScanError::EmptyCommand)),
        Some(name) => Found::new(ScanKind::Command, &name, None, None),
        None => classify_code(&normalise::compact(body)),
    };
    Classified {
        input: input.to_string(),
        symbology: symbology.map(str::to_string),
        kind: found.kind,
        value: found.value,
        carrier: found.carrier,
        valid: found.error.is_none(),
        error: found.error.map(|e| e.to_string()),
    }
}

fn classify_code(value: &str) -> Found {
    if value.is_empty() {
        return Found::new(ScanKind::Unknown, value, None, Some(ScanError::Empty));
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        return classify_digits(value);
    }
    if let Some(found) = tracking::ups(value) {
        return found;
    }
    if value.starts_with("RMA") {
        let error = ReturnNumber::parse(value).err().map(ScanError::from);
        return Found::new(ScanKind::ReturnNumber, value, None, error);
    }
    if value.starts_with("LPN") {
        let error = Lpn::parse(value).err().map(ScanError::from);
        return Found::new(ScanKind::Lpn, value, None, error);
    }
    Found::new(ScanKind::Unknown, value, None, Some(ScanError::Unknown))
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
