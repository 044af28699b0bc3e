//! Service navigation for one client, in one sitting: needs assessments saved as they are
//! filled in (and resumed), the client segment and urgency from them, every service's
//! eligibility from the rules engine over the client's facts (a "cannot tell" names the
//! missing fact and the question that would settle it), and for each eligible service the
//! units and producers ranked by a score the client can re-weight, from travel time,
//! waiting time, language, accessibility and own share. The choice, with the alternatives
//! offered, becomes a service plan draft with a stable id.
//!
//! Every read and write of the client's data goes through [`Polku::client_access`] and the
//! access log: a navigation reads the identity (home, language) and the assessments with
//! the facts, two logged accesses.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use access::Mode;
use chrono::{DateTime, NaiveDate, Utc};
use domain::client::{ClientLang, Record, Role};
use domain::text::Lang;
use navigation::questionnaire::{Answers, Evaluation, Questionnaire};
use navigation::rank::{self, Accessibility, Candidate, Ranked, Travel, Weights};
use navigation::segment::SegmentOutcome;
use navigation::urgency::UrgencyTable;
use navigation::waiting::{self, Estimate};
use navigation::{NavigationError, T3};
use rules::facts::Fact;
use rules::{Person, Status};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::auth::{Principal, RequestMeta};
use crate::capacity::CapacityView;
use crate::catalog::Polku;
use crate::clients::{Answer, FactRecord, Op, new_id};
use crate::eligibility::DecisionOut;
use crate::error::AppError;

const URGENCY: &str = include_str!("../../../data/navigation/urgency.toml");
const COUNTY: &str = include_str!("../../../data/navigation/county.toml");
const QUESTIONNAIRES: [(&str, &str); 3] = [
    ("general-adult.toml", include_str!("../../../data/navigation/questionnaires/general-adult.toml")),
    ("families.toml", include_str!("../../../data/navigation/questionnaires/families.toml")),
    ("older-people.toml", include_str!("../../../data/navigation/questionnaires/older-people.toml")),
];

/// The county's navigation settings (`data/navigation/county.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountySettings {
    pub reach_minutes: f32,
    pub at_home: Vec<String>,
    pub remote: Vec<String>,
    pub places: Vec<PlaceKinds>,
    pub waiting_limit: WaitingLimit,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceKinds {
    pub service: String,
    pub kinds: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaitingLimit {
    pub months: u32,
    pub valid_from: NaiveDate,
    pub basis: String,
    pub name: T3,
}

/// The shipped questionnaires, urgency classes and county settings, read and checked once.
pub struct Library {
    pub questionnaires: Vec<Questionnaire>,
    pub urgency: UrgencyTable,
    pub county: CountySettings,
}

impl Library {
    /// Reads and checks data files; every problem of every file.
    pub fn build(
        urgency: &str,
        county: &str,
        questionnaires: &[(&str, &str)],
    ) -> Result<Library, Vec<NavigationError>> {
        let urgency = UrgencyTable::parse("urgency.toml", urgency).map_err(|e| vec![e])?;
        let county: CountySettings = toml::from_str(county).map_err(|e| {
            vec![NavigationError::Check { file: "county.toml".into(), path: String::new(), message: e.to_string() }]
        })?;
        let mut problems = Vec::new();
        let mut out = Vec::new();
        for (file, source) in questionnaires {
            match Questionnaire::parse(file, source) {
                Ok(q) => {
                    problems.extend(q.check(file, &urgency));
                    out.push(q);
                }
                Err(e) => problems.push(e),
            }
        }
        if problems.is_empty() { Ok(Library { questionnaires: out, urgency, county }) } else { Err(problems) }
    }

    /// The questionnaire in force on `day` (the newest version), or the given version.
    pub fn questionnaire(&self, id: &str, version: Option<u32>, day: NaiveDate) -> Option<&Questionnaire> {
        self.questionnaires
            .iter()
            .filter(|q| q.id == id && version.is_none_or(|v| q.version == v) && (version.is_some() || q.valid_on(day)))
            .max_by_key(|q| q.version)
    }

    fn at_home(&self, service: &str) -> bool {
        self.county.at_home.iter().any(|s| s == service)
    }

    fn remote(&self, service: &str) -> bool {
        self.county.remote.iter().any(|s| s == service)
    }

    pub fn place_kinds(&self, service: &str) -> &[String] {
        self.county.places.iter().find(|p| p.service == service).map_or(&[], |p| &p.kinds)
    }
}

/// The shipped library (the tests check it reads clean).
pub fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        Library::build(URGENCY, COUNTY, &QUESTIONNAIRES)
            .unwrap_or_else(|e| panic!("the shipped navigation data: {e:?}"))
    })
}

/// A stored assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssessmentRecord {
    pub id: String,
    pub questionnaire: String,
    pub version: u32,
    pub answers: Json,
    pub complete: bool,
    pub urgency: Option<String>,
    pub segment: Option<String>,
    pub revision: i64,
    pub started_by: String,
    pub started_at: DateTime<Utc>,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

impl AssessmentRecord {
    pub fn answers(&self) -> Answers {
        self.answers.as_object().map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default()
    }
}

/// What saving an assessment writes (one access, one log row): the answers, and when
/// complete its urgency, segment and the facts it yields (each with the assessment as its
/// source).
#[derive(Debug, Clone, PartialEq)]
pub struct AssessmentWrite {
    pub id: String,
    pub questionnaire: String,
    pub version: u32,
    pub answers: Json,
    pub complete: bool,
    /// The revision it was read at; `None` for a new assessment.
    pub revision: Option<i64>,
    pub urgency: Option<String>,
    pub segment: Option<String>,
    pub facts: Vec<(Fact, Json)>,
    pub source: String,
}

