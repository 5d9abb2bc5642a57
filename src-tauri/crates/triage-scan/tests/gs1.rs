//! GS1 scans through `classify`, and a property over the whole AI table:
//! any valid element string built from it reads back as the same elements.

use proptest::prelude::*;
mod common;

use common::value_for;
use triage_scan::gs1::ai::table;
use triage_scan::gs1::{bracketed, element_string, Element};
use triage_scan::{classify, Carrier, Classifier, ScanKind, SiteCodes};

const G: &str = "\u{1d}";

fn pairs(elements: &[Element]) -> Vec<(&str, &str)> {
    elements.iter().map(|e| (e.ai.as_str(), e.value.as_str())).collect()
}

#[test]
fn a_unit_label_gives_gtin_and_serial() {
    for scanned in [
        format!("]C10109506000134352{}21SN-42{G}10L7\r\n", ""),
        format!("]d20109506000134352 21SN-42{G}10L7").replace(' ', ""),
        "(01)09506000134352(21)SN-42(10)L7".to_string(),
        "https://id.gs1.org/01/09506000134352/10/L7/21/SN-42".to_string(),
    ] {
        let c = classify(&scanned);
        assert!(c.valid, "{scanned:?}: {:?}", c.error);
        assert_eq!(c.kind, ScanKind::Gs1, "{scanned:?}");
        assert_eq!(c.gtin.as_deref(), Some("09506000134352"));
        assert_eq!(c.serial.as_deref(), Some("SN-42"));
        assert_eq!(c.elements.len(), 3);
    }
    let c = classify(&format!("]C10109506000134352{G}21SN-42"));
    assert_eq!(c.value, "(01)09506000134352(21)SN-42");
    assert_eq!(c.symbology.as_deref(), Some("]C1"));
}

#[test]
fn one_key_alone_is_that_key() {
    let c = classify("]C10109506000134352");
    assert_eq!(
        (c.kind, c.value.as_str(), c.gtin.as_deref()),
        (ScanKind::Gtin, "09506000134352", Some("09506000134352"))
    );
    let c = classify("(00)106141412345678908");
    assert_eq!((c.kind, c.value.as_str()), (ScanKind::Sscc, "106141412345678908"));
    let c = classify("]Q3https://id.gs1.org/01/9506000134352");
    assert_eq!((c.kind, c.value.as_str()), (ScanKind::Gtin, "09506000134352"));
}

#[test]
fn bad_gs1_scans_say_which_ai_and_where() {
    let c = classify("]C10109506000134353");
    assert_eq!((c.kind, c.valid), (ScanKind::Gs1, false));
    assert_eq!(
        c.error.as_deref(),
        Some("AI (01) 09506000134353: check digit 3, expected 2 (position 16)")
    );
    assert!(c.elements.is_empty());
    let c = classify("]C117201331");
    assert_eq!(
        c.error.as_deref(),
        Some("AI (17) 201331: month 13 does not exist (position 3)")
    );
    let c = classify("https://shop.example.com/item/42");
    assert_eq!((c.kind, c.valid), (ScanKind::Gs1, false));
    assert!(c.error.unwrap().contains("not a GS1 Digital Link"));
}

#[test]
fn a_usps_impb_stays_a_tracking_number() {
    let c = classify(&format!("]C142022153{G}9101026837331000039521"));
    assert_eq!(
        (c.kind, c.carrier, c.value.as_str()),
        (ScanKind::Tracking, Some(Carrier::Usps), "9101026837331000039521")
    );
    // A GS1 message that merely holds digits is not mistaken for a waybill.
    let c = classify("]C11012345678");
    assert_eq!((c.kind, pairs(&c.elements)), (ScanKind::Gs1, vec![("10", "12345678")]));
}

#[test]
fn upc_e_expands_only_when_the_scanner_says_upc() {
    let c = classify("]E004252614");
    assert_eq!(
        (c.kind, c.value.as_str(), c.gtin.as_deref(), c.valid),
        (ScanKind::Gtin, "042100005264", Some("042100005264"), true)
    );
    let c = classify("]E004252615");
    assert_eq!(c.error.as_deref(), Some("UPC-E 04252615 has check digit 5, expected 4"));
    let c = classify("]E024252614");
    assert_eq!(
        c.error.as_deref(),
        Some("UPC-E 24252614 starts with 2; a UPC-E starts with 0 or 1")
    );
    // Without the identifier, 8 digits are a GTIN-8 (EAN-8).
    assert_eq!(classify("96385074").kind, ScanKind::Gtin);
}

