//! Eligibility rules as code.
//!
//! - [`parse`] reads rule files (format: `docs/rules-format.md`) into [`ast`];
//!   [`check`] finds what is wrong with a rule book, with file, line and column.
//! - [`book`] selects the rules of a scenario (today's criteria, or a
//!   proposal in their place) and decides for one person with explanations
//!   ([`eval`], three-valued: eligible, not eligible, cannot tell).
//! - [`columns`] evaluates the same rules over a whole population at once;
//!   [`simulate`] turns two such evaluations into gains, losses and costs.
//! - [`population`] synthesises residents from a real age-sex table;
//!   [`input`] reads populations from CSV bytes straight into columns.
//! - [`fees`]: client fees as code (`*.fees`), one client's monthly fee explained.
//! - [`clocks`]: legal clocks as dated rule data (`*.clocks`): the time limits
//!   the law sets from a referral, and one person's deadlines (three-valued, like
//!   eligibility), counted in Finnish working days ([`domain::calendar`]).
//! - [`error`]: what callers hand in wrongly, typed ([`RulesError`]).
//!
//! No IO: callers hand in text and get values back.

pub mod ast;
pub mod book;
pub mod check;
pub mod clocks;
pub mod columns;
pub mod diagnostics;
pub mod error;
pub mod eval;
pub mod facts;
pub mod fees;
pub mod input;
pub mod parse;
pub mod person;
pub mod population;
pub mod simulate;

pub use ast::{Rule, TODAY};
pub use book::{Decision, RuleBook, Scenario, Status};
pub use diagnostics::Diagnostic;
pub use error::RulesError;
pub use person::Person;
