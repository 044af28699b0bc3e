//! The harmonisation simulator: who gains, who loses and what it costs.

use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::NaiveDate;
use serde::Serialize;

use crate::book::{RuleBook, Scenario, Selection};
use crate::columns::{AGE_BANDS, Bits, Population, ServiceResult, UNKNOWN_BAND, count_range, evaluate};
use crate::error::RulesError;
use crate::facts::Fact;
use crate::fees::{Fee, FeeBook};

/// One line of the table: a service in a municipality and age band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub service: String,
    /// Three-digit code; empty when unknown.
    pub municipality: String,
    pub age_band: &'static str,
    pub eligible_before: u64,
    pub eligible_after: u64,
    pub gained: u64,
    pub lost: u64,
    /// People whose records lack a deciding fact (not counted as eligible).
    pub cannot_tell_before: u64,
    pub cannot_tell_after: u64,
    /// Yearly: (after − before) × take-up × cost of the proposal's rule.
    pub cost_change_eur: f64,
    /// Yearly client fees of those who take the service up, after minus before
    /// (services with a fee in the fee files; see [`fee_revenue`]).
    pub fee_revenue_change_eur: f64,
}

/// Persons (not decisions) in a municipality and age band who gain, or lose, at least one
/// service: a person who gains three services counts once here and three times in [`Row`]s.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonsRow {
    /// Three-digit code; empty when unknown.
    pub municipality: String,
    pub age_band: &'static str,
    pub residents: u64,
    pub gained: u64,
    pub lost: u64,
}

/// One proposal against today's criteria.
#[derive(Debug, Clone, Serialize)]
pub struct Simulation {
    pub proposal: String,
    /// The day today's criteria were taken from.
    pub baseline_on: NaiveDate,
    pub population: usize,
    pub rows: Vec<Row>,
    /// Services whose proposal rule has no cost or take-up: their cost change is 0.
    pub without_cost: Vec<String>,
    /// Persons who gain or lose at least one service, per municipality and age band.
    pub persons: Vec<PersonsRow>,
}

impl Simulation {
    /// Totals per service (municipalities and age bands summed).
    pub fn by_service(&self) -> Vec<Row> {
        self.group(|r| (r.service.clone(), String::new()))
    }

    /// Totals per service and municipality.
    pub fn by_municipality(&self) -> Vec<Row> {
        self.group(|r| (r.service.clone(), r.municipality.clone()))
    }

    fn group(&self, key: impl Fn(&Row) -> (String, String)) -> Vec<Row> {
        let mut out: BTreeMap<(String, String), Row> = BTreeMap::new();
        for r in &self.rows {
            let k = key(r);
            let e = out.entry(k.clone()).or_insert_with(|| Row {
                service: k.0.clone(),
                municipality: k.1.clone(),
                age_band: "",
                eligible_before: 0,
                eligible_after: 0,
                gained: 0,
                lost: 0,
                cannot_tell_before: 0,
                cannot_tell_after: 0,
                cost_change_eur: 0.0,
                fee_revenue_change_eur: 0.0,
            });
            e.eligible_before += r.eligible_before;
            e.eligible_after += r.eligible_after;
            e.gained += r.gained;
            e.lost += r.lost;
            e.cannot_tell_before += r.cannot_tell_before;
            e.cannot_tell_after += r.cannot_tell_after;
            e.cost_change_eur += r.cost_change_eur;
            e.fee_revenue_change_eur += r.fee_revenue_change_eur;
        }
        out.into_values().collect()
    }

    pub fn total_cost_change(&self) -> f64 {
        self.rows.iter().map(|r| r.cost_change_eur).sum()
    }

    /// Persons who gain at least one service, and persons who lose at least one.
    pub fn persons_total(&self) -> (u64, u64) {
        self.persons.iter().fold((0, 0), |(g, l), r| (g + r.gained, l + r.lost))
    }

