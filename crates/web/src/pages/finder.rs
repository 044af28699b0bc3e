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

/// Codes used by the catalog's services, for the filter lists.
fn used_codes(catalog: &Catalog, kind: CodeKind) -> BTreeSet<String> {
    let reference = Reference::get();
    catalog
        .services
        .values()
        .flat_map(|service| match kind {
            CodeKind::ServiceClass => &service.service_classes,
            CodeKind::TargetGroup => &service.target_groups,
            CodeKind::LifeEvent => &service.life_events,
        })
        .flat_map(|code| reference.with_ancestors(kind, code))
        .collect()
}

pub(super) fn used_municipalities(catalog: &Catalog) -> Vec<&'static domain::reference::Municipality> {
    let reference = Reference::get();
    let mut codes: BTreeSet<&str> = catalog.units.values().map(|u| u.address.municipality.as_str()).collect();
    codes.extend(catalog.services.values().flat_map(|s| s.area.iter().map(String::as_str)));
    codes.into_iter().filter_map(|c| reference.municipality(c)).collect()
}

fn select(ctx: &Ctx, id: &str, label_id: &str, current: Option<&str>, options: Vec<(String, String)>) -> Markup {
    html! {
        div class="field" {
            label for=(id) { (ctx.t(label_id)) }
            select id=(id) name=(id) {
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
    let (params, query, error) = match parsed {
        Ok((params, query)) => (params, Some(query), None),
        Err(e) => (Params::default(), None, Some(e)),
    };
    let searched =
        !params.get("q").unwrap_or("").is_empty() || SEARCH_PARAMS.iter().any(|p| *p != "q" && params.get(p).is_some());
    let filtered = SEARCH_PARAMS
        .iter()
        .any(|p| !matches!(*p, "q" | "page" | "per_page" | "sort" | "lang") && params.get(p).is_some());
    let snapshot = state.polku.snapshot();
    let catalog = &snapshot.catalog;
    let reference = Reference::get();
    let results = query.as_ref().filter(|_| searched).map(|q| snapshot.index.search(q));
    let now = state.polku.clock().local_now();
    let content = html! {
        h1 { (ctx.t("finder-title")) }
        p class="lead" { (ctx.t("finder-lead")) }
        form role="search" method="get" action=(ctx.href("/services")) class="search" {
            div class="field wide" {
                label for="q" { (ctx.t("search-label")) }
                input type="search" id="q" name="q" value=(params.get("q").unwrap_or("")) autocomplete="off"
                    aria-describedby="q-hint";
                p id="q-hint" class="hint" { (ctx.t("search-hint")) }
            }
            details class="filters" open[!searched || filtered] {
                summary { (ctx.t("filters-show")) }
                fieldset class="filters" {
                    legend { (ctx.t("filters")) }
                    (select(&ctx, "municipality", "filter-municipality", params.get("municipality"),
                        used_municipalities(catalog).iter().map(|m| (m.code.clone(), m.name.show(lang).to_owned())).collect()))
                    (select(&ctx, "target_group", "filter-target-group", params.get("target_group"),
                        used_codes(catalog, CodeKind::TargetGroup).into_iter()
                            .map(|c| { let name = reference.code_name(CodeKind::TargetGroup, &c, lang); (c, name) }).collect()))
                    (select(&ctx, "service_class", "filter-service-class", params.get("service_class"),
                        used_codes(catalog, CodeKind::ServiceClass).into_iter()
                            .map(|c| { let name = reference.code_name(CodeKind::ServiceClass, &c, lang); (c.clone(), format!("{name} ({c})")) }).collect()))
                    (select(&ctx, "language", "filter-language", params.get("language"),
                        ["fi", "sv", "en"].iter().map(|l| (l.to_string(), ctx.t(&format!("language-{l}")))).collect()))
                    (select(&ctx, "channel", "filter-channel", params.get("channel"), enum_options(&ctx, "channel", &ChannelKind::ALL)))
                    (select(&ctx, "tier", "filter-tier", params.get("tier"), enum_options(&ctx, "tier", &Tier::ALL)))
                    (select(&ctx, "producer_kind", "filter-producer-kind", params.get("producer_kind"), enum_options(&ctx, "org-kind", &OrgKind::ALL)))
                    div class="field check" {
                        input type="checkbox" id="open_now" name="open_now" value="1" checked[params.get("open_now").is_some()];
                        label for="open_now" { (ctx.t("filter-open-now")) }
                    }
                }
            }
            button type="submit" { (ctx.t("search-button")) }
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
                                (result_item(&ctx, catalog, service, hit, now))
                            }
                        }
                    }
                    (pagination(&ctx, &params, query.page, query.per_page, results.total))
                }
            }
        } @else {
            section aria-labelledby="browse-heading" {
                h2 id="browse-heading" { (ctx.t("browse-title")) }
                ul class="browse" {
                    @for code in used_codes(catalog, CodeKind::TargetGroup).iter().filter(|c| c.contains('.')) {
                        li { a href=(ctx.href(&format!("/services?target_group={code}"))) { (reference.code_name(CodeKind::TargetGroup, code, lang)) } }
                    }
                }
            }
        }
    };
    respond(StatusCode::OK, page(&ctx, &ctx.t("finder-title"), content))
}

