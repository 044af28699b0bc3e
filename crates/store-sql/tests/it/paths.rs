//! Referrals on SQLite and PostgreSQL with two servers on one database: a referral made
//! on one is changed on the other; the same version changed on both at once lands once
//! and the other is told it is stale (nothing lost); a professional changes only the
//! referrals to their organisation and loses the lawful basis when the last one ends;
//! the deadlines come from the clocks in working days; a rejection with nothing open
//! breaks the path and a new referral mends it; every change is enqueued once per
//! subscription; the sweep flags what is overdue; the inbox pages by deadline.

use app::auth::{Principal, RequestMeta};
use app::clients::Pseudonyms;
use app::monitoring::MonitoringStore;
use app::referrals::NewReferral;
use app::{AppError, FixedClock, Polku};
use chrono::NaiveDate;
use domain::client::{ClientDetails, ClientLang, Contact, Hetu, Record, Role};
use domain::referral::{Change, Outcome, OutcomeKind, Reason, Status};
use std::sync::Arc;
use store_sql::SqlStore;

const HOMECARE: &str = "org-itu-homecare";

async fn server(store: SqlStore, at: &str) -> Arc<Polku> {
    let store = Arc::new(store);
    let clock = Arc::new(FixedClock(at.parse().unwrap()));
    let polku = Polku::open(store.clone(), store.clone(), store.clone(), clock).await.unwrap();
    Arc::new(polku.with_clients(store.clone(), store.clone(), Pseudonyms::new([3; 32])).with_paths(store))
}

fn person(name: &str, role: Role, org: &str) -> Principal {
    Principal {
        username: name.into(),
        display_name: None,
        roles: vec![role],
        organization: Some(domain::Id::parse(org).unwrap()),
        client: None,
    }
}

fn details(born: (i32, u32, u32), n: u16) -> ClientDetails {
    ClientDetails {
        hetu: Hetu::from_parts(NaiveDate::from_ymd_opt(born.0, born.1, born.2).unwrap(), n),
        given_name: "Aino".into(),
        family_name: "Virtanen".into(),
        municipality: Some("638".into()),
        language: ClientLang::Fi,
        other_language: None,
        interpreter: false,
        contact: Contact::default(),
    }
}

fn send(to: &str, service: &str) -> NewReferral {
    NewReferral { to_organization: to.into(), service: service.into(), send: true, note: None, plan: None }
}

fn change(to: Status) -> Change {
    Change {
        to,
        reason: to.needs_reason().then_some(Reason::NoCapacity),
        note: None,
        outcome: (to == Status::Completed).then_some(Outcome { kind: OutcomeKind::ServiceStarted, feedback: None }),
    }
}

