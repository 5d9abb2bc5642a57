//! The bench's side of sync: executes what `triage_core::sync::plan` decides.
//!
//! Push: the oldest outbox rows go to central in one batch; only when central
//! committed them do they leave the outbox (a lost answer means the same batch is
//! sent again, which changes nothing there). Pull: returns page by page, then rule
//! sets, users and conflicts, and last the cursor — in the transaction that stores
//! users and conflicts — so an interrupted pull is simply asked again.

use crate::dto::SyncView;
use crate::{AppError, Bench, ErrorCode, Result};
use chrono::{DateTime, Utc};
use std::sync::Mutex;
use triage_central::{Central, CentralSettings, Change, Cursor};
use triage_core::sync::{plan, SyncInputs, SyncPolicy, SyncStep};
use triage_store::ConflictRow;

/// How long the dashboard waits for central's units before showing this bench's alone.
const DASHBOARD_WAIT_SECONDS: u64 = 5;

/// Returns fetched per page of a pull.
const PULL_PAGE: u32 = 2000;

#[derive(Default)]
pub(crate) struct SyncSlot {
    settings: Mutex<Option<std::result::Result<CentralSettings, String>>>,
    central: tokio::sync::Mutex<Option<Central>>,
    /// One step at a time: the background task and `triage sync` never overlap.
    running: tokio::sync::Mutex<()>,
    state: Mutex<SyncRuntime>,
}

#[derive(Default, Clone)]
struct SyncRuntime {
    failures: u32,
    last_attempt: Option<DateTime<Utc>>,
    last_pull: Option<DateTime<Utc>>,
    last_success: Option<DateTime<Utc>>,
    last_error: Option<String>,
    online: bool,
    pull_progress: Option<(u64, u64)>,
}

impl SyncSlot {
    pub(crate) fn load(file: Option<&std::path::Path>) -> SyncSlot {
        let settings = file.map(|f| CentralSettings::read(f).map_err(|e| e.to_string()));
        SyncSlot {
            settings: Mutex::new(settings),
            ..Default::default()
        }
    }

    fn settings(&self) -> Option<std::result::Result<CentralSettings, String>> {
        self.settings.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, SyncRuntime> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// What one step did, and when the next is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncOutcome {
    pub step: &'static str,
    pub next_at: DateTime<Utc>,
}

impl Bench {
    fn utc_now(&self) -> DateTime<Utc> {
        self.now().with_timezone(&Utc)
    }

    async fn central(&self) -> Result<Central> {
        let settings = match self.sync.settings() {
            Some(Ok(s)) => s,
            Some(Err(e)) => return Err(AppError::new(ErrorCode::Central, e)),
            None => {
                return Err(AppError::new(
                    ErrorCode::Central,
                    "this bench has no central settings; put central.toml (from `triage central create-bench`) in its data folder",
                ))
            }
        };
        let mut slot = self.sync.central.lock().await;
        if let Some(c) = slot.as_ref() {
            return Ok(c.clone());
        }
        let c = Central::connect(&settings).await?;
        *slot = Some(c.clone());
        Ok(c)
    }

    /// What central holds of the other benches of this site, for the dashboard:
    /// `None` when this bench has no central; `Err` says in words why it is missing.
    pub(crate) async fn ask_other_benches<T, Asked>(
        &self,
        ask: impl FnOnce(Central) -> Asked,
    ) -> Option<std::result::Result<Vec<T>, String>>
    where
        Asked: std::future::Future<Output = std::result::Result<Vec<T>, triage_central::CentralError>>,
    {
        let _configured = self.sync.settings()?;
        let asked = async { Ok::<_, AppError>(ask(self.central().await?).await?) };
        Some(
            match tokio::time::timeout(std::time::Duration::from_secs(DASHBOARD_WAIT_SECONDS), asked).await {
                Ok(Ok(units)) => Ok(units),
                Ok(Err(e)) => Err(e.message),
                Err(_) => Err(format!("central did not answer within {DASHBOARD_WAIT_SECONDS} s")),
            },
        )
    }

