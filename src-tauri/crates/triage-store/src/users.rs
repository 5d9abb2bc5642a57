//! The bench's users (pulled from central, or added here when there is no central),
//! their wrong-PIN counts, and login events in the audit log.

use crate::audit::{append, AuditEvent};
use crate::{Result, SiteUser, Store};
use chrono::{DateTime, Utc};
use serde_json::json;
use triage_core::auth::Attempts;

/// How a login ended, as the audit log records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginOutcome {
    /// The PIN was right: the wrong-PIN count starts again.
    Accepted,
    /// A wrong PIN; `attempts` is the record after it (locked or not).
    Refused { attempts: Attempts },
    /// The badge is locked: the PIN was not even checked.
    Locked,
}

const USER_COLUMNS: &str = "SELECT id, badge, name, role, pin_hash, active FROM users";

type UserRow = (String, String, String, String, String, bool);

fn site_user((id, badge, name, role, pin_hash, active): UserRow) -> SiteUser {
    SiteUser {
        id,
        badge,
        name,
        role,
        pin_hash,
        active,
    }
}

fn parse_ts(v: Option<String>) -> Option<DateTime<Utc>> {
    v.and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc))
}

impl Store {
    pub async fn user_by_badge(&self, badge: &str) -> Result<Option<SiteUser>> {
        let row: Option<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{USER_COLUMNS} WHERE badge = ?")))
            .bind(badge)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(site_user))
    }

    /// Every user the bench knows (pulled from central or added here), by badge.
    pub async fn site_users(&self) -> Result<Vec<SiteUser>> {
        let rows: Vec<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{USER_COLUMNS} ORDER BY badge")))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(site_user).collect())
    }

    pub async fn count_users(&self) -> Result<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await?;
        Ok(n)
    }

    /// Adds or changes a user of this bench (the PIN hash is already argon2), audited
    /// as done by `by`. The PIN hash never reaches the audit log; `pin_changed` does.
    pub async fn put_local_user(&self, user: &SiteUser, pin_changed: bool, by: &str, at: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query(
            "INSERT INTO users (id, badge, name, role, pin_hash, active, origin) VALUES (?, ?, ?, ?, ?, ?, 'local')
             ON CONFLICT (badge) DO UPDATE SET name = excluded.name, role = excluded.role,
               pin_hash = excluded.pin_hash, active = excluded.active",
        )
        .bind(&user.id)
        .bind(&user.badge)
        .bind(&user.name)
        .bind(&user.role)
        .bind(&user.pin_hash)
        .bind(user.active)
        .execute(&mut *tx)
        .await?;
        if pin_changed {
            sqlx::query("DELETE FROM login_attempts WHERE badge = ?")
                .bind(&user.badge)
                .execute(&mut *tx)
                .await?;
        }
        let detail = json!({"name": user.name, "role": user.role, "active": user.active, "pinChanged": pin_changed});
        append(&mut tx, &AuditEvent::new(by, "user.saved", &user.badge, detail), at).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn login_attempts(&self, badge: &str) -> Result<Attempts> {
        let row: Option<(i64, Option<String>)> =
            sqlx::query_as("SELECT failures, locked_until FROM login_attempts WHERE badge = ?")
                .bind(badge)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map_or_else(Attempts::default, |(failures, until)| Attempts {
            failures: u32::try_from(failures).unwrap_or(u32::MAX),
            locked_until: parse_ts(until),
        }))
    }

    /// Records a login and its outcome: the badge's wrong-PIN count and the
    /// audit entry, in one transaction.
    pub async fn record_login(&self, badge: &str, outcome: LoginOutcome, bench: &str, at: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let action = match outcome {
            LoginOutcome::Accepted => {
                sqlx::query("DELETE FROM login_attempts WHERE badge = ?")
                    .bind(badge)
                    .execute(&mut *tx)
                    .await?;
                "user.login"
            }
            LoginOutcome::Refused { attempts } => {
                sqlx::query(
                    "INSERT INTO login_attempts (badge, failures, locked_until) VALUES (?, ?, ?)
                     ON CONFLICT (badge) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until",
                )
                .bind(badge)
                .bind(i64::from(attempts.failures))
                .bind(attempts.locked_until.map(crate::ts))
                .execute(&mut *tx)
                .await?;
                if attempts.locked_until.is_some() {
                    "user.badge_locked"
                } else {
                    "user.login_failed"
                }
            }
            LoginOutcome::Locked => "user.login_while_locked",
        };
        let detail = match outcome {
            LoginOutcome::Refused { attempts } => json!({"bench": bench, "failures": attempts.failures}),
            _ => json!({"bench": bench}),
        };
        append(&mut tx, &AuditEvent::new(badge, action, badge, detail), at).await?;
        tx.commit().await?;
        Ok(())
    }
}
