//! Capacity and waiting lists, the data that choice needs: places per unit and kind with
//! their occupancy over time, appointment supply (free times or the unit's T3), waiting
//! lists with priority and the decision's date, and the voucher terms of producers.
//!
//! Stored through [`CapacityStore`] (not client data: a waiting-list entry carries the
//! producer's own case reference, never the client's identity). Imports from CSV or JSON
//! are all-or-nothing, each problem named by line and column or JSON path. A waiting-list
//! entry is changed only from the revision it was read at (optimistic concurrency).

use std::collections::BTreeSet;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use domain::Problem;
use serde::{Deserialize, Serialize};

use crate::catalog::Polku;
use crate::error::AppError;
use crate::permit::Action;
use crate::store::{Actor, StoreError};

/// The window over which queue turnover is measured (see `navigation::waiting`).
pub use navigation::waiting::TURNOVER_DAYS;

/// Places of one kind at a unit on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlacesRow {
    pub unit: String,
    pub kind: String,
    pub as_of: NaiveDate,
    pub places: u32,
    pub occupied: u32,
}

/// Free appointment times of a service at a unit, as reported on a day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppointmentsRow {
    pub unit: String,
    pub service: String,
    pub as_of: NaiveDate,
    /// Days to the third free non-urgent time, if the unit reports it.
    #[serde(default)]
    pub t3_days: Option<f32>,
    /// One date per free time.
    #[serde(default)]
    pub free_times: Vec<NaiveDate>,
}

/// A client on a waiting list, by the producer's own case reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaitingRow {
    pub unit: String,
    pub service: String,
    pub reference: String,
    /// 1 most urgent, 3 least.
    pub priority: u8,
    pub decided_on: NaiveDate,
    pub entered_on: NaiveDate,
    #[serde(default)]
    pub left_on: Option<NaiveDate>,
    /// Left into a place (rather than withdrew).
    #[serde(default)]
    pub placed: bool,
}

/// A stored waiting-list entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WaitingEntry {
    pub id: String,
    #[serde(flatten)]
    pub row: WaitingRow,
    pub revision: i64,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
    /// The legal clock of a client still waiting: the decision put into effect by this day
    /// (`data/navigation/county.toml`, `waiting_limit`); filled in by [`Polku::capacity`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<NaiveDate>,
    /// The deadline has passed and the client still waits.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub overdue: bool,
}

/// A voucher producer's price and the county's voucher value for a service at a unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoucherRow {
    pub unit: String,
    pub service: String,
    pub as_of: NaiveDate,
    /// The producer's price, euros per the voucher's unit (hour, visit, month).
    pub price: f32,
    pub voucher_value: f32,
}

/// Everything an import brings, written in one transaction.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapacityBatch {
    #[serde(default)]
    pub places: Vec<PlacesRow>,
    #[serde(default)]
    pub appointments: Vec<AppointmentsRow>,
    #[serde(default)]
    pub waiting: Vec<WaitingRow>,
    #[serde(default)]
    pub vouchers: Vec<VoucherRow>,
}

impl CapacityBatch {
    pub fn len(&self) -> usize {
        self.places.len() + self.appointments.len() + self.waiting.len() + self.vouchers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What is known of capacity for some units: the latest places and appointments on or
/// before the day asked for, every waiting entry (open, and those that left in the
/// turnover window), the latest voucher terms.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CapacityView {
    pub places: Vec<PlacesRow>,
    pub appointments: Vec<AppointmentsRow>,
    pub waiting: Vec<WaitingEntry>,
    pub vouchers: Vec<VoucherRow>,
}

/// How an entry changes: it leaves the list (placed or not), or its priority changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaitingChange {
    #[serde(default)]
    pub priority: Option<u8>,
    #[serde(default)]
    pub left_on: Option<NaiveDate>,
    #[serde(default)]
    pub placed: Option<bool>,
}

