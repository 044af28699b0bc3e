//! Legal clocks as dated rule data (`*.clocks`, format in `docs/rules-format.md`,
//! "Legal clocks"): the time limits the law sets from a referral, an application
//! or a notification, and the deadlines they give one person.
//!
//! A clock is for some services, valid for a period, with its legal basis, where
//! its figure was checked (`verified`), the referral state that meets it
//! (`met-by`: accepted, in progress or completed, HL7 FHIR Task status codes), the
//! limit (`7 working-days`, `14 days`, `3 weeks`, `3 months`) and optionally a
//! condition on the person in the rules' own language (`when`, read by the rule
//! reader and checked by the rule checker). Versions of one clock share a
//! `family`; a family's versions may not overlap in validity unless their
//! conditions exclude each other (`age >= 23` and `age < 23`).
//!
//! Deadlines are counted with [`domain::calendar`] (the Act on the computation of
//! statutory time limits 150/1930: the day of receipt not counted, a limit ending
//! on a day off moved to the next working day). A clock whose condition cannot be
//! told for want of a fact is returned as [`Applies::Maybe`], never dropped.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::NaiveDate;
use domain::calendar;
use domain::text::{Lang, Text};
use serde::{Serialize, Serializer};

use crate::ast::{Cond, Node, Span};
use crate::check::{check_when, exclusive};
use crate::diagnostics::Diagnostic;
use crate::eval::{Tri, eval, explain};
use crate::facts::Fact;
use crate::parse::{Reader, Tree, is_id};
use crate::person::Person;

/// The referral state that meets a clock (HL7 FHIR Task status codes; the
/// application maps them to its referral states).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetBy {
    /// The referral has been received and taken in hand (contact made).
    Accepted,
    /// The work has started (an assessment or an investigation begun).
    InProgress,
    /// The work is done (treatment given, decision made, investigation finished).
    Completed,
}

impl MetBy {
    pub const ALL: [MetBy; 3] = [MetBy::Accepted, MetBy::InProgress, MetBy::Completed];

    /// `accepted`, `in-progress` or `completed`.
    pub fn as_str(self) -> &'static str {
        match self {
            MetBy::Accepted => "accepted",
            MetBy::InProgress => "in-progress",
            MetBy::Completed => "completed",
        }
    }

    pub fn parse(s: &str) -> Option<MetBy> {
        MetBy::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// How long a clock runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "unit", content = "n", rename_all = "kebab-case")]
pub enum Limit {
    /// The n-th working day after receipt; 0: the same working day.
    WorkingDays(u32),
    Days(u32),
    Weeks(u32),
    /// Calendar months, the day clamped to the month's end.
    Months(u32),
}

impl Limit {
    /// The due date for something received on `received` (150/1930).
    pub fn due(self, received: NaiveDate) -> NaiveDate {
        match self {
            Limit::WorkingDays(n) => calendar::add_working_days(received, n),
            Limit::Days(n) => calendar::add_days(received, n),
            Limit::Weeks(n) => calendar::add_weeks(received, n),
            Limit::Months(n) => calendar::add_months(received, n),
        }
    }

    pub fn count(self) -> u32 {
        match self {
            Limit::WorkingDays(n) | Limit::Days(n) | Limit::Weeks(n) | Limit::Months(n) => n,
        }
    }

    /// The unit as written in clock files.
    pub fn unit(self) -> &'static str {
        match self {
            Limit::WorkingDays(_) => "working-days",
            Limit::Days(_) => "days",
            Limit::Weeks(_) => "weeks",
            Limit::Months(_) => "months",
        }
    }
}

impl fmt::Display for Limit {
    /// As written in clock files: `7 working-days`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.count(), self.unit())
    }
}

/// One version of a legal clock.
#[derive(Debug, Clone, PartialEq)]
pub struct Clock {
    pub id: String,
    /// Versions of one clock share a family.
    pub family: String,
    pub file: String,
    pub span: Span,
    /// The catalog services whose referrals start the clock.
    pub services: Vec<String>,
    /// Where each service is named (same order as `services`).
    pub service_spans: Vec<Span>,
    pub valid_from: NaiveDate,
    /// Inclusive; `None` is open-ended.
    pub valid_to: Option<NaiveDate>,
    pub valid_span: Span,
    /// The statute section.
    pub basis: String,
    /// Where the figure was checked (or, when unverified, why not).
    pub source: String,
    pub verified: bool,
    pub met_by: MetBy,
    pub limit: Limit,
    /// What is due, in fi, sv and en (all three present).
    pub name: Text,
    /// Whom the clock is for; `None`: everyone referred to the services.
    pub when: Option<Cond>,
}

