//! Grading and disposition rules: data a shift lead can read (a TOML file in
//! assets/rules), and the pure function that turns checklist answers into a
//! decision that names the rules it came from and the facts they used.
//!
//! Hit policies, so a lead can read each table on its own:
//! - grading (per checklist): every row whose condition holds caps the grade;
//!   the unit gets the worst cap, A when no row holds;
//! - flags: every row whose condition holds raises its flag;
//! - disposition and refund: exactly one outcome holds for any unit. Rows with
//!   different outcomes never overlap and every reachable case has a row; the
//!   loader proves both by walking every case (see `check`).
//! - category map: the first row with a matching criterion, else the fallback.

mod amend;
mod check;
pub mod cond;
mod file;
mod yaml;

pub use amend::{Amendment, AmendmentKind, MIN_REASON_CHARS};

pub use crate::kpi::RecoveryRates;
use crate::returns::{Category, ReturnReason};
use cond::{Cond, Env, Resolved};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
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

/// A sub-route of a disposition, where the site has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    ReturnToVendor,
    Donate,
    Recycle,
}

impl Route {
    pub fn as_str(self) -> &'static str {
        match self {
            Route::ReturnToVendor => "return_to_vendor",
            Route::Donate => "donate",
            Route::Recycle => "recycle",
        }
    }
}

/// Reasons a unit goes to the lead's queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// The scanned item is not on the return (GTIN mismatch).
    WrongItem,
    SerialMismatch,
    EmptyBox,
    QuantityShort,
    /// More units of a line than the return announced.
    OverQuantity,
    HighValue,
    HygieneSealBroken,
    SuspectedWardrobing,
    OverrideRequested,
}

impl Flag {
    pub const ALL: [Flag; 9] = [
        Flag::WrongItem,
        Flag::SerialMismatch,
        Flag::EmptyBox,
        Flag::QuantityShort,
        Flag::OverQuantity,
        Flag::HighValue,
        Flag::HygieneSealBroken,
        Flag::SuspectedWardrobing,
        Flag::OverrideRequested,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::WrongItem => "wrong_item",
            Flag::SerialMismatch => "serial_mismatch",
            Flag::EmptyBox => "empty_box",
            Flag::QuantityShort => "quantity_short",
            Flag::OverQuantity => "over_quantity",
            Flag::HighValue => "high_value",
            Flag::HygieneSealBroken => "hygiene_seal_broken",
            Flag::SuspectedWardrobing => "suspected_wardrobing",
            Flag::OverrideRequested => "override_requested",
        }
    }
    pub fn parse(v: &str) -> Option<Flag> {
        Flag::ALL.into_iter().find(|f| f.as_str() == v)
    }
}

/// Whether the warehouse needs more of the SKU, when the WMS says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StockNeed {
    High,
    Low,
    #[default]
    Unknown,
}

impl StockNeed {
    pub const ALL: [StockNeed; 3] = [StockNeed::High, StockNeed::Low, StockNeed::Unknown];
    pub fn as_str(self) -> &'static str {
        match self {
            StockNeed::High => "high",
            StockNeed::Low => "low",
            StockNeed::Unknown => "unknown",
        }
    }
    pub fn parse(v: &str) -> Option<StockNeed> {
        StockNeed::ALL.into_iter().find(|s| s.as_str() == v)
    }
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
    MissingAccessories,
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
    /// Keys Y and N.
    YesNo,
    /// Keys 1–9.
    Choice,
    /// A number typed in (e.g. battery health %), within min/max when given.
    Number,
    /// Free text, recorded with the inspection, never tested by a rule.
    Text,
    /// A serial number or IMEI scanned or typed; rules see `match`,
    /// `mismatch` (not among the serials the return line expects) or
    /// `unknown` (the line expects none).
    Serial,
    /// A photo taken at the bench (evidence for the lead and the refund): the
    /// answer is the photo's id (its SHA-256, 64 hex digits); never tested by a rule.
    Photo,
}

