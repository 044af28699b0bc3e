//! The unit page with everything a visitor needs (hours today and this week with exceptions
//! and holidays, the entrances on a small map, phones and e-services, languages served,
//! accessibility for the saved profile, services, producer) and the feedback form that goes
//! to the producer's queue (`app::feedback`: a honeypot, a signed time token, a limit per
//! client; a refused or limited form comes back with what the person wrote).

use super::staff::with_cookie;
use super::view::{self, text};
use super::{Ctx, not_found_page, page, respond};
use crate::AppState;
use crate::params::Params;
use crate::session::{Acting, csrf_ok, csrf_token};
use app::AppError;
use app::Snapshot;
use app::feedback::{FeedbackForm, Posted};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::catalog::Dated;
use domain::{Catalog, ChannelKind, Lang, Service, Unit};
use maud::{Markup, html};

fn ctx<'a>(state: &'a AppState, acting: &'a Acting, lang: Lang, rest: String, csrf: &'a str) -> Ctx<'a> {
    Ctx {
        lang,
        i18n: &state.i18n,
        resident_login: state.sso.resident_enabled(),
        rest,
        user: acting.user.as_ref(),
        csrf: Some(csrf),
    }
}

/// What the form showed, and the problems with it, when it comes back.
#[derive(Default)]
struct FormState {
    message: String,
    contact: String,
    /// A message id saying what happened (`feedback-too-fast`, …).
    notice: Option<&'static str>,
    /// (field, message id)
    error: Option<(&'static str, &'static str)>,
}

pub async fn unit(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some(lang) = Lang::parse(&lang) else { return not_found_page(&state, Lang::Fi, acting.user.as_ref()) };
    let snapshot = state.polku.snapshot();
    let catalog = &snapshot.catalog;
    let Some(unit) = catalog.units.get(id.as_str()) else { return not_found_page(&state, lang, acting.user.as_ref()) };
    let sent = Params::parse(raw.as_deref()).ok().is_some_and(|p| p.get("feedback") == Some("sent"));
    let (csrf, cookie) = csrf_token(&headers, state.config.secure_cookies);
    let ctx = ctx(&state, &acting, lang, format!("/units/{id}"), &csrf);
    let token = state.polku.feedback_token(unit.id.as_str(), state.polku.clock().now()).ok();
    let now = state.polku.clock().local_now();
    let services = snapshot.services_at(&unit.id);
    let profile = super::profile::saved(&headers);
    let content = html! {
        p class="back" { a href=(ctx.href("/")) { (ctx.t("back-to-finder")) } }
        h1 { (text(&ctx, &unit.name)) }
        @if !unit.description.is_empty() { p class="lead" { (text(&ctx, &unit.description)) } }
        (glance(&ctx, &snapshot, unit, &services, now))
        section aria-labelledby="h-hours" {
            h2 id="h-hours" { (ctx.t("unit-hours")) }
            p { (view::open_now(&ctx, &unit.opening_hours, now)) " " (ctx.t("hours-today")) ": "
                (view::spans(&ctx, unit.opening_hours.spans_on(now.date()).as_deref())) }
            @if unit.opening_hours.is_known() {
                div class="table-scroll" tabindex="0" role="region" aria-label=(ctx.t("hours-week")) { (view::week(&ctx, &unit.opening_hours, now.date())) }
                details class="hours" {
                    summary { (ctx.t("hours-all")) }
                    (view::hours(&ctx, &unit.opening_hours, now.date()))
                }
            } @else {
                p { (ctx.t("hours-unknown")) }
            }
        }
        section aria-labelledby="h-address" {
            h2 id="h-address" { (ctx.t("unit-address")) }
            p { (view::address(&ctx, &unit.address)) }
            (entrance_map(&ctx, unit))
        }
        (contact(&ctx, catalog, &services, unit, now))
        (super::profile::section(&ctx, unit, profile, &format!("/units/{id}")))
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
        section aria-labelledby="feedback" class="feedback" {
            h2 id="feedback" tabindex="-1" { (ctx.t("feedback-title")) }
            @if sent { p class="notice" role="status" { (ctx.t("feedback-thanks")) } }
            (feedback_form(&ctx, catalog, unit, token.as_deref(), &FormState::default()))
        }
    };
    with_cookie(respond(StatusCode::OK, page(&ctx, unit.name.show(lang), content)), cookie)
}

