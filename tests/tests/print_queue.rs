//! The print queue against a real TCP printer that answers `~HS` like a Zebra: paper
//! out then back, and the `triage` process killed between queueing and sending.

use chrono::Local;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use triage_app::{Bench, BenchConfig, LabelFormat, Locale};
use triage_core::Category;
use triage_core::Role;
use triage_print::ZebraStatus;
use triage_tests::people::sign_in;

/// A Zebra on 127.0.0.1 that keeps every label; `hang` makes it answer nothing.
struct Zebra {
    uri: String,
    jobs: Arc<Mutex<Vec<Vec<u8>>>>,
    status: Arc<Mutex<ZebraStatus>>,
    hang: Arc<AtomicBool>,
}

impl Zebra {
    fn start() -> Zebra {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let uri = format!("socket://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let jobs = Arc::new(Mutex::new(Vec::new()));
        let status = Arc::new(Mutex::new(ZebraStatus::default()));
        let hang = Arc::new(AtomicBool::new(false));
        let (j, s, h) = (jobs.clone(), status.clone(), hang.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(mut conn) = conn else { return };
                let (j, s, h) = (j.clone(), s.clone(), h.clone());
                std::thread::spawn(move || {
                    conn.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                    let mut got = Vec::new();
                    let mut buf = [0u8; 8192];
                    loop {
                        match conn.read(&mut buf) {
                            Ok(0) | Err(_) => break,
                            Ok(n) => got.extend_from_slice(&buf[..n]),
                        }
                        if got == b"~HS" {
                            if h.load(Ordering::SeqCst) {
                                std::thread::sleep(Duration::from_secs(10));
                                return;
                            }
                            let _ = conn.write_all(&s.lock().unwrap().answer());
                            return;
                        }
                    }
                    if !got.is_empty() {
                        j.lock().unwrap().push(got);
                    }
                });
            }
        });
        Zebra {
            uri,
            jobs,
            status,
            hang,
        }
    }

    fn labels(&self) -> usize {
        std::thread::sleep(Duration::from_millis(150));
        self.jobs.lock().unwrap().len()
    }
}

/// A bench whose clock the test moves.
async fn open(dir: &Path, minutes: Arc<AtomicI64>) -> Bench {
    open_with_printer(dir, minutes, None).await
}

async fn open_with_printer(dir: &Path, minutes: Arc<AtomicI64>, printer: Option<triage_app::PrinterSetting>) -> Bench {
    let config = BenchConfig {
        site: "PAR1".into(),
        bench_number: 3,
        data_dir: dir.to_path_buf(),
        rules_file: None,
        scan_codes: None,
        central: None,
        printer,
    };
    // Real time, moved on by the test: `triage` run as a process uses real time too.
    let clock: triage_app::Clock =
        Arc::new(move || Local::now() + chrono::Duration::minutes(minutes.load(Ordering::SeqCst)));
    let bench = Bench::open(config, clock, Locale::En).await.unwrap();
    sign_in(&bench, Role::Lead).await;
    bench
}

/// A confirmed home unit; returns its LPN.
async fn confirmed_unit(bench: &Bench) -> String {
    bench.load_demo_if_empty().await.unwrap();
    let today = Local::now().date_naive();
    let order = triage_app::demo_returns(today)
        .unwrap()
        .into_iter()
        .find(|o| o.lines[0].category == Category::Home && o.within_window(today))
        .unwrap();
    let parcel = bench.scan_parcel(&order.tracking_numbers[0]).await.unwrap();
    let unit = bench
        .start_unit(&parcel.parcel_id, order.lines[0].gtin.as_str())
        .await
        .unwrap();
    let answers = [("complete", "Y"), ("condition", "1")].map(|(q, k)| triage_core::Answer {
        question_id: q.into(),
        key: k.into(),
    });
    bench.confirm_unit(&unit.unit_id, &answers, &[]).await.unwrap().lpn
}

