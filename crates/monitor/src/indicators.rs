//! THL's indicators as SQL over the `events` table (see [`crate::columns`]), with the
//! `population` (residents by municipality and age) and `need` (need coefficients by
//! municipality) tables.
//!
//! Every indicator gives, per group of its breakdown, a numerator, a denominator and
//! the number of cases the figure is about (for suppression): a share is
//! numerator / denominator × 100, a mean is numerator / denominator. The SQL uses only
//! integer arithmetic, `CASE`, `COUNT`, `SUM`, `COUNT(DISTINCT …)`, joins, subqueries and
//! `LEAD … OVER`: it runs unchanged on DataFusion, PostgreSQL and SQLite.

use domain::Lang;
use serde::Serialize;

/// What a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A share in per cent.
    Percent,
    /// A mean number of days.
    Days,
    /// An index from 0 to 1.
    Index,
    /// Euros per resident.
    Euros,
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    Higher,
    Lower,
}

/// What a figure can be broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dim {
    Municipality,
    Area,
    AgeGroup,
    /// Under 23 or 23 and over: the law's two groups for non-urgent primary care.
    AgeLimit,
    Language,
    Producer,
    ServiceGroup,
}

impl Dim {
    pub const ALL: [Dim; 7] =
        [Dim::Municipality, Dim::Area, Dim::AgeGroup, Dim::AgeLimit, Dim::Language, Dim::Producer, Dim::ServiceGroup];

    pub fn code(self) -> &'static str {
        match self {
            Dim::Municipality => "municipality",
            Dim::Area => "area",
            Dim::AgeGroup => "age_group",
            Dim::AgeLimit => "age_limit",
            Dim::Language => "language",
            Dim::Producer => "producer",
            Dim::ServiceGroup => "service_group",
        }
    }

    pub fn parse(s: &str) -> Option<Dim> {
        Dim::ALL.into_iter().find(|d| d.code() == s)
    }

    /// The SQL expression of the dimension over `events`.
    pub(crate) fn expr(self) -> &'static str {
        match self {
            Dim::Municipality => "municipality",
            Dim::Area => "area",
            Dim::AgeGroup => "age_group",
            Dim::AgeLimit => "CASE WHEN age < 23 THEN 'under_23' ELSE '23_plus' END",
            Dim::Language => "language",
            Dim::Producer => "producer",
            Dim::ServiceGroup => "service_group",
        }
    }
}

/// The period a figure is counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Week,
    Month,
    Year,
}

impl Period {
    pub fn code(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
        }
    }

    pub fn parse(s: &str) -> Option<Period> {
        [Period::Week, Period::Month, Period::Year].into_iter().find(|p| p.code() == s)
    }
}

/// How an indicator is counted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    /// Events passing `filter`; the share of them passing `numerator`.
    Share { filter: &'static str, numerator: &'static str },
    /// Events passing `filter`; the mean of `value`.
    Mean { filter: &'static str, value: &'static str },
    /// The continuity of care index (Bice–Boxerman COC) of each client with at least two
    /// visits passing `filter`, averaged over clients.
    Continuity { filter: &'static str },
    /// Events passing `filter` followed by another such event of the same client within
    /// `minutes`; the share of those.
    Revisit { filter: &'static str, minutes: i64 },
    /// Residents passing `population` less the distinct clients of events passing `filter`,
    /// as a share of those residents.
    ResidentsWithout { filter: &'static str, population: &'static str },
    /// The sum of `value` over events passing `filter`, per resident (divided by the
    /// municipality's need coefficient when `need_adjusted`).
    PerResident { filter: &'static str, value: &'static str, need_adjusted: bool },
}

/// One indicator: its definition for people and for the engine.
#[derive(Debug, Clone, Copy)]
pub struct Indicator {
    pub id: &'static str,
    /// Name in fi, sv, en.
    pub name: [&'static str; 3],
    /// The definition in words, fi, sv, en: what is counted, over whom.
    pub definition: [&'static str; 3],
    /// The formula in words (English, as THL's metadata gives it).
    pub formula: &'static str,
    /// Where the definition comes from.
    pub source: &'static str,
    pub unit: Unit,
    pub better: Better,
    /// The breakdowns the data allows (the county total always).
    pub dims: &'static [Dim],
    pub shape: Shape,
}

impl Indicator {
    pub fn name(&self, lang: Lang) -> &'static str {
        self.name[lang_index(lang)]
    }

    pub fn definition(&self, lang: Lang) -> &'static str {
        self.definition[lang_index(lang)]
    }

    pub fn allows(&self, dim: Dim) -> bool {
        self.dims.contains(&dim)
    }
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Fi => 0,
        Lang::Sv => 1,
        Lang::En => 2,
    }
}

