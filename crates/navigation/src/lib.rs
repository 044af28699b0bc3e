//! Service navigation, pure: from a client's answers to the services they may get and a
//! ranked, transparent choice of producers.
//!
//! - [`questionnaire`]: needs-assessment questionnaires as data (TOML, versioned and dated,
//!   fi/sv/en): questions, answer kinds, scores per dimension, branching, urgency rules,
//!   contradictions, and the rules engine's facts that answers yield.
//! - [`urgency`]: the urgency classes P0–L4 with their time limits, dated.
//! - [`segment`]: the four-field client segment from an assessment's scores, with its reason
//!   and the channel offered first.
//! - [`waiting`]: estimated waiting time per unit and service from the queue and turnover,
//!   or from appointment supply (the third free time).
//! - [`rank`]: producers and units ranked by a score the client can re-weight; a producer's
//!   kind (county, NGO, company) is not an input.
//!
//! Everything here is a function of its inputs: no clock, files, network or database.

pub mod error;
pub mod questionnaire;
pub mod rank;
pub mod segment;
pub mod text;
pub mod urgency;
pub mod waiting;

pub use error::NavigationError;
pub use questionnaire::{Answers, Evaluation, Questionnaire};
pub use segment::Segment;
pub use text::T3;
pub use urgency::{Urgency, UrgencyTable};
