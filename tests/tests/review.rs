//! The lead's review queue through triage-app on a real SQLite file: held units
//! and central's conflicts, filtered, approved or overridden, settled; all audited.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use triage_app::{Bench, ErrorCode, Locale};
use triage_core::review::{ReviewFilter, WaitKind};
use triage_core::rules::{Amendment, AmendmentKind, Flag};
use triage_core::{Category, Grade, Role, UnitState};
use triage_store::ConflictRow;
use triage_tests::central::{demo, grade, home_return};
use triage_tests::people::sign_in;

async fn open(dir: &std::path::Path, minutes: Arc<AtomicI64>) -> Bench {
    let config = triage_tests::bench_config(dir, 4);
    let clock = triage_tests::movable_clock(minutes);
    let bench = Bench::open(config, clock, Locale::En).await.unwrap();
    bench.load_demo_if_empty().await.unwrap();
    bench
}

/// The inspector grades the return's first unit, asking the lead to look at it: its LPN.
async fn held_by_request(bench: &Bench, order: &triage_core::ReturnOrder) -> String {
    let done = grade(bench, order, &[Flag::OverrideRequested]).await;
    assert_eq!(done.state, UnitState::AwaitingReview);
    done.lpn
}

#[tokio::test]
async fn a_held_unit_waits_for_a_lead_who_approves_it_or_overrides_it() {
    let dir = tempfile::tempdir().unwrap();
    let minutes = Arc::new(AtomicI64::new(0));
    let bench = open(dir.path(), minutes.clone()).await;
    sign_in(&bench, Role::Inspector).await;
    let first = held_by_request(&bench, &home_return()).await;
    // Half an hour on (the bench locked itself meanwhile), a second one.
    minutes.store(30, Ordering::SeqCst);
    sign_in(&bench, Role::Inspector).await;
    let other = demo()
        .into_iter()
        .find(|o| o.lines[0].category == Category::Home && o.return_number != home_return().return_number)
        .unwrap();
    let second = held_by_request(&bench, &other).await;
    // The inspector may not look at the queue.
    assert_eq!(
        bench.review_queue(&ReviewFilter::default()).await.unwrap_err().code,
        ErrorCode::Forbidden
    );

    minutes.store(45, Ordering::SeqCst);
    sign_in(&bench, Role::Lead).await;
    let q = bench.review_queue(&ReviewFilter::default()).await.unwrap();
    let ids: Vec<&str> = q.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, [first.as_str(), second.as_str()], "oldest first");
    assert_eq!(
        (q.total, q.inspectors.as_slice()),
        (2, ["EMP1001".to_string()].as_slice())
    );
    let item = &q.items[0];
    assert_eq!(item.kind, WaitKind::HeldUnit);
    assert_eq!(item.flags, [Flag::OverrideRequested]);
    assert_eq!(item.category, Some(Category::Home));
    assert_eq!(item.sku, home_return().lines[0].sku);
    // Filters: waiting 30 minutes or more keeps only the first; another flag keeps none.
    let old = ReviewFilter {
        older_than_minutes: Some(30),
        ..Default::default()
    };
    assert_eq!(bench.review_queue(&old).await.unwrap().items.len(), 1);
    let wrong = ReviewFilter {
        flag: Some(Flag::WrongItem),
        ..Default::default()
    };
    assert!(bench.review_queue(&wrong).await.unwrap().items.is_empty());

    // Approve: a reason is required; the unit goes where its rules sent it.
    let e = bench.approve_unit(&first, "ok").await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    let done = bench.approve_unit(&first, "checked: all parts there").await.unwrap();
    assert_eq!(done.state, UnitState::Labelled);
    assert!(!done.decision.held);
    assert!(done.reprinted_pdf.is_some(), "the HOLD label is replaced");
    // Override the other to grade C.
    let c = Amendment {
        kind: AmendmentKind::Override,
        grade: Some(Grade::C),
        disposition: None,
        route: None,
        destination: None,
        refund: None,
        reason: "scratches on the lid".into(),
    };
    let done = bench.amend_unit(&second, &c).await.unwrap();
    assert_eq!((done.state, done.decision.grade), (UnitState::Labelled, Grade::C));
    assert!(bench
        .review_queue(&ReviewFilter::default())
        .await
        .unwrap()
        .items
        .is_empty());

    let tail = bench.audit_tail(5).await.unwrap();
    let by_lead: Vec<(&str, &str)> = tail
        .iter()
        .filter(|e| e.actor == "EMP2001" && e.action == "unit.overridden")
        .map(|e| (e.subject.as_str(), e.action.as_str()))
        .collect();
    assert_eq!(
        by_lead,
        [
            (second.as_str(), "unit.overridden"),
            (first.as_str(), "unit.overridden")
        ]
    );
    assert!(bench.verify_audit().await.unwrap().intact);
}

