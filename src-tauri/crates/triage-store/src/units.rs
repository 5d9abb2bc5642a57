//! Parcels received at the bench, the units taken out of them, and the
//! confirmation that grades, dispositions and labels a unit in one transaction.

use crate::audit::{append, AuditEvent};
use crate::{corrupt, Result, Store, StoreError};
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::Row;
use std::path::PathBuf;
use triage_core::rules::{Answer, Decision, LocalText};
use triage_core::sync::ChangeKind;
use triage_core::unit::UnitEvent;
use triage_core::{Category, Lpn, UnitState};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParcelRecord {
    pub id: String,
    pub scanned: String,
    pub return_number: Option<String>,
    pub bench: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRecord {
    pub id: String,
    pub parcel_id: String,
    pub return_number: Option<String>,
    pub line_no: Option<u32>,
    pub scanned: String,
    pub category: Category,
    pub state: UnitState,
    pub lpn: Option<String>,
}

/// A unit taken out of a parcel: the line it matched (none: wrong item) and what was scanned.
#[derive(Debug, Clone, Copy)]
pub struct NewUnit<'a> {
    pub parcel_id: &'a str,
    pub return_number: Option<&'a str>,
    pub line_no: Option<u32>,
    pub scanned: &'a str,
    pub category: Category,
}

/// What the inspector confirmed for a unit.
#[derive(Debug, Clone)]
pub struct ConfirmRecord {
    pub unit_id: String,
    pub bench: String,
    pub bench_number: u16,
    /// The badge of the inspector who confirms.
    pub inspector: String,
    pub answers: Vec<Answer>,
    pub decision: Decision,
    pub at: DateTime<Utc>,
    /// Offer the unit to a lead for a blind re-grade (calibration).
    pub calibrate: bool,
}

/// The label file written for a confirmed unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelFile {
    pub path: PathBuf,
    pub template: String,
    /// The label for the bench's printer, queued in the same transaction.
    pub print: Option<crate::NewPrintJob>,
}

/// A unit confirmed today, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TodayRow {
    pub lpn: String,
    pub return_number: String,
    pub sku: String,
    pub grade: String,
    pub disposition: String,
    pub destination: LocalText,
    pub state: UnitState,
    pub confirmed_at: String,
}

pub(crate) fn state_of(v: &str) -> Result<UnitState> {
    UnitState::parse(v).ok_or_else(|| corrupt(format!("unit state {v:?}")))
}

