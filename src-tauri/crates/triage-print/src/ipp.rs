//! IPP (CUPS queues, IPP Everywhere printers): Print-Job, then Get-Job-Attributes
//! until the job is completed. `server-error-busy` is "try again shortly", never a
//! failure; a refusal (4xx) is final; other server errors are retried.

use crate::send::{Payload, Sent};
use crate::{PrintError, PrinterUri};
use ipp::prelude::*;
use std::io::Cursor;
use std::time::{Duration, Instant};

/// How long a printer may take to finish one label before we stop watching (the
/// job stays with the printer; the label counts as sent).
const FINISH: Duration = Duration::from_secs(30);

pub(crate) fn print(printer: &PrinterUri, url: &str, job: &str, payload: Payload) -> Result<Sent, PrintError> {
    let name = printer.to_string();
    let uri: Uri = url
        .parse()
        .map_err(|e| PrintError::BadUri(format!("printer {name:?}: {e}")))?;
    let client = IppClient::builder(uri.clone())
        .request_timeout(Duration::from_secs(15))
        .build();
    let format = match payload {
        Payload::Pdf(_) => "application/pdf",
        // A Zebra behind CUPS takes ZPL raw.
        Payload::Zpl(_) => "application/vnd.cups-raw",
    };
    let operation = IppOperationBuilder::print_job(uri.clone(), IppPayload::new(Cursor::new(payload.bytes().to_vec())))
        .user_name("triage")
        .job_title(job)
        .document_format(format)
        .build()
        .map_err(|e| PrintError::Refused {
            printer: name.clone(),
            reason: format!("the print request could not be made: {e}"),
        })?;
    let response = client.send(operation).map_err(|e| PrintError::Unreachable {
        printer: name.clone(),
        reason: e.to_string(),
    })?;
    let status = response.header().status_code();
    judge(&name, status, &response)?;
    let Some(job_id) = job_attribute(&response, "job-id") else {
        return Ok(Sent {
            detail: format!("sent to {name}"),
        });
    };
    // Watch the job to its end: completed is printed; aborted or canceled is the printer's no.
    let deadline = Instant::now() + FINISH;
    loop {
        let state = IppOperationBuilder::get_job_attributes(uri.clone(), job_id)
            .build()
            .ok()
            .and_then(|query| client.send(query).ok())
            .filter(|r| r.header().status_code().is_success())
            .and_then(|r| job_attribute(&r, "job-state").map(|s| (s, job_message(&r))));
        match state {
            Some((9, _)) => {
                return Ok(Sent {
                    detail: format!("job {job_id} completed on {name}"),
                })
            }
            Some((7 | 8, message)) => {
                return Err(PrintError::Trouble {
                    printer: name,
                    reason: message.unwrap_or_else(|| format!("job {job_id} was stopped")),
                })
            }
            _ if Instant::now() >= deadline => {
                return Ok(Sent {
                    detail: format!("job {job_id} accepted by {name}, still printing"),
                })
            }
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// The printer's state (Get-Printer-Attributes): `idle` or `processing` when it
/// can print; stopped, or any `…-error` reason (media-empty-error…), is trouble.
pub(crate) fn state(printer: &PrinterUri, url: &str) -> Result<String, PrintError> {
    let name = printer.to_string();
    let uri: Uri = url
        .parse()
        .map_err(|e| PrintError::BadUri(format!("printer {name:?}: {e}")))?;
    let client = IppClient::builder(uri.clone())
        .request_timeout(Duration::from_secs(5))
        .build();
    let query = IppOperationBuilder::get_printer_attributes(uri)
        .attributes(["printer-state", "printer-state-reasons", "printer-state-message"])
        .build()
        .map_err(|e| PrintError::BadUri(format!("printer {name:?}: {e}")))?;
    let response = client.send(query).map_err(|e| PrintError::Unreachable {
        printer: name.clone(),
        reason: e.to_string(),
    })?;
    judge(&name, response.header().status_code(), &response)?;
    let attribute = |key: &str| {
        response
            .attributes()
            .groups_of(DelimiterTag::PrinterAttributes)
            .find_map(|g| g.get(key))
            .map(|a| a.value().clone())
    };
    let state = match attribute("printer-state") {
        Some(IppValue::Enum(3)) => "idle",
        Some(IppValue::Enum(4)) => "processing",
        Some(IppValue::Enum(5)) => "stopped",
        _ => "unknown",
    };
    let reasons: Vec<String> = match attribute("printer-state-reasons") {
        Some(IppValue::Array(values)) => values.iter().map(|v| v.to_string()).collect(),
        Some(v) => vec![v.to_string()],
        None => Vec::new(),
    };
    let errors: Vec<&String> = reasons.iter().filter(|r| r.ends_with("-error")).collect();
    if state == "stopped" || !errors.is_empty() {
        let why = if errors.is_empty() {
            reasons.join(", ")
        } else {
            errors.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        };
        return Err(PrintError::Trouble {
            printer: name,
            reason: if why.is_empty() || why == "none" {
                state.into()
            } else {
                why
            },
        });
    }
    Ok(state.into())
}

/// The response's status as a print error, if it is one.
fn judge(printer: &str, status: StatusCode, response: &IppRequestResponse) -> Result<(), PrintError> {
    if status.is_success() {
        return Ok(());
    }
    let printer = printer.to_string();
    let reason = job_message(response).unwrap_or_else(|| format!("{status}"));
    Err(match status as u16 {
        0x0507 => PrintError::Busy { printer },
        0x0400..=0x04ff => PrintError::Refused { printer, reason },
        _ => PrintError::Trouble { printer, reason },
    })
}

fn job_attribute(response: &IppRequestResponse, name: &str) -> Option<i32> {
    response
        .attributes()
        .groups_of(DelimiterTag::JobAttributes)
        .find_map(|g| g.get(name))
        .and_then(|a| match a.value() {
            IppValue::Integer(i) | IppValue::Enum(i) => Some(*i),
            _ => None,
        })
}

fn job_message(response: &IppRequestResponse) -> Option<String> {
    response
        .attributes()
        .groups()
        .iter()
        .find_map(|g| g.get("status-message").or_else(|| g.get("job-state-message")))
        .map(|a| a.value().to_string())
        .filter(|m| !m.trim().is_empty())
}
