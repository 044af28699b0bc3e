//! Service paths as pages: the producer's referral inbox sorted by deadline, the
//! navigator's referrals with the broken paths of their clients, one referral with its
//! deadlines, history and a form for each state it may move to, and the client's path
//! (for staff, and for the resident as `/me/path`).
//!
//! Every read and change goes through `app` (`Polku::inbox`, `sent`, `broken_paths`,
//! `referral`, `transition`, `path`), which decides who may do what, runs the state
//! machine and logs the access. The pages only offer the changes a person can plausibly
//! make; `app` still decides. Forms carry a CSRF token and the version they were read at,
//! so that a change made meanwhile by someone else is refused and said so (409).

use super::clients::{
    Errors, Posted, app_error, client_id, done_notice, fact_label, gate, input, message, organization_name, posted,
    see_other, select, service_name, summary, when, words,
};
use super::{Ctx, not_found_page, page, respond};
use crate::AppState;
use crate::params::Params;
use crate::session::{Acting, csrf_token};
use app::AppError;
use app::clients::{Answer, Op};
use app::permit::{Action, allowed};
use app::referrals::{InboxItem, Parties, ReferralRecord, Urgency};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::NaiveDate;
use domain::Lang;
use domain::client::{Record, Role};
use domain::referral::{Outcome, OutcomeKind, Reason, Side, Status};
use maud::{Markup, html};

/// Rows on one page of the inbox.
const PAGE: usize = 50;
/// Broken paths named on the navigator's page (each name is a logged read).
const BROKEN_SHOWN: usize = 50;

pub(super) fn ctx<'a>(
    state: &'a AppState,
    acting: &'a Acting,
    lang: Lang,
    rest: String,
    csrf: Option<&'a str>,
) -> Ctx<'a> {
    Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest,
        user: acting.user.as_ref(),
        csrf: csrf.or(acting.csrf.as_deref()),
    }
}

/// Staff pages: a resident who comes here is sent to their own path.
fn resident_elsewhere(acting: &Acting, lang: Lang) -> Option<Response> {
    acting.user.as_ref().filter(|u| !u.is_staff()).map(|_| see_other(lang, "/me/path"))
}

/// The first deadline with a visible word and a class for overdue and soon due.
fn due(ctx: &Ctx, item: &InboxItem, today: NaiveDate) -> Markup {
    let badge = match item.urgency(today) {
        Urgency::Overdue => Some(("badge overdue", ctx.t("referrals-overdue"))),
        Urgency::Soon => Some(("badge soon", ctx.t("referrals-soon"))),
        Urgency::Later | Urgency::None => None,
    };
    html! {
        @match item.due_on {
            Some(d) => { (super::view::date(ctx, d)) }
            None => { (ctx.t("referrals-no-due")) }
        }
        @if let Some((class, word)) = badge { " " span class=(class) { (word) } }
    }
}

fn row_class(item: &InboxItem, today: NaiveDate) -> Option<&'static str> {
    match item.urgency(today) {
        Urgency::Overdue => Some("overdue"),
        Urgency::Soon => Some("soon"),
        _ => None,
    }
}

// ---------------------------------------------------------------- the producer's inbox

