use super::BenchState;
use triage_app::dto::{AmendedUnit, CalibrationResult, DashboardPeriod, DashboardView, ReviewQueue, UnitHistory};
use triage_app::AppError;
use triage_core::review::ReviewFilter;
use triage_core::rules::{Amendment, Grade};

#[tauri::command]
pub async fn review_queue(bench: BenchState<'_>, filter: ReviewFilter) -> Result<ReviewQueue, AppError> {
    bench.review_queue(&filter).await
}

#[tauri::command]
pub async fn unit_history(bench: BenchState<'_>, lpn: String) -> Result<UnitHistory, AppError> {
    bench.unit_history(&lpn).await
}

#[tauri::command]
pub async fn approve_unit(bench: BenchState<'_>, lpn: String, reason: String) -> Result<AmendedUnit, AppError> {
    bench.approve_unit(&lpn, &reason).await
}

#[tauri::command]
pub async fn amend_unit(bench: BenchState<'_>, lpn: String, amendment: Amendment) -> Result<AmendedUnit, AppError> {
    bench.amend_unit(&lpn, &amendment).await
}

#[tauri::command]
pub async fn resolve_conflict(bench: BenchState<'_>, id: String, note: String) -> Result<ReviewQueue, AppError> {
    bench.resolve_conflict(&id, &note).await
}

/// A lead sends a held unit back for re-inspection (to its inspector, or `to`).
#[tauri::command]
pub async fn send_back(
    bench: BenchState<'_>,
    lpn: String,
    reason: String,
    to: Option<String>,
) -> Result<ReviewQueue, AppError> {
    bench.send_back(&lpn, &reason, to.as_deref()).await
}

/// A lead's blind re-grade of a unit offered for calibration.
#[tauri::command]
pub async fn calibrate(bench: BenchState<'_>, lpn: String, grade: Grade) -> Result<CalibrationResult, AppError> {
    bench.calibrate(&lpn, grade).await
}

#[tauri::command]
pub async fn match_parcel(bench: BenchState<'_>, parcel_id: String, code: String) -> Result<ReviewQueue, AppError> {
    bench.match_parcel(&parcel_id, &code).await
}

/// A lead hands a waiting item to another lead.
#[tauri::command]
pub async fn assign_review_item(bench: BenchState<'_>, id: String, to: String) -> Result<ReviewQueue, AppError> {
    bench.assign_review_item(&id, &to).await
}

/// A lead settles a parcel closed with fewer units than expected.
#[tauri::command]
pub async fn settle_short_parcel(
    bench: BenchState<'_>,
    parcel_id: String,
    reason: String,
) -> Result<ReviewQueue, AppError> {
    bench.settle_short_parcel(&parcel_id, &reason).await
}

#[tauri::command]
pub async fn dashboard(bench: BenchState<'_>, period: DashboardPeriod) -> Result<DashboardView, AppError> {
    bench.dashboard(&period).await
}

/// Writes the chart's CSV into the bench's exports folder; returns its path.
#[tauri::command]
pub async fn export_chart(bench: BenchState<'_>, period: DashboardPeriod, chart: String) -> Result<String, AppError> {
    Ok(bench.export_chart(&period, &chart).await?.display().to_string())
}