const CLIENT_DIMS: &[Dim] =
    &[Dim::Municipality, Dim::Area, Dim::AgeGroup, Dim::AgeLimit, Dim::Language, Dim::Producer, Dim::ServiceGroup];
const RESIDENT_DIMS: &[Dim] = &[Dim::Municipality, Dim::AgeGroup];

const THL_TIMELINESS: &str = "THL, Hoitoonpääsy perusterveydenhuollossa (Avohilmo), https://thl.fi/tilastot-ja-data/tilastot-aiheittain/terveyspalvelut/hoitoonpaasy-perusterveydenhuollossa";
const THL_EVALUATION: &str = "THL, Hyvinvointialueiden sosiaali- ja terveyspalvelujen arviointi (Sotkanet indicators), https://thl.fi/aiheet/sote-palvelujen-johtaminen/arviointi";

/// Every indicator Polku computes from events, in the order the dashboard shows them.
pub static INDICATORS: &[Indicator] = &[
    Indicator {
        id: "t3",
        name: [
            "T3: päiviä kolmanteen vapaaseen kiireettömään aikaan",
            "T3: dagar till den tredje lediga icke-brådskande tiden",
            "T3: days to the third free non-urgent appointment",
        ],
        definition: [
            "Yksiköiden mittauspäivinä ilmoittama kalenteripäivien määrä kolmanteen vapaaseen kiireettömään vastaanottoaikaan, keskiarvo.",
            "Antalet kalenderdagar till den tredje lediga icke-brådskande mottagningstiden som enheterna anger på mätdagarna, medeltal.",
            "The number of calendar days to the third free non-urgent appointment reported by the units on their measurement days, mean.",
        ],
        formula: "sum of the units' T3 measurements / number of measurements",
        source: THL_TIMELINESS,
        unit: Unit::Days,
        better: Better::Lower,
        dims: &[Dim::Municipality, Dim::Producer],
        shape: Shape::Mean { filter: "kind = 't3'", value: "value" },
    },
    Indicator {
        id: "primary_visit_14d",
        name: [
            "Kiireetön hoito perusterveydenhuollossa 14 päivässä",
            "Icke-brådskande vård inom primärvården inom 14 dagar",
            "Non-urgent primary care within 14 days",
        ],
        definition: [
            "Osuus kiireettömistä lääkärin ja hoitajan käynneistä, jotka toteutuivat 14 vuorokauden kuluessa hoidon tarpeen arvioinnista.",
            "Andelen icke-brådskande läkar- och skötarbesök som skedde inom 14 dygn från bedömningen av vårdbehovet.",
            "The share of non-urgent doctor and nurse visits that took place within 14 days of the care-need assessment.",
        ],
        formula: "visits with days from the assessment ≤ 14 / non-urgent primary-care visits with an assessment × 100",
        source: THL_TIMELINESS,
        unit: Unit::Percent,
        better: Better::Higher,
        dims: CLIENT_DIMS,
        shape: Shape::Share {
            filter: "kind = 'visit' AND service_group IN ('primary_doctor', 'primary_nurse') AND urgent = false AND days IS NOT NULL",
            numerator: "days <= 14",
        },
    },
    Indicator {
        id: "primary_visit_3m",
        name: [
            "Kiireetön hoito perusterveydenhuollossa 3 kuukaudessa",
            "Icke-brådskande vård inom primärvården inom 3 månader",
            "Non-urgent primary care within 3 months",
        ],
        definition: [
            "Osuus kiireettömistä lääkärin ja hoitajan käynneistä, jotka toteutuivat kolmen kuukauden kuluessa hoidon tarpeen arvioinnista (23 vuotta täyttäneiden lakisääteinen enimmäisaika vuodesta 2025).",
            "Andelen icke-brådskande läkar- och skötarbesök som skedde inom tre månader från bedömningen av vårdbehovet (den lagstadgade maximitiden för personer över 23 år från 2025).",
            "The share of non-urgent doctor and nurse visits that took place within three months of the care-need assessment (the legal limit for people aged 23 and over from 2025).",
        ],
        formula: "visits with calendar months from the assessment ≤ 3 / non-urgent primary-care visits with an assessment × 100",
        source: THL_TIMELINESS,
        unit: Unit::Percent,
        better: Better::Higher,
        dims: CLIENT_DIMS,
        shape: Shape::Share {
            filter: "kind = 'visit' AND service_group IN ('primary_doctor', 'primary_nurse') AND urgent = false AND days IS NOT NULL",
            numerator: "months <= 3",
        },
    },
    Indicator {
        id: "same_day_contact",
        name: [
            "Hoidon tarpeen arviointi samana päivänä",
            "Bedömning av vårdbehovet samma dag",
            "Care-need assessment on the day of contact",
        ],
        definition: [
            "Osuus perusterveydenhuollon hoidon tarpeen arvioinneista, jotka tehtiin samana päivänä kuin asiakas otti yhteyttä.",
            "Andelen bedömningar av vårdbehovet inom primärvården som gjordes samma dag som klienten tog kontakt.",
            "The share of primary-care care-need assessments made on the same day the client made contact.",
        ],
        formula: "assessments on the day of the contact / primary-care assessments with a contact × 100",
        source: THL_TIMELINESS,
        unit: Unit::Percent,
        better: Better::Higher,
        dims: CLIENT_DIMS,
        shape: Shape::Share {
            filter: "kind = 'assessment' AND service_group IN ('primary_doctor', 'primary_nurse') AND days IS NOT NULL",
            numerator: "days = 0",
        },
    },
    Indicator {
        id: "oral_within_limit",
        name: [
            "Kiireetön suun terveydenhuolto määräajassa",
            "Icke-brådskande munhälsovård inom tidsgränsen",
            "Non-urgent oral care within the limit",
        ],
        definition: [
            "Osuus kiireettömistä suun terveydenhuollon käynneistä, jotka toteutuivat määräajassa hoidon tarpeen arvioinnista: alle 23-vuotiailla 3 kuukautta, muilla 6 kuukautta (vuodesta 2025).",
            "Andelen icke-brådskande besök inom munhälsovården som skedde inom tidsgränsen från bedömningen av vårdbehovet: 3 månader för personer under 23 år, 6 månader för andra (från 2025).",
            "The share of non-urgent oral-care visits that took place within the limit from the care-need assessment: 3 months under 23, 6 months for others (from 2025).",
        ],
        formula: "visits within 3 (under 23) or 6 months (23 and over) / non-urgent oral-care visits with an assessment × 100",
        source: THL_TIMELINESS,
        unit: Unit::Percent,
        better: Better::Higher,
        dims: CLIENT_DIMS,
        shape: Shape::Share {
            filter: "kind = 'visit' AND service_group = 'oral' AND urgent = false AND days IS NOT NULL",
            numerator: "(age < 23 AND months <= 3) OR (age >= 23 AND months <= 6)",
        },
    },
    Indicator {
        id: "older_assessment_7wd",
        name: [
            "75 vuotta täyttäneiden palvelutarpeen arviointi alkanut 7 arkipäivässä",
            "Bedömning av servicebehovet för personer över 75 år inledd inom 7 vardagar",
            "Service-need assessments of people aged 75 and over started within 7 working days",
        ],
        definition: [
            "Osuus 75 vuotta täyttäneiden palvelutarpeen arvioinneista, jotka alkoivat viimeistään seitsemäntenä arkipäivänä yhteydenotosta (sosiaalihuoltolaki 36 §).",
            "Andelen bedömningar av servicebehovet för personer över 75 år som inleddes senast den sjunde vardagen efter kontakten (socialvårdslagen 36 §).",
            "The share of service-need assessments of people aged 75 and over that started by the 7th working day after the contact (Social Welfare Act 36 §).",
        ],
        formula: "assessments started within 7 working days (the day of contact not counted) / assessments started × 100",
        source: THL_EVALUATION,
        unit: Unit::Percent,
        better: Better::Higher,
        dims: CLIENT_DIMS,
        shape: Shape::Share {
            filter: "kind = 'assessment' AND status = 'started' AND service_group = 'home_care' AND age >= 75 AND working_days IS NOT NULL",
            numerator: "working_days <= 7",
        },
    },
    Indicator {
        id: "child_protection_7wd",
        name: [
            "Lastensuojelutarpeen selvitys aloitettu 7 arkipäivässä",
            "Barnskyddsutredning inledd inom 7 vardagar",
            "Child-protection assessments started within 7 working days",
        ],
        definition: [
            "Osuus lastensuojeluilmoituksista, joissa selvityksen aloittamisesta päätettiin viimeistään seitsemäntenä arkipäivänä ilmoituksesta.",
            "Andelen barnskyddsanmälningar där beslut om att inleda utredning fattades senast den sjunde vardagen efter anmälan.",
            "The share of child-protection reports where starting the assessment was decided by the 7th working day after the report.",
        ],
        formula: "assessments started within 7 working days of the report / assessments started × 100",
        source: THL_EVALUATION,
        unit: Unit::Percent,
        better: Better::Higher,
        dims: CLIENT_DIMS,
        shape: Shape::Share {
            filter: "kind = 'assessment' AND status = 'started' AND service_group = 'child_protection' AND working_days IS NOT NULL",
            numerator: "working_days <= 7",
        },
    },
    Indicator {
        id: "child_protection_3m",
        name: [
            "Lastensuojelutarpeen selvitys valmis 3 kuukaudessa",
            "Barnskyddsutredning klar inom 3 månader",
            "Child-protection assessments finished within 3 months",
        ],
        definition: [
            "Osuus valmistuneista lastensuojelutarpeen selvityksistä, jotka valmistuivat kolmen kuukauden kuluessa ilmoituksesta.",
            "Andelen färdiga barnskyddsutredningar som blev klara inom tre månader från anmälan.",
            "The share of finished child-protection assessments that were finished within three months of the report.",
        ],
        formula: "assessments finished within 3 calendar months / assessments finished × 100",
        source: THL_EVALUATION,
        unit: Unit::Percent,
        better: Better::Higher,
        dims: CLIENT_DIMS,
        shape: Shape::Share {
            filter: "kind = 'assessment' AND status = 'finished' AND service_group = 'child_protection' AND months IS NOT NULL",
            numerator: "months <= 3",
        },
    },
    Indicator {
        id: "disability_assessment_7wd",
        name: [
            "Vammaispalvelujen palvelutarpeen arviointi alkanut 7 arkipäivässä",
            "Bedömning av servicebehovet inom funktionshinderservicen inledd inom 7 vardagar",
            "Disability service-need assessments started within 7 working days",
        ],
        definition: [
            "Osuus vammaispalvelujen palvelutarpeen arvioinneista, jotka alkoivat viimeistään seitsemäntenä arkipäivänä yhteydenotosta (vammaispalvelulaki 2025).",
            "Andelen bedömningar av servicebehovet inom funktionshinderservicen som inleddes senast den sjunde vardagen efter kontakten (funktionshinderservicelagen 2025).",
            "The share of disability service-need assessments that started by the 7th working day after the contact (Disability Services Act 2025).",
        ],
        formula: "assessments started within 7 working days / assessments started × 100",
        source: THL_EVALUATION,
        unit: Unit::Percent,
        better: Better::Higher,
        dims: CLIENT_DIMS,
        shape: Shape::Share {
            filter: "kind = 'assessment' AND status = 'started' AND service_group = 'disability' AND working_days IS NOT NULL",
            numerator: "working_days <= 7",
        },
    },
    Indicator {
        id: "decision_in_effect_3m",
        name: [
            "Palvelupäätös toteutunut 3 kuukaudessa",
            "Servicebeslut verkställt inom 3 månader",
            "Service decisions in effect within 3 months",
        ],
        definition: [
            "Osuus alkaneista sosiaalipalveluista (kotihoito, ympärivuorokautinen palveluasuminen, vammaispalvelut), jotka alkoivat kolmen kuukauden kuluessa päätöksestä (vanhuspalvelulaki 18 §).",
            "Andelen påbörjade socialtjänster (hemvård, serviceboende med heldygnsomsorg, funktionshinderservice) som inleddes inom tre månader från beslutet (äldreomsorgslagen 18 §).",
            "The share of started social services (home care, round-the-clock service housing, disability services) that started within three months of the decision (Older Persons Act 18 §).",
        ],
        formula: "services started within 3 calendar months of the decision / services started with a decision × 100",
        source: THL_EVALUATION,
        unit: Unit::Percent,
        better: Better::Higher,
        dims: CLIENT_DIMS,
        shape: Shape::Share {
            filter: "kind = 'service_start' AND service_group IN ('home_care', 'housing_24h', 'disability') AND months IS NOT NULL",
            numerator: "months <= 3",
        },
    },
    Indicator {
        id: "continuity_coc",
        name: [
            "Hoidon jatkuvuus (COC-indeksi), lääkärikäynnit",
            "Vårdens kontinuitet (COC-index), läkarbesök",
            "Continuity of care (COC index), doctor visits",
        ],
        definition: [
            "Bice–Boxermanin COC-indeksi niille asiakkaille, joilla on jaksolla vähintään kaksi perusterveydenhuollon lääkärikäyntiä: 1 = aina sama lääkäri, 0 = joka kerta eri.",
            "Bice–Boxermans COC-index för klienter med minst två läkarbesök inom primärvården under perioden: 1 = alltid samma läkare, 0 = olika varje gång.",
            "The Bice–Boxerman COC index of clients with at least two primary-care doctor visits in the period: 1 = always the same doctor, 0 = a different one each time.",
        ],
        formula: "per client (Σ nⱼ² − N) / (N (N − 1)), nⱼ visits to professional j, N visits; mean over clients",
        source: "THL, Hoidon jatkuvuus perusterveydenhuollossa (COC), Sotkanet; Bice & Boxerman 1977",
        unit: Unit::Index,
        better: Better::Higher,
        dims: CLIENT_DIMS,
        shape: Shape::Continuity {
            filter: "kind = 'visit' AND service_group = 'primary_doctor' AND professional IS NOT NULL",
        },
    },
    Indicator {
        id: "emergency_revisit_48h",
        name: [
            "Päivystyksen uusintakäynnit 48 tunnissa",
            "Återbesök på jouren inom 48 timmar",
            "Emergency revisits within 48 hours",
        ],
        definition: [
            "Osuus päivystyskäynneistä, joita seurasi saman asiakkaan uusi päivystyskäynti 48 tunnin kuluessa.",
            "Andelen jourbesök som följdes av ett nytt jourbesök av samma klient inom 48 timmar.",
            "The share of emergency visits followed by another emergency visit of the same client within 48 hours.",
        ],
        formula: "emergency visits with the client's next emergency visit within 48 h / emergency visits × 100",
        source: THL_EVALUATION,
        unit: Unit::Percent,
        better: Better::Lower,
        dims: CLIENT_DIMS,
        shape: Shape::Revisit { filter: "kind = 'visit' AND service_group = 'emergency'", minutes: 48 * 60 },
    },
    Indicator {
        id: "older_at_home",
        name: [
            "Kotona asuvat 75 vuotta täyttäneet",
            "Hemmaboende personer över 75 år",
            "People aged 75 and over living at home",
        ],
        definition: [
            "Osuus 75 vuotta täyttäneistä asukkaista, jotka eivät jakson aikana olleet ympärivuorokautisessa palveluasumisessa tai laitoshoidossa.",
            "Andelen invånare över 75 år som under perioden inte bodde i serviceboende med heldygnsomsorg eller institutionsvård.",
            "The share of residents aged 75 and over who were not in round-the-clock service housing or institutional care during the period.",
        ],
        formula: "(residents 75+ − distinct clients 75+ in round-the-clock housing in the period) / residents 75+ × 100",
        source: "THL, Kotona asuvat 75 vuotta täyttäneet, % vastaavanikäisestä väestöstä (Sotkanet 3261)",
        unit: Unit::Percent,
        better: Better::Higher,
        dims: RESIDENT_DIMS,
        shape: Shape::ResidentsWithout {
            filter: "kind = 'visit' AND service_group = 'housing_24h' AND age >= 75",
            population: "age >= 75",
        },
    },
    Indicator {
        id: "preventive_share",
        name: [
            "Ehkäisevien ja matalan kynnyksen palvelujen osuus",
            "Andelen förebyggande tjänster och lågtröskeltjänster",
            "Share of preventive and low-threshold services",
        ],
        definition: [
            "Ehkäisevien ja matalan kynnyksen palvelujen (neuvolat, koulu- ja opiskeluterveydenhuolto, terveysneuvonta, matalan kynnyksen palvelut) osuus kaikista käynneistä ja yhteydenotoista.",
            "Andelen förebyggande tjänster och lågtröskeltjänster (rådgivning, skol- och studerandehälsovård, hälsorådgivning, lågtröskeltjänster) av alla besök och kontakter.",
            "The share of preventive and low-threshold services (clinics, school and student health care, health counselling, low-threshold services) of all visits and contacts.",
        ],
        formula: "visits and contacts in preventive groups / all visits and contacts × 100",
        source: "Polku's definition after THL's classification of preventive services (sote-uudistuksen tavoitteet)",
        unit: Unit::Percent,
        better: Better::Higher,
        dims: &[Dim::Municipality, Dim::Area, Dim::AgeGroup, Dim::AgeLimit, Dim::Language, Dim::Producer],
        shape: Shape::Share { filter: "kind IN ('visit', 'contact')", numerator: "preventive" },
    },
    Indicator {
        id: "cost_per_resident",
        name: ["Kustannukset asukasta kohden", "Kostnader per invånare", "Cost per resident"],
        definition: [
            "Tapahtumiin kirjatut kustannukset euroina asukasta kohden, palveluryhmittäin.",
            "Kostnaderna som bokförts på händelserna i euro per invånare, per tjänstegrupp.",
            "The costs recorded on the events in euros per resident, by service group.",
        ],
        formula: "sum of costs / residents",
        source: THL_EVALUATION,
        unit: Unit::Euros,
        better: Better::Lower,
        dims: &[Dim::Municipality, Dim::AgeGroup, Dim::ServiceGroup],
        shape: Shape::PerResident { filter: "cost IS NOT NULL", value: "cost", need_adjusted: false },
    },
    Indicator {
        id: "cost_per_resident_need_adjusted",
        name: [
            "Tarvevakioidut kustannukset asukasta kohden",
            "Behovsstandardiserade kostnader per invånare",
            "Need-adjusted cost per resident",
        ],
        definition: [
            "Kustannukset asukasta kohden jaettuna kunnan tarvekertoimella: 100 € kertoimella 1,25 on 80 € tarvevakioituna.",
            "Kostnader per invånare dividerade med kommunens behovskoefficient: 100 € med koefficienten 1,25 är 80 € behovsstandardiserat.",
            "Cost per resident divided by the municipality's need coefficient: 100 € with a coefficient of 1.25 is 80 € need-adjusted.",
        ],
        formula: "sum of (cost / the municipality's need coefficient) / residents",
        source: "Need coefficients: the county's own table (data/monitoring/need.tsv); THL's need-adjusted cost comparison",
        unit: Unit::Euros,
        better: Better::Lower,
        dims: &[Dim::Municipality, Dim::ServiceGroup],
        shape: Shape::PerResident { filter: "cost IS NOT NULL", value: "cost", need_adjusted: true },
    },
];

