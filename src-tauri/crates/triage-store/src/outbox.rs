//! The outbox: every change central must see, written in the transaction that
//! made it, and what the bench pulled from central (returns, users, conflicts).
//!
//! A row's body is built by SQLite from the row as committed (`json_object`), so
//! what is sent is exactly what is stored.

use crate::{corrupt, Result, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;
use triage_core::sync::{ChangeKind, SiteUser};
use triage_core::ReturnOrder;

/// One change waiting for central.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxRow {
    pub seq: i64,
    pub kind: ChangeKind,
    pub body: serde_json::Value,
}

/// Writes the outbox row for `id`'s current state (in the caller's transaction).
pub(crate) async fn record(
    conn: &mut sqlx::SqliteConnection,
    kind: ChangeKind,
    id: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    let sql = match kind {
        ChangeKind::Parcel => {
            "INSERT INTO outbox (kind, body, created_at)
             SELECT 'parcel', json_object('id', id, 'scanned', scanned, 'return_number', return_number, 'received_at', received_at,
                    'set_aside_by', set_aside_by, 'note', note, 'matched_by', matched_by, 'matched_at', matched_at,
                    'bench', bench), ?
             FROM parcels WHERE id = ?"
        }
        ChangeKind::Unit => {
            "INSERT INTO outbox (kind, body, created_at)
             SELECT 'unit', json_object('id', id, 'parcel_id', parcel_id, 'return_number', return_number, 'line_no', line_no,
                    'scanned', scanned, 'category', category, 'state', state, 'lpn', lpn, 'created_at', created_at,
                    'updated_at', updated_at, 'reinspects', reinspects, 'inspector', inspector), ?
             FROM units WHERE id = ?"
        }
        ChangeKind::Inspection => {
            "INSERT INTO outbox (kind, body, created_at)
             SELECT 'inspection', json_object('id', id, 'unit_id', unit_id, 'bench', bench, 'rules_version', rules_version,
                    'rules_hash', rules_hash, 'answers', json(answers), 'grade', grade, 'disposition', disposition,
                    'destination', destination, 'refund_kind', refund_kind, 'flags', json(flags), 'rule_id', rule_id,
                    'decision', json(decision), 'confirmed_at', confirmed_at, 'inspector', inspector), ?
             FROM inspections WHERE id = ?"
        }
        ChangeKind::Override => {
            "INSERT INTO outbox (kind, body, created_at)
             SELECT 'override', json_object('id', id, 'unit_id', unit_id, 'seq', seq, 'kind', kind,
                    'from_disposition', from_disposition, 'to_disposition', to_disposition,
                    'from_destination', from_destination, 'to_destination', to_destination, 'request', json(request),
                    'before', json(before), 'after', json(after), 'reason', reason, 'by_whom', by_whom, 'at', at), ?
             FROM amendments WHERE id = ?"
        }
        ChangeKind::Label => {
            "INSERT INTO outbox (kind, body, created_at)
             SELECT 'label', json_object('id', id, 'unit_id', unit_id, 'lpn', lpn, 'template', template, 'created_at', created_at), ?
             FROM labels WHERE id = ?"
        }
        ChangeKind::PrintJob => {
            "INSERT INTO outbox (kind, body, created_at)
             SELECT 'print_job', json_object('id', id, 'lpn', lpn, 'printer', printer, 'format', format, 'state', state,
                    'attempts', attempts, 'last_error', last_error, 'reprint_of', reprint_of, 'created_at', created_at,
                    'updated_at', updated_at), ?
             FROM print_jobs WHERE id = ?"
        }
        ChangeKind::Calibration => {
            "INSERT INTO outbox (kind, body, created_at)
             SELECT 'calibration', json_object('id', unit_id, 'unit_id', unit_id, 'offered_at', offered_at,
                    'lead_grade', lead_grade, 'lead', lead, 'regraded_at', regraded_at), ?
             FROM calibrations WHERE unit_id = ? AND lead_grade IS NOT NULL"
        }
        // `id`: the entry's seq. Central's id is the entry's hash shaped as a UUID.
        ChangeKind::Audit => {
            "INSERT INTO outbox (kind, body, created_at)
             SELECT 'audit', json_object('id', substr(hash, 1, 8) || '-' || substr(hash, 9, 4) || '-' || substr(hash, 13, 4) || '-' ||
                                substr(hash, 17, 4) || '-' || substr(hash, 21, 12),
                    'seq', seq, 'at', at, 'actor', actor, 'action', action, 'subject', subject, 'detail', json(detail),
                    'detail_text', detail, 'prev_hash', prev_hash, 'hash', hash), ?
             FROM audit_log WHERE seq = CAST(? AS INTEGER)"
        }
    };
    let written = sqlx::query(sql)
        .bind(crate::ts(at))
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if written != 1 {
        return Err(corrupt(format!("no {} {id} to send to central", kind.as_str())));
    }
    Ok(())
}

/// How much waits for central.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Backlog {
    pub changes: i64,
    pub oldest: Option<String>,
}

/// A conflict central found, waiting for a lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictRow {
    pub id: String,
    pub kind: String,
    pub return_number: String,
    pub line_no: i64,
    pub detail: String,
    pub found_at: String,
}

