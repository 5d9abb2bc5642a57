//! Against a real SQLite file in a temporary folder.

use super::*;
use chrono::{NaiveDate, TimeZone, Utc};
use std::path::PathBuf;
use triage_core::rules::{Facts, RuleSet};
use triage_core::{Answer, Category, Gtin, ReturnLine, ReturnNumber, ReturnOrder, ReturnReason, UnitState};

const RULES: &str = include_str!("../../../../assets/rules/default.toml");

fn order(n: u32, tracking: &str) -> ReturnOrder {
    ReturnOrder {
        return_number: ReturnNumber::parse(&format!("RMA{n:07}")).unwrap(),
        order_number: format!("#{}", 1000 + n),
        channel: "web".into(),
        customer_name: "Zoë Lefèvre".into(),
        created_on: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        purchased_on: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        window_days: 30,
        tracking_numbers: vec![tracking.to_string()],
        lines: vec![ReturnLine {
            line_no: 1,
            sku: "HOM-MUG-0001".into(),
            gtin: Gtin::parse("4006381333931").unwrap(),
            description: "Mug en grès".into(),
            category: Category::Home,
            quantity: 2,
            unit_price_cents: 1250,
            reason: ReturnReason::Unwanted,
            comment: Some("cadeau en double".into()),
            expected_serials: vec![],
            tags: vec!["gift".into()],
        }],
    }
}

fn at(h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, h, 0, 0).unwrap()
}

async fn open_temp() -> (tempfile::TempDir, Store, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.sqlite");
    let store = Store::open(&path).await.unwrap();
    (dir, store, path)
}

fn confirm_record(unit_id: &str, hour: u32) -> ConfirmRecord {
    let rules = RuleSet::from_toml("default.toml", RULES).unwrap();
    let answers = vec![
        Answer {
            question_id: "complete".into(),
            key: "Y".into(),
        },
        Answer {
            question_id: "condition".into(),
            key: "1".into(),
        },
    ];
    let facts = Facts {
        category: Category::Home,
        reason: ReturnReason::Unwanted,
        days_since_purchase: 26,
        window_days: 30,
        unit_value_cents: 3_899,
        wrong_item: false,
        over_quantity: false,
        stock_need: Default::default(),
        expected_serials: Vec::new(),
        raised: Vec::new(),
    };
    ConfirmRecord {
        unit_id: unit_id.to_string(),
        bench: "PAR1-01".into(),
        bench_number: 1,
        inspector: "EMP0001".into(),
        decision: rules.decide(&facts, &answers),
        answers,
        at: at(hour),
        calibrate: false,
    }
}

fn label_in(dir: &std::path::Path) -> impl FnOnce(&triage_core::Lpn) -> std::result::Result<LabelFile, String> + '_ {
    move |lpn| {
        let path = dir.join(format!("{lpn}.pdf"));
        std::fs::write(&path, b"%PDF-test").map_err(|e| e.to_string())?;
        Ok(LabelFile {
            path,
            template: "restock_4x6".into(),
            print: None,
        })
    }
}

