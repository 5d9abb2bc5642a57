//! One AI's data checked against its format: lengths, characters, checks.

use super::ai::{Charset, Check, Part, Spec};
use super::{Element, Gs1Error};
use triage_core::gtin::gs1_check_digit;

/// Checks `value` as the data of `spec`; `at` is the position of its first
/// character in the message (for the error).
pub fn element(spec: &Spec, value: &str, at: usize) -> Result<Element, Gs1Error> {
    let ai = || spec.ai.clone();
    let chars: Vec<char> = value.chars().collect();
    if chars.is_empty() {
        return Err(Gs1Error::NoData { ai: ai(), at });
    }
    if let Some(n) = spec.fixed_len() {
        if chars.len() != n {
            return Err(Gs1Error::WrongLength {
                ai: ai(),
                at,
                need: n,
                len: chars.len(),
            });
        }
    } else if chars.len() > spec.max_len() {
        return Err(Gs1Error::TooLong {
            ai: ai(),
            at,
            max: spec.max_len(),
            len: chars.len(),
        });
    }
    let mut i = 0; // index into chars
    for part in &spec.parts {
        let left = chars.len() - i;
        if left == 0 && part.optional {
            break;
        }
        let take = if part.minus {
            usize::from(chars[i] == '-')
        } else if part.min == part.max {
            part.max
        } else {
            left.min(part.max)
        };
        if take > left || (take < part.min && !part.optional) {
            let need: usize = spec.parts.iter().filter(|p| !p.optional).map(|p| p.min).sum();
            return Err(Gs1Error::TooShort {
                ai: ai(),
                at,
                min: need,
                len: chars.len(),
            });
        }
        let piece = &chars[i..i + take];
        if !part.minus {
            if let Some(k) = piece.iter().position(|c| !part.set.allows(*c)) {
                return Err(Gs1Error::BadChar {
                    ai: ai(),
                    at: at + i + k,
                    ch: piece[k],
                    set: part.set.name(),
                });
            }
        }
        // Character set 64 is base64url: `=` only pads the end.
        if part.set == Charset::Z {
            if let Some(pad) = piece.iter().position(|c| *c == '=') {
                if let Some(k) = piece[pad..].iter().position(|c| *c != '=') {
                    return Err(Gs1Error::BadChar {
                        ai: ai(),
                        at: at + i + pad + k,
                        ch: piece[pad + k],
                        set: "only = may follow = in GS1 character set 64",
                    });
                }
            }
        }
        let text: String = piece.iter().collect();
        check(spec, part, &text, at + i)?;
        i += take;
    }
    if i < chars.len() && spec.parts.iter().any(|p| p.minus) {
        return Err(Gs1Error::BadChar {
            ai: ai(),
            at: at + i,
            ch: chars[i],
            set: "only a minus sign may follow the digits",
        });
    }
    if i < chars.len() {
        return Err(Gs1Error::TooLong {
            ai: ai(),
            at,
            max: i,
            len: chars.len(),
        });
    }
    Ok(Element {
        ai: spec.ai.clone(),
        value: value.to_string(),
        title: spec.title.to_string(),
        decimal: spec.decimals.map(|d| decimal(spec, value, d)),
    })
}

