//! List and search endpoints, and the one place that turns query parameters
//! into a search [`Query`] (the pages use it too).

use super::MAX_PER_PAGE;
use crate::AppState;
use crate::error::ApiError;
use crate::params::Params;
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use domain::catalog::Dated;
use domain::reference::{CodeKind, Reference};
use domain::{ChannelKind, Lang, OrgKind, Tier};
use search::{Filters, Query, Sort};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

pub const SEARCH_PARAMS: &[&str] = &[
    "q",
    "lang",
    "municipality",
    "target_group",
    "service_class",
    "language",
    "channel",
    "tier",
    "producer_kind",
    "open_at",
    "open_now",
    "near",
    "sort",
    "page",
    "per_page",
    "on",
];

/// A parameter naming one of `all` by its serde name; the error lists the names.
fn enum_param<T: DeserializeOwned + Serialize>(params: &Params, key: &str, all: &[T]) -> Result<Option<T>, ApiError> {
    params
        .get(key)
        .map(|v| {
            serde_json::from_value(Value::String(v.to_owned())).map_err(|_| {
                let names: Vec<String> = all.iter().map(crate::params::serde_name).collect();
                ApiError::bad_parameter(key, format!("{v:?} is not one of {}", names.join(", ")))
            })
        })
        .transpose()
}

fn code_param(params: &Params, key: &str, kind: CodeKind) -> Result<Option<String>, ApiError> {
    match params.get(key) {
        Some(code) if Reference::get().code(kind, code).is_none() => {
            Err(ApiError::bad_parameter(key, format!("unknown {} code {code:?}", kind.as_str().replace('_', " "))))
        }
        other => Ok(other.map(str::to_owned)),
    }
}

pub fn municipality_param(params: &Params) -> Result<Option<String>, ApiError> {
    match params.get("municipality") {
        Some(code) if Reference::get().municipality(code).is_none() => {
            Err(ApiError::bad_parameter("municipality", format!("unknown municipality code {code:?}")))
        }
        other => Ok(other.map(str::to_owned)),
    }
}

pub fn lang_param(params: &Params, default: Lang) -> Result<Lang, ApiError> {
    match params.get("lang") {
        None => Ok(default),
        Some(l) => {
            Lang::parse(l).ok_or_else(|| ApiError::bad_parameter("lang", format!("{l:?} is not one of fi, sv, en")))
        }
    }
}

/// Parse `lat,lon` (WGS84) inside Finland.
fn point_param(params: &Params, key: &str) -> Result<Option<(f64, f64)>, ApiError> {
    let Some(raw) = params.get(key) else { return Ok(None) };
    let parsed =
        raw.split_once(',').and_then(|(a, b)| Some((a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?)));
    match parsed {
        None => Err(ApiError::bad_parameter(key, format!("{raw:?} is not 'lat,lon' in WGS84 degrees"))),
        Some((lat, lon)) if !domain::geo::in_finland(lat, lon) => Err(ApiError::bad_parameter(
            key,
            format!("{lat},{lon} is outside Finland (swapped latitude and longitude?)"),
        )),
        Some(point) => Ok(Some(point)),
    }
}

/// The search query described by request parameters.
pub fn search_query(params: &Params, default_lang: Lang, state: &AppState) -> Result<Query, ApiError> {
    let clock = state.polku.clock();
    let open_at =
        if params.get("open_now").is_some() { Some(clock.local_now()) } else { params.local_time("open_at")? };
    let near = point_param(params, "near")?;
    let sort = match (params.get("sort"), near) {
        (Some("distance") | None, Some((lat, lon))) => Sort::Distance { lat, lon },
        (Some("distance"), None) => {
            return Err(ApiError::bad_parameter("sort", "sorting by distance needs near=lat,lon"));
        }
        (Some("name"), _) => Sort::Name,
        (Some("relevance") | None, _) => Sort::Relevance,
        (Some(other), _) => {
            return Err(ApiError::bad_parameter("sort", format!("{other:?} is not one of relevance, name, distance")));
        }
    };
    Ok(Query {
        text: params.get("q").unwrap_or("").to_owned(),
        lang: lang_param(params, default_lang)?,
        on: params.date("on")?.unwrap_or_else(|| clock.today()),
        filters: Filters {
            municipality: municipality_param(params)?,
            target_group: code_param(params, "target_group", CodeKind::TargetGroup)?,
            service_class: code_param(params, "service_class", CodeKind::ServiceClass)?,
            language: params.get("language").map(str::to_owned),
            channel: enum_param(params, "channel", &ChannelKind::ALL)?,
            tier: enum_param(params, "tier", &Tier::ALL)?,
            producer_kind: enum_param(params, "producer_kind", &OrgKind::ALL)?,
            open_at,
        },
        sort,
        page: params.number("page", 1, 100_000)?,
        per_page: params.number("per_page", 20, MAX_PER_PAGE)?,
    })
}

