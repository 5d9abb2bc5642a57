use image::GrayImage;
use triage_labels::{render_pdf, LabelData, LabelError, LabelTemplate, MIN_BAR_HEIGHT_MM};

use crate::support::{assert_single_code128, load_gray, path_str, rasterise, run, sample, write_pdf, DPI};

fn render(data: &LabelData) -> Vec<u8> {
    render_pdf(&LabelTemplate::restock_4x6(), data).expect("the sample label renders")
}

#[test]
fn the_lpn_barcode_decodes_as_code128_at_203_dpi() {
    let dir = tempfile::tempdir().unwrap();
    let png = rasterise(dir.path(), &render(&sample()));
    assert_single_code128(&load_gray(&png), "LPN0000012345");
}

#[test]
fn zbar_reads_the_same_lpn() {
    let dir = tempfile::tempdir().unwrap();
    let png = rasterise(dir.path(), &render(&sample()));
    let out = run("zbarimg", &["--nodbus", "--raw", "-q", path_str(&png)]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim_end(), "LPN0000012345");
    let typed = run("zbarimg", &["--nodbus", "-q", path_str(&png)]);
    assert!(String::from_utf8_lossy(&typed.stdout).starts_with("CODE-128:"));
}

#[test]
fn lpns_of_every_shape_decode() {
    let lpns = [
        "12",                  // digits only, even: set C
        "123",                 // digits only, odd and short: set B
        "1234567",             // digits only, odd: set C then B
        "A1234B",              // short digit run inside letters: set B
        "LPN-PAR1-000123457",  // odd digit run at the end
        "LP 42/x+%$",          // spaces, lower case and punctuation
        "RTN2026112700001234", // long, mostly digits
    ];
    for lpn in lpns {
        let dir = tempfile::tempdir().unwrap();
        let data = LabelData {
            lpn: lpn.into(),
            ..sample()
        };
        let png = rasterise(dir.path(), &render(&data));
        assert_single_code128(&load_gray(&png), lpn);
    }
}

#[test]
fn every_template_prints_on_a_page_of_its_stock() {
    // pdfinfo's points, rounded as it prints them.
    let expected = [
        ("restock-4x6", "288 x 432"),
        ("restock-2x1", "144 x 72"),
        ("restock-100x150", "283.465 x 425.197"),
        ("restock-62x100", "175.748 x 283.465"),
        ("refurbish-4x6", "288 x 432"),
        ("dispose-4x6", "288 x 432"),
        ("exception-4x6", "288 x 432"),
        ("liquidation-4x6", "288 x 432"),
    ];
    let names: Vec<&str> = triage_labels::LabelTemplate::builtin_names().collect();
    assert_eq!(
        names.len(),
        expected.len(),
        "a new template needs its size here: {names:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    for (name, size) in expected {
        let template = triage_labels::LabelTemplate::builtin(name).unwrap();
        let pdf = write_pdf(dir.path(), &render_pdf(&template, &sample()).unwrap());
        let out = run("pdfinfo", &[path_str(&pdf)]);
        let info = String::from_utf8_lossy(&out.stdout);
        let line = info
            .lines()
            .find(|l| l.starts_with("Page size:"))
            .expect("pdfinfo prints the page size");
        assert!(line.contains(&format!(" {size} pts")), "{name}: {line}");
    }
}

#[test]
fn page_is_exactly_4_by_6_inches() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = write_pdf(dir.path(), &render(&sample()));
    let out = run("pdfinfo", &[path_str(&pdf)]);
    let info = String::from_utf8_lossy(&out.stdout);
    let size = info
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .expect("pdfinfo prints the page size");
    assert_eq!(
        size.split_whitespace().collect::<Vec<_>>(),
        ["Page", "size:", "288", "x", "432", "pts"]
    );
    let pages = info
        .lines()
        .find(|l| l.starts_with("Pages:"))
        .expect("pdfinfo prints the page count");
    assert_eq!(pages.split_whitespace().nth(1), Some("1"), "{info}");
}

