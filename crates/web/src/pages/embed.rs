//! The embeddable finder (`/{lang}/embed/finder?municipality=…&group=…`): the finder's search
//! fixed to one municipality and/or one service group, for municipalities' and NGOs' own
//! sites in an `<iframe>`. No site navigation; the one route whose responses allow framing
//! from any site (`frame-ancestors *`, [`Framable`]); links to services and units open in a
//! new tab, the search and its pages stay in the frame. `/{lang}/embed` says how to embed it.

use super::finder::{encode, units_for};
use super::view::{self, text};
use super::{Ctx, not_found_page, respond};
use crate::AppState;
use crate::params::Params;
use crate::session::Acting;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::reference::{CodeKind, Reference};
use domain::{ChannelKind, Lang};
use maud::{DOCTYPE, Markup, html};

/// Marks a response that other sites may frame (read by `security_headers`).
#[derive(Debug, Clone, Copy)]
pub struct Framable;

/// The parameters the embedded finder takes.
pub const EMBED_PARAMS: &[&str] = &["q", "municipality", "group", "service_class", "target_group", "page"];
const PER_PAGE: usize = 10;

/// The filters fixed by the embedding site: (municipality, service class, target group).
struct Fixed {
    municipality: Option<String>,
    service_class: Option<String>,
    target_group: Option<String>,
}

impl Fixed {
    fn parse(params: &Params) -> Result<Fixed, (String, String)> {
        let reference = Reference::get();
        let municipality = params.get("municipality").map(str::to_owned);
        if let Some(m) = &municipality
            && reference.municipality(m).is_none()
        {
            return Err(("municipality".into(), m.clone()));
        }
        let mut service_class = params.get("service_class").map(str::to_owned);
        let mut target_group = params.get("target_group").map(str::to_owned);
        // `group`: a service class (P…) or a target group (KR…) of the Finto code lists.
        if let Some(group) = params.get("group") {
            if reference.code(CodeKind::ServiceClass, group).is_some() {
                service_class = Some(group.to_owned());
            } else if reference.code(CodeKind::TargetGroup, group).is_some() {
                target_group = Some(group.to_owned());
            } else {
                return Err(("group".into(), group.to_owned()));
            }
        }
        for (key, kind, value) in [
            ("service_class", CodeKind::ServiceClass, &service_class),
            ("target_group", CodeKind::TargetGroup, &target_group),
        ] {
            if let Some(code) = value
                && reference.code(kind, code).is_none()
            {
                return Err((key.into(), code.clone()));
            }
        }
        Ok(Fixed { municipality, service_class, target_group })
    }

    fn pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("municipality", &self.municipality),
            ("service_class", &self.service_class),
            ("target_group", &self.target_group),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
        .collect()
    }

    /// "Health services in Porvoo", or the parts there are.
    fn describe(&self, ctx: &Ctx) -> String {
        let reference = Reference::get();
        let group =
            self.service_class.as_deref().map(|c| reference.code_name(CodeKind::ServiceClass, c, ctx.lang)).or_else(
                || self.target_group.as_deref().map(|c| reference.code_name(CodeKind::TargetGroup, c, ctx.lang)),
            );
        let place = self
            .municipality
            .as_deref()
            .and_then(|m| reference.municipality(m))
            .map(|m| m.name.show(ctx.lang).to_owned());
        match (group, place) {
            (Some(g), Some(p)) => ctx.ta("embed-scope-both", &[("group", g.into()), ("municipality", p.into())]),
            (Some(g), None) => ctx.ta("embed-scope-group", &[("group", g.into())]),
            (None, Some(p)) => ctx.ta("embed-scope-municipality", &[("municipality", p.into())]),
            (None, None) => ctx.t("embed-scope-all"),
        }
    }
}

/// A page without the site's header and footer, allowed in a frame.
fn frame_page(ctx: &Ctx, title: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(ctx.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="description" content=(ctx.t("embed-description"));
                title { (title) " – Polku" }
                link rel="stylesheet" href="/static/polku.css";
            }
            body class="embed" {
                main id="main" { (content) }
            }
        }
    }
}

fn framable(response: Response) -> Response {
    let mut response = response;
    response.extensions_mut().insert(Framable);
    response
}

