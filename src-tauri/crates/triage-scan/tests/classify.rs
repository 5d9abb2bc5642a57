//! `classify` against published example numbers, and properties over any input.

use proptest::prelude::*;
use triage_scan::check;
use triage_scan::{classify, Carrier, ScanKind};

const UNKNOWN: &str =
    "not a code this bench knows: expected a tracking number, return number (RMA…), LPN, GTIN or SSCC";

/// (scanned, kind, normalised value, carrier, error or None when valid)
type Case = (
    &'static str,
    ScanKind,
    &'static str,
    Option<Carrier>,
    Option<&'static str>,
);

fn assert_cases(cases: &[Case]) {
    for &(input, kind, value, carrier, error) in cases {
        let c = classify(input);
        assert_eq!(
            (c.kind, c.value.as_str(), c.carrier, c.error.as_deref()),
            (kind, value, carrier, error),
            "classify({input:?})"
        );
        assert_eq!(c.valid, error.is_none(), "{input:?}");
        assert_eq!(c.input, input);
    }
}

#[test]
fn ups_numbers() {
    use ScanKind::Tracking as T;
    let ups = Some(Carrier::Ups);
    assert_cases(&[
        // UPS's developer guide example, then numbers from real labels.
        ("1Z999AA10123456784", T, "1Z999AA10123456784", ups, None),
        ("1Z5R89390357567127", T, "1Z5R89390357567127", ups, None),
        ("1Z879E930346834440", T, "1Z879E930346834440", ups, None),
        ("1Z410E7W0392751591", T, "1Z410E7W0392751591", ups, None),
        ("1Z8V92A70367203024", T, "1Z8V92A70367203024", ups, None),
        // Typed as printed on the label, lowercase, with the scanner's CR LF.
        ("1z 999 aa1 01 2345 678 4\r\n", T, "1Z999AA10123456784", ups, None),
        (
            "1Z999AA10123456783",
            T,
            "1Z999AA10123456783",
            ups,
            Some("UPS tracking number 1Z999AA10123456783 has check digit 3, expected 4"),
        ),
        (
            "1Z999AA1012345678X",
            T,
            "1Z999AA1012345678X",
            ups,
            Some("UPS tracking number 1Z999AA1012345678X ends in X, where its check digit 4 belongs"),
        ),
        (
            "1Z12345",
            T,
            "1Z12345",
            ups,
            Some("a UPS tracking number is 1Z and 16 letters or digits; 1Z12345 has 5 after 1Z"),
        ),
    ]);
}

#[test]
fn fedex_numbers() {
    use ScanKind::Tracking as T;
    let fx = Some(Carrier::Fedex);
    assert_cases(&[
        // Express, 12 digits.
        ("986578788855", T, "986578788855", fx, None),
        ("477179081230", T, "477179081230", fx, None),
        ("799531274483", T, "799531274483", fx, None),
        ("7905 3531 2317", T, "790535312317", fx, None),
        // Ground, 15 digits.
        ("0414 4176 0228 964", T, "041441760228964", fx, None),
        ("568283610012000", T, "568283610012000", fx, None),
        (
            "568283610012732",
            T,
            "568283610012732",
            fx,
            Some("FedEx Ground tracking number 568283610012732 has check digit 2, expected 4"),
        ),
        // Ground `96` barcode and the 34-digit barcodes: the tracking number inside.
        ("9611020987654312345672", T, "987654312345672", fx, None),
        ("1001921334250001000300779017972697", T, "779017972697", fx, None),
        ("9622001900000000000000776632517510", T, "776632517510", fx, None),
        (
            "1001901781990001000300617767839438",
            T,
            "617767839438",
            fx,
            Some("FedEx tracking number 00617767839438 has check digit 8, expected 7"),
        ),
    ]);
}

