use super::BenchState;
use triage_app::dto::{BenchCommand, ParcelView};
use triage_app::AppError;

#[tauri::command]
pub async fn scan_parcel(bench: BenchState<'_>, code: String) -> Result<ParcelView, AppError> {
    bench.scan_parcel(&code).await
}

#[tauri::command]
pub fn scan_command(bench: BenchState<'_>, code: String) -> Option<BenchCommand> {
    bench.scan_command(&code)
}
