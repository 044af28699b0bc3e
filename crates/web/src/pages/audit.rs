//! The auditor's access-log search (a GET form; emergency accesses, "break the glass",
//! shown first as alerts) and the administrator's users page (roles and organisation,
//! set with a CSRF-protected form). Both go through `app`, which checks the role and logs
//! every search of the log.

use super::clients::{
    Errors, Posted, app_error, gate, message, organization_name, organizations, posted, see_other, select, summary,
    when, words,
};
use super::resident::{outcome, what, who, why};
use super::{Ctx, not_found_page, page, respond};
use crate::AppState;
use crate::params::Params;
use crate::session::{Acting, csrf_token};
use app::AppError;
use app::clients::{AuditFilter, AuditRow};
use app::permit::Action;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use domain::Lang;
use domain::client::{Basis, Role};
use maud::{Markup, html};

const AUDIT_FIELDS: [&str; 7] = ["client", "user", "from", "to", "basis", "outcome", "limit"];

pub async fn audit(
    State(state): State<AppState>,
    acting: Acting,
    Path(lang): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let lang = match gate(&state, &acting, &lang, Action::SearchAuditLog) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    let w = words(&state, lang);
    let params = Params::parse(query.as_deref());
    let filter = match &params {
        Ok(params) => crate::api::clients::audit_filter(params).map_err(|e| {
            e.details
                .iter()
                .map(|d| {
                    let field = if AUDIT_FIELDS.contains(&d.field.as_str()) { d.field.as_str() } else { "client" };
                    (field.to_owned(), message(&w, &format!("audit-error-{field}")))
                })
                .collect::<Errors>()
        }),
        Err(_) => Err(vec![("client".to_owned(), message(&w, "form-unreadable"))]),
    };
    let params = params.unwrap_or_default();
    let user = acting.user.as_ref();
    let (rows, alerts, errors) = match filter {
        Ok(filter) => {
            // The search first, so that it does not find the log row of the alerts' search.
            let rows = match state.polku.search_audit(user, &acting.meta, &filter).await {
                Ok(rows) => rows,
                Err(e) => return app_error(&state, &acting, lang, e),
            };
            let emergencies = AuditFilter { basis: Some(Basis::Emergency), outcome: None, limit: 50, ..filter };
            match state.polku.search_audit(user, &acting.meta, &emergencies).await {
                Ok(alerts) => (rows, alerts, Errors::new()),
                Err(e) => return app_error(&state, &acting, lang, e),
            }
        }
        Err(errors) => (Vec::new(), Vec::new(), errors),
    };
    let rest = match &query {
        Some(q) if !q.is_empty() => format!("/audit?{q}"),
        _ => "/audit".to_owned(),
    };
    let ctx = Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest,
        user,
        csrf: acting.csrf.as_deref(),
    };
    let v = |name: &str| params.get(name).unwrap_or("").to_owned();
    let bases: Vec<(String, String)> =
        Basis::ALL.iter().map(|b| (b.as_str().to_owned(), ctx.t(&format!("log-basis-{}", b.as_str())))).collect();
    let outcomes: Vec<(String, String)> = ["ok", "refused", "not_found", "conflict"]
        .iter()
        .map(|o| ((*o).to_owned(), ctx.t(&format!("log-outcome-{}", o.replace('_', "-")))))
        .collect();
    let title = ctx.t("audit-title");
    let text = |name: &str, label: &str, kind: &str| {
        super::clients::input(&errors, "audit", name, ctx.t(label), kind, &v(name), false, None)
    };
    let content = html! {
        h1 { (title) }
        @if !alerts.is_empty() {
            section aria-labelledby="alerts-heading" class="error" role="alert" {
                h2 id="alerts-heading" { (ctx.ta("audit-alerts", &[("count", alerts.len().into())])) }
                ul class="alerts" {
                    @for row in &alerts {
                        li class="alert" {
                            strong { (when(&ctx, row.at)) } ": " (row.username) " – " (row.client.as_deref().unwrap_or("–")) " – "
                            (what(&ctx, row)) " – " (why(&ctx, row))
                        }
                    }
                }
            }
        }
        form method="get" action=(ctx.href("/audit")) class="search" {
            (summary(&ctx, "audit", &errors))
            (text("client", "audit-client", "text"))
            (text("user", "audit-user", "text"))
            (text("from", "audit-from", "date"))
            (text("to", "audit-to", "date"))
            (select(&errors, "audit", "basis", ctx.t("log-why"), &bases, &v("basis"), Some(ctx.t("audit-any"))))
            (select(&errors, "audit", "outcome", ctx.t("log-outcome"), &outcomes, &v("outcome"), Some(ctx.t("audit-any"))))
            (text("limit", "audit-limit", "number"))
            button type="submit" { (ctx.t("audit-search")) }
        }
        @if errors.is_empty() { (results(&ctx, &state, &rows)) }
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
    respond(status, page(&ctx, &title, content))
}