#[tokio::test]
async fn a_label_waits_out_paper_out_and_prints_once_when_the_paper_is_back() {
    let dir = tempfile::tempdir().unwrap();
    let minutes = Arc::new(AtomicI64::new(0));
    let bench = open(dir.path(), minutes.clone()).await;
    let lpn = confirmed_unit(&bench).await;
    let zebra = Zebra::start();
    *zebra.status.lock().unwrap() = ZebraStatus {
        paper_out: true,
        ..ZebraStatus::default()
    };

    let job = bench
        .print_label(&lpn, &zebra.uri, "restock-4x6", LabelFormat::Zpl { dpi: 203 })
        .await
        .unwrap();
    assert_eq!((job.state.as_str(), job.attempts), ("queued", 1));
    assert!(
        job.last_error.as_deref().unwrap().contains("cannot print: paper out"),
        "{job:?}"
    );
    assert_eq!(zebra.labels(), 0);

    // Not due yet: nothing happens. The paper comes back; five minutes later it prints.
    assert!(bench.run_print_queue().await.unwrap().is_empty());
    *zebra.status.lock().unwrap() = ZebraStatus::default();
    minutes.store(5, Ordering::SeqCst);
    let ran = bench.run_print_queue().await.unwrap();
    assert_eq!(ran.len(), 1);
    assert_eq!((ran[0].state.as_str(), ran[0].attempts), ("done", 2));
    assert_eq!(zebra.labels(), 1);
    let sent = zebra.jobs.lock().unwrap()[0].clone();
    assert!(
        String::from_utf8_lossy(&sent).contains(&format!("^FD{lpn}^FS")),
        "the ZPL of {lpn}"
    );
    // Done stays done.
    minutes.store(60, Ordering::SeqCst);
    assert!(bench.run_print_queue().await.unwrap().is_empty());
    assert_eq!(zebra.labels(), 1);

    // A reprint to another printer is logged as one (an hour on, the bench locked itself).
    let other = Zebra::start();
    assert_eq!(
        bench.reprint(&ran[0].id, Some(&other.uri)).await.unwrap_err().code,
        triage_app::ErrorCode::NotSignedIn
    );
    sign_in(&bench, Role::Lead).await;
    let again = bench.reprint(&ran[0].id, Some(&other.uri)).await.unwrap();
    assert_eq!(
        (again.state.as_str(), again.reprint_of.as_deref()),
        ("done", Some(ran[0].id.as_str()))
    );
    assert_eq!(other.labels(), 1);
    assert_eq!(bench.print_jobs(&lpn).await.unwrap().len(), 2);
}

fn triage_cli() -> PathBuf {
    // Next to this test's binary: target/debug/deps/… → target/debug/triage.
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().and_then(Path::parent).unwrap().join("triage");
    assert!(
        bin.exists(),
        "{} is missing: build it first (cargo xtask test does: cargo build --workspace --all-targets)",
        bin.display()
    );
    bin
}

#[tokio::test]
async fn a_job_queued_when_the_app_is_killed_prints_once_after_the_restart() {
    let dir = tempfile::tempdir().unwrap();
    let minutes = Arc::new(AtomicI64::new(0));
    let lpn = {
        let bench = open(dir.path(), minutes.clone()).await;
        confirmed_unit(&bench).await
    };
    let zebra = Zebra::start();
    zebra.hang.store(true, Ordering::SeqCst);

    // `triage label print` queues the job, then waits on the silent printer: killed there.
    let mut child = std::process::Command::new(triage_cli())
        .args([
            "label",
            "print",
            "--lpn",
            &lpn,
            "--printer",
            &zebra.uri,
            "--format",
            "zpl",
        ])
        .env("TRIAGE_DATA_DIR", dir.path())
        .env("TRIAGE_BENCH", "3")
        .env("TRIAGE_BADGE", triage_tests::people::demo_user(Role::Lead).0)
        .env("TRIAGE_PIN", triage_tests::people::demo_user(Role::Lead).1)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let store = triage_store::Store::open(&dir.path().join("triage.sqlite"))
        .await
        .unwrap();
    let mut queued = Vec::new();
    for _ in 0..100 {
        queued = store.print_jobs_for(&lpn).await.unwrap();
        if !queued.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let exited = child.try_wait().unwrap();
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        exited,
        None,
        "triage ended early: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(queued.len(), 1, "the job was stored before the printer was tried");
    assert_eq!(queued[0].state, triage_store::JobState::Queued);
    assert_eq!(zebra.labels(), 0, "killed before anything reached the printer");
    drop(store);

    // The bench starts again; the printer answers now.
    zebra.hang.store(false, Ordering::SeqCst);
    let bench = open(dir.path(), minutes.clone()).await;
    let ran = bench.run_print_queue().await.unwrap();
    assert_eq!(ran.len(), 1);
    assert_eq!(ran[0].state, "done");
    minutes.store(30, Ordering::SeqCst);
    assert!(bench.run_print_queue().await.unwrap().is_empty());
    assert_eq!(zebra.labels(), 1, "printed once");
}

#[tokio::test]
async fn a_confirmed_unit_is_queued_for_the_benchs_printer_with_its_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let printed = tempfile::tempdir().unwrap();
    let zebra = Zebra::start();
    *zebra.status.lock().unwrap() = ZebraStatus {
        head_open: true,
        ..ZebraStatus::default()
    };
    let setting = triage_app::PrinterSetting {
        uri: zebra.uri.clone(),
        format: LabelFormat::Zpl { dpi: 203 },
        template: "restock-2x1".into(),
    };
    let minutes = Arc::new(AtomicI64::new(0));
    let bench = open_with_printer(dir.path(), minutes.clone(), Some(setting)).await;
    let lpn = confirmed_unit(&bench).await;
    let jobs = bench.print_jobs(&lpn).await.unwrap();
    assert_eq!(jobs.len(), 1, "queued in the confirmation's transaction");
    assert_eq!((jobs[0].state.as_str(), jobs[0].format.as_str()), ("queued", "zpl"));

    // The background round: the head is open, the bar says so.
    bench.run_print_queue().await.unwrap();
    let status = bench.print_status().await.unwrap();
    assert_eq!(
        (status.printer.as_deref(), status.waiting),
        (Some(zebra.uri.as_str()), 1)
    );
    assert!(
        status.trouble.as_deref().unwrap().contains("cannot print: head open"),
        "{status:?}"
    );
    assert_eq!(status.trouble_lpn.as_deref(), Some(lpn.as_str()));

    // Closed again: the next round after the wait prints it, once.
    *zebra.status.lock().unwrap() = ZebraStatus::default();
    minutes.store(1, Ordering::SeqCst);
    bench.run_print_queue().await.unwrap();
    assert_eq!(zebra.labels(), 1);
    let zpl = String::from_utf8(zebra.jobs.lock().unwrap()[0].clone()).unwrap();
    assert!(zpl.contains("^PW406\n^LL203\n"), "the printer's 2x1 template: {zpl}");
    let status = bench.print_status().await.unwrap();
    assert_eq!((status.waiting, status.trouble), (0, None));
    drop(printed);
}

