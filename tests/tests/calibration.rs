//! Calibration through triage-app on a real SQLite file: graded units offered to
//! a lead for a blind re-grade, the re-grade, agreement on the dashboard.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use triage_app::dto::DashboardPeriod;
use triage_app::{Bench, ErrorCode, Locale};
use triage_core::review::{ReviewFilter, WaitKind};
use triage_core::rules::Flag;
use triage_core::{Category, Grade, ReturnOrder, Role};
use triage_tests::central::{demo, grade, today};
use triage_tests::people::sign_in;

async fn open(dir: &std::path::Path, minutes: Arc<AtomicI64>) -> Bench {
    let config = triage_tests::bench_config(dir, 6);
    let clock = triage_tests::movable_clock(minutes);
    let bench = Bench::open(config, clock, Locale::En).await.unwrap();
    bench.load_demo_if_empty().await.unwrap();
    bench
}

/// Demo returns whose first line is one home-goods unit, within the window.
fn homes() -> Vec<ReturnOrder> {
    demo()
        .into_iter()
        .filter(|o| o.lines[0].category == Category::Home && o.lines[0].quantity == 1 && o.within_window(today()))
        .take(4)
        .collect()
}

#[tokio::test]
async fn graded_units_are_offered_blind_to_a_lead_and_agreement_reaches_the_dashboard() {
    let dir = tempfile::tempdir().unwrap();
    let minutes = Arc::new(AtomicI64::new(0));
    let bench = open(dir.path(), minutes.clone()).await;
    let homes = homes();

    // An admin offers every graded unit (100 %); a share outside 0–100 is refused.
    sign_in(&bench, Role::Admin).await;
    assert_eq!(bench.calibration_share().await.unwrap(), 2.0, "2 % by default");
    let e = bench.set_calibration_share(150.0).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(e.message.contains("not 0–100"), "{}", e.message);
    assert_eq!(bench.set_calibration_share(100.0).await.unwrap(), 100.0);

    // The inspector grades two units A, and a third held for a lead (not offered).
    sign_in(&bench, Role::Inspector).await;
    let first = grade(&bench, &homes[0], &[]).await;
    let second = grade(&bench, &homes[1], &[]).await;
    let held = grade(&bench, &homes[2], &[Flag::OverrideRequested]).await;
    assert_eq!((first.decision.grade, second.decision.grade), (Grade::A, Grade::A));

    // 10:45 The lead's queue: two blind re-grades (no grade, no decision shown) and the held unit.
    minutes.store(15, Ordering::SeqCst);
    sign_in(&bench, Role::Lead).await;
    let only = ReviewFilter {
        kind: Some(WaitKind::Calibration),
        ..Default::default()
    };
    let q = bench.review_queue(&only).await.unwrap();
    let lpns: Vec<&str> = q.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(lpns, [first.lpn.as_str(), second.lpn.as_str()]);
    for i in &q.items {
        assert_eq!(i.summary, "", "blind: the decision is not shown");
        assert!(i.flags.is_empty());
        assert_eq!(i.inspector.as_deref(), Some("EMP1001"));
        assert_eq!(i.category, Some(Category::Home));
    }
    assert_eq!(q.total, 3, "with the held unit");

    // The lead agrees with the first (A) and grades the second C.
    let r = bench.calibrate(&first.lpn, Grade::A).await.unwrap();
    assert!(r.agreed);
    assert_eq!((r.lead, r.inspector), (Grade::A, Grade::A));
    let r = bench.calibrate(&second.lpn, Grade::C).await.unwrap();
    assert!(!r.agreed);
    assert_eq!((r.lead, r.inspector), (Grade::C, Grade::A));
    assert_eq!(r.queue.items.len(), 1, "only the held unit waits: {:?}", r.queue);
    for lpn in [&first.lpn, &held.lpn] {
        let e = bench.calibrate(lpn, Grade::B).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::NotFound, "{lpn}: {}", e.message);
        assert!(e.message.contains("not waiting for a blind re-grade"), "{}", e.message);
    }
    let last = bench.audit_tail(1).await.unwrap().remove(0);
    assert_eq!(
        (last.actor.as_str(), last.action.as_str(), last.subject.as_str()),
        ("EMP2001", "unit.calibrated", second.lpn.as_str())
    );
    assert!(last.detail.contains("\"agree\":false"), "{}", last.detail);

    // The dashboard: 2 re-graded, 1 agrees (50 %), A against C is two grades apart (50 % within one).
    let d = bench.dashboard(&DashboardPeriod::Shift).await.unwrap();
    assert_eq!(d.calibration_share, 100.0);
    let c = &d.calibration;
    assert_eq!(
        (c.regraded, c.agreement_percent, c.within_one_percent),
        (2, Some(50.0), Some(50.0))
    );
    let by_inspector = d
        .kpis
        .charts
        .iter()
        .find(|c| c.id == "calibration_by_inspector")
        .unwrap();
    assert_eq!(by_inspector.labels, ["Inès Moreau"]);
    assert_eq!(by_inspector.series[0].values, [50.0]);
    assert_eq!(c.drift.len(), 1);
    assert_eq!(
        (
            c.drift[0].inspector.as_str(),
            c.drift[0].recent_regrades,
            c.drift[0].drifting
        ),
        ("Inès Moreau", 2, false),
        "two re-grades are too few to call drift"
    );
    let csv = std::fs::read_to_string(
        bench
            .export_chart(&DashboardPeriod::Shift, "calibration_by_category")
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(csv, "category,agreement,within_one\r\nhome,50.0,50.0\r\n");

    // At 0 % nothing more is offered.
    sign_in(&bench, Role::Admin).await;
    bench.set_calibration_share(0.0).await.unwrap();
    sign_in(&bench, Role::Inspector).await;
    grade(&bench, &homes[3], &[]).await;
    sign_in(&bench, Role::Lead).await;
    assert!(bench.review_queue(&only).await.unwrap().items.is_empty());
}
