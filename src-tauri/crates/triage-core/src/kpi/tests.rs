//! A hand-checked fixture: every expected number below was worked out on paper
//! from the ten units (the arithmetic is in the comments), not read from `compute`.

use super::*;
use crate::rules::RefundReason;

fn at(day: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, h, m, 0).unwrap()
}

fn refund(kind: RefundKind, fee_percent: u8) -> RefundAdvice {
    RefundAdvice {
        kind,
        fee_percent,
        reason: RefundReason::AsNew,
    }
}

#[allow(clippy::too_many_arguments)]
fn unit(
    lpn: &str,
    inspector: &str,
    bench: &str,
    category: Category,
    sku: &str,
    reason: Option<ReturnReason>,
    received_at: DateTime<Utc>,
    graded: Option<Graded>,
) -> UnitRecord {
    UnitRecord {
        lpn: lpn.into(),
        inspector: Some(inspector.into()),
        bench: bench.into(),
        category,
        sku: sku.into(),
        reason,
        received_at,
        graded,
    }
}

#[allow(clippy::too_many_arguments)]
fn graded(
    confirmed_at: DateTime<Utc>,
    decided_at: Option<DateTime<Utc>>,
    grade: Grade,
    disposition: Disposition,
    refund: RefundAdvice,
    flags: Vec<Flag>,
    unit_value_cents: i64,
) -> Option<Graded> {
    Some(Graded {
        confirmed_at,
        decided_at,
        grade,
        disposition,
        refund,
        flags,
        unit_value_cents,
        rules_hash: "in-force".into(),
        recovery_percent: None,
    })
}

/// The shift 06:00–14:00 in Paris (UTC+1) is 05:00–13:00 UTC; now is 12:00 UTC.
fn period() -> Period {
    Period {
        from: at(27, 5, 0),
        to: at(27, 13, 0),
        offset: FixedOffset::east_opt(3600).unwrap(),
    }
}

fn now() -> DateTime<Utc> {
    at(27, 12, 0)
}

fn fixture() -> Vec<UnitRecord> {
    use Category::*;
    use Disposition::*;
    use ReturnReason as R;
    vec![
        // U1..U6 are graded in the period.
        unit(
            "U1",
            "Inès",
            "B1",
            Apparel,
            "SKU-TEE",
            Some(R::SizeTooSmall),
            at(27, 5, 10),
            graded(
                at(27, 5, 40),
                Some(at(27, 5, 40)),
                Grade::A,
                Restock,
                refund(RefundKind::Full, 0),
                vec![],
                2000,
            ),
        ),
        unit(
            "U2",
            "Inès",
            "B1",
            Apparel,
            "SKU-TEE",
            Some(R::SizeTooLarge),
            at(27, 5, 10),
            graded(
                at(27, 5, 55),
                Some(at(27, 5, 55)),
                Grade::B,
                Restock,
                refund(RefundKind::Partial, 10),
                vec![],
                2000,
            ),
        ),
        unit(
            "U3",
            "Inès",
            "B1",
            Electronics,
            "SKU-PHONE",
            Some(R::Defective),
            at(27, 6, 0),
            graded(
                at(27, 6, 20),
                Some(at(27, 7, 20)),
                Grade::B,
                Refurbish,
                refund(RefundKind::Full, 0),
                vec![Flag::SerialMismatch, Flag::HighValue],
                50000,
            ),
        ),
        unit(
            "U4",
            "Marc",
            "B2",
            Footwear,
            "SKU-SHOE",
            Some(R::Unwanted),
            at(27, 5, 30),
            graded(
                at(27, 6, 30),
                Some(at(27, 6, 30)),
                Grade::C,
                Liquidate,
                refund(RefundKind::Partial, 25),
                vec![],
                8000,
            ),
        ),
        unit(
            "U5",
            "Marc",
            "B2",
            Footwear,
            "SKU-SHOE",
            Some(R::Unwanted),
            at(27, 5, 30),
            graded(
                at(27, 8, 10),
                Some(at(27, 8, 10)),
                Grade::D,
                Dispose,
                refund(RefundKind::None, 0),
                vec![],
                8000,
            ),
        ),
        // Not on the return, held for a lead since 07:30.
        unit(
            "U6",
            "Marc",
            "B2",
            Electronics,
            "SKU-PHONE",
            None,
            at(27, 7, 0),
            graded(
                at(27, 7, 30),
                None,
                Grade::C,
                Liquidate,
                refund(RefundKind::None, 0),
                vec![Flag::WrongItem],
                0,
            ),
        ),
        // Taken up at 11:00, not graded.
        unit(
            "U7",
            "Inès",
            "B1",
            Home,
            "SKU-LAMP",
            Some(R::Defective),
            at(27, 11, 0),
            None,
        ),
        // Graded and decided before the period.
        unit(
            "U8",
            "Inès",
            "B1",
            Apparel,
            "SKU-TEE",
            Some(R::Style),
            at(27, 4, 0),
            graded(
                at(27, 4, 30),
                Some(at(27, 4, 30)),
                Grade::A,
                Restock,
                refund(RefundKind::Full, 0),
                vec![],
                2000,
            ),
        ),
        // Held since yesterday 10:00.
        unit(
            "U9",
            "Marc",
            "B2",
            Beauty,
            "SKU-CREAM",
            Some(R::Defective),
            at(26, 9, 0),
            graded(
                at(26, 10, 0),
                None,
                Grade::F,
                Dispose,
                refund(RefundKind::None, 0),
                vec![Flag::HygieneSealBroken],
                1500,
            ),
        ),
        // Graded before the period, released by a lead at 05:30 (in the period).
        unit(
            "U10",
            "Marc",
            "B2",
            Beauty,
            "SKU-CREAM",
            Some(R::Color),
            at(27, 3, 0),
            graded(
                at(27, 4, 0),
                Some(at(27, 5, 30)),
                Grade::A,
                Restock,
                refund(RefundKind::Full, 0),
                vec![Flag::HighValue],
                1500,
            ),
        ),
    ]
}

