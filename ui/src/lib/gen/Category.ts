// Stand-in for the ts-rs file generated from Rust; same name and shape, to be overwritten.
export type Category = "apparel" | "footwear" | "electronics" | "beauty" | "home";
