import type { LocalText } from "../gen/LocalText";
import type { Locale } from "../gen/Locale";
import { translate, type MessageKey, type Params } from "./translate";

export type { MessageKey, Params };

// The one piece of locale state; reading it inside t() makes every caller reactive.
const current = $state<{ locale: Locale }>({ locale: "en" });

export function getLocale(): Locale {
  return current.locale;
}

export function setUiLocale(locale: Locale): void {
  current.locale = locale;
  if (typeof document !== "undefined") document.documentElement.lang = locale;
}

/** A catalog message in the current locale. */
export function t(key: MessageKey, params?: Params): string {
  return translate(current.locale, key, params);
}

/** Text that came from a Rust rule file, in the current locale. */
export function local(text: LocalText): string {
  return text[current.locale] || text.en;
}
