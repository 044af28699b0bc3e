//! The words of monitoring: the events a county's patient and client systems (and Polku's
//! own service paths) record, as few as THL's indicators need, and what is derived from
//! them for counting: days, working days and months from the start of the clock.
//!
//! One event is one row of an export: an `id` that makes importing idempotent, a local
//! Finnish time `at`, a `kind`, the client's pseudonym, age, municipality (and postal
//! area, language), the service group, and where it applies the unit, producer,
//! professional (pseudonym), channel, urgency, the time the clock started (`started_at`:
//! the care-need assessment for a visit, the report or application for an assessment, the
//! decision for a service start, the entry for a waiting-list exit), a status, a value
//! (days to the third free appointment for `t3`) and a cost in euros.
//!
//! No identity codes and no names: monitoring is pseudonymous.

use crate::calendar;
use crate::validate::Problem;
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The client contacted the service (phone, chat, in person): the clock of the
    /// same-day contact starts here.
    Contact,
    /// A care-need or service-need assessment (`urgency` for health care; `status`
    /// `started` or `finished` for social care and child protection).
    Assessment,
    /// A decision on a service (`status` `granted` or `denied`; `started_at` the application).
    Decision,
    /// A referral changed state (`status` the FHIR Task state); produced by Polku's service paths.
    Referral,
    /// A visit or other service contact with a professional (`channel`, `professional`, `unit`).
    Visit,
    /// The client was put on a waiting list.
    WaitingEntry,
    /// The client left a waiting list (`started_at` the entry; `status` why).
    WaitingExit,
    /// A decided service started (`started_at` the decision).
    ServiceStart,
    /// A service ended.
    ServiceEnd,
    /// A unit's measurement of days to the third free non-urgent appointment (`value`).
    T3,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Contact,
        Kind::Assessment,
        Kind::Decision,
        Kind::Referral,
        Kind::Visit,
        Kind::WaitingEntry,
        Kind::WaitingExit,
        Kind::ServiceStart,
        Kind::ServiceEnd,
        Kind::T3,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Contact => "contact",
            Kind::Assessment => "assessment",
            Kind::Decision => "decision",
            Kind::Referral => "referral",
            Kind::Visit => "visit",
            Kind::WaitingEntry => "waiting_entry",
            Kind::WaitingExit => "waiting_exit",
            Kind::ServiceStart => "service_start",
            Kind::ServiceEnd => "service_end",
            Kind::T3 => "t3",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// The service group an event belongs to: the groups THL's indicators and the cost
/// figures are counted by. `preventive` groups are the preventive and low-threshold ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Primary health care, doctor.
    PrimaryDoctor,
    /// Primary health care, nurse.
    PrimaryNurse,
    /// Oral health care.
    Oral,
    /// Emergency (joint emergency service, on-call).
    Emergency,
    /// Specialised medical care (outpatient and inpatient).
    Specialised,
    /// Adult social work and social services.
    SocialWork,
    /// Child protection.
    ChildProtection,
    /// Disability services.
    Disability,
    /// Services for older people: assessment, home care.
    HomeCare,
    /// Round-the-clock service housing and long-term institutional care.
    #[serde(rename = "housing_24h")]
    Housing24h,
    /// Maternity and child health clinics (neuvola): preventive.
    ChildHealthClinic,
    /// School and student health care: preventive.
    SchoolHealth,
    /// Health counselling, check-ups, vaccinations, outreach for older people: preventive.
    HealthCounselling,
    /// Family centre, low-threshold mental health and substance-use services: low threshold.
    LowThreshold,
}

