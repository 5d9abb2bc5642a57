import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "../../App.svelte";
import { fakeBackend } from "$lib/ipc/fake";
import { setUiLocale } from "$lib/i18n/index.svelte";

const nobody = { user: null, locked: true, idleLockSeconds: 600, usersKnown: true };

describe("login", () => {
  it("asks a badge (scanned) then the PIN; a wrong PIN says so and keeps the badge", async () => {
    setUiLocale("en");
    const backend = fakeBackend({ session: nobody });
    render(App, { props: { backend } });
    expect(await screen.findByText("Scan your badge")).toBeTruthy();
    // Behind the login the scan screen does not take scans.
    await waitFor(() => expect(backend.calls.some((c) => c.method === "listenScans")).toBe(true));
    backend.emitScan({ text: "EMP2001", symbology: null, source: { kind: "serial", path: "/dev/ttyACM0" }, at: 1 });
    expect((await screen.findByTestId("login-pin-title")).textContent).toBe("PIN for EMP2001");
    expect(backend.calls.some((c) => c.method === "scanParcel")).toBe(false);

    const pin = screen.getByTestId("login-pin");
    await fireEvent.input(pin, { target: { value: "1111" } });
    await fireEvent.keyDown(pin, { key: "Enter" });
    const error = await screen.findByTestId("login-error");
    expect(error.dataset.code).toBe("wrong_pin");
    expect((screen.getByTestId("login-pin") as HTMLInputElement).value).toBe("");

    await fireEvent.input(screen.getByTestId("login-pin"), { target: { value: "4826" } });
    await fireEvent.keyDown(screen.getByTestId("login-pin"), { key: "Enter" });
    await waitFor(() => expect(screen.queryByTestId("login")).toBeNull());
    expect(screen.getByTestId("status-user").textContent).toContain("Karim Diallo");
    expect(screen.getByTestId("status-user").textContent).toContain("lead");
    expect(backend.calls.find((c) => c.method === "login")?.args).toEqual(["EMP2001", "1111"]);
  });

  it("F9 locks the bench over the work; the same user goes on where they were", async () => {
    setUiLocale("en");
    const backend = fakeBackend();
    render(App, { props: { backend } });
    const input = await screen.findByTestId("scan-input");
    await fireEvent.input(input, { target: { value: "RMA-100234" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect((await screen.findByTestId("return-number")).textContent).toBe("RMA-100234");

    await fireEvent.keyDown(window, { key: "F9" });
    expect((await screen.findByTestId("login-locked-by")).textContent).toContain("Inès Moreau was working here");
    const badge = screen.getByTestId("login-badge");
    await fireEvent.input(badge, { target: { value: "EMP1001" } });
    await fireEvent.keyDown(badge, { key: "Enter" });
    await fireEvent.input(await screen.findByTestId("login-pin"), { target: { value: "2580" } });
    await fireEvent.keyDown(screen.getByTestId("login-pin"), { key: "Enter" });
    await waitFor(() => expect(screen.queryByTestId("login")).toBeNull());
    // The same inspector: the parcel is still open.
    expect(screen.getByTestId("return-number").textContent).toBe("RMA-100234");

    // Another user takes over: the screens start again.
    await fireEvent.keyDown(window, { key: "F9" });
    const again = await screen.findByTestId("login-badge");
    await fireEvent.input(again, { target: { value: "EMP2001" } });
    await fireEvent.keyDown(again, { key: "Enter" });
    await fireEvent.input(await screen.findByTestId("login-pin"), { target: { value: "4826" } });
    await fireEvent.keyDown(screen.getByTestId("login-pin"), { key: "Enter" });
    expect(await screen.findByTestId("scan-input")).toBeTruthy();
    expect(screen.queryByTestId("return-number")).toBeNull();
  });

  it("a command refused because the bench locked itself brings the login up", async () => {
    setUiLocale("en");
    const backend = fakeBackend();
    render(App, { props: { backend } });
    const input = await screen.findByTestId("scan-input");
    backend.failNext("scanParcel", "not_signed_in", "the bench is locked (Inès Moreau was idle)");
    await backend.lock();
    await fireEvent.input(input, { target: { value: "RMA-100234" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(await screen.findByTestId("login")).toBeTruthy();
  });
});

describe("login by fast keys", () => {
  it("takes a PIN typed as fast as a scanner types at the PIN step", async () => {
    setUiLocale("en");
    const backend = fakeBackend({ session: nobody });
    render(App, { props: { backend } });
    await screen.findByTestId("login-badge");
    await waitFor(() => expect(backend.calls.some((c) => c.method === "listenScans")).toBe(true));
    backend.emitScan({ text: "EMP9001", symbology: null, source: { kind: "serial", path: "/dev/ttyACM0" }, at: 1 });
    await screen.findByTestId("login-pin");
    backend.emitScan({ text: "9173", symbology: null, source: { kind: "serial", path: "/dev/ttyACM0" }, at: 2 });
    await waitFor(() => expect(screen.queryByTestId("login")).toBeNull());
    expect(screen.getByTestId("status-user").textContent).toContain("Sofia Admin");
  });
});
