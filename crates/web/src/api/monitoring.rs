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
        .route("/indicators/travel_time", get(travel_time))
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
    let mut items = items;
    items.push(json!({
        "id": TRAVEL_TIME,
        "name": {
            "fi": "Matka-aika lähimpään palveluun",
            "sv": "Restid till närmaste tjänst",
            "en": "Travel time to the nearest service",
        },
        "definition": {
            "fi": "Asukkaiden matka-aika tieverkkoa pitkin lähimpään yksikköön, joka tuottaa palvelun: keskiarvo, mediaani, 90. persentiili ja osuus asukkaista 10, 20 ja 30 minuutin sisällä; asukasruuduittain painotettuna (Tilastokeskus), OpenStreetMapin tieverkolla.",
            "sv": "Invånarnas restid längs vägnätet till närmaste enhet som producerar tjänsten: medelvärde, median, 90:e percentil och andel invånare inom 10, 20 och 30 minuter; viktat per befolkningsruta (Statistikcentralen), på OpenStreetMaps vägnät.",
            "en": "Residents' travel time along the road network to the nearest unit producing the service: mean, median, 90th percentile and the share of residents within 10, 20 and 30 minutes; weighted by population grid cell (Statistics Finland), on OpenStreetMap's roads.",
        },
        "formula": "per municipality: weighted quantiles of minutes over populated cells; within_N = residents within N minutes / residents",
        "source": "Polku's accessibility engine (docs/accessibility.md); Statistics Finland population grid (CC BY 4.0); OpenStreetMap (ODbL)",
        "unit": "minutes",
        "better": "lower",
        "dims": ["municipality"],
        "parameters": { "service": "a catalog service id (required)", "mode": "walk, bike or car (default car)", "age": "all, 0-17, 18-64, 65+, 75+ … (default all)" },
    }));
    Json(json!({ "total": items.len(), "items": items }))
}

/// The accessibility engine's indicator, alongside the events' ones.
pub(crate) const TRAVEL_TIME: &str = "travel_time";

/// `GET /indicators/travel_time?service=…&mode=…&age=…[&format=csv]`: the county and each
/// municipality, as the accessibility engine computes them on real roads.
async fn travel_time(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let params = Params::parse(raw.as_deref())?;
    params.only(&["service", "mode", "age", "format"])?;
    let service = params.get("service").ok_or_else(|| {
        ApiError::bad_parameter("service", "name the service: ?service=svc-home-care (ids in /api/v1/services)")
    })?;
    // As GET /access/services/{id} reads them.
    let mode = app::accessibility::parse_mode(params.get("mode").unwrap_or("car"))?;
    let age = app::accessibility::parse_age_group(params.get("age").unwrap_or("all"))?;
    let csv = match params.get("format") {
        None | Some("json") => false,
        Some("csv") => true,
        Some(v) => return Err(ApiError::bad_parameter("format", format!("{v:?} is not json or csv"))),
    };
    let (polku, id) = (state.polku.clone(), service.to_owned());
    let outcome = tokio::task::spawn_blocking(move || polku.access_report(&id, mode, age, &[]))
        .await
        .map_err(|e| ApiError::from(app::AppError::Internal(e.to_string())))??;
    let report = &outcome.report;
    let rows: Vec<&access::analysis::Indicators> =
        std::iter::once(&report.county).chain(report.municipalities.iter()).collect();
    if csv {
        let mut out = String::from("area,population,mean,median,p90,within_10,within_20,within_30,unreachable\r\n");
        for r in &rows {
            let cells = [
                csv_field(&r.area),
                csv_number(Some(r.population.round())),
                csv_number(r.mean),
                csv_number(r.median),
                csv_number(r.p90),
                csv_number(Some(r.within_10)),
                csv_number(Some(r.within_20)),
                csv_number(Some(r.within_30)),
                csv_number(Some(r.unreachable)),
            ];
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
        let name = format!("attachment; filename=\"{TRAVEL_TIME}-{service}-{}.csv\"", report.mode);
        return Ok((
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, name)],
            out,
        )
            .into_response());
    }
    Ok(Json(json!({
        "indicator": TRAVEL_TIME,
        "unit": "minutes",
        "better": "lower",
        "service": service,
        "mode": report.mode,
        "age_group": report.age_group,
        "estimated_share": report.estimated_share,
        "cells": rows,
        "attribution": super::access::ATTRIBUTION,
    }))
    .into_response())
}

/// What an indicator's query string asks for.
#[derive(Debug, Clone, Default)]
pub(crate) struct Asked {
    pub query: IndicatorQuery,
    pub csv: bool,
}

/// The parameters of `GET /indicators/{id}` (and of the indicator's page): `by` (dimensions
/// separated by commas), `period`, `from`, `to`, `municipality`, `format`. Each problem is a
/// 400 naming its parameter; whether the indicator has figures by a dimension is the
/// application's to say (`Polku::indicator`).
pub(crate) fn asked(params: &Params) -> Result<Asked, ApiError> {
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
    let asked = asked(&params)?;
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
