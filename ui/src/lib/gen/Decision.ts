// Stand-in for the ts-rs file generated from Rust; same name and shape, to be overwritten.
import type { Answer } from "./Answer";
import type { Category } from "./Category";
import type { Disposition } from "./Disposition";
import type { Flag } from "./Flag";
import type { Grade } from "./Grade";
import type { RefundAdvice } from "./RefundAdvice";

export type Decision = { grade: Grade, disposition: Disposition, destination: string, refund: RefundAdvice, flags: Array<Flag>, ruleId: string, gradedBy: Answer | null, category: Category, withinWindow: boolean, daysSincePurchase: number, windowDays: number, complete: boolean, rulesVersion: string };
