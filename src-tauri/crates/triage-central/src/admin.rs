//! What the administrator does on central: create or upgrade the schema, sites,
//! bench logins, and the returns, rule sets and users benches pull.

use crate::{copy, Central, CentralError, Result};
use serde_json::json;
use sqlx::AssertSqlSafe;
use triage_core::ReturnOrder;

/// A bench's login on central, issued once: the password is shown only here.
#[derive(Clone, PartialEq, Eq)]
pub struct BenchLogin {
    pub site: String,
    pub bench: String,
    pub role: String,
    pub password: String,
}

impl std::fmt::Debug for BenchLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BenchLogin")
            .field("site", &self.site)
            .field("bench", &self.bench)
            .field("role", &self.role)
            .field("password", &"<hidden>")
            .finish()
    }
}

/// What an import of returns did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CentralImport {
    pub inserted: u64,
    pub updated: u64,
}

fn valid_name(what: &str, v: &str) -> Result<()> {
    if v.is_empty() || v.len() > 32 || !v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(CentralError::Invalid(format!(
            "{what} {v:?}: use 1 to 32 letters, digits, '-' or '_'"
        )));
    }
    Ok(())
}

const RETURN_COLUMNS: &[&str] = &[
    "return_number",
    "order_number",
    "channel",
    "customer_name",
    "created_on",
    "purchased_on",
    "window_days",
];
const LINE_COLUMNS: &[&str] = &[
    "return_number",
    "line_no",
    "sku",
    "gtin",
    "description",
    "category",
    "quantity",
    "unit_price_cents",
    "reason",
    "comment",
    "expected_serials",
    "tags",
];

impl Central {
    /// Creates or upgrades central's schema (as its owner).
    pub async fn migrate(&self) -> Result<()> {
        crate::MIGRATOR.run(&self.pool).await?;
        Ok(())
    }

    pub async fn create_site(&self, id: &str, name: &str) -> Result<()> {
        valid_name("site", id)?;
        sqlx::query("INSERT INTO sites (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name")
            .bind(id)
            .bind(name)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A login role for one bench of `site`, member of `triage_bench`, with a fresh
    /// random password. Asking again for the same bench gives it a new password.
    pub async fn create_bench(&self, site: &str, bench: &str) -> Result<BenchLogin> {
        valid_name("site", site)?;
        valid_name("bench", bench)?;
        let role = format!("triage_{}_{}", site.to_ascii_lowercase(), bench.to_ascii_lowercase()).replace('-', "_");
        let password = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
        let mut tx = self.pool.begin().await?;
        let known: Option<(String,)> = sqlx::query_as("SELECT id FROM sites WHERE id = $1")
            .bind(site)
            .fetch_optional(&mut *tx)
            .await?;
        if known.is_none() {
            return Err(CentralError::Invalid(format!(
                "site {site:?} does not exist; create it first with `triage central create-site {site}`"
            )));
        }
        let exists: Option<(i32,)> = sqlx::query_as("SELECT 1 FROM pg_roles WHERE rolname = $1")
            .bind(&role)
            .fetch_optional(&mut *tx)
            .await?;
        // Role names and passwords cannot be bound: both are made here of [a-z0-9_] only.
        let verb = if exists.is_some() { "ALTER" } else { "CREATE" };
        sqlx::query(AssertSqlSafe(format!(
            "{verb} ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD '{password}'"
        )))
        .execute(&mut *tx)
        .await?;
        // NOINHERIT plus membership would not grant the privileges; bench logins inherit from the group only.
        sqlx::query(AssertSqlSafe(format!("ALTER ROLE {role} INHERIT")))
            .execute(&mut *tx)
            .await?;
        sqlx::query(AssertSqlSafe(format!("GRANT triage_bench TO {role}")))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO benches (id, site_id, name, role_name) VALUES ($1, $2, $3, $4)
             ON CONFLICT (site_id, name) DO NOTHING",
        )
        .bind(uuid::Uuid::new_v4())
        .bind(site)
        .bind(bench)
        .bind(&role)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(BenchLogin {
            site: site.into(),
            bench: bench.into(),
            role,
            password,
        })
    }

