//! The problems: population-weighted cells, candidate sites, travel times
//! between them (sparse, each cell's reachable sites sorted by time), the
//! objective (p-median, maximal coverage, set coverage, p-center) and its
//! side constraints (fixed sites, capacities, equity between areas); and a
//! plan with its objective evaluated the same way for every solver.

use serde::Serialize;

use crate::PlanError;

/// Travel times from cells to sites, in minutes: for each cell the sites it
/// reaches (within the cut-off the caller applied), nearest first. A site
/// missing from a cell's row is unreachable from it.
#[derive(Debug, Clone, PartialEq)]
pub struct Costs {
    start: Vec<usize>,
    site: Vec<u32>,
    minutes: Vec<f32>,
    sites: usize,
}

impl Costs {
    /// From each cell's `(site, minutes)` pairs, in any order; non-finite times are dropped.
    pub fn from_rows(sites: usize, rows: impl IntoIterator<Item = Vec<(u32, f32)>>) -> Result<Costs, PlanError> {
        let mut c = Costs { start: vec![0], site: Vec::new(), minutes: Vec::new(), sites };
        for mut row in rows {
            row.retain(|(_, t)| t.is_finite() && *t >= 0.0);
            if row.iter().any(|(s, _)| *s as usize >= sites) {
                return Err(PlanError::Malformed("a travel time names a site past the candidate list"));
            }
            row.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            row.dedup_by_key(|r| r.0);
            c.site.extend(row.iter().map(|r| r.0));
            c.minutes.extend(row.iter().map(|r| r.1));
            c.start.push(c.site.len());
        }
        Ok(c)
    }

    /// From one column per site (minutes from every cell; infinite: unreachable),
    /// keeping times up to `cutoff` minutes.
    pub fn from_columns(columns: &[Vec<f32>], cells: usize, cutoff: Option<f32>) -> Result<Costs, PlanError> {
        if columns.iter().any(|c| c.len() != cells) {
            return Err(PlanError::Malformed("a site's column has not one time per cell"));
        }
        let limit = cutoff.unwrap_or(f32::INFINITY);
        Costs::from_rows(
            columns.len(),
            (0..cells).map(|i| {
                columns
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c[i] <= limit)
                    .map(|(j, c)| (j as u32, c[i]))
                    .collect::<Vec<_>>()
            }),
        )
    }

    pub fn cells(&self) -> usize {
        self.start.len() - 1
    }

    pub fn sites(&self) -> usize {
        self.sites
    }

    /// How many (cell, site) times are kept.
    pub fn len(&self) -> usize {
        self.site.len()
    }

    pub fn is_empty(&self) -> bool {
        self.site.is_empty()
    }

    /// The sites `cell` reaches and the minutes, nearest first.
    #[inline]
    pub fn row(&self, cell: usize) -> (&[u32], &[f32]) {
        let (a, b) = (self.start[cell], self.start[cell + 1]);
        (&self.site[a..b], &self.minutes[a..b])
    }

    /// Minutes from `cell` to `site` (`None`: unreachable).
    pub fn get(&self, cell: usize, site: usize) -> Option<f32> {
        let (s, t) = self.row(cell);
        s.iter().position(|x| *x as usize == site).map(|k| t[k])
    }

    /// The same times with only those up to `minutes` (coverage).
    pub fn within(&self, minutes: f32) -> Costs {
        let mut c = Costs { start: vec![0], site: Vec::new(), minutes: Vec::new(), sites: self.sites };
        for i in 0..self.cells() {
            let (s, t) = self.row(i);
            let n = t.partition_point(|x| *x <= minutes);
            c.site.extend_from_slice(&s[..n]);
            c.minutes.extend_from_slice(&t[..n]);
            c.start.push(c.site.len());
        }
        c
    }
}

