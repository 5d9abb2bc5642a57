import { describe, expect, it } from "vitest";
import { WedgeDetector, isPrintable, type KeyOutcome } from "./wedge";

/** Type `text` starting at `start`, one key every `gap` ms, then `end` after another gap. */
function type(d: WedgeDetector, text: string, start: number, gap: number, end?: string, hold = false) {
  const outcomes: KeyOutcome[] = [];
  let at = start;
  for (const ch of text) {
    outcomes.push(d.key(ch, at, hold));
    at += gap;
  }
  if (end) outcomes.push(d.key(end, at));
  return { outcomes, last: outcomes.at(-1)!, at };
}

describe("WedgeDetector: bursts", () => {
  it("reports a fast burst ending in Enter as one scan", () => {
    const d = new WedgeDetector();
    const { last } = type(d, "1Z999AA10123456784", 1000, 8, "Enter");
    expect(last.verdict).toEqual({
      kind: "scan",
      scan: { text: "1Z999AA10123456784", at: 1000 + 18 * 8 },
      erase: 18,
    });
  });

  it("accepts Tab as a terminator", () => {
    const d = new WedgeDetector();
    expect(type(d, "ABCD", 0, 5, "Tab").last.verdict.kind).toBe("scan");
  });

  it("accepts gaps exactly at the limit and refuses one ms more", () => {
    expect(type(new WedgeDetector(), "ABCD", 0, 30, "Enter").last.verdict.kind).toBe("scan");
    expect(type(new WedgeDetector(), "ABCD", 0, 31, "Enter").last.verdict.kind).toBe("pass");
  });

  it("needs at least minLength characters", () => {
    expect(type(new WedgeDetector(), "ABC", 0, 5, "Enter").last.verdict.kind).toBe("pass");
    expect(type(new WedgeDetector(), "ABCD", 0, 5, "Enter").last.verdict.kind).toBe("scan");
  });

  it("takes its limits from options", () => {
    const d = new WedgeDetector({ maxGapMs: 50, minLength: 2, terminators: ["Enter"] });
    expect(type(d, "AB", 0, 45, "Enter").last.verdict.kind).toBe("scan");
    expect(type(d, "ABCD", 1000, 5, "Tab").last.verdict.kind).toBe("pass");
  });

  it("keeps the GS separator of a GS1 element string", () => {
    const d = new WedgeDetector();
    const code = "0104006381333931\x1d10LOT42\x1d21SN88231";
    const { last } = type(d, code, 0, 3, "Enter");
    expect(last.verdict.kind === "scan" && last.verdict.scan.text).toBe(code);
  });

  it("keeps spaces, as in command barcodes", () => {
    const { last } = type(new WedgeDetector(), "GRADE A", 0, 4, "Enter");
    expect(last.verdict.kind === "scan" && last.verdict.scan.text).toBe("GRADE A");
  });

  it("ignores Shift between the characters of a burst", () => {
    const d = new WedgeDetector();
    let at = 0;
    for (const ch of "AB12") {
      d.key("Shift", at);
      d.key(ch, (at += 2));
      at += 8;
    }
    const out = d.key("Enter", at);
    expect(out.verdict.kind === "scan" && out.verdict.scan.text).toBe("AB12");
  });

  it("reports two bursts in a row as two scans", () => {
    const d = new WedgeDetector();
    const first = type(d, "RMA-1", 0, 5, "Enter").last;
    const second = type(d, "RMA-2", 500, 5, "Enter").last;
    expect(first.verdict.kind === "scan" && first.verdict.scan.text).toBe("RMA-1");
    expect(second.verdict.kind === "scan" && second.verdict.scan.text).toBe("RMA-2");
  });
});

