//! Many rows in few statements: multi-row `INSERT … VALUES` and `IN (…)` lists of
//! bound values, so that writing a page of a first pull (thousands of returns) is a
//! handful of statements per table, not one per row, and nothing is parsed twice.

use crate::Result;
use sqlx::query_builder::Separated;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

/// Rows per statement: 13 columns × 500 rows stays far under SQLite's 32,766 bound values.
const CHUNK: usize = 500;

/// `head VALUES (…), (…) tail` over every chunk of `rows`; `bind` binds one row's values.
pub(crate) async fn insert<T>(
    conn: &mut SqliteConnection,
    head: &str,
    tail: &str,
    rows: &[T],
    mut bind: impl FnMut(&mut Separated<'_, Sqlite, &'static str>, &T),
) -> Result<()> {
    for chunk in rows.chunks(CHUNK) {
        let mut q = QueryBuilder::<Sqlite>::new(head);
        q.push(" ");
        q.push_values(chunk, |mut s, row| bind(&mut s, row));
        q.push(" ");
        q.push(tail);
        // Full chunks share one prepared statement; a shorter last one is not kept.
        q.build().persistent(chunk.len() == CHUNK).execute(&mut *conn).await?;
    }
    Ok(())
}

/// `head (?, ?, …)` over every chunk of `keys`, e.g. `DELETE FROM t WHERE k IN`.
pub(crate) async fn for_keys(conn: &mut SqliteConnection, head: &str, keys: &[&str]) -> Result<()> {
    for chunk in keys.chunks(CHUNK) {
        let mut q = QueryBuilder::<Sqlite>::new(head);
        q.push(" (");
        let mut s = q.separated(", ");
        for k in chunk {
            s.push_bind(*k);
        }
        q.push(")");
        q.build().persistent(chunk.len() == CHUNK).execute(&mut *conn).await?;
    }
    Ok(())
}
