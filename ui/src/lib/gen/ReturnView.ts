// Stand-in for the ts-rs file generated from Rust; same name and shape, to be overwritten.
import type { ReturnLineView } from "./ReturnLineView";

export type ReturnView = { returnNumber: string, orderNumber: string, channel: string, customerName: string, purchasedOn: string, createdOn: string, daysSincePurchase: number, windowDays: number, withinWindow: boolean, trackingNumbers: Array<string>, lines: Array<ReturnLineView> };
