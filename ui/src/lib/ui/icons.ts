import type { Disposition } from "../gen/Disposition";

// Symbols found in the common system fonts, so the meaning never rests on colour alone.
export const ICON = {
  ok: "✔",
  error: "✖",
  warning: "⚠",
  outside: "⚠",
} as const;

export const DISPOSITION_ICON: Record<Disposition, string> = {
  restock: "✔",
  refurbish: "⚙",
  liquidate: "⇄",
  dispose: "✖",
};
