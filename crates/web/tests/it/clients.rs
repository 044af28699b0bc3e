//! Client data through the HTTP API: every cell of the permission table
//! (ARCHITECTURE.md, `app::permit::allows`), lawful bases, the access log that records
//! every access (refused ones too), IDOR on every client-data route, SQL metacharacters,
//! sign-in limits, sign out everywhere, and that no log line carries an identity code.

use crate::{TestApp, demo_app};
use app::permit::{Action, allows};
use axum::http::StatusCode;
use domain::client::{Hetu, Role};
use serde_json::{Value, json};

fn hetu(n: u16) -> String {
    Hetu::from_parts(chrono::NaiveDate::from_ymd_opt(1950, 3, 1).unwrap(), n).expose().to_owned()
}

fn client_body(hetu: &str, given: &str) -> String {
    json!({
        "hetu": hetu, "given_name": given, "family_name": "Virtanen", "municipality": "638",
        "language": "fi", "interpreter": false, "contact": { "phone": "+358 40 123 4567" }
    })
    .to_string()
}

struct World {
    app: TestApp,
    tokens: Vec<(Role, String)>,
    nav: String,
    client: String,
}

const HOMECARE: &str = "org-itu-homecare";

async fn world() -> World {
    let app = demo_app().await;
    let nav = app.user("nina", &[Role::Navigator], Some("org-itu")).await;
    let reply = app.json("POST", "/api/v1/clients", Some(&nav), &client_body(&hetu(101), "Aino")).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let client = reply.json()["id"].as_str().unwrap().to_owned();
    // An open referral to the professional's organisation.
    let referral = json!({ "to_organization": HOMECARE, "service": "svc-home-care" }).to_string();
    let reply = app.json("POST", &format!("/api/v1/clients/{client}/referrals"), Some(&nav), &referral).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    // The resident whose record it is, signed in with strong identification.
    let identity = app::auth::SsoIdentity {
        issuer: "https://tunnistus.test".into(),
        subject: "s-1".into(),
        username: String::new(),
        given_name: Some("Aino".into()),
        family_name: Some("Virtanen".into()),
        roles: vec![],
        organization: None,
        hetu: Some(Hetu::parse(&hetu(101)).unwrap()),
    };
    let resident = app.polku.sso_session(identity, &Default::default()).await.unwrap();
    let mut tokens = vec![(Role::Resident, resident), (Role::Navigator, nav.clone())];
    tokens.push((Role::Professional, app.user("pekka", &[Role::Professional], Some(HOMECARE)).await));
    tokens.push((Role::Planner, app.user("paula", &[Role::Planner], None).await));
    tokens.push((Role::CatalogEditor, app.user("eero", &[Role::CatalogEditor], None).await));
    tokens.push((Role::Administrator, app.user("aada", &[Role::Administrator], None).await));
    tokens.push((Role::Auditor, app.user("aulis", &[Role::Auditor], None).await));
    World { app, tokens, nav, client }
}

