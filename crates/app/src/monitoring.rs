//! Monitoring: events imported (CSV or JSON exports of the county's systems, idempotent by
//! event id, all or nothing), made by Polku's service paths, or generated for the demo;
//! THL's indicators computed by the column engine (`monitor`, DataFusion over Arrow) over
//! the events this server has loaded; alerts when a figure crosses its threshold.
//!
//! The engine's tables are this server's own copy of the events table, caught up with the
//! database before each computation (only the rows after the last one loaded are read), so
//! two servers on one database give the same figures.

use crate::AppError;
use crate::catalog::Polku;
use crate::permit::Action;
use crate::store::{Actor, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::Problem;
use domain::event::{Derived, Event, day_no, from_day_no};
use monitor::columns::{BATCH_ROWS, EventColumns};
use monitor::{Dim, Engine, Indicator, Period, Slice, Table};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The demo county's need coefficients (illustrative; see the file).
pub const DEMO_NEED: &str = include_str!("../../../data/monitoring/need.tsv");
pub const DEMO_AREAS: &str = include_str!("../../../data/access/demo-postal-areas.tsv");

/// One event as stored: the event, its counting columns, its canonical JSON and digest.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub event: Event,
    pub derived: Derived,
    /// The event as canonical JSON: what is loaded back.
    pub body: String,
    /// SHA-256 of `body`: the same id with another digest is a conflict.
    pub digest: String,
}

impl EventRow {
    pub fn new(event: Event) -> EventRow {
        use sha2::Digest;
        let body = serde_json::to_string(&event).unwrap_or_default();
        let digest = format!("{:x}", sha2::Sha256::digest(body.as_bytes()));
        EventRow { derived: event.derived(), event, body, digest }
    }
}

/// What storing a batch of events did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Inserted {
    pub inserted: usize,
    /// Already stored with the same content: left alone.
    pub duplicates: usize,
    /// Already stored with other content: nothing was written.
    pub conflicts: Vec<String>,
}

/// An alert threshold: when the indicator (for the county, or one municipality) in a
/// complete period is below (or above) the threshold, an alert is raised once for that period.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct AlertRule {
    pub id: String,
    pub indicator: String,
    /// None: the county as a whole.
    #[serde(default)]
    pub municipality: Option<String>,
    pub period: String,
    /// `below` or `above`.
    pub direction: String,
    pub threshold: f64,
    /// The responsible manager's e-mail address.
    pub manager: String,
    #[serde(default)]
    pub created_by: String,
}

/// An alert raised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    pub id: String,
    pub rule: String,
    pub indicator: String,
    pub municipality: Option<String>,
    pub period: i32,
    pub value: f64,
    pub threshold: f64,
    pub direction: String,
    pub manager: String,
    pub raised_at: DateTime<Utc>,
}

#[async_trait]
pub trait MonitoringStore: Send + Sync {
    /// Stores the events whose ids are new, all in one transaction. When any id is stored
    /// with other content nothing is written and the ids are returned as conflicts.
    async fn insert_events(&self, rows: &[EventRow], source: &str, at: DateTime<Utc>) -> Result<Inserted, StoreError>;
    /// Stored events after position `seq`, oldest first, at most `limit`: (position, JSON).
    async fn events_after(&self, seq: i64, limit: usize) -> Result<Vec<(i64, String)>, StoreError>;
    /// Stored events at positions within the inclusive ranges, oldest first.
    async fn events_in(&self, ranges: &[(i64, i64)]) -> Result<Vec<(i64, String)>, StoreError>;
    /// Whether an event with this id is stored.
    async fn has_event(&self, id: &str) -> Result<bool, StoreError>;
    /// The population and need tables the same SQL reads in the database.
    async fn set_population(&self, residents: &[(String, u8, u32)], need: &[(String, f64)]) -> Result<(), StoreError>;
    async fn alert_rules(&self) -> Result<Vec<AlertRule>, StoreError>;
    /// Adds or replaces a rule (and its e-mail subscription).
    async fn put_alert_rule(&self, rule: &AlertRule, at: DateTime<Utc>) -> Result<(), StoreError>;
    /// Records an alert and queues its e-mail, once per rule and period: false when it was raised before.
    async fn raise_alert(&self, alert: &Alert, subject: &str, text: &str) -> Result<bool, StoreError>;
    async fn alerts(&self, limit: usize) -> Result<Vec<Alert>, StoreError>;
}

