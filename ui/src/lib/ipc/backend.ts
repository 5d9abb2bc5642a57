import type { BenchCommand } from "../gen/BenchCommand";
import type { ContainerView } from "../gen/ContainerView";
import type { ParcelClosed } from "../gen/ParcelClosed";
import type { PhotoView } from "../gen/PhotoView";
import type { Flag } from "../gen/Flag";
import type { PrintStatus } from "../gen/PrintStatus";
import type { Answer } from "../gen/Answer";
import type { BenchStatus } from "../gen/BenchStatus";
import type { ConfirmedUnit } from "../gen/ConfirmedUnit";
import type { Decision } from "../gen/Decision";
import type { ErrorCode } from "../gen/ErrorCode";
import type { Locale } from "../gen/Locale";
import type { ParcelView } from "../gen/ParcelView";
import type { TodayEntry } from "../gen/TodayEntry";
import type { UnitView } from "../gen/UnitView";
import type { Classified } from "../gen/Classified";
import type { Scan } from "../gen/Scan";
import type { ScannerSettings } from "../gen/ScannerSettings";
import type { UsbDeviceView } from "../gen/UsbDeviceView";
import type { PrinterChoice } from "../gen/PrinterChoice";
import type { PrintJobView } from "../gen/PrintJobView";
import type { PrinterCheck } from "../gen/PrinterCheck";
import type { SyncView } from "../gen/SyncView";
import type { SessionView } from "../gen/SessionView";
import type { ReviewFilter } from "../gen/ReviewFilter";
import type { ReviewQueue } from "../gen/ReviewQueue";
import type { UnitHistory } from "../gen/UnitHistory";
import type { SetAsideParcel } from "../gen/SetAsideParcel";
import type { CalibrationResult } from "../gen/CalibrationResult";
import type { Grade } from "../gen/Grade";
import type { AmendedUnit } from "../gen/AmendedUnit";
import type { Amendment } from "../gen/Amendment";
import type { DashboardPeriod } from "../gen/DashboardPeriod";
import type { DashboardView } from "../gen/DashboardView";

