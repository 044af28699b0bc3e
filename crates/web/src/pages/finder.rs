//! The resident-facing service finder: search with filters, service pages, unit pages.

use super::view::{self, label, text};
use super::{Ctx, not_found_page, page, respond};
use crate::AppState;
use crate::api::lists::{SEARCH_PARAMS, search_query};
use crate::params::Params;
use crate::session::Acting;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::catalog::Dated;
use domain::reference::{CodeKind, Reference};
use domain::{Catalog, ChannelKind, Lang, OrgKind, Service, Tier};

use maud::{Markup, html};
use std::collections::BTreeSet;

fn lang_of(lang: &str) -> Option<Lang> {
    Lang::parse(lang)
}

fn rest_with_query(path: &str, raw: Option<&str>) -> String {
    match raw {
        Some(q) if !q.is_empty() => format!("{path}?{q}"),
        _ => path.to_owned(),
    }
}

/// Codes used by the catalog's services, for the filter lists (computed once per snapshot).
fn used_codes(snapshot: &app::Snapshot, kind: CodeKind) -> BTreeSet<String> {
    let values = snapshot.filter_values();
    match kind {
        CodeKind::ServiceClass => values.service_classes.clone(),
        CodeKind::TargetGroup => values.target_groups.clone(),
        CodeKind::LifeEvent => values.life_events.clone(),
    }
}

pub(super) fn used_municipalities(snapshot: &app::Snapshot) -> Vec<&'static domain::reference::Municipality> {
    let reference = Reference::get();
    snapshot.filter_values().municipalities.iter().filter_map(|c| reference.municipality(c)).collect()
}

fn select(
    ctx: &Ctx,
    id: &str,
    label_id: &str,
    current: Option<&str>,
    options: Vec<(String, String)>,
    errors: &[(String, String)],
) -> Markup {
    let error = errors.iter().find(|(field, _)| field == id).map(|(_, value)| value);
    html! {
        div class="field" {
            label for=(id) { (ctx.t(label_id)) }
            @if let Some(value) = error {
                p id=(format!("{id}-error")) class="field-error" { (ctx.ta("access-error-choice", &[("value", value.clone().into())])) }
            }
            select id=(id) name=(id) aria-invalid=[error.is_some().then_some("true")] aria-describedby=[error.map(|_| format!("{id}-error"))] {
                option value="" { (ctx.t("filter-any")) }
                @for (value, shown) in options {
                    option value=(value) selected[current == Some(value.as_str())] { (shown) }
                }
            }
        }
    }
}

fn enum_options<T: serde::Serialize + Copy>(ctx: &Ctx, prefix: &str, values: &[T]) -> Vec<(String, String)> {
    values
        .iter()
        .map(|v| {
            let value = crate::params::serde_name(v);
            (value, label(ctx, prefix, v))
        })
        .collect()
}

