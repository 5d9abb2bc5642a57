//! Printing labels through the persisted print queue: a job is stored before the
//! printer is tried, so a crash, a printer out of paper or a cable pulled loses
//! nothing; a job the printer took is never sent again.

use crate::dto::{PrintJobView, PrintStatus};
use crate::{AppError, Bench, BenchConfig, ErrorCode, LabelFormat, PrinterSetting, Result};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use triage_core::Action;
use triage_print::{Payload, PrinterUri};
use triage_store::Store;
use triage_store::{JobState, NewPrintJob, PrintJob};
use ts_rs::TS;

/// How many due jobs one run of the queue tries.
const BATCH: i64 = 20;
/// Where the printer chosen in settings is kept (JSON; `null` for none).
const PRINTER_KEY: &str = "printer";
/// What a test print is queued as.
pub const TEST_PRINT: &str = "TEST-PRINT";

/// The label printer as settings show and take it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PrinterChoice {
    /// ipp://…, socket://host:9100, usb://VID:PID or file:///dir
    pub uri: String,
    /// `pdf` or `zpl`; empty: what suits the printer.
    pub format: String,
    pub dpi: u32,
    pub template: String,
}

impl PrinterChoice {
    fn of(p: &PrinterSetting) -> PrinterChoice {
        let (format, dpi) = match p.format {
            LabelFormat::Pdf => ("pdf", 203),
            LabelFormat::Zpl { dpi } => ("zpl", dpi),
        };
        PrinterChoice {
            uri: p.uri.clone(),
            format: format.into(),
            dpi,
            template: p.template.clone(),
        }
    }

    fn setting(&self) -> Result<PrinterSetting> {
        PrinterSetting::new(&self.uri, Some(&self.format), Some(self.dpi), Some(&self.template))
            .map_err(|(_, e)| AppError::new(ErrorCode::InvalidInput, format!("{e}; the printer in use stays")))
    }
}

/// What the printer says when asked now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PrinterCheck {
    /// The printer asked; none when the bench only saves PDFs.
    pub printer: Option<String>,
    pub ready: bool,
    /// Its state (`ready`, `idle`, `processing`) or why it cannot print, in its words.
    pub said: String,
}

/// The printer at start: the one chosen in settings, else `TRIAGE_PRINTER`.
pub(crate) async fn printer_at_start(store: &Store, config: &BenchConfig) -> Result<Option<PrinterSetting>> {
    match store.setting(PRINTER_KEY).await? {
        None => Ok(config.printer.clone()),
        Some(json) => {
            let choice: Option<PrinterChoice> = serde_json::from_str(&json).map_err(|e| {
                AppError::new(
                    ErrorCode::Storage,
                    format!("the stored printer cannot be read ({e}); choose the printer again in settings"),
                )
            })?;
            choice.map(|c| c.setting()).transpose()
        }
    }
}

fn view(j: PrintJob) -> PrintJobView {
    PrintJobView {
        id: j.id,
        lpn: j.lpn,
        printer: j.printer,
        format: j.format,
        state: j.state.as_str().to_string(),
        attempts: j.attempts,
        last_error: j.last_error,
        next_attempt_at: j.next_attempt_at,
        reprint_of: j.reprint_of,
    }
}

fn printer(uri: &str) -> Result<PrinterUri> {
    PrinterUri::parse(uri).map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))
}

/// How often a job the printer is still printing is asked about, and for how long.
const FOLLOW_EVERY_S: i64 = 5;
const FOLLOW_FOR_MIN: i64 = 60;

impl Bench {
    /// Queues the label of a confirmed unit for `printer` and tries it at once.
    /// The job is returned as it stands: done, or still queued with the printer's
    /// reason (it is tried again by [`Bench::run_print_queue`]), or failed.
    pub async fn print_label(
        &self,
        lpn: &str,
        printer_uri: &str,
        template: &str,
        format: LabelFormat,
    ) -> Result<PrintJobView> {
        let by = self.actor(Action::Reprint)?;
        printer(printer_uri)?;
        let payload = self.render_label(lpn, template, format).await?;
        self.enqueue(
            lpn.trim().to_uppercase(),
            printer_uri.trim().to_string(),
            format,
            payload,
            &by,
        )
        .await
    }