/// Producer, languages served and whether open now, in one list at the top.
fn glance(ctx: &Ctx, snapshot: &Snapshot, unit: &Unit, services: &[&Service], now: chrono::NaiveDateTime) -> Markup {
    let producer = snapshot.catalog.organizations.get(&unit.organization);
    let (languages, from_walk_in) = languages_served(snapshot, unit, services);
    html! {
        dl class="facts glance" {
            dt { (ctx.t("unit-open-now")) } dd { (view::open_now(ctx, &unit.opening_hours, now))
                @if !unit.opening_hours.is_known() { (ctx.t("hours-unknown")) } }
            @if let Some(org) = producer {
                dt { (ctx.t("unit-producer")) }
                dd { (text(ctx, &org.name)) " (" (view::label(ctx, "org-kind", &org.kind)) ")" }
            }
            dt { (ctx.t("unit-languages")) }
            dd {
                @if languages.is_empty() { (ctx.t("no-information")) }
                @else {
                    (view::languages(ctx, &languages))
                    @if !from_walk_in { " " span class="meta" { (ctx.t("unit-languages-of-services")) } }
                }
            }
        }
    }
}

/// The languages served at the unit: those its in-person channels give, else (`false`) the
/// languages of `services`, those offered there.
fn languages_served(snapshot: &Snapshot, unit: &Unit, services: &[&Service]) -> (Vec<String>, bool) {
    let mut walk_in: Vec<String> = snapshot
        .unit_links
        .walk_in_at(&snapshot.catalog, &unit.id)
        .into_iter()
        .flat_map(|c| c.languages.iter().cloned())
        .collect();
    if !walk_in.is_empty() {
        walk_in.sort_by_key(|l| order(l));
        walk_in.dedup();
        return (walk_in, true);
    }
    let mut of_services: Vec<String> = services.iter().flat_map(|s| s.languages.iter().cloned()).collect();
    of_services.sort_by_key(|l| order(l));
    of_services.dedup();
    (of_services, false)
}

fn order(lang: &str) -> (usize, String) {
    (["fi", "sv", "en"].iter().position(|l| *l == lang).unwrap_or(3), lang.to_owned())
}

fn tel(phone: &str) -> String {
    format!("tel:{}", phone.replace(' ', ""))
}

/// The unit's own phone, e-mail and web page, then the phone services and e-services of the
/// `services`, those offered there (each once).
fn contact(ctx: &Ctx, catalog: &Catalog, services: &[&Service], unit: &Unit, now: chrono::NaiveDateTime) -> Markup {
    let mut channels: Vec<&domain::Channel> = services
        .iter()
        .flat_map(|s| catalog.channels_of(s))
        .filter(|c| c.kind != ChannelKind::InPerson && c.valid_on(now.date()))
        .collect();
    channels.sort_by_key(|c| (c.kind, c.name.show(ctx.lang).to_lowercase(), c.id.clone()));
    channels.dedup_by(|a, b| a.id == b.id);
    let phones: Vec<_> = channels.iter().filter(|c| c.kind == ChannelKind::Phone && c.phone.is_some()).collect();
    let online: Vec<_> = channels.iter().filter(|c| c.kind != ChannelKind::Phone && c.url.is_some()).collect();
    html! {
        section aria-labelledby="h-contact" {
            h2 id="h-contact" { (ctx.t("unit-contact")) }
            @if unit.phone.is_none() && unit.email.is_none() && unit.web.is_none() { p { (ctx.t("no-information")) } }
            ul class="plain" {
                @if let Some(phone) = &unit.phone { li { (ctx.t("unit-phone")) ": " a href=(tel(phone)) { (phone) } } }
                @if let Some(email) = &unit.email { li { (ctx.t("unit-email")) ": " a href=(format!("mailto:{email}")) { (email) } } }
                @if let Some(web) = &unit.web { li { a href=(web) { (ctx.t("unit-web")) } } }
            }
            @if !phones.is_empty() {
                h3 { (ctx.t("unit-phone-services")) }
                ul class="plain" {
                    @for c in &phones {
                        li {
                            strong { (text(ctx, &c.name)) } ": "
                            @if let Some(phone) = &c.phone { a href=(tel(phone)) { (phone) } }
                            @if !c.languages.is_empty() { " · " (view::languages(ctx, &c.languages)) }
                            @if c.hours.is_known() { " " (view::open_now(ctx, &c.hours, now)) }
                        }
                    }
                }
            }
            @if !online.is_empty() {
                h3 { (ctx.t("unit-e-services")) }
                ul class="plain" {
                    @for c in &online {
                        li {
                            @if let Some(url) = &c.url { a href=(url) { (text(ctx, &c.name)) } }
                            " (" (view::label(ctx, "channel", &c.kind)) ")"
                            @if c.strong_identification { " · " (ctx.t("channel-strong-identification")) }
                        }
                    }
                }
            }
        }
    }
}

