//! Printers on USB (printer class 7) through rusb: the label goes out on the
//! bulk OUT endpoint; a Zebra answers `~HS` on bulk IN, so a ZPL label is not
//! sent while the printer says it cannot print.

use crate::send::{Payload, Sent};
use crate::zebra::ZebraStatus;
use crate::{PrintError, PrinterUri};
use rusb::{Context, DeviceHandle, Direction, TransferType, UsbContext};
use std::time::{Duration, Instant};

const STATUS: Duration = Duration::from_secs(2);
const WRITE: Duration = Duration::from_secs(10);
/// Bytes per bulk write (a label is sent in pieces, each acknowledged).
const CHUNK: usize = 16 * 1024;

struct Port {
    handle: DeviceHandle<Context>,
    out: u8,
    input: Option<u8>,
}

pub(crate) fn to_usb(printer: &PrinterUri, vendor: u16, product: u16, payload: Payload) -> Result<Sent, PrintError> {
    let unreachable = |reason: String| PrintError::Unreachable {
        printer: printer.to_string(),
        reason,
    };
    let port = open(vendor, product).map_err(unreachable)?;
    if let (Payload::Zpl(_), Some(input)) = (payload, port.input) {
        if let Some(status) = status(&port, input).map_err(|e| unreachable(format!("no answer to ~HS: {e}")))? {
            let problems = status.problems();
            if !problems.is_empty() {
                return Err(PrintError::Trouble {
                    printer: printer.to_string(),
                    reason: problems.join(", "),
                });
            }
        }
    }
    let bytes = payload.bytes();
    let mut sent = 0;
    for chunk in bytes.chunks(CHUNK) {
        let n = port
            .handle
            .write_bulk(port.out, chunk, WRITE)
            .map_err(|e| unreachable(format!("the label was cut off after {sent} bytes: {e}")))?;
        if n != chunk.len() {
            return Err(unreachable(format!("the label was cut off after {} bytes", sent + n)));
        }
        sent += n;
    }
    Ok(Sent::done(format!("{sent} bytes to {printer}")))
}

/// Whether the USB printer is there and, for a Zebra, what `~HS` says.
pub(crate) fn check(printer: &PrinterUri, vendor: u16, product: u16, zebra: bool) -> Result<String, PrintError> {
    let unreachable = |reason: String| PrintError::Unreachable {
        printer: printer.to_string(),
        reason,
    };
    let port = open(vendor, product).map_err(unreachable)?;
    if let (true, Some(input)) = (zebra, port.input) {
        if let Some(st) = status(&port, input).map_err(|e| unreachable(format!("no answer to ~HS: {e}")))? {
            if !st.problems().is_empty() {
                return Err(PrintError::Trouble {
                    printer: printer.to_string(),
                    reason: st.problems().join(", "),
                });
            }
        }
    }
    Ok("ready".into())
}

/// The printer-class interface of the device `vendor:product`, claimed (taken
/// from the kernel's usblp first).
fn open(vendor: u16, product: u16) -> Result<Port, String> {
    let context = Context::new().map_err(|e| format!("USB cannot be used: {e}"))?;
    let devices = context.devices().map_err(|e| format!("cannot list USB devices: {e}"))?;
    let device = devices
        .iter()
        .find(|d| {
            d.device_descriptor()
                .is_ok_and(|desc| desc.vendor_id() == vendor && desc.product_id() == product)
        })
        .ok_or(format!("no USB device {vendor:04x}:{product:04x} is connected"))?;
    let handle = device.open().map_err(|e| format!("cannot open it: {e}"))?;
    let config = device
        .active_config_descriptor()
        .map_err(|e| format!("it has no configuration: {e}"))?;
    for interface in config.interfaces() {
        for alt in interface.descriptors() {
            if alt.class_code() != 7 {
                continue;
            }
            let bulk = |dir: Direction| {
                alt.endpoint_descriptors()
                    .find(|e| e.direction() == dir && e.transfer_type() == TransferType::Bulk)
                    .map(|e| e.address())
            };
            let Some(out) = bulk(Direction::Out) else { continue };
            let number = alt.interface_number();
            let _ = handle.set_auto_detach_kernel_driver(true);
            handle
                .claim_interface(number)
                .map_err(|e| format!("cannot claim its printer interface: {e}"))?;
            if alt.setting_number() != 0 {
                let _ = handle.set_alternate_setting(number, alt.setting_number());
            }
            return Ok(Port {
                handle,
                out,
                input: bulk(Direction::In),
            });
        }
    }
    Err(format!(
        "USB device {vendor:04x}:{product:04x} is not a printer (no printer-class interface)"
    ))
}

/// Asks for `~HS` and reads bulk IN until the three strings are in or the
/// time is up; `None` when nothing a Zebra would say came back.
fn status(port: &Port, input: u8) -> Result<Option<ZebraStatus>, String> {
    port.handle
        .write_bulk(port.out, b"~HS", WRITE)
        .map_err(|e| e.to_string())?;
    let deadline = Instant::now() + STATUS;
    let mut got = Vec::new();
    let mut buf = [0u8; 512];
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match port.handle.read_bulk(input, &mut buf, left) {
            Ok(n) => {
                got.extend_from_slice(&buf[..n]);
                if ZebraStatus::complete(&got) {
                    break;
                }
            }
            Err(rusb::Error::Timeout) => break,
            Err(e) => return Err(e.to_string()),
        }
    }
    Ok(ZebraStatus::parse(&got))
}
