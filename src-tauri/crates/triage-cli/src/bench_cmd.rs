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

    fn row(&mut self) -> String {
        self.samples.sort();
        let at = |q: f64| {
            let i = ((self.samples.len() as f64 - 1.0) * q).round() as usize;
            self.samples.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
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
        let answers: Vec<Answer> = unit
            .questions
            .iter()
            .map(|q| Answer {
                question_id: q.id.clone(),
                key: q.options[0].key.clone(),
            })
            .collect();
        let t = Instant::now();
        bench.propose(&unit.unit_id, &answers).await.map_err(|e| e.message)?;
        propose.samples.push(t.elapsed());
        let t = Instant::now();
        bench
            .confirm_unit(&unit.unit_id, &answers)
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
    Ok(())
}
