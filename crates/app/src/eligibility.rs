//! The eligibility use cases: rule files stored and checked, one person's
//! decisions, simulations of proposals over the demo county's population.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use domain::Problem;
use domain::reference::Reference;
use domain::text::Lang;
use rules::book::Status;
use rules::check::{Known, check};
use rules::columns::Population;
use rules::eval::Explanation;
use rules::simulate::Simulation;
use rules::{Diagnostic, Person, RuleBook, RulesError};
use serde::Serialize;

use crate::catalog::Polku;
use crate::error::AppError;
use crate::store::{Actor, Revision, RuleFile, StoreError};

/// The demo county's rule files, shipped in `data/rules/`.
pub const DEMO_RULES: [(&str, &str); 9] = [
    ("today/askola.rules", include_str!("../../../data/rules/today/askola.rules")),
    ("today/lapinjarvi.rules", include_str!("../../../data/rules/today/lapinjarvi.rules")),
    ("today/loviisa.rules", include_str!("../../../data/rules/today/loviisa.rules")),
    ("today/myrskyla.rules", include_str!("../../../data/rules/today/myrskyla.rules")),
    ("today/porvoo.rules", include_str!("../../../data/rules/today/porvoo.rules")),
    ("today/pukkila.rules", include_str!("../../../data/rules/today/pukkila.rules")),
    ("today/sipoo.rules", include_str!("../../../data/rules/today/sipoo.rules")),
    ("proposals/proposal-a.rules", include_str!("../../../data/rules/proposals/proposal-a.rules")),
    ("proposals/proposal-b.rules", include_str!("../../../data/rules/proposals/proposal-b.rules")),
];

/// The demo county's age-sex table (Statistics Finland, CC BY 4.0), `data/population/`.
pub const DEMO_AGE_SEX: &str = include_str!("../../../data/population/demo-county-age-sex.tsv");
/// The seed of the demo county's synthetic population.
pub const DEMO_SEED: u64 = 2026;

/// The rule files in force, read and checked.
pub struct RulesSnapshot {
    pub files: BTreeMap<String, String>,
    pub book: RuleBook,
    /// Findings about the stored files (warnings; errors are refused on write).
    pub findings: Vec<Diagnostic>,
}

impl RulesSnapshot {
    pub fn build(files: BTreeMap<String, String>, services: &BTreeSet<String>) -> RulesSnapshot {
        let (book, mut findings) = RuleBook::parse(files.iter().map(|(n, s)| (n.as_str(), s.as_str())));
        findings.extend(check(&book.rules, &known(&book, services)));
        RulesSnapshot { files, book, findings }
    }
}

/// What rules may name: the catalog's services and the county's municipalities
/// (the county most of today's rules are for).
pub fn known(book: &RuleBook, services: &BTreeSet<String>) -> Known {
    let reference = Reference::get();
    let mut counties: BTreeMap<&str, usize> = BTreeMap::new();
    for r in book.rules.iter().filter(|r| r.set == rules::TODAY) {
        if let rules::ast::Area::Municipality(m) = r.area
            && let Some(m) = reference.municipality(&format!("{m:03}"))
        {
            *counties.entry(m.county_code.as_str()).or_default() += 1;
        }
    }
    let municipalities = counties
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(county, _)| reference.county_municipalities(county).iter().filter_map(|m| m.code.parse().ok()).collect())
        .unwrap_or_default();
    Known { services: services.clone(), municipalities }
}

/// One service's decision, owned (see [`rules::Decision`]).
#[derive(Debug, Clone, Serialize)]
pub struct DecisionOut {
    pub service: String,
    pub rule: Option<String>,
    pub status: Status,
    pub missing: Vec<String>,
    pub explanation: Option<Explanation>,
}

fn is_file_name(name: &str) -> bool {
    name.ends_with(".rules")
        && name.len() <= 200
        && name.split('/').all(|part| {
            part.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
        })
}

fn problems(findings: &[Diagnostic]) -> Vec<Problem> {
    findings
        .iter()
        .filter(|d| d.is_error())
        .map(|d| Problem { field: format!("{}:{}:{}", d.file, d.line, d.col), problem: d.message.clone() })
        .collect()
}