fn chart<'a>(k: &'a Kpis, id: &str) -> &'a Chart {
    k.charts
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no chart {id}"))
}

fn series<'a>(c: &'a Chart, key: &str) -> &'a [f64] {
    &c.series
        .iter()
        .find(|s| s.key == key)
        .unwrap_or_else(|| panic!("no series {key}"))
        .values
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn tiles_of_the_fixture() {
    let k = compute(&fixture(), &period(), now(), &RecoveryRates::default());
    // U1–U6 graded in 05:00–13:00; active hours 05, 06, 07, 08 → 6 / 4.
    assert_eq!(k.tiles.graded, 6);
    assert_eq!(k.tiles.units_per_hour, 1.5);
    // Decided in the period: U1 30, U2 45, U4 60, U3 80, U10 150, U5 160 min.
    // Median (60 + 80) / 2 = 70; p90 nearest rank ⌈0.9·6⌉ = 6th = 160.
    assert_eq!(k.tiles.dwell_median_minutes, Some(70.0));
    assert_eq!(k.tiles.dwell_p90_minutes, Some(160.0));
    // U7 waits for grading; U6 and U9 for a lead.
    assert_eq!((k.tiles.awaiting_grading, k.tiles.awaiting_lead), (1, 2));
    // U3 and U6 flagged of 6: 33.3 %.
    assert_eq!(k.tiles.flagged_percent, 33.3);
    // 40.00 + 500.00 × 60 % + 80.00 × 15 % + 0 = 40 + 300 + 12 = 352.00.
    assert_eq!(k.tiles.expected_recovery, 352.0);
    // Full 20 + 500, partial 20 − 10 % = 18 and 80 − 25 % = 60, none 0: 598.00.
    assert_eq!(k.tiles.advised_refund, 598.0);
}

#[test]
fn throughput_per_inspector_and_bench() {
    let k = compute(&fixture(), &period(), now(), &RecoveryRates::default());
    let c = chart(&k, "units_per_hour_by_inspector");
    // Inès: 3 units in hours 05, 06 → 1.5; Marc: 3 units in 06, 07, 08 → 1.0.
    assert_eq!(c.labels, strings(&["Inès", "Marc"]));
    assert_eq!(series(c, "units_per_hour"), [1.5, 1.0]);
    let c = chart(&k, "units_per_hour_by_bench");
    assert_eq!(c.labels, strings(&["B1", "B2"]));
    assert_eq!(series(c, "units_per_hour"), [1.5, 1.0]);
}

#[test]
fn hours_are_local_hours() {
    // At UTC+5:30 the hour 05:40 UTC is 11:10 local and 05:55 UTC is 11:25 local:
    // one local hour; 06:20 UTC is 11:50, still the same hour → Inès 3 / 1.
    // Marc: 06:30 → 12:00, 07:30 → 13:00, 08:10 → 13:40: two hours → 3 / 2.
    let mut p = period();
    p.offset = FixedOffset::east_opt(5 * 3600 + 1800).unwrap();
    let k = compute(&fixture(), &p, now(), &RecoveryRates::default());
    assert_eq!(
        series(chart(&k, "units_per_hour_by_inspector"), "units_per_hour"),
        [3.0, 1.5]
    );
}