/// Cells (demand), candidate sites and the times between them.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// Residents (or residents of an age group) per cell.
    pub weights: Vec<f64>,
    pub costs: Costs,
    /// Sites that must stay open (indices into the candidates).
    pub fixed: Vec<usize>,
    /// Per site, how much demand (in the weights' units) it can serve; empty: uncapacitated.
    pub capacity: Vec<Option<f64>>,
    /// Per cell, its area (municipality code) for equity constraints; empty: none.
    pub areas: Vec<Option<u16>>,
}

impl Instance {
    pub fn new(weights: Vec<f64>, costs: Costs) -> Instance {
        Instance { weights, costs, fixed: Vec::new(), capacity: Vec::new(), areas: Vec::new() }
    }

    pub fn cells(&self) -> usize {
        self.weights.len()
    }

    pub fn sites(&self) -> usize {
        self.costs.sites()
    }

    pub fn total_weight(&self) -> f64 {
        self.weights.iter().sum()
    }

    fn check_shape(&self) -> Result<(), PlanError> {
        if self.weights.len() != self.costs.cells() {
            return Err(PlanError::Malformed("not one weight per cell of the travel times"));
        }
        if !self.capacity.is_empty() && self.capacity.len() != self.sites() {
            return Err(PlanError::Malformed("not one capacity per site"));
        }
        if !self.areas.is_empty() && self.areas.len() != self.cells() {
            return Err(PlanError::Malformed("not one area per cell"));
        }
        if self.weights.iter().any(|w| !w.is_finite() || *w < 0.0) {
            return Err(PlanError::Malformed("a weight is negative or not a number"));
        }
        if self.sites() == 0 {
            return Err(PlanError::Empty("candidate site"));
        }
        if !self.weights.iter().any(|w| *w > 0.0) {
            return Err(PlanError::Empty("cell with residents"));
        }
        if let Some(f) = self.fixed.iter().find(|f| **f >= self.sites()) {
            return Err(PlanError::UnknownFixed(*f));
        }
        if let Some(j) = self.capacity.iter().position(Option::is_none).filter(|_| self.capacitated()) {
            return Err(PlanError::MissingCapacity(j));
        }
        Ok(())
    }

    /// Whether the sites have capacities.
    pub fn capacitated(&self) -> bool {
        self.capacity.iter().any(Option::is_some)
    }
}

/// What to optimise.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Objective {
    /// Choose `p` sites minimising the total population-weighted travel time.
    PMedian { p: usize },
    /// Choose `p` sites maximising the population within `minutes`.
    Coverage { p: usize, minutes: f64 },
    /// The fewest sites such that `share` (0–1] of the residents is within `minutes`.
    SetCover { minutes: f64, share: f64 },
    /// Choose `p` sites minimising the worst travel time of any populated cell.
    PCenter { p: usize },
}

impl Objective {
    pub fn name(&self) -> &'static str {
        match self {
            Objective::PMedian { .. } => "p-median",
            Objective::Coverage { .. } => "coverage",
            Objective::SetCover { .. } => "set-cover",
            Objective::PCenter { .. } => "p-center",
        }
    }

    /// Whether a larger objective value is better.
    pub fn maximises(&self) -> bool {
        matches!(self, Objective::Coverage { .. })
    }

    pub fn p(&self) -> Option<usize> {
        match self {
            Objective::PMedian { p } | Objective::Coverage { p, .. } | Objective::PCenter { p } => Some(*p),
            Objective::SetCover { .. } => None,
        }
    }
}

/// Fairness between areas (municipalities), on population-weighted mean times.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Equity {
    /// No area's mean travel time above `minutes`.
    MaxMean { minutes: f64 },
    /// The worst area's mean within `minutes` of the best's.
    MaxSpread { minutes: f64 },
}

impl Equity {
    pub fn describe(&self) -> String {
        match self {
            Equity::MaxMean { minutes } => format!("no area's mean time above {minutes} minutes"),
            Equity::MaxSpread { minutes } => format!("the worst area's mean within {minutes} minutes of the best's"),
        }
    }
}

/// A problem: an objective and side constraints over an instance.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Problem {
    pub objective: Objective,
    pub equity: Option<Equity>,
}