#[tokio::test]
async fn a_conflict_from_central_waits_until_a_lead_settles_it() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path(), Arc::default()).await;
    let conflict = ConflictRow {
        id: "c0ffee00-0000-4000-8000-000000000001".into(),
        kind: "received_twice".into(),
        return_number: home_return().return_number.to_string(),
        line_no: 1,
        detail: r#"{"benches":["PAR1-04","PAR1-05"]}"#.into(),
        found_at: "2026-11-27T09:00:00.000Z".into(),
    };
    bench
        .store()
        .finish_pull(&[], std::slice::from_ref(&conflict), 7, chrono::Utc::now())
        .await
        .unwrap();
    sign_in(&bench, Role::Lead).await;
    let q = bench.review_queue(&ReviewFilter::default()).await.unwrap();
    assert_eq!(q.items.len(), 1);
    let item = &q.items[0];
    assert_eq!(
        (item.kind, item.conflict.as_deref()),
        (WaitKind::Conflict, Some("received_twice"))
    );
    assert!(item.summary.contains("PAR1-05"), "{}", item.summary);
    let only_units = ReviewFilter {
        kind: Some(WaitKind::HeldUnit),
        ..Default::default()
    };
    assert!(bench.review_queue(&only_units).await.unwrap().items.is_empty());

    assert_eq!(
        bench.resolve_conflict(&conflict.id, "no").await.unwrap_err().code,
        ErrorCode::InvalidInput
    );
    let after = bench
        .resolve_conflict(&conflict.id, "second parcel was a reshipment; RMA split")
        .await
        .unwrap();
    assert!(after.items.is_empty());
    let e = bench
        .resolve_conflict(&conflict.id, "again, by mistake")
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    // A pull that brings the same conflict again does not reopen it.
    bench
        .store()
        .finish_pull(&[], std::slice::from_ref(&conflict), 8, chrono::Utc::now())
        .await
        .unwrap();
    assert!(bench
        .review_queue(&ReviewFilter::default())
        .await
        .unwrap()
        .items
        .is_empty());
    let last = bench.audit_tail(1).await.unwrap().remove(0);
    assert_eq!(
        (last.actor.as_str(), last.action.as_str()),
        ("EMP2001", "conflict.resolved")
    );
}

#[tokio::test]
async fn a_parcel_of_a_cancelled_return_is_received_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path(), Arc::new(AtomicI64::new(0))).await;
    sign_in(&bench, Role::Inspector).await;
    let order = home_return();
    // Open: no warning.
    assert!(!bench.scan_parcel(&order.tracking_numbers[0]).await.unwrap().cancelled);
    // Central says the shop cancelled it; the parcel is scanned again.
    bench
        .store()
        .apply_pulled_returns(&[(order.clone(), true)], chrono::Utc::now())
        .await
        .unwrap();
    let parcel = bench.scan_parcel(&order.tracking_numbers[0]).await.unwrap();
    assert!(parcel.cancelled);
    assert_eq!(parcel.return_view.return_number, order.return_number.as_str());
}

