//! The rule file as written (TOML, or YAML read through `yaml.rs`), and its
//! translation into a checked `RuleSet`.

use super::cond::{Cond, KeySet, Matcher, MatcherTable, Range, Test, FACT_NAMES};
use super::*;
use std::collections::{BTreeMap, BTreeSet};
use toml::Spanned;

type When = BTreeMap<String, Matcher>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    version: String,
    fallback_category: Category,
    review_destination: LocalText,
    #[serde(default)]
    grade: Vec<Spanned<RawGrade>>,
    #[serde(default)]
    category_map: Vec<Spanned<RawCategoryMap>>,
    #[serde(default)]
    checklist: Vec<Spanned<RawChecklist>>,
    #[serde(default)]
    flag: Vec<Spanned<RawFlag>>,
    #[serde(default)]
    disposition: Vec<Spanned<RawDisposition>>,
    #[serde(default)]
    refund: Vec<Spanned<RawRefund>>,
    /// Percent of the unit value expected back per disposition (the dashboard's recovery).
    recovery: Option<Spanned<RecoveryRates>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrade {
    grade: Grade,
    label: LocalText,
    ebay_condition_id: Option<u16>,
    amazon_condition: Option<String>,
    ctia: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategoryMap {
    category: Category,
    #[serde(default)]
    field: Vec<String>,
    #[serde(default)]
    sku_prefix: Vec<String>,
    #[serde(default)]
    gtin_prefix: Vec<String>,
    #[serde(default)]
    tag: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChecklist {
    category: Category,
    #[serde(default)]
    question: Vec<Spanned<RawQuestion>>,
    #[serde(default)]
    grading: Vec<Spanned<RawGradeRow>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: String,
    text: LocalText,
    kind: QuestionKind,
    options: Option<Vec<AnswerOption>>,
    #[serde(default)]
    ask_if: When,
    min: Option<f64>,
    max: Option<f64>,
    hotkey: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGradeRow {
    id: String,
    #[serde(default)]
    when: When,
    grade: Grade,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFlag {
    id: String,
    #[serde(default)]
    when: When,
    flag: Flag,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDisposition {
    id: String,
    #[serde(default)]
    when: When,
    disposition: Disposition,
    route: Option<Route>,
    destination: LocalText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRefund {
    id: String,
    #[serde(default)]
    when: When,
    refund: RefundKind,
    #[serde(default)]
    fee_percent: u8,
    reason: RefundReason,
}

/// Collects diagnostics against one file.
pub(super) struct Report<'a> {
    file: &'a str,
    text: &'a str,
    /// For a YAML file: the YAML line of each line of `text` (its TOML translation).
    yaml_lines: Option<&'a [usize]>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Report<'a> {
    fn line_of(&self, offset: usize) -> usize {
        let line = self.text.get(..offset).map_or(1, |t| t.matches('\n').count() + 1);
        match self.yaml_lines {
            Some(lines) => lines.get(line - 1).or(lines.last()).copied().unwrap_or(1),
            None => line,
        }
    }
    pub fn at(&mut self, line: usize, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            file: self.file.to_string(),
            line: Some(line),
            message: message.into(),
        });
    }
    pub fn whole(&mut self, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            file: self.file.to_string(),
            line: None,
            message: message.into(),
        });
    }
}

pub(super) fn load(file: &str, text: &str) -> Result<RuleSet, RuleError> {
    load_as(file, text, text, None)
}

/// A YAML rule file: translated to TOML, diagnostics on the YAML's lines, the hash
/// of the YAML text as written.
pub(super) fn load_yaml(file: &str, text: &str) -> Result<RuleSet, RuleError> {
    match super::yaml::translate(text) {
        Ok(t) => load_as(file, text, &t.toml, Some(&t.lines)),
        Err(e) => Err(RuleError {
            diagnostics: vec![Diagnostic {
                file: file.to_string(),
                line: Some(e.line),
                message: e.message,
            }],
        }),
    }
}

/// `toml` is the text read (`written` itself, or its translation from YAML).
fn load_as(file: &str, written: &str, toml: &str, yaml_lines: Option<&[usize]>) -> Result<RuleSet, RuleError> {
    let text = toml;
    let mut report = Report {
        file,
        text,
        yaml_lines,
        diagnostics: Vec::new(),
    };
    let raw: RawSet = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let line = e.span().map(|s| report.line_of(s.start));
            let message = e.message().trim_end().replace('\n', " ");
            report.diagnostics.push(Diagnostic {
                file: file.to_string(),
                line,
                message,
            });
            return Err(RuleError {
                diagnostics: report.diagnostics,
            });
        }
    };
    let set = build(&mut report, raw, written);
    if report.diagnostics.is_empty() {
        super::check::tables(&mut report, &set);
    }
    if report.diagnostics.is_empty() {
        Ok(set)
    } else {
        report.diagnostics.sort_by_key(|d| d.line);
        Err(RuleError {
            diagnostics: report.diagnostics,
        })
    }
}

