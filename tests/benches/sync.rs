//! Sync measured against a real PostgreSQL (throwaway cluster, default settings):
//!
//! 1. push throughput of inspections vs a COPY of the same rows into the same table;
//! 2. drain time of 10,000 graded units queued while central was away;
//! 3. a new bench's first pull of a site with 1,000,000 returns.
//!
//! `cargo bench -p triage-tests --bench sync [-- --returns N]`

use serde_json::json;
use std::time::{Duration, Instant};
use triage_central::{Central, Change, ChangeKind};
use triage_core::ReturnOrder;
use triage_tests::central::{demo, home_return, inspect, open_bench, outbox_rows, queue_copies, Centre};

/// One real decision of the default rules, as the body of every inspection.
fn decision() -> serde_json::Value {
    let rules = triage_core::RuleSet::from_toml("default.toml", triage_app::DEFAULT_RULES).unwrap();
    let facts: triage_core::rules::Facts = serde_json::from_value(json!({
        "category": "home", "reason": "UNWANTED", "days_since_purchase": 12, "window_days": 30,
        "unit_value_cents": 3899, "wrong_item": false, "over_quantity": false,
    }))
    .unwrap();
    let answers = vec![
        triage_core::Answer {
            question_id: "complete".into(),
            key: "Y".into(),
        },
        triage_core::Answer {
            question_id: "condition".into(),
            key: "1".into(),
        },
    ];
    serde_json::to_value(rules.decide(&facts, &answers)).unwrap()
}

fn units(n: usize, rn: &str) -> (Vec<Change>, Vec<Change>) {
    let at = "2026-11-27T10:00:00.000Z";
    let d = decision();
    let mut parents = Vec::new();
    let mut inspections = Vec::new();
    for i in 0..n {
        let (parcel, unit) = (uuid::Uuid::new_v4().to_string(), uuid::Uuid::new_v4().to_string());
        let seq = i as i64 * 3;
        parents.push(Change {
            seq,
            kind: ChangeKind::Parcel,
            body: json!({"id": parcel, "scanned": "1Z", "return_number": rn, "received_at": at}),
        });
        parents.push(Change {
            seq: seq + 1,
            kind: ChangeKind::Unit,
            body: json!({"id": unit, "parcel_id": parcel, "return_number": rn, "line_no": 1, "scanned": "4006381333931",
                         "category": "home", "state": "labelled", "lpn": format!("LPN{:010}", i), "created_at": at, "updated_at": at}),
        });
        inspections.push(Change {
            seq: seq + 2,
            kind: ChangeKind::Inspection,
            body: json!({"id": uuid::Uuid::new_v4().to_string(), "unit_id": unit, "bench": "S1-01", "rules_version": d["rulesVersion"],
                         "rules_hash": d["rulesHash"], "answers": d["answers"], "grade": d["grade"], "disposition": d["disposition"],
                         "destination": d["destination"]["en"], "refund_kind": "full", "flags": [], "rule_id": d["ruleId"],
                         "decision": d, "confirmed_at": at}),
        });
    }
    (parents, inspections)
}

