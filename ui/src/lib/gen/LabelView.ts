// Stand-in for the ts-rs file generated from Rust; same name and shape, to be overwritten.
import type { Disposition } from "./Disposition";
import type { Flag } from "./Flag";
import type { Grade } from "./Grade";

export type LabelView = { lpn: string, sku: string, description: string, grade: Grade, disposition: Disposition, destination: string, date: string, bench: string, flags: Array<Flag>, barcodeSvg: string, pdfPath: string };
