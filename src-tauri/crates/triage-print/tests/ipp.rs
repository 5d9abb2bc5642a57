//! IPP against a real IPP Everywhere printer: CUPS's `ippeveprinter` on a free
//! localhost port, with the private system D-Bus it needs.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use triage_print::{send, Payload, PrintError, PrinterUri};

/// A running ippeveprinter and its D-Bus; both are stopped (by PID) when dropped.
struct Printer {
    uri: PrinterUri,
    spool: PathBuf,
    children: Vec<Child>,
    _dir: tempfile::TempDir,
}

impl Drop for Printer {
    fn drop(&mut self) {
        for c in &mut self.children {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn tool(name: &str) -> PathBuf {
    for dir in ["/usr/sbin", "/usr/bin", "/sbin", "/bin"] {
        let p = Path::new(dir).join(name);
        if p.exists() {
            return p;
        }
    }
    panic!("{name} is missing: `cargo xtask test` installs cups-ipp-utils and dbus-daemon")
}

/// A system bus of our own: ippeveprinter wants one even without DNS-SD.
fn private_dbus(dir: &Path) -> (Child, String) {
    let conf = std::fs::read_to_string("/usr/share/dbus-1/system.conf").expect("dbus-daemon's system.conf");
    let socket = dir.join("system_bus_socket");
    let conf: String = conf
        .lines()
        .filter(|l| !l.contains("<pidfile>") && !l.contains("<user>"))
        .map(|l| {
            if l.contains("<listen>") {
                format!("  <listen>unix:path={}</listen>", socket.display())
            } else if l.contains("<includedir>system.d</includedir>") {
                "  <includedir>/usr/share/dbus-1/system.d</includedir>".into()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let path = dir.join("system.conf");
    std::fs::write(&path, conf).unwrap();
    let mut child = Command::new(tool("dbus-daemon"))
        .arg(format!("--config-file={}", path.display()))
        .args(["--nofork", "--print-address"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("unix:"), "dbus-daemon said {line:?}");
    (child, line.trim().to_string())
}

/// `command`: what ippeveprinter runs per job (`/bin/true`: done at once).
fn start(command: &Path) -> Printer {
    let dir = tempfile::tempdir().unwrap();
    let spool = dir.path().join("spool");
    std::fs::create_dir_all(&spool).unwrap();
    let (dbus, address) = private_dbus(dir.path());
    let port = free_port();
    let eve = Command::new(tool("ippeveprinter"))
        .env("DBUS_SYSTEM_BUS_ADDRESS", &address)
        .args(["-n", "localhost", "-p", &port.to_string(), "-r", "off", "-k"])
        .arg("-c")
        .arg(command)
        .arg("-d")
        .arg(&spool)
        .args(["-f", "application/pdf", "Triage Test"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let printer = Printer {
        uri: PrinterUri::parse(&format!("ipp://localhost:{port}/ipp/print")).unwrap(),
        spool,
        children: vec![dbus, eve],
        _dir: dir,
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("localhost", port)).is_err() {
        assert!(Instant::now() < deadline, "ippeveprinter did not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
    printer
}

fn spooled(spool: &Path) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(spool)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    files.sort();
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
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
    let files = spooled(&p.spool);
    assert_eq!(files, vec![pdf.clone()]);
    // The printer got a 4 × 6 in page (288 × 432 pt).
    let path = p.spool.join("check.pdf");
    std::fs::write(&path, &files[0]).unwrap();
    let info = Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("Page size:       288 x 432 pts"), "{info}");
}

#[test]
fn a_second_label_while_the_printer_is_busy_is_busy_not_failed_and_prints_after() {
    let dir = tempfile::tempdir().unwrap();
    let slow = dir.path().join("slow-printer.sh");
    std::fs::write(&slow, "#!/bin/sh\nsleep 2\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&slow, std::fs::Permissions::from_mode(0o755)).unwrap();
    let p = start(&slow);
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
    assert_eq!(spooled(&p.spool).len(), 2);
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