    /// Runs the next step of the plan (push, pull or nothing) and says when to call again.
    pub async fn sync_step(&self) -> SyncOutcome {
        let _one = self.sync.running.lock().await;
        let now = self.utc_now();
        let backlog = self
            .store()
            .outbox_backlog()
            .await
            .map(|b| b.changes.max(0) as u64)
            .unwrap_or(0);
        let inputs = {
            let s = self.sync.state();
            SyncInputs {
                now,
                configured: self.sync.settings().is_some(),
                backlog,
                failures: s.failures,
                last_attempt: s.last_attempt,
                last_pull: s.last_pull,
            }
        };
        let policy = SyncPolicy::default();
        let step = plan(&inputs, &policy);
        let (name, result) = match step {
            SyncStep::Idle => {
                return SyncOutcome {
                    step: "idle",
                    next_at: now + chrono::Duration::seconds(5),
                }
            }
            SyncStep::Wait { until } => {
                return SyncOutcome {
                    step: "wait",
                    next_at: until,
                }
            }
            SyncStep::Push { limit } => ("push", self.push_batch(limit as i64).await.map(|_| ())),
            SyncStep::Pull => ("pull", self.pull_once().await),
        };
        let done = self.utc_now();
        let failures = {
            let mut s = self.sync.state();
            s.last_attempt = Some(done);
            s.pull_progress = None;
            match result {
                Ok(()) => {
                    s.failures = 0;
                    s.online = true;
                    s.last_success = Some(done);
                    s.last_error = None;
                    if name == "pull" {
                        s.last_pull = Some(done);
                    }
                }
                Err(e) => {
                    s.failures = s.failures.saturating_add(1);
                    s.online = false;
                    s.last_error = Some(e.message);
                }
            }
            s.failures
        };
        let next_at = if failures > 0 {
            done + policy.backoff_after(failures)
        } else {
            done
        };
        if failures > 0 {
            // A fresh connection next time: the old one may be half-dead.
            *self.sync.central.lock().await = None;
        }
        SyncOutcome { step: name, next_at }
    }

    async fn push_batch(&self, limit: i64) -> Result<usize> {
        let batch = self.store().outbox_batch(limit).await?;
        let Some(last) = batch.last().map(|c| c.seq) else {
            return Ok(0);
        };
        let changes: Vec<Change> = batch
            .into_iter()
            .map(|c| Change {
                seq: c.seq,
                kind: c.kind,
                body: c.body,
            })
            .collect();
        let central = self.central().await?;
        central.push(&changes).await?;
        // Central committed: only now do they leave the outbox.
        self.store().outbox_accepted(last).await?;
        Ok(changes.len())
    }

    async fn pull_once(&self) -> Result<()> {
        let central = self.central().await?;
        let since = Cursor(self.store().pull_cursor().await?);
        let mut pull = central.begin_pull(since).await?;
        let total = pull.returns_to_come().await?;
        self.sync.state().pull_progress = Some((0, total));
        let (mut done, mut refused) = (0u64, Vec::new());
        // Central reads the next page while the bench writes the last one: the two
        // work on different cores (central's server, SQLite's thread).
        let mut pending = (Vec::new(), 0u64);
        loop {
            let (page, written) = tokio::join!(
                pull.returns_page(PULL_PAGE),
                self.store().apply_pulled_returns(&pending.0, self.utc_now())
            );
            written?;
            done += pending.1;
            self.sync.state().pull_progress = Some((done, total));
            let page = page?;
            if page.returns.is_empty() && page.refused.is_empty() {
                break;
            }
            let read = (page.returns.len() + page.refused.len()) as u64;
            pending = (page.returns.into_iter().map(|r| (r.order, r.cancelled)).collect(), read);
            refused.extend(page.refused);
        }
        if let Some(set) = pull.rule_sets().await?.into_iter().rev().find(|r| r.in_force) {
            if set.hash != self.rules_view().hash {
                // A set the bench refuses stays out of force; the status says why.
                let loaded = crate::rules::from_text(&format!("central: {}", set.source), &set.text);
                let _ = self
                    .adopt_rules(&format!("central: {}", set.source), loaded, crate::CENTRAL)
                    .await;
            }
        }
        let users = pull.users().await?;
        let conflicts: Vec<ConflictRow> = pull
            .conflicts()
            .await?
            .into_iter()
            .map(|c| ConflictRow {
                id: c.id,
                kind: c.kind,
                return_number: c.return_number,
                line_no: i64::from(c.line_no),
                detail: c.detail.to_string(),
                found_at: c.found_at.to_rfc3339(),
            })
            .collect();
        let next = pull.next_cursor();
        pull.finish().await?;
        self.store()
            .finish_pull(&users, &conflicts, next.0, self.utc_now())
            .await?;
        if !refused.is_empty() {
            let list: Vec<String> = refused.iter().take(5).map(|(n, why)| format!("{n}: {why}")).collect();
            return Err(AppError::new(
                ErrorCode::Central,
                format!(
                    "{} return(s) from central could not be read and were skipped ({}); fix them centrally and import them again",
                    refused.len(),
                    list.join("; ")
                ),
            ));
        }
        Ok(())
    }

