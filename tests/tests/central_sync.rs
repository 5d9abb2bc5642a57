//! Benches syncing with a real central PostgreSQL (a throwaway cluster per test):
//! round trips between benches and sites, central crashing mid-batch, the bench
//! killed mid-sync, and a long offline backlog draining.

use std::path::Path;
use std::sync::Arc;
use triage_tests::central::{
    demo, home_return, home_returns, inspect, loaded_bench, open_bench as open, queue_copies, Centre,
};

async fn centre() -> Centre {
    Centre::start().await
}

/// Site S1 with the demo returns and benches B1, B2 (numbers 1, 2); site S2 with
/// one return (Lyon's copy of the home return, also returned) and bench B3 (number 3).
/// The benches are open, a lead logged in at each, nothing synced yet.
async fn two_sites() -> (
    Centre,
    [tempfile::TempDir; 3],
    [triage_app::Bench; 3],
    triage_core::ReturnOrder,
) {
    let c = centre().await;
    let dirs = [(); 3].map(|_| tempfile::tempdir().unwrap());
    for (dir, (site, bench)) in dirs.iter().zip([("S1", "B1"), ("S1", "B2"), ("S2", "B3")]) {
        c.enrol(site, bench, dir.path()).await;
    }
    c.admin.import_returns("S1", &demo()).await.unwrap();
    let mut lyon = home_return();
    lyon.return_number = triage_core::ReturnNumber::parse("RMA9990001").unwrap();
    lyon.tracking_numbers = vec!["1Z999AA10000000001".into()];
    c.admin.import_returns("S2", std::slice::from_ref(&lyon)).await.unwrap();
    let benches = [
        open(dirs[0].path(), 1).await,
        open(dirs[1].path(), 2).await,
        open(dirs[2].path(), 3).await,
    ];
    (c, dirs, benches, lyon)
}