/// This server's loaded events and the engine over them.
struct Loaded {
    seq: i64,
    gaps: Gaps,
    batches: Vec<monitor::columns::RecordBatch>,
    clients: HashMap<String, i32>,
    professionals: HashMap<String, i32>,
    engine: Arc<Engine>,
}

pub(crate) struct MonitoringSide {
    store: Arc<dyn MonitoringStore>,
    loaded: tokio::sync::Mutex<Option<Loaded>>,
    population: Vec<(String, u8, u32)>,
    need: Vec<(String, f64)>,
}

/// How an import's bytes are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

/// What an import did, or would have done.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EventImport {
    pub read: usize,
    pub inserted: usize,
    pub duplicates: usize,
    /// Ids of the catalog the events name that the catalog does not have: kept, and
    /// reported with how many events name them.
    pub unknown_units: BTreeMap<String, usize>,
    pub unknown_services: BTreeMap<String, usize>,
    pub unknown_producers: BTreeMap<String, usize>,
    /// Days between the first and the last event without any event (missing, not zero).
    pub missing_days: Vec<NaiveDate>,
    pub refused: Vec<Problem>,
    pub written: bool,
}

/// The breakdown and range asked for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndicatorQuery {
    pub by: Vec<Dim>,
    pub period: Option<Period>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub filters: Vec<(Dim, String)>,
}

/// One indicator computed, with the same slice of the period before for comparison.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    #[serde(skip)]
    pub indicator: &'static Indicator,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub table: Table,
    /// The same figures for the range of the same length just before.
    pub previous: Table,
    pub missing_days: Vec<NaiveDate>,
    /// Events the figures were computed from.
    pub events: usize,
}

const MAX_IMPORT_PROBLEMS: usize = 100;
/// Events per transaction when the synthetic year is stored.
pub const SYNTHETIC_BATCH: usize = 5_000;

/// Reads an export: CSV with a header naming the event's fields (any order; empty cells are
/// absent values), or a JSON array of events (or `{"events": [...]}`).
pub fn parse_events(bytes: &[u8], format: Format) -> Result<Vec<Event>, Vec<Problem>> {
    match format {
        Format::Json => parse_json(bytes),
        Format::Csv => parse_csv(bytes),
    }
}

fn parse_json(bytes: &[u8]) -> Result<Vec<Event>, Vec<Problem>> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Doc {
        List(Vec<serde_json::Value>),
        Wrapped { events: Vec<serde_json::Value> },
    }
    let doc: Doc = serde_json::from_slice(bytes)
        .map_err(|e| vec![Problem { field: "body".into(), problem: format!("not a JSON array of events: {e}") }])?;
    let values = match doc {
        Doc::List(v) | Doc::Wrapped { events: v } => v,
    };
    let mut out = Vec::with_capacity(values.len());
    let mut problems = Vec::new();
    for (i, v) in values.into_iter().enumerate() {
        match serde_path_to_error::deserialize::<_, Event>(v) {
            Ok(e) => out.push(e),
            Err(e) => problems.push(Problem { field: format!("[{i}].{}", e.path()), problem: e.inner().to_string() }),
        }
        if problems.len() >= MAX_IMPORT_PROBLEMS {
            break;
        }
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}

