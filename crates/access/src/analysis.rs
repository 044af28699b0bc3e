//! Accessibility of a service from every populated cell: travel times to the
//! nearest (and k nearest) units offering it, indicators per municipality and
//! for the county, equity figures, and scenarios (close, open or move a unit,
//! change its services) compared before and after.
//!
//! Times per unit are computed once ("columns"); a scenario recomputes only
//! the columns of the units it touches and takes minima again.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::AccessError;
use crate::ch::PhastScratch;
use crate::grid::Grid;
use crate::matrix::{Network, estimate_minutes};
use crate::mode::Mode;
use crate::snap::Snapped;

/// A service point: a unit with its location and the services it offers.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub id: String,
    pub x: f64,
    pub y: f64,
    pub services: Vec<String>,
}

/// How times were obtained: on a road network, or estimated from straight-line distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Network,
    Estimate,
}

/// Travel times from the cells of a grid to sites, in one mode.
pub struct Access<'a> {
    pub grid: &'a Grid,
    network: Option<&'a Network>,
    pub mode: Mode,
    cell_snaps: Vec<Option<Snapped>>,
    columns: BTreeMap<String, Vec<f32>>,
    /// Every time read through [`Access::column_of`] is multiplied by this
    /// (a mode estimated from another, e.g. public transport from car times).
    factor: f32,
}

