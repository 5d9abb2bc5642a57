//! The print queue: every label sent to a printer, kept until the printer took it.

use crate::{corrupt, Result, Store, StoreError};
use chrono::{DateTime, Utc};
use sqlx::Row;
use triage_core::sync::ChangeKind;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    /// Waiting to be sent (first time, or again after the printer could not take it).
    Queued,
    /// The printer accepted it and is printing.
    Sent,
    Done,
    /// Given up: the printer can never take it as it is (bad printer, unsupported).
    Failed,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Sent => "sent",
            JobState::Done => "done",
            JobState::Failed => "failed",
        }
    }
    fn parse(v: &str) -> Option<JobState> {
        [JobState::Queued, JobState::Sent, JobState::Done, JobState::Failed]
            .into_iter()
            .find(|s| s.as_str() == v)
    }
}

/// The print queue at a glance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintQueueSummary {
    pub waiting: i64,
    pub failed: i64,
    /// The printer's latest reason and the LPN it concerns.
    pub trouble: Option<(String, String)>,
}

/// A job to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPrintJob {
    pub lpn: String,
    pub printer: String,
    pub format: String,
    pub payload: Vec<u8>,
    pub reprint_of: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PrintJob {
    pub id: String,
    pub lpn: String,
    pub printer: String,
    pub format: String,
    pub payload: Vec<u8>,
    pub state: JobState,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub next_attempt_at: String,
    pub reprint_of: Option<String>,
    pub created_at: String,
    /// The printer's number for a `sent` job it is still printing.
    pub remote_job: Option<i64>,
}

macro_rules! columns {
    () => {
        "id, lpn, printer, format, payload, state, attempts, last_error, next_attempt_at, reprint_of, created_at, remote_job"
    };
}

fn job(r: sqlx::sqlite::SqliteRow) -> Result<PrintJob> {
    let state: String = r.try_get("state")?;
    Ok(PrintJob {
        id: r.try_get("id")?,
        lpn: r.try_get("lpn")?,
        printer: r.try_get("printer")?,
        format: r.try_get("format")?,
        payload: r.try_get("payload")?,
        state: JobState::parse(&state).ok_or_else(|| corrupt(format!("print job state {state:?}")))?,
        attempts: r.try_get("attempts")?,
        last_error: r.try_get("last_error")?,
        next_attempt_at: r.try_get("next_attempt_at")?,
        reprint_of: r.try_get("reprint_of")?,
        created_at: r.try_get("created_at")?,
        remote_job: r.try_get("remote_job")?,
    })
}