/// `GET /{lang}/embed/finder`.
pub async fn finder(
    State(state): State<AppState>,
    acting: Acting,
    Path(lang): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some(lang) = Lang::parse(&lang) else { return not_found_page(&state, Lang::Fi, acting.user.as_ref()) };
    let rest = match raw.as_deref() {
        Some(q) if !q.is_empty() => format!("/embed/finder?{q}"),
        _ => "/embed/finder".to_owned(),
    };
    // No user, no session: the frame is the same for everyone.
    let ctx = Ctx { lang, i18n: &state.i18n, resident_login: false, rest, user: None, csrf: None };
    let parsed = Params::parse(raw.as_deref()).map_err(|e| {
        let field = e.details.first().map(|d| d.field.clone()).unwrap_or_default();
        (field, String::new())
    });
    let parsed = parsed.and_then(|p| {
        p.only(EMBED_PARAMS)
            .map_err(|e| (e.details.first().map(|d| d.field.clone()).unwrap_or_default(), String::new()))?;
        let page_no =
            p.number("page", 1, 10_000).map_err(|_| ("page".to_owned(), p.get("page").unwrap_or("").to_owned()))?;
        Ok((Fixed::parse(&p)?, p, page_no))
    });
    let (fixed, params, page_no) = match parsed {
        Ok(x) => x,
        Err((field, value)) => {
            let content = html! {
                h1 { (ctx.t("embed-title")) }
                p class="error" role="alert" { (ctx.ta("embed-error", &[("field", field.into()), ("value", value.into())])) }
            };
            return framable(respond(StatusCode::BAD_REQUEST, frame_page(&ctx, &ctx.t("embed-title"), content)));
        }
    };
    let snapshot = state.polku.snapshot();
    let catalog = &snapshot.catalog;
    let clock = state.polku.clock();
    let now = clock.local_now();
    let q = params.get("q").unwrap_or("").to_owned();
    let query = search::Query {
        text: q.clone(),
        lang,
        on: clock.today(),
        filters: search::Filters {
            municipality: fixed.municipality.clone(),
            service_class: fixed.service_class.clone(),
            target_group: fixed.target_group.clone(),
            ..Default::default()
        },
        sort: if q.is_empty() { search::Sort::Name } else { search::Sort::Relevance },
        page: page_no,
        per_page: PER_PAGE,
    };
    let results = snapshot.index.search(&query);
    let scope = fixed.describe(&ctx);
    let link = |rest: String| {
        let mut pairs: Vec<String> = fixed.pairs().iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
        if !q.is_empty() {
            pairs.push(format!("q={}", encode(&q)));
        }
        if !rest.is_empty() {
            pairs.push(rest);
        }
        ctx.href(&format!("/embed/finder?{}", pairs.join("&")))
    };
    let pages = results.total.div_ceil(PER_PAGE).max(1);
    let new_tab = ctx.t("embed-new-tab");
    let content = html! {
        nav aria-label=(ctx.t("nav-languages")) class="embed-langs" {
            ul class="langs" {
                @for other in Lang::ALL {
                    li { a href=(format!("/{}{}", other.code(), ctx.rest)) lang=(other.code()) hreflang=(other.code())
                        aria-current=[(other == lang).then_some("page")] { (ctx.i18n.t(other, "language-own-name")) } }
                }
            }
        }
        h1 { (ctx.t("embed-title")) }
        p class="lead" { (scope) }
        form role="search" method="get" action=(ctx.href("/embed/finder")) class="search" {
            @for (key, value) in fixed.pairs() { input type="hidden" name=(key) value=(value); }
            div class="field wide" {
                label for="q" { (ctx.t("search-label")) }
                input type="search" id="q" name="q" value=(q) autocomplete="off";
            }
            button type="submit" { (ctx.t("search-button")) }
        }
        section aria-labelledby="results-heading" {
            h2 id="results-heading" { (ctx.ta("results-count", &[("count", results.total.into())])) }
            @if results.hits.is_empty() { p { (ctx.t("results-none")) } }
            ol class="results" start=((page_no - 1) * PER_PAGE + 1) {
                @for hit in &results.hits {
                    @if let Some(service) = catalog.services.get(&hit.service) {
                        @let units = units_for(catalog, service, fixed.municipality.as_deref(), lang, None);
                        @let phone = catalog.channels_of(service).find(|c| c.kind == ChannelKind::Phone).and_then(|c| c.phone.clone());
                        li class="result" {
                            h3 { a href=(service_href(&ctx, service.id.as_str(), fixed.municipality.as_deref())) target="_blank" rel="noopener" {
                                (text(&ctx, &service.name)) span class="visually-hidden" { " " (new_tab) } } }
                            @if !service.summary.is_empty() { p { (text(&ctx, &service.summary)) } }
                            @if let Some(unit) = units.first() {
                                p class="where" {
                                    a href=(ctx.href(&format!("/units/{}", unit.id))) target="_blank" rel="noopener" {
                                        (text(&ctx, &unit.name)) span class="visually-hidden" { " " (new_tab) } }
                                    ", " (view::address(&ctx, &unit.address))
                                    @if units.len() > 1 { " " (ctx.ta("result-more-units", &[("count", (units.len() - 1).into())])) }
                                    " " (view::open_now(&ctx, &unit.opening_hours, now))
                                }
                            }
                            @if let Some(phone) = phone.or_else(|| units.first().and_then(|u| u.phone.clone())) {
                                p { (ctx.t("result-phone")) " " a href=(format!("tel:{}", phone.replace(' ', ""))) { (phone) } }
                            }
                        }
                    }
                }
            }
            @if pages > 1 {
                nav aria-label=(ctx.t("pagination")) class="pagination" {
                    @if page_no > 1 { a href=(link(format!("page={}", page_no - 1))) rel="prev" { (ctx.t("page-previous")) } }
                    span { (ctx.ta("page-of", &[("page", page_no.into()), ("pages", pages.into())])) }
                    @if page_no < pages { a href=(link(format!("page={}", page_no + 1))) rel="next" { (ctx.t("page-next")) } }
                }
            }
        }
        p class="embed-by" { a href=(ctx.href("/")) target="_blank" rel="noopener" { (ctx.t("embed-by")) span class="visually-hidden" { " " (new_tab) } } }
    };
    let mut response = respond(StatusCode::OK, frame_page(&ctx, &ctx.t("embed-title"), content));
    // The same for everyone: caches may keep it a little.
    response
        .headers_mut()
        .insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("public, max-age=60"));
    framable(response)
}

