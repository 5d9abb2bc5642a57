//! The bench's scanner settings, and scans from a scanner in USB COM mode
//! reaching the window's channel through the bench (a real pseudo-terminal
//! plays the scanner).

use serialport::SerialPort;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;
use triage_app::{Bench, BenchConfig, ErrorCode, Locale, ScannerSettings};
use triage_scan::hid::{Layout, ScanSource};

async fn open(dir: &std::path::Path) -> Bench {
    let config = BenchConfig {
        site: "PAR1".into(),
        bench_number: 3,
        data_dir: dir.to_path_buf(),
        rules_file: None,
        printer: None,
        scan_codes: None,
        central: None,
    };
    let clock: triage_app::Clock = Arc::new(chrono::Local::now);
    let bench = Bench::open(config, clock, Locale::En).await.unwrap();
    // Scanners are the admin's to choose.
    triage_tests::people::sign_in(&bench, triage_core::Role::Admin).await;
    bench
}

#[tokio::test]
async fn scanner_settings_are_checked_kept_and_read_by() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path()).await;
    assert_eq!(bench.scanner_settings().await.unwrap(), ScannerSettings::default());

    let bad = ScannerSettings {
        usb: vec!["0C2E:0B61".into(), "zebra".into()],
        ..Default::default()
    };
    let e = bench.set_scanner_settings(bad).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert_eq!(
        e.message,
        "\"zebra\" is not a USB id: write the vendor and product id in hex, like 0c2e:0b61"
    );
    let e = bench
        .set_scanner_settings(ScannerSettings {
            baud: 300,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(e.message.starts_with("300 baud is not a serial speed"), "{}", e.message);
    let e = bench
        .set_scanner_settings(ScannerSettings {
            wedge_gap_ms: 500,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(
        e.message.starts_with("500 ms between characters cannot tell"),
        "{}",
        e.message
    );

    let kept = bench
        .set_scanner_settings(ScannerSettings {
            usb: vec!["0C2E:0B61".into(), "05e0:1200".into(), "0c2e:0b61".into()],
            layout: Layout::Fr,
            serial: Some("  ".into()),
            baud: 115_200,
            wedge_gap_ms: 45,
        })
        .await
        .unwrap();
    assert_eq!(kept.usb, ["0c2e:0b61", "05e0:1200"]);
    assert_eq!(kept.serial, None, "a blank port is no port");
    drop(bench);
    let again = open(dir.path()).await;
    assert_eq!(again.scanner_settings().await.unwrap(), kept);
    // This host has no USB bus: the list is empty, and no error.
    assert!(again.usb_devices().await.unwrap().iter().all(|d| d.id.len() == 9));
}

#[tokio::test]
async fn a_usb_com_scanner_reaches_the_window_and_the_bench_classifies_it() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path()).await;
    let (mut scanner, port) = serialport::TTYPort::pair().unwrap();
    let path = port.name().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    bench.read_scanners(tx).await.unwrap();
    // Choosing the port in settings starts reading it at once.
    bench
        .set_scanner_settings(ScannerSettings {
            serial: Some(path.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    let until = std::time::Instant::now() + Duration::from_secs(5);
    while !bench.scanner_news().iter().any(|n| n.ends_with("open at 9600 baud")) {
        assert!(std::time::Instant::now() < until, "{:?}", bench.scanner_news());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    scanner.write_all(b"]C10109506000134352\x1d21SN-42\r\n").unwrap();
    let scan = tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(5)))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(scan.source, ScanSource::Serial { path });
    let c = bench.classify_scan(&scan.text);
    assert!(c.valid, "{:?}", c.error);
    assert_eq!(
        (c.gtin.as_deref(), c.serial.as_deref()),
        (Some("09506000134352"), Some("SN-42"))
    );
}