/// Capacity as stored (implemented by `store-sql`).
#[async_trait]
pub trait CapacityStore: Send + Sync {
    /// Writes a whole batch in one transaction: places, appointments and voucher terms
    /// replace the row of the same unit, kind or service and day; waiting rows replace
    /// the entry with the same unit, service and reference (a new revision).
    async fn import(&self, batch: &CapacityBatch, by: &str, at: DateTime<Utc>) -> Result<(), StoreError>;
    /// The view for these units (all when empty) on `day`.
    async fn view(&self, units: &[String], day: NaiveDate) -> Result<CapacityView, StoreError>;
    async fn waiting_entry(&self, id: &str) -> Result<Option<WaitingEntry>, StoreError>;
    /// Changes an entry from `revision`: [`StoreError::StaleRecord`] when it is at another.
    async fn change_waiting(
        &self,
        id: &str,
        revision: i64,
        change: &WaitingChange,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<WaitingEntry, StoreError>;
    /// Places rows of a unit over time (occupancy history), oldest first.
    async fn places_history(&self, unit: &str) -> Result<Vec<PlacesRow>, StoreError>;
}

fn problem(field: impl Into<String>, problem: impl Into<String>) -> Problem {
    Problem { field: field.into(), problem: problem.into() }
}

fn well_formed(id: &str) -> bool {
    (1..=100).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._:-".contains(&b))
}

/// Reads a batch from JSON (`{places, appointments, waiting, vouchers}`), every problem
/// with its JSON path.
pub fn batch_from_json(bytes: &[u8]) -> Result<CapacityBatch, AppError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        AppError::Invalid(vec![problem(if path == "." { String::new() } else { path }, e.into_inner().to_string())])
    })
}

/// The CSV shapes, told apart by their header row.
const CSV_SHAPES: [(&str, &[&str]); 4] = [
    ("places", &["unit", "kind", "as_of", "places", "occupied"]),
    ("appointments", &["unit", "service", "as_of", "t3_days", "free_times"]),
    ("waiting", &["unit", "service", "reference", "priority", "decided_on", "entered_on", "left_on", "placed"]),
    ("vouchers", &["unit", "service", "as_of", "price", "voucher_value"]),
];

