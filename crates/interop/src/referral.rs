//! HL7 FHIR R4 closed-loop referrals, as the Gravity SDOH Clinical Care guide shapes
//! them: the request is a `ServiceRequest`, its fulfilment a `Task` whose status is the
//! referral's state (`domain::referral::Status` are Task status codes), with the reason
//! in `statusReason` and the outcome of a completion in `output`; the client is a
//! minimal `Patient`. Both directions are pure conversions: a referral (as a
//! [`ReferralView`] that the caller fills) into resources, and a posted `ServiceRequest`
//! or a `Task` put back into what Polku does with it, with typed errors that name the
//! FHIRPath of the problem.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use domain::client::ClientDetails;
use domain::referral::{Change, Outcome, OutcomeKind, Reason, Status};
use domain::text::Lang;
use serde_json::{Map, Value, json};

/// The services of the catalog, by id (`HealthcareService/<id>` is the same service).
pub const SERVICE_SYSTEM: &str = "https://polku.fi/fhir/CodeSystem/service";
/// Why a referral was rejected, cancelled, put on hold or failed (`domain::referral::Reason`).
pub const REASON_SYSTEM: &str = "https://polku.fi/fhir/CodeSystem/referral-reason";
/// What a completed referral achieved (`domain::referral::OutcomeKind`).
pub const OUTCOME_SYSTEM: &str = "https://polku.fi/fhir/CodeSystem/referral-outcome";
/// The kinds of `Task.output`: `outcome` (a code of [`OUTCOME_SYSTEM`]) and `feedback`
/// (the client's own words).
pub const OUTPUT_SYSTEM: &str = "https://polku.fi/fhir/CodeSystem/referral-output";
/// The legal clocks (`data/rules/clocks/`) whose deadlines a referral has (`Task.input`).
pub const CLOCK_SYSTEM: &str = "https://polku.fi/fhir/CodeSystem/legal-clock";
/// The Finnish personal identity code (henkilötunnus).
pub const HETU_SYSTEM: &str = "urn:oid:1.2.246.21";
const TASK_CODE_SYSTEM: &str = "http://hl7.org/fhir/CodeSystem/task-code";
const SUBSETTED_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

/// A note written with a change of state.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteView {
    pub at: DateTime<Utc>,
    pub by: String,
    pub text: String,
}

/// One legal deadline of a referral.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadlineView {
    pub clock: String,
    /// The clock's name in English.
    pub name: String,
    pub due_on: NaiveDate,
    pub met: bool,
}

/// What the resources say of one referral. A row of a listing (no notes, reasons,
/// outcome or deadlines) has `complete` false: its Task is tagged SUBSETTED.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferralView {
    pub id: String,
    pub client: String,
    pub from_organization: Option<String>,
    pub to_organization: String,
    pub service: String,
    pub status: Status,
    pub reason: Option<Reason>,
    /// The note the referral was made with.
    pub request_note: Option<String>,
    /// Every note, oldest first (the request's included).
    pub notes: Vec<NoteView>,
    pub outcome: Option<Outcome>,
    pub version: i64,
    pub created_by: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    pub requested_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The earliest deadline not yet met.
    pub due_on: Option<NaiveDate>,
    pub deadlines: Vec<DeadlineView>,
    pub complete: bool,
}

fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `ServiceRequest.status` of a referral's state: a draft is a draft; sent and not ended
/// is active; completed is completed; refused, failed or cancelled is revoked.
pub fn service_request_status(status: Status) -> &'static str {
    match status {
        Status::Draft => "draft",
        Status::Requested | Status::Accepted | Status::InProgress | Status::OnHold => "active",
        Status::Completed => "completed",
        Status::Rejected | Status::Failed | Status::Cancelled => "revoked",
        Status::EnteredInError => "entered-in-error",
    }
}

fn meta(v: &ReferralView) -> Value {
    let mut m = json!({"versionId": v.version.to_string(), "lastUpdated": instant(v.updated_at)});
    if !v.complete {
        m["tag"] = json!([{"system": SUBSETTED_SYSTEM, "code": "SUBSETTED", "display": "subsetted"}]);
    }
    m
}

fn organization(id: &str) -> Value {
    json!({"reference": format!("Organization/{id}")})
}

