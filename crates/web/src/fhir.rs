//! HL7 FHIR R4 read endpoints under `/fhir/`: HealthcareService, Location and
//! Organization, searched with `_id`, `name`, `service-category`, `location`
//! and `near`, answered as `searchset` Bundles; errors as OperationOutcome.

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
        .route("/HealthcareService", get(services))
        .route("/HealthcareService/{id}", get(service))
        .route("/Location", get(locations))
        .route("/Location/{id}", get(location))
        .route("/Organization", get(organizations))
        .route("/Organization/{id}", get(organization))
        .fallback(|| async {
            fail(
                StatusCode::NOT_FOUND,
                "not-found",
                "no such FHIR resource type here (HealthcareService, Location, Organization)",
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

fn name_matches(text: &domain::text::Text, needle: &str) -> bool {
    let n = needle.to_lowercase();
    text.iter().any(|(_, t)| t.to_lowercase().contains(&n))
}

/// `near=lat|lon|distance|unit` (distance default 10 km; unit km or m).
fn near(p: &Params) -> Outcome<Option<(Location, f64)>> {
    let Some(v) = p.get("near") else { return Ok(None) };
    let parts: Vec<&str> = v.split('|').collect();
    let bad =
        || fail(StatusCode::BAD_REQUEST, "invalid", "near is latitude|longitude|distance|unit, e.g. 60.39|25.66|5|km");
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
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) || metres < 0.0 {
        return Err(bad());
    }
    Ok(Some((Location::from_wgs84(lat, lon), metres)))
}

fn self_url(kind: &str, raw: &Option<String>) -> String {
    match raw {
        Some(q) if !q.is_empty() => format!("/fhir/{kind}?{q}"),
        _ => format!("/fhir/{kind}"),
    }
}

async fn services(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let run = || -> Outcome<Response> {
        let p = params(raw.as_deref(), &["_id", "name", "service-category", "location", "near", "_count"])?;
        let near = near(&p)?;
        let snapshot = state.polku.snapshot();
        let catalog = &snapshot.catalog;
        let today = state.polku.clock().today();
        let location = p.get("location").map(|l| l.trim_start_matches("Location/").to_owned());
        let category = p.get("service-category").map(|c| c.rsplit('|').next().unwrap_or(c).to_owned());
        let resources: Vec<Value> = catalog
            .services
            .values()
            .filter(|s| p.get("_id").is_none_or(|id| id.split(',').any(|i| i == s.id.as_str())))
            .filter(|s| p.get("name").is_none_or(|n| name_matches(&s.name, n)))
            .filter(|s| category.as_ref().is_none_or(|c| s.service_classes.iter().any(|x| x == c)))
            .filter(|s| location.as_ref().is_none_or(|l| catalog.units_of(s).iter().any(|u| u.id.as_str() == l)))
            .filter(|s| near.is_none_or(|(at, m)| catalog.units_of(s).iter().any(|u| u.location.distance_m(&at) <= m)))
            .map(|s| fhir::healthcare_service(catalog, s, today))
            .collect();
        Ok(fhir_json(StatusCode::OK, &fhir::bundle("searchset", resources, Some(&self_url("HealthcareService", &raw)))))
    };
    run().unwrap_or_else(IntoResponse::into_response)
}

async fn service(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let snapshot = state.polku.snapshot();
    match snapshot.catalog.services.get(id.as_str()) {
        Some(s) => {
            fhir_json(StatusCode::OK, &fhir::healthcare_service(&snapshot.catalog, s, state.polku.clock().today()))
        }
        None => fail(StatusCode::NOT_FOUND, "not-found", &format!("no HealthcareService {id}")).into_response(),
    }
}

async fn locations(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let run = || -> Outcome<Response> {
        let p = params(raw.as_deref(), &["_id", "name", "near", "_count"])?;
        let near = near(&p)?;
        let snapshot = state.polku.snapshot();
        let today = state.polku.clock().today();
        let resources: Vec<Value> = snapshot
            .catalog
            .units
            .values()
            .filter(|u| p.get("_id").is_none_or(|id| id.split(',').any(|i| i == u.id.as_str())))
            .filter(|u| p.get("name").is_none_or(|n| name_matches(&u.name, n)))
            .filter(|u| near.is_none_or(|(at, m)| u.location.distance_m(&at) <= m))
            .map(|u| fhir::location(u, today))
            .collect();
        Ok(fhir_json(StatusCode::OK, &fhir::bundle("searchset", resources, Some(&self_url("Location", &raw)))))
    };
    run().unwrap_or_else(IntoResponse::into_response)
}

async fn location(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let snapshot = state.polku.snapshot();
    match snapshot.catalog.units.get(id.as_str()) {
        Some(u) => fhir_json(StatusCode::OK, &fhir::location(u, state.polku.clock().today())),
        None => fail(StatusCode::NOT_FOUND, "not-found", &format!("no Location {id}")).into_response(),
    }
}

async fn organizations(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let run = || -> Outcome<Response> {
        let p = params(raw.as_deref(), &["_id", "name", "_count"])?;
        let snapshot = state.polku.snapshot();
        let today = state.polku.clock().today();
        let resources: Vec<Value> = snapshot
            .catalog
            .organizations
            .values()
            .filter(|o| p.get("_id").is_none_or(|id| id.split(',').any(|i| i == o.id.as_str())))
            .filter(|o| p.get("name").is_none_or(|n| name_matches(&o.name, n)))
            .map(|o| fhir::organization(o, today))
            .collect();
        Ok(fhir_json(StatusCode::OK, &fhir::bundle("searchset", resources, Some(&self_url("Organization", &raw)))))
    };
    run().unwrap_or_else(IntoResponse::into_response)
}

async fn organization(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let snapshot = state.polku.snapshot();
    match snapshot.catalog.organizations.get(id.as_str()) {
        Some(o) => fhir_json(StatusCode::OK, &fhir::organization(o, state.polku.clock().today())),
        None => fail(StatusCode::NOT_FOUND, "not-found", &format!("no Organization {id}")).into_response(),
    }
}
