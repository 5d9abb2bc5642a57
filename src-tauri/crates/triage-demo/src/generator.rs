//! Assembles returns from the catalogue, customers and carriers.

use crate::catalogue::{Catalogue, Product};
use crate::comments::comment;
use crate::people::{customer, Customer};
use crate::rng::Rng;
use crate::serials;
use crate::templates::Serial;
use crate::tracking::{tracking_number, CARRIERS};
use chrono::{Days, NaiveDate};
use std::collections::BTreeSet;
use triage_core::Category::{self, *};
use triage_core::ReturnReason::{self, *};
use triage_core::{ReturnLine, ReturnNumber, ReturnOrder};

/// Separate streams, so adding a product does not reshuffle every customer.
const CATALOGUE_STREAM: u64 = 0xC47A_1064_E000_0001;

const CATEGORIES: &[(Category, u32)] = &[
    (Apparel, 34),
    (Footwear, 16),
    (Electronics, 20),
    (Beauty, 12),
    (Home, 18),
];
const CHANNELS: &[(&str, u32)] = &[("web", 55), ("app", 25), ("marketplace", 20)];

/// Share of returns whose parcel reaches the bench after the window closed.
const LATE_PERCENT: u64 = 13;

fn reasons(category: Category) -> &'static [(ReturnReason, u32)] {
    match category {
        Apparel => &[
            (SizeTooSmall, 22),
            (SizeTooLarge, 20),
            (Style, 12),
            (Color, 8),
            (NotAsDescribed, 10),
            (Unwanted, 12),
            (Defective, 4),
            (WrongItem, 4),
            (Other, 4),
            (Unknown, 4),
        ],
        Footwear => &[
            (SizeTooSmall, 25),
            (SizeTooLarge, 18),
            (Style, 10),
            (Color, 5),
            (NotAsDescribed, 8),
            (Unwanted, 10),
            (Defective, 8),
            (WrongItem, 5),
            (Other, 5),
            (Unknown, 6),
        ],
        Electronics => &[
            (Defective, 36),
            (NotAsDescribed, 15),
            (Unwanted, 20),
            (WrongItem, 8),
            (Other, 8),
            (Unknown, 6),
            (Style, 3),
            (Color, 4),
        ],
        Beauty => &[
            (Unwanted, 30),
            (NotAsDescribed, 15),
            (Color, 15),
            (Defective, 7),
            (WrongItem, 8),
            (Other, 10),
            (Unknown, 8),
            (Style, 7),
        ],
        Home => &[
            (Unwanted, 22),
            (NotAsDescribed, 18),
            (Defective, 13),
            (Style, 14),
            (Color, 10),
            (WrongItem, 8),
            (Other, 9),
            (Unknown, 6),
        ],
    }
}

/// Everything that must not repeat across the data set.
#[derive(Default)]
struct Taken {
    tracking: BTreeSet<String>,
    serials: BTreeSet<String>,
    orders: BTreeSet<String>,
}

pub fn generate(seed: u64, count: usize, as_of: NaiveDate) -> Vec<ReturnOrder> {
    let catalogue = Catalogue::build(&mut Rng::new(seed ^ CATALOGUE_STREAM));
    let mut rng = Rng::new(seed);
    let mut taken = Taken::default();
    let mut orders: Vec<ReturnOrder> = (0..count)
        .map(|_| draft(&mut rng, &catalogue, &mut taken, as_of))
        .collect();
    // The shop numbers returns in the order it issues them.
    orders.sort_by_key(|o| o.created_on);
    let mut number = 4_800_000 + rng.below(100_000);
    for o in &mut orders {
        number += rng.range(1, 6);
        o.return_number = ReturnNumber::parse(&format!("RMA{number:07}")).expect("RMA and 7 digits");
    }
    orders
}

