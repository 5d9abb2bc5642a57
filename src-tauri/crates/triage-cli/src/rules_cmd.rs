//! `triage rules …` and `triage grade`: rule files checked and tried without a bench.

use std::collections::BTreeMap;
use std::path::Path;
use triage_core::rules::{Answer, Facts, RuleSet};

fn read(file: &Path) -> Result<String, String> {
    std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}; check the path", file.display()))
}

/// Loads a rule file, printing every diagnostic on its own line when refused.
fn load(file: &Path) -> Result<RuleSet, String> {
    let text = read(file)?;
    RuleSet::from_text(&file.display().to_string(), &text).map_err(|e| {
        for d in &e.diagnostics {
            eprintln!("{d}");
        }
        let n = e.diagnostics.len();
        format!(
            "{} was refused ({n} problem{}); fix the lines above and check it again",
            file.display(),
            if n == 1 { "" } else { "s" }
        )
    })
}

/// `triage rules check FILE`
pub fn check(file: &Path) -> Result<(), String> {
    let set = load(file)?;
    let grading: usize = set.checklists.iter().map(|c| c.grading.len()).sum();
    let questions: usize = set.checklists.iter().map(|c| c.questions.len()).sum();
    println!(
        "{}: ok: version {}, sha256 {}\n  {} checklists ({questions} questions, {grading} grading rows), {} flag rows, {} disposition rows, {} refund rows, {} category map rows",
        file.display(),
        set.version,
        set.hash,
        set.checklists.len(),
        set.flags.len(),
        set.disposition.len(),
        set.refund.len(),
        set.category_map.len()
    );
    Ok(())
}

/// What `triage grade --facts` reads.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct GradeInput {
    facts: Facts,
    /// Question id → key (or the serial / number / text typed).
    #[serde(default)]
    answers: BTreeMap<String, String>,
}

/// `triage grade --rules FILE --facts FACTS.json`
pub fn grade(rules: Option<&Path>, facts: &Path) -> Result<(), String> {
    let set = match rules {
        Some(file) => load(file)?,
        None => RuleSet::from_toml("built-in", triage_app::DEFAULT_RULES).map_err(|e| e.to_string())?,
    };
    let input: GradeInput = serde_json::from_str(&read(facts)?).map_err(|e| {
        format!(
            "{}: {e}; expected {{\"facts\": {{\"category\": …, \"days_since_purchase\": …, \"window_days\": …}}, \"answers\": {{\"question_id\": \"key\"}}}}",
            facts.display()
        )
    })?;
    let answers: Vec<Answer> = input
        .answers
        .into_iter()
        .map(|(question_id, key)| Answer { question_id, key })
        .collect();
    let decision = set.decide(&input.facts, &answers);
    println!(
        "{}",
        serde_json::to_string_pretty(&decision).map_err(|e| e.to_string())?
    );
    Ok(())
}
