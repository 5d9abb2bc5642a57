//! Calibration (pure): a share of graded units is offered to a lead for a blind
//! re-grade; how often lead and inspector agree, per inspector, per category and
//! per week, and which inspectors drift.
//!
//! Definitions (the dashboard's help repeats them):
//! - A unit is *offered* when [`sampled`] says so for its id and the bench's
//!   share (a stable hash: the same unit is always in or out). Held units are
//!   not offered: a lead looks at them anyway.
//! - *Agreement*: the lead's grade is the inspector's. *Within one*: the grades
//!   are at most one step apart on the scale (A B C D F).
//! - A re-grade counts in a period when the lead made it in `[from, to)`.
//! - *Drift*, as of now: an inspector with at least [`DRIFT_MIN_REGRADES`]
//!   re-grades in the last [`DRIFT_RECENT_DAYS`] days whose agreement there is
//!   under [`DRIFT_FLOOR_PERCENT`] %, or at least [`DRIFT_DROP_POINTS`] points
//!   under their agreement in the [`DRIFT_BEFORE_DAYS`] days before (when those
//!   hold at least [`DRIFT_MIN_REGRADES`] re-grades too).

use super::{one_series, round1, Chart, LabelKind, Measure, Period, Series};
use crate::returns::Category;
use crate::rules::Grade;
use chrono::{DateTime, Datelike, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// The share of graded units offered for a blind re-grade unless an admin sets another.
pub const DEFAULT_SHARE_PERCENT: f64 = 2.0;
pub const DRIFT_RECENT_DAYS: i64 = 7;
pub const DRIFT_BEFORE_DAYS: i64 = 28;
pub const DRIFT_MIN_REGRADES: u32 = 5;
pub const DRIFT_FLOOR_PERCENT: f64 = 80.0;
pub const DRIFT_DROP_POINTS: f64 = 15.0;

/// Whether the unit with this id is offered for a blind re-grade at `share_percent`
/// (0–100, hundredths count): FNV-1a of the id, out of 10,000.
pub fn sampled(unit_id: &str, share_percent: f64) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in unit_id.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let cut = (share_percent.clamp(0.0, 100.0) * 100.0).round() as u64;
    h % 10_000 < cut
}

/// A lead's blind re-grade of an inspector's unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Regrade {
    /// The inspector who graded it (a display name).
    pub inspector: String,
    pub category: Category,
    pub original: Grade,
    pub lead: Grade,
    pub at: DateTime<Utc>,
}

impl Regrade {
    pub fn agrees(&self) -> bool {
        self.original == self.lead
    }

    pub fn within_one(&self) -> bool {
        let step = |g: Grade| Grade::ALL.iter().position(|x| *x == g).unwrap_or(0) as i64;
        (step(self.original) - step(self.lead)).abs() <= 1
    }
}

/// The period's calibration in numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CalibrationSummary {
    /// Re-grades the leads made in the period.
    pub regraded: u32,
    /// `None` when there were none.
    pub agreement_percent: Option<f64>,
    pub within_one_percent: Option<f64>,
    /// Every inspector re-graded in the drift windows, drifting ones first.
    pub drift: Vec<Drift>,
}

/// One inspector's agreement lately against before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Drift {
    pub inspector: String,
    pub recent_regrades: u32,
    pub recent_percent: Option<f64>,
    pub before_regrades: u32,
    pub before_percent: Option<f64>,
    pub drifting: bool,
}

#[derive(Default, Clone, Copy)]
struct Tally {
    n: u32,
    agreed: u32,
    within: u32,
}

impl Tally {
    fn add(&mut self, r: &Regrade) {
        self.n += 1;
        self.agreed += u32::from(r.agrees());
        self.within += u32::from(r.within_one());
    }

    fn agreement(&self) -> Option<f64> {
        (self.n > 0).then(|| round1(f64::from(self.agreed) * 100.0 / f64::from(self.n)))
    }

    fn within_one(&self) -> Option<f64> {
        (self.n > 0).then(|| round1(f64::from(self.within) * 100.0 / f64::from(self.n)))
    }
}

/// Agreement and within-one for each key, keys in order.
fn by<K: Ord + Clone>(regrades: &[&Regrade], key: impl Fn(&Regrade) -> K) -> BTreeMap<K, Tally> {
    let mut out: BTreeMap<K, Tally> = BTreeMap::new();
    for r in regrades {
        out.entry(key(r)).or_default().add(r);
    }
    out
}

fn agreement_chart(id: &str, kind: LabelKind, tallies: Vec<(String, Tally)>) -> Chart {
    let labels: Vec<String> = tallies.iter().map(|(l, _)| l.clone()).collect();
    let mut chart = one_series(
        id,
        Measure::Percent,
        kind,
        labels,
        "agreement",
        tallies.iter().map(|(_, t)| t.agreement().unwrap_or(0.0)).collect(),
    );
    chart.series.push(Series {
        key: "within_one".into(),
        values: tallies.iter().map(|(_, t)| t.within_one().unwrap_or(0.0)).collect(),
    });
    chart
}

