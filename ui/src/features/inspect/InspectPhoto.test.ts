import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { setUiLocale } from "$lib/i18n/index.svelte";
import { backendContext } from "$lib/ipc/context";
import { fakeBackend, type FakeBackend } from "$lib/ipc/fake";
import { demoQuestions, photoQuestion } from "$lib/ipc/fakeData";
import InspectScreen from "./InspectScreen.svelte";

let backend: FakeBackend;

async function open(photos: string[]) {
  setUiLocale("en");
  backend = fakeBackend({ questions: [...demoQuestions, photoQuestion], photos });
  const parcel = await backend.scanParcel("RMA-100234");
  render(InspectScreen, { props: { parcel, onExit: vi.fn() }, context: backendContext(backend) });
  const input = screen.getByTestId("unit-input");
  await fireEvent.input(input, { target: { value: "4006381333931" } });
  await fireEvent.keyDown(input, { key: "Enter" });
  await screen.findByTestId("question");
  await key("y");
  await waitFor(() => expect(screen.getByTestId("question").dataset.questionId).toBe("condition"));
  await key("1");
  await waitFor(() => expect(screen.getByTestId("question").dataset.questionId).toBe("damage_photo"));
}

const key = (k: string) => fireEvent.keyDown(window, { key: k });
const calls = (method: string) => backend.calls.filter((c) => c.method === method);

describe("a photo question", () => {
  beforeEach(() => vi.clearAllMocks());

  it("takes the bench camera's picture on Enter, shows it, and answers with its id", async () => {
    await open(["ab12"]);
    expect(screen.getByTestId("photo-hint").textContent).toContain("newest picture the bench camera saved");
    expect(screen.queryByTestId("confirm-ready")).toBeNull();
    await key("Enter");
    await screen.findByTestId("confirm-ready");
    expect(calls("takePhoto")[0].args.at(-1)).toBe("damage_photo");
    expect(calls("confirmUnit")).toHaveLength(0);
    const id = "ab12".padEnd(64, "0");
    expect(calls("propose").at(-1)?.args[1]).toContainEqual({ questionId: "damage_photo", key: id });
    expect(screen.getByTestId("answer-damage_photo").textContent).toContain("photo taken");
    // Enter now confirms.
    await key("Enter");
    await screen.findByTestId("lpn");
    expect(calls("confirmUnit")).toHaveLength(1);
  });

  it("says so when the camera has saved nothing, and the question stays open", async () => {
    await open([]);
    await key("Enter");
    const error = await screen.findByTestId("unit-error");
    expect(error.dataset.code).toBe("not_found");
    expect(error.textContent).toContain("no photo is waiting");
    expect(screen.getByTestId("question").dataset.questionId).toBe("damage_photo");
  });
});
