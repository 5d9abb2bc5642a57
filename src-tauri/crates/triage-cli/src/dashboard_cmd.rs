//! `triage dashboard`: the shift's (or chosen days') numbers, a chart as CSV,
//! the shift times.

use triage_app::dto::{DashboardPeriod, DashboardView};
use triage_app::Bench;
use triage_core::kpi::format_value;

#[derive(clap::Args)]
pub struct DashboardArgs {
    /// First day, YYYY-MM-DD (local); without it, the shift running now.
    #[arg(long)]
    from: Option<String>,
    /// Last day, included (default: --from).
    #[arg(long)]
    to: Option<String>,
    /// Print one chart's numbers as CSV (the text output names the charts).
    #[arg(long, value_name = "CHART")]
    csv: Option<String>,
    /// Print the whole dashboard as JSON.
    #[arg(long)]
    json: bool,
    /// Set when shifts start (admins), local times: 06:00,14:00,22:00.
    #[arg(long, value_delimiter = ',', value_name = "HH:MM,…")]
    set_shifts: Option<Vec<String>>,
    /// Set the share of graded units offered to a lead for a blind re-grade (admins), in percent.
    #[arg(long, value_name = "PERCENT")]
    set_calibration: Option<f64>,
}

fn tile(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{v:.1}"))
}

fn print_text(v: &DashboardView) {
    let t = &v.kpis.tiles;
    println!("{} from {} to {} (rules {})", v.bench, v.from, v.to, v.rules_version);
    println!(
        "graded {}  units/h {:.1}  dwell median {} min  p90 {} min  waiting: grading {}, lead {}  flagged {:.1} %  expected recovery {:.2}  advised refund {:.2}",
        t.graded,
        t.units_per_hour,
        tile(t.dwell_median_minutes),
        tile(t.dwell_p90_minutes),
        t.awaiting_grading,
        t.awaiting_lead,
        t.flagged_percent,
        t.expected_recovery,
        t.advised_refund
    );
    let c = &v.calibration;
    println!(
        "calibration ({} % offered): re-graded {}  agreement {} %  within one grade {} %",
        v.calibration_share,
        c.regraded,
        tile(c.agreement_percent),
        tile(c.within_one_percent)
    );
    for d in &c.drift {
        println!(
            "  {}{}: last 7 days {} % of {}, the 28 before {} % of {}",
            d.inspector,
            if d.drifting { " DRIFTING" } else { "" },
            tile(d.recent_percent),
            d.recent_regrades,
            tile(d.before_percent),
            d.before_regrades
        );
    }
    for c in &v.kpis.charts {
        let keys: Vec<&str> = c.series.iter().map(|s| s.key.as_str()).collect();
        println!("\n{} ({:?}): {}", c.id, c.measure, keys.join(", "));
        if c.labels.is_empty() {
            println!("  (nothing in this period)");
        }
        for (i, l) in c.labels.iter().enumerate() {
            let vals: Vec<String> = c.series.iter().map(|s| format_value(s.values[i], c.measure)).collect();
            println!("  {l}\t{}", vals.join("\t"));
        }
    }
}

pub async fn run(bench: &Bench, args: DashboardArgs) -> Result<(), String> {
    if let Some(percent) = args.set_calibration {
        let set = bench.set_calibration_share(percent).await.map_err(|e| e.message)?;
        println!("{set} % of graded units are offered to a lead for a blind re-grade");
        return Ok(());
    }
    if let Some(starts) = args.set_shifts {
        let set = bench.set_shift_starts(&starts).await.map_err(|e| e.message)?;
        println!("shifts start at {}", set.join(", "));
        return Ok(());
    }
    let period = match (args.from, args.to) {
        (None, None) => DashboardPeriod::Shift,
        (Some(from), to) => DashboardPeriod::Dates {
            to: to.unwrap_or_else(|| from.clone()),
            from,
        },
        (None, Some(_)) => return Err("--to needs --from (the first day)".into()),
    };
    let v = bench.dashboard(&period).await.map_err(|e| e.message)?;
    if let Some(id) = args.csv {
        let c = v.kpis.charts.iter().find(|c| c.id == id).ok_or_else(|| {
            let ids: Vec<&str> = v.kpis.charts.iter().map(|c| c.id.as_str()).collect();
            format!("there is no chart {id:?}; the charts are {}", ids.join(", "))
        })?;
        print!("{}", c.to_csv());
    } else if args.json {
        println!("{}", serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?);
    } else {
        print_text(&v);
    }
    Ok(())
}
