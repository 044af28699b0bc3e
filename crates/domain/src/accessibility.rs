//! Accessibility of a unit for a visitor's needs: surveyed facts, rules per route segment,
//! shortcomings in fi/sv/en per profile.
//!
//! A unit's survey ([`Survey`]) is a set of variable/value facts ([`Variable`]: step heights,
//! door widths, lifts, ramps, hearing loops, accessible toilet, parking), each belonging to
//! one segment of the visitor's way in ([`Segment`]: parking, the route to the entrance, the
//! entrance, the interior). [`shortcomings`] applies the rules of one [`Profile`] (wheelchair,
//! reduced mobility, rollator, stroller, visually impaired, hearing aid) to the facts and
//! says which rules fail, and which could not be decided because a fact was not surveyed.
//! "No information" is never "no shortcomings": a profile's verdict is
//! [`Verdict::NoShortcomings`] only when every fact its rules read was surveyed and none fails.
//!
//! The thresholds follow the Helsinki accessibility criteria (*Esteettömyyskriteerit*, as used
//! by the Service Map's accessibility database) in simplified form: door clear width 85 cm for
//! wheelchairs and 80 cm for rollators and strollers, ramps at most 8 %, thresholds at most
//! 2 cm, accessible parking within 50 m of the entrance. Pure.

use crate::text::Text;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A visitor's needs, as a resident picks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    Wheelchair,
    ReducedMobility,
    Rollator,
    Stroller,
    VisuallyImpaired,
    HearingAid,
}

impl Profile {
    pub const ALL: [Profile; 6] = [
        Profile::Wheelchair,
        Profile::ReducedMobility,
        Profile::Rollator,
        Profile::Stroller,
        Profile::VisuallyImpaired,
        Profile::HearingAid,
    ];

    /// The profile's code in URLs, cookies and JSON.
    pub fn code(self) -> &'static str {
        match self {
            Profile::Wheelchair => "wheelchair",
            Profile::ReducedMobility => "reduced_mobility",
            Profile::Rollator => "rollator",
            Profile::Stroller => "stroller",
            Profile::VisuallyImpaired => "visually_impaired",
            Profile::HearingAid => "hearing_aid",
        }
    }

    pub fn parse(code: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// A segment of the way from arriving to being served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    Parking,
    /// From the street or parking to the entrance.
    Route,
    Entrance,
    Interior,
}

impl Segment {
    pub const ALL: [Segment; 4] = [Segment::Parking, Segment::Route, Segment::Entrance, Segment::Interior];

    pub fn code(self) -> &'static str {
        match self {
            Segment::Parking => "parking",
            Segment::Route => "route",
            Segment::Entrance => "entrance",
            Segment::Interior => "interior",
        }
    }
}

/// What a fact's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    YesNo,
    /// A count or a measure; the unit is in the variable's name (`_cm`, `_m`, `_pct`).
    Number,
}

/// One surveyed variable. The set is closed, so a survey from another system is read into
/// these names or refused with the name it had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variable {
    /// Marked parking places for disabled people.
    AccessibleParking,
    /// From the accessible parking to the entrance, metres.
    ParkingDistanceM,
    /// The route from the street to the entrance has no steps.
    RouteStepFree,
    /// The route is hard and even (no gravel, cobbles or holes).
    RouteEvenSurface,
    /// The route is lit.
    RouteLit,
    /// Tactile guide lines or a clearly contrasting edge lead to the entrance.
    RouteGuidance,
    /// Steps at the entrance (0: none).
    EntranceSteps,
    /// Height of the highest entrance step, cm.
    EntranceStepHeightCm,
    /// A ramp or a platform lift past the steps.
    EntranceRamp,
    /// Steepest part of the ramp, per cent.
    RampSlopePct,
    /// Handrails on both sides of the steps or ramp.
    EntranceHandrails,
    /// Clear width of the entrance door, cm.
    DoorWidthCm,
    /// The door opens by itself or with a push button.
    DoorAutomatic,
    /// Highest threshold on the way in, cm.
    ThresholdCm,
    /// The entrance and the door contrast with their surroundings.
    EntranceContrast,
    /// The premises for visitors are on one floor or reached by a lift.
    StepFreeInterior,
    /// A lift for visitors.
    Lift,
    /// Clear width of the lift door, cm.
    LiftDoorWidthCm,
    /// The lift announces floors by voice.
    LiftVoice,
    /// An accessible toilet for visitors.
    AccessibleToilet,
    /// An induction loop at the service desk or in the waiting room.
    HearingLoop,
    /// Signs and the service desk contrast and are readable up close.
    ContrastSignage,
}

