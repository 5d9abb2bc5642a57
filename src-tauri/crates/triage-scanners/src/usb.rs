//! USB HID scanners through rusb: found by VID:PID, taken from the kernel
//! (so scans do not type into other windows), read until unplugged, and
//! taken again when plugged back in.

use crate::{now_ms, Layout, Scan, ScanSource, UsbMode, UsbWatch, VidPid, Watch};
use rusb::{Context, Device, DeviceHandle, Direction, TransferType, UsbContext};
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;
use triage_scan::hid::{known_vendor, HidPosDecoder, KeyboardDecoder};

/// How often the bus is looked at for scanners plugged in.
const POLL: Duration = Duration::from_millis(250);
/// How long one read waits, so a stop is noticed.
const READ: Duration = Duration::from_millis(200);

/// A USB device on the bus, for the settings screen's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsbDevice {
    pub id: VidPid,
    pub bus: u8,
    pub address: u8,
    pub product: Option<String>,
    /// The maker, when its vendor id is a known scanner maker's.
    pub maker: Option<&'static str>,
}

/// The USB devices connected now.
pub fn connected() -> Result<Vec<UsbDevice>, String> {
    let devices = fresh_devices().map_err(|e| format!("cannot list USB devices: {e}"))?;
    Ok(devices
        .iter()
        .filter_map(|d| {
            let desc = d.device_descriptor().ok()?;
            let product = d.open().ok().and_then(|h| h.read_product_string_ascii(&desc).ok());
            Some(UsbDevice {
                id: VidPid {
                    vid: desc.vendor_id(),
                    pid: desc.product_id(),
                },
                bus: d.bus_number(),
                address: d.address(),
                product,
                maker: known_vendor(desc.vendor_id()),
            })
        })
        .collect())
}

/// Reads every connected device whose VID:PID is in `wanted` (others are
/// left alone), now and whenever one is plugged in, and sends its scans.
/// `log` hears what happens (attached, detached, skipped) in words.
pub fn watch_usb(
    wanted: Vec<VidPid>,
    layout: Layout,
    scans: Sender<Scan>,
    log: impl Fn(String) + Send + Sync + 'static,
) -> UsbWatch {
    let log: Arc<dyn Fn(String) + Send + Sync> = Arc::new(log);
    Watch::spawn(move |stop2| {
        // (bus, address) of the devices a reader holds now.
        let open: Arc<Mutex<HashSet<(u8, u8)>>> = Arc::default();
        let mut readers: Vec<JoinHandle<()>> = Vec::new();
        while !stop2.load(Ordering::SeqCst) {
            if let Ok(devices) = fresh_devices() {
                // Forget devices that are gone (a refused one may come back at its old address).
                let present: HashSet<(u8, u8)> = devices.iter().map(|d| (d.bus_number(), d.address())).collect();
                lock(&open).retain(|at| present.contains(at));
                for device in devices.iter() {
                    let Ok(desc) = device.device_descriptor() else { continue };
                    let id = VidPid {
                        vid: desc.vendor_id(),
                        pid: desc.product_id(),
                    };
                    let at = (device.bus_number(), device.address());
                    if !wanted.contains(&id) || lock(&open).contains(&at) {
                        continue;
                    }
                    match Reader::attach(&device, id, layout) {
                        Ok(reader) => {
                            log(format!(
                                "{id} attached ({:?}) on bus {} address {}",
                                reader.mode, at.0, at.1
                            ));
                            lock(&open).insert(at);
                            let (open, stop, scans, log) = (open.clone(), stop2.clone(), scans.clone(), log.clone());
                            readers.push(std::thread::spawn(move || {
                                let why = reader.run(&stop, &scans);
                                log(format!("{id} detached: {why}"));
                                lock(&open).remove(&at);
                            }));
                        }
                        Err(e) => {
                            log(format!("{id} on bus {} address {}: {e}", at.0, at.1));
                            // Not retried until it is plugged in again.
                            lock(&open).insert(at);
                        }
                    }
                }
            }
            readers.retain(|r| !r.is_finished());
            std::thread::sleep(POLL);
        }
        for r in readers {
            let _ = r.join();
        }
    })
}

