//! Every built-in template, through both renderers, read back by a decoder.

use triage_labels::{render_pdf, render_zpl, LabelData, LabelTemplate};

use crate::support::{assert_single_code128, load_gray, rasterise, sample};
use crate::zpl::print;

fn ascii(data: LabelData) -> LabelData {
    // The ZPL emulator's font 0 has no accented capitals (a real Zebra has).
    LabelData {
        description: "Hiking shoes, size 42".into(),
        ..data
    }
}

#[test]
fn every_template_decodes_from_pdf_and_from_zpl_at_203_and_300_dpi() {
    for name in LabelTemplate::builtin_names() {
        let template = LabelTemplate::builtin(name).unwrap();
        // The bench's LPNs (LPN + bench + sequence); the 2x1 label holds no longer one.
        for lpn in ["LPN0010000001", "LPN9999999999"] {
            let data = LabelData {
                lpn: lpn.into(),
                ..ascii(sample())
            };
            let dir = tempfile::tempdir().unwrap();
            let pdf = render_pdf(&template, &data).unwrap_or_else(|e| panic!("{name} {lpn}: {e}"));
            assert_single_code128(&load_gray(&rasterise(dir.path(), &pdf)), lpn);
            for dpi in [203, 300] {
                let zpl = render_zpl(&template, &data, dpi).unwrap();
                assert_single_code128(&print(&zpl, dpi), lpn);
            }
        }
    }
}

#[test]
fn the_2x1_label_is_two_inches_by_one_and_says_hold_when_held() {
    let template = LabelTemplate::builtin("restock-2x1").unwrap();
    let long = LabelData {
        lpn: "LPN-PAR1-000123457".into(),
        ..sample()
    };
    assert!(matches!(
        render_pdf(&template, &long),
        Err(triage_labels::LabelError::LpnTooLong { .. })
    ));
    let zpl = render_zpl(&template, &ascii(sample()), 203).unwrap();
    assert!(zpl.starts_with("^XA\n^CI28\n^PW406\n^LL203\n"), "{zpl}");
    let held = LabelData {
        disposition: "HOLD".into(),
        ..ascii(sample())
    };
    let zpl = render_zpl(&template, &held, 203).unwrap();
    assert!(zpl.contains("^FDHOLD^FS"), "{zpl}");
    assert!(!zpl.contains("WRONG ITEM"), "no room for flags on a 2x1 label");
}

/// Every barcode found: (text, AIM symbology id).
fn read_with_symbology(img: &image::GrayImage) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = crate::support::decode_all(img)
        .iter()
        .map(|r| {
            let sym = r
                .getRXingResultMetadata()
                .get(&rxing::RXingResultMetadataType::SYMBOLOGY_IDENTIFIER)
                .and_then(|v| match v {
                    rxing::RXingResultMetadataValue::SymbologyIdentifier(s) => Some(s.clone()),
                    _ => None,
                })
                .unwrap_or_default();
            (r.getText().to_owned(), sym)
        })
        .collect();
    found.sort();
    found
}

#[test]
fn the_refurbish_ticket_carries_a_gs1_128_of_gtin_and_serial_read_as_c1() {
    let template = LabelTemplate::builtin("refurbish-4x6").unwrap();
    let data = LabelData {
        gtin: "3600029145227".into(),
        serial: "SN-42A".into(),
        ..ascii(sample())
    };
    let want = vec![
        // (01) is fixed-length: no separator before (21).
        ("010360002914522721SN-42A".to_string(), "]C1".to_string()),
        ("LPN0000012345".to_string(), "]C0".to_string()),
    ];
    let dir = tempfile::tempdir().unwrap();
    let pdf = render_pdf(&template, &data).unwrap();
    let got = read_with_symbology(&load_gray(&rasterise(dir.path(), &pdf)));
    assert_eq!(got, want, "from the PDF");
    let zpl = render_zpl(&template, &data, 203).unwrap();
    assert!(zpl.contains("^FD>;>80103600029145227>621SN-42A^FS"), "{zpl}");
    assert!(zpl.contains("(01) 03600029145227 (21) SN-42A"), "the same in words");
    assert_eq!(read_with_symbology(&print(&zpl, 203)), want, "from the ZPL");
    // An even run of digits stays in set C; a bad serial is refused with why.
    let digits = LabelData {
        serial: "123456".into(),
        ..data.clone()
    };
    assert!(render_zpl(&template, &digits, 203)
        .unwrap()
        .contains(">;>8010360002914522721123456"));
    // The longest serial GS1 allows, in letters (set B): wider than the 93.6 mm box.
    let wide = LabelData {
        serial: "ABCDEFGHIJKLMNOPQRST".into(),
        ..data.clone()
    };
    let err = render_pdf(&template, &wide).unwrap_err();
    assert!(matches!(err, triage_labels::LabelError::Gs1TooLong { .. }), "{err:?}");
    let err = err.to_string();
    assert!(
        err.starts_with("the GS1-128 (01) ")
            && err.contains("(21) ABCDEFGHIJKLMNOPQRST is too long for label template \"refurbish-4x6\""),
        "{err}"
    );
    assert!(
        err.contains("but the box is 93.6 mm wide; check the serial number"),
        "{err}"
    );
    assert!(!err.contains("LPN"), "{err}");
    let bad = LabelData {
        serial: "SN 42".into(),
        ..data
    };
    let err = render_pdf(&template, &bad).unwrap_err().to_string();
    assert!(
        err.contains("the serial \"SN 42\" is not 1 to 20 letters, digits or GS1 punctuation"),
        "{err}"
    );
}