impl Group {
    pub const ALL: [Group; 14] = [
        Group::PrimaryDoctor,
        Group::PrimaryNurse,
        Group::Oral,
        Group::Emergency,
        Group::Specialised,
        Group::SocialWork,
        Group::ChildProtection,
        Group::Disability,
        Group::HomeCare,
        Group::Housing24h,
        Group::ChildHealthClinic,
        Group::SchoolHealth,
        Group::HealthCounselling,
        Group::LowThreshold,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Group::PrimaryDoctor => "primary_doctor",
            Group::PrimaryNurse => "primary_nurse",
            Group::Oral => "oral",
            Group::Emergency => "emergency",
            Group::Specialised => "specialised",
            Group::SocialWork => "social_work",
            Group::ChildProtection => "child_protection",
            Group::Disability => "disability",
            Group::HomeCare => "home_care",
            Group::Housing24h => "housing_24h",
            Group::ChildHealthClinic => "child_health_clinic",
            Group::SchoolHealth => "school_health",
            Group::HealthCounselling => "health_counselling",
            Group::LowThreshold => "low_threshold",
        }
    }

    pub fn parse(s: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.code() == s)
    }

    /// Preventive and low-threshold services, as the reform's shift counts them.
    /// The group of a catalog service, from its PTV service classes: the first of these
    /// rules that one of its classes meets, in this order (a service in both oral care and
    /// emergency care counts as oral care). Services the rules do not place count as
    /// adult social work (`P4…`, P6, P7, other) or primary care by a nurse (`P5…`).
    pub fn of_service_classes(classes: &[String]) -> Group {
        const RULES: &[(&[&str], Group)] = &[
            (&["P3.8"], Group::ChildProtection),
            (&["P5.10"], Group::Oral),
            (&["P5.5"], Group::Emergency),
            (&["P5.6"], Group::Specialised),
            (&["P5.9"], Group::SchoolHealth),
            (&["P5.2", "P3.2"], Group::ChildHealthClinic),
            (&["P4.4", "P4.5", "P4.7"], Group::Disability),
            (&["P4.1"], Group::Housing24h),
            (&["P5.3", "P5.17"], Group::HealthCounselling),
            (&["P4.2", "P4.3", "P5.14"], Group::HomeCare),
            (&["P5.1"], Group::PrimaryDoctor),
            (&["P5.7", "P3", "P28"], Group::LowThreshold),
        ];
        let has =
            |code: &str| classes.iter().any(|c| c == code || (c.starts_with(code) && c[code.len()..].starts_with('.')));
        RULES
            .iter()
            .find(|(codes, _)| codes.iter().any(|c| has(c)))
            .map(|(_, g)| *g)
            .unwrap_or_else(|| if has("P5") { Group::PrimaryNurse } else { Group::SocialWork })
    }

    pub fn preventive(self) -> bool {
        matches!(self, Group::ChildHealthClinic | Group::SchoolHealth | Group::HealthCounselling | Group::LowThreshold)
    }

    pub fn name(self, lang: crate::Lang) -> &'static str {
        use crate::Lang::*;
        match (self, lang) {
            (Group::PrimaryDoctor, Fi) => "Perusterveydenhuolto, lääkäri",
            (Group::PrimaryDoctor, Sv) => "Primärvård, läkare",
            (Group::PrimaryDoctor, En) => "Primary care, doctor",
            (Group::PrimaryNurse, Fi) => "Perusterveydenhuolto, hoitaja",
            (Group::PrimaryNurse, Sv) => "Primärvård, skötare",
            (Group::PrimaryNurse, En) => "Primary care, nurse",
            (Group::Oral, Fi) => "Suun terveydenhuolto",
            (Group::Oral, Sv) => "Munhälsovård",
            (Group::Oral, En) => "Oral health care",
            (Group::Emergency, Fi) => "Päivystys",
            (Group::Emergency, Sv) => "Jour",
            (Group::Emergency, En) => "Emergency care",
            (Group::Specialised, Fi) => "Erikoissairaanhoito",
            (Group::Specialised, Sv) => "Specialiserad sjukvård",
            (Group::Specialised, En) => "Specialised care",
            (Group::SocialWork, Fi) => "Aikuissosiaalityö ja sosiaalipalvelut",
            (Group::SocialWork, Sv) => "Socialt arbete för vuxna och socialservice",
            (Group::SocialWork, En) => "Adult social work and social services",
            (Group::ChildProtection, Fi) => "Lastensuojelu",
            (Group::ChildProtection, Sv) => "Barnskydd",
            (Group::ChildProtection, En) => "Child protection",
            (Group::Disability, Fi) => "Vammaispalvelut",
            (Group::Disability, Sv) => "Funktionshinderservice",
            (Group::Disability, En) => "Disability services",
            (Group::HomeCare, Fi) => "Kotihoito ja ikäihmisten palvelut",
            (Group::HomeCare, Sv) => "Hemvård och äldreomsorg",
            (Group::HomeCare, En) => "Home care and services for older people",
            (Group::Housing24h, Fi) => "Ympärivuorokautinen palveluasuminen",
            (Group::Housing24h, Sv) => "Serviceboende med heldygnsomsorg",
            (Group::Housing24h, En) => "Round-the-clock service housing",
            (Group::ChildHealthClinic, Fi) => "Äitiys- ja lastenneuvola",
            (Group::ChildHealthClinic, Sv) => "Mödra- och barnrådgivning",
            (Group::ChildHealthClinic, En) => "Maternity and child health clinics",
            (Group::SchoolHealth, Fi) => "Koulu- ja opiskeluterveydenhuolto",
            (Group::SchoolHealth, Sv) => "Skol- och studerandehälsovård",
            (Group::SchoolHealth, En) => "School and student health care",
            (Group::HealthCounselling, Fi) => "Terveysneuvonta ja ehkäisevät palvelut",
            (Group::HealthCounselling, Sv) => "Hälsorådgivning och förebyggande tjänster",
            (Group::HealthCounselling, En) => "Health counselling and preventive services",
            (Group::LowThreshold, Fi) => "Matalan kynnyksen palvelut",
            (Group::LowThreshold, Sv) => "Lågtröskeltjänster",
            (Group::LowThreshold, En) => "Low-threshold services",
        }
    }
}