#[derive(Serialize)]
struct Page<T: Serialize> {
    items: Vec<T>,
    total: usize,
    page: usize,
    per_page: usize,
}

/// A search result: a summary of the service (what a list shows: never the whole service,
/// which `GET /services/{id}` gives), plus how it matched.
#[derive(Serialize)]
struct SearchItem<'a> {
    id: &'a domain::Id,
    name: &'a domain::Text,
    #[serde(skip_serializing_if = "is_empty_text")]
    summary: &'a domain::Text,
    tier: Tier,
    organiser: &'a domain::Id,
    search: SearchInfo<'a>,
}

fn is_empty_text(text: &&domain::Text) -> bool {
    text.is_empty()
}

#[derive(Serialize)]
struct SearchInfo<'a> {
    score: f32,
    distance_m: Option<f64>,
    matches: Vec<MatchInfo<'a>>,
}

#[derive(Serialize)]
struct MatchInfo<'a> {
    term: &'a str,
    lang: &'static str,
    field: &'static str,
    matched: &'a str,
    kind: &'static str,
}

pub async fn services(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<axum::response::Response, ApiError> {
    let params = Params::parse(raw.as_deref())?;
    params.only(SEARCH_PARAMS)?;
    let query = search_query(&params, Lang::Fi, &state)?;
    let (snapshot, results) = state.polku.search(&query);
    let items: Vec<SearchItem> = results
        .hits
        .iter()
        .filter_map(|hit| {
            let service = snapshot.catalog.services.get(&hit.service)?;
            Some(SearchItem {
                id: &service.id,
                name: &service.name,
                summary: &service.summary,
                tier: service.tier,
                organiser: &service.organiser,
                search: SearchInfo {
                    score: hit.score,
                    distance_m: hit.distance_m.map(f64::round),
                    matches: hit
                        .matches
                        .iter()
                        .map(|m| MatchInfo {
                            term: &m.term,
                            lang: m.lang.code(),
                            field: m.field.as_str(),
                            matched: &m.matched,
                            kind: m.kind.as_str(),
                        })
                        .collect(),
                },
            })
        })
        .collect();
    let page = Page { items, total: results.total, page: query.page, per_page: query.per_page };
    Ok(axum::response::IntoResponse::into_response(Json(page)))
}

/// Page through a list of serialisable items.
fn page<T: Serialize>(all: Vec<T>, params: &Params) -> Result<Json<Value>, ApiError> {
    let page_no = params.number("page", 1, 100_000)?;
    let per_page = params.number("per_page", 20, MAX_PER_PAGE)?;
    let total = all.len();
    let items: Vec<T> = all.into_iter().skip((page_no - 1) * per_page).take(per_page).collect();
    Ok(Json(serde_json::to_value(Page { items, total, page: page_no, per_page }).unwrap_or(Value::Null)))
}

fn text_matches(text: &domain::Text, needle: &str) -> bool {
    text.iter().any(|(_, s)| s.to_lowercase().contains(needle))
}

/// `on` (default today) and `include_retired`.
fn validity(params: &Params, state: &AppState) -> Result<impl Fn(&dyn DatedView) -> bool, ApiError> {
    let on = params.date("on")?.unwrap_or_else(|| state.polku.clock().today());
    let all = params.get("include_retired") == Some("true");
    Ok(move |x: &dyn DatedView| all || x.valid_on_date(on))
}

trait DatedView {
    fn valid_on_date(&self, on: chrono::NaiveDate) -> bool;
}

impl<T: Dated> DatedView for T {
    fn valid_on_date(&self, on: chrono::NaiveDate) -> bool {
        self.valid_on(on)
    }
}

pub async fn units(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(raw.as_deref())?;
    params.only(&["q", "municipality", "organization", "service", "on", "include_retired", "page", "per_page"])?;
    let municipality = municipality_param(&params)?;
    let valid = validity(&params, &state)?;
    let snapshot = state.polku.snapshot();
    let catalog = &snapshot.catalog;
    let needle = params.get("q").map(str::to_lowercase);
    let of_service: Option<Vec<&domain::Unit>> =
        params.get("service").map(|id| catalog.services.get(id).map(|s| catalog.units_of(s)).unwrap_or_default());
    let units: Vec<&domain::Unit> = catalog
        .units
        .values()
        .filter(|u| valid(*u))
        .filter(|u| municipality.as_ref().is_none_or(|m| &u.address.municipality == m))
        .filter(|u| params.get("organization").is_none_or(|o| u.organization.as_str() == o))
        .filter(|u| of_service.as_ref().is_none_or(|list| list.iter().any(|x| x.id == u.id)))
        .filter(|u| needle.as_ref().is_none_or(|n| text_matches(&u.name, n)))
        .collect();
    page(units, &params)
}

pub async fn organizations(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(raw.as_deref())?;
    params.only(&["q", "kind", "on", "include_retired", "page", "per_page"])?;
    let kind = enum_param(&params, "kind", &OrgKind::ALL)?;
    let valid = validity(&params, &state)?;
    let snapshot = state.polku.snapshot();
    let needle = params.get("q").map(str::to_lowercase);
    let orgs: Vec<&domain::Organization> = snapshot
        .catalog
        .organizations
        .values()
        .filter(|o| valid(*o))
        .filter(|o| kind.is_none_or(|k| o.kind == k))
        .filter(|o| needle.as_ref().is_none_or(|n| text_matches(&o.name, n)))
        .collect();
    page(orgs, &params)
}

pub async fn channels(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(raw.as_deref())?;
    params.only(&["kind", "organization", "on", "include_retired", "page", "per_page"])?;
    let kind = enum_param(&params, "kind", &ChannelKind::ALL)?;
    let valid = validity(&params, &state)?;
    let snapshot = state.polku.snapshot();
    let channels: Vec<&domain::Channel> = snapshot
        .catalog
        .channels
        .values()
        .filter(|c| valid(*c))
        .filter(|c| kind.is_none_or(|k| c.kind == k))
        .filter(|c| params.get("organization").is_none_or(|o| c.organization.as_str() == o))
        .collect();
    page(channels, &params)
}

fn municipality_json(m: &domain::reference::Municipality) -> Value {
    json!({
        "code": m.code,
        "name": m.name,
        "population": m.population,
        "bilingual": m.bilingual(),
        "wellbeing_services_county": { "code": m.county_code, "name": m.county },
    })
}

pub async fn municipalities(RawQuery(raw): RawQuery) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(raw.as_deref())?;
    params.only(&["county", "page", "per_page"])?;
    let list: Vec<Value> = Reference::get()
        .municipalities
        .values()
        .filter(|m| params.get("county").is_none_or(|c| m.county_code == c))
        .map(municipality_json)
        .collect();
    page(list, &params)
}

pub async fn municipality(Path(code): Path<String>) -> Result<Json<Value>, ApiError> {
    Reference::get()
        .municipality(&code)
        .map(|m| Json(municipality_json(m)))
        .ok_or_else(|| ApiError::not_found(format!("municipality {code:?} not found")))
}

pub async fn codes(Path(kind): Path<String>, RawQuery(raw): RawQuery) -> Result<Json<Value>, ApiError> {
    let params = Params::parse(raw.as_deref())?;
    params.only(&["page", "per_page"])?;
    let kind = match kind.as_str() {
        "service_classes" => CodeKind::ServiceClass,
        "target_groups" => CodeKind::TargetGroup,
        "life_events" => CodeKind::LifeEvent,
        _ => return Err(ApiError::not_found("code lists: service_classes, target_groups, life_events")),
    };
    let list: Vec<Value> = Reference::get()
        .codes_of(kind)
        .map(|c| json!({ "code": c.code, "parent": c.parent, "name": c.name }))
        .collect();
    page(list, &params)
}
