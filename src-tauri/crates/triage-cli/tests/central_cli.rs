//! `triage central …`, `triage import returns --central` and `triage sync` against a
//! throwaway PostgreSQL, as an administrator and a bench would run them.

use std::process::{Command, Output};

fn triage(data: &std::path::Path, central: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(args)
        .env("TRIAGE_DATA_DIR", data)
        .env("TRIAGE_CENTRAL_URL", central)
        .env("LANG", "en_US.UTF-8")
        .output()
        .unwrap()
}

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
    text(&out.stdout)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn an_administrator_sets_up_central_and_a_bench_syncs_with_it() {
    let pg = triage_pgtest::Postgres::start().unwrap();
    pg.create_db("central").unwrap();
    let url = pg.admin_url("central");
    let bench = tempfile::tempdir().unwrap();
    let data = bench.path();
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../assets/demo/returns.json");

    assert!(ok(&triage(data, &url, &["central", "migrate"])).contains("up to date"));
    ok(&triage(
        data,
        &url,
        &["central", "create-site", "LIL1", "--name", "Lille"],
    ));
    let settings = data.join("central.toml");
    let out = ok(&triage(
        data,
        &url,
        &[
            "central",
            "create-bench",
            "--site",
            "LIL1",
            "--bench",
            "B1",
            "--out",
            settings.to_str().unwrap(),
        ],
    ));
    assert!(out.contains("login triage_lil1_b1"), "{out}");
    let file = std::fs::read_to_string(&settings).unwrap();
    assert!(
        !out.contains(
            file.lines()
                .find(|l| l.starts_with("password"))
                .unwrap()
                .split('"')
                .nth(1)
                .unwrap()
        ),
        "the password is not printed"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&settings).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let out = ok(&triage(
        data,
        &url,
        &["import", "returns", demo, "--central", "--site", "LIL1"],
    ));
    assert!(out.contains("600 new returns"), "{out}");

    let out = ok(&triage(data, &url, &["sync"]));
    assert!(
        out.contains("central      LIL1/B1") && out.contains("online       yes"),
        "{out}"
    );
    let out = ok(&triage(data, &url, &["demo"]));
    assert!(
        out.contains("takes them from central"),
        "a synced bench gets no demo data: {out}"
    );
    // The bench's site is the one central.toml names; another TRIAGE_SITE is refused.
    let out = Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(["sync", "--status"])
        .env("TRIAGE_DATA_DIR", data)
        .env("TRIAGE_SITE", "PAR1")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("TRIAGE_SITE=\"PAR1\" but")
            && text(&out.stderr).contains("enrols this bench in site \"LIL1\": unset TRIAGE_SITE"),
        "{}",
        text(&out.stderr)
    );

    // Bad input is answered with what to do.
    let out = triage(
        data,
        &url,
        &[
            "central",
            "create-bench",
            "--site",
            "NOPE",
            "--bench",
            "B1",
            "--out",
            "/tmp/x.toml",
        ],
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("create it first with `triage central create-site NOPE`"));
    let out = triage(data, &url, &["central", "create-site", "a site", "--name", "x"]);
    assert!(text(&out.stderr).contains("use 1 to 32 letters, digits, '-' or '_'"));
    let out = triage(data, "", &["central", "migrate"]);
    assert!(
        text(&out.stderr).contains("TRIAGE_CENTRAL_URL"),
        "{}",
        text(&out.stderr)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&settings, std::fs::Permissions::from_mode(0o644)).unwrap();
        let out = triage(data, &url, &["sync"]);
        assert!(!out.status.success());
        assert!(text(&out.stderr).contains("chmod 600"), "{}", text(&out.stderr));
        std::fs::set_permissions(&settings, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    // Central away: the bench says so, and that its work is kept.
    drop(pg);
    let out = triage(data, &url, &["sync"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("the work stays on this bench"),
        "{}",
        text(&out.stderr)
    );
}