/// Whether `key` is a photo's id as the bench gives it: 64 lowercase hex digits.
pub fn is_photo_id(key: &str) -> bool {
    key.len() == 64 && key.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    /// The key (and command barcode) that gives this answer: `Y`, `N` or `1`–`9`.
    pub key: String,
    pub label: LocalText,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Question {
    pub id: String,
    pub text: LocalText,
    pub kind: QuestionKind,
    /// Yes/no and choice questions only.
    pub options: Vec<AnswerOption>,
    /// Number questions: the accepted range (inclusive).
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// A letter (not Y or N) that brings this question back to answer it again;
    /// the command barcode `CMD:Q:<id>` does the same.
    pub hotkey: Option<String>,
    /// Asked only when this holds on the answers before it.
    #[serde(skip)]
    #[ts(skip)]
    pub ask_if: Cond,
}

/// A grade's meaning and its names on the marketplaces the site sells on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GradeInfo {
    pub grade: Grade,
    pub label: LocalText,
    pub ebay_condition_id: Option<u16>,
    pub amazon_condition: Option<String>,
    pub ctia: Option<String>,
}

/// One row of a table: its id, where it is in the file and when it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<T> {
    pub id: String,
    pub line: usize,
    pub when: Cond,
    pub then: T,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Checklist {
    pub category: Category,
    pub questions: Vec<Question>,
    pub grading: Vec<Row<Grade>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CategoryRule {
    pub line: usize,
    pub category: Category,
    /// The shop's category field, compared without case.
    pub field: Vec<String>,
    pub sku_prefix: Vec<String>,
    pub gtin_prefix: Vec<String>,
    /// The shop's product tags, compared without case.
    pub tag: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    pub disposition: Disposition,
    pub route: Option<Route>,
    pub destination: LocalText,
}

/// A validated rule set.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    pub version: String,
    /// SHA-256 of the file's bytes, in hex: names exactly what decided.
    pub hash: String,
    pub fallback_category: Category,
    /// Where a flagged unit waits for a lead.
    pub review_destination: LocalText,
    pub grades: Vec<GradeInfo>,
    pub category_map: Vec<CategoryRule>,
    pub checklists: Vec<Checklist>,
    pub flags: Vec<Row<Flag>>,
    pub disposition: Vec<Row<Destination>>,
    pub refund: Vec<Row<RefundAdvice>>,
    /// What the site expects back per disposition (the dashboard's expected recovery).
    pub recovery: RecoveryRates,
}

/// One problem in a rule file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.file, l, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// A refused rule file: every problem found, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub diagnostics: Vec<Diagnostic>,
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RuleError {}

/// A checklist answer: the question and the key pressed or scanned (or the
/// number, serial or text typed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    pub question_id: String,
    pub key: String,
}

/// What the decision is made from, besides the answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    pub category: Category,
    #[serde(default = "unknown_reason")]
    pub reason: ReturnReason,
    /// From purchase to the day the customer asked for the return.
    #[ts(type = "number")]
    pub days_since_purchase: i64,
    pub window_days: u32,
    #[serde(default)]
    #[ts(type = "number")]
    pub unit_value_cents: i64,
    #[serde(default)]
    pub wrong_item: bool,
    /// Every unit the line announced is already confirmed.
    #[serde(default)]
    pub over_quantity: bool,
    #[serde(default)]
    pub stock_need: StockNeed,
    /// Serial numbers / IMEIs the return line expects; empty when unknown.
    #[serde(default)]
    pub expected_serials: Vec<String>,
    /// Flags the inspector raised by hand: `empty_box` (nothing to grade: no
    /// question applies and the grade is F) or `override_requested`.
    #[serde(default)]
    pub raised: Vec<Flag>,
}

fn unknown_reason() -> ReturnReason {
    ReturnReason::Unknown
}

impl Facts {
    pub fn within_window(&self) -> bool {
        self.days_since_purchase <= i64::from(self.window_days)
    }
    /// The box came back without the item.
    pub fn empty_box(&self) -> bool {
        self.raised.contains(&Flag::EmptyBox)
    }
}

impl Flag {
    /// The flags an inspector may raise by hand; the others come from facts and rules.
    pub const RAISED_BY_HAND: [Flag; 2] = [Flag::EmptyBox, Flag::OverrideRequested];
}

