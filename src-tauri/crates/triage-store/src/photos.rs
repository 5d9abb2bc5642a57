//! Photos taken for checklist questions: which unit and question, where the file is.

use crate::audit::{append, AuditEvent};
use crate::{Result, Store};
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::Row;

/// A photo as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoRow {
    /// The SHA-256 of the file, in hex.
    pub id: String,
    pub unit_id: String,
    pub question_id: String,
    /// The file's name under the bench's photos folder.
    pub file: String,
    pub width: u32,
    pub height: u32,
    pub taken_by: String,
    /// RFC 3339, UTC.
    pub taken_at: String,
}

fn row_to_photo(r: &sqlx::sqlite::SqliteRow) -> Result<PhotoRow> {
    Ok(PhotoRow {
        id: r.try_get("id")?,
        unit_id: r.try_get("unit_id")?,
        question_id: r.try_get("question_id")?,
        file: r.try_get("file")?,
        width: r.try_get::<i64, _>("width")? as u32,
        height: r.try_get::<i64, _>("height")? as u32,
        taken_by: r.try_get("taken_by")?,
        taken_at: r.try_get("taken_at")?,
    })
}

const COLUMNS: &str = "id, unit_id, question_id, file, width, height, taken_by, taken_at";

impl Store {
    /// Records a photo (audited). `taken_at` and `taken_by` come from `photo`.
    pub async fn add_photo(&self, photo: &PhotoRow, at: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO photos ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        )))
        .bind(&photo.id)
        .bind(&photo.unit_id)
        .bind(&photo.question_id)
        .bind(&photo.file)
        .bind(i64::from(photo.width))
        .bind(i64::from(photo.height))
        .bind(&photo.taken_by)
        .bind(&photo.taken_at)
        .execute(&mut *tx)
        .await?;
        let detail = json!({ "unit": photo.unit_id, "question": photo.question_id, "file": photo.file });
        append(
            &mut tx,
            &AuditEvent::new(&photo.taken_by, "photo.taken", &photo.id, detail),
            at,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn photo(&self, id: &str) -> Result<Option<PhotoRow>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM photos WHERE id = ?"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(row_to_photo).transpose()
    }

    /// The photos of a unit, in the order they were taken.
    pub async fn photos_of_unit(&self, unit_id: &str) -> Result<Vec<PhotoRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM photos WHERE unit_id = ? ORDER BY taken_at, id"
        )))
        .bind(unit_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(row_to_photo).collect()
    }
}
