//! The storage conformance suite: the same checks against SQLite and PostgreSQL.
//! PostgreSQL's half skips with a visible message when no server is reachable,
//! unless POLKU_REQUIRE_POSTGRES=1 (CI).

mod audit;
mod monitoring;
mod navigation;
mod paths;
mod search_log;

use app::store::{
    Actor, AuthStore, CatalogStore, Change, Logged, RuleFile, RuleStore, SessionRecord, StoreError, UserRecord,
};
use chrono::{DateTime, Duration, Utc};
use domain::{Catalog, Entity, EntityKind};
use store_sql::SqlStore;

fn at() -> DateTime<Utc> {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

fn org(id: &str, name: &str) -> Entity {
    Entity::from_json(
        EntityKind::Organization,
        &format!(r#"{{"id":"{id}","name":{{"fi":"{name}"}},"kind":"ngo","valid_from":"2023-01-01"}}"#),
    )
    .unwrap()
}

fn service(id: &str, organiser: &str) -> Entity {
    Entity::from_json(
        EntityKind::Service,
        &format!(
            r#"{{"id":"{id}","name":{{"fi":"Kotihoito","sv":"Hemvård"}},"tier":"county","organiser":"{organiser}",
                "charge":"free","area":["638"],"valid_from":"2023-01-01"}}"#
        ),
    )
    .unwrap()
}

async fn catalog_round_trip(store: &SqlStore) {
    assert!(store.load().await.unwrap().catalog.is_empty());
    let changes = [Change::Create(org("org-a", "Yhdistys A")), Change::Create(service("svc-a", "org-a"))];
    assert_eq!(store.write(&changes, &Actor::Cli("test".into()), at()).await.unwrap(), [1, 1]);
    let loaded = store.load().await.unwrap();
    let mut expected = Catalog::default();
    expected.put(org("org-a", "Yhdistys A"));
    expected.put(service("svc-a", "org-a"));
    assert_eq!(loaded.catalog, expected);
    assert_eq!(loaded.seq, 2);
    assert_eq!(loaded.revisions.len(), 2);
}

async fn writes_are_all_or_nothing(store: &SqlStore) {
    store.write(&[Change::Create(org("org-a", "A"))], &Actor::System, at()).await.unwrap();
    // A batch whose second change collides leaves nothing of the first behind.
    let batch = [Change::Create(org("org-b", "B")), Change::Create(org("org-a", "A again"))];
    let err = store.write(&batch, &Actor::System, at()).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict(ref m) if m.contains("org-a")), "{err:?}");
    let loaded = store.load().await.unwrap();
    assert_eq!(loaded.catalog.organizations.keys().map(|k| k.as_str()).collect::<Vec<_>>(), ["org-a"]);
    // Updating something that does not exist fails the same way.
    let batch = [Change::Update(org("org-a", "A2"), 1), Change::Update(org("org-zzz", "Z"), 1)];
    assert!(store.write(&batch, &Actor::System, at()).await.is_err());
    assert_eq!(store.load().await.unwrap().catalog.organizations["org-a"].name.fi.as_deref(), Some("A"));
    // Nothing of the refused writes is in the change log.
    assert_eq!(store.changes_since(0, 100).await.unwrap().len(), 1);
}

async fn updates_keep_history(store: &SqlStore) {
    store.write(&[Change::Create(org("org-a", "First"))], &Actor::person("anna", &[]), at()).await.unwrap();
    let mut retired = org("org-a", "Second");
    retired.set_valid_to(Some("2026-12-31".parse().unwrap()));
    store.write(&[Change::Update(retired.clone(), 1)], &Actor::person("ben", &[]), at()).await.unwrap();
    let history = store.history(EntityKind::Organization, "org-a").await.unwrap();
    let summary: Vec<(i64, &str)> = history.iter().map(|r| (r.revision, r.actor.as_str())).collect();
    assert_eq!(summary, [(1, "user:anna"), (2, "user:ben")]);
    assert!(history[0].body.contains("First") && history[1].body.contains("2026-12-31"));
    assert_eq!(store.load().await.unwrap().catalog.get(EntityKind::Organization, "org-a"), Some(retired));
}

/// Optimistic concurrency: an update made from an older revision is refused with the
/// current one, and writes nothing (not even in the log).
async fn stale_updates_are_refused(store: &SqlStore) {
    store.write(&[Change::Create(org("org-a", "First"))], &Actor::System, at()).await.unwrap();
    assert_eq!(store.write(&[Change::Update(org("org-a", "Second"), 1)], &Actor::System, at()).await.unwrap(), [2]);
    let err = store.write(&[Change::Update(org("org-a", "Lost?"), 1)], &Actor::System, at()).await.unwrap_err();
    assert!(matches!(err, StoreError::Stale { ref id, expected: 1, current: 2, .. } if id == "org-a"), "{err:?}");
    let loaded = store.load().await.unwrap();
    assert_eq!(loaded.catalog.organizations["org-a"].name.fi.as_deref(), Some("Second"));
    assert_eq!(loaded.seq, 2);
    assert_eq!(store.history(EntityKind::Organization, "org-a").await.unwrap().len(), 2);
}

