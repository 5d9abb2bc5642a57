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

/// `triage` run by the user with this badge and PIN (TRIAGE_BADGE, TRIAGE_PIN).
fn triage_as(data: &std::path::Path, who: (&str, &str), args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(args)
        .env("TRIAGE_DATA_DIR", data)
        .env("LANG", "en_US.UTF-8")
        .env("TRIAGE_BADGE", who.0)
        .env("TRIAGE_PIN", who.1)
        .output()
        .unwrap()
}

const ADMIN: (&str, &str) = ("EMP9001", "9173");
const LEAD: (&str, &str) = ("EMP2001", "4826");
const INSPECTOR: (&str, &str) = ("EMP1001", "2580");

/// `triage user add`, with the new user's PIN on standard input after the admin's
/// (the first user of a bench needs no admin).
fn add_user(data: &std::path::Path, admin: Option<(&str, &str)>, user: (&str, &str), name: &str, role: &str) -> Output {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_triage"));
    cmd.args(["user", "add", user.0, "--name", name, "--role", role])
        .env("TRIAGE_DATA_DIR", data)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut stdin = String::new();
    if let Some((badge, pin)) = admin {
        cmd.arg("--badge").arg(badge);
        stdin.push_str(&format!("{pin}\n"));
    }
    stdin.push_str(&format!("{}\n", user.1));
    let mut child = cmd.spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// A bench with an admin, a lead and an inspector.
fn people(data: &std::path::Path) {
    for (admin, user, name, role) in [
        (None, ADMIN, "Sofia", "admin"),
        (Some(ADMIN), LEAD, "Karim", "lead"),
        (Some(ADMIN), INSPECTOR, "Inès", "inspector"),
    ] {
        let out = add_user(data, admin, user, name, role);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
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
    people(dir.path());
    let out = triage_as(dir.path(), LEAD, &["import", "returns", csv.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("line 3: gtin:"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");

    // The good file imports, and importing it again adds nothing.
    let good = dir.path().join("good.csv");
    let content = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(&good, content.lines().take(2).collect::<Vec<_>>().join("\n")).unwrap();
    let out = triage_as(dir.path(), LEAD, &["import", "returns", good.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("imported 1 returns"),
        "{}",
        text(&out.stdout)
    );
    let again = triage_as(dir.path(), LEAD, &["import", "returns", good.to_str().unwrap()]);
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
fn scan_classify_lists_gs1_elements_and_reads_stdin_and_site_codes() {
    let dir = tempfile::tempdir().unwrap();
    let out = triage(
        dir.path(),
        &[
            "scan",
            "classify",
            "--json",
            "]C10109506000134352\u{1d}21SN-42\u{1d}3103001250",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).unwrap();
    assert_eq!(v["kind"], "gs1");
    assert_eq!(v["symbology"], "]C1");
    assert_eq!(v["gtin"], "09506000134352");
    assert_eq!(v["serial"], "SN-42");
    let elements: Vec<(String, String)> = v["elements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["ai"].as_str().unwrap().into(), e["value"].as_str().unwrap().into()))
        .collect();
    assert_eq!(
        elements,
        [
            ("01".into(), "09506000134352".into()),
            ("21".into(), "SN-42".into()),
            ("3103".into(), "001250".into())
        ]
    );
    assert_eq!(v["elements"][2]["decimal"], "1.250");

    // With no scans given, each line of standard input is one.
    let mut child = Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(["scan", "classify"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"EMP1042\n(01)09506000134353\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let lines: Vec<String> = text(&out.stdout).lines().map(str::to_string).collect();
    assert_eq!(lines[0], "EMP1042\tBadge\tEMP1042\tvalid");
    assert_eq!(
        lines[1],
        "(01)09506000134353\tGs1\t(01)09506000134353\tINVALID: AI (01) 09506000134353: check digit 3, expected 2 (position 18)"
    );

    // A site's patterns; a bad one is refused with where it went wrong.
    let codes = dir.path().join("codes.toml");
    std::fs::write(&codes, "badge = \"B[0-9]{6}\"\n").unwrap();
    let out = triage(
        dir.path(),
        &["scan", "classify", "--codes", codes.to_str().unwrap(), "B123456"],
    );
    assert!(text(&out.stdout).starts_with("B123456\tBadge"), "{}", text(&out.stdout));
    std::fs::write(&codes, "badge = \"B[0-9\"\n").unwrap();
    let out = triage(
        dir.path(),
        &["scan", "classify", "--codes", codes.to_str().unwrap(), "B123456"],
    );
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("badge = \"B[0-9\": regex parse error"), "{err}");
    assert!(
        err.contains("unclosed character class; fix the pattern and run again"),
        "{err}"
    );
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

const RULES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../assets/rules/default.toml");

#[test]
fn rules_check_accepts_the_default_file_and_names_its_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let out = triage(dir.path(), &["rules", "check", RULES]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains(": ok: version 2026.11-4, sha256 "), "{said}");
    assert!(said.contains("11 disposition rows, 7 refund rows"), "{said}");
}

#[test]
fn rules_check_prints_every_problem_with_its_line_and_exits_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let text_in = std::fs::read_to_string(RULES).unwrap();
    let broken = text_in
        .replacen(
            "when = { grade = \"A\" }",
            "when = { grade = \"A\", colour = \"red\" }",
            1,
        )
        .replacen("fee_percent = 20", "fee_percent = 120", 1);
    let file = dir.path().join("site.toml");
    std::fs::write(&file, &broken).unwrap();
    let out = triage(dir.path(), &["rules", "check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    // A row's problems are reported at its [[table]] header, the line above its id.
    let line = |needle: &str| broken[..broken.find(needle).unwrap()].matches('\n').count() + 1;
    let f = file.display();
    assert!(
        err.contains(&format!(
            "{f}:{}: disposition row \"restock-new\": \"colour\" is neither a fact",
            line("id = \"restock-new\"") - 1
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{f}:{}: refund row \"refund-missing-accessories\": fee_percent 120 is above 100",
            line("id = \"refund-missing-accessories\"") - 1
        )),
        "{err}"
    );
    assert!(
        err.contains("was refused (2 problems); fix the lines above and check it again"),
        "{err}"
    );
}

#[test]
fn rules_load_refuses_a_bad_file_and_keeps_the_rules_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "version = \"x\"\n").unwrap();
    people(dir.path());
    let out = triage_as(dir.path(), ADMIN, &["rules", "load", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let show = triage(dir.path(), &["rules", "show"]);
    assert!(
        text(&show.stdout).contains("version 2026.11-4\n"),
        "{}",
        text(&show.stdout)
    );
    assert!(
        text(&show.stdout).contains("source  built-in"),
        "{}",
        text(&show.stdout)
    );

    let site = dir.path().join("site.toml");
    let edited = std::fs::read_to_string(RULES)
        .unwrap()
        .replacen("version = \"2026.11-4\"", "version = \"site-7\"", 1);
    std::fs::write(&site, edited).unwrap();
    // Rules are the admin's: a lead is told so, and nothing changes.
    let out = triage_as(dir.path(), LEAD, &["rules", "load", site.to_str().unwrap()]);
    assert_eq!(
        text(&out.stderr).trim(),
        "triage: Karim is logged in as a lead: only an admin may load rule sets; ask one to log in"
    );
    let out = triage_as(dir.path(), ADMIN, &["rules", "load", site.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let show = triage(dir.path(), &["rules", "show"]);
    assert!(
        text(&show.stdout).contains("version site-7\n"),
        "{}",
        text(&show.stdout)
    );
}

#[test]
fn grade_prints_the_decision_with_its_explanation_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let facts = dir.path().join("facts.json");
    std::fs::write(
        &facts,
        r#"{"facts": {"category": "electronics", "days_since_purchase": 12, "window_days": 30,
             "unit_value_cents": 64900, "expected_serials": ["356938035643809"]},
            "answers": {"sealed": "Y", "serial": "490154203237518"}}"#,
    )
    .unwrap();
    let out = triage(
        dir.path(),
        &["grade", "--rules", RULES, "--facts", facts.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["grade"], "A");
    assert_eq!(d["ruleId"], "restock-new");
    assert_eq!(d["flags"], serde_json::json!(["serial_mismatch", "high_value"]));
    assert_eq!(
        d["flagRules"],
        serde_json::json!(["flag-serial-mismatch", "flag-high-value"])
    );
    assert_eq!(d["destination"]["en"], "Lead review shelf");
    assert_eq!(d["complete"], true);
    assert_eq!(
        d["summary"],
        "Restock → Lead review shelf: grade A, electronics, flagged serial_mismatch, high_value"
    );

    std::fs::write(&facts, r#"{"facts": {"category": "toys"}}"#).unwrap();
    let out = triage(dir.path(), &["grade", "--facts", facts.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("unknown variant `toys`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn unit_override_answers_bad_input_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    people(dir.path());
    let out = triage(
        dir.path(),
        &[
            "unit",
            "override",
            "LPN0010000009",
            "--grade",
            "Z",
            "--reason",
            "looks new",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr).trim(),
        "triage: grade \"Z\" is not one of A, B, C, D, F"
    );

    let out = triage(
        dir.path(),
        &[
            "unit",
            "redispose",
            "LPN0010000009",
            "--to",
            "sell",
            "--reason",
            "overstock",
        ],
    );
    assert_eq!(
        text(&out.stderr).trim(),
        "triage: disposition \"sell\" is not one of restock, refurbish, liquidate, dispose"
    );

    let out = triage_as(
        dir.path(),
        LEAD,
        &[
            "unit",
            "override",
            "LPN0010000009",
            "--grade",
            "B",
            "--reason",
            "looks new",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("LPN0010000009 was not issued on this bench: check the LPN"),
        "{}",
        text(&out.stderr)
    );
    // Without a badge the command says how to give one; an inspector may not override.
    let args = [
        "unit",
        "override",
        "LPN0010000009",
        "--grade",
        "B",
        "--reason",
        "looks new",
    ];
    assert!(text(&triage(dir.path(), &args).stderr).contains("needs who you are: --badge EMP…"));
    let out = triage_as(dir.path(), INSPECTOR, &args);
    assert_eq!(
        text(&out.stderr).trim(),
        "triage: Inès is logged in as an inspector: only a lead may override or re-dispose a unit; ask one to log in"
    );
    let out = triage_as(dir.path(), (LEAD.0, "1111"), &args);
    assert_eq!(
        text(&out.stderr).trim(),
        "triage: wrong PIN for EMP2001: type it again (4 tries left before the badge locks)"
    );
}

#[test]
fn label_print_refuses_a_printer_it_cannot_name_and_says_how_to_write_one() {
    let dir = tempfile::tempdir().unwrap();
    people(dir.path());
    let out = triage_as(
        dir.path(),
        LEAD,
        &[
            "label",
            "print",
            "--lpn",
            "LPN0010000001",
            "--printer",
            "lpd://printer/q",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr).trim(),
        "triage: printer \"lpd://printer/q\": lpd:// is not a printer this bench knows; write it as ipp://host:631/printers/NAME, socket://host:9100, usb://0a5f:0164 or file:///folder"
    );
    let out = triage(dir.path(), &["label", "retry"]);
    assert!(out.status.success());
    assert_eq!(text(&out.stdout).trim(), "no print job is due");
}

#[test]
fn users_are_added_by_an_admin_and_five_wrong_pins_lock_a_badge() {
    let dir = tempfile::tempdir().unwrap();
    // The first user of a bench must be an admin.
    let out = add_user(dir.path(), None, INSPECTOR, "Inès", "inspector");
    assert_eq!(
        text(&out.stderr).trim(),
        "triage: this bench has no users yet: the first one must be an admin with a PIN"
    );
    people(dir.path());
    let out = add_user(dir.path(), Some(ADMIN), ("EMP3001", "1234"), "Tom", "inspector");
    assert!(
        text(&out.stderr).contains("consecutive digits"),
        "{}",
        text(&out.stderr)
    );
    let out = add_user(dir.path(), Some(LEAD), ("EMP3001", "7391"), "Tom", "inspector");
    assert!(
        text(&out.stderr).contains("only an admin may manage users"),
        "{}",
        text(&out.stderr)
    );

    let list = triage_as(dir.path(), ADMIN, &["user", "list"]);
    assert_eq!(
        text(&list.stdout),
        "EMP1001\tinspector\tInès\nEMP2001\tlead\tKarim\nEMP9001\tadmin\tSofia\n"
    );
    let wrong = (INSPECTOR.0, "0000");
    for left in (1..=4).rev() {
        let out = triage_as(dir.path(), wrong, &["audit", "tail"]);
        assert!(
            text(&out.stderr).contains(&format!("({left} tries left")),
            "{}",
            text(&out.stderr)
        );
    }
    let out = triage_as(dir.path(), wrong, &["audit", "tail"]);
    assert!(
        text(&out.stderr).contains("badge EMP1001 is locked until"),
        "{}",
        text(&out.stderr)
    );
    // Locked: even the right PIN waits.
    let out = triage_as(dir.path(), INSPECTOR, &["audit", "tail"]);
    assert!(text(&out.stderr).contains("is locked until"), "{}", text(&out.stderr));

    let out = triage_as(dir.path(), LEAD, &["audit", "tail", "-n", "3"]);
    let tail = text(&out.stdout);
    let actions: Vec<&str> = tail.lines().map(|l| l.split('\t').nth(3).unwrap()).collect();
    assert_eq!(
        actions,
        ["user.badge_locked", "user.login_while_locked", "user.login"],
        "{tail}"
    );
}

#[test]
fn audit_verify_names_the_entry_someone_edited_in_the_database_file() {
    let dir = tempfile::tempdir().unwrap();
    people(dir.path());
    let out = triage(dir.path(), &["audit", "verify"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The built-in rules put in force, three users saved, two admin logins.
    assert!(
        text(&out.stdout).ends_with(": 6 entries, chain intact\n"),
        "{}",
        text(&out.stdout)
    );

    let db = dir.path().join("triage.sqlite");
    let edit = Command::new("sqlite3")
        .arg(&db)
        .arg("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = replace(detail, 'lead', 'admin') WHERE seq = 4;")
        .output()
        .expect("sqlite3 runs (cargo xtask test installs it)");
    assert!(edit.status.success(), "{}", text(&edit.stderr));
    let out = triage(dir.path(), &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr).trim(),
        "triage: the audit log is broken: entry 4 was changed after it was written (its hash no longer matches)"
    );
}

#[test]
fn review_lists_what_waits_for_a_lead_and_approve_releases_it() {
    let dir = tempfile::tempdir().unwrap();
    people(dir.path());
    // An inspector may not see the queue; a lead sees it empty.
    let out = triage_as(dir.path(), INSPECTOR, &["review"]);
    assert!(
        text(&out.stderr).contains("only a lead may work the review queue"),
        "{}",
        text(&out.stderr)
    );
    let out = triage_as(dir.path(), LEAD, &["review"]);
    assert_eq!(text(&out.stdout), "0 shown of 0 waiting\n", "{}", text(&out.stderr));
    let out = triage_as(dir.path(), LEAD, &["review", "--flag", "stolen"]);
    assert!(
        text(&out.stderr).contains("--flag \"stolen\" is not one of wrong_item"),
        "{}",
        text(&out.stderr)
    );
    let out = triage_as(
        dir.path(),
        LEAD,
        &["unit", "approve", "LPN0010000009", "--reason", "seen it"],
    );
    assert!(
        text(&out.stderr).contains("LPN0010000009 was not issued on this bench"),
        "{}",
        text(&out.stderr)
    );
    let out = triage_as(
        dir.path(),
        LEAD,
        &[
            "unit",
            "send-back",
            "LPN0010000009",
            "--reason",
            "look again",
            "--to",
            "EMP9001",
        ],
    );
    assert!(
        text(&out.stderr).contains("EMP9001 is not an inspector or lead of this bench"),
        "{}",
        text(&out.stderr)
    );
    let out = triage_as(
        dir.path(),
        LEAD,
        &["unit", "send-back", "LPN0010000009", "--reason", "look again"],
    );
    assert!(
        text(&out.stderr).contains("LPN0010000009 was not issued on this bench"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_parcel_set_aside_by_an_inspector_is_listed_and_matched_by_a_lead() {
    let dir = tempfile::tempdir().unwrap();
    people(dir.path());
    assert!(triage(dir.path(), &["demo"]).status.success());
    let stray = "1Z999AA10123456784";
    let out = triage_as(
        dir.path(),
        INSPECTOR,
        &["parcel", "set-aside", stray, "--note", "no paperwork"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!("{stray} set aside for a lead: put it on the unmatched shelf\nno printer is chosen: write the code on the parcel\n")
    );
    let out = triage_as(dir.path(), INSPECTOR, &["parcel", "set-aside", "RMA4890066"]);
    assert!(
        text(&out.stderr).contains("RMA4890066 matches a return on this bench: scan it to receive the parcel instead"),
        "{}",
        text(&out.stderr)
    );
    let out = triage_as(dir.path(), LEAD, &["review"]);
    let said = text(&out.stdout);
    assert!(
        said.contains(&format!("\tunmatched_parcel {stray}\tEMP1001\t-\tno paperwork\n")),
        "{said}"
    );
    assert!(said.ends_with("1 shown of 1 waiting\n"), "{said}");
    // The lead hands it to another lead, who finds it under --mine.
    let parcel_id = said.lines().next().unwrap().split('\t').nth(1).unwrap().to_string();
    const LEAD2: (&str, &str) = ("EMP2002", "7391");
    let out = add_user(dir.path(), Some(ADMIN), LEAD2, "Léa", "lead");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = triage_as(dir.path(), LEAD, &["review", "assign", &parcel_id, "EMP1001"]);
    assert!(
        text(&out.stderr).contains("EMP1001 is not a lead of this bench"),
        "{}",
        text(&out.stderr)
    );
    let out = triage_as(dir.path(), LEAD, &["review", "assign", &parcel_id, "emp2002"]);
    assert_eq!(
        text(&out.stdout),
        format!("{parcel_id} handed to EMP2002\n"),
        "{}",
        text(&out.stderr)
    );
    let out = triage_as(dir.path(), LEAD2, &["review", "--mine"]);
    let said = text(&out.stdout);
    assert!(said.contains("\tEMP1001\t→EMP2002\tno paperwork\n"), "{said}");
    assert!(said.ends_with("1 shown of 1 waiting\n"), "{said}");
    let out = triage_as(dir.path(), LEAD, &["review", "--mine"]);
    assert_eq!(text(&out.stdout), "0 shown of 1 waiting\n", "{}", text(&out.stderr));
    let out = triage_as(dir.path(), INSPECTOR, &["parcel", "match", stray, "RMA4890066"]);
    assert!(
        text(&out.stderr).contains("only a lead may work the review queue"),
        "{}",
        text(&out.stderr)
    );
    let out = triage_as(dir.path(), LEAD, &["parcel", "match", "1Z000", "RMA4890066"]);
    assert!(
        text(&out.stderr).contains("no parcel set aside on this bench is 1Z000"),
        "{}",
        text(&out.stderr)
    );
    let out = triage_as(dir.path(), LEAD, &["parcel", "match", stray, "RMA0000000"]);
    assert!(
        text(&out.stderr).contains("no return on this bench matches RMA0000000"),
        "{}",
        text(&out.stderr)
    );
    let out = triage_as(dir.path(), LEAD, &["parcel", "match", stray, "RMA4890066"]);
    assert_eq!(
        text(&out.stdout),
        format!("{stray} matched to RMA4890066; 0 left waiting for a lead\n"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn closing_and_settling_parcels_answer_bad_input_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    people(dir.path());
    assert!(triage(dir.path(), &["demo"]).status.success());
    let said = |who, args: &[&str]| {
        let out = triage_as(dir.path(), who, args);
        assert!(!out.status.success(), "{args:?} succeeded");
        text(&out.stderr)
    };
    assert!(said(INSPECTOR, &["parcel", "close", "1Z000"])
        .contains("no parcel 1Z000 was received on this bench: scan it first"));
    let stray = "1Z999AA10123456784";
    assert!(triage_as(dir.path(), INSPECTOR, &["parcel", "set-aside", stray])
        .status
        .success());
    assert!(said(INSPECTOR, &["parcel", "close", stray])
        .contains("this parcel matches no return yet: set it aside for a lead (F6) instead of closing it"));
    assert!(said(
        INSPECTOR,
        &["parcel", "settle", stray, "--reason", "refund what arrived"]
    )
    .contains("only a lead may work the review queue"));
    assert!(
        said(LEAD, &["parcel", "settle", stray, "--reason", "refund what arrived"])
            .contains(&format!("no parcel closed short waits on this bench as {stray}"))
    );
}

#[test]
fn dashboard_prints_the_shift_and_a_chart_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    people(dir.path());
    let out = triage_as(dir.path(), INSPECTOR, &["dashboard"]);
    assert!(
        text(&out.stderr).contains("may see the dashboard"),
        "{}",
        text(&out.stderr)
    );
    let out = triage_as(dir.path(), LEAD, &["dashboard"]);
    let said = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(said.contains("graded 0  units/h 0.0  dwell median - min"), "{said}");
    assert!(
        said.contains("\ndisposition_mix (Units): units\n  restock\t0\n"),
        "{said}"
    );
    let out = triage_as(dir.path(), LEAD, &["dashboard", "--csv", "disposition_mix"]);
    assert_eq!(
        text(&out.stdout),
        "disposition,units\r\nrestock,0\r\nrefurbish,0\r\nliquidate,0\r\ndispose,0\r\n"
    );
    let out = triage_as(dir.path(), LEAD, &["dashboard", "--csv", "pie"]);
    assert!(
        text(&out.stderr).contains("there is no chart \"pie\"; the charts are units_per_hour_by_inspector"),
        "{}",
        text(&out.stderr)
    );
    let out = triage_as(dir.path(), LEAD, &["dashboard", "--to", "2026-11-27"]);
    assert!(text(&out.stderr).contains("--to needs --from"), "{}", text(&out.stderr));
    let out = triage_as(
        dir.path(),
        LEAD,
        &["dashboard", "--from", "2026-11-27", "--to", "2026-11-20"],
    );
    assert!(
        text(&out.stderr).contains("the dates run backwards"),
        "{}",
        text(&out.stderr)
    );
    let out = triage_as(dir.path(), LEAD, &["dashboard", "--from", "2026-11-20", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["from"].as_str().unwrap().starts_with("2026-11-20T00:00:00"), "{v}");
    assert!(v["to"].as_str().unwrap().starts_with("2026-11-21T00:00:00"), "{v}");
    // Shift times are an admin's.
    let out = triage_as(dir.path(), LEAD, &["dashboard", "--set-shifts", "07:00,19:00"]);
    assert!(text(&out.stderr).contains("only an admin may"), "{}", text(&out.stderr));
    let out = triage_as(dir.path(), ADMIN, &["dashboard", "--set-shifts", "19:00,07:00"]);
    assert_eq!(
        text(&out.stdout),
        "shifts start at 07:00, 19:00\n",
        "{}",
        text(&out.stderr)
    );
    let out = triage_as(dir.path(), ADMIN, &["dashboard", "--set-shifts", "7h"]);
    assert!(
        text(&out.stderr).contains("\"7h\" is not a time of day as HH:MM"),
        "{}",
        text(&out.stderr)
    );
    // The calibration share is an admin's too; a re-grade is a lead's.
    let out = triage_as(dir.path(), LEAD, &["dashboard", "--set-calibration", "5"]);
    assert!(text(&out.stderr).contains("only an admin may"), "{}", text(&out.stderr));
    let out = triage_as(dir.path(), ADMIN, &["dashboard", "--set-calibration", "150"]);
    assert!(text(&out.stderr).contains("is not 0–100"), "{}", text(&out.stderr));
    let out = triage_as(dir.path(), ADMIN, &["dashboard", "--set-calibration", "5"]);
    assert_eq!(
        text(&out.stdout),
        "5 % of graded units are offered to a lead for a blind re-grade\n",
        "{}",
        text(&out.stderr)
    );
    let out = triage_as(dir.path(), LEAD, &["dashboard"]);
    assert!(
        text(&out.stdout).contains("calibration (5 % offered): re-graded 0  agreement - %"),
        "{}",
        text(&out.stdout)
    );
    let out = triage_as(
        dir.path(),
        LEAD,
        &["unit", "calibrate", "LPN0010000009", "--grade", "E"],
    );
    assert!(
        text(&out.stderr).contains("--grade \"E\" is not one of A, B, C, D, F"),
        "{}",
        text(&out.stderr)
    );
    let out = triage_as(
        dir.path(),
        LEAD,
        &["unit", "calibrate", "LPN0010000009", "--grade", "b"],
    );
    assert!(
        text(&out.stderr).contains("LPN0010000009 is not waiting for a blind re-grade"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn container_shows_the_open_one_and_refuses_to_close_an_empty_one() {
    let dir = tempfile::tempdir().unwrap();
    people(dir.path());
    assert!(triage(dir.path(), &["demo"]).status.success());
    let out = triage_as(dir.path(), INSPECTOR, &["container"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "open liquidation container: 0 units (0 SKUs), value 0.00\n"
    );
    let out = triage_as(dir.path(), INSPECTOR, &["container", "--close"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains(
            "the liquidation container is empty: no unit has been routed to liquidation on this bench since the last container was closed"
        ),
        "{}",
        text(&out.stderr)
    );
    let out = triage_as(dir.path(), ADMIN, &["container", "--close"]);
    assert!(
        text(&out.stderr).contains("logged in as an admin"),
        "{}",
        text(&out.stderr)
    );
}
