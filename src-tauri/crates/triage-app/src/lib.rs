//! The bench's use cases: one function per thing a user does, shared by the
//! desktop shell and the `triage` command.
//!
//! Invariant: every error leaving this crate is an [`AppError`] with a code
//! from a closed set and a message that says what to do.

mod bench;
mod calibration;
mod config;
mod containers;
mod dashboard;
mod demo;
pub mod dto;
mod error;
mod people;
mod photos;
mod printing;
mod receipt;
mod review;
mod rules;
mod scanners;
mod sync;
mod unmatched;
mod views;

pub use bench::{Bench, Clock, LabelFormat};
pub use config::{os_locale, BenchConfig, Locale, PrinterSetting};
pub use dashboard::DEFAULT_SHIFTS;
pub use demo::{demo_returns, DEMO_USERS};
pub use dto::SyncView;
pub use error::{AppError, ErrorCode, Result};
pub use people::{hash_pin, CENTRAL, SYSTEM};
pub use printing::{PrinterCheck, PrinterChoice, TEST_PRINT};
pub use rules::{load_file as check_rule_file, DEFAULT_RULES};
pub use scanners::{ScannerSettings, Scanners, UsbDeviceView};
pub use sync::SyncOutcome;
