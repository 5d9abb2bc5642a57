//! Who is at the bench: badge + PIN logins (argon2), the idle lock, the role check
//! every mutating use case starts with, users, and the audit log's check.

use crate::dto::{AuditCheck, AuditEntryView, SessionView, UserView};
use crate::{AppError, Bench, ErrorCode, Result};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Local, Utc};
use std::sync::Mutex;
use triage_core::auth::{check_new_pin, Action, AuthPolicy, Gate, Role};
use triage_scan::ScanKind;
use triage_store::{LoginOutcome, SiteUser};

/// The actor of what the bench does by itself (demo data, its built-in rules).
pub const SYSTEM: &str = "system";
/// The actor of rule sets and returns that came from central.
pub const CENTRAL: &str = "central";

const IDLE_KEY: &str = "idle_lock_minutes";

/// The user logged in at the bench.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    badge: String,
    name: String,
    role: Role,
    last_active: DateTime<Utc>,
    locked: bool,
}

#[derive(Default)]
pub(crate) struct PeopleSlot {
    session: Mutex<Option<Session>>,
    policy: Mutex<AuthPolicy>,
}

/// An argon2id PHC string for a PIN (random salt, the crate's default cost).
pub fn hash_pin(pin: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("the PIN could not be hashed: {e}")))
}

fn pin_matches(hash: &str, pin: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(pin.as_bytes(), &h).is_ok())
}

fn user_view(u: &SiteUser) -> UserView {
    UserView {
        badge: u.badge.clone(),
        name: u.name.clone(),
        role: Role::parse(&u.role).unwrap_or(Role::Inspector),
        active: u.active,
    }
}