/// A request to save answers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveAssessment {
    /// An existing assessment to continue; none starts a new one.
    #[serde(default)]
    pub id: Option<String>,
    pub questionnaire: String,
    #[serde(default)]
    pub answers: serde_json::Map<String, Json>,
    /// Finish it: every asked question must be answered.
    #[serde(default)]
    pub complete: bool,
    /// The revision the answers were read at (required when continuing).
    #[serde(default)]
    pub revision: Option<i64>,
}

/// An assessment with what its answers mean.
#[derive(Debug, Clone, Serialize)]
pub struct AssessmentOut {
    pub assessment: AssessmentRecord,
    pub evaluation: Evaluation,
    pub segment: Option<SegmentOutcome>,
    pub due: Option<DateTime<Utc>>,
}

/// A stored service plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanRecord {
    pub id: String,
    pub body: PlanBody,
    pub revision: i64,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}

/// A service plan draft: the chosen services and producers with the alternatives offered
/// (freedom of choice made demonstrable), and the next steps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanBody {
    pub status: String,
    pub segment: Option<String>,
    pub urgency: Option<String>,
    pub items: Vec<PlanItem>,
    pub next_steps: Vec<NextStep>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanItem {
    pub service: String,
    /// The chosen unit (or producer delivering at home).
    pub chosen: String,
    pub organization: String,
    pub chosen_rank: usize,
    pub weights: Weights,
    /// Every candidate offered, in the order shown.
    pub offered: Vec<Offered>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Offered {
    pub id: String,
    pub organization: String,
    pub rank: usize,
    pub score: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NextStep {
    pub service: String,
    /// `referral` to the chosen producer (the service-paths work opens it from here).
    pub kind: String,
    pub to_organization: String,
    /// When the need is due, from the urgency class.
    pub due: Option<DateTime<Utc>>,
}

/// A plan write (one access, one log row).
#[derive(Debug, Clone, PartialEq)]
pub struct PlanWrite {
    pub id: String,
    pub body: PlanBody,
    pub revision: Option<i64>,
}

/// Where the client's home is, as far as known.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "from")]
pub enum Home {
    /// The centre of the postal area of the address's postal code.
    PostalCode {
        code: String,
        x: f64,
        y: f64,
    },
    /// The municipality's central locality (no postal code in the address).
    Municipality {
        code: String,
        x: f64,
        y: f64,
    },
    Unknown,
}

impl Home {
    fn point(&self) -> Option<(f64, f64)> {
        match self {
            Home::PostalCode { x, y, .. } | Home::Municipality { x, y, .. } => Some((*x, *y)),
            Home::Unknown => None,
        }
    }
}

/// How the client travels: a routing mode, or public transport (estimated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TravelMode {
    Car,
    Walk,
    Bike,
    PublicTransport,
}

impl TravelMode {
    pub fn parse(s: &str) -> Option<TravelMode> {
        Some(match s {
            "car" => TravelMode::Car,
            "walk" => TravelMode::Walk,
            "bike" => TravelMode::Bike,
            "public_transport" => TravelMode::PublicTransport,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TravelMode::Car => "car",
            TravelMode::Walk => "walk",
            TravelMode::Bike => "bike",
            TravelMode::PublicTransport => "public_transport",
        }
    }

    /// The network a mode travels on (public transport: estimated from car times).
    pub fn mode(self) -> Mode {
        match self {
            TravelMode::Walk => Mode::Walk,
            TravelMode::Bike => Mode::Bike,
            TravelMode::Car | TravelMode::PublicTransport => Mode::Car,
        }
    }
}

/// Public transport without timetables: the car estimate times this (waiting, stops, and
/// indirect routes in a rural county). Always labelled an estimate.
pub const PUBLIC_TRANSPORT_FACTOR: f64 = 2.0;

impl TravelMode {
    /// [`TravelMode::parse`], refused naming the field `mode`.
    pub fn parse_field(s: &str) -> Result<TravelMode, AppError> {
        TravelMode::parse(s).ok_or_else(|| {
            AppError::invalid("mode", format!("`{s}` is not a mode (walk, bike, car, public_transport)"))
        })
    }

    /// What the mode's network times are multiplied by (public transport: [`PUBLIC_TRANSPORT_FACTOR`]).
    pub fn factor(self) -> f64 {
        if self == TravelMode::PublicTransport { PUBLIC_TRANSPORT_FACTOR } else { 1.0 }
    }
}

/// Choices asked for (the client's re-weighting and overrides).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NavigateOptions {
    #[serde(default)]
    pub weights: Weights,
    /// Overrides the assessment's travel mode.
    #[serde(default)]
    pub mode: Option<TravelMode>,
}

/// One candidate with what it is.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    #[serde(flatten)]
    pub ranked: Ranked,
    /// The producer's kind: shown, never scored.
    pub kind: domain::OrgKind,
    /// The waiting estimate behind `waiting_days`, with its method.
    pub waiting: Estimate,
    /// Outside the client's reach (travel over the county's reach).
    pub out_of_reach: bool,
    /// The unit's municipality is not the client's (shown as "across the border").
    pub other_municipality: bool,
}

/// A missing fact and the questions that would settle it.
#[derive(Debug, Clone, Serialize)]
pub struct Missing {
    pub fact: String,
    pub label: String,
    /// (questionnaire, question id, question text in the client's language).
    pub settled_by: Vec<(String, String, String)>,
}

