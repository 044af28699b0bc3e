//! A whole population, column by column, and rules evaluated over it.
//!
//! Each fact is one column; rows are sorted by municipality and age band so
//! that a municipality's rule reads one contiguous stretch and counts per age
//! band are popcounts over ranges. A condition is evaluated 1,024 rows at a
//! time into two bit masks, "true" and "false" (neither: unknown), which
//! `all`, `any` and `not` combine with word operations: the same three-valued
//! semantics as [`crate::eval`], which a property test holds them to.

use std::ops::Range;

use crate::ast::{Cond, Node, Op};
use crate::book::{Scenario, Selection};
use crate::facts::{FACT_COUNT, Fact, Kind};
use crate::person::{Person, Value};

/// Age bands of the simulator's tables.
pub const AGE_BANDS: [(&str, f32); 6] =
    [("0-6", 0.0), ("7-17", 7.0), ("18-64", 18.0), ("65-74", 65.0), ("75-84", 75.0), ("85+", 85.0)];
/// Label of people whose age is unknown.
pub const UNKNOWN_BAND: &str = "unknown";

pub fn age_band(age: Option<f32>) -> usize {
    match age {
        None => AGE_BANDS.len(),
        Some(a) => AGE_BANDS.iter().rposition(|(_, from)| a >= *from).unwrap_or(0),
    }
}

const WORDS: usize = 16;
const BLOCK: usize = WORDS * 64;
/// The code of an unknown choice.
const UNKNOWN: u16 = u16::MAX;

#[derive(Debug, Clone)]
enum Column {
    /// NaN: not applicable. Unknown rows have their bit clear in `known`.
    Number {
        values: Vec<f32>,
        known: Bits,
    },
    Flag {
        values: Bits,
        known: Bits,
    },
    /// [`UNKNOWN`] for unknown rows.
    Choice {
        values: Vec<u16>,
    },
}

/// A bit per row, padded to whole words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bits(pub Vec<u64>);

impl Bits {
    fn zeros(rows: usize) -> Bits {
        Bits(vec![0; rows.div_ceil(BLOCK) * WORDS])
    }

    pub fn get(&self, row: usize) -> bool {
        self.0[row / 64] >> (row % 64) & 1 == 1
    }

    fn set(&mut self, row: usize, on: bool) {
        if on {
            self.0[row / 64] |= 1 << (row % 64);
        }
    }

    /// Set bits in `range`.
    pub fn count(&self, range: Range<usize>) -> u64 {
        count_range(range, |w| self.0[w])
    }
}

/// Counts the set bits of the words `f` gives, over the rows in `range`.
pub fn count_range(range: Range<usize>, f: impl Fn(usize) -> u64) -> u64 {
    if range.is_empty() {
        return 0;
    }
    let (first, last) = (range.start / 64, (range.end - 1) / 64);
    let mut n = 0;
    for w in first..=last {
        let mut word = f(w);
        if w == first {
            word &= !0u64 << (range.start % 64);
        }
        if w == last && !range.end.is_multiple_of(64) {
            word &= !0u64 >> (64 - range.end % 64);
        }
        n += word.count_ones() as u64;
    }
    n
}

/// A population in columns.
#[derive(Debug, Clone)]
pub struct Population {
    rows: usize,
    columns: Vec<Column>,
    /// Row → index of the person in the input.
    pub order: Vec<u32>,
    /// Contiguous rows of each (municipality, age band); municipality [`UNKNOWN`] last.
    pub groups: Vec<Group>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub municipality: Option<u16>,
    pub band: usize,
    pub rows: Range<usize>,
}

