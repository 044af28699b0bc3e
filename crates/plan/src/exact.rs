//! Exact solutions: mixed-integer formulations solved by HiGHS.
//!
//! - p-median: the compact formulation of Elloumi (2010) on each cell's sorted
//!   distinct times (`z_k ≥ z_{k-1} − Σ_{j at level k} y_j`, cost
//!   `D_1 + Σ (D_{k+1} − D_k) z_k`), as strong as the classical one and far
//!   smaller, with each cell's levels cut near where the starting plan serves it
//!   and widened where a solve goes beyond (as in the radius formulation of
//!   García, Labbé and Marín, 2011); with capacities or a spread constraint between areas, the
//!   classical assignment formulation (`x_ij ≤ y_j`, `Σ_i w_i x_ij ≤ C_j y_j`);
//! - maximal coverage and set coverage: one row per distinct set of covering
//!   sites (cells reached by the same sites are merged);
//! - p-center: bisection over the time levels, each a set-cover feasibility
//!   problem with at most `p` sites, between the heuristic's bounds.
//!
//! A heuristic plan, when given, is the solver's starting solution.

use std::collections::HashMap;
use std::time::Instant;

use highs::{HighsModelStatus, RowProblem, Sense};

use crate::problem::{Equity, Instance, Method, Objective, Plan, evaluate};
use crate::{Control, PlanError};

/// What HiGHS returned: the columns, the objective, whether optimal, the dual bound.
struct Solved {
    columns: Vec<f64>,
    value: f64,
    optimal: bool,
    bound: Option<f64>,
}

enum Outcome {
    Solved(Solved),
    Infeasible,
}

fn run(pb: RowProblem, sense: Sense, start: Option<&[f64]>, ctl: &Control<'_>) -> Result<Outcome, PlanError> {
    run_for(pb, sense, start, ctl, ctl.time_limit)
}

/// [`run`] with its own time limit (seconds).
fn run_for(
    pb: RowProblem,
    sense: Sense,
    start: Option<&[f64]>,
    ctl: &Control<'_>,
    limit: Option<f64>,
) -> Result<Outcome, PlanError> {
    ctl.check()?;
    let mut model = pb.optimise(sense);
    model.make_quiet();
    if let Some(limit) = limit {
        model.set_option("time_limit", limit.max(0.1));
    }
    if let Some(cols) = start {
        // A starting solution only helps; a refused one is not an error.
        let _ = model.try_set_solution(Some(cols), None, None, None);
    }
    let solved = model.try_solve().map_err(|e| PlanError::Solver(format!("{e:?}")))?;
    let status = solved.status();
    ctl.check()?;
    match status {
        HighsModelStatus::Infeasible => Ok(Outcome::Infeasible),
        HighsModelStatus::Optimal | HighsModelStatus::ReachedTimeLimit | HighsModelStatus::ReachedInterrupt => {
            let columns = solved.get_solution().columns().to_vec();
            let has_solution = !columns.is_empty() && solved.objective_value().is_finite();
            if status != HighsModelStatus::Optimal && !has_solution {
                return Err(PlanError::Solver(format!("{status:?} before a first plan")));
            }
            let bound = solved.double_info_value(c"mip_dual_bound").ok().filter(|b| b.is_finite());
            Ok(Outcome::Solved(Solved {
                value: solved.objective_value(),
                columns,
                optimal: status == HighsModelStatus::Optimal,
                bound,
            }))
        }
        other => Err(PlanError::Solver(format!("{other:?}"))),
    }
}

/// An area's terms of its residents' total time, the constant part and its residents.
type AreaTerms = (Vec<(highs::Col, f64)>, f64, f64);

fn fixed_mask(inst: &Instance) -> Vec<bool> {
    let mut f = vec![false; inst.sites()];
    for j in &inst.fixed {
        f[*j] = true;
    }
    f
}

fn site_columns(pb: &mut RowProblem, inst: &Instance, cost: f64) -> Vec<highs::Col> {
    let fixed = fixed_mask(inst);
    (0..inst.sites()).map(|j| pb.add_integer_column(cost, if fixed[j] { 1.0 } else { 0.0 }..=1.0)).collect()
}

