//! The words of client data: the personal identity code (henkilötunnus), a client's
//! record, the roles people act in, consents, and the lawful basis of an access.
//!
//! A [`Hetu`] never prints itself: its `Debug` is redacted and it has no `Display`, so
//! a personal identity code cannot end up in a log line by accident.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A valid Finnish personal identity code, `DDMMYYCZZZQ`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hetu(String);

/// Why a string is not a personal identity code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HetuError {
    #[error("a personal identity code has 11 characters (DDMMYYCZZZQ)")]
    Length,
    #[error("the century sign (7th character) must be + (1800s), - Y X W V U (1900s) or A B C D E F (2000s)")]
    Century,
    #[error("the date of birth (first 6 characters) is not a date")]
    Date,
    #[error("the individual number (characters 8 to 10) must be digits from 002 to 999")]
    Individual,
    #[error("the check character (last) does not match")]
    Checksum,
}

const CHECK: &[u8; 31] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";

impl Hetu {
    /// Parses and validates: length, century sign (the old `+ - A` and the 2023 signs
    /// `Y X W V U` and `B C D E F`), the date, the individual number and the check character.
    /// Lower-case letters are accepted and stored upper-case.
    pub fn parse(s: &str) -> Result<Hetu, HetuError> {
        let s = s.trim().to_ascii_uppercase();
        let b = s.as_bytes();
        if b.len() != 11 || !s.is_ascii() {
            return Err(HetuError::Length);
        }
        let century = match b[6] {
            b'+' => 1800,
            b'-' | b'Y' | b'X' | b'W' | b'V' | b'U' => 1900,
            b'A' | b'B' | b'C' | b'D' | b'E' | b'F' => 2000,
            _ => return Err(HetuError::Century),
        };
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            b[range].iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
        };
        let (Some(day), Some(month), Some(yy)) = (digits(0..2), digits(2..4), digits(4..6)) else {
            return Err(HetuError::Date);
        };
        NaiveDate::from_ymd_opt(century + yy as i32, month, day).ok_or(HetuError::Date)?;
        let individual = digits(7..10).filter(|n| *n >= 2).ok_or(HetuError::Individual)?;
        let number = (day * 10_000 + month * 100 + yy) * 1000 + individual;
        if CHECK[(number % 31) as usize] != b[10] {
            return Err(HetuError::Checksum);
        }
        Ok(Hetu(s))
    }

    /// The code itself, for storage and for showing to the person it belongs to.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn birth_date(&self) -> NaiveDate {
        let b = self.0.as_bytes();
        let n = |i: usize| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
        let century = match b[6] {
            b'+' => 1800,
            b'A'..=b'F' => 2000,
            _ => 1900,
        };
        NaiveDate::from_ymd_opt(century + n(4) as i32, n(2), n(0)).expect("validated on parse")
    }

    /// Odd individual numbers are given to men, even to women (as registered).
    pub fn registered_sex(&self) -> &'static str {
        if (self.0.as_bytes()[9] - b'0') % 2 == 1 { "male" } else { "female" }
    }

    /// Whole years of age on `day`.
    pub fn age_on(&self, day: NaiveDate) -> u32 {
        day.years_since(self.birth_date()).unwrap_or(0)
    }

    /// A valid code for a date and individual number (tests, demo data).
    pub fn from_parts(birth: NaiveDate, individual: u16) -> Hetu {
        use chrono::Datelike;
        let sign = match birth.year() {
            ..1900 => '+',
            1900..2000 => '-',
            _ => 'A',
        };
        let (d, m, y) = (birth.day(), birth.month(), birth.year().rem_euclid(100) as u32);
        let number = (d * 10_000 + m * 100 + y) * 1000 + u32::from(individual);
        let check = CHECK[(number % 31) as usize] as char;
        Hetu(format!("{d:02}{m:02}{y:02}{sign}{individual:03}{check}"))
    }
}

impl fmt::Debug for Hetu {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Hetu(***)")
    }
}

impl Serialize for Hetu {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Hetu {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Hetu, D::Error> {
        let s = String::deserialize(d)?;
        Hetu::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A role a person acts in. A user may hold several; each request acts in all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A resident, signed in with strong identification: their own data only.
    Resident,
    /// A service navigator: the clients in their queue, or with another lawful basis.
    Navigator,
    /// A professional of a producer: clients referred to their organisation, while the referral is open.
    Professional,
    /// A planner: aggregates and pseudonymous data, the planning pages, rule files.
    Planner,
    /// A catalog editor: services, units, channels, organisations.
    CatalogEditor,
    /// An administrator: users and roles, no client data.
    Administrator,
    /// An auditor: the access log.
    Auditor,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Resident,
        Role::Navigator,
        Role::Professional,
        Role::Planner,
        Role::CatalogEditor,
        Role::Administrator,
        Role::Auditor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Navigator => "navigator",
            Role::Professional => "professional",
            Role::Planner => "planner",
            Role::CatalogEditor => "catalog_editor",
            Role::Administrator => "administrator",
            Role::Auditor => "auditor",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// The lawful basis of one access to a client's data (Client Data Act 703/2023).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The person's own data (a resident).
    Own,
    /// A client relationship: the client is in the navigator's queue.
    ClientRelationship,
    /// An open referral to the professional's organisation.
    Referral,
    /// The client's consent to disclose to the accessor's organisation.
    Consent,
    /// Emergency access ("break the glass"), with a mandatory reason; alerts the auditor.
    Emergency,
    /// No basis: the access was refused.
    None,
}

impl Basis {
    pub const ALL: [Basis; 6] =
        [Basis::Own, Basis::ClientRelationship, Basis::Referral, Basis::Consent, Basis::Emergency, Basis::None];

    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Own => "own",
            Basis::ClientRelationship => "client_relationship",
            Basis::Referral => "referral",
            Basis::Consent => "consent",
            Basis::Emergency => "emergency",
            Basis::None => "none",
        }
    }

