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
});