    /// Persons per municipality (age bands summed): `(code, residents, gained, lost)`.
    pub fn persons_by_municipality(&self) -> Vec<(String, u64, u64, u64)> {
        let mut out: BTreeMap<String, (u64, u64, u64)> = BTreeMap::new();
        for r in &self.persons {
            let e = out.entry(r.municipality.clone()).or_default();
            e.0 += r.residents;
            e.1 += r.gained;
            e.2 += r.lost;
        }
        out.into_iter().map(|(m, (n, g, l))| (m, n, g, l)).collect()
    }
}

/// Simulates each proposal against today's criteria valid on `on` (no fees).
pub fn simulate(
    book: &RuleBook,
    on: NaiveDate,
    proposals: &[&str],
    pop: &Population,
) -> Result<Vec<Simulation>, RulesError> {
    simulate_with_fees(book, &FeeBook::default(), on, proposals, pop)
}

/// Service hours a month assumed for a home care client by RAI MAPLe 1–5
/// (illustrative; `docs/population.md`): the simulator's input to income-based fees.
pub const HOURS_BY_MAPLE: [f32; 5] = [4.0, 8.0, 16.0, 30.0, 45.0];

/// A fee as a function of income for one (household size, level): the fee at no
/// income, and for income-based fees the income limit and the share above it.
type FeeTerms = (f64, Option<(f64, f64)>);

/// Each row's monthly fee under `fee` (NaN where a needed fact is unknown):
/// household size (unknown: 1 if living alone), household income, and for
/// income-based fees the hours of [`HOURS_BY_MAPLE`].
pub fn fee_column(fee: &Fee, pop: &Population) -> Vec<f32> {
    let rows = FeeRows::new(fee, pop);
    (0..pop.len()).map(|r| rows.at(r)).collect()
}

/// The monthly fee of any row under one fee, computed when asked for (the
/// simulator asks only for eligible rows).
pub struct FeeRows<'a> {
    /// Household size, household income, RAI MAPLe level (none: no fee is known).
    columns: Option<(&'a [f32], &'a [f32], &'a [f32])>,
    /// The fee depends on the row through its income alone once the household
    /// size and the MAPLe level (so the hours) are known: a linear function per
    /// (size 1–20, level 1–5).
    terms: Vec<[FeeTerms; 5]>,
}

impl<'a> FeeRows<'a> {
    pub fn new(fee: &Fee, pop: &'a Population) -> FeeRows<'a> {
        let columns = match (pop.numbers(Fact::HouseholdSize), pop.numbers(Fact::Income), pop.numbers(Fact::RaiMaple)) {
            (Some(size), Some(income), Some(maple)) => Some((size, income, maple)),
            _ => None,
        };
        let terms = (0..=20u32)
            .map(|n| {
                std::array::from_fn(|level| {
                    let hours = HOURS_BY_MAPLE[level] as f64;
                    let n = n.max(1);
                    (fee.monthly(n, 0.0, hours, 0.0), fee.income_share(n, hours))
                })
            })
            .collect();
        FeeRows { columns, terms }
    }

    /// Row `r`'s monthly fee (NaN where a needed fact is unknown).
    #[inline]
    pub fn at(&self, r: usize) -> f32 {
        let Some((size, income, maple)) = self.columns else { return f32::NAN };
        let (n, i, m) = (size[r], income[r], maple[r]);
        if n.is_nan() || i.is_nan() || m.is_nan() {
            return f32::NAN;
        }
        let (n, level) = ((n as usize).clamp(1, 20), (m as usize).clamp(1, 5) - 1);
        match self.terms[n][level] {
            // Income-based: share × (income − limit), at least 0.
            (_, Some((limit, share))) => (((share * (i as f64 - limit)).max(0.0) * 100.0).round() / 100.0) as f32,
            (at_zero, None) => at_zero as f32,
        }
    }
}

/// Yearly fee revenue from the eligible rows of `rows`: Σ monthly fee × 12 × take-up.
/// Rows whose fee is unknown are left out; only eligible rows' fees are computed.
pub fn fee_revenue(fees: &FeeRows<'_>, eligible: &Bits, rows: std::ops::Range<usize>, take_up: f64) -> f64 {
    let mut sum = 0.0f64;
    if rows.is_empty() {
        return 0.0;
    }
    let (first, last) = (rows.start / 64, (rows.end - 1) / 64);
    for w in first..=last {
        let mut word = eligible.0[w];
        if w == first {
            word &= !0u64 << (rows.start % 64);
        }
        if w == last && !rows.end.is_multiple_of(64) {
            word &= !0u64 >> (64 - rows.end % 64);
        }
        while word != 0 {
            let fee = fees.at(w * 64 + word.trailing_zeros() as usize);
            word &= word - 1;
            if !fee.is_nan() {
                sum += fee as f64;
            }
        }
    }
    sum * 12.0 * take_up
}

/// Fee rows of a scenario's services that have a fee in force on `on`.
fn fee_columns<'a>(
    scenario: &Scenario<'_>,
    fees: &FeeBook,
    on: NaiveDate,
    pop: &'a Population,
) -> Vec<Option<FeeRows<'a>>> {
    scenario.services.iter().map(|s| fees.in_force(s.service, on).map(|f| FeeRows::new(f, pop))).collect()
}

