//! The storage conformance suite: the same checks against SQLite and PostgreSQL.
//! PostgreSQL's half skips with a visible message when no server is reachable,
//! unless POLKU_REQUIRE_POSTGRES=1 (CI).

use app::store::{Actor, AuthStore, CatalogStore, Change, RuleFile, RuleStore, SessionRecord, StoreError, UserRecord};
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
    assert!(store.load().await.unwrap().is_empty());
    let changes = [Change::Create(org("org-a", "Yhdistys A")), Change::Create(service("svc-a", "org-a"))];
    store.write(&changes, &Actor::Cli("test".into()), at()).await.unwrap();
    let loaded = store.load().await.unwrap();
    let mut expected = Catalog::default();
    expected.put(org("org-a", "Yhdistys A"));
    expected.put(service("svc-a", "org-a"));
    assert_eq!(loaded, expected);
}

async fn writes_are_all_or_nothing(store: &SqlStore) {
    store.write(&[Change::Create(org("org-a", "A"))], &Actor::System, at()).await.unwrap();
    // A batch whose second change collides leaves nothing of the first behind.
    let batch = [Change::Create(org("org-b", "B")), Change::Create(org("org-a", "A again"))];
    let err = store.write(&batch, &Actor::System, at()).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict(ref m) if m.contains("org-a")), "{err:?}");
    let loaded = store.load().await.unwrap();
    assert_eq!(loaded.organizations.keys().map(|k| k.as_str()).collect::<Vec<_>>(), ["org-a"]);
    // Updating something that does not exist fails the same way.
    let batch = [Change::Update(org("org-a", "A2")), Change::Update(org("org-zzz", "Z"))];
    assert!(store.write(&batch, &Actor::System, at()).await.is_err());
    assert_eq!(store.load().await.unwrap().organizations["org-a"].name.fi.as_deref(), Some("A"));
}

async fn updates_keep_history(store: &SqlStore) {
    store.write(&[Change::Create(org("org-a", "First"))], &Actor::User("anna".into()), at()).await.unwrap();
    let mut retired = org("org-a", "Second");
    retired.set_valid_to(Some("2026-12-31".parse().unwrap()));
    store.write(&[Change::Update(retired.clone())], &Actor::User("ben".into()), at()).await.unwrap();
    let history = store.history(EntityKind::Organization, "org-a").await.unwrap();
    let summary: Vec<(i64, &str)> = history.iter().map(|r| (r.revision, r.actor.as_str())).collect();
    assert_eq!(summary, [(1, "user:anna"), (2, "user:ben")]);
    assert!(history[0].body.contains("First") && history[1].body.contains("2026-12-31"));
    assert_eq!(store.load().await.unwrap().get(EntityKind::Organization, "org-a"), Some(retired));
}

async fn users_and_sessions(store: &SqlStore) {
    let user = UserRecord { username: "anna".into(), password_hash: "$argon2id$x".into() };
    store.create_user(&user, at()).await.unwrap();
    assert!(matches!(store.create_user(&user, at()).await, Err(StoreError::Conflict(_))));
    assert_eq!(store.user("anna").await.unwrap(), Some(user));
    assert_eq!(store.user("nobody").await.unwrap(), None);
    let session = SessionRecord { username: "anna".into(), expires_at: at() + Duration::hours(8) };
    store.create_session("hash1", &session, at()).await.unwrap();
    assert_eq!(store.session("hash1").await.unwrap(), Some(session));
    store.delete_session("hash1").await.unwrap();
    assert_eq!(store.session("hash1").await.unwrap(), None);
    // A session for an unknown user is refused by the foreign key.
    let ghost = SessionRecord { username: "ghost".into(), expires_at: at() };
    assert!(store.create_session("hash2", &ghost, at()).await.is_err());
}

async fn rule_files_keep_revisions(store: &SqlStore) {
    let at: DateTime<Utc> = "2026-11-23T10:00:00Z".parse().unwrap();
    let anna = Actor::User("anna".into());
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
    rule_files_keep_revisions
);

#[tokio::test]
async fn sqlite_file_persists_and_migrations_run_once() {
    let dir = testkit_sql::TempDir::new();
    let store = SqlStore::open_data_dir(&dir.0).await.unwrap();
    store.write(&[Change::Create(org("org-a", "A"))], &Actor::System, at()).await.unwrap();
    store.close().await;
    let reopened = SqlStore::open_data_dir(&dir.0).await.unwrap();
    assert_eq!(reopened.load().await.unwrap().organizations.len(), 1);
    assert!(dir.0.join("polku.db").exists());
}

#[tokio::test]
async fn wrong_urls_get_clear_messages() {
    let err = SqlStore::connect("mysql://root@localhost/x").await.err().unwrap().to_string();
    assert!(err.contains("unsupported database URL"), "{err}");
    let err = SqlStore::connect("postgres://user:secret@127.0.0.1:1/x").await.err().unwrap().to_string();
    assert!(err.contains("cannot connect") && !err.contains("secret"), "{err}");
}
