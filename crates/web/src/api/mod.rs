//! The JSON API under `/api/v1`. Entities travel in the catalog format
//! (`docs/catalog-format.md`); lists are `{items, total, page, per_page}`;
//! errors are `{code, message, details: [{field, problem}]}`.

pub(crate) mod access;
mod body;
mod eligibility;
pub(crate) mod lists;

use crate::AppState;
use crate::error::ApiError;
use crate::session::Acting;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
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
        .route("/sessions", post(create_session))
        .route("/openapi.json", get(openapi));
    for kind in EntityKind::ALL {
        router = router
            .route(
                &format!("/{}/{{id}}", kind.plural()),
                get(move |s, p| read(s, p, kind)).put(move |s, a, p, b| update(s, a, p, b, kind)),
            )
            .route(&format!("/{}/{{id}}/retire", kind.plural()), post(move |s, a, p, b| retire(s, a, p, b, kind)))
            .route(&format!("/{}/{{id}}/history", kind.plural()), get(move |s, p| history(s, p, kind)));
    }
    router
        .merge(eligibility::router())
        .merge(access::router())
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

async fn read(
    State(state): State<AppState>,
    Path(id): Path<String>,
    kind: EntityKind,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(state.polku.get(kind, &id)?.to_json()))
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
    let entity = state.polku.create(entity, &actor).await?;
    let location = format!("/api/v1/{}/{}", kind.plural(), entity.id());
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(entity.to_json())))
}

async fn update(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    JsonBody(bytes): JsonBody,
    kind: EntityKind,
) -> Result<Json<Value>, ApiError> {
    let actor = actor(&acting)?;
    let entity = body::entity(kind, &bytes)?;
    if entity.id().as_str() != id {
        return Err(ApiError::from(app::AppError::invalid("id", format!("must equal the id in the path ({id:?})"))));
    }
    Ok(Json(state.polku.update(entity, &actor).await?.to_json()))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RetireBody {
    valid_to: Option<chrono::NaiveDate>,
}

async fn retire(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    body: Option<JsonBody>,
    kind: EntityKind,
) -> Result<Json<Value>, ApiError> {
    let actor = actor(&acting)?;
    let body: RetireBody = match body {
        Some(JsonBody(bytes)) if !bytes.is_empty() => body::parse(&bytes)?,
        _ => RetireBody::default(),
    };
    let entity: Entity = state.polku.retire(kind, &id, body.valid_to, &actor).await?;
    Ok(Json(entity.to_json()))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Credentials {
    username: String,
    password: String,
}

async fn create_session(
    State(state): State<AppState>,
    JsonBody(bytes): JsonBody,
) -> Result<impl IntoResponse, ApiError> {
    let credentials: Credentials = body::parse(&bytes)?;
    let token = state.polku.login(&credentials.username, &credentials.password).await?;
    Ok((StatusCode::CREATED, Json(json!({ "token": token, "expires_in": app::auth::SESSION_HOURS * 3600 }))))
}
