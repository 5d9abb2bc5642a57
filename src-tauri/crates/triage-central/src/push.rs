//! A bench's changes, applied idempotently in one transaction.
//!
//! Per kind: the rows are COPYed (text format) into a temporary staging table,
//! then one `INSERT … SELECT … ON CONFLICT (id)` moves them into the real table,
//! stamped with the site and bench of the login (row-level security checks it
//! too). Rows that never change are kept as first written (`DO NOTHING`); parcels
//! (matched by a lead later), units and print jobs keep their newest change
//! (`rev`, the bench's change number).
//! A batch sent twice — because the answer was lost — changes nothing.

use crate::{copy, Central, CentralError, Result};
use sqlx::AssertSqlSafe;
use std::collections::BTreeSet;
pub use triage_core::sync::ChangeKind;

/// One change from the bench's outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The outbox's sequence number: the order changes were made on the bench.
    pub seq: i64,
    pub kind: ChangeKind,
    /// The row as the bench has it (column → value), with its UUID as `id`.
    pub body: serde_json::Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PushReport {
    /// Changes in the batch.
    pub sent: usize,
    /// Rows central did not have before (inserted, or a newer revision).
    pub applied: u64,
}

/// The columns a bench sends for each kind, in COPY order (site and bench are
/// added by central from the login).
pub fn columns(kind: ChangeKind) -> &'static [&'static str] {
    match kind {
        ChangeKind::Parcel => &[
            "id",
            "scanned",
            "return_number",
            "received_at",
            "set_aside_by",
            "note",
            "matched_by",
            "matched_at",
            "bench",
            "rev",
        ],
        ChangeKind::Unit => &[
            "id",
            "parcel_id",
            "return_number",
            "line_no",
            "scanned",
            "category",
            "state",
            "lpn",
            "created_at",
            "updated_at",
            "reinspects",
            "inspector",
            "rev",
        ],
        ChangeKind::Inspection => &[
            "id",
            "unit_id",
            "bench",
            "rules_version",
            "rules_hash",
            "answers",
            "grade",
            "disposition",
            "destination",
            "refund_kind",
            "flags",
            "rule_id",
            "decision",
            "confirmed_at",
            "inspector",
        ],
        ChangeKind::Override => &[
            "id",
            "unit_id",
            "seq",
            "kind",
            "from_disposition",
            "to_disposition",
            "from_destination",
            "to_destination",
            "request",
            "before",
            "after",
            "reason",
            "by_whom",
            "at",
        ],
        ChangeKind::Label => &["id", "unit_id", "lpn", "template", "created_at"],
        ChangeKind::Calibration => &["id", "unit_id", "offered_at", "lead_grade", "lead", "regraded_at"],
        ChangeKind::Audit => &[
            "id",
            "seq",
            "at",
            "actor",
            "action",
            "subject",
            "detail",
            "detail_text",
            "prev_hash",
            "hash",
        ],
        ChangeKind::PrintJob => &[
            "id",
            "lpn",
            "printer",
            "format",
            "state",
            "attempts",
            "last_error",
            "reprint_of",
            "created_at",
            "updated_at",
            "rev",
        ],
    }
}

fn table(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Parcel => "parcels",
        ChangeKind::Unit => "units",
        ChangeKind::Inspection => "inspections",
        ChangeKind::Override => "overrides",
        ChangeKind::Label => "labels",
        ChangeKind::PrintJob => "print_jobs",
        ChangeKind::Calibration => "calibrations",
        ChangeKind::Audit => "audit_log",
    }
}

/// The statements for one kind: create the staging table, COPY into it, apply it.
struct Statements {
    stage: String,
    copy: String,
    apply: String,
}

