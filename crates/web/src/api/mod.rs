//! The JSON API under `/api/v1`. Entities travel in the catalog format
//! (`docs/catalog-format.md`); lists are `{items, total, page, per_page}`;
//! errors are `{code, message, details: [{field, problem}]}`.

pub(crate) mod access;
mod body;
pub(crate) mod clients;
mod eligibility;
mod fees;
pub(crate) mod lists;
pub(crate) mod monitoring;
pub(crate) mod navigation;
pub(crate) mod plans;
pub(crate) mod referrals;

use crate::AppState;
use crate::error::ApiError;
use crate::session::Acting;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use body::JsonBody;
use domain::{Entity, EntityKind};
use serde::Deserialize;
use serde_json::{Value, json};

pub const MAX_PER_PAGE: usize = 100;

pub fn router() -> Router<AppState> {
    let mut router = Router::new()
        .route("/services", get(lists::services).post(|s, a, b| create(s, a, b, EntityKind::Service)))
        .route("/units", get(lists::units).post(|s, a, b| create(s, a, b, EntityKind::Unit)))
        .route("/channels", get(lists::channels).post(|s, a, b| create(s, a, b, EntityKind::Channel)))
        .route("/organizations", get(lists::organizations).post(|s, a, b| create(s, a, b, EntityKind::Organization)))
        .route("/municipalities", get(lists::municipalities))
        .route("/municipalities/{code}", get(lists::municipality))
        .route("/codes/{kind}", get(lists::codes))
        .route("/units/{id}/accessibility", get(unit_accessibility))
        .route("/feedback", get(feedback_queue))
        .route("/feedback/{id}/handled", post(feedback_handled))
        .route("/sessions", post(create_session))
        .route("/openapi.json", get(openapi));
    for kind in EntityKind::ALL {
        router = router
            .route(
                &format!("/{}/{{id}}", kind.plural()),
                get(move |s, p| read(s, p, kind)).put(move |s, a, h, p, b| update(s, a, h, p, b, kind)),
            )
            .route(&format!("/{}/{{id}}/retire", kind.plural()), post(move |s, a, h, p, b| retire(s, a, h, p, b, kind)))
            .route(&format!("/{}/{{id}}/history", kind.plural()), get(move |s, p| history(s, p, kind)));
    }
    router
        .merge(eligibility::router())
        .merge(fees::router())
        .merge(clients::router())
        .merge(access::router())
        .merge(navigation::router())
        .merge(plans::router())
        .merge(referrals::router())
        .merge(monitoring::router())
        .fallback(|| async { ApiError::not_found("no such API endpoint; see /api/v1/openapi.json") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this endpoint does not take that method; see /api/v1/openapi.json",
            )
        })
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], include_str!("../../openapi.json"))
}

/// An object's revision as an entity tag (`"3"`), for `If-Match` on later writes.
fn etag(revision: i64) -> [(header::HeaderName, String); 1] {
    [(header::ETAG, format!("\"{revision}\""))]
}

/// The revision an `If-Match` header names (`"3"`, `W/"3"` or `3`); `*` or none: no condition.
fn if_match(headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    let Some(value) = headers.get(header::IF_MATCH) else { return Ok(None) };
    let refused = || {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_header", "header If-Match is invalid")
            .with("If-Match", "must be the ETag of the object as last read, e.g. \"3\"")
    };
    let text = value.to_str().map_err(|_| refused())?.trim();
    if text == "*" {
        return Ok(None);
    }
    etag_revision(text).map(Some).ok_or_else(refused)
}

/// The revision an entity tag names: `"3"`, `W/"3"` or `3`, 1 or more.
pub(crate) fn etag_revision(text: &str) -> Option<i64> {
    let tag = text.trim();
    let tag = tag.strip_prefix("W/").unwrap_or(tag);
    let tag = tag.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(tag);
    tag.parse::<i64>().ok().filter(|revision| *revision >= 1)
}

async fn read(
    State(state): State<AppState>,
    Path(id): Path<String>,
    kind: EntityKind,
) -> Result<impl IntoResponse, ApiError> {
    // Object and revision from one snapshot, so that the ETag is the object's own.
    let (entity, revision) = state.polku.get_with_revision(kind, &id)?;
    Ok((etag(revision), Json(entity.to_json())))
}

