//! The service navigator's pages for client data: the queue, creating a client, finding
//! one by identity code (a POST form: an identity code never travels in a URL), and a
//! client's page with identity, facts, consents and referrals and their forms.
//!
//! Every read and write goes through `app` (`Polku::client_access`), which decides the
//! lawful basis and logs the access; a refused read offers emergency access ("break the
//! glass"). Every form carries a CSRF token; every write is a POST answered by a 303
//! redirect with a message; bad input is shown next to its field in the page's language.

use super::{Ctx, not_found_page, page, respond};
use crate::AppState;
use crate::params::Params;
use crate::session::{Acting, csrf_ok, csrf_token};
use app::AppError;
use app::clients::{Answer, ClientRecord, ConsentRecord, FactRecord, Op, ReferralRecord, new_id};
use app::permit::{Action, allowed};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use domain::Lang;
use domain::client::{ClientDetails, ClientLang, Contact, Hetu, HetuError, Record, Scope};
use maud::{Markup, html};
use rules::facts::{Fact, Kind};

/// Problems of a posted form: the field and what to say next to it, in the page's language.
pub(super) type Errors = Vec<(String, Markup)>;

/// A posted form shown again with its values and problems.
pub(super) struct Posted {
    pub which: &'static str,
    pub form: Params,
    pub errors: Errors,
}

impl Posted {
    pub fn value<'a>(posted: Option<&'a Posted>, which: &str, name: &str) -> &'a str {
        posted.filter(|p| p.which == which).and_then(|p| p.form.get(name)).unwrap_or("")
    }
}

/// How many queued clients the navigator page names (each name is a logged read).
const QUEUE_SHOWN: usize = 50;

// ---------------------------------------------------------------- shared helpers

/// A context for messages only (before a page is rendered).
pub(super) fn words(state: &AppState, lang: Lang) -> Ctx<'_> {
    Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest: "/".into(),
        user: None,
        csrf: None,
    }
}

/// A time in Helsinki, written the page's way.
pub(super) fn when(ctx: &Ctx, at: DateTime<Utc>) -> String {
    let local = domain::hours::helsinki_local(at);
    match ctx.lang {
        Lang::Fi => local.format("%-d.%-m.%Y klo %H.%M").to_string(),
        Lang::Sv => local.format("%-d.%-m.%Y kl. %H.%M").to_string(),
        Lang::En => local.format("%-d %b %Y %H:%M").to_string(),
    }
}

pub(super) fn message(ctx: &Ctx, id: &str) -> Markup {
    html! { (ctx.t(id)) }
}

fn hetu_error(ctx: &Ctx, e: HetuError) -> Markup {
    let id = match e {
        HetuError::Length => "client-error-hetu-length",
        HetuError::Century => "client-error-hetu-century",
        HetuError::Date => "client-error-hetu-date",
        HetuError::Individual => "client-error-hetu-individual",
        HetuError::Checksum => "client-error-hetu-checksum",
    };
    message(ctx, id)
}

/// Fields whose problems have their own words (`client-error-<field>`).
const WORDED: [&str; 19] = [
    "hetu",
    "given_name",
    "family_name",
    "municipality",
    "language",
    "other_language",
    "phone",
    "email",
    "address",
    "fact",
    "value",
    "organization",
    "scopes",
    "valid_until",
    "to_organization",
    "service",
    "reason",
    "minutes",
    "roles",
];

/// `app`'s problems (English, by field) in the page's language, on the form's fields.
pub(super) fn app_problems(ctx: &Ctx, problems: &[domain::Problem]) -> Errors {
    problems
        .iter()
        .map(|p| {
            let field = match p.field.as_str() {
                f if f.starts_with("contact.") => f.trim_start_matches("contact."),
                f if f.starts_with("facts") => "value",
                f => f,
            };
            let text = if WORDED.contains(&field) {
                message(ctx, &format!("client-error-{}", field.replace('_', "-")))
            } else {
                html! { (ctx.t("client-error-generic")) " " span lang="en" { (p.problem) } }
            };
            (field.to_owned(), text)
        })
        .collect()
}

fn error_of<'e>(errors: &'e Errors, field: &str) -> Option<&'e Markup> {
    errors.iter().find(|(f, _)| f == field).map(|(_, m)| m)
}

/// The list of a form's problems above it, each linking to its field.
pub(super) fn summary(ctx: &Ctx, prefix: &str, errors: &Errors) -> Markup {
    html! {
        @if !errors.is_empty() {
            div class="error" role="alert" {
                p { strong { (ctx.t("form-has-errors")) } }
                ul { @for (field, text) in errors { li { a href=(format!("#{prefix}-{field}")) { (text) } } } }
            }
        }
    }
}

/// One input with its label, hint and the problem next to it.
#[allow(clippy::too_many_arguments)]
pub(super) fn input(
    errors: &Errors,
    prefix: &str,
    name: &str,
    label: String,
    kind: &str,
    value: &str,
    required: bool,
    hint: Option<String>,
) -> Markup {
    let id = format!("{prefix}-{name}");
    let error = error_of(errors, name);
    let described: Vec<String> = [hint.as_ref().map(|_| format!("{id}-hint")), error.map(|_| format!("{id}-error"))]
        .into_iter()
        .flatten()
        .collect();
    html! {
        div class="field" {
            label for=(id) { (label) }
            @if let Some(hint) = &hint { p class="hint" id=(format!("{id}-hint")) { (hint) } }
            @if kind == "textarea" {
                textarea id=(id) name=(name) rows="3" required[required] aria-invalid=[error.map(|_| "true")]
                    aria-describedby=[(!described.is_empty()).then(|| described.join(" "))] { (value) }
            } @else {
                input type=(kind) id=(id) name=(name) value=(value) required[required] aria-invalid=[error.map(|_| "true")]
                    aria-describedby=[(!described.is_empty()).then(|| described.join(" "))];
            }
            @if let Some(error) = error { p class="field-error" id=(format!("{id}-error")) { (error) } }
        }
    }
}

