//! The planning engine's one error type: each says which constraint of the
//! problem cannot be met (or which input is malformed), never an empty plan.

/// Why no plan was made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    /// The instance has no candidate site, or no cell with residents.
    #[error("the instance has no {0}")]
    Empty(&'static str),
    /// Arrays of the instance disagree in length; names the array.
    #[error("the instance is malformed: {0}")]
    Malformed(&'static str),
    /// `p` is not a usable number of sites.
    #[error("p = {p}: choose at least 1 and at most the {sites} candidate sites")]
    BadP { p: usize, sites: usize },
    /// More sites must stay open than `p` allows.
    #[error("p = {p} is smaller than the {fixed} sites that must stay open")]
    FewerThanFixed { p: usize, fixed: usize },
    /// A fixed site's index is not a candidate.
    #[error("fixed site {0} is not a candidate site")]
    UnknownFixed(usize),
    /// A minutes threshold or share out of range; names the parameter.
    #[error("{name} = {value} is out of range ({expected})")]
    OutOfRange { name: &'static str, value: f64, expected: &'static str },
    /// A populated cell that no candidate site reaches (within `minutes`, when given).
    #[error("cell {cell} (population weight {weight}) is not reached by any candidate site{}", within(*.minutes))]
    Unreachable { cell: usize, weight: f64, minutes: Option<f64> },
    /// Set coverage: the share asked for cannot be covered within the threshold even with every site open.
    #[error(
        "only {coverable:.1} % of the residents can be reached within {minutes} minutes by any site; {share:.1} % was asked"
    )]
    ShareNotCoverable { share: f64, coverable: f64, minutes: f64 },
    /// The open sites' capacities are below the residents' demand.
    #[error("capacities below demand: the sites can serve {capacity:.0} at most, the residents need {demand:.0}")]
    CapacityBelowDemand { capacity: f64, demand: f64 },
    /// Capacities given without a capacity for every site.
    #[error("site {0} has no capacity: give one for every site or for none")]
    MissingCapacity(usize),
    /// The equity constraint cannot be met together with the others.
    #[error("no plan meets the equity constraint ({0}) together with the others")]
    EquityInfeasible(String),
    /// With the capacities no assignment of every resident exists.
    #[error("no plan assigns every resident within the sites' capacities with p = {p}")]
    CapacityInfeasible { p: usize },
    /// No set of `p` sites reaches every populated cell (p-median with an impedance cut-off).
    #[error("no {p} sites reach every populated cell: raise p or the cut-off")]
    NotEnoughSites { p: usize },
    /// The constraint is not supported for this problem, or by this solver.
    #[error("{constraint} is not supported {by}")]
    Unsupported { constraint: &'static str, by: &'static str },
    /// Cancelled by the caller.
    #[error("cancelled")]
    Cancelled,
    /// The MILP solver stopped without a plan (time limit, numerical trouble).
    #[error("the MILP solver found no plan: {0}")]
    Solver(String),
}

fn within(minutes: Option<f64>) -> String {
    minutes.map(|m| format!(" within {m} minutes")).unwrap_or_default()
}

impl PlanError {
    /// The problem's parameter the error is about (for the caller to name the field).
    pub fn field(&self) -> &'static str {
        match self {
            PlanError::BadP { .. } | PlanError::NotEnoughSites { .. } => "p",
            PlanError::FewerThanFixed { .. } | PlanError::UnknownFixed(_) => "fixed",
            PlanError::OutOfRange { name, .. } => name,
            PlanError::Unreachable { minutes: Some(_), .. } | PlanError::ShareNotCoverable { .. } => "minutes",
            PlanError::Unreachable { minutes: None, .. } => "candidates",
            PlanError::CapacityBelowDemand { .. }
            | PlanError::MissingCapacity(_)
            | PlanError::CapacityInfeasible { .. } => "capacity",
            PlanError::EquityInfeasible(_) => "equity",
            PlanError::Unsupported { constraint, .. } => constraint,
            PlanError::Empty(_) | PlanError::Malformed(_) => "instance",
            PlanError::Cancelled | PlanError::Solver(_) => "solver",
        }
    }
}
