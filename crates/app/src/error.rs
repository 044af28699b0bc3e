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
    #[error("wrong username or password")]
    BadCredentials,
    #[error("storage: {0}")]
    Store(#[from] crate::store::StoreError),
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
