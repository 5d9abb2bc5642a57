//! IPP (CUPS queues, IPP Everywhere printers): Print-Job, then Get-Job-Attributes
//! until the job is completed, for a while; a job still printing after that is
//! followed later by its job id. `server-error-busy` is "try again shortly", never
//! a failure; a refusal (4xx) is final; other server errors are retried; a job the
//! printer aborts or cancels fails with the printer's own reason.

use crate::send::{Payload, Sent};
use crate::{PrintError, PrinterUri};
use ipp::prelude::*;
use std::io::Cursor;
use std::time::{Duration, Instant};

fn client(printer: &PrinterUri, url: &str, timeout: Duration) -> Result<(Uri, IppClient), PrintError> {
    let uri: Uri = url
        .parse()
        .map_err(|e| PrintError::BadUri(format!("printer {:?}: {e}", printer.to_string())))?;
    let client = IppClient::builder(uri.clone()).request_timeout(timeout).build();
    Ok((uri, client))
}

pub(crate) fn print(
    printer: &PrinterUri,
    url: &str,
    job: &str,
    payload: Payload,
    watch: Duration,
) -> Result<Sent, PrintError> {
    let name = printer.to_string();
    let (uri, client) = client(printer, url, Duration::from_secs(15))?;
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
        return Ok(Sent::done(format!("sent to {name}")));
    };
    // Watch the job to its end: completed is printed; aborted or canceled is the
    // printer's no; still printing when the watch ends is followed later.
    let deadline = Instant::now() + watch;
    loop {
        match job_state(&client, &uri, job_id) {
            Some(JobEnd::Completed) => return Ok(Sent::done(format!("job {job_id} completed on {name}"))),
            Some(JobEnd::Stopped(reason)) => return Err(PrintError::Trouble { printer: name, reason }),
            _ if Instant::now() >= deadline => {
                return Ok(Sent {
                    detail: format!("job {job_id} accepted by {name}, still printing"),
                    remote_job: Some(job_id),
                })
            }
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// One look at a job the printer took earlier.
pub(crate) fn follow(printer: &PrinterUri, url: &str, job_id: i32) -> Result<Option<Sent>, PrintError> {
    let name = printer.to_string();
    let (uri, client) = client(printer, url, Duration::from_secs(5))?;
    let query = IppOperationBuilder::get_job_attributes(uri, job_id)
        .build()
        .map_err(|e| PrintError::BadUri(format!("printer {name:?}: {e}")))?;
    let response = client.send(query).map_err(|e| PrintError::Unreachable {
        printer: name.clone(),
        reason: e.to_string(),
    })?;
    if response.header().status_code() as u16 == 0x0406 {
        // client-error-not-found: the printer forgot the job (restarted, or purged
        // its history); it was taken, and nothing says it failed.
        return Ok(Some(Sent::done(format!("job {job_id} is no longer known to {name}"))));
    }
    judge(&name, response.header().status_code(), &response)?;
    Ok(match end_of(&response) {
        Some(JobEnd::Completed) => Some(Sent::done(format!("job {job_id} completed on {name}"))),
        Some(JobEnd::Stopped(reason)) => return Err(PrintError::Trouble { printer: name, reason }),
        None => None,
    })
}

/// How a job ended.
enum JobEnd {
    Completed,
    /// Aborted or canceled: the printer's reason.
    Stopped(String),
}

fn job_state(client: &IppClient, uri: &Uri, job_id: i32) -> Option<JobEnd> {
    let query = IppOperationBuilder::get_job_attributes(uri.clone(), job_id)
        .build()
        .ok()?;
    let response = client.send(query).ok()?;
    if !response.header().status_code().is_success() {
        return None;
    }
    end_of(&response)
}

/// `job-state` 9 is completed, 7 canceled and 8 aborted (RFC 8011 5.3.7); the
/// reason is the printer's message, else its job-state-reasons.
fn end_of(response: &IppRequestResponse) -> Option<JobEnd> {
    match job_attribute(response, "job-state")? {
        9 => Some(JobEnd::Completed),
        state @ (7 | 8) => {
            let reasons = job_reasons(response);
            let said = match (job_message(response), reasons.is_empty()) {
                (Some(m), false) => format!("{m} ({})", reasons.join(", ")),
                (Some(m), true) => m,
                (None, false) => reasons.join(", "),
                (None, true) => String::new(),
            };
            let what = if state == 7 { "canceled" } else { "aborted" };
            Some(JobEnd::Stopped(if said.is_empty() {
                format!("the printer {what} the job")
            } else {
                format!("the printer {what} the job: {said}")
            }))
        }
        _ => None,
    }
}

/// The job's `job-state-reasons`, without the uninformative `none`.
fn job_reasons(response: &IppRequestResponse) -> Vec<String> {
    let value = response
        .attributes()
        .groups_of(DelimiterTag::JobAttributes)
        .find_map(|g| g.get("job-state-reasons"))
        .map(|a| a.value().clone());
    let all = match value {
        Some(IppValue::Array(values)) => values.iter().map(|v| v.to_string()).collect(),
        Some(v) => vec![v.to_string()],
        None => Vec::new(),
    };
    all.into_iter().filter(|r| r != "none").collect()
}

/// The printer's state (Get-Printer-Attributes): `idle` or `processing` when it
/// can print; stopped, or any `…-error` reason (media-empty-error…), is trouble.
pub(crate) fn state(printer: &PrinterUri, url: &str) -> Result<String, PrintError> {
    let name = printer.to_string();
    let (uri, client) = client(printer, url, Duration::from_secs(5))?;
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
        .map(|a| a.value().to_string().trim().to_string())
        .filter(|m| !m.is_empty())
}
