use super::*;

/// The Gravity SDOH state machine written out as a table: from, to, who may set it
/// (R requester, P performer, E either). Every pair not listed is refused.
const ALLOWED: &str = "
draft requested R
draft cancelled E
draft entered-in-error R
requested accepted P
requested rejected P
requested cancelled E
requested entered-in-error R
accepted in-progress P
accepted on-hold P
accepted completed P
accepted failed P
accepted cancelled E
in-progress on-hold P
in-progress completed P
in-progress failed P
in-progress cancelled E
on-hold in-progress P
on-hold failed P
on-hold cancelled E
";

fn valid_change(to: Status) -> Change {
    Change {
        to,
        reason: to.needs_reason().then_some(Reason::NoCapacity),
        note: None,
        outcome: (to == Status::Completed).then_some(Outcome { kind: OutcomeKind::VisitDone, feedback: None }),
    }
}

#[test]
fn every_pair_and_side_is_as_the_table_says() {
    let table: Vec<(Status, Status, &str)> = ALLOWED
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let p: Vec<&str> = l.split_whitespace().collect();
            (Status::parse(p[0]).unwrap(), Status::parse(p[1]).unwrap(), p[2])
        })
        .collect();
    for from in Status::ALL {
        for to in Status::ALL {
            for (sides, label) in [
                (&[Side::Requester][..], "R"),
                (&[Side::Performer][..], "P"),
                (&[Side::Requester, Side::Performer][..], "RP"),
            ] {
                let expected = table
                    .iter()
                    .find(|(f, t, _)| *f == from && *t == to)
                    .is_some_and(|(_, _, who)| *who == "E" || label.contains(who));
                let got = check(from, sides, &valid_change(to));
                assert_eq!(got.is_ok(), expected, "{} -> {} by {label}: {got:?}", from.code(), to.code());
            }
        }
    }
}

#[test]
fn final_states_are_final_and_say_so() {
    for from in Status::ALL.into_iter().filter(|s| s.is_final()) {
        assert!(from.next().is_empty());
        let err = check(from, &[Side::Performer], &valid_change(Status::InProgress)).unwrap_err();
        assert!(matches!(err, TransitionError::Final { .. }), "{err}");
        assert_eq!(err.field(), "status");
    }
    let reopened = check(Status::Completed, &[Side::Performer], &valid_change(Status::InProgress)).unwrap_err();
    assert_eq!(reopened.to_string(), "a completed referral is final: it cannot become in-progress");
}

#[test]
fn reasons_and_outcomes_are_required_where_gravity_expects_them() {
    let performer = [Side::Performer];
    for to in [Status::Rejected, Status::OnHold, Status::Failed] {
        let from = if to == Status::Rejected { Status::Requested } else { Status::Accepted };
        let err = check(from, &performer, &Change::to(to)).unwrap_err();
        assert_eq!(err, TransitionError::ReasonRequired(to));
        assert_eq!(err.field(), "status_reason");
    }
    let err = check(Status::Requested, &[Side::Requester], &Change::to(Status::Cancelled)).unwrap_err();
    assert_eq!(err, TransitionError::ReasonRequired(Status::Cancelled));
    let mut accept = Change::to(Status::Accepted);
    accept.reason = Some(Reason::Other);
    assert_eq!(check(Status::Requested, &performer, &accept), Err(TransitionError::ReasonNotExpected));
    assert_eq!(
        check(Status::InProgress, &performer, &Change::to(Status::Completed)),
        Err(TransitionError::OutcomeRequired)
    );
    let mut start = Change::to(Status::InProgress);
    start.outcome = Some(Outcome { kind: OutcomeKind::ServiceStarted, feedback: None });
    assert_eq!(check(Status::Accepted, &performer, &start), Err(TransitionError::OutcomeNotExpected));
    let mut long = valid_change(Status::InProgress);
    long.note = Some("x".repeat(MAX_TEXT + 1));
    assert_eq!(check(Status::Accepted, &performer, &long), Err(TransitionError::TooLong("note")));
}

#[test]
fn a_requester_cannot_accept_and_says_who_can() {
    let err = check(Status::Requested, &[Side::Requester], &valid_change(Status::Accepted)).unwrap_err();
    assert_eq!(err.to_string(), "only the receiving producer sets a referral accepted");
    assert!(check(Status::Requested, &[], &valid_change(Status::Cancelled)).is_err());
}

#[test]
fn codes_round_trip_and_names_exist_in_three_languages() {
    for s in Status::ALL {
        assert_eq!(Status::parse(s.code()), Some(s));
        assert_eq!(serde_json::to_value(s).unwrap(), serde_json::json!(s.code()));
        for lang in Lang::ALL {
            assert!(!s.name(lang).is_empty());
        }
    }
    for r in Reason::ALL {
        assert_eq!(Reason::parse(r.code()), Some(r));
        assert_eq!(serde_json::to_value(r).unwrap(), serde_json::json!(r.code()));
    }
    for o in OutcomeKind::ALL {
        assert_eq!(OutcomeKind::parse(o.code()), Some(o));
    }
    assert!(check_start(Status::Draft).is_ok() && check_start(Status::Requested).is_ok());
    assert!(check_start(Status::Accepted).is_err());
}

#[test]
fn progress_grows_along_every_allowed_path_but_on_hold() {
    for from in Status::ALL {
        for &to in from.next() {
            if matches!(to, Status::Cancelled | Status::EnteredInError | Status::OnHold | Status::Rejected) {
                continue;
            }
            assert!(to.progress() >= from.progress(), "{} -> {}", from.code(), to.code());
        }
    }
}
