//! The staff side: local login, logout, and the catalog editor for services.
//! Every form carries a CSRF token; every write names the acting user.

use super::view::{label, text};
use super::{Ctx, not_found_page, page, respond};
use crate::AppState;
use crate::params::Params;
use crate::session::{Acting, SESSION_COOKIE, csrf_ok, csrf_token, set_cookie};
use app::AppError;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::reference::{CodeKind, Reference};
use domain::{Charge, Id, Lang, Problem, Service, Text, TextList, Tier};
use maud::html;

pub(super) fn with_cookie(mut response: Response, cookie: Option<String>) -> Response {
    if let Some(value) = cookie.and_then(|c| c.parse().ok()) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

pub(super) fn forbidden(state: &AppState, lang: Lang) -> Response {
    let ctx = Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest: "/".into(),
        user: None,
        csrf: None,
    };
    let content = html! { h1 { (ctx.t("csrf-title")) } p { (ctx.t("csrf-text")) } };
    respond(StatusCode::FORBIDDEN, page(&ctx, &ctx.t("csrf-title"), content))
}

fn to_login(lang: Lang) -> Response {
    Redirect::to(&format!("/{}/login", lang.code())).into_response()
}

/// The language of a staff page, or the response to send instead (404, or to the login page).
#[allow(clippy::result_large_err)] // the error is the response to send
fn staff_lang(state: &AppState, acting: &Acting, lang: &str) -> Result<Lang, Response> {
    let Some(lang) = Lang::parse(lang) else { return Err(not_found_page(state, Lang::Fi, None)) };
    if acting.user.is_none() {
        return Err(to_login(lang));
    }
    if let Some(refused) = super::refused(state, acting, lang, app::permit::Action::WriteCatalog) {
        return Err(refused);
    }
    Ok(lang)
}

pub async fn login_form(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(lang): Path<String>,
) -> Response {
    let Some(lang) = Lang::parse(&lang) else { return not_found_page(&state, Lang::Fi, None) };
    login_page(&state, &acting, &headers, lang, StatusCode::OK, None, "")
}

fn login_page(
    state: &AppState,
    acting: &Acting,
    headers: &HeaderMap,
    lang: Lang,
    status: StatusCode,
    error: Option<&str>,
    username: &str,
) -> Response {
    login_page_with(state, acting, headers, lang, status, error, username, &[])
}

/// The login page, with the fields left empty marked beside them.
#[allow(clippy::too_many_arguments)] // the page's state, one call site besides `login_page`
fn login_page_with(
    state: &AppState,
    acting: &Acting,
    headers: &HeaderMap,
    lang: Lang,
    status: StatusCode,
    error: Option<&str>,
    username: &str,
    missing: &[&str],
) -> Response {
    let (csrf, cookie) = csrf_token(headers, state.config.secure_cookies);
    let ctx = Ctx {
        lang,
        i18n: &state.i18n,
        resident_login: state.sso.resident_enabled(),
        rest: "/login".into(),
        user: acting.user.as_ref(),
        csrf: acting.csrf.as_deref(),
    };
    let content = html! {
        h1 { (ctx.t("login-title")) }
        @if let Some(error) = error { div class="error" role="alert" { p { (ctx.t(error)) } } }
        @if state.sso.staff_enabled() {
            p { a class="button" href=(ctx.href("/login/sso")) { (ctx.t("login-sso")) } }
            p { (ctx.t("login-or")) }
        }
        form method="post" action=(ctx.href("/login")) class="narrow" novalidate {
            input type="hidden" name="csrf" value=(csrf);
            @for (field, label_id, kind, value, autocomplete) in [
                ("username", "login-username", "text", username, "username"),
                ("password", "login-password", "password", "", "current-password"),
            ] {
                @let empty = missing.contains(&field);
                div class="field" {
                    label for=(field) { (ctx.t(label_id)) }
                    @if empty { p id=(format!("{field}-error")) class="field-error" { (ctx.t(&format!("login-empty-{field}"))) } }
                    input type=(kind) id=(field) name=(field) value=(value) autocomplete=(autocomplete) required
                        aria-invalid=[empty.then_some("true")] aria-describedby=[empty.then(|| format!("{field}-error"))];
                }
            }
            button type="submit" { (ctx.t("login-button")) }
        }
        p class="hint" { (ctx.t("login-hint")) }
    };
    with_cookie(respond(status, page(&ctx, &ctx.t("login-title"), content)), cookie)
}