    /// Loads returns for a site: new ones are added, known ones replaced (their
    /// lines and tracking numbers too), in one transaction. COPY into staging, then
    /// set-based upserts, so a million returns load in seconds.
    pub async fn import_returns(&self, site: &str, orders: &[ReturnOrder]) -> Result<CentralImport> {
        let mut tx = self.pool.begin().await?;
        for ddl in [
            "CREATE TEMP TABLE IF NOT EXISTS stage_returns ON COMMIT DELETE ROWS AS
               SELECT return_number, order_number, channel, customer_name, created_on, purchased_on, window_days FROM returns WITH NO DATA",
            "CREATE TEMP TABLE IF NOT EXISTS stage_lines ON COMMIT DELETE ROWS AS
               SELECT return_number, line_no, sku, gtin, description, category, quantity, unit_price_cents, reason, comment, expected_serials, tags
               FROM return_lines WITH NO DATA",
            "CREATE TEMP TABLE IF NOT EXISTS stage_tracking ON COMMIT DELETE ROWS AS
               SELECT return_number, tracking_number FROM tracking_numbers WITH NO DATA",
        ] {
            sqlx::query(ddl).execute(&mut *tx).await?;
        }
        let (mut r, mut l, mut t) = (Vec::new(), Vec::new(), Vec::new());
        for o in orders {
            let rn = o.return_number.as_str();
            let row = json!({
                "return_number": rn, "order_number": o.order_number, "channel": o.channel,
                "customer_name": o.customer_name, "created_on": o.created_on, "purchased_on": o.purchased_on,
                "window_days": o.window_days,
            });
            copy::row(&mut r, row.as_object().expect("object"), RETURN_COLUMNS);
            for line in &o.lines {
                let row = json!({
                    "return_number": rn, "line_no": line.line_no, "sku": line.sku, "gtin": line.gtin.as_str(),
                    "description": line.description, "category": line.category.as_str(), "quantity": line.quantity,
                    "unit_price_cents": line.unit_price_cents, "reason": line.reason.as_str(), "comment": line.comment,
                    "expected_serials": line.expected_serials, "tags": line.tags,
                });
                copy::row(&mut l, row.as_object().expect("object"), LINE_COLUMNS);
            }
            for tn in &o.tracking_numbers {
                let row = json!({"return_number": rn, "tracking_number": tn});
                copy::row(
                    &mut t,
                    row.as_object().expect("object"),
                    &["return_number", "tracking_number"],
                );
            }
        }
        for (stmt, data) in [
            ("COPY stage_returns (return_number, order_number, channel, customer_name, created_on, purchased_on, window_days) FROM STDIN", &r),
            ("COPY stage_lines (return_number, line_no, sku, gtin, description, category, quantity, unit_price_cents, reason, comment, expected_serials, tags) FROM STDIN", &l),
            ("COPY stage_tracking (return_number, tracking_number) FROM STDIN", &t),
        ] {
            let mut copy = tx.copy_in_raw(stmt).await?;
            for chunk in data.chunks(1 << 20) {
                copy.send(chunk).await?;
            }
            copy.finish().await?;
        }
        let (before,): (i64,) = sqlx::query_as(
            "SELECT count(*) FROM returns r JOIN stage_returns s ON r.site_id = $1 AND r.return_number = s.return_number",
        )
        .bind(site)
        .fetch_one(&mut *tx)
        .await?;
        let upserted = sqlx::query(
            "INSERT INTO returns (site_id, return_number, order_number, channel, customer_name, created_on, purchased_on, window_days)
             SELECT $1, return_number, order_number, channel, customer_name, created_on, purchased_on, window_days FROM stage_returns
             ON CONFLICT (site_id, return_number) DO UPDATE SET
               order_number = EXCLUDED.order_number, channel = EXCLUDED.channel, customer_name = EXCLUDED.customer_name,
               created_on = EXCLUDED.created_on, purchased_on = EXCLUDED.purchased_on, window_days = EXCLUDED.window_days,
               imported_at = now()",
        )
        .bind(site)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if before > 0 {
            sqlx::query("DELETE FROM return_lines l USING stage_returns s WHERE l.site_id = $1 AND l.return_number = s.return_number")
                .bind(site)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "DELETE FROM tracking_numbers t USING stage_returns s WHERE t.site_id = $1 AND t.return_number = s.return_number",
            )
            .bind(site)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO return_lines (site_id, return_number, line_no, sku, gtin, description, category, quantity, unit_price_cents, reason, comment, expected_serials, tags)
             SELECT $1, return_number, line_no, sku, gtin, description, category, quantity, unit_price_cents, reason, comment, expected_serials, tags
             FROM stage_lines",
        )
        .bind(site)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO tracking_numbers (site_id, tracking_number, return_number)
             SELECT $1, tracking_number, return_number FROM stage_tracking",
        )
        .bind(site)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(CentralImport {
            inserted: upserted - before as u64,
            updated: before as u64,
        })
    }

    /// The shop cancelled a return; if a bench already received it, that is a conflict for a lead.
    pub async fn cancel_return(&self, site: &str, return_number: &str) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
        let changed = sqlx::query(
            "UPDATE returns SET status = 'cancelled' WHERE site_id = $1 AND return_number = $2 AND status <> 'cancelled'",
        )
        .bind(site)
        .bind(return_number)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        sqlx::query("SELECT triage_find_conflicts($1, ARRAY[$2])")
            .bind(site)
            .bind(return_number)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(changed > 0)
    }

    /// Publishes a rule set's text for a site; `in_force` makes it the one benches use.
    pub async fn publish_rules(
        &self,
        site: &str,
        hash: &str,
        version: &str,
        source: &str,
        text: &str,
        in_force: bool,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        if in_force {
            sqlx::query("UPDATE rule_sets SET in_force = false WHERE site_id = $1 AND in_force AND hash <> $2")
                .bind(site)
                .bind(hash)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO rule_sets (site_id, hash, version, source, text, in_force) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (site_id, hash) DO UPDATE SET in_force = EXCLUDED.in_force",
        )
        .bind(site)
        .bind(hash)
        .bind(version)
        .bind(source)
        .bind(text)
        .bind(in_force)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds or updates a user of a site; `pin_hash` is already an argon2 PHC string.
    pub async fn put_user(&self, site: &str, badge: &str, name: &str, role: &str, pin_hash: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO users (id, site_id, badge, name, role, pin_hash) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (site_id, badge) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, pin_hash = EXCLUDED.pin_hash",
        )
        .bind(uuid::Uuid::new_v4())
        .bind(site)
        .bind(badge)
        .bind(name)
        .bind(role)
        .bind(pin_hash)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