#[tokio::test]
async fn the_printer_chosen_in_settings_is_kept_test_prints_and_takes_the_next_label() {
    let dir = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let zebra = Zebra::start();
    let minutes = Arc::new(AtomicI64::new(0));
    let bench = open(dir.path(), minutes.clone()).await;
    assert_eq!(bench.printer_choice(), None);
    // Printers are the admin's.
    assert_eq!(
        bench.test_print().await.unwrap_err().code,
        triage_app::ErrorCode::Forbidden
    );
    sign_in(&bench, Role::Admin).await;
    let e = bench.test_print().await.unwrap_err();
    assert_eq!(e.message, "no printer is chosen: enter its address in settings first");

    // A bad choice is refused and changes nothing.
    let bad = triage_app::PrinterChoice {
        uri: "lpt1".into(),
        format: String::new(),
        dpi: 203,
        template: "restock-4x6".into(),
    };
    let e = bench.set_printer(Some(bad)).await.unwrap_err();
    assert_eq!(e.code, triage_app::ErrorCode::InvalidInput);
    assert!(e.message.ends_with("; the printer in use stays"), "{}", e.message);
    let e = bench
        .set_printer(Some(triage_app::PrinterChoice {
            uri: zebra.uri.clone(),
            format: "zpl".into(),
            dpi: 600,
            template: "restock-4x6".into(),
        }))
        .await
        .unwrap_err();
    assert!(
        e.message.starts_with("600 dpi: a label printer is 203 or 300 dpi"),
        "{}",
        e.message
    );

    // The Zebra, format left to what suits it: ZPL; a test label prints at once.
    let kept = bench
        .set_printer(Some(triage_app::PrinterChoice {
            uri: zebra.uri.clone(),
            format: String::new(),
            dpi: 203,
            template: String::new(),
        }))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((kept.format.as_str(), kept.template.as_str()), ("zpl", "restock-4x6"));
    // Asked now: the Zebra's ~HS says head open, then ready.
    *zebra.status.lock().unwrap() = ZebraStatus {
        head_open: true,
        ..ZebraStatus::default()
    };
    let check = bench.check_printer().await.unwrap();
    assert!(
        !check.ready && check.said.contains("cannot print: head open"),
        "{check:?}"
    );
    *zebra.status.lock().unwrap() = ZebraStatus::default();
    let check = bench.check_printer().await.unwrap();
    assert_eq!((check.ready, check.said.as_str()), (true, "ready"));
    let job = bench.test_print().await.unwrap();
    assert_eq!((job.lpn.as_str(), job.state.as_str()), (triage_app::TEST_PRINT, "done"));
    assert_eq!(zebra.labels(), 1);
    let zpl = String::from_utf8(zebra.jobs.lock().unwrap()[0].clone()).unwrap();
    assert!(zpl.starts_with("^XA") && zpl.contains("LPN0000000000"), "{zpl}");

    // Kept across a restart; then a folder printer takes the next confirmed label.
    drop(bench);
    let bench = open(dir.path(), minutes.clone()).await;
    assert_eq!(bench.printer_choice(), Some(kept));
    sign_in(&bench, Role::Admin).await;
    let file = format!("file://{}", folder.path().display());
    bench
        .set_printer(Some(triage_app::PrinterChoice {
            uri: file.clone(),
            format: String::new(),
            dpi: 203,
            template: "restock-4x6".into(),
        }))
        .await
        .unwrap();
    sign_in(&bench, Role::Lead).await;
    let lpn = confirmed_unit(&bench).await;
    bench.run_print_queue().await.unwrap();
    assert!(folder.path().join(format!("{lpn}.pdf")).exists());
    let recent = bench.recent_print_jobs(10).await.unwrap();
    assert_eq!(recent.len(), 2);
    assert_eq!(
        (recent[0].lpn.as_str(), recent[0].state.as_str()),
        (lpn.as_str(), "done")
    );
    assert_eq!(recent[1].lpn, triage_app::TEST_PRINT);
    // None: labels are only saved as PDFs again.
    sign_in(&bench, Role::Admin).await;
    assert_eq!(bench.set_printer(None).await.unwrap(), None);
    assert_eq!(bench.print_status().await.unwrap().printer, None);
}

