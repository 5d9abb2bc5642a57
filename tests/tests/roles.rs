//! Every use case that changes the bench, called by each role: the refusals come
//! from Rust (triage-app), whatever the UI shows, and a refused call changes nothing.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use triage_app::{Bench, ErrorCode, Locale};
use triage_core::rules::{Amendment, AmendmentKind};
use triage_core::Role;
use triage_tests::people::{demo_user, sign_in};

type Call = for<'a> fn(&'a Bench) -> Pin<Box<dyn Future<Output = Result<(), triage_app::AppError>> + 'a>>;

fn drop_ok<T>(r: Result<T, triage_app::AppError>) -> Result<(), triage_app::AppError> {
    r.map(|_| ())
}

/// Use case, then whether inspector, lead, admin may call it: written out by hand,
/// not read from `Role::may`.
fn matrix() -> Vec<(&'static str, Call, [bool; 3])> {
    vec![
        (
            "scan_parcel",
            |b| Box::pin(async { drop_ok(b.scan_parcel("RMA0000001").await) }),
            [true, true, false],
        ),
        (
            "start_unit",
            |b| Box::pin(async { drop_ok(b.start_unit("no-such-parcel", "4006381333931").await) }),
            [true, true, false],
        ),
        (
            "propose",
            |b| Box::pin(async { drop_ok(b.propose("no-such-unit", &[], &[]).await) }),
            [true, true, false],
        ),
        (
            "drop_unit",
            |b| Box::pin(async { drop_ok(b.drop_unit("no-such-unit").await) }),
            [true, true, false],
        ),
        (
            "confirm_unit",
            |b| Box::pin(async { drop_ok(b.confirm_unit("no-such-unit", &[], &[]).await) }),
            [true, true, false],
        ),
        (
            "take_photo",
            |b| Box::pin(async { drop_ok(b.take_photo("no-such-unit", "damage_photo").await) }),
            [true, true, false],
        ),
        (
            "amend_unit",
            |b| {
                Box::pin(async {
                    let a = Amendment {
                        kind: AmendmentKind::Override,
                        grade: Some(triage_core::Grade::B),
                        disposition: None,
                        route: None,
                        destination: None,
                        refund: None,
                        reason: "test".into(),
                    };
                    drop_ok(b.amend_unit("LPN0070000001", &a).await)
                })
            },
            [false, true, false],
        ),
        (
            "reprint",
            |b| Box::pin(async { drop_ok(b.reprint("no-such-job", None).await) }),
            [true, true, false],
        ),
        (
            "print_label",
            |b| {
                Box::pin(async {
                    drop_ok(
                        b.print_label(
                            "LPN0070000001",
                            "file:///nowhere",
                            "restock-4x6",
                            triage_app::LabelFormat::Pdf,
                        )
                        .await,
                    )
                })
            },
            [true, true, false],
        ),
        (
            "import",
            |b| Box::pin(async { drop_ok(b.import(&[]).await) }),
            [false, true, true],
        ),
        (
            "import_stock_need",
            |b| Box::pin(async { drop_ok(b.import_stock_need("sku,need\n", "roles.csv").await) }),
            [false, true, true],
        ),
        (
            "load_rules",
            |b| Box::pin(async { drop_ok(b.load_rules(std::path::Path::new("/no/such/rules.toml")).await) }),
            [false, false, true],
        ),
        (
            "set_printer",
            |b| Box::pin(async { drop_ok(b.set_printer(None).await) }),
            [false, false, true],
        ),
        (
            "test_print",
            |b| Box::pin(async { drop_ok(b.test_print().await) }),
            [false, false, true],
        ),
        (
            "set_scanner_settings",
            |b| Box::pin(async { drop_ok(b.set_scanner_settings(Default::default()).await) }),
            [false, false, true],
        ),
        (
            "put_user",
            |b| Box::pin(async { drop_ok(b.put_user("EMP4001", "New", Role::Inspector, Some("7391"), true).await) }),
            [false, false, true],
        ),
        (
            "users",
            |b| Box::pin(async { drop_ok(b.users().await) }),
            [false, false, true],
        ),
        (
            "set_idle_lock",
            |b| Box::pin(async { drop_ok(b.set_idle_lock(10).await) }),
            [false, false, true],
        ),
        (
            "set_shift_starts",
            |b| Box::pin(async { drop_ok(b.set_shift_starts(&["06:00".into()]).await) }),
            [false, false, true],
        ),
        (
            "dashboard",
            |b| Box::pin(async { drop_ok(b.dashboard(&triage_app::dto::DashboardPeriod::Shift).await) }),
            [false, true, true],
        ),
        (
            "export_chart",
            |b| {
                Box::pin(async {
                    drop_ok(
                        b.export_chart(&triage_app::dto::DashboardPeriod::Shift, "disposition_mix")
                            .await,
                    )
                })
            },
            [false, true, true],
        ),
        (
            "audit_tail",
            |b| Box::pin(async { drop_ok(b.audit_tail(5).await) }),
            [false, true, true],
        ),
        (
            "review_queue",
            |b| Box::pin(async { drop_ok(b.review_queue(&Default::default()).await) }),
            [false, true, false],
        ),
        (
            "approve_unit",
            |b| Box::pin(async { drop_ok(b.approve_unit("LPN0070000001", "looks right").await) }),
            [false, true, false],
        ),
        (
            "set_aside_parcel",
            |b| Box::pin(async { drop_ok(b.set_aside_parcel("1Z999AA10000000001", "no paperwork").await) }),
            [true, true, false],
        ),
        (
            "send_back",
            |b| Box::pin(async { drop_ok(b.send_back("LPN0070000001", "check the serial again", None).await) }),
            [false, true, false],
        ),
        (
            "calibrate",
            |b| Box::pin(async { drop_ok(b.calibrate("LPN0070000001", triage_core::Grade::B).await) }),
            [false, true, false],
        ),
        (
            "set_calibration_share",
            |b| Box::pin(async { drop_ok(b.set_calibration_share(5.0).await) }),
            [false, false, true],
        ),
        (
            "close_container",
            |b| Box::pin(async { drop_ok(b.close_container().await) }),
            [true, true, false],
        ),
        (
            "match_parcel",
            |b| Box::pin(async { drop_ok(b.match_parcel("no-such-parcel", "RMA0000001").await) }),
            [false, true, false],
        ),
        (
            "close_parcel",
            |b| Box::pin(async { drop_ok(b.close_parcel("no-such-parcel").await) }),
            [true, true, false],
        ),
        (
            "assign_review_item",
            |b| Box::pin(async { drop_ok(b.assign_review_item("LPN0070000001", "EMP2001").await) }),
            [false, true, false],
        ),
        (
            "settle_short_parcel",
            |b| Box::pin(async { drop_ok(b.settle_short_parcel("no-such-parcel", "refund what arrived").await) }),
            [false, true, false],
        ),
        (
            "resolve_conflict",
            |b| Box::pin(async { drop_ok(b.resolve_conflict("no-such-conflict", "settled by phone").await) }),
            [false, true, false],
        ),
    ]
}