impl Problem {
    pub fn new(objective: Objective) -> Problem {
        Problem { objective, equity: None }
    }

    /// Refuses what cannot be met before any solving, saying which constraint.
    pub fn check(&self, inst: &Instance) -> Result<(), PlanError> {
        inst.check_shape()?;
        let sites = inst.sites();
        if let Some(p) = self.objective.p() {
            if p == 0 || p > sites {
                return Err(PlanError::BadP { p, sites });
            }
            let mut fixed = inst.fixed.clone();
            fixed.sort_unstable();
            fixed.dedup();
            if fixed.len() > p {
                return Err(PlanError::FewerThanFixed { p, fixed: fixed.len() });
            }
        }
        let minutes = match self.objective {
            Objective::Coverage { minutes, .. } | Objective::SetCover { minutes, .. } => {
                if !(minutes.is_finite() && minutes > 0.0) {
                    return Err(PlanError::OutOfRange { name: "minutes", value: minutes, expected: "above 0" });
                }
                Some(minutes)
            }
            _ => None,
        };
        if let Objective::SetCover { share, minutes } = self.objective {
            if !(share > 0.0 && share <= 1.0) {
                return Err(PlanError::OutOfRange { name: "share", value: share, expected: "above 0, at most 1" });
            }
            let total = inst.total_weight();
            let coverable: f64 = (0..inst.cells())
                .filter(|i| inst.costs.row(*i).1.first().is_some_and(|t| (*t as f64) <= minutes))
                .map(|i| inst.weights[i])
                .sum();
            if share >= 1.0 {
                if let Some(i) = first_unreached(inst, Some(minutes)) {
                    return Err(PlanError::Unreachable { cell: i, weight: inst.weights[i], minutes: Some(minutes) });
                }
            } else if coverable < share * total - 1e-9 * total {
                return Err(PlanError::ShareNotCoverable {
                    share: share * 100.0,
                    coverable: coverable / total * 100.0,
                    minutes,
                });
            }
        }
        if matches!(self.objective, Objective::PMedian { .. } | Objective::PCenter { .. })
            && let Some(i) = first_unreached(inst, None)
        {
            return Err(PlanError::Unreachable { cell: i, weight: inst.weights[i], minutes: None });
        }
        let _ = minutes;
        if inst.capacitated() {
            if !matches!(self.objective, Objective::PMedian { .. }) {
                return Err(PlanError::Unsupported { constraint: "capacity", by: "for this problem (p-median only)" });
            }
            let capacity: f64 = inst.capacity.iter().flatten().sum();
            let demand = inst.total_weight();
            if capacity < demand {
                return Err(PlanError::CapacityBelowDemand { capacity, demand });
            }
        }
        if let Some(e) = self.equity {
            if !matches!(self.objective, Objective::PMedian { .. }) {
                return Err(PlanError::Unsupported { constraint: "equity", by: "for this problem (p-median only)" });
            }
            if inst.areas.is_empty() {
                return Err(PlanError::Malformed("an equity constraint needs the cells' areas"));
            }
            let (Equity::MaxMean { minutes } | Equity::MaxSpread { minutes }) = e;
            if !(minutes.is_finite() && minutes >= 0.0) {
                return Err(PlanError::OutOfRange { name: "equity", value: minutes, expected: "0 or more minutes" });
            }
        }
        Ok(())
    }
}

fn first_unreached(inst: &Instance, minutes: Option<f64>) -> Option<usize> {
    (0..inst.cells()).find(|i| {
        inst.weights[*i] > 0.0 && inst.costs.row(*i).1.first().is_none_or(|t| minutes.is_some_and(|m| (*t as f64) > m))
    })
}

/// How a plan was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// A mixed-integer formulation solved by HiGHS.
    Exact,
    /// Greedy construction and vertex substitution (Teitz–Bart), or greedy covering.
    Heuristic,
}