/// The period's re-grades as a summary and three charts (agreement and within-one
/// by inspector, by category, and by week: the local Monday it starts on), with
/// the drift of every inspector as of `now` (from all of `regrades`).
pub fn compute(regrades: &[Regrade], period: &Period, now: DateTime<Utc>) -> (CalibrationSummary, Vec<Chart>) {
    let in_period: Vec<&Regrade> = regrades.iter().filter(|r| period.holds(r.at)).collect();
    let all = by(&in_period, |_| ());
    let total = all.get(&()).copied().unwrap_or_default();
    let inspectors = by(&in_period, |r| r.inspector.clone()).into_iter().collect();
    let per_category = by(&in_period, |r| r.category);
    let categories = Category::ALL
        .into_iter()
        .filter_map(|c| Some((c.as_str().to_string(), *per_category.get(&c)?)))
        .collect();
    let weeks = by(&in_period, |r| {
        let day = r.at.with_timezone(&period.offset).date_naive();
        day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
    })
    .into_iter()
    .map(|(monday, t)| (monday.to_string(), t))
    .collect();
    let charts = vec![
        agreement_chart("calibration_by_inspector", LabelKind::Inspector, inspectors),
        agreement_chart("calibration_by_category", LabelKind::Category, categories),
        agreement_chart("calibration_by_week", LabelKind::Week, weeks),
    ];
    let summary = CalibrationSummary {
        regraded: total.n,
        agreement_percent: total.agreement(),
        within_one_percent: total.within_one(),
        drift: drift(regrades, now),
    };
    (summary, charts)
}