fn take_up(scenario: &crate::book::ServiceRules<'_>, m: Option<u16>) -> f64 {
    match scenario.select(m) {
        Selection::Rule(r) => r.take_up.unwrap_or(0.0),
        _ => 0.0,
    }
}

/// Simulates each proposal against today's criteria valid on `on`, with the
/// client fees of `fees` in force on `on` as revenue.
pub fn simulate_with_fees(
    book: &RuleBook,
    fees: &FeeBook,
    on: NaiveDate,
    proposals: &[&str],
    pop: &Population,
) -> Result<Vec<Simulation>, RulesError> {
    let baseline = book.scenario(None, on)?;
    let before = evaluate(&baseline, pop);
    let fee_cols: BTreeMap<&str, FeeRows<'_>> = baseline
        .services
        .iter()
        .zip(fee_columns(&baseline, fees, on, pop))
        .filter_map(|(s, c)| Some((s.service, c?)))
        .collect();
    let before_take_up: BTreeMap<&str, &crate::book::ServiceRules<'_>> =
        baseline.services.iter().map(|s| (s.service, s)).collect();
    let before: BTreeMap<&str, &ServiceResult> =
        baseline.services.iter().map(|s| s.service).zip(before.iter()).collect();
    let mut out = Vec::new();
    for name in proposals {
        let scenario = book.scenario(Some(name), on)?;
        let after = evaluate(&scenario, pop);
        let mut rows = Vec::new();
        let mut without_cost = Vec::new();
        // Per row of the population: gains (or loses) at least one service.
        let words = pop.len().div_ceil(64);
        let (mut gains_any, mut loses_any) = (vec![0u64; words], vec![0u64; words]);
        for (s, a) in scenario.services.iter().zip(&after) {
            let b = before.get(s.service).copied();
            for w in 0..words {
                let after_w = a.eligible.0.get(w).copied().unwrap_or(0);
                let before_w = b.and_then(|b| b.eligible.0.get(w).copied()).unwrap_or(0);
                gains_any[w] |= after_w & !before_w;
                loses_any[w] |= before_w & !after_w;
            }
            for g in &pop.groups {
                let (e_a, c_a) = (a.eligible.count(g.rows.clone()), a.cannot_tell.count(g.rows.clone()));
                let (e_b, c_b, gained, lost) = match b {
                    Some(b) => (
                        b.eligible.count(g.rows.clone()),
                        b.cannot_tell.count(g.rows.clone()),
                        count_range(g.rows.clone(), |w| a.eligible.0[w] & !b.eligible.0[w]),
                        count_range(g.rows.clone(), |w| b.eligible.0[w] & !a.eligible.0[w]),
                    ),
                    None => (0, 0, e_a, 0),
                };
                let unit = match s.select(g.municipality) {
                    Selection::Rule(r) => match (r.cost, r.take_up) {
                        (Some(c), Some(t)) => c * t,
                        _ => {
                            if !without_cost.iter().any(|x| x == s.service) {
                                without_cost.push(s.service.to_owned());
                            }
                            0.0
                        }
                    },
                    _ => 0.0,
                };
                let fee_change = match fee_cols.get(s.service) {
                    Some(col) => {
                        let after = fee_revenue(col, &a.eligible, g.rows.clone(), take_up(s, g.municipality));
                        let before = match (b, before_take_up.get(s.service)) {
                            (Some(b), Some(bs)) => {
                                fee_revenue(col, &b.eligible, g.rows.clone(), take_up(bs, g.municipality))
                            }
                            _ => 0.0,
                        };
                        after - before
                    }
                    None => 0.0,
                };
                let band = AGE_BANDS.get(g.band).map_or(UNKNOWN_BAND, |b| b.0);
                let municipality = g.municipality.map(|m| format!("{m:03}")).unwrap_or_default();
                // Groups are contiguous per (municipality, band): merge if split.
                if let Some(last) = rows.last_mut().filter(|r: &&mut Row| {
                    r.municipality == municipality && r.age_band == band && r.service == s.service
                }) {
                    last.eligible_before += e_b;
                    last.eligible_after += e_a;
                    last.gained += gained;
                    last.lost += lost;
                    last.cannot_tell_before += c_b;
                    last.cannot_tell_after += c_a;
                    last.cost_change_eur += (e_a as f64 - e_b as f64) * unit;
                    last.fee_revenue_change_eur += fee_change;
                    continue;
                }
                rows.push(Row {
                    service: s.service.to_owned(),
                    municipality,
                    age_band: band,
                    eligible_before: e_b,
                    eligible_after: e_a,
                    gained,
                    lost,
                    cannot_tell_before: c_b,
                    cannot_tell_after: c_a,
                    cost_change_eur: (e_a as f64 - e_b as f64) * unit,
                    fee_revenue_change_eur: fee_change,
                });
            }
        }
        let mut persons: Vec<PersonsRow> = Vec::new();
        for g in &pop.groups {
            let band = AGE_BANDS.get(g.band).map_or(UNKNOWN_BAND, |b| b.0);
            let municipality = g.municipality.map(|m| format!("{m:03}")).unwrap_or_default();
            let gained = count_range(g.rows.clone(), |w| gains_any[w]);
            let lost = count_range(g.rows.clone(), |w| loses_any[w]);
            let residents = g.rows.len() as u64;
            match persons.last_mut().filter(|r| r.municipality == municipality && r.age_band == band) {
                Some(last) => {
                    last.residents += residents;
                    last.gained += gained;
                    last.lost += lost;
                }
                None => persons.push(PersonsRow { municipality, age_band: band, residents, gained, lost }),
            }
        }
        out.push(Simulation {
            proposal: (*name).to_owned(),
            baseline_on: on,
            population: pop.len(),
            rows,
            without_cost,
            persons,
        });
    }
    Ok(out)
}