pub async fn inbox(
    State(state): State<AppState>,
    acting: Acting,
    Path(lang): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(response) = Lang::parse(&lang).and_then(|lang| resident_elsewhere(&acting, lang)) {
        return response;
    }
    let lang = match gate(&state, &acting, &lang, Action::CloseReferral) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    let params = Params::parse(query.as_deref()).unwrap_or_default();
    let after = match (params.date("after_due").ok().flatten(), params.get("after_id")) {
        (Some(due), Some(id)) => Some((due, id.to_owned())),
        _ => None,
    };
    let list = match state.polku.inbox(acting.user.as_ref(), &acting.meta, None, after.as_ref(), PAGE).await {
        Ok(list) => list,
        Err(e) => return app_error(&state, &acting, lang, e),
    };
    let rest = match query.as_deref() {
        Some(q) if !q.is_empty() => format!("/referrals?{q}"),
        _ => "/referrals".to_owned(),
    };
    let ctx = ctx(&state, &acting, lang, rest, None);
    let today = state.polku.clock().today();
    let next = (list.len() == PAGE).then(|| list.last()).flatten().map(|last| {
        let due = last.due_on.map_or_else(|| "9999-12-31".to_owned(), |d| d.to_string());
        format!("/referrals?after_due={due}&after_id={}", last.id)
    });
    let title = ctx.t("referrals-title");
    let content = html! {
        h1 { (title) }
        (done_notice(&ctx, query.as_deref(), &["referral-changed"]))
        p class="lead" { (ctx.t("referrals-lead")) }
        @if acting.user.as_ref().is_some_and(|u| allowed(u, Action::Refer)) {
            p { a href=(ctx.href("/referrals/sent")) { (ctx.t("nav-referrals-sent")) } }
        }
        @if list.is_empty() {
            p { (ctx.t(if after.is_some() { "referrals-none-more" } else { "referrals-none" })) }
        } @else {
            table class="list" {
                caption { (ctx.ta("referrals-count", &[("count", list.len().into())])) }
                thead { tr {
                    th scope="col" { (ctx.t("referrals-service")) }
                    th scope="col" { (ctx.t("referrals-from")) }
                    th scope="col" { (ctx.t("referrals-status")) }
                    th scope="col" { (ctx.t("referrals-due")) }
                    th scope="col" { (ctx.t("referrals-requested")) }
                    th scope="col" { span class="visually-hidden" { (ctx.t("client-actions")) } }
                } }
                tbody { @for item in &list { tr class=[row_class(item, today)] {
                    td { (service_name(&state, lang, &item.service)) }
                    td { (item.from_organization.as_deref().map(|o| organization_name(&state, lang, o)).unwrap_or_else(|| "–".into())) }
                    td { (item.status.name(lang)) }
                    td { (due(&ctx, item, today)) }
                    td { (item.requested_at.map(|at| when(&ctx, at)).unwrap_or_else(|| "–".into())) }
                    td { a href=(ctx.href(&format!("/referrals/{}", item.id))) { (ctx.t("referrals-open")) } }
                } } }
            }
        }
        @if next.is_some() || after.is_some() {
            nav aria-label=(ctx.t("referrals-pages")) {
                ul class="pager" {
                    @if after.is_some() { li { a href=(ctx.href("/referrals")) { (ctx.t("referrals-first")) } } }
                    @if let Some(next) = &next { li { a href=(ctx.href(next)) rel="next" { (ctx.t("referrals-next")) } } }
                }
            }
        }
    };
    respond(StatusCode::OK, page(&ctx, &title, content))
}

// ---------------------------------------------------------------- the navigator's referrals

