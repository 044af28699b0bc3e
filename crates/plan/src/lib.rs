//! Service network planning, pure (no IO): where a county's units should be.
//!
//! Given population-weighted cells, candidate sites and the travel times
//! between them, choose sites for one of four classic location problems:
//! p-median, maximal coverage, set coverage and p-center, with sites that
//! must stay open, capacities and equity between areas (p-median).
//!
//! - [`problem`]: the instance (sparse sorted times), objectives, constraints,
//!   plans and their evaluation, and the checks that refuse what cannot be met;
//! - [`heuristic`]: greedy and vertex substitution (Teitz–Bart), greedy covers,
//!   with a bound on the optimum (Lagrangian for p-median and coverage);
//! - [`exact`]: mixed-integer formulations solved by HiGHS;
//! - [`files`]: an instance as CSV texts (the exchange format with spopt);
//! - [`synthetic`]: generated instances of any size, for benchmarks;
//! - [`error`]: [`PlanError`], each naming the constraint that cannot be met.

pub mod error;
pub mod exact;
pub mod files;
pub mod heuristic;
pub mod problem;
pub mod synthetic;

use std::sync::atomic::{AtomicBool, Ordering};

pub use error::PlanError;
pub use problem::{Costs, Equity, Instance, Method, Objective, Plan, Problem};

/// Which solver to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Solver {
    /// The exact solver for small instances or side constraints the heuristic
    /// does not handle, else the heuristic.
    Auto,
    Exact,
    Heuristic,
}

impl std::str::FromStr for Solver {
    type Err = PlanError;
    fn from_str(s: &str) -> Result<Solver, PlanError> {
        match s {
            "auto" => Ok(Solver::Auto),
            "exact" => Ok(Solver::Exact),
            "heuristic" => Ok(Solver::Heuristic),
            _ => Err(PlanError::Unsupported { constraint: "solver", by: "(use auto, exact or heuristic)" }),
        }
    }
}

/// Progress reports and cancellation for a running solve.
pub struct Control<'a> {
    cancel: Option<&'a AtomicBool>,
    progress: Box<dyn FnMut(&'static str, f64) + 'a>,
    /// Seconds the MILP solver may take (it returns its best plan then).
    pub time_limit: Option<f64>,
}

impl<'a> Control<'a> {
    /// No progress, no cancellation, no time limit.
    pub fn none() -> Control<'static> {
        Control { cancel: None, progress: Box::new(|_, _| {}), time_limit: None }
    }

    pub fn new(cancel: &'a AtomicBool, progress: impl FnMut(&'static str, f64) + 'a) -> Control<'a> {
        Control { cancel: Some(cancel), progress: Box::new(progress), time_limit: None }
    }

    /// `Err(Cancelled)` once the caller asked to stop.
    pub fn check(&self) -> Result<(), PlanError> {
        match self.cancel {
            Some(c) if c.load(Ordering::Relaxed) => Err(PlanError::Cancelled),
            _ => Ok(()),
        }
    }

    /// Reports a phase and how much of the whole is done (0–1).
    pub fn report(&mut self, phase: &'static str, done: f64) {
        (self.progress)(phase, done.clamp(0.0, 1.0));
    }
}

/// The relative gap under which a plan counts as optimal (HiGHS's default `mip_rel_gap`).
pub const MIP_GAP: f64 = 1e-4;

/// Instances up to this many (cell, site) times go to the exact solver under [`Solver::Auto`].
pub const AUTO_EXACT_TIMES: usize = 200_000;

/// Solves `problem` on `inst`: checks first (each refusal names its
/// constraint), then the heuristic (its plan and bound), then, when chosen,
/// the exact solver started from the heuristic's plan.
pub fn solve(inst: &Instance, problem: &Problem, solver: Solver, ctl: &mut Control<'_>) -> Result<Plan, PlanError> {
    problem.check(inst)?;
    let constrained = inst.capacitated() || problem.equity.is_some();
    if constrained && solver == Solver::Heuristic {
        return Err(PlanError::Unsupported {
            constraint: if inst.capacitated() { "capacity" } else { "equity" },
            by: "by the heuristic (use the exact solver)",
        });
    }
    let exact = match solver {
        Solver::Exact => true,
        Solver::Heuristic => false,
        Solver::Auto => constrained || inst.costs.len() <= AUTO_EXACT_TIMES,
    };
    // A heuristic plan within the MILP solver's own tolerance of its bound is as proven.
    let proven = |h: &Plan| h.optimal || h.gap().is_some_and(|g| g <= MIP_GAP);
    let exact_anyway = solver == Solver::Exact;
    let plan = match problem.objective {
        Objective::PMedian { p } => {
            if constrained {
                exact::p_median(inst, p, problem.equity, None, ctl)?
            } else {
                let h = heuristic::p_median(inst, p, ctl)?;
                if exact && (exact_anyway || !proven(&h)) {
                    exact::p_median(inst, p, None, Some(&h), ctl)?
                } else {
                    Plan { optimal: proven(&h), ..h }
                }
            }
        }
        Objective::Coverage { p, minutes } => {
            let h = heuristic::coverage(inst, p, minutes, ctl)?;
            if exact && (exact_anyway || !proven(&h)) {
                exact::coverage(inst, p, minutes, ctl)?
            } else {
                Plan { optimal: proven(&h), ..h }
            }
        }
        Objective::SetCover { minutes, share } => {
            let h = heuristic::set_cover(inst, minutes, share, ctl)?;
            if exact && (exact_anyway || !h.optimal) { exact::set_cover(inst, minutes, share, ctl)? } else { h }
        }
        Objective::PCenter { p } => {
            let h = heuristic::p_center(inst, p, ctl)?;
            if exact && (exact_anyway || !h.optimal) { exact::p_center(inst, p, &h, ctl)? } else { h }
        }
    };
    ctl.report("done", 1.0);
    Ok(plan)
}
