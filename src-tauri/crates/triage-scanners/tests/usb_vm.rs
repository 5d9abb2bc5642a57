//! Scanners on a real USB stack, in the QEMU guest of triage-usbvm: QEMU's
//! USB keyboard and two dummy_hcd HID POS gadgets, read by
//! `triage-usb-guest` (src/bin) with rusb. The host types on the keyboard
//! through QMP when the guest asks.

use std::path::Path;
use std::time::Duration;

const GUEST_BIN: &str = env!("CARGO_BIN_EXE_triage-usb-guest");
/// What the guest expects the keyboard to type (see triage-usb-guest.rs).
const TYPED: &str = "]C1Ab-9!{Z}\u{1d}21X";

#[test]
fn scanners_on_a_real_usb_stack_in_a_guest() {
    let guest = triage_usbvm::run_guest(Path::new(GUEST_BIN), Duration::from_secs(150), |line, qmp| {
        if line.contains("USB-GUEST: type now") {
            qmp.type_text(&format!("{TYPED}\n"));
        }
    });
    guest.assert_ok();
    // What the guest saw, for the record (cargo test -- --nocapture).
    for line in guest.lines("usb-guest:") {
        println!("{line}");
    }
    println!("guest boot and checks: {:.1?}", guest.took);
}
