//! A parcel no return matches, through triage-app on a real SQLite file: the
//! inspector sets it aside (an exception label prints, decoded here), a lead
//! finds it in the review queue and matches it to a return, and the next scan
//! of the parcel opens that return. Everything is audited.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use triage_app::{Bench, ErrorCode, Locale, PrinterChoice};
use triage_core::review::{ReviewFilter, WaitKind};
use triage_core::Role;
use triage_tests::central::home_return;
use triage_tests::people::sign_in;

/// A UPS tracking number no demo return has.
const STRAY: &str = "1Z999AA10123456784";

async fn open(dir: &std::path::Path, minutes: Arc<AtomicI64>) -> Bench {
    let config = triage_tests::bench_config(dir, 5);
    let clock = triage_tests::movable_clock(minutes);
    let bench = Bench::open(config, clock, Locale::En).await.unwrap();
    bench.load_demo_if_empty().await.unwrap();
    bench
}

async fn folder_printer(bench: &Bench, folder: &std::path::Path) {
    sign_in(bench, Role::Admin).await;
    bench
        .set_printer(Some(PrinterChoice {
            uri: format!("file://{}", folder.display()),
            format: String::new(),
            dpi: 203,
            template: "restock-4x6".into(),
        }))
        .await
        .unwrap();
}

fn pdf_text(pdf: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (cargo xtask test installs poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn a_parcel_no_return_matches_is_set_aside_matched_by_a_lead_and_then_opens_its_return() {
    let dir = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let minutes = Arc::new(AtomicI64::new(0));
    let bench = open(dir.path(), minutes.clone()).await;
    folder_printer(&bench, folder.path()).await;

    // 10:30 The inspector scans a parcel no return on the bench knows.
    sign_in(&bench, Role::Inspector).await;
    let e = bench.scan_parcel(STRAY).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert!(e.message.contains("set the parcel aside for a lead"), "{}", e.message);
    // A parcel that does match cannot be set aside.
    let home = home_return();
    let e = bench.set_aside_parcel(&home.tracking_numbers[0], "").await.unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongState, "{}", e.message);
    assert!(e.message.contains("scan it to receive the parcel"), "{}", e.message);
    let e = bench.set_aside_parcel("  ", "").await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    let e = bench.set_aside_parcel(STRAY, &"x".repeat(201)).await.unwrap_err();
    assert!(e.message.contains("at most 200 characters"), "{}", e.message);

    // Set aside: the exception label goes to the printer, barcode = the parcel's code.
    let set = bench
        .set_aside_parcel(STRAY, "No paperwork; two shoes inside, size 42")
        .await
        .unwrap();
    assert!(!set.already);
    assert_eq!(set.scanned, STRAY);
    assert_eq!(set.set_aside_by.as_deref(), Some("EMP1001"));
    assert_eq!(set.label_problem, None);
    let job = set.print_job.expect("a printer is chosen: the label is queued");
    assert_eq!((job.lpn.as_str(), job.state.as_str()), (STRAY, "done"));
    let pdf = folder.path().join(format!("{STRAY}.pdf"));
    assert_eq!(
        triage_tests::label_barcodes(pdf.to_str().unwrap(), "exception-label"),
        vec![STRAY.to_string()]
    );
    let text = pdf_text(&pdf);
    for words in [
        "UNMATCHED",
        "PARCEL",
        "see lead",
        "two shoes inside",
        "EMP1001",
        "2026-11-27 10:30",
    ] {
        assert!(text.contains(words), "{words:?} on the label:\n{text}");
    }

    // Setting it aside again (or scanning it) finds it waiting; nothing is printed twice.
    let again = bench.set_aside_parcel(STRAY, "").await.unwrap();
    assert!(again.already && again.print_job.is_none());
    assert_eq!(again.parcel_id, set.parcel_id);
    assert_eq!(again.note, "No paperwork; two shoes inside, size 42");
    let e = bench.scan_parcel(STRAY).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongState);
    assert!(
        e.message.contains("already on the unmatched shelf") && e.message.contains("EMP1001"),
        "{}",
        e.message
    );
    assert_eq!(bench.recent_print_jobs(10).await.unwrap().len(), 1);

    // 10:50 The lead sees it in the queue, with who set it aside and the note.
    minutes.store(20, Ordering::SeqCst);
    sign_in(&bench, Role::Lead).await;
    let q = bench.review_queue(&ReviewFilter::default()).await.unwrap();
    assert_eq!(q.items.len(), 1, "{q:?}");
    let item = &q.items[0];
    assert_eq!(item.kind, WaitKind::UnmatchedParcel);
    assert_eq!(
        (
            item.id.as_str(),
            item.parcel.as_deref(),
            item.inspector.as_deref(),
            item.summary.as_str()
        ),
        (
            set.parcel_id.as_str(),
            Some(STRAY),
            Some("EMP1001"),
            "No paperwork; two shoes inside, size 42"
        )
    );
    let only_parcels = ReviewFilter {
        kind: Some(WaitKind::UnmatchedParcel),
        ..Default::default()
    };
    assert_eq!(bench.review_queue(&only_parcels).await.unwrap().items.len(), 1);
    let only_conflicts = ReviewFilter {
        kind: Some(WaitKind::Conflict),
        ..Default::default()
    };
    assert!(bench.review_queue(&only_conflicts).await.unwrap().items.is_empty());

    // A return the bench does not know is refused; the lead types a tracking number of the right one.
    let e = bench.match_parcel(&set.parcel_id, "RMA9999999").await.unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert!(
        e.message.contains("no return on this bench matches RMA9999999"),
        "{}",
        e.message
    );
    let e = bench.match_parcel(&set.parcel_id, " ").await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    let q = bench
        .match_parcel(&set.parcel_id, &home.tracking_numbers[0])
        .await
        .unwrap();
    assert!(q.items.is_empty(), "nothing waits any more: {q:?}");
    let e = bench
        .match_parcel(&set.parcel_id, home.return_number.as_str())
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound, "matched already: {}", e.message);

    // 11:00 The inspector scans the parcel (or its exception label): its return opens, on that parcel.
    minutes.store(30, Ordering::SeqCst);
    sign_in(&bench, Role::Inspector).await;
    let parcel = bench.scan_parcel(STRAY).await.unwrap();
    assert_eq!(parcel.parcel_id, set.parcel_id);
    assert_eq!(parcel.return_view.return_number, home.return_number.as_str());
    assert_eq!(parcel.matched_by.as_deref(), Some("EMP2001"));
    let unit = bench
        .start_unit(&parcel.parcel_id, home.lines[0].gtin.as_str())
        .await
        .unwrap();
    assert!(!unit.wrong_item);

    // The audit log tells the story, each step by its actor.
    sign_in(&bench, Role::Lead).await;
    let tail = bench.audit_tail(40).await.unwrap();
    let story: Vec<(&str, &str)> = tail
        .iter()
        .rev()
        .filter(|e| e.subject == set.parcel_id)
        .map(|e| (e.actor.as_str(), e.action.as_str()))
        .collect();
    assert_eq!(story, [("EMP1001", "parcel.set_aside"), ("EMP2001", "parcel.matched")]);
    let matched = tail.iter().find(|e| e.action == "parcel.matched").unwrap();
    assert!(
        matched.detail.contains(home.return_number.as_str()),
        "{}",
        matched.detail
    );
    assert!(bench.verify_audit().await.unwrap().intact);
}

