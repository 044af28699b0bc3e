//! The storage traits, owned here and implemented by adapters (`store-sql`).
//! Narrow and per use case, so that new stores and tenants fit behind them.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::{Catalog, Entity};

/// Who is acting: a signed-in person (whose roles are checked in `app::permit`), a
/// command-line operator (who has the machine, and so every role), or the system itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    User(crate::auth::Principal),
    Cli(String),
    System,
}

impl Actor {
    /// The role check for this actor: people need a role that allows the action;
    /// the command line and the system may do everything.
    pub fn require(&self, action: crate::permit::Action) -> Result<(), crate::AppError> {
        match self {
            Actor::User(person) => crate::permit::require(Some(person), action),
            Actor::Cli(_) | Actor::System => Ok(()),
        }
    }

    /// A person with these roles (tests and tools).
    pub fn person(username: &str, roles: &[domain::client::Role]) -> Actor {
        Actor::User(crate::auth::Principal {
            username: username.to_owned(),
            display_name: None,
            roles: roles.to_vec(),
            organization: None,
            client: None,
        })
    }

    /// How the actor is recorded in revision history.
    pub fn label(&self) -> String {
        match self {
            Actor::User(person) => format!("user:{}", person.username),
            Actor::Cli(what) => format!("cli:{what}"),
            Actor::System => "system".into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique key exists already (e.g. an object created twice).
    #[error("already exists: {0}")]
    Conflict(String),
    /// An update was based on an older revision than the stored one (another writer,
    /// perhaps on another server, changed the object first). Nothing was written.
    #[error("{} {id:?} is at revision {current}, not {expected}", kind.as_str())]
    Stale { kind: domain::EntityKind, id: String, expected: i64, current: i64 },
    /// The same for a record that is not a catalog object (a waiting-list entry, an
    /// assessment, a service plan).
    #[error("{kind} {id:?} is at revision {current}, not {expected}")]
    StaleRecord { kind: &'static str, id: String, expected: i64, current: i64 },
    /// The database cannot be reached (connection refused or lost, pool timed out).
    /// Nothing was written; the same call may succeed once the database is back.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    #[error("database: {0}")]
    Database(String),
}

/// One change in an all-or-nothing write.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A new object; fails with [`StoreError::Conflict`] if its id exists.
    Create(Entity),
    /// A new revision of an existing object (retiring is an update that sets `valid_to`),
    /// made from the given revision: fails with [`StoreError::Stale`] if the stored
    /// revision is another (optimistic concurrency).
    Update(Entity, i64),
}

impl Change {
    pub fn entity(&self) -> &Entity {
        match self {
            Change::Create(e) | Change::Update(e, _) => e,
        }
    }
}

/// The whole catalog as stored, with each object's revision and the position in the
/// change log that it includes (at least: later changes may be in it too).
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub catalog: Catalog,
    pub revisions: Vec<(domain::EntityKind, domain::Id, i64)>,
    pub seq: i64,
}

/// What a group write stored: each group's new revisions, in order, and the change log
/// positions `first..=last` it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub revisions: Vec<Vec<i64>>,
    pub first: i64,
    pub last: i64,
}

/// One entry of the change log, which records every write in commit order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Logged {
    /// A catalog object got this revision.
    Entity { seq: i64, kind: domain::EntityKind, id: String, revision: i64 },
    /// A rule file was written or withdrawn.
    RuleFile { seq: i64, name: String },
    /// A language's synonym list was saved (`app::search_log`).
    Synonyms { seq: i64, lang: String },
}

impl Logged {
    pub fn seq(&self) -> i64 {
        match self {
            Logged::Entity { seq, .. } | Logged::RuleFile { seq, .. } | Logged::Synonyms { seq, .. } => *seq,
        }
    }
}