#[test]
fn dwell_per_category() {
    let k = compute(&fixture(), &period(), now(), &RecoveryRates::default());
    let c = chart(&k, "dwell_by_category");
    // apparel 30, 45; footwear 60, 160; electronics 80; beauty 150.
    assert_eq!(
        c.labels,
        strings(&["all", "apparel", "footwear", "electronics", "beauty"])
    );
    assert_eq!(series(c, "median"), [70.0, 37.5, 110.0, 80.0, 150.0]);
    assert_eq!(series(c, "p90"), [160.0, 45.0, 160.0, 80.0, 150.0]);
}

#[test]
fn waiting_by_age() {
    let k = compute(&fixture(), &period(), now(), &RecoveryRates::default());
    let c = chart(&k, "waiting_by_age");
    assert!(c.stacked);
    assert_eq!(c.labels, strings(&["lt_1h", "1h_4h", "4h_24h", "ge_24h"]));
    // U7: 60 min exactly → 1–4 h. U6: 4 h 30 → 4–24 h. U9: 26 h → 24 h and more.
    assert_eq!(series(c, "awaiting_grading"), [0.0, 1.0, 0.0, 0.0]);
    assert_eq!(series(c, "awaiting_lead"), [0.0, 0.0, 1.0, 1.0]);
}

#[test]
fn disposition_mix_value_and_recovery() {
    let k = compute(&fixture(), &period(), now(), &RecoveryRates::default());
    let c = chart(&k, "disposition_mix");
    assert_eq!(c.labels, strings(&["restock", "refurbish", "liquidate", "dispose"]));
    assert_eq!(series(c, "units"), [2.0, 1.0, 2.0, 1.0]);
    let c = chart(&k, "recovery_by_disposition");
    assert_eq!(series(c, "unit_value"), [40.0, 500.0, 80.0, 80.0]);
    assert_eq!(series(c, "expected_recovery"), [40.0, 300.0, 12.0, 0.0]);
    assert_eq!(
        c.to_csv(),
        "disposition,unit_value,expected_recovery\r\n\
         restock,40.00,40.00\r\n\
         refurbish,500.00,300.00\r\n\
         liquidate,80.00,12.00\r\n\
         dispose,80.00,0.00\r\n"
    );
    // Other rates: everything back on refurbish, nothing on liquidation.
    let rates = RecoveryRates {
        restock: 100,
        refurbish: 100,
        liquidate: 0,
        dispose: 0,
    };
    let k = compute(&fixture(), &period(), now(), &rates);
    assert_eq!(
        series(chart(&k, "recovery_by_disposition"), "expected_recovery"),
        [40.0, 500.0, 0.0, 0.0]
    );
    // Units decided by an older rule set keep its rate: liquidation at 50 % for them.
    let mut units = fixture();
    for g in units.iter_mut().filter_map(|u| u.graded.as_mut()) {
        if g.disposition == Disposition::Liquidate {
            g.rules_hash = "older".into();
            g.recovery_percent = Some(50);
        }
    }
    let k = compute(&units, &period(), now(), &rates);
    assert_eq!(
        series(chart(&k, "recovery_by_disposition"), "expected_recovery"),
        [40.0, 500.0, 40.0, 0.0]
    );
}

#[test]
fn reasons_by_category_and_top_skus() {
    let k = compute(&fixture(), &period(), now(), &RecoveryRates::default());
    let c = chart(&k, "reasons_by_category");
    assert_eq!(c.labels, strings(&["apparel", "footwear", "electronics"]));
    let keys: Vec<&str> = c.series.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "DEFECTIVE",
            "NOT_ON_RETURN",
            "SIZE_TOO_LARGE",
            "SIZE_TOO_SMALL",
            "UNWANTED"
        ]
    );
    assert_eq!(series(c, "DEFECTIVE"), [0.0, 0.0, 1.0]);
    assert_eq!(series(c, "NOT_ON_RETURN"), [0.0, 0.0, 1.0]);
    assert_eq!(series(c, "SIZE_TOO_SMALL"), [1.0, 0.0, 0.0]);
    assert_eq!(series(c, "UNWANTED"), [0.0, 2.0, 0.0]);
    // Two units each: ties by SKU.
    let c = chart(&k, "top_skus_by_reason");
    assert_eq!(c.labels, strings(&["SKU-PHONE", "SKU-SHOE", "SKU-TEE"]));
    assert_eq!(series(c, "DEFECTIVE"), [1.0, 0.0, 0.0]);
    assert_eq!(series(c, "UNWANTED"), [0.0, 2.0, 0.0]);
    assert_eq!(series(c, "SIZE_TOO_LARGE"), [0.0, 0.0, 1.0]);
}

