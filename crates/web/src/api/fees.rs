//! `POST /api/v1/fees`: what a service will cost a client a month, with the
//! calculation line by line (`app::fees`).

use axum::extract::State;
use axum::{Json, Router};

use super::body::{self, JsonBody};
use crate::AppState;
use crate::error::ApiError;

pub fn router() -> Router<AppState> {
    Router::new().route("/fees", axum::routing::post(fee))
}

async fn fee(State(state): State<AppState>, JsonBody(bytes): JsonBody) -> Result<Json<app::fees::FeeAnswer>, ApiError> {
    let request: app::fees::FeeRequest = body::parse(&bytes)?;
    Ok(Json(state.polku.fee(&request)?))
}