async fn inspecting_unit(store: &Store) -> UnitRecord {
    let p = store
        .receive_parcel("1Z999AA10123456784", Some("RMA0000001"), "PAR1-01", "EMP0001", at(9))
        .await
        .unwrap();
    store
        .start_unit(
            &NewUnit {
                parcel_id: &p.id,
                return_number: Some("RMA0000001"),
                line_no: Some(1),
                scanned: "4006381333931",
                category: Category::Home,
            },
            "EMP0001",
            at(9),
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn migrations_apply_on_an_empty_file_and_reopen_cleanly() {
    let (_dir, store, path) = open_temp().await;
    assert_eq!(store.count_returns().await.unwrap(), 0);
    store.close().await;
    let again = Store::open(&path).await.unwrap();
    assert_eq!(again.count_returns().await.unwrap(), 0);
    let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(&again.pool)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
}

#[tokio::test]
async fn imported_returns_are_found_by_tracking_and_return_number() {
    let (_dir, store, _) = open_temp().await;
    let orders = vec![order(1, "1Z999AA10123456784"), order(2, "9400111899560880000005")];
    let s = store.import_returns(&orders, "EMP0001", at(8)).await.unwrap();
    assert_eq!(
        s,
        ImportSummary {
            imported: 2,
            already_present: 0
        }
    );

    let by_tracking = store
        .find_return_for_parcel_code("9400111899560880000005")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_tracking, orders[1]);
    let by_number = store.find_return_for_parcel_code("RMA0000001").await.unwrap().unwrap();
    assert_eq!(by_number, orders[0]);
    assert!(store
        .find_return_for_parcel_code("1Z0000000000000000")
        .await
        .unwrap()
        .is_none());

    let again = store.import_returns(&orders, "EMP0001", at(8)).await.unwrap();
    assert_eq!(
        again,
        ImportSummary {
            imported: 0,
            already_present: 2
        }
    );
}

#[tokio::test]
async fn a_failing_import_leaves_nothing_behind() {
    let (_dir, store, _) = open_temp().await;
    // The second return reuses the first one's tracking number: the database refuses it.
    let orders = vec![order(1, "1Z999AA10123456784"), order(2, "1Z999AA10123456784")];
    assert!(store.import_returns(&orders, "EMP0001", at(8)).await.is_err());
    assert_eq!(store.count_returns().await.unwrap(), 0);
}

#[tokio::test]
async fn an_inspection_round_trips_and_shows_in_todays_work() {
    let (dir, store, _) = open_temp().await;
    store
        .import_returns(&[order(1, "1Z999AA10123456784")], "EMP0001", at(8))
        .await
        .unwrap();
    let unit = inspecting_unit(&store).await;
    assert_eq!(unit.state, UnitState::Inspecting);

    let (lpn, state, label) = store
        .confirm_unit(&confirm_record(&unit.id, 10), label_in(dir.path()))
        .await
        .unwrap();
    assert_eq!(lpn.as_str(), "LPN0010000001");
    assert_eq!(state, UnitState::Labelled);
    assert!(label.path.exists());

    let stored = store.unit(&unit.id).await.unwrap().unwrap();
    assert_eq!(
        (stored.state, stored.lpn.as_deref()),
        (UnitState::Labelled, Some("LPN0010000001"))
    );
    assert_eq!(store.confirmed_per_line("RMA0000001").await.unwrap(), vec![(1, 1)]);

    let today = store.confirmed_between("PAR1-01", at(0), at(23)).await.unwrap();
    assert_eq!(today.len(), 1);
    assert_eq!(today[0].sku, "HOM-MUG-0001");
    assert_eq!(
        (today[0].grade.as_str(), today[0].disposition.as_str()),
        ("A", "restock")
    );
    assert!(store
        .confirmed_between("PAR1-01", at(11), at(23))
        .await
        .unwrap()
        .is_empty());

    let (u, d, _) = store.inspection_by_lpn("LPN0010000001").await.unwrap().unwrap();
    assert_eq!((u.id.as_str(), d.rule_id.as_str()), (unit.id.as_str(), "restock-new"));
    // The rule set's version and fingerprint are stored with the inspection, in their own columns.
    let (version, hash): (String, String) = sqlx::query_as("SELECT rules_version, rules_hash FROM inspections")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    assert_eq!((version.as_str(), hash.len()), ("2026.11-4", 64));
    assert_eq!(hash, d.rules_hash);
    assert!(store.inspection_by_lpn("LPN0019999999").await.unwrap().is_none());

    // A second confirmation of the same unit is an illegal move, not a second row.
    let err = store
        .confirm_unit(&confirm_record(&unit.id, 11), label_in(dir.path()))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::IllegalTransition(_)), "{err}");

    // The next unit gets the next LPN.
    let second = inspecting_unit(&store).await;
    let (lpn2, _, _) = store
        .confirm_unit(&confirm_record(&second.id, 12), label_in(dir.path()))
        .await
        .unwrap();
    assert_eq!(lpn2.as_str(), "LPN0010000002");
}

