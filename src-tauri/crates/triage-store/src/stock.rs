//! Stock need per SKU: the warehouse system's last export, replaced whole.

use crate::audit::{append, AuditEvent};
use crate::{Result, Store};
use chrono::{DateTime, Utc};
use serde_json::json;
use std::collections::BTreeMap;
use triage_core::rules::StockNeed;

impl Store {
    /// Replaces the stock need of every SKU with `rows` (a SKU `unknown` in them is
    /// left out, like one not in them), audited with where it came from. Returns
    /// how many SKUs are high and low.
    pub async fn replace_stock_need(
        &self,
        rows: &BTreeMap<String, StockNeed>,
        source: &str,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<(usize, usize)> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query("DELETE FROM stock_need").execute(&mut *tx).await?;
        let (mut high, mut low) = (0, 0);
        for (sku, need) in rows {
            match need {
                StockNeed::High => high += 1,
                StockNeed::Low => low += 1,
                StockNeed::Unknown => continue,
            }
            sqlx::query("INSERT INTO stock_need (sku, need, imported_at) VALUES (?, ?, ?)")
                .bind(sku)
                .bind(need.as_str())
                .bind(crate::ts(at))
                .execute(&mut *tx)
                .await?;
        }
        let detail = json!({ "source": source, "high": high, "low": low });
        append(&mut tx, &AuditEvent::new(by, "stock_need.imported", source, detail), at).await?;
        tx.commit().await?;
        Ok((high, low))
    }

    /// The stock need of `sku` in the last export; `unknown` when it is not there.
    pub async fn stock_need(&self, sku: &str) -> Result<StockNeed> {
        let need: Option<(String,)> = sqlx::query_as("SELECT need FROM stock_need WHERE sku = ?")
            .bind(sku)
            .fetch_optional(&self.pool)
            .await?;
        Ok(need.and_then(|(n,)| StockNeed::parse(&n)).unwrap_or(StockNeed::Unknown))
    }
}
