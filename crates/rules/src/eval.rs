//! One person at a time: three-valued evaluation and its explanation.

use domain::reference::Reference;
use domain::text::Lang;
use serde::Serialize;

use crate::ast::{Cond, Node, Op};
use crate::facts::Fact;
use crate::person::{Person, Value};

/// Kleene's three values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    fn not(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }
}

/// Evaluates a condition for one person, without explanation.
pub fn eval(cond: &Cond, p: &Person) -> Tri {
    match &cond.node {
        Node::All(cs) => {
            let mut unknown = false;
            for c in cs {
                match eval(c, p) {
                    Tri::False => return Tri::False,
                    Tri::Unknown => unknown = true,
                    Tri::True => {}
                }
            }
            if unknown { Tri::Unknown } else { Tri::True }
        }
        Node::Any(cs) => {
            let mut unknown = false;
            for c in cs {
                match eval(c, p) {
                    Tri::True => return Tri::True,
                    Tri::Unknown => unknown = true,
                    Tri::False => {}
                }
            }
            if unknown { Tri::Unknown } else { Tri::False }
        }
        Node::Not(c) => eval(c, p).not(),
        leaf => leaf_value(leaf, p),
    }
}

fn leaf_value(node: &Node, p: &Person) -> Tri {
    let bool3 = |b: bool| if b { Tri::True } else { Tri::False };
    match node {
        Node::Cmp { fact, op, value } => match p.get(*fact) {
            None => Tri::Unknown,
            Some(Value::Number(x)) => bool3(op.test(x, *value)),
            Some(_) => Tri::False,
        },
        Node::Flag { fact, value } => match p.get(*fact) {
            None => Tri::Unknown,
            Some(Value::Flag(b)) => bool3(b == *value),
            Some(_) => Tri::False,
        },
        Node::In { fact, codes, negated } => match p.get(*fact) {
            None => Tri::Unknown,
            Some(Value::Choice(c)) => bool3(codes.contains(&c) != *negated),
            Some(_) => Tri::False,
        },
        _ => unreachable!("composite conditions are evaluated by eval"),
    }
}

/// Why a condition came out as it did, in one language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    pub text: String,
    pub outcome: Tri,
    /// The fact the person's record lacks, on an unknown leaf.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<&'static str>,
    /// The line in the rule file.
    pub line: u32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Explanation>,
}

/// Evaluates with explanation; `missing` collects the facts that would decide an unknown outcome.
pub fn explain(cond: &Cond, p: &Person, lang: Lang, missing: &mut Vec<Fact>) -> Explanation {
    let text = describe(cond, lang);
    match &cond.node {
        Node::All(cs) | Node::Any(cs) => {
            let mut sub = Vec::new();
            let children: Vec<Explanation> = cs.iter().map(|c| explain(c, p, lang, &mut sub)).collect();
            let outcome = eval(cond, p);
            if outcome == Tri::Unknown {
                missing.extend(sub.into_iter().filter(|f| !missing.contains(f)).collect::<Vec<_>>());
                missing.dedup();
            }
            Explanation { text, outcome, missing: None, line: cond.span.line, children }
        }
        Node::Not(c) => {
            let child = explain(c, p, lang, missing);
            Explanation {
                text,
                outcome: child.outcome.not(),
                missing: None,
                line: cond.span.line,
                children: vec![child],
            }
        }
        leaf => {
            let outcome = leaf_value(leaf, p);
            let fact = leaf_fact(leaf);
            let absent = outcome == Tri::Unknown;
            if absent && !missing.contains(&fact) {
                missing.push(fact);
            }
            Explanation {
                text,
                outcome,
                missing: absent.then(|| fact.name()),
                line: cond.span.line,
                children: Vec::new(),
            }
        }
    }
}

fn leaf_fact(node: &Node) -> Fact {
    match node {
        Node::Cmp { fact, .. } | Node::Flag { fact, .. } | Node::In { fact, .. } => *fact,
        _ => unreachable!("only leaves have one fact"),
    }
}

