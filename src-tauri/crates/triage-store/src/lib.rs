//! The bench's SQLite database (WAL, `synchronous=FULL`): a confirmed inspection
//! survives a crash or a power cut.
//!
//! Invariant: every write that belongs together is one transaction; a unit's
//! state only changes through `triage_core::UnitState::next`.

mod amend;
mod audit;
mod bulk;
mod calibration;
mod closing;
mod containers;
mod dashboard;
mod outbox;
mod parcels;
mod photos;
mod print_jobs;
mod returns;
mod review;
mod rule_sets;
mod settings;
mod stock;
mod units;
mod users;

pub use amend::{AmendRecord, AmendmentRow};
pub use audit::AuditEvent;
pub use calibration::CalibrationDue;
pub use closing::{Closed, ShortParcel};
pub use containers::ClosedContainer;
pub use outbox::{Backlog, ConflictRow, OutboxRow};
pub use parcels::{SetAside, UnmatchedParcel};
pub use photos::PhotoRow;
pub use print_jobs::{JobState, NewPrintJob, PrintJob, PrintQueueSummary};
pub use returns::ImportSummary;
pub use review::{HeldUnit, Reinspection};
pub use rule_sets::StoredRuleSet;
pub use triage_core::sync::SiteUser;
pub use units::{ConfirmRecord, LabelFile, NewUnit, ParcelRecord, TodayRow, UnitRecord};
pub use users::LoginOutcome;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::path::Path;
use std::str::FromStr;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the bench database {path} could not be opened: {source}; check that the folder exists and is writable")]
    Open { path: String, source: sqlx::Error },
    #[error("the bench database could not be brought up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("stored data is unreadable ({0}); the database may have been edited by hand")]
    Corrupt(String),
    #[error(transparent)]
    IllegalTransition(#[from] triage_core::IllegalTransition),
    #[error("{0}")]
    NotFound(String),
    #[error("the label could not be written: {0}")]
    Label(String),
    /// The change no longer fits what is stored (someone else changed it, or the wrong step).
    #[error("{0}")]
    Conflict(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../../migrations/local");

/// A handle on the bench database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating if needed) the database file and applies pending migrations.
    pub async fn open(path: &Path) -> Result<Store> {
        let options = SqliteConnectOptions::from_str("sqlite://")
            .map_err(|source| StoreError::Open {
                path: path.display().to_string(),
                source,
            })?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(std::time::Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Open {
                path: path.display().to_string(),
                source,
            })?;
        MIGRATOR.run(&pool).await?;
        Ok(Store { pool })
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

/// Timestamps are stored as fixed-width UTC text so they sort as they compare.
pub fn ts(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A stored category name; unknown: the database was edited by hand.
pub(crate) fn category_of(v: &str) -> Result<triage_core::Category> {
    triage_core::Category::parse(v).ok_or_else(|| corrupt(format!("category {v:?}")))
}

/// A stored RFC 3339 time; unreadable: the database was edited by hand.
pub(crate) fn parse_ts(v: &str) -> Result<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(v)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|e| corrupt(format!("time {v:?}: {e}")))
}

#[cfg(test)]
mod tests;
