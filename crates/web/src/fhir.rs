//! HL7 FHIR R4 read endpoints under `/fhir/`: HealthcareService, Location and
//! Organization, searched with `_id`, `name`, `service-category`, `location`
//! and `near`, answered as `searchset` Bundles paged with `_count` and
//! `_offset` (links `self`, `next`, `previous`); errors as OperationOutcome.
//! Handlers decode parameters, call the use cases in `app::fhir` and encode
//! the answer.

use app::fhir::{Found, LocationSearch, Near, OrganizationSearch, ServiceSearch, Window};
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::geo::Location;
use interop::fhir;
use serde_json::Value;

use crate::AppState;
use crate::params::Params;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(crate::fhir_referrals::router())
        .route("/HealthcareService", get(services))
        .route("/HealthcareService/{id}", get(service))
        .route("/Location", get(locations))
        .route("/Location/{id}", get(location))
        .route("/Organization", get(organizations))
        .route("/Organization/{id}", get(organization))
        .route("/metadata", get(metadata))
        .fallback(|| async {
            fail(
                StatusCode::NOT_FOUND,
                "not-found",
                "no such FHIR resource type here (HealthcareService, Location, Organization, ServiceRequest, Task, Patient)",
            )
        })
}

fn fhir_json(status: StatusCode, v: &Value) -> Response {
    (status, [(header::CONTENT_TYPE, "application/fhir+json")], v.to_string()).into_response()
}

/// A refusal, answered as an OperationOutcome.
struct Fail(StatusCode, &'static str, String);

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        fhir_json(self.0, &fhir::outcome(self.1, &self.2))
    }
}

fn fail(status: StatusCode, code: &'static str, message: &str) -> Fail {
    Fail(status, code, message.to_owned())
}

type Outcome<T> = Result<T, Fail>;

fn params(raw: Option<&str>, known: &[&str]) -> Outcome<Params> {
    let p =
        Params::parse(raw).map_err(|_| fail(StatusCode::BAD_REQUEST, "invalid", "the query string is not valid"))?;
    p.only(known).map_err(|e| fail(StatusCode::BAD_REQUEST, "not-supported", &e.message))?;
    Ok(p)
}

/// `near=lat|lon|distance|unit` (distance default 10 km; unit km or m).
fn near(p: &Params) -> Outcome<Option<Near>> {
    let Some(v) = p.get("near") else { return Ok(None) };
    let parts: Vec<&str> = v.split('|').collect();
    let bad =
        || fail(StatusCode::BAD_REQUEST, "invalid", "near is latitude|longitude|distance|unit, e.g. 60.39|25.66|5|km");
    if parts.len() > 4 {
        return Err(bad());
    }
    let lat: f64 = parts.first().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
    let lon: f64 = parts.get(1).and_then(|s| s.parse().ok()).ok_or_else(bad)?;
    let distance: f64 = match parts.get(2) {
        Some(d) => d.parse().map_err(|_| bad())?,
        None => 10.0,
    };
    let metres = match parts.get(3).copied().unwrap_or("km") {
        "km" => distance * 1000.0,
        "m" => distance,
        _ => return Err(bad()),
    };
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) || !metres.is_finite() || metres < 0.0 {
        return Err(bad());
    }
    Ok(Some(Near { at: Location::from_wgs84(lat, lon), metres }))
}

/// `_count` (default [`app::fhir::DEFAULT_COUNT`], lowered to [`app::fhir::MAX_COUNT`];
/// 0 gives the total only) and `_offset` (0-based index of the page's first match).
fn window(p: &Params) -> Outcome<Window> {
    let number = |key: &str, default: usize| -> Outcome<usize> {
        match p.get(key) {
            None => Ok(default),
            Some(v) => v.parse::<usize>().map_err(|_| {
                fail(StatusCode::BAD_REQUEST, "invalid", &format!("{key} must be a whole number 0 or more, not {v:?}"))
            }),
        }
    };
    Ok(Window { offset: number("_offset", 0)?, count: number("_count", app::fhir::DEFAULT_COUNT)? })
}

fn ids(p: &Params) -> Vec<String> {
    p.get("_id")
        .map(|v| v.split(',').map(|i| i.trim().to_owned()).filter(|i| !i.is_empty()).collect())
        .unwrap_or_default()
}

