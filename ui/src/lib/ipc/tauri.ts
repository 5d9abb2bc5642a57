import { invoke, isTauri } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { Scan } from "../gen/Scan";
import type { Backend } from "./backend";
import { BackendError } from "./backend";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw BackendError.from(raw);
  }
}

/** The real bench: Tauri commands; argument names are the Rust ones in camelCase. */
export const tauriBackend: Backend = {
  benchStatus: () => call("bench_status"),
  scanParcel: (code) => call("scan_parcel", { code }),
  setAsideParcel: (code, note) => call("set_aside_parcel", { code, note }),
  closeParcel: (parcelId) => call("close_parcel", { parcelId }),
  openContainer: () => call("open_container"),
  closeContainer: () => call("close_container"),
  scanCommand: (code) => call("scan_command", { code }),
  startUnit: (parcelId, code) => call("start_unit", { parcelId, code }),
  dropUnit: (unitId) => call("drop_unit", { unitId }),
  propose: (unitId, answers, raised) => call("propose", { unitId, answers, raised }),
  confirmUnit: (unitId, answers, raised) => call("confirm_unit", { unitId, answers, raised }),
  takePhoto: (unitId, questionId) => call("take_photo", { unitId, questionId }),
  today: () => call("today"),
  printStatus: () => call("print_status"),
  syncStatus: () => call("sync_status"),
  setLocale: (locale) => call("set_locale", { locale }),
  scannerSettings: () => call("scanner_settings"),
  setScannerSettings: (settings) => call("set_scanner_settings", { settings }),
  usbDevices: () => call("usb_devices"),
  scannerNews: () => call("scanner_news"),
  classifyScan: (text) => call("classify_scan", { text }),
  printerChoice: () => call("printer_choice"),
  setPrinter: (choice) => call("set_printer", { choice }),
  testPrint: () => call("test_print"),
  checkPrinter: () => call("check_printer"),
  recentPrintJobs: () => call("recent_print_jobs"),
  reprint: (jobId, printer) => call("reprint", { jobId, printer }),
  session: () => call("session"),
  login: (badge, pin) => call("login", { badge, pin }),
  lock: () => call("lock"),
  logout: () => call("logout"),
  reviewQueue: (filter) => call("review_queue", { filter }),
  unitHistory: (lpn) => call("unit_history", { lpn }),
  approveUnit: (lpn, reason) => call("approve_unit", { lpn, reason }),
  amendUnit: (lpn, amendment) => call("amend_unit", { lpn, amendment }),
  resolveConflict: (id, note) => call("resolve_conflict", { id, note }),
  matchParcel: (parcelId, code) => call("match_parcel", { parcelId, code }),
  settleShortParcel: (parcelId, reason) => call("settle_short_parcel", { parcelId, reason }),
  assignReviewItem: (id, to) => call("assign_review_item", { id, to }),
  sendBack: (lpn, reason, to) => call("send_back", { lpn, reason, to }),
  calibrate: (lpn, grade) => call("calibrate", { lpn, grade }),
  dashboard: (period) => call("dashboard", { period }),
  exportChart: (period, chart) => call("export_chart", { period, chart }),
  listenScans: (handler) => listen<Scan>("scan", (e) => handler(e.payload)),
};

export { isTauri };