/// How a visit or contact took place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    InPerson,
    Remote,
    Chat,
}

impl Channel {
    pub fn code(self) -> &'static str {
        match self {
            Channel::InPerson => "in_person",
            Channel::Remote => "remote",
            Channel::Chat => "chat",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        [Channel::InPerson, Channel::Remote, Channel::Chat].into_iter().find(|c| c.code() == s)
    }
}

/// The client's language as the register has it: Finnish, Swedish, or another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Fi,
    Sv,
    Other,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Fi => "fi",
            Language::Sv => "sv",
            Language::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Language> {
        [Language::Fi, Language::Sv, Language::Other].into_iter().find(|c| c.code() == s)
    }
}

/// One event as exported (CSV columns or JSON fields of the same names).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub id: String,
    /// Local Finnish time.
    pub at: NaiveDateTime,
    pub kind: Kind,
    /// The client's pseudonym; empty for a unit's `t3` measurement.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub client: String,
    /// Age in whole years on the day of the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u8>,
    /// The client's municipality of residence (three-digit code); for `t3` the unit's.
    pub municipality: String,
    /// The client's postal code area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    pub group: Group,
    /// The catalog's service id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// The catalog's unit id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The producing organization's id in the catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub producer: Option<String>,
    /// The professional's pseudonym.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub professional: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// `true` for urgent care (P0–P4), `false` for non-urgent (L2–L4), none where not assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgent: Option<bool>,
    /// When the clock of this event started (see the module's documentation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<NaiveDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Euros.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<f64>,
    /// Where the event came from: the exporting system, `polku`, or `synthetic`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

pub const MAX_ID: usize = 100;
const MAX_FIELD: usize = 100;

/// Statuses the kinds know; others are refused so that a typo never hides an event from
/// an indicator.
pub fn statuses(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Assessment => &["started", "finished"],
        Kind::Decision => &["granted", "denied"],
        Kind::Referral => &[
            "draft",
            "requested",
            "accepted",
            "rejected",
            "in-progress",
            "on-hold",
            "failed",
            "completed",
            "cancelled",
            "entered-in-error",
        ],
        Kind::WaitingExit => &["served", "withdrawn", "elsewhere"],
        _ => &[],
    }
}

