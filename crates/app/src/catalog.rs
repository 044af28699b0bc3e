//! The catalog use cases: search, read, create, update, retire, import, export.

use crate::clock::Clock;
use crate::error::AppError;
use crate::store::{Actor, AuthStore, CatalogStore, Change, RuleStore, StoreError};
use domain::catalog::EntityKind;
use domain::reference::Reference;
use domain::{Catalog, CatalogDocument, Entity, Problem};
use search::{Query, SearchIndex, SearchResults};
use serde::Serialize;
use std::sync::{Arc, RwLock};

/// An immutable view of the catalog with its search index. Readers hold an `Arc`
/// to one snapshot for the whole request, so they never see half a write.
pub struct Snapshot {
    pub catalog: Catalog,
    pub index: SearchIndex,
}

impl Snapshot {
    pub fn build(catalog: Catalog) -> Snapshot {
        let index = SearchIndex::build(&catalog, Reference::get());
        Snapshot { catalog, index }
    }
}

/// The application: what HTTP handlers and CLI commands call.
pub struct Polku {
    store: Arc<dyn CatalogStore>,
    auth: Arc<dyn AuthStore>,
    pub(crate) clock: Arc<dyn Clock>,
    snapshot: RwLock<Arc<Snapshot>>,
    pub(crate) rules_store: Arc<dyn RuleStore>,
    pub(crate) rules_snapshot: RwLock<Arc<crate::eligibility::RulesSnapshot>>,
    /// Writes are serialised: validate against the current snapshot, write, swap.
    pub(crate) writer: tokio::sync::Mutex<()>,
    /// Road networks for accessibility, by mode (none: straight-line estimates),
    /// each with its bounded cache of travel times; this instance's own.
    pub(crate) networks: crate::accessibility::Networks,
}

/// What an import did, or would have done: nothing is written when anything is refused.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct ImportReport {
    pub created: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: Vec<String>,
    pub refused: Vec<Problem>,
    pub written: bool,
}

fn label(entity: &Entity) -> String {
    format!("{}:{}", entity.kind().as_str(), entity.id())
}

fn prefixed(prefix: &str, problems: Vec<Problem>) -> Vec<Problem> {
    problems
        .into_iter()
        .map(|p| Problem {
            field: if prefix.is_empty() { p.field } else { format!("{prefix}.{}", p.field) },
            problem: p.problem,
        })
        .collect()
}