fn sha256_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn build(report: &mut Report, raw: RawSet, text: &str) -> RuleSet {
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut unique_id = |report: &mut Report, id: &str, line: usize| {
        if id.trim().is_empty() {
            report.at(line, "a rule needs a non-empty id");
        } else if let Some(first) = ids.insert(id.to_string(), line) {
            report.at(line, format!("rule id {id:?} is already used at line {first}"));
        }
    };

    // Grades: every one of the scale, once.
    let mut grades = Vec::new();
    for g in raw.grade {
        let line = report.line_of(g.span().start);
        let g = g.into_inner();
        if grades.iter().any(|x: &GradeInfo| x.grade == g.grade) {
            report.at(line, format!("grade {} is described twice", g.grade.as_str()));
        }
        grades.push(GradeInfo {
            grade: g.grade,
            label: g.label,
            ebay_condition_id: g.ebay_condition_id,
            amazon_condition: g.amazon_condition,
            ctia: g.ctia,
        });
    }
    for g in Grade::ALL {
        if !grades.iter().any(|x| x.grade == g) {
            report.whole(format!(
                "grade {} has no [[grade]] entry (label and marketplace names)",
                g.as_str()
            ));
        }
    }

    let category_map = category_map(report, raw.category_map);

    // Checklists, then the questions every table may name.
    let mut checklists: Vec<Checklist> = Vec::new();
    for c in raw.checklist {
        let line = report.line_of(c.span().start);
        let c = c.into_inner();
        if checklists.iter().any(|x| x.category == c.category) {
            report.at(line, format!("category {:?} has two checklists", c.category.as_str()));
            continue;
        }
        let mut questions: Vec<Question> = Vec::new();
        for q in c.question {
            let qline = report.line_of(q.span().start);
            if let Some(q) = question(report, q.into_inner(), qline, &questions) {
                questions.push(q);
            }
        }
        let mut grading = Vec::new();
        for r in c.grading {
            let rline = report.line_of(r.span().start);
            let r = r.into_inner();
            unique_id(report, &r.id, rline);
            let scope = Scope::Checklist(&questions);
            match compile(&r.when, &scope, GRADING_FACTS) {
                Ok(when) => grading.push(Row {
                    id: r.id,
                    line: rline,
                    when,
                    then: r.grade,
                }),
                Err(m) => report.at(rline, format!("grading row {:?}: {m}", r.id)),
            }
        }
        checklists.push(Checklist {
            category: c.category,
            questions,
            grading,
        });
    }
    for cat in Category::ALL {
        if !checklists.iter().any(|c| c.category == cat) {
            report.whole(format!("category {:?} has no [[checklist]]", cat.as_str()));
        }
    }

    let all_questions: Vec<&Question> = checklists.iter().flat_map(|c| &c.questions).collect();
    let scope = Scope::All(&all_questions);
    let mut table = |report: &mut Report, what: &str, id: &str, line: usize, when: &When, facts: &[&str]| {
        unique_id(report, id, line);
        compile(when, &scope, facts)
            .map_err(|m| report.at(line, format!("{what} row {id:?}: {m}")))
            .ok()
    };
    let mut flags = Vec::new();
    for r in raw.flag {
        let line = report.line_of(r.span().start);
        let r = r.into_inner();
        if let Some(when) = table(report, "flag", &r.id, line, &r.when, FLAG_FACTS) {
            flags.push(Row {
                id: r.id,
                line,
                when,
                then: r.flag,
            });
        }
    }
    let mut disposition = Vec::new();
    for r in raw.disposition {
        let line = report.line_of(r.span().start);
        let r = r.into_inner();
        if let Some(when) = table(report, "disposition", &r.id, line, &r.when, &FACT_NAMES) {
            disposition.push(Row {
                id: r.id,
                line,
                when,
                then: Destination {
                    disposition: r.disposition,
                    route: r.route,
                    destination: r.destination,
                },
            });
        }
    }
    let mut refund = Vec::new();
    for r in raw.refund {
        let line = report.line_of(r.span().start);
        let r = r.into_inner();
        if r.fee_percent > 100 {
            report.at(
                line,
                format!("refund row {:?}: fee_percent {} is above 100", r.id, r.fee_percent),
            );
        }
        if r.refund != RefundKind::Partial && r.fee_percent != 0 {
            report.at(
                line,
                format!("refund row {:?}: only a partial refund has a fee_percent", r.id),
            );
        }
        if let Some(when) = table(report, "refund", &r.id, line, &r.when, &FACT_NAMES) {
            refund.push(Row {
                id: r.id,
                line,
                when,
                then: RefundAdvice {
                    kind: r.refund,
                    fee_percent: r.fee_percent,
                    reason: r.reason,
                },
            });
        }
    }
    if disposition.is_empty() {
        report.whole("there is no [[disposition]] row");
    }
    if refund.is_empty() {
        report.whole("there is no [[refund]] row");
    }
    if raw.version.trim().is_empty() {
        report.whole("version is empty: give the rule set a version (e.g. \"2026.11-2\")");
    }
    let recovery = match raw.recovery {
        None => RecoveryRates::default(),
        Some(r) => {
            let line = report.line_of(r.span().start);
            let r = r.into_inner();
            for (name, v) in [
                ("restock", r.restock),
                ("refurbish", r.refurbish),
                ("liquidate", r.liquidate),
                ("dispose", r.dispose),
            ] {
                if v > 100 {
                    report.at(
                        line,
                        format!("recovery.{name} is {v}: a percentage of the unit value, 0 to 100"),
                    );
                }
            }
            r
        }
    };
    RuleSet {
        version: raw.version,
        recovery,
        hash: sha256_hex(text),
        fallback_category: raw.fallback_category,
        review_destination: raw.review_destination,
        grades,
        category_map,
        checklists,
        flags,
        disposition,
        refund,
    }
}

