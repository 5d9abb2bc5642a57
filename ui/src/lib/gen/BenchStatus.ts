// Stand-in for the ts-rs file generated from Rust; same name and shape, to be overwritten.
import type { Locale } from "./Locale";

export type BenchStatus = { site: string, bench: string, dataDir: string, labelDir: string, locale: Locale, returnsLoaded: number, unitsToday: number, rulesVersion: string };