fn result_item(
    ctx: &Ctx,
    catalog: &Catalog,
    service: &Service,
    hit: &search::Hit,
    _now: chrono::NaiveDateTime,
) -> Markup {
    let organiser = catalog.organizations.get(&service.organiser);
    let kinds = catalog.channel_kinds_of(service);
    html! {
        li class="result" {
            h3 { a href=(ctx.href(&format!("/services/{}", service.id))) { (text(ctx, &service.name)) } }
            @if !service.summary.is_empty() { p { (text(ctx, &service.summary)) } }
            p class="meta" {
                (label(ctx, "tier", &service.tier))
                @if let Some(org) = organiser { " · " (text(ctx, &org.name)) }
                @if !kinds.is_empty() {
                    " · " (kinds.iter().map(|k| label(ctx, "channel", k)).collect::<Vec<_>>().join(", "))
                }
                @if let Some(d) = hit.distance_m { " · " (ctx.ta("distance-km", &[("km", format!("{:.1}", d / 1000.0).into())])) }
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

fn pagination(ctx: &Ctx, params: &Params, page_no: usize, per_page: usize, total: usize) -> Markup {
    let pages = total.div_ceil(per_page).max(1);
    let link = |p: usize| {
        let mut pairs: Vec<String> = SEARCH_PARAMS
            .iter()
            .filter(|k| **k != "page")
            .filter_map(|k| params.get(k).map(|v| format!("{k}={}", encode(v))))
            .collect();
        pairs.push(format!("page={p}"));
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

pub async fn service(
    State(state): State<AppState>,
    acting: Acting,
    Path((lang, id)): Path<(String, String)>,
) -> Response {
    let Some(lang) = lang_of(&lang) else { return not_found_page(&state, Lang::Fi, acting.user.as_ref()) };
    let snapshot = state.polku.snapshot();
    let catalog = &snapshot.catalog;
    let Some(service) = catalog.services.get(id.as_str()) else {
        return not_found_page(&state, lang, acting.user.as_ref());
    };
    let ctx = Ctx {
        lang,
        i18n: &state.i18n,
        resident_login: state.sso.resident_enabled(),
        rest: format!("/services/{id}"),
        user: acting.user.as_ref(),
        csrf: acting.csrf.as_deref(),
    };
    let reference = Reference::get();
    let now = state.polku.clock().local_now();
    let units = catalog.units_of(service);
    let channels: Vec<&domain::Channel> =
        catalog.channels_of(service).filter(|c| c.kind != ChannelKind::InPerson).collect();
    let codes =
        |kind, list: &[String]| list.iter().map(|c| reference.code_name(kind, c, lang)).collect::<Vec<_>>().join(", ");
    let retired = !service.valid_on(now.date());
    let content = html! {
        p class="back" { a href=(ctx.href("/")) { (ctx.t("back-to-finder")) } }
        h1 { (text(&ctx, &service.name)) }
        @if retired { p class="notice" { (ctx.t("service-not-valid-now")) } }
        @if !service.summary.is_empty() { p class="lead" { (text(&ctx, &service.summary)) } }
        @if !service.description.is_empty() {
            section aria-labelledby="h-description" { h2 id="h-description" { (ctx.t("service-description")) } (view::paragraphs(&ctx, &service.description)) }
        }
        section aria-labelledby="h-eligibility" {
            h2 id="h-eligibility" { (ctx.t("service-eligibility")) }
            @if service.eligibility.is_empty() { p { (ctx.t("no-information")) } } @else { (view::paragraphs(&ctx, &service.eligibility)) }
        }
        section aria-labelledby="h-where" {
            h2 id="h-where" { (ctx.t("service-where")) }
            @if units.is_empty() { p { (ctx.t("service-no-units")) } }
            ul class="cards" {
                @for unit in &units {
                    li class="card" {
                        h3 { a href=(ctx.href(&format!("/units/{}", unit.id))) { (text(&ctx, &unit.name)) } }
                        p { (view::address(&ctx, &unit.address)) }
                        p { (view::open_now(&ctx, &unit.opening_hours, now)) }
                        (view::hours(&ctx, &unit.opening_hours, now.date()))
                    }
                }
            }
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
                            @if channel.hours.is_known() { p { (view::open_now(&ctx, &channel.hours, now)) } (view::hours(&ctx, &channel.hours, now.date())) }
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

pub async fn unit(State(state): State<AppState>, acting: Acting, Path((lang, id)): Path<(String, String)>) -> Response {
    let Some(lang) = lang_of(&lang) else { return not_found_page(&state, Lang::Fi, acting.user.as_ref()) };
    let snapshot = state.polku.snapshot();
    let catalog = &snapshot.catalog;
    let Some(unit) = catalog.units.get(id.as_str()) else { return not_found_page(&state, lang, acting.user.as_ref()) };
    let ctx = Ctx {
        lang,
        i18n: &state.i18n,
        resident_login: state.sso.resident_enabled(),
        rest: format!("/units/{id}"),
        user: acting.user.as_ref(),
        csrf: acting.csrf.as_deref(),
    };
    let now = state.polku.clock().local_now();
    let services = catalog.services_at(unit);
    let loc = unit.location;
    let content = html! {
        p class="back" { a href=(ctx.href("/")) { (ctx.t("back-to-finder")) } }
        h1 { (text(&ctx, &unit.name)) }
        @if !unit.description.is_empty() { p class="lead" { (text(&ctx, &unit.description)) } }
        section aria-labelledby="h-address" {
            h2 id="h-address" { (ctx.t("unit-address")) }
            p { (view::address(&ctx, &unit.address)) }
            @if let Some(phone) = &unit.phone { p { a href=(format!("tel:{}", phone.replace(' ', ""))) { (phone) } } }
            p class="meta" {
                (ctx.ta("unit-coordinates", &[("lat", format!("{:.5}", loc.lat).into()), ("lon", format!("{:.5}", loc.lon).into()),
                    ("n", format!("{:.0}", loc.n).into()), ("e", format!("{:.0}", loc.e).into())]))
                " "
                a href=(format!("https://www.openstreetmap.org/?mlat={:.5}&mlon={:.5}#map=16/{:.5}/{:.5}", loc.lat, loc.lon, loc.lat, loc.lon)) {
                    (ctx.t("unit-map-link")) }
            }
        }
        section aria-labelledby="h-hours" {
            h2 id="h-hours" { (ctx.t("unit-hours")) }
            p { (view::open_now(&ctx, &unit.opening_hours, now)) }
            (view::hours(&ctx, &unit.opening_hours, now.date()))
        }
        section aria-labelledby="h-accessibility" {
            h2 id="h-accessibility" { (ctx.t("unit-accessibility")) }
            @if unit.accessibility.is_empty() { p { (ctx.t("unit-accessibility-unknown")) } }
            @else { (view::paragraphs(&ctx, &unit.accessibility)) }
        }
        @if !unit.capacity.is_empty() {
            section aria-labelledby="h-capacity" {
                h2 id="h-capacity" { (ctx.t("unit-capacity")) }
                table {
                    caption class="visually-hidden" { (ctx.t("unit-capacity")) }
                    thead { tr { th scope="col" { (ctx.t("capacity-kind")) } th scope="col" { (ctx.t("capacity-places")) } } }
                    tbody {
                        @for c in &unit.capacity {
                            tr { td { @if c.label.is_empty() { (c.kind) } @else { (text(&ctx, &c.label)) } } td { (c.places) } }
                        }
                    }
                }
            }
        }
        section aria-labelledby="h-services" {
            h2 id="h-services" { (ctx.t("unit-services")) }
            @if services.is_empty() { p { (ctx.t("no-information")) } }
            ul {
                @for s in &services {
                    li { a href=(ctx.href(&format!("/services/{}", s.id))) { (text(&ctx, &s.name)) } }
                }
            }
        }
    };
    respond(StatusCode::OK, page(&ctx, unit.name.show(lang), content))
}