/// One representative request for an action, where the acting person has a lawful basis
/// if their role could have one (so that the answer shows the role table).
async fn attempt(w: &World, action: Action, token: Option<&str>, n: u16) -> (StatusCode, String) {
    let (app, c) = (&w.app, &w.client);
    let reply = match action {
        Action::WriteCatalog => {
            let org = json!({
                "id": format!("org-test-{n}"), "name": { "fi": "Testi" }, "kind": "private_company",
                "valid_from": "2026-01-01"
            });
            app.json("POST", "/api/v1/organizations", token, &org.to_string()).await
        }
        Action::WriteRules => {
            let source = app.get("/api/v1/rules/files/today/porvoo.rules").await.json()["source"].clone();
            let body = json!({ "source": source }).to_string();
            app.json("PUT", "/api/v1/rules/files/today/porvoo.rules", token, &body).await
        }
        Action::ViewPlanning => app.json("GET", "/fi/planning/access", token, "").await,
        Action::ReadAnalytics => app.json("GET", "/api/v1/analytics/clients", token, "").await,
        Action::ManageUsers => app.json("GET", "/api/v1/users", token, "").await,
        Action::SearchAuditLog => app.json("GET", &format!("/api/v1/audit?client={c}"), token, "").await,
        Action::CreateClient => app.json("POST", "/api/v1/clients", token, &client_body(&hetu(200 + n), "Uusi")).await,
        Action::ReadClient => app.json("GET", &format!("/api/v1/clients/{c}"), token, "").await,
        Action::WriteClient => {
            let body = json!({ "facts": { "age": 76, "lives_alone": true } }).to_string();
            app.json("POST", &format!("/api/v1/clients/{c}/facts"), token, &body).await
        }
        Action::ManageConsent => {
            let body = json!({ "organization": "org-itu", "scopes": ["identity"], "valid_until": "2027-06-30" });
            app.json("POST", &format!("/api/v1/clients/{c}/consents"), token, &body.to_string()).await
        }
        Action::Refer => {
            let body = json!({ "to_organization": "org-itu", "service": "svc-doctor-appointment" }).to_string();
            app.json("POST", &format!("/api/v1/clients/{c}/referrals"), token, &body).await
        }
        Action::CloseReferral => {
            // A fresh open referral to the professional's organisation, made by the navigator.
            let body = json!({ "to_organization": HOMECARE, "service": "svc-home-care" }).to_string();
            let made = app.json("POST", &format!("/api/v1/clients/{c}/referrals"), Some(&w.nav), &body).await;
            let id = made.json()["id"].as_str().unwrap().to_owned();
            // Cancelling is the one change either side may make.
            let body = json!({ "status": "cancelled", "status_reason": "duplicate", "version": 1 }).to_string();
            app.json("POST", &format!("/api/v1/referrals/{id}/status"), token, &body).await
        }
        Action::ManageNotifications => app.json("GET", "/api/v1/subscriptions", token, "").await,
        Action::ManageMonitoring => app.json("GET", "/api/v1/monitoring/alert-rules", token, "").await,
        Action::ReadFeedback => app.json("GET", "/api/v1/feedback", token, "").await,
        Action::BreakGlass => {
            let body = json!({ "reason": "the client is unconscious at the door", "minutes": 5 }).to_string();
            app.json("POST", &format!("/api/v1/clients/{c}/emergency"), token, &body).await
        }
        Action::ReadOwnAccessLog => app.json("GET", "/api/v1/me/access-log", token, "").await,
        Action::Assess => {
            let body = json!({ "questionnaire": "general-adult", "answers": { "acute": "no" } }).to_string();
            app.json("POST", &format!("/api/v1/navigation/clients/{c}/assessments"), token, &body).await
        }
        Action::PlanServices => {
            // Facts that make the safety phone (delivered at home by the county's home care) eligible.
            let facts = json!({ "facts": { "lives_alone": true, "rai_maple": 2 } }).to_string();
            app.json("POST", &format!("/api/v1/clients/{c}/facts"), Some(&w.nav), &facts).await;
            let body = json!({ "choices": [["svc-safety-phone", HOMECARE]] }).to_string();
            app.json("POST", &format!("/api/v1/navigation/clients/{c}/plans"), token, &body).await
        }
        Action::WriteCapacity => {
            let body = json!({ "waiting": [{
                "unit": "unit-porvoo-home-care", "service": "svc-home-care", "reference": format!("case-{n}"),
                "priority": 2, "decided_on": "2026-11-01", "entered_on": "2026-11-02"
            }] });
            app.json("POST", "/api/v1/navigation/capacity", token, &body.to_string()).await
        }
    };
    (reply.status, reply.body)
}

