use super::*;

const HEADER: &str = "return_number,order_number,channel,customer_name,created_on,purchased_on,window_days,tracking_numbers,line_no,sku,gtin,description,category,quantity,unit_price,reason,comment,expected_serials";

fn csv(rows: &[&str]) -> String {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s
}

const ROW1: &str = "RMA0000001,#1001,web,Amélie Durand,2026-11-20,2026-11-01,30,1Z999AA10123456784|420750019400111899560880000000,1,APP-TEE-M,036000291452,\"T-shirt, noir\",apparel,1,19.90,SIZE_TOO_LARGE,trop grand,";
const ROW2: &str = "RMA0000001,#1001,web,Amélie Durand,2026-11-20,2026-11-01,30,1Z999AA10123456784|420750019400111899560880000000,2,ELE-PHN-1,4006381333931,Phone,electronics,2,399,DEFECTIVE,,356938035643809|356938035643817";

#[test]
fn rows_of_one_return_group_into_its_lines() {
    let orders = parse_csv(&csv(&[ROW1, ROW2])).unwrap();
    assert_eq!(orders.len(), 1);
    let o = &orders[0];
    assert_eq!(o.tracking_numbers.len(), 2);
    assert_eq!(o.lines.len(), 2);
    assert_eq!(o.lines[0].description, "T-shirt, noir");
    assert_eq!(o.lines[0].unit_price_cents, 1990);
    assert_eq!(o.lines[1].unit_price_cents, 39900);
    assert_eq!(o.lines[1].expected_serials, vec!["356938035643809", "356938035643817"]);
    assert_eq!(o.lines[1].comment, None);
}

#[test]
fn csv_round_trips_through_to_csv() {
    let orders = parse_csv(&csv(&[ROW1, ROW2])).unwrap();
    assert_eq!(parse_csv(&to_csv(&orders)).unwrap(), orders);
}

#[test]
fn a_bad_gtin_names_its_line_and_check_digit() {
    let bad = ROW2.replace("4006381333931", "4006381333932");
    let err = parse_csv(&csv(&[ROW1, &bad])).unwrap_err();
    assert_eq!(err.line, 3);
    assert_eq!(
        err.to_string(),
        "line 3: gtin: \"4006381333932\" has a bad check digit (expected 1, found 2)"
    );
}

#[test]
fn bad_values_are_reported_with_what_to_write() {
    let cases = [
        (ROW1.replace(",apparel,", ",toys,"), "category: \"toys\" is not one of"),
        (ROW1.replace("19.90", "19.9x"), "unit_price: \"19.9x\" is not a price"),
        (
            ROW1.replace("19.90", "19,90"),
            "found 19 columns, expected 18; put values that contain a comma in double quotes",
        ),
        (
            ROW1.replace("2026-11-01", "01/11/2026"),
            "purchased_on: \"01/11/2026\" is not a date",
        ),
        (
            ROW1.replace("SIZE_TOO_LARGE", "BROKEN"),
            "reason: \"BROKEN\" is not a Shopify return reason",
        ),
        (ROW1.replace(",1,19.90", ",0,19.90"), "quantity must be at least 1"),
    ];
    for (row, want) in cases {
        let err = parse_csv(&csv(&[&row])).unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        assert!(err.message.contains(want), "{err} should contain {want}");
    }
}

#[test]
fn return_fields_must_agree_across_rows() {
    let other = ROW2.replace("Amélie Durand", "Amelie Durand");
    let err = parse_csv(&csv(&[ROW1, &other])).unwrap_err();
    assert_eq!(err.line, 3);
    assert!(err.message.contains("differ from its earlier rows"));
}

#[test]
fn a_wrong_header_is_refused_with_the_expected_one() {
    let err = parse_csv("rma,sku\nRMA0000001,X").unwrap_err();
    assert_eq!(err.line, 1);
    assert!(err.message.contains(HEADER));
}

#[test]
fn json_errors_carry_line_numbers_and_duplicates_are_refused() {
    let orders = parse_csv(&csv(&[ROW1])).unwrap();
    let json = serde_json::to_string_pretty(&orders).unwrap();
    assert_eq!(parse_json(&json).unwrap(), orders);

    let broken = json.replace("\"036000291452\"", "\"036000291453\"");
    let err = parse_json(&broken).unwrap_err();
    assert!(err.line > 1, "{err}");
    assert!(err.message.contains("bad check digit"), "{err}");

    let twice = serde_json::to_string(&[orders[0].clone(), orders[0].clone()]).unwrap();
    assert!(parse_json(&twice).unwrap_err().message.contains("appears twice"));
}

#[test]
fn a_tracking_number_on_two_returns_is_refused_with_its_line() {
    let other = ROW1.replace("RMA0000001,#1001", "RMA0000002,#1002");
    let err = parse_csv(&csv(&[ROW1, &other])).unwrap_err();
    assert_eq!(err.line, 3);
    assert!(
        err.message
            .contains("tracking number 1Z999AA10123456784 is also on RMA0000001"),
        "{err}"
    );

    let orders = vec![
        parse_csv(&csv(&[ROW1])).unwrap().remove(0),
        parse_csv(&csv(&[&other])).unwrap().remove(0),
    ];
    let json = serde_json::to_string(&orders).unwrap();
    let err = parse_json(&json).unwrap_err();
    assert_eq!(err.to_string(), "return #2 (RMA0000002): tracking number 1Z999AA10123456784 is also on RMA0000001; one parcel belongs to one return");
}

#[test]
fn a_byte_order_mark_and_huge_prices_are_handled() {
    let with_bom = format!("\u{feff}{}", csv(&[ROW1]));
    assert_eq!(parse_csv(&with_bom).unwrap().len(), 1);
    let huge = ROW1.replace("19.90", "99999999999999999.99");
    let err = parse_csv(&csv(&[&huge])).unwrap_err();
    assert!(err.message.contains("is not a price"), "{err}");
}

#[test]
fn an_optional_tags_column_is_read_written_and_round_trips() {
    let text = format!("{HEADER},tags\n{ROW1},gift\n{ROW2},phone|refurbished");
    let orders = parse_csv(&text).unwrap();
    assert_eq!(orders[0].lines[0].tags, vec!["gift"]);
    assert_eq!(orders[0].lines[1].tags, vec!["phone", "refurbished"]);
    let written = to_csv(&orders);
    assert!(written.starts_with(&format!("{HEADER},tags\n")), "{written}");
    assert_eq!(parse_csv(&written).unwrap(), orders);
    // Without tags, the file keeps the 18 columns it always had.
    let plain = parse_csv(&csv(&[ROW1])).unwrap();
    assert!(plain[0].lines[0].tags.is_empty());
    assert!(to_csv(&plain).starts_with(&format!("{HEADER}\n")));
    // A column after tags, or tags in the middle, is refused.
    let err = parse_csv(&format!("{HEADER},tags,colour\n{ROW1},gift,red")).unwrap_err();
    assert!(
        err.message.ends_with("(optionally followed by ,tags)"),
        "{}",
        err.message
    );
}
