//! HL7 FHIR R4 closed-loop referrals under `/fhir/` (Gravity SDOH): a referral is a
//! `ServiceRequest` (read; create makes the referral) and a `Task` of the same id (read;
//! update changes its state from the version in `If-Match`; search is the producer's
//! inbox, earliest deadline first); its client is a minimal `Patient` (read). The same
//! sign-in as the JSON API (session or bearer). Every read and change goes through
//! `app` (`Polku::refer`, `transition`, `referral`, `inbox`, `client_access`), so each is
//! decided by the permission table and written to the access log; the resources are
//! `interop::referral`'s.
//!
//! Status codes: 201 for a create (Location `…/_history/<version>`), 412 when
//! `If-Match` names another version than the stored one (FHIR's version-aware update),
//! 428 when an update names no version at all, 422 with an OperationOutcome when the
//! state machine or a business rule refuses (its `expression` names the element), 400
//! when the resource cannot be read.

use crate::AppState;
use crate::params::Params;
use crate::session::Acting;
use app::AppError;
use app::referrals::{InboxItem, NewReferral, ReferralRecord};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use domain::referral::Status;
use interop::referral::{DeadlineView, Issue, NoteView, ReferralView};
use serde_json::Value;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ServiceRequest", post(create))
        .route("/ServiceRequest/{id}", get(read_service_request))
        .route("/Task", get(search_tasks))
        .route("/Task/{id}", get(read_task).put(update_task))
        .route("/Patient/{id}", get(read_patient))
}

/// A refusal, answered as an OperationOutcome (with an ETag when it names the version).
struct Fail {
    status: StatusCode,
    issues: Vec<Issue>,
    etag: Option<i64>,
}

type Outcome<T> = Result<T, Fail>;

fn fail(status: StatusCode, code: &'static str, message: impl Into<String>, expression: Option<&str>) -> Fail {
    Fail {
        status,
        issues: vec![Issue { code, diagnostics: message.into(), expression: expression.map(str::to_owned) }],
        etag: None,
    }
}

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        let mut response = fhir_json(self.status, &interop::referral::operation_outcome(&self.issues));
        if let Some(v) = self.etag {
            response.headers_mut().insert(header::ETAG, etag(v));
        }
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response
    }
}

impl From<interop::referral::InputError> for Fail {
    fn from(e: interop::referral::InputError) -> Fail {
        fail(StatusCode::BAD_REQUEST, "invalid", e.problem, Some(&e.path))
    }
}

/// Where a field of `app`'s problems is in the resource.
fn element(resource: &str, field: &str) -> String {
    let name = match field {
        "to_organization" => "performer",
        "service" => "code",
        "client" => "subject",
        "status_reason" => "statusReason",
        "outcome" | "feedback" => "output",
        other => other,
    };
    format!("{resource}.{name}")
}

/// An application error as an OperationOutcome, about `resource`.
fn app_fail(resource: &str, e: AppError) -> Fail {
    match e {
        AppError::Invalid(problems) | AppError::Conflict(problems) | AppError::Transition(problems) => Fail {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            issues: problems
                .iter()
                .map(|p| Issue {
                    code: "business-rule",
                    diagnostics: p.problem.clone(),
                    expression: Some(element(resource, &p.field)),
                })
                .collect(),
            etag: None,
        },
        AppError::Stale { expected, current, .. } => Fail {
            etag: Some(current),
            ..fail(
                StatusCode::PRECONDITION_FAILED,
                "conflict",
                format!(
                    "the {resource} is at version {current}, not {expected}: read it again (ETag W/\"{current}\") \
                     and reapply the change; nothing was written"
                ),
                None,
            )
        },
        AppError::NotFound { kind, id } => fail(StatusCode::NOT_FOUND, "not-found", format!("no {kind} {id}"), None),
        AppError::Unauthenticated | AppError::BadCredentials => fail(
            StatusCode::UNAUTHORIZED,
            "login",
            "sign in first: POST /api/v1/sessions, then send 'Authorization: Bearer <token>'",
            None,
        ),
        AppError::Forbidden { reason } => fail(StatusCode::FORBIDDEN, "forbidden", reason, None),
        AppError::TooManyAttempts { .. } => {
            fail(StatusCode::TOO_MANY_REQUESTS, "throttled", "too many attempts; try again later", None)
        }
        AppError::Unavailable(e) => {
            tracing::warn!(error = %e, "database unavailable");
            fail(
                StatusCode::SERVICE_UNAVAILABLE,
                "transient",
                "the database cannot be reached just now; nothing was written; try again shortly",
                None,
            )
        }
        AppError::Store(e) => {
            tracing::error!(error = %e, "FHIR referrals: storage error");
            fail(StatusCode::INTERNAL_SERVER_ERROR, "exception", "internal error; it has been logged", None)
        }
        AppError::Internal(e) => {
            tracing::error!(error = %e, "FHIR referrals: internal error");
            fail(StatusCode::INTERNAL_SERVER_ERROR, "exception", "internal error; it has been logged", None)
        }
    }
}

