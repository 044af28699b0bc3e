//! Service navigation through the HTTP API over the demo county and its synthetic capacity:
//! an assessment saved half-way and resumed (a stale revision refused), completed into
//! facts with their source, the segment and urgency; every service's eligibility with
//! "cannot tell" naming the fact and the question; ranked choices the client re-weights,
//! equal for every kind of producer; a plan that records the alternatives offered; the
//! resident's self-service screen; capacity imports and waiting-list edits; and every read
//! of client data in the access log.

use crate::{TestApp, demo_app};
use axum::http::StatusCode;
use domain::client::{Hetu, Role};
use serde_json::{Value, json};

fn hetu(n: u16) -> String {
    Hetu::from_parts(chrono::NaiveDate::from_ymd_opt(1941, 5, 2).unwrap(), n).expose().to_owned()
}

async fn client(app: &TestApp, nav: &str, n: u16, address: Option<&str>) -> String {
    let mut contact = json!({ "phone": "+358 40 123 4567" });
    if let Some(a) = address {
        contact["address"] = json!(a);
    }
    let body = json!({
        "hetu": hetu(n), "given_name": "Aino", "family_name": "Virtanen", "municipality": "638",
        "language": "sv", "interpreter": false, "contact": contact
    });
    let reply = app.json("POST", "/api/v1/clients", Some(nav), &body.to_string()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    reply.json()["id"].as_str().unwrap().to_owned()
}

/// The older-people screen for a frail 85-year-old living alone, with a RAI MAPLe of 4.
fn frail() -> Value {
    let mut a = json!({
        "acute": "no", "age": 85, "lives_alone": "yes", "memory": "somewhat", "orientation": "sometimes",
        "lonely_companionship": "often", "lonely_left_out": "often", "lonely_isolated": "some_of_the_time",
        "has_carer": "no", "falls": "one", "care_allowance": "basic", "rai_done": "yes", "rai_maple": 4,
        "travel_mode": "car", "accessibility_need": "rollator"
    });
    for item in ["adl_bathing", "adl_dressing", "iadl_meals", "iadl_shopping", "iadl_housework"] {
        a[item] = json!("full_help");
    }
    for item in ["adl_toilet", "adl_transfer", "adl_eating", "iadl_medication", "iadl_finances"] {
        a[item] = json!("some_help");
    }
    a
}

fn service<'a>(nav: &'a Value, id: &str) -> &'a Value {
    nav["services"].as_array().unwrap().iter().find(|s| s["service"] == id).unwrap_or_else(|| panic!("no {id}"))
}