/// Facts a question's `ask_if` and a grading row may test: those known before
/// any grading (answers come from the checklist itself).
const GRADING_FACTS: &[&str] = &["serial_expected"];
/// Flag rows see everything but the flags themselves.
const FLAG_FACTS: &[&str] = &[
    "grade",
    "category",
    "within_window",
    "days_since_purchase",
    "unit_value",
    "stock_need",
    "reason",
    "serial_expected",
];

fn category_map(report: &mut Report, rows: Vec<Spanned<RawCategoryMap>>) -> Vec<CategoryRule> {
    let mut out: Vec<CategoryRule> = Vec::new();
    for r in rows {
        let line = report.line_of(r.span().start);
        let r = r.into_inner();
        let rule = CategoryRule {
            line,
            category: r.category,
            field: r.field,
            sku_prefix: r.sku_prefix,
            gtin_prefix: r.gtin_prefix,
            tag: r.tag,
        };
        let all = || {
            rule.field
                .iter()
                .chain(&rule.sku_prefix)
                .chain(&rule.gtin_prefix)
                .chain(&rule.tag)
        };
        if all().next().is_none() {
            report.at(
                line,
                "a category_map row needs a field, sku_prefix, gtin_prefix or tag to match on",
            );
        } else if all().any(|c| c.trim().is_empty()) {
            report.at(line, "an empty field, prefix or tag would match every line; remove it");
        } else {
            // The first matching row wins: a criterion that an earlier row already
            // matches for every line it could match never decides anything here.
            let same = |a: &String, b: &String| a.eq_ignore_ascii_case(b);
            let shadowed = rule
                .field
                .iter()
                .all(|f| out.iter().any(|e| e.field.iter().any(|x| same(x, f))))
                && rule.sku_prefix.iter().all(|p| {
                    out.iter()
                        .any(|e| e.sku_prefix.iter().any(|x| p.starts_with(x.as_str())))
                })
                && rule.gtin_prefix.iter().all(|p| {
                    out.iter()
                        .any(|e| e.gtin_prefix.iter().any(|x| p.starts_with(x.as_str())))
                })
                && rule
                    .tag
                    .iter()
                    .all(|t| out.iter().any(|e| e.tag.iter().any(|x| same(x, t))));
            if shadowed {
                report.at(
                    line,
                    format!(
                        "unreachable: every criterion of this category_map row ({:?}) is matched by an earlier row",
                        rule.category.as_str()
                    ),
                );
            }
        }
        out.push(rule);
    }
    out
}

