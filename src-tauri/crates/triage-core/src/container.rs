//! Liquidation containers. Units routed to liquidation go into the bench's open
//! container (a gaylord or a pallet box) as they are labelled; when it is full, an
//! inspector closes it. Closing gives it a code and a label that says what is inside,
//! so the liquidation buyer's manifest and the box agree.
//!
//! Pure: the store finds the units, this module names the container and sums it up.

use crate::returns::Category;

/// One unit in a container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerItem {
    pub lpn: String,
    pub sku: String,
    pub category: Category,
    /// The unit's value on the return, in the shop's currency (cents).
    pub unit_value_cents: i64,
}

/// What a container holds, in the numbers its label prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contents {
    pub units: usize,
    /// Distinct SKUs.
    pub skus: usize,
    pub value_cents: i64,
    /// Units per category, most first (ties: the category's name).
    pub by_category: Vec<(Category, usize)>,
}

/// The code of a bench's `seq`-th container: `LQ-PAR1-01-0007`. It is the label's
/// Code 128, so it stays within letters, digits and `-`.
pub fn code(site: &str, bench_number: u16, seq: u32) -> String {
    format!("LQ-{site}-{bench_number:02}-{seq:04}")
}

/// The sums over `items`.
pub fn contents(items: &[ContainerItem]) -> Contents {
    let mut skus: Vec<&str> = items.iter().map(|i| i.sku.as_str()).collect();
    skus.sort_unstable();
    skus.dedup();
    let mut by_category: Vec<(Category, usize)> = Vec::new();
    for item in items {
        match by_category.iter_mut().find(|(c, _)| *c == item.category) {
            Some((_, n)) => *n += 1,
            None => by_category.push((item.category, 1)),
        }
    }
    by_category.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.as_str().cmp(b.0.as_str())));
    Contents {
        units: items.len(),
        skus: skus.len(),
        value_cents: items.iter().map(|i| i.unit_value_cents).sum(),
        by_category,
    }
}

impl Contents {
    /// The label's line: "apparel 3 · footwear 1 · 4 SKUs".
    pub fn line(&self) -> String {
        let mut parts: Vec<String> = self
            .by_category
            .iter()
            .map(|(c, n)| format!("{} {n}", c.as_str()))
            .collect();
        parts.push(format!("{} SKU{}", self.skus, if self.skus == 1 { "" } else { "s" }));
        parts.join(" · ")
    }

    /// The value as the label prints it: "1234.50".
    pub fn value(&self) -> String {
        format!("{}.{:02}", self.value_cents / 100, self.value_cents.rem_euclid(100))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(lpn: &str, sku: &str, category: Category, cents: i64) -> ContainerItem {
        ContainerItem {
            lpn: lpn.into(),
            sku: sku.into(),
            category,
            unit_value_cents: cents,
        }
    }

    #[test]
    fn a_container_counts_its_units_skus_value_and_categories() {
        let items = [
            item("LPN1", "TSHIRT-M", Category::Apparel, 1999),
            item("LPN2", "TSHIRT-M", Category::Apparel, 1999),
            item("LPN3", "BOOT-42", Category::Footwear, 8950),
            item("LPN4", "JEANS-32", Category::Apparel, 4900),
        ];
        let c = contents(&items);
        // 19.99 + 19.99 + 89.50 + 49.00 = 178.48
        assert_eq!(c.units, 4);
        assert_eq!(c.skus, 3);
        assert_eq!(c.value_cents, 17848);
        assert_eq!(c.value(), "178.48");
        assert_eq!(c.by_category, vec![(Category::Apparel, 3), (Category::Footwear, 1)]);
        assert_eq!(c.line(), "apparel 3 · footwear 1 · 3 SKUs");
    }

    #[test]
    fn ties_between_categories_go_by_name_and_one_sku_is_singular() {
        let items = [
            item("LPN1", "LAMP", Category::Home, 500),
            item("LPN2", "LAMP", Category::Beauty, 5),
        ];
        let c = contents(&items);
        assert_eq!(c.by_category, vec![(Category::Beauty, 1), (Category::Home, 1)]);
        assert_eq!(c.line(), "beauty 1 · home 1 · 1 SKU");
        assert_eq!(c.value(), "5.05");
        assert_eq!(contents(&[]).line(), "0 SKUs");
    }

    #[test]
    fn codes_are_per_site_and_bench_and_scan_as_code_128() {
        assert_eq!(code("PAR1", 1, 7), "LQ-PAR1-01-0007");
        assert_eq!(code("LYS2", 12, 12345), "LQ-LYS2-12-12345");
        assert!(code("PAR1", 1, 7)
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-'));
    }
}