impl Variable {
    pub const ALL: [Variable; 22] = [
        Variable::AccessibleParking,
        Variable::ParkingDistanceM,
        Variable::RouteStepFree,
        Variable::RouteEvenSurface,
        Variable::RouteLit,
        Variable::RouteGuidance,
        Variable::EntranceSteps,
        Variable::EntranceStepHeightCm,
        Variable::EntranceRamp,
        Variable::RampSlopePct,
        Variable::EntranceHandrails,
        Variable::DoorWidthCm,
        Variable::DoorAutomatic,
        Variable::ThresholdCm,
        Variable::EntranceContrast,
        Variable::StepFreeInterior,
        Variable::Lift,
        Variable::LiftDoorWidthCm,
        Variable::LiftVoice,
        Variable::AccessibleToilet,
        Variable::HearingLoop,
        Variable::ContrastSignage,
    ];

    pub fn segment(self) -> Segment {
        use Variable::*;
        match self {
            AccessibleParking | ParkingDistanceM => Segment::Parking,
            RouteStepFree | RouteEvenSurface | RouteLit | RouteGuidance => Segment::Route,
            EntranceSteps | EntranceStepHeightCm | EntranceRamp | RampSlopePct | EntranceHandrails | DoorWidthCm
            | DoorAutomatic | ThresholdCm | EntranceContrast => Segment::Entrance,
            StepFreeInterior | Lift | LiftDoorWidthCm | LiftVoice | AccessibleToilet | HearingLoop
            | ContrastSignage => Segment::Interior,
        }
    }

    pub fn kind(self) -> Kind {
        use Variable::*;
        match self {
            ParkingDistanceM | EntranceSteps | EntranceStepHeightCm | RampSlopePct | DoorWidthCm | ThresholdCm
            | LiftDoorWidthCm => Kind::Number,
            _ => Kind::YesNo,
        }
    }

    /// Plausible range of a number (anything outside is flagged as a survey mistake).
    fn range(self) -> (f64, f64) {
        use Variable::*;
        match self {
            ParkingDistanceM => (0.0, 2_000.0),
            EntranceSteps => (0.0, 100.0),
            EntranceStepHeightCm => (0.0, 40.0),
            RampSlopePct => (0.0, 40.0),
            DoorWidthCm | LiftDoorWidthCm => (40.0, 400.0),
            ThresholdCm => (0.0, 30.0),
            _ => (0.0, 1.0),
        }
    }

    /// The variable's name in JSON (`door_width_cm`).
    pub fn code(self) -> &'static str {
        use Variable::*;
        match self {
            AccessibleParking => "accessible_parking",
            ParkingDistanceM => "parking_distance_m",
            RouteStepFree => "route_step_free",
            RouteEvenSurface => "route_even_surface",
            RouteLit => "route_lit",
            RouteGuidance => "route_guidance",
            EntranceSteps => "entrance_steps",
            EntranceStepHeightCm => "entrance_step_height_cm",
            EntranceRamp => "entrance_ramp",
            RampSlopePct => "ramp_slope_pct",
            EntranceHandrails => "entrance_handrails",
            DoorWidthCm => "door_width_cm",
            DoorAutomatic => "door_automatic",
            ThresholdCm => "threshold_cm",
            EntranceContrast => "entrance_contrast",
            StepFreeInterior => "step_free_interior",
            Lift => "lift",
            LiftDoorWidthCm => "lift_door_width_cm",
            LiftVoice => "lift_voice",
            AccessibleToilet => "accessible_toilet",
            HearingLoop => "hearing_loop",
            ContrastSignage => "contrast_signage",
        }
    }
}