pub async fn sent(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(lang): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(response) = Lang::parse(&lang).and_then(|lang| resident_elsewhere(&acting, lang)) {
        return response;
    }
    let lang = match gate(&state, &acting, &lang, Action::Refer) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    let user = acting.user.as_ref();
    let list = match state.polku.sent(user, &acting.meta).await {
        Ok(list) => list,
        Err(e) => return app_error(&state, &acting, lang, e),
    };
    let broken = match state.polku.broken_paths(user, &acting.meta).await {
        Ok(list) => list,
        Err(e) => return app_error(&state, &acting, lang, e),
    };
    // The clients' names, each a logged read of their identity; unnamed when refused.
    let mut names: Vec<Option<String>> = Vec::new();
    for b in broken.iter().take(BROKEN_SHOWN) {
        let name = match state.polku.client_access(user, &acting.meta, &b.client, Op::Read(Record::Identity)).await {
            Ok(Answer::Client(r)) => Some(format!("{}, {}", r.details.family_name, r.details.given_name)),
            _ => None,
        };
        names.push(name);
    }
    let (csrf, cookie) = csrf_token(&headers, state.config.secure_cookies);
    let ctx = ctx(&state, &acting, lang, "/referrals/sent".into(), Some(&csrf));
    let today = state.polku.clock().today();
    let title = ctx.t("referrals-sent-title");
    let content = html! {
        h1 { (title) }
        (done_notice(&ctx, query.as_deref(), &["path-resolved"]))
        p class="lead" { (ctx.t("referrals-sent-lead")) }
        @if user.is_some_and(|u| allowed(u, Action::CloseReferral) && u.organization.is_some()) {
            p { a href=(ctx.href("/referrals")) { (ctx.t("nav-referrals")) } }
        }
        section aria-labelledby="broken-heading" {
            h2 id="broken-heading" { (ctx.t("referrals-broken-title")) }
            p class="hint" { (ctx.t("referrals-broken-lead")) }
            @if broken.is_empty() {
                p { (ctx.t("referrals-broken-none")) }
            } @else {
                table class="list" {
                    caption { (ctx.t("referrals-broken-title")) }
                    thead { tr {
                        th scope="col" { (ctx.t("referrals-client")) }
                        th scope="col" { (ctx.t("referrals-broken-referral")) }
                        th scope="col" { (ctx.t("referrals-broken-since")) }
                        th scope="col" { (ctx.t("referrals-resolve")) }
                    } }
                    tbody { @for (i, b) in broken.iter().take(BROKEN_SHOWN).enumerate() { tr class="overdue" {
                        td { a href=(ctx.href(&format!("/clients/{}", b.client))) {
                            (names.get(i).cloned().flatten().unwrap_or_else(|| ctx.t("clients-unavailable")))
                        } }
                        td { a href=(ctx.href(&format!("/referrals/{}", b.referral))) { (b.status.name(lang)) } }
                        td { (when(&ctx, b.since)) }
                        td {
                            form method="post" action=(ctx.href(&format!("/clients/{}/path/resolve", b.client))) class="inline" {
                                input type="hidden" name="csrf" value=(csrf);
                                label for=(format!("resolve-{i}")) { (ctx.t("referrals-resolve-reason")) }
                                " "
                                input type="text" id=(format!("resolve-{i}")) name="reason" required minlength="5" maxlength="500";
                                " "
                                button type="submit" class="secondary" { (ctx.t("referrals-resolve")) }
                            }
                        }
                    } } }
                }
            }
        }
        section aria-labelledby="sent-heading" {
            h2 id="sent-heading" { (ctx.t("referrals-sent-list")) }
            @if list.is_empty() {
                p { (ctx.t("referrals-sent-none")) }
            } @else {
                table class="list" {
                    caption { (ctx.ta("referrals-count", &[("count", list.len().into())])) }
                    thead { tr {
                        th scope="col" { (ctx.t("referrals-service")) }
                        th scope="col" { (ctx.t("referrals-to")) }
                        th scope="col" { (ctx.t("referrals-status")) }
                        th scope="col" { (ctx.t("referrals-due")) }
                        th scope="col" { (ctx.t("referrals-updated")) }
                        th scope="col" { span class="visually-hidden" { (ctx.t("client-actions")) } }
                    } }
                    tbody { @for item in &list {
                        @let open = item.status.is_open();
                        tr class=[open.then(|| row_class(item, today)).flatten()] {
                            td { (service_name(&state, lang, &item.service)) }
                            td { (organization_name(&state, lang, &item.to_organization)) }
                            td { (item.status.name(lang)) }
                            td { @if open { (due(&ctx, item, today)) } @else { "–" } }
                            td { (when(&ctx, item.updated_at)) }
                            td {
                                a href=(ctx.href(&format!("/referrals/{}", item.id))) { (ctx.t("referrals-open")) }
                                " · "
                                a href=(ctx.href(&format!("/clients/{}", item.client))) { (ctx.t("referrals-client-page")) }
                            }
                        }
                    } }
                }
            }
        }
    };
    super::staff::with_cookie(respond(StatusCode::OK, page(&ctx, &title, content)), cookie)
}