/// Compass direction of `to` from `from` (EPSG:3067 metres), as a message id.
fn direction(from: &domain::Location, to: &domain::Location) -> &'static str {
    const DIRS: [&str; 8] = ["dir-n", "dir-ne", "dir-e", "dir-se", "dir-s", "dir-sw", "dir-w", "dir-nw"];
    let angle = (to.e - from.e).atan2(to.n - from.n).to_degrees().rem_euclid(360.0);
    DIRS[((angle + 22.5) / 45.0) as usize % 8]
}

/// The entrances on a small map (north up, a scale bar), drawn around the unit's address
/// point; without entrances the address point alone, and the caption says so.
pub(super) fn entrance_map(ctx: &Ctx, unit: &Unit) -> Markup {
    const W: f64 = 360.0;
    const H: f64 = 220.0;
    let centre = unit.location;
    let points: Vec<&domain::Location> =
        std::iter::once(&centre).chain(unit.entrances.iter().map(|e| &e.location)).collect();
    // The frame: every point with a margin, at least 160 m wide, the map's aspect kept.
    let (min_e, max_e) = points.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.e), b.max(p.e)));
    let (min_n, max_n) = points.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.n), b.max(p.n)));
    let (mid_e, mid_n) = ((min_e + max_e) / 2.0, (min_n + max_n) / 2.0);
    let width_m = ((max_e - min_e) + 80.0).max((max_n - min_n + 80.0) * W / H).max(160.0);
    let scale = W / width_m;
    let x = |p: &domain::Location| W / 2.0 + (p.e - mid_e) * scale;
    let y = |p: &domain::Location| H / 2.0 - (p.n - mid_n) * scale;
    // A scale bar of a round length about a quarter of the width.
    let bar_m = [10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 500.0, 1000.0]
        .into_iter()
        .rfind(|m| m * scale <= W / 4.0)
        .unwrap_or(10.0);
    let title = ctx.t("unit-map-title");
    let osm = format!(
        "https://www.openstreetmap.org/?mlat={:.5}&mlon={:.5}#map=18/{:.5}/{:.5}",
        centre.lat, centre.lon, centre.lat, centre.lon
    );
    html! {
        figure class="map unit-map" {
            svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {W} {H}")) role="img" aria-labelledby="unit-map-title" {
                title id="unit-map-title" { (title) }
                rect x="0" y="0" width=(W) height=(H) class="ground" {}
                circle cx=(format!("{:.1}", x(&centre))) cy=(format!("{:.1}", y(&centre))) r="7" class="address" {
                    title { (ctx.t("unit-map-address")) } }
                @for (i, e) in unit.entrances.iter().enumerate() {
                    @let (ex, ey) = (x(&e.location), y(&e.location));
                    circle cx=(format!("{ex:.1}")) cy=(format!("{ey:.1}")) r="10" class=(if e.main { "entrance main" } else { "entrance" }) {
                        title { (entrance_name(ctx, e, i)) } }
                    text x=(format!("{ex:.1}")) y=(format!("{:.1}", ey + 4.0)) class="entrance-label" text-anchor="middle" { (i + 1) }
                }
                path d=(format!("M{:.1} {:.1}h{:.1}", 12.0, H - 12.0, bar_m * scale)) class="scale-bar" {}
                text x="12" y=(format!("{:.1}", H - 18.0)) class="map-note" { (view::int(ctx.lang, bar_m)) " m" }
                text x=(W - 16.0) y="22" class="map-note" text-anchor="middle" { (ctx.t("dir-north-letter")) }
                path d=(format!("M{:.1} 28l-5 12h10z", W - 16.0)) class="north" {}
            }
            figcaption {
                @if unit.entrances.is_empty() {
                    (ctx.t("unit-map-no-entrances"))
                } @else {
                    (ctx.t("unit-map-entrances"))
                    ol class="entrances" {
                        @for (i, e) in unit.entrances.iter().enumerate() {
                            @let metres = e.location.distance_m(&centre);
                            li {
                                (entrance_name(ctx, e, i))
                                @if e.main { " (" (ctx.t("unit-entrance-main")) ")" }
                                " – "
                                @if metres < 5.0 { (ctx.t("unit-entrance-at-address")) }
                                @else { (ctx.ta("unit-entrance-from-address", &[("metres", view::int(ctx.lang, metres.round()).into()),
                                    ("direction", ctx.t(direction(&centre, &e.location)).into())])) }
                            }
                        }
                    }
                }
                " " a href=(osm) { (ctx.t("unit-map-link")) }
                @if ctx.is_staff() {
                    " " span class="meta" { (ctx.ta("unit-coordinates", &[("lat", format!("{:.5}", centre.lat).into()), ("lon", format!("{:.5}", centre.lon).into()),
                        ("n", format!("{:.0}", centre.n).into()), ("e", format!("{:.0}", centre.e).into())])) }
                }
            }
        }
    }
}

