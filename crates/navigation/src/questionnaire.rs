//! Needs-assessment questionnaires as data, and what a set of answers to one means.
//!
//! A questionnaire is a TOML file (`data/navigation/questionnaires/*.toml`, format in
//! `docs/navigation.md`): an id and a version with validity dates, texts in fi/sv/en,
//! questions (choice, yes/no, number) whose answers score on named dimensions, `show_if`
//! conditions for branching (on earlier questions only, so one pass decides what is
//! asked), rules that turn answers into the rules engine's facts, urgency rules (first
//! match wins), contradictions to flag, low-threshold services to suggest, and the
//! thresholds of the client segment. [`Questionnaire::check`] refuses a file that does not
//! hold together; [`Questionnaire::evaluate`] reads answers.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rules::facts::{Fact, Kind};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::error::NavigationError;
use crate::text::T3;
use crate::urgency::UrgencyTable;

/// Who a questionnaire is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Adults,
    Families,
    OlderPeople,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    pub id: String,
    pub version: u32,
    pub valid_from: NaiveDate,
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    pub audience: Audience,
    /// Whether a resident may fill it in alone.
    #[serde(default)]
    pub self_service: bool,
    pub title: T3,
    pub intro: T3,
    /// Where the questions come from.
    pub source: String,
    #[serde(default, rename = "dimension")]
    pub dimensions: Vec<Dimension>,
    #[serde(rename = "question")]
    pub questions: Vec<Question>,
    #[serde(default, rename = "fact")]
    pub facts: Vec<FactRule>,
    #[serde(default, rename = "urgency")]
    pub urgency: Vec<UrgencyRule>,
    /// The class when no urgency rule matches.
    pub default_urgency: String,
    #[serde(default, rename = "contradiction")]
    pub contradictions: Vec<Contradiction>,
    #[serde(default, rename = "suggest")]
    pub suggestions: Vec<Suggestion>,
    pub segment: SegmentRule,
}

/// A score a questionnaire adds up (higher is more difficulty or more risk).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub id: String,
    pub name: T3,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    Choice,
    YesNo,
    Number,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub text: T3,
    #[serde(default)]
    pub help: Option<T3>,
    pub kind: AnswerKind,
    /// The options of a `choice` question.
    #[serde(default, rename = "option")]
    pub options: Vec<Choice>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub unit: Option<T3>,
    /// The dimension the answer's score counts on.
    #[serde(default)]
    pub dimension: Option<String>,
    #[serde(default)]
    pub score_yes: f64,
    #[serde(default)]
    pub score_no: f64,
    /// Asked only when this holds (of earlier answers).
    #[serde(default)]
    pub show_if: Option<Cond>,
    #[serde(default = "yes")]
    pub required: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    pub label: T3,
    #[serde(default)]
    pub score: f64,
}

/// A condition on answers or scores. Exactly one form: `question` with `equals`, `any_of`,
/// `at_least` or `at_most`; `dimension` with `at_least` or `at_most`; `all`; `any`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cond {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any_of: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<Cond>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<Cond>>,
}

/// A fact for the rules engine from one question's answer or one dimension's score.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactRule {
    pub fact: String,
    #[serde(default)]
    pub question: Option<String>,
    #[serde(default)]
    pub dimension: Option<String>,
    /// For a choice or yes/no question: the fact's value for each answer (answers not
    /// listed give no fact). Without it, a yes/no gives true/false and a number itself.
    #[serde(default)]
    pub values: BTreeMap<String, FactValue>,
    /// For a dimension: `[score, value]` pairs, the last whose score is reached applies.
    #[serde(default)]
    pub bands: Vec<[f64; 2]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FactValue {
    Flag(bool),
    Number(f64),
    Text(String),
}

