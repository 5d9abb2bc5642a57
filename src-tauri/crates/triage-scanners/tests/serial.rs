//! A scanner in USB COM mode, played by a real pseudo-terminal pair: the
//! reader opens the terminal's device path as a serial port.

use serialport::SerialPort;
use std::io::Write;
use std::sync::mpsc;
use std::time::Duration;
use triage_scanners::{watch_serial, ScanSource};

#[test]
fn scans_arrive_line_by_line_with_gs_intact() {
    let (mut scanner, port) = serialport::TTYPort::pair().expect("a pseudo-terminal pair");
    let path = port.name().expect("the terminal has a path");
    let (tx, rx) = mpsc::channel();
    let (log_tx, log_rx) = mpsc::channel();
    let watch = watch_serial(path.clone(), 9600, tx, move |m| {
        let _ = log_tx.send(m);
    });
    let opened = log_rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(opened.ends_with("open at 9600 baud"), "{opened}");
    scanner
        .write_all(b"]C10109506000134352\x1d21SN-42\r\n1Z999AA10123456784\r")
        .unwrap();
    let a = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    let b = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(a.text, "]C10109506000134352\u{1d}21SN-42");
    assert_eq!(a.source, ScanSource::Serial { path: path.clone() });
    assert_eq!(b.text, "1Z999AA10123456784");
    assert!(
        rx.recv_timeout(Duration::from_millis(300)).is_err(),
        "CR LF is one end, not two scans"
    );
    drop(watch);
}
