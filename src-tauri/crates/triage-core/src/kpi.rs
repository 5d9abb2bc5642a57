//! The day's numbers (pure): from the units of a period to the dashboard's
//! tiles and charts. Every chart is a table (labels × series) whose values are
//! already rounded the way the screen shows them, so a chart and its CSV
//! export are the same numbers.
//!
//! Definitions (the dashboard's help repeats them):
//! - A unit *counts in a period* when it was confirmed (graded) in `[from, to)`.
//! - *Units per hour* of an inspector or bench: its units ÷ the clock hours
//!   (local time) in which it confirmed at least one unit.
//! - *Dwell* (dock to disposition): from the parcel's scan to the moment the
//!   disposition was final: the confirmation, or for a held unit the lead's
//!   first decision. Counted for units decided in the period. Median: the
//!   middle value (mean of the two middles); p90: nearest rank.
//! - *Waiting* (ageing) is what waits now, whatever the period: units taken up
//!   and not graded, and units held for a lead, by how long they have waited.
//! - Disposition, grade and refund advice are the decision in force (after a
//!   lead's override); flags are what the inspection raised.
//! - *Expected recovery*: unit value × the recovery rate, in the rule set that
//!   decided the unit (`Graded::recovery_percent`, else the rates given), of the
//!   disposition. *Advised refund*: full = the unit value, partial = the unit
//!   value less the restocking fee, none = 0.

use crate::returns::{Category, ReturnReason};
use crate::rules::{Disposition, Flag, Grade, RefundAdvice, RefundKind};
use chrono::{DateTime, Duration, FixedOffset, NaiveTime, TimeZone, Timelike, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use ts_rs::TS;

/// What the site expects to get back per disposition, in percent of the unit value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RecoveryRates {
    pub restock: u8,
    pub refurbish: u8,
    pub liquidate: u8,
    pub dispose: u8,
}

impl Default for RecoveryRates {
    fn default() -> Self {
        RecoveryRates {
            restock: 100,
            refurbish: 60,
            liquidate: 15,
            dispose: 0,
        }
    }
}

impl RecoveryRates {
    pub fn percent(&self, d: Disposition) -> u8 {
        match d {
            Disposition::Restock => self.restock,
            Disposition::Refurbish => self.refurbish,
            Disposition::Liquidate => self.liquidate,
            Disposition::Dispose => self.dispose,
        }
    }
}

/// A unit as the dashboard sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRecord {
    pub lpn: String,
    /// Who graded it (or took it up, while it is not graded): a display name.
    pub inspector: Option<String>,
    pub bench: String,
    pub category: Category,
    pub sku: String,
    /// The customer's reason (the return line's); `None` for a unit not on the return.
    pub reason: Option<ReturnReason>,
    /// When its parcel was scanned at the dock.
    pub received_at: DateTime<Utc>,
    /// `None`: taken up, not graded yet.
    pub graded: Option<Graded>,
}

/// A unit as a database gives it to the dashboard (the bench's SQLite for its
/// own units, central for the site's): [`UnitRecord::from_row`] reads both alike.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRow {
    pub lpn: Option<String>,
    pub inspector: Option<String>,
    pub bench: String,
    pub category: String,
    pub sku: String,
    pub reason: Option<String>,
    pub received_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The decision in force as JSON; read when the unit was confirmed.
    pub decision: Option<String>,
    /// The flags its inspection raised, a JSON array.
    pub flags: Option<String>,
}

impl UnitRecord {
    /// Reads a row; `Err` names what is unreadable (the database was edited by hand).
    pub fn from_row(r: UnitRow) -> Result<UnitRecord, String> {
        let lpn = r.lpn.unwrap_or_default();
        let graded = match r.confirmed_at {
            None => None,
            Some(confirmed_at) => {
                let d: crate::rules::Decision = serde_json::from_str(r.decision.as_deref().unwrap_or("null"))
                    .map_err(|e| format!("the decision of {lpn}: {e}"))?;
                let flags = serde_json::from_str(r.flags.as_deref().unwrap_or("[]"))
                    .map_err(|e| format!("the flags of {lpn}: {e}"))?;
                Some(Graded {
                    confirmed_at,
                    decided_at: r.decided_at,
                    grade: d.grade,
                    disposition: d.disposition,
                    refund: d.refund,
                    // What the inspection raised (a lead's decision may clear them).
                    flags,
                    unit_value_cents: d.unit_value_cents,
                    rules_hash: d.rules_hash,
                    recovery_percent: None,
                })
            }
        };
        Ok(UnitRecord {
            inspector: r.inspector,
            bench: r.bench,
            category: Category::parse(&r.category).ok_or_else(|| format!("the category of {lpn}: {:?}", r.category))?,
            sku: r.sku,
            reason: r
                .reason
                .as_deref()
                .map(|v| ReturnReason::parse(v).unwrap_or(ReturnReason::Unknown)),
            received_at: r.received_at,
            graded,
            lpn,
        })
    }
}

