//! The demo shop's catalogue, built from [`templates`](crate::templates):
//! models per family, one SKU per variant, one GTIN per SKU.

use crate::rng::Rng;
use crate::templates::{Axes, Family, Serial, BRANDS, FAMILIES};
use triage_core::{Category, Gtin};

pub struct Product {
    pub sku: String,
    pub gtin: Gtin,
    pub description: String,
    pub category: Category,
    /// The family's code in the SKU (`TSH`, `PHN`…).
    pub family: &'static str,
    pub price_cents: i64,
    pub serial: Serial,
    /// The brand's serial-number prefix (serialised products).
    pub serial_prefix: &'static str,
    /// The model's IMEI type allocation code (phones).
    pub tac: String,
}

struct Model {
    /// (product, popularity)
    variants: Vec<(Product, u32)>,
}

struct Line {
    family: &'static Family,
    models: Vec<Model>,
}

pub struct Catalogue {
    lines: Vec<Line>,
}

impl Catalogue {
    pub fn build(rng: &mut Rng) -> Catalogue {
        // Next 5-digit item reference per brand; steps leave gaps as real ranges do.
        let mut item_refs: Vec<u64> = BRANDS.iter().map(|_| 10_000 + rng.below(60_000)).collect();
        let lines = FAMILIES
            .iter()
            .map(|family| {
                let count = rng.range(2, family.models.len().clamp(2, 4) as u64) as usize;
                let mut number = 1 + rng.below(20);
                let models = family.models[..count.min(family.models.len())]
                    .iter()
                    .map(|name| {
                        number += rng.range(1, 9);
                        build_model(rng, family, name, number, &mut item_refs)
                    })
                    .collect();
                Line { family, models }
            })
            .collect();
        Catalogue { lines }
    }

    /// A product of `category`, as often as it sells.
    pub fn pick(&self, rng: &mut Rng, category: Category) -> &Product {
        let lines: Vec<(&Line, u32)> = self
            .lines
            .iter()
            .filter(|l| l.family.category == category)
            .map(|l| (l, l.family.weight))
            .collect();
        let line = rng.weighted(&lines);
        let model = rng.pick(&line.models);
        rng.weighted(&model.variants)
    }

    #[cfg(test)]
    pub fn products(&self) -> impl Iterator<Item = &Product> {
        self.lines
            .iter()
            .flat_map(|l| &l.models)
            .flat_map(|m| &m.variants)
            .map(|(p, _)| p)
    }
}

fn build_model(rng: &mut Rng, family: &'static Family, name: &str, number: u64, item_refs: &mut [u64]) -> Model {
    let brand_index = *rng.pick(family.brands);
    let brand = &BRANDS[brand_index];
    let base_euros = rng.range(family.euros.0, family.euros.1);
    let tac = if family.serial == Serial::Imei {
        format!("35{}", rng.digits(6))
    } else {
        String::new()
    };
    let (options, colours): (&[_], &[_]) = match &family.axes {
        Axes::Sized(o, c) | Axes::Priced(o, c) => (o, c),
        Axes::Colours(c) => (&[("", "", 1)], c),
        Axes::Plain(o) => (o, &[("", "")]),
    };
    // Each model comes in two or three of the family's colours.
    let mut colours = colours.to_vec();
    while colours.len() > 3 || (colours.len() > 2 && rng.chance(50)) {
        colours.remove(rng.below(colours.len() as u64) as usize);
    }
    let prefix = format!("{}-{}-{number:04}", category_code(family.category), family.code);
    let mut variants = Vec::new();
    for &(opt_code, opt_words, popularity) in options {
        let extra = match family.axes {
            Axes::Priced(..) => u64::from(popularity),
            _ => 0,
        };
        let weight = match family.axes {
            Axes::Priced(..) => 1,
            _ => popularity,
        };
        for &(colour_code, colour_name) in &colours {
            let sku = [prefix.as_str(), opt_code, colour_code]
                .into_iter()
                .filter(|p| !p.is_empty() && *p != "STD")
                .collect::<Vec<_>>()
                .join("-");
            let words = [opt_words, colour_name].into_iter().filter(|w| !w.is_empty());
            let description = std::iter::once(format!("{} {name} {}", brand.name, family.noun))
                .chain(words.map(str::to_string))
                .collect::<Vec<_>>()
                .join(", ");
            item_refs[brand_index] += rng.range(1, 3);
            let payload = format!("{}{:05}", brand.company_prefix, item_refs[brand_index]);
            let product = Product {
                sku,
                gtin: Gtin::from_payload(&payload).expect("company prefix and item reference are digits"),
                description,
                category: family.category,
                family: family.code,
                price_cents: shelf_price(rng, base_euros + extra),
                serial: family.serial,
                serial_prefix: brand.serial_prefix,
                tac: tac.clone(),
            };
            variants.push((product, weight));
        }
    }
    Model { variants }
}

/// Euros to a shelf price in cents: mostly x.99, sometimes x.95 or x.00.
fn shelf_price(rng: &mut Rng, euros: u64) -> i64 {
    let cents = match rng.below(10) {
        0 => euros * 100,
        1 | 2 => euros * 100 - 5,
        _ => euros * 100 - 1,
    };
    cents as i64
}

pub fn category_code(category: Category) -> &'static str {
    match category {
        Category::Apparel => "APP",
        Category::Footwear => "FTW",
        Category::Electronics => "ELE",
        Category::Beauty => "BEA",
        Category::Home => "HOM",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn skus_and_gtins_are_unique_and_well_formed() {
        let cat = Catalogue::build(&mut Rng::new(1));
        let mut skus = BTreeSet::new();
        let mut gtins = BTreeSet::new();
        for p in cat.products() {
            assert!(skus.insert(p.sku.clone()), "SKU {} twice", p.sku);
            assert!(gtins.insert(p.gtin.as_gtin14()), "GTIN {} twice", p.gtin);
            assert!(matches!(p.gtin.as_str().len(), 12 | 13));
            assert!(p.price_cents > 0);
            // Like APP-TSH-0012-M-BLK: category, family, model, then variant parts.
            let parts: Vec<&str> = p.sku.split('-').collect();
            assert!(
                parts.len() >= 3 && parts[0].len() == 3 && parts[1].len() == 3,
                "{}",
                p.sku
            );
            assert!(
                parts[2].len() == 4 && parts[2].bytes().all(|b| b.is_ascii_digit()),
                "{}",
                p.sku
            );
            assert!(
                p.sku
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                p.sku
            );
        }
    }
}
