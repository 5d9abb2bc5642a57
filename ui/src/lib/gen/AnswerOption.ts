// Stand-in for the ts-rs file generated from Rust; same name and shape, to be overwritten.
import type { Grade } from "./Grade";
import type { LocalText } from "./LocalText";

export type AnswerOption = { key: string, label: LocalText, grade: Grade };
