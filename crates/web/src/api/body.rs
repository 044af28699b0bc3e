//! JSON request bodies: content type checked, size bounded, and parse errors
//! that name the JSON path of the problem.

use crate::AppState;
use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, OptionalFromRequest, Request};
use axum::http::{StatusCode, header};
use domain::{Entity, EntityKind};
use serde::de::DeserializeOwned;

pub const MAX_BODY: usize = 1 << 20;

pub struct JsonBody(pub Bytes);

impl FromRequest<AppState> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, _: &AppState) -> Result<JsonBody, ApiError> {
        let is_json =
            request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| {
                v.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
            });
        if !is_json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as JSON with 'Content-Type: application/json'",
            ));
        }
        axum::body::to_bytes(request.into_body(), MAX_BODY).await.map(JsonBody).map_err(|_| {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("the body is over {MAX_BODY} bytes"),
            )
        })
    }
}

impl OptionalFromRequest<AppState> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Option<JsonBody>, ApiError> {
        if request.headers().get(header::CONTENT_TYPE).is_none() {
            return Ok(None);
        }
        <JsonBody as FromRequest<AppState>>::from_request(request, state).await.map(Some)
    }
}

/// Parse JSON into `T`, naming the path of the first problem.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let result: Result<T, _> = serde_path_to_error::deserialize(&mut deserializer);
    let value = result.map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let (code, message) = if inner.is_syntax() || inner.is_eof() {
            ("invalid_json", "the body is not valid JSON")
        } else {
            ("invalid_field", "a field has the wrong type or value")
        };
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
            .with(if path == "." { "(body)".to_owned() } else { path }, clean(&inner.to_string()))
    })?;
    deserializer.end().map_err(|e| {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_json", "the body is not valid JSON")
            .with("(body)", clean(&e.to_string()))
    })?;
    Ok(value)
}

fn clean(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

pub fn entity(kind: EntityKind, bytes: &[u8]) -> Result<Entity, ApiError> {
    Ok(match kind {
        EntityKind::Organization => Entity::Organization(parse(bytes)?),
        EntityKind::Unit => Entity::Unit(parse(bytes)?),
        EntityKind::Channel => Entity::Channel(parse(bytes)?),
        EntityKind::Service => Entity::Service(parse(bytes)?),
    })
}