impl FactValue {
    fn json(&self) -> Json {
        match self {
            FactValue::Flag(b) => Json::Bool(*b),
            FactValue::Number(x) => number(*x),
            FactValue::Text(s) => Json::String(s.clone()),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UrgencyRule {
    pub class: String,
    pub when: Cond,
    pub reason: T3,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contradiction {
    pub id: String,
    pub when: Cond,
    pub message: T3,
}

/// A service without eligibility criteria (low-threshold) that answers point to.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suggestion {
    pub service: String,
    pub when: Cond,
    pub reason: T3,
}

/// The thresholds of the four-field segment (see [`crate::segment`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentRule {
    /// Dimensions whose sum measures difficulty in everyday life.
    pub coping: Vec<String>,
    /// From this sum on, coping is weak.
    pub coping_weak_at: f64,
    /// Dimensions whose sum measures health and wellbeing risk relative to service need.
    pub need: Vec<String>,
    /// From this sum on, the need is high.
    pub need_high_at: f64,
}

/// Answers by question id: a choice's value or `yes`/`no` as text, a number as a number.
pub type Answers = BTreeMap<String, Json>;

/// A fact the answers yield, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YieldedFact {
    #[serde(serialize_with = "fact_name")]
    pub fact: Fact,
    pub value: Json,
    /// The question or dimension it came from.
    pub from: String,
}

fn fact_name<S: serde::Serializer>(fact: &Fact, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(fact.name())
}

/// A contradiction found in the answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flagged {
    pub id: String,
    pub message: T3,
}

/// What a set of answers means.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// The questions asked, in order (branching decided by earlier answers).
    pub asked: Vec<String>,
    /// Asked, required and not yet answered.
    pub unanswered: Vec<String>,
    pub scores: BTreeMap<String, f64>,
    pub facts: Vec<YieldedFact>,
    /// The urgency class and why (the default class when no rule matched).
    pub urgency: String,
    pub urgency_reason: Option<T3>,
    pub contradictions: Vec<Flagged>,
    pub suggestions: Vec<(String, T3)>,
}

impl Evaluation {
    pub fn complete(&self) -> bool {
        self.unanswered.is_empty()
    }
}

fn number(x: f64) -> Json {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        Json::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Json::Null, Json::Number)
    }
}

fn well_formed_id(id: &str) -> bool {
    (1..=60).contains(&id.len())
        && id.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// Answers of the questions asked, in order; the condition's three-valued outcome
/// (`None`: not yet answered).
struct State<'a> {
    q: &'a Questionnaire,
    answers: BTreeMap<&'a str, &'a Json>,
    scores: BTreeMap<String, f64>,
}

impl State<'_> {
    fn holds(&self, cond: &Cond) -> Option<bool> {
        if let Some(all) = &cond.all {
            let mut unknown = false;
            for c in all {
                match self.holds(c) {
                    Some(false) => return Some(false),
                    None => unknown = true,
                    Some(true) => {}
                }
            }
            return if unknown { None } else { Some(true) };
        }
        if let Some(any) = &cond.any {
            let mut unknown = false;
            for c in any {
                match self.holds(c) {
                    Some(true) => return Some(true),
                    None => unknown = true,
                    Some(false) => {}
                }
            }
            return if unknown { None } else { Some(false) };
        }
        let value: f64 = if let Some(d) = &cond.dimension {
            *self.scores.get(d).unwrap_or(&0.0)
        } else {
            let q = cond.question.as_deref()?;
            let answer = self.answers.get(q)?;
            if let Some(eq) = &cond.equals {
                return Some(answer.as_str() == Some(eq.as_str()));
            }
            if let Some(any) = &cond.any_of {
                return Some(answer.as_str().is_some_and(|a| any.iter().any(|v| v == a)));
            }
            match answer.as_f64() {
                Some(x) => x,
                // A choice compared with a number: its score.
                None => self.q.question(q).and_then(|qq| qq.score_of(answer)).unwrap_or(0.0),
            }
        };
        let low = cond.at_least.is_none_or(|l| value >= l);
        let high = cond.at_most.is_none_or(|h| value <= h);
        Some(low && high)
    }
}

