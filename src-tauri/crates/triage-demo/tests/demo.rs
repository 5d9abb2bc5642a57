//! The demo set: deterministic, committed as generated, and believable.

use chrono::{Days, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use triage_core::import::{parse_csv, parse_json};
use triage_core::{Category, Gtin, ReturnOrder, ReturnReason};
use triage_demo::{demo_set, generate, rebase, DEMO_AS_OF, DEMO_COUNT, DEMO_SEED, REGENERATE};
use triage_scan::check::{holds, luhn_valid};
use triage_scan::{classify, Carrier, ScanKind};

fn committed(file: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../assets/demo")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}; run `{REGENERATE}` to write it", path.display()))
}

fn lines(orders: &[ReturnOrder]) -> impl Iterator<Item = &triage_core::ReturnLine> {
    orders.iter().flat_map(|o| &o.lines)
}

fn percent(part: usize, whole: usize) -> usize {
    part * 100 / whole.max(1)
}

#[test]
fn same_seed_gives_the_same_set_and_another_seed_another() {
    let day = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
    assert_eq!(generate(7, 80, day), generate(7, 80, day));
    assert_ne!(generate(7, 80, day), generate(8, 80, day));
    assert_eq!(demo_set().len(), DEMO_COUNT);
}

#[test]
fn committed_files_are_exactly_a_fresh_generation() {
    let orders = demo_set();
    assert!(
        committed("returns.json") == triage_demo::to_json(&orders),
        "assets/demo/returns.json differs from the generator's output; do not edit it by hand, run `{REGENERATE}`"
    );
    assert!(
        committed("returns.csv") == triage_demo::to_csv(&orders),
        "assets/demo/returns.csv differs from the generator's output; do not edit it by hand, run `{REGENERATE}`"
    );
}

#[test]
fn committed_csv_and_json_import_to_the_generated_set() {
    let from_csv = parse_csv(&committed("returns.csv")).expect("the committed CSV imports");
    let from_json = parse_json(&committed("returns.json")).expect("the committed JSON imports");
    assert_eq!(from_csv, from_json);
    assert_eq!(from_json, demo_set());
}

#[test]
fn identifiers_are_valid_and_unique() {
    let orders = demo_set();
    assert!(orders.len() >= 500);
    let mut rmas = BTreeSet::new();
    let mut orders_seen = BTreeSet::new();
    let mut tracking = BTreeSet::new();
    let mut gtin_of_sku: BTreeMap<&str, &Gtin> = BTreeMap::new();
    let mut sku_of_gtin: BTreeMap<String, &str> = BTreeMap::new();
    for o in &orders {
        let rma = o.return_number.as_str();
        assert!(rma.len() == 10 && rma.starts_with("RMA"), "{rma}");
        assert!(rmas.insert(rma), "{rma} twice");
        assert!(orders_seen.insert(&o.order_number), "order {} twice", o.order_number);
        assert!(!o.tracking_numbers.is_empty());
        for t in &o.tracking_numbers {
            assert!(tracking.insert(t.as_str()), "tracking number {t} twice");
            let expected = match t.len() {
                _ if t.starts_with("1Z") => Carrier::Ups,
                12 => Carrier::Fedex,
                22 => Carrier::Usps,
                10 => Carrier::Dhl,
                _ => panic!("{t} is in no carrier's format"),
            };
            let c = classify(t);
            assert!(
                c.kind == ScanKind::Tracking && c.carrier == Some(expected) && c.valid,
                "{c:?}"
            );
            assert_eq!(&c.value, t);
        }
        for l in &o.lines {
            assert!(Gtin::parse(l.gtin.as_str()).is_ok());
            assert_eq!(classify(l.gtin.as_str()).kind, ScanKind::Gtin, "{}", l.gtin);
            assert_eq!(
                *gtin_of_sku.entry(&l.sku).or_insert(&l.gtin),
                &l.gtin,
                "SKU {} has two GTINs",
                l.sku
            );
            assert_eq!(
                *sku_of_gtin.entry(l.gtin.as_gtin14()).or_insert(&l.sku),
                l.sku,
                "GTIN {} on two SKUs",
                l.gtin
            );
        }
    }
    let upc = gtin_of_sku.values().filter(|g| g.as_str().len() == 12).count();
    assert!(
        upc > 0 && upc < gtin_of_sku.len() / 2,
        "{upc} UPC-A of {}",
        gtin_of_sku.len()
    );
}

