//! GS1 Digital Link URIs (GS1 Digital Link Standard 1.x, uncompressed):
//! `https://{any host}/{any path}/01/{gtin}[/22/…][/10/…][/21/…][?17=…&…]`.

use super::{ai, value, Element, Gs1Error};

/// AIs that can open the identifying part of a Digital Link path.
const PRIMARY_KEYS: [&str; 15] = [
    "00", "01", "253", "255", "401", "402", "414", "417", "8003", "8004", "8006", "8010", "8013", "8017", "8018",
];

/// Whether `s` is an http(s) URI (the caller then tries it as a Digital Link).
pub fn is_web_uri(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// The elements of a Digital Link URI: path pairs in order, then query
/// parameters whose names are AIs (others, like `linkType`, are ignored).
pub fn parse_digital_link(uri: &str) -> Result<Vec<Element>, Gs1Error> {
    let table = ai::table();
    let fail = |why: String| Gs1Error::Link(why);
    if !is_web_uri(uri) {
        return Err(fail("a GS1 Digital Link starts with https://".into()));
    }
    let after_scheme = &uri[uri.find("//").map_or(0, |i| i + 2)..];
    let (path_and_query, _fragment) = after_scheme.split_once('#').unwrap_or((after_scheme, ""));
    let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let Some(first) = segments.iter().position(|s| PRIMARY_KEYS.contains(s)) else {
        return Err(fail(format!(
            "{uri} is a web address, not a GS1 Digital Link: its path names no GS1 key such as /01/ (GTIN)"
        )));
    };
    let mut pairs: Vec<(String, String)> = Vec::new();
    let path_pairs = &segments[first..];
    if !path_pairs.len().is_multiple_of(2) {
        return Err(fail(format!(
            "GS1 Digital Link path /{} has an AI without a value",
            path_pairs.join("/")
        )));
    }
    for pair in path_pairs.chunks(2) {
        pairs.push((pair[0].to_string(), percent_decode(pair[1]).map_err(&fail)?));
    }
    for param in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = param.split_once('=').unwrap_or((param, ""));
        if k.bytes().all(|b| b.is_ascii_digit()) && table.get(k).is_some() {
            pairs.push((k.to_string(), percent_decode(v).map_err(&fail)?));
        }
    }
    let mut out: Vec<Element> = Vec::new();
    for (k, v) in pairs {
        let spec = table.get(&k).ok_or_else(|| {
            fail(format!(
                "GS1 Digital Link path names /{k}/, which is not a GS1 Application Identifier"
            ))
        })?;
        // A GTIN-8, -12 or -13 may stand in the path; the AI holds 14 digits.
        let v = if k == "01" && matches!(v.len(), 8 | 12 | 13) && v.bytes().all(|b| b.is_ascii_digit()) {
            format!("{v:0>14}")
        } else {
            v
        };
        let e = value::element(spec, &v, 1).map_err(|e| fail(format!("GS1 Digital Link: {}", without_position(&e))))?;
        super::push(&mut out, e)?;
    }
    Ok(out)
}

/// A URI has no character positions worth naming: drop "(position n)".
fn without_position(e: &Gs1Error) -> String {
    let s = e.to_string();
    match s.find(" (position ") {
        Some(i) => {
            let end = s[i..].find(')').map_or(s.len(), |j| i + j + 1);
            format!("{}{}", &s[..i], &s[end..])
        }
        None => s,
    }
}

fn percent_decode(s: &str) -> Result<String, String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok());
            let Some(byte) = hex else {
                return Err(format!("GS1 Digital Link: bad percent-escape in {s:?}"));
            };
            out.push(byte);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("GS1 Digital Link: {s:?} is not UTF-8 once decoded"))
}