fn fhir_json(status: StatusCode, v: &Value) -> Response {
    (status, [(header::CONTENT_TYPE, "application/fhir+json")], v.to_string()).into_response()
}

fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("W/\"{version}\"")).expect("a number is a header value")
}

/// A resource with its version as the ETag.
fn versioned(status: StatusCode, resource: &Value, version: i64) -> Response {
    let mut response = fhir_json(status, resource);
    response.headers_mut().insert(header::ETAG, etag(version));
    response
}

fn signed_in(acting: &Acting) -> Outcome<&app::auth::Principal> {
    match &acting.user {
        Some(user) => Ok(user),
        None if acting.unavailable => Err(app_fail("", AppError::Unavailable("session lookup".into()))),
        None => Err(app_fail("", AppError::Unauthenticated)),
    }
}

/// The view of a whole referral record.
fn view(r: &ReferralRecord) -> ReferralView {
    ReferralView {
        id: r.id.clone(),
        client: r.client.clone(),
        from_organization: r.from_organization.clone(),
        to_organization: r.to_organization.clone(),
        service: r.service.clone(),
        status: r.status,
        reason: r.status_reason,
        request_note: r.events.first().and_then(|e| e.note.clone()),
        notes: r
            .events
            .iter()
            .filter_map(|e| e.note.as_ref().map(|t| NoteView { at: e.at, by: e.by.clone(), text: t.clone() }))
            .collect(),
        outcome: r.outcome.clone(),
        version: r.version,
        created_by: Some(r.created_by.clone()),
        created_at: Some(r.created_at),
        requested_at: r.requested_at,
        updated_at: r.updated_at,
        closed_at: r.closed_at,
        due_on: r.due_on,
        deadlines: r
            .deadlines
            .iter()
            .map(|d| DeadlineView {
                clock: d.clock.clone(),
                name: d.name[2].clone(),
                due_on: d.due_on,
                met: d.met_at.is_some(),
            })
            .collect(),
        complete: true,
    }
}

/// The view of an inbox row (no notes, reasons or deadlines: a subsetted Task).
fn summary(i: &InboxItem) -> ReferralView {
    ReferralView {
        id: i.id.clone(),
        client: i.client.clone(),
        from_organization: i.from_organization.clone(),
        to_organization: i.to_organization.clone(),
        service: i.service.clone(),
        status: i.status,
        reason: None,
        request_note: None,
        notes: Vec::new(),
        outcome: None,
        version: i.version,
        created_by: None,
        created_at: None,
        requested_at: i.requested_at,
        updated_at: i.updated_at,
        closed_at: None,
        due_on: i.due_on,
        deadlines: Vec::new(),
        complete: false,
    }
}

/// A referral by its id, read through the access log.
async fn record(state: &AppState, acting: &Acting, resource: &str, id: &str) -> Outcome<ReferralRecord> {
    let user = signed_in(acting)?;
    let client = state.polku.referral_client(Some(user), id).await.map_err(|e| app_fail(resource, e))?;
    state.polku.referral(Some(user), &acting.meta, &client, id).await.map_err(|e| app_fail(resource, e))
}

async fn read_service_request(State(state): State<AppState>, acting: Acting, Path(id): Path<String>) -> Response {
    match record(&state, &acting, "ServiceRequest", &id).await {
        Ok(r) => versioned(StatusCode::OK, &interop::referral::service_request(&view(&r)), r.version),
        Err(f) => f.into_response(),
    }
}

async fn read_task(State(state): State<AppState>, acting: Acting, Path(id): Path<String>) -> Response {
    match record(&state, &acting, "Task", &id).await {
        Ok(r) => versioned(StatusCode::OK, &interop::referral::task(&view(&r)), r.version),
        Err(f) => f.into_response(),
    }
}

/// A FHIR JSON body: `application/fhir+json` (or `application/json`), parsed.
fn body(headers: &HeaderMap, bytes: &[u8]) -> Outcome<Value> {
    let media = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase());
    if !matches!(media.as_deref(), Some("application/fhir+json" | "application/json")) {
        return Err(fail(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "not-supported",
            "send the resource as JSON with 'Content-Type: application/fhir+json'",
            None,
        ));
    }
    serde_json::from_slice(bytes)
        .map_err(|e| fail(StatusCode::BAD_REQUEST, "structure", format!("the body is not JSON: {e}"), None))
}