#[tokio::test]
async fn a_label_failure_rolls_the_whole_confirmation_back() {
    let (dir, store, _) = open_temp().await;
    store
        .import_returns(&[order(1, "1Z999AA10123456784")], "EMP0001", at(8))
        .await
        .unwrap();
    let unit = inspecting_unit(&store).await;
    let err = store
        .confirm_unit(&confirm_record(&unit.id, 10), |_| {
            Err("label folder is read-only".into())
        })
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the label could not be written: label folder is read-only"
    );
    assert_eq!(
        store.unit(&unit.id).await.unwrap().unwrap().state,
        UnitState::Inspecting
    );
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM inspections")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    assert_eq!(n, 0);
    let waiting = store.outbox_batch(100).await.unwrap();
    let kinds: Vec<_> = waiting.iter().map(|c| c.kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["audit", "parcel", "audit", "unit", "audit"],
        "nothing of the failed confirmation waits for central"
    );
    let actions: Vec<_> = waiting.iter().filter_map(|c| c.body["action"].as_str()).collect();
    assert_eq!(actions, ["returns.imported", "parcel.received", "unit.started"]);
    // The LPN was not consumed.
    let (lpn, _, _) = store
        .confirm_unit(&confirm_record(&unit.id, 11), label_in(dir.path()))
        .await
        .unwrap();
    assert_eq!(lpn.as_str(), "LPN0010000001");
}

const CRASH_ENV: &str = "TRIAGE_STORE_CRASH_DB";

/// The child half of `a_crash_mid_confirmation_leaves_no_half_written_inspection`:
/// runs only when that test starts this binary with `CRASH_ENV` set, and dies
/// (abort) inside the confirmation transaction, after the inspection row was written.
#[tokio::test]
async fn crash_child() {
    let Ok(db) = std::env::var(CRASH_ENV) else { return };
    let store = Store::open(std::path::Path::new(&db)).await.unwrap();
    let unit_id = std::env::var("TRIAGE_STORE_CRASH_UNIT").unwrap();
    let _ = store
        .confirm_unit(&confirm_record(&unit_id, 10), |_| std::process::abort())
        .await;
    unreachable!("the child must have died inside the transaction");
}

#[tokio::test]
async fn a_crash_mid_confirmation_leaves_no_half_written_inspection() {
    let (_dir, store, path) = open_temp().await;
    store
        .import_returns(&[order(1, "1Z999AA10123456784")], "EMP0001", at(8))
        .await
        .unwrap();
    let unit = inspecting_unit(&store).await;
    store.close().await;

    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "tests::crash_child", "--nocapture", "--test-threads=1"])
        .env(CRASH_ENV, &path)
        .env("TRIAGE_STORE_CRASH_UNIT", &unit.id)
        .status()
        .unwrap();
    // SIGABRT (6), not a panic's exit code: the child died inside the transaction.
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(
        status.signal(),
        Some(6),
        "the child should have aborted mid-transaction: {status:?}"
    );

    let store = Store::open(&path).await.unwrap();
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM inspections")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    assert_eq!(n, 0, "no half-written inspection");
    let (labels,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM labels")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    assert_eq!(labels, 0);
    assert_eq!(
        store.unit(&unit.id).await.unwrap().unwrap().state,
        UnitState::Inspecting
    );
}

#[tokio::test]
async fn the_rule_set_in_force_survives_a_restart_and_old_ones_stay_readable() {
    let (_dir, store, path) = open_temp().await;
    assert_eq!(store.rules_in_force().await.unwrap(), None);
    let first = StoredRuleSet {
        hash: "aa".into(),
        version: "1".into(),
        source: "built-in".into(),
        text: "version = \"1\"".into(),
    };
    let second = StoredRuleSet {
        hash: "bb".into(),
        version: "2".into(),
        source: "/etc/site.toml".into(),
        text: "version = \"2\"".into(),
    };
    store.put_rules_in_force(&first, "EMP0001", at(8)).await.unwrap();
    store.put_rules_in_force(&second, "EMP0001", at(9)).await.unwrap();
    // Putting the same set in force again changes nothing.
    store.put_rules_in_force(&second, "EMP0001", at(10)).await.unwrap();
    drop(store);
    let store = Store::open(&path).await.unwrap();
    assert_eq!(store.rules_in_force().await.unwrap(), Some(second));
    assert_eq!(store.rule_set("aa").await.unwrap(), Some(first));
    assert_eq!(store.rule_set("cc").await.unwrap(), None);
}