/// "an inspector", "a lead or an admin".
fn role_list(roles: &[Role]) -> String {
    let names: Vec<String> = roles
        .iter()
        .map(|r| match r {
            Role::Lead => "a lead".to_string(),
            other => format!("an {}", other.as_str()),
        })
        .collect();
    match names.as_slice() {
        [] => "nobody".into(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

impl Bench {
    fn slot(&self) -> &PeopleSlot {
        &self.people
    }

    fn policy(&self) -> AuthPolicy {
        *self.slot().policy.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Reads the idle-lock time the admin set (at open).
    pub(crate) async fn load_people_settings(&self) -> Result<()> {
        if let Some(m) = self
            .store()
            .setting(IDLE_KEY)
            .await?
            .and_then(|v| v.parse::<i64>().ok())
        {
            self.slot().policy.lock().unwrap_or_else(|p| p.into_inner()).idle_lock = chrono::Duration::minutes(m);
        }
        Ok(())
    }

    /// The badge of the user logged in, if they may take `action` now. Every
    /// mutating use case starts here; the session's idle clock restarts.
    pub(crate) fn actor(&self, action: Action) -> Result<String> {
        let now = self.now().with_timezone(&Utc);
        let policy = self.policy();
        let mut guard = self.slot().session.lock().unwrap_or_else(|p| p.into_inner());
        let Some(s) = guard.as_mut() else {
            return Err(AppError::new(
                ErrorCode::NotSignedIn,
                "nobody is logged in at this bench: scan your badge and type your PIN",
            ));
        };
        if !s.locked && policy.is_idle(s.last_active, now) {
            s.locked = true;
        }
        if s.locked {
            return Err(AppError::new(
                ErrorCode::NotSignedIn,
                format!(
                    "the bench is locked ({} was idle): scan your badge and type your PIN to go on",
                    s.name
                ),
            ));
        }
        if !s.role.may(action) {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                format!(
                    "{} is logged in as {}: only {} may {}; ask one to log in",
                    s.name,
                    role_list(&[s.role]),
                    role_list(&Role::allowed(action)),
                    action.words()
                ),
            ));
        }
        s.last_active = now;
        Ok(s.badge.clone())
    }

    /// Badge (scanned or typed) and PIN. A locked badge is refused without
    /// checking the PIN; the fifth wrong PIN in a row locks it.
    pub async fn login(&self, badge: &str, pin: &str) -> Result<SessionView> {
        let scan = self.classifier().classify(badge);
        let badge = if scan.kind == ScanKind::Badge {
            scan.value
        } else {
            badge.trim().to_string()
        };
        if badge.is_empty() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "scan your badge first, then type your PIN",
            ));
        }
        let now = self.now().with_timezone(&Utc);
        let bench = self.config().bench_id();
        let store = self.store();
        let user = match store.user_by_badge(&badge).await? {
            Some(u) if u.active => u,
            Some(_) => {
                store.record_login(&badge, LoginOutcome::Locked, &bench, now).await?;
                return Err(AppError::new(
                    ErrorCode::WrongPin,
                    format!("badge {badge} is switched off: ask an admin to switch it on"),
                ));
            }
            None => {
                return Err(AppError::new(
                    ErrorCode::WrongPin,
                    format!(
                        "badge {badge} is not known at this bench: ask an admin to add it (or wait for the next sync)"
                    ),
                ))
            }
        };
        let policy = self.policy();
        let attempts = store.login_attempts(&badge).await?;
        if let Gate::Locked { until } = policy.gate(attempts, now) {
            store.record_login(&badge, LoginOutcome::Locked, &bench, now).await?;
            return Err(badge_locked(&badge, until));
        }
        let hash = user.pin_hash.clone();
        let typed = pin.trim().to_string();
        let ok = tokio::task::spawn_blocking(move || pin_matches(&hash, &typed))
            .await
            .unwrap_or(false);
        if !ok {
            let after = policy.after_failure(attempts, now);
            store
                .record_login(&badge, LoginOutcome::Refused { attempts: after }, &bench, now)
                .await?;
            return Err(match after.locked_until {
                Some(until) => badge_locked(&badge, until),
                None => AppError::new(
                    ErrorCode::WrongPin,
                    format!(
                        "wrong PIN for {badge}: type it again ({} tries left before the badge locks)",
                        policy.max_failures.saturating_sub(after.failures)
                    ),
                ),
            });
        }
        store.record_login(&badge, LoginOutcome::Accepted, &bench, now).await?;
        let role = Role::parse(&user.role).ok_or_else(|| {
            AppError::new(
                ErrorCode::Forbidden,
                format!(
                    "badge {badge} has the role {:?}, which this bench does not know: ask an admin",
                    user.role
                ),
            )
        })?;
        *self.slot().session.lock().unwrap_or_else(|p| p.into_inner()) = Some(Session {
            badge,
            name: user.name,
            role,
            last_active: now,
            locked: false,
        });
        self.session().await
    }

    /// Locks the bench for "switch user": the work on screen stays; the same user
    /// or another one logs in to go on.
    pub async fn lock(&self) -> Result<SessionView> {
        if let Some(s) = self.slot().session.lock().unwrap_or_else(|p| p.into_inner()).as_mut() {
            s.locked = true;
        }
        self.session().await
    }

    /// Ends the session.
    pub async fn logout(&self) -> Result<SessionView> {
        let ended = self.slot().session.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(s) = ended {
            let at = self.now().with_timezone(&Utc);
            let detail = serde_json::json!({"bench": self.config().bench_id()});
            self.store()
                .audit(
                    &triage_store::AuditEvent::new(&s.badge, "user.logout", &s.badge, detail),
                    at,
                )
                .await?;
        }
        self.session().await
    }

    /// Who is logged in, whether the bench is locked (it locks itself when idle).
    pub async fn session(&self) -> Result<SessionView> {
        let now = self.now().with_timezone(&Utc);
        let policy = self.policy();
        let user = {
            let mut guard = self.slot().session.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(s) = guard.as_mut() {
                if policy.is_idle(s.last_active, now) {
                    s.locked = true;
                }
            }
            guard.clone()
        };
        Ok(SessionView {
            user: user.as_ref().map(|s| UserView {
                badge: s.badge.clone(),
                name: s.name.clone(),
                role: s.role,
                active: true,
            }),
            locked: user.as_ref().is_none_or(|s| s.locked),
            idle_lock_seconds: policy.idle_lock.num_seconds(),
            users_known: self.store().count_users().await? > 0,
        })
    }

    /// Adds a user or changes one (name, role, PIN, on/off). The very first user
    /// of a bench with none must be an admin, and needs no login.
    pub async fn put_user(
        &self,
        badge: &str,
        name: &str,
        role: Role,
        pin: Option<&str>,
        active: bool,
    ) -> Result<UserView> {
        let store = self.store();
        let first = store.count_users().await? == 0;
        let by = if first {
            if role != Role::Admin || pin.is_none() {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    "this bench has no users yet: the first one must be an admin with a PIN",
                ));
            }
            badge.trim().to_string()
        } else {
            self.actor(Action::ManageUsers)?
        };
        let scan = self.classifier().classify(badge);
        if scan.kind != ScanKind::Badge {
            return Err(AppError::new(
                ErrorCode::InvalidCode,
                format!("{badge:?} is not a badge code of this site (e.g. EMP1042): scan the badge, or type its code"),
            ));
        }
        let name = name.trim();
        if name.is_empty() {
            return Err(AppError::new(ErrorCode::InvalidInput, "give the user's name"));
        }
        let existing = store.user_by_badge(&scan.value).await?;
        let pin_hash = match (pin, &existing) {
            (Some(p), _) => {
                check_new_pin(p.trim()).map_err(|m| AppError::new(ErrorCode::InvalidInput, m))?;
                let p = p.trim().to_string();
                tokio::task::spawn_blocking(move || hash_pin(&p))
                    .await
                    .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))??
            }
            (None, Some(u)) => u.pin_hash.clone(),
            (None, None) => {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    "a new user needs a PIN (4 to 12 digits)",
                ));
            }
        };
        let user = SiteUser {
            id: existing
                .as_ref()
                .map_or_else(|| uuid::Uuid::new_v4().to_string(), |u| u.id.clone()),
            badge: scan.value,
            name: name.to_string(),
            role: role.as_str().to_string(),
            pin_hash,
            active,
        };
        store
            .put_local_user(&user, pin.is_some(), &by, self.now().with_timezone(&Utc))
            .await?;
        Ok(user_view(&user))
    }

    /// The demo's users, on a bench that has none (with the demo returns).
    pub(crate) async fn put_demo_users(&self) -> Result<()> {
        if self.store().count_users().await? > 0 {
            return Ok(());
        }
        let at = self.now().with_timezone(&Utc);
        for (badge, name, role, pin) in crate::demo::DEMO_USERS {
            let pin = pin.to_string();
            let pin_hash = tokio::task::spawn_blocking(move || hash_pin(&pin))
                .await
                .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))??;
            let user = SiteUser {
                id: uuid::Uuid::new_v4().to_string(),
                badge: badge.into(),
                name: name.into(),
                role: role.as_str().into(),
                pin_hash,
                active: true,
            };
            self.store().put_local_user(&user, true, SYSTEM, at).await?;
        }
        Ok(())
    }

    /// Every user the bench knows (admins only).
    pub async fn users(&self) -> Result<Vec<UserView>> {
        self.actor(Action::ManageUsers)?;
        Ok(self.store().site_users().await?.iter().map(user_view).collect())
    }

    /// How long the bench waits idle before it locks (admins only).
    pub async fn set_idle_lock(&self, minutes: u32) -> Result<SessionView> {
        if !(1..=240).contains(&minutes) {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "the idle lock is 1 to 240 minutes",
            ));
        }
        let by = self.actor(Action::ConfigureBench)?;
        self.store()
            .set_setting_by(IDLE_KEY, &minutes.to_string(), &by, self.now().with_timezone(&Utc))
            .await?;
        self.slot().policy.lock().unwrap_or_else(|p| p.into_inner()).idle_lock =
            chrono::Duration::minutes(i64::from(minutes));
        self.session().await
    }

    /// Walks the audit log's hash chain and names the first entry that breaks it.
    /// Needs no login: it only reads, and must work when the bench is in doubt.
    pub async fn verify_audit(&self) -> Result<AuditCheck> {
        Ok(match self.store().verify_audit().await? {
            Ok(n) => AuditCheck {
                entries: n,
                intact: true,
                first_bad: None,
                message: format!("{n} entries, chain intact"),
            },
            Err(b) => AuditCheck {
                entries: 0,
                intact: false,
                first_bad: Some(b.seq),
                message: format!("the audit log is broken: {b}"),
            },
        })
    }

    /// The newest audit entries (leads and admins).
    pub async fn audit_tail(&self, limit: u32) -> Result<Vec<AuditEntryView>> {
        self.actor(Action::ReadAudit)?;
        Ok(self
            .store()
            .audit_tail(i64::from(limit.min(1000)))
            .await?
            .into_iter()
            .map(|e| AuditEntryView {
                seq: e.seq,
                at: e.at,
                actor: e.actor,
                action: e.action,
                subject: e.subject,
                detail: e.detail,
            })
            .collect())
    }
}

fn badge_locked(badge: &str, until: DateTime<Utc>) -> AppError {
    AppError::new(
        ErrorCode::BadgeLocked,
        format!(
            "badge {badge} is locked until {} after too many wrong PINs: ask a lead, or try again then",
            until.with_timezone(&Local).format("%H:%M")
        ),
    )
}
