//! The inspector's story through triage-app, on a real SQLite file, without a window.

use chrono::{Local, TimeZone};
use std::sync::Arc;
use triage_app::{Bench, BenchConfig, ErrorCode, Locale};
use triage_core::rules::{Amendment, AmendmentKind, Answer, Disposition, Flag, Grade, LocalText};
use triage_core::{Category, ReturnOrder, Role, UnitState};
use triage_tests::people::sign_in;

fn config(dir: &std::path::Path) -> BenchConfig {
    config_with_rules(dir, None)
}

fn config_with_rules(dir: &std::path::Path, rules_file: Option<std::path::PathBuf>) -> BenchConfig {
    BenchConfig {
        site: "PAR1".into(),
        bench_number: 7,
        data_dir: dir.to_path_buf(),
        rules_file,
        scan_codes: None,
        central: None,
        printer: None,
    }
}

async fn open(dir: &std::path::Path) -> Bench {
    open_with(config(dir)).await
}

async fn open_with(config: BenchConfig) -> Bench {
    let clock: triage_app::Clock = Arc::new(|| Local.with_ymd_and_hms(2026, 11, 27, 10, 30, 0).unwrap());
    let bench = Bench::open(config, clock, Locale::Fr).await.unwrap();
    // A lead may import, receive, inspect and amend.
    sign_in(&bench, Role::Lead).await;
    bench
}

/// A demo return whose first line is home goods and within its window.
fn home_return(bench_today: chrono::NaiveDate) -> ReturnOrder {
    triage_app::demo_returns(bench_today)
        .unwrap()
        .into_iter()
        .find(|o| o.lines[0].category == Category::Home && o.within_window(bench_today))
        .expect("the demo set has an in-window home return")
}

/// The label holds exactly one barcode: the LPN.
fn assert_label_decodes_to(pdf: &str, lpn: &str) {
    assert_eq!(
        triage_tests::label_barcodes(pdf, "label-from-bench"),
        vec![lpn.to_string()]
    );
}

fn pristine_home() -> Vec<Answer> {
    vec![
        Answer {
            question_id: "complete".into(),
            key: "Y".into(),
        },
        Answer {
            question_id: "condition".into(),
            key: "1".into(),
        },
    ]
}

#[tokio::test]
async fn scan_grade_confirm_and_find_it_again_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path()).await;
    let loaded = bench
        .load_demo_if_empty()
        .await
        .unwrap()
        .expect("first start loads the demo");
    assert!(loaded.imported >= 500);
    assert!(
        bench.load_demo_if_empty().await.unwrap().is_none(),
        "the demo loads once"
    );

    let order = home_return(chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
    let parcel = bench.scan_parcel(&order.tracking_numbers[0]).await.unwrap();
    assert_eq!(parcel.return_view.return_number, order.return_number.as_str());
    assert_eq!(parcel.return_view.lines.len(), order.lines.len());

    let unit = bench
        .start_unit(&parcel.parcel_id, order.lines[0].gtin.as_str())
        .await
        .unwrap();
    assert!(!unit.wrong_item);
    assert_eq!(unit.category, Category::Home);
    assert!(!unit.decision.complete);

    let err = bench
        .confirm_unit(&unit.unit_id, &pristine_home()[..1], &[])
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Incomplete);

    let proposal = bench.propose(&unit.unit_id, &pristine_home(), &[]).await.unwrap();
    assert_eq!((proposal.grade, proposal.disposition), (Grade::A, Disposition::Restock));

    let done = bench.confirm_unit(&unit.unit_id, &pristine_home(), &[]).await.unwrap();
    assert_eq!(done.lpn, "LPN0070000001");
    assert_eq!(done.state, UnitState::Labelled);
    assert_label_decodes_to(&done.label.pdf_path, &done.lpn);
    assert!(done.label.barcode_svg.contains("<svg"));
    // The same label as ZPL for a 203 dpi thermal printer.
    let zpl = String::from_utf8(
        bench
            .render_label(&done.lpn, "restock-4x6", triage_app::LabelFormat::Zpl { dpi: 203 })
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(zpl.starts_with("^XA\n^CI28\n^PW812\n^LL1218\n"), "{zpl}");
    assert!(zpl.contains("^FD>:LPN>50070000001^FS"), "{zpl}");
    let err = bench
        .render_label(&done.lpn, "restock-4x6", triage_app::LabelFormat::Zpl { dpi: 600 })
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Label);

    drop(bench);
    let reopened = open(dir.path()).await;
    let today = reopened.today_work().await.unwrap();
    assert_eq!(today.len(), 1);
    assert_eq!(today[0].lpn, "LPN0070000001");
    assert_eq!(reopened.status().await.unwrap().units_today, 1);
    assert_eq!(reopened.locale(), Locale::Fr);
}

