//! Monitoring over JSON, under `/api/v1`: THL's indicators (the list, and one indicator by
//! a breakdown and period as JSON or CSV, public: the figures are aggregates with small
//! numbers suppressed), event imports (CSV or JSON, all or nothing) and alert thresholds
//! for those who manage monitoring. Handlers decode and encode only; the checks, the
//! engine and the permissions are `app`'s.

use super::body::{JsonBody, parse};
use crate::AppState;
use crate::error::ApiError;
use crate::params::Params;
use crate::session::Acting;
use app::monitoring::{AlertRule, EventImport, Format, IndicatorQuery, IndicatorView};
use app::store::Actor;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use chrono::NaiveDate;
use monitor::{Dim, Indicator, Period};
use serde::Deserialize;
use serde_json::{Value, json};

/// The largest import: a year of a county's events as CSV.
pub const MAX_EVENTS_BODY: usize = 64 << 20;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/indicators", get(indicators))
        .route("/indicators/{id}", get(indicator))
        .route("/monitoring/events", post(import))
        .route("/monitoring/alert-rules", get(alert_rules))
        .route("/monitoring/alert-rules/{id}", put(put_alert_rule))
        .route("/monitoring/alerts", get(alerts))
}

fn actor(acting: &Acting) -> Result<Actor, ApiError> {
    if acting.user.is_none() && acting.unavailable {
        return Err(app::AppError::Unavailable("session lookup".into()).into());
    }
    acting.user.clone().map(Actor::User).ok_or_else(|| app::AppError::Unauthenticated.into())
}

pub(crate) fn unit_code(indicator: &Indicator) -> String {
    crate::params::serde_name(&indicator.unit)
}

pub(crate) fn better_code(indicator: &Indicator) -> String {
    crate::params::serde_name(&indicator.better)
}

async fn indicators() -> Json<Value> {
    let items: Vec<Value> = monitor::INDICATORS
        .iter()
        .map(|i| {
            json!({
                "id": i.id,
                "name": { "fi": i.name[0], "sv": i.name[1], "en": i.name[2] },
                "definition": { "fi": i.definition[0], "sv": i.definition[1], "en": i.definition[2] },
                "formula": i.formula,
                "source": i.source,
                "unit": unit_code(i),
                "better": better_code(i),
                "dims": i.dims.iter().map(|d| d.code()).collect::<Vec<_>>(),
            })
        })
        .collect();
    Json(json!({ "total": items.len(), "items": items }))
}

/// What an indicator's query string asks for.
#[derive(Debug, Clone, Default)]
pub(crate) struct Asked {
    pub query: IndicatorQuery,
    pub csv: bool,
}

/// The parameters of `GET /indicators/{id}` (and of the indicator's page): `by` (dimensions
/// separated by commas), `period`, `from`, `to`, `municipality`, `format`. Each problem is a
/// 400 naming its parameter.
pub(crate) fn asked(indicator: &Indicator, params: &Params) -> Result<Asked, ApiError> {
    params.only(&["by", "period", "from", "to", "municipality", "format"])?;
    let mut by = Vec::new();
    if let Some(text) = params.get("by") {
        for code in text.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            let dim = Dim::parse(code).ok_or_else(|| {
                let codes: Vec<&str> = Dim::ALL.iter().map(|d| d.code()).collect();
                ApiError::bad_parameter("by", format!("{code:?} is not a breakdown; they are {}", codes.join(", ")))
            })?;
            if by.contains(&dim) {
                return Err(ApiError::bad_parameter("by", format!("{code} is named twice")));
            }
            if !indicator.allows(dim) {
                let allowed: Vec<&str> = indicator.dims.iter().map(|d| d.code()).collect();
                return Err(ApiError::bad_parameter(
                    "by",
                    format!("{} cannot be broken down by {code}; it can by: {}", indicator.id, allowed.join(", ")),
                ));
            }
            by.push(dim);
        }
    }
    let period = match params.get("period") {
        None => Some(Period::Month),
        Some("all") => None,
        Some(p) => Some(
            Period::parse(p)
                .ok_or_else(|| ApiError::bad_parameter("period", format!("{p:?} is not week, month, year or all")))?,
        ),
    };
    let from: Option<NaiveDate> = params.date("from")?;
    let to: Option<NaiveDate> = params.date("to")?;
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(ApiError::bad_parameter("from", format!("{f} is after to ({t})")));
    }
    let mut filters = Vec::new();
    if let Some(m) = params.get("municipality") {
        if domain::Reference::get().municipality(m).is_none() {
            return Err(ApiError::bad_parameter("municipality", format!("{m:?} is not a municipality code")));
        }
        if !indicator.allows(Dim::Municipality) {
            return Err(ApiError::bad_parameter(
                "municipality",
                format!("{} has no figures by municipality", indicator.id),
            ));
        }
        filters.push((Dim::Municipality, m.to_owned()));
    }
    let csv = match params.get("format") {
        None | Some("json") => false,
        Some("csv") => true,
        Some(f) => return Err(ApiError::bad_parameter("format", format!("{f:?} is not json or csv"))),
    };
    Ok(Asked { query: IndicatorQuery { by, period, from, to, filters }, csv })
}

/// An application refusal of a query becomes a 400 naming the parameter.
pub(crate) fn query_error(e: app::AppError) -> ApiError {
    match e {
        app::AppError::Invalid(problems) if !problems.is_empty() => {
            let first = &problems[0];
            let mut error = ApiError::bad_parameter(&first.field, first.problem.clone());
            for p in &problems[1..] {
                error = error.with(p.field.clone(), p.problem.clone());
            }
            error
        }
        other => other.into(),
    }
}

