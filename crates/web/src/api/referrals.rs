//! Service paths over JSON: referrals made and moved through their states (from the
//! version read: `If-Match` or `version`), the producer's inbox sorted by deadline, the
//! navigator's referrals and broken paths, the client's path, the measures, and the
//! administrator's webhook and e-mail subscriptions and dead letters. Handlers decode and
//! encode only; permissions, the state machine and the access log are `app`'s.

use super::body::{JsonBody, parse};
use crate::AppState;
use crate::error::ApiError;
use crate::params::Params;
use crate::session::Acting;
use app::referrals::{InboxItem, NewReferral, ReferralRecord};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use domain::referral::{Change, Outcome, Reason, Status};
use serde::Deserialize;
use serde_json::{Value, json};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/clients/{id}/referrals", get(list).post(refer))
        .route("/clients/{id}/referrals/from-plan", post(from_plan))
        .route("/clients/{id}/path", get(path))
        .route("/clients/{id}/path/resolve", post(resolve))
        .route("/me/path", get(my_path))
        .route("/referrals/inbox", get(inbox))
        .route("/referrals/sent", get(sent))
        .route("/referrals/broken", get(broken))
        .route("/referrals/measures", get(measures))
        .route("/referrals/{referral}", get(one))
        .route("/referrals/{referral}/status", post(change))
        .route("/subscriptions", get(subscriptions).post(subscribe))
        .route("/subscriptions/{id}", delete(unsubscribe))
        .route("/outbox", get(outbox))
        .route("/outbox/{id}/replay", post(replay))
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

/// A referral with its version as the entity tag.
pub(crate) fn with_etag(record: &ReferralRecord) -> impl IntoResponse + use<> {
    ([(header::ETAG, format!("W/\"{}\"", record.version))], Json(json!(record)))
}

