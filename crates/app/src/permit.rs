//! Who may do what: the one place where roles and lawful bases are checked.
//!
//! Two layers. [`allows`] is the role table (ARCHITECTURE.md prints it, and a test
//! compares the two and walks every cell through the HTTP API). For client data a role
//! is not enough: [`decide`] also needs a lawful basis for this client, from what the
//! store knows about them ([`Relations`]): the navigator's queue, an open referral to the
//! professional's organisation, a valid consent, or declared emergency access.

use crate::auth::Principal;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use domain::client::{Basis, Record, Role};

/// What someone wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Create, update and retire catalog objects.
    WriteCatalog,
    /// Write or withdraw eligibility rule files.
    WriteRules,
    /// The planning pages (eligibility simulation, accessibility scenarios).
    ViewPlanning,
    /// Aggregates and pseudonymous client data.
    ReadAnalytics,
    /// Users and roles.
    ManageUsers,
    /// Search the access log.
    SearchAuditLog,
    /// Create a client record (a new client relationship). A resident's own record is made
    /// at their first sign-in, on that basis alone.
    CreateClient,
    /// Read a client's record: identity, facts, consents, referrals.
    ReadClient,
    /// Change a client's identity and contact details, record facts.
    WriteClient,
    /// Record or withdraw a client's consent.
    ManageConsent,
    /// Refer a client to another producer: make, send, cancel or void a referral (the
    /// requester's side), and see the referrals of one's clients.
    Refer,
    /// Handle a referral received: accept, reject, start, hold, fail, complete or cancel
    /// it (the receiving producer's side, "closing the loop"), and see one's inbox.
    CloseReferral,
    /// Declare emergency access to a client ("break the glass").
    BreakGlass,
    /// A resident reads who has accessed their data.
    ReadOwnAccessLog,
    /// Fill in a needs assessment with (or, a resident, for) the client.
    Assess,
    /// Make a client's service plan: record the chosen services and producers.
    PlanServices,
    /// Record places, appointment supply, waiting lists and voucher terms (a producer for
    /// its own units, a catalog editor for any).
    WriteCapacity,
    /// Webhook and e-mail subscriptions for referral events, and the dead letters.
    ManageNotifications,
    /// Import monitoring events, generate the demo's, and set alert thresholds.
    ManageMonitoring,
    /// Read residents' feedback on units and mark it handled (a professional for their
    /// organisation's units, a catalog editor for every producer's).
    ReadFeedback,
}

impl Action {
    pub const ALL: [Action; 20] = [
        Action::WriteCatalog,
        Action::WriteRules,
        Action::ViewPlanning,
        Action::ReadAnalytics,
        Action::ManageUsers,
        Action::SearchAuditLog,
        Action::CreateClient,
        Action::ReadClient,
        Action::WriteClient,
        Action::ManageConsent,
        Action::Refer,
        Action::CloseReferral,
        Action::BreakGlass,
        Action::ReadOwnAccessLog,
        Action::Assess,
        Action::PlanServices,
        Action::WriteCapacity,
        Action::ManageNotifications,
        Action::ManageMonitoring,
        Action::ReadFeedback,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::WriteCatalog => "write_catalog",
            Action::WriteRules => "write_rules",
            Action::ViewPlanning => "view_planning",
            Action::ReadAnalytics => "read_analytics",
            Action::ManageUsers => "manage_users",
            Action::SearchAuditLog => "search_audit_log",
            Action::CreateClient => "create_client",
            Action::ReadClient => "read_client",
            Action::WriteClient => "write_client",
            Action::ManageConsent => "manage_consent",
            Action::Refer => "refer",
            Action::CloseReferral => "close_referral",
            Action::BreakGlass => "break_glass",
            Action::ReadOwnAccessLog => "read_own_access_log",
            Action::Assess => "assess",
            Action::PlanServices => "plan_services",
            Action::WriteCapacity => "write_capacity",
            Action::ManageNotifications => "manage_notifications",
            Action::ManageMonitoring => "manage_monitoring",
            Action::ReadFeedback => "read_feedback",
        }
    }

    /// Whether the action is on one client's data (and so needs a lawful basis too).
    pub fn is_client_data(self) -> bool {
        matches!(
            self,
            Action::CreateClient
                | Action::ReadClient
                | Action::WriteClient
                | Action::ManageConsent
                | Action::Refer
                | Action::CloseReferral
                | Action::BreakGlass
                | Action::ReadOwnAccessLog
                | Action::Assess
                | Action::PlanServices
        )
    }
}