/// Who asked: the referring organisation when known, else the user by name.
fn requester(v: &ReferralView) -> Option<Value> {
    match (&v.from_organization, &v.created_by) {
        (Some(org), _) => Some(organization(org)),
        (None, Some(user)) => Some(json!({"display": user})),
        (None, None) => None,
    }
}

fn service_code(service: &str) -> Value {
    json!({"coding": [{"system": SERVICE_SYSTEM, "code": service}]})
}

/// The referral as the request: what is asked, for whom, of whom.
pub fn service_request(v: &ReferralView) -> Value {
    let mut m = Map::new();
    m.insert("resourceType".into(), json!("ServiceRequest"));
    m.insert("id".into(), json!(v.id));
    m.insert("meta".into(), meta(v));
    m.insert("identifier".into(), json!([{"system": crate::fhir::POLKU_ID_SYSTEM, "value": v.id}]));
    m.insert("status".into(), json!(service_request_status(v.status)));
    m.insert("intent".into(), json!("order"));
    m.insert("code".into(), service_code(&v.service));
    m.insert("subject".into(), json!({"reference": format!("Patient/{}", v.client)}));
    if let Some(at) = v.requested_at.or(v.created_at) {
        m.insert("authoredOn".into(), json!(instant(at)));
    }
    if let Some(r) = requester(v) {
        m.insert("requester".into(), r);
    }
    m.insert("performer".into(), json!([organization(&v.to_organization)]));
    if let Some(note) = &v.request_note {
        m.insert("note".into(), json!([{"text": note}]));
    }
    Value::Object(m)
}

fn coded(system: &str, code: &str, display: &str) -> Value {
    json!({"coding": [{"system": system, "code": code, "display": display}]})
}

/// The referral's fulfilment: its state, why, by when, and what came of it.
pub fn task(v: &ReferralView) -> Value {
    let mut m = Map::new();
    m.insert("resourceType".into(), json!("Task"));
    m.insert("id".into(), json!(v.id));
    m.insert("meta".into(), meta(v));
    m.insert("identifier".into(), json!([{"system": crate::fhir::POLKU_ID_SYSTEM, "value": v.id}]));
    m.insert("basedOn".into(), json!([{"reference": format!("ServiceRequest/{}", v.id)}]));
    m.insert("status".into(), json!(v.status.code()));
    if let Some(r) = v.reason {
        m.insert("statusReason".into(), coded(REASON_SYSTEM, r.code(), r.name(Lang::En)));
    }
    m.insert("intent".into(), json!("order"));
    m.insert("code".into(), coded(TASK_CODE_SYSTEM, "fulfill", "Fulfill the focal request"));
    m.insert("focus".into(), json!({"reference": format!("ServiceRequest/{}", v.id)}));
    m.insert("for".into(), json!({"reference": format!("Patient/{}", v.client)}));
    let mut period = Map::new();
    if let Some(start) = v.requested_at {
        period.insert("start".into(), json!(instant(start)));
    }
    if let Some(end) = v.closed_at {
        period.insert("end".into(), json!(instant(end)));
    }
    if !period.is_empty() {
        m.insert("executionPeriod".into(), Value::Object(period));
    }
    if let Some(at) = v.requested_at.or(v.created_at) {
        m.insert("authoredOn".into(), json!(instant(at)));
    }
    m.insert("lastModified".into(), json!(instant(v.updated_at)));
    if let Some(r) = requester(v) {
        m.insert("requester".into(), r);
    }
    m.insert("owner".into(), organization(&v.to_organization));
    let notes: Vec<Value> =
        v.notes.iter().map(|n| json!({"authorString": n.by, "time": instant(n.at), "text": n.text})).collect();
    if !notes.is_empty() {
        m.insert("note".into(), json!(notes));
    }
    if let Some(due) = v.due_on {
        m.insert("restriction".into(), json!({"period": {"end": due.to_string()}}));
    }
    let inputs: Vec<Value> = v
        .deadlines
        .iter()
        .map(|d| {
            let mut t = coded(CLOCK_SYSTEM, &d.clock, &d.name);
            t["text"] = json!(format!("{} ({})", d.name, if d.met { "met" } else { "open" }));
            json!({"type": t, "valueDate": d.due_on.to_string()})
        })
        .collect();
    if !inputs.is_empty() {
        m.insert("input".into(), json!(inputs));
    }
    if let Some(o) = &v.outcome {
        let mut outputs = vec![json!({
            "type": coded(OUTPUT_SYSTEM, "outcome", "Outcome"),
            "valueCodeableConcept": coded(OUTCOME_SYSTEM, o.kind.code(), o.kind.name(Lang::En)),
        })];
        if let Some(f) = &o.feedback {
            outputs.push(json!({"type": coded(OUTPUT_SYSTEM, "feedback", "Client feedback"), "valueString": f}));
        }
        m.insert("output".into(), json!(outputs));
    }
    Value::Object(m)
}

