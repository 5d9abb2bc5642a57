//! A throwaway PostgreSQL server for tests and benchmarks.
//!
//! `initdb` writes a cluster into a temporary directory; `postgres` is started
//! directly (so its PID is the child's), listening only on a Unix socket in that
//! directory unless TCP is asked for. The superuser `postgres` logs in without a
//! password over the socket; every other role needs its SCRAM password, as on a
//! real server. PostgreSQL refuses to run as root, so when the tests run as root
//! the server runs as `nobody` (through util-linux's `setpriv`).
//!
//! `stop` (or drop) ends it with a fast shutdown; `crash` kills it the way a power
//! cut would look to clients (`immediate` shutdown: no checkpoint, WAL replay on
//! the next start), and `start_again` brings the same cluster back.

use std::io;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Postgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    tcp: bool,
    tls: bool,
    child: Option<Child>,
}

/// Where Debian keeps the server binaries (`/usr/lib/postgresql/<major>/bin`), newest first.
pub fn bin_dir() -> io::Result<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("/usr/lib/postgresql: {e}; install Debian's postgresql package (cargo xtask test does)"),
            )
        })?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let major = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("postgres").exists().then_some((major, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, b)| b).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::NotFound,
            "no PostgreSQL server under /usr/lib/postgresql",
        )
    })
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// A command run as the server's own user: `nobody` when we are root.
fn as_server_user(program: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"])
            .arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn free_port() -> io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

impl Postgres {
    /// A new cluster listening on a socket in its own directory.
    pub fn start() -> io::Result<Postgres> {
        Self::start_with(false)
    }

    /// A new cluster that also listens on 127.0.0.1 (for tests that cross TCP).
    pub fn start_tcp() -> io::Result<Postgres> {
        Self::start_with(true)
    }

    /// A new cluster on 127.0.0.1 that speaks TLS with this certificate and key
    /// (PEM); clients may still connect without TLS unless they require it.
    pub fn start_tls(cert_pem: &[u8], key_pem: &[u8]) -> io::Result<Postgres> {
        Self::start_full(true, Some((cert_pem, key_pem)))
    }

    fn start_with(tcp: bool) -> io::Result<Postgres> {
        Self::start_full(tcp, None)
    }

    fn start_full(tcp: bool, tls: Option<(&[u8], &[u8])>) -> io::Result<Postgres> {
        let bin = bin_dir()?;
        let dir = tempfile::Builder::new().prefix("triage-pg-").tempdir()?;
        if is_root() {
            let c = std::ffi::CString::new(dir.path().as_os_str().as_encoded_bytes()).map_err(io::Error::other)?;
            // SAFETY: a valid NUL-terminated path; 65534 is nobody/nogroup on Debian.
            if unsafe { libc::chown(c.as_ptr(), 65534, 65534) } != 0 {
                return Err(io::Error::last_os_error());
            }
        }
        let data = dir.path().join("data");
        let out = as_server_user(&bin.join("initdb"))
            .arg("-D")
            .arg(&data)
            .args([
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ])
            .stdin(Stdio::null())
            .output()?;
        if !out.status.success() {
            return Err(io::Error::other(format!(
                "initdb failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )));
        }
        // The superuser is trusted on the socket; every other role proves its password.
        std::fs::write(
            data.join("pg_hba.conf"),
            "local all postgres trust\nlocal all all scram-sha-256\nhost all all 127.0.0.1/32 scram-sha-256\n",
        )?;
        if let Some((cert, key)) = tls {
            // The key must belong to the server's user and be readable by it alone.
            for (name, pem) in [("server.crt", cert), ("server.key", key)] {
                let path = data.join(name);
                std::fs::write(&path, pem)?;
                std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
                if is_root() {
                    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).map_err(io::Error::other)?;
                    // SAFETY: a valid NUL-terminated path.
                    if unsafe { libc::chown(c.as_ptr(), 65534, 65534) } != 0 {
                        return Err(io::Error::last_os_error());
                    }
                }
            }
        }
        let port = if tcp { free_port()? } else { 5432 };
        let mut pg = Postgres {
            dir,
            bin,
            port,
            tcp,
            tls: tls.is_some(),
            child: None,
        };
        pg.start_again()?;
        Ok(pg)
    }

    /// Starts the server on the existing cluster (after `crash` or `stop_server`).
    pub fn start_again(&mut self) -> io::Result<()> {
        if self.child.is_some() {
            return Ok(());
        }
        let listen = if self.tcp { "127.0.0.1" } else { "" };
        let log = std::fs::File::create(self.dir.path().join("server.log"))?;
        let child = as_server_user(&self.bin.join("postgres"))
            .arg("-D")
            .arg(self.data())
            .arg("-k")
            .arg(self.dir.path())
            .args(["-p", &self.port.to_string()])
            .args(["-c", &format!("listen_addresses={listen}")])
            .args(["-c", "max_connections=100", "-c", "shared_buffers=128MB"])
            .args(if self.tls { &["-c", "ssl=on"][..] } else { &[][..] })
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()?;
        self.child = Some(child);
        self.wait_ready()
    }

    fn wait_ready(&mut self) -> io::Result<()> {
        let pid_file = self.data().join("postmaster.pid");
        let started = Instant::now();
        loop {
            // The last line of postmaster.pid says "ready" once connections are accepted.
            if let Ok(text) = std::fs::read_to_string(&pid_file) {
                if text.lines().nth(7).is_some_and(|l| l.trim() == "ready") {
                    return Ok(());
                }
            }
            if let Some(child) = self.child.as_mut() {
                if let Some(status) = child.try_wait()? {
                    self.child = None;
                    return Err(io::Error::other(format!("postgres exited ({status}): {}", self.log())));
                }
            }
            if started.elapsed() > Duration::from_secs(60) {
                return Err(io::Error::other(format!(
                    "postgres not ready after 60 s: {}",
                    self.log()
                )));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The server's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// The socket directory (the `host` of a socket connection).
    pub fn socket_dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// A URL for `user` (with `password`, if any) over the socket, to database `db`.
    pub fn url(&self, user: &str, password: Option<&str>, db: &str) -> String {
        let pw = password.map(|p| format!(":{}", encode(p))).unwrap_or_default();
        format!(
            "postgres://{user}{pw}@localhost:{}/{db}?host={}",
            self.port,
            encode(&self.dir.path().display().to_string())
        )
    }

    /// The superuser's URL to `db`.
    pub fn admin_url(&self, db: &str) -> String {
        self.url("postgres", None, db)
    }

    /// A URL over TCP (only for `start_tcp` servers).
    pub fn tcp_url(&self, user: &str, password: &str, db: &str) -> String {
        format!("postgres://{user}:{}@127.0.0.1:{}/{db}", encode(password), self.port)
    }

    /// Runs SQL as the superuser through psql (for test setup and for poking at rows).
    pub fn psql(&self, db: &str, sql: &str) -> io::Result<String> {
        let out = Command::new(self.bin.join("psql"))
            .arg("-h")
            .arg(self.dir.path())
            .args(["-p", &self.port.to_string(), "-U", "postgres", "-d", db])
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql])
            .output()?;
        if !out.status.success() {
            return Err(io::Error::other(String::from_utf8_lossy(&out.stderr).into_owned()));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_string())
    }

    /// Creates a database owned by the superuser.
    pub fn create_db(&self, db: &str) -> io::Result<()> {
        self.psql("postgres", &format!("CREATE DATABASE \"{db}\"")).map(|_| ())
    }

    fn signal_and_wait(&mut self, signal: i32) -> io::Result<()> {
        if let Some(mut child) = self.child.take() {
            // SAFETY: the PID is our own child, not yet reaped.
            unsafe { libc::kill(child.id() as i32, signal) };
            child.wait()?;
        }
        Ok(())
    }

    /// Immediate shutdown (SIGQUIT): connections drop, nothing is checkpointed,
    /// the next start replays the WAL — a crash as clients see it.
    pub fn crash(&mut self) -> io::Result<()> {
        self.signal_and_wait(libc::SIGQUIT)
    }

    /// Fast shutdown (SIGINT): open transactions are rolled back, then a checkpoint.
    pub fn stop_server(&mut self) -> io::Result<()> {
        self.signal_and_wait(libc::SIGINT)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = self.signal_and_wait(libc::SIGQUIT);
    }
}

/// Percent-encodes what a URL's user-info or query value cannot hold as is.
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_answers_crashes_and_recovers() {
        let mut pg = Postgres::start().unwrap();
        pg.create_db("t").unwrap();
        pg.psql("t", "CREATE TABLE x (n int); INSERT INTO x VALUES (1), (2)")
            .unwrap();
        assert_eq!(pg.psql("t", "SELECT sum(n) FROM x").unwrap(), "3");
        let first = pg.pid().unwrap();
        pg.crash().unwrap();
        assert!(pg.psql("t", "SELECT 1").is_err(), "the server is down after a crash");
        pg.start_again().unwrap();
        assert_ne!(pg.pid().unwrap(), first);
        assert_eq!(
            pg.psql("t", "SELECT sum(n) FROM x").unwrap(),
            "3",
            "committed rows survive the crash"
        );
        assert!(pg.log().contains("database system was interrupted"), "{}", pg.log());
    }
}
