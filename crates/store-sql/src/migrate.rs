//! Schema migrations: an ordered list of SQL files that run on both backends,
//! each applied once, in its own transaction, recorded in `schema_migrations`.

use crate::Backend;
use app::StoreError;
use sqlx::{AnyPool, Row};

const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "catalog", include_str!("migrations/0001_catalog.sql")),
    (2, "rules", include_str!("migrations/0002_rules.sql")),
    (3, "change log", include_str!("migrations/0003_change_log.sql")),
    (4, "clients and access log", include_str!("migrations/0004_clients.sql")),
    // 5 is reserved for another change; versions need not be consecutive.
    (6, "single sign-on logins in flight", include_str!("migrations/0006_oidc.sql")),
    (7, "navigation: assessments, plans, capacity", include_str!("migrations/0007_navigation.sql")),
    (8, "service paths: referral states, deadlines, notifications", include_str!("migrations/0008_paths.sql")),
    (9, "monitoring: events, population, need, alert rules and alerts", include_str!("migrations/0009_monitoring.sql")),
    (10, "residents' feedback on units, the rate limit's client hashes", include_str!("migrations/0010_feedback.sql")),
    (11, "search quality: counts of searches, synonym lists", include_str!("migrations/0011_search_quality.sql")),
];

/// The newest schema version this Polku knows.
fn newest_known() -> i64 {
    MIGRATIONS.iter().map(|m| m.0).max().unwrap_or(0)
}

/// The statements of a migration for a backend: each ends with `;` at the end of a line
/// (so trigger bodies may hold semicolons inside a line); `-- @sqlite` and `-- @postgres`
/// start lines for one backend only, `-- @both` ends them.
pub fn statements(sql: &str, backend: Backend) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut only: Option<Backend> = None;
    for line in sql.lines() {
        let trimmed = line.trim();
        match trimmed {
            "-- @sqlite" => only = Some(Backend::Sqlite),
            "-- @postgres" => only = Some(Backend::Postgres),
            "-- @both" => only = None,
            _ => {}
        }
        if trimmed.starts_with("--") || trimmed.is_empty() || only.is_some_and(|b| b != backend) {
            continue;
        }
        current.push_str(line);
        current.push('\n');
        if let Some(statement) = trimmed.strip_suffix(';').map(|_| current.trim().trim_end_matches(';').to_owned()) {
            out.push(statement);
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_owned());
    }
    out
}

fn db(e: sqlx::Error) -> StoreError {
    StoreError::Database(format!("migration: {e}"))
}

pub async fn run(pool: &AnyPool, backend: Backend) -> Result<(), StoreError> {
    sqlx::query("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL)")
        .execute(pool)
        .await
        .map_err(db)?;
    let applied: Vec<i64> = sqlx::query("SELECT version FROM schema_migrations")
        .fetch_all(pool)
        .await
        .map_err(db)?
        .iter()
        .map(|row| row.try_get::<i64, _>("version"))
        .collect::<Result<_, _>>()
        .map_err(db)?;
    if let Some(newest) = applied.iter().max()
        && *newest > newest_known()
    {
        return Err(StoreError::Database(format!(
            "the database has schema version {newest}, newer than this Polku knows ({}); upgrade Polku",
            newest_known()
        )));
    }
    for (version, name, sql) in MIGRATIONS {
        if applied.contains(version) {
            continue;
        }
        let mut tx = pool.begin().await.map_err(db)?;
        for statement in statements(sql, backend) {
            sqlx::query(&statement).execute(&mut *tx).await.map_err(db)?;
        }
        sqlx::query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)")
            .bind(version)
            .bind(*name)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)?;
        tracing::info!(version, name, "migration applied");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_split_at_line_ends_and_by_backend() {
        let sql = "-- a comment\nCREATE TABLE a (x TEXT);\nCREATE TABLE b (\n  y TEXT\n);\n-- @sqlite\nCREATE TRIGGER t BEGIN SELECT 1; END;\n-- @postgres\nCREATE FUNCTION f() AS $$ BEGIN RETURN 1; END $$;\n-- @both\nINSERT INTO a VALUES ('x');\n";
        let sqlite = statements(sql, Backend::Sqlite);
        assert_eq!(sqlite.len(), 4, "{sqlite:?}");
        assert_eq!(sqlite[2], "CREATE TRIGGER t BEGIN SELECT 1; END");
        let postgres = statements(sql, Backend::Postgres);
        assert_eq!(postgres[2], "CREATE FUNCTION f() AS $$ BEGIN RETURN 1; END $$");
        assert_eq!(postgres[3], "INSERT INTO a VALUES ('x')");
        for (version, _, sql) in MIGRATIONS {
            assert!(!statements(sql, Backend::Sqlite).is_empty(), "{version}");
        }
    }
}
