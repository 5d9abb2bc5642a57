// Keyboard-wedge scanners type like a keyboard, only faster: a burst of characters a few
// ms apart ending in Enter or Tab. WedgeDetector is the pure timing logic (tested with
// simulated clocks); installWedge() plugs it into window keydown.

import type { ScanSource } from "$lib/gen/ScanSource";

export interface Scan {
  text: string;
  /** When the terminator arrived, in the clock the detector was fed. */
  at: number;
  /** Where it came from; absent for the keyboard wedge. */
  source?: ScanSource;
}

export interface WedgeOptions {
  /** Longest gap between two keys of one burst. */
  maxGapMs: number;
  /** Fewest characters that make a scan. */
  minLength: number;
  /** Keys that end a burst. */
  terminators: readonly string[];
}

export const defaultWedgeOptions: WedgeOptions = {
  maxGapMs: 30,
  minLength: 4,
  terminators: ["Enter", "Tab"],
};

/** A key the detector held back, to be given back to the page if no scan comes of it. */
export interface HeldKey {
  key: string;
  at: number;
}

export type KeyVerdict =
  /** Leave the key to the page. */
  | { kind: "pass" }
  /** Keep the key from the page for now; it comes back in a later `release`. */
  | { kind: "hold" }
  /** The terminator of a burst: swallow it, erase `erase` characters the burst typed into the field. */
  | { kind: "scan"; scan: Scan; erase: number };

export interface KeyOutcome {
  /** Held keys to hand back to the page, in order, before acting on `verdict`. */
  release: HeldKey[];
  verdict: KeyVerdict;
}

/** Keys that come between a burst's characters without breaking it (scanners press Shift). */
const MODIFIERS = new Set(["Shift", "Control", "Alt", "AltGraph", "CapsLock", "Meta", "NumLock"]);

/** One character (GS \x1d included) is printable; "Enter", "F2", "ArrowUp"... are not. */
export function isPrintable(key: string): boolean {
  return [...key].length === 1;
}

interface RunChar extends HeldKey {
  held: boolean;
}

export class WedgeDetector {
  private readonly options: WedgeOptions;
  private run: RunChar[] = [];

  constructor(options: Partial<WedgeOptions> = {}) {
    this.options = { ...defaultWedgeOptions, ...options };
  }

  /**
   * Feed one keydown. `hold` says whether a printable key should be kept from the page
   * until we know it is not part of a scan (true where it would trigger a shortcut).
   */
  key(key: string, at: number, hold = false): KeyOutcome {
    if (MODIFIERS.has(key)) return { release: [], verdict: { kind: "pass" } };
    const release = this.expire(at);

    if (isPrintable(key)) {
      // Once a run holds a key, it holds the rest too, so what it gives back keeps its order.
      const held = hold || this.holding;
      this.run.push({ key, at, held });
      return { release, verdict: { kind: held ? "hold" : "pass" } };
    }

    const run = this.run;
    this.run = [];
    if (this.options.terminators.includes(key) && run.length >= this.options.minLength) {
      const text = run.map((c) => c.key).join("");
      const erase = run.filter((c) => !c.held).length;
      return { release, verdict: { kind: "scan", scan: { text, at }, erase } };
    }
    // Any other key (or a terminator after too short a run) ends the run: give back what we held.
    return { release: [...release, ...heldOf(run)], verdict: { kind: "pass" } };
  }

  /** Call when the clock moves without a key: a run older than the gap is typing, not a scan. */
  expire(now: number): HeldKey[] {
    const last = this.run.at(-1);
    if (!last || now - last.at <= this.options.maxGapMs) return [];
    const run = this.run;
    this.run = [];
    return heldOf(run);
  }

  /** Whether keys are being held, so the caller knows to schedule an `expire`. */
  get holding(): boolean {
    return this.run.some((c) => c.held);
  }

  get maxGapMs(): number {
    return this.options.maxGapMs;
  }
}

function heldOf(run: RunChar[]): HeldKey[] {
  return run.filter((c) => c.held).map(({ key, at }) => ({ key, at }));
}

// ---- DOM adapter -------------------------------------------------------------------

const GS = "\x1d";
const TEXT_INPUT_TYPES = new Set(["text", "search", "tel", "url", "email", "password", "number"]);

export type TextField = HTMLInputElement | HTMLTextAreaElement;

export function isTextField(target: EventTarget | null): target is TextField {
  if (target instanceof HTMLTextAreaElement) return !target.readOnly;
  return target instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(target.type) && !target.readOnly;
}

