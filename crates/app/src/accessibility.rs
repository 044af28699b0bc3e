//! Accessibility use cases: the demo county's synthetic population grid, the
//! catalog's units as service points, reports and scenarios per service.
//!
//! Without a road network for the county (the demo has none: only the Helsinki
//! and Kotka centre extracts are at hand), times are **estimates** from
//! straight-line distance and say so (`method: estimate`).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use access::analysis::{Access, AgeGroup, Change, Report, Site, apply, changed_cells, report};
use access::grid::{Area, Band, Grid, synthesise};
use access::matrix::Network;
use access::{AccessError, Mode};
use domain::catalog::ChannelKind;
use serde::Serialize;

use crate::catalog::Polku;
use crate::eligibility::DEMO_AGE_SEX;
use crate::error::AppError;

/// The demo county's postal areas (Statistics Finland, CC BY 4.0), `data/access/`.
pub const DEMO_POSTAL_AREAS: &str = include_str!("../../../data/access/demo-postal-areas.tsv");
pub const DEMO_GRID_SEED: u64 = 2026;
/// The demo county's central localities (NLS), `data/access/`: where a map writes the place names.
pub const DEMO_LOCALITIES: &str = include_str!("../../../data/access/demo-localities.tsv");

/// A municipality's central locality: its code and EPSG:3067 point.
#[derive(Debug, Clone, PartialEq)]
pub struct Locality {
    pub municipality: String,
    pub x: f64,
    pub y: f64,
}

/// The demo county's central localities, read once from the shipped table.
pub fn demo_localities() -> &'static [Locality] {
    static LOCALITIES: OnceLock<Vec<Locality>> = OnceLock::new();
    LOCALITIES.get_or_init(|| {
        DEMO_LOCALITIES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("municipality") && !l.trim().is_empty())
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                Some(Locality {
                    municipality: f.first()?.to_string(),
                    x: f.get(2)?.parse().ok()?,
                    y: f.get(3)?.parse().ok()?,
                })
            })
            .collect()
    })
}

/// The bands of the synthetic grid (those of the eligibility simulator).
fn demo_bands() -> Vec<Band> {
    vec![
        Band::new(0, Some(6)),
        Band::new(7, Some(17)),
        Band::new(18, Some(64)),
        Band::new(65, Some(74)),
        Band::new(75, Some(84)),
        Band::new(85, None),
    ]
}

/// A postal code area of the demo county (Statistics Finland, 31.12.2022).
#[derive(Debug, Clone, PartialEq)]
pub struct PostalArea {
    pub postcode: String,
    /// Municipality, EPSG:3067 centroid and residents.
    pub area: Area,
}

/// The demo county's postal areas, read once from the shipped table.
pub fn demo_postal_areas() -> &'static [PostalArea] {
    static AREAS: OnceLock<Vec<PostalArea>> = OnceLock::new();
    AREAS.get_or_init(|| {
        DEMO_POSTAL_AREAS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("postcode") && !l.trim().is_empty())
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                Some(PostalArea {
                    postcode: f.first()?.to_string(),
                    area: Area {
                        municipality: f.get(1)?.parse().ok()?,
                        x: f.get(3)?.parse().ok()?,
                        y: f.get(4)?.parse().ok()?,
                        population: f.get(5)?.parse().ok()?,
                    },
                })
            })
            .collect()
    })
}

/// The demo county's synthetic 250 m grid, built once.
pub fn demo_grid() -> &'static Grid {
    static GRID: OnceLock<Grid> = OnceLock::new();
    GRID.get_or_init(|| {
        let areas: Vec<Area> = demo_postal_areas().iter().map(|p| p.area.clone()).collect();
        let rows = rules::population::parse_age_sex(DEMO_AGE_SEX).expect("the shipped table is well formed");
        let bands = demo_bands();
        let mut totals: Vec<(u16, u32)> = Vec::new();
        let mut ages: Vec<(u16, Vec<u32>)> = Vec::new();
        for r in &rows {
            let n = r.male + r.female;
            match totals.last_mut() {
                Some((m, t)) if *m == r.municipality => *t += n,
                _ => totals.push((r.municipality, n)),
            }
            if ages.last().is_none_or(|(m, _)| *m != r.municipality) {
                ages.push((r.municipality, vec![0; bands.len()]));
            }
            let band = bands.iter().rposition(|b| r.age >= b.from).unwrap_or(0);
            ages.last_mut().expect("pushed").1[band] += n;
        }
        synthesise(&areas, &totals, bands, &ages, DEMO_GRID_SEED)
    })
}

