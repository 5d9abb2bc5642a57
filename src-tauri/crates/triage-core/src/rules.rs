//! Grading and disposition rules: data a shift lead can read (a TOML file in
//! assets/rules), and the pure function that turns checklist answers into a
//! decision that names the rule it came from.

use crate::returns::{Category, ReturnReason};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use ts_rs::TS;

/// The site's grade scale, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub enum Grade {
    A,
    B,
    C,
    D,
    F,
}

impl Grade {
    pub const ALL: [Grade; 5] = [Grade::A, Grade::B, Grade::C, Grade::D, Grade::F];
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
            Grade::F => "F",
        }
    }
    pub fn parse(v: &str) -> Option<Grade> {
        Grade::ALL.into_iter().find(|g| g.as_str() == v)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    Restock,
    Refurbish,
    Liquidate,
    Dispose,
}

impl Disposition {
    pub fn as_str(self) -> &'static str {
        match self {
            Disposition::Restock => "restock",
            Disposition::Refurbish => "refurbish",
            Disposition::Liquidate => "liquidate",
            Disposition::Dispose => "dispose",
        }
    }
    pub fn parse(v: &str) -> Option<Disposition> {
        use Disposition::*;
        [Restock, Refurbish, Liquidate, Dispose]
            .into_iter()
            .find(|d| d.as_str() == v)
    }
}

/// Reasons a unit goes to the lead's queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    WrongItem,
    /// More units of a line than the return announced.
    OverQuantity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RefundKind {
    Full,
    Partial,
    None,
}

/// Why the refund advice is what it is (the UI words it from its catalog).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RefundReason {
    AsNew,
    UsedRestockingFee,
    DefectiveOnArrival,
    DamagedByCustomer,
    OutsideWindow,
    WrongItem,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefundAdvice {
    pub kind: RefundKind,
    pub fee_percent: u8,
    pub reason: RefundReason,
}

/// A string in each language the bench speaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct LocalText {
    pub en: String,
    pub fr: String,
}

impl LocalText {
    /// The text in `lang` ("fr" or "en"; English for anything else).
    pub fn get(&self, lang: &str) -> &str {
        if lang == "fr" {
            &self.fr
        } else {
            &self.en
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    YesNo,
    Choice,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    /// The key (and command barcode) that gives this answer: `Y`, `N` or `1`–`9`.
    pub key: String,
    pub label: LocalText,
    /// The best grade a unit can still get with this answer.
    #[serde(default = "grade_a")]
    pub grade: Grade,
}

fn grade_a() -> Grade {
    Grade::A
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub text: LocalText,
    pub kind: QuestionKind,
    pub options: Vec<AnswerOption>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    pub category: Category,
    pub questions: Vec<Question>,
}

/// One row of the disposition table; the first row that matches decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DispositionRule {
    pub id: String,
    pub grades: Vec<Grade>,
    /// Empty: any category.
    #[serde(default)]
    pub categories: Vec<Category>,
    pub disposition: Disposition,
    pub destination: LocalText,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefundPolicy {
    pub restocking_fee_percent: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    pub version: String,
    /// Checklist used when the scanned unit matches no line of the return.
    pub fallback_category: Category,
    /// Where a flagged unit waits for a lead.
    pub review_destination: LocalText,
    pub refund: RefundPolicy,
    pub checklist: Vec<Checklist>,
    pub disposition: Vec<DispositionRule>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("{file}: {message}")]
    Syntax { file: String, message: String },
    #[error("{file}: {message}; fix the rule file and load it again")]
    Invalid { file: String, message: String },
}

/// A checklist answer: the question and the key pressed or scanned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    pub question_id: String,
    pub key: String,
}

/// What the decision was made from, besides the answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub category: Category,
    pub reason: ReturnReason,
    pub days_since_purchase: i64,
    pub window_days: u32,
    pub wrong_item: bool,
    /// Every unit the line announced is already confirmed.
    pub over_quantity: bool,
}

impl Facts {
    pub fn within_window(&self) -> bool {
        self.days_since_purchase <= i64::from(self.window_days)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub grade: Grade,
    pub disposition: Disposition,
    pub destination: LocalText,
    pub refund: RefundAdvice,
    pub flags: Vec<Flag>,
    /// The disposition row that fired.
    pub rule_id: String,
    /// The answer that set the grade; `None` when every answer allows grade A.
    pub graded_by: Option<Answer>,
    pub category: Category,
    pub within_window: bool,
    #[ts(type = "number")]
    pub days_since_purchase: i64,
    pub window_days: u32,
    /// Every question of the checklist has a valid answer.
    pub complete: bool,
    pub rules_version: String,
}

impl RuleSet {
    /// Parses and validates a rule file; `file` names it in every message.
    pub fn from_toml(file: &str, text: &str) -> Result<RuleSet, RuleError> {
        let set: RuleSet = toml::from_str(text).map_err(|e| RuleError::Syntax {
            file: file.to_string(),
            message: e.to_string().trim_end().replace('\n', " "),
        })?;
        set.validate().map_err(|message| RuleError::Invalid {
            file: file.to_string(),
            message,
        })?;
        Ok(set)
    }

