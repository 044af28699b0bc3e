//! A client's path across producers: when it is broken, and its timeline.
//!
//! A path is **broken** when a step ended without the service (rejected, failed or
//! cancelled) and the client has no other step open (draft, requested, accepted, in
//! progress or on hold). It mends when a next step is made, or when a step completes.
//! The flag is kept up to date at every change of state, in the change's own
//! transaction, so no sweep is needed to find it.

use chrono::{DateTime, Utc};
use domain::referral::Status;
use serde::Serialize;

/// Whether a client's path is broken, judged from all their referrals: `steps` are
/// (status, time of the last change), in any order. Steps entered in error do not count.
pub fn broken(steps: &[(Status, DateTime<Utc>)]) -> bool {
    if steps.iter().any(|(s, _)| *s == Status::Draft || s.is_open()) {
        return false;
    }
    let last = steps.iter().filter(|(s, _)| *s != Status::EnteredInError).max_by_key(|(_, at)| *at);
    matches!(last, Some((Status::Rejected | Status::Failed | Status::Cancelled, _)))
}

/// One thing on a client's timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub at: DateTime<Utc>,
    /// `assessment`, `plan`, `referral`, `fact`, `consent`.
    pub kind: &'static str,
    /// The object it is about (`referral-…`).
    pub subject: String,
    /// What happened, as a code (`requested`, `completed`, `saved`, …).
    pub what: String,
    /// Who did it, and for which organisation.
    pub by: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// The service and producer, for referrals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_organization: Option<String>,
    /// The coded reason or outcome, and a note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// The timeline: every source's events merged, oldest first; events at the same
/// moment keep their sources' order.
pub fn timeline(sources: Vec<Vec<Event>>) -> Vec<Event> {
    let mut all: Vec<Event> = sources.into_iter().flatten().collect();
    all.sort_by_key(|e| e.at);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(minute: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_700_000_000 + minute * 60, 0).unwrap()
    }

    /// (steps as `status@minute`, broken?)
    const CASES: &[(&str, bool)] = &[
        ("", false),
        ("requested@0", false),
        ("draft@0", false),
        ("rejected@0", true),
        ("failed@0", true),
        ("cancelled@0", true),
        ("completed@0", false),
        ("completed@0 rejected@1", true),
        ("rejected@0 completed@1", false),
        ("rejected@0 requested@1", false),
        ("rejected@0 on-hold@1", false),
        ("rejected@0 draft@1", false),
        ("completed@0 rejected@1 entered-in-error@2", true),
        ("rejected@0 entered-in-error@1", true),
        ("completed@0 entered-in-error@1", false),
        ("entered-in-error@0", false),
        ("failed@3 completed@2 accepted@1", false),
        ("failed@3 completed@2", true),
    ];

    #[test]
    fn broken_paths_are_those_whose_last_step_ended_without_the_service_and_nothing_is_open() {
        for (steps, expected) in CASES {
            let steps: Vec<(Status, DateTime<Utc>)> = steps
                .split_whitespace()
                .map(|s| {
                    let (status, minute) = s.split_once('@').unwrap();
                    (Status::parse(status).unwrap(), t(minute.parse().unwrap()))
                })
                .collect();
            assert_eq!(broken(&steps), *expected, "{steps:?}");
        }
    }

    #[test]
    fn the_timeline_is_in_time_order_across_sources() {
        let event = |m: i64, kind: &'static str| Event {
            at: t(m),
            kind,
            subject: format!("{kind}-{m}"),
            what: "saved".into(),
            by: "u".into(),
            organization: None,
            service: None,
            to_organization: None,
            detail: None,
        };
        let merged = timeline(vec![vec![event(0, "referral"), event(5, "referral")], vec![event(3, "assessment")]]);
        assert_eq!(
            merged.iter().map(|e| e.subject.as_str()).collect::<Vec<_>>(),
            ["referral-0", "assessment-3", "referral-5"]
        );
    }
}