impl Population {
    /// Builds columns from records; sorts rows by municipality and age band.
    pub fn from_persons(persons: &[Person]) -> Population {
        let key = |p: &Person| {
            let m = match p.get(Fact::Municipality) {
                Some(Value::Choice(c)) => c,
                _ => UNKNOWN,
            };
            (m, age_band(p.number(Fact::Age)))
        };
        let mut order: Vec<u32> = (0..persons.len() as u32).collect();
        if !persons.windows(2).all(|w| key(&w[0]) <= key(&w[1])) {
            order.sort_by_key(|i| key(&persons[*i as usize]));
        }
        let rows = persons.len();
        let padded = rows.div_ceil(BLOCK) * BLOCK;
        let mut columns: Vec<Column> = Fact::ALL
            .iter()
            .map(|f| match f.kind() {
                Kind::Number { .. } => Column::Number { values: vec![f32::NAN; padded], known: Bits::zeros(rows) },
                Kind::Flag => Column::Flag { values: Bits::zeros(rows), known: Bits::zeros(rows) },
                Kind::Choice => Column::Choice { values: vec![UNKNOWN; padded] },
            })
            .collect();
        let mut groups: Vec<Group> = Vec::new();
        for (row, &i) in order.iter().enumerate() {
            let p = &persons[i as usize];
            for (f, col) in Fact::ALL.iter().zip(columns.iter_mut()) {
                let v = p.get(*f);
                match col {
                    Column::Number { values, known } => match v {
                        Some(Value::Number(x)) => {
                            values[row] = x;
                            known.set(row, true);
                        }
                        Some(Value::NotApplicable) => known.set(row, true),
                        _ => {}
                    },
                    Column::Flag { values, known } => {
                        if let Some(Value::Flag(b)) = v {
                            values.set(row, b);
                            known.set(row, true);
                        }
                    }
                    Column::Choice { values } => {
                        if let Some(Value::Choice(c)) = v {
                            values[row] = c;
                        }
                    }
                }
            }
            let (m, band) = key(p);
            let m = (m != UNKNOWN).then_some(m);
            match groups.last_mut() {
                Some(g) if g.municipality == m && g.band == band => g.rows.end = row + 1,
                _ => groups.push(Group { municipality: m, band, rows: row..row + 1 }),
            }
        }
        Population { rows, columns, order, groups }
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Rows of one municipality (`None`: unknown municipality).
    pub fn municipality_rows(&self, m: Option<u16>) -> Range<usize> {
        let mut it = self.groups.iter().filter(|g| g.municipality == m);
        match it.next() {
            None => 0..0,
            Some(first) => first.rows.start..it.next_back().unwrap_or(first).rows.end,
        }
    }

    /// Municipalities present, in row order.
    pub fn municipalities(&self) -> Vec<Option<u16>> {
        let mut out: Vec<Option<u16>> = self.groups.iter().map(|g| g.municipality).collect();
        out.dedup();
        out
    }

    fn words(&self) -> usize {
        self.rows.div_ceil(BLOCK) * WORDS
    }
}

/// One service over a population: a bit per row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceResult {
    pub eligible: Bits,
    pub cannot_tell: Bits,
    /// Rows some rule applies to (the rest: no criteria for their municipality).
    pub covered: Bits,
}

/// Evaluates a scenario over a whole population, one result per service (in
/// the scenario's service order).
pub fn evaluate(scenario: &Scenario<'_>, pop: &Population) -> Vec<ServiceResult> {
    let municipalities = pop.municipalities();
    scenario
        .services
        .iter()
        .map(|s| {
            let words = pop.words();
            let mut res = ServiceResult {
                eligible: Bits(vec![0; words]),
                cannot_tell: Bits(vec![0; words]),
                covered: Bits(vec![0; words]),
            };
            for m in &municipalities {
                let rows = pop.municipality_rows(*m);
                match s.select(*m) {
                    Selection::Rule(r) => eval_rows(&r.when, pop, rows, &mut res),
                    Selection::NoRule => {}
                    Selection::UnknownArea => {
                        fill(&mut res.cannot_tell.0, rows.clone());
                        fill(&mut res.covered.0, rows);
                    }
                }
            }
            res
        })
        .collect()
}

fn fill(words: &mut [u64], rows: Range<usize>) {
    for row in rows {
        words[row / 64] |= 1 << (row % 64);
    }
}

