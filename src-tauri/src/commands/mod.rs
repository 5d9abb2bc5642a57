//! One file per area; each command is a line or two over `triage_app::Bench`.

pub mod bench;
pub mod inspect;
pub mod people;
pub mod printing;
pub mod review;
pub mod scan;
pub mod scanners;

pub(crate) type BenchState<'a> = tauri::State<'a, std::sync::Arc<triage_app::Bench>>;
