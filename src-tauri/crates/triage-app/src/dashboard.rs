//! The dashboard: the shift's (or chosen dates') numbers (triage_core::kpi
//! computes them) from the bench's own units and, when central answers, the
//! other benches' of its site; and a chart's CSV export.

use crate::dto::{DashboardPeriod, DashboardSource, DashboardView};
use crate::{AppError, Bench, ErrorCode, Result};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use std::path::PathBuf;
use triage_core::kpi::{self, Period};
use triage_core::Action;

const SHIFTS_KEY: &str = "shift_starts";
/// Three eight-hour shifts unless an admin sets others.
pub const DEFAULT_SHIFTS: [&str; 3] = ["06:00", "14:00", "22:00"];
/// The longest span of dates one dashboard covers.
const MAX_DAYS: i64 = 92;

fn parse_shifts(v: &[String]) -> std::result::Result<Vec<NaiveTime>, String> {
    if v.is_empty() || v.len() > 6 {
        return Err("give 1 to 6 shift start times, such as 06:00,14:00,22:00".into());
    }
    v.iter()
        .map(|s| {
            NaiveTime::parse_from_str(s.trim(), "%H:%M")
                .map_err(|_| format!("{s:?} is not a time of day as HH:MM (e.g. 06:00)"))
        })
        .collect()
}

fn parse_date(v: &str, what: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").map_err(|_| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("{what} {v:?} is not a date as YYYY-MM-DD"),
        )
    })
}

impl Bench {
    /// The local times shifts start at.
    pub async fn shift_starts(&self) -> Result<Vec<String>> {
        Ok(match self.store().setting(SHIFTS_KEY).await? {
            Some(v) => v.split(',').map(str::to_string).collect(),
            None => DEFAULT_SHIFTS.iter().map(|s| s.to_string()).collect(),
        })
    }

    /// An admin sets when shifts start ("06:00", "14:00", "22:00").
    pub async fn set_shift_starts(&self, starts: &[String]) -> Result<Vec<String>> {
        let times = parse_shifts(starts).map_err(|m| AppError::new(ErrorCode::InvalidInput, m))?;
        let by = self.actor(Action::ConfigureBench)?;
        let mut times = times;
        times.sort();
        times.dedup();
        let value = times
            .iter()
            .map(|t| t.format("%H:%M").to_string())
            .collect::<Vec<_>>()
            .join(",");
        self.store()
            .set_setting_by(SHIFTS_KEY, &value, &by, self.now().with_timezone(&Utc))
            .await?;
        self.shift_starts().await
    }

    /// The period a dashboard request names, in the bench's local time.
    async fn period(&self, asked: &DashboardPeriod) -> Result<Period> {
        let now = self.now();
        let offset: FixedOffset = *now.offset();
        match asked {
            DashboardPeriod::Shift => {
                let starts = parse_shifts(&self.shift_starts().await?)
                    .map_err(|m| AppError::new(ErrorCode::Internal, format!("the stored shift times: {m}")))?;
                kpi::shift_at(now.fixed_offset(), &starts)
                    .ok_or_else(|| AppError::new(ErrorCode::Internal, "no shift holds this moment"))
            }
            DashboardPeriod::Dates { from, to } => {
                let (from, to) = (parse_date(from, "from")?, parse_date(to, "to")?);
                if to < from {
                    return Err(AppError::new(
                        ErrorCode::InvalidInput,
                        format!("the dates run backwards: {from} is after {to}"),
                    ));
                }
                if (to - from).num_days() >= MAX_DAYS {
                    return Err(AppError::new(
                        ErrorCode::InvalidInput,
                        format!("a dashboard covers at most {MAX_DAYS} days: choose a shorter span"),
                    ));
                }
                let start = |d: NaiveDate| -> Result<DateTime<Utc>> {
                    offset
                        .from_local_datetime(&d.and_time(NaiveTime::MIN))
                        .single()
                        .map(|t| t.with_timezone(&Utc))
                        .ok_or_else(|| AppError::new(ErrorCode::InvalidInput, format!("{d} has no midnight here")))
                };
                Ok(Period {
                    from: start(from)?,
                    to: start(to)? + Duration::days(1),
                    offset,
                })
            }
        }
    }