#[tokio::test]
async fn a_held_unit_sent_back_is_inspected_again_from_its_hold_label_and_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let minutes = Arc::new(AtomicI64::new(0));
    let bench = open(dir.path(), minutes.clone()).await;
    sign_in(&bench, Role::Inspector).await;
    let order = home_return();
    let held = grade(&bench, &order, &[Flag::OverrideRequested]).await;
    assert_eq!(held.state, UnitState::AwaitingReview);

    // 10:40 The lead sends it back: a reason is required; only an inspector or lead may take it.
    minutes.store(10, Ordering::SeqCst);
    sign_in(&bench, Role::Lead).await;
    let e = bench.send_back(&held.lpn, "look", None).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    for badge in ["EMP9999", "EMP9001"] {
        let e = bench
            .send_back(&held.lpn, "the charger is in the box flap", Some(badge))
            .await
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput, "{badge}");
        assert!(e.message.contains("is not an inspector or lead"), "{}", e.message);
    }
    let q = bench
        .send_back(&held.lpn, "the charger is in the box flap", None)
        .await
        .unwrap();
    assert!(q.items.is_empty(), "nothing waits for a lead: {q:?}");
    let e = bench
        .send_back(&held.lpn, "the charger is in the box flap", None)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongState, "{}", e.message);
    let last = bench.audit_tail(1).await.unwrap().remove(0);
    assert_eq!(
        (last.actor.as_str(), last.action.as_str()),
        ("EMP2001", "unit.sent_back")
    );
    assert!(
        last.detail.contains(&held.lpn) && last.detail.contains("\"to\":\"EMP1001\""),
        "{}",
        last.detail
    );
    // The dashboard: one unit to grade again, nothing graded, nothing for a lead.
    let d = bench.dashboard(&triage_app::dto::DashboardPeriod::Shift).await.unwrap();
    let tiles = &d.kpis.tiles;
    assert_eq!((tiles.graded, tiles.awaiting_grading, tiles.awaiting_lead), (0, 1, 0));

    // 10:50 The inspector scans the HOLD label: the parcel opens with the unit to take up.
    minutes.store(20, Ordering::SeqCst);
    sign_in(&bench, Role::Inspector).await;
    let parcel = bench.scan_parcel(&held.lpn).await.unwrap();
    let code = parcel.resume.clone().expect("the unit to take up");
    assert_eq!(code, order.lines[0].gtin.as_str());
    assert_eq!(
        parcel.return_view.lines[0].units_inspected, 0,
        "the void inspection does not count"
    );
    let unit = bench.start_unit(&parcel.parcel_id, &code).await.unwrap();
    let again = unit.reinspection.expect("the lead's reason is shown");
    assert_eq!(
        (again.previous_lpn.as_str(), again.by.as_str(), again.reason.as_str()),
        (held.lpn.as_str(), "EMP2001", "the charger is in the box flap")
    );
    assert!(
        !unit.decision.flags.contains(&Flag::OverQuantity),
        "{:?}",
        unit.decision.flags
    );
    let done = bench
        .confirm_unit(&unit.unit_id, &triage_tests::central::pristine_home(), &[])
        .await
        .unwrap();
    assert_eq!(done.state, UnitState::Labelled);
    assert_ne!(done.lpn, held.lpn, "a new LPN for the new label");
    let e = bench.scan_parcel(&held.lpn).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongState);
    assert!(
        e.message.contains(&format!("inspected again as {}", done.lpn)),
        "{}",
        e.message
    );

    // It counts once: one unit graded, nothing waits.
    assert_eq!(bench.status().await.unwrap().units_today, 1);
    sign_in(&bench, Role::Lead).await;
    let d = bench.dashboard(&triage_app::dto::DashboardPeriod::Shift).await.unwrap();
    let tiles = &d.kpis.tiles;
    assert_eq!((tiles.graded, tiles.awaiting_grading, tiles.awaiting_lead), (1, 0, 0));
    assert_eq!(bench.unit_history(&held.lpn).await.unwrap().state, UnitState::SentBack);
}

#[tokio::test]
async fn a_unit_sent_back_to_another_inspector_is_taken_up_from_a_new_scan_of_its_parcel() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path(), Arc::default()).await;
    sign_in(&bench, Role::Inspector).await;
    let order = home_return();
    let held = grade(&bench, &order, &[Flag::OverrideRequested]).await;
    sign_in(&bench, Role::Lead).await;
    bench
        .send_back(&held.lpn, "second opinion on the stain", Some("emp2001"))
        .await
        .unwrap();
    // The lead (EMP2001) scans the parcel's tracking number: a new parcel record,
    // and the unit sent back is the one taken up.
    let parcel = bench.scan_parcel(&order.tracking_numbers[0]).await.unwrap();
    assert_eq!(parcel.resume, None);
    let unit = bench
        .start_unit(&parcel.parcel_id, order.lines[0].gtin.as_str())
        .await
        .unwrap();
    assert_eq!(
        unit.reinspection.map(|r| r.reason).as_deref(),
        Some("second opinion on the stain")
    );
    let last = bench.audit_tail(3).await.unwrap();
    let sent = last.iter().find(|e| e.action == "unit.sent_back").unwrap();
    assert!(sent.detail.contains("\"to\":\"EMP2001\""), "{}", sent.detail);
}