pub async fn login(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(lang): Path<String>,
    body: Bytes,
) -> Response {
    let Some(lang) = Lang::parse(&lang) else { return not_found_page(&state, Lang::Fi, None) };
    let form = match std::str::from_utf8(&body).ok().map(|s| Params::parse(Some(s))) {
        Some(Ok(form)) => form,
        _ => return login_page(&state, &acting, &headers, lang, StatusCode::BAD_REQUEST, Some("form-unreadable"), ""),
    };
    if !csrf_ok(&headers, form.get("csrf")) {
        return forbidden(&state, lang);
    }
    let username = form.get("username").unwrap_or("");
    // An empty field is said beside it; nothing is tried with it.
    let missing: Vec<&str> = [("username", username.is_empty()), ("password", form.get("password").is_none())]
        .into_iter()
        .filter_map(|(field, empty)| empty.then_some(field))
        .collect();
    if !missing.is_empty() {
        return login_page_with(
            &state,
            &acting,
            &headers,
            lang,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("login-empty"),
            username,
            &missing,
        );
    }
    match state.polku.login(username, form.get("password").unwrap_or(""), &acting.meta).await {
        Ok(token) => {
            let cookie =
                set_cookie(SESSION_COOKIE, &token, app::auth::SESSION_HOURS * 3600, state.config.secure_cookies);
            with_cookie(Redirect::to(&format!("/{}/editor", lang.code())).into_response(), Some(cookie))
        }
        Err(AppError::BadCredentials) => {
            login_page(&state, &acting, &headers, lang, StatusCode::UNAUTHORIZED, Some("login-failed"), username)
        }
        Err(AppError::TooManyAttempts { .. }) => {
            login_page(&state, &acting, &headers, lang, StatusCode::TOO_MANY_REQUESTS, Some("login-too-many"), username)
        }
        Err(e) => {
            tracing::error!(error = %e, "login failed");
            login_page(
                &state,
                &acting,
                &headers,
                lang,
                StatusCode::INTERNAL_SERVER_ERROR,
                Some("internal-error"),
                username,
            )
        }
    }
}

pub async fn logout(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(lang): Path<String>,
    body: Bytes,
) -> Response {
    let lang = Lang::parse(&lang).unwrap_or(Lang::Fi);
    let form = std::str::from_utf8(&body).ok().and_then(|s| Params::parse(Some(s)).ok()).unwrap_or_default();
    if !csrf_ok(&headers, form.get("csrf")) && acting.user.is_some() {
        return forbidden(&state, lang);
    }
    if let Some(token) = &acting.token
        && let Err(e) = state.polku.logout(token).await
    {
        tracing::error!(error = %e, "logout failed");
    }
    let cookie = set_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies);
    with_cookie(Redirect::to(&format!("/{}/", lang.code())).into_response(), Some(cookie))
}

