use super::BenchState;
use triage_app::dto::{BenchStatus, PrintStatus, SyncView, TodayEntry};
use triage_app::{AppError, Locale};

#[tauri::command]
pub async fn bench_status(bench: BenchState<'_>) -> Result<BenchStatus, AppError> {
    bench.status().await
}

#[tauri::command]
pub async fn set_locale(bench: BenchState<'_>, locale: Locale) -> Result<BenchStatus, AppError> {
    bench.set_locale(locale).await
}

#[tauri::command]
pub async fn today(bench: BenchState<'_>) -> Result<Vec<TodayEntry>, AppError> {
    bench.today_work().await
}

#[tauri::command]
pub async fn print_status(bench: BenchState<'_>) -> Result<PrintStatus, AppError> {
    bench.print_status().await
}

#[tauri::command]
pub async fn sync_status(bench: BenchState<'_>) -> Result<SyncView, AppError> {
    bench.sync_status().await
}