    /// Each unit decided by another rule set than the one in force gets that set's
    /// recovery rate for its disposition (a set no longer stored or loadable: the
    /// rates in force).
    async fn recovery_of_their_rules(&self, units: &mut [kpi::UnitRecord], in_force: &str) -> Result<()> {
        let mut rates: std::collections::HashMap<String, Option<kpi::RecoveryRates>> = Default::default();
        for g in units.iter_mut().filter_map(|u| u.graded.as_mut()) {
            if g.rules_hash == in_force {
                continue;
            }
            if !rates.contains_key(&g.rules_hash) {
                let set = self.store().rule_set(&g.rules_hash).await?;
                let loaded = set.and_then(|s| triage_core::rules::RuleSet::from_text(&s.source, &s.text).ok());
                rates.insert(g.rules_hash.clone(), loaded.map(|set| set.recovery));
            }
            g.recovery_percent = rates[&g.rules_hash].map(|r| r.percent(g.disposition));
        }
        Ok(())
    }

    /// The numbers of a period (leads and admins).
    pub async fn dashboard(&self, asked: &DashboardPeriod) -> Result<DashboardView> {
        self.actor(Action::ViewDashboard)?;
        let period = self.period(asked).await?;
        let now = self.now();
        let mut units = self.store().dashboard_units(period.from, period.to).await?;
        // This bench's units from its own database (fresher than central's copy),
        // the other benches' of the site from central when it answers.
        let mut source = DashboardSource {
            benches: vec![self.config().bench_id()],
            central: false,
            central_error: None,
        };
        let (from, to) = (period.from, period.to);
        match self
            .ask_other_benches(|c| async move { c.site_units(from, to, true).await })
            .await
        {
            None => {}
            Some(Ok(others)) => {
                source.central = true;
                units.extend(others);
            }
            Some(Err(why)) => source.central_error = Some(why),
        }
        for u in &units {
            if !source.benches.contains(&u.bench) {
                source.benches.push(u.bench.clone());
            }
        }
        source.benches[1..].sort();
        let rules = self.rules();
        self.recovery_of_their_rules(&mut units, &rules.hash).await?;
        let mut kpis = kpi::compute(&units, &period, now.with_timezone(&Utc), &rules.recovery);
        let (calibration, charts) = self.calibration_numbers(&period, &mut source).await?;
        kpis.charts.extend(charts);
        let local = |t: DateTime<Utc>| t.with_timezone(&period.offset).to_rfc3339();
        Ok(DashboardView {
            from: local(period.from),
            to: local(period.to),
            at: now.to_rfc3339(),
            bench: self.config().bench_id(),
            rules_version: rules.version.clone(),
            recovery: rules.recovery,
            kpis,
            calibration,
            calibration_share: self.calibration_share().await?,
            source,
        })
    }

    /// Writes one chart's numbers as CSV into the bench's `exports` folder and
    /// returns the file's path.
    pub async fn export_chart(&self, asked: &DashboardPeriod, chart: &str) -> Result<PathBuf> {
        let view = self.dashboard(asked).await?;
        let found = view.kpis.charts.iter().find(|c| c.id == chart).ok_or_else(|| {
            let ids: Vec<&str> = view.kpis.charts.iter().map(|c| c.id.as_str()).collect();
            AppError::new(
                ErrorCode::NotFound,
                format!("there is no chart {chart:?}; the charts are {}", ids.join(", ")),
            )
        })?;
        let dir = self.config().data_dir.join("exports");
        std::fs::create_dir_all(&dir)
            .map_err(|e| AppError::new(ErrorCode::Storage, format!("cannot make {}: {e}", dir.display())))?;
        // "2026-11-27T06:00:00+01:00" → "20261127-0600"
        let stamp = |t: &str| t.get(..16).unwrap_or(t).replace(['-', ':'], "").replace('T', "-");
        let path = dir.join(format!("{}-{}-{}.csv", chart, stamp(&view.from), stamp(&view.to)));
        std::fs::write(&path, found.to_csv())
            .map_err(|e| AppError::new(ErrorCode::Storage, format!("cannot write {}: {e}", path.display())))?;
        Ok(path)
    }
}