/// One select with its label and the problem next to it; `empty` is the label of a "none" choice.
pub(super) fn select(
    errors: &Errors,
    prefix: &str,
    name: &str,
    label: String,
    options: &[(String, String)],
    selected: &str,
    empty: Option<String>,
) -> Markup {
    let id = format!("{prefix}-{name}");
    let error = error_of(errors, name);
    html! {
        div class="field" {
            label for=(id) { (label) }
            select id=(id) name=(name) aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| format!("{id}-error"))] {
                @if let Some(empty) = &empty { option value="" { (empty) } }
                @for (value, text) in options { option value=(value) selected[value == selected] { (text) } }
            }
            @if let Some(error) = error { p class="field-error" id=(format!("{id}-error")) { (error) } }
        }
    }
}

/// The catalog's organisations, by name in the page's language.
pub(super) fn organizations(state: &AppState, lang: Lang) -> Vec<(String, String)> {
    let snapshot = state.polku.snapshot();
    let mut orgs: Vec<(String, String)> =
        snapshot.catalog.organizations.values().map(|o| (o.id.to_string(), o.name.show(lang).to_owned())).collect();
    orgs.sort_by_key(|o| o.1.to_lowercase());
    orgs
}

/// An organisation's name from the catalog, or its id when the catalog does not know it.
pub(super) fn organization_name(state: &AppState, lang: Lang, id: &str) -> String {
    state.polku.snapshot().catalog.organizations.get(id).map(|o| o.name.show(lang).to_owned()).unwrap_or(id.to_owned())
}

/// A service's name from the catalog, or its id when the catalog does not know it.
pub(super) fn service_name(state: &AppState, lang: Lang, id: &str) -> String {
    state.polku.snapshot().catalog.services.get(id).map(|s| s.name.show(lang).to_owned()).unwrap_or(id.to_owned())
}

fn municipality_name(lang: Lang, code: &str) -> String {
    domain::Reference::get().municipality(code).map(|m| m.name.show(lang).to_owned()).unwrap_or(code.to_owned())
}

/// The message after a redirect (`?done=<what>`), when it is one of ours.
pub(super) fn done_notice(ctx: &Ctx, query: Option<&str>, known: &[&str]) -> Markup {
    let done = Params::parse(query).ok().and_then(|p| p.get("done").map(str::to_owned));
    html! {
        @if let Some(done) = done.filter(|d| known.contains(&d.as_str())) {
            div class="notice" role="status" { p { (ctx.t(&format!("client-done-{done}"))) } }
        }
    }
}

pub(super) fn see_other(lang: Lang, rest: &str) -> Response {
    Redirect::to(&format!("/{}{rest}", lang.code())).into_response()
}

/// The page for an error of `app`: the login page, a 403 with the reason, a 404, or
/// (the database away, a fault) a page saying so with the API's status.
pub(super) fn app_error(state: &AppState, acting: &Acting, lang: Lang, e: AppError) -> Response {
    let ctx = Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest: "/".into(),
        user: acting.user.as_ref(),
        csrf: acting.csrf.as_deref(),
    };
    let (status, title, text, detail) = match e {
        AppError::Unauthenticated => return see_other(lang, "/login"),
        AppError::NotFound { .. } => return not_found_page(state, lang, acting.user.as_ref()),
        AppError::Forbidden { reason } => {
            (StatusCode::FORBIDDEN, ctx.t("forbidden-title"), ctx.t("client-refused-text"), Some(reason))
        }
        e => {
            let status = crate::error::ApiError::from(e).status;
            (status, ctx.t("client-failed-title"), ctx.t("client-failed-text"), None)
        }
    };
    let content = html! {
        h1 { (title) }
        p { (text) }
        @if let Some(detail) = detail { p { (ctx.t("client-reason")) " " span lang="en" { (detail) } } }
        p { a href=(ctx.href("/")) { (ctx.t("back-to-finder")) } }
    };
    respond(status, page(&ctx, &title, content))
}

fn unreadable(state: &AppState, lang: Lang) -> Response {
    let ctx = words(state, lang);
    let content = html! { h1 { (ctx.t("form-unreadable")) } p { (ctx.t("csrf-text")) } };
    respond(StatusCode::BAD_REQUEST, page(&ctx, &ctx.t("form-unreadable"), content))
}

/// The language of a page and the role check of its action (`app::permit`).
#[allow(clippy::result_large_err)] // the error is the response to send
pub(super) fn gate(state: &AppState, acting: &Acting, lang: &str, action: Action) -> Result<Lang, Response> {
    let Some(lang) = Lang::parse(lang) else { return Err(not_found_page(state, Lang::Fi, acting.user.as_ref())) };
    match super::refused(state, acting, lang, action) {
        Some(response) => Err(response),
        None => Ok(lang),
    }
}

/// A posted form: its language, its fields, the CSRF token (403 without it), the role check.
#[allow(clippy::result_large_err)] // the error is the response to send
pub(super) fn posted(
    state: &AppState,
    acting: &Acting,
    headers: &HeaderMap,
    lang: &str,
    body: &Bytes,
    action: Action,
) -> Result<(Lang, Params), Response> {
    let Some(lang) = Lang::parse(lang) else { return Err(not_found_page(state, Lang::Fi, acting.user.as_ref())) };
    let Some(form) = std::str::from_utf8(body).ok().and_then(|s| Params::parse(Some(s)).ok()) else {
        return Err(unreadable(state, lang));
    };
    if !csrf_ok(headers, form.get("csrf")) {
        return Err(super::staff::forbidden(state, lang));
    }
    match super::refused(state, acting, lang, action) {
        Some(response) => Err(response),
        None => Ok((lang, form)),
    }
}

/// Ids in paths are checked for shape only; whether they exist is `app`'s to say (and log).
pub(super) fn client_id(id: &str) -> Option<&str> {
    app::clients::well_formed_id(id).then_some(id)
}

/// Navigator pages are for staff: a resident who comes here is sent to their own data.
fn resident_elsewhere(acting: &Acting, lang: Lang) -> Option<Response> {
    acting.user.as_ref().filter(|u| !u.is_staff()).map(|_| see_other(lang, "/me"))
}

// ---------------------------------------------------------------- the navigator page

pub async fn navigator(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(lang): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(response) = Lang::parse(&lang).and_then(|lang| resident_elsewhere(&acting, lang)) {
        return response;
    }
    let lang = match gate(&state, &acting, &lang, Action::CreateClient) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    navigator_page(&state, &acting, &headers, lang, StatusCode::OK, query.as_deref(), None, None).await
}

