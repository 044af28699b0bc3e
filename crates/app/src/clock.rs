//! Time comes from a clock that tests can set.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;

    /// Local time in the county (Europe/Helsinki).
    fn local_now(&self) -> NaiveDateTime {
        domain::hours::helsinki_local(self.now())
    }

    fn today(&self) -> NaiveDate {
        self.local_now().date()
    }
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock stopped at one instant, for tests.
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}
