//! What a bench fetches: its site's returns, rule sets, users and conflicts
//! changed since its cursor.
//!
//! The cursor is a transaction-id watermark. A pull reads in one REPEATABLE READ
//! transaction; it takes rows whose `txid` is at least the cursor, and the next
//! cursor is the xmin of the snapshot it read with: every transaction older than
//! that had ended, and every one still running (which may commit later with an
//! older id than rows already seen) is at or above it, so it is read next time.
//! A row may come twice; applying a pulled row is idempotent.

use crate::{Central, CentralError, Result};
use serde::{Deserialize, Serialize};
use sqlx::postgres::PgRow;
use sqlx::{Postgres, Row, Transaction};
use triage_core::sync::SiteUser;
use triage_core::ReturnOrder;

/// Where a bench's last complete pull ended (0: never pulled).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct Cursor(pub u64);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PulledReturn {
    pub order: ReturnOrder,
    pub cancelled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PulledRuleSet {
    pub hash: String,
    pub version: String,
    pub source: String,
    pub text: String,
    pub in_force: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PulledConflict {
    pub id: String,
    pub kind: String,
    pub return_number: String,
    pub line_no: i32,
    pub detail: serde_json::Value,
    pub found_at: chrono::DateTime<chrono::Utc>,
}

/// One page of returns (with lines and tracking numbers).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PullPage {
    pub returns: Vec<PulledReturn>,
    /// Returns central holds that this bench cannot read (bad GTIN, unknown
    /// category…): return number and why. They are skipped, not fatal.
    pub refused: Vec<(String, String)>,
}

/// A pull in progress: one snapshot of central, read page by page.
pub struct Pull {
    tx: Transaction<'static, Postgres>,
    since: Cursor,
    next: Cursor,
    after: String,
    /// The bench's site, asked once (RLS checks it on every row anyway).
    site: String,
}

// The page's keys first (walking the primary key in order), then the documents of
// those rows only: building them in the same query as the ORDER BY would build one
// for every row of the site before the sort.
const RETURNS_PAGE: &str = "
SELECT r.return_number, r.status,
       json_build_object(
         'return_number', r.return_number, 'order_number', r.order_number, 'channel', r.channel,
         'customer_name', r.customer_name, 'created_on', r.created_on, 'purchased_on', r.purchased_on,
         'window_days', r.window_days,
         'tracking_numbers', COALESCE((SELECT json_agg(t.tracking_number ORDER BY t.tracking_number)
                                       FROM tracking_numbers t
                                       WHERE t.site_id = r.site_id AND t.return_number = r.return_number), '[]'),
         'lines', COALESCE((SELECT json_agg(json_build_object(
                               'line_no', l.line_no, 'sku', l.sku, 'gtin', l.gtin, 'description', l.description,
                               'category', l.category, 'quantity', l.quantity, 'unit_price_cents', l.unit_price_cents,
                               'reason', l.reason, 'comment', l.comment, 'expected_serials', l.expected_serials,
                               'tags', l.tags) ORDER BY l.line_no)
                            FROM return_lines l
                            WHERE l.site_id = r.site_id AND l.return_number = r.return_number), '[]')
       )::text AS doc
FROM (SELECT site_id, return_number FROM returns
      WHERE site_id = $4 AND txid >= $1::text::xid8 AND return_number > $2
      ORDER BY return_number LIMIT $3) page
JOIN returns r ON r.site_id = page.site_id AND r.return_number = page.return_number
ORDER BY r.return_number";

impl Central {
    /// Starts a pull from `since`: fixes the snapshot and the next cursor.
    pub async fn begin_pull(&self, since: Cursor) -> Result<Pull> {
        let mut tx = self
            .pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await?;
        // The first statement takes the snapshot every later page reads.
        let (xmin, site): (String, Option<String>) =
            sqlx::query_as("SELECT pg_snapshot_xmin(pg_current_snapshot())::text, triage_site()")
                .fetch_one(&mut *tx)
                .await?;
        let Some(site) = site else {
            return Err(CentralError::Refused(
                "this login is not a bench's; make one with `triage central create-bench`".into(),
            ));
        };
        let next = Cursor(
            xmin.parse()
                .map_err(|_| CentralError::Invalid(format!("snapshot xmin {xmin:?}")))?,
        );
        Ok(Pull {
            tx,
            since,
            next,
            after: String::new(),
            site,
        })
    }
}