impl Store {
    /// Queues a job asked for by `by` (a reprint, a test print), due at once; returns its id.
    pub async fn enqueue_print(&self, new: &NewPrintJob, by: &str, at: DateTime<Utc>) -> Result<String> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let id = insert_print_job(&mut tx, new, at).await?;
        let action = if new.reprint_of.is_some() {
            "label.reprinted"
        } else {
            "label.printed"
        };
        let detail =
            serde_json::json!({"job": id, "printer": new.printer, "format": new.format, "reprintOf": new.reprint_of});
        crate::audit::append(&mut tx, &crate::AuditEvent::new(by, action, &new.lpn, detail), at).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn print_job(&self, id: &str) -> Result<Option<PrintJob>> {
        let row = sqlx::query(concat!("SELECT ", columns!(), " FROM print_jobs WHERE id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(job).transpose()
    }

    /// Queued jobs whose time has come, oldest first.
    pub async fn due_print_jobs(&self, now: DateTime<Utc>, limit: i64) -> Result<Vec<PrintJob>> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM print_jobs WHERE state IN ('queued', 'sent') AND next_attempt_at <= ? ORDER BY created_at, id LIMIT ?"
        ))
        .bind(crate::ts(now))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(job).collect()
    }

    /// How the queue stands: labels waiting, labels given up, and the latest reason a
    /// waiting label did not print (with its LPN).
    pub async fn print_queue_summary(&self) -> Result<PrintQueueSummary> {
        let (waiting, failed): (i64, i64) = sqlx::query_as(
            "SELECT COALESCE(SUM(state IN ('queued', 'sent')), 0), COALESCE(SUM(state = 'failed'), 0) FROM print_jobs",
        )
        .fetch_one(&self.pool)
        .await?;
        let trouble: Option<(String, String)> = sqlx::query_as(
            "SELECT last_error, lpn FROM print_jobs WHERE state = 'queued' AND last_error IS NOT NULL
             ORDER BY updated_at DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(PrintQueueSummary {
            waiting,
            failed,
            trouble,
        })
    }

    /// The latest `limit` jobs of any label, newest first.
    pub async fn recent_print_jobs(&self, limit: i64) -> Result<Vec<PrintJob>> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM print_jobs ORDER BY created_at DESC, id DESC LIMIT ?"
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(job).collect()
    }

    /// Every job of a label, oldest first.
    pub async fn print_jobs_for(&self, lpn: &str) -> Result<Vec<PrintJob>> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM print_jobs WHERE lpn = ? ORDER BY created_at, id"
        ))
        .bind(lpn)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(job).collect()
    }

    /// A job the printer took and finished: `done`. From queued (counted as a try)
    /// or from sent (followed to its end). Refused if the job is no longer either.
    pub async fn print_job_taken(&self, id: &str, state: JobState, at: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE print_jobs SET attempts = attempts + (state = 'queued'), last_error = NULL, state = ?,
                    remote_job = NULL, updated_at = ?
             WHERE id = ? AND state IN ('queued', 'sent')",
        )
        .bind(state.as_str())
        .bind(crate::ts(at))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        job_changed(tx, id, done.rows_affected(), at).await
    }

    /// The printer could not take it now, or stopped it while printing: queued, to
    /// be sent (again) at `next`.
    pub async fn print_job_retry(&self, id: &str, error: &str, next: DateTime<Utc>, at: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE print_jobs SET attempts = attempts + (state = 'queued'), last_error = ?, next_attempt_at = ?,
                    state = 'queued', remote_job = NULL, updated_at = ?
             WHERE id = ? AND state IN ('queued', 'sent')",
        )
        .bind(error)
        .bind(crate::ts(next))
        .bind(crate::ts(at))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        job_changed(tx, id, done.rows_affected(), at).await
    }

    /// The printer took the job (its number `remote_job`) and is still printing it:
    /// `sent`, asked about again at `next`. Sent to central when it becomes sent,
    /// not at each later look.
    pub async fn print_job_sent(
        &self,
        id: &str,
        remote_job: i64,
        next: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let was: Option<(String,)> = sqlx::query_as("SELECT state FROM print_jobs WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let done = sqlx::query(
            "UPDATE print_jobs SET attempts = attempts + (state = 'queued'), last_error = NULL, state = 'sent',
                    remote_job = ?, next_attempt_at = ?, updated_at = ?
             WHERE id = ? AND state IN ('queued', 'sent')",
        )
        .bind(remote_job)
        .bind(crate::ts(next))
        .bind(crate::ts(at))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if was.is_some_and(|(s,)| s == "sent") && done.rows_affected() == 1 {
            tx.commit().await?;
            return Ok(());
        }
        job_changed(tx, id, done.rows_affected(), at).await
    }

    /// Given up with the reason; a person can reprint or send it elsewhere.
    pub async fn print_job_failed(&self, id: &str, error: &str, at: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE print_jobs SET attempts = attempts + (state = 'queued'), last_error = ?, state = 'failed',
                    remote_job = NULL, updated_at = ?
             WHERE id = ? AND state IN ('queued', 'sent')",
        )
        .bind(error)
        .bind(crate::ts(at))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        job_changed(tx, id, done.rows_affected(), at).await
    }
}

/// Writes a queued job with `conn` (a transaction's, to queue it with what made it).
pub(crate) async fn insert_print_job(
    conn: &mut sqlx::SqliteConnection,
    new: &NewPrintJob,
    at: DateTime<Utc>,
) -> Result<String> {
    let id = Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO print_jobs (id, lpn, printer, format, payload, state, attempts, next_attempt_at, reprint_of, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(&new.lpn)
    .bind(&new.printer)
    .bind(&new.format)
    .bind(&new.payload)
    .bind(crate::ts(at))
    .bind(&new.reprint_of)
    .bind(crate::ts(at))
    .bind(crate::ts(at))
    .execute(&mut *conn)
    .await?;
    crate::outbox::record(conn, ChangeKind::PrintJob, &id, at).await?;
    Ok(id)
}

/// Ends a job's update: refused if it was no longer queued (or sent), else sent to
/// central too.
async fn job_changed(
    mut tx: sqlx::Transaction<'_, sqlx::Sqlite>,
    id: &str,
    rows: u64,
    at: DateTime<Utc>,
) -> Result<()> {
    if rows == 0 {
        return Err(StoreError::Conflict(format!(
            "print job {id} is no longer waiting to print"
        )));
    }
    crate::outbox::record(&mut tx, ChangeKind::PrintJob, id, at).await?;
    tx.commit().await?;
    Ok(())
}