/// A surveyed value: yes/no or a number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    YesNo(bool),
    Number(f64),
}

impl<'de> Deserialize<'de> for Value {
    /// `true`/`false` or a JSON number (read through `serde_json::Value`, which keeps numbers
    /// right whatever serde_json's features are).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::Bool(b) => Ok(Value::YesNo(b)),
            serde_json::Value::Number(n) => n
                .as_f64()
                .filter(|x| x.is_finite())
                .map(Value::Number)
                .ok_or_else(|| serde::de::Error::custom("a number too large")),
            _ => Err(serde::de::Error::custom("expected true, false or a number")),
        }
    }
}

impl Serialize for Value {
    /// Whole numbers as integers (`90`, not `90.0`), as surveys write them.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Value::YesNo(b) => serializer.serialize_bool(b),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => serializer.serialize_i64(n as i64),
            Value::Number(n) => serializer.serialize_f64(n),
        }
    }
}

/// A unit's accessibility survey: what was measured, and when. A variable not in `facts`
/// was not surveyed (*no information*), which is never read as "fine".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Survey {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surveyed_on: Option<NaiveDate>,
    #[serde(default)]
    pub facts: BTreeMap<Variable, Value>,
}

impl Survey {
    pub fn is_empty(&self) -> bool {
        self.facts.is_empty() && self.surveyed_on.is_none()
    }

    fn yes_no(&self, v: Variable) -> Option<bool> {
        match self.facts.get(&v) {
            Some(Value::YesNo(b)) => Some(*b),
            _ => None,
        }
    }

    fn number(&self, v: Variable) -> Option<f64> {
        match self.facts.get(&v) {
            Some(Value::Number(n)) => Some(*n),
            _ => None,
        }
    }

    /// Values that cannot all be true, or are of the wrong kind or out of range: each with
    /// the variables it is about and what is wrong, in English for the catalog team.
    pub fn contradictions(&self) -> Vec<(Vec<Variable>, String)> {
        use Variable::*;
        let mut out: Vec<(Vec<Variable>, String)> = Vec::new();
        for (&variable, &value) in &self.facts {
            match (variable.kind(), value) {
                (Kind::YesNo, Value::Number(n)) => {
                    out.push((vec![variable], format!("{} is yes or no, not the number {n}", variable.code())))
                }
                (Kind::Number, Value::YesNo(b)) => {
                    out.push((vec![variable], format!("{} is a number, not {b}", variable.code())))
                }
                (Kind::Number, Value::Number(n)) => {
                    let (lo, hi) = variable.range();
                    if !(lo..=hi).contains(&n) {
                        out.push((vec![variable], format!("{} = {n} is outside {lo}–{hi}", variable.code())));
                    }
                }
                (Kind::YesNo, Value::YesNo(_)) => {}
            }
        }
        let steps = self.number(EntranceSteps);
        if steps == Some(0.0) && self.number(EntranceStepHeightCm).is_some_and(|h| h > 0.0) {
            out.push((
                vec![EntranceSteps, EntranceStepHeightCm],
                "entrance_steps is 0 but entrance_step_height_cm gives a step".into(),
            ));
        }
        if self.yes_no(EntranceRamp) == Some(false) && self.number(RampSlopePct).is_some() {
            out.push((vec![EntranceRamp, RampSlopePct], "entrance_ramp is no but ramp_slope_pct is given".into()));
        }
        if self.yes_no(Lift) == Some(false)
            && (self.number(LiftDoorWidthCm).is_some() || self.yes_no(LiftVoice).is_some())
        {
            out.push((
                vec![Lift, LiftDoorWidthCm, LiftVoice],
                "lift is no but the lift's door or voice is given".into(),
            ));
        }
        if self.yes_no(AccessibleParking) == Some(false) && self.number(ParkingDistanceM).is_some() {
            out.push((
                vec![AccessibleParking, ParkingDistanceM],
                "accessible_parking is no but parking_distance_m is given".into(),
            ));
        }
        out
    }
}