pub async fn finder(
    State(state): State<AppState>,
    acting: Acting,
    headers: axum::http::HeaderMap,
    Path(lang): Path<String>,
    uri: axum::http::Uri,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some(lang) = lang_of(&lang) else { return not_found_page(&state, Lang::Fi, acting.user.as_ref()) };
    let path = uri.path().strip_prefix(&format!("/{}", lang.code())).unwrap_or("/").to_owned();
    let ctx = Ctx {
        lang,
        i18n: &state.i18n,
        resident_login: state.sso.resident_enabled(),
        rest: rest_with_query(&path, raw.as_deref()),
        user: acting.user.as_ref(),
        csrf: acting.csrf.as_deref(),
    };
    let parsed = Params::parse(raw.as_deref()).and_then(|params| {
        let mut query = search_query(&params, lang, &state)?;
        query.lang = lang;
        Ok((params, query))
    });
    let raw_params = Params::parse(raw.as_deref()).unwrap_or_default();
    let (params, query, error) = match parsed {
        Ok((params, query)) => (params, Some(query), None),
        // The form comes back as it was sent, with each refused value beside its field.
        Err(e) => (raw_params.clone(), None, Some(e)),
    };
    let field_errors: Vec<(String, String)> = error
        .iter()
        .flat_map(|e| e.details.iter())
        .map(|d| (d.field.clone(), raw_params.get(&d.field).unwrap_or("").to_owned()))
        .collect();
    let searched =
        !params.get("q").unwrap_or("").is_empty() || SEARCH_PARAMS.iter().any(|p| *p != "q" && params.get(p).is_some());
    let active = SEARCH_PARAMS
        .iter()
        .filter(|p| !matches!(**p, "q" | "page" | "per_page" | "sort" | "lang") && params.get(p).is_some())
        .count();
    // The search, to carry to the service pages and back ("back to search" keeps it).
    let context = search_context(&params);
    let snapshot = state.polku.snapshot();
    let catalog = &snapshot.catalog;
    let reference = Reference::get();
    let results = query.as_ref().filter(|_| searched).map(|q| snapshot.index.search(q));
    // Counted for the search quality loop (no personal data); the id goes with the result
    // links, so that opening a result counts the search as followed, not abandoned.
    let sid = match (&results, &query) {
        (Some(results), Some(q)) if !q.text.trim().is_empty() => {
            state.polku.note_search(lang, &q.text, results.total, params.get("sid"))
        }
        _ => None,
    };
    let context = match &sid {
        Some(sid) if context.is_empty() => format!("sid={sid}"),
        Some(sid) => format!("{context}&sid={sid}"),
        None => context,
    };
    let profile = super::profile::saved(&headers);
    let now = state.polku.clock().local_now();
    let content = html! {
        h1 { (ctx.t("finder-title")) }
        p class="lead" { (ctx.t("finder-lead")) " " a href=(ctx.href("/my-areas")) { (ctx.t("areas-title")) } }
        form role="search" method="get" action=(ctx.href("/services")) class="search" {
            div class="field wide" {
                label for="q" { (ctx.t("search-label")) }
                input type="search" id="q" name="q" value=(params.get("q").unwrap_or("")) autocomplete="off"
                    aria-describedby="q-hint";
                p id="q-hint" class="hint" { (ctx.t("search-hint")) }
            }
            details class="filters" open[error.is_some()] {
                summary { (ctx.t("filters-show"))
                    @if active > 0 { " " span class="badge" { (ctx.ta("filters-active", &[("count", active.into())])) } } }
                fieldset class="filters" {
                    legend { (ctx.t("filters")) }
                    (select(&ctx, "municipality", "filter-municipality", params.get("municipality"),
                        used_municipalities(&snapshot).iter().map(|m| (m.code.clone(), m.name.show(lang).to_owned())).collect(), &field_errors))
                    (select(&ctx, "target_group", "filter-target-group", params.get("target_group"),
                        used_codes(&snapshot, CodeKind::TargetGroup).into_iter()
                            .map(|c| { let name = reference.code_name(CodeKind::TargetGroup, &c, lang); (c, name) }).collect(), &field_errors))
                    (select(&ctx, "service_class", "filter-service-class", params.get("service_class"),
                        used_codes(&snapshot, CodeKind::ServiceClass).into_iter()
                            .map(|c| { let name = reference.code_name(CodeKind::ServiceClass, &c, lang); (c.clone(), format!("{name} ({c})")) }).collect(), &field_errors))
                    (select(&ctx, "language", "filter-language", params.get("language"),
                        ["fi", "sv", "en"].iter().map(|l| (l.to_string(), ctx.t(&format!("language-{l}")))).collect(), &field_errors))
                    (select(&ctx, "channel", "filter-channel", params.get("channel"), enum_options(&ctx, "channel", &ChannelKind::ALL), &field_errors))
                    (select(&ctx, "tier", "filter-tier", params.get("tier"), enum_options(&ctx, "tier", &Tier::ALL), &field_errors))
                    (select(&ctx, "producer_kind", "filter-producer-kind", params.get("producer_kind"), enum_options(&ctx, "org-kind", &OrgKind::ALL), &field_errors))
                    div class="field check" {
                        input type="checkbox" id="open_now" name="open_now" value="1" checked[params.get("open_now").is_some()];
                        label for="open_now" { (ctx.t("filter-open-now")) }
                    }
                }
            }
            button type="submit" { (ctx.t("search-button")) }
        }
        details class="profile" {
            summary { (ctx.t("profile-title"))
                @if let Some(p) = profile { " " span class="badge" { (super::profile::profile_name(&ctx, p)) } } }
            (super::profile::chooser(&ctx, profile, &ctx.rest))
        }
        @if let Some(error) = &error {
            div class="error" role="alert" {
                p { (ctx.t("search-error")) }
                ul { @for d in &error.details { li { code { (d.field) } ": " (d.problem) } } }
            }
        }
        @if let (Some(results), Some(query)) = (&results, &query) {
            section aria-labelledby="results-heading" {
                h2 id="results-heading" { (ctx.ta("results-count", &[("count", results.total.into())])) }
                @if results.hits.is_empty() {
                    p { (ctx.t("results-none")) }
                } @else {
                    ol id="results" class="results" start=((query.page - 1) * query.per_page + 1) {
                        @for hit in &results.hits {
                            @if let Some(service) = catalog.services.get(&hit.service) {
                                (result_item(&ctx, catalog, service, hit, now, &context, (params.get("municipality"), profile)))
                            }
                        }
                    }
                    (pagination(&ctx, &params, query.page, query.per_page, results.total, sid.as_deref()))
                }
            }
        } @else {
            section aria-labelledby="browse-heading" {
                h2 id="browse-heading" { (ctx.t("browse-title")) }
                ul class="browse" {
                    @for code in used_codes(&snapshot, CodeKind::TargetGroup).iter().filter(|c| c.contains('.')) {
                        li { a href=(ctx.href(&format!("/services?target_group={code}"))) { (reference.code_name(CodeKind::TargetGroup, code, lang)) } }
                    }
                }
            }
        }
    };
    let status = if error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    respond(status, page(&ctx, &ctx.t("finder-title"), content))
}

