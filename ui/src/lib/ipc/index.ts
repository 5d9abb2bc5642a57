import type { Backend } from "./backend";
import { isTauri, tauriBackend } from "./tauri";

export type { Backend } from "./backend";
export { BackendError } from "./backend";
export { backendContext, getBackend, setBackend } from "./context";

/** Tauri inside the app; in a plain browser (vite dev, a look at dist/) the demo fake. */
export async function pickBackend(): Promise<{ backend: Backend; demo: boolean }> {
  if (isTauri()) return { backend: tauriBackend, demo: false };
  const { demoBackend } = await import("./fake");
  return { backend: demoBackend(), demo: true };
}