    fn validate(&self) -> Result<(), String> {
        let mut seen = BTreeSet::new();
        for c in &self.checklist {
            if !seen.insert(c.category) {
                return Err(format!("category {:?} has two checklists", c.category.as_str()));
            }
            let mut ids = BTreeSet::new();
            for q in &c.questions {
                if !ids.insert(q.id.as_str()) {
                    return Err(format!("question {:?} appears twice in {}", q.id, c.category.as_str()));
                }
                let keys: Vec<&str> = q.options.iter().map(|o| o.key.as_str()).collect();
                let allowed: &[&str] = match q.kind {
                    QuestionKind::YesNo => &["Y", "N"],
                    QuestionKind::Choice => &["1", "2", "3", "4", "5", "6", "7", "8", "9"],
                };
                if let Some(bad) = keys.iter().find(|k| !allowed.contains(k)) {
                    return Err(format!("question {:?}: key {bad:?} is not one of {allowed:?}", q.id));
                }
                if q.kind == QuestionKind::YesNo && (keys.len() != 2 || keys[0] == keys[1]) {
                    return Err(format!(
                        "question {:?}: a yes/no question has exactly the options Y and N",
                        q.id
                    ));
                }
                if q.options.is_empty() || BTreeSet::from_iter(&keys).len() != keys.len() {
                    return Err(format!("question {:?}: options need distinct keys", q.id));
                }
            }
        }
        for cat in Category::ALL {
            if !seen.contains(&cat) {
                return Err(format!("category {:?} has no checklist", cat.as_str()));
            }
        }
        // Every grade of every category must reach a disposition row.
        for cat in Category::ALL {
            for g in Grade::ALL {
                if self.disposition_row(g, cat).is_none() {
                    return Err(format!(
                        "grade {} in category {:?} matches no disposition row",
                        g.as_str(),
                        cat.as_str()
                    ));
                }
            }
        }
        if self.refund.restocking_fee_percent > 100 {
            return Err("refund.restocking_fee_percent is above 100".into());
        }
        Ok(())
    }

    pub fn checklist(&self, category: Category) -> &[Question] {
        self.checklist
            .iter()
            .find(|c| c.category == category)
            .map(|c| c.questions.as_slice())
            .unwrap_or(&[])
    }

    fn disposition_row(&self, grade: Grade, category: Category) -> Option<&DispositionRule> {
        self.disposition
            .iter()
            .find(|r| r.grades.contains(&grade) && (r.categories.is_empty() || r.categories.contains(&category)))
    }

    /// Proposes grade, disposition and refund advice from the answers given so
    /// far. Answers to unknown questions or with keys the question does not
    /// offer are ignored (and leave the checklist incomplete).
    pub fn decide(&self, facts: &Facts, answers: &[Answer]) -> Decision {
        let questions = self.checklist(facts.category);
        let given: BTreeMap<&str, &str> = answers
            .iter()
            .map(|a| (a.question_id.as_str(), a.key.as_str()))
            .collect();
        let mut grade = Grade::A;
        let mut graded_by = None;
        let mut answered = 0;
        for q in questions {
            let Some(key) = given.get(q.id.as_str()) else { continue };
            let Some(opt) = q.options.iter().find(|o| o.key == *key) else {
                continue;
            };
            answered += 1;
            if opt.grade > grade {
                grade = opt.grade;
                graded_by = Some(Answer {
                    question_id: q.id.clone(),
                    key: opt.key.clone(),
                });
            }
        }
        let mut flags = Vec::new();
        if facts.wrong_item {
            flags.push(Flag::WrongItem);
        }
        if facts.over_quantity {
            flags.push(Flag::OverQuantity);
        }
        // validate() guarantees a row for every grade and category.
        let row = self.disposition_row(grade, facts.category);
        let (disposition, mut destination, rule_id) = match row {
            Some(r) => (r.disposition, r.destination.clone(), r.id.clone()),
            None => (Disposition::Liquidate, self.review_destination.clone(), "no-row".into()),
        };
        if !flags.is_empty() {
            destination = self.review_destination.clone();
        }
        Decision {
            grade,
            disposition,
            destination,
            refund: self.refund_advice(facts, grade),
            flags,
            rule_id,
            graded_by,
            category: facts.category,
            within_window: facts.within_window(),
            days_since_purchase: facts.days_since_purchase,
            window_days: facts.window_days,
            complete: answered == questions.len(),
            rules_version: self.version.clone(),
        }
    }

    fn refund_advice(&self, facts: &Facts, grade: Grade) -> RefundAdvice {
        let advice = |kind, fee_percent, reason| RefundAdvice {
            kind,
            fee_percent,
            reason,
        };
        // The shop's fault: no fee, and the window does not apply.
        let defective = matches!(
            facts.reason,
            ReturnReason::Defective | ReturnReason::NotAsDescribed | ReturnReason::WrongItem
        );
        if facts.wrong_item || facts.over_quantity {
            advice(RefundKind::None, 0, RefundReason::WrongItem)
        } else if !facts.within_window() && !defective {
            advice(RefundKind::None, 0, RefundReason::OutsideWindow)
        } else if grade <= Grade::B {
            advice(RefundKind::Full, 0, RefundReason::AsNew)
        } else if defective {
            advice(RefundKind::Full, 0, RefundReason::DefectiveOnArrival)
        } else if grade == Grade::C {
            advice(
                RefundKind::Partial,
                self.refund.restocking_fee_percent,
                RefundReason::UsedRestockingFee,
            )
        } else {
            advice(RefundKind::None, 0, RefundReason::DamagedByCustomer)
        }
    }
}

#[cfg(test)]
mod tests;
