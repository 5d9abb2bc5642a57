//! An inspector closes a parcel when nothing more is in it; lines of its return
//! that came short (triage_core::receipt) put it in the lead's queue, and a lead
//! settles it with a reason.

use crate::dto::{ParcelClosed, ReviewItem, ReviewQueue};
use crate::{AppError, Bench, ErrorCode, Result};
use chrono::Utc;
use triage_core::receipt::{boxes_to_come, shortfall, summary};
use triage_core::review::{ReviewFilter, WaitKind};
use triage_core::rules::{Flag, MIN_REASON_CHARS};
use triage_core::Action;
use triage_store::Closed;

/// How long the other boxes of a return may take after one of its boxes was closed
/// short before a lead is told.
pub const BOXES_OVERDUE_HOURS: i64 = 48;

impl Bench {
    /// Closes the parcel: the lines of its return that received fewer units than
    /// expected (across all its parcels) are returned, and the parcel waits for a
    /// lead with the `quantity_short` flag. Closing it again says who closed it.
    pub async fn close_parcel(&self, parcel_id: &str) -> Result<ParcelClosed> {
        let by = self.actor(Action::ReceiveParcel)?;
        let store = self.store();
        let parcel = store.parcel(parcel_id).await?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!("there is no parcel {parcel_id} on this bench: scan the parcel again"),
            )
        })?;
        let Some(return_number) = parcel.return_number.clone() else {
            return Err(AppError::new(
                ErrorCode::WrongState,
                "this parcel matches no return yet: set it aside for a lead (F6) instead of closing it",
            ));
        };
        let ret = store.find_return(&return_number).await?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!("return {return_number} is no longer on this bench: ask a lead"),
            )
        })?;
        let received = store.confirmed_per_line(&return_number).await?;
        let short = shortfall(&ret.lines, &received);
        let units = received.iter().map(|(_, n)| *n).sum::<i64>().max(0) as u32;
        // Boxes of the return still to come may hold what is missing: no lead yet
        // (unless they are overdue).
        let to_come = boxes_to_come(&ret.tracking_numbers, &store.parcel_codes(&return_number).await?);
        match store
            .close_parcel(parcel_id, &short, &to_come, &by, self.now().with_timezone(&Utc))
            .await?
        {
            Closed::Now => Ok(ParcelClosed {
                parcel_id: parcel.id,
                return_number,
                units,
                short,
                boxes_to_come: to_come,
            }),
            Closed::InProgress(n) => Err(AppError::new(
                ErrorCode::WrongState,
                format!(
                    "{n} unit(s) of this parcel are still being inspected: confirm or drop them, then close the parcel"
                ),
            )),
            Closed::Already { by, at } => Err(AppError::new(
                ErrorCode::WrongState,
                format!(
                    "this parcel was closed already (at {} by {}): scan the next parcel",
                    crate::unmatched::local_time(&at),
                    by.as_deref().unwrap_or("?")
                ),
            )),
        }
    }

    /// [`Bench::close_parcel`] for the parcel received last under `code` (or with that id).
    pub async fn close_parcel_by_code(&self, code: &str) -> Result<ParcelClosed> {
        let code = code.trim();
        match self.store().parcel_by_code(code).await? {
            Some(p) => self.close_parcel(&p.id).await,
            None => Err(AppError::new(
                ErrorCode::NotFound,
                format!("no parcel {code} was received on this bench: scan it first"),
            )),
        }
    }

    /// Parcels closed short, as the lead's queue shows them: a box whose return's
    /// other boxes were to come once they are overdue.
    pub(crate) async fn short_parcel_items(&self) -> Result<Vec<ReviewItem>> {
        let overdue_before = self.now().with_timezone(&Utc) - chrono::Duration::hours(BOXES_OVERDUE_HOURS);
        Ok(self
            .store()
            .short_parcels(overdue_before)
            .await?
            .into_iter()
            .map(|p| ReviewItem {
                kind: WaitKind::ShortParcel,
                id: p.id,
                lpn: None,
                return_number: Some(p.return_number),
                sku: p.short.first().map(|s| s.sku.clone()).unwrap_or_default(),
                description: p.short.first().map(|s| s.description.clone()).unwrap_or_default(),
                category: None,
                flags: vec![Flag::QuantityShort],
                inspector: p.closed_by,
                since: p.closed_at,
                summary: if p.boxes_to_come.is_empty() {
                    summary(&p.short)
                } else {
                    format!(
                        "box(es) {} never came; {}",
                        p.boxes_to_come.join(", "),
                        summary(&p.short)
                    )
                },
                conflict: None,
                parcel: Some(p.scanned),
                assigned_to: None,
            })
            .collect())
    }

    /// A lead settles a parcel closed short, saying what was done (audited).
    pub async fn settle_short_parcel(&self, parcel_id: &str, reason: &str) -> Result<ReviewQueue> {
        let by = self.actor(Action::ReviewQueue)?;
        let reason = reason.trim();
        if reason.chars().count() < MIN_REASON_CHARS {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!(
                    "say what was done about the missing units, e.g. \"refund what arrived\" (at least {MIN_REASON_CHARS} characters)"
                ),
            ));
        }
        self.store()
            .settle_short_parcel(parcel_id, reason, &by, self.now().with_timezone(&Utc))
            .await?;
        self.review_queue(&ReviewFilter::default()).await
    }
}
