//! Who may do what at a bench, and when a badge or a bench locks (pure: time comes in).
//!
//! Every mutating use case names its [`Action`]; [`Role::may`] is the one table
//! that says which roles may take it. The app checks it in Rust before anything
//! changes, whatever the UI shows.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A user's role. A lead may do what an inspector does; an admin configures the
/// bench and manages users but does not grade or override.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Inspector,
    Lead,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Inspector, Role::Lead, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Inspector => "inspector",
            Role::Lead => "lead",
            Role::Admin => "admin",
        }
    }

    pub fn parse(v: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == v.trim().to_ascii_lowercase())
    }

    /// Whether this role may take the action.
    pub fn may(self, action: Action) -> bool {
        use Action::*;
        match action {
            // The inspector's path; a lead covers a bench when needed.
            ReceiveParcel | InspectUnit | Reprint => matches!(self, Role::Inspector | Role::Lead),
            // Changing a decision that was confirmed is the lead's.
            AmendUnit | ReviewQueue => self == Role::Lead,
            // Returns arrive from the shop; loading them by hand is a lead's or an admin's job.
            ImportReturns => matches!(self, Role::Lead | Role::Admin),
            // The bench's configuration.
            LoadRules | ConfigurePrinter | ConfigureScanners | ConfigureBench | ManageUsers => self == Role::Admin,
            // What the log says is for the people who answer for the bench.
            ReadAudit => matches!(self, Role::Lead | Role::Admin),
            // The shift's numbers: who is fast, who drifts, what it is worth.
            ViewDashboard => matches!(self, Role::Lead | Role::Admin),
        }
    }

    /// The roles that may take an action, for messages ("only a lead may …").
    pub fn allowed(action: Action) -> Vec<Role> {
        Role::ALL.into_iter().filter(|r| r.may(action)).collect()
    }
}

/// Everything that changes the bench's data or configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    ReceiveParcel,
    InspectUnit,
    Reprint,
    AmendUnit,
    ReviewQueue,
    ImportReturns,
    LoadRules,
    ConfigurePrinter,
    ConfigureScanners,
    /// The bench's own settings: idle lock, shift times.
    ConfigureBench,
    ManageUsers,
    ReadAudit,
    ViewDashboard,
}

impl Action {
    pub const ALL: [Action; 13] = [
        Action::ReceiveParcel,
        Action::InspectUnit,
        Action::Reprint,
        Action::AmendUnit,
        Action::ReviewQueue,
        Action::ImportReturns,
        Action::LoadRules,
        Action::ConfigurePrinter,
        Action::ConfigureScanners,
        Action::ConfigureBench,
        Action::ManageUsers,
        Action::ReadAudit,
        Action::ViewDashboard,
    ];

    /// In words, for the refusal ("… may not <words>").
    pub fn words(self) -> &'static str {
        match self {
            Action::ReceiveParcel => "receive parcels",
            Action::InspectUnit => "inspect units",
            Action::Reprint => "reprint labels",
            Action::AmendUnit => "override or re-dispose a unit",
            Action::ReviewQueue => "work the review queue",
            Action::ImportReturns => "import returns",
            Action::LoadRules => "load rule sets",
            Action::ConfigurePrinter => "change the printer",
            Action::ConfigureScanners => "change the scanners",
            Action::ConfigureBench => "change the bench's settings",
            Action::ManageUsers => "manage users",
            Action::ReadAudit => "read the audit log",
            Action::ViewDashboard => "see the dashboard",
        }
    }
}

/// How many wrong PINs lock a badge, for how long, and when an idle bench locks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthPolicy {
    pub max_failures: u32,
    pub badge_lock: Duration,
    pub idle_lock: Duration,
}

impl Default for AuthPolicy {
    fn default() -> Self {
        AuthPolicy {
            max_failures: 5,
            badge_lock: Duration::minutes(15),
            idle_lock: Duration::minutes(10),
        }
    }
}

/// A badge's record of wrong PINs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Attempts {
    /// Wrong PINs in a row since the last good one (or the last lock's end).
    pub failures: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

/// May a PIN be tried for this badge now?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    Open,
    Locked { until: DateTime<Utc> },
}

impl AuthPolicy {
    /// Before checking a PIN: a locked badge is refused without looking at the PIN.
    pub fn gate(&self, attempts: Attempts, now: DateTime<Utc>) -> Gate {
        match attempts.locked_until {
            Some(until) if until > now => Gate::Locked { until },
            _ => Gate::Open,
        }
    }

