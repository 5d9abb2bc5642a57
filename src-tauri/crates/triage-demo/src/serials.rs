//! Serial numbers a return can announce for its units.

use crate::rng::Rng;
use triage_scan::check::luhn_check_digit;

/// Letters and digits that cannot be misread (no I, O, Q).
const ALNUM: &[u8] = b"0123456789ABCDEFGHJKLMNPRSTUVWXYZ";

/// A phone's IMEI: the model's 8-digit TAC, a 6-digit serial, the Luhn digit.
pub fn imei(rng: &mut Rng, tac: &str) -> String {
    let payload = format!("{tac}{}", rng.digits(6));
    let check = luhn_check_digit(&payload).expect("TAC and serial are digits");
    format!("{payload}{check}")
}

/// Brand prefix + year and week of manufacture + 6 characters, e.g. `OX2531K7M2QD`.
pub fn alphanumeric(rng: &mut Rng, brand_prefix: &str) -> String {
    let (year, week) = if rng.chance(55) {
        (25, rng.range(1, 52))
    } else {
        (26, rng.range(1, 40))
    };
    format!("{brand_prefix}{year}{week:02}{}", rng.chars(6, ALNUM))
}

#[cfg(test)]
mod tests {
    use super::*;
    use triage_scan::check::luhn_valid;

    #[test]
    fn imeis_pass_luhn_and_serials_look_right() {
        let mut rng = Rng::new(3);
        for _ in 0..200 {
            let i = imei(&mut rng, "35271108");
            assert!(i.len() == 15 && i.starts_with("35271108") && luhn_valid(&i), "{i}");
            let s = alphanumeric(&mut rng, "OX");
            assert!(s.len() == 12 && s.starts_with("OX2"), "{s}");
        }
    }
}
