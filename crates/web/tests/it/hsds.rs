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

/// Every id that `/taxonomies` and `/taxonomy_terms` list resolves, in each
/// language, to the listed object; so does every term id an answer carries.
#[tokio::test]
async fn hsds_listed_taxonomies_and_terms_resolve() {
    let app = demo_app().await;
    for lang in ["fi", "sv", "en"] {
        for (list, one) in [("taxonomies", "taxonomies"), ("taxonomy_terms", "taxonomy_terms")] {
            let page: Value = app.get(&format!("/hsds/{list}?per_page=500&lang={lang}")).await.json();
            let items = page["contents"].as_array().unwrap();
            assert!(!items.is_empty(), "{list}");
            assert_eq!(page["total_items"].as_u64(), Some(items.len() as u64), "{list}: one page holds all");
            for item in items {
                let id = item["id"].as_str().unwrap();
                let reply = app.get(&format!("/hsds/{one}/{id}?lang={lang}")).await;
                assert_eq!(reply.status, StatusCode::OK, "/hsds/{one}/{id}?lang={lang}: {}", reply.body);
                assert_eq!(&reply.json(), item, "/hsds/{one}/{id}?lang={lang}");
            }
        }
        // Term ids and taxonomy ids carried by services and organizations are listed too.
        let terms: Value = app.get(&format!("/hsds/taxonomy_terms?per_page=500&lang={lang}")).await.json();
        let term_ids: std::collections::BTreeSet<&str> =
            terms["contents"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
        let taxonomies: Value = app.get(&format!("/hsds/taxonomies?lang={lang}")).await.json();
        let taxonomy_ids: std::collections::BTreeSet<&str> =
            taxonomies["contents"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
        let services: Value = app.get(&format!("/hsds/services?per_page=500&lang={lang}")).await.json();
        let organizations: Value = app.get(&format!("/hsds/organizations?per_page=500&lang={lang}")).await.json();
        for owner in
            services["contents"].as_array().unwrap().iter().chain(organizations["contents"].as_array().unwrap())
        {
            for a in owner["attributes"].as_array().unwrap() {
                let term = a["taxonomy_term_id"].as_str().unwrap();
                assert!(term_ids.contains(term), "term {term} of {} is not listed", owner["id"]);
                let taxonomy = a["taxonomy_term"]["taxonomy_id"].as_str().unwrap();
                assert!(taxonomy_ids.contains(taxonomy), "taxonomy {taxonomy} of {} is not listed", owner["id"]);
            }
        }
    }
    // Each is valid by the HSDS 3.0 schema of its kind (links to other schema files left open).
    for (list, file) in [("taxonomies", "taxonomy.json"), ("taxonomy_terms", "taxonomy_term.json")] {
        let Some(check) = hsds_schema(file) else { continue };
        let page: Value = app.get(&format!("/hsds/{list}?per_page=500")).await.json();
        for item in page["contents"].as_array().unwrap() {
            let errors: Vec<String> =
                check.iter_errors(item).map(|e| format!("{e} at {}", e.instance_path())).collect();
            assert!(errors.is_empty(), "{item} is not a valid HSDS {file}:\n{}", errors.join("\n"));
        }
    }
    // Polku's name of a taxonomy works too; unknown ids are 404.
    assert_eq!(app.get("/hsds/taxonomies/ptv-service-classes").await.status, StatusCode::OK);
    assert_eq!(app.get("/hsds/taxonomies/nope").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/hsds/taxonomy_terms/nope").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/hsds/taxonomies/x?colour=red").await.status, StatusCode::BAD_REQUEST);
}

/// A validator for one HSDS 3.0 schema file of the shared reference, its links
/// to other files (`$ref`) replaced by "anything".
fn hsds_schema(file: &str) -> Option<jsonschema::Validator> {
    fn open_refs(v: &mut Value) {
        match v {
            Value::Object(m) if m.contains_key("$ref") => *v = serde_json::json!({}),
            Value::Object(m) => m.values_mut().for_each(open_refs),
            Value::Array(a) => a.iter_mut().for_each(open_refs),
            _ => {}
        }
    }
    let path = testkit_sql::shared_file(&format!("reference/hsds/schema/{file}"))?;
    let mut schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    open_refs(&mut schema);
    Some(jsonschema::options().should_validate_formats(true).build(&schema).unwrap())
}
