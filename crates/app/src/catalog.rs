//! The catalog use cases: search, read, create, update, retire, import, export, and
//! following the writes of other servers on the same database.

use crate::clock::Clock;
use crate::error::AppError;
use crate::store::{Actor, AuthStore, CatalogStore, Change, Loaded, Logged, RuleStore, StoreError};
use domain::catalog::EntityKind;
use domain::reference::Reference;
use domain::{Catalog, CatalogDocument, Entity, Id, Problem, UnitLinks};
use search::{Query, SearchIndex, SearchResults};
use serde::Serialize;
use std::collections::BTreeSet;
use std::sync::{Arc, RwLock};

/// An immutable view of the catalog with its search index. Readers hold an `Arc`
/// to one snapshot for the whole request, so they never see half a write. A write makes
/// the next snapshot from this one: the catalog's maps and the index are persistent, so
/// only what the write touched is new and everything else is shared.
pub struct Snapshot {
    pub catalog: Catalog,
    pub index: SearchIndex,
    /// The stored revision of each object (for optimistic concurrency: `If-Match`).
    pub revisions: imbl::HashMap<(EntityKind, Id), i64>,
    /// The change log position up to which this snapshot has followed the database:
    /// every write logged at or before it is in the snapshot (later ones may be too).
    pub seq: i64,
    /// What the finder's filters offer, computed on first use ([`Snapshot::filter_values`]).
    pub filter_values: std::sync::OnceLock<FilterValues>,
    /// The services and in-person channels at each unit, kept up to date write by write.
    pub unit_links: UnitLinks,
}

/// The values the finder's filters offer: the codes and municipalities the catalog's
/// services use (with the codes' ancestors). Computed once per snapshot, not per page.
#[derive(Debug, Default)]
pub struct FilterValues {
    /// Municipality codes of units and service areas.
    pub municipalities: BTreeSet<String>,
    pub target_groups: BTreeSet<String>,
    pub service_classes: BTreeSet<String>,
    pub life_events: BTreeSet<String>,
}

impl Snapshot {
    /// The finder's filter values of this snapshot's catalog.
    pub fn filter_values(&self) -> &FilterValues {
        self.filter_values.get_or_init(|| {
            let reference = Reference::get();
            let catalog = &self.catalog;
            let codes =
                |kind: domain::reference::CodeKind, of: fn(&domain::Service) -> &Vec<String>| -> BTreeSet<String> {
                    catalog
                        .services
                        .values()
                        .flat_map(of)
                        .collect::<BTreeSet<&String>>()
                        .into_iter()
                        .flat_map(|code| reference.with_ancestors(kind, code))
                        .collect()
                };
            let mut municipalities: BTreeSet<String> =
                catalog.units.values().map(|u| u.address.municipality.clone()).collect();
            municipalities.extend(catalog.services.values().flat_map(|s| s.area.iter().cloned()));
            FilterValues {
                municipalities,
                target_groups: codes(domain::reference::CodeKind::TargetGroup, |s| &s.target_groups),
                service_classes: codes(domain::reference::CodeKind::ServiceClass, |s| &s.service_classes),
                life_events: codes(domain::reference::CodeKind::LifeEvent, |s| &s.life_events),
            }
        })
    }

    /// The snapshot of the catalog as loaded from the store, its index built from scratch.
    fn loaded(loaded: Loaded) -> Snapshot {
        let Loaded { catalog, revisions, seq } = loaded;
        let index = SearchIndex::build(&catalog, Reference::get());
        let unit_links = UnitLinks::of(&catalog);
        let revisions = revisions.into_iter().map(|(k, id, r)| ((k, id), r)).collect();
        Snapshot { catalog, index, revisions, seq, filter_values: Default::default(), unit_links }
    }

    /// The stored revision of an object.
    pub fn revision(&self, kind: EntityKind, id: &str) -> Option<i64> {
        Id::parse(id).ok().and_then(|id| self.revisions.get(&(kind, id)).copied())
    }

