use super::*;
use proptest::prelude::*;

fn survey(facts: &[(Variable, Value)]) -> Survey {
    Survey { surveyed_on: None, facts: facts.iter().copied().collect() }
}

use Value::{Number as N, YesNo as Y};
use Variable::*;

/// A unit surveyed in full with nothing in anyone's way.
fn good() -> Survey {
    survey(&[
        (AccessibleParking, Y(true)),
        (ParkingDistanceM, N(20.0)),
        (RouteStepFree, Y(true)),
        (RouteEvenSurface, Y(true)),
        (RouteLit, Y(true)),
        (RouteGuidance, Y(true)),
        (EntranceSteps, N(0.0)),
        (EntranceHandrails, Y(true)),
        (DoorWidthCm, N(90.0)),
        (DoorAutomatic, Y(true)),
        (ThresholdCm, N(0.0)),
        (EntranceContrast, Y(true)),
        (StepFreeInterior, Y(false)),
        (Lift, Y(true)),
        (LiftDoorWidthCm, N(90.0)),
        (LiftVoice, Y(true)),
        (AccessibleToilet, Y(true)),
        (HearingLoop, Y(true)),
        (ContrastSignage, Y(true)),
    ])
}

#[test]
fn no_survey_is_no_information_for_every_profile() {
    for profile in Profile::ALL {
        let a = shortcomings(&Survey::default(), profile);
        assert_eq!(a.verdict(), Verdict::NoInformation, "{profile:?}");
        assert!(a.shortcomings.is_empty());
        assert!(!a.unknown.is_empty(), "{profile:?} says what it would need");
    }
}

#[test]
fn a_full_good_survey_has_no_shortcomings() {
    for profile in Profile::ALL {
        let a = shortcomings(&good(), profile);
        assert_eq!(a.verdict(), Verdict::NoShortcomings, "{profile:?}: {a:?}");
    }
}

#[test]
fn each_profile_meets_its_own_obstacles() {
    let with = |changes: &[(Variable, Value)]| {
        let mut s = good();
        for &(v, x) in changes {
            s.facts.insert(v, x);
        }
        s
    };
    // Two steps and no ramp: wheels stop, feet with handrails pass.
    let steps = with(&[(EntranceSteps, N(2.0)), (EntranceStepHeightCm, N(15.0)), (EntranceRamp, Y(false))]);
    for (profile, verdict) in [
        (Profile::Wheelchair, Verdict::Shortcomings),
        (Profile::Rollator, Verdict::Shortcomings),
        (Profile::Stroller, Verdict::Shortcomings),
        (Profile::ReducedMobility, Verdict::NoShortcomings),
        (Profile::HearingAid, Verdict::NoShortcomings),
    ] {
        assert_eq!(shortcomings(&steps, profile).verdict(), verdict, "{profile:?}");
    }
    let a = shortcomings(&steps, Profile::Wheelchair);
    assert_eq!(a.shortcomings[0].segment, Segment::Entrance);
    assert_eq!(a.shortcomings[0].text.en.as_deref(), Some("The entrance has 2 step(s) and no ramp."));
    assert_eq!(a.shortcomings[0].text.fi.as_deref(), Some("Sisäänkäynnillä on 2 porrasta eikä luiskaa."));
    assert_eq!(a.shortcomings[0].text.sv.as_deref(), Some("Ingången har 2 trappsteg och ingen ramp."));
    // An 82 cm door: too narrow for a wheelchair (85), wide enough for a stroller (80).
    let door = with(&[(DoorWidthCm, N(82.0))]);
    assert_eq!(shortcomings(&door, Profile::Wheelchair).verdict(), Verdict::Shortcomings);
    assert_eq!(shortcomings(&door, Profile::Stroller).verdict(), Verdict::NoShortcomings);
    // No hearing loop matters to hearing aid users only.
    let no_loop = with(&[(HearingLoop, Y(false))]);
    assert_eq!(shortcomings(&no_loop, Profile::HearingAid).verdict(), Verdict::Shortcomings);
    assert_eq!(shortcomings(&no_loop, Profile::Wheelchair).verdict(), Verdict::NoShortcomings);
    // A steep ramp.
    let ramp = with(&[(EntranceSteps, N(3.0)), (EntranceRamp, Y(true)), (RampSlopePct, N(12.5))]);
    let a = shortcomings(&ramp, Profile::Wheelchair);
    assert_eq!(a.shortcomings.len(), 1);
    assert_eq!(a.shortcomings[0].text.fi.as_deref(), Some("Luiska on jyrkempi kuin 8 % (12,5 %)."));
}

