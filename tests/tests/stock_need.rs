//! The warehouse system's stock need reaches the rules, on a real SQLite file: a
//! used home unit goes to liquidation, but once the export says the shop is short
//! of its SKU the same answers put it back on the shelf (Zone C), and the decision
//! says why. A bad export is refused with its line and changes nothing.

use triage_app::ErrorCode;
use triage_core::rules::Disposition;
use triage_core::Role;
use triage_tests::central::{grade_answering, home_returns, used_home};
use triage_tests::people::sign_in;

#[tokio::test]
async fn the_stock_need_export_sends_a_used_unit_the_shop_is_short_of_back_to_the_shelf() {
    let dir = tempfile::tempdir().unwrap();
    let bench = triage_tests::demo_bench(dir.path(), 5).await;
    let orders = home_returns(2);
    assert_eq!(orders.len(), 2);
    let (before, after) = (&orders[0], &orders[1]);

    sign_in(&bench, Role::Inspector).await;
    let liquidated = grade_answering(&bench, before, &used_home(), &[]).await;
    assert_eq!(liquidated.decision.disposition, Disposition::Liquidate);
    assert_eq!(liquidated.decision.rule_id, "liquidate-used");

    // An inspector may not put an export in force; a bad one is refused whole.
    let csv = format!("sku,need\n{},high\nNOT-ON-THIS-BENCH,low\n", after.lines[0].sku);
    let refused = bench.import_stock_need(&csv, "wms.csv").await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);
    sign_in(&bench, Role::Lead).await;
    let bad = bench
        .import_stock_need(&format!("{csv}{},plenty\n", after.lines[0].sku), "wms.csv")
        .await
        .unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidInput);
    assert_eq!(
        bad.message,
        "wms.csv: line 4: need \"plenty\" is not one of high, low, unknown; nothing was imported (the last stock need stays in force)"
    );
    let s = bench.import_stock_need(&csv, "wms.csv").await.unwrap();
    assert_eq!((s.skus, s.high, s.low), (2, 1, 1));

    sign_in(&bench, Role::Inspector).await;
    let restocked = grade_answering(&bench, after, &used_home(), &[]).await;
    let d = &restocked.decision;
    assert_eq!(
        (d.disposition, d.rule_id.as_str()),
        (Disposition::Restock, "restock-used-in-demand")
    );
    assert_eq!(d.destination.en, "Zone C (used, in demand)");
    assert!(d.summary.ends_with("grade C, home, stock need high"), "{}", d.summary);
    assert!(
        d.because.iter().any(|f| f.name == "stock_need" && f.value == "high"),
        "{:?}",
        d.because
    );

    // A new export replaces the last one: the SKU is no longer short.
    sign_in(&bench, Role::Lead).await;
    let s = bench.import_stock_need("sku,need\n", "wms-empty.csv").await.unwrap();
    assert_eq!((s.skus, s.high, s.low), (0, 0, 0));
    sign_in(&bench, Role::Admin).await;
    let audit = bench.audit_tail(20).await.unwrap();
    assert_eq!(
        audit.iter().filter(|e| e.action == "stock_need.imported").count(),
        2,
        "the refused export is not in the audit log"
    );
}
