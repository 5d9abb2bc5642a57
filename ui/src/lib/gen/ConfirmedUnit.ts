// Stand-in for the ts-rs file generated from Rust; same name and shape, to be overwritten.
import type { Decision } from "./Decision";
import type { LabelView } from "./LabelView";
import type { UnitState } from "./UnitState";

export type ConfirmedUnit = { unitId: string, lpn: string, state: UnitState, decision: Decision, label: LabelView };
