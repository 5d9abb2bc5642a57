//! The default rule set, case by case, and properties of every decision.

use super::*;
use proptest::prelude::*;

const DEFAULT: &str = include_str!("../../../../../assets/rules/default.toml");

pub(super) fn rules() -> RuleSet {
    RuleSet::from_toml("assets/rules/default.toml", DEFAULT).unwrap_or_else(|e| panic!("default rules load:\n{e}"))
}

fn facts(category: Category) -> Facts {
    Facts {
        category,
        reason: ReturnReason::Unwanted,
        days_since_purchase: 10,
        window_days: 30,
        unit_value_cents: 5_000,
        wrong_item: false,
        over_quantity: false,
        stock_need: StockNeed::Unknown,
        expected_serials: Vec::new(),
        raised: Vec::new(),
    }
}

fn answers(pairs: &[(&str, &str)]) -> Vec<Answer> {
    pairs
        .iter()
        .map(|(q, k)| Answer {
            question_id: q.to_string(),
            key: k.to_string(),
        })
        .collect()
}

/// What the inspector sees: grade, disposition, destination, refund, fee, flags, rule.
type Outcome<'a> = (Grade, Disposition, &'a str, RefundKind, u8, Vec<Flag>, &'a str);

fn outcome(d: &Decision) -> Outcome<'_> {
    (
        d.grade,
        d.disposition,
        d.destination.en.as_str(),
        d.refund.kind,
        d.refund.fee_percent,
        d.flags.clone(),
        d.rule_id.as_str(),
    )
}

