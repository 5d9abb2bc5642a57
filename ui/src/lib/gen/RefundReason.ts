// Stand-in for the ts-rs file generated from Rust; same name and shape, to be overwritten.
export type RefundReason = "as_new" | "used_restocking_fee" | "defective_on_arrival" | "damaged_by_customer" | "outside_window" | "wrong_item";
