//! One error type for the JSON API with stable snake_case codes, and the
//! mapping from application errors. Internal errors are logged, never shown.

use app::AppError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::Problem;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ApiError {
    #[serde(skip)]
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Vec<Problem>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into(), details: Vec::new() }
    }

    pub fn with(mut self, field: impl Into<String>, problem: impl Into<String>) -> ApiError {
        self.details.push(Problem { field: field.into(), problem: problem.into() });
        self
    }

    pub fn bad_parameter(field: &str, problem: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_parameter", format!("query parameter {field:?} is invalid"))
            .with(field, problem)
    }

    pub fn not_found(what: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", what)
    }

    pub fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "sign in first: POST /api/v1/sessions, then send the token as 'Authorization: Bearer <token>'",
        )
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> ApiError {
        match e {
            AppError::Invalid(details) => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "invalid_field",
                message: "the input was refused; details name each field".into(),
                details,
            },
            AppError::Conflict(details) => ApiError {
                status: StatusCode::CONFLICT,
                code: "duplicate_id",
                message: "an object with this id exists already".into(),
                details,
            },
            AppError::Transition(details) => ApiError {
                status: StatusCode::CONFLICT,
                code: "transition_refused",
                message: details.first().map_or_else(|| "the change is refused".into(), |p| p.problem.clone()),
                details,
            },
            AppError::NotFound { kind, id } => ApiError::not_found(format!("{kind} {id:?} not found")),
            AppError::Stale { kind, id, expected, current } => ApiError::new(
                StatusCode::CONFLICT,
                "stale_revision",
                format!(
                    "{kind} {id:?} was changed by someone else: it is at revision {current}, not {expected}; \
                     read it again (its ETag is \"{current}\") and reapply your change"
                ),
            )
            .with("revision", format!("the stored revision is {current}")),
            AppError::Unavailable(e) => {
                tracing::warn!(error = %e, "database unavailable");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "the database cannot be reached just now; nothing was written. Reading still works; try again shortly",
                )
            }
            AppError::BadCredentials => {
                ApiError::new(StatusCode::UNAUTHORIZED, "bad_credentials", "wrong username or password")
            }
            AppError::Unauthenticated => ApiError::unauthorized(),
            AppError::Forbidden { reason } => ApiError::new(StatusCode::FORBIDDEN, "forbidden", reason),
            AppError::TooManyAttempts { retry_after_seconds } => ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                format!("too many failed sign-in attempts; try again in {} minutes", retry_after_seconds / 60),
            )
            .with("retry_after", retry_after_seconds.to_string()),
            AppError::Store(e) => {
                tracing::error!(error = %e, "storage error");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "internal error; it has been logged")
            }
            AppError::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "internal error; it has been logged")
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            return (self.status, [(axum::http::header::RETRY_AFTER, "5")], Json(&self)).into_response();
        }
        if self.status == StatusCode::TOO_MANY_REQUESTS {
            let after = self.details.first().map(|d| d.problem.clone()).unwrap_or_else(|| "900".into());
            return (self.status, [(axum::http::header::RETRY_AFTER, after)], Json(&self)).into_response();
        }
        (self.status, Json(&self)).into_response()
    }
}

/// A panic in a handler becomes a logged 500 in the API's error format.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "internal error; it has been logged").into_response()
}