#[tokio::test]
async fn benches_of_one_site_share_returns_and_results_and_another_site_sees_nothing() {
    let (c, _dirs, [b1, b2, b3], _) = two_sites().await;
    let (returns, home) = (demo(), home_return());
    let status = b1.sync_status().await.unwrap();
    assert!(
        status.configured && !status.online && !status.attempted,
        "before the first exchange the bench is connecting, not offline: {status:?}"
    );
    let status = b1.sync_now().await.unwrap();
    assert!(
        status.online && status.attempted && status.last_error.is_none(),
        "{status:?}"
    );
    assert_eq!(status.central_bench.as_deref(), Some("S1/B1"));
    assert_eq!(
        b1.store().count_returns().await.unwrap(),
        returns.len() as i64,
        "B1 pulled its site's returns"
    );
    b3.sync_now().await.unwrap();
    assert_eq!(
        b3.store().count_returns().await.unwrap(),
        1,
        "Lyon's bench sees only Lyon's return"
    );

    // B1 grades a unit: it reaches central with its explanation and stock movement.
    let lpn = inspect(&b1, &home).await;
    assert!(
        b1.sync_status().await.unwrap().backlog >= 5,
        "parcel, unit, inspection, label, unit wait"
    );
    let status = b1.sync_now().await.unwrap();
    assert_eq!(status.backlog, 0);
    assert_eq!(c.count("SELECT count(*) FROM inspections"), 1);
    assert_eq!(
        c.sql(&format!("SELECT state FROM units WHERE lpn = '{lpn}'")),
        "labelled"
    );
    assert_eq!(
        c.sql("SELECT i.decision->>'summary' <> '' AND i.rules_hash <> '' FROM inspections i"),
        "t",
        "the decision arrives with its explanation and rule set"
    );
    assert_eq!(
        c.sql("SELECT kind || ' ' || sku FROM inventory_events"),
        format!("restocked {}", home.lines[0].sku)
    );
    // Sending again changes nothing.
    b1.sync_now().await.unwrap();
    assert_eq!(c.count("SELECT count(*) FROM inspections"), 1);

    // B1's audit log is at central, whole, and its chain verifies there on its own.
    let chain = audit_at_central(&c, "B1");
    let at_bench = b1.verify_audit().await.unwrap().entries;
    assert!(at_bench >= 3, "parcel received, unit started, unit confirmed at least");
    assert_eq!(triage_core::audit::verify(chain.clone()), Ok(at_bench));
    let mut edited = chain;
    edited[1].detail = edited[1].detail.replace('}', r#","x":1}"#);
    assert!(
        triage_core::audit::verify(edited).is_err(),
        "an edit at central shows too"
    );

    // B2 receives the same line: central calls it a conflict, and B1 hears of it.
    b2.sync_now().await.unwrap();
    inspect(&b2, &home).await;
    b2.sync_now().await.unwrap();
    assert_eq!(c.count("SELECT count(*) FROM inspections"), 2);
    let kinds = c.sql("SELECT string_agg(kind, ',' ORDER BY kind) FROM conflicts");
    assert_eq!(kinds, "more_than_expected,received_twice");
    let status = b1.sync_now().await.unwrap();
    assert_eq!(status.conflicts, 2, "B1 pulled the conflicts for its lead");
    assert_eq!(
        b3.sync_now().await.unwrap().conflicts,
        0,
        "Lyon hears nothing of Lille's conflicts"
    );

    // A return cancelled centrally after receipt: cancelled on the bench and a conflict.
    assert!(c.admin.cancel_return("S1", home.return_number.as_str()).await.unwrap());
    assert_eq!(b2.sync_now().await.unwrap().conflicts, 3);
}

/// The pull reads pages of 2000 returns and writes each page while central reads the
/// next; every return must arrive exactly as central holds it, and a return changed
/// centrally must replace the bench's copy (lines and tracking numbers too).
#[tokio::test]
async fn a_site_of_several_pages_arrives_as_central_holds_it_and_a_changed_return_replaces_the_old() {
    let c = centre().await;
    let d = tempfile::tempdir().unwrap();
    c.enrol("S1", "B1", d.path()).await;
    let base = demo();
    // Three pages, the last one short; two tracking numbers each.
    let mut site: Vec<triage_core::ReturnOrder> = (0..4100)
        .map(|i| {
            let mut o = base[i % base.len()].clone();
            o.return_number = triage_core::ReturnNumber::parse(&format!("RMA{i:08}")).unwrap();
            o.tracking_numbers = vec![format!("1ZPAGE{i:012}"), format!("1ZPAGF{i:012}")];
            o
        })
        .collect();
    assert!(site
        .iter()
        .any(|o| o.lines.len() > 1 && o.lines.iter().any(|l| !l.expected_serials.is_empty())));
    c.admin.import_returns("S1", &site).await.unwrap();
    let bench = open(d.path(), 1).await;
    let status = bench.sync_now().await.unwrap();
    assert!(status.last_error.is_none(), "{status:?}");
    assert_eq!(bench.store().count_returns().await.unwrap(), 4100);
    for o in &site {
        let held = bench.store().find_return(o.return_number.as_str()).await.unwrap();
        assert_eq!(
            held.as_ref(),
            Some(o),
            "{} as central holds it",
            o.return_number.as_str()
        );
    }

    // Central replaces one return's lines and tracking numbers.
    let i = site.iter().position(|o| o.lines.len() > 1).unwrap();
    let changed = &mut site[i];
    changed.lines.truncate(1);
    changed.lines[0].quantity += 1;
    changed.tracking_numbers = vec!["1ZCHANGED0000000001".into()];
    c.admin
        .import_returns("S1", std::slice::from_ref(changed))
        .await
        .unwrap();
    bench.sync_now().await.unwrap();
    let held = bench.store().find_return(changed.return_number.as_str()).await.unwrap();
    assert_eq!(held.as_ref(), Some(&*changed));
    assert_eq!(bench.store().count_returns().await.unwrap(), 4100);
}

/// A bench that worked alone made its own users; when it joins central, central's
/// user of the same badge wins, and the audit log keeps what the bench had.
#[tokio::test]
async fn a_bench_made_user_whose_badge_central_holds_becomes_centrals_and_the_audit_log_says_so() {
    let c = centre().await;
    let d = tempfile::tempdir().unwrap();
    c.enrol("S1", "B1", d.path()).await;
    let bench = open(d.path(), 1).await;
    triage_tests::people::sign_in(&bench, triage_core::Role::Admin).await;
    bench
        .put_user("EMP4001", "Made Here", triage_core::Role::Inspector, Some("7391"), true)
        .await
        .unwrap();
    bench
        .put_user(
            "EMP4002",
            "Same Everywhere",
            triage_core::Role::Inspector,
            Some("7391"),
            true,
        )
        .await
        .unwrap();
    let hash = triage_app::hash_pin("8402").unwrap();
    c.admin
        .put_user("S1", "EMP4001", "Known Centrally", "lead", &hash)
        .await
        .unwrap();
    let same = bench
        .store()
        .site_users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.badge == "EMP4002")
        .unwrap();
    c.admin
        .put_user("S1", "EMP4002", "Same Everywhere", "inspector", &same.pin_hash)
        .await
        .unwrap();

    let status = bench.sync_now().await.unwrap();
    assert!(status.last_error.is_none(), "{status:?}");
    let users = bench.store().site_users().await.unwrap();
    let emp = users.iter().find(|u| u.badge == "EMP4001").unwrap();
    assert_eq!(
        (emp.name.as_str(), emp.role.as_str(), emp.pin_hash.as_str()),
        ("Known Centrally", "lead", hash.as_str())
    );
    let replaced: Vec<_> = bench
        .store()
        .audit_tail(50)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "user.replaced_by_central")
        .collect();
    assert_eq!(replaced.len(), 1, "only the user that differed: {replaced:?}");
    assert_eq!(
        (replaced[0].actor.as_str(), replaced[0].subject.as_str()),
        ("system", "EMP4001")
    );
    let detail: serde_json::Value = serde_json::from_str(&replaced[0].detail).unwrap();
    assert_eq!(
        detail,
        serde_json::json!({"bench": {"name": "Made Here", "role": "inspector", "active": true},
                           "central": {"name": "Known Centrally", "role": "lead", "active": true}, "pinChanged": true})
    );
    assert!(bench.verify_audit().await.unwrap().intact, "the chain holds");
}

