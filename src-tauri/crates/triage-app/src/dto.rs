//! What crosses to the UI. Declared once here; TypeScript is generated from
//! these by ts-rs into ui/src/lib/gen (run `cargo test -p triage-app`).

use crate::Locale;
use serde::Serialize;
use triage_core::rules::{AmendmentKind, Decision, Disposition, Flag, Grade, LocalText, Question};
use triage_core::{Category, ReturnReason, UnitState};
use triage_scan::ScanKind;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BenchStatus {
    pub site: String,
    pub bench: String,
    pub data_dir: String,
    pub label_dir: String,
    pub locale: Locale,
    #[ts(type = "number")]
    pub returns_loaded: i64,
    #[ts(type = "number")]
    pub units_today: i64,
    pub rules_version: String,
    pub rules: RulesView,
}

/// The rule set in force.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RulesView {
    pub version: String,
    /// SHA-256 of the file, stored with every inspection it decided.
    pub hash: String,
    /// The file it came from, or "built-in".
    pub source: String,
    /// Why the last rule file offered was refused (the set above stayed).
    pub refused: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ScanInfo {
    pub kind: ScanKind,
    /// e.g. the carrier of a tracking number.
    pub detail: Option<String>,
    pub valid: bool,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReturnLineView {
    pub line_no: u32,
    pub sku: String,
    pub gtin: String,
    pub description: String,
    pub category: Category,
    pub quantity: u32,
    #[ts(type = "number")]
    pub unit_price_cents: i64,
    pub reason: ReturnReason,
    pub comment: Option<String>,
    pub expected_serials: Vec<String>,
    #[ts(type = "number")]
    pub units_inspected: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReturnView {
    pub return_number: String,
    pub order_number: String,
    pub channel: String,
    pub customer_name: String,
    pub purchased_on: String,
    pub created_on: String,
    #[ts(type = "number")]
    pub days_since_purchase: i64,
    pub window_days: u32,
    pub within_window: bool,
    pub tracking_numbers: Vec<String>,
    pub lines: Vec<ReturnLineView>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ParcelView {
    pub parcel_id: String,
    pub scanned: String,
    pub scan: ScanInfo,
    /// The shop cancelled this return: the parcel came anyway (the screen warns).
    pub cancelled: bool,
    /// The lead who matched this parcel to its return after it was set aside.
    pub matched_by: Option<String>,
    /// A unit sent back for re-inspection, found by its old LPN: the code to take
    /// it up with (the screen starts it at once).
    pub resume: Option<String>,
    #[serde(rename = "return")]
    #[ts(rename = "return")]
    pub return_view: ReturnView,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UnitView {
    pub unit_id: String,
    pub parcel_id: String,
    pub scanned: String,
    pub line: Option<ReturnLineView>,
    pub category: Category,
    pub wrong_item: bool,
    pub questions: Vec<Question>,
    pub decision: Decision,
    /// The serial number (21) when the unit was scanned by a GS1 barcode that
    /// holds one: the UI answers the serial question with it.
    pub scanned_serial: Option<String>,
    /// A lead sent this unit back to be inspected again, and why.
    pub reinspection: Option<ReinspectionView>,
}

/// Why a unit is inspected again: the held unit's LPN (void now), the lead and the reason.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReinspectionView {
    pub previous_lpn: String,
    pub by: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LabelView {
    pub lpn: String,
    pub sku: String,
    pub description: String,
    pub grade: Grade,
    pub disposition: Disposition,
    pub destination: LocalText,
    pub date: String,
    pub bench: String,
    pub flags: Vec<Flag>,
    /// Code 128 of the LPN, for the on-screen preview.
    pub barcode_svg: String,
    pub pdf_path: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConfirmedUnit {
    pub unit_id: String,
    pub lpn: String,
    pub state: UnitState,
    pub decision: Decision,
    pub label: LabelView,
    /// The label's job on the bench's printer (queued with the confirmation).
    pub print_job: Option<PrintJobView>,
}

/// The bench's printer and its queue, for the status bar.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PrintStatus {
    /// The printer labels go to; none when the bench only saves PDFs.
    pub printer: Option<String>,
    #[ts(type = "number")]
    pub waiting: i64,
    #[ts(type = "number")]
    pub failed: i64,
    /// The printer's latest reason a waiting label did not print.
    pub trouble: Option<String>,
    /// The label that reason concerns.
    pub trouble_lpn: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TodayEntry {
    pub lpn: String,
    pub return_number: String,
    pub sku: String,
    pub grade: Grade,
    pub disposition: Disposition,
    pub destination: LocalText,
    pub state: UnitState,
    pub confirmed_at: String,
}

/// The bench's liquidation container: open (no code yet) or just closed.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ContainerView {
    /// `LQ-PAR1-01-0007` once closed; `None` while open.
    pub code: Option<String>,
    pub units: u32,
    pub skus: u32,
    /// The units' total value on their returns (cents).
    #[ts(type = "number")]
    pub value_cents: i64,
    /// "apparel 3 · footwear 1 · 3 SKUs".
    pub contents: String,
    /// The units inside, first in first.
    pub lpns: Vec<String>,
    /// The container label's PDF in the bench's label folder, once closed.
    pub label_pdf: Option<String>,
    /// Its print job, when a printer is chosen.
    pub print_job: Option<PrintJobView>,
}

/// One label sent (or waiting to be sent) to a printer.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PrintJobView {
    pub id: String,
    pub lpn: String,
    pub printer: String,
    /// pdf | zpl
    pub format: String,
    /// queued | sent | done | failed
    pub state: String,
    #[ts(type = "number")]
    pub attempts: i64,
    /// The printer's own reason the last try did not print.
    pub last_error: Option<String>,
    /// When a queued job is tried again.
    pub next_attempt_at: String,
    pub reprint_of: Option<String>,
}

/// A confirmed unit after a lead's override or a re-disposition.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AmendedUnit {
    pub lpn: String,
    pub state: UnitState,
    /// The decision in force now.
    pub decision: Decision,
    /// The label printed again (same LPN) when what it shows changed.
    pub reprinted_pdf: Option<String>,
}

/// One override or re-disposition, as the audit shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AmendmentView {
    #[ts(type = "number")]
    pub seq: i64,
    pub kind: AmendmentKind,
    pub from_disposition: String,
    pub to_disposition: String,
    pub from_destination: String,
    pub to_destination: String,
    pub from_grade: Grade,
    pub to_grade: Grade,
    pub reason: String,
    pub by: String,
    pub at: String,
}

/// A confirmed unit's decisions: the inspector's, every amendment, and the one in force.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UnitHistory {
    pub lpn: String,
    pub state: UnitState,
    pub original: Decision,
    pub amendments: Vec<AmendmentView>,
    pub in_force: Decision,
    /// Photos taken at inspection; a thumbnail is empty when its file is gone.
    pub photos: Vec<PhotoView>,
}