/// One failed rule: where, and what it means, in fi/sv/en.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortcoming {
    pub segment: Segment,
    pub text: Text,
}

/// A rule that could not be decided: where, and the facts that were not surveyed.
#[derive(Debug, Clone, PartialEq)]
pub struct Unknown {
    pub segment: Segment,
    pub missing: Vec<Variable>,
}

/// What the facts say for one profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    /// Nothing the profile's rules read was surveyed.
    NoInformation,
    /// At least one rule fails.
    Shortcomings,
    /// No rule fails, but some could not be decided: not "no shortcomings".
    Incomplete,
    /// Every rule was decided and none fails.
    NoShortcomings,
}

impl Verdict {
    pub fn code(self) -> &'static str {
        match self {
            Verdict::NoInformation => "no_information",
            Verdict::Shortcomings => "shortcomings",
            Verdict::Incomplete => "incomplete",
            Verdict::NoShortcomings => "no_shortcomings",
        }
    }
}

/// The assessment of one unit for one profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub profile: Profile,
    pub shortcomings: Vec<Shortcoming>,
    pub unknown: Vec<Unknown>,
    /// Number of the profile's rules decided from surveyed facts.
    pub decided: usize,
}

impl Assessment {
    pub fn verdict(&self) -> Verdict {
        if !self.shortcomings.is_empty() {
            Verdict::Shortcomings
        } else if self.decided == 0 {
            Verdict::NoInformation
        } else if !self.unknown.is_empty() {
            Verdict::Incomplete
        } else {
            Verdict::NoShortcomings
        }
    }

    /// An order for listing units by their fit for the profile: no shortcomings first, then
    /// incomplete, then by number of shortcomings, then no information last.
    pub fn rank(&self) -> (u8, usize, usize) {
        match self.verdict() {
            Verdict::NoShortcomings => (0, 0, 0),
            Verdict::Incomplete => (1, 0, self.unknown.len()),
            Verdict::Shortcomings => (2, self.shortcomings.len(), self.unknown.len()),
            Verdict::NoInformation => (3, 0, 0),
        }
    }
}

fn t(fi: String, sv: String, en: String) -> Text {
    Text { fi: Some(fi), sv: Some(sv), en: Some(en) }
}

fn n(x: f64) -> String {
    if x.fract() == 0.0 { format!("{x:.0}") } else { format!("{x:.1}").replace('.', ",") }
}

fn n_en(x: f64) -> String {
    if x.fract() == 0.0 { format!("{x:.0}") } else { format!("{x:.1}") }
}

/// The result of one rule on a survey.
enum Outcome {
    Pass,
    Fail(Text),
    Missing(Vec<Variable>),
}

type Rule = fn(&Survey) -> Outcome;

/// A rule of a profile, boxed (some are closures over a threshold).
type BoxedRule = Box<dyn Fn(&Survey) -> Outcome>;

/// Yes/no facts that must be yes.
fn must(s: &Survey, v: Variable, text: fn() -> Text) -> Outcome {
    match s.yes_no(v) {
        Some(true) => Outcome::Pass,
        Some(false) => Outcome::Fail(text()),
        None => Outcome::Missing(vec![v]),
    }
}

fn at_least(s: &Survey, v: Variable, limit: f64, text: fn(f64, f64) -> Text) -> Outcome {
    match s.number(v) {
        Some(x) if x >= limit => Outcome::Pass,
        Some(x) => Outcome::Fail(text(x, limit)),
        None => Outcome::Missing(vec![v]),
    }
}

