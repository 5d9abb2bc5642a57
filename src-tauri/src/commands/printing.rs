use super::BenchState;
use triage_app::dto::PrintJobView;
use triage_app::{AppError, PrinterCheck, PrinterChoice};

#[tauri::command]
pub fn printer_choice(bench: BenchState<'_>) -> Option<PrinterChoice> {
    bench.printer_choice()
}

#[tauri::command]
pub async fn set_printer(
    bench: BenchState<'_>,
    choice: Option<PrinterChoice>,
) -> Result<Option<PrinterChoice>, AppError> {
    bench.set_printer(choice).await
}

#[tauri::command]
pub async fn test_print(bench: BenchState<'_>) -> Result<PrintJobView, AppError> {
    bench.test_print().await
}

#[tauri::command]
pub async fn recent_print_jobs(bench: BenchState<'_>) -> Result<Vec<PrintJobView>, AppError> {
    bench.recent_print_jobs(8).await
}

#[tauri::command]
pub async fn reprint(bench: BenchState<'_>, job_id: String, printer: Option<String>) -> Result<PrintJobView, AppError> {
    bench.reprint(&job_id, printer.as_deref()).await
}

#[tauri::command]
pub async fn check_printer(bench: BenchState<'_>) -> Result<PrinterCheck, AppError> {
    bench.check_printer().await
}
