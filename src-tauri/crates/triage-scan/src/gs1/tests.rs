//! Table-driven cases, most from the examples of the GS1 General
//! Specifications (GTIN 09506000134352, SSCC 106141412345678908, GLN
//! 9506000134352) and the GS1 Digital Link Standard.

use super::*;

const G: &str = "\u{1d}";

fn pairs(elements: &[Element]) -> Vec<(&str, &str)> {
    elements.iter().map(|e| (e.ai.as_str(), e.value.as_str())).collect()
}

fn err(data: &str) -> String {
    match parse_element_string(data) {
        Ok(e) => panic!("{data:?} parsed as {:?}", pairs(&e)),
        Err(e) => e.to_string(),
    }
}

#[test]
fn element_strings_split_into_their_ais() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("0109506000134352", &[("01", "09506000134352")]),
        ("00106141412345678908", &[("00", "106141412345678908")]),
        // Predefined lengths need no separator; variable ones do, except last.
        (
            "010950600013435217201225",
            &[("01", "09506000134352"), ("17", "201225")],
        ),
    ];
    for (data, want) in cases {
        assert_eq!(pairs(&parse_element_string(data).unwrap()), *want, "{data}");
    }
    let with_gs = format!("0109506000134352{}10ABC123{G}21XYZ{G}", "17201225");
    assert_eq!(
        pairs(&parse_element_string(&with_gs).unwrap()),
        [
            ("01", "09506000134352"),
            ("17", "201225"),
            ("10", "ABC123"),
            ("21", "XYZ")
        ]
    );
    // A leading FNC1, as some scanners send it, is skipped.
    assert_eq!(
        pairs(&parse_element_string(&format!("{G}10LOT7")).unwrap()),
        [("10", "LOT7")]
    );
    // A fixed-length AI that is not predefined may still be followed by FNC1.
    assert_eq!(
        pairs(&parse_element_string(&format!("4149506000134352{G}21A")).unwrap()),
        [("414", "9506000134352"), ("21", "A")]
    );
}

#[test]
fn check_digits_name_ai_position_and_both_digits() {
    assert_eq!(
        err("0109506000134353"),
        "AI (01) 09506000134353: check digit 3, expected 2 (position 16)"
    );
    assert_eq!(
        err(&format!("10A{G}00106141412345678907")),
        "AI (00) 106141412345678907: check digit 7, expected 8 (position 24)"
    );
    assert_eq!(
        err("4149506000134353"),
        "AI (414) 9506000134353: check digit 3, expected 2 (position 16)"
    );
    // GRAI: a zero, then a GLN-like 13 digits with a check digit, then serial.
    assert!(parse_element_string("800309506000134352ABC").is_ok());
    assert_eq!(err("800319506000134352"), "AI (8003) 1: must be 0 (position 5)");
}

#[test]
fn dates_are_real_dates() {
    assert!(parse_element_string("17240229").is_ok(), "2024 is a leap year");
    assert_eq!(
        err("17230229"),
        "AI (17) 230229: day 29 is not in month 02 (position 3)"
    );
    assert_eq!(err("17201331"), "AI (17) 201331: month 13 does not exist (position 3)");
    assert_eq!(
        err("15200431"),
        "AI (15) 200431: day 31 is not in month 04 (position 3)"
    );
    // Day 00 means the end of the month for 11–17, not for 7006.
    assert!(parse_element_string("17201200").is_ok());
    assert_eq!(
        err("7006201200"),
        "AI (7006) 201200: day 00 is not in month 12 (position 5)"
    );
    assert!(parse_element_string("70031912312359").is_ok());
    assert_eq!(
        err("70031912312460"),
        "AI (7003) 1912312460: hour 24 does not exist (position 5)"
    );
    assert!(parse_element_string("800819123123").is_ok());
    assert!(parse_element_string("80081912312359").is_ok());
    assert_eq!(
        err("80081912312360"),
        "AI (8008) 60: minute 60 does not exist (position 13)"
    );
    assert_eq!(
        err("80081912312359005"),
        "AI (8008) holds at most 12 characters, found 13 (position 5); is an FNC1 separator missing?"
    );
    assert!(parse_element_string("7007191231200101").is_ok());
}

#[test]
fn decimal_ais_carry_their_decimal_point() {
    let e = parse_element_string("3103001250").unwrap();
    assert_eq!(
        (e[0].title.as_str(), e[0].decimal.as_deref()),
        ("NET WEIGHT (kg)", Some("1.250"))
    );
    assert_eq!(
        parse_element_string("3100000042").unwrap()[0].decimal.as_deref(),
        Some("42")
    );
    assert_eq!(
        parse_element_string("392212345").unwrap()[0].decimal.as_deref(),
        Some("123.45")
    );
    assert_eq!(
        parse_element_string("393297812345").unwrap()[0].decimal.as_deref(),
        Some("978 123.45")
    );
    assert_eq!(
        parse_element_string("39250").unwrap()[0].decimal.as_deref(),
        Some("0.00000")
    );
    assert_eq!(
        err("3106001250"),
        "no GS1 Application Identifier starts with \"3106\" (position 1)"
    );
}