fn parse_csv(bytes: &[u8]) -> Result<Vec<Event>, Vec<Problem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let header = reader
        .headers()
        .map_err(|e| vec![Problem { field: "line 1".into(), problem: format!("cannot read the header: {e}") }])?
        .clone();
    const FIELDS: [&str; 20] = [
        "id",
        "at",
        "kind",
        "client",
        "age",
        "municipality",
        "area",
        "language",
        "group",
        "service",
        "unit",
        "producer",
        "professional",
        "channel",
        "urgent",
        "started_at",
        "status",
        "value",
        "cost",
        "source",
    ];
    let mut problems = Vec::new();
    for h in header.iter() {
        if !FIELDS.contains(&h) {
            problems.push(Problem {
                field: format!("line 1: {h}"),
                problem: format!("not a field of an event; the fields are {}", FIELDS.join(", ")),
            });
        }
    }
    for required in ["id", "at", "kind", "municipality", "group"] {
        if !header.iter().any(|h| h == required) {
            problems.push(Problem { field: "line 1".into(), problem: format!("the column {required} is missing") });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(Problem { field: format!("line {line}"), problem: e.to_string() });
                continue;
            }
        };
        let mut object = serde_json::Map::new();
        for (h, v) in header.iter().zip(record.iter()) {
            if v.is_empty() {
                continue;
            }
            let value = match h {
                "age" | "value" | "cost" => match v.parse::<f64>() {
                    Ok(n) if h == "age" && n.fract() == 0.0 && (0.0..=255.0).contains(&n) => serde_json::json!(n as u8),
                    Ok(n) if h != "age" => serde_json::json!(n),
                    _ => {
                        problems.push(Problem {
                            field: format!("line {line}: {h}"),
                            problem: format!("{v:?} is not a number"),
                        });
                        continue;
                    }
                },
                "urgent" => match v {
                    "true" | "1" | "yes" => serde_json::json!(true),
                    "false" | "0" | "no" => serde_json::json!(false),
                    _ => {
                        problems.push(Problem {
                            field: format!("line {line}: {h}"),
                            problem: format!("{v:?}: true or false"),
                        });
                        continue;
                    }
                },
                "at" | "started_at" => match domain::event::parse_time(v) {
                    Some(t) => serde_json::json!(t),
                    None => {
                        problems.push(Problem {
                            field: format!("line {line}: {h}"),
                            problem: format!("{v:?} is not a time: YYYY-MM-DDTHH:MM (local) or RFC 3339"),
                        });
                        continue;
                    }
                },
                _ => serde_json::json!(v),
            };
            object.insert(h.to_owned(), value);
        }
        match serde_path_to_error::deserialize::<_, Event>(serde_json::Value::Object(object)) {
            Ok(e) => out.push(e),
            Err(e) => {
                problems.push(Problem { field: format!("line {line}: {}", e.path()), problem: e.inner().to_string() })
            }
        }
        if problems.len() >= MAX_IMPORT_PROBLEMS {
            break;
        }
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}

impl Polku {
    /// Adds monitoring over this store, with the demo county's population and need tables.
    pub fn with_monitoring(mut self, store: Arc<dyn MonitoringStore>) -> Polku {
        let population = demo_population();
        let need = parse_need(DEMO_NEED);
        self.monitoring = Some(Arc::new(MonitoringSide { store, loaded: Default::default(), population, need }));
        self
    }

    fn monitoring(&self) -> Result<&Arc<MonitoringSide>, AppError> {
        self.monitoring.as_ref().ok_or_else(|| AppError::Internal("this Polku keeps no monitoring events".into()))
    }

    /// Imports events all or nothing: every event is checked (each problem names its line
    /// or index and field), the same event twice is stored once, an id stored before with
    /// other content refuses the import. Events naming units, services or producers the
    /// catalog lacks are kept and reported.
    pub async fn import_events(
        &self,
        bytes: &[u8],
        format: Format,
        actor: &Actor,
        dry_run: bool,
    ) -> Result<EventImport, AppError> {
        actor.require(Action::ManageMonitoring)?;
        let events = match parse_events(bytes, format) {
            Ok(e) => e,
            Err(refused) => return Ok(EventImport { refused, ..Default::default() }),
        };
        self.store_events(events, &source_of(actor), dry_run).await
    }

    /// Checks and stores events (see [`Polku::import_events`]), made by Polku itself or the
    /// synthetic generator: all in one transaction.
    pub async fn store_events(&self, events: Vec<Event>, source: &str, dry_run: bool) -> Result<EventImport, AppError> {
        let (mut report, unique) = self.check_events(events);
        if report.refused.is_empty() && !dry_run {
            self.write_events(unique, source, &mut report).await?;
        }
        Ok(report)
    }