#[tokio::test]
async fn every_cell_of_the_permission_table_holds_through_the_api() {
    let w = world().await;
    let mut n = 0;
    for action in Action::ALL {
        for (role, token) in &w.tokens {
            n += 1;
            let (status, body) = attempt(&w, action, Some(token), n).await;
            if allows(*role, action) {
                assert!(status.is_success(), "{role:?} may {action:?}: got {status} {body}");
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{role:?} may not {action:?}: {body}");
            }
        }
        n += 1;
        let (status, body) = attempt(&w, action, None, n).await;
        let expected = if action == Action::ViewPlanning { StatusCode::SEE_OTHER } else { StatusCode::UNAUTHORIZED };
        assert_eq!(status, expected, "anonymous {action:?}: {body}");
    }
}

fn items(reply: &crate::Reply) -> Vec<Value> {
    reply.json()["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_professional_sees_a_client_only_while_a_referral_is_open_and_every_attempt_is_logged() {
    let w = world().await;
    let (app, c) = (&w.app, &w.client);
    let pro = app.user("pirjo", &[Role::Professional], Some("org-itu")).await;
    let auditor = app.user("aarne", &[Role::Auditor], None).await;
    // No referral to org-itu: refused with the reason, and logged as refused.
    let reply = app.json("GET", &format!("/api/v1/clients/{c}"), Some(&pro), "").await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.json()["message"].as_str().unwrap().contains("no lawful basis"), "{}", reply.body);
    let refused = app.json("GET", "/api/v1/audit?user=pirjo&outcome=refused", Some(&auditor), "").await;
    let rows = items(&refused);
    assert_eq!(rows.len(), 1, "{}", refused.body);
    assert_eq!((rows[0]["client"].as_str(), rows[0]["basis"].as_str()), (Some(c.as_str()), Some("none")));
    // The navigator refers the client there: now the read is allowed on the basis "referral".
    let body = json!({ "to_organization": "org-itu", "service": "svc-doctor-appointment" }).to_string();
    let made = app.json("POST", &format!("/api/v1/clients/{c}/referrals"), Some(&w.nav), &body).await;
    let referral = made.json()["id"].as_str().unwrap().to_owned();
    let reply = app.json("GET", &format!("/api/v1/clients/{c}"), Some(&pro), "").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["hetu"], hetu(101));
    let ok = items(&app.json("GET", "/api/v1/audit?user=pirjo&outcome=ok", Some(&auditor), "").await);
    assert_eq!(ok[0]["basis"], "referral");
    assert_eq!(ok[0]["fields"], "hetu,name,municipality,language,interpreter,contact");
    assert_eq!(ok[0]["organization"], "org-itu");
    // The referral closes: the basis is gone.
    let reject = json!({ "status": "rejected", "status_reason": "no-capacity", "version": 1 }).to_string();
    let close = app.json("POST", &format!("/api/v1/referrals/{referral}/status"), Some(&pro), &reject).await;
    assert_eq!(close.status, StatusCode::OK, "{}", close.body);
    let reply = app.json("GET", &format!("/api/v1/clients/{c}/facts"), Some(&pro), "").await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // Emergency access needs its reason, is logged with it, and shows as an alert.
    let short = app.json("POST", &format!("/api/v1/clients/{c}/emergency"), Some(&pro), r#"{"reason":"x"}"#).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    let glass = json!({ "reason": "found unconscious, no next of kin reachable" }).to_string();
    let reply = app.json("POST", &format!("/api/v1/clients/{c}/emergency"), Some(&pro), &glass).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let reply = app.json("GET", &format!("/api/v1/clients/{c}/facts"), Some(&pro), "").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let alerts = items(&app.json("GET", "/api/v1/audit?basis=emergency", Some(&auditor), "").await);
    assert!(alerts.iter().any(|r| r["reason"] == "found unconscious, no next of kin reachable"), "{alerts:?}");
    // The resident sees who looked at their data, and on what basis.
    let resident = &w.tokens[0].1;
    let log = items(&app.json("GET", "/api/v1/me/access-log", Some(resident), "").await);
    assert!(log.iter().any(|r| r["username"] == "pirjo" && r["basis"] == "referral"), "{log:?}");
    assert!(log.iter().any(|r| r["username"] == "pirjo" && r["outcome"] == "refused"), "{log:?}");
}

