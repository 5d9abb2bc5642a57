//! Domain values → the transport types the UI receives.

use crate::dto::{ReturnLineView, ReturnView, TodayEntry};
use chrono::NaiveDate;
use triage_core::rules::{Disposition, Grade};
use triage_core::{ReturnLine, ReturnOrder};
use triage_store::TodayRow;

pub(crate) fn line_view(l: &ReturnLine, units_inspected: i64) -> ReturnLineView {
    ReturnLineView {
        line_no: l.line_no,
        sku: l.sku.clone(),
        gtin: l.gtin.to_string(),
        description: l.description.clone(),
        category: l.category,
        quantity: l.quantity,
        unit_price_cents: l.unit_price_cents,
        reason: l.reason,
        comment: l.comment.clone(),
        expected_serials: l.expected_serials.clone(),
        units_inspected,
    }
}

/// Units already confirmed per line of one return.
#[derive(Debug, Default)]
pub(crate) struct LineCounts(pub(crate) Vec<(u32, i64)>);

impl LineCounts {
    pub(crate) fn of(&self, line_no: u32) -> i64 {
        self.0.iter().find(|(n, _)| *n == line_no).map_or(0, |(_, c)| *c)
    }
}

pub(crate) fn return_view(o: &ReturnOrder, today: NaiveDate, inspected: &LineCounts) -> ReturnView {
    ReturnView {
        return_number: o.return_number.to_string(),
        order_number: o.order_number.clone(),
        channel: o.channel.clone(),
        customer_name: o.customer_name.clone(),
        purchased_on: o.purchased_on.to_string(),
        created_on: o.created_on.to_string(),
        days_since_purchase: o.days_since_purchase(today),
        window_days: o.window_days,
        within_window: o.requested_within_window(),
        tracking_numbers: o.tracking_numbers.clone(),
        lines: o.lines.iter().map(|l| line_view(l, inspected.of(l.line_no))).collect(),
    }
}

pub(crate) fn today_entry(r: TodayRow) -> Option<TodayEntry> {
    Some(TodayEntry {
        grade: Grade::parse(&r.grade)?,
        disposition: Disposition::parse(&r.disposition)?,
        lpn: r.lpn,
        return_number: r.return_number,
        sku: r.sku,
        destination: r.destination,
        state: r.state,
        confirmed_at: r.confirmed_at,
    })
}