/// The engine's error as the application's, naming the field: `proposal` for
/// one person's decision (`proposals` empty), `proposals[i]` for the proposal
/// of a simulation that is not there.
pub fn rules_error(e: RulesError, proposals: &[String]) -> AppError {
    let field = match &e {
        RulesError::BaselineIsNotAProposal | RulesError::UnknownProposal { .. } => {
            let name = e.proposal().unwrap_or_default();
            match proposals.iter().position(|p| p == name) {
                _ if proposals.is_empty() => "proposal".to_owned(),
                Some(i) => format!("proposals[{i}]"),
                None => "proposals".to_owned(),
            }
        }
        RulesError::InvalidValue { fact, .. } => fact.name().to_owned(),
        // The shipped age-sex table: not the caller's input.
        RulesError::AgeSexTable { .. } => return AppError::Internal(e.to_string()),
    };
    AppError::invalid(field, e.to_string())
}

impl Polku {
    pub(crate) async fn load_rules(
        store: &dyn crate::store::RuleStore,
        services: &BTreeSet<String>,
    ) -> Result<RulesSnapshot, StoreError> {
        let files = store.rule_files().await?.into_iter().map(|RuleFile { name, source }| (name, source)).collect();
        Ok(RulesSnapshot::build(files, services))
    }

    pub(crate) fn service_ids(&self) -> BTreeSet<String> {
        self.snapshot().catalog.services.keys().map(|id| id.to_string()).collect()
    }