/** Everything the screens may ask of the bench; one method per Tauri command. */
export interface Backend {
  benchStatus(): Promise<BenchStatus>;
  scanParcel(code: string): Promise<ParcelView>;
  /** Puts a parcel no return matches on the unmatched shelf for a lead (its exception label prints). */
  setAsideParcel(code: string, note: string): Promise<SetAsideParcel>;
  /** Nothing more is in the parcel: the lines of its return that came short (it then waits for a lead). */
  closeParcel(parcelId: string): Promise<ParcelClosed>;
  /** What the bench's open liquidation container holds. */
  openContainer(): Promise<ContainerView>;
  /** Closes it: numbered, its units stamped, its label printed; refused when empty. */
  closeContainer(): Promise<ContainerView>;
  /** The command a scanned code stands for (bench sheet `CMD:…`), or null. */
  scanCommand(code: string): Promise<BenchCommand | null>;
  startUnit(parcelId: string, code: string): Promise<UnitView>;
  /** Leave a unit under inspection unconfirmed: it ends dropped. */
  dropUnit(unitId: string): Promise<void>;
  /** `raised`: flags the inspector raised by hand (empty_box, override_requested). */
  propose(unitId: string, answers: Answer[], raised: Flag[]): Promise<Decision>;
  confirmUnit(unitId: string, answers: Answer[], raised: Flag[]): Promise<ConfirmedUnit>;
  /** The newest picture of the bench camera's folder, as the answer to a photo question. */
  takePhoto(unitId: string, questionId: string): Promise<PhotoView>;
  today(): Promise<TodayEntry[]>;
  /** The bench's printer and its queue (the status bar asks every second). */
  printStatus(): Promise<PrintStatus>;
  /** How the bench stands with central: online, what waits, the last error. */
  syncStatus(): Promise<SyncView>;
  setLocale(locale: Locale): Promise<BenchStatus>;
  /** The scanners read directly (USB by VID:PID, a USB COM port). */
  scannerSettings(): Promise<ScannerSettings>;
  /** Keeps them and reads by them at once. */
  setScannerSettings(settings: ScannerSettings): Promise<ScannerSettings>;
  /** USB devices connected now, the chosen ones marked. */
  usbDevices(): Promise<UsbDeviceView[]>;
  /** What the scanner readers said lately (attached, detached…), oldest first. */
  scannerNews(): Promise<string[]>;
  /** What a scan is and whether it is valid (the settings test panel). */
  classifyScan(text: string): Promise<Classified>;
  /** The label printer in use, or null when labels are only saved. */
  printerChoice(): Promise<PrinterChoice | null>;
  /** Checks and keeps it (null: no printer); used from the next label on. */
  setPrinter(choice: PrinterChoice | null): Promise<PrinterChoice | null>;
  /** Asks the printer in use whether it can print now (Zebra ~HS, IPP state, folder). */
  checkPrinter(): Promise<PrinterCheck>;
  /** Prints a sample label on the printer in use, at once. */
  testPrint(): Promise<PrintJobView>;
  /** The latest print jobs, newest first. */
  recentPrintJobs(): Promise<PrintJobView[]>;
  /** Prints a job's label again, on its printer or on `printer`. */
  reprint(jobId: string, printer: string | null): Promise<PrintJobView>;
  /** Who is logged in, and whether the bench is locked (it locks itself when idle). */
  session(): Promise<SessionView>;
  /** Badge (scanned or typed) and PIN. */
  login(badge: string, pin: string): Promise<SessionView>;
  /** "Switch user": the bench locks, the work on screen stays. */
  lock(): Promise<SessionView>;
  logout(): Promise<SessionView>;
  /** What waits for a lead (held units, conflicts, parcels set aside), filtered, oldest first. Leads only. */
  reviewQueue(filter: ReviewFilter): Promise<ReviewQueue>;
  /** A confirmed unit's decisions: the inspector's, each amendment, the one in force. */
  unitHistory(lpn: string): Promise<UnitHistory>;
  /** A lead lets a held unit go where its rules sent it, with a reason. */
  approveUnit(lpn: string, reason: string): Promise<AmendedUnit>;
  /** A lead overrides a unit's decision (grade, disposition, refund) with a reason. */
  amendUnit(lpn: string, amendment: Amendment): Promise<AmendedUnit>;
  /** A lead settles a conflict central found, saying how. */
  resolveConflict(id: string, note: string): Promise<ReviewQueue>;
  /** A lead sends a held unit back for re-inspection, saying why; to its inspector, or to `to` (a badge). */
  sendBack(lpn: string, reason: string, to: string | null): Promise<ReviewQueue>;
  /** A lead's blind re-grade of a unit offered for calibration; the inspector's grade comes back. */
  calibrate(lpn: string, grade: Grade): Promise<CalibrationResult>;
  /** A lead matches a parcel set aside to a return (its number or a tracking number). */
  matchParcel(parcelId: string, code: string): Promise<ReviewQueue>;
  /** A lead hands a waiting item to another lead (their badge). */
  assignReviewItem(id: string, to: string): Promise<ReviewQueue>;
  /** A lead settles a parcel closed short, saying what was done about the missing units. */
  settleShortParcel(parcelId: string, reason: string): Promise<ReviewQueue>;
  /** The shift's (or chosen days') numbers and charts. Leads and admins. */
  dashboard(period: DashboardPeriod): Promise<DashboardView>;
  /** Writes one chart's numbers as CSV in the bench's exports folder; the file's path. */
  exportChart(period: DashboardPeriod, chart: string): Promise<string>;
  /** Calls `handler` with each scan read from a USB or serial scanner; returns how to stop. */
  listenScans(handler: (scan: Scan) => void): Promise<() => void>;
}

const ERROR_CODES: readonly ErrorCode[] = [
  "unknown_code",
  "invalid_code",
  "not_found",
  "wrong_state",
  "incomplete",
  "invalid_input",
  "storage",
  "label",
  "printer",
  "rules",
  "device",
  "central",
  "not_signed_in",
  "forbidden",
  "wrong_pin",
  "badge_locked",
  "internal",
];

/** A command's rejection: screens branch on `code`, and only show `message`. */
export class BackendError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "BackendError";
    this.code = code;
  }

  /** Anything a command rejected with (normally an AppError) as a BackendError. */
  static from(raw: unknown): BackendError {
    if (raw instanceof BackendError) return raw;
    if (typeof raw === "object" && raw !== null && "code" in raw) {
      const { code, message } = raw as { code: unknown; message?: unknown };
      if (ERROR_CODES.includes(code as ErrorCode)) {
        return new BackendError(code as ErrorCode, String(message ?? code));
      }
    }
    // A panic or a plugin error arrives as a bare string: still an error, of unknown kind.
    const text = raw instanceof Error ? raw.message : String(raw);
    return new BackendError("internal", text);
  }
}
