import { render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { SyncView } from "$lib/gen/SyncView";
import { setUiLocale } from "$lib/i18n/index.svelte";
import { backendContext } from "$lib/ipc/context";
import { fakeBackend } from "$lib/ipc/fake";
import SyncStatus from "./SyncStatus.svelte";

const base: SyncView = {
  configured: true,
  centralBench: "LIL1/B1",
  online: true,
  attempted: true,
  backlog: 0,
  oldestWaiting: null,
  lastSuccessAt: "2026-11-27T10:31:00Z",
  lastError: null,
  pullDone: null,
  pullTotal: null,
  conflicts: 0,
};

describe("SyncStatus", () => {
  it("says nothing for a bench working alone", async () => {
    setUiLocale("en");
    const backend = fakeBackend();
    render(SyncStatus, { context: backendContext(backend) });
    await waitFor(() => expect(backend.calls.some((c) => c.method === "syncStatus")).toBe(true));
    expect(screen.queryByTestId("sync-status")).toBeNull();
  });

  it("is green when central has everything", async () => {
    setUiLocale("en");
    render(SyncStatus, { context: backendContext(fakeBackend({ syncStatus: base })) });
    const bar = await screen.findByTestId("sync-status");
    expect(bar.dataset.state).toBe("ok");
    expect(bar.textContent).toContain("Central up to date");
  });

  it("says how much waits and why when central is out of reach, with the conflicts for the lead", async () => {
    setUiLocale("fr");
    const syncStatus = {
      ...base,
      online: false,
      backlog: 42,
      lastError: "central is unreachable (connection refused)",
      conflicts: 2,
    };
    render(SyncStatus, { props: { everyMs: 20 }, context: backendContext(fakeBackend({ syncStatus })) });
    const bar = await screen.findByTestId("sync-status");
    expect(bar.dataset.state).toBe("offline");
    expect(bar.textContent).toContain("Central hors ligne — 42 modification(s) gardées ici");
    expect(bar.textContent).toContain("2 conflit(s) pour le responsable");
    expect(bar.title).toContain("connection refused");
  });

  it("shows a first pull's progress", async () => {
    setUiLocale("en");
    const syncStatus = { ...base, pullDone: 4000, pullTotal: 600000 };
    render(SyncStatus, { context: backendContext(fakeBackend({ syncStatus })) });
    const bar = await screen.findByTestId("sync-status");
    expect(bar.dataset.state).toBe("pulling");
    expect(bar.textContent).toContain("Fetching returns from central: 4000 of 600000");
  });

  it("says it is connecting, not offline, before the first exchange with central", async () => {
    setUiLocale("en");
    const syncStatus = { ...base, online: false, attempted: false, lastSuccessAt: null, backlog: 3 };
    render(SyncStatus, { context: backendContext(fakeBackend({ syncStatus })) });
    const bar = await screen.findByTestId("sync-status");
    expect(bar.dataset.state).toBe("connecting");
    expect(bar.textContent).toContain("Connecting to central… 3 change(s) kept here");
    expect(bar.textContent).not.toContain("offline");
  });
});
