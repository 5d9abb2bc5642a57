//! The desktop shell: opens the bench, hands it to the window, and exposes
//! the use cases as Tauri commands. Nothing else in the workspace imports tauri.

mod commands;

use std::path::PathBuf;
use std::sync::Arc;
use triage_app::{os_locale, Bench, BenchConfig};

/// `triage-desktop [--data-dir DIR]`
pub fn run(args: Vec<String>) -> Result<(), String> {
    let data_dir = parse_args(&args)?;
    let config = BenchConfig::from_env(data_dir)?;
    let clock: triage_app::Clock = Arc::new(chrono::Local::now);
    let bench = tauri::async_runtime::block_on(async {
        let bench = Bench::open(config, clock, os_locale(|k| std::env::var(k).ok())).await?;
        if let Some(loaded) = bench.load_demo_if_empty().await? {
            eprintln!("triage: first start, loaded {} demo returns", loaded.imported);
        }
        Ok::<_, triage_app::AppError>(bench)
    })
    .map_err(|e| e.message)?;
    eprintln!(
        "triage: bench {} with data in {}",
        bench.config().bench_id(),
        bench.config().data_dir.display()
    );
    let bench = Arc::new(bench);
    // Labels queued by confirmations (and retries) print in the background.
    let printer = bench.clone();
    tauri::async_runtime::spawn(async move { printer.keep_printing(std::time::Duration::from_secs(1)).await });
    tauri::Builder::default()
        .manage(bench)
        .invoke_handler(tauri::generate_handler![
            commands::bench::bench_status,
            commands::bench::set_locale,
            commands::bench::today,
            commands::bench::print_status,
            commands::scan::scan_parcel,
            commands::scan::scan_command,
            commands::inspect::start_unit,
            commands::inspect::propose,
            commands::inspect::confirm_unit,
        ])
        .run(tauri::generate_context!())
        .map_err(|e| format!("the window could not start: {e}"))
}

fn parse_args(args: &[String]) -> Result<Option<PathBuf>, String> {
    match args {
        [] => Ok(None),
        [flag, dir] if flag == "--data-dir" => Ok(Some(PathBuf::from(dir))),
        _ => Err(format!(
            "unexpected arguments {args:?}; usage: triage-desktop [--data-dir DIR]"
        )),
    }
}
