//! The site's own codes — return numbers, LPNs, badges, bin locations — by
//! patterns a site can set in a small TOML file:
//!
//! ```toml
//! badge = "EMP[0-9]{4,8}"
//! location = "[A-Z]-[0-9]{2}-[0-9]{2}"
//! ```
//!
//! A pattern is a regular expression over the whole scan, uppercased and
//! with whitespace removed (`^` and `$` are implied).

use crate::ScanKind;
use regex::Regex;
use serde::Deserialize;

/// Patterns of the site's codes, tried in this order.
#[derive(Debug, Clone)]
pub struct SiteCodes {
    patterns: Vec<(ScanKind, Regex, String)>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteCodesFile {
    return_number: Option<String>,
    lpn: Option<String>,
    badge: Option<String>,
    location: Option<String>,
}

/// The defaults: the return numbers and LPNs the bench issues and imports,
/// `EMP` + 4–8 digits on badges, `LOC-` + up to five dash-separated parts on bins.
pub const DEFAULT_RETURN_NUMBER: &str = "RMA[0-9]{6,10}";
pub const DEFAULT_LPN: &str = "LPN[0-9]{10}";
pub const DEFAULT_BADGE: &str = "EMP[0-9]{4,8}";
pub const DEFAULT_LOCATION: &str = "LOC-[A-Z0-9]{1,6}(-[A-Z0-9]{1,6}){0,4}";

impl Default for SiteCodes {
    fn default() -> Self {
        SiteCodes::new(DEFAULT_RETURN_NUMBER, DEFAULT_LPN, DEFAULT_BADGE, DEFAULT_LOCATION)
            .unwrap_or_else(|e| panic!("default site patterns: {e}"))
    }
}

impl SiteCodes {
    pub fn new(return_number: &str, lpn: &str, badge: &str, location: &str) -> Result<SiteCodes, String> {
        let mut patterns = Vec::new();
        for (kind, name, p) in [
            (ScanKind::ReturnNumber, "return_number", return_number),
            (ScanKind::Lpn, "lpn", lpn),
            (ScanKind::Badge, "badge", badge),
            (ScanKind::Location, "location", location),
        ] {
            // Compiled alone first, so an error points into the pattern as written.
            Regex::new(p).map_err(|e| format!("{name} = {p:?}: {e}"))?;
            let re = Regex::new(&format!("^(?:{p})$")).map_err(|e| format!("{name} = {p:?}: {e}"))?;
            patterns.push((kind, re, p.to_string()));
        }
        Ok(SiteCodes { patterns })
    }

    /// Reads a site file; fields left out keep their defaults.
    pub fn from_toml(text: &str) -> Result<SiteCodes, String> {
        let f: SiteCodesFile = toml::from_str(text).map_err(|e| e.to_string())?;
        SiteCodes::new(
            f.return_number.as_deref().unwrap_or(DEFAULT_RETURN_NUMBER),
            f.lpn.as_deref().unwrap_or(DEFAULT_LPN),
            f.badge.as_deref().unwrap_or(DEFAULT_BADGE),
            f.location.as_deref().unwrap_or(DEFAULT_LOCATION),
        )
    }

    /// The kind of site code `value` (compacted, uppercase) is, if any.
    pub fn kind_of(&self, value: &str) -> Option<ScanKind> {
        self.patterns
            .iter()
            .find(|(_, re, _)| re.is_match(value))
            .map(|(k, _, _)| *k)
    }

    /// The pattern in force for a kind, as written.
    pub fn pattern(&self, kind: ScanKind) -> Option<&str> {
        self.patterns
            .iter()
            .find(|(k, _, _)| *k == kind)
            .map(|(_, _, p)| p.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_know_the_benchs_own_codes() {
        let s = SiteCodes::default();
        assert_eq!(s.kind_of("RMA0012345"), Some(ScanKind::ReturnNumber));
        assert_eq!(s.kind_of("LPN0010000042"), Some(ScanKind::Lpn));
        assert_eq!(s.kind_of("EMP1042"), Some(ScanKind::Badge));
        assert_eq!(s.kind_of("LOC-A-01-02"), Some(ScanKind::Location));
        assert_eq!(s.kind_of("RMA12"), None);
        assert_eq!(s.kind_of("XEMP1042"), None, "patterns hold for the whole scan");
    }

    #[test]
    fn a_site_file_changes_what_it_names_and_refuses_bad_patterns() {
        let s = SiteCodes::from_toml("badge = \"B[0-9]{6}\"\nlocation = \"[A-Z]-[0-9]{2}-[0-9]{2}\"").unwrap();
        assert_eq!(s.kind_of("B123456"), Some(ScanKind::Badge));
        assert_eq!(s.kind_of("C-04-11"), Some(ScanKind::Location));
        assert_eq!(s.kind_of("EMP1042"), None);
        assert_eq!(s.kind_of("RMA0012345"), Some(ScanKind::ReturnNumber));
        let e = SiteCodes::from_toml("badge = \"B[0-9\"").unwrap_err();
        assert!(e.starts_with("badge = \"B[0-9\": regex parse error"), "{e}");
        let e = SiteCodes::from_toml("bin = \"X\"").unwrap_err();
        assert!(e.contains("unknown field `bin`"), "{e}");
    }
}