/// A command barcode from the bench sheet (`CMD:Y`, `CMD:CONFIRM`…), as the inspect screen runs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum BenchCommand {
    /// Answer the current question with this key (Y, N, 1–9).
    Answer {
        key: String,
    },
    Confirm,
    Undo,
    /// Leave the unit without confirming (like Escape).
    Drop,
    /// Bring this question back to answer it again (`CMD:Q:<id>`).
    Select {
        question: String,
    },
    /// Raise (or lower) a flag by hand: `CMD:EMPTY` (empty box), `CMD:LEAD` (ask a lead).
    Raise {
        flag: Flag,
    },
    /// A command this screen does not know.
    Unknown {
        name: String,
    },
}

/// How this bench stands with central, for the status bar and `triage sync`.
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncView {
    /// Whether central's settings are there and readable.
    pub configured: bool,
    /// "site/bench" as central knows this bench.
    pub central_bench: Option<String>,
    /// The last exchange with central worked.
    pub online: bool,
    /// An exchange with central has been tried since the bench started (before
    /// that, "offline" would be a guess: the bar says it is connecting).
    pub attempted: bool,
    /// Changes waiting to reach central.
    #[ts(type = "number")]
    pub backlog: i64,
    /// When the oldest of them was made (RFC 3339).
    pub oldest_waiting: Option<String>,
    pub last_success_at: Option<String>,
    /// Why the last attempt failed, in words.
    pub last_error: Option<String>,
    /// A pull in progress: returns stored so far, of how many.
    #[ts(type = "number | null")]
    pub pull_done: Option<i64>,
    #[ts(type = "number | null")]
    pub pull_total: Option<i64>,
    /// Conflicts central found between benches, waiting for a lead.
    #[ts(type = "number")]
    pub conflicts: i64,
}

/// A user as the bench shows them (never the PIN hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UserView {
    pub badge: String,
    pub name: String,
    pub role: triage_core::Role,
    pub active: bool,
}

/// Who is at the bench.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SessionView {
    /// The user logged in last (still shown while the bench is locked).
    pub user: Option<UserView>,
    /// Nobody may work until someone logs in.
    pub locked: bool,
    #[ts(type = "number")]
    pub idle_lock_seconds: i64,
    /// False on a bench that has no users yet (an admin must add the first).
    pub users_known: bool,
}

/// The audit log's chain, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditCheck {
    #[ts(type = "number")]
    pub entries: u64,
    pub intact: bool,
    #[ts(type = "number | null")]
    pub first_bad: Option<i64>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditEntryView {
    #[ts(type = "number")]
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    /// JSON.
    pub detail: String,
}

