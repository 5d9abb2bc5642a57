// Stand-in for the ts-rs file generated from Rust; same name and shape, to be overwritten.
import type { RefundKind } from "./RefundKind";
import type { RefundReason } from "./RefundReason";

export type RefundAdvice = { kind: RefundKind, feePercent: number, reason: RefundReason };