impl Clock {
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.valid_from <= day && self.valid_to.is_none_or(|to| day <= to)
    }

    fn overlaps(&self, other: &Clock) -> bool {
        let ends_before = |a: &Clock, b: &Clock| a.valid_to.is_some_and(|to| to < b.valid_from);
        !ends_before(self, other) && !ends_before(other, self)
    }
}

/// Whether a clock applies to the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "applies")]
pub enum Applies {
    Yes,
    /// The condition cannot be told: these facts would decide it. Counted as running.
    Maybe {
        #[serde(serialize_with = "fact_names")]
        missing: Vec<Fact>,
    },
}

fn fact_names<S: Serializer>(facts: &[Fact], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(facts.iter().map(|f| f.name()))
}

/// One deadline for one person's referral.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deadline {
    /// The clock's id.
    pub clock: String,
    pub family: String,
    pub name: Text,
    pub due: NaiveDate,
    pub met_by: MetBy,
    pub limit: Limit,
    pub basis: String,
    pub verified: bool,
    pub applies: Applies,
}

/// All clock files read together.
#[derive(Debug, Clone, Default)]
pub struct ClockBook {
    pub clocks: Vec<Clock>,
}

impl ClockBook {
    /// Reads and checks clock files; returns the clocks and every finding (file, line, column).
    pub fn parse<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> (ClockBook, Vec<Diagnostic>) {
        let mut book = ClockBook::default();
        let mut diags = Vec::new();
        for (name, source) in files {
            let (clocks, d) = parse_clocks(name, source);
            book.clocks.extend(clocks);
            diags.extend(d);
        }
        diags.extend(check_clocks(&book.clocks, None));
        (book, diags)
    }

    /// The clocks, or every finding when one of them is an error (warnings alone pass).
    pub fn from_files(files: &[(&str, &str)]) -> Result<ClockBook, Vec<Diagnostic>> {
        let (book, diags) = ClockBook::parse(files.iter().copied());
        if diags.iter().any(Diagnostic::is_error) { Err(diags) } else { Ok(book) }
    }

    /// The deadlines a referral to `service` received on `received` starts for
    /// `person`: the clocks valid on that day whose condition holds or cannot be
    /// told, by due date.
    pub fn deadlines(&self, service: &str, person: &Person, received: NaiveDate) -> Vec<Deadline> {
        let mut out: Vec<Deadline> = self
            .clocks
            .iter()
            .filter(|c| c.valid_on(received) && c.services.iter().any(|s| s == service))
            .filter_map(|c| {
                let applies = match &c.when {
                    None => Applies::Yes,
                    Some(when) => match eval(when, person) {
                        Tri::True => Applies::Yes,
                        Tri::False => return None,
                        Tri::Unknown => {
                            let mut missing = Vec::new();
                            explain(when, person, Lang::En, &mut missing);
                            Applies::Maybe { missing }
                        }
                    },
                };
                Some(Deadline {
                    clock: c.id.clone(),
                    family: c.family.clone(),
                    name: c.name.clone(),
                    due: c.limit.due(received),
                    met_by: c.met_by,
                    limit: c.limit,
                    basis: c.basis.clone(),
                    verified: c.verified,
                    applies,
                })
            })
            .collect();
        out.sort_by(|a, b| (a.due, &a.clock).cmp(&(b.due, &b.clock)));
        out
    }
}

/// Checks clocks together: unique ids; with `known_services`, that each service
/// exists; a family's versions not overlapping in validity (unless their conditions
/// exclude each other); conditions that can never hold, as the rule checker finds them.
pub fn check_clocks(clocks: &[Clock], known_services: Option<&BTreeSet<String>>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut ids: BTreeMap<&str, &Clock> = BTreeMap::new();
    for c in clocks {
        if let Some(first) = ids.get(c.id.as_str()) {
            out.push(Diagnostic::error(
                &c.file,
                c.span,
                format!("clock id `{}` is already used at {}:{}", c.id, first.file, first.span.line),
            ));
        } else {
            ids.insert(&c.id, c);
        }
        if let Some(known) = known_services {
            for (s, span) in c.services.iter().zip(&c.service_spans) {
                if !known.contains(s) {
                    out.push(Diagnostic::error(&c.file, *span, format!("unknown service `{s}`")));
                }
            }
        }
        if let Some(when) = &c.when {
            out.extend(check_when(&c.file, c.span, &format!("clock `{}`", c.id), when));
        }
    }
    for (i, a) in clocks.iter().enumerate() {
        for b in &clocks[..i] {
            if a.family != b.family || a.id == b.id || !a.overlaps(b) {
                continue;
            }
            let apart = match (&a.when, &b.when) {
                (Some(x), Some(y)) => exclusive(x, y),
                _ => false,
            };
            if !apart {
                out.push(Diagnostic::error(
                    &a.file,
                    a.valid_span,
                    format!(
                        "the validity of `{}` overlaps that of `{}` ({}:{}) in the family `{}`, and their conditions do not exclude each other",
                        a.id, b.id, b.file, b.valid_span.line, a.family
                    ),
                ));
            }
        }
    }
    out.sort();
    out
}

