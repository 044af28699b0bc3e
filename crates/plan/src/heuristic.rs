//! Heuristics for large instances, each with a bound on the optimum:
//!
//! - p-median: greedy construction, then vertex substitution (Teitz–Bart) with
//!   the fast swap evaluation of Resende and Werneck (gain, loss and extra per
//!   candidate swap from each cell's nearest and second-nearest open site), and
//!   a Lagrangian bound (assignment constraints relaxed, subgradient steps);
//! - maximal coverage: the same on 0/1 costs (a cell within the threshold of an
//!   open site costs 0, else 1), so coverage = residents − the p-median value;
//! - set coverage: greedy covering and redundant sites dropped, bounded by the
//!   fewest sites whose coverages could add up to the share, and by cells whose
//!   reachable sites are disjoint;
//! - p-center: bisection over the travel-time levels with greedy covers,
//!   bounded below by the levels at which more than `p` disjoint cells exist.
//!
//! Cells are split between the machine's cores for every pass.

use std::ops::Range;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::problem::{Costs, Instance, Method, Objective, Plan, evaluate};
use crate::{Control, PlanError};

/// Runs `f` on slices of `0..n` on all cores, or as one slice when the `work` (about one
/// unit per cost entry read) is too small to pay for starting threads.
pub(crate) fn par_map<T: Send>(n: usize, work: usize, f: impl Fn(Range<usize>) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get()).min(16).min(n.max(1));
    if work < PARALLEL_WORK || threads == 1 {
        return vec![f(0..n)];
    }
    let chunk = n.div_ceil(threads);
    std::thread::scope(|s| {
        let f = &f;
        let handles: Vec<_> = (0..threads).map(|t| s.spawn(move || f(t * chunk..((t + 1) * chunk).min(n)))).collect();
        handles.into_iter().map(|h| h.join().expect("a planning worker panicked")).collect()
    })
}

/// The least work [`par_map`] shares among threads: starting a thread costs about as much as
/// reading some 50,000 cost entries, so below four times that one thread is as quick.
const PARALLEL_WORK: usize = 200_000;

/// A p-median over sparse costs, where a cell without an open site in its
/// row costs `penalty` per resident.
pub(crate) struct Median<'a> {
    pub costs: &'a Costs,
    pub weights: &'a [f64],
    pub penalty: f64,
}

/// Per cell: nearest open site (`u32::MAX`: none), its time, the second-nearest time.
#[derive(Clone, Copy)]
struct Near {
    s1: u32,
    d1: f64,
    d2: f64,
}