/// A fact a rule used, and its value for this unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FactUsed {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub grade: Grade,
    pub grade_info: GradeInfo,
    /// The grading row that set the grade; `None` when no row capped it.
    pub grade_rule: Option<String>,
    pub disposition: Disposition,
    pub route: Option<Route>,
    pub destination: LocalText,
    /// Where the disposition row sends the unit (the destination above, unless a
    /// flag holds it on the review shelf).
    pub routed: LocalText,
    /// The disposition row that fired.
    pub rule_id: String,
    pub refund: RefundAdvice,
    pub refund_rule: String,
    pub flags: Vec<Flag>,
    /// The flag rows that fired (facts-raised flags have none).
    pub flag_rules: Vec<String>,
    /// The unit waits for a lead (it has flags and no lead has decided yet).
    pub held: bool,
    /// The facts the disposition row tested, with this unit's values.
    pub because: Vec<FactUsed>,
    /// One line, in English: "Restock → Zone A: grade A, apparel".
    pub summary: String,
    pub category: Category,
    pub within_window: bool,
    #[ts(type = "number")]
    pub days_since_purchase: i64,
    pub window_days: u32,
    #[ts(type = "number")]
    pub unit_value_cents: i64,
    /// The questions that apply given the answers so far, in order.
    pub asked: Vec<String>,
    /// Every question that applies has a valid answer.
    pub complete: bool,
    pub rules_version: String,
    pub rules_hash: String,
    /// What was decided from, kept so the decision can be explained and re-run.
    pub facts: Facts,
    pub answers: Vec<Answer>,
}

/// What a return line looks like to the category map.
#[derive(Debug, Clone, Copy)]
pub struct LineKeys<'a> {
    pub category_field: &'a str,
    pub sku: &'a str,
    pub gtin: &'a str,
    pub tags: &'a [String],
}

impl RuleSet {
    /// Parses and validates a TOML rule file; `file` names it in every message.
    pub fn from_toml(file: &str, text: &str) -> Result<RuleSet, RuleError> {
        file::load(file, text)
    }

    /// Parses and validates a YAML rule file (the same keys as the TOML one);
    /// every message names the YAML line.
    pub fn from_yaml(file: &str, text: &str) -> Result<RuleSet, RuleError> {
        file::load_yaml(file, text)
    }

    /// A rule file in either format: YAML when `file` ends in `.yaml` or `.yml`,
    /// TOML when it ends in `.toml`; otherwise YAML when its first line that is
    /// neither blank nor a comment reads `key:` rather than `key =`.
    pub fn from_text(file: &str, text: &str) -> Result<RuleSet, RuleError> {
        if is_yaml(file, text) {
            Self::from_yaml(file, text)
        } else {
            Self::from_toml(file, text)
        }
    }

    pub fn checklist(&self, category: Category) -> &[Question] {
        self.checklist_for(category)
            .map(|c| c.questions.as_slice())
            .unwrap_or(&[])
    }

    fn checklist_for(&self, category: Category) -> Option<&Checklist> {
        self.checklists.iter().find(|c| c.category == category)
    }

    pub fn grade_info(&self, grade: Grade) -> GradeInfo {
        // The loader requires an entry for every grade.
        self.grades
            .iter()
            .find(|g| g.grade == grade)
            .cloned()
            .unwrap_or(GradeInfo {
                grade,
                label: LocalText {
                    en: grade.as_str().into(),
                    fr: grade.as_str().into(),
                },
                ebay_condition_id: None,
                amazon_condition: None,
                ctia: None,
            })
    }

    /// The category a return line's units are checked as.
    pub fn categorize(&self, line: LineKeys) -> Category {
        self.category_map
            .iter()
            .find(|r| {
                r.field
                    .iter()
                    .any(|f| f.eq_ignore_ascii_case(line.category_field.trim()))
                    || r.sku_prefix.iter().any(|p| line.sku.starts_with(p.as_str()))
                    || r.gtin_prefix.iter().any(|p| line.gtin.starts_with(p.as_str()))
                    || r.tag
                        .iter()
                        .any(|t| line.tags.iter().any(|x| x.trim().eq_ignore_ascii_case(t)))
            })
            .map_or(self.fallback_category, |r| r.category)
    }

    /// Proposes grade, disposition and refund advice from the answers given so
    /// far. Answers to questions that do not apply, or that the question does
    /// not accept, are ignored (and leave the checklist incomplete).
    pub fn decide(&self, facts: &Facts, answers: &[Answer]) -> Decision {
        self.decide_as(facts, answers, None)
    }

