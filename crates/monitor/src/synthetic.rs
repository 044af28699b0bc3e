//! The demo county's synthetic year of events (see docs/synthetic-events.md).
//!
//! Every resident of the population table lives one year: contacts, care-need
//! assessments and visits in primary and oral care, emergency visits and revisits,
//! referrals to specialised care, preventive and low-threshold visits, child protection
//! reports, service-need assessments, decisions and service starts, home care and
//! round-the-clock housing month by month, waiting lists, and each primary-care unit's
//! monthly T3. The rates are per resident per year by age band ([`STREAMS`]), the
//! municipal differences (waiting, continuity, language, T3) are in one table
//! ([`MUNICIPALITIES`]), and the whole year comes from one ChaCha stream seeded by
//! [`Config::seed`]: the same tables and seed give the same events, ids included.
//!
//! The numbers are illustrative, not the county's: they make every indicator show
//! something plausible (and the demo's alerts fire), nothing more. Events are labelled
//! `source: "synthetic"`.
//!
//! Pure: the caller parses the tables ([`parse_ages`], [`parse_areas`]) and hands them in.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use domain::calendar;
use domain::event::{Channel, Event, Group, Kind, Language};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The `source` of every synthetic event.
pub const SOURCE: &str = "synthetic";

/// Residents of one municipality and age (100 = 100 and over), sexes summed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgeRow {
    pub municipality: String,
    pub age: u8,
    pub count: u32,
}

/// A postal code area, the municipality it belongs to and its residents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    pub postcode: String,
    pub municipality: String,
    pub population: u32,
}

/// A catalog unit producing one service group, where residents are served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// The catalog's unit id.
    pub unit: String,
    /// The producing organization's id.
    pub producer: String,
    /// The unit's municipality (three-digit code).
    pub municipality: String,
    pub group: Group,
    /// The catalog's service id, where one fits.
    pub service: Option<String>,
}

/// The year to make and the seed of the random stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    pub year: i32,
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config { year: 2026, seed: 20261207 }
    }
}

/// The population tables the year is made from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Residents {
    pub ages: Vec<AgeRow>,
    pub areas: Vec<Area>,
}

impl Residents {
    /// Both tables from their TSV text (see [`parse_ages`] and [`parse_areas`]).
    pub fn parse(ages: &str, areas: &str) -> Result<Residents, String> {
        Ok(Residents {
            ages: parse_ages(ages).map_err(|e| format!("ages: {e}"))?,
            areas: parse_areas(areas).map_err(|e| format!("areas: {e}"))?,
        })
    }

    /// How many residents the age table holds.
    pub fn count(&self) -> u64 {
        self.ages.iter().map(|r| u64::from(r.count)).sum()
    }

    /// The synthetic year of these residents (see [`generate`]).
    pub fn generate(&self, sites: &[Site], config: &Config) -> Vec<Event> {
        generate(&self.ages, &self.areas, sites, config)
    }
}

/// The rows of a population table by municipality, age and sex
/// (`data/population/demo-county-age-sex.tsv`: columns `municipality`, `age`, `male`,
/// `female`; `#` lines are comments), sexes summed.
pub fn parse_ages(tsv: &str) -> Result<Vec<AgeRow>, String> {
    parse_tsv(tsv, ["municipality", "age", "male", "female"])?
        .into_iter()
        .map(|(line, [municipality, age, male, female])| {
            let number = |field: &str, value: &str| {
                value.parse::<u32>().map_err(|_| format!("line {line}: {field} {value:?} is not a whole number"))
            };
            let age = age
                .parse::<u8>()
                .ok()
                .filter(|a| *a <= 100)
                .ok_or_else(|| format!("line {line}: age {age:?} is not a whole number from 0 to 100"))?;
            Ok(AgeRow {
                municipality: municipality_code(line, municipality)?,
                age,
                count: number("male", male)? + number("female", female)?,
            })
        })
        .collect()
}

/// The rows of a postal area table (`data/access/demo-postal-areas.tsv`: columns
/// `postcode`, `municipality`, `population`; others ignored; `#` lines are comments).
pub fn parse_areas(tsv: &str) -> Result<Vec<Area>, String> {
    parse_tsv(tsv, ["postcode", "municipality", "population"])?
        .into_iter()
        .map(|(line, [postcode, municipality, population])| {
            if !(postcode.len() == 5 && postcode.bytes().all(|b| b.is_ascii_digit())) {
                return Err(format!("line {line}: postcode {postcode:?} is not five digits"));
            }
            Ok(Area {
                postcode: postcode.to_owned(),
                municipality: municipality_code(line, municipality)?,
                population: population
                    .parse()
                    .map_err(|_| format!("line {line}: population {population:?} is not a whole number"))?,
            })
        })
        .collect()
}

fn municipality_code(line: usize, code: &str) -> Result<String, String> {
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code.to_owned())
    } else {
        Err(format!("line {line}: municipality {code:?} is not a three-digit code"))
    }
}

/// The data lines of a tab-separated table with a header (after `#` comments), each with
/// its 1-based line number and the `wanted` columns' fields in that order.
fn parse_tsv<'a, const N: usize>(tsv: &'a str, wanted: [&str; N]) -> Result<Vec<(usize, [&'a str; N])>, String> {
    let mut lines =
        tsv.lines().enumerate().map(|(i, l)| (i + 1, l)).filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty());
    let (_, header) = lines.next().ok_or("no header line")?;
    let names: Vec<&str> = header.split('\t').map(str::trim).collect();
    let mut index = [0; N];
    for (slot, want) in index.iter_mut().zip(wanted) {
        *slot = names.iter().position(|n| *n == want).ok_or_else(|| format!("no column {want:?} in the header"))?;
    }
    lines
        .map(|(line, text)| {
            let fields: Vec<&str> = text.split('\t').map(str::trim).collect();
            let mut out = [""; N];
            for ((slot, &i), want) in out.iter_mut().zip(&index).zip(wanted) {
                *slot = fields.get(i).ok_or_else(|| format!("line {line}: no {want} column"))?;
            }
            Ok((line, out))
        })
        .collect()
}

