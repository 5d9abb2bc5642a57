//! A central PostgreSQL and benches enrolled with it, for the sync tests and the sync benchmark.

use chrono::{Local, TimeZone};
use std::path::Path;
use std::sync::Arc;
use triage_app::{Bench, BenchConfig, Locale};
use triage_central::{Central, CentralSettings, TlsMode};
use triage_core::rules::Answer;
use triage_core::{Category, ReturnOrder};
use triage_pgtest::Postgres;

/// A throwaway central with sites S1 (Lille) and S2 (Lyon), migrated.
pub struct Centre {
    pub pg: Postgres,
    pub admin: Central,
}

impl Centre {
    pub async fn start() -> Centre {
        let pg = Postgres::start().expect("a throwaway PostgreSQL (cargo xtask test installs postgresql)");
        pg.create_db("central").unwrap();
        let admin = Central::connect_url(&pg.admin_url("central")).await.unwrap();
        admin.migrate().await.unwrap();
        admin.create_site("S1", "Lille").await.unwrap();
        admin.create_site("S2", "Lyon").await.unwrap();
        Centre { pg, admin }
    }

    /// A bench's data folder with its central.toml, as `triage central create-bench` makes it.
    pub async fn enrol(&self, site: &str, bench: &str, dir: &Path) -> CentralSettings {
        let login = self.admin.create_bench(site, bench).await.unwrap();
        let settings = CentralSettings {
            url: self.pg.url(&login.role, None, "central"),
            password: login.password,
            site: site.into(),
            bench: bench.into(),
            tls: TlsMode::Prefer,
            ca: None,
        };
        std::fs::create_dir_all(dir).unwrap();
        settings.write(&dir.join("central.toml")).unwrap();
        settings
    }

    pub fn sql(&self, q: &str) -> String {
        self.pg.psql("central", q).unwrap()
    }

    pub fn count(&self, q: &str) -> i64 {
        self.sql(q).parse().unwrap()
    }
}

/// Opens the bench in `dir` (its central.toml, if any, is found there and names
/// its site; S1 without), on 27 Nov 2026 at 10:30.
pub async fn open_bench(dir: &Path, number: u16) -> Bench {
    let clock: triage_app::Clock = Arc::new(|| Local.with_ymd_and_hms(2026, 11, 27, 10, 30, 0).unwrap());
    let site = CentralSettings::read(&dir.join("central.toml")).map_or_else(|_| "S1".to_string(), |c| c.site);
    let config = BenchConfig {
        site,
        bench_number: number,
        data_dir: dir.to_path_buf(),
        rules_file: None,
        scan_codes: None,
        central: None,
        printer: None,
    };
    let bench = Bench::open(config, clock, Locale::En).await.unwrap();
    crate::people::sign_in(&bench, triage_core::Role::Lead).await;
    bench
}

pub fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

pub fn demo() -> Vec<ReturnOrder> {
    triage_app::demo_returns(today()).unwrap()
}

/// A demo return whose first line is one home-goods unit, within its window.
pub fn home_return() -> ReturnOrder {
    home_returns(1)
        .pop()
        .expect("the demo set has an in-window single home unit")
}

/// The first `n` demo returns whose first line is one home-goods unit, within its window.
pub fn home_returns(n: usize) -> Vec<ReturnOrder> {
    demo()
        .into_iter()
        .filter(|o| o.lines[0].category == Category::Home && o.lines[0].quantity == 1 && o.within_window(today()))
        .take(n)
        .collect()
}

/// Answers as (question id, key) pairs.
pub fn answers(pairs: &[(&str, &str)]) -> Vec<Answer> {
    pairs
        .iter()
        .map(|(q, k)| Answer {
            question_id: q.to_string(),
            key: k.to_string(),
        })
        .collect()
}

/// A home unit as new: grade A, restocked.
pub fn pristine_home() -> Vec<Answer> {
    answers(&[("complete", "Y"), ("condition", "1")])
}

