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
    from_text(&path.display().to_string(), &text)
}

/// Checks a rule set's text (from a file or from central).
pub fn from_text(source: &str, text: &str) -> Result<(RuleSet, String)> {
    let set = RuleSet::from_text(source, text).map_err(refused)?;
    Ok((set, text.to_string()))
}

/// Keeps the set's text and puts it in force in the bench's database.
pub async fn remember(
    store: &Store,
    set: &RuleSet,
    source: &str,
    text: &str,
    by: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    let stored = StoredRuleSet {
        hash: set.hash.clone(),
        version: set.version.clone(),
        source: source.to_string(),
        text: text.to_string(),
    };
    Ok(store.put_rules_in_force(&stored, by, at).await?)
}

/// The site file the bench put in force last, or the built-in set. A stored site
/// set that no longer passes the checks (a newer bench may check more) is not
/// replaced: the built-in set decides meanwhile, and every start says why until an
/// admin loads a fixed file.
pub(crate) async fn in_force(store: &Store, at: DateTime<Utc>) -> Result<Rules> {
    let built_in = RuleSet::from_toml("assets/rules/default.toml", DEFAULT_RULES).map_err(refused)?;
    // The built-in set is whatever this build carries, not what an older one stored.
    let stored = store.rules_in_force().await?;
    let built_in_in_force = stored.as_ref().is_some_and(|s| s.hash == built_in.hash);
    if let Some(stored) = stored.filter(|s| s.source != BUILT_IN) {
        match RuleSet::from_text(&stored.source, &stored.text) {
            Ok(set) => {
                return Ok(Rules {
                    set: Arc::new(set),
                    source: stored.source,
                    refused: None,
                })
            }
            Err(e) => {
                // Kept, not put in force: decisions made meanwhile name a set the bench has.
                let text = StoredRuleSet {
                    hash: built_in.hash.clone(),
                    version: built_in.version.clone(),
                    source: BUILT_IN.into(),
                    text: DEFAULT_RULES.into(),
                };
                store.keep_rule_set(&text, at).await?;
                return Ok(Rules {
                    set: Arc::new(built_in),
                    source: BUILT_IN.into(),
                    refused: Some(format!(
                        "{e}\nthe site's rules ({}) no longer pass the checks: the built-in rules decide until a fixed file is loaded",
                        stored.source
                    )),
                });
            }
        }
    }
    // Recorded (and audited) when this build's set is new to the bench, not at every start.
    if !built_in_in_force {
        remember(store, &built_in, BUILT_IN, DEFAULT_RULES, crate::SYSTEM, at).await?;
    }
    Ok(Rules {
        set: Arc::new(built_in),
        source: BUILT_IN.into(),
        refused: None,
    })
}