/// The demo catalog's units (`data/demo/units.json`) as sites: each unit with its real
/// organization and municipality, once per service group it serves.
pub fn demo_sites() -> Vec<Site> {
    use Group::*;
    #[rustfmt::skip]
    const SITES: &[(&str, &str, &str, Group, Option<&str>)] = &[
        // Health stations: doctor, nurse, health counselling (vaccinations, check-ups).
        ("unit-porvoo-health-station", "org-itu", "638", PrimaryDoctor, Some("svc-doctor-appointment")),
        ("unit-porvoo-health-station", "org-itu", "638", PrimaryNurse, Some("svc-nurse-appointment")),
        ("unit-porvoo-health-station", "org-itu", "638", HealthCounselling, Some("svc-vaccinations")),
        ("unit-loviisa-health-station", "org-itu", "434", PrimaryDoctor, Some("svc-doctor-appointment")),
        ("unit-loviisa-health-station", "org-itu", "434", PrimaryNurse, Some("svc-nurse-appointment")),
        ("unit-loviisa-health-station", "org-itu", "434", HealthCounselling, Some("svc-vaccinations")),
        ("unit-sipoo-health-station", "org-itu", "753", PrimaryDoctor, Some("svc-doctor-appointment")),
        ("unit-sipoo-health-station", "org-itu", "753", PrimaryNurse, Some("svc-nurse-appointment")),
        ("unit-sipoo-health-station", "org-itu", "753", HealthCounselling, Some("svc-vaccinations")),
        ("unit-soderkulla-health-station", "org-itu", "753", PrimaryDoctor, Some("svc-doctor-appointment")),
        ("unit-soderkulla-health-station", "org-itu", "753", PrimaryNurse, Some("svc-nurse-appointment")),
        ("unit-soderkulla-health-station", "org-itu", "753", HealthCounselling, Some("svc-vaccinations")),
        ("unit-askola-health-station", "org-itu", "018", PrimaryDoctor, Some("svc-doctor-appointment")),
        ("unit-askola-health-station", "org-itu", "018", PrimaryNurse, Some("svc-nurse-appointment")),
        ("unit-askola-health-station", "org-itu", "018", HealthCounselling, Some("svc-vaccinations")),
        ("unit-lapinjarvi-health-station", "org-itu", "407", PrimaryDoctor, Some("svc-doctor-appointment")),
        ("unit-lapinjarvi-health-station", "org-itu", "407", PrimaryNurse, Some("svc-nurse-appointment")),
        ("unit-lapinjarvi-health-station", "org-itu", "407", HealthCounselling, Some("svc-vaccinations")),
        ("unit-myrskyla-health-station", "org-itu", "504", PrimaryDoctor, Some("svc-doctor-appointment")),
        ("unit-myrskyla-health-station", "org-itu", "504", PrimaryNurse, Some("svc-nurse-appointment")),
        ("unit-myrskyla-health-station", "org-itu", "504", HealthCounselling, Some("svc-vaccinations")),
        ("unit-pukkila-health-station", "org-itu", "616", PrimaryDoctor, Some("svc-doctor-appointment")),
        ("unit-pukkila-health-station", "org-itu", "616", PrimaryNurse, Some("svc-nurse-appointment")),
        ("unit-pukkila-health-station", "org-itu", "616", HealthCounselling, Some("svc-vaccinations")),
        ("unit-itu-health-bus", "org-itu", "018", HealthCounselling, Some("svc-health-bus")),
        // The hospital: joint emergency and specialised care; psychiatry outpatients.
        ("unit-porvoo-hospital", "org-itu", "638", Emergency, Some("svc-emergency-care")),
        ("unit-porvoo-hospital", "org-itu", "638", Specialised, None),
        ("unit-itu-psychiatry-outpatient", "org-itu", "638", Specialised, Some("svc-psychiatric-outpatient")),
        // Oral care, with a voucher producer in Porvoo.
        ("unit-porvoo-oral-care", "org-itu", "638", Oral, Some("svc-oral-adults")),
        ("unit-loviisa-oral-care", "org-itu", "434", Oral, Some("svc-oral-adults")),
        ("unit-sipoo-oral-care", "org-itu", "753", Oral, Some("svc-oral-adults")),
        ("unit-priv-dental-porvoo", "org-priv-dental-a", "638", Oral, Some("svc-oral-voucher")),
        // Maternity and child health clinics; student health.
        ("unit-porvoo-neuvola", "org-itu", "638", ChildHealthClinic, Some("svc-child-health-clinic")),
        ("unit-loviisa-neuvola", "org-itu", "434", ChildHealthClinic, Some("svc-child-health-clinic")),
        ("unit-sipoo-neuvola", "org-itu", "753", ChildHealthClinic, Some("svc-child-health-clinic")),
        ("unit-porvoo-student-health", "org-itu", "638", SchoolHealth, Some("svc-student-health")),
        // Social services.
        ("unit-itu-child-protection", "org-itu", "638", ChildProtection, Some("svc-child-protection-support")),
        ("unit-itu-adult-social-work", "org-itu", "638", SocialWork, Some("svc-adult-social-work")),
        ("unit-itu-disability-office", "org-itu", "638", Disability, Some("svc-disability-service-plan")),
        // Home care: the county's business unit and a voucher producer.
        ("unit-porvoo-home-care", "org-itu-homecare", "638", HomeCare, Some("svc-home-care")),
        ("unit-loviisa-home-care", "org-itu-homecare", "434", HomeCare, Some("svc-home-care")),
        ("unit-sipoo-home-care", "org-itu-homecare", "753", HomeCare, Some("svc-home-care")),
        ("unit-myrskyla-home-care", "org-itu-homecare", "504", HomeCare, Some("svc-home-care")),
        ("unit-priv-homecare-porvoo", "org-priv-homecare-a", "638", HomeCare, Some("svc-home-care")),
        // Round-the-clock service housing, with a voucher producer in Porvoo.
        ("unit-porvoo-enhanced-housing", "org-itu", "638", Housing24h, Some("svc-enhanced-service-housing")),
        ("unit-loviisa-service-housing", "org-itu", "434", Housing24h, Some("svc-enhanced-service-housing")),
        ("unit-lapinjarvi-service-housing", "org-itu", "407", Housing24h, Some("svc-enhanced-service-housing")),
        ("unit-priv-housing-porvoo", "org-priv-housing", "638", Housing24h, Some("svc-enhanced-service-housing")),
        // Family centres and the associations' and parish's low-threshold services.
        ("unit-porvoo-family-centre", "org-itu", "638", LowThreshold, Some("svc-family-centre")),
        ("unit-loviisa-neuvola", "org-itu", "434", LowThreshold, Some("svc-family-centre")),
        ("unit-sipoo-neuvola", "org-itu", "753", LowThreshold, Some("svc-family-centre")),
        ("unit-ngo-folk-loviisa", "org-ngo-folk", "434", LowThreshold, Some("svc-family-centre")),
        ("unit-ngo-substance-porvoo", "org-ngo-substance", "638", LowThreshold, Some("svc-substance-low-threshold")),
        ("unit-ngo-mental-clubhouse", "org-ngo-mental", "638", LowThreshold, Some("svc-mental-health-clubhouse")),
        ("unit-parish-family-porvoo", "org-parish-porvoo", "638", LowThreshold, Some("svc-family-mediation")),
        ("unit-ngo-crisis-porvoo", "org-ngo-crisis", "638", LowThreshold, Some("svc-crisis-counselling")),
        ("unit-ngo-seniors-sipoo", "org-ngo-seniors", "753", LowThreshold, Some("svc-senior-day-activities")),
    ];
    SITES
        .iter()
        .map(|&(unit, producer, municipality, group, service)| Site {
            unit: unit.to_owned(),
            producer: producer.to_owned(),
            municipality: municipality.to_owned(),
            group,
            service: service.map(str::to_owned),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// The rates (docs/synthetic-events.md shows these tables; a test keeps them in step).

/// The age bands of the rates: each band's lowest age and its label.
pub const BANDS: [(u8, &str); 13] = [
    (0, "0"),
    (1, "1–6"),
    (7, "7–12"),
    (13, "13–17"),
    (18, "18–22"),
    (23, "23–29"),
    (30, "30–44"),
    (45, "45–64"),
    (65, "65–74"),
    (75, "75–79"),
    (80, "80–84"),
    (85, "85–89"),
    (90, "90+"),
];

fn band(age: u8) -> usize {
    BANDS.iter().rposition(|(lo, _)| age >= *lo).unwrap_or(0)
}

/// How the days of the year are weighted when a stream's events are placed.
#[derive(Debug, Clone, Copy)]
pub struct Profile {
    /// Only on working days (office hours), or on any day.
    pub working_days: bool,
    /// Relative weight of each month.
    pub months: [f64; 12],
    /// Growth over the year: the weight runs from `1 - trend/2` on 1 January to
    /// `1 + trend/2` on 31 December (the shift to preventive services).
    pub trend: f64,
}

/// Planned care is quieter in the summer holidays and busiest in the winter.
const OFFICE_SEASON: [f64; 12] = [1.1, 1.1, 1.05, 1.0, 0.95, 0.85, 0.65, 0.9, 1.05, 1.1, 1.1, 0.95];
const EMERGENCY_SEASON: [f64; 12] = [1.15, 1.1, 1.0, 1.0, 0.95, 0.95, 1.0, 0.95, 0.95, 1.0, 1.0, 1.1];
const SCHOOL_TERMS: [f64; 12] = [1.0, 1.0, 1.0, 1.0, 1.0, 0.3, 0.0, 0.6, 1.0, 1.0, 1.0, 0.8];
const FLU_SEASON: [f64; 12] = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.8, 0.4];
/// The preventive share grows by about this much over the year.
pub const PREVENTIVE_TREND: f64 = 0.2;

/// One kind of episode: how many each resident starts a year by age band, and when.
#[derive(Debug, Clone, Copy)]
pub struct Stream {
    pub name: &'static str,
    /// Episodes per resident per year, by [`BANDS`].
    pub rates: [f64; 13],
    pub profile: Profile,
}

const fn stream(name: &'static str, rates: [f64; 13], working_days: bool, months: [f64; 12], trend: f64) -> Stream {
    Stream { name, rates, profile: Profile { working_days, months, trend } }
}

/// The streams in the order they are drawn for each resident (the order is part of
/// the seed's meaning: changing it changes the year).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum S {
    Primary,
    FollowUp,
    Oral,
    Emergency,
    ChildHealth,
    SchoolHealth,
    Counselling,
    Flu,
    LowThreshold,
    ChildProtection,
    SocialWork,
    Disability,
    Senior,
}

/// Episodes per resident per year by age band ([`BANDS`]), indexed like `S`.
#[rustfmt::skip]
pub const STREAMS: [Stream; 13] = [
    stream("Primary care contacts (contact → care-need assessment → visit)",
        [3.7, 3.4, 2.2, 2.3, 2.7, 3.2, 3.5, 4.3, 5.5, 6.8, 7.7, 8.3, 8.6], true, OFFICE_SEASON, 0.0),
    stream("Planned primary-care follow-up visits (no assessment)",
        [0.0, 0.0, 0.15, 0.15, 0.3, 0.45, 0.75, 1.35, 2.2, 3.0, 3.3, 3.6, 3.6], true, OFFICE_SEASON, 0.0),
    stream("Oral care contacts (contact → assessment → waiting list → visit)",
        [0.0, 0.8, 1.2, 1.2, 0.8, 0.8, 0.8, 0.9, 1.0, 0.9, 0.8, 0.7, 0.5], true, OFFICE_SEASON, 0.0),
    stream("Emergency visits",
        [0.45, 0.3, 0.18, 0.2, 0.25, 0.22, 0.2, 0.22, 0.3, 0.45, 0.55, 0.7, 0.8], false, EMERGENCY_SEASON, 0.0),
    stream("Maternity and child health clinic visits (18–44: pregnancies, sexes summed)",
        [10.0, 1.8, 0.0, 0.0, 0.15, 0.45, 0.2, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], true, OFFICE_SEASON, PREVENTIVE_TREND),
    stream("School and student health visits",
        [0.0, 0.0, 1.8, 2.0, 0.6, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], true, SCHOOL_TERMS, PREVENTIVE_TREND),
    stream("Health counselling, check-ups and vaccinations",
        [0.0, 0.0, 0.15, 0.15, 0.2, 0.3, 0.35, 0.45, 0.7, 0.8, 0.9, 0.9, 0.8], true, OFFICE_SEASON, PREVENTIVE_TREND),
    stream("Influenza vaccinations (health counselling, October–December)",
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.02, 0.03, 0.06, 0.25, 0.3, 0.3, 0.3, 0.25], true, FLU_SEASON, 0.0),
    stream("Low-threshold visits (family centre, associations, parish)",
        [1.0, 0.7, 0.2, 0.5, 0.55, 0.4, 0.35, 0.2, 0.15, 0.15, 0.12, 0.1, 0.06], true, OFFICE_SEASON, PREVENTIVE_TREND),
    stream("Child protection reports",
        [0.06, 0.06, 0.07, 0.09, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], false, [1.0; 12], 0.0),
    stream("Adult social work clients (contact → assessment → visits)",
        [0.0, 0.0, 0.0, 0.0, 0.1, 0.08, 0.06, 0.05, 0.03, 0.0, 0.0, 0.0, 0.0], true, [1.0; 12], 0.0),
    stream("Disability service applications",
        [0.004, 0.01, 0.01, 0.008, 0.006, 0.004, 0.004, 0.006, 0.008, 0.012, 0.015, 0.015, 0.015], true, [1.0; 12], 0.0),
    stream("Service-need assessments for older people (home care or 24-hour housing)",
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.01, 0.03, 0.06, 0.1, 0.14], true, [1.0; 12], 0.0),
];

/// Share of each age band living in round-the-clock service housing on 1 January.
pub const HOUSING_SHARE: [f64; 13] = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.003, 0.02, 0.05, 0.13, 0.28];
/// Share of each age band (outside housing) that are home care clients on 1 January.
pub const HOME_CARE_SHARE: [f64; 13] = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.012, 0.035, 0.08, 0.15, 0.2];
/// Of 1 January's home care clients, the share whose service ends during the year
/// (death, a move, 24-hour housing).
pub const HOME_CARE_ENDS: f64 = 0.3;
/// Of 1 January's housing residents, the share whose service ends during the year.
pub const HOUSING_ENDS: f64 = 0.2;

/// Probabilities of the steps of the episodes (docs/synthetic-events.md, "Steps").
pub mod steps {
    /// A primary-care contact assessed the same day (otherwise 1–2 working days later).
    pub const SAME_DAY_ASSESSMENT: f64 = 0.96;
    /// An assessment finding urgent need (a visit the same or the next working day).
    pub const URGENT: f64 = 0.12;
    /// A non-urgent need settled by advice alone (no visit).
    pub const ADVICE_ONLY: f64 = 0.2;
    /// A non-urgent primary-care visit with a doctor (otherwise a nurse).
    pub const DOCTOR: f64 = 0.4;
    /// An urgent primary-care visit with a doctor.
    pub const URGENT_DOCTOR: f64 = 0.7;
    /// A planned follow-up visit with a doctor.
    pub const FOLLOW_UP_DOCTOR: f64 = 0.3;
    /// Under-23s wait less: this is added to the municipality's 14-day share (capped at 0.95).
    pub const UNDER_23_BONUS: f64 = 0.12;
    /// Subtracted from the 14-day share in June–August (holidays).
    pub const SUMMER_PENALTY: [f64; 3] = [0.04, 0.10, 0.04];
    /// A doctor visit leading to a referral to specialised care.
    pub const REFERRAL_FROM_DOCTOR: f64 = 0.06;
    /// An emergency visit leading to a referral to specialised care.
    pub const REFERRAL_FROM_EMERGENCY: f64 = 0.12;
    /// Referrals rejected by specialised care, and accepted ones cancelled later.
    pub const REFERRAL_REJECTED: f64 = 0.07;
    pub const REFERRAL_CANCELLED: f64 = 0.03;
    /// Specialised visits within 3 months of the referral, and beyond 6 months.
    pub const SPECIALISED_3_MONTHS: f64 = 0.85;
    pub const SPECIALISED_BEYOND_6_MONTHS: f64 = 0.03;
    /// Further specialised visits per treated referral (mean).
    pub const SPECIALISED_FURTHER: f64 = 0.8;
    /// An emergency visit followed by a revisit within 48 hours.
    pub const EMERGENCY_REVISIT: f64 = 0.07;
    /// Oral: urgent need; under 23 within 3 months; beyond 6 months (23+).
    pub const ORAL_URGENT: f64 = 0.12;
    pub const ORAL_UNDER_23_3_MONTHS: f64 = 0.9;
    pub const ORAL_BEYOND_6_MONTHS: f64 = 0.03;
    /// Oral waiting-list exits: withdrawn, treated elsewhere (voucher); otherwise served.
    pub const ORAL_WITHDRAWN: f64 = 0.05;
    pub const ORAL_ELSEWHERE: f64 = 0.04;
    /// Further oral visits per treated need (mean).
    pub const ORAL_FURTHER: f64 = 0.6;
    /// Child protection: assessments finished within 3 months of the report; reports
    /// leading to a client relationship (service start and visits, mean visits).
    pub const CHILD_PROTECTION_3_MONTHS: f64 = 0.92;
    pub const CHILD_PROTECTION_CLIENT: f64 = 0.35;
    pub const CHILD_PROTECTION_VISITS: f64 = 4.0;
    /// Reports made outside office hours (any day, any hour).
    pub const CHILD_PROTECTION_OUT_OF_HOURS: f64 = 0.25;
    /// Social work: assessment started by the 7th working day; visits per client (mean).
    pub const SOCIAL_WORK_7_DAYS: f64 = 0.9;
    pub const SOCIAL_WORK_VISITS: f64 = 2.0;
    /// Disability: assessment started by the 7th working day; decision within 3 months; granted.
    pub const DISABILITY_7_DAYS: f64 = 0.92;
    pub const DISABILITY_3_MONTHS: f64 = 0.88;
    pub const DISABILITY_GRANTED: f64 = 0.78;
    /// Older people: assessment started by the 7th working day; decision within 3
    /// months; granted; applications for 24-hour housing (75–84, 85+).
    pub const SENIOR_7_DAYS: f64 = 0.93;
    pub const SENIOR_3_MONTHS: f64 = 0.9;
    pub const SENIOR_GRANTED: f64 = 0.85;
    pub const SENIOR_HOUSING: [f64; 2] = [0.15, 0.35];
    /// 24-hour housing queue: served within 3 months of entry; withdrawn; elsewhere.
    pub const HOUSING_3_MONTHS: f64 = 0.85;
    pub const HOUSING_WITHDRAWN: f64 = 0.1;
    pub const HOUSING_ELSEWHERE: f64 = 0.05;
    /// A client choosing another producer of the group (freedom of choice), where the
    /// group has one.
    pub const OTHER_PRODUCER: f64 = 0.07;
}
use steps::*;