impl<'a> Access<'a> {
    pub fn new(grid: &'a Grid, network: Option<&'a Network>, mode: Mode) -> Access<'a> {
        let cell_snaps = match network {
            Some(n) => grid.cells.iter().map(|c| n.snapper.snap(c.x, c.y)).collect(),
            None => Vec::new(),
        };
        Access { grid, network, mode, cell_snaps, columns: BTreeMap::new(), factor: 1.0 }
    }

    /// The same, with every time read multiplied by `factor`: an estimate, so
    /// labelled as one whatever the network.
    pub fn scaled(self, factor: f32) -> Access<'a> {
        Access { factor, ..self }
    }

    pub fn method(&self) -> Method {
        if self.network.is_some() && self.factor == 1.0 { Method::Network } else { Method::Estimate }
    }

    /// Minutes from every cell to `site` (infinite: unreachable).
    pub fn column(&self, site: &Site) -> Vec<f32> {
        match self.network {
            Some(net) => {
                let Some(s) = net.snapper.snap(site.x, site.y) else {
                    return vec![f32::INFINITY; self.grid.cells.len()];
                };
                // One PHAST sweep: the time from every node to the site.
                let dist = net.ch.to_all(&[(s.node, s.access)], &mut PhastScratch::new(net.ch.nodes()));
                self.cell_snaps
                    .iter()
                    .map(|c| match c {
                        Some(c) if dist[c.node as usize] != crate::UNREACHABLE => {
                            (dist[c.node as usize] as f64 + c.access as f64) as f32 / 600.0
                        }
                        _ => f32::INFINITY,
                    })
                    .collect()
            }
            None => self
                .grid
                .cells
                .iter()
                .map(|c| estimate_minutes(((c.x - site.x).powi(2) + (c.y - site.y).powi(2)).sqrt(), self.mode) as f32)
                .collect(),
        }
    }

    /// The columns of several sites at once: on a network, PHAST sweeps of
    /// [`crate::ch::LANES`] sites each on every core; equal to [`Access::column`] of each.
    pub fn columns(&self, sites: &[&Site]) -> Vec<Vec<f32>> {
        let Some(net) = self.network else { return sites.iter().map(|s| self.column(s)).collect() };
        if sites.is_empty() {
            return Vec::new();
        }
        let cells: Vec<Vec<(u32, crate::Time)>> =
            self.cell_snaps.iter().map(|c| c.map(|c| vec![(c.node, c.access)]).unwrap_or_default()).collect();
        let targets: Vec<Vec<(u32, crate::Time)>> = sites
            .iter()
            .map(|s| net.snapper.snap(s.x, s.y).map(|s| vec![(s.node, s.access)]).unwrap_or_default())
            .collect();
        let times = net.ch.matrix_phast_on(&cells, &targets, crate::par::threads());
        (0..sites.len())
            .map(|j| {
                (0..cells.len())
                    .map(|i| match times[i][j] {
                        crate::UNREACHABLE => f32::INFINITY,
                        t => (t as f64) as f32 / 600.0,
                    })
                    .collect()
            })
            .collect()
    }

    /// Keeps a column computed elsewhere (a cache) for `site`.
    pub fn insert_column(&mut self, site: &Site, column: Vec<f32>) {
        self.columns.insert(site.id.clone(), column);
    }

    /// Computes (once) and keeps the column of each site.
    pub fn prepare(&mut self, sites: &[Site]) {
        for s in sites {
            if !self.columns.contains_key(&s.id) {
                let col = self.column(s);
                self.columns.insert(s.id.clone(), col);
            }
        }
    }

    /// The site's column: the kept one, else computed now; times the factor ([`Access::scaled`]).
    pub fn column_of(&self, site: &Site) -> std::borrow::Cow<'_, [f32]> {
        let column = match self.columns.get(&site.id) {
            Some(c) => std::borrow::Cow::Borrowed(c.as_slice()),
            None => std::borrow::Cow::Owned(self.column(site)),
        };
        if self.factor == 1.0 {
            column
        } else {
            std::borrow::Cow::Owned(column.iter().map(|t| t * self.factor).collect())
        }
    }

    /// For every cell, the k smallest times to sites offering `service` (sorted), with the sites.
    pub fn nearest(&self, sites: &[Site], service: &str, k: usize) -> Vec<Vec<(f32, usize)>> {
        let offering: Vec<(usize, std::borrow::Cow<'_, [f32]>)> = sites
            .iter()
            .enumerate()
            .filter(|(_, s)| s.services.iter().any(|x| x == service))
            .map(|(i, s)| (i, self.column_of(s)))
            .collect();
        (0..self.grid.cells.len())
            .map(|c| {
                let mut best: Vec<(f32, usize)> = Vec::with_capacity(k + 1);
                for (i, col) in &offering {
                    let t = col[c];
                    if !t.is_finite() {
                        continue;
                    }
                    if best.len() < k || t < best[best.len() - 1].0 {
                        let at = best.partition_point(|b| b.0 <= t);
                        best.insert(at, (t, *i));
                        best.truncate(k);
                    }
                }
                best
            })
            .collect()
    }
}

/// Population-weighted figures for one area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicators {
    /// `county` or a municipality code.
    pub area: String,
    pub population: f64,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub p90: Option<f64>,
    pub within_10: f64,
    pub within_20: f64,
    pub within_30: f64,
    /// Share of residents with no reachable unit.
    pub unreachable: f64,
}

/// Weighted figures over cells (`times` minutes, infinite: unreachable).
pub fn indicators(area: &str, times: &[f32], weights: &[f64]) -> Indicators {
    let mut pairs: Vec<(f32, f64)> = times.iter().copied().zip(weights.iter().copied()).filter(|p| p.1 > 0.0).collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let population: f64 = pairs.iter().map(|p| p.1).sum();
    let reach: Vec<&(f32, f64)> = pairs.iter().filter(|p| p.0.is_finite()).collect();
    let reached: f64 = reach.iter().map(|p| p.1).sum();
    let quantile = |q: f64| {
        let target = q * reached;
        let mut acc = 0.0;
        for p in &reach {
            acc += p.1;
            if acc >= target {
                return Some(p.0 as f64);
            }
        }
        reach.last().map(|p| p.0 as f64)
    };
    let within = |m: f32| {
        if population == 0.0 {
            0.0
        } else {
            pairs.iter().filter(|p| p.0 <= m).map(|p| p.1).sum::<f64>() / population + 0.0
        }
    };
    Indicators {
        area: area.to_owned(),
        population,
        mean: (reached > 0.0).then(|| reach.iter().map(|p| p.0 as f64 * p.1).sum::<f64>() / reached),
        median: if reached > 0.0 { quantile(0.5) } else { None },
        p90: if reached > 0.0 { quantile(0.9) } else { None },
        within_10: within(10.0),
        within_20: within(20.0),
        within_30: within(30.0),
        unreachable: if population == 0.0 { 0.0 } else { (population - reached) / population },
    }
}