/// A parcel closed: how many units its return has received, and the lines that
/// came short (the parcel then waits for a lead).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ParcelClosed {
    pub parcel_id: String,
    pub return_number: String,
    /// Units of the return confirmed so far (all its parcels).
    pub units: u32,
    /// Lines with fewer units so far than expected; a lead is told only when
    /// no box of the return is still to come.
    pub short: Vec<triage_core::receipt::ShortLine>,
    /// Tracking numbers of the return's boxes not received yet.
    pub boxes_to_come: Vec<String>,
}

/// A stock-need export put in force: SKUs read, and how many are high and low.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StockNeedImport {
    pub skus: u32,
    pub high: u32,
    pub low: u32,
}

/// A photo taken for a photo question: its id (the answer) and a thumbnail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PhotoView {
    /// The SHA-256 of the file: the answer to the question.
    pub id: String,
    pub width: u32,
    pub height: u32,
    /// A PNG at most 320 px on a side, as a data URL.
    pub thumbnail: String,
}

/// One thing waiting for a lead.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReviewItem {
    pub kind: triage_core::review::WaitKind,
    /// The LPN of a held unit, the conflict's id, or the parcel's id.
    pub id: String,
    pub lpn: Option<String>,
    pub return_number: Option<String>,
    pub sku: String,
    pub description: String,
    pub category: Option<Category>,
    pub flags: Vec<Flag>,
    /// The badge of the inspector who confirmed it.
    pub inspector: Option<String>,
    /// Since when it waits (RFC 3339, UTC).
    pub since: String,
    /// The decision in force in one line, or what central found.
    pub summary: String,
    /// received_twice | more_than_expected | cancelled_after_receipt
    pub conflict: Option<String>,
    /// The code of a parcel set aside (its tracking number as scanned).
    pub parcel: Option<String>,
    /// The lead it was handed to, if any.
    pub assigned_to: Option<String>,
}

/// A lead's blind re-grade, and the inspector's grade it is compared with.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CalibrationResult {
    pub lpn: String,
    pub lead: Grade,
    pub inspector: Grade,
    pub agreed: bool,
    /// What waits for a lead now.
    pub queue: ReviewQueue,
}

/// A parcel put on the unmatched shelf for a lead.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SetAsideParcel {
    pub parcel_id: String,
    /// The parcel's code as read (AIM prefix and control characters removed).
    pub scanned: String,
    pub note: String,
    /// Since when it waits (RFC 3339, UTC).
    pub since: String,
    pub set_aside_by: Option<String>,
    /// It was set aside before: nothing new was recorded or printed.
    pub already: bool,
    /// The exception label's print job; none when no printer is chosen.
    pub print_job: Option<PrintJobView>,
    /// Why no exception label could be made (the parcel is set aside all the same).
    pub label_problem: Option<String>,
}

/// The queue as filtered, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReviewQueue {
    pub items: Vec<ReviewItem>,
    /// How many wait in all, before the filter.
    pub total: u32,
    /// Every inspector with something waiting (for the filter).
    pub inspectors: Vec<String>,
}

/// Which period a dashboard covers: the shift running now, or whole local days
/// `from` to `to` (both included, YYYY-MM-DD).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum DashboardPeriod {
    Shift,
    Dates { from: String, to: String },
}

/// The dashboard of a period: tiles and charts (triage_core::kpi).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DashboardView {
    /// The period `[from, to)`, local time, RFC 3339.
    pub from: String,
    pub to: String,
    /// When the numbers were computed.
    pub at: String,
    pub bench: String,
    pub rules_version: String,
    /// The recovery rates the expected recovery uses (the rule set's).
    pub recovery: triage_core::kpi::RecoveryRates,
    /// Its charts are at the end of `kpis.charts` (calibration_by_…).
    pub kpis: triage_core::kpi::Kpis,
    /// Blind re-grades of the period, and each inspector's drift as of now.
    pub calibration: triage_core::kpi::calibration::CalibrationSummary,
    /// The share of graded units offered for a blind re-grade (percent).
    pub calibration_share: f64,
    /// Whose units are counted.
    pub source: DashboardSource,
}

/// Whose units a dashboard counts: this bench's always (from its own database),
/// the other benches' of the site when central answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DashboardSource {
    /// The benches whose units are counted, this one first.
    pub benches: Vec<String>,
    /// Central answered: the site's other benches are in (as of their last push).
    pub central: bool,
    /// Why the other benches are missing (central unreachable…), in words;
    /// `None` with `central` false: this bench has no central. With `central`
    /// true: their units are in, their re-grades could not be read.
    pub central_error: Option<String>,
}