fn at_most(s: &Survey, v: Variable, limit: f64, text: fn(f64, f64) -> Text) -> Outcome {
    match s.number(v) {
        Some(x) if x <= limit => Outcome::Pass,
        Some(x) => Outcome::Fail(text(x, limit)),
        None => Outcome::Missing(vec![v]),
    }
}

/// Steps at the entrance are passable only with a ramp (for wheels) or handrails (on foot).
fn steps_need(s: &Survey, way: Variable, text: fn(f64) -> Text) -> Outcome {
    match (s.number(Variable::EntranceSteps), s.yes_no(way)) {
        (Some(0.0), _) => Outcome::Pass,
        (Some(_), Some(true)) => Outcome::Pass,
        (Some(steps), Some(false)) => Outcome::Fail(text(steps)),
        (Some(_), None) => Outcome::Missing(vec![way]),
        (None, _) => Outcome::Missing(vec![Variable::EntranceSteps]),
    }
}

/// A ramp, where there is one, no steeper than `limit` per cent.
fn ramp_slope(s: &Survey, limit: f64) -> Outcome {
    match (s.number(Variable::EntranceSteps), s.yes_no(Variable::EntranceRamp)) {
        (Some(0.0), _) => Outcome::Pass,
        (_, Some(false)) => Outcome::Pass,
        (_, Some(true)) => at_most(s, Variable::RampSlopePct, limit, |x, l| {
            t(
                format!("Luiska on jyrkempi kuin {} % ({} %).", n(l), n(x)),
                format!("Rampen är brantare än {} % ({} %).", n(l), n(x)),
                format!("The ramp is steeper than {} % ({} %).", n_en(l), n_en(x)),
            )
        }),
        (_, None) => Outcome::Missing(vec![Variable::EntranceRamp]),
    }
}

/// Upstairs premises need a lift.
fn lift_if_needed(s: &Survey) -> Outcome {
    match (s.yes_no(Variable::StepFreeInterior), s.yes_no(Variable::Lift)) {
        (Some(true), _) | (_, Some(true)) => Outcome::Pass,
        (Some(false), Some(false)) => Outcome::Fail(t(
            "Tiloissa on portaita eikä hissiä.".into(),
            "Lokalerna har trappor och ingen hiss.".into(),
            "The premises have stairs and no lift.".into(),
        )),
        (None, _) => Outcome::Missing(vec![Variable::StepFreeInterior]),
        (Some(false), None) => Outcome::Missing(vec![Variable::Lift]),
    }
}

fn door(limit: f64) -> impl Fn(&Survey) -> Outcome {
    move |s| {
        at_least(s, Variable::DoorWidthCm, limit, |x, l| {
            t(
                format!("Sisäänkäynnin oviaukko on kapeampi kuin {} cm ({} cm).", n(l), n(x)),
                format!("Ingångens dörröppning är smalare än {} cm ({} cm).", n(l), n(x)),
                format!("The entrance door is narrower than {} cm ({} cm).", n_en(l), n_en(x)),
            )
        })
    }
}

fn threshold(s: &Survey) -> Outcome {
    at_most(s, Variable::ThresholdCm, 2.0, |x, l| {
        t(
            format!("Kynnys on korkeampi kuin {} cm ({} cm).", n(l), n(x)),
            format!("Tröskeln är högre än {} cm ({} cm).", n(l), n(x)),
            format!("A threshold is higher than {} cm ({} cm).", n_en(l), n_en(x)),
        )
    })
}

fn route_step_free(s: &Survey) -> Outcome {
    must(s, Variable::RouteStepFree, || {
        t(
            "Reitillä sisäänkäynnille on portaita.".into(),
            "Vägen till ingången har trappsteg.".into(),
            "The route to the entrance has steps.".into(),
        )
    })
}

fn route_even(s: &Survey) -> Outcome {
    must(s, Variable::RouteEvenSurface, || {
        t(
            "Reitin pinta on epätasainen (sora, mukulakivi tai kuoppia).".into(),
            "Vägens yta är ojämn (grus, kullersten eller gropar).".into(),
            "The route's surface is uneven (gravel, cobbles or holes).".into(),
        )
    })
}