#[test]
fn dates_windows_and_lines_are_believable() {
    let orders = demo_set();
    let mut outside = 0;
    for o in &orders {
        let age = (DEMO_AS_OF - o.created_on).num_days();
        assert!(
            (1..=14).contains(&age),
            "{} created {age} days before as_of",
            o.return_number
        );
        let before = (o.created_on - o.purchased_on).num_days();
        assert!(
            (1..=60).contains(&before),
            "{} bought {before} days before its return",
            o.return_number
        );
        assert!([14, 30, 60].contains(&o.window_days));
        assert!((1..=3).contains(&o.lines.len()));
        outside += usize::from(!o.within_window(DEMO_AS_OF));
        for (i, l) in o.lines.iter().enumerate() {
            assert_eq!(l.line_no as usize, i + 1);
            assert!(l.expected_serials.len() <= l.quantity as usize);
            assert_ne!(l.comment.as_deref(), Some(""));
            let size = matches!(l.reason, ReturnReason::SizeTooLarge | ReturnReason::SizeTooSmall);
            assert!(
                !size || matches!(l.category, Category::Apparel | Category::Footwear),
                "{l:?}"
            );
        }
    }
    let pct = percent(outside, orders.len());
    assert!(
        (10..=15).contains(&pct),
        "{outside} of {} returns outside their window",
        orders.len()
    );
    let all: Vec<_> = lines(&orders).collect();
    assert!(percent(all.iter().filter(|l| l.quantity == 1).count(), all.len()) >= 80);
    let channels: BTreeSet<&str> = orders.iter().map(|o| o.channel.as_str()).collect();
    assert_eq!(channels, BTreeSet::from(["app", "marketplace", "web"]));
}

#[test]
fn categories_reasons_and_serials_are_believable() {
    let orders = demo_set();
    let categories: BTreeSet<Category> = lines(&orders).map(|l| l.category).collect();
    assert_eq!(categories.len(), 5);
    let defective: Vec<_> = lines(&orders).filter(|l| l.reason == ReturnReason::Defective).collect();
    let defective_electronics = defective.iter().filter(|l| l.category == Category::Electronics).count();
    assert!(
        defective_electronics * 2 > defective.len(),
        "{defective_electronics} of {}",
        defective.len()
    );

    let electronics: Vec<_> = lines(&orders).filter(|l| l.category == Category::Electronics).collect();
    let with_serials = electronics.iter().filter(|l| !l.expected_serials.is_empty()).count();
    assert!(
        (20..=40).contains(&percent(with_serials, electronics.len())),
        "{with_serials} of {}",
        electronics.len()
    );
    assert!(lines(&orders).all(|l| l.category == Category::Electronics || l.expected_serials.is_empty()));

    let mut serials = BTreeSet::new();
    let mut imeis = 0;
    for l in &electronics {
        for s in &l.expected_serials {
            assert!(serials.insert(s.as_str()), "serial {s} twice");
            if l.sku.starts_with("ELE-PHN-") {
                assert!(s.len() == 15 && luhn_valid(s), "IMEI {s} fails Luhn");
                imeis += 1;
            } else {
                assert!(s.len() == 12 && s.chars().all(|c| c.is_ascii_alphanumeric()), "{s}");
            }
        }
    }
    assert!(imeis > 0);
}

#[test]
fn customers_and_comments_speak_french_and_english() {
    let orders = demo_set();
    let accented = orders.iter().filter(|o| !o.customer_name.is_ascii()).count();
    assert!(accented > 50, "{accented} names with accents");
    let comments: Vec<&str> = lines(&orders).filter_map(|l| l.comment.as_deref()).collect();
    assert!(comments.iter().any(|c| c.contains("taille") || c.contains("é")));
    assert!(comments.iter().any(|c| c.contains(" the ")));
}

#[test]
fn fedex_numbers_never_read_as_gtins() {
    for o in demo_set() {
        for t in o.tracking_numbers.iter().filter(|t| t.len() == 12) {
            assert!(!holds(t, triage_scan::check::gs1_check_digit), "{t}");
        }
    }
}

#[test]
fn rebase_moves_every_date_by_exactly_the_delta() {
    let original = generate(DEMO_SEED, 50, DEMO_AS_OF);
    let today = DEMO_AS_OF + Days::new(400);
    let mut moved = original.clone();
    rebase(&mut moved, DEMO_AS_OF, today);
    for (a, b) in original.iter().zip(&moved) {
        assert_eq!((b.created_on - a.created_on).num_days(), 400);
        assert_eq!((b.purchased_on - a.purchased_on).num_days(), 400);
        assert_eq!(a.within_window(DEMO_AS_OF), b.within_window(today));
        assert_eq!(a.lines, b.lines);
    }
    rebase(&mut moved, today, DEMO_AS_OF);
    assert_eq!(moved, original);
}

/// Prints the set's make-up: `cargo test -p triage-demo --test demo summary -- --nocapture`.
#[test]
fn summary() {
    let orders = demo_set();
    let mut by_category = BTreeMap::new();
    for l in lines(&orders) {
        *by_category.entry(l.category.as_str()).or_insert(0) += 1;
    }
    let mut by_carrier = BTreeMap::new();
    for t in orders.iter().flat_map(|o| &o.tracking_numbers) {
        *by_carrier.entry(format!("{:?}", classify(t).carrier)).or_insert(0) += 1;
    }
    let outside = orders.iter().filter(|o| !o.within_window(DEMO_AS_OF)).count();
    println!("returns {}, lines {}", orders.len(), lines(&orders).count());
    println!("lines per category {by_category:?}");
    println!("parcels per carrier {by_carrier:?}");
    println!("outside window on {DEMO_AS_OF}: {outside}");
}