/// The client, minimally: the identity code, the name and the birth date (so that a
/// referral's `subject` resolves).
pub fn patient(id: &str, details: &ClientDetails, updated_at: DateTime<Utc>) -> Value {
    let given: Vec<&str> = details.given_name.split_whitespace().collect();
    let mut name = json!({"use": "official", "family": details.family_name});
    if !given.is_empty() {
        name["given"] = json!(given);
    }
    json!({
        "resourceType": "Patient",
        "id": id,
        "meta": {"lastUpdated": instant(updated_at)},
        "identifier": [{"use": "official", "system": HETU_SYSTEM, "value": details.hetu.expose()}],
        "name": [name],
        "birthDate": details.hetu.birth_date().to_string(),
    })
}

/// One issue of an OperationOutcome; `expression` is the FHIRPath it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub code: &'static str,
    pub diagnostics: String,
    pub expression: Option<String>,
}

/// An OperationOutcome of errors.
pub fn operation_outcome(issues: &[Issue]) -> Value {
    let issues: Vec<Value> = issues
        .iter()
        .map(|i| {
            let mut v = json!({"severity": "error", "code": i.code, "diagnostics": i.diagnostics});
            if let Some(e) = &i.expression {
                v["expression"] = json!([e]);
            }
            v
        })
        .collect();
    json!({"resourceType": "OperationOutcome", "issue": issues})
}

/// What is wrong in a resource sent to Polku, and where (a FHIRPath such as
/// `Task.statusReason.coding[0].code`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {problem}")]
pub struct InputError {
    pub path: String,
    pub problem: String,
}

fn err<T>(path: impl Into<String>, problem: impl Into<String>) -> Result<T, InputError> {
    Err(InputError { path: path.into(), problem: problem.into() })
}

fn kind(body: &Value, expected: &str) -> Result<(), InputError> {
    if !body.is_object() {
        return err(expected, format!("the body is a {expected} resource (a JSON object)"));
    }
    match body.get("resourceType").and_then(Value::as_str) {
        Some(k) if k == expected => Ok(()),
        Some(k) => err(format!("{expected}.resourceType"), format!("a {expected} is expected here, not a {k}")),
        None => err(format!("{expected}.resourceType"), format!("required: \"{expected}\"")),
    }
}

fn string<'a>(body: &'a Value, path: &str, field: &str) -> Result<Option<&'a str>, InputError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => err(format!("{path}.{field}"), "a string is expected"),
    }
}

fn array<'a>(body: &'a Value, path: &str, field: &str) -> Result<&'a [Value], InputError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => err(format!("{path}.{field}"), "an array is expected"),
    }
}

fn codes(all: &[&'static str]) -> String {
    all.join(", ")
}

/// The code of a CodeableConcept at `path` in `system` (a coding without a system is
/// taken as the system's): required when the concept is there.
fn code_in<'a>(concept: &'a Value, path: &str, system: &str) -> Result<&'a str, InputError> {
    let codings = array(concept, path, "coding")?;
    if codings.is_empty() {
        return err(format!("{path}.coding"), format!("a coding of {system} is required"));
    }
    for (i, c) in codings.iter().enumerate() {
        let at = format!("{path}.coding[{i}]");
        let s = string(c, &at, "system")?;
        if s.is_none_or(|s| s == system) {
            return match string(c, &at, "code")? {
                Some(code) => Ok(code),
                None => err(format!("{at}.code"), "required"),
            };
        }
    }
    err(format!("{path}.coding"), format!("no coding of {system}"))
}

