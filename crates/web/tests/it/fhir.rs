//! FHIR R4 read endpoints: search parameters, Bundles, OperationOutcome.

use crate::demo_app;
use axum::http::{StatusCode, header};
use serde_json::Value;

fn ids(bundle: &Value) -> Vec<String> {
    bundle["entry"].as_array().unwrap().iter().map(|e| e["resource"]["id"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn fhir_searches_answer_with_bundles() {
    let app = demo_app().await;
    let all = app.get("/fhir/HealthcareService").await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(all.headers[header::CONTENT_TYPE], "application/fhir+json");
    let b = all.json();
    assert_eq!(
        (b["resourceType"].as_str(), b["type"].as_str(), b["total"].as_u64()),
        (Some("Bundle"), Some("searchset"), Some(100))
    );

    assert_eq!(ids(&app.get("/fhir/HealthcareService?_id=svc-home-care").await.json()), ["svc-home-care"]);
    // Names in any language.
    assert!(
        ids(&app.get("/fhir/HealthcareService?name=hemv%C3%A5rd").await.json()).contains(&"svc-home-care".to_owned())
    );
    let p43 = app
        .get("/fhir/HealthcareService?service-category=http://uri.suomi.fi/codelist/ptv/ptvserclass2%7CP4.3")
        .await
        .json();
    assert!(!ids(&p43).is_empty());
    for e in p43["entry"].as_array().unwrap() {
        assert!(e["resource"]["category"].as_array().unwrap().iter().any(|c| c["coding"][0]["code"] == "P4.3"));
    }
    let at = app.get("/fhir/HealthcareService?location=Location/unit-porvoo-hospital").await.json();
    assert!(!ids(&at).is_empty());
    // Near Porvoo hospital: a small radius finds fewer than a large one.
    let small = ids(&app.get("/fhir/Location?near=60.3795%7C25.6928%7C1%7Ckm").await.json()).len();
    let large = ids(&app.get("/fhir/Location?near=60.3795%7C25.6928%7C100%7Ckm").await.json()).len();
    assert!(small >= 1 && small < large, "{small} {large}");
    let loc = app.get("/fhir/Location/unit-porvoo-hospital").await.json();
    assert_eq!(loc["resourceType"], "Location");
    assert!((loc["position"]["latitude"].as_f64().unwrap() - 60.3795).abs() < 0.01);
    let org = app.get("/fhir/Organization?name=porvoo").await.json();
    assert!(org["total"].as_u64().unwrap() >= 1);

    for (uri, status, code) in [
        ("/fhir/Location?near=north", StatusCode::BAD_REQUEST, "invalid"),
        ("/fhir/HealthcareService?colour=red", StatusCode::BAD_REQUEST, "not-supported"),
        ("/fhir/HealthcareService/nope", StatusCode::NOT_FOUND, "not-found"),
        ("/fhir/Patient", StatusCode::NOT_FOUND, "not-found"),
    ] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, status, "{uri}");
        let o = reply.json();
        assert_eq!(o["resourceType"], "OperationOutcome", "{uri}");
        assert_eq!(o["issue"][0]["code"], code, "{uri}");
    }
}

/// A Bundle that fhirbolt's R4 model reads (it refuses unknown elements, wrong types and empty arrays).
fn assert_r4(bundle: &str) {
    let parsed: Result<fhirbolt::model::r4::Resource, _> = fhirbolt::serde::json::from_str(bundle, None);
    assert!(matches!(parsed, Ok(fhirbolt::model::r4::Resource::Bundle(_))), "not a valid R4 Bundle: {parsed:?}");
}

fn link(bundle: &Value, relation: &str) -> Option<String> {
    bundle["link"].as_array()?.iter().find(|l| l["relation"] == relation).map(|l| l["url"].as_str().unwrap().to_owned())
}

/// Follows `next` from `first` to the end; checks each page and returns the ids in order.
async fn follow(app: &crate::TestApp, first: &str, count: usize, total: usize) -> Vec<String> {
    let mut url = first.to_owned();
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let reply = app.get(&url).await;
        assert_eq!(reply.status, StatusCode::OK, "{url}: {}", reply.body);
        assert_r4(&reply.body);
        let b = reply.json();
        assert_eq!(b["total"].as_u64(), Some(total as u64), "{url}");
        let page = if b.get("entry").is_some() { ids(&b) } else { Vec::new() };
        assert!(page.len() <= count, "{url}: {} entries for _count={count}", page.len());
        // `self` is this page; `previous` is absent on the first page only.
        let own = link(&b, "self").expect("a self link");
        assert_eq!(app.get(&own).await.json(), b, "{url}: self {own} is another page");
        assert_eq!(link(&b, "previous").is_none(), seen.is_empty(), "{url}: previous link");
        if let Some(previous) = link(&b, "previous") {
            let before = app.get(&previous).await.json();
            assert_eq!(ids(&before).last(), seen.last(), "{url}: previous {previous} does not end where this starts");
        }
        seen.extend(page);
        pages += 1;
        assert!(pages <= total + 1, "{first}: next links do not end");
        match link(&b, "next") {
            Some(next) => {
                assert_eq!(b["entry"].as_array().map(Vec::len), Some(count), "{url}: a page before the last is full");
                url = next;
            }
            None => break,
        }
    }
    seen
}