impl Question {
    fn values(&self) -> Vec<&str> {
        match self.kind {
            AnswerKind::Choice => self.options.iter().map(|o| o.value.as_str()).collect(),
            AnswerKind::YesNo => vec!["yes", "no"],
            AnswerKind::Number => vec![],
        }
    }

    /// The score of an answer (choice and yes/no), `None` for a number.
    pub fn score_of(&self, answer: &Json) -> Option<f64> {
        let a = answer.as_str()?;
        match self.kind {
            AnswerKind::Choice => self.options.iter().find(|o| o.value == a).map(|o| o.score),
            AnswerKind::YesNo => Some(if a == "yes" { self.score_yes } else { self.score_no }),
            AnswerKind::Number => None,
        }
    }

    /// Checks one answer against the question.
    pub fn check_answer(&self, answer: &Json) -> Result<(), NavigationError> {
        let bad = |message: String| Err(NavigationError::Answer { question: self.id.clone(), message });
        match self.kind {
            AnswerKind::Number => {
                let Some(x) = answer.as_f64() else {
                    return bad(format!("the answer is a number, not {answer}"));
                };
                let (min, max) = (self.min.unwrap_or(f64::MIN), self.max.unwrap_or(f64::MAX));
                if !(min..=max).contains(&x) {
                    return bad(format!("{x} is outside {min}–{max}"));
                }
                Ok(())
            }
            _ => {
                let values = self.values();
                match answer.as_str() {
                    Some(a) if values.contains(&a) => Ok(()),
                    _ => bad(format!("the answer is one of {}, not {answer}", values.join(", "))),
                }
            }
        }
    }

    /// The answer in words.
    pub fn answer_label(&self, answer: &Json, lang: domain::text::Lang) -> String {
        match (self.kind, answer.as_str()) {
            (AnswerKind::Choice, Some(a)) => self
                .options
                .iter()
                .find(|o| o.value == a)
                .map_or_else(|| a.to_owned(), |o| o.label.get(lang).to_owned()),
            (AnswerKind::YesNo, Some(a)) => match (a, lang) {
                ("yes", domain::text::Lang::Fi) => "kyllä".into(),
                ("yes", domain::text::Lang::Sv) => "ja".into(),
                ("yes", _) => "yes".into(),
                (_, domain::text::Lang::Fi) => "ei".into(),
                (_, domain::text::Lang::Sv) => "nej".into(),
                _ => "no".into(),
            },
            _ => answer.to_string(),
        }
    }
}

impl Questionnaire {
    /// Reads a questionnaire file; a syntax or shape error names its line and column.
    pub fn parse(file: &str, source: &str) -> Result<Questionnaire, NavigationError> {
        toml::from_str(source).map_err(|e| NavigationError::syntax(file, source, &e))
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.valid_from <= day && self.valid_to.is_none_or(|to| day <= to)
    }

