//! Fresh databases for tests: a new SQLite file, or a new PostgreSQL database
//! on the server named by `POLKU_TEST_POSTGRES` (default
//! `postgres://postgres@127.0.0.1:5432/test`). When PostgreSQL cannot be reached
//! the caller skips with a visible message, unless `POLKU_REQUIRE_POSTGRES=1`
//! (set in CI), which turns the skip into a failure.

use crate::SqlStore;
use sqlx::Connection;

pub fn postgres_admin_url() -> String {
    std::env::var("POLKU_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

fn require_postgres() -> bool {
    std::env::var("POLKU_REQUIRE_POSTGRES").is_ok_and(|v| v == "1")
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
        Err(e) if !require_postgres() => {
            eprintln!(
                "SKIPPED {test} on PostgreSQL: cannot connect to {} ({e}); set POLKU_TEST_POSTGRES",
                crate::redact(&admin)
            );
            return None;
        }
        Err(e) => panic!(
            "PostgreSQL is required (POLKU_REQUIRE_POSTGRES=1) but {} is unreachable: {e}",
            crate::redact(&admin)
        ),
    };
    let name = format!("polku_test_{}", app::auth::random_token().get(..16).unwrap_or("x"));
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create test database");
    let _ = conn.close().await;
    let base = admin.rsplit_once('/').map(|(base, _)| base).unwrap_or(&admin);
    Some(format!("{base}/{name}"))
}

/// Say that a test skipped, visibly. The test harness captures a passing test's
/// output, so the line is also appended to the file named by `POLKU_SKIP_LOG`,
/// which `scripts/test` prints at the end of the run.
pub fn skipped(what: &str) {
    use std::io::Write;
    let line = format!("SKIPPED {what}\n");
    eprint!("{line}");
    if let Some(path) = std::env::var_os("POLKU_SKIP_LOG")
        && let Ok(mut file) = std::fs::OpenOptions::new().create(true).append(true).open(path)
    {
        let _ = file.write_all(line.as_bytes());
    }
}

/// A file of the shared public data beside the repository (`../shared/`, or the
/// parent of `POLKU_SHARED_DATA`), e.g. `data/osm/kotka_centre.osm.pbf` or
/// `reference/hsds/schema/compiled/service.json`. Absent: a listed skip, or a
/// failure when `POLKU_REQUIRE_SHARED_DATA` is set (CI).
pub fn shared_file(relative: &str) -> Option<std::path::PathBuf> {
    let root = std::env::var_os("POLKU_SHARED_DATA")
        .map(|d| std::path::PathBuf::from(d).join(".."))
        .unwrap_or_else(|| std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")));
    let path = root.join(relative);
    if path.exists() {
        return Some(path);
    }
    let msg = format!("real-data test: {} is absent (set POLKU_SHARED_DATA)", path.display());
    if std::env::var_os("POLKU_REQUIRE_SHARED_DATA").is_some() {
        panic!("{msg}, and POLKU_REQUIRE_SHARED_DATA is set");
    }
    skipped(&msg);
    None
}

/// A new SQLite database in a fresh temporary directory (kept until the returned guard drops).
pub async fn fresh_sqlite() -> (SqlStore, TempDir) {
    let dir = TempDir::new();
    let store = SqlStore::open_data_dir(&dir.0).await.expect("open sqlite");
    (store, dir)
}

/// A temporary directory removed on drop.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        let path =
            std::env::temp_dir().join(format!("polku-test-{}", app::auth::random_token().get(..16).unwrap_or("x")));
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }
}

impl Default for TempDir {
    fn default() -> TempDir {
        TempDir::new()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
