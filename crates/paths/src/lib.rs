//! The service-paths engine, pure: what follows from a referral's states.
//!
//! - [`path`]: whether a client's path is broken (a step ended without the service and
//!   no next step is open), and one timeline per client across producers.
//! - [`measures`]: per producer, service and month: time to acceptance, to first
//!   contact and to first service, loop closure, deadlines missed, stale referrals and
//!   the reasons given.
//!
//! The states and the machine that moves between them are the domain's words
//! (`domain::referral`); the deadlines come from the legal clocks (`rules::clocks`).
//! No IO: callers hand in rows and get values back.

pub mod measures;
pub mod path;

pub use measures::{Measures, ReferralFacts, measure};
pub use path::{Event, broken, timeline};
