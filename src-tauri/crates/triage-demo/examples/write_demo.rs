//! Regenerates the committed demo set:
//! `cargo run -p triage-demo --example write_demo [-- <dir>]` (default: assets/demo).

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../assets/demo"));
    let orders = triage_demo::demo_set();
    triage_demo::write_files(&dir, &orders)?;
    let lines: usize = orders.iter().map(|o| o.lines.len()).sum();
    println!("wrote {} returns ({lines} lines) to {}", orders.len(), dir.display());
    Ok(())
}