/// The indicator with this id.
pub fn indicator(id: &str) -> Option<&'static Indicator> {
    INDICATORS.iter().find(|i| i.id == id)
}

/// The breakdown and range of one computation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Slice {
    /// The dimensions to break down by (none: the county).
    pub by: Vec<Dim>,
    /// The period to count by (none: the whole range as one).
    pub period: Option<Period>,
    /// Day numbers ([`domain::event::day_no`]), both included.
    pub from_day: i32,
    pub to_day: i32,
    /// Only events with these values (e.g. one municipality).
    pub filters: Vec<(Dim, String)>,
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The SQL of an indicator for a slice: columns `k0…kn` (the breakdown, as text), `period`
/// (an integer, 0 for the whole range), `numerator`, `denominator`, `cases`.
/// The same text runs on DataFusion and PostgreSQL.
pub fn sql(indicator: &Indicator, slice: &Slice) -> String {
    let period = match slice.period {
        Some(p) => p.code(),
        None => "0",
    };
    let keys: Vec<String> = slice
        .by
        .iter()
        .enumerate()
        .map(|(i, d)| format!("CAST({} AS VARCHAR) AS k{i}", d.expr()))
        .chain(std::iter::once(format!("{period} AS period")))
        .collect();
    let aliases: Vec<String> = (0..slice.by.len()).map(|i| format!("k{i}")).chain(["period".into()]).collect();
    let keys_sql = keys.join(", ");
    let group = aliases.join(", ");
    let range = format!("day_no BETWEEN {} AND {}", slice.from_day, slice.to_day);
    let filters: String = slice.filters.iter().map(|(d, v)| format!(" AND {} = {}", d.expr(), quote(v))).collect();
    match indicator.shape {
        Shape::Share { filter, numerator } => format!(
            "SELECT {group}, SUM(CASE WHEN {numerator} THEN 1 ELSE 0 END) AS numerator, COUNT(*) AS denominator, \
             SUM(CASE WHEN {numerator} THEN 1 ELSE 0 END) AS cases \
             FROM (SELECT {keys_sql}, * FROM events WHERE {filter} AND {range}{filters}) e GROUP BY {group}"
        ),
        Shape::Mean { filter, value } => format!(
            "SELECT {group}, SUM({value}) AS numerator, COUNT(*) AS denominator, COUNT(*) AS cases \
             FROM (SELECT {keys_sql}, * FROM events WHERE {filter} AND {range}{filters}) e GROUP BY {group}"
        ),
        Shape::Continuity { filter } => format!(
            "SELECT {group}, SUM(coc) AS numerator, COUNT(*) AS denominator, COUNT(*) AS cases FROM (\
             SELECT {group}, client, CAST(SUM(n * n) - SUM(n) AS DOUBLE PRECISION) / (SUM(n) * (SUM(n) - 1)) AS coc FROM (\
             SELECT {group}, client, professional, COUNT(*) AS n \
             FROM (SELECT {keys_sql}, client, professional FROM events WHERE {filter} AND {range}{filters}) e \
             GROUP BY {group}, client, professional) a \
             GROUP BY {group}, client HAVING SUM(n) >= 2) b GROUP BY {group}"
        ),
        Shape::Revisit { filter, minutes } => format!(
            "SELECT {group}, SUM(CASE WHEN next_minute - minute_no <= {minutes} THEN 1 ELSE 0 END) AS numerator, \
             COUNT(*) AS denominator, SUM(CASE WHEN next_minute - minute_no <= {minutes} THEN 1 ELSE 0 END) AS cases \
             FROM (SELECT {keys_sql}, day_no, minute_no, \
             LEAD(minute_no) OVER (PARTITION BY client ORDER BY minute_no) AS next_minute \
             FROM events WHERE {filter} AND day_no BETWEEN {} AND {}{filters}) e WHERE {range} GROUP BY {group}",
            slice.from_day,
            slice.to_day.saturating_add(2),
        ),
        Shape::ResidentsWithout { filter, population } => {
            let (pop_keys, join) = population_keys(slice);
            format!(
                "SELECT {outer}, p.residents - e.clients AS numerator, p.residents AS denominator, e.clients AS cases \
                 FROM (SELECT {group}, COUNT(DISTINCT client) AS clients \
                 FROM (SELECT {keys_sql}, client FROM events WHERE {filter} AND {range}{filters}) x GROUP BY {group}) e \
                 JOIN (SELECT {pop_keys}, SUM(residents) AS residents FROM population WHERE {population}{pop_filters} \
                 GROUP BY {pop_group}) p ON {join}",
                outer = aliases.iter().map(|a| format!("e.{a}")).collect::<Vec<_>>().join(", "),
                pop_filters = population_filters(slice),
                pop_group = pop_group(slice),
            )
        }
        Shape::PerResident { filter, value, need_adjusted } => {
            let (pop_keys, join) = population_keys(slice);
            // Need-adjusted: each event carries its municipality's coefficient, so the rest of
            // the query reads `events` as every other shape does.
            let (from, value) = if need_adjusted {
                (
                    "(SELECT x.*, need.coefficient FROM events x \
                     JOIN need ON CAST(x.municipality AS VARCHAR) = need.municipality) events",
                    format!("{value} / coefficient"),
                )
            } else {
                ("events", value.to_owned())
            };
            format!(
                "SELECT {outer}, e.total AS numerator, p.residents AS denominator, e.n AS cases \
                 FROM (SELECT {group}, SUM(v) AS total, COUNT(*) AS n \
                 FROM (SELECT {keys_sql}, {value} AS v FROM {from} WHERE {filter} AND {range}{filters}) x GROUP BY {group}) e \
                 JOIN (SELECT {pop_keys}, SUM(residents) AS residents FROM population WHERE 1 = 1{pop_filters} \
                 GROUP BY {pop_group}) p ON {join}",
                outer = aliases.iter().map(|a| format!("e.{a}")).collect::<Vec<_>>().join(", "),
                pop_filters = population_filters(slice),
                pop_group = pop_group(slice),
            )
        }
    }
}

