import type { Answer } from "$lib/gen/Answer";
import type { BenchCommand } from "$lib/gen/BenchCommand";
import type { Flag } from "$lib/gen/Flag";
import type { ConfirmedUnit } from "$lib/gen/ConfirmedUnit";
import type { Decision } from "$lib/gen/Decision";
import type { ParcelView } from "$lib/gen/ParcelView";
import type { PhotoView } from "$lib/gen/PhotoView";
import type { Question } from "$lib/gen/Question";
import type { ReturnLineView } from "$lib/gen/ReturnLineView";
import type { UnitView } from "$lib/gen/UnitView";
import type { MessageKey, Params } from "$lib/i18n/translate";
import { BackendError, type Backend } from "$lib/ipc/backend";
import { beep } from "$lib/sound/beep";

/** pick: waiting for a unit; check: answering its questions; done: labelled, next unit. */
export type Phase = "pick" | "check" | "done";

export interface Problem {
  error: BackendError;
  scanned: string | null;
}

export interface Notice {
  key: MessageKey;
  params?: Params;
}

/** The inspect screen's state and rules, apart from its markup. */
export class InspectFlow {
  phase = $state<Phase>("pick");
  unit = $state<UnitView | null>(null);
  answers = $state<Answer[]>([]);
  /** Flags raised by hand: empty box (F6 / CMD:EMPTY), ask a lead (F7 / CMD:LEAD). */
  raised = $state<Flag[]>([]);
  decision = $state<Decision | null>(null);
  confirmed = $state<ConfirmedUnit | null>(null);
  problem = $state<Problem | null>(null);
  notice = $state<Notice | null>(null);
  busy = $state(false);
  proposing = $state(false);
  /** Photos taken for photo questions, by question id (their thumbnails are shown). */
  photos = $state<Record<string, PhotoView>>({});
  /** Units confirmed here per line number, on top of what the parcel said at scan time. */
  private confirmedHere = $state<Record<number, number>>({});
  private proposeSeq = 0;

  readonly backend: Backend;
  readonly parcel: ParcelView;
  private readonly onConfirmed: (unit: ConfirmedUnit) => void;

  constructor(backend: Backend, parcel: ParcelView, onConfirmed: (unit: ConfirmedUnit) => void = () => {}) {
    this.backend = backend;
    this.parcel = parcel;
    this.onConfirmed = onConfirmed;
    // Opened from the HOLD label of a unit a lead sent back: take that unit up at once.
    if (parcel.resume) void this.startUnit(parcel.resume);
  }

  /** Each answer recorded, with the one it replaced: Backspace takes back the latest. */
  private history: { questionId: string; before: Answer | null }[] = [];
  /** A question brought back (hotkey or `CMD:Q:<id>`) to change its answer. */
  selected = $state<string | null>(null);
  /** Keys pressed while a proposal is on its way, answered in order once it is back. */
  private pending: string[] = [];

  /** The questions that apply, as the latest proposal says (the rules may skip some). */
  get asked(): Question[] {
    const unit = this.unit;
    if (!unit) return [];
    const ids = this.decision?.asked ?? unit.questions.map((q) => q.id);
    return ids.map((id) => unit.questions.find((q) => q.id === id)).filter((q): q is Question => q !== undefined);
  }

  /** The question brought back, else the first that applies and is not answered yet; null when all are. */
  get question(): Question | null {
    const asked = this.asked;
    const selected = asked.find((q) => q.id === this.selected);
    if (selected) return selected;
    const answered = new Set(this.answers.map((a) => a.questionId));
    return asked.find((q) => !answered.has(q.id)) ?? null;
  }

  /** Bring a question that applies back to answer it again; false if none has that id. */
  select(questionId: string): boolean {
    if (this.phase !== "check" || !this.asked.some((q) => q.id === questionId)) return false;
    this.selected = questionId;
    this.notice = null;
    return true;
  }

  /** The same, by the question's hotkey letter. */
  selectByHotkey(key: string): boolean {
    const q = this.asked.find((x) => x.hotkey !== null && x.hotkey === key.toUpperCase());
    return q ? this.select(q.id) : false;
  }

  /** Raises a flag by hand, or lowers it when it is raised; the proposal follows. */
  toggle(flag: Flag): void {
    if (this.phase !== "check" || this.busy) return;
    this.raised = this.raised.includes(flag) ? this.raised.filter((f) => f !== flag) : [...this.raised, flag];
    this.selected = null;
    void this.propose();
  }

