//! Parcels closed by an inspector: when lines came short, the parcel waits for a
//! lead (its `short` lines kept as JSON) until the lead settles it with a reason.
//! A box closed while other boxes of its return are still to come keeps its short
//! lines out of the queue until the last box is closed (which settles it: that
//! close judges the whole return) or the other boxes are overdue.

use crate::audit::{append, AuditEvent};
use crate::{Result, Store, StoreError};
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::Row;
use triage_core::receipt::ShortLine;

/// A parcel closed short, waiting for a lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortParcel {
    pub id: String,
    pub scanned: String,
    pub return_number: String,
    pub closed_by: Option<String>,
    /// When it was closed (RFC 3339, UTC).
    pub closed_at: String,
    pub short: Vec<ShortLine>,
    /// The return's other boxes that were to come when it was closed, and never came.
    pub boxes_to_come: Vec<String>,
}

/// What closing found: the parcel was closed before (by whom, when), or now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Closed {
    Now,
    Already {
        by: Option<String>,
        at: String,
    },
    /// Units of the parcel are still being inspected: nothing was closed.
    InProgress(i64),
}

/// A list as JSON, or NULL when it is empty.
fn json_or_null<T: serde::Serialize>(items: &[T]) -> Result<Option<String>> {
    if items.is_empty() {
        return Ok(None);
    }
    serde_json::to_string(items).map(Some).map_err(crate::corrupt)
}

impl Store {
    /// Closes a parcel (audited): with `short` lines it waits for a lead. A parcel
    /// closed before stays as it was.
    pub async fn close_parcel(
        &self,
        id: &str,
        short: &[ShortLine],
        boxes_to_come: &[String],
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<Closed> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let row = sqlx::query("SELECT closed_at, closed_by FROM parcels WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| {
                StoreError::NotFound(format!("there is no parcel {id} on this bench: scan the parcel again"))
            })?;
        if let Some(at) = row.try_get::<Option<String>, _>("closed_at")? {
            return Ok(Closed::Already {
                by: row.try_get("closed_by")?,
                at,
            });
        }
        let (in_progress,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM units WHERE parcel_id = ? AND state = 'inspecting'")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        if in_progress > 0 {
            return Ok(Closed::InProgress(in_progress));
        }
        let (short_json, boxes_json) = (json_or_null(short)?, json_or_null(boxes_to_come)?);
        let row = sqlx::query(
            "UPDATE parcels SET closed_at = ?, closed_by = ?, short = ?, boxes_to_come = ? WHERE id = ?
             RETURNING scanned, return_number",
        )
        .bind(crate::ts(at))
        .bind(by)
        .bind(&short_json)
        .bind(&boxes_json)
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        if boxes_to_come.is_empty() {
            // The last box judges the whole return: earlier boxes waiting for it are settled.
            let scanned: String = row.try_get("scanned")?;
            let return_number: Option<String> = row.try_get("return_number")?;
            sqlx::query(
                "UPDATE parcels SET short_settled_at = ?, short_settled_by = ?, short_reason = ?
                 WHERE return_number = ? AND id <> ? AND boxes_to_come IS NOT NULL
                   AND short IS NOT NULL AND short_settled_at IS NULL",
            )
            .bind(crate::ts(at))
            .bind(by)
            .bind(format!("judged with the return's last box, {scanned}"))
            .bind(return_number)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        let (action, detail) = if !boxes_to_come.is_empty() {
            (
                "parcel.closed",
                json!({ "boxesToCome": boxes_to_come, "shortSoFar": short }),
            )
        } else if short.is_empty() {
            ("parcel.closed", json!({}))
        } else {
            ("parcel.closed_short", json!({ "short": short }))
        };
        append(&mut tx, &AuditEvent::new(by, action, id, detail), at).await?;
        tx.commit().await?;
        Ok(Closed::Now)
    }

    /// The codes this bench received a return's parcels under.
    pub async fn parcel_codes(&self, return_number: &str) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT DISTINCT scanned FROM parcels WHERE return_number = ?")
            .bind(return_number)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(|(c,)| c).collect())
    }

    /// Parcels closed short that no lead has settled, oldest first; a box whose
    /// return's other boxes were still to come only once it was closed before
    /// `overdue_before` (they are overdue).
    pub async fn short_parcels(&self, overdue_before: DateTime<Utc>) -> Result<Vec<ShortParcel>> {
        let rows = sqlx::query(
            "SELECT id, scanned, return_number, closed_by, closed_at, short, boxes_to_come FROM parcels
             WHERE short IS NOT NULL AND short_settled_at IS NULL AND (boxes_to_come IS NULL OR closed_at < ?)
             ORDER BY closed_at, id",
        )
        .bind(crate::ts(overdue_before))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let short: String = r.try_get("short")?;
                Ok(ShortParcel {
                    id: r.try_get("id")?,
                    scanned: r.try_get("scanned")?,
                    return_number: r.try_get::<Option<String>, _>("return_number")?.unwrap_or_default(),
                    closed_by: r.try_get("closed_by")?,
                    closed_at: r.try_get("closed_at")?,
                    short: serde_json::from_str(&short)
                        .map_err(|e| crate::corrupt(format!("parcel short lines: {e}")))?,
                    boxes_to_come: r
                        .try_get::<Option<String>, _>("boxes_to_come")?
                        .map(|b| serde_json::from_str(&b))
                        .transpose()
                        .map_err(|e| crate::corrupt(format!("parcel boxes to come: {e}")))?
                        .unwrap_or_default(),
                })
            })
            .collect()
    }

    /// A lead settles a parcel closed short, saying why (audited). Refused if the
    /// parcel does not wait (unknown, not short, or settled already).
    pub async fn settle_short_parcel(&self, id: &str, reason: &str, by: &str, at: DateTime<Utc>) -> Result<()> {
        let change = sqlx::query(
            "UPDATE parcels SET short_settled_by = ?, short_settled_at = ?, short_reason = ?
             WHERE id = ? AND short IS NOT NULL AND short_settled_at IS NULL",
        )
        .bind(by)
        .bind(crate::ts(at))
        .bind(reason)
        .bind(id);
        let event = AuditEvent::new(by, "parcel.short_settled", id, json!({ "reason": reason }));
        if !self.audited_change(change, None, &event, at).await? {
            return Err(StoreError::NotFound(format!(
                "parcel {id} does not wait for a lead as short (settled already, or unknown)"
            )));
        }
        Ok(())
    }
}