pub async fn editor(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(lang): Path<String>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Response {
    let lang = match staff_lang(&state, &acting, &lang) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    let (_, cookie) = csrf_token(&headers, state.config.secure_cookies);
    let ctx = Ctx {
        lang,
        i18n: &state.i18n,
        resident_login: state.sso.resident_enabled(),
        rest: "/editor".into(),
        user: acting.user.as_ref(),
        csrf: acting.csrf.as_deref(),
    };
    let snapshot = state.polku.snapshot();
    let mut services: Vec<&Service> = snapshot.catalog.services.values().collect();
    services.sort_by_key(|s| s.name.show(lang).to_lowercase());
    // What the last action did, said on the page it led to.
    let retired = Params::parse(query.as_deref())
        .ok()
        .and_then(|p| p.get("retired").map(str::to_owned))
        .and_then(|id| snapshot.catalog.services.get(id.as_str()).cloned());
    let content = html! {
        h1 { (ctx.t("editor-title")) }
        @if let Some(s) = &retired {
            p class="notice" role="status" { (ctx.ta("editor-retired", &[
                ("name", s.name.show(lang).to_owned().into()),
                ("date", s.valid_to.map(|d| super::view::date(&ctx, d)).unwrap_or_default().into()),
            ])) }
        }
        p { a href=(ctx.href("/editor/services/new")) class="button" { (ctx.t("editor-new-service")) } }
        div class="table-scroll" tabindex="0" role="region" aria-label=(ctx.t("editor-title")) {
        table class="list" {
            caption { (ctx.ta("editor-count", &[("count", services.len().into())])) }
            thead { tr {
                th scope="col" { (ctx.t("field-name")) }
                th scope="col" { (ctx.t("service-tier")) }
                th scope="col" { (ctx.t("valid")) }
            } }
            tbody {
                @for s in &services {
                    tr {
                        td { a href=(ctx.href(&format!("/editor/services/{}", s.id))) { (text(&ctx, &s.name)) } }
                        td { (label(&ctx, "tier", &s.tier)) }
                        td { (super::view::date(&ctx, s.valid_from)) "–" (s.valid_to.map(|d| super::view::date(&ctx, d)).unwrap_or_default()) }
                    }
                }
            }
        }
        }
    };
    with_cookie(respond(StatusCode::OK, page(&ctx, &ctx.t("editor-title"), content)), cookie)
}

const LANG_FIELDS: [(&str, &str); 4] = [
    ("name", "field-name"),
    ("summary", "field-summary"),
    ("description", "field-description"),
    ("eligibility", "service-eligibility"),
];

fn join(list: &[String]) -> String {
    list.join(", ")
}

fn split(value: Option<&str>) -> Vec<String> {
    value.unwrap_or("").split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// Every value of a field: checked boxes, each possibly a comma-separated list, in order, once each.
fn list(form: &Params, field: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in form.all(field).flat_map(|v| split(Some(v))) {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

fn text_field(service: &Service, field: &str) -> Text {
    match field {
        "name" => service.name.clone(),
        "summary" => service.summary.clone(),
        "description" => service.description.clone(),
        _ => service.eligibility.clone(),
    }
}

fn blank_service(state: &AppState) -> Service {
    let snapshot = state.polku.snapshot();
    let organiser = snapshot
        .catalog
        .organizations
        .values()
        .find(|o| o.kind == domain::OrgKind::WellbeingServicesCounty)
        .or_else(|| snapshot.catalog.organizations.values().next())
        .map(|o| o.id.clone())
        .unwrap_or_else(|| Id::parse("org").unwrap_or_else(|_| unreachable!("'org' is a valid id")));
    Service {
        id: Id::parse("new").unwrap_or_else(|_| unreachable!("'new' is a valid id")),
        name: Text::default(),
        summary: Text::default(),
        description: Text::default(),
        keywords: TextList::default(),
        service_classes: Vec::new(),
        target_groups: Vec::new(),
        life_events: Vec::new(),
        tier: Tier::LocalArea,
        organiser,
        producers: Vec::new(),
        charge: Charge::Free,
        voucher_in_use: false,
        eligibility: Text::default(),
        languages: vec!["fi".into(), "sv".into()],
        area: Vec::new(),
        units: Vec::new(),
        channels: Vec::new(),
        valid_from: state.polku.clock().today(),
        valid_to: None,
        provenance: domain::Provenance::default(),
    }
}

/// Apply a submitted form to a service; problems of form syntax are collected.
fn apply_form(form: &Params, mut service: Service, new: bool) -> (Service, Vec<Problem>) {
    let mut problems: Vec<Problem> = Vec::new();
    let problem = |problems: &mut Vec<Problem>, field: &str, text: String| {
        problems.push(Problem { field: field.into(), problem: text })
    };
    if new {
        match Id::parse(form.get("id").unwrap_or("")) {
            Ok(id) => service.id = id,
            Err(e) => problem(&mut problems, "id", e.to_string()),
        }
    }
    for (field, _) in LANG_FIELDS {
        let mut value = Text::default();
        for lang in Lang::ALL {
            value.set(lang, form.get(&format!("{field}_{}", lang.code())).map(str::to_owned));
        }
        match field {
            "name" => service.name = value,
            "summary" => service.summary = value,
            "description" => service.description = value,
            _ => service.eligibility = value,
        }
    }
    for lang in Lang::ALL {
        *service.keywords.get_mut(lang) = split(form.get(&format!("keywords_{}", lang.code())));
    }
    match form.get("tier").map(|v| serde_json::from_value::<Tier>(serde_json::Value::String(v.into()))) {
        Some(Ok(tier)) => service.tier = tier,
        _ => problem(&mut problems, "tier", "choose a tier".into()),
    }
    match form.get("charge").map(|v| serde_json::from_value::<Charge>(serde_json::Value::String(v.into()))) {
        Some(Ok(charge)) => service.charge = charge,
        _ => problem(&mut problems, "charge", "choose a charge".into()),
    }
    match form.get("organiser").map(Id::parse) {
        Some(Ok(id)) => service.organiser = id,
        _ => problem(&mut problems, "organiser", "choose an organiser".into()),
    }
    service.voucher_in_use = form.get("voucher_in_use").is_some();
    service.languages = list(form, "languages");
    service.area = form.all("area").map(str::to_owned).filter(|s| !s.is_empty()).collect();
    service.service_classes = list(form, "service_classes");
    service.target_groups = list(form, "target_groups");
    service.life_events = list(form, "life_events");
    // The links to units, channels and producers: only from a form that shows them (`links`),
    // so that a form without them keeps the service's links rather than dropping them.
    if form.get("links").is_some() {
        let mut ids = |field: &str| -> Vec<Id> {
            list(form, field)
                .into_iter()
                .filter_map(|v| match Id::parse(&v) {
                    Ok(id) => Some(id),
                    Err(e) => {
                        problems.push(Problem { field: field.into(), problem: format!("{v:?}: {e}") });
                        None
                    }
                })
                .collect()
        };
        service.units = ids("units");
        service.channels = ids("channels");
        let mut producers = Vec::new();
        for (key, value) in form.pairs() {
            let Some(org) = key.strip_prefix("producer_") else { continue };
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match (Id::parse(org), serde_json::from_value::<domain::Provision>(serde_json::Value::String(value.into())))
            {
                (Ok(organization), Ok(provision)) => producers.push(domain::Producer { organization, provision }),
                _ => problems.push(Problem {
                    field: "producers".into(),
                    problem: format!("{org}: {value:?} is not a way of producing"),
                }),
            }
        }
        service.producers = producers;
    }
    match form.get("valid_from").map(|v| v.parse()) {
        Some(Ok(d)) => service.valid_from = d,
        _ => problem(&mut problems, "valid_from", "give a date YYYY-MM-DD".into()),
    }
    match form.get("valid_to").map(|v| v.parse()) {
        None => service.valid_to = None,
        Some(Ok(d)) => service.valid_to = Some(d),
        Some(Err(_)) => problem(&mut problems, "valid_to", "give a date YYYY-MM-DD or leave empty".into()),
    }
    (service, problems)
}

/// Catalogs with more units (or channels) than this list only the service's own,
/// suggestions and what the editor finds: a national catalog has 60,000 units.
const LINKS_LISTED_WHOLE: usize = 300;
/// At most this many suggestions, or matches of a search, are listed.
const LINKS_FOUND: usize = 50;

/// Which of the catalog's units or channels a service form lists.
struct Listing<T> {
    items: Vec<T>,
    /// Every one of them (a small catalog); otherwise the chosen, then suggestions or matches.
    whole: bool,
    total: usize,
    query: String,
}

/// The units or channels to list as choices: all of a small catalog; of a
/// large one, the chosen ones, then those matching `query` (name in any
/// language, address or id, without regard to case) or, without a query, the
/// suggestions (`suggested`: the service's own organisations in its area).
#[allow(clippy::too_many_arguments)] // one call for units and one for channels, each reading as a table
fn listing<'a, T>(
    all: impl Iterator<Item = &'a T>,
    total: usize,
    chosen: &[Id],
    get: impl Fn(&Id) -> Option<&'a T>,
    query: &str,
    matches: impl Fn(&T, &str) -> bool,
    suggested: impl Fn(&T) -> bool,
    id: impl Fn(&T) -> &Id,
) -> Listing<&'a T> {
    let (query, lower) = (query.trim().to_owned(), query.trim().to_lowercase());
    if total <= LINKS_LISTED_WHOLE {
        return Listing { items: all.collect(), whole: true, total, query };
    }
    let mut items: Vec<&T> = chosen.iter().filter_map(&get).collect();
    let more = all.filter(|t| !chosen.contains(id(t)));
    let more: Vec<&T> = if query.is_empty() {
        more.filter(|t| suggested(t)).take(LINKS_FOUND).collect()
    } else {
        more.filter(|t| matches(t, &lower)).take(LINKS_FOUND).collect()
    };
    items.extend(more);
    Listing { items, whole: false, total, query }
}

/// Whether `text` contains `query` (already lower case), without regard to case.
fn contains(text: &str, query: &str) -> bool {
    text.to_lowercase().contains(query)
}

fn text_contains(text: &Text, query: &str) -> bool {
    [Lang::Fi, Lang::Sv, Lang::En].iter().any(|l| text.get(*l).is_some_and(|t| contains(t, query)))
}

/// The catalog's units or channels as checkboxes, the service's own checked.
/// Of a large catalog only some are listed, with a search (a submit button
/// that shows the form again with the matches, saving nothing: no JavaScript
/// needed).
fn link_choices(
    ctx: &Ctx,
    field: &str,
    listing: &Listing<(Id, String)>,
    chosen: &[Id],
    invalid: bool,
    error: maud::Markup,
) -> maud::Markup {
    html! {
        fieldset id=(field) class="choices" {
            legend { (ctx.t(&format!("field-{field}"))) }
            (error)
            details open[invalid || !listing.query.is_empty()] {
                summary { (ctx.ta("editor-chosen", &[("count", chosen.len().into())])) }
                @if !listing.whole {
                    p class="hint" id=(format!("{field}-find-hint")) {
                        (ctx.ta("editor-links-partial", &[("shown", listing.items.len().into()), ("total", listing.total.into())]))
                    }
                    div class="field find" {
                        label for=(format!("{field}_q")) { (ctx.t("editor-links-find")) }
                        input type="search" id=(format!("{field}_q")) name=(format!("{field}_q")) value=(listing.query)
                            aria-describedby=(format!("{field}-find-hint"));
                        button type="submit" name="find" value=(field) formnovalidate { (ctx.t("editor-links-find-button")) }
                    }
                    @if !listing.query.is_empty() && listing.items.len() == chosen.len() {
                        p class="hint" { (ctx.ta("editor-links-none", &[("query", listing.query.clone().into())])) }
                    }
                }
                @for (value, shown) in &listing.items {
                    @let id = format!("{field}-{value}");
                    div class="field check" {
                        input type="checkbox" id=(id) name=(field) value=(value) checked[chosen.contains(value)];
                        label for=(id) { (shown) }
                    }
                }
            }
        }
    }
}

/// The codes of one Finto list as checkboxes with their names.
fn code_choices(
    ctx: &Ctx,
    field: &str,
    kind: CodeKind,
    chosen: &[String],
    invalid: bool,
    error: maud::Markup,
) -> maud::Markup {
    let reference = Reference::get();
    let codes: Vec<&domain::reference::Code> = reference.codes_of(kind).collect();
    let unknown: Vec<&String> = chosen.iter().filter(|c| reference.code(kind, c).is_none()).collect();
    let names: Vec<String> = chosen.iter().map(|c| reference.code_name(kind, c, ctx.lang)).collect();
    html! {
        fieldset id=(field) class="choices" {
            legend { (ctx.t(&format!("field-{field}"))) }
            (error)
            details open[invalid] {
                summary { @if names.is_empty() { (ctx.ta("editor-chosen", &[("count", 0.into())])) } @else { (names.join(", ")) } }
                @for c in unknown {
                    // A code not in the list (kept so that the problem is named, not lost).
                    div class="field check" {
                        input type="checkbox" id=(format!("{field}-{c}")) name=(field) value=(c) checked aria-invalid="true";
                        label for=(format!("{field}-{c}")) { (c) }
                    }
                }
                @for code in &codes {
                    @let id = format!("{field}-{}", code.code);
                    div class=(format!("field check depth-{}", code.code.matches('.').count().min(3))) {
                        input type="checkbox" id=(id) name=(field) value=(code.code) checked[chosen.contains(&code.code)];
                        label for=(id) { (code.name.show(ctx.lang)) " " span class="code" { "(" (code.code) ")" } }
                    }
                }
            }
        }
    }
}

fn field_label(ctx: &Ctx, field: &str) -> String {
    let base = field.split(['.', '[']).next().unwrap_or(field);
    let id = match base {
        "name" | "summary" | "description" | "keywords" | "tier" | "charge" | "organiser" | "languages" | "area"
        | "valid_from" | "valid_to" | "id" | "service_classes" | "target_groups" | "life_events" | "voucher_in_use"
        | "revision" | "units" | "channels" | "producers" => {
            format!("field-{base}")
        }
        "eligibility" => "service-eligibility".into(),
        _ => return field.to_owned(),
    };
    ctx.t(&id)
}

#[allow(clippy::too_many_arguments)] // the form's whole state, shown again as it was posted
fn service_form(
    state: &AppState,
    acting: &Acting,
    headers: &HeaderMap,
    lang: Lang,
    service: &Service,
    new: bool,
    problems: &[Problem],
    queries: (&str, &str),
) -> Response {
    let (csrf, cookie) = csrf_token(headers, state.config.secure_cookies);
    let rest = if new { "/editor/services/new".to_owned() } else { format!("/editor/services/{}", service.id) };
    let ctx = Ctx {
        lang,
        i18n: &state.i18n,
        resident_login: state.sso.resident_enabled(),
        rest: rest.clone(),
        user: acting.user.as_ref(),
        csrf: acting.csrf.as_deref(),
    };
    let snapshot = state.polku.snapshot();
    let catalog = &snapshot.catalog;
    let municipalities = super::finder::used_municipalities(&snapshot);
    // Suggested links of a large catalog: the service's own organisations' units and
    // channels, in its area (a unit's municipality; a channel's unit's, or none).
    let own = |org: &Id| service.organiser == *org || service.producers.iter().any(|p| p.organization == *org);
    let in_area = |m: &str| service.area.is_empty() || service.area.iter().any(|a| a == m);
    let units = listing(
        catalog.units.values(),
        catalog.units.len(),
        &service.units,
        |id| catalog.units.get(id.as_str()),
        queries.0,
        |u: &domain::Unit, q| {
            text_contains(&u.name, q)
                || text_contains(&u.address.street, q)
                || contains(&u.address.municipality, q)
                || contains(u.id.as_str(), q)
        },
        |u| own(&u.organization) && in_area(&u.address.municipality),
        |u| &u.id,
    );
    let units = Listing {
        items: units
            .items
            .iter()
            .map(|u| (u.id.clone(), format!("{} ({})", u.name.show(lang), super::view::address(&ctx, &u.address))))
            .collect(),
        whole: units.whole,
        total: units.total,
        query: units.query,
    };
    let channel_area = |c: &domain::Channel| {
        c.unit.as_ref().and_then(|u| catalog.units.get(u.as_str())).is_none_or(|u| in_area(&u.address.municipality))
    };
    let channels = listing(
        catalog.channels.values(),
        catalog.channels.len(),
        &service.channels,
        |id| catalog.channels.get(id.as_str()),
        queries.1,
        |c: &domain::Channel, q| text_contains(&c.name, q) || contains(c.id.as_str(), q),
        |c| own(&c.organization) && channel_area(c),
        |c| &c.id,
    );
    let channels = Listing {
        items: channels
            .items
            .iter()
            .map(|c| (c.id.clone(), format!("{} ({})", c.name.show(lang), label(&ctx, "channel", &c.kind))))
            .collect(),
        whole: channels.whole,
        total: channels.total,
        query: channels.query,
    };
    let title = if new {
        ctx.t("editor-new-service")
    } else {
        ctx.ta("editor-edit", &[("name", service.name.show(lang).to_owned().into())])
    };
    let has = |field: &str| {
        problems.iter().any(|p| {
            p.field == field || p.field.starts_with(&format!("{field}.")) || p.field.starts_with(&format!("{field}["))
        })
    };
    let action = if new { ctx.href("/editor/services") } else { ctx.href(&rest) };
    // Each problem also beside its field (the summary above links to them).
    let beside = |field: &str| {
        let mine: Vec<&Problem> = problems.iter().filter(|p| p.field.split(['.', '[']).next() == Some(field)).collect();
        html! {
            @if !mine.is_empty() {
                p class="field-error" id=(format!("{field}-error")) {
                    span lang="en" { (mine.iter().map(|p| p.problem.as_str()).collect::<Vec<_>>().join("; ")) }
                }
            }
        }
    };
    let content = html! {
        p class="back" { a href=(ctx.href("/editor")) { (ctx.t("editor-back")) } }
        h1 { (title) }
        @if !problems.is_empty() {
            div class="error" role="alert" aria-labelledby="error-heading" {
                h2 id="error-heading" { (ctx.t("form-has-errors")) }
                ul {
                    @for p in problems {
                        li { a href=(format!("#{}", p.field.split(['.', '[']).next().unwrap_or(""))) { (field_label(&ctx, &p.field)) } ": " span lang="en" { (p.problem) } }
                    }
                }
            }
        }
        form method="post" action=(action) class="editor" {
            // The form's default button (Enter in any field) saves, not one of the searches below.
            button type="submit" class="visually-hidden" tabindex="-1" aria-hidden="true" { (ctx.t("form-save")) }
            input type="hidden" name="csrf" value=(csrf);
            @if let Some(revision) = snapshot.revision(domain::EntityKind::Service, service.id.as_str()).filter(|_| !new) {
                // The revision this form was made from: saving it is refused if someone changed the service meanwhile.
                input type="hidden" name="revision" value=(revision);
            }
            @if new {
                div class="field" {
                    label for="id" { (ctx.t("field-id")) }
                    (beside("id"))
                    input type="text" id="id" name="id" required value=(if service.id.as_str() == "new" { "" } else { service.id.as_str() })
                        aria-describedby="id-hint" aria-invalid=[has("id").then_some("true")];
                    p id="id-hint" class="hint" { (ctx.t("field-id-hint")) }
                }
            }
            @for (field, label_id) in LANG_FIELDS {
                fieldset id=(field) {
                    legend { (ctx.t(label_id)) }
                    (beside(field))
                    @for l in Lang::ALL {
                        @let id = format!("{field}_{}", l.code());
                        @let value = text_field(service, field).get(l).unwrap_or("").to_owned();
                        div class="field" {
                            label for=(id) { (ctx.t(&format!("language-{}", l.code()))) }
                            @if field == "name" {
                                input type="text" id=(id) name=(id) value=(value) lang=(l.code()) aria-invalid=[has(field).then_some("true")];
                            } @else {
                                textarea id=(id) name=(id) rows="3" lang=(l.code()) aria-invalid=[has(field).then_some("true")] { (value) }
                            }
                        }
                    }
                }
            }
            fieldset id="keywords" {
                legend { (ctx.t("field-keywords")) }
                (beside("keywords"))
                @for l in Lang::ALL {
                    @let id = format!("keywords_{}", l.code());
                    div class="field" {
                        label for=(id) { (ctx.t(&format!("language-{}", l.code()))) }
                        input type="text" id=(id) name=(id) value=(join(service.keywords.get(l))) lang=(l.code()) aria-describedby="comma-hint";
                    }
                }
                p id="comma-hint" class="hint" { (ctx.t("field-comma-hint")) }
            }
            div class="field" {
                label for="organiser" { (ctx.t("field-organiser")) }
                (beside("organiser"))
                select id="organiser" name="organiser" {
                    @for org in catalog.organizations.values() {
                        option value=(org.id) selected[org.id == service.organiser] { (org.name.show(lang)) }
                    }
                }
            }
            div class="field" {
                label for="tier" { (ctx.t("field-tier")) }
                (beside("tier"))
                select id="tier" name="tier" {
                    @for t in Tier::ALL { option value=(crate::params::serde_name(&t)) selected[t == service.tier] { (label(&ctx, "tier", &t)) } }
                }
            }
            div class="field" {
                label for="charge" { (ctx.t("field-charge")) }
                (beside("charge"))
                select id="charge" name="charge" {
                    @for c in [Charge::Free, Charge::Chargeable, Charge::Other] {
                        option value=(crate::params::serde_name(&c)) selected[c == service.charge] { (label(&ctx, "charge", &c)) }
                    }
                }
            }
            div class="field check" {
                input type="checkbox" id="voucher_in_use" name="voucher_in_use" value="1" checked[service.voucher_in_use];
                label for="voucher_in_use" { (ctx.t("field-voucher_in_use")) }
            }
            fieldset id="area" {
                legend { (ctx.t("field-area")) }
                (beside("area"))
                p class="hint" { (ctx.t("field-area-hint")) }
                @for m in &municipalities {
                    div class="field check" {
                        input type="checkbox" id=(format!("area-{}", m.code)) name="area" value=(m.code) checked[service.area.contains(&m.code)];
                        label for=(format!("area-{}", m.code)) { (m.name.show(lang)) }
                    }
                }
            }
            fieldset id="languages" {
                legend { (ctx.t("field-languages")) }
                (beside("languages"))
                @for code in ["fi", "sv", "en", "se"] {
                    div class="field check" {
                        input type="checkbox" id=(format!("languages-{code}")) name="languages" value=(code) checked[service.languages.iter().any(|l| l == code)];
                        label for=(format!("languages-{code}")) { (super::view::languages(&ctx, &[code.to_owned()])) }
                    }
                }
                // Languages the form does not offer are kept as they are.
                @for other in service.languages.iter().filter(|l| !["fi", "sv", "en", "se"].contains(&l.as_str())) {
                    input type="hidden" name="languages" value=(other);
                }
            }
            @for (field, kind, chosen) in [("service_classes", CodeKind::ServiceClass, &service.service_classes),
                                           ("target_groups", CodeKind::TargetGroup, &service.target_groups),
                                           ("life_events", CodeKind::LifeEvent, &service.life_events)] {
                (code_choices(&ctx, field, kind, chosen, has(field), beside(field)))
            }
            input type="hidden" name="links" value="1";
            (link_choices(&ctx, "units", &units, &service.units, has("units"), beside("units")))
            (link_choices(&ctx, "channels", &channels, &service.channels, has("channels"), beside("channels")))
            fieldset id="producers" class="choices" {
                legend { (ctx.t("field-producers")) }
                (beside("producers"))
                details open[has("producers")] {
                    summary { (ctx.ta("editor-chosen", &[("count", service.producers.len().into())])) }
                    p class="hint" { (ctx.t("field-producers-hint")) }
                    @for org in catalog.organizations.values() {
                        @let id = format!("producer_{}", org.id);
                        @let current = service.producers.iter().find(|p| p.organization == org.id).map(|p| crate::params::serde_name(&p.provision));
                        div class="field" {
                            label for=(id) { (org.name.show(lang)) }
                            select id=(id) name=(id) {
                                option value="" { (ctx.t("field-not-producer")) }
                                @for p in [domain::Provision::SelfProduced, domain::Provision::Procured, domain::Provision::Voucher, domain::Provision::Other] {
                                    @let value = crate::params::serde_name(&p);
                                    option value=(value) selected[current.as_deref() == Some(value.as_str())] { (label(&ctx, "provision", &p)) }
                                }
                            }
                        }
                    }
                }
            }
            div class="field" {
                label for="valid_from" { (ctx.t("field-valid_from")) }
                (beside("valid_from"))
                input type="date" id="valid_from" name="valid_from" required value=(service.valid_from.to_string()) aria-invalid=[has("valid_from").then_some("true")];
            }
            div class="field" {
                label for="valid_to" { (ctx.t("field-valid_to")) }
                (beside("valid_to"))
                input type="date" id="valid_to" name="valid_to" value=(service.valid_to.map(|d| d.to_string()).unwrap_or_default()) aria-invalid=[has("valid_to").then_some("true")];
            }
            button type="submit" { (ctx.t("form-save")) }
        }
        @if !new {
            div class="retire" {
                p class="hint" { (ctx.t("editor-retire-hint")) }
                a href=(ctx.href(&format!("/editor/services/{}/retire", service.id))) class="button secondary" { (ctx.t("editor-retire")) }
            }
        }
    };
    let status = if problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    with_cookie(respond(status, page(&ctx, &title, content)), cookie)
}

pub async fn new_form(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(lang): Path<String>,
) -> Response {
    let lang = match staff_lang(&state, &acting, &lang) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    service_form(&state, &acting, &headers, lang, &blank_service(&state), true, &[], ("", ""))
}

pub async fn edit_form(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id)): Path<(String, String)>,
) -> Response {
    let lang = match staff_lang(&state, &acting, &lang) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    match state.polku.snapshot().catalog.services.get(id.as_str()) {
        Some(service) => service_form(&state, &acting, &headers, lang, service, false, &[], ("", "")),
        None => not_found_page(&state, lang, acting.user.as_ref()),
    }
}

