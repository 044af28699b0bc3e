//! The words of service paths: a referral's states (HL7 FHIR R4 Task status, as the
//! Gravity SDOH closed-loop referral guide uses them), who may set which, the coded
//! reasons, the outcome a completion carries, and the state machine that refuses what
//! it does not allow.
//!
//! The requester (the referring navigator or professional) sets `draft`, `requested`
//! and `entered-in-error`; the receiving producer sets `accepted`, `rejected`,
//! `in-progress`, `on-hold`, `failed` and `completed`; either side sets `cancelled`.
//! `rejected`, `cancelled`, `on-hold` and `failed` need a reason; `completed` needs an
//! outcome. The end states (`rejected`, `failed`, `completed`, `cancelled`,
//! `entered-in-error`) are final: a completed referral is never reopened.

use crate::text::Lang;
use serde::{Deserialize, Serialize};

/// A referral's state: the FHIR Task status codes Gravity uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Draft,
    Requested,
    Accepted,
    Rejected,
    InProgress,
    OnHold,
    Failed,
    Completed,
    Cancelled,
    EnteredInError,
}

/// Which side of a referral a person acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The referring party (a navigator, or a professional who refers onward).
    Requester,
    /// The receiving producer's professional.
    Performer,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::Draft,
        Status::Requested,
        Status::Accepted,
        Status::Rejected,
        Status::InProgress,
        Status::OnHold,
        Status::Failed,
        Status::Completed,
        Status::Cancelled,
        Status::EnteredInError,
    ];

    /// The FHIR code (`in-progress`, `entered-in-error`, …).
    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Requested => "requested",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::InProgress => "in-progress",
            Status::OnHold => "on-hold",
            Status::Failed => "failed",
            Status::Completed => "completed",
            Status::Cancelled => "cancelled",
            Status::EnteredInError => "entered-in-error",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// No transition leaves an end state.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Status::Rejected | Status::Failed | Status::Completed | Status::Cancelled | Status::EnteredInError
        )
    }

    /// Sent and not yet ended: the receiving producer has the client on its books (the
    /// lawful basis `referral`), and its deadlines run.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Requested | Status::Accepted | Status::InProgress | Status::OnHold)
    }

    /// Whether a reason is required when entering this state.
    pub fn needs_reason(self) -> bool {
        matches!(self, Status::Rejected | Status::Cancelled | Status::OnHold | Status::Failed)
    }

    /// The side that may set this state (`None`: either side).
    pub fn set_by(self) -> Option<Side> {
        match self {
            Status::Draft | Status::Requested | Status::EnteredInError => Some(Side::Requester),
            Status::Cancelled => None,
            _ => Some(Side::Performer),
        }
    }

    /// How far along the path the referral is, for deadlines met "by" a state: a referral
    /// in progress has also been accepted, a completed one also contacted.
    pub fn progress(self) -> u8 {
        match self {
            Status::Draft | Status::EnteredInError => 0,
            Status::Requested | Status::Rejected | Status::Cancelled => 1,
            Status::Accepted | Status::OnHold => 2,
            Status::InProgress | Status::Failed => 3,
            Status::Completed => 4,
        }
    }

    /// The states reachable from this one, in the machine's order.
    pub fn next(self) -> &'static [Status] {
        use Status::*;
        match self {
            Draft => &[Requested, Cancelled, EnteredInError],
            Requested => &[Accepted, Rejected, Cancelled, EnteredInError],
            Accepted => &[InProgress, OnHold, Completed, Failed, Cancelled],
            InProgress => &[OnHold, Completed, Failed, Cancelled],
            OnHold => &[InProgress, Failed, Cancelled],
            Rejected | Failed | Completed | Cancelled | EnteredInError => &[],
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        let [fi, sv, en] = match self {
            Status::Draft => ["Luonnos", "Utkast", "Draft"],
            Status::Requested => ["Lähetetty", "Skickad", "Requested"],
            Status::Accepted => ["Vastaanotettu", "Mottagen", "Accepted"],
            Status::Rejected => ["Hylätty", "Avvisad", "Rejected"],
            Status::InProgress => ["Työn alla", "Pågår", "In progress"],
            Status::OnHold => ["Odottaa", "Väntar", "On hold"],
            Status::Failed => ["Epäonnistui", "Misslyckades", "Failed"],
            Status::Completed => ["Valmis", "Slutförd", "Completed"],
            Status::Cancelled => ["Peruttu", "Återkallad", "Cancelled"],
            Status::EnteredInError => ["Virheellisesti kirjattu", "Felaktigt registrerad", "Entered in error"],
        };
        pick(lang, fi, sv, en)
    }
}