#[tokio::test]
async fn an_amendment_based_on_a_stale_decision_is_refused_and_nothing_is_written() {
    let (dir, store, _) = open_temp().await;
    store
        .import_returns(&[order(1, "1Z999AA10123456784")], "EMP0001", at(8))
        .await
        .unwrap();
    let unit = inspecting_unit(&store).await;
    let rec = confirm_record(&unit.id, 10);
    store.confirm_unit(&rec, label_in(dir.path())).await.unwrap();
    let rules = RuleSet::from_toml("default.toml", RULES).unwrap();
    let original = store.decision_in_force(&unit.id).await.unwrap().unwrap();
    assert_eq!(original, rec.decision);

    let amendment = |reason: &str, to: triage_core::Disposition| triage_core::rules::Amendment {
        kind: triage_core::rules::AmendmentKind::Redisposition,
        grade: None,
        disposition: Some(to),
        route: None,
        destination: Some(triage_core::rules::LocalText {
            en: "Container K-1".into(),
            fr: "Conteneur K-1".into(),
        }),
        refund: None,
        reason: reason.into(),
    };
    let first = amendment("season is over", triage_core::Disposition::Liquidate);
    let after = rules.amend(&original, &first).unwrap();
    let record = |amendment, before, after| AmendRecord {
        unit_id: unit.id.clone(),
        amendment,
        before,
        after,
        by: "lead-1".into(),
        at: at(11),
    };
    let (state, label) = store
        .amend_unit(&record(first, original.clone(), after.clone()), |lpn, seq| {
            assert_eq!(seq, 1);
            label_in(dir.path())(lpn)
        })
        .await
        .unwrap();
    assert_eq!(state, UnitState::Labelled);
    assert!(label.is_some(), "the destination changed: the label is printed again");

    // A second lead still looking at the original decision is refused.
    let second = amendment("donate it instead", triage_core::Disposition::Dispose);
    let stale_after = rules.amend(&original, &second).unwrap();
    let err = store
        .amend_unit(&record(second, original, stale_after), |lpn, _| {
            label_in(dir.path())(lpn)
        })
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    let rows = store.amendments(&unit.id).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (
            rows[0].seq,
            rows[0].from_disposition.as_str(),
            rows[0].to_disposition.as_str()
        ),
        (1, "restock", "liquidate")
    );
    assert_eq!(store.decision_in_force(&unit.id).await.unwrap(), Some(after));
}

#[tokio::test]
async fn decisions_stored_by_the_walking_skeleton_are_upgraded_and_read() {
    let (dir, store, path) = open_temp().await;
    store
        .import_returns(&[order(1, "1Z999AA10123456784")], "EMP0001", at(8))
        .await
        .unwrap();
    let unit = inspecting_unit(&store).await;
    store
        .confirm_unit(&confirm_record(&unit.id, 10), label_in(dir.path()))
        .await
        .unwrap();
    // What the previous version stored, and its migration history.
    let old = r#"{"grade":"A","disposition":"restock","destination":{"en":"Review","fr":"Revue"},
        "refund":{"kind":"none","feePercent":0,"reason":"wrong_item"},"flags":["wrong_item"],
        "ruleId":"restock-new","gradedBy":null,"category":"home","withinWindow":true,
        "daysSincePurchase":26,"windowDays":30,"complete":true,"rulesVersion":"2026.11-1"}"#;
    sqlx::query("UPDATE inspections SET decision = ?")
        .bind(old)
        .execute(&store.pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = 20261127000005")
        .execute(&store.pool)
        .await
        .unwrap();
    drop(store);

    let store = Store::open(&path).await.unwrap();
    let d = store
        .decision_in_force(&unit.id)
        .await
        .unwrap()
        .expect("the old decision reads");
    assert_eq!(
        (d.grade, d.rule_id.as_str(), d.held),
        (triage_core::Grade::A, "restock-new", true)
    );
    assert_eq!(d.routed.en, "Review");
    assert!(d.facts.wrong_item && !d.facts.over_quantity);
    assert_eq!((d.facts.days_since_purchase, d.facts.window_days), (26, 30));
    assert_eq!(d.answers.len(), 2, "the answers come from the inspection row");
    let today = store.confirmed_between("PAR1-01", at(0), at(23)).await.unwrap();
    assert_eq!(today.len(), 1);
}