fn steps_ramp(s: &Survey) -> Outcome {
    steps_need(s, Variable::EntranceRamp, |steps| {
        t(
            format!("Sisäänkäynnillä on {} porrasta eikä luiskaa.", n(steps)),
            format!("Ingången har {} trappsteg och ingen ramp.", n(steps)),
            format!("The entrance has {} step(s) and no ramp.", n_en(steps)),
        )
    })
}

fn steps_handrails(s: &Survey) -> Outcome {
    steps_need(s, Variable::EntranceHandrails, |steps| {
        t(
            format!("Sisäänkäynnin {} porrasta ovat ilman kaiteita.", n(steps)),
            format!("Ingångens {} trappsteg saknar ledstänger.", n(steps)),
            format!("The entrance's {} step(s) have no handrails.", n_en(steps)),
        )
    })
}

fn accessible_toilet(s: &Survey) -> Outcome {
    must(s, Variable::AccessibleToilet, || {
        t(
            "Esteetöntä wc:tä ei ole.".into(),
            "Det finns ingen tillgänglig toalett.".into(),
            "There is no accessible toilet.".into(),
        )
    })
}

fn parking(s: &Survey) -> Outcome {
    match s.yes_no(Variable::AccessibleParking) {
        Some(false) => Outcome::Fail(t(
            "Invapysäköintipaikkaa ei ole.".into(),
            "Det finns ingen parkeringsplats för rörelsehindrade.".into(),
            "There is no accessible parking place.".into(),
        )),
        None => Outcome::Missing(vec![Variable::AccessibleParking]),
        Some(true) => at_most(s, Variable::ParkingDistanceM, 50.0, |x, l| {
            t(
                format!("Invapysäköinti on yli {} metrin päässä sisäänkäynnistä ({} m).", n(l), n(x)),
                format!("Parkeringen för rörelsehindrade är över {} meter från ingången ({} m).", n(l), n(x)),
                format!("Accessible parking is more than {} metres from the entrance ({} m).", n_en(l), n_en(x)),
            )
        }),
    }
}

fn lit(s: &Survey) -> Outcome {
    must(s, Variable::RouteLit, || {
        t(
            "Reitti sisäänkäynnille on valaisematon.".into(),
            "Vägen till ingången är obelyst.".into(),
            "The route to the entrance is not lit.".into(),
        )
    })
}

fn guidance(s: &Survey) -> Outcome {
    must(s, Variable::RouteGuidance, || {
        t(
            "Sisäänkäynnille ei ole opaslaattoja eikä selvästi erottuvaa reunaa.".into(),
            "Det finns inga ledstråk eller tydligt kontrasterande kanter till ingången.".into(),
            "There are no tactile guide lines or clearly contrasting edges to the entrance.".into(),
        )
    })
}

fn contrast_entrance(s: &Survey) -> Outcome {
    must(s, Variable::EntranceContrast, || {
        t(
            "Sisäänkäynti ja ovi eivät erotu ympäristöstään.".into(),
            "Ingången och dörren kontrasterar inte mot omgivningen.".into(),
            "The entrance and door do not contrast with their surroundings.".into(),
        )
    })
}

fn signage(s: &Survey) -> Outcome {
    must(s, Variable::ContrastSignage, || {
        t(
            "Opasteet ja palvelupiste eivät ole kontrastisia.".into(),
            "Skyltar och servicedisken saknar kontrast.".into(),
            "Signs and the service desk lack contrast.".into(),
        )
    })
}

fn lift_voice(s: &Survey) -> Outcome {
    match s.yes_no(Variable::Lift) {
        Some(false) => Outcome::Pass,
        None => Outcome::Missing(vec![Variable::Lift]),
        Some(true) => must(s, Variable::LiftVoice, || {
            t(
                "Hissi ei kuuluta kerroksia.".into(),
                "Hissen meddelar inte våningarna.".into(),
                "The lift does not announce floors.".into(),
            )
        }),
    }
}

