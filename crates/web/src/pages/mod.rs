//! Server-rendered pages in Finnish, Swedish and English, working without
//! JavaScript: the resident-facing service finder and the staff catalog editor.

mod access;
mod finder;
mod planning;
mod staff;
mod view;

use crate::AppState;
use crate::i18n::I18n;
use crate::session::Acting;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::Lang;
use maud::{DOCTYPE, Markup, html};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(root))
        .route(
            "/{lang}",
            get(|axum::extract::Path(lang): axum::extract::Path<String>| async move {
                Redirect::permanent(&format!("/{}/", lang_or_fi(&lang).code()))
            }),
        )
        .route("/{lang}/", get(finder::finder))
        .route("/{lang}/services", get(finder::finder))
        .route("/{lang}/services/{id}", get(finder::service))
        .route("/{lang}/units/{id}", get(finder::unit))
        .route("/{lang}/login", get(staff::login_form).post(staff::login))
        .route("/{lang}/logout", post(staff::logout))
        .route("/{lang}/editor", get(staff::editor))
        .route("/{lang}/editor/services", post(staff::create))
        .route("/{lang}/editor/services/new", get(staff::new_form))
        .route("/{lang}/editor/services/{id}", get(staff::edit_form).post(staff::update))
        .route("/{lang}/editor/services/{id}/retire", post(staff::retire))
        .route("/{lang}/planning/eligibility", get(planning::eligibility))
        .route("/{lang}/planning/access", get(access::page_access))
}

fn lang_or_fi(s: &str) -> Lang {
    Lang::parse(s).unwrap_or(Lang::Fi)
}

/// `/` picks a language from `Accept-Language` (by quality), defaulting to Finnish.
pub fn preferred_lang(headers: &HeaderMap) -> Lang {
    let header = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mut best: Option<(f32, Lang)> = None;
    for part in header.split(',') {
        let mut pieces = part.trim().split(';');
        let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        if let Some(lang) = Lang::parse(primary)
            && best.is_none_or(|(bq, _)| q > bq)
        {
            best = Some((q, lang));
        }
    }
    best.map(|(_, l)| l).unwrap_or(Lang::Fi)
}

async fn root(headers: HeaderMap) -> Redirect {
    Redirect::to(&format!("/{}/", preferred_lang(&headers).code()))
}

/// What every page needs: its language, messages, path (for the language switch) and user.
pub struct Ctx<'a> {
    pub lang: Lang,
    pub i18n: &'a I18n,
    /// The path after the language prefix, with the query, e.g. `/services?q=x`.
    pub rest: String,
    pub user: Option<&'a app::auth::Principal>,
    /// The browser's CSRF token, for the forms of the layout (logout).
    pub csrf: Option<&'a str>,
    /// Residents can sign in with strong identification (the layout links to it).
    pub resident_login: bool,
}

impl Ctx<'_> {
    pub fn t(&self, id: &str) -> String {
        self.i18n.t(self.lang, id)
    }

    pub fn ta(&self, id: &str, args: &[(&str, fluent_bundle::FluentValue<'_>)]) -> String {
        self.i18n.ta(self.lang, id, args)
    }

    pub fn href(&self, rest: &str) -> String {
        format!("/{}{rest}", self.lang.code())
    }
}

pub fn page(ctx: &Ctx, title: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(ctx.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – Polku" }
                link rel="stylesheet" href="/static/polku.css";
            }
            body {
                a class="skip" href="#main" { (ctx.t("skip-to-content")) }
                header class="site" {
                    div class="brand" {
                        a href=(ctx.href("/")) { "Polku" }
                        span class="tagline" { (ctx.t("tagline")) }
                    }
                    nav aria-label=(ctx.t("nav-languages")) {
                        ul class="langs" {
                            @for lang in Lang::ALL {
                                li {
                                    a href=(format!("/{}{}", lang.code(), ctx.rest)) lang=(lang.code()) hreflang=(lang.code())
                                        aria-current=[(lang == ctx.lang).then_some("page")] {
                                        (ctx.i18n.t(lang, "language-own-name"))
                                    }
                                }
                            }
                        }
                    }
                    nav aria-label=(ctx.t("nav-staff")) {
                        ul class="staff" {
                            li { a href=(ctx.href("/planning/eligibility")) { (ctx.t("nav-planning")) } }
                            li { a href=(ctx.href("/planning/access")) { (ctx.t("nav-access")) } }
                            @if let Some(user) = ctx.user {
                                li { a href=(ctx.href("/editor")) { (ctx.t("editor-title")) } }
                                li {
                                    form method="post" action=(ctx.href("/logout")) class="inline" {
                                        input type="hidden" name="csrf" value=(ctx.csrf.unwrap_or(""));
                                        button type="submit" class="link" { (ctx.ta("logout", &[("user", user.username.clone().into())])) }
                                    }
                                }
                            } @else {
                                li { a href=(ctx.href("/login")) { (ctx.t("login-title")) } }
                                @if ctx.resident_login {
                                    li { a href=(ctx.href("/login/resident")) { (ctx.t("login-resident")) } }
                                }
                            }
                        }
                    }
                }
                main id="main" { (content) }
                footer class="site" {
                    p { (ctx.t("footer-attribution")) }
                    p { (ctx.t("footer-demo")) " " a href="/api/v1/openapi.json" { (ctx.t("footer-api")) } }
                }
            }
        }
    }
}

pub fn respond(status: StatusCode, markup: Markup) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
        markup.into_string(),
    )
        .into_response()
}

/// The 404 page, in the language of the path when it has one.
pub async fn not_found(State(state): State<AppState>, acting: Acting, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    if path.starts_with("/api/") {
        return crate::error::ApiError::not_found("no such API endpoint; see /api/v1/openapi.json").into_response();
    }
    let lang = path.split('/').nth(1).and_then(Lang::parse).unwrap_or_else(|| preferred_lang(request.headers()));
    not_found_page(&state, lang, acting.user.as_ref())
}

pub fn not_found_page(state: &AppState, lang: Lang, user: Option<&app::auth::Principal>) -> Response {
    let ctx = Ctx {
        lang,
        i18n: &state.i18n,
        resident_login: state.sso.resident_enabled(),
        rest: "/".into(),
        user,
        csrf: None,
    };
    let content = html! {
        h1 { (ctx.t("not-found-title")) }
        p { (ctx.t("not-found-text")) }
        p { a href=(ctx.href("/")) { (ctx.t("back-to-finder")) } }
    };
    respond(StatusCode::NOT_FOUND, page(&ctx, &ctx.t("not-found-title"), content))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language() {
        let pick = |v: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::ACCEPT_LANGUAGE, v.parse().unwrap());
            preferred_lang(&headers)
        };
        assert_eq!(pick("sv-FI,sv;q=0.9,en;q=0.8"), Lang::Sv);
        assert_eq!(pick("de-DE,en;q=0.5,fi;q=0.7"), Lang::Fi);
        assert_eq!(pick("en-GB"), Lang::En);
        assert_eq!(pick("de"), Lang::Fi);
        assert_eq!(preferred_lang(&HeaderMap::new()), Lang::Fi);
    }
}