/// The role table: whether a role may ever do an action. Client data needs a lawful
/// basis besides ([`decide`]).
pub fn allows(role: Role, action: Action) -> bool {
    use Action::*;
    match role {
        Role::Resident => matches!(action, ReadClient | ManageConsent | ReadOwnAccessLog | Assess),
        Role::Navigator => {
            matches!(
                action,
                CreateClient
                    | ReadClient
                    | WriteClient
                    | ManageConsent
                    | Refer
                    | CloseReferral
                    | BreakGlass
                    | Assess
                    | PlanServices
            )
        }
        Role::Professional => {
            matches!(
                action,
                ReadClient
                    | WriteClient
                    | Refer
                    | CloseReferral
                    | BreakGlass
                    | Assess
                    | PlanServices
                    | WriteCapacity
                    | ReadFeedback
            )
        }
        Role::Planner => matches!(action, ViewPlanning | WriteRules | ReadAnalytics | ManageMonitoring),
        Role::CatalogEditor => matches!(action, WriteCatalog | WriteCapacity | ReadFeedback),
        Role::Administrator => matches!(action, ManageUsers | ManageNotifications | ManageMonitoring),
        Role::Auditor => matches!(action, SearchAuditLog),
    }
}

/// Whether any of the person's roles allows the action.
pub fn allowed(principal: &Principal, action: Action) -> bool {
    principal.roles.iter().any(|role| allows(*role, action))
}

/// The role check: `Unauthenticated` without a session, `Forbidden` naming the roles that
/// may, when none of the person's roles allows it.
pub fn require(principal: Option<&Principal>, action: Action) -> Result<(), AppError> {
    let principal = principal.ok_or(AppError::Unauthenticated)?;
    if allowed(principal, action) {
        return Ok(());
    }
    let may: Vec<&str> = Role::ALL.into_iter().filter(|r| allows(*r, action)).map(Role::as_str).collect();
    Err(AppError::Forbidden {
        reason: format!(
            "{} needs the role {}; you have {}",
            action.as_str(),
            may.join(" or "),
            if principal.roles.is_empty() { "none".to_owned() } else { principal.roles_label() }
        ),
    })
}

/// A consent as the decision needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentView {
    pub organization: String,
    pub scopes: Vec<domain::client::Scope>,
    pub given_at: DateTime<Utc>,
    pub valid_until: chrono::NaiveDate,
    pub withdrawn_at: Option<DateTime<Utc>>,
}

impl ConsentView {
    pub fn in_force(&self, at: DateTime<Utc>) -> bool {
        self.given_at <= at && at.date_naive() <= self.valid_until && self.withdrawn_at.is_none_or(|w| w > at)
    }
}

/// What the store knows about a client that a decision needs, read in the transaction
/// of the access.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Relations {
    /// The navigator whose queue the client is in.
    pub navigator: Option<String>,
    /// Organisations with an open referral of this client.
    pub referred_to: Vec<String>,
    pub consents: Vec<ConsentView>,
    /// Until when the acting user has declared emergency access to this client.
    pub emergency_until: Option<DateTime<Utc>>,
}

/// Why an access was refused, for the person (403) and the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denied(pub String);

