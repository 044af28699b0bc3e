//! Rules as data: what a parsed rule file says.

use chrono::NaiveDate;
use domain::text::Text;
use serde::Serialize;

use crate::facts::Fact;

/// A position in a rule file (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
pub struct Span {
    pub line: u32,
    pub col: u32,
}

/// Where a rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    Municipality(u16),
    County,
}

impl Area {
    pub fn code(self) -> String {
        match self {
            Area::Municipality(c) => format!("{c:03}"),
            Area::County => "county".to_owned(),
        }
    }
}

/// The legal nature of the service the rule grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Right {
    /// Appropriation-bound (määrärahasidonnainen): granted within the budget.
    Appropriation,
    /// A subjective right (subjektiivinen oikeus): granted to everyone who meets the criteria.
    Subjective,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Op {
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Ge => ">=",
            Op::Gt => ">",
            Op::Le => "<=",
            Op::Lt => "<",
            Op::Eq => "=",
            Op::Ne => "!=",
        }
    }

    /// Compares; a value that is not applicable (NaN) never matches.
    #[inline(always)]
    pub fn test(self, x: f32, v: f32) -> bool {
        match self {
            Op::Ge => x >= v,
            Op::Gt => x > v,
            Op::Le => x <= v,
            Op::Lt => x < v,
            Op::Eq => x == v,
            Op::Ne => !x.is_nan() && x != v,
        }
    }
}

/// A condition with its place in the file and its optional own explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct Cond {
    pub node: Node,
    pub span: Span,
    /// Explanation written in the file (fi, sv, en); otherwise generated.
    pub text: Option<[String; 3]>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A number fact compared with a constant.
    Cmp {
        fact: Fact,
        op: Op,
        value: f32,
    },
    /// A yes/no fact has the given value.
    Flag {
        fact: Fact,
        value: bool,
    },
    /// A choice fact is (or, negated, is not) one of the codes.
    In {
        fact: Fact,
        codes: Vec<u16>,
        negated: bool,
    },
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

impl Cond {
    /// Every fact the condition reads.
    pub fn facts(&self, out: &mut Vec<Fact>) {
        match &self.node {
            Node::Cmp { fact, .. } | Node::Flag { fact, .. } | Node::In { fact, .. } => {
                if !out.contains(fact) {
                    out.push(*fact)
                }
            }
            Node::All(cs) | Node::Any(cs) => cs.iter().for_each(|c| c.facts(out)),
            Node::Not(c) => c.facts(out),
        }
    }

    /// What the condition means, as a string that two conditions share exactly when they
    /// differ only in form: where they are in their files, their own explanations, the
    /// order of the parts of an `all` or `any`, nested `all` in `all` (`any` in `any`),
    /// a double `not`, and the order or repetition of the codes in a list.
    pub fn canonical(&self) -> String {
        fn parts<'a>(cs: &'a [Cond], all: bool, out: &mut Vec<&'a Cond>) {
            for c in cs {
                match &c.node {
                    Node::All(inner) if all => parts(inner, all, out),
                    Node::Any(inner) if !all => parts(inner, all, out),
                    _ => out.push(c),
                }
            }
        }
        match &self.node {
            Node::Cmp { fact, op, value } => format!("{}{}{}", fact.name(), op.symbol(), value),
            Node::Flag { fact, value } => format!("{}={value}", fact.name()),
            Node::In { fact, codes, negated } => {
                let mut codes = codes.clone();
                codes.sort_unstable();
                codes.dedup();
                format!("{}{}{codes:?}", fact.name(), if *negated { " not in " } else { " in " })
            }
            Node::All(cs) | Node::Any(cs) => {
                let all = matches!(self.node, Node::All(_));
                let mut flat = Vec::new();
                parts(cs, all, &mut flat);
                let mut inner: Vec<String> = flat.iter().map(|c| c.canonical()).collect();
                inner.sort();
                inner.dedup();
                if inner.len() == 1 {
                    return inner.remove(0);
                }
                format!("{}({})", if all { "all" } else { "any" }, inner.join(","))
            }
            Node::Not(c) => match &c.node {
                Node::Not(inner) => inner.canonical(),
                _ => format!("not({})", c.canonical()),
            },
        }
    }
}

/// One rule: the criteria of one service in one area for a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub id: String,
    /// The rule set: `today` or a proposal's name.
    pub set: String,
    pub file: String,
    pub span: Span,
    pub service: String,
    pub service_span: Span,
    pub area: Area,
    pub area_span: Span,
    pub valid_from: NaiveDate,
    /// Inclusive; `None` is open-ended.
    pub valid_to: Option<NaiveDate>,
    pub valid_span: Span,
    pub basis: String,
    pub right: Right,
    /// Yearly cost of one client in euros.
    pub cost: Option<f64>,
    /// Share of the eligible who take the service up.
    pub take_up: Option<f64>,
    /// The conditions; all must hold.
    pub when: Cond,
}

impl Rule {
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.valid_from <= day && self.valid_to.is_none_or(|to| day <= to)
    }

    pub fn overlaps(&self, other: &Rule) -> bool {
        let ends_before = |a: &Rule, b: &Rule| a.valid_to.is_some_and(|to| to < b.valid_from);
        !ends_before(self, other) && !ends_before(other, self)
    }
}

/// A rule set's header: its name and title.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SetInfo {
    pub name: String,
    pub title: Text,
}

/// The name of the set of criteria in force.
pub const TODAY: &str = "today";

#[cfg(test)]
mod tests {
    use crate::parse::parse_file;

    fn when(body: &str, blank_lines: usize) -> String {
        let source = format!(
            "set today\n{}rule r.one\n  service   svc-x\n  area      018\n  valid     2023-01-01 ..\n  basis     \"b\"\n  right     appropriation\n  when\n{body}",
            "\n".repeat(blank_lines)
        );
        let parsed = parse_file("x.rules", &source);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        parsed.rules[0].when.canonical()
    }

    #[test]
    fn conditions_that_differ_only_in_form_are_the_same() {
        let a = when(
            "    any\n      age >= 65\n        fi \"yli 65\"\n        sv \"över 65\"\n        en \"over 65\"\n      cps >= 2\n",
            0,
        );
        // Elsewhere in its file, in another order, with other explanations (or none).
        let b = when("    any\n      cps >= 2\n      age >= 65\n", 5);
        assert_eq!(a, b);
        // A different threshold, or all instead of any, is a real difference.
        assert_ne!(a, when("    any\n      age >= 75\n      cps >= 2\n", 0));
        assert_ne!(a, when("    all\n      age >= 65\n      cps >= 2\n", 0));
    }
}