#[allow(clippy::result_large_err)] // the error is the response to send, built once per request
/// Read and check a posted form: language, signed-in user, CSRF.
pub(super) fn posted(
    state: &AppState,
    acting: &Acting,
    headers: &HeaderMap,
    lang: &str,
    body: &Bytes,
) -> Result<(Lang, Params, app::Actor), Response> {
    let Some(lang) = Lang::parse(lang) else { return Err(not_found_page(state, Lang::Fi, None)) };
    let Some(actor) = acting.actor() else { return Err(to_login(lang)) };
    let form = std::str::from_utf8(body).ok().and_then(|s| Params::parse(Some(s)).ok());
    match form {
        Some(form) if csrf_ok(headers, form.get("csrf")) => Ok((lang, form, actor)),
        _ => Err(forbidden(state, lang)),
    }
}

async fn save(
    state: AppState,
    acting: Acting,
    headers: HeaderMap,
    lang: String,
    body: Bytes,
    id: Option<String>,
) -> Response {
    let (lang, form, actor) = match posted(&state, &acting, &headers, &lang, &body) {
        Ok(x) => x,
        Err(response) => return response,
    };
    let new = id.is_none();
    let base = match &id {
        Some(id) => match state.polku.snapshot().catalog.services.get(id.as_str()) {
            Some(s) => s.clone(),
            None => return not_found_page(&state, lang, acting.user.as_ref()),
        },
        None => blank_service(&state),
    };
    let (service, problems) = apply_form(&form, base, new);
    let queries = (form.get("units_q").unwrap_or(""), form.get("channels_q").unwrap_or(""));
    // "Find" shows the form again with the matches, as it was filled in, saving nothing.
    if !problems.is_empty() || form.get("find").is_some() {
        let problems = if form.get("find").is_some() { &[][..] } else { &problems[..] };
        return service_form(&state, &acting, &headers, lang, &service, new, problems, queries);
    }
    let entity = domain::Entity::Service(service.clone());
    let from_revision = form.get("revision").and_then(|r| r.parse::<i64>().ok());
    let result = if new {
        state.polku.create(entity, &actor).await
    } else {
        state.polku.update(entity, from_revision, &actor).await
    };
    match result {
        Ok(_) => Redirect::to(&format!("/{}/services/{}", lang.code(), service.id)).into_response(),
        Err(AppError::Invalid(problems)) | Err(AppError::Conflict(problems)) => {
            service_form(&state, &acting, &headers, lang, &service, new, &problems, queries)
        }
        Err(stale @ AppError::Stale { .. }) => {
            let problems = [Problem { field: "revision".into(), problem: stale.to_string() }];
            service_form(&state, &acting, &headers, lang, &service, new, &problems, queries)
        }
        Err(e) => {
            tracing::error!(error = %e, "saving a service failed");
            crate::error::ApiError::from(e).into_response()
        }
    }
}

