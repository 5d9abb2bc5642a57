use crate::{Result, Store};

impl Store {
    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        let v: Option<(String,)> = sqlx::query_as("SELECT value FROM settings WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(v.map(|(v,)| v))
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        put(&mut conn, key, value).await
    }

    /// A setting of the bench's configuration, changed by `by`: audited with it.
    pub async fn set_setting_by(
        &self,
        key: &str,
        value: &str,
        by: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        put(&mut tx, key, value).await?;
        let detail = serde_json::json!({"value": value});
        crate::audit::append(&mut tx, &crate::AuditEvent::new(by, "setting.changed", key, detail), at).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Writes a setting with `conn` (a transaction's, to keep it with other writes).
pub(crate) async fn put(conn: &mut sqlx::SqliteConnection, key: &str, value: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
