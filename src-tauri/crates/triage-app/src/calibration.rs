//! Calibration: the share of graded units offered to a lead for a blind
//! re-grade, the re-grade itself, and what the dashboard shows of it
//! (triage_core::kpi::calibration computes the numbers).

use crate::dto::{CalibrationResult, DashboardSource, ReviewItem};
use crate::{AppError, Bench, ErrorCode, Result};
use chrono::{Duration, Utc};
use triage_core::kpi::calibration::{self, CalibrationSummary, DRIFT_BEFORE_DAYS, DRIFT_RECENT_DAYS};
use triage_core::kpi::{Chart, Period};
use triage_core::review::{ReviewFilter, WaitKind};
use triage_core::{Action, Grade};

const SHARE_KEY: &str = "calibration_percent";

impl Bench {
    /// The share of graded units (percent) offered for a blind re-grade.
    pub async fn calibration_share(&self) -> Result<f64> {
        Ok(match self.store().setting(SHARE_KEY).await? {
            Some(v) => v.parse().map_err(|_| {
                AppError::new(
                    ErrorCode::Internal,
                    format!("the stored calibration share {v:?} is not a number: an admin sets it again"),
                )
            })?,
            None => calibration::DEFAULT_SHARE_PERCENT,
        })
    }

    /// An admin sets the share of graded units offered for a blind re-grade (0–100 %).
    pub async fn set_calibration_share(&self, percent: f64) -> Result<f64> {
        let by = self.actor(Action::ConfigureBench)?;
        if !(0.0..=100.0).contains(&percent) {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!("a share of {percent} % is not 0–100: give a percentage such as 2"),
            ));
        }
        self.store()
            .set_setting_by(SHARE_KEY, &percent.to_string(), &by, self.now().with_timezone(&Utc))
            .await?;
        self.calibration_share().await
    }

    /// Whether a unit just graded (not held) is offered for a blind re-grade.
    pub(crate) async fn offer_calibration(&self, unit_id: &str, held: bool) -> Result<bool> {
        Ok(!held && calibration::sampled(unit_id, self.calibration_share().await?))
    }

    /// The units waiting for a blind re-grade, as the review queue lists them:
    /// what the unit is and who graded it, never the grade.
    pub(crate) async fn calibration_items(&self) -> Result<Vec<ReviewItem>> {
        Ok(self
            .store()
            .calibrations_due()
            .await?
            .into_iter()
            .map(|c| ReviewItem {
                kind: WaitKind::Calibration,
                id: c.lpn.clone(),
                lpn: Some(c.lpn),
                return_number: c.return_number,
                sku: c.sku,
                description: c.description,
                category: Some(c.category),
                flags: Vec::new(),
                inspector: c.inspector,
                since: c.offered_at,
                summary: String::new(),
                conflict: None,
                parcel: None,
                assigned_to: None,
            })
            .collect())
    }

    /// A lead's blind re-grade: recorded and audited, then the inspector's grade
    /// is told, with what waits now.
    pub async fn calibrate(&self, lpn: &str, grade: Grade) -> Result<CalibrationResult> {
        let by = self.actor(Action::ReviewQueue)?;
        let lpn = triage_core::Lpn::parse(lpn).map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))?;
        let original = self
            .store()
            .record_regrade(lpn.as_str(), grade, &by, self.now().with_timezone(&Utc))
            .await?;
        Ok(CalibrationResult {
            lpn: lpn.to_string(),
            lead: grade,
            inspector: original,
            agreed: grade == original,
            queue: self.review_queue(&ReviewFilter::default()).await?,
        })
    }

    /// The period's calibration numbers and charts; drift as of now.
    /// The re-grades' numbers: this bench's, and the site's other benches' from
    /// central when the dashboard's units came from there too.
    pub(crate) async fn calibration_numbers(
        &self,
        period: &Period,
        source: &mut DashboardSource,
    ) -> Result<(CalibrationSummary, Vec<Chart>)> {
        let now = self.now().with_timezone(&Utc);
        let drift_from = now - Duration::days(DRIFT_RECENT_DAYS + DRIFT_BEFORE_DAYS);
        let (from, to) = (period.from.min(drift_from), period.to.max(now + Duration::seconds(1)));
        let mut regrades = self.store().regrades(from, to).await?;
        if source.central {
            match self
                .ask_other_benches(|c| async move { c.site_regrades(from, to, true).await })
                .await
            {
                Some(Ok(others)) => {
                    regrades.extend(others);
                    regrades.sort_by_key(|r| r.at);
                }
                Some(Err(why)) => source.central_error = Some(format!("re-grades: {why}")),
                None => {}
            }
        }
        Ok(calibration::compute(&regrades, period, now))
    }
}
