//! Service network plans as jobs: `POST /plans` starts one (p-median,
//! coverage, set cover, p-center over the demo county's cells and the
//! service's units and candidate points), `GET /plans/{id}` follows its
//! progress and gives the plan (JSON, cells as CSV or the plan as GeoJSON),
//! `DELETE /plans/{id}` cancels it. Planners only (`view_planning`).

use app::AppError;
use app::navigation::TravelMode;
use app::planning::{Candidate, Job, JobState, PlanOutcome, PlanRequest};
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use plan::{Equity, Objective, Solver};
use serde::Deserialize;
use serde_json::{Value, json};

use super::body::{self, JsonBody};
use crate::AppState;
use crate::error::ApiError;
use crate::params::Params;
use crate::session::Acting;

pub fn router() -> Router<AppState> {
    use axum::routing::get;
    Router::new().route("/plans", get(list).post(start)).route("/plans/{id}", get(read).delete(cancel))
}

fn planner(acting: &Acting) -> Result<(), ApiError> {
    Ok(app::permit::require(acting.user.as_ref(), app::permit::Action::ViewPlanning)?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
/// A candidate point given in a request.
pub struct CandidateBody {
    pub id: String,
    pub lat: f64,
    pub lon: f64,
    #[serde(default)]
    pub places: Option<f64>,
}

/// A plan request as JSON.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PlanBody {
    pub service: String,
    /// `p-median`, `coverage`, `set-cover` or `p-center`.
    pub problem: String,
    #[serde(default)]
    pub p: Option<usize>,
    #[serde(default)]
    pub minutes: Option<f64>,
    #[serde(default)]
    pub share: Option<f64>,
    #[serde(default)]
    pub mode: Option<String>,
    #[serde(default)]
    pub age: Option<String>,
    #[serde(default)]
    pub candidates: Vec<CandidateBody>,
    #[serde(default)]
    pub generate: Option<usize>,
    #[serde(default)]
    pub without_existing: bool,
    #[serde(default)]
    pub fixed: Vec<String>,
    #[serde(default)]
    pub residents_per_place: Option<f64>,
    #[serde(default)]
    pub new_places: Option<f64>,
    #[serde(default)]
    pub max_mean: Option<f64>,
    #[serde(default)]
    pub max_spread: Option<f64>,
    #[serde(default)]
    pub solver: Option<String>,
    #[serde(default)]
    pub cutoff: Option<f64>,
    #[serde(default)]
    pub time_limit: Option<f64>,
}

/// The most candidate points one request may generate or give.
pub const MAX_CANDIDATES: usize = 1_000;

/// A request from its JSON form; each refusal names its field.
pub fn request(b: PlanBody) -> Result<PlanRequest, AppError> {
    let need =
        |v: Option<usize>, f: &str| v.ok_or_else(|| AppError::invalid(f, format!("{f} is needed for this problem")));
    let minutes = |v: Option<f64>| v.ok_or_else(|| AppError::invalid("minutes", "minutes is needed for this problem"));
    let objective = match b.problem.as_str() {
        "p-median" => Objective::PMedian { p: need(b.p, "p")? },
        "coverage" => Objective::Coverage { p: need(b.p, "p")?, minutes: minutes(b.minutes)? },
        "set-cover" => Objective::SetCover { minutes: minutes(b.minutes)?, share: b.share.unwrap_or(1.0) },
        "p-center" => Objective::PCenter { p: need(b.p, "p")? },
        other => {
            return Err(AppError::invalid(
                "problem",
                format!("`{other}` is not a problem (p-median, coverage, set-cover, p-center)"),
            ));
        }
    };
    let mode = match b.mode.as_deref() {
        None => TravelMode::Car,
        Some(m) => TravelMode::parse_field(m)?,
    };
    let mut req = PlanRequest::new(&b.service, mode, objective);
    req.group = app::accessibility::parse_age_group(b.age.as_deref().unwrap_or("all"))?;
    req.equity = match (b.max_mean, b.max_spread) {
        (Some(_), Some(_)) => return Err(AppError::invalid("max_spread", "give max_mean or max_spread, not both")),
        (Some(m), None) => Some(Equity::MaxMean { minutes: m }),
        (None, Some(s)) => Some(Equity::MaxSpread { minutes: s }),
        (None, None) => None,
    };
    req.solver = match b.solver.as_deref() {
        None => Solver::Auto,
        Some(s) => {
            s.parse().map_err(|_| AppError::invalid("solver", format!("`{s}`: use auto, exact or heuristic")))?
        }
    };
    if b.candidates.len() + b.generate.unwrap_or(0) > MAX_CANDIDATES {
        return Err(AppError::invalid(
            "candidates",
            format!("at most {MAX_CANDIDATES} candidates given and generated"),
        ));
    }
    for (i, c) in b.candidates.into_iter().enumerate() {
        if !domain::geo::in_finland(c.lat, c.lon) {
            return Err(AppError::invalid(
                format!("candidates[{i}]"),
                format!("({}, {}) is not in Finland (lat, lon in WGS84)", c.lat, c.lon),
            ));
        }
        if domain::Id::parse(&c.id).is_err() {
            return Err(AppError::invalid(format!("candidates[{i}].id"), "an id: a-z, 0-9 and . _ : - (up to 100)"));
        }
        let l = domain::geo::Location::from_wgs84(c.lat, c.lon);
        req.extra.push(Candidate { id: c.id, x: l.e, y: l.n, existing: false, places: c.places });
    }
    req.generated = b.generate.unwrap_or(0);
    req.without_existing = b.without_existing;
    req.fixed = b.fixed;
    req.residents_per_place = b.residents_per_place;
    req.new_places = b.new_places;
    req.cutoff = b.cutoff;
    req.time_limit = Some(b.time_limit.unwrap_or(60.0).clamp(1.0, 600.0));
    Ok(req)
}

async fn start(State(state): State<AppState>, acting: Acting, JsonBody(bytes): JsonBody) -> Result<Response, ApiError> {
    planner(&acting)?;
    let body: PlanBody = body::parse(&bytes)?;
    let req = request(body)?;
    let id = state.polku.start_plan(req).map_err(|e| match e {
        AppError::Conflict(p) => {
            ApiError::new(StatusCode::CONFLICT, "busy", p.first().map(|p| p.problem.clone()).unwrap_or_default())
        }
        other => other.into(),
    })?;
    let job = state.polku.plan_jobs().get(&id).ok_or_else(|| ApiError::from(AppError::Internal("job gone".into())))?;
    let location = format!("/api/v1/plans/{id}");
    Ok((StatusCode::ACCEPTED, [(header::LOCATION, location)], Json(job_json(&job, false))).into_response())
}

async fn list(State(state): State<AppState>, acting: Acting) -> Result<Json<Value>, ApiError> {
    planner(&acting)?;
    let items: Vec<Value> = state.polku.plan_jobs().list().iter().map(|j| job_json(j, false)).collect();
    Ok(Json(json!({ "items": items })))
}

async fn read(
    State(state): State<AppState>,
    acting: Acting,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    planner(&acting)?;
    let params = Params::parse(raw.as_deref())?;
    params.only(&["format"])?;
    let job = state.polku.plan_jobs().get(&id).ok_or_else(|| ApiError::not_found(format!("plan {id:?} not found")))?;
    let format = params.get("format").unwrap_or("json");
    if !matches!(format, "json" | "csv" | "geojson") {
        return Err(ApiError::bad_parameter("format", format!("{format:?}: use json, csv or geojson")));
    }
    if format == "json" {
        return Ok(Json(job_json(&job, true)).into_response());
    }
    let JobState::Done { outcome } = job.state() else {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "not_done",
            "the plan is not done; read it as JSON to follow it",
        ));
    };
    Ok(match format {
        "csv" => {
            ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], app::planning::cells_csv(&outcome)).into_response()
        }
        _ => (
            [(header::CONTENT_TYPE, "application/geo+json")],
            app::planning::geojson(&outcome, plan_json(&outcome)).to_string(),
        )
            .into_response(),
    })
}

