//! What the bench exchanges with central, and when (pure: time and counts come in).
//!
//! Every local change central must see is a [`ChangeKind`] row in the bench's
//! outbox, written in the same transaction as the change. The sync engine asks
//! [`plan`] what to do next and only executes the answer: push the oldest changes,
//! pull what central has new for the site, or wait (backing off after failures).

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// A kind of change pushed to central, in the order central applies a batch:
/// a unit's parcel before the unit, the unit before its inspection, and so on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Parcel,
    Unit,
    Inspection,
    Override,
    Label,
    PrintJob,
    /// A lead's blind re-grade of a unit (sent once made).
    Calibration,
    /// An audit log entry (no parent: it names its subject in words).
    Audit,
}

impl ChangeKind {
    /// Parents first: applying kinds in this order never meets a missing parent,
    /// because a parent's change was always written before its children's.
    pub const APPLY_ORDER: [ChangeKind; 8] = [
        ChangeKind::Parcel,
        ChangeKind::Unit,
        ChangeKind::Inspection,
        ChangeKind::Override,
        ChangeKind::Label,
        ChangeKind::PrintJob,
        ChangeKind::Calibration,
        ChangeKind::Audit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Parcel => "parcel",
            ChangeKind::Unit => "unit",
            ChangeKind::Inspection => "inspection",
            ChangeKind::Override => "override",
            ChangeKind::Label => "label",
            ChangeKind::PrintJob => "print_job",
            ChangeKind::Calibration => "calibration",
            ChangeKind::Audit => "audit",
        }
    }

    pub fn parse(v: &str) -> Option<ChangeKind> {
        Self::APPLY_ORDER.into_iter().find(|k| k.as_str() == v)
    }

    /// Rows that change after they were first sent (a parcel set aside is matched,
    /// a unit moves on, a print job ends): central keeps the newest by the change's sequence number.
    pub fn is_revised(self) -> bool {
        matches!(self, ChangeKind::Parcel | ChangeKind::Unit | ChangeKind::PrintJob)
    }
}

/// A user of a site as central holds them (and the bench after a pull).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteUser {
    pub id: String,
    pub badge: String,
    pub name: String,
    pub role: String,
    /// The PIN's argon2 hash in PHC form.
    pub pin_hash: String,
    pub active: bool,
}

/// What the engine knows when it asks what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncInputs {
    pub now: DateTime<Utc>,
    /// Whether this bench has central's settings at all.
    pub configured: bool,
    /// Changes in the outbox, not yet accepted by central.
    pub backlog: u64,
    /// Attempts that failed in a row (0 after a success).
    pub failures: u32,
    pub last_attempt: Option<DateTime<Utc>>,
    pub last_pull: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncPolicy {
    /// Most changes sent in one batch (one central transaction).
    pub batch: u64,
    /// How often to ask central for news when there is nothing to send.
    pub pull_every: Duration,
    /// First wait after a failure; doubled per further failure, up to `max_backoff`.
    pub backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for SyncPolicy {
    fn default() -> Self {
        SyncPolicy {
            batch: 5000,
            pull_every: Duration::seconds(15),
            backoff: Duration::seconds(1),
            max_backoff: Duration::seconds(60),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncStep {
    /// No central configured: nothing to do, ever.
    Idle,
    Wait {
        until: DateTime<Utc>,
    },
    /// Send the `limit` oldest changes.
    Push {
        limit: u64,
    },
    Pull,
}

impl SyncPolicy {
    /// The wait after `failures` failed attempts in a row.
    pub fn backoff_after(&self, failures: u32) -> Duration {
        if failures == 0 {
            return Duration::zero();
        }
        let factor = 1i32.checked_shl(failures.saturating_sub(1).min(30)).unwrap_or(i32::MAX);
        self.backoff
            .checked_mul(factor)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff)
    }
}

/// The next step. Pushing comes before pulling: central sees the bench's work
/// before the bench asks for news (so conflicts its own push caused come back in
/// the same round).
pub fn plan(i: &SyncInputs, p: &SyncPolicy) -> SyncStep {
    if !i.configured {
        return SyncStep::Idle;
    }
    if i.failures > 0 {
        if let Some(last) = i.last_attempt {
            let until = last + p.backoff_after(i.failures);
            if i.now < until {
                return SyncStep::Wait { until };
            }
        }
    }
    if i.backlog > 0 {
        return SyncStep::Push {
            limit: i.backlog.min(p.batch.max(1)),
        };
    }
    match i.last_pull {
        Some(last) if i.now < last + p.pull_every => SyncStep::Wait {
            until: last + p.pull_every,
        },
        _ => SyncStep::Pull,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + s, 0).unwrap()
    }

    fn inputs() -> SyncInputs {
        SyncInputs {
            now: t(100),
            configured: true,
            backlog: 0,
            failures: 0,
            last_attempt: Some(t(99)),
            last_pull: Some(t(99)),
        }
    }

    #[test]
    fn kinds_round_trip_and_parents_come_first() {
        for k in ChangeKind::APPLY_ORDER {
            assert_eq!(ChangeKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(ChangeKind::parse("unknown"), None);
        let mut sorted = ChangeKind::APPLY_ORDER;
        sorted.sort();
        assert_eq!(sorted, ChangeKind::APPLY_ORDER, "Ord follows the apply order");
        assert!(ChangeKind::Parcel < ChangeKind::Unit && ChangeKind::Unit < ChangeKind::Inspection);
    }

    #[test]
    fn a_bench_without_central_does_nothing() {
        let i = SyncInputs {
            configured: false,
            backlog: 10,
            ..inputs()
        };
        assert_eq!(plan(&i, &SyncPolicy::default()), SyncStep::Idle);
    }

    #[test]
    fn changes_are_pushed_in_batches_before_any_pull() {
        let p = SyncPolicy::default();
        let i = SyncInputs {
            backlog: 12_000,
            last_pull: None,
            ..inputs()
        };
        assert_eq!(plan(&i, &p), SyncStep::Push { limit: 5000 });
        let i = SyncInputs { backlog: 7, ..i };
        assert_eq!(plan(&i, &p), SyncStep::Push { limit: 7 });
    }

    #[test]
    fn pulls_when_due_and_waits_otherwise() {
        let p = SyncPolicy::default();
        assert_eq!(
            plan(
                &SyncInputs {
                    last_pull: None,
                    ..inputs()
                },
                &p
            ),
            SyncStep::Pull
        );
        assert_eq!(plan(&inputs(), &p), SyncStep::Wait { until: t(114) });
        let due = SyncInputs {
            now: t(114),
            ..inputs()
        };
        assert_eq!(plan(&due, &p), SyncStep::Pull, "exactly at the due time");
    }

    #[test]
    fn failures_back_off_doubling_up_to_the_cap() {
        let p = SyncPolicy::default();
        let secs: Vec<i64> = (0..10).map(|f| p.backoff_after(f).num_seconds()).collect();
        assert_eq!(secs, [0, 1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(p.backoff_after(u32::MAX), Duration::seconds(60));
        let failing = SyncInputs {
            failures: 3,
            backlog: 5,
            last_attempt: Some(t(97)),
            ..inputs()
        };
        assert_eq!(plan(&failing, &p), SyncStep::Wait { until: t(101) });
        let later = SyncInputs { now: t(101), ..failing };
        assert_eq!(
            plan(&later, &p),
            SyncStep::Push { limit: 5 },
            "tries again once the wait is over"
        );
    }
}