/// The search parameters worth keeping on the way to a service page and back, as a query string.
fn search_context(params: &Params) -> String {
    SEARCH_PARAMS
        .iter()
        .filter(|k| **k != "lang")
        .filter_map(|k| params.get(k).map(|v| format!("{k}={}", encode(v))))
        .collect::<Vec<_>>()
        .join("&")
}

/// The units of a service, those in `municipality` first (then by name).
/// The units of a service: those in the resident's municipality first, then (with a saved
/// accessibility profile) those that suit it best, then by name.
pub(super) fn units_for<'a>(
    catalog: &'a Catalog,
    service: &'a Service,
    municipality: Option<&str>,
    lang: Lang,
    profile: Option<domain::accessibility::Profile>,
) -> Vec<&'a domain::Unit> {
    let mut units = catalog.units_of(service);
    units.sort_by_key(|u| {
        let fit = profile.map(|p| domain::accessibility::shortcomings(&u.accessibility_survey, p).rank());
        (Some(u.address.municipality.as_str()) != municipality, fit, u.name.show(lang).to_lowercase())
    });
    units
}

fn result_item(
    ctx: &Ctx,
    catalog: &Catalog,
    service: &Service,
    hit: &search::Hit,
    now: chrono::NaiveDateTime,
    context: &str,
    (municipality, profile): (Option<&str>, Option<domain::accessibility::Profile>),
) -> Markup {
    let organiser = catalog.organizations.get(&service.organiser);
    let kinds = catalog.channel_kinds_of(service);
    let units = units_for(catalog, service, municipality, ctx.lang, profile);
    let first = units.first();
    let phone = catalog
        .channels_of(service)
        .find(|c| c.kind == ChannelKind::Phone)
        .and_then(|c| c.phone.clone())
        .or_else(|| first.and_then(|u| u.phone.clone()));
    let href = if context.is_empty() {
        ctx.href(&format!("/services/{}", service.id))
    } else {
        ctx.href(&format!("/services/{}?{context}", service.id))
    };
    html! {
        li class="result" {
            h3 { a href=(href) { (text(ctx, &service.name)) } }
            @if !service.summary.is_empty() { p { (text(ctx, &service.summary)) } }
            p class="meta" {
                (label(ctx, "tier", &service.tier))
                @if let Some(org) = organiser { " · " (text(ctx, &org.name)) }
                @if !kinds.is_empty() {
                    " · " (kinds.iter().map(|k| label(ctx, "channel", k)).collect::<Vec<_>>().join(", "))
                }
                @if let Some(d) = hit.distance_m { " · " (ctx.ta("distance-km", &[("km", view::number(ctx.lang, d / 1000.0, 1).into())])) }
            }
            @if first.is_some() || phone.is_some() {
                p class="where" {
                    @if let Some(unit) = first {
                        (text(ctx, &unit.name)) ", " (view::address(ctx, &unit.address))
                        @if units.len() > 1 { " " (ctx.ta("result-more-units", &[("count", (units.len() - 1).into())])) }
                        " " (view::open_now(ctx, &unit.opening_hours, now))
                        @if let Some(p) = profile { br; (super::profile::badge(ctx, unit, p)) }
                    }
                    @if let Some(phone) = &phone {
                        @if first.is_some() { br; }
                        (ctx.t("result-phone")) " " a href=(format!("tel:{}", phone.replace(' ', ""))) { (phone) }
                    }
                }
            }
            @if let Some(m) = hit.matches.first() {
                p class="match" {
                    (ctx.ta("matched-in", &[
                        ("field", ctx.t(&format!("field-{}", m.field.as_str())).into()),
                        ("language", ctx.t(&format!("language-{}", m.lang.code())).into()),
                    ]))
                    " " mark lang=(m.lang.code()) { (m.matched) }
                    @if m.kind != search::MatchKind::Stem { " (" (ctx.t(&format!("match-{}", m.kind.as_str()))) ")" }
                }
            }
        }
    }
}

