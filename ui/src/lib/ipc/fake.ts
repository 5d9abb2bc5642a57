// In-memory bench for UI tests and for looking at the UI in a plain browser.
// Its rules are a crude stand-in for the Rust core; only the shapes must match.
import type { Answer } from "../gen/Answer";
import type { BenchCommand } from "../gen/BenchCommand";
import type { BenchStatus } from "../gen/BenchStatus";
import type { ContainerView } from "../gen/ContainerView";
import type { SyncView } from "../gen/SyncView";
import type { PrintStatus } from "../gen/PrintStatus";
import type { ConfirmedUnit } from "../gen/ConfirmedUnit";
import type { Decision } from "../gen/Decision";
import type { ErrorCode } from "../gen/ErrorCode";
import type { Flag } from "../gen/Flag";
import type { Grade } from "../gen/Grade";
import type { ParcelView } from "../gen/ParcelView";
import type { Question } from "../gen/Question";
import type { ReturnLineView } from "../gen/ReturnLineView";
import type { ReturnView } from "../gen/ReturnView";
import type { TodayEntry } from "../gen/TodayEntry";
import type { UnitView } from "../gen/UnitView";
import type { Classified } from "../gen/Classified";
import type { Scan } from "../gen/Scan";
import type { ScannerSettings } from "../gen/ScannerSettings";
import type { UsbDeviceView } from "../gen/UsbDeviceView";
import type { PrinterChoice } from "../gen/PrinterChoice";
import type { PrintJobView } from "../gen/PrintJobView";
import type { SessionView } from "../gen/SessionView";
import type { ReviewItem } from "../gen/ReviewItem";
import type { ReviewFilter } from "../gen/ReviewFilter";
import type { ReviewQueue } from "../gen/ReviewQueue";
import type { UnitHistory } from "../gen/UnitHistory";
import type { SetAsideParcel } from "../gen/SetAsideParcel";
import type { ShortLine } from "../gen/ShortLine";
import type { Backend } from "./backend";
import { BackendError } from "./backend";
import { demoQuestions, demoReturn, demoStatus, fakeDashboard } from "./fakeData";

export interface FakeCall {
  method: keyof Backend;
  args: unknown[];
}

export interface FakeBackend extends Backend {
  /** Every call in order, for assertions. */
  readonly calls: FakeCall[];
  /** Make the next call of `method` reject with this error. */
  failNext(method: keyof Backend, code: ErrorCode, message?: string): void;
  /** A scan from a USB or serial scanner, as the bench would send it. */
  emitScan(scan: Scan): void;
}

interface FakeOptions {
  status?: BenchStatus;
  printStatus?: PrintStatus;
  syncStatus?: SyncView;
  returns?: ReturnView[];
  /** Return numbers the shop cancelled (their parcels still come). */
  cancelled?: string[];
  questions?: Question[];
  usbDevices?: UsbDeviceView[];
  scanners?: Partial<ScannerSettings>;
  /** Who is logged in at first (default: the demo inspector). */
  session?: SessionView;
  /** Pictures waiting in the bench camera's folder, as the hex their ids start with, taken in order. */
  photos?: string[];
  /** Offer every unit graded and not held for a blind re-grade (calibration at 100 %). */
  offerAll?: boolean;
}

/** The demo's people, as `triage-app` seeds them: badge, name, role, PIN. */
export const FAKE_USERS = [
  { badge: "EMP1001", name: "Inès Moreau", role: "inspector", pin: "2580" },
  { badge: "EMP2001", name: "Karim Diallo", role: "lead", pin: "4826" },
  { badge: "EMP9001", name: "Sofia Admin", role: "admin", pin: "9173" },
] as const;

const signedIn = (i: number): SessionView => {
  const u = FAKE_USERS[i];
  return { user: { badge: u.badge, name: u.name, role: u.role, active: true }, locked: false, idleLockSeconds: 600, usersKnown: true };
};

type UnitFacts = Pick<UnitView, "category" | "wrongItem" | "questions" | "line">;

const GRADE_ORDER: Grade[] = ["A", "B", "C", "D", "F"];
/** The fake's grading: the grade each answer key caps the unit at (others: A). */
const FAKE_CAPS: Record<string, Grade> = { N: "B", "2": "B", "3": "D" };
const ROUTE: Record<Grade, Pick<Decision, "disposition" | "destination">> = {
  A: { disposition: "restock", destination: { en: "Zone A", fr: "Zone A" } },
  B: { disposition: "restock", destination: { en: "Zone B", fr: "Zone B" } },
  C: { disposition: "refurbish", destination: { en: "Refurb queue", fr: "File de reconditionnement" } },
  D: { disposition: "liquidate", destination: { en: "Lot L-07", fr: "Lot L-07" } },
  F: { disposition: "dispose", destination: { en: "Recycling", fr: "Recyclage" } },
};

