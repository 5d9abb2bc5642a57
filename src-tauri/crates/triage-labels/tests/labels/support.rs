//! Rasterising, decoding and inspecting rendered labels with external tools.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use image::GrayImage;
use rxing::{BarcodeFormat, RXingResult};
use triage_labels::LabelData;

/// Dots per inch of the bench's thermal printers.
pub const DPI: u32 = 203;

pub fn sample() -> LabelData {
    LabelData {
        lpn: "LPN0000012345".into(),
        sku: "TRK-4412-BLU-42".into(),
        description: "Chaussures de randonnée, Été — taille 42, bleu nuit".into(),
        grade: "B".into(),
        disposition: "RESTOCK".into(),
        destination: "Zone A".into(),
        return_number: "RMA-2026-004521".into(),
        date: "2026-11-27".into(),
        bench: "Site PAR1 · Bench 01".into(),
        flags: vec!["WRONG ITEM".into()],
        gtin: String::new(),
        serial: String::new(),
    }
}

/// Runs a poppler or zbar tool; a missing tool fails the test with the fix, never skips it.
pub fn run(tool: &str, args: &[&str]) -> Output {
    let output = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!(
            "could not run `{tool}` ({e}): the label tests need poppler-utils and zbar-tools; \
             run `cargo xtask test`, which installs them"
        )
    });
    assert!(
        output.status.success(),
        "`{tool} {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The PDF written into `dir`, for the command-line tools.
pub fn write_pdf(dir: &Path, pdf: &[u8]) -> PathBuf {
    let path = dir.join("label.pdf");
    std::fs::write(&path, pdf).expect("write label.pdf");
    path
}

/// The PDF's first page as a PNG at the printer's resolution, as `pdftoppm` makes it.
pub fn rasterise(dir: &Path, pdf: &[u8]) -> PathBuf {
    let pdf = write_pdf(dir, pdf);
    let prefix = dir.join("label");
    let dpi = DPI.to_string();
    run(
        "pdftoppm",
        &["-r", &dpi, "-png", "-singlefile", path_str(&pdf), path_str(&prefix)],
    );
    let png = dir.join("label.png");
    if let Some(demo) = std::env::var_os("TRIAGE_LABEL_DEMO_PNG") {
        std::fs::copy(&png, demo).expect("copy the demo PNG");
    }
    png
}

pub fn load_gray(png: &Path) -> GrayImage {
    image::open(png).expect("pdftoppm wrote a readable PNG").to_luma8()
}

/// Every barcode rxing finds in the image.
pub fn decode_all(img: &GrayImage) -> Vec<RXingResult> {
    let (w, h) = img.dimensions();
    rxing::helpers::detect_multiple_in_luma(img.as_raw().clone(), w, h).unwrap_or_default()
}

/// Asserts the image holds exactly one barcode, a Code 128 reading `lpn`.
pub fn assert_single_code128(img: &GrayImage, lpn: &str) {
    let found = decode_all(img);
    let read: Vec<(String, BarcodeFormat)> = found
        .iter()
        .map(|r| (r.getText().to_owned(), *r.getBarcodeFormat()))
        .collect();
    assert_eq!(read, vec![(lpn.to_owned(), BarcodeFormat::CODE_128)]);
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}
