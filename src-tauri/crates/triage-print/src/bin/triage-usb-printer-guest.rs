//! Runs inside the QEMU guest of `tests/usb_vm.rs`: a configfs printer-class
//! gadget (Zebra's VID:PID) on dummy_hcd plays a Zebra on USB — it answers
//! `~HS` on bulk IN and keeps every byte it is sent — and `send` prints to it
//! with rusb. Checks, in order: paper out (nothing printed), a ZPL label
//! (exactly its bytes), a 40 KB PDF (in pieces, exactly its bytes), and an
//! unplugged printer (unreachable, retryable). Prints `USB-GUEST: ok` or
//! `USB-GUEST: FAIL …`. Not for a bench.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use triage_print::{send, Payload, PrintError, PrinterUri, ZebraStatus};

const GADGET: &str = "/sys/kernel/config/usb_gadget/zebra";
const ZPL: &[u8] = b"^XA^FO50,50^A0N,50,50^FDLPN0010000042^FS^BY2^FO50,120^BCN,100,Y,N,N^FDLPN0010000042^FS^XZ";

#[derive(Default)]
struct Printer {
    received: Vec<u8>,
    status: ZebraStatus,
}

fn main() {
    match run() {
        Ok(()) => println!("USB-GUEST: ok"),
        Err(e) => {
            println!("USB-GUEST: FAIL {e}");
            std::process::exit(1);
        }
    }
}

fn write(path: impl AsRef<Path>, value: impl AsRef<[u8]>) -> Result<(), String> {
    std::fs::write(path.as_ref(), value).map_err(|e| format!("write {}: {e}", path.as_ref().display()))
}

fn gadget() -> Result<(), String> {
    let g = Path::new(GADGET);
    let mkdir = |p: &Path| std::fs::create_dir_all(p).map_err(|e| format!("mkdir {}: {e}", p.display()));
    mkdir(&g.join("strings/0x409"))?;
    write(g.join("idVendor"), "0x0a5f")?;
    write(g.join("idProduct"), "0x0164")?;
    write(g.join("strings/0x409/manufacturer"), "Zebra Technologies")?;
    write(g.join("strings/0x409/product"), "ZTC ZD420-203dpi ZPL")?;
    let f = g.join("functions/printer.usb0");
    mkdir(&f)?;
    write(f.join("pnp_string"), "MFG:Zebra Technologies;CMD:ZPL;MDL:ZD420;")?;
    write(f.join("q_len"), "10")?;
    let c = g.join("configs/c.1");
    mkdir(&c.join("strings/0x409"))?;
    std::os::unix::fs::symlink(&f, c.join("printer.usb0")).map_err(|e| format!("link: {e}"))?;
    write(g.join("UDC"), "dummy_udc.0")
}

/// The printer's side: reads what the host sends, answers `~HS` with its status.
fn play(printer: Arc<Mutex<Printer>>) -> Result<(), String> {
    let until = Instant::now() + Duration::from_secs(10);
    let mut dev = loop {
        match std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/g_printer0")
        {
            Ok(d) => break d,
            Err(_) if Instant::now() < until => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => return Err(format!("/dev/g_printer0: {e}")),
        }
    };
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        loop {
            let n = match dev.read(&mut buf) {
                Ok(0) => {
                    std::thread::sleep(Duration::from_millis(20));
                    continue;
                }
                Ok(n) => n,
                Err(_) => {
                    std::thread::sleep(Duration::from_millis(50));
                    continue;
                }
            };
            let mut p = printer.lock().unwrap_or_else(|e| e.into_inner());
            p.received.extend_from_slice(&buf[..n]);
            if p.received.ends_with(b"~HS") {
                let at = p.received.len() - 3;
                p.received.truncate(at);
                let answer = p.status.answer();
                drop(p);
                let _ = dev.write_all(&answer);
            }
        }
    });
    Ok(())
}

/// Waits until the printer holds exactly `want`.
fn printed(printer: &Mutex<Printer>, want: &[u8]) -> Result<(), String> {
    let until = Instant::now() + Duration::from_secs(5);
    loop {
        let got = printer.lock().unwrap_or_else(|e| e.into_inner()).received.clone();
        if got == want {
            return Ok(());
        }
        if Instant::now() > until {
            return Err(format!("the printer got {} bytes, expected {}", got.len(), want.len()));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn run() -> Result<(), String> {
    gadget()?;
    let printer = Arc::new(Mutex::new(Printer::default()));
    play(printer.clone())?;
    // The host side needs a moment to see the new device.
    std::thread::sleep(Duration::from_secs(1));
    let uri = PrinterUri::parse("usb://0a5f:0164").map_err(|e| e.to_string())?;

    // 1. Paper out: the status says so, and no label is sent.
    printer.lock().unwrap_or_else(|e| e.into_inner()).status.paper_out = true;
    match triage_print::check(&uri, true) {
        Err(e @ PrintError::Trouble { .. }) if e.to_string().contains("paper out") => {}
        other => return Err(format!("check with paper out: {other:?}")),
    }
    match send(&uri, "LPN0010000042", Payload::Zpl(ZPL)) {
        Err(e @ PrintError::Trouble { .. }) if e.to_string().contains("paper out") && e.retryable() => {
            println!("usb-printer-guest: {e}")
        }
        other => return Err(format!("paper out: {other:?}")),
    }
    printed(&printer, b"")?;

    // 2. Paper back: the ZPL label arrives, byte for byte.
    printer.lock().unwrap_or_else(|e| e.into_inner()).status.paper_out = false;
    if triage_print::check(&uri, true).as_deref() != Ok("ready") {
        return Err("check with paper back: not ready".into());
    }
    let sent = send(&uri, "LPN0010000042", Payload::Zpl(ZPL)).map_err(|e| format!("ZPL: {e}"))?;
    printed(&printer, ZPL)?;
    println!("usb-printer-guest: {}", sent.detail);

    // 3. A PDF (no status asked) larger than one bulk write.
    printer.lock().unwrap_or_else(|e| e.into_inner()).received.clear();
    let pdf: Vec<u8> = b"%PDF-1.7\n"
        .iter()
        .copied()
        .chain((0..40_000u32).map(|i| (i % 251) as u8))
        .collect();
    let sent = send(&uri, "LPN0010000043", Payload::Pdf(&pdf)).map_err(|e| format!("PDF: {e}"))?;
    printed(&printer, &pdf)?;
    println!("usb-printer-guest: {}", sent.detail);

    // 4. Unplugged: unreachable, and worth trying again later.
    write(Path::new(GADGET).join("UDC"), "\n")?;
    std::thread::sleep(Duration::from_millis(500));
    match send(&uri, "LPN0010000044", Payload::Zpl(ZPL)) {
        Err(e @ PrintError::Unreachable { .. })
            if e.to_string().contains("no USB device 0a5f:0164 is connected") && e.retryable() =>
        {
            println!("usb-printer-guest: {e}")
        }
        other => return Err(format!("unplugged: {other:?}")),
    }
    Ok(())
}