/// A navigator marks a client's broken path handled, with the reason, and is sent back to
/// the list; a reason too short or too long is said on a page of its own.
pub async fn resolve_path(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let (lang, form) = match posted(&state, &acting, &headers, &lang, &body, Action::Refer) {
        Ok(x) => x,
        Err(response) => return response,
    };
    let Some(id) = client_id(&id) else { return not_found_page(&state, lang, acting.user.as_ref()) };
    let reason = form.get("reason").unwrap_or("");
    match state.polku.resolve_path(acting.user.as_ref(), &acting.meta, id, reason).await {
        Ok(()) => see_other(lang, "/referrals/sent?done=path-resolved"),
        Err(e) => app_error(&state, &acting, lang, e),
    }
}

// ---------------------------------------------------------------- one referral

pub async fn referral(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(response) = Lang::parse(&lang).and_then(|lang| resident_elsewhere(&acting, lang)) {
        return response;
    }
    let lang = match gate(&state, &acting, &lang, Action::ReadClient) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    let Some(id) = client_id(&id) else { return not_found_page(&state, lang, acting.user.as_ref()) };
    referral_page(&state, &acting, &headers, lang, id, StatusCode::OK, query.as_deref(), None, false).await
}

/// The sides the viewer acts on for this referral (the client's navigator is on the
/// requester's side when the client is in their queue).
async fn viewer_sides(state: &AppState, acting: &Acting, record: &ReferralRecord) -> Vec<Side> {
    let Some(user) = acting.user.as_ref() else { return Vec::new() };
    let mine =
        user.has(Role::Navigator) && state.polku.queue(Some(user)).await.is_ok_and(|q| q.contains(&record.client));
    let parties = Parties {
        created_by: &record.created_by,
        from_organization: record.from_organization.as_deref(),
        to_organization: &record.to_organization,
        navigator: mine.then_some(user.username.as_str()),
    };
    app::referrals::sides(user, &parties)
}

/// The next states the viewer can plausibly set: their side, and their roles.
fn offered(user: Option<&app::auth::Principal>, sides: &[Side], from: Status) -> Vec<Status> {
    let Some(user) = user else { return Vec::new() };
    if sides.is_empty() {
        return Vec::new();
    }
    from.next()
        .iter()
        .copied()
        .filter(|to| to.set_by().is_none_or(|side| sides.contains(&side)))
        .filter(|to| allowed(user, app::referrals::action_for(*to)))
        .collect()
}

fn deadline_name(lang: Lang, name: &[String; 3]) -> &str {
    &name[match lang {
        Lang::Fi => 0,
        Lang::Sv => 1,
        Lang::En => 2,
    }]
}

