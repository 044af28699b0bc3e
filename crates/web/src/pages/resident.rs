//! A resident's own pages: their data (`/me`: identity, facts, consents they may
//! withdraw, referrals) and "who has looked at my data" (`/me/log`), the access log of
//! their record in plain words: when, who (user, roles, organisation), what, why (the
//! lawful basis) and the outcome. Every read is a logged access through `app`.

use super::clients::{
    app_error, consent_status, fact_label, fact_value, gate, identity, organization_name, posted, read, read_parts,
    scopes, see_other, when,
};
use super::{Ctx, forbidden_page, page, respond};
use crate::AppState;
use crate::session::{Acting, csrf_token};
use app::AppError;
use app::clients::{Answer, AuditRow, Op};
use app::permit::Action;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use domain::Lang;
use domain::client::Record;
use maud::{Markup, html};

/// The resident's own client id, or the page to send instead.
#[allow(clippy::result_large_err)] // the error is the response to send
pub(super) fn own(state: &AppState, acting: &Acting, lang: &str) -> Result<(Lang, String), Response> {
    let lang = gate(state, acting, lang, Action::ReadOwnAccessLog)?;
    match acting.user.as_ref().and_then(|u| u.client.clone()) {
        Some(id) => Ok((lang, id)),
        None => Err(forbidden_page(state, acting, lang, Action::ReadOwnAccessLog)),
    }
}

pub async fn me(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(lang): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let (lang, id) = match own(&state, &acting, &lang) {
        Ok(x) => x,
        Err(response) => return response,
    };
    let record = match read(&state, &acting, &id, Record::Identity).await {
        Ok(Answer::Client(record)) => record,
        Ok(_) => return app_error(&state, &acting, lang, AppError::Internal("unexpected answer".into())),
        Err(e) => return app_error(&state, &acting, lang, e),
    };
    let parts = match read_parts(&state, &acting, &id).await {
        Ok(parts) => parts,
        Err(e) => return app_error(&state, &acting, lang, e),
    };
    let (csrf, cookie) = csrf_token(&headers, state.config.secure_cookies);
    let ctx = Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest: "/me".into(),
        user: acting.user.as_ref(),
        csrf: Some(&csrf),
    };
    let today = state.polku.clock().today();
    let title = ctx.t("me-title");
    let refused =
        |reason: &str| html! { p class="notice" { (ctx.t("client-part-refused")) " " span lang="en" { (reason) } } };
    let content = html! {
        h1 { (title) }
        (super::clients::done_notice(&ctx, query.as_deref(), &["consent-withdrawn"]))
        p { a href=(ctx.href("/me/log")) { (ctx.t("me-log-title")) } }
        p { a href=(ctx.href("/me/path")) { (ctx.t("me-path-link")) } }
        p { a href=(ctx.href("/me/navigation")) { (ctx.t("nav-me-link")) } }
        section aria-labelledby="identity-heading" {
            h2 id="identity-heading" { (ctx.t("client-identity")) }
            (identity(&ctx, &record))
        }
        section aria-labelledby="facts-heading" {
            h2 id="facts-heading" { (ctx.t("client-facts")) }
            @match &parts.facts {
                Err(reason) => { (refused(reason)) }
                Ok(rows) if rows.is_empty() => { p { (ctx.t("client-facts-none")) } }
                Ok(rows) => {
                    ul { @for f in rows {
                        li { (fact_label(&ctx, &f.fact)) ": " (fact_value(&ctx, &f.fact, &f.value))
                            " (" (ctx.ta("me-recorded", &[("user", f.recorded_by.clone().into()), ("when", when(&ctx, f.recorded_at).into())])) ")" }
                    } }
                }
            }
        }
        section aria-labelledby="consents-heading" {
            h2 id="consents-heading" { (ctx.t("client-consents")) }
            p class="hint" { (ctx.t("me-consents-hint")) }
            @match &parts.consents {
                Err(reason) => { (refused(reason)) }
                Ok(rows) if rows.is_empty() => { p { (ctx.t("client-consents-none")) } }
                Ok(rows) => {
                    table class="list" {
                        caption { (ctx.t("client-consents")) }
                        thead { tr {
                            th scope="col" { (ctx.t("client-organization")) }
                            th scope="col" { (ctx.t("client-scopes")) }
                            th scope="col" { (ctx.t("client-valid-until")) }
                            th scope="col" { (ctx.t("client-status")) }
                            th scope="col" { span class="visually-hidden" { (ctx.t("client-actions")) } }
                        } }
                        tbody { @for c in rows { tr {
                            td { (organization_name(&state, lang, &c.organization)) }
                            td { (scopes(&ctx, &c.scopes)) }
                            td { (super::view::date(&ctx, c.valid_until)) }
                            td { (consent_status(&ctx, c, today)) }
                            td {
                                @if c.withdrawn_at.is_none() {
                                    form method="post" action=(ctx.href(&format!("/me/consents/{}/withdraw", c.id))) class="inline" {
                                        input type="hidden" name="csrf" value=(csrf);
                                        button type="submit" class="secondary" { (ctx.t("client-withdraw")) }
                                    }
                                }
                            }
                        } } }
                    }
                }
            }
        }
        section aria-labelledby="referrals-heading" {
            h2 id="referrals-heading" { (ctx.t("client-referrals")) }
            @match &parts.referrals {
                Err(reason) => { (refused(reason)) }
                Ok(rows) if rows.is_empty() => { p { (ctx.t("client-referrals-none")) } }
                Ok(rows) => {
                    ul { @for r in rows {
                        li {
                            (organization_name(&state, lang, &r.to_organization)) ", " (when(&ctx, r.created_at)) ": "
                            (r.status.name(lang))
                        }
                    } }
                }
            }
        }
    };
    super::staff::with_cookie(respond(StatusCode::OK, page(&ctx, &title, content)), cookie)
}

