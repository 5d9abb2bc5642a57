//! IPP against a real IPP Everywhere printer: CUPS's `ippeveprinter` on a free
//! localhost port, with the private system D-Bus it needs.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use triage_ipptest::{free_port, script};
use triage_print::{send, Payload, PrintError, PrinterUri};

/// A real ippeveprinter; its URI parsed as the bench parses it.
struct Printer {
    uri: PrinterUri,
    eve: triage_ipptest::Printer,
}

fn start(command: &Path) -> Printer {
    let eve = triage_ipptest::start(command);
    Printer {
        uri: PrinterUri::parse(&eve.uri).unwrap(),
        eve,
    }
}

/// The bench's real 4×6 in label, as it would print.
fn label_pdf() -> Vec<u8> {
    let data = triage_labels::LabelData {
        lpn: "LPN0010000001".into(),
        sku: "HOM-MUG-0001".into(),
        description: "Mug en grès, 350 ml".into(),
        grade: "A".into(),
        disposition: "RESTOCK".into(),
        destination: "Zone A".into(),
        return_number: "RMA4890165".into(),
        date: "2026-11-27".into(),
        bench: "Site PAR1 · Bench 01".into(),
        flags: vec![],
        gtin: String::new(),
        serial: String::new(),
    };
    triage_labels::render_pdf(&triage_labels::LabelTemplate::restock_4x6(), &data).unwrap()
}

#[test]
fn a_pdf_label_is_printed_over_ipp_and_spooled_byte_for_byte() {
    let p = start(Path::new("/bin/true"));
    let pdf = label_pdf();
    let sent = send(&p.uri, "LPN0010000001", Payload::Pdf(&pdf)).unwrap();
    assert!(sent.detail.contains("completed on ipp://localhost:"), "{}", sent.detail);
    let files = p.eve.spooled();
    assert_eq!(files, vec![pdf.clone()]);
    // The printer got a 4 × 6 in page (288 × 432 pt).
    let path = p.eve.spool.join("check.pdf");
    std::fs::write(&path, &files[0]).unwrap();
    let info = Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("Page size:       288 x 432 pts"), "{info}");
}

#[test]
fn every_label_template_prints_over_ipp_on_a_page_of_its_size() {
    let p = start(Path::new("/bin/true"));
    let mut sent = Vec::new();
    for name in triage_labels::LabelTemplate::builtin_names() {
        let template = triage_labels::LabelTemplate::builtin(name).unwrap();
        let data = triage_labels::LabelData {
            lpn: "LPN0010000001".into(),
            sku: "HOM-MUG-0001".into(),
            description: "Mug en grès, 350 ml".into(),
            grade: "B".into(),
            disposition: "RESTOCK".into(),
            destination: "Zone B".into(),
            return_number: "RMA4890165".into(),
            date: "2026-11-27".into(),
            bench: "Site PAR1 · Bench 01".into(),
            flags: vec![],
            gtin: "3760187117485".into(),
            serial: "SN-42A".into(),
        };
        let pdf = triage_labels::render_pdf(&template, &data).unwrap();
        let done = send(&p.uri, name, Payload::Pdf(&pdf)).unwrap();
        assert!(done.detail.contains("completed"), "{name}: {}", done.detail);
        sent.push((name, template.width_mm, template.height_mm, pdf));
    }
    let spooled = p.eve.spooled();
    assert_eq!(spooled.len(), sent.len());
    for (i, (name, width_mm, height_mm, pdf)) in sent.iter().enumerate() {
        assert_eq!(&spooled[i], pdf, "{name}: the printer got the bytes sent");
        let path = p.eve.spool.join(format!("check-{i}.pdf"));
        std::fs::write(&path, pdf).unwrap();
        let info = Command::new("pdfinfo")
            .arg(&path)
            .output()
            .expect("pdfinfo (poppler-utils)");
        let info = String::from_utf8_lossy(&info.stdout);
        let size = info.lines().find(|l| l.starts_with("Page size:")).unwrap_or_default();
        let pts: Vec<f32> = size.split_whitespace().filter_map(|w| w.parse().ok()).collect();
        let want = [width_mm * 72.0 / 25.4, height_mm * 72.0 / 25.4];
        assert!(
            pts.len() == 2 && (pts[0] - want[0]).abs() < 0.01 && (pts[1] - want[1]).abs() < 0.01,
            "{name}: {size} vs {want:?}"
        );
    }
}

