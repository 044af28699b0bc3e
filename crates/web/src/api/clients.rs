//! Client data over JSON: clients, facts, consents, referrals, emergency access, a
//! resident's own data and access log, the auditor's search, pseudonymous analytics,
//! users and roles. Handlers decode and encode only: permissions, lawful bases and the
//! access log are `app`'s (`app::permit`, `Polku::client_access`). No client data travels
//! in a URL: identity codes are searched with a POST body.

use super::body::{JsonBody, parse};
use crate::AppState;
use crate::error::ApiError;
use crate::params::Params;
use crate::session::Acting;
use app::clients::{Answer, AuditFilter, AuditRow, Op, new_id};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use domain::client::{Basis, ClientDetails, Hetu, Record, Role, Scope};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/clients", post(create))
        .route("/clients/search", post(search))
        .route("/clients/queue", get(queue))
        .route("/clients/{id}", get(|s, a, p| read(s, a, p, Record::Identity)).put(update))
        .route("/clients/{id}/take", post(take))
        .route("/clients/{id}/facts", get(|s, a, p| read(s, a, p, Record::Facts)).post(record_facts))
        .route("/clients/{id}/consents", get(|s, a, p| read(s, a, p, Record::Consents)).post(give_consent))
        .route("/clients/{id}/consents/{consent}/withdraw", post(withdraw_consent))
        .route("/clients/{id}/emergency", post(emergency))
        .route("/me", get(me))
        .route("/me/access-log", get(my_log))
        .route("/audit", get(audit))
        .route("/analytics/clients", get(analytics))
        .route("/users", get(users).post(add_user))
        .route("/users/{username}/roles", put(set_roles))
        .route("/sessions/current", axum::routing::delete(sign_out))
        .route("/sessions/everywhere", axum::routing::delete(sign_out_everywhere))
}

/// Ids in paths are checked for shape only; whether they exist (and whether the acting
/// person may know) is for `app`, which logs every attempt.
fn client_id(id: &str) -> Result<&str, ApiError> {
    if app::clients::well_formed_id(id) { Ok(id) } else { Err(ApiError::not_found("client not found")) }
}

async fn access(state: &AppState, acting: &Acting, client: &str, op: Op) -> Result<Answer, ApiError> {
    if acting.user.is_none() && acting.unavailable {
        return Err(app::AppError::Unavailable("session lookup".into()).into());
    }
    Ok(state.polku.client_access(acting.user.as_ref(), &acting.meta, client, op).await?)
}

fn answer(answer: Answer) -> Value {
    match answer {
        Answer::Done => json!({ "status": "done" }),
        Answer::Found(id) => json!({ "id": id }),
        Answer::Client(record) => json!(record),
        Answer::Facts(facts) => json!({ "items": facts, "total": facts.len() }),
        Answer::Consents(consents) => json!({ "items": consents, "total": consents.len() }),
        Answer::Referrals(referrals) => json!({ "items": referrals, "total": referrals.len() }),
        Answer::Referral(referral) => json!(referral),
        Answer::Log(rows) => log_json(&rows),
        Answer::Assessment(a) => json!(a),
        Answer::Assessments { assessments, facts } => {
            json!({ "items": assessments, "facts": facts, "total": assessments.len() })
        }
        Answer::Plan(p) => json!(p),
        Answer::Plans(plans) => json!({ "items": plans, "total": plans.len() }),
    }
}

fn log_json(rows: &[AuditRow]) -> Value {
    json!({ "items": rows, "total": rows.len() })
}

