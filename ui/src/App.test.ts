import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import App from "./App.svelte";
import { demoStatus } from "./lib/ipc/fakeData";
import { fakeBackend } from "./lib/ipc/fake";

describe("App", () => {
  it("starts in the bench's locale, switches language in Settings, and goes scan → inspect → scan", async () => {
    const backend = fakeBackend({ status: { ...demoStatus, locale: "fr" } });
    render(App, { props: { backend } });
    expect(await screen.findByText("Scannez un colis")).toBeTruthy();

    await fireEvent.keyDown(window, { key: "F2" });
    expect(screen.getByTestId("data-dir").textContent).toBe(demoStatus.dataDir);
    await fireEvent.click(screen.getByTestId("locale-en"));
    await waitFor(() => expect(screen.getByText("Scan a parcel")).toBeTruthy());
    expect(backend.calls.find((c) => c.method === "setLocale")?.args).toEqual(["en"]);
    await fireEvent.keyDown(window, { key: "F2" });
    expect(screen.queryByTestId("settings")).toBeNull();

    const input = screen.getByTestId("scan-input");
    await fireEvent.input(input, { target: { value: "RMA-100234" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect((await screen.findByTestId("return-number")).textContent).toBe("RMA-100234");

    await fireEvent.keyDown(window, { key: "Escape" });
    expect(await screen.findByTestId("scan-input")).toBeTruthy();
  });
});
