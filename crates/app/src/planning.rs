//! Service network planning use cases: where the county's units should be.
//!
//! A plan request names a service, a mode, an age group and a problem
//! (`plan::Objective` with its side constraints). Candidate sites are the
//! catalog's units offering the service, points the planner gives, and
//! optionally points generated at the most populated cells; demand is the
//! demo grid's populated cells weighted by the age group; travel times come
//! from the accessibility engine (routed on the mode's network when one is
//! loaded, straight-line estimates otherwise, labelled). The plan comes back
//! with its cells' assignment and the accessibility indicators before (the
//! units offering the service today) and after (the plan's sites).
//!
//! Plans run as jobs ([`Jobs`], owned by one `Polku`): progress while they
//! run, cancellable, the last [`KEPT_JOBS`] kept.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use access::analysis::{AgeGroup, Method as RouteMethod, Report, Site, report};
use plan::problem::area_means;
use plan::{Control, Costs, Equity, Instance, Objective, Plan, PlanError, Problem, Solver};
use serde::Serialize;
use serde_json::{Value, json};
use std::fmt::Write as _;

use crate::accessibility::{access_error, demo_grid};
use crate::catalog::Polku;
use crate::error::AppError;
use crate::navigation::TravelMode;

/// A candidate site: an existing unit or a new point (EPSG:3067).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub id: String,
    pub x: f64,
    pub y: f64,
    /// A unit of the catalog offering the service today.
    pub existing: bool,
    /// Places (the unit's `capacity`, or given), when known.
    pub places: Option<f64>,
}

/// What to plan.
#[derive(Debug, Clone)]
pub struct PlanRequest {
    pub service: String,
    pub mode: TravelMode,
    pub group: AgeGroup,
    pub objective: Objective,
    pub equity: Option<Equity>,
    pub solver: Solver,
    /// Points given as candidates besides the existing units.
    pub extra: Vec<Candidate>,
    /// How many candidate points to generate at the most populated cells (at least 1.5 km apart).
    pub generated: usize,
    /// Leave the existing units out of the candidates (plan from scratch on the given points).
    pub without_existing: bool,
    /// Candidate ids that must stay open.
    pub fixed: Vec<String>,
    /// Residents one place serves: capacities from the units' `capacity` (places × this).
    pub residents_per_place: Option<f64>,
    /// Places of a candidate that has none (new points), with capacities.
    pub new_places: Option<f64>,
    /// Times above this many minutes are not assignable.
    pub cutoff: Option<f64>,
    /// Seconds the exact solver may take.
    pub time_limit: Option<f64>,
}

impl PlanRequest {
    /// A p-median request with no side constraints.
    pub fn new(service: &str, mode: TravelMode, objective: Objective) -> PlanRequest {
        PlanRequest {
            service: service.to_owned(),
            mode,
            group: AgeGroup { from: 0, to: None },
            objective,
            equity: None,
            solver: Solver::Auto,
            extra: Vec::new(),
            generated: 0,
            without_existing: false,
            fixed: Vec::new(),
            residents_per_place: None,
            new_places: None,
            cutoff: None,
            time_limit: None,
        }
    }
}

/// A request's instance: the cells (indices into the demo grid), candidates and times.
pub struct Built {
    pub instance: Instance,
    pub candidates: Vec<Candidate>,
    /// The grid cell of each instance cell.
    pub cells: Vec<usize>,
    pub routing: RouteMethod,
    pub matrix_seconds: f64,
    cand_sites: Vec<Site>,
    all_sites: Vec<Site>,
    sites_now: Vec<Site>,
}

impl Built {
    /// The grid ids of the instance's cells.
    pub fn cell_ids(&self) -> Vec<String> {
        let grid = demo_grid();
        self.cells.iter().map(|i| grid.cells[*i].id.clone()).collect()
    }
}

/// One cell's part in a plan.
#[derive(Debug, Clone, Serialize)]
pub struct CellPlan {
    pub cell: usize,
    pub weight: f64,
    /// Index into the candidates of the serving site (the main one if split), and minutes to it.
    pub site: Option<usize>,
    pub minutes: Option<f32>,
    /// Split between sites (capacities): (candidate index, share).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub split: Vec<(usize, f64)>,
}

/// A site's load in a plan.
#[derive(Debug, Clone, Serialize)]
pub struct SiteLoad {
    pub candidate: usize,
    /// Residents (of the age group) assigned.
    pub residents: f64,
    /// Capacity in residents, with capacities.
    pub capacity: Option<f64>,
}

