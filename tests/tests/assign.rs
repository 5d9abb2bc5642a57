//! A lead hands a waiting item to another lead, on a real SQLite file: only a
//! lead of the bench takes it, only an item that waits can be handed, the queue
//! says whose it is, and the audit log keeps who handed it to whom.

use triage_app::ErrorCode;
use triage_core::rules::Flag;
use triage_core::Role;
use triage_tests::central::{grade, home_return};
use triage_tests::people::sign_in;

#[tokio::test]
async fn a_held_unit_handed_to_another_lead_is_shown_as_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let bench = triage_tests::demo_bench(dir.path(), 5).await;
    sign_in(&bench, Role::Admin).await;
    bench
        .put_user("EMP2002", "Léa Martin", Role::Lead, Some("7391"), true)
        .await
        .unwrap();
    sign_in(&bench, Role::Inspector).await;
    let held = grade(&bench, &home_return(), &[Flag::OverrideRequested]).await;

    sign_in(&bench, Role::Lead).await;
    let e = bench.assign_review_item(&held.lpn, "EMP1001").await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput, "an inspector is not a lead");
    assert!(
        e.message.starts_with("EMP1001 is not a lead of this bench"),
        "{}",
        e.message
    );
    let e = bench.assign_review_item("LPN0059999999", "EMP2002").await.unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);

    let q = bench.assign_review_item(&held.lpn, " emp2002 ").await.unwrap();
    let item = q.items.iter().find(|i| i.id == held.lpn).unwrap();
    assert_eq!(item.assigned_to.as_deref(), Some("EMP2002"));
    // Handed again: the new lead replaces the first.
    let q = bench.assign_review_item(&held.lpn, "EMP2001").await.unwrap();
    assert_eq!(
        q.items
            .iter()
            .find(|i| i.id == held.lpn)
            .unwrap()
            .assigned_to
            .as_deref(),
        Some("EMP2001")
    );

    sign_in(&bench, Role::Admin).await;
    let audit = bench.audit_tail(20).await.unwrap();
    let handed: Vec<&str> = audit
        .iter()
        .filter(|e| e.action == "review.assigned")
        .map(|e| e.detail.as_str())
        .collect();
    assert_eq!(handed.len(), 2, "{handed:?}");
    assert!(handed.iter().any(|d| d.contains("EMP2002")), "{handed:?}");
}
