//! A parcel closed with fewer units than its return expected, on a real SQLite
//! file: the inspector closes it, the lines that came short go to the lead's
//! queue with the quantity_short flag, and a lead settles it with a reason. A
//! parcel with every unit closes clean; closing twice says who closed it.

use triage_app::ErrorCode;
use triage_core::review::{ReviewFilter, WaitKind};
use triage_core::rules::Flag;
use triage_core::{ReturnOrder, Role};
use triage_tests::central::{demo, pristine_home};
use triage_tests::people::sign_in;

/// A demo return in one box with at least two units expected in all, the first line home goods.
fn return_of_several() -> ReturnOrder {
    demo()
        .into_iter()
        .find(|o| {
            o.tracking_numbers.len() == 1
                && o.lines[0].category == triage_core::Category::Home
                && o.lines.iter().map(|l| l.quantity).sum::<u32>() >= 2
        })
        .expect("the demo has a return of several units")
}

/// A demo return of one home unit.
fn return_of_one() -> ReturnOrder {
    demo()
        .into_iter()
        .find(|o| o.lines.len() == 1 && o.lines[0].quantity == 1 && o.lines[0].category == triage_core::Category::Home)
        .expect("the demo has a return of one home unit")
}

#[tokio::test]
async fn a_parcel_closed_short_waits_for_a_lead_who_settles_it() {
    let dir = tempfile::tempdir().unwrap();
    let bench = triage_tests::demo_bench(dir.path(), 5).await;
    let order = return_of_several();
    let expected: u32 = order.lines.iter().map(|l| l.quantity).sum();

    sign_in(&bench, Role::Inspector).await;
    let parcel = bench.scan_parcel(&order.tracking_numbers[0]).await.unwrap();
    // One unit of the first line, then nothing more in the box.
    let unit = bench
        .start_unit(&parcel.parcel_id, order.lines[0].gtin.as_str())
        .await
        .unwrap();
    bench.confirm_unit(&unit.unit_id, &pristine_home(), &[]).await.unwrap();
    let closed = bench.close_parcel(&parcel.parcel_id).await.unwrap();
    assert_eq!(
        (closed.units, closed.return_number.as_str()),
        (1, order.return_number.as_str())
    );
    let missing: u32 = closed.short.iter().map(|s| s.expected - s.received).sum();
    assert_eq!(missing, expected - 1, "{:?}", closed.short);
    let first = closed.short.iter().find(|s| s.line_no == order.lines[0].line_no);
    if order.lines[0].quantity == 1 {
        assert!(first.is_none(), "the first line has its unit");
    } else {
        assert_eq!(first.map(|s| s.received), Some(1));
    }

    // Closing it again says who closed it; nothing changes.
    let again = bench.close_parcel(&parcel.parcel_id).await.unwrap_err();
    assert_eq!(again.code, ErrorCode::WrongState);
    assert!(
        again.message.starts_with("this parcel was closed already"),
        "{}",
        again.message
    );
    assert!(again.message.contains("by EMP"), "{}", again.message);

    // The lead's queue has it, flagged quantity_short, with the lines in one line.
    sign_in(&bench, Role::Lead).await;
    let only_short = ReviewFilter {
        flag: Some(Flag::QuantityShort),
        ..Default::default()
    };
    let q = bench.review_queue(&only_short).await.unwrap();
    assert_eq!(q.items.len(), 1, "{:?}", q.items);
    let item = &q.items[0];
    assert_eq!(item.kind, WaitKind::ShortParcel);
    assert_eq!(item.id, parcel.parcel_id);
    assert_eq!(item.parcel.as_deref(), Some(order.tracking_numbers[0].as_str()));
    assert_eq!(item.return_number.as_deref(), Some(order.return_number.as_str()));
    assert_eq!(item.summary, triage_core::receipt::summary(&closed.short));
    assert!(item.inspector.as_deref().is_some_and(|b| b.starts_with("EMP")));

    // Settling needs a reason; then it is gone, and both steps are in the audit log.
    let e = bench.settle_short_parcel(&item.id, "ok").await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    let left = bench
        .settle_short_parcel(&item.id, "customer called: second box lost, refund what arrived")
        .await
        .unwrap();
    assert!(
        left.items.iter().all(|i| i.kind != WaitKind::ShortParcel),
        "{:?}",
        left.items
    );
    let twice = bench.settle_short_parcel(&item.id, "settled twice?").await.unwrap_err();
    assert_eq!(twice.code, ErrorCode::NotFound);

    sign_in(&bench, Role::Admin).await;
    let audit = bench.audit_tail(50).await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"parcel.closed_short"), "{actions:?}");
    assert!(actions.contains(&"parcel.short_settled"), "{actions:?}");
}

