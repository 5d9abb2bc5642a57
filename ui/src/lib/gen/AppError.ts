// Stand-in for the ts-rs file generated from Rust; same name and shape, to be overwritten.
import type { ErrorCode } from "./ErrorCode";

export type AppError = { code: ErrorCode, message: string };