fn hearing_loop(s: &Survey) -> Outcome {
    must(s, Variable::HearingLoop, || {
        t(
            "Induktiosilmukkaa ei ole.".into(),
            "Det finns ingen hörslinga.".into(),
            "There is no induction (hearing) loop.".into(),
        )
    })
}

fn lift_door(limit: f64) -> impl Fn(&Survey) -> Outcome {
    move |s| match s.yes_no(Variable::Lift) {
        Some(false) => Outcome::Pass,
        None => Outcome::Missing(vec![Variable::Lift]),
        Some(true) => at_least(s, Variable::LiftDoorWidthCm, limit, |x, l| {
            t(
                format!("Hissin ovi on kapeampi kuin {} cm ({} cm).", n(l), n(x)),
                format!("Hissdörren är smalare än {} cm ({} cm).", n(l), n(x)),
                format!("The lift door is narrower than {} cm ({} cm).", n_en(l), n_en(x)),
            )
        }),
    }
}

/// The rules of a profile, each with the segment it is about.
fn rules(profile: Profile) -> Vec<(Segment, BoxedRule)> {
    use Segment::*;
    fn b(f: Rule) -> BoxedRule {
        Box::new(f)
    }
    match profile {
        Profile::Wheelchair => vec![
            (Parking, b(parking)),
            (Route, b(route_step_free)),
            (Route, b(route_even)),
            (Entrance, b(steps_ramp)),
            (Entrance, Box::new(|s: &Survey| ramp_slope(s, 8.0))),
            (Entrance, Box::new(door(85.0))),
            (Entrance, b(threshold)),
            (Interior, b(lift_if_needed)),
            (Interior, Box::new(lift_door(80.0))),
            (Interior, b(accessible_toilet)),
        ],
        Profile::ReducedMobility => vec![
            (Parking, b(parking)),
            (Route, b(route_even)),
            (Entrance, b(steps_handrails)),
            (Entrance, b(threshold)),
            (Interior, b(lift_if_needed)),
            (Interior, b(accessible_toilet)),
        ],
        Profile::Rollator => vec![
            (Route, b(route_step_free)),
            (Route, b(route_even)),
            (Entrance, b(steps_ramp)),
            (Entrance, Box::new(|s: &Survey| ramp_slope(s, 8.0))),
            (Entrance, Box::new(door(80.0))),
            (Entrance, b(threshold)),
            (Interior, b(lift_if_needed)),
        ],
        Profile::Stroller => vec![
            (Route, b(route_step_free)),
            (Entrance, b(steps_ramp)),
            (Entrance, Box::new(door(80.0))),
            (Interior, b(lift_if_needed)),
        ],
        Profile::VisuallyImpaired => vec![
            (Route, b(lit)),
            (Route, b(guidance)),
            (Entrance, b(contrast_entrance)),
            (Entrance, b(steps_handrails)),
            (Interior, b(signage)),
            (Interior, b(lift_voice)),
        ],
        Profile::HearingAid => vec![(Interior, b(hearing_loop))],
    }
}

/// What a unit's surveyed facts mean for a visitor with `profile`: the shortcomings per
/// segment in fi/sv/en, the rules that could not be decided for want of a fact, and a
/// [`Verdict`] that keeps "no information" apart from "no shortcomings". Pure: the one place
/// the rules are applied (unit pages, result lists and service navigation call it).
pub fn shortcomings(survey: &Survey, profile: Profile) -> Assessment {
    let mut out = Assessment { profile, shortcomings: Vec::new(), unknown: Vec::new(), decided: 0 };
    for (segment, rule) in rules(profile) {
        match rule(survey) {
            Outcome::Pass => out.decided += 1,
            Outcome::Fail(text) => {
                out.decided += 1;
                out.shortcomings.push(Shortcoming { segment, text });
            }
            Outcome::Missing(missing) => out.unknown.push(Unknown { segment, missing }),
        }
    }
    out
}

#[cfg(test)]
mod tests;
