//! GS1 element strings: what a GS1-128, GS1 DataMatrix, GS1 QR or GS1
//! DataBar carries (`01…<GS>21…`), the human-readable bracketed form
//! (`(01)…(21)…`) and GS1 Digital Link URIs.
//!
//! Every element is checked against GS1's AI table: length, character set,
//! check digit, date, and the decimal-place digit of `310n`-style AIs.

pub mod ai;
pub mod link;
mod value;

pub use link::parse_digital_link;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// ASCII group separator: how a scanner sends FNC1 between fields.
pub const GS: char = '\u{1d}';

/// One AI and its data, in the order the barcode holds them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Element {
    pub ai: String,
    pub value: String,
    /// GS1's short title of the AI, like `BATCH/LOT`.
    pub title: String,
    /// For AIs with an implied decimal point (`3103`, `3922`…): the value as
    /// a decimal number, like `1.250`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub decimal: Option<String>,
}

/// Why a GS1 message is not valid. Positions count characters from 1,
/// in the message after the symbology identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Gs1Error {
    #[error("the GS1 barcode holds no data")]
    Empty,
    #[error("no GS1 Application Identifier starts with \"{found}\" (position {at})")]
    UnknownAi { at: usize, found: String },
    #[error("AI ({ai}) needs {need} characters but the data ends after {have} (position {at})")]
    Truncated {
        ai: String,
        at: usize,
        need: usize,
        have: usize,
    },
    #[error("AI ({ai}) has no data (position {at})")]
    NoData { ai: String, at: usize },
    #[error("AI ({ai}) holds {need} characters, found {len} (position {at})")]
    WrongLength {
        ai: String,
        at: usize,
        need: usize,
        len: usize,
    },
    #[error("AI ({ai}) holds at most {max} characters, found {len} (position {at}); is an FNC1 separator missing?")]
    TooLong {
        ai: String,
        at: usize,
        max: usize,
        len: usize,
    },
    #[error("AI ({ai}) needs at least {min} characters, found {len} (position {at})")]
    TooShort {
        ai: String,
        at: usize,
        min: usize,
        len: usize,
    },
    #[error("AI ({ai}): {ch:?} at position {at} is not allowed ({set})")]
    BadChar {
        ai: String,
        at: usize,
        ch: char,
        set: &'static str,
    },
    #[error("AI ({ai}) {value}: check digit {found}, expected {expected} (position {at})")]
    CheckDigit {
        ai: String,
        at: usize,
        value: String,
        found: u8,
        expected: u8,
    },
    #[error("AI ({ai}) {value}: {why} (position {at})")]
    BadValue {
        ai: String,
        at: usize,
        value: String,
        why: String,
    },
    #[error("AI ({ai}) appears twice with different data: {first} and {second}")]
    Conflict { ai: String, first: String, second: String },
    #[error("bracketed GS1 data must start with an AI in brackets, like (01); found {found:?}")]
    Bracket { found: String },
    #[error("{0}")]
    Link(String),
}

/// Parses a GS1 element string as a scanner sends it: AIs and data run
/// together, with GS (FNC1) after each variable-length field that is not last.
/// A leading FNC1 (some scanners send it) is skipped.
pub fn parse_element_string(data: &str) -> Result<Vec<Element>, Gs1Error> {
    let table = ai::table();
    let data = data.strip_prefix(GS).unwrap_or(data);
    let trimmed = data.trim_end_matches(GS);
    if trimmed.is_empty() {
        return Err(Gs1Error::Empty);
    }
    let mut out: Vec<Element> = Vec::new();
    let mut pos = 0; // byte offset
    while pos < trimmed.len() {
        let rest = &trimmed[pos..];
        let at = char_pos(trimmed, pos);
        let Some(spec) = table.lookup_prefix(rest) else {
            let found: String = rest.chars().take_while(|c| *c != GS).take(4).collect();
            return Err(Gs1Error::UnknownAi { at, found });
        };
        let start = pos + spec.ai.len();
        let field = &trimmed[start..];
        let end = match spec.fixed_len() {
            Some(n) => {
                let have = field.chars().take_while(|c| *c != GS).count();
                if have < n {
                    return Err(Gs1Error::Truncated {
                        ai: spec.ai.clone(),
                        at: at + spec.ai.len(),
                        need: n,
                        have,
                    });
                }
                start + field.char_indices().nth(n).map_or(field.len(), |(i, _)| i)
            }
            None => start + field.find(GS).unwrap_or(field.len()),
        };
        let value = &trimmed[start..end];
        push(&mut out, value::element(spec, value, at + spec.ai.len())?)?;
        pos = end;
        if trimmed[pos..].starts_with(GS) {
            pos += GS.len_utf8();
        }
    }
    Ok(out)
}

