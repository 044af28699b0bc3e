//! Unit pages with everything a visitor needs, the feedback form to the producer's queue, and
//! the embeddable finder (issue 17). Hours are tried at fixed clocks across a holiday
//! exception and midnight; "closed now" is never shown as open, nor is a holiday the unit gave
//! no hours for. Feedback: the honeypot, the signed time token (too fast, too old, forged),
//! the limit per client with a 429 page that keeps the text, CSRF, and who reads the queue.

use crate::referral_pages::{CSRF, location, post, well_formed};
use crate::{TestApp, demo_app, demo_app_with};
use app::FixedClock;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::client::Role;
use serde_json::{Value, json};
use std::sync::Arc;

fn at(utc: &str) -> Arc<FixedClock> {
    Arc::new(FixedClock(utc.parse().unwrap()))
}

/// A unit made from the Porvoo health station with other hours (and no entrances).
async fn unit_with_hours(app: &TestApp, id: &str, hours: Value) {
    let token = app.token().await;
    let mut unit = app.get("/api/v1/units/unit-porvoo-health-station").await.json();
    unit["id"] = json!(id);
    unit["opening_hours"] = hours;
    unit.as_object_mut().unwrap().remove("entrances");
    let reply = app.json("POST", "/api/v1/units", Some(&token), &unit.to_string()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
}

fn nightly() -> Value {
    json!({
        "weekly": [{ "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "opens": "22:00", "closes": "02:00" }],
        "exceptions": [{ "from": "2026-12-24", "closed": true, "note": { "en": "Closed on Christmas Eve" } }]
    })
}

/// The "now" badge of a unit page: which of open, closed, unconfirmed it shows.
fn badge(body: &str) -> &'static str {
    let glance = body.split("class=\"facts glance\"").nth(1).unwrap_or("");
    let glance = glance.split("</dl>").next().unwrap_or("");
    match (glance.contains("badge open"), glance.contains("badge closed"), glance.contains("badge unconfirmed")) {
        (true, false, false) => "open",
        (false, true, false) => "closed",
        (false, false, true) => "unconfirmed",
        (false, false, false) => "none",
        _ => "several",
    }
}

#[tokio::test]
async fn hours_hold_across_a_holiday_exception_and_midnight() {
    // 24 Dec 2026 01:30 in Helsinki (UTC+2): last night's opening still runs.
    let app = demo_app_with(at("2026-12-23T23:30:00Z")).await;
    unit_with_hours(&app, "unit-night-desk", nightly()).await;
    let body = app.get("/en/units/unit-night-desk").await.body;
    assert_eq!(badge(&body), "open", "{body}");
    // This week from today: Christmas Eve closed with its note and the holiday's name; the
    // 25th open again at night, over midnight.
    let week = body.split("<table class=\"week\"").nth(1).unwrap().split("</table>").next().unwrap();
    let row = |date: &str| week.split(date).nth(1).unwrap().split("</tr>").next().unwrap().to_owned();
    let eve = row("24 Dec 2026");
    assert!(
        eve.contains("closed") && eve.contains("Christmas Eve") && eve.contains("Closed on Christmas Eve"),
        "{eve}"
    );
    assert!(eve.contains("Today"), "today is marked: {eve}");
    let christmas = row("25 Dec 2026");
    assert!(christmas.contains("22:00–2:00 (next day)") && christmas.contains("Christmas Day"), "{christmas}");
    assert_eq!(week.matches("<tr").count(), 8, "a header and seven days");
    // The Porvoo health station is closed 24–26 Dec: closed, in every language.
    for (lang, closed) in [("fi", "Suljettu nyt"), ("sv", "Stängt nu"), ("en", "Closed now")] {
        let body = app.get(&format!("/{lang}/units/unit-porvoo-health-station")).await;
        well_formed(&body, lang, "unit page");
        assert_eq!(badge(&body.body), "closed", "{lang}");
        assert!(body.body.contains(closed), "{lang}");
    }

    // 25 Dec 01:30: no night began on the closed 24th, so closed, not open from "yesterday".
    let app = demo_app_with(at("2026-12-24T23:30:00Z")).await;
    unit_with_hours(&app, "unit-night-desk", nightly()).await;
    assert_eq!(badge(&app.get("/en/units/unit-night-desk").await.body), "closed");
    // 25 Dec 22:30: Christmas Day, for which the desk gave no hours of its own: not
    // confirmed, never "open".
    let app = demo_app_with(at("2026-12-25T20:30:00Z")).await;
    unit_with_hours(&app, "unit-night-desk", nightly()).await;
    assert_eq!(badge(&app.get("/en/units/unit-night-desk").await.body), "unconfirmed");
    // 27 Dec 22:30, an ordinary Sunday: open again.
    let app = demo_app_with(at("2026-12-27T20:30:00Z")).await;
    unit_with_hours(&app, "unit-night-desk", nightly()).await;
    assert_eq!(badge(&app.get("/en/units/unit-night-desk").await.body), "open");

    // Open round the clock but closed for a day: closed that day.
    let app = demo_app_with(at("2026-12-24T10:00:00Z")).await;
    let closed_day = json!({ "always_open": true, "exceptions": [{ "from": "2026-12-24", "closed": true }] });
    unit_with_hours(&app, "unit-always-but-today", closed_day).await;
    assert_eq!(badge(&app.get("/en/units/unit-always-but-today").await.body), "closed");
    assert_eq!(badge(&app.get("/en/units/unit-porvoo-hospital").await.body), "open", "always open, no exception");
}

#[tokio::test]
async fn a_holiday_without_the_units_own_hours_is_never_shown_as_open() {
    // Epiphany, Wednesday 6 Jan 2027 10:00: the health station's regular hours say open, but it
    // gave no hours for the holiday.
    let app = demo_app_with(at("2027-01-06T08:00:00Z")).await;
    let body = app.get("/en/units/unit-porvoo-health-station").await.body;
    assert_eq!(badge(&body), "unconfirmed", "{body}");
    assert!(body.contains("Epiphany: hours not confirmed"));
    let hours = body.split("id=\"h-hours\"").nth(1).unwrap().split("</p>").next().unwrap();
    assert!(hours.contains("badge unconfirmed") && !hours.contains("badge open"), "{hours}");
    // The finder's results say the same wherever the health station is shown.
    let results = app.get("/en/services?q=doctor&municipality=638").await.body;
    let shown: Vec<&str> =
        results.split("<li class=\"result\">").skip(1).filter(|r| r.contains("Porvoo Health Station")).collect();
    assert!(!shown.is_empty(), "{results}");
    for result in shown {
        assert!(result.contains("badge unconfirmed") && !result.contains("badge open"), "{result}");
    }
    // An ordinary Wednesday a week later: open.
    let app = demo_app_with(at("2027-01-13T08:00:00Z")).await;
    assert_eq!(badge(&app.get("/en/units/unit-porvoo-health-station").await.body), "open");
}

#[tokio::test]
async fn the_unit_page_has_what_a_visitor_needs() {
    let app = demo_app().await;
    let body = app.get("/en/units/unit-porvoo-hospital").await.body;
    // Entrances on a small map: the two from the catalog, numbered, the main one marked,
    // with where they are from the address point.
    let map = body.split("<figure class=\"map unit-map\"").nth(1).unwrap().split("</figure>").next().unwrap();
    assert!(map.contains("<svg") && map.contains("role=\"img\""), "{map}");
    assert_eq!(map.matches("class=\"entrance main\"").count(), 1, "{map}");
    assert_eq!(map.matches("class=\"entrance\"").count(), 1, "{map}");
    assert!(map.contains("Main entrance (main entrance)") && map.contains("Emergency entrance"), "{map}");
    assert!(map.contains("m north-west of the address point") || map.contains("m north of the address point"), "{map}");
    // A unit without entrances: its address point, and the caption says so.
    let body2 = app.get("/en/units/unit-pukkila-health-station").await.body;
    assert!(body2.contains("The catalog gives no entrances for this unit"));
    assert!(!body2.contains("class=\"entrance"));
    // Contact, the producer, languages, services, accessibility, the feedback form.
    for needed in
        ["Producer", "Languages served", "Contact", "tel:", "Services at this unit", "Accessibility", "Send feedback"]
    {
        assert!(body.contains(needed), "{needed} missing");
    }
    // Phone services and e-services of the services offered there, once each.
    let body = app.get("/en/units/unit-porvoo-health-station").await.body;
    assert!(body.contains("Phone services"), "phone services");
    for lang in ["fi", "sv", "en"] {
        well_formed(&app.get(&format!("/{lang}/units/unit-porvoo-hospital")).await, lang, "unit page");
        well_formed(&app.get(&format!("/{lang}/units/unit-porvoo-hospital/feedback")).await, lang, "feedback page");
    }
}

/// A feedback form post from `client` (the test cannot set a peer address; the limit is per
/// address, and every test request comes from the same "unknown" one).
async fn send(app: &TestApp, unit: &str, body: &str) -> crate::Reply {
    let request = Request::post(format!("/en/units/{unit}/feedback"))
        .header(header::COOKIE, format!("polku_csrf={CSRF}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf={CSRF}&{body}")))
        .unwrap();
    app.send(request).await
}

fn token(app: &TestApp, unit: &str, seconds_ago: i64) -> String {
    let issued = app.polku.clock().now() - chrono::Duration::seconds(seconds_ago);
    app.polku.feedback_token(unit, issued).unwrap()
}

fn textarea(body: &str) -> String {
    body.split("name=\"message\"")
        .nth(1)
        .unwrap()
        .split('>')
        .nth(1)
        .unwrap()
        .split("</textarea")
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn feedback_goes_to_the_producers_queue_and_spam_does_not() {
    let app = demo_app().await;
    let unit = "unit-porvoo-home-care";
    let org = app.polku.snapshot().catalog.units.get(unit).unwrap().organization.to_string();
    // The page's own form: a token and the CSRF token.
    let page = app.get(&format!("/en/units/{unit}")).await;
    let shown = page.body.split("name=\"token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    assert!(page.cookie("polku_csrf").is_some(), "the page gives the CSRF cookie its form needs");
    // Sent at once with it (the clock stands still): too fast, the text comes back.
    let reply = send(&app, unit, &format!("token={shown}&message=Too+quick&contact=&website=")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains("sent very quickly") && textarea(&reply.body) == "Too quick", "{}", reply.body);
    // A day and more old, or not signed by this server: expired, text kept.
    let old = token(&app, unit, 25 * 3600);
    let reply = send(&app, unit, &format!("token={old}&message=Old+form")).await;
    assert!(reply.body.contains("had expired") && textarea(&reply.body) == "Old form");
    let forged = format!("{}.{}", app.polku.clock().now().timestamp() - 60, "0".repeat(32));
    let reply = send(&app, unit, &format!("token={forged}&message=Forged")).await;
    assert!(reply.body.contains("had expired"), "a forged token");
    let other_unit = token(&app, "unit-porvoo-hospital", 60);
    let reply = send(&app, unit, &format!("token={other_unit}&message=Elsewhere")).await;
    assert!(reply.body.contains("had expired"), "another unit's token");
    // The honeypot: thanked, nothing stored.
    let good = token(&app, unit, 60);
    let reply = send(&app, unit, &format!("token={good}&message=Buy+now&website=http%3A%2F%2Fspam.example")).await;
    assert_eq!(location(&reply), format!("/en/units/{unit}?feedback=sent#feedback"));
    // Without the CSRF token: refused, text kept, a fresh token to send again with.
    let request = Request::post(format!("/en/units/{unit}/feedback"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("token={good}&message=No+cookie")))
        .unwrap();
    let reply = app.send(request).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(textarea(&reply.body) == "No cookie" && reply.cookie("polku_csrf").is_some(), "{}", reply.body);
    // Empty or over-long: said so beside the field.
    let reply = send(&app, unit, &format!("token={good}&message=+++")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Write your feedback."));
    let long = "x".repeat(4001);
    let reply = send(&app, unit, &format!("token={good}&message={long}")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(textarea(&reply.body), long, "the long text is kept to be shortened");
    // A real one, with ä and a line break: stored, and the unit page thanks.
    let reply =
        send(&app, unit, &format!("token={good}&message=Ovi+on+raskas+avata.%0D%0AKiitos!&contact=aino%40example.fi"))
            .await;
    assert_eq!(location(&reply), format!("/en/units/{unit}?feedback=sent#feedback"));
    let thanks = app.get(&format!("/en/units/{unit}?feedback=sent")).await.body;
    assert!(thanks.contains("Your feedback was sent"));

    // The producer's professional reads it; another organisation's does not; a catalog
    // editor reads every producer's; a resident may not; nobody signed in, 401.
    let own = app.user("pia", &[Role::Professional], Some(&org)).await;
    let other = app.user("olli", &[Role::Professional], Some("org-priv-dental-a")).await;
    let editor = app.user("eeva", &[Role::CatalogEditor], None).await;
    let navigator = app.user("nelli", &[Role::Navigator], Some(&org)).await;
    let queue = app.json("GET", "/api/v1/feedback", Some(&own), "").await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
    let items = queue.json()["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 1, "the honeypot's was not stored: {items:?}");
    assert_eq!(items[0]["message"], "Ovi on raskas avata.\r\nKiitos!");
    assert_eq!((items[0]["unit"].as_str(), items[0]["contact"].as_str()), (Some(unit), Some("aino@example.fi")));
    assert_eq!(items[0]["lang"], "en");
    let none = app.json("GET", "/api/v1/feedback", Some(&other), "").await.json();
    assert_eq!(none["total"], 0, "another producer's queue");
    assert_eq!(app.json("GET", "/api/v1/feedback", Some(&editor), "").await.json()["total"], 1);
    assert_eq!(app.json("GET", "/api/v1/feedback", Some(&navigator), "").await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.json("GET", "/api/v1/feedback", None, "").await.status, StatusCode::UNAUTHORIZED);
    // The queue page, and marking it handled with a form (CSRF); only once, and only one's own.
    let page = crate::referral_pages::get(&app, "/en/feedback", &own).await;
    well_formed(&page, "en", "feedback queue");
    assert!(page.body.contains("Ovi on raskas avata.") && page.body.contains("1 open, 1 in all"), "{}", page.body);
    let id = items[0]["id"].as_str().unwrap();
    let refused = post(&app, &format!("/en/feedback/{id}/handled"), &other, "", true).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "not in their queue");
    let no_csrf = post(&app, &format!("/en/feedback/{id}/handled"), &own, "", false).await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
    let done = post(&app, &format!("/en/feedback/{id}/handled"), &own, "", true).await;
    assert_eq!(location(&done), "/en/feedback?done=handled");
    let page = crate::referral_pages::get(&app, "/en/feedback?done=handled", &own).await.body;
    assert!(page.contains("Handled") && page.contains("by pia") && page.contains("0 open, 1 in all"), "{page}");
    let again = app.json("POST", &format!("/api/v1/feedback/{id}/handled"), Some(&editor), "").await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "handled already");
    for lang in ["fi", "sv"] {
        well_formed(&crate::referral_pages::get(&app, &format!("/{lang}/feedback"), &editor).await, lang, "queue");
    }
}

#[tokio::test]
async fn a_flood_of_feedback_is_limited_with_a_429_that_keeps_the_text() {
    let app = demo_app().await;
    let unit = "unit-porvoo-hospital";
    let good = token(&app, unit, 60);
    for n in 0..app::feedback::LIMIT_PER_WINDOW {
        let reply = send(&app, unit, &format!("token={good}&message=Palaute+{n}")).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{n}: {}", reply.body);
    }
    let reply =
        send(&app, unit, &format!("token={good}&message=Viel%C3%A4+yksi+t%C3%A4rke%C3%A4+asia&contact=040+123")).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "{}", reply.body);
    let retry: i64 = reply.headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=3600).contains(&retry), "{retry}");
    assert_eq!(textarea(&reply.body), "Vielä yksi tärkeä asia", "nothing lost");
    assert!(reply.body.contains("value=\"040 123\""), "the contact too");
    assert!(reply.body.contains("You can send it again in 60 min."), "{}", reply.body);
    let editor = app.user("eeva", &[Role::CatalogEditor], None).await;
    let total = app.json("GET", "/api/v1/feedback", Some(&editor), "").await.json()["total"].clone();
    assert_eq!(total, json!(app::feedback::LIMIT_PER_WINDOW), "the sixth was not stored");
    // Junk never makes the server fail.
    for body in [
        "",
        "message",
        "%ff%fe=1",
        "token=&message=x",
        "token=abc.def&message=x",
        "token=99999999999999999999.x&message=x",
    ] {
        let reply = send(&app, unit, body).await;
        assert!(reply.status.is_client_error() || reply.status.is_success(), "{body}: {}", reply.status);
    }
    let reply = send(&app, "unit-does-not-exist", &format!("token={good}&message=x")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_embeddable_finder_may_be_framed_and_nothing_else_may() {
    let app = demo_app().await;
    let reply = app.get("/fi/embed/finder?municipality=638&group=P4").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let csp = reply.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors *") && !csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(reply.headers.get("x-frame-options").is_none());
    // Without the site's navigation; services and units open in a new tab; the search stays.
    assert!(!reply.body.contains("class=\"site\""), "no site header or footer");
    assert!(reply.body.contains("Sosiaalipalvelut") && reply.body.contains("Porvoo"), "the scope is said");
    assert!(reply.body.contains("target=\"_blank\" rel=\"noopener\""));
    assert!(
        reply.body.contains("name=\"municipality\" value=\"638\"")
            && reply.body.contains("name=\"service_class\" value=\"P4\"")
    );
    assert!(reply.body.contains("href=\"/fi/services/") && reply.body.contains("?municipality=638\""));
    // Every result offers the service in Porvoo and is a social service.
    let snapshot = app.polku.snapshot();
    let shown: Vec<&str> =
        reply.body.split("href=\"/fi/services/").skip(1).map(|r| r.split('?').next().unwrap()).collect();
    assert!(!shown.is_empty());
    for id in &shown {
        let service = snapshot.catalog.services.get(*id).unwrap();
        assert!(service.service_classes.iter().any(|c| c.starts_with("P4")), "{id}");
    }
    well_formed(&reply, "fi", "embed");
    for lang in ["sv", "en"] {
        well_formed(&app.get(&format!("/{lang}/embed/finder?municipality=434&q=kotihoito")).await, lang, "embed");
    }
    // Bad values and unknown parameters: 400, still in the frame's own page.
    for bad in ["group=P999", "municipality=999", "colour=red", "page=0"] {
        let reply = app.get(&format!("/en/embed/finder?{bad}")).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(reply.headers["content-security-policy"].to_str().unwrap().contains("frame-ancestors *"));
    }
    // Every other page keeps refusing frames.
    for path in ["/fi/", "/fi/units/unit-porvoo-hospital", "/fi/embed", "/api/v1/services", "/fi/nothing-here"] {
        let reply = app.get(path).await;
        assert_eq!(reply.headers["x-frame-options"], "DENY", "{path}");
        assert!(
            reply.headers["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"),
            "{path}"
        );
    }
    // The help page shows the snippet.
    let help = app.get("/en/embed").await;
    well_formed(&help, "en", "embed help");
    assert!(
        help.body.contains("&lt;iframe src=") && help.body.contains("/en/embed/finder?municipality=638&amp;group=P4")
    );
}