/// The population's columns for the breakdown's dimensions it has, and the join with the
/// events' groups on them (a dimension the population lacks, such as the service group,
/// joins every group with the same residents).
fn population_keys(slice: &Slice) -> (String, String) {
    let mut keys = vec!["1 AS one".to_owned()];
    let mut join = vec!["1 = 1".to_owned()];
    for (i, d) in slice.by.iter().enumerate() {
        if let Some(column) = population_column(*d) {
            keys.push(format!("{column} AS k{i}"));
            join.push(format!("e.k{i} = p.k{i}"));
        }
    }
    (keys.join(", "), join.join(" AND "))
}

fn pop_group(slice: &Slice) -> String {
    let mut group = vec!["1".to_owned()];
    group.extend(slice.by.iter().filter_map(|d| population_column(*d)).map(str::to_owned));
    group.join(", ")
}

fn population_column(d: Dim) -> Option<&'static str> {
    match d {
        Dim::Municipality => Some("municipality"),
        Dim::AgeGroup => Some("age_group"),
        Dim::AgeLimit => Some("CASE WHEN age < 23 THEN 'under_23' ELSE '23_plus' END"),
        _ => None,
    }
}

fn population_filters(slice: &Slice) -> String {
    slice
        .filters
        .iter()
        .filter_map(|(d, v)| population_column(*d).map(|c| format!(" AND {c} = {}", quote(v))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_every_text_is_there() {
        let mut ids: Vec<&str> = INDICATORS.iter().map(|i| i.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), INDICATORS.len());
        for i in INDICATORS {
            assert!(i.name.iter().chain(&i.definition).all(|t| !t.trim().is_empty()), "{}", i.id);
            assert!(!i.formula.is_empty() && !i.source.is_empty(), "{}", i.id);
        }
    }

    #[test]
    fn values_are_quoted() {
        let slice = Slice {
            by: vec![Dim::Municipality],
            period: Some(Period::Month),
            from_day: 0,
            to_day: 10,
            filters: vec![(Dim::Municipality, "63'8".into())],
        };
        let sql = sql(indicator("primary_visit_14d").unwrap(), &slice);
        assert!(sql.contains("municipality = '63''8'"), "{sql}");
    }
}
