//! Check digits of the codes a bench scans. Each function takes the payload
//! (the number without its check digit) and returns the check digit, or `None`
//! when the payload holds a character the scheme does not allow.
//!
//! Public so the demo generator builds numbers that pass the same checks.

pub use triage_core::gtin::gs1_check_digit;

/// UPS `1Z` numbers: the 15 characters after `1Z` (shipper account, service,
/// package id). Letters count as `(ASCII − 63) mod 10` (A=2 … H=9, I=0 …);
/// characters in odd positions (1st, 3rd…) count once, even positions twice;
/// the check digit brings the sum up to a multiple of 10.
pub fn ups_check_digit(body: &str) -> Option<u8> {
    let mut sum = 0u32;
    for (i, c) in body.chars().enumerate() {
        let v = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A'..='Z' => (c as u32 - 63) % 10,
            _ => return None,
        };
        sum += if i % 2 == 1 { v * 2 } else { v };
    }
    Some(((10 - sum % 10) % 10) as u8)
}

/// FedEx Express 12-digit numbers (and the 14-digit tail of the 34-digit
/// barcode): weights 1, 3, 7 repeating from the rightmost payload digit,
/// sum mod 11, and a remainder of 10 gives 0.
pub fn fedex_express_check_digit(payload: &str) -> Option<u8> {
    const WEIGHTS: [u32; 3] = [1, 3, 7];
    let mut sum = 0u32;
    for (i, c) in payload.chars().rev().enumerate() {
        sum += c.to_digit(10)? * WEIGHTS[i % 3];
    }
    Some((sum % 11 % 10) as u8)
}

/// FedEx Ground 15-digit numbers (also the last 15 digits of the 22-digit
/// `96…` barcode): the GS1 mod-10 over the 14-digit payload.
pub fn fedex_ground_check_digit(payload: &str) -> Option<u8> {
    gs1_check_digit(payload)
}

/// USPS Intelligent Mail package barcode (IMpb, 20/22/26 digits): the GS1
/// mod-10 over every digit before the check digit (USPS Publication 199).
pub fn usps_check_digit(payload: &str) -> Option<u8> {
    gs1_check_digit(payload)
}

/// DHL Express 10-digit waybill numbers: the 9-digit payload mod 7.
pub fn dhl_check_digit(payload: &str) -> Option<u8> {
    let mut rem = 0u32;
    for c in payload.chars() {
        rem = (rem * 10 + c.to_digit(10)?) % 7;
    }
    Some(rem as u8)
}

/// SSCC-18 (serial shipping container code): the GS1 mod-10 over 17 digits.
pub fn sscc_check_digit(payload: &str) -> Option<u8> {
    gs1_check_digit(payload)
}

/// Luhn (mod 10, doubling every second digit from the right of the payload):
/// the check digit of an IMEI's first 14 digits.
pub fn luhn_check_digit(payload: &str) -> Option<u8> {
    let mut sum = 0u32;
    for (i, c) in payload.chars().rev().enumerate() {
        let d = c.to_digit(10)?;
        sum += if i % 2 == 0 {
            let x = d * 2;
            if x > 9 {
                x - 9
            } else {
                x
            }
        } else {
            d
        };
    }
    Some(((10 - sum % 10) % 10) as u8)
}

/// The GTIN-12 (UPC-A) an 8-digit UPC-E stands for, its check digit kept
/// as scanned; `None` unless it is 8 digits starting with 0 or 1.
/// The last of the six middle digits says where the zeros go.
pub fn upc_e_expand(upc_e: &str) -> Option<String> {
    let b = upc_e.as_bytes();
    if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) || !matches!(b[0], b'0' | b'1') {
        return None;
    }
    let d = |i: usize| char::from(b[i]);
    let (ns, check) = (d(0), d(7));
    let body: String = match b[6] {
        b'0'..=b'2' => [d(1), d(2), d(6), '0', '0', '0', '0', d(3), d(4), d(5)]
            .iter()
            .collect(),
        b'3' => [d(1), d(2), d(3), '0', '0', '0', '0', '0', d(4), d(5)].iter().collect(),
        b'4' => [d(1), d(2), d(3), d(4), '0', '0', '0', '0', '0', d(5)].iter().collect(),
        _ => [d(1), d(2), d(3), d(4), d(5), '0', '0', '0', '0', d(6)]
            .iter()
            .collect(),
    };
    Some(format!("{ns}{body}{check}"))
}

/// Whether the last digit of `number` is the Luhn check digit of the rest.
pub fn luhn_valid(number: &str) -> bool {
    holds(number, luhn_check_digit)
}

/// Whether the last character of `number` is the check digit `scheme`
/// computes over the characters before it.
pub fn holds(number: &str, scheme: fn(&str) -> Option<u8>) -> bool {
    split_check(number).is_some_and(|(payload, found)| scheme(payload) == Some(found))
}

/// Splits a number into its payload and its final check digit.
pub(crate) fn split_check(number: &str) -> Option<(&str, u8)> {
    let last = number.chars().last()?;
    let found = last.to_digit(10)? as u8;
    Some((&number[..number.len() - last.len_utf8()], found))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_examples_hold() {
        // UPS's own developer-guide example, and numbers from label samples.
        assert!(holds("999AA10123456784", ups_check_digit));
        assert!(holds("5R89390357567127", ups_check_digit));
        // FedEx Express and Ground numbers from FedEx label samples.
        assert!(holds("986578788855", fedex_express_check_digit));
        assert!(holds("041441760228964", fedex_ground_check_digit));
        // USPS IMpb from USPS samples; DHL Express waybills.
        assert!(holds("9400111201080805483016", usps_check_digit));
        assert!(holds("3318810025", dhl_check_digit));
        // GS1 General Specifications' SSCC example.
        assert!(holds("106141412345678908", sscc_check_digit));
        // The IMEI Wikipedia uses as its example.
        assert!(luhn_valid("490154203237518"));
    }

    #[test]
    fn upc_e_expands_by_its_sixth_digit() {
        // One per zero-placement rule (checked by hand); 04252614 is the usual textbook one.
        assert_eq!(upc_e_expand("01234505").as_deref(), Some("012000003455"));
        assert_eq!(upc_e_expand("01234531").as_deref(), Some("012300000451"));
        assert_eq!(upc_e_expand("01234543").as_deref(), Some("012340000053"));
        assert_eq!(upc_e_expand("01234558").as_deref(), Some("012345000058"));
        assert_eq!(upc_e_expand("04252614").as_deref(), Some("042100005264"));
        assert!(holds("042100005264", gs1_check_digit));
        assert_eq!(upc_e_expand("21234505"), None);
        assert_eq!(upc_e_expand("0123450"), None);
    }

    #[test]
    fn one_wrong_digit_breaks_each_check() {
        assert!(!holds("999AA10123456783", ups_check_digit));
        assert!(!holds("996578788855", fedex_express_check_digit));
        assert!(!holds("3318810010", dhl_check_digit));
        assert!(!luhn_valid("490154203237517"));
    }

    #[test]
    fn fedex_express_remainder_ten_becomes_zero() {
        // 1·1 + 3·3 = 10 ≡ 10 (mod 11) → check digit 0.
        assert_eq!(fedex_express_check_digit("31"), Some(0));
    }

    #[test]
    fn foreign_characters_give_none() {
        assert_eq!(ups_check_digit("999aa1012345678"), None);
        assert_eq!(dhl_check_digit("33188A002"), None);
        assert_eq!(luhn_check_digit("4901-5420"), None);
        assert!(!holds("", dhl_check_digit));
    }
}
