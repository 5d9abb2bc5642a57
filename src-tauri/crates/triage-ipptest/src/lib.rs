//! Test support: a real IPP Everywhere printer. CUPS's `ippeveprinter` listens on a
//! free localhost port, runs a command per job (`/bin/true`: printed at once; a
//! script that sleeps: a slow printer; one that fails: a jam), and spools what it
//! received; its private system D-Bus is started with it. Both stop when dropped.
//!
//! Needs cups-ipp-utils and dbus-daemon (`cargo xtask test` installs them).

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running ippeveprinter and its D-Bus; both are stopped (by PID) when dropped.
pub struct Printer {
    /// `ipp://localhost:PORT/ipp/print`
    pub uri: String,
    /// Where it keeps each job's document.
    pub spool: PathBuf,
    children: Vec<Child>,
    _dir: tempfile::TempDir,
}

impl Drop for Printer {
    fn drop(&mut self) {
        for c in &mut self.children {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// A port nothing listens on now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn tool(name: &str) -> PathBuf {
    for dir in ["/usr/sbin", "/usr/bin", "/sbin", "/bin"] {
        let p = Path::new(dir).join(name);
        if p.exists() {
            return p;
        }
    }
    panic!("{name} is missing: `cargo xtask test` installs cups-ipp-utils and dbus-daemon")
}

/// A system bus of our own: ippeveprinter wants one even without DNS-SD.
fn private_dbus(dir: &Path) -> (Child, String) {
    let conf = std::fs::read_to_string("/usr/share/dbus-1/system.conf").expect("dbus-daemon's system.conf");
    let socket = dir.join("system_bus_socket");
    let conf: String = conf
        .lines()
        .filter(|l| !l.contains("<pidfile>") && !l.contains("<user>"))
        .map(|l| {
            if l.contains("<listen>") {
                format!("  <listen>unix:path={}</listen>", socket.display())
            } else if l.contains("<includedir>system.d</includedir>") {
                "  <includedir>/usr/share/dbus-1/system.d</includedir>".into()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let path = dir.join("system.conf");
    std::fs::write(&path, conf).unwrap();
    let mut child = Command::new(tool("dbus-daemon"))
        .arg(format!("--config-file={}", path.display()))
        .args(["--nofork", "--print-address"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("unix:"), "dbus-daemon said {line:?}");
    (child, line.trim().to_string())
}

/// An executable shell script in `dir` (a printer's per-job command).
pub fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// A PDF printer that runs `command` for each job; returns once it listens.
pub fn start(command: &Path) -> Printer {
    let dir = tempfile::tempdir().unwrap();
    let spool = dir.path().join("spool");
    std::fs::create_dir_all(&spool).unwrap();
    let (dbus, address) = private_dbus(dir.path());
    let port = free_port();
    let eve = Command::new(tool("ippeveprinter"))
        .env("DBUS_SYSTEM_BUS_ADDRESS", &address)
        .args(["-n", "localhost", "-p", &port.to_string(), "-r", "off", "-k"])
        .arg("-c")
        .arg(command)
        .arg("-d")
        .arg(&spool)
        .args(["-f", "application/pdf", "Triage Test"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let printer = Printer {
        uri: format!("ipp://localhost:{port}/ipp/print"),
        spool,
        children: vec![dbus, eve],
        _dir: dir,
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("localhost", port)).is_err() {
        assert!(Instant::now() < deadline, "ippeveprinter did not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
    printer
}

impl Printer {
    /// The PDF documents it received, oldest first.
    pub fn spooled(&self) -> Vec<Vec<u8>> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.spool)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
            .collect();
        files.sort();
        files.iter().map(|f| std::fs::read(f).unwrap()).collect()
    }
}