async fn cancel(State(state): State<AppState>, acting: Acting, Path(id): Path<String>) -> Result<Response, ApiError> {
    planner(&acting)?;
    let job = state.polku.plan_jobs().get(&id).ok_or_else(|| ApiError::not_found(format!("plan {id:?} not found")))?;
    job.cancel();
    Ok((StatusCode::ACCEPTED, Json(job_json(&job, false))).into_response())
}

/// A job as JSON: its status and progress, and the plan when done (`full`).
pub fn job_json(job: &Job, full: bool) -> Value {
    let state = job.state();
    let mut v = json!({ "id": job.id, "seconds": (job.seconds() * 10.0).round() / 10.0 });
    match &state {
        JobState::Running { phase, done } => {
            v["status"] = json!("running");
            v["phase"] = json!(phase);
            v["done"] = json!((done * 1000.0).round() / 1000.0);
        }
        JobState::Done { outcome } => {
            v["status"] = json!("done");
            v["done"] = json!(1.0);
            if full {
                v["plan"] = plan_json(outcome);
            }
        }
        JobState::Failed { field, message } => {
            v["status"] = json!("failed");
            v["error"] = json!({ "field": field, "message": message });
        }
        JobState::Cancelled => v["status"] = json!("cancelled"),
    }
    v
}

/// A plan's summary: the problem, value, bound, sites, indicators before and after.
pub fn plan_json(o: &PlanOutcome) -> Value {
    let sites: Vec<Value> = o
        .candidates
        .iter()
        .enumerate()
        .map(|(j, c)| {
            let (lat, lon) = domain::geo::tm35fin_to_wgs84(c.y, c.x);
            let load = o.loads.iter().find(|l| l.candidate == j);
            json!({
                "id": c.id, "lat": (lat * 1e6).round() / 1e6, "lon": (lon * 1e6).round() / 1e6,
                "existing": c.existing, "open": load.is_some(),
                "residents": load.map(|l| l.residents.round()), "capacity": load.and_then(|l| l.capacity),
            })
        })
        .collect();
    json!({
        "service": o.service,
        "mode": o.mode,
        "age_group": o.age_group,
        "routing": o.routing,
        "estimate": matches!(o.routing, access::analysis::Method::Estimate),
        "problem": o.problem,
        "value": o.plan.value,
        "bound": o.plan.bound,
        "gap": o.gap,
        "method": o.plan.method,
        "optimal": o.plan.optimal,
        "matrix_seconds": o.matrix_seconds,
        "solve_seconds": o.solve_seconds,
        "sites": sites,
        "area_means": o.area_means.iter().map(|(a, w, m)| json!({"municipality": a, "population": w, "mean": m})).collect::<Vec<_>>(),
        "before": {"county": o.before.county, "municipalities": o.before.municipalities, "gini": o.before.gini},
        "after": {"county": o.after.county, "municipalities": o.after.municipalities, "gini": o.after.gini},
        "cells": o.cells.len(),
        "attribution": super::access::ATTRIBUTION,
    })
}