#[test]
fn usps_and_dhl_numbers() {
    use ScanKind::Tracking as T;
    let usps = Some(Carrier::Usps);
    let dhl = Some(Carrier::Dhl);
    assert_cases(&[
        ("9400 1112 0108 0805 4830 16", T, "9400111201080805483016", usps, None),
        ("9361289878700317633795", T, "9361289878700317633795", usps, None),
        ("9505511069605048600624", T, "9505511069605048600624", usps, None),
        (
            "92748931507708513018050063",
            T,
            "92748931507708513018050063",
            usps,
            None,
        ),
        ("0307 1790 0005 2348 3741", T, "03071790000523483741", usps, None),
        // The IMpb with its 420+ZIP routing, with and without the GS separator.
        (
            "420221539101026837331000039521",
            T,
            "9101026837331000039521",
            usps,
            None,
        ),
        (
            "42022153\u{1d}9101026837331000039521",
            T,
            "9101026837331000039521",
            usps,
            None,
        ),
        (
            "4201002334249200190132607600833457",
            T,
            "9200190132607600833457",
            usps,
            None,
        ),
        (
            "9200000000000000000000",
            T,
            "9200000000000000000000",
            usps,
            Some("USPS tracking number 9200000000000000000000 has check digit 0, expected 1"),
        ),
        ("3318810025", T, "3318810025", dhl, None),
        ("8487135506", T, "8487135506", dhl, None),
        ("1099255990", T, "1099255990", dhl, None),
        (
            "3318810010",
            T,
            "3318810010",
            dhl,
            Some("DHL Express waybill number 3318810010 has check digit 0, expected 4"),
        ),
    ]);
}

#[test]
fn trade_items_and_containers() {
    use ScanKind::{Gtin as G, Sscc as S};
    assert_cases(&[
        ("4006381333931", G, "4006381333931", None, None),
        ("036000291452", G, "036000291452", None, None),
        ("96385074", G, "96385074", None, None),
        ("10614141000415", G, "10614141000415", None, None),
        ("]E04006381333931", G, "4006381333931", None, None),
        (
            "4006381333932",
            G,
            "4006381333932",
            None,
            Some("GTIN-13 4006381333932 has check digit 2, expected 1"),
        ),
        (
            "036000291453",
            G,
            "036000291453",
            None,
            Some(
                "GTIN-12 036000291453 has check digit 3, expected 2; \
                 it is not a valid FedEx Express tracking number either",
            ),
        ),
        // GS1's SSCC example, bare, as AI (00), and from a GS1-128 scanner.
        ("106141412345678908", S, "106141412345678908", None, None),
        ("00106141412345678908", S, "106141412345678908", None, None),
        ("]C100106141412345678908", S, "106141412345678908", None, None),
        (
            "106141412345678907",
            S,
            "106141412345678907",
            None,
            Some("SSCC 106141412345678907 has check digit 7, expected 8"),
        ),
    ]);
    assert_eq!(classify("]C100106141412345678908").symbology.as_deref(), Some("]C1"));
}

#[test]
fn bench_identifiers_and_commands() {
    use ScanKind::*;
    assert_cases(&[
        ("rma0012345", ReturnNumber, "RMA0012345", None, None),
        ("RMA1234567\r\n", ReturnNumber, "RMA1234567", None, None),
        (
            "RMA12",
            ReturnNumber,
            "RMA12",
            None,
            Some("a return number is RMA followed by 6 to 10 digits (e.g. RMA0012345); got \"RMA12\""),
        ),
        ("LPN0010000042", Lpn, "LPN0010000042", None, None),
        (
            "LPN42",
            Lpn,
            "LPN42",
            None,
            Some("an LPN is LPN followed by 10 digits (e.g. LPN0010000042); got \"LPN42\""),
        ),
        ("CMD:CONFIRM", Command, "CONFIRM", None, None),
        ("cmd:grade a\r\n", Command, "GRADE A", None, None),
        (
            "CMD:",
            Command,
            "",
            None,
            Some("a command barcode names its command after CMD: (e.g. CMD:CONFIRM); this one names none"),
        ),
    ]);
}

#[test]
fn unknown_codes_say_what_was_expected() {
    use ScanKind::Unknown as U;
    assert_cases(&[
        ("hello world", U, "HELLOWORLD", None, Some(UNKNOWN)),
        ("", U, "", None, Some("nothing was scanned")),
        ("\r\n", U, "", None, Some("nothing was scanned")),
        (
            "123456789",
            U,
            "123456789",
            None,
            Some(
                "not a code this bench knows (9 digits): expected a tracking number, \
                 return number (RMA…), LPN, GTIN or SSCC",
            ),
        ),
    ]);
}