/// The version given in the body (`meta.versionId`), if any.
fn version_id(body: &Value, path: &str) -> Result<Option<i64>, InputError> {
    let Some(meta) = body.get("meta") else { return Ok(None) };
    match string(meta, &format!("{path}.meta"), "versionId")? {
        None => Ok(None),
        Some(v) => v
            .parse::<i64>()
            .map(Some)
            .or_else(|_| err(format!("{path}.meta.versionId"), format!("a version number is expected, not {v:?}"))),
    }
}

/// A `Task` put back: the change of state it asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskUpdate {
    /// `Task.id` (it must be the id in the URL).
    pub id: Option<String>,
    /// `Task.meta.versionId`, the version it was read at.
    pub version: Option<i64>,
    pub change: Change,
    /// The ids `Task.owner` (Organization), `Task.for` (Patient) and `Task.focus`
    /// (ServiceRequest) name, when given: a change of state may not change them.
    pub owner: Option<String>,
    pub patient: Option<String>,
    pub focus: Option<String>,
}

/// Reads the change a `Task` asks for: `status` (a Task status code Polku uses),
/// `statusReason` (a code of [`REASON_SYSTEM`]), the notes that are new (those without a
/// `time`; the server's own carry one), and for a completion the `output` of type
/// `outcome` (a code of [`OUTCOME_SYSTEM`]) and optionally `feedback` (a string). The
/// other elements are the server's and are not read.
pub fn task_update(body: &Value) -> Result<TaskUpdate, InputError> {
    kind(body, "Task")?;
    let id = string(body, "Task", "id")?.map(str::to_owned);
    let version = version_id(body, "Task")?;
    let status = match string(body, "Task", "status")? {
        None => return err("Task.status", "required"),
        Some(code) => Status::parse(code).map_or_else(
            || {
                err(
                    "Task.status",
                    format!("{code:?} is not a state of a referral: one of {}", codes(&Status::ALL.map(Status::code))),
                )
            },
            Ok,
        )?,
    };
    let reason = match body.get("statusReason") {
        None | Some(Value::Null) => None,
        Some(concept) => {
            let code = code_in(concept, "Task.statusReason", REASON_SYSTEM)?;
            Some(Reason::parse(code).map_or_else(
                || {
                    err(
                        "Task.statusReason.coding.code",
                        format!("{code:?} is not a reason: one of {}", codes(&Reason::ALL.map(Reason::code))),
                    )
                },
                Ok,
            )?)
        }
    };
    let mut notes = Vec::new();
    for (i, n) in array(body, "Task", "note")?.iter().enumerate() {
        let at = format!("Task.note[{i}]");
        if n.get("time").is_some() {
            continue;
        }
        match string(n, &at, "text")? {
            Some(t) if !t.trim().is_empty() => notes.push(t.trim().to_owned()),
            _ => return err(format!("{at}.text"), "a new note needs its text"),
        }
    }
    let note = (!notes.is_empty()).then(|| notes.join("\n\n"));
    let mut kind_of = None;
    let mut feedback = None;
    for (i, o) in array(body, "Task", "output")?.iter().enumerate() {
        let at = format!("Task.output[{i}]");
        let Some(t) = o.get("type") else { return err(format!("{at}.type"), "required") };
        match code_in(t, &format!("{at}.type"), OUTPUT_SYSTEM)? {
            "outcome" => {
                let Some(v) = o.get("valueCodeableConcept") else {
                    return err(format!("{at}.valueCodeableConcept"), "an outcome is a code of referral-outcome");
                };
                let path = format!("{at}.valueCodeableConcept");
                let code = code_in(v, &path, OUTCOME_SYSTEM)?;
                let k = OutcomeKind::parse(code).map_or_else(
                    || {
                        err(
                            format!("{path}.coding.code"),
                            format!(
                                "{code:?} is not an outcome: one of {}",
                                codes(&OutcomeKind::ALL.map(OutcomeKind::code))
                            ),
                        )
                    },
                    Ok,
                )?;
                if kind_of.replace(k).is_some() {
                    return err(at, "one outcome only");
                }
            }
            "feedback" => match string(o, &at, "valueString")? {
                Some(f) if feedback.is_none() => feedback = Some(f.to_owned()),
                Some(_) => return err(at, "one feedback only"),
                None => return err(format!("{at}.valueString"), "the client's feedback is a string"),
            },
            other => {
                return err(
                    format!("{at}.type"),
                    format!("{other:?} is not an output Polku takes: outcome or feedback"),
                );
            }
        }
    }
    let outcome = match (kind_of, feedback) {
        (Some(kind), feedback) => Some(Outcome { kind, feedback }),
        (None, None) => None,
        (None, Some(_)) => return err("Task.output", "feedback goes with an outcome"),
    };
    let named = |element: &str, kind: &str| -> Result<Option<String>, InputError> {
        match body.get(element) {
            None | Some(Value::Null) => Ok(None),
            Some(r) => reference_to(r, &format!("Task.{element}"), kind).map(|id| Some(id.to_owned())),
        }
    };
    Ok(TaskUpdate {
        id,
        version,
        change: Change { to: status, reason, note, outcome },
        owner: named("owner", "Organization")?,
        patient: named("for", "Patient")?,
        focus: named("focus", "ServiceRequest")?,
    })
}

