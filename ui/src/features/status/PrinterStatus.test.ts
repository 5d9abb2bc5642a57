import { render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { setUiLocale } from "$lib/i18n/index.svelte";
import { backendContext } from "$lib/ipc/context";
import { fakeBackend } from "$lib/ipc/fake";
import PrinterStatus from "./PrinterStatus.svelte";

describe("PrinterStatus", () => {
  it("says nothing when the bench has no printer", async () => {
    setUiLocale("en");
    const backend = fakeBackend();
    render(PrinterStatus, { context: backendContext(backend) });
    await waitFor(() => expect(backend.calls.some((c) => c.method === "printStatus")).toBe(true));
    expect(screen.queryByTestId("printer-status")).toBeNull();
  });

  it("shows the printer's own reason in red and how many labels wait, asking again every interval", async () => {
    setUiLocale("en");
    const printStatus = {
      printer: "socket://10.0.0.7:9100",
      waiting: 2,
      failed: 0,
      trouble: "the printer socket://10.0.0.7:9100 cannot print: paper out",
      troubleLpn: "LPN0010000007",
    };
    const backend = fakeBackend({ printStatus });
    render(PrinterStatus, { props: { everyMs: 20 }, context: backendContext(backend) });
    const bar = await screen.findByTestId("printer-status");
    expect(bar.dataset.state).toBe("trouble");
    expect(bar.textContent).toContain("paper out — 2 label(s) waiting");
    await waitFor(() => expect(backend.calls.filter((c) => c.method === "printStatus").length).toBeGreaterThan(2));
  });

  it("is green when the printer is ready", async () => {
    setUiLocale("fr");
    const backend = fakeBackend({
      printStatus: { printer: "file:///srv/labels", waiting: 0, failed: 0, trouble: null, troubleLpn: null },
    });
    render(PrinterStatus, { context: backendContext(backend) });
    const bar = await screen.findByTestId("printer-status");
    expect(bar.dataset.state).toBe("ok");
    expect(bar.textContent).toContain("Imprimante prête");
  });
});
