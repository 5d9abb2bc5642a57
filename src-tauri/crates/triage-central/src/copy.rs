//! PostgreSQL's COPY text format, written from JSON rows (pure).
//!
//! One row per line, columns separated by tabs, `\N` for NULL; backslash, tab,
//! newline and carriage return inside a value are escaped, so no value can end a
//! row or the data early. Arrays and objects are written as JSON text (for jsonb).

use serde_json::Value;

/// Appends `value` as one COPY text field.
pub fn field(out: &mut Vec<u8>, value: Option<&Value>) {
    match value {
        None | Some(Value::Null) => out.extend_from_slice(b"\\N"),
        Some(Value::String(s)) => escape(out, s),
        Some(Value::Bool(b)) => out.extend_from_slice(if *b { b"t" } else { b"f" }),
        Some(Value::Number(n)) => out.extend_from_slice(n.to_string().as_bytes()),
        Some(v @ (Value::Array(_) | Value::Object(_))) => escape(out, &v.to_string()),
    }
}

fn escape(out: &mut Vec<u8>, s: &str) {
    for b in s.bytes() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}

/// Appends one row: the object's values in `columns` order (a missing key is NULL).
pub fn row(out: &mut Vec<u8>, object: &serde_json::Map<String, Value>, columns: &[&str]) {
    for (i, c) in columns.iter().enumerate() {
        if i > 0 {
            out.push(b'\t');
        }
        field(out, object.get(*c));
    }
    out.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one(v: Value) -> String {
        let mut out = Vec::new();
        field(&mut out, Some(&v));
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn values_are_escaped_so_rows_stay_whole() {
        assert_eq!(one(json!("a\tb\nc\\d\re")), "a\\tb\\nc\\\\d\\re");
        assert_eq!(one(json!("\\.")), "\\\\.");
        assert_eq!(one(json!(null)), "\\N");
        assert_eq!(one(json!("\\N")), "\\\\N", "the text \\N is not NULL");
        assert_eq!(one(json!(12)), "12");
        assert_eq!(one(json!(true)), "t");
        assert_eq!(one(json!({"k": "v\n"})), "{\"k\":\"v\\\\n\"}");
        assert_eq!(one(json!("Élodie Müller")), "Élodie Müller");
    }

    #[test]
    fn a_row_follows_the_column_order_and_nulls_missing_keys() {
        let mut out = Vec::new();
        let o = json!({"b": 2, "a": "x"});
        row(&mut out, o.as_object().unwrap(), &["a", "b", "c"]);
        assert_eq!(String::from_utf8(out).unwrap(), "x\t2\t\\N\n");
    }
}
