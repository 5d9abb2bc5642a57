//! `triage unit …`: a confirmed unit's history, a lead's override, a re-disposition.

use triage_app::Bench;
use triage_core::rules::{Amendment, AmendmentKind, LocalText, RefundAdvice, RefundKind, RefundReason};

/// A snake_case value of one of the rule enums, or a message listing the allowed ones.
fn parse_enum<T: serde::de::DeserializeOwned>(what: &str, value: &str, allowed: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(value.trim().to_ascii_lowercase()))
        .map_err(|_| format!("{what} {value:?} is not one of {allowed}"))
}

#[derive(clap::Args)]
pub struct Change {
    /// New grade (A, B, C, D, F).
    #[arg(long)]
    grade: Option<String>,
    /// New disposition (restock, refurbish, liquidate, dispose); needs --destination.
    #[arg(long, alias = "to")]
    disposition: Option<String>,
    /// Sub-route of the disposition (return_to_vendor, donate, recycle).
    #[arg(long)]
    route: Option<String>,
    /// Where the unit goes (English; also French unless --destination-fr is given).
    #[arg(long)]
    destination: Option<String>,
    #[arg(long)]
    destination_fr: Option<String>,
    /// Refund advice: full, none, or partial:FEE (e.g. partial:20).
    #[arg(long)]
    refund: Option<String>,
    /// Why that refund (as_new, used_restocking_fee, defective_on_arrival, damaged_by_customer, outside_window, wrong_item, missing_accessories).
    #[arg(long)]
    refund_reason: Option<String>,
    /// Why the change, in words (required).
    #[arg(long)]
    reason: String,
}

impl Change {
    pub fn amendment(self, kind: AmendmentKind) -> Result<Amendment, String> {
        let grade = self
            .grade
            .map(|g| {
                triage_core::Grade::parse(&g.trim().to_uppercase())
                    .ok_or(format!("grade {g:?} is not one of A, B, C, D, F"))
            })
            .transpose()?;
        let refund = match self.refund {
            None => None,
            Some(r) => {
                let (kind, fee) = match r.trim().to_ascii_lowercase().split_once(':') {
                    Some(("partial", fee)) => (
                        RefundKind::Partial,
                        fee.trim_end_matches('%')
                            .parse::<u8>()
                            .map_err(|_| format!("--refund {r:?}: the fee is a whole percent, e.g. partial:20"))?,
                    ),
                    None if r.trim().eq_ignore_ascii_case("full") => (RefundKind::Full, 0),
                    None if r.trim().eq_ignore_ascii_case("none") => (RefundKind::None, 0),
                    _ => return Err(format!("--refund {r:?} is not full, none or partial:FEE")),
                };
                let reason: RefundReason = parse_enum(
                    "--refund-reason",
                    self.refund_reason.as_deref().ok_or("--refund needs --refund-reason")?,
                    "as_new, used_restocking_fee, defective_on_arrival, damaged_by_customer, outside_window, wrong_item, missing_accessories",
                )?;
                Some(RefundAdvice {
                    kind,
                    fee_percent: fee,
                    reason,
                })
            }
        };
        let destination = self.destination.map(|en| LocalText {
            fr: self.destination_fr.unwrap_or_else(|| en.clone()),
            en,
        });
        Ok(Amendment {
            kind,
            grade,
            disposition: self
                .disposition
                .map(|d| parse_enum("disposition", &d, "restock, refurbish, liquidate, dispose"))
                .transpose()?,
            route: self
                .route
                .map(|r| parse_enum("route", &r, "return_to_vendor, donate, recycle"))
                .transpose()?,
            destination,
            refund,
            reason: self.reason,
        })
    }
}

pub async fn amend(bench: &Bench, lpn: &str, amendment: &Amendment) -> Result<(), String> {
    let done = bench.amend_unit(lpn, amendment).await.map_err(|e| e.message)?;
    println!(
        "{} is now {}: {}",
        done.lpn,
        done.state.as_str().replace('_', " "),
        done.decision.summary
    );
    if let Some(pdf) = done.reprinted_pdf {
        println!("label printed again: {pdf}");
    }
    Ok(())
}

pub async fn show(bench: &Bench, lpn: &str) -> Result<(), String> {
    let h = bench.unit_history(lpn).await.map_err(|e| e.message)?;
    println!("{} · {}", h.lpn, h.state.as_str().replace('_', " "));
    println!("inspected: {}", h.original.summary);
    for a in &h.amendments {
        let kind = match a.kind {
            AmendmentKind::Override => "override",
            AmendmentKind::Redisposition => "re-disposition",
        };
        println!(
            "{}. {kind} by {} at {}: {} {} → {} {} (grade {} → {}): {}",
            a.seq,
            a.by,
            a.at,
            a.from_disposition,
            a.from_destination,
            a.to_disposition,
            a.to_destination,
            a.from_grade.as_str(),
            a.to_grade.as_str(),
            a.reason
        );
    }
    println!("in force: {}", h.in_force.summary);
    Ok(())
}