#[test]
fn a_second_label_while_the_printer_is_busy_is_busy_not_failed_and_prints_after() {
    let dir = tempfile::tempdir().unwrap();
    let p = start(&script(dir.path(), "slow-printer.sh", "sleep 2"));
    let pdf = label_pdf();
    let first = {
        let uri = p.uri.clone();
        let pdf = pdf.clone();
        std::thread::spawn(move || send(&uri, "LPN0010000001", Payload::Pdf(&pdf)))
    };
    std::thread::sleep(Duration::from_millis(300));
    let err = send(&p.uri, "LPN0010000002", Payload::Pdf(&pdf)).unwrap_err();
    assert!(matches!(err, PrintError::Busy { .. }), "{err}");
    assert!(err.retryable());
    assert_eq!(triage_print::retry_after(&err, 1), Some(Duration::from_secs(2)));
    first.join().unwrap().unwrap();
    // Once the first is done, the retry goes through.
    send(&p.uri, "LPN0010000002", Payload::Pdf(&pdf)).unwrap();
    assert_eq!(p.eve.spooled().len(), 2);
}

#[test]
fn the_printer_says_its_state_when_asked() {
    let p = start(Path::new("/bin/true"));
    assert_eq!(triage_print::check(&p.uri, false).unwrap(), "idle");
}

#[test]
fn a_printer_that_is_not_there_is_unreachable() {
    let uri = PrinterUri::parse(&format!("ipp://localhost:{}/ipp/print", free_port())).unwrap();
    let err = send(&uri, "LPN1", Payload::Pdf(b"%PDF")).unwrap_err();
    assert!(matches!(err, PrintError::Unreachable { .. }), "{err}");
    let err = triage_print::check(&uri, false).unwrap_err();
    assert!(matches!(err, PrintError::Unreachable { .. }), "{err}");
}

#[test]
fn a_job_still_printing_when_the_watch_ends_is_followed_to_its_end_without_sending_again() {
    let dir = tempfile::tempdir().unwrap();
    let p = start(&script(dir.path(), "slow.sh", "sleep 3"));
    let pdf = label_pdf();
    let sent =
        triage_print::send_watching(&p.uri, "LPN0010000001", Payload::Pdf(&pdf), Duration::from_millis(500)).unwrap();
    let job = sent
        .remote_job
        .expect("still printing after half a second: followed later");
    assert!(sent.detail.contains("still printing"), "{}", sent.detail);
    // Asked while it prints: not yet; then done, and the label was spooled once.
    assert_eq!(triage_print::follow(&p.uri, job).unwrap(), None);
    let deadline = Instant::now() + Duration::from_secs(15);
    let done = loop {
        if let Some(done) = triage_print::follow(&p.uri, job).unwrap() {
            break done;
        }
        assert!(Instant::now() < deadline, "job {job} never completed");
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(done.remote_job, None);
    assert!(
        done.detail
            .contains(&format!("job {job} completed on ipp://localhost:")),
        "{}",
        done.detail
    );
    assert_eq!(p.eve.spooled().len(), 1);
    // A job number the printer never had: nothing says it failed.
    let gone = triage_print::follow(&p.uri, job + 1000).unwrap().unwrap();
    assert!(gone.detail.contains("no longer known"), "{}", gone.detail);
}

#[test]
fn a_job_the_printer_aborts_fails_with_the_printer_reason() {
    let dir = tempfile::tempdir().unwrap();
    let p = start(&script(dir.path(), "jam.sh", "echo 'ERROR: paper jam' >&2\nexit 1"));
    let err = send(&p.uri, "LPN0010000001", Payload::Pdf(&label_pdf())).unwrap_err();
    let said = err.to_string();
    assert!(matches!(err, PrintError::Trouble { .. }), "{said}");
    // ippeveprinter passes the command's ERROR: line on as the job's message.
    assert!(
        said.contains("cannot print: the printer aborted the job: paper jam (aborted-by-system); fix it"),
        "{said}"
    );
    assert!(err.retryable(), "fixed at the printer, the label is sent again");
}
