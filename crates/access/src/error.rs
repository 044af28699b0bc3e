//! The accessibility engine's one error type: what a caller asked wrongly
//! (user errors, each naming what it is about) apart from a saved network that
//! cannot be read back (a data error, [`NetworkFileError`]).

/// Why the engine refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AccessError {
    /// A mode name that is not `walk`, `bike` or `car`.
    #[error("`{0}` is not a mode (walk, bike or car)")]
    UnknownMode(String),
    /// An age group (its label) that the grid has no age band within.
    #[error("the grid has no age band within {0}")]
    NoAgeBand(String),
    /// Scenario change number `change` (from 0) names a unit that is not there.
    #[error("no unit `{id}`")]
    UnknownUnit { change: usize, id: String },
    /// Scenario change number `change` opens a unit whose id is taken.
    #[error("unit `{id}` exists already")]
    DuplicateUnit { change: usize, id: String },
    /// A saved network that cannot be read back.
    #[error(transparent)]
    NetworkFile(#[from] NetworkFileError),
}

impl AccessError {
    /// Whether the caller's input is at fault (not the stored data).
    pub fn is_user_error(&self) -> bool {
        !matches!(self, AccessError::NetworkFile(_))
    }
}

/// Why a saved network (`persist`) was not read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetworkFileError {
    #[error("not a Polku network file (import one with `polku access import-osm`)")]
    NotANetwork,
    #[error("network file version {found}; this Polku reads version {expected}: import it again")]
    Version { found: u32, expected: u32 },
    #[error("the network file is truncated")]
    Truncated,
    /// The arrays disagree; says which.
    #[error("the network file is damaged ({0})")]
    Damaged(&'static str),
}
