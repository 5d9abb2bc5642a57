//! The dashboard through triage-app on a real SQLite file: an inspector's work
//! moves the shift's numbers, a lead's decision moves them again, a chart's CSV
//! export holds exactly the chart's numbers.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use triage_app::dto::{DashboardPeriod, DashboardView};
use triage_app::{Bench, ErrorCode, Locale};
use triage_core::kpi::Chart;
use triage_core::rules::{Disposition, Flag};
use triage_core::{ReturnOrder, Role};
use triage_tests::central::{grade, grade_answering, home_returns, used_home};
use triage_tests::people::sign_in;

async fn open(dir: &std::path::Path, minutes: Arc<AtomicI64>) -> Bench {
    let config = triage_tests::bench_config(dir, 5);
    let bench = Bench::open(config, triage_tests::movable_clock(minutes), Locale::En)
        .await
        .unwrap();
    bench.load_demo_if_empty().await.unwrap();
    bench
}

fn chart<'a>(v: &'a DashboardView, id: &str) -> &'a Chart {
    v.kpis.charts.iter().find(|c| c.id == id).unwrap()
}

fn values(v: &DashboardView, id: &str, series: &str) -> Vec<f64> {
    chart(v, id)
        .series
        .iter()
        .find(|s| s.key == series)
        .unwrap()
        .values
        .clone()
}