export function fakeBackend(options: FakeOptions = {}): FakeBackend {
  const status: BenchStatus = structuredClone(options.status ?? demoStatus);
  const returns: ReturnView[] = structuredClone(options.returns ?? [demoReturn]);
  const questions = options.questions ?? demoQuestions;
  const parcels = new Map<string, ReturnView>();
  /** The codes each return's parcels were received under (return number → codes). */
  const received = new Map<string, Set<string>>();
  const units = new Map<string, { view: UnitView; ret: ReturnView; confirmed: boolean }>();
  const today: TodayEntry[] = [];
  const calls: FakeCall[] = [];
  const failures = new Map<keyof Backend, BackendError>();
  let seq = 0;
  let scanners: ScannerSettings = { usb: [], layout: "us", serial: null, baud: 9600, wedgeGapMs: 30, ...options.scanners };
  const news: string[] = [];
  const scanListeners: ((scan: Scan) => void)[] = [];
  let printer: PrinterChoice | null = null;
  const jobs: PrintJobView[] = [];
  let session: SessionView = structuredClone(options.session ?? signedIn(0));
  /** Units held for a lead, by LPN: the queue's row and the unit's history. */
  const held = new Map<string, { item: ReviewItem; history: UnitHistory; unitId: string }>();
  /** Units offered for a blind re-grade, by LPN: the row and the inspector's grade. */
  const offered = new Map<string, { item: ReviewItem; grade: Grade }>();
  /** Units a lead sent back, by their old LPN: the unit to take up again, and why. */
  const sentBack = new Map<string, { parcelId: string; code: string; by: string; reason: string; done: boolean }>();
  /** Units confirmed for liquidation, in the open container; containers closed so far. */
  let container: { lpn: string; sku: string; category: string; valueCents: number }[] = [];
  let containersClosed = 0;
  /** Parcels set aside, by code: the record, and the return a lead matched it to. */
  const shelf = new Map<string, { set: SetAsideParcel; matched: { ret: ReturnView; by: string } | null }>();
  /** Parcels closed: by whom and when, the lines short, and whether a lead settled it. */
  const closed = new Map<string, { scanned: string; ret: ReturnView; by: string; at: string; short: ShortLine[]; settled: boolean }>();
  const asLead = () => {
    if (session.locked || !session.user) throw new BackendError("not_signed_in", "nobody is logged in");
    if (session.user.role !== "lead")
      throw new BackendError("forbidden", `${session.user.name} is logged in as ${session.user.role}: only a lead may do this`);
    return session.user.badge;
  };
  const asLeadOrAdmin = () => {
    if (session.locked || !session.user) throw new BackendError("not_signed_in", "nobody is logged in");
    if (session.user.role === "inspector")
      throw new BackendError("forbidden", `${session.user.name} is logged in as an inspector: only a lead or an admin may see the dashboard`);
  };
  const release = (lpn: string, reason: string, grade: Grade | null) => {
    const h = held.get(lpn);
    if (!h || h.history.state !== "awaiting_review") throw new BackendError("wrong_state", `${lpn} does not wait for review`);
    if (reason.trim().length < 5) throw new BackendError("invalid_input", "give the reason for the change in words (at least 5 characters)");
    const by = asLead();
    const before = h.history.inForce;
    const after: Decision = { ...before, grade: grade ?? before.grade, held: false, destination: before.routed };
    h.history.amendments.push({
      seq: h.history.amendments.length + 1,
      kind: "override",
      fromDisposition: before.disposition,
      toDisposition: after.disposition,
      fromDestination: before.destination.en,
      toDestination: after.destination.en,
      fromGrade: before.grade,
      toGrade: after.grade,
      reason,
      by,
      at: new Date().toISOString(),
    });
    h.history.inForce = after;
    h.history.state = "labelled";
    return { lpn, state: "labelled" as const, decision: after, reprintedPdf: `${status.labelDir}/${lpn}-1.pdf` };
  };
  const containerView = (code: string | null, printJob: PrintJobView | null): ContainerView => {
    const byCategory = new Map<string, number>();
    for (const u of container) byCategory.set(u.category, (byCategory.get(u.category) ?? 0) + 1);
    const skus = new Set(container.map((u) => u.sku)).size;
    const parts = [...byCategory].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c, n]) => `${c} ${n}`);
    parts.push(`${skus} SKU${skus === 1 ? "" : "s"}`);
    return {
      code,
      units: container.length,
      skus,
      valueCents: container.reduce((sum, u) => sum + u.valueCents, 0),
      contents: parts.join(" · "),
      lpns: container.map((u) => u.lpn),
      labelPdf: code ? `/demo/labels/${code}.pdf` : null,
      printJob,
    };
  };
  const job = (lpn: string, uri: string, reprintOf: string | null = null): PrintJobView => {
    const j: PrintJobView = {
      id: `J-${++seq}`,
      lpn,
      printer: uri,
      format: uri.startsWith("socket:") ? "zpl" : "pdf",
      state: "done",
      attempts: 1,
      lastError: null,
      nextAttemptAt: new Date().toISOString(),
      reprintOf,
    };
    jobs.unshift(j);
    return j;
  };

  /** Items handed to another lead: item id → that lead's badge. */
  const assigned = new Map<string, string>();

  /** What waits for a lead, as the filter keeps it. */
  const queue = (filter: ReviewFilter): ReviewQueue => {
    const all = [...held.values()].filter((h) => h.history.state === "awaiting_review").map((h) => h.item);
    all.push(...[...offered.values()].map((o) => o.item));
    for (const [id, c] of closed) {
      if (c.settled || c.short.length === 0) continue;
      all.push({
        kind: "short_parcel",
        id,
        lpn: null,
        returnNumber: c.ret.returnNumber,
        sku: c.short[0].sku,
        description: c.short[0].description,
        category: null,
        flags: ["quantity_short"],
        inspector: c.by,
        since: c.at,
        summary: c.short.map((l) => `line ${l.lineNo} ${l.sku}: ${l.received} of ${l.expected}`).join("; "),
        conflict: null,
        parcel: c.scanned,
        assignedTo: null,
      });
    }
    for (const { set, matched } of shelf.values()) {
      if (matched) continue;
      all.push({
        kind: "unmatched_parcel",
        id: set.parcelId,
        lpn: null,
        returnNumber: null,
        sku: "",
        description: "",
        category: null,
        flags: [],
        inspector: set.setAsideBy,
        since: set.since,
        summary: set.note,
        conflict: null,
        parcel: set.scanned,
        assignedTo: null,
      });
    }
    for (const i of all) i.assignedTo = assigned.get(i.id) ?? null;
    const items = all.filter(
      (i) =>
        (filter.flag == null || i.flags.includes(filter.flag)) &&
        (filter.inspector == null || i.inspector === filter.inspector) &&
        (filter.category == null || i.category === filter.category) &&
        (filter.kind == null || i.kind === filter.kind) &&
        (!filter.mine || i.assignedTo === session.user?.badge),
    );
    const inspectors = [...new Set(all.flatMap((i) => (i.inspector ? [i.inspector] : [])))].sort();
    return { items, total: all.length, inspectors };
  };
  const findReturn = (code: string) => returns.find((r) => r.returnNumber === code || r.trackingNumbers.includes(code));

  async function run<T>(method: keyof Backend, args: unknown[], body: () => T): Promise<T> {
    calls.push({ method, args: structuredClone(args) });
    const failure = failures.get(method);
    if (failure) {
      failures.delete(method);
      throw failure;
    }
    return structuredClone(body());
  }

  function decide(
    unit: UnitFacts,
    line: ReturnLineView | null,
    ret: ReturnView,
    answers: Answer[],
    raised: Flag[] = [],
  ): Decision {
    const empty = raised.includes("empty_box");
    // Serial questions apply only when the line expects serials, as in the default rules; an empty box has none.
    const asked = empty
      ? []
      : unit.questions.filter((q) => q.kind !== "serial" || (line?.expectedSerials.length ?? 0) > 0);
    const given = answers.filter((a) => asked.some((q) => q.id === a.questionId) && a.key.trim() !== "");
    const grade = empty
      ? "F"
      : given
          .map((a) => FAKE_CAPS[a.key] ?? "A")
          .reduce<Grade>((worst, g) => (GRADE_ORDER.indexOf(g) > GRADE_ORDER.indexOf(worst) ? g : worst), "A");
    const complete = asked.every((q) => given.some((a) => a.questionId === q.id));
    const serialWrong = given.some(
      (a) => asked.find((q) => q.id === a.questionId)?.kind === "serial" && !line?.expectedSerials.includes(a.key),
    );
    const flags: Flag[] = [
      ...(unit.wrongItem ? ["wrong_item" as const] : []),
      ...(serialWrong ? ["serial_mismatch" as const] : []),
      ...raised,
    ];
    const within = ret.withinWindow;
    const refund: Decision["refund"] = unit.wrongItem
      ? { kind: "none", feePercent: 0, reason: "wrong_item" }
      : !within
        ? { kind: "none", feePercent: 0, reason: "outside_window" }
        : grade === "A"
          ? { kind: "full", feePercent: 0, reason: "as_new" }
          : { kind: "partial", feePercent: 15, reason: "used_restocking_fee" };
    const route = ROUTE[grade];
    const destination = flags.length > 0 ? { en: "Lead review", fr: "Revue chef d’équipe" } : route.destination;
    return {
      grade,
      gradeInfo: { grade, label: { en: grade, fr: grade }, ebayConditionId: null, amazonCondition: null, ctia: null },
      gradeRule: grade === "A" ? null : `fake-grade-${grade.toLowerCase()}`,
      disposition: route.disposition,
      route: null,
      destination,
      routed: route.destination,
      ruleId: `${route.disposition}-grade-${grade.toLowerCase()}`,
      refund,
      refundRule: `refund-${refund.reason}`,
      flags,
      held: flags.length > 0,
      flagRules: serialWrong ? ["flag-serial-mismatch"] : [],
      because: [{ name: "grade", value: grade }],
      summary: `${route.disposition} → ${destination.en}: grade ${grade}, ${unit.category}`,
      category: unit.category,
      withinWindow: within,
      daysSincePurchase: ret.daysSincePurchase,
      windowDays: ret.windowDays,
      unitValueCents: line?.unitPriceCents ?? 0,
      asked: asked.map((q) => q.id),
      complete,
      rulesVersion: status.rulesVersion,
      rulesHash: status.rules.hash,
      facts: {
        category: unit.category,
        reason: line?.reason ?? "UNKNOWN",
        days_since_purchase: ret.daysSincePurchase,
        window_days: ret.windowDays,
        unit_value_cents: line?.unitPriceCents ?? 0,
        wrong_item: unit.wrongItem,
        over_quantity: false,
        stock_need: "unknown",
        expected_serials: line?.expectedSerials ?? [],
        raised,
      },
      answers,
    };
  }

  const backend: FakeBackend = {
    calls,
    failNext(method, code, message = `fake ${code}`) {
      failures.set(method, new BackendError(code, message));
    },

    benchStatus: () => run("benchStatus", [], () => status),

    scanParcel: (code) =>
      run("scanParcel", [code], () => {
        const text = code.trim();
        if (!/^[\x1d\x20-\x7e]+$/.test(text)) throw new BackendError("invalid_code", `not a code: ${code}`);
        const back = sentBack.get(text.toUpperCase());
        if (back && !back.done) {
          const ret = parcels.get(back.parcelId);
          if (ret)
            return {
              parcelId: back.parcelId,
              scanned: text,
              scan: { kind: "lpn", detail: null, valid: true, error: null },
              cancelled: false,
              matchedBy: null,
              resume: back.code,
              return: ret,
            } satisfies ParcelView;
        }
        const aside = shelf.get(text);
        if (aside && !aside.matched)
          throw new BackendError("wrong_state", `parcel ${text} is already on the unmatched shelf: a lead matches it to a return`);
        const ret = aside?.matched?.ret ?? findReturn(text);
        if (!ret && /^(1Z[0-9A-Z]{16}|RMA-?\d+)$/.test(text))
          throw new BackendError("not_found", `no return on this bench matches ${text}: set the parcel aside for a lead`);
        if (!ret) throw new BackendError("unknown_code", `no return matches ${text}`);
        const parcelId = aside?.set.parcelId ?? `P-${++seq}`;
        parcels.set(parcelId, ret);
        received.set(ret.returnNumber, (received.get(ret.returnNumber) ?? new Set()).add(text));
        const kind = ret.returnNumber === text ? "return_number" : "tracking";
        const view: ParcelView = {
          parcelId,
          scanned: text,
          scan: { kind, detail: kind === "tracking" ? "UPS" : null, valid: true, error: null },
          cancelled: (options.cancelled ?? []).includes(ret.returnNumber),
          matchedBy: aside?.matched?.by ?? null,
          resume: null,
          return: ret,
        };
        return view;
      }),

    setAsideParcel: (code, note) =>
      run("setAsideParcel", [code, note], () => {
        if (session.locked || !session.user) throw new BackendError("not_signed_in", "nobody is logged in");
        const text = code.trim();
        if (text === "") throw new BackendError("invalid_input", "nothing was scanned");
        if (findReturn(text)) throw new BackendError("wrong_state", `${text} matches a return on this bench: scan it to receive the parcel instead`);
        const waiting = shelf.get(text);
        if (waiting && !waiting.matched) return { ...waiting.set, already: true, printJob: null };
        const set: SetAsideParcel = {
          parcelId: `P-${++seq}`,
          scanned: text,
          note: note.trim(),
          since: new Date().toISOString(),
          setAsideBy: session.user.badge,
          already: false,
          printJob: printer ? job(text, printer.uri) : null,
          labelProblem: null,
        };
        shelf.set(text, { set, matched: null });
        return set;
      }),

    closeParcel: (parcelId) =>
      run("closeParcel", [parcelId], () => {
        if (session.locked || !session.user) throw new BackendError("not_signed_in", "nobody is logged in");
        const ret = parcels.get(parcelId);
        if (!ret) throw new BackendError("not_found", `there is no parcel ${parcelId} on this bench: scan the parcel again`);
        const before = closed.get(parcelId);
        if (before) throw new BackendError("wrong_state", `this parcel was closed already (by ${before.by}): scan the next parcel`);
        const short: ShortLine[] = ret.lines
          .filter((l) => l.unitsInspected < l.quantity)
          .map((l) => ({ lineNo: l.lineNo, sku: l.sku, description: l.description, expected: l.quantity, received: l.unitsInspected }));
        // As triage_core::receipt::boxes_to_come: a parcel received by its slip is one box.
        const codes = received.get(ret.returnNumber) ?? new Set<string>();
        const missing = Math.max(ret.trackingNumbers.length, 1) - codes.size;
        const boxesToCome = ret.trackingNumbers.filter((t) => !codes.has(t)).slice(0, Math.max(missing, 0));
        // A lead is told only when no box of the return is still to come.
        const forLead = boxesToCome.length ? [] : short;
        closed.set(parcelId, { scanned: parcelId, ret, by: session.user.badge, at: new Date().toISOString(), short: forLead, settled: false });
        const units = ret.lines.reduce((n, l) => n + l.unitsInspected, 0);
        return { parcelId, returnNumber: ret.returnNumber, units, short, boxesToCome };
      }),

    assignReviewItem: (id, to) =>
      run("assignReviewItem", [id, to], () => {
        asLead();
        const badge = to.trim().toUpperCase();
        if (!FAKE_USERS.some((u) => u.badge === badge && u.role === "lead"))
          throw new BackendError("invalid_input", `${badge} is not a lead of this bench: give the badge of the lead who should take it`);
        assigned.set(id, badge);
        return queue({ kind: null, flag: null, inspector: null, category: null, olderThanMinutes: null, mine: false });
      }),

    settleShortParcel: (parcelId, reason) =>
      run("settleShortParcel", [parcelId, reason], () => {
        asLead();
        const c = closed.get(parcelId);
        if (!c || c.settled || c.short.length === 0)
          throw new BackendError("not_found", `parcel ${parcelId} does not wait for a lead as short`);
        if (reason.trim().length < 5)
          throw new BackendError("invalid_input", "say what was done about the missing units (at least 5 characters)");
        c.settled = true;
        return queue({ kind: null, flag: null, inspector: null, category: null, olderThanMinutes: null, mine: false });
      }),

    openContainer: () =>
      run("openContainer", [], () => {
        if (session.locked || !session.user) throw new BackendError("not_signed_in", "nobody is logged in");
        return containerView(null, null);
      }),

    closeContainer: () =>
      run("closeContainer", [], () => {
        if (session.locked || !session.user) throw new BackendError("not_signed_in", "nobody is logged in");
        if (container.length === 0)
          throw new BackendError(
            "wrong_state",
            "the liquidation container is empty: no unit has been routed to liquidation on this bench since the last container was closed",
          );
        const code = `LQ-PAR1-01-${String(++containersClosed).padStart(4, "0")}`;
        const view = containerView(code, printer ? job(code, printer.uri) : null);
        container = [];
        return view;
      }),

    scanCommand: (code) =>
      run("scanCommand", [code], (): BenchCommand | null => {
        const m = /^CMD:(.+)$/i.exec(code.trim());
        if (!m) return null;
        const name = m[1].trim().toUpperCase();
        if (/^[YN1-9]$/.test(name)) return { kind: "answer", key: name };
        if (name === "CONFIRM") return { kind: "confirm" };
        if (name === "UNDO") return { kind: "undo" };
        if (name === "DROP" || name === "CANCEL") return { kind: "drop" };
        if (name === "EMPTY") return { kind: "raise", flag: "empty_box" };
        if (name === "LEAD" || name === "OVERRIDE") return { kind: "raise", flag: "override_requested" };
        if (name.startsWith("Q:") && name.length > 2) return { kind: "select", question: name.slice(2).toLowerCase() };
        return { kind: "unknown", name };
      }),

    startUnit: (parcelId, code) =>
      run("startUnit", [parcelId, code], () => {
        const ret = parcels.get(parcelId);
        if (!ret) throw new BackendError("not_found", `no parcel ${parcelId}`);
        const text = code.trim();
        if (text === "") throw new BackendError("invalid_code", "empty code");
        // A GS1 unit label in bracketed form: (01) GTIN-14, then maybe (21) serial.
        const gs1 = /^\(01\)(\d{14})(?:\(21\)(.+))?$/.exec(text);
        const item = gs1 ? gs1[1] : text;
        const line: ReturnLineView | null =
          ret.lines.find((l) => (l.gtin !== "" && l.gtin.padStart(14, "0") === item.padStart(14, "0")) || l.sku === item) ?? null;
        const unitId = `U-${++seq}`;
        const facts: UnitFacts = {
          category: line?.category ?? ret.lines[0]?.category ?? "home",
          wrongItem: line === null,
          questions,
          line,
        };
        const view: UnitView = {
          unitId,
          parcelId,
          scanned: text,
          ...facts,
          decision: decide(facts, line, ret, []),
          scannedSerial: gs1?.[2] ?? null,
          reinspection: null,
        };
        for (const [previousLpn, back] of sentBack)
          if (!back.done && back.parcelId === parcelId && back.code === text) {
            view.reinspection = { previousLpn, by: back.by, reason: back.reason };
            back.done = true;
          }
        units.set(unitId, { view, ret, confirmed: false });
        return view;
      }),

    dropUnit: (unitId) =>
      run("dropUnit", [unitId], () => {
        const unit = units.get(unitId);
        if (!unit || unit.confirmed)
          throw new BackendError("wrong_state", `unit ${unitId} is not under inspection on this bench (confirmed or dropped already)`);
        units.delete(unitId);
      }),

    propose: (unitId, answers, raised) =>
      run("propose", [unitId, answers, raised], () => {
        const unit = units.get(unitId);
        if (!unit) throw new BackendError("not_found", `no unit ${unitId}`);
        return decide(unit.view, unit.view.line, unit.ret, answers, raised);
      }),

    takePhoto: (unitId, questionId) =>
      run("takePhoto", [unitId, questionId], () => {
        if (!units.has(unitId)) throw new BackendError("not_found", "that unit is not on this bench: scan the item again");
        const picture = options.photos?.shift();
        if (picture === undefined)
          throw new BackendError("not_found", "no photo is waiting in /bench/photo-inbox: take the photo with the bench camera, then press Enter again");
        const id = picture.padEnd(64, "0").slice(0, 64);
        return { id, width: 640, height: 480, thumbnail: "data:image/png;base64,iVBORw0KGgo=" };
      }),

    confirmUnit: (unitId, answers, raised) =>
      run("confirmUnit", [unitId, answers, raised], () => {
        const unit = units.get(unitId);
        if (!unit) throw new BackendError("not_found", `no unit ${unitId}`);
        if (unit.confirmed) throw new BackendError("wrong_state", `unit ${unitId} is already labelled`);
        const decision = decide(unit.view, unit.view.line, unit.ret, answers, raised);
        if (!decision.complete) throw new BackendError("incomplete", "some questions are unanswered");
        unit.confirmed = true;
        const line = unit.ret.lines.find((l) => l.lineNo === unit.view.line?.lineNo);
        if (line) line.unitsInspected += 1;
        const lpn = `LPN${String(++seq).padStart(8, "0")}`;
        const date = new Date().toISOString().slice(0, 10);
        const sku = unit.view.line?.sku ?? unit.view.scanned;
        const state = decision.flags.length > 0 ? "awaiting_review" : "labelled";
        status.unitsToday += 1;
        if (state === "labelled" && decision.disposition === "liquidate")
          container.push({ lpn, sku, category: decision.category, valueCents: decision.unitValueCents });
        if (state === "awaiting_review") {
          held.set(lpn, {
            item: {
              kind: "held_unit",
              id: lpn,
              lpn,
              returnNumber: unit.ret.returnNumber,
              sku,
              description: unit.view.line?.description ?? "",
              category: unit.view.category,
              flags: decision.flags,
              inspector: session.user?.badge ?? null,
              since: new Date().toISOString(),
              summary: decision.summary,
              conflict: null,
              parcel: null,
              assignedTo: null,
            },
            history: { lpn, state, original: decision, amendments: [], inForce: decision, photos: [] },
            unitId,
          });
        } else if (options.offerAll) {
          offered.set(lpn, {
            grade: decision.grade,
            item: {
              kind: "calibration",
              id: lpn,
              lpn,
              returnNumber: unit.ret.returnNumber,
              sku,
              description: unit.view.line?.description ?? "",
              category: unit.view.category,
              flags: [],
              inspector: session.user?.badge ?? null,
              since: new Date().toISOString(),
              summary: "",
              conflict: null,
              parcel: null,
              assignedTo: null,
            },
          });
        }
        today.push({
          lpn,
          returnNumber: unit.ret.returnNumber,
          sku,
          grade: decision.grade,
          disposition: decision.disposition,
          destination: decision.destination,
          state,
          confirmedAt: new Date().toISOString(),
        });
        const confirmed: ConfirmedUnit = {
          unitId,
          lpn,
          state,
          decision,
          printJob: null,
          label: {
            lpn,
            sku,
            description: unit.view.line?.description ?? "(not on this return)",
            grade: decision.grade,
            disposition: decision.disposition,
            destination: decision.destination,
            date,
            bench: status.bench,
            flags: decision.flags,
            barcodeSvg: fakeBarcode(lpn),
            pdfPath: `${status.labelDir}/${lpn}.pdf`,
          },
        };
        return confirmed;
      }),

    today: () => run("today", [], () => today),

    printStatus: () =>
      run("printStatus", [], () => options.printStatus ?? { printer: null, waiting: 0, failed: 0, trouble: null, troubleLpn: null }),

    syncStatus: () =>
      run("syncStatus", [], () => options.syncStatus ?? {
        configured: false,
        centralBench: null,
        online: false,
        attempted: false,
        backlog: 0,
        oldestWaiting: null,
        lastSuccessAt: null,
        lastError: null,
        pullDone: null,
        pullTotal: null,
        conflicts: 0,
      }),

    setLocale: (locale) =>
      run("setLocale", [locale], () => {
        status.locale = locale;
        return status;
      }),

    scannerSettings: () => run("scannerSettings", [], () => ({ ...scanners, usb: [...scanners.usb] })),

    setScannerSettings: (settings) =>
      run("setScannerSettings", [settings], () => {
        const bad = settings.usb.find((id) => !/^[0-9a-f]{4}:[0-9a-f]{4}$/i.test(id));
        if (bad) throw new BackendError("invalid_input", `${bad} is not a USB id`);
        scanners = { ...settings, usb: [...settings.usb] };
        news.push(`reading ${settings.usb.join(", ") || "no USB scanner"}`);
        return scanners;
      }),

    usbDevices: () =>
      run("usbDevices", [], () => (options.usbDevices ?? []).map((d) => ({ ...d, chosen: scanners.usb.includes(d.id) }))),

    scannerNews: () => run("scannerNews", [], () => [...news]),

    classifyScan: (text) => run("classifyScan", [text], () => fakeClassify(text)),

    listenScans: (handler) => {
      // Not through run(): what it returns is a function, which cannot be cloned.
      calls.push({ method: "listenScans", args: [] });
      scanListeners.push(handler);
      return Promise.resolve(() => {
        const i = scanListeners.indexOf(handler);
        if (i >= 0) scanListeners.splice(i, 1);
      });
    },

    emitScan: (scan) => scanListeners.forEach((h) => h(scan)),

    reviewQueue: (filter) =>
      run("reviewQueue", [filter], () => {
        asLead();
        return queue(filter);
      }),

    unitHistory: (lpn) =>
      run("unitHistory", [lpn], () => {
        const h = held.get(lpn);
        if (!h) throw new BackendError("not_found", `${lpn} was not issued on this bench`);
        return h.history;
      }),

    approveUnit: (lpn, reason) => run("approveUnit", [lpn, reason], () => release(lpn, reason, null)),

    amendUnit: (lpn, amendment) =>
      run("amendUnit", [lpn, amendment], () => release(lpn, amendment.reason, amendment.grade ?? null)),

    resolveConflict: (id, note) =>
      run("resolveConflict", [id, note], (): never => {
        asLead();
        throw new BackendError("not_found", `conflict ${id} is not open on this bench (${note})`);
      }),

    calibrate: (lpn, grade) =>
      run("calibrate", [lpn, grade], () => {
        asLead();
        const o = offered.get(lpn);
        if (!o) throw new BackendError("not_found", `${lpn} is not waiting for a blind re-grade on this bench`);
        offered.delete(lpn);
        const everything = { kind: null, flag: null, inspector: null, category: null, olderThanMinutes: null, mine: false };
        return { lpn, lead: grade, inspector: o.grade, agreed: grade === o.grade, queue: queue(everything) };
      }),

    sendBack: (lpn, reason, to) =>
      run("sendBack", [lpn, reason, to], () => {
        const by = asLead();
        const h = held.get(lpn);
        if (!h || h.history.state !== "awaiting_review") throw new BackendError("wrong_state", `${lpn} does not wait for a lead`);
        if (reason.trim().length < 5) throw new BackendError("invalid_input", "say what to look at again (at least 5 characters)");
        if (to !== null && !FAKE_USERS.some((u) => u.badge === to.toUpperCase() && u.role !== "admin"))
          throw new BackendError("invalid_input", `${to} is not an inspector or lead of this bench`);
        const unit = units.get(h.unitId);
        if (!unit) throw new BackendError("not_found", `${lpn} was not issued on this bench`);
        h.history.state = "sent_back";
        unit.confirmed = false;
        sentBack.set(lpn, { parcelId: unit.view.parcelId, code: unit.view.scanned, by, reason: reason.trim(), done: false });
        return queue({ kind: null, flag: null, inspector: null, category: null, olderThanMinutes: null, mine: false });
      }),

    matchParcel: (parcelId, code) =>
      run("matchParcel", [parcelId, code], () => {
        const by = asLead();
        const entry = [...shelf.values()].find((e) => e.set.parcelId === parcelId && !e.matched);
        if (!entry) throw new BackendError("not_found", `parcel ${parcelId} is not waiting on the unmatched shelf`);
        const ret = findReturn(code.trim());
        if (!ret) throw new BackendError("not_found", `no return on this bench matches ${code.trim()}: check the return number`);
        entry.matched = { ret, by };
        return queue({ kind: null, flag: null, inspector: null, category: null, olderThanMinutes: null, mine: false });
      }),

    dashboard: (period) =>
      run("dashboard", [period], () => {
        asLeadOrAdmin();
        if (period.kind === "dates" && period.to < period.from)
          throw new BackendError("invalid_input", `the dates run backwards: ${period.from} is after ${period.to}`);
        return fakeDashboard(period, [...held.values()].filter((h) => h.history.state === "awaiting_review").length, today.length);
      }),

    exportChart: (period, chart) =>
      run("exportChart", [period, chart], () => {
        asLeadOrAdmin();
        if (!fakeDashboard(period, 0, 0).kpis.charts.some((c) => c.id === chart))
          throw new BackendError("not_found", `there is no chart "${chart}"`);
        return `/bench/exports/${chart}.csv`;
      }),

    session: () => run("session", [], () => session),

    login: (badge, pin) =>
      run("login", [badge, pin], () => {
        const i = FAKE_USERS.findIndex((u) => u.badge === badge.trim().toUpperCase());
        if (i < 0) throw new BackendError("wrong_pin", `badge ${badge} is not known at this bench`);
        if (FAKE_USERS[i].pin !== pin.trim()) throw new BackendError("wrong_pin", `wrong PIN for ${FAKE_USERS[i].badge}`);
        session = signedIn(i);
        return session;
      }),

    lock: () =>
      run("lock", [], () => {
        session = { ...session, locked: true };
        return session;
      }),

    logout: () =>
      run("logout", [], () => {
        session = { ...session, user: null, locked: true };
        return session;
      }),

    printerChoice: () => run("printerChoice", [], () => printer),

    setPrinter: (choice) =>
      run("setPrinter", [choice], () => {
        if (choice && !/^(ipp|socket|usb|file):\/\//.test(choice.uri))
          throw new BackendError("invalid_input", `${choice.uri} is not a printer address; the printer in use stays`);
        printer = choice && { ...choice, format: choice.format || (choice.uri.startsWith("socket:") ? "zpl" : "pdf") };
        return printer;
      }),

    checkPrinter: () =>
      run("checkPrinter", [], () =>
        printer ? { printer: printer.uri, ready: true, said: "ready" } : { printer: null, ready: false, said: "" },
      ),

    testPrint: () =>
      run("testPrint", [], () => {
        if (!printer) throw new BackendError("invalid_input", "no printer is chosen: enter its address in settings first");
        return job("TEST-PRINT", printer.uri);
      }),

    recentPrintJobs: () => run("recentPrintJobs", [], () => jobs.slice(0, 8)),

    reprint: (jobId, uri) =>
      run("reprint", [jobId, uri], () => {
        const old = jobs.find((j) => j.id === jobId);
        if (!old) throw new BackendError("not_found", `no print job ${jobId}`);
        return job(old.lpn, uri ?? old.printer, old.id);
      }),
  };
  return backend;
}