#[test]
fn common_paths_of_every_category() {
    use Disposition::*;
    use RefundKind::{Full, None as NoRefund, Partial};
    let r = rules();
    type Case = (Category, &'static [(&'static str, &'static str)], Outcome<'static>);
    let cases: &[Case] = &[
        (
            Category::Apparel,
            &[("tags_attached", "Y"), ("worn", "N"), ("damage", "1")],
            (Grade::A, Restock, "Zone A", Full, 0, vec![], "restock-new"),
        ),
        (
            Category::Apparel,
            &[("tags_attached", "N"), ("worn", "N"), ("damage", "1")],
            (
                Grade::B,
                Restock,
                "Zone B (open box)",
                Full,
                0,
                vec![],
                "restock-open-box",
            ),
        ),
        (
            Category::Apparel,
            &[("tags_attached", "Y"), ("worn", "N"), ("damage", "2")],
            (
                Grade::C,
                Liquidate,
                "Liquidation container",
                Partial,
                15,
                vec![],
                "liquidate-used",
            ),
        ),
        (
            Category::Apparel,
            &[("tags_attached", "N"), ("worn", "Y"), ("damage", "1")],
            (
                Grade::C,
                Liquidate,
                "Lead review shelf",
                Partial,
                15,
                vec![Flag::SuspectedWardrobing],
                "liquidate-used",
            ),
        ),
        (
            Category::Apparel,
            &[("tags_attached", "Y"), ("worn", "Y"), ("damage", "3")],
            (
                Grade::F,
                Dispose,
                "Disposal stream",
                NoRefund,
                0,
                vec![],
                "dispose-unsellable",
            ),
        ),
        (
            Category::Footwear,
            &[("box_ok", "Y"), ("soles_clean", "Y"), ("pair_complete", "Y")],
            (Grade::A, Restock, "Zone A", Full, 0, vec![], "restock-new"),
        ),
        (
            Category::Footwear,
            &[("box_ok", "N"), ("soles_clean", "N"), ("pair_complete", "Y")],
            (
                Grade::C,
                Liquidate,
                "Liquidation container",
                Partial,
                15,
                vec![],
                "liquidate-used",
            ),
        ),
        (
            Category::Footwear,
            &[("box_ok", "Y"), ("soles_clean", "Y"), ("pair_complete", "N")],
            (
                Grade::D,
                Liquidate,
                "Liquidation container",
                NoRefund,
                0,
                vec![],
                "liquidate-used",
            ),
        ),
        (
            Category::Electronics,
            &[("sealed", "Y")],
            (Grade::A, Restock, "Zone A", Full, 0, vec![], "restock-new"),
        ),
        (
            Category::Electronics,
            &[
                ("sealed", "N"),
                ("powers_on", "Y"),
                ("screen_ok", "Y"),
                ("data_wiped", "Y"),
                ("accessories", "Y"),
                ("cosmetic", "1"),
            ],
            (
                Grade::B,
                Refurbish,
                "Refurb queue",
                Full,
                0,
                vec![],
                "electronics-refurb",
            ),
        ),
        (
            Category::Electronics,
            &[
                ("sealed", "N"),
                ("powers_on", "Y"),
                ("screen_ok", "Y"),
                ("data_wiped", "Y"),
                ("accessories", "N"),
                ("cosmetic", "1"),
            ],
            (
                Grade::C,
                Refurbish,
                "Refurb queue",
                Partial,
                20,
                vec![],
                "electronics-refurb",
            ),
        ),
        (
            Category::Electronics,
            &[
                ("sealed", "N"),
                ("powers_on", "N"),
                ("accessories", "Y"),
                ("cosmetic", "1"),
            ],
            (
                Grade::D,
                Refurbish,
                "Refurb queue (parts)",
                NoRefund,
                0,
                vec![],
                "electronics-for-parts-refurb",
            ),
        ),
        (
            Category::Electronics,
            &[
                ("sealed", "N"),
                ("powers_on", "Y"),
                ("screen_ok", "Y"),
                ("data_wiped", "Y"),
                ("accessories", "Y"),
                ("cosmetic", "4"),
            ],
            (
                Grade::F,
                Dispose,
                "WEEE recycling cage",
                NoRefund,
                0,
                vec![],
                "electronics-unsellable-recycle",
            ),
        ),
        (
            Category::Beauty,
            &[("seal_intact", "Y"), ("packaging_ok", "Y")],
            (Grade::A, Restock, "Zone A", Full, 0, vec![], "restock-new"),
        ),
        (
            Category::Beauty,
            &[("seal_intact", "Y"), ("packaging_ok", "N")],
            (
                Grade::B,
                Dispose,
                "Hygiene disposal bin",
                Full,
                0,
                vec![],
                "beauty-opened-dispose",
            ),
        ),
        (
            Category::Beauty,
            &[("seal_intact", "N")],
            (
                Grade::F,
                Dispose,
                "Lead review shelf",
                NoRefund,
                0,
                vec![Flag::HygieneSealBroken],
                "beauty-opened-dispose",
            ),
        ),
        (
            Category::Home,
            &[("complete", "Y"), ("condition", "1")],
            (Grade::A, Restock, "Zone A", Full, 0, vec![], "restock-new"),
        ),
        (
            Category::Home,
            &[("complete", "Y"), ("condition", "2")],
            (
                Grade::B,
                Restock,
                "Zone B (open box)",
                Full,
                0,
                vec![],
                "restock-open-box",
            ),
        ),
        (
            Category::Home,
            &[("complete", "N"), ("condition", "2")],
            (
                Grade::C,
                Liquidate,
                "Liquidation container",
                Partial,
                15,
                vec![],
                "liquidate-used",
            ),
        ),
        (
            Category::Home,
            &[("complete", "Y"), ("condition", "4")],
            (
                Grade::F,
                Dispose,
                "Disposal stream",
                NoRefund,
                0,
                vec![],
                "dispose-unsellable",
            ),
        ),
    ];
    for (category, given, expected) in cases {
        let mut given_all = answers(given);
        // A damaged garment's photo question is answered with a photo's id.
        if given.iter().any(|(q, k)| *q == "damage" && *k != "1") && *category == Category::Apparel {
            assert!(!r.decide(&facts(*category), &given_all).complete, "no photo yet");
            given_all.extend(answers(&[("damage_photo", &"0f".repeat(32))]));
        }
        let d = r.decide(&facts(*category), &given_all);
        assert!(d.complete, "{category:?} {given:?}: asked {:?}", d.asked);
        assert_eq!(outcome(&d), expected.clone(), "{category:?} {given:?}");
    }
}

