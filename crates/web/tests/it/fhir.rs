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
