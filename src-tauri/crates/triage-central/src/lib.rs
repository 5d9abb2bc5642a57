//! The central PostgreSQL database that every bench's work reaches.
//!
//! * `admin`: `migrate` (schema in migrations/central), sites, bench logins (one
//!   login role per bench, member of `triage_bench`; row-level security keys every
//!   row to the site and bench of the login itself), returns imported centrally.
//! * `push`: a bench's changes, applied idempotently: each kind is COPYed into a
//!   temporary staging table and moved with one `INSERT … ON CONFLICT` keyed by the
//!   UUIDs the bench made, all in one transaction. Sending a batch twice changes nothing.
//! * `dashboard`: the site's units for a lead's dashboard (`triage_site_units`).
//! * `pull`: returns, rule sets, users and conflicts of the bench's site changed since
//!   a cursor; the cursor is a transaction-id watermark, so a transaction that commits
//!   late with an older id is not skipped.
//!
//! Nothing here knows SQLite; the bench's sync engine (triage-app) moves rows between
//! the two.

mod admin;
mod conn;
pub mod copy;
mod dashboard;
mod pull;
pub mod push;

pub use admin::{BenchLogin, CentralImport};
pub use conn::{redact, CentralSettings, TlsMode};
pub use pull::{Cursor, PullPage, PulledConflict, PulledRuleSet};
pub use push::{Change, ChangeKind, PushReport};

use sqlx::postgres::PgPool;

#[derive(Debug, thiserror::Error)]
pub enum CentralError {
    /// The server could not be reached or dropped the connection: try again later.
    #[error("central is unreachable ({0}); the work stays on this bench and is sent when central answers again")]
    Unreachable(String),
    /// The server answered and refused (permissions, constraint, bad data).
    #[error("central refused: {0}")]
    Refused(String),
    #[error("central's schema could not be brought up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Invalid(String),
}

impl CentralError {
    /// Whether waiting and trying again may help (the network or the server was down).
    pub fn is_transient(&self) -> bool {
        matches!(self, CentralError::Unreachable(_))
    }
}

impl From<sqlx::Error> for CentralError {
    fn from(e: sqlx::Error) -> Self {
        use sqlx::Error as E;
        match &e {
            E::Io(_) | E::Tls(_) | E::PoolTimedOut | E::PoolClosed | E::WorkerCrashed | E::Protocol(_) => {
                CentralError::Unreachable(e.to_string())
            }
            E::Database(db) => {
                // Class 08 (connection exception), 57P01-03 (shutdown, cannot connect now),
                // 53 (insufficient resources), 40 (serialization / deadlock: retry).
                let code = db.code().map(|c| c.to_string()).unwrap_or_default();
                if ["08", "57P", "53", "40"].iter().any(|p| code.starts_with(p)) {
                    CentralError::Unreachable(db.message().to_string())
                } else {
                    CentralError::Refused(db.message().to_string())
                }
            }
            _ => CentralError::Refused(e.to_string()),
        }
    }
}

pub type Result<T> = std::result::Result<T, CentralError>;

pub(crate) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../../migrations/central");

/// A connection pool to central, as a bench or as the administrator.
#[derive(Clone, Debug)]
pub struct Central {
    pool: PgPool,
}

impl Central {
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