impl Event {
    /// What is wrong with the event, each problem naming its field. Unknown catalog ids are
    /// not checked here: they are the caller's to report (and keep).
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut bad = |field: &str, problem: String| out.push(Problem { field: field.to_owned(), problem });
        if self.id.trim().is_empty() {
            bad("id", "an event needs an id (it makes importing the same event twice harmless)".into());
        } else if self.id.len() > MAX_ID || self.id.chars().any(char::is_control) {
            bad("id", format!("at most {MAX_ID} characters, no control characters"));
        }
        if !(2000..=2100).contains(&self.at.year()) {
            bad("at", format!("{} is outside the years 2000–2100", self.at));
        }
        if self.kind == Kind::T3 {
            match self.value {
                Some(v) if v.is_finite() && (0.0..=3650.0).contains(&v) => {}
                _ => bad("value", "a t3 measurement needs value: days to the third free appointment (0–3650)".into()),
            }
            if self.unit.is_none() {
                bad("unit", "a t3 measurement names its unit".into());
            }
        } else {
            if self.client.trim().is_empty() {
                bad("client", "a client event needs the client's pseudonym".into());
            }
            if self.age.is_none() {
                bad("age", "a client event needs the client's age in years".into());
            }
        }
        if self.age.is_some_and(|a| a > 120) {
            bad("age", "at most 120".into());
        }
        if !valid_municipality(&self.municipality) {
            bad("municipality", format!("{:?} is not a three-digit municipality code", self.municipality));
        }
        if let Some(area) = &self.area
            && !(area.len() == 5 && area.bytes().all(|b| b.is_ascii_digit()))
        {
            bad("area", format!("{area:?} is not a five-digit postal code"));
        }
        let known = statuses(self.kind);
        match (&self.status, known.is_empty()) {
            (Some(s), false) if !known.contains(&s.as_str()) => {
                bad("status", format!("{s:?} is not a status of {}: {}", self.kind.code(), known.join(", ")))
            }
            (Some(s), true) => bad("status", format!("{} events have no status (got {s:?})", self.kind.code())),
            (None, false) if matches!(self.kind, Kind::Referral | Kind::Decision | Kind::Assessment) => {
                bad("status", format!("{} events need a status: {}", self.kind.code(), known.join(", ")))
            }
            _ => {}
        }
        if let Some(start) = self.started_at
            && start > self.at
        {
            bad("started_at", format!("{start} is after the event itself ({})", self.at));
        }
        if let Some(start) = self.started_at
            && (self.at - start).num_days() > 3660
        {
            bad("started_at", "more than ten years before the event".into());
        }
        if self.cost.is_some_and(|c| !c.is_finite() || !(0.0..=10_000_000.0).contains(&c)) {
            bad("cost", "euros from 0 to 10,000,000".into());
        }
        if self.value.is_some_and(|v| !v.is_finite()) {
            bad("value", "a finite number".into());
        }
        for (field, value) in [
            ("client", Some(&self.client)),
            ("service", self.service.as_ref()),
            ("unit", self.unit.as_ref()),
            ("producer", self.producer.as_ref()),
            ("professional", self.professional.as_ref()),
            ("status", self.status.as_ref()),
            ("source", Some(&self.source)),
        ] {
            if value.is_some_and(|v| v.len() > MAX_FIELD || v.chars().any(char::is_control)) {
                bad(field, format!("at most {MAX_FIELD} characters, no control characters"));
            }
        }
        out
    }

    /// The counting columns derived from the event (see [`Derived`]).
    pub fn derived(&self) -> Derived {
        let day = self.at.date();
        let start = self.started_at.map(|s| s.date());
        Derived {
            day_no: day_no(day),
            minute_no: minute_no(self.at),
            week: iso_week(day),
            month: day.year() * 100 + day.month() as i32,
            year: day.year(),
            days: start.map(|s| (day - s).num_days() as i32),
            working_days: start.map(|s| calendar::working_days_between(s, day) as i32),
            months: start.map(|s| months_needed(s, day)),
            age_group: self.age.map(AgeGroup::of),
        }
    }
}

fn valid_municipality(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit())
}

/// The columns indicators count with, all integers so that the same SQL runs on
/// DataFusion, PostgreSQL and SQLite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Derived {
    /// Days since 1970-01-01 of the event's local date.
    pub day_no: i32,
    /// Minutes since 1970-01-01 00:00 local time (for "within 48 hours").
    pub minute_no: i64,
    /// ISO week as `yyyyww` (202601).
    pub week: i32,
    /// `yyyymm`.
    pub month: i32,
    pub year: i32,
    /// Calendar days from the start of the clock to the event's date (0: the same day).
    pub days: Option<i32>,
    /// Working days after the start's date up to the event's (the day of receipt not
    /// counted; Saturdays, Sundays and public holidays not working days).
    pub working_days: Option<i32>,
    /// The fewest whole calendar months from the start that reach the event's date: 3 or
    /// less is "within 3 months".
    pub months: Option<i32>,
    pub age_group: Option<AgeGroup>,
}

const EPOCH: NaiveDate = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date");

pub fn day_no(day: NaiveDate) -> i32 {
    (day - EPOCH).num_days() as i32
}

pub fn from_day_no(n: i32) -> NaiveDate {
    EPOCH + chrono::Duration::days(i64::from(n))
}