/// Every inspector re-graded in the last [`DRIFT_RECENT_DAYS`] + [`DRIFT_BEFORE_DAYS`]
/// days (up to and including `now`), with their agreement in each window; drifting ones first, then by name.
pub fn drift(regrades: &[Regrade], now: DateTime<Utc>) -> Vec<Drift> {
    let recent_from = now - Duration::days(DRIFT_RECENT_DAYS);
    let before_from = recent_from - Duration::days(DRIFT_BEFORE_DAYS);
    let mut windows: BTreeMap<&str, (Tally, Tally)> = BTreeMap::new();
    for r in regrades {
        if r.at >= recent_from && r.at <= now {
            windows.entry(&r.inspector).or_default().0.add(r);
        } else if r.at >= before_from && r.at < recent_from {
            windows.entry(&r.inspector).or_default().1.add(r);
        }
    }
    let mut out: Vec<Drift> = windows
        .into_iter()
        .map(|(inspector, (recent, before))| {
            let low = recent.agreement().is_some_and(|p| p < DRIFT_FLOOR_PERCENT);
            let dropped = match (recent.agreement(), before.agreement()) {
                (Some(r), Some(b)) if before.n >= DRIFT_MIN_REGRADES => b - r >= DRIFT_DROP_POINTS,
                _ => false,
            };
            Drift {
                inspector: inspector.to_string(),
                recent_regrades: recent.n,
                recent_percent: recent.agreement(),
                before_regrades: before.n,
                before_percent: before.agreement(),
                drifting: recent.n >= DRIFT_MIN_REGRADES && (low || dropped),
            }
        })
        .collect();
    out.sort_by(|a, b| b.drifting.cmp(&a.drifting).then_with(|| a.inspector.cmp(&b.inspector)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, TimeZone};

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
    }

    fn r(inspector: &str, category: Category, original: Grade, lead: Grade, when: DateTime<Utc>) -> Regrade {
        Regrade {
            inspector: inspector.into(),
            category,
            original,
            lead,
            at: when,
        }
    }

    #[test]
    fn the_sample_is_stable_and_near_the_share() {
        let ids: Vec<String> = (0..20_000).map(|i| format!("5f2c{i:08x}-unit")).collect();
        let two = ids.iter().filter(|id| sampled(id, 2.0)).count();
        // 2 % of 20,000 = 400; a fair hash stays well inside ±25 %.
        assert!((300..=500).contains(&two), "{two}");
        assert!(ids.iter().all(|id| sampled(id, 2.0) == sampled(id, 2.0)));
        assert_eq!(ids.iter().filter(|id| sampled(id, 0.0)).count(), 0);
        assert_eq!(ids.iter().filter(|id| sampled(id, 100.0)).count(), ids.len());
        // A larger share keeps every unit a smaller one offered.
        assert!(ids.iter().filter(|id| sampled(id, 2.0)).all(|id| sampled(id, 5.0)));
    }

    /// Six re-grades on Thursday 26 and Friday 27 November 2026, at UTC+1:
    /// Inès A/A, A/B, C/C (electronics, apparel, apparel); Léo B/D, D/D, F/F
    /// (home, home, electronics); one more of Léo's on the 19th, before the period.
    fn fixture() -> Vec<Regrade> {
        use Category::*;
        use Grade::*;
        vec![
            r("Inès", Electronics, A, A, at(26, 9)),
            r("Inès", Apparel, A, B, at(26, 10)),
            r("Inès", Apparel, C, C, at(27, 9)),
            r("Léo", Home, B, D, at(26, 11)),
            r("Léo", Home, D, D, at(27, 10)),
            r("Léo", Electronics, F, F, at(27, 11)),
            r("Léo", Home, A, A, at(19, 11)),
        ]
    }

    fn period() -> Period {
        Period {
            from: at(26, 0) - Duration::hours(1),
            to: at(28, 0) - Duration::hours(1),
            offset: FixedOffset::east_opt(3600).unwrap(),
        }
    }

    #[test]
    fn agreement_per_inspector_category_and_week_worked_by_hand() {
        let (summary, charts) = compute(&fixture(), &period(), at(28, 12));
        // In the period: 6 re-grades, 4 agree (A/A, C/C, D/D, F/F); within one: all but B/D → 5.
        assert_eq!(summary.regraded, 6);
        assert_eq!(summary.agreement_percent, Some(66.7));
        assert_eq!(summary.within_one_percent, Some(83.3));
        let c = &charts[0];
        assert_eq!(c.id, "calibration_by_inspector");
        assert_eq!(c.labels, ["Inès", "Léo"]);
        // Inès 2 of 3 agree, 3 of 3 within one; Léo 2 of 3, 2 of 3.
        assert_eq!(c.series[0].values, [66.7, 66.7]);
        assert_eq!(c.series[1].values, [100.0, 66.7]);
        let c = &charts[1];
        assert_eq!(c.labels, ["apparel", "electronics", "home"]);
        // Apparel A/B, C/C: 50 %, within 100 %; electronics A/A, F/F: 100 %; home B/D, D/D: 50 %, 50 %.
        assert_eq!(c.series[0].values, [50.0, 100.0, 50.0]);
        assert_eq!(c.series[1].values, [100.0, 100.0, 50.0]);
        let c = &charts[2];
        // 26 and 27 November 2026 are a Thursday and a Friday: the week of Monday the 23rd.
        assert_eq!(c.labels, ["2026-11-23"]);
        assert_eq!(c.series[0].values, [66.7]);
        assert_eq!(c.to_csv(), "week,agreement,within_one\r\n2026-11-23,66.7,83.3\r\n");
    }

    #[test]
    fn nothing_regraded_gives_empty_charts_and_no_percent() {
        let (summary, charts) = compute(&[], &period(), at(28, 12));
        assert_eq!(
            (summary.regraded, summary.agreement_percent, summary.drift.len()),
            (0, None, 0)
        );
        assert!(charts.iter().all(|c| c.labels.is_empty()));
    }

    #[test]
    fn drift_is_low_recent_agreement_or_a_drop_from_before() {
        use Category::Home;
        use Grade::*;
        let now = at(28, 12);
        let mut rs = Vec::new();
        // Inès: 5 recent, 3 agree (60 % < 80 %): drifting.
        for (i, lead) in [A, A, A, B, B].into_iter().enumerate() {
            rs.push(r("Inès", Home, A, lead, now - Duration::days(i as i64 + 1)));
        }
        // Léo: 5 recent at 80 % (not under the floor) but 100 % on 5 before: a 20-point drop.
        for (i, lead) in [A, A, A, A, C].into_iter().enumerate() {
            rs.push(r("Léo", Home, A, lead, now - Duration::days(i as i64 + 1)));
            rs.push(r("Léo", Home, A, A, now - Duration::days(i as i64 + 10)));
        }
        // Mia: 4 recent, none agree: too few to call it drift.
        for i in 0..4 {
            rs.push(r("Mia", Home, A, D, now - Duration::hours(i + 1)));
        }
        // Noé: 5 recent, all agree; an old miss 40 days ago is outside both windows.
        for i in 0..5 {
            rs.push(r("Noé", Home, B, B, now - Duration::hours(i + 1)));
        }
        rs.push(r("Noé", Home, B, F, now - Duration::days(40)));
        let d = drift(&rs, now);
        let row = |inspector: &str, drifting, recent_regrades, recent_percent, before_regrades, before_percent| Drift {
            inspector: inspector.into(),
            recent_regrades,
            recent_percent,
            before_regrades,
            before_percent,
            drifting,
        };
        assert_eq!(
            d,
            [
                row("Inès", true, 5, Some(60.0), 0, None),
                row("Léo", true, 5, Some(80.0), 5, Some(100.0)),
                row("Mia", false, 4, Some(0.0), 0, None),
                row("Noé", false, 5, Some(100.0), 0, None),
            ]
        );
    }
}