fn pick(lang: Lang, fi: &'static str, sv: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Fi => fi,
        Lang::Sv => sv,
        Lang::En => en,
    }
}

/// Why a referral was rejected, cancelled, put on hold or failed (`statusReason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    NoCapacity,
    NotEligible,
    CouldNotContact,
    ClientDeclined,
    ReferredElsewhere,
    ServiceNotOffered,
    ClientMoved,
    WaitingForInformation,
    Duplicate,
    Other,
}

impl Reason {
    pub const ALL: [Reason; 10] = [
        Reason::NoCapacity,
        Reason::NotEligible,
        Reason::CouldNotContact,
        Reason::ClientDeclined,
        Reason::ReferredElsewhere,
        Reason::ServiceNotOffered,
        Reason::ClientMoved,
        Reason::WaitingForInformation,
        Reason::Duplicate,
        Reason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Reason::NoCapacity => "no-capacity",
            Reason::NotEligible => "not-eligible",
            Reason::CouldNotContact => "could-not-contact",
            Reason::ClientDeclined => "client-declined",
            Reason::ReferredElsewhere => "referred-elsewhere",
            Reason::ServiceNotOffered => "service-not-offered",
            Reason::ClientMoved => "client-moved",
            Reason::WaitingForInformation => "waiting-for-information",
            Reason::Duplicate => "duplicate",
            Reason::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        let [fi, sv, en] = match self {
            Reason::NoCapacity => ["Ei kapasiteettia", "Ingen kapacitet", "No capacity"],
            Reason::NotEligible => ["Ei täytä myöntämisperusteita", "Uppfyller inte kriterierna", "Not eligible"],
            Reason::CouldNotContact => {
                ["Asiakkaaseen ei saatu yhteyttä", "Klienten nåddes inte", "Could not contact the client"]
            }
            Reason::ClientDeclined => ["Asiakas kieltäytyi", "Klienten avböjde", "The client declined"],
            Reason::ReferredElsewhere => ["Ohjattu muualle", "Hänvisad till annan", "Referred elsewhere"],
            Reason::ServiceNotOffered => ["Palvelua ei tarjota", "Tjänsten erbjuds inte", "Service not offered"],
            Reason::ClientMoved => ["Asiakas muutti", "Klienten flyttade", "The client moved"],
            Reason::WaitingForInformation => ["Odotetaan tietoja", "Väntar på uppgifter", "Waiting for information"],
            Reason::Duplicate => ["Päällekkäinen lähete", "Dubblett", "Duplicate referral"],
            Reason::Other => ["Muu syy", "Annan orsak", "Other reason"],
        };
        pick(lang, fi, sv, en)
    }
}

/// What a completed referral achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutcomeKind {
    /// A continuing service started (home care, family work, housing).
    ServiceStarted,
    /// A one-off visit or assessment was done.
    VisitDone,
}

impl OutcomeKind {
    pub const ALL: [OutcomeKind; 2] = [OutcomeKind::ServiceStarted, OutcomeKind::VisitDone];

    pub fn code(self) -> &'static str {
        match self {
            OutcomeKind::ServiceStarted => "service-started",
            OutcomeKind::VisitDone => "visit-done",
        }
    }

    pub fn parse(code: &str) -> Option<OutcomeKind> {
        OutcomeKind::ALL.into_iter().find(|o| o.code() == code)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            OutcomeKind::ServiceStarted => pick(lang, "Palvelu alkoi", "Tjänsten inleddes", "Service started"),
            OutcomeKind::VisitDone => pick(lang, "Käynti toteutui", "Besöket genomfördes", "Visit done"),
        }
    }
}