#[test]
fn a_sealed_unit_is_not_opened_and_questions_follow_the_answers() {
    let r = rules();
    let f = facts(Category::Electronics);
    assert_eq!(r.decide(&f, &[]).asked, ["sealed"]);
    assert_eq!(r.decide(&f, &answers(&[("sealed", "Y")])).asked, ["sealed"]);
    assert_eq!(
        r.decide(&f, &answers(&[("sealed", "N")])).asked,
        ["sealed", "powers_on", "accessories", "cosmetic"]
    );
    let d = r.decide(&f, &answers(&[("sealed", "N"), ("powers_on", "Y")]));
    assert_eq!(
        d.asked,
        [
            "sealed",
            "powers_on",
            "screen_ok",
            "data_wiped",
            "accessories",
            "cosmetic"
        ]
    );
    assert!(!d.complete);
    // An answer to a question that does not apply is ignored.
    let d = r.decide(&f, &answers(&[("sealed", "Y"), ("powers_on", "N")]));
    assert_eq!((d.grade, d.complete), (Grade::A, true));
}

#[test]
fn a_serial_that_is_not_the_expected_one_is_flagged_and_held() {
    let r = rules();
    let mut f = facts(Category::Electronics);
    f.expected_serials = vec!["356938035643809".into()];
    assert_eq!(r.decide(&f, &answers(&[("sealed", "Y")])).asked, ["sealed", "serial"]);
    let ok = r.decide(&f, &answers(&[("sealed", "Y"), ("serial", " 356938035643809 ")]));
    assert_eq!(
        (ok.complete, ok.flags.clone(), ok.disposition),
        (true, vec![], Disposition::Restock)
    );
    let bad = r.decide(&f, &answers(&[("sealed", "Y"), ("serial", "490154203237518")]));
    assert!(bad.complete);
    assert_eq!(bad.flags, vec![Flag::SerialMismatch]);
    assert_eq!(bad.flag_rules, vec!["flag-serial-mismatch".to_string()]);
    assert_eq!(bad.destination.en, "Lead review shelf");
    // An empty serial is no answer.
    assert!(!r.decide(&f, &answers(&[("sealed", "Y"), ("serial", "  ")])).complete);
}

#[test]
fn value_thresholds_decide_high_value_flags_and_recycling() {
    let r = rules();
    let dead = answers(&[
        ("sealed", "N"),
        ("powers_on", "N"),
        ("accessories", "Y"),
        ("cosmetic", "1"),
    ]);
    let mut f = facts(Category::Electronics);
    for (cents, rule, flags) in [
        (2_999, "electronics-cheap-broken-recycle", vec![]),
        (3_000, "electronics-for-parts-refurb", vec![]),
        (49_999, "electronics-for-parts-refurb", vec![]),
        (50_000, "electronics-for-parts-refurb", vec![Flag::HighValue]),
    ] {
        f.unit_value_cents = cents;
        let d = r.decide(&f, &dead);
        assert_eq!((d.rule_id.as_str(), d.flags.clone()), (rule, flags), "{cents}");
    }
    f.unit_value_cents = 2_999;
    let d = r.decide(&f, &dead);
    assert_eq!((d.disposition, d.route), (Disposition::Dispose, Some(Route::Recycle)));
    assert_eq!(
        d.summary,
        "Dispose (recycle) → WEEE recycling cage: grade D, electronics, unit value 29.99"
    );
}