const KEYS: [&str; 10] =
    ["family", "services", "valid", "basis", "source", "verified", "met-by", "limit", "name", "when"];

/// Reads one clock file. `file` names it in findings.
pub fn parse_clocks(file: &str, source: &str) -> (Vec<Clock>, Vec<Diagnostic>) {
    let mut r = Reader::new(file);
    let trees = r.outline(source);
    let mut clocks = Vec::new();
    for t in &trees {
        let span = Span { line: t.line.no, col: t.line.indent + 1 };
        let Some(toks) = r.tokens(&t.line) else { continue };
        if toks[0].text != "clock" {
            r.err(
                span,
                format!(
                    "expected `clock <id>`, found `{}` (a clock file is clocks, each with its lines indented)",
                    toks[0].text
                ),
            );
            continue;
        }
        let Some(id) = r.one_word(&toks, span, "a clock id, e.g. `clock social-assessment.75.2015`") else {
            continue;
        };
        if !is_id(id) {
            r.err(
                Span { line: span.line, col: toks[1].col },
                format!("`{id}` is not a valid clock id (use a-z, 0-9, . _ : -)"),
            );
            continue;
        }
        if let Some(c) = clock(&mut r, file, id, span, t) {
            clocks.push(c);
        }
    }
    (clocks, r.into_diagnostics())
}