  /** Records an answer: in place of an earlier one to the same question, else after the others. */
  private record(questionId: string, key: string): void {
    const i = this.answers.findIndex((a) => a.questionId === questionId);
    this.history.push({ questionId, before: i >= 0 ? { ...this.answers[i] } : null });
    if (i >= 0) this.answers[i] = { questionId, key };
    else this.answers.push({ questionId, key });
    this.selected = null;
    this.notice = null;
    void this.propose();
  }

  /** Enter on a photo question: the newest picture of the bench camera's folder answers it. */
  async takePhoto(): Promise<void> {
    const unit = this.unit;
    const question = this.question;
    if (!unit || question?.kind !== "photo" || this.busy) return;
    await this.run(null, async () => {
      const photo = await this.backend.takePhoto(unit.unitId, question.id);
      this.photos[question.id] = photo;
      beep("ok");
      this.record(question.id, photo.id);
    });
  }

  /** The current question takes typed or scanned text (serial, number, free text), not a key. */
  get takesText(): boolean {
    const kind = this.question?.kind;
    return kind === "serial" || kind === "number" || kind === "text";
  }

  /** Enter confirms only on a complete decision that matches the answers given. */
  get ready(): boolean {
    return this.phase === "check" && !this.busy && !this.proposing && this.decision?.complete === true;
  }

  unitsInspected(line: ReturnLineView): number {
    return line.unitsInspected + (this.confirmedHere[line.lineNo] ?? 0);
  }

  async startUnit(code: string): Promise<void> {
    const scanned = code.trim();
    if (scanned === "" || this.busy) return;
    if (this.phase === "check") {
      // A command barcode from the bench sheet drives the checklist.
      const command = await this.commandOf(scanned);
      // The bench could not say what the scan is: it is not taken as an answer either.
      if (command === undefined) return;
      if (command) {
        this.runCommand(command);
        return;
      }
      // A serial question takes the scan as its answer.
      if (this.takesText) {
        this.answerText(scanned);
        return;
      }
      // Otherwise a scan mid-checklist is more likely a slip than a choice: keep the answers given.
      this.notice = { key: "unit.finishFirst" };
      beep("error");
      return;
    }
    await this.run(scanned, async () => {
      const unit = await this.backend.startUnit(this.parcel.parcelId, scanned);
      this.unit = unit;
      this.answers = [];
      this.photos = {};
      this.history = [];
      this.raised = [];
      this.decision = unit.decision;
      this.confirmed = null;
      this.phase = "check";
      // A GS1 barcode on the unit (GTIN + serial) answers the serial question too.
      const serialQuestion = this.asked.find((q) => q.kind === "serial");
      if (unit.scannedSerial && serialQuestion) this.record(serialQuestion.id, unit.scannedSerial);
    });
  }

  /** The command the scan stands for; null when it is none; undefined when that is unknown (error shown). */
  private async commandOf(code: string): Promise<BenchCommand | null | undefined> {
    try {
      return await this.backend.scanCommand(code);
    } catch (raw) {
      this.fail(raw, code);
      return undefined;
    }
  }

  private runCommand(command: BenchCommand): void {
    switch (command.kind) {
      case "answer":
        if (!this.answer(command.key)) {
          this.notice = { key: "unit.commandNotAnAnswer", params: { key: command.key } };
          beep("error");
        }
        break;
      case "confirm":
        if (this.ready) void this.confirm();
        else {
          this.notice = { key: "unit.notReady" };
          beep("error");
        }
        break;
      case "undo":
        this.undo();
        break;
      case "drop":
        this.dropUnit();
        break;
      case "raise":
        this.toggle(command.flag);
        break;
      case "select":
        if (!this.select(command.question)) {
          this.notice = { key: "unit.noSuchQuestion", params: { name: command.question } };
          beep("error");
        }
        break;
      case "unknown":
        this.notice = { key: "unit.unknownCommand", params: { name: command.name } };
        beep("error");
        break;
    }
  }

  async pickLine(n: number): Promise<void> {
    const line = this.parcel.return.lines[n - 1];
    if (!line) {
      this.notice = { key: "unit.noSuchLine", params: { n } };
      return;
    }
    // A line without a GTIN (SKU-only goods) is started by its SKU.
    await this.startUnit(line.gtin || line.sku);
  }