    pub fn parse(s: &str) -> Option<Basis> {
        Basis::ALL.into_iter().find(|b| b.as_str() == s)
    }
}

/// A client's language of service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientLang {
    Fi,
    Sv,
    Other,
}

/// Contact details; every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// What a client's record says about them (besides the facts, kept apart with their authors).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientDetails {
    pub hetu: Hetu,
    pub given_name: String,
    pub family_name: String,
    /// Municipality of residence, a Statistics Finland code ("434").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality: Option<String>,
    pub language: ClientLang,
    /// ISO 639-1 code when `language` is `other` ("ar", "ru").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_language: Option<String>,
    #[serde(default)]
    pub interpreter: bool,
    #[serde(default)]
    pub contact: Contact,
}

/// What a consent lets be disclosed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Name, identity code, municipality, languages, contact details.
    Identity,
    /// The recorded facts (needs assessment).
    Facts,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Identity => "identity",
            Scope::Facts => "facts",
        }
    }
}

/// The client record's parts, which an access names in the log ("what").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Record {
    Identity,
    Facts,
    Consents,
    Referrals,
    AccessLog,
    /// Needs assessments (with the facts they yield).
    Assessments,
    /// Service plans: chosen services and producers, with the alternatives offered.
    Plans,
}

impl Record {
    pub fn as_str(self) -> &'static str {
        match self {
            Record::Identity => "identity",
            Record::Facts => "facts",
            Record::Consents => "consents",
            Record::Referrals => "referrals",
            Record::AccessLog => "access_log",
            Record::Assessments => "assessments",
            Record::Plans => "plans",
        }
    }

    /// The consent scope that covers this part, if any does.
    pub fn scope(self) -> Option<Scope> {
        match self {
            Record::Identity => Some(Scope::Identity),
            Record::Facts | Record::Assessments => Some(Scope::Facts),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_format_codes_parse() {
        // Examples of the Digital and Population Data Services Agency.
        for code in ["131052-308T", "010594Y9032", "010594Y9021", "020594X903P", "020594X902N", "030594W903B"] {
            assert!(Hetu::parse(code).is_ok(), "{code}");
        }
        for code in ["030694W9024", "040594V9030", "040594V902Y", "050594U903M", "050594U902L", "010516B903X"] {
            assert!(Hetu::parse(code).is_ok(), "{code}");
        }
        for code in ["010516B902W", "020516C903K", "020516C902J", "030516D9037", "030516D9026", "010501E9032"] {
            assert!(Hetu::parse(code).is_ok(), "{code}");
        }
        for code in ["020502E902X", "020503F9037", "020504A902E", "020504B904H", "010100+900F"] {
            assert!(Hetu::parse(code).is_ok(), "{code}");
        }
    }

    #[test]
    fn each_fault_is_named() {
        assert_eq!(Hetu::parse("131052-308"), Err(HetuError::Length));
        assert_eq!(Hetu::parse("131052G308T"), Err(HetuError::Century));
        assert_eq!(Hetu::parse("310252-308T"), Err(HetuError::Date));
        assert_eq!(Hetu::parse("290201-308T"), Err(HetuError::Date));
        assert_eq!(Hetu::parse("131052-001T"), Err(HetuError::Individual));
        assert_eq!(Hetu::parse("131052-30XT"), Err(HetuError::Individual));
        assert_eq!(Hetu::parse("131052-308U"), Err(HetuError::Checksum));
        assert_eq!(Hetu::parse("131052–308T"), Err(HetuError::Length), "an en dash is not a sign");
    }

    #[test]
    fn century_signs_give_the_century() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let old = Hetu::parse("131052-308t").unwrap();
        assert_eq!(old.expose(), "131052-308T");
        assert_eq!(old.birth_date(), NaiveDate::from_ymd_opt(1952, 10, 13).unwrap());
        assert_eq!(old.age_on(day), 74);
        assert_eq!(Hetu::parse("010594Y9032").unwrap(), Hetu::parse("010594Y9032").unwrap());
        assert_eq!(Hetu::parse("010516B903X").unwrap().birth_date().to_string(), "2016-05-01");
        assert_eq!(Hetu::parse("010100+900F").unwrap().birth_date().to_string(), "1800-01-01");
        assert_eq!(Hetu::parse("131052-308T").unwrap().registered_sex(), "female");
    }

    #[test]
    fn codes_made_from_parts_are_valid_and_never_print() {
        for (y, m, d, n) in [(1890, 3, 1, 2), (1952, 10, 13, 308), (2024, 2, 29, 899)] {
            let code = Hetu::from_parts(NaiveDate::from_ymd_opt(y, m, d).unwrap(), n);
            let parsed = Hetu::parse(code.expose()).unwrap();
            assert_eq!(parsed.birth_date(), NaiveDate::from_ymd_opt(y, m, d).unwrap());
            assert_eq!(format!("{parsed:?}"), "Hetu(***)");
        }
    }

    #[test]
    fn roles_and_bases_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        for basis in Basis::ALL {
            assert_eq!(Basis::parse(basis.as_str()), Some(basis));
        }
    }
}