/// Percent-encodes all but RFC 3986 unreserved characters.
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The URL of another window of the same search: the search parameters the
/// server used (in `known` order, each once), then `_count` and `_offset`.
/// Relative to the server root, like every link Polku writes.
fn page_url(kind: &str, p: &Params, known: &[&str], window: Window) -> String {
    let mut query: Vec<String> = known
        .iter()
        .filter(|k| !matches!(**k, "_count" | "_offset"))
        .filter_map(|k| p.get(k).map(|v| format!("{k}={}", encode(v))))
        .collect();
    query.push(format!("_count={}", window.count));
    query.push(format!("_offset={}", window.offset));
    format!("/fhir/{kind}?{}", query.join("&"))
}

/// The searchset Bundle of one window, with `self`, and `next`/`previous` where there are such pages.
fn searchset(kind: &str, p: &Params, known: &[&str], found: Found) -> Response {
    let Window { offset, count } = found.window;
    let mut links = vec![("self", page_url(kind, p, known, found.window))];
    if count > 0 && offset.saturating_add(count) < found.total {
        links.push(("next", page_url(kind, p, known, Window { offset: offset + count, count })));
    }
    // The page before ends where this one starts (at the last match when this one
    // is past the end) and never overlaps it: near the start it is shorter.
    let end = offset.min(found.total);
    if count > 0 && end > 0 {
        let start = end.saturating_sub(count);
        links.push(("previous", page_url(kind, p, known, Window { offset: start, count: end - start })));
    }
    fhir_json(StatusCode::OK, &fhir::searchset(found.resources, found.total, &links))
}

fn read(answer: Result<Value, app::AppError>) -> Response {
    match answer {
        Ok(resource) => fhir_json(StatusCode::OK, &resource),
        Err(app::AppError::NotFound { kind, id }) => {
            fail(StatusCode::NOT_FOUND, "not-found", &format!("no {kind} {id}")).into_response()
        }
        Err(other) => {
            tracing::error!(error = %other, "FHIR read failed");
            fail(StatusCode::INTERNAL_SERVER_ERROR, "exception", "internal error; it has been logged").into_response()
        }
    }
}

const SERVICE_PARAMS: &[&str] = &["_id", "name", "service-category", "location", "near", "_count", "_offset"];
const LOCATION_PARAMS: &[&str] = &["_id", "name", "near", "_count", "_offset"];
const ORGANIZATION_PARAMS: &[&str] = &["_id", "name", "_count", "_offset"];

async fn services(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let run = || -> Outcome<Response> {
        let p = params(raw.as_deref(), SERVICE_PARAMS)?;
        let search = ServiceSearch {
            ids: ids(&p),
            name: p.get("name").map(str::to_owned),
            category: p.get("service-category").map(|c| c.rsplit('|').next().unwrap_or(c).to_owned()),
            location: p.get("location").map(|l| l.trim_start_matches("Location/").to_owned()),
            near: near(&p)?,
        };
        let found = state.polku.fhir_healthcare_services(&search, window(&p)?);
        Ok(searchset("HealthcareService", &p, SERVICE_PARAMS, found))
    };
    run().unwrap_or_else(IntoResponse::into_response)
}

async fn service(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    read(state.polku.fhir_healthcare_service(&id))
}

async fn locations(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let run = || -> Outcome<Response> {
        let p = params(raw.as_deref(), LOCATION_PARAMS)?;
        let search = LocationSearch { ids: ids(&p), name: p.get("name").map(str::to_owned), near: near(&p)? };
        let found = state.polku.fhir_locations(&search, window(&p)?);
        Ok(searchset("Location", &p, LOCATION_PARAMS, found))
    };
    run().unwrap_or_else(IntoResponse::into_response)
}

async fn location(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    read(state.polku.fhir_location(&id))
}

async fn organizations(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let run = || -> Outcome<Response> {
        let p = params(raw.as_deref(), ORGANIZATION_PARAMS)?;
        let search = OrganizationSearch { ids: ids(&p), name: p.get("name").map(str::to_owned) };
        let found = state.polku.fhir_organizations(&search, window(&p)?);
        Ok(searchset("Organization", &p, ORGANIZATION_PARAMS, found))
    };
    run().unwrap_or_else(IntoResponse::into_response)
}

async fn organization(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    read(state.polku.fhir_organization(&id))
}

async fn metadata(State(state): State<AppState>) -> Response {
    fhir_json(StatusCode::OK, &state.polku.fhir_capabilities())
}
