import { getContext, setContext } from "svelte";
import type { Backend } from "./backend";

const KEY = Symbol("backend");

export function setBackend(backend: Backend): void {
  setContext(KEY, backend);
}

export function getBackend(): Backend {
  const backend = getContext<Backend | undefined>(KEY);
  if (!backend) throw new Error("no Backend in context: App must call setBackend()");
  return backend;
}

/** For component tests: the context map that `render(..., { context })` takes. */
export function backendContext(backend: Backend): Map<symbol, Backend> {
  return new Map([[KEY, backend]]);
}
