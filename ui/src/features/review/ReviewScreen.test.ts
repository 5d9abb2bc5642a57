import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../../App.svelte";
import { fakeBackend } from "$lib/ipc/fake";
import { setUiLocale } from "$lib/i18n/index.svelte";

const lead = {
  user: { badge: "EMP2001", name: "Karim Diallo", role: "lead" as const, active: true },
  locked: false,
  idleLockSeconds: 600,
  usersKnown: true,
};

/** A unit the inspector asked the lead about (held), confirmed through the fake. */
async function heldUnit(backend: ReturnType<typeof fakeBackend>): Promise<string> {
  const parcel = await backend.scanParcel("RMA-100234");
  const unit = await backend.startUnit(parcel.parcelId, "4006381333931");
  const answers = unit.questions
    .filter((q) => q.kind !== "serial")
    .map((q) => ({ questionId: q.id, key: q.kind === "yes_no" ? "Y" : "1" }));
  const done = await backend.confirmUnit(unit.unitId, answers, ["override_requested"]);
  expect(done.state).toBe("awaiting_review");
  return done.lpn;
}

/** The app, with the review queue (F8) in front. */
async function openReview(backend: ReturnType<typeof fakeBackend>) {
  render(App, { props: { backend } });
  await screen.findByTestId("scan-input");
  await fireEvent.keyDown(window, { key: "F8" });
}

