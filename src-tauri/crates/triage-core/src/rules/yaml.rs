//! YAML rule files: read with line marks and written out as the TOML the loader
//! reads, remembering for each TOML line the YAML line it came from, so every
//! diagnostic (unknown field, duplicate id, a row that never holds…) names the line
//! of the YAML file the lead wrote.
//!
//! Plain scalars follow YAML 1.2's core schema (`true`/`false`, integers, floats);
//! quoted scalars are strings; a key with no value, `~` or `null` is left out (an
//! optional field not given). Anchors and aliases are refused: a rule file says
//! each thing where it applies.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

/// The TOML text and, for each of its lines (from 1), the YAML line it came from.
pub(super) struct Translated {
    pub toml: String,
    pub lines: Vec<usize>,
}

/// Why a YAML file could not be read: its line and the reason.
pub(super) struct YamlError {
    pub line: usize,
    pub message: String,
}

enum Node {
    Scalar { value: String, plain: bool },
    Seq(Vec<(usize, Node)>),
    Map(Vec<(String, usize, Node)>),
}

pub(super) fn translate(text: &str) -> Result<Translated, YamlError> {
    let root = read(text)?;
    let Some((line, root)) = root else {
        return Err(YamlError {
            line: 1,
            message:
                "the YAML file is empty: a rule file needs at least version, fallback_category and review_destination"
                    .into(),
        });
    };
    let Node::Map(entries) = root else {
        return Err(YamlError {
            line,
            message: "a YAML rule file is a mapping of keys (version: …, grade: …), not a list or a single value"
                .into(),
        });
    };
    let mut out = Translated {
        toml: String::new(),
        lines: Vec::new(),
    };
    table(&mut out, "", &entries);
    Ok(out)
}

/// The document as a tree, each node with the line it starts on.
fn read(text: &str) -> Result<Option<(usize, Node)>, YamlError> {
    enum Open {
        Seq(usize, Vec<(usize, Node)>),
        Map(usize, Vec<(String, usize, Node)>, Option<(String, usize)>),
    }
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Open> = Vec::new();
    let mut root = None;
    let mut documents = 0;
    loop {
        let (event, mark) = parser.next_token().map_err(|e| YamlError {
            line: e.marker().line(),
            message: format!("this is not valid YAML: {}", e.info()),
        })?;
        let line = mark.line();
        let done = match event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError {
                        line,
                        message: "a rule file holds one YAML document: remove the second `---`".into(),
                    });
                }
                None
            }
            Event::Alias(_) => return Err(YamlError {
                line,
                message:
                    "anchors and aliases (&name, *name) are not read in rule files: write the value where it applies"
                        .into(),
            }),
            Event::Scalar(value, style, anchor, _) => {
                if anchor > 0 {
                    return Err(YamlError {
                        line,
                        message: "anchors (&name) are not read in rule files: write the value where it applies".into(),
                    });
                }
                let plain = matches!(style, TScalarStyle::Plain);
                // A mapping's key.
                if let Some(Open::Map(_, _, key @ None)) = stack.last_mut() {
                    *key = Some((value, line));
                    continue;
                }
                Some((line, Node::Scalar { value, plain }))
            }
            Event::SequenceStart(..) => {
                stack.push(Open::Seq(line, Vec::new()));
                None
            }
            Event::MappingStart(..) => {
                if let Some(Open::Map(_, _, None)) = stack.last() {
                    return Err(YamlError {
                        line,
                        message: "a key must be a plain word (grade, when, …), not a list or a mapping".into(),
                    });
                }
                stack.push(Open::Map(line, Vec::new(), None));
                None
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Open::Seq(at, items)) => Some((at, Node::Seq(items))),
                _ => None,
            },
            Event::MappingEnd => match stack.pop() {
                Some(Open::Map(at, entries, _)) => Some((at, Node::Map(entries))),
                _ => None,
            },
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => None,
        };
        let Some((at, node)) = done else { continue };
        match stack.last_mut() {
            Some(Open::Seq(_, items)) => items.push((at, node)),
            Some(Open::Map(_, entries, key)) => {
                let Some((key, key_line)) = key.take() else {
                    return Err(YamlError {
                        line: at,
                        message: "a key must be a plain word (grade, when, …), not a list or a mapping".into(),
                    });
                };
                if let Some((_, first, _)) = entries.iter().find(|(k, ..)| *k == key) {
                    return Err(YamlError {
                        line: key_line,
                        message: format!("key {key:?} is given twice in one mapping (first at line {first})"),
                    });
                }
                entries.push((key, key_line, node));
            }
            None => root = Some((at, node)),
        }
    }
    Ok(root)
}

/// A list whose items are all mappings: an array of tables in TOML.
fn is_tables(node: &Node) -> bool {
    matches!(node, Node::Seq(items) if !items.is_empty() && items.iter().all(|(_, n)| matches!(n, Node::Map(_))))
}

/// The entries of one table: plain keys first (TOML wants them before any
/// sub-table), then each list of mappings as `[[path.key]]` tables.
fn table(out: &mut Translated, path: &str, entries: &[(String, usize, Node)]) {
    for (key, line, node) in entries.iter().filter(|(.., n)| !is_tables(n)) {
        let mut value = String::new();
        if inline(&mut value, node) {
            push_line(out, *line, &format!("{} = {value}", quoted(key)));
        }
    }
    for (key, _, node) in entries.iter().filter(|(.., n)| is_tables(n)) {
        let Node::Seq(items) = node else { continue };
        let path = if path.is_empty() {
            quoted(key)
        } else {
            format!("{path}.{}", quoted(key))
        };
        for (line, item) in items {
            if let Node::Map(entries) = item {
                push_line(out, *line, &format!("[[{path}]]"));
                table(out, &path, entries);
            }
        }
    }
}

