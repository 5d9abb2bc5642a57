import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ParcelView } from "$lib/gen/ParcelView";
import { setUiLocale } from "$lib/i18n/index.svelte";
import { backendContext } from "$lib/ipc/context";
import { fakeBackend, type FakeBackend } from "$lib/ipc/fake";
import { demoQuestions, serialQuestion } from "$lib/ipc/fakeData";
import { deliverScan } from "$lib/scan/bus";
import InspectScreen from "./InspectScreen.svelte";

let backend: FakeBackend;
let parcel: ParcelView;

beforeEach(async () => {
  setUiLocale("en");
  backend = fakeBackend({ questions: [...demoQuestions, serialQuestion] });
  parcel = await backend.scanParcel("RMA-100234");
  render(InspectScreen, { props: { parcel, onExit: vi.fn() }, context: backendContext(backend) });
});

const key = (k: string) => fireEvent.keyDown(window, { key: k });
const calls = (method: string) => backend.calls.filter((c) => c.method === method);

async function startUnit(code: string) {
  const input = screen.getByTestId("unit-input");
  await fireEvent.input(input, { target: { value: code } });
  await fireEvent.keyDown(input, { key: "Enter" });
}

async function answerKeys() {
  await screen.findByTestId("question");
  await key("y");
  await waitFor(() => expect(screen.getByTestId("question").dataset.questionId).toBe("condition"));
  await key("1");
  await waitFor(() => expect(screen.getByTestId("question").dataset.questionId).toBe("serial"));
}

