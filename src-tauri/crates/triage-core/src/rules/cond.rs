//! Conditions (`when = { ... }` in a rule file) and the facts they are tested on.
//!
//! A condition is a conjunction of tests, one per name. A name is either a fact
//! of the unit (grade, category, unit_value, ...) or the id of a checklist
//! question, tested on its answer.

use super::{Flag, Grade, StockNeed};
use crate::returns::{Category, ReturnReason};
use serde::Deserialize;
use std::collections::BTreeMap;

/// How one name is tested, as written in the file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Matcher {
    Bool(bool),
    One(String),
    AnyOf(Vec<String>),
    Table(MatcherTable),
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatcherTable {
    #[serde(default)]
    pub none_of: Option<Vec<String>>,
    #[serde(default)]
    pub at_least: Option<f64>,
    #[serde(default)]
    pub below: Option<f64>,
}

/// The facts a condition may name (everything else names a question).
pub const FACT_NAMES: [&str; 10] = [
    "grade",
    "category",
    "within_window",
    "days_since_purchase",
    "unit_value",
    "flags",
    "flagged",
    "stock_need",
    "reason",
    "serial_expected",
];

/// A half-open numeric range `[at_least, below)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub at_least: Option<f64>,
    pub below: Option<f64>,
}

impl Range {
    pub fn contains(&self, v: f64) -> bool {
        self.at_least.is_none_or(|a| v >= a) && self.below.is_none_or(|b| v < b)
    }
    pub fn is_empty(&self) -> bool {
        matches!((self.at_least, self.below), (Some(a), Some(b)) if a >= b)
    }
    pub fn bounds(&self) -> impl Iterator<Item = f64> {
        self.at_least.into_iter().chain(self.below)
    }
}

/// A set of keys, either listed or "none of" the listed ones.
#[derive(Debug, Clone, PartialEq)]
pub struct KeySet {
    pub keys: Vec<String>,
    pub negated: bool,
}

impl KeySet {
    pub fn contains(&self, key: &str) -> bool {
        self.keys.iter().any(|k| k == key) != self.negated
    }
}

/// One compiled test.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    Grade(Vec<Grade>),
    Category(Vec<Category>),
    WithinWindow(bool),
    Days(Range),
    /// In cents.
    UnitValue(Range),
    /// Any of the flags is raised (`negated`: none of them is).
    Flags {
        flags: Vec<Flag>,
        negated: bool,
    },
    Flagged(bool),
    StockNeed(Vec<StockNeed>),
    Reason(Vec<ReturnReason>),
    SerialExpected(bool),
    /// The question's answer key is in the set (an unasked question has no key:
    /// it passes only a `none_of` set).
    AnswerKey {
        question: String,
        keys: KeySet,
    },
    AnswerNumber {
        question: String,
        range: Range,
    },
}

impl Test {
    /// The name this test is written under.
    pub fn name(&self) -> &str {
        match self {
            Test::Grade(_) => "grade",
            Test::Category(_) => "category",
            Test::WithinWindow(_) => "within_window",
            Test::Days(_) => "days_since_purchase",
            Test::UnitValue(_) => "unit_value",
            Test::Flags { .. } => "flags",
            Test::Flagged(_) => "flagged",
            Test::StockNeed(_) => "stock_need",
            Test::Reason(_) => "reason",
            Test::SerialExpected(_) => "serial_expected",
            Test::AnswerKey { question, .. } | Test::AnswerNumber { question, .. } => question,
        }
    }

    pub fn holds(&self, env: &Env) -> bool {
        match self {
            Test::Grade(g) => g.contains(&env.grade),
            Test::Category(c) => c.contains(&env.category),
            Test::WithinWindow(b) => env.within_window == *b,
            Test::Days(r) => r.contains(env.days_since_purchase as f64),
            Test::UnitValue(r) => r.contains(env.unit_value_cents as f64),
            Test::Flags { flags, negated } => flags.iter().any(|f| env.flags.contains(f)) != *negated,
            Test::Flagged(b) => env.flags.is_empty() != *b,
            Test::StockNeed(s) => s.contains(&env.stock_need),
            Test::Reason(r) => r.contains(&env.reason),
            Test::SerialExpected(b) => env.serial_expected == *b,
            Test::AnswerKey { question, keys } => match env.answers.get(question.as_str()) {
                Some(Resolved::Key(k)) => keys.contains(k),
                _ => keys.negated,
            },
            Test::AnswerNumber { question, range } => match env.answers.get(question.as_str()) {
                Some(Resolved::Number(n)) => range.contains(*n),
                _ => false,
            },
        }
    }
}

/// A conjunction of tests; empty holds always.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cond {
    pub tests: Vec<Test>,
}

impl Cond {
    pub fn holds(&self, env: &Env) -> bool {
        self.tests.iter().all(|t| t.holds(env))
    }
}

/// An answer as conditions see it.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    /// Yes/no and choice keys; `match`/`mismatch`/`unknown` for serials.
    Key(String),
    Number(f64),
    /// Free text: recorded, never tested.
    Text,
}

/// Everything a condition can be tested on.
#[derive(Debug, Clone, PartialEq)]
pub struct Env<'a> {
    pub grade: Grade,
    pub category: Category,
    pub within_window: bool,
    pub days_since_purchase: i64,
    pub unit_value_cents: i64,
    pub flags: Vec<Flag>,
    pub stock_need: StockNeed,
    pub reason: ReturnReason,
    pub serial_expected: bool,
    pub answers: BTreeMap<&'a str, Resolved>,
}

impl Env<'_> {
    /// The value of a tested name, in words, for explanations.
    pub fn describe(&self, test: &Test) -> String {
        match test {
            Test::Grade(_) => self.grade.as_str().to_string(),
            Test::Category(_) => self.category.as_str().to_string(),
            Test::WithinWindow(_) => self.within_window.to_string(),
            Test::Days(_) => self.days_since_purchase.to_string(),
            Test::UnitValue(_) => format!("{}.{:02}", self.unit_value_cents / 100, self.unit_value_cents % 100),
            Test::Flags { .. } | Test::Flagged(_) => {
                let names: Vec<&str> = self.flags.iter().map(|f| f.as_str()).collect();
                if names.is_empty() {
                    "none".into()
                } else {
                    names.join("+")
                }
            }
            Test::StockNeed(_) => self.stock_need.as_str().to_string(),
            Test::Reason(_) => self.reason.as_str().to_string(),
            Test::SerialExpected(_) => self.serial_expected.to_string(),
            Test::AnswerKey { question, .. } | Test::AnswerNumber { question, .. } => {
                match self.answers.get(question.as_str()) {
                    Some(Resolved::Key(k)) => k.clone(),
                    Some(Resolved::Number(n)) => n.to_string(),
                    Some(Resolved::Text) => "text".into(),
                    None => "not asked".into(),
                }
            }
        }
    }
}