fn draft(rng: &mut Rng, catalogue: &Catalogue, taken: &mut Taken, as_of: NaiveDate) -> ReturnOrder {
    // Created in the fortnight before as_of: some parcels are still on the way.
    let created_on = as_of - Days::new(rng.range(1, 14));
    let channel = *rng.weighted(CHANNELS);
    let who = customer(rng);
    let main = *rng.weighted(CATEGORIES);
    let line_count = *rng.weighted(&[(1u32, 70), (2, 22), (3, 8)]);
    let mut lines: Vec<ReturnLine> = Vec::new();
    while lines.len() < line_count as usize {
        let category = if lines.is_empty() || rng.chance(75) {
            main
        } else {
            *rng.weighted(CATEGORIES)
        };
        let product = catalogue.pick(rng, category);
        if lines.iter().any(|l| l.sku == product.sku) {
            continue;
        }
        let line_no = lines.len() as u32 + 1;
        lines.push(line(rng, product, line_no, &who, taken));
    }
    let has_electronics = lines.iter().any(|l| l.category == Electronics);
    let window_days = if has_electronics && rng.chance(60) {
        14
    } else if channel == "app" {
        60 // the app's members get sixty days
    } else {
        30
    };
    let purchased_on = created_on - Days::new(days_before(rng, as_of, created_on, window_days));
    let carrier = *rng.weighted(CARRIERS);
    let parcels = if lines.len() > 1 && rng.chance(15) { 2 } else { 1 };
    let tracking_numbers = (0..parcels)
        .map(|_| tracking_number(rng, carrier, &mut taken.tracking))
        .collect();
    ReturnOrder {
        return_number: ReturnNumber::parse("RMA0000000").expect("placeholder is well formed"),
        order_number: order_number(rng, channel, &mut taken.orders),
        channel: channel.to_string(),
        customer_name: who.name,
        created_on,
        purchased_on,
        window_days,
        tracking_numbers,
        lines,
    }
}

fn line(rng: &mut Rng, p: &Product, line_no: u32, who: &Customer, taken: &mut Taken) -> ReturnLine {
    let quantity = if p.category == Electronics || p.price_cents > 15_000 {
        *rng.weighted(&[(1u32, 96), (2, 4)])
    } else {
        *rng.weighted(&[(1u32, 85), (2, 11), (3, 4)])
    };
    let reason = *rng.weighted(reasons(p.category));
    let expected_serials = if p.serial != Serial::None && rng.chance(40) {
        (0..quantity).map(|_| serial(rng, p, &mut taken.serials)).collect()
    } else {
        Vec::new()
    };
    ReturnLine {
        line_no,
        sku: p.sku.clone(),
        gtin: p.gtin.clone(),
        description: p.description.clone(),
        category: p.category,
        quantity,
        unit_price_cents: p.price_cents,
        reason,
        comment: comment(rng, reason, p, who.lang),
        expected_serials,
        tags: Vec::new(),
    }
}

fn serial(rng: &mut Rng, p: &Product, taken: &mut BTreeSet<String>) -> String {
    loop {
        let s = match p.serial {
            Serial::Imei => serials::imei(rng, &p.tac),
            _ => serials::alphanumeric(rng, p.serial_prefix),
        };
        if taken.insert(s.clone()) {
            return s;
        }
    }
}

/// Days from purchase to the return's creation (1–60). About one return in
/// eight is already past its window on `as_of`; the rest are inside it.
fn days_before(rng: &mut Rng, as_of: NaiveDate, created_on: NaiveDate, window: u32) -> u64 {
    let age = (as_of - created_on).num_days().max(0) as u64;
    let window = u64::from(window);
    // Inside the window on as_of: age + days ≤ window.
    let last_inside = window.saturating_sub(age);
    let late_from = (last_inside + 1).max(1);
    let late = rng.chance(LATE_PERCENT) || last_inside == 0;
    if late && late_from <= 60 {
        return rng.range(late_from, (late_from + 12).min(60));
    }
    let last_inside = last_inside.clamp(1, 60);
    // Most returns come back within a couple of weeks of delivery.
    let quick = rng.range(1, last_inside);
    let slow = rng.range(1, last_inside);
    quick.min(slow).max(rng.range(1, 3).min(last_inside))
}

fn order_number(rng: &mut Rng, channel: &str, taken: &mut BTreeSet<String>) -> String {
    loop {
        let n = if channel == "marketplace" {
            format!("402-{}-{}", rng.digits(7), rng.digits(7))
        } else {
            format!("#{}", rng.range(104_000, 131_999))
        };
        if taken.insert(n.clone()) {
            return n;
        }
    }
}