#[tokio::test]
async fn the_shift_numbers_follow_the_work() {
    let dir = tempfile::tempdir().unwrap();
    let minutes = Arc::new(AtomicI64::new(0));
    let bench = open(dir.path(), minutes.clone()).await;
    let orders = home_returns(4);
    assert_eq!(orders.len(), 4);

    // 10:30: two units graded, the second held because the inspector asked a lead.
    sign_in(&bench, Role::Inspector).await;
    let a = grade(&bench, &orders[0], &[]).await;
    let held = grade(&bench, &orders[1], &[Flag::OverrideRequested]).await;
    // 11:10: a third graded, a fourth taken up and left on the bench.
    minutes.store(40, Ordering::SeqCst);
    sign_in(&bench, Role::Inspector).await;
    let c = grade(&bench, &orders[2], &[]).await;
    let parcel = bench.scan_parcel(&orders[3].tracking_numbers[0]).await.unwrap();
    bench
        .start_unit(&parcel.parcel_id, orders[3].lines[0].gtin.as_str())
        .await
        .unwrap();
    // The inspector may not see the dashboard.
    assert_eq!(
        bench.dashboard(&DashboardPeriod::Shift).await.unwrap_err().code,
        ErrorCode::Forbidden
    );

    // 11:30: the lead looks.
    minutes.store(60, Ordering::SeqCst);
    sign_in(&bench, Role::Lead).await;
    let v = bench.dashboard(&DashboardPeriod::Shift).await.unwrap();
    // The demo clock says 10:30 local: the 06:00–14:00 shift.
    assert!(v.from.contains("T06:00:00"), "{}", v.from);
    assert!(v.to.contains("T14:00:00"), "{}", v.to);
    let t = &v.kpis.tiles;
    assert_eq!(t.graded, 3);
    // Three units in the hours 10 and 11.
    assert_eq!(t.units_per_hour, 1.5);
    assert_eq!((t.awaiting_grading, t.awaiting_lead), (1, 1));
    assert_eq!(t.flagged_percent, 33.3);
    // Dwell counts only what is decided: a and c, both confirmed as scanned.
    assert_eq!((t.dwell_median_minutes, t.dwell_p90_minutes), (Some(0.0), Some(0.0)));
    assert_eq!(values(&v, "units_per_hour_by_inspector", "units_per_hour"), [1.5]);
    assert_eq!(chart(&v, "units_per_hour_by_inspector").labels, ["Inès Moreau"]);
    assert_eq!(chart(&v, "units_per_hour_by_bench").labels, ["PAR1-05"]);
    // The waiting unit was taken up at 11:10 (20 min), the held one at 10:30 (1 h).
    assert_eq!(values(&v, "waiting_by_age", "awaiting_grading"), [1.0, 0.0, 0.0, 0.0]);
    assert_eq!(values(&v, "waiting_by_age", "awaiting_lead"), [0.0, 1.0, 0.0, 0.0]);
    // Recovery by the rule set's rates on the decisions' own values.
    let rate = |d: Disposition| f64::from(v.recovery.percent(d)) / 100.0;
    let expected: f64 = [&a, &held, &c]
        .iter()
        .map(|u| u.decision.unit_value_cents as f64 / 100.0 * rate(u.decision.disposition))
        .sum();
    assert!(
        (t.expected_recovery - expected).abs() < 0.011,
        "{} vs {expected}",
        t.expected_recovery
    );
    let mix = values(&v, "disposition_mix", "units");
    assert_eq!(mix.iter().sum::<f64>(), 3.0);

    // 11:40: the lead approves the held unit: nothing waits for a lead any more,
    // and its dwell (10:30 → 11:40) now counts.
    minutes.store(70, Ordering::SeqCst);
    sign_in(&bench, Role::Lead).await;
    bench.approve_unit(&held.lpn, "checked: all parts there").await.unwrap();
    let v = bench.dashboard(&DashboardPeriod::Shift).await.unwrap();
    let t = &v.kpis.tiles;
    assert_eq!((t.graded, t.awaiting_lead), (3, 0));
    assert_eq!((t.dwell_median_minutes, t.dwell_p90_minutes), (Some(0.0), Some(70.0)));
    assert_eq!(values(&v, "dwell_by_category", "p90"), [70.0, 70.0]);
    assert_eq!(chart(&v, "dwell_by_category").labels, ["all", "home"]);
    // The flag the inspector raised still counts in the flag rate.
    let flags = chart(&v, "flag_rates");
    let i = flags.labels.iter().position(|l| l == "override_requested").unwrap();
    assert_eq!(flags.series[0].values[i], 33.3);

    // Whole days: today holds the same work, yesterday none (but waiting is now).
    let day = |d: &str| DashboardPeriod::Dates {
        from: d.into(),
        to: d.into(),
    };
    assert_eq!(bench.dashboard(&day("2026-11-27")).await.unwrap().kpis.tiles.graded, 3);
    let y = bench.dashboard(&day("2026-11-26")).await.unwrap();
    assert_eq!((y.kpis.tiles.graded, y.kpis.tiles.awaiting_grading), (0, 1));
    let back = DashboardPeriod::Dates {
        from: "2026-11-27".into(),
        to: "2026-11-26".into(),
    };
    let e = bench.dashboard(&back).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(e.message.contains("run backwards"), "{}", e.message);
    let e = bench.dashboard(&day("27/11/2026")).await.unwrap_err();
    assert!(e.message.contains("YYYY-MM-DD"), "{}", e.message);
}

#[tokio::test]
async fn a_chart_exports_exactly_its_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let minutes = Arc::new(AtomicI64::new(0));
    let bench = open(dir.path(), minutes.clone()).await;
    sign_in(&bench, Role::Inspector).await;
    for o in home_returns(2).iter() {
        grade(&bench, o, &[]).await;
    }
    sign_in(&bench, Role::Lead).await;
    let v = bench.dashboard(&DashboardPeriod::Shift).await.unwrap();
    for c in &v.kpis.charts {
        let path = bench.export_chart(&DashboardPeriod::Shift, &c.id).await.unwrap();
        assert!(path.starts_with(dir.path().join("exports")), "{}", path.display());
        // The shift of 27 Nov 2026, 06:00–14:00 local.
        assert!(
            path.ends_with(format!("{}-20261127-0600-20261127-1400.csv", c.id)),
            "{}",
            path.display()
        );
        let text = std::fs::read_to_string(&path).unwrap();
        // Read the CSV back: the header names the series, each row is a label and its values.
        let mut rows = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = rows.headers().unwrap().iter().map(str::to_string).collect();
        let keys: Vec<&str> = c.series.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(&header[1..], keys.as_slice(), "{}", c.id);
        let read: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
        assert_eq!(read.len(), c.labels.len(), "{}", c.id);
        for (i, row) in read.iter().enumerate() {
            assert_eq!(&row[0], c.labels[i].as_str());
            for (j, s) in c.series.iter().enumerate() {
                let got: f64 = row[j + 1].parse().unwrap();
                assert_eq!(got, s.values[i], "{} {} {}", c.id, c.labels[i], s.key);
            }
        }
    }
    let mix = std::fs::read_to_string(
        bench
            .export_chart(&DashboardPeriod::Shift, "disposition_mix")
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(mix.starts_with("disposition,units\r\nrestock,2\r\n"), "{mix}");
    let e = bench.export_chart(&DashboardPeriod::Shift, "pie").await.unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert!(e.message.contains("disposition_mix"), "{}", e.message);
}

