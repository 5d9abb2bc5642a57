//! The lead's review queue: held units, central's conflicts, parcels set aside
//! (unmatched.rs) and parcels closed short (receipt.rs), filtered and oldest
//! first (triage_core::review),
//! approved or settled with a reason.

use crate::dto::{AmendedUnit, ReviewItem, ReviewQueue};
use crate::{AppError, Bench, ErrorCode, Result};
use chrono::{DateTime, Utc};
use triage_core::review::{queue, ReviewFilter, WaitKind, Waiting};
use triage_core::rules::{Amendment, AmendmentKind, MIN_REASON_CHARS};
use triage_core::Action;

fn parse_ts(v: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v).map_or(DateTime::UNIX_EPOCH, |t| t.with_timezone(&Utc))
}

impl Bench {
    /// What waits for a lead, as `filter` keeps it, oldest first; with the
    /// inspectors and the count before filtering, for the screen's filters.
    pub async fn review_queue(&self, filter: &ReviewFilter) -> Result<ReviewQueue> {
        let me = self.actor(Action::ReviewQueue)?;
        let now = self.now().with_timezone(&Utc);
        let store = self.store();
        let mut items: Vec<ReviewItem> = Vec::new();
        for u in store.held_units().await? {
            items.push(ReviewItem {
                kind: WaitKind::HeldUnit,
                id: u.lpn.clone(),
                lpn: Some(u.lpn),
                return_number: u.return_number,
                sku: u.sku,
                description: u.description,
                category: Some(u.category),
                flags: u.decision.flags.clone(),
                inspector: u.inspector,
                since: u.confirmed_at,
                summary: u.decision.summary.clone(),
                conflict: None,
                parcel: None,
                assigned_to: None,
            });
        }
        for c in store.open_conflicts().await? {
            items.push(ReviewItem {
                kind: WaitKind::Conflict,
                id: c.id.clone(),
                lpn: None,
                return_number: Some(c.return_number.clone()),
                sku: String::new(),
                description: String::new(),
                category: None,
                flags: Vec::new(),
                inspector: None,
                since: c.found_at.clone(),
                summary: format!("line {}: {}", c.line_no, c.detail),
                conflict: Some(c.kind),
                parcel: None,
                assigned_to: None,
            });
        }
        items.extend(self.calibration_items().await?);
        items.extend(self.short_parcel_items().await?);
        for p in store.unmatched_parcels().await? {
            items.push(ReviewItem {
                kind: WaitKind::UnmatchedParcel,
                id: p.id,
                lpn: None,
                return_number: None,
                sku: String::new(),
                description: String::new(),
                category: None,
                flags: Vec::new(),
                inspector: p.set_aside_by,
                since: p.since,
                summary: p.note,
                conflict: None,
                parcel: Some(p.scanned),
                assigned_to: None,
            });
        }
        let assigned = store.review_assignments().await?;
        for item in &mut items {
            item.assigned_to = assigned.get(&item.id).cloned();
        }
        let facts: Vec<Waiting> = items
            .iter()
            .map(|i| Waiting {
                kind: i.kind,
                flags: i.flags.clone(),
                inspector: i.inspector.clone(),
                category: i.category,
                since: parse_ts(&i.since),
                mine: i.assigned_to.as_deref() == Some(me.as_str()),
            })
            .collect();
        let mut inspectors: Vec<String> = items.iter().filter_map(|i| i.inspector.clone()).collect();
        inspectors.sort();
        inspectors.dedup();
        let total = items.len();
        let order = queue(&facts, filter, now);
        let mut slots: Vec<Option<ReviewItem>> = items.into_iter().map(Some).collect();
        Ok(ReviewQueue {
            items: order.into_iter().filter_map(|i| slots[i].take()).collect(),
            total: total as u32,
            inspectors,
        })
    }

    /// A lead hands a waiting item (by its id) to another lead of this bench, named
    /// by badge (audited); the queue shows it as theirs.
    pub async fn assign_review_item(&self, id: &str, to: &str) -> Result<ReviewQueue> {
        let by = self.actor(Action::ReviewQueue)?;
        let to = to.trim().to_uppercase();
        let lead = self.store().user_by_badge(&to).await?;
        if !lead.is_some_and(|u| u.active && u.role == "lead") {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!("{to} is not a lead of this bench: give the badge of the lead who should take it"),
            ));
        }
        let waiting = self.review_queue(&ReviewFilter::default()).await?;
        if !waiting.items.iter().any(|i| i.id == id) {
            return Err(AppError::new(
                ErrorCode::NotFound,
                format!("{id} is not waiting for a lead on this bench (settled already, or unknown)"),
            ));
        }
        self.store()
            .assign_review_item(id, &to, &by, self.now().with_timezone(&Utc))
            .await?;
        self.review_queue(&ReviewFilter::default()).await
    }

    /// A lead lets a held unit go where its rules sent it, saying why; its label
    /// prints again with the destination instead of HOLD.
    pub async fn approve_unit(&self, lpn: &str, reason: &str) -> Result<AmendedUnit> {
        let approval = Amendment {
            kind: AmendmentKind::Override,
            grade: None,
            disposition: None,
            route: None,
            destination: None,
            refund: None,
            reason: reason.to_string(),
        };
        self.amend_unit(lpn, &approval).await
    }

    /// A lead sends a held unit back to be inspected again, saying why, to the
    /// inspector who graded it or to `to` (a badge: reassigned). Its LPN is void;
    /// scanning that LPN (or the parcel) takes the unit up again with the reason shown.
    pub async fn send_back(&self, lpn: &str, reason: &str, to: Option<&str>) -> Result<ReviewQueue> {
        let by = self.actor(Action::ReviewQueue)?;
        let reason = reason.trim();
        if reason.chars().count() < MIN_REASON_CHARS {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!("say what to look at again (at least {MIN_REASON_CHARS} characters)"),
            ));
        }
        let to = match to.map(str::trim).filter(|t| !t.is_empty()) {
            None => None,
            Some(badge) => {
                let user = self.store().user_by_badge(&badge.to_uppercase()).await?;
                match user {
                    Some(u) if u.active && (u.role == "inspector" || u.role == "lead") => Some(u.badge),
                    _ => {
                        return Err(AppError::new(
                            ErrorCode::InvalidInput,
                            format!("{badge} is not an inspector or lead of this bench: give the badge of who should inspect it again"),
                        ))
                    }
                }
            }
        };
        let lpn = triage_core::Lpn::parse(lpn).map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))?;
        self.store()
            .send_back(lpn.as_str(), reason, to.as_deref(), &by, self.now().with_timezone(&Utc))
            .await?;
        self.review_queue(&ReviewFilter::default()).await
    }

    /// A lead settles a conflict central found (the note says how).
    pub async fn resolve_conflict(&self, id: &str, note: &str) -> Result<ReviewQueue> {
        let by = self.actor(Action::ReviewQueue)?;
        let note = note.trim();
        if note.chars().count() < MIN_REASON_CHARS {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!("say how the conflict was settled (at least {MIN_REASON_CHARS} characters)"),
            ));
        }
        self.store()
            .resolve_conflict(id, note, &by, self.now().with_timezone(&Utc))
            .await?;
        self.review_queue(&ReviewFilter::default()).await
    }
}