#[test]
fn a_used_unit_the_shop_is_short_of_goes_back_on_the_shelf() {
    let r = rules();
    let used = answers(&[("box_ok", "N"), ("soles_clean", "N"), ("pair_complete", "Y")]);
    let damaged = answers(&[("box_ok", "Y"), ("soles_clean", "Y"), ("pair_complete", "N")]);
    let mut f = facts(Category::Footwear);
    for (need, grade_c, grade_d) in [
        (StockNeed::Unknown, "liquidate-used", "liquidate-used"),
        (StockNeed::Low, "liquidate-used", "liquidate-used"),
        (StockNeed::High, "restock-used-in-demand", "liquidate-damaged"),
    ] {
        f.stock_need = need;
        let c = r.decide(&f, &used);
        let d = r.decide(&f, &damaged);
        assert_eq!((c.grade, c.rule_id.as_str()), (Grade::C, grade_c), "{need:?}");
        assert_eq!((d.grade, d.rule_id.as_str()), (Grade::D, grade_d), "{need:?}");
        assert_eq!(d.disposition, Disposition::Liquidate, "{need:?}");
    }
    let c = r.decide(&f, &used);
    assert_eq!(
        (c.disposition, c.destination.en.as_str()),
        (Disposition::Restock, "Zone C (used, in demand)")
    );
    assert!(c.summary.contains("stock need high"), "{}", c.summary);
}

#[test]
fn a_photo_question_is_answered_only_by_a_photo_id_and_never_tested() {
    let r = rules();
    let mut a = answers(&[("tags_attached", "Y"), ("worn", "N"), ("damage", "3")]);
    a.push(Answer {
        question_id: "damage_photo".into(),
        key: "IMG_0001.jpg".into(),
    });
    assert!(!r.decide(&facts(Category::Apparel), &a).complete);
    if let Some(photo) = a.last_mut() {
        photo.key = "0f".repeat(32);
    }
    assert!(r.decide(&facts(Category::Apparel), &a).complete);
    let text = DEFAULT.replacen("when = { tags_attached = \"N\" }", "when = { damage_photo = \"Y\" }", 1);
    assert_ne!(text, DEFAULT);
    let err = RuleSet::from_toml("site.toml", &text).unwrap_err().to_string();
    assert!(
        err.contains("\"damage_photo\" is a photo question; rules cannot test it"),
        "{err}"
    );
}

#[test]
fn window_boundary_day_30_refunds_day_31_does_not() {
    let r = rules();
    let a = answers(&[("complete", "Y"), ("condition", "1")]);
    let mut f = facts(Category::Home);
    f.days_since_purchase = 30;
    let d = r.decide(&f, &a);
    assert_eq!(
        (d.refund.kind, d.refund_rule.as_str()),
        (RefundKind::Full, "refund-as-new")
    );
    f.days_since_purchase = 31;
    let d = r.decide(&f, &a);
    assert_eq!(
        (d.refund.kind, d.refund.reason),
        (RefundKind::None, RefundReason::OutsideWindow)
    );
    assert!(!d.within_window);
}

#[test]
fn the_shops_own_mistakes_are_refunded_whatever_the_window() {
    let mut f = facts(Category::Apparel);
    f.reason = ReturnReason::WrongItem;
    f.days_since_purchase = 45;
    let d = rules().decide(&f, &answers(&[("tags_attached", "Y"), ("worn", "Y"), ("damage", "1")]));
    assert_eq!(d.grade, Grade::C);
    assert_eq!(
        (d.refund.kind, d.refund.reason),
        (RefundKind::Full, RefundReason::DefectiveOnArrival)
    );
}

