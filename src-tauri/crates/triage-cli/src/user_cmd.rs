//! `triage user …` and `triage audit …`, and the sign-in of commands that change the bench.

use std::io::BufRead;
use triage_app::Bench;
use triage_core::Role;

/// PINs come from the environment or standard input, never from the command line
/// (where `ps` would show them): `TRIAGE_PIN` (yours), `TRIAGE_NEW_PIN` (a user's
/// new one), else one line of standard input each, in that order.
pub struct Pins {
    lines: Option<std::io::Lines<std::io::StdinLock<'static>>>,
}

impl Pins {
    pub fn new() -> Self {
        Pins { lines: None }
    }

    pub fn read(&mut self, var: &str, what: &str) -> Result<String, String> {
        if let Ok(pin) = std::env::var(var) {
            return Ok(pin);
        }
        let lines = self.lines.get_or_insert_with(|| std::io::stdin().lock().lines());
        match lines.next() {
            Some(Ok(line)) if !line.trim().is_empty() => Ok(line.trim().to_string()),
            _ => Err(format!(
                "{what} is read from {var} or from a line of standard input; neither gave one"
            )),
        }
    }
}

/// Logs `badge` in on the bench for a command that changes it.
pub async fn sign_in(bench: &Bench, badge: Option<&str>, pins: &mut Pins) -> Result<(), String> {
    let badge = badge.ok_or(
        "this command changes the bench, so it needs who you are: --badge EMP… (or TRIAGE_BADGE), with your PIN in TRIAGE_PIN or on standard input",
    )?;
    let pin = pins.read("TRIAGE_PIN", "your PIN")?;
    bench.login(badge, &pin).await.map_err(|e| e.message)?;
    Ok(())
}

#[derive(clap::Subcommand)]
pub enum UserAction {
    /// Add a user or change one (name, role, PIN). The first user of a bench must be
    /// an admin and needs no --badge; after that an admin signs in. The new PIN comes
    /// from TRIAGE_NEW_PIN or the next line of standard input.
    Add {
        /// The user's badge code (e.g. EMP1042).
        user_badge: String,
        #[arg(long)]
        name: String,
        /// inspector, lead or admin
        #[arg(long)]
        role: String,
    },
    /// Switch a user off (their badge no longer logs in) or on again.
    Switch {
        user_badge: String,
        #[arg(long, value_parser = ["on", "off"])]
        to: String,
    },
    /// Every user of this bench (admins).
    List,
}

pub async fn run(bench: &Bench, action: UserAction, badge: Option<&str>) -> Result<(), String> {
    let mut pins = Pins::new();
    match action {
        UserAction::Add { user_badge, name, role } => {
            let role = Role::parse(&role).ok_or(format!("--role {role:?}: write inspector, lead or admin"))?;
            let first = !bench.session().await.map_err(|e| e.message)?.users_known;
            if !first {
                sign_in(bench, badge, &mut pins).await?;
            }
            let pin = pins.read("TRIAGE_NEW_PIN", "the new user's PIN")?;
            let u = bench
                .put_user(&user_badge, &name, role, Some(&pin), true)
                .await
                .map_err(|e| e.message)?;
            println!("{} {} is a {} on this bench", u.badge, u.name, u.role.as_str());
        }
        UserAction::Switch { user_badge, to } => {
            sign_in(bench, badge, &mut pins).await?;
            let users = bench.users().await.map_err(|e| e.message)?;
            let u = users
                .iter()
                .find(|u| u.badge.eq_ignore_ascii_case(user_badge.trim()))
                .ok_or(format!(
                    "no user with badge {user_badge} on this bench (triage user list)"
                ))?;
            let u = bench
                .put_user(&u.badge, &u.name, u.role, None, to == "on")
                .await
                .map_err(|e| e.message)?;
            println!("{} {} is switched {to}", u.badge, u.name);
        }
        UserAction::List => {
            sign_in(bench, badge, &mut pins).await?;
            for u in bench.users().await.map_err(|e| e.message)? {
                println!(
                    "{}\t{}\t{}{}",
                    u.badge,
                    u.role.as_str(),
                    u.name,
                    if u.active { "" } else { "\t(switched off)" }
                );
            }
        }
    }
    Ok(())
}

#[derive(clap::Subcommand)]
pub enum AuditAction {
    /// Walk the audit log's hash chain; exit 1 naming the first entry that was changed or removed.
    Verify,
    /// The newest entries (leads and admins).
    Tail {
        #[arg(short, default_value_t = 20)]
        n: u32,
    },
}

pub async fn audit(bench: &Bench, action: AuditAction, badge: Option<&str>) -> Result<(), String> {
    match action {
        AuditAction::Verify => {
            let check = bench.verify_audit().await.map_err(|e| e.message)?;
            if check.intact {
                println!("audit log of {}: {}", bench.config().bench_id(), check.message);
                Ok(())
            } else {
                Err(check.message)
            }
        }
        AuditAction::Tail { n } => {
            sign_in(bench, badge, &mut Pins::new()).await?;
            for e in bench.audit_tail(n).await.map_err(|e| e.message)?.into_iter().rev() {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    e.seq, e.at, e.actor, e.action, e.subject, e.detail
                );
            }
            Ok(())
        }
    }
}