async fn list(State(state): State<AppState>, acting: Acting, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    unavailable(&acting)?;
    let items = state.polku.referrals(acting.user.as_ref(), &acting.meta, client_id(&id)?).await?;
    Ok(Json(json!({ "items": items, "total": items.len() })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReferralBody {
    to_organization: String,
    service: String,
    /// Sent at once (default), or kept as a draft.
    #[serde(default = "yes")]
    send: bool,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    plan: Option<String>,
}

fn yes() -> bool {
    true
}

async fn refer(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    JsonBody(bytes): JsonBody,
) -> Result<impl IntoResponse, ApiError> {
    unavailable(&acting)?;
    let body: ReferralBody = parse(&bytes)?;
    let client = client_id(&id)?;
    let new = NewReferral {
        to_organization: body.to_organization,
        service: body.service,
        send: body.send,
        note: body.note,
        plan: body.plan,
    };
    let referral = state.polku.refer(acting.user.as_ref(), &acting.meta, client, new).await?;
    let record = state.polku.referral(acting.user.as_ref(), &acting.meta, client, &referral).await?;
    Ok((StatusCode::CREATED, [(header::LOCATION, format!("/api/v1/referrals/{referral}"))], with_etag(&record)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FromPlanBody {
    plan: String,
}

async fn from_plan(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    JsonBody(bytes): JsonBody,
) -> Result<impl IntoResponse, ApiError> {
    unavailable(&acting)?;
    let body: FromPlanBody = parse(&bytes)?;
    let made = state.polku.refer_plan(acting.user.as_ref(), &acting.meta, client_id(&id)?, &body.plan).await?;
    Ok((StatusCode::CREATED, Json(json!({ "items": made, "total": made.len() }))))
}

async fn one(
    State(state): State<AppState>,
    acting: Acting,
    Path(referral): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    unavailable(&acting)?;
    let user = acting.user.as_ref();
    let client = state.polku.referral_client(user, &referral).await?;
    Ok(with_etag(&state.polku.referral(user, &acting.meta, &client, &referral).await?))
}

/// A change of state as JSON: `{status, version?, status_reason?, note?, outcome?}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChangeBody {
    status: String,
    #[serde(default)]
    version: Option<i64>,
    #[serde(default)]
    status_reason: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    outcome: Option<Outcome>,
}

/// The version a change is made from: `If-Match` (`W/"3"`, `"3"`) or the body's `version`;
/// one of them is required, and they must agree.
pub(crate) fn version(headers: &HeaderMap, body: Option<i64>) -> Result<i64, ApiError> {
    match (super::if_match(headers)?, body) {
        (Some(h), Some(b)) if h != b => Err(ApiError::bad_parameter("version", "differs from If-Match")),
        (Some(v), _) | (None, Some(v)) => Ok(v),
        (None, None) => Err(ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "precondition_required",
            "say which version you change: If-Match: W/\"<version>\" or \"version\" in the body",
        )),
    }
}

pub(crate) fn change_of(
    status: &str,
    reason: Option<&str>,
    note: Option<String>,
    outcome: Option<Outcome>,
) -> Result<Change, ApiError> {
    let to = Status::parse(status).ok_or_else(|| {
        ApiError::bad_parameter(
            "status",
            format!("one of {}", Status::ALL.iter().map(|s| s.code()).collect::<Vec<_>>().join(", ")),
        )
    })?;
    let reason = reason
        .map(|r| {
            Reason::parse(r).ok_or_else(|| {
                ApiError::bad_parameter(
                    "status_reason",
                    format!("one of {}", Reason::ALL.iter().map(|r| r.code()).collect::<Vec<_>>().join(", ")),
                )
            })
        })
        .transpose()?;
    Ok(Change { to, reason, note: note.filter(|n| !n.trim().is_empty()), outcome })
}

async fn change(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(referral): Path<String>,
    JsonBody(bytes): JsonBody,
) -> Result<impl IntoResponse, ApiError> {
    unavailable(&acting)?;
    let body: ChangeBody = parse(&bytes)?;
    let change = change_of(&body.status, body.status_reason.as_deref(), body.note, body.outcome)?;
    let user = acting.user.as_ref();
    let client = state.polku.referral_client(user, &referral).await?;
    let version = version(&headers, body.version)?;
    let record = state.polku.transition(user, &acting.meta, &client, &referral, version, change).await?;
    Ok(with_etag(&record))
}

fn items(items: &[InboxItem], today: chrono::NaiveDate) -> Value {
    let rows: Vec<Value> = items
        .iter()
        .map(|i| {
            let mut v = json!(i);
            v["urgency"] = json!(i.urgency(today));
            v
        })
        .collect();
    json!({ "items": rows, "total": rows.len() })
}

async fn inbox(State(state): State<AppState>, acting: Acting, RawQuery(q): RawQuery) -> Result<Json<Value>, ApiError> {
    unavailable(&acting)?;
    let params = Params::parse(q.as_deref())?;
    params.only(&["organization", "after", "limit"])?;
    let limit = params.number("limit", 100, 500)?;
    // The page's cursor: the last row's due day and id, `2026-12-02~referral-…`.
    let after = match params.get("after") {
        None => None,
        Some(cursor) => {
            let Some((due, id)) = cursor.split_once('~') else {
                return Err(ApiError::bad_parameter("after", "the `next` of the page before: <due day>~<id>"));
            };
            let due = due
                .parse::<chrono::NaiveDate>()
                .map_err(|_| ApiError::bad_parameter("after", format!("{due} is not a calendar date")))?;
            Some((due, id.to_owned()))
        }
    };
    let list = state
        .polku
        .inbox(acting.user.as_ref(), &acting.meta, params.get("organization"), after.as_ref(), limit)
        .await?;
    let mut body = items(&list, state.polku.clock().today());
    if list.len() == limit
        && let Some(last) = list.last()
    {
        let due = last.due_on.map_or_else(|| "9999-12-31".to_owned(), |d| d.to_string());
        body["next"] = json!(format!("{due}~{}", last.id));
    }
    Ok(Json(body))
}

async fn sent(State(state): State<AppState>, acting: Acting) -> Result<Json<Value>, ApiError> {
    unavailable(&acting)?;
    let list = state.polku.sent(acting.user.as_ref(), &acting.meta).await?;
    Ok(Json(items(&list, state.polku.clock().today())))
}

async fn broken(State(state): State<AppState>, acting: Acting) -> Result<Json<Value>, ApiError> {
    unavailable(&acting)?;
    let list = state.polku.broken_paths(acting.user.as_ref(), &acting.meta).await?;
    Ok(Json(json!({ "items": list, "total": list.len() })))
}

async fn path(State(state): State<AppState>, acting: Acting, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    unavailable(&acting)?;
    let events = state.polku.path(acting.user.as_ref(), &acting.meta, client_id(&id)?).await?;
    Ok(Json(json!({ "items": events, "total": events.len() })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResolveBody {
    reason: String,
}

/// A navigator marks the client's broken path handled, with the reason.
async fn resolve(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    JsonBody(bytes): JsonBody,
) -> Result<Json<Value>, ApiError> {
    unavailable(&acting)?;
    let body: ResolveBody = parse(&bytes)?;
    state.polku.resolve_path(acting.user.as_ref(), &acting.meta, client_id(&id)?, &body.reason).await?;
    Ok(Json(json!({ "status": "done" })))
}

async fn my_path(State(state): State<AppState>, acting: Acting) -> Result<Json<Value>, ApiError> {
    unavailable(&acting)?;
    let user = acting.user.as_ref().ok_or(app::AppError::Unauthenticated)?;
    let client = user.client.clone().ok_or_else(|| app::AppError::Forbidden {
        reason: "only a resident signed in with strong identification has a path of their own".into(),
    })?;
    let events = state.polku.path(Some(user), &acting.meta, &client).await?;
    Ok(Json(json!({ "items": events, "total": events.len() })))
}

async fn measures(
    State(state): State<AppState>,
    acting: Acting,
    RawQuery(q): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(q.as_deref())?;
    params.only(&["from", "to", "stale_days"])?;
    let today = state.polku.clock().today();
    let from = params.date("from")?.unwrap_or_else(|| today - chrono::Duration::days(365));
    let to = params.date("to")?.unwrap_or(today + chrono::Duration::days(1));
    let stale = params.number("stale_days", 14, 365)? as i64;
    let list = state.polku.referral_measures(acting.user.as_ref(), from, to, stale).await?;
    Ok(Json(json!({ "items": list, "total": list.len(), "from": from, "to": to, "stale_days": stale })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SubscriptionBody {
    organization: String,
    kind: String,
    target: String,
}

async fn subscribe(
    State(state): State<AppState>,
    acting: Acting,
    JsonBody(bytes): JsonBody,
) -> Result<impl IntoResponse, ApiError> {
    let body: SubscriptionBody = parse(&bytes)?;
    let s = state.polku.subscribe(acting.user.as_ref(), &body.organization, &body.kind, &body.target).await?;
    let mut v = json!(s);
    // The signing secret is shown once, now.
    if let Some(secret) = &s.secret {
        v["secret"] = json!(secret);
    }
    Ok((StatusCode::CREATED, Json(v)))
}

async fn subscriptions(State(state): State<AppState>, acting: Acting) -> Result<Json<Value>, ApiError> {
    let list = state.polku.subscriptions(acting.user.as_ref()).await?;
    Ok(Json(json!({ "items": list, "total": list.len() })))
}

async fn unsubscribe(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    state.polku.unsubscribe(acting.user.as_ref(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn outbox(State(state): State<AppState>, acting: Acting, RawQuery(q): RawQuery) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(q.as_deref())?;
    params.only(&["status"])?;
    let list = state.polku.outbox(acting.user.as_ref(), params.get("status")).await?;
    Ok(Json(json!({ "items": list, "total": list.len() })))
}

async fn replay(State(state): State<AppState>, acting: Acting, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    state.polku.replay(acting.user.as_ref(), &id).await?;
    Ok(StatusCode::ACCEPTED)
}