fn pagination(ctx: &Ctx, params: &Params, page_no: usize, per_page: usize, total: usize, sid: Option<&str>) -> Markup {
    let pages = total.div_ceil(per_page).max(1);
    let link = |p: usize| {
        let mut pairs: Vec<String> = SEARCH_PARAMS
            .iter()
            .filter(|k| **k != "page")
            .filter_map(|k| params.get(k).map(|v| format!("{k}={}", encode(v))))
            .collect();
        pairs.push(format!("page={p}"));
        // Another page of the same search is not another search.
        pairs.extend(sid.map(|sid| format!("sid={sid}")));
        ctx.href(&format!("/services?{}", pairs.join("&")))
    };
    html! {
        @if pages > 1 {
            nav aria-label=(ctx.t("pagination")) class="pagination" {
                @if page_no > 1 { a href=(link(page_no - 1)) rel="prev" { (ctx.t("page-previous")) } }
                span { (ctx.ta("page-of", &[("page", page_no.into()), ("pages", pages.into())])) }
                @if page_no < pages { a href=(link(page_no + 1)) rel="next" { (ctx.t("page-next")) } }
            }
        }
    }
}

pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The criteria of `service` in `municipality`: today's (in plain words), and those of each
/// proposal for harmonised criteria with the day they would take effect.
fn criteria(ctx: &Ctx, state: &AppState, service: &str, municipality: &str, today: chrono::NaiveDate) -> Markup {
    let rules = state.polku.rules();
    let Ok(code) = municipality.parse::<u16>() else { return html! {} };
    let current = rules.book.scenario(None, today).ok().and_then(|scenario| {
        scenario.services.iter().find(|s| s.service == service).and_then(|s| match s.select(Some(code)) {
            rules::book::Selection::Rule(r) => Some(super::planning::summary(&r.when, ctx.lang)),
            _ => None,
        })
    });
    let proposals: Vec<(String, chrono::NaiveDate, String)> = rules
        .book
        .proposals()
        .filter_map(|set| {
            let rule = rules.book.rules.iter().find(|r| {
                r.set == set.name
                    && r.service == service
                    && (r.area == rules::ast::Area::County || r.area == rules::ast::Area::Municipality(code))
                    && r.valid_to.is_none_or(|to| to >= today)
            })?;
            Some((
                set.title.show(ctx.lang).to_owned(),
                rule.valid_from.max(today),
                super::planning::summary(&rule.when, ctx.lang),
            ))
        })
        .collect();
    let name =
        Reference::get().municipality(municipality).map(|m| m.name.show(ctx.lang).to_owned()).unwrap_or_default();
    html! {
        @if current.is_some() || !proposals.is_empty() {
            div class="criteria" {
                h3 { (ctx.ta("service-criteria-in", &[("municipality", name.clone().into())])) }
                @match &current {
                    Some(words) => { p { (ctx.t("service-criteria-today")) " " (words) "." } }
                    None => { p { (ctx.t("service-criteria-none")) } }
                }
                @for (title, from, words) in &proposals {
                    p { (ctx.ta("service-criteria-proposal", &[("proposal", title.clone().into()), ("from", view::date(ctx, *from).into())])) " " (words) "." }
                }
            }
        }
    }
}

