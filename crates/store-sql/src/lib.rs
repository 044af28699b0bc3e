//! SQL storage for Polku: SQLite (the embedded default) and PostgreSQL, through
//! one implementation on sqlx's `Any` driver. Both speak the same portable SQL
//! (`TEXT`, `BIGINT`, `$n` parameters, `ON CONFLICT`); the one migration list
//! runs on both. Implements the application's [`app::CatalogStore`] and [`app::AuthStore`]
//! (and the client data's and single sign-on's stores, in `clients` and `sso`).

mod capacity;
mod clients;
mod feedback;
mod migrate;
mod monitoring;
mod navigation;
mod paths;
mod search_log;
mod sso;

use app::store::{
    Actor, AuthStore, CatalogStore, Change, Loaded, Logged, Revision, RuleFile, RuleStore, SessionRecord, StoreError,
    UserRecord, Written,
};
use async_trait::async_trait;
use chrono::{DateTime, SecondsFormat, Utc};
use domain::{Catalog, Entity, EntityKind};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Row};
use std::path::Path;

/// Which database a URL selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Result<Backend, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::Database(format!(
                "unsupported database URL {:?}: use postgres://user@host:port/database, or leave it out for SQLite under --data-dir",
                redact(url)
            )))
        }
    }
}

/// A URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[derive(Clone)]
pub struct SqlStore {
    pool: AnyPool,
    backend: Backend,
}

fn db(e: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(inner) = &e {
        if inner.is_unique_violation() {
            return StoreError::Conflict(inner.message().to_owned());
        }
        // PostgreSQL: connection exceptions (class 08), shutdown and start-up (57P0x).
        if inner.code().is_some_and(|c| c.starts_with("08") || c.starts_with("57P")) {
            return StoreError::Unavailable(inner.message().to_owned());
        }
    }
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_) => StoreError::Unavailable(e.to_string()),
        other => StoreError::Database(other.to_string()),
    }
}

/// Take `n` positions in the change log: the last one is returned. Updating the one
/// row of `change_head` also makes concurrent writers (on any server) wait for each other,
/// so positions become visible in order.
async fn take_positions(tx: &mut sqlx::Transaction<'_, sqlx::Any>, n: usize) -> Result<i64, StoreError> {
    let row = sqlx::query("UPDATE change_head SET seq = seq + $1 WHERE id = 1 RETURNING seq")
        .bind(n as i64)
        .fetch_one(&mut **tx)
        .await
        .map_err(db)?;
    row.try_get("seq").map_err(db)
}

/// The change log position that every committed write has reached.
async fn head(executor: &AnyPool) -> Result<i64, StoreError> {
    let row = sqlx::query("SELECT seq FROM change_head WHERE id = 1").fetch_one(executor).await.map_err(db)?;
    row.try_get("seq").map_err(db)
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl SqlStore {
    /// Open (creating if needed) the SQLite database `polku.db` under a data directory.
    pub async fn open_data_dir(dir: &Path) -> Result<SqlStore, StoreError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Database(format!("cannot create data directory {}: {e}", dir.display())))?;
        let path = dir.join("polku.db");
        SqlStore::connect(&format!("sqlite://{}?mode=rwc", path.display())).await
    }

    /// Connect to `sqlite:…` or `postgres://…` and bring the schema up to date.
    pub async fn connect(url: &str) -> Result<SqlStore, StoreError> {
        install_default_drivers();
        let backend = Backend::of_url(url)?;
        let options = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 10 })
            .acquire_timeout(std::time::Duration::from_secs(5));
        let options = if backend == Backend::Sqlite {
            options.after_connect(|conn, _| {
                Box::pin(async move {
                    sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *conn).await?;
                    sqlx::query("PRAGMA busy_timeout = 10000").execute(&mut *conn).await?;
                    Ok(())
                })
            })
        } else {
            options
        };
        let pool = options
            .connect(url)
            .await
            .map_err(|e| StoreError::Database(format!("cannot connect to {}: {e}", redact(url))))?;
        if backend == Backend::Sqlite {
            sqlx::query("PRAGMA journal_mode = WAL").execute(&pool).await.map_err(db)?;
        }
        let store = SqlStore { pool, backend };
        migrate::run(&store.pool, backend).await?;
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Rows per multi-row statement: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
const BATCH: usize = 500;

/// One object as stored.
struct Stored {
    kind: &'static str,
    id: String,
    body: String,
    valid_from: String,
    valid_to: Option<String>,
}