impl Median<'_> {
    fn near(&self, open: &[bool]) -> Vec<Near> {
        par_map(self.costs.cells(), self.costs.len(), |range| {
            range
                .map(|i| {
                    let (s, t) = self.costs.row(i);
                    let mut n = Near { s1: u32::MAX, d1: self.penalty, d2: self.penalty };
                    for (s, t) in s.iter().zip(t) {
                        if open[*s as usize] {
                            if n.s1 == u32::MAX {
                                n = Near { s1: *s, d1: *t as f64, d2: self.penalty };
                            } else {
                                n.d2 = *t as f64;
                                break;
                            }
                        }
                    }
                    n
                })
                .collect::<Vec<_>>()
        })
        .concat()
    }

    fn value(&self, near: &[Near]) -> f64 {
        near.iter().zip(self.weights).map(|(n, w)| w * n.d1).sum()
    }

    /// Greedy: from the fixed sites, add the site saving most until `p` are open.
    pub fn greedy(&self, p: usize, fixed: &[usize], ctl: &mut Control<'_>) -> Result<Vec<usize>, PlanError> {
        self.greedy_randomised(p, fixed, None, ctl)
    }

    /// Greedy, or (GRASP) each site drawn among the `k` saving most.
    pub fn greedy_randomised(
        &self,
        p: usize,
        fixed: &[usize],
        mut draw: Option<(&mut ChaCha8Rng, usize)>,
        ctl: &mut Control<'_>,
    ) -> Result<Vec<usize>, PlanError> {
        let m = self.costs.sites();
        let mut open = vec![false; m];
        for f in fixed {
            open[*f] = true;
        }
        let mut d1: Vec<f64> = self.near(&open).iter().map(|n| n.d1).collect();
        let mut count = open.iter().filter(|o| **o).count();
        let start = count;
        while count < p {
            ctl.check()?;
            ctl.report("greedy", 0.3 * (count - start) as f64 / (p - start).max(1) as f64);
            let gains = par_map(self.costs.cells(), self.costs.len(), |range| {
                let mut gain = vec![0.0f64; m];
                for i in range {
                    let w = self.weights[i];
                    if w == 0.0 {
                        continue;
                    }
                    let (s, t) = self.costs.row(i);
                    for (s, t) in s.iter().zip(t) {
                        let t = *t as f64;
                        if t >= d1[i] {
                            break;
                        }
                        gain[*s as usize] += w * (d1[i] - t);
                    }
                }
                gain
            });
            let mut ranked: Vec<(usize, f64)> =
                (0..m).filter(|j| !open[*j]).map(|j| (j, gains.iter().map(|g| g[j]).sum())).collect();
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let pick = match draw.as_mut() {
                Some((rng, k)) => rng.random_range(0..(*k).min(ranked.len()).max(1)),
                None => 0,
            };
            let j = ranked[pick].0;
            open[j] = true;
            count += 1;
            for (i, d) in d1.iter_mut().enumerate() {
                if let Some(t) = self.costs.get_sorted(i, j) {
                    *d = d.min(t as f64);
                }
            }
        }
        Ok((0..m).filter(|j| open[*j]).collect())
    }

    /// Vertex substitution: the best swap of an open (not fixed) site for a
    /// closed one, while any improves.
    pub fn interchange(
        &self,
        start: Vec<usize>,
        fixed: &[usize],
        ctl: &mut Control<'_>,
    ) -> Result<(Vec<usize>, f64), PlanError> {
        let m = self.costs.sites();
        let mut open = vec![false; m];
        for j in &start {
            open[*j] = true;
        }
        let mut is_fixed = vec![false; m];
        for f in fixed {
            is_fixed[*f] = true;
        }
        let mut iteration = 0usize;
        loop {
            ctl.check()?;
            ctl.report("improving", 0.3 + 0.5 * iteration as f64 / (iteration as f64 + 20.0));
            let near = self.near(&open);
            let value = self.value(&near);
            let slots: Vec<usize> = (0..m).filter(|j| open[*j]).collect();
            let mut slot_of = vec![usize::MAX; m];
            for (k, j) in slots.iter().enumerate() {
                slot_of[*j] = k;
            }
            let parts = par_map(self.costs.cells(), self.costs.len(), |range| {
                let mut gain = vec![0.0f64; m];
                let mut loss = vec![0.0f64; m];
                let mut extra = vec![0.0f64; slots.len() * m];
                for i in range {
                    let w = self.weights[i];
                    if w == 0.0 {
                        continue;
                    }
                    let n = near[i];
                    let r = (n.s1 != u32::MAX).then(|| slot_of[n.s1 as usize]);
                    if r.is_some() {
                        loss[n.s1 as usize] += w * (n.d2 - n.d1);
                    }
                    let (s, t) = self.costs.row(i);
                    for (s, t) in s.iter().zip(t) {
                        let t = *t as f64;
                        if t >= n.d2 {
                            break;
                        }
                        let f = *s as usize;
                        if open[f] {
                            continue;
                        }
                        if t < n.d1 {
                            gain[f] += w * (n.d1 - t);
                        }
                        if let Some(r) = r {
                            extra[r * m + f] += w * (n.d2 - t.max(n.d1));
                        }
                    }
                }
                (gain, loss, extra)
            });
            let mut best = (0.0f64, usize::MAX, usize::MAX);
            let gain: Vec<f64> = (0..m).map(|f| parts.iter().map(|p| p.0[f]).sum()).collect();
            for (k, r) in slots.iter().enumerate() {
                if is_fixed[*r] {
                    continue;
                }
                let loss: f64 = parts.iter().map(|p| p.1[*r]).sum();
                for f in 0..m {
                    if open[f] {
                        continue;
                    }
                    let extra: f64 = parts.iter().map(|p| p.2[k * m + f]).sum();
                    let profit = gain[f] - loss + extra;
                    if profit > best.0 {
                        best = (profit, *r, f);
                    }
                }
            }
            if best.1 == usize::MAX || best.0 <= 1e-9 * value.abs().max(1.0) {
                return Ok((slots, value));
            }
            open[best.1] = false;
            open[best.2] = true;
            iteration += 1;
        }
    }

    /// A Lagrangian lower bound on the p-median with `fixed` open, starting
    /// from the multipliers of a known solution `open` of value `upper`; with the
    /// sites the best multipliers prove closed or open in every plan better than `upper`.
    pub fn lagrangian(
        &self,
        p: usize,
        fixed: &[usize],
        open: &[usize],
        upper: f64,
        iterations: usize,
        ctl: &mut Control<'_>,
    ) -> Result<Bound, PlanError> {
        let m = self.costs.sites();
        let n = self.costs.cells();
        let mut mask = vec![false; m];
        for j in open {
            mask[*j] = true;
        }
        let near = self.near(&mask);
        // Start from each cell's cost in the known solution, a little raised.
        let mut lambda: Vec<f64> = near.iter().zip(self.weights).map(|(nr, w)| w * nr.d1.min(nr.d2) * 1.05).collect();
        let mut is_fixed = vec![false; m];
        for f in fixed {
            is_fixed[*f] = true;
        }
        let (mut best, mut theta, mut stale) = (f64::NEG_INFINITY, 2.0f64, 0usize);
        let mut at_best: (Vec<f64>, Vec<bool>) = (Vec::new(), Vec::new());
        for it in 0..iterations {
            if it % 8 == 0 {
                ctl.check()?;
                ctl.report("bound", 0.8 + 0.2 * it as f64 / iterations as f64);
            }
            let rhos = par_map(n, self.costs.len(), |range| {
                let mut rho = vec![0.0f64; m];
                for i in range {
                    let (w, l) = (self.weights[i], lambda[i]);
                    let (s, t) = self.costs.row(i);
                    for (s, t) in s.iter().zip(t) {
                        let c = w * *t as f64 - l;
                        if c >= 0.0 {
                            break;
                        }
                        rho[*s as usize] += c;
                    }
                }
                rho
            });
            let rho: Vec<f64> = (0..m).map(|j| rhos.iter().map(|r| r[j]).sum()).collect();
            let mut free: Vec<usize> = (0..m).filter(|j| !is_fixed[*j]).collect();
            let need = p.saturating_sub(fixed.len());
            free.sort_by(|a, b| rho[*a].total_cmp(&rho[*b]));
            let mut chosen = is_fixed.clone();
            for j in free.iter().take(need) {
                chosen[*j] = true;
            }
            let chosen_rho: f64 = (0..m).filter(|j| chosen[*j]).map(|j| rho[j]).sum();
            let parts = par_map(n, self.costs.len(), |range| {
                let (mut lsum, mut g2) = (0.0f64, 0.0f64);
                let mut g = Vec::with_capacity(range.len());
                for i in range {
                    let (w, l) = (self.weights[i], lambda[i]);
                    let mut gi = 1.0;
                    let dummy = w * self.penalty - l;
                    lsum += l;
                    if dummy < 0.0 {
                        lsum += dummy;
                        gi -= 1.0;
                    }
                    let (s, t) = self.costs.row(i);
                    for (s, t) in s.iter().zip(t) {
                        if w * *t as f64 - l >= 0.0 {
                            break;
                        }
                        if chosen[*s as usize] {
                            gi -= 1.0;
                        }
                    }
                    g2 += w * gi * gi;
                    g.push(gi);
                }
                (lsum, g2, g)
            });
            let bound = chosen_rho + parts.iter().map(|p| p.0).sum::<f64>();
            let g2: f64 = parts.iter().map(|p| p.1).sum();
            if !best.is_finite() || bound > best + 1e-9 * best.abs().max(1.0) {
                best = bound;
                stale = 0;
                at_best = (rho.clone(), chosen.clone());
            } else {
                stale += 1;
                if stale >= 10 {
                    theta /= 2.0;
                    stale = 0;
                }
            }
            if g2 <= 0.0 || theta < 1e-5 || (upper - best) <= 1e-6 * upper.abs().max(1.0) {
                break;
            }
            // Each cell's multiplier moves by its subgradient times its weight (a Polyak step
            // along that direction): multipliers are resident-minutes, so a cell of 1,000
            // residents needs steps 1,000 times those of a cell of one. Unscaled steps left the
            // demo county's bound 1.3 % below the plan after 143 steps; scaled, 0.005 % after 60.
            let step = theta * (upper - bound).max(1e-9 * upper.abs().max(1.0)) / g2;
            let mut i = 0;
            for part in &parts {
                for gi in &part.2 {
                    lambda[i] = (lambda[i] + step * gi * self.weights[i]).max(0.0);
                    i += 1;
                }
            }
        }
        // Reduced-cost tests at the best multipliers: opening an unchosen site j in the
        // relaxation costs its ρ_j in place of the largest chosen ρ; closing a chosen one
        // brings in the smallest unchosen ρ. A bound above `upper` settles the site.
        let (rho, chosen) = at_best;
        let (mut closed, mut must_open) = (Vec::new(), Vec::new());
        if best.is_finite() && !rho.is_empty() {
            let margin = 1e-7 * upper.abs().max(1.0);
            let free_chosen = (0..m).filter(|j| chosen[*j] && !is_fixed[*j]);
            let last = free_chosen.clone().map(|j| rho[j]).fold(f64::NEG_INFINITY, f64::max);
            let next = (0..m).filter(|j| !chosen[*j]).map(|j| rho[j]).fold(f64::INFINITY, f64::min);
            for j in 0..m {
                if !chosen[j] && last.is_finite() && best - last + rho[j] > upper + margin {
                    closed.push(j);
                }
            }
            for j in free_chosen {
                if next.is_finite() && best - rho[j] + next > upper + margin {
                    must_open.push(j);
                }
            }
        }
        Ok(Bound { value: best.min(upper), closed, must_open })
    }
}

