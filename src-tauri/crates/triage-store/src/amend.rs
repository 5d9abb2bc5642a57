//! Amendments (a lead's override, a later re-disposition): stored beside the
//! original inspection, never over it.

use crate::units::state_of;
use crate::{corrupt, LabelFile, Result, Store, StoreError};
use chrono::{DateTime, Utc};
use sqlx::Row;
use triage_core::rules::{Amendment, AmendmentKind, Decision};
use triage_core::sync::ChangeKind;
use triage_core::unit::UnitEvent;
use triage_core::{Lpn, UnitState};
use uuid::Uuid;

/// One amendment to store: `before` must still be the decision in force.
#[derive(Debug, Clone)]
pub struct AmendRecord {
    pub unit_id: String,
    pub amendment: Amendment,
    pub before: Decision,
    pub after: Decision,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// One amendment as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct AmendmentRow {
    pub seq: i64,
    pub kind: AmendmentKind,
    pub from_disposition: String,
    pub to_disposition: String,
    pub from_destination: String,
    pub to_destination: String,
    pub before: Decision,
    pub after: Decision,
    pub reason: String,
    pub by: String,
    pub at: String,
}

fn kind_str(k: AmendmentKind) -> &'static str {
    match k {
        AmendmentKind::Override => "override",
        AmendmentKind::Redisposition => "redisposition",
    }
}