async fn indicator(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(raw.as_deref())?;
    let indicator = monitor::indicator(&id)
        .ok_or_else(|| ApiError::not_found(format!("indicator {id:?} not found; see /api/v1/indicators")))?;
    let asked = asked(indicator, &params)?;
    let view = state.polku.indicator(indicator.id, &asked.query).await.map_err(query_error)?;
    if asked.csv {
        let name = format!("attachment; filename=\"{}-{}-{}.csv\"", indicator.id, view.from, view.to);
        return Ok((
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, name)],
            to_csv(&view),
        )
            .into_response());
    }
    Ok(Json(view_json(&view)).into_response())
}

/// The range of the same length just before the view's.
pub(crate) fn previous_range(view: &IndicatorView) -> (NaiveDate, NaiveDate) {
    let length = (view.to - view.from).num_days() + 1;
    let to = view.from - chrono::Duration::days(1);
    (to - chrono::Duration::days(length - 1), to)
}

fn view_json(view: &IndicatorView) -> Value {
    let (previous_from, previous_to) = previous_range(view);
    json!({
        "indicator": view.indicator.id,
        "unit": unit_code(view.indicator),
        "better": better_code(view.indicator),
        "from": view.from,
        "to": view.to,
        "by": view.table.by.iter().map(|d| d.code()).collect::<Vec<_>>(),
        "period": view.table.period.map_or("all", |p| p.code()),
        "cells": view.table.cells,
        "previous": { "from": previous_from, "to": previous_to, "cells": view.previous.cells },
        "missing_days": view.missing_days,
        "events": view.events,
    })
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_owned() }
}

fn csv_number(x: Option<f64>) -> String {
    x.map(|v| if v.fract() == 0.0 && v.abs() < 1e15 { format!("{v:.0}") } else { format!("{v}") }).unwrap_or_default()
}

/// The view as CSV: the breakdown's dimensions, period, value, numerator, denominator,
/// suppressed, missing; one row per cell, suppressed and missing values empty.
pub(crate) fn to_csv(view: &IndicatorView) -> String {
    let mut out = String::new();
    let mut header: Vec<&str> = view.table.by.iter().map(|d| d.code()).collect();
    header.extend(["period", "value", "numerator", "denominator", "suppressed", "missing"]);
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for cell in &view.table.cells {
        let mut row: Vec<String> = cell.keys.iter().map(|k| csv_field(k)).collect();
        row.push(cell.period.to_string());
        row.push(csv_number(cell.value));
        row.push(csv_number(cell.numerator));
        row.push(csv_number(cell.denominator));
        row.push(cell.suppressed.to_string());
        row.push(cell.missing.to_string());
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// An event import: `text/csv` or `application/json`, all or nothing; `dry_run=true`
/// checks without writing. 200 with the report when nothing is refused, else 422 with the
/// report and the problems as `details`.
async fn import(State(state): State<AppState>, acting: Acting, request: Request) -> Result<Response, ApiError> {
    let params = Params::parse(request.uri().query())?;
    params.only(&["dry_run"])?;
    let dry_run = match params.get("dry_run") {
        None | Some("false") => false,
        Some("true") => true,
        Some(v) => return Err(ApiError::bad_parameter("dry_run", format!("{v:?} is not true or false"))),
    };
    let media = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase());
    let format = match media.as_deref() {
        Some("application/json") => Format::Json,
        Some("text/csv") => Format::Csv,
        _ => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send events as 'Content-Type: text/csv' or 'application/json'",
            ));
        }
    };
    let actor = actor(&acting)?;
    app::permit::require(acting.user.as_ref(), app::permit::Action::ManageMonitoring)?;
    let bytes = axum::body::to_bytes(request.into_body(), MAX_EVENTS_BODY).await.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the body is over {MAX_EVENTS_BODY} bytes"),
        )
    })?;
    let report = state.polku.import_events(&bytes, format, &actor, dry_run).await?;
    Ok(import_reply(&report))
}

fn import_reply(report: &EventImport) -> Response {
    let mut body = json!(report);
    if report.refused.is_empty() {
        return (StatusCode::OK, Json(body)).into_response();
    }
    body["code"] = json!("invalid_field");
    body["message"] =
        json!("the import was refused and nothing was written; details name each line or event and field");
    body["details"] = json!(report.refused);
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

async fn alert_rules(State(state): State<AppState>, acting: Acting) -> Result<Json<Value>, ApiError> {
    let actor = actor(&acting)?;
    let items = state.polku.alert_rules(&actor).await?;
    Ok(Json(json!({ "total": items.len(), "items": items })))
}

/// An alert threshold as sent: the rule without its id (the path's) and author.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleBody {
    indicator: String,
    #[serde(default)]
    municipality: Option<String>,
    period: String,
    direction: String,
    threshold: f64,
    manager: String,
}

async fn put_alert_rule(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    JsonBody(bytes): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let body: RuleBody = parse(&bytes)?;
    let actor = actor(&acting)?;
    let rule = AlertRule {
        id,
        indicator: body.indicator,
        municipality: body.municipality,
        period: body.period,
        direction: body.direction,
        threshold: body.threshold,
        manager: body.manager,
        created_by: String::new(),
    };
    let rule = state.polku.put_alert_rule(rule, &actor).await?;
    Ok(Json(json!(rule)))
}

async fn alerts(State(state): State<AppState>, acting: Acting) -> Result<Json<Value>, ApiError> {
    let actor = actor(&acting)?;
    let items = state.polku.alerts(&actor).await?;
    Ok(Json(json!({ "total": items.len(), "items": items })))
}
