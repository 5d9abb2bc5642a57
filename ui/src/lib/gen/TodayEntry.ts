// Stand-in for the ts-rs file generated from Rust; same name and shape, to be overwritten.
import type { Disposition } from "./Disposition";
import type { Grade } from "./Grade";
import type { UnitState } from "./UnitState";

export type TodayEntry = { lpn: string, returnNumber: string, sku: string, grade: Grade, disposition: Disposition, destination: string, state: UnitState, confirmedAt: string };
