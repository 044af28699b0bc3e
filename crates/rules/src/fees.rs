//! Client fees as code: the fee files (`*.fees`, format in `docs/rules-format.md`,
//! "Client fees"), their checks, and one client's monthly fee explained line by line.
//!
//! Two kinds of fee, as the Client Fees Act (734/1992) sets them:
//!
//! - **income-based** (10 e §: continuous and regular home care, long-term
//!   housing services): a percentage of the household's gross monthly income
//!   above an income limit. The limit depends on the household's size, the
//!   percentage on its size and the service hours a month.
//! - **fixed**: a maximum per visit, per day or per month.
//!
//! Every fee has its legal basis, its validity (fees of one service may not
//! overlap) and whether its figures were verified against the published text.
//! Like the rule files, findings carry file, line and column.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use domain::text::Lang;
use serde::Serialize;

use crate::ast::Span;
use crate::diagnostics::Diagnostic;

/// What a fee is computed from.
#[derive(Debug, Clone, PartialEq)]
pub enum FeeKind {
    /// 10 e §: `percent` of the income above `limits[size − 1]`.
    IncomeBased {
        /// Income limits (€/month) for households of 1, 2, … persons.
        limits: Vec<f64>,
        /// Added to the last limit for each person beyond.
        limit_step: f64,
        /// Rows of (service hours a month, percentages by household size).
        /// The first row is "that many hours or fewer", the last "that many or more".
        percent: Vec<(f64, Vec<f64>)>,
    },
    /// A maximum amount per unit.
    Fixed { amount: f64, per: Per },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    Visit,
    Day,
    Month,
}

/// One fee: for one service, for a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Fee {
    pub id: String,
    pub file: String,
    pub span: Span,
    pub service: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub valid_span: Span,
    /// The statute section and decree the figures come from.
    pub basis: String,
    /// Where the figures were checked (or, when unverified, why not).
    pub source: String,
    pub verified: bool,
    pub kind: FeeKind,
}

impl Fee {
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.valid_from <= day && self.valid_to.is_none_or(|to| day <= to)
    }

    fn overlaps(&self, other: &Fee) -> bool {
        let ends_before = |a: &Fee, b: &Fee| a.valid_to.is_some_and(|to| to < b.valid_from);
        !ends_before(self, other) && !ends_before(other, self)
    }
}

/// All fee files read together.
#[derive(Debug, Clone, Default)]
pub struct FeeBook {
    pub fees: Vec<Fee>,
}

/// What a fee is asked for: the client's household and service plan.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FeeInput {
    /// Persons in the household (spouses and their minor children), at least 1.
    pub household_size: u32,
    /// The household's gross income, €/month.
    pub income: f64,
    /// Service hours a month in the plan (income-based fees).
    pub hours_per_month: f64,
    /// Visits or days a month (fixed fees per visit or day).
    pub units_per_month: f64,
}

/// Why no fee could be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FeeError {
    #[error("no client fee for `{service}` is in force on {on}")]
    NoFee { service: String, on: NaiveDate },
    #[error("`{field}`: {problem}")]
    Invalid { field: &'static str, problem: String },
}

/// One line of a fee's calculation, in three languages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeeLine {
    pub text: String,
    /// The amount this line arrives at, in euros, if it is one.
    pub amount: Option<f64>,
}

/// A monthly fee with its calculation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeeOutcome {
    pub fee: String,
    pub service: String,
    /// Euros a month, rounded to the cent: the most the client can be charged.
    pub monthly_fee: f64,
    pub basis: String,
    pub source: String,
    pub verified: bool,
    pub lines: Vec<FeeLine>,
}

impl FeeBook {
    /// Reads fee files; returns the fees and every finding (file, line, column).
    pub fn parse<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> (FeeBook, Vec<Diagnostic>) {
        let mut book = FeeBook::default();
        let mut diags = Vec::new();
        for (name, source) in files {
            let (fees, d) = parse_fees(name, source);
            book.fees.extend(fees);
            diags.extend(d);
        }
        diags.extend(check(&book.fees, None));
        (book, diags)
    }

    /// The fee of `service` in force on `on`.
    pub fn in_force(&self, service: &str, on: NaiveDate) -> Option<&Fee> {
        self.fees.iter().find(|f| f.service == service && f.valid_on(on))
    }

