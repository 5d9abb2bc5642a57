//! Runs inside the QEMU guest of `tests/usb_vm.rs`, where real USB devices
//! exist: two HID POS gadgets on dummy_hcd (one with the scanner's VID:PID,
//! one with another) and QEMU's USB keyboard on an xHCI controller.
//!
//! It reads them with `watch_usb` and checks, in order: a keyboard-mode scan
//! with shift and GS typed by the host, a GS1-128 from HID POS spread over
//! full 64-byte reports (each followed by a zero-length packet), silence from
//! the device with the wrong VID:PID, and unplug / plug back in. It prints
//! `USB-GUEST: ok` or `USB-GUEST: FAIL …` and exits 0 or 1. Not for a bench.

use std::io::Write;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};
use triage_scan::hid::hid_pos_reports;
use triage_scanners::{watch_usb, Layout, Scan, ScanSource, UsbMode, VidPid};

const SCANNER: VidPid = VidPid {
    vid: 0x0c2e,
    pid: 0x0b61,
};
const STRANGER: VidPid = VidPid {
    vid: 0x1234,
    pid: 0x5678,
};
/// QEMU's usb-kbd.
const KEYBOARD: VidPid = VidPid {
    vid: 0x0627,
    pid: 0x0001,
};
/// What the host types on the keyboard (GS is Ctrl+]).
pub const TYPED: &str = "]C1Ab-9!{Z}\u{1d}21X";

/// HID POS report descriptor: usage page 0x8C, report id 2, 63 data bytes.
const POS_DESCRIPTOR: [u8; 28] = [
    0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01, 0x09, 0x12, 0xA1, 0x02, 0x85, 0x02, 0x15, 0x00, 0x26, 0xFF, 0x00, 0x75, 0x08,
    0x95, 0x3F, 0x09, 0xFE, 0x82, 0x02, 0x01, 0xC0, 0xC0,
];

fn main() {
    match run() {
        Ok(()) => {
            println!("USB-GUEST: ok");
        }
        Err(e) => {
            // What the bus held, to tell a gadget that never came from one not read.
            for d in triage_scanners::connected().unwrap_or_default() {
                println!(
                    "usb-guest: on the bus: {} {:?} bus {} address {}",
                    d.id, d.product, d.bus, d.address
                );
            }
            for udc in std::fs::read_dir("/sys/class/udc").into_iter().flatten().flatten() {
                let state = std::fs::read_to_string(udc.path().join("state")).unwrap_or_default();
                println!("usb-guest: udc {:?} {}", udc.file_name(), state.trim());
            }
            println!("USB-GUEST: FAIL {e}");
            std::process::exit(1);
        }
    }
}

fn write(path: impl AsRef<Path>, value: impl AsRef<[u8]>) -> Result<(), String> {
    std::fs::write(path.as_ref(), value).map_err(|e| format!("write {}: {e}", path.as_ref().display()))
}

/// A configfs gadget with one HID function, bound to `udc`.
fn gadget(name: &str, id: VidPid, udc: &str) -> Result<(), String> {
    let g = Path::new("/sys/kernel/config/usb_gadget").join(name);
    std::fs::create_dir_all(g.join("strings/0x409")).map_err(|e| format!("mkdir {}: {e}", g.display()))?;
    write(g.join("idVendor"), format!("0x{:04x}", id.vid))?;
    write(g.join("idProduct"), format!("0x{:04x}", id.pid))?;
    write(g.join("strings/0x409/manufacturer"), "Triage test")?;
    write(g.join("strings/0x409/product"), format!("HID POS {id}"))?;
    let f = g.join("functions/hid.usb0");
    std::fs::create_dir_all(&f).map_err(|e| format!("mkdir {}: {e}", f.display()))?;
    write(f.join("protocol"), "0")?;
    write(f.join("subclass"), "0")?;
    write(f.join("report_length"), "64")?;
    write(f.join("report_desc"), POS_DESCRIPTOR)?;
    let c = g.join("configs/c.1");
    std::fs::create_dir_all(c.join("strings/0x409")).map_err(|e| format!("mkdir {}: {e}", c.display()))?;
    write(c.join("MaxPower"), "100")?;
    let link = c.join("hid.usb0");
    if !link.exists() {
        std::os::unix::fs::symlink(&f, &link).map_err(|e| format!("link {}: {e}", link.display()))?;
    }
    write(g.join("UDC"), udc)
}

