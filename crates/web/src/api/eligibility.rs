//! Eligibility endpoints: one person's decisions, the rules, rule files, simulations.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{Json, Router};
use chrono::NaiveDate;
use domain::text::Lang;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::actor;
use super::body::{self, JsonBody};
use crate::AppState;
use crate::error::ApiError;
use crate::session::Acting;

pub fn router() -> Router<AppState> {
    use axum::routing::{get, post};
    Router::new()
        .route("/eligibility", post(decide))
        .route("/rules", get(list))
        .route("/rules/files/{*name}", get(file).put(put_file).delete(withdraw_file))
        .route("/simulations", post(simulate))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecideBody {
    person: Map<String, Value>,
    #[serde(default)]
    proposal: Option<String>,
    #[serde(default)]
    on: Option<NaiveDate>,
    #[serde(default)]
    lang: Option<String>,
}

fn lang_of(lang: Option<&str>) -> Result<Lang, ApiError> {
    match lang {
        None => Ok(Lang::Fi),
        Some(l) => Lang::parse(l).ok_or_else(|| app::AppError::invalid("lang", "use fi, sv or en").into()),
    }
}

async fn decide(State(state): State<AppState>, JsonBody(bytes): JsonBody) -> Result<Json<Value>, ApiError> {
    let body: DecideBody = body::parse(&bytes)?;
    let lang = lang_of(body.lang.as_deref())?;
    let person = rules::Person::from_map(&body.person).map_err(|problems| {
        app::AppError::Invalid(
            problems.into_iter().map(|p| domain::Problem { field: format!("person.{}", p.field), ..p }).collect(),
        )
    })?;
    let decisions = state.polku.decide(&person, body.proposal.as_deref(), body.on, lang)?;
    let snapshot = state.polku.snapshot();
    let items: Vec<Value> = decisions
        .into_iter()
        .map(|d| {
            let name = snapshot
                .catalog
                .services
                .iter()
                .find(|(id, _)| id.as_str() == d.service)
                .map(|(_, s)| s.name.show(lang).to_owned());
            let mut v = serde_json::to_value(&d).unwrap_or(Value::Null);
            v["service_name"] = name.map_or(Value::Null, Value::String);
            v
        })
        .collect();
    Ok(Json(json!({
        "scenario": body.proposal.as_deref().unwrap_or(rules::TODAY),
        "on": body.on.unwrap_or_else(|| state.polku.clock().today()),
        "lang": lang.code(),
        "decisions": items,
    })))
}

async fn list(State(state): State<AppState>) -> Json<Value> {
    let rules = state.polku.rules();
    let sets: Vec<Value> = rules.book.sets.values().map(|s| json!({ "name": s.name, "title": s.title })).collect();
    let items: Vec<Value> = rules
        .book
        .rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "set": r.set,
                "file": r.file,
                "line": r.span.line,
                "service": r.service,
                "area": r.area.code(),
                "valid_from": r.valid_from,
                "valid_to": r.valid_to,
                "basis": r.basis,
                "right": r.right,
                "cost": r.cost,
                "take_up": r.take_up,
                "conditions": describe(&r.when),
            })
        })
        .collect();
    Json(json!({
        "sets": sets,
        "files": rules.files.keys().collect::<Vec<_>>(),
        "items": items,
        "total": items.len(),
        "findings": rules.findings,
    }))
}

/// A condition tree as JSON, with its generated explanation in three languages.
fn describe(c: &rules::ast::Cond) -> Value {
    use rules::ast::Node;
    let text: Map<String, Value> =
        Lang::ALL.iter().map(|l| (l.code().to_owned(), Value::String(rules::eval::describe(c, *l)))).collect();
    let mut v = match &c.node {
        Node::All(cs) => json!({ "all": cs.iter().map(describe).collect::<Vec<_>>() }),
        Node::Any(cs) => json!({ "any": cs.iter().map(describe).collect::<Vec<_>>() }),
        Node::Not(c) => json!({ "not": describe(c) }),
        Node::Cmp { fact, op, value } => json!({ "fact": fact.name(), "op": op, "value": value }),
        Node::Flag { fact, value } => json!({ "fact": fact.name(), "op": "=", "value": value }),
        Node::In { fact, codes, negated } => json!({
            "fact": fact.name(),
            "op": if *negated { "not in" } else { "in" },
            "value": codes.iter().map(|c| fact.choice_name(*c)).collect::<Vec<_>>(),
        }),
    };
    v["text"] = Value::Object(text);
    v["line"] = json!(c.span.line);
    v
}

async fn file(State(state): State<AppState>, Path(name): Path<String>) -> Result<Json<Value>, ApiError> {
    let rules = state.polku.rules();
    let source = rules
        .files
        .get(&name)
        .ok_or_else(|| ApiError::from(app::AppError::NotFound { kind: "rule file", id: name.clone() }))?;
    let history = state.polku.rule_file_history(&name).await?;
    Ok(Json(json!({ "name": name, "source": source, "revisions": history.len() })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileBody {
    source: String,
}

async fn put_file(
    State(state): State<AppState>,
    acting: Acting,
    Path(name): Path<String>,
    JsonBody(bytes): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let actor = actor(&acting)?;
    let body: FileBody = body::parse(&bytes)?;
    let warnings = state.polku.put_rule_file(&name, &body.source, &actor).await?;
    Ok(Json(json!({ "name": name, "warnings": warnings })))
}

async fn withdraw_file(
    State(state): State<AppState>,
    acting: Acting,
    Path(name): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = actor(&acting)?;
    state.polku.withdraw_rule_file(&name, &actor).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SimulateBody {
    proposals: Vec<String>,
    #[serde(default)]
    on: Option<NaiveDate>,
}

async fn simulate(State(state): State<AppState>, JsonBody(bytes): JsonBody) -> Result<Json<Value>, ApiError> {
    let body: SimulateBody = body::parse(&bytes)?;
    if body.proposals.len() > 10 {
        return Err(app::AppError::invalid("proposals", "compare at most 10 proposals at once").into());
    }
    let sims = state.polku.simulate(body.proposals, body.on).await?;
    let items: Vec<Value> = sims
        .iter()
        .map(|s| {
            json!({
                "proposal": s.proposal,
                "baseline_on": s.baseline_on,
                "population": s.population,
                "total_cost_change_eur": s.total_cost_change(),
                "by_service": s.by_service(),
                "rows": s.rows,
                "without_cost": s.without_cost,
            })
        })
        .collect();
    Ok(Json(json!({ "population": "demo", "items": items })))
}