fn results(ctx: &Ctx, state: &AppState, rows: &[AuditRow]) -> Markup {
    html! {
        @if rows.is_empty() {
            p { (ctx.t("audit-none")) }
        } @else {
            table class="list" {
                caption { (ctx.ta("audit-count", &[("count", rows.len().into())])) }
                thead { tr {
                    th scope="col" { (ctx.t("log-when")) }
                    th scope="col" { (ctx.t("log-who")) }
                    th scope="col" { (ctx.t("audit-client")) }
                    th scope="col" { (ctx.t("log-what")) }
                    th scope="col" { (ctx.t("log-why")) }
                    th scope="col" { (ctx.t("log-outcome")) }
                    th scope="col" { (ctx.t("audit-from-where")) }
                } }
                tbody { @for row in rows { tr {
                    td { (when(ctx, row.at)) }
                    td { (who(ctx, state, row, None)) }
                    td { (row.client.as_deref().unwrap_or("–")) }
                    td { (what(ctx, row)) }
                    td { (why(ctx, row)) }
                    td { (outcome(ctx, row)) }
                    td { (row.address) " " span class="hint" { (row.request_id) } }
                } } }
            }
        }
    }
}

// ---------------------------------------------------------------- users and roles

fn role_names(ctx: &Ctx, roles: &[Role]) -> String {
    roles.iter().map(|r| ctx.t(&format!("role-{}", r.as_str()))).collect::<Vec<_>>().join(", ")
}

pub async fn users(
    State(state): State<AppState>,
    acting: Acting,
    Path(lang): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let lang = match gate(&state, &acting, &lang, Action::ManageUsers) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    let Some(actor) = acting.actor() else { return see_other(lang, "/login") };
    let users = match state.polku.users(&actor).await {
        Ok(users) => users,
        Err(e) => return app_error(&state, &acting, lang, e),
    };
    let ctx = Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest: "/admin/users".into(),
        user: acting.user.as_ref(),
        csrf: acting.csrf.as_deref(),
    };
    let title = ctx.t("users-title");
    let content = html! {
        h1 { (title) }
        (super::clients::done_notice(&ctx, query.as_deref(), &["roles-set"]))
        table class="list" {
            caption { (ctx.ta("users-count", &[("count", users.len().into())])) }
            thead { tr {
                th scope="col" { (ctx.t("users-username")) }
                th scope="col" { (ctx.t("users-name")) }
                th scope="col" { (ctx.t("users-roles")) }
                th scope="col" { (ctx.t("client-organization")) }
                th scope="col" { (ctx.t("users-sign-in")) }
            } }
            tbody { @for u in &users { tr {
                th scope="row" {
                    @if u.roles.contains(&Role::Resident) { (u.username) }
                    @else { a href=(ctx.href(&format!("/admin/users/{}", u.username))) { (u.username) } }
                }
                td { (u.display_name.as_deref().unwrap_or("")) }
                td { (role_names(&ctx, &u.roles)) }
                td { (u.organization.as_deref().map(|o| organization_name(&state, lang, o)).unwrap_or_default()) }
                td { (u.issuer.as_deref().unwrap_or("local")) }
            } } }
        }
    };
    respond(StatusCode::OK, page(&ctx, &title, content))
}

pub async fn user_form(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, username)): Path<(String, String)>,
) -> Response {
    let lang = match gate(&state, &acting, &lang, Action::ManageUsers) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    user_page(&state, &acting, &headers, lang, &username, StatusCode::OK, None).await
}

