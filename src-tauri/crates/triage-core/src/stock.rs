//! Stock need per SKU, from the warehouse system's export: whether the shop wants
//! more of a product on its shelves (`high`) or has plenty (`low`). The rules read
//! it as the `stock_need` fact; a SKU not in the export is `unknown`.
//!
//! The export is a whole snapshot: a CSV with the header `sku,need`, one row per
//! SKU. Parsing is all or nothing: the first bad row stops it with its line number.

use crate::import::ImportError;
use crate::rules::StockNeed;
use std::collections::BTreeMap;

/// The CSV's header.
pub const CSV_HEADER: [&str; 2] = ["sku", "need"];

/// The rows of a stock-need CSV, by SKU (trimmed; as the shop writes it).
pub fn parse_csv(text: &str) -> Result<BTreeMap<String, StockNeed>, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let at = |line: usize, message: String| ImportError { line, message };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = rdr.headers().map_err(|e| at(1, e.to_string()))?.clone();
    let got: Vec<String> = headers.iter().map(|h| h.to_ascii_lowercase()).collect();
    if got != CSV_HEADER {
        return Err(at(
            1,
            format!(
                "the header must be exactly: {} (found: {})",
                CSV_HEADER.join(","),
                headers.iter().collect::<Vec<_>>().join(",")
            ),
        ));
    }
    let mut out = BTreeMap::new();
    let mut first_line: BTreeMap<String, usize> = BTreeMap::new();
    for (i, record) in rdr.records().enumerate() {
        let line = record
            .as_ref()
            .ok()
            .and_then(|r| r.position())
            .map_or(i + 2, |p| p.line() as usize);
        let record = record.map_err(|e| at(line, e.to_string()))?;
        if record.len() != 2 {
            return Err(at(
                line,
                format!("a row has 2 fields (sku,need), this one has {}", record.len()),
            ));
        }
        let sku = record[0].to_string();
        if sku.is_empty() {
            return Err(at(line, "the SKU is empty".into()));
        }
        let need = StockNeed::parse(&record[1].to_ascii_lowercase())
            .ok_or_else(|| at(line, format!("need {:?} is not one of high, low, unknown", &record[1])))?;
        if let Some(first) = first_line.insert(sku.clone(), line) {
            return Err(at(
                line,
                format!("SKU {sku} is already on line {first}: give each SKU once"),
            ));
        }
        out.insert(sku, need);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_reads_by_sku() {
        let rows = parse_csv("\u{feff}SKU,Need\nAPP-SHI-0023-XS-BLU, high\nHOM-MUG-0001,LOW\nFTW-1,unknown\n").unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows["APP-SHI-0023-XS-BLU"], StockNeed::High);
        assert_eq!(rows["HOM-MUG-0001"], StockNeed::Low);
        assert_eq!(rows["FTW-1"], StockNeed::Unknown);
        assert!(parse_csv("sku,need\n").unwrap().is_empty());
    }

    #[test]
    fn a_bad_row_names_its_line() {
        let err = |text: &str| parse_csv(text).unwrap_err().to_string();
        assert_eq!(
            err("sku,qty\nA,1\n"),
            "line 1: the header must be exactly: sku,need (found: sku,qty)"
        );
        assert_eq!(
            err("sku,need\nA,high\nB,lots\n"),
            "line 3: need \"lots\" is not one of high, low, unknown"
        );
        assert_eq!(err("sku,need\nA,high\n,low\n"), "line 3: the SKU is empty");
        assert_eq!(
            err("sku,need\nA,high\nB,low\nA,low\n"),
            "line 4: SKU A is already on line 2: give each SKU once"
        );
        assert!(
            err("sku,need\nA,high,3\n").starts_with("line 2: "),
            "{}",
            err("sku,need\nA,high,3\n")
        );
    }
}