/// The Gini coefficient of travel times over residents (0: everyone equally far).
pub fn gini(times: &[f32], weights: &[f64]) -> Option<f64> {
    let mut pairs: Vec<(f64, f64)> =
        times.iter().zip(weights).filter(|(t, w)| t.is_finite() && **w > 0.0).map(|(t, w)| (*t as f64, *w)).collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total_w: f64 = pairs.iter().map(|p| p.1).sum();
    let total_t: f64 = pairs.iter().map(|p| p.0 * p.1).sum();
    if total_w == 0.0 || total_t == 0.0 {
        return None;
    }
    // Area under the Lorenz curve by trapezoids.
    let (mut cum_w, mut cum_t, mut area) = (0.0, 0.0, 0.0);
    for (t, w) in pairs {
        let prev = cum_t;
        cum_w += w / total_w;
        cum_t += t * w / total_t;
        area += (w / total_w) * (prev + cum_t) / 2.0;
        let _ = cum_w;
    }
    Some(1.0 - 2.0 * area)
}

/// Everything the planner sees for one service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub service: String,
    pub mode: String,
    pub method: Method,
    /// The age group the weights are for (`all` or e.g. `75+`).
    pub age_group: String,
    /// Share of the weights estimated from suppressed cells.
    pub estimated_share: f64,
    pub county: Indicators,
    pub municipalities: Vec<Indicators>,
    /// Worst and best municipality by mean time, and their ratio.
    pub worst: Option<(String, f64)>,
    pub best: Option<(String, f64)>,
    pub gini: Option<f64>,
    /// Minutes to the nearest unit, per cell (infinite as `None`).
    #[serde(skip)]
    pub times: Vec<f32>,
    #[serde(skip)]
    pub weights: Vec<f64>,
}

/// An age group to weight by: all residents, or ages `from..=to`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AgeGroup {
    pub from: u8,
    pub to: Option<u8>,
}

impl AgeGroup {
    pub fn label(&self) -> String {
        match (self.from, self.to) {
            (0, None) => "all".into(),
            (f, None) => format!("{f}+"),
            (f, Some(t)) => format!("{f}-{t}"),
        }
    }
}

pub fn report(access: &Access<'_>, sites: &[Site], service: &str, group: AgeGroup) -> Result<Report, AccessError> {
    let grid = access.grid;
    let (weights, estimated_share) = if group.from == 0 && group.to.is_none() {
        (grid.cells.iter().map(|c| c.population as f64).collect(), 0.0)
    } else {
        grid.age_weights(group.from, group.to).ok_or_else(|| AccessError::NoAgeBand(group.label()))?
    };
    let nearest = access.nearest(sites, service, 1);
    let times: Vec<f32> = nearest.iter().map(|n| n.first().map_or(f32::INFINITY, |b| b.0)).collect();
    let county = indicators("county", &times, &weights);
    let mut by_m: BTreeMap<u16, (Vec<f32>, Vec<f64>)> = BTreeMap::new();
    for (i, c) in grid.cells.iter().enumerate() {
        if let Some(m) = c.municipality {
            let e = by_m.entry(m).or_default();
            e.0.push(times[i]);
            e.1.push(weights[i]);
        }
    }
    let municipalities: Vec<Indicators> = by_m.iter().map(|(m, (t, w))| indicators(&format!("{m:03}"), t, w)).collect();
    let ranked: Vec<(String, f64)> =
        municipalities.iter().filter_map(|i| i.mean.map(|m| (i.area.clone(), m))).collect();
    let worst = ranked.iter().max_by(|a, b| a.1.total_cmp(&b.1)).cloned();
    let best = ranked.iter().min_by(|a, b| a.1.total_cmp(&b.1)).cloned();
    Ok(Report {
        service: service.to_owned(),
        mode: access.mode.name().to_owned(),
        method: access.method(),
        age_group: group.label(),
        estimated_share,
        gini: gini(&times, &weights),
        county,
        municipalities,
        worst,
        best,
        times,
        weights,
    })
}

