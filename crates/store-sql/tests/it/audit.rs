//! The access log in SQL, on SQLite and PostgreSQL: every access is a row, concurrent
//! accesses chain without gaps, rows cannot be changed or removed through SQL (triggers),
//! and what a database superuser changes anyway is found by the chain's verification.

use app::auth::{Principal, RequestMeta};
use app::clients::{AuditRow, AuditStore, Op, Pseudonyms};
use app::{FixedClock, Polku};
use domain::client::{ClientDetails, ClientLang, Hetu, Record, Role};
use sqlx::Connection;
use std::sync::Arc;
use store_sql::SqlStore;

fn navigator() -> Principal {
    Principal {
        username: "nina".into(),
        display_name: None,
        roles: vec![Role::Navigator],
        organization: None,
        client: None,
    }
}

fn details(n: u16) -> ClientDetails {
    ClientDetails {
        hetu: Hetu::from_parts(chrono::NaiveDate::from_ymd_opt(1961, 4, 2).unwrap(), n),
        given_name: "Aino".into(),
        family_name: "Virtanen".into(),
        municipality: None,
        language: ClientLang::Sv,
        other_language: None,
        interpreter: false,
        contact: Default::default(),
    }
}

async fn polku(store: SqlStore) -> Arc<Polku> {
    let store = Arc::new(store);
    let clock = Arc::new(FixedClock("2026-12-04T10:00:00Z".parse().unwrap()));
    let polku = Polku::open(store.clone(), store.clone(), store.clone(), clock).await.unwrap();
    Arc::new(polku.with_clients(store.clone(), store, Pseudonyms::new([3; 32])))
}

async fn raw(url: &str, sql: &str) -> Result<(), sqlx::Error> {
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(url).await?;
    let result = sqlx::query(sql).execute(&mut conn).await.map(drop);
    let _ = conn.close().await;
    result
}

async fn tampering_is_refused_and_found(store: SqlStore, url: String, postgres: bool) {
    let polku = polku(store).await;
    let (nav, meta) = (navigator(), RequestMeta { request_id: "r".into(), address: "10.0.0.1".into() });
    let mut ids = Vec::new();
    for n in 2..5 {
        ids.push(polku.create_client(Some(&nav), &meta, details(n)).await.unwrap());
    }
    for id in ids.iter().chain(&ids[..2]) {
        polku.client_access(Some(&nav), &meta, id, Op::Read(Record::Identity)).await.unwrap();
    }
    let verified = polku.verify_audit(|_| {}).await.unwrap();
    assert_eq!((verified.rows, verified.head.seq, verified.broken.clone()), (8, 8, None));
    // Polku's own SQL cannot change or remove a row.
    let err = raw(&url, "UPDATE audit_log SET username = 'mallory' WHERE seq = 3").await.unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = raw(&url, "DELETE FROM audit_log WHERE seq = 3").await.unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    // A superuser drops the triggers and changes a row: the chain says which.
    if postgres {
        raw(&url, "DROP TRIGGER audit_log_append_only ON audit_log").await.unwrap();
    } else {
        raw(&url, "DROP TRIGGER audit_log_no_update").await.unwrap();
        raw(&url, "DROP TRIGGER audit_log_no_delete").await.unwrap();
    }
    raw(&url, "UPDATE audit_log SET username = 'mallory' WHERE seq = 3").await.unwrap();
    let broken = polku.verify_audit(|_| {}).await.unwrap().broken.expect("found");
    assert_eq!(broken.0, 3);
    assert!(broken.1.contains("changed"), "{broken:?}");
    raw(&url, "UPDATE audit_log SET username = 'nina' WHERE seq = 3").await.unwrap();
    assert_eq!(polku.verify_audit(|_| {}).await.unwrap().broken, None);
    // A removed row in the middle, and a removed last row.
    raw(&url, "DELETE FROM audit_log WHERE seq = 8").await.unwrap();
    let broken = polku.verify_audit(|_| {}).await.unwrap().broken.expect("found");
    assert!(broken.1.contains("removed"), "{broken:?}");
    raw(&url, "DELETE FROM audit_log WHERE seq = 5").await.unwrap();
    let broken = polku.verify_audit(|_| {}).await.unwrap().broken.expect("found");
    assert_eq!(broken.0, 6);
    assert!(broken.1.contains("missing"), "{broken:?}");
}

