//! Differential test: the same GS1 element strings through triage-scan and
//! through biip (PyPI, an independent parser), and the answers compared.
//!
//! biip runs from the venv `cargo xtask test` makes in `.tmp/biip-venv`
//! (or the Python named by TRIAGE_BIIP_PYTHON).

mod common;

use common::value_for;
use std::io::Write;
use std::process::{Command, Stdio};
use triage_scan::classify;
use triage_scan::gs1::ai::table;
use triage_scan::gs1::{element_string, Element};

fn python() -> std::path::PathBuf {
    if let Ok(p) = std::env::var("TRIAGE_BIIP_PYTHON") {
        return p.into();
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let p = root.join(".tmp/biip-venv/bin/python");
    assert!(
        p.exists(),
        "{} is missing: `cargo xtask test` installs biip there (or set TRIAGE_BIIP_PYTHON)",
        p.display()
    );
    p
}

#[derive(serde::Deserialize, Debug)]
struct Biip {
    valid: bool,
    elements: Vec<(String, String, Option<String>)>,
    error: String,
}

fn ask_biip(inputs: &[String]) -> Vec<Biip> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/biip_parse.py");
    let mut child = Command::new(python())
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start python with biip");
    let mut stdin = child.stdin.take().unwrap();
    let lines: String = inputs
        .iter()
        .map(|s| serde_json::to_string(s).unwrap() + "\n")
        .collect();
    let writer = std::thread::spawn(move || stdin.write_all(lines.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(out.status.success(), "biip_parse.py failed");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A small deterministic generator (the corpus is the same every run).
struct Rng(u64);
impl Rng {
    fn next(&mut self, n: u32) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as u32) % n.max(1)
    }
}

/// AIs where biip's table or checks differ from the GS1 General
/// Specifications as this project reads them; see the README.
fn differs_by_design(ai: &str) -> bool {
    // biip accepts day 00 in these dates, which GS1's syntax forbids.
    matches!(ai, "4326" | "7006" | "7007" | "7011")
    // biip wants at least 5 characters in a CPID; GS1's format is Y..30.
        || ai == "8010"
}

/// Whether biip's decimal for this element is worth comparing: biip gives
/// none for 395n, and misplaces the point when the value has fewer digits
/// than decimal places (3908 + 333250 → 3332.50; GS1 says 0.00333250).
fn compare_decimal(e: &Element) -> bool {
    let places = e.ai.as_bytes().get(3).map_or(0, |b| usize::from(b - b'0'));
    e.decimal.as_deref().is_some_and(|d| !d.contains(' ')) && !e.ai.starts_with("395") && places <= e.value.len()
}

fn valid_messages(rng: &mut Rng, n: usize) -> Vec<Vec<Element>> {
    let specs = &table().specs;
    (0..n)
        .map(|_| {
            let mut elements: Vec<Element> = Vec::new();
            for _ in 0..1 + rng.next(4) {
                let spec = &specs[rng.next(specs.len() as u32) as usize];
                if elements.iter().any(|e| e.ai == spec.ai) {
                    continue;
                }
                let mut r = |n: u32| rng.next(n);
                elements.push(Element {
                    ai: spec.ai.clone(),
                    value: value_for(spec, &mut r, false),
                    title: String::new(),
                    decimal: None,
                });
            }
            elements
        })
        .collect()
}

#[test]
fn biip_reads_valid_messages_as_we_do() {
    let mut rng = Rng(7);
    let messages = valid_messages(&mut rng, 4000);
    let inputs: Vec<String> = messages.iter().map(|m| element_string(m)).collect();
    let theirs = ask_biip(&inputs);
    assert_eq!(theirs.len(), inputs.len());
    let mut disagree = Vec::new();
    for ((input, m), biip) in inputs.iter().zip(&messages).zip(&theirs) {
        let ours = classify(&format!("]C1{input}"));
        assert!(ours.valid, "{input:?}: {:?}", ours.error);
        let ours_pairs: Vec<(String, String, Option<String>)> = ours
            .elements
            .iter()
            .map(|e| {
                (
                    e.ai.clone(),
                    e.value.clone(),
                    e.decimal.clone().filter(|_| compare_decimal(e)),
                )
            })
            .collect();
        let theirs_pairs: Vec<(String, String, Option<String>)> = biip
            .elements
            .iter()
            .zip(&ours.elements)
            .map(|((ai, v, d), e)| (ai.clone(), v.clone(), d.clone().filter(|_| compare_decimal(e))))
            .collect();
        let agree = biip.valid && ours_pairs == theirs_pairs;
        if !agree && !m.iter().any(|e| differs_by_design(&e.ai)) {
            disagree.push(format!(
                "{input:?}: ours {ours_pairs:?}, biip {} {:?} {}",
                biip.valid, theirs_pairs, biip.error
            ));
        }
    }
    assert!(
        disagree.is_empty(),
        "{} of {} disagree:\n{}",
        disagree.len(),
        inputs.len(),
        disagree[..disagree.len().min(30)].join("\n")
    );
}

/// Broken messages of the kinds a bench meets: both parsers must refuse them.
#[test]
fn biip_refuses_what_we_refuse() {
    let mut rng = Rng(11);
    let mut inputs = Vec::new();
    for i in 0..1500 {
        let digits =
            |rng: &mut Rng, n: usize| -> String { (0..n).map(|_| char::from(b'0' + rng.next(10) as u8)).collect() };
        let gtin = {
            let p = digits(&mut rng, 13);
            format!("{p}{}", triage_scan::check::gs1_check_digit(&p).unwrap())
        };
        let wrong = |s: &str| format!("{}{}", &s[..s.len() - 1], (s.as_bytes()[s.len() - 1] - b'0' + 1) % 10);
        let input = match i % 6 {
            // A misread check digit in a GTIN or an SSCC.
            0 => format!("01{}21{}", wrong(&gtin), digits(&mut rng, 6)),
            1 => {
                let p = digits(&mut rng, 17);
                format!(
                    "00{}",
                    wrong(&format!("{p}{}", triage_scan::check::gs1_check_digit(&p).unwrap()))
                )
            }
            // A month that does not exist.
            2 => {
                let ai = ["11", "13", "15", "17"][rng.next(4) as usize];
                let (yy, dd) = (rng.next(100), 1 + rng.next(28));
                format!("01{gtin}{ai}{yy:02}13{dd:02}")
            }
            // A GTIN cut short at the end of the data.
            3 => {
                let lot = digits(&mut rng, 3);
                format!("10L{lot}\u{1d}01{}", &gtin[..1 + rng.next(13) as usize])
            }
            // A character outside GS1's set in a lot or serial.
            4 => {
                let ai = ["10", "21"][rng.next(2) as usize];
                format!("01{gtin}{ai}AB#{}", digits(&mut rng, 3))
            }
            // A serial longer than 20 characters. (biip cuts a field at its
            // maximum and reads on, so the 21st character is a letter here,
            // where no AI starts; we refuse any over-long field.)
            _ => {
                let len = rng.next(10) as usize;
                format!("01{gtin}21{}X{}", digits(&mut rng, 20), digits(&mut rng, len))
            }
        };
        inputs.push(input);
    }
    let theirs = ask_biip(&inputs);
    for (input, biip) in inputs.iter().zip(&theirs) {
        let ours = classify(&format!("]C1{input}"));
        assert!(!ours.valid, "we took {input:?}");
        assert!(!biip.valid, "biip took {input:?}: {:?}", biip.elements);
    }
}

/// Noise: digit runs with separators and a few letters. Where both parsers
/// accept, they must agree on every element; how often they disagree on
/// accepting at all is printed (for the README), not asserted.
#[test]
fn where_both_accept_noise_they_read_the_same() {
    let mut rng = Rng(13);
    let alphabet = b"0123456789012345678901234567890123456789\x1dAZaz-";
    let inputs: Vec<String> = (0..4000)
        .map(|_| {
            let len = 4 + rng.next(40) as usize;
            (0..len)
                .map(|_| char::from(alphabet[rng.next(alphabet.len() as u32) as usize]))
                .collect()
        })
        .collect();
    let theirs = ask_biip(&inputs);
    let (mut both, mut only_ours, mut only_biip) = (0, 0, 0);
    for (input, biip) in inputs.iter().zip(&theirs) {
        let ours = classify(&format!("]C1{input}"));
        match (ours.valid, biip.valid) {
            (true, true) => {
                both += 1;
                let a: Vec<(&str, &str)> = ours
                    .elements
                    .iter()
                    .map(|e| (e.ai.as_str(), e.value.as_str()))
                    .collect();
                let b: Vec<(&str, &str)> = biip
                    .elements
                    .iter()
                    .map(|(ai, v, _)| (ai.as_str(), v.as_str()))
                    .collect();
                assert_eq!(a, b, "{input:?}");
            }
            (true, false) => only_ours += 1,
            (false, true) => {
                only_biip += 1;
                println!("only biip: {input:?} {:?}", ours.error);
            }
            (false, false) => {}
        }
    }
    println!(
        "noise: {} inputs, both accept {both}, only ours {only_ours}, only biip {only_biip}",
        inputs.len()
    );
    assert!(both > 0, "the noise should hold some valid messages");
}
