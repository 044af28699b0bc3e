//! Accessibility use cases: the demo county's synthetic population grid, the
//! catalog's units as service points, reports and scenarios per service.
//!
//! Without a road network for the county (the demo has none: only the Helsinki
//! and Kotka centre extracts are at hand), times are **estimates** from
//! straight-line distance and say so (`method: estimate`).

use std::sync::OnceLock;

use access::Mode;
use access::analysis::{Access, AgeGroup, Change, Report, Site, apply, changed_cells, report};
use access::grid::{Area, Band, Grid, synthesise};
use domain::catalog::ChannelKind;
use serde::Serialize;

use crate::catalog::Polku;
use crate::eligibility::DEMO_AGE_SEX;
use crate::error::AppError;

/// The demo county's postal areas (Statistics Finland, CC BY 4.0), `data/access/`.
pub const DEMO_POSTAL_AREAS: &str = include_str!("../../../data/access/demo-postal-areas.tsv");
pub const DEMO_GRID_SEED: u64 = 2026;

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

/// (mode, the network (its address; 0: estimates), unit, easting, northing).
type ColumnKey = (Mode, usize, String, i64, i64);

/// Times from every cell of the demo grid to a unit, by mode, unit and place.
fn columns() -> &'static std::sync::Mutex<std::collections::HashMap<ColumnKey, Vec<f32>>> {
    static COLUMNS: OnceLock<std::sync::Mutex<std::collections::HashMap<ColumnKey, Vec<f32>>>> = OnceLock::new();
    COLUMNS.get_or_init(Default::default)
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
    pub fn set_network(&self, mode: Mode, network: access::matrix::Network) {
        let mut map = self.networks.write().unwrap_or_else(|p| p.into_inner());
        map.insert(mode, std::sync::Arc::new(network));
    }

    fn network(&self, mode: Mode) -> Option<std::sync::Arc<access::matrix::Network>> {
        self.networks.read().unwrap_or_else(|p| p.into_inner()).get(&mode).cloned()
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
                services: catalog.services_at(u).iter().map(|s| s.id.to_string()).collect(),
            })
            .collect();
        sites.sort_by(|a, b| a.id.cmp(&b.id));
        sites
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
        let network = self.network(mode);
        let mut access = Access::new(grid, network.as_deref(), mode);
        // A unit's times depend only on where it is: computed once per place and mode.
        {
            let mut cache = columns().lock().unwrap_or_else(|p| p.into_inner());
            for s in &sites {
                let net = network.as_ref().map_or(0, |n| std::sync::Arc::as_ptr(n) as usize);
                let key = (mode, net, s.id.clone(), s.x.round() as i64, s.y.round() as i64);
                let column = cache.entry(key).or_insert_with(|| access.column(s)).clone();
                access.insert_column(s, column);
            }
        }
        let base = report(&access, &sites, service, group).map_err(|e| AppError::invalid("age", e))?;
        let scenario = if changes.is_empty() {
            None
        } else {
            let started = std::time::Instant::now();
            let after_sites = apply(&sites, changes).map_err(|e| AppError::invalid("changes", e))?;
            let after = report(&access, &after_sites, service, group).map_err(|e| AppError::invalid("age", e))?;
            let changed = changed_cells(&base, &after);
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
            })
        };
        let sites_out = sites
            .iter()
            .map(|s| SiteOut { id: s.id.clone(), x: s.x, y: s.y, offers: s.services.iter().any(|x| x == service) })
            .collect();
        Ok(AccessOutcome { report: base, digital, sites: sites_out, scenario })
    }
}
