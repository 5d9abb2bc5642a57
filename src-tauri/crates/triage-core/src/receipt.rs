//! A parcel declared done: what the return expected against what was received.
//!
//! An inspector closes a parcel when nothing more is in it. Lines of its return
//! with fewer units confirmed (on any parcel of that return, re-inspections counted
//! once) than the customer said they sent are short: the parcel then waits for a
//! lead with the `quantity_short` flag, since the refund should follow what came.
//!
//! A return sent in several boxes (one tracking number each) is judged when its
//! last box is closed: closing an earlier one names the boxes still to come and
//! tells no lead, since the missing lines may be in them.
//!
//! Pure: the store counts the units, this module compares.

use crate::returns::ReturnLine;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A return line with fewer units received than expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ShortLine {
    pub line_no: u32,
    pub sku: String,
    pub description: String,
    pub expected: u32,
    pub received: u32,
}

/// The lines of `lines` that received fewer units than their quantity, in line
/// order; `received` gives units confirmed per line number (lines not in it
/// received none).
pub fn shortfall(lines: &[ReturnLine], received: &[(u32, i64)]) -> Vec<ShortLine> {
    let mut short: Vec<ShortLine> = lines
        .iter()
        .filter_map(|l| {
            let got = received
                .iter()
                .filter(|(n, _)| *n == l.line_no)
                .map(|(_, c)| *c)
                .sum::<i64>()
                .clamp(0, i64::from(u32::MAX)) as u32;
            (got < l.quantity).then(|| ShortLine {
                line_no: l.line_no,
                sku: l.sku.clone(),
                description: l.description.clone(),
                expected: l.quantity,
                received: got,
            })
        })
        .collect();
    short.sort_by_key(|s| s.line_no);
    short
}

/// The boxes of a return still to come: its tracking numbers no parcel was
/// received under, as many as boxes are missing. `scanned`: the codes its parcels
/// were received under (a parcel received by its return slip counts as a box,
/// whichever one it was).
pub fn boxes_to_come(tracking_numbers: &[String], scanned: &[String]) -> Vec<String> {
    let mut received: Vec<&String> = scanned.iter().collect();
    received.sort();
    received.dedup();
    let missing = tracking_numbers.len().max(1).saturating_sub(received.len());
    tracking_numbers
        .iter()
        .filter(|t| !received.contains(t))
        .take(missing)
        .cloned()
        .collect()
}

/// One line for the lead's queue: "line 2 FTW-RUN-41: 1 of 2; line 3 …".
pub fn summary(short: &[ShortLine]) -> String {
    short
        .iter()
        .map(|s| format!("line {} {}: {} of {}", s.line_no, s.sku, s.received, s.expected))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::returns::{Category, ReturnReason};

    #[test]
    fn boxes_to_come_are_the_tracking_numbers_not_received_as_many_as_are_missing() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let two = s(&["1ZA", "1ZB"]);
        assert_eq!(boxes_to_come(&two, &s(&["1ZA"])), s(&["1ZB"]));
        assert_eq!(boxes_to_come(&two, &s(&["1ZB"])), s(&["1ZA"]));
        assert_eq!(boxes_to_come(&two, &s(&["1ZA", "1ZB"])), s(&[]));
        // The same box scanned twice is one box.
        assert_eq!(boxes_to_come(&two, &s(&["1ZA", "1ZA"])), s(&["1ZB"]));
        // Received by the return slip: one box, not knowing which.
        assert_eq!(boxes_to_come(&two, &s(&["RMA0000001"])), s(&["1ZA"]));
        assert_eq!(boxes_to_come(&two, &s(&["RMA0000001", "1ZA"])), s(&[]));
        // One box, or none listed: nothing to come once a parcel is in.
        assert_eq!(boxes_to_come(&s(&["1ZA"]), &s(&["RMA0000001"])), s(&[]));
        assert_eq!(boxes_to_come(&[], &s(&["RMA0000001"])), s(&[]));
    }

    fn line(line_no: u32, sku: &str, quantity: u32) -> ReturnLine {
        ReturnLine {
            line_no,
            sku: sku.into(),
            gtin: crate::gtin::Gtin::parse("4006381333931").unwrap(),
            description: format!("item {line_no}"),
            category: Category::Home,
            quantity,
            unit_price_cents: 1000,
            reason: ReturnReason::Unwanted,
            comment: None,
            expected_serials: Vec::new(),
            tags: Vec::new(),
        }
    }

    #[test]
    fn lines_with_fewer_units_than_expected_are_short() {
        let lines = [line(1, "A", 1), line(2, "B", 3), line(3, "C", 2)];
        assert!(shortfall(&lines, &[(1, 1), (2, 3), (3, 2)]).is_empty());
        // More than expected is not short (that is over_quantity, raised per unit).
        assert!(shortfall(&lines, &[(1, 2), (2, 4), (3, 2)]).is_empty());
        let short = shortfall(&lines, &[(3, 1), (2, 3)]);
        assert_eq!(
            short
                .iter()
                .map(|s| (s.line_no, s.received, s.expected))
                .collect::<Vec<_>>(),
            vec![(1, 0, 1), (3, 1, 2)]
        );
        assert_eq!(summary(&short), "line 1 A: 0 of 1; line 3 C: 1 of 2");
        assert_eq!(short[1].description, "item 3");
    }

    #[test]
    fn nothing_expected_nothing_short() {
        assert!(shortfall(&[], &[(1, 2)]).is_empty());
        assert!(shortfall(&[line(1, "A", 0)], &[]).is_empty());
    }
}