#[allow(clippy::too_many_arguments)]
async fn referral_page(
    state: &AppState,
    acting: &Acting,
    headers: &HeaderMap,
    lang: Lang,
    id: &str,
    status: StatusCode,
    query: Option<&str>,
    posted: Option<Posted>,
    stale: bool,
) -> Response {
    let user = acting.user.as_ref();
    let client = match state.polku.referral_client(user, id).await {
        Ok(client) => client,
        Err(e) => return app_error(state, acting, lang, e),
    };
    let r = match state.polku.referral(user, &acting.meta, &client, id).await {
        Ok(r) => r,
        Err(e) => return app_error(state, acting, lang, e),
    };
    let sides = viewer_sides(state, acting, &r).await;
    let next = offered(user, &sides, r.status);
    let (csrf, cookie) = csrf_token(headers, state.config.secure_cookies);
    let ctx = ctx(state, acting, lang, format!("/referrals/{id}"), Some(&csrf));
    let today = state.polku.clock().today();
    let service = service_name(state, lang, &r.service);
    let title = ctx.ta("referral-title", &[("service", service.clone().into())]);
    let posted = posted.as_ref();
    let none = Errors::new();
    let org = |o: &str| organization_name(state, lang, o);
    let content = html! {
        p class="back" {
            a href=(ctx.href(&format!("/clients/{client}"))) { (ctx.t("referral-back-client")) }
            " · "
            a href=(ctx.href(&format!("/clients/{client}/path"))) { (ctx.t("referral-path-link")) }
        }
        h1 { (title) }
        (done_notice(&ctx, query, &["referral-changed"]))
        @if stale {
            div class="error" role="alert" { p { strong { (ctx.t("referral-stale")) } } }
        }
        @if let Some(p) = posted { (summary(&ctx, &format!("to-{}", p.which), &p.errors)) }
        section aria-labelledby="details-heading" {
            h2 id="details-heading" { (ctx.t("referral-details")) }
            dl class="facts" {
                dt { (ctx.t("referrals-service")) } dd { (service) }
                dt { (ctx.t("referrals-to")) } dd { (org(&r.to_organization)) }
                dt { (ctx.t("referral-requester")) } dd {
                    (r.created_by)
                    @if let Some(from) = &r.from_organization { " (" (org(from)) ")" }
                }
                dt { (ctx.t("referrals-status")) } dd { strong { (r.status.name(lang)) } }
                @if let Some(reason) = r.status_reason {
                    dt { (ctx.t("referral-reason")) } dd { (reason.name(lang)) }
                }
                @if let Some(outcome) = &r.outcome {
                    dt { (ctx.t("referral-outcome")) } dd { (outcome.kind.name(lang)) }
                    @if let Some(feedback) = &outcome.feedback {
                        dt { (ctx.t("referral-feedback")) } dd { (feedback) }
                    }
                }
                @if let Some(note) = &r.note { dt { (ctx.t("referral-note")) } dd { (note) } }
                dt { (ctx.t("referral-created")) } dd { (when(&ctx, r.created_at)) }
                @if let Some(at) = r.requested_at { dt { (ctx.t("referrals-requested")) } dd { (when(&ctx, at)) } }
                @if let Some(at) = r.closed_at { dt { (ctx.t("referral-closed")) } dd { (when(&ctx, at)) } }
            }
        }
        section aria-labelledby="deadlines-heading" {
            h2 id="deadlines-heading" { (ctx.t("referral-deadlines")) }
            @if r.deadlines.is_empty() {
                p { (ctx.t("referral-deadlines-none")) }
            } @else {
                table class="list" {
                    caption { (ctx.t("referral-deadlines")) }
                    thead { tr {
                        th scope="col" { (ctx.t("referral-deadline")) }
                        th scope="col" { (ctx.t("referral-deadline-due")) }
                        th scope="col" { (ctx.t("referral-deadline-met")) }
                        th scope="col" { (ctx.t("referral-basis")) }
                    } }
                    tbody { @for d in &r.deadlines {
                        @let overdue = d.met_at.is_none() && r.status.is_open() && d.due_on < today;
                        tr class=[overdue.then_some("overdue")] {
                            td {
                                (deadline_name(lang, &d.name))
                                @if let Some(missing) = &d.missing {
                                    br;
                                    span class="hint" { (ctx.ta("referral-may-apply", &[("facts", missing.split(',').filter(|f| !f.is_empty()).map(|f| fact_label(&ctx, f)).collect::<Vec<_>>().join(", ").into())])) }
                                }
                            }
                            td {
                                (super::view::date(&ctx, d.due_on))
                                @if overdue { " " span class="badge overdue" { (ctx.t("referrals-overdue")) } }
                            }
                            td {
                                @match d.met_at {
                                    Some(at) => { (ctx.ta("referral-deadline-met-at", &[("when", when(&ctx, at).into())])) }
                                    None => { (ctx.t("referral-deadline-not-met")) }
                                }
                            }
                            td { (d.basis) }
                        }
                    } }
                }
            }
        }
        section aria-labelledby="history-heading" {
            h2 id="history-heading" { (ctx.t("referral-history")) }
            table class="list" {
                caption { (ctx.t("referral-history")) }
                thead { tr {
                    th scope="col" { (ctx.t("path-when")) }
                    th scope="col" { (ctx.t("path-who")) }
                    th scope="col" { (ctx.t("referrals-status")) }
                    th scope="col" { (ctx.t("path-detail")) }
                } }
                tbody { @for e in &r.events { tr {
                    td { (when(&ctx, e.at)) }
                    td { (e.by) @if let Some(o) = &e.organization { br; (org(o)) } }
                    td { (e.status.name(lang)) }
                    td {
                        @if let Some(reason) = e.reason { (reason.name(lang)) }
                        @if let Some(outcome) = &e.outcome { (outcome.kind.name(lang)) }
                        @if let Some(note) = &e.note { @if e.reason.is_some() || e.outcome.is_some() { br; } (note) }
                    }
                } } }
            }
        }
        section aria-labelledby="change-heading" {
            h2 id="change-heading" { (ctx.t("referral-change")) }
            @if r.status.is_final() {
                p { (ctx.t("referral-final")) }
            } @else if next.is_empty() {
                p { (ctx.t("referral-change-none")) }
            } @else {
                @for to in &next {
                    @let prefix = format!("to-{}", to.code());
                    @let mine = posted.filter(|p| p.which == to.code());
                    @let errors = mine.map_or(&none, |p| &p.errors);
                    @let v = |name: &str| Posted::value(posted, to.code(), name).to_owned();
                    form method="post" action=(ctx.href(&format!("/referrals/{id}/status"))) class="narrow" aria-labelledby=(format!("{prefix}-status")) {
                        h3 id=(format!("{prefix}-status")) { (ctx.t(&format!("referral-do-{}", to.code()))) }
                        input type="hidden" name="csrf" value=(csrf);
                        input type="hidden" name="version" value=(r.version);
                        input type="hidden" name="status" value=(to.code());
                        @if to.needs_reason() {
                            (select(errors, &prefix, "status_reason", ctx.t("referral-reason"), &Reason::ALL.map(|x| (x.code().to_owned(), x.name(lang).to_owned())), &v("status_reason"), Some(ctx.t("referral-choose-reason"))))
                        }
                        @if *to == Status::Completed {
                            (select(errors, &prefix, "outcome", ctx.t("referral-outcome"), &OutcomeKind::ALL.map(|x| (x.code().to_owned(), x.name(lang).to_owned())), &v("outcome"), Some(ctx.t("referral-choose"))))
                            (input(errors, &prefix, "feedback", ctx.t("referral-feedback"), "textarea", &v("feedback"), false, Some(ctx.t("referral-feedback-hint"))))
                        }
                        (input(errors, &prefix, "note", ctx.t("referral-note"), "textarea", &v("note"), false, None))
                        button type="submit" class=[matches!(to, Status::Cancelled | Status::EnteredInError | Status::Rejected | Status::Failed).then_some("secondary")] {
                            (ctx.t(&format!("referral-do-{}", to.code())))
                        }
                    }
                }
            }
        }
    };
    super::staff::with_cookie(respond(status, page(&ctx, &title, content)), cookie)
}

