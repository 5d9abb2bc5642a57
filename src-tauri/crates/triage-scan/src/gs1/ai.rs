//! The GS1 Application Identifier table (`ai-table.txt`), read once.

use std::sync::OnceLock;

/// Which characters a component may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charset {
    /// Digits.
    N,
    /// GS1 character set 82.
    X,
    /// GS1 character set 39.
    Y,
    /// GS1 character set 64 (base64url, `=` padding).
    Z,
}

impl Charset {
    pub fn allows(self, c: char) -> bool {
        match self {
            Charset::N => c.is_ascii_digit(),
            Charset::X => c.is_ascii_alphanumeric() || matches!(c, '!' | '"' | '%'..='/' | ':'..='?' | '_'),
            Charset::Y => c.is_ascii_digit() || c.is_ascii_uppercase() || matches!(c, '#' | '-' | '/'),
            Charset::Z => c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '='),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Charset::N => "digits only",
            Charset::X => "GS1 character set 82",
            Charset::Y => "GS1 character set 39",
            Charset::Z => "GS1 character set 64",
        }
    }
}

/// A check on one component's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Csum,
    Zero,
    YesNo,
    /// Two capital letters: an ISO 3166 alpha-2 country code.
    Alpha2,
    /// The character `/`.
    Slash,
    Dec,
    /// A date or time; the pattern is the linter's name, like `yymmd0`.
    Date(&'static str),
}

/// One component of an AI's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub set: Charset,
    pub min: usize,
    pub max: usize,
    pub optional: bool,
    /// `[-]`: an optional minus sign.
    pub minus: bool,
    pub check: Option<Check>,
}

/// One Application Identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    pub ai: String,
    pub title: &'static str,
    pub parts: Vec<Part>,
    /// For `310n`-style AIs: the number of decimal places (`n`).
    pub decimals: Option<u8>,
}

impl Spec {
    /// The exact length of the data when every part is fixed and required.
    pub fn fixed_len(&self) -> Option<usize> {
        self.parts.iter().try_fold(0, |n, p| {
            (p.min == p.max && !p.optional && !p.minus).then_some(n + p.max)
        })
    }

    pub fn max_len(&self) -> usize {
        self.parts.iter().map(|p| p.max).sum()
    }

    /// Whether GS1 fixes this AI's length by its first two digits, so that
    /// no FNC1 separator follows it (GS1 General Specifications 7.8.5).
    pub fn predefined(&self) -> bool {
        PREDEFINED.contains(&&self.ai[..2])
    }
}

const PREDEFINED: [&str; 22] = [
    "00", "01", "02", "03", "04", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "31", "32", "33", "34",
    "35", "36", "41",
];

/// The table, indexed by 2-, 3- and 4-digit AI.
pub struct Table {
    pub specs: Vec<Spec>,
    index: Vec<u16>,
}

const NONE: u16 = u16::MAX;

/// Slots: 2-digit AIs at 0..100, 3-digit at 100..1100, 4-digit at 1100..11100.
fn slot(ai: &str) -> Option<usize> {
    let n: usize = ai.parse().ok()?;
    match ai.len() {
        2 => Some(n),
        3 => Some(100 + n),
        4 => Some(1100 + n),
        _ => None,
    }
}

impl Table {
    /// The AI that `data` starts with, if any.
    pub fn lookup_prefix(&self, data: &str) -> Option<&Spec> {
        let b = data.as_bytes();
        for len in 2..=4 {
            if b.len() < len || !b[len - 1].is_ascii_digit() || !b[0].is_ascii_digit() {
                return None;
            }
            if let Some(spec) = self.get(&data[..len]) {
                return Some(spec);
            }
        }
        None
    }

    pub fn get(&self, ai: &str) -> Option<&Spec> {
        if !ai.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let i = *self.index.get(slot(ai)?)?;
        (i != NONE).then(|| &self.specs[i as usize])
    }
}

/// The table, parsed on first use. The text is part of the binary and
/// checked by a test, so a parse failure is a build defect.
pub fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| parse_table(include_str!("ai-table.txt")).unwrap_or_else(|e| panic!("ai-table.txt: {e}")))
}

