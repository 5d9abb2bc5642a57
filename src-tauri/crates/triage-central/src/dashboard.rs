//! The site's units for a lead's dashboard at any bench of the site, read through
//! `triage_site_units` (the one function that shows a bench other benches' work:
//! what the numbers need, nothing of the customer).

use crate::{Central, CentralError, Result};
use chrono::{DateTime, Utc};
use sqlx::Row;
use triage_core::kpi::{UnitRecord, UnitRow};

impl Central {
    /// Units of the login's site confirmed or decided in `[from, to)`, and those
    /// waiting now, as the dashboard counts them; with `other_benches`, those of
    /// the other benches only (the calling bench counts its own, fresher, itself).
    pub async fn site_units(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        other_benches: bool,
    ) -> Result<Vec<UnitRecord>> {
        let rows = sqlx::query("SELECT * FROM triage_site_units($1, $2, $3)")
            .bind(from)
            .bind(to)
            .bind(other_benches)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(|r| {
                let row = UnitRow {
                    lpn: r.try_get("lpn")?,
                    inspector: r.try_get("inspector")?,
                    bench: r.try_get("bench")?,
                    category: r.try_get("category")?,
                    sku: r.try_get("sku")?,
                    reason: r.try_get("reason")?,
                    received_at: r.try_get("received_at")?,
                    confirmed_at: r.try_get("confirmed_at")?,
                    decided_at: r.try_get("decided_at")?,
                    decision: r.try_get("decision")?,
                    flags: r.try_get("flags")?,
                };
                UnitRecord::from_row(row).map_err(CentralError::Invalid)
            })
            .collect()
    }
}
