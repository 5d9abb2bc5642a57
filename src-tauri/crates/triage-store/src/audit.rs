//! The audit log: appended in the transaction of the change it records, hash-chained
//! (triage_core::audit), never updated or deleted (triggers refuse it).

use crate::{Result, Store};
use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;
use triage_core::audit::{entry_hash, AuditEntry, ChainBreak, GENESIS};

/// Who did what to what; `detail` is JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub subject: &'a str,
    pub detail: serde_json::Value,
}

impl<'a> AuditEvent<'a> {
    pub fn new(actor: &'a str, action: &'a str, subject: &'a str, detail: serde_json::Value) -> Self {
        AuditEvent {
            actor,
            action,
            subject,
            detail,
        }
    }
}

/// Appends one entry. Call it after the transaction's first write, so the
/// transaction already holds SQLite's write lock and no other writer can take
/// the same `seq` (the primary key would refuse it anyway).
pub(crate) async fn append(conn: &mut SqliteConnection, event: &AuditEvent<'_>, at: DateTime<Utc>) -> Result<()> {
    let last: Option<(i64, String)> = sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        .fetch_optional(&mut *conn)
        .await?;
    let (seq, prev) = last.map_or((1, GENESIS.to_string()), |(s, h)| (s + 1, h));
    let at_utc = at;
    let at = crate::ts(at);
    let detail = event.detail.to_string();
    let hash = entry_hash(&prev, seq, &at, event.actor, event.action, event.subject, &detail);
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(seq)
    .bind(&at)
    .bind(event.actor)
    .bind(event.action)
    .bind(event.subject)
    .bind(&detail)
    .bind(&prev)
    .bind(&hash)
    .execute(&mut *conn)
    .await?;
    crate::outbox::record(conn, triage_core::sync::ChangeKind::Audit, &seq.to_string(), at_utc).await
}

impl Store {
    /// A change someone makes to a thing that must be in a given state (a conflict
    /// open, a parcel waiting…), in one transaction with its audit entry and, with
    /// `send`, its outbox change. `change` is an UPDATE whose WHERE says when it may
    /// happen: when it touches no row, nothing is written and `Ok(false)` says so.
    pub(crate) async fn audited_change(
        &self,
        change: sqlx::query::Query<'_, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>,
        send: Option<(triage_core::sync::ChangeKind, &str)>,
        event: &AuditEvent<'_>,
        at: DateTime<Utc>,
    ) -> Result<bool> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        if change.execute(&mut *tx).await?.rows_affected() == 0 {
            return Ok(false);
        }
        if let Some((kind, id)) = send {
            crate::outbox::record(&mut tx, kind, id, at).await?;
        }
        append(&mut tx, event, at).await?;
        tx.commit().await?;
        Ok(true)
    }
}

type EntryRow = (i64, String, String, String, String, String, String, String);

fn entry(r: EntryRow) -> AuditEntry {
    let (seq, at, actor, action, subject, detail, prev_hash, hash) = r;
    AuditEntry {
        seq,
        at,
        actor,
        action,
        subject,
        detail,
        prev_hash,
        hash,
    }
}

const COLUMNS: &str = "SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit_log";

impl Store {
    /// Records an event that changes nothing else (a login, a refused PIN).
    pub async fn audit(&self, event: &AuditEvent<'_>, at: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        append(&mut tx, event, at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The newest entries, newest first.
    pub async fn audit_tail(&self, limit: i64) -> Result<Vec<AuditEntry>> {
        let rows: Vec<EntryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{COLUMNS} ORDER BY seq DESC LIMIT ?")))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(entry).collect())
    }

    /// Walks the whole chain in pages; `Ok(n)`: n entries checked, all intact.
    pub async fn verify_audit(&self) -> Result<std::result::Result<u64, ChainBreak>> {
        const PAGE: i64 = 5000;
        let mut tail: Option<AuditEntry> = None;
        let mut total = 0u64;
        loop {
            let after = tail.as_ref().map_or(0, |e| e.seq);
            let rows: Vec<EntryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{COLUMNS} WHERE seq > ? ORDER BY seq LIMIT ?"
            )))
            .bind(after)
            .bind(PAGE)
            .fetch_all(&self.pool)
            .await?;
            if rows.is_empty() {
                return Ok(Ok(total));
            }
            let mut page: Vec<AuditEntry> = rows.into_iter().map(entry).collect();
            // A page is checked against the last entry of the one before, so links across pages count.
            let checked = match &tail {
                None => triage_core::audit::verify(page.iter().cloned()),
                Some(t) => triage_core::audit::verify_from(t, page.iter().cloned()),
            };
            match checked {
                Ok(n) => total += n,
                Err(b) => return Ok(Err(b)),
            }
            tail = page.pop();
        }
    }
}
