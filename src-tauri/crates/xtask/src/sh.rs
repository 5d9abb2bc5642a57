//! Running programs, with what is run printed first.

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn status(cmd: &mut Command) -> Result<(), String> {
    println!("$ {}", describe(cmd));
    let st = cmd
        .status()
        .map_err(|e| format!("could not start {}: {e}", describe(cmd)))?;
    if st.success() {
        Ok(())
    } else {
        Err(format!("`{}` exited with {st}", describe(cmd)))
    }
}

fn describe(cmd: &Command) -> String {
    std::iter::once(cmd.get_program().to_string_lossy().into_owned())
        .chain(cmd.get_args().map(|a| a.to_string_lossy().into_owned()))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn cargo(root: &Path, args: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    status(Command::new(cargo).args(args).current_dir(root))
}

/// `cargo test` for the whole workspace, with the end-to-end test told where the app is.
pub fn cargo_test(root: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let bin = target_dir(root).join("debug").join("triage-desktop");
    let mut cmd = Command::new(cargo);
    cmd.args(["test", "--workspace"])
        .current_dir(root)
        .env("TRIAGE_DESKTOP_BIN", bin);
    for (k, v) in crate::setup::webkit_env() {
        cmd.env(k, v);
    }
    status(&mut cmd)
}

pub fn npm(root: &Path, args: &[&str]) -> Result<(), String> {
    status(
        Command::new("npm")
            .arg("--prefix")
            .arg(root.join("ui"))
            .args(args)
            .current_dir(root),
    )
}

pub fn run_with_env(root: &Path, program: &str, args: &[String], env: &[(String, String)]) -> Result<(), String> {
    let mut cmd = Command::new(program);
    cmd.args(args).current_dir(root);
    for (k, v) in env {
        cmd.env(k, v);
    }
    status(&mut cmd)
}

pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

pub fn found(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