/// One service's navigation.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceNavigation {
    pub service: String,
    pub decision: DecisionOut,
    pub missing: Vec<Missing>,
    /// Ranked, best first (eligible services only).
    pub choices: Vec<Choice>,
    /// No candidate within reach: the nearest (even outside the area) and the digital
    /// channels are offered instead.
    pub none_within_reach: bool,
    /// Remote channels through which the service can be had.
    pub digital: Vec<String>,
    /// Suggested by the assessment (low-threshold, no criteria).
    pub suggested: Option<T3>,
    /// The public client fee the client would pay, from their own facts (services
    /// with a fee in the fee files, when offered). The same whichever producer.
    pub client_fee: Option<ClientFee>,
}

/// A client's own share under the Client Fees Act, worked out from their facts.
#[derive(Debug, Clone, Serialize)]
pub struct ClientFee {
    /// The most the client can be charged (a month, or per day or visit for fixed
    /// fees), line by line; none while a fact it needs is unknown.
    pub outcome: Option<rules::fees::FeeOutcome>,
    /// How a fixed fee is charged (`day`, `visit`, `month`); none for income-based fees.
    pub per: Option<rules::fees::Per>,
    /// The facts the fee needs that are not known (fact names).
    pub missing: Vec<String>,
    /// Service hours a month assumed from the client's RAI MAPLe (income-based fees:
    /// the service plan sets the real hours).
    pub hours_assumed: Option<f64>,
}

/// The client fee of `service` on `on` for `person`, if the service has one.
pub fn client_fee(service: &str, person: &Person, on: NaiveDate, lang: Lang) -> Option<ClientFee> {
    use rules::fees::{FeeInput, FeeKind};
    let fee = crate::fees::fee_book().in_force(service, on)?;
    let mut missing = Vec::new();
    let size = person
        .number(Fact::HouseholdSize)
        .map(|n| n as u32)
        .or_else(|| (person.get(Fact::LivesAlone) == Some(rules::person::Value::Flag(true))).then_some(1));
    let income = person.number(Fact::Income);
    let (mut hours, mut per) = (None, None);
    match &fee.kind {
        FeeKind::IncomeBased { .. } => {
            if size.is_none() {
                missing.push(Fact::HouseholdSize.name().to_owned());
            }
            if income.is_none() {
                missing.push(Fact::Income.name().to_owned());
            }
            hours = person
                .number(Fact::RaiMaple)
                .and_then(|m| rules::simulate::HOURS_BY_MAPLE.get((m as usize).checked_sub(1)?))
                .map(|h| *h as f64);
            if hours.is_none() {
                missing.push(Fact::RaiMaple.name().to_owned());
            }
        }
        FeeKind::Fixed { per: p, .. } => per = Some(*p),
    }
    let outcome = missing.is_empty().then(|| {
        let input = FeeInput {
            household_size: size.unwrap_or(1),
            income: income.unwrap_or(0.0) as f64,
            hours_per_month: hours.unwrap_or(0.0),
            // A fixed fee is shown per its unit.
            units_per_month: if per.is_some() { 1.0 } else { 0.0 },
        };
        fee.compute(&input, lang).ok()
    });
    Some(ClientFee { outcome: outcome.flatten(), per, missing, hours_assumed: hours })
}

/// A navigation: who, from where, what they may get and the ranked choices.
#[derive(Debug, Clone, Serialize)]
pub struct Navigation {
    pub client: String,
    pub language: Lang,
    pub home: Home,
    pub mode: TravelMode,
    /// Travel times are routed on a road network (else estimated from straight lines).
    pub routed: bool,
    pub weights: Weights,
    pub assessments: Vec<AssessmentOut>,
    /// From the newest completed assessment.
    pub segment: Option<SegmentOutcome>,
    pub urgency: Option<String>,
    pub due: Option<DateTime<Utc>>,
    pub accessibility_need: Option<String>,
    pub contradictions: Vec<navigation::questionnaire::Flagged>,
    pub services: Vec<ServiceNavigation>,
    pub facts: Vec<FactRecord>,
}

/// The client's language for explanations and ranking.
pub fn client_lang(lang: ClientLang) -> Lang {
    match lang {
        ClientLang::Sv => Lang::Sv,
        ClientLang::Fi | ClientLang::Other => Lang::Fi,
    }
}

/// The home from an address (a five-digit postal code of the demo county's postal areas)
/// or the municipality.
pub fn home_of(address: Option<&str>, municipality: Option<&str>) -> Home {
    let areas = crate::accessibility::demo_postal_areas();
    if let Some(address) = address {
        for word in address.split(|c: char| !c.is_ascii_digit()) {
            if word.len() == 5
                && let Some(a) = areas.iter().find(|a| a.postcode == word)
            {
                return Home::PostalCode { code: word.to_owned(), x: a.area.x, y: a.area.y };
            }
        }
    }
    if let Some(m) = municipality
        && let Some(l) = crate::accessibility::demo_localities().iter().find(|l| l.municipality == m)
    {
        return Home::Municipality { code: m.to_owned(), x: l.x, y: l.y };
    }
    Home::Unknown
}