fn order(s: &Value) -> Vec<String> {
    s["choices"].as_array().unwrap().iter().map(|c| c["candidate"]["id"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn an_assessment_is_saved_resumed_and_completed_into_facts_segment_and_choices() {
    let app = demo_app().await;
    let nav = app.user("nina", &[Role::Navigator], Some("org-itu")).await;
    let c = client(&app, &nav, 301, Some("Runebergsgatan 1, 06100 Borgå")).await;
    let base = format!("/api/v1/navigation/clients/{c}");
    // Half the answers: saved as a draft, nothing lost.
    let all = frail();
    let first: serde_json::Map<String, Value> =
        all.as_object().unwrap().iter().take(8).map(|(k, v)| (k.clone(), v.clone())).collect();
    let body = json!({ "questionnaire": "older-people", "answers": first }).to_string();
    let reply = app.json("POST", &format!("{base}/assessments"), Some(&nav), &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let saved = reply.json();
    let id = saved["assessment"]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        (saved["assessment"]["revision"].as_i64(), saved["assessment"]["complete"].as_bool()),
        (Some(1), Some(false))
    );
    assert!(!saved["evaluation"]["unanswered"].as_array().unwrap().is_empty());
    // Completing before every asked question is answered is refused, naming them.
    let early = json!({ "id": id, "questionnaire": "older-people", "revision": 1, "complete": true }).to_string();
    let reply = app.json("POST", &format!("{base}/assessments"), Some(&nav), &early).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("answers.adl_bathing"), "{}", reply.body);
    // The rest, from revision 1; then a second save from the same revision is stale.
    let body = json!({ "id": id, "questionnaire": "older-people", "revision": 1, "answers": all, "complete": true });
    let reply = app.json("POST", &format!("{base}/assessments"), Some(&nav), &body.to_string()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let done = reply.json();
    assert_eq!(done["assessment"]["revision"], 2);
    assert_eq!(done["segment"]["segment"], "care", "{}", done["segment"]);
    assert_eq!(done["segment"]["first_channel"], "named_coordinator");
    assert_eq!(done["assessment"]["urgency"], "P4", "lives alone with ADL 7 of 10");
    let stale = json!({ "id": id, "questionnaire": "older-people", "revision": 1, "answers": { "falls": "none" } });
    let reply = app.json("POST", &format!("{base}/assessments"), Some(&nav), &stale.to_string()).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "a completed assessment is not changed: {}", reply.body);
    // The facts, each with the assessment as its source.
    let list = app.json("GET", &format!("{base}/assessments"), Some(&nav), "").await.json();
    let facts = list["facts"].as_array().unwrap();
    let fact = |name: &str| facts.iter().find(|f| f["fact"] == name).unwrap_or_else(|| panic!("{name}: {facts:?}"));
    assert_eq!(fact("rai_maple")["value"], 4);
    assert_eq!(fact("adl_h")["value"], 4);
    assert!(fact("cps")["source"].as_str().unwrap().starts_with(&format!("assessment:{id}")));
    // The navigation: eligible services with ranked, explained choices in Swedish.
    let reply = app.json("GET", &base, Some(&nav), "").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let n = reply.json();
    assert_eq!(n["language"], "sv");
    assert_eq!(n["home"]["from"], "postal_code");
    assert_eq!(n["segment"]["segment"], "care");
    let home_care = service(&n, "svc-home-care");
    assert_eq!(home_care["decision"]["status"], "eligible", "{home_care}");
    assert!(home_care["decision"]["explanation"].to_string().contains("RAI MAPLe minst 4"), "{home_care}");
    assert!(
        home_care["choices"].as_array().unwrap().iter().all(|c| c["other_municipality"] == false),
        "each producer's own unit in the client's municipality: {home_care}"
    );
    let choices = home_care["choices"].as_array().unwrap();
    assert!(choices.len() >= 3, "the county's unit and two companies: {choices:?}");
    assert!(choices.iter().all(|c| c["candidate"]["travel"]["kind"] == "at_home"), "{choices:?}");
    assert_eq!(choices[0]["rank"], 1);
    assert_eq!(choices[0]["components"].as_array().unwrap().len(), 5);
    // Day activities: units on the map, with travel estimated (no network loaded) and waiting times.
    let day = service(&n, "svc-senior-day-activities");
    assert_eq!(day["decision"]["status"], "eligible");
    let c0 = &day["choices"][0];
    assert_eq!(c0["candidate"]["travel"]["kind"], "minutes");
    assert_eq!(c0["candidate"]["travel"]["estimate"], true);
    let kinds: Vec<&str> = day["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["candidate"]["accessibility"]["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.iter().all(|k| *k != "not_needed"),
        "a rollator user: every unit assessed for the profile: {kinds:?}"
    );
    assert!(day["choices"].as_array().unwrap().iter().any(|c| c["waiting"]["kind"] == "days"), "{day}");
    // Enhanced housing: not eligible, explained.
    assert_eq!(service(&n, "svc-enhanced-service-housing")["decision"]["status"], "not_eligible");
    // The client's own share (Client Fees Act): the income is not known yet, so it is not
    // worked out, and says which fact it lacks; with the income recorded it is the fee of
    // POST /api/v1/fees for one person, 30 hours a month (RAI MAPLe 4).
    assert_eq!(home_care["client_fee"]["missing"], json!(["income"]), "{}", home_care["client_fee"]);
    assert!(home_care["client_fee"]["outcome"].is_null());
    assert!(service(&n, "svc-enhanced-service-housing")["client_fee"].is_null(), "not offered: no fee shown");
    let body = json!({ "facts": { "income": 2100 } }).to_string();
    let reply = app.json("POST", &format!("/api/v1/clients/{c}/facts"), Some(&nav), &body).await;
    assert!(reply.status.is_success(), "{}", reply.body);
    let n2 = app.json("GET", &base, Some(&nav), "").await.json();
    let fee = &service(&n2, "svc-home-care")["client_fee"];
    assert_eq!(fee["hours_assumed"], 30.0, "{fee}");
    let direct =
        json!({ "service": "svc-home-care", "household_size": 1, "income": 2100, "hours_per_month": 30, "lang": "sv" });
    let direct = app.json("POST", "/api/v1/fees", Some(&nav), &direct.to_string()).await.json();
    assert!(direct["monthly_fee"].as_f64().unwrap() > 100.0, "{direct}");
    assert_eq!(fee["outcome"]["monthly_fee"], direct["monthly_fee"], "{fee} {direct}");
    assert_eq!(fee["outcome"]["lines"], direct["lines"], "explained in the client's language");
    let page = app.get_as(&format!("/sv/clients/{c}/navigation"), &nav).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Klientavgift"), "the fee on the workspace page");
    assert!(page.body.contains("Hur avgiften räknas ut"), "with its calculation");
    // Re-weighting by waiting time moves the choice or at least the scores; weights are echoed.
    let by_travel = app.json("GET", &format!("{base}?travel=10&waiting=0"), Some(&nav), "").await.json();
    let by_waiting = app.json("GET", &format!("{base}?travel=0&waiting=10"), Some(&nav), "").await.json();
    assert_eq!(by_waiting["weights"]["waiting"], 10.0);
    let t = &service(&by_travel, "svc-senior-day-activities")["choices"][0]["candidate"];
    let w = &service(&by_waiting, "svc-senior-day-activities")["choices"][0]["candidate"];
    assert!(t["travel"]["minutes"].as_f64() <= w["travel"]["minutes"].as_f64(), "{t} {w}");
    assert!(t["waiting_days"].as_f64().unwrap_or(999.0) >= w["waiting_days"].as_f64().unwrap_or(999.0), "{t} {w}");
    let bad = app.json("GET", &format!("{base}?travel=11"), Some(&nav), "").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    // The plan records the choice and every alternative offered.
    let chosen = order(home_care)[1].clone();
    let body = json!({ "choices": [["svc-home-care", chosen]] }).to_string();
    let reply = app.json("POST", &format!("{base}/plans"), Some(&nav), &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let plan = reply.json();
    assert_eq!(plan["body"]["items"][0]["chosen_rank"], 2);
    assert_eq!(plan["body"]["items"][0]["offered"].as_array().unwrap().len(), choices.len());
    assert_eq!(plan["body"]["next_steps"][0]["kind"], "referral");
    let not_offered = json!({ "choices": [["svc-enhanced-service-housing", "unit-priv-housing-porvoo"]] }).to_string();
    let reply = app.json("POST", &format!("{base}/plans"), Some(&nav), &not_offered).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "not eligible: {}", reply.body);
    let plans = app.json("GET", &format!("{base}/plans"), Some(&nav), "").await.json();
    assert_eq!(plans["total"], 1);
    // Every read of the client's data is in the access log.
    let auditor = app.user("aarne", &[Role::Auditor], None).await;
    let rows = app.json("GET", &format!("/api/v1/audit?client={c}&limit=1000"), Some(&auditor), "").await.json();
    let fields: Vec<&str> = rows["items"].as_array().unwrap().iter().filter_map(|r| r["fields"].as_str()).collect();
    assert!(fields.contains(&"assessments,facts"), "{fields:?}");
    assert!(fields.iter().any(|f| f.starts_with("assessment:") && f.contains("rai_maple")), "{fields:?}");
    assert!(fields.iter().any(|f| f.starts_with("plan:")), "{fields:?}");
    // Another navigator, without a basis: refused and logged.
    let other = app.user("olli", &[Role::Navigator], Some("org-itu")).await;
    assert_eq!(app.json("GET", &base, Some(&other), "").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn cannot_tell_names_the_missing_fact_and_the_question_that_settles_it() {
    let app = demo_app().await;
    let nav = app.user("nina", &[Role::Navigator], Some("org-itu")).await;
    let c = client(&app, &nav, 302, None).await;
    let reply = app.json("GET", &format!("/api/v1/navigation/clients/{c}"), Some(&nav), "").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let n = reply.json();
    assert_eq!(n["home"]["from"], "municipality", "no address: the municipality's centre");
    let home_care = service(&n, "svc-home-care");
    assert_eq!(home_care["decision"]["status"], "cannot_tell");
    let missing = home_care["missing"].as_array().unwrap();
    let maple = missing.iter().find(|m| m["fact"] == "rai_maple").expect("rai_maple missing");
    assert!(
        maple["settled_by"].as_array().unwrap().iter().any(|q| q[0] == "older-people" && q[1] == "rai_maple"),
        "{maple}"
    );
    assert_eq!(maple["label"], "servicebehov (RAI MAPLe)", "in the client's language (Swedish)");
}

#[tokio::test]
async fn producers_rank_on_equal_terms_whatever_their_kind() {
    let app = demo_app().await;
    let nav = app.user("nina", &[Role::Navigator], Some("org-itu")).await;
    let c = client(&app, &nav, 303, Some("Runebergsgatan 1, 06100 Borgå")).await;
    let body = json!({ "questionnaire": "older-people", "answers": frail(), "complete": true }).to_string();
    let reply = app.json("POST", &format!("/api/v1/navigation/clients/{c}/assessments"), Some(&nav), &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let before = app.json("GET", &format!("/api/v1/navigation/clients/{c}"), Some(&nav), "").await.json();
    let day_before = service(&before, "svc-senior-day-activities").clone();
    assert!(day_before["choices"].as_array().unwrap().iter().any(|c| c["kind"] == "ngo"), "{day_before}");
    // The NGO becomes a county unit and the county's own a company: the ranking is the same.
    let anna = app.token().await;
    for (org, kind) in [("org-ngo-seniors", "wellbeing_services_county"), ("org-itu", "private_company")] {
        let reply = app.json("GET", &format!("/api/v1/organizations/{org}"), Some(&anna), "").await;
        let etag = reply.headers.get("etag").unwrap().to_str().unwrap().to_owned();
        let mut doc = reply.json();
        doc["kind"] = json!(kind);
        let request = axum::http::Request::put(format!("/api/v1/organizations/{org}"))
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {anna}"))
            .header("if-match", etag)
            .body(axum::body::Body::from(doc.to_string()))
            .unwrap();
        let reply = app.send(request).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }
    let after = app.json("GET", &format!("/api/v1/navigation/clients/{c}"), Some(&nav), "").await.json();
    let day_after = service(&after, "svc-senior-day-activities");
    assert_eq!(order(&day_before), order(day_after));
    let scores = |s: &Value| s["choices"].as_array().unwrap().iter().map(|c| c["score"].clone()).collect::<Vec<_>>();
    assert_eq!(scores(&day_before), scores(day_after));
    assert!(day_after["choices"].as_array().unwrap().iter().any(|c| c["kind"] == "wellbeing_services_county"));
}

#[tokio::test]
async fn a_resident_fills_in_the_general_screen_alone_but_not_the_professional_ones() {
    let app = demo_app().await;
    let identity = app::auth::SsoIdentity {
        issuer: "https://tunnistus.test".into(),
        subject: "s-9".into(),
        username: String::new(),
        given_name: Some("Ville".into()),
        family_name: Some("Virtanen".into()),
        roles: vec![],
        organization: None,
        hetu: Some(Hetu::parse(&hetu(304)).unwrap()),
    };
    let token = app.polku.sso_session(identity, &Default::default()).await.unwrap();
    let me = app.json("GET", "/api/v1/me", Some(&token), "").await.json();
    let c = me["id"].as_str().expect("the resident's own record").to_owned();
    let base = format!("/api/v1/navigation/clients/{c}/assessments");
    let body = json!({ "questionnaire": "general-adult", "answers": { "acute": "no", "lonely": "often" } }).to_string();
    let reply = app.json("POST", &base, Some(&token), &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let body = json!({ "questionnaire": "older-people", "answers": { "acute": "no" } }).to_string();
    let reply = app.json("POST", &base, Some(&token), &body).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    let bad = json!({ "questionnaire": "general-adult", "answers": { "lonely": "daily" } }).to_string();
    let reply = app.json("POST", &base, Some(&token), &bad).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("answers.lonely"), "{}", reply.body);
}

#[tokio::test]
async fn capacity_imports_are_all_or_nothing_and_waiting_lists_keep_concurrent_edits() {
    let app = demo_app().await;
    let anna = app.token().await;
    let csv = |body: &str| {
        axum::http::Request::post("/api/v1/navigation/capacity")
            .header("content-type", "text/csv")
            .header("authorization", format!("Bearer {anna}"))
            .body(axum::body::Body::from(body.to_owned()))
            .unwrap()
    };
    let good = "unit,service,reference,priority,decided_on,entered_on,left_on,placed\n\
                unit-porvoo-enhanced-housing,svc-enhanced-service-housing,case-1,2,2026-10-01,2026-10-02,,false\n";
    let reply = app.send(csv(good)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    // One bad row refuses the whole file: nothing of it is written.
    let bad = "unit,service,reference,priority,decided_on,entered_on,left_on,placed\n\
               unit-porvoo-enhanced-housing,svc-enhanced-service-housing,case-2,2,2026-10-01,2026-10-02,,false\n\
               unit-nowhere,svc-enhanced-service-housing,case-3,5,2026-10-01,2026-10-02,,false\n";
    let reply = app.send(csv(bad)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("waiting[1].unit") && reply.body.contains("waiting[1].priority"), "{}", reply.body);
    let view = app.json("GET", "/api/v1/navigation/capacity?unit=unit-porvoo-enhanced-housing", None, "").await.json();
    let refs: Vec<&str> = view["waiting"].as_array().unwrap().iter().filter_map(|w| w["reference"].as_str()).collect();
    assert!(refs.contains(&"case-1") && !refs.contains(&"case-2"), "{refs:?}");
    let case = view["waiting"].as_array().unwrap().iter().find(|w| w["reference"] == "case-1").unwrap();
    assert_eq!(
        (case["deadline"].as_str(), case.get("overdue")),
        (Some("2027-01-01"), None),
        "the legal clock: 3 months"
    );
    assert!(view["places"].as_array().unwrap().iter().any(|p| p["kind"] == "enhanced_service_housing_apartment"));
    let unreadable =
        app.send(csv("unit,kind,as_of,places,occupied\nunit-porvoo-enhanced-housing,bed,2026-11-01,x,1\n")).await;
    assert_eq!(unreadable.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unreadable.body.contains("2:4"), "line and column: {}", unreadable.body);
    // Two people edit the same entry: the second, from the old revision, gets 409.
    let entry = view["waiting"].as_array().unwrap().iter().find(|w| w["reference"] == "case-1").unwrap();
    let id = entry["id"].as_str().unwrap();
    let change = |body: &str, tag: &str| {
        axum::http::Request::put(format!("/api/v1/navigation/waiting/{id}"))
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {anna}"))
            .header("if-match", tag.to_owned())
            .body(axum::body::Body::from(body.to_owned()))
            .unwrap()
    };
    let first = app.send(change(r#"{"priority":1}"#, "\"1\"")).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let second = app.send(change(r#"{"left_on":"2026-11-20","placed":true}"#, "\"1\"")).await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    let again = app.send(change(r#"{"left_on":"2026-11-20","placed":true}"#, "\"2\"")).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(
        (again.json()["priority"].as_i64(), again.json()["placed"].as_bool()),
        (Some(1), Some(true)),
        "nothing lost"
    );
    // A producer's professional records capacity for its own units only.
    let pro = app.user("pekka", &[Role::Professional], Some("org-priv-housing")).await;
    let request = axum::http::Request::post("/api/v1/navigation/capacity")
        .header("content-type", "text/csv")
        .header("authorization", format!("Bearer {pro}"))
        .body(axum::body::Body::from(good.replace("case-1", "case-9")))
        .unwrap();
    let reply = app.send(request).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("its own units only"), "{}", reply.body);
}

#[tokio::test]
async fn the_pages_work_without_javascript_from_the_first_answer_to_the_printable_plan() {
    let app = demo_app().await;
    let nav = app.user("nina", &[Role::Navigator], Some("org-itu")).await;
    let c = client(&app, &nav, 305, Some("Runebergsgatan 1, 06100 Borgå")).await;
    let client_page = app.get_as(&format!("/fi/clients/{c}"), &nav).await;
    assert!(client_page.body.contains(&format!("/fi/clients/{c}/navigation")), "the client page links to navigation");
    let form = app.get_as(&format!("/fi/clients/{c}/assessments/older-people"), &nav).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("Päivittäiset toimet: peseytyminen"));
    assert!(!form.body.contains("name=\"answer.carer_load\""), "asked only after has_carer = yes");
    let csrf = form.cookie("polku_csrf").or_else(|| form.cookie("csrf")).unwrap_or_default();
    let post = |path: String, body: String| {
        let request = axum::http::Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("authorization", format!("Bearer {nav}"))
            .header("cookie", format!("polku_csrf={csrf}; csrf={csrf}"))
            .body(axum::body::Body::from(body))
            .unwrap();
        app.send(request)
    };
    // The first answers, saved: back to the form with the branch now asked.
    let reply = post(
        format!("/fi/clients/{c}/assessments/older-people"),
        format!("csrf={csrf}&answer.has_carer=yes&answer.age=84&finish=no"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let location = reply.headers.get("location").unwrap().to_str().unwrap().to_owned();
    assert!(location.contains("?assessment=assessment-"), "{location}");
    let again = app.get_as(&location, &nav).await;
    assert!(again.body.contains("name=\"answer.carer_load\""), "the carer's load is asked now");
    assert!(again.body.contains("value=\"84\""), "answers kept");
    // Finishing with questions open names them, in Finnish.
    let assessment = location.split("assessment=").nth(1).unwrap().to_owned();
    let reply = post(
        format!("/fi/clients/{c}/assessments/older-people"),
        format!("csrf={csrf}&assessment={assessment}&revision=1&answer.falls=one&finish=yes"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("Vastaa tähän kysymykseen"), "{}", reply.body);
    // The workspace: segment, services, ranked choices, the weights form, the plan form.
    let body = json!({ "questionnaire": "older-people", "answers": frail(), "complete": true }).to_string();
    app.json("POST", &format!("/api/v1/navigation/clients/{c}/assessments"), Some(&nav), &body).await;
    let page = app.get_as(&format!("/sv/clients/{c}/navigation?waiting=5"), &nav).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for expected in
        ["omsorgskund", "Producenter av", "name=\"waiting\"", "value=\"5\"", "Gör ett utkast till serviceplan"]
    {
        assert!(page.body.contains(expected), "{expected} missing");
    }
    let reply = post(
        format!("/sv/clients/{c}/plans"),
        format!(
            "csrf={csrf}&include=svc-home-care&choice.svc-home-care=unit-porvoo-home-care&weight.waiting=5&mode=car"
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let plan = app.get_as(reply.headers.get("location").unwrap().to_str().unwrap(), &nav).await;
    assert_eq!(plan.status, StatusCode::OK);
    assert!(plan.body.contains("Serviceplan (utkast)") && plan.body.contains("Remiss"), "{}", plan.body);
}
