use super::BenchState;
use triage_app::dto::{ConfirmedUnit, PhotoView, UnitView};
use triage_app::AppError;
use triage_core::rules::{Answer, Decision, Flag};

#[tauri::command]
pub async fn start_unit(bench: BenchState<'_>, parcel_id: String, code: String) -> Result<UnitView, AppError> {
    bench.start_unit(&parcel_id, &code).await
}

#[tauri::command]
pub async fn drop_unit(bench: BenchState<'_>, unit_id: String) -> Result<(), AppError> {
    bench.drop_unit(&unit_id).await
}

#[tauri::command]
pub async fn propose(
    bench: BenchState<'_>,
    unit_id: String,
    answers: Vec<Answer>,
    raised: Vec<Flag>,
) -> Result<Decision, AppError> {
    bench.propose(&unit_id, &answers, &raised).await
}

#[tauri::command]
pub async fn confirm_unit(
    bench: BenchState<'_>,
    unit_id: String,
    answers: Vec<Answer>,
    raised: Vec<Flag>,
) -> Result<ConfirmedUnit, AppError> {
    bench.confirm_unit(&unit_id, &answers, &raised).await
}

/// The newest picture of the bench camera's folder, as the answer to a photo question.
#[tauri::command]
pub async fn take_photo(bench: BenchState<'_>, unit_id: String, question_id: String) -> Result<PhotoView, AppError> {
    bench.take_photo(&unit_id, &question_id).await
}