impl Costs {
    /// Minutes from `cell` to `site`, for rows sorted by time (linear scan).
    pub(crate) fn get_sorted(&self, cell: usize, site: usize) -> Option<f32> {
        self.get(cell, site)
    }

    /// The same reach with every time 0 (coverage as a p-median on 0/1 costs).
    pub(crate) fn zeroed(&self) -> Costs {
        let rows = (0..self.cells()).map(|i| self.row(i).0.iter().map(|s| (*s, 0.0f32)).collect::<Vec<_>>());
        Costs::from_rows(self.sites(), rows).expect("the same sites")
    }
}

/// How many GRASP starts beside the greedy one: more on small instances.
fn restarts(nnz: usize) -> usize {
    (5_000_000 / nnz.max(1)).clamp(0, 16)
}

impl Median<'_> {
    /// Greedy and vertex substitution, then GRASP restarts (randomised greedy
    /// among the 3 best, substitution), keeping the best; fixed seed.
    pub fn search(&self, p: usize, fixed: &[usize], ctl: &mut Control<'_>) -> Result<(Vec<usize>, f64), PlanError> {
        let start = self.greedy(p, fixed, ctl)?;
        let mut best = self.interchange(start, fixed, ctl)?;
        let mut rng = ChaCha8Rng::seed_from_u64(16);
        for _ in 0..restarts(self.costs.len()) {
            let start = self.greedy_randomised(p, fixed, Some((&mut rng, 3)), ctl)?;
            let found = self.interchange(start, fixed, ctl)?;
            if found.1 < best.1 - 1e-9 * best.1.abs().max(1.0) {
                best = found;
            }
        }
        Ok(best)
    }
}

