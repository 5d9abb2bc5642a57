//! Shared by the GS1 tests: valid data for any AI of the table, built from
//! random numbers, so tests can make element strings GS1 would accept.

#![allow(dead_code)]

use triage_scan::gs1::ai::{Charset, Check, Part, Spec};

pub fn charset_chars(set: Charset) -> Vec<char> {
    (0x21u8..0x7f).map(char::from).filter(|c| set.allows(*c)).collect()
}

/// Digits for a date/time pattern that is always valid.
fn date_digits(pattern: &str, r: &mut impl FnMut(u32) -> u32) -> String {
    let mut s = String::new();
    let mut p = pattern;
    while !p.is_empty() {
        let (field, len) = if p.starts_with("yyyy") {
            ("yyyy", 4)
        } else {
            (&p[..2], 2)
        };
        let v = match (field, pattern) {
            ("yyyy", _) => 2000 + r(100),
            ("yy", _) => r(100),
            ("mm", "hhmm" | "mmss") | ("ss", _) => r(60),
            ("mm", _) if s.len() >= 8 => r(60),
            ("mm", _) => 1 + r(12),
            ("dd" | "d0", _) => 1 + r(28),
            ("hh", _) => r(24),
            _ => 0,
        };
        s.push_str(&format!("{v:0len$}"));
        p = &p[len..];
    }
    s
}

/// A valid value for `spec`, from the random numbers `r` gives.
pub fn value_for(spec: &Spec, r: &mut impl FnMut(u32) -> u32, no_paren: bool) -> String {
    let mut v = String::new();
    for (i, part) in spec.parts.iter().enumerate() {
        let last = i + 1 == spec.parts.len();
        if part.optional && last && r(2) == 0 {
            break;
        }
        v.push_str(&part_value(part, r, no_paren));
    }
    v
}

fn part_value(part: &Part, r: &mut impl FnMut(u32) -> u32, no_paren: bool) -> String {
    if part.minus {
        return "-".into();
    }
    let len = part.min + r((part.max - part.min + 1) as u32) as usize;
    match part.check {
        Some(Check::Zero) => "0".repeat(len),
        Some(Check::YesNo) => r(2).to_string(),
        Some(Check::Alpha2) => (0..2).map(|_| char::from(b'A' + r(26) as u8)).collect(),
        Some(Check::Slash) => "/".into(),
        Some(Check::Date(p)) => {
            let d = date_digits(p, r);
            // `mmss` may be minutes alone.
            if p == "mmss" && len <= 2 {
                d[..2].to_string()
            } else {
                d
            }
        }
        Some(Check::Csum) => {
            let payload: String = (0..len - 1).map(|_| char::from(b'0' + r(10) as u8)).collect();
            let check = triage_scan::check::gs1_check_digit(&payload).unwrap();
            format!("{payload}{check}")
        }
        _ => {
            let chars: Vec<char> = charset_chars(part.set)
                .into_iter()
                .filter(|c| !(no_paren && (*c == '(' || *c == ')')))
                // `=` pads the end of base64url only.
                .filter(|c| !(part.set == Charset::Z && *c == '='))
                .collect();
            (0..len).map(|_| chars[r(chars.len() as u32) as usize]).collect()
        }
    }
}