fn question(report: &mut Report, q: RawQuestion, line: usize, earlier: &[Question]) -> Option<Question> {
    let at = |m: String| format!("question {:?}: {m}", q.id);
    if FACT_NAMES.contains(&q.id.as_str()) {
        report.at(line, at("this id is a fact's name; choose another".into()));
        return None;
    }
    let id_ok = !q.id.is_empty()
        && q.id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !id_ok {
        report.at(
            line,
            at("an id is lower-case letters, digits and _ only (command barcodes print it)".into()),
        );
        return None;
    }
    if earlier.iter().any(|e| e.id == q.id) {
        report.at(line, at("appears twice in this checklist".into()));
        return None;
    }
    let options = match (q.kind, q.options) {
        (QuestionKind::YesNo, None) => vec![
            AnswerOption {
                key: "Y".into(),
                label: LocalText {
                    en: "Yes".into(),
                    fr: "Oui".into(),
                },
            },
            AnswerOption {
                key: "N".into(),
                label: LocalText {
                    en: "No".into(),
                    fr: "Non".into(),
                },
            },
        ],
        (QuestionKind::YesNo, Some(o)) => {
            let keys: BTreeSet<&str> = o.iter().map(|x| x.key.as_str()).collect();
            if o.len() != 2 || keys != BTreeSet::from(["Y", "N"]) {
                report.at(line, at("a yes/no question has exactly the options Y and N".into()));
                return None;
            }
            o
        }
        (QuestionKind::Choice, Some(o)) => {
            let keys: BTreeSet<&str> = o.iter().map(|x| x.key.as_str()).collect();
            const DIGITS: [&str; 9] = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];
            if let Some(bad) = o.iter().find(|x| !DIGITS.contains(&x.key.as_str())) {
                report.at(line, at(format!("key {:?} is not one of 1-9", bad.key)));
                return None;
            }
            if o.len() < 2 || keys.len() != o.len() {
                report.at(
                    line,
                    at("a choice needs at least two options with distinct keys".into()),
                );
                return None;
            }
            o
        }
        (QuestionKind::Choice, None) => {
            report.at(line, at("a choice question needs options".into()));
            return None;
        }
        (_, Some(_)) => {
            report.at(line, at("only yes/no and choice questions have options".into()));
            return None;
        }
        (_, None) => Vec::new(),
    };
    if q.kind != QuestionKind::Number && (q.min.is_some() || q.max.is_some()) {
        report.at(line, at("only number questions have min and max".into()));
        return None;
    }
    if let (Some(a), Some(b)) = (q.min, q.max) {
        if a > b {
            report.at(line, at(format!("min {a} is above max {b}")));
            return None;
        }
    }
    // A bad hotkey is reported; the question stays, so rows naming it are still checked.
    let mut hotkey = q.hotkey.clone();
    if let Some(h) = &q.hotkey {
        let ok = h.len() == 1 && h.chars().all(|c| c.is_ascii_uppercase()) && h != "Y" && h != "N";
        if !ok {
            report.at(
                line,
                at(format!("hotkey {h:?} is not one capital letter other than Y and N")),
            );
            hotkey = None;
        } else if let Some(other) = earlier.iter().find(|e| e.hotkey.as_deref() == Some(h.as_str())) {
            report.at(
                line,
                at(format!("hotkey {h:?} is already the hotkey of {:?}", other.id)),
            );
            hotkey = None;
        }
    }
    let ask_if = match compile(&q.ask_if, &Scope::Checklist(earlier), GRADING_FACTS) {
        Ok(c) => c,
        Err(m) => {
            report.at(line, at(format!("ask_if: {m}")));
            return None;
        }
    };
    Some(Question {
        id: q.id,
        text: q.text,
        kind: q.kind,
        options,
        min: q.min,
        max: q.max,
        hotkey,
        ask_if,
    })
}