/** A crude stand-in for triage_scan::classify: GTIN-13 check digits and GS1 (01) only. */
function fakeClassify(input: string): Classified {
  const symbology = /^\][A-Za-z][0-9A-Za-z]/.test(input) ? input.slice(0, 3) : null;
  const body = symbology ? input.slice(3) : input;
  const base = { input, symbology, carrier: null, elements: [], gtin: null, serial: null };
  const gs1 = /^01(\d{14})(?:\x1d?21(.+))?$/.exec(body);
  if (gs1) {
    const elements = [{ ai: "01", value: gs1[1], title: "GTIN" }];
    if (gs1[2]) elements.push({ ai: "21", value: gs1[2], title: "SERIAL" });
    return { ...base, kind: "gs1", value: body, valid: true, error: null, elements, gtin: gs1[1], serial: gs1[2] ?? null };
  }
  if (/^\d{13}$/.test(body)) {
    const digits = [...body].map(Number);
    const sum = digits.slice(0, 12).reduce((s, d, i) => s + d * (i % 2 === 0 ? 1 : 3), 0);
    const expected = (10 - (sum % 10)) % 10;
    const valid = expected === digits[12];
    const error = valid ? null : `GTIN-13 ${body} has check digit ${digits[12]}, expected ${expected}`;
    return { ...base, kind: "gtin", value: body, valid, error };
  }
  return { ...base, kind: "unknown", value: body, valid: false, error: "not a code this bench knows" };
}