fn entrance_name(ctx: &Ctx, entrance: &domain::Entrance, i: usize) -> String {
    match entrance.name.best(ctx.lang) {
        Some((_, name)) => name.to_owned(),
        None => ctx.ta("unit-entrance-n", &[("n", (i + 1).into())]),
    }
}

/// The feedback form: the message, a contact if an answer is wanted, a field people leave
/// empty (hidden from them and from assistive technology), the CSRF and time tokens.
fn feedback_form(ctx: &Ctx, catalog: &Catalog, unit: &Unit, token: Option<&str>, form: &FormState) -> Markup {
    let producer =
        catalog.organizations.get(&unit.organization).map(|o| o.name.show(ctx.lang).to_owned()).unwrap_or_default();
    let error_of = |field: &str| form.error.filter(|(f, _)| *f == field).map(|(_, id)| id);
    html! {
        p { (ctx.ta("feedback-lead", &[("producer", producer.into())])) }
        @if let Some(notice) = form.notice { p class="error" role="alert" { (ctx.t(notice)) } }
        @match token {
            None => { p { (ctx.t("feedback-unavailable")) } }
            Some(token) => { form method="post" action=(ctx.href(&format!("/units/{}/feedback", unit.id))) class="feedback-form" {
                input type="hidden" name="csrf" value=(ctx.csrf.unwrap_or(""));
                input type="hidden" name="token" value=(token);
                div class="field wide" {
                    label for="feedback-message" { (ctx.t("feedback-message")) }
                    p id="feedback-message-hint" class="hint" { (ctx.t("feedback-message-hint")) }
                    @if let Some(id) = error_of("message") { p id="feedback-message-error" class="field-error" { (ctx.t(id)) } }
                    textarea id="feedback-message" name="message" rows="6" maxlength=(app::feedback::MAX_MESSAGE) required
                        aria-invalid=[error_of("message").map(|_| "true")]
                        aria-describedby=(if error_of("message").is_some() { "feedback-message-hint feedback-message-error" } else { "feedback-message-hint" }) { (form.message) }
                }
                div class="field wide" {
                    label for="feedback-contact" { (ctx.t("feedback-contact")) }
                    p id="feedback-contact-hint" class="hint" { (ctx.t("feedback-contact-hint")) }
                    @if let Some(id) = error_of("contact") { p id="feedback-contact-error" class="field-error" { (ctx.t(id)) } }
                    input type="text" id="feedback-contact" name="contact" value=(form.contact) maxlength=(app::feedback::MAX_CONTACT)
                        autocomplete="email" aria-invalid=[error_of("contact").map(|_| "true")] aria-describedby="feedback-contact-hint";
                }
                div class="field trap" aria-hidden="true" {
                    label for="feedback-website" { (ctx.t("feedback-trap")) }
                    input type="text" id="feedback-website" name="website" value="" tabindex="-1" autocomplete="off";
                }
                button type="submit" { (ctx.t("feedback-send")) }
            } }
        }
    }
}

/// `GET /{lang}/units/{id}/feedback`: the form on a page of its own.
pub async fn feedback_get(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id)): Path<(String, String)>,
) -> Response {
    let Some(lang) = Lang::parse(&lang) else { return not_found_page(&state, Lang::Fi, acting.user.as_ref()) };
    feedback_page(&state, &acting, &headers, lang, &id, FormState::default(), StatusCode::OK, None)
}