#[tokio::test]
async fn a_gtin_not_on_the_return_is_flagged_wrong_item_and_held_for_review() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path()).await;
    bench.load_demo_if_empty().await.unwrap();
    let order = home_return(chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
    let parcel = bench.scan_parcel(order.return_number.as_str()).await.unwrap();
    // A valid GTIN that is on no demo return line.
    let unit = bench.start_unit(&parcel.parcel_id, "4006381333931").await.unwrap();
    assert!(unit.wrong_item);
    assert_eq!(unit.decision.flags, vec![Flag::WrongItem]);
    let done = bench.confirm_unit(&unit.unit_id, &pristine_home(), &[]).await.unwrap();
    assert_eq!(done.state, UnitState::AwaitingReview);
    assert_eq!(done.decision.destination.en, "Lead review shelf");
}

#[tokio::test]
async fn bad_scans_are_answered_with_a_code_and_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path()).await;
    bench.load_demo_if_empty().await.unwrap();

    let unknown = bench.scan_parcel("HELLO-WORLD").await.unwrap_err();
    assert_eq!(unknown.code, ErrorCode::UnknownCode);
    assert!(unknown.message.contains("return number"), "{}", unknown.message);

    let not_here = bench.scan_parcel("RMA9999999").await.unwrap_err();
    assert_eq!(not_here.code, ErrorCode::NotFound);

    let product = bench.scan_parcel("4006381333931").await.unwrap_err();
    assert_eq!(product.code, ErrorCode::InvalidCode);
    assert!(product.message.contains("not a parcel"), "{}", product.message);

    let order = home_return(chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
    let parcel = bench.scan_parcel(&order.tracking_numbers[0]).await.unwrap();
    let bad_gtin = bench.start_unit(&parcel.parcel_id, "4006381333932").await.unwrap_err();
    assert_eq!(bad_gtin.code, ErrorCode::InvalidCode);
    assert!(bad_gtin.message.contains("check digit"), "{}", bad_gtin.message);
}

#[tokio::test]
async fn a_unit_beyond_the_announced_quantity_is_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path()).await;
    bench.load_demo_if_empty().await.unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let order = triage_app::demo_returns(today)
        .unwrap()
        .into_iter()
        .find(|o| o.lines[0].category == Category::Home && o.lines[0].quantity == 1)
        .expect("a home line of quantity 1");
    let parcel = bench.scan_parcel(order.return_number.as_str()).await.unwrap();
    let first = bench.start_unit(&parcel.parcel_id, &order.lines[0].sku).await.unwrap();
    assert!(first.decision.flags.is_empty());
    bench.confirm_unit(&first.unit_id, &pristine_home(), &[]).await.unwrap();

    let second = bench.start_unit(&parcel.parcel_id, &order.lines[0].sku).await.unwrap();
    assert_eq!(second.decision.flags, vec![Flag::OverQuantity]);
    let done = bench
        .confirm_unit(&second.unit_id, &pristine_home(), &[])
        .await
        .unwrap();
    assert_eq!(done.state, UnitState::AwaitingReview);
}

#[tokio::test]
async fn a_code_that_is_neither_a_gtin_nor_a_sku_of_the_return_starts_no_unit() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path()).await;
    bench.load_demo_if_empty().await.unwrap();
    let order = home_return(chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
    let parcel = bench.scan_parcel(order.return_number.as_str()).await.unwrap();
    let err = bench.start_unit(&parcel.parcel_id, "SN-XK42-0007").await.unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidCode);
    assert!(
        err.message.contains("not the GTIN or SKU of an item on this return"),
        "{}",
        err.message
    );
}