/// A Lagrangian bound and the sites it settles.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    pub value: f64,
    /// Sites open in no plan better than the one the bound started from.
    pub closed: Vec<usize>,
    /// Sites open in every plan better than it.
    pub must_open: Vec<usize>,
}

/// How many subgradient steps the bound takes: fewer on large instances.
fn bound_iterations(nnz: usize) -> usize {
    (400_000_000 / nnz.max(1)).clamp(30, 400)
}

fn fixed_of(inst: &Instance) -> Vec<usize> {
    let mut f = inst.fixed.clone();
    f.sort_unstable();
    f.dedup();
    f
}

/// The p-median by greedy and vertex substitution, with its Lagrangian bound.
pub fn p_median(inst: &Instance, p: usize, ctl: &mut Control<'_>) -> Result<Plan, PlanError> {
    let plan = p_median_search(inst, p, ctl)?;
    with_bound(inst, plan, ctl)
}

fn median_of(inst: &Instance) -> Median<'_> {
    let big = (0..inst.cells()).flat_map(|i| inst.costs.row(i).1.last()).fold(0.0f64, |a, b| a.max(*b as f64));
    Median { costs: &inst.costs, weights: &inst.weights, penalty: (big + 1.0) * 1e3 }
}

/// The p-median's Lagrangian bound added to a plan of it.
pub fn with_bound(inst: &Instance, plan: Plan, ctl: &mut Control<'_>) -> Result<Plan, PlanError> {
    let Objective::PMedian { p } = plan.objective else { return Ok(plan) };
    let bound = p_median_bound(inst, p, &plan, ctl)?;
    Ok(Plan { bound: Some(bound.value), ..plan })
}