async fn push_vs_copy(c: &Centre, n: usize) {
    let (pg, admin) = (&c.pg, &c.admin);
    let dir = tempfile::tempdir().unwrap();
    let settings = c.enrol("S1", "PUSH", dir.path()).await;
    let bench = Central::connect(&settings).await.unwrap();
    let rn = demo()[0].return_number.as_str().to_string();
    let (parents, inspections) = units(n, &rn);
    for chunk in parents.chunks(10_000) {
        bench.push(chunk).await.unwrap();
    }
    // The same rows as COPY text for the owner, site and bench included.
    let (site, bench_id) = (
        "S1".to_string(),
        pg.psql("central", "SELECT id FROM benches WHERE name = 'PUSH'")
            .unwrap(),
    );
    let cols = triage_central::push::columns(ChangeKind::Inspection);
    let mut copy_text = Vec::new();
    for c in &inspections {
        let mut o = c.body.as_object().unwrap().clone();
        o.insert("site_id".into(), site.clone().into());
        o.insert("bench_id".into(), bench_id.clone().into());
        let mut all = vec!["site_id", "bench_id"];
        all.extend_from_slice(cols);
        triage_central::copy::row(&mut copy_text, &o, &all);
    }
    let copy_sql = format!("COPY inspections (site_id, bench_id, {}) FROM STDIN", cols.join(", "));
    let clear = || {
        pg.psql("central", "DELETE FROM inventory_events; DELETE FROM inspections")
            .unwrap();
        pg.psql("central", "VACUUM ANALYZE inspections, inventory_events")
            .unwrap();
    };
    let (mut best_copy, mut best_push) = (Duration::MAX, Duration::MAX);
    for _ in 0..3 {
        clear();
        let mut conn = admin.pool().acquire().await.unwrap();
        let t = Instant::now();
        let mut tx = sqlx::Acquire::begin(&mut *conn).await.unwrap();
        let mut copy = tx.copy_in_raw(&copy_sql).await.unwrap();
        copy.send(copy_text.as_slice()).await.unwrap();
        copy.finish().await.unwrap();
        tx.commit().await.unwrap();
        best_copy = best_copy.min(t.elapsed());
        drop(conn);

        clear();
        let t = Instant::now();
        for batch in inspections.chunks(5000) {
            bench.push(batch).await.unwrap();
        }
        best_push = best_push.min(t.elapsed());
    }
    let rate = |d: Duration| n as f64 / d.as_secs_f64();
    println!(
        "push vs COPY, {n} inspections (best of 3): COPY {:.0} rows/s ({:.2} s), push {:.0} rows/s ({:.2} s), push/COPY = {:.0}%",
        rate(best_copy),
        best_copy.as_secs_f64(),
        rate(best_push),
        best_push.as_secs_f64(),
        100.0 * best_copy.as_secs_f64() / best_push.as_secs_f64()
    );
}

/// 10,000 units graded while central was away (5 changes each: parcel, unit,
/// inspection, label, unit again), then central comes back.
async fn drain(c: &Centre, units: usize) {
    let dir = tempfile::tempdir().unwrap();
    c.enrol("S1", "DRAIN", dir.path()).await;
    let bench = open_bench(dir.path(), 1).await;
    bench.sync_now().await.unwrap();
    // One real unit through the bench, then its outbox rows again with fresh ids.
    inspect(&bench, &home_return()).await;
    let db = dir.path().join("triage.sqlite");
    let template = outbox_rows(&db).await;
    queue_copies(&db, &template, units - 1).await;
    let backlog = bench.sync_status().await.unwrap().backlog;
    let t = Instant::now();
    let status = bench.sync_now().await.unwrap();
    let took = t.elapsed();
    assert_eq!(status.backlog, 0);
    println!(
        "drain after an outage: {units} units ({backlog} changes) in {:.2} s ({:.0} units/s)",
        took.as_secs_f64(),
        units as f64 / took.as_secs_f64()
    );
}

/// A site with `n` returns (the demo's, renumbered), loaded centrally, then a new bench's first pull.
async fn first_pull(c: &Centre, n: usize) {
    let admin = &c.admin;
    admin.create_site("BIG", "Big site").await.unwrap();
    let base = demo();
    let t = Instant::now();
    let mut made = 0;
    while made < n {
        let chunk: Vec<ReturnOrder> = (made..(made + 50_000).min(n))
            .map(|i| {
                let mut o = base[i % base.len()].clone();
                o.return_number = triage_core::ReturnNumber::parse(&format!("RMA{:08}", i)).unwrap();
                o.tracking_numbers = vec![format!("1ZBIG{:012}", i)];
                o
            })
            .collect();
        made += chunk.len();
        admin.import_returns("BIG", &chunk).await.unwrap();
    }
    let import = t.elapsed();
    let dir = tempfile::tempdir().unwrap();
    c.enrol("BIG", "NEW", dir.path()).await;
    let bench = open_bench(dir.path(), 1).await;
    let t = Instant::now();
    bench.sync_now().await.unwrap();
    let pull = t.elapsed();
    let stored = bench.store().count_returns().await.unwrap();
    assert_eq!(stored as usize, n);
    println!(
        "site of {n} returns: central import {:.1} s ({:.0} returns/s); a new bench's first pull {:.1} s ({:.0} returns/s)",
        import.as_secs_f64(),
        n as f64 / import.as_secs_f64(),
        pull.as_secs_f64(),
        n as f64 / pull.as_secs_f64()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (pushes, drained, returns) = (
        arg("--inspections", 20_000),
        arg("--units", 10_000),
        arg("--returns", 1_000_000),
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let c = Centre::start().await;
        c.admin.import_returns("S1", &demo()).await.unwrap();
        push_vs_copy(&c, pushes).await;
        drain(&c, drained).await;
        first_pull(&c, returns).await;
    });
}