/// The change log records every write in order, rule files too, and `current` reads
/// the objects it names.
async fn change_log_orders_every_write(store: &SqlStore) {
    store
        .write(&[Change::Create(org("org-a", "A")), Change::Create(org("org-b", "B"))], &Actor::System, at())
        .await
        .unwrap();
    store.put_rule_file("today/porvoo.rules", Some("set today\n"), &Actor::System, at()).await.unwrap();
    store.write(&[Change::Update(org("org-a", "A2"), 1)], &Actor::System, at()).await.unwrap();
    let log = store.changes_since(0, 100).await.unwrap();
    let entity =
        |seq, id: &str, revision| Logged::Entity { seq, kind: EntityKind::Organization, id: id.into(), revision };
    assert_eq!(
        log,
        [
            entity(1, "org-a", 1),
            entity(2, "org-b", 1),
            Logged::RuleFile { seq: 3, name: "today/porvoo.rules".into() },
            entity(4, "org-a", 2),
        ]
    );
    assert_eq!(
        store.changes_since(2, 1).await.unwrap(),
        [Logged::RuleFile { seq: 3, name: "today/porvoo.rules".into() }]
    );
    assert!(store.changes_since(4, 100).await.unwrap().is_empty());
    let current = store
        .current(&[(EntityKind::Organization, "org-a".into()), (EntityKind::Organization, "org-none".into())])
        .await
        .unwrap();
    assert_eq!(current, [(org("org-a", "A2"), 2)]);
}