#[allow(clippy::too_many_arguments)]
async fn navigator_page(
    state: &AppState,
    acting: &Acting,
    headers: &HeaderMap,
    lang: Lang,
    status: StatusCode,
    query: Option<&str>,
    posted: Option<Posted>,
    found: Option<String>,
) -> Response {
    let user = acting.user.as_ref();
    let ids = match state.polku.queue(user).await {
        Ok(ids) => ids,
        Err(e) => return app_error(state, acting, lang, e),
    };
    let mut queue: Vec<(String, Option<ClientRecord>)> = Vec::new();
    for id in ids.iter().take(QUEUE_SHOWN) {
        // The names come from reads of each client's identity, each one logged.
        let record = match state.polku.client_access(user, &acting.meta, id, Op::Read(Record::Identity)).await {
            Ok(Answer::Client(record)) => Some(record),
            _ => None,
        };
        queue.push((id.clone(), record));
    }
    let (csrf, cookie) = csrf_token(headers, state.config.secure_cookies);
    let ctx = Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest: "/clients".into(),
        user,
        csrf: Some(&csrf),
    };
    let posted = posted.as_ref();
    let none = Errors::new();
    let errors = |which: &str| posted.filter(|p| p.which == which).map_or(&none, |p| &p.errors);
    let v = |which: &str, name: &str| Posted::value(posted, which, name).to_owned();
    let mut municipalities: Vec<(String, String)> = domain::Reference::get()
        .municipalities
        .values()
        .map(|m| (m.code.clone(), m.name.show(lang).to_owned()))
        .collect();
    municipalities.sort_by_key(|m| m.1.to_lowercase());
    let language = v("create", "language");
    let language = if language.is_empty() { lang.code().to_owned() } else { language };
    let create_errors = errors("create");
    let content = html! {
        h1 { (ctx.t("clients-title")) }
        (done_notice(&ctx, query, &["taken"]))
        section aria-labelledby="queue-heading" {
            h2 id="queue-heading" { (ctx.t("clients-queue")) }
            @if queue.is_empty() {
                p { (ctx.t("clients-queue-empty")) }
            } @else {
                table class="list" {
                    caption { (ctx.ta("clients-queue-count", &[("count", ids.len().into())])) }
                    thead { tr {
                        th scope="col" { (ctx.t("client-name")) }
                        th scope="col" { (ctx.t("client-municipality")) }
                        th scope="col" { (ctx.t("client-updated")) }
                    } }
                    tbody {
                        @for (id, record) in &queue {
                            tr {
                                @match record {
                                    Some(r) => {
                                        td { a href=(ctx.href(&format!("/clients/{id}"))) { (r.details.family_name) ", " (r.details.given_name) } }
                                        td { (r.details.municipality.as_deref().map(|m| municipality_name(lang, m)).unwrap_or_default()) }
                                        td { (when(&ctx, r.updated_at)) }
                                    }
                                    None => {
                                        td { a href=(ctx.href(&format!("/clients/{id}"))) { (ctx.t("clients-unavailable")) } }
                                        td {} td {}
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="find-heading" {
            h2 id="find-heading" { (ctx.t("clients-find")) }
            p class="hint" { (ctx.t("clients-find-hint")) }
            (summary(&ctx, "find", errors("find")))
            form method="post" action=(ctx.href("/clients/find")) class="narrow" {
                input type="hidden" name="csrf" value=(csrf);
                (input(errors("find"), "find", "hetu", ctx.t("client-hetu"), "text", &v("find", "hetu"), true, None))
                button type="submit" { (ctx.t("clients-find-button")) }
            }
            @if let Some(id) = &found {
                div class="notice" role="status" {
                    p { (ctx.t("clients-found-elsewhere")) }
                    form method="post" action=(ctx.href(&format!("/clients/{id}/take"))) class="inline" {
                        input type="hidden" name="csrf" value=(csrf);
                        button type="submit" { (ctx.t("clients-take")) }
                    }
                    p class="hint" { (ctx.t("clients-take-hint")) }
                }
            }
        }
        section aria-labelledby="create-heading" {
            h2 id="create-heading" { (ctx.t("clients-create")) }
            (summary(&ctx, "create", create_errors))
            form method="post" action=(ctx.href("/clients")) class="editor" {
                input type="hidden" name="csrf" value=(csrf);
                (input(create_errors, "create", "hetu", ctx.t("client-hetu"), "text", &v("create", "hetu"), true, Some(ctx.t("client-hetu-hint"))))
                (input(create_errors, "create", "given_name", ctx.t("client-given-name"), "text", &v("create", "given_name"), true, None))
                (input(create_errors, "create", "family_name", ctx.t("client-family-name"), "text", &v("create", "family_name"), true, None))
                (select(create_errors, "create", "municipality", ctx.t("client-municipality"), &municipalities, &v("create", "municipality"), Some(ctx.t("client-municipality-none"))))
                fieldset id="create-language" {
                    legend { (ctx.t("client-language")) }
                    @for (code, label) in [("fi", ctx.t("language-fi")), ("sv", ctx.t("language-sv")), ("other", ctx.t("client-language-other"))] {
                        div class="field check" {
                            input type="radio" id=(format!("create-language-{code}")) name="language" value=(code) checked[language == code];
                            label for=(format!("create-language-{code}")) { (label) }
                        }
                    }
                    @if let Some(error) = error_of(create_errors, "language") { p class="field-error" { (error) } }
                    (input(create_errors, "create", "other_language", ctx.t("client-other-language"), "text", &v("create", "other_language"), false, Some(ctx.t("client-other-language-hint"))))
                }
                div class="field check" {
                    input type="checkbox" id="create-interpreter" name="interpreter" value="1" checked[!v("create", "interpreter").is_empty()];
                    label for="create-interpreter" { (ctx.t("client-interpreter")) }
                }
                (input(create_errors, "create", "phone", ctx.t("client-phone"), "tel", &v("create", "phone"), false, None))
                (input(create_errors, "create", "email", ctx.t("client-email"), "email", &v("create", "email"), false, None))
                (input(create_errors, "create", "address", ctx.t("client-address"), "text", &v("create", "address"), false, None))
                button type="submit" { (ctx.t("clients-create-button")) }
            }
        }
    };
    super::staff::with_cookie(respond(status, page(&ctx, &ctx.t("clients-title"), content)), cookie)
}

fn hetu_of(ctx: &Ctx, form: &Params, errors: &mut Errors) -> Option<Hetu> {
    match form.get("hetu").map(Hetu::parse) {
        None => {
            errors.push(("hetu".into(), message(ctx, "client-error-required")));
            None
        }
        Some(Err(e)) => {
            errors.push(("hetu".into(), hetu_error(ctx, e)));
            None
        }
        Some(Ok(hetu)) => Some(hetu),
    }
}

fn details_of(ctx: &Ctx, form: &Params) -> Result<ClientDetails, Errors> {
    let mut errors = Errors::new();
    let hetu = hetu_of(ctx, form, &mut errors);
    for name in ["given_name", "family_name"] {
        if form.get(name).is_none() {
            errors.push((name.into(), message(ctx, &format!("client-error-{}", name.replace('_', "-")))));
        }
    }
    let language = match form.get("language") {
        Some("fi") => ClientLang::Fi,
        Some("sv") => ClientLang::Sv,
        Some("other") => ClientLang::Other,
        _ => {
            errors.push(("language".into(), message(ctx, "client-error-language")));
            ClientLang::Fi
        }
    };
    let owned = |name: &str| form.get(name).map(str::to_owned);
    match hetu {
        Some(hetu) if errors.is_empty() => Ok(ClientDetails {
            hetu,
            given_name: owned("given_name").unwrap_or_default(),
            family_name: owned("family_name").unwrap_or_default(),
            municipality: owned("municipality"),
            language,
            other_language: owned("other_language").map(|l| l.to_ascii_lowercase()),
            interpreter: form.get("interpreter").is_some(),
            contact: Contact { phone: owned("phone"), email: owned("email"), address: owned("address") },
        }),
        _ => Err(errors),
    }
}

pub async fn create(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(lang): Path<String>,
    body: Bytes,
) -> Response {
    let (lang, form) = match posted(&state, &acting, &headers, &lang, &body, Action::CreateClient) {
        Ok(x) => x,
        Err(response) => return response,
    };
    let ctx = words(&state, lang);
    let again = |errors: Errors, form: Params| Posted { which: "create", form, errors };
    let details = match details_of(&ctx, &form) {
        Ok(details) => details,
        Err(errors) => {
            let posted = Some(again(errors, form));
            return navigator_page(
                &state,
                &acting,
                &headers,
                lang,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                posted,
                None,
            )
            .await;
        }
    };
    match state.polku.create_client(acting.user.as_ref(), &acting.meta, details).await {
        Ok(id) => see_other(lang, &format!("/clients/{id}?done=created")),
        Err(AppError::Invalid(problems)) => {
            let posted = Some(again(app_problems(&ctx, &problems), form));
            navigator_page(&state, &acting, &headers, lang, StatusCode::UNPROCESSABLE_ENTITY, None, posted, None).await
        }
        Err(AppError::Conflict(_)) => {
            let posted = Some(again(vec![("hetu".into(), message(&ctx, "client-error-hetu-taken"))], form));
            navigator_page(&state, &acting, &headers, lang, StatusCode::CONFLICT, None, posted, None).await
        }
        Err(e) => app_error(&state, &acting, lang, e),
    }
}

pub async fn find(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(lang): Path<String>,
    body: Bytes,
) -> Response {
    let (lang, form) = match posted(&state, &acting, &headers, &lang, &body, Action::CreateClient) {
        Ok(x) => x,
        Err(response) => return response,
    };
    let ctx = words(&state, lang);
    let mut errors = Errors::new();
    let Some(hetu) = hetu_of(&ctx, &form, &mut errors) else {
        let posted = Some(Posted { which: "find", form, errors });
        return navigator_page(&state, &acting, &headers, lang, StatusCode::UNPROCESSABLE_ENTITY, None, posted, None)
            .await;
    };
    let user = acting.user.as_ref();
    match state.polku.client_access(user, &acting.meta, "", Op::Find(hetu)).await {
        Ok(Answer::Found(Some(id))) => {
            let mine = state.polku.queue(user).await.map(|q| q.contains(&id)).unwrap_or(false);
            if mine {
                see_other(lang, &format!("/clients/{id}"))
            } else {
                let posted = Some(Posted { which: "find", form, errors });
                navigator_page(&state, &acting, &headers, lang, StatusCode::OK, None, posted, Some(id)).await
            }
        }
        Ok(_) => {
            // Not found: say so at the field (the create form is below).
            let errors = vec![("hetu".into(), message(&ctx, "clients-not-found"))];
            let posted = Some(Posted { which: "find", form, errors });
            navigator_page(&state, &acting, &headers, lang, StatusCode::NOT_FOUND, None, posted, None).await
        }
        Err(e) => app_error(&state, &acting, lang, e),
    }
}

pub async fn take(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let (lang, _) = match posted(&state, &acting, &headers, &lang, &body, Action::CreateClient) {
        Ok(x) => x,
        Err(response) => return response,
    };
    let Some(id) = client_id(&id) else { return not_found_page(&state, lang, acting.user.as_ref()) };
    match state.polku.client_access(acting.user.as_ref(), &acting.meta, id, Op::TakeIntoQueue).await {
        Ok(_) => see_other(lang, &format!("/clients/{id}?done=taken")),
        Err(e) => app_error(&state, &acting, lang, e),
    }
}

// ---------------------------------------------------------------- a client's page

pub async fn client(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    let lang = match gate(&state, &acting, &lang, Action::ReadClient) {
        Ok(lang) => lang,
        Err(response) => return response,
    };
    if let Some(response) = resident_elsewhere(&acting, lang) {
        return response;
    }
    let Some(id) = client_id(&id) else { return not_found_page(&state, lang, acting.user.as_ref()) };
    client_page(&state, &acting, &headers, lang, id, StatusCode::OK, query.as_deref(), None).await
}

/// A part of the record: its rows, or why it may not be seen.
type Part<T> = Result<Vec<T>, String>;

pub(super) async fn read(state: &AppState, acting: &Acting, id: &str, record: Record) -> Result<Answer, AppError> {
    state.polku.client_access(acting.user.as_ref(), &acting.meta, id, Op::Read(record)).await
}

pub(super) struct Parts {
    pub facts: Part<FactRecord>,
    pub consents: Part<ConsentRecord>,
    pub referrals: Part<ReferralRecord>,
}

/// Reads facts, consents and referrals (each a logged access); a refusal of one part is
/// shown in its place, any other failure is the page's.
pub(super) async fn read_parts(state: &AppState, acting: &Acting, id: &str) -> Result<Parts, AppError> {
    fn part<T>(answer: Result<Answer, AppError>, take: fn(Answer) -> Option<Vec<T>>) -> Result<Part<T>, AppError> {
        match answer {
            Ok(answer) => take(answer).map(Ok).ok_or_else(|| AppError::Internal("unexpected answer".into())),
            Err(AppError::Forbidden { reason }) => Ok(Err(reason)),
            Err(e) => Err(e),
        }
    }
    let facts = part(read(state, acting, id, Record::Facts).await, |a| match a {
        Answer::Facts(f) => Some(f),
        _ => None,
    })?;
    let consents = part(read(state, acting, id, Record::Consents).await, |a| match a {
        Answer::Consents(c) => Some(c),
        _ => None,
    })?;
    let referrals = part(read(state, acting, id, Record::Referrals).await, |a| match a {
        Answer::Referrals(r) => Some(r),
        _ => None,
    })?;
    Ok(Parts { facts, consents, referrals })
}

/// A fact's value in words: yes/no, a choice's name, a municipality's name, a number.
pub(super) fn fact_value(ctx: &Ctx, fact: &str, value: &serde_json::Value) -> String {
    let Some(fact) = Fact::from_name(fact) else { return value.to_string() };
    let index = match ctx.lang {
        Lang::Fi => 0,
        Lang::Sv => 1,
        Lang::En => 2,
    };
    match (fact.kind(), value) {
        (Kind::Flag, serde_json::Value::Bool(b)) => ctx.t(if *b { "client-yes" } else { "client-no" }),
        (Kind::Choice, serde_json::Value::String(s)) if fact == Fact::Municipality => municipality_name(ctx.lang, s),
        (Kind::Choice, serde_json::Value::String(s)) => rules::facts::choices(fact)
            .iter()
            .find(|(code, _)| code == s)
            .map(|(_, names)| names[index].to_owned())
            .unwrap_or(s.clone()),
        (_, serde_json::Value::Number(n)) => n.to_string(),
        (_, other) => other.to_string(),
    }
}

pub(super) fn fact_label(ctx: &Ctx, fact: &str) -> String {
    Fact::from_name(fact).map(|f| f.label(ctx.lang).to_owned()).unwrap_or(fact.to_owned())
}

pub(super) fn scopes(ctx: &Ctx, scopes: &[Scope]) -> String {
    scopes.iter().map(|s| ctx.t(&format!("client-scope-{}", s.as_str()))).collect::<Vec<_>>().join(", ")
}

pub(super) fn consent_status(ctx: &Ctx, c: &ConsentRecord, today: chrono::NaiveDate) -> String {
    match c.withdrawn_at {
        Some(at) => ctx.ta("client-consent-withdrawn", &[("when", when(ctx, at).into())]),
        None if c.valid_until < today => ctx.t("client-consent-expired"),
        None => ctx.t("client-consent-in-force"),
    }
}

/// The identity and contact details as a description list.
pub(super) fn identity(ctx: &Ctx, r: &ClientRecord) -> Markup {
    let d = &r.details;
    let language = match d.language {
        ClientLang::Fi => ctx.t("language-fi"),
        ClientLang::Sv => ctx.t("language-sv"),
        ClientLang::Other => {
            format!("{} ({})", ctx.t("client-language-other"), d.other_language.as_deref().unwrap_or(""))
        }
    };
    html! {
        dl class="facts" {
            dt { (ctx.t("client-name")) } dd { (d.given_name) " " (d.family_name) }
            dt { (ctx.t("client-hetu")) } dd { (d.hetu.expose()) }
            dt { (ctx.t("client-municipality")) } dd { (d.municipality.as_deref().map(|m| municipality_name(ctx.lang, m)).unwrap_or_else(|| ctx.t("client-unknown"))) }
            dt { (ctx.t("client-language")) } dd { (language) }
            dt { (ctx.t("client-interpreter")) } dd { (ctx.t(if d.interpreter { "client-yes" } else { "client-no" })) }
            dt { (ctx.t("client-phone")) } dd { (d.contact.phone.as_deref().unwrap_or("–")) }
            dt { (ctx.t("client-email")) } dd { (d.contact.email.as_deref().unwrap_or("–")) }
            dt { (ctx.t("client-address")) } dd { (d.contact.address.as_deref().unwrap_or("–")) }
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn client_page(
    state: &AppState,
    acting: &Acting,
    headers: &HeaderMap,
    lang: Lang,
    id: &str,
    status: StatusCode,
    query: Option<&str>,
    posted: Option<Posted>,
) -> Response {
    let record = match read(state, acting, id, Record::Identity).await {
        Ok(Answer::Client(record)) => record,
        Ok(_) => return app_error(state, acting, lang, AppError::Internal("unexpected answer".into())),
        Err(AppError::Forbidden { reason }) => {
            return refused_page(state, acting, headers, lang, id, &reason, posted.as_ref());
        }
        Err(e) => return app_error(state, acting, lang, e),
    };
    let parts = match read_parts(state, acting, id).await {
        Ok(parts) => parts,
        Err(e) => return app_error(state, acting, lang, e),
    };
    let user = acting.user.as_ref();
    let may = |action: Action| user.is_some_and(|u| allowed(u, action));
    let (csrf, cookie) = csrf_token(headers, state.config.secure_cookies);
    let ctx = Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest: format!("/clients/{id}"),
        user,
        csrf: Some(&csrf),
    };
    let posted = posted.as_ref();
    let none = Errors::new();
    let errors = |which: &str| posted.filter(|p| p.which == which).map_or(&none, |p| &p.errors);
    let v = |which: &str, name: &str| Posted::value(posted, which, name).to_owned();
    let today = state.polku.clock().today();
    let orgs = organizations(state, lang);
    let services: Vec<(String, String)> = {
        let snapshot = state.polku.snapshot();
        let mut s: Vec<(String, String)> =
            snapshot.catalog.services.values().map(|s| (s.id.to_string(), s.name.show(lang).to_owned())).collect();
        s.sort_by_key(|s| s.1.to_lowercase());
        s
    };
    let facts: Vec<(String, String)> =
        Fact::ALL.iter().map(|f| (f.name().to_owned(), f.label(lang).to_owned())).collect();
    let refused_any = parts.facts.is_err() || parts.consents.is_err() || parts.referrals.is_err();
    let base = format!("/clients/{id}");
    let name = format!("{} {}", record.details.given_name, record.details.family_name);
    let title = ctx.ta("client-title", &[("name", name.clone().into())]);
    let refusal =
        |reason: &str| html! { p class="notice" { (ctx.t("client-part-refused")) " " span lang="en" { (reason) } } };
    let content = html! {
        p class="back" { a href=(ctx.href("/clients")) { (ctx.t("client-back")) } }
        h1 { (title) }
        (done_notice(&ctx, query, &["created", "taken", "facts", "consent", "consent-withdrawn", "referred", "referral-changed", "emergency"]))
        @if may(Action::PlanServices) {
            p { a href=(ctx.href(&format!("{base}/navigation"))) { (ctx.t("nav-link")) } }
        }
        section aria-labelledby="identity-heading" {
            h2 id="identity-heading" { (ctx.t("client-identity")) }
            (identity(&ctx, &record))
        }
        section aria-labelledby="facts-heading" {
            h2 id="facts-heading" { (ctx.t("client-facts")) }
            @match &parts.facts {
                Err(reason) => { (refusal(reason)) }
                Ok(rows) if rows.is_empty() => { p { (ctx.t("client-facts-none")) } }
                Ok(rows) => {
                    table class="list" {
                        caption { (ctx.t("client-facts")) }
                        thead { tr {
                            th scope="col" { (ctx.t("client-fact")) }
                            th scope="col" { (ctx.t("client-value")) }
                            th scope="col" { (ctx.t("client-recorded-by")) }
                            th scope="col" { (ctx.t("client-recorded-at")) }
                        } }
                        tbody { @for f in rows { tr {
                            td { (fact_label(&ctx, &f.fact)) }
                            td { (fact_value(&ctx, &f.fact, &f.value)) }
                            td { (f.recorded_by) }
                            td { (when(&ctx, f.recorded_at)) }
                        } } }
                    }
                }
            }
            @if may(Action::WriteClient) {
                h3 { (ctx.t("client-record-fact")) }
                (summary(&ctx, "fact", errors("facts")))
                form method="post" action=(ctx.href(&format!("{base}/facts"))) class="narrow" {
                    input type="hidden" name="csrf" value=(csrf);
                    (select(errors("facts"), "fact", "fact", ctx.t("client-fact"), &facts, &v("facts", "fact"), None))
                    (input(errors("facts"), "fact", "value", ctx.t("client-value"), "text", &v("facts", "value"), true, Some(ctx.t("client-value-hint"))))
                    button type="submit" { (ctx.t("client-record-button")) }
                }
            }
        }
        section aria-labelledby="consents-heading" {
            h2 id="consents-heading" { (ctx.t("client-consents")) }
            @match &parts.consents {
                Err(reason) => { (refusal(reason)) }
                Ok(rows) if rows.is_empty() => { p { (ctx.t("client-consents-none")) } }
                Ok(rows) => {
                    table class="list" {
                        caption { (ctx.t("client-consents")) }
                        thead { tr {
                            th scope="col" { (ctx.t("client-organization")) }
                            th scope="col" { (ctx.t("client-scopes")) }
                            th scope="col" { (ctx.t("client-valid-until")) }
                            th scope="col" { (ctx.t("client-status")) }
                            th scope="col" { (ctx.t("client-recorded-by")) }
                            th scope="col" { span class="visually-hidden" { (ctx.t("client-actions")) } }
                        } }
                        tbody { @for c in rows { tr {
                            td { (organization_name(state, lang, &c.organization)) }
                            td { (scopes(&ctx, &c.scopes)) }
                            td { (super::view::date(&ctx, c.valid_until)) }
                            td { (consent_status(&ctx, c, today)) }
                            td { (c.recorded_by) " " (when(&ctx, c.given_at)) }
                            td {
                                @if c.withdrawn_at.is_none() && may(Action::ManageConsent) {
                                    form method="post" action=(ctx.href(&format!("{base}/consents/{}/withdraw", c.id))) class="inline" {
                                        input type="hidden" name="csrf" value=(csrf);
                                        button type="submit" class="secondary" { (ctx.t("client-withdraw")) }
                                    }
                                }
                            }
                        } } }
                    }
                }
            }
            @if may(Action::ManageConsent) {
                h3 { (ctx.t("client-give-consent")) }
                (summary(&ctx, "consent", errors("consent")))
                form method="post" action=(ctx.href(&format!("{base}/consents"))) class="narrow" {
                    input type="hidden" name="csrf" value=(csrf);
                    (select(errors("consent"), "consent", "organization", ctx.t("client-organization"), &orgs, &v("consent", "organization"), None))
                    fieldset id="consent-scopes" {
                        legend { (ctx.t("client-scopes")) }
                        @for scope in [Scope::Identity, Scope::Facts] {
                            @let chosen = posted.filter(|p| p.which == "consent").is_none_or(|p| p.form.all("scopes").any(|s| s == scope.as_str()));
                            div class="field check" {
                                input type="checkbox" id=(format!("consent-scope-{}", scope.as_str())) name="scopes" value=(scope.as_str()) checked[chosen];
                                label for=(format!("consent-scope-{}", scope.as_str())) { (ctx.t(&format!("client-scope-{}", scope.as_str()))) }
                            }
                        }
                        @if let Some(error) = error_of(errors("consent"), "scopes") { p class="field-error" { (error) } }
                    }
                    (input(errors("consent"), "consent", "valid_until", ctx.t("client-valid-until"), "date", &v("consent", "valid_until"), true, None))
                    button type="submit" { (ctx.t("client-give-consent")) }
                }
            }
        }
        section aria-labelledby="referrals-heading" {
            h2 id="referrals-heading" { (ctx.t("client-referrals")) }
            p { a href=(ctx.href(&format!("{base}/path"))) { (ctx.t("referral-path-link")) } }
            @match &parts.referrals {
                Err(reason) => { (refusal(reason)) }
                Ok(rows) if rows.is_empty() => { p { (ctx.t("client-referrals-none")) } }
                Ok(rows) => {
                    table class="list" {
                        caption { (ctx.t("client-referrals")) }
                        thead { tr {
                            th scope="col" { (ctx.t("client-organization")) }
                            th scope="col" { (ctx.t("client-service")) }
                            th scope="col" { (ctx.t("client-recorded-by")) }
                            th scope="col" { (ctx.t("client-status")) }
                            th scope="col" { span class="visually-hidden" { (ctx.t("client-actions")) } }
                        } }
                        tbody { @for r in rows { tr {
                            td { (organization_name(state, lang, &r.to_organization)) }
                            td { (service_name(state, lang, &r.service)) }
                            td { (r.created_by) " " (when(&ctx, r.created_at)) }
                            td {
                                (r.status.name(lang))
                                @if let Some(at) = r.closed_at {
                                    " " (when(&ctx, at))
                                }
                            }
                            td {
                                a href=(ctx.href(&format!("/referrals/{}", r.id))) { (ctx.t("client-open-referral")) }
                            }
                        } } }
                    }
                }
            }
            @if may(Action::Refer) {
                h3 { (ctx.t("client-refer")) }
                (summary(&ctx, "refer", errors("refer")))
                form method="post" action=(ctx.href(&format!("{base}/referrals"))) class="narrow" {
                    input type="hidden" name="csrf" value=(csrf);
                    (select(errors("refer"), "refer", "to_organization", ctx.t("client-organization"), &orgs, &v("refer", "to_organization"), None))
                    (select(errors("refer"), "refer", "service", ctx.t("client-service"), &services, &v("refer", "service"), None))
                    button type="submit" { (ctx.t("client-refer")) }
                }
            }
        }
        @if (refused_any || posted.is_some_and(|p| p.which == "glass")) && may(Action::BreakGlass) {
            (glass_form(&ctx, id, &csrf, posted))
        }
    };
    super::staff::with_cookie(respond(status, page(&ctx, &title, content)), cookie)
}

fn glass_form(ctx: &Ctx, id: &str, csrf: &str, posted: Option<&Posted>) -> Markup {
    let none = Errors::new();
    let errors = posted.filter(|p| p.which == "glass").map_or(&none, |p| &p.errors);
    let minutes = Posted::value(posted, "glass", "minutes");
    html! {
        section aria-labelledby="glass-heading" class="glass" {
            h2 id="glass-heading" { (ctx.t("client-glass-title")) }
            p { (ctx.t("client-glass-text")) }
            (summary(ctx, "glass", errors))
            form method="post" action=(ctx.href(&format!("/clients/{id}/emergency"))) class="narrow" {
                input type="hidden" name="csrf" value=(csrf);
                (input(errors, "glass", "reason", ctx.t("client-glass-reason"), "textarea", Posted::value(posted, "glass", "reason"), true, Some(ctx.t("client-glass-reason-hint"))))
                (input(errors, "glass", "minutes", ctx.t("client-glass-minutes"), "number", if minutes.is_empty() { "60" } else { minutes }, true, Some(ctx.t("client-glass-minutes-hint"))))
                button type="submit" class="secondary" { (ctx.t("client-glass-button")) }
            }
        }
    }
}

/// A refused read of a client: the reason, and emergency access for those who may declare it.
fn refused_page(
    state: &AppState,
    acting: &Acting,
    headers: &HeaderMap,
    lang: Lang,
    id: &str,
    reason: &str,
    posted: Option<&Posted>,
) -> Response {
    let user = acting.user.as_ref();
    let (csrf, cookie) = csrf_token(headers, state.config.secure_cookies);
    let ctx = Ctx {
        resident_login: state.sso.resident_enabled(),
        lang,
        i18n: &state.i18n,
        rest: format!("/clients/{id}"),
        user,
        csrf: Some(&csrf),
    };
    let title = ctx.t("client-refused-title");
    let content = html! {
        h1 { (title) }
        p { (ctx.t("client-refused-text")) }
        p { (ctx.t("client-reason")) " " span lang="en" { (reason) } }
        @if user.is_some_and(|u| allowed(u, Action::BreakGlass)) {
            (glass_form(&ctx, id, &csrf, posted))
        } @else {
            p { (ctx.t("client-refused-ask")) }
        }
    };
    let status = if posted.is_some_and(|p| !p.errors.is_empty()) {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::FORBIDDEN
    };
    super::staff::with_cookie(respond(status, page(&ctx, &title, content)), cookie)
}

/// A write to one client from a form: checked, done through `app`, and answered with a
/// redirect to the client's page and a message, or the page again with the problems.
#[allow(clippy::too_many_arguments)]
async fn client_write(
    state: AppState,
    acting: Acting,
    headers: HeaderMap,
    lang: String,
    id: String,
    body: Bytes,
    action: Action,
    which: &'static str,
    build: impl FnOnce(&Ctx, &Params) -> Result<Op, Errors>,
) -> Response {
    let (lang, form) = match posted(&state, &acting, &headers, &lang, &body, action) {
        Ok(x) => x,
        Err(response) => return response,
    };
    let Some(id) = client_id(&id) else { return not_found_page(&state, lang, acting.user.as_ref()) };
    let ctx = words(&state, lang);
    let again = |errors: Errors, form: Params| Some(Posted { which, form, errors });
    let op = match build(&ctx, &form) {
        Ok(op) => op,
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return client_page(&state, &acting, &headers, lang, id, status, None, again(errors, form)).await;
        }
    };
    let done = match &op {
        Op::RecordFacts(_) => "facts",
        Op::GiveConsent { .. } => "consent",
        Op::WithdrawConsent(_) => "consent-withdrawn",
        Op::Refer(_) => "referred",
        Op::Transition(_) => "referral-changed",
        Op::BreakGlass { .. } => "emergency",
        _ => "saved",
    };
    let result = match op {
        // A referral is checked against the catalog and gets its deadlines in `app`.
        Op::Refer(w) => {
            let new = app::referrals::NewReferral {
                to_organization: w.to_organization,
                service: w.service,
                send: w.status == domain::referral::Status::Requested,
                note: w.note,
                plan: w.plan,
            };
            state.polku.refer(acting.user.as_ref(), &acting.meta, id, new).await.map(|_| ())
        }
        op => state.polku.client_access(acting.user.as_ref(), &acting.meta, id, op).await.map(|_| ()),
    };
    match result {
        Ok(()) => see_other(lang, &format!("/clients/{id}?done={done}")),
        Err(AppError::Invalid(problems)) | Err(AppError::Conflict(problems)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            let posted = again(app_problems(&ctx, &problems), form);
            client_page(&state, &acting, &headers, lang, id, status, None, posted).await
        }
        Err(e) => app_error(&state, &acting, lang, e),
    }
}

fn round(x: f32) -> f64 {
    (f64::from(x) * 100.0).round() / 100.0
}

/// A fact and its value from the form, checked as the rules engine checks it.
fn fact_of(ctx: &Ctx, form: &Params) -> Result<Op, Errors> {
    let Some(fact) = form.get("fact").and_then(Fact::from_name) else {
        return Err(vec![("fact".into(), message(ctx, "client-error-fact"))]);
    };
    let raw = form.get("value").unwrap_or("");
    let value = match fact.kind() {
        Kind::Number { .. } => {
            raw.replace(',', ".").parse::<f64>().ok().filter(|x| x.is_finite()).map(serde_json::Value::from)
        }
        Kind::Flag => match raw.to_lowercase().as_str() {
            "true" | "1" | "yes" | "kyllä" | "k" | "ja" | "y" => Some(serde_json::Value::Bool(true)),
            "false" | "0" | "no" | "ei" | "e" | "nej" | "n" => Some(serde_json::Value::Bool(false)),
            _ => None,
        },
        Kind::Choice => Some(serde_json::Value::String(raw.to_owned())),
    };
    let problem = || -> Markup {
        match fact.kind() {
            Kind::Number { min, max } => {
                html! { (ctx.ta("client-error-value-number", &[("min", round(min).into()), ("max", round(max).into())])) }
            }
            Kind::Flag => message(ctx, "client-error-value-flag"),
            Kind::Choice if fact == Fact::Municipality => message(ctx, "client-error-value-municipality"),
            Kind::Choice => {
                let known: Vec<&str> = rules::facts::choices(fact).iter().map(|(code, _)| *code).collect();
                html! { (ctx.ta("client-error-value-choice", &[("values", known.join(", ").into())])) }
            }
        }
    };
    match value {
        Some(value) if rules::person::parse_value(fact, &value).is_ok() => Ok(Op::RecordFacts(vec![(fact, value)])),
        _ => Err(vec![("value".into(), problem())]),
    }
}

pub async fn record_facts(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    client_write(state, acting, headers, lang, id, body, Action::WriteClient, "facts", fact_of).await
}

pub async fn give_consent(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let today = state.polku.clock().today();
    let snapshot = state.polku.snapshot();
    let build = move |ctx: &Ctx, form: &Params| -> Result<Op, Errors> {
        let mut errors = Errors::new();
        let organization = form.get("organization").filter(|o| snapshot.catalog.organizations.contains_key(*o));
        if organization.is_none() {
            errors.push(("organization".into(), message(ctx, "client-error-organization")));
        }
        let mut chosen = Vec::new();
        for s in form.all("scopes") {
            match s {
                "identity" => chosen.push(Scope::Identity),
                "facts" => chosen.push(Scope::Facts),
                _ => errors.push(("scopes".into(), message(ctx, "client-error-scopes"))),
            }
        }
        if chosen.is_empty() {
            errors.push(("scopes".into(), message(ctx, "client-error-scopes")));
        }
        let valid_until =
            form.get("valid_until").and_then(|d| d.parse::<chrono::NaiveDate>().ok()).filter(|d| *d >= today);
        if valid_until.is_none() {
            errors.push(("valid_until".into(), message(ctx, "client-error-valid-until")));
        }
        match (organization, valid_until) {
            (Some(org), Some(valid_until)) if errors.is_empty() => {
                Ok(Op::GiveConsent { id: new_id("consent"), organization: org.to_owned(), scopes: chosen, valid_until })
            }
            _ => Err(errors),
        }
    };
    client_write(state, acting, headers, lang, id, body, Action::ManageConsent, "consent", build).await
}

pub async fn withdraw_consent(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id, consent)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    client_write(state, acting, headers, lang, id, body, Action::ManageConsent, "withdraw", move |_, _| {
        Ok(Op::WithdrawConsent(consent))
    })
    .await
}

pub async fn refer(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let snapshot = state.polku.snapshot();
    let build = move |ctx: &Ctx, form: &Params| -> Result<Op, Errors> {
        let mut errors = Errors::new();
        let org = form.get("to_organization").filter(|o| snapshot.catalog.organizations.contains_key(*o));
        if org.is_none() {
            errors.push(("to_organization".into(), message(ctx, "client-error-to-organization")));
        }
        let service = form.get("service").filter(|s| snapshot.catalog.services.contains_key(*s));
        if service.is_none() {
            errors.push(("service".into(), message(ctx, "client-error-service")));
        }
        match (org, service) {
            (Some(org), Some(service)) => Ok(Op::Refer(Box::new(app::referrals::ReferralWrite {
                id: String::new(),
                to_organization: org.to_owned(),
                service: service.to_owned(),
                status: if form.get("draft").is_some() {
                    domain::referral::Status::Draft
                } else {
                    domain::referral::Status::Requested
                },
                note: form.get("note").map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned),
                plan: None,
                deadlines: Vec::new(),
            }))),
            _ => Err(errors),
        }
    };
    client_write(state, acting, headers, lang, id, body, Action::Refer, "refer", build).await
}

pub async fn emergency(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path((lang, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let build = |ctx: &Ctx, form: &Params| -> Result<Op, Errors> {
        let mut errors = Errors::new();
        let reason = form.get("reason").unwrap_or("").to_owned();
        if reason.chars().count() < 10 {
            errors.push(("reason".into(), message(ctx, "client-error-reason")));
        }
        let minutes = form.get("minutes").and_then(|m| m.parse::<i64>().ok()).filter(|m| (1..=480).contains(m));
        if minutes.is_none() {
            errors.push(("minutes".into(), message(ctx, "client-error-minutes")));
        }
        match minutes {
            Some(minutes) if errors.is_empty() => Ok(Op::BreakGlass { reason, minutes }),
            _ => Err(errors),
        }
    };
    client_write(state, acting, headers, lang, id, body, Action::BreakGlass, "glass", build).await
}