fn open_sites(columns: &[f64], m: usize) -> Vec<usize> {
    (0..m).filter(|j| columns[*j] > 0.5).collect()
}

/// Each cell's levels: its `allowed` sites grouped by equal times, nearest first.
fn levels(inst: &Instance, i: usize, allowed: &[bool]) -> Vec<(f64, Vec<usize>)> {
    let (s, t) = inst.costs.row(i);
    let mut levels: Vec<(f64, Vec<usize>)> = Vec::new();
    for (s, t) in s.iter().zip(t).filter(|(s, _)| allowed[**s as usize]) {
        match levels.last_mut() {
            Some((d, g)) if *d == *t as f64 => g.push(*s as usize),
            _ => levels.push((*t as f64, vec![*s as usize])),
        }
    }
    levels
}

/// The level (0-based, in [`levels`]' order) of a cell's nearest open site; the
/// number of levels when none of its sites is open.
fn nearest_open_level(inst: &Instance, i: usize, open: &[bool], allowed: &[bool]) -> usize {
    let (s, t) = inst.costs.row(i);
    let (mut level, mut last, mut any) = (0, f32::NAN, false);
    for (site, time) in s.iter().zip(t).filter(|(s, _)| allowed[**s as usize]) {
        if any && last != *time {
            level += 1;
        }
        (last, any) = (*time, true);
        if open[*site as usize] {
            return level;
        }
    }
    if any { level + 1 } else { 0 }
}

/// Elloumi's formulation with each cell's levels cut after `kept[i]`: a cell
/// none of whose kept levels is open costs the time of its next level, a lower
/// bound of its true time. So the model is a relaxation, equal to the whole one
/// for every plan that opens a kept level of each cell. Returns the problem, the
/// constant part of the objective and the starting columns.
fn elloumi(
    inst: &Instance,
    p: usize,
    equity: Option<Equity>,
    start: Option<&Plan>,
    kept: &[usize],
    settled: &Settled,
) -> (RowProblem, f64, Vec<f64>) {
    let m = inst.sites();
    let mut pb = RowProblem::default();
    let fixed = fixed_mask(inst);
    let y: Vec<highs::Col> = (0..m)
        .map(|j| {
            let bounds = if !settled.allowed[j] {
                0.0..=0.0
            } else if fixed[j] || settled.must_open[j] {
                1.0..=1.0
            } else {
                0.0..=1.0
            };
            pb.add_integer_column(0.0, bounds)
        })
        .collect();
    let all: Vec<(highs::Col, f64)> = y.iter().map(|c| (*c, 1.0)).collect();
    pb.add_row(p as f64..=p as f64, &all);
    let mut constant = 0.0;
    let mut start_cols: Vec<f64> = match start {
        Some(s) => {
            let mut v = vec![0.0; m];
            for j in &s.open {
                v[*j] = 1.0;
            }
            v
        }
        None => Vec::new(),
    };
    // Per area: the terms of its residents' total time (for a mean bound).
    let mut by_area: HashMap<u16, AreaTerms> = HashMap::new();
    for (i, &kept) in kept.iter().enumerate() {
        let w = inst.weights[i];
        if w == 0.0 {
            continue;
        }
        let levels = levels(inst, i, &settled.allowed);
        if levels.is_empty() {
            continue;
        }
        constant += w * levels[0].0;
        let area = inst.areas.get(i).copied().flatten();
        if let Some(a) = area {
            let e = by_area.entry(a).or_default();
            e.1 += w * levels[0].0;
            e.2 += w;
        }
        let mut prev: Option<highs::Col> = None;
        let mut open_before = false;
        for k in 0..kept.clamp(1, levels.len()) {
            let last = k + 1 == levels.len();
            let z = if last {
                None
            } else {
                let delta = levels[k + 1].0 - levels[k].0;
                let z = pb.add_column(w * delta, 0.0..=1.0);
                if let Some(a) = area {
                    by_area.get_mut(&a).expect("made above").0.push((z, w * delta));
                }
                if start.is_some() {
                    open_before |= levels[k].1.iter().any(|j| start_cols[*j] > 0.5);
                    start_cols.push(if open_before { 0.0 } else { 1.0 });
                }
                Some(z)
            };
            // z_k - z_{k-1} + Σ_{level k} y ≥ 0, with z_0 = 1 and z_K = 0.
            let mut row: Vec<(highs::Col, f64)> = levels[k].1.iter().map(|j| (y[*j], 1.0)).collect();
            if let Some(z) = z {
                row.push((z, 1.0));
            }
            let lower = match prev {
                Some(p) => {
                    row.push((p, -1.0));
                    0.0
                }
                None => 1.0,
            };
            pb.add_row(lower.., &row);
            prev = z;
        }
    }
    if let Some(Equity::MaxMean { minutes }) = equity {
        for (terms, base, weight) in by_area.values() {
            pb.add_row(..=minutes * weight - base, terms);
        }
    }
    (pb, constant, start_cols)
}