/// A home unit used but working: grade C, which the default rules liquidate
/// (unless its SKU is in high stock need).
pub fn used_home() -> Vec<Answer> {
    answers(&[("complete", "Y"), ("condition", "3")])
}

/// Receives the return's parcel, grades its first line and confirms it; the LPN.
pub async fn inspect(bench: &Bench, order: &ReturnOrder) -> String {
    grade(bench, order, &[]).await.lpn
}

/// The same, with the flags the inspector raised by hand; the whole confirmation.
pub async fn grade(
    bench: &Bench,
    order: &ReturnOrder,
    raised: &[triage_core::rules::Flag],
) -> triage_app::dto::ConfirmedUnit {
    grade_answering(bench, order, &pristine_home(), raised).await
}

/// Receives the return's parcel and confirms its first line's unit with these answers.
pub async fn grade_answering(
    bench: &Bench,
    order: &ReturnOrder,
    answers: &[Answer],
    raised: &[triage_core::rules::Flag],
) -> triage_app::dto::ConfirmedUnit {
    let parcel = bench.scan_parcel(&order.tracking_numbers[0]).await.unwrap();
    let unit = bench
        .start_unit(&parcel.parcel_id, order.lines[0].gtin.as_str())
        .await
        .unwrap();
    bench.confirm_unit(&unit.unit_id, answers, raised).await.unwrap()
}

/// The outbox rows waiting on a bench (kind, body, created_at), oldest first.
pub type Template = Vec<(String, String, String)>;

pub async fn outbox_rows(db: &Path) -> Template {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    let rows = sqlx::query_as("SELECT kind, body, created_at FROM outbox ORDER BY seq")
        .fetch_all(&pool)
        .await
        .unwrap();
    pool.close().await;
    rows
}

static COPIED_AUDIT_SEQ: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(1_000_000_000);

/// Queues the template `n` times with fresh ids, as if `n` more units had been
/// graded (grading 10,000 through the UI path would take minutes of label
/// rendering; the rows are the same shape).
pub async fn queue_copies(db: &Path, template: &Template, n: usize) {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    let ids: std::collections::BTreeSet<String> = template
        .iter()
        .map(|(_, b, _)| {
            serde_json::from_str::<serde_json::Value>(b).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut tx = pool.begin().await.unwrap();
    for _ in 0..n {
        let fresh: Vec<(&String, String)> = ids.iter().map(|id| (id, uuid::Uuid::new_v4().to_string())).collect();
        for (kind, body, at) in template {
            let mut body = body.clone();
            for (old, new) in &fresh {
                body = body.replace(old.as_str(), new);
            }
            if kind == "audit" {
                // Central numbers a bench's entries uniquely: the copies take numbers
                // far above any the bench itself will reach in a test (their chain is
                // not a real one; they stand for the rows' weight).
                let mut entry: serde_json::Value = serde_json::from_str(&body).unwrap();
                entry["seq"] = COPIED_AUDIT_SEQ
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                    .into();
                body = entry.to_string();
            }
            sqlx::query("INSERT INTO outbox (kind, body, created_at) VALUES (?, ?, ?)")
                .bind(kind)
                .bind(body)
                .bind(at)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
    }
    tx.commit().await.unwrap();
    pool.close().await;
}

/// A bench enrolled at S1 with the demo returns pulled, one real graded unit, and
/// `copies` more of it queued; returns the bench and that unit's outbox rows.
pub async fn loaded_bench(c: &Centre, dir: &Path, copies: usize) -> (Bench, Template) {
    c.enrol("S1", "B1", dir).await;
    c.admin.import_returns("S1", &demo()).await.unwrap();
    let bench = open_bench(dir, 1).await;
    bench.sync_now().await.unwrap();
    inspect(&bench, &home_return()).await;
    let db = dir.join("triage.sqlite");
    let t = outbox_rows(&db).await;
    queue_copies(&db, &t, copies).await;
    (bench, t)
}