#[tokio::test]
async fn every_change_central_must_see_is_in_the_outbox_in_order() {
    use triage_core::sync::ChangeKind as K;
    let (dir, store, _) = open_temp().await;
    store
        .import_returns(&[order(1, "1Z999AA10123456784")], "EMP0001", at(8))
        .await
        .unwrap();
    let unit = inspecting_unit(&store).await;
    let label = label_in(dir.path());
    let with_job = move |lpn: &triage_core::Lpn| {
        let mut l = label(lpn)?;
        l.print = Some(NewPrintJob {
            lpn: lpn.to_string(),
            printer: "file:///tmp".into(),
            format: "pdf".into(),
            payload: b"%PDF".to_vec(),
            reprint_of: None,
        });
        Ok(l)
    };
    let (lpn, _, _) = store
        .confirm_unit(&confirm_record(&unit.id, 10), with_job)
        .await
        .unwrap();
    let job = store.print_jobs_for(lpn.as_str()).await.unwrap().remove(0);
    store.print_job_taken(&job.id, JobState::Done, at(11)).await.unwrap();

    let batch = store.outbox_batch(100).await.unwrap();
    let kinds: Vec<K> = batch.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            K::Audit,
            K::Parcel,
            K::Audit,
            K::Unit,
            K::Audit,
            K::Inspection,
            K::Audit,
            K::PrintJob,
            K::Label,
            K::Unit,
            K::PrintJob
        ]
    );
    assert!(batch.windows(2).all(|w| w[0].seq < w[1].seq));
    // Each body is the row as committed, JSON columns as JSON.
    let work: Vec<_> = batch.iter().filter(|c| c.kind != K::Audit).collect();
    assert_eq!(work[1].body["state"], "inspecting");
    assert_eq!(work[5].body["state"], "labelled");
    assert_eq!(work[5].body["lpn"], lpn.as_str());
    assert_eq!(work[2].body["answers"][0]["questionId"], "complete");
    assert_eq!(work[2].body["decision"]["grade"], work[2].body["grade"]);
    assert_eq!(work[6].body["state"], "done");
    assert_eq!(work[0].body["return_number"], "RMA0000001");
    // The audit entries go as they are chained: central's id is the hash as a UUID,
    // the detail both as JSON and as the exact text the hash covers.
    let audit: Vec<_> = batch.iter().filter(|c| c.kind == K::Audit).collect();
    let actions: Vec<_> = audit.iter().map(|c| c.body["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        ["returns.imported", "parcel.received", "unit.started", "unit.confirmed"]
    );
    for (i, c) in audit.iter().enumerate() {
        assert_eq!(c.body["seq"], i as i64 + 1);
        let hash = c.body["hash"].as_str().unwrap();
        let id = c.body["id"].as_str().unwrap();
        assert_eq!(id.replace('-', ""), hash[..32], "{id}");
        assert_eq!(uuid::Uuid::parse_str(id).unwrap().to_string(), id);
        let text = c.body["detail_text"].as_str().unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(text).unwrap(),
            c.body["detail"]
        );
        if i > 0 {
            assert_eq!(c.body["prev_hash"], audit[i - 1].body["hash"]);
        }
    }

    assert_eq!(store.outbox_backlog().await.unwrap().changes, 11);
    assert_eq!(store.outbox_accepted(batch[3].seq).await.unwrap(), 4);
    let rest = store.outbox_batch(100).await.unwrap();
    assert_eq!(rest.len(), 7);
    assert_eq!(rest[0].seq, batch[4].seq, "the rest stays, in order");
}

/// A bench database at `path` brought up to the migration before `version`, as an
/// older release left it.
async fn database_before(path: &std::path::Path, version: i64) -> sqlx::SqlitePool {
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let mut old = sqlx::migrate::Migrator::new(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../migrations/local"
    )))
    .await
    .unwrap();
    old.migrations = std::borrow::Cow::Owned(old.migrations.iter().filter(|m| m.version < version).cloned().collect());
    old.run(&pool).await.unwrap();
    pool
}

