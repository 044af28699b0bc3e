//! Service navigation over JSON, under `/api/v1/navigation`: questionnaires, a client's
//! assessments (saved as they are filled in), the navigation itself (segment, urgency,
//! every service's eligibility and the ranked choices, re-weighted by query parameters),
//! service plans, and capacity (import as CSV or JSON, the view, waiting-list changes with
//! `If-Match`). Client data goes through `app`, which logs every access.

use super::body::{JsonBody, MAX_BODY, parse};
use super::{etag, if_match};
use crate::AppState;
use crate::error::ApiError;
use crate::params::Params;
use crate::session::Acting;
use app::capacity::{WaitingChange, batch_from_csv, batch_from_json};
use app::navigation::{NavigateOptions, PlanChoice, SaveAssessment, TravelMode};
use app::store::Actor;
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, put};
use navigation::rank::Weights;
use serde_json::{Value, json};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/navigation/questionnaires", get(questionnaires))
        .route("/navigation/questionnaires/{id}", get(questionnaire))
        .route("/navigation/clients/{id}", get(navigate))
        .route("/navigation/clients/{id}/assessments", get(assessments).post(save_assessment))
        .route("/navigation/clients/{id}/plans", get(plans).post(save_plan))
        .route("/navigation/capacity", get(capacity).post(import_capacity))
        .route("/navigation/waiting/{id}", put(change_waiting))
}

fn client_id(id: &str) -> Result<&str, ApiError> {
    if app::clients::well_formed_id(id) { Ok(id) } else { Err(ApiError::not_found("client not found")) }
}

fn unavailable(acting: &Acting) -> Result<(), ApiError> {
    if acting.user.is_none() && acting.unavailable {
        return Err(app::AppError::Unavailable("session lookup".into()).into());
    }
    Ok(())
}

fn actor(acting: &Acting) -> Result<Actor, ApiError> {
    unavailable(acting)?;
    acting.user.clone().map(Actor::User).ok_or_else(|| app::AppError::Unauthenticated.into())
}

async fn questionnaires(State(state): State<AppState>) -> Json<Value> {
    let items: Vec<Value> = state
        .polku
        .questionnaires()
        .into_iter()
        .map(|q| {
            json!({
                "id": q.id, "version": q.version, "title": q.title, "audience": q.audience,
                "self_service": q.self_service, "questions": q.questions.len(),
            })
        })
        .collect();
    Json(json!({ "total": items.len(), "items": items }))
}

async fn questionnaire(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let q = state
        .polku
        .questionnaires()
        .into_iter()
        .find(|q| q.id == id)
        .ok_or_else(|| ApiError::not_found("no such questionnaire; see /api/v1/navigation/questionnaires"))?;
    Ok(Json(json!(q)))
}

/// Weights and mode from the query: `travel`, `waiting`, `language`, `accessibility`, `cost`
/// (0–10), `mode` (car, walk, bike, public_transport).
fn options(query: Option<&str>) -> Result<NavigateOptions, ApiError> {
    let params = Params::parse(query)?;
    params.only(&["travel", "waiting", "language", "accessibility", "cost", "mode"])?;
    let mut weights = Weights::default();
    for (name, slot) in [
        ("travel", &mut weights.travel),
        ("waiting", &mut weights.waiting),
        ("language", &mut weights.language),
        ("accessibility", &mut weights.accessibility),
        ("cost", &mut weights.cost),
    ] {
        if let Some(w) = params.parsed::<f32>(name, "a weight 0–10")? {
            if !(0.0..=Weights::MAX).contains(&w) {
                return Err(ApiError::bad_parameter(name, format!("{w} is outside 0–10")));
            }
            *slot = w;
        }
    }
    let mode = match params.get("mode") {
        None => None,
        Some(m) => Some(TravelMode::parse(m).ok_or_else(|| {
            ApiError::bad_parameter("mode", format!("{m:?} is not a mode (car, walk, bike, public_transport)"))
        })?),
    };
    Ok(NavigateOptions { weights, mode })
}

async fn navigate(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let options = options(query.as_deref())?;
    unavailable(&acting)?;
    let nav = state.polku.navigate(acting.user.as_ref(), &acting.meta, client_id(&id)?, &options).await?;
    Ok(Json(json!(nav)))
}

async fn assessments(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    unavailable(&acting)?;
    let (items, facts) = state.polku.assessments(acting.user.as_ref(), &acting.meta, client_id(&id)?).await?;
    Ok(Json(json!({ "total": items.len(), "items": items, "facts": facts })))
}

async fn save_assessment(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    JsonBody(bytes): JsonBody,
) -> Result<impl IntoResponse, ApiError> {
    let save: SaveAssessment = parse(&bytes)?;
    unavailable(&acting)?;
    let new = save.id.is_none();
    let out = state.polku.save_assessment(acting.user.as_ref(), &acting.meta, client_id(&id)?, save).await?;
    let status = if new { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, etag(out.assessment.revision), Json(json!(out))))
}

async fn plans(State(state): State<AppState>, acting: Acting, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    unavailable(&acting)?;
    let items = state.polku.plans(acting.user.as_ref(), &acting.meta, client_id(&id)?).await?;
    Ok(Json(json!({ "total": items.len(), "items": items })))
}

async fn save_plan(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    JsonBody(bytes): JsonBody,
) -> Result<impl IntoResponse, ApiError> {
    let choice: PlanChoice = parse(&bytes)?;
    unavailable(&acting)?;
    let new = choice.plan.is_none();
    let plan = state.polku.save_plan(acting.user.as_ref(), &acting.meta, client_id(&id)?, choice).await?;
    let status = if new { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, etag(plan.revision), Json(json!(plan))))
}

async fn capacity(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(query.as_deref())?;
    params.only(&["unit"])?;
    let units: Vec<String> = params.all("unit").map(str::to_owned).collect();
    if let Some(bad) = units.iter().find(|u| domain::Id::parse(u).is_err()) {
        return Err(ApiError::bad_parameter("unit", format!("{bad:?} is not a unit id")));
    }
    Ok(Json(json!(state.polku.capacity(&units).await?)))
}

/// A capacity import: JSON (`{places, appointments, waiting, vouchers}`) or one CSV shape
/// (`text/csv`), all or nothing.
async fn import_capacity(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    body: Bytes,
) -> Result<impl IntoResponse, ApiError> {
    let media = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase());
    if body.len() > MAX_BODY {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the body is over {MAX_BODY} bytes"),
        ));
    }
    let batch = match media.as_deref() {
        Some("application/json") => batch_from_json(&body)?,
        Some("text/csv") => batch_from_csv(&body)?,
        _ => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send capacity as 'Content-Type: application/json' or 'text/csv'",
            ));
        }
    };
    let actor = actor(&acting)?;
    let rows = state.polku.import_capacity(&batch, &actor).await?;
    Ok((StatusCode::OK, Json(json!({ "imported": rows }))))
}

async fn change_waiting(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(id): Path<String>,
    JsonBody(bytes): JsonBody,
) -> Result<impl IntoResponse, ApiError> {
    let change: WaitingChange = parse(&bytes)?;
    let Some(revision) = if_match(&headers)? else {
        return Err(ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "precondition_required",
            "send If-Match with the entry's ETag",
        )
        .with("If-Match", "the ETag of the entry as last read, e.g. \"3\""));
    };
    let actor = actor(&acting)?;
    let entry = state.polku.change_waiting(&id, revision, &change, &actor).await?;
    Ok((etag(entry.revision), Json(json!(entry))))
}
