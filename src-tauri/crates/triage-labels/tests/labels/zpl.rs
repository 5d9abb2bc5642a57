//! ZPL labels as a Zebra would print them: rendered to pixels by the `zpl` crate at
//! the printer's resolution and read back by rxing; the ZPL text is a committed snapshot.

use image::GrayImage;
use triage_labels::{render_zpl, LabelData, LabelError, LabelTemplate};

use crate::support::{assert_single_code128, sample};

/// The ZPL printed as pixels, like the printer's head would.
pub fn print(zpl: &str, dpi: u32) -> GrayImage {
    // The ZD621 203 dpi profile, and the same printer with a 300 dpi head; the page is
    // the label's own ^PW × ^LL.
    let profile = zpl::Options {
        width: if dpi == 203 { 812 } else { 1200 },
        height: if dpi == 203 { 1218 } else { 1800 },
        dpi,
        ..zpl::Options::default()
    };
    let doc = zpl::render(zpl.as_bytes(), profile).expect("the ZPL parses and renders");
    assert_eq!(doc.labels.len(), 1, "one label per ZPL document");
    let raster = zpl::output::raster::rasterize(&doc.labels[0]).expect("the label rasterises");
    let img = GrayImage::from_raw(raster.width, raster.height, raster.pixels).expect("a whole image");
    if let Some(path) = std::env::var_os("TRIAGE_ZPL_DEMO_PNG") {
        img.save(path).expect("save the demo PNG");
    }
    img
}

/// The sample without accents: the `zpl` crate's font 0 has no glyph for `É` (a real
/// Zebra prints Latin-1 under ^CI28); the snapshot keeps the accented text.
fn ascii_sample() -> LabelData {
    LabelData {
        description: "Hiking shoes, summer - size 42, navy".into(),
        ..sample()
    }
}

fn render(data: &LabelData, dpi: u32) -> String {
    render_zpl(&LabelTemplate::restock_4x6(), data, dpi).expect("the sample label renders")
}

#[test]
fn the_lpn_of_a_zpl_label_decodes_at_203_and_300_dpi() {
    for dpi in [203, 300] {
        let img = print(&render(&ascii_sample(), dpi), dpi);
        let want = if dpi == 203 { (812, 1218) } else { (1200, 1800) };
        assert_eq!(img.dimensions(), want, "{dpi} dpi");
        assert_single_code128(&img, "LPN0000012345");
    }
}

#[test]
fn lpns_of_every_shape_decode_from_zpl() {
    for lpn in [
        "12",
        "1234567",
        "A1234B",
        "LPN-PAR1-000123457",
        "LP 42/x+%$",
        "A>B",
        "RTN2026112700001234",
    ] {
        let data = LabelData {
            lpn: lpn.into(),
            ..ascii_sample()
        };
        assert_single_code128(&print(&render(&data, 203), 203), lpn);
    }
}

#[test]
fn the_zpl_barcode_has_the_pdf_module_width_and_character_sets() {
    let zpl = render(&sample(), 203);
    // 4-dot modules (the template's widest), 28 mm bars, set B for "LPN" then set C
    // for the digits: what the PDF's barcoders input says.
    assert!(
        zpl.contains("^BY4^BCN,224,N,N,N,N^FH\\^FD>:LPN>50000012345^FS"),
        "{zpl}"
    );
    // At 300 dpi the module is the same width in millimetres: 6 dots.
    assert!(render(&sample(), 300).contains("^BY6^BCN,331,"));
}

#[test]
fn the_zpl_text_matches_its_snapshot() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/restock-4x6-203.zpl");
    let zpl = render(&sample(), 203);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(path, &zpl).expect("write the snapshot");
    }
    let want = std::fs::read_to_string(path)
        .expect("the snapshot exists (UPDATE_SNAPSHOTS=1 cargo test -p triage-labels writes it)");
    assert_eq!(
        zpl, want,
        "the ZPL changed: look at it, then UPDATE_SNAPSHOTS=1 to accept"
    );
}

#[test]
fn a_resolution_zpl_is_not_made_for_is_refused() {
    let err = render_zpl(&LabelTemplate::restock_4x6(), &sample(), 600).unwrap_err();
    assert_eq!(err, LabelError::UnsupportedDpi { dpi: 600 });
}

#[test]
fn the_logo_prints_from_zpl_where_and_as_the_pdf_prints_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = ascii_sample();
    let zpl = render(&data, 203);
    // The 27.6 x 6.5 mm box: the logo keeps its 472:110 proportions inside it, so it
    // is 27.6 mm wide (220 dots, 28 bytes a row) by 6.4 mm (51 dots).
    let gfa = zpl.lines().find(|l| l.contains("^GFA,")).expect("the logo as ^GFA");
    assert!(gfa.starts_with("^FO559,1131^GFA,1428,1428,28,"), "{gfa}");
    assert_eq!(
        gfa.len(),
        "^FO559,1131^GFA,1428,1428,28,".len() + 2 * 1428 + "^FS".len()
    );
    let printed = print(&zpl, 203);
    let pdf = crate::support::load_gray(&crate::support::rasterise(
        dir.path(),
        &triage_labels::render_pdf(&LabelTemplate::restock_4x6(), &data).unwrap(),
    ));
    assert_eq!(printed.dimensions(), pdf.dimensions());
    // The logo's dots: ink in both, and the same dots.
    let (mut ink, mut same, mut total) = (0, 0, 0);
    for y in 1131..1131 + 51 {
        for x in 559..559 + 220 {
            let (z, p) = (printed.get_pixel(x, y).0[0] < 128, pdf.get_pixel(x, y).0[0] < 128);
            ink += u32::from(z);
            same += u32::from(z == p);
            total += 1;
        }
    }
    assert!(ink * 10 > total * 3, "the logo is dark enough to see: {ink} of {total}");
    // The edges differ by a dot where pdftoppm resamples the 300 dpi image and the
    // ZPL was scaled to whole dots: 94 % agree here; a misplaced logo gives ~60 %.
    assert!(same * 100 > total * 90, "ZPL and PDF agree on {same} of {total} dots");
    // And nowhere else: the bench line beside it stays readable (white at its right end).
    assert!((540..555).all(|x| printed.get_pixel(x, 1150).0[0] > 128));
}
