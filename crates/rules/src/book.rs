//! A rule book (all rule files of an installation) and the scenarios drawn
//! from it: today's criteria, or today's with a proposal's in their place.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use domain::text::Lang;
use serde::Serialize;

use crate::ast::{Area, Rule, SetInfo, TODAY};
use crate::diagnostics::Diagnostic;
use crate::error::RulesError;
use crate::eval::{Explanation, Tri, eval, explain};
use crate::facts::Fact;
use crate::parse::parse_file;
use crate::person::{Person, Value};

/// Every rule of an installation, with the sets they belong to.
#[derive(Debug, Clone, Default)]
pub struct RuleBook {
    pub sets: BTreeMap<String, SetInfo>,
    pub rules: Vec<Rule>,
}

impl RuleBook {
    /// Reads rule files (name, text). Findings of the reader come back beside
    /// the book; rules with errors are left out of it.
    pub fn parse<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> (RuleBook, Vec<Diagnostic>) {
        let mut book = RuleBook::default();
        let mut diagnostics = Vec::new();
        for (name, source) in files {
            let parsed = parse_file(name, source);
            diagnostics.extend(parsed.diagnostics);
            if let Some(set) = parsed.set {
                let entry = book
                    .sets
                    .entry(set.name.clone())
                    .or_insert_with(|| SetInfo { name: set.name, ..Default::default() });
                for (lang, text) in set.title.iter() {
                    entry.title.set(lang, Some(text.to_owned()));
                }
            }
            book.rules.extend(parsed.rules);
        }
        (book, diagnostics)
    }

    /// The proposals' names (every set but today's).
    pub fn proposals(&self) -> impl Iterator<Item = &SetInfo> {
        self.sets.values().filter(|s| s.name != TODAY)
    }

    /// Today's criteria valid on `day`; with a proposal, its rules replace
    /// today's for the services it names, as valid on the proposal's first
    /// day (or `day` if later).
    pub fn scenario(&self, proposal: Option<&str>, day: NaiveDate) -> Result<Scenario<'_>, RulesError> {
        let mut services: BTreeMap<&str, ServiceRules<'_>> = BTreeMap::new();
        for r in self.rules.iter().filter(|r| r.set == TODAY && r.valid_on(day)) {
            services.entry(&r.service).or_insert_with(|| ServiceRules::new(&r.service)).add(r);
        }
        let name = match proposal {
            None => TODAY.to_owned(),
            Some(p) => {
                if p == TODAY {
                    return Err(RulesError::BaselineIsNotAProposal);
                }
                let rules: Vec<&Rule> = self.rules.iter().filter(|r| r.set == p).collect();
                if rules.is_empty() {
                    let known = self.proposals().map(|s| s.name.clone()).collect();
                    return Err(RulesError::UnknownProposal { name: p.to_owned(), known });
                }
                let first = rules.iter().map(|r| r.valid_from).min().expect("not empty");
                let on = day.max(first);
                let mut replaced: BTreeMap<&str, ServiceRules<'_>> = BTreeMap::new();
                for r in rules.into_iter().filter(|r| r.valid_on(on)) {
                    replaced.entry(&r.service).or_insert_with(|| ServiceRules::new(&r.service)).add(r);
                }
                services.extend(replaced);
                p.to_owned()
            }
        };
        Ok(Scenario { name, services: services.into_values().collect() })
    }
}

/// The rules of one service in a scenario: one per municipality, or the county's.
#[derive(Debug, Clone)]
pub struct ServiceRules<'a> {
    pub service: &'a str,
    pub county: Option<&'a Rule>,
    pub local: BTreeMap<u16, &'a Rule>,
}

/// Which rule decides for a person.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Selection<'a> {
    Rule(&'a Rule),
    /// The person's municipality has no criteria for the service.
    NoRule,
    /// The municipality is unknown and the criteria differ by municipality.
    UnknownArea,
}

impl<'a> ServiceRules<'a> {
    fn new(service: &'a str) -> ServiceRules<'a> {
        ServiceRules { service, county: None, local: BTreeMap::new() }
    }

    fn add(&mut self, r: &'a Rule) {
        match r.area {
            Area::County => self.county = Some(r),
            Area::Municipality(m) => {
                self.local.insert(m, r);
            }
        }
    }

    pub fn select(&self, municipality: Option<u16>) -> Selection<'a> {
        match municipality {
            Some(m) => self.local.get(&m).copied().or(self.county).map_or(Selection::NoRule, Selection::Rule),
            None if self.local.is_empty() => self.county.map_or(Selection::NoRule, Selection::Rule),
            None => Selection::UnknownArea,
        }
    }

    /// Every rule of the service in the scenario.
    pub fn rules(&self) -> impl Iterator<Item = &'a Rule> + '_ {
        self.local.values().copied().chain(self.county)
    }
}

/// A set of criteria to evaluate: one rule per service and area.
#[derive(Debug, Clone)]
pub struct Scenario<'a> {
    pub name: String,
    pub services: Vec<ServiceRules<'a>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Eligible,
    NotEligible,
    CannotTell,
    /// No criteria for the person's municipality.
    NoRule,
}

/// One service's answer for one person.
#[derive(Debug, Clone, Serialize)]
pub struct Decision<'a> {
    pub service: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'a str>,
    pub status: Status,
    /// Facts that would decide a "cannot tell".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
}

impl<'a> Scenario<'a> {
    fn municipality(p: &Person) -> Option<u16> {
        match p.get(Fact::Municipality) {
            Some(Value::Choice(c)) => Some(c),
            _ => None,
        }
    }

    /// The per-person interpreter: every service's status, no explanations.
    pub fn statuses(&self, p: &Person, out: &mut Vec<Status>) {
        out.clear();
        let m = Scenario::municipality(p);
        for s in &self.services {
            out.push(match s.select(m) {
                Selection::Rule(r) => match eval(&r.when, p) {
                    Tri::True => Status::Eligible,
                    Tri::False => Status::NotEligible,
                    Tri::Unknown => Status::CannotTell,
                },
                Selection::NoRule => Status::NoRule,
                Selection::UnknownArea => Status::CannotTell,
            });
        }
    }

    /// Every service's decision for one person, explained in `lang`.
    pub fn decide(&self, p: &Person, lang: Lang) -> Vec<Decision<'a>> {
        let m = Scenario::municipality(p);
        self.services
            .iter()
            .map(|s| match s.select(m) {
                Selection::Rule(r) => {
                    let mut missing = Vec::new();
                    let explanation = explain(&r.when, p, lang, &mut missing);
                    let status = match explanation.outcome {
                        Tri::True => Status::Eligible,
                        Tri::False => Status::NotEligible,
                        Tri::Unknown => Status::CannotTell,
                    };
                    if status != Status::CannotTell {
                        missing.clear();
                    }
                    Decision {
                        service: s.service,
                        rule: Some(&r.id),
                        status,
                        missing: missing.iter().map(|f| f.name()).collect(),
                        explanation: Some(explanation),
                    }
                }
                Selection::NoRule => Decision {
                    service: s.service,
                    rule: None,
                    status: Status::NoRule,
                    missing: vec![],
                    explanation: None,
                },
                Selection::UnknownArea => Decision {
                    service: s.service,
                    rule: None,
                    status: Status::CannotTell,
                    missing: vec![Fact::Municipality.name()],
                    explanation: None,
                },
            })
            .collect()
    }
}