#[test]
fn a_missing_fact_makes_the_verdict_incomplete_not_fine() {
    let mut s = good();
    s.facts.remove(&AccessibleToilet);
    let a = shortcomings(&s, Profile::Wheelchair);
    assert_eq!(a.verdict(), Verdict::Incomplete);
    assert_eq!(a.unknown, [Unknown { segment: Segment::Interior, missing: vec![AccessibleToilet] }]);
    assert_eq!(shortcomings(&s, Profile::HearingAid).verdict(), Verdict::NoShortcomings, "not a hearing rule");
}

#[test]
fn ranking_puts_no_information_last() {
    let none = shortcomings(&Survey::default(), Profile::Wheelchair);
    let fine = shortcomings(&good(), Profile::Wheelchair);
    let mut partial = good();
    partial.facts.remove(&Lift);
    let partial = shortcomings(&partial, Profile::Wheelchair);
    let mut bad = good();
    bad.facts.insert(DoorWidthCm, N(70.0));
    let bad = shortcomings(&bad, Profile::Wheelchair);
    let mut all = [&none, &bad, &partial, &fine];
    all.sort_by_key(|a| a.rank());
    assert_eq!(
        all.map(|a| a.verdict()),
        [Verdict::NoShortcomings, Verdict::Incomplete, Verdict::Shortcomings, Verdict::NoInformation]
    );
}

#[test]
fn contradictions_are_found() {
    let s = survey(&[
        (EntranceSteps, N(0.0)),
        (EntranceStepHeightCm, N(16.0)),
        (Lift, Y(false)),
        (LiftVoice, Y(true)),
        (DoorWidthCm, N(9.0)),
        (HearingLoop, N(1.0)),
    ]);
    let found: Vec<Vec<Variable>> = s.contradictions().into_iter().map(|(v, _)| v).collect();
    assert_eq!(found.len(), 4, "{found:?}");
    assert!(found.contains(&vec![EntranceSteps, EntranceStepHeightCm]));
    assert!(found.contains(&vec![DoorWidthCm]));
    assert!(found.contains(&vec![HearingLoop]));
    assert!(good().contradictions().is_empty());
}

#[test]
fn survey_json_round_trips_and_refuses_unknown_variables() {
    let json = serde_json::to_value(good()).unwrap();
    assert_eq!(json["facts"]["door_width_cm"], 90);
    assert_eq!(json["facts"]["hearing_loop"], true);
    let back: Survey = serde_json::from_value(json).unwrap();
    assert_eq!(back, good());
    let bad = serde_json::from_str::<Survey>(r#"{"facts": {"door_widht_cm": 90}}"#).unwrap_err().to_string();
    assert!(bad.contains("door_widht_cm"), "{bad}");
    for v in Variable::ALL {
        assert_eq!(serde_json::to_value(v).unwrap(), v.code());
    }
    for p in Profile::ALL {
        assert_eq!(Profile::parse(p.code()), Some(p));
    }
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![any::<bool>().prop_map(Value::YesNo), (0u32..200).prop_map(|n| Value::Number(f64::from(n)))]
}

proptest! {
    /// Whatever was surveyed, "no shortcomings" is said only when every rule was decided,
    /// and forgetting a fact never turns a shortcoming into "no shortcomings".
    #[test]
    fn no_shortcomings_needs_every_fact(facts in proptest::collection::btree_map(proptest::sample::select(Variable::ALL.to_vec()), value(), 0..22)) {
        let s = Survey { surveyed_on: None, facts };
        for profile in Profile::ALL {
            let a = shortcomings(&s, profile);
            if a.verdict() == Verdict::NoShortcomings {
                prop_assert!(a.unknown.is_empty() && a.shortcomings.is_empty());
            }
            for v in s.facts.keys() {
                let mut less = s.clone();
                less.facts.remove(v);
                let b = shortcomings(&less, profile);
                if a.verdict() != Verdict::NoShortcomings {
                    prop_assert_ne!(b.verdict(), Verdict::NoShortcomings);
                }
            }
        }
    }
}
