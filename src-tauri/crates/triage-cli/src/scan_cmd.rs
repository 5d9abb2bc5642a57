//! `triage scan classify`: what each scan is, as a line of text or JSON.

use std::io::BufRead;
use std::path::Path;
use triage_scan::{Classified, Classifier, SiteCodes};

/// Classifies the scans given, or each line of standard input when none
/// are; `codes` is a site file of code patterns.
pub fn classify(scans: &[String], json: bool, codes: Option<&Path>) -> Result<(), String> {
    let classifier = match codes {
        None => Classifier::default(),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let site = SiteCodes::from_toml(&text)
                .map_err(|e| format!("{}: {e}; fix the pattern and run again", path.display()))?;
            Classifier::new(site)
        }
    };
    let print = |s: &str| -> Result<(), String> {
        let c = classifier.classify(s);
        if json {
            println!("{}", serde_json::to_string(&c).map_err(|e| e.to_string())?);
        } else {
            println!("{}", text_line(s, &c));
        }
        Ok(())
    };
    if scans.is_empty() {
        for line in std::io::stdin().lock().lines() {
            let line = line.map_err(|e| format!("standard input: {e}"))?;
            print(&line)?;
        }
    } else {
        for s in scans {
            print(s)?;
        }
    }
    Ok(())
}

/// `scan<TAB>kind [carrier]<TAB>value<TAB>valid | INVALID: why`, then one
/// indented line per GS1 element.
fn text_line(scanned: &str, c: &Classified) -> String {
    let what = match &c.carrier {
        Some(carrier) => format!("{:?} {:?}", c.kind, carrier),
        None => format!("{:?}", c.kind),
    };
    let verdict = c
        .error
        .as_deref()
        .map_or("valid".to_string(), |e| format!("INVALID: {e}"));
    let shown = scanned.replace('\u{1d}', "<GS>");
    let mut out = format!("{shown}\t{what}\t{}\t{verdict}", c.value);
    for e in &c.elements {
        let decimal = e.decimal.as_deref().map_or(String::new(), |d| format!(" = {d}"));
        out.push_str(&format!("\n  ({}) {}\t{}{decimal}", e.ai, e.title, e.value));
    }
    out
}
