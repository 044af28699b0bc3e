//! Accessibility endpoints: a service's travel times from every populated cell
//! (JSON report, CSV or GeoJSON cells in EPSG:3067 or WGS84), and scenarios.

use access::Mode;
use access::analysis::{AgeGroup, Change, Site};
use app::accessibility::{AccessOutcome, demo_grid, parse_age_group};
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};
use std::fmt::Write as _;

use super::body::{self, JsonBody};
use crate::AppState;
use crate::error::ApiError;
use crate::params::Params;

pub const ATTRIBUTION: &str = "Contains data from Statistics Finland (CC BY 4.0). Synthetic population grid.";

pub fn router() -> Router<AppState> {
    use axum::routing::{get, post};
    Router::new().route("/access/services/{id}", get(service)).route("/access/scenarios", post(scenario))
}

fn mode_of(params: &Params) -> Result<Mode, ApiError> {
    match params.get("mode") {
        None => Ok(Mode::Car),
        Some(m) => m.parse().map_err(|e: access::AccessError| ApiError::bad_parameter("mode", e.to_string())),
    }
}

fn age_of(value: Option<&str>) -> Result<AgeGroup, ApiError> {
    Ok(parse_age_group(value.unwrap_or("all"))?)
}

/// The report as JSON (shared by the page's tests and the scenario answer).
pub fn report_json(o: &AccessOutcome) -> Value {
    report_of(&o.report, o)
}

/// A report (the outcome's own, or its scenario's) with the outcome's channels and units.
fn report_of(r: &access::analysis::Report, o: &AccessOutcome) -> Value {
    json!({
        "service": r.service,
        "mode": r.mode,
        "method": r.method,
        "estimate": matches!(r.method, access::analysis::Method::Estimate),
        "age_group": r.age_group,
        "estimated_share": r.estimated_share,
        "digital_channels": o.digital,
        "available_at_home": !o.digital.is_empty(),
        "county": r.county,
        "municipalities": r.municipalities,
        "worst": r.worst.as_ref().map(|(m, t)| json!({"municipality": m, "mean": t})),
        "best": r.best.as_ref().map(|(m, t)| json!({"municipality": m, "mean": t})),
        "gini": r.gini,
        "cells": r.times.len(),
        "units": o.sites.iter().filter(|s| s.offers).count(),
        "attribution": ATTRIBUTION,
    })
}

async fn service(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(raw.as_deref())?;
    params.only(&["mode", "age", "format", "crs", "k"])?;
    let k = params.number("k", 1, 10)?;
    let mode = mode_of(&params)?;
    let group = age_of(params.get("age"))?;
    let wgs84 = match params.get("crs") {
        None | Some("3067") | Some("EPSG:3067") => false,
        Some("4326") | Some("EPSG:4326") => true,
        Some(other) => return Err(ApiError::bad_parameter("crs", format!("{other:?}: use 3067 or 4326"))),
    };
    let polku = state.polku.clone();
    let outcome = tokio::task::spawn_blocking(move || polku.access_report(&id, mode, group, &[]))
        .await
        .map_err(|e| ApiError::from(app::AppError::Internal(e.to_string())))??;
    let grid = demo_grid();
    match params.get("format").unwrap_or("json") {
        "json" => Ok(Json(report_json(&outcome)).into_response()),
        "csv" => {
            let nearest = if k > 1 { state.polku.access_nearest(&outcome.report.service, mode, k) } else { Vec::new() };
            let mut csv = String::from("cell_id,municipality,x,y,lat,lon,population,weight,minutes,estimate");
            if k > 1 {
                csv.push_str(",nearest_units");
            }
            csv.push('\n');
            for (i, c) in grid.cells.iter().enumerate() {
                let (lat, lon) = domain::geo::tm35fin_to_wgs84(c.y, c.x);
                let t = outcome.report.times[i];
                let _ = writeln!(
                    csv,
                    "{},{},{:.0},{:.0},{lat:.5},{lon:.5},{},{:.1},{},{}",
                    c.id,
                    c.municipality.map(|m| format!("{m:03}")).unwrap_or_default(),
                    c.x,
                    c.y,
                    c.population,
                    outcome.report.weights[i],
                    if t.is_finite() { format!("{t:.1}") } else { String::new() },
                    matches!(outcome.report.method, access::analysis::Method::Estimate)
                );
                if k > 1 {
                    // `unit:minutes` for the k nearest, nearest first, separated by `|`.
                    csv.pop();
                    let list: Vec<String> = nearest[i].iter().map(|(t, u)| format!("{u}:{t:.1}")).collect();
                    let _ = writeln!(csv, ",{}", list.join("|"));
                }
            }
            Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response())
        }
        "geojson" => {
            let half = grid.cell_size / 2.0;
            let features: Vec<Value> = grid
                .cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let corners = [(-half, -half), (half, -half), (half, half), (-half, half), (-half, -half)];
                    let ring: Vec<Value> = corners
                        .iter()
                        .map(|(dx, dy)| {
                            let (x, y) = (c.x + dx, c.y + dy);
                            if wgs84 {
                                let (lat, lon) = domain::geo::tm35fin_to_wgs84(y, x);
                                json!([(lon * 1e6).round() / 1e6, (lat * 1e6).round() / 1e6])
                            } else {
                                json!([x.round(), y.round()])
                            }
                        })
                        .collect();
                    let t = outcome.report.times[i];
                    json!({
                        "type": "Feature",
                        "id": c.id,
                        "geometry": {"type": "Polygon", "coordinates": [ring]},
                        "properties": {
                            "municipality": c.municipality.map(|m| format!("{m:03}")),
                            "population": c.population,
                            "weight": outcome.report.weights[i],
                            "minutes": t.is_finite().then(|| (t as f64 * 10.0).round() / 10.0),
                        }
                    })
                })
                .collect();
            let mut fc = json!({
                "type": "FeatureCollection",
                "features": features,
                "properties": report_json(&outcome),
            });
            if !wgs84 {
                fc["crs"] = json!({"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3067"}});
            }
            Ok(([(header::CONTENT_TYPE, "application/geo+json")], fc.to_string()).into_response())
        }
        other => Err(ApiError::bad_parameter("format", format!("{other:?}: use json, csv or geojson"))),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