/// A lead at any bench of a site sees the site's numbers: the bench's own units
/// from its database, the other benches' from central (who graded them, where);
/// another site's stay out; with central gone, the bench's own and why.
#[tokio::test]
async fn a_leads_dashboard_counts_every_bench_of_the_site_through_central() {
    let (mut c, _dirs, [b1, b2, b3], lyon) = two_sites().await;
    let homes = home_returns(3);
    for b in [&b1, &b2, &b3] {
        b.sync_now().await.unwrap();
    }
    // B2 offers every unit for a blind re-grade; its lead re-grades one.
    triage_tests::people::sign_in(&b2, triage_core::Role::Admin).await;
    b2.set_calibration_share(100.0).await.unwrap();
    triage_tests::people::sign_in(&b2, triage_core::Role::Lead).await;
    inspect(&b1, &homes[0]).await;
    let regraded = inspect(&b2, &homes[1]).await;
    inspect(&b2, &homes[2]).await;
    inspect(&b3, &lyon).await;
    b2.calibrate(&regraded, triage_core::Grade::C).await.unwrap();
    // B1 has not pushed: its own unit counts from its database all the same.
    b2.sync_now().await.unwrap();
    b3.sync_now().await.unwrap();
    let (lead, _) = triage_tests::people::demo_user(triage_core::Role::Lead);
    assert_eq!(
        c.sql(
            "SELECT string_agg(DISTINCT i.inspector || '@' || p.bench, ',') FROM inspections i
               JOIN units u ON u.id = i.unit_id JOIN parcels p ON p.id = u.parcel_id WHERE i.site_id = 'S1'"
        ),
        format!("{lead}@S1-02"),
        "who graded and where reach central"
    );

    let shift = triage_app::dto::DashboardPeriod::Shift;
    let view = b1.dashboard(&shift).await.unwrap();
    assert_eq!(view.source.benches, ["S1-01", "S1-02"]);
    assert!(
        view.source.central && view.source.central_error.is_none(),
        "{:?}",
        view.source
    );
    assert_eq!(view.kpis.tiles.graded, 3, "B1's one and B2's two");
    assert_eq!(view.calibration.regraded, 1, "B2's re-grade, through central");
    assert_eq!(view.calibration.agreement_percent, Some(0.0));
    let by_bench = view
        .kpis
        .charts
        .iter()
        .find(|c| c.id == "units_per_hour_by_bench")
        .unwrap();
    assert_eq!(by_bench.labels, ["S1-01", "S1-02"]);
    let view = b3.dashboard(&shift).await.unwrap();
    assert_eq!(view.source.benches, ["S2-03"], "Lyon sees nothing of Lille");
    assert_eq!(view.kpis.tiles.graded, 1);

    c.pg.stop_server().unwrap();
    let view = b1.dashboard(&shift).await.unwrap();
    assert!(!view.source.central, "{:?}", view.source);
    assert!(
        view.source
            .central_error
            .as_deref()
            .is_some_and(|e| e.contains("central")),
        "{:?}",
        view.source
    );
    assert_eq!(
        (view.source.benches.len(), view.kpis.tiles.graded),
        (1, 1),
        "B1's own unit"
    );
    assert_eq!(view.calibration.regraded, 0, "B2's re-grade is at central only");
}

