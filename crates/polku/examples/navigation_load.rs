//! Load tests of service navigation (BENCHMARKS.md, "Service navigation"). Two modes:
//!
//! In process, on SQLite with the demo county and its synthetic capacity: a client's
//! completed older-people assessment, then "from the last answer to the ranked choices":
//! the answer saved (one logged write, facts included) and the whole navigation (two logged
//! reads, rules, travel, waiting, ranking), one after another; and the pure half alone:
//!   cargo run --release -p polku --example navigation_load -- --in-process [--rounds 2000]
//!
//! Over HTTP against `polku serve --demo` (bench/navigation.sh starts it): NAVIGATORS
//! concurrent navigators, each with their own clients, each round saving one answer and
//! reading the navigation, for SECONDS; prints round-trip percentiles and the number of
//! client-data accesses made, which the script compares with the access log's rows:
//!   navigation_load --a 127.0.0.1:18091 --token <bearer> [--navigators 200] [--seconds 60]

#[path = "support/mod.rs"]
mod support;

use app::auth::{Principal, RequestMeta};
use app::clients::Pseudonyms;
use app::navigation::{NavigateOptions, SaveAssessment};
use domain::client::{ClientDetails, ClientLang, Contact, Hetu, Role};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use support::{Conn, arg, percentiles};

fn details(i: u32) -> ClientDetails {
    let birth = chrono::NaiveDate::from_ymd_opt(1935 + (i % 20) as i32, 1 + i % 12, 1 + i % 28).unwrap();
    let postcodes = ["06100", "06150", "07900", "04130", "07230", "07170", "07880"];
    ClientDetails {
        hetu: Hetu::from_parts(birth, 2 + (i / 1000 % 897) as u16),
        given_name: format!("Asiakas{i}"),
        family_name: "Ohjaus".into(),
        municipality: Some(["638", "638", "434", "753", "018", "616", "407"][i as usize % 7].into()),
        language: if i.is_multiple_of(3) { ClientLang::Sv } else { ClientLang::Fi },
        other_language: None,
        interpreter: false,
        contact: Contact { address: Some(format!("Katu {i}, {} ", postcodes[i as usize % 7])), ..Default::default() },
    }
}

/// The older-people screen, varied by `i`, complete.
fn answers(i: u32) -> serde_json::Map<String, Value> {
    let level = ["independent", "some_help", "full_help"];
    let alone = if i.is_multiple_of(2) { "yes" } else { "no" };
    let memory = ["no", "somewhat", "clearly"][i as usize % 3];
    let mut a = json!({
        "acute": "no", "age": 75 + i % 20, "lives_alone": alone,
        "memory": memory, "orientation": "sometimes",
        "lonely_companionship": "often", "lonely_left_out": "some_of_the_time", "lonely_isolated": "hardly_ever",
        "has_carer": "no", "falls": "one", "care_allowance": "basic", "rai_done": "yes", "rai_maple": 1 + i % 5,
        "travel_mode": "car", "accessibility_need": "none"
    });
    for (k, item) in [
        "adl_bathing",
        "adl_dressing",
        "adl_toilet",
        "adl_transfer",
        "adl_eating",
        "iadl_meals",
        "iadl_shopping",
        "iadl_medication",
        "iadl_housework",
        "iadl_finances",
    ]
    .iter()
    .enumerate()
    {
        a[item] = json!(level[(i as usize + k) % 3]);
    }
    a.as_object().unwrap().clone()
}

fn navigator(name: &str) -> Principal {
    Principal {
        username: name.into(),
        display_name: None,
        roles: vec![Role::Navigator],
        organization: Some(domain::Id::parse("org-itu").unwrap()),
        client: None,
    }
}

