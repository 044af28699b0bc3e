//! Fresh databases for tests: a new SQLite file, or a new PostgreSQL database
//! on the server named by `POLKU_TEST_POSTGRES` (default
//! `postgres://postgres@127.0.0.1:5432/test`). When PostgreSQL cannot be reached
//! the caller skips with a visible message, unless `POLKU_REQUIRE_POSTGRES=1`
//! (set in CI), which turns the skip into a failure.
//!
//! Only a dev-dependency: the storage adapter ships no test code. Helpers that
//! need no database (skips, shared data, temporary directories) are in
//! `testkit` and re-exported here.

use sqlx::Connection;
pub use store_sql::SqlStore;

pub use testkit::{TempDir, oidc, shared_file, skipped};

pub fn postgres_admin_url() -> String {
    std::env::var("POLKU_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A new, empty PostgreSQL database for one test, or `None` (with a message on
/// stderr) when no server is reachable and it is not required.
pub async fn fresh_postgres(test: &str) -> Option<SqlStore> {
    let url = fresh_postgres_url(test).await?;
    Some(SqlStore::connect(&url).await.expect("connect to test database"))
}

/// The URL of a new, empty PostgreSQL database (not yet migrated), or `None` as
/// [`fresh_postgres`] says.
pub async fn fresh_postgres_url(test: &str) -> Option<String> {
    sqlx::any::install_default_drivers();
    let admin = postgres_admin_url();
    let mut conn = match sqlx::AnyConnection::connect(&admin).await {
        Ok(conn) => conn,
        Err(e) if !testkit::required("POLKU_REQUIRE_POSTGRES") => {
            eprintln!(
                "SKIPPED {test} on PostgreSQL: cannot connect to {} ({e}); set POLKU_TEST_POSTGRES",
                store_sql::redact(&admin)
            );
            return None;
        }
        Err(e) => panic!(
            "PostgreSQL is required (POLKU_REQUIRE_POSTGRES=1) but {} is unreachable: {e}",
            store_sql::redact(&admin)
        ),
    };
    let name = testkit::unique_name("polku_test_");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create test database");
    let _ = conn.close().await;
    let base = admin.rsplit_once('/').map(|(base, _)| base).unwrap_or(&admin);
    Some(format!("{base}/{name}"))
}

/// A new SQLite database in a fresh temporary directory (kept until the returned guard drops).
pub async fn fresh_sqlite() -> (SqlStore, TempDir) {
    let dir = TempDir::new();
    let store = SqlStore::open_data_dir(&dir.0).await.expect("open sqlite");
    (store, dir)
}