impl Store {
    /// The `limit` oldest changes waiting for central.
    pub async fn outbox_batch(&self, limit: i64) -> Result<Vec<OutboxRow>> {
        let rows = sqlx::query("SELECT seq, kind, body FROM outbox ORDER BY seq LIMIT ?")
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|r| {
                let kind: String = r.try_get("kind")?;
                let body: String = r.try_get("body")?;
                Ok(OutboxRow {
                    seq: r.try_get("seq")?,
                    kind: ChangeKind::parse(&kind).ok_or_else(|| corrupt(format!("outbox kind {kind:?}")))?,
                    body: serde_json::from_str(&body).map_err(corrupt)?,
                })
            })
            .collect()
    }

    /// Central accepted every change up to `seq`: they leave the outbox.
    pub async fn outbox_accepted(&self, through_seq: i64) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM outbox WHERE seq <= ?")
            .bind(through_seq)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    pub async fn outbox_backlog(&self) -> Result<Backlog> {
        let (changes, oldest): (i64, Option<String>) = sqlx::query_as("SELECT COUNT(*), MIN(created_at) FROM outbox")
            .fetch_one(&self.pool)
            .await?;
        Ok(Backlog { changes, oldest })
    }

    /// Returns pulled from central: new ones added, known ones brought up to date
    /// (lines and tracking numbers replaced, a cancellation kept), in one
    /// transaction. Each table is written by multi-row statements of bound values,
    /// so a first pull of a large site is not millions of round trips.
    pub async fn apply_pulled_returns(&self, returns: &[(ReturnOrder, bool)], at: DateTime<Utc>) -> Result<()> {
        if returns.is_empty() {
            return Ok(());
        }
        let imported_at = crate::ts(at);
        let mut tx = self.pool.begin().await?;
        crate::bulk::insert(
            &mut tx,
            "INSERT INTO returns (return_number, order_number, channel, customer_name, created_on, purchased_on,
                                  window_days, imported_at, status)",
            "ON CONFLICT (return_number) DO UPDATE SET order_number = excluded.order_number, channel = excluded.channel,
               customer_name = excluded.customer_name, created_on = excluded.created_on, purchased_on = excluded.purchased_on,
               window_days = excluded.window_days, status = excluded.status",
            returns,
            |s, (o, cancelled)| {
                s.push_bind(o.return_number.as_str())
                    .push_bind(o.order_number.as_str())
                    .push_bind(o.channel.as_str())
                    .push_bind(o.customer_name.as_str())
                    .push_bind(o.created_on.to_string())
                    .push_bind(o.purchased_on.to_string())
                    .push_bind(o.window_days)
                    .push_bind(imported_at.as_str())
                    .push_bind(if *cancelled { "cancelled" } else { "open" });
            },
        )
        .await?;
        let numbers: Vec<&str> = returns.iter().map(|(o, _)| o.return_number.as_str()).collect();
        for delete in [
            "DELETE FROM return_lines WHERE return_number IN",
            "DELETE FROM tracking_numbers WHERE return_number IN",
        ] {
            crate::bulk::for_keys(&mut tx, delete, &numbers).await?;
        }
        let orders: Vec<&ReturnOrder> = returns.iter().map(|(o, _)| o).collect();
        crate::returns::insert_lines_and_tracking(&mut tx, &orders).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Users and conflicts pulled, and the cursor the pull ended at — together,
    /// so a pull is either wholly recorded or asked again.
    ///
    /// Central holds the site's users: a user made on this bench whose badge
    /// central also has becomes central's, and never silently: the audit log gets
    /// `user.replaced_by_central` with what the bench had and what central has
    /// (whether the PIN changed, never a hash).
    pub async fn finish_pull(
        &self,
        users: &[SiteUser],
        conflicts: &[ConflictRow],
        cursor: u64,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        for u in users {
            let local: Option<(String, String, bool, String)> =
                sqlx::query_as("SELECT name, role, active, pin_hash FROM users WHERE badge = ? AND origin = 'local'")
                    .bind(&u.badge)
                    .fetch_optional(&mut *tx)
                    .await?;
            sqlx::query(
                "INSERT INTO users (id, badge, name, role, pin_hash, active) VALUES (?, ?, ?, ?, ?, ?)
                 ON CONFLICT (badge) DO UPDATE SET id = excluded.id, name = excluded.name, role = excluded.role,
                   pin_hash = excluded.pin_hash, active = excluded.active, origin = 'central'",
            )
            .bind(&u.id)
            .bind(&u.badge)
            .bind(&u.name)
            .bind(&u.role)
            .bind(&u.pin_hash)
            .bind(u.active)
            .execute(&mut *tx)
            .await?;
            if let Some((name, role, active, pin_hash)) = local {
                if (name.as_str(), role.as_str(), active, pin_hash.as_str())
                    != (u.name.as_str(), u.role.as_str(), u.active, u.pin_hash.as_str())
                {
                    let detail = serde_json::json!({
                        "bench": {"name": name, "role": role, "active": active},
                        "central": {"name": u.name, "role": u.role, "active": u.active},
                        "pinChanged": pin_hash != u.pin_hash,
                    });
                    let event = crate::AuditEvent::new("system", "user.replaced_by_central", &u.badge, detail);
                    crate::audit::append(&mut tx, &event, at).await?;
                }
            }
        }
        for c in conflicts {
            sqlx::query(
                "INSERT INTO conflicts (id, kind, return_number, line_no, detail, found_at) VALUES (?, ?, ?, ?, ?, ?)
                 ON CONFLICT (id) DO UPDATE SET detail = excluded.detail",
            )
            .bind(&c.id)
            .bind(&c.kind)
            .bind(&c.return_number)
            .bind(c.line_no)
            .bind(&c.detail)
            .bind(&c.found_at)
            .execute(&mut *tx)
            .await?;
        }
        crate::settings::put(&mut tx, PULL_CURSOR, &cursor.to_string()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Where the last complete pull ended (0: never pulled).
    pub async fn pull_cursor(&self) -> Result<u64> {
        Ok(self
            .setting(PULL_CURSOR)
            .await?
            .map(|v| v.parse().map_err(|_| corrupt(format!("pull cursor {v:?}"))))
            .transpose()?
            .unwrap_or(0))
    }
}

const PULL_CURSOR: &str = "central.pull_cursor";
