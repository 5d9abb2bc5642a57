import { render, screen } from "@testing-library/svelte";
import { expect, it } from "vitest";
import { setUiLocale } from "$lib/i18n/index.svelte";
import { backendContext } from "$lib/ipc/context";
import { fakeBackend } from "$lib/ipc/fake";
import InspectScreen from "./InspectScreen.svelte";

const lead = {
  user: { badge: "EMP2001", name: "Karim Diallo", role: "lead" as const, active: true },
  locked: false,
  idleLockSeconds: 600,
  usersKnown: true,
};

it("opened from the HOLD label of a unit sent back, takes the unit up at once and shows the lead's reason", async () => {
  setUiLocale("en");
  const backend = fakeBackend({ session: lead });
  const first = await backend.scanParcel("RMA-100234");
  const unit = await backend.startUnit(first.parcelId, "4006381333931");
  const answers = unit.questions
    .filter((q) => q.kind !== "serial")
    .map((q) => ({ questionId: q.id, key: q.kind === "yes_no" ? "Y" : "1" }));
  const held = await backend.confirmUnit(unit.unitId, answers, ["override_requested"]);
  await backend.sendBack(held.lpn, "the charger is in the box flap", null);

  const parcel = await backend.scanParcel(held.lpn);
  render(InspectScreen, { props: { parcel, onExit: () => {} }, context: backendContext(backend) });
  const banner = await screen.findByTestId("reinspection");
  expect(banner.textContent).toContain("EMP2001 sent this unit back");
  expect(banner.textContent).toContain("the charger is in the box flap");
  expect(banner.textContent).toContain(`old label ${held.lpn} is void`);
  expect(await screen.findByTestId("question")).toBeTruthy();
  expect(backend.calls.filter((c) => c.method === "startUnit").at(-1)?.args).toEqual([first.parcelId, "4006381333931"]);
});