#[test]
fn french_accents_and_every_field_print_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = write_pdf(dir.path(), &render(&sample()));
    let out = run("pdftotext", &["-enc", "UTF-8", path_str(&pdf), "-"]);
    let text = String::from_utf8(out.stdout).expect("pdftotext writes UTF-8");
    for expected in [
        "randonnée",
        "Été",
        "RESTOCK",
        "Zone A",
        "GRADE",
        "TRK-4412-BLU-42",
        "RMA-2026-004521",
        "2026-11-27",
        "Site PAR1 · Bench 01",
        "WRONG ITEM",
        "LPN0000012345",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from the label text:\n{text}"
        );
    }
}

#[test]
fn a_long_description_is_cut_to_its_box_not_spilled() {
    let dir = tempfile::tempdir().unwrap();
    let long = "Chaussures de randonnée imperméables, Été ".repeat(12);
    let data = LabelData {
        description: long,
        ..sample()
    };
    let pdf = write_pdf(dir.path(), &render(&data));
    let out = run("pdftotext", &["-enc", "UTF-8", path_str(&pdf), "-"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains('…'), "the cut description ends with an ellipsis:\n{text}");
    assert!(text.matches("randonnée").count() < 12, "{text}");
    let png = rasterise(dir.path(), &render(&data));
    assert_single_code128(&load_gray(&png), "LPN0000012345");
}

/// Bar geometry as printed: a row through the middle of the bars, in 203 dpi dots.
fn bar_row(img: &GrayImage) -> (u32, Vec<(bool, u32)>) {
    let bar = LabelTemplate::restock_4x6().barcode.area;
    let y = ((bar.y + bar.height / 2.0) / 25.4 * DPI as f32) as u32;
    let mut runs: Vec<(bool, u32)> = Vec::new();
    for x in 0..img.width() {
        let dark = img.get_pixel(x, y).0[0] < 128;
        match runs.last_mut() {
            Some((d, n)) if *d == dark => *n += 1,
            _ => runs.push((dark, 1)),
        }
    }
    (y, runs)
}

#[test]
fn bars_are_printable_with_quiet_zones_and_tall_enough() {
    let dir = tempfile::tempdir().unwrap();
    let img = load_gray(&rasterise(dir.path(), &render(&sample())));
    let (y, runs) = bar_row(&img);
    let bars: Vec<u32> = runs.iter().filter(|r| r.0).map(|r| r.1).collect();
    let narrowest = *bars.iter().min().expect("the row crosses bars");
    assert!(narrowest >= 2, "a module is {narrowest} dots; 203 dpi needs at least 2");
    let (lead, trail) = (runs[0], runs[runs.len() - 1]);
    assert!(!lead.0 && !trail.0, "the bars must not touch the page edge");
    let margin_dots = (4.0 / 25.4 * DPI as f32) as u32;
    assert!(
        lead.1 >= margin_dots + 10 * narrowest,
        "left quiet zone {} dots",
        lead.1
    );
    assert!(
        trail.1 >= margin_dots + 10 * narrowest,
        "right quiet zone {} dots",
        trail.1
    );

    let first_bar_x = lead.1;
    let dark = |yy: u32| img.get_pixel(first_bar_x, yy).0[0] < 128;
    let top = (0..y).rev().take_while(|&yy| dark(yy)).count() as f32;
    let bottom = (y..img.height()).take_while(|&yy| dark(yy)).count() as f32;
    let height_mm = (top + bottom) / DPI as f32 * 25.4;
    assert!(height_mm >= MIN_BAR_HEIGHT_MM, "bars are {height_mm:.1} mm tall");
}

#[test]
fn flags_print_white_on_black_and_vanish_when_absent() {
    let flags = LabelTemplate::restock_4x6().flags.unwrap().area;
    let dots = |mm: f32| (mm / 25.4 * DPI as f32) as u32;
    let dark_share = |data: &LabelData| {
        let dir = tempfile::tempdir().unwrap();
        let img = load_gray(&rasterise(dir.path(), &render(data)));
        let (x0, y0) = (dots(flags.x), dots(flags.y));
        let (w, h) = (dots(flags.width), dots(flags.height));
        let dark = (y0..y0 + h)
            .flat_map(|y| (x0..x0 + w).map(move |x| (x, y)))
            .filter(|&(x, y)| img.get_pixel(x, y).0[0] < 128)
            .count();
        dark as f32 / (w * h) as f32
    };
    let one = dark_share(&sample());
    assert!(one > 0.1, "a flag is a solid black box ({one})");
    let four = ["WRONG ITEM", "DAMAGED BOX", "MISSING PARTS", "FRAUD?"]
        .map(String::from)
        .to_vec();
    assert!(
        dark_share(&LabelData {
            flags: four,
            ..sample()
        }) > one + 0.1,
        "more flags, more black"
    );
    assert_eq!(
        dark_share(&LabelData {
            flags: vec![],
            ..sample()
        }),
        0.0
    );
}

#[test]
fn bad_lpns_are_errors_that_say_what_to_do() {
    let template = LabelTemplate::restock_4x6();
    let render = |lpn: &str| {
        render_pdf(
            &template,
            &LabelData {
                lpn: lpn.into(),
                ..sample()
            },
        )
    };

    assert_eq!(render(""), Err(LabelError::EmptyLpn));
    assert!(render("").unwrap_err().to_string().contains("scan or type"));
    assert_eq!(
        render("LPNé42"),
        Err(LabelError::UnencodableLpn {
            lpn: "LPNé42".into(),
            character: 'é'
        })
    );
    let too_long = "LPN-ABCDEFGHIJKLMNOPQRSTUVWXYZ-ABCDEFGHIJ";
    let err = render(too_long).unwrap_err();
    assert!(matches!(err, LabelError::LpnTooLong { .. }), "{err:?}");
    assert!(err.to_string().contains("shorter LPN"), "{err}");
}

#[test]
fn an_invalid_template_is_an_error_not_a_panic() {
    let mut template = LabelTemplate::restock_4x6();
    template.barcode.area.height = 8.0;
    let err = render_pdf(&template, &sample()).unwrap_err();
    assert!(matches!(err, LabelError::InvalidTemplate { .. }), "{err:?}");
}

#[test]
fn a_label_with_every_field_at_its_longest_keeps_every_flag_and_still_scans() {
    let data = LabelData {
        lpn: "LPN-PAR1-000123457".into(),
        sku: "TRK-4412-BLU-42-EXTRA-LONG-SKU-CODE-VARIANT-9".into(),
        description: "Chaussures de randonnée imperméables Été, taille 42, bleu nuit, semelle Vibram, \
                      lacets rouges, boîte d'origine abîmée mais complète avec notice et sachet"
            .into(),
        grade: "Like new".into(),
        disposition: "RETOURNER AU FOURNISSEUR".into(),
        destination: "Zone Q — Allée 14, Étagère 3, Niveau 2, Bac 07".into(),
        return_number: "RMA-2026-004521-PAR1-BENCH01-XYZ".into(),
        flags: ["WRONG ITEM", "DAMAGED BOX", "MISSING PARTS", "FRAUD?"]
            .map(String::from)
            .to_vec(),
        ..sample()
    };
    let dir = tempfile::tempdir().unwrap();
    let pdf = write_pdf(dir.path(), &render(&data));
    let out = run("pdftotext", &["-enc", "UTF-8", path_str(&pdf), "-"]);
    let text = String::from_utf8(out.stdout).unwrap();
    for expected in [
        "RETOURNER AU",
        "FOURNISSEUR",
        "Bac 07",
        "WRONG ITEM",
        "DAMAGED BOX",
        "MISSING PARTS",
        "FRAUD?",
        "VARIANT-9",
        "BENCH01-XYZ",
    ] {
        assert!(text.contains(expected), "{expected:?} missing:\n{text}");
    }
    let png = rasterise(dir.path(), &render(&data));
    assert_single_code128(&load_gray(&png), "LPN-PAR1-000123457");
}

#[test]
fn a_flag_wider_than_the_label_is_cut_not_dropped() {
    let huge = "CUSTOMER SAYS THE PARCEL ARRIVED OPEN AND HALF OF THE CONTENTS WERE MISSING".to_owned();
    let data = LabelData {
        flags: vec![huge, "FRAUD?".into()],
        ..sample()
    };
    let dir = tempfile::tempdir().unwrap();
    let pdf = write_pdf(dir.path(), &render(&data));
    let out = run("pdftotext", &["-enc", "UTF-8", path_str(&pdf), "-"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("CUSTOMER SAYS"), "{text}");
    assert!(text.contains('…') && text.contains("FRAUD?"), "{text}");
    let png = rasterise(dir.path(), &render(&data));
    assert_single_code128(&load_gray(&png), "LPN0000012345");
}
