//! Checks a whole rule book: references to the catalog and the municipalities,
//! unique ids, overlapping validity, and conditions that can never hold.
//!
//! The reachability analysis is interval reasoning over the facts: the
//! conditions of an `all` (and of its enclosing `all`s, and the rule's own
//! area) narrow what each fact can be; a condition outside that is impossible,
//! an `any` branch that is impossible can never be taken, and a rule whose
//! conditions are impossible never matches. It is sound (never reports a
//! condition that could hold) but not complete (conditions under `not` are
//! not narrowed).

use std::collections::{BTreeMap, BTreeSet};

use crate::ast::{Area, Cond, Node, Op, Rule, Span};
use crate::diagnostics::Diagnostic;
use crate::facts::{FACT_COUNT, Fact, Kind, choices};

/// What the rules may refer to.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// Service ids of the catalog. Empty: services are not checked.
    pub services: BTreeSet<String>,
    /// Municipality codes rules may name in `area`. Empty: not checked.
    pub municipalities: BTreeSet<u16>,
}

/// Checks rules read from any number of files; the parser's own findings are separate.
pub fn check(rules: &[Rule], known: &Known) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut ids: BTreeMap<&str, &Rule> = BTreeMap::new();
    for r in rules {
        if let Some(first) = ids.get(r.id.as_str()) {
            out.push(Diagnostic::error(
                &r.file,
                r.span,
                format!("rule id `{}` is already used at {}:{}", r.id, first.file, first.span.line),
            ));
        } else {
            ids.insert(&r.id, r);
        }
        if !known.services.is_empty() && !known.services.contains(&r.service) {
            out.push(Diagnostic::error(&r.file, r.service_span, format!("unknown service `{}`", r.service)));
        }
        if let Area::Municipality(code) = r.area
            && !known.municipalities.is_empty()
            && !known.municipalities.contains(&code)
        {
            out.push(Diagnostic::error(
                &r.file,
                r.area_span,
                format!("municipality `{code:03}` is not one of the county's municipalities"),
            ));
        }
        let mut ctx = Ctx::new();
        if let Area::Municipality(code) = r.area {
            ctx.choice[Fact::Municipality.index()] = Choice { allowed: Some([code].into()), why: Some(r.area_span) };
        }
        out.extend(when_findings(&r.file, r.span, &format!("rule `{}`", r.id), &r.when, &ctx));
    }
    // Overlapping validity within one set, service and area.
    let mut groups: BTreeMap<(&str, &str, Area), Vec<&Rule>> = BTreeMap::new();
    for r in rules {
        groups.entry((&r.set, &r.service, r.area)).or_default().push(r);
    }
    for group in groups.values() {
        for (i, a) in group.iter().enumerate() {
            for b in &group[..i] {
                if a.overlaps(b) {
                    out.push(Diagnostic::error(
                        &a.file,
                        a.valid_span,
                        format!(
                            "the validity overlaps rule `{}` ({}:{}) for the same service, area and set",
                            b.id, b.file, b.valid_span.line
                        ),
                    ));
                }
            }
        }
    }
    out.sort();
    out
}

/// Conditions that can never hold, `any` branches never taken and conditions that
/// always hold, in a condition of its own (a clock's `when`, see `crate::clocks`).
/// `what` names its owner ("clock `x`").
pub(crate) fn check_when(file: &str, span: Span, what: &str, when: &Cond) -> Vec<Diagnostic> {
    when_findings(file, span, what, when, &Ctx::new())
}

fn when_findings(file: &str, span: Span, what: &str, when: &Cond, ctx: &Ctx) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut found = Vec::new();
    if !reachable(when, ctx, &mut found) {
        out.push(Diagnostic::error(
            file,
            span,
            format!("{what} can never match: its conditions contradict each other"),
        ));
    }
    out.extend(found.into_iter().map(|(span, msg, error)| {
        if error { Diagnostic::error(file, span, msg) } else { Diagnostic::warning(file, span, msg) }
    }));
    out
}

