//! Referral measures per producer, service and month (the month the referral was sent):
//! time to acceptance, to first contact and to first service; loop closure; deadlines
//! missed; stale referrals; the reasons given. The monitoring work reads these.
//!
//! Definitions (`docs/paths.md` has them for readers):
//! - **time to acceptance / first contact / first service**: days from `requested` to the
//!   first `accepted` / `in-progress` / `completed`, as median and 90th percentile over
//!   the referrals that got there (nearest-rank percentiles);
//! - **loop closure**: completed referrals as a share of those that ended (entered in
//!   error left out);
//! - **past the deadline**: deadlines due by `today`, and of them those met late or not met;
//! - **stale**: open referrals with no change in the last `stale_days` days;
//! - **reasons**: the coded reason of each rejection, cancellation or failure.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use domain::referral::{Reason, Status};
use serde::Serialize;
use std::collections::BTreeMap;

/// What the measures need of one referral (no client identity).
#[derive(Debug, Clone, PartialEq)]
pub struct ReferralFacts {
    pub organization: String,
    pub service: String,
    pub status: Status,
    pub reason: Option<Reason>,
    pub requested_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub contacted_at: Option<DateTime<Utc>>,
    pub served_at: Option<DateTime<Utc>>,
    pub last_change_at: DateTime<Utc>,
    /// Each deadline: its due day and the day it was met.
    pub deadlines: Vec<(NaiveDate, Option<NaiveDate>)>,
}

/// Median and 90th percentile of a duration in days, over `n` referrals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Days {
    pub n: usize,
    pub median: Option<f64>,
    pub p90: Option<f64>,
}

/// The measures of one producer's service in one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measures {
    pub organization: String,
    pub service: String,
    /// `YYYY-MM`, the month the referrals were sent.
    pub month: String,
    pub referrals: usize,
    pub to_acceptance: Days,
    pub to_first_contact: Days,
    pub to_first_service: Days,
    pub ended: usize,
    pub completed: usize,
    /// `completed / ended`; none when nothing ended.
    pub loop_closure: Option<f64>,
    pub deadlines_due: usize,
    pub deadlines_missed: usize,
    pub past_deadline_share: Option<f64>,
    pub open: usize,
    pub stale: usize,
    /// Reason code → count.
    pub reasons: BTreeMap<String, usize>,
}

fn days(values: &mut [f64]) -> Days {
    values.sort_by(f64::total_cmp);
    let rank = |p: f64| -> Option<f64> {
        if values.is_empty() {
            return None;
        }
        let k = ((p * values.len() as f64).ceil() as usize).clamp(1, values.len());
        Some((values[k - 1] * 100.0).round() / 100.0)
    };
    Days { n: values.len(), median: rank(0.5), p90: rank(0.9) }
}

fn span(from: DateTime<Utc>, to: Option<DateTime<Utc>>) -> Option<f64> {
    to.map(|to| (to - from).num_seconds().max(0) as f64 / 86_400.0)
}

#[derive(Default)]
struct Group {
    referrals: usize,
    acceptance: Vec<f64>,
    contact: Vec<f64>,
    service: Vec<f64>,
    ended: usize,
    completed: usize,
    due: usize,
    missed: usize,
    open: usize,
    stale: usize,
    reasons: BTreeMap<String, usize>,
}

