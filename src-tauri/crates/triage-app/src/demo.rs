//! The demo data set shipped in assets/demo, moved to "as of today" so its
//! return windows mean something whenever it is loaded.

use chrono::NaiveDate;
use triage_core::ReturnOrder;

const DEMO_JSON: &str = include_str!("../../../../assets/demo/returns.json");

/// The committed demo returns, with every date shifted so the set is as of `today`.
pub fn demo_returns(today: NaiveDate) -> Result<Vec<ReturnOrder>, String> {
    let mut orders = triage_core::import::parse_json(DEMO_JSON).map_err(|e| {
        format!("assets/demo/returns.json is unreadable ({e}); regenerate it with `triage demo generate`")
    })?;
    triage_demo::rebase(&mut orders, triage_demo::DEMO_AS_OF, today);
    Ok(orders)
}

/// The demo bench's people: badge, name, role, PIN (printed in the README; a real
/// site adds its own with `triage user add` or central).
pub const DEMO_USERS: [(&str, &str, triage_core::Role, &str); 3] = [
    ("EMP1001", "Inès Moreau", triage_core::Role::Inspector, "2580"),
    ("EMP2001", "Karim Diallo", triage_core::Role::Lead, "4826"),
    ("EMP9001", "Sofia Admin", triage_core::Role::Admin, "9173"),
];