fn txid(c: Cursor) -> String {
    c.0.to_string()
}

impl Pull {
    /// The cursor to keep once everything of this pull is stored on the bench.
    pub fn next_cursor(&self) -> Cursor {
        self.next
    }

    /// How many returns this pull will bring (for a progress bar).
    pub async fn returns_to_come(&mut self) -> Result<u64> {
        let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM returns WHERE site_id = $2 AND txid >= $1::text::xid8")
            .bind(txid(self.since))
            .bind(&self.site)
            .fetch_one(&mut *self.tx)
            .await?;
        Ok(n as u64)
    }

    /// The next page of returns in return-number order; empty when done.
    pub async fn returns_page(&mut self, limit: u32) -> Result<PullPage> {
        let rows = sqlx::query(RETURNS_PAGE)
            .bind(txid(self.since))
            .bind(&self.after)
            .bind(i64::from(limit))
            .bind(&self.site)
            .fetch_all(&mut *self.tx)
            .await?;
        let mut page = PullPage::default();
        for r in rows {
            let number: String = r.try_get("return_number")?;
            let status: String = r.try_get("status")?;
            let doc: String = r.try_get("doc")?;
            match serde_json::from_str::<ReturnOrder>(&doc) {
                Ok(order) => page.returns.push(PulledReturn {
                    order,
                    cancelled: status == "cancelled",
                }),
                Err(e) => page.refused.push((number.clone(), e.to_string())),
            }
            self.after = number;
        }
        Ok(page)
    }

    pub async fn rule_sets(&mut self) -> Result<Vec<PulledRuleSet>> {
        let rows = sqlx::query(
            "SELECT hash, version, source, text, in_force FROM rule_sets
             WHERE site_id = $2 AND txid >= $1::text::xid8 ORDER BY published_at",
        )
        .bind(txid(self.since))
        .bind(&self.site)
        .fetch_all(&mut *self.tx)
        .await?;
        rows.into_iter()
            .map(|r: PgRow| {
                Ok(PulledRuleSet {
                    hash: r.try_get("hash")?,
                    version: r.try_get("version")?,
                    source: r.try_get("source")?,
                    text: r.try_get("text")?,
                    in_force: r.try_get("in_force")?,
                })
            })
            .collect()
    }

    pub async fn users(&mut self) -> Result<Vec<SiteUser>> {
        let rows = sqlx::query(
            "SELECT id::text, badge, name, role, pin_hash, active FROM users
             WHERE site_id = $2 AND txid >= $1::text::xid8 ORDER BY badge",
        )
        .bind(txid(self.since))
        .bind(&self.site)
        .fetch_all(&mut *self.tx)
        .await?;
        rows.into_iter()
            .map(|r: PgRow| {
                Ok(SiteUser {
                    id: r.try_get("id")?,
                    badge: r.try_get("badge")?,
                    name: r.try_get("name")?,
                    role: r.try_get("role")?,
                    pin_hash: r.try_get("pin_hash")?,
                    active: r.try_get("active")?,
                })
            })
            .collect()
    }

    pub async fn conflicts(&mut self) -> Result<Vec<PulledConflict>> {
        let rows = sqlx::query(
            "SELECT id::text, kind, return_number, line_no, detail::text, found_at FROM conflicts
             WHERE site_id = $2 AND txid >= $1::text::xid8 ORDER BY found_at, id",
        )
        .bind(txid(self.since))
        .bind(&self.site)
        .fetch_all(&mut *self.tx)
        .await?;
        rows.into_iter()
            .map(|r: PgRow| {
                let detail: String = r.try_get("detail")?;
                Ok(PulledConflict {
                    id: r.try_get("id")?,
                    kind: r.try_get("kind")?,
                    return_number: r.try_get("return_number")?,
                    line_no: r.try_get("line_no")?,
                    detail: serde_json::from_str(&detail).map_err(|e| CentralError::Invalid(e.to_string()))?,
                    found_at: r.try_get("found_at")?,
                })
            })
            .collect()
    }

    /// Ends the read (nothing was written).
    pub async fn finish(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}
