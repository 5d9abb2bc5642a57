//! The same rule set written in YAML: read to the same rules, its problems named
//! on its own lines.

use super::*;

/// `value` (the default TOML file read as data) written as block YAML.
fn to_yaml(out: &mut String, indent: usize, table: &toml::Table) {
    let pad = " ".repeat(indent);
    for (key, value) in table {
        match value {
            toml::Value::Table(t) => {
                out.push_str(&format!("{pad}{key}:\n"));
                to_yaml(out, indent + 2, t);
            }
            toml::Value::Array(items) if items.iter().all(|i| i.is_table()) && !items.is_empty() => {
                out.push_str(&format!("{pad}{key}:\n"));
                for item in items {
                    out.push_str(&format!("{pad}  -\n"));
                    to_yaml(out, indent + 4, item.as_table().unwrap());
                }
            }
            v => out.push_str(&format!("{pad}{key}: {}\n", flow(v))),
        }
    }
}

fn flow(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => serde_json::to_string(s).unwrap(),
        toml::Value::Array(items) => format!("[{}]", items.iter().map(flow).collect::<Vec<_>>().join(", ")),
        toml::Value::Table(t) => format!(
            "{{{}}}",
            t.iter()
                .map(|(k, v)| format!("{k}: {}", flow(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        v => v.to_string(),
    }
}

/// The rule set's debug text with every `line: N` blanked.
fn without_lines(set: &RuleSet) -> String {
    let text = format!("{set:?}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("line: ") {
        out.push_str(&rest[..at + 6]);
        rest = rest[at + 6..].trim_start_matches(|c: char| c.is_ascii_digit());
        out.push('_');
    }
    out.push_str(rest);
    out
}

fn default_as_yaml() -> String {
    let table: toml::Table = toml::from_str(DEFAULT).unwrap();
    let mut out = String::from("# The default rules, written as YAML by the test.\n");
    to_yaml(&mut out, 0, &table);
    out
}

#[test]
fn the_default_rules_written_in_yaml_are_the_same_rules() {
    let yaml = default_as_yaml();
    let from_yaml = RuleSet::from_text("default.yaml", &yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
    let mut from_toml = rules();
    assert_ne!(from_yaml.hash, from_toml.hash, "the hash is the YAML text's own");
    from_toml.hash = from_yaml.hash.clone();
    // The same rules; only the lines rows remember (for messages) differ.
    assert_eq!(without_lines(&from_yaml), without_lines(&from_toml));
    assert_ne!(
        format!("{from_yaml:?}"),
        format!("{from_toml:?}"),
        "rows remember their YAML lines"
    );
    // Told apart by content when the name says nothing.
    assert!(RuleSet::from_text("from central", &yaml).is_ok());
    assert!(RuleSet::from_text("from central", DEFAULT).is_ok());
    assert!(is_yaml("x", &yaml) && !is_yaml("x", DEFAULT));
}

#[test]
fn a_yaml_file_is_refused_on_its_own_lines() {
    let yaml = default_as_yaml();
    let lines: Vec<&str> = yaml.lines().collect();
    // An unknown field in the second grade.
    let at = lines
        .iter()
        .position(|l| l.trim() == "ebay_condition_id: 1500")
        .unwrap();
    let indent = &lines[at][..lines[at].len() - lines[at].trim_start().len()];
    let mut bad = lines.clone();
    let field = format!("{indent}colour: red");
    bad.insert(at + 1, &field);
    let err = RuleSet::from_text("site.yaml", &(bad.join("\n") + "\n")).unwrap_err();
    assert_eq!(err.diagnostics.len(), 1, "{err}");
    assert!(
        err.to_string()
            .starts_with(&format!("site.yaml:{}: unknown field `colour`", at + 2)),
        "{err}"
    );

    // Two flag rows with one id: both named by their YAML lines (each row's first key).
    let row_of = |id: &str| {
        let at = lines.iter().position(|l| l.trim() == format!("id: \"{id}\"")).unwrap();
        let row = lines[..at].iter().rposition(|l| l.trim() == "-").unwrap();
        (at, row + 2)
    };
    let ((_, first), (id_at, second)) = (row_of("flag-serial-mismatch"), row_of("flag-wardrobing"));
    let mut bad: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    bad[id_at] = bad[id_at].replace("flag-wardrobing", "flag-serial-mismatch");
    let err = RuleSet::from_text("site.yaml", &(bad.join("\n") + "\n")).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("site.yaml:{second}: rule id \"flag-serial-mismatch\" is already used at line {first}")
    );

    // Not YAML at all.
    let err = RuleSet::from_text("site.yml", "version: 1\ngrade: [A\n").unwrap_err();
    assert!(
        err.to_string().starts_with("site.yml:3: this is not valid YAML"),
        "{err}"
    );
}