async fn two_servers_share_referrals(a: SqlStore, b: SqlStore, c: SqlStore) {
    // Thursday 26 November 2026, noon in Helsinki.
    let one = server(a, "2026-11-26T10:00:00Z").await;
    one.load_demo().await.unwrap();
    let two = server(b, "2026-11-26T10:00:00Z").await;
    let nav = person("nina", Role::Navigator, "org-itu");
    let pro = person("pekka", Role::Professional, HOMECARE);
    let meta = RequestMeta { request_id: "r".into(), address: "10.0.0.1".into() };
    // Someone watches the home care's referrals.
    let admin = Principal { roles: vec![Role::Administrator], ..person("aada", Role::Administrator, "org-itu") };
    one.subscribe(Some(&admin), HOMECARE, "webhook", "http://127.0.0.1:9/hook").await.unwrap();

    let client = one.create_client(Some(&nav), &meta, details((1948, 5, 1), 71)).await.unwrap();
    // A producer that does not offer the service is refused, naming the field.
    let wrong = one.refer(Some(&nav), &meta, &client, send("org-ngo-folk", "svc-home-care")).await;
    assert!(
        matches!(&wrong, Err(AppError::Invalid(p)) if p[0].field == "to_organization" && p[0].problem.contains("does not offer")),
        "{wrong:?}"
    );
    let id = one.refer(Some(&nav), &meta, &client, send(HOMECARE, "svc-home-care")).await.unwrap();
    // Made on one server, read on the other, with the 78-year-old's deadlines: the
    // service-need assessment by the 7th working day (Thursday 26.11 not counted: 27.11,
    // 30.11, 1.12, 2.12, 3.12, 4.12, 7.12 — Independence Day falls on a Sunday).
    let r = two.referral(Some(&pro), &meta, &client, &id).await.unwrap();
    assert_eq!((r.status, r.version), (Status::Requested, 1));
    let assessment = r.deadlines.iter().find(|d| d.family.contains("social-assessment")).expect("36 § clock");
    assert_eq!(assessment.due_on, NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(), "{:?}", r.deadlines);
    assert_eq!(r.due_on, r.deadlines.iter().map(|d| d.due_on).min());

    // Both servers accept version 1 at once: one lands, the other is stale; nothing lost.
    let (x, y) = tokio::join!(
        one.transition(Some(&pro), &meta, &client, &id, 1, change(Status::Accepted)),
        two.transition(Some(&pro), &meta, &client, &id, 1, change(Status::Accepted))
    );
    let landed = [&x, &y].iter().filter(|r| r.is_ok()).count();
    assert_eq!(landed, 1, "{x:?} {y:?}");
    assert!([&x, &y].iter().any(|r| matches!(r, Err(AppError::Stale { current: 2, .. }))), "{x:?} {y:?}");
    let r = one.referral(Some(&nav), &meta, &client, &id).await.unwrap();
    assert_eq!((r.status, r.version, r.events.len()), (Status::Accepted, 2, 2));

    // The requester cannot set the producer's states; a completed referral is final.
    let refused = two.transition(Some(&nav), &meta, &client, &id, 2, change(Status::InProgress)).await;
    assert!(matches!(&refused, Err(AppError::Transition(p)) if p[0].field == "status"), "{refused:?}");
    two.transition(Some(&pro), &meta, &client, &id, 2, change(Status::InProgress)).await.unwrap();
    let done = one.transition(Some(&pro), &meta, &client, &id, 3, change(Status::Completed)).await.unwrap();
    assert!(done.deadlines.iter().all(|d| d.met_at.is_some()), "{:?}", done.deadlines);
    assert_eq!(done.due_on, None);
    let reopened = two.transition(Some(&nav), &meta, &client, &id, 4, change(Status::Cancelled)).await;
    assert!(matches!(&reopened, Err(AppError::Transition(p)) if p[0].problem.contains("final")), "{reopened:?}");
    // The producer, whose basis ended with the referral, is told so.
    let again = two.transition(Some(&pro), &meta, &client, &id, 4, change(Status::InProgress)).await;
    assert!(matches!(again, Err(AppError::Forbidden { .. })), "{again:?}");
    // With its only referral ended, the professional has no lawful basis left.
    let read = two.client_access(Some(&pro), &meta, &client, app::clients::Op::Read(Record::Identity)).await;
    assert!(matches!(read, Err(AppError::Forbidden { .. })), "{read:?}");

    // A professional elsewhere changes nothing of it.
    let other = person("olli", Role::Professional, "org-ngo-folk");
    let second = one.refer(Some(&nav), &meta, &client, send(HOMECARE, "svc-home-care")).await.unwrap();
    let foreign = two.transition(Some(&other), &meta, &client, &second, 1, change(Status::Accepted)).await;
    assert!(matches!(foreign, Err(AppError::Forbidden { .. })), "{foreign:?}");

    // Rejected with nothing else open: the path is broken; a new referral mends it.
    two.transition(Some(&pro), &meta, &client, &second, 1, change(Status::Rejected)).await.unwrap();
    let broken = one.broken_paths(Some(&nav), &meta).await.unwrap();
    assert_eq!((broken.len(), broken[0].referral.as_str(), broken[0].status), (1, second.as_str(), Status::Rejected));
    let third = two.refer(Some(&nav), &meta, &client, send(HOMECARE, "svc-home-care")).await.unwrap();
    assert!(one.broken_paths(Some(&nav), &meta).await.unwrap().is_empty());

    // Every change was enqueued once for the subscription (the webhook is not delivered here).
    let outbox = one.outbox(Some(&admin), Some("pending")).await.unwrap();
    let mut events: Vec<&str> = outbox.iter().map(|o| o.event_id.as_str()).collect();
    events.sort();
    let expected = [
        format!("{id}.v1"),
        format!("{id}.v2"),
        format!("{id}.v3"),
        format!("{id}.v4"),
        format!("{second}.v1"),
        format!("{second}.v2"),
        format!("{third}.v1"),
    ];
    let mut expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    expected.sort();
    assert_eq!(events, expected);
    // And written as monitoring events in the same transactions: one per change landed
    // (the stale and refused ones left none), pseudonymous, by residence and age.
    let stored: Vec<domain::event::Event> =
        c.events_after(0, 100).await.unwrap().iter().map(|(_, body)| serde_json::from_str(body).unwrap()).collect();
    let mut ids: Vec<String> = stored.iter().map(|e| e.id.replace("polku-referral-", "")).collect();
    ids.sort();
    let mut changes: Vec<String> = events.iter().map(|e| e.replace(".v", "-")).collect();
    changes.sort();
    assert_eq!(ids, changes);
    let last = stored.iter().find(|e| e.id == format!("polku-referral-{id}-4")).unwrap();
    assert_eq!(last.status.as_deref(), Some("completed"));
    assert_eq!((last.kind, last.group), (domain::event::Kind::Referral, domain::event::Group::HomeCare));
    assert_eq!((last.municipality.as_str(), last.age, last.source.as_str()), ("638", Some(78), "polku"));
    assert_eq!(last.producer.as_deref(), Some(HOMECARE));
    assert!(!last.client.contains(&client) && last.client.len() == 32, "a keyed pseudonym: {}", last.client);
    assert!(stored.iter().all(|e| e.client == last.client), "the same client, the same pseudonym");
    // The clock started when it was sent, at noon in Helsinki.
    assert_eq!(last.started_at.unwrap().to_string(), "2026-11-26 12:00:00");

    // The inbox: the open one, earliest deadline first; the sweep flags nothing yet.
    let inbox = two.inbox(Some(&pro), &meta, None, None, 10).await.unwrap();
    assert_eq!(inbox.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), [third.as_str()]);
    // Paged by (due day, id): a draft is not in it; a second open one is on the next page.
    let fourth = one.refer(Some(&nav), &meta, &client, send(HOMECARE, "svc-home-care")).await.unwrap();
    let first_page = two.inbox(Some(&pro), &meta, None, None, 1).await.unwrap();
    let cursor = (first_page[0].due_on.unwrap(), first_page[0].id.clone());
    let next = two.inbox(Some(&pro), &meta, None, Some(&cursor), 1).await.unwrap();
    let mut both = vec![first_page[0].id.clone(), next[0].id.clone()];
    both.sort();
    let mut expected = vec![third.clone(), fourth.clone()];
    expected.sort();
    assert_eq!(both, expected);
    assert!(
        two.inbox(Some(&pro), &meta, None, Some(&(next[0].due_on.unwrap(), next[0].id.clone())), 1)
            .await
            .unwrap()
            .is_empty()
    );
    two.transition(Some(&nav), &meta, &client, &fourth, 1, change(Status::Cancelled)).await.unwrap();
    let report = one.sweep().await.unwrap();
    assert_eq!((report.newly_overdue, report.overdue, report.broken_paths), (0, 0, 0));
    // Later, on a server whose clock has passed the deadline, the sweep flags it once.
    let later = server(c, "2026-12-20T10:00:00Z").await;
    let report = later.sweep().await.unwrap();
    assert_eq!((report.newly_overdue, report.overdue), (1, 1));
    assert_eq!(later.sweep().await.unwrap().newly_overdue, 0);
    let row = later.inbox(Some(&pro), &meta, None, None, 10).await.unwrap();
    assert!(row[0].overdue_since.is_some());
}

async fn connect(url: &str) -> SqlStore {
    SqlStore::connect(url).await.unwrap()
}

#[tokio::test]
async fn sqlite_two_servers_share_referrals() {
    let (a, dir) = testkit_sql::fresh_sqlite().await;
    let (b, c) = (SqlStore::open_data_dir(&dir.0).await.unwrap(), SqlStore::open_data_dir(&dir.0).await.unwrap());
    two_servers_share_referrals(a, b, c).await;
}

#[tokio::test]
async fn postgres_two_servers_share_referrals() {
    if let Some(url) = testkit_sql::fresh_postgres_url("two_servers_share_referrals").await {
        two_servers_share_referrals(connect(&url).await, connect(&url).await, connect(&url).await).await;
    }
}