#[tokio::test]
async fn a_parcel_with_every_unit_closes_clean_and_a_parcel_set_aside_is_not_closed() {
    let dir = tempfile::tempdir().unwrap();
    let bench = triage_tests::demo_bench(dir.path(), 5).await;
    let order = return_of_one();

    sign_in(&bench, Role::Inspector).await;
    let parcel = bench.scan_parcel(&order.tracking_numbers[0]).await.unwrap();
    let unit = bench
        .start_unit(&parcel.parcel_id, order.lines[0].gtin.as_str())
        .await
        .unwrap();
    // Not while a unit of it is on the bench.
    let busy = bench.close_parcel(&parcel.parcel_id).await.unwrap_err();
    assert_eq!(busy.code, ErrorCode::WrongState);
    assert!(busy.message.contains("still being inspected"), "{}", busy.message);
    bench.confirm_unit(&unit.unit_id, &pristine_home(), &[]).await.unwrap();
    // By its code, as the CLI does.
    let closed = bench.close_parcel_by_code(&order.tracking_numbers[0]).await.unwrap();
    assert!(closed.short.is_empty(), "{:?}", closed.short);
    assert_eq!(closed.units, 1);

    let unknown = bench.close_parcel("no-such-parcel").await.unwrap_err();
    assert_eq!(unknown.code, ErrorCode::NotFound);

    let stray = bench.set_aside_parcel("1Z999AA10123456784", "").await.unwrap();
    let e = bench.close_parcel(&stray.parcel_id).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongState);
    assert!(e.message.contains("set it aside"), "{}", e.message);

    sign_in(&bench, Role::Lead).await;
    let q = bench
        .review_queue(&ReviewFilter {
            kind: Some(WaitKind::ShortParcel),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(q.items.is_empty(), "{:?}", q.items);
}

/// A demo return sent in two boxes: two home lines of one unit each.
fn return_in_two_boxes() -> ReturnOrder {
    demo()
        .into_iter()
        .find(|o| {
            o.tracking_numbers.len() == 2
                && o.lines.len() == 2
                && o.lines
                    .iter()
                    .all(|l| l.category == triage_core::Category::Home && l.quantity == 1)
        })
        .expect("the demo has a return of two home units in two boxes")
}

#[tokio::test]
async fn a_return_in_two_boxes_is_judged_when_its_last_box_is_closed() {
    use std::sync::atomic::{AtomicI64, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let minutes = std::sync::Arc::new(AtomicI64::new(0));
    let bench = triage_app::Bench::open(
        triage_tests::bench_config(dir.path(), 5),
        triage_tests::movable_clock(minutes.clone()),
        triage_app::Locale::En,
    )
    .await
    .unwrap();
    bench.load_demo_if_empty().await.unwrap();
    let order = return_in_two_boxes();
    let only_short = ReviewFilter {
        kind: Some(WaitKind::ShortParcel),
        ..Default::default()
    };

    // The first box holds the first line; the second line may be in the other box.
    sign_in(&bench, Role::Inspector).await;
    let first = bench.scan_parcel(&order.tracking_numbers[0]).await.unwrap();
    let unit = bench
        .start_unit(&first.parcel_id, order.lines[0].gtin.as_str())
        .await
        .unwrap();
    bench.confirm_unit(&unit.unit_id, &pristine_home(), &[]).await.unwrap();
    let closed = bench.close_parcel(&first.parcel_id).await.unwrap();
    assert_eq!(closed.boxes_to_come, [order.tracking_numbers[1].clone()]);
    let so_far: Vec<(u32, u32)> = closed.short.iter().map(|s| (s.line_no, s.received)).collect();
    assert_eq!(so_far, [(order.lines[1].line_no, 0)]);
    sign_in(&bench, Role::Lead).await;
    assert!(
        bench.review_queue(&only_short).await.unwrap().items.is_empty(),
        "no lead is told while a box is to come"
    );
    // Two days later the other box is overdue: now a lead is told.
    minutes.store(48 * 60 + 1, Ordering::SeqCst);
    sign_in(&bench, Role::Lead).await;
    let q = bench.review_queue(&only_short).await.unwrap();
    assert_eq!(q.items.len(), 1, "{:?}", q.items);
    assert_eq!(q.items[0].id, first.parcel_id);
    assert!(
        q.items[0].summary.starts_with(&format!(
            "box(es) {} never came; line {}",
            order.tracking_numbers[1], order.lines[1].line_no
        )),
        "{}",
        q.items[0].summary
    );

    // The second box arrives after all, empty: it judges the return (short), and
    // the first box's item is settled by it.
    sign_in(&bench, Role::Inspector).await;
    let second = bench.scan_parcel(&order.tracking_numbers[1]).await.unwrap();
    assert_ne!(second.parcel_id, first.parcel_id);
    let closed = bench.close_parcel(&second.parcel_id).await.unwrap();
    assert!(closed.boxes_to_come.is_empty(), "{closed:?}");
    assert_eq!(closed.units, 1);
    let short: Vec<(u32, u32)> = closed.short.iter().map(|s| (s.line_no, s.received)).collect();
    assert_eq!(short, [(order.lines[1].line_no, 0)]);
    sign_in(&bench, Role::Lead).await;
    let q = bench.review_queue(&only_short).await.unwrap();
    let ids: Vec<&str> = q.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, [second.parcel_id.as_str()]);
}

/// A unit left unconfirmed (Escape, or the "drop" command barcode) ends dropped:
/// the parcel can close, nothing counts it, and scanning the item again starts anew.
#[tokio::test]
async fn a_dropped_unit_lets_the_parcel_close_and_counts_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let bench = triage_tests::demo_bench(dir.path(), 5).await;
    let order = return_of_one();
    sign_in(&bench, Role::Inspector).await;
    let parcel = bench.scan_parcel(&order.tracking_numbers[0]).await.unwrap();
    let gtin = order.lines[0].gtin.as_str();
    let first = bench.start_unit(&parcel.parcel_id, gtin).await.unwrap();
    bench.drop_unit(&first.unit_id).await.unwrap();
    let again = bench.drop_unit(&first.unit_id).await.unwrap_err();
    assert_eq!(again.code, ErrorCode::WrongState);
    assert!(again.message.contains("not under inspection"), "{}", again.message);

    // Scanned again: a new unit, which is confirmed.
    let second = bench.start_unit(&parcel.parcel_id, gtin).await.unwrap();
    assert_ne!(second.unit_id, first.unit_id);
    bench.drop_unit(&second.unit_id).await.unwrap();
    let third = bench.start_unit(&parcel.parcel_id, gtin).await.unwrap();
    bench.confirm_unit(&third.unit_id, &pristine_home(), &[]).await.unwrap();
    let closed = bench.close_parcel(&parcel.parcel_id).await.unwrap();
    assert_eq!((closed.units, closed.short.len()), (1, 0));

    sign_in(&bench, Role::Lead).await;
    let view = bench.dashboard(&triage_app::dto::DashboardPeriod::Shift).await.unwrap();
    assert_eq!(
        (view.kpis.tiles.graded, view.kpis.tiles.awaiting_grading),
        (1, 0),
        "the dropped units are neither graded nor waiting"
    );
    sign_in(&bench, Role::Admin).await;
    let audit = bench.audit_tail(50).await.unwrap();
    let dropped: Vec<&str> = audit
        .iter()
        .filter(|e| e.action == "unit.dropped")
        .map(|e| e.subject.as_str())
        .collect();
    assert_eq!(
        dropped,
        [second.unit_id.as_str(), first.unit_id.as_str()],
        "newest first"
    );
}
