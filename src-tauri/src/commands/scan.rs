use super::BenchState;
use triage_app::dto::{BenchCommand, ParcelView, SetAsideParcel};
use triage_app::AppError;

#[tauri::command]
pub async fn scan_parcel(bench: BenchState<'_>, code: String) -> Result<ParcelView, AppError> {
    bench.scan_parcel(&code).await
}

/// A parcel no return matched goes on the unmatched shelf for a lead.
#[tauri::command]
pub async fn set_aside_parcel(bench: BenchState<'_>, code: String, note: String) -> Result<SetAsideParcel, AppError> {
    bench.set_aside_parcel(&code, &note).await
}

#[tauri::command]
pub fn scan_command(bench: BenchState<'_>, code: String) -> Option<BenchCommand> {
    bench.scan_command(&code)
}
