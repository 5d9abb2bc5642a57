//! Parcels no return matched: the inspector sets one aside on the unmatched shelf
//! (an exception label prints), a lead matches it to a return from the review
//! queue, and the next scan of the parcel opens that return.

use crate::dto::{ReviewQueue, SetAsideParcel};
use crate::{AppError, Bench, ErrorCode, Result};
use chrono::{DateTime, Local, Utc};
use triage_core::review::ReviewFilter;
use triage_core::Action;
use triage_labels::{LabelData, LabelTemplate};
use triage_store::UnmatchedParcel;

/// Longest note an inspector can leave on a parcel set aside.
const MAX_NOTE_CHARS: usize = 200;

/// "10:42" (local) for an RFC 3339 instant; the text itself when unreadable.
pub(crate) fn local_time(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339).map_or_else(
        |_| rfc3339.to_string(),
        |t| t.with_timezone(&Local).format("%H:%M").to_string(),
    )
}

/// The message for a scan of a parcel that still waits on the unmatched shelf.
pub(crate) fn still_waiting(p: &UnmatchedParcel) -> AppError {
    AppError::new(
        ErrorCode::WrongState,
        format!(
            "parcel {} is already on the unmatched shelf (set aside at {} by {}): a lead matches it to a return in the review queue, then scan it again",
            p.scanned,
            local_time(&p.since),
            p.set_aside_by.as_deref().unwrap_or("?")
        ),
    )
}

impl Bench {
    /// Puts a parcel no return matched on the unmatched shelf for a lead, with
    /// what the inspector noted, and prints its exception label when a printer is
    /// chosen. Setting aside the same code again finds the parcel already waiting.
    pub async fn set_aside_parcel(&self, code: &str, note: &str) -> Result<SetAsideParcel> {
        let by = self.actor(Action::ReceiveParcel)?;
        let scan = self.classifier().classify(code);
        let scanned = scan.value.trim();
        if scanned.is_empty() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "nothing was scanned: scan the parcel's shipping label, then set it aside",
            ));
        }
        let note = note.trim();
        if note.chars().count() > MAX_NOTE_CHARS {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!("the note is too long: say what you saw in at most {MAX_NOTE_CHARS} characters"),
            ));
        }
        if self.store().find_return_for_parcel_code(scanned).await?.is_some() {
            return Err(AppError::new(
                ErrorCode::WrongState,
                format!("{scanned} matches a return on this bench: scan it to receive the parcel instead"),
            ));
        }
        let now = self.now();
        let set = self
            .store()
            .set_aside_parcel(scanned, note, &self.config().bench_id(), &by, now.with_timezone(&Utc))
            .await?;
        let (print_job, label_problem) = if set.already {
            (None, None)
        } else {
            match self.print_exception_label(&set.parcel, now, &by).await {
                Ok(job) => (job, None),
                Err(e) => (None, Some(e.message)),
            }
        };
        Ok(SetAsideParcel {
            parcel_id: set.parcel.id,
            scanned: set.parcel.scanned,
            note: set.parcel.note,
            since: set.parcel.since,
            set_aside_by: set.parcel.set_aside_by,
            already: set.already,
            print_job,
            label_problem,
        })
    }

    /// The exception label for the printer in use (none chosen: nothing to print).
    async fn print_exception_label(
        &self,
        parcel: &UnmatchedParcel,
        at: DateTime<Local>,
        by: &str,
    ) -> Result<Option<crate::dto::PrintJobView>> {
        let Some(p) = self.printer() else { return Ok(None) };
        // The exception label on the printer's stock; a 2x1 printer, its own small label.
        let name = LabelTemplate::for_stock("exception", &p.template);
        let template = LabelTemplate::builtin(name).map_err(|e| AppError::new(ErrorCode::Label, e.to_string()))?;
        let data = self.exception_label_data(parcel, at);
        let payload = p.format.render(&template, &data).map_err(|e| {
            AppError::new(
                ErrorCode::Label,
                format!("the exception label could not be made ({e}): write the code on the parcel by hand"),
            )
        })?;
        self.enqueue(parcel.scanned.clone(), p.uri, p.format, payload, by)
            .await
            .map(Some)
    }

    /// The exception label: set aside when (local) and by whom, the note, the parcel's code.
    fn exception_label_data(&self, parcel: &UnmatchedParcel, at: DateTime<Local>) -> LabelData {
        LabelData {
            lpn: parcel.scanned.clone(),
            sku: String::new(),
            description: if parcel.note.is_empty() {
                "No return on this bench matches this parcel.".into()
            } else {
                parcel.note.clone()
            },
            grade: String::new(),
            disposition: "UNMATCHED PARCEL".into(),
            destination: "Unmatched shelf · see lead".into(),
            return_number: String::new(),
            date: at.format("%Y-%m-%d %H:%M").to_string(),
            bench: format!(
                "Site {} · Bench {:02} · {}",
                self.config().site,
                self.config().bench_number,
                parcel.set_aside_by.as_deref().unwrap_or_default()
            ),
            flags: Vec::new(),
            gtin: String::new(),
            serial: String::new(),
        }
    }

    /// A lead matches a parcel on the unmatched shelf to a return, named by its
    /// return number or one of its tracking numbers (audited); the next scan of
    /// the parcel opens that return.
    pub async fn match_parcel(&self, parcel_id: &str, code: &str) -> Result<ReviewQueue> {
        let by = self.actor(Action::ReviewQueue)?;
        let code = code.trim();
        if code.is_empty() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "type or scan the return number (RMA…) or a tracking number of the return this parcel belongs to",
            ));
        }
        let scan = self.classifier().classify(code);
        let found = match self.store().find_return_for_parcel_code(&scan.value).await? {
            Some(o) => Some(o),
            None => self.store().find_return_for_parcel_code(code).await?,
        };
        let order = found.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!("no return on this bench matches {code}: check the return number, or import the return first"),
            )
        })?;
        self.store()
            .match_parcel(
                parcel_id,
                order.return_number.as_str(),
                &by,
                self.now().with_timezone(&Utc),
            )
            .await?;
        self.review_queue(&ReviewFilter::default()).await
    }
}
