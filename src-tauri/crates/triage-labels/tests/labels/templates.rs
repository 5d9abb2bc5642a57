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