/// What differs between municipalities (docs/synthetic-events.md, "Municipalities").
#[derive(Debug, Clone, Copy)]
pub struct Municipality {
    pub code: &'static str,
    pub name: &'static str,
    /// Language shares (the rest Finnish).
    pub swedish: f64,
    pub other: f64,
    /// Non-urgent primary-care visits within 14 days of the assessment (23+).
    pub within_14_days: f64,
    /// Non-urgent primary-care visits beyond 3 months.
    pub beyond_3_months: f64,
    /// Probability of seeing one's own professional (continuity of care).
    pub own_professional: f64,
    /// Child protection assessments started by the 7th working day.
    pub child_protection_7_days: f64,
    /// Oral visits within 3 months (23+).
    pub oral_3_months: f64,
    /// Days to the third free doctor's appointment (nurses: [`T3_NURSE`] of it).
    pub t3_doctor: f64,
}

#[rustfmt::skip]
#[allow(clippy::too_many_arguments)] // one row of the table below
const fn municipality(
    code: &'static str, name: &'static str, swedish: f64, other: f64, within_14_days: f64, beyond_3_months: f64,
    own_professional: f64, child_protection_7_days: f64, oral_3_months: f64, t3_doctor: f64,
) -> Municipality {
    Municipality {
        code, name, swedish, other, within_14_days, beyond_3_months, own_professional, child_protection_7_days,
        oral_3_months, t3_doctor,
    }
}

#[rustfmt::skip]
pub const MUNICIPALITIES: [Municipality; 7] = [
    municipality("018", "Askola",     0.03, 0.04, 0.80, 0.02, 0.80, 0.99,  0.74, 14.0),
    municipality("407", "Lapinjärvi", 0.35, 0.05, 0.60, 0.05, 0.35, 0.985, 0.60, 30.0),
    municipality("434", "Loviisa",    0.40, 0.05, 0.76, 0.02, 0.68, 0.99,  0.70, 20.0),
    municipality("504", "Myrskylä",   0.03, 0.03, 0.78, 0.02, 0.82, 0.99,  0.72, 15.0),
    municipality("616", "Pukkila",    0.03, 0.03, 0.79, 0.02, 0.85, 0.99,  0.72, 13.0),
    municipality("638", "Porvoo",     0.30, 0.08, 0.80, 0.02, 0.70, 0.98,  0.75, 17.0),
    municipality("753", "Sipoo",      0.35, 0.07, 0.82, 0.02, 0.72, 0.985, 0.76, 16.0),
];
/// Any other municipality in the tables.
pub const OTHER_MUNICIPALITY: Municipality = municipality("", "other", 0.05, 0.05, 0.78, 0.03, 0.7, 0.98, 0.72, 18.0);

/// The demo's alert: child protection in one municipality falls behind in the summer.
pub const CHILD_PROTECTION_DIP: (&str, [u32; 2], f64) = ("434", [6, 7], 0.78);
/// A nurse's T3 relative to the doctor's of the same municipality.
pub const T3_NURSE: f64 = 0.35;
/// T3 by month (the summer is slower).
pub const T3_SEASON: [f64; 12] = [1.0, 1.0, 1.0, 1.0, 1.0, 1.1, 1.3, 1.1, 1.0, 1.0, 1.0, 1.05];

/// Illustrative unit costs in euros (an in-person contact; remote 60 %, chat 40 %).
pub fn unit_cost(group: Group) -> f64 {
    match group {
        Group::PrimaryDoctor => 120.0,
        Group::PrimaryNurse => 60.0,
        Group::Oral => 110.0,
        Group::Emergency => 350.0,
        Group::Specialised => 600.0,
        Group::SocialWork => 90.0,
        Group::ChildProtection => 150.0,
        Group::Disability => 90.0,
        // A month of home care: 25 €/hour times the client's hours (20–120 a month).
        Group::HomeCare => 25.0,
        // A month of round-the-clock housing: from 4,500 € plus up to 1,500 € by need.
        Group::Housing24h => 4_500.0,
        Group::ChildHealthClinic => 70.0,
        Group::SchoolHealth => 50.0,
        Group::HealthCounselling => 45.0,
        Group::LowThreshold => 40.0,
    }
}

fn cost(group: Group, channel: Option<Channel>) -> Option<f64> {
    let factor = match channel {
        Some(Channel::Remote) => 0.6,
        Some(Channel::Chat) => 0.4,
        _ => 1.0,
    };
    Some(unit_cost(group) * factor)
}

/// Residents a professional of each group serves, for the size of a site's pool
/// (at least 3, at most 60 pseudonyms).
pub fn residents_per_professional(group: Group) -> u32 {
    match group {
        Group::PrimaryDoctor => 2_000,
        Group::PrimaryNurse => 1_200,
        Group::Oral => 3_000,
        Group::Emergency => 2_500,
        Group::Specialised => 2_000,
        Group::SocialWork => 3_000,
        Group::ChildProtection => 4_000,
        Group::Disability => 8_000,
        Group::HomeCare => 1_500,
        Group::Housing24h => 2_000,
        Group::ChildHealthClinic => 2_500,
        Group::SchoolHealth => 5_000,
        Group::HealthCounselling => 4_000,
        Group::LowThreshold => 4_000,
    }
}

/// Emergency arrivals by hour of day (relative).
const ARRIVAL_HOURS: [u32; 24] = [2, 1, 1, 1, 1, 1, 2, 3, 5, 7, 7, 7, 6, 6, 6, 6, 6, 6, 6, 5, 5, 4, 3, 3];

// ---------------------------------------------------------------------------------------
// The generator.

/// The synthetic year: every event has its `at` in `config.year` (clocks may have
/// started in the previous year), a unique id `syn-<year>-<n>`, and `source: "synthetic"`.
pub fn generate(ages: &[AgeRow], areas: &[Area], sites: &[Site], config: &Config) -> Vec<Event> {
    World::new(ages, areas, sites, config).run(ages)
}

/// Minutes from the start of the timeline (00:00 of its first day).
type Minute = i64;
const DAY: Minute = 1440;
/// Days simulated before 1 January, so that clocks running into the year are there.
const WARM_UP: usize = 160;
/// Days of calendar kept after 31 December for follow-ups that end up outside the year.
const TAIL: usize = 420;

/// The days of the timeline: working days and months precomputed.
struct Days {
    year: i32,
    /// The date of each day.
    dates: Vec<NaiveDate>,
    /// Index of 1 January and of 1 January of the next year.
    year_from: usize,
    year_to: usize,
    working: Vec<bool>,
    /// Working days in `[0, d]`.
    rank: Vec<u32>,
    /// The working days in order.
    workdays: Vec<u32>,
    month: Vec<u8>,
    /// The first day of each month of the year (and of the next January).
    month_start: [usize; 13],
}

impl Days {
    fn new(year: i32) -> Days {
        let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).expect("a year chrono knows");
        let next = NaiveDate::from_ymd_opt(year + 1, 1, 1).expect("a year chrono knows");
        let first = jan1 - Duration::days(WARM_UP as i64);
        let year_to = WARM_UP + (next - jan1).num_days() as usize;
        let len = year_to + TAIL;
        let dates: Vec<NaiveDate> = (0..len).map(|d| first + Duration::days(d as i64)).collect();
        let (mut working, mut rank, mut workdays, mut month) = (vec![false; len], vec![0; len], vec![], vec![0; len]);
        let mut count = 0;
        let mut month_start = [0; 13];
        for (d, &date) in dates.iter().enumerate() {
            working[d] = calendar::is_working_day(date);
            if working[d] {
                workdays.push(d as u32);
                count += 1;
            }
            rank[d] = count;
            month[d] = date.month() as u8;
            if date.year() == year && date.day() == 1 {
                month_start[date.month0() as usize] = d;
            }
        }
        month_start[12] = year_to;
        Days { year, dates, year_from: WARM_UP, year_to, working, rank, workdays, month, month_start }
    }

    /// The local time of a minute of the timeline.
    fn time(&self, t: Minute) -> NaiveDateTime {
        let seconds = (t % DAY * 60) as u32;
        self.dates[day_of(t)].and_time(NaiveTime::from_num_seconds_from_midnight_opt(seconds, 0).expect("within a day"))
    }

    /// The `k`-th working day after `d` (`k >= 1`).
    fn working_after(&self, d: usize, k: u32) -> usize {
        self.workdays[(self.rank[d] + k - 1) as usize] as usize
    }

    /// `d` when it is a working day, otherwise the next one.
    fn working_from(&self, d: usize) -> usize {
        if self.working[d] { d } else { self.working_after(d, 1) }
    }

    /// Working days in `(d, d + days]`.
    fn working_within(&self, d: usize, days: usize) -> u32 {
        self.rank[d + days] - self.rank[d]
    }

    /// The month (1–12) of a minute.
    fn month_of(&self, t: Minute) -> u32 {
        u32::from(self.month[(t / DAY) as usize])
    }
}

/// A stream's days: cumulative weights over the timeline up to the year's end.
struct Picker {
    cumulative: Vec<f64>,
    /// Expected episodes over the timeline per unit of annual rate.
    scale: f64,
}

impl Picker {
    fn new(days: &Days, profile: &Profile) -> Picker {
        let weight = |d: usize| {
            if profile.working_days && !days.working[d] {
                return 0.0;
            }
            let into = (d.saturating_sub(days.year_from)) as f64 / (days.year_to - days.year_from) as f64;
            profile.months[usize::from(days.month[d]) - 1] * (1.0 + profile.trend * (into.min(1.0) - 0.5))
        };
        let in_year: f64 = (days.year_from..days.year_to).map(weight).sum();
        let norm = 365.0 / in_year;
        let mut total = 0.0;
        let cumulative = (0..days.year_to)
            .map(|d| {
                total += weight(d) * norm;
                total
            })
            .collect();
        Picker { cumulative, scale: total / 365.0 }
    }

    fn day(&self, rng: &mut ChaCha8Rng) -> usize {
        let x = rng.random::<f64>() * self.cumulative.last().copied().unwrap_or(0.0);
        self.cumulative.partition_point(|c| *c <= x).min(self.cumulative.len() - 1)
    }
}

/// A site with its professionals' pseudonyms, ready for events.
struct Place {
    unit: String,
    producer: String,
    municipality: String,
    group: Group,
    service: Option<String>,
    professionals: Vec<String>,
    /// Mixed into the client's number to pick the client's own professional here.
    salt: u64,
    /// Sites of the same group with another producer (freedom of choice).
    others: Vec<usize>,
    /// The parameters of the site's municipality.
    params: &'static Municipality,
}

struct Town {
    code: String,
    params: &'static Municipality,
    /// Postal areas: index into `World::areas` and cumulative population.
    areas: Vec<(usize, u64)>,
    /// Home sites of each group (by `Group as usize`).
    home: Vec<Vec<usize>>,
}

struct Resident {
    no: u32,
    client: String,
    age: u8,
    band: usize,
    town: usize,
    area: Option<usize>,
    language: Language,
}

