//! A Zebra on USB, in the QEMU guest of triage-usbvm: a configfs printer
//! gadget answers `~HS` and keeps what it is sent; `triage-usb-printer-guest`
//! (src/bin) prints to it through `send` with rusb.

use std::path::Path;
use std::time::Duration;

#[test]
fn labels_print_on_a_usb_zebra_in_a_guest() {
    let bin = Path::new(env!("CARGO_BIN_EXE_triage-usb-printer-guest"));
    let guest = triage_usbvm::run_guest(bin, Duration::from_secs(150), |_, _| {});
    guest.assert_ok();
    for line in guest.lines("usb-printer-guest:") {
        println!("{line}");
    }
    println!("guest boot and checks: {:.1?}", guest.took);
}
