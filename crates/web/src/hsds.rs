//! The Open Referral HSDS 3.0 API under `/hsds/`: services, organizations,
//! service-at-locations, taxonomies and terms, with HSDS paging and filters.
//! One language per answer: `lang=fi|sv|en` or the `Accept-Language` header.
//! Handlers decode parameters, call the use cases in `app::hsds` and encode
//! the answer.

use app::hsds::{Page, Place, ServiceFilter, TermFilter};
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, NaiveDate, Utc};
use domain::text::Lang;
use interop::hsds;
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
        .route("/taxonomies/{id}", get(taxonomy))
        .route("/taxonomy_terms", get(taxonomy_terms))
        .route("/taxonomy_terms/{id}", get(taxonomy_term))
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

fn paging(params: &Params, lang: Lang) -> Result<Page, ApiError> {
    Ok(Page { lang, page: params.number("page", 1, 100_000)?, per_page: params.number("per_page", 50, 500)? })
}

/// `format`: HSDS offers `json` (and others Polku does not); anything else is refused.
fn format(params: &Params) -> Result<(), ApiError> {
    match params.get("format") {
        Some(f) if f != "json" => Err(ApiError::bad_parameter("format", "only json is offered")),
        _ => Ok(()),
    }
}

/// An app refusal of a parameter (unknown postcode…) is a 400 naming it.
fn parameter_error(e: app::AppError) -> ApiError {
    match e {
        app::AppError::Invalid(problems) => {
            let mut problems = problems.into_iter();
            let first = problems.next();
            let field = first.as_ref().map_or("(query)", |p| p.field.as_str()).to_owned();
            let mut error = ApiError::bad_parameter(&field, first.map(|p| p.problem).unwrap_or_default());
            error.details.extend(problems);
            error
        }
        other => other.into(),
    }
}

fn modified_after(params: &Params) -> Result<Option<DateTime<Utc>>, ApiError> {
    params
        .get("modified_after")
        .map(|m| {
            DateTime::parse_from_rfc3339(m)
                .map(|d| d.to_utc())
                .or_else(|_| {
                    NaiveDate::parse_from_str(m, "%Y-%m-%d").map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc())
                })
                .map_err(|_| ApiError::bad_parameter("modified_after", format!("{m:?} is not a date or date-time")))
        })
        .transpose()
}

fn service_filter(params: &Params) -> Result<ServiceFilter, ApiError> {
    let owned = |key: &str| params.get(key).map(str::to_owned);
    Ok(ServiceFilter {
        search: owned("search"),
        taxonomy_term_id: owned("taxonomy_term_id"),
        taxonomy_id: owned("taxonomy_id"),
        organization_id: owned("organization_id"),
        modified_after: modified_after(params)?,
    })
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
    "minimal",
    "full",
    "format",
];

async fn services(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (params, lang) = start(raw.as_deref(), &headers, LIST)?;
    let page = paging(&params, lang)?;
    format(&params)?;
    Ok(Json(state.polku.hsds_services(page, &service_filter(&params)?)))
}

async fn service(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (_, lang) = start(raw.as_deref(), &headers, &["lang", "full"])?;
    Ok(Json(state.polku.hsds_service(&id, lang)?))
}

async fn organizations(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (params, lang) =
        start(raw.as_deref(), &headers, &["lang", "page", "per_page", "search", "full_service", "full", "format"])?;
    let page = paging(&params, lang)?;
    format(&params)?;
    Ok(Json(state.polku.hsds_organizations(page, params.get("search"))))
}

async fn organization(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (_, lang) = start(raw.as_deref(), &headers, &["lang", "full_service"])?;
    Ok(Json(state.polku.hsds_organization(&id, lang)?))
}

async fn service_at_locations(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let known: Vec<&str> = LIST.iter().copied().chain(["postcode", "proximity"]).collect();
    let (params, lang) = start(raw.as_deref(), &headers, &known)?;
    let page = paging(&params, lang)?;
    format(&params)?;
    let place = Place {
        postcode: params.get("postcode").map(str::to_owned),
        proximity_m: params.parsed("proximity", "a distance in metres")?,
    };
    state.polku.hsds_service_at_locations(page, &service_filter(&params)?, &place).map(Json).map_err(parameter_error)
}

async fn service_at_location(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (_, lang) = start(raw.as_deref(), &headers, &["lang", "full"])?;
    Ok(Json(state.polku.hsds_service_at_location(&id, lang)?))
}

async fn taxonomies(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (params, lang) = start(raw.as_deref(), &headers, &["lang", "page", "per_page", "search", "format"])?;
    let page = paging(&params, lang)?;
    format(&params)?;
    Ok(Json(state.polku.hsds_taxonomies(page, params.get("search"))))
}

async fn taxonomy(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (_, lang) = start(raw.as_deref(), &headers, &["lang"])?;
    Ok(Json(state.polku.hsds_taxonomy(&id, lang)?))
}

async fn taxonomy_terms(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (params, lang) =
        start(raw.as_deref(), &headers, &["lang", "page", "per_page", "taxonomy_id", "search", "format"])?;
    let page = paging(&params, lang)?;
    format(&params)?;
    let filter = TermFilter {
        taxonomy_id: params.get("taxonomy_id").map(str::to_owned),
        search: params.get("search").map(str::to_owned),
    };
    Ok(Json(state.polku.hsds_taxonomy_terms(page, &filter)))
}

async fn taxonomy_term(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (_, lang) = start(raw.as_deref(), &headers, &["lang"])?;
    Ok(Json(state.polku.hsds_taxonomy_term(&id, lang)?))
}