/// Parses the bracketed human-readable form, `(01)09506000134352(21)ABC`.
/// A value ends where the next `(` opens a bracketed AI of the table, so
/// `(10)AB(12)` is one lot number only if (12) were not an AI.
pub fn parse_bracketed(data: &str) -> Result<Vec<Element>, Gs1Error> {
    let table = ai::table();
    let data = data.trim();
    if !data.starts_with('(') {
        return Err(Gs1Error::Bracket {
            found: data.chars().take(8).collect(),
        });
    }
    let mut starts = Vec::new(); // (byte index of '(', ai)
    for (i, _) in data.match_indices('(') {
        if let Some(close) = data[i + 1..].find(')') {
            let ai = &data[i + 1..i + 1 + close];
            let known = i == 0 || table.get(ai).is_some();
            if known && (2..=4).contains(&ai.len()) && ai.bytes().all(|b| b.is_ascii_digit()) {
                starts.push((i, ai));
            }
        }
    }
    if starts.first().map(|s| s.0) != Some(0) {
        return Err(Gs1Error::Bracket {
            found: data.chars().take(8).collect(),
        });
    }
    let mut out: Vec<Element> = Vec::new();
    for (k, &(i, ai)) in starts.iter().enumerate() {
        let at = char_pos(data, i) + 1;
        let value_start = i + ai.len() + 2;
        let value_end = starts.get(k + 1).map_or(data.len(), |n| n.0);
        let spec = table.get(ai).ok_or_else(|| Gs1Error::UnknownAi {
            at,
            found: ai.to_string(),
        })?;
        let value = &data[value_start..value_end];
        push(&mut out, value::element(spec, value, char_pos(data, value_start))?)?;
    }
    Ok(out)
}

/// The human-readable form of elements: `(01)09506000134352(21)ABC`.
pub fn bracketed(elements: &[Element]) -> String {
    elements.iter().map(|e| format!("({}){}", e.ai, e.value)).collect()
}

/// The element string a GS1-128 carries: FNC1 (GS) after every field whose
/// length is not predefined, except the last.
pub fn element_string(elements: &[Element]) -> String {
    let table = ai::table();
    let mut s = String::new();
    for (i, e) in elements.iter().enumerate() {
        s.push_str(&e.ai);
        s.push_str(&e.value);
        let predefined = table.get(&e.ai).is_some_and(|spec| spec.predefined());
        if !predefined && i + 1 < elements.len() {
            s.push(GS);
        }
    }
    s
}

/// Adds an element; the same AI twice must carry the same data (GS1 7.8.4).
fn push(out: &mut Vec<Element>, e: Element) -> Result<(), Gs1Error> {
    if let Some(prev) = out.iter().find(|p| p.ai == e.ai) {
        if prev.value != e.value {
            return Err(Gs1Error::Conflict {
                ai: e.ai,
                first: prev.value.clone(),
                second: e.value,
            });
        }
        return Ok(());
    }
    out.push(e);
    Ok(())
}

/// 1-based character position of a byte offset.
fn char_pos(s: &str, byte: usize) -> usize {
    s[..byte].chars().count() + 1
}

#[cfg(test)]
mod tests;