#[test]
fn site_codes_follow_the_sites_patterns() {
    assert_eq!(classify("EMP1042").kind, ScanKind::Badge);
    assert_eq!(classify("loc-a-01-02").kind, ScanKind::Location);
    let site = Classifier::new(SiteCodes::from_toml("badge = \"B[0-9]{6}\"").unwrap());
    assert_eq!(site.classify("B123456").kind, ScanKind::Badge);
    assert_eq!(site.classify("EMP1042").kind, ScanKind::Unknown);
    assert_eq!(site.classify("RMA0012345").kind, ScanKind::ReturnNumber);
}

#[test]
fn json_lists_elements_in_order() {
    let json = serde_json::to_value(classify("]C13103001250(")).unwrap();
    assert_eq!(json["valid"], false);
    let json = serde_json::to_value(classify(&format!("]C13103001250{}10A", ""))).unwrap();
    assert_eq!(
        json["elements"],
        serde_json::json!([
            {"ai": "3103", "value": "001250", "title": "NET WEIGHT (kg)", "decimal": "1.250"},
            {"ai": "10", "value": "A", "title": "BATCH/LOT"},
        ])
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_valid_element_string_reads_back(seeds in proptest::collection::vec(any::<u32>(), 64), count in 1usize..6) {
        let mut k = 0;
        let mut r = |n: u32| { k += 1; seeds[k % seeds.len()].rotate_left(k as u32 * 7) % n.max(1) };
        let specs = &table().specs;
        let mut elements: Vec<(String, String)> = Vec::new();
        for _ in 0..count {
            let spec = &specs[r(specs.len() as u32) as usize];
            if elements.iter().any(|(ai, _)| *ai == spec.ai) {
                continue;
            }
            elements.push((spec.ai.clone(), value_for(spec, &mut r, true)));
        }
        let as_elements: Vec<Element> = elements
            .iter()
            .map(|(ai, value)| Element { ai: ai.clone(), value: value.clone(), title: String::new(), decimal: None })
            .collect();
        let scanned = format!("]C1{}", element_string(&as_elements));
        let c = classify(&scanned);
        prop_assert!(c.valid, "{:?}: {:?}", scanned, c.error);
        let got: Vec<(String, String)> = c.elements.iter().map(|e| (e.ai.clone(), e.value.clone())).collect();
        prop_assert_eq!(&got, &elements);
        let c = classify(&bracketed(&as_elements));
        prop_assert!(c.valid, "{:?}: {:?}", bracketed(&as_elements), c.error);
        let got: Vec<(String, String)> = c.elements.iter().map(|e| (e.ai.clone(), e.value.clone())).collect();
        prop_assert_eq!(&got, &elements);
    }

    #[test]
    fn gs1_scans_never_panic(s in "(\\]C1|\\]d2|\\(01\\)|https://x/01/)?[0-9A-Za-z%()\u{1d}/?=&é-]{0,60}") {
        let c = classify(&s);
        prop_assert_eq!(c.valid, c.error.is_none());
    }
}

#[test]
fn serials_come_from_gs1_barcodes_and_imeis_are_checked() {
    let c = Classifier::default();
    let s = c.serial(&format!("]C10109506000134352{}21SN-42", ""), false);
    assert_eq!((s.kind, s.value.as_str(), s.valid), (ScanKind::Serial, "SN-42", true));
    let s = c.serial(" ox2531k7m2qd ", false);
    assert_eq!((s.value.as_str(), s.valid), ("OX2531K7M2QD", true));
    let s = c.serial("490154203237518", true);
    assert!(s.valid, "{:?}", s.error);
    let s = c.serial("490154203237517", true);
    assert_eq!(
        s.error.as_deref(),
        Some("IMEI 490154203237517 has check digit 7, expected 8")
    );
    let s = c.serial("49015420323751", true);
    assert_eq!(
        s.error.as_deref(),
        Some("an IMEI is 15 digits; 49015420323751 is not one")
    );
    assert_eq!(c.serial("", false).error.as_deref(), Some("nothing was scanned"));
}
