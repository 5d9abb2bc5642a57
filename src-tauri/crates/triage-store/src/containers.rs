//! Liquidation containers: the units in the bench's open container, and closing it
//! (numbered, its units stamped, its label written and queued, audited) at once.

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::Row;
use triage_core::container::ContainerItem;

use crate::audit::{append, AuditEvent};
use crate::{category_of, LabelFile, Result, Store};

/// A closed container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedContainer {
    pub code: String,
    pub items: Vec<ContainerItem>,
    pub label: LabelFile,
}

/// Units confirmed on `bench` whose decision in force is liquidate (a held unit
/// goes nowhere yet), not sent back, in no container: the open container.
const OPEN: &str = "SELECT u.lpn, COALESCE(l.sku, u.scanned) AS sku, u.category,
            json_extract(d.decision, '$.unitValueCents') AS value
     FROM (SELECT i.unit_id, i.bench, i.confirmed_at,
                  COALESCE((SELECT after FROM amendments a WHERE a.unit_id = i.unit_id ORDER BY seq DESC LIMIT 1),
                           i.decision) AS decision
           FROM inspections i) d
     JOIN units u ON u.id = d.unit_id
     LEFT JOIN return_lines l ON l.return_number = u.return_number AND l.line_no = u.line_no
     WHERE d.bench = ?1 AND u.container IS NULL AND u.state <> 'sent_back'
       AND json_extract(d.decision, '$.disposition') = 'liquidate'
       AND NOT json_extract(d.decision, '$.held')
     ORDER BY d.confirmed_at, u.lpn";

async fn open_items(conn: &mut sqlx::SqliteConnection, bench: &str) -> Result<Vec<ContainerItem>> {
    sqlx::query(OPEN)
        .bind(bench)
        .fetch_all(conn)
        .await?
        .iter()
        .map(|r| {
            Ok(ContainerItem {
                lpn: r.try_get::<Option<String>, _>("lpn")?.unwrap_or_default(),
                sku: r.try_get("sku")?,
                category: category_of(r.try_get("category")?)?,
                unit_value_cents: r.try_get::<Option<i64>, _>("value")?.unwrap_or(0),
            })
        })
        .collect()
}

impl Store {
    /// What the bench's open liquidation container holds, first in first.
    pub async fn open_container(&self, bench: &str) -> Result<Vec<ContainerItem>> {
        let mut conn = self.pool.acquire().await?;
        open_items(&mut conn, bench).await
    }

    /// Closes the open container of `bench`: numbers it (`code_of` the next number),
    /// stamps its code on each unit, and writes its label through `write_label`
    /// (durably, before the commit; its print job queued with it). `None` when the
    /// container is empty: there is nothing to close.
    pub async fn close_container<C, F>(
        &self,
        bench: &str,
        by: &str,
        at: DateTime<Utc>,
        code_of: C,
        write_label: F,
    ) -> Result<Option<ClosedContainer>>
    where
        C: FnOnce(u32) -> String,
        F: FnOnce(&str, &[ContainerItem]) -> std::result::Result<LabelFile, String>,
    {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let items = open_items(&mut tx, bench).await?;
        if items.is_empty() {
            return Ok(None);
        }
        let (last,): (Option<i64>,) = sqlx::query_as("SELECT MAX(seq) FROM containers")
            .fetch_one(&mut *tx)
            .await?;
        let seq = u32::try_from(last.unwrap_or(0) + 1).map_err(|_| crate::corrupt("container numbers run out"))?;
        let code = code_of(seq);
        let value: i64 = items.iter().map(|i| i.unit_value_cents).sum();
        sqlx::query(
            "INSERT INTO containers (code, seq, bench, closed_at, closed_by, units, value_cents)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&code)
        .bind(i64::from(seq))
        .bind(bench)
        .bind(crate::ts(at))
        .bind(by)
        .bind(items.len() as i64)
        .bind(value)
        .execute(&mut *tx)
        .await?;
        for item in &items {
            sqlx::query("UPDATE units SET container = ? WHERE lpn = ? AND container IS NULL")
                .bind(&code)
                .bind(&item.lpn)
                .execute(&mut *tx)
                .await?;
        }
        let label = write_label(&code, &items).map_err(crate::StoreError::Label)?;
        if let Some(job) = &label.print {
            crate::print_jobs::insert_print_job(&mut tx, job, at).await?;
        }
        let lpns: Vec<&str> = items.iter().map(|i| i.lpn.as_str()).collect();
        let detail = json!({"bench": bench, "units": items.len(), "value_cents": value, "lpns": lpns});
        append(&mut tx, &AuditEvent::new(by, "container.closed", &code, detail), at).await?;
        tx.commit().await?;
        Ok(Some(ClosedContainer { code, items, label }))
    }

    /// The container a unit went into, if it is closed.
    pub async fn container_of(&self, lpn: &str) -> Result<Option<String>> {
        let row: Option<(Option<String>,)> = sqlx::query_as("SELECT container FROM units WHERE lpn = ?")
            .bind(lpn)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.and_then(|(c,)| c))
    }
}