describe("a question that takes a serial number", () => {
  it("is skipped when the line expects no serial", async () => {
    await startUnit("4006381333931");
    await screen.findByTestId("question");
    await key("y");
    await key("1");
    await screen.findByTestId("confirm-ready");
    expect(screen.queryByTestId("answer-input")).toBeNull();
  });

  it("takes a typed serial; a wrong one flags the unit for review", async () => {
    await startUnit("0012345678905");
    await answerKeys();
    const input = screen.getByTestId("answer-input") as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    // Typing Y or digits here types them; it does not answer anything else.
    await fireEvent.keyDown(input, { key: "Y" });
    expect(calls("propose")).toHaveLength(2);
    await fireEvent.input(input, { target: { value: "SN-00000" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    await screen.findByTestId("confirm-ready");
    expect(calls("propose").at(-1)?.args[1]).toContainEqual({ questionId: "serial", key: "SN-00000" });
    expect(screen.getByTestId("proposal").textContent).toContain("flagged: serial number does not match");
  });

  it("takes the serial from the unit's GS1 barcode: GTIN picks the line, (21) answers the serial", async () => {
    await startUnit("(01)00012345678905(21)SN-88231");
    await screen.findByTestId("question");
    await key("y");
    await key("1");
    await screen.findByTestId("confirm-ready");
    expect(screen.getByTestId("answer-serial").textContent).toContain("SN-88231");
    expect(calls("propose")[0]?.args[1]).toContainEqual({ questionId: "serial", key: "SN-88231" });
  });

  it("takes back a serial the bench refuses, and says why", async () => {
    await startUnit("0012345678905");
    await answerKeys();
    backend.failNext("propose", "invalid_code", "IMEI 490154203237517 has check digit 7, expected 8");
    deliverScan({ text: "490154203237517", at: 0 });
    await screen.findByText(/IMEI 490154203237517 has check digit 7/);
    await waitFor(() => expect(screen.getByTestId("question").dataset.questionId).toBe("serial"));
    expect(screen.queryByTestId("answer-serial")).toBeNull();
  });

  it("takes the serial from a scan, wherever the focus is", async () => {
    await startUnit("0012345678905");
    await answerKeys();
    deliverScan({ text: "SN-88231", at: 0 });
    await screen.findByTestId("confirm-ready");
    expect(screen.getByTestId("answer-serial").textContent).toContain("SN-88231");
    expect(screen.getByTestId("proposal").textContent).not.toContain("flagged");
  });

  it("refuses an empty serial with a message, and Backspace in the empty field goes back", async () => {
    await startUnit("0012345678905");
    await answerKeys();
    const input = screen.getByTestId("answer-input");
    await fireEvent.keyDown(input, { key: "Enter" });
    expect((await screen.findByTestId("notice")).textContent).toContain("Not accepted");
    await fireEvent.keyDown(input, { key: "Backspace" });
    await waitFor(() => expect(screen.getByTestId("question").dataset.questionId).toBe("condition"));
  });
});

describe("keys pressed faster than the proposals come back", () => {
  it("are answered in order, none lost", async () => {
    await startUnit("4006381333931");
    await screen.findByTestId("question");
    // No await between the keys: the second arrives while the first proposal is on its way.
    void key("n");
    void key("3");
    await screen.findByTestId("confirm-ready");
    expect(calls("propose").at(-1)?.args[1]).toEqual([
      { questionId: "tags", key: "N" },
      { questionId: "condition", key: "3" },
    ]);
  });
});

describe("command barcodes of the bench sheet", () => {
  it("answer, undo and confirm a unit without a key pressed", async () => {
    await startUnit("4006381333931");
    await screen.findByTestId("question");
    deliverScan({ text: "CMD:N", at: 0 });
    await waitFor(() => expect(screen.getByTestId("question").dataset.questionId).toBe("condition"));
    deliverScan({ text: "CMD:UNDO", at: 0 });
    await waitFor(() => expect(screen.getByTestId("question").dataset.questionId).toBe("tags"));
    deliverScan({ text: "CMD:CONFIRM", at: 0 });
    expect((await screen.findByTestId("notice")).textContent).toContain("Not ready to confirm");
    deliverScan({ text: "CMD:Y", at: 0 });
    await waitFor(() => expect(screen.getByTestId("question").dataset.questionId).toBe("condition"));
    deliverScan({ text: "CMD:7", at: 0 });
    expect((await screen.findByTestId("notice")).textContent).toContain("7 is not an answer to this question");
    deliverScan({ text: "CMD:1", at: 0 });
    await screen.findByTestId("confirm-ready");
    deliverScan({ text: "CMD:CONFIRM", at: 0 });
    await screen.findByTestId("lpn");
    expect(calls("confirmUnit")[0].args[1]).toEqual([
      { questionId: "tags", key: "Y" },
      { questionId: "condition", key: "1" },
    ]);
  });

  it("a command scanned on a serial question is a command, not the serial", async () => {
    await startUnit("0012345678905");
    await answerKeys();
    deliverScan({ text: "CMD:UNDO", at: 0 });
    await waitFor(() => expect(screen.getByTestId("question").dataset.questionId).toBe("condition"));
    expect(calls("propose").at(-1)?.args[1]).toEqual([{ questionId: "tags", key: "Y" }]);
  });
});

describe("changing one answer without undoing the others", () => {
  it("a question's hotkey brings it back; the new answer replaces the old in place", async () => {
    await startUnit("4006381333931");
    await screen.findByTestId("question");
    await key("y");
    await waitFor(() => expect(screen.getByTestId("question").dataset.questionId).toBe("condition"));
    await key("1");
    await screen.findByTestId("confirm-ready");
    await key("t"); // the hotkey of "tags"
    await waitFor(() => expect(screen.getByTestId("question").dataset.questionId).toBe("tags"));
    await key("n");
    await waitFor(() => expect(calls("propose").at(-1)?.args[1]).toEqual([
      { questionId: "tags", key: "N" },
      { questionId: "condition", key: "1" },
    ]));
    await screen.findByTestId("confirm-ready");
  });

  it("CMD:Q:<id> does the same from the bench sheet", async () => {
    await startUnit("4006381333931");
    await screen.findByTestId("question");
    await key("y");
    await waitFor(() => expect(screen.getByTestId("question").dataset.questionId).toBe("condition"));
    deliverScan({ text: "CMD:Q:tags", at: 0 });
    await waitFor(() => expect(screen.getByTestId("question").dataset.questionId).toBe("tags"));
    deliverScan({ text: "CMD:Q:battery", at: 0 });
    expect((await screen.findByTestId("notice")).textContent).toContain("No question battery applies");
  });
});

describe("the compact list (F4)", () => {
  it("shows every question that applies with its answer, the current one open", async () => {
    await startUnit("4006381333931");
    await screen.findByTestId("question");
    await key("F4");
    const listed = await screen.findByTestId("checklist-list");
    expect(listed.querySelectorAll("li")).toHaveLength(2);
    expect(screen.getByTestId("row-tags").className).toContain("current");
    await key("y");
    await waitFor(() => expect(screen.getByTestId("row-condition").className).toContain("current"));
    expect(screen.getByTestId("row-tags").textContent).toContain("Y · Yes");
    await key("3");
    await screen.findByTestId("confirm-ready");
    await key("F4");
    expect(screen.queryByTestId("checklist-list")).toBeNull();
  });
});

describe("flags the inspector raises by hand", () => {
  it("F6 marks an empty box: no question left, held, and F6 again takes it back", async () => {
    await startUnit("4006381333931");
    await screen.findByTestId("question");
    await key("F6");
    await screen.findByTestId("confirm-ready");
    expect(screen.getByTestId("raised-empty_box").textContent).toContain("Empty box");
    expect(calls("propose").at(-1)?.args).toEqual(["U-2", [], ["empty_box"]]);
    expect(screen.getByTestId("proposal-flags").textContent).toContain("empty box");
    await key("F6");
    await waitFor(() => expect(screen.queryByTestId("confirm-ready")).toBeNull());
    expect(screen.queryByTestId("raised-empty_box")).toBeNull();
  });

  it("CMD:LEAD asks for the lead; the confirmed unit waits for review", async () => {
    await startUnit("4006381333931");
    await screen.findByTestId("question");
    deliverScan({ text: "CMD:LEAD", at: 0 });
    await screen.findByTestId("raised-override_requested");
    await key("y");
    await waitFor(() => expect(screen.getByTestId("question").dataset.questionId).toBe("condition"));
    await key("1");
    await screen.findByTestId("confirm-ready");
    await key("Enter");
    expect((await screen.findByTestId("unit-state")).dataset.value).toBe("awaiting_review");
    expect(calls("confirmUnit")[0].args[2]).toEqual(["override_requested"]);
  });
});

describe("undo after changing an answer", () => {
  it("Backspace gives a changed answer its old key back, then takes back the earlier ones", async () => {
    await startUnit("4006381333931");
    await screen.findByTestId("question");
    await key("y");
    await waitFor(() => expect(screen.getByTestId("question").dataset.questionId).toBe("condition"));
    await key("1");
    await screen.findByTestId("confirm-ready");
    await key("t");
    await key("n");
    await waitFor(() => expect(calls("propose").at(-1)?.args[1]).toContainEqual({ questionId: "tags", key: "N" }));
    await key("Backspace");
    await waitFor(() =>
      expect(calls("propose").at(-1)?.args[1]).toEqual([
        { questionId: "tags", key: "Y" },
        { questionId: "condition", key: "1" },
      ]),
    );
    await key("Backspace");
    await waitFor(() => expect(calls("propose").at(-1)?.args[1]).toEqual([{ questionId: "tags", key: "Y" }]));
  });

  it("Backspace while editing a serial edits the serial, not the answers", async () => {
    await startUnit("0012345678905");
    await answerKeys();
    const input = screen.getByTestId("answer-input") as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "SN-1" } });
    const before = calls("propose").length;
    await fireEvent.keyDown(input, { key: "Backspace" });
    expect(calls("propose")).toHaveLength(before);
    expect(screen.getByTestId("question").dataset.questionId).toBe("serial");
  });
});