/// A graded unit's decision in force and its times.
#[derive(Debug, Clone, PartialEq)]
pub struct Graded {
    pub confirmed_at: DateTime<Utc>,
    /// When the disposition became final; `None` while it waits for a lead.
    pub decided_at: Option<DateTime<Utc>>,
    pub grade: Grade,
    pub disposition: Disposition,
    pub refund: RefundAdvice,
    /// Flags the inspection raised.
    pub flags: Vec<Flag>,
    pub unit_value_cents: i64,
    /// The SHA-256 of the rule set that decided it.
    pub rules_hash: String,
    /// Its disposition's recovery rate in that rule set; `None`: the rates
    /// [`compute`] is given (those in force).
    pub recovery_percent: Option<u8>,
}

/// The dashboard's period: `[from, to)`, and the local offset that names its hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub offset: FixedOffset,
}

impl Period {
    fn holds(&self, t: DateTime<Utc>) -> bool {
        self.from <= t && t < self.to
    }
}

/// The shift that `now` falls in, given the local times shifts start at (e.g.
/// 06:00, 14:00, 22:00): from the latest start at or before `now` to the next.
pub fn shift_at(now: DateTime<FixedOffset>, starts: &[NaiveTime]) -> Option<Period> {
    let mut starts: Vec<NaiveTime> = starts.to_vec();
    starts.sort();
    starts.dedup();
    let offset = *now.offset();
    let day = now.date_naive();
    // Candidates from yesterday to tomorrow, in order.
    let candidates: Vec<DateTime<FixedOffset>> = [day.pred_opt()?, day, day.succ_opt()?]
        .iter()
        .flat_map(|d| starts.iter().map(move |s| d.and_time(*s)))
        .filter_map(|naive| offset.from_local_datetime(&naive).single())
        .collect();
    let i = candidates.iter().rposition(|s| *s <= now)?;
    let next = candidates.get(i + 1)?;
    Some(Period {
        from: candidates[i].with_timezone(&Utc),
        to: next.with_timezone(&Utc),
        offset,
    })
}

/// What a chart's numbers are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Units,
    UnitsPerHour,
    Minutes,
    /// In the shop's currency (e.g. euros), two decimals.
    Money,
    Percent,
}

/// What a chart's labels name (the screen words them from its catalog).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LabelKind {
    Inspector,
    Bench,
    Category,
    Disposition,
    Flag,
    RefundKind,
    Sku,
    AgeBucket,
    Statistic,
    /// A week, named by the local date of its Monday (YYYY-MM-DD).
    Week,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Series {
    /// A key the screen words: `units_per_hour`, `median`, a reason code …
    pub key: String,
    pub values: Vec<f64>,
}

/// One chart: labels along one axis, one or more series of the same measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Chart {
    pub id: String,
    pub measure: Measure,
    pub label_kind: LabelKind,
    /// Series are parts of one whole (drawn stacked).
    pub stacked: bool,
    pub labels: Vec<String>,
    pub series: Vec<Series>,
}

impl Chart {
    /// The chart's numbers as CSV: a header of the label kind and the series
    /// keys, then one row per label, values exactly as the chart holds them.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let header: Vec<String> = std::iter::once(format!("{:?}", self.label_kind).to_lowercase())
            .chain(self.series.iter().map(|s| s.key.clone()))
            .collect();
        push_csv_row(&mut out, &header);
        for (i, label) in self.labels.iter().enumerate() {
            let row: Vec<String> = std::iter::once(label.clone())
                .chain(self.series.iter().map(|s| format_value(s.values[i], self.measure)))
                .collect();
            push_csv_row(&mut out, &row);
        }
        out
    }
}

/// A value as the screen and the CSV write it.
pub fn format_value(v: f64, measure: Measure) -> String {
    match measure {
        Measure::Units => format!("{v:.0}"),
        Measure::Money => format!("{v:.2}"),
        Measure::UnitsPerHour | Measure::Minutes | Measure::Percent => format!("{v:.1}"),
    }
}