/// The devices on the bus now. A new libusb context scans the bus afresh:
/// the list of a long-lived one follows plugging only through udev, which a
/// bench (or a test guest) may not run. A reader's handle keeps its context.
fn fresh_devices() -> rusb::Result<rusb::DeviceList<Context>> {
    Context::new()?.devices()
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

enum Decoder {
    Keyboard(KeyboardDecoder),
    HidPos(HidPosDecoder),
}

struct Reader {
    handle: DeviceHandle<Context>,
    endpoint: u8,
    packet: usize,
    id: VidPid,
    mode: UsbMode,
    decoder: Decoder,
}

impl Reader {
    /// Opens the device, takes its HID interface from the kernel and finds
    /// the interrupt IN endpoint scans arrive on.
    fn attach(device: &Device<Context>, id: VidPid, layout: Layout) -> Result<Reader, String> {
        let handle = device.open().map_err(|e| format!("cannot open: {e}"))?;
        let config = device
            .active_config_descriptor()
            .map_err(|e| format!("no configuration: {e}"))?;
        for interface in config.interfaces() {
            for alt in interface.descriptors() {
                if alt.class_code() != 3 {
                    continue;
                }
                let Some(ep) = alt
                    .endpoint_descriptors()
                    .find(|e| e.direction() == Direction::In && e.transfer_type() == TransferType::Interrupt)
                else {
                    continue;
                };
                let number = alt.interface_number();
                // Linux: take the interface from usbhid (and give it back on release).
                let _ = handle.set_auto_detach_kernel_driver(true);
                handle
                    .claim_interface(number)
                    .map_err(|e| format!("cannot claim interface {number}: {e}"))?;
                let mode = if alt.sub_class_code() == 1 && alt.protocol_code() == 1 {
                    UsbMode::Keyboard
                } else if is_hid_pos(&handle, number) {
                    UsbMode::HidPos
                } else {
                    let _ = handle.release_interface(number);
                    continue;
                };
                let decoder = match mode {
                    UsbMode::Keyboard => Decoder::Keyboard(KeyboardDecoder::new(layout)),
                    UsbMode::HidPos => Decoder::HidPos(HidPosDecoder::default()),
                };
                return Ok(Reader {
                    handle,
                    endpoint: ep.address(),
                    packet: usize::from(ep.max_packet_size()).max(8),
                    id,
                    mode,
                    decoder,
                });
            }
        }
        Err("no HID keyboard or HID POS interface: not a scanner this bench can read".into())
    }

    /// Reads until stopped or the device goes; returns why it ended.
    fn run(mut self, stop: &AtomicBool, scans: &Sender<Scan>) -> String {
        let mut buf = vec![0u8; self.packet.max(64)];
        while !stop.load(Ordering::SeqCst) {
            let n = match self.handle.read_interrupt(self.endpoint, &mut buf, READ) {
                // A zero-length packet ends a transfer of whole packets: nothing in it.
                Ok(0) | Err(rusb::Error::Timeout) | Err(rusb::Error::Interrupted) => continue,
                Ok(n) => n,
                Err(e @ (rusb::Error::NoDevice | rusb::Error::Io | rusb::Error::NotFound)) => return e.to_string(),
                Err(rusb::Error::Pipe) => {
                    let _ = self.handle.clear_halt(self.endpoint);
                    continue;
                }
                Err(e) => return e.to_string(),
            };
            let report = &buf[..n];
            let done = match &mut self.decoder {
                Decoder::Keyboard(d) => d.feed(report).map(|text| (None, text)),
                Decoder::HidPos(d) => d.feed(report),
            };
            if let Some((symbology, text)) = done {
                let scan = Scan {
                    text,
                    symbology,
                    source: ScanSource::Usb {
                        vid: self.id.vid,
                        pid: self.id.pid,
                        mode: self.mode,
                    },
                    at: now_ms(),
                };
                if scans.send(scan).is_err() {
                    return "no one listens to scans any more".into();
                }
            }
        }
        "stopped".into()
    }
}

/// Whether the interface's report descriptor opens with usage page 0x8C
/// (bar code scanner, HID POS).
fn is_hid_pos<T: UsbContext>(handle: &DeviceHandle<T>, interface: u8) -> bool {
    let mut desc = [0u8; 512];
    // GET_DESCRIPTOR (6), report descriptor (0x22), to the interface.
    let n = handle
        .read_control(0x81, 0x06, 0x2200, u16::from(interface), &mut desc, READ * 5)
        .unwrap_or(0);
    let d = &desc[..n];
    d.windows(2).any(|w| w == [0x05, 0x8c]) || d.windows(3).any(|w| w == [0x06, 0x8c, 0x00])
}