pub async fn create(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(lang): Path<String>,
    body: Bytes,
) -> Response {
    save(state, acting, headers, lang, body, None).await
}

pub async fn update(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    save(state, acting, headers, lang, body, Some(id)).await
}

/// "Retire this service?": the question asked before, as a page of its own (works without JavaScript).
pub async fn retire_confirm(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id)): Path<(String, String)>,
) -> Response {
    let lang = match staff_lang(&state, &acting, &lang) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    let snapshot = state.polku.snapshot();
    let Some(service) = snapshot.catalog.services.get(id.as_str()) else {
        return not_found_page(&state, lang, acting.user.as_ref());
    };
    let (csrf, cookie) = csrf_token(&headers, state.config.secure_cookies);
    let ctx = Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest: format!("/editor/services/{id}/retire"),
        user: acting.user.as_ref(),
        csrf: acting.csrf.as_deref(),
    };
    let title = ctx.ta("editor-retire-confirm-title", &[("name", service.name.show(lang).to_owned().into())]);
    let today = super::view::date(&ctx, state.polku.clock().today());
    let content = html! {
        p class="back" { a href=(ctx.href(&format!("/editor/services/{id}"))) { (ctx.t("editor-retire-cancel")) } }
        h1 { (title) }
        p { (ctx.ta("editor-retire-confirm-text", &[("date", today.into())])) }
        form method="post" action=(ctx.href(&format!("/editor/services/{id}/retire"))) class="retire" {
            input type="hidden" name="csrf" value=(csrf);
            button type="submit" class="secondary" { (ctx.t("editor-retire-yes")) }
            " "
            a href=(ctx.href(&format!("/editor/services/{id}"))) { (ctx.t("editor-retire-cancel")) }
        }
    };
    with_cookie(respond(StatusCode::OK, page(&ctx, &title, content)), cookie)
}

pub async fn retire(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let (lang, _, actor) = match posted(&state, &acting, &headers, &lang, &body) {
        Ok(x) => x,
        Err(response) => return response,
    };
    match state.polku.retire(domain::EntityKind::Service, &id, None, None, &actor).await {
        Ok(_) => {
            Redirect::to(&format!("/{}/editor?retired={}", lang.code(), super::finder::encode(&id))).into_response()
        }
        Err(AppError::NotFound { .. }) => not_found_page(&state, lang, acting.user.as_ref()),
        Err(e) => crate::error::ApiError::from(e).into_response(),
    }
}