/// One event before it is written out.
#[derive(Clone, Copy)]
struct Ev<'a> {
    kind: Kind,
    at: Minute,
    group: Group,
    site: Option<&'a Place>,
    professional: Option<&'a str>,
    channel: Option<Channel>,
    urgent: Option<bool>,
    started: Option<Minute>,
    status: Option<&'static str>,
    cost: Option<f64>,
}

impl<'a> Ev<'a> {
    fn new(kind: Kind, at: Minute, group: Group, site: Option<&'a Place>) -> Ev<'a> {
        Ev {
            kind,
            at,
            group,
            site,
            professional: None,
            channel: None,
            urgent: None,
            started: None,
            status: None,
            cost: None,
        }
    }
}

/// The events made so far.
struct Out {
    events: Vec<Event>,
    next: u64,
    prefix: String,
    from: Minute,
    to: Minute,
}

impl Out {
    fn id(&mut self) -> String {
        self.next += 1;
        let mut id = String::with_capacity(self.prefix.len() + 8);
        id.push_str(&self.prefix);
        write!(id, "{}", self.next).expect("writing to a String");
        id
    }

    fn in_year(&self, t: Minute) -> bool {
        (self.from..self.to).contains(&t)
    }
}

struct World<'t> {
    seed: u64,
    days: Days,
    pickers: Vec<Picker>,
    towns: Vec<Town>,
    town_index: HashMap<&'t str, usize>,
    areas: Vec<String>,
    places: Vec<Place>,
}

fn params(code: &str) -> &'static Municipality {
    MUNICIPALITIES.iter().find(|m| m.code == code).unwrap_or(&OTHER_MUNICIPALITY)
}

/// A 64-bit mix (SplitMix64's finaliser): stable per-client choices without the stream.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A Poisson draw (Knuth's method: the means here are small).
fn poisson(rng: &mut ChaCha8Rng, mean: f64) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    let limit = (-mean).exp();
    let mut k = 0;
    let mut p = rng.random::<f64>();
    while p > limit {
        k += 1;
        p *= rng.random::<f64>();
    }
    k
}

/// In person, remote or chat with the given first two probabilities.
fn channel(rng: &mut ChaCha8Rng, in_person: f64, remote: f64) -> Channel {
    let x = rng.random::<f64>();
    if x < in_person {
        Channel::InPerson
    } else if x < in_person + remote {
        Channel::Remote
    } else {
        Channel::Chat
    }
}

/// A time in office hours (08:00–15:55) on day `d`.
fn office(d: usize, rng: &mut ChaCha8Rng) -> Minute {
    d as Minute * DAY + 8 * 60 + 5 * rng.random_range(0..96)
}

/// A time on day `d` by the hours emergency patients arrive.
fn any_hour(d: usize, rng: &mut ChaCha8Rng) -> Minute {
    let total: u32 = ARRIVAL_HOURS.iter().sum();
    let mut x = rng.random_range(0..total);
    let mut hour = 0;
    for (h, w) in ARRIVAL_HOURS.iter().enumerate() {
        if x < *w {
            hour = h;
            break;
        }
        x -= w;
    }
    d as Minute * DAY + hour as Minute * 60 + rng.random_range(0..60)
}

fn day_of(t: Minute) -> usize {
    (t / DAY) as usize
}

/// A professional at the site: the client's own with probability `own`, otherwise anyone.
fn professional<'s>(rng: &mut ChaCha8Rng, r: &Resident, site: Option<&'s Place>, own: f64) -> Option<&'s str> {
    let site = site?;
    let pool = &site.professionals;
    let i = if rng.random_bool(own) {
        (mix(site.salt ^ u64::from(r.no)) % pool.len() as u64) as usize
    } else {
        rng.random_range(0..pool.len())
    };
    Some(pool[i].as_str())
}

impl<'t> World<'t> {
    fn new(ages: &'t [AgeRow], areas: &[Area], sites: &[Site], config: &Config) -> World<'t> {
        let days = Days::new(config.year);
        let pickers = STREAMS.iter().map(|s| Picker::new(&days, &s.profile)).collect();
        let mut town_index: HashMap<&str, usize> = HashMap::new();
        let mut towns: Vec<Town> = Vec::new();
        for row in ages {
            town_index.entry(row.municipality.as_str()).or_insert_with(|| {
                towns.push(Town {
                    code: row.municipality.clone(),
                    params: params(&row.municipality),
                    areas: Vec::new(),
                    home: vec![Vec::new(); Group::ALL.len()],
                });
                towns.len() - 1
            });
        }
        let mut area_codes = Vec::new();
        for area in areas.iter().filter(|a| a.population > 0) {
            if let Some(&t) = town_index.get(area.municipality.as_str()) {
                let before = towns[t].areas.last().map_or(0, |a| a.1);
                towns[t].areas.push((area_codes.len(), before + u64::from(area.population)));
                area_codes.push(area.postcode.clone());
            }
        }
        let mut places: Vec<Place> = sites
            .iter()
            .enumerate()
            .map(|(i, s)| Place {
                unit: s.unit.clone(),
                producer: s.producer.clone(),
                municipality: s.municipality.clone(),
                group: s.group,
                service: s.service.clone(),
                professionals: Vec::new(),
                salt: mix(config.seed ^ mix(i as u64)),
                others: Vec::new(),
                params: params(&s.municipality),
            })
            .collect();
        for i in 0..places.len() {
            places[i].others = (0..places.len())
                .filter(|&j| places[j].group == places[i].group && places[j].producer != places[i].producer)
                .collect();
        }
        // Home sites: the own municipality's, otherwise Porvoo's, otherwise any.
        for town in &mut towns {
            for group in Group::ALL {
                let of = |code: &str| -> Vec<usize> {
                    (0..places.len()).filter(|&i| places[i].group == group && places[i].municipality == code).collect()
                };
                let mut home = of(&town.code);
                if home.is_empty() {
                    home = of("638");
                }
                if home.is_empty() {
                    home = (0..places.len()).filter(|&i| places[i].group == group).collect();
                }
                town.home[group as usize] = home;
            }
        }
        let mut world = World { seed: config.seed, days, pickers, towns, town_index, areas: area_codes, places };
        world.staff(ages);
        world
    }

    /// Pools of professional pseudonyms sized by the residents who chose each site;
    /// numbered per unit (`p-<unit>-<n>`), so a unit's doctors and nurses differ.
    fn staff(&mut self, ages: &[AgeRow]) {
        let mut chosen = vec![0u32; self.places.len()];
        let mut no = 0;
        for row in ages {
            let town = self.town_index[row.municipality.as_str()];
            for _ in 0..row.count {
                no += 1;
                for group in Group::ALL {
                    if let Some(i) = self.choice(no, town, group) {
                        chosen[i] += 1;
                    }
                }
            }
        }
        let mut numbered: HashMap<String, u32> = HashMap::new();
        for (place, n) in self.places.iter_mut().zip(chosen) {
            let size = n.div_ceil(residents_per_professional(place.group)).clamp(3, 60);
            let next = numbered.entry(place.unit.clone()).or_insert(0);
            place.professionals = (1..=size).map(|k| format!("p-{}-{}", place.unit, *next + k)).collect();
            *next += size;
        }
    }

    /// The site a client uses for a group: one of the home sites, or (a few) another producer's.
    fn choice(&self, no: u32, town: usize, group: Group) -> Option<usize> {
        let home = &self.towns[town].home[group as usize];
        if home.is_empty() {
            return None;
        }
        let h = mix(self.seed ^ (u64::from(no) << 8) ^ group as u64);
        let base = home[(h % home.len() as u64) as usize];
        let others = &self.places[base].others;
        if !others.is_empty() && ((h >> 20) % 10_000) as f64 / 10_000.0 < OTHER_PRODUCER {
            Some(others[((h >> 40) % others.len() as u64) as usize])
        } else {
            Some(base)
        }
    }

    fn site(&self, r: &Resident, group: Group) -> Option<&Place> {
        self.choice(r.no, r.town, group).map(|i| &self.places[i])
    }

    fn run(&self, ages: &[AgeRow]) -> Vec<Event> {
        let residents: u64 = ages.iter().map(|r| u64::from(r.count)).sum();
        let year = self.days.year;
        let mut out = Out {
            events: Vec::with_capacity((residents * 21) as usize),
            next: 0,
            prefix: format!("syn-{year}-"),
            from: self.days.year_from as Minute * DAY,
            to: self.days.year_to as Minute * DAY,
        };
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        self.t3(&mut out, &mut rng);
        let mut no = 0;
        for row in ages {
            let town = self.town_index[row.municipality.as_str()];
            for _ in 0..row.count {
                no += 1;
                let r = self.resident(&mut rng, no, town, row.age);
                self.live(&mut out, &mut rng, &r);
            }
        }
        out.events
    }

    fn resident(&self, rng: &mut ChaCha8Rng, no: u32, town: usize, age: u8) -> Resident {
        let t = &self.towns[town];
        let area = t.areas.last().map(|&(_, total)| {
            let x = rng.random_range(0..total);
            t.areas[t.areas.partition_point(|a| a.1 <= x)].0
        });
        let x = rng.random::<f64>();
        let language = if x < t.params.swedish {
            Language::Sv
        } else if x < t.params.swedish + t.params.other {
            Language::Other
        } else {
            Language::Fi
        };
        Resident { no, client: format!("c{no}"), age, band: band(age), town, area, language }
    }

    fn emit(&self, out: &mut Out, r: &Resident, e: Ev<'_>) {
        if !out.in_year(e.at) {
            return;
        }
        let event = Event {
            id: out.id(),
            at: self.days.time(e.at),
            kind: e.kind,
            client: r.client.clone(),
            age: Some(r.age),
            municipality: self.towns[r.town].code.clone(),
            area: r.area.map(|a| self.areas[a].clone()),
            language: Some(r.language),
            group: e.group,
            service: e.site.and_then(|s| s.service.clone()),
            unit: e.site.map(|s| s.unit.clone()),
            producer: e.site.map(|s| s.producer.clone()),
            professional: e.professional.map(str::to_owned),
            channel: e.channel,
            urgent: e.urgent,
            started_at: e.started.map(|s| self.days.time(s)),
            status: e.status.map(str::to_owned),
            value: None,
            cost: e.cost,
            source: SOURCE.to_owned(),
        };
        out.events.push(event);
    }

    fn count(&self, rng: &mut ChaCha8Rng, s: S, r: &Resident) -> u32 {
        poisson(rng, STREAMS[s as usize].rates[r.band] * self.pickers[s as usize].scale)
    }

    fn pick(&self, rng: &mut ChaCha8Rng, s: S) -> usize {
        self.pickers[s as usize].day(rng)
    }

    fn own(&self, r: &Resident) -> f64 {
        self.towns[r.town].params.own_professional
    }

    /// One resident's year.
    fn live(&self, out: &mut Out, rng: &mut ChaCha8Rng, r: &Resident) {
        self.primary(out, rng, r);
        self.follow_ups(out, rng, r);
        self.oral(out, rng, r);
        self.emergency(out, rng, r);
        self.preventive(out, rng, r, S::ChildHealth, Group::ChildHealthClinic);
        self.preventive(out, rng, r, S::SchoolHealth, Group::SchoolHealth);
        self.preventive(out, rng, r, S::Counselling, Group::HealthCounselling);
        self.preventive(out, rng, r, S::Flu, Group::HealthCounselling);
        self.preventive(out, rng, r, S::LowThreshold, Group::LowThreshold);
        self.child_protection(out, rng, r);
        self.social_work(out, rng, r);
        self.disability(out, rng, r);
        self.older_people(out, rng, r);
    }

    /// Contact → care-need assessment → an urgent visit, advice, or a non-urgent visit.
    fn primary(&self, out: &mut Out, rng: &mut ChaCha8Rng, r: &Resident) {
        for _ in 0..self.count(rng, S::Primary, r) {
            let day = self.pick(rng, S::Primary);
            let contact = office(day, rng);
            let nurse = self.site(r, Group::PrimaryNurse);
            let ch = channel(rng, 0.25, 0.6);
            self.emit(out, r, Ev { channel: Some(ch), ..Ev::new(Kind::Contact, contact, Group::PrimaryNurse, nurse) });
            let assessed = if rng.random_bool(SAME_DAY_ASSESSMENT) {
                contact + rng.random_range(5..=120)
            } else {
                office(self.days.working_after(day, rng.random_range(1..=2)), rng)
            };
            if assessed >= out.to {
                continue;
            }
            let urgent = rng.random_bool(URGENT);
            let assessor = professional(rng, r, nurse, 0.3);
            let assessment = Ev {
                professional: assessor,
                channel: Some(ch),
                urgent: Some(urgent),
                started: Some(contact),
                status: Some("finished"),
                ..Ev::new(Kind::Assessment, assessed, Group::PrimaryNurse, nurse)
            };
            self.emit(out, r, assessment);
            if urgent {
                let mut at = assessed + rng.random_range(20..=180);
                if at % DAY > 17 * 60 {
                    at = self.days.working_after(day_of(assessed), 1) as Minute * DAY
                        + 8 * 60
                        + rng.random_range(0..120);
                }
                let doctor = rng.random_bool(URGENT_DOCTOR);
                self.primary_visit(out, rng, r, at, doctor, Some((true, assessed)));
            } else if !rng.random_bool(ADVICE_ONLY) {
                let visit = self.non_urgent_day(rng, r, day_of(assessed));
                let doctor = rng.random_bool(DOCTOR);
                let at = office(visit, rng);
                self.primary_visit(out, rng, r, at, doctor, Some((false, assessed)));
            }
        }
    }

    /// The day of a non-urgent visit assessed on day `d`: within 14 days, within 3
    /// months, or later, by the municipality, age and season.
    fn non_urgent_day(&self, rng: &mut ChaCha8Rng, r: &Resident, d: usize) -> usize {
        let m = self.towns[r.town].params;
        let mut within = m.within_14_days;
        if r.age < 23 {
            within = (within + UNDER_23_BONUS).min(0.95);
        }
        if let 6..=8 = self.days.month[d] {
            within -= SUMMER_PENALTY[usize::from(self.days.month[d]) - 6];
        }
        let x = rng.random::<f64>();
        if x < within {
            // A working day in (d, d + 14], the nearer ones likelier.
            let n = self.days.working_within(d, 14);
            let k = 1 + (f64::from(n) * rng.random::<f64>().powf(1.4)) as u32;
            self.days.working_after(d, k.min(n))
        } else if x < 1.0 - m.beyond_3_months {
            self.days.working_from(d + rng.random_range(15..=84))
        } else {
            self.days.working_from(d + rng.random_range(95..=150))
        }
    }

    /// A doctor's or nurse's visit; `assessed`: the urgency and time of the care-need
    /// assessment (none for a planned follow-up).
    fn primary_visit(
        &self,
        out: &mut Out,
        rng: &mut ChaCha8Rng,
        r: &Resident,
        at: Minute,
        doctor: bool,
        assessed: Option<(bool, Minute)>,
    ) {
        let (urgent, started) = (assessed.map(|a| a.0), assessed.map(|a| a.1));
        let group = if doctor { Group::PrimaryDoctor } else { Group::PrimaryNurse };
        let site = self.site(r, group);
        let ch = if urgent == Some(true) { channel(rng, 0.9, 0.1) } else { channel(rng, 0.72, 0.22) };
        let visit = Ev {
            professional: professional(rng, r, site, self.own(r)),
            channel: Some(ch),
            urgent,
            started,
            cost: cost(group, Some(ch)),
            ..Ev::new(Kind::Visit, at, group, site)
        };
        self.emit(out, r, visit);
        if doctor && rng.random_bool(REFERRAL_FROM_DOCTOR) {
            let requested = at + rng.random_range(10..=60);
            self.referral(out, rng, r, requested);
        }
    }

    /// Planned follow-ups of chronic conditions: no assessment, `urgent` none.
    fn follow_ups(&self, out: &mut Out, rng: &mut ChaCha8Rng, r: &Resident) {
        for _ in 0..self.count(rng, S::FollowUp, r) {
            let at = office(self.pick(rng, S::FollowUp), rng);
            let doctor = rng.random_bool(FOLLOW_UP_DOCTOR);
            self.primary_visit(out, rng, r, at, doctor, None);
        }
    }

    /// Requested → accepted (or rejected) → visits → completed (or cancelled).
    fn referral(&self, out: &mut Out, rng: &mut ChaCha8Rng, r: &Resident, requested: Minute) {
        let site = self.site(r, Group::Specialised);
        let state = |at: Minute, status: &'static str, started: Option<Minute>| Ev {
            status: Some(status),
            started,
            ..Ev::new(Kind::Referral, at, Group::Specialised, site)
        };
        self.emit(out, r, state(requested, "requested", None));
        let answered = office(self.days.working_after(day_of(requested), rng.random_range(1..=5)), rng);
        if answered >= out.to {
            return;
        }
        if rng.random_bool(REFERRAL_REJECTED) {
            self.emit(out, r, state(answered, "rejected", Some(requested)));
            return;
        }
        self.emit(out, r, state(answered, "accepted", Some(requested)));
        if rng.random_bool(REFERRAL_CANCELLED) {
            let at = office(self.days.working_from(day_of(answered) + rng.random_range(10..=60)), rng);
            self.emit(out, r, state(at, "cancelled", Some(requested)));
            return;
        }
        let x = rng.random::<f64>();
        let wait = if x < SPECIALISED_3_MONTHS {
            rng.random_range(14..=84)
        } else if x < 1.0 - SPECIALISED_BEYOND_6_MONTHS {
            rng.random_range(95..=170)
        } else {
            rng.random_range(185..=220)
        };
        let mut at = office(self.days.working_from(day_of(requested) + wait).max(day_of(answered) + 1), rng);
        let mut first = true;
        for _ in 0..=poisson(rng, SPECIALISED_FURTHER) {
            if at >= out.to {
                return;
            }
            let ch = channel(rng, 0.85, 0.15);
            let visit = Ev {
                professional: professional(rng, r, site, 0.5),
                channel: Some(ch),
                urgent: first.then_some(false),
                started: first.then_some(requested),
                cost: cost(Group::Specialised, Some(ch)),
                ..Ev::new(Kind::Visit, at, Group::Specialised, site)
            };
            self.emit(out, r, visit);
            first = false;
            at = office(self.days.working_from(day_of(at) + rng.random_range(14..=60)), rng);
        }
        self.emit(out, r, state(at.min(out.to), "completed", Some(requested)));
    }