pub fn parse_table(text: &'static str) -> Result<Table, String> {
    let mut specs = Vec::new();
    for (no, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let spec_of = |ai: String, decimals: Option<u8>| -> Result<Spec, String> {
            let mut parts = Vec::new();
            let mut rest = line.split_once(' ').map_or("", |(_, r)| r).trim_start();
            while let Some((word, after)) = rest.split_once(' ').or(Some((rest, ""))) {
                match parse_part(word) {
                    Some(p) => parts.push(p),
                    None => break,
                }
                rest = after.trim_start();
            }
            if parts.is_empty() {
                return Err(format!("line {}: no data format", no + 1));
            }
            let has_dec = parts.iter().any(|p| p.check == Some(Check::Dec));
            Ok(Spec {
                ai,
                title: rest,
                parts,
                decimals: if has_dec { decimals } else { None },
            })
        };
        let ai = line.split(' ').next().unwrap_or_default();
        if let Some((stem, range)) = ai.split_once('[') {
            let range = range.trim_end_matches(']');
            let (lo, hi) = range
                .split_once('-')
                .ok_or(format!("line {}: bad range {ai}", no + 1))?;
            let (lo, hi): (u8, u8) = (
                lo.parse().map_err(|_| format!("line {}: bad range", no + 1))?,
                hi.parse().map_err(|_| format!("line {}: bad range", no + 1))?,
            );
            for n in lo..=hi {
                specs.push(spec_of(format!("{stem}{n}"), Some(n))?);
            }
        } else {
            specs.push(spec_of(ai.to_string(), None)?);
        }
    }
    let mut index = vec![NONE; 11_100];
    for (i, s) in specs.iter().enumerate() {
        let at = slot(&s.ai).ok_or(format!("AI {} is not 2 to 4 digits", s.ai))?;
        if index[at] != NONE {
            return Err(format!("AI {} twice", s.ai));
        }
        index[at] = i as u16;
    }
    // GS1 chose AIs so that none is the start of another: parsing depends on it.
    for s in &specs {
        for len in 2..s.ai.len() {
            if slot(&s.ai[..len]).is_some_and(|at| index[at] != NONE) {
                return Err(format!("AI {} starts with AI {}", s.ai, &s.ai[..len]));
            }
        }
    }
    Ok(Table { specs, index })
}

/// `N14:csum`, `X..20`, `[N6:yymmdd]`, `[-]` → a part; `None` for a word
/// that is not one (the title starts there).
fn parse_part(word: &str) -> Option<Part> {
    let (optional, word) = match word.strip_prefix('[') {
        Some(inner) => (true, inner.strip_suffix(']')?),
        None => (false, word),
    };
    if optional && word == "-" {
        return Some(Part {
            set: Charset::N,
            min: 0,
            max: 1,
            optional: true,
            minus: true,
            check: None,
        });
    }
    let (body, check) = match word.split_once(':') {
        Some((b, c)) => (b, Some(parse_check(c)?)),
        None => (word, None),
    };
    let set = match body.chars().next()? {
        'N' => Charset::N,
        'X' => Charset::X,
        'Y' => Charset::Y,
        'Z' => Charset::Z,
        _ => return None,
    };
    let len = &body[1..];
    let (min, max) = match len.strip_prefix("..") {
        Some(max) => (1, max.parse().ok()?),
        None => {
            let n = len.parse().ok()?;
            (n, n)
        }
    };
    Some(Part {
        set,
        min,
        max,
        optional,
        minus: false,
        check,
    })
}

fn parse_check(name: &str) -> Option<Check> {
    Some(match name {
        "csum" => Check::Csum,
        "zero" => Check::Zero,
        "yesno" => Check::YesNo,
        "alpha2" => Check::Alpha2,
        "slash" => Check::Slash,
        "dec" => Check::Dec,
        "yymmd0" => Check::Date("yymmd0"),
        "yymmdd" => Check::Date("yymmdd"),
        "yyyymmdd" => Check::Date("yyyymmdd"),
        "yymmddhh" => Check::Date("yymmddhh"),
        "yymmddhhmm" => Check::Date("yymmddhhmm"),
        "yyyymmddhhmm" => Check::Date("yyyymmddhhmm"),
        "hhmm" => Check::Date("hhmm"),
        "mmss" => Check::Date("mmss"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_and_knows_the_common_ais() {
        let t = table();
        // 232 lines, 58 of them families of 4 to 10 AIs.
        assert_eq!(t.specs.len(), 541);
        let gtin = t.get("01").unwrap();
        assert_eq!(gtin.fixed_len(), Some(14));
        assert!(gtin.predefined());
        assert_eq!(gtin.title, "GTIN");
        assert_eq!(gtin.parts[0].check, Some(Check::Csum));
        let serial = t.get("21").unwrap();
        assert_eq!((serial.fixed_len(), serial.max_len()), (None, 20));
        assert!(!serial.predefined());
        let weight = t.get("3103").unwrap();
        assert_eq!((weight.decimals, weight.title), (Some(3), "NET WEIGHT (kg)"));
        assert!(t.get("3106").is_none());
        assert_eq!(t.get("4330").unwrap().parts.len(), 2);
        assert_eq!(
            t.get("8110").unwrap().title,
            "Coupon code identification for use in North America"
        );
    }

    #[test]
    fn prefixes_find_the_ai_of_any_length() {
        let t = table();
        assert_eq!(t.lookup_prefix("0109506000134352").map(|s| s.ai.as_str()), Some("01"));
        assert_eq!(t.lookup_prefix("2531234").map(|s| s.ai.as_str()), Some("253"));
        assert_eq!(t.lookup_prefix("8003012").map(|s| s.ai.as_str()), Some("8003"));
        assert_eq!(t.lookup_prefix("2"), None);
        assert_eq!(t.lookup_prefix("23"), None);
        assert_eq!(t.lookup_prefix("A1"), None);
    }

    #[test]
    fn character_sets_are_gs1s() {
        for c in "!\"%&'()*+,-./:;<=>?_aZ09".chars() {
            assert!(Charset::X.allows(c), "{c}");
        }
        for c in "#$@[\\]^`{|}~ é".chars() {
            assert!(!Charset::X.allows(c), "{c}");
        }
        assert!(Charset::Y.allows('#') && !Charset::Y.allows('a'));
        assert!(Charset::Z.allows('=') && !Charset::Z.allows('+'));
    }
}