async fn concurrent_accesses_each_get_one_row(store: SqlStore) {
    let polku = polku(store).await;
    let (nav, meta) = (navigator(), RequestMeta::default());
    let id = polku.create_client(Some(&nav), &meta, details(7)).await.unwrap();
    let stranger = Principal { username: "olli".into(), ..navigator() };
    let mut tasks = Vec::new();
    for i in 0..200 {
        let (polku, id, who, meta) =
            (polku.clone(), id.clone(), if i % 10 == 0 { stranger.clone() } else { nav.clone() }, meta.clone());
        tasks.push(tokio::spawn(
            async move { polku.client_access(Some(&who), &meta, &id, Op::Read(Record::Facts)).await },
        ));
    }
    let mut refused = 0;
    for task in tasks {
        if matches!(task.await.unwrap(), Err(app::AppError::Forbidden { .. })) {
            refused += 1;
        }
    }
    assert_eq!(refused, 20);
    let verified = polku.verify_audit(|_| {}).await.unwrap();
    assert_eq!((verified.rows, verified.broken), (201, None));
}

async fn retention_moves_the_anchor(store: SqlStore, url: String) {
    let row = |minutes: i64| AuditRow {
        seq: 0,
        at: "2026-01-01T00:00:00Z".parse::<chrono::DateTime<chrono::Utc>>().unwrap()
            + chrono::Duration::minutes(minutes),
        username: "nina".into(),
        roles: "navigator".into(),
        organization: None,
        client: Some("client-1".into()),
        record: "identity".into(),
        fields: "hetu".into(),
        action: "read".into(),
        basis: "client_relationship".into(),
        reason: None,
        request_id: "r".into(),
        address: "10.0.0.1".into(),
        outcome: "ok".into(),
        hash: String::new(),
    };
    store.append(&(0..10).map(row).collect::<Vec<_>>()).await.unwrap();
    let before: chrono::DateTime<chrono::Utc> = "2026-01-01T00:04:00Z".parse().unwrap();
    assert_eq!(store.purge(before).await.unwrap(), 4);
    assert_eq!(store.purge(before).await.unwrap(), 0);
    let head = store.head().await.unwrap();
    assert_eq!((head.anchor_seq, head.seq), (4, 10));
    let polku = polku(store).await;
    let verified = polku.verify_audit(|_| {}).await.unwrap();
    assert_eq!((verified.rows, verified.broken), (6, None));
    // Rows within retention stay out of reach.
    assert!(raw(&url, "DELETE FROM audit_log WHERE seq = 5").await.is_err());
}

fn sqlite_url(dir: &testkit_sql::TempDir) -> String {
    format!("sqlite://{}", dir.0.join("polku.db").display())
}

#[tokio::test]
async fn sqlite_tampering_is_refused_and_found() {
    let (store, dir) = testkit_sql::fresh_sqlite().await;
    tampering_is_refused_and_found(store, sqlite_url(&dir), false).await;
}

#[tokio::test]
async fn postgres_tampering_is_refused_and_found() {
    if let Some(url) = testkit_sql::fresh_postgres_url("tampering_is_refused_and_found").await {
        tampering_is_refused_and_found(SqlStore::connect(&url).await.unwrap(), url, true).await;
    }
}

#[tokio::test]
async fn sqlite_concurrent_accesses_each_get_one_row() {
    let (store, _dir) = testkit_sql::fresh_sqlite().await;
    concurrent_accesses_each_get_one_row(store).await;
}

#[tokio::test]
async fn postgres_concurrent_accesses_each_get_one_row() {
    if let Some(store) = testkit_sql::fresh_postgres("concurrent_accesses_each_get_one_row").await {
        concurrent_accesses_each_get_one_row(store).await;
    }
}

#[tokio::test]
async fn sqlite_retention_moves_the_anchor() {
    let (store, dir) = testkit_sql::fresh_sqlite().await;
    retention_moves_the_anchor(store, sqlite_url(&dir)).await;
}

#[tokio::test]
async fn postgres_retention_moves_the_anchor() {
    if let Some(url) = testkit_sql::fresh_postgres_url("retention_moves_the_anchor").await {
        retention_moves_the_anchor(SqlStore::connect(&url).await.unwrap(), url).await;
    }
}
