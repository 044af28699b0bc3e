//! The eligibility engine's one error type for what callers hand in: a proposal
//! that is not there, a fact's value out of its kind or range, a malformed
//! age-sex table. Problems inside rule files are not errors but
//! [`Diagnostic`](crate::Diagnostic)s with file, line and column.

use crate::facts::Fact;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RulesError {
    /// `today` named where a proposal is expected.
    #[error("`today` is the baseline, not a proposal")]
    BaselineIsNotAProposal,
    /// No rule set of that name; `known` lists the proposals there are.
    #[error("no proposal `{name}` (known: {})", known.join(", "))]
    UnknownProposal { name: String, known: Vec<String> },
    /// A value of the wrong kind or out of range for `fact`; the message names the fact.
    #[error("{problem}")]
    InvalidValue { fact: Fact, problem: String },
    /// A line (from 1) of an age-sex table that is not `municipality, age, male, female`.
    #[error("line {line}: expected municipality, age, male, female")]
    AgeSexTable { line: usize },
}

impl RulesError {
    /// The proposal an error is about, if any.
    pub fn proposal(&self) -> Option<&str> {
        match self {
            RulesError::BaselineIsNotAProposal => Some(crate::TODAY),
            RulesError::UnknownProposal { name, .. } => Some(name),
            _ => None,
        }
    }
}
