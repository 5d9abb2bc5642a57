// Stand-in for the ts-rs file generated from Rust; same name and shape, to be overwritten.
import type { ScanKind } from "./ScanKind";

export type ScanInfo = { kind: ScanKind, detail: string | null, valid: boolean, error: string | null };