  /** Answer the current question with an option's key (any case); false if no option has it. */
  answer(key: string): boolean {
    if (this.proposing && /^[YN1-9]$/i.test(key) && !this.busy) {
      // The next question depends on the proposal on its way: answer it when it is back.
      this.pending.push(key);
      return true;
    }
    const question = this.question;
    const option = question?.options.find((o) => o.key.toUpperCase() === key.toUpperCase());
    if (!question || !option || this.busy) return false;
    this.record(question.id, option.key);
    return true;
  }

  /** Answer a serial, number or text question; false (with a notice) if it is not accepted. */
  answerText(value: string): boolean {
    const question = this.question;
    const text = value.trim();
    if (!question || !this.takesText || this.busy) return false;
    const n = Number(text);
    const badNumber =
      question.kind === "number" &&
      (text === "" || !Number.isFinite(n) || (question.min !== null && n < question.min) || (question.max !== null && n > question.max));
    if (text === "" || badNumber) {
      this.notice = { key: "check.notAccepted", params: { value: text } };
      beep("error");
      return false;
    }
    this.record(question.id, text);
    return true;
  }

  /** Takes back the latest change: a changed answer gets its old key back, a new one goes. */
  undo(): void {
    const last = this.history.pop();
    if (!last || this.busy) {
      if (last) this.history.push(last);
      return;
    }
    this.pending = [];
    this.selected = null;
    const i = this.answers.findIndex((a) => a.questionId === last.questionId);
    if (last.before) {
      if (i >= 0) this.answers[i] = last.before;
    } else if (i >= 0) {
      this.answers.splice(i, 1);
    }
    void this.propose();
  }

  async confirm(): Promise<void> {
    const unit = this.unit;
    if (!this.ready || !unit) return;
    await this.run(null, async () => {
      const confirmed = await this.backend.confirmUnit(
        unit.unitId,
        $state.snapshot(this.answers),
        $state.snapshot(this.raised),
      );
      this.confirmed = confirmed;
      this.phase = "done";
      if (unit.line) {
        const lineNo = unit.line.lineNo;
        this.confirmedHere[lineNo] = (this.confirmedHere[lineNo] ?? 0) + 1;
      }
      beep("ok");
      this.onConfirmed(confirmed);
    });
  }

  /** Leave the checklist without confirming (the unit ends dropped); the unit field comes back. */
  dropUnit(): void {
    const dropped = this.unit;
    this.phase = "pick";
    this.unit = null;
    this.answers = [];
    this.photos = {};
    this.history = [];
    this.raised = [];
    this.decision = null;
    this.problem = null;
    this.notice = null;
    this.proposeSeq++;
    this.proposing = false;
    this.pending = [];
    this.selected = null;
    if (dropped)
      void this.backend.dropUnit(dropped.unitId).catch((raw) => {
        this.problem = { error: BackendError.from(raw), scanned: dropped.scanned };
      });
  }

  private async propose(): Promise<void> {
    const unit = this.unit;
    if (!unit) return;
    const seq = ++this.proposeSeq;
    this.proposing = true;
    try {
      const decision = await this.backend.propose(
        unit.unitId,
        $state.snapshot(this.answers),
        $state.snapshot(this.raised),
      );
      // Answers may have moved on while this was in flight: only the latest counts.
      if (seq === this.proposeSeq) this.decision = decision;
    } catch (raw) {
      if (seq === this.proposeSeq) {
        this.pending = [];
        this.fail(raw, null);
        // An answer the bench refused (a misread IMEI) is taken back: scan it again.
        if (BackendError.from(raw).code === "invalid_code") this.undo();
      }
    } finally {
      if (seq === this.proposeSeq) {
        this.proposing = false;
        const next = this.pending.shift();
        if (next !== undefined && !this.answer(next)) {
          // The question the key was meant for did not come: say so, drop the rest.
          this.pending = [];
          this.notice = { key: "unit.keyNotTaken", params: { key: next } };
          beep("error");
        }
      }
    }
  }

  private async run(scanned: string | null, body: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.problem = null;
    this.notice = null;
    try {
      await body();
    } catch (raw) {
      this.fail(raw, scanned);
    } finally {
      this.busy = false;
    }
  }

  private fail(raw: unknown, scanned: string | null): void {
    this.problem = { error: BackendError.from(raw), scanned };
    beep("error");
  }
}
