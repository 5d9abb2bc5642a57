//! The demo data set: a seeded, deterministic generator of believable returns,
//! committed under `assets/demo` so a new install has work to show at once.
//!
//! Invariant: `generate(seed, count, as_of)` gives the same returns on every
//! machine and every version of its dependencies (own PRNG, integer maths,
//! ordered collections only).

mod catalogue;
mod comments;
mod generator;
mod people;
mod rng;
mod serials;
mod templates;
mod tracking;

use chrono::NaiveDate;
use std::path::Path;
use triage_core::ReturnOrder;

pub use generator::generate;

pub const DEMO_SEED: u64 = 20_261_127;
pub const DEMO_COUNT: usize = 600;
/// The day the committed set was generated for; [`rebase`] moves it to today.
pub const DEMO_AS_OF: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 27) {
    Some(d) => d,
    None => panic!("2026-11-27 is a date"),
};

/// File names of the committed set inside `assets/demo`.
pub const JSON_FILE: &str = "returns.json";
pub const CSV_FILE: &str = "returns.csv";
/// How to regenerate the committed files (named in test failures).
pub const REGENERATE: &str = "cargo run -p triage-demo --example write_demo";

/// The committed demo set: `generate(DEMO_SEED, DEMO_COUNT, DEMO_AS_OF)`.
pub fn demo_set() -> Vec<ReturnOrder> {
    generate(DEMO_SEED, DEMO_COUNT, DEMO_AS_OF)
}

/// Shifts every date by `to − from`, so a set generated for `from` reads as
/// if generated on `to` (same ages, same windows open or closed).
///
/// # Panics
/// If a shifted date leaves chrono's range (±262,000 years).
pub fn rebase(orders: &mut [ReturnOrder], from: NaiveDate, to: NaiveDate) {
    let delta = to - from;
    for o in orders {
        o.created_on += delta;
        o.purchased_on += delta;
    }
}

/// The JSON file's text: a pretty-printed array, as core's serde writes it.
pub fn to_json(orders: &[ReturnOrder]) -> String {
    let mut text = serde_json::to_string_pretty(orders).expect("returns serialise to JSON");
    text.push('\n');
    text
}

/// The CSV file's text, in core's import format.
pub fn to_csv(orders: &[ReturnOrder]) -> String {
    triage_core::import::to_csv(orders)
}

/// Writes [`JSON_FILE`] and [`CSV_FILE`] into `dir`.
pub fn write_files(dir: &Path, orders: &[ReturnOrder]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join(JSON_FILE), to_json(orders))?;
    std::fs::write(dir.join(CSV_FILE), to_csv(orders))
}