    /// One client's monthly fee for `service` on `on`, explained in `lang`.
    pub fn fee(&self, service: &str, on: NaiveDate, input: &FeeInput, lang: Lang) -> Result<FeeOutcome, FeeError> {
        let fee = self.in_force(service, on).ok_or_else(|| FeeError::NoFee { service: service.to_owned(), on })?;
        fee.compute(input, lang)
    }
}

impl Fee {
    /// The monthly fee alone (no explanation), for the simulator.
    pub fn monthly(&self, size: u32, income: f64, hours: f64, units: f64) -> f64 {
        match &self.kind {
            FeeKind::IncomeBased { limits, limit_step, percent } => {
                let (limit, pct) = income_terms(limits, *limit_step, percent, size.max(1), hours);
                cents(pct / 100.0 * (income - limit).max(0.0))
            }
            FeeKind::Fixed { amount, per } => match per {
                Per::Month => *amount,
                Per::Visit | Per::Day => cents(amount * units),
            },
        }
    }

    /// For an income-based fee: the income limit and the share of the income above
    /// it (percentage / 100) for a household of `size` with `hours` of service.
    pub fn income_share(&self, size: u32, hours: f64) -> Option<(f64, f64)> {
        match &self.kind {
            FeeKind::IncomeBased { limits, limit_step, percent } => {
                let (limit, pct) = income_terms(limits, *limit_step, percent, size.max(1), hours);
                Some((limit, pct / 100.0))
            }
            FeeKind::Fixed { .. } => None,
        }
    }