/// A real IPP printer whose every job runs `body` (a shell script).
fn ipp_printer(scripts: &Path, body: &str) -> (triage_ipptest::Printer, triage_app::PrinterSetting) {
    let eve = triage_ipptest::start(&triage_ipptest::script(scripts, "job.sh", body));
    let setting = triage_app::PrinterSetting {
        uri: eve.uri.clone(),
        format: LabelFormat::Pdf,
        template: "restock-4x6".into(),
    };
    (eve, setting)
}

#[tokio::test]
async fn an_ipp_label_still_printing_when_the_watch_ends_is_followed_to_done_and_prints_once() {
    let (dir, scripts) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (eve, setting) = ipp_printer(scripts.path(), "sleep 3");
    let minutes = Arc::new(AtomicI64::new(0));
    let bench = open_with_printer(dir.path(), minutes.clone(), Some(setting)).await;
    // 30 s in the bench; a third of a second here, so the 3 s job outlasts it.
    bench.set_print_watch(Duration::from_millis(300));
    let lpn = confirmed_unit(&bench).await;
    let round = bench.run_print_queue().await.unwrap();
    assert_eq!(round.len(), 1);
    assert_eq!((round[0].lpn.as_str(), round[0].state.as_str()), (lpn.as_str(), "sent"));
    let status = bench.print_status().await.unwrap();
    assert_eq!((status.waiting, status.failed, status.trouble), (1, 0, None));
    // Not asked again before its time (5 s of the bench's clock).
    assert!(bench.run_print_queue().await.unwrap().is_empty());
    // Each later round asks the printer; once it has finished, the job is done.
    let mut state = String::new();
    for minute in 1..=30 {
        minutes.store(minute, Ordering::SeqCst);
        state = bench.run_print_queue().await.unwrap()[0].state.clone();
        if state == "done" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    assert_eq!(state, "done");
    assert_eq!(eve.spooled().len(), 1, "followed, never sent a second time");
    assert!(eve.spooled()[0].starts_with(b"%PDF"));
    let status = bench.print_status().await.unwrap();
    assert_eq!((status.waiting, status.failed), (0, 0));
}

#[tokio::test]
async fn an_ipp_job_the_printer_aborts_waits_with_the_printer_reason_and_is_sent_again() {
    let (dir, scripts) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (eve, setting) = ipp_printer(scripts.path(), "echo 'ERROR: paper jam' >&2\nexit 1");
    let minutes = Arc::new(AtomicI64::new(0));
    let bench = open_with_printer(dir.path(), minutes.clone(), Some(setting)).await;
    let lpn = confirmed_unit(&bench).await;
    let round = bench.run_print_queue().await.unwrap();
    assert_eq!(round[0].state, "queued", "{:?}", round[0]);
    let said = round[0].last_error.clone().unwrap_or_default();
    assert!(
        said.contains("the printer aborted the job: paper jam (aborted-by-system)"),
        "{said}"
    );
    let status = bench.print_status().await.unwrap();
    assert_eq!(status.trouble_lpn.as_deref(), Some(lpn.as_str()));
    assert!(status.trouble.unwrap_or_default().contains("paper jam"));
    // After the backoff it is sent again (the jam is still there: still waiting).
    minutes.store(1, Ordering::SeqCst);
    let round = bench.run_print_queue().await.unwrap();
    assert_eq!((round[0].state.as_str(), round[0].attempts), ("queued", 2));
    assert_eq!(eve.spooled().len(), 2);
}