/// `GET /units/{id}/accessibility[?profile=…]`: what the unit's surveyed facts mean for each
/// visitor profile (or one), from `domain::accessibility::shortcomings`, with the survey's
/// contradictions for the catalog team.
async fn unit_accessibility(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    use domain::accessibility::{Profile, shortcomings};
    let params = crate::params::Params::parse(raw.as_deref())?;
    params.only(&["profile"])?;
    let profiles: Vec<Profile> = match params.get("profile") {
        None => Profile::ALL.to_vec(),
        Some(code) => vec![Profile::parse(code).ok_or_else(|| {
            let codes: Vec<&str> = Profile::ALL.iter().map(|p| p.code()).collect();
            ApiError::bad_parameter("profile", format!("must be one of {}", codes.join(", ")))
        })?],
    };
    let domain::Entity::Unit(unit) = state.polku.get(EntityKind::Unit, &id)? else {
        return Err(ApiError::not_found("no such unit"));
    };
    let survey = &unit.accessibility_survey;
    let assessed: Vec<Value> = profiles
        .into_iter()
        .map(|p| {
            let a = shortcomings(survey, p);
            json!({
                "profile": p.code(),
                "verdict": a.verdict().code(),
                "shortcomings": a.shortcomings.iter().map(|s| json!({"segment": s.segment.code(), "text": s.text})).collect::<Vec<_>>(),
                "unknown": a.unknown.iter().map(|u| json!({
                    "segment": u.segment.code(),
                    "missing": u.missing.iter().map(|v| v.code()).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let warnings: Vec<Value> = survey
        .contradictions()
        .into_iter()
        .map(|(vars, what)| json!({"variables": vars.iter().map(|v| v.code()).collect::<Vec<_>>(), "problem": what}))
        .collect();
    Ok(Json(json!({
        "unit": unit.id,
        "surveyed_on": survey.surveyed_on,
        "profiles": assessed,
        "contradictions": warnings,
        "description": unit.accessibility,
    })))
}

async fn history(
    State(state): State<AppState>,
    Path(id): Path<String>,
    kind: EntityKind,
) -> Result<Json<Value>, ApiError> {
    state.polku.get(kind, &id)?;
    let revisions = state.polku.history(kind, &id).await?;
    let items: Vec<Value> = revisions
        .into_iter()
        .map(|r| {
            json!({
                "revision": r.revision,
                "actor": r.actor,
                "recorded_at": r.recorded_at,
                "body": serde_json::from_str::<Value>(&r.body).unwrap_or(Value::Null),
            })
        })
        .collect();
    Ok(Json(json!({ "items": items, "total": items.len(), "page": 1, "per_page": items.len() })))
}

fn actor(acting: &Acting) -> Result<app::Actor, ApiError> {
    if acting.user.is_none() && acting.unavailable {
        return Err(app::AppError::Unavailable("session lookup".into()).into());
    }
    acting.actor().ok_or_else(ApiError::unauthorized)
}

async fn create(
    State(state): State<AppState>,
    acting: Acting,
    JsonBody(bytes): JsonBody,
    kind: EntityKind,
) -> Result<impl IntoResponse, ApiError> {
    let actor = actor(&acting)?;
    let entity = body::entity(kind, &bytes)?;
    let (entity, revision) = state.polku.create(entity, &actor).await?;
    let location = format!("/api/v1/{}/{}", kind.plural(), entity.id());
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], etag(revision), Json(entity.to_json())))
}

async fn update(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(id): Path<String>,
    JsonBody(bytes): JsonBody,
    kind: EntityKind,
) -> Result<impl IntoResponse, ApiError> {
    let actor = actor(&acting)?;
    let condition = if_match(&headers)?;
    let entity = body::entity(kind, &bytes)?;
    if entity.id().as_str() != id {
        return Err(ApiError::from(app::AppError::invalid("id", format!("must equal the id in the path ({id:?})"))));
    }
    let (entity, revision) = state.polku.update(entity, condition, &actor).await?;
    Ok((etag(revision), Json(entity.to_json())))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RetireBody {
    valid_to: Option<chrono::NaiveDate>,
}

async fn retire(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Option<JsonBody>,
    kind: EntityKind,
) -> Result<impl IntoResponse, ApiError> {
    let actor = actor(&acting)?;
    let condition = if_match(&headers)?;
    let body: RetireBody = match body {
        Some(JsonBody(bytes)) if !bytes.is_empty() => body::parse(&bytes)?,
        _ => RetireBody::default(),
    };
    let (entity, revision): (Entity, i64) = state.polku.retire(kind, &id, body.valid_to, condition, &actor).await?;
    Ok((etag(revision), Json(entity.to_json())))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Credentials {
    username: String,
    password: String,
}

async fn create_session(
    State(state): State<AppState>,
    acting: Acting,
    JsonBody(bytes): JsonBody,
) -> Result<impl IntoResponse, ApiError> {
    let credentials: Credentials = body::parse(&bytes)?;
    let token = state.polku.login(&credentials.username, &credentials.password, &acting.meta).await?;
    Ok((StatusCode::CREATED, Json(json!({ "token": token, "expires_in": app::auth::SESSION_HOURS * 3600 }))))
}

/// `GET /api/v1/feedback`: residents' feedback on the units of the caller's organisation (a
/// catalog editor's: every producer's), newest first.
async fn feedback_queue(State(state): State<AppState>, acting: Acting) -> Result<Json<Value>, ApiError> {
    let items = state.polku.feedback_queue(acting.user.as_ref()).await?;
    let items: Vec<Value> = items
        .iter()
        .map(|f| {
            json!({
                "id": f.id, "unit": f.unit, "organization": f.organization, "lang": f.lang,
                "message": f.message, "contact": f.contact, "created_at": f.created_at,
                "handled_at": f.handled_at, "handled_by": f.handled_by,
            })
        })
        .collect();
    Ok(Json(json!({ "total": items.len(), "items": items })))
}

/// `POST /api/v1/feedback/{id}/handled`: marks a piece of feedback of the caller's queue handled.
async fn feedback_handled(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    state.polku.handle_feedback(acting.user.as_ref(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