/// The person the rules see: the recorded facts, the municipality and language from the
/// record, and the age from the identity code unless recorded.
pub fn person_of(facts: &[FactRecord], municipality: Option<&str>, lang: ClientLang, age: Option<u32>) -> Person {
    let mut p = Person::default();
    for f in facts {
        if let Some(fact) = Fact::from_name(&f.fact)
            && let Ok(v) = rules::person::parse_value(fact, &f.value)
        {
            p.set(fact, Some(v));
        }
    }
    if let Some(m) = municipality.and_then(|m| Fact::Municipality.choice_code(m)) {
        p.set(Fact::Municipality, Some(rules::person::Value::Choice(m)));
    }
    let tongue = match lang {
        ClientLang::Fi => "fi",
        ClientLang::Sv => "sv",
        ClientLang::Other => "other",
    };
    if p.get(Fact::MotherTongue).is_none()
        && let Some(c) = Fact::MotherTongue.choice_code(tongue)
    {
        p.set(Fact::MotherTongue, Some(rules::person::Value::Choice(c)));
    }
    if p.get(Fact::Age).is_none()
        && let Some(age) = age
    {
        p.set(Fact::Age, Some(rules::person::Value::Number(age as f32)));
    }
    let _ = p.settle();
    p
}

fn invalid(e: NavigationError) -> AppError {
    AppError::invalid(e.field(), e.to_string())
}