/// A change to the service network.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Close(String),
    Open(Site),
    Move { id: String, x: f64, y: f64 },
    Services { id: String, services: Vec<String> },
}

/// Applies changes to a list of sites (unknown ids are an error naming them).
pub fn apply(sites: &[Site], changes: &[Change]) -> Result<Vec<Site>, AccessError> {
    let mut out = sites.to_vec();
    for (change, c) in changes.iter().enumerate() {
        let find = |out: &Vec<Site>, id: &str| {
            out.iter().position(|s| s.id == id).ok_or_else(|| AccessError::UnknownUnit { change, id: id.to_owned() })
        };
        match c {
            Change::Close(id) => {
                let i = find(&out, id)?;
                out.remove(i);
            }
            Change::Open(site) => {
                if out.iter().any(|s| s.id == site.id) {
                    return Err(AccessError::DuplicateUnit { change, id: site.id.clone() });
                }
                out.push(site.clone());
            }
            Change::Move { id, x, y } => {
                let i = find(&out, id)?;
                // A moved unit is a new place: a new id for its column.
                out[i] = Site { id: format!("{id}@{x:.0},{y:.0}"), x: *x, y: *y, services: out[i].services.clone() };
            }
            Change::Services { id, services } => {
                let i = find(&out, id)?;
                out[i].services = services.clone();
            }
        }
    }
    Ok(out)
}

