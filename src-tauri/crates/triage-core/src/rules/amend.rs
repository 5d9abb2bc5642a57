//! A lead's override of a decision, and a later re-disposition: the original
//! stays as it was; the amendment produces the decision in force, which names
//! who changed what and why.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AmendmentKind {
    /// A lead overrides the proposal (grade, disposition, refund advice).
    Override,
    /// The unit moves to another disposition later (e.g. restock → liquidate).
    Redisposition,
}

/// What a lead changes; `None` keeps the value in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct Amendment {
    pub kind: AmendmentKind,
    #[serde(default)]
    pub grade: Option<Grade>,
    #[serde(default)]
    pub disposition: Option<Disposition>,
    #[serde(default)]
    pub route: Option<Route>,
    /// Required with a new disposition: where the unit goes now.
    #[serde(default)]
    pub destination: Option<LocalText>,
    #[serde(default)]
    pub refund: Option<RefundAdvice>,
    /// Why, in the lead's words: required.
    pub reason: String,
}

/// A rule id that says an amendment, not a rule row, set the value.
fn is_amended(rule_id: &str) -> bool {
    rule_id == "override" || rule_id == "redisposition"
}

/// The shortest reason a lead may give.
pub const MIN_REASON_CHARS: usize = 5;

impl RuleSet {
    /// The decision in force after `amendment`, or why it is refused. The flags
    /// stay (they are history); the unit leaves the review shelf for the
    /// destination the amendment or its rule gives.
    pub fn amend(&self, current: &Decision, a: &Amendment) -> Result<Decision, String> {
        let reason = a.reason.trim();
        if reason.chars().count() < MIN_REASON_CHARS {
            return Err(format!(
                "give the reason for the change in words (at least {MIN_REASON_CHARS} characters)"
            ));
        }
        let new_disposition = a.disposition.filter(|d| *d != current.disposition);
        if a.kind == AmendmentKind::Redisposition {
            if a.disposition.is_none() {
                return Err("a re-disposition needs the disposition the unit moves to".into());
            }
            if a.grade.is_some() || a.refund.is_some() {
                return Err(
                    "a re-disposition changes only the disposition and destination; a lead overrides grade or refund"
                        .into(),
                );
            }
        }
        if new_disposition.is_some() && a.destination.is_none() {
            return Err("give the destination the unit goes to with its new disposition".into());
        }
        if let Some(d) = &a.destination {
            if d.en.trim().is_empty() || d.fr.trim().is_empty() {
                return Err("the destination needs a name in English and in French".into());
            }
        }
        if let Some(r) = &a.refund {
            let fee_ok = match r.kind {
                RefundKind::Partial => (1..=100).contains(&r.fee_percent),
                RefundKind::Full | RefundKind::None => r.fee_percent == 0,
            };
            if !fee_ok {
                return Err("a partial refund has a fee from 1 to 100 %; full and no refund have none".into());
            }
        }
        let rule = match a.kind {
            AmendmentKind::Override => "override",
            AmendmentKind::Redisposition => "redisposition",
        };
        // A new grade re-runs the tables on the same facts and answers: what the
        // lead does not set follows the rules for that grade.
        let mut next = match a.grade {
            Some(g) if g != current.grade => {
                let mut rerun = self.decide_as(&current.facts, &current.answers, Some(g));
                // What an earlier amendment set stays set; the rules decide the rest.
                if is_amended(&current.rule_id) {
                    rerun.disposition = current.disposition;
                    rerun.route = current.route;
                    rerun.routed = current.routed.clone();
                    rerun.rule_id = current.rule_id.clone();
                }
                if is_amended(&current.refund_rule) {
                    rerun.refund = current.refund.clone();
                    rerun.refund_rule = current.refund_rule.clone();
                }
                rerun
            }
            _ => current.clone(),
        };
        if let Some(d) = a.disposition {
            next.disposition = d;
            next.route = a.route;
            next.rule_id = rule.into();
        }
        // The routed destination of an amended disposition is the one the amendment gave.
        if let Some(r) = &a.refund {
            next.refund = r.clone();
            next.refund_rule = rule.into();
        }
        // The unit goes where the amendment says, or where its rule sends it.
        next.destination = a.destination.clone().unwrap_or_else(|| next.routed.clone());
        next.routed = next.destination.clone();
        // A lead has decided: the unit no longer waits.
        next.held = false;
        if next.grade == current.grade
            && next.disposition == current.disposition
            && next.route == current.route
            && next.refund == current.refund
            && next.destination == current.destination
        {
            return Err("nothing changes: give a different grade, disposition, destination or refund".into());
        }
        let word = match a.kind {
            AmendmentKind::Override => "override",
            AmendmentKind::Redisposition => "re-disposition",
        };
        next.summary = format!(
            "{} → {}: grade {}, {} ({word}, was {} → {}: {reason})",
            capitalise(next.disposition.as_str()),
            next.destination.en,
            next.grade.as_str(),
            next.category.as_str(),
            current.disposition.as_str(),
            current.destination.en,
        );
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::rules;
    use super::*;

    fn held() -> (RuleSet, Decision) {
        let r = rules();
        let facts = Facts {
            category: Category::Electronics,
            reason: ReturnReason::Unwanted,
            days_since_purchase: 5,
            window_days: 30,
            unit_value_cents: 64_900,
            wrong_item: false,
            over_quantity: false,
            stock_need: StockNeed::Unknown,
            expected_serials: vec!["A1".into()],
            raised: Vec::new(),
        };
        let answers = [("sealed", "Y"), ("serial", "B2")].map(|(q, k)| Answer {
            question_id: q.into(),
            key: k.into(),
        });
        let d = r.decide(&facts, &answers);
        assert_eq!(d.destination.en, "Lead review shelf");
        (r, d)
    }

    fn amendment(kind: AmendmentKind, reason: &str) -> Amendment {
        Amendment {
            kind,
            grade: None,
            disposition: None,
            route: None,
            destination: None,
            refund: None,
            reason: reason.into(),
        }
    }

    #[test]
    fn a_lead_regrades_a_held_unit_which_then_goes_where_its_rule_sends_it() {
        let (r, d) = held();
        let mut a = amendment(AmendmentKind::Override, "serial on the invoice was mistyped");
        a.grade = Some(Grade::B);
        let next = r.amend(&d, &a).unwrap();
        assert_eq!((next.grade, next.grade_info.ebay_condition_id), (Grade::B, Some(1500)));
        // The disposition follows the rules for grade B.
        assert_eq!(
            (next.disposition, next.destination.en.as_str(), next.rule_id.as_str()),
            (Disposition::Refurbish, "Refurb queue", "electronics-refurb")
        );
        assert_eq!(next.grade_rule.as_deref(), Some("override"));
        assert_eq!(next.flags, d.flags, "the flags stay as history");
        assert!(d.held && !next.held);
        assert_eq!(
            next.summary,
            "Refurbish → Refurb queue: grade B, electronics (override, was restock → Lead review shelf: serial on the invoice was mistyped)"
        );
    }

    #[test]
    fn a_new_disposition_needs_a_destination_and_every_change_a_reason() {
        let (r, d) = held();
        let mut a = amendment(AmendmentKind::Override, "ok");
        a.disposition = Some(Disposition::Liquidate);
        assert_eq!(
            r.amend(&d, &a).unwrap_err(),
            "give the reason for the change in words (at least 5 characters)"
        );
        a.reason = "box crushed, sell as lot".into();
        assert_eq!(
            r.amend(&d, &a).unwrap_err(),
            "give the destination the unit goes to with its new disposition"
        );
        a.destination = Some(LocalText {
            en: "Container K-12".into(),
            fr: "Conteneur K-12".into(),
        });
        let next = r.amend(&d, &a).unwrap();
        assert_eq!(
            (next.disposition, next.destination.fr.as_str()),
            (Disposition::Liquidate, "Conteneur K-12")
        );
        assert_eq!(next.rule_id, "override");
    }

    #[test]
    fn refused_amendments_say_why() {
        let (r, d) = held();
        let mut a = amendment(AmendmentKind::Override, "looks fine to me");
        a.destination = Some(d.destination.clone());
        assert_eq!(
            r.amend(&d, &a).unwrap_err(),
            "nothing changes: give a different grade, disposition, destination or refund"
        );
        let mut a = amendment(AmendmentKind::Override, "customer kept the charger");
        a.refund = Some(RefundAdvice {
            kind: RefundKind::Partial,
            fee_percent: 0,
            reason: RefundReason::MissingAccessories,
        });
        assert!(r.amend(&d, &a).unwrap_err().starts_with("a partial refund has a fee"));
        let mut a = amendment(AmendmentKind::Redisposition, "overstock in zone A");
        assert_eq!(
            r.amend(&d, &a).unwrap_err(),
            "a re-disposition needs the disposition the unit moves to"
        );
        a.disposition = Some(Disposition::Liquidate);
        a.grade = Some(Grade::C);
        assert!(r
            .amend(&d, &a)
            .unwrap_err()
            .starts_with("a re-disposition changes only"));
    }

    #[test]
    fn a_regrade_after_a_redisposition_keeps_the_unit_where_the_lead_sent_it() {
        let (r, d) = held();
        let mut release = amendment(AmendmentKind::Override, "box label was wrong, serial ok");
        release.grade = Some(Grade::A);
        release.destination = Some(d.routed.clone());
        let released = r.amend(&d, &release);
        // Nothing changes in grade (already A); the destination leaves the shelf.
        let released = released.unwrap();
        let mut moved = amendment(AmendmentKind::Redisposition, "overstock, clear zone A");
        moved.disposition = Some(Disposition::Liquidate);
        moved.destination = Some(LocalText {
            en: "Container K-12".into(),
            fr: "Conteneur K-12".into(),
        });
        let moved = r.amend(&released, &moved).unwrap();
        let mut regrade = amendment(AmendmentKind::Override, "scratch found on the back");
        regrade.grade = Some(Grade::C);
        let regraded = r.amend(&moved, &regrade).unwrap();
        assert_eq!(regraded.grade, Grade::C);
        assert_eq!(
            (
                regraded.disposition,
                regraded.destination.en.as_str(),
                regraded.rule_id.as_str()
            ),
            (Disposition::Liquidate, "Container K-12", "redisposition")
        );
        // The refund follows the rules for grade C: partial, with the fee.
        assert_eq!(regraded.refund.kind, RefundKind::Partial);
    }

    #[test]
    fn a_restocked_unit_is_redisposed_to_liquidation() {
        let r = rules();
        let facts = Facts {
            category: Category::Home,
            reason: ReturnReason::Unwanted,
            days_since_purchase: 5,
            window_days: 30,
            unit_value_cents: 2_000,
            wrong_item: false,
            over_quantity: false,
            stock_need: StockNeed::Unknown,
            expected_serials: vec![],
            raised: Vec::new(),
        };
        let answers = [("complete", "Y"), ("condition", "1")].map(|(q, k)| Answer {
            question_id: q.into(),
            key: k.into(),
        });
        let d = r.decide(&facts, &answers);
        let mut a = amendment(AmendmentKind::Redisposition, "season over, clear the zone");
        a.disposition = Some(Disposition::Liquidate);
        a.destination = Some(LocalText {
            en: "Liquidation container".into(),
            fr: "Conteneur de déstockage".into(),
        });
        let next = r.amend(&d, &a).unwrap();
        assert_eq!(
            (next.grade, next.disposition, next.refund.clone()),
            (Grade::A, Disposition::Liquidate, d.refund)
        );
        assert_eq!(next.rule_id, "redisposition");
    }
}