fn clock(r: &mut Reader<'_>, file: &str, id: &str, span: Span, t: &Tree<'_>) -> Option<Clock> {
    let mut given: BTreeSet<&str> = BTreeSet::new();
    let mut family = None;
    let mut services: Option<(Vec<String>, Vec<Span>)> = None;
    let mut valid = None;
    let mut basis = None;
    let mut source = None;
    let mut verified = None;
    let mut met_by = None;
    let mut limit = None;
    let mut names: [Option<String>; 3] = Default::default();
    let mut name_span = None;
    let mut when = None;
    let errors_before = r.error_count();
    for prop in &t.children {
        let pspan = Span { line: prop.line.no, col: prop.line.indent + 1 };
        let Some(toks) = r.tokens(&prop.line) else { continue };
        let key = toks[0].text;
        let Some(key) = KEYS.iter().copied().find(|k| *k == key) else {
            r.err(pspan, format!("unknown property `{key}` (a clock has {})", KEYS.join(", ")));
            continue;
        };
        if key != "name" && !given.insert(key) {
            r.err(pspan, format!("`{key}` is given twice in clock `{id}`"));
            continue;
        }
        if key != "when" {
            r.no_children(prop, &format!("`{key}`"));
        }
        let at = |i: usize| Span { line: prop.line.no, col: toks.get(i).map_or(pspan.col, |t| t.col) };
        let quoted = |what: &str| match toks.as_slice() {
            [_, t] if t.quoted && !t.text.trim().is_empty() => Ok(t.text.to_owned()),
            _ => Err(format!("expected {what} in quotes: `{key} \"…\"`")),
        };
        match key {
            "family" => {
                if let Some(f) = r.one_word(&toks, pspan, "a family name, e.g. `family social-assessment-start`") {
                    if is_id(f) {
                        family = Some(f.to_owned());
                    } else {
                        r.err(at(1), format!("`{f}` is not a valid family name (use a-z, 0-9, . _ : -)"));
                    }
                }
            }
            "services" => {
                let mut ids = Vec::new();
                let mut spans = Vec::new();
                let mut ok = true;
                for (i, tok) in toks.iter().enumerate().skip(1) {
                    if tok.quoted || !is_id(tok.text) {
                        r.err(at(i), format!("`{}` is not a service id", tok.text));
                        ok = false;
                        break;
                    }
                    ids.push(tok.text.to_owned());
                    spans.push(at(i));
                }
                if ok && ids.is_empty() {
                    r.err(pspan, "`services` names at least one service id".into());
                } else if ok {
                    services = Some((ids, spans));
                }
            }
            "valid" => valid = r.validity(&toks, pspan).map(|(f, to)| (f, to, at(1))),
            "basis" => match quoted("the legal basis") {
                Ok(s) => basis = Some(s),
                Err(m) => r.err(pspan, m),
            },
            "source" => match quoted("where the figure was checked, or why it was not") {
                Ok(s) => source = Some(s),
                Err(m) => r.err(pspan, m),
            },
            "verified" => match r.one_word(&toks, pspan, "`yes` or `no`") {
                Some("yes") => verified = Some(true),
                Some("no") => verified = Some(false),
                Some(other) => r.err(at(1), format!("`{other}`: write `verified yes` or `verified no`")),
                None => {}
            },
            "met-by" => {
                if let Some(m) = r.one_word(&toks, pspan, "`accepted`, `in-progress` or `completed`") {
                    match MetBy::parse(m) {
                        Some(m) => met_by = Some(m),
                        None => r.err(at(1), format!("`{m}`: expected `accepted`, `in-progress` or `completed`")),
                    }
                }
            }
            "limit" => limit = read_limit(r, &toks.iter().map(|t| (t.text, t.quoted)).collect::<Vec<_>>(), pspan, at),
            "name" => {
                if let Some((i, text)) = r.lang_text(&toks, pspan) {
                    if names[i].is_some() {
                        r.err(pspan, format!("a second `name {}`", Lang::ALL[i].code()));
                    }
                    names[i] = Some(text);
                    name_span.get_or_insert(pspan);
                }
                given.insert("name");
            }
            _ => {
                // `when`
                if toks.len() > 1 {
                    r.err(at(1), "put the conditions on their own lines under `when`".into());
                }
                if prop.children.is_empty() {
                    r.err(pspan, "`when` has no conditions under it".into());
                }
                let (children, text) = r.conds(&prop.children);
                when = Some(Cond { node: Node::All(children), span: pspan, text });
            }
        }
    }
    let missing: Vec<String> = KEYS
        .iter()
        .filter(|k| **k != "when" && !given.contains(*k))
        .map(|k| match *k {
            "name" => "`name fi|sv|en \"…\"`".to_owned(),
            "basis" => "`basis` (the statute section)".to_owned(),
            "verified" => "`verified yes|no` (was the figure checked against the statute?)".to_owned(),
            k => format!("`{k}`"),
        })
        .collect();
    if !missing.is_empty() {
        r.err(span, format!("clock `{id}` has no {}", missing.join(", ")));
        return None;
    }
    let name = match names {
        [Some(fi), Some(sv), Some(en)] => Text { fi: Some(fi), sv: Some(sv), en: Some(en) },
        _ => {
            if let Some(at) = name_span {
                r.err(at, "give the name in all three languages (`name fi`, `name sv`, `name en`)".into());
            }
            return None;
        }
    };
    if r.error_count() != errors_before {
        return None;
    }
    let (Some(family), Some((services, service_spans)), Some((from, to, valid_span))) = (family, services, valid)
    else {
        return None;
    };
    Some(Clock {
        id: id.to_owned(),
        family,
        file: file.to_owned(),
        span,
        services,
        service_spans,
        valid_from: from,
        valid_to: to,
        valid_span,
        basis: basis?,
        source: source?,
        verified: verified?,
        met_by: met_by?,
        limit: limit?,
        name,
        when,
    })
}

fn read_limit(r: &mut Reader<'_>, toks: &[(&str, bool)], span: Span, at: impl Fn(usize) -> Span) -> Option<Limit> {
    let [_, (count, false), (unit, false)] = toks else {
        r.err(span, "write the limit as `limit <N> working-days|days|weeks|months`".into());
        return None;
    };
    let Ok(n) = count.parse::<u32>() else {
        r.err(at(1), format!("`{count}` is not a whole number of days, weeks or months"));
        return None;
    };
    let limit = match *unit {
        "working-days" | "working-day" => Limit::WorkingDays(n),
        "days" | "day" => Limit::Days(n),
        "weeks" | "week" => Limit::Weeks(n),
        "months" | "month" => Limit::Months(n),
        other => {
            r.err(at(2), format!("`{other}` is not a unit of the limit (working-days, days, weeks or months)"));
            return None;
        }
    };
    if n == 0 && !matches!(limit, Limit::WorkingDays(_)) {
        r.err(at(1), format!("a limit of 0 {unit} is no limit (`0 working-days` is the same working day)"));
        return None;
    }
    let most = match limit {
        Limit::WorkingDays(_) | Limit::Days(_) => 3660,
        Limit::Weeks(_) => 520,
        Limit::Months(_) => 120,
    };
    if n > most {
        r.err(at(1), format!("{n} {unit} is more than ten years"));
        return None;
    }
    Some(limit)
}