fn check(spec: &Spec, part: &Part, text: &str, at: usize) -> Result<(), Gs1Error> {
    let bad = |why: String| Gs1Error::BadValue {
        ai: spec.ai.clone(),
        at,
        value: text.to_string(),
        why,
    };
    match part.check {
        None | Some(Check::Dec) => Ok(()),
        Some(Check::Csum) => {
            let (payload, last) = text.split_at(text.len() - 1);
            let expected = gs1_check_digit(payload).unwrap_or(0);
            let found = last.as_bytes()[0] - b'0';
            if found == expected {
                Ok(())
            } else {
                Err(Gs1Error::CheckDigit {
                    ai: spec.ai.clone(),
                    at: at + text.len() - 1,
                    value: text.to_string(),
                    found,
                    expected,
                })
            }
        }
        Some(Check::Zero) if text.bytes().all(|b| b == b'0') => Ok(()),
        Some(Check::Zero) => Err(bad("must be 0".into())),
        Some(Check::YesNo) if text == "0" || text == "1" => Ok(()),
        Some(Check::YesNo) => Err(bad("must be 0 (no) or 1 (yes)".into())),
        Some(Check::Alpha2) if text.bytes().all(|b| b.is_ascii_uppercase()) => Ok(()),
        Some(Check::Alpha2) => Err(bad("must be a country code of two capital letters, like FR".into())),
        Some(Check::Slash) if text == "/" => Ok(()),
        Some(Check::Slash) => Err(bad("must be /".into())),
        Some(Check::Date(pattern)) => date(pattern, text).map_err(bad),
    }
}

/// Checks a date/time against a pattern such as `yymmd0` or `yymmddhh`
/// (`mmss` may be minutes alone). Two-digit years are taken in 2000–2099
/// for the leap-year rule, which gives the right answer for every yy.
fn date(pattern: &str, text: &str) -> Result<(), String> {
    #[derive(Clone, Copy, PartialEq)]
    enum F {
        Y2,
        Y4,
        Month,
        Day,
        Day0,
        Hour,
        Minute,
        Second,
    }
    use F::*;
    let fields: &[F] = match pattern {
        "yymmd0" => &[Y2, Month, Day0],
        "yymmdd" => &[Y2, Month, Day],
        "yyyymmdd" => &[Y4, Month, Day],
        "yymmddhh" => &[Y2, Month, Day, Hour],
        "yymmddhhmm" => &[Y2, Month, Day, Hour, Minute],
        "yyyymmddhhmm" => &[Y4, Month, Day, Hour, Minute],
        "hhmm" => &[Hour, Minute],
        "mmss" => &[Minute, Second],
        _ => &[],
    };
    let (mut year, mut month, mut rest) = (2000, 1, text);
    for (i, f) in fields.iter().enumerate() {
        if rest.is_empty() && pattern == "mmss" && i == 1 {
            break;
        }
        let len = if *f == Y4 { 4 } else { 2 };
        let Some(v) = rest.get(..len).and_then(|s| s.parse::<u32>().ok()) else {
            return Err(format!("does not fit the {pattern} pattern"));
        };
        rest = &rest[len..];
        match f {
            Y2 => year = 2000 + v,
            Y4 => year = v,
            Month if !(1..=12).contains(&v) => return Err(format!("month {v:02} does not exist")),
            Month => month = v,
            Day | Day0 if v > days_in(year, month) || (v == 0 && *f == Day) => {
                return Err(format!("day {v:02} is not in month {month:02}"))
            }
            Hour if v > 23 => return Err(format!("hour {v:02} does not exist")),
            Minute if v > 59 => return Err(format!("minute {v:02} does not exist")),
            Second if v > 59 => return Err(format!("second {v:02} does not exist")),
            _ => {}
        }
    }
    if rest.is_empty() {
        Ok(())
    } else {
        Err(format!("does not fit the {pattern} pattern"))
    }
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `3103` + `001250` → `1.250`; for `391n`/`393n` the ISO currency code
/// comes first and stays apart: `978` + `1234` with n=2 → `978 12.34`.
fn decimal(spec: &Spec, value: &str, places: u8) -> String {
    let (prefix, digits) = match spec.parts.first() {
        Some(first) if spec.parts.len() > 1 && first.set == Charset::N && first.check.is_none() => {
            value.split_at(first.max.min(value.len()))
        }
        _ => ("", value),
    };
    let places = usize::from(places);
    let digits = digits.trim_start_matches('0');
    let padded = format!("{digits:0>width$}", width = places + 1);
    let (int, frac) = padded.split_at(padded.len() - places);
    let number = if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    };
    if prefix.is_empty() {
        number
    } else {
        format!("{prefix} {number}")
    }
}