impl Polku {
    /// The questionnaires in force today.
    pub fn questionnaires(&self) -> Vec<&'static Questionnaire> {
        let today = self.clock.today();
        let lib = library();
        let mut ids: Vec<&str> = lib.questionnaires.iter().map(|q| q.id.as_str()).collect();
        ids.dedup();
        ids.into_iter().filter_map(|id| lib.questionnaire(id, None, today)).collect()
    }

    /// Saves answers (a new assessment, or more answers to one in progress), and on
    /// completion its urgency, segment and facts. Half-finished assessments are kept as
    /// they are and resumed by id; a stale revision is refused (409) and nothing is lost.
    pub async fn save_assessment(
        &self,
        principal: Option<&Principal>,
        meta: &RequestMeta,
        client: &str,
        save: SaveAssessment,
    ) -> Result<AssessmentOut, AppError> {
        crate::permit::require(principal, crate::permit::Action::Assess)?;
        let lib = library();
        let today = self.clock.today();
        let resident_only = principal.is_some_and(|p| p.has(Role::Resident) && !p.is_staff());
        // A continued assessment keeps its version.
        let existing = match &save.id {
            Some(id) => {
                let (list, _) = self.assessments(principal, meta, client).await?;
                Some(
                    list.into_iter()
                        .find(|a| &a.id == id)
                        .ok_or_else(|| AppError::NotFound { kind: "assessment", id: id.clone() })?,
                )
            }
            None => None,
        };
        let version = existing.as_ref().map(|a| a.version);
        let q = lib
            .questionnaire(&save.questionnaire, version, today)
            .ok_or_else(|| invalid(NavigationError::UnknownQuestionnaire(save.questionnaire.clone())))?;
        if resident_only && !q.self_service {
            return Err(AppError::Forbidden {
                reason: format!(
                    "a resident may fill in a self-service screen only; {} is filled in with a navigator",
                    q.id
                ),
            });
        }
        if let Some(a) = &existing {
            if a.questionnaire != q.id {
                return Err(AppError::invalid(
                    "questionnaire",
                    format!("the assessment {} is of {}", a.id, a.questionnaire),
                ));
            }
            if a.complete {
                return Err(AppError::invalid("id", "a completed assessment is not changed; start a new one"));
            }
            if save.revision.is_none() {
                return Err(AppError::invalid(
                    "revision",
                    "continuing an assessment needs the revision it was read at",
                ));
            }
        }
        let mut answers: Answers = existing.as_ref().map(AssessmentRecord::answers).unwrap_or_default();
        for (k, v) in save.answers {
            if v.is_null() {
                answers.remove(&k);
            } else {
                answers.insert(k, v);
            }
        }
        q.check_answers(&answers).map_err(invalid)?;
        let evaluation = q.evaluate(&answers);
        if save.complete && !evaluation.complete() {
            return Err(AppError::Invalid(
                evaluation
                    .unanswered
                    .iter()
                    .map(|id| domain::Problem { field: format!("answers.{id}"), problem: "not answered yet".into() })
                    .collect(),
            ));
        }
        let segment = navigation::segment::segment(&q.segment, &evaluation.scores);
        let id = save.id.clone().unwrap_or_else(|| new_id("assessment"));
        let write = AssessmentWrite {
            id: id.clone(),
            questionnaire: q.id.clone(),
            version: q.version,
            answers: Json::Object(answers.into_iter().collect()),
            complete: save.complete,
            revision: save.revision,
            urgency: save.complete.then(|| evaluation.urgency.clone()),
            segment: save.complete.then(|| segment.segment.as_str().to_owned()),
            facts: if save.complete {
                evaluation.facts.iter().map(|f| (f.fact, f.value.clone())).collect()
            } else {
                vec![]
            },
            source: format!("assessment:{id} ({} v{})", q.id, q.version),
        };
        let record = match self.client_access(principal, meta, client, Op::SaveAssessment(Box::new(write))).await? {
            Answer::Assessment(a) => a,
            other => return Err(AppError::Internal(format!("unexpected answer {other:?}"))),
        };
        let due = record.completed_at.and_then(|at| lib.urgency.due(&evaluation.urgency, at));
        Ok(AssessmentOut { segment: record.complete.then_some(segment), assessment: record, evaluation, due })
    }

    /// The client's assessments (newest first) and facts: one logged access.
    pub async fn assessments(
        &self,
        principal: Option<&Principal>,
        meta: &RequestMeta,
        client: &str,
    ) -> Result<(Vec<AssessmentRecord>, Vec<FactRecord>), AppError> {
        match self.client_access(principal, meta, client, Op::Read(Record::Assessments)).await? {
            Answer::Assessments { assessments, facts } => Ok((assessments, facts)),
            other => Err(AppError::Internal(format!("unexpected answer {other:?}"))),
        }
    }

    /// The client's service plans (newest first): one logged access.
    pub async fn plans(
        &self,
        principal: Option<&Principal>,
        meta: &RequestMeta,
        client: &str,
    ) -> Result<Vec<PlanRecord>, AppError> {
        match self.client_access(principal, meta, client, Op::Read(Record::Plans)).await? {
            Answer::Plans(plans) => Ok(plans),
            other => Err(AppError::Internal(format!("unexpected answer {other:?}"))),
        }
    }

    /// The whole navigation of a client: two logged reads, then pure work.
    pub async fn navigate(
        &self,
        principal: Option<&Principal>,
        meta: &RequestMeta,
        client: &str,
        options: &NavigateOptions,
    ) -> Result<Navigation, AppError> {
        if let Some(w) = options.weights.out_of_range() {
            return Err(AppError::invalid(format!("weights.{w}"), "a weight is 0–10"));
        }
        let record = match self.client_access(principal, meta, client, Op::Read(Record::Identity)).await? {
            Answer::Client(c) => c,
            other => return Err(AppError::Internal(format!("unexpected answer {other:?}"))),
        };
        let (assessments, facts) = self.assessments(principal, meta, client).await?;
        let d = &record.details;
        let age = Some(d.hetu.age_on(self.clock.today()));
        let person = person_of(&facts, d.municipality.as_deref(), d.language, age);
        let lang = client_lang(d.language);
        let assessed = self.assess(&assessments, &person, lang)?;
        let units = self.offered_units(&assessed);
        let capacity = match &self.capacity {
            Some(store) if !units.is_empty() => store.view(&units, self.clock.today()).await?,
            _ => CapacityView::default(),
        };
        let input = NavigationInput {
            client: client.to_owned(),
            language: lang,
            home: home_of(d.contact.address.as_deref(), d.municipality.as_deref()),
            municipality: d.municipality.clone(),
            person,
            assessments,
            facts,
            capacity,
        };
        self.rank_with(assessed, input, options)
    }

    /// Every assessment evaluated (newest first) and every service's decision: computed once
    /// per navigation.
    fn assess(&self, assessments: &[AssessmentRecord], person: &Person, lang: Lang) -> Result<Assessed, AppError> {
        let lib = library();
        let today = self.clock.today();
        let evaluated = assessments
            .iter()
            .filter_map(|a| {
                let q = lib.questionnaire(&a.questionnaire, Some(a.version), today)?;
                let evaluation = q.evaluate(&a.answers());
                let segment = a.complete.then(|| navigation::segment::segment(&q.segment, &evaluation.scores));
                let due = a.completed_at.and_then(|at| lib.urgency.due(&evaluation.urgency, at));
                Some(AssessmentOut { assessment: a.clone(), evaluation, segment, due })
            })
            .collect();
        Ok(Assessed { evaluated, decisions: self.decide(person, None, None, lang)? })
    }

    /// The units of the services a navigation will rank (eligible, or suggested by an
    /// assessment): what the capacity read asks for.
    fn offered_units(&self, assessed: &Assessed) -> Vec<String> {
        let eligible = assessed.decisions.iter().filter(|d| d.status == Status::Eligible).map(|d| d.service.as_str());
        let suggested =
            assessed.evaluated.iter().flat_map(|a| a.evaluation.suggestions.iter().map(|(s, _)| s.as_str()));
        let snapshot = self.snapshot();
        let mut units: Vec<String> = eligible
            .chain(suggested)
            .filter_map(|s| snapshot.catalog.services.get(s))
            .flat_map(|s| snapshot.catalog.units_of(s).into_iter().map(|u| u.id.to_string()))
            .collect();
        units.sort();
        units.dedup();
        units
    }

    /// The pure half of [`Polku::navigate`]: rules, travel, waiting, ranking (benchmarked
    /// apart from the database).
    pub fn navigate_with(&self, input: NavigationInput, options: &NavigateOptions) -> Result<Navigation, AppError> {
        let assessed = self.assess(&input.assessments, &input.person, input.language)?;
        self.rank_with(assessed, input, options)
    }

    fn rank_with(
        &self,
        assessed: Assessed,
        input: NavigationInput,
        options: &NavigateOptions,
    ) -> Result<Navigation, AppError> {
        let lib = library();
        let lang = input.language;
        let Assessed { evaluated, decisions } = assessed;
        let latest = evaluated.iter().find(|a| a.assessment.complete);
        // Travel mode and accessibility need: the newest assessment that asked.
        let answer = |question: &str| {
            evaluated.iter().find_map(|a| a.assessment.answers.get(question).and_then(Json::as_str).map(str::to_owned))
        };
        let mode = options
            .mode
            .or_else(|| answer("travel_mode").and_then(|m| TravelMode::parse(&m)))
            .unwrap_or(TravelMode::Car);
        let accessibility_need = answer("accessibility_need").filter(|n| n != "none");
        let snapshot = self.snapshot();
        let catalog = &snapshot.catalog;
        let network = if mode == TravelMode::PublicTransport { None } else { self.networks.network(mode.mode()) };
        let home = input.home.point();
        let mut suggested: BTreeMap<String, T3> = BTreeMap::new();
        for a in &evaluated {
            for (s, reason) in &a.evaluation.suggestions {
                suggested.entry(s.clone()).or_insert_with(|| reason.clone());
            }
        }
        let mut services = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        let decided = decisions.into_iter().map(|d| (d.service.clone(), Some(d)));
        let extra: Vec<(String, Option<DecisionOut>)> = suggested.keys().map(|s| (s.clone(), None)).collect();
        for (service_id, decision) in decided.chain(extra) {
            if !seen.insert(service_id.clone()) {
                continue;
            }
            let Some(service) = catalog.services.get(service_id.as_str()) else { continue };
            let decision = decision.unwrap_or(DecisionOut {
                service: service_id.clone(),
                rule: None,
                status: Status::NoRule,
                missing: vec![],
                explanation: None,
            });
            let missing = decision
                .missing
                .iter()
                .filter_map(|m| Fact::from_name(m))
                .map(|fact| Missing {
                    fact: fact.name().to_owned(),
                    label: fact.label(lang).to_owned(),
                    settled_by: lib
                        .questionnaires
                        .iter()
                        .flat_map(|q| {
                            q.settles(fact)
                                .into_iter()
                                .map(move |qq| (q.id.clone(), qq.id.clone(), qq.text.get(lang).to_owned()))
                        })
                        .collect(),
                })
                .collect();
            let offer = decision.status == Status::Eligible
                || (decision.status == Status::NoRule && suggested.contains_key(&service_id));
            let digital: Vec<String> = catalog
                .channels_of(service)
                .filter(|c| {
                    matches!(
                        c.kind,
                        domain::ChannelKind::Video
                            | domain::ChannelKind::Chat
                            | domain::ChannelKind::EService
                            | domain::ChannelKind::Phone
                    )
                })
                .map(|c| c.id.to_string())
                .collect();
            let choices = if offer {
                self.choices(
                    catalog,
                    service,
                    &input,
                    home,
                    network.as_deref(),
                    mode,
                    accessibility_need.as_deref(),
                    &options.weights,
                )
            } else {
                Vec::new()
            };
            let none_within_reach = offer && !choices.is_empty() && choices.iter().all(|c| c.out_of_reach);
            services.push(ServiceNavigation {
                service: service_id.clone(),
                decision,
                missing,
                choices,
                none_within_reach,
                digital,
                suggested: suggested.get(&service_id).cloned(),
                client_fee: if offer { client_fee(&service_id, &input.person, self.clock.today(), lang) } else { None },
            });
        }
        let latest_id = latest.map(|l| l.assessment.id.clone());
        let contradictions = evaluated
            .iter()
            .filter(|a| !a.assessment.complete || Some(&a.assessment.id) == latest_id.as_ref())
            .flat_map(|a| a.evaluation.contradictions.clone())
            .collect();
        Ok(Navigation {
            client: input.client,
            language: lang,
            home: input.home,
            mode,
            routed: network.is_some(),
            weights: options.weights,
            segment: latest.and_then(|l| l.segment.clone()),
            urgency: latest.map(|l| l.evaluation.urgency.clone()),
            due: latest.and_then(|l| l.due),
            accessibility_need,
            contradictions,
            assessments: evaluated,
            services,
            facts: input.facts,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn choices(
        &self,
        catalog: &domain::Catalog,
        service: &domain::Service,
        input: &NavigationInput,
        home: Option<(f64, f64)>,
        network: Option<&access::matrix::Network>,
        mode: TravelMode,
        accessibility_need: Option<&str>,
        weights: &Weights,
    ) -> Vec<Choice> {
        let lib = library();
        let today = self.clock.today();
        let sid = service.id.as_str();
        let lang = match input.language {
            Lang::Sv => "sv",
            _ => "fi",
        };
        let serves = |langs: &[String]| langs.iter().any(|l| l == lang);
        let share = |unit: &str| {
            input
                .capacity
                .vouchers
                .iter()
                .filter(|v| v.unit == unit && v.service == sid && v.as_of <= today)
                .max_by_key(|v| v.as_of)
                .map(|v| (v.price - v.voucher_value).max(0.0))
        };
        let reach = lib.county.reach_minutes;
        // The unit's surveyed accessibility for the client's profile (`domain::accessibility`):
        // "no shortcomings" only when every rule of the profile was decided.
        let access_of = |u: Option<&domain::Unit>| {
            use domain::accessibility::{Profile, Verdict, shortcomings};
            match (accessibility_need.and_then(Profile::parse), u) {
                (None, _) | (Some(_), None) => Accessibility::NotNeeded,
                (Some(profile), Some(u)) => {
                    let a = shortcomings(&u.accessibility_survey, profile);
                    match a.verdict() {
                        Verdict::NoShortcomings => Accessibility::Meets,
                        Verdict::Shortcomings => {
                            Accessibility::Shortcomings { count: a.shortcomings.len().min(9) as u8 }
                        }
                        Verdict::Incomplete | Verdict::NoInformation => Accessibility::NoInformation,
                    }
                }
            }
        };
        let mut out: Vec<(Candidate, domain::OrgKind, Estimate, bool)> = Vec::new();
        let units: Vec<&domain::Unit> = catalog
            .units_of(service)
            .into_iter()
            .filter(|u| u.valid_from <= today && u.valid_to.is_none_or(|t| t >= today))
            .collect();
        let at_home = lib.at_home(sid);
        let remote = lib.remote(sid);
        if units.is_empty() || at_home || remote {
            // Producers deliver at home or remotely: one candidate per producer.
            for p in &service.producers {
                let Some(org) = catalog.organizations.get(p.organization.as_str()) else { continue };
                // The producer's unit in the client's municipality, else its nearest.
                let unit = units
                    .iter()
                    .filter(|u| u.organization == org.id)
                    .min_by(|a, b| {
                        let here =
                            |u: &domain::Unit| input.municipality.as_deref() != Some(u.address.municipality.as_str());
                        let far = |u: &domain::Unit| {
                            home.map_or(0.0, |(x, y)| (u.location.e - x).powi(2) + (u.location.n - y).powi(2))
                        };
                        (here(a), far(a)).partial_cmp(&(here(b), far(b))).unwrap_or(std::cmp::Ordering::Equal)
                    })
                    .copied();
                let waiting = unit.map_or(Estimate::NoData, |u| self.estimate(&input.capacity, u, sid, today));
                let travel = if remote { Travel::Remote } else { Travel::AtHome };
                out.push((
                    Candidate {
                        id: unit.map_or_else(|| org.id.to_string(), |u| u.id.to_string()),
                        organization: org.id.to_string(),
                        travel,
                        waiting_days: waiting.days(),
                        serves_language: Some(serves(&service.languages)),
                        accessibility: Accessibility::NotNeeded,
                        own_share: unit.and_then(|u| share(u.id.as_str())),
                    },
                    org.kind,
                    waiting,
                    false,
                ));
            }
        } else {
            let points: Vec<(f64, f64)> = units.iter().map(|u| (u.location.e, u.location.n)).collect();
            let times: Vec<Option<(f32, bool)>> = match (home, network) {
                (None, _) => vec![None; units.len()],
                (Some(h), Some(net)) => net
                    .matrix(&[h], &points)
                    .remove(0)
                    .into_iter()
                    .map(|t| t.map(|t| (t as f32, false)).or(Some((f32::INFINITY, false))))
                    .collect(),
                (Some((hx, hy)), None) => points
                    .iter()
                    .map(|(x, y)| {
                        let m =
                            access::matrix::estimate_minutes(((x - hx).powi(2) + (y - hy).powi(2)).sqrt(), mode.mode());
                        let m = if mode == TravelMode::PublicTransport { m * PUBLIC_TRANSPORT_FACTOR } else { m };
                        Some((m as f32, true))
                    })
                    .collect(),
            };
            for (u, t) in units.iter().zip(times) {
                let Some(org) = catalog.organizations.get(u.organization.as_str()) else { continue };
                let travel = match t {
                    None => Travel::Unknown,
                    Some((m, _)) if !m.is_finite() => Travel::Unreachable,
                    Some((m, estimate)) => Travel::Minutes { minutes: (m * 10.0).round() / 10.0, estimate },
                };
                let out_of_reach = matches!(travel, Travel::Unreachable) || travel.minutes().is_some_and(|m| m > reach);
                let waiting = self.estimate(&input.capacity, u, sid, today);
                let languages: Vec<String> = unit_languages(catalog, u, service);
                out.push((
                    Candidate {
                        id: u.id.to_string(),
                        organization: org.id.to_string(),
                        travel,
                        waiting_days: waiting.days(),
                        serves_language: Some(serves(&languages)),
                        accessibility: access_of(Some(u)),
                        own_share: share(u.id.as_str()),
                    },
                    org.kind,
                    waiting,
                    out_of_reach,
                ));
            }
        }
        let extra: BTreeMap<String, (domain::OrgKind, Estimate, bool)> =
            out.iter().map(|(c, kind, w, far)| (c.id.clone(), (*kind, *w, *far))).collect();
        let candidates: Vec<Candidate> = out.into_iter().map(|(c, ..)| c).collect();
        rank::rank(candidates, weights, &input.client)
            .into_iter()
            .map(|ranked| {
                let (kind, waiting, out_of_reach) = extra[&ranked.candidate.id];
                let other_municipality = catalog
                    .units
                    .get(ranked.candidate.id.as_str())
                    .is_some_and(|u| input.municipality.as_deref().is_some_and(|m| u.address.municipality != m));
                Choice { ranked, kind, waiting, out_of_reach, other_municipality }
            })
            .collect()
    }

    fn estimate(&self, capacity: &CapacityView, unit: &domain::Unit, service: &str, today: NaiveDate) -> Estimate {
        let uid = unit.id.as_str();
        let kinds = library().place_kinds(service);
        let places = {
            let mut latest: BTreeMap<&str, &crate::capacity::PlacesRow> = BTreeMap::new();
            for p in capacity.places.iter().filter(|p| p.unit == uid && kinds.contains(&p.kind) && p.as_of <= today) {
                if latest.get(p.kind.as_str()).is_none_or(|q| q.as_of < p.as_of) {
                    latest.insert(&p.kind, p);
                }
            }
            (!latest.is_empty()).then(|| waiting::Places {
                places: latest.values().map(|p| p.places).sum(),
                occupied: latest.values().map(|p| p.occupied).sum(),
            })
        };
        let appointments = capacity
            .appointments
            .iter()
            .filter(|a| a.unit == uid && a.service == service && a.as_of <= today)
            .max_by_key(|a| a.as_of)
            .map(|a| waiting::Appointments { t3_days: a.t3_days, free_on: a.free_times.clone() });
        let queue: Vec<waiting::Waiting> = capacity
            .waiting
            .iter()
            .filter(|w| w.row.unit == uid && w.row.service == service)
            .map(|w| waiting::Waiting {
                priority: w.row.priority,
                decided_on: w.row.decided_on,
                entered_on: w.row.entered_on,
                left_on: w.row.left_on,
                placed: w.row.placed,
            })
            .collect();
        waiting::estimate(today, places, &queue, appointments.as_ref(), 2)
    }

    /// Makes (or revises) the client's service plan draft from their choices: for each
    /// service, the chosen candidate and every alternative offered, as ranked now with the
    /// client's weights; the next step is a referral to the chosen producer, due by the
    /// urgency class.
    pub async fn save_plan(
        &self,
        principal: Option<&Principal>,
        meta: &RequestMeta,
        client: &str,
        choice: PlanChoice,
    ) -> Result<PlanRecord, AppError> {
        crate::permit::require(principal, crate::permit::Action::PlanServices)?;
        if choice.choices.is_empty() {
            return Err(AppError::invalid("choices", "choose at least one service and producer"));
        }
        let nav = self
            .navigate(principal, meta, client, &NavigateOptions { weights: choice.weights, mode: choice.mode })
            .await?;
        let mut items = Vec::new();
        let mut next_steps = Vec::new();
        for (i, (service, chosen)) in choice.choices.iter().enumerate() {
            let Some(s) = nav.services.iter().find(|s| &s.service == service) else {
                return Err(AppError::invalid(format!("choices[{i}].service"), format!("no service `{service}`")));
            };
            let Some(c) = s.choices.iter().find(|c| &c.ranked.candidate.id == chosen) else {
                return Err(AppError::invalid(
                    format!("choices[{i}].chosen"),
                    format!(
                        "`{chosen}` is not one of the choices offered for {service} (the client is not eligible, or it does not offer it)"
                    ),
                ));
            };
            items.push(PlanItem {
                service: service.clone(),
                chosen: chosen.clone(),
                organization: c.ranked.candidate.organization.clone(),
                chosen_rank: c.ranked.rank,
                weights: nav.weights,
                offered: s
                    .choices
                    .iter()
                    .map(|o| Offered {
                        id: o.ranked.candidate.id.clone(),
                        organization: o.ranked.candidate.organization.clone(),
                        rank: o.ranked.rank,
                        score: o.ranked.score,
                    })
                    .collect(),
            });
            next_steps.push(NextStep {
                service: service.clone(),
                kind: "referral".into(),
                to_organization: c.ranked.candidate.organization.clone(),
                due: nav.due,
            });
        }
        let body = PlanBody {
            status: "draft".into(),
            segment: nav.segment.as_ref().map(|s| s.segment.as_str().to_owned()),
            urgency: nav.urgency.clone(),
            items,
            next_steps,
        };
        let write =
            PlanWrite { id: choice.plan.clone().unwrap_or_else(|| new_id("plan")), body, revision: choice.revision };
        if write.revision.is_none() && choice.plan.is_some() {
            return Err(AppError::invalid("revision", "revising a plan needs the revision it was read at"));
        }
        match self.client_access(principal, meta, client, Op::SavePlan(Box::new(write))).await? {
            Answer::Plan(p) => Ok(p),
            other => Err(AppError::Internal(format!("unexpected answer {other:?}"))),
        }
    }
}

/// A navigation's assessments evaluated and decisions made, before ranking.
struct Assessed {
    evaluated: Vec<AssessmentOut>,
    decisions: Vec<DecisionOut>,
}

/// What navigation needs of one client, read through the access log.
#[derive(Debug, Clone)]
pub struct NavigationInput {
    pub client: String,
    pub language: Lang,
    pub home: Home,
    pub municipality: Option<String>,
    pub person: Person,
    pub assessments: Vec<AssessmentRecord>,
    pub facts: Vec<FactRecord>,
    pub capacity: CapacityView,
}

/// The client's choices for a plan.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanChoice {
    /// An existing plan to revise.
    #[serde(default)]
    pub plan: Option<String>,
    #[serde(default)]
    pub revision: Option<i64>,
    /// (service, chosen unit or producer).
    pub choices: Vec<(String, String)>,
    #[serde(default)]
    pub weights: Weights,
    #[serde(default)]
    pub mode: Option<TravelMode>,
}

/// Languages a unit serves in for a service: the languages of the service's channels at the
/// unit where the catalog lists them, else the service's languages limited to the official languages of
/// the unit's municipality (Swedish only in the bilingual ones).
pub fn unit_languages(catalog: &domain::Catalog, unit: &domain::Unit, service: &domain::Service) -> Vec<String> {
    let listed: Vec<String> = catalog
        .channels_of(service)
        .filter(|c| c.unit.as_ref() == Some(&unit.id) && !c.languages.is_empty())
        .flat_map(|c| c.languages.iter().cloned())
        .collect();
    if !listed.is_empty() {
        return listed;
    }
    let bilingual =
        domain::reference::Reference::get().municipality(&unit.address.municipality).is_some_and(|m| m.bilingual());
    service.languages.iter().filter(|l| l.as_str() != "sv" || bilingual).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_library_reads_clean() {
        let lib = Library::build(URGENCY, COUNTY, &QUESTIONNAIRES).unwrap();
        assert_eq!(lib.questionnaires.len(), 3);
        let day = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        assert!(lib.questionnaire("older-people", None, day).is_some());
        assert!(lib.questionnaire("older-people", Some(9), day).is_none());
        assert!(lib.at_home("svc-home-care"));
        assert_eq!(lib.place_kinds("svc-short-term-care"), ["bed", "short_term_apartment"]);
    }

    #[test]
    fn home_from_the_postal_code_or_the_municipality() {
        let area = &crate::accessibility::demo_postal_areas()[0];
        let address = format!("Mannerheiminkatu 1, {} Porvoo", area.postcode);
        assert!(
            matches!(home_of(Some(&address), Some("638")), Home::PostalCode { ref code, .. } if *code == area.postcode)
        );
        assert!(matches!(home_of(Some("Kotikatu 1"), Some("434")), Home::Municipality { .. }));
        assert_eq!(home_of(None, None), Home::Unknown);
    }
}
