// Stand-in for the ts-rs file generated from Rust; same name and shape, to be overwritten.
import type { ReturnView } from "./ReturnView";
import type { ScanInfo } from "./ScanInfo";

export type ParcelView = { parcelId: string, scanned: string, scan: ScanInfo, return: ReturnView };
