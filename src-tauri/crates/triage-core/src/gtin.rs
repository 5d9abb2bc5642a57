//! GTIN-8/12/13/14 with the GS1 mod-10 check digit.

use serde::{Deserialize, Serialize};
use std::fmt;

/// GS1 mod-10 check digit over `digits` (the payload without its check digit).
/// Weights alternate 3,1 starting from the rightmost payload digit.
pub fn gs1_check_digit(digits: &str) -> Option<u8> {
    let mut sum = 0u32;
    for (i, c) in digits.chars().rev().enumerate() {
        let d = c.to_digit(10)?;
        sum += if i % 2 == 0 { d * 3 } else { d };
    }
    Some(((10 - sum % 10) % 10) as u8)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GtinError {
    #[error("a GTIN has 8, 12, 13 or 14 digits; {0:?} has {1}")]
    Length(String, usize),
    #[error("a GTIN has only digits; {0:?} has other characters")]
    NotDigits(String),
    #[error("{value:?} has a bad check digit (expected {expected}, found {found})")]
    CheckDigit { value: String, expected: u8, found: u8 },
}

/// A trade item number whose check digit has been verified.
/// Stored as scanned (8, 12, 13 or 14 digits); compare with [`Gtin::as_gtin14`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(try_from = "String", into = "String")]
pub struct Gtin(String);

impl Gtin {
    pub fn parse(value: &str) -> Result<Self, GtinError> {
        let v = value.trim();
        if !v.chars().all(|c| c.is_ascii_digit()) {
            return Err(GtinError::NotDigits(v.to_string()));
        }
        if ![8, 12, 13, 14].contains(&v.len()) {
            return Err(GtinError::Length(v.to_string(), v.len()));
        }
        let (payload, check) = v.split_at(v.len() - 1);
        let expected = gs1_check_digit(payload).unwrap_or(0);
        let found = check.as_bytes()[0] - b'0';
        if expected != found {
            return Err(GtinError::CheckDigit {
                value: v.to_string(),
                expected,
                found,
            });
        }
        Ok(Gtin(v.to_string()))
    }

    /// Completes a payload (7, 11, 12 or 13 digits) with its check digit.
    pub fn from_payload(payload: &str) -> Result<Self, GtinError> {
        let check = gs1_check_digit(payload).ok_or(GtinError::NotDigits(payload.to_string()))?;
        Gtin::parse(&format!("{payload}{check}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 14-digit form (left-padded with zeros): equal items compare equal.
    pub fn as_gtin14(&self) -> String {
        format!("{:0>14}", self.0)
    }
}

impl fmt::Display for Gtin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Gtin {
    type Error = GtinError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Gtin::parse(&value)
    }
}

impl From<Gtin> for String {
    fn from(g: Gtin) -> String {
        g.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_gtins_validate() {
        // GS1 examples: EAN-13 and UPC-A and GTIN-8 printed on real packs.
        for ok in ["4006381333931", "036000291452", "96385074", "10614141000415"] {
            assert!(Gtin::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn bad_check_digit_names_both_digits() {
        let err = Gtin::parse("4006381333932").unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"4006381333932\" has a bad check digit (expected 1, found 2)"
        );
    }

    #[test]
    fn wrong_length_and_letters_are_refused() {
        assert!(matches!(Gtin::parse("12345"), Err(GtinError::Length(_, 5))));
        assert!(matches!(Gtin::parse("40063813339A1"), Err(GtinError::NotDigits(_))));
    }

    #[test]
    fn gtin14_padding_makes_upc_and_ean_forms_equal() {
        let upc = Gtin::parse("036000291452").unwrap();
        let ean = Gtin::parse("0036000291452").unwrap();
        assert_eq!(upc.as_gtin14(), ean.as_gtin14());
    }

    proptest::proptest! {
        #[test]
        fn from_payload_always_parses(p in "[0-9]{12}") {
            let g = Gtin::from_payload(&p).unwrap();
            proptest::prop_assert_eq!(&g.as_str()[..12], p.as_str());
        }
    }
}
