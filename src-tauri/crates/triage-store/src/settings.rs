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
