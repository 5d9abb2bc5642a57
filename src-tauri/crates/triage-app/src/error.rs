use serde::Serialize;
use ts_rs::TS;

/// The closed set of error codes the UI may branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    UnknownCode,
    InvalidCode,
    NotFound,
    WrongState,
    Incomplete,
    InvalidInput,
    Storage,
    Label,
    /// A printer could not take a label (its own reason in the message).
    Printer,
    /// A rule file was refused; the set in force stays.
    Rules,
    /// A scanner or the USB bus could not be read.
    Device,
    /// Central could not be reached or refused (the bench keeps working alone).
    Central,
    /// Nobody is logged in, or the bench locked itself: the UI shows the login.
    NotSignedIn,
    /// The user logged in may not do this (their role).
    Forbidden,
    /// Unknown or switched-off badge, or a wrong PIN.
    WrongPin,
    /// Too many wrong PINs: the badge waits.
    BadgeLocked,
    Internal,
}

/// An error as the UI and the CLI see it: a code to branch on and a sentence for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(export)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

pub type Result<T> = std::result::Result<T, AppError>;

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError {
            code,
            message: message.into(),
        }
    }
}

impl From<triage_store::StoreError> for AppError {
    fn from(e: triage_store::StoreError) -> Self {
        use triage_store::StoreError as S;
        let code = match &e {
            S::IllegalTransition(_) | S::Conflict(_) => ErrorCode::WrongState,
            S::NotFound(_) => ErrorCode::NotFound,
            S::Label(_) => ErrorCode::Label,
            _ => ErrorCode::Storage,
        };
        AppError::new(code, e.to_string())
    }
}

impl From<triage_central::CentralError> for AppError {
    fn from(e: triage_central::CentralError) -> Self {
        AppError::new(ErrorCode::Central, e.to_string())
    }
}
