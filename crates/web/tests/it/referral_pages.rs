//! The service-path pages: a navigator refers a client, the receiving producer's
//! professional finds it in the inbox and moves it through its states with plain form
//! posts (no JavaScript, a CSRF token, the version read), a stale version is refused and
//! said so, a closed referral offers no forms, a rejected one shows as a broken path on
//! the navigator's page, and the client's path reads the same for staff and resident.

use crate::{Reply, TestApp, demo_app};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::client::{Hetu, Role};
use serde_json::json;

pub(crate) const CSRF: &str = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";
const HOMECARE: &str = "org-itu-homecare";

fn hetu(n: u16) -> String {
    Hetu::from_parts(chrono::NaiveDate::from_ymd_opt(1948, 5, 2).unwrap(), n).expose().to_owned()
}

pub(crate) async fn get(app: &TestApp, uri: &str, token: &str) -> Reply {
    let request = Request::get(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::COOKIE, format!("polku_csrf={CSRF}"))
        .body(Body::empty())
        .unwrap();
    app.send(request).await
}

pub(crate) async fn post(app: &TestApp, uri: &str, token: &str, body: &str, csrf: bool) -> Reply {
    let body = if csrf { format!("csrf={CSRF}&{body}") } else { body.to_owned() };
    let request = Request::post(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::COOKIE, format!("polku_csrf={CSRF}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    app.send(request).await
}

pub(crate) fn location(reply: &Reply) -> String {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    reply.headers[header::LOCATION].to_str().unwrap().to_owned()
}

/// The page's language, one h1, no missing message, a label for every visible field.
pub(crate) fn well_formed(reply: &Reply, lang: &str, what: &str) {
    assert_eq!(reply.status, StatusCode::OK, "{what}: {}", reply.body);
    assert!(reply.body.contains(&format!("<html lang=\"{lang}\"")), "{what}");
    assert_eq!(reply.body.matches("<h1").count(), 1, "{what}");
    assert!(!reply.body.contains('⟦'), "{what} has a missing message: {}", reply.body);
    for tag in ["<input", "<select", "<textarea"] {
        for piece in reply.body.split(tag).skip(1) {
            let attrs = piece.split('>').next().unwrap_or("");
            if attrs.contains("type=\"hidden\"") {
                continue;
            }
            let id = attrs.split("id=\"").nth(1).and_then(|r| r.split('"').next()).expect("an id");
            assert!(reply.body.contains(&format!("for=\"{id}\"")), "{what}: no label for {id}");
        }
    }
    for piece in reply.body.split("<th").skip(1) {
        if piece.starts_with('>') || piece.starts_with(' ') {
            assert!(piece.split('>').next().unwrap().contains("scope="), "{what}: a th without scope");
        }
    }
}

struct World {
    app: TestApp,
    nav: String,
    pro: String,
    resident: String,
    client: String,
    referral: String,
}

async fn client(app: &TestApp, nav: &str, n: u16) -> String {
    let body = json!({
        "hetu": hetu(n), "given_name": "Aino", "family_name": format!("Polku{n}"), "municipality": "638",
        "language": "fi", "interpreter": false, "contact": {}
    });
    let reply = app.json("POST", "/api/v1/clients", Some(nav), &body.to_string()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    reply.json()["id"].as_str().unwrap().to_owned()
}

async fn refer(app: &TestApp, nav: &str, client: &str) -> String {
    let body = json!({ "to_organization": HOMECARE, "service": "svc-home-care" }).to_string();
    let reply = app.json("POST", &format!("/api/v1/clients/{client}/referrals"), Some(nav), &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(reply.json()["version"], 1, "{}", reply.body);
    reply.json()["id"].as_str().unwrap().to_owned()
}

async fn world() -> World {
    let app = demo_app().await;
    let nav = app.user("nina", &[Role::Navigator], Some("org-itu")).await;
    let pro = app.user("pekka", &[Role::Professional], Some(HOMECARE)).await;
    let client = client(&app, &nav, 301).await;
    let referral = refer(&app, &nav, &client).await;
    let identity = app::auth::SsoIdentity {
        issuer: "https://tunnistus.test".into(),
        subject: "s-301".into(),
        username: String::new(),
        given_name: Some("Aino".into()),
        family_name: Some("Polku301".into()),
        roles: vec![],
        organization: None,
        hetu: Some(Hetu::parse(&hetu(301)).unwrap()),
    };
    let resident = app.polku.sso_session(identity, &Default::default()).await.unwrap();
    World { app, nav, pro, resident, client, referral }
}

fn status_forms(body: &str) -> usize {
    body.matches("/status\" class=\"narrow\"").count()
}

#[tokio::test]
async fn a_producer_accepts_from_the_inbox_and_completes_with_forms_alone() {
    let w = world().await;
    let (app, id) = (&w.app, &w.referral);
    // The inbox: the referral, its state, its first deadline, a link to it.
    for lang in ["fi", "sv", "en"] {
        let inbox = get(app, &format!("/{lang}/referrals"), &w.pro).await;
        well_formed(&inbox, lang, "inbox");
        assert!(inbox.body.contains(&format!("href=\"/{lang}/referrals/{id}\"")), "{}", inbox.body);
    }
    let inbox = get(app, "/en/referrals", &w.pro).await.body;
    assert!(inbox.contains("Home care") && inbox.contains("<td>Requested</td>"), "{inbox}");
    // The header leads the professional to the inbox, the navigator to both lists.
    assert!(inbox.contains(r#"href="/en/referrals""#));
    let home = get(app, "/en/", &w.nav).await.body;
    assert!(home.contains(r#"href="/en/referrals/sent""#) && home.contains(r#"href="/en/referrals""#));
    // The referral page: the performer's choices only, with a reason where one is needed.
    for lang in ["fi", "sv", "en"] {
        well_formed(&get(app, &format!("/{lang}/referrals/{id}"), &w.pro).await, lang, "referral");
    }
    let page = get(app, &format!("/en/referrals/{id}"), &w.pro).await.body;
    assert!(page.contains("Accept the referral") && page.contains("Reject the referral"), "{page}");
    assert!(page.contains("Cancel the referral") && !page.contains("Mark as entered in error"), "{page}");
    assert!(page.contains(r#"id="to-rejected-status_reason""#) && !page.contains(r#"id="to-accepted-status_reason""#));
    assert!(page.contains(r#"name="version" value="1""#), "{page}");
    assert!(page.contains("Deadlines") && page.contains("Not met"), "{page}");
    // Without the CSRF token: refused, nothing changes.
    let uri = format!("/en/referrals/{id}/status");
    assert_eq!(post(app, &uri, &w.pro, "version=1&status=accepted", false).await.status, StatusCode::FORBIDDEN);
    // Accepted with the form: back to the page with the notice; the history has it.
    let to = location(&post(app, &uri, &w.pro, "version=1&status=accepted&note=Soitamme+huomenna", true).await);
    assert_eq!(to, format!("/en/referrals/{id}?done=referral-changed"));
    let page = get(app, &to, &w.pro).await.body;
    assert!(page.contains("The referral&#39;s status changed.") || page.contains("The referral's status changed."));
    assert!(page.contains("<td>Accepted</td>") && page.contains("Soitamme huomenna"), "{page}");
    assert!(page.contains(r#"name="version" value="2""#), "{page}");
    // A form read at version 1 is stale now: 409 and the words for it, nothing written.
    let stale = post(app, &uri, &w.pro, "version=1&status=in-progress", true).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert!(stale.body.contains("Someone else changed this referral meanwhile"), "{}", stale.body);
    assert!(!stale.body.contains('⟦'));
    // On hold needs a reason: 422 with the problem next to the field.
    let held = post(app, &uri, &w.pro, "version=2&status=on-hold&status_reason=", true).await;
    assert_eq!(held.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", held.body);
    assert!(held.body.contains("Choose a reason.") && held.body.contains("#to-on-hold-status_reason"), "{}", held.body);
    // Completed with its outcome: a closed referral offers no forms.
    let done = "version=2&status=completed&outcome=service-started&feedback=Hyv%C3%A4+palvelu";
    // The producer's basis ends with the referral: back to the inbox, with the notice.
    let to = location(&post(app, &uri, &w.pro, done, true).await);
    assert_eq!(to, "/en/referrals?done=referral-changed");
    assert!(get(app, &to, &w.pro).await.body.contains("status changed."));
    assert_eq!(get(app, &format!("/en/referrals/{id}"), &w.pro).await.status, StatusCode::FORBIDDEN);
    let page = get(app, &format!("/en/referrals/{id}"), &w.nav).await;
    well_formed(&page, "en", "completed referral");
    assert_eq!(status_forms(&page.body), 0, "{}", page.body);
    assert!(page.body.contains("This referral is closed") && page.body.contains("Service started"));
    assert!(page.body.contains("Hyvä palvelu"));
    // The inbox no longer lists it.
    let inbox = get(app, "/en/referrals", &w.pro).await.body;
    assert!(!inbox.contains(&format!("/en/referrals/{id}\"")) && inbox.contains("No open referrals."), "{inbox}");
    // The navigator's list shows it completed.
    let sent = get(app, "/en/referrals/sent", &w.nav).await;
    well_formed(&sent, "en", "sent");
    assert!(sent.body.contains(&format!("/en/referrals/{id}")) && sent.body.contains("Completed"));
    // The path, for staff and for the resident, in every language.
    for lang in ["fi", "sv", "en"] {
        let staff = get(app, &format!("/{lang}/clients/{}/path", w.client), &w.nav).await;
        well_formed(&staff, lang, "client path");
        let own = get(app, &format!("/{lang}/me/path"), &w.resident).await;
        well_formed(&own, lang, "my path");
    }
    let own = get(app, "/en/me/path", &w.resident).await.body;
    for step in ["Referral: Requested", "Referral: Accepted", "Referral: Completed", "Home care", "Service started"] {
        assert!(own.contains(step), "{step}: {own}");
    }
    let own = get(app, "/fi/me/path", &w.resident).await.body;
    assert!(own.contains("Lähete: Vastaanotettu") && own.contains("Oma palvelupolkuni"), "{own}");
    // The links to the paths.
    let client_page = get(app, &format!("/en/clients/{}", w.client), &w.nav).await.body;
    assert!(client_page.contains(&format!("href=\"/en/clients/{}/path\"", w.client)));
    assert!(get(app, "/en/me", &w.resident).await.body.contains("href=\"/en/me/path\""));
}

#[tokio::test]
async fn the_navigator_sends_a_draft_and_sees_a_rejection_as_a_broken_path() {
    let w = world().await;
    let app = &w.app;
    // A draft: only the requester's "send" and "cancel" and "entered in error".
    let other = client(app, &w.nav, 302).await;
    let body = json!({ "to_organization": HOMECARE, "service": "svc-home-care", "send": false }).to_string();
    let reply = app.json("POST", &format!("/api/v1/clients/{other}/referrals"), Some(&w.nav), &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let draft = reply.json()["id"].as_str().unwrap().to_owned();
    let page = get(app, &format!("/sv/referrals/{draft}"), &w.nav).await;
    well_formed(&page, "sv", "draft");
    assert!(page.body.contains("Skicka remissen") && !page.body.contains("Ta emot remissen"), "{}", page.body);
    let uri = format!("/sv/referrals/{draft}/status");
    location(&post(app, &uri, &w.nav, "version=1&status=requested", true).await);
    assert!(get(app, "/en/referrals", &w.pro).await.body.contains(&format!("/en/referrals/{draft}\"")));
    // The producer rejects it with a reason: the client's path is broken.
    let uri = format!("/fi/referrals/{draft}/status");
    location(&post(app, &uri, &w.pro, "version=2&status=rejected&status_reason=no-capacity", true).await);
    let sent = get(app, "/fi/referrals/sent", &w.nav).await;
    well_formed(&sent, "fi", "sent");
    assert!(sent.body.contains("Katkenneet polut") && sent.body.contains("Polku302, Aino"), "{}", sent.body);
    assert!(sent.body.contains(&format!("href=\"/fi/clients/{other}\"")), "{}", sent.body);
    let page = get(app, &format!("/fi/referrals/{draft}"), &w.nav).await.body;
    assert!(page.contains("Ei kapasiteettia") && page.contains("Hylätty"), "{page}");
    let path = get(app, &format!("/en/clients/{other}/path"), &w.nav).await.body;
    assert!(path.contains("Referral: Rejected") && path.contains("No capacity"), "{path}");
    // The navigator marks it handled, with the reason: gone from the list, said so.
    let resolve = format!("/fi/clients/{other}/path/resolve");
    let short = post(app, &resolve, &w.nav, "reason=ok", true).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", short.body);
    assert_eq!(
        post(app, &resolve, &w.nav, "reason=Asiakas+ei+tarvitse+jatkoa", false).await.status,
        StatusCode::FORBIDDEN
    );
    let to = location(&post(app, &resolve, &w.nav, "reason=Asiakas+ei+tarvitse+jatkoa", true).await);
    assert_eq!(to, "/fi/referrals/sent?done=path-resolved");
    let sent = get(app, &to, &w.nav).await;
    well_formed(&sent, "fi", "sent after resolving");
    assert!(sent.body.contains("merkittiin käsitellyksi") && !sent.body.contains("Polku302, Aino"), "{}", sent.body);
}

#[tokio::test]
async fn the_pages_are_for_their_roles() {
    let w = world().await;
    let app = &w.app;
    let planner = app.user("paula", &[Role::Planner], None).await;
    for path in ["/referrals", "/referrals/sent", &format!("/referrals/{}", w.referral)] {
        let uri = format!("/en{path}");
        assert_eq!(get(app, &uri, &planner).await.status, StatusCode::FORBIDDEN, "{uri}");
        assert_eq!(app.get(&uri).await.headers[header::LOCATION], "/en/login", "{uri}");
        // A resident is sent to their own path.
        let reply = get(app, &uri, &w.resident).await;
        assert_eq!(reply.headers[header::LOCATION], "/en/me/path", "{uri}");
    }
    assert_eq!(get(app, "/en/me/path", &w.nav).await.status, StatusCode::FORBIDDEN);
    // A professional of another organisation neither sees nor changes the referral.
    let stranger = app.user("sari", &[Role::Professional], Some("org-ngo-seniors")).await;
    let page = get(app, &format!("/en/referrals/{}", w.referral), &stranger).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", page.body);
    let uri = format!("/en/referrals/{}/status", w.referral);
    let reply = post(app, &uri, &stranger, "version=1&status=accepted", true).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    let record = app.json("GET", &format!("/api/v1/referrals/{}", w.referral), Some(&w.nav), "").await.json();
    assert_eq!(record["status"], "requested");
    // An unknown referral is a 404 page.
    assert_eq!(get(app, "/en/referrals/referral-nope", &w.pro).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_administrator_keeps_notifications_on_a_page() {
    let app = demo_app().await;
    let admin = app.user("aada", &[Role::Administrator], None).await;
    let nav = app.user("nina", &[Role::Navigator], Some("org-itu")).await;
    let page = get(&app, "/fi/admin/notifications", &admin).await;
    well_formed(&page, "fi", "notifications");
    assert!(page.body.contains("Ei tilauksia.") && page.body.contains("Ei toimittamatta jääneitä"), "{}", page.body);
    assert_eq!(get(&app, "/en/admin/notifications", &nav).await.status, StatusCode::FORBIDDEN);
    // A webhook: the answer shows its signing secret, once.
    let hook = format!("organization={HOMECARE}&kind=webhook&target=https%3A%2F%2Fkotihoito.example%2Fpolku");
    let made = post(&app, "/en/admin/notifications", &admin, &hook, true).await;
    well_formed(&made, "en", "added webhook");
    let secret = made.body.split("<code>").nth(1).and_then(|s| s.split("</code>").next()).unwrap().to_owned();
    assert_eq!(secret.len(), 64, "{}", made.body);
    let again = get(&app, "/en/admin/notifications", &admin).await;
    assert!(again.body.contains("https://kotihoito.example/polku") && !again.body.contains(&secret));
    // An e-mail: back to the page with the notice; a bad address is refused.
    let mail = format!("organization={HOMECARE}&kind=email&target=kotihoito%40hyvinvointialue.example");
    assert_eq!(
        location(&post(&app, "/sv/admin/notifications", &admin, &mail, true).await),
        "/sv/admin/notifications?done=added"
    );
    let bad =
        post(&app, "/en/admin/notifications", &admin, &format!("organization={HOMECARE}&kind=email&target=nope"), true)
            .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(post(&app, "/en/admin/notifications", &admin, &mail, false).await.status, StatusCode::FORBIDDEN);
    // Ended from its button.
    let id = app.json("GET", "/api/v1/subscriptions", Some(&admin), "").await.json()["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let to = location(&post(&app, &format!("/fi/admin/notifications/{id}/end"), &admin, "", true).await);
    let page = get(&app, &to, &admin).await;
    well_formed(&page, "fi", "ended");
    assert!(page.body.contains("Tilaus lopetettiin.") && page.body.contains("lopetettu"), "{}", page.body);
    // Replaying what is not a dead letter says it is not found.
    let missing = post(&app, "/en/admin/notifications/dead/nothing-here/replay", &admin, "", true).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}
