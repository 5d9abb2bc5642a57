//! Parsing a returns file (CSV or JSON) into validated returns. All or nothing:
//! the first bad row stops the import with its line number and what to fix.

use crate::{Category, Gtin, ReturnLine, ReturnNumber, ReturnOrder, ReturnReason};
use chrono::NaiveDate;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if *line > 0 { format!("line {line}: ") } else { String::new() })]
pub struct ImportError {
    /// 1-based line in the file (CSV: the header is line 1); 0 when the problem is a whole
    /// JSON record, which the message then names.
    pub line: usize,
    pub message: String,
}

/// The CSV columns, in order. One row per return line; the return's own
/// fields repeat on each of its rows and must agree.
pub const CSV_COLUMNS: [&str; 18] = [
    "return_number",
    "order_number",
    "channel",
    "customer_name",
    "created_on",
    "purchased_on",
    "window_days",
    "tracking_numbers",
    "line_no",
    "sku",
    "gtin",
    "description",
    "category",
    "quantity",
    "unit_price",
    "reason",
    "comment",
    "expected_serials",
];

/// An optional last column: the product's tags, separated by `|`.
pub const CSV_TAGS_COLUMN: &str = "tags";

pub fn parse_csv(text: &str) -> Result<Vec<ReturnOrder>, ImportError> {
    // Spreadsheets often save UTF-8 with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| ImportError {
            line: 1,
            message: e.to_string(),
        })?
        .clone();
    let got: Vec<&str> = headers.iter().map(str::trim).collect();
    let with_tags = got.len() == CSV_COLUMNS.len() + 1 && got.last() == Some(&CSV_TAGS_COLUMN);
    if got[..got.len().min(CSV_COLUMNS.len())] != CSV_COLUMNS || (got.len() != CSV_COLUMNS.len() && !with_tags) {
        return Err(ImportError {
            line: 1,
            message: format!(
                "the header must be exactly: {} (optionally followed by ,{CSV_TAGS_COLUMN})",
                CSV_COLUMNS.join(",")
            ),
        });
    }
    let mut orders: Vec<ReturnOrder> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut tracking: BTreeMap<String, String> = BTreeMap::new();
    for record in rdr.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        let f = |name: &str| {
            let i = CSV_COLUMNS.iter().position(|c| *c == name).unwrap_or(CSV_COLUMNS.len());
            record.get(i).unwrap_or("").trim().to_string()
        };
        let err = |message: String| ImportError { line, message };
        let order = ReturnOrder {
            return_number: ReturnNumber::parse(&f("return_number")).map_err(|e| err(format!("return_number: {e}")))?,
            order_number: required(&f("order_number"), "order_number").map_err(err)?,
            channel: required(&f("channel"), "channel").map_err(err)?,
            customer_name: required(&f("customer_name"), "customer_name").map_err(err)?,
            created_on: date(&f("created_on"), "created_on").map_err(err)?,
            purchased_on: date(&f("purchased_on"), "purchased_on").map_err(err)?,
            window_days: f("window_days").parse().map_err(|_| {
                err(format!(
                    "window_days: {:?} is not a whole number of days",
                    f("window_days")
                ))
            })?,
            tracking_numbers: split_list(&f("tracking_numbers")),
            lines: vec![],
        };
        let line_item = ReturnLine {
            line_no: f("line_no")
                .parse()
                .map_err(|_| err(format!("line_no: {:?} is not a whole number", f("line_no"))))?,
            sku: required(&f("sku"), "sku").map_err(err)?,
            gtin: Gtin::parse(&f("gtin")).map_err(|e| err(format!("gtin: {e}")))?,
            description: required(&f("description"), "description").map_err(err)?,
            category: Category::parse(&f("category")).ok_or_else(|| {
                err(format!(
                    "category: {:?} is not one of apparel, footwear, electronics, beauty, home",
                    f("category")
                ))
            })?,
            quantity: f("quantity")
                .parse()
                .map_err(|_| err(format!("quantity: {:?} is not a whole number", f("quantity"))))?,
            unit_price_cents: price_cents(&f("unit_price")).map_err(err)?,
            reason: ReturnReason::parse(&f("reason")).ok_or_else(|| {
                err(format!(
                    "reason: {:?} is not a Shopify return reason (e.g. SIZE_TOO_SMALL, DEFECTIVE)",
                    f("reason")
                ))
            })?,
            comment: Some(f("comment")).filter(|c| !c.is_empty()),
            expected_serials: split_list(&f("expected_serials")),
            tags: if with_tags {
                split_list(&f(CSV_TAGS_COLUMN))
            } else {
                Vec::new()
            },
        };
        let i = match index.get(order.return_number.as_str()) {
            Some(&i) => {
                let existing = &mut orders[i];
                let mut head = existing.clone();
                head.lines = vec![];
                if head != order {
                    return Err(err(format!(
                        "the return fields of {} differ from its earlier rows; they must repeat exactly",
                        order.return_number
                    )));
                }
                existing.lines.push(line_item);
                i
            }
            None => {
                for t in &order.tracking_numbers {
                    if let Some(first) = tracking.insert(t.clone(), order.return_number.to_string()) {
                        return Err(err(format!(
                            "tracking number {t} is also on {first}; one parcel belongs to one return"
                        )));
                    }
                }
                index.insert(order.return_number.to_string(), orders.len());
                let mut order = order;
                order.lines.push(line_item);
                orders.push(order);
                orders.len() - 1
            }
        };
        validate_last(&orders[i]).map_err(err)?;
    }
    Ok(orders)
}