#[tokio::test]
async fn tracking_numbers_are_stored_as_scans_read_them() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path()).await;
    let csv = format!(
        "{}\nRMA0000001,#1,web,Ana,2026-11-20,2026-11-01,30,420750019400111899560880000005,1,SKU-1,036000291452,Mug,home,1,9.50,UNWANTED,,\n",
        triage_core::import::CSV_COLUMNS.join(",")
    );
    bench
        .import(&triage_core::import::parse_csv(&csv).unwrap())
        .await
        .unwrap();
    // The USPS label's barcode with its 420+ZIP routing prefix and a GS separator, and the bare number.
    for scanned in [
        "420750019400111899560880000005",
        "42075001\u{1d}9400111899560880000005",
        "9400111899560880000005",
    ] {
        let parcel = bench.scan_parcel(scanned).await.unwrap();
        assert_eq!(parcel.return_view.return_number, "RMA0000001", "{scanned:?}");
    }
}

#[tokio::test]
async fn a_unit_dropped_before_confirming_is_taken_up_again_not_duplicated() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path()).await;
    bench.load_demo_if_empty().await.unwrap();
    let order = home_return(chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
    let parcel = bench.scan_parcel(order.return_number.as_str()).await.unwrap();
    let first = bench
        .start_unit(&parcel.parcel_id, order.lines[0].gtin.as_str())
        .await
        .unwrap();
    // Escape, then the same item again (by SKU this time): the same unit, no second row.
    let again = bench.start_unit(&parcel.parcel_id, &order.lines[0].sku).await.unwrap();
    assert_eq!(again.unit_id, first.unit_id);
    bench.confirm_unit(&again.unit_id, &pristine_home(), &[]).await.unwrap();
    // Once confirmed, the next scan of the item is a new unit.
    let next = bench
        .start_unit(&parcel.parcel_id, order.lines[0].gtin.as_str())
        .await
        .unwrap();
    assert_ne!(next.unit_id, first.unit_id);
}

/// A demo return whose first line is electronics with expected serials (and `also`).
fn serial_return(also: impl Fn(&triage_core::ReturnLine) -> bool) -> ReturnOrder {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    triage_app::demo_returns(today)
        .unwrap()
        .into_iter()
        .find(|o| {
            let l = &o.lines[0];
            l.category == Category::Electronics && !l.expected_serials.is_empty() && also(l)
        })
        .expect("the demo set has such an electronics line with serials")
}

fn answers(pairs: &[(&str, &str)]) -> Vec<Answer> {
    pairs
        .iter()
        .map(|(q, k)| Answer {
            question_id: q.to_string(),
            key: k.to_string(),
        })
        .collect()
}

#[tokio::test]
async fn a_gs1_unit_barcode_picks_the_line_and_gives_the_serial() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path()).await;
    bench.load_demo_if_empty().await.unwrap();
    let order = serial_return(|_| true);
    let line = &order.lines[0];
    let serial = &line.expected_serials[0];
    let parcel = bench.scan_parcel(&order.tracking_numbers[0]).await.unwrap();
    // What a scanner sends for a GS1 DataMatrix of (01) GTIN, (21) serial, (10) lot.
    let scanned = format!("]d201{}21{serial}\u{1d}10LOT7", line.gtin.as_gtin14());
    let unit = bench.start_unit(&parcel.parcel_id, &scanned).await.unwrap();
    assert_eq!(unit.line.as_ref().map(|l| l.line_no), Some(line.line_no));
    assert!(!unit.wrong_item);
    assert_eq!(unit.scanned_serial.as_deref(), Some(serial.as_str()));
    // Scanned again on the serial question, the barcode answers with its (21).
    let decision = bench
        .propose(&unit.unit_id, &answers(&[("sealed", "Y"), ("serial", &scanned)]), &[])
        .await
        .unwrap();
    assert!(
        decision.complete && !decision.flags.contains(&Flag::SerialMismatch),
        "{decision:?}"
    );
    // A GS1 barcode with a bad check digit is refused with the AI and position.
    let bad = format!("]d201{}21{serial}", wrong_last_digit(&line.gtin.as_gtin14()));
    let e = bench.start_unit(&parcel.parcel_id, &bad).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidCode);
    assert!(e.message.starts_with("AI (01) "), "{}", e.message);
    assert!(e.message.contains("(position 16); scan it again"), "{}", e.message);
}

/// The number with its last (check) digit one more, modulo 10.
fn wrong_last_digit(number: &str) -> String {
    let (head, last) = number.split_at(number.len() - 1);
    format!("{head}{}", (last.as_bytes()[0] - b'0' + 1) % 10)
}

