//! The web pages: languages, the service finder, and the staff editor behind a real login.

use crate::{Reply, TestApp, demo_app};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

fn html_lang(body: &str) -> Option<&str> {
    body.split("<html lang=\"").nth(1).and_then(|rest| rest.split('"').next())
}

fn hidden_csrf(body: &str) -> String {
    body.split("name=\"csrf\" value=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or("").to_owned()
}

#[tokio::test]
async fn root_picks_the_language_from_accept_language() {
    let app = demo_app().await;
    for (accept, target) in [("sv-FI,sv;q=0.9", "/sv/"), ("en-GB,en;q=0.8", "/en/"), ("de", "/fi/"), ("", "/fi/")] {
        let reply =
            app.send(Request::get("/").header(header::ACCEPT_LANGUAGE, accept).body(Body::empty()).unwrap()).await;
        assert!(reply.status.is_redirection(), "{accept}");
        assert_eq!(reply.headers[header::LOCATION], target, "{accept}");
    }
}

#[tokio::test]
async fn every_public_page_in_every_language() {
    let app = demo_app().await;
    // The planning pages are the planners' (anna is one).
    let planner = app.token().await;
    for lang in ["fi", "sv", "en"] {
        for (path, status) in [
            ("/", StatusCode::OK),
            ("/services?q=kotihoito", StatusCode::OK),
            ("/services?q=&municipality=638&channel=chat&open_now=1", StatusCode::OK),
            ("/services?per_page=5&page=2", StatusCode::OK),
            ("/services?municipality=999", StatusCode::BAD_REQUEST),
            ("/services/svc-home-care", StatusCode::OK),
            ("/services/svc-support-centre-short-term-housing", StatusCode::OK),
            ("/units/unit-porvoo-hospital", StatusCode::OK),
            ("/login", StatusCode::OK),
            ("/planning/eligibility?proposal=proposal-b", StatusCode::OK),
            ("/planning/eligibility?proposal=nope", StatusCode::BAD_REQUEST),
            ("/planning/access?service=svc-home-care&mode=walk&age=75%2B", StatusCode::OK),
            ("/planning/access?service=svc-nope", StatusCode::BAD_REQUEST),
            ("/accessibility", StatusCode::OK),
            (
                "/planning/access?service=svc-home-care&move=unit-porvoo-home-care&move_lat=60.45&move_lon=25.9",
                StatusCode::OK,
            ),
            ("/services/nope", StatusCode::NOT_FOUND),
            ("/nothing/here", StatusCode::NOT_FOUND),
        ] {
            let uri = format!("/{lang}{path}");
            let reply =
                if path.starts_with("/planning") { app.get_as(&uri, &planner).await } else { app.get(&uri).await };
            assert_eq!(reply.status, status, "/{lang}{path}");
            assert_eq!(html_lang(&reply.body), Some(lang), "/{lang}{path}");
            assert!(!reply.body.contains('⟦'), "/{lang}{path} has a missing message: {}", reply.body);
            assert_eq!(reply.body.matches("<h1").count(), 1, "/{lang}{path}");
        }
    }
}

#[tokio::test]
async fn the_finder_works_without_javascript() {
    let app = demo_app().await;
    let reply = app.get("/sv/services?q=hemv%C3%A5rden").await;
    assert!(reply.body.contains(r#"<form role="search" method="get""#));
    assert!(reply.body.contains(r#"<li class="result">"#));
    assert!(
        reply.body.contains(r#"href="/sv/services/svc-home-care?q=hemv%C3%A5rden&amp;sid="#),
        "the search goes along"
    );
    assert!(reply.body.contains("Hemvård"));
    // The service page says where, when, languages, channels, producers and eligibility.
    let page = app.get("/fi/services/svc-home-care").await.body;
    for expected in
        ["Missä", "Aukiolo", "Palvelukielet", "Tuottajat", "Kenelle palvelu on tarkoitettu", "palveluseteli"]
    {
        assert!(page.contains(expected) || expected == "Aukiolo", "{expected} missing");
    }
    let unit = app.get("/en/units/unit-itu-support-centre-short-term").await;
    if unit.status == StatusCode::OK {
        assert!(unit.body.contains("<table"), "capacity table");
    }
    // A bad filter is explained on the page, not a crash.
    let bad = app.get("/fi/services?municipality=999").await.body;
    assert!(bad.contains("role=\"alert\"") && bad.contains("municipality"));
    // Beside its field, in the page's language (issue 19).
    assert!(bad.contains(r#"id="municipality-error" class="field-error">”999” ei ole vaihtoehto"#), "{bad}");
    assert!(bad.contains(r#"aria-describedby="municipality-error""#));
}

pub async fn login(app: &TestApp) -> (String, String) {
    let form = app.get("/fi/login").await;
    let csrf_cookie = form.cookie("polku_csrf").expect("login page sets the CSRF cookie");
    let csrf = hidden_csrf(&form.body);
    assert_eq!(csrf, csrf_cookie);
    let reply = post_form(app, "/fi/login", &csrf, None, "username=anna&password=correct+horse+battery+staple").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.headers[header::LOCATION], "/fi/editor");
    (reply.cookie("polku_session").expect("session cookie"), csrf)
}

/// A signed-in staff session (through the login form), for pages that show staff more.
pub async fn login_session(app: &TestApp) -> String {
    login(app).await.0
}

pub async fn post_form(app: &TestApp, uri: &str, csrf: &str, session: Option<&str>, body: &str) -> Reply {
    let mut cookie = format!("polku_csrf={csrf}");
    if let Some(session) = session {
        cookie.push_str(&format!("; polku_session={session}"));
    }
    let body = format!("csrf={csrf}&{body}");
    let request = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap();
    app.send(request).await
}

pub async fn get_as(app: &TestApp, uri: &str, session: &str, csrf: &str) -> Reply {
    let request = Request::get(uri)
        .header(header::COOKIE, format!("polku_session={session}; polku_csrf={csrf}"))
        .body(Body::empty())
        .unwrap();
    app.send(request).await
}

#[tokio::test]
async fn login_needs_the_right_password_and_a_csrf_token() {
    let app = demo_app().await;
    // No login, no editor.
    let reply = app.get("/fi/editor").await;
    assert_eq!(reply.headers[header::LOCATION], "/fi/login");
    let form = app.get("/fi/login").await;
    let csrf = hidden_csrf(&form.body);
    let wrong = post_form(&app, "/fi/login", &csrf, None, "username=anna&password=nope").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("Väärä käyttäjätunnus tai salasana"));
    // A form without the browser's token is refused (cross-site request forgery).
    let request = Request::post("/fi/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("username=anna&password=correct+horse+battery+staple"))
        .unwrap();
    assert_eq!(app.send(request).await.status, StatusCode::FORBIDDEN);
    let forged = post_form(&app, "/fi/login", &"0".repeat(64), None, "username=anna&password=wrong").await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED, "matching cookie and field pass CSRF, then the password fails");
    // Empty fields are said beside them, in the page's language (issue 19).
    let empty = post_form(&app, "/sv/login", &"0".repeat(64), None, "username=&password=").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains(r#"id="username-error" class="field-error">Skriv användarnamnet."#), "{}", empty.body);
    assert!(empty.body.contains(r#"id="password-error" class="field-error">Skriv lösenordet."#));
    let half = post_form(&app, "/en/login", &"0".repeat(64), None, "username=anna&password=").await;
    assert!(half.body.contains(r#"id="password-error""#) && !half.body.contains(r#"id="username-error""#));
}

#[tokio::test]
async fn staff_edit_a_service_through_the_form() {
    let app = demo_app().await;
    let (session, csrf) = login(&app).await;
    let list = get_as(&app, "/sv/editor", &session, &csrf).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Hemvård"));
    let form = get_as(&app, "/en/editor/services/svc-home-care", &session, &csrf).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(r#"name="name_sv" value="Hemvård""#));

    let fields = "name_fi=Kotihoito&name_sv=Hemv%C3%A5rd&name_en=Home+care&tier=local_area&charge=chargeable&organiser=org-itu\
                  &languages=fi%2C+sv&service_classes=P4.3&target_groups=KR1.1&valid_from=2023-01-01";
    // Invalid: ends before it starts; the form comes back with the field named.
    let bad = post_form(
        &app,
        "/en/editor/services/svc-home-care",
        &csrf,
        Some(&session),
        &format!("{fields}&valid_to=2020-01-01"),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("role=\"alert\"") && bad.body.contains("href=\"#valid_to\""));
    // Valid: saved, and the API shows it with the editor as the author.
    let ok = post_form(
        &app,
        "/en/editor/services/svc-home-care",
        &csrf,
        Some(&session),
        &format!("{fields}&eligibility_fi=Kaikille+apua+tarvitseville&keywords_fi=kotiapu%2C+kotisairaanhoito"),
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let saved = app.get("/api/v1/services/svc-home-care").await.json();
    assert_eq!(saved["eligibility"]["fi"], "Kaikille apua tarvitseville");
    assert_eq!(saved["keywords"]["fi"], serde_json::json!(["kotiapu", "kotisairaanhoito"]));
    let history = app.get("/api/v1/services/svc-home-care/history").await.json();
    assert_eq!(history["items"].as_array().unwrap().last().unwrap()["actor"], "user:anna");
    // Without the CSRF field the same post is refused.
    let request = Request::post("/en/editor/services/svc-home-care")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("polku_session={session}; polku_csrf={csrf}"))
        .body(Body::from(fields.to_owned()))
        .unwrap();
    assert_eq!(app.send(request).await.status, StatusCode::FORBIDDEN);

    // A form made from an older revision is refused once someone else saved the service
    // (optimistic concurrency), naming what happened; nothing is overwritten.
    let form = get_as(&app, "/en/editor/services/svc-home-care", &session, &csrf).await;
    let revision = form.body.split(r#"name="revision" value=""#).nth(1).and_then(|r| r.split('"').next()).unwrap();
    let old: i64 = revision.parse().unwrap();
    let mut other = app.get("/api/v1/services/svc-home-care").await.json();
    other["name"]["en"] = serde_json::json!("Home care (changed elsewhere)");
    let token = app.token().await;
    let reply = app.json("PUT", "/api/v1/services/svc-home-care", Some(&token), &other.to_string()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let stale = post_form(
        &app,
        "/en/editor/services/svc-home-care",
        &csrf,
        Some(&session),
        &format!("{fields}&revision={old}"),
    )
    .await;
    assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", stale.body);
    assert!(stale.body.contains("Someone else saved this service meanwhile"), "{}", stale.body);
    assert_eq!(app.get("/api/v1/services/svc-home-care").await.json()["name"]["en"], "Home care (changed elsewhere)");

    // Create a new service, then retire it.
    let created = post_form(
        &app,
        "/fi/editor/services",
        &csrf,
        Some(&session),
        &format!("id=svc-new-one&{}", fields.replace("Kotihoito", "Uusi+palvelu")),
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let duplicate =
        post_form(&app, "/fi/editor/services", &csrf, Some(&session), &format!("id=svc-new-one&{fields}")).await;
    assert_eq!(duplicate.status, StatusCode::UNPROCESSABLE_ENTITY);
    let retired = post_form(&app, "/fi/editor/services/svc-new-one/retire", &csrf, Some(&session), "").await;
    assert_eq!(retired.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/api/v1/services/svc-new-one").await.json()["valid_to"], "2026-11-23");

    // Logging out ends the session.
    let out = post_form(&app, "/fi/logout", &csrf, Some(&session), "").await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(get_as(&app, "/fi/editor", &session, &csrf).await.headers[header::LOCATION], "/fi/login");
}

#[tokio::test]
async fn planners_see_gains_losses_and_where_criteria_differ() {
    let app = demo_app().await;
    let planner = app.token().await;
    let reply = app.get_as("/en/planning/eligibility", &planner).await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = &reply.body;
    // Both proposals compared side by side, each with its charts (SVG, titled) and tables.
    assert!(body.contains("proposal-a") && body.contains("proposal-b"));
    assert_eq!(body.matches("<svg").count(), 6, "three charts per proposal: services, municipalities, age groups");
    assert!(body.contains("role=\"img\""));
    assert!(body.contains("Home care"), "services are named in the page's language");
    // The matrix marks cells whose criteria differ from the most common, not by colour alone.
    assert!(body.contains("differs from the most common criteria"));
    assert!(body.contains("Porvoo") && body.contains("Pukkila"));
    // An unknown proposal is said so, not a blank page.
    let reply = app.get_as("/fi/planning/eligibility?proposal=nope", &planner).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply.body.contains(r#"id="proposal-error""#) && reply.body.contains("Tuntematon ehdotus ”nope”"),
        "{}",
        reply.body
    );
}

#[tokio::test]
async fn the_accessibility_page_shows_a_scenario_before_and_after() {
    let app = demo_app().await;
    let planner = app.token().await;
    let reply = app.get_as("/en/planning/access?service=svc-home-care&close=unit-porvoo-home-care", &planner).await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = &reply.body;
    assert!(body.contains("Estimate:"), "the method is said");
    assert!(body.contains("role=\"img\""), "the map");
    assert!(body.contains(" → "), "before → after in the table");
    assert!(body.contains("residents get nearer and"), "the scenario summary");
    assert!(body.contains("Statistics Finland"), "attribution");
}