fn service_href(ctx: &Ctx, id: &str, municipality: Option<&str>) -> String {
    match municipality {
        Some(m) => ctx.href(&format!("/services/{id}?municipality={m}")),
        None => ctx.href(&format!("/services/{id}")),
    }
}

/// `GET /{lang}/embed`: how a municipality or an association puts the finder on its site.
pub async fn help(State(state): State<AppState>, acting: Acting, Path(lang): Path<String>) -> Response {
    let Some(lang) = Lang::parse(&lang) else { return not_found_page(&state, Lang::Fi, acting.user.as_ref()) };
    let ctx = Ctx {
        lang,
        i18n: &state.i18n,
        resident_login: state.sso.resident_enabled(),
        rest: "/embed".into(),
        user: acting.user.as_ref(),
        csrf: acting.csrf.as_deref(),
    };
    let base = state.config.public_url.clone().unwrap_or_else(|| "https://polku.example.fi".into());
    let base = base.trim_end_matches('/');
    let example = format!("{base}/{}/embed/finder?municipality=638&group=P4", lang.code());
    let snippet = format!(
        "<iframe src=\"{example}\"\n        title=\"{}\"\n        width=\"100%\" height=\"640\" loading=\"lazy\"></iframe>",
        ctx.t("embed-title")
    );
    let content = html! {
        h1 { (ctx.t("embed-help-title")) }
        p class="lead" { (ctx.t("embed-help-lead")) }
        h2 { (ctx.t("embed-help-snippet")) }
        pre class="snippet" { code { (snippet) } }
        h2 { (ctx.t("embed-help-params")) }
        dl class="facts" {
            dt { code { "municipality" } } dd { (ctx.t("embed-help-municipality")) }
            dt { code { "group" } } dd { (ctx.t("embed-help-group")) }
            dt { code { "q" } } dd { (ctx.t("embed-help-q")) }
        }
        p { (ctx.t("embed-help-behaviour")) }
        p { a href=(format!("/{}/embed/finder?municipality=638&group=P4", lang.code())) { (ctx.t("embed-help-preview")) } }
    };
    respond(StatusCode::OK, super::page(&ctx, &ctx.t("embed-help-title"), content))
}
