// Stand-in for the ts-rs file generated from Rust; same name and shape, to be overwritten.
export type ReturnReason = "COLOR" | "DEFECTIVE" | "NOT_AS_DESCRIBED" | "OTHER" | "SIZE_TOO_LARGE" | "SIZE_TOO_SMALL" | "STYLE" | "UNKNOWN" | "UNWANTED" | "WRONG_ITEM";