/// The p-median's Lagrangian bound from a plan of it, with the sites it settles.
pub fn p_median_bound(inst: &Instance, p: usize, plan: &Plan, ctl: &mut Control<'_>) -> Result<Bound, PlanError> {
    let fixed = fixed_of(inst);
    median_of(inst).lagrangian(p, &fixed, &plan.open, plan.value, bound_iterations(inst.costs.len()), ctl)
}

/// The p-median by greedy, vertex substitution and GRASP restarts, without a bound.
pub fn p_median_search(inst: &Instance, p: usize, ctl: &mut Control<'_>) -> Result<Plan, PlanError> {
    let fixed = fixed_of(inst);
    let (open, _) = median_of(inst).search(p, &fixed, ctl)?;
    let objective = Objective::PMedian { p };
    let (value, assignment) = evaluate(inst, objective, &open);
    if !value.is_finite() || assignment.iter().zip(&inst.weights).any(|(a, w)| a.is_empty() && *w > 0.0) {
        return Err(PlanError::NotEnoughSites { p });
    }
    Ok(Plan { objective, open, assignment, value, bound: None, method: Method::Heuristic, optimal: false })
}

/// Maximal coverage: the p-median on 0/1 costs.
pub fn coverage(inst: &Instance, p: usize, minutes: f64, ctl: &mut Control<'_>) -> Result<Plan, PlanError> {
    let fixed = fixed_of(inst);
    let reach = inst.costs.within(minutes as f32).zeroed();
    let median = Median { costs: &reach, weights: &inst.weights, penalty: 1.0 };
    let (open, uncovered) = median.search(p, &fixed, ctl)?;
    let total = inst.total_weight();
    let objective = Objective::Coverage { p, minutes };
    let (value, assignment) = evaluate(inst, objective, &open);
    let lower = median.lagrangian(p, &fixed, &open, uncovered, bound_iterations(reach.len()), ctl)?.value;
    // Also at most the residents any site reaches, and the p largest coverages.
    let bound = total - lower;
    Ok(Plan { objective, open, assignment, value, bound: Some(bound), method: Method::Heuristic, optimal: false })
}