/// The table as CSV: `service,municipality,age_band,eligible_before,eligible_after,gained,lost,cost_change_eur,fee_revenue_change_eur`,
/// with a leading `proposal` column when several proposals are compared side by side.
pub fn to_csv(sims: &[Simulation]) -> String {
    let several = sims.len() > 1;
    let mut out = String::new();
    if several {
        out.push_str("proposal,");
    }
    out.push_str(
        "service,municipality,age_band,eligible_before,eligible_after,gained,lost,cost_change_eur,fee_revenue_change_eur\n",
    );
    for sim in sims {
        for r in &sim.rows {
            if several {
                let _ = write!(out, "{},", sim.proposal);
            }
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{:.0},{:.0}",
                r.service,
                r.municipality,
                r.age_band,
                r.eligible_before,
                r.eligible_after,
                r.gained,
                r.lost,
                r.cost_change_eur,
                r.fee_revenue_change_eur
            );
        }
    }
    out
}

/// Today's criteria alone: one line per service, municipality and age band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BaselineRow {
    pub service: String,
    /// Three-digit code; empty when unknown.
    pub municipality: String,
    pub age_band: &'static str,
    pub eligible: u64,
    pub cannot_tell: u64,
    /// Yearly: eligible × take-up × cost of today's rule.
    pub cost_eur: f64,
    /// Yearly client fees of those who take the service up.
    pub fee_revenue_eur: f64,
}

