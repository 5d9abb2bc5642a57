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
        .finish_pull(&[], std::slice::from_ref(&conflict), 7)
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
        .finish_pull(&[], std::slice::from_ref(&conflict), 8)
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
