//! The lead's review queue (pure): which waiting items a filter keeps, and in
//! what order (oldest first: the longest wait is looked at first).

use crate::rules::Flag;
use crate::Category;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Why something waits for a lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WaitKind {
    /// A unit held by a flag (or an override the inspector asked for).
    HeldUnit,
    /// Central found two benches' work in conflict (received twice, more than expected, cancelled).
    Conflict,
    /// A parcel no return matched, set aside by an inspector.
    UnmatchedParcel,
    /// A graded unit offered for a blind re-grade (calibration).
    Calibration,
    /// A parcel closed with fewer units than its return expected.
    ShortParcel,
}

/// The facts of a waiting item a filter looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub kind: WaitKind,
    pub flags: Vec<Flag>,
    /// The badge of the inspector (none for a conflict).
    pub inspector: Option<String>,
    pub category: Option<Category>,
    pub since: DateTime<Utc>,
    /// Handed to the lead who is looking (review assignments).
    pub mine: bool,
}

/// What the lead asked to see; `None` keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct ReviewFilter {
    pub kind: Option<WaitKind>,
    pub flag: Option<Flag>,
    pub inspector: Option<String>,
    pub category: Option<Category>,
    /// Only items waiting at least this long.
    #[ts(type = "number | null")]
    pub older_than_minutes: Option<i64>,
    /// Only what another lead handed to the one looking.
    pub mine: bool,
}

impl ReviewFilter {
    pub fn keeps(&self, w: &Waiting, now: DateTime<Utc>) -> bool {
        self.kind.is_none_or(|k| k == w.kind)
            && self.flag.is_none_or(|f| w.flags.contains(&f))
            && self
                .inspector
                .as_deref()
                .is_none_or(|i| w.inspector.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(i)))
            && self.category.is_none_or(|c| w.category == Some(c))
            && self
                .older_than_minutes
                .is_none_or(|m| now - w.since >= Duration::minutes(m))
            && (!self.mine || w.mine)
    }
}

/// The indices of the items the filter keeps, oldest first (ties: in the order given).
pub fn queue(items: &[Waiting], filter: &ReviewFilter, now: DateTime<Utc>) -> Vec<usize> {
    let mut kept: Vec<usize> = (0..items.len()).filter(|&i| filter.keeps(&items[i], now)).collect();
    kept.sort_by_key(|&i| items[i].since);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 8, 0, 0).unwrap() + Duration::minutes(min)
    }

    fn items() -> Vec<Waiting> {
        vec![
            Waiting {
                kind: WaitKind::HeldUnit,
                flags: vec![Flag::SerialMismatch, Flag::HighValue],
                inspector: Some("EMP1001".into()),
                category: Some(Category::Electronics),
                since: t(30),
                mine: false,
            },
            Waiting {
                kind: WaitKind::HeldUnit,
                flags: vec![Flag::WrongItem],
                inspector: Some("EMP1002".into()),
                category: Some(Category::Apparel),
                since: t(10),
                mine: false,
            },
            Waiting {
                kind: WaitKind::Conflict,
                flags: vec![],
                inspector: None,
                category: None,
                since: t(20),
                mine: true,
            },
        ]
    }

    #[test]
    fn oldest_first_by_default() {
        assert_eq!(queue(&items(), &ReviewFilter::default(), t(60)), vec![1, 2, 0]);
    }

    #[test]
    fn each_filter_keeps_what_it_names() {
        let now = t(60);
        let f = |filter: ReviewFilter| queue(&items(), &filter, now);
        assert_eq!(
            f(ReviewFilter {
                flag: Some(Flag::HighValue),
                ..Default::default()
            }),
            vec![0]
        );
        assert_eq!(
            f(ReviewFilter {
                inspector: Some("emp1002".into()),
                ..Default::default()
            }),
            vec![1]
        );
        assert_eq!(
            f(ReviewFilter {
                category: Some(Category::Electronics),
                ..Default::default()
            }),
            vec![0]
        );
        assert_eq!(
            f(ReviewFilter {
                kind: Some(WaitKind::Conflict),
                ..Default::default()
            }),
            vec![2]
        );
        // Waiting 40 minutes or more at 08:60: since 08:10 and 08:20.
        assert_eq!(
            f(ReviewFilter {
                older_than_minutes: Some(40),
                ..Default::default()
            }),
            vec![1, 2]
        );
        assert_eq!(
            f(ReviewFilter {
                mine: true,
                ..Default::default()
            }),
            vec![2]
        );
        assert_eq!(
            f(ReviewFilter {
                flag: Some(Flag::WrongItem),
                category: Some(Category::Electronics),
                ..Default::default()
            }),
            Vec::<usize>::new()
        );
    }
}