async fn create(State(state): State<AppState>, acting: Acting, headers: HeaderMap, bytes: Bytes) -> Response {
    let run = async {
        let user = signed_in(&acting)?;
        let input = interop::referral::service_request_input(&body(&headers, &bytes)?)?;
        if !app::clients::well_formed_id(&input.client) {
            return Err(fail(
                StatusCode::UNPROCESSABLE_ENTITY,
                "not-found",
                format!("no Patient {}", input.client),
                Some("ServiceRequest.subject"),
            ));
        }
        let new = NewReferral {
            to_organization: input.to_organization,
            service: input.service,
            send: input.send,
            note: input.note,
            plan: None,
        };
        // The subject does not resolve: the request is refused, not the endpoint missing.
        let fail_of = |e| match e {
            AppError::NotFound { kind, id } => fail(
                StatusCode::UNPROCESSABLE_ENTITY,
                "not-found",
                format!("no {kind} {id}"),
                Some("ServiceRequest.subject"),
            ),
            e => app_fail("ServiceRequest", e),
        };
        let id = state.polku.refer(Some(user), &acting.meta, &input.client, new).await.map_err(fail_of)?;
        let r = state.polku.referral(Some(user), &acting.meta, &input.client, &id).await.map_err(fail_of)?;
        let mut response = versioned(StatusCode::CREATED, &interop::referral::service_request(&view(&r)), r.version);
        let h = response.headers_mut();
        let location = format!("/fhir/ServiceRequest/{id}/_history/{}", r.version);
        h.insert(header::LOCATION, HeaderValue::from_str(&location).map_err(|_| internal())?);
        // The Task that tracks it has the same id.
        let task = format!("</fhir/Task/{id}>; rel=\"related\"");
        h.insert(header::LINK, HeaderValue::from_str(&task).map_err(|_| internal())?);
        Ok::<Response, Fail>(response)
    };
    run.await.unwrap_or_else(IntoResponse::into_response)
}

fn internal() -> Fail {
    fail(StatusCode::INTERNAL_SERVER_ERROR, "exception", "internal error", None)
}

/// The version an update is made from: `If-Match` (`W/"3"`), else the body's
/// `meta.versionId`; neither is 428.
fn version(headers: &HeaderMap, body: Option<i64>) -> Outcome<i64> {
    match headers.get(header::IF_MATCH) {
        Some(v) => v.to_str().ok().and_then(crate::api::etag_revision).ok_or_else(|| {
            fail(StatusCode::BAD_REQUEST, "invalid", "If-Match is W/\"<version>\", as the ETag was", None)
        }),
        None => body.ok_or_else(|| {
            fail(
                StatusCode::PRECONDITION_REQUIRED,
                "required",
                "say which version you change: If-Match: W/\"<version>\" (the ETag of your read) or meta.versionId",
                None,
            )
        }),
    }
}

