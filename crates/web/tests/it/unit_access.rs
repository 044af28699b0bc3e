//! Accessibility for a resident's own needs (issue 17): the profile saved in a cookie without
//! an account, unit pages that give the verdict and the shortcomings per segment for it,
//! "no information" never shown as "no shortcomings", the unit's own text shown as it is, and
//! service pages that order and label their units by the profile.

use crate::{TestApp, demo_app};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

async fn with_profile(app: &TestApp, uri: &str, profile: &str) -> String {
    let request = Request::get(uri).header(header::COOKIE, format!("polku_profile={profile}"));
    let reply = app.send(request.body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, StatusCode::OK, "{uri}");
    reply.body
}

#[tokio::test]
async fn the_profile_is_saved_in_a_cookie_and_the_resident_goes_back() {
    let app = demo_app().await;
    let reply = app.get("/fi/profile?profile=wheelchair&back=/units/unit-ngo-crisis-porvoo").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.headers[header::LOCATION], "/fi/units/unit-ngo-crisis-porvoo");
    assert_eq!(reply.cookie("polku_profile").as_deref(), Some("wheelchair"));
    let set = reply.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Max-Age=31536000"), "{set}");
    // Forgetting it.
    let reply = app.get("/sv/profile?profile=&back=/").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(reply.headers[header::SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
    // Never off to another site; an unknown profile is named.
    let reply = app.get("/fi/profile?profile=stroller&back=//evil.example/").await;
    assert_eq!(reply.headers[header::LOCATION], "/fi/");
    let reply = app.get("/fi/profile?profile=jetpack").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("profile") && reply.body.contains("wheelchair"), "{}", reply.body);
    let reply = app.get("/fi/profile?profile=wheelchair&colour=red").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "unknown parameters are refused");
}

#[tokio::test]
async fn no_information_is_never_shown_as_no_shortcomings() {
    let app = demo_app().await;
    // A unit with no survey and no text: for every profile, "no information".
    for profile in ["wheelchair", "reduced_mobility", "rollator", "stroller", "visually_impaired", "hearing_aid"] {
        let body = with_profile(&app, "/fi/units/unit-pukkila-health-station", profile).await;
        assert!(body.contains("Ei esteettömyystietoa"), "{profile}");
        assert!(!body.contains("Ei puutteita"), "{profile}: no information shown as no shortcomings");
    }
    let body = app.get("/en/units/unit-pukkila-health-station").await.body;
    assert!(body.contains("There is no information on accessibility"));
    assert!(!body.contains("No shortcomings"));
}

#[tokio::test]
async fn the_unit_page_gives_the_shortcomings_for_the_saved_profile() {
    let app = demo_app().await;
    // Two steps and no ramp: a wheelchair user is told so, per segment, in their language.
    let body = with_profile(&app, "/fi/units/unit-ngo-crisis-porvoo", "wheelchair").await;
    assert!(body.contains("Sisäänkäynnillä on 2 porrasta eikä luiskaa."), "the entrance's shortcoming");
    assert!(body.contains("<h3>Sisäänkäynti</h3>"), "grouped by segment");
    assert!(body.contains("puutetta"));
    let body = with_profile(&app, "/sv/units/unit-ngo-crisis-porvoo", "wheelchair").await;
    assert!(body.contains("Ingången har 2 trappsteg och ingen ramp."));
    // The hospital, surveyed in full, has none for a wheelchair.
    let body = with_profile(&app, "/en/units/unit-porvoo-hospital", "wheelchair").await;
    assert!(body.contains("No shortcomings"));
    // A health station whose survey leaves out what the visually impaired need: incomplete.
    let body = with_profile(&app, "/en/units/unit-porvoo-health-station", "visually_impaired").await;
    assert!(body.contains("the information is incomplete"), "incomplete, not fine");
    assert!(!body.contains(">No shortcomings"));
    // Without a profile: every profile's verdict in a table, and the unit's own words as they are.
    let body = app.get("/fi/units/unit-ngo-crisis-porvoo").await.body;
    assert!(body.contains("Esteettömyys eri tarpeisiin"));
    assert!(body.contains("Toimipisteen oma kuvaus"));
    assert!(body.contains("Sisäänkäynnillä kaksi porrasta, ei luiskaa."), "the unit's own text as it is");
    assert!(body.contains(r#"action="/fi/profile""#), "the profile can be picked on the page");
}

#[tokio::test]
async fn service_pages_label_their_units_by_the_profile() {
    let app = demo_app().await;
    let body = with_profile(&app, "/en/services/svc-doctor-appointment", "hearing_aid").await;
    let units = body.split(r#"id="h-where""#).nth(1).and_then(|b| b.split("</section>").next()).unwrap_or("");
    let cards = units.matches(r#"<li class="card">"#).count();
    assert!(cards >= 2);
    assert_eq!(units.matches("Hearing aid: ").count(), cards, "every unit card is labelled");
    // The finder offers the choice too, and labels results with it.
    let body = with_profile(&app, "/en/services?q=doctor", "hearing_aid").await;
    assert!(body.contains("My accessibility needs"));
    assert!(body.contains("Hearing aid: "), "results are labelled");
}

#[tokio::test]
async fn the_api_gives_each_profiles_assessment_for_other_systems() {
    let app = demo_app().await;
    let reply = app.get("/api/v1/units/unit-ngo-crisis-porvoo/accessibility").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let body = reply.json();
    let profiles = body["profiles"].as_array().unwrap();
    assert_eq!(profiles.len(), 6);
    assert_eq!(profiles[0]["profile"], "wheelchair");
    assert_eq!(profiles[0]["verdict"], "shortcomings");
    assert!(
        profiles[0]["shortcomings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["segment"] == "entrance" && s["text"]["en"] == "The entrance has 2 step(s) and no ramp.")
    );
    let reply = app.get("/api/v1/units/unit-pukkila-health-station/accessibility?profile=hearing_aid").await.json();
    assert_eq!(reply["profiles"][0]["verdict"], "no_information");
    assert_eq!(reply["profiles"][0]["unknown"][0]["missing"][0], "hearing_loop");
    assert_eq!(app.get("/api/v1/units/nope/accessibility").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/api/v1/units/unit-porvoo-hospital/accessibility?profile=x").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn a_contradictory_survey_is_kept_and_flagged_to_the_catalog_team() {
    let app = demo_app().await;
    let token = app.token().await;
    let mut unit = app.get("/api/v1/units/unit-pukkila-health-station").await.json();
    unit["accessibility_survey"] = serde_json::json!({"facts": {"entrance_steps": 0, "entrance_step_height_cm": 16, "lift": false, "lift_voice": true}});
    let reply = app.json("PUT", "/api/v1/units/unit-pukkila-health-station", Some(&token), &unit.to_string()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let body = app.get("/api/v1/units/unit-pukkila-health-station/accessibility").await.json();
    let contradictions = body["contradictions"].as_array().unwrap();
    assert_eq!(contradictions.len(), 2, "{contradictions:?}");
    assert_eq!(contradictions[0]["variables"], serde_json::json!(["entrance_steps", "entrance_step_height_cm"]));
    // A value of the wrong kind is refused with its place named.
    unit["accessibility_survey"] = serde_json::json!({"facts": {"lift": "maybe"}});
    let reply = app.json("PUT", "/api/v1/units/unit-pukkila-health-station", Some(&token), &unit.to_string()).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert!(reply.body.contains("accessibility_survey"), "{}", reply.body);
}
