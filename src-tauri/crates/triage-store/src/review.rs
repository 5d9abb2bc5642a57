//! What waits for a lead: units held for review, and conflicts central found.

use crate::audit::{append, AuditEvent};
use crate::{corrupt, ConflictRow, Result, Store, StoreError};
use chrono::{DateTime, Utc};
use sqlx::Row;
use triage_core::rules::Decision;
use triage_core::Category;

/// A unit waiting for a lead, with the decision in force (held).
#[derive(Debug, Clone)]
pub struct HeldUnit {
    pub lpn: String,
    pub return_number: Option<String>,
    pub sku: String,
    pub description: String,
    pub category: Category,
    pub inspector: Option<String>,
    pub confirmed_at: String,
    pub decision: Decision,
}

impl Store {
    /// Units awaiting review, oldest confirmation first.
    pub async fn held_units(&self) -> Result<Vec<HeldUnit>> {
        let rows = sqlx::query(
            "SELECT u.lpn, u.return_number, COALESCE(l.sku, u.scanned) AS sku, COALESCE(l.description, '') AS description,
                    u.category, COALESCE(i.inspector, u.inspector) AS inspector, i.confirmed_at,
                    COALESCE((SELECT after FROM amendments a WHERE a.unit_id = u.id ORDER BY seq DESC LIMIT 1), i.decision) AS decision
             FROM units u
             JOIN inspections i ON i.unit_id = u.id
             LEFT JOIN return_lines l ON l.return_number = u.return_number AND l.line_no = u.line_no
             WHERE u.state = 'awaiting_review'
             ORDER BY i.confirmed_at, u.lpn",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                let category: String = r.try_get("category")?;
                Ok(HeldUnit {
                    lpn: r.try_get::<Option<String>, _>("lpn")?.unwrap_or_default(),
                    return_number: r.try_get("return_number")?,
                    sku: r.try_get("sku")?,
                    description: r.try_get("description")?,
                    category: Category::parse(&category).ok_or_else(|| corrupt(format!("category {category:?}")))?,
                    inspector: r.try_get("inspector")?,
                    confirmed_at: r.try_get("confirmed_at")?,
                    decision: serde_json::from_str(r.try_get("decision")?).map_err(corrupt)?,
                })
            })
            .collect()
    }

    /// Conflicts no lead has settled yet, oldest first.
    pub async fn open_conflicts(&self) -> Result<Vec<ConflictRow>> {
        let rows = sqlx::query_as::<_, (String, String, String, i64, String, String)>(
            "SELECT id, kind, return_number, line_no, detail, found_at FROM conflicts
             WHERE resolved_at IS NULL ORDER BY found_at, id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, kind, return_number, line_no, detail, found_at)| ConflictRow {
                id,
                kind,
                return_number,
                line_no,
                detail,
                found_at,
            })
            .collect())
    }

    /// A lead settles a conflict with a note (audited). Refused if it is unknown or already settled.
    pub async fn resolve_conflict(&self, id: &str, note: &str, by: &str, at: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let done = sqlx::query(
            "UPDATE conflicts SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL",
        )
        .bind(crate::ts(at))
        .bind(by)
        .bind(note)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            return Err(StoreError::NotFound(format!(
                "conflict {id} is not open on this bench (settled already, or unknown)"
            )));
        }
        let detail = serde_json::json!({"note": note});
        append(&mut tx, &AuditEvent::new(by, "conflict.resolved", id, detail), at).await?;
        tx.commit().await?;
        Ok(())
    }
}