/// `app`'s refusals of a change, in the page's language, on the form's fields.
fn problems(ctx: &Ctx, problems: &[domain::Problem]) -> Errors {
    problems
        .iter()
        .map(|p| {
            let field = match p.field.as_str() {
                f @ ("status_reason" | "outcome" | "note" | "feedback" | "version") => f,
                _ => "status",
            };
            (field.to_owned(), message(ctx, &format!("referral-error-{}", field.replace('_', "-"))))
        })
        .collect()
}

pub async fn change(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let (lang, form) = match posted(&state, &acting, &headers, &lang, &body, Action::Refer) {
        Ok(x) => x,
        Err(response) => return response,
    };
    let Some(id) = client_id(&id) else { return not_found_page(&state, lang, acting.user.as_ref()) };
    let ctx = words(&state, lang);
    let Some(to) = form.get("status").and_then(Status::parse) else {
        // Not a form of ours: say so on the page, nothing to keep.
        let errors = vec![("status".to_owned(), message(&ctx, "referral-error-status"))];
        let posted = Some(Posted { which: "status", form, errors });
        return referral_page(
            &state,
            &acting,
            &headers,
            lang,
            id,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            posted,
            false,
        )
        .await;
    };
    let which = to.code();
    let again = |errors: Errors, form: Params| Some(Posted { which, form, errors });
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let Some(version) = form.get("version").and_then(|v| v.parse::<i64>().ok()) else {
        let posted = again(vec![("version".into(), message(&ctx, "referral-error-version"))], form);
        return referral_page(&state, &acting, &headers, lang, id, unprocessable, None, posted, false).await;
    };
    let outcome = match form.get("outcome") {
        None => None,
        Some(code) => match OutcomeKind::parse(code) {
            Some(kind) => Some(Outcome { kind, feedback: form.get("feedback").map(str::to_owned) }),
            None => {
                let posted = again(vec![("outcome".into(), message(&ctx, "referral-error-outcome"))], form);
                return referral_page(&state, &acting, &headers, lang, id, unprocessable, None, posted, false).await;
            }
        },
    };
    // The outcome's fields belong to the completion form only.
    let outcome = outcome.filter(|_| to == Status::Completed);
    let reason = form.get("status_reason").filter(|_| to.needs_reason());
    let change = match crate::api::referrals::change_of(which, reason, form.get("note").map(str::to_owned), outcome) {
        Ok(change) => change,
        Err(_) => {
            let posted = again(vec![("status_reason".into(), message(&ctx, "referral-error-status-reason"))], form);
            return referral_page(&state, &acting, &headers, lang, id, unprocessable, None, posted, false).await;
        }
    };
    let user = acting.user.as_ref();
    let client = match state.polku.referral_client(user, id).await {
        Ok(client) => client,
        Err(e) => return app_error(&state, &acting, lang, e),
    };
    match state.polku.transition(user, &acting.meta, &client, id, version, change).await {
        // A producer's basis to read the client ends with the referral: back to the inbox.
        Ok(record)
            if record.status.is_final() && !viewer_sides(&state, &acting, &record).await.contains(&Side::Requester) =>
        {
            see_other(lang, "/referrals?done=referral-changed")
        }
        Ok(_) => see_other(lang, &format!("/referrals/{id}?done=referral-changed")),
        Err(AppError::Stale { .. }) => {
            // The page shows the referral as it is now; the form keeps what was typed.
            let posted = again(Errors::new(), form);
            referral_page(&state, &acting, &headers, lang, id, StatusCode::CONFLICT, None, posted, true).await
        }
        Err(AppError::Invalid(list)) | Err(AppError::Conflict(list)) | Err(AppError::Transition(list)) => {
            let posted = again(problems(&ctx, &list), form);
            referral_page(&state, &acting, &headers, lang, id, unprocessable, None, posted, false).await
        }
        Err(e) => app_error(&state, &acting, lang, e),
    }
}