/// The p-median, exactly.
///
/// Started from a plan, each cell keeps only its levels up to twice the level
/// that plan serves it at (at least [`FIRST_LEVELS`]); after each solve, the cells
/// whose nearest open site lies beyond their kept levels get more, until none
/// does (then the relaxation's optimum is the whole model's). Each solve's
/// optimum is a lower bound. The time limit covers all the solves.
pub fn p_median(
    inst: &Instance,
    p: usize,
    equity: Option<Equity>,
    start: Option<&Plan>,
    ctl: &mut Control<'_>,
) -> Result<Plan, PlanError> {
    if inst.capacitated() || matches!(equity, Some(Equity::MaxSpread { .. })) {
        return p_median_classic(inst, p, equity, ctl);
    }
    let began = Instant::now();
    let m = inst.sites();
    let mask = |open: &[usize]| {
        let mut v = vec![false; m];
        for j in open {
            v[*j] = true;
        }
        v
    };
    // Sites the Lagrangian bound settles against the starting plan: closed ones leave
    // every cell's levels, open ones are fixed (without equity rows, which it does not see).
    let mut settled = Settled { allowed: vec![true; m], must_open: vec![false; m] };
    if let (Some(s), None) = (start, equity) {
        ctl.report("settling sites", 0.02);
        let bound = crate::heuristic::p_median_bound(inst, p, s, ctl)?;
        for j in bound.closed {
            settled.allowed[j] = false;
        }
        for j in bound.must_open {
            settled.must_open[j] = true;
        }
    }
    let all_levels: Vec<usize> = (0..inst.cells()).map(|i| levels(inst, i, &settled.allowed).len()).collect();
    let mut kept: Vec<usize> = match start {
        Some(s) => {
            let open = mask(&s.open);
            (0..inst.cells())
                .map(|i| {
                    (2 * (nearest_open_level(inst, i, &open, &settled.allowed) + 1))
                        .max(FIRST_LEVELS)
                        .min(all_levels[i])
                })
                .collect()
        }
        None => all_levels.clone(),
    };
    let objective = Objective::PMedian { p };
    let mut best: Option<Plan> = start.cloned();
    let mut bound: Option<f64> = start.and_then(|s| s.bound);
    loop {
        ctl.report("formulating", 0.05);
        let (pb, constant, start_cols) = elloumi(inst, p, equity, best.as_ref(), &kept, &settled);
        ctl.report("solving", 0.1);
        let limit = ctl.time_limit.map(|l| l - began.elapsed().as_secs_f64());
        let outcome = run_for(pb, Sense::Minimise, best.as_ref().map(|_| start_cols.as_slice()), ctl, limit)?;
        let solved = match outcome {
            Outcome::Solved(s) => s,
            // A relaxation without a plan: the whole model has none either.
            Outcome::Infeasible => {
                return Err(match equity {
                    Some(e) => PlanError::EquityInfeasible(e.describe()),
                    None => PlanError::NotEnoughSites { p },
                });
            }
        };
        let open = open_sites(&solved.columns, m);
        let (value, assignment) = evaluate(inst, objective, &open);
        // The relaxation's optimum (or HiGHS's bound on it) is a bound of the whole.
        let relaxed = if solved.optimal { Some(solved.value + constant) } else { solved.bound.map(|b| b + constant) };
        bound = bound.into_iter().chain(relaxed).reduce(f64::max);
        let mut widened = 0;
        let is_open = mask(&open);
        for i in 0..inst.cells() {
            if kept[i] < all_levels[i] && inst.weights[i] > 0.0 {
                let level = nearest_open_level(inst, i, &is_open, &settled.allowed);
                if level >= kept[i] {
                    kept[i] = (level + 1).max(2 * kept[i]).min(all_levels[i]);
                    widened += 1;
                }
            }
        }
        let plan = Plan { objective, open, assignment, value, bound: None, method: Method::Exact, optimal: false };
        if best.as_ref().is_none_or(|b| plan.value <= b.value) {
            best = Some(plan);
        }
        let done = widened == 0 || !solved.optimal || limit.is_some_and(|l| l <= began.elapsed().as_secs_f64());
        if done {
            let mut plan = best.expect("set above");
            plan.optimal = solved.optimal && widened == 0;
            plan.bound = bound.map(|b| b.min(plan.value));
            return Ok(plan);
        }
        ctl.report("widening", 0.1);
    }
}