/**
 * Keys typed into a text field go in at once (typing must feel instant); elsewhere they are
 * held, since there they are shortcuts. A field marked `data-wedge-digits` treats 1–9 as
 * shortcuts while empty, so those are held too.
 */
export function defaultShouldHold(target: EventTarget | null, key: string): boolean {
  if (!isTextField(target)) return true;
  return target.dataset.wedgeDigits !== undefined && target.value === "" && /^[1-9]$/.test(key);
}

/** The character a keydown stands for; shortcuts (Ctrl/Meta) become non-printable names. */
function keyOf(e: KeyboardEvent): string {
  // Scanners type the GS1 separator as Ctrl+] (or as the raw character).
  if (e.key === GS || (e.ctrlKey && !e.altKey && (e.key === "]" || e.code === "BracketRight"))) return GS;
  // Ctrl+Alt is AltGr on Windows: those keys are plain characters (@, €, ...).
  if ((e.ctrlKey && !e.altKey) || e.metaKey) return `Shortcut+${e.key}`;
  return e.key;
}

function eraseBeforeCaret(field: TextField, count: number): void {
  const end = field.selectionEnd ?? field.value.length;
  field.setRangeText("", Math.max(0, end - count), end, "end");
  // Bound values (Svelte bind:value) follow the input event.
  field.dispatchEvent(new Event("input", { bubbles: true }));
}

export interface WedgeAdapterOptions extends Partial<WedgeOptions> {
  shouldHold?: (target: EventTarget | null, key: string) => boolean;
}

/**
 * Listen on `win` (capture phase, so before any screen's handler) and call `onScan` with
 * `at` in epoch ms. Returns the function that removes the listener.
 */
export function installWedge(
  win: Window,
  onScan: (scan: Scan) => void,
  options: WedgeAdapterOptions = {},
): () => void {
  const detector = new WedgeDetector(options);
  const shouldHold = options.shouldHold ?? defaultShouldHold;
  const replayed = new WeakSet<Event>();
  let heldTarget: EventTarget | null = null;
  // The physical key of each held key, in order, so replays keep e.code (AZERTY digits).
  let heldCodes: string[] = [];
  let lastField: TextField | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const giveBack = (keys: HeldKey[]) => {
    const codes = heldCodes.splice(0, keys.length);
    for (const [i, { key }] of keys.entries()) {
      const event = new KeyboardEvent("keydown", { key, code: codes[i], bubbles: true, cancelable: true });
      replayed.add(event);
      const target = heldTarget instanceof Node && heldTarget.isConnected ? heldTarget : win.document.body;
      target.dispatchEvent(event);
      // A synthetic keydown types nothing: when no screen took the key, type it into the field.
      if (!event.defaultPrevented && isTextField(target) && target === win.document.activeElement) {
        target.setRangeText(key, target.selectionStart ?? target.value.length, target.selectionEnd ?? target.value.length, "end");
        target.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (replayed.has(e) || e.isComposing || e.repeat) return;
    const key = keyOf(e);
    const hold = isPrintable(key) && (key === GS || shouldHold(e.target, key));
    // timeStamp is performance.now()-based in current engines; older ones gave epoch ms.
    const at = e.timeStamp > 1e12 ? e.timeStamp - win.performance.timeOrigin : e.timeStamp;
    const { release, verdict } = detector.key(key, at, hold);
    giveBack(release);
    if (verdict.kind === "pass") {
      if (isPrintable(key) && isTextField(e.target)) lastField = e.target;
      return;
    }
    e.preventDefault();
    e.stopImmediatePropagation();
    if (verdict.kind === "hold") {
      heldTarget = e.target;
      heldCodes.push(e.code);
      clearTimeout(timer);
      // A lone key (a shortcut) comes back once the gap has passed with nothing after it.
      timer = setTimeout(() => giveBack(detector.expire(win.performance.now())), detector.maxGapMs + 5);
      return;
    }
    clearTimeout(timer);
    heldCodes = [];
    // Only the field the burst is typing into: never one it left earlier.
    if (lastField && lastField === win.document.activeElement && verdict.erase > 0) {
      eraseBeforeCaret(lastField, verdict.erase);
    }
    lastField = null;
    onScan({ text: verdict.scan.text, at: Math.round(win.performance.timeOrigin + verdict.scan.at) });
  };

  win.addEventListener("keydown", onKeyDown, true);
  return () => {
    clearTimeout(timer);
    win.removeEventListener("keydown", onKeyDown, true);
  };
}
