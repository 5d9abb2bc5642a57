//! How a bench (or an administrator) reaches central, and the settings file that says so.

use crate::{Central, CentralError, Result};
use serde::{Deserialize, Serialize};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgSslMode};
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

/// TLS towards central: `prefer` uses it when the server offers it; `require`
/// refuses a server without it; `verify-full` also checks the certificate and the
/// host name against `ca` (or the bundled web roots).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum TlsMode {
    Disable,
    #[default]
    Prefer,
    Require,
    VerifyFull,
}

/// The bench's connection to central (`central.toml`, readable by its user only).
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CentralSettings {
    /// `postgres://role@host:port/db` (or `?host=/socket/dir`); the password is apart.
    pub url: String,
    pub password: String,
    pub site: String,
    pub bench: String,
    #[serde(default)]
    pub tls: TlsMode,
    /// A PEM file of the CA that signed central's certificate.
    #[serde(default)]
    pub ca: Option<PathBuf>,
}

impl std::fmt::Debug for CentralSettings {
    // The password never reaches a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CentralSettings")
            .field("url", &self.url)
            .field("password", &"<hidden>")
            .field("site", &self.site)
            .field("bench", &self.bench)
            .field("tls", &self.tls)
            .field("ca", &self.ca)
            .finish()
    }
}

impl CentralSettings {
    /// Reads the settings file, refusing one that other users could read.
    pub fn read(path: &std::path::Path) -> Result<CentralSettings> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let meta =
                std::fs::metadata(path).map_err(|e| CentralError::Invalid(format!("{}: {e}", path.display())))?;
            if meta.permissions().mode() & 0o077 != 0 {
                return Err(CentralError::Invalid(format!(
                    "{} holds central's password and others can read it; run `chmod 600 {}`",
                    path.display(),
                    path.display()
                )));
            }
        }
        let text =
            std::fs::read_to_string(path).map_err(|e| CentralError::Invalid(format!("{}: {e}", path.display())))?;
        toml::from_str(&text).map_err(|e| CentralError::Invalid(format!("{}: {e}", path.display())))
    }

    /// Writes the settings file readable by this user only (0600 from its creation).
    pub fn write(&self, path: &std::path::Path) -> Result<()> {
        use std::io::Write;
        let text = toml::to_string(self).map_err(|e| CentralError::Invalid(e.to_string()))?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options
            .open(path)
            .map_err(|e| CentralError::Invalid(format!("{}: {e}", path.display())))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o600))
                .map_err(|e| CentralError::Invalid(format!("{}: {e}", path.display())))?;
        }
        file.write_all(text.as_bytes())
            .map_err(|e| CentralError::Invalid(format!("{}: {e}", path.display())))
    }

    pub(crate) fn options(&self) -> Result<PgConnectOptions> {
        let mut o = options_from_url(&self.url)?.password(&self.password);
        o = o.ssl_mode(match self.tls {
            TlsMode::Disable => PgSslMode::Disable,
            TlsMode::Prefer => PgSslMode::Prefer,
            TlsMode::Require => PgSslMode::Require,
            TlsMode::VerifyFull => PgSslMode::VerifyFull,
        });
        if let Some(ca) = &self.ca {
            o = o.ssl_root_cert(ca);
        }
        Ok(o)
    }
}

pub(crate) fn options_from_url(url: &str) -> Result<PgConnectOptions> {
    PgConnectOptions::from_str(url).map_err(|e| {
        CentralError::Invalid(format!(
            "{}: not a PostgreSQL URL ({e}); write postgres://user@host:5432/database",
            redact(url)
        ))
    })
}

/// A URL with its password (if any) replaced, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            match userinfo.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &userinfo[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl Central {
    /// Connects as a bench, with the settings file's credentials and TLS choice.
    pub async fn connect(settings: &CentralSettings) -> Result<Central> {
        Self::connect_with(settings.options()?.application_name("triage-bench")).await
    }

    /// Connects with a URL (the administrator's, for `triage central …`).
    pub async fn connect_url(url: &str) -> Result<Central> {
        Self::connect_with(options_from_url(url)?.application_name("triage-admin")).await
    }

    async fn connect_with(options: PgConnectOptions) -> Result<Central> {
        let pool = PgPoolOptions::new()
            .max_connections(2)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await?;
        Ok(Central { pool })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact("postgres://a:secret@h:5432/db"), "postgres://a:***@h:5432/db");
        assert_eq!(redact("postgres://a@h/db"), "postgres://a@h/db");
        let s = CentralSettings {
            url: "postgres://a@h/db".into(),
            password: "hunter2".into(),
            site: "S".into(),
            bench: "B".into(),
            tls: TlsMode::Prefer,
            ca: None,
        };
        assert!(!format!("{s:?}").contains("hunter2"));
    }

    #[test]
    fn settings_file_is_private_and_refused_when_not() {
        let dir = std::env::temp_dir().join(format!("triage-central-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("central.toml");
        let s = CentralSettings {
            url: "postgres://bench@central:5432/triage".into(),
            password: "pw".into(),
            site: "S1".into(),
            bench: "B1".into(),
            tls: TlsMode::VerifyFull,
            ca: Some("/etc/triage/ca.pem".into()),
        };
        s.write(&path).unwrap();
        assert_eq!(CentralSettings::read(&path).unwrap(), s);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            let e = CentralSettings::read(&path).unwrap_err().to_string();
            assert!(e.contains("chmod 600"), "{e}");
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}