/// Eight writers at once: every write lands, once, and the log has no gaps.
async fn concurrent_writers_all_land(store: &SqlStore) {
    let mut tasks = Vec::new();
    for w in 0..8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..10 {
                let id = format!("org-{w}-{i}");
                store.write(&[Change::Create(org(&id, "A"))], &Actor::System, at()).await.unwrap();
                store.write(&[Change::Update(org(&id, "B"), 1)], &Actor::System, at()).await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let log = store.changes_since(0, 1_000).await.unwrap();
    let seqs: Vec<i64> = log.iter().map(Logged::seq).collect();
    assert_eq!(seqs, (1..=160).collect::<Vec<i64>>());
    let loaded = store.load().await.unwrap();
    assert_eq!((loaded.catalog.organizations.len(), loaded.seq), (80, 160));
    assert!(loaded.revisions.iter().all(|(_, _, r)| *r == 2));
}

async fn users_and_sessions(store: &SqlStore) {
    use domain::client::Role;
    let user = UserRecord {
        username: "anna".into(),
        password_hash: Some("$argon2id$x".into()),
        roles: vec![Role::Navigator, Role::Planner],
        organization: Some("org-a".into()),
        display_name: None,
        issuer: None,
    };
    store.create_user(&user, at()).await.unwrap();
    assert!(matches!(store.create_user(&user, at()).await, Err(StoreError::Conflict(_))));
    assert_eq!(store.user("anna").await.unwrap(), Some(user.clone()));
    assert_eq!(store.user("nobody").await.unwrap(), None);
    let session = SessionRecord { username: "anna".into(), expires_at: at() + Duration::hours(8), client: None };
    store.create_session("hash1", &session, at()).await.unwrap();
    store.create_session("hash3", &session, at()).await.unwrap();
    assert_eq!(store.session("hash1").await.unwrap(), Some((session.clone(), user.clone())));
    store.delete_session("hash1").await.unwrap();
    assert_eq!(store.session("hash1").await.unwrap(), None);
    // Roles change in place, and the session sees them at once.
    assert!(store.set_roles("anna", &[Role::Auditor], None).await.unwrap());
    assert!(!store.set_roles("nobody", &[Role::Auditor], None).await.unwrap());
    let (_, now) = store.session("hash3").await.unwrap().unwrap();
    assert_eq!((now.roles, now.organization), (vec![Role::Auditor], None));
    // Log out everywhere.
    store.delete_sessions_of("anna").await.unwrap();
    assert_eq!(store.session("hash3").await.unwrap(), None);
    // Single sign-on users are created, then updated in place, and have no password.
    let sso = UserRecord {
        username: "bert".into(),
        password_hash: None,
        roles: vec![Role::Professional],
        organization: Some("org-b".into()),
        display_name: Some("Bert B".into()),
        issuer: Some("https://idp.example".into()),
    };
    store.upsert_user(&sso, at()).await.unwrap();
    let moved = UserRecord { organization: Some("org-c".into()), ..sso.clone() };
    store.upsert_user(&moved, at()).await.unwrap();
    assert_eq!(store.user("bert").await.unwrap(), Some(moved));
    assert_eq!(store.users().await.unwrap().len(), 2);
    // A session for an unknown user is refused by the foreign key.
    let ghost = SessionRecord { username: "ghost".into(), expires_at: at(), client: None };
    assert!(store.create_session("hash2", &ghost, at()).await.is_err());
    // Failed sign-ins are counted per key within the window.
    store.record_sign_in_failure(&["user:anna", "address:10.0.0.1"], at()).await.unwrap();
    store.record_sign_in_failure(&["user:anna"], at() + Duration::minutes(20)).await.unwrap();
    assert_eq!(store.sign_in_failures("user:anna", at()).await.unwrap(), 2);
    assert_eq!(store.sign_in_failures("user:anna", at() + Duration::minutes(1)).await.unwrap(), 1);
    assert_eq!(store.sign_in_failures("address:10.0.0.1", at()).await.unwrap(), 1);
}

async fn rule_files_keep_revisions(store: &SqlStore) {
    let at: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
    let anna = Actor::person("anna", &[]);
    assert!(store.rule_files().await.unwrap().is_empty());
    store.put_rule_file("today/porvoo.rules", Some("set today\n"), &anna, at).await.unwrap();
    store.put_rule_file("today/porvoo.rules", Some("set today\n# v2\n"), &anna, at).await.unwrap();
    store.put_rule_file("proposals/a.rules", Some("set a\n"), &Actor::System, at).await.unwrap();
    let files = store.rule_files().await.unwrap();
    assert_eq!(
        files,
        [
            RuleFile { name: "proposals/a.rules".into(), source: "set a\n".into() },
            RuleFile { name: "today/porvoo.rules".into(), source: "set today\n# v2\n".into() },
        ]
    );
    // Withdrawing removes the current file and keeps every revision.
    store.put_rule_file("today/porvoo.rules", None, &anna, at).await.unwrap();
    assert_eq!(store.rule_files().await.unwrap().len(), 1);
    let history = store.rule_file_history("today/porvoo.rules").await.unwrap();
    let revisions: Vec<(i64, &str, &str)> =
        history.iter().map(|r| (r.revision, r.actor.as_str(), r.body.as_str())).collect();
    assert_eq!(
        revisions,
        [(1, "user:anna", "set today\n"), (2, "user:anna", "set today\n# v2\n"), (3, "user:anna", "")]
    );
}

async fn pending_logins_are_taken_once_and_expire(store: &SqlStore) {
    use app::sso::{PendingLogin, SsoStore};
    let login = |nonce: &str, created_at| PendingLogin {
        provider: "staff".into(),
        nonce: nonce.into(),
        verifier: "v".repeat(64),
        lang: "sv".into(),
        created_at,
    };
    store.put_pending_login("state-1", &login("n1", at()), at() - Duration::minutes(10)).await.unwrap();
    // A second state of the same moment is its own row.
    store.put_pending_login("state-2", &login("n2", at()), at() - Duration::minutes(10)).await.unwrap();
    assert!(store.put_pending_login("state-2", &login("n3", at()), at()).await.is_err(), "a state is unique");
    assert_eq!(store.take_pending_login("state-1").await.unwrap(), Some(login("n1", at())));
    assert_eq!(store.take_pending_login("state-1").await.unwrap(), None, "taken once");
    assert_eq!(store.take_pending_login("unknown").await.unwrap(), None);
    // Two servers taking the same state at once: one gets it.
    let (a, b) = tokio::join!(store.take_pending_login("state-2"), store.take_pending_login("state-2"));
    assert_eq!([a.unwrap(), b.unwrap()].iter().filter(|l| l.is_some()).count(), 1);
    // Logins older than the cut are removed when the next one is stored.
    store.put_pending_login("old", &login("n4", at() - Duration::minutes(11)), at()).await.unwrap();
    let later = at() + Duration::minutes(11);
    store.put_pending_login("new", &login("n5", later), later - Duration::minutes(10)).await.unwrap();
    assert_eq!(store.take_pending_login("old").await.unwrap(), None, "expired and removed");
    assert!(store.take_pending_login("new").await.unwrap().is_some());
}

async fn feedback_is_queued_per_producer_and_limited_per_client(store: &SqlStore) {
    use app::feedback::{Admitted, Feedback, FeedbackStore};
    let feedback = |id: &str, org: &str, minutes: i64| Feedback {
        id: id.into(),
        unit: "unit-a".into(),
        organization: org.into(),
        lang: "sv".into(),
        message: format!("Tack {id}\nrad två"),
        contact: (org == "org-a").then(|| "a@example.fi".to_owned()),
        created_at: at() + Duration::minutes(minutes),
        handled_at: None,
        handled_by: None,
    };
    let window = |minutes: i64| at() + Duration::minutes(minutes) - Duration::minutes(60);
    // Three from one client in the window: the third is limited, naming the oldest.
    assert_eq!(
        store.put_feedback(&feedback("f1", "org-a", 0), "client-1", window(0), 2).await.unwrap(),
        Admitted::Stored
    );
    assert_eq!(
        store.put_feedback(&feedback("f2", "org-b", 1), "client-1", window(1), 2).await.unwrap(),
        Admitted::Stored
    );
    assert_eq!(
        store.put_feedback(&feedback("f3", "org-a", 2), "client-1", window(2), 2).await.unwrap(),
        Admitted::Limited { oldest: at() }
    );
    // Another client is not limited by the first; after the window the first is free again.
    assert_eq!(
        store.put_feedback(&feedback("f4", "org-a", 3), "client-2", window(3), 2).await.unwrap(),
        Admitted::Stored
    );
    assert_eq!(
        store.put_feedback(&feedback("f5", "org-a", 61), "client-1", window(61), 2).await.unwrap(),
        Admitted::Stored
    );
    // Queues: newest first, per producer or all; nothing of the limited one.
    let ids = |items: Vec<Feedback>| items.into_iter().map(|f| f.id).collect::<Vec<_>>();
    assert_eq!(ids(store.feedback_queue(Some("org-a"), 10).await.unwrap()), ["f5", "f4", "f1"]);
    assert_eq!(ids(store.feedback_queue(None, 10).await.unwrap()), ["f5", "f4", "f2", "f1"]);
    assert_eq!(ids(store.feedback_queue(None, 2).await.unwrap()), ["f5", "f4"]);
    assert_eq!(store.feedback_queue(Some("org-b"), 10).await.unwrap(), vec![feedback("f2", "org-b", 1)]);
    // Handled once, by its own producer (or anyone's editor).
    assert!(!store.handle_feedback("f2", Some("org-a"), "pia", at()).await.unwrap(), "not org-a's");
    assert!(store.handle_feedback("f2", Some("org-b"), "pia", at()).await.unwrap());
    assert!(!store.handle_feedback("f2", None, "eeva", at()).await.unwrap(), "handled already");
    assert!(store.handle_feedback("f1", None, "eeva", at()).await.unwrap());
    let f2 = store.feedback_queue(Some("org-b"), 10).await.unwrap().remove(0);
    assert_eq!((f2.handled_at, f2.handled_by.as_deref()), (Some(at()), Some("pia")));
}

macro_rules! conformance {
    ($($name:ident),*) => {
        mod sqlite {
            $(#[tokio::test]
            async fn $name() {
                let (store, _dir) = testkit_sql::fresh_sqlite().await;
                super::$name(&store).await;
            })*
        }
        mod postgres {
            $(#[tokio::test]
            async fn $name() {
                if let Some(store) = testkit_sql::fresh_postgres(stringify!($name)).await {
                    super::$name(&store).await;
                }
            })*
        }
    };
}

conformance!(
    catalog_round_trip,
    writes_are_all_or_nothing,
    updates_keep_history,
    users_and_sessions,
    rule_files_keep_revisions,
    stale_updates_are_refused,
    change_log_orders_every_write,
    concurrent_writers_all_land,
    pending_logins_are_taken_once_and_expire,
    feedback_is_queued_per_producer_and_limited_per_client
);

#[tokio::test]
async fn sqlite_file_persists_and_migrations_run_once() {
    let dir = testkit_sql::TempDir::new();
    let store = SqlStore::open_data_dir(&dir.0).await.unwrap();
    store.write(&[Change::Create(org("org-a", "A"))], &Actor::System, at()).await.unwrap();
    store.close().await;
    let reopened = SqlStore::open_data_dir(&dir.0).await.unwrap();
    assert_eq!(reopened.load().await.unwrap().catalog.organizations.len(), 1);
    assert!(dir.0.join("polku.db").exists());
}

#[tokio::test]
async fn wrong_urls_get_clear_messages() {
    let err = SqlStore::connect("mysql://root@localhost/x").await.err().unwrap().to_string();
    assert!(err.contains("unsupported database URL"), "{err}");
    let err = SqlStore::connect("postgres://user:secret@127.0.0.1:1/x").await.err().unwrap().to_string();
    assert!(err.contains("cannot connect") && !err.contains("secret"), "{err}");
}