// ---------------------------------------------------------------- the client's path

/// One event of a client's path (`paths::Event`, borrowed).
struct Row<'a> {
    at: chrono::DateTime<chrono::Utc>,
    kind: &'a str,
    what: &'a str,
    by: &'a str,
    organization: Option<&'a str>,
    service: Option<&'a str>,
    to_organization: Option<&'a str>,
    detail: Option<&'a str>,
}

macro_rules! rows {
    ($events:expr) => {
        $events
            .iter()
            .map(|e| Row {
                at: e.at,
                kind: e.kind,
                what: &e.what,
                by: &e.by,
                organization: e.organization.as_deref(),
                service: e.service.as_deref(),
                to_organization: e.to_organization.as_deref(),
                detail: e.detail.as_deref(),
            })
            .collect::<Vec<Row>>()
    };
}

/// The path as one table, oldest first: when, what, the service and producer, who, details.
/// `me` is the viewer's own user name, shown as "you".
fn timeline(ctx: &Ctx, state: &AppState, events: &[Row], me: Option<&str>) -> Markup {
    let lang = ctx.lang;
    let today = state.polku.clock().today();
    let lib = app::navigation::library();
    let what = |e: &Row| -> String {
        let kind = ctx.t(&format!("path-kind-{}", e.kind));
        let what = match e.kind {
            "referral" => Status::parse(e.what).map_or_else(|| e.what.to_owned(), |s| s.name(lang).to_owned()),
            _ => match e.what {
                w @ ("started" | "completed" | "saved") => ctx.t(&format!("path-what-{w}")),
                other => other.to_owned(),
            },
        };
        format!("{kind}: {what}")
    };
    let detail = |e: &Row| -> String {
        let Some(d) = e.detail else { return String::new() };
        match (e.kind, e.what) {
            ("referral", _) => Reason::parse(d)
                .map(|r| r.name(lang).to_owned())
                .or_else(|| OutcomeKind::parse(d).map(|o| o.name(lang).to_owned()))
                .unwrap_or_else(|| d.to_owned()),
            ("assessment", "started") => {
                lib.questionnaire(d, None, today).map_or_else(|| d.to_owned(), |q| q.title.get(lang).to_owned())
            }
            ("assessment", _) => {
                lib.urgency.get(d, today).map_or_else(|| d.to_owned(), |u| u.name.get(lang).to_owned())
            }
            ("plan", _) => match d.split_whitespace().next().and_then(|n| n.parse::<i64>().ok()) {
                Some(n) => ctx.ta("path-plan-services", &[("count", n.into())]),
                None => d.to_owned(),
            },
            _ => d.to_owned(),
        }
    };
    html! {
        @if events.is_empty() {
            p { (ctx.t(if me.is_some() { "me-path-none" } else { "path-none" })) }
        } @else {
            table class="list path" {
                caption { (ctx.ta("path-count", &[("count", events.len().into())])) }
                thead { tr {
                    th scope="col" { (ctx.t("path-when")) }
                    th scope="col" { (ctx.t("path-what")) }
                    th scope="col" { (ctx.t("path-service")) }
                    th scope="col" { (ctx.t("path-who")) }
                    th scope="col" { (ctx.t("path-detail")) }
                } }
                tbody { @for e in events { tr {
                    td { (when(ctx, e.at)) }
                    td { (what(e)) }
                    td {
                        @if let Some(s) = e.service { (service_name(state, lang, s)) }
                        @if let Some(o) = e.to_organization { br; (organization_name(state, lang, o)) }
                    }
                    td {
                        @if me == Some(e.by) { (ctx.t("path-you")) } @else { (e.by) }
                        @if let Some(o) = e.organization { br; (organization_name(state, lang, o)) }
                    }
                    td { (detail(e)) }
                } } }
            }
        }
    }
}