/// A unit dropped at another bench (scanned by mistake, left unconfirmed) is no unit
/// received: central finds no conflict for it, and keeps it as dropped.
#[tokio::test]
async fn a_unit_dropped_at_another_bench_is_no_conflict_at_central() {
    let (c, _dirs, [b1, b2, _], _) = two_sites().await;
    let home = home_return();
    for b in [&b1, &b2] {
        b.sync_now().await.unwrap();
    }
    inspect(&b1, &home).await;
    b1.sync_now().await.unwrap();
    let parcel = b2.scan_parcel(&home.tracking_numbers[0]).await.unwrap();
    let unit = b2
        .start_unit(&parcel.parcel_id, home.lines[0].gtin.as_str())
        .await
        .unwrap();
    b2.drop_unit(&unit.unit_id).await.unwrap();
    assert_eq!(b2.sync_now().await.unwrap().backlog, 0);
    assert_eq!(
        c.sql(&format!("SELECT state FROM units WHERE id = '{}'", unit.unit_id)),
        "dropped"
    );
    assert_eq!(c.count("SELECT count(*) FROM conflicts"), 0);
}

/// A lead's blind re-grade reaches central once, beside the inspector's grade.
#[tokio::test]
async fn a_blind_regrade_reaches_central_once() {
    use triage_core::Role;
    use triage_tests::people::{demo_user, sign_in};
    let (c, _d, bench) = one_bench_synced().await;
    sign_in(&bench, Role::Admin).await;
    bench.set_calibration_share(100.0).await.unwrap();
    sign_in(&bench, Role::Inspector).await;
    let unit = triage_tests::central::grade(&bench, &home_return(), &[]).await;
    sign_in(&bench, Role::Lead).await;
    bench.calibrate(&unit.lpn, triage_core::Grade::C).await.unwrap();
    bench.sync_now().await.unwrap();
    assert_eq!(bench.sync_now().await.unwrap().backlog, 0);
    let (lead, _) = demo_user(Role::Lead);
    let (inspector, _) = demo_user(Role::Inspector);
    assert_eq!(
        c.sql(&format!(
            "SELECT count(*) || ' ' || min(c.lead_grade) || ' ' || min(c.lead) || ' ' || min(i.grade) || ' ' || min(i.inspector)
             FROM calibrations c JOIN inspections i ON i.unit_id = c.unit_id JOIN units u ON u.id = c.unit_id
             WHERE u.lpn = '{}'",
            unit.lpn
        )),
        format!("1 C {lead} A {inspector}")
    );
}

/// A bench's audit log as central holds it, oldest first (times as the bench wrote them).
fn audit_at_central(c: &Centre, bench: &str) -> Vec<triage_core::audit::AuditEntry> {
    let rows = c.sql(&format!(
        "SELECT json_agg(json_build_object('seq', a.seq, 'at', to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),
                'actor', a.actor, 'action', a.action, 'subject', a.subject, 'detail', a.detail_text,
                'prev_hash', a.prev_hash, 'hash', a.hash) ORDER BY a.seq)
         FROM audit_log a JOIN benches b ON b.id = a.bench_id WHERE b.name = '{bench}'"
    ));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&rows).unwrap();
    rows.into_iter()
        .map(|r| triage_core::audit::AuditEntry {
            seq: r["seq"].as_i64().unwrap(),
            at: r["at"].as_str().unwrap().into(),
            actor: r["actor"].as_str().unwrap().into(),
            action: r["action"].as_str().unwrap().into(),
            subject: r["subject"].as_str().unwrap().into(),
            detail: r["detail"].as_str().unwrap().into(),
            prev_hash: r["prev_hash"].as_str().unwrap().into(),
            hash: r["hash"].as_str().unwrap().into(),
        })
        .collect()
}

/// Central with the demo returns for S1, and bench S1/B1 that pulled them.
async fn one_bench_synced() -> (Centre, tempfile::TempDir, triage_app::Bench) {
    let c = centre().await;
    let d = tempfile::tempdir().unwrap();
    c.enrol("S1", "B1", d.path()).await;
    c.admin.import_returns("S1", &demo()).await.unwrap();
    let bench = open(d.path(), 1).await;
    bench.sync_now().await.unwrap();
    (c, d, bench)
}