fn statements(kind: ChangeKind) -> Statements {
    let t = table(kind);
    let cols = columns(kind);
    let list = cols.join(", ");
    let from_stage = cols.iter().map(|c| format!("s.{c}")).collect::<Vec<_>>().join(", ");
    let stage = format!(
        "CREATE TEMP TABLE IF NOT EXISTS stage_{t} ON COMMIT DELETE ROWS AS SELECT {list} FROM {t} WITH NO DATA"
    );
    let copy = format!("COPY stage_{t} ({list}) FROM STDIN");
    let apply = if kind.is_revised() {
        let set = cols
            .iter()
            .filter(|c| **c != "id")
            .map(|c| format!("{c} = EXCLUDED.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "INSERT INTO {t} (site_id, bench_id, {list})
             SELECT DISTINCT ON (s.id) me.site_id, me.bench_id, {from_stage}
             FROM stage_{t} s CROSS JOIN triage_me() me ORDER BY s.id, s.rev DESC
             ON CONFLICT (id) DO UPDATE SET {set} WHERE {t}.rev < EXCLUDED.rev"
        )
    } else {
        format!(
            "INSERT INTO {t} (site_id, bench_id, {list})
             SELECT me.site_id, me.bench_id, {from_stage} FROM stage_{t} s CROSS JOIN triage_me() me
             ON CONFLICT (id) DO NOTHING"
        )
    };
    Statements { stage, copy, apply }
}

/// COPY data for a kind's changes; `rev` is the change's own sequence number.
pub fn copy_data(kind: ChangeKind, changes: &[&Change]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(changes.len() * 256);
    for c in changes {
        let Some(obj) = c.body.as_object() else {
            return Err(CentralError::Invalid(format!(
                "change {} ({}) is not a JSON object",
                c.seq,
                kind.as_str()
            )));
        };
        if kind.is_revised() {
            let mut obj = obj.clone();
            obj.insert("rev".into(), c.seq.into());
            copy::row(&mut out, &obj, columns(kind));
        } else {
            copy::row(&mut out, obj, columns(kind));
        }
    }
    Ok(out)
}

impl Central {
    /// Applies a batch of this bench's changes; all of them or none.
    pub async fn push(&self, changes: &[Change]) -> Result<PushReport> {
        let mut report = PushReport {
            sent: changes.len(),
            applied: 0,
        };
        if changes.is_empty() {
            return Ok(report);
        }
        let mut tx = self.pool.begin().await?;
        let me: Option<(String,)> = sqlx::query_as("SELECT site_id FROM triage_me()")
            .fetch_optional(&mut *tx)
            .await?;
        if me.is_none() {
            return Err(CentralError::Refused(
                "this login is not a bench's; make one with `triage central create-bench`".into(),
            ));
        }
        let mut returns = BTreeSet::new();
        for kind in ChangeKind::APPLY_ORDER {
            let of_kind: Vec<&Change> = changes.iter().filter(|c| c.kind == kind).collect();
            if of_kind.is_empty() {
                continue;
            }
            if matches!(kind, ChangeKind::Parcel | ChangeKind::Unit) {
                returns.extend(
                    of_kind
                        .iter()
                        .filter_map(|c| c.body.get("return_number").and_then(|v| v.as_str()).map(String::from)),
                );
            }
            let s = statements(kind);
            let data = copy_data(kind, &of_kind)?;
            sqlx::query(AssertSqlSafe(s.stage)).execute(&mut *tx).await?;
            let mut copy = tx.copy_in_raw(&s.copy).await?;
            for chunk in data.chunks(1 << 20) {
                copy.send(chunk).await?;
            }
            copy.finish().await?;
            report.applied += sqlx::query(AssertSqlSafe(s.apply))
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        if !returns.is_empty() {
            let returns: Vec<String> = returns.into_iter().collect();
            sqlx::query("SELECT triage_check_returns($1)")
                .bind(&returns)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn revised_kinds_carry_their_change_number_as_rev() {
        let c = Change {
            seq: 42,
            kind: ChangeKind::Unit,
            body: json!({"id": "u1", "parcel_id": "p1", "scanned": "x", "category": "home", "state": "inspecting",
                         "created_at": "2026-11-27T10:00:00.000Z", "updated_at": "2026-11-27T10:00:00.000Z"}),
        };
        let data = String::from_utf8(copy_data(ChangeKind::Unit, &[&c]).unwrap()).unwrap();
        assert_eq!(
            data,
            "u1\tp1\t\\N\t\\N\tx\thome\tinspecting\t\\N\t2026-11-27T10:00:00.000Z\t2026-11-27T10:00:00.000Z\t\\N\t\\N\t42\n"
        );
    }

    #[test]
    fn statements_keep_the_newest_revision_and_ignore_repeats() {
        let u = statements(ChangeKind::Unit);
        assert!(u.apply.contains("DISTINCT ON (s.id)") && u.apply.contains("WHERE units.rev < EXCLUDED.rev"));
        let i = statements(ChangeKind::Inspection);
        assert!(i.apply.ends_with("ON CONFLICT (id) DO NOTHING"));
        assert!(i.copy.starts_with("COPY stage_inspections (id, unit_id,"));
    }

    #[test]
    fn a_body_that_is_not_an_object_is_refused() {
        let c = Change {
            seq: 1,
            kind: ChangeKind::Parcel,
            body: json!([1, 2]),
        };
        assert!(copy_data(ChangeKind::Parcel, &[&c]).is_err());
    }
}