#[tokio::test]
async fn an_admin_sets_the_shifts() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path(), Arc::new(AtomicI64::new(0))).await;
    sign_in(&bench, Role::Admin).await;
    let bad = bench
        .set_shift_starts(&["06:00".into(), "25:00".into()])
        .await
        .unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidInput);
    assert!(bad.message.contains("\"25:00\""), "{}", bad.message);
    let set = bench.set_shift_starts(&["22:00".into(), "10:00".into()]).await.unwrap();
    assert_eq!(set, ["10:00", "22:00"]);
    // 10:30 is in the 10:00–22:00 shift now.
    let v = bench.dashboard(&DashboardPeriod::Shift).await.unwrap();
    assert!(
        v.from.contains("T10:00:00") && v.to.contains("T22:00:00"),
        "{} {}",
        v.from,
        v.to
    );
    let tail = bench.audit_tail(1).await.unwrap();
    assert_eq!(
        (tail[0].actor.as_str(), tail[0].action.as_str()),
        ("EMP9001", "setting.changed")
    );
}

/// A unit's expected recovery stays that of the rule set that decided it: a site
/// set raising liquidation's rate changes the units it decides, not those before.
#[tokio::test]
async fn expected_recovery_follows_the_rule_set_that_decided_each_unit() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path(), Arc::new(AtomicI64::new(0))).await;
    let orders = home_returns(2);
    sign_in(&bench, Role::Inspector).await;
    assert_eq!(
        grade_answering(&bench, &orders[0], &used_home(), &[])
            .await
            .decision
            .disposition,
        Disposition::Liquidate
    );

    // The site's own set: liquidation expected to bring back 40 %, not 15 %.
    let default =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/rules/default.toml")).unwrap();
    let site = default.replacen("liquidate = 15", "liquidate = 40", 1);
    assert_ne!(site, default);
    let file = dir.path().join("site.toml");
    std::fs::write(&file, site).unwrap();
    sign_in(&bench, Role::Admin).await;
    bench.load_rules(&file).await.unwrap();

    sign_in(&bench, Role::Inspector).await;
    assert_eq!(
        grade_answering(&bench, &orders[1], &used_home(), &[])
            .await
            .decision
            .disposition,
        Disposition::Liquidate
    );

    sign_in(&bench, Role::Lead).await;
    let v = bench.dashboard(&DashboardPeriod::Shift).await.unwrap();
    // Whole cents per unit, as the dashboard counts them.
    let back = |o: &ReturnOrder, percent: i64| o.lines[0].unit_price_cents * percent / 100;
    let expected = (back(&orders[0], 15) + back(&orders[1], 40)) as f64 / 100.0;
    assert!(
        (v.kpis.tiles.expected_recovery - expected).abs() < 0.011,
        "{} vs {expected}",
        v.kpis.tiles.expected_recovery
    );
    assert_eq!(v.recovery.liquidate, 40, "the rates in force are the site's");
}