#[tokio::test]
async fn work_done_before_the_outbox_existed_is_queued_by_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    // A bench at the migration before the outbox, with a parcel and a unit.
    {
        let pool = database_before(&path, 20261127000007).await;
        sqlx::query("INSERT INTO parcels VALUES ('p1', '1Z', NULL, 'PAR1-01', '2026-11-26T09:00:00.000Z')")
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query("INSERT INTO units (id, parcel_id, scanned, category, state, created_at, updated_at) VALUES ('u1', 'p1', '4006381333931', 'home', 'inspecting', '2026-11-26T09:01:00.000Z', '2026-11-26T09:01:00.000Z')")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    }
    let store = Store::open(&path).await.unwrap();
    let batch = store.outbox_batch(10).await.unwrap();
    let got: Vec<(&str, &str)> = batch
        .iter()
        .map(|c| (c.kind.as_str(), c.body["id"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [("parcel", "p1"), ("unit", "u1")]);
}

#[tokio::test]
async fn audit_entries_written_before_they_went_to_central_are_queued_by_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    let (mut prev, mut hashes) = (triage_core::audit::GENESIS.to_string(), Vec::new());
    {
        let pool = database_before(&path, 20261129000019).await;
        for (seq, action) in [(1, "user.saved"), (2, "user.login")] {
            let (at, detail) = ("2026-11-26T09:00:00.000Z", r#"{"n":1}"#);
            let hash = triage_core::audit::entry_hash(&prev, seq, at, "EMP0001", action, "EMP0001", detail);
            sqlx::query("INSERT INTO audit_log VALUES (?, ?, 'EMP0001', ?, 'EMP0001', ?, ?, ?)")
                .bind(seq)
                .bind(at)
                .bind(action)
                .bind(detail)
                .bind(&prev)
                .bind(&hash)
                .execute(&pool)
                .await
                .unwrap();
            prev = hash.clone();
            hashes.push(hash);
        }
        pool.close().await;
    }
    let store = Store::open(&path).await.unwrap();
    let batch = store.outbox_batch(10).await.unwrap();
    let got: Vec<_> = batch
        .iter()
        .map(|c| {
            (
                c.kind.as_str(),
                c.body["seq"].as_i64().unwrap(),
                c.body["hash"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [("audit", 1, hashes[0].as_str()), ("audit", 2, hashes[1].as_str())]
    );
    assert_eq!(batch[1].body["detail"], serde_json::json!({"n": 1}));
    assert_eq!(batch[1].body["detail_text"], r#"{"n":1}"#);
    assert_eq!(batch[0].body["id"].as_str().unwrap().replace('-', ""), hashes[0][..32]);
}

#[tokio::test]
async fn pulled_returns_are_added_then_replaced_and_read_back_whole() {
    let (_dir, store, _) = open_temp().await;
    let mut a = order(1, "1Z999AA10123456784");
    let b = order(2, "1Z999AA10123456785");
    store
        .apply_pulled_returns(&[(a.clone(), false), (b.clone(), false)], at(8))
        .await
        .unwrap();
    assert_eq!(
        store.find_return("RMA0000001").await.unwrap().unwrap(),
        a,
        "accents, comment, tags, serials intact"
    );
    assert_eq!(
        store
            .find_return_for_parcel_code("1Z999AA10123456785")
            .await
            .unwrap()
            .unwrap(),
        b
    );
    // Central changed the return: a line more, another tracking number; and cancelled it.
    let mut second = a.lines[0].clone();
    second.line_no = 2;
    second.expected_serials = vec!["SN-1".into()];
    a.lines.push(second);
    a.tracking_numbers = vec!["1Z999AA10123456799".into()];
    store.apply_pulled_returns(&[(a.clone(), true)], at(9)).await.unwrap();
    assert_eq!(store.find_return("RMA0000001").await.unwrap().unwrap(), a);
    assert!(
        store
            .find_return_for_parcel_code("1Z999AA10123456784")
            .await
            .unwrap()
            .is_none(),
        "the old tracking number is gone"
    );
    let (status,): (String,) = sqlx::query_as("SELECT status FROM returns WHERE return_number = 'RMA0000001'")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    assert_eq!(status, "cancelled");
    assert!(store.return_cancelled("RMA0000001").await.unwrap());
    assert!(!store.return_cancelled(b.return_number.as_str()).await.unwrap());
    assert!(!store.return_cancelled("RMA9999999").await.unwrap());
    assert_eq!(store.count_returns().await.unwrap(), 2);
}

#[tokio::test]
async fn every_change_is_in_the_audit_chain_and_an_edit_in_the_file_is_found() {
    let (dir, store, path) = open_temp().await;
    store
        .import_returns(&[order(1, "1Z999AA10123456784")], "EMP0002", at(8))
        .await
        .unwrap();
    let unit = inspecting_unit(&store).await;
    store
        .confirm_unit(&confirm_record(&unit.id, 10), label_in(dir.path()))
        .await
        .unwrap();
    let tail = store.audit_tail(10).await.unwrap();
    let actions: Vec<(&str, &str)> = tail
        .iter()
        .rev()
        .map(|e| (e.actor.as_str(), e.action.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("EMP0002", "returns.imported"),
            ("EMP0001", "parcel.received"),
            ("EMP0001", "unit.started"),
            ("EMP0001", "unit.confirmed"),
        ]
    );
    assert_eq!(store.verify_audit().await.unwrap(), Ok(4));
    // The log refuses to be changed through SQL…
    let refused = sqlx::query("UPDATE audit_log SET actor = 'EMP9999' WHERE seq = 2")
        .execute(&store.pool)
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("append-only"), "{refused}");
    assert!(sqlx::query("DELETE FROM audit_log").execute(&store.pool).await.is_err());
    store.close().await;
    // …and someone who removes the guard and edits the file is caught at that entry.
    {
        let raw = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        sqlx::query("DROP TRIGGER audit_log_no_update")
            .execute(&raw)
            .await
            .unwrap();
        sqlx::query("UPDATE audit_log SET actor = 'EMP9999' WHERE seq = 3")
            .execute(&raw)
            .await
            .unwrap();
        raw.close().await;
    }
    let store = Store::open(&path).await.unwrap();
    let broken = store.verify_audit().await.unwrap().unwrap_err();
    assert_eq!(broken.seq, 3);
    assert_eq!(broken.why, triage_core::audit::Break::Edited);
}

#[tokio::test]
async fn the_audit_chain_holds_across_pages() {
    let (_dir, store, _) = open_temp().await;
    for i in 0..5_002 {
        store
            .audit(
                &AuditEvent::new("system", "test.event", &i.to_string(), serde_json::json!({})),
                at(8),
            )
            .await
            .unwrap();
    }
    assert_eq!(store.verify_audit().await.unwrap(), Ok(5_002));
}

#[tokio::test]
async fn wrong_pins_are_counted_per_badge_and_reset_by_a_good_one() {
    let (_dir, store, _) = open_temp().await;
    let policy = triage_core::auth::AuthPolicy::default();
    let mut a = store.login_attempts("EMP1001").await.unwrap();
    for _ in 0..5 {
        a = policy.after_failure(a, at(9));
        store
            .record_login("EMP1001", LoginOutcome::Refused { attempts: a }, "PAR1-01", at(9))
            .await
            .unwrap();
    }
    let stored = store.login_attempts("EMP1001").await.unwrap();
    assert_eq!(stored.failures, 5);
    assert_eq!(stored.locked_until, Some(at(9) + chrono::Duration::minutes(15)));
    assert_eq!(store.login_attempts("EMP1002").await.unwrap().failures, 0);
    store
        .record_login("EMP1001", LoginOutcome::Accepted, "PAR1-01", at(10))
        .await
        .unwrap();
    assert_eq!(store.login_attempts("EMP1001").await.unwrap(), Default::default());
    let actions: Vec<String> = store
        .audit_tail(3)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["user.login", "user.badge_locked", "user.login_failed"]);
}
