import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { installWedge, type Scan } from "./wedge";

let clock = 0;
let scans: Scan[] = [];
let seen: string[] = [];
let seenCodes: string[] = [];
let uninstall: () => void;
const record = (e: KeyboardEvent) => {
  seen.push(e.key);
  seenCodes.push(e.code);
};

/** A keydown at `clock`; a printable key the page did not stop lands in a focused input. */
function press(target: EventTarget, key: string, extra: KeyboardEventInit = {}): KeyboardEvent {
  const e = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...extra });
  Object.defineProperty(e, "timeStamp", { value: clock });
  target.dispatchEvent(e);
  if (!e.defaultPrevented && key.length === 1 && target instanceof HTMLInputElement) target.value += key;
  return e;
}

function typeInto(target: EventTarget, text: string, gap: number) {
  for (const ch of text) {
    press(target, ch);
    clock += gap;
    vi.advanceTimersByTime(gap);
  }
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  vi.spyOn(performance, "now").mockImplementation(() => clock);
  clock = 1000;
  scans = [];
  seen = [];
  seenCodes = [];
  uninstall = installWedge(window, (s) => scans.push(s));
  window.addEventListener("keydown", record);
});

afterEach(() => {
  uninstall();
  window.removeEventListener("keydown", record);
  vi.useRealTimers();
  vi.restoreAllMocks();
  document.body.innerHTML = "";
});

describe("installWedge", () => {
  it("turns a burst typed into a field into one scan and clears what it typed", () => {
    const input = document.createElement("input");
    input.value = "ab";
    document.body.append(input);
    input.focus();
    typeInto(input, "RMA-100234", 5);
    const enter = press(input, "Enter");
    expect(enter.defaultPrevented).toBe(true);
    expect(scans.map((s) => s.text)).toEqual(["RMA-100234"]);
    expect(input.value).toBe("ab");
  });

  it("leaves slow typing and its Enter to the field", () => {
    const input = document.createElement("input");
    document.body.append(input);
    typeInto(input, "RMA-1", 150);
    const enter = press(input, "Enter");
    expect(enter.defaultPrevented).toBe(false);
    expect(scans).toEqual([]);
    expect(input.value).toBe("RMA-1");
  });

  it("never erases from a field the burst did not type into", () => {
    const input = document.createElement("input");
    document.body.append(input);
    input.focus();
    typeInto(input, "ab", 200);
    input.blur();
    typeInto(document.body, "GRADE A", 4);
    press(document.body, "Enter");
    expect(scans.map((s) => s.text)).toEqual(["GRADE A"]);
    expect(input.value).toBe("ab");
  });

  it("holds a shortcut key outside fields and gives it back after the gap", () => {
    press(document.body, "y", { code: "KeyY" });
    expect(seen).toEqual([]);
    clock += 40;
    vi.advanceTimersByTime(40);
    expect(seen).toEqual(["y"]);
    expect(seenCodes).toEqual(["KeyY"]);
  });

  it("lets no key of a burst outside fields reach the screen", () => {
    typeInto(document.body, "4006381333931", 4);
    press(document.body, "Enter");
    vi.advanceTimersByTime(100);
    expect(seen).toEqual([]);
    expect(scans.map((s) => s.text)).toEqual(["4006381333931"]);
  });

  it("reads Ctrl+] as the GS1 separator", () => {
    typeInto(document.body, "0104006381333931", 3);
    press(document.body, "]", { ctrlKey: true });
    clock += 3;
    typeInto(document.body, "10LOT", 3);
    press(document.body, "Enter");
    expect(scans.map((s) => s.text)).toEqual(["0104006381333931\x1d10LOT"]);
  });

  it("holds an empty digit-shortcut field's digits, so a GTIN burst never picks a line", () => {
    const input = document.createElement("input");
    input.dataset.wedgeDigits = "";
    document.body.append(input);
    input.focus();
    const picked: string[] = [];
    input.addEventListener("keydown", (e) => picked.push(e.key));
    typeInto(input, "4006381333931", 4);
    press(input, "Enter");
    vi.advanceTimersByTime(100);
    // "4" was held (it would pick line 4), and so was the rest of its run: nothing reached the field.
    expect(picked).toEqual([]);
    expect(input.value).toBe("");
    expect(scans.map((s) => s.text)).toEqual(["4006381333931"]);
  });

  it("types a code keyed at human speed into an empty digit-shortcut field in full, in order", () => {
    // Seen in the real window: a GTIN typed with uneven gaps lost its first digits.
    const input = document.createElement("input");
    input.dataset.wedgeDigits = "";
    document.body.append(input);
    input.focus();
    typeInto(input, "3760", 10); // a fast start...
    clock += 60;
    vi.advanceTimersByTime(60); // ...a pause...
    typeInto(input, "187117485", 80); // ...then slow typing
    expect(input.value).toBe("3760187117485");
    expect(scans).toEqual([]);
  });
});
