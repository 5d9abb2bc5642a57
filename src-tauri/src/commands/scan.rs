use super::BenchState;
use triage_app::dto::{BenchCommand, ContainerView, ParcelClosed, ParcelView, SetAsideParcel};
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

/// The inspector says nothing more is in the parcel: lines that came short go to a lead.
#[tauri::command]
pub async fn close_parcel(bench: BenchState<'_>, parcel_id: String) -> Result<ParcelClosed, AppError> {
    bench.close_parcel(&parcel_id).await
}

/// What the bench's open liquidation container holds.
#[tauri::command]
pub async fn open_container(bench: BenchState<'_>) -> Result<ContainerView, AppError> {
    bench.open_container().await
}

/// Closes the liquidation container and prints its label.
#[tauri::command]
pub async fn close_container(bench: BenchState<'_>) -> Result<ContainerView, AppError> {
    bench.close_container().await
}

#[tauri::command]
pub fn scan_command(bench: BenchState<'_>, code: String) -> Option<BenchCommand> {
    bench.scan_command(&code)
}
