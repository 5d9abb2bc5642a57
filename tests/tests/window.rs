//! The real Triage window under Xvfb, driven through tauri-driver and
//! WebKitWebDriver: scan a demo parcel, answer the checklist by keys, confirm,
//! read the LPN back from the screen, then find the row in the SQLite file.
//!
//! Needs what `cargo xtask test` installs and builds: Xvfb, WebKitWebDriver,
//! tauri-driver and the app binary (TRIAGE_DESKTOP_BIN or target/debug/triage-desktop).

mod harness;

use fantoccini::{Client, Locator};
use harness::Session;
use std::time::Duration;
use triage_core::Category;

async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
}

/// Waits until the element's text contains `want` (the screen updates after a command).
async fn wait_text(client: &Client, css: &str, want: &str) {
    let mut seen = String::new();
    for _ in 0..150 {
        if let Ok(e) = client.find(Locator::Css(css)).await {
            seen = e.text().await.unwrap_or_default();
            if seen.contains(want) {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css} never said {want:?}; it says {seen:?}");
}

async fn type_into_focused(client: &Client, text: &str) {
    client.active_element().await.unwrap().send_keys(text).await.unwrap();
}

/// Badge then PIN on the login screen, as a person types them; waits until it is gone.
async fn log_in(client: &Client, badge: &str, pin: &str) {
    let field = wait_for(client, "[data-testid=login-badge]").await;
    field.send_keys(&format!("{badge}\u{E007}")).await.unwrap();
    let field = wait_for(client, "[data-testid=login-pin]").await;
    field.send_keys(&format!("{pin}\u{E007}")).await.unwrap();
    client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::XPath("//body[not(.//*[@data-testid='login'])]"))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inspector_scans_grades_and_confirms_in_the_real_window() {
    let today = chrono::Local::now().date_naive();
    let order = triage_app::demo_returns(today)
        .unwrap()
        .into_iter()
        .find(|o| o.lines[0].category == Category::Apparel && o.within_window(today) && o.lines.len() > 1)
        .expect("an in-window apparel return with several lines in the demo set");

    let data = tempfile::tempdir().unwrap();
    let session = Session::start(data.path()).await;
    let client = &session.client;

    // Nobody may work before logging in: the inspector scans a badge and types a PIN.
    wait_for(client, "[data-testid=login-badge]").await;
    session.screenshot("login").await;
    let (badge, _, _, pin) = triage_app::DEMO_USERS[0];
    log_in(client, badge, pin).await;
    let who = wait_for(client, "[data-testid=status-user]")
        .await
        .text()
        .await
        .unwrap();
    assert!(who.contains("Inès Moreau"), "{who}");

    // An unknown code: a red panel, not a crash.
    let scan = wait_for(client, "[data-testid=scan-input]").await;
    session.screenshot("scan").await;
    scan.send_keys("HELLO-42\u{E007}").await.unwrap();
    let error = wait_for(client, "[data-testid=scan-error]").await;
    assert_eq!(error.attr("data-code").await.unwrap().as_deref(), Some("unknown_code"));
    session.screenshot("scan-unknown").await;

    // The parcel's tracking number, typed then Enter.
    let scan = wait_for(client, "[data-testid=scan-input]").await;
    scan.clear().await.unwrap();
    scan.send_keys(&format!("{}\u{E007}", order.tracking_numbers[0]))
        .await
        .unwrap();
    let rn = wait_for(client, "[data-testid=return-number]").await;
    assert_eq!(rn.text().await.unwrap().trim(), order.return_number.as_str());
    session.screenshot("inspect-return").await;

    // The unit: its GTIN into the unit field.
    let unit = wait_for(client, "[data-testid=unit-input]").await;
    unit.send_keys(&format!("{}\u{E007}", order.lines[0].gtin))
        .await
        .unwrap();

    // The whole GTIN arrived, and it is on the return: no wrong-item flag.
    wait_for(client, "[data-testid=question]").await;
    assert!(
        client.find(Locator::Css("[data-testid=wrong-item]")).await.is_err(),
        "the GTIN of line 1 was taken for a wrong item"
    );

    // Answer every question with its first option's key until the checklist is complete.
    for _ in 0..20 {
        if client.find(Locator::Css("[data-testid=confirm-ready]")).await.is_ok() {
            break;
        }
        wait_for(client, "[data-testid=question]").await;
        let option = wait_for(client, "[data-testid^=option-]").await;
        let key = option
            .attr("data-testid")
            .await
            .unwrap()
            .unwrap()
            .trim_start_matches("option-")
            .to_string();
        type_into_focused(client, &key.to_lowercase()).await;
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    wait_for(client, "[data-testid=confirm-ready]").await;
    session.screenshot("inspect-proposal").await;
    type_into_focused(client, "\u{E007}").await;

    let lpn = wait_for(client, "[data-testid=lpn]")
        .await
        .text()
        .await
        .unwrap()
        .trim()
        .to_string();
    assert!(
        lpn.starts_with("LPN001"),
        "the screen shows an LPN of bench 1, got {lpn:?}"
    );
    let disposition = wait_for(client, "[data-testid=disposition]")
        .await
        .attr("data-value")
        .await
        .unwrap()
        .unwrap();
    session.screenshot("label-preview").await;

    // The background print queue put the label on the bench's (folder) printer.
    let printed = data.path().join("printer").join(format!("{lpn}.pdf"));
    for _ in 0..100 {
        if printed.exists() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(printed.exists(), "{} was not printed within 10 s", printed.display());
    let bar = wait_for(client, "[data-testid=printer-status]").await;
    assert_eq!(bar.attr("data-state").await.unwrap().as_deref(), Some("ok"));

    // F5: nothing more in the parcel; its return expected more units, so the lines
    // that came short are listed in amber and the parcel waits for a lead.
    type_into_focused(client, "\u{E035}").await;
    let short = wait_for(client, "[data-testid=parcel-short]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        short.contains(&format!("fewer units than return {} expected", order.return_number)),
        "{short}"
    );
    session.screenshot("parcel-short").await;

    // Second parcel: an electronics unit opened, working, but with another serial number.
    let phone = triage_tests::phone_return(today);
    type_into_focused(client, "\u{E00C}").await; // Escape: back to the parcel scan
    let scan = wait_for(client, "[data-testid=scan-input]").await;
    scan.send_keys(&format!("{}\u{E007}", phone.tracking_numbers[0]))
        .await
        .unwrap();
    let rn = wait_for(client, "[data-testid=return-number]").await;
    assert_eq!(rn.text().await.unwrap().trim(), phone.return_number.as_str());
    let unit = wait_for(client, "[data-testid=unit-input]").await;
    unit.send_keys(&format!("{}\u{E007}", phone.lines[0].gtin))
        .await
        .unwrap();
    // Not sealed → powers on, screen, data wiped, accessories, cosmetic; then the serial.
    for (question, key) in [
        ("sealed", "n"),
        ("powers_on", "y"),
        ("screen_ok", "y"),
        ("data_wiped", "y"),
        ("accessories", "y"),
        ("cosmetic", "1"),
    ] {
        wait_for(client, &format!("[data-testid=question][data-question-id={question}]")).await;
        type_into_focused(client, key).await;
    }
    wait_for(client, "[data-testid=question][data-question-id=serial]").await;
    // F4: the compact list of every question that applies, the serial open.
    type_into_focused(client, "\u{E034}").await;
    wait_for(client, "[data-testid=checklist-list]").await;
    session.screenshot("inspect-list").await;
    let serial = wait_for(client, "[data-testid=answer-input]").await;
    serial.send_keys("SN-NOT-THE-ONE\u{E007}").await.unwrap();
    wait_for(client, "[data-testid=confirm-ready]").await;
    let reason = wait_for(client, "[data-testid=reason]").await.text().await.unwrap();
    assert!(reason.contains("serial number does not match"), "{reason}");
    session.screenshot("inspect-serial-mismatch").await;
    type_into_focused(client, "\u{E007}").await;
    let held = wait_for(client, "[data-testid=held]").await.text().await.unwrap();
    assert!(held.contains("serial number does not match"), "{held}");
    let state = wait_for(client, "[data-testid=unit-state]")
        .await
        .attr("data-value")
        .await
        .unwrap();
    assert_eq!(state.as_deref(), Some("awaiting_review"));
    let held_lpn = wait_for(client, "[data-testid=lpn]")
        .await
        .text()
        .await
        .unwrap()
        .trim()
        .to_string();
    session.screenshot("held-for-review").await;

    // A stained shirt: its photo question takes the picture the bench camera saved
    // (a real PNG in the photo inbox); then the unit is dropped, nothing confirmed.
    let shirt = triage_app::demo_returns(today)
        .unwrap()
        .into_iter()
        .find(|o| {
            o.lines[0].category == Category::Apparel && o.within_window(today) && o.return_number != order.return_number
        })
        .expect("a second in-window apparel return");
    type_into_focused(client, "\u{E00C}").await; // Escape: back to the parcel scan
    let scan = wait_for(client, "[data-testid=scan-input]").await;
    scan.send_keys(&format!("{}\u{E007}", shirt.tracking_numbers[0]))
        .await
        .unwrap();
    let unit = wait_for(client, "[data-testid=unit-input]").await;
    unit.send_keys(&format!("{}\u{E007}", shirt.lines[0].gtin))
        .await
        .unwrap();
    for (question, key) in [("tags_attached", "y"), ("worn", "n"), ("damage", "2")] {
        wait_for(client, &format!("[data-testid=question][data-question-id={question}]")).await;
        type_into_focused(client, key).await;
    }
    wait_for(client, "[data-testid=question][data-question-id=damage_photo]").await;
    let inbox = data.path().join("photo-inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    // A grey shirt with a brown stain, as the camera would save it.
    let photo = image::RgbImage::from_fn(800, 600, |x, y| {
        let (dx, dy) = (x as i64 - 420, y as i64 - 280);
        if dx * dx + dy * dy < 90 * 90 {
            image::Rgb([120, 80, 40])
        } else {
            image::Rgb([170, 175, 185])
        }
    });
    photo.save(inbox.join("IMG_2041.png")).unwrap();
    type_into_focused(client, "\u{E007}").await; // Enter: take the photo
    wait_for(client, "[data-testid=photo-taken-damage_photo]").await;
    wait_for(client, "[data-testid=confirm-ready]").await;
    session.screenshot("inspect-photo").await;
    assert!(
        std::fs::read_dir(&inbox)
            .unwrap()
            .filter_map(|e| e.ok())
            .all(|e| e.path().is_dir()),
        "the picture left the inbox"
    );
    type_into_focused(client, "\u{E00C}").await; // Escape: drop the unit
    wait_for(client, "[data-testid=unit-input]").await;

    // The apparel unit went to liquidation: it is in the open container; F3 then
    // Enter closes the container and its label goes to the (folder) printer.
    assert_eq!(disposition, "liquidate", "the first unit's route");
    type_into_focused(client, "\u{E00C}").await; // Escape: back to the parcel scan
    wait_for(client, "[data-testid=scan-input]").await;
    wait_text(client, "[data-testid=container-open]", "Units inside: 1").await;
    type_into_focused(client, "\u{E033}").await; // F3
    wait_for(client, "[data-testid=container-close]").await;
    type_into_focused(client, "\u{E007}").await;
    let closed = wait_for(client, "[data-testid=container-closed]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        closed.contains("Container LQ-PAR1-01-0001 closed (units inside: 1)"),
        "{closed}"
    );
    wait_text(client, "[data-testid=container-open]", "Units inside: 0").await;
    let container_label = data.path().join("printer").join("LQ-PAR1-01-0001.pdf");
    for _ in 0..100 {
        if container_label.exists() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        container_label.exists(),
        "{} was not printed within 10 s",
        container_label.display()
    );
    session.screenshot("container-closed").await;

    // Settings are the admin's: F9 switches user (the bench locks at once).
    type_into_focused(client, "\u{E039}").await;
    let locked = wait_for(client, "[data-testid=login-locked-by]")
        .await
        .text()
        .await
        .unwrap();
    assert!(locked.contains("Inès Moreau was working here"), "{locked}");
    let (badge, _, _, pin) = triage_app::DEMO_USERS[2];
    log_in(client, badge, pin).await;

    // Settings (F2): the scanner test panel reads scans typed as a scanner types them.
    type_into_focused(client, "\u{E032}").await;
    wait_for(client, "[data-testid=scanners]").await;
    wait_for(client, "[data-testid=no-usb]").await;
    type_into_focused(client, "(01)09506000134352(21)SN-42\u{E007}").await;
    let row = wait_for(client, "[data-testid=scan-test-row]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        row.contains("GS1 barcode") && row.contains("(21) SERIAL SN-42"),
        "{row}"
    );
    type_into_focused(client, "4006381333932\u{E007}").await;
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("[data-testid=scan-test][data-flash=bad]"))
        .await
        .unwrap();
    let rows = client
        .find_all(Locator::Css("[data-testid=scan-test-row]"))
        .await
        .unwrap();
    let bad = rows[0].text().await.unwrap();
    assert!(bad.contains("has check digit 2, expected 1"), "{bad}");
    session.screenshot("settings-scanners").await;

    // The label printer (the folder one from TRIAGE_PRINTER): live, and a test print lands.
    let live = wait_for(client, "[data-testid=printer-live]").await;
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("[data-testid=print-job]"))
        .await
        .unwrap();
    assert!(
        live.text().await.unwrap().contains(": ready"),
        "{}",
        live.text().await.unwrap()
    );
    let test = wait_for(client, "[data-testid=printer-test]").await;
    test.click().await.unwrap();
    let result = wait_for(client, "[data-testid=printer-test-result]")
        .await
        .text()
        .await
        .unwrap();
    assert!(result.starts_with("The test label went to file://"), "{result}");
    assert!(data.path().join("printer").join("TEST-PRINT.pdf").exists());
    let jobs = client.find_all(Locator::Css("[data-testid=print-job]")).await.unwrap();
    assert!(jobs[0].text().await.unwrap().contains("TEST-PRINT"));
    client
        .execute(
            "document.querySelector('[data-testid=printer-settings]').scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
    session.screenshot("settings-printer").await;
    type_into_focused(client, "\u{E00C}").await;

    session.stop().await;
    let data_dir = data.path();

    // The row the window wrote is in the bench's SQLite file.
    let store = triage_store::Store::open(&data_dir.join("triage.sqlite"))
        .await
        .unwrap();
    let far = chrono::Utc::now() + chrono::Days::new(1);
    let rows = store
        .confirmed_between("PAR1-01", far - chrono::Days::new(3), far)
        .await
        .unwrap();
    let row = rows
        .iter()
        .find(|r| r.lpn == lpn)
        .unwrap_or_else(|| panic!("{lpn} not in the database: {rows:?}"));
    assert_eq!(row.disposition, disposition);
    assert_eq!(row.return_number, order.return_number.as_str());
    assert!(data_dir.join("labels").join(format!("{lpn}.pdf")).exists());

    // The held unit's inspection names the flag, the rule that raised it and the rules in force.
    let (unit, decision, _) = store.inspection_by_lpn(&held_lpn).await.unwrap().unwrap();
    assert_eq!(unit.state, triage_core::UnitState::AwaitingReview);
    assert!(
        decision.flags.contains(&triage_core::Flag::SerialMismatch),
        "{:?}",
        decision.flags
    );
    assert!(decision.flag_rules.contains(&"flag-serial-mismatch".to_string()));
    assert_eq!(decision.rules_hash.len(), 64);
}
