//! FHIR R4 closed-loop referrals over HTTP: a navigator posts a ServiceRequest, the
//! receiving producer moves its Task through accepted to completed from the versions it
//! read (412 on a stale one), the state machine's refusals come back as
//! OperationOutcomes, the inbox is a searchset Bundle, Patient references resolve, the
//! resources read with fhirbolt's R4 model, and every access is in the access log.

use crate::{Reply, TestApp, demo_app};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::client::{Hetu, Role};
use fhirbolt::model::r4::Resource;
use serde_json::{Value, json};

const HOMECARE: &str = "org-itu-homecare";
const FHIR: &str = "application/fhir+json";

fn r4(reply: &Reply) -> Resource {
    fhirbolt::serde::json::from_str(&reply.body, None).unwrap_or_else(|e| panic!("not valid R4 ({e}): {}", reply.body))
}

async fn fhir(
    app: &TestApp,
    method: &str,
    uri: &str,
    token: Option<&str>,
    if_match: Option<&str>,
    body: Option<&Value>,
) -> Reply {
    let mut request = Request::builder().method(method).uri(uri).header(header::ACCEPT, FHIR);
    if let Some(t) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    if let Some(v) = if_match {
        request = request.header(header::IF_MATCH, v);
    }
    let body = match body {
        Some(b) => {
            request = request.header(header::CONTENT_TYPE, FHIR);
            Body::from(b.to_string())
        }
        None => Body::empty(),
    };
    app.send(request.body(body).unwrap()).await
}

struct World {
    app: TestApp,
    nav: String,
    pro: String,
    auditor: String,
    client: String,
}

