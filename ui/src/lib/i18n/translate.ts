import type { Locale } from "../gen/Locale";
import { en, type MessageKey } from "./en";
import { fr } from "./fr";

export type { MessageKey };
export type Params = Record<string, string | number>;

export const catalogs: Record<Locale, Record<MessageKey, string>> = { en, fr };

/** The message for `key` in `locale`, with `{name}` placeholders filled from `params`. */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = catalogs[locale][key] ?? en[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
