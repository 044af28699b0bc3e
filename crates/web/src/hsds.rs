//! The Open Referral HSDS 3.0 API under `/hsds/`: services, organizations,
//! service-at-locations, taxonomies and terms, with HSDS paging and filters.
//! One language per answer: `lang=fi|sv|en` or the `Accept-Language` header.

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, NaiveDate};
use domain::text::Lang;
use interop::hsds::{self, Writer, uuid_for};
use serde_json::{Value, json};

use crate::AppState;
use crate::error::ApiError;
use crate::params::Params;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(root))
        .route("/services", get(services))
        .route("/services/{id}", get(service))
        .route("/organizations", get(organizations))
        .route("/organizations/{id}", get(organization))
        .route("/service_at_locations", get(service_at_locations))
        .route("/service_at_locations/{id}", get(service_at_location))
        .route("/taxonomies", get(taxonomies))
        .route("/taxonomy_terms", get(taxonomy_terms))
        .fallback(|| async { ApiError::not_found("no such HSDS endpoint; see /hsds/") })
}

pub(crate) async fn root() -> Json<Value> {
    Json(json!({
        "version": hsds::VERSION,
        "profile": "https://github.com/polku-fi/polku/blob/main/docs/interop.md",
        "openapi_url": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json",
    }))
}

fn lang(params: &Params, headers: &HeaderMap) -> Result<Lang, ApiError> {
    match params.get("lang") {
        Some(l) => Lang::parse(l).ok_or_else(|| ApiError::bad_parameter("lang", format!("{l:?}: use fi, sv or en"))),
        None => Ok(crate::pages::preferred_lang(headers)),
    }
}

/// The query string checked against `known`, and the answer's language.
fn start(raw: Option<&str>, headers: &HeaderMap, known: &[&str]) -> Result<(Params, Lang), ApiError> {
    let params = Params::parse(raw)?;
    params.only(known)?;
    let lang = lang(&params, headers)?;
    Ok((params, lang))
}

fn paging(params: &Params) -> Result<(usize, usize), ApiError> {
    Ok((params.number("page", 1, 100_000)?, params.number("per_page", 50, 500)?))
}

const LIST: &[&str] = &[
    "lang",
    "page",
    "per_page",
    "search",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "full",
    "format",
];

fn today(state: &AppState) -> NaiveDate {
    state.polku.clock().today()
}

async fn services(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (params, lang) = start(raw.as_deref(), &headers, LIST)?;
    let (page, per_page) = paging(&params)?;
    if params.get("format").is_some_and(|f| f != "json") {
        return Err(ApiError::bad_parameter("format", "only json is offered"));
    }
    let modified_after = params
        .get("modified_after")
        .map(|m| {
            DateTime::parse_from_rfc3339(m)
                .map(|d| d.to_utc())
                .or_else(|_| {
                    NaiveDate::parse_from_str(m, "%Y-%m-%d")
                        .map(|d| d.and_hms_opt(0, 0, 0).expect("midnight").and_utc())
                })
                .map_err(|_| ApiError::bad_parameter("modified_after", format!("{m:?} is not a date or date-time")))
        })
        .transpose()?;
    let snapshot = state.polku.snapshot();
    let catalog = &snapshot.catalog;
    let w = Writer { catalog, lang };
    let today = today(&state);
    // Full-text search through Polku's own engine, in the answer's language.
    let matching: Option<std::collections::HashSet<String>> = match params.get("search") {
        None => None,
        Some(text) => {
            let query = search::Query {
                text: text.to_owned(),
                lang,
                on: today,
                filters: Default::default(),
                sort: search::Sort::Relevance,
                page: 1,
                per_page: 10_000,
            };
            Some(snapshot.index.search(&query).hits.into_iter().map(|h| h.service.to_string()).collect())
        }
    };
    // Filter the catalog's services first; build HSDS objects for the page only.
    let chosen: Vec<&domain::catalog::Service> = catalog
        .services
        .values()
        .filter(|s| matching.as_ref().is_none_or(|m| m.contains(s.id.as_str())))
        .filter(|s| {
            params
                .get("organization_id")
                .is_none_or(|o| s.organiser.as_str() == o || uuid_for("organization", s.organiser.as_str()) == o)
        })
        .filter(|s| params.get("taxonomy_term_id").is_none_or(|t| hsds::service_has_term(s, t)))
        .filter(|s| params.get("taxonomy_id").is_none_or(|t| hsds::service_in_taxonomy(s, t)))
        .filter(|s| {
            modified_after.is_none_or(|after| {
                DateTime::parse_from_rfc3339(&hsds::last_modified(s)).is_ok_and(|m| m.to_utc() >= after)
            })
        })
        .collect();
    let contents: Vec<Value> =
        chosen.iter().skip((page - 1) * per_page).take(per_page).map(|s| w.service(s, today)).collect();
    Ok(Json(hsds::page_of(chosen.len(), page, per_page, contents)))
}

async fn service(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (_, lang) = start(raw.as_deref(), &headers, &["lang", "full"])?;
    let snapshot = state.polku.snapshot();
    let catalog = &snapshot.catalog;
    let s = catalog
        .services
        .values()
        .find(|s| s.id.as_str() == id || uuid_for("service", s.id.as_str()) == id)
        .ok_or_else(|| ApiError::not_found(format!("no service {id:?}")))?;
    Ok(Json(Writer { catalog, lang }.service(s, today(&state))))
}