    /// Every problem of the file: ids, texts in all three languages, options, conditions
    /// on earlier questions only, facts the rules engine knows with values of their kind,
    /// urgency classes of the table, the segment's dimensions.
    pub fn check(&self, file: &str, urgency: &UrgencyTable) -> Vec<NavigationError> {
        let mut out = Vec::new();
        let mut problem = |path: String, message: String| {
            out.push(NavigationError::Check { file: file.to_owned(), path, message });
        };
        if !well_formed_id(&self.id) {
            problem("id".into(), format!("`{}` is not an id (lower-case letters, digits, _ and -)", self.id));
        }
        for (path, t) in [("title", &self.title), ("intro", &self.intro)] {
            if t.has_empty() {
                problem(path.into(), "a text is needed in fi, sv and en".into());
            }
        }
        if self.valid_to.is_some_and(|to| to < self.valid_from) {
            problem("valid_to".into(), "ends before it begins".into());
        }
        let dims: BTreeSet<&str> = self.dimensions.iter().map(|d| d.id.as_str()).collect();
        if dims.len() != self.dimensions.len() {
            problem("dimension".into(), "two dimensions have the same id".into());
        }
        let mut seen: BTreeMap<&str, &Question> = BTreeMap::new();
        for (i, q) in self.questions.iter().enumerate() {
            let path = format!("question[{i}] ({})", q.id);
            if !well_formed_id(&q.id) {
                problem(path.clone(), "the id is lower-case letters, digits, _ and -".into());
            }
            if seen.contains_key(q.id.as_str()) {
                problem(path.clone(), "another question has this id".into());
            }
            if q.text.has_empty() || q.help.as_ref().is_some_and(T3::has_empty) {
                problem(path.clone(), "a text is needed in fi, sv and en".into());
            }
            match q.kind {
                AnswerKind::Choice => {
                    let values: BTreeSet<&str> = q.options.iter().map(|o| o.value.as_str()).collect();
                    if q.options.len() < 2 || values.len() != q.options.len() {
                        problem(path.clone(), "a choice has at least two options with different values".into());
                    }
                    if q.options.iter().any(|o| o.label.has_empty()) {
                        problem(path.clone(), "every option needs a label in fi, sv and en".into());
                    }
                }
                AnswerKind::YesNo | AnswerKind::Number if !q.options.is_empty() => {
                    problem(path.clone(), "only a choice has options".into());
                }
                _ => {}
            }
            if q.kind == AnswerKind::Number && (q.min.is_none() || q.max.is_none() || q.min >= q.max) {
                problem(path.clone(), "a number question needs min < max".into());
            }
            if let Some(d) = &q.dimension
                && !dims.contains(d.as_str())
            {
                problem(path.clone(), format!("no dimension `{d}`"));
            }
            if let Some(c) = &q.show_if {
                check_cond(c, &seen, &dims, &format!("{path}.show_if"), &mut problem);
            }
            seen.insert(&q.id, q);
        }
        let all = &seen;
        for (i, f) in self.facts.iter().enumerate() {
            let path = format!("fact[{i}] ({})", f.fact);
            let Some(fact) = Fact::from_name(&f.fact) else {
                problem(path, format!("the rules engine has no fact `{}`", f.fact));
                continue;
            };
            match (&f.question, &f.dimension) {
                (Some(q), None) => match all.get(q.as_str()) {
                    None => problem(path.clone(), format!("no question `{q}`")),
                    Some(q) => {
                        for (answer, v) in &f.values {
                            if !q.values().contains(&answer.as_str()) {
                                problem(path.clone(), format!("`{answer}` is not an answer of `{}`", q.id));
                            }
                            if let Err(e) = rules::person::parse_value(fact, &v.json()) {
                                problem(path.clone(), e.to_string());
                            }
                        }
                        let plain = matches!(
                            (q.kind, fact.kind()),
                            (AnswerKind::YesNo, Kind::Flag) | (AnswerKind::Number, Kind::Number { .. })
                        );
                        if f.values.is_empty() && !plain {
                            problem(path.clone(), "name the fact's value for each answer (`values`)".into());
                        }
                    }
                },
                (None, Some(d)) => {
                    if !dims.contains(d.as_str()) {
                        problem(path.clone(), format!("no dimension `{d}`"));
                    }
                    if !matches!(fact.kind(), Kind::Number { .. }) {
                        problem(path.clone(), "a dimension gives a number fact only".into());
                    }
                    for [_, v] in &f.bands {
                        if let Err(e) = rules::person::parse_value(fact, &number(*v)) {
                            problem(path.clone(), e.to_string());
                        }
                    }
                }
                _ => problem(path, "a fact comes from one `question` or one `dimension`".into()),
            }
        }
        let classes = urgency.codes();
        if !classes.contains(&self.default_urgency.as_str()) {
            problem(
                "default_urgency".into(),
                format!("no urgency class `{}` ({})", self.default_urgency, classes.join(", ")),
            );
        }
        for (i, u) in self.urgency.iter().enumerate() {
            let path = format!("urgency[{i}]");
            if !classes.contains(&u.class.as_str()) {
                problem(path.clone(), format!("no urgency class `{}` ({})", u.class, classes.join(", ")));
            }
            if u.reason.has_empty() {
                problem(path.clone(), "a reason is needed in fi, sv and en".into());
            }
            check_cond(&u.when, all, &dims, &format!("{path}.when"), &mut problem);
        }
        for (i, c) in self.contradictions.iter().enumerate() {
            let path = format!("contradiction[{i}] ({})", c.id);
            if c.message.has_empty() {
                problem(path.clone(), "a message is needed in fi, sv and en".into());
            }
            check_cond(&c.when, all, &dims, &format!("{path}.when"), &mut problem);
        }
        for (i, s) in self.suggestions.iter().enumerate() {
            let path = format!("suggest[{i}] ({})", s.service);
            if s.reason.has_empty() {
                problem(path.clone(), "a reason is needed in fi, sv and en".into());
            }
            check_cond(&s.when, all, &dims, &format!("{path}.when"), &mut problem);
        }
        for d in self.segment.coping.iter().chain(&self.segment.need) {
            if !dims.contains(d.as_str()) {
                problem("segment".into(), format!("no dimension `{d}`"));
            }
        }
        out
    }

