import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { setUiLocale } from "$lib/i18n/index.svelte";
import { backendContext } from "$lib/ipc/context";
import { fakeBackend, type FakeBackend } from "$lib/ipc/fake";
import { deliverScan } from "$lib/scan/bus";
import ScannerSettings from "./ScannerSettings.svelte";

let backend: FakeBackend;

beforeEach(() => {
  setUiLocale("en");
  backend = fakeBackend({
    usbDevices: [
      { id: "0c2e:0b61", product: "Xenon 1950g", maker: "Honeywell (Metrologic)", chosen: false },
      { id: "046d:c31c", product: "USB Keyboard", maker: null, chosen: false },
    ],
  });
  render(ScannerSettings, { context: backendContext(backend) });
});

const calls = (method: string) => backend.calls.filter((c) => c.method === method);

describe("scanner settings", () => {
  it("lists the USB devices with their maker and reads the one chosen", async () => {
    const scanner = await screen.findByTestId("usb-0c2e:0b61");
    expect(scanner.textContent).toContain("Honeywell (Metrologic)");
    expect(scanner.getAttribute("aria-pressed")).toBe("false");
    await fireEvent.click(scanner);
    await waitFor(() => expect(screen.getByTestId("usb-0c2e:0b61").getAttribute("aria-pressed")).toBe("true"));
    expect(calls("setScannerSettings").at(-1)?.args[0]).toMatchObject({ usb: ["0c2e:0b61"], layout: "us" });
    // Chosen, then unplugged: it stays listed, marked not connected.
    await fireEvent.click(screen.getByTestId("layout-fr"));
    await waitFor(() => expect(calls("setScannerSettings").at(-1)?.args[0]).toMatchObject({ layout: "fr" }));
  });

  it("keeps the keyboard wedge's timing", async () => {
    const gap = (await screen.findByTestId("wedge-gap")) as HTMLInputElement;
    expect(gap.value).toBe("30");
    await fireEvent.input(gap, { target: { value: "45" } });
    await fireEvent.click(screen.getByTestId("wedge-gap-save"));
    await waitFor(() => expect(calls("setScannerSettings").at(-1)?.args[0]).toMatchObject({ wedgeGapMs: 45 }));
  });

  it("keeps a serial port, and says why a bad setting is refused", async () => {
    const input = (await screen.findByTestId("serial-path")) as HTMLInputElement;
    await fireEvent.input(input, { target: { value: " /dev/ttyACM0 " } });
    await fireEvent.click(screen.getByTestId("serial-save"));
    await waitFor(() => expect(calls("setScannerSettings").at(-1)?.args[0]).toMatchObject({ serial: "/dev/ttyACM0" }));
    backend.failNext("setScannerSettings", "invalid_input", "\"zebra\" is not a USB id: write the vendor and product id in hex, like 0c2e:0b61");
    await fireEvent.click(screen.getByTestId("serial-save"));
    expect((await screen.findByTestId("scanners-error")).textContent).toContain("is not a USB id");
  });

  it("tests each scan: GS shown, elements listed, green when valid and red when not", async () => {
    await screen.findByTestId("scan-test");
    deliverScan({ text: "]C10109506000134352\x1d21SN-42", at: 0, source: { kind: "usb", vid: 0x0c2e, pid: 0x0b61, mode: "hid_pos" } });
    const row = await screen.findByTestId("scan-test-row");
    expect(row.textContent).toContain("]C10109506000134352<GS>21SN-42");
    expect(row.textContent).toContain("GS1 barcode");
    expect(row.textContent).toContain("(21) SERIAL SN-42");
    expect(row.textContent).toContain("from USB 0c2e:0b61 (HID POS)");
    expect(screen.getByTestId("scan-test").dataset.flash).toBe("ok");

    deliverScan({ text: "4006381333932", at: 1 });
    await waitFor(() => expect(screen.getAllByTestId("scan-test-row")).toHaveLength(2));
    const bad = screen.getAllByTestId("scan-test-row")[0];
    expect(bad.textContent).toContain("GTIN-13 4006381333932 has check digit 2, expected 1");
    expect(bad.textContent).toContain("from the keyboard");
    expect(bad.classList.contains("bad")).toBe(true);
    expect(screen.getByTestId("scan-test").dataset.flash).toBe("bad");
  });
});
