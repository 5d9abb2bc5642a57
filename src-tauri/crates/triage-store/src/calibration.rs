//! Calibration: units offered to a lead for a blind re-grade, the lead's grade,
//! and the re-grades of a period as `triage_core::kpi::calibration::Regrade`s.

use crate::audit::{append, AuditEvent};
use crate::{category_of, corrupt, parse_ts, Result, Store, StoreError};
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::Row;
use triage_core::kpi::calibration::Regrade;
use triage_core::{Category, Grade};

/// A unit waiting for its blind re-grade: what it is, never its grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalibrationDue {
    pub lpn: String,
    pub return_number: Option<String>,
    pub sku: String,
    pub description: String,
    pub category: Category,
    pub inspector: Option<String>,
    pub offered_at: String,
}

fn grade(v: &str) -> Result<Grade> {
    Grade::parse(v).ok_or_else(|| corrupt(format!("grade {v:?}")))
}

impl Store {
    /// Units offered for a blind re-grade that no lead has re-graded, oldest first.
    pub async fn calibrations_due(&self) -> Result<Vec<CalibrationDue>> {
        let rows = sqlx::query(
            "SELECT u.lpn, u.return_number, COALESCE(l.sku, u.scanned) AS sku, COALESCE(l.description, '') AS description,
                    u.category, i.inspector, c.offered_at
             FROM calibrations c
             JOIN units u ON u.id = c.unit_id
             JOIN inspections i ON i.unit_id = u.id
             LEFT JOIN return_lines l ON l.return_number = u.return_number AND l.line_no = u.line_no
             WHERE c.lead_grade IS NULL AND u.state <> 'sent_back'
             ORDER BY c.offered_at, u.lpn",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(CalibrationDue {
                    lpn: r.try_get::<Option<String>, _>("lpn")?.unwrap_or_default(),
                    return_number: r.try_get("return_number")?,
                    sku: r.try_get("sku")?,
                    description: r.try_get("description")?,
                    category: category_of(r.try_get("category")?)?,
                    inspector: r.try_get("inspector")?,
                    offered_at: r.try_get("offered_at")?,
                })
            })
            .collect()
    }

    /// A lead's blind re-grade of the unit issued `lpn` (audited): the inspector's
    /// grade, for the answer. Refused if the unit was not offered or is re-graded already.
    pub async fn record_regrade(&self, lpn: &str, lead_grade: Grade, by: &str, at: DateTime<Utc>) -> Result<Grade> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT u.id, i.grade FROM calibrations c JOIN units u ON u.id = c.unit_id
             JOIN inspections i ON i.unit_id = u.id
             WHERE u.lpn = ? AND c.lead_grade IS NULL AND u.state <> 'sent_back'",
        )
        .bind(lpn)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((unit_id, original)) = row else {
            return Err(StoreError::NotFound(format!(
                "{lpn} is not waiting for a blind re-grade on this bench (re-graded already, or never offered)"
            )));
        };
        sqlx::query("UPDATE calibrations SET lead_grade = ?, lead = ?, regraded_at = ? WHERE unit_id = ?")
            .bind(lead_grade.as_str())
            .bind(by)
            .bind(crate::ts(at))
            .bind(&unit_id)
            .execute(&mut *tx)
            .await?;
        crate::outbox::record(&mut tx, triage_core::sync::ChangeKind::Calibration, &unit_id, at).await?;
        let original = grade(&original)?;
        let detail = json!({"lead": lead_grade, "inspector": original, "agree": lead_grade == original});
        append(&mut tx, &AuditEvent::new(by, "unit.calibrated", lpn, detail), at).await?;
        tx.commit().await?;
        Ok(original)
    }

    /// Re-grades made in `[from, to)`, with the inspector's name where the bench knows it.
    pub async fn regrades(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Regrade>> {
        let rows = sqlx::query(
            "SELECT COALESCE(us.name, i.inspector, '?') AS inspector, u.category, i.grade, c.lead_grade, c.regraded_at
             FROM calibrations c
             JOIN units u ON u.id = c.unit_id
             JOIN inspections i ON i.unit_id = u.id
             LEFT JOIN users us ON us.badge = i.inspector
             WHERE c.regraded_at >= ? AND c.regraded_at < ?
             ORDER BY c.regraded_at",
        )
        .bind(crate::ts(from))
        .bind(crate::ts(to))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(Regrade {
                    inspector: r.try_get("inspector")?,
                    category: category_of(r.try_get("category")?)?,
                    original: grade(r.try_get("grade")?)?,
                    lead: grade(r.try_get("lead_grade")?)?,
                    at: parse_ts(r.try_get("regraded_at")?)?,
                })
            })
            .collect()
    }
}
