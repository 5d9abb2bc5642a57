//! The desktop shell: opens the bench, hands it to the window, and exposes
//! the use cases as Tauri commands. Nothing else in the workspace imports tauri.

mod commands;

use std::path::PathBuf;
use std::sync::Arc;
use tauri::Emitter;
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
    // Work reaches central, and the site's news comes back, whenever the network allows.
    let syncer = bench.clone();
    tauri::async_runtime::spawn(async move { syncer.keep_syncing().await });
    let reader = bench.clone();
    tauri::Builder::default()
        .setup(move |app| {
            // Scans from USB and serial scanners reach the window as "scan" events.
            let window = app.handle().clone();
            let (scans, arriving) = std::sync::mpsc::channel::<triage_scan::Scan>();
            std::thread::spawn(move || {
                for scan in arriving {
                    let _ = window.emit("scan", scan);
                }
            });
            if let Err(e) = tauri::async_runtime::block_on(reader.read_scanners(scans)) {
                eprintln!("triage: scanners are not read: {}", e.message);
            }
            Ok(())
        })
        .manage(bench)
        .invoke_handler(tauri::generate_handler![
            commands::bench::bench_status,
            commands::bench::set_locale,
            commands::bench::today,
            commands::bench::print_status,
            commands::bench::sync_status,
            commands::people::session,
            commands::people::login,
            commands::people::lock,
            commands::people::logout,
            commands::review::review_queue,
            commands::review::unit_history,
            commands::review::approve_unit,
            commands::review::amend_unit,
            commands::review::resolve_conflict,
            commands::review::match_parcel,
            commands::review::settle_short_parcel,
            commands::review::assign_review_item,
            commands::review::send_back,
            commands::review::calibrate,
            commands::review::dashboard,
            commands::review::export_chart,
            commands::printing::printer_choice,
            commands::printing::set_printer,
            commands::printing::test_print,
            commands::printing::recent_print_jobs,
            commands::printing::reprint,
            commands::printing::check_printer,
            commands::scan::scan_parcel,
            commands::scan::set_aside_parcel,
            commands::scan::close_parcel,
            commands::scan::open_container,
            commands::scan::close_container,
            commands::scan::scan_command,
            commands::scanners::scanner_settings,
            commands::scanners::set_scanner_settings,
            commands::scanners::usb_devices,
            commands::scanners::scanner_news,
            commands::scanners::classify_scan,
            commands::inspect::start_unit,
            commands::inspect::drop_unit,
            commands::inspect::propose,
            commands::inspect::confirm_unit,
            commands::inspect::take_photo,
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