describe("review queue", () => {
  it("shows the lead what waits, opens a unit with its answers, and approves it with a reason", async () => {
    setUiLocale("en");
    const backend = fakeBackend({ session: lead });
    const lpn = await heldUnit(backend);
    await openReview(backend);
    const row = await screen.findByTestId("review-row");
    expect(row.dataset.id).toBe(lpn);
    expect(row.textContent).toContain("override requested");
    expect(row.textContent).toContain("EMP2001");
    expect(screen.getByTestId("review-count").textContent).toBe("1 shown of 1 waiting");

    // A filter that keeps nothing, then back to everything.
    await fireEvent.change(screen.getByTestId("filter-flag"), { target: { value: "wrong_item" } });
    expect(await screen.findByTestId("review-empty")).toBeTruthy();
    await fireEvent.change(screen.getByTestId("filter-flag"), { target: { value: "" } });
    await screen.findByTestId("review-row");

    await fireEvent.keyDown(window, { key: "Enter" });
    expect((await screen.findByTestId("review-answers")).textContent).toContain("condition");
    const reason = screen.getByTestId("review-reason");
    await fireEvent.input(reason, { target: { value: "ok" } });
    await fireEvent.keyDown(reason, { key: "Enter" });
    expect((await screen.findByTestId("review-action-error")).dataset.code).toBe("invalid_input");
    await fireEvent.input(reason, { target: { value: "box checked, all there" } });
    await fireEvent.keyDown(reason, { key: "Enter" });
    expect(await screen.findByTestId("review-empty")).toBeTruthy();
    expect(backend.calls.filter((c) => c.method === "approveUnit").at(-1)?.args).toEqual([lpn, "box checked, all there"]);
  });

  it("overrides the grade when the lead picks one", async () => {
    setUiLocale("en");
    const backend = fakeBackend({ session: lead });
    const lpn = await heldUnit(backend);
    await openReview(backend);
    await fireEvent.click(await screen.findByTestId("review-row"));
    await fireEvent.change(await screen.findByTestId("review-grade"), { target: { value: "C" } });
    const reason = screen.getByTestId("review-reason");
    await fireEvent.input(reason, { target: { value: "scratched lid" } });
    await fireEvent.keyDown(reason, { key: "Enter" });
    await screen.findByTestId("review-empty");
    const call = backend.calls.find((c) => c.method === "amendUnit");
    expect(call?.args[0]).toBe(lpn);
    expect(call?.args[1]).toMatchObject({ kind: "override", grade: "C", reason: "scratched lid" });
  });

  it("tells an inspector the queue is a lead's", async () => {
    setUiLocale("en");
    await openReview(fakeBackend());
    expect((await screen.findByTestId("review-error")).dataset.code).toBe("forbidden");
    await fireEvent.keyDown(window, { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("review")).toBeNull());
  });

  it("matches a parcel set aside to a return, and the next scan of it opens that return", async () => {
    setUiLocale("en");
    const backend = fakeBackend({ session: lead });
    await backend.setAsideParcel("1Z999AA10000000042", "two shoes, no slip");
    await openReview(backend);
    const row = await screen.findByTestId("review-row");
    expect(row.textContent).toContain("1Z999AA10000000042");
    expect(row.textContent).toContain("unmatched parcel");
    expect(row.textContent).toContain("two shoes, no slip");
    await fireEvent.change(screen.getByTestId("filter-kind"), { target: { value: "unmatched_parcel" } });
    await screen.findByTestId("review-row");
    await fireEvent.keyDown(window, { key: "Enter" });
    expect((await screen.findByTestId("review-detail")).textContent).toContain("set aside by EMP2001");
    const input = screen.getByTestId("review-reason");
    await fireEvent.input(input, { target: { value: "RMA-000000" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect((await screen.findByTestId("review-action-error")).dataset.code).toBe("not_found");
    await fireEvent.input(input, { target: { value: "RMA-100234" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(await screen.findByTestId("review-empty")).toBeTruthy();
    const parcel = await backend.scanParcel("1Z999AA10000000042");
    expect(parcel.return.returnNumber).toBe("RMA-100234");
    expect(parcel.matchedBy).toBe("EMP2001");
  });

  it("hands a held unit to another lead: Enter in its field, the queue shows whose it is", async () => {
    setUiLocale("en");
    const backend = fakeBackend({ session: lead });
    const lpn = await heldUnit(backend);
    await openReview(backend);
    await screen.findByTestId("review-row");
    // "Handed to me" keeps nothing yet: nobody handed it to this lead.
    const mine = screen.getByTestId("filter-mine") as HTMLInputElement;
    await fireEvent.click(mine);
    expect(await screen.findByTestId("review-empty")).toBeTruthy();
    await fireEvent.click(mine);
    await screen.findByTestId("review-row");
    mine.blur();
    await fireEvent.keyDown(window, { key: "Enter" });
    const to = await screen.findByTestId("review-hand-to");
    await fireEvent.input(to, { target: { value: "EMP1001" } });
    await fireEvent.keyDown(to, { key: "Enter" });
    expect((await screen.findByTestId("review-action-error")).textContent).toContain("EMP1001 is not a lead");
    await fireEvent.input(to, { target: { value: "emp2001" } });
    await fireEvent.keyDown(to, { key: "Enter" });
    expect((await screen.findByTestId("review-said")).textContent).toBe("Handed to EMP2001.");
    expect((await screen.findByTestId("assigned")).textContent).toBe("→ EMP2001");
    // Nothing was approved: the unit still waits, and now "Handed to me" keeps it.
    expect(screen.getByTestId("review-row").dataset.id).toBe(lpn);
    await fireEvent.click(screen.getByTestId("filter-mine"));
    await waitFor(() => expect(backend.calls.at(-1)?.args).toEqual([expect.objectContaining({ mine: true })]));
    expect((await screen.findByTestId("review-row")).dataset.id).toBe(lpn);
    expect(backend.calls.filter((c) => c.method === "approveUnit")).toHaveLength(0);
  });

  it("settles a parcel closed short with a note", async () => {
    setUiLocale("en");
    const backend = fakeBackend({ session: lead });
    const parcel = await backend.scanParcel("RMA-100234");
    const closed = await backend.closeParcel(parcel.parcelId);
    expect(closed.short.length).toBeGreaterThan(0);
    await openReview(backend);
    const row = await screen.findByTestId("review-row");
    expect(row.textContent).toContain("fewer units than expected");
    expect(row.textContent).toContain("of 2");
    await fireEvent.change(screen.getByTestId("filter-kind"), { target: { value: "short_parcel" } });
    await screen.findByTestId("review-row");
    await fireEvent.keyDown(window, { key: "Enter" });
    const detail = await screen.findByTestId("review-detail");
    expect(detail.textContent).toContain("closed by EMP2001");
    expect(detail.textContent).toContain("RMA-100234");
    const input = screen.getByTestId("review-reason");
    await fireEvent.input(input, { target: { value: "ok" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect((await screen.findByTestId("review-action-error")).dataset.code).toBe("invalid_input");
    await fireEvent.input(input, { target: { value: "customer told: refund what arrived" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(await screen.findByTestId("review-empty")).toBeTruthy();
    expect(backend.calls.filter((c) => c.method === "settleShortParcel").at(-1)?.args).toEqual([
      parcel.parcelId,
      "customer told: refund what arrived",
    ]);
  });

  it("sends a held unit back with F6 and a reason; its HOLD label then takes the unit up with the reason shown", async () => {
    setUiLocale("en");
    const backend = fakeBackend({ session: lead });
    const lpn = await heldUnit(backend);
    await openReview(backend);
    await fireEvent.keyDown(await screen.findByTestId("review-row"), { key: "Enter" });
    const reason = await screen.findByTestId("review-reason");
    await fireEvent.input(reason, { target: { value: "no" } });
    await fireEvent.keyDown(reason, { key: "F6" });
    expect((await screen.findByTestId("review-action-error")).dataset.code).toBe("invalid_input");
    await fireEvent.input(reason, { target: { value: "the charger is in the box flap" } });
    const to = screen.getByTestId("review-send-to");
    await fireEvent.input(to, { target: { value: "EMP1001" } });
    await fireEvent.keyDown(to, { key: "Enter" });
    expect(await screen.findByTestId("review-empty")).toBeTruthy();
    expect(backend.calls.filter((c) => c.method === "sendBack").at(-1)?.args).toEqual([lpn, "the charger is in the box flap", "EMP1001"]);
    expect(backend.calls.some((c) => c.method === "approveUnit")).toBe(false);

    const parcel = await backend.scanParcel(lpn);
    expect(parcel.resume).toBe("4006381333931");
    const unit = await backend.startUnit(parcel.parcelId, parcel.resume!);
    expect(unit.reinspection).toEqual({ previousLpn: lpn, by: "EMP2001", reason: "the charger is in the box flap" });
  });

  it("offers a graded unit for a blind re-grade: no grade shown, a letter and Enter record it, the comparison follows", async () => {
    setUiLocale("en");
    const backend = fakeBackend({ session: lead, offerAll: true });
    const parcel = await backend.scanParcel("RMA-100234");
    const unit = await backend.startUnit(parcel.parcelId, "4006381333931");
    const answers = unit.questions
      .filter((q) => q.kind !== "serial")
      .map((q) => ({ questionId: q.id, key: q.kind === "yes_no" ? "Y" : "1" }));
    const done = await backend.confirmUnit(unit.unitId, answers, []);
    await openReview(backend);
    const row = await screen.findByTestId("review-row");
    expect(row.textContent).toContain("blind re-grade");
    expect(row.textContent).not.toContain(done.decision.summary);
    await fireEvent.keyDown(window, { key: "Enter" });
    const detail = await screen.findByTestId("review-detail");
    expect(detail.textContent).toContain("Grade the unit yourself");
    expect(screen.queryByTestId("review-answers")).toBeNull();
    expect(backend.calls.some((c) => c.method === "unitHistory")).toBe(false);
    // Enter before a grade: told to choose one; then C and Enter.
    await fireEvent.keyDown(window, { key: "Enter" });
    expect((await screen.findByTestId("review-action-error")).textContent).toContain("choose a grade");
    await fireEvent.keyDown(window, { key: "c" });
    await fireEvent.keyDown(window, { key: "Enter" });
    const said = await screen.findByTestId("review-said");
    expect(said.textContent).toBe(`${done.lpn}: you graded C, the inspector ${done.decision.grade}: disagree.`);
    expect(backend.calls.filter((c) => c.method === "calibrate").at(-1)?.args).toEqual([done.lpn, "C"]);
    expect(await screen.findByTestId("review-empty")).toBeTruthy();
  });
});
