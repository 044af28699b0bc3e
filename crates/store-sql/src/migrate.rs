//! Schema migrations: an ordered list of SQL files that run on both backends,
//! each applied once, in its own transaction, recorded in `schema_migrations`.

use app::StoreError;
use sqlx::{AnyPool, Row};

const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "catalog", include_str!("migrations/0001_catalog.sql")),
    (2, "rules", include_str!("migrations/0002_rules.sql")),
    (3, "change log", include_str!("migrations/0003_change_log.sql")),
];

fn db(e: sqlx::Error) -> StoreError {
    StoreError::Database(format!("migration: {e}"))
}

pub async fn run(pool: &AnyPool) -> Result<(), StoreError> {
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
        && *newest > MIGRATIONS.len() as i64
    {
        return Err(StoreError::Database(format!(
            "the database has schema version {newest}, newer than this Polku knows ({}); upgrade Polku",
            MIGRATIONS.len()
        )));
    }
    for (version, name, sql) in MIGRATIONS {
        if applied.contains(version) {
            continue;
        }
        let mut tx = pool.begin().await.map_err(db)?;
        for statement in
            sql.split(';').map(str::trim).filter(|s| !s.is_empty() && !s.lines().all(|l| l.starts_with("--")))
        {
            sqlx::query(statement).execute(&mut *tx).await.map_err(db)?;
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
