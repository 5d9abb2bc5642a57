//! Central against a real PostgreSQL server (a throwaway cluster per test).

use serde_json::json;
use triage_central::{Central, CentralSettings, Change, ChangeKind, Cursor, TlsMode};
use triage_core::ReturnOrder;
use triage_pgtest::Postgres;

struct World {
    pg: Postgres,
    admin: Central,
}

async fn world() -> World {
    let pg = Postgres::start().expect("a throwaway PostgreSQL");
    pg.create_db("central").unwrap();
    let admin = Central::connect_url(&pg.admin_url("central")).await.unwrap();
    admin.migrate().await.unwrap();
    admin.create_site("S1", "Lille").await.unwrap();
    admin.create_site("S2", "Lyon").await.unwrap();
    World { pg, admin }
}

impl World {
    async fn bench(&self, site: &str, bench: &str) -> Central {
        let login = self.admin.create_bench(site, bench).await.unwrap();
        let settings = CentralSettings {
            url: self.pg.url(&login.role, None, "central"),
            password: login.password,
            site: site.into(),
            bench: bench.into(),
            tls: TlsMode::Prefer,
            ca: None,
        };
        Central::connect(&settings).await.unwrap()
    }

    fn count(&self, sql: &str) -> i64 {
        self.pg.psql("central", sql).unwrap().parse().unwrap()
    }
}

fn order(rn: &str, qty: u32) -> ReturnOrder {
    serde_json::from_value(json!({
        "return_number": rn, "order_number": "SO-1", "channel": "web", "customer_name": "Élodie Müller",
        "created_on": "2026-11-20", "purchased_on": "2026-11-01", "window_days": 30,
        "tracking_numbers": [format!("1Z{rn}")],
        "lines": [{"line_no": 1, "sku": "SKU-1", "gtin": "09506000134352", "description": "Veste", "category": "apparel",
                   "quantity": qty, "unit_price_cents": 4999, "reason": "SIZE_TOO_SMALL"}]
    }))
    .unwrap()
}

/// A parcel, its unit and the unit's inspection, as a bench's outbox holds them.
fn unit_changes(seq0: i64, rn: &str) -> (Vec<Change>, String) {
    let parcel = uuid::Uuid::new_v4().to_string();
    let unit = uuid::Uuid::new_v4().to_string();
    let at = "2026-11-27T10:00:00.000Z";
    let changes = vec![
        Change {
            seq: seq0,
            kind: ChangeKind::Parcel,
            body: json!({"id": parcel, "scanned": format!("1Z{rn}"), "return_number": rn, "received_at": at}),
        },
        Change {
            seq: seq0 + 1,
            kind: ChangeKind::Unit,
            body: json!({"id": unit, "parcel_id": parcel, "return_number": rn, "line_no": 1, "scanned": "09506000134352",
                         "category": "apparel", "state": "inspecting", "lpn": null, "created_at": at, "updated_at": at}),
        },
        Change {
            seq: seq0 + 2,
            kind: ChangeKind::Inspection,
            body: json!({"id": uuid::Uuid::new_v4().to_string(), "unit_id": unit, "bench": "B1", "rules_version": "1",
                         "rules_hash": "abc", "answers": [{"questionId": "tags", "key": "y"}], "grade": "A",
                         "disposition": "restock", "destination": "Zone A", "refund_kind": "full", "flags": [],
                         "rule_id": "restock-a", "decision": {"held": false, "summary": "Restock\tzone A\n"},
                         "confirmed_at": at}),
        },
        Change {
            seq: seq0 + 3,
            kind: ChangeKind::Unit,
            body: json!({"id": unit, "parcel_id": parcel, "return_number": rn, "line_no": 1, "scanned": "09506000134352",
                         "category": "apparel", "state": "labelled", "lpn": "LPN001000001", "created_at": at,
                         "updated_at": "2026-11-27T10:00:05.000Z"}),
        },
    ];
    (changes, unit)
}

