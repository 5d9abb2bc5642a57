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

pub async fn run(units: usize) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("triage-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let config = BenchConfig {
        site: "BENCH".into(),
        bench_number: 999,
        data_dir: dir.clone(),
        rules_file: None,
        printer: None,
    };
    let clock: triage_app::Clock = std::sync::Arc::new(chrono::Local::now);
    let result = measure(config, clock, units).await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}

async fn measure(config: BenchConfig, clock: triage_app::Clock, units: usize) -> Result<(), String> {
    let bench = Bench::open(config, clock, Locale::En).await.map_err(|e| e.message)?;
    let t = Instant::now();
    bench.load_demo_if_empty().await.map_err(|e| e.message)?;
    let load = t.elapsed();
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
    rules()
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
    labels()
}

/// Labels alone: the first one after start, then one label at a time, PDF and ZPL.
fn labels() -> Result<(), String> {
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
    for i in 0..300 {
        let data = LabelData {
            lpn: format!("LPN001{:07}", i),
            ..data.clone()
        };
        let t = Instant::now();
        std::hint::black_box(render_pdf(&template, &data).map_err(|e| e.to_string())?);
        pdf.samples.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(render_zpl(&template, &data, 203).map_err(|e| e.to_string())?);
        zpl.samples.push(t.elapsed());
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
    Ok(())
}