enum ChangeBody {
    Close(String),
    Open { id: String, lat: f64, lon: f64, services: Vec<String> },
    Move { id: String, lat: f64, lon: f64 },
    Services { id: String, services: Vec<String> },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioBody {
    service: String,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    age: Option<String>,
    changes: Vec<ChangeBody>,
}

fn point(lat: f64, lon: f64, field: &str) -> Result<(f64, f64), ApiError> {
    if !domain::geo::in_finland(lat, lon) {
        return Err(
            app::AppError::invalid(field, format!("({lat}, {lon}) is not in Finland (lat, lon in WGS84)")).into()
        );
    }
    let l = domain::geo::Location::from_wgs84(lat, lon);
    Ok((l.e, l.n))
}

async fn scenario(State(state): State<AppState>, JsonBody(bytes): JsonBody) -> Result<Json<Value>, ApiError> {
    let body: ScenarioBody = body::parse(&bytes)?;
    let mode = match body.mode.as_deref() {
        None => Mode::Car,
        Some(m) => app::accessibility::parse_mode(m)?,
    };
    let group = age_of(body.age.as_deref())?;
    if body.changes.is_empty() || body.changes.len() > 50 {
        return Err(app::AppError::invalid("changes", "give 1 to 50 changes").into());
    }
    let mut changes = Vec::new();
    for (i, c) in body.changes.into_iter().enumerate() {
        let field = format!("changes[{i}]");
        changes.push(match c {
            ChangeBody::Close(id) => Change::Close(id),
            ChangeBody::Open { id, lat, lon, services } => {
                let (x, y) = point(lat, lon, &field)?;
                Change::Open(Site { id, x, y, services })
            }
            ChangeBody::Move { id, lat, lon } => {
                let (x, y) = point(lat, lon, &field)?;
                Change::Move { id, x, y }
            }
            ChangeBody::Services { id, services } => Change::Services { id, services },
        });
    }
    let polku = state.polku.clone();
    let service = body.service;
    let outcome = tokio::task::spawn_blocking(move || polku.access_report(&service, mode, group, &changes))
        .await
        .map_err(|e| ApiError::from(app::AppError::Internal(e.to_string())))??;
    let after = outcome.scenario.as_ref().expect("changes were given");
    let after_json = report_of(&after.report, &outcome);
    let grid = demo_grid();
    let changed: Vec<Value> = after
        .changed
        .iter()
        .map(|(i, b, a)| {
            let c = &grid.cells[*i];
            json!({"cell_id": c.id, "x": c.x.round(), "y": c.y.round(), "population": c.population, "before": b, "after": a})
        })
        .collect();
    Ok(Json(json!({
        "before": report_json(&outcome),
        "after": after_json,
        "changed_cells": changed,
        "gained_residents": after.gained_residents,
        "lost_residents": after.lost_residents,
        "elapsed_ms": after.elapsed_ms,
    })))
}
