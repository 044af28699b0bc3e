//! Service paths through the HTTP API: a referral made, found in the producer's inbox,
//! moved through its states from the version read (`If-Match`), refused where the state
//! machine or the version says no, its deadlines from the clocks, every change in the
//! access log; the client's path; the measures; subscriptions for the administrator.

use crate::demo_app;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::client::{Hetu, Role};
use serde_json::{Value, json};

const HOMECARE: &str = "org-itu-homecare";

fn client_body(n: u16) -> String {
    let hetu = Hetu::from_parts(chrono::NaiveDate::from_ymd_opt(1950, 3, 1).unwrap(), n);
    json!({
        "hetu": hetu.expose(), "given_name": "Aino", "family_name": "Virtanen", "municipality": "638",
        "language": "fi", "interpreter": false
    })
    .to_string()
}

/// A state change with `If-Match`.
async fn change(
    app: &crate::TestApp,
    token: &str,
    referral: &str,
    if_match: Option<&str>,
    body: Value,
) -> crate::Reply {
    let mut request = Request::post(format!("/api/v1/referrals/{referral}/status"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    if let Some(tag) = if_match {
        request = request.header(header::IF_MATCH, tag);
    }
    app.send(request.body(Body::from(body.to_string())).unwrap()).await
}

#[tokio::test]
async fn a_referral_closes_its_loop_over_http_with_versions_deadlines_and_the_access_log() {
    let app = demo_app().await;
    let nav = app.user("nina", &[Role::Navigator], Some("org-itu")).await;
    let pro = app.user("pekka", &[Role::Professional], Some(HOMECARE)).await;
    let auditor = app.user("aulis", &[Role::Auditor], None).await;
    let planner = app.user("paula", &[Role::Planner], None).await;
    let made = app.json("POST", "/api/v1/clients", Some(&nav), &client_body(101)).await;
    let client = made.json()["id"].as_str().unwrap().to_owned();

    // A producer that does not offer the service: refused, naming the field.
    let wrong = json!({ "to_organization": "org-ngo-folk", "service": "svc-home-care" }).to_string();
    let reply = app.json("POST", &format!("/api/v1/clients/{client}/referrals"), Some(&nav), &wrong).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert_eq!(reply.json()["details"][0]["field"], "to_organization");

    // Sent on Monday 23.11.2026 for a 76-year-old: the service-need assessment is due by
    // the 7th working day, Wednesday 2.12.
    let body = json!({ "to_organization": HOMECARE, "service": "svc-home-care", "note": "Kotiutuu sairaalasta" });
    let reply = app.json("POST", &format!("/api/v1/clients/{client}/referrals"), Some(&nav), &body.to_string()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(reply.headers[header::ETAG], "W/\"1\"");
    let referral = reply.json();
    let id = referral["id"].as_str().unwrap().to_owned();
    assert_eq!(reply.headers[header::LOCATION], format!("/api/v1/referrals/{id}"));
    assert_eq!(referral["status"], "requested");
    let deadlines = referral["deadlines"].as_array().unwrap();
    assert!(deadlines.iter().any(|d| d["due_on"] == "2026-12-02" && d["met_by"] == "in-progress"), "{deadlines:?}");

    // The producer's inbox has it, with its first deadline and how soon it is.
    let inbox = app.json("GET", "/api/v1/referrals/inbox", Some(&pro), "").await.json();
    assert_eq!(inbox["total"], 1, "{inbox}");
    assert_eq!(
        (inbox["items"][0]["id"].as_str(), inbox["items"][0]["urgency"].as_str()),
        (Some(id.as_str()), Some("later"))
    );
    // The listing is one access-log row, on the basis of the referrals to the organisation.
    let rows = app.json("GET", "/api/v1/audit?user=pekka&limit=100", Some(&auditor), "").await.json();
    let listing =
        rows["items"].as_array().unwrap().iter().find(|r| r["fields"] == format!("inbox:{HOMECARE}")).cloned();
    assert_eq!(listing.map(|r| r["basis"].clone()), Some(json!("referral")), "{rows}");
    // Another organisation's inbox is not theirs to read.
    let other = app.json("GET", "/api/v1/referrals/inbox?organization=org-itu", Some(&pro), "").await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);

    // A change needs the version; a stale one changes nothing; the requester cannot accept.
    let accept = json!({ "status": "accepted" });
    assert_eq!(change(&app, &pro, &id, None, accept.clone()).await.status, StatusCode::PRECONDITION_REQUIRED);
    let not_theirs = change(&app, &nav, &id, Some("W/\"1\""), accept.clone()).await;
    assert_eq!(not_theirs.status, StatusCode::CONFLICT, "{}", not_theirs.body);
    assert!(not_theirs.json()["message"].as_str().unwrap().contains("receiving producer"), "{}", not_theirs.body);
    let ok = change(&app, &pro, &id, Some("W/\"1\""), accept.clone()).await;
    assert_eq!((ok.status, ok.headers[header::ETAG].to_str().unwrap()), (StatusCode::OK, "W/\"2\""), "{}", ok.body);
    let stale = change(&app, &pro, &id, Some("W/\"1\""), accept).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.json()["code"], "stale_revision");
    // On hold needs its reason; an unknown state or reason is named.
    let hold = change(&app, &pro, &id, Some("W/\"2\""), json!({ "status": "on-hold" })).await;
    assert_eq!(hold.status, StatusCode::CONFLICT);
    assert_eq!(hold.json()["details"][0]["field"], "status_reason");
    let bad = change(&app, &pro, &id, Some("W/\"2\""), json!({ "status": "done" })).await;
    assert_eq!((bad.status, bad.json()["details"][0]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("status")));
    // Contact made: the assessment deadline is met; then the service starts.
    let started = change(&app, &pro, &id, None, json!({ "status": "in-progress", "version": 2 })).await.json();
    assert!(
        started["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["met_by"] == "in-progress" && d["met_at"].is_string())
    );
    let completed = json!({ "status": "completed", "outcome": { "kind": "service-started", "feedback": "Hyvä" } });
    let done = change(&app, &pro, &id, Some("W/\"3\""), completed).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(done.json()["outcome"]["kind"], "service-started");
    // A completed referral is not reopened.
    let reopen =
        change(&app, &nav, &id, Some("W/\"4\""), json!({ "status": "cancelled", "status_reason": "other" })).await;
    assert_eq!(reopen.status, StatusCode::CONFLICT);
    assert!(reopen.json()["message"].as_str().unwrap().contains("final"), "{}", reopen.body);

    // Every change is an access to the client's data, logged with who and what.
    let log = app.json("GET", &format!("/api/v1/audit?client={client}&limit=100"), Some(&auditor), "").await.json();
    let fields: Vec<&str> = log["items"].as_array().unwrap().iter().filter_map(|r| r["fields"].as_str()).collect();
    for status in ["accepted", "in-progress", "completed"] {
        assert!(fields.contains(&format!("referral:{id},status:{status}").as_str()), "{fields:?}");
    }
    assert!(log["items"].as_array().unwrap().iter().any(|r| r["outcome"] == "stale"), "the stale attempt is logged");

    // The navigator's list and the client's path across producers.
    let sent = app.json("GET", "/api/v1/referrals/sent", Some(&nav), "").await.json();
    assert_eq!(sent["items"][0]["status"], "completed");
    let path = app.json("GET", &format!("/api/v1/clients/{client}/path"), Some(&nav), "").await.json();
    let what: Vec<&str> = path["items"].as_array().unwrap().iter().filter_map(|e| e["what"].as_str()).collect();
    assert_eq!(what, ["requested", "accepted", "in-progress", "completed"]);

    // The measures: one referral of the home care in November, accepted and closed.
    let measures =
        app.json("GET", "/api/v1/referrals/measures?from=2026-11-01&to=2026-12-01", Some(&planner), "").await;
    assert_eq!(measures.status, StatusCode::OK, "{}", measures.body);
    let m = &measures.json()["items"][0];
    assert_eq!((m["organization"].as_str(), m["month"].as_str()), (Some(HOMECARE), Some("2026-11")));
    assert_eq!(
        (m["referrals"].as_i64(), m["completed"].as_i64(), m["loop_closure"].as_f64()),
        (Some(1), Some(1), Some(1.0))
    );
    let backwards =
        app.json("GET", "/api/v1/referrals/measures?from=2026-12-01&to=2026-11-01", Some(&planner), "").await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.json("GET", "/api/v1/referrals/measures", Some(&nav), "").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_draft_is_sent_later_and_a_rejection_with_nothing_open_breaks_the_path() {
    let app = demo_app().await;
    let nav = app.user("nina", &[Role::Navigator], Some("org-itu")).await;
    let pro = app.user("pekka", &[Role::Professional], Some(HOMECARE)).await;
    let client = app.json("POST", "/api/v1/clients", Some(&nav), &client_body(102)).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let draft = json!({ "to_organization": HOMECARE, "service": "svc-home-care", "send": false }).to_string();
    let made = app.json("POST", &format!("/api/v1/clients/{client}/referrals"), Some(&nav), &draft).await.json();
    let id = made["id"].as_str().unwrap().to_owned();
    assert_eq!((made["status"].as_str(), made["deadlines"].as_array().map(Vec::len)), (Some("draft"), Some(0)));
    // A draft is not in the producer's inbox, and the producer has no basis to read it.
    assert_eq!(app.json("GET", "/api/v1/referrals/inbox", Some(&pro), "").await.json()["total"], 0);
    assert_eq!(app.json("GET", &format!("/api/v1/referrals/{id}"), Some(&pro), "").await.status, StatusCode::FORBIDDEN);
    // Sent: now it has its deadlines and is in the inbox.
    let sent = change(&app, &nav, &id, Some("W/\"1\""), json!({ "status": "requested" })).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert!(!sent.json()["deadlines"].as_array().unwrap().is_empty());
    assert_eq!(app.json("GET", "/api/v1/referrals/inbox", Some(&pro), "").await.json()["total"], 1);
    // Rejected for lack of capacity, nothing else open: the navigator sees a broken path.
    let reject = json!({ "status": "rejected", "status_reason": "no-capacity", "note": "Ei paikkoja" });
    assert_eq!(change(&app, &pro, &id, Some("W/\"2\""), reject).await.status, StatusCode::OK);
    let broken = app.json("GET", "/api/v1/referrals/broken", Some(&nav), "").await.json();
    assert_eq!((broken["total"].as_i64(), broken["items"][0]["client"].as_str()), (Some(1), Some(client.as_str())));
    let next = json!({ "to_organization": "org-priv-homecare-a", "service": "svc-home-care" }).to_string();
    let reply = app.json("POST", &format!("/api/v1/clients/{client}/referrals"), Some(&nav), &next).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(app.json("GET", "/api/v1/referrals/broken", Some(&nav), "").await.json()["total"], 0);
}

#[tokio::test]
async fn administrators_keep_the_subscriptions_and_their_secrets_are_shown_once() {
    let app = demo_app().await;
    let admin = app.user("aada", &[Role::Administrator], None).await;
    let nav = app.user("nina", &[Role::Navigator], Some("org-itu")).await;
    let hook = json!({ "organization": HOMECARE, "kind": "webhook", "target": "https://kotihoito.example/polku" });
    let made = app.json("POST", "/api/v1/subscriptions", Some(&admin), &hook.to_string()).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert_eq!(made.json()["secret"].as_str().map(str::len), Some(64));
    let list = app.json("GET", "/api/v1/subscriptions", Some(&admin), "").await.json();
    assert_eq!(list["total"], 1);
    assert!(list["items"][0].get("secret").is_none(), "the secret is not shown again");
    for (body, field) in [
        (json!({ "organization": HOMECARE, "kind": "webhook", "target": "ftp://x" }), "target"),
        (json!({ "organization": HOMECARE, "kind": "email", "target": "not an address" }), "target"),
        (json!({ "organization": HOMECARE, "kind": "sms", "target": "+358" }), "kind"),
        (json!({ "organization": "org-nope", "kind": "email", "target": "a@b.fi" }), "organization"),
    ] {
        let reply = app.json("POST", "/api/v1/subscriptions", Some(&admin), &body.to_string()).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", reply.body);
        assert_eq!(reply.json()["details"][0]["field"], field);
    }
    assert_eq!(
        app.json("POST", "/api/v1/subscriptions", Some(&nav), &hook.to_string()).await.status,
        StatusCode::FORBIDDEN
    );
    let id = made.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(
        app.json("DELETE", &format!("/api/v1/subscriptions/{id}"), Some(&admin), "").await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.json("DELETE", &format!("/api/v1/subscriptions/{id}"), Some(&admin), "").await.status,
        StatusCode::NOT_FOUND
    );
    let dead = app.json("GET", "/api/v1/outbox?status=dead", Some(&admin), "").await;
    assert_eq!((dead.status, dead.json()["total"].as_i64()), (StatusCode::OK, Some(0)));
}

#[tokio::test]
async fn a_service_plans_next_steps_become_referrals_once() {
    let app = demo_app().await;
    let nav = app.user("nina", &[Role::Navigator], Some("org-itu")).await;
    let client = app.json("POST", "/api/v1/clients", Some(&nav), &client_body(103)).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Facts that make the safety phone (delivered at home by the county's home care) eligible.
    let facts = json!({ "facts": { "lives_alone": true, "rai_maple": 2 } }).to_string();
    app.json("POST", &format!("/api/v1/clients/{client}/facts"), Some(&nav), &facts).await;
    let choice = json!({ "choices": [["svc-safety-phone", HOMECARE]] }).to_string();
    let plan = app.json("POST", &format!("/api/v1/navigation/clients/{client}/plans"), Some(&nav), &choice).await;
    assert_eq!(plan.status, StatusCode::CREATED, "{}", plan.body);
    let plan = plan.json()["id"].as_str().unwrap().to_owned();
    let body = json!({ "plan": plan }).to_string();
    let uri = format!("/api/v1/clients/{client}/referrals/from-plan");
    let made = app.json("POST", &uri, Some(&nav), &body).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert_eq!(made.json()["total"], 1);
    let referrals = app.json("GET", &format!("/api/v1/clients/{client}/referrals"), Some(&nav), "").await.json();
    let r = &referrals["items"][0];
    assert_eq!(
        (r["service"].as_str(), r["plan"].as_str(), r["status"].as_str()),
        (Some("svc-safety-phone"), Some(plan.as_str()), Some("requested"))
    );
    // Sent again: nothing new.
    assert_eq!(app.json("POST", &uri, Some(&nav), &body).await.json()["total"], 0);
    let unknown = json!({ "plan": "plan-nope" }).to_string();
    assert_eq!(app.json("POST", &uri, Some(&nav), &unknown).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_broken_path_is_marked_handled_once_and_stays_handled() {
    let app = demo_app().await;
    let nav = app.user("nina", &[Role::Navigator], Some("org-itu")).await;
    let pro = app.user("pekka", &[Role::Professional], Some(HOMECARE)).await;
    let client = app.json("POST", "/api/v1/clients", Some(&nav), &client_body(104)).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let referrals = format!("/api/v1/clients/{client}/referrals");
    let body = json!({ "to_organization": HOMECARE, "service": "svc-home-care" }).to_string();
    let id = app.json("POST", &referrals, Some(&nav), &body).await.json()["id"].as_str().unwrap().to_owned();
    let reject = json!({ "status": "rejected", "status_reason": "client-declined", "version": 1 });
    assert_eq!(change(&app, &pro, &id, None, reject).await.status, StatusCode::OK);
    let resolve = format!("/api/v1/clients/{client}/path/resolve");
    let short = app.json("POST", &resolve, Some(&nav), r#"{"reason":"  ok "}"#).await;
    assert_eq!(
        (short.status, short.json()["details"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reason"))
    );
    let why = json!({ "reason": "The client declined and needs nothing more" }).to_string();
    assert_eq!(app.json("POST", &resolve, Some(&nav), &why).await.status, StatusCode::OK);
    assert_eq!(app.json("GET", "/api/v1/referrals/broken", Some(&nav), "").await.json()["total"], 0);
    assert_eq!(
        app.json("POST", &resolve, Some(&nav), &why).await.status,
        StatusCode::NOT_FOUND,
        "nothing left to mark"
    );
    // Judged again (a draft made and voided), the same rejection is not raised again.
    let draft = json!({ "to_organization": HOMECARE, "service": "svc-home-care", "send": false }).to_string();
    let d = app.json("POST", &referrals, Some(&nav), &draft).await.json()["id"].as_str().unwrap().to_owned();
    let void = json!({ "status": "entered-in-error", "version": 1 });
    assert_eq!(change(&app, &nav, &d, None, void).await.status, StatusCode::OK);
    assert_eq!(app.json("GET", "/api/v1/referrals/broken", Some(&nav), "").await.json()["total"], 0);
    // Another step that ends without the service raises it anew.
    let again = app.json("POST", &referrals, Some(&nav), &body).await.json()["id"].as_str().unwrap().to_owned();
    let fail = json!({ "status": "rejected", "status_reason": "no-capacity", "version": 1 });
    assert_eq!(change(&app, &pro, &again, None, fail).await.status, StatusCode::OK);
    let broken = app.json("GET", "/api/v1/referrals/broken", Some(&nav), "").await.json();
    assert_eq!((broken["total"].as_i64(), broken["items"][0]["referral"].as_str()), (Some(1), Some(again.as_str())));
    // The access log has the marking, as a write of the path flag.
    let auditor = app.user("aulis", &[Role::Auditor], None).await;
    let log = app.json("GET", &format!("/api/v1/audit?client={client}&limit=100"), Some(&auditor), "").await.json();
    assert!(log["items"].as_array().unwrap().iter().any(|r| r["fields"] == "path_flag" && r["outcome"] == "ok"));
}
