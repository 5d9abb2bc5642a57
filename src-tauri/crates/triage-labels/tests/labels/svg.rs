use image::GrayImage;
use triage_labels::{barcode_svg, LabelError};

use crate::support::assert_single_code128;

/// The SVG's bars drawn into a bitmap, 3 pixels per SVG unit, for the decoder.
fn rasterise_svg(svg: &str) -> GrayImage {
    let attr = |tag: &str, name: &str| -> u32 {
        let start = tag.find(&format!(" {name}=\"")).expect("attribute present") + name.len() + 3;
        tag[start..]
            .split('"')
            .next()
            .unwrap()
            .parse()
            .expect("integer attribute")
    };
    let root = &svg[..svg.find('>').unwrap()];
    let (w, h) = (attr(root, "width"), attr(root, "height"));
    let scale = 3;
    let mut img = GrayImage::from_pixel(w * scale + 40, h * scale + 40, image::Luma([255]));
    for rect in svg.split("<rect").skip(1) {
        if !rect.contains("fill=\"#000000\"") {
            continue;
        }
        let (x, width) = (attr(rect, "x"), attr(rect, "width"));
        for px in x * scale..(x + width) * scale {
            for py in 0..h * scale {
                img.put_pixel(px + 20, py + 20, image::Luma([0]));
            }
        }
    }
    img
}

#[test]
fn svg_preview_is_a_decodable_code128_of_the_lpn() {
    let svg = barcode_svg("LPN0000012345").unwrap();
    assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"), "{svg}");
    assert!(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.matches("<rect").count() > 20, "bars are rect elements");
    assert_single_code128(&rasterise_svg(&svg), "LPN0000012345");
}

#[test]
fn svg_preview_has_a_sensible_size() {
    let svg = barcode_svg("LPN0000012345").unwrap();
    assert!(svg.contains("width=\"") && svg.contains("height=\"80\""), "{svg}");
}

#[test]
fn svg_of_a_bad_lpn_is_an_error() {
    assert_eq!(barcode_svg(""), Err(LabelError::EmptyLpn));
    assert_eq!(
        barcode_svg("LPN☺"),
        Err(LabelError::UnencodableLpn {
            lpn: "LPN☺".into(),
            character: '☺'
        })
    );
}