pub fn parse_json(text: &str) -> Result<Vec<ReturnOrder>, ImportError> {
    let orders: Vec<ReturnOrder> = serde_json::from_str(text).map_err(|e| ImportError {
        line: e.line(),
        message: format!("{e}"),
    })?;
    let mut seen = BTreeMap::new();
    let mut tracking: BTreeMap<String, String> = BTreeMap::new();
    for (i, o) in orders.iter().enumerate() {
        let at = |message: String| ImportError {
            line: 0,
            message: format!("return #{} ({}): {message}", i + 1, o.return_number),
        };
        if seen.insert(o.return_number.to_string(), i).is_some() {
            return Err(at("appears twice in the file".into()));
        }
        for t in &o.tracking_numbers {
            if let Some(first) = tracking.insert(t.clone(), o.return_number.to_string()) {
                return Err(at(format!(
                    "tracking number {t} is also on {first}; one parcel belongs to one return"
                )));
            }
        }
        validate_last(o).map_err(at)?;
    }
    Ok(orders)
}

fn csv_error(e: csv::Error) -> ImportError {
    let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths { len, .. } => format!(
            "found {len} columns, expected {}; put values that contain a comma in double quotes",
            CSV_COLUMNS.len()
        ),
        _ => e.to_string(),
    };
    ImportError { line, message }
}

/// Rules that hold across fields of one return.
fn validate_last(o: &ReturnOrder) -> Result<(), String> {
    if o.lines.is_empty() {
        return Err("a return needs at least one line".into());
    }
    if o.purchased_on > o.created_on {
        return Err(format!(
            "purchased_on {} is after created_on {}",
            o.purchased_on, o.created_on
        ));
    }
    let mut nos = std::collections::BTreeSet::new();
    for l in &o.lines {
        if !nos.insert(l.line_no) {
            return Err(format!("line_no {} appears twice", l.line_no));
        }
        if l.quantity == 0 {
            return Err(format!("line {}: quantity must be at least 1", l.line_no));
        }
        if l.unit_price_cents < 0 {
            return Err(format!("line {}: unit_price must not be negative", l.line_no));
        }
        if l.expected_serials.len() > l.quantity as usize {
            return Err(format!(
                "line {}: {} expected serials for a quantity of {}",
                l.line_no,
                l.expected_serials.len(),
                l.quantity
            ));
        }
    }
    Ok(())
}

fn required(v: &str, name: &str) -> Result<String, String> {
    if v.is_empty() {
        Err(format!("{name} is empty; every row needs one"))
    } else {
        Ok(v.to_string())
    }
}

fn date(v: &str, name: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| format!("{name}: {v:?} is not a date like 2026-11-27"))
}

fn split_list(v: &str) -> Vec<String> {
    v.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// "12.99" → 1299. At most two decimals, no currency sign.
fn price_cents(v: &str) -> Result<i64, String> {
    let bad = || format!("unit_price: {v:?} is not a price like 12.99");
    let (whole, frac) = v.split_once('.').unwrap_or((v, ""));
    if whole.is_empty() || frac.len() > 2 || !whole.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    whole.checked_mul(100).and_then(|c| c.checked_add(frac)).ok_or_else(bad)
}

/// Writes returns in the CSV format [`parse_csv`] reads.
/// The tags column is written only when some line has tags.
pub fn to_csv(orders: &[ReturnOrder]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let tags = orders.iter().flat_map(|o| &o.lines).any(|l| !l.tags.is_empty());
    let mut header: Vec<&str> = CSV_COLUMNS.to_vec();
    if tags {
        header.push(CSV_TAGS_COLUMN);
    }
    let _ = w.write_record(&header);
    for o in orders {
        for l in &o.lines {
            let price = format!("{}.{:02}", l.unit_price_cents / 100, l.unit_price_cents % 100);
            let mut row: Vec<String> = vec![
                o.return_number.to_string(),
                o.order_number.clone(),
                o.channel.clone(),
                o.customer_name.clone(),
                o.created_on.to_string(),
                o.purchased_on.to_string(),
                o.window_days.to_string(),
                o.tracking_numbers.join("|"),
                l.line_no.to_string(),
                l.sku.clone(),
                l.gtin.as_str().to_string(),
                l.description.clone(),
                l.category.as_str().to_string(),
                l.quantity.to_string(),
                price,
                l.reason.as_str().to_string(),
                l.comment.clone().unwrap_or_default(),
                l.expected_serials.join("|"),
            ];
            if tags {
                row.push(l.tags.join("|"));
            }
            let _ = w.write_record(&row);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests;
