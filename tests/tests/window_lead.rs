//! The lead in the real Triage window under Xvfb (tauri-driver + WebKitWebDriver):
//! an inspector's flagged unit waits in the review queue, the lead overrides it
//! with a reason, and the dashboard's counts change; a unit is sent back for
//! re-inspection, another re-graded blind (calibration); a parcel no return
//! matches is set aside (F6) and matched to a return from the queue.
//!
//! The inspector's part runs through triage-app on the same SQLite file before
//! the window opens (window.rs grades and flags a unit in the window itself).
//! The page is read through scripts with a timeout, so that a blocked
//! WebKitWebDriver fails the test in seconds instead of minutes.

mod harness;

use fantoccini::{Client, Locator};
use harness::Session;
use std::time::Duration;
use triage_core::rules::Flag;
use triage_core::Role;

async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
}

/// The text of the element with this test id, read by a script (None: not there).
async fn text_of(client: &Client, testid: &str) -> Option<String> {
    let script = format!("const e = document.querySelector('[data-testid={testid}]'); return e ? e.innerText : null;");
    js(client, &script).await.as_str().map(str::to_string)
}

/// Waits until the element's text contains `text`.
async fn wait_text(client: &Client, testid: &str, text: &str) {
    let mut last = None;
    for _ in 0..150 {
        last = text_of(client, testid).await;
        if last.as_deref().is_some_and(|t| t.contains(text)) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{testid} never said {text:?} (it says {last:?})");
}

/// A key dispatched from the page after the WebDriver command has returned:
/// WebKitWebDriver blocks when a command's own key closes or opens a screen.
async fn press(client: &Client, key: &str) {
    let sent = client.execute(
        "const k = arguments[0]; \
         setTimeout(() => (document.activeElement || document.body) \
           .dispatchEvent(new KeyboardEvent('keydown', {key: k, bubbles: true, cancelable: true})), 0);",
        vec![serde_json::Value::String(key.into())],
    );
    tokio::time::timeout(Duration::from_secs(20), sent)
        .await
        .unwrap_or_else(|_| panic!("WebDriver blocked for 20 s sending {key}"))
        .unwrap();
}

/// A script's result, failing after 20 s rather than waiting on WebKitWebDriver.
async fn js(client: &Client, script: &str) -> serde_json::Value {
    tokio::time::timeout(Duration::from_secs(20), client.execute(script, vec![]))
        .await
        .unwrap_or_else(|_| panic!("WebDriver blocked for 20 s running {script}"))
        .unwrap()
}

/// Bench 1 on the window's data folder, through triage-app (the window is not open yet).
async fn bench_1(data: &std::path::Path) -> triage_app::Bench {
    triage_app::Bench::open(
        triage_tests::bench_config(data, 1),
        std::sync::Arc::new(chrono::Local::now),
        triage_app::Locale::En,
    )
    .await
    .unwrap()
}

/// The inspector grades one electronics unit with a serial that is not the
/// expected one, on bench 1's database: its LPN (held for a lead).
async fn flagged_by_the_inspector(data: &std::path::Path) -> String {
    let bench = bench_1(data).await;
    bench.load_demo_if_empty().await.unwrap();
    triage_tests::people::sign_in(&bench, Role::Inspector).await;
    let today = chrono::Local::now().date_naive();
    let phone = triage_tests::phone_return(today);
    let parcel = bench.scan_parcel(&phone.tracking_numbers[0]).await.unwrap();
    let unit = bench
        .start_unit(&parcel.parcel_id, phone.lines[0].gtin.as_str())
        .await
        .unwrap();
    let answers: Vec<triage_core::Answer> = [
        ("sealed", "N"),
        ("powers_on", "Y"),
        ("screen_ok", "Y"),
        ("data_wiped", "Y"),
        ("accessories", "Y"),
        ("cosmetic", "1"),
        ("serial", "SN-NOT-THE-ONE"),
    ]
    .into_iter()
    .map(|(q, k)| triage_core::Answer {
        question_id: q.into(),
        key: k.into(),
    })
    .collect();
    let done = bench.confirm_unit(&unit.unit_id, &answers, &[]).await.unwrap();
    assert!(
        done.decision.flags.contains(&Flag::SerialMismatch),
        "{:?}",
        done.decision.flags
    );
    assert_eq!(done.state, triage_core::UnitState::AwaitingReview);
    bench.store().close().await;
    done.lpn
}

/// Then, with every unit graded offered for a blind re-grade (an admin sets 100 %),
/// the inspector grades two home-goods units: one asking the lead about it (held,
/// so not offered), one plain (offered). Their LPNs: (asked, offered).
async fn home_units_by_the_inspector(data: &std::path::Path) -> (String, String) {
    let bench = bench_1(data).await;
    triage_tests::people::sign_in(&bench, Role::Admin).await;
    bench.set_calibration_share(100.0).await.unwrap();
    triage_tests::people::sign_in(&bench, Role::Inspector).await;
    let today = chrono::Local::now().date_naive();
    let homes: Vec<triage_core::ReturnOrder> = triage_app::demo_returns(today)
        .unwrap()
        .into_iter()
        .filter(|o| {
            o.lines[0].category == triage_core::Category::Home && o.lines[0].quantity == 1 && o.within_window(today)
        })
        .take(2)
        .collect();
    let mut lpns = Vec::new();
    for (home, raised) in homes.iter().zip([vec![Flag::OverrideRequested], vec![]]) {
        let parcel = bench.scan_parcel(&home.tracking_numbers[0]).await.unwrap();
        let unit = bench
            .start_unit(&parcel.parcel_id, home.lines[0].gtin.as_str())
            .await
            .unwrap();
        let done = bench
            .confirm_unit(&unit.unit_id, &triage_tests::central::pristine_home(), &raised)
            .await
            .unwrap();
        lpns.push(done.lpn);
    }
    bench.store().close().await;
    (lpns[0].clone(), lpns[1].clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lead_overrides_a_flagged_unit_and_the_dashboard_moves() {
    let data = tempfile::tempdir().unwrap();
    let held = flagged_by_the_inspector(data.path()).await;
    let (asked, offered) = home_units_by_the_inspector(data.path()).await;
    let session = Session::start(data.path()).await;
    let client = &session.client;

    let (badge, _, _, pin) = triage_app::DEMO_USERS[1];
    wait_for(client, "[data-testid=login-badge]")
        .await
        .send_keys(&format!("{badge}\u{E007}"))
        .await
        .unwrap();
    wait_for(client, "[data-testid=login-pin]")
        .await
        .send_keys(&format!("{pin}\u{E007}"))
        .await
        .unwrap();
    wait_text(client, "status-user", "Karim Diallo").await;

    // The dashboard (F10): three units graded this shift, two flagged and waiting for a lead.
    press(client, "F10").await;
    wait_text(client, "tile-graded", "3").await;
    wait_text(client, "tile-waiting", "0 to grade · 2 for a lead").await;
    wait_text(client, "tile-flagged", "66.7 %").await;
    wait_text(client, "tile-calibration", "0 re-graded · 100.0 % offered").await;
    let panels = client.find_all(Locator::Css("[data-testid^=chart-]")).await.unwrap();
    assert_eq!(panels.len(), 14, "every chart has its panel");
    // The charts are drawn: Chart.js sized every canvas (reading the pixels back
    // through WebKitWebDriver blocks it; the screenshot shows the bars).
    session.screenshot("dashboard").await;
    let sized = js(
        client,
        "return [...document.querySelectorAll('[data-testid^=chart-] canvas')] \
           .filter((c) => c.width > 100 && c.style.display === 'block').length;",
    )
    .await;
    // Eleven charts; the three calibration charts have nothing yet (nothing re-graded).
    assert_eq!(sized.as_u64(), Some(11), "canvases Chart.js drew on");
    wait_text(client, "chart-calibration_by_inspector", "Nothing in this period").await;
    press(client, "Escape").await;

    // The review queue (F8): the inspector's units, oldest first, with their flags.
    press(client, "F8").await;
    wait_text(client, "review-row", &held).await;
    let text = text_of(client, "review-row").await.unwrap();
    assert!(
        text.contains("serial number does not match") && text.contains("EMP1001"),
        "{text}"
    );
    session.screenshot("review-queue").await;

    // Open it, pick grade C, give the reason, Enter.
    press(client, "Enter").await;
    wait_text(client, "review-answers", "serial").await;
    js(
        client,
        "const s = document.querySelector('[data-testid=review-grade]'); s.value = 'C'; \
         s.dispatchEvent(new Event('change', {bubbles: true}));",
    )
    .await;
    js(
        client,
        "const r = document.querySelector('[data-testid=review-reason]'); \
         r.value = 'scratched case, serial label swapped by the shop'; \
         r.dispatchEvent(new Event('input', {bubbles: true}));",
    )
    .await;
    session.screenshot("review-override").await;
    press(client, "Enter").await;
    wait_text(client, "review-row", &asked).await;
    press(client, "Escape").await;

    // The dashboard has moved: one waits for a lead, the overridden unit's dwell counts.
    press(client, "F10").await;
    wait_text(client, "tile-waiting", "0 to grade · 1 for a lead").await;
    wait_text(client, "tile-graded", "3").await;
    let dwell = text_of(client, "tile-dwell").await.unwrap();
    assert!(dwell.contains("min") && !dwell.contains('—'), "{dwell}");
    session.screenshot("dashboard-after").await;
    press(client, "Escape").await;

    // The other unit is sent back (F6, with the reason); its HOLD label, scanned,
    // takes it up again with the lead's reason on screen.
    press(client, "F8").await;
    wait_text(client, "review-row", &asked).await;
    press(client, "Enter").await;
    wait_for(client, "[data-testid=review-send-to]").await;
    js(
        client,
        "const r = document.querySelector('[data-testid=review-reason]'); \
         r.value = 'the handle may be loose: check it again'; \
         r.dispatchEvent(new Event('input', {bubbles: true}));",
    )
    .await;
    press(client, "F6").await;
    // Left: the plain unit, offered for a blind re-grade. The lead grades it B
    // without seeing the inspector's A, and is told after.
    wait_text(client, "review-row", &offered).await;
    wait_text(client, "review-row", "blind re-grade").await;
    let row = text_of(client, "review-row").await.unwrap();
    assert!(!row.contains("Restock"), "blind: no decision in the row: {row}");
    press(client, "Enter").await;
    wait_text(client, "review-detail", "Grade the unit yourself").await;
    press(client, "b").await;
    session.screenshot("calibration").await;
    press(client, "Enter").await;
    wait_text(
        client,
        "review-said",
        &format!("{offered}: you graded B, the inspector A: disagree."),
    )
    .await;
    wait_text(client, "review-empty", "").await;
    press(client, "F10").await;
    wait_text(client, "tile-calibration", "1 re-graded").await;
    wait_text(client, "tile-calibration", "0.0 %").await;
    wait_text(client, "calibration-drift", "Inès Moreau").await;
    press(client, "Escape").await;
    let scan = wait_for(client, "[data-testid=scan-input]").await;
    scan.send_keys(&format!("{asked}\u{E007}")).await.unwrap();
    wait_text(client, "reinspection", "the handle may be loose").await;
    wait_text(client, "reinspection", &format!("old label {asked} is void")).await;
    wait_for(client, "[data-testid=question]").await;
    session.screenshot("reinspection").await;
    press(client, "Escape").await;
    wait_for(client, "[data-testid=unit-input]").await;
    press(client, "Escape").await;

    // A parcel no return matches: F6 sets it aside with a note, its exception label
    // prints (the bench's folder printer); the queue has it; the lead matches it.
    const STRAY: &str = "1Z999AA10123456784";
    let scan = wait_for(client, "[data-testid=scan-input]").await;
    scan.send_keys(&format!("{STRAY}\u{E007}")).await.unwrap();
    wait_text(client, "set-aside-offer", "F6").await;
    let error = wait_for(client, "[data-testid=scan-error]").await;
    assert_eq!(error.attr("data-code").await.unwrap().as_deref(), Some("not_found"));
    press(client, "F6").await;
    // Typed through the page: keys sent as fast as WebDriver sends them read as a scanner burst.
    wait_for(client, "[data-testid=set-aside-note]").await;
    js(
        client,
        "const n = document.querySelector('[data-testid=set-aside-note]'); \
         n.value = 'No slip inside; two shoes, size 42'; n.dispatchEvent(new Event('input', {bubbles: true}));",
    )
    .await;
    press(client, "Enter").await;
    wait_text(client, "set-aside-done", "is set aside: put it on the unmatched shelf").await;
    wait_text(client, "set-aside-label", "Exception label printed").await;
    session.screenshot("set-aside").await;
    let label = data.path().join("printer").join(format!("{STRAY}.pdf"));
    assert_eq!(
        triage_tests::label_barcodes(label.to_str().unwrap(), "exception-label-window"),
        vec![STRAY.to_string()],
        "the exception label in the printer's folder reads as the parcel's code"
    );
    press(client, "F8").await;
    wait_text(client, "review-row", STRAY).await;
    wait_text(client, "review-row", "unmatched parcel").await;
    press(client, "Enter").await;
    wait_text(client, "review-detail", "set aside by EMP2001").await;
    let target = triage_tests::phone_return(chrono::Local::now().date_naive());
    js(
        client,
        &format!(
            "const r = document.querySelector('[data-testid=review-reason]'); \
             r.value = '{}'; r.dispatchEvent(new Event('input', {{bubbles: true}}));",
            target.return_number.as_str()
        ),
    )
    .await;
    session.screenshot("review-match").await;
    press(client, "Enter").await;
    wait_text(client, "review-empty", "").await;
    press(client, "Escape").await;
    // Scanned again, the parcel opens the return the lead matched it to.
    let scan = wait_for(client, "[data-testid=scan-input]").await;
    scan.send_keys(&format!("{STRAY}\u{E007}")).await.unwrap();
    wait_text(client, "return-number", target.return_number.as_str()).await;
    session.stop().await;

    // In the file: the override by the lead, with the reason; the audit names him.
    let store = triage_store::Store::open(&data.path().join("triage.sqlite"))
        .await
        .unwrap();
    let (unit, decision, _) = store.inspection_by_lpn(&held).await.unwrap().unwrap();
    assert_eq!(unit.state, triage_core::UnitState::Labelled);
    assert!(decision.flags.contains(&Flag::SerialMismatch));
    let amendments = store.amendments(&unit.id).await.unwrap();
    assert_eq!(amendments.len(), 1);
    assert_eq!(
        (
            amendments[0].by.as_str(),
            amendments[0].after.grade,
            amendments[0].reason.as_str()
        ),
        (
            "EMP2001",
            triage_core::Grade::C,
            "scratched case, serial label swapped by the shop"
        )
    );
}
