//! Return-label tracking numbers in each carrier's real format, with valid
//! check digits, never repeated.

use crate::rng::Rng;
use std::collections::BTreeSet;
use triage_scan::check;
use triage_scan::Carrier;

/// Share of return labels per carrier.
pub const CARRIERS: &[(Carrier, u32)] = &[
    (Carrier::Ups, 34),
    (Carrier::Usps, 28),
    (Carrier::Fedex, 26),
    (Carrier::Dhl, 12),
];

/// The shop's UPS shipper accounts (returns are billed to the merchant).
const UPS_ACCOUNTS: &[&str] = &["A8F37V", "4W7E19", "X06R3K"];
/// UPS service codes: 90 returns (UPS prints the label), 03 Ground, 78 Returns Plus.
const UPS_SERVICES: &[(&str, u32)] = &[("90", 60), ("03", 30), ("78", 10)];
/// USPS: channel AI 92/93/94, service type code, the shop's 9-digit mailer IDs.
const USPS_AI: &[(&str, u32)] = &[("92", 45), ("93", 20), ("94", 35)];
const USPS_STC: &[&str] = &["055", "001", "612", "190"];
const USPS_MAILERS: &[&str] = &["902197443", "901846205"];

pub fn tracking_number(rng: &mut Rng, carrier: Carrier, taken: &mut BTreeSet<String>) -> String {
    loop {
        let n = candidate(rng, carrier);
        if taken.insert(n.clone()) {
            return n;
        }
    }
}

fn candidate(rng: &mut Rng, carrier: Carrier) -> String {
    match carrier {
        Carrier::Ups => {
            let body = format!(
                "{}{}{}",
                rng.pick(UPS_ACCOUNTS),
                rng.weighted(UPS_SERVICES),
                rng.digits(7)
            );
            format!("1Z{}", with_check(&body, check::ups_check_digit))
        }
        Carrier::Fedex => loop {
            let n = with_check(&format!("7{}", rng.digits(10)), check::fedex_express_check_digit);
            // A FedEx number that is also a valid GTIN-12 would scan as the GTIN.
            if !check::holds(&n, check::gs1_check_digit) {
                return n;
            }
        },
        Carrier::Usps => {
            let payload = format!(
                "{}{}{}{}",
                rng.weighted(USPS_AI),
                rng.pick(USPS_STC),
                rng.pick(USPS_MAILERS),
                rng.digits(7)
            );
            with_check(&payload, check::usps_check_digit)
        }
        Carrier::Dhl => {
            let payload = format!("{}{}", rng.range(1, 9), rng.digits(8));
            with_check(&payload, check::dhl_check_digit)
        }
    }
}

fn with_check(payload: &str, scheme: fn(&str) -> Option<u8>) -> String {
    let d = scheme(payload).expect("payload built from digits and capitals");
    format!("{payload}{d}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use triage_scan::{classify, ScanKind};

    #[test]
    fn every_carrier_number_scans_as_that_carrier() {
        let mut rng = Rng::new(11);
        let mut taken = BTreeSet::new();
        for &(carrier, _) in CARRIERS {
            for _ in 0..300 {
                let n = tracking_number(&mut rng, carrier, &mut taken);
                let c = classify(&n);
                assert!(
                    c.valid && c.kind == ScanKind::Tracking && c.carrier == Some(carrier),
                    "{c:?}"
                );
            }
        }
    }
}