#[async_trait]
pub trait CatalogStore: Send + Sync {
    /// The current revision of every object, and the change log position it includes.
    async fn load(&self) -> Result<Loaded, StoreError>;
    /// Apply all changes in one transaction, record each as a revision by `actor` and in
    /// the change log, or apply none. Returns each change's new revision, in order.
    async fn write(&self, changes: &[Change], actor: &Actor, at: DateTime<Utc>) -> Result<Vec<i64>, StoreError> {
        let groups = [(changes.to_vec(), actor.clone())];
        Ok(self.write_groups(&groups, at).await?.revisions.pop().unwrap_or_default())
    }
    /// Several writers' changes in one transaction (group commit), all or none: each
    /// group recorded as its actor's, in order. Returns each group's new revisions and
    /// the change log positions taken.
    async fn write_groups(&self, groups: &[(Vec<Change>, Actor)], at: DateTime<Utc>) -> Result<Written, StoreError>;
    /// Change log entries after `seq`, oldest first, at most `limit`.
    async fn changes_since(&self, seq: i64, limit: usize) -> Result<Vec<Logged>, StoreError>;
    /// The stored objects (current revision) of these keys; missing ones are left out.
    async fn current(&self, keys: &[(domain::EntityKind, String)]) -> Result<Vec<(Entity, i64)>, StoreError>;
    /// Revisions of one object, oldest first: (revision, actor label, time, JSON body).
    async fn history(&self, kind: domain::EntityKind, id: &str) -> Result<Vec<Revision>, StoreError>;
}

#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub revision: i64,
    pub actor: String,
    pub recorded_at: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub username: String,
    /// Local users' argon2 hash; none for single sign-on users (and when listed).
    pub password_hash: Option<String>,
    /// Sorted, without repeats.
    pub roles: Vec<domain::client::Role>,
    pub organization: Option<String>,
    pub display_name: Option<String>,
    /// The OpenID provider that signs this user in; none for local users.
    pub issuer: Option<String>,
}

impl UserRecord {
    pub fn roles_label(&self) -> String {
        crate::auth::roles_label(&self.roles)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub username: String,
    pub expires_at: DateTime<Utc>,
    /// A resident's own client record.
    pub client: Option<String>,
}

#[async_trait]
pub trait AuthStore: Send + Sync {
    /// A new user; [`StoreError::Conflict`] if the username is taken.
    async fn create_user(&self, user: &UserRecord, at: DateTime<Utc>) -> Result<(), StoreError>;
    /// Creates the user or replaces its roles, organisation, name and issuer (single sign-on).
    async fn upsert_user(&self, user: &UserRecord, at: DateTime<Utc>) -> Result<(), StoreError>;
    async fn user(&self, username: &str) -> Result<Option<UserRecord>, StoreError>;
    /// Every user, by username.
    async fn users(&self) -> Result<Vec<UserRecord>, StoreError>;
    /// Sets roles and organisation; false if there is no such user.
    async fn set_roles(
        &self,
        username: &str,
        roles: &[domain::client::Role],
        organization: Option<&str>,
    ) -> Result<bool, StoreError>;
    async fn create_session(
        &self,
        token_hash: &str,
        session: &SessionRecord,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// The session and its user (roles as they are now).
    async fn session(&self, token_hash: &str) -> Result<Option<(SessionRecord, UserRecord)>, StoreError>;
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;
    /// Ends every session of a user.
    async fn delete_sessions_of(&self, username: &str) -> Result<(), StoreError>;
    /// Records one failed sign-in under each key (`user:anna`, `address:10.0.0.1`).
    async fn record_sign_in_failure(&self, keys: &[&str], at: DateTime<Utc>) -> Result<(), StoreError>;
    /// Failed sign-ins under a key since a time.
    async fn sign_in_failures(&self, key: &str, since: DateTime<Utc>) -> Result<u32, StoreError>;
}

/// A stored eligibility rule file (docs/rules-format.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleFile {
    pub name: String,
    pub source: String,
}

#[async_trait]
pub trait RuleStore: Send + Sync {
    /// Every current rule file, by name.
    async fn rule_files(&self) -> Result<Vec<RuleFile>, StoreError>;
    /// Writes a new revision of one file (`None`: withdraws it), in one transaction.
    async fn put_rule_file(
        &self,
        name: &str,
        source: Option<&str>,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Revisions of one file, oldest first (`body` is the source, empty when withdrawn).
    async fn rule_file_history(&self, name: &str) -> Result<Vec<Revision>, StoreError>;
}
