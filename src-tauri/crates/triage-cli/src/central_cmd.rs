//! `triage central …` (the administrator, on central) and `triage sync` (this bench).

use clap::Subcommand;
use std::path::{Path, PathBuf};
use triage_app::Bench;
use triage_central::{Central, CentralSettings, TlsMode};

#[derive(Subcommand)]
pub enum CentralAction {
    /// Create or upgrade central's schema (run as the database's owner).
    Migrate {
        #[command(flatten)]
        url: AdminUrl,
    },
    /// Add a site (or rename it).
    CreateSite {
        /// 1 to 32 letters, digits, '-' or '_' (e.g. LIL1)
        id: String,
        #[arg(long)]
        name: String,
        #[command(flatten)]
        url: AdminUrl,
    },
    /// Issue a bench's login (a new password each time) and write its central.toml.
    CreateBench {
        #[arg(long)]
        site: String,
        #[arg(long)]
        bench: String,
        /// Where to write the bench's settings (readable by its user only); copy it
        /// into the bench's data folder as central.toml.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// TLS towards central: disable, prefer, require or verify-full.
        #[arg(long, default_value = "prefer")]
        tls: String,
        /// The CA certificate (PEM) that signed central's, for verify-full.
        #[arg(long, value_name = "FILE")]
        ca: Option<PathBuf>,
        #[command(flatten)]
        url: AdminUrl,
    },
    /// The shop cancelled a return; benches hear of it, and a lead if it was already received.
    CancelReturn {
        #[arg(long)]
        site: String,
        return_number: String,
        #[command(flatten)]
        url: AdminUrl,
    },
    /// Add a user of a site or change one; benches take them at their next sync.
    /// The PIN comes from TRIAGE_NEW_PIN or a line of standard input.
    PutUser {
        #[arg(long)]
        site: String,
        /// The user's badge code (e.g. EMP1042).
        badge: String,
        #[arg(long)]
        name: String,
        /// inspector, lead or admin
        #[arg(long)]
        role: String,
        #[command(flatten)]
        url: AdminUrl,
    },
    /// Check a rule file and make it the one the site's benches use.
    PublishRules {
        #[arg(long)]
        site: String,
        file: PathBuf,
        #[command(flatten)]
        url: AdminUrl,
    },
}

#[derive(clap::Args)]
pub struct AdminUrl {
    /// The administrator's postgres:// URL (default: TRIAGE_CENTRAL_URL).
    #[arg(long, value_name = "URL")]
    url: Option<String>,
}

impl AdminUrl {
    fn get(&self) -> Result<String, String> {
        self.url
            .clone()
            .or_else(|| {
                std::env::var("TRIAGE_CENTRAL_URL")
                    .ok()
                    .filter(|v| !v.trim().is_empty())
            })
            .ok_or_else(|| {
                "give central's URL with --url postgres://owner@host:5432/triage or TRIAGE_CENTRAL_URL".into()
            })
    }

    pub async fn connect(&self) -> Result<Central, String> {
        let url = self.get()?;
        Central::connect_url(&url).await.map_err(|e| e.to_string())
    }
}

/// The bench's URL: the administrator's with the bench's role as user and no password.
fn bench_url(admin: &str, role: &str) -> Result<String, String> {
    let (scheme, rest) = admin
        .split_once("://")
        .ok_or_else(|| format!("{}: not a postgres:// URL", triage_central::redact(admin)))?;
    // The user-info ends at the last '@' before the path or query.
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let rest = match rest[..end].rfind('@') {
        Some(at) => &rest[at + 1..],
        None => rest,
    };
    Ok(format!("{scheme}://{role}@{rest}"))
}

fn tls_mode(v: &str) -> Result<TlsMode, String> {
    match v.trim().to_ascii_lowercase().as_str() {
        "disable" => Ok(TlsMode::Disable),
        "prefer" => Ok(TlsMode::Prefer),
        "require" => Ok(TlsMode::Require),
        "verify-full" => Ok(TlsMode::VerifyFull),
        other => Err(format!(
            "--tls {other:?}: write disable, prefer, require or verify-full"
        )),
    }
}

