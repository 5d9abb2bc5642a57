//! `cargo xtask run [--xvfb] [--data-dir DIR]`, `cargo xtask test` and `cargo xtask fuzz [SECONDS]`.
//!
//! Both install what is missing (Debian packages, npm packages, tauri-driver),
//! build the UI and the app, then run it or run every check. Std only.

mod setup;
mod sh;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(&args[1..]),
        Some("fuzz") => match args.get(1).map(|s| s.parse::<u32>()) {
            None => setup::fuzz(&root(), 60),
            Some(Ok(seconds)) => setup::fuzz(&root(), seconds),
            Some(Err(_)) => Err(USAGE.to_string()),
        },
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage:
  cargo xtask run [--xvfb] [--data-dir DIR]   install what is missing, build, open the Triage window
  cargo xtask test                            install what is missing, build, run every check
  cargo xtask fuzz [SECONDS]                  fuzz scan classification (cargo fuzz, nightly; 60 s by default)";

/// The repository root (xtask lives in src-tauri/crates/xtask).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(3)
        .expect("xtask sits three levels below the root")
        .to_path_buf()
}

fn run(args: &[String]) -> Result<(), String> {
    let mut xvfb = false;
    let mut data_dir = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--xvfb" => xvfb = true,
            "--data-dir" => data_dir = Some(it.next().ok_or("--data-dir needs a folder")?.clone()),
            other => return Err(format!("unknown option {other:?}\n{USAGE}")),
        }
    }
    let root = root();
    let has_display = std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    let mut _xvfb_guard = None;
    let mut env: Vec<(String, String)> = setup::webkit_env();
    if !xvfb && !has_display {
        return Err(
            "no display found (DISPLAY and WAYLAND_DISPLAY are unset): run this from a desktop session, \
or use `cargo xtask run --xvfb` to run the window under Xvfb"
                .into(),
        );
    }
    setup::system_packages(setup::RUN_PACKAGES)?;
    setup::ui(&root)?;
    sh::cargo(&root, &["build", "--workspace", "--all-targets"])?;
    if xvfb {
        let (guard, display) = setup::start_xvfb()?;
        println!("xtask: running under Xvfb on {display}");
        env.push(("DISPLAY".into(), display));
        _xvfb_guard = Some(guard);
    }
    let mut app = vec![];
    if let Some(d) = data_dir {
        app.push("--data-dir".to_string());
        app.push(d);
    }
    let bin = sh::target_dir(&root).join("debug").join("triage-desktop");
    sh::run_with_env(&root, bin.to_str().unwrap_or("triage-desktop"), &app, &env)
}

/// One check of `cargo xtask test`.
type Step<'a> = Box<dyn Fn() -> Result<(), String> + 'a>;

fn test(args: &[String]) -> Result<(), String> {
    if let Some(a) = args.first() {
        return Err(format!("unknown option {a:?}\n{USAGE}"));
    }
    let root = root();
    let started = std::time::Instant::now();
    let counts = std::cell::Cell::new(sh::Counts::default());
    setup::system_packages(setup::TEST_PACKAGES)?;
    setup::tauri_driver(&root)?;
    setup::biip(&root)?;
    setup::ui(&root)?;
    let steps: Vec<(&str, Step)> = vec![
        (
            "cargo fmt --check",
            Box::new(|| sh::cargo(&root, &["fmt", "--all", "--", "--check"])),
        ),
        ("UI type check", Box::new(|| sh::npm(&root, &["run", "check"]))),
        ("UI unit tests", Box::new(|| sh::npm(&root, &["run", "test"]))),
        (
            "cargo build",
            Box::new(|| sh::cargo(&root, &["build", "--workspace", "--all-targets"])),
        ),
        (
            "cargo clippy",
            Box::new(|| {
                sh::cargo(
                    &root,
                    &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"],
                )
            }),
        ),
        (
            "cargo test",
            Box::new(|| {
                let c = sh::cargo_test(&root)?;
                counts.set(c);
                Ok(())
            }),
        ),
        ("fuzz scan classification (60 s)", Box::new(|| setup::fuzz(&root, 60))),
        (
            "generated TypeScript is committed",
            Box::new(|| setup::bindings_committed(&root)),
        ),
    ];
    for (name, step) in &steps {
        println!("\n==> {name}");
        let t = std::time::Instant::now();
        step().map_err(|e| format!("{name} failed: {e}"))?;
        println!("==> {name}: ok ({:.0} s)", t.elapsed().as_secs_f64());
    }
    println!(
        "\nxtask: every check passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    // The closing line CI reads: every Rust test that ran.
    let c = counts.get();
    println!("{} passed, {} failed", c.passed, c.failed);
    Ok(())
}
