// Stand-in for the ts-rs file generated from Rust; same name and shape, to be overwritten.
import type { Category } from "./Category";
import type { Decision } from "./Decision";
import type { Question } from "./Question";
import type { ReturnLineView } from "./ReturnLineView";

export type UnitView = { unitId: string, parcelId: string, scanned: string, line: ReturnLineView | null, category: Category, wrongItem: boolean, questions: Array<Question>, decision: Decision };
