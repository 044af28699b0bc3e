//! Reference data: Finland's municipalities and the Finto code lists (service
//! classes, target groups, life events), shipped with the code and derived from
//! public files by `scripts/derive_reference.py` (Statistics Finland and Finto, CC BY 4.0).

use crate::text::{Lang, Text};
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq)]
pub struct Municipality {
    /// Three-digit Statistics Finland code, e.g. "638".
    pub code: String,
    pub name: Text,
    /// Statistics Finland language status: 0 Finnish, 1 bilingual Finnish majority,
    /// 2 bilingual Swedish majority, 3 Swedish.
    pub language_status: u8,
    pub county_code: String,
    pub county: Text,
    /// Residents on 31.12.2022.
    pub population: u32,
}

impl Municipality {
    pub fn bilingual(&self) -> bool {
        matches!(self.language_status, 1 | 2)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CodeKind {
    ServiceClass,
    TargetGroup,
    LifeEvent,
}

impl CodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CodeKind::ServiceClass => "service_class",
            CodeKind::TargetGroup => "target_group",
            CodeKind::LifeEvent => "life_event",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    pub kind: CodeKind,
    pub code: String,
    pub parent: Option<String>,
    pub name: Text,
}

/// All reference data, parsed once from the embedded tables.
#[derive(Debug)]
pub struct Reference {
    pub municipalities: BTreeMap<String, Municipality>,
    pub codes: BTreeMap<(CodeKind, String), Code>,
}

const MUNICIPALITIES_TSV: &str = include_str!("../data/municipalities.tsv");
const CODES_TSV: &str = include_str!("../data/codes.tsv");

fn rows(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).skip(1).map(|l| l.split('\t').collect())
}

impl Reference {
    /// The shipped reference data (parsed on first use).
    pub fn get() -> &'static Reference {
        static REFERENCE: OnceLock<Reference> = OnceLock::new();
        REFERENCE.get_or_init(Reference::parse_embedded)
    }

    fn parse_embedded() -> Reference {
        let municipalities = rows(MUNICIPALITIES_TSV)
            .map(|r| {
                let m = Municipality {
                    code: r[0].to_owned(),
                    name: Text::new(r[1], r[2], r[3]),
                    language_status: r[4].parse().unwrap_or(0),
                    county_code: r[5].to_owned(),
                    county: Text::new(r[6], r[7], r[8]),
                    population: r[9].parse().unwrap_or(0),
                };
                (m.code.clone(), m)
            })
            .collect();
        let codes = rows(CODES_TSV)
            .filter_map(|r| {
                let kind = match r[0] {
                    "service_class" => CodeKind::ServiceClass,
                    "target_group" => CodeKind::TargetGroup,
                    "life_event" => CodeKind::LifeEvent,
                    _ => return None,
                };
                let code = Code {
                    kind,
                    code: r[1].to_owned(),
                    parent: (!r[2].is_empty()).then(|| r[2].to_owned()),
                    name: Text::new(r[3], r[4], r[5]),
                };
                Some(((kind, code.code.clone()), code))
            })
            .collect();
        Reference { municipalities, codes }
    }

    pub fn municipality(&self, code: &str) -> Option<&Municipality> {
        self.municipalities.get(code)
    }

    pub fn code(&self, kind: CodeKind, code: &str) -> Option<&Code> {
        self.codes.get(&(kind, code.to_owned()))
    }

    pub fn codes_of(&self, kind: CodeKind) -> impl Iterator<Item = &Code> {
        self.codes.values().filter(move |c| c.kind == kind)
    }

    /// The municipalities of a wellbeing services county, by county code.
    pub fn county_municipalities(&self, county_code: &str) -> Vec<&Municipality> {
        self.municipalities.values().filter(|m| m.county_code == county_code).collect()
    }

    /// Name of a code in a language, or the code itself when unknown.
    pub fn code_name(&self, kind: CodeKind, code: &str, lang: Lang) -> String {
        self.code(kind, code).map(|c| c.name.show(lang).to_owned()).unwrap_or_else(|| code.to_owned())
    }

    /// A code and every code above it (P4.3, P4).
    pub fn with_ancestors(&self, kind: CodeKind, code: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut current = Some(code.to_owned());
        while let Some(c) = current {
            current = self.code(kind, &c).and_then(|x| x.parent.clone());
            out.push(c);
        }
        out
    }

    /// Whether `code` is `ancestor` or lies below it (P4.3 is below P4).
    pub fn is_within(&self, kind: CodeKind, code: &str, ancestor: &str) -> bool {
        self.with_ancestors(kind, code).iter().any(|c| c == ancestor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ita_uusimaa_is_complete_with_real_populations() {
        let reference = Reference::get();
        let porvoo = reference.municipality("638").unwrap();
        assert_eq!(porvoo.name.get(Lang::Sv), Some("Borgå"));
        assert!(porvoo.bilingual());
        let county: Vec<(&str, u32)> = reference
            .county_municipalities(&porvoo.county_code)
            .iter()
            .map(|m| (m.code.as_str(), m.population))
            .collect();
        assert_eq!(
            county,
            [
                ("018", 4763),
                ("407", 2518),
                ("434", 14568),
                ("504", 1764),
                ("616", 1807),
                ("638", 51232),
                ("753", 22320)
            ]
        );
        assert_eq!(county.iter().map(|(_, p)| p).sum::<u32>(), 98_972);
        assert_eq!(reference.municipalities.len(), 308);
    }

    #[test]
    fn code_lists_have_names_and_hierarchy() {
        let reference = Reference::get();
        assert_eq!(
            reference.code(CodeKind::ServiceClass, "P4.3").map(|c| c.name.get(Lang::Fi)),
            Some(Some("Kotihoito ja kotipalvelut"))
        );
        assert!(reference.is_within(CodeKind::ServiceClass, "P4.3", "P4"));
        assert!(!reference.is_within(CodeKind::ServiceClass, "P4", "P4.3"));
        assert!(reference.code(CodeKind::TargetGroup, "KR1.1").is_some());
        assert!(reference.code(CodeKind::LifeEvent, "KE13").is_some());
        assert!(reference.code(CodeKind::ServiceClass, "P99").is_none());
    }
}
