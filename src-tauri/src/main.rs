// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(message) = triage_desktop::run(std::env::args().skip(1).collect()) {
        eprintln!("triage: {message}");
        std::process::exit(1);
    }
}
