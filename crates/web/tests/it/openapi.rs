//! The OpenAPI document matches the implementation: every documented operation
//! exists and answers with a documented status, and every route is documented.

use crate::demo_app;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::Value;

/// Every (method, path) the API implements, relative to /api/v1.
const IMPLEMENTED: &[(&str, &str)] = &[
    ("get", "/services"),
    ("post", "/services"),
    ("get", "/services/{id}"),
    ("put", "/services/{id}"),
    ("post", "/services/{id}/retire"),
    ("get", "/services/{id}/history"),
    ("get", "/units"),
    ("post", "/units"),
    ("get", "/units/{id}"),
    ("put", "/units/{id}"),
    ("post", "/units/{id}/retire"),
    ("get", "/units/{id}/history"),
    ("get", "/channels"),
    ("post", "/channels"),
    ("get", "/channels/{id}"),
    ("put", "/channels/{id}"),
    ("post", "/channels/{id}/retire"),
    ("get", "/channels/{id}/history"),
    ("get", "/organizations"),
    ("post", "/organizations"),
    ("get", "/organizations/{id}"),
    ("put", "/organizations/{id}"),
    ("post", "/organizations/{id}/retire"),
    ("get", "/organizations/{id}/history"),
    ("get", "/municipalities"),
    ("get", "/municipalities/{code}"),
    ("get", "/codes/{kind}"),
    ("get", "/units/{id}/accessibility"),
    ("get", "/feedback"),
    ("post", "/feedback/{id}/handled"),
    ("post", "/sessions"),
    ("get", "/openapi.json"),
    ("post", "/eligibility"),
    ("get", "/rules"),
    ("get", "/rules/files/{name}"),
    ("put", "/rules/files/{name}"),
    ("delete", "/rules/files/{name}"),
    ("post", "/simulations"),
    ("post", "/fees"),
    ("get", "/access/services/{id}"),
    ("post", "/access/scenarios"),
    ("get", "/plans"),
    ("post", "/plans"),
    ("get", "/plans/{id}"),
    ("delete", "/plans/{id}"),
    ("post", "/clients"),
    ("post", "/clients/search"),
    ("get", "/clients/queue"),
    ("get", "/clients/{id}"),
    ("put", "/clients/{id}"),
    ("post", "/clients/{id}/take"),
    ("get", "/clients/{id}/facts"),
    ("post", "/clients/{id}/facts"),
    ("get", "/clients/{id}/consents"),
    ("post", "/clients/{id}/consents"),
    ("post", "/clients/{id}/consents/{consent}/withdraw"),
    ("get", "/clients/{id}/referrals"),
    ("post", "/clients/{id}/referrals"),
    ("post", "/clients/{id}/referrals/from-plan"),
    ("get", "/clients/{id}/path"),
    ("post", "/clients/{id}/path/resolve"),
    ("get", "/me/path"),
    ("get", "/referrals/inbox"),
    ("get", "/referrals/sent"),
    ("get", "/referrals/broken"),
    ("get", "/referrals/measures"),
    ("get", "/referrals/{referral}"),
    ("post", "/referrals/{referral}/status"),
    ("get", "/subscriptions"),
    ("post", "/subscriptions"),
    ("delete", "/subscriptions/{id}"),
    ("get", "/outbox"),
    ("post", "/outbox/{id}/replay"),
    ("post", "/clients/{id}/emergency"),
    ("get", "/me"),
    ("get", "/me/access-log"),
    ("get", "/audit"),
    ("get", "/analytics/clients"),
    ("get", "/users"),
    ("post", "/users"),
    ("put", "/users/{username}/roles"),
    ("get", "/navigation/questionnaires"),
    ("get", "/navigation/questionnaires/{id}"),
    ("get", "/navigation/clients/{id}"),
    ("get", "/navigation/clients/{id}/assessments"),
    ("post", "/navigation/clients/{id}/assessments"),
    ("get", "/navigation/clients/{id}/plans"),
    ("post", "/navigation/clients/{id}/plans"),
    ("get", "/navigation/capacity"),
    ("post", "/navigation/capacity"),
    ("put", "/navigation/waiting/{id}"),
    ("get", "/indicators"),
    ("get", "/indicators/travel_time"),
    ("get", "/indicators/{id}"),
    ("post", "/monitoring/events"),
    ("get", "/monitoring/alert-rules"),
    ("put", "/monitoring/alert-rules/{id}"),
    ("get", "/monitoring/alerts"),
    ("delete", "/sessions/current"),
    ("delete", "/sessions/everywhere"),
];

fn sample(path: &str) -> String {
    path.replace("/indicators/{id}", "/indicators/primary_visit_14d")
        .replace("/alert-rules/{id}", "/alert-rules/porvoo-14d")
        .replace("/access/services/{id}", "/access/services/svc-home-care")
        .replace("/questionnaires/{id}", "/questionnaires/older-people")
        .replace("/waiting/{id}", "/waiting/waiting-0000")
        .replace("/plans/{id}", "/plans/plan-0-00000000")
        .replace("/services/{id}", "/services/svc-home-care")
        .replace("/units/{id}", "/units/unit-porvoo-hospital")
        .replace("/channels/{id}", "/channels/ch-itu-chat")
        .replace("/organizations/{id}", "/organizations/org-itu")
        .replace("{code}", "638")
        .replace("{kind}", "service_classes")
        .replace("{name}", "today/porvoo.rules")
        .replace("/clients/{id}", "/clients/client-0000")
        .replace("{consent}", "consent-0000")
        .replace("{referral}", "referral-0000")
        .replace("{username}", "anna")
        .replace("/subscriptions/{id}", "/subscriptions/subscription-0000")
        .replace("/outbox/{id}", "/outbox/subscription-0000.referral-0000.v1")
        .replace("/feedback/{id}", "/feedback/feedback-0000")
}