/// The questions a condition may name.
enum Scope<'a> {
    /// One checklist's questions (for ask_if: those before the question).
    Checklist(&'a [Question]),
    /// Every checklist's.
    All(&'a [&'a Question]),
}

impl Scope<'_> {
    /// The question's kind and accepted keys (over every checklist that has it).
    fn find(&self, id: &str) -> Option<(QuestionKind, Vec<String>)> {
        let found: Vec<&Question> = match self {
            Scope::Checklist(qs) => qs.iter().filter(|q| q.id == id).collect(),
            Scope::All(qs) => qs.iter().copied().filter(|q| q.id == id).collect(),
        };
        let first = found.first()?;
        let mut keys: Vec<String> = found
            .iter()
            .flat_map(|q| q.options.iter().map(|o| o.key.clone()))
            .collect();
        if first.kind == QuestionKind::Serial {
            keys = SERIAL_KEYS.iter().map(|k| k.to_string()).collect();
        }
        keys.sort();
        keys.dedup();
        Some((first.kind, keys))
    }
}

pub(super) const SERIAL_KEYS: [&str; 3] = ["match", "mismatch", "unknown"];

fn compile(when: &When, scope: &Scope, facts: &[&str]) -> Result<Cond, String> {
    let mut tests = Vec::new();
    for (name, m) in when {
        let name = name.as_str();
        if FACT_NAMES.contains(&name) && !facts.contains(&name) {
            return Err(format!(
                "{name} cannot be tested here (allowed facts: {})",
                facts.join(", ")
            ));
        }
        let test = match name {
            "grade" => Test::Grade(enum_set(name, m, &Grade::ALL, |g| g.as_str())?),
            "category" => Test::Category(enum_set(name, m, &Category::ALL, |c| c.as_str())?),
            "reason" => Test::Reason(enum_set(name, m, &ReturnReason::ALL, |r| r.as_str())?),
            "stock_need" => Test::StockNeed(enum_set(name, m, &StockNeed::ALL, |s| s.as_str())?),
            "flags" => {
                let (keys, negated) = key_list(name, m)?;
                let flags = keys
                    .iter()
                    .map(|k| Flag::parse(k).ok_or_else(|| one_of(name, k, Flag::ALL.iter().map(|f| f.as_str()))))
                    .collect::<Result<Vec<_>, _>>()?;
                Test::Flags { flags, negated }
            }
            "within_window" => Test::WithinWindow(boolean(name, m)?),
            "flagged" => Test::Flagged(boolean(name, m)?),
            "serial_expected" => Test::SerialExpected(boolean(name, m)?),
            "days_since_purchase" => {
                let r = range(name, m)?;
                if r.bounds().any(|b| b.fract() != 0.0) {
                    return Err(format!("{name}: days are whole numbers"));
                }
                Test::Days(r)
            }
            "unit_value" => {
                let r = range(name, m)?;
                let cents = |v: f64| (v * 100.0).round();
                Test::UnitValue(Range {
                    at_least: r.at_least.map(cents),
                    below: r.below.map(cents),
                })
            }
            question => {
                let Some((kind, offered)) = scope.find(question) else {
                    let known = match scope {
                        Scope::Checklist(_) => "an earlier question of this checklist",
                        Scope::All(_) => "a question of a checklist",
                    };
                    return Err(format!(
                        "{question:?} is neither a fact ({}) nor {known}",
                        facts.join(", ")
                    ));
                };
                match kind {
                    QuestionKind::Number => Test::AnswerNumber {
                        question: question.to_string(),
                        range: range(question, m)?,
                    },
                    QuestionKind::Text => {
                        return Err(format!("{question:?} is a free-text question; rules cannot test it"))
                    }
                    QuestionKind::Photo => {
                        return Err(format!("{question:?} is a photo question; rules cannot test it"))
                    }
                    _ => {
                        let (keys, negated) = key_list(question, m)?;
                        if let Some(bad) = keys.iter().find(|k| !offered.contains(k)) {
                            return Err(one_of(question, bad, offered.iter().map(String::as_str)));
                        }
                        Test::AnswerKey {
                            question: question.to_string(),
                            keys: KeySet { keys, negated },
                        }
                    }
                }
            }
        };
        tests.push(test);
    }
    // Facts first in their documented order, then questions by name.
    tests.sort_by_key(|t| {
        (
            FACT_NAMES.iter().position(|f| *f == t.name()).unwrap_or(usize::MAX),
            t.name().to_string(),
        )
    });
    Ok(Cond { tests })
}

