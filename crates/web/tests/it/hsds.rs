//! The HSDS 3.0 API: paging, filters, languages, lookups.

use crate::demo_app;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::Value;

#[tokio::test]
async fn hsds_lists_page_filter_and_speak_three_languages() {
    let app = demo_app().await;
    let root: Value = app.get("/hsds/").await.json();
    assert_eq!(root["version"], "3.0");

    let page: Value = app.get("/hsds/services?per_page=10&page=2&lang=fi").await.json();
    assert_eq!(page["page_number"], 2);
    assert_eq!(page["size"], 10);
    assert_eq!(page["total_items"], 100);
    assert_eq!(page["total_pages"], 10);
    assert_eq!(page["first_page"], false);

    // Search in Swedish, answer in Swedish.
    let sv: Value = app.get("/hsds/services?search=hemv%C3%A5rd&lang=sv").await.json();
    let names: Vec<&str> = sv["contents"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert!(names.iter().any(|n| n.to_lowercase().contains("hemvård")), "{names:?}");
    // Accept-Language when no lang is given.
    let reply = app
        .send(
            Request::get("/hsds/services?search=kotihoito")
                .header(header::ACCEPT_LANGUAGE, "sv-FI,sv;q=0.9")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let first = &reply.json()["contents"][0];
    assert!(first["name"].as_str().is_some());

    // One service by its HSDS id and by its Polku id; the same object.
    let one = &page["contents"][0];
    let id = one["id"].as_str().unwrap();
    let by_uuid: Value = app.get(&format!("/hsds/services/{id}?lang=fi")).await.json();
    assert_eq!(&by_uuid, one);
    let by_polku = app.get("/hsds/services/svc-home-care").await;
    assert_eq!(by_polku.status, StatusCode::OK);

    // Filters: taxonomy term, organization, modified_after.
    let terms: Value = app.get("/hsds/taxonomy_terms?per_page=500").await.json();
    let p43 = terms["contents"].as_array().unwrap().iter().find(|t| t["code"] == "P4.3").expect("P4.3 is used").clone();
    let by_term: Value =
        app.get(&format!("/hsds/services?taxonomy_term_id={}", p43["id"].as_str().unwrap())).await.json();
    assert!(by_term["total_items"].as_u64().unwrap() > 0 && by_term["total_items"].as_u64().unwrap() < 100);
    for s in by_term["contents"].as_array().unwrap() {
        assert!(s["attributes"].as_array().unwrap().iter().any(|a| a["taxonomy_term"]["code"] == "P4.3"));
    }
    let org = one["organization_id"].as_str().unwrap();
    let by_org: Value = app.get(&format!("/hsds/services?organization_id={org}&per_page=500")).await.json();
    assert!(by_org["contents"].as_array().unwrap().iter().all(|s| s["organization_id"] == org));
    let future: Value = app.get("/hsds/services?modified_after=2100-01-01").await.json();
    assert_eq!(future["total_items"], 0);

    // Service at locations near a postcode (Porvoo centre) and by postcode alone.
    let near: Value = app.get("/hsds/service_at_locations?postcode=06100&proximity=2000&per_page=500").await.json();
    let far: Value = app.get("/hsds/service_at_locations?postcode=06100&proximity=200000&per_page=500").await.json();
    assert!(near["total_items"].as_u64() < far["total_items"].as_u64());
    assert!(near["total_items"].as_u64().unwrap() > 0);
    let sal_id = near["contents"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(app.get(&format!("/hsds/service_at_locations/{sal_id}")).await.status, StatusCode::OK);

    let orgs: Value = app.get("/hsds/organizations").await.json();
    assert_eq!(orgs["total_items"], 26);
    let oid = orgs["contents"][0]["id"].as_str().unwrap().to_owned();
    let o: Value = app.get(&format!("/hsds/organizations/{oid}")).await.json();
    assert!(o["services"].is_array());
    let tax: Value = app.get("/hsds/taxonomies").await.json();
    assert!(tax["total_items"].as_u64().unwrap() >= 3);

    for (uri, status) in [
        ("/hsds/services?lang=de", StatusCode::BAD_REQUEST),
        ("/hsds/services?per_page=0", StatusCode::BAD_REQUEST),
        ("/hsds/services?modified_after=yesterday", StatusCode::BAD_REQUEST),
        ("/hsds/services?colour=red", StatusCode::BAD_REQUEST),
        ("/hsds/service_at_locations?proximity=100", StatusCode::BAD_REQUEST),
        ("/hsds/service_at_locations?postcode=99999", StatusCode::BAD_REQUEST),
        ("/hsds/services/nope", StatusCode::NOT_FOUND),
        ("/hsds/nothing", StatusCode::NOT_FOUND),
    ] {
        assert_eq!(app.get(uri).await.status, status, "{uri}");
    }
}