    /// Checks every answer against its question; unknown questions are refused.
    pub fn check_answers(&self, answers: &Answers) -> Result<(), NavigationError> {
        for (id, answer) in answers {
            let Some(q) = self.question(id) else {
                return Err(NavigationError::Answer {
                    question: id.clone(),
                    message: format!("the questionnaire {} has no such question", self.id),
                });
            };
            q.check_answer(answer)?;
        }
        Ok(())
    }

    /// What the answers mean: the questions asked (answers to questions no longer asked,
    /// after an earlier answer changed, are left out), scores, facts, urgency,
    /// contradictions and suggestions. Call [`Questionnaire::check_answers`] first.
    pub fn evaluate(&self, answers: &Answers) -> Evaluation {
        let mut state = State { q: self, answers: BTreeMap::new(), scores: BTreeMap::new() };
        for d in &self.dimensions {
            state.scores.insert(d.id.clone(), 0.0);
        }
        let (mut asked, mut unanswered) = (Vec::new(), Vec::new());
        for q in &self.questions {
            if let Some(c) = &q.show_if
                && state.holds(c) != Some(true)
            {
                continue;
            }
            asked.push(q.id.clone());
            match answers.get(&q.id) {
                Some(a) if q.check_answer(a).is_ok() => {
                    state.answers.insert(&q.id, a);
                    if let (Some(d), Some(s)) = (&q.dimension, q.score_of(a)) {
                        *state.scores.entry(d.clone()).or_default() += s;
                    }
                }
                _ if q.required => unanswered.push(q.id.clone()),
                _ => {}
            }
        }
        let mut facts = Vec::new();
        for f in &self.facts {
            let Some(fact) = Fact::from_name(&f.fact) else { continue };
            let value = match (&f.question, &f.dimension) {
                (Some(q), _) => state.answers.get(q.as_str()).and_then(|a| {
                    if f.values.is_empty() {
                        match a.as_str() {
                            Some(s) => Some(Json::Bool(s == "yes")),
                            None => Some((*a).clone()),
                        }
                    } else {
                        a.as_str().and_then(|s| f.values.get(s)).map(FactValue::json)
                    }
                }),
                (None, Some(d)) => {
                    // Only when every question of the dimension that was asked is answered.
                    let open = self
                        .questions
                        .iter()
                        .any(|q| q.dimension.as_deref() == Some(d.as_str()) && unanswered.contains(&q.id));
                    let any = self.questions.iter().any(|q| {
                        q.dimension.as_deref() == Some(d.as_str()) && state.answers.contains_key(q.id.as_str())
                    });
                    (!open && any).then(|| {
                        let score = state.scores.get(d).copied().unwrap_or(0.0);
                        let banded = f.bands.iter().rfind(|[at, _]| score >= *at).map(|[_, v]| *v);
                        number(banded.unwrap_or(score))
                    })
                }
                _ => None,
            };
            if let Some(value) = value
                && rules::person::parse_value(fact, &value).is_ok()
            {
                let from = f.question.clone().or_else(|| f.dimension.clone()).unwrap_or_default();
                facts.push(YieldedFact { fact, value, from });
            }
        }
        let matched = self.urgency.iter().find(|u| state.holds(&u.when) == Some(true));
        let contradictions = self
            .contradictions
            .iter()
            .filter(|c| state.holds(&c.when) == Some(true))
            .map(|c| Flagged { id: c.id.clone(), message: c.message.clone() })
            .collect();
        let suggestions = self
            .suggestions
            .iter()
            .filter(|s| state.holds(&s.when) == Some(true))
            .map(|s| (s.service.clone(), s.reason.clone()))
            .collect();
        Evaluation {
            asked,
            unanswered,
            scores: state.scores,
            facts,
            urgency: matched.map_or_else(|| self.default_urgency.clone(), |u| u.class.clone()),
            urgency_reason: matched.map(|u| u.reason.clone()),
            contradictions,
            suggestions,
        }
    }