/// A plan and what it means for residents.
#[derive(Debug, Clone, Serialize)]
pub struct PlanOutcome {
    pub service: String,
    pub mode: String,
    pub age_group: String,
    /// `network` or `estimate`: how the times were obtained.
    pub routing: RouteMethod,
    pub problem: Problem,
    pub plan: Plan,
    pub gap: Option<f64>,
    pub candidates: Vec<Candidate>,
    pub open: Vec<usize>,
    pub loads: Vec<SiteLoad>,
    pub cells: Vec<CellPlan>,
    /// Mean minutes per municipality under the plan's assignment.
    pub area_means: Vec<(String, f64, f64)>,
    /// The units offering the service today, and the plan's sites (nearest site).
    pub before: Report,
    pub after: Report,
    pub matrix_seconds: f64,
    pub solve_seconds: f64,
}

/// The engine's refusal as the application's, naming the field (and the site or cell) it is about.
pub fn plan_error(e: PlanError, candidates: &[Candidate]) -> AppError {
    let grid = demo_grid();
    let message = match &e {
        PlanError::MissingCapacity(j) => {
            format!("{} has no capacity: give places for every site or none", candidates[*j].id)
        }
        PlanError::UnknownFixed(j) => format!("fixed site {j} is not a candidate"),
        PlanError::Unreachable { cell, weight, minutes } => {
            let id = grid.cells.get(*cell).map_or(String::from("?"), |c| c.id.clone());
            let within = minutes.map(|m| format!(" within {m} minutes")).unwrap_or_default();
            format!("cell {id} ({weight:.0} residents) is not reached by any candidate site{within}")
        }
        _ => e.to_string(),
    };
    match e {
        PlanError::Cancelled => AppError::invalid("job", "cancelled"),
        PlanError::Solver(_) => AppError::Internal(message),
        _ => AppError::invalid(e.field(), message),
    }
}

/// Candidate points at the most populated cells, `spacing` metres apart at least.
fn generated_candidates(count: usize, spacing: f64) -> Vec<Candidate> {
    let grid = demo_grid();
    let mut order: Vec<usize> = (0..grid.cells.len()).collect();
    order.sort_by(|a, b| grid.cells[*b].population.cmp(&grid.cells[*a].population).then(a.cmp(b)));
    let mut out: Vec<Candidate> = Vec::new();
    for i in order {
        if out.len() >= count {
            break;
        }
        let c = &grid.cells[i];
        if out.iter().all(|o| (o.x - c.x).powi(2) + (o.y - c.y).powi(2) >= spacing * spacing) {
            out.push(Candidate { id: format!("cell-{}", c.id), x: c.x, y: c.y, existing: false, places: None });
        }
    }
    out
}

impl Polku {
    /// The candidate sites of a request: existing units offering the service, the given points, generated ones.
    pub fn plan_candidates(&self, req: &PlanRequest) -> Result<Vec<Candidate>, AppError> {
        let snapshot = self.snapshot();
        if !snapshot.catalog.services.contains_key(req.service.as_str()) {
            return Err(AppError::NotFound { kind: "service", id: req.service.clone() });
        }
        let mut out: Vec<Candidate> = Vec::new();
        if !req.without_existing {
            for s in self.sites().into_iter().filter(|s| s.services.contains(&req.service)) {
                let places = snapshot
                    .catalog
                    .units
                    .get(s.id.as_str())
                    .map(|u| u.capacity.iter().map(|c| c.places as f64).sum::<f64>())
                    .filter(|p| *p > 0.0);
                out.push(Candidate { id: s.id, x: s.x, y: s.y, existing: true, places });
            }
        }
        for (i, c) in req.extra.iter().enumerate() {
            if out.iter().any(|o| o.id == c.id) {
                return Err(AppError::invalid(format!("candidates[{i}]"), format!("candidate `{}` twice", c.id)));
            }
            out.push(c.clone());
        }
        for c in generated_candidates(req.generated, 1_500.0) {
            if !out.iter().any(|o| o.id == c.id) {
                out.push(c);
            }
        }
        if out.is_empty() {
            return Err(AppError::invalid(
                "candidates",
                format!("no candidate sites: no unit offers {} and no points were given", req.service),
            ));
        }
        Ok(out)
    }

