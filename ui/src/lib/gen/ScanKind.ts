// Stand-in for the ts-rs file generated from Rust; same name and shape, to be overwritten.
export type ScanKind = "tracking" | "return_number" | "gtin" | "lpn" | "sscc" | "command" | "unknown";
