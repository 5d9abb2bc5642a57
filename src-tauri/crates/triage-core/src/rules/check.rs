//! Proves a rule set's tables consistent by walking every case they can meet.
//!
//! Every dimension a table tests is cut into the few values that can make a
//! difference (each key, each range boundary, absent), and every combination
//! is tried. For disposition and refund that proves: each reachable case has a
//! row, no two rows with different outcomes hold together, and each row holds
//! somewhere. Grades are only those some complete checklist can give.

use super::cond::{Env, Resolved, Test};
use super::file::{Report, SERIAL_KEYS};
use super::*;
use std::collections::BTreeSet;

/// More cases than this and the table is too wide to check: split it.
const MAX_CASES: usize = 2_000_000;

pub(super) fn tables(report: &mut Report, set: &RuleSet) {
    // Every grade of every category: a lead's override may set any grade, and an
    // empty box is F. The checklists are walked for their own problems.
    for c in &set.checklists {
        checklist(report, c);
    }
    let pairs: Vec<(Category, Grade)> = Category::ALL
        .iter()
        .flat_map(|c| Grade::ALL.iter().map(move |g| (*c, *g)))
        .collect();
    // An answer exists only in the categories whose checklist has the question.
    let in_category = |category: Category, question: &str| set.checklist(category).iter().any(|q| q.id == question);
    let all_questions: Vec<&Question> = set.checklists.iter().flat_map(|c| &c.questions).collect();
    walk(
        report,
        "flag",
        &set.flags,
        &pairs,
        &all_questions,
        &in_category,
        None::<fn(&Flag, &Flag) -> bool>,
    );
    walk(
        report,
        "disposition",
        &set.disposition,
        &pairs,
        &all_questions,
        &in_category,
        Some(|a: &Destination, b: &Destination| a == b),
    );
    walk(
        report,
        "refund",
        &set.refund,
        &pairs,
        &all_questions,
        &in_category,
        Some(|a: &RefundAdvice, b: &RefundAdvice| a == b),
    );
}

fn base_env<'a>(category: Category) -> Env<'a> {
    Env {
        grade: Grade::A,
        category,
        within_window: true,
        days_since_purchase: 0,
        unit_value_cents: 0,
        flags: Vec::new(),
        stock_need: StockNeed::Unknown,
        reason: ReturnReason::Unknown,
        serial_expected: false,
        answers: BTreeMap::new(),
    }
}

/// The values of one question an answer can take, as rules see them.
fn answer_values(q: &Question, bounds: &[f64]) -> Vec<Resolved> {
    match q.kind {
        QuestionKind::YesNo | QuestionKind::Choice => q.options.iter().map(|o| Resolved::Key(o.key.clone())).collect(),
        QuestionKind::Serial => SERIAL_KEYS.iter().map(|k| Resolved::Key(k.to_string())).collect(),
        QuestionKind::Text | QuestionKind::Photo => vec![Resolved::Text],
        QuestionKind::Number => points(bounds).into_iter().map(Resolved::Number).collect(),
    }
}

/// One value inside each interval the bounds cut the line into.
fn points(bounds: &[f64]) -> Vec<f64> {
    let mut b: Vec<f64> = bounds.to_vec();
    b.sort_by(f64::total_cmp);
    b.dedup();
    match b.first() {
        None => vec![0.0],
        Some(first) => std::iter::once(first - 1.0).chain(b.iter().copied()).collect(),
    }
}