/// The outcome of a completion, with the client's own feedback when they gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub kind: OutcomeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
}

/// One requested change of state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub to: Status,
    pub reason: Option<Reason>,
    pub note: Option<String>,
    pub outcome: Option<Outcome>,
}

impl Change {
    pub fn to(to: Status) -> Change {
        Change { to, reason: None, note: None, outcome: None }
    }
}

/// Longest free text on a change (a note, the client's feedback), in characters.
pub const MAX_TEXT: usize = 2000;

/// Why the state machine refuses a change; each names the field it is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("a {} referral is final: it cannot become {}", .from.code(), .to.code())]
    Final { from: Status, to: Status },
    #[error("a {} referral cannot become {} (it can become: {})", .from.code(), .to.code(), list(.from.next()))]
    NotAllowed { from: Status, to: Status },
    #[error("only the {} sets a referral {}", side_name(*.side), .to.code())]
    WrongSide { to: Status, side: Side },
    #[error("a reason (status_reason) is required to set a referral {}", .0.code())]
    ReasonRequired(Status),
    #[error("a reason is given only when a referral is rejected, cancelled, put on hold or failed")]
    ReasonNotExpected,
    #[error("completing a referral needs its outcome (service-started or visit-done)")]
    OutcomeRequired,
    #[error("an outcome is given only when a referral is completed")]
    OutcomeNotExpected,
    #[error("the {0} is longer than {MAX_TEXT} characters")]
    TooLong(&'static str),
}

impl TransitionError {
    /// The field of the request it is about.
    pub fn field(&self) -> &'static str {
        match self {
            TransitionError::Final { .. } | TransitionError::NotAllowed { .. } | TransitionError::WrongSide { .. } => {
                "status"
            }
            TransitionError::ReasonRequired(_) | TransitionError::ReasonNotExpected => "status_reason",
            TransitionError::OutcomeRequired | TransitionError::OutcomeNotExpected => "outcome",
            TransitionError::TooLong(field) => field,
        }
    }
}

fn list(states: &[Status]) -> String {
    if states.is_empty() {
        return "nothing".into();
    }
    states.iter().map(|s| s.code()).collect::<Vec<_>>().join(", ")
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Requester => "requester",
        Side::Performer => "receiving producer",
    }
}

/// Whether one acting on `sides` may change a referral in state `from` as `change` says.
/// The first refusal found is returned; nothing here knows who the people are.
pub fn check(from: Status, sides: &[Side], change: &Change) -> Result<(), TransitionError> {
    let to = change.to;
    if from.is_final() {
        return Err(TransitionError::Final { from, to });
    }
    if !from.next().contains(&to) {
        return Err(TransitionError::NotAllowed { from, to });
    }
    if let Some(side) = to.set_by()
        && !sides.contains(&side)
    {
        return Err(TransitionError::WrongSide { to, side });
    }
    if sides.is_empty() {
        return Err(TransitionError::WrongSide { to, side: Side::Requester });
    }
    match (to.needs_reason(), change.reason) {
        (true, None) => return Err(TransitionError::ReasonRequired(to)),
        (false, Some(_)) => return Err(TransitionError::ReasonNotExpected),
        _ => {}
    }
    match (to == Status::Completed, &change.outcome) {
        (true, None) => return Err(TransitionError::OutcomeRequired),
        (false, Some(_)) => return Err(TransitionError::OutcomeNotExpected),
        _ => {}
    }
    if change.note.as_ref().is_some_and(|n| n.chars().count() > MAX_TEXT) {
        return Err(TransitionError::TooLong("note"));
    }
    if change.outcome.as_ref().and_then(|o| o.feedback.as_ref()).is_some_and(|f| f.chars().count() > MAX_TEXT) {
        return Err(TransitionError::TooLong("feedback"));
    }
    Ok(())
}

/// The state a new referral may start in: a draft, or sent at once.
pub fn check_start(status: Status) -> Result<(), TransitionError> {
    match status {
        Status::Draft | Status::Requested => Ok(()),
        to => Err(TransitionError::NotAllowed { from: Status::Draft, to }),
    }
}

#[cfg(test)]
mod tests;