#[tokio::test]
async fn push_is_idempotent_and_keeps_the_newest_unit_state() {
    let w = world().await;
    w.admin.import_returns("S1", &[order("RMA0000001", 1)]).await.unwrap();
    let b1 = w.bench("S1", "B1").await;
    let (changes, unit) = unit_changes(1, "RMA0000001");
    let first = b1.push(&changes).await.unwrap();
    assert_eq!(first.sent, 4);
    assert_eq!(first.applied, 3, "parcel, unit (newest of two changes), inspection");
    let again = b1.push(&changes).await.unwrap();
    assert_eq!(again.applied, 0, "the same batch again changes nothing");
    assert_eq!(w.count("SELECT count(*) FROM inspections"), 1);
    assert_eq!(
        w.pg.psql(
            "central",
            &format!("SELECT state || ' ' || lpn || ' ' || rev FROM units WHERE id = '{unit}'")
        )
        .unwrap(),
        "labelled LPN001000001 4"
    );
    // An older change arriving late does not undo a newer one.
    let stale = vec![changes[1].clone()];
    assert_eq!(b1.push(&stale).await.unwrap().applied, 0);
    assert_eq!(w.pg.psql("central", "SELECT state FROM units").unwrap(), "labelled");
    // Text with tabs and newlines arrives whole, the site and bench come from the login.
    assert_eq!(
        w.pg.psql("central", "SELECT decision->>'summary' FROM inspections")
            .unwrap(),
        "Restock\tzone A"
    );
    assert_eq!(
        w.pg.psql(
            "central",
            "SELECT i.site_id || ' ' || b.name FROM inspections i JOIN benches b ON b.id = i.bench_id"
        )
        .unwrap(),
        "S1 B1"
    );
    // The restocked unit is an inventory event for the ERP, once.
    assert_eq!(
        w.pg.psql(
            "central",
            "SELECT kind || ' ' || sku || ' ' || location FROM inventory_events"
        )
        .unwrap(),
        "restocked SKU-1 Zone A"
    );
}

#[tokio::test]
async fn a_bench_sees_only_its_site_and_writes_only_as_itself() {
    let w = world().await;
    w.admin
        .import_returns("S1", &[order("RMA0000001", 1), order("RMA0000002", 1)])
        .await
        .unwrap();
    w.admin.import_returns("S2", &[order("RMA0000009", 1)]).await.unwrap();
    let (b1, b2, b3) = (
        w.bench("S1", "B1").await,
        w.bench("S1", "B2").await,
        w.bench("S2", "B3").await,
    );
    b1.push(&unit_changes(1, "RMA0000001").0).await.unwrap();

    let mut pull = b2.begin_pull(Cursor(0)).await.unwrap();
    let page = pull.returns_page(100).await.unwrap();
    let numbers: Vec<_> = page
        .returns
        .iter()
        .map(|r| r.order.return_number.as_str().to_string())
        .collect();
    assert_eq!(
        numbers,
        ["RMA0000001", "RMA0000002"],
        "a bench of S1 reads S1's returns"
    );
    assert_eq!(
        page.returns[0].order,
        order("RMA0000001", 1),
        "a pulled return is the imported one, accents included"
    );
    pull.finish().await.unwrap();

    let mut pull = b3.begin_pull(Cursor(0)).await.unwrap();
    let page = pull.returns_page(100).await.unwrap();
    assert_eq!(page.returns.len(), 1);
    assert_eq!(
        page.returns[0].order.return_number.as_str(),
        "RMA0000009",
        "S2 sees nothing of S1"
    );
    pull.finish().await.unwrap();

    // Row-level security: B3 cannot read S1's results, nor write rows for it.
    let seen: (i64,) = sqlx::query_as("SELECT count(*) FROM inspections")
        .fetch_one(b3.pool())
        .await
        .unwrap();
    assert_eq!(seen.0, 0);
    let seen: (i64,) = sqlx::query_as("SELECT count(*) FROM inspections")
        .fetch_one(b2.pool())
        .await
        .unwrap();
    assert_eq!(
        seen.0, 0,
        "another bench of the same site does not read B1's results either"
    );
    let forged = sqlx::query("INSERT INTO parcels (id, site_id, bench_id, scanned, received_at) SELECT gen_random_uuid(), 'S1', id, 'x', now() FROM benches LIMIT 1")
        .execute(b3.pool())
        .await;
    assert!(forged.is_err(), "a bench cannot insert rows for another site");
    let e = sqlx::query("DELETE FROM returns")
        .execute(b1.pool())
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("permission denied"), "{e}");
    let e = sqlx::query("SELECT count(*) FROM benches WHERE role_name IS NOT NULL")
        .fetch_one(b1.pool())
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("permission denied"), "{e}");
    // The administrator's login is no bench: it cannot push.
    let e = w
        .admin
        .push(&unit_changes(10, "RMA0000002").0)
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("not a bench"), "{e}");
}

