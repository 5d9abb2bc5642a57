//! `triage bench`: times the inspector's path on the demo data, in a throwaway bench.

use std::time::{Duration, Instant};
use triage_app::{Bench, BenchConfig, Locale};
use triage_core::rules::Answer;

struct Timings {
    name: &'static str,
    samples: Vec<Duration>,
}

impl Timings {
    fn new(name: &'static str) -> Self {
        Timings { name, samples: vec![] }
    }

    /// The median in microseconds.
    fn median_us(&mut self) -> f64 {
        self.samples.sort();
        self.samples
            .get(self.samples.len() / 2)
            .map_or(0.0, |d| d.as_secs_f64() * 1e6)
    }

    /// name, n, median, p95, max in ms.
    fn row(&mut self) -> String {
        self.row_in(1000.0)
    }

    /// The same, in `per_second` units (1000: ms, 1e6: µs).
    fn row_in(&mut self, per_second: f64) -> String {
        self.samples.sort();
        let at = |q: f64| {
            let i = ((self.samples.len() as f64 - 1.0) * q).round() as usize;
            self.samples.get(i).map_or(0.0, |d| d.as_secs_f64() * per_second)
        };
        format!(
            "{:<28} {:>6} {:>10.3} {:>10.3} {:>10.3}",
            self.name,
            self.samples.len(),
            at(0.5),
            at(0.95),
            at(1.0)
        )
    }
}

/// `peer`: also time the Python peer on the same label (installs it on first use).
pub async fn run(units: usize, peer: bool) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("triage-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let config = BenchConfig {
        site: "BENCH".into(),
        bench_number: 999,
        data_dir: dir.clone(),
        rules_file: None,
        scan_codes: None,
        central: None,
        printer: None,
    };
    let clock: triage_app::Clock = std::sync::Arc::new(chrono::Local::now);
    let result = measure(config, clock, units, peer).await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}

async fn measure(config: BenchConfig, clock: triage_app::Clock, units: usize, peer: bool) -> Result<(), String> {
    let bench = Bench::open(config, clock, Locale::En).await.map_err(|e| e.message)?;
    let t = Instant::now();
    bench.load_demo_if_empty().await.map_err(|e| e.message)?;
    let load = t.elapsed();
    // The demo's lead may receive and inspect.
    let (badge, _, _, pin) = triage_app::DEMO_USERS[1];
    bench.login(badge, pin).await.map_err(|e| e.message)?;
    let orders = triage_app::demo_returns(chrono::Local::now().date_naive())?;

    let mut lookup = Timings::new("scan parcel → return shown");
    let mut start = Timings::new("scan unit → checklist");
    let mut propose = Timings::new("answer → proposal");
    let mut confirm = Timings::new("confirm (LPN, PDF, fsync)");
    for (i, o) in orders.iter().enumerate() {
        let code = &o.tracking_numbers[0];
        let t = Instant::now();
        let parcel = bench.scan_parcel(code).await.map_err(|e| e.message)?;
        lookup.samples.push(t.elapsed());
        if i >= units {
            continue;
        }
        let t = Instant::now();
        let unit = bench
            .start_unit(&parcel.parcel_id, o.lines[0].gtin.as_str())
            .await
            .map_err(|e| e.message)?;
        start.samples.push(t.elapsed());
        // Each question as it comes: the first option, or the serial the line expects.
        let mut answers: Vec<Answer> = Vec::new();
        let mut decision = unit.decision.clone();
        while let Some(id) = decision
            .asked
            .iter()
            .find(|id| !answers.iter().any(|a| &a.question_id == *id))
        {
            let q = unit
                .questions
                .iter()
                .find(|q| &q.id == id)
                .ok_or("a question the checklist does not have")?;
            let key = match q.options.first() {
                Some(o) => o.key.clone(),
                None => o.lines[0]
                    .expected_serials
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "1".into()),
            };
            answers.push(Answer {
                question_id: id.clone(),
                key,
            });
            let t = Instant::now();
            decision = bench
                .propose(&unit.unit_id, &answers, &[])
                .await
                .map_err(|e| e.message)?;
            propose.samples.push(t.elapsed());
        }
        let t = Instant::now();
        bench
            .confirm_unit(&unit.unit_id, &answers, &[])
            .await
            .map_err(|e| e.message)?;
        confirm.samples.push(t.elapsed());
    }
    println!(
        "demo load ({} returns): {:.0} ms",
        orders.len(),
        load.as_secs_f64() * 1000.0
    );
    println!(
        "{:<28} {:>6} {:>10} {:>10} {:>10}",
        "step (ms)", "n", "median", "p95", "max"
    );
    for t in [&mut lookup, &mut start, &mut propose, &mut confirm] {
        println!("{}", t.row());
    }
    dashboard(&bench).await?;
    login(&bench).await?;
    rules()?;
    labels(peer)?;
    scans(100_000)
}