/// A condition in plain words: its own text from the file, or generated.
pub fn describe(cond: &Cond, lang: Lang) -> String {
    if let Some(t) = &cond.text {
        return t[lang_index(lang)].clone();
    }
    let l = lang_index(lang);
    match &cond.node {
        Node::All(_) => ["Kaikki seuraavat", "Alla följande", "All of the following"][l].to_owned(),
        Node::Any(_) => {
            ["Vähintään yksi seuraavista", "Minst ett av följande", "At least one of the following"][l].to_owned()
        }
        Node::Not(_) => ["Ei päde", "Gäller inte", "Does not hold"][l].to_owned(),
        Node::Cmp { fact, op, value } => {
            let label = fact.label(lang);
            let v = number(*value);
            match (lang, op) {
                (Lang::Fi, Op::Ge) => format!("{label} on vähintään {v}"),
                (Lang::Fi, Op::Gt) => format!("{label} on yli {v}"),
                (Lang::Fi, Op::Le) => format!("{label} on enintään {v}"),
                (Lang::Fi, Op::Lt) => format!("{label} on alle {v}"),
                (Lang::Fi, Op::Eq) => format!("{label} on {v}"),
                (Lang::Fi, Op::Ne) => format!("{label} ei ole {v}"),
                (Lang::Sv, Op::Ge) => format!("{label} är minst {v}"),
                (Lang::Sv, Op::Gt) => format!("{label} är över {v}"),
                (Lang::Sv, Op::Le) => format!("{label} är högst {v}"),
                (Lang::Sv, Op::Lt) => format!("{label} är under {v}"),
                (Lang::Sv, Op::Eq) => format!("{label} är {v}"),
                (Lang::Sv, Op::Ne) => format!("{label} är inte {v}"),
                (Lang::En, Op::Ge) => format!("{label} is at least {v}"),
                (Lang::En, Op::Gt) => format!("{label} is more than {v}"),
                (Lang::En, Op::Le) => format!("{label} is at most {v}"),
                (Lang::En, Op::Lt) => format!("{label} is less than {v}"),
                (Lang::En, Op::Eq) => format!("{label} is {v}"),
                (Lang::En, Op::Ne) => format!("{label} is not {v}"),
            }
        }
        Node::Flag { fact, value } => {
            let answer = if *value { ["kyllä", "ja", "yes"] } else { ["ei", "nej", "no"] };
            format!("{}: {}", capitalise(fact.label(lang)), answer[l])
        }
        Node::In { fact, codes, negated } => {
            let names: Vec<String> = codes.iter().map(|c| choice_label(*fact, *c, lang)).collect();
            let or = [" tai ", " eller ", " or "][l];
            let list = match names.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{}{or}{last}", rest.join(", ")),
                _ => names.join(""),
            };
            let label = capitalise(fact.label(lang));
            match (lang, negated) {
                (Lang::Fi, false) => format!("{label} on {list}"),
                (Lang::Fi, true) => format!("{label} ei ole {list}"),
                (Lang::Sv, false) => format!("{label} är {list}"),
                (Lang::Sv, true) => format!("{label} är inte {list}"),
                (Lang::En, false) => format!("{label} is {list}"),
                (Lang::En, true) => format!("{label} is not {list}"),
            }
        }
    }
}

fn choice_label(fact: Fact, code: u16, lang: Lang) -> String {
    if fact.is_municipality() {
        let code = format!("{code:03}");
        return Reference::get().municipality(&code).map(|m| m.name.show(lang).to_owned()).unwrap_or(code);
    }
    fact.choice_label(code, lang)
}

pub(crate) fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Fi => 0,
        Lang::Sv => 1,
        Lang::En => 2,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// `65` rather than `65.0`; decimals kept when there are some.
pub fn number(v: f32) -> String {
    if v.fract() == 0.0 && v.abs() < 1e9 { format!("{}", v as i64) } else { format!("{v}") }
}