    /// The instance of a request: its populated cells, candidates and travel times.
    pub fn plan_instance(&self, req: &PlanRequest) -> Result<Built, AppError> {
        let candidates = self.plan_candidates(req)?;
        let mut fixed = Vec::new();
        for (i, id) in req.fixed.iter().enumerate() {
            let j = candidates.iter().position(|c| c.id == *id).ok_or_else(|| {
                AppError::invalid(
                    format!("fixed[{i}]"),
                    format!("`{id}` is not a candidate site (a unit offering {})", req.service),
                )
            })?;
            fixed.push(j);
        }
        let grid = demo_grid();
        let weights_all: Vec<f64> = if req.group.from == 0 && req.group.to.is_none() {
            grid.cells.iter().map(|c| c.population as f64).collect()
        } else {
            grid.age_weights(req.group.from, req.group.to)
                .ok_or_else(|| access_error(access::AccessError::NoAgeBand(req.group.label())))?
                .0
        };
        let cells: Vec<usize> = (0..grid.cells.len()).filter(|i| weights_all[*i] > 0.0).collect();
        let sites_now = self.sites();
        let cand_sites: Vec<Site> = candidates
            .iter()
            .map(|c| Site { id: c.id.clone(), x: c.x, y: c.y, services: vec![req.service.clone()] })
            .collect();
        let mut all_sites = sites_now.clone();
        all_sites.extend(cand_sites.iter().filter(|c| !sites_now.iter().any(|s| s.id == c.id)).cloned());
        let started = Instant::now();
        let (columns, routing) = self.with_access(req.mode, &all_sites, |access| {
            let columns: Vec<Vec<f32>> = cand_sites
                .iter()
                .map(|s| {
                    let col = access.column_of(s);
                    cells.iter().map(|i| col[*i]).collect()
                })
                .collect();
            (columns, access.method())
        });
        let costs = Costs::from_columns(&columns, cells.len(), req.cutoff.map(|c| c as f32))
            .map_err(|e| plan_error(e, &candidates))?;
        let matrix_seconds = started.elapsed().as_secs_f64();
        let mut inst = Instance::new(cells.iter().map(|i| weights_all[*i]).collect(), costs);
        inst.fixed = fixed;
        inst.areas = cells.iter().map(|i| grid.cells[*i].municipality).collect();
        if let Some(per) = req.residents_per_place {
            if !(per.is_finite() && per > 0.0) {
                return Err(AppError::invalid("residents_per_place", "must be above 0"));
            }
            inst.capacity = candidates.iter().map(|c| c.places.or(req.new_places).map(|p| p * per)).collect();
        }
        Ok(Built { instance: inst, candidates, cells, routing, matrix_seconds, cand_sites, all_sites, sites_now })
    }

    /// Makes a plan (synchronously; [`Polku::start_plan`] runs one as a job).
    pub fn plan(&self, req: &PlanRequest, ctl: &mut Control<'_>) -> Result<PlanOutcome, AppError> {
        ctl.report("matrix", 0.0);
        ctl.check().map_err(|e| plan_error(e, &[]))?;
        let Built { instance: inst, candidates, cells, routing, matrix_seconds, cand_sites, all_sites, sites_now } =
            self.plan_instance(req)?;
        let problem = Problem { objective: req.objective, equity: req.equity };
        ctl.time_limit = req.time_limit;
        let started = Instant::now();
        let result = plan::solve(&inst, &problem, req.solver, ctl).map_err(|e| {
            // Name the cell by its grid id, not its index among the populated cells.
            let e = match e {
                PlanError::Unreachable { cell, weight, minutes } => {
                    PlanError::Unreachable { cell: cells[cell], weight, minutes }
                }
                other => other,
            };
            plan_error(e, &candidates)
        })?;
        let solve_seconds = started.elapsed().as_secs_f64();
        let cell_plans: Vec<CellPlan> = result
            .assignment
            .iter()
            .enumerate()
            .map(|(k, a)| {
                let main = a.iter().max_by(|x, y| x.1.total_cmp(&y.1)).map(|x| x.0 as usize);
                CellPlan {
                    cell: cells[k],
                    weight: inst.weights[k],
                    site: main,
                    minutes: main.and_then(|j| inst.costs.get(k, j)),
                    split: if a.len() > 1 { a.iter().map(|(s, v)| (*s as usize, *v)).collect() } else { Vec::new() },
                }
            })
            .collect();
        let mut loads: Vec<SiteLoad> = result
            .open
            .iter()
            .map(|j| SiteLoad { candidate: *j, residents: 0.0, capacity: inst.capacity.get(*j).copied().flatten() })
            .collect();
        for (k, a) in result.assignment.iter().enumerate() {
            for (s, share) in a {
                if let Some(l) = loads.iter_mut().find(|l| l.candidate == *s as usize) {
                    l.residents += share * inst.weights[k];
                }
            }
        }
        let means = area_means(&inst, &result).into_iter().map(|(a, w, m)| (format!("{a:03}"), w, m)).collect();
        let open_sites: Vec<Site> = result.open.iter().map(|j| cand_sites[*j].clone()).collect();
        let (before, after) = self.with_access(req.mode, &all_sites, |access| {
            let before = report(access, &sites_now, &req.service, req.group);
            let after = report(access, &open_sites, &req.service, req.group);
            (before, after)
        });
        Ok(PlanOutcome {
            service: req.service.clone(),
            mode: req.mode.as_str().to_owned(),
            age_group: req.group.label(),
            routing,
            problem,
            gap: result.gap(),
            open: result.open.clone(),
            plan: result,
            candidates,
            loads,
            cells: cell_plans,
            area_means: means,
            before: before.map_err(access_error)?,
            after: after.map_err(access_error)?,
            matrix_seconds,
            solve_seconds,
        })
    }