async fn organizations(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (params, lang) =
        start(raw.as_deref(), &headers, &["lang", "page", "per_page", "search", "full_service", "full", "format"])?;
    let (page, per_page) = paging(&params)?;
    let snapshot = state.polku.snapshot();
    let w = Writer { catalog: &snapshot.catalog, lang };
    let needle = params.get("search").map(str::to_lowercase);
    let items = snapshot
        .catalog
        .organizations
        .values()
        .filter(|o| needle.as_ref().is_none_or(|n| o.name.iter().any(|(_, t)| t.to_lowercase().contains(n.as_str()))))
        .map(|o| w.organization(o))
        .collect();
    Ok(Json(hsds::page(items, page, per_page)))
}

async fn organization(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (_, lang) = start(raw.as_deref(), &headers, &["lang", "full_service"])?;
    let snapshot = state.polku.snapshot();
    let catalog = &snapshot.catalog;
    let o = catalog
        .organizations
        .values()
        .find(|o| o.id.as_str() == id || uuid_for("organization", o.id.as_str()) == id)
        .ok_or_else(|| ApiError::not_found(format!("no organization {id:?}")))?;
    let w = Writer { catalog, lang };
    let mut v = w.organization(o);
    let today = today(&state);
    v["services"] = catalog.services.values().filter(|s| s.organiser == o.id).map(|s| w.service(s, today)).collect();
    Ok(Json(v))
}

async fn service_at_locations(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (params, lang) = start(
        raw.as_deref(),
        &headers,
        &[
            "lang",
            "page",
            "per_page",
            "search",
            "taxonomy_term_id",
            "taxonomy_id",
            "organization_id",
            "modified_after",
            "full",
            "format",
            "postcode",
            "proximity",
        ],
    )?;
    let (page, per_page) = paging(&params)?;
    let proximity: Option<f64> = params.parsed("proximity", "a distance in metres")?;
    let postcode = params.get("postcode");
    let centre = match postcode {
        None if proximity.is_some() => {
            return Err(ApiError::bad_parameter("proximity", "needs `postcode` (the centre)"));
        }
        None => None,
        Some(p) => Some(
            app::accessibility::demo_postal_areas()
                .iter()
                .find(|a| a.postcode == p)
                .map(|a| a.area.clone())
                .ok_or_else(|| {
                    ApiError::bad_parameter("postcode", format!("{p:?} is not a postal code of the county"))
                })?,
        ),
    };
    let snapshot = state.polku.snapshot();
    let catalog = &snapshot.catalog;
    let w = Writer { catalog, lang };
    let mut items = Vec::new();
    for s in catalog.services.values() {
        if params.get("organization_id").is_some_and(|o| uuid_for("organization", s.organiser.as_str()) != o) {
            continue;
        }
        for u in catalog.units_of(s) {
            let keep = match (&centre, proximity) {
                (Some(c), Some(metres)) => {
                    ((u.location.e - c.x).powi(2) + (u.location.n - c.y).powi(2)).sqrt() <= metres
                }
                // Postcode alone: the service covers its municipality, or the unit is in it.
                (Some(c), None) => {
                    let m = format!("{:03}", c.municipality);
                    s.area.contains(&m)
                        || u.address.municipality == m
                        || Some(u.address.postal_code.as_str()) == postcode
                }
                _ => true,
            };
            if keep {
                items.push(w.service_at_location(s, u));
            }
        }
    }
    Ok(Json(hsds::page(items, page, per_page)))
}

async fn service_at_location(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (_, lang) = start(raw.as_deref(), &headers, &["lang", "full"])?;
    let snapshot = state.polku.snapshot();
    let catalog = &snapshot.catalog;
    let w = Writer { catalog, lang };
    for s in catalog.services.values() {
        for u in catalog.units_of(s) {
            if uuid_for("service-at-location", &format!("{}:{}", s.id, u.id)) == id {
                return Ok(Json(w.service_at_location(s, u)));
            }
        }
    }
    Err(ApiError::not_found(format!("no service_at_location {id:?}")))
}

async fn taxonomies(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (params, lang) = start(raw.as_deref(), &headers, &["lang", "page", "per_page"])?;
    let (page, per_page) = paging(&params)?;
    let snapshot = state.polku.snapshot();
    Ok(Json(hsds::page(Writer { catalog: &snapshot.catalog, lang }.taxonomies(), page, per_page)))
}

async fn taxonomy_terms(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (params, lang) = start(raw.as_deref(), &headers, &["lang", "page", "per_page", "taxonomy_id", "search"])?;
    let (page, per_page) = paging(&params)?;
    let snapshot = state.polku.snapshot();
    let needle = params.get("search").map(str::to_lowercase);
    let items = Writer { catalog: &snapshot.catalog, lang }
        .taxonomy_terms()
        .into_iter()
        .filter(|t| params.get("taxonomy_id").is_none_or(|x| t["taxonomy_id"] == x))
        .filter(|t| {
            needle.as_ref().is_none_or(|n| t["name"].as_str().is_some_and(|s| s.to_lowercase().contains(n.as_str())))
        })
        .collect();
    Ok(Json(hsds::page(items, page, per_page)))
}