impl Store {
    pub async fn receive_parcel(
        &self,
        scanned: &str,
        return_number: Option<&str>,
        bench: &str,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<ParcelRecord> {
        let id = Uuid::new_v4().to_string();
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT INTO parcels (id, scanned, return_number, bench, received_at) VALUES (?, ?, ?, ?, ?)")
            .bind(&id)
            .bind(scanned)
            .bind(return_number)
            .bind(bench)
            .bind(crate::ts(at))
            .execute(&mut *tx)
            .await?;
        crate::outbox::record(&mut tx, ChangeKind::Parcel, &id, at).await?;
        let detail = json!({"scanned": scanned, "returnNumber": return_number, "bench": bench});
        append(&mut tx, &AuditEvent::new(by, "parcel.received", &id, detail), at).await?;
        tx.commit().await?;
        Ok(ParcelRecord {
            id,
            scanned: scanned.to_string(),
            return_number: return_number.map(String::from),
            bench: bench.to_string(),
        })
    }

    pub async fn parcel(&self, id: &str) -> Result<Option<ParcelRecord>> {
        self.parcel_where("id = ?", id).await
    }

    /// The parcel received last under this code (as scanned), or with this id.
    pub async fn parcel_by_code(&self, code: &str) -> Result<Option<ParcelRecord>> {
        match self.parcel(code).await? {
            Some(p) => Ok(Some(p)),
            None => {
                self.parcel_where("scanned = ? ORDER BY received_at DESC LIMIT 1", code)
                    .await
            }
        }
    }

    async fn parcel_where(&self, condition: &str, value: &str) -> Result<Option<ParcelRecord>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT id, scanned, return_number, bench FROM parcels WHERE {condition}"
        )))
        .bind(value)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(ParcelRecord {
                id: r.try_get("id")?,
                scanned: r.try_get("scanned")?,
                return_number: r.try_get("return_number")?,
                bench: r.try_get("bench")?,
            })
        })
        .transpose()
    }

    /// A unit taken out of a parcel by the inspector `by`; it is under inspection from now on.
    pub async fn start_unit(&self, unit: &NewUnit<'_>, by: &str, at: DateTime<Utc>) -> Result<UnitRecord> {
        let NewUnit {
            parcel_id,
            return_number,
            line_no,
            scanned,
            category,
        } = *unit;
        let state = UnitState::Received.next(UnitEvent::StartInspection)?;
        let id = Uuid::new_v4().to_string();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO units (id, parcel_id, return_number, line_no, scanned, category, state, created_at, updated_at, inspector)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(parcel_id)
        .bind(return_number)
        .bind(line_no)
        .bind(scanned)
        .bind(category.as_str())
        .bind(state.as_str())
        .bind(crate::ts(at))
        .bind(crate::ts(at))
        .bind(by)
        .execute(&mut *tx)
        .await?;
        crate::outbox::record(&mut tx, ChangeKind::Unit, &id, at).await?;
        let detail = json!({"parcel": parcel_id, "scanned": scanned, "returnNumber": return_number, "line": line_no});
        append(&mut tx, &AuditEvent::new(by, "unit.started", &id, detail), at).await?;
        tx.commit().await?;
        Ok(UnitRecord {
            id,
            parcel_id: parcel_id.to_string(),
            return_number: return_number.map(String::from),
            line_no,
            scanned: scanned.to_string(),
            category,
            state,
            lpn: None,
        })
    }

    /// The inspector `by` leaves a unit under inspection unconfirmed (audited, sent to
    /// central): it ends `dropped`. `false` when it was not under inspection.
    pub async fn drop_unit(&self, id: &str, by: &str, at: DateTime<Utc>) -> Result<bool> {
        let state = UnitState::Inspecting.next(UnitEvent::Drop)?;
        let change = sqlx::query("UPDATE units SET state = ?, updated_at = ? WHERE id = ? AND state = 'inspecting'")
            .bind(state.as_str())
            .bind(crate::ts(at))
            .bind(id);
        let event = AuditEvent::new(by, "unit.dropped", id, json!({}));
        self.audited_change(change, Some((ChangeKind::Unit, id)), &event, at)
            .await
    }

    /// A unit of this parcel and line (or, with no line, this scanned code) whose inspection
    /// was started and never confirmed: the inspector dropped it and took it up again. A
    /// unit a lead sent back for re-inspection is found from any parcel of its return.
    pub async fn open_unit(
        &self,
        parcel_id: &str,
        return_number: Option<&str>,
        line_no: Option<u32>,
        scanned: &str,
    ) -> Result<Option<UnitRecord>> {
        let id: Option<(String,)> = sqlx::query_as(
            "SELECT id FROM units WHERE state = 'inspecting'
               AND (parcel_id = ?1 OR (reinspects IS NOT NULL AND return_number = ?2))
               AND ((line_no IS NULL AND ?3 IS NULL AND scanned = ?4) OR line_no = ?3)
             ORDER BY parcel_id <> ?1, created_at LIMIT 1",
        )
        .bind(parcel_id)
        .bind(return_number)
        .bind(line_no)
        .bind(scanned)
        .fetch_optional(&self.pool)
        .await?;
        match id {
            Some((id,)) => self.unit(&id).await,
            None => Ok(None),
        }
    }

    pub async fn unit(&self, id: &str) -> Result<Option<UnitRecord>> {
        let row = sqlx::query(
            "SELECT id, parcel_id, return_number, line_no, scanned, category, state, lpn FROM units WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some(UnitRecord {
            id: r.try_get("id")?,
            parcel_id: r.try_get("parcel_id")?,
            return_number: r.try_get("return_number")?,
            line_no: r.try_get("line_no")?,
            scanned: r.try_get("scanned")?,
            category: crate::category_of(r.try_get("category")?)?,
            state: state_of(r.try_get("state")?)?,
            lpn: r.try_get("lpn")?,
        }))
    }

    /// Units of a return already confirmed, per line number.
    pub async fn confirmed_per_line(&self, return_number: &str) -> Result<Vec<(u32, i64)>> {
        let rows: Vec<(u32, i64)> = sqlx::query_as(
            "SELECT u.line_no, COUNT(*) FROM units u JOIN inspections i ON i.unit_id = u.id
             WHERE u.return_number = ? AND u.line_no IS NOT NULL AND u.state <> 'sent_back' GROUP BY u.line_no",
        )
        .bind(return_number)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows)
    }

    /// Grades and dispositions the unit, issues its LPN, writes its label (through
    /// `write_label`, called inside the transaction) and records it — all or
    /// nothing: if anything fails or the process dies before the commit, the
    /// unit is still under inspection and no LPN was used.
    pub async fn confirm_unit<F>(&self, rec: &ConfirmRecord, write_label: F) -> Result<(Lpn, UnitState, LabelFile)>
    where
        F: FnOnce(&Lpn) -> std::result::Result<LabelFile, String>,
    {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let (current,): (String,) = sqlx::query_as("SELECT state FROM units WHERE id = ?")
            .bind(&rec.unit_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("unit {} is not on this bench", rec.unit_id)))?;
        let graded = state_of(&current)?.next(UnitEvent::Grade)?;
        let state = if !rec.decision.held {
            graded.run(&[UnitEvent::Disposition, UnitEvent::Label])?
        } else {
            graded.next(UnitEvent::Flag)?
        };
        let (seq,): (i64,) = sqlx::query_as(
            "INSERT INTO lpn_sequence (bench, next) VALUES (?, 2)
             ON CONFLICT (bench) DO UPDATE SET next = next + 1 RETURNING next - 1",
        )
        .bind(rec.bench_number)
        .fetch_one(&mut *tx)
        .await?;
        let lpn = Lpn::issue(rec.bench_number, u32::try_from(seq).map_err(corrupt)?);
        let d = &rec.decision;
        let inspection_id = Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO inspections (id, unit_id, bench, rules_version, rules_hash, answers, grade, disposition, destination, refund_kind, flags, rule_id, decision, confirmed_at, inspector)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&inspection_id)
        .bind(&rec.unit_id)
        .bind(&rec.bench)
        .bind(&d.rules_version)
        .bind(&d.rules_hash)
        .bind(serde_json::to_string(&rec.answers).map_err(corrupt)?)
        .bind(d.grade.as_str())
        .bind(d.disposition.as_str())
        .bind(&d.destination.en)
        .bind(serde_json::to_value(d.refund.kind).map_err(corrupt)?.as_str().unwrap_or_default().to_string())
        .bind(serde_json::to_string(&d.flags).map_err(corrupt)?)
        .bind(&d.rule_id)
        .bind(serde_json::to_string(d).map_err(corrupt)?)
        .bind(crate::ts(rec.at))
        .bind(&rec.inspector)
        .execute(&mut *tx)
        .await?;
        crate::outbox::record(&mut tx, ChangeKind::Inspection, &inspection_id, rec.at).await?;
        let detail = json!({"unit": rec.unit_id, "grade": d.grade, "disposition": d.disposition,
            "destination": d.destination.en, "rule": d.rule_id, "flags": d.flags, "held": d.held,
            "rules": d.rules_hash});
        append(
            &mut tx,
            &AuditEvent::new(&rec.inspector, "unit.confirmed", lpn.as_str(), detail),
            rec.at,
        )
        .await?;
        let label = write_label(&lpn).map_err(StoreError::Label)?;
        if let Some(job) = &label.print {
            crate::print_jobs::insert_print_job(&mut tx, job, rec.at).await?;
        }
        insert_label(&mut tx, &rec.unit_id, &lpn, &label, rec.at).await?;
        if rec.calibrate {
            sqlx::query("INSERT INTO calibrations (unit_id, offered_at) VALUES (?, ?)")
                .bind(&rec.unit_id)
                .bind(crate::ts(rec.at))
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE units SET state = ?, lpn = ?, updated_at = ? WHERE id = ?")
            .bind(state.as_str())
            .bind(lpn.as_str())
            .bind(crate::ts(rec.at))
            .bind(&rec.unit_id)
            .execute(&mut *tx)
            .await?;
        crate::outbox::record(&mut tx, ChangeKind::Unit, &rec.unit_id, rec.at).await?;
        tx.commit().await?;
        Ok((lpn, state, label))
    }

    /// Units confirmed at `bench` in `[from, to)`, newest first.
    pub async fn confirmed_between(
        &self,
        bench: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<TodayRow>> {
        let rows = sqlx::query(
            "SELECT u.lpn, COALESCE(u.return_number, '') AS return_number,
                    COALESCE(l.sku, u.scanned) AS sku, u.state, i.confirmed_at,
                    COALESCE((SELECT after FROM amendments a WHERE a.unit_id = u.id ORDER BY seq DESC LIMIT 1), i.decision) AS decision
             FROM inspections i
             JOIN units u ON u.id = i.unit_id
             LEFT JOIN return_lines l ON l.return_number = u.return_number AND l.line_no = u.line_no
             WHERE i.bench = ? AND i.confirmed_at >= ? AND i.confirmed_at < ?
             ORDER BY i.confirmed_at DESC, u.lpn DESC",
        )
        .bind(bench)
        .bind(crate::ts(from))
        .bind(crate::ts(to))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                // What is in force now: an override or re-disposition shows here.
                let d: Decision = serde_json::from_str(r.try_get("decision")?).map_err(corrupt)?;
                Ok(TodayRow {
                    lpn: r.try_get::<Option<String>, _>("lpn")?.unwrap_or_default(),
                    return_number: r.try_get("return_number")?,
                    sku: r.try_get("sku")?,
                    grade: d.grade.as_str().to_string(),
                    disposition: d.disposition.as_str().to_string(),
                    destination: d.destination,
                    state: state_of(r.try_get("state")?)?,
                    confirmed_at: r.try_get("confirmed_at")?,
                })
            })
            .collect()
    }
}

