//! What waits for a lead: units held for review, and conflicts central found;
//! a held unit sent back for re-inspection.

use crate::audit::{append, AuditEvent};
use crate::{category_of, corrupt, ConflictRow, Result, Store, StoreError};
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::Row;
use triage_core::rules::Decision;
use triage_core::sync::ChangeKind;
use triage_core::unit::UnitEvent;
use triage_core::{Category, UnitState};
use uuid::Uuid;

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
                Ok(HeldUnit {
                    lpn: r.try_get::<Option<String>, _>("lpn")?.unwrap_or_default(),
                    return_number: r.try_get("return_number")?,
                    sku: r.try_get("sku")?,
                    description: r.try_get("description")?,
                    category: category_of(r.try_get("category")?)?,
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
        let change = sqlx::query(
            "UPDATE conflicts SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL",
        )
        .bind(crate::ts(at))
        .bind(by)
        .bind(note)
        .bind(id);
        let event = AuditEvent::new(by, "conflict.resolved", id, json!({"note": note}));
        if !self.audited_change(change, None, &event, at).await? {
            return Err(StoreError::NotFound(format!(
                "conflict {id} is not open on this bench (settled already, or unknown)"
            )));
        }
        Ok(())
    }
}

/// Why a unit is being inspected again: the held unit it replaces and the lead's word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reinspection {
    /// The held unit sent back (its LPN is void now).
    pub previous_unit: String,
    pub previous_lpn: String,
    pub by: String,
    pub reason: String,
    /// The badge of the inspector it was sent back to.
    pub to: Option<String>,
}

impl Store {
    /// A lead sends a held unit back for re-inspection (audited, sent to central):
    /// the held unit becomes `sent_back` and a new unit record of the same parcel,
    /// line and scanned code, under inspection by `to` (by default the inspector
    /// who graded it), re-inspects it. Returns the new unit's id and its inspector.
    /// Refused if the LPN is unknown or the unit is not held.
    pub async fn send_back(
        &self,
        lpn: &str,
        reason: &str,
        to: Option<&str>,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<(String, Option<String>)> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let row: Option<(String, String)> = sqlx::query_as("SELECT id, state FROM units WHERE lpn = ?")
            .bind(lpn)
            .fetch_optional(&mut *tx)
            .await?;
        let Some((old, state)) = row else {
            return Err(StoreError::NotFound(format!("{lpn} was not issued on this bench")));
        };
        let next = crate::units::state_of(&state)?.next(UnitEvent::SendBack).map_err(|_| {
            StoreError::Conflict(format!(
                "{lpn} is not waiting for a lead any more ({state}): look at the queue again"
            ))
        })?;
        sqlx::query("UPDATE units SET state = ?, updated_at = ? WHERE id = ?")
            .bind(next.as_str())
            .bind(crate::ts(at))
            .bind(&old)
            .execute(&mut *tx)
            .await?;
        crate::outbox::record(&mut tx, ChangeKind::Unit, &old, at).await?;
        let new = Uuid::new_v4().to_string();
        let inspecting = UnitState::Received.next(UnitEvent::StartInspection)?;
        sqlx::query(
            "INSERT INTO units (id, parcel_id, return_number, line_no, scanned, category, state, created_at, updated_at,
                                inspector, reinspects, sent_back_by, sent_back_reason)
             SELECT ?, parcel_id, return_number, line_no, scanned, category, ?, ?, ?,
                    COALESCE(?, (SELECT inspector FROM inspections WHERE unit_id = units.id), inspector), id, ?, ?
             FROM units WHERE id = ?",
        )
        .bind(&new)
        .bind(inspecting.as_str())
        .bind(crate::ts(at))
        .bind(crate::ts(at))
        .bind(to)
        .bind(by)
        .bind(reason)
        .bind(&old)
        .execute(&mut *tx)
        .await?;
        crate::outbox::record(&mut tx, ChangeKind::Unit, &new, at).await?;
        let (to,): (Option<String>,) = sqlx::query_as("SELECT inspector FROM units WHERE id = ?")
            .bind(&new)
            .fetch_one(&mut *tx)
            .await?;
        let detail = json!({"lpn": lpn, "reason": reason, "to": to, "reinspection": new});
        append(&mut tx, &AuditEvent::new(by, "unit.sent_back", &old, detail), at).await?;
        tx.commit().await?;
        Ok((new, to))
    }

    /// Why this unit is inspected again, if a lead sent it back.
    pub async fn reinspection(&self, unit_id: &str) -> Result<Option<Reinspection>> {
        let row = sqlx::query(
            "SELECT n.reinspects, COALESCE(o.lpn, '') AS lpn, n.sent_back_by, n.sent_back_reason, n.inspector
             FROM units n JOIN units o ON o.id = n.reinspects WHERE n.id = ?",
        )
        .bind(unit_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(Reinspection {
                previous_unit: r.try_get("reinspects")?,
                previous_lpn: r.try_get("lpn")?,
                by: r.try_get::<Option<String>, _>("sent_back_by")?.unwrap_or_default(),
                reason: r.try_get::<Option<String>, _>("sent_back_reason")?.unwrap_or_default(),
                to: r.try_get("inspector")?,
            })
        })
        .transpose()
    }

    /// The unit that re-inspects the one issued `lpn`, if a lead sent it back.
    pub async fn reinspected_by(&self, lpn: &str) -> Result<Option<crate::UnitRecord>> {
        let id: Option<(String,)> = sqlx::query_as(
            "SELECT n.id FROM units o JOIN units n ON n.reinspects = o.id WHERE o.lpn = ? AND o.state = 'sent_back'",
        )
        .bind(lpn)
        .fetch_optional(&self.pool)
        .await?;
        match id {
            Some((id,)) => self.unit(&id).await,
            None => Ok(None),
        }
    }

    /// A lead hands a waiting item to another lead (audited); it replaces an earlier assignment.
    pub async fn assign_review_item(&self, item: &str, to: &str, by: &str, at: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query(
            "INSERT INTO review_assignments (item, assigned_to, assigned_by, assigned_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (item) DO UPDATE SET assigned_to = excluded.assigned_to,
                 assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at",
        )
        .bind(item)
        .bind(to)
        .bind(by)
        .bind(crate::ts(at))
        .execute(&mut *tx)
        .await?;
        append(
            &mut tx,
            &AuditEvent::new(by, "review.assigned", item, json!({ "to": to })),
            at,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Who each assigned item is for, by item id.
    pub async fn review_assignments(&self) -> Result<std::collections::HashMap<String, String>> {
        let rows: Vec<(String, String)> = sqlx::query_as("SELECT item, assigned_to FROM review_assignments")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().collect())
    }
}
