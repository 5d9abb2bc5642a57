//! Which rule set is in force: the built-in default, or a site's file that
//! passed every check. A refused file never replaces the set in force.

use crate::bench::Rules;
use crate::{AppError, ErrorCode, Result};
use chrono::{DateTime, Utc};
use std::path::Path;
use std::sync::Arc;
use triage_core::RuleSet;
use triage_store::{Store, StoredRuleSet};

/// The default rule set, compiled in so a new bench works at once.
pub const DEFAULT_RULES: &str = include_str!("../../../../assets/rules/default.toml");
const BUILT_IN: &str = "built-in";

fn refused(e: impl std::fmt::Display) -> AppError {
    AppError::new(
        ErrorCode::Rules,
        format!("{e}\nthe rule file was refused and the rules in force stay; fix it and load it again"),
    )
}

/// Reads and checks a rule file.
pub fn load_file(path: &Path) -> Result<(RuleSet, String)> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        AppError::new(
            ErrorCode::Rules,
            format!(
                "cannot read the rule file {}: {e}; check the path (the rules in force stay)",
                path.display()
            ),
        )
    })?;
    let set = RuleSet::from_toml(&path.display().to_string(), &text).map_err(refused)?;
    Ok((set, text))
}

/// Keeps the set's text and puts it in force in the bench's database.
pub async fn remember(store: &Store, set: &RuleSet, source: &str, text: &str, at: DateTime<Utc>) -> Result<()> {
    let stored = StoredRuleSet {
        hash: set.hash.clone(),
        version: set.version.clone(),
        source: source.to_string(),
        text: text.to_string(),
    };
    Ok(store.put_rules_in_force(&stored, at).await?)
}

/// The site file the bench put in force last, or the built-in set. A stored set
/// that no longer passes the checks (a newer bench may check more) gives way
/// to the built-in set, and says so.
pub(crate) async fn in_force(store: &Store, at: DateTime<Utc>) -> Result<Rules> {
    let built_in = || RuleSet::from_toml("assets/rules/default.toml", DEFAULT_RULES).map_err(refused);
    let mut refused_note = None;
    // The built-in set is whatever this build carries, not what an older one stored.
    if let Some(stored) = store.rules_in_force().await?.filter(|s| s.source != BUILT_IN) {
        match RuleSet::from_toml(&stored.source, &stored.text) {
            Ok(set) => {
                return Ok(Rules {
                    set: Arc::new(set),
                    source: stored.source,
                    refused: None,
                })
            }
            Err(e) => refused_note = Some(format!("{e}\nthe built-in rules are in force instead")),
        }
    }
    let set = built_in()?;
    remember(store, &set, BUILT_IN, DEFAULT_RULES, at).await?;
    Ok(Rules {
        set: Arc::new(set),
        source: BUILT_IN.into(),
        refused: refused_note,
    })
}