impl Stored {
    fn of(entity: &Entity) -> Stored {
        Stored {
            kind: entity.kind().as_str(),
            id: entity.id().to_string(),
            body: entity.to_json().to_string(),
            valid_from: entity.valid_from().to_string(),
            valid_to: entity.valid_to().map(|d| d.to_string()),
        }
    }
}

/// `prefix` followed by `rows` tuples; a column is a `$n` parameter, or the literal given for it.
fn values_sql(prefix: &str, rows: usize, columns: &[&str]) -> String {
    let mut sql = String::from(prefix);
    let mut n = 0;
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for (c, literal) in columns.iter().enumerate() {
            if c > 0 {
                sql.push_str(", ");
            }
            if literal.is_empty() {
                n += 1;
                sql.push_str(&format!("${n}"));
            } else {
                sql.push_str(literal);
            }
        }
        sql.push(')');
    }
    sql
}

/// Why one writer's changes could not be written.
enum Failed {
    Store(StoreError),
    /// A batch of new objects met an existing id: which one is found after the rollback.
    Duplicate(Vec<(&'static str, String)>),
}

impl From<StoreError> for Failed {
    fn from(e: StoreError) -> Failed {
        Failed::Store(e)
    }
}

impl SqlStore {
    /// One writer's changes inside a transaction, at change log positions from `first` on.
    async fn write_in(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        changes: &[Change],
        actor: &str,
        at: &str,
        first: i64,
    ) -> Result<Vec<i64>, Failed> {
        let rows: Vec<(&Change, Stored)> = changes.iter().map(|c| (c, Stored::of(c.entity()))).collect();
        // New objects go in multi-row statements: one round trip per batch, not per object.
        let creates: Vec<&Stored> =
            rows.iter().filter(|(c, _)| matches!(c, Change::Create(_))).map(|(_, r)| r).collect();
        for batch in creates.chunks(BATCH) {
            let sql = values_sql(
                "INSERT INTO entities (kind, id, revision, valid_from, valid_to, body, modified_at) VALUES ",
                batch.len(),
                &["", "", "1", "", "", "", ""],
            );
            let mut query = sqlx::query(&sql);
            for row in batch {
                query = query
                    .bind(row.kind)
                    .bind(&row.id)
                    .bind(&row.valid_from)
                    .bind(&row.valid_to)
                    .bind(&row.body)
                    .bind(at);
            }
            if let Err(e) = query.execute(&mut **tx).await {
                return Err(match db(e) {
                    StoreError::Conflict(_) => {
                        Failed::Duplicate(batch.iter().map(|r| (r.kind, r.id.clone())).collect())
                    }
                    other => Failed::Store(other),
                });
            }
        }
        let mut revisions: Vec<(&Stored, i64)> = Vec::with_capacity(rows.len());
        for (change, row) in &rows {
            match change {
                Change::Create(_) => revisions.push((row, 1)),
                Change::Update(entity, expected) => {
                    let updated = sqlx::query(
                        "UPDATE entities SET revision = revision + 1, valid_from = $3, valid_to = $4, body = $5, \
                         modified_at = $6 WHERE kind = $1 AND id = $2 AND revision = $7 RETURNING revision",
                    )
                    .bind(row.kind)
                    .bind(&row.id)
                    .bind(&row.valid_from)
                    .bind(&row.valid_to)
                    .bind(&row.body)
                    .bind(at)
                    .bind(*expected)
                    .fetch_optional(&mut **tx)
                    .await
                    .map_err(db)?;
                    match updated {
                        Some(updated) => revisions.push((row, updated.try_get("revision").map_err(db)?)),
                        None => {
                            let current = sqlx::query("SELECT revision FROM entities WHERE kind = $1 AND id = $2")
                                .bind(row.kind)
                                .bind(&row.id)
                                .fetch_optional(&mut **tx)
                                .await
                                .map_err(db)?;
                            return Err(Failed::Store(match current {
                                Some(current) => StoreError::Stale {
                                    kind: entity.kind(),
                                    id: row.id.clone(),
                                    expected: *expected,
                                    current: current.try_get("revision").map_err(db)?,
                                },
                                None => StoreError::Database(format!("{} {:?} does not exist", row.kind, row.id)),
                            }));
                        }
                    }
                }
            }
        }
        for batch in revisions.chunks(BATCH) {
            let sql = values_sql(
                "INSERT INTO entity_revisions (kind, id, revision, body, actor, recorded_at) VALUES ",
                batch.len(),
                &["", "", "", "", "", ""],
            );
            let mut query = sqlx::query(&sql);
            for (row, revision) in batch {
                query = query.bind(row.kind).bind(&row.id).bind(*revision).bind(&row.body).bind(actor).bind(at);
            }
            query.execute(&mut **tx).await.map_err(db)?;
        }
        for (n, batch) in revisions.chunks(BATCH).enumerate() {
            let sql = values_sql(
                "INSERT INTO change_log (seq, kind, id, revision, recorded_at) VALUES ",
                batch.len(),
                &["", "", "", "", ""],
            );
            let mut query = sqlx::query(&sql);
            for (i, (row, revision)) in batch.iter().enumerate() {
                let seq = first + (n * BATCH + i) as i64;
                query = query.bind(seq).bind(row.kind).bind(&row.id).bind(*revision).bind(at);
            }
            query.execute(&mut **tx).await.map_err(db)?;
        }
        Ok(revisions.into_iter().map(|(_, r)| r).collect())
    }

    /// After a failed batch insert: which object of the batch exists already.
    async fn name_conflict(&self, batch: &[(&'static str, String)]) -> StoreError {
        for (kind, id) in batch {
            let exists = sqlx::query("SELECT id FROM entities WHERE kind = $1 AND id = $2")
                .bind(*kind)
                .bind(id)
                .fetch_optional(&self.pool)
                .await;
            if let Ok(Some(_)) = exists {
                return StoreError::Conflict(format!("{kind} {id:?} exists already"));
            }
        }
        StoreError::Conflict("an object in the batch exists already".into())
    }
}

#[async_trait]
impl CatalogStore for SqlStore {
    async fn load(&self) -> Result<Loaded, StoreError> {
        // The position first: a write committed after it is read again when following the log.
        let seq = head(&self.pool).await?;
        let rows = sqlx::query("SELECT kind, id, revision, body FROM entities ORDER BY kind, id")
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        let mut catalog = Catalog::default();
        let mut revisions = Vec::with_capacity(rows.len());
        for row in rows {
            let (entity, revision) = stored_entity(&row)?;
            revisions.push((entity.kind(), entity.id().clone(), revision));
            catalog.put(entity);
        }
        Ok(Loaded { catalog, revisions, seq })
    }

    async fn changes_since(&self, seq: i64, limit: usize) -> Result<Vec<Logged>, StoreError> {
        let rows = sqlx::query("SELECT seq, kind, id, revision FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2")
            .bind(seq)
            .bind(limit as i64)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter()
            .map(|row| {
                let seq: i64 = row.try_get("seq").map_err(db)?;
                let kind: String = row.try_get("kind").map_err(db)?;
                let id: String = row.try_get("id").map_err(db)?;
                if kind == RULE_FILE {
                    return Ok(Logged::RuleFile { seq, name: id });
                }
                if kind == search_log::SYNONYMS {
                    return Ok(Logged::Synonyms { seq, lang: id });
                }
                let kind = Entity::parse_kind(&kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("change log {seq}: unknown kind {kind:?}")))?;
                Ok(Logged::Entity { seq, kind, id, revision: row.try_get("revision").map_err(db)? })
            })
            .collect()
    }

    async fn current(&self, keys: &[(EntityKind, String)]) -> Result<Vec<(Entity, i64)>, StoreError> {
        let mut out = Vec::with_capacity(keys.len());
        for batch in keys.chunks(BATCH / 2) {
            let mut sql = String::from("SELECT kind, id, revision, body FROM entities WHERE ");
            for i in 0..batch.len() {
                if i > 0 {
                    sql.push_str(" OR ");
                }
                sql.push_str(&format!("(kind = ${} AND id = ${})", 2 * i + 1, 2 * i + 2));
            }
            let mut query = sqlx::query(&sql);
            for (kind, id) in batch {
                query = query.bind(kind.as_str()).bind(id);
            }
            for row in query.fetch_all(&self.pool).await.map_err(db)? {
                out.push(stored_entity(&row)?);
            }
        }
        Ok(out)
    }

    async fn write_groups(&self, groups: &[(Vec<Change>, Actor)], at: DateTime<Utc>) -> Result<Written, StoreError> {
        let at = time(at);
        let total: usize = groups.iter().map(|(changes, _)| changes.len()).sum();
        let mut tx = self.pool.begin().await.map_err(db)?;
        // First the log positions: this waits for any other writer to commit.
        let last = take_positions(&mut tx, total).await?;
        let start = last - total as i64 + 1;
        let mut first = start;
        let mut out = Vec::with_capacity(groups.len());
        for (changes, actor) in groups {
            match self.write_in(&mut tx, changes, &actor.label(), &at, first).await {
                Ok(revisions) => out.push(revisions),
                Err(Failed::Store(e)) => return Err(e),
                Err(Failed::Duplicate(batch)) => {
                    drop(tx);
                    return Err(self.name_conflict(&batch).await);
                }
            }
            first += changes.len() as i64;
        }
        tx.commit().await.map_err(db)?;
        Ok(Written { revisions: out, first: start, last })
    }

    async fn history(&self, kind: EntityKind, id: &str) -> Result<Vec<Revision>, StoreError> {
        let rows = sqlx::query(
            "SELECT revision, actor, recorded_at, body FROM entity_revisions WHERE kind = $1 AND id = $2 ORDER BY revision",
        )
        .bind(kind.as_str())
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(|row| revision(row, row.try_get("body").map_err(db)?)).collect()
    }
}

fn user_record(row: &sqlx::any::AnyRow) -> Result<UserRecord, StoreError> {
    let roles: String = row.try_get("roles").map_err(db)?;
    Ok(UserRecord {
        username: row.try_get("username").map_err(db)?,
        password_hash: row.try_get::<Option<String>, _>("password_hash").map_err(db)?.filter(|h| !h.is_empty()),
        roles: roles.split(',').filter_map(domain::client::Role::parse).collect(),
        organization: row.try_get("organization").map_err(db)?,
        display_name: row.try_get("display_name").map_err(db)?,
        issuer: row.try_get("issuer").map_err(db)?,
    })
}

const USER_COLUMNS: &str = "username, password_hash, roles, organization, display_name, issuer";

#[async_trait]
impl AuthStore for SqlStore {
    async fn create_user(&self, user: &UserRecord, at: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO users (username, password_hash, roles, organization, display_name, issuer, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&user.username)
        .bind(user.password_hash.as_deref().unwrap_or(""))
        .bind(user.roles_label())
        .bind(&user.organization)
        .bind(&user.display_name)
        .bind(&user.issuer)
        .bind(time(at))
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn upsert_user(&self, user: &UserRecord, at: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO users (username, password_hash, roles, organization, display_name, issuer, created_at) \
             VALUES ($1, '', $2, $3, $4, $5, $6) ON CONFLICT (username) DO UPDATE SET roles = excluded.roles, \
             organization = excluded.organization, display_name = excluded.display_name, issuer = excluded.issuer",
        )
        .bind(&user.username)
        .bind(user.roles_label())
        .bind(&user.organization)
        .bind(&user.display_name)
        .bind(&user.issuer)
        .bind(time(at))
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn user(&self, username: &str) -> Result<Option<UserRecord>, StoreError> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1"))
            .bind(username)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        row.as_ref().map(user_record).transpose()
    }

    async fn users(&self) -> Result<Vec<UserRecord>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY username"))
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(user_record).collect()
    }

    async fn set_roles(
        &self,
        username: &str,
        roles: &[domain::client::Role],
        organization: Option<&str>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE users SET roles = $2, organization = $3 WHERE username = $1")
            .bind(username)
            .bind(app::auth::roles_label(roles))
            .bind(organization)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(done.rows_affected() > 0)
    }

    async fn create_session(
        &self,
        token_hash: &str,
        session: &SessionRecord,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1").bind(time(at)).execute(&mut *tx).await.map_err(db)?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, username, created_at, expires_at, client_id) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(&session.username)
        .bind(time(at))
        .bind(time(session.expires_at))
        .bind(&session.client)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)
    }

    async fn session(&self, token_hash: &str) -> Result<Option<(SessionRecord, UserRecord)>, StoreError> {
        let row = sqlx::query(
            "SELECT s.expires_at, s.client_id, u.username, u.password_hash, u.roles, u.organization, u.display_name, \
             u.issuer FROM sessions s JOIN users u ON u.username = s.username WHERE s.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.map(|row| {
            let expires_at: String = row.try_get("expires_at").map_err(db)?;
            let user = user_record(&row)?;
            Ok((
                SessionRecord {
                    username: user.username.clone(),
                    expires_at: DateTime::parse_from_rfc3339(&expires_at)
                        .map_err(|e| StoreError::Corrupt(format!("session expiry {expires_at:?}: {e}")))?
                        .with_timezone(&Utc),
                    client: row.try_get("client_id").map_err(db)?,
                },
                user,
            ))
        })
        .transpose()
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn delete_sessions_of(&self, username: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE username = $1").bind(username).execute(&self.pool).await.map_err(db)?;
        Ok(())
    }

    async fn record_sign_in_failure(&self, keys: &[&str], at: DateTime<Utc>) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        // Failures older than a day are of no use to the limit.
        sqlx::query("DELETE FROM sign_in_failures WHERE at < $1")
            .bind(time(at - chrono::Duration::days(1)))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        for key in keys {
            sqlx::query("INSERT INTO sign_in_failures (key, at) VALUES ($1, $2)")
                .bind(*key)
                .bind(time(at))
                .execute(&mut *tx)
                .await
                .map_err(db)?;
        }
        tx.commit().await.map_err(db)
    }