#[tokio::test]
async fn a_late_commit_with_an_older_id_is_not_skipped_by_the_cursor() {
    let w = world().await;
    let b1 = w.bench("S1", "B1").await;
    // T1 takes its transaction id first but commits last.
    let mut t1 = w.admin.pool().begin().await.unwrap();
    sqlx::query("INSERT INTO returns (site_id, return_number, order_number, channel, customer_name, created_on, purchased_on, window_days)
                 VALUES ('S1', 'RMA0000777', 'SO', 'web', 'A', '2026-11-01', '2026-11-01', 30)")
        .execute(&mut *t1)
        .await
        .unwrap();
    w.admin.import_returns("S1", &[order("RMA0000111", 1)]).await.unwrap();

    let mut pull = b1.begin_pull(Cursor(0)).await.unwrap();
    let page = pull.returns_page(100).await.unwrap();
    assert_eq!(page.returns.len(), 1);
    assert_eq!(page.returns[0].order.return_number.as_str(), "RMA0000111");
    let cursor = pull.next_cursor();
    pull.finish().await.unwrap();

    t1.commit().await.unwrap();
    let mut pull = b1.begin_pull(cursor).await.unwrap();
    let numbers: Vec<String> = pull
        .returns_page(100)
        .await
        .unwrap()
        .returns
        .iter()
        .map(|r| r.order.return_number.as_str().into())
        .collect();
    assert!(
        numbers.contains(&"RMA0000777".to_string()),
        "the late commit is pulled: {numbers:?}"
    );
    let cursor2 = pull.next_cursor();
    pull.finish().await.unwrap();
    assert!(cursor2 > cursor);
    let mut pull = b1.begin_pull(cursor2).await.unwrap();
    assert!(
        pull.returns_page(100).await.unwrap().returns.is_empty(),
        "and nothing comes again once all is read"
    );
    pull.finish().await.unwrap();
}

#[tokio::test]
async fn two_benches_receiving_one_line_and_a_cancelled_return_are_conflicts() {
    let w = world().await;
    w.admin
        .import_returns("S1", &[order("RMA0000001", 1), order("RMA0000002", 2)])
        .await
        .unwrap();
    let (b1, b2) = (w.bench("S1", "B1").await, w.bench("S1", "B2").await);
    b1.push(&unit_changes(1, "RMA0000001").0).await.unwrap();
    b2.push(&unit_changes(1, "RMA0000001").0).await.unwrap();
    b1.push(&unit_changes(10, "RMA0000002").0).await.unwrap();
    assert!(w.admin.cancel_return("S1", "RMA0000002").await.unwrap());
    let mut pull = b1.begin_pull(Cursor(0)).await.unwrap();
    let mut conflicts: Vec<(String, String, i32)> = pull
        .conflicts()
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.kind, c.return_number, c.line_no))
        .collect();
    conflicts.sort();
    assert_eq!(
        conflicts,
        [
            ("cancelled_after_receipt".into(), "RMA0000002".into(), 0),
            ("more_than_expected".into(), "RMA0000001".into(), 1),
            ("received_twice".into(), "RMA0000001".into(), 1),
        ]
    );
    let returns = pull.returns_page(100).await.unwrap().returns;
    assert!(returns
        .iter()
        .any(|r| r.order.return_number.as_str() == "RMA0000002" && r.cancelled));
    pull.finish().await.unwrap();
}

#[tokio::test]
async fn reimporting_a_return_replaces_its_lines() {
    let w = world().await;
    let first = w.admin.import_returns("S1", &[order("RMA0000001", 1)]).await.unwrap();
    assert_eq!((first.inserted, first.updated), (1, 0));
    let again = w
        .admin
        .import_returns("S1", &[order("RMA0000001", 3), order("RMA0000002", 1)])
        .await
        .unwrap();
    assert_eq!((again.inserted, again.updated), (1, 1));
    assert_eq!(
        w.count("SELECT sum(quantity) FROM return_lines WHERE return_number = 'RMA0000001'"),
        3
    );
    assert_eq!(w.count("SELECT count(*) FROM tracking_numbers"), 2);
}