    /// The plan jobs of this instance.
    pub fn plan_jobs(&self) -> &Jobs {
        &self.plans
    }

    /// Starts a plan as a job on its own thread; its id to follow or cancel it.
    /// The request's candidates and fixed sites are checked first.
    pub fn start_plan(self: &Arc<Self>, req: PlanRequest) -> Result<String, AppError> {
        let candidates = self.plan_candidates(&req)?;
        for (i, id) in req.fixed.iter().enumerate() {
            if !candidates.iter().any(|c| c.id == *id) {
                return Err(AppError::invalid(format!("fixed[{i}]"), format!("`{id}` is not a candidate site")));
            }
        }
        let job = self.plans.add()?;
        let polku = self.clone();
        let id = job.id.clone();
        std::thread::Builder::new()
            .name(format!("plan {id}"))
            .spawn(move || {
                let progress_job = job.clone();
                let mut ctl = Control::new(&job.cancel, move |phase, done| progress_job.progress(phase, done));
                let result = polku.plan(&req, &mut ctl);
                drop(ctl);
                job.finish(result);
            })
            .map_err(|e| AppError::Internal(format!("cannot start a planning thread: {e}")))?;
        Ok(id)
    }
}

/// How many plan jobs one instance keeps (finished ones go first).
pub const KEPT_JOBS: usize = 32;
/// How many plan jobs may run at once.
pub const RUNNING_JOBS: usize = 2;

/// Where a job is.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum JobState {
    Running {
        phase: String,
        done: f64,
    },
    Done {
        #[serde(skip)]
        outcome: Arc<PlanOutcome>,
    },
    /// Refused or failed: the field and the message.
    Failed {
        field: Option<String>,
        message: String,
    },
    Cancelled,
}

/// One plan job.
pub struct Job {
    pub id: String,
    cancel: AtomicBool,
    state: Mutex<JobState>,
    started: Instant,
}

