//! Parcels no return matched: set aside on the unmatched shelf by an inspector,
//! matched to a return by a lead later. The parcel's row is the record: its
//! return number stays NULL until a lead matches it.

use crate::audit::{append, AuditEvent};
use crate::{Result, Store, StoreError};
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::Row;
use triage_core::sync::ChangeKind;
use uuid::Uuid;

/// A parcel set aside for a lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnmatchedParcel {
    pub id: String,
    /// The parcel's code as scanned (its tracking number, usually).
    pub scanned: String,
    pub bench: String,
    /// The badge of the inspector who set it aside.
    pub set_aside_by: Option<String>,
    pub note: String,
    /// When it was set aside (RFC 3339, UTC).
    pub since: String,
    /// The return a lead matched it to, and who; `None` while it waits.
    pub return_number: Option<String>,
    pub matched_by: Option<String>,
}

/// Whether [`Store::set_aside_parcel`] made a new record or found the parcel already waiting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    pub parcel: UnmatchedParcel,
    pub already: bool,
}

const COLUMNS: &str =
    "id, scanned, bench, set_aside_by, COALESCE(note, '') AS note, received_at, return_number, matched_by";

fn row_to_parcel(r: &sqlx::sqlite::SqliteRow) -> Result<UnmatchedParcel> {
    Ok(UnmatchedParcel {
        id: r.try_get("id")?,
        scanned: r.try_get("scanned")?,
        bench: r.try_get("bench")?,
        set_aside_by: r.try_get("set_aside_by")?,
        note: r.try_get("note")?,
        since: r.try_get("received_at")?,
        return_number: r.try_get("return_number")?,
        matched_by: r.try_get("matched_by")?,
    })
}

impl Store {
    /// Records a parcel no return matched, waiting for a lead (audited, and sent to
    /// central). The same code set aside again finds the parcel that already waits.
    pub async fn set_aside_parcel(
        &self,
        scanned: &str,
        note: &str,
        bench: &str,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<SetAside> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let waiting = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM parcels WHERE scanned = ? AND return_number IS NULL AND set_aside_by IS NOT NULL"
        )))
        .bind(scanned)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = waiting {
            return Ok(SetAside {
                parcel: row_to_parcel(&row)?,
                already: true,
            });
        }
        let id = Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO parcels (id, scanned, return_number, bench, received_at, set_aside_by, note)
             VALUES (?, ?, NULL, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(scanned)
        .bind(bench)
        .bind(crate::ts(at))
        .bind(by)
        .bind(note)
        .execute(&mut *tx)
        .await?;
        crate::outbox::record(&mut tx, ChangeKind::Parcel, &id, at).await?;
        let detail = json!({"scanned": scanned, "note": note, "bench": bench});
        append(&mut tx, &AuditEvent::new(by, "parcel.set_aside", &id, detail), at).await?;
        tx.commit().await?;
        Ok(SetAside {
            parcel: UnmatchedParcel {
                id,
                scanned: scanned.to_string(),
                bench: bench.to_string(),
                set_aside_by: Some(by.to_string()),
                note: note.to_string(),
                since: crate::ts(at),
                return_number: None,
                matched_by: None,
            },
            already: false,
        })
    }

    /// Parcels waiting on the unmatched shelf, oldest first.
    pub async fn unmatched_parcels(&self) -> Result<Vec<UnmatchedParcel>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM parcels WHERE return_number IS NULL AND set_aside_by IS NOT NULL
             ORDER BY received_at, id"
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(row_to_parcel).collect()
    }

    /// The parcel set aside under this code: waiting, or matched by a lead since
    /// (the newest, if the code was set aside more than once).
    pub async fn set_aside_by_code(&self, code: &str) -> Result<Option<UnmatchedParcel>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM parcels WHERE scanned = ? AND set_aside_by IS NOT NULL
             ORDER BY return_number IS NOT NULL, received_at DESC LIMIT 1"
        )))
        .bind(code)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(row_to_parcel).transpose()
    }

    /// A lead matches a waiting parcel to a return (audited, sent to central).
    /// Refused if the parcel is unknown or was matched already.
    pub async fn match_parcel(&self, id: &str, return_number: &str, by: &str, at: DateTime<Utc>) -> Result<()> {
        let change = sqlx::query(
            "UPDATE parcels SET return_number = ?, matched_by = ?, matched_at = ?
             WHERE id = ? AND return_number IS NULL AND set_aside_by IS NOT NULL",
        )
        .bind(return_number)
        .bind(by)
        .bind(crate::ts(at))
        .bind(id);
        let event = AuditEvent::new(by, "parcel.matched", id, json!({"returnNumber": return_number}));
        if !self
            .audited_change(change, Some((ChangeKind::Parcel, id)), &event, at)
            .await?
        {
            return Err(StoreError::NotFound(format!(
                "parcel {id} is not waiting on the unmatched shelf of this bench (matched already, or unknown)"
            )));
        }
        Ok(())
    }
}
