// Stand-in for the ts-rs file generated from Rust; same name and shape, to be overwritten.
import type { AnswerOption } from "./AnswerOption";
import type { LocalText } from "./LocalText";
import type { QuestionKind } from "./QuestionKind";

export type Question = { id: string, text: LocalText, kind: QuestionKind, options: Array<AnswerOption> };