/// Cells whose time changed by more than half a minute: (cell index, before, after).
pub fn changed_cells(before: &Report, after: &Report) -> Vec<(usize, f32, f32)> {
    before
        .times
        .iter()
        .zip(&after.times)
        .enumerate()
        .filter(|(_, (b, a))| (**b - **a).abs() > 0.5 || b.is_finite() != a.is_finite())
        .map(|(i, (b, a))| (i, *b, *a))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::{Band, Cell};

    fn grid() -> Grid {
        let cell = |id: &str, x: f64, m: u16, pop: u32, old: u32| Cell {
            id: id.into(),
            x,
            y: 6_700_000.0,
            population: pop,
            ages: vec![Some(pop - old), Some(old)],
            municipality: Some(m),
        };
        Grid {
            cell_size: 250.0,
            bands: vec![Band::new(0, Some(74)), Band::new(75, None)],
            cells: vec![
                cell("a", 400_000.0, 1, 100, 10),
                cell("b", 405_000.0, 1, 50, 25),
                cell("c", 420_000.0, 2, 10, 5),
            ],
            synthetic: true,
            source: "test".into(),
        }
    }

    fn site(id: &str, x: f64) -> Site {
        Site { id: id.into(), x, y: 6_700_000.0, services: vec!["s".into()] }
    }

    #[test]
    fn weighted_figures() {
        let i = indicators("x", &[5.0, 15.0, 25.0, f32::INFINITY], &[1.0, 1.0, 2.0, 1.0]);
        assert_eq!(i.population, 5.0);
        assert_eq!(i.median, Some(15.0), "half of the reached weight is within 15");
        assert!((i.mean.unwrap() - 17.5).abs() < 1e-9);
        assert!(
            (i.within_10 - 0.2).abs() < 1e-9 && (i.within_20 - 0.4).abs() < 1e-9 && (i.within_30 - 0.8).abs() < 1e-9
        );
        assert!((i.unreachable - 0.2).abs() < 1e-9);
        assert_eq!(gini(&[7.0, 7.0, 7.0], &[1.0, 2.0, 3.0]), Some(0.0));
        let g = gini(&[0.0, 0.0, 0.0, 10.0], &[1.0, 1.0, 1.0, 1.0]).unwrap();
        assert!((g - 0.75).abs() < 1e-9, "{g}");
    }

    #[test]
    fn scenarios_change_only_what_they_touch() {
        let g = grid();
        let mut access = Access::new(&g, None, Mode::Car);
        let sites = vec![site("near", 400_000.0), site("far", 420_000.0)];
        access.prepare(&sites);
        let all = AgeGroup { from: 0, to: None };
        let before = report(&access, &sites, "s", all).unwrap();
        assert_eq!(before.method, Method::Estimate);
        assert_eq!(before.times[0], 0.0);
        // 5 km straight at 40 km/h with circuity 1.3: 9.75 min.
        assert!((before.times[1] - 9.75).abs() < 1e-3, "{}", before.times[1]);
        let closed = apply(&sites, &[Change::Close("near".into())]).unwrap();
        let after = report(&access, &closed, "s", all).unwrap();
        let changed = changed_cells(&before, &after);
        assert_eq!(changed.iter().map(|c| c.0).collect::<Vec<_>>(), [0, 1], "the far unit's own cell keeps its time");
        assert!(changed.iter().all(|c| c.2 > c.1));
        // Old people only: cell b weighs 25.
        let old = report(&access, &sites, "s", AgeGroup { from: 75, to: None }).unwrap();
        assert_eq!(old.county.population, 40.0);
        assert_eq!(old.worst.as_ref().map(|w| w.0.as_str()), Some("001"));
        let close = |id: &str| Change::Close(id.into());
        assert_eq!(
            apply(&sites, &[close(&sites[0].id), close("nope")]).unwrap_err(),
            AccessError::UnknownUnit { change: 1, id: "nope".into() }
        );
        // The two nearest, sorted.
        let k = access.nearest(&sites, "s", 2);
        assert_eq!(k[1].iter().map(|n| n.1).collect::<Vec<_>>(), [0, 1]);
    }

    #[test]
    fn columns_together_equal_columns_one_by_one() {
        // A generated road network under a grid of cells, some off it.
        let net = crate::matrix::Network::prepare(crate::synthetic::road_like(2_500, 3));
        let (x0, y0) = net.graph.xy[0];
        let cells = (0..60)
            .map(|k| Cell {
                id: format!("c{k}"),
                x: x0 + (k % 10) as f64 * 600.0 - 200.0,
                y: y0 + (k / 10) as f64 * 900.0 - 1_500.0,
                population: 10,
                ages: vec![Some(10)],
                municipality: Some(1),
            })
            .collect();
        let g =
            Grid { cell_size: 250.0, bands: vec![Band::new(0, None)], cells, synthetic: true, source: "test".into() };
        let access = Access::new(&g, Some(&net), Mode::Car);
        let sites: Vec<Site> = (0..11)
            .map(|k| Site {
                id: format!("s{k}"),
                x: x0 + k as f64 * 430.0,
                y: y0 + k as f64 * 370.0 - 2_000.0,
                services: vec![],
            })
            .collect();
        let refs: Vec<&Site> = sites.iter().collect();
        let together = access.columns(&refs);
        assert_eq!(together.len(), sites.len());
        for (s, col) in sites.iter().zip(&together) {
            assert_eq!(col, &access.column(s), "{}", s.id);
        }
        assert!(together.iter().flatten().any(|t| t.is_finite()) && together.iter().flatten().any(|t| t.is_infinite()));
    }
}
