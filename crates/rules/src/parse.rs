//! The rule file reader: text in, rules and findings with line and column out.
//!
//! Two passes: lines are grouped into a tree by indentation, then each node is
//! read by what it is (set, title, rule, property, condition, explanation).
//! The reader keeps going after an error so that one run reports them all.

use chrono::NaiveDate;
use domain::text::Text;

use crate::ast::{Area, Cond, Node, Op, Right, Rule, SetInfo, Span};
use crate::diagnostics::Diagnostic;
use crate::facts::{Fact, Kind};

/// What one file holds.
#[derive(Debug, Default)]
pub struct ParsedFile {
    pub set: Option<SetInfo>,
    pub rules: Vec<Rule>,
    pub diagnostics: Vec<Diagnostic>,
}

/// One line of a file without its comment and indentation.
#[derive(Debug, Clone)]
pub(crate) struct Line<'a> {
    pub(crate) no: u32,
    pub(crate) indent: u32,
    pub(crate) text: &'a str,
}

/// A line with the lines indented under it.
#[derive(Debug)]
pub(crate) struct Tree<'a> {
    pub(crate) line: Line<'a>,
    pub(crate) children: Vec<Tree<'a>>,
}

/// Reads one rule file. `file` names it in findings.
pub fn parse_file(file: &str, source: &str) -> ParsedFile {
    let mut p = Reader::new(file);
    let lines = p.lines(source);
    let trees = p.tree(&lines);
    for t in &trees {
        p.top(t);
    }
    if p.out.set.is_none() && trees.iter().any(|t| t.line.text.starts_with("rule")) {
        p.err(Span { line: 1, col: 1 }, "the file has no `set` line (`set today` or `set <proposal>`)".into());
    }
    p.out
}

/// The reader's state; the clock files (`crate::clocks`) use it too, so that their
/// conditions are read, and found wrong, exactly as the rules' are.
pub(crate) struct Reader<'f> {
    file: &'f str,
    out: ParsedFile,
    set_span: Option<Span>,
}

/// A word, operator, comma or quoted text, with its column.
pub(crate) struct Tok<'a> {
    pub(crate) col: u32,
    pub(crate) text: &'a str,
    pub(crate) quoted: bool,
}