#[test]
fn serialises_for_the_ui_in_camel_case() {
    let json = serde_json::to_value(classify("1Z999AA10123456784")).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "input": "1Z999AA10123456784",
            "symbology": null,
            "kind": "tracking",
            "value": "1Z999AA10123456784",
            "carrier": "UPS",
            "valid": true,
            "error": null,
            "elements": [],
            "gtin": null,
            "serial": null,
        })
    );
    assert_eq!(serde_json::to_value(ScanKind::ReturnNumber).unwrap(), "return_number");
    assert_eq!(serde_json::to_value(Carrier::Fedex).unwrap(), "FEDEX");
}

fn with_check(payload: &str, scheme: fn(&str) -> Option<u8>) -> String {
    format!("{payload}{}", scheme(payload).unwrap())
}

fn assert_tracking(scanned: &str, value: &str, carrier: Carrier) -> Result<(), TestCaseError> {
    let c = classify(scanned);
    prop_assert!(c.valid, "{scanned:?}: {:?}", c.error);
    prop_assert_eq!(c.kind, ScanKind::Tracking);
    prop_assert_eq!(c.carrier, Some(carrier));
    prop_assert_eq!(c.value, value);
    Ok(())
}

proptest! {
    #[test]
    fn never_panics_and_valid_means_no_error(s in "\\PC*") {
        let c = classify(&s);
        prop_assert_eq!(c.valid, c.error.is_none());
    }

    #[test]
    fn never_panics_on_near_misses(s in "(\\][A-Za-z][0-9])?(CMD:|1Z|1z|RMA|LPN|420|00|96|100)?[0-9A-Za-zé \u{1d}\r\n]{0,40}") {
        let c = classify(&s);
        prop_assert_eq!(c.valid, c.error.is_none());
    }

    #[test]
    fn generated_ups_numbers_round_trip(body in "[0-9A-Z]{15}") {
        let n = format!("1Z{}", with_check(&body, check::ups_check_digit));
        assert_tracking(&n, &n, Carrier::Ups)?;
        assert_tracking(&n.to_lowercase(), &n, Carrier::Ups)?;
    }

    #[test]
    fn generated_fedex_numbers_round_trip(express in "[0-9]{11}", ground in "[0-9]{14}") {
        let n = with_check(&express, check::fedex_express_check_digit);
        // A 12-digit number that is also a valid GTIN-12 reads as the GTIN.
        if !check::holds(&n, check::gs1_check_digit) {
            assert_tracking(&n, &n, Carrier::Fedex)?;
        }
        let g = with_check(&ground, check::fedex_ground_check_digit);
        assert_tracking(&g, &g, Carrier::Fedex)?;
        assert_tracking(&format!("9622001{g}"), &g, Carrier::Fedex)?;
    }

    #[test]
    fn generated_usps_numbers_round_trip(payload in "9[2-4][0-9]{19}", zip in "[0-9]{5}") {
        let n = with_check(&payload, check::usps_check_digit);
        assert_tracking(&n, &n, Carrier::Usps)?;
        assert_tracking(&format!("420{zip}{n}"), &n, Carrier::Usps)?;
        assert_tracking(&format!("420{zip}\u{1d}{n}"), &n, Carrier::Usps)?;
    }

    #[test]
    fn generated_dhl_numbers_round_trip(payload in "[1-9][0-9]{8}") {
        let n = with_check(&payload, check::dhl_check_digit);
        assert_tracking(&n, &n, Carrier::Dhl)?;
    }

    #[test]
    fn generated_ssccs_round_trip(payload in "[0-9]{17}") {
        let n = with_check(&payload, check::sscc_check_digit);
        for scanned in [n.clone(), format!("00{n}"), format!("]C100{n}")] {
            let c = classify(&scanned);
            prop_assert!(c.valid && c.kind == ScanKind::Sscc && c.value == n, "{:?}", c);
        }
    }

    #[test]
    fn a_wrong_check_digit_is_always_refused(body in "[0-9A-Z]{15}", dhl in "[1-9][0-9]{8}", k in 1u8..10) {
        let good = check::ups_check_digit(&body).unwrap();
        let ups = classify(&format!("1Z{body}{}", (good + k) % 10));
        prop_assert!(!ups.valid && ups.carrier == Some(Carrier::Ups));
        let good = check::dhl_check_digit(&dhl).unwrap();
        let bad = classify(&format!("{dhl}{}", (good + k) % 10));
        prop_assert!(!bad.valid && bad.carrier == Some(Carrier::Dhl));
    }
}
