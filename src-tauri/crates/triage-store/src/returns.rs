//! Returns as announced by the shop: import and look-up.

use crate::{corrupt, Result, Store};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;
use triage_core::{Gtin, ReturnLine, ReturnNumber, ReturnOrder, ReturnReason};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    pub imported: usize,
    /// Returns already on the bench (same return number); left untouched.
    pub already_present: usize,
}

impl Store {
    /// Imports every return in one transaction: all of them, or none.
    pub async fn import_returns(&self, orders: &[ReturnOrder], by: &str, at: DateTime<Utc>) -> Result<ImportSummary> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let mut summary = ImportSummary {
            imported: 0,
            already_present: 0,
        };
        let mut new = Vec::with_capacity(orders.len());
        for o in orders {
            let inserted = sqlx::query(
                "INSERT OR IGNORE INTO returns (return_number, order_number, channel, customer_name, created_on, purchased_on, window_days, imported_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(o.return_number.as_str())
            .bind(&o.order_number)
            .bind(&o.channel)
            .bind(&o.customer_name)
            .bind(o.created_on.to_string())
            .bind(o.purchased_on.to_string())
            .bind(o.window_days)
            .bind(crate::ts(at))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if inserted == 0 {
                summary.already_present += 1;
                continue;
            }
            summary.imported += 1;
            new.push(o);
        }
        insert_lines_and_tracking(&mut tx, &new).await?;
        let detail = serde_json::json!({"imported": summary.imported, "alreadyPresent": summary.already_present,
            "first": orders.first().map(|o| o.return_number.as_str()), "last": orders.last().map(|o| o.return_number.as_str())});
        crate::audit::append(
            &mut tx,
            &crate::AuditEvent::new(by, "returns.imported", "returns", detail),
            at,
        )
        .await?;
        tx.commit().await?;
        Ok(summary)
    }

    pub async fn count_returns(&self) -> Result<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM returns")
            .fetch_one(&self.pool)
            .await?;
        Ok(n)
    }

    /// Whether the shop cancelled this return (known from central); `false` for an unknown one.
    pub async fn return_cancelled(&self, return_number: &str) -> Result<bool> {
        let status: Option<(String,)> = sqlx::query_as("SELECT status FROM returns WHERE return_number = ?")
            .bind(return_number)
            .fetch_optional(&self.pool)
            .await?;
        Ok(status.is_some_and(|(s,)| s == "cancelled"))
    }

    /// The return a parcel code names: one of its tracking numbers, or its return number.
    pub async fn find_return_for_parcel_code(&self, code: &str) -> Result<Option<ReturnOrder>> {
        let by_tracking: Option<(String,)> =
            sqlx::query_as("SELECT return_number FROM tracking_numbers WHERE tracking_number = ?")
                .bind(code)
                .fetch_optional(&self.pool)
                .await?;
        let number = match by_tracking {
            Some((n,)) => n,
            None => code.to_string(),
        };
        self.find_return(&number).await
    }

    pub async fn find_return(&self, return_number: &str) -> Result<Option<ReturnOrder>> {
        let Some(head) = sqlx::query(
            "SELECT return_number, order_number, channel, customer_name, created_on, purchased_on, window_days FROM returns WHERE return_number = ?",
        )
        .bind(return_number)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let tracking: Vec<(String,)> = sqlx::query_as(
            "SELECT tracking_number FROM tracking_numbers WHERE return_number = ? ORDER BY tracking_number",
        )
        .bind(return_number)
        .fetch_all(&self.pool)
        .await?;
        let rows = sqlx::query(
            "SELECT line_no, sku, gtin, description, category, quantity, unit_price_cents, reason, comment, expected_serials, tags
             FROM return_lines WHERE return_number = ? ORDER BY line_no",
        )
        .bind(return_number)
        .fetch_all(&self.pool)
        .await?;
        let mut lines = Vec::with_capacity(rows.len());
        for r in rows {
            let serials: String = r.try_get("expected_serials")?;
            let tags: String = r.try_get("tags")?;
            lines.push(ReturnLine {
                line_no: r.try_get("line_no")?,
                sku: r.try_get("sku")?,
                gtin: Gtin::parse(r.try_get("gtin")?).map_err(corrupt)?,
                description: r.try_get("description")?,
                category: crate::category_of(r.try_get("category")?)?,
                quantity: r.try_get("quantity")?,
                unit_price_cents: r.try_get("unit_price_cents")?,
                reason: ReturnReason::parse(r.try_get("reason")?).ok_or_else(|| corrupt("reason"))?,
                comment: r.try_get("comment")?,
                expected_serials: serde_json::from_str(&serials).map_err(corrupt)?,
                tags: serde_json::from_str(&tags).map_err(corrupt)?,
            });
        }
        Ok(Some(ReturnOrder {
            return_number: ReturnNumber::parse(head.try_get("return_number")?).map_err(corrupt)?,
            order_number: head.try_get("order_number")?,
            channel: head.try_get("channel")?,
            customer_name: head.try_get("customer_name")?,
            created_on: date(head.try_get("created_on")?)?,
            purchased_on: date(head.try_get("purchased_on")?)?,
            window_days: head.try_get("window_days")?,
            tracking_numbers: tracking.into_iter().map(|(t,)| t).collect(),
            lines,
        }))
    }
}

fn date(v: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(corrupt)
}

/// These returns' tracking numbers and lines (their return rows already written),
/// by multi-row statements.
pub(crate) async fn insert_lines_and_tracking(
    conn: &mut sqlx::SqliteConnection,
    orders: &[&ReturnOrder],
) -> Result<()> {
    let tracking: Vec<(&str, &str)> = orders
        .iter()
        .flat_map(|o| {
            o.tracking_numbers
                .iter()
                .map(|t| (t.as_str(), o.return_number.as_str()))
        })
        .collect();
    crate::bulk::insert(
        conn,
        "INSERT INTO tracking_numbers (tracking_number, return_number)",
        "",
        &tracking,
        |s, (t, rn)| {
            s.push_bind(*t).push_bind(*rn);
        },
    )
    .await?;
    let lines: Vec<(&str, &ReturnLine)> = orders
        .iter()
        .flat_map(|o| o.lines.iter().map(|l| (o.return_number.as_str(), l)))
        .collect();
    crate::bulk::insert(
        conn,
        "INSERT INTO return_lines (return_number, line_no, sku, gtin, gtin14, description, category, quantity,
                                   unit_price_cents, reason, comment, expected_serials, tags)",
        "",
        &lines,
        |s, (rn, l)| {
            s.push_bind(*rn)
                .push_bind(l.line_no)
                .push_bind(l.sku.as_str())
                .push_bind(l.gtin.as_str())
                .push_bind(l.gtin.as_gtin14())
                .push_bind(l.description.as_str())
                .push_bind(l.category.as_str())
                .push_bind(l.quantity)
                .push_bind(l.unit_price_cents)
                .push_bind(l.reason.as_str())
                .push_bind(l.comment.as_deref())
                .push_bind(json_list(&l.expected_serials))
                .push_bind(json_list(&l.tags));
        },
    )
    .await
}

/// A list of strings as the JSON text the bench stores.
fn json_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}
