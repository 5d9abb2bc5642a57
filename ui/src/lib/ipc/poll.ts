/**
 * Asks `ask` now and every `everyMs`, handing each answer to `got` and each
 * failure to `failed` (after the component is gone, neither is called).
 * Returns the stop function, for an `$effect` to return.
 */
export function poll<T>(ask: () => Promise<T>, everyMs: number, got: (value: T) => void, failed: () => void): () => void {
  let stopped = false;
  const once = async () => {
    try {
      const value = await ask();
      if (!stopped) got(value);
    } catch {
      if (!stopped) failed();
    }
  };
  void once();
  const timer = setInterval(() => void once(), everyMs);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
