import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ParcelView } from "$lib/gen/ParcelView";
import { setUiLocale } from "$lib/i18n/index.svelte";
import { backendContext } from "$lib/ipc/context";
import { fakeBackend, type FakeBackend } from "$lib/ipc/fake";
import { demoReturn } from "$lib/ipc/fakeData";
import { deliverScan } from "$lib/scan/bus";
import InspectScreen from "./InspectScreen.svelte";

let backend: FakeBackend;
let parcel: ParcelView;
let onExit: () => void;

beforeEach(async () => {
  setUiLocale("en");
  backend = fakeBackend();
  parcel = await backend.scanParcel("RMA-100234");
  onExit = vi.fn();
  render(InspectScreen, { props: { parcel, onExit }, context: backendContext(backend) });
});

const key = (k: string) => fireEvent.keyDown(window, { key: k });
const calls = (method: string) => backend.calls.filter((c) => c.method === method);

async function startUnit(code: string) {
  const input = screen.getByTestId("unit-input");
  await fireEvent.input(input, { target: { value: code } });
  await fireEvent.keyDown(input, { key: "Enter" });
}

describe("InspectScreen", () => {
  it("shows the return and waits for a unit", () => {
    expect(screen.getByTestId("return-number").textContent).toBe("RMA-100234");
    expect(screen.getByTestId("unit-input")).toBe(document.activeElement);
    expect(screen.getByText("Size too small", { exact: false })).toBeTruthy();
    // An open return: no cancellation warning.
    expect(screen.queryByTestId("cancelled-return")).toBeNull();
  });

  it("grades a unit with keys, proposing after each answer, and confirms with Enter", async () => {
    await startUnit("4006381333931");
    const question = await screen.findByTestId("question");
    expect(question.dataset.questionId).toBe("tags");
    expect(screen.getByTestId("option-Y")).toBeTruthy();

    await key("y");
    await waitFor(() => expect(screen.getByTestId("question").dataset.questionId).toBe("condition"));
    expect(calls("propose").at(-1)?.args).toEqual(["U-2", [{ questionId: "tags", key: "Y" }], []]);
    expect(screen.queryByTestId("confirm-ready")).toBeNull();

    await key("3");
    await screen.findByTestId("confirm-ready");
    expect(screen.getByTestId("proposal").textContent).toContain("Liquidate → Lot L-07: grade D, apparel");

    await key("Backspace");
    await waitFor(() => expect(screen.queryByTestId("confirm-ready")).toBeNull());
    expect(screen.getByTestId("question").dataset.questionId).toBe("condition");

    await key("1");
    await screen.findByTestId("confirm-ready");
    expect(screen.getByTestId("proposal").textContent).toContain(
      "Restock → Zone A: grade A, apparel, within 30-day window (rule restock-grade-a)",
    );

    await key("Enter");
    const lpn = await screen.findByTestId("lpn");
    expect(lpn.textContent).toMatch(/^LPN\d{8}$/);
    expect(screen.getByTestId("disposition").dataset.value).toBe("restock");
    expect(screen.getByTestId("label-preview").innerHTML).toContain("<svg");
    expect(calls("confirmUnit")[0].args).toEqual([
      "U-2",
      [
        { questionId: "tags", key: "Y" },
        { questionId: "condition", key: "1" },
      ],
      [],
    ]);
    // Ready for the next unit of the same parcel, with the line's count moved on.
    expect(screen.getByTestId("unit-input")).toBeTruthy();
    expect(screen.getByTestId("inspected-1").textContent).toBe("1 of 2 inspected");
  });

  it("ignores keys that are not an option of the current question", async () => {
    await startUnit("TSH-BLU-M");
    await screen.findByTestId("question");
    await key("7");
    await key("x");
    expect(calls("propose")).toEqual([]);
  });

  it("takes the digit keys of an AZERTY keyboard by their position", async () => {
    await startUnit("4006381333931");
    await screen.findByTestId("question");
    await key("n");
    await waitFor(() => expect(screen.getByTestId("question").dataset.questionId).toBe("condition"));
    await fireEvent.keyDown(window, { key: "&", code: "Digit1" });
    await screen.findByTestId("confirm-ready");
    expect(calls("propose").at(-1)?.args[1]).toEqual([
      { questionId: "tags", key: "N" },
      { questionId: "condition", key: "1" },
    ]);
  });

  it("picks line n with n then Enter", async () => {
    await startUnit("2");
    await screen.findByTestId("question");
    expect(calls("startUnit")[0].args).toEqual([parcel.parcelId, "0012345678905"]);
  });

  it("sends a numeric code typed by hand as a code, not as a line pick", async () => {
    // Seen in review: the first digit of a hand-typed GTIN used to pick a line.
    await startUnit("4006381333931");
    await screen.findByTestId("question");
    expect(calls("startUnit")[0].args).toEqual([parcel.parcelId, "4006381333931"]);
  });

  it("flags a unit that is not on the return", async () => {
    await startUnit("9999999999994");
    expect((await screen.findByTestId("wrong-item")).textContent).toContain("Wrong item");
  });

  it("shows the backend's error by code", async () => {
    backend.failNext("startUnit", "invalid_code", "bad check digit");
    await startUnit("4006381333932");
    const panel = await screen.findByTestId("unit-error");
    expect(panel.dataset.code).toBe("invalid_code");
    expect(panel.textContent).toContain("Code not readable");
    expect(panel.textContent).toContain("4006381333932");
  });

  it("refuses to confirm before the decision is complete", async () => {
    await startUnit("4006381333931");
    await screen.findByTestId("question");
    await key("Enter");
    expect(calls("confirmUnit")).toEqual([]);
  });

  it("leaves the checklist on Escape, then the screen on a second Escape", async () => {
    await startUnit("4006381333931");
    await screen.findByTestId("question");
    await key("Escape");
    expect(screen.queryByTestId("question")).toBeNull();
    expect(screen.getByTestId("unit-input")).toBeTruthy();
    // The bench is told: the unit ends dropped (the parcel can close).
    const started = calls("startUnit").length;
    expect(started).toBe(1);
    await waitFor(() => expect(calls("dropUnit")).toHaveLength(1));
    expect(calls("dropUnit")[0].args).toEqual(["U-2"]);
    expect(onExit).not.toHaveBeenCalled();
    await key("Escape");
    expect(onExit).toHaveBeenCalledOnce();
  });

  it("closes the parcel with F5: lines that came short are listed and a lead is told", async () => {
    await key("F5");
    await waitFor(() => expect(calls("closeParcel").length).toBe(1));
    const short = await screen.findByTestId("parcel-short");
    expect(short.textContent).toContain("fewer units than return RMA-100234 expected");
    expect(short.textContent).toContain("0 of 2 received");
    expect(calls("closeParcel")[0].args).toEqual([parcel.parcelId]);
    // No more units: the picker is gone, and closing again says it was closed already.
    expect(screen.queryByTestId("unit-input")).toBeNull();
    await key("F5");
    expect((await screen.findByTestId("close-error")).dataset.code).toBe("wrong_state");
    // The next scan is the next parcel's: back to the scan screen with it.
    deliverScan({ text: "RMA-100235", at: 0 });
    expect(onExit).toHaveBeenCalledOnce();
    expect(calls("startUnit")).toHaveLength(0);
  });

  it("closes a box of a return sent in two: the other box is named and no lead is told yet", async () => {
    cleanup();
    const twoBoxes = { ...demoReturn, trackingNumbers: ["1Z999AA10123456784", "1Z999AA10123456791"] };
    backend = fakeBackend({ returns: [twoBoxes] });
    parcel = await backend.scanParcel("1Z999AA10123456784");
    render(InspectScreen, { props: { parcel, onExit }, context: backendContext(backend) });
    await key("F5");
    const waiting = await screen.findByTestId("parcel-boxes-to-come");
    expect(waiting.textContent).toContain("Return RMA-100234 has 1 more box(es) to come (1Z999AA10123456791)");
    expect(waiting.textContent).toContain("line 1 TSH-BLU-M: 0 of 2 so far");
    expect(screen.queryByTestId("parcel-short")).toBeNull();
  });
});