async fn create(
    State(state): State<AppState>,
    acting: Acting,
    JsonBody(bytes): JsonBody,
) -> Result<impl IntoResponse, ApiError> {
    let details: ClientDetails = parse(&bytes)?;
    let id = new_id("client");
    access(&state, &acting, &id, Op::Create(details)).await?;
    Ok((
        StatusCode::CREATED,
        [(axum::http::header::LOCATION, format!("/api/v1/clients/{id}"))],
        Json(json!({ "id": id })),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Search {
    hetu: Hetu,
}

async fn search(
    State(state): State<AppState>,
    acting: Acting,
    JsonBody(bytes): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let Search { hetu } = parse(&bytes)?;
    match access(&state, &acting, "", Op::Find(hetu)).await? {
        Answer::Found(Some(id)) => Ok(Json(json!({ "id": id }))),
        _ => Err(ApiError::not_found("no client has this identity code")),
    }
}

async fn queue(State(state): State<AppState>, acting: Acting) -> Result<Json<Value>, ApiError> {
    let ids = state.polku.queue(acting.user.as_ref()).await?;
    Ok(Json(json!({ "items": ids, "total": ids.len() })))
}

async fn read(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    record: Record,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(answer(access(&state, &acting, client_id(&id)?, Op::Read(record)).await?)))
}

async fn update(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    JsonBody(bytes): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let details: ClientDetails = parse(&bytes)?;
    Ok(Json(answer(access(&state, &acting, client_id(&id)?, Op::Update(details)).await?)))
}

async fn take(State(state): State<AppState>, acting: Acting, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    Ok(Json(answer(access(&state, &acting, client_id(&id)?, Op::TakeIntoQueue).await?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Facts {
    facts: BTreeMap<String, Value>,
}

async fn record_facts(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    JsonBody(bytes): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let Facts { facts } = parse(&bytes)?;
    let mut typed = Vec::with_capacity(facts.len());
    for (name, value) in facts {
        let fact = rules::facts::Fact::from_name(&name).ok_or_else(|| {
            ApiError::from(app::AppError::invalid(
                format!("facts.{name}"),
                "not a fact the rules know (see /api/v1/rules)",
            ))
        })?;
        typed.push((fact, value));
    }
    Ok(Json(answer(access(&state, &acting, client_id(&id)?, Op::RecordFacts(typed)).await?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConsentBody {
    organization: String,
    scopes: Vec<Scope>,
    valid_until: chrono::NaiveDate,
}

async fn give_consent(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    JsonBody(bytes): JsonBody,
) -> Result<impl IntoResponse, ApiError> {
    let body: ConsentBody = parse(&bytes)?;
    let consent = new_id("consent");
    let op = Op::GiveConsent {
        id: consent.clone(),
        organization: body.organization,
        scopes: body.scopes,
        valid_until: body.valid_until,
    };
    access(&state, &acting, client_id(&id)?, op).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": consent }))))
}

async fn withdraw_consent(
    State(state): State<AppState>,
    acting: Acting,
    Path((id, consent)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(answer(access(&state, &acting, client_id(&id)?, Op::WithdrawConsent(consent)).await?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EmergencyBody {
    reason: String,
    #[serde(default = "default_minutes")]
    minutes: i64,
}

fn default_minutes() -> i64 {
    60
}

async fn emergency(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    JsonBody(bytes): JsonBody,
) -> Result<impl IntoResponse, ApiError> {
    let body: EmergencyBody = parse(&bytes)?;
    let op = Op::BreakGlass { reason: body.reason, minutes: body.minutes };
    access(&state, &acting, client_id(&id)?, op).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "status": "emergency access declared; the auditor is alerted", "minutes": body.minutes })),
    ))
}

/// The resident's own client id.
fn own(acting: &Acting) -> Result<String, ApiError> {
    let user = acting.user.as_ref().ok_or_else(ApiError::unauthorized)?;
    user.client.clone().ok_or_else(|| {
        ApiError::from(app::AppError::Forbidden {
            reason: "only a resident signed in with strong identification has their own client data".into(),
        })
    })
}

async fn me(State(state): State<AppState>, acting: Acting) -> Result<Json<Value>, ApiError> {
    let id = own(&acting)?;
    Ok(Json(answer(access(&state, &acting, &id, Op::Read(Record::Identity)).await?)))
}

async fn my_log(State(state): State<AppState>, acting: Acting) -> Result<Json<Value>, ApiError> {
    let id = match own(&acting) {
        Ok(id) => id,
        // A staff member asking gets the same refusal as app gives, and it is logged.
        Err(_) if acting.user.is_some() => String::from("-"),
        Err(e) => return Err(e),
    };
    Ok(Json(answer(access(&state, &acting, &id, Op::Read(Record::AccessLog)).await?)))
}

/// The auditor's search from a query string (API) or a form (page): client, user, from,
/// to (RFC 3339 times or dates), basis, outcome, limit.
pub(crate) fn audit_filter(params: &Params) -> Result<AuditFilter, ApiError> {
    params.only(&["client", "user", "from", "to", "basis", "outcome", "limit"])?;
    let when = |key: &str| -> Result<Option<chrono::DateTime<chrono::Utc>>, ApiError> {
        params
            .get(key)
            .map(|v| {
                chrono::DateTime::parse_from_rfc3339(v)
                    .map(|t| t.with_timezone(&chrono::Utc))
                    .or_else(|_| v.parse::<chrono::NaiveDate>().map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc()))
                    .map_err(|_| ApiError::bad_parameter(key, "a date (2026-12-04) or an RFC 3339 time"))
            })
            .transpose()
    };
    let basis = params
        .get("basis")
        .map(|b| {
            Basis::parse(b).ok_or_else(|| {
                ApiError::bad_parameter("basis", "one of own, client_relationship, referral, consent, emergency, none")
            })
        })
        .transpose()?;
    let outcome = params.get("outcome").map(str::to_owned);
    if let Some(outcome) = &outcome
        && !["ok", "refused", "not_found", "conflict"].contains(&outcome.as_str())
    {
        return Err(ApiError::bad_parameter("outcome", "one of ok, refused, not_found, conflict"));
    }
    Ok(AuditFilter {
        client: params.get("client").map(str::to_owned),
        username: params.get("user").map(str::to_owned),
        from: when("from")?,
        to: when("to")?,
        basis,
        outcome,
        limit: params.number("limit", 100, 1000)?,
    })
}

async fn audit(
    State(state): State<AppState>,
    acting: Acting,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let filter = audit_filter(&Params::parse(raw.as_deref())?)?;
    let rows = state.polku.search_audit(acting.user.as_ref(), &acting.meta, &filter).await?;
    Ok(Json(log_json(&rows)))
}

async fn analytics(State(state): State<AppState>, acting: Acting) -> Result<Json<Value>, ApiError> {
    let rows = state.polku.pseudonymous_clients(acting.user.as_ref(), &acting.meta).await?;
    Ok(Json(json!({ "items": rows, "total": rows.len() })))
}

fn admin(acting: &Acting) -> Result<app::Actor, ApiError> {
    if acting.user.is_none() && acting.unavailable {
        return Err(app::AppError::Unavailable("session lookup".into()).into());
    }
    acting.actor().ok_or_else(ApiError::unauthorized)
}

async fn users(State(state): State<AppState>, acting: Acting) -> Result<Json<Value>, ApiError> {
    let users = state.polku.users(&admin(&acting)?).await?;
    let items: Vec<Value> = users
        .iter()
        .map(|u| {
            json!({
                "username": u.username,
                "roles": u.roles,
                "organization": u.organization,
                "display_name": u.display_name,
                "sign_in": u.issuer.as_deref().unwrap_or("local"),
            })
        })
        .collect();
    Ok(Json(json!({ "items": items, "total": items.len() })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewUser {
    username: String,
    password: String,
    roles: Vec<Role>,
    organization: Option<String>,
}

fn organization(org: Option<&str>) -> Result<Option<domain::Id>, ApiError> {
    org.map(|o| domain::Id::parse(o).map_err(|e| ApiError::from(app::AppError::invalid("organization", e.to_string()))))
        .transpose()
}

async fn add_user(
    State(state): State<AppState>,
    acting: Acting,
    JsonBody(bytes): JsonBody,
) -> Result<impl IntoResponse, ApiError> {
    let actor = admin(&acting)?;
    let user: NewUser = parse(&bytes)?;
    let org = organization(user.organization.as_deref())?;
    state.polku.add_user_as(&actor, &user.username, &user.password, &user.roles, org.as_ref()).await?;
    Ok((StatusCode::CREATED, Json(json!({ "username": user.username, "roles": user.roles }))))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RolesBody {
    roles: Vec<Role>,
    organization: Option<String>,
}

async fn set_roles(
    State(state): State<AppState>,
    acting: Acting,
    Path(username): Path<String>,
    JsonBody(bytes): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let body: RolesBody = parse(&bytes)?;
    let org = organization(body.organization.as_deref())?;
    state.polku.set_roles(&admin(&acting)?, &username, &body.roles, org.as_ref()).await?;
    Ok(Json(json!({ "username": username, "roles": body.roles, "sessions": "ended" })))
}

async fn sign_out(State(state): State<AppState>, acting: Acting) -> Result<StatusCode, ApiError> {
    let token = acting.token.as_deref().filter(|_| acting.user.is_some()).ok_or_else(ApiError::unauthorized)?;
    state.polku.logout(token).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn sign_out_everywhere(State(state): State<AppState>, acting: Acting) -> Result<StatusCode, ApiError> {
    let user = acting.user.as_ref().ok_or_else(ApiError::unauthorized)?;
    state.polku.logout_everywhere(&user.username).await?;
    Ok(StatusCode::NO_CONTENT)
}