pub async fn client_path(
    State(state): State<AppState>,
    acting: Acting,
    Path((lang, id)): Path<(String, String)>,
) -> Response {
    if let Some(response) = Lang::parse(&lang).and_then(|lang| resident_elsewhere(&acting, lang)) {
        return response;
    }
    let lang = match gate(&state, &acting, &lang, Action::ReadClient) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    let Some(id) = client_id(&id) else { return not_found_page(&state, lang, acting.user.as_ref()) };
    let events = match state.polku.path(acting.user.as_ref(), &acting.meta, id).await {
        Ok(events) => events,
        Err(e) => return app_error(&state, &acting, lang, e),
    };
    let ctx = ctx(&state, &acting, lang, format!("/clients/{id}/path"), None);
    let title = ctx.t("path-title");
    let content = html! {
        p class="back" { a href=(ctx.href(&format!("/clients/{id}"))) { (ctx.t("referral-back-client")) } }
        h1 { (title) }
        p class="lead" { (ctx.t("path-lead")) }
        (timeline(&ctx, &state, &rows!(events), None))
    };
    respond(StatusCode::OK, page(&ctx, &title, content))
}

pub async fn my_path(State(state): State<AppState>, acting: Acting, Path(lang): Path<String>) -> Response {
    let (lang, id) = match super::resident::own(&state, &acting, &lang) {
        Ok(x) => x,
        Err(response) => return response,
    };
    let events = match state.polku.path(acting.user.as_ref(), &acting.meta, &id).await {
        Ok(events) => events,
        Err(e) => return app_error(&state, &acting, lang, e),
    };
    let me = acting.user.as_ref().map(|u| u.username.clone());
    let ctx = ctx(&state, &acting, lang, "/me/path".into(), None);
    let title = ctx.t("me-path-title");
    let content = html! {
        p class="back" { a href=(ctx.href("/me")) { (ctx.t("me-back")) } }
        h1 { (title) }
        p class="lead" { (ctx.t("me-path-lead")) }
        (timeline(&ctx, &state, &rows!(events), Some(me.as_deref().unwrap_or(""))))
    };
    respond(StatusCode::OK, page(&ctx, &title, content))
}
