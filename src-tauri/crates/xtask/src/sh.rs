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

/// Tests counted from cargo's "test result:" lines.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub passed: u64,
    pub failed: u64,
}

/// Adds one "test result: ok. 13 passed; 0 failed; ..." line to `counts`.
pub fn count_line(counts: &mut Counts, line: &str) {
    let Some(rest) = line.trim().strip_prefix("test result: ") else {
        return;
    };
    for part in rest.split(';') {
        let words: Vec<&str> = part.split_whitespace().collect();
        if let [.., n, what] = words.as_slice() {
            let n: u64 = n.parse().unwrap_or(0);
            match *what {
                "passed" => counts.passed += n,
                "failed" => counts.failed += n,
                _ => {}
            }
        }
    }
}

/// `cargo test` for the whole workspace, with the end-to-end test told where the app is;
/// its output goes through as it comes, and the tests are counted.
pub fn cargo_test(root: &Path) -> Result<Counts, String> {
    use std::io::BufRead;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let bin = target_dir(root).join("debug").join("triage-desktop");
    let mut cmd = Command::new(cargo);
    cmd.args(["test", "--workspace"])
        .current_dir(root)
        .env("TRIAGE_DESKTOP_BIN", bin);
    for (k, v) in crate::setup::webkit_env() {
        cmd.env(k, v);
    }
    println!("$ {}", describe(&cmd));
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start cargo test: {e}"))?;
    let mut counts = Counts::default();
    if let Some(out) = child.stdout.take() {
        for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            count_line(&mut counts, &line);
        }
    }
    let st = child.wait().map_err(|e| e.to_string())?;
    if st.success() {
        Ok(counts)
    } else {
        Err(format!(
            "cargo test exited with {st} ({} passed, {} failed)",
            counts.passed, counts.failed
        ))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_over_result_lines() {
        let mut c = Counts::default();
        count_line(
            &mut c,
            "test result: ok. 13 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.04s",
        );
        count_line(
            &mut c,
            "test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out",
        );
        count_line(&mut c, "running 3 tests");
        assert_eq!(c, Counts { passed: 15, failed: 1 });
    }
}
