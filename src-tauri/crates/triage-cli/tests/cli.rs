//! The `triage` binary as a user runs it: exit codes and what it prints.

use std::process::{Command, Output};

fn triage(data: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(args)
        .env("TRIAGE_DATA_DIR", data)
        .env("LANG", "en_US.UTF-8")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn import_reports_the_bad_line_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("returns.csv");
    let header = triage_core::import::CSV_COLUMNS.join(",");
    std::fs::write(
        &csv,
        format!(
            "{header}\nRMA0000001,#1,web,Ana,2026-11-20,2026-11-01,30,1Z999AA10123456784,1,SKU-1,036000291452,Mug,home,1,9.50,UNWANTED,,\n\
             RMA0000002,#2,web,Bo,2026-11-20,2026-11-01,30,1Z999AA10123456785,1,SKU-2,036000291453,Mug,home,1,9.50,UNWANTED,,\n"
        ),
    )
    .unwrap();
    let out = triage(dir.path(), &["import", "returns", csv.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("line 3: gtin:"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");

    // The good file imports, and importing it again adds nothing.
    let good = dir.path().join("good.csv");
    let content = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(&good, content.lines().take(2).collect::<Vec<_>>().join("\n")).unwrap();
    let out = triage(dir.path(), &["import", "returns", good.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("imported 1 returns"),
        "{}",
        text(&out.stdout)
    );
    let again = triage(dir.path(), &["import", "returns", good.to_str().unwrap()]);
    assert!(
        text(&again.stdout).contains("imported 0 returns"),
        "{}",
        text(&again.stdout)
    );
    assert!(text(&again.stdout).contains("1 already on this bench"));
}

#[test]
fn scan_classify_prints_json_per_scan() {
    let dir = tempfile::tempdir().unwrap();
    let out = triage(
        dir.path(),
        &["scan", "classify", "--json", "4006381333931", "4006381333932"],
    );
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["kind"], "gtin");
    assert_eq!(lines[0]["valid"], true);
    assert_eq!(lines[1]["valid"], false);
    assert!(lines[1]["error"].as_str().unwrap().contains("check digit"));
}

#[test]
fn label_render_of_an_unknown_lpn_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let out = triage(
        dir.path(),
        &["label", "render", "--lpn", "LPN0010000001", "--out", "/tmp/x.pdf"],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("was not issued on this bench"),
        "{}",
        text(&out.stderr)
    );
    let bad = triage(dir.path(), &["label", "render", "--lpn", "nope", "--out", "/tmp/x.pdf"]);
    assert!(
        text(&bad.stderr).contains("an LPN is LPN followed by 10 digits"),
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn demo_loads_once_into_an_empty_bench() {
    let dir = tempfile::tempdir().unwrap();
    let first = triage(dir.path(), &["demo"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(
        text(&first.stdout).starts_with("loaded 600 demo returns"),
        "{}",
        text(&first.stdout)
    );
    let second = triage(dir.path(), &["demo"]);
    assert!(text(&second.stdout).contains("already holds returns"));
}
