use super::BenchState;
use triage_app::{AppError, ScannerSettings, UsbDeviceView};
use triage_scan::Classified;

#[tauri::command]
pub async fn scanner_settings(bench: BenchState<'_>) -> Result<ScannerSettings, AppError> {
    bench.scanner_settings().await
}

#[tauri::command]
pub async fn set_scanner_settings(
    bench: BenchState<'_>,
    settings: ScannerSettings,
) -> Result<ScannerSettings, AppError> {
    bench.set_scanner_settings(settings).await
}

#[tauri::command]
pub async fn usb_devices(bench: BenchState<'_>) -> Result<Vec<UsbDeviceView>, AppError> {
    bench.usb_devices().await
}

#[tauri::command]
pub fn scanner_news(bench: BenchState<'_>) -> Vec<String> {
    bench.scanner_news()
}

#[tauri::command]
pub fn classify_scan(bench: BenchState<'_>, text: String) -> Classified {
    bench.classify_scan(&text)
}
