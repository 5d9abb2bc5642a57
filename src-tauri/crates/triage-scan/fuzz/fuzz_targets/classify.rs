//! Any bytes a scanner could send: classify never panics, says why whenever
//! a scan is not valid, and a GS1 message it accepts reads back the same.

#![no_main]

use libfuzzer_sys::fuzz_target;
use triage_scan::gs1::{element_string, parse_element_string};
use triage_scan::{classify, Classifier};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let c = classify(&text);
    assert_eq!(c.valid, c.error.is_none(), "{text:?}");
    if c.valid && !c.elements.is_empty() {
        let again = parse_element_string(&element_string(&c.elements)).expect("a valid message re-reads");
        let a: Vec<_> = again.iter().map(|e| (&e.ai, &e.value)).collect();
        let b: Vec<_> = c.elements.iter().map(|e| (&e.ai, &e.value)).collect();
        assert_eq!(a, b, "{text:?}");
    }
    static SITE: std::sync::OnceLock<Classifier> = std::sync::OnceLock::new();
    let s = SITE
        .get_or_init(Classifier::default)
        .serial(&text, data.first().is_some_and(|b| b & 1 == 1));
    assert_eq!(s.valid, s.error.is_none(), "{text:?}");
});