/// How many travel times (cells × units) one mode's cache keeps: 8 Mi values, 32 MB.
pub const COLUMN_CACHE_VALUES: usize = 8 << 20;

/// The road networks a [`Polku`] routes on, by mode, each with the travel times
/// computed on it. Owned by one `Polku` (no process-global state): two servers,
/// or two instances in one process, never share or mix their caches.
#[derive(Default)]
pub struct Networks {
    by_mode: RwLock<BTreeMap<Mode, Arc<Routing>>>,
}

/// One mode's routing: its network (none: straight-line estimates) and the
/// columns computed on exactly that network. Replacing the network replaces
/// the whole `Routing`, so a cache never outlives, or mixes, its network; a
/// request holds one `Arc<Routing>` throughout.
struct Routing {
    network: Option<Arc<Network>>,
    columns: Mutex<ColumnCache>,
}

impl Routing {
    fn new(network: Option<Arc<Network>>) -> Routing {
        Routing { network, columns: Mutex::new(ColumnCache::new(COLUMN_CACHE_VALUES)) }
    }
}

/// A unit's column is keyed by its id and its place (whole metres, EPSG:3067):
/// stable values, not addresses, so a moved unit gets a new column.
type ColumnKey = (String, i64, i64);

/// Times from every cell of the demo grid to one unit, least recently used
/// first out when more than `capacity` values are kept.
pub(crate) struct ColumnCache {
    capacity: usize,
    values: usize,
    tick: u64,
    entries: HashMap<ColumnKey, (Vec<f32>, u64)>,
}

impl ColumnCache {
    pub(crate) fn new(capacity: usize) -> ColumnCache {
        ColumnCache { capacity, values: 0, tick: 0, entries: HashMap::new() }
    }

    fn key(site: &Site) -> ColumnKey {
        (site.id.clone(), site.x.round() as i64, site.y.round() as i64)
    }

    /// Whether the site's column is kept.
    pub(crate) fn contains(&self, site: &Site) -> bool {
        self.entries.contains_key(&ColumnCache::key(site))
    }