    /// The rule files in force.
    pub fn rules(&self) -> Arc<RulesSnapshot> {
        match self.rules_snapshot.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Stores a rule file (new or changed) after checking the whole rule book
    /// with it; any error refuses it, each named `file:line:col`.
    pub async fn put_rule_file(&self, name: &str, source: &str, actor: &Actor) -> Result<Vec<Diagnostic>, AppError> {
        if !is_file_name(name) {
            return Err(AppError::invalid(
                "name",
                "a rule file name is lower-case words separated by /, ending in .rules (e.g. today/porvoo.rules)",
            ));
        }
        self.change_rules(name, Some(source), actor).await
    }

    /// Withdraws a rule file (its history stays).
    pub async fn withdraw_rule_file(&self, name: &str, actor: &Actor) -> Result<(), AppError> {
        if !self.rules().files.contains_key(name) {
            return Err(AppError::NotFound { kind: "rule file", id: name.to_owned() });
        }
        self.change_rules(name, None, actor).await.map(|_| ())
    }

    pub async fn rule_file_history(&self, name: &str) -> Result<Vec<Revision>, AppError> {
        Ok(self.rules_store.rule_file_history(name).await?)
    }

    /// Reads the stored rule files again (another server changed one).
    pub(crate) async fn reload_rules(&self) -> Result<(), AppError> {
        let next = Polku::load_rules(self.rules_store.as_ref(), &self.service_ids()).await?;
        match self.rules_snapshot.write() {
            Ok(mut g) => *g = Arc::new(next),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(next),
        }
        Ok(())
    }

    async fn change_rules(&self, name: &str, source: Option<&str>, actor: &Actor) -> Result<Vec<Diagnostic>, AppError> {
        actor.require(crate::permit::Action::WriteRules)?;
        let _guard = self.writer.lock().await;
        self.catch_up_locked().await?;
        let mut files = self.rules().files.clone();
        match source {
            Some(s) => files.insert(name.to_owned(), s.to_owned()),
            None => files.remove(name),
        };
        let next = RulesSnapshot::build(files, &self.service_ids());
        let refused = problems(&next.findings);
        if !refused.is_empty() {
            return Err(AppError::Invalid(refused));
        }
        self.rules_store.put_rule_file(name, source, actor, self.clock.now()).await?;
        let warnings = next.findings.iter().filter(|d| d.file == name).cloned().collect();
        match self.rules_snapshot.write() {
            Ok(mut g) => *g = Arc::new(next),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(next),
        }
        tracing::info!(file = name, actor = %actor.label(), "rule file written");
        Ok(warnings)
    }

    /// Stores the demo county's rule files when no rule file is stored.
    pub async fn load_demo_rules(&self) -> Result<usize, AppError> {
        if !self.rules().files.is_empty() {
            return Ok(0);
        }
        let _guard = self.writer.lock().await;
        let files: BTreeMap<String, String> =
            DEMO_RULES.iter().map(|(n, s)| ((*n).to_owned(), (*s).to_owned())).collect();
        let next = RulesSnapshot::build(files, &self.service_ids());
        let refused = problems(&next.findings);
        if !refused.is_empty() {
            return Err(AppError::Invalid(refused));
        }
        for (name, source) in DEMO_RULES {
            self.rules_store.put_rule_file(name, Some(source), &Actor::System, self.clock.now()).await?;
        }
        match self.rules_snapshot.write() {
            Ok(mut g) => *g = Arc::new(next),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(next),
        }
        Ok(DEMO_RULES.len())
    }

    /// Every service's decision for one person under today's criteria (or a
    /// proposal's) on `on` (default: today), explained in `lang`.
    pub fn decide(
        &self,
        person: &Person,
        proposal: Option<&str>,
        on: Option<NaiveDate>,
        lang: Lang,
    ) -> Result<Vec<DecisionOut>, AppError> {
        let rules = self.rules();
        let scenario =
            rules.book.scenario(proposal, on.unwrap_or_else(|| self.clock.today())).map_err(|e| rules_error(e, &[]))?;
        Ok(scenario
            .decide(person, lang)
            .into_iter()
            .map(|d| DecisionOut {
                service: d.service.to_owned(),
                rule: d.rule.map(str::to_owned),
                status: d.status,
                missing: d.missing.iter().map(|m| (*m).to_owned()).collect(),
                explanation: d.explanation,
            })
            .collect())
    }

    /// The demo county's synthetic population (98,972 residents), built once.
    pub fn demo_population() -> Arc<Population> {
        static POPULATION: OnceLock<Arc<Population>> = OnceLock::new();
        POPULATION
            .get_or_init(|| {
                let rows = rules::population::parse_age_sex(DEMO_AGE_SEX).expect("the shipped table is well formed");
                Arc::new(Population::from_persons(&rules::population::generate_vec(&rows, DEMO_SEED)))
            })
            .clone()
    }

    /// Simulates proposals against today's criteria on `on` over the demo county's population,
    /// with the shipped client fees as revenue.
    pub async fn simulate(&self, proposals: Vec<String>, on: Option<NaiveDate>) -> Result<Vec<Simulation>, AppError> {
        if proposals.is_empty() {
            return Err(AppError::invalid("proposals", "name at least one proposal"));
        }
        let rules = self.rules();
        let on = on.unwrap_or_else(|| self.clock.today());
        tokio::task::spawn_blocking(move || {
            let pop = Polku::demo_population();
            let names: Vec<&str> = proposals.iter().map(String::as_str).collect();
            rules::simulate::simulate_with_fees(&rules.book, crate::fees::fee_book(), on, &names, &pop)
                .map_err(|e| rules_error(e, &proposals))
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(e: AppError) -> String {
        match e {
            AppError::Invalid(p) => p[0].field.clone(),
            other => panic!("not a user error: {other}"),
        }
    }

    #[test]
    fn proposal_errors_name_the_proposal() {
        let unknown = || RulesError::UnknownProposal { name: "proposal-z".into(), known: vec!["proposal-a".into()] };
        assert_eq!(field(rules_error(unknown(), &[])), "proposal");
        let asked = ["proposal-a".to_owned(), "proposal-z".to_owned()];
        assert_eq!(field(rules_error(unknown(), &asked)), "proposals[1]");
        assert_eq!(field(rules_error(RulesError::BaselineIsNotAProposal, &["today".into()])), "proposals[0]");
        assert!(matches!(rules_error(RulesError::AgeSexTable { line: 3 }, &[]), AppError::Internal(_)));
    }
}