    /// What an import would do: each refused field, repeated ids, unknown catalog ids and
    /// days without events; and the events with their repeats dropped.
    fn check_events(&self, events: Vec<Event>) -> (EventImport, Vec<Event>) {
        let mut report = EventImport { read: events.len(), ..Default::default() };
        let snapshot = self.snapshot();
        let catalog = &snapshot.catalog;
        let mut seen: HashMap<&str, &Event> = HashMap::new();
        for (i, e) in events.iter().enumerate() {
            for p in e.problems() {
                if report.refused.len() < MAX_IMPORT_PROBLEMS {
                    report.refused.push(Problem { field: format!("[{i}] {}: {}", e.id, p.field), problem: p.problem });
                }
            }
            if let Some(before) = seen.insert(e.id.as_str(), e)
                && *before != *e
                && report.refused.len() < MAX_IMPORT_PROBLEMS
            {
                report.refused.push(Problem {
                    field: format!("[{i}] {}: id", e.id),
                    problem: "the same id twice with different content".into(),
                });
            }
            let count = |map: &mut BTreeMap<String, usize>, id: &Option<String>, known: &dyn Fn(&str) -> bool| {
                if let Some(id) = id
                    && !known(id)
                {
                    *map.entry(id.clone()).or_default() += 1;
                }
            };
            count(&mut report.unknown_units, &e.unit, &|id| catalog.units.contains_key(id));
            count(&mut report.unknown_services, &e.service, &|id| catalog.services.contains_key(id));
            count(&mut report.unknown_producers, &e.producer, &|id| catalog.organizations.contains_key(id));
        }
        if !report.refused.is_empty() {
            return (report, Vec::new());
        }
        let mut days: Vec<i32> = events.iter().map(|e| day_no(e.at.date())).collect();
        days.sort_unstable();
        days.dedup();
        if let (Some(first), Some(last)) = (days.first(), days.last()) {
            report.missing_days =
                (*first..=*last).filter(|d| days.binary_search(d).is_err()).map(from_day_no).collect();
        }
        let mut unique: Vec<Event> = Vec::with_capacity(events.len());
        let mut ids = std::collections::HashSet::new();
        for e in events {
            if ids.insert(e.id.clone()) {
                unique.push(e);
            } else {
                report.duplicates += 1;
            }
        }
        (report, unique)
    }

    /// Writes checked events in one transaction and adds what it did to `report`; an id
    /// stored before with other content writes nothing and is refused.
    async fn write_events(&self, events: Vec<Event>, source: &str, report: &mut EventImport) -> Result<(), AppError> {
        let side = self.monitoring()?;
        let rows: Vec<EventRow> = tokio::task::spawn_blocking(move || events.into_iter().map(EventRow::new).collect())
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let inserted = side.store.insert_events(&rows, source, self.clock.now()).await?;
        if !inserted.conflicts.is_empty() {
            report.written = false;
            report.refused = inserted
                .conflicts
                .iter()
                .take(MAX_IMPORT_PROBLEMS)
                .map(|id| Problem {
                    field: format!("{id}: id"),
                    problem: "an event with this id was imported before with other content".into(),
                })
                .collect();
            return Ok(());
        }
        report.inserted += inserted.inserted;
        report.duplicates += inserted.duplicates;
        report.written = true;
        Ok(())
    }

