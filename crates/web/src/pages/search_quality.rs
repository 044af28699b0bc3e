//! The search quality page (`/{lang}/search-quality`), for the catalog team (those who may
//! write the catalog): residents' searches that found nothing and searches whose results
//! nobody opened, per language, with the search engine's closest words as synonyms to add
//! (one button each), and a form per language to edit the synonym lists, used at once by
//! every server. Works without JavaScript; the forms carry the CSRF token; `app` decides who may.

use super::clients::{app_error, gate, see_other};
use super::{Ctx, not_found_page, page, respond};
use crate::AppState;
use crate::params::Params;
use crate::session::{Acting, csrf_ok, csrf_token};
use app::AppError;
use app::permit::Action;
use app::search_log::QualityReport;
use app::store::Actor;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use domain::{Lang, Problem};
use maud::{Markup, html};

/// Longest synonym list a form may send, in characters.
const MAX_LIST: usize = 200_000;

/// What the page was asked for.
struct Asked {
    /// The language of the searches shown and of the list edited.
    list: Lang,
    days: u32,
}

fn asked(params: &Params, lang: Lang) -> Asked {
    let list = params.get("list").and_then(Lang::parse).unwrap_or(lang);
    let days = params.get("days").and_then(|d| d.parse::<u32>().ok()).filter(|d| (1..=366).contains(d)).unwrap_or(30);
    Asked { list, days }
}

pub async fn page_get(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(lang): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let lang = match gate(&state, &acting, &lang, Action::WriteCatalog) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    let params = Params::parse(raw.as_deref()).unwrap_or_default();
    let asked = asked(&params, lang);
    let saved = params.get("done") == Some("saved");
    render(&state, &acting, &headers, lang, asked, saved, None).await
}

/// Saves one language's list: the whole text from the editing form, or one line added by a
/// suggestion's button (`add`). A refused list shows the form again with the line named.
pub async fn save(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(lang): Path<String>,
    body: Bytes,
) -> Response {
    let Some(lang) = Lang::parse(&lang) else { return not_found_page(&state, Lang::Fi, acting.user.as_ref()) };
    // The list is longer than other forms' fields: read with its own limit.
    let form = std::str::from_utf8(&body).ok().and_then(|s| Params::parse_up_to(Some(s), MAX_LIST).ok());
    let Some(form) = form else {
        let ctx = super::clients::words(&state, lang);
        let content = html! { h1 { (ctx.t("form-unreadable")) } p { (ctx.t("csrf-text")) } };
        return respond(StatusCode::BAD_REQUEST, page(&ctx, &ctx.t("form-unreadable"), content));
    };
    if !csrf_ok(&headers, form.get("csrf")) {
        return super::staff::forbidden(&state, lang);
    }
    if let Some(response) = super::refused(&state, &acting, lang, Action::WriteCatalog) {
        return response;
    }
    let Some(user) = acting.user.clone() else { return app_error(&state, &acting, lang, AppError::Unauthenticated) };
    let actor = Actor::User(user);
    let Some(list) = form.get("list").and_then(Lang::parse) else {
        return app_error(&state, &acting, lang, AppError::invalid("list", "not one of fi, sv, en"));
    };
    let days = form.get("days").unwrap_or("30").to_owned();
    let text = match form.get("add") {
        Some(line) => {
            let lists = match state.polku.synonym_lists(&actor).await {
                Ok(lists) => lists,
                Err(e) => return app_error(&state, &acting, lang, e),
            };
            let current = lists.into_iter().find(|(l, _, _)| *l == list).map(|(_, body, _)| body).unwrap_or_default();
            let separator = if current.is_empty() || current.ends_with('\n') { "" } else { "\n" };
            format!("{current}{separator}{}\n", line.trim())
        }
        None => form.all("body").last().unwrap_or("").replace("\r\n", "\n"),
    };
    match state.polku.put_synonyms(&actor, list, &text).await {
        Ok(_) => {
            see_other(lang, &format!("/search-quality?list={}&days={}&done=saved", list.code(), encode_days(&days)))
        }
        Err(AppError::Invalid(problems)) => {
            let asked = Asked { list, days: days.parse().ok().filter(|d| (1..=366).contains(d)).unwrap_or(30) };
            render(&state, &acting, &headers, lang, asked, false, Some((text.as_str(), problems.as_slice()))).await
        }
        Err(e) => app_error(&state, &acting, lang, e),
    }
}

fn encode_days(days: &str) -> String {
    days.parse::<u32>().ok().filter(|d| (1..=366).contains(d)).unwrap_or(30).to_string()
}