    async fn sign_in_failures(&self, key: &str, since: DateTime<Utc>) -> Result<u32, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM sign_in_failures WHERE key = $1 AND at >= $2")
            .bind(key)
            .bind(time(since))
            .fetch_one(&self.pool)
            .await
            .map_err(db)?;
        Ok(row.try_get::<i64, _>("n").map_err(db)? as u32)
    }
}

#[async_trait]
impl RuleStore for SqlStore {
    async fn rule_files(&self) -> Result<Vec<RuleFile>, StoreError> {
        let rows =
            sqlx::query("SELECT name, source FROM rule_files ORDER BY name").fetch_all(&self.pool).await.map_err(db)?;
        rows.into_iter()
            .map(|row| {
                Ok(RuleFile { name: row.try_get("name").map_err(db)?, source: row.try_get("source").map_err(db)? })
            })
            .collect()
    }

    async fn put_rule_file(
        &self,
        name: &str,
        source: Option<&str>,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let at = at.to_rfc3339_opts(SecondsFormat::Millis, true);
        let mut tx = self.pool.begin().await.map_err(db)?;
        let seq = take_positions(&mut tx, 1).await?;
        let last: Option<i64> =
            sqlx::query("SELECT MAX(revision) AS revision FROM rule_file_revisions WHERE name = $1")
                .bind(name)
                .fetch_one(&mut *tx)
                .await
                .map_err(db)?
                .try_get::<Option<i64>, _>("revision")
                .map_err(db)?;
        let revision = last.unwrap_or(0) + 1;
        sqlx::query("DELETE FROM rule_files WHERE name = $1").bind(name).execute(&mut *tx).await.map_err(db)?;
        if let Some(source) = source {
            sqlx::query("INSERT INTO rule_files (name, revision, source, updated_at) VALUES ($1, $2, $3, $4)")
                .bind(name)
                .bind(revision)
                .bind(source)
                .bind(&at)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
        }
        sqlx::query(
            "INSERT INTO rule_file_revisions (name, revision, source, actor, recorded_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(name)
        .bind(revision)
        .bind(source)
        .bind(actor.label())
        .bind(&at)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        sqlx::query("INSERT INTO change_log (seq, kind, id, revision, recorded_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(seq)
            .bind(RULE_FILE)
            .bind(name)
            .bind(revision)
            .bind(&at)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)
    }

    async fn rule_file_history(&self, name: &str) -> Result<Vec<Revision>, StoreError> {
        let rows = sqlx::query(
            "SELECT revision, actor, recorded_at, source FROM rule_file_revisions WHERE name = $1 ORDER BY revision",
        )
        .bind(name)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| revision(row, row.try_get::<Option<String>, _>("source").map_err(db)?.unwrap_or_default()))
            .collect()
    }
}

/// The change log's kind for rule files (catalog objects use their entity kind).
const RULE_FILE: &str = "rule_file";

/// An object and its revision from a row with `kind`, `id`, `revision` and `body`.
fn stored_entity(row: &sqlx::any::AnyRow) -> Result<(Entity, i64), StoreError> {
    let kind: String = row.try_get("kind").map_err(db)?;
    let id: String = row.try_get("id").map_err(db)?;
    let body: String = row.try_get("body").map_err(db)?;
    let kind =
        Entity::parse_kind(&kind).ok_or_else(|| StoreError::Corrupt(format!("unknown kind {kind:?} of {id:?}")))?;
    let entity =
        Entity::from_json(kind, &body).map_err(|e| StoreError::Corrupt(format!("{} {id:?}: {e}", kind.as_str())))?;
    Ok((entity, row.try_get("revision").map_err(db)?))
}

/// A revision row's common columns, with its body.
fn revision(row: &sqlx::any::AnyRow, body: String) -> Result<Revision, StoreError> {
    Ok(Revision {
        revision: row.try_get("revision").map_err(db)?,
        actor: row.try_get("actor").map_err(db)?,
        recorded_at: row.try_get("recorded_at").map_err(db)?,
        body,
    })
}
