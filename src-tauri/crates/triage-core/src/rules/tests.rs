use super::*;
use proptest::prelude::*;

const DEFAULT: &str = include_str!("../../../../../assets/rules/default.toml");

fn rules() -> RuleSet {
    RuleSet::from_toml("assets/rules/default.toml", DEFAULT).expect("default rules load")
}

fn facts(category: Category) -> Facts {
    Facts {
        category,
        reason: ReturnReason::Unwanted,
        days_since_purchase: 10,
        window_days: 30,
        wrong_item: false,
        over_quantity: false,
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

#[test]
fn default_rules_cover_every_category() {
    let r = rules();
    for c in Category::ALL {
        assert!(!r.checklist(c).is_empty(), "{c:?}");
    }
}

#[test]
fn pristine_apparel_is_restocked_to_zone_a_with_full_refund() {
    let d = rules().decide(
        &facts(Category::Apparel),
        &answers(&[("tags_attached", "Y"), ("worn", "N"), ("damage", "1")]),
    );
    assert_eq!(
        (d.grade, d.disposition, d.destination.en.as_str()),
        (Grade::A, Disposition::Restock, "Zone A")
    );
    assert_eq!(d.rule_id, "restock-new");
    assert_eq!(d.refund.kind, RefundKind::Full);
    assert!(d.complete);
    assert_eq!(d.graded_by, None);
}

#[test]
fn worst_answer_sets_grade_and_is_named() {
    let d = rules().decide(
        &facts(Category::Apparel),
        &answers(&[("tags_attached", "N"), ("worn", "Y"), ("damage", "1")]),
    );
    assert_eq!(d.grade, Grade::C);
    assert_eq!(
        d.graded_by,
        Some(Answer {
            question_id: "worn".into(),
            key: "Y".into()
        })
    );
    assert_eq!(d.disposition, Disposition::Liquidate);
    assert_eq!(
        d.refund,
        RefundAdvice {
            kind: RefundKind::Partial,
            fee_percent: 15,
            reason: RefundReason::UsedRestockingFee
        }
    );
}

#[test]
fn opened_beauty_is_disposed_for_hygiene() {
    let d = rules().decide(
        &facts(Category::Beauty),
        &answers(&[("seal_intact", "N"), ("packaging_ok", "Y")]),
    );
    assert_eq!((d.grade, d.disposition), (Grade::F, Disposition::Dispose));
    assert_eq!(d.rule_id, "beauty-opened-dispose");
}

#[test]
fn open_box_electronics_go_to_refurb() {
    let d = rules().decide(
        &facts(Category::Electronics),
        &answers(&[
            ("sealed", "N"),
            ("powers_on", "Y"),
            ("accessories", "Y"),
            ("cosmetic", "1"),
        ]),
    );
    assert_eq!((d.grade, d.disposition), (Grade::B, Disposition::Refurbish));
}

#[test]
fn window_boundary_day_30_refunds_day_31_does_not() {
    let r = rules();
    let a = answers(&[("complete", "Y"), ("condition", "1")]);
    let mut f = facts(Category::Home);
    f.days_since_purchase = 30;
    assert_eq!(r.decide(&f, &a).refund.kind, RefundKind::Full);
    f.days_since_purchase = 31;
    let d = r.decide(&f, &a);
    assert_eq!(
        (d.refund.kind, d.refund.reason),
        (RefundKind::None, RefundReason::OutsideWindow)
    );
    assert!(!d.within_window);
}

#[test]
fn wrong_item_is_flagged_held_for_review_and_not_refunded() {
    let mut f = facts(Category::Home);
    f.wrong_item = true;
    let d = rules().decide(&f, &answers(&[("complete", "Y"), ("condition", "1")]));
    assert_eq!(d.flags, vec![Flag::WrongItem]);
    assert_eq!(d.destination.en, "Lead review shelf");
    assert_eq!(d.destination.fr, "Étagère de revue du chef d’équipe");
    assert_eq!(d.refund.reason, RefundReason::WrongItem);
}

#[test]
fn partial_or_invalid_answers_leave_the_checklist_incomplete() {
    let r = rules();
    assert!(
        !r.decide(&facts(Category::Home), &answers(&[("complete", "Y")]))
            .complete
    );
    assert!(
        !r.decide(
            &facts(Category::Home),
            &answers(&[("complete", "Y"), ("condition", "7")])
        )
        .complete
    );
}

#[test]
fn malformed_rule_files_are_refused_with_file_and_reason() {
    let err = RuleSet::from_toml("bad.toml", "version = 3").unwrap_err();
    assert!(err.to_string().starts_with("bad.toml: "), "{err}");

    let no_row = DEFAULT.replace(
        "grades = [\"F\"]\ndisposition = \"dispose\"",
        "grades = [\"D\"]\ndisposition = \"dispose\"",
    );
    let err = RuleSet::from_toml("edited.toml", &no_row).unwrap_err();
    assert_eq!(
        err.to_string(),
        "edited.toml: grade F in category \"apparel\" matches no disposition row; fix the rule file and load it again"
    );

    let unknown = DEFAULT.replace("version = ", "colour = \"red\"\nversion = ");
    let err = RuleSet::from_toml("x.toml", &unknown).unwrap_err();
    assert!(err.to_string().contains("unknown field `colour`"), "{err}");
}

proptest! {
    /// Every combination of offered answers yields a complete decision whose
    /// rule exists in the file.
    #[test]
    fn every_answer_combination_decides(cat in 0usize..5, picks in proptest::collection::vec(0usize..9, 4)) {
        let r = rules();
        let category = Category::ALL[cat];
        let qs = r.checklist(category);
        let a: Vec<Answer> = qs.iter().zip(picks.iter().cycle()).map(|(q, p)| Answer {
            question_id: q.id.clone(),
            key: q.options[p % q.options.len()].key.clone(),
        }).collect();
        let d = r.decide(&facts(category), &a);
        prop_assert!(d.complete);
        prop_assert!(r.disposition.iter().any(|row| row.id == d.rule_id));
    }
}

#[test]
fn the_shop_sending_the_wrong_item_costs_the_customer_nothing() {
    let mut f = facts(Category::Apparel);
    f.reason = ReturnReason::WrongItem;
    f.days_since_purchase = 45;
    let d = rules().decide(&f, &answers(&[("tags_attached", "N"), ("worn", "Y"), ("damage", "1")]));
    assert_eq!(d.grade, Grade::C);
    assert_eq!(
        (d.refund.kind, d.refund.reason),
        (RefundKind::Full, RefundReason::DefectiveOnArrival)
    );
}

#[test]
fn a_unit_beyond_the_announced_quantity_is_flagged_and_held() {
    let mut f = facts(Category::Home);
    f.over_quantity = true;
    let d = rules().decide(&f, &answers(&[("complete", "Y"), ("condition", "1")]));
    assert_eq!(d.flags, vec![Flag::OverQuantity]);
    assert_eq!(d.destination.en, "Lead review shelf");
    assert_eq!(d.refund.kind, RefundKind::None);
}
