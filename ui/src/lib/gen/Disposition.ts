// Stand-in for the ts-rs file generated from Rust; same name and shape, to be overwritten.
export type Disposition = "restock" | "refurbish" | "liquidate" | "dispose";
