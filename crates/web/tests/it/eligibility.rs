//! Eligibility over HTTP: decisions with explanations, refusals that name the
//! problem, rule files checked on write, simulations.

use crate::demo_app;
use axum::http::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn one_person_gets_explained_decisions_in_their_language() {
    let app = demo_app().await;
    let body = r#"{"person": {"age": 84, "municipality": "638", "rai_maple": 4, "lives_alone": true}, "lang": "sv"}"#;
    let reply = app.json("POST", "/api/v1/eligibility", None, body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let json = reply.json();
    assert_eq!(json["scenario"], "today");
    assert_eq!(json["on"], "2026-11-23");
    let decisions = json["decisions"].as_array().unwrap();
    assert!(decisions.len() >= 15);
    let home_care = decisions.iter().find(|d| d["service"] == "svc-home-care").expect("home care has rules");
    assert_eq!(home_care["rule"].as_str().map(|r| r.starts_with("porvoo.")), Some(true), "{home_care}");
    assert!(home_care["service_name"].as_str().is_some());
    // Every decision that cannot be told names the facts it needs; explanations are Swedish.
    for d in decisions {
        let status = d["status"].as_str().unwrap();
        assert!(["eligible", "not_eligible", "cannot_tell"].contains(&status), "{d}");
        if status == "cannot_tell" {
            assert!(!d["missing"].as_array().unwrap().is_empty(), "{d}");
        }
    }
    let all_text: String = decisions.iter().map(|d| d["explanation"]["text"].to_string()).collect();
    assert!(all_text.contains("följande") || all_text.contains("är"), "{all_text}");
    // A proposal answers too, and its rules are the county's.
    let body = r#"{"person": {"age": 84, "municipality": "638"}, "proposal": "proposal-b", "lang": "en"}"#;
    let reply = app.json("POST", "/api/v1/eligibility", None, body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let json = reply.json();
    assert_eq!(json["scenario"], "proposal-b");
}

#[tokio::test]
async fn impossible_facts_and_unknown_proposals_are_refused_by_name() {
    let app = demo_app().await;
    for (body, field) in [
        (r#"{"person": {"age": -1}}"#, "person.age"),
        (r#"{"person": {"age": 200}}"#, "person.age"),
        (r#"{"person": {"age": "old"}}"#, "person.age"),
        (r#"{"person": {"shoe_size": 44}}"#, "person.shoe_size"),
        (r#"{"person": {"age": 80}, "proposal": "proposal-z"}"#, "proposal"),
        (r#"{"person": {"age": 80}, "lang": "de"}"#, "lang"),
    ] {
        let reply = app.json("POST", "/api/v1/eligibility", None, body).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", reply.body);
        assert_eq!(reply.json()["details"][0]["field"], field, "{}", reply.body);
    }
    let reply = app.json("POST", "/api/v1/eligibility", None, r#"{"persons": []}"#).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
}

#[tokio::test]
async fn rule_files_are_checked_on_write_and_kept_as_revisions() {
    let app = demo_app().await;
    let token = app.token().await;
    let rules = app.get("/api/v1/rules").await.json();
    assert!(rules["total"].as_u64().unwrap() >= 100);
    assert!(rules["sets"].as_array().unwrap().len() >= 3);
    let porvoo = app.get("/api/v1/rules/files/today/porvoo.rules").await;
    assert_eq!(porvoo.status, StatusCode::OK);
    let source = porvoo.json()["source"].as_str().unwrap().to_owned();

    // Anonymous writes are refused.
    let body = serde_json::json!({ "source": source }).to_string();
    let reply = app.json("PUT", "/api/v1/rules/files/today/porvoo.rules", None, &body).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);

    // A broken file is refused with file, line and column; nothing changes.
    let broken = source.replacen("age >=", "agee >=", 1);
    let line = broken.lines().position(|l| l.contains("agee")).unwrap() + 1;
    let body = serde_json::json!({ "source": broken }).to_string();
    let reply = app.json("PUT", "/api/v1/rules/files/today/porvoo.rules", Some(&token), &body).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    let detail = &reply.json()["details"][0];
    assert!(detail["field"].as_str().unwrap().starts_with(&format!("today/porvoo.rules:{line}:")), "{detail}");
    assert!(detail["problem"].as_str().unwrap().contains("unknown fact `agee`"));
    assert_eq!(app.get("/api/v1/rules/files/today/porvoo.rules").await.json()["source"], source);

    // A file for a service the catalog does not have is refused too.
    let other = "set today\nrule x.one\n  service svc-nope\n  area 638\n  valid 2023-01-01 ..\n  basis \"b\"\n  right appropriation\n  when\n    age >= 65\n";
    let body = serde_json::json!({ "source": other }).to_string();
    let reply = app.json("PUT", "/api/v1/rules/files/today/extra.rules", Some(&token), &body).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert_eq!(reply.json()["details"][0]["field"], "today/extra.rules:3:11");

    // A good change is stored as a new revision and takes effect.
    let changed = source.clone() + "\n# reviewed\n";
    let body = serde_json::json!({ "source": changed }).to_string();
    let reply = app.json("PUT", "/api/v1/rules/files/today/porvoo.rules", Some(&token), &body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let file = app.get("/api/v1/rules/files/today/porvoo.rules").await.json();
    assert_eq!(file["revisions"], 2);
    assert!(file["source"].as_str().unwrap().ends_with("# reviewed\n"));

    // Withdrawing removes its rules; people in Porvoo then have no criteria.
    let reply = app.json("DELETE", "/api/v1/rules/files/today/porvoo.rules", Some(&token), "").await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.body);
    assert_eq!(app.get("/api/v1/rules/files/today/porvoo.rules").await.status, StatusCode::NOT_FOUND);
    let reply =
        app.json("POST", "/api/v1/eligibility", None, r#"{"person": {"age": 84, "municipality": "638"}}"#).await;
    let statuses: Vec<Value> =
        reply.json()["decisions"].as_array().unwrap().iter().map(|d| d["status"].clone()).collect();
    assert!(statuses.iter().all(|s| s == "no_rule"), "{statuses:?}");
}

#[tokio::test]
async fn simulations_compare_proposals_over_the_demo_population() {
    let app = demo_app().await;
    let reply = app.json("POST", "/api/v1/simulations", None, r#"{"proposals": ["proposal-a", "proposal-b"]}"#).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let json = reply.json();
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    for sim in items {
        assert_eq!(sim["population"], 98_972);
        for r in sim["rows"].as_array().unwrap() {
            let n = |k: &str| r[k].as_u64().unwrap();
            assert_eq!(n("eligible_after") + n("lost"), n("eligible_before") + n("gained"), "{r}");
        }
    }
    // Proposal A levels up: nobody loses.
    let lost_a: u64 = items[0]["by_service"].as_array().unwrap().iter().map(|r| r["lost"].as_u64().unwrap()).sum();
    assert_eq!(lost_a, 0);
    let reply = app.json("POST", "/api/v1/simulations", None, r#"{"proposals": ["today"]}"#).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert_eq!(reply.json()["details"][0]["field"], "proposals[0]", "{}", reply.body);
    let reply = app.json("POST", "/api/v1/simulations", None, r#"{"proposals": ["proposal-a", "nope"]}"#).await;
    assert_eq!(reply.json()["details"][0]["field"], "proposals[1]", "{}", reply.body);
}

#[tokio::test]
async fn a_clients_fee_is_explained_line_by_line_and_bad_requests_are_named() {
    let app = demo_app().await;
    let body = r#"{"service": "svc-home-care", "household_size": 1, "income": 1500, "hours_per_month": 20, "on": "2021-09-01", "lang": "en"}"#;
    let reply = app.json("POST", "/api/v1/fees", None, body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let json = reply.json();
    // (1500 − 588) × 26 % (734/1992 10 e §, one person, 20 hours a month).
    assert_eq!(json["monthly_fee"], 237.12);
    assert_eq!(json["fee"], "home-care.2021");
    assert_eq!(json["verified"], true);
    assert!(json["basis"].as_str().unwrap().contains("10 e §"));
    let lines: Vec<&str> = json["lines"].as_array().unwrap().iter().map(|l| l["text"].as_str().unwrap()).collect();
    assert!(lines.iter().any(|l| l.contains("Income limit for a household of 1 person: €588.00")), "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("= €237.12")), "{lines:?}");
    // Finnish by default, today's (2026-11-23) unverified figures said so.
    let reply = app
        .json("POST", "/api/v1/fees", None, r#"{"service": "svc-home-care", "household_size": 2, "income": 3000}"#)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let json = reply.json();
    assert_eq!(json["lang"], "fi");
    assert_eq!(json["verified"], false);
    assert!(json["lines"][0]["text"].as_str().unwrap().starts_with("Kotitalouden bruttotulot"), "{json}");

    for (body, status, field) in [
        (
            r#"{"service": "svc-home-care", "household_size": 0, "income": 1000}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "household_size",
        ),
        (
            r#"{"service": "svc-home-care", "household_size": 1, "income": -5}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "income",
        ),
        (
            r#"{"service": "svc-meal-service", "household_size": 1, "income": 1000}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "service",
        ),
        (r#"{"service": "svc-home-care", "household_size": 1, "income": "a lot"}"#, StatusCode::BAD_REQUEST, "income"),
    ] {
        let reply = app.json("POST", "/api/v1/fees", None, body).await;
        assert_eq!(reply.status, status, "{body}: {}", reply.body);
        let json = reply.json();
        assert!(json["details"].as_array().unwrap().iter().any(|d| d["field"] == field), "{body}: {json}");
    }
}