#[tokio::test]
async fn a_phone_whose_imei_is_misread_is_asked_to_scan_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path()).await;
    bench.load_demo_if_empty().await.unwrap();
    let order = serial_return(|l| l.expected_serials.iter().all(|s| s.len() == 15));
    let line = &order.lines[0];
    let imei = &line.expected_serials[0];
    let parcel = bench.scan_parcel(&order.tracking_numbers[0]).await.unwrap();
    let unit = bench.start_unit(&parcel.parcel_id, line.gtin.as_str()).await.unwrap();
    let misread = wrong_last_digit(imei);
    let e = bench
        .propose(&unit.unit_id, &answers(&[("sealed", "Y"), ("serial", &misread)]), &[])
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidCode);
    assert!(
        e.message.starts_with(&format!("IMEI {misread} has check digit")),
        "{}",
        e.message
    );
    assert!(
        e.message.ends_with("scan the serial again, or type it from the unit"),
        "{}",
        e.message
    );
    // Not an IMEI at all: also refused, nothing stored.
    let e = bench
        .confirm_unit(&unit.unit_id, &answers(&[("sealed", "Y"), ("serial", "SN-1")]), &[])
        .await
        .unwrap_err();
    assert_eq!(
        e.message,
        "an IMEI is 15 digits; SN-1 is not one: scan the serial again, or type it from the unit"
    );
    // The right IMEI, with spaces as some labels print it, is taken.
    let spaced = format!("{} {} {}", &imei[..6], &imei[6..12], &imei[12..]);
    let d = bench
        .propose(&unit.unit_id, &answers(&[("sealed", "Y"), ("serial", &spaced)]), &[])
        .await
        .unwrap();
    assert!(d.complete && !d.flags.contains(&Flag::SerialMismatch), "{d:?}");
}

#[tokio::test]
async fn an_electronics_unit_whose_serial_does_not_match_is_flagged_and_held() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path()).await;
    bench.load_demo_if_empty().await.unwrap();
    let order = serial_return(|_| true);
    let line = &order.lines[0];
    let parcel = bench.scan_parcel(&order.tracking_numbers[0]).await.unwrap();
    let unit = bench.start_unit(&parcel.parcel_id, line.gtin.as_str()).await.unwrap();
    assert_eq!(unit.category, Category::Electronics);
    assert_eq!(unit.decision.asked, ["sealed", "serial"]);

    // The expected serial passes; another one is flagged and held for the lead.
    let right = bench
        .propose(
            &unit.unit_id,
            &answers(&[("sealed", "Y"), ("serial", &line.expected_serials[0])]),
            &[],
        )
        .await
        .unwrap();
    assert!(!right.flags.contains(&Flag::SerialMismatch));
    let wrong = answers(&[("sealed", "Y"), ("serial", "SN-NOT-THIS-ONE")]);
    let done = bench.confirm_unit(&unit.unit_id, &wrong, &[]).await.unwrap();
    assert!(
        done.decision.flags.contains(&Flag::SerialMismatch),
        "{:?}",
        done.decision.flags
    );
    assert_eq!(done.state, UnitState::AwaitingReview);
    assert_eq!(done.decision.destination.fr, "Étagère de revue du chef d’équipe");
    assert!(done.label.flags.contains(&Flag::SerialMismatch));

    // The decision is stored with the fingerprint of the rules in force, whose text is kept.
    let (_, stored, _) = bench.store().inspection_by_lpn(&done.lpn).await.unwrap().unwrap();
    assert_eq!(stored.rules_hash, bench.rules().hash);
    let kept = bench.store().rule_set(&stored.rules_hash).await.unwrap().unwrap();
    assert_eq!(kept.text, triage_app::DEFAULT_RULES);
}