/// Greedy cover of `share` of the weight within `reach` (every populated cell when
/// `share` is 1), from the fixed sites; redundant sites dropped. `None`: more than `limit` sites.
fn greedy_cover(inst: &Instance, reach: &Costs, share: f64, fixed: &[usize], limit: usize) -> Option<Vec<usize>> {
    let (n, m) = (inst.cells(), inst.sites());
    let mut by_site: Vec<Vec<u32>> = vec![Vec::new(); m];
    for i in 0..n {
        if inst.weights[i] > 0.0 {
            for s in reach.row(i).0 {
                by_site[*s as usize].push(i as u32);
            }
        }
    }
    let total = inst.total_weight();
    let all = share >= 1.0;
    let target = share * total * (1.0 - 1e-12);
    let mut covered = vec![0u32; n];
    let (mut have, mut uncovered_cells) = (0.0, (0..n).filter(|i| inst.weights[*i] > 0.0).count());
    let mut open = Vec::new();
    let mut is_open = vec![false; m];
    let mut add = |j: usize, covered: &mut Vec<u32>, have: &mut f64, uncovered_cells: &mut usize| {
        is_open[j] = true;
        for i in &by_site[j] {
            let i = *i as usize;
            if covered[i] == 0 {
                *have += inst.weights[i];
                *uncovered_cells -= 1;
            }
            covered[i] += 1;
        }
    };
    for f in fixed {
        add(*f, &mut covered, &mut have, &mut uncovered_cells);
        open.push(*f);
    }
    let done = |have: f64, uc: usize| if all { uc == 0 } else { have >= target };
    while !done(have, uncovered_cells) {
        if open.len() >= limit {
            return None;
        }
        let mut best = (usize::MAX, 0.0f64);
        for (j, cells) in by_site.iter().enumerate() {
            if open.contains(&j) {
                continue;
            }
            let g: f64 = cells
                .iter()
                .filter(|i| covered[**i as usize] == 0)
                .map(|i| if all { 1.0 + inst.weights[*i as usize] * 1e-9 } else { inst.weights[*i as usize] })
                .sum();
            if g > best.1 {
                best = (j, g);
            }
        }
        if best.0 == usize::MAX {
            return None;
        }
        add(best.0, &mut covered, &mut have, &mut uncovered_cells);
        open.push(best.0);
    }
    // Drop sites (last added first) whose cells are all covered by others.
    let mut k = open.len();
    while k > fixed.len() {
        k -= 1;
        let j = open[k];
        let lose: f64 =
            by_site[j].iter().filter(|i| covered[**i as usize] == 1).map(|i| inst.weights[*i as usize]).sum();
        let lose_cells = by_site[j].iter().filter(|i| covered[**i as usize] == 1).count();
        let ok = if all { lose_cells == 0 } else { have - lose >= target };
        if ok {
            for i in &by_site[j] {
                covered[*i as usize] -= 1;
            }
            have -= lose;
            open.remove(k);
        }
    }
    let _ = is_open;
    open.sort_unstable();
    Some(open)
}

/// How many populated cells with pairwise disjoint reachable (non-fixed) sites
/// exist, none reached by a fixed site: each needs a site of its own.
fn packing(inst: &Instance, reach: &Costs, fixed: &[usize]) -> usize {
    let m = inst.sites();
    let mut fixed_mask = vec![false; m];
    for f in fixed {
        fixed_mask[*f] = true;
    }
    let mut cells: Vec<usize> = (0..inst.cells())
        .filter(|i| inst.weights[*i] > 0.0 && !reach.row(*i).0.iter().any(|s| fixed_mask[*s as usize]))
        .collect();
    cells.sort_by_key(|i| reach.row(*i).0.len());
    let mut used = vec![false; m];
    let mut count = 0;
    for i in cells {
        let s = reach.row(i).0;
        if !s.is_empty() && s.iter().all(|s| !used[*s as usize]) {
            for s in s {
                used[*s as usize] = true;
            }
            count += 1;
        }
    }
    count
}

/// Set coverage by greedy covering, with a lower bound.
pub fn set_cover(inst: &Instance, minutes: f64, share: f64, ctl: &mut Control<'_>) -> Result<Plan, PlanError> {
    ctl.check()?;
    ctl.report("greedy", 0.2);
    let fixed = fixed_of(inst);
    let reach = inst.costs.within(minutes as f32);
    let open = greedy_cover(inst, &reach, share, &fixed, usize::MAX).ok_or(PlanError::Unreachable {
        cell: 0,
        weight: 0.0,
        minutes: Some(minutes),
    })?;
    let objective = Objective::SetCover { minutes, share };
    let (value, assignment) = evaluate(inst, objective, &open);
    // Bound: the fewest sites whose coverages could add up to the share.
    let m = inst.sites();
    let mut cover = vec![0.0f64; m];
    let mut fixed_mask = vec![false; m];
    for f in &fixed {
        fixed_mask[*f] = true;
    }
    let mut by_fixed = 0.0;
    for i in 0..inst.cells() {
        let s = reach.row(i).0;
        if s.iter().any(|s| fixed_mask[*s as usize]) {
            by_fixed += inst.weights[i];
        } else {
            for s in s {
                cover[*s as usize] += inst.weights[i];
            }
        }
    }
    let mut rest: Vec<f64> = (0..m).filter(|j| !fixed_mask[*j]).map(|j| cover[j]).collect();
    rest.sort_by(|a, b| b.total_cmp(a));
    let need = share * inst.total_weight() * (1.0 - 1e-12) - by_fixed;
    let (mut k, mut acc) = (0usize, 0.0);
    while acc < need && k < rest.len() {
        acc += rest[k];
        k += 1;
    }
    let mut lower = fixed.len() + k;
    if share >= 1.0 {
        lower = lower.max(fixed.len() + packing(inst, &reach, &fixed));
    }
    ctl.report("done", 1.0);
    Ok(Plan {
        objective,
        open,
        assignment,
        value,
        bound: Some(lower as f64),
        method: Method::Heuristic,
        optimal: lower as f64 >= value,
    })
}