    pub fn compute(&self, input: &FeeInput, lang: Lang) -> Result<FeeOutcome, FeeError> {
        let invalid = |field, problem: &str| Err(FeeError::Invalid { field, problem: problem.to_owned() });
        if !(1..=30).contains(&input.household_size) {
            return invalid("household_size", "a household has 1–30 persons");
        }
        if !input.income.is_finite() || input.income < 0.0 || input.income > 1_000_000.0 {
            return invalid("income", "gross income in euros a month, 0–1,000,000");
        }
        if !input.hours_per_month.is_finite() || !(0.0..=744.0).contains(&input.hours_per_month) {
            return invalid("hours_per_month", "service hours a month, 0–744");
        }
        if !input.units_per_month.is_finite() || !(0.0..=31.0 * 24.0).contains(&input.units_per_month) {
            return invalid("units_per_month", "visits or days a month, 0–744");
        }
        let mut lines = Vec::new();
        let monthly = self.monthly(input.household_size, input.income, input.hours_per_month, input.units_per_month);
        let m = |x: f64| money(x, lang);
        let t = |fi: String, sv: String, en: String| match lang {
            Lang::Fi => fi,
            Lang::Sv => sv,
            Lang::En => en,
        };
        match &self.kind {
            FeeKind::IncomeBased { limits, limit_step, percent } => {
                let n = input.household_size;
                let (limit, pct) = income_terms(limits, *limit_step, percent, n, input.hours_per_month);
                let over = (input.income - limit).max(0.0);
                let persons = |fi: &str, sv: &str, en: &str| match (lang, n) {
                    (Lang::En, 1) => "1 person".to_owned(),
                    (Lang::Sv, 1) => "1 person".to_owned(),
                    (Lang::Fi, _) => format!("{n} {fi}"),
                    (Lang::Sv, _) => format!("{n} {sv}"),
                    (Lang::En, _) => format!("{n} {en}"),
                };
                lines.push(FeeLine {
                    text: t(
                        format!("Kotitalouden bruttotulot {} kuukaudessa", m(input.income)),
                        format!("Hushållets bruttoinkomster {} i månaden", m(input.income)),
                        format!("Household gross income {} a month", m(input.income)),
                    ),
                    amount: Some(input.income),
                });
                let extra = n as usize > limits.len();
                lines.push(FeeLine {
                    text: t(
                        format!(
                            "Tuloraja, kotitaloudessa {}: {}{}",
                            persons("henkilöä", "", ""),
                            m(limit),
                            if extra {
                                format!(" ({} kultakin {}. henkilön jälkeen)", m(*limit_step), limits.len())
                            } else {
                                String::new()
                            }
                        ),
                        format!(
                            "Inkomstgräns för ett hushåll med {}: {}{}",
                            persons("", "personer", ""),
                            m(limit),
                            if extra {
                                format!(" ({} för varje person efter den {}:e)", m(*limit_step), limits.len())
                            } else {
                                String::new()
                            }
                        ),
                        format!(
                            "Income limit for a household of {}: {}{}",
                            persons("", "", "persons"),
                            m(limit),
                            if extra {
                                format!(" ({} for each person beyond {})", m(*limit_step), limits.len())
                            } else {
                                String::new()
                            }
                        ),
                    ),
                    amount: Some(limit),
                });
                lines.push(FeeLine {
                    text: t(
                        format!("Tulorajan ylittävät tulot {}", m(over)),
                        format!("Inkomster över gränsen {}", m(over)),
                        format!("Income above the limit {}", m(over)),
                    ),
                    amount: Some(over),
                });
                let h = hours(input.hours_per_month, lang);
                lines.push(FeeLine {
                    text: t(
                        format!("Palvelua {h} kuukaudessa: maksuprosentti {}", percent_text(pct, lang)),
                        format!("Service {h} i månaden: avgiftsprocent {}", percent_text(pct, lang)),
                        format!("Service {h} a month: fee percentage {}", percent_text(pct, lang)),
                    ),
                    amount: None,
                });
                lines.push(FeeLine {
                    text: t(
                        format!("Kuukausimaksu enintään {} × {} = {}", percent_text(pct, lang), m(over), m(monthly)),
                        format!("Månadsavgift högst {} × {} = {}", percent_text(pct, lang), m(over), m(monthly)),
                        format!("Monthly fee at most {} × {} = {}", percent_text(pct, lang), m(over), m(monthly)),
                    ),
                    amount: Some(monthly),
                });
            }
            FeeKind::Fixed { amount, per } => {
                let (fi, sv, en) = match per {
                    Per::Visit => ("käynti", "besök", "visit"),
                    Per::Day => ("vuorokausi", "dygn", "day"),
                    Per::Month => ("kuukausi", "månad", "month"),
                };
                let units = number(input.units_per_month, lang);
                lines.push(FeeLine {
                    text: t(
                        format!("Enimmäismaksu {} / {fi}", m(*amount)),
                        format!("Högsta avgift {} / {sv}", m(*amount)),
                        format!("Maximum fee {} per {en}", m(*amount)),
                    ),
                    amount: Some(*amount),
                });
                if *per != Per::Month {
                    lines.push(FeeLine {
                        text: t(
                            format!("{} × {units} kuukaudessa = {}", m(*amount), m(monthly)),
                            format!("{} × {units} i månaden = {}", m(*amount), m(monthly)),
                            format!("{} × {units} a month = {}", m(*amount), m(monthly)),
                        ),
                        amount: Some(monthly),
                    });
                }
            }
        }
        lines.push(FeeLine {
            text: t(
                format!("Peruste: {}", self.basis),
                format!("Grund: {}", self.basis),
                format!("Legal basis: {}", self.basis),
            ),
            amount: None,
        });
        if !self.verified {
            lines.push(FeeLine {
                text: t(
                    "Euromääriä ei ole tarkistettu julkaistusta säädöstekstistä".to_owned(),
                    "Eurobeloppen har inte kontrollerats mot den publicerade författningstexten".to_owned(),
                    "The euro amounts have not been checked against the published text".to_owned(),
                ),
                amount: None,
            });
        }
        Ok(FeeOutcome {
            fee: self.id.clone(),
            service: self.service.clone(),
            monthly_fee: monthly,
            basis: self.basis.clone(),
            source: self.source.clone(),
            verified: self.verified,
            lines,
        })
    }
}

/// The income limit and the percentage for a household of `size` with `hours` of service.
fn income_terms(limits: &[f64], step: f64, percent: &[(f64, Vec<f64>)], size: u32, hours: f64) -> (f64, f64) {
    let n = size as usize;
    let last = limits.len();
    let limit = if n <= last { limits[n - 1] } else { limits[last - 1] + step * (n - last) as f64 };
    // 10 e § 6 mom.: partial hours are rounded to the nearest whole hour, half hours
    // upwards; the first row whose hours reach them applies.
    let h = (hours + 0.5).floor();
    let row = percent.iter().find(|(rh, _)| *rh >= h).or(percent.last()).map(|(_, p)| p);
    let pct = row.map_or(0.0, |p| p[(n.min(p.len())) - 1]);
    (limit, pct)
}

fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Euros in the language's way: `1 500,00 €` (fi, sv), `€1,500.00` (en).
pub fn money(x: f64, lang: Lang) -> String {
    let c = (x * 100.0).round() as i64;
    let (whole, frac) = (c.abs() / 100, c.abs() % 100);
    let digits = whole.to_string();
    let sep = if lang == Lang::En { ',' } else { '\u{a0}' };
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(sep);
        }
        grouped.push(ch);
    }
    let sign = if c < 0 { "−" } else { "" };
    match lang {
        Lang::En => format!("{sign}€{grouped}.{frac:02}"),
        _ => format!("{sign}{grouped},{frac:02}\u{a0}€"),
    }
}