/// A solution: the open sites, each cell's assignment, the objective and the
/// best bound known on the optimum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub objective: Objective,
    /// Open sites, ascending.
    pub open: Vec<usize>,
    /// Per cell, the sites serving it and the share of its residents each
    /// serves (one site with share 1 unless capacities split a cell); empty:
    /// no open site reaches it.
    #[serde(skip)]
    pub assignment: Vec<Vec<(u32, f64)>>,
    /// p-median: weighted minutes; coverage: residents covered; set cover:
    /// sites; p-center: the worst minutes.
    pub value: f64,
    /// The best known bound on the optimum (below for minimising, above for maximising).
    pub bound: Option<f64>,
    pub method: Method,
    /// Proven optimal (within the solver's tolerance).
    pub optimal: bool,
}

impl Plan {
    /// Relative distance between the value and the bound (0: proven optimal).
    pub fn gap(&self) -> Option<f64> {
        let b = self.bound?;
        let v = self.value;
        if v.abs() < 1e-12 {
            return Some(if (v - b).abs() < 1e-12 { 0.0 } else { 1.0 });
        }
        Some(((v - b).abs() / v.abs()).max(0.0))
    }

    /// Minutes from each cell to its serving site (the farthest if split); `None`: unassigned.
    pub fn times(&self, inst: &Instance) -> Vec<Option<f32>> {
        self.assignment
            .iter()
            .enumerate()
            .map(|(i, a)| a.iter().filter_map(|(s, _)| inst.costs.get(i, *s as usize)).max_by(|a, b| a.total_cmp(b)))
            .collect()
    }
}

/// Each cell's nearest open site (and minutes).
pub fn nearest_assignment(inst: &Instance, open: &[bool]) -> Vec<Option<(u32, f32)>> {
    (0..inst.cells())
        .map(|i| {
            let (s, t) = inst.costs.row(i);
            s.iter().zip(t).find(|(s, _)| open[**s as usize]).map(|(s, t)| (*s, *t))
        })
        .collect()
}

/// Evaluates `open` for the objective with nearest-site assignment: the plan's
/// value, as every solver reports it.
pub fn evaluate(inst: &Instance, objective: Objective, open: &[usize]) -> (f64, Vec<Vec<(u32, f64)>>) {
    let mut is_open = vec![false; inst.sites()];
    for j in open {
        is_open[*j] = true;
    }
    let near = nearest_assignment(inst, &is_open);
    let assignment = near.iter().map(|n| n.map(|(s, _)| vec![(s, 1.0)]).unwrap_or_default()).collect();
    let value = match objective {
        Objective::PMedian { .. } => {
            near.iter().zip(&inst.weights).map(|(n, w)| n.map_or(f64::INFINITY, |(_, t)| *w * t as f64)).sum()
        }
        Objective::Coverage { minutes, .. } => near
            .iter()
            .zip(&inst.weights)
            .filter(|(n, _)| n.is_some_and(|(_, t)| (t as f64) <= minutes))
            .map(|(_, w)| *w)
            .sum(),
        Objective::SetCover { .. } => open.len() as f64,
        Objective::PCenter { .. } => near
            .iter()
            .zip(&inst.weights)
            .filter(|(_, w)| **w > 0.0)
            .map(|(n, _)| n.map_or(f64::INFINITY, |(_, t)| t as f64))
            .fold(0.0, f64::max),
    };
    (value, assignment)
}

/// Mean travel time per area under an assignment (area, population, mean).
pub fn area_means(inst: &Instance, plan: &Plan) -> Vec<(u16, f64, f64)> {
    let mut by: std::collections::BTreeMap<u16, (f64, f64)> = std::collections::BTreeMap::new();
    for (i, a) in plan.assignment.iter().enumerate() {
        let Some(Some(area)) = inst.areas.get(i) else { continue };
        let w = inst.weights[i];
        let e = by.entry(*area).or_default();
        e.0 += w;
        for (s, share) in a {
            if let Some(t) = inst.costs.get(i, *s as usize) {
                e.1 += w * share * t as f64;
            }
        }
    }
    by.into_iter().filter(|(_, (w, _))| *w > 0.0).map(|(a, (w, t))| (a, w, t / w)).collect()
}