/// Logging in: the PIN checked against its argon2id hash (the whole use case,
/// with the login event and the audit entry), and hashing a new PIN.
async fn login(bench: &Bench) -> Result<(), String> {
    let (badge, _, _, pin) = triage_app::DEMO_USERS[1];
    let mut verify = Timings::new("log in (argon2id verify)");
    for _ in 0..20 {
        let t = Instant::now();
        bench.login(badge, pin).await.map_err(|e| e.message)?;
        verify.samples.push(t.elapsed());
    }
    let mut hash = Timings::new("hash a new PIN (argon2id)");
    for _ in 0..10 {
        let t = Instant::now();
        std::hint::black_box(triage_app::hash_pin("7391").map_err(|e| e.message)?);
        hash.samples.push(t.elapsed());
    }
    println!(
        "\n{:<28} {:>6} {:>10} {:>10} {:>10}",
        "people (ms)", "n", "median", "p95", "max"
    );
    println!("{}", verify.row());
    println!("{}", hash.row());
    Ok(())
}

/// The lead's dashboard: the whole use case on this bench's units (store query,
/// KPIs, the view), then the KPIs alone on 10,000 units.
async fn dashboard(bench: &Bench) -> Result<(), String> {
    use triage_app::dto::DashboardPeriod;
    use triage_core::kpi::{compute, Period, RecoveryRates};
    let mut view = Timings::new("dashboard of the shift");
    let mut graded = 0;
    for _ in 0..50 {
        let t = Instant::now();
        let v = bench.dashboard(&DashboardPeriod::Shift).await.map_err(|e| e.message)?;
        view.samples.push(t.elapsed());
        graded = v.kpis.tiles.graded;
    }
    let now = chrono::Utc::now();
    let from = now - chrono::Duration::hours(12);
    let units = bench
        .store()
        .dashboard_units(from, now + chrono::Duration::hours(1))
        .await
        .map_err(|e| e.to_string())?;
    if units.is_empty() {
        return Err("the bench graded no unit to count".into());
    }
    // 10,000 units: the bench's own, again and again, over 40 inspectors and 5 benches.
    let many: Vec<_> = (0..10_000)
        .map(|i| {
            let mut u = units[i % units.len()].clone();
            u.inspector = Some(format!("Inspector {}", i % 40));
            u.bench = format!("BENCH-{}", i % 5);
            u
        })
        .collect();
    let period = Period {
        from,
        to: now + chrono::Duration::hours(1),
        offset: *chrono::Local::now().offset(),
    };
    let mut kpis = Timings::new("KPIs of 10,000 units");
    for _ in 0..30 {
        let t = Instant::now();
        std::hint::black_box(compute(
            std::hint::black_box(&many),
            &period,
            now,
            &RecoveryRates::default(),
        ));
        kpis.samples.push(t.elapsed());
    }
    println!(
        "\n{:<28} {:>6} {:>10} {:>10} {:>10}",
        "dashboard (ms)", "n", "median", "p95", "max"
    );
    println!("{}   ({graded} units graded)", view.row());
    println!("{}", kpis.row());
    Ok(())
}

