//! The alerts page (`/{lang}/monitoring/alerts`), for those who manage monitoring
//! (planners, administrators): the alerts raised, newest first, the thresholds that raise
//! them, and a form to add or change one. Works without JavaScript; the form carries the
//! CSRF token; `app` checks every field and decides who may.

use super::clients::{app_error, gate, posted, see_other, when};
use super::monitoring::{group_text, period_label, value_text};
use super::{Ctx, page, respond};
use crate::AppState;
use crate::session::{Acting, csrf_token};
use app::AppError;
use app::monitoring::AlertRule;
use app::permit::Action;
use app::store::Actor;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use domain::{Lang, Problem};
use maud::{Markup, html};
use monitor::{Dim, Period};

pub async fn page_get(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(lang): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let lang = match gate(&state, &acting, &lang, Action::ManageMonitoring) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    let saved = query.as_deref() == Some("done=saved");
    render(&state, &acting, &headers, lang, saved, None).await
}

/// Adds or changes a threshold; a refused one shows the form again with each problem.
pub async fn save(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(lang): Path<String>,
    body: Bytes,
) -> Response {
    let (lang, form) = match posted(&state, &acting, &headers, &lang, &body, Action::ManageMonitoring) {
        Ok(x) => x,
        Err(response) => return response,
    };
    let Some(user) = acting.user.clone() else { return app_error(&state, &acting, lang, AppError::Unauthenticated) };
    let field = |name: &str| form.get(name).unwrap_or("").trim().to_owned();
    let threshold = field("threshold").replace(',', ".");
    let rule = AlertRule {
        id: field("id"),
        indicator: field("indicator"),
        municipality: Some(field("municipality")).filter(|m| !m.is_empty()),
        period: field("period"),
        direction: field("direction"),
        threshold: threshold.parse().unwrap_or(f64::NAN),
        manager: field("manager"),
        created_by: String::new(),
    };
    match state.polku.put_alert_rule(rule.clone(), &Actor::User(user)).await {
        Ok(_) => see_other(lang, "/monitoring/alerts?done=saved"),
        Err(AppError::Invalid(problems)) => {
            render(&state, &acting, &headers, lang, false, Some((&rule, &threshold, &problems))).await
        }
        Err(e) => app_error(&state, &acting, lang, e),
    }
}

/// The form's values and problems after a refusal.
type Refused<'a> = (&'a AlertRule, &'a str, &'a [Problem]);