#[tokio::test]
async fn fhir_searches_page_with_count_and_links() {
    let app = demo_app().await;
    for (search, unpaged) in [
        ("/fhir/HealthcareService", "/fhir/HealthcareService?_count=500"),
        ("/fhir/HealthcareService?name=terveys", "/fhir/HealthcareService?name=terveys&_count=500"),
        (
            "/fhir/HealthcareService?service-category=P4.3&location=&near=60.3795%7C25.6928%7C40%7Ckm",
            "/fhir/HealthcareService?near=60.3795%7C25.6928%7C40%7Ckm&service-category=P4.3&_count=500",
        ),
        ("/fhir/Location", "/fhir/Location?_count=500"),
        (
            "/fhir/Location?near=60.3795%7C25.6928%7C30%7Ckm",
            "/fhir/Location?_count=500&near=60.3795%7C25.6928%7C30%7Ckm",
        ),
        ("/fhir/Organization", "/fhir/Organization?_count=500"),
        ("/fhir/Organization?name=porvoo", "/fhir/Organization?name=porvoo&_count=500"),
    ] {
        let all_reply = app.get(unpaged).await;
        assert_r4(&all_reply.body);
        let all = all_reply.json();
        let total = all["total"].as_u64().unwrap() as usize;
        assert!(total > 0, "{unpaged}");
        let expected = ids(&all);
        assert_eq!(expected.len(), total, "{unpaged}: one page holds all");
        assert!(link(&all, "next").is_none() && link(&all, "previous").is_none(), "{unpaged}");
        for count in [1, 7] {
            let sep = if search.contains('?') { '&' } else { '?' };
            let got = follow(&app, &format!("{search}{sep}_count={count}"), count, total).await;
            assert_eq!(got, expected, "{search} with _count={count}: the pages are not the whole result");
        }
    }

    // The default page is 50; a larger _count is lowered to 500; _count=0 gives the total only.
    let first = app.get("/fhir/HealthcareService").await.json();
    assert_eq!((first["total"].as_u64(), ids(&first).len()), (Some(100), 50));
    assert_eq!(link(&first, "next").as_deref(), Some("/fhir/HealthcareService?_count=50&_offset=50"));
    let big = app.get("/fhir/Location?_count=100000").await.json();
    assert!(link(&big, "self").unwrap().contains("_count=500"), "{}", big["link"]);
    let count_only = app.get("/fhir/HealthcareService?_count=0").await;
    assert_r4(&count_only.body);
    let count_only = count_only.json();
    assert_eq!(count_only["total"], 100);
    assert!(count_only.get("entry").is_none());
    assert!(link(&count_only, "next").is_none());
    // Past the end: no entries, and `previous` leads back to the last page.
    let past = app.get("/fhir/Organization?_count=10&_offset=1000").await.json();
    assert!(past.get("entry").is_none());
    let back = app.get(&link(&past, "previous").unwrap()).await.json();
    assert!(!ids(&back).is_empty() && link(&back, "next").is_none());
    // Links keep the search parameters, encoded, and a client can follow them verbatim.
    let named = app.get("/fhir/HealthcareService?name=hemv%C3%A5rd&_count=1").await.json();
    assert_eq!(link(&named, "self").as_deref(), Some("/fhir/HealthcareService?name=hemv%C3%A5rd&_count=1&_offset=0"));

    for uri in ["/fhir/HealthcareService?_count=-1", "/fhir/Location?_count=many", "/fhir/Organization?_offset=-5"] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(reply.json()["issue"][0]["code"], "invalid", "{uri}");
    }
}

/// `/fhir/metadata` is an R4 CapabilityStatement naming every search parameter
/// the searches take, paging included.
#[tokio::test]
async fn fhir_metadata_states_the_searches_and_paging() {
    let app = demo_app().await;
    let reply = app.get("/fhir/metadata").await;
    assert_eq!(reply.status, StatusCode::OK);
    let parsed: Result<fhirbolt::model::r4::Resource, _> = fhirbolt::serde::json::from_str(&reply.body, None);
    assert!(matches!(parsed, Ok(fhirbolt::model::r4::Resource::CapabilityStatement(_))), "{parsed:?}");
    let statement = reply.json();
    for (kind, params) in [
        ("HealthcareService", &["_id", "name", "service-category", "location", "near", "_count", "_offset"][..]),
        ("Location", &["_id", "name", "near", "_count", "_offset"][..]),
        ("Organization", &["_id", "name", "_count", "_offset"][..]),
    ] {
        let resource =
            statement["rest"][0]["resource"].as_array().unwrap().iter().find(|r| r["type"] == kind).expect(kind);
        let names: Vec<&str> =
            resource["searchParam"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
        assert_eq!(names, params, "{kind}");
        // Each stated parameter is taken, and nothing else is.
        for name in params {
            let value = match *name {
                "near" => "60.39%7C25.66%7C5%7Ckm",
                "_count" | "_offset" => "1",
                "location" => "Location/unit-porvoo-hospital",
                _ => "x",
            };
            assert_eq!(app.get(&format!("/fhir/{kind}?{name}={value}")).await.status, StatusCode::OK, "{kind} {name}");
        }
    }
}