#[tokio::test]
async fn a_refused_rule_file_leaves_the_rules_in_force_and_a_good_one_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        triage_app::DEFAULT_RULES.replacen("grade = \"F\"\nlabel", "grade = \"E\"\nlabel", 1),
    )
    .unwrap();
    let bench = open_with(config_with_rules(dir.path(), Some(bad.clone()))).await;
    let status = bench.status().await.unwrap();
    assert_eq!(
        (status.rules.version.as_str(), status.rules.source.as_str()),
        ("2026.11-4", "built-in")
    );
    let refused = status.rules.refused.expect("the refusal is shown");
    assert!(refused.contains("bad.toml:"), "{refused}");
    assert!(refused.contains("unknown variant `E`"), "{refused}");

    let good = dir.path().join("site.toml");
    std::fs::write(
        &good,
        triage_app::DEFAULT_RULES.replacen("version = \"2026.11-4\"", "version = \"site-3\"", 1),
    )
    .unwrap();
    // Rule sets are the admin's.
    assert_eq!(bench.load_rules(&good).await.unwrap_err().code, ErrorCode::Forbidden);
    sign_in(&bench, Role::Admin).await;
    let view = bench.load_rules(&good).await.unwrap();
    assert_eq!((view.version.as_str(), view.refused), ("site-3", None));
    let err = bench.load_rules(&bad).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Rules);
    assert_eq!(bench.rules().version, "site-3");
    drop(bench);

    // After a restart (no file named) the site's set is still in force.
    let bench = open(dir.path()).await;
    assert_eq!(bench.rules().version, "site-3");
    assert_eq!(bench.rules_view().source, good.display().to_string());
}

fn amendment(kind: AmendmentKind, reason: &str) -> Amendment {
    Amendment {
        kind,
        grade: None,
        disposition: None,
        route: None,
        destination: None,
        refund: None,
        reason: reason.into(),
    }
}

