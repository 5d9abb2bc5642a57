import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { setUiLocale } from "$lib/i18n/index.svelte";
import { backendContext } from "$lib/ipc/context";
import { fakeBackend, type FakeBackend } from "$lib/ipc/fake";
import PrinterSettings from "./PrinterSettings.svelte";

let backend: FakeBackend;

beforeEach(() => {
  setUiLocale("en");
  backend = fakeBackend();
  render(PrinterSettings, { context: backendContext(backend) });
});

const calls = (method: string) => backend.calls.filter((c) => c.method === method);

async function choose(uri: string) {
  const input = (await screen.findByTestId("printer-uri")) as HTMLInputElement;
  await fireEvent.input(input, { target: { value: uri } });
  await fireEvent.click(screen.getByTestId("printer-save"));
}

describe("printer settings", () => {
  it("says there is no printer, then keeps the one entered and test-prints on it", async () => {
    await waitFor(() => expect(screen.getByTestId("printer-live").textContent).toContain("No printer"));
    expect((screen.getByTestId("printer-test") as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByTestId("printer-template-restock-2x1"));
    await choose("socket://10.0.0.7:9100");
    await waitFor(() => expect((screen.getByTestId("printer-test") as HTMLButtonElement).disabled).toBe(false));
    expect(calls("setPrinter").at(-1)?.args[0]).toEqual({ uri: "socket://10.0.0.7:9100", format: "", dpi: 203, template: "restock-2x1" });
    await waitFor(() => expect(screen.getByTestId("printer-live").textContent).toContain("Printing to socket://10.0.0.7:9100: ready"));
    // The format left to what suits it comes back as ZPL for a socket.
    expect(screen.getByTestId("printer-format-zpl").getAttribute("aria-pressed")).toBe("true");
    await fireEvent.click(screen.getByTestId("printer-test"));
    expect((await screen.findByTestId("printer-test-result")).textContent).toBe("The test label went to socket://10.0.0.7:9100.");
    await waitFor(() => expect(screen.getAllByTestId("print-job")[0].textContent).toContain("TEST-PRINT"));
  });

  it("refuses an address that is not a printer's, with the reason", async () => {
    await choose("lpt1");
    expect((await screen.findByTestId("printer-error")).textContent).toContain("lpt1 is not a printer address; the printer in use stays");
  });

  it("reprints a label, or redirects it to another printer", async () => {
    await choose("file:///srv/labels");
    await waitFor(() => expect((screen.getByTestId("printer-test") as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(screen.getByTestId("printer-test"));
    const first = await screen.findByTestId("print-job");
    const id = first.querySelector("button")!.dataset.testid!.replace("reprint-", "");
    await fireEvent.click(screen.getByTestId(`reprint-${id}`));
    await waitFor(() => expect(calls("reprint").at(-1)?.args).toEqual([id, null]));
    expect((screen.getByTestId(`redirect-${id}`) as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(screen.getByTestId("redirect-uri"), { target: { value: "ipp://cups:631/printers/office" } });
    await fireEvent.click(screen.getByTestId(`redirect-${id}`));
    await waitFor(() => expect(calls("reprint").at(-1)?.args).toEqual([id, "ipp://cups:631/printers/office"]));
    await waitFor(() => expect(screen.getAllByTestId("print-job")[0].textContent).toContain("ipp://cups:631/printers/office"));
    expect(screen.getAllByTestId("print-job")[0].textContent).toContain("reprint");
  });
});