pub async fn withdraw(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, consent)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let (lang, _) = match posted(&state, &acting, &headers, &lang, &body, Action::ManageConsent) {
        Ok(x) => x,
        Err(response) => return response,
    };
    let Some(id) = acting.user.as_ref().and_then(|u| u.client.clone()) else {
        return forbidden_page(&state, &acting, lang, Action::ReadOwnAccessLog);
    };
    let op = Op::WithdrawConsent(consent);
    match state.polku.client_access(acting.user.as_ref(), &acting.meta, &id, op).await {
        Ok(_) => see_other(lang, "/me?done=consent-withdrawn"),
        Err(e) => app_error(&state, &acting, lang, e),
    }
}

pub async fn log(State(state): State<AppState>, acting: Acting, Path(lang): Path<String>) -> Response {
    let (lang, id) = match own(&state, &acting, &lang) {
        Ok(x) => x,
        Err(response) => return response,
    };
    let mut rows = match read(&state, &acting, &id, Record::AccessLog).await {
        Ok(Answer::Log(rows)) => rows,
        Ok(_) => return app_error(&state, &acting, lang, AppError::Internal("unexpected answer".into())),
        Err(e) => return app_error(&state, &acting, lang, e),
    };
    rows.sort_by_key(|r| std::cmp::Reverse(r.seq));
    let me = acting.user.as_ref().map(|u| u.username.clone()).unwrap_or_default();
    let ctx = Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest: "/me/log".into(),
        user: acting.user.as_ref(),
        csrf: acting.csrf.as_deref(),
    };
    let title = ctx.t("me-log-title");
    let content = html! {
        p class="back" { a href=(ctx.href("/me")) { (ctx.t("me-back")) } }
        h1 { (title) }
        p class="lead" { (ctx.t("me-log-lead")) }
        @if rows.is_empty() {
            p { (ctx.t("me-log-none")) }
        } @else {
            table class="list" {
                caption { (ctx.ta("me-log-count", &[("count", rows.len().into())])) }
                thead { tr {
                    th scope="col" { (ctx.t("log-when")) }
                    th scope="col" { (ctx.t("log-who")) }
                    th scope="col" { (ctx.t("log-what")) }
                    th scope="col" { (ctx.t("log-why")) }
                    th scope="col" { (ctx.t("log-outcome")) }
                } }
                tbody { @for row in &rows { tr {
                    td { (when(&ctx, row.at)) }
                    td { (who(&ctx, &state, row, Some(&me))) }
                    td { (what(&ctx, row)) }
                    td { (why(&ctx, row)) }
                    td { (outcome(&ctx, row)) }
                } } }
            }
        }
    };
    respond(StatusCode::OK, page(&ctx, &title, content))
}

/// Who: the user, their roles in words, their organisation's name when the catalog knows it.
pub(super) fn who(ctx: &Ctx, state: &AppState, row: &AuditRow, me: Option<&str>) -> Markup {
    let roles: Vec<String> = row
        .roles
        .split(',')
        .filter_map(domain::client::Role::parse)
        .map(|r| ctx.t(&format!("role-{}", r.as_str())))
        .collect();
    html! {
        @if me == Some(row.username.as_str()) { (ctx.t("log-you")) } @else { (row.username) }
        @if !roles.is_empty() { " (" (roles.join(", ")) ")" }
        @if let Some(org) = &row.organization { br; (organization_name(state, ctx.lang, org)) }
    }
}

const FIELD_WORDS: [&str; 12] = [
    "hetu",
    "name",
    "municipality",
    "language",
    "interpreter",
    "contact",
    "navigator",
    "facts",
    "consents",
    "referrals",
    "access_log",
    "emergency_access",
];

/// What: the part of the record, read or changed, and its fields in plain words.
pub(super) fn what(ctx: &Ctx, row: &AuditRow) -> String {
    let record = match row.record.as_str() {
        r @ ("identity" | "facts" | "consents" | "referrals" | "access_log") => ctx.t(&format!("log-record-{r}")),
        other => other.to_owned(),
    };
    let action = ctx.t(if row.action == "write" { "log-action-write" } else { "log-action-read" });
    let fields: Vec<String> = row
        .fields
        .split(',')
        .filter(|f| !f.is_empty())
        .map(|field| match field.split_once(':') {
            Some(("consent", _)) => ctx.t("log-field-consent"),
            Some(("referral", _)) => ctx.t("log-field-referral"),
            Some(("search", _)) => ctx.t("log-field-search"),
            Some(("pseudonymous", _)) => ctx.t("log-field-pseudonymous"),
            _ if FIELD_WORDS.contains(&field) => ctx.t(&format!("log-field-{field}")),
            _ => fact_label(ctx, field),
        })
        .collect();
    format!("{action}: {record} ({})", fields.join(", "))
}

/// Why: the lawful basis in plain words, with the reason given for emergency access.
pub(super) fn why(ctx: &Ctx, row: &AuditRow) -> Markup {
    let basis = match row.basis.as_str() {
        b @ ("own"
        | "client_relationship"
        | "referral"
        | "consent"
        | "emergency"
        | "none"
        | "audit"
        | "pseudonymous") => ctx.t(&format!("log-basis-{b}")),
        other => other.to_owned(),
    };
    html! {
        (basis)
        @if let Some(reason) = &row.reason { ": “" (reason) "”" }
    }
}

pub(super) fn outcome(ctx: &Ctx, row: &AuditRow) -> String {
    match row.outcome.as_str() {
        o @ ("ok" | "refused" | "not_found" | "conflict") => ctx.t(&format!("log-outcome-{}", o.replace('_', "-"))),
        other => other.to_owned(),
    }
}