#[tokio::test]
async fn a_parcel_set_aside_then_matched_by_a_lead_is_one_row_at_central_updated_in_place() {
    let (c, _d, bench) = one_bench_synced().await;

    let set = bench
        .set_aside_parcel("1Z999AA10123456784", "no paperwork")
        .await
        .unwrap();
    assert_eq!(bench.sync_now().await.unwrap().backlog, 0);
    let row = |c: &Centre| {
        c.sql(&format!(
            "SELECT concat_ws('|', scanned, coalesce(return_number, '-'), set_aside_by, note, coalesce(matched_by, '-'))
             FROM parcels WHERE id = '{}'",
            set.parcel_id
        ))
    };
    assert_eq!(row(&c), "1Z999AA10123456784|-|EMP2001|no paperwork|-");

    let home = home_return();
    bench
        .match_parcel(&set.parcel_id, home.return_number.as_str())
        .await
        .unwrap();
    assert_eq!(bench.sync_now().await.unwrap().backlog, 0);
    assert_eq!(
        row(&c),
        format!(
            "1Z999AA10123456784|{}|EMP2001|no paperwork|EMP2001",
            home.return_number.as_str()
        )
    );
    assert_eq!(
        c.count("SELECT count(*) FROM parcels"),
        1,
        "updated in place, not a second row"
    );
}

#[tokio::test]
async fn a_unit_sent_back_and_inspected_again_is_no_conflict_at_central() {
    let (c, _d, bench) = one_bench_synced().await;
    let home = home_return();
    let held = triage_tests::central::grade(&bench, &home, &[triage_core::rules::Flag::OverrideRequested]).await;
    bench
        .send_back(&held.lpn, "look at the base again", None)
        .await
        .unwrap();
    let again = inspect(&bench, &home).await;
    assert_ne!(again, held.lpn);
    let status = bench.sync_now().await.unwrap();
    assert_eq!((status.backlog, status.conflicts), (0, 0), "{status:?}");
    assert_eq!(
        c.sql("SELECT string_agg(state || ':' || (reinspects IS NOT NULL), ',' ORDER BY state) FROM units"),
        "labelled:true,sent_back:false"
    );
    assert_eq!(
        c.count("SELECT count(*) FROM inspections"),
        2,
        "both inspections are kept"
    );
    assert_eq!(
        c.count("SELECT count(*) FROM conflicts"),
        0,
        "one unit received, not two"
    );
}

#[tokio::test]
async fn central_crashing_mid_batch_thirty_times_ends_with_every_inspection_once() {
    let mut c = centre().await;
    let dir = tempfile::tempdir().unwrap();
    let (bench, t) = loaded_bench(&c, dir.path(), 2999).await;
    let backlog = bench.sync_status().await.unwrap().backlog;
    assert!(backlog > 10_000, "{backlog}");
    let bench = Arc::new(bench);
    let mut crashes_mid_push = 0;
    let mut progress = Vec::new();
    for round in 0..30u64 {
        let b = bench.clone();
        let sync = tokio::spawn(async move { b.sync_now().await });
        // Different moments each round: before, during and after a batch's commit.
        tokio::time::sleep(std::time::Duration::from_millis(20 + (round * 97) % 900)).await;
        c.pg.crash().unwrap();
        let outcome = sync.await.unwrap();
        eprintln!(
            "round {round}: {}",
            outcome
                .as_ref()
                .map(|s| format!("done, {} waiting", s.backlog))
                .unwrap_or_else(|e| e.message.clone())
        );
        if outcome.is_err() {
            crashes_mid_push += 1;
        }
        c.pg.start_again().unwrap();
        progress.push(c.count("SELECT count(*) FROM inspections"));
        // Put back some work each round so there is always something in flight.
        if round % 3 == 0 {
            queue_copies(&dir.path().join("triage.sqlite"), &t, 300).await;
        }
    }
    eprintln!("inspections at central after each round: {progress:?}");
    assert!(
        crashes_mid_push >= 10,
        "the crashes hit syncs in progress ({crashes_mid_push} of 30)"
    );
    assert!(
        progress.windows(2).any(|w| w[1] > w[0]),
        "some batches committed between crashes: {progress:?}"
    );
    let status = bench.sync_now().await.unwrap();
    assert_eq!(status.backlog, 0, "{status:?}");
    let expected = 1 + 2999 + 10 * 300;
    assert_eq!(c.count("SELECT count(*) FROM inspections"), expected);
    assert_eq!(c.count("SELECT count(DISTINCT unit_id) FROM inspections"), expected);
    assert_eq!(
        c.count("SELECT count(*) FROM units WHERE state = 'labelled'"),
        expected,
        "every unit ends in its newest state"
    );
    assert_eq!(
        c.count("SELECT count(*) FROM inventory_events"),
        expected,
        "one stock movement per unit, none twice"
    );
}

