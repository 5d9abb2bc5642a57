//! Printers for the bench's labels: a printer named by a URI, sending one label to
//! it, and what a Zebra says about itself (`~HS`).
//!
//! Invariant: a label is sent at most once per call, and never to a printer that
//! says it cannot print (paper out, head open, paused): the caller retries later,
//! so nothing is lost and nothing prints twice.

mod ipp;
mod send;
mod uri;
mod usb;
mod zebra;

pub use send::{check, follow, send, send_watching, Payload, Sent, WATCH};
pub use uri::PrinterUri;
pub use zebra::ZebraStatus;

/// Why a label did not reach the printer. Every message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrintError {
    #[error("{0}")]
    BadUri(String),
    /// The printer could not be reached; try again or check the printer.
    #[error("the printer {printer} cannot be reached: {reason}; check it is on and connected, the label stays queued")]
    Unreachable { printer: String, reason: String },
    /// The printer answered but cannot print now (its own reason).
    #[error("the printer {printer} cannot print: {reason}; fix it, the label prints when it is ready")]
    Trouble { printer: String, reason: String },
    /// The printer is busy with another job; not a failure, try again shortly.
    #[error("the printer {printer} is busy; the label is sent again shortly")]
    Busy { printer: String },
    #[error("cannot write the label to {path}: {reason}; check the folder exists and is writable")]
    Folder { path: String, reason: String },
    /// The printer refused this label for good (its own reason): trying again cannot help.
    #[error("the printer {printer} refused the label: {reason}; print it on another printer")]
    Refused { printer: String, reason: String },
}

impl PrintError {
    /// Worth trying again later without anyone doing anything (busy, unreachable, trouble
    /// that someone fixes at the printer); a bad URI or an unsupported printer is not.
    pub fn retryable(&self) -> bool {
        matches!(
            self,
            PrintError::Unreachable { .. }
                | PrintError::Trouble { .. }
                | PrintError::Busy { .. }
                | PrintError::Folder { .. }
        )
    }
}

/// When to try a job again after `error` on its `attempts`-th try (1, 2, …): soon
/// for a busy printer, then 5 s doubling up to 5 min for one in trouble or out of
/// reach; `None` when trying again cannot help.
pub fn retry_after(error: &PrintError, attempts: u32) -> Option<std::time::Duration> {
    use std::time::Duration;
    match error {
        PrintError::Busy { .. } => Some(Duration::from_secs(2)),
        e if e.retryable() => {
            let doubling = 5u64.saturating_mul(1u64 << attempts.saturating_sub(1).min(16));
            Some(Duration::from_secs(doubling.min(300)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn retries_back_off_to_five_minutes_and_stop_when_pointless() {
        let trouble = PrintError::Trouble {
            printer: "socket://z:9100".into(),
            reason: "paper out".into(),
        };
        let delays: Vec<u64> = (1..=9).map(|n| retry_after(&trouble, n).unwrap().as_secs()).collect();
        assert_eq!(delays, [5, 10, 20, 40, 80, 160, 300, 300, 300]);
        assert_eq!(retry_after(&trouble, u32::MAX), Some(Duration::from_secs(300)));
        let busy = PrintError::Busy {
            printer: "ipp://x".into(),
        };
        assert_eq!(retry_after(&busy, 7), Some(Duration::from_secs(2)));
        assert_eq!(retry_after(&PrintError::BadUri("x".into()), 1), None);
    }
}
