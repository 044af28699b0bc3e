//! The application's errors: user errors (bad input, not found, conflicts) apart
//! from internal ones (storage), so that adapters can map them to 4xx and 500.

use domain::Problem;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input is refused; each problem names its field.
    #[error("invalid input: {}", summary(.0))]
    Invalid(Vec<Problem>),
    #[error("{kind} {id:?} not found")]
    NotFound { kind: &'static str, id: String },
    /// The object exists already (duplicate id) or changed under the writer.
    #[error("conflict: {}", summary(.0))]
    Conflict(Vec<Problem>),
    /// An update was based on another revision than the stored one: nothing was written.
    #[error("{kind} {id:?} is at revision {current}, not {expected}: read it again and reapply the change")]
    Stale { kind: &'static str, id: String, expected: i64, current: i64 },
    /// A change the state machine does not allow from the state stored (a referral
    /// completed and reopened, say): nothing was written; the problem says why.
    #[error("refused: {}", summary(.0))]
    Transition(Vec<Problem>),
    #[error("wrong username or password")]
    BadCredentials,
    /// Not signed in where signing in is needed.
    #[error("sign in first")]
    Unauthenticated,
    /// Signed in, but the roles or the lawful basis do not allow this; the reason says which.
    #[error("forbidden: {reason}")]
    Forbidden { reason: String },
    /// Too many failed sign-ins: try again later.
    #[error("too many failed sign-in attempts; try again in {retry_after_seconds} s")]
    TooManyAttempts { retry_after_seconds: i64 },
    /// The database cannot be reached: writes wait for it, reads go on from the snapshot.
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    #[error("storage: {0}")]
    Store(crate::store::StoreError),
    #[error("internal: {0}")]
    Internal(String),
}

fn summary(problems: &[Problem]) -> String {
    let mut parts: Vec<String> = problems.iter().take(5).map(|p| format!("{}: {}", p.field, p.problem)).collect();
    if problems.len() > 5 {
        parts.push(format!("and {} more", problems.len() - 5));
    }
    parts.join("; ")
}

impl AppError {
    pub fn invalid(field: impl Into<String>, problem: impl Into<String>) -> AppError {
        AppError::Invalid(vec![Problem { field: field.into(), problem: problem.into() }])
    }
}

impl From<crate::store::StoreError> for AppError {
    fn from(e: crate::store::StoreError) -> AppError {
        use crate::store::StoreError;
        match e {
            StoreError::Unavailable(what) => AppError::Unavailable(what),
            StoreError::Stale { kind, id, expected, current } => {
                AppError::Stale { kind: kind.as_str(), id, expected, current }
            }
            StoreError::StaleRecord { kind, id, expected, current } => AppError::Stale { kind, id, expected, current },
            other => AppError::Store(other),
        }
    }
}
