//! The administrator's notifications page (`/{lang}/admin/notifications`): the webhook and
//! e-mail subscriptions for producers' referral events, a form to add one (a webhook's
//! signing secret is shown once, on the page that answers the form), ending one, and the
//! dead letters with their last error and a button to replay each. Works without
//! JavaScript; every form carries the CSRF token; `app` decides who may.

use super::clients::{app_error, gate, organization_name, posted, see_other, when};
use super::{page, respond};
use crate::AppState;
use crate::session::{Acting, csrf_token};
use app::permit::Action;
use app::referrals::Subscription;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use domain::Lang;
use maud::{Markup, html};

pub async fn page_get(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(lang): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let lang = match gate(&state, &acting, &lang, Action::ManageNotifications) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    let done = query.as_deref().and_then(|q| q.strip_prefix("done=")).map(str::to_owned);
    render(&state, &acting, &headers, lang, done.as_deref(), None).await
}

async fn render(
    state: &AppState,
    acting: &Acting,
    headers: &HeaderMap,
    lang: Lang,
    done: Option<&str>,
    made: Option<&Subscription>,
) -> Response {
    let user = acting.user.as_ref();
    let subscriptions = match state.polku.subscriptions(user).await {
        Ok(s) => s,
        Err(e) => return app_error(state, acting, lang, e),
    };
    let dead = match state.polku.outbox(user, Some("dead")).await {
        Ok(d) => d,
        Err(e) => return app_error(state, acting, lang, e),
    };
    let (csrf, cookie) = csrf_token(headers, state.config.secure_cookies);
    let ctx = super::referrals::ctx(state, acting, lang, "/admin/notifications".into(), Some(&csrf));
    let mut orgs: Vec<(String, String)> = state
        .polku
        .snapshot()
        .catalog
        .organizations
        .values()
        .map(|o| (o.id.to_string(), o.name.show(lang).to_owned()))
        .collect();
    orgs.sort_by_key(|o| o.1.to_lowercase());
    let title = ctx.t("notifications-title");
    let content = html! {
        h1 { (title) }
        @if let Some(done) = done.filter(|d| matches!(*d, "added" | "ended" | "replayed")) {
            div class="notice" role="status" { p { (ctx.t(&format!("notifications-done-{done}"))) } }
        }
        @if let Some(s) = made.filter(|s| s.secret.is_some()) {
            div class="notice" role="status" {
                p { (ctx.t("notifications-done-added")) }
                p { (ctx.t("notifications-secret")) " " code { (s.secret.as_deref().unwrap_or_default()) } }
            }
        }
        p class="lead" { (ctx.t("notifications-lead")) }
        section aria-labelledby="subscriptions-heading" {
            h2 id="subscriptions-heading" { (ctx.t("notifications-subscriptions")) }
            @if subscriptions.is_empty() {
                p { (ctx.t("notifications-none")) }
            } @else {
                table class="list" {
                    caption { (ctx.t("notifications-subscriptions")) }
                    thead { tr {
                        th scope="col" { (ctx.t("notifications-organization")) }
                        th scope="col" { (ctx.t("notifications-kind")) }
                        th scope="col" { (ctx.t("notifications-target")) }
                        th scope="col" { (ctx.t("notifications-since")) }
                        th scope="col" { span class="visually-hidden" { (ctx.t("client-actions")) } }
                    } }
                    tbody { @for s in &subscriptions { tr {
                        td { (organization_name(state, lang, &s.organization)) }
                        td { (ctx.t(&format!("notifications-kind-{}", s.kind))) }
                        td { code { (s.target) } }
                        td { (when(&ctx, s.created_at)) }
                        td {
                            @if s.active {
                                form method="post" action=(ctx.href(&format!("/admin/notifications/{}/end", s.id))) class="inline" {
                                    input type="hidden" name="csrf" value=(csrf);
                                    button type="submit" class="secondary" { (ctx.t("notifications-end")) }
                                }
                            } @else {
                                (ctx.t("notifications-ended"))
                            }
                        }
                    } } }
                }
            }
            h3 { (ctx.t("notifications-add")) }
            form method="post" action=(ctx.href("/admin/notifications")) class="narrow" {
                input type="hidden" name="csrf" value=(csrf);
                label for="organization" { (ctx.t("notifications-organization")) }
                select id="organization" name="organization" required {
                    @for (id, name) in &orgs { option value=(id) { (name) } }
                }
                label for="kind" { (ctx.t("notifications-kind")) }
                select id="kind" name="kind" {
                    option value="webhook" { (ctx.t("notifications-kind-webhook")) }
                    option value="email" { (ctx.t("notifications-kind-email")) }
                }
                label for="target" { (ctx.t("notifications-target")) }
                input type="text" id="target" name="target" required maxlength="2000" aria-describedby="target-hint";
                p id="target-hint" class="hint" { (ctx.t("notifications-target-hint")) }
                button type="submit" { (ctx.t("notifications-add")) }
            }
        }
        section aria-labelledby="dead-heading" {
            h2 id="dead-heading" { (ctx.t("notifications-dead")) }
            p class="hint" { (ctx.t("notifications-dead-lead")) }
            @if dead.is_empty() {
                p { (ctx.t("notifications-dead-none")) }
            } @else {
                table class="list" {
                    caption { (ctx.t("notifications-dead")) }
                    thead { tr {
                        th scope="col" { (ctx.t("notifications-target")) }
                        th scope="col" { (ctx.t("notifications-event")) }
                        th scope="col" { (ctx.t("notifications-error")) }
                        th scope="col" { span class="visually-hidden" { (ctx.t("client-actions")) } }
                    } }
                    tbody { @for d in &dead { tr {
                        td { code { (d.target) } }
                        td { (d.event_id) " " (when(&ctx, d.created_at)) }
                        td { (d.last_error.as_deref().unwrap_or("–")) " (" (d.attempts) ")" }
                        td {
                            form method="post" action=(ctx.href(&format!("/admin/notifications/dead/{}/replay", d.id))) class="inline" {
                                input type="hidden" name="csrf" value=(csrf);
                                button type="submit" class="secondary" { (ctx.t("notifications-replay")) }
                            }
                        }
                    } } }
                }
            }
        }
    };
    let markup: Markup = page(&ctx, &title, content);
    super::staff::with_cookie(respond(StatusCode::OK, markup), cookie)
}