/** The browser demo: a fake with a few ms of latency, like a real command. */
export function demoBackend(): Backend {
  const fake = fakeBackend();
  const slow =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    (...a: A) =>
      new Promise<R>((resolve, reject) => setTimeout(() => f(...a).then(resolve, reject), 40));
  return {
    benchStatus: slow(fake.benchStatus),
    scanParcel: slow(fake.scanParcel),
    setAsideParcel: slow(fake.setAsideParcel),
    closeParcel: slow(fake.closeParcel),
    settleShortParcel: slow(fake.settleShortParcel),
    assignReviewItem: slow(fake.assignReviewItem),
    openContainer: slow(fake.openContainer),
    closeContainer: slow(fake.closeContainer),
    scanCommand: slow(fake.scanCommand),
    startUnit: slow(fake.startUnit),
    dropUnit: slow(fake.dropUnit),
    propose: slow(fake.propose),
    confirmUnit: slow(fake.confirmUnit),
    takePhoto: slow(fake.takePhoto),
    today: slow(fake.today),
    printStatus: slow(fake.printStatus),
    syncStatus: slow(fake.syncStatus),
    setLocale: slow(fake.setLocale),
    scannerSettings: slow(fake.scannerSettings),
    setScannerSettings: slow(fake.setScannerSettings),
    usbDevices: slow(fake.usbDevices),
    scannerNews: slow(fake.scannerNews),
    classifyScan: slow(fake.classifyScan),
    printerChoice: slow(fake.printerChoice),
    setPrinter: slow(fake.setPrinter),
    testPrint: slow(fake.testPrint),
    checkPrinter: slow(fake.checkPrinter),
    recentPrintJobs: slow(fake.recentPrintJobs),
    reprint: slow(fake.reprint),
    session: slow(fake.session),
    login: slow(fake.login),
    lock: slow(fake.lock),
    logout: slow(fake.logout),
    reviewQueue: slow(fake.reviewQueue),
    unitHistory: slow(fake.unitHistory),
    approveUnit: slow(fake.approveUnit),
    amendUnit: slow(fake.amendUnit),
    resolveConflict: slow(fake.resolveConflict),
    matchParcel: slow(fake.matchParcel),
    sendBack: slow(fake.sendBack),
    calibrate: slow(fake.calibrate),
    dashboard: slow(fake.dashboard),
    exportChart: slow(fake.exportChart),
    listenScans: fake.listenScans,
  };
}

/** Bars from the characters' codes: looks like a barcode, scans as nothing. */
function fakeBarcode(text: string): string {
  let x = 0;
  const bars: string[] = [];
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    for (let bit = 0; bit < 6; bit++) {
      const w = ((c >> bit) & 1) + 1;
      if (bit % 2 === 0) bars.push(`<rect x="${x}" y="0" width="${w}" height="40"/>`);
      x += w + 1;
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${x} 40" preserveAspectRatio="none">${bars.join("")}</svg>`;
}
