use crate::{Result, Store};
use chrono::{DateTime, Utc};

const IN_FORCE: &str = "rules_in_force";

/// A rule set as the bench keeps it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredRuleSet {
    pub hash: String,
    pub version: String,
    pub source: String,
    pub text: String,
}

impl Store {
    /// Keeps the rule set's text (once per hash) and makes it the one in force,
    /// in one transaction.
    pub async fn put_rules_in_force(&self, rules: &StoredRuleSet, by: &str, at: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        insert(&mut tx, rules, at).await?;
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(IN_FORCE)
        .bind(&rules.hash)
        .execute(&mut *tx)
        .await?;
        let detail = serde_json::json!({"version": rules.version, "source": rules.source});
        crate::audit::append(
            &mut tx,
            &crate::AuditEvent::new(by, "rules.in_force", &rules.hash, detail),
            at,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Keeps a rule set's text (once per hash) without putting it in force.
    pub async fn keep_rule_set(&self, rules: &StoredRuleSet, at: DateTime<Utc>) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        insert(&mut conn, rules, at).await
    }

    /// The rule set in force, if one was ever put in force.
    pub async fn rules_in_force(&self) -> Result<Option<StoredRuleSet>> {
        Ok(sqlx::query_as(
            "SELECT r.hash, r.version, r.source, r.text FROM rule_sets r
             JOIN settings s ON s.key = ? AND s.value = r.hash",
        )
        .bind(IN_FORCE)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// A rule set by its hash (to explain an old inspection).
    pub async fn rule_set(&self, hash: &str) -> Result<Option<StoredRuleSet>> {
        Ok(
            sqlx::query_as("SELECT hash, version, source, text FROM rule_sets WHERE hash = ?")
                .bind(hash)
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}

/// Keeps a rule set's text, once per hash.
async fn insert(conn: &mut sqlx::SqliteConnection, rules: &StoredRuleSet, at: DateTime<Utc>) -> Result<()> {
    sqlx::query(
        "INSERT INTO rule_sets (hash, version, source, text, loaded_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (hash) DO NOTHING",
    )
    .bind(&rules.hash)
    .bind(&rules.version)
    .bind(&rules.source)
    .bind(&rules.text)
    .bind(crate::ts(at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}