    /// The record after a wrong PIN: the `max_failures`-th in a row locks the badge.
    /// A lock that has run out starts the count again.
    pub fn after_failure(&self, attempts: Attempts, now: DateTime<Utc>) -> Attempts {
        let expired = attempts.locked_until.is_some_and(|u| u <= now);
        let failures = if expired { 1 } else { attempts.failures + 1 };
        if failures >= self.max_failures {
            Attempts {
                failures,
                locked_until: Some(now + self.badge_lock),
            }
        } else {
            Attempts {
                failures,
                locked_until: None,
            }
        }
    }

    /// Whether a session last used at `last` has gone idle by `now`.
    pub fn is_idle(&self, last: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        now - last >= self.idle_lock
    }
}

/// Is this PIN acceptable to set? 4 to 12 digits, not all the same digit, not a run.
pub fn check_new_pin(pin: &str) -> Result<(), String> {
    let digits: Vec<u32> = pin.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != pin.chars().count() || !(4..=12).contains(&digits.len()) {
        return Err("a PIN is 4 to 12 digits".into());
    }
    if digits.windows(2).all(|w| w[0] == w[1]) {
        return Err("a PIN of one repeated digit is too easy to guess: choose another".into());
    }
    let run = |step: i64| digits.windows(2).all(|w| i64::from(w[1]) - i64::from(w[0]) == step);
    if run(1) || run(-1) {
        return Err("a PIN of consecutive digits (1234, 9876) is too easy to guess: choose another".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 8, 0, 0).unwrap() + Duration::minutes(min)
    }

    #[test]
    fn the_role_table() {
        use Action::*;
        let table = [
            (ReceiveParcel, [true, true, false]),
            (InspectUnit, [true, true, false]),
            (Reprint, [true, true, false]),
            (AmendUnit, [false, true, false]),
            (ReviewQueue, [false, true, false]),
            (ImportReturns, [false, true, true]),
            (LoadRules, [false, false, true]),
            (ConfigurePrinter, [false, false, true]),
            (ConfigureScanners, [false, false, true]),
            (ConfigureBench, [false, false, true]),
            (ManageUsers, [false, false, true]),
            (ReadAudit, [false, true, true]),
            (ViewDashboard, [false, true, true]),
        ];
        assert_eq!(table.len(), Action::ALL.len());
        for (action, expected) in table {
            let got: Vec<bool> = Role::ALL.iter().map(|r| r.may(action)).collect();
            assert_eq!(got, expected, "{action:?}");
        }
        assert_eq!(Role::allowed(AmendUnit), vec![Role::Lead]);
    }

    #[test]
    fn roles_parse() {
        assert_eq!(Role::parse(" Lead "), Some(Role::Lead));
        assert_eq!(Role::parse("boss"), None);
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
    }

    #[test]
    fn the_fifth_wrong_pin_locks_the_badge_for_its_time() {
        let p = AuthPolicy::default();
        let mut a = Attempts::default();
        for i in 1..5 {
            a = p.after_failure(a, t(i));
            assert_eq!(a.failures, i as u32);
            assert_eq!(p.gate(a, t(i)), Gate::Open);
        }
        a = p.after_failure(a, t(5));
        assert_eq!(a.locked_until, Some(t(20)));
        assert_eq!(p.gate(a, t(19)), Gate::Locked { until: t(20) });
        assert_eq!(p.gate(a, t(20)), Gate::Open);
        // After the lock, one wrong PIN does not lock again: the count starts over.
        a = p.after_failure(a, t(21));
        assert_eq!(
            a,
            Attempts {
                failures: 1,
                locked_until: None
            }
        );
    }

    #[test]
    fn idle_after_the_policy_time() {
        let p = AuthPolicy::default();
        assert!(!p.is_idle(t(0), t(9)));
        assert!(p.is_idle(t(0), t(10)));
    }

    #[test]
    fn new_pins() {
        assert!(check_new_pin("2580").is_ok());
        assert!(check_new_pin("482913").is_ok());
        for bad in ["123", "1234", "9876", "0000", "12a4", "1234567890123", "", "٣٤٥٦"] {
            assert!(check_new_pin(bad).is_err(), "{bad}");
        }
    }
}