async fn render(
    state: &AppState,
    acting: &Acting,
    headers: &HeaderMap,
    lang: Lang,
    asked: Asked,
    saved: bool,
    refused: Option<(&str, &[Problem])>,
) -> Response {
    let actor = match acting.user.clone() {
        Some(user) => Actor::User(user),
        None => return app_error(state, acting, lang, AppError::Unauthenticated),
    };
    let report = match state.polku.search_quality(&actor, asked.list, asked.days).await {
        Ok(report) => report,
        Err(e) => return app_error(state, acting, lang, e),
    };
    let lists = match state.polku.synonym_lists(&actor).await {
        Ok(lists) => lists,
        Err(e) => return app_error(state, acting, lang, e),
    };
    let (csrf, cookie) = csrf_token(headers, state.config.secure_cookies);
    let rest = format!("/search-quality?list={}&days={}", asked.list.code(), asked.days);
    let ctx = super::referrals::ctx(state, acting, lang, rest, Some(&csrf));
    let title = ctx.t("sq-title");
    let (body, revision) = lists
        .iter()
        .find(|(l, _, _)| *l == asked.list)
        .map(|(_, body, revision)| (body.clone(), *revision))
        .unwrap_or_default();
    let body = refused.map_or(body, |(text, _)| text.to_owned());
    let problems: &[Problem] = refused.map(|(_, p)| p).unwrap_or(&[]);
    let language = ctx.t(&format!("language-{}", asked.list.code()));
    let content = html! {
        h1 { (title) }
        @if saved { div class="notice" role="status" { p { (ctx.t("sq-saved")) } } }
        @if !problems.is_empty() {
            div class="error" role="alert" {
                p { (ctx.t("sq-refused")) }
                ul { @for p in problems { li { a href="#body" { (p.field) } ": " (p.problem) } } }
            }
        }
        p class="lead" { (ctx.t("sq-lead")) }
        form method="get" action=(ctx.href("/search-quality")) class="search" {
            div class="field" {
                label for="list" { (ctx.t("sq-language")) }
                select id="list" name="list" {
                    @for l in Lang::ALL {
                        option value=(l.code()) selected[l == asked.list] { (ctx.t(&format!("language-{}", l.code()))) }
                    }
                }
            }
            div class="field" {
                label for="days" { (ctx.t("sq-days")) }
                input type="number" id="days" name="days" min="1" max="366" value=(asked.days);
            }
            button type="submit" { (ctx.t("sq-show")) }
        }
        p { (ctx.ta("sq-totals", &[
            ("searches", report.searches.into()),
            ("zero", report.zero_results.into()),
            ("abandoned", report.abandoned.into()),
        ])) }
        (zero_section(&ctx, &report, &asked, &csrf))
        (abandoned_section(&ctx, &report))
        section aria-labelledby="synonyms-heading" {
            h2 id="synonyms-heading" { (ctx.t("sq-synonyms-title")) }
            p { (ctx.t("sq-synonyms-lead")) }
            p { @match revision {
                Some(r) => { (ctx.ta("sq-revision", &[("revision", r.into())])) }
                None => { (ctx.t("sq-shipped")) }
            } }
            form method="post" action=(ctx.href("/search-quality/synonyms")) {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="list" value=(asked.list.code());
                input type="hidden" name="days" value=(asked.days);
                label for="body" { (ctx.ta("sq-synonyms-for", &[("language", language.clone().into())])) }
                textarea id="body" name="body" rows="20" cols="80" lang=(asked.list.code()) spellcheck="false"
                    aria-invalid=[(!problems.is_empty()).then_some("true")] { (body) }
                button type="submit" { (ctx.t("sq-save")) }
            }
        }
    };
    let status = if problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let markup: Markup = page(&ctx, &title, content);
    super::staff::with_cookie(respond(status, markup), cookie)
}

fn zero_section(ctx: &Ctx, report: &QualityReport, asked: &Asked, csrf: &str) -> Markup {
    html! {
        section aria-labelledby="zero-heading" {
            h2 id="zero-heading" { (ctx.t("sq-zero-title")) }
            p { (ctx.t("sq-zero-lead")) }
            @if report.zero.is_empty() {
                p { (ctx.t("sq-none")) }
            } @else {
                div class="table-scroll" {
                    table class="list" id="zero" {
                        caption { (ctx.t("sq-zero-title")) }
                        thead { tr {
                            th scope="col" { (ctx.t("sq-query")) }
                            th scope="col" { (ctx.t("sq-count")) }
                            th scope="col" { (ctx.t("sq-closest")) }
                        } }
                        tbody { @for row in &report.zero { tr {
                            td lang=(asked.list.code()) { (row.query) }
                            td { (row.zero_results) }
                            td { ul class="plain" { @for word in &row.closest { li {
                                form method="post" action=(ctx.href("/search-quality/synonyms")) class="inline" {
                                    input type="hidden" name="csrf" value=(csrf);
                                    input type="hidden" name="list" value=(asked.list.code());
                                    input type="hidden" name="days" value=(asked.days);
                                    input type="hidden" name="add" value=(format!("{} | {word}", row.query));
                                    span { (word) } " "
                                    button type="submit" aria-label=(ctx.ta("sq-add-label", &[
                                        ("query", row.query.clone().into()), ("word", word.clone().into()),
                                    ])) { (ctx.t("sq-add")) }
                                }
                            } } } }
                        } } }
                    }
                }
            }
        }
    }
}

fn abandoned_section(ctx: &Ctx, report: &QualityReport) -> Markup {
    html! {
        section aria-labelledby="abandoned-heading" {
            h2 id="abandoned-heading" { (ctx.t("sq-abandoned-title")) }
            p { (ctx.t("sq-abandoned-lead")) }
            @if report.abandoned_rows.is_empty() {
                p { (ctx.t("sq-none")) }
            } @else {
                div class="table-scroll" {
                    table class="list" id="abandoned" {
                        caption { (ctx.t("sq-abandoned-title")) }
                        thead { tr {
                            th scope="col" { (ctx.t("sq-query")) }
                            th scope="col" { (ctx.t("sq-count")) }
                            th scope="col" { (ctx.t("sq-searches")) }
                            th scope="col" { (ctx.t("sq-offered")) }
                            th scope="col" { (ctx.t("sq-closest")) }
                        } }
                        tbody { @for row in &report.abandoned_rows { tr {
                            td { (row.query) }
                            td { (row.abandoned) }
                            td { (row.searches) }
                            td { (row.offered.join("; ")) }
                            td { (row.closest.join(", ")) }
                        } } }
                    }
                }
            }
        }
    }
}
