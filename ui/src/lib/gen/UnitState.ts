// Stand-in for the ts-rs file generated from Rust; same name and shape, to be overwritten.
export type UnitState = "received" | "inspecting" | "graded" | "awaiting_review" | "dispositioned" | "labelled" | "closed";