fn number(x: f64, lang: Lang) -> String {
    let s = if x.fract() == 0.0 { format!("{}", x as i64) } else { format!("{x}") };
    if lang == Lang::En { s } else { s.replace('.', ",") }
}

fn percent_text(p: f64, lang: Lang) -> String {
    format!("{}\u{a0}%", number(p, lang))
}

fn hours(h: f64, lang: Lang) -> String {
    match lang {
        Lang::Fi => format!("{} h", number(h, lang)),
        Lang::Sv => format!("{} h", number(h, lang)),
        Lang::En => format!("{} hours", number(h, lang)),
    }
}

/// Checks fees together: overlapping validity of one service's fees; with
/// `services`, that each fee's service exists.
pub fn check(fees: &[Fee], services: Option<&BTreeSet<String>>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, a) in fees.iter().enumerate() {
        if let Some(s) = services
            && !s.contains(&a.service)
        {
            out.push(Diagnostic::error(&a.file, a.span, format!("no service `{}` in the catalog", a.service)));
        }
        for b in &fees[..i] {
            if a.service == b.service && a.overlaps(b) {
                out.push(Diagnostic::error(
                    &a.file,
                    a.valid_span,
                    format!(
                        "the validity of `{}` overlaps that of `{}` ({}:{}) for the same service `{}`",
                        a.id, b.id, b.file, b.valid_span.line, a.service
                    ),
                ));
            }
        }
    }
    out
}