/// `p` sites within `minutes` of every populated cell, if the coverage
/// heuristic (greedy cover, else greedy and vertex substitution on 0/1
/// costs with every populated cell weighing 1) finds them.
fn cover_with(
    inst: &Instance,
    minutes: f32,
    p: usize,
    fixed: &[usize],
    ctl: &mut Control<'_>,
) -> Result<Option<Vec<usize>>, PlanError> {
    let reach = inst.costs.within(minutes);
    if let Some(open) = greedy_cover(inst, &reach, 1.0, fixed, p) {
        return Ok(Some(open));
    }
    let ones: Vec<f64> = inst.weights.iter().map(|w| if *w > 0.0 { 1.0 } else { 0.0 }).collect();
    let zero = reach.zeroed();
    let median = Median { costs: &zero, weights: &ones, penalty: 1.0 };
    let (open, uncovered) = median.search(p, fixed, ctl)?;
    Ok((uncovered < 0.5).then_some(open))
}

/// The distinct times of the instance, ascending.
pub(crate) fn levels(inst: &Instance) -> Vec<f32> {
    let mut v: Vec<f32> = (0..inst.cells())
        .filter(|i| inst.weights[*i] > 0.0)
        .flat_map(|i| inst.costs.row(i).1.iter().copied())
        .collect();
    v.sort_by(|a, b| a.total_cmp(b));
    v.dedup();
    v
}

/// p-center by bisection over the time levels with greedy covers.
pub fn p_center(inst: &Instance, p: usize, ctl: &mut Control<'_>) -> Result<Plan, PlanError> {
    let fixed = fixed_of(inst);
    let levels = levels(inst);
    // No radius below the farthest cell's nearest site.
    let floor = (0..inst.cells())
        .filter(|i| inst.weights[*i] > 0.0)
        .filter_map(|i| inst.costs.row(i).1.first())
        .fold(0.0f32, |a, b| a.max(*b));
    let lo0 = levels.partition_point(|t| *t < floor);
    // Upper: the first level the greedy covers with p sites.
    let (mut lo, mut hi) = (lo0, levels.len() - 1);
    let mut best: Option<(usize, Vec<usize>)> = None;
    while lo <= hi {
        ctl.check()?;
        ctl.report("bisection", 0.8 * (1.0 - (hi - lo) as f64 / levels.len() as f64));
        let mid = (lo + hi) / 2;
        match cover_with(inst, levels[mid], p, &fixed, ctl)? {
            Some(open) => {
                best = Some((mid, open));
                if mid == 0 {
                    break;
                }
                hi = mid - 1;
            }
            None => lo = mid + 1,
        }
    }
    let (at, mut open) = best.ok_or(PlanError::NotEnoughSites { p })?;
    // Lower bound: the lowest level at which `p` sites could still suffice by packing.
    let (mut a, mut b) = (lo0, at);
    while a < b {
        let mid = (a + b) / 2;
        if fixed.len() + packing(inst, &inst.costs.within(levels[mid]), &fixed) > p {
            a = mid + 1;
        } else {
            b = mid;
        }
    }
    let lower = levels[a] as f64;
    // Use all p sites: fill up by the p-median greedy (the worst time cannot grow).
    if open.len() < p {
        let big = levels.last().copied().unwrap_or(0.0) as f64;
        let median = Median { costs: &inst.costs, weights: &inst.weights, penalty: (big + 1.0) * 1e3 };
        open = median.greedy(p, &open, ctl)?;
    }
    let objective = Objective::PCenter { p };
    let (value, assignment) = evaluate(inst, objective, &open);
    ctl.report("done", 1.0);
    Ok(Plan {
        objective,
        open,
        assignment,
        value,
        bound: Some(lower),
        method: Method::Heuristic,
        optimal: lower >= value,
    })
}
