//! Identifiers the warehouse prints and scans.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("a return number is RMA followed by 6 to 10 digits (e.g. RMA0012345); got {0:?}")]
    ReturnNumber(String),
    #[error("an LPN is LPN followed by 10 digits (e.g. LPN0010000042); got {0:?}")]
    Lpn(String),
}

fn is_prefixed_digits(v: &str, prefix: &str, min: usize, max: usize) -> bool {
    v.strip_prefix(prefix)
        .is_some_and(|rest| (min..=max).contains(&rest.len()) && rest.chars().all(|c| c.is_ascii_digit()))
}

/// The return merchandise authorisation number the shop issued (e.g. `RMA0012345`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(try_from = "String", into = "String")]
pub struct ReturnNumber(String);

impl ReturnNumber {
    pub fn parse(value: &str) -> Result<Self, IdError> {
        let v = value.trim().to_ascii_uppercase();
        if is_prefixed_digits(&v, "RMA", 6, 10) {
            Ok(ReturnNumber(v))
        } else {
            Err(IdError::ReturnNumber(value.to_string()))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// License plate number: the identity of one physical unit from inspection on.
/// `LPN` + 3-digit bench number + 7-digit sequence of that bench, so two benches
/// of a site never issue the same one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(try_from = "String", into = "String")]
pub struct Lpn(String);

impl Lpn {
    pub fn parse(value: &str) -> Result<Self, IdError> {
        let v = value.trim().to_ascii_uppercase();
        if is_prefixed_digits(&v, "LPN", 10, 10) {
            Ok(Lpn(v))
        } else {
            Err(IdError::Lpn(value.to_string()))
        }
    }

    /// The LPN for the `sequence`-th unit labelled at bench number `bench` (0–999).
    pub fn issue(bench: u16, sequence: u32) -> Lpn {
        Lpn(format!("LPN{:03}{:07}", bench % 1000, sequence % 10_000_000))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! string_id_impls {
    ($t:ty) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl TryFrom<String> for $t {
            type Error = IdError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                <$t>::parse(&value)
            }
        }
        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.0
            }
        }
    };
}
string_id_impls!(ReturnNumber);
string_id_impls!(Lpn);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_numbers_are_normalised_and_checked() {
        assert_eq!(ReturnNumber::parse(" rma0012345 ").unwrap().as_str(), "RMA0012345");
        assert!(ReturnNumber::parse("RMA12").is_err());
        assert!(ReturnNumber::parse("RMX0012345").is_err());
    }

    #[test]
    fn lpn_issue_round_trips_through_parse() {
        let lpn = Lpn::issue(1, 42);
        assert_eq!(lpn.as_str(), "LPN0010000042");
        assert_eq!(Lpn::parse("lpn0010000042").unwrap(), lpn);
        assert!(Lpn::parse("LPN42").is_err());
    }
}
