// Stand-in for the ts-rs file generated from Rust; same name and shape, to be overwritten.
import type { Category } from "./Category";
import type { ReturnReason } from "./ReturnReason";

export type ReturnLineView = { lineNo: number, sku: string, gtin: string, description: string, category: Category, quantity: number, unitPriceCents: number, reason: ReturnReason, comment: string | null, expectedSerials: Array<string>, unitsInspected: number };