describe("WedgeDetector: typing is left alone", () => {
  it("passes slow typing and its Enter, so the field submits by itself", () => {
    const d = new WedgeDetector();
    const { outcomes } = type(d, "RMA-100234", 0, 120, "Enter");
    expect(outcomes.every((o) => o.verdict.kind === "pass" && o.release.length === 0)).toBe(true);
  });

  it("starts a new run after a pause: slow prefix, then a burst", () => {
    const d = new WedgeDetector();
    type(d, "xy", 0, 200);
    const { last } = type(d, "4006381333931", 1000, 6, "Enter");
    expect(last.verdict).toMatchObject({ kind: "scan", scan: { text: "4006381333931" }, erase: 13 });
  });

  it("drops a run broken by a non-printable key", () => {
    const d = new WedgeDetector();
    type(d, "ABCD", 0, 5);
    d.key("Backspace", 20);
    expect(d.key("Enter", 25).verdict.kind).toBe("pass");
  });

  it("treats a fast burst that never ends in a terminator as typing", () => {
    const d = new WedgeDetector();
    type(d, "ABCDEF", 0, 5);
    expect(d.key("Enter", 500).verdict.kind).toBe("pass");
  });
});

describe("WedgeDetector: held keys (shortcuts outside text fields)", () => {
  it("holds each key and swallows them all when they turn out to be a scan", () => {
    const d = new WedgeDetector();
    const { outcomes, last } = type(d, "12345678", 0, 5, "Enter", true);
    expect(outcomes.slice(0, -1).every((o) => o.verdict.kind === "hold")).toBe(true);
    expect(outcomes.every((o) => o.release.length === 0)).toBe(true);
    expect(last.verdict).toMatchObject({ kind: "scan", erase: 0 });
  });

  it("gives a lone key back once the gap has passed", () => {
    const d = new WedgeDetector();
    expect(d.key("Y", 100, true).verdict.kind).toBe("hold");
    expect(d.holding).toBe(true);
    expect(d.expire(120)).toEqual([]);
    expect(d.expire(131)).toEqual([{ key: "Y", at: 100 }]);
    expect(d.holding).toBe(false);
    expect(d.expire(500)).toEqual([]);
  });

  it("gives held keys back in order before the next slow key", () => {
    const d = new WedgeDetector();
    d.key("N", 0, true);
    const out = d.key("2", 400, true);
    expect(out.release).toEqual([{ key: "N", at: 0 }]);
    expect(out.verdict.kind).toBe("hold");
  });

  it("gives held keys back when a short run ends in Enter", () => {
    const d = new WedgeDetector();
    d.key("1", 0, true);
    const out = d.key("Enter", 10);
    expect(out.release).toEqual([{ key: "1", at: 0 }]);
    expect(out.verdict.kind).toBe("pass");
  });

  it("gives held keys back before a non-printable key that follows quickly", () => {
    const d = new WedgeDetector();
    d.key("Y", 0, true);
    const out = d.key("Backspace", 10);
    expect(out.release.map((k) => k.key)).toEqual(["Y"]);
    expect(out.verdict.kind).toBe("pass");
  });

  it("holds the rest of a run once it holds a key, so nothing is given back out of order", () => {
    const d = new WedgeDetector();
    d.key("4", 0, true); // an empty field's digit shortcut: held
    const rest = type(d, "006381333931", 5, 5, "Enter");
    expect(rest.outcomes.slice(0, -1).every((o) => o.verdict.kind === "hold")).toBe(true);
    expect(rest.last.verdict).toMatchObject({ kind: "scan", scan: { text: "4006381333931" }, erase: 0 });
  });

  it("erases only the characters that reached the field", () => {
    const d = new WedgeDetector();
    type(d, "400", 0, 5); // typed into a field: passed
    const rest = type(d, "6381333931", 15, 5, "Enter").last;
    expect(rest.verdict).toMatchObject({ kind: "scan", scan: { text: "4006381333931" }, erase: 13 });
  });
});

describe("isPrintable", () => {
  it("knows characters from key names", () => {
    expect(["a", "Z", "7", " ", "é", "\x1d", "€"].every(isPrintable)).toBe(true);
    expect(["Enter", "Tab", "Shift", "F2", "Backspace", "Dead", "Unidentified"].some(isPrintable)).toBe(false);
  });
});