/// Whether no person can meet both conditions, as far as the interval reasoning
/// can tell (sound: `true` only when they truly exclude each other).
pub(crate) fn exclusive(a: &Cond, b: &Cond) -> bool {
    let parts = |c: &Cond| match &c.node {
        Node::All(cs) => cs.clone(),
        _ => vec![c.clone()],
    };
    let mut both = parts(a);
    both.extend(parts(b));
    let joint = Cond { node: Node::All(both), span: a.span, text: None };
    !reachable(&joint, &Ctx::new(), &mut Vec::new())
}

#[derive(Debug, Clone, Copy)]
struct Range {
    lo: f32,
    lo_incl: bool,
    hi: f32,
    hi_incl: bool,
    why: Option<Span>,
}

impl Range {
    fn is_empty(&self) -> bool {
        self.lo > self.hi || (self.lo == self.hi && !(self.lo_incl && self.hi_incl))
    }

    fn narrow(&self, op: Op, v: f32) -> Range {
        let mut r = *self;
        match op {
            Op::Ge | Op::Gt => {
                let incl = op == Op::Ge;
                if v > r.lo || (v == r.lo && !incl) {
                    (r.lo, r.lo_incl) = (v, incl);
                }
            }
            Op::Le | Op::Lt => {
                let incl = op == Op::Le;
                if v < r.hi || (v == r.hi && !incl) {
                    (r.hi, r.hi_incl) = (v, incl);
                }
            }
            Op::Eq => {
                r = r.narrow(Op::Ge, v).narrow(Op::Le, v);
            }
            Op::Ne => {
                if r.lo == v && r.hi == v {
                    r.lo_incl = false;
                }
            }
        }
        r
    }

