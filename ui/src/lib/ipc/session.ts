import type { Backend } from "./backend";
import { BackendError } from "./backend";

/**
 * The backend, telling `signedOut` whenever a command is refused because nobody
 * is logged in (the bench locked itself when idle): the app then shows the login
 * over the work, which stays as it was.
 */
export function watchSignOut(backend: Backend, signedOut: () => void): Backend {
  return new Proxy(backend, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const out: unknown = value.apply(target, args);
        if (out instanceof Promise) {
          out.catch((raw: unknown) => {
            if (BackendError.from(raw).code === "not_signed_in") signedOut();
          });
        }
        return out;
      };
    },
  });
}