/// `node` as a TOML value on one line; false for a null (the key is left out).
fn inline(out: &mut String, node: &Node) -> bool {
    match node {
        Node::Scalar { value, plain: true } => match value.as_str() {
            "" | "~" | "null" | "Null" | "NULL" => return false,
            "true" | "True" | "TRUE" => out.push_str("true"),
            "false" | "False" | "FALSE" => out.push_str("false"),
            ".inf" | ".Inf" | ".INF" | "+.inf" => out.push_str("inf"),
            "-.inf" | "-.Inf" | "-.INF" => out.push_str("-inf"),
            ".nan" | ".NaN" | ".NAN" => out.push_str("nan"),
            v if is_integer(v) => out.push_str(v.trim_start_matches('+')),
            v if is_float(v) => {
                // TOML wants digits on both sides of the point.
                let v = v.trim_start_matches('+');
                let (sign, v) = v.strip_prefix('-').map_or(("", v), |v| ("-", v));
                let v = if v.starts_with('.') {
                    format!("0{v}")
                } else {
                    v.to_string()
                };
                let v = v.replace(".e", ".0e").replace(".E", ".0E");
                let v = if v.ends_with('.') { format!("{v}0") } else { v };
                out.push_str(sign);
                out.push_str(&v);
            }
            v => out.push_str(&quoted(v)),
        },
        Node::Scalar { value, plain: false } => out.push_str(&quoted(value)),
        Node::Seq(items) => {
            out.push('[');
            let mut first = true;
            for (_, item) in items {
                let mut value = String::new();
                if inline(&mut value, item) {
                    if !first {
                        out.push_str(", ");
                    }
                    out.push_str(&value);
                    first = false;
                }
            }
            out.push(']');
        }
        Node::Map(entries) => {
            out.push('{');
            let mut first = true;
            for (key, _, item) in entries {
                let mut value = String::new();
                if inline(&mut value, item) {
                    out.push_str(if first { " " } else { ", " });
                    out.push_str(&quoted(key));
                    out.push_str(" = ");
                    out.push_str(&value);
                    first = false;
                }
            }
            out.push_str(if first { "}" } else { " }" });
        }
    }
    true
}

fn is_integer(v: &str) -> bool {
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn is_float(v: &str) -> bool {
    let v = v.strip_prefix(['-', '+']).unwrap_or(v);
    let (mantissa, exponent) = match v.find(['e', 'E']) {
        Some(at) => (&v[..at], Some(&v[at + 1..])),
        None => (v, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((a, b)) => digits(a) && digits(b) && !(a.is_empty() && b.is_empty()),
        None => !mantissa.is_empty() && digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(is_integer);
    mantissa_ok && exponent_ok && (mantissa.contains('.') || exponent.is_some())
}

/// A TOML basic string.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn push_line(out: &mut Translated, yaml_line: usize, line: &str) {
    out.toml.push_str(line);
    out.toml.push('\n');
    out.lines.push(yaml_line);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toml(yaml: &str) -> String {
        match translate(yaml) {
            Ok(t) => t.toml,
            Err(e) => panic!("line {}: {}", e.line, e.message),
        }
    }

    #[test]
    fn scalars_follow_the_core_schema() {
        let t = toml("a: 1\nb: -2.5\nc: .5\nd: 1e3\ne: true\nf: \"true\"\ng: A\nh: ~\ni:\nj: [Y, 'N', 3]\nk: {at_least: 30, below: 500}\n");
        assert_eq!(
            t,
            "\"a\" = 1\n\"b\" = -2.5\n\"c\" = 0.5\n\"d\" = 1e3\n\"e\" = true\n\"f\" = \"true\"\n\"g\" = \"A\"\n\"j\" = [\"Y\", \"N\", 3]\n\"k\" = { \"at_least\" = 30, \"below\" = 500 }\n"
        );
    }

    #[test]
    fn lists_of_mappings_become_tables_with_the_yaml_line_of_each() {
        let t = translate("version: x\ngrade:\n  - grade: A\n    label: {en: New}\n  - grade: B\nchecklist:\n  - category: phone\n    question:\n      - id: q\n").ok().unwrap();
        assert_eq!(
            t.toml,
            "\"version\" = \"x\"\n[[\"grade\"]]\n\"grade\" = \"A\"\n\"label\" = { \"en\" = \"New\" }\n[[\"grade\"]]\n\"grade\" = \"B\"\n[[\"checklist\"]]\n\"category\" = \"phone\"\n[[\"checklist\".\"question\"]]\n\"id\" = \"q\"\n"
        );
        assert_eq!(t.lines, vec![1, 3, 3, 4, 5, 5, 7, 7, 9, 9]);
    }

    #[test]
    fn what_is_not_read_is_refused_with_its_line() {
        let err = |yaml: &str| translate(yaml).err().map(|e| (e.line, e.message)).unwrap();
        assert_eq!(err("a: &x 1\nb: *x\n").0, 1);
        assert!(err("a: &x 1\nb: *x\n").1.contains("anchors"));
        assert_eq!(err("a: 1\nb: [1, 2\n").0, 3);
        assert_eq!(
            err("a: 1\na: 2\n"),
            (2, "key \"a\" is given twice in one mapping (first at line 1)".into())
        );
        assert!(err("- a\n- b\n").1.contains("mapping of keys"));
        assert!(err("").1.contains("empty"));
    }
}