async fn render(
    state: &AppState,
    acting: &Acting,
    headers: &HeaderMap,
    lang: Lang,
    saved: bool,
    refused: Option<Refused<'_>>,
) -> Response {
    let actor = match acting.user.clone() {
        Some(user) => Actor::User(user),
        None => return app_error(state, acting, lang, AppError::Unauthenticated),
    };
    let (rules, alerts) = match (state.polku.alert_rules(&actor).await, state.polku.alerts(&actor).await) {
        (Ok(r), Ok(a)) => (r, a),
        (Err(e), _) | (_, Err(e)) => return app_error(state, acting, lang, e),
    };
    let (csrf, cookie) = csrf_token(headers, state.config.secure_cookies);
    let ctx = super::referrals::ctx(state, acting, lang, "/monitoring/alerts".into(), Some(&csrf));
    let title = ctx.t("alerts-title");
    let mut municipalities: Vec<String> =
        app::monitoring::demo_population().iter().map(|(m, _, _)| m.clone()).collect();
    municipalities.dedup();
    let area = |m: &Option<String>| match m {
        Some(m) => group_text(&ctx, Dim::Municipality, m),
        None => ctx.t("monitoring-county"),
    };
    let indicator_name = |id: &str| monitor::indicator(id).map_or(id.to_owned(), |i| i.name(lang).to_owned());
    let figure = |id: &str, v: f64| match monitor::indicator(id) {
        Some(i) => value_text(&ctx, i.unit, v),
        None => v.to_string(),
    };
    let threshold_text = |id: &str, direction: &str, v: f64| {
        ctx.ta(&format!("alerts-when-{direction}"), &[("threshold", figure(id, v).into())])
    };
    let (values, problems) = match refused {
        Some((rule, _, problems)) => (Some(rule), problems),
        None => (None, &[][..]),
    };
    let threshold_value = refused.map(|r| r.1.to_owned()).unwrap_or_default();
    let error_of = |name: &str| problems.iter().find(|p| p.field == name).map(|p| p.problem.clone());
    let value_of = |get: fn(&AlertRule) -> String| values.map(get).unwrap_or_default();
    let content = html! {
        h1 { (title) }
        @if saved { div class="notice" role="status" { p { (ctx.t("alerts-saved")) } } }
        @if !problems.is_empty() {
            div class="error" role="alert" {
                p { (ctx.t("alerts-refused")) }
                ul { @for p in problems { li { a href=(format!("#{}", p.field)) { (p.field) } ": " (p.problem) } } }
            }
        }
        p class="lead" { (ctx.t("alerts-lead")) }
        section aria-labelledby="raised-heading" {
            h2 id="raised-heading" { (ctx.t("alerts-raised")) }
            @if alerts.is_empty() {
                p { (ctx.t("alerts-none")) }
            } @else {
                div class="table-scroll" {
                    table class="list" {
                        caption { (ctx.t("alerts-raised")) }
                        thead { tr {
                            th scope="col" { (ctx.t("alerts-indicator")) }
                            th scope="col" { (ctx.t("alerts-area")) }
                            th scope="col" { (ctx.t("monitoring-period")) }
                            th scope="col" { (ctx.t("alerts-value")) }
                            th scope="col" { (ctx.t("alerts-threshold")) }
                            th scope="col" { (ctx.t("alerts-manager")) }
                            th scope="col" { (ctx.t("alerts-raised-at")) }
                        } }
                        tbody { @for a in &alerts { tr {
                            td {
                                a href=(ctx.href(&format!("/monitoring/{}{}", a.indicator,
                                    a.municipality.as_ref().map(|m| format!("?municipality={m}")).unwrap_or_default()))) {
                                    (indicator_name(&a.indicator))
                                }
                            }
                            td { (area(&a.municipality)) }
                            td { (period_label(&ctx, alert_period(&rules, a), a.period)) }
                            td { (figure(&a.indicator, a.value)) }
                            td { (threshold_text(&a.indicator, &a.direction, a.threshold)) }
                            td { (a.manager) }
                            td { (when(&ctx, a.raised_at)) }
                        } } }
                    }
                }
            }
        }
        section aria-labelledby="rules-heading" {
            h2 id="rules-heading" { (ctx.t("alerts-rules")) }
            @if rules.is_empty() {
                p { (ctx.t("alerts-rules-none")) }
            } @else {
                div class="table-scroll" {
                    table class="list" {
                        caption { (ctx.t("alerts-rules")) }
                        thead { tr {
                            th scope="col" { (ctx.t("alerts-id")) }
                            th scope="col" { (ctx.t("alerts-indicator")) }
                            th scope="col" { (ctx.t("alerts-area")) }
                            th scope="col" { (ctx.t("monitoring-period")) }
                            th scope="col" { (ctx.t("alerts-threshold")) }
                            th scope="col" { (ctx.t("alerts-manager")) }
                        } }
                        tbody { @for r in &rules { tr {
                            td { code { (r.id) } }
                            td { (indicator_name(&r.indicator)) }
                            td { (area(&r.municipality)) }
                            td { (ctx.t(&format!("monitoring-period-{}", r.period))) }
                            td { (threshold_text(&r.indicator, &r.direction, r.threshold)) }
                            td { (r.manager) }
                        } } }
                    }
                }
            }
            h3 { (ctx.t("alerts-add")) }
            form method="post" action=(ctx.href("/monitoring/alerts")) class="narrow" novalidate {
                input type="hidden" name="csrf" value=(csrf);
                (text_field(&ctx, "id", &value_of(|r| r.id.clone()), error_of("id"), "text", Some("alerts-id-hint")))
                label for="indicator" { (ctx.t("alerts-indicator")) }
                @if let Some(e) = error_of("indicator") { p class="field-error" id="indicator-error" { (e) } }
                select id="indicator" name="indicator" {
                    @for i in monitor::INDICATORS {
                        option value=(i.id) selected[values.is_some_and(|r| r.indicator == i.id)] { (i.name(lang)) }
                    }
                }
                label for="municipality" { (ctx.t("alerts-area")) }
                @if let Some(e) = error_of("municipality") { p class="field-error" id="municipality-error" { (e) } }
                select id="municipality" name="municipality" {
                    option value="" { (ctx.t("monitoring-county")) }
                    @for m in &municipalities {
                        option value=(m) selected[values.is_some_and(|r| r.municipality.as_ref() == Some(m))] {
                            (group_text(&ctx, Dim::Municipality, m))
                        }
                    }
                }
                label for="period" { (ctx.t("monitoring-period")) }
                select id="period" name="period" {
                    @for p in ["month", "week", "year"] {
                        option value=(p) selected[values.is_some_and(|r| r.period == p)] {
                            (ctx.t(&format!("monitoring-period-{p}")))
                        }
                    }
                }
                label for="direction" { (ctx.t("alerts-direction")) }
                select id="direction" name="direction" {
                    @for d in ["below", "above"] {
                        option value=(d) selected[values.is_some_and(|r| r.direction == d)] {
                            (ctx.t(&format!("alerts-direction-{d}")))
                        }
                    }
                }
                (text_field(&ctx, "threshold", &threshold_value, error_of("threshold"), "text", Some("alerts-threshold-hint")))
                (text_field(&ctx, "manager", &value_of(|r| r.manager.clone()), error_of("manager"), "email", Some("alerts-manager-hint")))
                button type="submit" { (ctx.t("alerts-save")) }
            }
        }
    };
    let status = if problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let markup: Markup = page(&ctx, &title, content);
    super::staff::with_cookie(respond(status, markup), cookie)
}

/// The kind of period an alert's number is (`yyyyww` and `yyyymm` look alike): its rule's.
fn alert_period(rules: &[AlertRule], alert: &app::monitoring::Alert) -> Option<Period> {
    rules.iter().find(|r| r.id == alert.rule).and_then(|r| Period::parse(&r.period))
}

/// A labelled input with its hint and, after a refusal, its problem.
fn text_field(ctx: &Ctx, name: &str, value: &str, error: Option<String>, kind: &str, hint: Option<&str>) -> Markup {
    let described: Vec<String> =
        [hint.map(|_| format!("{name}-hint")), error.as_ref().map(|_| format!("{name}-error"))]
            .into_iter()
            .flatten()
            .collect();
    html! {
        label for=(name) { (ctx.t(&format!("alerts-{name}"))) }
        @if let Some(h) = hint { p id=(format!("{name}-hint")) class="hint" { (ctx.t(h)) } }
        @if let Some(e) = &error { p class="field-error" id=(format!("{name}-error")) { (e) } }
        input type=(kind) id=(name) name=(name) value=(value) required
            aria-invalid=[error.as_ref().map(|_| "true")]
            aria-describedby=[(!described.is_empty()).then(|| described.join(" "))];
    }
}