/// A `ServiceRequest` posted: a new referral.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceRequestInput {
    /// The client's id (`subject`: `Patient/<id>`).
    pub client: String,
    /// The receiving producer (`performer`: `Organization/<id>`).
    pub to_organization: String,
    /// The service's id (`code`, a coding of [`SERVICE_SYSTEM`]).
    pub service: String,
    /// `active`: sent at once; `draft`: kept as a draft.
    pub send: bool,
    pub note: Option<String>,
}

fn reference_to<'a>(reference: &'a Value, path: &str, kind: &str) -> Result<&'a str, InputError> {
    let Some(r) = string(reference, path, "reference")? else {
        return err(format!("{path}.reference"), format!("required: \"{kind}/<id>\""));
    };
    match r.strip_prefix(kind).and_then(|r| r.strip_prefix('/')) {
        Some(id) if !id.is_empty() && !id.contains('/') => Ok(id),
        _ => err(format!("{path}.reference"), format!("\"{kind}/<id>\" is expected, not {r:?}")),
    }
}

/// Reads a new referral from a `ServiceRequest`: `status` (`active` sends it, `draft`
/// keeps it), `intent` `order`, `subject` (`Patient/<client id>`), one `performer`
/// (`Organization/<id>`), `code` (a coding of [`SERVICE_SYSTEM`]) and `note` (joined).
pub fn service_request_input(body: &Value) -> Result<ServiceRequestInput, InputError> {
    kind(body, "ServiceRequest")?;
    let send = match string(body, "ServiceRequest", "status")? {
        Some("active") => true,
        Some("draft") => false,
        Some(other) => {
            return err("ServiceRequest.status", format!("a new referral is active or draft, not {other:?}"));
        }
        None => return err("ServiceRequest.status", "required: active (send it) or draft"),
    };
    match string(body, "ServiceRequest", "intent")? {
        Some("order") => {}
        Some(other) => return err("ServiceRequest.intent", format!("a referral is an order, not {other:?}")),
        None => return err("ServiceRequest.intent", "required: order"),
    }
    let Some(subject) = body.get("subject") else { return err("ServiceRequest.subject", "required: Patient/<id>") };
    let client = reference_to(subject, "ServiceRequest.subject", "Patient")?.to_owned();
    let performers = array(body, "ServiceRequest", "performer")?;
    let to_organization = match performers {
        [one] => reference_to(one, "ServiceRequest.performer[0]", "Organization")?.to_owned(),
        [] => return err("ServiceRequest.performer", "required: the receiving Organization/<id>"),
        _ => return err("ServiceRequest.performer", "one receiving organisation"),
    };
    let Some(code) = body.get("code") else {
        return err("ServiceRequest.code", format!("required: a coding of {SERVICE_SYSTEM}"));
    };
    let service = code_in(code, "ServiceRequest.code", SERVICE_SYSTEM)?.to_owned();
    let mut notes = Vec::new();
    for (i, n) in array(body, "ServiceRequest", "note")?.iter().enumerate() {
        match string(n, &format!("ServiceRequest.note[{i}]"), "text")? {
            Some(t) if !t.trim().is_empty() => notes.push(t.trim().to_owned()),
            _ => return err(format!("ServiceRequest.note[{i}].text"), "a note needs its text"),
        }
    }
    let note = (!notes.is_empty()).then(|| notes.join("\n\n"));
    Ok(ServiceRequestInput { client, to_organization, service, send, note })
}