async fn open(dir: &std::path::Path, minutes: Arc<AtomicI64>) -> Bench {
    let config = triage_tests::bench_config(dir, 7);
    let clock = triage_tests::movable_clock(minutes);
    Bench::open(config, clock, Locale::En).await.unwrap()
}

/// Nobody may do anything that changes the bench.
async fn refused_all(bench: &Bench) {
    for (name, call, _) in matrix() {
        if name == "put_user" {
            continue; // a bench with users: needs an admin, checked above
        }
        let e = call(bench).await.expect_err(name);
        assert_eq!(e.code, ErrorCode::NotSignedIn, "{name}: {}", e.message);
    }
}

/// The first demo return (as of the tests' day).
fn first_return() -> triage_core::ReturnOrder {
    triage_app::demo_returns(chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap())
        .unwrap()
        .remove(0)
}

async fn audit_entries(bench: &Bench) -> u64 {
    let check = bench.verify_audit().await.unwrap();
    assert!(check.intact, "{}", check.message);
    check.entries
}

#[tokio::test]
async fn each_role_may_do_its_own_work_and_is_refused_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path(), Arc::default()).await;
    bench.load_demo_if_empty().await.unwrap();
    for (i, role) in [Role::Inspector, Role::Lead, Role::Admin].into_iter().enumerate() {
        sign_in(&bench, role).await;
        for (name, call, allowed) in matrix() {
            let before = audit_entries(&bench).await;
            let result = call(&bench).await;
            if allowed[i] {
                // Allowed: it may still fail on its input (no such unit), never on the role.
                if let Err(e) = &result {
                    assert!(
                        !matches!(e.code, ErrorCode::Forbidden | ErrorCode::NotSignedIn),
                        "{role:?} {name}: {e:?}"
                    );
                }
            } else {
                let e = result.expect_err(&format!("{role:?} may not {name}"));
                assert_eq!(e.code, ErrorCode::Forbidden, "{role:?} {name}: {}", e.message);
                assert!(e.message.contains("ask one to log in"), "{}", e.message);
                assert_eq!(audit_entries(&bench).await, before, "{role:?} {name} changed nothing");
            }
        }
    }
}

