//! Server-rendered pages in Finnish, Swedish and English, working without
//! JavaScript: the resident-facing service finder, the staff catalog editor, and the
//! client-data pages (navigators, residents, auditors, administrators).

mod access;
mod alerts;
mod areas;
mod audit;
mod chart;
mod clients;
mod embed;
mod feedback;
mod finder;
mod monitoring;
mod navigation;
mod notifications;
mod planning;
mod plans;
mod profile;
mod referrals;
mod resident;
mod search_quality;
mod staff;
mod unit;
mod view;

pub use embed::Framable;

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
        .route("/{lang}/units/{id}", get(unit::unit))
        .route("/{lang}/units/{id}/feedback", get(unit::feedback_get).post(unit::feedback_post))
        .route("/{lang}/feedback", get(feedback::queue))
        .route("/{lang}/feedback/{id}/handled", post(feedback::handled))
        .route("/{lang}/embed/finder", get(embed::finder))
        .route("/{lang}/embed", get(embed::help))
        .route("/{lang}/profile", get(profile::set))
        .route("/{lang}/my-areas", get(areas::my_areas))
        .route("/{lang}/accessibility", get(accessibility_statement))
        .route("/{lang}/login", get(staff::login_form).post(staff::login))
        .route("/{lang}/logout", post(staff::logout))
        .route("/{lang}/editor", get(staff::editor))
        .route("/{lang}/editor/services", post(staff::create))
        .route("/{lang}/editor/services/new", get(staff::new_form))
        .route("/{lang}/editor/services/{id}", get(staff::edit_form).post(staff::update))
        .route("/{lang}/editor/services/{id}/retire", get(staff::retire_confirm).post(staff::retire))
        .route("/{lang}/planning/eligibility", get(planning::eligibility))
        .route("/{lang}/planning/eligibility.csv", get(planning::eligibility_csv))
        .route("/{lang}/planning/access", get(access::page_access))
        .route("/{lang}/planning/plans", get(plans::plans_page).post(plans::start_plan))
        .route("/{lang}/planning/plans/{id}", get(plans::plan_page))
        .route("/{lang}/planning/plans/{id}/cancel", post(plans::cancel_plan))
        .route("/{lang}/monitoring", get(monitoring::dashboard))
        .route("/{lang}/monitoring/alerts", get(alerts::page_get).post(alerts::save))
        .route("/{lang}/search-quality", get(search_quality::page_get))
        .route("/{lang}/search-quality/synonyms", post(search_quality::save))
        .route("/{lang}/monitoring/{id}", get(monitoring::indicator_page))
        .route("/{lang}/clients", get(clients::navigator).post(clients::create))
        .route("/{lang}/clients/find", post(clients::find))
        .route("/{lang}/clients/{id}", get(clients::client))
        .route("/{lang}/clients/{id}/take", post(clients::take))
        .route("/{lang}/clients/{id}/facts", post(clients::record_facts))
        .route("/{lang}/clients/{id}/consents", post(clients::give_consent))
        .route("/{lang}/clients/{id}/consents/{consent}/withdraw", post(clients::withdraw_consent))
        .route("/{lang}/clients/{id}/referrals", post(clients::refer))
        .route("/{lang}/clients/{id}/emergency", post(clients::emergency))
        .route("/{lang}/clients/{id}/path", get(referrals::client_path))
        .route("/{lang}/clients/{id}/path/resolve", post(referrals::resolve_path))
        .route("/{lang}/clients/{id}/navigation", get(navigation::navigation))
        .route(
            "/{lang}/clients/{id}/assessments/{questionnaire}",
            get(navigation::assessment_form).post(navigation::assessment_save),
        )
        .route("/{lang}/clients/{id}/plans", post(navigation::make_plan))
        .route("/{lang}/clients/{id}/plans/{plan}", get(navigation::plan_page))
        .route("/{lang}/me/assessment", get(navigation::resident_form).post(navigation::resident_save))
        .route("/{lang}/me/navigation", get(navigation::resident_outcome))
        .route("/{lang}/me", get(resident::me))
        .route("/{lang}/me/consents/{consent}/withdraw", post(resident::withdraw))
        .route("/{lang}/me/log", get(resident::log))
        .route("/{lang}/me/path", get(referrals::my_path))
        .route("/{lang}/admin/notifications", get(notifications::page_get).post(notifications::add))
        .route("/{lang}/admin/notifications/{id}/end", post(notifications::end))
        .route("/{lang}/admin/notifications/dead/{id}/replay", post(notifications::replay))
        .route("/{lang}/referrals", get(referrals::inbox))
        .route("/{lang}/referrals/sent", get(referrals::sent))
        .route("/{lang}/referrals/{id}", get(referrals::referral))
        .route("/{lang}/referrals/{id}/status", post(referrals::change))
        .route("/{lang}/audit", get(audit::audit))
        .route("/{lang}/admin/users", get(audit::users))
        .route("/{lang}/admin/users/{username}", get(audit::user_form).post(audit::set_roles))
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

    /// Whether the page is for signed-in staff: the one place the pages ask (staff-only
    /// details such as map coordinates, the editor's links).
    pub fn is_staff(&self) -> bool {
        self.user.is_some()
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
                link rel="icon" href="/static/favicon.svg" type="image/svg+xml";
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
                    @if ctx.user.is_none() && ctx.resident_login {
                        nav aria-label=(ctx.t("login-resident")) {
                            ul class="staff" { li { a href=(ctx.href("/login/resident")) { (ctx.t("login-resident")) } } }
                        }
                    }
                    @if let Some(user) = ctx.user {
                        nav aria-label=(ctx.t("nav-staff")) {
                            ul class="staff" {
                                @if user.has(domain::client::Role::CatalogEditor) {
                                    li { a href=(ctx.href("/editor")) { (ctx.t("editor-title")) } }
                                }
                                @for (rest, label) in role_links(user) { li { a href=(ctx.href(rest)) { (ctx.t(label)) } } }
                                li {
                                    form method="post" action=(ctx.href("/logout")) class="inline" {
                                        input type="hidden" name="csrf" value=(ctx.csrf.unwrap_or(""));
                                        button type="submit" class="link" { (ctx.ta("logout", &[("user", user.display_name.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| user.username.clone()).into())])) }
                                    }
                                }
                            }
                        }
                    }
                }
                main id="main" { (content) }
                footer class="site" {
                    nav aria-label=(ctx.t("nav-staff-tools")) class="footer-staff" {
                        span { (ctx.t("nav-for-staff")) }
                        ul {
                            li { a href=(ctx.href("/planning/eligibility")) { (ctx.t("nav-planning")) } }
                            li { a href=(ctx.href("/planning/access")) { (ctx.t("nav-access")) } }
                            li { a href=(ctx.href("/planning/plans")) { (ctx.t("nav-network-plans")) } }
                            li { a href=(ctx.href("/monitoring")) { (ctx.t("nav-monitoring")) } }
                            @if ctx.user.is_none() { li { a href=(ctx.href("/login")) { (ctx.t("login-title")) } } }
                        }
                    }
                    p { a href=(ctx.href("/accessibility")) { (ctx.t("a11y-title")) } }
                    p { (ctx.t("footer-attribution")) }
                    p { (ctx.t("footer-demo")) " " a href="/api/v1/openapi.json" { (ctx.t("footer-api")) } }
                }
            }
        }
    }
}