#[tokio::test]
async fn consent_lets_another_producer_read_within_its_scope_until_withdrawn() {
    let w = world().await;
    let (app, c) = (&w.app, &w.client);
    let pro = app.user("pirjo", &[Role::Professional], Some("org-itu")).await;
    let resident = &w.tokens[0].1;
    let body = json!({ "organization": "org-itu", "scopes": ["identity"], "valid_until": "2027-06-30" }).to_string();
    let given = app.json("POST", &format!("/api/v1/clients/{c}/consents"), Some(resident), &body).await;
    assert_eq!(given.status, StatusCode::CREATED, "{}", given.body);
    let consent = given.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(app.json("GET", &format!("/api/v1/clients/{c}"), Some(&pro), "").await.status, StatusCode::OK);
    // Facts are out of the consent's scope.
    assert_eq!(
        app.json("GET", &format!("/api/v1/clients/{c}/facts"), Some(&pro), "").await.status,
        StatusCode::FORBIDDEN
    );
    let past = json!({ "organization": "org-itu", "scopes": ["facts"], "valid_until": "2020-01-01" }).to_string();
    let refused = app.json("POST", &format!("/api/v1/clients/{c}/consents"), Some(resident), &past).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let withdraw = format!("/api/v1/clients/{c}/consents/{consent}/withdraw");
    assert_eq!(app.json("POST", &withdraw, Some(resident), "").await.status, StatusCode::OK);
    assert_eq!(app.json("POST", &withdraw, Some(resident), "").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.json("GET", &format!("/api/v1/clients/{c}"), Some(&pro), "").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn ids_changed_in_urls_reach_no_other_client_on_any_route() {
    let w = world().await;
    let app = &w.app;
    // A second client, in another navigator's queue, with another resident.
    let other_nav = app.user("olli", &[Role::Navigator], Some("org-itu")).await;
    let made = app.json("POST", "/api/v1/clients", Some(&other_nav), &client_body(&hetu(102), "Bertta")).await;
    let other = made.json()["id"].as_str().unwrap().to_owned();
    let auditor = app.user("aarne", &[Role::Auditor], None).await;
    let before = items(&app.json("GET", "/api/v1/audit?outcome=refused&limit=1000", Some(&auditor), "").await).len();
    let routes: Vec<(&str, String, String)> = vec![
        ("GET", format!("/api/v1/clients/{other}"), String::new()),
        ("PUT", format!("/api/v1/clients/{other}"), client_body(&hetu(102), "Hacked")),
        ("GET", format!("/api/v1/clients/{other}/facts"), String::new()),
        ("POST", format!("/api/v1/clients/{other}/facts"), r#"{"facts":{"age":50}}"#.into()),
        ("GET", format!("/api/v1/clients/{other}/consents"), String::new()),
        (
            "POST",
            format!("/api/v1/clients/{other}/consents"),
            r#"{"organization":"org-itu","scopes":["facts"],"valid_until":"2027-01-01"}"#.into(),
        ),
        ("POST", format!("/api/v1/clients/{other}/consents/consent-x/withdraw"), String::new()),
        ("GET", format!("/api/v1/clients/{other}/referrals"), String::new()),
        (
            "POST",
            format!("/api/v1/clients/{other}/referrals"),
            r#"{"to_organization":"org-itu","service":"svc-home-care"}"#.into(),
        ),
        ("POST", format!("/api/v1/clients/{other}/take"), String::new()),
    ];
    let resident = w.tokens[0].1.clone();
    let pro = w.tokens[2].1.clone();
    let mut refused = 0;
    for token in [&resident, &w.nav, &pro] {
        for (method, uri, body) in &routes {
            let reply = app.json(method, uri, Some(token), body).await;
            // Taking a client into one's queue is how a navigator starts a client
            // relationship; it is allowed (and logged), so it is checked apart below.
            if uri.ends_with("/take") && token == &w.nav {
                assert_eq!(reply.status, StatusCode::OK);
                continue;
            }
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{method} {uri}: {}", reply.body);
            refused += 1;
        }
    }
    let after = items(&app.json("GET", "/api/v1/audit?outcome=refused&limit=1000", Some(&auditor), "").await).len();
    assert_eq!(after - before, refused, "every refused attempt is in the log");
    // The other client's data is as it was (and now in the first navigator's queue).
    assert_eq!(
        app.json("GET", &format!("/api/v1/clients/{other}"), Some(&other_nav), "").await.status,
        StatusCode::FORBIDDEN
    );
    let record = app.json("GET", &format!("/api/v1/clients/{other}"), Some(&w.nav), "").await.json();
    assert_eq!(record["given_name"], "Bertta");
    // Unknown and malformed ids are not found, never a 500.
    for id in ["client-doesnotexist", "../../etc", "x'%20OR%201=1--"] {
        let reply = app.json("GET", &format!("/api/v1/clients/{id}"), Some(&w.nav), "").await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{id}: {}", reply.body);
    }
}

#[tokio::test]
async fn sql_metacharacters_in_every_field_are_only_text() {
    let w = world().await;
    let app = &w.app;
    let evil = "Robert'); DROP TABLE clients; --\" OR 1=1 /* ";
    let body = json!({
        "hetu": hetu(150), "given_name": evil, "family_name": evil, "municipality": "638",
        "language": "other", "other_language": "ar", "interpreter": true,
        "contact": { "email": "a'--@x.fi", "address": evil }
    })
    .to_string();
    let made = app.json("POST", "/api/v1/clients", Some(&w.nav), &body).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let id = made.json()["id"].as_str().unwrap().to_owned();
    let record = app.json("GET", &format!("/api/v1/clients/{id}"), Some(&w.nav), "").await.json();
    assert_eq!((record["given_name"].as_str(), record["contact"]["address"].as_str()), (Some(evil), Some(evil)));
    let glass = json!({ "reason": evil, "minutes": 1 }).to_string();
    assert_eq!(
        app.json("POST", &format!("/api/v1/clients/{id}/emergency"), Some(&w.nav), &glass).await.status,
        StatusCode::CREATED
    );
    let auditor = app.user("aarne", &[Role::Auditor], None).await;
    let odd = app.json("GET", "/api/v1/audit?user=x%27%20OR%20%271%27%3D%271", Some(&auditor), "").await;
    assert_eq!(odd.status, StatusCode::OK);
    assert!(items(&odd).is_empty(), "a quote in a filter matches nothing: {}", odd.body);
    let found =
        app.json("POST", "/api/v1/clients/search", Some(&w.nav), &json!({ "hetu": "' OR 1=1 --" }).to_string()).await;
    assert_eq!(found.status, StatusCode::BAD_REQUEST, "{}", found.body);
    // The first client is still there: nothing was dropped.
    assert_eq!(
        app.json("GET", &format!("/api/v1/clients/{}", w.client), Some(&w.nav), "").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn identity_codes_are_validated_and_unique() {
    let w = world().await;
    let app = &w.app;
    let mut bad = hetu(160);
    bad.replace_range(10..11, if bad.ends_with('A') { "B" } else { "A" });
    let reply = app.json("POST", "/api/v1/clients", Some(&w.nav), &client_body(&bad, "X")).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert!(reply.body.contains("check character"), "{}", reply.body);
    let reply = app.json("POST", "/api/v1/clients", Some(&w.nav), &client_body(&hetu(101), "Twin")).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    let found =
        app.json("POST", "/api/v1/clients/search", Some(&w.nav), &json!({ "hetu": hetu(101) }).to_string()).await;
    assert_eq!(found.json()["id"], w.client.as_str());
    let facts = json!({ "facts": { "age": 300 } }).to_string();
    let reply = app.json("POST", &format!("/api/v1/clients/{}/facts", w.client), Some(&w.nav), &facts).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = json!({ "facts": { "shoe_size": 42 } }).to_string();
    let reply = app.json("POST", &format!("/api/v1/clients/{}/facts", w.client), Some(&w.nav), &unknown).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("facts.shoe_size"), "{}", reply.body);
}

#[tokio::test]
async fn sign_in_is_limited_and_sessions_end_everywhere() {
    let app = demo_app().await;
    let first = app.user("nina", &[Role::Navigator], None).await;
    let second = app.sign_in("nina").await;
    let wrong = json!({ "username": "nina", "password": "not the password at all" }).to_string();
    for _ in 0..app::auth::MAX_FAILURES_PER_USER {
        assert_eq!(app.json("POST", "/api/v1/sessions", None, &wrong).await.status, StatusCode::UNAUTHORIZED);
    }
    // Now even the right password waits.
    let right = json!({ "username": "nina", "password": crate::PASSWORD }).to_string();
    let limited = app.json("POST", "/api/v1/sessions", None, &right).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS, "{}", limited.body);
    assert!(limited.headers.get("retry-after").is_some());
    // Sign out everywhere ends both sessions.
    assert_eq!(app.json("GET", "/api/v1/clients/queue", Some(&first), "").await.status, StatusCode::OK);
    assert_eq!(
        app.json("DELETE", "/api/v1/sessions/everywhere", Some(&first), "").await.status,
        StatusCode::NO_CONTENT
    );
    for token in [&first, &second] {
        assert_eq!(app.json("GET", "/api/v1/clients/queue", Some(token), "").await.status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn an_administrator_sets_roles_and_the_old_sessions_end() {
    let app = demo_app().await;
    let admin = app.user("aada", &[Role::Administrator], None).await;
    let nina = app.user("nina", &[Role::Planner], None).await;
    let body = json!({ "roles": ["navigator"], "organization": "org-itu" }).to_string();
    let reply = app.json("PUT", "/api/v1/users/nina/roles", Some(&admin), &body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(app.json("GET", "/api/v1/clients/queue", Some(&nina), "").await.status, StatusCode::UNAUTHORIZED);
    let nina = app.sign_in("nina").await;
    assert_eq!(app.json("GET", "/api/v1/clients/queue", Some(&nina), "").await.status, StatusCode::OK);
    let resident = json!({ "roles": ["resident"] }).to_string();
    assert_eq!(
        app.json("PUT", "/api/v1/users/nina/roles", Some(&admin), &resident).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let users = app.json("GET", "/api/v1/users", Some(&admin), "").await;
    assert!(users.body.contains("\"navigator\"") && !users.body.contains("argon2"), "{}", users.body);
    // The administrator sees no client data.
    let nav = app.user("nelli", &[Role::Navigator], None).await;
    let made = app.json("POST", "/api/v1/clients", Some(&nav), &client_body(&hetu(170), "Eeva")).await;
    let id = made.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(app.json("GET", &format!("/api/v1/clients/{id}"), Some(&admin), "").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn pseudonymous_analytics_carry_no_identity() {
    let w = world().await;
    let planner = &w.tokens[3].1;
    let facts = json!({ "facts": { "age": 76 } }).to_string();
    w.app.json("POST", &format!("/api/v1/clients/{}/facts", w.client), Some(&w.nav), &facts).await;
    let reply = w.app.json("GET", "/api/v1/analytics/clients", Some(planner), "").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let rows = items(&reply);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["facts"]["age"], 76);
    assert_eq!(rows[0]["birth_year"], 1950);
    for secret in [hetu(101).as_str(), w.client.as_str(), "Aino", "Virtanen", "+358"] {
        assert!(!reply.body.contains(secret), "{secret} in {}", reply.body);
    }
}