/// The rules alone: loading and checking the default file, and one decision.
fn rules() -> Result<(), String> {
    use triage_core::rules::{Facts, RuleSet};
    use triage_core::{Category, ReturnReason};
    let text = triage_app::DEFAULT_RULES;
    let mut load = Timings::new("load + check default rules");
    let mut set = None;
    for _ in 0..20 {
        let t = Instant::now();
        set = Some(RuleSet::from_toml("default.toml", text).map_err(|e| e.to_string())?);
        load.samples.push(t.elapsed());
    }
    let set = set.ok_or("no rule set")?;
    // An opened phone with every question answered: the longest checklist.
    let facts = Facts {
        category: Category::Electronics,
        reason: ReturnReason::Defective,
        days_since_purchase: 12,
        window_days: 30,
        unit_value_cents: 64_900,
        wrong_item: false,
        over_quantity: false,
        stock_need: Default::default(),
        expected_serials: vec!["356938035643809".into()],
        raised: Vec::new(),
    };
    let answers: Vec<Answer> = [
        ("sealed", "N"),
        ("powers_on", "Y"),
        ("screen_ok", "Y"),
        ("data_wiped", "Y"),
        ("accessories", "N"),
        ("cosmetic", "2"),
        ("serial", "356938035643809"),
    ]
    .iter()
    .map(|(q, k)| Answer {
        question_id: q.to_string(),
        key: k.to_string(),
    })
    .collect();
    let mut decide = Timings::new("decide one unit");
    const BATCH: u32 = 1000;
    for _ in 0..200 {
        let t = Instant::now();
        for _ in 0..BATCH {
            std::hint::black_box(set.decide(std::hint::black_box(&facts), std::hint::black_box(&answers)));
        }
        decide.samples.push(t.elapsed() / BATCH);
    }
    println!(
        "\n{:<28} {:>6} {:>10} {:>10} {:>10}",
        "rules (µs)", "n", "median", "p95", "max"
    );
    println!("{}", load.row_in(1e6));
    println!("{}", decide.row_in(1e6));
    Ok(())
}

/// Labels alone: the first one after start, then one label at a time, PDF and ZPL;
/// with `peer`, the Python peer's medians for the same label beside ours.
fn labels(peer: bool) -> Result<(), String> {
    use triage_labels::{render_pdf, render_zpl, LabelData, LabelTemplate};
    let data = LabelData {
        lpn: "LPN0010000001".into(),
        sku: "FTW-RUN-0027-41-BLU".into(),
        description: "Chaussures de randonnée, été — taille 41, bleu".into(),
        grade: "B".into(),
        disposition: "RESTOCK".into(),
        destination: "Zone B (open box)".into(),
        return_number: "RMA4890165".into(),
        date: "2026-11-27".into(),
        bench: "Site PAR1 · Bench 01".into(),
        flags: vec![],
        gtin: String::new(),
        serial: String::new(),
    };
    let t = Instant::now();
    let template = LabelTemplate::builtin("restock-4x6").map_err(|e| e.to_string())?;
    render_pdf(&template, &data).map_err(|e| e.to_string())?;
    let first = t.elapsed();
    let mut pdf = Timings::new("4x6 label as PDF");
    let mut zpl = Timings::new("4x6 label as ZPL (203 dpi)");
    let mut wrapped = Timings::new("4x6 ZPL, text to wrap");
    let numbered = |i: usize| LabelData {
        lpn: format!("LPN001{:07}", i),
        ..data.clone()
    };
    // Each kind in its own run of labels, like the peer's loops.
    for i in 0..300 {
        let data = numbered(i);
        let t = Instant::now();
        std::hint::black_box(render_pdf(&template, &data).map_err(|e| e.to_string())?);
        pdf.samples.push(t.elapsed());
    }
    for i in 0..30_000 {
        let data = numbered(i);
        let t = Instant::now();
        std::hint::black_box(render_zpl(&template, &data, 203).map_err(|e| e.to_string())?);
        zpl.samples.push(t.elapsed());
    }
    for i in 0..3_000 {
        // A description that must wrap takes the general layout.
        let long = LabelData {
            description: "Chaussures de randonnée imperméables, semelle Vibram, lacets rouges, taille 41".into(),
            ..numbered(i)
        };
        let t = Instant::now();
        std::hint::black_box(render_zpl(&template, &long, 203).map_err(|e| e.to_string())?);
        wrapped.samples.push(t.elapsed());
    }
    println!(
        "\n{:<28} {:>6} {:>10} {:>10} {:>10}",
        "labels (µs)", "n", "median", "p95", "max"
    );
    println!(
        "{:<28} {:>6} {:>10.0}",
        "first label after start",
        1,
        first.as_secs_f64() * 1e6
    );
    println!("{}", pdf.row_in(1e6));
    println!("{}", zpl.row_in(1e6));
    println!("{}", wrapped.row_in(1e6));
    if !peer {
        return Ok(());
    }
    let ours = render_zpl(&template, &data, 203).map_err(|e| e.to_string())?;
    let logo = ours.lines().find(|l| l.contains("^GFA")).unwrap_or_default();
    match crate::label_peer::measure(&data, logo, 300) {
        Ok(p) => {
            let (ours_pdf, ours_zpl) = (pdf.median_us(), zpl.median_us());
            println!(
                "\n{:<40} {:>10} {:>10} {:>8}",
                format!("vs reportlab {} + python-barcode {}", p.reportlab, p.python_barcode),
                "peer µs",
                "triage µs",
                "ratio"
            );
            let row = |name: &str, theirs: f64, ours: f64| {
                // Two decimals for times under 10 µs (a ZPL label takes about half of one).
                let places = if theirs < 10.0 { 2 } else { 1 };
                println!(
                    "{name:<40} {theirs:>10.places$} {ours:>10.places$} {:>7.2}x",
                    theirs / ours
                );
            };
            row("4x6 PDF, DejaVu Sans embedded", p.pdf_us, ours_pdf);
            row("4x6 PDF, peer in built-in Helvetica", p.pdf_helvetica_us, ours_pdf);
            row("first PDF label after start", p.first_pdf_us, first.as_secs_f64() * 1e6);
            row("4x6 ZPL (peer: one f-string)", p.zpl_us, ours_zpl);
            println!(
                "(ratio: the peer's time over ours; above 1, Triage is faster; peer PDF {} bytes)",
                p.pdf_bytes
            );
        }
        Err(e) => println!("\nThe Python peer was not run: {e}"),
    }
    Ok(())
}