    /// Syncs for as long as the bench runs: each step when the plan says it is due
    /// (at least every 5 s, to notice new work; at most every 200 ms).
    pub async fn keep_syncing(&self) {
        loop {
            let out = self.sync_step().await;
            let wait = (out.next_at - self.utc_now())
                .to_std()
                .unwrap_or_default()
                .clamp(std::time::Duration::from_millis(200), std::time::Duration::from_secs(5));
            tokio::time::sleep(wait).await;
        }
    }

    /// Whether this bench has central's settings (then returns come from central, not the demo).
    pub fn central_configured(&self) -> bool {
        self.sync.settings().is_some()
    }

    /// Sends everything waiting and pulls once (`triage sync`); the first error stops it.
    /// Needs no login: it moves what was already recorded, as the background task does,
    /// and a new bench has no users until its first pull.
    pub async fn sync_now(&self) -> Result<SyncView> {
        if self.sync.settings().is_none() {
            return Err(AppError::new(
                ErrorCode::Central,
                "this bench has no central settings; put central.toml (from `triage central create-bench`) in its data folder or set TRIAGE_CENTRAL",
            ));
        }
        {
            let _one = self.sync.running.lock().await;
            loop {
                let sent = self.push_batch(SyncPolicy::default().batch as i64).await;
                match sent {
                    Ok(0) => break,
                    Ok(_) => {}
                    Err(e) => {
                        self.record_failure(&e).await;
                        return Err(e);
                    }
                }
            }
            if let Err(e) = self.pull_once().await {
                self.record_failure(&e).await;
                return Err(e);
            }
            let now = self.utc_now();
            let mut s = self.sync.state();
            s.failures = 0;
            s.online = true;
            s.last_success = Some(now);
            s.last_pull = Some(now);
            s.last_error = None;
        }
        self.sync_status().await
    }

    async fn record_failure(&self, e: &AppError) {
        {
            let mut s = self.sync.state();
            s.failures = s.failures.saturating_add(1);
            s.online = false;
            s.last_error = Some(e.message.clone());
            s.last_attempt = Some(self.utc_now());
        }
        // A fresh connection next time: the old one may be half-dead.
        *self.sync.central.lock().await = None;
    }

    /// Online or not, what waits, when it last worked, and the last error in words.
    pub async fn sync_status(&self) -> Result<SyncView> {
        let backlog = self.store().outbox_backlog().await?;
        // Those no lead has settled yet.
        let conflicts = self.store().open_conflicts().await?.len() as i64;
        let settings = self.sync.settings();
        let s = self.sync.state().clone();
        let last_error = match &settings {
            Some(Err(e)) => Some(e.clone()),
            _ => s.last_error.clone(),
        };
        Ok(SyncView {
            configured: matches!(settings, Some(Ok(_))),
            central_bench: settings.and_then(|r| r.ok()).map(|c| format!("{}/{}", c.site, c.bench)),
            online: s.online,
            attempted: s.last_attempt.is_some() || s.last_success.is_some(),
            backlog: backlog.changes,
            oldest_waiting: backlog.oldest,
            last_success_at: s.last_success.map(|t| t.to_rfc3339()),
            last_error,
            pull_done: s.pull_progress.map(|p| p.0 as i64),
            pull_total: s.pull_progress.map(|p| p.1 as i64),
            conflicts,
        })
    }
}
