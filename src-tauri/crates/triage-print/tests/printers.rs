//! Real sockets and folders: a test printer on 127.0.0.1 that answers `~HS` like a
//! Zebra and keeps every job it receives.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use triage_print::{send, Payload, PrintError, PrinterUri, ZebraStatus};

struct TestPrinter {
    uri: PrinterUri,
    jobs: Arc<Mutex<Vec<Vec<u8>>>>,
    status: Arc<Mutex<ZebraStatus>>,
    queries: Arc<Mutex<usize>>,
}

impl TestPrinter {
    fn start() -> TestPrinter {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let jobs = Arc::new(Mutex::new(Vec::new()));
        let status = Arc::new(Mutex::new(ZebraStatus::default()));
        let queries = Arc::new(Mutex::new(0));
        let (j, s, q) = (jobs.clone(), status.clone(), queries.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(mut conn) = conn else { return };
                conn.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                let mut got = Vec::new();
                let mut buf = [0u8; 4096];
                loop {
                    match conn.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => got.extend_from_slice(&buf[..n]),
                    }
                    if got == b"~HS" {
                        *q.lock().unwrap() += 1;
                        let answer = s.lock().unwrap().answer();
                        let _ = conn.write_all(&answer);
                        got.clear();
                        break;
                    }
                }
                if !got.is_empty() {
                    j.lock().unwrap().push(got);
                }
            }
        });
        TestPrinter {
            uri: PrinterUri::parse(&format!("socket://127.0.0.1:{port}")).unwrap(),
            jobs,
            status,
            queries,
        }
    }

    /// The jobs received, once the printer has had a moment to store the last one.
    fn jobs(&self) -> Vec<Vec<u8>> {
        std::thread::sleep(Duration::from_millis(100));
        self.jobs.lock().unwrap().clone()
    }
}

const ZPL: &[u8] = b"^XA^FO50,50^A0N,40,40^FDLPN0010000001^FS^XZ\n";

#[test]
fn a_zpl_label_reaches_a_ready_zebra_byte_for_byte_after_a_status_check() {
    let p = TestPrinter::start();
    let sent = send(&p.uri, "LPN0010000001", Payload::Zpl(ZPL)).unwrap();
    assert_eq!(sent.detail, format!("{} bytes to {}", ZPL.len(), p.uri));
    assert_eq!(p.jobs(), vec![ZPL.to_vec()]);
    assert_eq!(*p.queries.lock().unwrap(), 1);
}

#[test]
fn paper_out_is_the_printers_reason_nothing_is_sent_and_after_the_fix_it_prints_once() {
    let p = TestPrinter::start();
    *p.status.lock().unwrap() = ZebraStatus {
        paper_out: true,
        ..ZebraStatus::default()
    };
    let err = send(&p.uri, "LPN0010000001", Payload::Zpl(ZPL)).unwrap_err();
    assert_eq!(
        err,
        PrintError::Trouble {
            printer: p.uri.to_string(),
            reason: "paper out".into()
        }
    );
    assert!(err.retryable());
    assert!(p.jobs().is_empty(), "nothing was sent to a printer without paper");
    *p.status.lock().unwrap() = ZebraStatus::default();
    send(&p.uri, "LPN0010000001", Payload::Zpl(ZPL)).unwrap();
    assert_eq!(p.jobs(), vec![ZPL.to_vec()], "printed once, after the paper came back");
}

#[test]
fn a_pdf_goes_raw_without_a_zebra_status_query() {
    let p = TestPrinter::start();
    let pdf = b"%PDF-1.7 test label".to_vec();
    send(&p.uri, "LPN0010000002", Payload::Pdf(&pdf)).unwrap();
    assert_eq!(p.jobs(), vec![pdf]);
    assert_eq!(*p.queries.lock().unwrap(), 0);
}

#[test]
fn a_printer_nobody_listens_on_is_unreachable_and_worth_retrying() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let uri = PrinterUri::parse(&format!("socket://127.0.0.1:{port}")).unwrap();
    let err = send(&uri, "LPN1", Payload::Zpl(ZPL)).unwrap_err();
    assert!(matches!(err, PrintError::Unreachable { .. }), "{err}");
    assert!(err.retryable());
    assert!(err.to_string().contains("the label stays queued"), "{err}");
}

#[test]
fn a_folder_printer_gets_the_whole_file_and_no_leftovers() {
    let dir = tempfile::tempdir().unwrap();
    let uri = PrinterUri::parse(&format!("file://{}", dir.path().display())).unwrap();
    let sent = send(&uri, "LPN0010000003", Payload::Zpl(ZPL)).unwrap();
    let path = dir.path().join("LPN0010000003.zpl");
    assert_eq!(sent.detail, path.display().to_string());
    assert_eq!(std::fs::read(&path).unwrap(), ZPL);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["LPN0010000003.zpl".to_string()]);
    let missing = PrinterUri::parse("file:///nonexistent/triage/print").unwrap();
    let err = send(&missing, "LPN1", Payload::Pdf(b"%PDF")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("cannot write the label to /nonexistent/triage/print/LPN1.pdf"),
        "{err}"
    );
}

#[test]
fn a_usb_printer_not_connected_is_unreachable_for_now() {
    // This host has no USB bus at all; tests/usb_vm.rs prints on a real one.
    let err = send(
        &PrinterUri::parse("usb://0a5f:0164").unwrap(),
        "LPN1",
        Payload::Pdf(b"%PDF"),
    )
    .unwrap_err();
    assert!(matches!(err, PrintError::Unreachable { .. }), "{err}");
    assert!(
        err.to_string().contains("no USB device 0a5f:0164 is connected"),
        "{err}"
    );
    assert!(err.retryable());
}

#[test]
fn a_folder_printer_is_ready_when_it_can_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let ok = PrinterUri::parse(&format!("file://{}", dir.path().display())).unwrap();
    assert_eq!(triage_print::check(&ok, false).unwrap(), "ready");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "the probe leaves nothing"
    );
    let gone = PrinterUri::parse("file:///nonexistent/triage/print").unwrap();
    let err = triage_print::check(&gone, false).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("cannot write the label to /nonexistent/triage/print"),
        "{err}"
    );
}
