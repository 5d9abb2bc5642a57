// Stand-in for the ts-rs file generated from Rust; same name and shape, to be overwritten.
export type ErrorCode = "unknown_code" | "invalid_code" | "not_found" | "wrong_state" | "incomplete" | "invalid_input" | "storage" | "label" | "internal";