/// Reads one fee file.
pub fn parse_fees(file: &str, source: &str) -> (Vec<Fee>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut fees = Vec::new();
    let mut err = |line: u32, col: u32, msg: String| diags.push(Diagnostic::error(file, Span { line, col }, msg));
    let mut current: Option<Draft> = None;
    let mut in_percent = false;
    for (i, raw) in source.lines().enumerate() {
        let no = i as u32 + 1;
        let text = strip_comment(raw).trim_end();
        if text.trim().is_empty() {
            continue;
        }
        let indent = (text.len() - text.trim_start_matches(' ').len()) as u32;
        let body = &text[indent as usize..];
        if body.starts_with('\t') {
            err(no, indent + 1, "indent with spaces, not tabs".into());
            continue;
        }
        let toks = match tokens(body) {
            Ok(t) => t,
            Err(col) => {
                err(no, indent + col, "this quoted text has no closing quote".into());
                continue;
            }
        };
        let col = |k: usize| indent + toks.get(k).map_or(1, |t| t.0);
        if indent == 0 {
            in_percent = false;
            if let Some(d) = current.take() {
                finish(d, file, &mut fees, &mut err);
            }
            match toks.as_slice() {
                [(_, "fee", false), (_, id, false)] if crate::parse::is_id(id) => {
                    current = Some(Draft::new(id, Span { line: no, col: 1 }));
                }
                [(_, "fee", false), (c, id, _)] => err(no, *c, format!("`{id}` is not a fee id (a-z 0-9 . _ : -)")),
                _ => err(no, 1, "expected `fee <id>` (a fee file is fees, each with its lines indented)".into()),
            }
            continue;
        }
        let Some(d) = current.as_mut() else {
            err(no, indent + 1, "this line is not under a `fee`".into());
            continue;
        };
        if in_percent && indent > d.prop_indent.unwrap_or(0) {
            let mut row = Vec::new();
            for (k, (_, t, _)) in toks.iter().enumerate() {
                match t.replace(',', ".").parse::<f64>() {
                    Ok(x) if x.is_finite() && x >= 0.0 && (k == 0 || x <= 100.0) => row.push(x),
                    _ => {
                        err(
                            no,
                            col(k),
                            format!("`{t}` is not {}", if k == 0 { "a number of hours" } else { "a percentage 0–100" }),
                        );
                        row.clear();
                        break;
                    }
                }
            }
            if row.len() >= 2 {
                let hours = row.remove(0);
                if let Some((prev, _, _)) = d.percent.last()
                    && hours <= *prev
                {
                    err(no, col(0), format!("hours must grow from row to row ({hours} after {prev})"));
                }
                d.percent.push((hours, row, Span { line: no, col: col(0) }));
            } else if !toks.is_empty() && row.len() == 1 {
                err(no, col(1), "a row is hours and then a percentage for each household size".into());
            }
            continue;
        }
        in_percent = false;
        match d.prop_indent {
            None => d.prop_indent = Some(indent),
            Some(p) if p != indent => {
                err(no, indent + 1, format!("expected the fee's lines at indent {p}"));
                continue;
            }
            _ => {}
        }
        let key = toks[0].1;
        let rest = &toks[1..];
        let one_quoted = |rest: &[(u32, &str, bool)]| match rest {
            [(_, t, true)] if !t.trim().is_empty() => Some((*t).to_owned()),
            _ => None,
        };
        match key {
            "service" => match rest {
                [(_, s, false)] if crate::parse::is_id(s) => d.service = Some((*s).to_owned()),
                _ => err(no, col(1), "expected one service id".into()),
            },
            "valid" => match parse_valid(rest) {
                Ok((from, to)) => d.valid = Some((from, to, Span { line: no, col: col(1) })),
                Err(msg) => err(no, col(1), msg),
            },
            "basis" => match one_quoted(rest) {
                Some(s) => d.basis = Some(s),
                None => err(no, col(1), "the legal basis is quoted text: `basis \"734/1992 10 e §\"`".into()),
            },
            "source" => match one_quoted(rest) {
                Some(s) => d.source = Some(s),
                None => err(no, col(1), "the source is quoted text".into()),
            },
            "verified" => match rest {
                [(_, "yes", false)] => d.verified = Some(true),
                [(_, "no", false)] => d.verified = Some(false),
                _ => err(no, col(1), "write `verified yes` or `verified no`".into()),
            },
            "kind" => match rest {
                [(_, "income-based", false)] => d.kind = Some(DraftKind::IncomeBased),
                [(_, "fixed", false)] => d.kind = Some(DraftKind::Fixed),
                _ => err(no, col(1), "write `kind income-based` or `kind fixed`".into()),
            },
            "limits" => {
                let mut v = Vec::new();
                for (k, (_, t, _)) in rest.iter().enumerate() {
                    match t.parse::<f64>() {
                        Ok(x) if x.is_finite() && x >= 0.0 => v.push(x),
                        _ => {
                            err(no, col(k + 1), format!("`{t}` is not an income limit in euros"));
                            v.clear();
                            break;
                        }
                    }
                }
                if rest.is_empty() {
                    err(no, col(1), "expected the income limits for households of 1, 2, … persons".into());
                }
                if !v.is_empty() {
                    d.limits = Some((v, Span { line: no, col: col(1) }));
                }
            }
            "limit-step" => match rest {
                [(_, t, false)] if t.parse::<f64>().is_ok_and(|x| x.is_finite() && x >= 0.0) => {
                    d.limit_step = t.parse().ok()
                }
                _ => err(no, col(1), "expected euros added to the limit for each further person".into()),
            },
            "percent" => match rest {
                [(_, "by-hours", false)] => in_percent = true,
                _ => err(no, col(1), "write `percent by-hours` and the rows indented under it".into()),
            },
            "amount" => match rest {
                [(_, t, false)] if t.parse::<f64>().is_ok_and(|x| x.is_finite() && x >= 0.0) => {
                    d.amount = t.parse().ok()
                }
                _ => err(no, col(1), "expected an amount in euros".into()),
            },
            "per" => match rest {
                [(_, "visit", false)] => d.per = Some(Per::Visit),
                [(_, "day", false)] => d.per = Some(Per::Day),
                [(_, "month", false)] => d.per = Some(Per::Month),
                _ => err(no, col(1), "write `per visit`, `per day` or `per month`".into()),
            },
            other => err(
                no,
                col(0),
                format!(
                    "unknown line `{other}` (a fee has service, valid, basis, source, verified, kind, limits, limit-step, percent, amount, per)"
                ),
            ),
        }
    }
    if let Some(d) = current.take() {
        finish(d, file, &mut fees, &mut err);
    }
    (fees, diags)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum DraftKind {
    IncomeBased,
    Fixed,
}

#[derive(Debug)]
struct Draft {
    id: String,
    span: Span,
    prop_indent: Option<u32>,
    service: Option<String>,
    valid: Option<(NaiveDate, Option<NaiveDate>, Span)>,
    basis: Option<String>,
    source: Option<String>,
    verified: Option<bool>,
    kind: Option<DraftKind>,
    limits: Option<(Vec<f64>, Span)>,
    limit_step: Option<f64>,
    percent: Vec<(f64, Vec<f64>, Span)>,
    amount: Option<f64>,
    per: Option<Per>,
}

impl Draft {
    fn new(id: &str, span: Span) -> Draft {
        Draft {
            id: id.to_owned(),
            span,
            prop_indent: None,
            service: None,
            valid: None,
            basis: None,
            source: None,
            verified: None,
            kind: None,
            limits: None,
            limit_step: None,
            percent: Vec::new(),
            amount: None,
            per: None,
        }
    }
}

fn finish(d: Draft, file: &str, fees: &mut Vec<Fee>, err: &mut impl FnMut(u32, u32, String)) {
    let at = d.span;
    let mut missing = |what: &str| err(at.line, at.col, format!("fee `{}` has no {what}", d.id));
    let (Some(service), Some((from, to, vspan)), Some(basis), Some(verified), Some(kind)) =
        (d.service.clone(), d.valid, d.basis.clone(), d.verified, d.kind)
    else {
        if d.service.is_none() {
            missing("`service`");
        }
        if d.valid.is_none() {
            missing("`valid` dates");
        }
        if d.basis.is_none() {
            missing("legal basis (`basis \"…\"`: the statute section or decree)");
        }
        if d.verified.is_none() {
            missing("`verified yes|no` (were the figures checked against the published text?)");
        }
        if d.kind.is_none() {
            missing("`kind income-based|fixed`");
        }
        return;
    };
    let kind = match kind {
        DraftKind::IncomeBased => {
            let Some((limits, lspan)) = d.limits else {
                missing("`limits` (income limits by household size)");
                return;
            };
            if d.percent.is_empty() {
                missing("`percent by-hours` table");
                return;
            }
            for (_, row, span) in &d.percent {
                if row.len() != limits.len() {
                    err(
                        span.line,
                        span.col,
                        format!(
                            "{} percentages for {} income limits (line {}): one for each household size",
                            row.len(),
                            limits.len(),
                            lspan.line
                        ),
                    );
                    return;
                }
            }
            FeeKind::IncomeBased {
                limits,
                limit_step: d.limit_step.unwrap_or(0.0),
                percent: d.percent.into_iter().map(|(h, p, _)| (h, p)).collect(),
            }
        }
        DraftKind::Fixed => {
            let (Some(amount), Some(per)) = (d.amount, d.per) else {
                missing("`amount` and `per` (a fixed fee is an amount per visit, day or month)");
                return;
            };
            FeeKind::Fixed { amount, per }
        }
    };
    fees.push(Fee {
        id: d.id,
        file: file.to_owned(),
        span: at,
        service,
        valid_from: from,
        valid_to: to,
        valid_span: vspan,
        basis,
        source: d.source.unwrap_or_default(),
        verified,
        kind,
    });
}

fn parse_valid(rest: &[(u32, &str, bool)]) -> Result<(NaiveDate, Option<NaiveDate>), String> {
    let date =
        |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("`{s}` is not a date (YYYY-MM-DD)"));
    match rest {
        [(_, from, _), (_, "..", _)] => Ok((date(from)?, None)),
        [(_, from, _), (_, "..", _), (_, to, _)] => {
            let (from, to) = (date(from)?, date(to)?);
            if to < from {
                return Err(format!("the validity ends ({to}) before it starts ({from})"));
            }
            Ok((from, Some(to)))
        }
        _ => Err("expected `valid <from> ..` or `valid <from> .. <to>`".into()),
    }
}

fn strip_comment(line: &str) -> &str {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '#' if !quoted => return &line[..i],
            _ => {}
        }
    }
    line
}

/// Words and quoted texts with their columns (from 1). `Err(col)`: an unclosed quote.
fn tokens(s: &str) -> Result<Vec<(u32, &str, bool)>, u32> {
    let mut out = Vec::new();
    let mut i = 0;
    let b = s.as_bytes();
    while i < b.len() {
        if b[i] == b' ' {
            i += 1;
            continue;
        }
        let col = s[..i].chars().count() as u32 + 1;
        if b[i] == b'"' {
            let end = s[i + 1..].find('"').ok_or(col)?;
            out.push((col, &s[i + 1..i + 1 + end], true));
            i += end + 2;
        } else {
            let end = s[i..].find(' ').map_or(s.len(), |e| i + e);
            out.push((col, &s[i..end], false));
            i = end;
        }
    }
    Ok(out)
}