/// Adds a subscription; a webhook's secret is shown on the page that answers, once.
pub async fn add(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(lang): Path<String>,
    body: Bytes,
) -> Response {
    let (lang, form) = match posted(&state, &acting, &headers, &lang, &body, Action::ManageNotifications) {
        Ok(x) => x,
        Err(response) => return response,
    };
    let field = |name: &str| form.get(name).unwrap_or("").trim().to_owned();
    let made =
        state.polku.subscribe(acting.user.as_ref(), &field("organization"), &field("kind"), &field("target")).await;
    match made {
        Ok(s) if s.secret.is_some() => render(&state, &acting, &headers, lang, None, Some(&s)).await,
        Ok(_) => see_other(lang, "/admin/notifications?done=added"),
        Err(e) => app_error(&state, &acting, lang, e),
    }
}

/// What a row's button does.
#[derive(Clone, Copy)]
enum Button {
    End,
    Replay,
}

pub async fn end(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    button(state, acting, headers, lang, id, body, Button::End).await
}

pub async fn replay(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    button(state, acting, headers, lang, id, body, Button::Replay).await
}

/// Ends a subscription or replays a dead letter, then back to the page with the notice.
async fn button(
    state: AppState,
    acting: Acting,
    headers: HeaderMap,
    lang: String,
    id: String,
    body: Bytes,
    which: Button,
) -> Response {
    let (lang, _) = match posted(&state, &acting, &headers, &lang, &body, Action::ManageNotifications) {
        Ok(x) => x,
        Err(response) => return response,
    };
    let user = acting.user.as_ref();
    let (result, done) = match which {
        Button::End => (state.polku.unsubscribe(user, &id).await, "ended"),
        Button::Replay => (state.polku.replay(user, &id).await, "replayed"),
    };
    match result {
        Ok(()) => see_other(lang, &format!("/admin/notifications?done={done}")),
        Err(e) => app_error(&state, &acting, lang, e),
    }
}
