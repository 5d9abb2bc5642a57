//! From what the scanner typed to the code itself.

/// ASCII group separator: GS1 barcodes use it for FNC1 between fields.
const GS: char = '\u{1d}';

/// Splits off an AIM symbology identifier (`]` + symbology letter + modifier),
/// which scanners can be set to send before the data, e.g. `]C1` for GS1-128.
pub fn split_symbology(input: &str) -> (Option<&str>, &str) {
    let s = input.trim_start();
    let b = s.as_bytes();
    if b.len() >= 3 && b[0] == b']' && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphanumeric() {
        (Some(&s[..3]), &s[3..])
    } else {
        (None, input)
    }
}

/// The command a `CMD:` barcode names (uppercase, inner spaces kept single,
/// so `CMD:grade  a` is `GRADE A`); `None` when it is not a command.
pub fn command(body: &str) -> Option<String> {
    let s = body.trim();
    let prefix = s.get(..4)?;
    if !prefix.eq_ignore_ascii_case("CMD:") {
        return None;
    }
    let words: Vec<&str> = s[4..].split_whitespace().collect();
    Some(words.join(" ").to_uppercase())
}

/// Removes whitespace, control characters and a USPS `420`+ZIP routing
/// prefix; uppercases the rest.
pub fn compact(body: &str) -> String {
    let body = strip_routing_before_gs(body);
    let s: String = body
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_uppercase();
    strip_routing(&s).to_string()
}

/// `420` + 5- or 9-digit ZIP, then GS, then the IMpb: cut at the separator.
fn strip_routing_before_gs(body: &str) -> &str {
    let t = body.trim();
    if let Some((head, tail)) = t.split_once(GS) {
        let head = head.trim();
        let is_routing =
            head.starts_with("420") && matches!(head.len(), 8 | 12) && head.bytes().all(|b| b.is_ascii_digit());
        if is_routing {
            return tail;
        }
    }
    body
}

/// Without a separator the ZIP length is told by what follows: a 22- or
/// 26-digit IMpb starting with 9, preferring a split whose check digit holds.
fn strip_routing(s: &str) -> &str {
    if !s.starts_with("420") || !s.bytes().all(|b| b.is_ascii_digit()) {
        return s;
    }
    let candidates: Vec<&str> = [5, 9]
        .into_iter()
        .filter_map(|zip| s.get(3 + zip..))
        .filter(|rest| matches!(rest.len(), 22 | 26) && rest.starts_with('9'))
        .collect();
    candidates
        .iter()
        .copied()
        .find(|rest| crate::check::holds(rest, crate::check::usps_check_digit))
        .or(candidates.first().copied())
        .unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aim_prefix_is_split_off() {
        assert_eq!(split_symbology("]C1001234"), (Some("]C1"), "001234"));
        assert_eq!(split_symbology("]d2010950"), (Some("]d2"), "010950"));
        assert_eq!(split_symbology("]]C1"), (None, "]]C1"));
        assert_eq!(split_symbology("]é"), (None, "]é"));
    }

    #[test]
    fn commands_are_uppercased_with_single_spaces() {
        assert_eq!(command(" cmd:grade  a\r\n").as_deref(), Some("GRADE A"));
        assert_eq!(command("CMD:").as_deref(), Some(""));
        assert_eq!(command("CM"), None);
        assert_eq!(command("RMA0012345"), None);
    }

    #[test]
    fn routing_prefix_goes_with_or_without_separator() {
        assert_eq!(
            compact("42022153\u{1d}9101026837331000039521\r\n"),
            "9101026837331000039521"
        );
        assert_eq!(compact("420221539101026837331000039521"), "9101026837331000039521");
        assert_eq!(compact("4201002334249200190132607600833457"), "9200190132607600833457");
        assert_eq!(compact("1z 999 aa1 01 2345 678 4"), "1Z999AA10123456784");
        // Too short to hold an IMpb: left alone.
        assert_eq!(compact("420123456789"), "420123456789");
    }
}