/// The lawful basis for `principal` to do `action` on `record` of client `client`, or why not.
pub fn decide(
    principal: &Principal,
    action: Action,
    record: Record,
    client: &str,
    relations: &Relations,
    at: DateTime<Utc>,
) -> Result<Basis, Denied> {
    // A resident's own record is made at their first sign-in with strong identification.
    if action == Action::CreateClient && principal.has(Role::Resident) && principal.client.as_deref() == Some(client) {
        return Ok(Basis::Own);
    }
    if let Err(AppError::Forbidden { reason }) = require(Some(principal), action) {
        return Err(Denied(reason));
    }
    // A resident: their own data, and nobody else's.
    if principal.has(Role::Resident)
        && principal.client.as_deref() == Some(client)
        && matches!(action, Action::ReadClient | Action::ManageConsent | Action::ReadOwnAccessLog | Action::Assess)
    {
        return Ok(Basis::Own);
    }
    let staff_may = |role: Role| principal.has(role) && allows(role, action);
    if action == Action::BreakGlass && (staff_may(Role::Navigator) || staff_may(Role::Professional)) {
        return Ok(Basis::Emergency);
    }
    if action == Action::CreateClient && staff_may(Role::Navigator) {
        return Ok(Basis::ClientRelationship);
    }
    if staff_may(Role::Navigator) && relations.navigator.as_deref() == Some(principal.username.as_str()) {
        return Ok(Basis::ClientRelationship);
    }
    let organization = principal.organization.as_ref().map(|o| o.as_str());
    if staff_may(Role::Professional)
        && let Some(org) = organization
        && relations.referred_to.iter().any(|r| r == org)
    {
        return Ok(Basis::Referral);
    }
    if action == Action::ReadClient
        && (staff_may(Role::Navigator) || staff_may(Role::Professional))
        && let (Some(org), Some(scope)) = (organization, record.scope())
        && relations.consents.iter().any(|c| c.organization == org && c.scopes.contains(&scope) && c.in_force(at))
    {
        return Ok(Basis::Consent);
    }
    if (staff_may(Role::Navigator) || staff_may(Role::Professional))
        && relations.emergency_until.is_some_and(|until| until > at)
        && action != Action::ManageConsent
    {
        return Ok(Basis::Emergency);
    }
    Err(Denied(if principal.has(Role::Resident) && !principal.is_staff() {
        "a resident sees only their own data".to_owned()
    } else {
        format!(
            "no lawful basis for {} of this client: not in your queue, no open referral to your organisation, \
             no consent in force for {}, and no emergency access declared",
            action.as_str(),
            organization.unwrap_or("(no organisation)")
        )
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(roles: &[Role], org: Option<&str>) -> Principal {
        Principal {
            username: "anna".into(),
            display_name: None,
            roles: roles.to_vec(),
            organization: org.map(|o| domain::Id::parse(o).unwrap()),
            client: None,
        }
    }

    fn at() -> DateTime<Utc> {
        "2026-12-04T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn every_action_is_allowed_to_some_role_and_client_data_never_to_planners_or_admins() {
        for action in Action::ALL {
            assert!(Role::ALL.into_iter().any(|r| allows(r, action)), "{action:?}");
            if action.is_client_data() {
                for role in [Role::Planner, Role::Administrator, Role::Auditor, Role::CatalogEditor] {
                    assert!(!allows(role, action), "{role:?} {action:?}");
                }
            }
        }
    }

    #[test]
    fn navigators_need_the_client_in_their_queue_or_another_basis() {
        let nav = person(&[Role::Navigator], Some("org-a"));
        let none = Relations::default();
        assert!(decide(&nav, Action::ReadClient, Record::Identity, "c1", &none, at()).is_err());
        let queue = Relations { navigator: Some("anna".into()), ..Relations::default() };
        assert_eq!(
            decide(&nav, Action::ReadClient, Record::Identity, "c1", &queue, at()),
            Ok(Basis::ClientRelationship)
        );
        let other = Relations { navigator: Some("bert".into()), ..Relations::default() };
        assert!(decide(&nav, Action::WriteClient, Record::Facts, "c1", &other, at()).is_err());
        let glass = Relations { emergency_until: Some(at() + chrono::Duration::minutes(5)), ..Relations::default() };
        assert_eq!(decide(&nav, Action::ReadClient, Record::Facts, "c1", &glass, at()), Ok(Basis::Emergency));
        let expired = Relations { emergency_until: Some(at()), ..Relations::default() };
        assert!(decide(&nav, Action::ReadClient, Record::Facts, "c1", &expired, at()).is_err());
    }

    #[test]
    fn professionals_need_an_open_referral_to_their_organisation_or_consent_in_scope() {
        let pro = person(&[Role::Professional], Some("org-b"));
        let referred = Relations { referred_to: vec!["org-b".into()], ..Relations::default() };
        assert_eq!(decide(&pro, Action::ReadClient, Record::Facts, "c1", &referred, at()), Ok(Basis::Referral));
        let elsewhere = Relations { referred_to: vec!["org-c".into()], ..Relations::default() };
        assert!(decide(&pro, Action::ReadClient, Record::Facts, "c1", &elsewhere, at()).is_err());
        let consent = ConsentView {
            organization: "org-b".into(),
            scopes: vec![domain::client::Scope::Identity],
            given_at: at() - chrono::Duration::days(1),
            valid_until: at().date_naive(),
            withdrawn_at: None,
        };
        let consented = Relations { consents: vec![consent.clone()], ..Relations::default() };
        assert_eq!(decide(&pro, Action::ReadClient, Record::Identity, "c1", &consented, at()), Ok(Basis::Consent));
        assert!(decide(&pro, Action::ReadClient, Record::Facts, "c1", &consented, at()).is_err(), "out of scope");
        assert!(decide(&pro, Action::WriteClient, Record::Identity, "c1", &consented, at()).is_err(), "reads only");
        let withdrawn = Relations {
            consents: vec![ConsentView { withdrawn_at: Some(at() - chrono::Duration::hours(1)), ..consent }],
            ..Relations::default()
        };
        assert!(decide(&pro, Action::ReadClient, Record::Identity, "c1", &withdrawn, at()).is_err());
    }

    #[test]
    fn residents_see_only_their_own() {
        let mut resident = person(&[Role::Resident], None);
        resident.client = Some("c1".into());
        let none = Relations::default();
        assert_eq!(decide(&resident, Action::ReadClient, Record::Identity, "c1", &none, at()), Ok(Basis::Own));
        let refused = decide(&resident, Action::ReadClient, Record::Identity, "c2", &none, at()).unwrap_err();
        assert!(refused.0.contains("own data"), "{refused:?}");
        assert!(decide(&resident, Action::WriteClient, Record::Identity, "c1", &none, at()).is_err());
    }

    #[test]
    fn role_refusals_name_the_roles_that_may() {
        let planner = person(&[Role::Planner], None);
        let Err(AppError::Forbidden { reason }) = require(Some(&planner), Action::WriteCatalog) else { panic!() };
        assert!(reason.contains("catalog_editor") && reason.contains("planner"), "{reason}");
        assert!(matches!(require(None, Action::ViewPlanning), Err(AppError::Unauthenticated)));
        let admin = person(&[Role::Administrator], None);
        assert!(decide(&admin, Action::ReadClient, Record::Identity, "c1", &Relations::default(), at()).is_err());
    }
}

#[cfg(test)]
mod architecture {
    use super::*;

    /// ARCHITECTURE.md prints the role table; it must be the one the code enforces.
    #[test]
    fn architecture_md_has_the_permission_table() {
        let doc = include_str!("../../../ARCHITECTURE.md");
        let block =
            doc.split("```permissions\n").nth(1).and_then(|b| b.split("```").next()).expect("a permissions block");
        let mut lines = block.lines();
        let header: Vec<&str> = lines.next().unwrap().split('|').map(str::trim).filter(|c| !c.is_empty()).collect();
        let roles: Vec<Role> =
            header[1..].iter().map(|r| Role::parse(r).unwrap_or_else(|| panic!("role {r}"))).collect();
        assert_eq!(roles, Role::ALL);
        let mut seen = Vec::new();
        for line in lines.skip(1) {
            let cells: Vec<&str> = line.split('|').map(str::trim).filter(|c| !c.is_empty()).collect();
            let action = Action::ALL
                .into_iter()
                .find(|a| cells[0] == format!("`{}`", a.as_str()))
                .unwrap_or_else(|| panic!("unknown action {}", cells[0]));
            for (role, cell) in roles.iter().zip(&cells[1..]) {
                assert_eq!(*cell == "✓", allows(*role, action), "{role:?} × {action:?} in ARCHITECTURE.md");
            }
            seen.push(action);
        }
        assert_eq!(seen, Action::ALL, "every action, in order");
    }
}