impl Store {
    /// The decision in force for a confirmed unit: its last amendment's, else its inspection's.
    pub async fn decision_in_force(&self, unit_id: &str) -> Result<Option<Decision>> {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT COALESCE((SELECT after FROM amendments a WHERE a.unit_id = i.unit_id ORDER BY seq DESC LIMIT 1), i.decision)
             FROM inspections i WHERE i.unit_id = ?",
        )
        .bind(unit_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(d,)| serde_json::from_str(&d).map_err(corrupt)).transpose()
    }

    /// Stores the amendment, moves a held unit on to labelled, and prints its label
    /// again (same LPN) through `write_label(lpn, seq)` when what it shows changed —
    /// in one transaction. `seq` (1, 2…) numbers the unit's amendments, so each
    /// reprint can be its own file and the earlier labels stay. Refused if the decision in force is no longer `rec.before`
    /// (someone amended it meanwhile) or the unit is not at a step that allows it.
    pub async fn amend_unit<F>(&self, rec: &AmendRecord, write_label: F) -> Result<(UnitState, Option<LabelFile>)>
    where
        F: FnOnce(&Lpn, i64) -> std::result::Result<LabelFile, String>,
    {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let row = sqlx::query(
            "SELECT u.state, u.lpn,
                    COALESCE((SELECT after FROM amendments a WHERE a.unit_id = u.id ORDER BY seq DESC LIMIT 1), i.decision) AS decision,
                    (SELECT COUNT(*) FROM amendments a WHERE a.unit_id = u.id) AS n
             FROM units u JOIN inspections i ON i.unit_id = u.id WHERE u.id = ?",
        )
        .bind(&rec.unit_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("unit {} has no confirmed inspection on this bench", rec.unit_id)))?;
        let state = state_of(row.try_get("state")?)?;
        let in_force: Decision = serde_json::from_str(row.try_get("decision")?).map_err(corrupt)?;
        if in_force != rec.before {
            return Err(StoreError::Conflict(
                "this unit's decision changed since it was shown; look at it again, then amend".into(),
            ));
        }
        let lpn = row
            .try_get::<Option<String>, _>("lpn")?
            .and_then(|l| Lpn::parse(&l).ok())
            .ok_or_else(|| corrupt("a confirmed unit without its LPN"))?;
        let next = match (rec.amendment.kind, state) {
            (AmendmentKind::Override, UnitState::AwaitingReview) => {
                state.run(&[UnitEvent::Disposition, UnitEvent::Label])?
            }
            (_, UnitState::Dispositioned | UnitState::Labelled) => state,
            (AmendmentKind::Redisposition, UnitState::AwaitingReview) => {
                return Err(StoreError::Conflict(
                    "this unit waits for a lead's review: a lead overrides it, it is not re-dispositioned".into(),
                ))
            }
            (_, other) => {
                return Err(StoreError::Conflict(format!(
                    "a unit that is {} cannot be amended",
                    other.as_str().replace('_', " ")
                )))
            }
        };
        let seq: i64 = row.try_get::<i64, _>("n")? + 1;
        let amendment_id = Uuid::new_v4().to_string();
        let (b, a) = (&rec.before, &rec.after);
        sqlx::query(
            "INSERT INTO amendments (id, unit_id, seq, kind, from_disposition, to_disposition, from_destination, to_destination,
                                     request, before, after, reason, by_whom, at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&amendment_id)
        .bind(&rec.unit_id)
        .bind(seq)
        .bind(kind_str(rec.amendment.kind))
        .bind(b.disposition.as_str())
        .bind(a.disposition.as_str())
        .bind(&b.destination.en)
        .bind(&a.destination.en)
        .bind(serde_json::to_string(&rec.amendment).map_err(corrupt)?)
        .bind(serde_json::to_string(b).map_err(corrupt)?)
        .bind(serde_json::to_string(a).map_err(corrupt)?)
        .bind(rec.amendment.reason.trim())
        .bind(&rec.by)
        .bind(crate::ts(rec.at))
        .execute(&mut *tx)
        .await?;
        crate::outbox::record(&mut tx, ChangeKind::Override, &amendment_id, rec.at).await?;
        let action = match rec.amendment.kind {
            AmendmentKind::Override => "unit.overridden",
            AmendmentKind::Redisposition => "unit.redisposed",
        };
        let detail = serde_json::json!({"unit": rec.unit_id, "seq": seq, "reason": rec.amendment.reason.trim(),
            "from": {"grade": b.grade, "disposition": b.disposition, "destination": b.destination.en, "refund": b.refund},
            "to": {"grade": a.grade, "disposition": a.disposition, "destination": a.destination.en, "refund": a.refund}});
        crate::audit::append(
            &mut tx,
            &crate::AuditEvent::new(&rec.by, action, lpn.as_str(), detail),
            rec.at,
        )
        .await?;
        let reprint = next != state
            || a.grade != b.grade
            || a.disposition != b.disposition
            || a.route != b.route
            || a.destination != b.destination;
        let label = if reprint {
            let label = write_label(&lpn, seq).map_err(StoreError::Label)?;
            crate::units::insert_label(&mut tx, &rec.unit_id, &lpn, &label, rec.at).await?;
            Some(label)
        } else {
            None
        };
        sqlx::query("UPDATE units SET state = ?, updated_at = ? WHERE id = ?")
            .bind(next.as_str())
            .bind(crate::ts(rec.at))
            .bind(&rec.unit_id)
            .execute(&mut *tx)
            .await?;
        crate::outbox::record(&mut tx, ChangeKind::Unit, &rec.unit_id, rec.at).await?;
        tx.commit().await?;
        Ok((next, label))
    }

    /// A unit's amendments, oldest first.
    pub async fn amendments(&self, unit_id: &str) -> Result<Vec<AmendmentRow>> {
        let rows = sqlx::query(
            "SELECT seq, kind, from_disposition, to_disposition, from_destination, to_destination, before, after, reason, by_whom, at
             FROM amendments WHERE unit_id = ? ORDER BY seq",
        )
        .bind(unit_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                let kind = match r.try_get::<&str, _>("kind")? {
                    "override" => AmendmentKind::Override,
                    "redisposition" => AmendmentKind::Redisposition,
                    other => return Err(corrupt(format!("amendment kind {other:?}"))),
                };
                Ok(AmendmentRow {
                    seq: r.try_get("seq")?,
                    kind,
                    from_disposition: r.try_get("from_disposition")?,
                    to_disposition: r.try_get("to_disposition")?,
                    from_destination: r.try_get("from_destination")?,
                    to_destination: r.try_get("to_destination")?,
                    before: serde_json::from_str(r.try_get("before")?).map_err(corrupt)?,
                    after: serde_json::from_str(r.try_get("after")?).map_err(corrupt)?,
                    reason: r.try_get("reason")?,
                    by: r.try_get("by_whom")?,
                    at: r.try_get("at")?,
                })
            })
            .collect()
    }
}