/// Classification of a mixed corpus of scans: throughput and latency.
fn scans(n: usize) -> Result<(), String> {
    let corpus = scan_corpus(n);
    let classifier = triage_scan::Classifier::default();
    std::hint::black_box(classifier.classify(&corpus[0]));
    let mut each = Vec::with_capacity(n);
    let all = Instant::now();
    for s in &corpus {
        let t = Instant::now();
        std::hint::black_box(classifier.classify(std::hint::black_box(s)));
        each.push(t.elapsed());
    }
    let total = all.elapsed();
    each.sort();
    let at = |q: f64| each[((each.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e6;
    println!(
        "\n{:<28} {:>8} {:>10} {:>10} {:>10} {:>10}",
        "scan classification (µs)", "n", "median", "p99", "max", "scans/s"
    );
    println!(
        "{:<28} {:>8} {:>10.2} {:>10.2} {:>10.1} {:>10.0}",
        "mixed corpus",
        n,
        at(0.5),
        at(0.99),
        at(1.0),
        n as f64 / total.as_secs_f64()
    );
    hid_reports()
}

/// Decoding what USB scanners send: boot keyboard reports (a press and a
/// release per character) and HID POS reports, in reports per second.
fn hid_reports() -> Result<(), String> {
    use triage_scan::hid::{hid_pos_reports, HidPosDecoder, KeyboardDecoder, Layout};
    let scan = "]C10109506000134352\u{1d}21SN12345678\u{1d}10LOT-42";
    // Usage ids of a US keyboard for the characters above, with shift where needed.
    let mut keyboard: Vec<[u8; 8]> = Vec::new();
    for c in scan.chars() {
        let (m, u) = match c {
            '\u{1d}' => (0x01, 0x30),
            ']' => (0, 0x30),
            '-' => (0, 0x2d),
            'A'..='Z' => (0x02, 0x04 + (c as u8 - b'A')),
            '1'..='9' => (0, 0x1e + (c as u8 - b'1')),
            '0' => (0, 0x27),
            _ => (0, 0x2c),
        };
        keyboard.push([m, 0, u, 0, 0, 0, 0, 0]);
        keyboard.push([0; 8]);
    }
    keyboard.push([0, 0, 0x28, 0, 0, 0, 0, 0]);
    keyboard.push([0; 8]);
    let pos = hid_pos_reports("C1", scan.as_bytes());
    const ROUNDS: usize = 20_000;
    let mut d = KeyboardDecoder::new(Layout::Us);
    let t = Instant::now();
    let mut scans = 0;
    for _ in 0..ROUNDS {
        for r in &keyboard {
            scans += usize::from(std::hint::black_box(d.feed(std::hint::black_box(r))).is_some());
        }
    }
    let kb = t.elapsed();
    let mut d = HidPosDecoder::default();
    let t = Instant::now();
    for _ in 0..ROUNDS {
        for r in &pos {
            scans += usize::from(std::hint::black_box(d.feed(std::hint::black_box(r))).is_some());
        }
    }
    let hp = t.elapsed();
    if scans != 2 * ROUNDS {
        return Err(format!("HID decode: {scans} scans from {} rounds", 2 * ROUNDS));
    }
    println!(
        "\n{:<28} {:>12} {:>14} {:>12}",
        "HID report decoding", "reports", "reports/s", "µs/scan"
    );
    for (name, reports, took) in [
        ("boot keyboard (2 per char)", keyboard.len() * ROUNDS, kb),
        ("HID POS (64-byte reports)", pos.len() * ROUNDS, hp),
    ] {
        println!(
            "{:<28} {:>12} {:>14.0} {:>12.2}",
            name,
            reports,
            reports as f64 / took.as_secs_f64(),
            took.as_secs_f64() * 1e6 / ROUNDS as f64
        );
    }
    Ok(())
}

/// `n` scans as a bench meets them: tracking numbers of each carrier, GTINs,
/// GS1-128 unit labels, Digital Links, the bench's own codes, commands,
/// typos and noise. Deterministic.
pub fn scan_corpus(n: usize) -> Vec<String> {
    use triage_scan::check;
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as u32
    };
    let mut digits = |len: usize, next: &mut dyn FnMut() -> u32| -> String {
        (0..len).map(|_| char::from(b'0' + (next() % 10) as u8)).collect()
    };
    let with = |p: String, f: fn(&str) -> Option<u8>| format!("{p}{}", f(&p).unwrap_or(0));
    (0..n)
        .map(|i| {
            let d = &mut digits;
            match i % 12 {
                0 => {
                    let body: String = (0..15)
                        .map(|_| char::from(b"0123456789ABCDEFGHJKLMNPRSTUVWXYZ"[(next() % 33) as usize]))
                        .collect();
                    format!("1Z{}", with(body, check::ups_check_digit))
                }
                1 => with(d(11, &mut next), check::fedex_express_check_digit),
                2 => format!(
                    "420{}\u{1d}{}",
                    d(5, &mut next),
                    with(format!("92{}", d(19, &mut next)), check::usps_check_digit)
                ),
                3 => with(format!("1{}", d(8, &mut next)), check::dhl_check_digit),
                4 => with(format!("40{}", d(10, &mut next)), check::gs1_check_digit),
                5 => format!(
                    "]C101{}21SN{}\u{1d}10L{}",
                    with(format!("0{}", d(12, &mut next)), check::gs1_check_digit),
                    d(8, &mut next),
                    d(4, &mut next)
                ),
                6 => format!(
                    "https://id.example.com/01/{}/21/{}?17=261231",
                    with(format!("0{}", d(12, &mut next)), check::gs1_check_digit),
                    d(10, &mut next)
                ),
                7 => format!("RMA{}", d(7, &mut next)),
                8 => format!("LPN{}", d(10, &mut next)),
                9 => ["CMD:CONFIRM", "CMD:Y", "CMD:N", "CMD:3", "CMD:UNDO"][(next() % 5) as usize].to_string(),
                // A GTIN with its last digit off by one: a typo.
                10 => {
                    let g = with(format!("3{}", d(11, &mut next)), check::gs1_check_digit);
                    let last = (g.as_bytes()[11] - b'0' + 1) % 10;
                    format!("{}{last}", &g[..11])
                }
                _ => format!("hello {}", d(6, &mut next)),
            }
        })
        .collect()
}
