//! The JSON API: search, reads, writes, and refusals of bad input.

use crate::{TestApp, demo_app};
use axum::http::StatusCode;
use serde_json::{Value, json};

fn ids(reply: &Value) -> Vec<String> {
    reply["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect()
}

/// (query, the service a resident means) from `data/search/first-five.tsv`.
fn first_five() -> Vec<(&'static str, &'static str)> {
    include_str!("../../../../data/search/first-five.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| l.split_once('\t'))
        .collect()
}

#[tokio::test]
async fn residents_find_the_service_in_the_first_five() {
    let app = demo_app().await;
    let mut misses = Vec::new();
    for (q, expected) in first_five() {
        let reply = app.get(&format!("/api/v1/services?q={}&per_page=5", q.replace(' ', "+"))).await;
        assert_eq!(reply.status, StatusCode::OK, "{q}: {}", reply.body);
        let found = ids(&reply.json());
        if !found.iter().any(|id| id == expected) {
            misses.push(format!("{q:?} -> {found:?} (expected {expected})"));
        }
    }
    assert!(misses.is_empty(), "not in the first five:\n{}", misses.join("\n"));
}

#[tokio::test]
async fn search_page_shape_and_match_explanations() {
    let app = demo_app().await;
    let reply = app.get("/api/v1/services?q=hemv%C3%A5rden&lang=sv&per_page=3").await.json();
    assert_eq!((reply["page"].as_u64(), reply["per_page"].as_u64()), (Some(1), Some(3)));
    assert!(reply["total"].as_u64().unwrap() >= 3);
    let first = &reply["items"][0];
    assert_eq!(first["id"], "svc-home-care");
    assert_eq!(
        first["search"]["matches"][0],
        json!({"term": "hemvården", "lang": "sv", "field": "name", "matched": "hemvård", "kind": "stem"})
    );
    // Pages do not overlap and add up.
    let all = app.get("/api/v1/services?per_page=100").await.json();
    let total = all["total"].as_u64().unwrap() as usize;
    assert!(total >= 80, "demo has at least 80 services valid today, got {total}");
    let mut seen = std::collections::BTreeSet::new();
    for page in 1..=total.div_ceil(30) {
        for id in ids(&app.get(&format!("/api/v1/services?sort=name&per_page=30&page={page}")).await.json()) {
            assert!(seen.insert(id.clone()), "{id} on two pages");
        }
    }
    assert_eq!(seen.len(), total);
}

#[tokio::test]
async fn search_filters() {
    let app = demo_app().await;
    let count = |reply: Value| reply["total"].as_u64().unwrap();
    let all = count(app.get("/api/v1/services?per_page=1").await.json());
    for filter in [
        "municipality=504",
        "target_group=KR1.1",
        "service_class=P4",
        "language=sv",
        "channel=chat",
        "tier=county",
        "producer_kind=private_company",
        "producer_kind=ngo",
        "open_at=2026-11-28T23:00",
        "open_now=1",
    ] {
        let n = count(app.get(&format!("/api/v1/services?per_page=1&{filter}")).await.json());
        assert!(n > 0 && n < all, "{filter}: {n} of {all}");
    }
    // Sorting by distance from Loviisa puts a Loviisa unit first.
    let reply = app.get("/api/v1/services?q=terveysasema&near=60.4569,26.2244&per_page=3").await.json();
    let first_distance = reply["items"][0]["search"]["distance_m"].as_f64().unwrap();
    assert!(first_distance < 3_000.0, "{reply}");
    // A service of a pilot that ended is visible on a date inside its validity only.
    let later = count(app.get("/api/v1/services?per_page=1&on=2027-06-01").await.json());
    assert!(later < all, "services ending 2026-12-31 are gone in 2027");
}

#[tokio::test]
async fn bad_search_parameters_are_refused_with_the_field_named() {
    let app = demo_app().await;
    for (query, field) in [
        ("municipality=999", "municipality"),
        ("service_class=P999", "service_class"),
        ("target_group=KR9", "target_group"),
        ("tier=galaxy", "tier"),
        ("channel=pigeon", "channel"),
        ("per_page=1000", "per_page"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("lang=de", "lang"),
        ("near=24.9,60.1", "near"),
        ("near=nowhere", "near"),
        ("sort=distance", "sort"),
        ("open_at=tomorrow", "open_at"),
        ("on=2026-13-01", "on"),
        ("q=%FF%FE", "q"),
        ("colour=blue", "colour"),
    ] {
        let reply = app.get(&format!("/api/v1/services?{query}")).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}: {}", reply.body);
        let body = reply.json();
        assert_eq!(body["code"], "invalid_parameter", "{query}");
        assert_eq!(body["details"][0]["field"], field, "{query}: {body}");
    }
    let long = "x".repeat(2_000);
    assert_eq!(app.get(&format!("/api/v1/services?q={long}")).await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn reads() {
    let app = demo_app().await;
    let service = app.get("/api/v1/services/svc-home-care").await;
    assert_eq!(service.status, StatusCode::OK);
    assert_eq!(service.json()["name"]["sv"], "Hemvård");
    let unit = app.get("/api/v1/units?municipality=638&per_page=100").await.json();
    assert!(unit["items"].as_array().unwrap().iter().all(|u| u["address"]["municipality"] == "638"));
    let first_unit = &unit["items"][0];
    assert!(first_unit["location"]["n"].as_f64().unwrap() > 6_600_000.0, "EPSG:3067 northing present");
    let porvoo = app.get("/api/v1/municipalities/638").await.json();
    assert_eq!(porvoo["name"]["sv"], "Borgå");
    assert_eq!(porvoo["population"], 51232);
    let county = app
        .get(&format!(
            "/api/v1/municipalities?county={}",
            porvoo["wellbeing_services_county"]["code"].as_str().unwrap()
        ))
        .await
        .json();
    assert_eq!(county["total"], 7);
    let orgs = app.get("/api/v1/organizations?kind=ngo").await.json();
    assert!(orgs["total"].as_u64().unwrap() >= 2);
    assert_eq!(app.get("/api/v1/codes/target_groups?per_page=100").await.json()["total"], 17);
    for missing in ["/api/v1/services/nope", "/api/v1/units/nope", "/api/v1/municipalities/999", "/api/v1/nothing"] {
        let reply = app.get(missing).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{missing}");
        assert_eq!(reply.json()["code"], "not_found");
    }
    assert_eq!(app.get("/healthz").await.json()["status"], "ok");
    // The icon the pages link, and the one browsers ask for anyway, without a redirect.
    for icon in ["/static/favicon.svg", "/favicon.ico"] {
        let reply = app.get(icon).await;
        assert_eq!(reply.status, StatusCode::OK, "{icon}");
        assert!(reply.body.starts_with("<svg"), "{icon}");
    }
}

fn new_service(id: &str) -> Value {
    json!({
        "id": id,
        "name": {"fi": "Zumbaneuvonta", "sv": "Zumbarådgivning", "en": "Zumba counselling"},
        "tier": "local_area", "organiser": "org-itu", "charge": "free",
        "area": ["018"], "languages": ["fi"], "service_classes": ["P5.1"], "valid_from": "2026-01-01"
    })
}

async fn refused(app: &TestApp, token: &str, body: Value) -> (StatusCode, Value) {
    let reply = app.json("POST", "/api/v1/services", Some(token), &body.to_string()).await;
    (reply.status, reply.json())
}

#[tokio::test]
async fn writes_need_a_session() {
    let app = demo_app().await;
    let reply = app.json("POST", "/api/v1/services", None, &new_service("svc-x").to_string()).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.json()["code"], "unauthorized");
    let reply =
        app.json("POST", "/api/v1/sessions", None, r#"{"username":"anna","password":"wrong password!!"}"#).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.json()["code"], "bad_credentials");
}

#[tokio::test]
async fn create_update_retire_with_history() {
    let app = demo_app().await;
    let token = app.token().await;
    let reply = app.json("POST", "/api/v1/services", Some(&token), &new_service("svc-exercise").to_string()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(reply.headers["location"], "/api/v1/services/svc-exercise");
    // Searchable at once, and in HSDS and FHIR.
    let found = app.get("/api/v1/services?q=zumbaneuvonta").await.json();
    assert_eq!(found["items"][0]["id"], "svc-exercise");
    let hsds = app.get("/hsds/services?search=zumbaneuvonta").await;
    assert_eq!(hsds.json()["total_items"], 1, "{}", hsds.body);
    let fhir = app.get("/fhir/HealthcareService/svc-exercise").await;
    assert_eq!(fhir.status, StatusCode::OK, "{}", fhir.body);
    assert_eq!(fhir.json()["id"], "svc-exercise");

    let mut changed = new_service("svc-exercise");
    changed["name"]["fi"] = json!("Zumbaneuvonta aikuisille");
    let reply = app.json("PUT", "/api/v1/services/svc-exercise", Some(&token), &changed.to_string()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reply = app.json("PUT", "/api/v1/services/svc-other", Some(&token), &changed.to_string()).await;
    assert_eq!(reply.json()["details"][0]["field"], "id");

    let reply =
        app.json("POST", "/api/v1/services/svc-exercise/retire", Some(&token), r#"{"valid_to":"2026-11-30"}"#).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["valid_to"], "2026-11-30");
    assert!(
        app.get("/api/v1/services?q=zumbaneuvonta&on=2026-12-01").await.json()["items"].as_array().unwrap().is_empty()
    );
    // Retired, not deleted: still readable, with every revision and who made it.
    assert_eq!(app.get("/api/v1/services/svc-exercise").await.status, StatusCode::OK);
    let history = app.get("/api/v1/services/svc-exercise/history").await.json();
    let actors: Vec<&str> = history["items"].as_array().unwrap().iter().map(|r| r["actor"].as_str().unwrap()).collect();
    assert_eq!(actors, ["user:anna", "user:anna", "user:anna"]);
}

/// Optimistic concurrency: reads carry the revision as an ETag; a write with an older
/// `If-Match` is refused with 409 naming the current revision, and changes nothing.
#[tokio::test]
async fn stale_if_match_is_refused_with_the_current_revision() {
    let app = demo_app().await;
    let token = app.token().await;
    let reply = app.json("POST", "/api/v1/services", Some(&token), &new_service("svc-etag").to_string()).await;
    assert_eq!(reply.headers["etag"], "\"1\"");
    assert_eq!(app.get("/api/v1/services/svc-etag").await.headers["etag"], "\"1\"");
    let put = |name: &str, if_match: &str| {
        let mut body = new_service("svc-etag");
        body["name"]["fi"] = json!(name);
        let request = axum::http::Request::put("/api/v1/services/svc-etag")
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {token}"))
            .header("if-match", if_match)
            .body(axum::body::Body::from(body.to_string()))
            .unwrap();
        app.send(request)
    };
    let first = put("Ensimmäinen", "\"1\"").await;
    assert_eq!((first.status, first.headers["etag"].to_str().unwrap()), (StatusCode::OK, "\"2\""), "{}", first.body);
    let second = put("Toinen", "\"1\"").await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    assert_eq!(second.json()["code"], "stale_revision");
    assert_eq!(second.json()["details"][0], json!({"field": "revision", "problem": "the stored revision is 2"}));
    assert_eq!(app.get("/api/v1/services/svc-etag").await.json()["name"]["fi"], "Ensimmäinen");
    for bad in ["abc", "\"0\"", "\"-1\""] {
        assert_eq!(put("Kolmas", bad).await.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    // `*` and weak tags are accepted; retiring takes If-Match too.
    assert_eq!(put("Neljäs", "W/\"2\"").await.status, StatusCode::OK);
    assert_eq!(put("Viides", "*").await.status, StatusCode::OK);
    let request = axum::http::Request::post("/api/v1/services/svc-etag/retire")
        .header("authorization", format!("Bearer {token}"))
        .header("if-match", "\"2\"")
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(app.send(request).await.status, StatusCode::CONFLICT);
    assert_eq!(app.get("/api/v1/services/svc-etag").await.json()["valid_to"], Value::Null);
}

#[tokio::test]
async fn bad_writes_are_refused_with_the_field_named_and_change_nothing() {
    let app = demo_app().await;
    let token = app.token().await;
    let before = app.get("/api/v1/services?per_page=1").await.json()["total"].clone();
    let with = |patch: Value| {
        let mut body = new_service("svc-new");
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    let cases: Vec<(Value, StatusCode, &str, &str)> = vec![
        (new_service("svc-home-care"), StatusCode::CONFLICT, "duplicate_id", "id"),
        (with(json!({"area": ["999"]})), StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", "area[0]"),
        (
            with(json!({"service_classes": ["P99.9"]})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            "service_classes[0]",
        ),
        (with(json!({"organiser": "org-nobody"})), StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", "organiser"),
        (with(json!({"valid_to": "2025-01-01"})), StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", "valid_to"),
        (with(json!({"name": {"fi": "x".repeat(300)}})), StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", "name.fi"),
        (with(json!({"name": {}})), StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", "name"),
        (with(json!({"tier": "galaxy"})), StatusCode::BAD_REQUEST, "invalid_field", "tier"),
        (with(json!({"valid_from": 2026})), StatusCode::BAD_REQUEST, "invalid_field", "valid_from"),
        (with(json!({"colour": "blue"})), StatusCode::BAD_REQUEST, "invalid_field", "colour"),
        (with(json!({"id": "Not An Id"})), StatusCode::BAD_REQUEST, "invalid_field", "id"),
    ];
    for (body, status, code, field) in cases {
        let (got_status, reply) = refused(&app, &token, body.clone()).await;
        assert_eq!((got_status, reply["code"].as_str().unwrap()), (status, code), "{body}: {reply}");
        assert_eq!(reply["details"][0]["field"], field, "{body}: {reply}");
    }
    // A unit outside Finland, and one with swapped coordinates.
    for location in [json!({"lat": 59.33, "lon": 18.07}), json!({"lat": 25.69, "lon": 60.38})] {
        let unit = json!({
            "id": "unit-x", "organization": "org-itu", "name": {"fi": "X"},
            "address": {"street": {"fi": "Katu 1"}, "postal_code": "06100", "municipality": "638"},
            "location": location, "valid_from": "2026-01-01"
        });
        let reply = app.json("POST", "/api/v1/units", Some(&token), &unit.to_string()).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
        assert_eq!(reply.json()["details"][0]["field"], "location");
    }
    // Not JSON, wrong media type, too large.
    let reply = app.json("POST", "/api/v1/services", Some(&token), "{\"id\": ").await;
    assert_eq!(
        (reply.status, reply.json()["code"].as_str().unwrap().to_owned()),
        (StatusCode::BAD_REQUEST, "invalid_json".to_owned())
    );
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert_eq!(app.json("POST", "/api/v1/services", Some(&token), &deep).await.status, StatusCode::BAD_REQUEST);
    let huge = format!("{{\"id\":\"{}\"}}", "x".repeat(2 << 20));
    assert_eq!(app.json("POST", "/api/v1/services", Some(&token), &huge).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    let plain = axum::http::Request::post("/api/v1/services")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "text/plain")
        .body(axum::body::Body::from("hello"))
        .unwrap();
    assert_eq!(app.send(plain).await.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(app.get("/api/v1/services?per_page=1").await.json()["total"], before, "nothing was written");
    assert_eq!(app.get("/api/v1/services/svc-new").await.status, StatusCode::NOT_FOUND);
}

mod never_5xx {
    use super::*;
    use proptest::prelude::*;

    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    static APP: std::sync::OnceLock<TestApp> = std::sync::OnceLock::new();

    /// One runtime and one demo app shared by all cases (the store's pool lives in that runtime).
    fn run(check: impl AsyncFnOnce(&TestApp)) {
        let runtime = RUNTIME.get_or_init(|| tokio::runtime::Runtime::new().unwrap());
        let app = APP.get_or_init(|| runtime.block_on(demo_app()));
        runtime.block_on(check(app));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        #[test]
        fn on_any_query_string(raw in "[a-z_=&%0-9A-F.,:+-]{0,60}") {
            run(async |app| {
                for path in [
                    "/api/v1/services",
                    "/api/v1/units",
                    "/fi/services",
                    "/api/v1/access/services/svc-home-care",
                    "/hsds/services",
                    "/hsds/service_at_locations",
                    "/hsds/taxonomies",
                    "/hsds/taxonomy_terms",
                    "/fhir/HealthcareService",
                    "/fhir/Location",
                    "/fhir/Organization",
                    "/fi/planning/eligibility",
                ] {
                    let reply = app.get(&format!("{path}?{raw}")).await;
                    assert!(reply.status.as_u16() < 500, "{path}?{raw}: {}", reply.body);
                }
            });
        }

        #[test]
        fn on_any_body(body in "\\PC{0,80}") {
            run(async |app| {
                for path in ["/api/v1/sessions", "/api/v1/eligibility", "/api/v1/simulations", "/api/v1/access/scenarios"] {
                    let reply = app.json("POST", path, None, &body).await;
                    assert!(reply.status.is_client_error(), "{path} {body}: {}", reply.status);
                }
            });
        }

        #[test]
        fn on_any_person(age in -10.0f64..250.0, maple in -2i32..9, municipality in "[0-9]{0,4}", flag in any::<bool>()) {
            run(async |app| {
                let body = serde_json::json!({"person": {"age": age, "rai_maple": maple, "municipality": municipality, "lives_alone": flag}}).to_string();
                let reply = app.json("POST", "/api/v1/eligibility", None, &body).await;
                assert!(reply.status.as_u16() < 500, "{body}: {}", reply.body);
                let valid = (0.0..=120.0).contains(&age) && (1..=5).contains(&maple) && municipality.len() == 3;
                assert_eq!(reply.status.is_success(), valid, "{body}: {}", reply.body);
            });
        }
    }
}
