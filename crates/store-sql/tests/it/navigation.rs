//! Navigation's stores on SQLite and PostgreSQL, with two servers on one database: the demo
//! county's synthetic capacity imports and reads back; an assessment saved from the same
//! revision on both servers lands once and the other gets `Stale` (nothing lost); a
//! waiting-list entry edited on both servers likewise; the navigation reads its capacity.

use app::auth::{Principal, RequestMeta};
use app::capacity::WaitingChange;
use app::clients::Pseudonyms;
use app::navigation::{NavigateOptions, SaveAssessment};
use app::store::Actor;
use app::{AppError, FixedClock, Polku};
use domain::client::{ClientDetails, ClientLang, Contact, Hetu, Role};
use serde_json::json;
use std::sync::Arc;
use store_sql::SqlStore;

async fn server(store: SqlStore) -> Arc<Polku> {
    let store = Arc::new(store);
    let clock = Arc::new(FixedClock("2026-12-04T10:00:00Z".parse().unwrap()));
    let polku = Polku::open(store.clone(), store.clone(), store.clone(), clock).await.unwrap();
    Arc::new(
        polku
            .with_clients(store.clone(), store.clone(), Pseudonyms::new([3; 32]))
            .with_capacity(store.clone())
            .with_paths(store),
    )
}

fn navigator() -> Principal {
    Principal {
        username: "nina".into(),
        display_name: None,
        roles: vec![Role::Navigator],
        organization: Some(domain::Id::parse("org-itu").unwrap()),
        client: None,
    }
}

async fn two_servers_share_assessments_and_waiting_lists(a: SqlStore, b: SqlStore) {
    let one = server(a).await;
    one.load_demo().await.unwrap();
    let two = server(b).await;
    let (nav, meta) = (navigator(), RequestMeta { request_id: "r".into(), address: "10.0.0.1".into() });
    // The synthetic capacity, as the other server reads it.
    let view = two.capacity(&[]).await.unwrap();
    assert!(view.places.len() > 10 && !view.waiting.is_empty() && !view.appointments.is_empty(), "{view:?}");
    assert!(view.appointments.iter().all(|a| a.t3_days.is_some_and(|d| d >= 3.0)), "T3 reads back as a number");
    assert!(view.vouchers.iter().all(|v| v.price >= v.voucher_value));
    let details = ClientDetails {
        hetu: Hetu::from_parts(chrono::NaiveDate::from_ymd_opt(1940, 2, 3).unwrap(), 77),
        given_name: "Aino".into(),
        family_name: "Virtanen".into(),
        municipality: Some("638".into()),
        language: ClientLang::Fi,
        other_language: None,
        interpreter: false,
        contact: Contact { address: Some("Kauppatori 1, 06100 Porvoo".into()), ..Default::default() },
    };
    let client = one.create_client(Some(&nav), &meta, details).await.unwrap();
    let answers = |k: &str, v: serde_json::Value| [(k.to_owned(), v)].into_iter().collect();
    let start = SaveAssessment {
        id: None,
        questionnaire: "older-people".into(),
        answers: answers("age", json!(86)),
        complete: false,
        revision: None,
    };
    let draft = one.save_assessment(Some(&nav), &meta, &client, start).await.unwrap().assessment;
    // Both servers continue from revision 1 at once: one lands, the other is stale.
    let save = |falls: &str| SaveAssessment {
        id: Some(draft.id.clone()),
        questionnaire: "older-people".into(),
        answers: answers("falls", json!(falls)),
        complete: false,
        revision: Some(draft.revision),
    };
    let (x, y) = tokio::join!(
        one.save_assessment(Some(&nav), &meta, &client, save("one")),
        two.save_assessment(Some(&nav), &meta, &client, save("two_or_more"))
    );
    let stale = [&x, &y].iter().filter(|r| matches!(r, Err(AppError::Stale { .. }))).count();
    assert_eq!((x.is_ok() as u8 + y.is_ok() as u8, stale), (1, 1), "{x:?} {y:?}");
    let (list, _) = two.assessments(Some(&nav), &meta, &client).await.unwrap();
    assert_eq!(list[0].revision, 2);
    assert_eq!(list[0].answers["age"], 86, "the first answer is kept");
    // The navigation on the other server reads the capacity and ranks with waiting times.
    let n = two.navigate(Some(&nav), &meta, &client, &NavigateOptions::default()).await.unwrap();
    assert_eq!(
        n.services.iter().filter(|s| s.decision.rule.is_some()).count(),
        16,
        "every rule-covered service has a decision"
    );
    // A waiting-list entry edited on both servers from the same revision.
    let entry = view.waiting.iter().find(|w| w.row.left_on.is_none()).expect("an open entry").clone();
    let cli = Actor::Cli("test".into());
    let change = |p: u8| WaitingChange { priority: Some(p), left_on: None, placed: None };
    let (c1, c2) = (change(1), change(3));
    let (x, y) = tokio::join!(
        one.change_waiting(&entry.id, entry.revision, &c1, &cli),
        two.change_waiting(&entry.id, entry.revision, &c2, &cli)
    );
    assert_eq!(x.is_ok() as u8 + y.is_ok() as u8, 1, "{x:?} {y:?}");
    assert!([&x, &y].iter().any(|r| matches!(r, Err(AppError::Stale { .. }))));
}

#[tokio::test]
async fn sqlite_two_servers_share_assessments_and_waiting_lists() {
    let (a, dir) = testkit_sql::fresh_sqlite().await;
    let b = SqlStore::open_data_dir(&dir.0).await.unwrap();
    two_servers_share_assessments_and_waiting_lists(a, b).await;
}

#[tokio::test]
async fn postgres_two_servers_share_assessments_and_waiting_lists() {
    if let Some(url) = testkit_sql::fresh_postgres_url("two_servers_share_assessments").await {
        let (a, b) = (SqlStore::connect(&url).await.unwrap(), SqlStore::connect(&url).await.unwrap());
        two_servers_share_assessments_and_waiting_lists(a, b).await;
    }
}