/// Sites a bound has settled: `allowed[j]` false when closed in every better plan,
/// `must_open[j]` when open in every one.
struct Settled {
    allowed: Vec<bool>,
    must_open: Vec<bool>,
}

/// Levels each cell keeps at the least when the p-median starts from a plan.
pub const FIRST_LEVELS: usize = 8;

/// The classical formulation: explicit (splittable) assignment, for capacities
/// and spread between areas.
fn p_median_classic(
    inst: &Instance,
    p: usize,
    equity: Option<Equity>,
    ctl: &mut Control<'_>,
) -> Result<Plan, PlanError> {
    ctl.report("formulating", 0.05);
    let m = inst.sites();
    let mut pb = RowProblem::default();
    let y = site_columns(&mut pb, inst, 0.0);
    let all: Vec<(highs::Col, f64)> = y.iter().map(|c| (*c, 1.0)).collect();
    pb.add_row(p as f64..=p as f64, &all);
    let mut load: Vec<Vec<(highs::Col, f64)>> = vec![Vec::new(); m];
    let mut x_of: Vec<(usize, u32, highs::Col)> = Vec::new();
    let mut by_area: HashMap<u16, (Vec<(highs::Col, f64)>, f64)> = HashMap::new();
    for i in 0..inst.cells() {
        let w = inst.weights[i];
        if w == 0.0 {
            continue;
        }
        let (s, t) = inst.costs.row(i);
        let area = inst.areas.get(i).copied().flatten();
        let mut one = Vec::with_capacity(s.len());
        if let Some(a) = area {
            by_area.entry(a).or_default().1 += w;
        }
        for (s, t) in s.iter().zip(t) {
            let x = pb.add_column(w * *t as f64, 0.0..=1.0);
            pb.add_row(..=0.0, [(x, 1.0), (y[*s as usize], -1.0)]);
            load[*s as usize].push((x, w));
            one.push((x, 1.0));
            x_of.push((i, *s, x));
            if let Some(a) = area {
                by_area.entry(a).or_default().0.push((x, w * *t as f64));
            }
        }
        pb.add_row(1.0..=1.0, &one);
    }
    if inst.capacitated() {
        for (j, terms) in load.iter_mut().enumerate() {
            let c = inst.capacity[j].unwrap_or(f64::INFINITY);
            terms.push((y[j], -c));
            pb.add_row(..=0.0, terms.as_slice());
        }
    }
    match equity {
        Some(Equity::MaxMean { minutes }) => {
            for (terms, weight) in by_area.values() {
                pb.add_row(..=minutes * weight, terms);
            }
        }
        Some(Equity::MaxSpread { minutes }) => {
            // mean_a − mean_b ≤ Y for every ordered pair of areas.
            let areas: Vec<&(Vec<(highs::Col, f64)>, f64)> = by_area.values().collect();
            for a in &areas {
                for b in &areas {
                    if std::ptr::eq(*a, *b) {
                        continue;
                    }
                    let mut row: Vec<(highs::Col, f64)> = a.0.iter().map(|(c, v)| (*c, v / a.1)).collect();
                    row.extend(b.0.iter().map(|(c, v)| (*c, -v / b.1)));
                    pb.add_row(..=minutes, &row);
                }
            }
        }
        None => {}
    }
    ctl.report("solving", 0.1);
    let solved = match run(pb, Sense::Minimise, None, ctl)? {
        Outcome::Solved(s) => s,
        Outcome::Infeasible => {
            return Err(match equity {
                Some(e) => PlanError::EquityInfeasible(e.describe()),
                None if inst.capacitated() => PlanError::CapacityInfeasible { p },
                None => PlanError::NotEnoughSites { p },
            });
        }
    };
    let open = open_sites(&solved.columns, m);
    let mut assignment: Vec<Vec<(u32, f64)>> = vec![Vec::new(); inst.cells()];
    for (i, s, x) in &x_of {
        let v = solved.columns[x.index()];
        if v > 1e-6 {
            assignment[*i].push((*s, v));
        }
    }
    Ok(Plan {
        objective: Objective::PMedian { p },
        open,
        assignment,
        value: solved.value,
        bound: solved.bound.map(|b| b.min(solved.value)),
        method: Method::Exact,
        optimal: solved.optimal,
    })
}

