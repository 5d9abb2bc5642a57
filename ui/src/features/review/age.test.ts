import { describe, expect, it } from "vitest";
import { waitedFor } from "./age";

describe("waitedFor", () => {
  it("says minutes, then hours and minutes, then days", () => {
    expect(waitedFor(-5)).toBe("0 min");
    expect(waitedFor(59 * 60_000 + 59_000)).toBe("59 min");
    expect(waitedFor(125 * 60_000)).toBe("2 h 05");
    expect(waitedFor(49 * 3_600_000)).toBe("2 d");
  });
});
