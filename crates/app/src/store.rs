//! The storage traits, owned here and implemented by adapters (`store-sql`).
//! Narrow and per use case, so that new stores and tenants fit behind them.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::{Catalog, Entity};

/// Who is acting: a staff user, a command-line operator, or the system itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    User(String),
    Cli(String),
    System,
}

impl Actor {
    /// How the actor is recorded in revision history.
    pub fn label(&self) -> String {
        match self {
            Actor::User(name) => format!("user:{name}"),
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
    /// A new revision of an existing object (retiring is an update that sets `valid_to`).
    Update(Entity),
}

impl Change {
    pub fn entity(&self) -> &Entity {
        match self {
            Change::Create(e) | Change::Update(e) => e,
        }
    }
}

#[async_trait]
pub trait CatalogStore: Send + Sync {
    /// The current revision of every object.
    async fn load(&self) -> Result<Catalog, StoreError>;
    /// Apply all changes in one transaction and record each as a revision by `actor`,
    /// or apply none.
    async fn write(&self, changes: &[Change], actor: &Actor, at: DateTime<Utc>) -> Result<(), StoreError>;
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
    pub password_hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub username: String,
    pub expires_at: DateTime<Utc>,
}

#[async_trait]
pub trait AuthStore: Send + Sync {
    async fn create_user(&self, user: &UserRecord, at: DateTime<Utc>) -> Result<(), StoreError>;
    async fn user(&self, username: &str) -> Result<Option<UserRecord>, StoreError>;
    async fn create_session(
        &self,
        token_hash: &str,
        session: &SessionRecord,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>, StoreError>;
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;
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