    /// The site's column, computed by `compute` unless kept.
    pub(crate) fn get_or_compute(&mut self, site: &Site, compute: impl FnOnce() -> Vec<f32>) -> Vec<f32> {
        self.tick += 1;
        let key = ColumnCache::key(site);
        if let Some((column, used)) = self.entries.get_mut(&key) {
            *used = self.tick;
            return column.clone();
        }
        let column = compute();
        self.values += column.len();
        self.entries.insert(key, (column.clone(), self.tick));
        while self.values > self.capacity && self.entries.len() > 1 {
            let oldest = self.entries.iter().min_by_key(|(_, (_, used))| *used).map(|(k, _)| k.clone());
            let Some(oldest) = oldest else { break };
            if let Some((gone, _)) = self.entries.remove(&oldest) {
                self.values -= gone.len();
            }
        }
        column
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

impl Networks {
    fn routing(&self, mode: Mode) -> Arc<Routing> {
        if let Some(r) = self.by_mode.read().unwrap_or_else(|p| p.into_inner()).get(&mode) {
            return r.clone();
        }
        let mut map = self.by_mode.write().unwrap_or_else(|p| p.into_inner());
        map.entry(mode).or_insert_with(|| Arc::new(Routing::new(None))).clone()
    }

    fn set(&self, mode: Mode, network: Network) {
        let mut map = self.by_mode.write().unwrap_or_else(|p| p.into_inner());
        map.insert(mode, Arc::new(Routing::new(Some(Arc::new(network)))));
    }

    /// The network `mode` routes on, if one is loaded.
    pub fn network(&self, mode: Mode) -> Option<Arc<Network>> {
        self.routing(mode).network.clone()
    }

    /// How many columns `mode`'s cache keeps now (for tests and metrics).
    pub fn cached_columns(&self, mode: Mode) -> usize {
        self.by_mode
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&mode)
            .map_or(0, |r| r.columns.lock().unwrap_or_else(|p| p.into_inner()).len())
    }
}

/// One report, and a scenario's report with the cells that changed.
#[derive(Debug, Clone, Serialize)]
pub struct AccessOutcome {
    pub report: Report,
    /// Digital channels through which the service is available at home.
    pub digital: Vec<ChannelKind>,
    pub sites: Vec<SiteOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<ScenarioOut>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteOut {
    pub id: String,
    pub x: f64,
    pub y: f64,
    pub offers: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioOut {
    pub report: Report,
    /// (cell index, minutes before, minutes after); infinite as null.
    pub changed: Vec<(usize, Option<f32>, Option<f32>)>,
    pub gained_residents: f64,
    pub lost_residents: f64,
    pub elapsed_ms: f64,
    /// The units after the changes: a closed one gone, a moved one at its new place, an opened one added.
    #[serde(skip)]
    pub sites: Vec<SiteOut>,
}

/// Parses a mode (`walk`, `bike`, `car`); refused with the field `mode` named.
pub fn parse_mode(s: &str) -> Result<Mode, AppError> {
    s.parse().map_err(access_error)
}

/// The engine's error as the application's, naming the field it is about:
/// `mode`, `age`, or the scenario change (`changes[i]`); a damaged saved
/// network is internal.
pub fn access_error(e: AccessError) -> AppError {
    match &e {
        AccessError::UnknownMode(_) => AppError::invalid("mode", e.to_string()),
        AccessError::NoAgeBand(_) => AppError::invalid("age", e.to_string()),
        AccessError::UnknownUnit { change, .. } | AccessError::DuplicateUnit { change, .. } => {
            AppError::invalid(format!("changes[{change}]"), e.to_string())
        }
        AccessError::NetworkFile(_) => AppError::Internal(e.to_string()),
    }
}

/// Parses an age group: `all`, `75+`, `0-6`.
pub fn parse_age_group(s: &str) -> Result<AgeGroup, AppError> {
    let bad = || AppError::invalid("age", format!("`{s}` is not an age group (all, 75+, 0-6)"));
    if s == "all" {
        return Ok(AgeGroup { from: 0, to: None });
    }
    if let Some(from) = s.strip_suffix('+') {
        return Ok(AgeGroup { from: from.parse().map_err(|_| bad())?, to: None });
    }
    let (a, b) = s.split_once('-').ok_or_else(bad)?;
    let (from, to): (u8, u8) = (a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?);
    if to < from {
        return Err(bad());
    }
    Ok(AgeGroup { from, to: Some(to) })
}

impl Polku {
    /// Routes accessibility for `mode` on `network` from now on (`polku serve --network`).
    /// The travel times computed so far are dropped with the network they were computed on.
    pub fn set_network(&self, mode: Mode, network: Network) {
        self.networks.set(mode, network);
    }

    /// The networks this instance routes on, and their caches.
    pub fn networks(&self) -> &Networks {
        &self.networks
    }

    /// The catalog's units with coordinates as service points (valid today).
    pub fn sites(&self) -> Vec<Site> {
        let snapshot = self.snapshot();
        let catalog = &snapshot.catalog;
        let today = self.clock.today();
        let mut sites: Vec<Site> = catalog
            .units
            .values()
            .filter(|u| u.valid_from <= today && u.valid_to.is_none_or(|t| t >= today))
            .map(|u| Site {
                id: u.id.to_string(),
                x: u.location.e,
                y: u.location.n,
                services: snapshot.services_at(&u.id).iter().map(|s| s.id.to_string()).collect(),
            })
            .collect();
        sites.sort_by(|a, b| a.id.cmp(&b.id));
        sites
    }

    /// Runs `f` on the demo grid's travel times in `travel` to `sites` (each
    /// unit's column computed once per place and network, through the cache).
    /// Public transport reads the car times times its factor, labelled an estimate.
    pub(crate) fn with_access<R>(
        &self,
        travel: crate::navigation::TravelMode,
        sites: &[Site],
        f: impl FnOnce(&Access<'_>) -> R,
    ) -> R {
        let grid = demo_grid();
        let mode = travel.mode();
        let routing = self.networks.routing(mode);
        let mut access = Access::new(grid, routing.network.as_deref(), mode).scaled(travel.factor() as f32);
        {
            let mut cache = routing.columns.lock().unwrap_or_else(|p| p.into_inner());
            // The columns not kept, computed together (several sites a sweep, every core).
            let missing: Vec<&Site> = sites.iter().filter(|s| !cache.contains(s)).collect();
            for (s, column) in missing.iter().zip(access.columns(&missing)) {
                let mut column = Some(column);
                cache.get_or_compute(s, || column.take().unwrap_or_default());
            }
            for s in sites {
                let column = cache.get_or_compute(s, || access.column(s));
                access.insert_column(s, column);
            }
        }
        f(&access)
    }

    /// For every cell of the demo grid, the `k` nearest units offering `service`
    /// (for choice): (minutes, unit id), nearest first.
    pub fn access_nearest(&self, service: &str, mode: Mode, k: usize) -> Vec<Vec<(f32, String)>> {
        let grid = demo_grid();
        let sites = self.sites();
        let access = Access::new(grid, None, mode);
        access
            .nearest(&sites, service, k)
            .into_iter()
            .map(|list| list.into_iter().map(|(t, i)| (t, sites[i].id.clone())).collect())
            .collect()
    }

    /// Accessibility of a service over the demo county's grid, and optionally a scenario.
    pub fn access_report(
        &self,
        service: &str,
        mode: Mode,
        group: AgeGroup,
        changes: &[Change],
    ) -> Result<AccessOutcome, AppError> {
        let snapshot = self.snapshot();
        let svc = snapshot
            .catalog
            .services
            .get(service)
            .ok_or_else(|| AppError::NotFound { kind: "service", id: service.to_owned() })?;
        let digital: Vec<ChannelKind> = snapshot
            .catalog
            .channel_kinds_of(svc)
            .into_iter()
            .filter(|k| {
                matches!(k, ChannelKind::EService | ChannelKind::Chat | ChannelKind::Video | ChannelKind::Phone)
            })
            .collect();
        let grid = demo_grid();
        let sites = self.sites();
        let routing = self.networks.routing(mode);
        let mut access = Access::new(grid, routing.network.as_deref(), mode);
        // A unit's times depend only on where it is: computed once per place, per network.
        {
            let mut cache = routing.columns.lock().unwrap_or_else(|p| p.into_inner());
            for s in &sites {
                let column = cache.get_or_compute(s, || access.column(s));
                access.insert_column(s, column);
            }
        }
        let base = report(&access, &sites, service, group).map_err(access_error)?;
        let scenario = if changes.is_empty() {
            None
        } else {
            let started = std::time::Instant::now();
            let after_sites = apply(&sites, changes).map_err(access_error)?;
            let after = report(&access, &after_sites, service, group).map_err(access_error)?;
            let changed = changed_cells(&base, &after);
            let sites_after = after_sites
                .iter()
                .map(|s| SiteOut { id: s.id.clone(), x: s.x, y: s.y, offers: s.services.iter().any(|x| x == service) })
                .collect();
            let weight = |i: usize| base.weights[i];
            let gained_residents = changed.iter().filter(|c| c.2 < c.1).map(|c| weight(c.0)).sum::<f64>() + 0.0;
            let lost_residents = changed.iter().filter(|c| c.2 > c.1).map(|c| weight(c.0)).sum::<f64>() + 0.0;
            let finite = |t: f32| t.is_finite().then_some(t);
            Some(ScenarioOut {
                changed: changed.into_iter().map(|(i, b, a)| (i, finite(b), finite(a))).collect(),
                report: after,
                gained_residents,
                lost_residents,
                elapsed_ms: started.elapsed().as_secs_f64() * 1e3,
                sites: sites_after,
            })
        };
        let sites_out = sites
            .iter()
            .map(|s| SiteOut { id: s.id.clone(), x: s.x, y: s.y, offers: s.services.iter().any(|x| x == service) })
            .collect();
        Ok(AccessOutcome { report: base, digital, sites: sites_out, scenario })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(id: &str, x: f64) -> Site {
        Site { id: id.into(), x, y: 6_700_000.0, services: vec!["s".into()] }
    }

    fn field(e: AppError) -> String {
        match e {
            AppError::Invalid(p) => p[0].field.clone(),
            other => panic!("not a user error: {other}"),
        }
    }

    #[test]
    fn the_demo_localities_are_the_seven_municipalities() {
        let codes: Vec<&str> = demo_localities().iter().map(|l| l.municipality.as_str()).collect();
        assert_eq!(codes, ["018", "407", "434", "504", "616", "638", "753"]);
        let porvoo = &demo_localities()[5];
        assert_eq!(domain::geo::municipality_at_tm35fin(porvoo.y, porvoo.x), Some("638"));
    }

    #[test]
    fn each_report_error_names_its_own_field() {
        assert_eq!(field(parse_mode("plane").unwrap_err()), "mode");
        assert_eq!(parse_mode("bike").unwrap(), Mode::Bike);
        for bad in ["old", "90-80", "x+", "7"] {
            assert_eq!(field(parse_age_group(bad).unwrap_err()), "age", "{bad}");
        }
        assert_eq!(field(access_error(AccessError::NoAgeBand("0-2".into()))), "age");
        let sites = [site("a", 400_000.0)];
        let unknown = apply(&sites, &[Change::Close("a".into()), Change::Close("nope".into())]).unwrap_err();
        assert_eq!(field(access_error(unknown)), "changes[1]");
        let twice = apply(&sites, &[Change::Open(site("a", 1.0))]).unwrap_err();
        assert_eq!(field(access_error(twice)), "changes[0]");
        assert!(matches!(
            access_error(access::persist::from_bytes(b"not a network").unwrap_err().into()),
            AppError::Internal(_)
        ));
    }

    #[test]
    fn the_column_cache_is_bounded_and_keyed_by_place() {
        let mut cache = ColumnCache::new(30);
        let mut computed = 0;
        let mut column = |n: f32| {
            computed += 1;
            vec![n; 10]
        };
        assert_eq!(cache.get_or_compute(&site("a", 1.0), || column(1.0)), vec![1.0; 10]);
        assert_eq!(cache.get_or_compute(&site("a", 1.0), || column(9.0)), vec![1.0; 10], "kept");
        // The same unit moved is another place: another column.
        assert_eq!(cache.get_or_compute(&site("a", 500.0), || column(2.0)), vec![2.0; 10]);
        cache.get_or_compute(&site("b", 1.0), || column(3.0));
        cache.get_or_compute(&site("a", 1.0), || column(9.0));
        // A fourth column over 30 values: the least recently used one (a at 500 m) goes.
        cache.get_or_compute(&site("c", 1.0), || column(4.0));
        assert_eq!(cache.len(), 3);
        assert_eq!(cache.values, 30);
        assert_eq!(cache.get_or_compute(&site("a", 1.0), || column(9.0)), vec![1.0; 10]);
        assert_eq!(cache.get_or_compute(&site("a", 500.0), || column(5.0)), vec![5.0; 10], "recomputed");
        assert_eq!(computed, 5);
    }

    #[test]
    fn networks_and_their_caches_belong_to_one_instance() {
        let (one, two) = (Networks::default(), Networks::default());
        let routing = one.routing(Mode::Walk);
        routing.columns.lock().unwrap().get_or_compute(&site("a", 1.0), || vec![1.0]);
        assert_eq!(one.cached_columns(Mode::Walk), 1);
        assert_eq!(two.cached_columns(Mode::Walk), 0);
        assert!(two.routing(Mode::Walk).network.is_none());
        assert!(Arc::ptr_eq(&routing, &one.routing(Mode::Walk)), "one routing per mode until the network changes");
    }
}