impl<'f> Reader<'f> {
    pub(crate) fn new(file: &'f str) -> Reader<'f> {
        Reader { file, out: ParsedFile::default(), set_span: None }
    }

    /// The file's lines as a tree by indentation.
    pub(crate) fn outline<'a>(&mut self, source: &'a str) -> Vec<Tree<'a>> {
        let lines = self.lines(source);
        self.tree(&lines)
    }

    /// The findings so far.
    pub(crate) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.out.diagnostics
    }

    pub(crate) fn error_count(&self) -> usize {
        self.out.diagnostics.len()
    }

    pub(crate) fn err(&mut self, span: Span, message: String) {
        self.out.diagnostics.push(Diagnostic::error(self.file, span, message));
    }

    fn lines<'a>(&mut self, source: &'a str) -> Vec<Line<'a>> {
        let mut out = Vec::new();
        for (i, raw) in source.lines().enumerate() {
            let no = i as u32 + 1;
            let text = strip_comment(raw).trim_end();
            if text.trim().is_empty() {
                continue;
            }
            let indent = text.len() - text.trim_start_matches(' ').len();
            if text[indent..].starts_with('\t') {
                self.err(Span { line: no, col: indent as u32 + 1 }, "indent with spaces, not tabs".into());
                continue;
            }
            out.push(Line { no, indent: indent as u32, text: &text[indent..] });
        }
        out
    }

    fn tree<'a>(&mut self, lines: &[Line<'a>]) -> Vec<Tree<'a>> {
        // A stack of open nodes; each line closes the deeper ones.
        let mut roots: Vec<Tree<'a>> = Vec::new();
        let mut stack: Vec<Tree<'a>> = Vec::new();
        for line in lines {
            while stack.last().is_some_and(|t| t.line.indent >= line.indent) {
                let done = stack.pop().expect("checked");
                attach(&mut stack, &mut roots, done);
            }
            if let Some(parent) = stack.last()
                && let Some(sibling) = parent.children.last()
                && sibling.line.indent != line.indent
                && line.indent < sibling.line.indent
            {
                self.err(
                    Span { line: line.no, col: line.indent + 1 },
                    "this line's indentation matches no outer level".into(),
                );
            }
            if stack.is_empty() && line.indent > 0 && roots.is_empty() {
                self.err(Span { line: line.no, col: 1 }, "the file starts with an indented line".into());
            }
            stack.push(Tree { line: line.clone(), children: Vec::new() });
        }
        while let Some(done) = stack.pop() {
            attach(&mut stack, &mut roots, done);
        }
        roots
    }

    fn top(&mut self, t: &Tree<'_>) {
        let span = Span { line: t.line.no, col: t.line.indent + 1 };
        let toks = match self.tokens(&t.line) {
            Some(toks) => toks,
            None => return,
        };
        match toks[0].text {
            "set" => {
                self.no_children(t, "`set`");
                let Some(name) = self.one_word(&toks, span, "a set name, e.g. `set today` or `set proposal-a`") else {
                    return;
                };
                if let Some(prev) = self.set_span {
                    self.err(span, format!("a second `set` line (the first is on line {})", prev.line));
                    return;
                }
                if !is_id(name) {
                    self.err(Span { line: t.line.no, col: toks[1].col }, format!("`{name}` is not a valid set name"));
                }
                self.set_span = Some(span);
                self.out.set = Some(SetInfo { name: name.to_owned(), title: Text::default() });
            }
            "title" => {
                self.no_children(t, "`title`");
                let Some(text) = self.lang_text(&toks, span) else { return };
                let Some(set) = self.out.set.as_mut() else {
                    self.err(span, "`title` before the `set` line".into());
                    return;
                };
                let slot = match text.0 {
                    0 => &mut set.title.fi,
                    1 => &mut set.title.sv,
                    _ => &mut set.title.en,
                };
                *slot = Some(text.1);
            }
            "rule" => {
                let Some(id) = self.one_word(&toks, span, "a rule id, e.g. `rule porvoo.home-care`") else { return };
                if !is_id(id) {
                    self.err(
                        Span { line: t.line.no, col: toks[1].col },
                        format!("`{id}` is not a valid rule id (use a-z, 0-9, . _ : -)"),
                    );
                }
                self.rule(id, span, t);
            }
            other => self.err(span, format!("expected `set`, `title` or `rule`, found `{other}`")),
        }
    }

    fn rule(&mut self, id: &str, span: Span, t: &Tree<'_>) {
        let mut service: Option<(String, Span)> = None;
        let mut area: Option<(Area, Span)> = None;
        let mut valid: Option<(NaiveDate, Option<NaiveDate>, Span)> = None;
        let mut basis = None;
        let mut right = None;
        let mut cost = None;
        let mut take_up = None;
        let mut when: Option<Cond> = None;
        let errors_before = self.out.diagnostics.len();
        for prop in &t.children {
            let pspan = Span { line: prop.line.no, col: prop.line.indent + 1 };
            let Some(toks) = self.tokens(&prop.line) else { continue };
            let key = toks[0].text;
            let seen = match key {
                "service" => service.is_some(),
                "area" => area.is_some(),
                "valid" => valid.is_some(),
                "basis" => basis.is_some(),
                "right" => right.is_some(),
                "cost" => cost.is_some(),
                "take-up" => take_up.is_some(),
                "when" => when.is_some(),
                _ => false,
            };
            if seen {
                self.err(pspan, format!("`{key}` is given twice in rule `{id}`"));
                continue;
            }
            if key != "when" {
                self.no_children(prop, &format!("`{key}`"));
            }
            let vspan = |i: usize| Span { line: prop.line.no, col: toks.get(i).map_or(pspan.col, |t| t.col) };
            match key {
                "service" => {
                    if let Some(s) = self.one_word(&toks, pspan, "a service id") {
                        service = Some((s.to_owned(), vspan(1)));
                    }
                }
                "area" => {
                    if let Some(a) = self.one_word(&toks, pspan, "a municipality code or `county`") {
                        if a == "county" {
                            area = Some((Area::County, vspan(1)));
                        } else if let Some(code) = Fact::Municipality.choice_code(a) {
                            area = Some((Area::Municipality(code), vspan(1)));
                        } else {
                            self.err(vspan(1), format!("`{a}` is not a municipality code (three digits) or `county`"));
                        }
                    }
                }
                "valid" => valid = self.validity(&toks, pspan).map(|(f, t)| (f, t, vspan(1))),
                "basis" => {
                    if toks.len() != 2 || !toks[1].quoted || toks[1].text.trim().is_empty() {
                        self.err(pspan, "expected the legal basis in quotes: `basis \"…\"`".into());
                    } else {
                        basis = Some(toks[1].text.to_owned());
                    }
                }
                "right" => match self.one_word(&toks, pspan, "`appropriation` or `subjective`") {
                    Some("appropriation") => right = Some(Right::Appropriation),
                    Some("subjective") => right = Some(Right::Subjective),
                    Some(other) => self.err(vspan(1), format!("`{other}`: expected `appropriation` or `subjective`")),
                    None => {}
                },
                "cost" => {
                    cost = self.number(&toks, pspan, 0.0, 10_000_000.0, "yearly euros per client");
                }
                "take-up" => {
                    take_up = self.number(&toks, pspan, 0.0, 1.0, "a share between 0 and 1");
                }
                "when" => {
                    if toks.len() > 1 {
                        self.err(vspan(1), "put the conditions on their own lines under `when`".into());
                    }
                    if prop.children.is_empty() {
                        self.err(pspan, "`when` has no conditions under it".into());
                    }
                    let (children, text) = self.conds(&prop.children);
                    when = Some(Cond { node: Node::All(children), span: pspan, text });
                }
                other => self.err(
                    pspan,
                    format!(
                        "unknown property `{other}` (expected service, area, valid, basis, right, cost, take-up or when)"
                    ),
                ),
            }
        }
        let mut missing = Vec::new();
        for (name, absent) in [
            ("service", service.is_none()),
            ("area", area.is_none()),
            ("valid", valid.is_none()),
            ("basis", basis.is_none()),
            ("right", right.is_none()),
            ("when", when.is_none()),
        ] {
            if absent {
                missing.push(format!("`{name}`"));
            }
        }
        if !missing.is_empty() {
            // Only name the missing lines when they are not explained by an earlier error.
            if self.out.diagnostics.len() == errors_before {
                self.err(span, format!("rule `{id}` has no {}", missing.join(", ")));
            }
            return;
        }
        let (Some((service, service_span)), Some((area, area_span)), Some((from, to, valid_span))) =
            (service, area, valid)
        else {
            return;
        };
        self.out.rules.push(Rule {
            id: id.to_owned(),
            set: self.out.set.as_ref().map(|s| s.name.clone()).unwrap_or_default(),
            file: self.file.to_owned(),
            span,
            service,
            service_span,
            area,
            area_span,
            valid_from: from,
            valid_to: to,
            valid_span,
            basis: basis.unwrap_or_default(),
            right: right.unwrap_or(Right::Appropriation),
            cost,
            take_up,
            when: when.expect("checked above"),
        });
    }

    /// Reads conditions; explanation lines (`fi "…"`) among them belong to the parent.
    pub(crate) fn conds(&mut self, trees: &[Tree<'_>]) -> (Vec<Cond>, Option<[String; 3]>) {
        let mut out = Vec::new();
        let mut texts: [Option<String>; 3] = Default::default();
        let mut text_span = None;
        for t in trees {
            let span = Span { line: t.line.no, col: t.line.indent + 1 };
            let Some(toks) = self.tokens(&t.line) else { continue };
            if matches!(toks[0].text, "fi" | "sv" | "en") && toks.len() == 2 && toks[1].quoted {
                self.no_children(t, "an explanation");
                if let Some((i, text)) = self.lang_text(&toks, span) {
                    if texts[i].is_some() {
                        self.err(span, format!("a second `{}` explanation", toks[0].text));
                    }
                    texts[i] = Some(text);
                    text_span.get_or_insert(span);
                }
                continue;
            }
            if let Some(c) = self.cond(&toks, span, t) {
                out.push(c);
            }
        }
        let text = match texts {
            [None, None, None] => None,
            [Some(fi), Some(sv), Some(en)] => Some([fi, sv, en]),
            _ => {
                let span = text_span.expect("some text was read");
                self.err(span, "give the explanation in all three languages (fi, sv and en) or in none".into());
                None
            }
        };
        (out, text)
    }

    fn cond(&mut self, toks: &[Tok<'_>], span: Span, t: &Tree<'_>) -> Option<Cond> {
        let head = toks[0].text;
        if matches!(head, "all" | "any" | "not") {
            if toks.len() > 1 {
                self.err(
                    Span { line: span.line, col: toks[1].col },
                    format!("put the conditions on their own lines under `{head}`"),
                );
                return None;
            }
            let (children, text) = self.conds(&t.children);
            let node = match head {
                "all" => Node::All(children),
                "any" => Node::Any(children),
                _ => {
                    let mut children = children;
                    if children.len() != 1 {
                        self.err(span, format!("`not` takes exactly one condition, found {}", children.len()));
                        return None;
                    }
                    Node::Not(Box::new(children.remove(0)))
                }
            };
            if let Node::All(c) | Node::Any(c) = &node
                && c.is_empty()
            {
                self.err(span, format!("`{head}` has no conditions under it"));
                return None;
            }
            return Some(Cond { node, span, text });
        }
        let (children, text) = self.conds(&t.children);
        if let Some(c) = children.first() {
            self.err(c.span, "only explanations (fi/sv/en lines) may be indented under a condition".into());
        }
        let leaf = self.leaf(toks, span)?;
        Some(Cond { node: leaf, span, text })
    }

    fn leaf(&mut self, toks: &[Tok<'_>], span: Span) -> Option<Node> {
        let name = toks[0].text;
        let Some(fact) = Fact::from_name(name) else {
            let hint = Fact::ALL
                .iter()
                .map(|f| f.name())
                .find(|n| edit_distance(n, name) <= 2)
                .map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default();
            self.err(span, format!("unknown fact `{name}`{hint}"));
            return None;
        };
        let at = |i: usize| Span { line: span.line, col: toks.get(i).map_or(span.col, |t| t.col) };
        match fact.kind() {
            Kind::Flag => {
                if toks.len() == 1 {
                    return Some(Node::Flag { fact, value: true });
                }
                if toks.len() == 3 && matches!(toks[1].text, "=" | "!=") {
                    let value = match toks[2].text {
                        "yes" => true,
                        "no" => false,
                        other => {
                            self.err(at(2), format!("`{name}` is yes or no, not `{other}`"));
                            return None;
                        }
                    };
                    return Some(Node::Flag { fact, value: value == (toks[1].text == "=") });
                }
                self.err(span, format!("write `{name}`, `{name} = yes` or `{name} = no`"));
                None
            }
            Kind::Number { min, max } => {
                let op = match toks.get(1).map(|t| t.text) {
                    Some(">=") => Op::Ge,
                    Some(">") => Op::Gt,
                    Some("<=") => Op::Le,
                    Some("<") => Op::Lt,
                    Some("=") => Op::Eq,
                    Some("!=") => Op::Ne,
                    _ => {
                        self.err(at(1), format!("`{name}` is a number: compare it, e.g. `{name} >= 3`"));
                        return None;
                    }
                };
                if toks.len() != 3 {
                    self.err(at(2), format!("expected one number after `{name} {}`", op.symbol()));
                    return None;
                }
                let Ok(value) = toks[2].text.parse::<f32>() else {
                    self.err(at(2), format!("`{}` is not a number (fact `{name}` is a number)", toks[2].text));
                    return None;
                };
                if !value.is_finite() || value < min || value > max {
                    self.err(at(2), format!("{value} is outside the range of `{name}` ({min}–{max})"));
                    return None;
                }
                if fact.is_level() && value.fract() != 0.0 {
                    self.err(
                        at(2),
                        format!("`{name}` is a level or a count ({min}–{max}): compare it with a whole number"),
                    );
                    return None;
                }
                Some(Node::Cmp { fact, op, value })
            }
            Kind::Choice => {
                let negated = match toks.get(1).map(|t| t.text) {
                    Some("=") | Some("in") => false,
                    Some("!=") => true,
                    _ => {
                        self.err(at(1), format!("`{name}` is a choice: write `{name} = …` or `{name} in …, …`"));
                        return None;
                    }
                };
                let mut codes = Vec::new();
                let mut expect_value = true;
                for (i, tok) in toks.iter().enumerate().skip(2) {
                    if tok.text == "," && !tok.quoted {
                        if expect_value {
                            self.err(at(i), "a value is missing before this comma".into());
                            return None;
                        }
                        expect_value = true;
                        continue;
                    }
                    if !expect_value {
                        self.err(at(i), "separate the values with commas".into());
                        return None;
                    }
                    expect_value = false;
                    match fact.choice_code(tok.text) {
                        Some(code) => codes.push(code),
                        None => {
                            let known = crate::facts::choices(fact).iter().map(|(v, _)| *v).collect::<Vec<_>>();
                            let hint = if known.is_empty() {
                                "a three-digit municipality code".to_owned()
                            } else {
                                known.join(", ")
                            };
                            self.err(at(i), format!("`{}` is not a value of `{name}` (expected {hint})", tok.text));
                            return None;
                        }
                    }
                }
                if codes.is_empty() || expect_value {
                    self.err(at(toks.len()), format!("`{name}` needs at least one value"));
                    return None;
                }
                if toks[1].text == "=" && codes.len() > 1 {
                    self.err(at(1), "use `in` for several values".into());
                    return None;
                }
                Some(Node::In { fact, codes, negated })
            }
        }
    }

    pub(crate) fn validity(&mut self, toks: &[Tok<'_>], span: Span) -> Option<(NaiveDate, Option<NaiveDate>)> {
        let at = |i: usize| Span { line: span.line, col: toks.get(i).map_or(span.col, |t| t.col) };
        if toks.len() < 3 || toks[2].text != ".." || toks.len() > 4 {
            self.err(span, "write the validity as `valid 2023-01-01 ..` or `valid 2023-01-01 .. 2025-12-31`".into());
            return None;
        }
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let Some(from) = date(toks[1].text) else {
            self.err(at(1), format!("`{}` is not a date (YYYY-MM-DD)", toks[1].text));
            return None;
        };
        let to = match toks.get(3) {
            None => None,
            Some(t) => match date(t.text) {
                Some(to) if to >= from => Some(to),
                Some(_) => {
                    self.err(at(3), "the validity ends before it starts".into());
                    return None;
                }
                None => {
                    self.err(at(3), format!("`{}` is not a date (YYYY-MM-DD)", t.text));
                    return None;
                }
            },
        };
        Some((from, to))
    }

    fn number(&mut self, toks: &[Tok<'_>], span: Span, min: f64, max: f64, what: &str) -> Option<f64> {
        let key = toks[0].text;
        let v = self.one_word(toks, span, what)?;
        match v.parse::<f64>() {
            Ok(x) if x.is_finite() && (min..=max).contains(&x) => Some(x),
            _ => {
                self.err(Span { line: span.line, col: toks[1].col }, format!("`{key}` must be {what}, not `{v}`"));
                None
            }
        }
    }

    pub(crate) fn lang_text(&mut self, toks: &[Tok<'_>], span: Span) -> Option<(usize, String)> {
        // `title fi "…"`, `name fi "…"` (clocks), or an explanation `fi "…"`.
        let (i, first) = if matches!(toks[0].text, "title" | "name") { (1, 1) } else { (0, 0) };
        let lang = toks.get(first).map(|t| t.text);
        let idx = match lang {
            Some("fi") => 0,
            Some("sv") => 1,
            Some("en") => 2,
            _ => {
                self.err(span, "expected a language (fi, sv or en) and a text in quotes".into());
                return None;
            }
        };
        match toks.get(i + 1) {
            Some(t) if t.quoted && toks.len() == i + 2 && !t.text.trim().is_empty() => Some((idx, t.text.to_owned())),
            _ => {
                self.err(span, "expected a language (fi, sv or en) and a text in quotes".into());
                None
            }
        }
    }

    pub(crate) fn one_word<'t>(&mut self, toks: &'t [Tok<'_>], span: Span, what: &str) -> Option<&'t str> {
        if toks.len() != 2 || toks[1].quoted {
            self.err(span, format!("`{}` takes {what}", toks[0].text));
            return None;
        }
        Some(toks[1].text)
    }

    pub(crate) fn no_children(&mut self, t: &Tree<'_>, what: &str) {
        if let Some(c) = t.children.first() {
            self.err(Span { line: c.line.no, col: c.line.indent + 1 }, format!("nothing may be indented under {what}"));
        }
    }

    /// Splits a line into words, operators, commas and quoted strings.
    pub(crate) fn tokens<'a>(&mut self, line: &Line<'a>) -> Option<Vec<Tok<'a>>> {
        let s = line.text;
        let base = line.indent + 1;
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            let col = base + s[..i].chars().count() as u32;
            if c == b' ' {
                i += 1;
            } else if c == b'"' {
                let Some(end) = s[i + 1..].find('"') else {
                    self.err(Span { line: line.no, col }, "this quoted text has no closing quote".into());
                    return None;
                };
                out.push(Tok { col, text: &s[i + 1..i + 1 + end], quoted: true });
                i += end + 2;
            } else if c == b',' {
                out.push(Tok { col, text: ",", quoted: false });
                i += 1;
            } else if matches!(c, b'>' | b'<' | b'=' | b'!') {
                let len = if bytes.get(i + 1) == Some(&b'=') { 2 } else { 1 };
                if c == b'!' && len == 1 {
                    self.err(Span { line: line.no, col }, "`!` alone is not an operator (use `!=` or `not`)".into());
                    return None;
                }
                out.push(Tok { col, text: &s[i..i + len], quoted: false });
                i += len;
            } else {
                let start = i;
                while i < bytes.len() && !matches!(bytes[i], b' ' | b'"' | b',' | b'>' | b'<' | b'=' | b'!') {
                    i += 1;
                }
                out.push(Tok { col, text: &s[start..i], quoted: false });
            }
        }
        Some(out)
    }
}

fn attach<'a>(stack: &mut [Tree<'a>], roots: &mut Vec<Tree<'a>>, done: Tree<'a>) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(done),
        None => roots.push(done),
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

pub(crate) fn is_id(s: &str) -> bool {
    domain::ids::Id::parse(s).is_ok()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push((prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