pub async fn run(action: CentralAction) -> Result<(), String> {
    let e = |e: triage_central::CentralError| e.to_string();
    match action {
        CentralAction::Migrate { url } => {
            url.connect().await?.migrate().await.map_err(e)?;
            println!("central's schema is up to date");
        }
        CentralAction::CreateSite { id, name, url } => {
            url.connect().await?.create_site(&id, &name).await.map_err(e)?;
            println!("site {id} ({name}) is ready; issue its benches with `triage central create-bench --site {id}`");
        }
        CentralAction::CreateBench {
            site,
            bench,
            out,
            tls,
            ca,
            url,
        } => {
            let tls = tls_mode(&tls)?;
            let admin = url.get()?;
            let login = url.connect().await?.create_bench(&site, &bench).await.map_err(e)?;
            let settings = CentralSettings {
                url: bench_url(&admin, &login.role)?,
                password: login.password.clone(),
                site: site.clone(),
                bench: bench.clone(),
                tls,
                ca,
            };
            settings.write(&out).map_err(e)?;
            println!(
                "bench {bench} of site {site}: login {} at {}\nwrote {} (mode 600, it holds the password); copy it into the bench's data folder as central.toml",
                login.role,
                settings.url,
                out.display()
            );
        }
        CentralAction::CancelReturn {
            site,
            return_number,
            url,
        } => {
            let changed = url
                .connect()
                .await?
                .cancel_return(&site, &return_number)
                .await
                .map_err(e)?;
            println!(
                "{return_number} {}",
                if changed {
                    "is cancelled"
                } else {
                    "was already cancelled (or is not known at this site)"
                }
            );
        }
        CentralAction::PutUser {
            site,
            badge,
            name,
            role,
            url,
        } => {
            let role =
                triage_core::Role::parse(&role).ok_or(format!("--role {role:?}: write inspector, lead or admin"))?;
            let pin = crate::user_cmd::Pins::new().read("TRIAGE_NEW_PIN", "the user's PIN")?;
            triage_core::auth::check_new_pin(&pin)?;
            let hash = triage_app::hash_pin(&pin).map_err(|e| e.message)?;
            let badge = badge.trim().to_uppercase();
            url.connect()
                .await?
                .put_user(&site, &badge, name.trim(), role.as_str(), &hash)
                .await
                .map_err(e)?;
            println!(
                "{badge} {} is a {} at site {site}; its benches know them from their next sync",
                name.trim(),
                role.as_str()
            );
        }
        CentralAction::PublishRules { site, file, url } => {
            let (set, text) = triage_app::check_rule_file(&file).map_err(|e| e.message)?;
            url.connect()
                .await?
                .publish_rules(&site, &set.hash, &set.version, &file.display().to_string(), &text, true)
                .await
                .map_err(e)?;
            println!(
                "rules {} ({}) are in force for site {site}; its benches take them at their next sync",
                set.version,
                &set.hash[..12]
            );
        }
    }
    Ok(())
}

/// Loads returns into central for a site.
pub async fn import_returns(
    file: &Path,
    orders: &[triage_core::ReturnOrder],
    site: &str,
    url: &AdminUrl,
) -> Result<(), String> {
    let r = url
        .connect()
        .await?
        .import_returns(site, orders)
        .await
        .map_err(|e| format!("{}: {e}; nothing was imported", file.display()))?;
    println!(
        "central, site {site}: {} new returns from {}, {} updated",
        r.inserted,
        file.display(),
        r.updated
    );
    Ok(())
}

/// `triage sync`: send everything waiting, pull once, say how it stands.
pub async fn sync(bench: &Bench, status_only: bool) -> Result<(), String> {
    let status = if status_only {
        bench.sync_status().await
    } else {
        bench.sync_now().await
    }
    .map_err(|e| e.message)?;
    println!(
        "central      {}\nonline       {}\nwaiting      {} change(s){}\nlast sync    {}\nconflicts    {}",
        status.central_bench.as_deref().unwrap_or("not configured"),
        if status.online { "yes" } else { "no" },
        status.backlog,
        status
            .oldest_waiting
            .map(|t| format!(", oldest from {t}"))
            .unwrap_or_default(),
        status.last_success_at.as_deref().unwrap_or("never (in this run)"),
        status.conflicts
    );
    if let Some(err) = status.last_error {
        println!("last error   {err}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bench_url_names_the_bench_role_and_no_password() {
        assert_eq!(
            bench_url("postgres://owner:pw@db.example:5432/triage", "triage_s1_b1").unwrap(),
            "postgres://triage_s1_b1@db.example:5432/triage"
        );
        assert_eq!(
            bench_url("postgres://localhost/triage?host=/run/pg", "r").unwrap(),
            "postgres://r@localhost/triage?host=/run/pg"
        );
        assert!(bench_url("localhost", "r").is_err());
    }
}