async fn in_process(rounds: usize) {
    let dir = std::env::temp_dir().join(format!("polku-navigation-load-{}", std::process::id()));
    let store = Arc::new(store_sql::SqlStore::open_data_dir(&dir).await.expect("store"));
    let polku =
        app::Polku::open(store.clone(), store.clone(), store.clone(), Arc::new(app::SystemClock)).await.unwrap();
    let polku = Arc::new(
        polku
            .with_clients(store.clone(), store.clone(), Pseudonyms::new([9; 32]))
            .with_capacity(store.clone())
            .with_paths(store.clone()),
    );
    polku.load_demo().await.expect("demo");
    let nav = navigator("bench");
    let meta = RequestMeta { request_id: "bench".into(), address: "127.0.0.1".into() };
    let mut ids = Vec::new();
    for i in 0..50 {
        let id = polku.create_client(Some(&nav), &meta, details(i)).await.expect("create");
        // A draft with every answer but the last: the round saves the last one, completing it.
        let mut a = answers(i);
        a.remove("accessibility_need");
        let save = SaveAssessment {
            id: None,
            questionnaire: "older-people".into(),
            answers: a,
            complete: false,
            revision: None,
        };
        let out = polku.save_assessment(Some(&nav), &meta, &id, save).await.expect("draft");
        ids.push((id, out.assessment.id, out.assessment.revision));
    }
    let mut full = Vec::with_capacity(rounds);
    let mut pure = Vec::with_capacity(rounds);
    let mut services = 0;
    for r in 0..rounds {
        let (client, assessment, revision) = ids[r % ids.len()].clone();
        let started = Instant::now();
        if r < ids.len() {
            let last: serde_json::Map<String, Value> =
                [("accessibility_need".to_owned(), json!("none"))].into_iter().collect();
            let save = SaveAssessment {
                id: Some(assessment),
                questionnaire: "older-people".into(),
                answers: last,
                complete: true,
                revision: Some(revision),
            };
            polku.save_assessment(Some(&nav), &meta, &client, save).await.expect("last answer");
        } else {
            // Completed already: the answer is a fact recorded by hand.
            polku
                .client_access(
                    Some(&nav),
                    &meta,
                    &client,
                    app::clients::Op::RecordFacts(vec![(rules::facts::Fact::Income, json!(1500 + r))]),
                )
                .await
                .expect("fact");
        }
        let navigation =
            polku.navigate(Some(&nav), &meta, &client, &NavigateOptions::default()).await.expect("navigate");
        full.push(started.elapsed().as_secs_f64() * 1000.0);
        services = navigation.services.iter().filter(|s| !s.choices.is_empty()).count().max(services);
    }
    percentiles("last answer → ranked choices (save + navigate, SQLite)", full);
    // The pure half: rules, travel, waiting, ranking over input already read.
    let (client, _, _) = ids[0].clone();
    let record = match polku
        .client_access(Some(&nav), &meta, &client, app::clients::Op::Read(domain::client::Record::Identity))
        .await
        .unwrap()
    {
        app::clients::Answer::Client(c) => c,
        _ => unreachable!(),
    };
    let (assessments, facts) = polku.assessments(Some(&nav), &meta, &client).await.unwrap();
    let capacity = polku.capacity(&[]).await.unwrap();
    let d = &record.details;
    let input = app::navigation::NavigationInput {
        client: client.clone(),
        language: app::navigation::client_lang(d.language),
        home: app::navigation::home_of(d.contact.address.as_deref(), d.municipality.as_deref()),
        municipality: d.municipality.clone(),
        person: app::navigation::person_of(&facts, d.municipality.as_deref(), d.language, Some(85)),
        assessments,
        facts,
        capacity,
    };
    for _ in 0..rounds {
        let started = Instant::now();
        let n = polku.navigate_with(input.clone(), &NavigateOptions::default()).expect("pure");
        pure.push(started.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(n);
    }
    percentiles("navigation without the database (rules, travel, waiting, ranking)", pure);
    println!("services with ranked choices for a client: up to {services}");
    std::fs::remove_dir_all(&dir).ok();
}

async fn over_http(address: &str, token: &str, navigators: usize, seconds: u64) {
    let auth = format!("Bearer {token}");
    let accesses = Arc::new(AtomicU64::new(0));
    // Each navigator's client, with a draft assessment; made before the clock starts.
    let mut setup = Conn::new(address);
    let mut clients = Vec::new();
    for i in 0..navigators as u32 {
        let body = serde_json::to_string(&details(i)).unwrap();
        let (status, _, reply) = setup.send("POST", "/api/v1/clients", &[("Authorization", &auth)], &body).await;
        assert_eq!(status, 201, "{reply}");
        let id = serde_json::from_str::<Value>(&reply).unwrap()["id"].as_str().unwrap().to_owned();
        let body = json!({ "questionnaire": "older-people", "answers": answers(i) }).to_string();
        let (status, _, reply) = setup
            .send("POST", &format!("/api/v1/navigation/clients/{id}/assessments"), &[("Authorization", &auth)], &body)
            .await;
        assert_eq!(status, 201, "{reply}");
        let saved: Value = serde_json::from_str(&reply).unwrap();
        clients.push((
            id,
            saved["assessment"]["id"].as_str().unwrap().to_owned(),
            saved["assessment"]["revision"].as_i64().unwrap(),
        ));
    }
    // Made so far: per client one create and one assessment save.
    let before = 2 * navigators as u64;
    println!("{navigators} navigators with a client each, over HTTP");
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for (n, (client, assessment, revision)) in clients.into_iter().enumerate() {
        let (auth, address, accesses) = (auth.clone(), address.to_owned(), accesses.clone());
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn::new(&address);
            let (mut ms, mut failed, mut revision) = (Vec::new(), 0usize, revision);
            let mut round = 0u32;
            while Instant::now() < deadline {
                let started = Instant::now();
                // One answer changed (the assessment stays a draft), then the navigation.
                let falls = ["none", "one", "two_or_more"][(round as usize + n) % 3];
                let body = json!({ "id": assessment, "questionnaire": "older-people", "revision": revision, "answers": { "falls": falls } }).to_string();
                let path = format!("/api/v1/navigation/clients/{client}/assessments");
                let (status, _, reply) = conn.send("POST", &path, &[("Authorization", &auth)], &body).await;
                // The save reads the assessments first (one access) and writes (another).
                accesses.fetch_add(2, Ordering::Relaxed);
                if status != 200 {
                    failed += 1;
                    continue;
                }
                revision = serde_json::from_str::<Value>(&reply).ok().and_then(|v| v["assessment"]["revision"].as_i64()).unwrap_or(revision);
                let path = format!("/api/v1/navigation/clients/{client}");
                let (status, _, _) = conn.send("GET", &path, &[("Authorization", &auth)], "").await;
                accesses.fetch_add(2, Ordering::Relaxed);
                if status == 200 {
                    ms.push(started.elapsed().as_secs_f64() * 1000.0);
                } else {
                    failed += 1;
                }
                round += 1;
            }
            (ms, failed)
        }));
    }
    let (mut all, mut failed) = (Vec::new(), 0);
    for task in tasks {
        let (ms, f) = task.await.unwrap();
        all.extend(ms);
        failed += f;
    }
    let rounds = all.len();
    percentiles(&format!("full navigation round trip (save an answer + navigation), {navigators} navigators"), all);
    println!("{rounds} rounds in {seconds} s: {:.0} rounds/s; failed: {failed}", rounds as f64 / seconds as f64);
    println!("expected log rows {}", before + accesses.load(Ordering::Relaxed));
}

#[tokio::main]
async fn main() {
    if std::env::args().any(|a| a == "--in-process") {
        let rounds = arg("--rounds").and_then(|v| v.parse().ok()).unwrap_or(2000);
        in_process(rounds).await;
        return;
    }
    let address = arg("--a").expect("--a host:port");
    let token = arg("--token").expect("--token");
    let navigators = arg("--navigators").and_then(|v| v.parse().ok()).unwrap_or(200);
    let seconds = arg("--seconds").and_then(|v| v.parse().ok()).unwrap_or(60);
    over_http(&address, &token, navigators, seconds).await;
}