fn eval_rows(cond: &Cond, pop: &Population, rows: Range<usize>, res: &mut ServiceResult) {
    if rows.is_empty() {
        return;
    }
    let first_block = rows.start / BLOCK;
    let last_block = (rows.end - 1) / BLOCK;
    for b in first_block..=last_block {
        let (mut t, mut f) = ([0u64; WORDS], [0u64; WORDS]);
        eval_block(cond, pop, b * BLOCK, &mut t, &mut f);
        for w in 0..WORDS {
            let word = b * WORDS + w;
            let start = word * 64;
            let lo = rows.start.clamp(start, start + 64) - start;
            let hi = rows.end.clamp(start, start + 64) - start;
            let mask = if hi <= lo { 0 } else { (!0u64 >> (64 - (hi - lo))) << lo };
            res.eligible.0[word] |= t[w] & mask;
            res.cannot_tell.0[word] |= !(t[w] | f[w]) & mask;
            res.covered.0[word] |= mask;
        }
    }
}

/// Evaluates `cond` for rows `base..base + BLOCK` into true/false masks.
fn eval_block(cond: &Cond, pop: &Population, base: usize, t: &mut [u64; WORDS], f: &mut [u64; WORDS]) {
    match &cond.node {
        Node::All(cs) => {
            *t = [!0; WORDS];
            *f = [0; WORDS];
            let (mut ct, mut cf) = ([0u64; WORDS], [0u64; WORDS]);
            for c in cs {
                eval_block(c, pop, base, &mut ct, &mut cf);
                for w in 0..WORDS {
                    t[w] &= ct[w];
                    f[w] |= cf[w];
                }
            }
        }
        Node::Any(cs) => {
            *t = [0; WORDS];
            *f = [!0; WORDS];
            let (mut ct, mut cf) = ([0u64; WORDS], [0u64; WORDS]);
            for c in cs {
                eval_block(c, pop, base, &mut ct, &mut cf);
                for w in 0..WORDS {
                    t[w] |= ct[w];
                    f[w] &= cf[w];
                }
            }
        }
        Node::Not(c) => eval_block(c, pop, base, f, t),
        Node::Cmp { fact, op, value } => {
            let Column::Number { values, known } = &pop.columns[fact.index()] else {
                unreachable!("the parser checks kinds")
            };
            let vals = &values[base..base + BLOCK];
            let v = *value;
            match op {
                Op::Ge => compare(vals, |x| x >= v, t),
                Op::Gt => compare(vals, |x| x > v, t),
                Op::Le => compare(vals, |x| x <= v, t),
                Op::Lt => compare(vals, |x| x < v, t),
                Op::Eq => compare(vals, |x| x == v, t),
                Op::Ne => compare(vals, |x| !x.is_nan() && x != v, t),
            }
            let kw = &known.0[base / 64..base / 64 + WORDS];
            for w in 0..WORDS {
                t[w] &= kw[w];
                f[w] = kw[w] & !t[w];
            }
        }
        Node::Flag { fact, value } => {
            let Column::Flag { values, known } = &pop.columns[fact.index()] else {
                unreachable!("the parser checks kinds")
            };
            let (vw, kw) = (&values.0[base / 64..base / 64 + WORDS], &known.0[base / 64..base / 64 + WORDS]);
            for w in 0..WORDS {
                let hit = if *value { vw[w] } else { !vw[w] };
                t[w] = kw[w] & hit;
                f[w] = kw[w] & !hit;
            }
        }
        Node::In { fact, codes, negated } => {
            let Column::Choice { values } = &pop.columns[fact.index()] else { unreachable!("the parser checks kinds") };
            let vals = &values[base..base + BLOCK];
            let mut known = [0u64; WORDS];
            compare(vals, |x| x != UNKNOWN, &mut known);
            match codes.as_slice() {
                [one] => compare(vals, |x| x == *one, t),
                many => compare(vals, |x| many.contains(&x), t),
            }
            for w in 0..WORDS {
                let hit = if *negated { !t[w] } else { t[w] };
                t[w] = known[w] & hit;
                f[w] = known[w] & !hit;
            }
        }
    }
}

/// One bit per value: whether `pred` holds, 64 values to a word.
#[inline(always)]
fn compare<T: Copy>(vals: &[T], pred: impl Fn(T) -> bool, out: &mut [u64; WORDS]) {
    for (w, chunk) in vals.chunks_exact(64).enumerate() {
        let mut word = 0u64;
        for (i, x) in chunk.iter().enumerate() {
            word |= (pred(*x) as u64) << i;
        }
        out[w] = word;
    }
}

/// Number of facts per row (for memory estimates).
pub const COLUMNS: usize = FACT_COUNT;