    /// The snapshot of `catalog`, which is this snapshot's catalog with `stored` objects
    /// put in at the given revisions: the index is brought up to date for the services
    /// they touch, not rebuilt.
    fn with(&self, catalog: Catalog, stored: &[(EntityKind, Id, i64)], seq: i64) -> Snapshot {
        let changed: Vec<(EntityKind, Id)> = stored.iter().map(|(k, id, _)| (*k, id.clone())).collect();
        let services = SearchIndex::affected(&catalog, &changed);
        let index = self.index.updated(&catalog, Reference::get(), &services);
        let channels: Vec<Id> =
            changed.iter().filter(|(k, _)| *k == EntityKind::Channel).map(|(_, id)| id.clone()).collect();
        let unit_links = self.unit_links.updated(&self.catalog, &catalog, &services, &channels);
        let mut revisions = self.revisions.clone();
        for (kind, id, revision) in stored {
            revisions.insert((*kind, id.clone()), *revision);
        }
        Snapshot { catalog, index, revisions, seq, filter_values: Default::default(), unit_links }
    }

    /// The services offered at a unit, in id order.
    pub fn services_at(&self, unit: &Id) -> Vec<&domain::Service> {
        self.unit_links.services_at(&self.catalog, unit)
    }
}

/// Writes of more objects than this are indexed on a blocking thread.
const BLOCKING_WRITE: usize = 64;
/// Following more changed objects than this at once reloads the whole catalog instead.
const RELOAD_ABOVE: usize = 5_000;

/// A write waiting for the writer lock (see [`Polku::write`]).
pub(crate) struct Pending {
    changes: Vec<(String, Intent)>,
    actor: Actor,
    reply: tokio::sync::oneshot::Sender<Result<Vec<i64>, AppError>>,
}

fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The same error again, for each write of a group that it ends.
fn again(e: &AppError) -> AppError {
    match e {
        AppError::Invalid(p) => AppError::Invalid(p.clone()),
        AppError::Conflict(p) => AppError::Conflict(p.clone()),
        AppError::NotFound { kind, id } => AppError::NotFound { kind, id: id.clone() },
        AppError::Stale { kind, id, expected, current } => {
            AppError::Stale { kind, id: id.clone(), expected: *expected, current: *current }
        }
        AppError::Unavailable(what) => AppError::Unavailable(what.clone()),
        other => AppError::Internal(other.to_string()),
    }
}

/// The snapshot after `stored` objects went into `catalog`, made on a blocking thread when
/// the write is large (an import), inline when it is small.
async fn next_snapshot(
    current: Arc<Snapshot>,
    catalog: Catalog,
    stored: Vec<(EntityKind, Id, i64)>,
    seq: i64,
) -> Result<Snapshot, AppError> {
    if stored.len() > BLOCKING_WRITE {
        tokio::task::spawn_blocking(move || current.with(catalog, &stored, seq))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))
    } else {
        Ok(current.with(catalog, &stored, seq))
    }
}

/// What one write asks for, before the current revisions are known.
#[derive(Clone)]
pub(crate) enum Intent {
    Create(Entity),
    /// An update from the given revision (`If-Match`), or from the one this server knows.
    Update(Entity, Option<i64>),
}