    /// The questions whose answers settle a fact (directly, or through a dimension).
    pub fn settles(&self, fact: Fact) -> Vec<&Question> {
        let mut out = Vec::new();
        for f in self.facts.iter().filter(|f| f.fact == fact.name()) {
            if let Some(q) = f.question.as_deref().and_then(|q| self.question(q)) {
                out.push(q);
            }
            if let Some(d) = &f.dimension {
                out.extend(self.questions.iter().filter(|q| q.dimension.as_ref() == Some(d)));
            }
        }
        out
    }
}

fn check_cond(
    c: &Cond,
    earlier: &BTreeMap<&str, &Question>,
    dims: &BTreeSet<&str>,
    path: &str,
    problem: &mut impl FnMut(String, String),
) {
    let forms = [c.question.is_some(), c.dimension.is_some(), c.all.is_some(), c.any.is_some()];
    if forms.iter().filter(|f| **f).count() != 1 {
        problem(path.into(), "a condition is one of: question, dimension, all, any".into());
        return;
    }
    for list in [&c.all, &c.any].into_iter().flatten() {
        if list.is_empty() {
            problem(path.into(), "`all` and `any` need at least one condition".into());
        }
        for (i, inner) in list.iter().enumerate() {
            check_cond(inner, earlier, dims, &format!("{path}[{i}]"), problem);
        }
    }
    let tests = [c.equals.is_some(), c.any_of.is_some(), c.at_least.is_some() || c.at_most.is_some()];
    if let Some(d) = &c.dimension {
        if !dims.contains(d.as_str()) {
            problem(path.into(), format!("no dimension `{d}`"));
        }
        if c.at_least.is_none() && c.at_most.is_none() || c.equals.is_some() || c.any_of.is_some() {
            problem(path.into(), "a dimension is compared with at_least or at_most".into());
        }
    }
    if let Some(q) = &c.question {
        let Some(question) = earlier.get(q.as_str()) else {
            problem(path.into(), format!("no earlier question `{q}` (a condition looks back only)"));
            return;
        };
        if tests.iter().filter(|t| **t).count() != 1 {
            problem(path.into(), "a question is tested with one of equals, any_of, at_least/at_most".into());
        }
        let values = question.values();
        for v in c.equals.iter().chain(c.any_of.iter().flatten()) {
            if !values.contains(&v.as_str()) {
                problem(path.into(), format!("`{v}` is not an answer of `{q}` ({})", values.join(", ")));
            }
        }
    }
}

#[cfg(test)]
mod tests;