#[tokio::test]
async fn a_parcel_set_aside_whose_return_arrives_later_is_received_without_the_lead() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path(), Arc::default()).await;
    sign_in(&bench, Role::Inspector).await;
    // No printer chosen: the parcel is set aside all the same, with nothing queued.
    let set = bench.set_aside_parcel(STRAY, "").await.unwrap();
    assert!(set.print_job.is_none() && set.label_problem.is_none());

    // The return arrives (an import, or central's pull) with this tracking number.
    sign_in(&bench, Role::Lead).await;
    let mut late = home_return();
    late.return_number = triage_core::ReturnNumber::parse("RMA9990042").unwrap();
    late.tracking_numbers = vec![STRAY.into()];
    bench.import(&[late]).await.unwrap();
    let q = bench.review_queue(&ReviewFilter::default()).await.unwrap();
    assert_eq!(q.items.len(), 1, "it still waits until someone scans it");

    sign_in(&bench, Role::Inspector).await;
    let parcel = bench.scan_parcel(STRAY).await.unwrap();
    assert_eq!(parcel.parcel_id, set.parcel_id, "the parcel set aside, not a new one");
    assert_eq!(parcel.return_view.return_number, "RMA9990042");
    assert_eq!(parcel.matched_by.as_deref(), Some("EMP1001"));
    sign_in(&bench, Role::Lead).await;
    assert!(bench
        .review_queue(&ReviewFilter::default())
        .await
        .unwrap()
        .items
        .is_empty());
}

#[tokio::test]
async fn a_2x1_printer_gets_a_small_exception_label_and_a_code_too_long_for_it_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let bench = open(dir.path(), Arc::default()).await;
    sign_in(&bench, Role::Admin).await;
    bench
        .set_printer(Some(PrinterChoice {
            uri: format!("file://{}", folder.path().display()),
            format: "zpl".into(),
            dpi: 203,
            template: "restock-2x1".into(),
        }))
        .await
        .unwrap();
    sign_in(&bench, Role::Inspector).await;
    let short = bench.set_aside_parcel("PX12345", "").await.unwrap();
    let job = short.print_job.expect("queued");
    assert_eq!(job.format, "zpl");
    let zpl = std::fs::read_to_string(folder.path().join("PX12345.zpl")).unwrap();
    assert!(zpl.contains("^PW406") && zpl.contains("UNMATCHED"), "{zpl}");
    // A 22-character tracking number does not fit 2 inches: set aside, and the inspector is told.
    let long = bench.set_aside_parcel("1Z999AA10123456784XYZW", "").await.unwrap();
    assert!(long.print_job.is_none());
    let problem = long.label_problem.expect("why no label");
    assert!(problem.contains("write the code on the parcel by hand"), "{problem}");
}