/// The client-data pages a person's roles lead to: (path, message id).
fn role_links(user: &app::auth::Principal) -> Vec<(&'static str, &'static str)> {
    use domain::client::Role;
    [
        (Role::Navigator, "/clients", "nav-clients"),
        (Role::Navigator, "/referrals/sent", "nav-referrals-sent"),
        (Role::Navigator, "/referrals", "nav-referrals"),
        (Role::Professional, "/referrals", "nav-referrals"),
        (Role::Professional, "/feedback", "nav-feedback"),
        (Role::CatalogEditor, "/feedback", "nav-feedback"),
        (Role::Resident, "/me", "nav-me"),
        (Role::Auditor, "/audit", "nav-audit"),
        (Role::Administrator, "/admin/users", "nav-users"),
        (Role::Administrator, "/admin/notifications", "nav-notifications"),
        (Role::Planner, "/monitoring/alerts", "nav-alerts"),
        (Role::Administrator, "/monitoring/alerts", "nav-alerts"),
        (Role::CatalogEditor, "/search-quality", "nav-search-quality"),
    ]
    .into_iter()
    .filter(|(role, _, _)| user.has(*role))
    .map(|(_, rest, label)| (rest, label))
    .fold(Vec::new(), |mut links, link| {
        if !links.contains(&link) {
            links.push(link);
        }
        links
    })
}