fn push_csv_row(out: &mut String, cells: &[String]) {
    let cells: Vec<String> = cells
        .iter()
        .map(|c| {
            if c.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.clone()
            }
        })
        .collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// The headline numbers of the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Tiles {
    /// Units graded in the period.
    pub graded: u32,
    pub units_per_hour: f64,
    /// Dwell of the units decided in the period; `None` when there are none.
    pub dwell_median_minutes: Option<f64>,
    pub dwell_p90_minutes: Option<f64>,
    /// Waiting now: taken up and not graded, and held for a lead.
    pub awaiting_grading: u32,
    pub awaiting_lead: u32,
    /// Share of graded units with at least one flag.
    pub flagged_percent: f64,
    pub expected_recovery: f64,
    pub advised_refund: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Kpis {
    pub tiles: Tiles,
    pub charts: Vec<Chart>,
}

/// Age buckets of the ageing chart: up to 1 h, 1–4 h, 4–24 h, 24 h and more.
pub const AGE_BUCKETS: [&str; 4] = ["lt_1h", "1h_4h", "4h_24h", "ge_24h"];
/// How many SKUs the top-SKU chart shows.
pub const TOP_SKUS: usize = 10;

fn age_bucket(waited: Duration) -> usize {
    match waited.num_minutes() {
        m if m < 60 => 0,
        m if m < 240 => 1,
        m if m < 1440 => 2,
        _ => 3,
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn money(cents: i64) -> f64 {
    cents as f64 / 100.0
}

/// The middle value (mean of the two middles) of sorted values.
fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// The advised refund of a unit, in cents.
pub fn refund_cents(refund: &RefundAdvice, value_cents: i64) -> i64 {
    match refund.kind {
        RefundKind::Full => value_cents,
        RefundKind::Partial => value_cents * (100 - i64::from(refund.fee_percent.min(100))) / 100,
        RefundKind::None => 0,
    }
}

/// Units per hour per key: units ÷ distinct local clock hours with a unit.
fn rate_by<'a>(
    graded: &[(&'a UnitRecord, &'a Graded)],
    period: &Period,
    key: impl Fn(&UnitRecord) -> String,
) -> (Vec<String>, Vec<f64>) {
    let mut hours: BTreeMap<String, BTreeSet<DateTime<FixedOffset>>> = BTreeMap::new();
    let mut units: BTreeMap<String, u32> = BTreeMap::new();
    for (u, g) in graded {
        let k = key(u);
        let local = g.confirmed_at.with_timezone(&period.offset);
        let hour = local
            .with_minute(0)
            .and_then(|t| t.with_second(0))
            .and_then(|t| t.with_nanosecond(0))
            .unwrap_or(local);
        hours.entry(k.clone()).or_default().insert(hour);
        *units.entry(k).or_default() += 1;
    }
    let labels: Vec<String> = units.keys().cloned().collect();
    let values = labels
        .iter()
        .map(|k| round1(f64::from(units[k]) / hours[k].len() as f64))
        .collect();
    (labels, values)
}

fn one_series(
    id: &str,
    measure: Measure,
    label_kind: LabelKind,
    labels: Vec<String>,
    key: &str,
    values: Vec<f64>,
) -> Chart {
    Chart {
        id: id.into(),
        measure,
        label_kind,
        stacked: false,
        labels,
        series: vec![Series {
            key: key.into(),
            values,
        }],
    }
}

/// Counts per (label, series key), as a stacked chart with the labels and
/// series in the order given.
fn stacked_counts(
    id: &str,
    label_kind: LabelKind,
    labels: Vec<String>,
    keys: Vec<String>,
    counts: &BTreeMap<(String, String), u32>,
) -> Chart {
    let series = keys
        .into_iter()
        .map(|k| Series {
            values: labels
                .iter()
                .map(|l| f64::from(counts.get(&(l.clone(), k.clone())).copied().unwrap_or(0)))
                .collect(),
            key: k,
        })
        .collect();
    Chart {
        id: id.into(),
        measure: Measure::Units,
        label_kind,
        stacked: true,
        labels,
        series,
    }
}

fn reason_key(r: Option<ReturnReason>) -> String {
    r.map_or("NOT_ON_RETURN".to_string(), |r| r.as_str().to_string())
}

const DISPOSITIONS: [Disposition; 4] = [
    Disposition::Restock,
    Disposition::Refurbish,
    Disposition::Liquidate,
    Disposition::Dispose,
];

/// The period's tiles and charts, from every unit that was graded or decided
/// in it or waits `now`.
pub fn compute(units: &[UnitRecord], period: &Period, now: DateTime<Utc>, rates: &RecoveryRates) -> Kpis {
    let graded: Vec<(&UnitRecord, &Graded)> = units
        .iter()
        .filter_map(|u| u.graded.as_ref().map(|g| (u, g)))
        .filter(|(_, g)| period.holds(g.confirmed_at))
        .collect();
    let n = graded.len() as u32;
    let mut charts = Vec::new();

    // Throughput.
    let (labels, values) = rate_by(&graded, period, |u| u.inspector.clone().unwrap_or_else(|| "?".into()));
    charts.push(one_series(
        "units_per_hour_by_inspector",
        Measure::UnitsPerHour,
        LabelKind::Inspector,
        labels,
        "units_per_hour",
        values,
    ));
    let (labels, values) = rate_by(&graded, period, |u| u.bench.clone());
    charts.push(one_series(
        "units_per_hour_by_bench",
        Measure::UnitsPerHour,
        LabelKind::Bench,
        labels,
        "units_per_hour",
        values,
    ));
    let (_, all) = rate_by(&graded, period, |_| String::new());
    let units_per_hour = all.first().copied().unwrap_or(0.0);

    // Dwell, dock to disposition: overall then per category.
    let mut dwell: BTreeMap<Option<Category>, Vec<f64>> = BTreeMap::new();
    for u in units {
        let Some(decided) = u.graded.as_ref().and_then(|g| g.decided_at) else {
            continue;
        };
        if !period.holds(decided) {
            continue;
        }
        let minutes = (decided - u.received_at).num_seconds().max(0) as f64 / 60.0;
        dwell.entry(None).or_default().push(minutes);
        dwell.entry(Some(u.category)).or_default().push(minutes);
    }
    dwell.values_mut().for_each(|v| v.sort_by(f64::total_cmp));
    let stats = |c: Option<Category>| {
        let v = dwell.get(&c).map(Vec::as_slice).unwrap_or(&[]);
        (median(v).map(round1), percentile(v, 90.0).map(round1))
    };
    let (dwell_median, dwell_p90) = stats(None);
    let cats: Vec<Category> = Category::ALL
        .into_iter()
        .filter(|c| dwell.contains_key(&Some(*c)))
        .collect();
    let mut labels = vec!["all".to_string()];
    labels.extend(cats.iter().map(|c| c.as_str().to_string()));
    let (med, p90): (Vec<f64>, Vec<f64>) = std::iter::once(None)
        .chain(cats.iter().map(|c| Some(*c)))
        .map(|c| {
            let (m, p) = stats(c);
            (m.unwrap_or(0.0), p.unwrap_or(0.0))
        })
        .unzip();
    charts.push(Chart {
        id: "dwell_by_category".into(),
        measure: Measure::Minutes,
        label_kind: LabelKind::Category,
        stacked: false,
        labels: if dwell.is_empty() { Vec::new() } else { labels },
        series: vec![
            Series {
                key: "median".into(),
                values: if dwell.is_empty() { Vec::new() } else { med },
            },
            Series {
                key: "p90".into(),
                values: if dwell.is_empty() { Vec::new() } else { p90 },
            },
        ],
    });

    // Waiting now, by age.
    let mut waiting = [[0u32; 4]; 2];
    for u in units {
        let (row, since) = match &u.graded {
            None => (0, u.received_at),
            Some(g) if g.decided_at.is_none() => (1, g.confirmed_at),
            Some(_) => continue,
        };
        waiting[row][age_bucket(now - since)] += 1;
    }
    charts.push(Chart {
        id: "waiting_by_age".into(),
        measure: Measure::Units,
        label_kind: LabelKind::AgeBucket,
        stacked: true,
        labels: AGE_BUCKETS.iter().map(|s| s.to_string()).collect(),
        series: ["awaiting_grading", "awaiting_lead"]
            .iter()
            .zip(waiting)
            .map(|(k, row)| Series {
                key: k.to_string(),
                values: row.iter().map(|&c| f64::from(c)).collect(),
            })
            .collect(),
    });

    // Disposition mix and value.
    let mut mix = [0u32; 4];
    let mut value = [0i64; 4];
    let mut recovery = [0i64; 4];
    let mut refund_total = [0i64; 3];
    let mut refund_units = [0u32; 3];
    let mut flagged = 0u32;
    let mut flag_counts: BTreeMap<Flag, u32> = BTreeMap::new();
    for (_, g) in &graded {
        let d = DISPOSITIONS.iter().position(|x| *x == g.disposition).unwrap_or(0);
        mix[d] += 1;
        value[d] += g.unit_value_cents;
        let percent = g.recovery_percent.unwrap_or_else(|| rates.percent(g.disposition));
        recovery[d] += g.unit_value_cents * i64::from(percent.min(100)) / 100;
        let r = match g.refund.kind {
            RefundKind::Full => 0,
            RefundKind::Partial => 1,
            RefundKind::None => 2,
        };
        refund_total[r] += refund_cents(&g.refund, g.unit_value_cents);
        refund_units[r] += 1;
        if !g.flags.is_empty() {
            flagged += 1;
        }
        for f in g.flags.iter().collect::<BTreeSet<_>>() {
            *flag_counts.entry(*f).or_default() += 1;
        }
    }
    let disposition_labels: Vec<String> = DISPOSITIONS.iter().map(|d| d.as_str().to_string()).collect();
    charts.push(one_series(
        "disposition_mix",
        Measure::Units,
        LabelKind::Disposition,
        disposition_labels.clone(),
        "units",
        mix.iter().map(|&c| f64::from(c)).collect(),
    ));
    charts.push(Chart {
        id: "recovery_by_disposition".into(),
        measure: Measure::Money,
        label_kind: LabelKind::Disposition,
        stacked: false,
        labels: disposition_labels,
        series: vec![
            Series {
                key: "unit_value".into(),
                values: value.iter().map(|&c| money(c)).collect(),
            },
            Series {
                key: "expected_recovery".into(),
                values: recovery.iter().map(|&c| money(c)).collect(),
            },
        ],
    });

    // Reasons: per category, and for the SKUs returned most.
    let mut reasons: BTreeSet<String> = BTreeSet::new();
    let mut by_category: BTreeMap<(String, String), u32> = BTreeMap::new();
    let mut by_sku: BTreeMap<(String, String), u32> = BTreeMap::new();
    let mut sku_units: BTreeMap<String, u32> = BTreeMap::new();
    for (u, _) in &graded {
        let r = reason_key(u.reason);
        reasons.insert(r.clone());
        *by_category
            .entry((u.category.as_str().to_string(), r.clone()))
            .or_default() += 1;
        *by_sku.entry((u.sku.clone(), r)).or_default() += 1;
        *sku_units.entry(u.sku.clone()).or_default() += 1;
    }
    let category_labels: Vec<String> = Category::ALL
        .iter()
        .map(|c| c.as_str().to_string())
        .filter(|c| by_category.keys().any(|(cat, _)| cat == c))
        .collect();
    let mut top: Vec<(String, u32)> = sku_units.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top.truncate(TOP_SKUS);
    let reasons: Vec<String> = reasons.into_iter().collect();
    charts.push(stacked_counts(
        "reasons_by_category",
        LabelKind::Category,
        category_labels,
        reasons.clone(),
        &by_category,
    ));
    charts.push(stacked_counts(
        "top_skus_by_reason",
        LabelKind::Sku,
        top.into_iter().map(|(s, _)| s).collect(),
        reasons,
        &by_sku,
    ));

    // Flag rates: share of graded units raising each flag.
    let pct = |c: u32| {
        if n == 0 {
            0.0
        } else {
            round1(100.0 * f64::from(c) / f64::from(n))
        }
    };
    charts.push(one_series(
        "flag_rates",
        Measure::Percent,
        LabelKind::Flag,
        Flag::ALL.iter().map(|f| f.as_str().to_string()).collect(),
        "percent_of_graded",
        Flag::ALL
            .iter()
            .map(|f| pct(flag_counts.get(f).copied().unwrap_or(0)))
            .collect(),
    ));

    // Refund advice.
    let refund_labels: Vec<String> = ["full", "partial", "none"].iter().map(|s| s.to_string()).collect();
    charts.push(one_series(
        "refund_advice_totals",
        Measure::Money,
        LabelKind::RefundKind,
        refund_labels.clone(),
        "advised_refund",
        refund_total.iter().map(|&c| money(c)).collect(),
    ));
    charts.push(one_series(
        "refund_advice_units",
        Measure::Units,
        LabelKind::RefundKind,
        refund_labels,
        "units",
        refund_units.iter().map(|&c| f64::from(c)).collect(),
    ));

    Kpis {
        tiles: Tiles {
            graded: n,
            units_per_hour,
            dwell_median_minutes: dwell_median,
            dwell_p90_minutes: dwell_p90,
            awaiting_grading: waiting[0].iter().sum(),
            awaiting_lead: waiting[1].iter().sum(),
            flagged_percent: pct(flagged),
            expected_recovery: money(recovery.iter().sum()),
            advised_refund: money(refund_total.iter().sum()),
        },
        charts,
    }
}

pub mod calibration;

#[cfg(test)]
mod tests;