#[tokio::test]
async fn a_lead_overrides_a_held_unit_and_later_moves_it_with_every_step_kept() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path()).await;
    bench.load_demo_if_empty().await.unwrap();
    let order = serial_return(|_| true);
    let parcel = bench.scan_parcel(&order.tracking_numbers[0]).await.unwrap();
    let unit = bench
        .start_unit(&parcel.parcel_id, order.lines[0].gtin.as_str())
        .await
        .unwrap();
    let held = bench
        .confirm_unit(&unit.unit_id, &answers(&[("sealed", "Y"), ("serial", "SN-OTHER")]), &[])
        .await
        .unwrap();
    assert_eq!(held.state, UnitState::AwaitingReview);

    // A held unit is overridden by a lead, not re-dispositioned; a change needs who and why.
    let mut move_it = amendment(AmendmentKind::Redisposition, "overstock in zone A");
    move_it.disposition = Some(Disposition::Liquidate);
    move_it.destination = Some(LocalText {
        en: "Container K-12".into(),
        fr: "Conteneur K-12".into(),
    });
    let err = bench.amend_unit(&held.lpn, &move_it).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongState);
    let mut regrade = amendment(
        AmendmentKind::Override,
        "serial on the order was mistyped, the box matches",
    );
    regrade.grade = Some(Grade::B);
    // An inspector may not override; the lead logs in again.
    sign_in(&bench, Role::Inspector).await;
    let err = bench.amend_unit(&held.lpn, &regrade).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
    sign_in(&bench, Role::Lead).await;

    let done = bench.amend_unit(&held.lpn, &regrade).await.unwrap();
    assert_eq!(done.state, UnitState::Labelled);
    assert_eq!((done.decision.grade, done.decision.held), (Grade::B, false));
    assert_eq!(done.decision.disposition, Disposition::Refurbish);
    assert_eq!(done.decision.destination.fr, "File de reconditionnement");
    // The label is printed again for the same LPN, and no longer says HOLD.
    let pdf = done.reprinted_pdf.expect("the label changed, so it is printed again");
    assert!(pdf.ends_with(&format!("{}-1.pdf", held.lpn)), "{pdf}");
    assert!(
        std::path::Path::new(&held.label.pdf_path).exists(),
        "the HOLD label printed first stays"
    );
    // Going to refurbish now: the ticket carries the GS1-128 of GTIN and serial, and the LPN.
    let gs1 = format!("01{:0>14}21SN-OTHER", order.lines[0].gtin.as_str());
    assert_eq!(
        triage_tests::label_barcodes(&pdf, "label-from-bench"),
        vec![gs1, held.lpn.clone()]
    );
    let text = std::process::Command::new("pdftotext")
        .args([&pdf, "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(!text.contains("HOLD") && text.contains("REFURBISH"), "{text}");

    // Later the unit moves on: an audited from → to event.
    let moved = bench.amend_unit(&held.lpn, &move_it).await.unwrap();
    assert_eq!(
        (moved.state, moved.decision.disposition),
        (UnitState::Labelled, Disposition::Liquidate)
    );

    let history = bench.unit_history(&held.lpn).await.unwrap();
    assert!(history.original.held, "the inspector's decision is kept as it was");
    assert_eq!(history.original.grade, Grade::A);
    let steps: Vec<(AmendmentKind, &str, &str, Grade, Grade, &str)> = history
        .amendments
        .iter()
        .map(|a| {
            (
                a.kind,
                a.from_disposition.as_str(),
                a.to_disposition.as_str(),
                a.from_grade,
                a.to_grade,
                a.by.as_str(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            (
                AmendmentKind::Override,
                "restock",
                "refurbish",
                Grade::A,
                Grade::B,
                "EMP2001"
            ),
            (
                AmendmentKind::Redisposition,
                "refurbish",
                "liquidate",
                Grade::B,
                Grade::B,
                "EMP2001"
            ),
        ]
    );
    assert_eq!(history.amendments[1].to_destination, "Container K-12");
    assert_eq!(history.in_force.disposition, Disposition::Liquidate);

    // Today's list shows what is in force; the same change twice is refused.
    let today_work = bench.today_work().await.unwrap();
    let row = today_work.iter().find(|r| r.lpn == held.lpn).unwrap();
    assert_eq!((row.grade, row.disposition), (Grade::B, Disposition::Liquidate));
    let err = bench.amend_unit(&held.lpn, &move_it).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.starts_with("nothing changes"), "{}", err.message);

    // Sent to disposal at last: its new label is the disposal tag, with the stream.
    let mut scrap = amendment(AmendmentKind::Redisposition, "water damage found in the container");
    scrap.disposition = Some(Disposition::Dispose);
    scrap.destination = Some(LocalText {
        en: "E-waste stream, cage W3".into(),
        fr: "Filière DEEE, cage W3".into(),
    });
    let scrapped = bench.amend_unit(&held.lpn, &scrap).await.unwrap();
    let pdf = scrapped.reprinted_pdf.expect("a new disposition prints a new label");
    assert_eq!(
        triage_tests::label_barcodes(&pdf, "label-from-bench"),
        vec![held.lpn.clone()]
    );
    let text = std::process::Command::new("pdftotext")
        .args([&pdf, "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    // The bench speaks French here: the stream is printed in French.
    for words in ["DO NOT SELL", "DISPOSE", "DISPOSAL STREAM", "Filière DEEE, cage W3"] {
        assert!(text.contains(words), "{words:?} not on the tag: {text}");
    }
}

#[tokio::test]
async fn command_barcodes_of_the_bench_sheet_are_read_as_commands() {
    use triage_app::dto::BenchCommand;
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path()).await;
    let answer = |k: &str| Some(BenchCommand::Answer { key: k.into() });
    assert_eq!(bench.scan_command("CMD:Y"), answer("Y"));
    assert_eq!(bench.scan_command("]C0cmd:n"), answer("N"));
    assert_eq!(bench.scan_command("CMD:3"), answer("3"));
    assert_eq!(bench.scan_command("CMD:confirm"), Some(BenchCommand::Confirm));
    assert_eq!(bench.scan_command("CMD:UNDO"), Some(BenchCommand::Undo));
    assert_eq!(bench.scan_command("CMD:DROP"), Some(BenchCommand::Drop));
    assert_eq!(
        bench.scan_command("CMD:EMPTY"),
        Some(BenchCommand::Raise { flag: Flag::EmptyBox })
    );
    assert_eq!(
        bench.scan_command("CMD:LEAD"),
        Some(BenchCommand::Raise {
            flag: Flag::OverrideRequested
        })
    );
    assert_eq!(
        bench.scan_command("CMD:Q:tags_attached"),
        Some(BenchCommand::Select {
            question: "tags_attached".into()
        })
    );
    assert_eq!(
        bench.scan_command("CMD:GRADE A"),
        Some(BenchCommand::Unknown { name: "GRADE A".into() })
    );
    assert_eq!(bench.scan_command("4006381333931"), None);
    assert_eq!(bench.scan_command("SN-CMD:Y"), None);
}

#[tokio::test]
async fn an_empty_box_is_confirmed_without_questions_and_held_and_only_some_flags_are_raised_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path()).await;
    bench.load_demo_if_empty().await.unwrap();
    let order = home_return(chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
    let parcel = bench.scan_parcel(&order.tracking_numbers[0]).await.unwrap();
    let unit = bench
        .start_unit(&parcel.parcel_id, order.lines[0].gtin.as_str())
        .await
        .unwrap();
    let err = bench.propose(&unit.unit_id, &[], &[Flag::HighValue]).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        err.message
            .starts_with("high_value is raised by the rules, not by hand"),
        "{}",
        err.message
    );
    let done = bench.confirm_unit(&unit.unit_id, &[], &[Flag::EmptyBox]).await.unwrap();
    assert_eq!(done.state, UnitState::AwaitingReview);
    assert_eq!(
        (done.decision.grade, done.decision.flags.clone()),
        (Grade::F, vec![Flag::EmptyBox])
    );
    assert!(done.label.flags.contains(&Flag::EmptyBox));
}

#[tokio::test]
async fn a_stored_site_set_that_no_longer_loads_is_reported_at_every_start_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path()).await;
    // What an older bench accepted and put in force, that this one refuses.
    let stale = triage_store::StoredRuleSet {
        hash: "0".repeat(64),
        version: "site-old".into(),
        source: "/etc/triage/site.toml".into(),
        text: "version = \"site-old\"\n".into(),
    };
    bench
        .store()
        .put_rules_in_force(&stale, "EMP9001", chrono::Utc::now())
        .await
        .unwrap();
    drop(bench);
    for _ in 0..2 {
        let bench = open(dir.path()).await;
        let view = bench.rules_view();
        assert_eq!((view.version.as_str(), view.source.as_str()), ("2026.11-4", "built-in"));
        let why = view
            .refused
            .expect("every start says why the site's rules are not in force");
        assert!(why.contains("/etc/triage/site.toml"), "{why}");
        assert_eq!(
            bench.store().rules_in_force().await.unwrap().unwrap().source,
            "/etc/triage/site.toml"
        );
        // The built-in text is kept, so decisions made meanwhile can be explained.
        assert!(bench.store().rule_set(&bench.rules().hash).await.unwrap().is_some());
    }
}

