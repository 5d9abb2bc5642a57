//! The bench's liquidation container: what it holds, and closing it. Closing
//! numbers the container, stamps its code on the units inside and prints its label
//! (the contents, for the buyer's manifest) in one transaction.

use crate::dto::ContainerView;
use crate::{AppError, Bench, ErrorCode, Result};
use chrono::{DateTime, Local, Utc};
use triage_core::container::{self, ContainerItem};
use triage_core::Action;
use triage_labels::{LabelData, LabelTemplate};

/// The container label on a 4x6 printer (and in the bench's label folder).
const TEMPLATE: &str = "liquidation-4x6";
/// How many LPNs the label lists before "and N more".
const LPNS_LISTED: usize = 40;

impl Bench {
    /// What the open liquidation container holds: every unit confirmed on this
    /// bench for liquidation (after any lead's decision) since the last one closed.
    pub async fn open_container(&self) -> Result<ContainerView> {
        self.actor(Action::InspectUnit)?;
        let items = self.store().open_container(&self.config().bench_id()).await?;
        Ok(view(None, &items, None, None))
    }

    /// Closes the open container and prints its label. Refused when it is empty.
    pub async fn close_container(&self) -> Result<ContainerView> {
        let by = self.actor(Action::InspectUnit)?;
        let now = self.now();
        let config = self.config();
        let (site, bench_number) = (config.site.clone(), config.bench_number);
        let label_dir = config.label_dir();
        let printer = self.printer();
        let closed = self
            .store()
            .close_container(
                &config.bench_id(),
                &by,
                now.with_timezone(&Utc),
                |seq| container::code(&site, bench_number, seq),
                |code, items| {
                    let data = label_data(code, items, now, &format!("Site {site} · Bench {bench_number:02} · {by}"));
                    let template = LabelTemplate::builtin(TEMPLATE).map_err(|e| e.to_string())?;
                    let mut file = crate::bench::write_label(&label_dir, code, &template, &data)?;
                    if let Some(p) = printer {
                        let stock = LabelTemplate::builtin(LabelTemplate::for_stock("liquidation", &p.template))
                            .map_err(|e| e.to_string())?;
                        file.print = Some(triage_store::NewPrintJob {
                            lpn: code.to_string(),
                            printer: p.uri,
                            format: p.format.name().into(),
                            payload: p.format.render(&stock, &data)?,
                            reprint_of: None,
                        });
                    }
                    Ok(file)
                },
            )
            .await?
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::WrongState,
                    "the liquidation container is empty: no unit has been routed to liquidation on this bench since the last container was closed",
                )
            })?;
        let print_job = self.print_jobs(&closed.code).await?.into_iter().next();
        let pdf = closed.label.path.display().to_string();
        Ok(view(Some(closed.code), &closed.items, Some(pdf), print_job))
    }
}

fn view(
    code: Option<String>,
    items: &[ContainerItem],
    label_pdf: Option<String>,
    print_job: Option<crate::dto::PrintJobView>,
) -> ContainerView {
    let contents = container::contents(items);
    ContainerView {
        code,
        units: contents.units as u32,
        skus: contents.skus as u32,
        value_cents: contents.value_cents,
        contents: contents.line(),
        lpns: items.iter().map(|i| i.lpn.clone()).collect(),
        label_pdf,
        print_job,
    }
}

/// The container's label: its numbers under the liquidation template's captions.
fn label_data(code: &str, items: &[ContainerItem], at: DateTime<Local>, bench: &str) -> LabelData {
    let contents = container::contents(items);
    let mut lpns = items
        .iter()
        .take(LPNS_LISTED)
        .map(|i| i.lpn.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    if items.len() > LPNS_LISTED {
        lpns.push_str(&format!(" and {} more", items.len() - LPNS_LISTED));
    }
    LabelData {
        lpn: code.to_string(),
        sku: contents.line(),
        description: lpns,
        grade: contents.units.to_string(),
        disposition: "LIQUIDATION".into(),
        destination: format!("Container {code}"),
        return_number: contents.value(),
        date: at.format("%Y-%m-%d %H:%M").to_string(),
        bench: bench.to_string(),
        flags: Vec::new(),
        gtin: String::new(),
        serial: String::new(),
    }
}
