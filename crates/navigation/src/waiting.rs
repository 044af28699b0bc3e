//! Estimated waiting time for one service at one unit, and the legal clock on each waiting
//! client.
//!
//! The method (also in `docs/navigation.md`):
//! - **Appointments** (reception-type services): the unit's reported T3, the days to the
//!   third free non-urgent time, as THL measures it; else the third of the free times
//!   reported from today on. The third rather than the first, because a single free time is
//!   often a cancellation that is gone by the time the client calls.
//! - **Places** (housing, short-term care, day activities): a vacancy beyond the clients
//!   already waiting with the same or higher priority means no wait. Otherwise Little's law:
//!   the clients ahead (waiting with the same or higher priority, less the vacancies) plus
//!   this client, divided by the rate at which clients left the queue into a place over the
//!   last [`TURNOVER_DAYS`] days. No one left in that time: unknown, said so.

use chrono::{Months, NaiveDate};
use serde::Serialize;

/// The window over which turnover is measured.
pub const TURNOVER_DAYS: i64 = 180;

/// Places of one kind at a unit, as last reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Places {
    pub places: u32,
    pub occupied: u32,
}

/// One client on a waiting list (the producer's own reference, no identity).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Waiting {
    /// 1 most urgent, 3 least.
    pub priority: u8,
    pub decided_on: NaiveDate,
    pub entered_on: NaiveDate,
    /// When the client left the list (placed, or withdrew: `placed` says which).
    pub left_on: Option<NaiveDate>,
    pub placed: bool,
}

/// Free appointment times as reported by a unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Appointments {
    /// Days to the third free non-urgent time, as the unit reports it.
    pub t3_days: Option<f32>,
    /// Days on which a free time is reported (one entry per free time).
    pub free_on: Vec<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "method")]
pub enum Method {
    ReportedT3,
    ThirdFreeTime,
    Vacancy { vacancies: u32, ahead: u32 },
    Queue { ahead: u32, placed_in_window: u32 },
}

/// An estimated waiting time in days, or why there is none.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Estimate {
    Days {
        days: f32,
        method: Method,
    },
    /// No capacity data for the unit and service.
    NoData,
    /// Fewer than three free times reported.
    TooFewFreeTimes {
        free: u32,
    },
    /// No one was placed from the queue within the window: no rate to estimate with.
    NoTurnover {
        ahead: u32,
    },
}

impl Estimate {
    pub fn days(&self) -> Option<f32> {
        match self {
            Estimate::Days { days, .. } => Some(*days),
            _ => None,
        }
    }
}

/// The estimate for a new client of `priority` on `today`.
pub fn estimate(
    today: NaiveDate,
    places: Option<Places>,
    queue: &[Waiting],
    appointments: Option<&Appointments>,
    priority: u8,
) -> Estimate {
    if let Some(a) = appointments {
        if let Some(t3) = a.t3_days {
            return Estimate::Days { days: t3.max(0.0), method: Method::ReportedT3 };
        }
        let mut days: Vec<i64> = a.free_on.iter().map(|d| (*d - today).num_days()).filter(|d| *d >= 0).collect();
        days.sort_unstable();
        return match days.get(2) {
            Some(d) => Estimate::Days { days: *d as f32, method: Method::ThirdFreeTime },
            None => Estimate::TooFewFreeTimes { free: days.len() as u32 },
        };
    }
    if places.is_none() && queue.is_empty() {
        return Estimate::NoData;
    }
    let ahead = queue.iter().filter(|w| w.left_on.is_none() && w.priority <= priority).count() as u32;
    let vacancies = places.map_or(0, |p| p.places.saturating_sub(p.occupied));
    if vacancies > ahead {
        return Estimate::Days { days: 0.0, method: Method::Vacancy { vacancies, ahead } };
    }
    let ahead = ahead - vacancies;
    let from = today - chrono::Duration::days(TURNOVER_DAYS);
    let placed = queue.iter().filter(|w| w.placed && w.left_on.is_some_and(|d| d > from && d <= today)).count() as u32;
    if placed == 0 {
        return Estimate::NoTurnover { ahead };
    }
    let days = ((ahead + 1) as f64 * TURNOVER_DAYS as f64 / placed as f64 * 10.0).round() / 10.0;
    Estimate::Days { days: days as f32, method: Method::Queue { ahead, placed_in_window: placed } }
}

/// The day by which a decision of `decided_on` must be put into effect, `months` later.
pub fn deadline(decided_on: NaiveDate, months: u32) -> NaiveDate {
    decided_on.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn waiting(priority: u8, left: Option<&str>) -> Waiting {
        Waiting {
            priority,
            decided_on: day("2026-06-01"),
            entered_on: day("2026-06-01"),
            left_on: left.map(day),
            placed: left.is_some(),
        }
    }

    #[test]
    fn appointments_use_the_third_free_time() {
        let today = day("2026-12-01");
        let a = Appointments {
            t3_days: None,
            free_on: ["2026-12-09", "2026-12-02", "2026-11-20", "2026-12-04"].map(day).to_vec(),
        };
        assert_eq!(estimate(today, None, &[], Some(&a), 2).days(), Some(8.0), "2nd, 4th, 9th: the 9th");
        let few = Appointments { t3_days: None, free_on: vec![day("2026-12-02")] };
        assert_eq!(estimate(today, None, &[], Some(&few), 2), Estimate::TooFewFreeTimes { free: 1 });
        let t3 = Appointments { t3_days: Some(12.0), free_on: vec![] };
        assert_eq!(estimate(today, None, &[], Some(&t3), 2).days(), Some(12.0));
    }

    #[test]
    fn places_use_vacancies_then_littles_law() {
        let today = day("2026-12-01");
        let places = Places { places: 12, occupied: 11 };
        assert_eq!(estimate(today, Some(places), &[], None, 2).days(), Some(0.0), "one vacancy, no one waiting");
        // Three waiting with priority 1–2, one with 3; six placed in the last 180 days.
        let mut queue = vec![waiting(1, None), waiting(2, None), waiting(2, None), waiting(3, None)];
        for d in ["2026-07-01", "2026-08-01", "2026-09-01", "2026-10-01", "2026-11-01", "2026-11-20"] {
            queue.push(waiting(2, Some(d)));
        }
        queue.push(waiting(2, Some("2025-01-01"))); // outside the window
        let e = estimate(today, Some(places), &queue, None, 2);
        // Ahead: 3 - 1 vacancy = 2; (2 + 1) / (6 / 180) = 90 days.
        assert_eq!(e, Estimate::Days { days: 90.0, method: Method::Queue { ahead: 2, placed_in_window: 6 } });
        // The most urgent client has only one ahead, who takes the vacancy.
        assert_eq!(estimate(today, Some(places), &queue, None, 1).days(), Some(30.0));
        assert_eq!(
            estimate(today, Some(Places { places: 9, occupied: 9 }), &[waiting(2, None)], None, 2),
            Estimate::NoTurnover { ahead: 1 }
        );
        assert_eq!(estimate(today, None, &[], None, 2), Estimate::NoData);
    }

    #[test]
    fn deadlines_count_calendar_months() {
        assert_eq!(deadline(day("2026-11-30"), 3), day("2027-02-28"));
        assert_eq!(deadline(day("2026-01-15"), 3), day("2026-04-15"));
    }
}
