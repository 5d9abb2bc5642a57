//! A rule file that does not add up is refused with file, line and reason.

use super::*;

/// The diagnostics for DEFAULT with `old` replaced by `new`.
fn refused(old: &str, new: &str) -> Vec<String> {
    assert!(DEFAULT.contains(old), "the default file no longer has {old:?}");
    let text = DEFAULT.replacen(old, new, 1);
    match RuleSet::from_toml("site.toml", &text) {
        Ok(_) => panic!("accepted after replacing {old:?} with {new:?}"),
        Err(e) => e.diagnostics.iter().map(|d| d.to_string()).collect(),
    }
}

fn line_of(needle: &str) -> usize {
    let at = DEFAULT
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the default file"));
    DEFAULT[..at].matches('\n').count() + 1
}

#[test]
fn a_syntax_error_names_its_line() {
    let err = RuleSet::from_toml("bad.toml", "version = \"1\"\nfallback_category = \n").unwrap_err();
    assert_eq!(err.diagnostics.len(), 1);
    assert!(err.to_string().starts_with("bad.toml:2: "), "{err}");
}

#[test]
fn an_unknown_field_is_refused_where_it_is() {
    let got = refused("id = \"restock-new\"\n", "id = \"restock-new\"\ncolour = \"red\"\n");
    let line = line_of("id = \"restock-new\"") + 1;
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with(&format!("site.toml:{line}: unknown field `colour`")),
        "{got:?}"
    );
}

#[test]
fn an_unknown_fact_or_question_is_refused() {
    let got = refused("when = { serial = \"mismatch\" }", "when = { serail = \"mismatch\" }");
    let line = line_of("id = \"flag-serial-mismatch\"") - 1;
    assert_eq!(
        got,
        [format!(
            "site.toml:{line}: flag row \"flag-serial-mismatch\": \"serail\" is neither a fact (grade, category, within_window, days_since_purchase, unit_value, stock_need, reason, serial_expected) nor a question of a checklist"
        )]
    );
}

#[test]
fn a_key_the_question_does_not_offer_is_refused() {
    let got = refused("when = { damage = \"3\" }", "when = { damage = \"7\" }");
    let line = line_of("id = \"apparel-ruined\"") - 1;
    assert_eq!(
        got,
        [format!(
            "site.toml:{line}: grading row \"apparel-ruined\": damage: \"7\" is not one of 1, 2, 3"
        )]
    );
}

#[test]
fn a_grade_with_no_disposition_is_refused() {
    let got = refused(
        "when = { grade = \"F\", category = [\"apparel\", \"footwear\", \"home\"] }",
        "when = { grade = \"F\", category = [\"footwear\", \"home\"] }",
    );
    assert_eq!(
        got,
        ["site.toml: no disposition row holds for: grade F, category apparel"]
    );
}

#[test]
fn overlapping_rows_with_different_outcomes_are_refused() {
    let got = refused(
        "when = { grade = \"B\", category = [\"apparel\", \"footwear\", \"home\"] }",
        "when = { grade = \"B\", category = [\"apparel\", \"footwear\", \"home\", \"electronics\"] }",
    );
    let line = line_of("id = \"electronics-refurb\"") - 1;
    assert_eq!(
        got,
        [format!(
            "site.toml:{line}: disposition rows \"restock-open-box\" (line {}) and \"electronics-refurb\" both hold, with different outcomes, for: grade B, category electronics",
            line_of("id = \"restock-open-box\"") - 1
        )]
    );
}

#[test]
fn a_value_threshold_with_a_gap_is_refused() {
    let got = refused("unit_value = { below = 30 }", "unit_value = { below = 25 }");
    assert_eq!(
        got,
        ["site.toml: no disposition row holds for: grade D, category electronics, unit_value 25.00"]
    );
}

#[test]
fn rows_that_can_never_fire_are_refused() {
    // Beauty units are never asked whether they are sealed (an electronics question):
    // a row that needs that answer for beauty is dead.
    let got = refused(
        "[[disposition]]\nid = \"restock-new\"",
        "[[disposition]]\nid = \"beauty-dead\"\nwhen = { category = \"beauty\", sealed = \"N\" }\ndisposition = \"liquidate\"\ndestination = { en = \"x\", fr = \"x\" }\n\n[[disposition]]\nid = \"restock-new\"",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].ends_with("unreachable: disposition row \"beauty-dead\" holds for no case the checklists can produce"),
        "{got:?}"
    );
    // A question whose condition names a later question is refused.
    let got = refused(
        "ask_if = { sealed = \"N\" }\noptions",
        "ask_if = { serial = \"match\" }\noptions",
    );
    assert!(got[0].ends_with("question \"cosmetic\": ask_if: \"serial\" is neither a fact (serial_expected) nor an earlier question of this checklist"), "{got:?}");
    // A category_map row an earlier one always wins over.
    let got = refused(
        "[[category_map]]\ncategory = \"footwear\"",
        "[[category_map]]\ncategory = \"home\"\nsku_prefix = [\"APP-TSH\"]\n\n[[category_map]]\ncategory = \"footwear\"",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0]
            .ends_with("unreachable: every criterion of this category_map row (\"home\") is matched by an earlier row"),
        "{got:?}"
    );
}