/// `POST /{lang}/units/{id}/feedback`. Stored (or caught by the honeypot): back to the unit
/// page, which thanks. Anything else: the form again with what was written, and why.
pub async fn feedback_post(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let Some(lang) = Lang::parse(&lang) else { return not_found_page(&state, Lang::Fi, acting.user.as_ref()) };
    if !state.polku.snapshot().catalog.units.contains_key(id.as_str()) {
        return not_found_page(&state, lang, acting.user.as_ref());
    }
    let form = std::str::from_utf8(&body)
        .ok()
        .and_then(|s| Params::parse_up_to(Some(s), app::feedback::MAX_MESSAGE * 2).ok())
        .unwrap_or_default();
    let field = |name: &str| form.get(name).unwrap_or("").to_owned();
    let mut kept = FormState { message: field("message"), contact: field("contact"), ..FormState::default() };
    // Without the browser's CSRF token nothing is done; the form comes back, text kept, with a
    // fresh token (a cookie that expired must not cost the text).
    if !csrf_ok(&headers, form.get("csrf")) {
        kept.notice = Some("feedback-csrf");
        return feedback_page(&state, &acting, &headers, lang, &id, kept, StatusCode::FORBIDDEN, None);
    }
    let posted = FeedbackForm {
        unit: id.clone(),
        lang: lang.code().to_owned(),
        message: field("message"),
        contact: field("contact"),
        honeypot: field("website"),
        token: field("token"),
    };
    match state.polku.post_feedback(&posted, &acting.meta.address).await {
        Ok(Posted::Stored(_) | Posted::Trap) => {
            Redirect::to(&format!("/{}/units/{id}?feedback=sent#feedback", lang.code())).into_response()
        }
        Ok(Posted::TooFast) => {
            kept.notice = Some("feedback-too-fast");
            feedback_page(&state, &acting, &headers, lang, &id, kept, StatusCode::OK, None)
        }
        Ok(Posted::Expired) => {
            kept.notice = Some("feedback-expired");
            feedback_page(&state, &acting, &headers, lang, &id, kept, StatusCode::OK, None)
        }
        Ok(Posted::Limited { retry_after_seconds }) => {
            kept.notice = Some("feedback-limited");
            let status = StatusCode::TOO_MANY_REQUESTS;
            feedback_page(&state, &acting, &headers, lang, &id, kept, status, Some(retry_after_seconds))
        }
        Err(AppError::Invalid(problems)) => {
            let field = problems.first().map(|p| p.field.as_str()).unwrap_or("message");
            kept.error = Some(if field == "contact" {
                ("contact", "feedback-error-contact")
            } else if kept.message.trim().is_empty() {
                ("message", "feedback-error-empty")
            } else {
                ("message", "feedback-error-long")
            });
            feedback_page(&state, &acting, &headers, lang, &id, kept, StatusCode::UNPROCESSABLE_ENTITY, None)
        }
        Err(e) => {
            tracing::error!(error = %e, "feedback could not be stored");
            kept.notice = Some("feedback-failed");
            let status = crate::error::ApiError::from(e).status;
            feedback_page(&state, &acting, &headers, lang, &id, kept, status, None)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn feedback_page(
    state: &AppState,
    acting: &Acting,
    headers: &HeaderMap,
    lang: Lang,
    id: &str,
    form: FormState,
    status: StatusCode,
    retry_after: Option<i64>,
) -> Response {
    let snapshot = state.polku.snapshot();
    let catalog = &snapshot.catalog;
    let Some(unit) = catalog.units.get(id) else { return not_found_page(state, lang, acting.user.as_ref()) };
    // A form refused for its CSRF token gets a new one (and the cookie to match).
    let (csrf, cookie) = if form.notice == Some("feedback-csrf") {
        let token = app::auth::random_token();
        let cookie =
            crate::session::set_cookie(crate::session::CSRF_COOKIE, &token, 60 * 60 * 24, state.config.secure_cookies);
        (token, Some(cookie))
    } else {
        csrf_token(headers, state.config.secure_cookies)
    };
    let ctx = ctx(state, acting, lang, format!("/units/{id}/feedback"), &csrf);
    let token = state.polku.feedback_token(unit.id.as_str(), state.polku.clock().now()).ok();
    let title = ctx.ta("feedback-page-title", &[("unit", unit.name.show(lang).to_owned().into())]);
    let minutes = retry_after.map(|s| (s + 59) / 60);
    let content = html! {
        p class="back" { a href=(ctx.href(&format!("/units/{id}"))) { (ctx.ta("feedback-back", &[("unit", unit.name.show(lang).to_owned().into())])) } }
        h1 { (title) }
        @if let Some(minutes) = minutes { p { (ctx.ta("feedback-limited-retry", &[("minutes", minutes.into())])) } }
        (feedback_form(&ctx, catalog, unit, token.as_deref(), &form))
    };
    let mut response = with_cookie(respond(status, page(&ctx, &title, content)), cookie);
    if let Some(seconds) = retry_after
        && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}