#[cfg(test)]
mod tests {
    use super::*;
    use fhirbolt::model::r4::Resource;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn view() -> ReferralView {
        ReferralView {
            id: "referral-abc".into(),
            client: "client-123".into(),
            from_organization: Some("org-itu".into()),
            to_organization: "org-itu-homecare".into(),
            service: "svc-home-care".into(),
            status: Status::Completed,
            reason: None,
            request_note: Some("Needs help at home".into()),
            notes: vec![
                NoteView { at: at("2026-11-23T10:00:00Z"), by: "nina".into(), text: "Needs help at home".into() },
                NoteView { at: at("2026-11-25T09:00:00Z"), by: "pekka".into(), text: "Visits twice a day".into() },
            ],
            outcome: Some(Outcome { kind: OutcomeKind::ServiceStarted, feedback: Some("Kiitos".into()) }),
            version: 3,
            created_by: Some("nina".into()),
            created_at: Some(at("2026-11-23T10:00:00Z")),
            requested_at: Some(at("2026-11-23T10:00:00Z")),
            updated_at: at("2026-11-25T09:00:00Z"),
            closed_at: Some(at("2026-11-25T09:00:00Z")),
            due_on: Some(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()),
            deadlines: vec![DeadlineView {
                clock: "assessment-start".into(),
                name: "Assessment starts".into(),
                due_on: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
                met: true,
            }],
            complete: true,
        }
    }

    fn r4(v: &Value) -> Resource {
        let text = v.to_string();
        fhirbolt::serde::json::from_str(&text, None).unwrap_or_else(|e| panic!("not valid R4 ({e}): {text}"))
    }

    #[test]
    fn the_resources_are_valid_r4() {
        let mut v = view();
        assert!(matches!(r4(&service_request(&v)), Resource::ServiceRequest(_)));
        assert!(matches!(r4(&task(&v)), Resource::Task(_)));
        // Every state, with and without the optional parts.
        for status in Status::ALL {
            v.status = status;
            v.reason = status.needs_reason().then_some(Reason::NoCapacity);
            v.complete = status != Status::Draft;
            assert!(matches!(r4(&task(&v)), Resource::Task(_)), "{status:?}");
            assert!(matches!(r4(&service_request(&v)), Resource::ServiceRequest(_)), "{status:?}");
        }
        let bare = ReferralView {
            from_organization: None,
            created_by: None,
            request_note: None,
            notes: vec![],
            outcome: None,
            created_at: None,
            requested_at: None,
            closed_at: None,
            due_on: None,
            deadlines: vec![],
            ..view()
        };
        assert!(matches!(r4(&task(&bare)), Resource::Task(_)));
        assert!(matches!(r4(&service_request(&bare)), Resource::ServiceRequest(_)));
        let outcome = operation_outcome(&[Issue {
            code: "business-rule",
            diagnostics: "no".into(),
            expression: Some("Task.status".into()),
        }]);
        assert!(matches!(r4(&outcome), Resource::OperationOutcome(_)));
        // The model refuses what R4 does not have, so the checks above mean something.
        let mut odd = task(&view());
        odd["colour"] = json!("red");
        assert!(fhirbolt::serde::json::from_str::<Resource>(&odd.to_string(), None).is_err());
    }

    #[test]
    fn the_task_carries_state_reason_deadline_and_outcome() {
        let mut v = view();
        let t = task(&v);
        assert_eq!(t["status"], "completed");
        assert_eq!(t["meta"]["versionId"], "3");
        assert_eq!(t["focus"]["reference"], "ServiceRequest/referral-abc");
        assert_eq!(t["for"]["reference"], "Patient/client-123");
        assert_eq!(t["owner"]["reference"], "Organization/org-itu-homecare");
        assert_eq!(t["requester"]["reference"], "Organization/org-itu");
        assert_eq!(t["restriction"]["period"]["end"], "2026-11-30");
        assert_eq!(t["output"][0]["valueCodeableConcept"]["coding"][0]["code"], "service-started");
        assert_eq!(t["output"][1]["valueString"], "Kiitos");
        assert!(t.get("statusReason").is_none());
        v.status = Status::Rejected;
        v.reason = Some(Reason::NotEligible);
        v.outcome = None;
        let t = task(&v);
        assert_eq!(
            t["statusReason"]["coding"][0],
            json!({"system": REASON_SYSTEM, "code": "not-eligible", "display": "Not eligible"})
        );
        assert!(t.get("output").is_none());
        let s = service_request(&v);
        assert_eq!((s["status"].as_str(), s["intent"].as_str()), (Some("revoked"), Some("order")));
        assert_eq!(s["code"]["coding"][0]["code"], "svc-home-care");
        assert_eq!(s["note"][0]["text"], "Needs help at home");
        v.complete = false;
        assert_eq!(task(&v)["meta"]["tag"][0]["code"], "SUBSETTED");
    }