#[tokio::test]
async fn nobody_logged_in_or_a_locked_bench_is_refused_everything() {
    let dir = tempfile::tempdir().unwrap();
    let minutes = Arc::new(AtomicI64::new(0));
    let bench = open(dir.path(), minutes.clone()).await;
    bench.load_demo_if_empty().await.unwrap();
    refused_all(&bench).await;

    // The lead works, then stays idle past the lock: refused until a login.
    let first = first_return();
    let rma = first.return_number.as_str();
    let (badge, pin) = demo_user(Role::Lead);
    let s = bench.login(badge, pin).await.unwrap();
    assert_eq!((s.locked, s.user.unwrap().name.as_str()), (false, "Karim Diallo"));
    bench.scan_parcel(rma).await.unwrap();
    minutes.store(9, Ordering::SeqCst);
    bench.scan_parcel(rma).await.unwrap();
    minutes.store(19, Ordering::SeqCst);
    assert!(bench.session().await.unwrap().locked, "10 minutes idle locks the bench");
    let e = bench.scan_parcel(rma).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::NotSignedIn);
    assert!(e.message.contains("Karim Diallo was idle"), "{}", e.message);
    bench.login(badge, pin).await.unwrap();
    bench.scan_parcel(rma).await.unwrap();

    // "Switch user" locks at once; logging out forgets who it was.
    let s = bench.lock().await.unwrap();
    assert!(s.locked && s.user.is_some());
    refused_all(&bench).await;
    let s = bench.logout().await.unwrap();
    assert!(s.locked && s.user.is_none());
}

#[tokio::test]
async fn every_change_names_its_actor_in_the_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let bench = open(dir.path(), Arc::default()).await;
    bench.load_demo_if_empty().await.unwrap();
    let (badge, pin) = demo_user(Role::Inspector);
    bench.login(badge, pin).await.unwrap();
    let parcel = bench.scan_parcel(first_return().return_number.as_str()).await.unwrap();
    let order = first_return();
    bench
        .start_unit(&parcel.parcel_id, order.lines[0].gtin.as_str())
        .await
        .unwrap();
    sign_in(&bench, Role::Lead).await;
    let tail = bench.audit_tail(20).await.unwrap();
    let of_inspector: Vec<&str> = tail
        .iter()
        .rev()
        .filter(|e| e.actor == badge)
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(of_inspector, ["user.login", "parcel.received", "unit.started"]);
    let received = tail.iter().find(|e| e.action == "parcel.received").unwrap();
    assert_eq!(received.subject, parcel.parcel_id);
    assert!(
        received
            .detail
            .contains(&format!("\"returnNumber\":\"{}\"", order.return_number.as_str())),
        "{}",
        received.detail
    );
    // The demo itself was loaded by the bench, not by a person.
    let first = bench
        .audit_tail(1000)
        .await
        .unwrap()
        .into_iter()
        .rev()
        .take(2)
        .map(|e| (e.actor, e.action))
        .collect::<Vec<_>>();
    assert_eq!(
        first,
        [
            ("system".to_string(), "rules.in_force".to_string()),
            ("system".to_string(), "returns.imported".to_string())
        ]
    );
}
