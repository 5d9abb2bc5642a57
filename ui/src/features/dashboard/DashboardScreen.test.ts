import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../../App.svelte";
import { fakeBackend } from "$lib/ipc/fake";
import { setUiLocale } from "$lib/i18n/index.svelte";
import { labelText, seriesText, sourceText, valueText } from "./words";

const as = (badge: string, name: string, role: "inspector" | "lead" | "admin") => ({
  user: { badge, name, role, active: true },
  locked: false,
  idleLockSeconds: 600,
  usersKnown: true,
});
const lead = as("EMP2001", "Karim Diallo", "lead");

/** The app with the dashboard (F10) in front. */
async function openDashboard(backend: ReturnType<typeof fakeBackend>) {
  render(App, { props: { backend } });
  await screen.findByTestId("scan-input");
  await fireEvent.keyDown(window, { key: "F10" });
}

/** The numbers a chart panel shows: rows of label and values, as written on screen. */
function shown(id: string): string[][] {
  const panel = screen.getByTestId(`chart-${id}`);
  return [...within(panel).getAllByRole("row")].slice(1).map((r) => [...r.children].map((c) => c.textContent ?? ""));
}

describe("dashboard", () => {
  it("shows the lead the shift's tiles and every chart's numbers in words", async () => {
    setUiLocale("en");
    const backend = fakeBackend({ session: lead });
    await openDashboard(backend);
    expect((await screen.findByTestId("tile-graded")).textContent).toContain("12");
    expect(screen.getByTestId("dashboard-span").textContent).toContain("Shift 06:00–14:00");
    expect(screen.getByTestId("dashboard-source").textContent).toBe("PAR1-01");
    expect(screen.getByTestId("tile-dwell").textContent).toContain("38.5 min");
    expect(screen.getByTestId("tile-recovery").textContent).toContain("611.40");
    const view = await backend.dashboard({ kind: "shift" });
    for (const c of view.kpis.charts) {
      // One panel per chart, one row per label, each value as the CSV writes it.
      const rows = shown(c.id);
      expect(rows.map((r) => r[0])).toEqual(c.labels.map((l) => labelText(c.labelKind, l)));
      rows.forEach((r, i) => expect(r.slice(1)).toEqual(c.series.map((s) => valueText(s.values[i], c.measure))));
    }
    expect(shown("disposition_mix")[0]).toEqual(["Restock", "7"]);
    expect(shown("waiting_by_age").map((r) => r[0])).toEqual(["under 1 h", "1–4 h", "4–24 h", "24 h and more"]);
    const head = within(screen.getByTestId("chart-reasons_by_category")).getAllByRole("row")[0];
    expect([...head.children].map((h) => h.textContent)).toEqual(["", "Defective", "Size too small"]);
  });

  it("moves when a unit waits for a lead, and exports a chart", async () => {
    setUiLocale("en");
    const backend = fakeBackend({ session: lead });
    const parcel = await backend.scanParcel("RMA-100234");
    const unit = await backend.startUnit(parcel.parcelId, "4006381333931");
    const answers = unit.questions
      .filter((q) => q.kind !== "serial")
      .map((q) => ({ questionId: q.id, key: q.kind === "yes_no" ? "Y" : "1" }));
    await backend.confirmUnit(unit.unitId, answers, ["override_requested"]);
    await openDashboard(backend);
    expect((await screen.findByTestId("tile-graded")).textContent).toContain("13");
    expect(screen.getByTestId("tile-waiting").textContent).toContain("1 to grade · 1 for a lead");
    await fireEvent.click(screen.getByTestId("export-flag_rates"));
    expect((await screen.findByTestId("exported-flag_rates")).textContent).toBe("Saved to /bench/exports/flag_rates.csv");
    expect(backend.calls.find((c) => c.method === "exportChart")?.args).toEqual([{ kind: "shift" }, "flag_rates"]);
  });

  it("shows chosen days, and says so when they run backwards", async () => {
    setUiLocale("en");
    const backend = fakeBackend({ session: lead });
    await openDashboard(backend);
    await screen.findByTestId("tile-graded");
    await fireEvent.input(screen.getByTestId("period-from"), { target: { value: "2026-11-20" } });
    await fireEvent.input(screen.getByTestId("period-to"), { target: { value: "2026-11-26" } });
    await fireEvent.click(screen.getByTestId("period-dates"));
    await waitFor(() => expect(screen.getByTestId("dashboard-span").textContent).toContain("Days 2026-11-20 to 2026-11-26"));
    expect(backend.calls.filter((c) => c.method === "dashboard").at(-1)?.args).toEqual([
      { kind: "dates", from: "2026-11-20", to: "2026-11-26" },
    ]);
    await fireEvent.input(screen.getByTestId("period-to"), { target: { value: "2026-11-01" } });
    await fireEvent.click(screen.getByTestId("period-dates"));
    expect((await screen.findByTestId("dashboard-error")).textContent).toContain("the dates run backwards");
    // The numbers on screen still say which days they are.
    expect(screen.getByTestId("dashboard-span").textContent).toContain("Days 2026-11-20 to 2026-11-26");
    // F4: back to the shift.
    await fireEvent.keyDown(window, { key: "F4" });
    await waitFor(() => expect(screen.getByTestId("dashboard-span").textContent).toContain("Shift"));
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(await screen.findByTestId("scan-input")).toBeTruthy();
  });

  it("tells an inspector it is not their role", async () => {
    setUiLocale("en");
    const backend = fakeBackend({ session: as("EMP1001", "Inès Moreau", "inspector") });
    await openDashboard(backend);
    const error = await screen.findByTestId("dashboard-error");
    expect(error.dataset.code).toBe("forbidden");
    expect(screen.queryByTestId("tile-graded")).toBeNull();
  });

  it("words numbers and labels in French", () => {
    setUiLocale("fr");
    expect(valueText(611.4, "money")).toBe("611,40");
    expect(valueText(7, "units")).toBe("7");
    expect(labelText("disposition", "restock")).toBe("Remise en stock");
    expect(labelText("sku", "TEE-NAVY-M")).toBe("TEE-NAVY-M");
    expect(seriesText("NOT_ON_RETURN")).toBe("absent du retour");
    setUiLocale("en");
  });

  it("shows calibration agreement and the inspectors drifting first", async () => {
    setUiLocale("en");
    await openDashboard(fakeBackend({ session: lead }));
    const tile = await screen.findByTestId("tile-calibration");
    expect(tile.textContent).toContain("80.0 %");
    expect(tile.textContent).toContain("15 re-graded · 2.0 % offered");
    expect(tile.classList.contains("warn")).toBe(true);
    const rows = screen.getAllByTestId("drift-row");
    expect(rows[0].textContent).toContain("drifting");
    expect(rows[0].textContent).toContain("Marc Petit");
    expect(rows[0].textContent).toContain("60.0 % of 5 lately · 87.5 % of 8 before");
    expect(rows[1].textContent).toContain("90.0 % of 10 lately · — of 0 before");
    expect(rows[1].textContent).not.toContain("drifting");
    expect(shown("calibration_by_inspector")).toEqual([
      ["Inès Moreau", "90.0", "100.0"],
      ["Marc Petit", "60.0", "80.0"],
    ]);
  });
  it("says whose units it counts: the site's benches through central, or this bench alone and why", () => {
    setUiLocale("en");
    expect(sourceText({ benches: ["S1-01", "S1-02", "S1-03"], central: true, centralError: null })).toBe(
      "S1-01 and the site's other benches through central: S1-02, S1-03",
    );
    expect(sourceText({ benches: ["S1-01"], central: true, centralError: null })).toBe(
      "S1-01 and the site's other benches through central: none yet",
    );
    expect(sourceText({ benches: ["S1-01"], central: false, centralError: "central did not answer within 5 s" })).toBe(
      "S1-01 only: the other benches' units are missing (central did not answer within 5 s)",
    );
    expect(sourceText({ benches: ["S1-01"], central: false, centralError: null })).toBe("S1-01");
    expect(sourceText({ benches: ["S1-01", "S1-02"], central: true, centralError: "re-grades: central refused: x" })).toBe(
      "S1-01 and the site's other benches through central: S1-02 (re-grades: central refused: x)",
    );
  });
});
