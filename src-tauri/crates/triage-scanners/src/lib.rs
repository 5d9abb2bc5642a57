//! Scanners read directly, not through the keyboard: USB HID (keyboard mode
//! and HID POS) through rusb, and USB COM (CDC-ACM) through serialport.
//!
//! Each source runs on its own threads and sends [`Scan`]s down a channel;
//! dropping the watch stops it. Decoding is `triage_scan::hid` (pure).

mod serial;
mod usb;

pub use serial::watch_serial;
pub use triage_scan::hid::{Layout, Scan, ScanSource, UsbMode};
pub use usb::{connected, watch_usb, UsbDevice};

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

/// A source being read on its own thread; dropping it stops the thread and waits for it.
pub struct Watch {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

pub type UsbWatch = Watch;
pub type SerialWatch = Watch;

impl Watch {
    /// Runs `body` on a thread; it should return soon after its flag is set.
    pub(crate) fn spawn(body: impl FnOnce(Arc<AtomicBool>) + Send + 'static) -> Watch {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        Watch {
            stop,
            thread: Some(std::thread::spawn(move || body(flag))),
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A USB vendor and product id, written `0c2e:0b61`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VidPid {
    pub vid: u16,
    pub pid: u16,
}

impl VidPid {
    pub fn parse(s: &str) -> Result<VidPid, String> {
        let bad = || format!("{s:?} is not a USB id: write the vendor and product id in hex, like 0c2e:0b61");
        let (v, p) = s.trim().split_once(':').ok_or_else(bad)?;
        let hex = |x: &str| u16::from_str_radix(x.trim_start_matches("0x"), 16).map_err(|_| bad());
        Ok(VidPid {
            vid: hex(v)?,
            pid: hex(p)?,
        })
    }
}

impl fmt::Display for VidPid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04x}:{:04x}", self.vid, self.pid)
    }
}

/// Milliseconds since the Unix epoch, for [`Scan::at`].
pub(crate) fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usb_ids_read_and_print_in_hex() {
        let id = VidPid::parse("0C2E:0b61").unwrap();
        assert_eq!((id.vid, id.pid), (0x0c2e, 0x0b61));
        assert_eq!(id.to_string(), "0c2e:0b61");
        assert_eq!(
            VidPid::parse("zebra").unwrap_err(),
            "\"zebra\" is not a USB id: write the vendor and product id in hex, like 0c2e:0b61"
        );
    }
}
