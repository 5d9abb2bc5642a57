//! What the dashboard counts: the units graded or decided in a period, and
//! every unit waiting now, as `triage_core::kpi::UnitRecord`s.

use crate::{corrupt, parse_ts, ts, Result, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;
use triage_core::kpi::{UnitRecord, UnitRow};

impl Store {
    /// Units confirmed in `[from, to)`, units whose disposition became final
    /// in it, and units waiting now (taken up and not graded, or held).
    pub async fn dashboard_units(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<UnitRecord>> {
        let rows = sqlx::query(
            "WITH firsts AS (
                 SELECT unit_id, MIN(at) AS at FROM amendments GROUP BY unit_id
             ), u AS (
                 SELECT u.id, u.lpn, u.state, u.category, u.return_number, u.line_no, u.scanned,
                        COALESCE(i.inspector, u.inspector) AS inspector,
                        COALESCE(i.bench, p.bench) AS bench, p.received_at, i.confirmed_at,
                        CASE WHEN i.id IS NULL THEN NULL
                             WHEN json_extract(i.decision, '$.held') THEN f.at
                             ELSE i.confirmed_at END AS decided_at,
                        COALESCE((SELECT after FROM amendments a WHERE a.unit_id = u.id ORDER BY seq DESC LIMIT 1),
                                 i.decision) AS decision,
                        json_extract(i.decision, '$.flags') AS flags
                 FROM units u
                 JOIN parcels p ON p.id = u.parcel_id
                 LEFT JOIN inspections i ON i.unit_id = u.id
                 LEFT JOIN firsts f ON f.unit_id = u.id
                 WHERE u.state NOT IN ('sent_back', 'dropped')
             )
             SELECT u.lpn, u.category, u.bench, u.received_at, u.confirmed_at, u.decided_at, u.decision, u.flags,
                    COALESCE(us.name, u.inspector) AS inspector,
                    COALESCE(l.sku, u.scanned) AS sku, l.reason
             FROM u
             LEFT JOIN users us ON us.badge = u.inspector
             LEFT JOIN return_lines l ON l.return_number = u.return_number AND l.line_no = u.line_no
             WHERE (u.confirmed_at >= ?1 AND u.confirmed_at < ?2)
                OR (u.decided_at >= ?1 AND u.decided_at < ?2)
                OR u.confirmed_at IS NULL
                OR u.decided_at IS NULL
             ORDER BY u.received_at, u.lpn",
        )
        .bind(ts(from))
        .bind(ts(to))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                let time = |col: &str| -> Result<Option<DateTime<Utc>>> {
                    r.try_get::<Option<String>, _>(col)?
                        .as_deref()
                        .map(parse_ts)
                        .transpose()
                };
                let row = UnitRow {
                    lpn: r.try_get("lpn")?,
                    inspector: r.try_get("inspector")?,
                    bench: r.try_get("bench")?,
                    category: r.try_get("category")?,
                    sku: r.try_get("sku")?,
                    reason: r.try_get("reason")?,
                    received_at: parse_ts(r.try_get("received_at")?)?,
                    confirmed_at: time("confirmed_at")?,
                    decided_at: time("decided_at")?,
                    decision: r.try_get("decision")?,
                    flags: r.try_get("flags")?,
                };
                UnitRecord::from_row(row).map_err(corrupt)
            })
            .collect()
    }
}
