//! The returns bench's domain: plain data and pure functions.
//!
//! Invariant: nothing here reads a file, the network, a device or the clock;
//! callers pass time and data in.

pub mod audit;
pub mod auth;
pub mod container;
pub mod gtin;
pub mod ids;
pub mod import;
pub mod kpi;
pub mod receipt;
pub mod returns;
pub mod review;
pub mod rules;
pub mod stock;
pub mod sync;
pub mod unit;

pub use auth::{Action, Role};
pub use gtin::Gtin;
pub use ids::{Lpn, ReturnNumber};
pub use returns::{Category, ReturnLine, ReturnOrder, ReturnReason};
pub use rules::{Answer, Decision, Disposition, Flag, Grade, RuleSet};
pub use unit::{IllegalTransition, UnitState};
