//! The liquidation container on a real SQLite file: units routed to liquidation
//! (by the rules, or by a lead later) wait in the open container; closing it numbers
//! it, stamps its units, and prints a label whose barcode is its code and whose text
//! says what is inside; an empty container is not closed.

use std::sync::atomic::AtomicI64;
use std::sync::Arc;
use triage_app::{Bench, ErrorCode, Locale};
use triage_core::rules::{Amendment, AmendmentKind, Disposition, Flag, LocalText};
use triage_core::{Answer, ReturnOrder, Role};
use triage_tests::central::{pristine_home, used_home};
use triage_tests::people::sign_in;

async fn grade(
    bench: &Bench,
    order: &ReturnOrder,
    answers: &[Answer],
    raised: &[Flag],
) -> triage_app::dto::ConfirmedUnit {
    let parcel = bench.scan_parcel(&order.tracking_numbers[0]).await.unwrap();
    let unit = bench
        .start_unit(&parcel.parcel_id, order.lines[0].gtin.as_str())
        .await
        .unwrap();
    bench.confirm_unit(&unit.unit_id, answers, raised).await.unwrap()
}

#[tokio::test]
async fn a_closed_container_holds_what_went_to_liquidation_and_its_label_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let bench = triage_tests::demo_bench(dir.path(), 5).await;
    let orders = triage_tests::central::home_returns(5);
    assert_eq!(orders.len(), 5);

    sign_in(&bench, Role::Inspector).await;
    let empty = bench.close_container().await.unwrap_err();
    assert_eq!(empty.code, ErrorCode::WrongState);
    assert!(
        empty.message.starts_with("the liquidation container is empty"),
        "{}",
        empty.message
    );

    let a = grade(&bench, &orders[0], &used_home(), &[]).await;
    let b = grade(&bench, &orders[1], &used_home(), &[]).await;
    let held = grade(&bench, &orders[2], &used_home(), &[Flag::OverrideRequested]).await;
    let restocked = grade(&bench, &orders[3], &pristine_home(), &[]).await;
    assert_eq!(a.decision.disposition, Disposition::Liquidate);
    assert_eq!(restocked.decision.disposition, Disposition::Restock);

    // The held unit goes nowhere until a lead decides; the restocked one never.
    let open = bench.open_container().await.unwrap();
    assert_eq!(open.code, None);
    assert_eq!(open.lpns, [a.lpn.clone(), b.lpn.clone()]);
    assert_eq!(open.units, 2);
    let value = |u: &triage_app::dto::ConfirmedUnit| u.decision.unit_value_cents;
    assert_eq!(open.value_cents, value(&a) + value(&b));
    assert!(open.contents.starts_with("home 2 · "), "{}", open.contents);

    // A lead approves the held unit (liquidation) and sends the restocked one to
    // liquidation too: both join the open container.
    sign_in(&bench, Role::Lead).await;
    bench
        .approve_unit(&held.lpn, "checked: it is used but works")
        .await
        .unwrap();
    let move_it = Amendment {
        kind: AmendmentKind::Redisposition,
        grade: None,
        disposition: Some(Disposition::Liquidate),
        route: None,
        destination: Some(LocalText {
            en: "Liquidation container".into(),
            fr: "Conteneur de déstockage".into(),
        }),
        refund: None,
        reason: "overstock: zone A is full".into(),
    };
    bench.amend_unit(&restocked.lpn, &move_it).await.unwrap();
    let open = bench.open_container().await.unwrap();
    assert_eq!(open.units, 4);
    assert_eq!(
        open.lpns,
        [a.lpn.clone(), b.lpn.clone(), held.lpn.clone(), restocked.lpn.clone()]
    );

    // The inspector closes it: numbered, stamped, its label written.
    sign_in(&bench, Role::Inspector).await;
    let closed = bench.close_container().await.unwrap();
    assert_eq!(closed.code.as_deref(), Some("LQ-PAR1-05-0001"));
    assert_eq!(closed.units, 4);
    assert_eq!(
        closed.value_cents,
        [&a, &b, &held, &restocked].iter().map(|u| value(u)).sum::<i64>()
    );
    assert!(closed.print_job.is_none(), "no printer chosen");
    let pdf = closed.label_pdf.clone().unwrap();
    assert!(pdf.ends_with("labels/LQ-PAR1-05-0001.pdf"), "{pdf}");
    assert_eq!(
        triage_tests::label_barcodes(&pdf, "container-label"),
        ["LQ-PAR1-05-0001"]
    );
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", &pdf, "-"])
        .output()
        .expect("pdftotext runs (cargo xtask test installs poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout);
    for want in [
        "LIQUIDATION",
        "UNITS",
        "CONTENTS",
        &closed.contents,
        &a.lpn,
        &restocked.lpn,
        "UNIT VALUE",
        "CLOSED",
    ] {
        assert!(text.contains(want), "{want:?} not in\n{text}");
    }
    let cents = closed.value_cents;
    assert!(text.contains(&format!("{}.{:02}", cents / 100, cents % 100)), "{text}");

    // Emptied: nothing to close again; the next liquidation starts container 2.
    assert_eq!(bench.open_container().await.unwrap().units, 0);
    assert_eq!(bench.close_container().await.unwrap_err().code, ErrorCode::WrongState);
    let next = grade(&bench, &orders[4], &used_home(), &[]).await;
    let open = bench.open_container().await.unwrap();
    assert_eq!(open.lpns, std::slice::from_ref(&next.lpn));

    // With a folder printer, the container's label is queued and printed as well.
    sign_in(&bench, Role::Admin).await;
    let folder = tempfile::tempdir().unwrap();
    bench
        .set_printer(Some(triage_app::PrinterChoice {
            uri: format!("file://{}", folder.path().display()),
            format: "zpl".into(),
            dpi: 203,
            template: "restock-4x6".into(),
        }))
        .await
        .unwrap();
    sign_in(&bench, Role::Inspector).await;
    let second = bench.close_container().await.unwrap();
    assert_eq!(second.code.as_deref(), Some("LQ-PAR1-05-0002"));
    let job = second.print_job.expect("queued with the closing");
    assert_eq!(job.lpn, "LQ-PAR1-05-0002");
    bench.run_print_queue().await.unwrap();
    let printed: Vec<_> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(printed.len(), 1, "{printed:?}");
    let zpl = std::fs::read_to_string(&printed[0]).unwrap();
    assert!(
        zpl.contains("^FDLIQUIDATION^FS") && zpl.contains("LQ-PAR1-05-0002"),
        "{zpl}"
    );

    // The audit chain holds both closings and still verifies.
    sign_in(&bench, Role::Admin).await;
    assert!(bench.verify_audit().await.unwrap().intact);
}

#[tokio::test]
async fn nobody_closes_a_container_without_logging_in() {
    let dir = tempfile::tempdir().unwrap();
    let config = triage_tests::bench_config(dir.path(), 6);
    let bench = Bench::open(
        config,
        triage_tests::movable_clock(Arc::new(AtomicI64::new(0))),
        Locale::En,
    )
    .await
    .unwrap();
    assert_eq!(bench.close_container().await.unwrap_err().code, ErrorCode::NotSignedIn);
    assert_eq!(bench.open_container().await.unwrap_err().code, ErrorCode::NotSignedIn);
}