#[test]
fn wrong_or_extra_units_are_flagged_held_and_not_refunded() {
    let r = rules();
    let a = answers(&[("complete", "Y"), ("condition", "1")]);
    let mut f = facts(Category::Home);
    f.wrong_item = true;
    let d = r.decide(&f, &a);
    assert_eq!(d.flags, vec![Flag::WrongItem]);
    assert_eq!(d.destination.fr, "Étagère de revue du chef d’équipe");
    assert_eq!((d.refund.reason, d.flag_rules.len()), (RefundReason::WrongItem, 0));
    let mut f = facts(Category::Home);
    f.over_quantity = true;
    let d = r.decide(&f, &a);
    assert_eq!(
        (d.flags.clone(), d.refund.kind),
        (vec![Flag::OverQuantity], RefundKind::None)
    );
}

#[test]
fn the_decision_explains_itself_and_names_the_rule_set() {
    let r = rules();
    let d = r.decide(
        &facts(Category::Apparel),
        &answers(&[("tags_attached", "Y"), ("worn", "N"), ("damage", "2")]),
    );
    assert_eq!(d.grade_rule.as_deref(), Some("apparel-small-damage"));
    assert_eq!(
        d.because,
        vec![
            FactUsed {
                name: "grade".into(),
                value: "C".into()
            },
            FactUsed {
                name: "category".into(),
                value: "apparel".into()
            },
            FactUsed {
                name: "stock_need".into(),
                value: "unknown".into()
            }
        ]
    );
    // A stock need no export gave is not said in the one line.
    assert_eq!(d.summary, "Liquidate → Liquidation container: grade C, apparel");
    assert_eq!(d.rules_version, "2026.11-4");
    assert_eq!(d.rules_hash.len(), 64);
    assert_eq!(
        (d.grade_info.ebay_condition_id, d.grade_info.amazon_condition.as_deref()),
        (Some(3000), Some("used_good"))
    );
}

#[test]
fn lines_get_their_category_from_the_map_or_the_fallback() {
    let r = rules();
    let line = |category_field, sku, gtin| {
        r.categorize(LineKeys {
            category_field,
            sku,
            gtin,
            tags: &[],
        })
    };
    assert_eq!(line("electronics", "X-1", "0"), Category::Electronics);
    assert_eq!(line("Health & Beauty", "X-1", "0"), Category::Beauty);
    assert_eq!(line("", "FTW-RUN-0027-41-BLU", "0"), Category::Footwear);
    assert_eq!(line("toys", "TOY-1", "0"), Category::Home);
}

/// Answers the checklist as it unfolds, choosing with `picks`; a serial
/// question gets the expected serial or another one.
fn walk(r: &RuleSet, f: &Facts, picks: &[usize]) -> (Vec<Answer>, Decision) {
    let mut given: Vec<Answer> = Vec::new();
    for step in 0.. {
        let d = r.decide(f, &given);
        let next = d
            .asked
            .iter()
            .find(|id| !given.iter().any(|a| &a.question_id == *id))
            .cloned();
        let Some(id) = next else { return (given, d) };
        let q = r.checklist(f.category).iter().find(|q| q.id == id).unwrap();
        let p = picks[step % picks.len()];
        let key = match q.kind {
            QuestionKind::Serial => f
                .expected_serials
                .first()
                .filter(|_| p.is_multiple_of(2))
                .cloned()
                .unwrap_or("OTHER-1".into()),
            QuestionKind::Number => p.to_string(),
            QuestionKind::Text => "note".into(),
            QuestionKind::Photo => "ab".repeat(32),
            _ => q.options[p % q.options.len()].key.clone(),
        };
        given.push(Answer { question_id: id, key });
    }
    unreachable!()
}

fn any_facts() -> impl Strategy<Value = Facts> {
    (
        0usize..5,
        0usize..10,
        0i64..90,
        prop::sample::select(vec![14u32, 30, 60]),
        0i64..300_000,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(c, reason, days, window, cents, wrong, over, serial)| Facts {
            category: Category::ALL[c],
            reason: ReturnReason::ALL[reason],
            days_since_purchase: days,
            window_days: window,
            unit_value_cents: cents,
            wrong_item: wrong,
            over_quantity: over,
            stock_need: StockNeed::Unknown,
            expected_serials: if serial { vec!["SN-1".into()] } else { vec![] },
            raised: Vec::new(),
        })
}