const CHILD_ENV: &str = "TRIAGE_SYNC_CHILD_DIR";

/// The child half of `the_bench_killed_mid_sync_sends_everything_once`: runs only
/// when that test starts this binary with `CHILD_ENV` set, syncing until killed.
#[tokio::test]
async fn sync_child() {
    let Ok(dir) = std::env::var(CHILD_ENV) else { return };
    let bench = open(Path::new(&dir), 1).await;
    println!("child syncing");
    loop {
        let _ = bench.sync_now().await;
    }
}

#[tokio::test]
async fn the_bench_killed_mid_sync_sends_everything_once() {
    let c = centre().await;
    let dir = tempfile::tempdir().unwrap();
    let (bench, t) = loaded_bench(&c, dir.path(), 4999).await;
    bench.store().close().await;
    drop(bench);
    let exe = std::env::current_exe().unwrap();
    for (round, wait_ms) in [150u64, 400, 700, 1100, 1600].into_iter().enumerate() {
        let mut child = std::process::Command::new(&exe)
            .args(["--exact", "sync_child", "--nocapture"])
            .env(CHILD_ENV, dir.path())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(wait_ms));
        // SAFETY: our own child.
        unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
        child.wait().unwrap();
        if round == 1 {
            queue_copies(&dir.path().join("triage.sqlite"), &t, 1000).await;
        }
    }
    let bench = open(dir.path(), 1).await;
    let status = bench.sync_now().await.unwrap();
    assert_eq!(status.backlog, 0);
    let expected = 1 + 4999 + 1000;
    assert_eq!(c.count("SELECT count(*) FROM inspections"), expected);
    assert_eq!(c.count("SELECT count(*) FROM inventory_events"), expected);
}

#[tokio::test]
async fn ten_thousand_inspections_queued_offline_drain_when_central_returns() {
    let mut c = centre().await;
    let dir = tempfile::tempdir().unwrap();
    let (bench, _) = loaded_bench(&c, dir.path(), 9999).await;
    c.pg.stop_server().unwrap();
    let out = bench.sync_step().await;
    assert_eq!(out.step, "push");
    let status = bench.sync_status().await.unwrap();
    assert!(!status.online);
    let why = status.last_error.unwrap_or_default();
    assert!(
        why.contains("unreachable"),
        "the error says central is out of reach: {why}"
    );
    assert!(status.backlog >= 50_000, "{}", status.backlog);
    // Backing off: the next step waits instead of hammering a dead server.
    assert_eq!(bench.sync_step().await.step, "wait");

    c.pg.start_again().unwrap();
    let status = bench.sync_now().await.unwrap();
    assert_eq!(status.backlog, 0);
    assert!(status.online && status.last_error.is_none());
    assert_eq!(c.count("SELECT count(*) FROM inspections"), 10_000);
}

#[tokio::test]
async fn a_bench_set_up_for_another_site_than_its_central_settings_does_not_open() {
    let d = tempfile::tempdir().unwrap();
    triage_central::CentralSettings {
        url: "postgres://bench_s2_b9@localhost/central".into(),
        password: "not-used".into(),
        site: "S2".into(),
        bench: "B9".into(),
        tls: triage_central::TlsMode::Prefer,
        ca: None,
    }
    .write(&d.path().join("central.toml"))
    .unwrap();
    let config = triage_tests::bench_config(d.path(), 9);
    assert_eq!(config.site, "PAR1");
    let e = triage_app::Bench::open(config, Arc::new(chrono::Local::now), triage_app::Locale::En)
        .await
        .err()
        .expect("refused");
    assert_eq!(e.code, triage_app::ErrorCode::InvalidInput);
    assert!(
        e.message.contains("set up for site PAR1 but") && e.message.contains("enrols it in site S2"),
        "{}",
        e.message
    );
    // Opened for S2 (as `BenchConfig::from_env` does without TRIAGE_SITE), it opens.
    let mut config = triage_tests::bench_config(d.path(), 9);
    config.site = "S2".into();
    assert!(
        triage_app::Bench::open(config, Arc::new(chrono::Local::now), triage_app::Locale::En)
            .await
            .is_ok()
    );
}