fn one_of<'a>(name: &str, got: &str, allowed: impl Iterator<Item = &'a str>) -> String {
    format!(
        "{name}: {got:?} is not one of {}",
        allowed.collect::<Vec<_>>().join(", ")
    )
}

fn key_list(name: &str, m: &Matcher) -> Result<(Vec<String>, bool), String> {
    let (keys, negated) = match m {
        Matcher::One(k) => (vec![k.clone()], false),
        Matcher::AnyOf(v) => (v.clone(), false),
        Matcher::Table(MatcherTable {
            none_of: Some(v),
            at_least: None,
            below: None,
        }) => (v.clone(), true),
        _ => {
            return Err(format!(
                "{name}: expected a key, a list of keys or {{ none_of = [...] }}"
            ))
        }
    };
    if keys.is_empty() {
        return Err(format!("{name}: an empty list; the row could never fire"));
    }
    Ok((keys, negated))
}

fn enum_set<T: Copy + PartialEq>(
    name: &str,
    m: &Matcher,
    all: &[T],
    text: fn(T) -> &'static str,
) -> Result<Vec<T>, String> {
    let (keys, negated) = key_list(name, m)?;
    let mut listed = Vec::new();
    for k in &keys {
        let v = all
            .iter()
            .copied()
            .find(|v| text(*v) == k)
            .ok_or_else(|| one_of(name, k, all.iter().map(|v| text(*v))))?;
        listed.push(v);
    }
    let set: Vec<T> = all.iter().copied().filter(|v| listed.contains(v) != negated).collect();
    if set.is_empty() {
        return Err(format!(
            "{name}: none_of excludes every value; the row could never fire"
        ));
    }
    Ok(set)
}

fn boolean(name: &str, m: &Matcher) -> Result<bool, String> {
    match m {
        Matcher::Bool(b) => Ok(*b),
        _ => Err(format!("{name}: expected true or false")),
    }
}

fn range(name: &str, m: &Matcher) -> Result<Range, String> {
    match m {
        Matcher::Table(MatcherTable {
            none_of: None,
            at_least,
            below,
        }) if at_least.is_some() || below.is_some() => {
            let r = Range {
                at_least: *at_least,
                below: *below,
            };
            if r.is_empty() {
                return Err(format!(
                    "{name}: at_least is not below `below`; the row could never fire"
                ));
            }
            Ok(r)
        }
        _ => Err(format!("{name}: expected {{ at_least = N }}, {{ below = N }} or both")),
    }
}
