//! Scanners in USB COM mode (CDC-ACM): a serial port that sends each scan
//! followed by CR and/or LF. The port is opened again when it goes away.

use crate::{now_ms, Scan, ScanSource, SerialWatch, Watch};
use std::io::Read;
use std::sync::atomic::Ordering;
use std::sync::mpsc::Sender;
use std::time::Duration;

/// Reads scans from the serial port at `path` (e.g. /dev/ttyACM0) at `baud`.
/// `log` hears when it opens and when it is lost, in words.
pub fn watch_serial(
    path: String,
    baud: u32,
    scans: Sender<Scan>,
    log: impl Fn(String) + Send + 'static,
) -> SerialWatch {
    Watch::spawn(move |stop2| {
        let mut announced = false;
        while !stop2.load(Ordering::SeqCst) {
            let port = serialport::new(&path, baud).timeout(Duration::from_millis(200)).open();
            let mut port = match port {
                Ok(p) => p,
                Err(e) => {
                    if !announced {
                        log(format!("{path}: {e}; trying again every second"));
                        announced = true;
                    }
                    std::thread::sleep(Duration::from_secs(1));
                    continue;
                }
            };
            log(format!("{path} open at {baud} baud"));
            announced = false;
            let mut line: Vec<u8> = Vec::new();
            let mut buf = [0u8; 256];
            while !stop2.load(Ordering::SeqCst) {
                let n = match port.read(&mut buf) {
                    Ok(0) => continue,
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::TimedOut => continue,
                    Err(e) => {
                        log(format!("{path} lost: {e}"));
                        break;
                    }
                };
                for &b in &buf[..n] {
                    if b == b'\r' || b == b'\n' {
                        if !line.is_empty() {
                            let scan = Scan {
                                text: String::from_utf8_lossy(&std::mem::take(&mut line)).into_owned(),
                                symbology: None,
                                source: ScanSource::Serial { path: path.clone() },
                                at: now_ms(),
                            };
                            if scans.send(scan).is_err() {
                                return;
                            }
                        }
                    } else {
                        line.push(b);
                    }
                }
            }
        }
    })
}