impl Polku {
    pub async fn open(
        store: Arc<dyn CatalogStore>,
        auth: Arc<dyn AuthStore>,
        rules_store: Arc<dyn RuleStore>,
        clock: Arc<dyn Clock>,
    ) -> Result<Polku, AppError> {
        let catalog = store.load().await?;
        let services = catalog.services.keys().map(|id| id.to_string()).collect();
        let rules = Polku::load_rules(rules_store.as_ref(), &services).await?;
        let snapshot = tokio::task::spawn_blocking(move || Snapshot::build(catalog))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(Polku {
            store,
            auth,
            clock,
            snapshot: RwLock::new(Arc::new(snapshot)),
            rules_store,
            rules_snapshot: RwLock::new(Arc::new(rules)),
            writer: Default::default(),
            networks: Default::default(),
        })
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    pub(crate) fn auth_store(&self) -> &dyn AuthStore {
        self.auth.as_ref()
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.snapshot.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub fn search(&self, query: &Query) -> (Arc<Snapshot>, SearchResults) {
        let snapshot = self.snapshot();
        let results = snapshot.index.search(query);
        (snapshot, results)
    }

    pub fn get(&self, kind: EntityKind, id: &str) -> Result<Entity, AppError> {
        self.snapshot()
            .catalog
            .get(kind, id)
            .ok_or_else(|| AppError::NotFound { kind: kind.as_str(), id: id.to_owned() })
    }

    pub async fn history(&self, kind: EntityKind, id: &str) -> Result<Vec<crate::store::Revision>, AppError> {
        Ok(self.store.history(kind, id).await?)
    }

    /// Create a new object; a duplicate id is refused with the field named.
    pub async fn create(&self, entity: Entity, actor: &Actor) -> Result<Entity, AppError> {
        self.write(vec![(String::new(), Change::Create(entity.clone()))], actor).await?;
        Ok(entity)
    }

    /// Replace an existing object with a new revision.
    pub async fn update(&self, entity: Entity, actor: &Actor) -> Result<Entity, AppError> {
        if !self.snapshot().catalog.contains(entity.kind(), entity.id().as_str()) {
            return Err(AppError::NotFound { kind: entity.kind().as_str(), id: entity.id().to_string() });
        }
        self.write(vec![(String::new(), Change::Update(entity.clone()))], actor).await?;
        Ok(entity)
    }

    /// End an object's validity on `last_day` (default: today). Nothing is ever deleted.
    pub async fn retire(
        &self,
        kind: EntityKind,
        id: &str,
        last_day: Option<chrono::NaiveDate>,
        actor: &Actor,
    ) -> Result<Entity, AppError> {
        let mut entity = self.get(kind, id)?;
        let last_day = last_day.unwrap_or_else(|| self.clock.today());
        // Retiring never extends validity: an object that already ends earlier stays as it is.
        if entity.valid_to().is_some_and(|to| to <= last_day) {
            return Ok(entity);
        }
        entity.set_valid_to(Some(last_day));
        self.update(entity, actor).await
    }

    /// Import a catalog document all-or-nothing: new objects are created, changed
    /// ones get a new revision, equal ones are left alone.
    pub async fn import(
        &self,
        document: CatalogDocument,
        actor: &Actor,
        dry_run: bool,
    ) -> Result<ImportReport, AppError> {
        // Where each object stands in the document, to name it in problems.
        let positions: std::collections::HashMap<(EntityKind, String), usize> = [
            (EntityKind::Organization, document.organizations.iter().map(|x| x.id.to_string()).collect::<Vec<_>>()),
            (EntityKind::Unit, document.units.iter().map(|x| x.id.to_string()).collect()),
            (EntityKind::Channel, document.channels.iter().map(|x| x.id.to_string()).collect()),
            (EntityKind::Service, document.services.iter().map(|x| x.id.to_string()).collect()),
        ]
        .into_iter()
        .flat_map(|(kind, ids)| ids.into_iter().enumerate().map(move |(i, id)| ((kind, id), i)))
        .collect();
        let mut report = ImportReport::default();
        let incoming = match document.into_catalog() {
            Ok(catalog) => catalog,
            Err(problems) => {
                report.refused = problems;
                return Ok(report);
            }
        };
        let current = self.snapshot();
        let mut changes = Vec::new();
        for entity in incoming.entities() {
            let kind = entity.kind();
            let path = positions
                .get(&(kind, entity.id().to_string()))
                .map(|i| format!("{}[{i}]", kind.plural()))
                .unwrap_or_default();
            match current.catalog.get(entity.kind(), entity.id().as_str()) {
                None => {
                    report.created.push(label(&entity));
                    changes.push((path, Change::Create(entity)));
                }
                Some(existing) if existing == entity => report.unchanged.push(label(&entity)),
                Some(_) => {
                    report.updated.push(label(&entity));
                    changes.push((path, Change::Update(entity)));
                }
            }
        }
        // A dry run only checks; a real import checks once, inside the write.
        let outcome = if dry_run {
            self.check(&current.catalog, &changes).map(drop)
        } else if changes.is_empty() {
            Ok(())
        } else {
            self.write(changes, actor).await
        };
        match outcome {
            Ok(()) => report.written = !dry_run,
            Err(AppError::Invalid(problems)) | Err(AppError::Conflict(problems)) => report.refused = problems,
            Err(other) => return Err(other),
        }
        Ok(report)
    }

    /// The whole catalog as a document (every object, retired ones too).
    pub fn export(&self) -> CatalogDocument {
        CatalogDocument::new(&self.snapshot().catalog, None)
    }

    /// Validate changes against the catalog they would produce; return that catalog.
    fn check(&self, catalog: &Catalog, changes: &[(String, Change)]) -> Result<Catalog, AppError> {
        let mut merged = catalog.clone();
        let mut conflicts = Vec::new();
        for (path, change) in changes {
            let entity = change.entity();
            let exists = catalog.contains(entity.kind(), entity.id().as_str());
            if matches!(change, Change::Create(_)) && exists {
                conflicts.push(Problem {
                    field: if path.is_empty() { "id".into() } else { format!("{path}.id") },
                    problem: format!(
                        "duplicate id: {} {:?} exists already",
                        entity.kind().as_str(),
                        entity.id().as_str()
                    ),
                });
            }
            merged.put(entity.clone());
        }
        if !conflicts.is_empty() {
            return Err(AppError::Conflict(conflicts));
        }
        let reference = Reference::get();
        let problems: Vec<Problem> = changes
            .iter()
            .flat_map(|(path, change)| prefixed(path, domain::validate::entity(change.entity(), &merged, reference)))
            .collect();
        if problems.is_empty() { Ok(merged) } else { Err(AppError::Invalid(problems)) }
    }

    async fn write(&self, changes: Vec<(String, Change)>, actor: &Actor) -> Result<(), AppError> {
        let _guard = self.writer.lock().await;
        let current = self.snapshot();
        let merged = self.check(&current.catalog, &changes)?;
        let changes: Vec<Change> = changes.into_iter().map(|(_, c)| c).collect();
        self.store.write(&changes, actor, self.clock.now()).await.map_err(|e| match e {
            StoreError::Conflict(what) => AppError::Conflict(vec![Problem { field: "id".into(), problem: what }]),
            other => AppError::Store(other),
        })?;
        let snapshot = tokio::task::spawn_blocking(move || Snapshot::build(merged))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        match self.snapshot.write() {
            Ok(mut guard) => *guard = Arc::new(snapshot),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(snapshot),
        }
        tracing::info!(changes = changes.len(), actor = %actor.label(), "catalog written");
        Ok(())
    }
}
