use super::BenchState;
use triage_app::dto::SessionView;
use triage_app::AppError;

#[tauri::command]
pub async fn session(bench: BenchState<'_>) -> Result<SessionView, AppError> {
    bench.session().await
}

#[tauri::command]
pub async fn login(bench: BenchState<'_>, badge: String, pin: String) -> Result<SessionView, AppError> {
    bench.login(&badge, &pin).await
}

#[tauri::command]
pub async fn lock(bench: BenchState<'_>) -> Result<SessionView, AppError> {
    bench.lock().await
}

#[tauri::command]
pub async fn logout(bench: BenchState<'_>) -> Result<SessionView, AppError> {
    bench.logout().await
}