#[tokio::test]
async fn a_unit_going_to_refurbish_gets_a_ticket_with_a_gs1_128_of_its_gtin_and_serial() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path()).await;
    bench.load_demo_if_empty().await.unwrap();
    let order = serial_return(|l| l.unit_price_cents < 50_000);
    let line = &order.lines[0];
    let parcel = bench.scan_parcel(&order.tracking_numbers[0]).await.unwrap();
    let unit = bench.start_unit(&parcel.parcel_id, line.gtin.as_str()).await.unwrap();
    let serial = line.expected_serials[0].clone();
    let done = bench
        .confirm_unit(
            &unit.unit_id,
            &answers(&[
                ("sealed", "N"),
                ("powers_on", "Y"),
                ("screen_ok", "Y"),
                ("data_wiped", "Y"),
                ("accessories", "Y"),
                ("cosmetic", "1"),
                ("serial", &serial),
            ]),
            &[],
        )
        .await
        .unwrap();
    assert_eq!(
        (done.decision.disposition, done.decision.held),
        (Disposition::Refurbish, false)
    );
    // Both barcodes read back from the stored PDF at thermal resolution.
    let gs1 = format!("01{:0>14}21{serial}", line.gtin.as_str());
    assert_eq!(
        triage_tests::label_barcodes(&done.label.pdf_path, "label-from-bench"),
        vec![gs1, done.lpn.clone()]
    );
}

#[tokio::test]
async fn every_barcode_on_the_printed_command_sheet_is_a_command_the_bench_runs() {
    use triage_app::dto::BenchCommand;
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path()).await;
    let pdf = bench.command_sheet(triage_labels::Paper::A4).unwrap();
    let file = dir.path().join("sheet.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let codes = triage_tests::label_barcodes(file.to_str().unwrap(), "command-sheet");
    let mut want: Vec<String> = [
        "Y", "N", "1", "2", "3", "4", "5", "6", "7", "8", "9", "UNDO", "CONFIRM", "DROP", "EMPTY", "LEAD",
    ]
    .iter()
    .map(|c| format!("CMD:{c}"))
    .collect();
    want.sort();
    assert_eq!(codes, want, "zbarimg reads every command on the sheet, once");
    for code in &codes {
        let command = bench.scan_command(code);
        assert!(
            command.is_some() && !matches!(command, Some(BenchCommand::Unknown { .. })),
            "{code} → {command:?}"
        );
    }
    // The bench speaks French here: so does the sheet.
    let text = std::process::Command::new("pdftotext")
        .args([file.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Triage — commandes du poste") && text.contains("Boîte vide"),
        "{text}"
    );
}
