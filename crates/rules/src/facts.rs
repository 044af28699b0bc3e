//! The facts about a person and household that rules may ask about.
//!
//! The list is closed: a rule naming another fact is an error, so that a typo
//! never turns into a silent "not eligible". Each fact has a kind, a range of
//! sensible values and a name in Finnish, Swedish and English for explanations.

use domain::text::Lang;

/// What kind of value a fact holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A number in `min..=max` (decimals allowed).
    Number { min: f32, max: f32 },
    /// Yes or no.
    Flag,
    /// One of a closed list of values (or, for `municipality`, a code).
    Choice,
}

macro_rules! facts {
    ($( $variant:ident $name:literal $kind:expr, [$fi:literal, $sv:literal, $en:literal]; )*) => {
        /// A fact about a person. The discriminant indexes columns and records.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Fact { $($variant),* }

        impl Fact {
            pub const ALL: &'static [Fact] = &[$(Fact::$variant),*];

            /// The name used in rule files and in JSON.
            pub fn name(self) -> &'static str {
                match self { $(Fact::$variant => $name),* }
            }

            pub fn kind(self) -> Kind {
                match self { $(Fact::$variant => $kind),* }
            }

            /// The fact in plain words, for explanations.
            pub fn label(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Fact::$variant, Lang::Fi) => $fi,
                      (Fact::$variant, Lang::Sv) => $sv,
                      (Fact::$variant, Lang::En) => $en,)*
                }
            }
        }
    };
}

const fn num(min: f32, max: f32) -> Kind {
    Kind::Number { min, max }
}

facts! {
    Age "age" num(0.0, 120.0), ["ikä", "ålder", "age"];
    Municipality "municipality" Kind::Choice, ["kotikunta", "hemkommun", "municipality of residence"];
    Sex "sex" Kind::Choice, ["sukupuoli", "kön", "sex"];
    Children "children" num(0.0, 20.0), ["alaikäisten lasten määrä", "antal minderåriga barn", "number of children under 18"];
    YoungestChildAge "youngest_child_age" num(0.0, 17.99), ["nuorimman lapsen ikä", "yngsta barnets ålder", "age of the youngest child"];
    LivesAlone "lives_alone" Kind::Flag, ["asuu yksin", "bor ensam", "lives alone"];
    SingleParent "single_parent" Kind::Flag, ["yksinhuoltaja", "ensamstående förälder", "single parent"];
    RaiMaple "rai_maple" num(1.0, 5.0), ["palveluntarve (RAI MAPLe)", "servicebehov (RAI MAPLe)", "care need (RAI MAPLe)"];
    Cps "cps" num(0.0, 6.0), ["kognitio (RAI CPS)", "kognition (RAI CPS)", "cognition (RAI CPS)"];
    AdlH "adl_h" num(0.0, 6.0), ["avun tarve päivittäisissä toimissa (RAI ADL-H)", "hjälpbehov i dagliga sysslor (RAI ADL-H)", "help needed in daily activities (RAI ADL-H)"];
    CareAllowance "care_allowance" num(0.0, 3.0), ["Kelan hoitotuen taso", "nivå på FPA:s vårdbidrag", "Kela care allowance level"];
    Pregnant "pregnant" Kind::Flag, ["raskaana", "gravid", "pregnant"];
    Student "student" Kind::Flag, ["opiskelija", "studerande", "student"];
    Income "income" num(0.0, 1_000_000.0), ["kotitalouden bruttotulot (€/kk)", "hushållets bruttoinkomster (€/mån)", "household gross income (€/month)"];
    DiagnosisGroup "diagnosis_group" Kind::Choice, ["sairaus- tai vammaryhmä", "sjukdoms- eller funktionsnedsättningsgrupp", "diagnosis or disability group"];
    MotherTongue "mother_tongue" Kind::Choice, ["äidinkieli", "modersmål", "mother tongue"];
    HasInformalCarer "has_informal_carer" Kind::Flag, ["on omaishoitaja", "har en närståendevårdare", "has an informal carer"];
    CanUsePublicTransport "can_use_public_transport" Kind::Flag, ["pystyy käyttämään joukkoliikennettä", "kan använda kollektivtrafik", "can use public transport"];
    FamilySupportNeed "family_support_need" num(0.0, 3.0), ["perheen tuen tarve (0–3)", "familjens stödbehov (0–3)", "family's need for support (0–3)"];
    ChildrenUnder3 "children_under_3" num(0.0, 20.0), ["alle 3-vuotiaiden lasten määrä", "antal barn under 3 år", "number of children under 3"];
    ChildrenUnder7 "children_under_7" num(0.0, 20.0), ["alle 7-vuotiaiden lasten määrä", "antal barn under 7 år", "number of children under 7"];
    OwnIncome "own_income" num(0.0, 1_000_000.0), ["omat bruttotulot (€/kk)", "egna bruttoinkomster (€/mån)", "own gross income (€/month)"];
    HouseholdSize "household_size" num(1.0, 20.0), ["kotitalouden henkilömäärä", "antal personer i hushållet", "number of persons in the household"];
    DisabilityAllowance "disability_allowance" num(0.0, 3.0), ["Kelan vammaistuen taso", "nivå på FPA:s handikappbidrag", "Kela disability allowance level"];
    ServiceMunicipality "service_municipality" Kind::Choice, ["palvelun kunta", "kommun där tjänsten ges", "municipality of the service"];
}

