/**
 * The digit 1–9 a keydown stands for. On AZERTY the top row types "&é\"'(-è_ç" unshifted,
 * so the physical key (code) counts as well as the character.
 */
export function digitOf(e: KeyboardEvent): string | null {
  if (/^[1-9]$/.test(e.key)) return e.key;
  return /^(?:Digit|Numpad)([1-9])$/.exec(e.code ?? "")?.[1] ?? null;
}

/** A key pressed with Ctrl, Meta or Alt is a shortcut of the system, not ours. */
export function hasModifier(e: KeyboardEvent): boolean {
  return e.ctrlKey || e.metaKey || e.altKey;
}