    /// `decide`, with the grade set by a lead instead of the grading rows
    /// (`grade_rule` is then "override"); the other tables follow the grade.
    pub(crate) fn decide_as(&self, facts: &Facts, answers: &[Answer], grade: Option<Grade>) -> Decision {
        let Evaluated {
            mut env,
            asked,
            complete,
            mut grade_rule,
            mut flag_rules,
        } = self.evaluate(facts, answers);
        let kept: Vec<Answer> = asked
            .iter()
            .filter_map(|id| answers.iter().rev().find(|a| &a.question_id == id).cloned())
            .collect();
        if let Some(g) = grade.filter(|g| *g != env.grade) {
            env.grade = g;
            grade_rule = Some("override".into());
            // Flags that depend on the grade are raised again.
            let (flags, rules) = self.flags_for(facts, &env);
            env.flags = flags;
            flag_rules = rules;
        }
        // The loader proves a row holds for every reachable case; the
        // fallbacks below are for a grade no answer can reach.
        let fired = self.disposition.iter().find(|r| r.when.holds(&env));
        let (dest, rule_id, because) = match fired {
            Some(r) => (r.then.clone(), r.id.clone(), used(&r.when, &env)),
            None => (
                Destination {
                    disposition: Disposition::Liquidate,
                    route: None,
                    destination: self.review_destination.clone(),
                },
                "no-row".to_string(),
                Vec::new(),
            ),
        };
        let (refund, refund_rule) = match self.refund.iter().find(|r| r.when.holds(&env)) {
            Some(r) => (r.then.clone(), r.id.clone()),
            None => (
                RefundAdvice {
                    kind: RefundKind::None,
                    fee_percent: 0,
                    reason: RefundReason::DamagedByCustomer,
                },
                "no-row".to_string(),
            ),
        };
        let destination = if env.flags.is_empty() {
            dest.destination.clone()
        } else {
            self.review_destination.clone()
        };
        let summary = summary(&dest, &destination, &env, &because);
        Decision {
            grade: env.grade,
            grade_info: self.grade_info(env.grade),
            grade_rule,
            disposition: dest.disposition,
            route: dest.route,
            destination,
            routed: dest.destination.clone(),
            rule_id,
            refund,
            refund_rule,
            flags: env.flags.clone(),
            held: !env.flags.is_empty(),
            flag_rules,
            because,
            summary,
            category: facts.category,
            within_window: env.within_window,
            days_since_purchase: facts.days_since_purchase,
            window_days: facts.window_days,
            unit_value_cents: facts.unit_value_cents,
            complete,
            asked,
            rules_version: self.version.clone(),
            rules_hash: self.hash.clone(),
            facts: facts.clone(),
            // Only the answers that count: one per question that applies.
            answers: kept,
        }
    }
}

/// The facts and answers as the tables see them, graded and flagged.
pub(crate) struct Evaluated<'a> {
    pub env: Env<'a>,
    pub asked: Vec<String>,
    pub complete: bool,
    pub grade_rule: Option<String>,
    pub flag_rules: Vec<String>,
}

impl RuleSet {
    pub(crate) fn evaluate(&self, facts: &Facts, answers: &[Answer]) -> Evaluated<'_> {
        let mut env = Env {
            grade: Grade::A,
            category: facts.category,
            within_window: facts.within_window(),
            days_since_purchase: facts.days_since_purchase,
            unit_value_cents: facts.unit_value_cents,
            flags: Vec::new(),
            stock_need: facts.stock_need,
            reason: facts.reason,
            serial_expected: !facts.expected_serials.is_empty(),
            answers: BTreeMap::new(),
        };
        let checklist = self.checklist_for(facts.category);
        // An empty box has nothing to answer questions about.
        let questions = match checklist {
            Some(c) if !facts.empty_box() => c.questions.as_slice(),
            _ => &[],
        };
        let mut asked = Vec::new();
        let mut answered = 0;
        for q in questions {
            if !q.ask_if.holds(&env) {
                continue;
            }
            asked.push(q.id.clone());
            let given = answers.iter().rev().find(|a| a.question_id == q.id);
            if let Some(resolved) = given.and_then(|a| resolve(q, &a.key, &facts.expected_serials)) {
                answered += 1;
                env.answers.insert(q.id.as_str(), resolved);
            }
        }
        // Grading: the worst cap among the rows that hold.
        let mut grade_rule = None;
        for row in checklist.map(|c| c.grading.as_slice()).unwrap_or(&[]) {
            if row.then > env.grade && row.when.holds(&env) {
                env.grade = row.then;
                grade_rule = Some(row.id.clone());
            }
        }
        if facts.empty_box() {
            env.grade = Grade::F;
            grade_rule = Some("empty-box".into());
        }
        let (flags, flag_rules) = self.flags_for(facts, &env);
        env.flags = flags;
        Evaluated {
            env,
            complete: answered == asked.len(),
            asked,
            grade_rule,
            flag_rules,
        }
    }
}

