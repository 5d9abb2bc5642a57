//! Carrier tracking numbers: which carrier, and does the check digit hold.

use crate::check;
use crate::{checked, Carrier, Found, ScanError, ScanKind};

fn tracking(carrier: Carrier, what: &'static str, value: &str, scheme: fn(&str) -> Option<u8>) -> Found {
    Found::new(ScanKind::Tracking, value, Some(carrier), checked(what, value, scheme))
}

/// `1Z` + 6-character shipper account + 2-character service + 7-character
/// package id + check digit.
pub fn ups(value: &str) -> Option<Found> {
    let body = value.strip_prefix("1Z")?;
    let count = body.chars().count();
    if count != 16 || !body.bytes().all(|b| b.is_ascii_alphanumeric()) {
        let error = ScanError::UpsShape {
            value: value.to_string(),
            count,
        };
        return Some(Found::new(ScanKind::Tracking, value, Some(Carrier::Ups), Some(error)));
    }
    let mut found = tracking(Carrier::Ups, "UPS tracking number", body, check::ups_check_digit);
    found.value = value.to_string();
    if let Some(ScanError::CheckDigit { value: v, .. } | ScanError::CheckNotDigit { value: v, .. }) = &mut found.error {
        *v = value.to_string();
    }
    Some(found)
}

/// FedEx Express: 12 digits, weights 1-3-7.
pub fn fedex_express(d: &str) -> Option<Found> {
    (d.len() == 12).then(|| {
        tracking(
            Carrier::Fedex,
            "FedEx Express tracking number",
            d,
            check::fedex_express_check_digit,
        )
    })
}

/// All-digit tracking numbers other than the 12-digit FedEx Express (which
/// shares its length with GTIN-12 and is decided by the caller).
pub fn digits(d: &str) -> Option<Found> {
    let found = match d.len() {
        10 => tracking(Carrier::Dhl, "DHL Express waybill number", d, check::dhl_check_digit),
        15 => fedex_ground(d),
        // FedEx Ground `96` barcode: 96 + 2-digit SCNC + 3-digit service + the 15-digit number.
        22 if d.starts_with("96") => fedex_ground(&d[7..]),
        20 | 22 | 26 if d.len() == 20 || d.starts_with('9') => {
            tracking(Carrier::Usps, "USPS tracking number", d, check::usps_check_digit)
        }
        // FedEx 34-digit barcode: the tracking number and its check digit are the last 14.
        34 if d.starts_with("100") || d.starts_with("96") => fedex_34(&d[20..]),
        _ => return None,
    };
    Some(found)
}

fn fedex_ground(d: &str) -> Found {
    tracking(
        Carrier::Fedex,
        "FedEx Ground tracking number",
        d,
        check::fedex_ground_check_digit,
    )
}

fn fedex_34(tail: &str) -> Found {
    let error = checked("FedEx tracking number", tail, check::fedex_express_check_digit);
    let value = tail.strip_prefix("00").unwrap_or(tail);
    Found::new(ScanKind::Tracking, value, Some(Carrier::Fedex), error)
}