pub async fn service(
    State(state): State<AppState>,
    acting: Acting,
    headers: axum::http::HeaderMap,
    Path((lang, id)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some(lang) = lang_of(&lang) else { return not_found_page(&state, Lang::Fi, acting.user.as_ref()) };
    let snapshot = state.polku.snapshot();
    let catalog = &snapshot.catalog;
    let Some(service) = catalog.services.get(id.as_str()) else {
        return not_found_page(&state, lang, acting.user.as_ref());
    };
    // The search the resident came from: kept for "back to search" and for which municipality.
    let params = Params::parse(raw.as_deref()).unwrap_or_default();
    let context = search_context(&params);
    let reference = Reference::get();
    let municipality = params.get("municipality").filter(|m| reference.municipality(m).is_some());
    let ctx = Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest: rest_with_query(&format!("/services/{id}"), Some(context.as_str())),
        user: acting.user.as_ref(),
        csrf: acting.csrf.as_deref(),
    };
    let now = state.polku.clock().local_now();
    let profile = super::profile::saved(&headers);
    let units = units_for(catalog, service, municipality, lang, profile);
    let channels: Vec<&domain::Channel> =
        catalog.channels_of(service).filter(|c| c.kind != ChannelKind::InPerson).collect();
    let codes =
        |kind, list: &[String]| list.iter().map(|c| reference.code_name(kind, c, lang)).collect::<Vec<_>>().join(", ");
    let retired = !service.valid_on(now.date());
    // Came from a counted search: the search was followed (once per search id).
    let sid = params.get("sid").filter(|sid| app::search_log::valid_search_id(sid));
    if let (Some(sid), Some(q)) = (sid, params.get("q")) {
        state.polku.note_click(lang, q, sid);
    }
    let back = match sid {
        _ if context.is_empty() => ctx.href("/"),
        Some(sid) => ctx.href(&format!("/services?{context}&sid={sid}")),
        None => ctx.href(&format!("/services?{context}")),
    };
    let all_hours: Vec<&domain::hours::OpeningHours> = units.iter().map(|u| &u.opening_hours).collect();
    let common = view::common_exceptions(&all_hours, now.date());
    let common_refs: Vec<&domain::hours::Exception> = common.iter().collect();
    let municipality_name = municipality.and_then(|m| reference.municipality(m)).map(|m| m.name.show(lang).to_owned());
    let serving = municipality.and_then(|m| units.iter().find(|u| u.address.municipality == m));
    // The unit's languages: those of its in-person channel, else the service's.
    let unit_languages = |unit: &domain::Unit| {
        catalog
            .channels
            .values()
            .find(|c| c.kind == ChannelKind::InPerson && c.unit.as_ref() == Some(&unit.id) && !c.languages.is_empty())
            .map_or_else(|| service.languages.clone(), |c| c.languages.clone())
    };
    let phone_channel = channels.iter().find(|c| c.kind == ChannelKind::Phone && c.phone.is_some());
    let e_service =
        channels.iter().find(|c| matches!(c.kind, ChannelKind::EService | ChannelKind::Chat) && c.url.is_some());
    let content = html! {
        p class="back" { a href=(back) { (ctx.t(if context.is_empty() { "back-to-finder" } else { "back-to-search" })) } }
        h1 { (text(&ctx, &service.name)) }
        @if retired { p class="notice" { (ctx.t("service-not-valid-now")) } }
        @if !service.summary.is_empty() { p class="lead" { (text(&ctx, &service.summary)) } }
        section aria-labelledby="h-how" class="how" {
            h2 id="h-how" { (ctx.t("service-how")) }
            ol class="steps" {
                @if let Some(c) = phone_channel {
                    li { (ctx.t("service-how-call")) " " strong { (text(&ctx, &c.name)) } ": "
                        @if let Some(phone) = &c.phone { a href=(format!("tel:{}", phone.replace(' ', ""))) { (phone) } } }
                }
                @if let Some(c) = e_service {
                    li { (ctx.t("service-how-online")) " " @if let Some(url) = &c.url { a href=(url) { (text(&ctx, &c.name)) } } }
                }
                @if let Some(unit) = serving.or(units.first()) {
                    li { (ctx.t("service-how-visit")) " " a href=(ctx.href(&format!("/units/{}", unit.id))) { (text(&ctx, &unit.name)) }
                        @if let Some(phone) = &unit.phone { ", " a href=(format!("tel:{}", phone.replace(' ', ""))) { (phone) } } }
                }
                @if phone_channel.is_none() && e_service.is_none() && units.is_empty() {
                    li { (ctx.t("service-how-unknown")) }
                }
                li { (ctx.t(if service.eligibility.is_empty() { "service-how-assess" } else { "service-how-eligibility" })) }
            }
        }
        section aria-labelledby="h-where" {
            h2 id="h-where" { (ctx.t("service-where")) }
            @if let (Some(name), Some(unit)) = (&municipality_name, serving) {
                p class="serving" { (ctx.ta("service-serves", &[("municipality", name.clone().into())])) " " strong { (text(&ctx, &unit.name)) } }
            } @else if let Some(name) = &municipality_name {
                @if !units.is_empty() { p class="serving" { (ctx.ta("service-serves-none", &[("municipality", name.clone().into())])) } }
            }
            @if units.is_empty() { p { (ctx.t("service-no-units")) } }
            ul class="cards" {
                @for unit in &units {
                    li class="card" {
                        h3 { a href=(ctx.href(&format!("/units/{}", unit.id))) { (text(&ctx, &unit.name)) } }
                        p { (view::address(&ctx, &unit.address)) " " (view::open_now(&ctx, &unit.opening_hours, now)) }
                        @if unit.phone.is_some() || unit.email.is_some() || unit.web.is_some() {
                            p class="contact" {
                                @if let Some(phone) = &unit.phone { a href=(format!("tel:{}", phone.replace(' ', ""))) { (phone) } br; }
                                @if let Some(email) = &unit.email { a href=(format!("mailto:{email}")) { (email) } br; }
                                @if let Some(web) = &unit.web { a href=(web) { (ctx.t("unit-web")) span class="visually-hidden" { ": " (text(&ctx, &unit.name)) } } }
                            }
                        }
                        dl class="card-facts" {
                            @if let Some(org) = catalog.organizations.get(&unit.organization) {
                                dt { (ctx.t("unit-producer")) } dd { (text(&ctx, &org.name)) }
                            }
                            dt { (ctx.t("service-languages")) } dd { (view::languages(&ctx, &unit_languages(unit))) }
                            @if let Some(p) = profile {
                                dt { (ctx.t("unit-accessibility")) } dd { (super::profile::badge(&ctx, unit, p)) }
                            }
                        }
                        details class="hours" {
                            summary { (ctx.t("unit-hours")) span class="visually-hidden" { ": " (text(&ctx, &unit.name)) } }
                            (view::hours_but(&ctx, &unit.opening_hours, now.date(), &common))
                        }
                    }
                }
            }
            @if !common_refs.is_empty() {
                h3 { (ctx.t("service-holidays")) }
                p { (ctx.t("service-holidays-lead")) }
                (view::exceptions(&ctx, &common_refs))
            }
        }
        section aria-labelledby="h-eligibility" {
            h2 id="h-eligibility" { (ctx.t("service-eligibility")) }
            @if service.eligibility.is_empty() { p { (ctx.t("no-information")) } } @else { (view::paragraphs(&ctx, &service.eligibility)) }
            @if let Some(m) = municipality { (criteria(&ctx, &state, service.id.as_str(), m, now.date())) }
        }
        @if !service.description.is_empty() {
            section aria-labelledby="h-description" { h2 id="h-description" { (ctx.t("service-description")) } (view::paragraphs(&ctx, &service.description)) }
        }
        @if !channels.is_empty() {
            section aria-labelledby="h-channels" {
                h2 id="h-channels" { (ctx.t("service-channels")) }
                ul class="cards" {
                    @for channel in &channels {
                        li class="card" {
                            h3 { (text(&ctx, &channel.name)) }
                            p class="meta" { (label(&ctx, "channel", &channel.kind))
                                @if !channel.languages.is_empty() { " · " (view::languages(&ctx, &channel.languages)) } }
                            @if !channel.description.is_empty() { p { (text(&ctx, &channel.description)) } }
                            @if let Some(phone) = &channel.phone { p { a href=(format!("tel:{}", phone.replace(' ', ""))) { (phone) } } }
                            @if let Some(url) = &channel.url { p { a href=(url) { (ctx.t("channel-open-link")) span class="visually-hidden" { ": " (text(&ctx, &channel.name)) } } } }
                            @if channel.strong_identification { p { (ctx.t("channel-strong-identification")) } }
                            @if channel.hours.is_known() { p { (view::open_now(&ctx, &channel.hours, now)) } (view::hours_but(&ctx, &channel.hours, now.date(), &common)) }
                        }
                    }
                }
            }
        }
        section aria-labelledby="h-facts" {
            h2 id="h-facts" { (ctx.t("service-facts")) }
            dl class="facts" {
                dt { (ctx.t("service-organiser")) }
                dd { (catalog.organizations.get(&service.organiser).map(|o| text(&ctx, &o.name)).unwrap_or_default()) }
                dt { (ctx.t("service-producers")) }
                dd {
                    @if service.producers.is_empty() { (ctx.t("no-information")) }
                    ul class="plain" {
                        @for (producer, org) in catalog.producers_of(service) {
                            li { (text(&ctx, &org.name)) " (" (label(&ctx, "org-kind", &org.kind)) ", " (label(&ctx, "provision", &producer.provision)) ")" }
                        }
                    }
                }
                dt { (ctx.t("service-tier")) } dd { (label(&ctx, "tier", &service.tier)) }
                dt { (ctx.t("service-charge")) } dd { (label(&ctx, "charge", &service.charge)) }
                dt { (ctx.t("service-voucher")) } dd { (ctx.t(if service.voucher_in_use { "yes" } else { "no" })) }
                dt { (ctx.t("service-languages")) } dd { (view::languages(&ctx, &service.languages)) }
                dt { (ctx.t("service-area")) }
                dd {
                    @if service.area.is_empty() { (ctx.t("service-area-whole")) }
                    @else { (service.area.iter().filter_map(|c| reference.municipality(c)).map(|m| m.name.show(lang).to_owned()).collect::<Vec<_>>().join(", ")) }
                }
                @if !service.service_classes.is_empty() { dt { (ctx.t("service-classes")) } dd { (codes(CodeKind::ServiceClass, &service.service_classes)) } }
                @if !service.target_groups.is_empty() { dt { (ctx.t("service-target-groups")) } dd { (codes(CodeKind::TargetGroup, &service.target_groups)) } }
                @if !service.life_events.is_empty() { dt { (ctx.t("service-life-events")) } dd { (codes(CodeKind::LifeEvent, &service.life_events)) } }
                dt { (ctx.t("valid")) }
                dd { (view::date(&ctx, service.valid_from)) "–" (service.valid_to.map(|d| view::date(&ctx, d)).unwrap_or_default()) }
                dt { (ctx.t("provenance")) }
                dd { (label(&ctx, "provenance", &service.provenance.kind))
                    @if let Some(a) = &service.provenance.attribution { " · " (a) } }
            }
        }
    };
    respond(StatusCode::OK, page(&ctx, service.name.show(lang), content))
}