#[test]
fn top_skus_keeps_the_ten_returned_most() {
    let mut units = Vec::new();
    for i in 0..12 {
        for _ in 0..=i {
            let t = at(27, 6, 0);
            units.push(unit(
                "L",
                "Inès",
                "B1",
                Category::Home,
                &format!("S{i:02}"),
                None,
                t,
                graded(
                    t,
                    Some(t),
                    Grade::A,
                    Disposition::Restock,
                    refund(RefundKind::Full, 0),
                    vec![],
                    100,
                ),
            ));
        }
    }
    let k = compute(&units, &period(), now(), &RecoveryRates::default());
    let c = chart(&k, "top_skus_by_reason");
    assert_eq!(
        c.labels,
        strings(&["S11", "S10", "S09", "S08", "S07", "S06", "S05", "S04", "S03", "S02"])
    );
    assert_eq!(series(c, "NOT_ON_RETURN")[0], 12.0);
}

#[test]
fn flag_rates_and_refunds() {
    let k = compute(&fixture(), &period(), now(), &RecoveryRates::default());
    let c = chart(&k, "flag_rates");
    assert_eq!(c.labels.len(), Flag::ALL.len());
    let rate = |f: Flag| series(c, "percent_of_graded")[c.labels.iter().position(|l| l == f.as_str()).unwrap()];
    // 1 of 6 each.
    assert_eq!(rate(Flag::WrongItem), 16.7);
    assert_eq!(rate(Flag::SerialMismatch), 16.7);
    assert_eq!(rate(Flag::HighValue), 16.7);
    assert_eq!(rate(Flag::HygieneSealBroken), 0.0);
    let c = chart(&k, "refund_advice_totals");
    assert_eq!(c.labels, strings(&["full", "partial", "none"]));
    assert_eq!(series(c, "advised_refund"), [520.0, 78.0, 0.0]);
    assert_eq!(series(chart(&k, "refund_advice_units"), "units"), [2.0, 2.0, 2.0]);
}

#[test]
fn an_empty_period_has_zeros_not_errors() {
    let k = compute(&[], &period(), now(), &RecoveryRates::default());
    assert_eq!(k.tiles.graded, 0);
    assert_eq!(k.tiles.units_per_hour, 0.0);
    assert_eq!(k.tiles.dwell_median_minutes, None);
    assert_eq!(k.tiles.flagged_percent, 0.0);
    let c = chart(&k, "dwell_by_category");
    assert!(c.labels.is_empty());
    assert_eq!(c.to_csv(), "category,median,p90\r\n");
}

#[test]
fn csv_quotes_what_needs_quoting() {
    let c = Chart {
        id: "x".into(),
        measure: Measure::Units,
        label_kind: LabelKind::Sku,
        stacked: false,
        labels: strings(&["A,1", "say \"hi\""]),
        series: vec![Series {
            key: "units".into(),
            values: vec![1.0, 2.0],
        }],
    };
    assert_eq!(c.to_csv(), "sku,units\r\n\"A,1\",1\r\n\"say \"\"hi\"\"\",2\r\n");
}

#[test]
fn shifts() {
    let paris = FixedOffset::east_opt(3600).unwrap();
    let starts = [6, 14, 22].map(|h| NaiveTime::from_hms_opt(h, 0, 0).unwrap());
    // 03:00 local belongs to last night's shift, 22:00 → 06:00.
    let now = paris.with_ymd_and_hms(2026, 11, 27, 3, 0, 0).unwrap();
    let p = shift_at(now, &starts).unwrap();
    assert_eq!((p.from, p.to), (at(26, 21, 0), at(27, 5, 0)));
    // A shift starts at its first second.
    let now = paris.with_ymd_and_hms(2026, 11, 27, 6, 0, 0).unwrap();
    let p = shift_at(now, &starts).unwrap();
    assert_eq!((p.from, p.to), (at(27, 5, 0), at(27, 13, 0)));
    // One start a day: the shift is the whole day from it.
    let p = shift_at(now, &[NaiveTime::from_hms_opt(7, 0, 0).unwrap()]).unwrap();
    assert_eq!((p.from, p.to), (at(26, 6, 0), at(27, 6, 0)));
    assert!(shift_at(now, &[]).is_none());
}