async fn world() -> World {
    let app = demo_app().await;
    let nav = app.user("nina", &[Role::Navigator], Some("org-itu")).await;
    let hetu = Hetu::from_parts(chrono::NaiveDate::from_ymd_opt(1950, 3, 1).unwrap(), 101).expose().to_owned();
    let body = json!({
        "hetu": hetu, "given_name": "Aino", "family_name": "Virtanen", "municipality": "638",
        "language": "fi", "interpreter": false, "contact": { "phone": "+358 40 123 4567" }
    });
    let reply = app.json("POST", "/api/v1/clients", Some(&nav), &body.to_string()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let client = reply.json()["id"].as_str().unwrap().to_owned();
    let pro = app.user("pekka", &[Role::Professional], Some(HOMECARE)).await;
    let auditor = app.user("aulis", &[Role::Auditor], None).await;
    World { app, nav, pro, auditor, client }
}

fn request(client: &str, to: &str, service: &str) -> Value {
    json!({
        "resourceType": "ServiceRequest", "status": "active", "intent": "order",
        "subject": {"reference": format!("Patient/{client}")},
        "performer": [{"reference": format!("Organization/{to}")}],
        "code": {"coding": [{"system": "https://polku.fi/fhir/CodeSystem/service", "code": service}]},
        "note": [{"text": "Tarvitsee apua kotona"}],
    })
}

async fn refer(w: &World, service: &str) -> String {
    let reply =
        fhir(&w.app, "POST", "/fhir/ServiceRequest", Some(&w.nav), None, Some(&request(&w.client, HOMECARE, service)))
            .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    reply.json()["id"].as_str().unwrap().to_owned()
}

fn task(id: &str, status: &str) -> Value {
    json!({"resourceType": "Task", "id": id, "status": status, "intent": "order"})
}

fn issue(reply: &Reply) -> Value {
    let o = reply.json();
    assert_eq!(o["resourceType"], "OperationOutcome", "{}", reply.body);
    assert!(matches!(r4(reply), Resource::OperationOutcome(_)));
    o["issue"][0].clone()
}

fn audit_rows(reply: &Reply) -> Vec<Value> {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_referral_goes_round_the_closed_loop_in_fhir() {
    let w = world().await;
    let app = &w.app;

    // The navigator posts the ServiceRequest: 201, its version's Location, the Task linked.
    let made = fhir(
        app,
        "POST",
        "/fhir/ServiceRequest",
        Some(&w.nav),
        None,
        Some(&request(&w.client, HOMECARE, "svc-home-care")),
    )
    .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert!(matches!(r4(&made), Resource::ServiceRequest(_)));
    let id = made.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(made.headers[header::LOCATION], format!("/fhir/ServiceRequest/{id}/_history/1"));
    assert_eq!(made.headers[header::ETAG], "W/\"1\"");
    assert_eq!(made.headers[header::CONTENT_TYPE], FHIR);
    assert!(made.headers[header::LINK].to_str().unwrap().contains(&format!("/fhir/Task/{id}")));
    let sr = made.json();
    assert_eq!((sr["status"].as_str(), sr["intent"].as_str()), (Some("active"), Some("order")));
    assert_eq!(sr["subject"]["reference"], format!("Patient/{}", w.client));
    assert_eq!(sr["performer"][0]["reference"], format!("Organization/{HOMECARE}"));
    assert_eq!(sr["requester"]["reference"], "Organization/org-itu");

    // Both sides read it; the Task is requested, its version the ETag.
    let read = fhir(app, "GET", &format!("/fhir/Task/{id}"), Some(&w.pro), None, None).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert!(matches!(r4(&read), Resource::Task(_)));
    assert_eq!(read.headers[header::ETAG], "W/\"1\"");
    let t = read.json();
    assert_eq!(t["status"], "requested");
    assert_eq!(t["focus"]["reference"], format!("ServiceRequest/{id}"));
    assert_eq!(t["owner"]["reference"], format!("Organization/{HOMECARE}"));
    assert_eq!(t["meta"]["versionId"], "1");
    let read = fhir(app, "GET", &format!("/fhir/ServiceRequest/{id}"), Some(&w.pro), None, None).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert!(matches!(r4(&read), Resource::ServiceRequest(_)));

    // The producer accepts it from version 1.
    let accepted =
        fhir(app, "PUT", &format!("/fhir/Task/{id}"), Some(&w.pro), Some("W/\"1\""), Some(&task(&id, "accepted")))
            .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    assert!(matches!(r4(&accepted), Resource::Task(_)));
    assert_eq!(accepted.headers[header::ETAG], "W/\"2\"");
    assert_eq!(accepted.json()["status"], "accepted");

    // A change from version 1 again is stale: 412, nothing changes.
    let stale =
        fhir(app, "PUT", &format!("/fhir/Task/{id}"), Some(&w.pro), Some("W/\"1\""), Some(&task(&id, "in-progress")))
            .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED, "{}", stale.body);
    assert_eq!(issue(&stale)["code"], "conflict");
    assert_eq!(stale.headers[header::ETAG], "W/\"2\"");
    let now = fhir(app, "GET", &format!("/fhir/Task/{id}"), Some(&w.pro), None, None).await.json();
    assert_eq!((now["status"].as_str(), now["meta"]["versionId"].as_str()), (Some("accepted"), Some("2")));

    // No version at all: 428; meta.versionId serves when there is no If-Match.
    let blind =
        fhir(app, "PUT", &format!("/fhir/Task/{id}"), Some(&w.pro), None, Some(&task(&id, "in-progress"))).await;
    assert_eq!(blind.status, StatusCode::PRECONDITION_REQUIRED, "{}", blind.body);
    let mut body = task(&id, "in-progress");
    body["meta"] = json!({"versionId": "2"});
    let going = fhir(app, "PUT", &format!("/fhir/Task/{id}"), Some(&w.pro), None, Some(&body)).await;
    assert_eq!(going.status, StatusCode::OK, "{}", going.body);
    assert_eq!(going.headers[header::ETAG], "W/\"3\"");

    // Another id in the body than in the URL: 400.
    let other = fhir(
        app,
        "PUT",
        &format!("/fhir/Task/{id}"),
        Some(&w.pro),
        Some("W/\"3\""),
        Some(&task("referral-x", "completed")),
    )
    .await;
    assert_eq!(other.status, StatusCode::BAD_REQUEST, "{}", other.body);
    assert_eq!(issue(&other)["expression"][0], "Task.id");

    // Completing needs its outcome: refused with the element named.
    let bare =
        fhir(app, "PUT", &format!("/fhir/Task/{id}"), Some(&w.pro), Some("W/\"3\""), Some(&task(&id, "completed")))
            .await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bare.body);
    let i = issue(&bare);
    assert_eq!((i["code"].as_str(), i["expression"][0].as_str()), (Some("business-rule"), Some("Task.output")));

    // Completed, with the outcome and the client's feedback.
    let mut done = task(&id, "completed");
    done["output"] = json!([
        {"type": {"coding": [{"system": "https://polku.fi/fhir/CodeSystem/referral-output", "code": "outcome"}]},
         "valueCodeableConcept": {"coding": [{"system": "https://polku.fi/fhir/CodeSystem/referral-outcome", "code": "service-started"}]}},
        {"type": {"coding": [{"system": "https://polku.fi/fhir/CodeSystem/referral-output", "code": "feedback"}]},
         "valueString": "Hyvä palvelu"},
    ]);
    done["note"] = json!([{"text": "Kotihoito alkoi"}]);
    let completed = fhir(app, "PUT", &format!("/fhir/Task/{id}"), Some(&w.pro), Some("W/\"3\""), Some(&done)).await;
    assert_eq!(completed.status, StatusCode::OK, "{}", completed.body);
    assert!(matches!(r4(&completed), Resource::Task(_)));
    let t = completed.json();
    assert_eq!(t["status"], "completed");
    assert_eq!(t["output"][0]["valueCodeableConcept"]["coding"][0]["code"], "service-started");
    assert_eq!(t["output"][1]["valueString"], "Hyvä palvelu");
    assert!(
        t["note"].as_array().unwrap().iter().any(|n| n["text"] == "Kotihoito alkoi" && n["authorString"] == "pekka")
    );
    let sr = fhir(app, "GET", &format!("/fhir/ServiceRequest/{id}"), Some(&w.nav), None, None).await.json();
    assert_eq!(sr["status"], "completed");

    // A completed referral is never reopened. The producer's basis (the open referral)
    // is gone: 403; the navigator's queue remains, and the machine refuses: 422 on Task.status.
    let reopen =
        fhir(app, "PUT", &format!("/fhir/Task/{id}"), Some(&w.pro), Some("W/\"4\""), Some(&task(&id, "in-progress")))
            .await;
    assert_eq!(reopen.status, StatusCode::FORBIDDEN, "{}", reopen.body);
    assert_eq!(issue(&reopen)["code"], "forbidden");
    let reopen =
        fhir(app, "PUT", &format!("/fhir/Task/{id}"), Some(&w.nav), Some("W/\"4\""), Some(&task(&id, "in-progress")))
            .await;
    assert_eq!(reopen.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reopen.body);
    let i = issue(&reopen);
    assert_eq!((i["code"].as_str(), i["expression"][0].as_str()), (Some("business-rule"), Some("Task.status")));
    assert!(i["diagnostics"].as_str().unwrap().contains("final"), "{i}");

    // The navigator cannot accept on the producer's behalf; a stranger reads nothing.
    let second = refer(&w, "svc-home-care").await;
    let wrong = fhir(
        app,
        "PUT",
        &format!("/fhir/Task/{second}"),
        Some(&w.nav),
        Some("W/\"1\""),
        Some(&task(&second, "accepted")),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", wrong.body);
    let anonymous = fhir(app, "GET", &format!("/fhir/Task/{second}"), None, None, None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(issue(&anonymous)["code"], "login");

    // Every read and change is in the access log, under the client.
    let rows = audit_rows(
        &app.json("GET", &format!("/api/v1/audit?client={}&user=pekka&limit=1000", w.client), Some(&w.auditor), "")
            .await,
    );
    assert!(rows.iter().filter(|r| r["outcome"] == "ok").count() >= 6, "{rows:?}");
    assert!(rows.iter().any(|r| r["fields"].as_str().is_some_and(|f| f.contains("status:completed"))), "{rows:?}");
    assert!(rows.iter().any(|r| r["outcome"] == "stale"), "{rows:?}");
    assert!(rows.iter().any(|r| r["outcome"] == "refused_transition"), "{rows:?}");
}

#[tokio::test]
async fn bad_requests_are_refused_with_operation_outcomes() {
    let w = world().await;
    let app = &w.app;
    // An organisation that does not offer the service.
    let wrong = fhir(
        app,
        "POST",
        "/fhir/ServiceRequest",
        Some(&w.nav),
        None,
        Some(&request(&w.client, HOMECARE, "svc-doctor-appointment")),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", wrong.body);
    let i = issue(&wrong);
    assert_eq!(i["expression"][0], "ServiceRequest.performer", "{i}");
    assert!(i["diagnostics"].as_str().unwrap().contains("does not offer"), "{i}");
    // A Patient that does not exist.
    let nobody = fhir(
        app,
        "POST",
        "/fhir/ServiceRequest",
        Some(&w.nav),
        None,
        Some(&request("client-nobody", HOMECARE, "svc-home-care")),
    )
    .await;
    assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", nobody.body);
    assert_eq!(issue(&nobody)["expression"][0], "ServiceRequest.subject");
    // Unreadable resources: 400 at the element.
    let mut odd = request(&w.client, HOMECARE, "svc-home-care");
    odd["status"] = json!("completed");
    let reply = fhir(app, "POST", "/fhir/ServiceRequest", Some(&w.nav), None, Some(&odd)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert_eq!(issue(&reply)["expression"][0], "ServiceRequest.status");
    // Not FHIR JSON: 415.
    let plain = Request::post("/fhir/ServiceRequest")
        .header(header::AUTHORIZATION, format!("Bearer {}", w.nav))
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("hello"))
        .unwrap();
    assert_eq!(app.send(plain).await.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // Nobody's referral: 404.
    let missing = fhir(app, "GET", "/fhir/Task/referral-nope", Some(&w.pro), None, None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(issue(&missing)["code"], "not-found");
    // A reason that is not one of ours.
    let id = refer(&w, "svc-home-care").await;
    let mut body = task(&id, "rejected");
    body["statusReason"] =
        json!({"coding": [{"system": "https://polku.fi/fhir/CodeSystem/referral-reason", "code": "bored"}]});
    let reply = fhir(app, "PUT", &format!("/fhir/Task/{id}"), Some(&w.pro), Some("W/\"1\""), Some(&body)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert_eq!(issue(&reply)["expression"][0], "Task.statusReason.coding.code");
    // Rejecting without a reason is the machine's refusal.
    let reply =
        fhir(app, "PUT", &format!("/fhir/Task/{id}"), Some(&w.pro), Some("W/\"1\""), Some(&task(&id, "rejected")))
            .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert_eq!(issue(&reply)["expression"][0], "Task.statusReason");
    body["statusReason"]["coding"][0]["code"] = json!("no-capacity");
    // A change of state may not move the referral to another producer or client.
    for (element, reference) in
        [("owner", "Organization/org-ngo-folk"), ("for", "Patient/client-x"), ("focus", "ServiceRequest/referral-x")]
    {
        let mut moved = body.clone();
        moved[element] = json!({ "reference": reference });
        let reply = fhir(app, "PUT", &format!("/fhir/Task/{id}"), Some(&w.pro), Some("W/\"1\""), Some(&moved)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{element}: {}", reply.body);
        assert_eq!(issue(&reply)["expression"][0], format!("Task.{element}"));
    }
    body["owner"] = json!({ "reference": format!("Organization/{HOMECARE}") });
    let reply = fhir(app, "PUT", &format!("/fhir/Task/{id}"), Some(&w.pro), Some("W/\"1\""), Some(&body)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["statusReason"]["coding"][0]["code"], "no-capacity");
    let sr = fhir(app, "GET", &format!("/fhir/ServiceRequest/{id}"), Some(&w.nav), None, None).await.json();
    assert_eq!(sr["status"], "revoked");
}

#[tokio::test]
async fn the_inbox_is_a_task_searchset_and_patients_resolve() {
    let w = world().await;
    let app = &w.app;
    let first = refer(&w, "svc-home-care").await;
    let second = refer(&w, "svc-home-care").await;
    // A draft is not in the inbox.
    let mut draft = request(&w.client, HOMECARE, "svc-home-care");
    draft["status"] = json!("draft");
    let reply = fhir(app, "POST", "/fhir/ServiceRequest", Some(&w.nav), None, Some(&draft)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(reply.json()["status"], "draft");

    let all = fhir(app, "GET", "/fhir/Task", Some(&w.pro), None, None).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert!(matches!(r4(&all), Resource::Bundle(_)));
    let b = all.json();
    assert_eq!((b["type"].as_str(), b["total"].as_u64()), (Some("searchset"), Some(2)));
    let ids: Vec<&str> = b["entry"].as_array().unwrap().iter().map(|e| e["resource"]["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&first.as_str()) && ids.contains(&second.as_str()), "{ids:?}");
    // Earliest deadline first.
    let due: Vec<&str> = b["entry"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["resource"]["restriction"]["period"]["end"].as_str())
        .collect();
    assert!(due.windows(2).all(|d| d[0] <= d[1]), "{due:?}");
    assert_eq!(b["entry"][0]["resource"]["meta"]["tag"][0]["code"], "SUBSETTED");

    // Paged, with links that lead on; owner and status narrow it.
    let page = fhir(app, "GET", "/fhir/Task?owner=Organization/org-itu-homecare&_count=1", Some(&w.pro), None, None)
        .await
        .json();
    assert_eq!((page["total"].as_u64(), page["entry"].as_array().map(Vec::len)), (Some(2), Some(1)));
    let links: Vec<(&str, &str)> = page["link"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["relation"].as_str().unwrap(), l["url"].as_str().unwrap()))
        .collect();
    let next = links.iter().find(|l| l.0 == "next").expect("a next link").1;
    assert!(links.iter().any(|l| l.0 == "self"), "{links:?}");
    let next = fhir(app, "GET", next, Some(&w.pro), None, None).await.json();
    assert_eq!(next["entry"].as_array().map(Vec::len), Some(1));
    assert_ne!(next["entry"][0]["resource"]["id"], page["entry"][0]["resource"]["id"]);
    let accepted = fhir(
        app,
        "PUT",
        &format!("/fhir/Task/{first}"),
        Some(&w.pro),
        Some("W/\"1\""),
        Some(&task(&first, "accepted")),
    )
    .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    let only = fhir(app, "GET", "/fhir/Task?status=accepted", Some(&w.pro), None, None).await.json();
    assert_eq!(only["total"], 1);
    assert_eq!(only["entry"][0]["resource"]["id"], first.as_str());
    let none = fhir(app, "GET", "/fhir/Task?status=completed", Some(&w.pro), None, None).await;
    assert!(matches!(r4(&none), Resource::Bundle(_)));
    assert_eq!(none.json()["total"], 0);
    // Another organisation's inbox is its own staff's; unknown parameters are refused.
    let foreign = fhir(app, "GET", "/fhir/Task?owner=Organization/org-itu", Some(&w.pro), None, None).await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    assert_eq!(issue(&foreign)["code"], "forbidden");
    let odd = fhir(app, "GET", "/fhir/Task?colour=red", Some(&w.pro), None, None).await;
    assert_eq!(odd.status, StatusCode::BAD_REQUEST);
    let odd = fhir(app, "GET", "/fhir/Task?status=ready", Some(&w.pro), None, None).await;
    assert_eq!(odd.status, StatusCode::BAD_REQUEST);

    // The Task's subject resolves for the producer (its open referral is the basis).
    let patient = fhir(app, "GET", &format!("/fhir/Patient/{}", w.client), Some(&w.pro), None, None).await;
    assert_eq!(patient.status, StatusCode::OK, "{}", patient.body);
    assert!(matches!(r4(&patient), Resource::Patient(_)));
    let p = patient.json();
    assert_eq!(p["identifier"][0]["system"], "urn:oid:1.2.246.21");
    assert_eq!((p["name"][0]["family"].as_str(), p["birthDate"].as_str()), (Some("Virtanen"), Some("1950-03-01")));
    // Someone without a basis is refused, and that is logged too.
    let stranger = app.user("paula", &[Role::Professional], Some("org-ngo-seniors")).await;
    let refused = fhir(app, "GET", &format!("/fhir/Patient/{}", w.client), Some(&stranger), None, None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert_eq!(issue(&refused)["code"], "forbidden");
    let missing = fhir(app, "GET", "/fhir/Patient/client-nobody", Some(&w.pro), None, None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    let rows = audit_rows(&app.json("GET", "/api/v1/audit?user=pekka&limit=1000", Some(&w.auditor), "").await);
    assert!(rows.iter().any(|r| r["fields"].as_str().is_some_and(|f| f.starts_with("inbox:"))), "{rows:?}");
    assert!(
        rows.iter()
            .any(|r| r["client"] == w.client.as_str() && r["fields"].as_str().is_some_and(|f| f.starts_with("hetu"))),
        "{rows:?}"
    );
    let refused = audit_rows(&app.json("GET", "/api/v1/audit?user=paula&outcome=refused", Some(&w.auditor), "").await);
    assert_eq!(refused.len(), 1, "{refused:?}");
}

#[tokio::test]
async fn the_capability_statement_names_the_referral_resources() {
    let app = demo_app().await;
    let reply = app.get("/fhir/metadata").await;
    assert!(matches!(r4(&reply), Resource::CapabilityStatement(_)));
    let statement = reply.json();
    let resources = statement["rest"][0]["resource"].as_array().unwrap();
    let find = |kind: &str| resources.iter().find(|r| r["type"] == kind).unwrap_or_else(|| panic!("{kind}"));
    let interactions = |kind: &str| -> Vec<String> {
        find(kind)["interaction"].as_array().unwrap().iter().map(|i| i["code"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(interactions("ServiceRequest"), ["read", "create"]);
    assert_eq!(interactions("Task"), ["read", "update", "search-type"]);
    assert_eq!(interactions("Patient"), ["read"]);
    let params: Vec<&str> =
        find("Task")["searchParam"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(params, ["owner", "status", "_count", "_offset"]);
}