/// Today's eligible counts, costs and fee revenue: one evaluation, for `polku
/// simulate` without a proposal.
#[derive(Debug, Clone, Serialize)]
pub struct Baseline {
    pub on: NaiveDate,
    pub population: usize,
    pub rows: Vec<BaselineRow>,
    pub without_cost: Vec<String>,
}

/// Today's criteria valid on `on` over `pop`, evaluated once.
pub fn baseline(book: &RuleBook, fees: &FeeBook, on: NaiveDate, pop: &Population) -> Result<Baseline, RulesError> {
    let scenario = book.scenario(None, on)?;
    let results = evaluate(&scenario, pop);
    Ok(tabulate(&scenario, &results, fees, on, pop))
}

/// The baseline table from an evaluation of today's `scenario` (for callers that time the two apart).
pub fn tabulate(
    scenario: &Scenario<'_>,
    results: &[ServiceResult],
    fees: &FeeBook,
    on: NaiveDate,
    pop: &Population,
) -> Baseline {
    let fee_cols = fee_columns(scenario, fees, on, pop);
    let mut rows: Vec<BaselineRow> = Vec::new();
    let mut without_cost: Vec<String> = Vec::new();
    for ((s, res), fee_col) in scenario.services.iter().zip(results).zip(&fee_cols) {
        for g in &pop.groups {
            let eligible = res.eligible.count(g.rows.clone());
            let cannot_tell = res.cannot_tell.count(g.rows.clone());
            let (unit, take) = match s.select(g.municipality) {
                Selection::Rule(r) => match (r.cost, r.take_up) {
                    (Some(c), Some(t)) => (c * t, t),
                    _ => {
                        if !without_cost.iter().any(|x| x == s.service) {
                            without_cost.push(s.service.to_owned());
                        }
                        (0.0, r.take_up.unwrap_or(0.0))
                    }
                },
                _ => (0.0, 0.0),
            };
            let fee = fee_col.as_ref().map_or(0.0, |c| fee_revenue(c, &res.eligible, g.rows.clone(), take));
            let band = AGE_BANDS.get(g.band).map_or(UNKNOWN_BAND, |b| b.0);
            let municipality = g.municipality.map(|m| format!("{m:03}")).unwrap_or_default();
            if let Some(last) = rows
                .last_mut()
                .filter(|r| r.municipality == municipality && r.age_band == band && r.service == s.service)
            {
                last.eligible += eligible;
                last.cannot_tell += cannot_tell;
                last.cost_eur += eligible as f64 * unit;
                last.fee_revenue_eur += fee;
                continue;
            }
            rows.push(BaselineRow {
                service: s.service.to_owned(),
                municipality,
                age_band: band,
                eligible,
                cannot_tell,
                cost_eur: eligible as f64 * unit,
                fee_revenue_eur: fee,
            });
        }
    }
    Baseline { on, population: pop.len(), rows, without_cost }
}

/// The baseline as CSV: `service,municipality,age_band,eligible,cannot_tell,cost_eur,fee_revenue_eur`.
pub fn baseline_csv(b: &Baseline) -> String {
    let mut out = String::from("service,municipality,age_band,eligible,cannot_tell,cost_eur,fee_revenue_eur\n");
    for r in &b.rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{:.0},{:.0}",
            r.service, r.municipality, r.age_band, r.eligible, r.cannot_tell, r.cost_eur, r.fee_revenue_eur
        );
    }
    out
}