pub fn respond(status: StatusCode, markup: Markup) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
        markup.into_string(),
    )
        .into_response()
}

/// The role check of a page (decided by `app::permit`): `None` when the person may see
/// it; else the response to send instead: to the login page when nobody is signed in, or
/// a 403 page saying which role the page is for.
pub fn refused(state: &AppState, acting: &Acting, lang: Lang, action: app::permit::Action) -> Option<Response> {
    match app::permit::require(acting.user.as_ref(), action) {
        Ok(()) => None,
        Err(app::AppError::Unauthenticated) => Some(Redirect::to(&format!("/{}/login", lang.code())).into_response()),
        Err(_) => Some(forbidden_page(state, acting, lang, action)),
    }
}

pub fn forbidden_page(state: &AppState, acting: &Acting, lang: Lang, action: app::permit::Action) -> Response {
    let ctx = Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest: "/".into(),
        user: acting.user.as_ref(),
        csrf: acting.csrf.as_deref(),
    };
    let roles: Vec<String> = domain::client::Role::ALL
        .into_iter()
        .filter(|r| app::permit::allows(*r, action))
        .map(|r| ctx.t(&format!("role-{}", r.as_str())))
        .collect();
    let content = html! {
        h1 { (ctx.t("forbidden-title")) }
        p { (ctx.ta("forbidden-text", &[("roles", roles.join(", ").into())])) }
        p { a href=(ctx.href("/")) { (ctx.t("back-to-finder")) } }
    };
    respond(StatusCode::FORBIDDEN, page(&ctx, &ctx.t("forbidden-title"), content))
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

/// The accessibility statement (saavutettavuusseloste, tillgänglighetsutlåtande) that the Act
/// on the Provision of Digital Services (306/2019) requires, linked from every footer.
async fn accessibility_statement(
    State(state): State<AppState>,
    acting: Acting,
    axum::extract::Path(lang): axum::extract::Path<String>,
) -> Response {
    let Some(lang) = Lang::parse(&lang) else { return not_found_page(&state, Lang::Fi, acting.user.as_ref()) };
    let ctx = Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest: "/accessibility".into(),
        user: acting.user.as_ref(),
        csrf: acting.csrf.as_deref(),
    };
    let content = html! {
        h1 { (ctx.t("a11y-title")) }
        p class="lead" { (ctx.t("a11y-lead")) }
        h2 { (ctx.t("a11y-status-title")) }
        p { (ctx.t("a11y-status")) }
        h2 { (ctx.t("a11y-known-title")) }
        ul { li { (ctx.t("a11y-known-map")) } li { (ctx.t("a11y-known-demo")) } }
        h2 { (ctx.t("a11y-how-title")) }
        p { (ctx.t("a11y-how")) }
        h2 { (ctx.t("a11y-feedback-title")) }
        p { (ctx.t("a11y-feedback")) }
        h2 { (ctx.t("a11y-supervisor-title")) }
        p { (ctx.t("a11y-supervisor")) " " a href="https://www.saavutettavuusvaatimukset.fi" { "saavutettavuusvaatimukset.fi" } }
    };
    respond(StatusCode::OK, page(&ctx, &ctx.t("a11y-title"), content))
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