proptest! {
    /// Every way through every checklist ends in one complete decision: one
    /// disposition outcome and one refund outcome hold, and every rule it
    /// names exists.
    #[test]
    fn every_answer_combination_yields_exactly_one_decision(f in any_facts(), picks in prop::collection::vec(0usize..9, 1..8)) {
        let r = rules();
        let (given, d) = walk(&r, &f, &picks);
        prop_assert!(d.complete);
        let ev = r.evaluate(&f, &given);
        let outcomes: Vec<&Destination> = r.disposition.iter().filter(|row| row.when.holds(&ev.env)).map(|row| &row.then).collect();
        prop_assert!(!outcomes.is_empty() && outcomes.iter().all(|o| *o == outcomes[0]), "{outcomes:?}");
        let refunds: Vec<&RefundAdvice> = r.refund.iter().filter(|row| row.when.holds(&ev.env)).map(|row| &row.then).collect();
        prop_assert!(!refunds.is_empty() && refunds.iter().all(|o| *o == refunds[0]), "{refunds:?}");
        prop_assert!(r.disposition.iter().any(|row| row.id == d.rule_id && row.then.disposition == d.disposition));
        prop_assert!(r.refund.iter().any(|row| row.id == d.refund_rule && row.then == d.refund));
        let grading = &r.checklists.iter().find(|c| c.category == f.category).unwrap().grading;
        if let Some(g) = &d.grade_rule {
            prop_assert!(grading.iter().any(|row| &row.id == g && row.then == d.grade));
        } else {
            prop_assert_eq!(d.grade, Grade::A);
        }
        for id in &d.flag_rules {
            prop_assert!(r.flags.iter().any(|row| &row.id == id && d.flags.contains(&row.then)));
        }
        prop_assert_eq!(!d.flags.is_empty(), d.destination == r.review_destination);
    }

    /// No text, however broken, makes the loader panic.
    #[test]
    fn the_loader_never_panics(cut in 0usize..DEFAULT.len(), junk in "[a-z=\\[\\]\" \n{}0-9,]{0,40}") {
        let mut text = DEFAULT.to_string();
        let at = (0..=cut).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        text.insert_str(at, &junk);
        let _ = RuleSet::from_toml("fuzzed.toml", &text);
    }
}

mod errors;
mod yaml;

#[test]
fn an_empty_box_asks_nothing_is_graded_f_and_held() {
    let r = rules();
    let mut f = facts(Category::Footwear);
    f.raised = vec![Flag::EmptyBox];
    let d = r.decide(&f, &[]);
    assert!(d.asked.is_empty() && d.complete);
    assert_eq!((d.grade, d.grade_rule.as_deref()), (Grade::F, Some("empty-box")));
    assert_eq!((d.flags.clone(), d.held), (vec![Flag::EmptyBox], true));
    assert_eq!(d.rule_id, "dispose-unsellable");
    assert_eq!(d.destination.en, "Lead review shelf");
}

#[test]
fn an_inspector_asking_for_a_lead_holds_the_unit_whatever_the_grade() {
    let r = rules();
    let mut f = facts(Category::Home);
    f.raised = vec![Flag::OverrideRequested];
    let d = r.decide(&f, &answers(&[("complete", "Y"), ("condition", "1")]));
    assert_eq!((d.grade, d.disposition), (Grade::A, Disposition::Restock));
    assert_eq!((d.flags.clone(), d.held), (vec![Flag::OverrideRequested], true));
    // A flag that only rules raise is ignored when it comes in by hand.
    f.raised = vec![Flag::HighValue];
    assert!(r
        .decide(&f, &answers(&[("complete", "Y"), ("condition", "1")]))
        .flags
        .is_empty());
}