    #[test]
    fn service_request_status_follows_the_task() {
        let expected = [
            (Status::Draft, "draft"),
            (Status::Requested, "active"),
            (Status::Accepted, "active"),
            (Status::InProgress, "active"),
            (Status::OnHold, "active"),
            (Status::Completed, "completed"),
            (Status::Rejected, "revoked"),
            (Status::Failed, "revoked"),
            (Status::Cancelled, "revoked"),
            (Status::EnteredInError, "entered-in-error"),
        ];
        for (status, code) in expected {
            assert_eq!(service_request_status(status), code, "{status:?}");
        }
    }

    #[test]
    fn a_task_read_back_is_the_same_state() {
        let t = task(&view());
        let u = task_update(&t).unwrap();
        assert_eq!((u.id.as_deref(), u.version), (Some("referral-abc"), Some(3)));
        // The server's notes carry a time: none is new.
        assert_eq!(
            u.change,
            Change {
                to: Status::Completed,
                reason: None,
                note: None,
                outcome: Some(Outcome { kind: OutcomeKind::ServiceStarted, feedback: Some("Kiitos".into()) }),
            }
        );
    }

    #[test]
    fn a_task_update_reads_status_reason_and_new_notes() {
        let body = json!({
            "resourceType": "Task", "id": "referral-abc", "status": "on-hold", "intent": "order",
            "statusReason": {"coding": [{"system": REASON_SYSTEM, "code": "waiting-for-information"}]},
            "note": [{"time": "2026-11-23T10:00:00Z", "text": "old"}, {"text": " Asked for the decision "}],
        });
        let u = task_update(&body).unwrap();
        assert_eq!(u.change.to, Status::OnHold);
        assert_eq!(u.change.reason, Some(Reason::WaitingForInformation));
        assert_eq!(u.change.note.as_deref(), Some("Asked for the decision"));
        assert_eq!(u.version, None);
    }

    #[test]
    fn wrong_tasks_are_refused_at_their_path() {
        let cases = [
            (json!([]), "Task"),
            (json!({"resourceType": "ServiceRequest"}), "Task.resourceType"),
            (json!({"resourceType": "Task"}), "Task.status"),
            (json!({"resourceType": "Task", "status": "ready"}), "Task.status"),
            (json!({"resourceType": "Task", "status": 3}), "Task.status"),
            (json!({"resourceType": "Task", "status": "accepted", "meta": {"versionId": "x"}}), "Task.meta.versionId"),
            (
                json!({"resourceType": "Task", "status": "rejected", "statusReason": {"coding": [{"code": "bored"}]}}),
                "Task.statusReason.coding.code",
            ),
            (
                json!({"resourceType": "Task", "status": "rejected", "statusReason": {"text": "full"}}),
                "Task.statusReason.coding",
            ),
            (
                json!({"resourceType": "Task", "status": "rejected", "statusReason": {"coding": [{"system": "x", "code": "no-capacity"}]}}),
                "Task.statusReason.coding",
            ),
            (json!({"resourceType": "Task", "status": "accepted", "note": [{"text": ""}]}), "Task.note[0].text"),
            (json!({"resourceType": "Task", "status": "completed", "output": [{}]}), "Task.output[0].type"),
            (
                json!({"resourceType": "Task", "status": "completed", "output": [{"type": {"coding": [{"system": OUTPUT_SYSTEM, "code": "outcome"}]}, "valueCodeableConcept": {"coding": [{"system": OUTCOME_SYSTEM, "code": "cured"}]}}]}),
                "Task.output[0].valueCodeableConcept.coding.code",
            ),
            (
                json!({"resourceType": "Task", "status": "completed", "output": [{"type": {"coding": [{"system": OUTPUT_SYSTEM, "code": "photo"}]}}]}),
                "Task.output[0].type",
            ),
            (
                json!({"resourceType": "Task", "status": "completed", "output": [{"type": {"coding": [{"system": OUTPUT_SYSTEM, "code": "feedback"}]}, "valueString": "ok"}]}),
                "Task.output",
            ),
        ];
        for (body, path) in cases {
            let e = task_update(&body).expect_err(&body.to_string());
            assert_eq!(e.path, path, "{body}: {e}");
        }
    }