/// Reads a batch from CSV: one of four shapes, told by the header (`unit,kind,as_of,places,
/// occupied`; `unit,service,as_of,t3_days,free_times` with the free times as
/// `2026-12-04;2026-12-09`; `unit,service,reference,priority,decided_on,entered_on,left_on,
/// placed`; `unit,service,as_of,price,voucher_value`). A byte-order mark and CRLF line ends
/// are fine; every problem names `line:column`.
pub fn batch_from_csv(bytes: &[u8]) -> Result<CapacityBatch, AppError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(bytes);
    let header: Vec<String> =
        reader.headers().map_err(|e| AppError::invalid("1:1", e.to_string()))?.iter().map(str::to_owned).collect();
    let Some((shape, columns)) =
        CSV_SHAPES.iter().find(|(_, cols)| header.iter().map(String::as_str).eq(cols.iter().copied()))
    else {
        let shapes: Vec<String> = CSV_SHAPES.iter().map(|(n, c)| format!("{n}: {}", c.join(","))).collect();
        return Err(AppError::invalid(
            "1:1",
            format!("the header is none of the known shapes ({})", shapes.join("; ")),
        ));
    };
    let mut batch = CapacityBatch::default();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(problem(format!("{line}:1"), e.to_string()));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: usize| record.get(i).unwrap_or("");
        let mut bad = |i: usize, what: String| problems.push(problem(format!("{line}:{}", i + 1), what));
        let date = |i: usize, bad: &mut dyn FnMut(usize, String)| -> Option<NaiveDate> {
            field(i)
                .parse()
                .map_err(|_| bad(i, format!("`{}` is not a date (YYYY-MM-DD) for {}", field(i), columns[i])))
                .ok()
        };
        let opt_date = |i: usize, bad: &mut dyn FnMut(usize, String)| -> Option<Option<NaiveDate>> {
            if field(i).is_empty() { Some(None) } else { date(i, bad).map(Some) }
        };
        let number = |i: usize, bad: &mut dyn FnMut(usize, String)| -> Option<f64> {
            field(i).parse::<f64>().ok().filter(|x| x.is_finite() && *x >= 0.0).or_else(|| {
                bad(i, format!("`{}` is not a number of 0 or more for {}", field(i), columns[i]));
                None
            })
        };
        match *shape {
            "places" => {
                let (as_of, places, occupied) = (date(2, &mut bad), number(3, &mut bad), number(4, &mut bad));
                if let (Some(as_of), Some(places), Some(occupied)) = (as_of, places, occupied) {
                    batch.places.push(PlacesRow {
                        unit: field(0).into(),
                        kind: field(1).into(),
                        as_of,
                        places: places as u32,
                        occupied: occupied as u32,
                    });
                }
            }
            "appointments" => {
                let as_of = date(2, &mut bad);
                let t3 = if field(3).is_empty() { Some(None) } else { number(3, &mut bad).map(|x| Some(x as f32)) };
                let mut free = Some(Vec::new());
                for part in field(4).split(';').map(str::trim).filter(|p| !p.is_empty()) {
                    match part.parse() {
                        Ok(d) => free.as_mut().map(|f| f.push(d)).unwrap_or(()),
                        Err(_) => {
                            bad(4, format!("`{part}` is not a date (YYYY-MM-DD) in free_times"));
                            free = None;
                        }
                    }
                }
                if let (Some(as_of), Some(t3_days), Some(free_times)) = (as_of, t3, free) {
                    batch.appointments.push(AppointmentsRow {
                        unit: field(0).into(),
                        service: field(1).into(),
                        as_of,
                        t3_days,
                        free_times,
                    });
                }
            }
            "waiting" => {
                let priority = field(3).parse::<u8>().ok();
                if priority.is_none() {
                    bad(3, format!("`{}` is not a priority (1, 2 or 3)", field(3)));
                }
                let (decided, entered, left) = (date(4, &mut bad), date(5, &mut bad), opt_date(6, &mut bad));
                let placed = match field(7) {
                    "" | "false" | "no" | "0" => Some(false),
                    "true" | "yes" | "1" => Some(true),
                    other => {
                        bad(7, format!("`{other}` is not true or false for placed"));
                        None
                    }
                };
                if let (Some(priority), Some(decided_on), Some(entered_on), Some(left_on), Some(placed)) =
                    (priority, decided, entered, left, placed)
                {
                    batch.waiting.push(WaitingRow {
                        unit: field(0).into(),
                        service: field(1).into(),
                        reference: field(2).into(),
                        priority,
                        decided_on,
                        entered_on,
                        left_on,
                        placed,
                    });
                }
            }
            _ => {
                let (as_of, price, value) = (date(2, &mut bad), number(3, &mut bad), number(4, &mut bad));
                if let (Some(as_of), Some(price), Some(voucher_value)) = (as_of, price, value) {
                    batch.vouchers.push(VoucherRow {
                        unit: field(0).into(),
                        service: field(1).into(),
                        as_of,
                        price: price as f32,
                        voucher_value: voucher_value as f32,
                    });
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    Ok(batch)
}

impl Polku {
    pub(crate) fn capacity_store(&self) -> Result<&dyn CapacityStore, AppError> {
        self.capacity.as_deref().ok_or_else(|| AppError::Internal("this Polku has no capacity store".into()))
    }

    /// Sets the store of capacity and waiting lists.
    pub fn with_capacity(mut self, store: std::sync::Arc<dyn CapacityStore>) -> Polku {
        self.capacity = Some(store);
        self
    }

    /// Checks a batch against the catalog: units that exist, services the unit offers,
    /// kinds of place the unit has, numbers that make sense. Every problem names its row.
    fn check_batch(&self, batch: &CapacityBatch, actor: &Actor) -> Result<(), AppError> {
        let snapshot = self.snapshot();
        let catalog = &snapshot.catalog;
        let mut problems = Vec::new();
        let own = match actor {
            Actor::User(p) if !p.has(domain::client::Role::CatalogEditor) => {
                Some(p.organization.as_ref().map(|o| o.to_string()).unwrap_or_default())
            }
            _ => None,
        };
        let unit_ok = |path: String, unit: &str, problems: &mut Vec<Problem>| -> Option<&domain::Unit> {
            let found = domain::Id::parse(unit).ok().and_then(|id| catalog.units.get(&id));
            match found {
                None => {
                    problems.push(problem(format!("{path}.unit"), format!("no unit `{unit}` in the catalog")));
                    None
                }
                Some(u) if own.as_ref().is_some_and(|o| u.organization.as_str() != o) => {
                    problems.push(problem(
                        format!("{path}.unit"),
                        format!(
                            "the unit `{unit}` is {}'s: a producer records capacity for its own units only",
                            u.organization
                        ),
                    ));
                    None
                }
                Some(u) => Some(u),
            }
        };
        let offers = |unit: &domain::Unit, service: &str| {
            snapshot.services_at(&unit.id).iter().any(|s| s.id.as_str() == service)
        };
        for (i, r) in batch.places.iter().enumerate() {
            let path = format!("places[{i}]");
            if let Some(u) = unit_ok(path.clone(), &r.unit, &mut problems)
                && !u.capacity.iter().any(|c| c.kind == r.kind)
            {
                let kinds: Vec<&str> = u.capacity.iter().map(|c| c.kind.as_str()).collect();
                problems.push(problem(
                    format!("{path}.kind"),
                    format!("the unit `{}` has no places of kind `{}` ({})", r.unit, r.kind, kinds.join(", ")),
                ));
            }
            if r.occupied > r.places {
                problems.push(problem(format!("{path}.occupied"), "more places occupied than there are"));
            }
        }
        for (i, r) in batch.appointments.iter().enumerate() {
            let path = format!("appointments[{i}]");
            if let Some(u) = unit_ok(path.clone(), &r.unit, &mut problems)
                && !offers(u, &r.service)
            {
                problems.push(problem(
                    format!("{path}.service"),
                    format!("the unit `{}` does not offer `{}`", r.unit, r.service),
                ));
            }
            if r.t3_days.is_some_and(|d| !(0.0..=3650.0).contains(&d)) {
                problems.push(problem(format!("{path}.t3_days"), "T3 is 0–3650 days"));
            }
            if r.t3_days.is_none() && r.free_times.is_empty() {
                problems.push(problem(path.clone(), "give t3_days or the free times"));
            }
        }
        let mut seen = BTreeSet::new();
        for (i, r) in batch.waiting.iter().enumerate() {
            let path = format!("waiting[{i}]");
            if let Some(u) = unit_ok(path.clone(), &r.unit, &mut problems)
                && !offers(u, &r.service)
            {
                problems.push(problem(
                    format!("{path}.service"),
                    format!("the unit `{}` does not offer `{}`", r.unit, r.service),
                ));
            }
            if !well_formed(&r.reference.to_lowercase()) {
                problems.push(problem(
                    format!("{path}.reference"),
                    "the producer's case reference is 1–100 letters, digits and . _ : - (never an identity code)",
                ));
            }
            if domain::client::Hetu::parse(&r.reference).is_ok() {
                problems.push(problem(
                    format!("{path}.reference"),
                    "a waiting list keeps the producer's own reference, not an identity code",
                ));
            }
            if !(1..=3).contains(&r.priority) {
                problems.push(problem(format!("{path}.priority"), "the priority is 1 (most urgent), 2 or 3"));
            }
            if r.entered_on < r.decided_on {
                problems.push(problem(format!("{path}.entered_on"), "entered the list before the decision"));
            }
            if r.left_on.is_some_and(|l| l < r.entered_on) {
                problems.push(problem(format!("{path}.left_on"), "left the list before entering it"));
            }
            if r.placed && r.left_on.is_none() {
                problems.push(problem(format!("{path}.placed"), "placed, but not left the list (left_on)"));
            }
            if !seen.insert((&r.unit, &r.service, &r.reference)) {
                problems.push(problem(path, "the same reference twice in one import"));
            }
        }
        for (i, r) in batch.vouchers.iter().enumerate() {
            let path = format!("vouchers[{i}]");
            if let Some(u) = unit_ok(path.clone(), &r.unit, &mut problems) {
                let service = domain::Id::parse(&r.service).ok().and_then(|id| catalog.services.get(&id));
                if !offers(u, &r.service) || !service.is_some_and(|s| s.voucher_in_use) {
                    problems.push(problem(
                        format!("{path}.service"),
                        format!("`{}` is not a voucher service offered at `{}`", r.service, r.unit),
                    ));
                }
            }
            if !(r.price.is_finite() && r.voucher_value.is_finite()) || r.price < 0.0 || r.voucher_value < 0.0 {
                problems.push(problem(path, "prices are euros of 0 or more"));
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(AppError::Invalid(problems)) }
    }

    /// Imports capacity and waiting lists, all or nothing. A producer's professional may
    /// import for their organisation's units, a catalog editor for any.
    pub async fn import_capacity(&self, batch: &CapacityBatch, actor: &Actor) -> Result<usize, AppError> {
        actor.require(Action::WriteCapacity)?;
        if batch.is_empty() {
            return Err(AppError::invalid("", "nothing to import: give places, appointments, waiting or vouchers"));
        }
        self.check_batch(batch, actor)?;
        self.capacity_store()?.import(batch, &actor.label(), self.clock.now()).await?;
        tracing::info!(rows = batch.len(), actor = %actor.label(), "capacity imported");
        Ok(batch.len())
    }

    /// Capacity of these units (all when empty) today, each waiting client with the legal
    /// clock on their decision.
    pub async fn capacity(&self, units: &[String]) -> Result<CapacityView, AppError> {
        let today = self.clock.today();
        let mut view = self.capacity_store()?.view(units, today).await?;
        let limit = &crate::navigation::library().county.waiting_limit;
        for w in view.waiting.iter_mut().filter(|w| w.row.left_on.is_none()) {
            if w.row.decided_on >= limit.valid_from {
                let due = navigation::waiting::deadline(w.row.decided_on, limit.months);
                w.deadline = Some(due);
                w.overdue = due < today;
            }
        }
        Ok(view)
    }

    pub async fn places_history(&self, unit: &str) -> Result<Vec<PlacesRow>, AppError> {
        Ok(self.capacity_store()?.places_history(unit).await?)
    }

    /// Changes a waiting-list entry from the revision it was read at.
    pub async fn change_waiting(
        &self,
        id: &str,
        revision: i64,
        change: &WaitingChange,
        actor: &Actor,
    ) -> Result<WaitingEntry, AppError> {
        actor.require(Action::WriteCapacity)?;
        let store = self.capacity_store()?;
        let entry = store
            .waiting_entry(id)
            .await?
            .ok_or_else(|| AppError::NotFound { kind: "waiting entry", id: id.into() })?;
        let mut row = entry.row.clone();
        if let Some(p) = change.priority {
            row.priority = p;
        }
        if change.left_on.is_some() {
            row.left_on = change.left_on;
        }
        if let Some(placed) = change.placed {
            row.placed = placed;
        }
        self.check_batch(&CapacityBatch { waiting: vec![row], ..Default::default() }, actor).map_err(|e| match e {
            AppError::Invalid(p) => AppError::Invalid(
                p.into_iter()
                    .map(|p| problem(p.field.trim_start_matches("waiting[0].").to_owned(), p.problem))
                    .collect(),
            ),
            other => other,
        })?;
        Ok(store.change_waiting(id, revision, change, &actor.label(), self.clock.now()).await?)
    }
}

/// A small deterministic generator (SplitMix64) for the demo's synthetic capacity.
struct Draw(u64);

impl Draw {
    fn of(key: &str) -> Draw {
        Draw(key.bytes().fold(0x9E37_79B9_7F4A_7C15u64, |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3)))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number in `lo..=hi`.
    fn int(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next() % u64::from(hi - lo + 1)) as u32
    }
}

/// Reception-type services of the demo county (appointments, T3).
const DEMO_RECEPTION: [&str; 8] = [
    "svc-doctor-appointment",
    "svc-nurse-appointment",
    "svc-oral-adults",
    "svc-oral-hygienist",
    "svc-physiotherapy",
    "svc-occupational-therapy",
    "svc-speech-therapy",
    "svc-short-therapies",
];

/// The demo county's **synthetic** capacity, labelled so (references `SYN-…`): a year of
/// monthly occupancy for every unit with places; T3 for reception services; waiting lists
/// with priorities, decisions and placements over the last half year for every service
/// that fills places; voucher prices of the producers of voucher services. Deterministic
/// (drawn from the ids), so every run of the demo shows the same figures.
pub fn demo_capacity(
    catalog: &domain::Catalog,
    today: NaiveDate,
    places_of: impl Fn(&str) -> Vec<String>,
) -> CapacityBatch {
    use chrono::{Datelike, Duration};
    let mut batch = CapacityBatch::default();
    let first = today.with_day(1).unwrap_or(today);
    for unit in catalog.units.values() {
        for cap in &unit.capacity {
            let mut draw = Draw::of(&format!("{}/{}", unit.id, cap.kind));
            for month in 0..12u32 {
                let as_of = first.checked_sub_months(chrono::Months::new(11 - month)).unwrap_or(first);
                // Occupancy 80–100 %, full more often in housing.
                let occupied = (cap.places * draw.int(80, 104) / 100).min(cap.places);
                batch.places.push(PlacesRow {
                    unit: unit.id.to_string(),
                    kind: cap.kind.clone(),
                    as_of,
                    places: cap.places,
                    occupied,
                });
            }
        }
    }
    for service in catalog.services.values() {
        let sid = service.id.as_str();
        let kinds = places_of(sid);
        for unit in catalog.units_of(service) {
            let key = format!("{}/{sid}", unit.id);
            let mut draw = Draw::of(&key);
            if DEMO_RECEPTION.contains(&sid) {
                // Rural stations wait longer: 3–45 days to the third free time.
                let t3 = draw.int(3, if unit.address.municipality == "638" { 21 } else { 45 });
                batch.appointments.push(AppointmentsRow {
                    unit: unit.id.to_string(),
                    service: sid.into(),
                    as_of: today - Duration::days(i64::from(draw.int(0, 6))),
                    t3_days: Some(t3 as f32),
                    free_times: vec![],
                });
            }
            if unit.capacity.iter().any(|c| kinds.contains(&c.kind)) {
                let (open, placed) = (draw.int(0, 9), draw.int(2, 14));
                for n in 0..open + placed {
                    let decided = today - Duration::days(i64::from(draw.int(5, 150)));
                    let entered = decided + Duration::days(i64::from(draw.int(0, 4)));
                    let left = (n >= open).then(|| (entered + Duration::days(i64::from(draw.int(7, 100)))).min(today));
                    batch.waiting.push(WaitingRow {
                        unit: unit.id.to_string(),
                        service: sid.into(),
                        reference: format!("SYN-{}-{n:03}", draw.int(1000, 9999)),
                        priority: [1, 2, 2, 2, 3][draw.int(0, 4) as usize],
                        decided_on: decided,
                        entered_on: entered,
                        left_on: left,
                        placed: left.is_some(),
                    });
                }
            }
            if service.voucher_in_use {
                let org = catalog.organizations.get(unit.organization.as_str());
                if org.is_some_and(|o| matches!(o.kind, domain::OrgKind::PrivateCompany | domain::OrgKind::Ngo)) {
                    let value = 32.0 + (draw.int(0, 4) as f32);
                    batch.vouchers.push(VoucherRow {
                        unit: unit.id.to_string(),
                        service: sid.into(),
                        as_of: first,
                        price: value + draw.int(0, 14) as f32,
                        voucher_value: value,
                    });
                }
            }
        }
    }
    batch
}

impl Polku {
    /// Loads the demo county's synthetic capacity when none is stored.
    pub async fn load_demo_capacity(&self) -> Result<usize, AppError> {
        let Some(store) = self.capacity.as_deref() else { return Ok(0) };
        let today = self.clock.today();
        let view = store.view(&[], today).await?;
        if !(view.places.is_empty() && view.waiting.is_empty() && view.appointments.is_empty()) {
            return Ok(0);
        }
        let batch = {
            let snapshot = self.snapshot();
            demo_capacity(&snapshot.catalog, today, |s| crate::navigation::library().place_kinds(s).to_vec())
        };
        self.check_batch(&batch, &Actor::System)?;
        store.import(&batch, "system:demo", self.clock.now()).await?;
        Ok(batch.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(e: AppError) -> Vec<String> {
        match e {
            AppError::Invalid(p) => p.into_iter().map(|p| format!("{} {}", p.field, p.problem)).collect(),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn csv_shapes_bom_crlf_and_errors_with_line_and_column() {
        let csv = b"\xEF\xBB\xBFunit,kind,as_of,places,occupied\r\nunit-a,bed,2026-12-01,9,7\r\n";
        let b = batch_from_csv(csv).unwrap();
        assert_eq!(b.places[0].places, 9);
        let csv = "unit,service,as_of,t3_days,free_times\nu,s,2026-12-01,,2026-12-03; 2026-12-04\n";
        assert_eq!(batch_from_csv(csv.as_bytes()).unwrap().appointments[0].free_times.len(), 2);
        let bad = "unit,service,reference,priority,decided_on,entered_on,left_on,placed\nu,s,r1,high,2026-13-01,2026-01-01,,maybe\n";
        let e = fields(batch_from_csv(bad.as_bytes()).unwrap_err());
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(e[0].starts_with("2:4 `high` is not a priority"), "{e:?}");
        assert!(e[1].starts_with("2:5 `2026-13-01` is not a date"), "{e:?}");
        assert!(e[2].starts_with("2:8 `maybe`"), "{e:?}");
        let quoted = "unit,kind,as_of,places,occupied\n\"unit-a\nb\",bed,2026-12-01,9,7\n";
        assert_eq!(batch_from_csv(quoted.as_bytes()).unwrap().places[0].unit, "unit-a\nb", "a quoted newline is data");
        let short = "unit,kind,as_of,places,occupied\nunit-a,bed\n";
        assert!(fields(batch_from_csv(short.as_bytes()).unwrap_err())[0].starts_with("2:1"));
        let other = fields(batch_from_csv(b"a,b\n1,2\n").unwrap_err());
        assert!(other[0].starts_with("1:1 the header is none"), "{other:?}");
    }

    #[test]
    fn json_errors_name_the_path() {
        let e = fields(
            batch_from_json(br#"{"places":[{"unit":"u","kind":"k","as_of":"2026-12-01","places":-1,"occupied":0}]}"#)
                .unwrap_err(),
        );
        assert!(e[0].starts_with("places[0].places"), "{e:?}");
        let e = fields(batch_from_json(br#"{"beds":[]}"#).unwrap_err());
        assert!(e[0].contains("unknown field `beds`"), "{e:?}");
    }
}
