import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "./App.svelte";
import { demoStatus } from "./lib/ipc/fakeData";
import { fakeBackend } from "./lib/ipc/fake";
import { setUiLocale } from "./lib/i18n/index.svelte";

describe("App", () => {
  it("starts in the bench's locale, switches language in Settings, and goes scan → inspect → scan", async () => {
    const backend = fakeBackend({ status: { ...demoStatus, locale: "fr" } });
    render(App, { props: { backend } });
    expect(await screen.findByText("Scannez un colis")).toBeTruthy();

    await fireEvent.keyDown(window, { key: "F2" });
    expect(screen.getByTestId("data-dir").textContent).toBe(demoStatus.dataDir);
    // The demo inspector may choose the language; scanners and printer are an admin's.
    expect(screen.getByTestId("settings-admin-only")).toBeTruthy();
    expect(screen.queryByTestId("scanners")).toBeNull();
    await fireEvent.click(screen.getByTestId("locale-en"));
    await waitFor(() => expect(screen.getByText("Scan a parcel")).toBeTruthy());
    expect(backend.calls.find((c) => c.method === "setLocale")?.args).toEqual(["en"]);
    await fireEvent.keyDown(window, { key: "F2" });
    expect(screen.queryByTestId("settings")).toBeNull();

    const input = screen.getByTestId("scan-input");
    await fireEvent.input(input, { target: { value: "RMA-100234" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect((await screen.findByTestId("return-number")).textContent).toBe("RMA-100234");

    await fireEvent.keyDown(window, { key: "Escape" });
    expect(await screen.findByTestId("scan-input")).toBeTruthy();
  });

  it("warns when the parcel's return was cancelled by the shop", async () => {
    setUiLocale("en");
    const backend = fakeBackend({ cancelled: ["RMA-100234"] });
    render(App, { props: { backend } });
    const input = await screen.findByTestId("scan-input");
    await fireEvent.input(input, { target: { value: "RMA-100234" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    const warning = await screen.findByTestId("cancelled-return");
    expect(warning.textContent).toContain("The shop cancelled return RMA-100234");
    expect(warning.getAttribute("role")).toBe("alert");
  });

  it("shows an admin the scanners and the printer in Settings", async () => {
    const backend = fakeBackend({
      session: {
        user: { badge: "EMP9001", name: "Sofia Admin", role: "admin", active: true },
        locked: false,
        idleLockSeconds: 600,
        usersKnown: true,
      },
    });
    render(App, { props: { backend } });
    await screen.findByTestId("scan-input");
    await fireEvent.keyDown(window, { key: "F2" });
    expect(await screen.findByTestId("scanners")).toBeTruthy();
    expect(screen.getByTestId("printer-settings")).toBeTruthy();
    expect(screen.queryByTestId("settings-admin-only")).toBeNull();
  });

  it("tells scans from typing by the gap the scanner settings give", async () => {
    const backend = fakeBackend({ scanners: { wedgeGapMs: 80 } });
    render(App, { props: { backend } });
    await screen.findByText("Scan a parcel");
    await waitFor(() => expect(backend.calls.some((c) => c.method === "scannerSettings")).toBe(true));
    await new Promise((r) => setTimeout(r, 0));
    // 60 ms between characters: too slow for the default 30 ms, a scan at 80 ms.
    let at = 1000;
    for (const key of [..."RMA-100234", "Enter"]) {
      const e = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true });
      Object.defineProperty(e, "timeStamp", { value: at });
      (document.activeElement ?? document.body).dispatchEvent(e);
      at += 60;
    }
    expect((await screen.findByTestId("return-number")).textContent).toBe("RMA-100234");
    expect(backend.calls.find((c) => c.method === "scanParcel")?.args).toEqual(["RMA-100234"]);
  });

  it("takes scans from a USB scanner the bench reads, AIM identifier first", async () => {
    const backend = fakeBackend();
    render(App, { props: { backend } });
    await screen.findByText("Scan a parcel");
    await waitFor(() => expect(backend.calls.some((c) => c.method === "listenScans")).toBe(true));
    backend.emitScan({ text: "RMA-100234", symbology: null, source: { kind: "serial", path: "/dev/ttyACM0" }, at: 1 });
    expect((await screen.findByTestId("return-number")).textContent).toBe("RMA-100234");
    backend.emitScan({ text: "0104006381333931", symbology: "]C1", source: { kind: "usb", vid: 1, pid: 2, mode: "hid_pos" }, at: 2 });
    await waitFor(() => expect(backend.calls.some((c) => c.method === "startUnit" && c.args[1] === "]C10104006381333931")).toBe(true));
  });
});
