import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { setUiLocale } from "$lib/i18n/index.svelte";
import { backendContext } from "$lib/ipc/context";
import { fakeBackend, type FakeBackend } from "$lib/ipc/fake";
import ScanScreen from "./ScanScreen.svelte";

let backend: FakeBackend;

/** Grades the demo unit with every choice "3" (grade D): liquidation. */
async function liquidate(b: FakeBackend) {
  const parcel = await b.scanParcel("RMA-100234");
  const unit = await b.startUnit(parcel.parcelId, "4006381333931");
  const answers = unit.questions
    .filter((q) => q.kind !== "serial")
    .map((q) => ({ questionId: q.id, key: q.kind === "yes_no" ? "Y" : "3" }));
  return b.confirmUnit(unit.unitId, answers, []);
}

describe("the liquidation container on the scan screen", () => {
  beforeEach(() => {
    setUiLocale("en");
    backend = fakeBackend();
  });

  it("shows what is inside, and F3 then Enter closes it with its label's fate", async () => {
    const unit = await liquidate(backend);
    expect(unit.decision.disposition).toBe("liquidate");
    render(ScanScreen, { props: { onParcel: vi.fn() }, context: backendContext(backend) });
    const open = await screen.findByTestId("container-open");
    await waitFor(() => expect(open.textContent).toContain("Units inside: 1 · value"));
    expect(screen.queryByTestId("container-close")).toBeNull();

    await fireEvent.keyDown(window, { key: "F3" });
    const button = await screen.findByTestId("container-close");
    await waitFor(() => expect(document.activeElement).toBe(button));
    await fireEvent.click(button);
    const closed = await screen.findByTestId("container-closed");
    expect(closed.textContent).toContain("Container LQ-PAR1-01-0001 closed (units inside: 1)");
    expect(screen.getByTestId("container-label").textContent).toContain("No printer is chosen: print /demo/labels/LQ-PAR1-01-0001.pdf");
    await waitFor(() => expect(screen.getByTestId("container-open").textContent).toContain("Units inside: 0"));
    // The scan field has the focus back for the next parcel.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("scan-input")));
  });

  it("says an empty container cannot be closed, and Escape backs out of closing", async () => {
    render(ScanScreen, { props: { onParcel: vi.fn() }, context: backendContext(backend) });
    await fireEvent.keyDown(window, { key: "F3" });
    const button = await screen.findByTestId("container-close");
    await fireEvent.keyDown(button, { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("container-close")).toBeNull());
    expect(backend.calls.map((c) => c.method)).not.toContain("closeContainer");

    await fireEvent.keyDown(window, { key: "F3" });
    await fireEvent.click(await screen.findByTestId("container-close"));
    const error = await screen.findByTestId("container-error");
    expect(error.dataset.code).toBe("wrong_state");
    expect(error.textContent).toContain("the liquidation container is empty");
  });

  it("speaks French", async () => {
    setUiLocale("fr");
    await liquidate(backend);
    render(ScanScreen, { props: { onParcel: vi.fn() }, context: backendContext(backend) });
    await waitFor(() => expect(screen.getByTestId("container-open").textContent).toContain("Unités dedans : 1"));
  });
});