fn minute_no(at: NaiveDateTime) -> i64 {
    i64::from(day_no(at.date())) * 1440 + i64::from(at.time().hour() * 60 + at.time().minute())
}

/// ISO week `yyyyww` of a day.
pub fn iso_week(day: NaiveDate) -> i32 {
    let w = day.iso_week();
    w.year() * 100 + w.week() as i32
}

/// The fewest months `m` with `day <= start + m months` (the day clamped to the month's end).
fn months_needed(start: NaiveDate, day: NaiveDate) -> i32 {
    if day <= start {
        return 0;
    }
    let mut m = ((day.year() - start.year()) * 12 + day.month() as i32 - start.month() as i32).max(0);
    // `start + m months` is on or after `day`, or one more month is needed.
    while m > 0 && add_months(start, m - 1) >= day {
        m -= 1;
    }
    while add_months(start, m) < day {
        m += 1;
    }
    m
}

fn add_months(start: NaiveDate, m: i32) -> NaiveDate {
    start.checked_add_months(chrono::Months::new(m as u32)).unwrap_or(NaiveDate::MAX)
}

/// Age groups of the breakdowns, bounded where the law's limits are (23, 75).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AgeGroup {
    #[serde(rename = "0-17")]
    Under18,
    #[serde(rename = "18-22")]
    From18To22,
    #[serde(rename = "23-64")]
    From23To64,
    #[serde(rename = "65-74")]
    From65To74,
    #[serde(rename = "75+")]
    From75,
}

impl AgeGroup {
    pub const ALL: [AgeGroup; 5] =
        [AgeGroup::Under18, AgeGroup::From18To22, AgeGroup::From23To64, AgeGroup::From65To74, AgeGroup::From75];

    pub fn of(age: u8) -> AgeGroup {
        match age {
            0..=17 => AgeGroup::Under18,
            18..=22 => AgeGroup::From18To22,
            23..=64 => AgeGroup::From23To64,
            65..=74 => AgeGroup::From65To74,
            _ => AgeGroup::From75,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            AgeGroup::Under18 => "0-17",
            AgeGroup::From18To22 => "18-22",
            AgeGroup::From23To64 => "23-64",
            AgeGroup::From65To74 => "65-74",
            AgeGroup::From75 => "75+",
        }
    }

    pub fn parse(s: &str) -> Option<AgeGroup> {
        AgeGroup::ALL.into_iter().find(|g| g.code() == s)
    }

    /// The law's two groups for non-urgent primary care: under 23 (14 days) and 23 or older.
    pub fn under_23(self) -> bool {
        matches!(self, AgeGroup::Under18 | AgeGroup::From18To22)
    }
}

/// A local time in the accepted forms: `YYYY-MM-DDTHH:MM[:SS]` (local Finnish time; a space
/// instead of `T` too), or RFC 3339 with an offset, turned into Finnish local time
/// (EET, UTC+2, and EEST, UTC+3, from the last Sunday of March to the last Sunday of
/// October at 01:00 UTC), or a bare date (midnight).
pub fn parse_time(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S%.f"]
    {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, format) {
            return Some(t);
        }
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(finnish_local(t.naive_utc()));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(|d| d.and_time(NaiveTime::MIN))
}