/// The values of the closed choice facts, with their names in three languages.
/// `municipality` and `service_municipality` are open: their values are municipality codes.
pub fn choices(fact: Fact) -> &'static [(&'static str, [&'static str; 3])] {
    match fact {
        Fact::Sex => &[("female", ["nainen", "kvinna", "female"]), ("male", ["mies", "man", "male"])],
        Fact::DiagnosisGroup => &[
            ("none", ["ei mitään", "ingen", "none"]),
            ("memory_disorder", ["muistisairaus", "minnessjukdom", "memory disorder"]),
            ("mental_health", ["mielenterveyden häiriö", "psykisk ohälsa", "mental health condition"]),
            ("substance_use", ["päihdeongelma", "missbruk", "substance use"]),
            (
                "intellectual_disability",
                ["kehitysvamma", "intellektuell funktionsnedsättning", "intellectual disability"],
            ),
            ("physical_disability", ["liikuntavamma", "rörelsehinder", "physical disability"]),
            ("sensory_impairment", ["aistivamma", "sinnesnedsättning", "sensory impairment"]),
            ("long_term_illness", ["pitkäaikaissairaus", "långvarig sjukdom", "long-term illness"]),
        ],
        Fact::MotherTongue => &[
            ("fi", ["suomi", "finska", "Finnish"]),
            ("sv", ["ruotsi", "svenska", "Swedish"]),
            ("other", ["muu", "annat", "other"]),
        ],
        _ => &[],
    }
}

impl Fact {
    pub fn from_name(name: &str) -> Option<Fact> {
        Fact::ALL.iter().copied().find(|f| f.name() == name)
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// Facts whose values are municipality codes (of residence, of the service).
    pub fn is_municipality(self) -> bool {
        matches!(self, Fact::Municipality | Fact::ServiceMunicipality)
    }

    /// Ordinal facts: levels or classes compared with `>=`, whole numbers only
    /// (`care_allowance >= 2`; `care_allowance >= 1.5` is refused).
    pub fn is_level(self) -> bool {
        matches!(
            self,
            Fact::RaiMaple
                | Fact::Cps
                | Fact::AdlH
                | Fact::CareAllowance
                | Fact::DisabilityAllowance
                | Fact::FamilySupportNeed
                | Fact::Children
                | Fact::ChildrenUnder3
                | Fact::ChildrenUnder7
                | Fact::HouseholdSize
        )
    }

    /// The code of a choice value: its position in [`choices`], or the
    /// municipality code itself. `None` when the value is not one of them.
    pub fn choice_code(self, value: &str) -> Option<u16> {
        if self.is_municipality() {
            return (value.len() == 3 && value.bytes().all(|b| b.is_ascii_digit())).then(|| value.parse().ok())?;
        }
        choices(self).iter().position(|(v, _)| *v == value).map(|p| p as u16)
    }

    /// The name of a choice code (inverse of [`Fact::choice_code`]).
    pub fn choice_name(self, code: u16) -> String {
        if self.is_municipality() {
            return format!("{code:03}");
        }
        choices(self).get(code as usize).map(|(v, _)| (*v).to_owned()).unwrap_or_else(|| code.to_string())
    }

    /// A choice value in plain words (municipality codes stay codes; the
    /// caller can name them from the reference data).
    pub fn choice_label(self, code: u16, lang: Lang) -> String {
        let i = match lang {
            Lang::Fi => 0,
            Lang::Sv => 1,
            Lang::En => 2,
        };
        choices(self).get(code as usize).map(|(_, l)| l[i].to_owned()).unwrap_or_else(|| self.choice_name(code))
    }
}

pub const FACT_COUNT: usize = 25;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_count_is_right() {
        assert_eq!(Fact::ALL.len(), FACT_COUNT);
        for (i, f) in Fact::ALL.iter().enumerate() {
            assert_eq!(f.index(), i);
            assert_eq!(Fact::from_name(f.name()), Some(*f));
        }
        assert_eq!(Fact::from_name("agee"), None);
    }

    #[test]
    fn choice_codes() {
        assert_eq!(Fact::Municipality.choice_code("638"), Some(638));
        assert_eq!(Fact::Municipality.choice_code("63"), None);
        assert_eq!(Fact::Municipality.choice_name(18), "018");
        assert_eq!(Fact::ServiceMunicipality.choice_code("434"), Some(434));
        assert_eq!(Fact::MotherTongue.choice_code("sv"), Some(1));
        assert_eq!(Fact::MotherTongue.choice_code("de"), None);
        assert_eq!(Fact::Sex.choice_label(0, Lang::Sv), "kvinna");
    }
}