/// The measures of every (producer, service, month) present, sorted by them. `now` is
/// the time of the measurement; referrals entered in error are left out altogether.
pub fn measure(referrals: &[ReferralFacts], now: DateTime<Utc>, stale_days: i64) -> Vec<Measures> {
    let today = now.date_naive();
    let mut groups: BTreeMap<(&str, &str, (i32, u32)), Group> = BTreeMap::new();
    for r in referrals.iter().filter(|r| r.status != Status::EnteredInError && r.status != Status::Draft) {
        let month = (r.requested_at.year(), r.requested_at.month());
        let g = groups.entry((r.organization.as_str(), r.service.as_str(), month)).or_default();
        g.referrals += 1;
        g.acceptance.extend(span(r.requested_at, r.accepted_at));
        g.contact.extend(span(r.requested_at, r.contacted_at));
        g.service.extend(span(r.requested_at, r.served_at));
        if r.status.is_final() {
            g.ended += 1;
            g.completed += usize::from(r.status == Status::Completed);
        }
        if r.status.is_open() {
            g.open += 1;
            g.stale += usize::from((now - r.last_change_at).num_days() >= stale_days);
        }
        if let Some(reason) = r.reason
            && matches!(r.status, Status::Rejected | Status::Cancelled | Status::Failed)
        {
            *g.reasons.entry(reason.code().to_owned()).or_default() += 1;
        }
        for (due, met) in &r.deadlines {
            if *due < today || met.is_some() {
                g.due += 1;
                g.missed += usize::from(met.is_none_or(|met| met > *due));
            }
        }
    }
    let share = |part: usize, whole: usize| (whole > 0).then(|| part as f64 / whole as f64);
    groups
        .into_iter()
        .map(|((organization, service, (y, m)), mut g)| Measures {
            organization: organization.to_owned(),
            service: service.to_owned(),
            month: format!("{y:04}-{m:02}"),
            referrals: g.referrals,
            to_acceptance: days(&mut g.acceptance),
            to_first_contact: days(&mut g.contact),
            to_first_service: days(&mut g.service),
            ended: g.ended,
            completed: g.completed,
            loop_closure: share(g.completed, g.ended),
            deadlines_due: g.due,
            deadlines_missed: g.missed,
            past_deadline_share: share(g.missed, g.due),
            open: g.open,
            stale: g.stale,
            reasons: g.reasons,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        NaiveDate::from_ymd_opt(2026, 3, day).unwrap().and_hms_opt(hour, 0, 0).unwrap().and_utc()
    }

    fn referral(status: Status) -> ReferralFacts {
        ReferralFacts {
            organization: "org-a".into(),
            service: "svc-home-care".into(),
            status,
            reason: None,
            requested_at: at(2, 8),
            accepted_at: None,
            contacted_at: None,
            served_at: None,
            last_change_at: at(2, 8),
            deadlines: vec![],
        }
    }

    #[test]
    fn a_worked_month() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 3, day).unwrap();
        let mut done = referral(Status::Completed);
        done.accepted_at = Some(at(3, 8));
        done.contacted_at = Some(at(4, 8));
        done.served_at = Some(at(12, 8));
        done.deadlines = vec![(d(11), Some(d(4))), (d(20), Some(d(12)))];
        let mut late = referral(Status::Completed);
        late.accepted_at = Some(at(2, 20));
        late.contacted_at = Some(at(14, 8));
        late.served_at = Some(at(14, 8));
        late.deadlines = vec![(d(11), Some(d(14)))];
        let mut rejected = referral(Status::Rejected);
        rejected.reason = Some(Reason::NoCapacity);
        let mut stale = referral(Status::Accepted);
        stale.accepted_at = Some(at(5, 8));
        stale.last_change_at = at(5, 8);
        stale.deadlines = vec![(d(11), None), (d(31), None)];
        let mut other = referral(Status::Requested);
        other.service = "svc-meal-service".into();
        let ignored = referral(Status::EnteredInError);

        let m = measure(&[done, late, rejected, stale, other, ignored], at(25, 12), 14);
        assert_eq!(m.len(), 2);
        let home = &m[0];
        assert_eq!((home.service.as_str(), home.month.as_str()), ("svc-home-care", "2026-03"));
        assert_eq!(home.referrals, 4);
        assert_eq!(home.to_acceptance, Days { n: 3, median: Some(1.0), p90: Some(3.0) });
        assert_eq!(home.to_first_contact, Days { n: 2, median: Some(2.0), p90: Some(12.0) });
        assert_eq!(home.to_first_service.median, Some(10.0));
        assert_eq!((home.ended, home.completed, home.loop_closure), (3, 2, Some(2.0 / 3.0)));
        // Due by the 25th: done's two (met in time), late's one (met late), stale's first (not met).
        assert_eq!((home.deadlines_due, home.deadlines_missed), (4, 2));
        assert_eq!((home.open, home.stale), (1, 1));
        assert_eq!(home.reasons.get("no-capacity"), Some(&1));
        assert_eq!(m[1].service, "svc-meal-service");
        assert_eq!(m[1].loop_closure, None);
        assert_eq!(m[1].to_acceptance, Days { n: 0, median: None, p90: None });
    }
}