impl Store {
    /// The unit carrying `lpn` and the decision confirmed for it.
    pub async fn inspection_by_lpn(&self, lpn: &str) -> Result<Option<(UnitRecord, Decision, String)>> {
        let row: Option<(String, String, String)> = sqlx::query_as(
            "SELECT u.id, i.decision, i.confirmed_at FROM units u JOIN inspections i ON i.unit_id = u.id WHERE u.lpn = ?",
        )
        .bind(lpn)
        .fetch_optional(&self.pool)
        .await?;
        let Some((unit_id, decision, at)) = row else {
            return Ok(None);
        };
        let unit = self
            .unit(&unit_id)
            .await?
            .ok_or_else(|| corrupt("inspection without its unit"))?;
        let decision: Decision = serde_json::from_str(&decision).map_err(corrupt)?;
        Ok(Some((unit, decision, at)))
    }
}

/// Records a label written for a unit (the first one, or a reprint).
pub(crate) async fn insert_label(
    conn: &mut sqlx::SqliteConnection,
    unit_id: &str,
    lpn: &Lpn,
    label: &LabelFile,
    at: DateTime<Utc>,
) -> Result<()> {
    let id = Uuid::new_v4().to_string();
    sqlx::query("INSERT INTO labels (id, unit_id, lpn, template, pdf_path, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(&id)
        .bind(unit_id)
        .bind(lpn.as_str())
        .bind(&label.template)
        .bind(label.path.display().to_string())
        .bind(crate::ts(at))
        .execute(&mut *conn)
        .await?;
    crate::outbox::record(conn, ChangeKind::Label, &id, at).await
}