fn number_bounds<'a>(tests: impl Iterator<Item = &'a Test>, question: &str) -> Vec<f64> {
    tests
        .filter_map(|t| match t {
            Test::AnswerNumber { question: q, range } if q == question => Some(range.bounds().collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect()
}

/// Walks every complete checklist; returns the grades it can give and reports
/// questions never asked and grading rows that never hold.
fn checklist(report: &mut Report, c: &Checklist) -> BTreeSet<Grade> {
    let tests: Vec<&Test> = c
        .questions
        .iter()
        .flat_map(|q| &q.ask_if.tests)
        .chain(c.grading.iter().flat_map(|r| &r.when.tests))
        .collect();
    let values: Vec<Vec<Resolved>> = c
        .questions
        .iter()
        .map(|q| answer_values(q, &number_bounds(tests.iter().copied(), &q.id)))
        .collect();
    let mut asked = vec![false; c.questions.len()];
    let mut fired = vec![false; c.grading.len()];
    let mut grades = BTreeSet::new();
    for serial_expected in [false, true] {
        let mut env = base_env(c.category);
        env.serial_expected = serial_expected;
        let mut cases = 0usize;
        descend(c, &values, 0, &mut env, &mut asked, &mut fired, &mut grades, &mut cases);
        if cases > MAX_CASES {
            report.whole(format!(
                "the {} checklist has more than {MAX_CASES} ways through it to check; ask fewer questions at once (ask_if) or give choices fewer options",
                c.category.as_str()
            ));
            return grades;
        }
    }
    for (q, was) in c.questions.iter().zip(&asked) {
        if !was {
            report.whole(format!(
                "unreachable: question {:?} ({}) is never asked: its ask_if cannot hold",
                q.id,
                c.category.as_str()
            ));
        }
    }
    for (r, was) in c.grading.iter().zip(&fired) {
        if !was {
            report.at(
                r.line,
                format!(
                    "unreachable: grading row {:?} holds for no complete {} checklist",
                    r.id,
                    c.category.as_str()
                ),
            );
        }
    }
    grades
}

#[allow(clippy::too_many_arguments)]
fn descend<'a>(
    c: &'a Checklist,
    values: &[Vec<Resolved>],
    i: usize,
    env: &mut Env<'a>,
    asked: &mut [bool],
    fired: &mut [bool],
    grades: &mut BTreeSet<Grade>,
    cases: &mut usize,
) {
    *cases += 1;
    if *cases > MAX_CASES {
        return;
    }
    let Some(q) = c.questions.get(i) else {
        let mut grade = Grade::A;
        for (row, f) in c.grading.iter().zip(fired.iter_mut()) {
            if row.when.holds(env) {
                *f = true;
                grade = grade.max(row.then);
            }
        }
        grades.insert(grade);
        return;
    };
    if !q.ask_if.holds(env) {
        descend(c, values, i + 1, env, asked, fired, grades, cases);
        return;
    }
    asked[i] = true;
    for v in &values[i] {
        env.answers.insert(q.id.as_str(), v.clone());
        descend(c, values, i + 1, env, asked, fired, grades, cases);
    }
    env.answers.remove(q.id.as_str());
}

/// One dimension of the case space: a name and the values worth trying.
enum Dim<'a> {
    Pair(Vec<(Category, Grade)>),
    Window,
    SerialExpected,
    Days(Vec<f64>),
    Cents(Vec<f64>),
    Flags(Vec<Vec<Flag>>),
    Stock,
    Reason,
    Answer(&'a str, Vec<Option<Resolved>>),
}

impl<'a> Dim<'a> {
    fn len(&self) -> usize {
        match self {
            Dim::Pair(v) => v.len(),
            Dim::Window | Dim::SerialExpected => 2,
            Dim::Days(v) | Dim::Cents(v) => v.len(),
            Dim::Flags(v) => v.len(),
            Dim::Stock => StockNeed::ALL.len(),
            Dim::Reason => ReturnReason::ALL.len(),
            Dim::Answer(_, v) => v.len(),
        }
    }

    fn set(&self, i: usize, env: &mut Env<'a>) {
        match self {
            Dim::Pair(v) => (env.category, env.grade) = v[i],
            Dim::Window => env.within_window = i == 0,
            Dim::SerialExpected => env.serial_expected = i == 0,
            Dim::Days(v) => env.days_since_purchase = v[i] as i64,
            Dim::Cents(v) => env.unit_value_cents = v[i] as i64,
            Dim::Flags(v) => env.flags = v[i].clone(),
            Dim::Stock => env.stock_need = StockNeed::ALL[i],
            Dim::Reason => env.reason = ReturnReason::ALL[i],
            Dim::Answer(q, v) => match &v[i] {
                Some(r) => {
                    env.answers.insert(q, r.clone());
                }
                None => {
                    env.answers.remove(q);
                }
            },
        }
    }
}

fn dims<'a, T>(rows: &'a [Row<T>], pairs: &[(Category, Grade)], questions: &[&'a Question]) -> Vec<Dim<'a>> {
    let tests: Vec<&'a Test> = rows.iter().flat_map(|r| &r.when.tests).collect();
    let names: BTreeSet<&str> = tests.iter().map(|t| t.name()).collect();
    let mut out = vec![Dim::Pair(pairs.to_vec())];
    let bounds = |pick: fn(&Test) -> Option<&cond::Range>| -> Vec<f64> {
        points(
            &tests
                .iter()
                .filter_map(|t| pick(t))
                .flat_map(|r| r.bounds())
                .collect::<Vec<_>>(),
        )
    };
    for name in &names {
        match *name {
            "grade" | "category" => {}
            "within_window" => out.push(Dim::Window),
            "serial_expected" => out.push(Dim::SerialExpected),
            "days_since_purchase" => out.push(Dim::Days(bounds(|t| match t {
                Test::Days(r) => Some(r),
                _ => None,
            }))),
            "unit_value" => out.push(Dim::Cents(bounds(|t| match t {
                Test::UnitValue(r) => Some(r),
                _ => None,
            }))),
            "stock_need" => out.push(Dim::Stock),
            "reason" => out.push(Dim::Reason),
            "flags" | "flagged" => {}
            q => {
                let found: Vec<&&Question> = questions.iter().filter(|x| x.id == q).collect();
                let nb = number_bounds(tests.iter().copied(), q);
                let mut values: Vec<Option<Resolved>> = vec![None];
                for x in found {
                    for v in answer_values(x, &nb) {
                        if !values.contains(&Some(v.clone())) {
                            values.push(Some(v));
                        }
                    }
                }
                out.push(Dim::Answer(q, values));
            }
        }
    }
    if names.contains("flags") || names.contains("flagged") {
        let mut named: Vec<Flag> = tests
            .iter()
            .filter_map(|t| match t {
                Test::Flags { flags, .. } => Some(flags.clone()),
                _ => None,
            })
            .flatten()
            .collect();
        named.sort();
        named.dedup();
        if names.contains("flagged") {
            if let Some(other) = Flag::ALL.into_iter().find(|f| !named.contains(f)) {
                named.push(other);
            }
        }
        let subsets = (0..1usize << named.len())
            .map(|bits| {
                named
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| bits & (1 << i) != 0)
                    .map(|(_, f)| *f)
                    .collect()
            })
            .collect();
        out.push(Dim::Flags(subsets));
    }
    out
}

/// The case in words: grade, category and the dimensions `keep` says matter.
fn describe(env: &Env, dims: &[Dim], keep: impl Fn(usize, &Dim) -> bool) -> String {
    let mut parts = vec![
        format!("grade {}", env.grade.as_str()),
        format!("category {}", env.category.as_str()),
    ];
    for (i, d) in dims.iter().enumerate() {
        if !keep(i, d) {
            continue;
        }
        let (name, test) = match d {
            Dim::Pair(_) => continue,
            Dim::Window => ("within_window", Test::WithinWindow(true)),
            Dim::SerialExpected => ("serial_expected", Test::SerialExpected(true)),
            Dim::Days(_) => (
                "days_since_purchase",
                Test::Days(cond::Range {
                    at_least: None,
                    below: None,
                }),
            ),
            Dim::Cents(_) => (
                "unit_value",
                Test::UnitValue(cond::Range {
                    at_least: None,
                    below: None,
                }),
            ),
            Dim::Flags(_) => ("flags", Test::Flagged(true)),
            Dim::Stock => ("stock_need", Test::StockNeed(Vec::new())),
            Dim::Reason => ("reason", Test::Reason(Vec::new())),
            Dim::Answer(q, _) => (
                *q,
                Test::AnswerNumber {
                    question: q.to_string(),
                    range: cond::Range {
                        at_least: None,
                        below: None,
                    },
                },
            ),
        };
        parts.push(format!("{name} {}", env.describe(&test)));
    }
    parts.join(", ")
}

/// Whether a row's condition tests the dimension.
fn tested_by(d: &Dim, cond: &cond::Cond) -> bool {
    let name = match d {
        Dim::Pair(_) => return false,
        Dim::Window => "within_window",
        Dim::SerialExpected => "serial_expected",
        Dim::Days(_) => "days_since_purchase",
        Dim::Cents(_) => "unit_value",
        Dim::Flags(_) => {
            return cond
                .tests
                .iter()
                .any(|t| matches!(t, Test::Flags { .. } | Test::Flagged(_)))
        }
        Dim::Stock => "stock_need",
        Dim::Reason => "reason",
        Dim::Answer(q, _) => q,
    };
    cond.tests.iter().any(|t| t.name() == name)
}

/// Tries every case on a table. With `same`, the table must give exactly one
/// outcome per case (rows giving the same outcome may overlap).
fn walk<'a, T>(
    report: &mut Report,
    what: &str,
    rows: &'a [Row<T>],
    pairs: &[(Category, Grade)],
    questions: &[&'a Question],
    in_category: &dyn Fn(Category, &str) -> bool,
    same: Option<impl Fn(&T, &T) -> bool>,
) {
    if rows.is_empty() {
        return;
    }
    let dims = dims(rows, pairs, questions);
    let total = dims.iter().map(Dim::len).try_fold(1usize, |acc, n| acc.checked_mul(n));
    if total.is_none_or(|t| t > MAX_CASES) || dims.iter().any(|d| d.len() == 0) {
        let line = rows[0].line;
        report.at(
            line,
            format!("the {what} table tests too many things at once to be checked; split it"),
        );
        return;
    }
    let mut env = base_env(Category::Home);
    let mut idx = vec![0usize; dims.len()];
    for (d, i) in dims.iter().zip(&idx) {
        d.set(*i, &mut env);
    }
    let mut fired = vec![false; rows.len()];
    let mut gaps: Vec<String> = Vec::new();
    let mut clashes: BTreeSet<(usize, usize)> = BTreeSet::new();
    let answer_dims: Vec<&str> = dims
        .iter()
        .filter_map(|d| match d {
            Dim::Answer(q, _) => Some(*q),
            _ => None,
        })
        .collect();
    loop {
        // The case as it can happen: no answer to a question its category does not ask.
        let mut case = env.clone();
        for q in &answer_dims {
            if !in_category(case.category, q) {
                case.answers.remove(q);
            }
        }
        let env_now = &case;
        let holding: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].when.holds(env_now)).collect();
        for &i in &holding {
            fired[i] = true;
        }
        if let Some(same) = &same {
            if holding.is_empty() && gaps.len() < 3 {
                // Name only the dimensions where another value would find a row.
                let mut probe = case.clone();
                let relevant: Vec<bool> = dims
                    .iter()
                    .enumerate()
                    .map(|(k, d)| {
                        let found = !matches!(d, Dim::Pair(_))
                            && (0..d.len()).any(|v| {
                                d.set(v, &mut probe);
                                rows.iter().any(|r| r.when.holds(&probe))
                            });
                        d.set(idx[k], &mut probe);
                        found
                    })
                    .collect();
                let message = format!(
                    "no {what} row holds for: {}",
                    describe(env_now, &dims, |k, _| relevant[k])
                );
                if !gaps.contains(&message) {
                    report.whole(message.clone());
                    gaps.push(message);
                }
            }
            for (n, &a) in holding.iter().enumerate() {
                for &b in &holding[n + 1..] {
                    if !same(&rows[a].then, &rows[b].then) && clashes.insert((a, b)) {
                        report.at(
                            rows[b].line,
                            format!(
                                "{what} rows {:?} (line {}) and {:?} both hold, with different outcomes, for: {}",
                                rows[a].id,
                                rows[a].line,
                                rows[b].id,
                                describe(env_now, &dims, |_, d| tested_by(d, &rows[a].when)
                                    || tested_by(d, &rows[b].when))
                            ),
                        );
                    }
                }
            }
        }
        // Next case (odometer).
        let mut k = 0;
        loop {
            if k == dims.len() {
                for (r, was) in rows.iter().zip(&fired) {
                    if !was {
                        report.at(
                            r.line,
                            format!(
                                "unreachable: {what} row {:?} holds for no case the checklists can produce",
                                r.id
                            ),
                        );
                    }
                }
                return;
            }
            idx[k] += 1;
            if idx[k] < dims[k].len() {
                dims[k].set(idx[k], &mut env);
                break;
            }
            idx[k] = 0;
            dims[k].set(0, &mut env);
            k += 1;
        }
    }
}