    /// The demo county's synthetic year of events, stored (idempotent: the same year and
    /// seed again stores nothing new). Stored in transactions of [`SYNTHETIC_BATCH`] events,
    /// in order, so that a server writing beside it waits for one batch at most, never for
    /// the whole year; a run that stopped half-way is finished by the next one.
    ///
    /// `sample` N > 1 makes the year of one resident in N (of each municipality and age):
    /// quicker to store on a small machine, with shares and times like the whole year's
    /// but counts N times smaller (figures per resident too, as the population is whole).
    pub async fn generate_events(
        &self,
        year: i32,
        seed: u64,
        sample: u32,
        actor: &Actor,
    ) -> Result<EventImport, AppError> {
        actor.require(Action::ManageMonitoring)?;
        if sample == 0 {
            return Err(AppError::invalid("sample", "one resident in N: N is 1 (everyone) or more"));
        }
        let side = self.monitoring()?;
        let population = side.population.clone();
        let events = tokio::task::spawn_blocking(move || {
            let ages: Vec<monitor::synthetic::AgeRow> = population
                .iter()
                .map(|(m, a, c)| monitor::synthetic::AgeRow {
                    municipality: m.clone(),
                    age: *a,
                    count: (*c + sample / 2) / sample,
                })
                .collect();
            let areas = monitor::synthetic::parse_areas(DEMO_AREAS).unwrap_or_default();
            monitor::synthetic::generate(
                &ages,
                &areas,
                &monitor::synthetic::demo_sites(),
                &monitor::synthetic::Config { year, seed },
            )
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
        let (mut report, unique) = self.check_events(events);
        if !report.refused.is_empty() {
            return Ok(report);
        }
        // Batches are stored in order, each whole or not at all: the last one stored means all are.
        if let Some(last) = unique.last()
            && side.store.has_event(&last.id).await?
        {
            report.duplicates += unique.len();
            report.written = true;
            return Ok(report);
        }
        for batch in unique.chunks(SYNTHETIC_BATCH) {
            self.write_events(batch.to_vec(), "synthetic", &mut report).await?;
            if !report.refused.is_empty() {
                break;
            }
        }
        Ok(report)
    }

    /// Loads the events stored since the last call into this server's engine and returns it.
    pub async fn monitoring_engine(&self) -> Result<Arc<Engine>, AppError> {
        let side = self.monitoring()?;
        let mut guard = side.loaded.lock().await;
        let (mut seq, mut gaps, mut batches, mut clients, mut professionals, engine) = match guard.take() {
            Some(l) => (l.seq, l.gaps, l.batches, l.clients, l.professionals, Some(l.engine)),
            None => (0, Gaps::default(), Vec::new(), HashMap::new(), HashMap::new(), None),
        };
        let now = std::time::Instant::now();
        let mut changed = false;
        // Positions skipped before that have turned up since.
        let mut found = Vec::new();
        if !gaps.is_empty() {
            found = side.store.events_in(&gaps.ranges()).await?;
            gaps.fill(found.iter().map(|r| r.0), now);
        }
        loop {
            let mut rows = side.store.events_after(seq, 200_000).await?;
            if rows.is_empty() && found.is_empty() {
                break;
            }
            changed = true;
            gaps.note(seq, rows.iter().map(|r| r.0), now);
            seq = rows.last().map(|r| r.0).unwrap_or(seq);
            rows.append(&mut found);
            let (new, c, p) = tokio::task::spawn_blocking(move || to_batches(rows, clients, professionals))
                .await
                .map_err(|e| AppError::Internal(e.to_string()))??;
            batches.extend(new);
            clients = c;
            professionals = p;
        }
        let engine = match engine {
            Some(engine) if !changed => engine,
            _ => Arc::new(
                Engine::new(
                    batches.clone(),
                    monitor::columns::population_batch(&side.population),
                    monitor::columns::need_batch(&side.need),
                    2,
                )
                .map_err(|e| AppError::Internal(e.to_string()))?,
            ),
        };
        *guard = Some(Loaded { seq, gaps, batches, clients, professionals, engine: engine.clone() });
        Ok(engine)
    }

    /// One indicator for a breakdown and range (default: the last twelve full months of
    /// data by month), with the same figures for the range just before.
    pub async fn indicator(&self, id: &str, query: &IndicatorQuery) -> Result<IndicatorView, AppError> {
        let indicator =
            monitor::indicator(id).ok_or_else(|| AppError::NotFound { kind: "indicator", id: id.into() })?;
        let allowed = || indicator.dims.iter().map(|d| d.code()).collect::<Vec<_>>().join(", ");
        if let Some(d) = query.by.iter().find(|d| !indicator.allows(**d)) {
            let problem = format!("{id} cannot be broken down by {}; it can by: {}", d.code(), allowed());
            return Err(AppError::invalid("by", problem));
        }
        // A filter is named by its dimension (`municipality=638`).
        if let Some((d, _)) = query.filters.iter().find(|(d, _)| !indicator.allows(*d)) {
            return Err(AppError::invalid(d.code(), format!("{id} has no figures by {}", d.code())));
        }
        let engine = self.monitoring_engine().await?;
        let (from, to) = self.range(&engine, query)?;
        let slice = Slice {
            by: query.by.clone(),
            period: query.period,
            from_day: day_no(from),
            to_day: day_no(to),
            filters: query.filters.clone(),
        };
        let length = slice.to_day - slice.from_day + 1;
        let before = Slice { from_day: slice.from_day - length, to_day: slice.from_day - 1, ..slice.clone() };
        let table = engine.compute(indicator, &slice).await.map_err(engine_error)?;
        let previous = engine.compute(indicator, &before).await.map_err(engine_error)?;
        let missing_days = engine.missing_days(slice.from_day, slice.to_day).into_iter().map(from_day_no).collect();
        Ok(IndicatorView { indicator, from, to, table, previous, missing_days, events: engine.rows() })
    }

    /// The range asked for, or the last twelve months of the data (from the first of the
    /// month eleven months before the last event's month).
    fn range(&self, engine: &Engine, query: &IndicatorQuery) -> Result<(NaiveDate, NaiveDate), AppError> {
        use chrono::Datelike;
        let last = engine.span().map(|(_, l)| from_day_no(l)).unwrap_or_else(|| self.clock.today());
        let to = query.to.unwrap_or(last);
        let from = query.from.unwrap_or_else(|| {
            let first_of_month = to.with_day(1).unwrap_or(to);
            first_of_month.checked_sub_months(chrono::Months::new(11)).unwrap_or(first_of_month)
        });
        if from > to {
            return Err(AppError::invalid("from", format!("{from} is after {to}")));
        }
        if (to - from).num_days() > 3660 {
            return Err(AppError::invalid("to", "at most ten years at a time"));
        }
        Ok((from, to))
    }

    pub async fn alert_rules(&self, actor: &Actor) -> Result<Vec<AlertRule>, AppError> {
        actor.require(Action::ManageMonitoring)?;
        Ok(self.monitoring()?.store.alert_rules().await?)
    }

    /// Adds or replaces an alert threshold; every field is checked.
    pub async fn put_alert_rule(&self, mut rule: AlertRule, actor: &Actor) -> Result<AlertRule, AppError> {
        actor.require(Action::ManageMonitoring)?;
        let mut problems = Vec::new();
        let mut bad = |field: &str, problem: String| problems.push(Problem { field: field.into(), problem });
        if rule.id.is_empty()
            || rule.id.len() > 64
            || !rule.id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            bad("id", "1–64 letters, digits, - or _".into());
        }
        match monitor::indicator(&rule.indicator) {
            None => bad("indicator", format!("{:?} is not an indicator", rule.indicator)),
            Some(i) if rule.municipality.is_some() && !i.allows(Dim::Municipality) => {
                bad("municipality", format!("{} has no figures by municipality", i.id))
            }
            _ => {}
        }
        if let Some(m) = &rule.municipality
            && domain::Reference::get().municipality(m).is_none()
        {
            bad("municipality", format!("{m:?} is not a municipality code"));
        }
        if Period::parse(&rule.period).is_none() {
            bad("period", "week, month or year".into());
        }
        if !matches!(rule.direction.as_str(), "below" | "above") {
            bad("direction", "below or above".into());
        }
        if !rule.threshold.is_finite() {
            bad("threshold", "a number".into());
        }
        if !(rule.manager.contains('@') && rule.manager.len() <= 254 && !rule.manager.contains(char::is_whitespace)) {
            bad("manager", "the responsible manager's e-mail address".into());
        }
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        rule.created_by = actor.label();
        self.monitoring()?.store.put_alert_rule(&rule, self.clock.now()).await?;
        Ok(rule)
    }

    /// Checks every rule against the last complete period of its kind and raises the
    /// alerts not raised before; returns the new ones.
    pub async fn check_alerts(&self) -> Result<Vec<Alert>, AppError> {
        let side = self.monitoring()?;
        let rules = side.store.alert_rules().await?;
        if rules.is_empty() {
            return Ok(Vec::new());
        }
        let engine = self.monitoring_engine().await?;
        let Some((first, last)) = engine.span() else { return Ok(Vec::new()) };
        let mut raised = Vec::new();
        for rule in rules {
            let (Some(indicator), Some(period)) = (monitor::indicator(&rule.indicator), Period::parse(&rule.period))
            else {
                continue;
            };
            let filters = rule.municipality.iter().map(|m| (Dim::Municipality, m.clone())).collect();
            let slice = Slice { by: vec![], period: Some(period), from_day: first, to_day: last, filters };
            let table = engine.compute(indicator, &slice).await.map_err(engine_error)?;
            // Only complete periods: the last day's period may still be filling.
            let open = monitor::engine::period_of(period, last);
            let complete_after = monitor::engine::period_of(period, first);
            for cell in table.cells.iter().filter(|c| c.period != open && c.period != complete_after) {
                let Some(value) = cell.value else { continue };
                let breach = if rule.direction == "below" { value < rule.threshold } else { value > rule.threshold };
                if !breach {
                    continue;
                }
                let alert = Alert {
                    id: format!("{}-{}", rule.id, cell.period),
                    rule: rule.id.clone(),
                    indicator: rule.indicator.clone(),
                    municipality: rule.municipality.clone(),
                    period: cell.period,
                    value,
                    threshold: rule.threshold,
                    direction: rule.direction.clone(),
                    manager: rule.manager.clone(),
                    raised_at: self.clock.now(),
                };
                let (subject, text) = alert_email(indicator, &alert);
                if side.store.raise_alert(&alert, &subject, &text).await? {
                    raised.push(alert);
                }
            }
        }
        Ok(raised)
    }

    pub async fn alerts(&self, actor: &Actor) -> Result<Vec<Alert>, AppError> {
        actor.require(Action::ManageMonitoring)?;
        Ok(self.monitoring()?.store.alerts(500).await?)
    }

    /// Writes the population and need tables to the database, so that the indicators' SQL
    /// runs there too (PostgreSQL as the data warehouse).
    pub async fn publish_population(&self) -> Result<(), AppError> {
        let side = self.monitoring()?;
        Ok(side.store.set_population(&side.population, &side.need).await?)
    }
}

fn engine_error(e: monitor::EngineError) -> AppError {
    match e {
        monitor::EngineError::Breakdown { .. } => AppError::invalid("by", e.to_string()),
        monitor::EngineError::Engine(m) => AppError::Internal(m),
    }
}

fn source_of(actor: &Actor) -> String {
    format!("import by {}", actor.label())
}

/// The alert's e-mail in Finnish, Swedish and English: which figure, where, when, how far.
fn alert_email(indicator: &Indicator, alert: &Alert) -> (String, String) {
    use domain::Lang;
    let place = alert.municipality.as_deref().and_then(|m| domain::Reference::get().municipality(m));
    let name = |lang: Lang| place.map(|m| m.name.show(lang).to_owned());
    let subject = format!("Polku: {} {:.1} ({})", indicator.id, alert.value, alert.period);
    let mut text = String::new();
    for (lang, below, above, county) in [
        (Lang::Fi, "alle", "yli", "koko hyvinvointialue"),
        (Lang::Sv, "under", "över", "hela välfärdsområdet"),
        (Lang::En, "below", "above", "the whole county"),
    ] {
        text.push_str(&format!(
            "{}: {:.1} ({} {}) — {}, {}\n",
            indicator.name(lang),
            alert.value,
            if alert.direction == "below" { below } else { above },
            alert.threshold,
            name(lang).unwrap_or_else(|| county.into()),
            alert.period,
        ));
    }
    (subject, text)
}

/// Record batches, and the client and professional numbers interned so far.
type Batches = (Vec<monitor::columns::RecordBatch>, HashMap<String, i32>, HashMap<String, i32>);

/// The monitoring event of a referral's latest change of state, as Polku's service paths
/// record it in the same transaction (id `polku-referral-{referral}-{seq}`, `status` the
/// FHIR Task state, `started_at` when it was sent). Pseudonymous: the client and the
/// acting professional by keyed hashes ([`crate::clients::Pseudonyms`]), the client by age
/// that day, municipality of residence and language; the service's group by its PTV
/// classes. None when the client's record names no municipality (every figure is by
/// residence).
pub fn referral_event(
    details: &domain::client::ClientDetails,
    referral: &crate::referrals::ReferralRecord,
    service_classes: &[String],
    pseudonyms: &crate::clients::Pseudonyms,
) -> Option<Event> {
    let change = referral.events.last()?;
    let municipality = details.municipality.clone()?;
    let local = |t: DateTime<Utc>| domain::event::finnish_local(t.naive_utc());
    let at = local(change.at);
    Some(Event {
        id: format!("polku-referral-{}-{}", referral.id, change.seq),
        at,
        kind: domain::event::Kind::Referral,
        client: pseudonyms.of(&referral.client),
        age: u8::try_from(details.hetu.age_on(at.date())).ok().map(|a| a.min(120)),
        municipality,
        area: None,
        language: match details.language {
            domain::client::ClientLang::Fi => Some(domain::event::Language::Fi),
            domain::client::ClientLang::Sv => Some(domain::event::Language::Sv),
            domain::client::ClientLang::Other => Some(domain::event::Language::Other),
        },
        group: domain::event::Group::of_service_classes(service_classes),
        service: Some(referral.service.clone()),
        unit: None,
        producer: Some(referral.to_organization.clone()),
        professional: Some(pseudonyms.of(&format!("staff:{}", change.by))),
        channel: None,
        urgent: None,
        started_at: referral.requested_at.map(local).filter(|s| *s <= at),
        status: Some(change.status.code().to_owned()),
        value: None,
        cost: None,
        source: "polku".into(),
    })
}

/// How long a skipped position is asked for again before it counts as never written.
const GAP_SETTLE: std::time::Duration = std::time::Duration::from_secs(600);

/// Positions below the highest loaded one that were not there when read. On PostgreSQL a
/// transaction takes its positions when it inserts and they become visible when it
/// commits, so a slow writer's events can appear below positions already loaded; each
/// skipped range is asked for again until it turns up or has been missing for
/// [`GAP_SETTLE`] (a rolled-back batch never turns up).
#[derive(Debug, Default)]
struct Gaps(Vec<(i64, i64, std::time::Instant)>);

impl Gaps {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn ranges(&self) -> Vec<(i64, i64)> {
        self.0.iter().map(|(a, b, _)| (*a, *b)).collect()
    }