impl Intent {
    fn entity(&self) -> &Entity {
        match self {
            Intent::Create(e) | Intent::Update(e, _) => e,
        }
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
    /// Writes are serialised within a server: catch up with the log, validate against
    /// the current snapshot, write, swap. Between servers the database orders them.
    pub(crate) writer: tokio::sync::Mutex<()>,
    /// Writes waiting for the writer lock, written together by whoever takes it next.
    queue: std::sync::Mutex<Vec<Pending>>,
    /// Road networks for accessibility, by mode (none: straight-line estimates),
    /// each with its bounded cache of travel times; this instance's own.
    pub(crate) networks: crate::accessibility::Networks,
    /// Service network plans running or done ([`crate::planning::Jobs`]); this instance's own.
    pub(crate) plans: crate::planning::Jobs,
    /// Client data and the access log, when this Polku has them ([`Polku::with_clients`]).
    pub(crate) clients: Option<crate::clients::ClientSide>,
    /// Single sign-on logins in flight, when this Polku has them ([`Polku::with_sso`]).
    pub(crate) sso: Option<Arc<dyn crate::sso::SsoStore>>,
    /// Capacity and waiting lists, when this Polku has them ([`Polku::with_capacity`]).
    pub(crate) capacity: Option<Arc<dyn crate::capacity::CapacityStore>>,
    /// Referrals, deadlines and notifications, when this Polku has them ([`Polku::with_paths`]).
    pub(crate) paths: Option<crate::referrals::PathSide>,
    /// Monitoring events and this server's column engine over them ([`Polku::with_monitoring`]).
    pub(crate) monitoring: Option<Arc<crate::monitoring::MonitoringSide>>,
    /// Residents' feedback on units, when this Polku has it ([`Polku::with_feedback`]).
    pub(crate) feedback: Option<Arc<dyn crate::feedback::FeedbackStore>>,
    /// Search counts and the catalog team's synonym lists ([`Polku::with_search_log`]).
    pub(crate) search_log: Option<Arc<crate::search_log::SearchLogSide>>,
}

/// What an import did, or would have done: nothing is written when anything is refused.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct ImportReport {
    pub created: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: Vec<String>,
    pub refused: Vec<Problem>,
    /// Not refused, but worth a look: e.g. a unit whose point lies in another
    /// municipality than its address names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Problem>,
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
        let loaded = store.load().await?;
        let services = loaded.catalog.services.keys().map(|id| id.to_string()).collect();
        let rules = Polku::load_rules(rules_store.as_ref(), &services).await?;
        let snapshot = tokio::task::spawn_blocking(move || Snapshot::loaded(loaded))
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
            queue: Default::default(),
            networks: Default::default(),
            plans: Default::default(),
            clients: None,
            sso: None,
            capacity: None,
            paths: None,
            monitoring: None,
            feedback: None,
            search_log: None,
        })
    }

    /// Adds client data and the access log, with the key of the pseudonyms (kept outside
    /// the database).
    pub fn with_clients(
        mut self,
        store: Arc<dyn crate::clients::ClientStore>,
        audit: Arc<dyn crate::clients::AuditStore>,
        pseudonyms: crate::clients::Pseudonyms,
    ) -> Polku {
        self.clients = Some(crate::clients::ClientSide { store, audit, pseudonyms, batcher: Default::default() });
        self
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

    /// An object with its stored revision (its `ETag`), both from one snapshot.
    pub fn get_with_revision(&self, kind: EntityKind, id: &str) -> Result<(Entity, i64), AppError> {
        let snapshot = self.snapshot();
        let entity = snapshot
            .catalog
            .get(kind, id)
            .ok_or_else(|| AppError::NotFound { kind: kind.as_str(), id: id.to_owned() })?;
        Ok((entity, snapshot.revision(kind, id).unwrap_or_default()))
    }

    /// Create a new object; a duplicate id is refused with the field named. Returns the
    /// object and its revision (1).
    pub async fn create(&self, entity: Entity, actor: &Actor) -> Result<(Entity, i64), AppError> {
        let revisions = self.write(vec![(String::new(), Intent::Create(entity.clone()))], actor).await?;
        Ok((entity, revisions.first().copied().unwrap_or(1)))
    }

    /// Replace an existing object with a new revision. With `if_match`, only if the stored
    /// revision is that one (else [`AppError::Stale`], nothing written); without it, from
    /// the revision this server knows, so a concurrent change elsewhere is never overwritten.
    pub async fn update(
        &self,
        entity: Entity,
        if_match: Option<i64>,
        actor: &Actor,
    ) -> Result<(Entity, i64), AppError> {
        if !self.snapshot().catalog.contains(entity.kind(), entity.id().as_str()) {
            return Err(AppError::NotFound { kind: entity.kind().as_str(), id: entity.id().to_string() });
        }
        let revisions = self.write(vec![(String::new(), Intent::Update(entity.clone(), if_match))], actor).await?;
        Ok((entity, revisions.first().copied().unwrap_or_default()))
    }

    /// End an object's validity on `last_day` (default: today). Nothing is ever deleted.
    pub async fn retire(
        &self,
        kind: EntityKind,
        id: &str,
        last_day: Option<chrono::NaiveDate>,
        if_match: Option<i64>,
        actor: &Actor,
    ) -> Result<(Entity, i64), AppError> {
        actor.require(crate::permit::Action::WriteCatalog)?;
        let snapshot = self.snapshot();
        let mut entity = self.get(kind, id)?;
        let last_day = last_day.unwrap_or_else(|| self.clock.today());
        // Retiring never extends validity: an object that already ends earlier stays as it is.
        if entity.valid_to().is_some_and(|to| to <= last_day) {
            let revision = snapshot.revision(kind, id).unwrap_or_default();
            if let Some(expected) = if_match.filter(|e| *e != revision) {
                return Err(AppError::Stale { kind: kind.as_str(), id: id.to_owned(), expected, current: revision });
            }
            return Ok((entity, revision));
        }
        entity.set_valid_to(Some(last_day));
        self.update(entity, if_match, actor).await
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
                    changes.push((path, Intent::Create(entity)));
                }
                Some(existing) if existing == entity => report.unchanged.push(label(&entity)),
                Some(_) => {
                    report.updated.push(label(&entity));
                    changes.push((path, Intent::Update(entity, None)));
                }
            }
        }
        let reference = Reference::get();
        report.warnings = changes
            .iter()
            .flat_map(|(path, change)| prefixed(path, domain::validate::warnings(change.entity(), reference)))
            .collect();
        // A dry run only checks; a real import checks once, inside the write.
        let outcome = if dry_run {
            self.check(&current.catalog, &changes).map(drop)
        } else if changes.is_empty() {
            Ok(())
        } else {
            self.write(changes, actor).await.map(drop)
        };
        match outcome {
            Ok(()) => report.written = !dry_run,
            Err(AppError::Invalid(problems)) | Err(AppError::Conflict(problems)) => report.refused = problems,
            Err(stale @ AppError::Stale { .. }) => {
                report.refused = vec![Problem { field: "revision".into(), problem: stale.to_string() }]
            }
            Err(other) => return Err(other),
        }
        Ok(report)
    }

    /// The whole catalog as a document (every object, retired ones too).
    pub fn export(&self) -> CatalogDocument {
        CatalogDocument::new(&self.snapshot().catalog, None)
    }

    /// Validate changes against the catalog they would produce; return that catalog.
    fn check(&self, catalog: &Catalog, changes: &[(String, Intent)]) -> Result<Catalog, AppError> {
        let mut merged = catalog.clone();
        let mut conflicts = Vec::new();
        for (path, change) in changes {
            let entity = change.entity();
            let exists = catalog.contains(entity.kind(), entity.id().as_str());
            if matches!(change, Intent::Create(_)) && exists {
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

    /// Write all changes or none: catch up with other writers, resolve the revisions the
    /// updates start from, validate against the catalog they would make, store them in one
    /// transaction, and swap in the next snapshot. Returns each change's new revision.
    ///
    /// Writes that arrive while another is being written wait together and are then
    /// written as one group (group commit): each is validated on its own, in arrival order,
    /// against the catalog the earlier ones make; the accepted ones share one transaction
    /// and one snapshot update. If that transaction fails (another server got in between),
    /// each is tried again alone, so one writer's refusal never becomes another's.
    pub(crate) async fn write(&self, changes: Vec<(String, Intent)>, actor: &Actor) -> Result<Vec<i64>, AppError> {
        actor.require(crate::permit::Action::WriteCatalog)?;
        let (reply, answer) = tokio::sync::oneshot::channel();
        lock(&self.queue).push(Pending { changes, actor: actor.clone(), reply });
        {
            let _guard = self.writer.lock().await;
            let batch = std::mem::take(&mut *lock(&self.queue));
            if !batch.is_empty() {
                self.write_batch(batch).await;
            }
        }
        answer.await.unwrap_or_else(|_| Err(AppError::Internal("the write was abandoned".into())))
    }

    /// Writes a batch of waiting writes (the writer lock held).
    async fn write_batch(&self, batch: Vec<Pending>) {
        let Some(singles) = self.write_group(batch).await else { return };
        for pending in singles {
            if let Some(left) = self.write_group(vec![pending]).await {
                for p in left {
                    let _ = p.reply.send(Err(AppError::Internal("a single write came back from its group".into())));
                }
            }
        }
    }

    /// One group transaction. Answers every write of the batch, except when the group of
    /// several failed as a whole: then the accepted ones come back, unanswered.
    async fn write_group(&self, batch: Vec<Pending>) -> Option<Vec<Pending>> {
        let started = std::time::Instant::now();
        if let Err(e) = self.catch_up_locked().await {
            let e = again(&e);
            for p in batch {
                let _ = p.reply.send(Err(again(&e)));
            }
            return None;
        }
        let current = self.snapshot();
        let mut catalog = current.catalog.clone();
        let mut known: std::collections::HashMap<(EntityKind, Id), i64> = Default::default();
        let mut accepted: Vec<(Pending, Vec<Change>)> = Vec::new();
        for pending in batch {
            match self.resolve(&catalog, &current, &mut known, &pending.changes) {
                Ok((merged, changes)) => {
                    catalog = merged;
                    accepted.push((pending, changes));
                }
                Err(e) => {
                    let _ = pending.reply.send(Err(e));
                }
            }
        }
        if accepted.is_empty() {
            return None;
        }
        let groups: Vec<(Vec<Change>, Actor)> =
            accepted.iter().map(|(p, changes)| (changes.clone(), p.actor.clone())).collect();
        let checked = started.elapsed();
        let written = match self.store.write_groups(&groups, self.clock.now()).await {
            Ok(written) => written,
            Err(e) if accepted.len() == 1 => {
                let e = match e {
                    StoreError::Conflict(what) => {
                        AppError::Conflict(vec![Problem { field: "id".into(), problem: what }])
                    }
                    other => AppError::from(other),
                };
                for (p, _) in accepted {
                    let _ = p.reply.send(Err(again(&e)));
                }
                return None;
            }
            Err(e) => {
                tracing::debug!(error = %e, writes = accepted.len(), "group write failed; writing one by one");
                return Some(accepted.into_iter().map(|(p, _)| p).collect());
            }
        };
        let stored_at = started.elapsed();
        let revisions = written.revisions;
        let stored: Vec<(EntityKind, Id, i64)> = groups
            .iter()
            .zip(&revisions)
            .flat_map(|((changes, _), revisions)| {
                changes.iter().zip(revisions).map(|(c, r)| (c.entity().kind(), c.entity().id().clone(), *r))
            })
            .collect();
        // The snapshot has followed the log up to `current.seq`; if this write's positions
        // come right after, it has followed up to their end (else the follower fills the gap).
        let seq = if written.first == current.seq + 1 { written.last } else { current.seq };
        let n = stored.len();
        match next_snapshot(current, catalog, stored, seq).await {
            Ok(next) => self.swap(next),
            // Written but not indexed (the blocking task failed): following the log repairs it.
            Err(e) => tracing::error!(error = %e, "a write was stored but its snapshot could not be made"),
        }
        tracing::debug!(
            writes = accepted.len(),
            changes = n,
            check_ms = checked.as_secs_f64() * 1e3,
            store_ms = (stored_at - checked).as_secs_f64() * 1e3,
            index_ms = (started.elapsed() - stored_at).as_secs_f64() * 1e3,
            "catalog written"
        );
        for ((p, _), revisions) in accepted.into_iter().zip(revisions) {
            let _ = p.reply.send(Ok(revisions));
        }
        None
    }

    /// One write's changes checked against the catalog the earlier writes of its batch
    /// make, with the revisions its updates start from (`known`: revisions given by those
    /// earlier writes).
    fn resolve(
        &self,
        catalog: &Catalog,
        current: &Snapshot,
        known: &mut std::collections::HashMap<(EntityKind, Id), i64>,
        changes: &[(String, Intent)],
    ) -> Result<(Catalog, Vec<Change>), AppError> {
        let merged = self.check(catalog, changes)?;
        let mut out = Vec::with_capacity(changes.len());
        let mut next = Vec::with_capacity(changes.len());
        for (_, intent) in changes {
            let e = intent.entity();
            let key = (e.kind(), e.id().clone());
            match intent {
                Intent::Create(e) => {
                    out.push(Change::Create(e.clone()));
                    next.push((key, 1));
                }
                Intent::Update(e, if_match) => {
                    let from =
                        known.get(&key).copied().or_else(|| current.revisions.get(&key).copied()).unwrap_or_default();
                    if let Some(expected) = if_match.filter(|x| *x != from) {
                        return Err(AppError::Stale {
                            kind: e.kind().as_str(),
                            id: e.id().to_string(),
                            expected,
                            current: from,
                        });
                    }
                    out.push(Change::Update(e.clone(), from));
                    next.push((key, from + 1));
                }
            }
        }
        known.extend(next);
        Ok((merged, out))
    }

    /// Makes the current snapshot search with other synonym lists (the caller holds the
    /// writer lock, so no write swaps in a snapshot made before this one).
    pub(crate) fn replace_index_synonyms(&self, synonyms: search::Synonyms) {
        let current = self.snapshot();
        let next = Snapshot {
            catalog: current.catalog.clone(),
            index: current.index.clone().with_synonyms(synonyms),
            revisions: current.revisions.clone(),
            seq: current.seq,
            filter_values: Default::default(),
            unit_links: current.unit_links.clone(),
        };
        self.swap(next);
    }

    fn swap(&self, next: Snapshot) {
        match self.snapshot.write() {
            Ok(mut guard) => *guard = Arc::new(next),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(next),
        }
    }

    /// Take in what other writers (other servers on the same database, or other processes
    /// on the same SQLite file) have written since this server's snapshot. Returns the
    /// number of objects and rule files brought up to date.
    pub async fn catch_up(&self) -> Result<usize, AppError> {
        let _guard = self.writer.lock().await;
        self.catch_up_locked().await
    }

    pub(crate) async fn catch_up_locked(&self) -> Result<usize, AppError> {
        let current = self.snapshot();
        let mut seq = current.seq;
        let mut keys: BTreeSet<(EntityKind, String)> = BTreeSet::new();
        let mut rules = false;
        let mut synonyms = false;
        loop {
            let batch = self.store.changes_since(seq, 10_000).await?;
            let Some(last) = batch.last() else { break };
            seq = last.seq();
            for logged in batch {
                match logged {
                    Logged::Entity { kind, id, revision, .. } => {
                        // This server's own writes are in its snapshot already.
                        if current.revision(kind, &id).is_none_or(|known| known < revision) {
                            keys.insert((kind, id));
                        }
                    }
                    Logged::RuleFile { .. } => rules = true,
                    Logged::Synonyms { .. } => synonyms = true,
                }
            }
            if keys.len() > RELOAD_ABOVE {
                let loaded = self.store.load().await?;
                let n = loaded.catalog.len();
                let stored = self.stored_synonyms();
                let next = tokio::task::spawn_blocking(move || {
                    let mut next = Snapshot::loaded(loaded);
                    if let Some(stored) = stored {
                        next.index = next.index.with_synonyms(stored);
                    }
                    next
                })
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?;
                self.swap(next);
                self.reload_rules().await?;
                self.apply_synonyms_locked().await?;
                tracing::info!(objects = n, "caught up with other writers: catalog reloaded");
                return Ok(n);
            }
        }
        if seq == current.seq {
            return Ok(0);
        }
        let keys: Vec<(EntityKind, String)> = keys.into_iter().collect();
        let objects = if keys.is_empty() { Vec::new() } else { self.store.current(&keys).await? };
        let mut catalog = current.catalog.clone();
        let mut stored = Vec::with_capacity(objects.len());
        for (entity, revision) in objects {
            stored.push((entity.kind(), entity.id().clone(), revision));
            catalog.put(entity);
        }
        let n = stored.len();
        self.swap(next_snapshot(current, catalog, stored, seq).await?);
        if rules {
            self.reload_rules().await?;
        }
        if synonyms {
            self.apply_synonyms_locked().await?;
        }
        if n > 0 || rules || synonyms {
            tracing::info!(objects = n, rules, synonyms, "caught up with other writers");
        }
        Ok(n + usize::from(rules) + usize::from(synonyms))
    }

    /// Follow the change log in the background: every `every`, take in other servers'
    /// writes. A database that cannot be reached is logged once, and followed again when
    /// it returns; reads go on from the snapshot meanwhile.
    pub fn follow(self: &Arc<Self>, every: std::time::Duration) -> tokio::task::JoinHandle<()> {
        let polku = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut failing = false;
            loop {
                tokio::time::sleep(every).await;
                let Some(polku) = polku.upgrade() else { return };
                match polku.catch_up().await {
                    Ok(_) if failing => {
                        failing = false;
                        tracing::info!("the database is reachable again; following other servers' writes");
                    }
                    Ok(_) => {}
                    Err(e) if !failing => {
                        failing = true;
                        tracing::warn!(error = %e, "cannot follow other servers' writes; retrying");
                    }
                    Err(_) => {}
                }
            }
        })
    }
}