impl RuleSet {
    /// The facts' own flags, then those of every flag row that holds; with the rows that fired.
    fn flags_for(&self, facts: &Facts, env: &Env) -> (Vec<Flag>, Vec<String>) {
        let mut flags = Vec::new();
        if facts.wrong_item {
            flags.push(Flag::WrongItem);
        }
        if facts.over_quantity {
            flags.push(Flag::OverQuantity);
        }
        flags.extend(facts.raised.iter().filter(|f| Flag::RAISED_BY_HAND.contains(f)));
        let mut rules = Vec::new();
        for row in &self.flags {
            if row.when.holds(env) {
                rules.push(row.id.clone());
                flags.push(row.then);
            }
        }
        flags.sort();
        flags.dedup();
        (flags, rules)
    }
}

/// An answer as the rules see it, or `None` when the question does not accept it.
fn resolve(q: &Question, given: &str, expected_serials: &[String]) -> Option<Resolved> {
    let given = given.trim();
    match q.kind {
        QuestionKind::YesNo | QuestionKind::Choice => q
            .options
            .iter()
            .find(|o| o.key == given)
            .map(|o| Resolved::Key(o.key.clone())),
        QuestionKind::Number => {
            let n: f64 = given.parse().ok().filter(|n: &f64| n.is_finite())?;
            let in_range = q.min.is_none_or(|m| n >= m) && q.max.is_none_or(|m| n <= m);
            in_range.then_some(Resolved::Number(n))
        }
        QuestionKind::Text => (!given.is_empty()).then_some(Resolved::Text),
        QuestionKind::Photo => is_photo_id(given).then_some(Resolved::Text),
        QuestionKind::Serial => {
            if given.is_empty() {
                None
            } else if expected_serials.is_empty() {
                Some(Resolved::Key("unknown".into()))
            } else if expected_serials.iter().any(|s| s.trim().eq_ignore_ascii_case(given)) {
                Some(Resolved::Key("match".into()))
            } else {
                Some(Resolved::Key("mismatch".into()))
            }
        }
    }
}

fn used(cond: &Cond, env: &Env) -> Vec<FactUsed> {
    cond.tests
        .iter()
        .map(|t| FactUsed {
            name: t.name().to_string(),
            value: env.describe(t),
        })
        .collect()
}

/// "Restock → Zone A: grade A, apparel, within window" — the grade and
/// category always, then whatever else the row tested.
fn summary(dest: &Destination, destination: &LocalText, env: &Env, because: &[FactUsed]) -> String {
    let mut parts = vec![
        format!("grade {}", env.grade.as_str()),
        env.category.as_str().to_string(),
    ];
    for f in because {
        match f.name.as_str() {
            "grade" | "category" => {}
            // No export says anything of this SKU: nothing to tell the inspector
            // (the decision's facts still hold it).
            "stock_need" if f.value == "unknown" => {}
            "within_window" if f.value == "true" => parts.push("within window".into()),
            "within_window" => parts.push("outside window".into()),
            name => parts.push(format!("{} {}", name.replace('_', " "), f.value)),
        }
    }
    if !env.flags.is_empty() {
        let names: Vec<&str> = env.flags.iter().map(|f| f.as_str()).collect();
        parts.push(format!("flagged {}", names.join(", ")));
    }
    let mut head = capitalise(dest.disposition.as_str());
    if let Some(route) = dest.route {
        head.push_str(&format!(" ({})", route.as_str().replace('_', " ")));
    }
    format!("{head} → {}: {}", destination.en, parts.join(", "))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// Whether a rule file is YAML (see [`RuleSet::from_text`]).
pub fn is_yaml(file: &str, text: &str) -> bool {
    let lower = file.to_ascii_lowercase();
    if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        return true;
    }
    if lower.ends_with(".toml") {
        return false;
    }
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#') && *l != "---");
    first.is_some_and(|l| {
        let key_end = l.find([':', '=']);
        key_end.is_some_and(|at| l.as_bytes()[at] == b':')
    })
}

#[cfg(test)]
mod tests;