async fn user_page(
    state: &AppState,
    acting: &Acting,
    headers: &HeaderMap,
    lang: Lang,
    username: &str,
    status: StatusCode,
    posted: Option<Posted>,
) -> Response {
    let Some(actor) = acting.actor() else { return see_other(lang, "/login") };
    let user = match state.polku.users(&actor).await {
        Ok(users) => users.into_iter().find(|u| u.username == username && !u.roles.contains(&Role::Resident)),
        Err(e) => return app_error(state, acting, lang, e),
    };
    let Some(user) = user else { return not_found_page(state, lang, acting.user.as_ref()) };
    let (csrf, cookie) = csrf_token(headers, state.config.secure_cookies);
    let ctx = Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest: format!("/admin/users/{username}"),
        user: acting.user.as_ref(),
        csrf: Some(&csrf),
    };
    let posted = posted.as_ref();
    let none = Errors::new();
    let errors = posted.map_or(&none, |p| &p.errors);
    let has = |role: Role| match posted {
        Some(p) => p.form.all("roles").any(|r| r == role.as_str()),
        None => user.roles.contains(&role),
    };
    let organization = match posted {
        Some(p) => p.form.get("organization").unwrap_or("").to_owned(),
        None => user.organization.clone().unwrap_or_default(),
    };
    let title = ctx.ta("users-edit", &[("user", username.to_owned().into())]);
    let content = html! {
        p class="back" { a href=(ctx.href("/admin/users")) { (ctx.t("users-back")) } }
        h1 { (title) }
        p class="hint" { (ctx.t("users-edit-hint")) }
        (summary(&ctx, "user", errors))
        form method="post" action=(ctx.href(&format!("/admin/users/{username}"))) class="narrow" {
            input type="hidden" name="csrf" value=(csrf);
            fieldset id="user-roles" {
                legend { (ctx.t("users-roles")) }
                @for role in Role::ALL.into_iter().filter(|r| *r != Role::Resident) {
                    div class="field check" {
                        input type="checkbox" id=(format!("user-role-{}", role.as_str())) name="roles" value=(role.as_str()) checked[has(role)];
                        label for=(format!("user-role-{}", role.as_str())) { (ctx.t(&format!("role-{}", role.as_str()))) }
                    }
                }
                @if let Some((_, error)) = errors.iter().find(|(f, _)| f == "roles") { p class="field-error" { (error) } }
            }
            (select(errors, "user", "organization", ctx.t("client-organization"), &organizations(state, lang), &organization, Some(ctx.t("users-no-organization"))))
            button type="submit" { (ctx.t("form-save")) }
        }
    };
    super::staff::with_cookie(respond(status, page(&ctx, &title, content)), cookie)
}

pub async fn set_roles(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, username)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let (lang, form) = match posted(&state, &acting, &headers, &lang, &body, Action::ManageUsers) {
        Ok(x) => x,
        Err(response) => return response,
    };
    let Some(actor) = acting.actor() else { return see_other(lang, "/login") };
    let w = words(&state, lang);
    let mut errors = Errors::new();
    let mut roles = Vec::new();
    for name in form.all("roles") {
        match Role::parse(name).filter(|r| *r != Role::Resident) {
            Some(role) => roles.push(role),
            None => errors.push(("roles".into(), message(&w, "client-error-roles"))),
        }
    }
    let organization = match form.get("organization") {
        None => None,
        Some(org) if state.polku.snapshot().catalog.organizations.contains_key(org) => domain::Id::parse(org).ok(),
        Some(_) => {
            errors.push(("organization".into(), message(&w, "client-error-organization")));
            None
        }
    };
    let again = |errors: Errors, form: Params| Some(Posted { which: "user", form, errors });
    if !errors.is_empty() {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return user_page(&state, &acting, &headers, lang, &username, status, again(errors, form)).await;
    }
    match state.polku.set_roles(&actor, &username, &roles, organization.as_ref()).await {
        Ok(()) => see_other(lang, "/admin/users?done=roles-set"),
        Err(AppError::Invalid(problems)) => {
            let errors = problems
                .iter()
                .map(|p| {
                    let field = if p.field == "organization" { "organization" } else { "roles" };
                    let id = if field == "organization" { "users-error-organization" } else { "client-error-roles" };
                    (field.to_owned(), message(&w, id))
                })
                .collect();
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            user_page(&state, &acting, &headers, lang, &username, status, again(errors, form)).await
        }
        Err(e) => app_error(&state, &acting, lang, e),
    }
}
