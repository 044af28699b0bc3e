//! The producer's feedback queue (`/{lang}/feedback`): residents' feedback on the units of
//! the professional's organisation (a catalog editor's: every producer's), newest first,
//! open ones with a form to mark them handled. `app::feedback` decides who reads what.

use super::clients::{app_error, gate, posted, see_other, when};
use super::staff::with_cookie;
use super::view::text;
use super::{Ctx, page, respond};
use crate::AppState;
use crate::session::{Acting, csrf_token};
use app::permit::Action;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::html;

pub async fn queue(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(lang): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let lang = match gate(&state, &acting, &lang, Action::ReadFeedback) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    let items = match state.polku.feedback_queue(acting.user.as_ref()).await {
        Ok(items) => items,
        Err(e) => return app_error(&state, &acting, lang, e),
    };
    let (csrf, cookie) = csrf_token(&headers, state.config.secure_cookies);
    let ctx = Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest: "/feedback".into(),
        user: acting.user.as_ref(),
        csrf: Some(&csrf),
    };
    let snapshot = state.polku.snapshot();
    let catalog = &snapshot.catalog;
    let open = items.iter().filter(|f| f.handled_at.is_none()).count();
    let title = ctx.t("feedback-queue-title");
    let content = html! {
        h1 { (title) }
        p class="lead" { (ctx.t("feedback-queue-lead")) }
        @if query.as_deref() == Some("done=handled") { p class="notice" role="status" { (ctx.t("feedback-queue-handled-done")) } }
        p { (ctx.ta("feedback-queue-count", &[("open", open.into()), ("total", items.len().into())])) }
        @if items.is_empty() { p { (ctx.t("feedback-queue-empty")) } }
        ol class="cards feedback-queue" {
            @for f in &items {
                li class="card" {
                    h2 {
                        @match catalog.units.get(f.unit.as_str()) {
                            Some(unit) => { a href=(ctx.href(&format!("/units/{}", f.unit))) { (text(&ctx, &unit.name)) } }
                            None => { (f.unit) }
                        }
                    }
                    p class="meta" {
                        (when(&ctx, f.created_at)) " · " (ctx.t(&format!("language-{}", f.lang)))
                        @if ctx.user.is_some_and(|u| u.has(domain::client::Role::CatalogEditor)) {
                            @if let Some(org) = catalog.organizations.get(f.organization.as_str()) { " · " (text(&ctx, &org.name)) }
                        }
                    }
                    blockquote lang=(f.lang) { @for para in f.message.split("\n\n").filter(|p| !p.trim().is_empty()) { p { (para.trim()) } } }
                    p { (ctx.t("feedback-contact")) ": " @match &f.contact { Some(c) => { (c) } None => { (ctx.t("feedback-queue-no-contact")) } } }
                    @match (&f.handled_at, &f.handled_by) {
                        (Some(at), by) => {
                            p class="badge open" { (ctx.ta("feedback-queue-handled", &[("when", when(&ctx, *at).into()), ("by", by.clone().unwrap_or_default().into())])) }
                        }
                        (None, _) => {
                            form method="post" action=(ctx.href(&format!("/feedback/{}/handled", f.id))) class="inline" {
                                input type="hidden" name="csrf" value=(csrf);
                                button type="submit" { (ctx.t("feedback-queue-mark")) }
                            }
                        }
                    }
                }
            }
        }
    };
    with_cookie(respond(StatusCode::OK, page(&ctx, &title, content)), cookie)
}

/// `POST /{lang}/feedback/{id}/handled`: marks it handled, back to the queue.
pub async fn handled(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let (lang, _form) = match posted(&state, &acting, &headers, &lang, &body, Action::ReadFeedback) {
        Ok(x) => x,
        Err(response) => return response,
    };
    match state.polku.handle_feedback(acting.user.as_ref(), &id).await {
        Ok(()) => see_other(lang, "/feedback?done=handled"),
        Err(e) => app_error(&state, &acting, lang, e),
    }
}
