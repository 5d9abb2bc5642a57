//! Returns (RMAs) and their lines, as the shop announced them.

use crate::{Gtin, ReturnNumber};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Product family; decides which checklist a unit gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Apparel,
    Footwear,
    Electronics,
    Beauty,
    Home,
}

impl Category {
    pub const ALL: [Category; 5] = [
        Category::Apparel,
        Category::Footwear,
        Category::Electronics,
        Category::Beauty,
        Category::Home,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Apparel => "apparel",
            Category::Footwear => "footwear",
            Category::Electronics => "electronics",
            Category::Beauty => "beauty",
            Category::Home => "home",
        }
    }

    pub fn parse(value: &str) -> Option<Category> {
        let v = value.trim().to_ascii_lowercase();
        Category::ALL.into_iter().find(|c| c.as_str() == v)
    }
}

/// The customer's stated reason, using Shopify's `ReturnReason` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReturnReason {
    Color,
    Defective,
    NotAsDescribed,
    Other,
    SizeTooLarge,
    SizeTooSmall,
    Style,
    Unknown,
    Unwanted,
    WrongItem,
}

impl ReturnReason {
    pub const ALL: [ReturnReason; 10] = [
        ReturnReason::Color,
        ReturnReason::Defective,
        ReturnReason::NotAsDescribed,
        ReturnReason::Other,
        ReturnReason::SizeTooLarge,
        ReturnReason::SizeTooSmall,
        ReturnReason::Style,
        ReturnReason::Unknown,
        ReturnReason::Unwanted,
        ReturnReason::WrongItem,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReturnReason::Color => "COLOR",
            ReturnReason::Defective => "DEFECTIVE",
            ReturnReason::NotAsDescribed => "NOT_AS_DESCRIBED",
            ReturnReason::Other => "OTHER",
            ReturnReason::SizeTooLarge => "SIZE_TOO_LARGE",
            ReturnReason::SizeTooSmall => "SIZE_TOO_SMALL",
            ReturnReason::Style => "STYLE",
            ReturnReason::Unknown => "UNKNOWN",
            ReturnReason::Unwanted => "UNWANTED",
            ReturnReason::WrongItem => "WRONG_ITEM",
        }
    }

    pub fn parse(value: &str) -> Option<ReturnReason> {
        let v = value.trim().to_ascii_uppercase();
        ReturnReason::ALL.into_iter().find(|r| r.as_str() == v)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnLine {
    pub line_no: u32,
    pub sku: String,
    pub gtin: Gtin,
    pub description: String,
    pub category: Category,
    pub quantity: u32,
    pub unit_price_cents: i64,
    pub reason: ReturnReason,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub expected_serials: Vec<String>,
    /// The shop's tags on the product (e.g. "refurbished", "phone"); rule sets may map them to a category.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnOrder {
    pub return_number: ReturnNumber,
    pub order_number: String,
    pub channel: String,
    pub customer_name: String,
    pub created_on: NaiveDate,
    pub purchased_on: NaiveDate,
    /// Days after purchase during which the policy gives a full refund.
    pub window_days: u32,
    pub tracking_numbers: Vec<String>,
    pub lines: Vec<ReturnLine>,
}

impl ReturnOrder {
    pub fn days_since_purchase(&self, today: NaiveDate) -> i64 {
        (today - self.purchased_on).num_days()
    }

    /// Day `window_days` itself is still inside the window.
    pub fn within_window(&self, today: NaiveDate) -> bool {
        self.days_since_purchase(today) <= i64::from(self.window_days)
    }

    /// Whether the customer asked for the return within the window (the policy's
    /// test: transit time to the bench does not count against them).
    pub fn requested_within_window(&self) -> bool {
        self.within_window(self.created_on)
    }

    /// The lines a scanned or typed code names, in line order: by GTIN (any
    /// length, compared as GTIN-14) or else by SKU (case-insensitive).
    pub fn lines_for_code(&self, code: &str) -> Vec<&ReturnLine> {
        let code = code.trim();
        if let Ok(g) = Gtin::parse(code) {
            let by_gtin: Vec<&ReturnLine> = self
                .lines
                .iter()
                .filter(|l| l.gtin.as_gtin14() == g.as_gtin14())
                .collect();
            if !by_gtin.is_empty() {
                return by_gtin;
            }
        }
        self.lines.iter().filter(|l| l.sku.eq_ignore_ascii_case(code)).collect()
    }

    pub fn line(&self, line_no: u32) -> Option<&ReturnLine> {
        self.lines.iter().find(|l| l.line_no == line_no)
    }

    /// The first line a code names.
    pub fn line_for_code(&self, code: &str) -> Option<&ReturnLine> {
        self.lines_for_code(code).into_iter().next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> ReturnOrder {
        ReturnOrder {
            return_number: ReturnNumber::parse("RMA0000001").unwrap(),
            order_number: "#1001".into(),
            channel: "web".into(),
            customer_name: "Amélie Durand".into(),
            created_on: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            purchased_on: NaiveDate::from_ymd_opt(2026, 10, 20).unwrap(),
            window_days: 30,
            tracking_numbers: vec!["1Z999AA10123456784".into()],
            lines: vec![ReturnLine {
                line_no: 1,
                sku: "APP-TEE-M-BLK".into(),
                gtin: Gtin::parse("036000291452").unwrap(),
                description: "T-shirt noir M".into(),
                category: Category::Apparel,
                quantity: 1,
                unit_price_cents: 1999,
                reason: ReturnReason::SizeTooLarge,
                comment: None,
                expected_serials: vec![],
                tags: vec![],
            }],
        }
    }

    #[test]
    fn window_includes_its_last_day() {
        let r = sample();
        let day30 = r.purchased_on + chrono::Days::new(30);
        assert!(r.within_window(day30));
        assert!(!r.within_window(day30 + chrono::Days::new(1)));
    }

    #[test]
    fn the_window_is_judged_on_the_request_date() {
        let mut r = sample();
        r.created_on = r.purchased_on + chrono::Days::new(30);
        assert!(r.requested_within_window());
        r.created_on = r.purchased_on + chrono::Days::new(31);
        assert!(!r.requested_within_window());
    }

    #[test]
    fn lines_are_found_by_any_gtin_form_or_sku() {
        let r = sample();
        assert!(r.line_for_code("0036000291452").is_some());
        assert!(r.line_for_code("app-tee-m-blk").is_some());
        assert!(r.line_for_code("4006381333931").is_none());
    }

    #[test]
    fn enums_parse_their_wire_names() {
        assert_eq!(Category::parse("Electronics"), Some(Category::Electronics));
        assert_eq!(ReturnReason::parse("size_too_small"), Some(ReturnReason::SizeTooSmall));
        assert_eq!(ReturnReason::parse("broken"), None);
    }
}