#[tokio::test]
async fn the_document_matches_the_routes() {
    let app = demo_app().await;
    let reply = app.get("/api/v1/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc: Value = reply.json();
    assert_eq!(doc["openapi"].as_str().map(|v| v.starts_with("3.1")), Some(true));
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in ["get", "post", "put", "delete", "patch"] {
            if item.get(method).is_some() {
                documented.push((method.to_owned(), path.clone()));
            }
        }
    }
    documented.sort();
    // Signing out ends the token the other calls use: those two go last.
    documented.sort_by_key(|(_, path)| path.starts_with("/sessions/"));
    let mut implemented: Vec<(String, String)> =
        IMPLEMENTED.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    implemented.sort();
    implemented.sort_by_key(|(_, path)| path.starts_with("/sessions/"));
    assert_eq!(documented, implemented, "the OpenAPI paths differ from the implemented routes");

    // Each documented operation answers, with a status the document lists for it.
    let token = app.token().await;
    for (method, path) in &documented {
        let uri = format!("/api/v1{}", sample(path));
        let request = Request::builder()
            .method(Method::from_bytes(method.to_uppercase().as_bytes()).unwrap())
            .uri(&uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(if method == "get" { "" } else { "{}" }))
            .unwrap();
        let reply = app.send(request).await;
        assert_ne!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
        let responses = &doc["paths"][path][method]["responses"];
        assert!(
            responses.get(reply.status.as_str()).is_some(),
            "{method} {uri} answered {} which is not documented ({})",
            reply.status,
            reply.body
        );
        // Documented required properties are present in successful JSON answers.
        if reply.status.is_success() && reply.status != StatusCode::NO_CONTENT && path != "/openapi.json" {
            let schema = resolve(&doc, &responses[reply.status.as_str()]["content"]["application/json"]["schema"]);
            let body = reply.json();
            for required in schema["required"].as_array().into_iter().flatten() {
                let key = required.as_str().unwrap();
                assert!(body.get(key).is_some(), "{method} {uri}: '{key}' missing in {body}");
            }
        }
    }
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let target = reference.trim_start_matches("#/").split('/').fold(doc, |node, key| &node[key]);
            resolve(doc, target)
        }
        None => schema,
    }
}

#[tokio::test]
async fn every_search_parameter_is_documented() {
    let doc: Value = serde_json::from_str(&demo_app().await.get("/api/v1/openapi.json").await.body).unwrap();
    let params: Vec<&str> = doc["paths"]["/services"]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .filter_map(|p| resolve(&doc, p)["name"].as_str())
        .collect();
    for name in [
        "q",
        "lang",
        "municipality",
        "target_group",
        "service_class",
        "language",
        "channel",
        "tier",
        "producer_kind",
        "open_at",
        "open_now",
        "near",
        "sort",
        "page",
        "per_page",
        "on",
    ] {
        assert!(params.contains(&name), "search parameter {name} is not documented");
    }
}

/// Every schema of the document compiles, and every example and default it
/// gives (of a schema, a property or a parameter) is valid by its own schema,
/// so that the document never shows a request the server would refuse.
#[tokio::test]
async fn the_documents_examples_are_valid_by_its_schemas() {
    let doc: Value = demo_app().await.get("/api/v1/openapi.json").await.json();
    let validator = |schema: &Value| {
        let mut root = schema.clone();
        root["components"] = doc["components"].clone();
        jsonschema::options().should_validate_formats(true).build(&root).unwrap_or_else(|e| panic!("{schema}: {e}"))
    };
    // (where, schema, example) for every example found.
    fn walk(node: &Value, at: String, out: &mut Vec<(String, Value, Value)>) {
        match node {
            Value::Object(map) => {
                let is_schema = map.contains_key("type") || map.contains_key("$ref") || map.contains_key("properties");
                if is_schema {
                    for example in map.get("examples").and_then(Value::as_array).into_iter().flatten() {
                        out.push((at.clone(), node.clone(), example.clone()));
                    }
                    for key in ["example", "default"] {
                        if let Some(example) = map.get(key) {
                            out.push((format!("{at}.{key}"), node.clone(), example.clone()));
                        }
                    }
                }
                // A parameter's example is of its schema.
                if let (Some(schema), Some(example)) = (map.get("schema"), map.get("example")) {
                    out.push((format!("{at}.example"), schema.clone(), example.clone()));
                }
                for (key, value) in map {
                    if !matches!(key.as_str(), "examples" | "example" | "default" | "enum" | "const") {
                        walk(value, format!("{at}/{key}"), out);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut examples = Vec::new();
    walk(&doc["components"]["schemas"], "#/components/schemas".into(), &mut examples);
    walk(&doc["paths"], "#/paths".into(), &mut examples);
    assert!(examples.len() > 30, "only {} examples found", examples.len());
    let mut invalid = Vec::new();
    for (at, schema, example) in &examples {
        let check = validator(schema);
        let errors: Vec<String> = check.iter_errors(example).map(|e| format!("{e} at {}", e.instance_path())).collect();
        if !errors.is_empty() {
            invalid.push(format!("{at}: {example}\n  {}", errors.join("\n  ")));
        }
    }
    assert!(invalid.is_empty(), "examples not valid by their schemas:\n{}", invalid.join("\n"));
}