#[test]
fn lengths_and_characters_are_checked() {
    assert_eq!(
        err("010950600013"),
        "AI (01) needs 14 characters but the data ends after 10 (position 3)"
    );
    assert_eq!(
        err(&format!("01095060001{G}21A")),
        "AI (01) needs 14 characters but the data ends after 9 (position 3)"
    );
    assert_eq!(
        err("21ABCDEFGHIJKLMNOPQRSTU"),
        "AI (21) holds at most 20 characters, found 21 (position 3); is an FNC1 separator missing?"
    );
    assert_eq!(
        err("10AB#C"),
        "AI (10): '#' at position 5 is not allowed (GS1 character set 82)"
    );
    assert_eq!(
        err("10é"),
        "AI (10): 'é' at position 3 is not allowed (GS1 character set 82)"
    );
    assert_eq!(err("30A"), "AI (30): 'A' at position 3 is not allowed (digits only)");
    assert_eq!(err(&format!("10{G}21A")), "AI (10) has no data (position 3)");
    assert_eq!(
        err("2312345"),
        "no GS1 Application Identifier starts with \"2312\" (position 1)"
    );
    assert_eq!(err(&format!("10A{G}99")), "AI (99) has no data (position 7)");
    assert_eq!(err("43212"), "AI (4321) 2: must be 0 (no) or 1 (yes) (position 5)");
    assert_eq!(err(""), "the GS1 barcode holds no data");
    assert_eq!(err(G), "the GS1 barcode holds no data");
    // Base64url data may end in = padding, and hold no = before.
    assert!(parse_element_string("8030QUJD==").is_ok());
    assert_eq!(
        err("8030QU=JD"),
        "AI (8030): 'J' at position 8 is not allowed (only = may follow = in GS1 character set 64)"
    );
    assert_eq!(
        err("4307fr"),
        "AI (4307) fr: must be a country code of two capital letters, like FR (position 5)"
    );
    assert_eq!(err("72581-2"), "AI (7258) -: must be / (position 6)");
    assert!(parse_element_string("4232502760").is_err(), "countries come in threes");
    assert!(parse_element_string("423250276").is_ok());
    // Temperatures may end in a minus sign, nothing else.
    assert!(parse_element_string("4330001234-").is_ok());
    assert!(parse_element_string("4330001234").is_ok());
    assert_eq!(
        err("4330001234+"),
        "AI (4330): '+' at position 11 is not allowed (only a minus sign may follow the digits)"
    );
}

#[test]
fn the_same_ai_twice_must_agree() {
    assert_eq!(
        pairs(&parse_element_string(&format!("21A{G}21A")).unwrap()),
        [("21", "A")]
    );
    assert_eq!(
        err(&format!("21A{G}21B")),
        "AI (21) appears twice with different data: A and B"
    );
}

#[test]
fn bracketed_form_reads_like_the_element_string() {
    let e = parse_bracketed("(01)09506000134352(17)201225(10)ABC(123)(21)X").unwrap();
    assert_eq!(
        pairs(&e),
        [
            ("01", "09506000134352"),
            ("17", "201225"),
            ("10", "ABC(123)"),
            ("21", "X")
        ]
    );
    assert_eq!(bracketed(&e), "(01)09506000134352(17)201225(10)ABC(123)(21)X");
    assert_eq!(
        parse_bracketed("(01)09506000134353").unwrap_err().to_string(),
        "AI (01) 09506000134353: check digit 3, expected 2 (position 18)"
    );
    assert_eq!(
        parse_bracketed("01)0950").unwrap_err().to_string(),
        "bracketed GS1 data must start with an AI in brackets, like (01); found \"01)0950\""
    );
    assert_eq!(
        parse_bracketed("(23)1").unwrap_err().to_string(),
        "no GS1 Application Identifier starts with \"23\" (position 2)"
    );
}

#[test]
fn element_string_puts_fnc1_only_where_needed() {
    let e = parse_bracketed("(10)ABC(01)09506000134352(21)X(17)201225").unwrap();
    assert_eq!(element_string(&e), format!("10ABC{G}010950600013435221X{G}17201225"));
    assert_eq!(pairs(&parse_element_string(&element_string(&e)).unwrap()), pairs(&e));
}

#[test]
fn digital_links_give_the_same_elements() {
    let e =
        parse_digital_link("https://id.gs1.org/01/09506000134352/10/ABC1/21/12345?17=201225&linkType=gs1:pip").unwrap();
    assert_eq!(
        pairs(&e),
        [
            ("01", "09506000134352"),
            ("10", "ABC1"),
            ("21", "12345"),
            ("17", "201225")
        ]
    );
    // Any host and path before the key; a GTIN-13 padded; escapes decoded.
    let e = parse_digital_link("HTTPS://shop.example.com/p/01/9506000134352/21/A%2FB%21").unwrap();
    assert_eq!(pairs(&e), [("01", "09506000134352"), ("21", "A/B!")]);
    assert_eq!(
        parse_digital_link("https://shop.example.com/p/123").unwrap_err().to_string(),
        "https://shop.example.com/p/123 is a web address, not a GS1 Digital Link: its path names no GS1 key such as /01/ (GTIN)"
    );
    assert_eq!(
        parse_digital_link("https://id.gs1.org/01/09506000134353")
            .unwrap_err()
            .to_string(),
        "GS1 Digital Link: AI (01) 09506000134353: check digit 3, expected 2"
    );
    assert_eq!(
        parse_digital_link("https://id.gs1.org/01/09506000134352/21")
            .unwrap_err()
            .to_string(),
        "GS1 Digital Link path /01/09506000134352/21 has an AI without a value"
    );
    assert_eq!(
        parse_digital_link("https://id.gs1.org/414/9506000134352/254/1?17=201332")
            .unwrap_err()
            .to_string(),
        "GS1 Digital Link: AI (17) 201332: month 13 does not exist"
    );
}