    /// Records the holes in `seqs` (ascending), read after position `after`.
    fn note(&mut self, after: i64, seqs: impl Iterator<Item = i64>, now: std::time::Instant) {
        let mut previous = after;
        for s in seqs {
            if s > previous + 1 {
                self.0.push((previous + 1, s - 1, now));
            }
            previous = s;
        }
    }

    /// Removes the positions found and the ranges missing for longer than [`GAP_SETTLE`].
    fn fill(&mut self, found: impl Iterator<Item = i64>, now: std::time::Instant) {
        for s in found {
            if let Some(i) = self.0.iter().position(|(a, b, _)| (*a..=*b).contains(&s)) {
                let (a, b, since) = self.0.remove(i);
                if a < s {
                    self.0.push((a, s - 1, since));
                }
                if s < b {
                    self.0.push((s + 1, b, since));
                }
            }
        }
        self.0.retain(|(_, _, since)| now.duration_since(*since) < GAP_SETTLE);
        self.0.sort_unstable_by_key(|g| g.0);
    }
}

fn to_batches(
    rows: Vec<(i64, String)>,
    mut clients: HashMap<String, i32>,
    mut professionals: HashMap<String, i32>,
) -> Result<Batches, AppError> {
    let mut cols = EventColumns::new();
    let mut out = Vec::new();
    for (seq, body) in rows {
        let e: Event = serde_json::from_str(&body)
            .map_err(|err| AppError::Internal(format!("stored event at {seq} cannot be read: {err}")))?;
        let c = (!e.client.is_empty()).then(|| {
            let n = clients.len() as i32;
            *clients.entry(e.client.clone()).or_insert(n)
        });
        let p = e.professional.as_ref().map(|x| {
            let n = professionals.len() as i32;
            *professionals.entry(x.clone()).or_insert(n)
        });
        cols.push(&e, &e.derived(), c, p);
        if cols.len() >= BATCH_ROWS {
            out.push(cols.finish());
        }
    }
    if !cols.is_empty() {
        out.push(cols.finish());
    }
    Ok((out, clients, professionals))
}

/// The demo county's residents by municipality and age (sexes summed).
pub fn demo_population() -> Vec<(String, u8, u32)> {
    monitor::synthetic::parse_ages(crate::eligibility::DEMO_AGE_SEX)
        .unwrap_or_default()
        .into_iter()
        .map(|r| (r.municipality, r.age, r.count))
        .collect()
}

/// `municipality<TAB>coefficient` lines; `#` comments and the header skipped.
pub fn parse_need(tsv: &str) -> Vec<(String, f64)> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (m, c) = l.split_once('\t')?;
            Some((m.trim().to_owned(), c.trim().parse().ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{GAP_SETTLE, Gaps};
    use std::time::{Duration, Instant};

    #[test]
    fn skipped_positions_are_asked_for_until_they_turn_up_or_settle() {
        let t0 = Instant::now();
        let mut gaps = Gaps::default();
        // Read after 10: 11, 12, 15, 16, 20 — 13–14 and 17–19 were not yet committed.
        gaps.note(10, [11, 12, 15, 16, 20].into_iter(), t0);
        assert_eq!(gaps.ranges(), [(13, 14), (17, 19)]);
        // 18 commits: the range splits around it.
        gaps.fill([18].into_iter(), t0 + Duration::from_secs(1));
        assert_eq!(gaps.ranges(), [(13, 14), (17, 17), (19, 19)]);
        gaps.fill([13, 14, 17].into_iter(), t0 + Duration::from_secs(2));
        assert_eq!(gaps.ranges(), [(19, 19)]);
        // 19 never commits (a rolled-back batch): after GAP_SETTLE it is no longer asked for.
        gaps.fill(std::iter::empty(), t0 + GAP_SETTLE - Duration::from_secs(1));
        assert_eq!(gaps.ranges(), [(19, 19)]);
        gaps.fill(std::iter::empty(), t0 + GAP_SETTLE);
        assert!(gaps.is_empty());
        // Consecutive positions leave no gap.
        gaps.note(0, 1..=5, t0);
        assert!(gaps.is_empty());
    }
}
