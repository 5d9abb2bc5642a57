import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ParcelView } from "$lib/gen/ParcelView";
import { setUiLocale } from "$lib/i18n/index.svelte";
import { backendContext } from "$lib/ipc/context";
import { fakeBackend, type FakeBackend } from "$lib/ipc/fake";
import { deliverScan } from "$lib/scan/bus";
import ScanScreen from "./ScanScreen.svelte";

let backend: FakeBackend;
let onParcel: (parcel: ParcelView) => void;

beforeEach(() => {
  setUiLocale("en");
  backend = fakeBackend();
  onParcel = vi.fn();
  render(ScanScreen, { props: { onParcel }, context: backendContext(backend) });
});

async function typeAndEnter(code: string) {
  const input = screen.getByTestId("scan-input");
  await fireEvent.input(input, { target: { value: code } });
  await fireEvent.keyDown(input, { key: "Enter" });
}

describe("ScanScreen", () => {
  it("loads today's work on start and focuses the scan field", async () => {
    await waitFor(() => expect(backend.calls.map((c) => c.method)).toContain("today"));
    expect(screen.getByTestId("scan-input")).toBe(document.activeElement);
  });

  it("opens the parcel for a code typed by hand and Enter", async () => {
    await typeAndEnter("1Z999AA10123456784");
    await waitFor(() => expect(onParcel).toHaveBeenCalledOnce());
    expect(vi.mocked(onParcel).mock.calls[0][0].return.returnNumber).toBe("RMA-100234");
  });

  it("submits a scanner burst delivered from anywhere", async () => {
    deliverScan({ text: "RMA-100234", at: 0 });
    await waitFor(() => expect(onParcel).toHaveBeenCalledOnce());
  });

  it("shows an unknown code as a red panel with what was scanned and what to try", async () => {
    await typeAndEnter("ZZZ-404");
    const panel = await screen.findByTestId("scan-error");
    expect(panel.dataset.code).toBe("unknown_code");
    expect(panel.textContent).toContain("You scanned: ZZZ-404");
    expect(panel.textContent).toContain("set the parcel aside");
    expect(screen.getByTestId("recent-scans").textContent).toContain("ZZZ-404");
    expect(onParcel).not.toHaveBeenCalled();
  });

  it("words each error code from the catalog", async () => {
    backend.failNext("scanParcel", "not_found", "no such parcel");
    await typeAndEnter("1Z999AA10123456784");
    const panel = await screen.findByTestId("scan-error");
    expect(panel.dataset.code).toBe("not_found");
    expect(panel.textContent).toContain("Not found");
  });

  it("sets a parcel no return matches aside with F6 and a note, and says the label printed", async () => {
    await backend.setPrinter({ uri: "socket://zebra:9100", format: "zpl", dpi: 203, template: "restock-4x6" });
    await typeAndEnter("1Z999AA10000000042");
    expect((await screen.findByTestId("scan-error")).dataset.code).toBe("not_found");
    expect(screen.getByTestId("set-aside-offer").textContent).toContain("F6");
    await fireEvent.keyDown(window, { key: "F6" });
    const note = await screen.findByTestId("set-aside-note");
    await waitFor(() => expect(note).toBe(document.activeElement));
    await fireEvent.input(note, { target: { value: "two shoes, no slip" } });
    await fireEvent.keyDown(note, { key: "Enter" });
    const done = await screen.findByTestId("set-aside-done");
    expect(done.textContent).toContain("1Z999AA10000000042 is set aside: put it on the unmatched shelf.");
    expect(done.textContent).toContain("by EMP1001");
    expect(done.textContent).toContain("two shoes, no slip");
    expect(screen.getByTestId("set-aside-label").textContent).toContain("Exception label printed");
    expect(backend.calls.find((c) => c.method === "setAsideParcel")?.args).toEqual(["1Z999AA10000000042", "two shoes, no slip"]);
    await waitFor(() => expect(screen.getByTestId("scan-input")).toBe(document.activeElement));

    // Scanned again: it waits for a lead (amber), and F6 says it was set aside already.
    await typeAndEnter("1Z999AA10000000042");
    expect((await screen.findByTestId("scan-error")).dataset.code).toBe("wrong_state");
    expect(screen.queryByTestId("set-aside-offer")).toBeNull();
  });

  it("Escape leaves the note without setting anything aside; a wrong kind of code is not offered", async () => {
    await typeAndEnter("RMA-999999");
    await screen.findByTestId("set-aside-offer");
    await fireEvent.keyDown(window, { key: "F6" });
    await fireEvent.keyDown(await screen.findByTestId("set-aside-note"), { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("set-aside-form")).toBeNull());
    expect(backend.calls.some((c) => c.method === "setAsideParcel")).toBe(false);

    backend.failNext("scanParcel", "invalid_code", "4006381333931 is a GTIN code, not a parcel");
    await typeAndEnter("4006381333931");
    await screen.findByTestId("scan-error");
    expect(screen.queryByTestId("set-aside-offer")).toBeNull();
  });

  it("without a printer, tells the inspector to write the code on the parcel", async () => {
    await typeAndEnter("1Z999AA10000000043");
    await screen.findByTestId("set-aside-offer");
    await fireEvent.keyDown(window, { key: "F6" });
    await fireEvent.keyDown(await screen.findByTestId("set-aside-note"), { key: "Enter" });
    expect((await screen.findByTestId("set-aside-label")).textContent).toContain("write the code on the parcel");
  });
});