/// Finnish local time of a UTC time.
pub fn finnish_local(utc: NaiveDateTime) -> NaiveDateTime {
    let year = utc.year();
    let last_sunday = |month: u32| {
        let last = NaiveDate::from_ymd_opt(year, month, 31).expect("March and October have 31 days");
        last - chrono::Duration::days(i64::from(last.weekday().num_days_from_sunday()))
    };
    let one = NaiveTime::from_hms_opt(1, 0, 0).expect("a valid time");
    let summer = last_sunday(3).and_time(one) <= utc && utc < last_sunday(10).and_time(one);
    utc + chrono::Duration::hours(if summer { 3 } else { 2 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        parse_time(s).unwrap()
    }

    fn event() -> Event {
        Event {
            id: "e1".into(),
            at: t("2026-03-02T10:00"),
            kind: Kind::Visit,
            client: "c1".into(),
            age: Some(40),
            municipality: "638".into(),
            area: Some("06100".into()),
            language: Some(Language::Fi),
            group: Group::PrimaryDoctor,
            service: None,
            unit: None,
            producer: None,
            professional: Some("p1".into()),
            channel: Some(Channel::InPerson),
            urgent: Some(false),
            started_at: Some(t("2026-02-27T09:00")),
            status: None,
            value: None,
            cost: Some(80.0),
            source: "test".into(),
        }
    }

    #[test]
    fn derived_counts_days_working_days_and_months() {
        let d = event().derived();
        // Friday 27 February to Monday 2 March: 3 days, 1 working day.
        assert_eq!((d.days, d.working_days, d.months), (Some(3), Some(1), Some(1)));
        assert_eq!((d.month, d.year, d.week), (202603, 2026, 202610));
        assert_eq!(d.age_group, Some(AgeGroup::From23To64));
        assert_eq!(from_day_no(d.day_no), t("2026-03-02T00:00").date());
    }

    #[test]
    fn months_are_calendar_months_clamped_to_the_month_end() {
        let d = |a: &str, b: &str| months_needed(t(a).date(), t(b).date());
        assert_eq!(d("2026-01-31", "2026-04-30"), 3);
        assert_eq!(d("2026-01-31", "2026-05-01"), 4);
        assert_eq!(d("2026-01-15", "2026-04-15"), 3);
        assert_eq!(d("2026-01-15", "2026-04-16"), 4);
        assert_eq!(d("2026-01-15", "2026-01-15"), 0);
        assert_eq!(d("2026-01-15", "2026-01-16"), 1);
    }

    #[test]
    fn seven_working_days_skip_holidays() {
        // Report on Wednesday 23 December 2026: Christmas Eve and Day are days off,
        // New Year's Day and Epiphany (Wednesday 6 January) are holidays, so the 7th
        // working day is Thursday 7 January 2027.
        let mut e = event();
        e.started_at = Some(t("2026-12-23T12:00"));
        e.at = t("2027-01-05T08:00");
        assert_eq!(e.derived().working_days, Some(6));
        e.at = t("2027-01-07T08:00");
        assert_eq!(e.derived().working_days, Some(7));
    }

    #[test]
    fn offsets_become_finnish_local_time() {
        assert_eq!(t("2026-01-10T22:30:00Z"), t("2026-01-11T00:30"));
        assert_eq!(t("2026-07-10T22:30:00Z"), t("2026-07-11T01:30"));
        assert_eq!(t("2026-07-10T22:30:00+03:00"), t("2026-07-10T22:30"));
        assert!(parse_time("10.1.2026").is_none());
    }

    #[test]
    fn groups_are_read_and_written_by_their_codes() {
        for g in Group::ALL {
            assert_eq!(serde_json::to_string(&g).unwrap(), format!("\"{}\"", g.code()));
        }
    }

    #[test]
    fn a_service_is_grouped_by_its_ptv_classes() {
        let g = |c: &[&str]| Group::of_service_classes(&c.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(g(&["P5.1"]), Group::PrimaryDoctor);
        assert_eq!(g(&["P5.10", "P5.5"]), Group::Oral, "oral emergency is oral care");
        assert_eq!(g(&["P5.5", "P5.6"]), Group::Emergency);
        assert_eq!(g(&["P4.6", "P3.8"]), Group::ChildProtection, "foster care");
        assert_eq!(g(&["P3", "P3.7"]), Group::LowThreshold, "family centre");
        assert_eq!(g(&["P28.1", "P28.2"]), Group::LowThreshold, "youth work: P28 and its subclasses");
        assert_eq!(g(&["P5.2", "P5.3"]), Group::ChildHealthClinic);
        assert_eq!(g(&["P4.3", "P5.14"]), Group::HomeCare);
        assert_eq!(g(&["P4.13"]), Group::SocialWork);
        assert_eq!(g(&["P5.13"]), Group::PrimaryNurse, "rehabilitation, not placed: primary care");
        assert_eq!(g(&["P5.11"]), Group::PrimaryNurse, "P5.11 is not P5.1");
        assert_eq!(g(&[]), Group::SocialWork);
    }

    #[test]
    fn problems_name_their_fields() {
        assert!(event().problems().is_empty());
        let mut e = event();
        e.started_at = Some(t("2026-03-03T00:00"));
        e.status = Some("done".into());
        e.municipality = "Porvoo".into();
        let fields: Vec<String> = e.problems().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["municipality", "status", "started_at"]);
        let mut t3 = event();
        t3.kind = Kind::T3;
        assert_eq!(t3.problems().into_iter().map(|p| p.field).collect::<Vec<_>>(), ["value", "unit"]);
    }
}