    /// Contact → assessment → (urgent visit) or waiting list → visit (or withdrawn, or elsewhere).
    fn oral(&self, out: &mut Out, rng: &mut ChaCha8Rng, r: &Resident) {
        for _ in 0..self.count(rng, S::Oral, r) {
            let day = self.pick(rng, S::Oral);
            let contact = office(day, rng);
            let site = self.site(r, Group::Oral);
            let ch = channel(rng, 0.05, 0.85);
            self.emit(out, r, Ev { channel: Some(ch), ..Ev::new(Kind::Contact, contact, Group::Oral, site) });
            let assessed = contact + rng.random_range(5..=90);
            let urgent = rng.random_bool(ORAL_URGENT);
            let assessment = Ev {
                professional: professional(rng, r, site, 0.3),
                channel: Some(ch),
                urgent: Some(urgent),
                started: Some(contact),
                status: Some("finished"),
                ..Ev::new(Kind::Assessment, assessed, Group::Oral, site)
            };
            self.emit(out, r, assessment);
            if urgent {
                let at = if rng.random_bool(0.6) {
                    assessed + rng.random_range(30..=240)
                } else {
                    office(self.days.working_after(day, 1), rng)
                };
                self.oral_visit(out, rng, r, site, at, Some((true, assessed)));
                continue;
            }
            self.emit(out, r, Ev::new(Kind::WaitingEntry, assessed, Group::Oral, site));
            let exit = |at: Minute, status: &'static str| Ev {
                status: Some(status),
                started: Some(assessed),
                ..Ev::new(Kind::WaitingExit, at, Group::Oral, site)
            };
            let x = rng.random::<f64>();
            if x < ORAL_WITHDRAWN {
                let at = office(self.days.working_from(day + rng.random_range(10..=120)), rng);
                self.emit(out, r, exit(at, "withdrawn"));
                continue;
            }
            if x < ORAL_WITHDRAWN + ORAL_ELSEWHERE {
                let left = office(self.days.working_from(day + rng.random_range(5..=40)), rng);
                self.emit(out, r, exit(left, "elsewhere"));
                let elsewhere = site.and_then(|s| s.others.first()).map(|&i| &self.places[i]).or(site);
                let at = office(self.days.working_from(day_of(left) + rng.random_range(3..=20)), rng);
                self.oral_visit(out, rng, r, elsewhere, at, Some((false, assessed)));
                continue;
            }
            let within_3 = if r.age < 23 { ORAL_UNDER_23_3_MONTHS } else { self.towns[r.town].params.oral_3_months };
            let y = rng.random::<f64>();
            let wait = if y < within_3 {
                rng.random_range(1..=84)
            } else if y < 1.0 - ORAL_BEYOND_6_MONTHS {
                rng.random_range(95..=175)
            } else {
                rng.random_range(190..=240)
            };
            let at = office(self.days.working_from(day + wait), rng);
            self.emit(out, r, exit(at, "served"));
            self.oral_visit(out, rng, r, site, at, Some((false, assessed)));
            let mut next = at;
            for _ in 0..poisson(rng, ORAL_FURTHER) {
                next = office(self.days.working_from(day_of(next) + rng.random_range(14..=45)), rng);
                if next >= out.to {
                    break;
                }
                self.oral_visit(out, rng, r, site, next, None);
            }
        }
    }

    /// An oral-care visit; `assessed` as for [`World::primary_visit`].
    fn oral_visit(
        &self,
        out: &mut Out,
        rng: &mut ChaCha8Rng,
        r: &Resident,
        site: Option<&Place>,
        at: Minute,
        assessed: Option<(bool, Minute)>,
    ) {
        let (urgent, started) = (assessed.map(|a| a.0), assessed.map(|a| a.1));
        let visit = Ev {
            professional: professional(rng, r, site, self.own(r)),
            channel: Some(Channel::InPerson),
            urgent,
            started,
            cost: cost(Group::Oral, Some(Channel::InPerson)),
            ..Ev::new(Kind::Visit, at, Group::Oral, site)
        };
        self.emit(out, r, visit);
    }

    /// Visits at any hour; some return within 48 hours; some are referred on.
    fn emergency(&self, out: &mut Out, rng: &mut ChaCha8Rng, r: &Resident) {
        let site = self.site(r, Group::Emergency);
        for _ in 0..self.count(rng, S::Emergency, r) {
            let at = any_hour(self.pick(rng, S::Emergency), rng);
            let mut visit = Ev {
                professional: professional(rng, r, site, 0.0),
                channel: Some(Channel::InPerson),
                urgent: Some(true),
                cost: cost(Group::Emergency, Some(Channel::InPerson)),
                ..Ev::new(Kind::Visit, at, Group::Emergency, site)
            };
            self.emit(out, r, visit);
            if rng.random_bool(EMERGENCY_REVISIT) {
                visit.at = at + rng.random_range(6 * 60..=47 * 60);
                visit.professional = professional(rng, r, site, 0.0);
                self.emit(out, r, visit);
            }
            if rng.random_bool(REFERRAL_FROM_EMERGENCY) {
                let requested = at + rng.random_range(30..=300);
                self.referral(out, rng, r, requested);
            }
        }
    }

    /// Preventive and low-threshold visits.
    fn preventive(&self, out: &mut Out, rng: &mut ChaCha8Rng, r: &Resident, s: S, group: Group) {
        let n = self.count(rng, s, r);
        if n == 0 {
            return;
        }
        let site = self.site(r, group);
        let (in_person, remote) = if group == Group::LowThreshold { (0.7, 0.1) } else { (0.92, 0.08) };
        for _ in 0..n {
            let at = office(self.pick(rng, s), rng);
            let ch = channel(rng, in_person, remote);
            let visit = Ev {
                professional: professional(rng, r, site, 0.8),
                channel: Some(ch),
                cost: cost(group, Some(ch)),
                ..Ev::new(Kind::Visit, at, group, site)
            };
            self.emit(out, r, visit);
        }
    }

    /// The `k`-th working day after `d`: by the 7th with probability `p`, otherwise the 8th–`late`th.
    fn working_days(&self, rng: &mut ChaCha8Rng, d: usize, p: f64, late: u32) -> usize {
        let k = if rng.random_bool(p) { rng.random_range(1..=7) } else { rng.random_range(8..=late) };
        self.days.working_after(d, k)
    }

    /// Report → assessment started (7 working days) → finished (3 months) → client, visits.
    fn child_protection(&self, out: &mut Out, rng: &mut ChaCha8Rng, r: &Resident) {
        for _ in 0..self.count(rng, S::ChildProtection, r) {
            let site = self.site(r, Group::ChildProtection);
            let mut day = self.pick(rng, S::ChildProtection);
            let reported = if rng.random_bool(CHILD_PROTECTION_OUT_OF_HOURS) {
                any_hour(day, rng)
            } else {
                day = self.days.working_from(day);
                office(day, rng)
            };
            let m = self.towns[r.town].params;
            let (dip_town, dip_months, dip) = CHILD_PROTECTION_DIP;
            let month = self.days.month_of(reported);
            let p = if m.code == dip_town && dip_months.contains(&month) { dip } else { m.child_protection_7_days };
            let started = office(self.working_days(rng, day, p, 14), rng);
            if started >= out.to {
                continue;
            }
            let worker = professional(rng, r, site, 0.9);
            let assessment = |at: Minute, status: &'static str| Ev {
                professional: worker,
                status: Some(status),
                started: Some(reported),
                ..Ev::new(Kind::Assessment, at, Group::ChildProtection, site)
            };
            self.emit(out, r, assessment(started, "started"));
            let finish_by = if rng.random_bool(CHILD_PROTECTION_3_MONTHS) {
                day + rng.random_range(20..=84)
            } else {
                day + rng.random_range(95..=130)
            };
            let finished = office(self.days.working_from(finish_by.max(day_of(started) + 1)), rng);
            if finished >= out.to {
                continue;
            }
            self.emit(out, r, assessment(finished, "finished"));
            if rng.random_bool(CHILD_PROTECTION_CLIENT) {
                let start = office(self.days.working_from(day_of(finished) + rng.random_range(0..=14)), rng);
                let service_start = Ev {
                    started: Some(finished),
                    ..Ev::new(Kind::ServiceStart, start.max(finished), Group::ChildProtection, site)
                };
                self.emit(out, r, service_start);
                self.visits(out, rng, r, Group::ChildProtection, start, CHILD_PROTECTION_VISITS);
            }
        }
    }

    /// A client's visits every 1–6 weeks after `from` (mean `mean` visits).
    fn visits(&self, out: &mut Out, rng: &mut ChaCha8Rng, r: &Resident, group: Group, from: Minute, mean: f64) {
        let site = self.site(r, group);
        let worker = professional(rng, r, site, 1.0);
        let mut at = from;
        for _ in 0..poisson(rng, mean) {
            at = office(self.days.working_from(day_of(at) + rng.random_range(7..=42)), rng);
            if at >= out.to {
                return;
            }
            let ch = channel(rng, 0.8, 0.2);
            let visit = Ev {
                professional: if rng.random_bool(0.85) { worker } else { professional(rng, r, site, 0.0) },
                channel: Some(ch),
                cost: cost(group, Some(ch)),
                ..Ev::new(Kind::Visit, at, group, site)
            };
            self.emit(out, r, visit);
        }
    }

    /// Contact → assessment started (7 working days) → finished → visits.
    fn social_work(&self, out: &mut Out, rng: &mut ChaCha8Rng, r: &Resident) {
        for _ in 0..self.count(rng, S::SocialWork, r) {
            let site = self.site(r, Group::SocialWork);
            let day = self.pick(rng, S::SocialWork);
            let contact = office(day, rng);
            let ch = channel(rng, 0.5, 0.5);
            self.emit(out, r, Ev { channel: Some(ch), ..Ev::new(Kind::Contact, contact, Group::SocialWork, site) });
            let started = office(self.working_days(rng, day, SOCIAL_WORK_7_DAYS, 15), rng);
            let worker = professional(rng, r, site, 0.9);
            let assessment = |at: Minute, status: &'static str| Ev {
                professional: worker,
                status: Some(status),
                started: Some(contact),
                ..Ev::new(Kind::Assessment, at, Group::SocialWork, site)
            };
            self.emit(out, r, assessment(started, "started"));
            let finished = office(self.days.working_from(day_of(started) + rng.random_range(5..=40)), rng);
            self.emit(out, r, assessment(finished, "finished"));
            self.visits(out, rng, r, Group::SocialWork, finished, SOCIAL_WORK_VISITS);
        }
    }

    /// Application → assessment started (7 working days) → decision (3 months) → service start.
    fn disability(&self, out: &mut Out, rng: &mut ChaCha8Rng, r: &Resident) {
        for _ in 0..self.count(rng, S::Disability, r) {
            let site = self.site(r, Group::Disability);
            let day = self.pick(rng, S::Disability);
            let applied = office(day, rng);
            self.emit(
                out,
                r,
                Ev { channel: Some(Channel::Remote), ..Ev::new(Kind::Contact, applied, Group::Disability, site) },
            );
            let started = office(self.working_days(rng, day, DISABILITY_7_DAYS, 20), rng);
            let assessment = Ev {
                professional: professional(rng, r, site, 0.9),
                status: Some("started"),
                started: Some(applied),
                ..Ev::new(Kind::Assessment, started, Group::Disability, site)
            };
            self.emit(out, r, assessment);
            let by = if rng.random_bool(DISABILITY_3_MONTHS) {
                rng.random_range(20..=84)
            } else {
                rng.random_range(95..=150)
            };
            let decided = office(self.days.working_from((day + by).max(day_of(started) + 1)), rng);
            let granted = rng.random_bool(DISABILITY_GRANTED);
            let status = if granted { "granted" } else { "denied" };
            let decision = Ev {
                status: Some(status),
                started: Some(applied),
                ..Ev::new(Kind::Decision, decided, Group::Disability, site)
            };
            self.emit(out, r, decision);
            if granted {
                let at = office(self.days.working_from(day_of(decided) + rng.random_range(7..=60)), rng);
                self.emit(
                    out,
                    r,
                    Ev { started: Some(decided), ..Ev::new(Kind::ServiceStart, at, Group::Disability, site) },
                );
            }
        }
    }

    /// 1 January's home care and housing clients, then the year's service-need
    /// assessments, decisions, queue and service starts.
    fn older_people(&self, out: &mut Out, rng: &mut ChaCha8Rng, r: &Resident) {
        let x = rng.random::<f64>();
        let year_start = out.from;
        if x < HOUSING_SHARE[r.band] {
            let end = rng
                .random_bool(HOUSING_ENDS)
                .then(|| any_hour(rng.random_range(self.days.year_from..self.days.year_to), rng));
            self.monthly(out, rng, r, Group::Housing24h, year_start, end);
            return;
        }
        if x < HOUSING_SHARE[r.band] + HOME_CARE_SHARE[r.band] {
            let end = rng
                .random_bool(HOME_CARE_ENDS)
                .then(|| office(self.days.working_from(rng.random_range(self.days.year_from..self.days.year_to)), rng));
            self.monthly(out, rng, r, Group::HomeCare, year_start, end);
            return;
        }
        for _ in 0..self.count(rng, S::Senior, r) {
            let day = self.pick(rng, S::Senior);
            if self.senior_application(out, rng, r, day) {
                // Once in a service, no further applications this year.
                break;
            }
        }
    }

    /// One service-need assessment; `true` when it started a service.
    fn senior_application(&self, out: &mut Out, rng: &mut ChaCha8Rng, r: &Resident, day: usize) -> bool {
        let home_care = self.site(r, Group::HomeCare);
        let contact = office(day, rng);
        let ch = channel(rng, 0.3, 0.7);
        self.emit(out, r, Ev { channel: Some(ch), ..Ev::new(Kind::Contact, contact, Group::HomeCare, home_care) });
        let started = office(self.working_days(rng, day, SENIOR_7_DAYS, 18), rng);
        let worker = professional(rng, r, home_care, 0.9);
        let assessment = |at: Minute, status: &'static str| Ev {
            professional: worker,
            status: Some(status),
            started: Some(contact),
            ..Ev::new(Kind::Assessment, at, Group::HomeCare, home_care)
        };
        self.emit(out, r, assessment(started, "started"));
        let finished = office(self.days.working_after(day_of(started), rng.random_range(1..=10)), rng);
        self.emit(out, r, assessment(finished, "finished"));
        let housing = rng.random_bool(SENIOR_HOUSING[usize::from(r.age >= 85)]);
        let (group, site) =
            if housing { (Group::Housing24h, self.site(r, Group::Housing24h)) } else { (Group::HomeCare, home_care) };
        let by = if rng.random_bool(SENIOR_3_MONTHS) { rng.random_range(10..=84) } else { rng.random_range(95..=130) };
        let decided = office(self.days.working_from((day + by).max(day_of(finished) + 1)), rng);
        let granted = rng.random_bool(SENIOR_GRANTED);
        let status = if granted { "granted" } else { "denied" };
        self.emit(
            out,
            r,
            Ev { status: Some(status), started: Some(contact), ..Ev::new(Kind::Decision, decided, group, site) },
        );
        if !granted || decided >= out.to {
            return false;
        }
        let start = if housing {
            self.emit(out, r, Ev::new(Kind::WaitingEntry, decided, group, site));
            let exit = |at: Minute, status: &'static str| Ev {
                status: Some(status),
                started: Some(decided),
                ..Ev::new(Kind::WaitingExit, at, group, site)
            };
            let x = rng.random::<f64>();
            if x < HOUSING_WITHDRAWN + HOUSING_ELSEWHERE {
                let at = office(self.days.working_from(day_of(decided) + rng.random_range(5..=90)), rng);
                self.emit(out, r, exit(at, if x < HOUSING_WITHDRAWN { "withdrawn" } else { "elsewhere" }));
                return false;
            }
            let wait =
                if rng.random_bool(HOUSING_3_MONTHS) { rng.random_range(7..=84) } else { rng.random_range(95..=150) };
            let at = office(self.days.working_from(day_of(decided) + wait), rng);
            self.emit(out, r, exit(at, "served"));
            at
        } else {
            office(self.days.working_from(day_of(decided) + rng.random_range(1..=20)), rng)
        };
        if start >= out.to {
            return true;
        }
        self.emit(out, r, Ev { started: Some(decided), ..Ev::new(Kind::ServiceStart, start, group, site) });
        self.monthly(out, rng, r, group, start, None);
        true
    }

    /// One visit a month from `from` until the year's end or `end` (a service end event
    /// then), with the month's cost.
    fn monthly(
        &self,
        out: &mut Out,
        rng: &mut ChaCha8Rng,
        r: &Resident,
        group: Group,
        from: Minute,
        end: Option<Minute>,
    ) {
        let site = self.site(r, group);
        let monthly_cost = if group == Group::Housing24h {
            unit_cost(group) + f64::from(rng.random_range(0..=30u32)) * 50.0
        } else {
            unit_cost(group) * f64::from(rng.random_range(20..=120u32))
        };
        let until = end.unwrap_or(out.to);
        let own = self.own(r);
        for m in 0..12 {
            let lo = (self.days.month_start[m] as Minute * DAY).max(from);
            let hi = (self.days.month_start[m + 1] as Minute * DAY).min(until);
            if lo >= hi {
                continue;
            }
            let at = rng.random_range(lo..hi);
            let visit = Ev {
                professional: professional(rng, r, site, own),
                channel: Some(Channel::InPerson),
                cost: Some(monthly_cost),
                ..Ev::new(Kind::Visit, at, group, site)
            };
            self.emit(out, r, visit);
        }
        if let Some(end) = end {
            self.emit(out, r, Ev::new(Kind::ServiceEnd, end, group, site));
        }
    }

    /// Each primary-care site's monthly T3, on the first working day at 07:30.
    fn t3(&self, out: &mut Out, rng: &mut ChaCha8Rng) {
        for place in &self.places {
            let nurse = match place.group {
                Group::PrimaryDoctor => false,
                Group::PrimaryNurse => true,
                _ => continue,
            };
            for (m, season) in T3_SEASON.iter().enumerate() {
                let day = self.days.working_from(self.days.month_start[m]);
                let days = place.params.t3_doctor * season * if nurse { T3_NURSE } else { 1.0 };
                let value = (days * rng.random_range(0.85..1.15)).round().max(1.0);
                let at = day as Minute * DAY + 7 * 60 + 30;
                if !out.in_year(at) {
                    continue;
                }
                let event = Event {
                    id: out.id(),
                    at: self.days.time(at),
                    kind: Kind::T3,
                    client: String::new(),
                    age: None,
                    municipality: place.municipality.clone(),
                    area: None,
                    language: None,
                    group: place.group,
                    service: place.service.clone(),
                    unit: Some(place.unit.clone()),
                    producer: Some(place.producer.clone()),
                    professional: None,
                    channel: None,
                    urgent: None,
                    started_at: None,
                    status: None,
                    value: Some(value),
                    cost: None,
                    source: SOURCE.to_owned(),
                };
                out.events.push(event);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;
    use std::collections::{HashMap, HashSet};
    use std::sync::OnceLock;
    use std::time::Instant;

    const AGES: &str = include_str!("../../../data/population/demo-county-age-sex.tsv");
    const AREAS: &str = include_str!("../../../data/access/demo-postal-areas.tsv");
    const UNITS: &str = include_str!("../../../data/demo/units.json");
    const SERVICES: &str = include_str!("../../../data/demo/services.json");
    const DOC: &str = include_str!("../../../docs/synthetic-events.md");

    fn residents() -> &'static Residents {
        static R: OnceLock<Residents> = OnceLock::new();
        R.get_or_init(|| Residents::parse(AGES, AREAS).expect("the demo tables parse"))
    }

    /// The demo county's year, made once for all the tests.
    fn year() -> &'static [Event] {
        static Y: OnceLock<Vec<Event>> = OnceLock::new();
        Y.get_or_init(|| {
            let started = Instant::now();
            let events = residents().generate(&demo_sites(), &Config::default());
            eprintln!("synthetic year: {} events in {:.2?}", events.len(), started.elapsed());
            events
        })
    }

    fn share(events: impl Iterator<Item = bool>) -> (f64, usize) {
        let (mut yes, mut all) = (0, 0);
        for e in events {
            all += 1;
            yes += usize::from(e);
        }
        (yes as f64 / all.max(1) as f64, all)
    }

    fn non_urgent_primary(e: &Event) -> bool {
        e.kind == Kind::Visit
            && matches!(e.group, Group::PrimaryDoctor | Group::PrimaryNurse)
            && e.urgent == Some(false)
    }

    fn within_14(municipality: Option<&str>) -> f64 {
        let visits = year()
            .iter()
            .filter(|e| non_urgent_primary(e) && municipality.is_none_or(|m| e.municipality == m))
            .map(|e| e.derived().days.expect("a visit's clock") <= 14);
        share(visits).0
    }

    #[test]
    fn the_demo_tables_parse() {
        let r = residents();
        assert_eq!(r.count(), 98_972);
        let towns: HashSet<&str> = r.ages.iter().map(|a| a.municipality.as_str()).collect();
        assert_eq!(towns, HashSet::from(["018", "407", "434", "504", "616", "638", "753"]));
        assert!(r.ages.iter().any(|a| a.age == 100));
        assert!(r.areas.len() > 50 && r.areas.iter().all(|a| towns.contains(a.municipality.as_str())));
    }

    #[test]
    fn bad_tables_name_the_line() {
        assert_eq!(parse_ages("# c\nmunicipality\tage\tmale\tfemale\n018\t7\t1\t2\n").unwrap()[0].count, 3);
        let e = parse_ages("municipality\tage\tmale\tfemale\n018\t101\t1\t2\n").unwrap_err();
        assert!(e.contains("line 2") && e.contains("age"), "{e}");
        assert!(parse_ages("municipality\tage\tmale\n").unwrap_err().contains("female"));
        let e = parse_areas("postcode\tmunicipality\tpopulation\n0710\t018\t5\n").unwrap_err();
        assert!(e.contains("line 2") && e.contains("postcode"), "{e}");
        assert!(parse_areas("").is_err());
    }

    #[test]
    fn demo_sites_name_real_units_organizations_and_services() {
        let units: serde_json::Value = serde_json::from_str(UNITS).unwrap();
        let services: serde_json::Value = serde_json::from_str(SERVICES).unwrap();
        let units: HashMap<&str, (&str, &str)> = units["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| (text(&u["id"]), (text(&u["organization"]), text(&u["address"]["municipality"]))))
            .collect();
        let services: HashSet<&str> =
            services["services"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
        let sites = demo_sites();
        for site in &sites {
            let (organization, municipality) = units.get(site.unit.as_str()).copied().unwrap_or_else(|| {
                panic!("{} is not in units.json", site.unit);
            });
            assert_eq!((site.producer.as_str(), site.municipality.as_str()), (organization, municipality), "{site:?}");
            if let Some(service) = &site.service {
                assert!(services.contains(service.as_str()), "{service} is not in services.json");
            }
        }
        for group in Group::ALL {
            assert!(sites.iter().any(|s| s.group == group), "no site for {group:?}");
        }
        let pairs: HashSet<(&str, Group)> = sites.iter().map(|s| (s.unit.as_str(), s.group)).collect();
        assert_eq!(pairs.len(), sites.len(), "a unit twice in one group");
    }

    #[test]
    fn the_same_seed_makes_the_same_year_and_another_seed_another() {
        let small: Vec<AgeRow> =
            residents().ages.iter().filter(|a| a.municipality == "616" || a.municipality == "407").cloned().collect();
        let config = Config { year: 2026, seed: 7 };
        let a = generate(&small, &residents().areas, &demo_sites(), &config);
        let b = generate(&small, &residents().areas, &demo_sites(), &config);
        assert!(a.len() > 10_000);
        assert!(a == b, "the same input and seed gave different years");
        let c = generate(&small, &residents().areas, &demo_sites(), &Config { seed: 8, ..config });
        assert!(a != c);
        let y = generate(&small, &residents().areas, &demo_sites(), &Config { year: 2027, ..config });
        assert!(y.iter().all(|e| e.at.year() == 2027 && e.id.starts_with("syn-2027-")));
    }

    #[test]
    fn about_two_million_events_with_unique_ids() {
        let events = year();
        assert!((1_800_000..=2_200_000).contains(&events.len()), "{} events", events.len());
        let ids: HashSet<&str> = events.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids.len(), events.len());
        assert!(events.iter().all(|e| e.id.starts_with("syn-2026-")));
    }

    #[test]
    fn every_event_is_valid_synthetic_and_in_the_year() {
        for e in year() {
            assert!(e.problems().is_empty(), "{:?}: {:?}", e.problems(), e);
            assert_eq!(e.at.year(), 2026, "{e:?}");
            assert_eq!(e.source, SOURCE);
            if e.kind != Kind::T3 {
                assert!(e.area.is_some() && e.language.is_some() && e.unit.is_some() && e.producer.is_some(), "{e:?}");
            }
        }
    }

    #[test]
    fn every_day_has_events_and_every_kind_and_group_occurs() {
        let days: HashSet<NaiveDate> = year().iter().map(|e| e.at.date()).collect();
        assert_eq!(days.len(), 365);
        let kinds: HashSet<Kind> = year().iter().map(|e| e.kind).collect();
        assert_eq!(kinds.len(), Kind::ALL.len());
        let groups: HashSet<Group> = year().iter().map(|e| e.group).collect();
        assert_eq!(groups.len(), Group::ALL.len());
    }

    #[test]
    fn non_urgent_primary_care_waits_by_municipality_and_age() {
        let all = within_14(None);
        assert!((0.6..=0.9).contains(&all), "{all}");
        let (lapinjarvi, porvoo) = (within_14(Some("407")), within_14(Some("638")));
        assert!(lapinjarvi + 0.05 < porvoo, "Lapinjärvi {lapinjarvi}, Porvoo {porvoo}");
        let young = year().iter().filter(|e| non_urgent_primary(e) && e.age < Some(23));
        let (young, _) = share(young.map(|e| e.derived().days.unwrap() <= 14));
        assert!(young > all + 0.05, "under 23: {young}");
        let (three_months, _) =
            share(year().iter().filter(|e| non_urgent_primary(e)).map(|e| e.derived().months <= Some(3)));
        assert!((0.95..=0.99).contains(&three_months), "{three_months}");
    }

    #[test]
    fn most_contacts_are_assessed_the_same_day() {
        let assessments = year().iter().filter(|e| {
            e.kind == Kind::Assessment
                && e.group == Group::PrimaryNurse
                && e.started_at.is_some_and(|s| s.year() == 2026)
        });
        let (same_day, n) = share(assessments.map(|e| e.derived().days == Some(0)));
        assert!(n > 100_000 && (0.93..=0.99).contains(&same_day), "{same_day} of {n}");
    }

    #[test]
    fn child_protection_starts_within_seven_working_days_except_the_summer_dip() {
        let started = |e: &&Event| {
            e.kind == Kind::Assessment && e.group == Group::ChildProtection && e.status.as_deref() == Some("started")
        };
        let (all, n) = share(year().iter().filter(started).map(|e| e.derived().working_days.unwrap() <= 7));
        assert!(n > 1_000 && (0.85..=0.99).contains(&all), "{all} of {n}");
        let dip = year().iter().filter(started).filter(|e| e.municipality == "434" && e.at.month() == 7);
        let (dip, n) = share(dip.map(|e| e.derived().working_days.unwrap() <= 7));
        assert!(n >= 5 && dip < 0.95, "Loviisa in July: {dip} of {n}");
        let finished =
            year().iter().filter(|e| e.group == Group::ChildProtection && e.status.as_deref() == Some("finished"));
        let (in_3_months, _) = share(finished.map(|e| e.derived().months.unwrap() <= 3));
        assert!((0.85..=0.97).contains(&in_3_months), "{in_3_months}");
    }

    #[test]
    fn emergency_revisits_within_48_hours() {
        let mut visits: Vec<(&str, i64)> = year()
            .iter()
            .filter(|e| e.kind == Kind::Visit && e.group == Group::Emergency)
            .map(|e| (e.client.as_str(), e.derived().minute_no))
            .collect();
        visits.sort_unstable();
        let revisits = visits.windows(2).filter(|w| w[0].0 == w[1].0 && w[1].1 - w[0].1 <= 48 * 60).count();
        let share = revisits as f64 / visits.len() as f64;
        assert!((0.05..=0.10).contains(&share), "{share}");
        assert!(
            year()
                .iter()
                .any(|e| e.group == Group::Emergency && e.at.hour() < 6 && e.at.weekday().num_days_from_monday() >= 5)
        );
    }

    #[test]
    fn older_people_in_housing_and_home_care_month_by_month() {
        let over_75: u64 = residents().ages.iter().filter(|a| a.age >= 75).map(|a| u64::from(a.count)).sum();
        for month in [1, 6, 12] {
            let clients = |group: Group| {
                let of: HashSet<&str> = year()
                    .iter()
                    .filter(|e| e.kind == Kind::Visit && e.group == group && e.at.month() == month)
                    .filter(|e| e.age >= Some(75))
                    .map(|e| e.client.as_str())
                    .collect();
                of.len() as f64 / over_75 as f64
            };
            let (housing, home_care) = (clients(Group::Housing24h), clients(Group::HomeCare));
            assert!((0.05..=0.09).contains(&housing), "month {month}: housing {housing}");
            assert!((0.07..=0.13).contains(&home_care), "month {month}: home care {home_care}");
        }
        let costs = year().iter().filter(|e| e.group == Group::Housing24h && e.kind == Kind::Visit);
        assert!(costs.map(|e| e.cost.unwrap()).all(|c| (4_000.0..=6_000.0).contains(&c)));
    }

    #[test]
    fn t3_monthly_for_each_primary_care_site_worse_in_lapinjarvi() {
        let t3: Vec<&Event> = year().iter().filter(|e| e.kind == Kind::T3).collect();
        let sites =
            demo_sites().iter().filter(|s| matches!(s.group, Group::PrimaryDoctor | Group::PrimaryNurse)).count();
        assert_eq!(t3.len(), sites * 12);
        let mean = |code: &str| {
            let v: Vec<f64> = t3
                .iter()
                .filter(|e| e.municipality == code && e.group == Group::PrimaryDoctor)
                .map(|e| e.value.unwrap())
                .collect();
            v.iter().sum::<f64>() / v.len() as f64
        };
        assert!(mean("407") > mean("638") * 1.4);
        assert!(t3.iter().all(|e| e.client.is_empty() && e.age.is_none() && e.unit.is_some()));
    }

    #[test]
    fn languages_continuity_and_the_preventive_shift() {
        let swedish = |code: &str| {
            let mut seen = HashSet::new();
            let people = year().iter().filter(|e| e.municipality == code && seen.insert(e.client.as_str()));
            share(people.map(|e| e.language == Some(Language::Sv))).0
        };
        let (loviisa, askola) = (swedish("434"), swedish("018"));
        assert!((0.35..=0.45).contains(&loviisa) && askola < 0.06, "{loviisa} {askola}");

        // Continuity: the mean Bice–Boxerman COC of clients with two or more doctor visits.
        let continuity = |code: &str| {
            let mut by_client: HashMap<&str, HashMap<&str, u32>> = HashMap::new();
            for e in year().iter().filter(|e| e.municipality == code && e.kind == Kind::Visit) {
                if e.group == Group::PrimaryDoctor {
                    *by_client.entry(&e.client).or_default().entry(e.professional.as_deref().unwrap()).or_default() +=
                        1;
                }
            }
            let coc: Vec<f64> = by_client
                .values()
                .map(|seen| (seen.values().map(|n| n * n).sum::<u32>(), seen.values().sum::<u32>()))
                .filter(|&(_, n)| n >= 2)
                .map(|(squares, n)| f64::from(squares - n) / f64::from(n * (n - 1)))
                .collect();
            coc.iter().sum::<f64>() / coc.len() as f64
        };
        let lapinjarvi = continuity("407");
        for other in ["018", "434", "504", "616", "638", "753"] {
            assert!(lapinjarvi + 0.05 < continuity(other), "COC 407 {lapinjarvi}, {other} {}", continuity(other));
        }

        // The shift: the preventive share of visits and contacts grows (flu vaccinations
        // left out, they come in the autumn anyway).
        let preventive = |months: std::ops::RangeInclusive<u32>| {
            let visits = year().iter().filter(|e| matches!(e.kind, Kind::Visit | Kind::Contact));
            let visits = visits.filter(|e| months.contains(&e.at.month()) && e.group != Group::HealthCounselling);
            share(visits.map(|e| e.group.preventive())).0
        };
        let (spring, autumn) = (preventive(2..=5), preventive(9..=11));
        assert!(autumn > spring * 1.1, "preventive share {spring} → {autumn}");
    }

    /// The year's figures as the indicators count them, for docs/synthetic-events.md:
    /// `cargo test -p monitor --release synthetic::tests::summary -- --ignored --nocapture`.
    #[test]
    #[ignore = "prints the year's figures"]
    fn summary() {
        let events = year();
        let towns = ["018", "407", "434", "504", "616", "638", "753"];
        let pct = |(x, n): (f64, usize)| format!("{:.1} % of {n}", x * 100.0);
        let by_town = |name: &str, keep: &dyn Fn(&Event) -> bool, ok: &dyn Fn(&Event) -> bool| {
            println!("{name}: county {}", pct(share(events.iter().filter(|e| keep(e)).map(ok))));
            for t in towns {
                println!("  {t}: {}", pct(share(events.iter().filter(|e| e.municipality == t && keep(e)).map(ok))));
            }
        };
        let mut kinds: HashMap<Kind, usize> = HashMap::new();
        let mut groups: HashMap<Group, (usize, f64)> = HashMap::new();
        for e in events {
            *kinds.entry(e.kind).or_default() += 1;
            let g = groups.entry(e.group).or_default();
            g.0 += 1;
            g.1 += e.cost.unwrap_or(0.0);
        }
        println!("{} events", events.len());
        for k in Kind::ALL {
            println!("  {}: {}", k.code(), kinds.get(&k).unwrap_or(&0));
        }
        let people = residents().count() as f64;
        for g in Group::ALL {
            let (n, cost) = groups.get(&g).copied().unwrap_or_default();
            println!("  {}: {n} events, {:.0} € per resident", g.code(), cost / people);
        }
        let wd = |e: &Event| e.derived().working_days.unwrap() <= 7;
        let months = |m: i32| move |e: &Event| e.derived().months.unwrap() <= m;
        by_town("primary within 14 days", &non_urgent_primary, &|e| e.derived().days.unwrap() <= 14);
        by_town("  under 23", &|e| non_urgent_primary(e) && e.age < Some(23), &|e| e.derived().days.unwrap() <= 14);
        by_town("primary within 3 months", &non_urgent_primary, &months(3));
        let primary_assessment = |e: &Event| e.kind == Kind::Assessment && e.group == Group::PrimaryNurse;
        by_town("same-day assessment", &primary_assessment, &|e| e.derived().days == Some(0));
        let oral = |e: &Event| e.kind == Kind::Visit && e.group == Group::Oral && e.urgent == Some(false);
        by_town("oral within limit", &oral, &|e| months(if e.age < Some(23) { 3 } else { 6 })(e));
        let started = |g: Group| move |e: &Event| e.group == g && e.status.as_deref() == Some("started");
        by_town("75+ assessment by 7th working day", &|e| started(Group::HomeCare)(e) && e.age >= Some(75), &wd);
        by_town("child protection by 7th working day", &started(Group::ChildProtection), &wd);
        for m in 1..=12 {
            let keep = |e: &&Event| started(Group::ChildProtection)(e) && e.municipality == "434" && e.at.month() == m;
            println!("  434 month {m}: {}", pct(share(events.iter().filter(keep).map(wd))));
        }
        let finished = |e: &Event| e.group == Group::ChildProtection && e.status.as_deref() == Some("finished");
        by_town("child protection finished in 3 months", &finished, &months(3));
        by_town("disability by 7th working day", &started(Group::Disability), &wd);
        let service_start = |e: &Event| {
            e.kind == Kind::ServiceStart && matches!(e.group, Group::HomeCare | Group::Housing24h | Group::Disability)
        };
        by_town("decision in effect in 3 months", &service_start, &months(3));
        let mut emergency: Vec<(&str, i64)> = events
            .iter()
            .filter(|e| e.kind == Kind::Visit && e.group == Group::Emergency)
            .map(|e| (e.client.as_str(), e.derived().minute_no))
            .collect();
        emergency.sort_unstable();
        let revisits = emergency.windows(2).filter(|w| w[0].0 == w[1].0 && w[1].1 - w[0].1 <= 48 * 60).count();
        println!("emergency revisits in 48 h: {revisits} of {}", emergency.len());
        for t in towns {
            let mut by_client: HashMap<&str, HashMap<&str, u32>> = HashMap::new();
            for e in events.iter().filter(|e| e.municipality == t && e.kind == Kind::Visit) {
                if e.group == Group::PrimaryDoctor {
                    *by_client.entry(&e.client).or_default().entry(e.professional.as_deref().unwrap()).or_default() +=
                        1;
                }
            }
            let coc: Vec<f64> = by_client
                .values()
                .map(|seen| (seen.values().map(|n| n * n).sum::<u32>(), seen.values().sum::<u32>()))
                .filter(|&(_, n)| n >= 2)
                .map(|(squares, n)| f64::from(squares - n) / f64::from(n * (n - 1)))
                .collect();
            let t3 = |g: Group| {
                let v: Vec<f64> = events
                    .iter()
                    .filter(|e| e.kind == Kind::T3 && e.municipality == t && e.group == g)
                    .map(|e| e.value.unwrap())
                    .collect();
                v.iter().sum::<f64>() / v.len() as f64
            };
            let (t3_doctor, t3_nurse) = (t3(Group::PrimaryDoctor), t3(Group::PrimaryNurse));
            let people: HashMap<&str, Option<Language>> =
                events.iter().filter(|e| e.municipality == t).map(|e| (e.client.as_str(), e.language)).collect();
            let (sv, _) = share(people.values().map(|l| *l == Some(Language::Sv)));
            let (other, _) = share(people.values().map(|l| *l == Some(Language::Other)));
            println!(
                "{t}: COC {:.2} ({} clients), T3 doctor {t3_doctor:.1} nurse {t3_nurse:.1}, sv {sv:.2} other {other:.2}",
                coc.iter().sum::<f64>() / coc.len() as f64,
                coc.len()
            );
        }
        let over_75: u64 = residents().ages.iter().filter(|a| a.age >= 75).map(|a| u64::from(a.count)).sum();
        for m in 1..=12 {
            let in_month = |g: Group| {
                let of: HashSet<&str> = events
                    .iter()
                    .filter(|e| e.kind == Kind::Visit && e.group == g && e.at.month() == m && e.age >= Some(75))
                    .map(|e| e.client.as_str())
                    .collect();
                of.len() as f64 / over_75 as f64 * 100.0
            };
            let visits = events.iter().filter(|e| matches!(e.kind, Kind::Visit | Kind::Contact) && e.at.month() == m);
            let (preventive, n) = share(visits.map(|e| e.group.preventive()));
            println!(
                "month {m}: 75+ in housing {:.1} %, in home care {:.1} %, preventive {:.1} % of {n} visits and contacts",
                in_month(Group::Housing24h),
                in_month(Group::HomeCare),
                preventive * 100.0
            );
        }
    }

    fn text(v: &serde_json::Value) -> &str {
        v.as_str().unwrap()
    }

    fn rates_table() -> String {
        let mut t = String::from("| Episodes per resident per year |");
        for (_, label) in BANDS {
            t += &format!(" {label} |");
        }
        t += "\n|---|";
        t += &"---:|".repeat(BANDS.len());
        for s in STREAMS {
            t += &format!("\n| {} |", s.name);
            for r in s.rates {
                t += &format!(" {r} |");
            }
        }
        for (name, shares) in [
            ("Share in 24-hour housing on 1 January", HOUSING_SHARE),
            ("Share in home care on 1 January (outside housing)", HOME_CARE_SHARE),
        ] {
            t += &format!("\n| {name} |");
            for r in shares {
                t += &format!(" {r} |");
            }
        }
        t
    }

    fn municipalities_table() -> String {
        let mut t = String::from(
            "| Municipality | Swedish | Other language | Primary care within 14 days (23+) | Beyond 3 months \
             | Own professional | Child protection started by 7th working day | Oral within 3 months (23+) \
             | T3 doctor (days) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        );
        for m in MUNICIPALITIES.iter().chain([&OTHER_MUNICIPALITY]) {
            let name = if m.code.is_empty() { "any other".to_owned() } else { format!("{} {}", m.code, m.name) };
            t += &format!(
                "\n| {name} | {} | {} | {} | {} | {} | {} | {} | {} |",
                m.swedish,
                m.other,
                m.within_14_days,
                m.beyond_3_months,
                m.own_professional,
                m.child_protection_7_days,
                m.oral_3_months,
                m.t3_doctor
            );
        }
        t
    }

    #[test]
    fn the_documentation_shows_the_rates_in_use() {
        let missing: Vec<String> =
            [rates_table(), municipalities_table()].into_iter().filter(|t| !DOC.contains(t.as_str())).collect();
        assert!(missing.is_empty(), "docs/synthetic-events.md lacks (or has an old)\n\n{}", missing.join("\n\n"));
    }
}
