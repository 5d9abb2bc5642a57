//! The site's units and blind re-grades for a lead's dashboard at any bench of the
//! site, read through `triage_site_units` and `triage_site_regrades` (the functions
//! that show a bench other benches' work: what the numbers need, nothing of the customer).

use crate::{Central, CentralError, Result};
use chrono::{DateTime, Utc};
use sqlx::Row;
use triage_core::kpi::calibration::Regrade;
use triage_core::kpi::{UnitRecord, UnitRow};
use triage_core::{Category, Grade};

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

    /// Blind re-grades of the login's site made in `[from, to)`; with
    /// `other_benches`, those made at the other benches only.
    pub async fn site_regrades(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        other_benches: bool,
    ) -> Result<Vec<Regrade>> {
        let rows = sqlx::query("SELECT * FROM triage_site_regrades($1, $2, $3)")
            .bind(from)
            .bind(to)
            .bind(other_benches)
            .fetch_all(&self.pool)
            .await?;
        let grade = |v: String| Grade::parse(&v).ok_or_else(|| CentralError::Invalid(format!("grade {v:?}")));
        rows.into_iter()
            .map(|r| {
                let category: String = r.try_get("category")?;
                Ok(Regrade {
                    inspector: r.try_get("inspector")?,
                    category: Category::parse(&category)
                        .ok_or_else(|| CentralError::Invalid(format!("category {category:?}")))?,
                    original: grade(r.try_get("grade")?)?,
                    lead: grade(r.try_get("lead_grade")?)?,
                    at: r.try_get("regraded_at")?,
                })
            })
            .collect()
    }
}