    /// Whether every value in the range satisfies `op v`.
    fn implies(&self, op: Op, v: f32) -> bool {
        match op {
            Op::Ge => self.lo >= v,
            Op::Gt => self.lo > v || (self.lo == v && !self.lo_incl),
            Op::Le => self.hi <= v,
            Op::Lt => self.hi < v || (self.hi == v && !self.hi_incl),
            Op::Eq => self.lo == v && self.hi == v,
            Op::Ne => v < self.lo || v > self.hi || (v == self.lo && !self.lo_incl) || (v == self.hi && !self.hi_incl),
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Choice {
    /// `None`: any value.
    allowed: Option<BTreeSet<u16>>,
    why: Option<Span>,
}

#[derive(Debug, Clone)]
struct Ctx {
    num: [Range; FACT_COUNT],
    flag: [(Option<bool>, Option<Span>); FACT_COUNT],
    choice: [Choice; FACT_COUNT],
}

impl Ctx {
    fn new() -> Ctx {
        let num = std::array::from_fn(|i| {
            let (lo, hi) = match Fact::ALL[i].kind() {
                Kind::Number { min, max } => (min, max),
                _ => (f32::NEG_INFINITY, f32::INFINITY),
            };
            Range { lo, lo_incl: true, hi, hi_incl: true, why: None }
        });
        let choice = std::array::from_fn(|i| {
            let values = choices(Fact::ALL[i]);
            Choice { allowed: (!values.is_empty()).then(|| (0..values.len() as u16).collect()), why: None }
        });
        Ctx { num, flag: [(None, None); FACT_COUNT], choice }
    }

    /// Narrows by a leaf. `Err(span)`: impossible, because of the condition at `span`
    /// (`None`: because of the fact's own range).
    fn apply(&mut self, node: &Node, at: Span) -> Result<(), Option<Span>> {
        match node {
            Node::Cmp { fact, op, value } => {
                let before = self.num[fact.index()];
                let mut r = before.narrow(*op, *value);
                if r.is_empty() {
                    return Err(before.why);
                }
                r.why = Some(at);
                self.num[fact.index()] = r;
            }
            Node::Flag { fact, value } => {
                let (cur, why) = self.flag[fact.index()];
                if cur.is_some_and(|c| c != *value) {
                    return Err(why);
                }
                self.flag[fact.index()] = (Some(*value), Some(at));
            }
            Node::In { fact, codes, negated } => {
                let c = &self.choice[fact.index()];
                let set: BTreeSet<u16> = codes.iter().copied().collect();
                let next = match (&c.allowed, negated) {
                    (Some(a), false) => Some(a.intersection(&set).copied().collect::<BTreeSet<_>>()),
                    (Some(a), true) => Some(a.difference(&set).copied().collect()),
                    (None, false) => Some(set),
                    (None, true) => None,
                };
                if next.as_ref().is_some_and(|n| n.is_empty()) {
                    return Err(c.why);
                }
                self.choice[fact.index()] = Choice { allowed: next, why: Some(at) };
            }
            _ => {}
        }
        Ok(())
    }

    /// Whether a leaf always holds here.
    fn implies(&self, node: &Node) -> bool {
        match node {
            Node::Cmp { fact, op, value } => self.num[fact.index()].implies(*op, *value),
            Node::Flag { fact, value } => self.flag[fact.index()].0 == Some(*value),
            Node::In { fact, codes, negated } => self.choice[fact.index()]
                .allowed
                .as_ref()
                .is_some_and(|a| a.iter().all(|v| codes.contains(v) != *negated)),
            _ => false,
        }
    }
}

type Finding = (Span, String, bool);

fn because(why: Option<Span>) -> String {
    match why {
        Some(s) => format!(" given the condition on line {}", s.line),
        None => " given the fact's range".to_owned(),
    }
}

/// Whether `cond` can hold in `ctx`; records findings about its parts.
fn reachable(cond: &Cond, ctx: &Ctx, found: &mut Vec<Finding>) -> bool {
    match &cond.node {
        Node::All(children) => {
            let mut inner = ctx.clone();
            let mut ok = true;
            for c in children.iter().filter(|c| is_leaf(&c.node)) {
                if inner.implies(&c.node) {
                    found.push((c.span, "this condition always holds here and can be left out".into(), false));
                }
                if let Err(why) = inner.apply(&c.node, c.span) {
                    found.push((c.span, format!("this condition can never hold{}", because(why)), true));
                    ok = false;
                }
            }
            for c in children.iter().filter(|c| !is_leaf(&c.node)) {
                ok &= reachable(c, &inner, found);
            }
            ok
        }
        Node::Any(children) => {
            let mut any = false;
            for c in children {
                let ok = if is_leaf(&c.node) {
                    let mut inner = ctx.clone();
                    match inner.apply(&c.node, c.span) {
                        Ok(()) => true,
                        Err(why) => {
                            found.push((
                                c.span,
                                format!("this branch of `any` can never be taken{}", because(why)),
                                true,
                            ));
                            false
                        }
                    }
                } else {
                    let ok = reachable(c, ctx, found);
                    if !ok {
                        found.push((c.span, "this branch of `any` can never be taken".into(), true));
                    }
                    ok
                };
                any |= ok;
            }
            any
        }
        Node::Not(inner) => {
            // A negated leaf narrows like its complement; deeper negations are not analysed.
            // `youngest_child_age` is not applicable without children, which satisfies every negation.
            let na = matches!(inner.node, Node::Cmp { fact: Fact::YoungestChildAge, .. });
            if let Some(neg) = negate_leaf(&inner.node).filter(|_| !na) {
                let mut c = ctx.clone();
                if let Err(why) = c.apply(&neg, inner.span) {
                    found.push((cond.span, format!("this condition can never hold{}", because(why)), true));
                    return false;
                }
            } else {
                let mut ignored = Vec::new();
                let _ = reachable(inner, ctx, &mut ignored);
            }
            true
        }
        leaf => {
            let mut c = ctx.clone();
            match c.apply(leaf, cond.span) {
                Ok(()) => true,
                Err(why) => {
                    found.push((cond.span, format!("this condition can never hold{}", because(why)), true));
                    false
                }
            }
        }
    }
}

fn is_leaf(node: &Node) -> bool {
    matches!(node, Node::Cmp { .. } | Node::Flag { .. } | Node::In { .. })
}

fn negate_leaf(node: &Node) -> Option<Node> {
    Some(match node {
        Node::Cmp { fact, op, value } => {
            let op = match op {
                Op::Ge => Op::Lt,
                Op::Gt => Op::Le,
                Op::Le => Op::Gt,
                Op::Lt => Op::Ge,
                Op::Eq => Op::Ne,
                Op::Ne => Op::Eq,
            };
            Node::Cmp { fact: *fact, op, value: *value }
        }
        Node::Flag { fact, value } => Node::Flag { fact: *fact, value: !value },
        Node::In { fact, codes, negated } => Node::In { fact: *fact, codes: codes.clone(), negated: !negated },
        _ => return None,
    })
}
