//! The Python peer `triage bench` compares labels with: reportlab and python-barcode
//! (pinned) in a venv of the user's cache, installed on first use, then the same 4x6
//! label made by `label_peer.py` and timed in the same run.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;
use triage_labels::LabelData;

const SCRIPT: &str = include_str!("label_peer.py");
const PACKAGES: [&str; 2] = ["reportlab==5.1.0", "python-barcode==0.16.1"];

/// Medians in microseconds, one label at a time.
#[derive(Debug, Deserialize)]
pub struct PeerTimes {
    pub pdf_us: f64,
    pub pdf_helvetica_us: f64,
    pub zpl_us: f64,
    pub first_pdf_us: f64,
    pub pdf_bytes: usize,
    pub reportlab: String,
    pub python_barcode: String,
}

/// Where the venv lives: TRIAGE_PEER_VENV, else `$XDG_CACHE_HOME` or `~/.cache`
/// under `triage/label-peer-venv`.
fn venv_dir() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("TRIAGE_PEER_VENV") {
        return Ok(PathBuf::from(dir));
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))
        .ok_or("neither XDG_CACHE_HOME nor HOME is set: set TRIAGE_PEER_VENV to a folder for the venv")?;
    Ok(cache.join("triage").join("label-peer-venv"))
}

fn run(command: &mut Command, what: &str) -> Result<std::process::Output, String> {
    let out = command.output().map_err(|e| format!("{what}: {e}"))?;
    if out.status.success() {
        Ok(out)
    } else {
        Err(format!(
            "{what} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// The venv's python with the pinned packages, created or completed when needed.
fn python(venv: &Path) -> Result<PathBuf, String> {
    let python = venv.join("bin").join("python");
    let probe = "import reportlab, barcode, sys; sys.exit(reportlab.Version != '5.1.0' or barcode.version != '0.16.1')";
    if Command::new(&python)
        .args(["-c", probe])
        .status()
        .is_ok_and(|s| s.success())
    {
        return Ok(python);
    }
    eprintln!(
        "triage bench: installing {} into {}",
        PACKAGES.join(" "),
        venv.display()
    );
    if !python.exists() {
        run(
            Command::new("python3").arg("-m").arg("venv").arg(venv),
            "python3 -m venv (Debian: apt install python3-venv)",
        )?;
    }
    run(
        Command::new(venv.join("bin").join("pip"))
            .args(["install", "-q"])
            .args(PACKAGES),
        "pip install",
    )?;
    Ok(python)
}

/// The peer's timings for `count` labels like `label` (its LPN numbered per label);
/// `logo`: the logo's `^GFA` line as Triage prints it, for the peer's ZPL.
pub fn measure(label: &LabelData, logo: &str, count: usize) -> Result<PeerTimes, String> {
    let venv = venv_dir()?;
    let python = python(&venv)?;
    let mut fonts = Vec::new();
    for (name, bytes) in triage_labels::font_files() {
        let path = venv.join(name);
        if std::fs::read(&path).ok().as_deref() != Some(bytes) {
            std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        fonts.push(path);
    }
    let script = venv.join("label_peer.py");
    std::fs::write(&script, SCRIPT).map_err(|e| format!("{}: {e}", script.display()))?;
    let mut child = Command::new(python)
        .arg(&script)
        .args(&fonts)
        .arg(count.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("the Python peer: {e}"))?;
    let mut input = serde_json::to_value(label).map_err(|e| e.to_string())?;
    input["logo"] = logo.into();
    let input = serde_json::to_vec(&input).map_err(|e| e.to_string())?;
    child
        .stdin
        .take()
        .ok_or("the Python peer has no stdin")?
        .write_all(&input)
        .map_err(|e| format!("the Python peer: {e}"))?;
    let out = child.wait_with_output().map_err(|e| format!("the Python peer: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "the Python peer failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("the Python peer's answer: {e}"))
}