impl Job {
    fn progress(&self, phase: &str, done: f64) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if let JobState::Running { .. } = *s {
            *s = JobState::Running { phase: phase.to_owned(), done };
        }
    }

    fn finish(&self, result: Result<PlanOutcome, AppError>) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        *s = match result {
            Ok(o) => JobState::Done { outcome: Arc::new(o) },
            Err(_) if self.cancel.load(Ordering::Relaxed) => JobState::Cancelled,
            Err(AppError::Invalid(p)) => JobState::Failed {
                field: p.first().map(|p| p.field.clone()),
                message: p.iter().map(|p| p.problem.clone()).collect::<Vec<_>>().join("; "),
            },
            Err(e) => JobState::Failed { field: None, message: e.to_string() },
        };
    }

    pub fn state(&self) -> JobState {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Seconds since the job started.
    pub fn seconds(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }

    /// Asks the job to stop; it stops at its next check.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// The plan jobs of one `Polku`: bounded, the oldest finished ones dropped first.
#[derive(Default)]
pub struct Jobs {
    inner: Mutex<(u64, BTreeMap<u64, Arc<Job>>)>,
}

impl Jobs {
    fn add(&self) -> Result<Arc<Job>, AppError> {
        let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let running = g.1.values().filter(|j| matches!(j.state(), JobState::Running { .. })).count();
        if running >= RUNNING_JOBS {
            return Err(AppError::Conflict(vec![domain::Problem {
                field: "job".into(),
                problem: format!("{running} plans are running already; wait for one or cancel it"),
            }]));
        }
        g.0 += 1;
        let n = g.0;
        let salt: u32 = rand::random();
        let job = Arc::new(Job {
            id: format!("plan-{n}-{salt:08x}"),
            cancel: AtomicBool::new(false),
            state: Mutex::new(JobState::Running { phase: "queued".into(), done: 0.0 }),
            started: Instant::now(),
        });
        g.1.insert(n, job.clone());
        while g.1.len() > KEPT_JOBS {
            let old = g.1.iter().find(|(_, j)| !matches!(j.state(), JobState::Running { .. })).map(|(k, _)| *k);
            match old {
                Some(k) => {
                    g.1.remove(&k);
                }
                None => break,
            }
        }
        Ok(job)
    }

    /// The job with this id.
    pub fn get(&self, id: &str) -> Option<Arc<Job>> {
        let g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        g.1.values().find(|j| j.id == id).cloned()
    }

    /// The jobs, newest first.
    pub fn list(&self) -> Vec<Arc<Job>> {
        let g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        g.1.values().rev().cloned().collect()
    }
}

/// Every cell's assignment as CSV (`cell_id,municipality,lat,lon,weight,site_id,minutes,estimate`).
pub fn cells_csv(o: &PlanOutcome) -> String {
    let grid = demo_grid();
    let estimate = matches!(o.routing, access::analysis::Method::Estimate);
    let mut csv = String::from("cell_id,municipality,lat,lon,weight,site_id,minutes,estimate\n");
    for c in &o.cells {
        let g = &grid.cells[c.cell];
        let (lat, lon) = domain::geo::tm35fin_to_wgs84(g.y, g.x);
        let _ = writeln!(
            csv,
            "{},{},{lat:.5},{lon:.5},{:.1},{},{},{estimate}",
            g.id,
            g.municipality.map(|m| format!("{m:03}")).unwrap_or_default(),
            c.weight,
            c.site.map(|j| o.candidates[j].id.as_str()).unwrap_or_default(),
            c.minutes.map(|m| format!("{m:.1}")).unwrap_or_default()
        );
    }
    csv
}

/// The plan as GeoJSON (WGS84): open sites as points, cells as points with
/// their site and minutes; `properties` on the collection.
pub fn geojson(o: &PlanOutcome, properties: Value) -> Value {
    let grid = demo_grid();
    let point = |x: f64, y: f64| {
        let (lat, lon) = domain::geo::tm35fin_to_wgs84(y, x);
        json!({"type": "Point", "coordinates": [(lon * 1e6).round() / 1e6, (lat * 1e6).round() / 1e6]})
    };
    let mut features: Vec<Value> = o
        .loads
        .iter()
        .map(|l| {
            let c = &o.candidates[l.candidate];
            json!({"type": "Feature", "id": c.id, "geometry": point(c.x, c.y),
                "properties": {"kind": "site", "existing": c.existing, "residents": l.residents.round(), "capacity": l.capacity}})
        })
        .collect();
    features.extend(o.cells.iter().map(|c| {
        let g = &grid.cells[c.cell];
        json!({"type": "Feature", "id": g.id, "geometry": point(g.x, g.y),
            "properties": {"kind": "cell", "weight": c.weight, "site": c.site.map(|j| o.candidates[j].id.clone()),
                "minutes": c.minutes.map(|m| (m as f64 * 10.0).round() / 10.0)}})
    }));
    json!({"type": "FeatureCollection", "features": features, "properties": properties})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_candidates_are_apart_and_at_populated_cells() {
        let c = generated_candidates(50, 1_500.0);
        assert_eq!(c.len(), 50);
        for (i, a) in c.iter().enumerate() {
            for b in &c[i + 1..] {
                assert!(((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt() >= 1_500.0);
            }
        }
        let grid = demo_grid();
        let top = grid.cells.iter().map(|c| c.population).max().unwrap();
        assert!(c[0].id.ends_with(&grid.cells.iter().find(|c| c.population == top).unwrap().id));
    }

    #[test]
    fn refusals_name_the_site_or_cell() {
        let cands = vec![Candidate { id: "unit-a".into(), x: 0.0, y: 0.0, existing: true, places: None }];
        let AppError::Invalid(p) = plan_error(PlanError::MissingCapacity(0), &cands) else { panic!() };
        assert_eq!(p[0].field, "capacity");
        assert!(p[0].problem.starts_with("unit-a has no capacity"), "{}", p[0].problem);
        let AppError::Invalid(p) =
            plan_error(PlanError::Unreachable { cell: 0, weight: 12.0, minutes: Some(5.0) }, &cands)
        else {
            panic!()
        };
        assert_eq!(p[0].field, "minutes");
        assert!(p[0].problem.contains(&demo_grid().cells[0].id) && p[0].problem.contains("within 5 minutes"));
        assert!(matches!(plan_error(PlanError::Solver("x".into()), &cands), AppError::Internal(_)));
    }
}
