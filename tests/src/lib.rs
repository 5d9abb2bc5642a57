//! End-to-end tests live in tests/; what several of them (and the sync benchmark) share lives here.

pub mod central;
pub mod people {
    //! Users for tests: the demo's badges and PINs, put on a bench that has none.

    use triage_app::{Bench, DEMO_USERS};
    use triage_core::Role;

    /// The demo user with this role: (badge, PIN).
    pub fn demo_user(role: Role) -> (&'static str, &'static str) {
        let (badge, _, _, pin) = DEMO_USERS
            .iter()
            .find(|u| u.2 == role)
            .expect("the demo has a user of each role");
        (badge, pin)
    }

    /// Makes sure the demo's three users exist on the bench (the admin first, as a
    /// bench with no users requires), then logs in the one with `role`.
    pub async fn sign_in(bench: &Bench, role: Role) {
        if !bench.session().await.unwrap().users_known {
            let (badge, name, r, pin) = DEMO_USERS[2];
            bench.put_user(badge, name, r, Some(pin), true).await.unwrap();
        }
        let (admin, pin) = demo_user(Role::Admin);
        bench.login(admin, pin).await.unwrap();
        let known = bench.users().await.unwrap();
        for (badge, name, r, pin) in DEMO_USERS {
            if !known.iter().any(|u| u.badge == badge) {
                bench.put_user(badge, name, r, Some(pin), true).await.unwrap();
            }
        }
        let (badge, pin) = demo_user(role);
        bench.login(badge, pin).await.unwrap();
    }
}

/// A bench of site PAR1 in `dir`, with no central, printer or site files.
pub fn bench_config(dir: &std::path::Path, bench_number: u16) -> triage_app::BenchConfig {
    triage_app::BenchConfig {
        site: "PAR1".into(),
        bench_number,
        data_dir: dir.to_path_buf(),
        rules_file: None,
        scan_codes: None,
        central: None,
        printer: None,
    }
}

/// A bench of site PAR1 in `dir` at 2026-11-27 10:30 (a clock that stands still),
/// with the demo returns and users loaded; nobody logged in.
pub async fn demo_bench(dir: &std::path::Path, bench_number: u16) -> triage_app::Bench {
    let bench = triage_app::Bench::open(
        bench_config(dir, bench_number),
        movable_clock(std::sync::Arc::new(std::sync::atomic::AtomicI64::new(0))),
        triage_app::Locale::En,
    )
    .await
    .unwrap();
    bench.load_demo_if_empty().await.unwrap();
    bench
}

/// 2026-11-27 10:30 local, moved on by the test through `minutes`.
pub fn movable_clock(minutes: std::sync::Arc<std::sync::atomic::AtomicI64>) -> triage_app::Clock {
    use chrono::TimeZone;
    std::sync::Arc::new(move || {
        chrono::Local.with_ymd_and_hms(2026, 11, 27, 10, 30, 0).unwrap()
            + chrono::Duration::minutes(minutes.load(std::sync::atomic::Ordering::SeqCst))
    })
}

/// A demo return whose first line is an electronics unit with expected serials,
/// within its window on `today` (the serial-mismatch stories use it).
pub fn phone_return(today: chrono::NaiveDate) -> triage_core::ReturnOrder {
    triage_app::demo_returns(today)
        .unwrap()
        .into_iter()
        .find(|o| {
            o.lines[0].category == triage_core::Category::Electronics
                && !o.lines[0].expected_serials.is_empty()
                && o.within_window(today)
        })
        .expect("an in-window electronics return with serials in the demo set")
}

/// Rasterises a label PDF at thermal resolution (203 dpi) and reads its barcodes
/// back with zbarimg, sorted; keeps the PNG as target/screenshots/`keep_as`.png
/// for people to look at.
pub fn label_barcodes(pdf: &str, keep_as: &str) -> Vec<String> {
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("triage-label-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let prefix = dir.join("label");
    let st = std::process::Command::new("pdftoppm")
        .args(["-r", "203", "-png", "-singlefile", pdf])
        .arg(&prefix)
        .status()
        .expect("pdftoppm runs (cargo xtask test installs poppler-utils)");
    assert!(st.success());
    let png = prefix.with_extension("png");
    let out = std::process::Command::new("zbarimg")
        .args(["--nodbus", "--raw", "-q"])
        .arg(&png)
        .output()
        .expect("zbarimg runs (cargo xtask test installs zbar-tools)");
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::copy(&png, shots.join(format!("{keep_as}.png"))).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let mut read: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    read.sort();
    read
}