async fn update_task(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Response {
    let run = async {
        let user = signed_in(&acting)?;
        let update = interop::referral::task_update(&body(&headers, &bytes)?)?;
        if update.id.as_deref() != Some(id.as_str()) {
            return Err(fail(
                StatusCode::BAD_REQUEST,
                "invalid",
                format!("Task.id must be the id in the URL ({id})"),
                Some("Task.id"),
            ));
        }
        let version = version(&headers, update.version)?;
        let fail_of = |e| app_fail("Task", e);
        let client = state.polku.referral_client(Some(user), &id).await.map_err(fail_of)?;
        // A change of state keeps who the referral is for, to whom, and what it is about.
        if update.owner.is_some() || update.patient.is_some() || update.focus.is_some() {
            let stored = state.polku.referral(Some(user), &acting.meta, &client, &id).await.map_err(fail_of)?;
            for (element, given, kept) in [
                ("Task.owner", &update.owner, &stored.to_organization),
                ("Task.for", &update.patient, &stored.client),
                ("Task.focus", &update.focus, &stored.id),
            ] {
                if given.as_ref().is_some_and(|g| g != kept) {
                    return Err(fail(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "business-rule",
                        format!("{element} cannot change ({kept}): a referral elsewhere is a new ServiceRequest"),
                        Some(element),
                    ));
                }
            }
        }
        let r = state
            .polku
            .transition(Some(user), &acting.meta, &client, &id, version, update.change)
            .await
            .map_err(fail_of)?;
        Ok::<Response, Fail>(versioned(StatusCode::OK, &interop::referral::task(&view(&r)), r.version))
    };
    run.await.unwrap_or_else(IntoResponse::into_response)
}

const TASK_PARAMS: &[&str] = &["owner", "status", "_count", "_offset"];
/// The most inbox rows one search reads (pages of 500).
const MOST: usize = 10_000;

/// Percent-encodes all but RFC 3986 unreserved characters.
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn page_url(p: &Params, offset: usize, count: usize) -> String {
    let mut query: Vec<String> =
        ["owner", "status"].iter().filter_map(|k| p.get(k).map(|v| format!("{k}={}", encode(v)))).collect();
    query.push(format!("_count={count}"));
    query.push(format!("_offset={offset}"));
    format!("/fhir/Task?{}", query.join("&"))
}

/// The producer's inbox as a searchset Bundle of (subsetted) Tasks, earliest deadline
/// first: `owner` (default the caller's organisation), `status` (codes, comma-separated),
/// `_count` and `_offset`.
async fn search_tasks(State(state): State<AppState>, acting: Acting, RawQuery(raw): RawQuery) -> Response {
    let run = async {
        let user = signed_in(&acting)?;
        let p = Params::parse(raw.as_deref())
            .map_err(|_| fail(StatusCode::BAD_REQUEST, "invalid", "the query string is not valid", None))?;
        p.only(TASK_PARAMS).map_err(|e| fail(StatusCode::BAD_REQUEST, "not-supported", e.message, None))?;
        let owner = match p.get("owner") {
            None => None,
            Some(o) => {
                let id = o.strip_prefix("Organization/").unwrap_or(o);
                if id.is_empty() || id.contains('/') {
                    return Err(fail(StatusCode::BAD_REQUEST, "invalid", "owner is Organization/<id>", None));
                }
                Some(id.to_owned())
            }
        };
        let statuses = match p.get("status") {
            None => None,
            Some(v) => Some(
                v.split(',')
                    .map(|c| {
                        let code = c.rsplit('|').next().unwrap_or(c).trim();
                        Status::parse(code).ok_or_else(|| {
                            fail(StatusCode::BAD_REQUEST, "invalid", format!("{code:?} is not a Task status"), None)
                        })
                    })
                    .collect::<Outcome<Vec<Status>>>()?,
            ),
        };
        let number = |key: &str, default: usize| -> Outcome<usize> {
            match p.get(key) {
                None => Ok(default),
                Some(v) => v.parse::<usize>().map_err(|_| {
                    fail(StatusCode::BAD_REQUEST, "invalid", format!("{key} is a whole number 0 or more"), None)
                }),
            }
        };
        let count = number("_count", app::fhir::DEFAULT_COUNT)?.min(app::fhir::MAX_COUNT);
        let offset = number("_offset", 0)?;
        // The whole inbox, in pages; each read is logged by `app`.
        let mut rows: Vec<InboxItem> = Vec::new();
        let mut after: Option<app::referrals::Cursor> = None;
        loop {
            let page = state
                .polku
                .inbox(Some(user), &acting.meta, owner.as_deref(), after.as_ref(), 500)
                .await
                .map_err(|e| app_fail("Task", e))?;
            let full = page.len() == 500;
            after = page.last().map(|l| {
                (
                    l.due_on.unwrap_or_else(|| chrono::NaiveDate::from_ymd_opt(9999, 12, 31).expect("a date")),
                    l.id.clone(),
                )
            });
            rows.extend(page);
            if !full || rows.len() >= MOST {
                break;
            }
        }
        let matches: Vec<&InboxItem> =
            rows.iter().filter(|r| statuses.as_ref().is_none_or(|s| s.contains(&r.status))).collect();
        let total = matches.len();
        let resources: Vec<Value> =
            matches.iter().skip(offset).take(count).map(|r| interop::referral::task(&summary(r))).collect();
        let mut links = vec![("self", page_url(&p, offset, count))];
        if count > 0 && offset.saturating_add(count) < total {
            links.push(("next", page_url(&p, offset + count, count)));
        }
        let end = offset.min(total);
        if count > 0 && end > 0 {
            let start = end.saturating_sub(count);
            links.push(("previous", page_url(&p, start, end - start)));
        }
        Ok::<Response, Fail>(fhir_json(StatusCode::OK, &interop::fhir::searchset(resources, total, &links)))
    };
    run.await.unwrap_or_else(IntoResponse::into_response)
}

/// A client as a minimal Patient, read through the access log (their identity).
async fn read_patient(State(state): State<AppState>, acting: Acting, Path(id): Path<String>) -> Response {
    let run = async {
        let user = signed_in(&acting)?;
        if !app::clients::well_formed_id(&id) {
            return Err(fail(StatusCode::NOT_FOUND, "not-found", format!("no Patient {id}"), None));
        }
        let answer = state
            .polku
            .client_access(Some(user), &acting.meta, &id, app::clients::Op::Read(domain::client::Record::Identity))
            .await
            .map_err(|e| app_fail("Patient", e))?;
        match answer {
            app::clients::Answer::Client(c) => Ok::<Response, Fail>(fhir_json(
                StatusCode::OK,
                &interop::referral::patient(&c.id, &c.details, c.updated_at),
            )),
            _ => Err(internal()),
        }
    };
    run.await.unwrap_or_else(IntoResponse::into_response)
}