fn send_pos(hidg: &str, symbology: &str, data: &[u8]) -> Result<(), String> {
    let mut dev = std::fs::OpenOptions::new()
        .write(true)
        .open(hidg)
        .map_err(|e| format!("open {hidg}: {e}"))?;
    for r in hid_pos_reports(symbology, data) {
        dev.write_all(&r).map_err(|e| format!("write {hidg}: {e}"))?;
    }
    Ok(())
}

fn expect_log(logs: &mpsc::Receiver<String>, what: &str, within: Duration) -> Result<String, String> {
    let until = Instant::now() + within;
    while let Some(left) = until.checked_duration_since(Instant::now()) {
        match logs.recv_timeout(left) {
            Ok(line) => {
                println!("usb-guest: {line}");
                if line.contains(what) {
                    return Ok(line);
                }
            }
            Err(_) => break,
        }
    }
    Err(format!("no log line with {what:?} within {within:?}"))
}

fn expect_scan(scans: &mpsc::Receiver<Scan>, within: Duration) -> Result<Scan, String> {
    scans
        .recv_timeout(within)
        .map_err(|_| format!("no scan within {within:?}"))
}

fn run() -> Result<(), String> {
    gadget("scanner", SCANNER, "dummy_udc.0")?;
    gadget("stranger", STRANGER, "dummy_udc.1")?;
    let (tx, scans) = mpsc::channel();
    let (log_tx, logs) = mpsc::channel();
    let _watch = watch_usb(vec![SCANNER, KEYBOARD], Layout::Us, tx, move |m| {
        let _ = log_tx.send(m);
    });
    let mut attached = vec![
        expect_log(&logs, "attached", Duration::from_secs(20))?,
        expect_log(&logs, "attached", Duration::from_secs(20))?,
    ];
    attached.sort();
    if !(attached[0].starts_with("0627:0001 attached (Keyboard)")
        && attached[1].starts_with("0c2e:0b61 attached (HidPos)"))
    {
        return Err(format!("attached {attached:?}"));
    }

    // 1. Keyboard mode: the host types TYPED on QEMU's USB keyboard.
    println!("USB-GUEST: type now");
    let s = expect_scan(&scans, Duration::from_secs(30))?;
    if s.text != TYPED
        || !matches!(
            s.source,
            ScanSource::Usb {
                mode: UsbMode::Keyboard,
                ..
            }
        )
    {
        return Err(format!("keyboard scan {s:?}, expected {TYPED:?}"));
    }
    println!("usb-guest: keyboard scan {:?}", s.text);

    // 2. HID POS: a GS1-128 over three 64-byte reports.
    let gs1 = format!("0109506000134352{}21{}\u{1d}10LOT-42", "17261231", "SN".repeat(9));
    let long = format!("{gs1}\u{1d}91{}", "X".repeat(60));
    send_pos("/dev/hidg0", "C1", long.as_bytes())?;
    let s = expect_scan(&scans, Duration::from_secs(10))?;
    let want = ScanSource::Usb {
        vid: SCANNER.vid,
        pid: SCANNER.pid,
        mode: UsbMode::HidPos,
    };
    if s.text != long || s.symbology.as_deref() != Some("]C1") || s.source != want {
        return Err(format!("HID POS scan {s:?}, expected {long:?}"));
    }
    println!("usb-guest: HID POS scan of {} bytes, {:?}", s.text.len(), s.symbology);

    // 3. The device with another VID:PID sends a scan: it is not read.
    send_pos("/dev/hidg1", "C1", b"0109506000134352")?;
    if let Ok(s) = scans.recv_timeout(Duration::from_secs(2)) {
        return Err(format!("a scan from a device not chosen: {s:?}"));
    }
    println!("usb-guest: the stranger's scan was not read");

    // 4. Unplug the scanner, plug it back: the reader lets go and takes it again.
    write("/sys/kernel/config/usb_gadget/scanner/UDC", "\n")?;
    expect_log(&logs, "0c2e:0b61 detached", Duration::from_secs(10))?;
    write("/sys/kernel/config/usb_gadget/scanner/UDC", "dummy_udc.0")?;
    expect_log(&logs, "0c2e:0b61 attached", Duration::from_secs(20))?;
    send_pos("/dev/hidg0", "E0", b"4006381333931")?;
    let s = expect_scan(&scans, Duration::from_secs(10))?;
    if s.text != "4006381333931" || s.symbology.as_deref() != Some("]E0") {
        return Err(format!("after plugging back in: {s:?}"));
    }
    println!("usb-guest: read again after unplug and plug");
    Ok(())
}