    /// Prints a label again (same LPN, the same bytes), on the same printer or
    /// another; logged as a reprint of `job_id`.
    pub async fn reprint(&self, job_id: &str, printer_uri: Option<&str>) -> Result<PrintJobView> {
        let by = self.actor(Action::Reprint)?;
        let old = self
            .store()
            .print_job(job_id)
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::NotFound, format!("no print job {job_id} on this bench")))?;
        let printer_uri = printer_uri.unwrap_or(&old.printer).trim().to_string();
        printer(&printer_uri)?;
        let new = NewPrintJob {
            lpn: old.lpn.clone(),
            printer: printer_uri,
            format: old.format.clone(),
            payload: old.payload.clone(),
            reprint_of: Some(old.id),
        };
        let id = self
            .store()
            .enqueue_print(&new, &by, self.now().with_timezone(&Utc))
            .await?;
        self.attempt(&id).await
    }

    /// Stores a new job, then tries it at once.
    pub(crate) async fn enqueue(
        &self,
        lpn: String,
        printer: String,
        format: LabelFormat,
        payload: Vec<u8>,
        by: &str,
    ) -> Result<PrintJobView> {
        let new = NewPrintJob {
            lpn,
            printer,
            format: format.name().into(),
            payload,
            reprint_of: None,
        };
        let id = self
            .store()
            .enqueue_print(&new, by, self.now().with_timezone(&Utc))
            .await?;
        self.attempt(&id).await
    }

    /// Tries every job whose time has come (oldest first); returns them as they end up.
    pub async fn run_print_queue(&self) -> Result<Vec<PrintJobView>> {
        let due = self
            .store()
            .due_print_jobs(self.now().with_timezone(&Utc), BATCH)
            .await?;
        let mut out = Vec::with_capacity(due.len());
        for job in due {
            out.push(self.attempt(&job.id).await?);
        }
        Ok(out)
    }

    /// Runs the print queue every `every`, for as long as the bench runs; a problem
    /// with the database is written to stderr and tried again next round.
    pub async fn keep_printing(&self, every: std::time::Duration) {
        loop {
            if let Err(e) = self.run_print_queue().await {
                eprintln!("triage: print queue: {}", e.message);
            }
            tokio::time::sleep(every).await;
        }
    }

    /// The bench's printer and how its queue stands.
    pub async fn print_status(&self) -> Result<PrintStatus> {
        let s = self.store().print_queue_summary().await?;
        let (trouble, trouble_lpn) = s.trouble.map_or((None, None), |(e, l)| (Some(e), Some(l)));
        Ok(PrintStatus {
            printer: self.printer().map(|p| p.uri),
            waiting: s.waiting,
            failed: s.failed,
            trouble,
            trouble_lpn,
        })
    }

    /// The printer confirmed units' labels go to now, if any.
    pub fn printer(&self) -> Option<PrinterSetting> {
        self.printer.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn printer_choice(&self) -> Option<PrinterChoice> {
        self.printer().as_ref().map(PrinterChoice::of)
    }

    /// Checks and keeps the printer chosen in settings (`None`: labels are only
    /// saved as PDFs); it is used from the next label on.
    pub async fn set_printer(&self, choice: Option<PrinterChoice>) -> Result<Option<PrinterChoice>> {
        let by = self.actor(Action::ConfigurePrinter)?;
        let setting = choice.as_ref().map(PrinterChoice::setting).transpose()?;
        let kept = setting.as_ref().map(PrinterChoice::of);
        let json = serde_json::to_string(&kept).map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
        self.store()
            .set_setting_by(PRINTER_KEY, &json, &by, self.now().with_timezone(&Utc))
            .await?;
        *self.printer.write().unwrap_or_else(|e| e.into_inner()) = setting;
        Ok(kept)
    }

    /// Asks the printer in use whether it can print now (a Zebra's `~HS`, an IPP
    /// printer's state, a folder's write access).
    pub async fn check_printer(&self) -> Result<PrinterCheck> {
        let Some(p) = self.printer() else {
            return Ok(PrinterCheck {
                printer: None,
                ready: false,
                said: String::new(),
            });
        };
        let uri = printer(&p.uri)?;
        let zebra = matches!(p.format, LabelFormat::Zpl { .. });
        let answer = tokio::task::spawn_blocking(move || triage_print::check(&uri, zebra))
            .await
            .map_err(|e| AppError::new(ErrorCode::Internal, format!("the printer check stopped: {e}")))?;
        Ok(match answer {
            Ok(state) => PrinterCheck {
                printer: Some(p.uri),
                ready: true,
                said: state,
            },
            Err(e) => PrinterCheck {
                printer: Some(p.uri),
                ready: false,
                said: e.to_string(),
            },
        })
    }

    /// Queues a sample label for the printer in use and tries it at once; the
    /// job says whether the printer took it, or its reason.
    pub async fn test_print(&self) -> Result<PrintJobView> {
        let by = self.actor(Action::ConfigurePrinter)?;
        let p = self.printer().ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidInput,
                "no printer is chosen: enter its address in settings first",
            )
        })?;
        let template = triage_labels::LabelTemplate::builtin(&p.template)
            .map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))?;
        let data = triage_labels::LabelData {
            lpn: "LPN0000000000".into(),
            sku: "TEST".into(),
            description: "Test label — étiquette d’essai".into(),
            grade: "A".into(),
            disposition: "TEST".into(),
            destination: p.uri.clone(),
            return_number: "RMA0000000".into(),
            date: self.today().to_string(),
            bench: format!("Site {} · Bench {:02}", self.config().site, self.config().bench_number),
            flags: Vec::new(),
            gtin: String::new(),
            serial: String::new(),
        };
        let payload = p
            .format
            .render(&template, &data)
            .map_err(|e| AppError::new(ErrorCode::Label, e))?;
        self.enqueue(TEST_PRINT.into(), p.uri, p.format, payload, &by).await
    }

    /// The latest print jobs of this bench, newest first (settings lists them
    /// with Reprint and Redirect).
    pub async fn recent_print_jobs(&self, limit: u32) -> Result<Vec<PrintJobView>> {
        Ok(self
            .store()
            .recent_print_jobs(i64::from(limit.min(100)))
            .await?
            .into_iter()
            .map(view)
            .collect())
    }

    /// The label's jobs, oldest first.
    pub async fn print_jobs(&self, lpn: &str) -> Result<Vec<PrintJobView>> {
        let lpn = lpn.trim().to_uppercase();
        Ok(self.store().print_jobs_for(&lpn).await?.into_iter().map(view).collect())
    }

    /// How long a print waits for an IPP printer to finish a label before the
    /// queue follows the job later instead (30 s). Tests shorten it.
    pub fn set_print_watch(&self, watch: std::time::Duration) {
        if let Ok(mut w) = self.print_watch.write() {
            *w = watch;
        }
    }

    /// One try of a due job: a queued one is sent, a sent one (still printing when
    /// we stopped watching) is asked about; the printer's answer decides what the
    /// job becomes.
    async fn attempt(&self, id: &str) -> Result<PrintJobView> {
        let job = self
            .store()
            .print_job(id)
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::NotFound, format!("no print job {id}")))?;
        if !matches!(job.state, JobState::Queued | JobState::Sent) {
            return Ok(view(job));
        }
        let store = self.store();
        let at = || self.now().with_timezone(&Utc);
        let uri = match PrinterUri::parse(&job.printer) {
            Ok(u) => u,
            Err(e) => {
                store.print_job_failed(id, &e.to_string(), at()).await?;
                return self.job_view(id).await;
            }
        };
        let following = job.remote_job.filter(|_| job.state == JobState::Sent);
        let (lpn, format, payload) = (job.lpn.clone(), job.format.clone(), job.payload);
        let watch = self.print_watch.read().map_or(triage_print::WATCH, |w| *w);
        // Sockets and files block: off the async threads.
        let result = tokio::task::spawn_blocking(move || match following {
            Some(remote) => triage_print::follow(&uri, i32::try_from(remote).unwrap_or(i32::MAX)),
            None => {
                let payload = if format == "zpl" {
                    Payload::Zpl(&payload)
                } else {
                    Payload::Pdf(&payload)
                };
                triage_print::send_watching(&uri, &lpn, payload, watch).map(Some)
            }
        })
        .await
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("the print task stopped: {e}")))?;
        match result {
            Ok(Some(sent)) => match sent.remote_job {
                Some(remote) => {
                    store
                        .print_job_sent(
                            id,
                            i64::from(remote),
                            at() + chrono::Duration::seconds(FOLLOW_EVERY_S),
                            at(),
                        )
                        .await?
                }
                None => store.print_job_taken(id, JobState::Done, at()).await?,
            },
            Ok(None) => {
                // Still printing: ask again shortly, unless the printer has had it too long.
                let remote = following.unwrap_or_default();
                let since = chrono::DateTime::parse_from_rfc3339(&job.created_at).map(|t| t.with_timezone(&Utc));
                if since.is_ok_and(|t| at() - t > chrono::Duration::minutes(FOLLOW_FOR_MIN)) {
                    let why = format!(
                        "the printer {} took job {remote} but has not finished it after {FOLLOW_FOR_MIN} minutes: check the printer, then reprint the label",
                        job.printer
                    );
                    store.print_job_failed(id, &why, at()).await?
                } else {
                    store
                        .print_job_sent(id, remote, at() + chrono::Duration::seconds(FOLLOW_EVERY_S), at())
                        .await?
                }
            }
            // The printer has the job but cannot be asked now: ask again later, never
            // send it a second time.
            Err(triage_print::PrintError::Unreachable { .. }) if following.is_some() => {
                let next = at() + chrono::Duration::seconds(FOLLOW_EVERY_S * 6);
                store
                    .print_job_sent(id, following.unwrap_or_default(), next, at())
                    .await?
            }
            Err(e) => {
                let tries = u32::try_from(job.attempts + 1).unwrap_or(u32::MAX);
                match triage_print::retry_after(&e, tries) {
                    Some(wait) => {
                        let next = at() + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::minutes(5));
                        store.print_job_retry(id, &e.to_string(), next, at()).await?
                    }
                    None => store.print_job_failed(id, &e.to_string(), at()).await?,
                }
            }
        }
        self.job_view(id).await
    }

    async fn job_view(&self, id: &str) -> Result<PrintJobView> {
        self.store()
            .print_job(id)
            .await?
            .map(view)
            .ok_or_else(|| AppError::new(ErrorCode::NotFound, format!("no print job {id}")))
    }
}