#[test]
fn a_grading_row_no_checklist_can_reach_is_refused() {
    let got = refused(
        "when = { packaging_ok = \"N\" }",
        "when = { packaging_ok = \"N\", seal_intact = \"N\" }",
    );
    let line = line_of("id = \"beauty-packaging\"") - 1;
    assert_eq!(
        got,
        [format!(
            "site.toml:{line}: unreachable: grading row \"beauty-packaging\" holds for no complete beauty checklist"
        )]
    );
}

#[test]
fn every_problem_is_reported_at_once_in_file_order() {
    let text = DEFAULT.replacen("fee_percent = 20", "fee_percent = 120", 1).replacen(
        "id = \"home-used\"",
        "id = \"home-opened\"",
        1,
    );
    let err = RuleSet::from_toml("site.toml", &text).unwrap_err();
    let lines: Vec<Option<usize>> = err.diagnostics.iter().map(|d| d.line).collect();
    assert_eq!(err.diagnostics.len(), 2, "{err}");
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{lines:?}");
    assert!(
        err.to_string()
            .contains("rule id \"home-opened\" is already used at line"),
        "{err}"
    );
    assert!(err.to_string().contains("fee_percent 120 is above 100"), "{err}");
}

#[test]
fn question_hotkeys_are_single_letters_unique_in_their_checklist() {
    let got = refused("hotkey = \"W\"\n", "hotkey = \"T\"\n");
    let line = line_of("id = \"worn\"") - 1;
    assert_eq!(
        got,
        [format!(
            "site.toml:{line}: question \"worn\": hotkey \"T\" is already the hotkey of \"tags_attached\""
        )]
    );
    let got = refused("hotkey = \"W\"\n", "hotkey = \"Y\"\n");
    assert_eq!(
        got,
        [format!(
            "site.toml:{line}: question \"worn\": hotkey \"Y\" is not one capital letter other than Y and N"
        )]
    );
}

#[test]
fn a_tag_maps_a_line_to_its_category_and_a_shadowed_tag_row_is_refused() {
    let text = DEFAULT.replacen(
        "[[category_map]]\ncategory = \"apparel\"",
        "[[category_map]]\ncategory = \"electronics\"\ntag = [\"Phone\"]\n\n[[category_map]]\ncategory = \"apparel\"",
        1,
    );
    let r = RuleSet::from_toml("site.toml", &text).unwrap();
    let tags = ["refurbished".to_string(), "phone".to_string()];
    let keys = LineKeys {
        category_field: "home",
        sku: "HOM-X",
        gtin: "0",
        tags: &tags,
    };
    assert_eq!(r.categorize(keys), Category::Electronics, "the first matching row wins");
    let again = text.replacen(
        "[[category_map]]\ncategory = \"apparel\"",
        "[[category_map]]\ncategory = \"home\"\ntag = [\"PHONE\"]\n\n[[category_map]]\ncategory = \"apparel\"",
        1,
    );
    let err = RuleSet::from_toml("site.toml", &again).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("unreachable: every criterion of this category_map row (\"home\") is matched by an earlier row"),
        "{err}"
    );
}

#[test]
fn day_bounds_are_whole_days_and_ids_are_what_a_barcode_can_carry() {
    let got = refused(
        "id = \"refund-outside-window\"\nwhen = { flags",
        "id = \"refund-outside-window\"\nwhen = { days_since_purchase = { below = 10.5 }, flags",
    );
    assert!(
        got.iter()
            .any(|m| m.ends_with("days_since_purchase: days are whole numbers")),
        "{got:?}"
    );
    let got = refused("id = \"worn\"\n", "id = \"Worn\"\n");
    assert!(
        got[0]
            .ends_with("question \"Worn\": an id is lower-case letters, digits and _ only (command barcodes print it)"),
        "{got:?}"
    );
}

#[test]
fn recovery_rates_are_percentages() {
    let got = refused("refurbish = 55\n", "refurbish = 155\n");
    let line = line_of("\n[recovery]") + 1;
    assert_eq!(
        got,
        [format!(
            "site.toml:{line}: recovery.refurbish is 155: a percentage of the unit value, 0 to 100"
        )]
    );
    assert_eq!(rules().recovery.refurbish, 55);
    // Without the table the set keeps the documented defaults.
    let start = DEFAULT.find("\n[recovery]").unwrap();
    let without = RuleSet::from_toml("site.toml", &DEFAULT[..start]).unwrap();
    assert_eq!(without.recovery, RecoveryRates::default());
}