    fn request() -> Value {
        json!({
            "resourceType": "ServiceRequest", "status": "active", "intent": "order",
            "subject": {"reference": "Patient/client-123"},
            "performer": [{"reference": "Organization/org-itu-homecare"}],
            "code": {"coding": [{"system": SERVICE_SYSTEM, "code": "svc-home-care"}]},
            "note": [{"text": "Needs help"}],
        })
    }

    #[test]
    fn a_service_request_is_a_new_referral() {
        let r = service_request_input(&request()).unwrap();
        assert_eq!(
            r,
            ServiceRequestInput {
                client: "client-123".into(),
                to_organization: "org-itu-homecare".into(),
                service: "svc-home-care".into(),
                send: true,
                note: Some("Needs help".into()),
            }
        );
        let mut draft = request();
        draft["status"] = json!("draft");
        assert!(!service_request_input(&draft).unwrap().send);
        // What Polku writes reads back as the same request.
        let back = service_request_input(&service_request(&view())).unwrap_err();
        assert_eq!(back.path, "ServiceRequest.status", "a completed request is not a new one");
        let v = ReferralView { status: Status::Requested, ..view() };
        let back = service_request_input(&service_request(&v)).unwrap();
        assert_eq!((back.client.as_str(), back.service.as_str()), ("client-123", "svc-home-care"));
    }

    #[test]
    fn wrong_service_requests_are_refused_at_their_path() {
        let change = |path: &str, value: Value| {
            let mut r = request();
            if value.is_null() {
                r.as_object_mut().unwrap().remove(path);
            } else {
                r[path] = value;
            }
            r
        };
        let cases = [
            (change("status", json!("completed")), "ServiceRequest.status"),
            (change("status", Value::Null), "ServiceRequest.status"),
            (change("intent", json!("plan")), "ServiceRequest.intent"),
            (change("subject", json!({"reference": "Group/1"})), "ServiceRequest.subject.reference"),
            (change("subject", json!({"reference": "Patient/"})), "ServiceRequest.subject.reference"),
            (change("subject", Value::Null), "ServiceRequest.subject"),
            (change("performer", json!([])), "ServiceRequest.performer"),
            (change("performer", json!([{"reference": "Practitioner/1"}])), "ServiceRequest.performer[0].reference"),
            (change("performer", json!({"reference": "Organization/x"})), "ServiceRequest.performer"),
            (
                change("code", json!({"coding": [{"system": "http://snomed.info/sct", "code": "1"}]})),
                "ServiceRequest.code.coding",
            ),
            (change("code", Value::Null), "ServiceRequest.code"),
            (change("note", json!([{"text": 5}])), "ServiceRequest.note[0].text"),
            (change("resourceType", json!("Task")), "ServiceRequest.resourceType"),
        ];
        for (body, path) in cases {
            let e = service_request_input(&body).expect_err(&body.to_string());
            assert_eq!(e.path, path, "{body}: {e}");
        }
    }

    #[test]
    fn a_patient_is_minimal_and_valid() {
        let details: ClientDetails = serde_json::from_value(json!({
            "hetu": domain::client::Hetu::from_parts(NaiveDate::from_ymd_opt(1950, 3, 1).unwrap(), 101).expose(),
            "given_name": "Aino Maria", "family_name": "Virtanen", "language": "fi",
        }))
        .unwrap();
        let p = patient("client-123", &details, at("2026-11-23T10:00:00Z"));
        assert!(matches!(r4(&p), Resource::Patient(_)));
        assert_eq!(p["identifier"][0]["system"], HETU_SYSTEM);
        assert_eq!(p["name"][0]["given"], json!(["Aino", "Maria"]));
        assert_eq!(p["birthDate"], "1950-03-01");
    }
}