/// Cells reached by the same sites within `minutes`, merged: (sites, weight).
fn cover_sets(inst: &Instance, minutes: f64) -> Vec<(Vec<u32>, f64)> {
    let mut sets: HashMap<Vec<u32>, f64> = HashMap::new();
    for i in 0..inst.cells() {
        let w = inst.weights[i];
        if w == 0.0 {
            continue;
        }
        let (s, t) = inst.costs.row(i);
        let n = t.partition_point(|t| (*t as f64) <= minutes);
        let mut key = s[..n].to_vec();
        key.sort_unstable();
        *sets.entry(key).or_default() += w;
    }
    let mut v: Vec<(Vec<u32>, f64)> = sets.into_iter().collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// Maximal coverage, exactly.
pub fn coverage(inst: &Instance, p: usize, minutes: f64, ctl: &mut Control<'_>) -> Result<Plan, PlanError> {
    ctl.report("formulating", 0.05);
    let m = inst.sites();
    let mut pb = RowProblem::default();
    let y = site_columns(&mut pb, inst, 0.0);
    let all: Vec<(highs::Col, f64)> = y.iter().map(|c| (*c, 1.0)).collect();
    pb.add_row(p as f64..=p as f64, &all);
    for (sites, w) in cover_sets(inst, minutes) {
        if sites.is_empty() {
            continue;
        }
        let c = pb.add_column(w, 0.0..=1.0);
        let mut row: Vec<(highs::Col, f64)> = sites.iter().map(|j| (y[*j as usize], -1.0)).collect();
        row.push((c, 1.0));
        pb.add_row(..=0.0, &row);
    }
    ctl.report("solving", 0.1);
    let Outcome::Solved(solved) = run(pb, Sense::Maximise, None, ctl)? else {
        return Err(PlanError::NotEnoughSites { p });
    };
    let open = open_sites(&solved.columns, m);
    let objective = Objective::Coverage { p, minutes };
    let (value, assignment) = evaluate(inst, objective, &open);
    Ok(Plan {
        objective,
        open,
        assignment,
        value,
        bound: solved.bound.map(|b| b.max(value)),
        method: Method::Exact,
        optimal: solved.optimal,
    })
}

/// The fewest sites covering `share` within `minutes`; `limit`: at most so many (feasibility).
fn cover(
    inst: &Instance,
    minutes: f64,
    share: f64,
    limit: Option<usize>,
    ctl: &Control<'_>,
) -> Result<Option<Solved>, PlanError> {
    let mut pb = RowProblem::default();
    let y = site_columns(&mut pb, inst, 1.0);
    if let Some(limit) = limit {
        let all: Vec<(highs::Col, f64)> = y.iter().map(|c| (*c, 1.0)).collect();
        pb.add_row(..=limit as f64, &all);
    }
    let sets = cover_sets(inst, minutes);
    if share >= 1.0 {
        for (sites, _) in &sets {
            let row: Vec<(highs::Col, f64)> = sites.iter().map(|j| (y[*j as usize], 1.0)).collect();
            pb.add_row(1.0.., &row);
        }
    } else {
        let total = inst.total_weight();
        let mut need = Vec::new();
        for (sites, w) in &sets {
            if sites.is_empty() {
                continue;
            }
            let c = pb.add_column(0.0, 0.0..=1.0);
            let mut row: Vec<(highs::Col, f64)> = sites.iter().map(|j| (y[*j as usize], -1.0)).collect();
            row.push((c, 1.0));
            pb.add_row(..=0.0, &row);
            need.push((c, *w));
        }
        pb.add_row(share * total * (1.0 - 1e-9).., &need);
    }
    match run(pb, Sense::Minimise, None, ctl)? {
        Outcome::Solved(s) => Ok(Some(s)),
        Outcome::Infeasible => Ok(None),
    }
}

/// Set coverage, exactly.
pub fn set_cover(inst: &Instance, minutes: f64, share: f64, ctl: &mut Control<'_>) -> Result<Plan, PlanError> {
    ctl.report("solving", 0.1);
    let solved = cover(inst, minutes, share, None, ctl)?.ok_or(PlanError::Unreachable {
        cell: 0,
        weight: 0.0,
        minutes: Some(minutes),
    })?;
    let open = open_sites(&solved.columns, inst.sites());
    let objective = Objective::SetCover { minutes, share };
    let (value, assignment) = evaluate(inst, objective, &open);
    Ok(Plan {
        objective,
        open,
        assignment,
        value,
        bound: solved.bound.map(|b| b.ceil().min(value)),
        method: Method::Exact,
        optimal: solved.optimal,
    })
}

/// p-center, exactly: the smallest time level at which `p` sites cover every
/// populated cell, bisected between the heuristic's bound and its plan.
pub fn p_center(inst: &Instance, p: usize, heuristic: &Plan, ctl: &mut Control<'_>) -> Result<Plan, PlanError> {
    let levels = crate::heuristic::levels(inst);
    let at = |v: f64| levels.partition_point(|t| (*t as f64) < v - 1e-9);
    let mut lo = at(heuristic.bound.unwrap_or(0.0));
    let mut hi = at(heuristic.value).min(levels.len() - 1);
    let mut best: Option<Vec<usize>> = None;
    let mut all_optimal = true;
    while lo < hi {
        ctl.report("bisection", 0.1 + 0.8 * (1.0 - (hi - lo) as f64 / levels.len() as f64));
        let mid = (lo + hi) / 2;
        match cover(inst, levels[mid] as f64, 1.0, Some(p), ctl)? {
            Some(s) => {
                all_optimal &= s.optimal;
                best = Some(open_sites(&s.columns, inst.sites()));
                hi = mid;
            }
            None => lo = mid + 1,
        }
    }
    let mut open = best.unwrap_or_else(|| heuristic.open.clone());
    if open.len() < p {
        // Fill up to p sites (the worst time cannot grow) with the heuristic's choices first.
        for j in heuristic.open.iter().copied().chain(0..inst.sites()) {
            if open.len() >= p {
                break;
            }
            if !open.contains(&j) {
                open.push(j);
            }
        }
        open.sort_unstable();
    }
    let objective = Objective::PCenter { p };
    let (value, assignment) = evaluate(inst, objective, &open);
    Ok(Plan {
        objective,
        open,
        assignment,
        value,
        bound: Some(levels[lo] as f64),
        method: Method::Exact,
        optimal: all_optimal,
    })
}
